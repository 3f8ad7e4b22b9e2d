/* test_sanitize.c — terminal-safe text from hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

static void assert_sanitized_len(const char *in, size_t len, const char *expected)
{
	char *out = pc_sanitize(in, len);

	assert_non_null(out);
	assert_string_equal(out, expected);
	free(out);
}

static void assert_sanitized(const char *in, const char *expected)
{
	char *out = pc_sanitize_str(in);

	assert_non_null(out);
	assert_string_equal(out, expected);
	free(out);
	assert_sanitized_len(in, strlen(in), expected);
}

static void test_plain_text_unchanged(void **state)
{
	(void)state;
	assert_sanitized("", "");
	assert_sanitized("Order ORD-1 paid: 500.10 {\"ok\":true} ~!@#$%^&*()",
		"Order ORD-1 paid: 500.10 {\"ok\":true} ~!@#$%^&*()");
	assert_sanitized("Juan dela Cruz Pe\xc3\xb1" "a \xe2\x82\xb1" "1,234.50 \xf0\x9f\x98\x80",
		"Juan dela Cruz Pe\xc3\xb1" "a \xe2\x82\xb1" "1,234.50 \xf0\x9f\x98\x80");
	/* neighbours of the refused ranges stay: U+00A0, U+202F, U+2065, U+206A, U+200D */
	assert_sanitized("\xc2\xa0\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa\xe2\x80\x8d",
		"\xc2\xa0\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa\xe2\x80\x8d");
}

static void test_readable_escapes(void **state)
{
	(void)state;
	assert_sanitized("a\nb\tc\rd", "a\\nb\\tc\\rd");
	assert_sanitized("C:\\path\\n", "C:\\\\path\\\\n");
	assert_sanitized("\\", "\\\\");
}

static void test_terminal_sequences(void **state)
{
	(void)state;
	/* OSC 0: set the window title */
	assert_sanitized("\x1b]0;evil\x07ok", "\\x1b]0;evil\\x07ok");
	/* OSC 52: write the clipboard, ended by ST */
	assert_sanitized("\x1b]52;c;cm0gLXJmIH4=\x1b\\", "\\x1b]52;c;cm0gLXJmIH4=\\x1b\\\\");
	/* CSI 2J: clear the screen */
	assert_sanitized("\x1b[2Jgone", "\\x1b[2Jgone");
	assert_sanitized("\x01\x08\x0b\x0c\x1f\x7f", "\\x01\\x08\\x0b\\x0c\\x1f\\x7f");
}

static void test_c1_controls(void **state)
{
	(void)state;
	/* U+009B is a one-character CSI on terminals that honour C1 */
	assert_sanitized("\xc2\x9b" "2J", "\\u{009B}2J");
	assert_sanitized("\xc2\x80\xc2\x9f\xc2\x9d" "0;t\xc2\x9c",
		"\\u{0080}\\u{009F}\\u{009D}0;t\\u{009C}");
	/* a raw C1 byte is not UTF-8 at all */
	assert_sanitized("\x9b" "2J", "\\x9b2J");
}

static void test_bidi(void **state)
{
	(void)state;
	/* "invoice_<RLO>fdp.exe" would display as invoice_exe.pdf */
	assert_sanitized("invoice_\xe2\x80\xae" "fdp.exe", "invoice_\\u{202E}fdp.exe");
	assert_sanitized("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
		"\\u{202A}\\u{202B}\\u{202C}\\u{202D}");
	assert_sanitized("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
		"\\u{2066}\\u{2067}\\u{2068}\\u{2069}");
	assert_sanitized("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u{200E}\\u{200F}\\u{061C}");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	assert_sanitized("a\xff" "b", "a\\xffb");
	assert_sanitized("\xc0\xaf", "\\xc0\\xaf");             /* overlong '/' */
	assert_sanitized("\xe0\x80\xaf", "\\xe0\\x80\\xaf");    /* overlong, 3 bytes */
	assert_sanitized("\xed\xa0\x80", "\\xed\\xa0\\x80");    /* surrogate U+D800 */
	assert_sanitized("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* past U+10FFFF */
	assert_sanitized("x\xe2\x82", "x\\xe2\\x82");           /* truncated at the end */
	assert_sanitized("\xe2\x82" "A\xe2\x82\xb1", "\\xe2\\x82A\xe2\x82\xb1"); /* resyncs */
	assert_sanitized("\x80\xbf", "\\x80\\xbf");             /* lone continuations */
	assert_sanitized("\xc3\x1b", "\\xc3\\x1b");
}

static void test_length_based(void **state)
{
	(void)state;
	assert_sanitized_len("ab\0cd", 5, "ab\\x00cd");
	assert_sanitized_len("\0", 1, "\\x00");
	assert_sanitized_len("abc", 2, "ab");
	assert_sanitized_len("\xe2\x82\xb1", 2, "\\xe2\\x82");
	assert_sanitized_len(NULL, 0, "");
}

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(pc_utf8_valid("", 0));
	assert_true(pc_utf8_valid("plain", 5));
	assert_true(pc_utf8_valid("\xc3\xb1\xe2\x82\xb1\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf", 13));
	assert_true(pc_utf8_valid("\x1b\x7f", 2)); /* controls are valid UTF-8 */
	assert_true(pc_utf8_valid("a\0b", 3));
	assert_false(pc_utf8_valid("\xff", 1));
	assert_false(pc_utf8_valid("\xc0\xaf", 2));
	assert_false(pc_utf8_valid("\xc1\xbf", 2));
	assert_false(pc_utf8_valid("\xe0\x9f\xbf", 3));
	assert_false(pc_utf8_valid("\xed\xa0\x80", 3));
	assert_false(pc_utf8_valid("\xed\xbf\xbf", 3));
	assert_false(pc_utf8_valid("\xf0\x8f\xbf\xbf", 4));
	assert_false(pc_utf8_valid("\xf4\x90\x80\x80", 4));
	assert_false(pc_utf8_valid("\xf5\x80\x80\x80", 4));
	assert_false(pc_utf8_valid("\xe2\x82\xb1", 2));
	assert_false(pc_utf8_valid("\xe2\x28\xa1", 3));
}

/* xorshift64: the same strings on every platform and every run. */
static uint64_t next_random(uint64_t *seed)
{
	uint64_t x = *seed;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*seed = x;
	return x;
}

/* Random bytes, salted with pieces that reach every branch. */
static size_t random_input(uint64_t *seed, unsigned char *buf, size_t cap)
{
	static const char *const pieces[] = {
		"\x1b[", "\x1b]52;c;", "\xc2\x9b", "\xc2\x85", "\xe2\x80\xae", "\xe2\x81\xa6",
		"\xe2\x80\x8f", "\xd8\x9c", "\xc3\xb1", "\xe2\x82\xb1", "\xf0\x9f\x98\x80",
		"\xed\xa0\x80", "\xc0\xaf", "\\", "\n", "\x7f",
	};
	size_t len = next_random(seed) % cap;
	size_t used = 0;
	const char *piece;
	size_t piece_len;

	while (used < len) {
		if (next_random(seed) % 4 == 0) {
			piece = pieces[next_random(seed) % (sizeof(pieces) / sizeof(pieces[0]))];
			piece_len = strlen(piece);
			if (used + piece_len > len)
				piece_len = len - used; /* may cut a sequence: good */
			memcpy(buf + used, piece, piece_len);
			used += piece_len;
		} else {
			buf[used++] = (unsigned char)next_random(seed);
		}
	}
	return used;
}

static int has_hidden_control(const unsigned char *s, size_t len)
{
	size_t i;

	/* s is valid UTF-8, so these lead bytes start characters */
	for (i = 0; i < len; i++) {
		if (s[i] == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)
			return 1;
		if (s[i] == 0xd8 && i + 1 < len && s[i + 1] == 0x9c)
			return 1;
		if (s[i] == 0xe2 && i + 2 < len && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0x8e || s[i + 2] == 0x8f || (s[i + 2] >= 0xaa && s[i + 2] <= 0xae)))
			return 1;
		if (s[i] == 0xe2 && i + 2 < len && s[i + 1] == 0x81 &&
		    s[i + 2] >= 0xa6 && s[i + 2] <= 0xa9)
			return 1;
	}
	return 0;
}

static void test_random_inputs_come_out_safe(void **state)
{
	uint64_t seed = 0x5eed5eed12345678ULL;
	unsigned char in[256];
	const unsigned char *out;
	char *text;
	size_t len;
	size_t out_len;
	size_t round;
	size_t i;

	(void)state;
	for (round = 0; round < 10000; round++) {
		len = random_input(&seed, in, sizeof(in));
		text = pc_sanitize((const char *)in, len);
		assert_non_null(text);
		out = (const unsigned char *)text;
		out_len = strlen(text);
		assert_true(out_len >= len);
		assert_true(out_len <= len * 4);
		for (i = 0; i < out_len; i++) {
			if (out[i] < 0x20 || out[i] == 0x7f)
				fail_msg("round %zu: byte 0x%02x at %zu", round, out[i], i);
		}
		assert_true(pc_utf8_valid(text, out_len));
		assert_false(has_hidden_control(out, out_len));
		/* input that was already safe comes out as it went in */
		if (pc_utf8_valid((const char *)in, len) && out_len == len)
			assert_memory_equal(out, in, len);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_unchanged),
		cmocka_unit_test(test_readable_escapes),
		cmocka_unit_test(test_terminal_sequences),
		cmocka_unit_test(test_c1_controls),
		cmocka_unit_test(test_bidi),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_length_based),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_random_inputs_come_out_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
