/* test_money.c — exact peso parsing, formatting and words. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "money.h"

typedef struct {
	const char *text;
	long long centavos; /* expected value when ok */
	const char *error;  /* expected full message, NULL when accepted */
} parse_case;

#define EXAMPLE "such as 500.10"
#define NOT_A_NUMBER "is not a number in pesos: type digits with an optional . and two " \
	"decimals, " EXAMPLE
#define TOO_LARGE "is too large: the most paycon accepts is 10,000,000,000,000.00"

static const parse_case parse_cases[] = {
	/* accepted */
	{ "0", 0, NULL },
	{ "0.00", 0, NULL },
	{ "0.01", 1, NULL },
	{ "5", 500, NULL },
	{ "500", 50000, NULL },
	{ "500.1", 50010, NULL },
	{ "500.10", 50010, NULL },
	{ "500.01", 50001, NULL },
	{ "00012.5", 1250, NULL },
	{ "000", 0, NULL },
	{ "1234567.89", 123456789, NULL },
	{ "10000000000000.00", PC_MONEY_MAX, NULL },
	{ "10000000000000", PC_MONEY_MAX, NULL },
	{ "0000000000000000000000000000007.25", 725, NULL },
	/* refused */
	{ "", 0, "amount '' is empty: type an amount in pesos " EXAMPLE },
	{ "   ", 0, "amount '   ' is blank: type an amount in pesos " EXAMPLE },
	{ " 5", 0, "amount ' 5' has blanks around it: type 5" },
	{ "5 ", 0, "amount '5 ' has blanks around it: type 5" },
	{ "\t5.10\n", 0, "amount '\\t5.10\\n' has blanks around it: type 5.10" },
	{ " 5x ", 0, "amount ' 5x ' has blanks around it: type the amount alone, " EXAMPLE },
	{ "-5", 0, "amount '-5' has a sign: type a positive amount in pesos " EXAMPLE },
	{ "-0", 0, "amount '-0' has a sign: type a positive amount in pesos " EXAMPLE },
	{ "+5", 0, "amount '+5' has a sign: type 5" },
	{ "+", 0, "amount '+' has a sign: type a positive amount in pesos " EXAMPLE },
	{ "500.123", 0, "amount '500.123' has more than two decimals: centavos are the smallest "
		"unit (type 500.12)" },
	{ "1.999", 0, "amount '1.999' has more than two decimals: centavos are the smallest "
		"unit (type 1.99)" },
	{ "1,000", 0, "amount '1,000' has a thousands separator: type 1000" },
	{ "1,234,567.50", 0, "amount '1,234,567.50' has a thousands separator: type 1234567.50" },
	{ "5,00", 0, "amount '5,00' uses a comma as the decimal point: type 5.00" },
	{ "5,", 0, "amount '5,' ends with ',': type 5" },
	{ "1,000,", 0, "amount '1,000,' has a thousands separator: type 1000" },
	{ "1e3", 0, "amount '1e3' " NOT_A_NUMBER },
	{ "0x10", 0, "amount '0x10' " NOT_A_NUMBER },
	{ "\xEF\xBC\x95", 0, "amount '\xEF\xBC\x95' " NOT_A_NUMBER }, /* full-width 5 */
	{ "5 00", 0, "amount '5 00' " NOT_A_NUMBER },
	{ "abc", 0, "amount 'abc' " NOT_A_NUMBER },
	{ "inf", 0, "amount 'inf' " NOT_A_NUMBER },
	{ "nan", 0, "amount 'nan' " NOT_A_NUMBER },
	{ "PHP 5", 0, "amount 'PHP 5' " NOT_A_NUMBER },
	{ ".", 0, "amount '.' " NOT_A_NUMBER },
	{ "5.", 0, "amount '5.' ends with '.': type 5, or 5.00" },
	{ ".5", 0, "amount '.5' has no digits before the '.': type 0.5" },
	{ ".505", 0, "amount '.505' has no digits before the '.': type pesos, then '.', "
		EXAMPLE },
	{ "5.5.5", 0, "amount '5.5.5' has more than one '.': type one '.' before the "
		"centavos, " EXAMPLE },
	{ "9223372036854775807", 0, "amount '9223372036854775807' " TOO_LARGE },
	{ "99999999999999999999999999", 0, "amount '99999999999999999999999999' " TOO_LARGE },
	{ "10000000000000.01", 0, "amount '10000000000000.01' " TOO_LARGE },
	{ "10000000000000.1", 0, "amount '10000000000000.1' " TOO_LARGE },
	{ "10000000000001", 0, "amount '10000000000001' " TOO_LARGE },
	{ "5\x1b[31m", 0, "amount '5\\x1b[31m' " NOT_A_NUMBER },
};

static void test_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const parse_case *c = &parse_cases[i];
		long long value = -42;
		pc_err err;
		int rc;

		pc_err_clear(&err);
		rc = pc_money_parse(c->text, &value, &err);
		if (!c->error) {
			if (rc != 0)
				fail_msg("'%s' refused: %s", c->text, err.msg);
			assert_int_equal(value, c->centavos);
			assert_int_equal(err.cls, PC_OK);
			continue;
		}
		if (rc != -1)
			fail_msg("'%s' accepted as %lld", c->text, value);
		assert_int_equal(value, -42); /* untouched on refusal */
		assert_int_equal(err.cls, PC_EINPUT);
		assert_string_equal(err.msg, c->error);
	}
}

static void test_parse_null_and_no_output(void **state)
{
	pc_err err;

	(void)state;
	assert_int_equal(pc_money_parse(NULL, NULL, &err), -1);
	assert_string_equal(err.msg, "amount '' is empty: type an amount in pesos " EXAMPLE);
	assert_int_equal(pc_money_parse("1.50", NULL, NULL), 0);
	assert_int_equal(pc_money_parse("x", NULL, NULL), -1);
}

/* A long refused input is quoted in part, so the advice stays readable. */
static void test_parse_long_input_quoted_short(void **state)
{
	char text[4096];
	pc_err err;

	(void)state;
	memset(text, '7', sizeof(text) - 2);
	text[sizeof(text) - 2] = 'x';
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(pc_money_parse(text, NULL, &err), -1);
	assert_true(strlen(err.msg) < 250);
	assert_non_null(strstr(err.msg, "7777..."));
	assert_non_null(strstr(err.msg, NOT_A_NUMBER));
}

/* Every value that format_input prints parses back to itself. */
static void test_round_trip(void **state)
{
	static const long long values[] = {
		0, 1, 9, 10, 99, 100, 101, 50010, 123456789, PC_MONEY_MAX - 1, PC_MONEY_MAX,
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		long long back = -1;

		pc_money_format_input(values[i], buf, sizeof(buf));
		assert_int_equal(pc_money_parse(buf, &back, NULL), 0);
		assert_int_equal(back, values[i]);
	}
}

static void test_format_plain(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(pc_money_format_plain(0, buf, sizeof(buf)), "0.00");
	assert_string_equal(pc_money_format_plain(1, buf, sizeof(buf)), "0.01");
	assert_string_equal(pc_money_format_plain(50010, buf, sizeof(buf)), "500.10");
	assert_string_equal(pc_money_format_plain(99999, buf, sizeof(buf)), "999.99");
	assert_string_equal(pc_money_format_plain(100000, buf, sizeof(buf)), "1,000.00");
	assert_string_equal(pc_money_format_plain(123450, buf, sizeof(buf)), "1,234.50");
	assert_string_equal(pc_money_format_plain(123456789, buf, sizeof(buf)), "1,234,567.89");
	assert_string_equal(pc_money_format_plain(PC_MONEY_MAX, buf, sizeof(buf)),
			    "10,000,000,000,000.00");
	assert_string_equal(pc_money_format_plain(-123450, buf, sizeof(buf)), "-1,234.50");
	assert_string_equal(pc_money_format_plain(-5, buf, sizeof(buf)), "-0.05");
	assert_string_equal(pc_money_format_plain(LLONG_MAX, buf, sizeof(buf)),
			    "92,233,720,368,547,758.07");
	assert_string_equal(pc_money_format_plain(LLONG_MIN, buf, sizeof(buf)),
			    "-92,233,720,368,547,758.08");
}

static void test_format_currency(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(pc_money_format(123450, true, buf, sizeof(buf)),
			    "\xE2\x82\xB1" "1,234.50");
	assert_string_equal(pc_money_format(123450, false, buf, sizeof(buf)), "PHP 1,234.50");
	assert_string_equal(pc_money_format(0, false, buf, sizeof(buf)), "PHP 0.00");
	assert_string_equal(pc_money_format(-50010, true, buf, sizeof(buf)),
			    "-\xE2\x82\xB1" "500.10");
	assert_string_equal(pc_money_format(-50010, false, buf, sizeof(buf)), "PHP -500.10");
}

static void test_format_input(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(pc_money_format_input(50010, buf, sizeof(buf)), "500.10");
	assert_string_equal(pc_money_format_input(0, buf, sizeof(buf)), "0.00");
	assert_string_equal(pc_money_format_input(7, buf, sizeof(buf)), "0.07");
	assert_string_equal(pc_money_format_input(123456789, buf, sizeof(buf)), "1234567.89");
	assert_string_equal(pc_money_format_input(-250, buf, sizeof(buf)), "-2.50");
	assert_string_equal(pc_money_format_input(LLONG_MIN, buf, sizeof(buf)),
			    "-92233720368547758.08");
}

/* Small buffers are filled as far as they go, never past their end, and
 * a UTF-8 character is never cut in half. */
static void test_small_buffers(void **state)
{
	char buf[16];

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	assert_string_equal(pc_money_format_plain(123456789, buf, 6), "1,234");
	assert_int_equal(buf[6], 'Z');
	assert_string_equal(pc_money_format(123450, true, buf, 2), "");
	assert_string_equal(pc_money_format(123450, true, buf, 3), "");
	assert_string_equal(pc_money_format(123450, true, buf, 4), "\xE2\x82\xB1");
	assert_string_equal(pc_money_format(123450, false, buf, 5), "PHP ");
	assert_string_equal(pc_money_format_input(50010, buf, 4), "500");
	assert_string_equal(pc_money_words(50010, buf, 10), "five hund");
	assert_int_equal(buf[10], 'Z');
	assert_string_equal(pc_money_words(50010, buf, 1), "");
	buf[0] = 'Q';
	assert_ptr_equal(pc_money_words(50010, buf, 0), buf);
	assert_int_equal(buf[0], 'Q');
	assert_ptr_equal(pc_money_format_plain(1, buf, 0), buf);
	assert_int_equal(buf[0], 'Q');
}

typedef struct {
	long long centavos;
	const char *words;
} words_case;

static const words_case words_cases[] = {
	{ 0, "zero pesos" },
	{ 1, "zero pesos and one centavo" },
	{ 5, "zero pesos and five centavos" },
	{ 100, "one peso" },
	{ 101, "one peso and one centavo" },
	{ 199, "one peso and ninety-nine centavos" },
	{ 200, "two pesos" },
	{ 1000, "ten pesos" },
	{ 1100, "eleven pesos" },
	{ 1900, "nineteen pesos" },
	{ 2000, "twenty pesos" },
	{ 2100, "twenty-one pesos" },
	{ 4000, "forty pesos" },
	{ 9900, "ninety-nine pesos" },
	{ 10000, "one hundred pesos" },
	{ 10500, "one hundred five pesos" },
	{ 11500, "one hundred fifteen pesos" },
	{ 50010, "five hundred pesos and ten centavos" },
	{ 100000, "one thousand pesos" },
	{ 100100, "one thousand one pesos" },
	{ 2000000, "twenty thousand pesos" },
	{ 10000000, "one hundred thousand pesos" },
	{ 100000000, "one million pesos" },
	{ 123456789, "one million two hundred thirty-four thousand five hundred sixty-seven "
		"pesos and eighty-nine centavos" },
	{ 100000000000LL, "one billion pesos" },
	{ 100000000100LL, "one billion one pesos" },
	{ 100000000000000LL, "one trillion pesos" },
	{ PC_MONEY_MAX, "ten trillion pesos" },
	{ 99999999999999999LL, "nine hundred ninety-nine trillion nine hundred ninety-nine "
		"billion nine hundred ninety-nine million nine hundred ninety-nine thousand nine "
		"hundred ninety-nine pesos and ninety-nine centavos" },
	{ 300000000000000000LL, "three thousand trillion pesos" },
	{ -50010, "minus five hundred pesos and ten centavos" },
	{ LLONG_MIN, "minus ninety-two thousand two hundred thirty-three trillion seven hundred "
		"twenty billion three hundred sixty-eight million five hundred forty-seven "
		"thousand seven hundred fifty-eight pesos and eight centavos" },
};

static void test_words(void **state)
{
	char buf[512];

	(void)state;
	for (size_t i = 0; i < sizeof(words_cases) / sizeof(words_cases[0]); i++) {
		pc_money_words(words_cases[i].centavos, buf, sizeof(buf));
		assert_string_equal(buf, words_cases[i].words);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_null_and_no_output),
		cmocka_unit_test(test_parse_long_input_quoted_short),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_format_plain),
		cmocka_unit_test(test_format_currency),
		cmocka_unit_test(test_format_input),
		cmocka_unit_test(test_small_buffers),
		cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
