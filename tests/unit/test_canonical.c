/* test_canonical.c — the signed string, with known-answer vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "canonical.h"

/* Parses body, builds its canonical string and compares it to expected. */
static void assert_canonical(const char *body, const char *expected)
{
	pc_params p;
	pc_err err;
	char *canonical;

	if (pc_params_parse(&p, body, strlen(body), &err) != 0)
		fail_msg("test body refused: %s", err.msg);
	canonical = pc_canonical(&p);
	assert_non_null(canonical);
	assert_string_equal(canonical, expected);
	free(canonical);
	pc_params_free(&p);
}

static void test_documented_vector(void **state)
{
	(void)state;
	assert_canonical("{\"amount\": 100.00, \"appId\": \"f90addc4861540ef9312e87d8f360e08\", "
		"\"version\":\"1.0\"}",
		"amount=100.00&appId=f90addc4861540ef9312e87d8f360e08&version=1.0");
	/* the same body in another order gives the same string */
	assert_canonical("{\"version\":\"1.0\",\"appId\":\"f90addc4861540ef9312e87d8f360e08\","
		"\"amount\":100.00}",
		"amount=100.00&appId=f90addc4861540ef9312e87d8f360e08&version=1.0");
}

static void test_drops_sign_null_and_empty(void **state)
{
	(void)state;
	assert_canonical("{\"b\":\"2\",\"sign\":\"abc==\",\"n\":null,\"e\":\"\",\"a\":\"1\"}",
		"a=1&b=2");
	/* only the exact key `sign` is left out; blanks and zeros are values */
	assert_canonical("{\"Sign\":\"x\",\"signType\":\"RSA\",\"sp\":\" \",\"z\":0,\"f\":false}",
		"Sign=x&f=false&signType=RSA&sp= &z=0");
	assert_canonical("{\"sign\":\"abc\",\"x\":null,\"y\":\"\"}", "");
	assert_canonical("{}", "");
}

static void test_byte_order(void **state)
{
	(void)state;
	assert_canonical("{\"alpha\":\"1\",\"Zeta\":\"2\",\"_u\":\"3\",\"a\":\"4\",\"A1\":\"5\","
		"\"\xc3\xb1\":\"6\",\"z\":\"7\",\"aa\":\"8\"}",
		"A1=5&Zeta=2&_u=3&a=4&aa=8&alpha=1&z=7&\xc3\xb1=6");
}

static void test_numbers_as_written(void **state)
{
	(void)state;
	assert_canonical("{\"e\":1e3,\"z\":-0,\"big\":12345678901234567890,\"f\":2.50,\"x\":1E+2}",
		"big=12345678901234567890&e=1e3&f=2.50&x=1E+2&z=-0");
}

static void test_nested_compact(void **state)
{
	(void)state;
	assert_canonical("{\"b\": [1, 2.50, {\"x\" : \"y\"}], \"a\": {\"k\" : \"a\\u00f1 b\", "
		"\"t\" : true}, \"c\": [ ]}",
		"a={\"k\":\"a\\u00f1 b\",\"t\":true}&b=[1,2.50,{\"x\":\"y\"}]&c=[]");
}

static void test_strings_decoded_not_encoded(void **state)
{
	(void)state;
	assert_canonical("{\"name\":\"Juan dela Cruz Pe\xc3\xb1" "a\"}",
		"name=Juan dela Cruz Pe\xc3\xb1" "a");
	assert_canonical("{\"s\":\"a\\u00f1b\"}", "s=a\xc3\xb1" "b");
	assert_canonical("{\"q\":\"x=1&y=2\",\"u\":\"https://a.example/cb?x=1 2\","
		"\"esc\":\"\\\"\\\\\\/\\n\"}",
		"esc=\"\\/\n&q=x=1&y=2&u=https://a.example/cb?x=1 2");
}

/* Parameters built in code (requests) follow the same rules. */
static void test_built_params(void **state)
{
	pc_params p;
	char *canonical;

	(void)state;
	pc_params_init(&p);
	assert_int_equal(pc_params_set_str(&p, "mchOrderId", "ORD-1"), 0);
	assert_int_equal(pc_params_set(&p, "amount", PC_JNUM, "500.10"), 0);
	assert_int_equal(pc_params_set(&p, "extra", PC_JRAW, "{\"k\":[1,2]}"), 0);
	assert_int_equal(pc_params_set(&p, "remark", PC_JNULL, NULL), 0);
	assert_int_equal(pc_params_set_str(&p, "sign", "AAAA"), 0);
	assert_int_equal(pc_params_set_int(&p, "count", 3), 0);
	canonical = pc_canonical(&p);
	assert_string_equal(canonical, "amount=500.10&count=3&extra={\"k\":[1,2]}&mchOrderId=ORD-1");
	free(canonical);
	/* the list itself is not reordered */
	assert_string_equal(p.items[0].key, "mchOrderId");
	pc_params_free(&p);
	canonical = pc_canonical(&p);
	assert_string_equal(canonical, "");
	free(canonical);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_documented_vector),
		cmocka_unit_test(test_drops_sign_null_and_empty),
		cmocka_unit_test(test_byte_order),
		cmocka_unit_test(test_numbers_as_written),
		cmocka_unit_test(test_nested_compact),
		cmocka_unit_test(test_strings_decoded_not_encoded),
		cmocka_unit_test(test_built_params),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
