/* utf8.c — strict UTF-8 (see utf8.h). */
#include "utf8.h"

size_t pc_utf8_sequence_length(const unsigned char *s, size_t avail)
{
	unsigned char lead;
	unsigned char min_second = 0x80;
	unsigned char max_second = 0xbf;
	size_t n;
	size_t i;

	if (avail == 0)
		return 0;
	lead = s[0];
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
		return 0; /* continuation byte, C0/C1 (always overlong), F5..FF */
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

uint32_t pc_utf8_decode(const unsigned char *s, size_t n)
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

size_t pc_utf8_next(const unsigned char *s, size_t avail, uint32_t *cp)
{
	size_t n = pc_utf8_sequence_length(s, avail);

	if (n != 0)
		*cp = pc_utf8_decode(s, n);
	return n;
}

size_t pc_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t pc_utf8_length(const char *s)
{
	const unsigned char *c;
	size_t n = 0;

	for (c = (const unsigned char *)s; *c; c++) {
		if ((*c & 0xc0) != 0x80)
			n++;
	}
	return n;
}

int pc_utf8_valid(const char *s, size_t len)
{
	const unsigned char *in = (const unsigned char *)s;
	size_t i = 0;
	size_t n;

	while (i < len) {
		n = pc_utf8_sequence_length(in + i, len - i);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}
