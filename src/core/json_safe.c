#include "json_safe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s and its code point, or 0. */
static size_t utf8_decode(const unsigned char *s, unsigned *cp)
{
	size_t len;
	unsigned min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2; min = 0x80; *cp = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3; min = 0x800; *cp = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4; min = 0x10000; *cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

static int must_escape(unsigned cp)
{
	return cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C
	       || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
	       || (cp >= 0x2066 && cp <= 0x2069);
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
		unsigned cp = 0;
		size_t len = utf8_decode(s + i, &cp);

		if (len == 0) {
			o += sprintf(o, "\\ufffd");
			i++;
		} else if (must_escape(cp)) {
			o += sprintf(o, "\\u%04x", cp);
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
