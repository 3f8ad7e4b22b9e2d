/* test_params.c — the strict JSON object parser and the params list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"

/* Parses a NUL-terminated text that must be accepted. */
static void parse_ok(pc_params *p, const char *text)
{
	pc_err err;

	pc_err_clear(&err);
	if (pc_params_parse(p, text, strlen(text), &err) != 0)
		fail_msg("refused %s: %s", text, err.msg);
}

static void assert_param(const pc_params *p, size_t index, const char *key,
	pc_jkind kind, const char *value)
{
	assert_true(index < p->n);
	assert_string_equal(p->items[index].key, key);
	assert_int_equal(p->items[index].kind, kind);
	assert_string_equal(p->items[index].value, value);
}

/* Parses text (len bytes) that must be refused with a message containing
 * every fragment given (NULL-terminated list). */
static void refuse_len(const char *text, size_t len, ...)
{
	pc_params p;
	pc_err err;
	const char *fragment;
	va_list ap;

	pc_err_clear(&err);
	p.items = (pc_param *)&p; /* garbage: parse must reset it */
	p.n = 99;
	if (pc_params_parse(&p, text, len, &err) != -1)
		fail_msg("accepted %.*s", (int)len, text);
	assert_int_equal(err.cls, PC_EINPUT);
	assert_int_equal(p.n, 0);
	assert_null(p.items);
	assert_memory_equal(err.msg, "byte ", 5);
	va_start(ap, len);
	for (fragment = va_arg(ap, const char *); fragment; fragment = va_arg(ap, const char *)) {
		if (!strstr(err.msg, fragment))
			fail_msg("for %.*s: message \"%s\" lacks \"%s\"", (int)len, text,
				err.msg, fragment);
	}
	va_end(ap);
}

#define refuse(text, ...) refuse_len(text, strlen(text), __VA_ARGS__, (const char *)NULL)

static void test_parse_keeps_order_and_tokens(void **state)
{
	pc_params p;

	(void)state;
	parse_ok(&p, "{\"amount\": 100.00, \"appId\": \"f90addc4861540ef9312e87d8f360e08\", "
		"\"version\":\"1.0\"}");
	assert_int_equal(p.n, 3);
	assert_param(&p, 0, "amount", PC_JNUM, "100.00");
	assert_param(&p, 1, "appId", PC_JSTR, "f90addc4861540ef9312e87d8f360e08");
	assert_param(&p, 2, "version", PC_JSTR, "1.0");
	pc_params_free(&p);
}

static void test_parse_numbers_as_written(void **state)
{
	pc_params p;

	(void)state;
	parse_ok(&p, "{\"a\":1e3,\"b\":-0,\"c\":12345678901234567890,\"d\":1.5E-7,"
		"\"e\":0.0,\"f\":-12.340e+05,\"g\":0}");
	assert_int_equal(p.n, 7);
	assert_param(&p, 0, "a", PC_JNUM, "1e3");
	assert_param(&p, 1, "b", PC_JNUM, "-0");
	assert_param(&p, 2, "c", PC_JNUM, "12345678901234567890");
	assert_param(&p, 3, "d", PC_JNUM, "1.5E-7");
	assert_param(&p, 4, "e", PC_JNUM, "0.0");
	assert_param(&p, 5, "f", PC_JNUM, "-12.340e+05");
	assert_param(&p, 6, "g", PC_JNUM, "0");
	pc_params_free(&p);
}

static void test_parse_literals(void **state)
{
	pc_params p;

	(void)state;
	parse_ok(&p, "{\"t\":true,\"f\":false,\"n\":null}");
	assert_param(&p, 0, "t", PC_JRAW, "true");
	assert_param(&p, 1, "f", PC_JRAW, "false");
	assert_param(&p, 2, "n", PC_JNULL, "null");
	pc_params_free(&p);
}

static void test_parse_nested_compact(void **state)
{
	pc_params p;

	(void)state;
	parse_ok(&p, "{ \"b\" : [1, 2.50, {\"x\" : \"y\"}] ,\n"
		"\"o\": {\"k\" : \"a\\u00f1 b\\n\\\"q\\\" \", \"e\" : [ ] , \"z\":{ }},"
		"\"deep\": [[[ true , false , null ]]] }");
	assert_int_equal(p.n, 3);
	assert_param(&p, 0, "b", PC_JRAW, "[1,2.50,{\"x\":\"y\"}]");
	/* escapes and the blanks inside strings are kept as written */
	assert_param(&p, 1, "o", PC_JRAW,
		"{\"k\":\"a\\u00f1 b\\n\\\"q\\\" \",\"e\":[],\"z\":{}}");
	assert_param(&p, 2, "deep", PC_JRAW, "[[[true,false,null]]]");
	pc_params_free(&p);
}

static void test_parse_string_escapes(void **state)
{
	pc_params p;

	(void)state;
	parse_ok(&p, "{\"a\":\"a\\u00f1b\",\"e\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\","
		"\"s\":\"\\ud83d\\ude00\",\"u\":\"Juan dela Cruz Pe\xc3\xb1" "a \xe2\x82\xb1\","
		"\"h\":\"\\u20B1\\u20b1\",\"\\u006b\":\"key escaped\",\"x\":\"\x7f\"}");
	assert_param(&p, 0, "a", PC_JSTR, "a\xc3\xb1" "b");
	assert_param(&p, 1, "e", PC_JSTR, "\"\\/\b\f\n\r\t");
	assert_param(&p, 2, "s", PC_JSTR, "\xf0\x9f\x98\x80");
	assert_param(&p, 3, "u", PC_JSTR, "Juan dela Cruz Pe\xc3\xb1" "a \xe2\x82\xb1");
	assert_param(&p, 4, "h", PC_JSTR, "\xe2\x82\xb1\xe2\x82\xb1");
	assert_param(&p, 5, "k", PC_JSTR, "key escaped");
	assert_param(&p, 6, "x", PC_JSTR, "\x7f");
	pc_params_free(&p);
}

static void test_parse_whitespace_and_length(void **state)
{
	const char text[] = "{\"a\":1}garbage that is not part of the length";
	pc_params p;
	pc_err err;

	(void)state;
	parse_ok(&p, " \t\r\n{ \"a\" : 1 ,\"b\":\"\" } \n");
	assert_param(&p, 0, "a", PC_JNUM, "1");
	assert_param(&p, 1, "b", PC_JSTR, "");
	pc_params_free(&p);
	parse_ok(&p, "{}");
	assert_int_equal(p.n, 0);
	pc_params_free(&p);
	/* only len bytes are read: the input need not be NUL-terminated */
	assert_int_equal(pc_params_parse(&p, text, 7, &err), 0);
	assert_param(&p, 0, "a", PC_JNUM, "1");
	pc_params_free(&p);
}

static void test_refuse_grammar(void **state)
{
	(void)state;
	refuse("{\"a\" 1}", "byte 5: expected ':' after object key");
	refuse("", "byte 0:", "expected '{'");
	refuse("   ", "byte 3:", "expected '{'");
	refuse("[]", "byte 0:", "expected '{'");
	refuse("\"a\"", "byte 0:", "expected '{'");
	refuse("{\"a\":01}", "byte 5:", "leading zero");
	refuse("{\"a\":-01}", "byte 5:", "leading zero");
	refuse("{\"a\":1,}", "byte 7:", "expected a string as object key");
	refuse("{\"a\":[1,]}", "byte 8:", "expected a JSON value");
	refuse("{'a':1}", "byte 1:", "expected a string as object key", "'''");
	refuse("{\"a\":'x'}", "byte 5:", "expected a JSON value");
	refuse("{\"a\":1 /* c */}", "byte 7:", "expected ',' or '}'");
	refuse("// c\n{\"a\":1}", "byte 0:");
	refuse("{\"a\":foo}", "byte 5:", "expected a JSON value");
	refuse("{\"a\":True}", "byte 5:");
	refuse("{\"a\":nul}", "byte 5:");
	refuse("{\"a\":truex}", "byte 9:", "expected ',' or '}'");
	refuse("{\"a\":NaN}", "byte 5:");
	refuse("{\"a\":Infinity}", "byte 5:");
	refuse("{\"a\":-Infinity}", "byte 6:", "number needs a digit");
	refuse("{\"a\":-}", "byte 6:", "number needs a digit");
	refuse("{\"a\":+1}", "byte 5:");
	refuse("{\"a\":1.}", "byte 7:", "decimal point");
	refuse("{\"a\":.5}", "byte 5:");
	refuse("{\"a\":1e}", "byte 7:", "exponent");
	refuse("{\"a\":1e+}", "byte 8:", "exponent");
	refuse("{\"a\":0x10}", "byte 6:");
	refuse("{\"a\":1}x", "byte 7:", "after the JSON object");
	refuse("{}{}", "byte 2:", "after the JSON object");
	refuse("{\"a\":1", "byte 6:", "found the end of the text");
	refuse("{\"a\":", "byte 5:", "expected a JSON value");
	refuse("{\"a\"", "byte 4:", "expected ':'");
	refuse("{\"a\":[1 2]}", "byte 8:", "expected ',' or ']'");
	refuse("{\"a\":{\"b\"}}", "byte 9:", "expected ':'");
	refuse("{\"a\":{1:2}}", "byte 6:", "expected a string as object key");
	refuse("{\"a\":1,,\"b\":2}", "byte 7:");
	refuse("{,}", "byte 1:");
	refuse("\xef\xbb\xbf{}", "byte 0:", "0xef");
	refuse("{\"a\":1}\xff", "byte 7:", "0xff");
	refuse("{\"a\":\xc3\xb1}", "byte 5:", "0xc3");
	refuse("{\"a\":\v1}", "byte 5:", "0x0b");
}

static void test_refuse_strings(void **state)
{
	(void)state;
	refuse("{\"a\":\"x}", "byte 5:", "not terminated");
	refuse("{\"a\":\"\\u0000\"}", "byte 6:", "\\u0000");
	refuse("{\"\\u0000\":1}", "byte 2:", "\\u0000");
	refuse("{\"a\":\"\\ud800\"}", "byte 6:", "high surrogate");
	refuse("{\"a\":\"\\ud800x\"}", "byte 6:", "high surrogate");
	refuse("{\"a\":\"\\ud800\\u0041\"}", "byte 6:", "high surrogate");
	refuse("{\"a\":\"\\ud800\\ud800\"}", "byte 6:", "high surrogate");
	refuse("{\"a\":\"\\udc00\"}", "byte 6:", "low surrogate");
	refuse("{\"a\":\"\\ude00\\ud83d\"}", "byte 6:", "low surrogate");
	refuse("{\"a\":\"\\u12\"}", "byte 6:", "four hex digits");
	refuse("{\"a\":\"\\u12g4\"}", "byte 6:", "four hex digits");
	refuse("{\"a\":\"\\ud83d\\u12\"}", "byte 12:", "four hex digits");
	refuse("{\"a\":\"\\x41\"}", "byte 6:", "unknown escape '\\x'");
	refuse("{\"a\":\"\\'\"}", "byte 6:", "unknown escape");
	refuse("{\"a\":\"\\", "byte 6:", "inside an escape");
	refuse("{\"a\":\"tab\there\"}", "byte 9:", "0x09", "escape");
	refuse("{\"a\":\"line\nbreak\"}", "byte 10:", "0x0a");
	refuse("{\"a\":\"x\xff\"}", "byte 7:", "invalid UTF-8", "0xff");
	refuse("{\"a\":\"\xc0\xaf\"}", "byte 6:", "invalid UTF-8");
	refuse("{\"a\":\"\xe0\x80\xaf\"}", "byte 6:", "invalid UTF-8");
	refuse("{\"a\":\"\xed\xa0\x80\"}", "byte 6:", "invalid UTF-8");
	refuse("{\"a\":\"\xf4\x90\x80\x80\"}", "byte 6:", "invalid UTF-8");
	refuse("{\"a\":\"\xe2\x82\"}", "byte 6:", "invalid UTF-8");
	refuse("{\"a\":\"\x80\"}", "byte 6:", "invalid UTF-8");
	refuse("{\"a\":[\"ok\",\"\xfe\"]}", "byte 12:", "invalid UTF-8");
	refuse("{\"k\xff\":1}", "byte 3:", "invalid UTF-8");
	/* a string truncated in the middle of a multi-byte character */
	refuse_len("{\"a\":\"\xe2\x82\xb1", 8, "byte 6:", "invalid UTF-8", (const char *)NULL);
	/* a NUL byte counts as a control character, not as the end */
	refuse_len("{\"a\":\"x\0y\"}", 11, "byte 7:", "0x00", (const char *)NULL);
	refuse_len("{\"a\":1}\0", 8, "byte 7:", "0x00", (const char *)NULL);
}

static void test_refuse_duplicates(void **state)
{
	(void)state;
	refuse("{\"a\":1,\"a\":2}", "byte 7:", "key \"a\" appears more than once");
	refuse("{\"a\":1,\"\\u0061\":2}", "byte 7:", "key \"a\"");
	refuse("{\"a\":1,\"b\":2,\"a\":null}", "byte 13:", "\"a\"");
	refuse("{\"o\":{\"k\":1,\"k\":2}}", "byte 12:", "key \"k\"");
	refuse("{\"o\":[1,{\"x\":{\"k\":1,\"j\":0,\"k\":2}}]}", "byte 26:", "key \"k\"");
	/* the earliest repeat is reported, wherever the keys sort */
	refuse("{\"z\":1,\"b\":1,\"b\":2,\"z\":2}", "byte 13:", "\"b\"");
	/* hostile key bytes are escaped in the message */
	refuse("{\"\\u001b[2J\":1,\"\\u001b[2J\":2}", "byte 15:", "\\x1b[2J");
	/* the same key in different objects is fine */
	{
		pc_params p;

		parse_ok(&p, "{\"k\":{\"k\":{\"k\":1}},\"a\":[{\"k\":1},{\"k\":2}]}");
		assert_int_equal(p.n, 2);
		pc_params_free(&p);
	}
}

/* {"a": + depth-1 levels of arrays + } : the top object is level 1. */
static char *nested_text(int levels)
{
	size_t arrays = (size_t)levels - 1;
	char *text = malloc(arrays * 2 + 8);
	size_t used = 0;
	size_t i;

	assert_non_null(text);
	memcpy(text, "{\"a\":", 5);
	used = 5;
	for (i = 0; i < arrays; i++)
		text[used++] = '[';
	for (i = 0; i < arrays; i++)
		text[used++] = ']';
	text[used++] = '}';
	text[used] = '\0';
	return text;
}

static void test_depth_limit(void **state)
{
	char *ok = nested_text(PC_JSON_MAX_DEPTH);
	char *deep = nested_text(PC_JSON_MAX_DEPTH + 1);
	char *hostile = nested_text(100000);
	pc_params p;

	(void)state;
	parse_ok(&p, ok);
	assert_int_equal(p.n, 1);
	assert_int_equal(strlen(p.items[0].value), (PC_JSON_MAX_DEPTH - 1) * 2);
	pc_params_free(&p);
	refuse(deep, "nested more than 32 levels");
	refuse(hostile, "nested more than 32 levels");
	refuse("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":{\"j\":{\"k\":"
		"{\"l\":{\"m\":{\"n\":{\"o\":{\"p\":{\"q\":{\"r\":{\"s\":{\"t\":{\"u\":{\"v\":"
		"{\"w\":{\"x\":{\"y\":{\"z\":{\"A\":{\"B\":{\"C\":{\"D\":{\"E\":{\"F\":{}}}}}}}}}"
		"}}}}}}}}}}}}}}}}}}}}}}}}}", "nested more than 32 levels");
	free(ok);
	free(deep);
	free(hostile);
}

/* A 1 MB string with escapes and multi-byte characters all through it. */
static void test_large_string(void **state)
{
	const size_t units = 1 << 18;
	const char unit[] = "ab\\n\xc3\xb1"; /* 6 bytes in, 5 bytes out */
	size_t len = units * 6 + 16;
	char *text = malloc(len + 1);
	char *expected = malloc(units * 5 + 1);
	pc_params p;
	pc_err err;
	size_t used;
	size_t i;

	(void)state;
	assert_non_null(text);
	assert_non_null(expected);
	memcpy(text, "{\"big\":\"", 8);
	used = 8;
	for (i = 0; i < units; i++) {
		memcpy(text + used, unit, 6);
		memcpy(expected + i * 5, "ab\n\xc3\xb1", 5);
		used += 6;
	}
	memcpy(text + used, "\"}", 2);
	used += 2;
	expected[units * 5] = '\0';
	assert_int_equal(pc_params_parse(&p, text, used, &err), 0);
	assert_int_equal(strlen(p.items[0].value), units * 5);
	assert_true(strcmp(p.items[0].value, expected) == 0);
	pc_params_free(&p);
	free(text);
	free(expected);
}

/* Many keys must not cost quadratic time in the duplicate check. */
static void test_many_keys(void **state)
{
	const size_t count = 50000;
	char *text = malloc(count * 16 + 8);
	pc_params p;
	pc_err err;
	size_t used = 0;
	size_t i;

	(void)state;
	assert_non_null(text);
	text[used++] = '{';
	for (i = 0; i < count; i++)
		used += (size_t)sprintf(text + used, "%s\"k%zu\":%zu", i ? "," : "", i, i);
	text[used++] = '}';
	assert_int_equal(pc_params_parse(&p, text, used, &err), 0);
	assert_int_equal(p.n, count);
	assert_param(&p, count - 1, "k49999", PC_JNUM, "49999");
	pc_params_free(&p);
	/* now repeat the first key at the very end */
	used--;
	used += (size_t)sprintf(text + used, ",\"k0\":1}");
	assert_int_equal(pc_params_parse(&p, text, used, &err), -1);
	assert_non_null(strstr(err.msg, "key \"k0\" appears more than once"));
	free(text);
}

static void test_set_get_remove(void **state)
{
	pc_params p;

	(void)state;
	pc_params_init(&p);
	assert_int_equal(pc_params_set_str(&p, "b", "one"), 0);
	assert_int_equal(pc_params_set_int(&p, "a", -42), 0);
	assert_int_equal(pc_params_set(&p, "c", PC_JRAW, "[1,2]"), 0);
	assert_int_equal(pc_params_set(&p, "n", PC_JNULL, NULL), 0);
	assert_int_equal(pc_params_set_str(&p, "e", ""), 0);
	assert_int_equal(p.n, 5);
	assert_string_equal(pc_params_get(&p, "a"), "-42");
	assert_int_equal(pc_params_find(&p, "a")->kind, PC_JNUM);
	assert_string_equal(pc_params_get(&p, "n"), "null");
	assert_null(pc_params_get(&p, "missing"));
	assert_null(pc_params_find(&p, "missing"));

	/* replacing keeps the position */
	assert_int_equal(pc_params_set_int(&p, "b", 7), 0);
	assert_int_equal(p.n, 5);
	assert_param(&p, 0, "b", PC_JNUM, "7");
	assert_param(&p, 1, "a", PC_JNUM, "-42");

	assert_true(pc_params_is_empty(&p, "missing"));
	assert_true(pc_params_is_empty(&p, "n"));
	assert_true(pc_params_is_empty(&p, "e"));
	assert_false(pc_params_is_empty(&p, "a"));
	assert_false(pc_params_is_empty(&p, "c"));

	assert_int_equal(pc_params_remove(&p, "a"), 0);
	assert_int_equal(pc_params_remove(&p, "missing"), 0);
	assert_int_equal(p.n, 4);
	assert_param(&p, 0, "b", PC_JNUM, "7");
	assert_param(&p, 1, "c", PC_JRAW, "[1,2]");
	assert_param(&p, 3, "e", PC_JSTR, "");

	assert_int_equal(pc_params_set(&p, "x", PC_JSTR, NULL), -1);
	assert_int_equal(pc_params_set_int(&p, "min", LLONG_MIN), 0);
	assert_string_equal(pc_params_get(&p, "min"), "-9223372036854775808");
	pc_params_free(&p);
	assert_int_equal(p.n, 0);
	pc_params_free(&p); /* freeing twice is harmless */
}

static void test_copy_is_deep(void **state)
{
	pc_params a;
	pc_params b;

	(void)state;
	parse_ok(&a, "{\"x\":\"1\",\"y\":[1],\"z\":null}");
	assert_int_equal(pc_params_copy(&b, &a), 0);
	pc_params_set_str(&a, "x", "changed");
	pc_params_free(&a);
	assert_int_equal(b.n, 3);
	assert_param(&b, 0, "x", PC_JSTR, "1");
	assert_param(&b, 1, "y", PC_JRAW, "[1]");
	assert_param(&b, 2, "z", PC_JNULL, "null");
	pc_params_free(&b);
}

static void test_to_json_exact(void **state)
{
	pc_params p;
	char *json;

	(void)state;
	pc_params_init(&p);
	pc_params_set_str(&p, "s", "q\"b\\s/n\nr\rt\tb\bf\fc\x01\x1f" "d\x7f\xc3\xb1");
	pc_params_set(&p, "n", PC_JNUM, "100.00");
	pc_params_set(&p, "r", PC_JRAW, "{\"a\":[1,2.50]}");
	pc_params_set(&p, "t", PC_JRAW, "true");
	pc_params_set(&p, "z", PC_JNULL, NULL);
	pc_params_set_str(&p, "k\"\n", "");
	json = pc_params_to_json(&p);
	assert_non_null(json);
	assert_string_equal(json,
		"{\"s\":\"q\\\"b\\\\s/n\\nr\\rt\\tb\\bf\\fc\\u0001\\u001fd\x7f\xc3\xb1\","
		"\"n\":100.00,\"r\":{\"a\":[1,2.50]},\"t\":true,\"z\":null,\"k\\\"\\n\":\"\"}");
	free(json);
	pc_params_free(&p);
	json = pc_params_to_json(&p);
	assert_string_equal(json, "{}");
	free(json);
}

static void test_round_trip(void **state)
{
	pc_params p;
	pc_params back;
	pc_err err;
	char every_control[32];
	char *json;
	size_t i;

	(void)state;
	for (i = 1; i < 32; i++)
		every_control[i - 1] = (char)i;
	every_control[31] = '\0';
	pc_params_init(&p);
	pc_params_set_str(&p, "controls", every_control);
	pc_params_set_str(&p, "quotes", "\"\\\"\\\\ /");
	pc_params_set_str(&p, "utf8", "Pe\xc3\xb1" "a \xe2\x82\xb1 \xf0\x9f\x98\x80 \x7f");
	pc_params_set_str(&p, "empty", "");
	pc_params_set_int(&p, "int", -9);
	pc_params_set(&p, "num", PC_JNUM, "1.50e-3");
	pc_params_set(&p, "raw", PC_JRAW, "[{\"k\":\"a\\u00f1\"},[],{}]");
	pc_params_set(&p, "f", PC_JRAW, "false");
	pc_params_set(&p, "nil", PC_JNULL, NULL);
	pc_params_set_str(&p, "\xc3\xb1\t", "key with tab");
	json = pc_params_to_json(&p);
	assert_non_null(json);
	if (pc_params_parse(&back, json, strlen(json), &err) != 0)
		fail_msg("to_json output refused: %s", err.msg);
	assert_int_equal(back.n, p.n);
	for (i = 0; i < p.n; i++)
		assert_param(&back, i, p.items[i].key, p.items[i].kind, p.items[i].value);
	free(json);
	pc_params_free(&back);
	pc_params_free(&p);
}

static void test_compact(void **state)
{
	const char *cases[][2] = {
		{ " { \"a b\" : [ 1 , 2.50 ] } ", "{\"a b\":[1,2.50]}" },
		{ "[ \"x\\\" y\" ,\t\"\\\\\" , \"z\" ]", "[\"x\\\" y\",\"\\\\\",\"z\"]" },
		{ "\r\n[\n1e3\n]\n", "[1e3]" },
		{ "\"  \"", "\"  \"" },
		{ "", "" },
	};
	char *out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out = pc_json_compact(cases[i][0], strlen(cases[i][0]));
		assert_non_null(out);
		assert_string_equal(out, cases[i][1]);
		free(out);
	}
	/* only len bytes are read */
	out = pc_json_compact("[ 1 ] trailing", 5);
	assert_string_equal(out, "[1]");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_keeps_order_and_tokens),
		cmocka_unit_test(test_parse_numbers_as_written),
		cmocka_unit_test(test_parse_literals),
		cmocka_unit_test(test_parse_nested_compact),
		cmocka_unit_test(test_parse_string_escapes),
		cmocka_unit_test(test_parse_whitespace_and_length),
		cmocka_unit_test(test_refuse_grammar),
		cmocka_unit_test(test_refuse_strings),
		cmocka_unit_test(test_refuse_duplicates),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_large_string),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_set_get_remove),
		cmocka_unit_test(test_copy_is_deep),
		cmocka_unit_test(test_to_json_exact),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_compact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
