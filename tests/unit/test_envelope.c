/* test_envelope.c — the {code, message, data} answer, and what garbage gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codes.h"
#include "envelope.h"

#define NOT_PAYCOOLS "the server's answer is not a PayCools response "

/* Parses exactly len bytes from a heap block of that size, with no NUL
 * after it, so a read past the end shows up under ASan and valgrind. */
static int parse_bytes(pc_envelope *env, const char *bytes, size_t len, pc_err *err)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, bytes, len);
	pc_err_clear(err);
	rc = pc_envelope_parse(env, copy, len, err);
	free(copy);
	return rc;
}

static int parse_text(pc_envelope *env, const char *text, pc_err *err)
{
	return parse_bytes(env, text, strlen(text), err);
}

static void test_success_with_data(void **state)
{
	pc_envelope env;
	pc_err err;

	(void)state;
	assert_int_equal(parse_text(&env, "{\"code\":1000,\"message\":\"success\","
				   "\"data\":{\"balance\":12345}}", &err), 0);
	assert_int_equal(env.code, 1000);
	assert_string_equal(env.message, "success");
	assert_non_null(env.root);
	assert_non_null(env.data);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(env.data, "balance")->valueint, 12345);
	pc_err_clear(&err);
	assert_int_equal(pc_envelope_error(&env, &err), 0);
	assert_int_equal(err.cls, PC_OK);
	pc_envelope_free(&env);
	assert_null(env.root);
	assert_null(env.message);
	pc_envelope_free(&env); /* twice is harmless */
}

static void test_data_null_absent_or_list(void **state)
{
	pc_envelope env;
	pc_err err;

	(void)state;
	assert_int_equal(parse_text(&env, "{\"code\":1008,\"message\":\"Transaction Not Found\","
				   "\"data\":null}", &err), 0);
	assert_int_equal(env.code, 1008);
	assert_null(env.data);
	pc_envelope_free(&env);

	assert_int_equal(parse_text(&env, "{\"code\":1002,\"message\":\"x\"}", &err), 0);
	assert_null(env.data);
	pc_envelope_free(&env);

	assert_int_equal(parse_text(&env, "{\"code\":1000,\"data\":[{\"a\":1},{\"a\":2}]}", &err),
			 0);
	assert_true(cJSON_IsArray(env.data));
	assert_int_equal(cJSON_GetArraySize(env.data), 2);
	pc_envelope_free(&env);
}

static void test_message_variants(void **state)
{
	pc_envelope env;
	pc_err err;

	(void)state;
	/* callbacks' replies use msg */
	assert_int_equal(parse_text(&env, "{\"code\":1,\"msg\":\"success\",\"data\":{}}", &err), 0);
	assert_int_equal(env.code, 1);
	assert_string_equal(env.message, "success");
	assert_non_null(env.data);
	pc_envelope_free(&env);

	assert_int_equal(parse_text(&env, "{\"code\":1000}", &err), 0);
	assert_string_equal(env.message, "");
	pc_envelope_free(&env);

	assert_int_equal(parse_text(&env, "{\"msg\":\"b\",\"code\":1000,\"message\":\"a\"}", &err),
			 0);
	assert_string_equal(env.message, "a");
	pc_envelope_free(&env);

	/* a message that is not a string is no message */
	assert_int_equal(parse_text(&env, "{\"code\":1009,\"message\":null,\"msg\":5}", &err), 0);
	assert_string_equal(env.message, "");
	pc_envelope_free(&env);
}

static void test_code_forms(void **state)
{
	pc_envelope env;
	pc_err err;

	(void)state;
	assert_int_equal(parse_text(&env, "{\"code\":\"1000\"}", &err), 0);
	assert_int_equal(env.code, 1000);
	pc_envelope_free(&env);

	assert_int_equal(parse_text(&env, "{\"code\":\"-10009\"}", &err), 0);
	assert_int_equal(env.code, -10009);
	pc_envelope_free(&env);

	assert_int_equal(parse_text(&env, "{\"code\":1000.0}", &err), 0);
	assert_int_equal(env.code, 1000);
	pc_envelope_free(&env);

	assert_int_equal(parse_text(&env, "{\"code\":1e3}", &err), 0);
	assert_int_equal(env.code, 1000);
	pc_envelope_free(&env);

	assert_int_equal(parse_text(&env, " \r\n\t{\"code\":1012} \n", &err), 0);
	assert_int_equal(env.code, 1012);
	pc_envelope_free(&env);
}

/* Only the first len bytes count: what follows them in memory is not
 * part of the answer. */
static void test_length_bounds_the_body(void **state)
{
	static const char text[] = "{\"code\":1000}trailing junk";
	pc_envelope env;
	pc_err err;

	(void)state;
	assert_int_equal(parse_bytes(&env, text, 13, &err), 0);
	assert_int_equal(env.code, 1000);
	pc_envelope_free(&env);
	assert_int_equal(parse_bytes(&env, text, 12, &err), -1);
	assert_int_equal(err.cls, PC_ETRANSPORT);
}

typedef struct {
	const char *body;
	size_t len; /* 0: strlen(body) */
	const char *message;
} garbage_case;

static const garbage_case garbage_cases[] = {
	{ "", 0, NOT_PAYCOOLS "(empty answer): ''" },
	{ " \r\n ", 0, NOT_PAYCOOLS "(empty answer): ' \\r\\n '" },
	{ "<html>502 Bad Gateway</html>", 0,
	  NOT_PAYCOOLS "(an HTML or XML page, not JSON): '<html>502 Bad Gateway</html>'" },
	{ "[{\"code\":1000}]", 0, NOT_PAYCOOLS "(JSON but not an object): '[{\"code\":1000}]'" },
	{ "\"success\"", 0, NOT_PAYCOOLS "(JSON but not an object): '\"success\"'" },
	{ "1000", 0, NOT_PAYCOOLS "(JSON but not an object): '1000'" },
	{ "null", 0, NOT_PAYCOOLS "(JSON but not an object): 'null'" },
	{ "{\"message\":\"success\"}", 0, NOT_PAYCOOLS "(no code): '{\"message\":\"success\"}'" },
	{ "{\"Code\":1000}", 0, NOT_PAYCOOLS "(no code): '{\"Code\":1000}'" },
	{ "{\"code\":1000.5}", 0, NOT_PAYCOOLS "(code is not an integer): '{\"code\":1000.5}'" },
	{ "{\"code\":null}", 0, NOT_PAYCOOLS "(code is not an integer): '{\"code\":null}'" },
	{ "{\"code\":true}", 0, NOT_PAYCOOLS "(code is not an integer): '{\"code\":true}'" },
	{ "{\"code\":\"abc\"}", 0, NOT_PAYCOOLS "(code is not an integer): '{\"code\":\"abc\"}'" },
	{ "{\"code\":\"10 00\"}", 0,
	  NOT_PAYCOOLS "(code is not an integer): '{\"code\":\"10 00\"}'" },
	{ "{\"code\":\"\"}", 0, NOT_PAYCOOLS "(code is not an integer): '{\"code\":\"\"}'" },
	{ "{\"code\":1e10}", 0, NOT_PAYCOOLS "(code is not an integer): '{\"code\":1e10}'" },
	{ "{\"code\":\"99999999999\"}", 0,
	  NOT_PAYCOOLS "(code is not an integer): '{\"code\":\"99999999999\"}'" },
	{ "{\"code\":{}}", 0, NOT_PAYCOOLS "(code is not an integer): '{\"code\":{}}'" },
	{ "{\"code\":1000,\"message\":\"succ", 0,
	  NOT_PAYCOOLS "(not valid JSON): '{\"code\":1000,\"message\":\"succ'" },
	{ "{\"code\":1000} x", 0, NOT_PAYCOOLS "(not valid JSON): '{\"code\":1000} x'" },
	{ "{\"code\":1000}{\"code\":1000}", 0,
	  NOT_PAYCOOLS "(not valid JSON): '{\"code\":1000}{\"code\":1000}'" },
	{ "{\"code\":1000}\0{}", 16,
	  NOT_PAYCOOLS "(contains a NUL byte): '{\"code\":1000}\\x00{}'" },
	{ "\0", 1, NOT_PAYCOOLS "(contains a NUL byte): '\\x00'" },
	{ "\x1b]0;owned\x07\x1b[2J", 0,
	  NOT_PAYCOOLS "(not valid JSON): '\\x1b]0;owned\\x07\\x1b[2J'" },
};

static void test_garbage_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(garbage_cases) / sizeof(garbage_cases[0]); i++) {
		const garbage_case *c = &garbage_cases[i];
		size_t len = c->len ? c->len : strlen(c->body);
		pc_envelope env;
		pc_err err;

		if (parse_bytes(&env, c->body, len, &err) != -1)
			fail_msg("case %zu accepted", i);
		assert_int_equal(err.cls, PC_ETRANSPORT);
		assert_string_equal(err.msg, c->message);
		assert_null(env.root);
		assert_null(env.message);
		assert_null(env.data);
		pc_envelope_free(&env);
	}
}

static void test_megabyte_of_garbage(void **state)
{
	const size_t len = 1024 * 1024;
	char *body = malloc(len);
	pc_envelope env;
	pc_err err;

	(void)state;
	assert_non_null(body);
	for (size_t i = 0; i < len; i++)
		body[i] = (char)('A' + i % 26);
	assert_int_equal(parse_bytes(&env, body, len, &err), -1);
	free(body);
	assert_int_equal(err.cls, PC_ETRANSPORT);
	assert_string_equal(err.msg, NOT_PAYCOOLS "(not valid JSON): "
			    "'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZAB' (first 80 of 1048576 bytes)");
}

/* The quote stops before a UTF-8 character that would be cut. */
static void test_quote_keeps_utf8_whole(void **state)
{
	char body[100];
	pc_envelope env;
	pc_err err;

	(void)state;
	memset(body, 'x', sizeof(body));
	memcpy(body + 79, "\xE2\x82\xB1", 3); /* ₱ across byte 80 */
	assert_int_equal(parse_bytes(&env, body, sizeof(body), &err), -1);
	assert_non_null(strstr(err.msg, "xxx' (first 79 of 100 bytes)"));
}

static void test_error_known_code_same_text(void **state)
{
	pc_envelope env;
	pc_err err;

	(void)state;
	assert_int_equal(parse_text(&env, "{\"code\":1012,\"message\":\"merchant order id is "
				   "repeat\",\"data\":null}", &err), 0);
	pc_err_clear(&err);
	assert_int_equal(pc_envelope_error(&env, &err), -1);
	assert_int_equal(err.cls, PC_EAPI);
	assert_int_equal(err.api_code, 1012);
	assert_string_equal(err.msg, "PayCools error 1012 (merchant order id is repeat): this "
			    "mchOrderId was used before: if it is the same payout, run `paycon "
			    "payout status ORDER_ID`; otherwise use a new order id");
	pc_envelope_free(&env);

	/* the same words in another case, or no words, add nothing */
	assert_int_equal(parse_text(&env, "{\"code\":1008,\"message\":\"Transaction Not Found\"}",
				   &err), 0);
	pc_envelope_error(&env, &err);
	assert_string_equal(err.msg, "PayCools error 1008 (transaction not found): "
			    "PayCools has no transaction with this id: check the id, and that "
			    "this profile points at the environment where the transaction was made");
	pc_envelope_free(&env);

	assert_int_equal(parse_text(&env, "{\"code\":1002}", &err), 0);
	pc_envelope_error(&env, &err);
	assert_string_equal(err.msg, "PayCools error 1002 (merchant white ip forbidden): "
			    "the calling IP is not on the app's whitelist: for production send "
			    "this server's public IP to PayCools support; UAT needs no whitelist");
	pc_envelope_free(&env);
}

static void test_error_known_code_other_text(void **state)
{
	pc_envelope env;
	pc_err err;

	(void)state;
	assert_int_equal(parse_text(&env, "{\"code\":1009,\"message\":\"amount must be greater "
				   "than 0\"}", &err), 0);
	assert_int_equal(pc_envelope_error(&env, &err), -1);
	assert_int_equal(err.api_code, 1009);
	assert_string_equal(err.msg, "PayCools error 1009 (request params invalid: amount must "
			    "be greater than 0): " "PayCools refused a field of the request (its "
			    "message names it): correct that field and send again");
	pc_envelope_free(&env);

	/* a server text that already starts with the table's is shown once */
	assert_int_equal(parse_text(&env, "{\"code\":1009,\"message\":\"Request params invalid: "
				   "bankCode\"}", &err), 0);
	pc_envelope_error(&env, &err);
	assert_non_null(strstr(err.msg, "PayCools error 1009 (Request params invalid: "
			       "bankCode): PayCools refused"));
	pc_envelope_free(&env);

	/* the server's text is sanitised */
	assert_int_equal(parse_text(&env, "{\"code\":1009,\"message\":\"bad\\u001b[2Jfield\"}",
				   &err), 0);
	pc_envelope_error(&env, &err);
	assert_non_null(strstr(err.msg, "(request params invalid: bad\\x1b[2Jfield): "));
	assert_null(strchr(err.msg, '\x1b'));
	pc_envelope_free(&env);
}

static void test_error_unknown_code(void **state)
{
	pc_envelope env;
	pc_err err;

	(void)state;
	assert_int_equal(parse_text(&env, "{\"code\":1777,\"message\":\"something new\"}", &err),
			 0);
	assert_int_equal(pc_envelope_error(&env, &err), -1);
	assert_int_equal(err.cls, PC_EAPI);
	assert_int_equal(err.api_code, 1777);
	assert_string_equal(err.msg, "PayCools error 1777 (something new): not a documented "
			    "code; send the request id and time to PayCools support");
	pc_envelope_free(&env);

	assert_int_equal(parse_text(&env, "{\"code\":-3}", &err), 0);
	pc_envelope_error(&env, &err);
	assert_string_equal(err.msg, "PayCools error -3 (no message): not a documented code; "
			    "send the request id and time to PayCools support");
	assert_int_equal(err.api_code, -3);
	pc_envelope_free(&env);
}

/* A huge server message is cut so the advice still ends the error; each
 * \u0001 in the JSON grows to four bytes once escaped for the screen. */
static void test_error_long_server_message(void **state)
{
	const size_t n = 5000;
	char *body = malloc(n * 6 + 64);
	const char *advice = pc_api_code(1009)->advice;
	pc_envelope env;
	pc_err err;
	size_t len;

	(void)state;
	assert_non_null(body);
	len = (size_t)sprintf(body, "{\"code\":1009,\"message\":\"");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(body + len, "\\u0001");
	len += (size_t)sprintf(body + len, "\"}");
	assert_int_equal(parse_bytes(&env, body, len, &err), 0);
	free(body);
	pc_envelope_error(&env, &err);
	assert_true(strlen(err.msg) < sizeof(err.msg) - 1);
	assert_non_null(strstr(err.msg, "(request params invalid: \\x01\\x01"));
	assert_non_null(strstr(err.msg, "\\x01...): "));
	assert_string_equal(err.msg + strlen(err.msg) - strlen(advice), advice);
	pc_envelope_free(&env);
}

static void test_null_err_allowed(void **state)
{
	pc_envelope env;

	(void)state;
	assert_int_equal(pc_envelope_parse(&env, "x", 1, NULL), -1);
	assert_int_equal(pc_envelope_parse(&env, NULL, 0, NULL), -1);
	assert_int_equal(pc_envelope_parse(&env, "{\"code\":1012}", 13, NULL), 0);
	assert_int_equal(pc_envelope_error(&env, NULL), -1);
	pc_envelope_free(&env);
	pc_envelope_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_success_with_data),
		cmocka_unit_test(test_data_null_absent_or_list),
		cmocka_unit_test(test_message_variants),
		cmocka_unit_test(test_code_forms),
		cmocka_unit_test(test_length_bounds_the_body),
		cmocka_unit_test(test_garbage_table),
		cmocka_unit_test(test_megabyte_of_garbage),
		cmocka_unit_test(test_quote_keeps_utf8_whole),
		cmocka_unit_test(test_error_known_code_same_text),
		cmocka_unit_test(test_error_known_code_other_text),
		cmocka_unit_test(test_error_unknown_code),
		cmocka_unit_test(test_error_long_server_message),
		cmocka_unit_test(test_null_err_allowed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
