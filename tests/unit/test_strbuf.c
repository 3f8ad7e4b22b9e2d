/* test_strbuf.c — the growable buffer every text builder in the core uses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static void test_appends_stay_terminated(void **state)
{
	pc_strbuf sb = { 0 };
	char *text;

	(void)state;
	pc_sb_puts(&sb, "amount");
	assert_string_equal(sb.data, "amount");
	pc_sb_putc(&sb, '=');
	pc_sb_put(&sb, "100.00xyz", 6);
	assert_int_equal(sb.len, 13);
	assert_string_equal(sb.data, "amount=100.00");
	assert_false(sb.oom);
	text = pc_sb_take(&sb);
	assert_string_equal(text, "amount=100.00");
	assert_null(sb.data);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.cap, 0);
	free(text);
}

static void test_take_of_empty_is_empty_string(void **state)
{
	pc_strbuf sb = { 0 };
	char *text = pc_sb_take(&sb);

	(void)state;
	assert_non_null(text);
	assert_string_equal(text, "");
	free(text);
}

static void test_grows_past_many_doublings(void **state)
{
	pc_strbuf sb = { 0 };
	char *text;

	(void)state;
	for (int i = 0; i < 100000; i++)
		pc_sb_putc(&sb, (char)('a' + i % 26));
	assert_false(sb.oom);
	assert_int_equal(sb.len, 100000);
	assert_true(sb.cap > sb.len);
	text = pc_sb_take(&sb);
	assert_int_equal(strlen(text), 100000);
	assert_int_equal(text[99999], 'a' + 99999 % 26);
	free(text);
}

/* A size that cannot fit marks the buffer, later appends do nothing, and
 * take hands back NULL (freeing what was there). */
static void test_impossible_size_marks_oom(void **state)
{
	pc_strbuf sb = { 0 };

	(void)state;
	pc_sb_puts(&sb, "kept?");
	assert_false(pc_sb_reserve(&sb, SIZE_MAX - 2));
	assert_true(sb.oom);
	pc_sb_puts(&sb, "more");
	assert_int_equal(sb.len, 5);
	assert_null(pc_sb_take(&sb));
	assert_null(sb.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_appends_stay_terminated),
		cmocka_unit_test(test_take_of_empty_is_empty_string),
		cmocka_unit_test(test_grows_past_many_doublings),
		cmocka_unit_test(test_impossible_size_marks_oom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
