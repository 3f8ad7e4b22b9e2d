/* termsafe.c — is this output safe to show on a terminal? (tests only)
 *
 *   termsafe [FILE]     (standard input without FILE)
 *
 * Exit 0 when every byte is valid UTF-8 and no character could drive or
 * deceive a terminal: no C0 control but newline and tab (so no ESC, no
 * carriage return, no backspace, no NUL), no DEL, no C1 control
 * (U+0080..U+009F), no bidi override, embedding, isolate or mark
 * (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C). Otherwise
 * exit 1 and say what was found at which byte offset. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_bidi(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
	       cp == 0x200F || cp == 0x061C;
}

/* Length of the valid UTF-8 sequence at p (1..4) with its code point, or 0. */
static size_t utf8_sequence(const unsigned char *p, size_t left, uint32_t *cp)
{
	size_t len;
	uint32_t min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2, min = 0x80, *cp = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3, min = 0x800, *cp = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4, min = 0x10000, *cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (left < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

static int check(const unsigned char *buf, size_t len, const char *name)
{
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_sequence(buf + i, len - i, &cp);

		if (n == 0) {
			printf("%s: byte %zu: 0x%02X is not valid UTF-8\n", name, i, buf[i]);
			return 1;
		}
		if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F) {
			printf("%s: byte %zu: control character 0x%02X\n", name, i, (unsigned)cp);
			return 1;
		}
		if (cp >= 0x80 && cp <= 0x9F) {
			printf("%s: byte %zu: C1 control U+%04X\n", name, i, (unsigned)cp);
			return 1;
		}
		if (is_bidi(cp)) {
			printf("%s: byte %zu: bidi control U+%04X\n", name, i, (unsigned)cp);
			return 1;
		}
		i += n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "stdin";
	FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	if (!f) {
		perror(name);
		return 2;
	}
	for (;;) {
		size_t n;

		if (len == cap) {
			unsigned char *grown = realloc(buf, cap ? cap * 2 : 65536);

			if (!grown) {
				perror("termsafe");
				return 2;
			}
			buf = grown;
			cap = cap ? cap * 2 : 65536;
		}
		n = fread(buf + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	if (f != stdin)
		fclose(f);
	rc = check(buf, len, name);
	free(buf);
	return rc;
}
