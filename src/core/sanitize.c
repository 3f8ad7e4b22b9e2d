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

/* The longest replacement is "\u{0080}" (8 bytes) for a 2-byte C1
 * character, so no input byte grows by more than 4. */
#define SANITIZE_MAX_GROWTH 4

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes are
 * not one: overlongs, surrogates and code points past U+10FFFF are refused.
 * (params.c has the same check; each module stays self-contained.) */
static size_t utf8_sequence_length(const unsigned char *s, size_t avail)
{
	unsigned char lead = s[0];
	unsigned char min_second = 0x80;
	unsigned char max_second = 0xbf;
	size_t n;
	size_t i;

	if (lead < 0x80)
		return 1;
	if (lead >= 0xc2 && lead <= 0xdf) {
		n = 2;
	} else if (lead >= 0xe0 && lead <= 0xef) {
		n = 3;
		if (lead == 0xe0)
			min_second = 0xa0; /* overlong */
		if (lead == 0xed)
			max_second = 0x9f; /* surrogates */
	} else if (lead >= 0xf0 && lead <= 0xf4) {
		n = 4;
		if (lead == 0xf0)
			min_second = 0x90; /* overlong */
		if (lead == 0xf4)
			max_second = 0x8f; /* past U+10FFFF */
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	if (s[1] < min_second || s[1] > max_second)
		return 0;
	for (i = 2; i < n; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	}
	return n;
}

/* Code point of a valid sequence of n bytes. */
static uint32_t utf8_decode(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t i;

	if (n == 1)
		return s[0];
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	return cp;
}

/* C1 controls and the characters that reorder text on screen. */
static int is_hidden_control(uint32_t cp)
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
	uint32_t cp;
	char code[16];

	if (len > (SIZE_MAX - 1) / SANITIZE_MAX_GROWTH)
		return NULL;
	out = malloc(len * SANITIZE_MAX_GROWTH + 1);
	if (!out)
		return NULL;
	while (i < len) {
		n = utf8_sequence_length(in + i, len - i);
		if (n == 0 || in[i] < 0x20 || in[i] == 0x7f || in[i] == '\\') {
			/* invalid bytes are shown one at a time, then we resync */
			used += escape_byte(out + used, in[i]);
			i++;
			continue;
		}
		cp = utf8_decode(in + i, n);
		if (is_hidden_control(cp)) {
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

int pc_utf8_valid(const char *s, size_t len)
{
	const unsigned char *in = (const unsigned char *)s;
	size_t i = 0;
	size_t n;

	while (i < len) {
		n = utf8_sequence_length(in + i, len - i);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}
