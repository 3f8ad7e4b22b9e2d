/* test_urlcode.c — percent-encoding of query strings and path segments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "urlcode.h"

static void assert_encoded(const char *in, const char *want)
{
	char *got = pc_url_encode(in);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void assert_decoded(const char *in, size_t n, const char *want)
{
	char *got = pc_url_decode(in, n);

	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_encode_keeps_only_unreserved(void **state)
{
	(void)state;
	assert_encoded("", "");
	assert_encoded("AZaz09-._~", "AZaz09-._~");
	assert_encoded("a b+c/d?e&f=g%h", "a%20b%2Bc%2Fd%3Fe%26f%3Dg%25h");
	assert_encoded("Pe\xc3\xb1" "a", "Pe%C3%B1a");
	assert_encoded("\x01\x7f\xff", "%01%7F%FF");
}

static void test_decode(void **state)
{
	(void)state;
	assert_decoded("", 0, "");
	assert_decoded("plain", 5, "plain");
	assert_decoded("a%20b+c", 7, "a b+c");
	assert_decoded("%2f%2F", 6, "//");
	assert_decoded("Pe%C3%B1a", 9, "Pe\xc3\xb1" "a");
	assert_decoded("ab%41/rest", 5, "abA"); /* only n bytes are read */
	assert_decoded("%", 1, NULL);
	assert_decoded("%4", 2, NULL);
	assert_decoded("%41", 2, NULL); /* escape cut by n */
	assert_decoded("%G1", 3, NULL);
	assert_decoded("%1g", 3, NULL);
	assert_decoded("a%00b", 5, NULL);
}

static void test_round_trip(void **state)
{
	static const char text[] = "ORD-1/2?x=\xe2\x82\xb1 5,000 & more%";
	char *enc;
	char *dec;

	(void)state;
	enc = pc_url_encode(text);
	assert_non_null(enc);
	dec = pc_url_decode(enc, strlen(enc));
	assert_non_null(dec);
	assert_string_equal(dec, text);
	free(enc);
	free(dec);
}

static void test_hex_digit(void **state)
{
	(void)state;
	assert_int_equal(pc_hex_digit('0'), 0);
	assert_int_equal(pc_hex_digit('9'), 9);
	assert_int_equal(pc_hex_digit('a'), 10);
	assert_int_equal(pc_hex_digit('F'), 15);
	assert_int_equal(pc_hex_digit('g'), -1);
	assert_int_equal(pc_hex_digit('/'), -1);
	assert_int_equal(pc_hex_digit(':'), -1);
	assert_int_equal(pc_hex_digit('@'), -1);
	assert_int_equal(pc_hex_digit(0xc3), -1);
	assert_int_equal(pc_hex_digit(-61), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_keeps_only_unreserved),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_hex_digit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
