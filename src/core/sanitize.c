/* sanitize.c — make outside text safe for a terminal (see sanitize.h).
 *
 * Works on bytes, not on the locale: the result must be the same whatever
 * terminal shows it, and a hostile callback must not be able to move the
 * cursor, set the title, write the clipboard or reverse what is displayed. */
#include "sanitize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* The longest replacement is "\u{0080}" (8 bytes) for a 2-byte C1
 * character, so no input byte grows by more than 4. */
#define SANITIZE_MAX_GROWTH 4

int pc_is_hidden_control(uint32_t cp)
{
	if (cp >= 0x80 && cp <= 0x9f)
		return 1;
	if (cp >= 0x202a && cp <= 0x202e) /* embeddings and overrides */
		return 1;
	if (cp >= 0x2066 && cp <= 0x2069) /* isolates */
		return 1;
	return cp == 0x200e || cp == 0x200f || cp == 0x061c; /* marks */
}

/* Writes the replacement for one byte that cannot go out as is. */
static size_t escape_byte(char *out, unsigned char c)
{
	switch (c) {
	case '\n': memcpy(out, "\\n", 2); return 2;
	case '\t': memcpy(out, "\\t", 2); return 2;
	case '\r': memcpy(out, "\\r", 2); return 2;
	case '\\': memcpy(out, "\\\\", 2); return 2;
	default:
		snprintf(out, 5, "\\x%02x", c);
		return 4;
	}
}

char *pc_sanitize(const char *s, size_t len)
{
	const unsigned char *in = (const unsigned char *)s;
	char *out;
	size_t used = 0;
	size_t i = 0;
	size_t n;
	uint32_t cp = 0;
	char code[16];

	if (len > (SIZE_MAX - 1) / SANITIZE_MAX_GROWTH)
		return NULL;
	out = malloc(len * SANITIZE_MAX_GROWTH + 1);
	if (!out)
		return NULL;
	while (i < len) {
		n = pc_utf8_next(in + i, len - i, &cp);
		if (n == 0 || in[i] < 0x20 || in[i] == 0x7f || in[i] == '\\') {
			/* invalid bytes are shown one at a time, then we resync */
			used += escape_byte(out + used, in[i]);
			i++;
			continue;
		}
		if (pc_is_hidden_control(cp)) {
			snprintf(code, sizeof(code), "\\u{%04X}", (unsigned)cp);
			memcpy(out + used, code, 8);
			used += 8;
		} else {
			memcpy(out + used, in + i, n);
			used += n;
		}
		i += n;
	}
	out[used] = '\0';
	return out;
}

char *pc_sanitize_str(const char *s)
{
	if (!s)
		return pc_sanitize("", 0);
	return pc_sanitize(s, strlen(s));
}
