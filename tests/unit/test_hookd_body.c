/* Tests for src/hookd/body_check.c: what paycon-hookd takes as "a JSON
 * object" (stored) and what it answers 400 to. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body_check.h"

typedef struct {
	const char *text;
	size_t len; /* 0: strlen(text) */
} body;

static int check(const body *b, size_t *offset, const char **why)
{
	return hookd_check_json_object(b->text, b->len ? b->len : strlen(b->text), offset, why);
}

static void test_accepts_objects(void **state)
{
	static const body good[] = {
		{ "{}", 0 },
		{ " \t\r\n{ } \n", 0 },
		{ "{\"code\":1,\"msg\":\"success\",\"data\":{}}", 0 },
		{ "{\"a\":1,\"a\":2}", 0 }, /* duplicates: stored for staff to see */
		{ "{\"n\":[-0,0.5,1e5,1E+5,-1.25e-3,100.00,123456789012345678901234567890]}", 0 },
		{ "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\\u0000\"}", 0 },
		{ "{\"t\":true,\"f\":false,\"z\":null,\"e\":[],\"o\":{\"x\":[{}]}}", 0 },
		{ "{\"latin1\":\"caf\xe9\",\"bad\":\"\xff\xfe\xc3\x28\"}", 0 }, /* not UTF-8: still stored */
		{ "{\"\":\"\"}", 0 },
	};
	size_t offset = 99;
	const char *why = "x";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (check(&good[i], &offset, &why) != 0)
			fail_msg("refused good body #%zu at byte %zu: %s", i, offset, why);
		assert_null(why);
		assert_int_equal(offset, strlen(good[i].text));
	}
}

static void test_refuses_non_objects(void **state)
{
	static const struct {
		body b;
		size_t offset;
		const char *why;
	} bad[] = {
		{ { "", 0 }, 0, "empty body" },
		{ { " \n ", 0 }, 3, "empty body" },
		{ { "[]", 0 }, 0, "not a JSON object" },
		{ { "[{\"a\":1}]", 0 }, 0, "not a JSON object" },
		{ { "1", 0 }, 0, "not a JSON object" },
		{ { "\"s\"", 0 }, 0, "not a JSON object" },
		{ { "null", 0 }, 0, "not a JSON object" },
		{ { "appId=1&sign=x", 0 }, 0, "not a JSON object" },
		{ { "<html>", 0 }, 0, "not a JSON object" },
		{ { "\xef\xbb\xbf{}", 0 }, 0, "not a JSON object" }, /* BOM */
		{ { "{", 0 }, 1, "truncated object" },
		{ { "{\"a\"", 0 }, 4, "expected ':'" },
		{ { "{\"a\":", 0 }, 5, "truncated: a value is missing" },
		{ { "{\"a\":1", 0 }, 6, "truncated object" },
		{ { "{\"a\":1,", 0 }, 7, "truncated object" },
		{ { "{\"a\":\"x", 0 }, 7, "unterminated string" },
		{ { "{\"a\":1,}", 0 }, 7, "expected a string key" },
		{ { "{,}", 0 }, 1, "expected a string key" },
		{ { "{a:1}", 0 }, 1, "expected a string key" },
		{ { "{'a':1}", 0 }, 1, "expected a string key" },
		{ { "{\"a\" 1}", 0 }, 5, "expected ':'" },
		{ { "{\"a\":1 \"b\":2}", 0 }, 7, "expected ',' or '}'" },
		{ { "{\"a\":[1,]}", 0 }, 8, "unexpected character" },
		{ { "{\"a\":[1 2]}", 0 }, 8, "expected ',' or ']'" },
		{ { "{\"a\":[1", 0 }, 7, "truncated array" },
		{ { "{\"a\":01}", 0 }, 6, "expected ',' or '}'" },
		{ { "{\"a\":1.}", 0 }, 7, "invalid number: no digit after '.'" },
		{ { "{\"a\":.5}", 0 }, 5, "unexpected character" },
		{ { "{\"a\":-}", 0 }, 6, "invalid number" },
		{ { "{\"a\":1e}", 0 }, 7, "invalid number: no digit in the exponent" },
		{ { "{\"a\":+1}", 0 }, 5, "unexpected character" },
		{ { "{\"a\":NaN}", 0 }, 5, "unexpected character" },
		{ { "{\"a\":tru}", 0 }, 8, "invalid literal" },
		{ { "{\"a\":True}", 0 }, 5, "unexpected character" },
		{ { "{\"a\":nul", 0 }, 8, "invalid literal" },
		{ { "{\"a\":\"\x01\"}", 0 }, 6, "control character in string" },
		{ { "{\"a\":\"x\ty\"}", 0 }, 7, "control character in string" },
		{ { "{\"a\":\"\\x\"}", 0 }, 7, "invalid escape in string" },
		{ { "{\"a\":\"\\u12g4\"}", 0 }, 10, "invalid \\u escape" },
		{ { "{\"a\":\"\\u12", 0 }, 10, "invalid \\u escape" },
		{ { "{} {}", 0 }, 3, "text after the object" },
		{ { "{}x", 0 }, 2, "text after the object" },
		{ { "{}\0", 3 }, 2, "text after the object" },
		{ { "{\"a\":\"\0\"}", 9 }, 6, "control character in string" },
	};
	size_t offset;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		offset = 99;
		why = NULL;
		if (check(&bad[i].b, &offset, &why) != -1)
			fail_msg("accepted bad body #%zu", i);
		if (offset != bad[i].offset || !why || strcmp(why, bad[i].why) != 0)
			fail_msg("bad body #%zu: byte %zu '%s', expected byte %zu '%s'", i, offset, why ? why : "(null)",
			         bad[i].offset, bad[i].why);
	}
	assert_int_equal(hookd_check_json_object(NULL, 0, NULL, NULL), -1);
}

/* {"a":[[[ ... ]]]}: depth counts the outer object. */
static char *nested(int depth)
{
	size_t n = (size_t)depth;
	char *s = malloc(2 * n + 8);
	size_t i, at = 0;

	assert_non_null(s);
	memcpy(s, "{\"a\":", 5);
	at = 5;
	for (i = 1; i < n; i++)
		s[at++] = '[';
	for (i = 1; i < n; i++)
		s[at++] = ']';
	s[at++] = '}';
	s[at] = '\0';
	return s;
}

static void test_depth_bound(void **state)
{
	char *ok = nested(HOOKD_JSON_MAX_DEPTH);
	char *deep = nested(HOOKD_JSON_MAX_DEPTH + 1);
	const char *why;
	size_t offset;

	(void)state;
	assert_int_equal(hookd_check_json_object(ok, strlen(ok), &offset, &why), 0);
	assert_int_equal(hookd_check_json_object(deep, strlen(deep), &offset, &why), -1);
	assert_string_equal(why, "nested too deeply");
	assert_int_equal(offset, 5 + HOOKD_JSON_MAX_DEPTH - 1);
	free(ok);
	free(deep);
}

/* Every prefix of a valid object is refused, and the check never reads
 * past len (ASan/valgrind watch the exact-size copies). */
static void test_every_prefix_refused(void **state)
{
	static const char text[] = "{\"a\":[1,-2.5e3,true,null,{\"b\":\"\\u00e9x\"}],\"c\":false}";
	size_t len;

	(void)state;
	for (len = 0; len < sizeof(text) - 1; len++) {
		char *copy = malloc(len ? len : 1);

		assert_non_null(copy);
		memcpy(copy, text, len);
		assert_int_equal(hookd_check_json_object(copy, len, NULL, NULL), -1);
		free(copy);
	}
	assert_int_equal(hookd_check_json_object(text, sizeof(text) - 1, NULL, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_objects),
		cmocka_unit_test(test_refuses_non_objects),
		cmocka_unit_test(test_depth_bound),
		cmocka_unit_test(test_every_prefix_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
