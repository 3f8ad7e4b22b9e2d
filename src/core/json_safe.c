#include "json_safe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "utf8.h"

static int must_escape(uint32_t cp)
{
	return cp == 0x7F || pc_is_hidden_control(cp);
}

char *pc_json_terminal_safe(const char *json)
{
	const unsigned char *s = (const unsigned char *)json;
	size_t n = strlen(json);
	/* Worst case: every byte becomes \uFFFD (6 bytes). */
	char *out = malloc(n * 6 + 1);
	char *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = pc_utf8_next(s + i, n - i, &cp);

		if (len == 0) {
			o += sprintf(o, "\\ufffd");
			i++;
		} else if (cp < 0x20) {
			/* Only whitespace can stand outside strings (cJSON escapes the
			 * controls inside them), but a raw item keeps its own: a
			 * carriage return or newline there would move the cursor or
			 * split a JSON line. A space means the same to JSON. */
			if (cp == '\t' || cp == '\n' || cp == '\r')
				*o++ = ' ';
			else
				o += sprintf(o, "\\u%04x", (unsigned)cp);
			i += len;
		} else if (must_escape(cp)) {
			o += sprintf(o, "\\u%04x", (unsigned)cp);
			i += len;
		} else {
			memcpy(o, s + i, len);
			o += len;
			i += len;
		}
	}
	*o = '\0';
	return out;
}

char *pc_json_print_safe(const cJSON *item)
{
	char *raw = cJSON_PrintUnformatted(item);
	char *safe;

	if (!raw)
		return NULL;
	safe = pc_json_terminal_safe(raw);
	free(raw);
	return safe;
}
