/* test_utf8.c — the one strict UTF-8 decoder (RFC 3629): every other module
 * trusts it to refuse overlongs, surrogates and code points past U+10FFFF. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "utf8.h"

#define NO_CP 0xFFFFFFFFu

/* One sequence: its bytes, the length pc_utf8_sequence_length must return
 * (0 = invalid) and, when valid, its code point. */
typedef struct {
	const char *bytes;
	size_t len;
	size_t want;
	uint32_t cp;
	const char *why;
} sequence;

static const sequence sequences[] = {
	{ "A", 1, 1, 0x41, "ASCII" },
	{ "\x00", 1, 1, 0x00, "NUL is a one-byte sequence" },
	{ "\x7f", 1, 1, 0x7f, "DEL, last one-byte" },
	{ "\xc2\x80", 2, 2, 0x80, "first two-byte" },
	{ "\xc3\xb1", 2, 2, 0xf1, "n with tilde" },
	{ "\xdf\xbf", 2, 2, 0x7ff, "last two-byte" },
	{ "\xe0\xa0\x80", 3, 3, 0x800, "first three-byte" },
	{ "\xe2\x82\xb1", 3, 3, 0x20b1, "peso sign" },
	{ "\xed\x9f\xbf", 3, 3, 0xd7ff, "just below the surrogates" },
	{ "\xee\x80\x80", 3, 3, 0xe000, "just above the surrogates" },
	{ "\xef\xbf\xbf", 3, 3, 0xffff, "last three-byte" },
	{ "\xf0\x90\x80\x80", 4, 4, 0x10000, "first four-byte" },
	{ "\xf0\x9f\x98\x80", 4, 4, 0x1f600, "emoji" },
	{ "\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff, "last code point" },

	{ "\x80", 1, 0, NO_CP, "lone continuation byte" },
	{ "\xbf", 1, 0, NO_CP, "lone continuation byte (last)" },
	{ "\xc0\x80", 2, 0, NO_CP, "overlong NUL" },
	{ "\xc0\xaf", 2, 0, NO_CP, "overlong slash" },
	{ "\xc1\xbf", 2, 0, NO_CP, "overlong two-byte" },
	{ "\xe0\x80\xaf", 3, 0, NO_CP, "overlong slash in three bytes" },
	{ "\xe0\x9f\xbf", 3, 0, NO_CP, "overlong three-byte" },
	{ "\xed\xa0\x80", 3, 0, NO_CP, "high surrogate D800" },
	{ "\xed\xbf\xbf", 3, 0, NO_CP, "low surrogate DFFF" },
	{ "\xf0\x80\x80\xaf", 4, 0, NO_CP, "overlong slash in four bytes" },
	{ "\xf0\x8f\xbf\xbf", 4, 0, NO_CP, "overlong four-byte" },
	{ "\xf4\x90\x80\x80", 4, 0, NO_CP, "U+110000, past the last code point" },
	{ "\xf5\x80\x80\x80", 4, 0, NO_CP, "lead byte F5" },
	{ "\xf8\x88\x80\x80\x80", 5, 0, NO_CP, "five-byte form" },
	{ "\xff", 1, 0, NO_CP, "byte FF" },
	{ "\xc3", 1, 0, NO_CP, "truncated two-byte" },
	{ "\xe2\x82", 2, 0, NO_CP, "truncated three-byte" },
	{ "\xf0\x9f\x98", 3, 0, NO_CP, "truncated four-byte" },
	{ "\xc3\x28", 2, 0, NO_CP, "second byte not a continuation" },
	{ "\xe2\x28\xa1", 3, 0, NO_CP, "second of three not a continuation" },
	{ "\xe2\x82\x28", 3, 0, NO_CP, "third of three not a continuation" },
	{ "\xf0\x9f\x98\x28", 4, 0, NO_CP, "fourth of four not a continuation" },
	{ "\xe2\x00\xb1", 3, 0, NO_CP, "NUL inside a sequence" },
};

#define N_SEQUENCES (sizeof(sequences) / sizeof(sequences[0]))

static void test_sequence_length_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_SEQUENCES; i++) {
		const sequence *t = &sequences[i];
		size_t got = pc_utf8_sequence_length((const unsigned char *)t->bytes, t->len);

		if (got != t->want)
			fail_msg("%s: length %zu, want %zu", t->why, got, t->want);
	}
}

static void test_next_and_decode_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_SEQUENCES; i++) {
		const sequence *t = &sequences[i];
		const unsigned char *s = (const unsigned char *)t->bytes;
		uint32_t cp = NO_CP;
		size_t got = pc_utf8_next(s, t->len, &cp);

		if (got != t->want || cp != t->cp)
			fail_msg("%s: next gave %zu/U+%04X, want %zu/U+%04X", t->why, got,
			         (unsigned)cp, t->want, (unsigned)t->cp);
		if (t->want != 0 && pc_utf8_decode(s, t->want) != t->cp)
			fail_msg("%s: decode gave U+%04X", t->why, (unsigned)pc_utf8_decode(s, t->want));
	}
}

static void test_valid_matches_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_SEQUENCES; i++) {
		const sequence *t = &sequences[i];

		if (pc_utf8_valid(t->bytes, t->len) != (t->want == t->len))
			fail_msg("%s: pc_utf8_valid disagrees", t->why);
	}
}

/* A valid sequence cut short by avail is invalid, never read past. */
static void test_avail_bounds_the_read(void **state)
{
	const unsigned char emoji[] = { 0xf0, 0x9f, 0x98, 0x80 };

	(void)state;
	assert_int_equal(pc_utf8_sequence_length(emoji, 0), 0);
	assert_int_equal(pc_utf8_sequence_length(emoji, 1), 0);
	assert_int_equal(pc_utf8_sequence_length(emoji, 3), 0);
	assert_int_equal(pc_utf8_sequence_length(emoji, 4), 4);
	assert_int_equal(pc_utf8_sequence_length((const unsigned char *)"a", 0), 0);
}

static void test_valid_strings(void **state)
{
	static const char text[] = "Pe\xc3\xb1" "a \xe2\x82\xb1" "1,234.50 \xf0\x9f\x98\x80";

	(void)state;
	assert_true(pc_utf8_valid("", 0));
	assert_true(pc_utf8_valid(text, sizeof(text) - 1));
	assert_false(pc_utf8_valid(text, sizeof(text) - 2)); /* emoji cut short */
	assert_true(pc_utf8_valid("a\0b", 3));
	assert_false(pc_utf8_valid("ok\xc3", 3));
	assert_false(pc_utf8_valid("\xc3\xb1\x80", 3));
}

static void test_encode_round_trips(void **state)
{
	static const uint32_t points[] = {
		0x00, 0x41, 0x7f, 0x80, 0xf1, 0x7ff, 0x800, 0x20b1, 0xd7ff, 0xe000, 0xffff,
		0x10000, 0x1f600, 0x10ffff,
	};
	static const size_t lengths[] = { 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4 };
	char out[4];

	(void)state;
	for (size_t i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
		size_t n = pc_utf8_encode(points[i], out);
		uint32_t cp = NO_CP;

		assert_int_equal(n, lengths[i]);
		assert_int_equal(pc_utf8_next((const unsigned char *)out, n, &cp), n);
		assert_int_equal(cp, points[i]);
	}
	assert_int_equal(pc_utf8_encode(0x20b1, out), 3);
	assert_memory_equal(out, "\xe2\x82\xb1", 3);
}

static void test_length_counts_characters(void **state)
{
	(void)state;
	assert_int_equal(pc_utf8_length(""), 0);
	assert_int_equal(pc_utf8_length("abc"), 3);
	assert_int_equal(pc_utf8_length("Pe\xc3\xb1" "a"), 4);
	assert_int_equal(pc_utf8_length("\xe2\x82\xb1\xf0\x9f\x98\x80"), 2);
	/* Not a validator: a stray lead byte counts, a stray continuation not. */
	assert_int_equal(pc_utf8_length("a\xff\x80"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sequence_length_table),
		cmocka_unit_test(test_next_and_decode_table),
		cmocka_unit_test(test_valid_matches_table),
		cmocka_unit_test(test_avail_bounds_the_read),
		cmocka_unit_test(test_valid_strings),
		cmocka_unit_test(test_encode_round_trips),
		cmocka_unit_test(test_length_counts_characters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
