/* test_request.c — from fields to the signed bytes on the wire. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canonical.h"
#include "request.h"
#include "signature.h"

typedef struct {
	pc_key *key;
	pc_profile profile;
} fixture;

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));

	fx->key = pc_key_generate(2048, NULL);
	assert_non_null(fx->key);
	fx->profile.name = "test";
	fx->profile.environment = PC_ENV_UAT;
	fx->profile.base_url = "https://api-uat.paycools.com";
	fx->profile.app_id = "APP1";
	fx->profile.app_name = "Shop";
	fx->profile.sign_hash = PC_HASH_SHA256;
	setenv("PAYCON_NOW_MS", "1700000000000", 1);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;

	pc_key_free(fx->key);
	free(fx);
	return 0;
}

static void assert_prefix(const char *text, const char *prefix)
{
	if (strncmp(text, prefix, strlen(prefix)) != 0)
		fail_msg("'%s' does not start with '%s'", text, prefix);
}

/* The request's own signature verifies over its canonical string. */
static void assert_signed(const fixture *fx, const pc_request *rq)
{
	const char *sig = pc_params_get(&rq->sent, "sign");

	assert_non_null(sig);
	assert_int_equal(pc_verify(fx->key, PC_HASH_SHA256, rq->canonical, strlen(rq->canonical), sig),
	                 PC_VERDICT_VALID);
}

static void get_signs_query_and_keeps_path_only_fields_out(void **state)
{
	fixture *fx = *state;
	pc_params f;
	pc_request rq;
	pc_err err;

	pc_params_init(&f);
	pc_params_set_str(&f, "mchOrderId", "ORD 1/2");
	pc_params_set_str(&f, "startDate", "2026-11-01");
	pc_params_set_str(&f, "endDate", "2026-11-21");
	assert_int_equal(pc_request_build(&rq, &fx->profile, fx->key, pc_endpoint_by_id("qr.payments"), &f, &err), 0);
	assert_string_equal(rq.canonical, "appId=APP1&endDate=2026-11-21&startDate=2026-11-01");
	assert_null(rq.body);
	assert_prefix(rq.path, "/api/v1/qrcode/ORD%201%2F2/payments?appId=APP1&startDate=2026-11-01"
	                       "&endDate=2026-11-21&sign=");
	assert_null(strchr(strstr(rq.path, "sign=") + 5, '+')); /* encoded on the wire */
	assert_signed(fx, &rq);
	pc_request_free(&rq);
	pc_params_free(&f);
}

static void post_body_keeps_numbers_and_adds_app_name(void **state)
{
	fixture *fx = *state;
	pc_params f;
	pc_request rq;
	pc_err err;

	pc_params_init(&f);
	pc_params_set_str(&f, "mchOrderId", "QR1");
	pc_params_set_str(&f, "channelCode", "QRPH_DYNAMIC_QR");
	pc_params_set_str(&f, "customerName", "Ana Reyes");
	pc_params_set(&f, "amount", PC_JNUM, "25000");
	assert_int_equal(pc_request_build(&rq, &fx->profile, fx->key, pc_endpoint_by_id("qr.create"), &f, &err), 0);
	assert_string_equal(rq.canonical, "amount=25000&appId=APP1&appName=Shop&channelCode=QRPH_DYNAMIC_QR"
	                                  "&customerName=Ana Reyes&mchOrderId=QR1");
	assert_string_equal(rq.path, "/api/v1/qrcode");
	assert_prefix(rq.body, "{\"appId\":\"APP1\",\"mchOrderId\":\"QR1\",\"channelCode\":"
	                       "\"QRPH_DYNAMIC_QR\",\"customerName\":\"Ana Reyes\",\"amount\":25000,"
	                       "\"appName\":\"Shop\",\"sign\":\"");
	assert_signed(fx, &rq);
	pc_request_free(&rq);
	pc_params_free(&f);
}

static void envelope_wraps_fields_in_param(void **state)
{
	fixture *fx = *state;
	pc_params f;
	pc_request rq;
	pc_err err;

	pc_params_init(&f);
	pc_params_set_str(&f, "mchOrderId", "CHKORDER0001");
	assert_int_equal(pc_request_build(&rq, &fx->profile, fx->key, pc_endpoint_by_id("checkout.status"), &f, &err), 0);
	assert_string_equal(rq.canonical,
	                    "appId=APP1&appName=Shop&param={\"mchOrderId\":\"CHKORDER0001\",\"timestamp\":1700000000000}");
	assert_non_null(strstr(rq.body, "\"param\":\"{\\\"mchOrderId\\\":\\\"CHKORDER0001\\\","));
	assert_signed(fx, &rq);
	pc_request_free(&rq);
	pc_params_free(&f);
}

static void statement_timestamp_is_a_string(void **state)
{
	fixture *fx = *state;
	pc_params f;
	pc_request rq;
	pc_err err;

	pc_params_init(&f);
	pc_params_set_str(&f, "createDate", "2026-11-20");
	pc_params_set_int(&f, "page", 1);
	assert_int_equal(pc_request_build(&rq, &fx->profile, fx->key, pc_endpoint_by_id("statement.payments"), &f, &err), 0);
	assert_non_null(strstr(rq.body, "\"timestamp\":\"1700000000000\""));
	pc_request_free(&rq);
	pc_params_free(&f);
}

static void invalid_fields_build_nothing(void **state)
{
	fixture *fx = *state;
	pc_params f;
	pc_request rq;
	pc_err err;

	pc_params_init(&f);
	pc_params_set_str(&f, "mchOrderId", "ORD1");
	pc_params_set(&f, "amount", PC_JNUM, "50");
	assert_int_equal(pc_request_build(&rq, &fx->profile, fx->key, pc_endpoint_by_id("payout.create"), &f, &err), -1);
	assert_int_equal(err.cls, PC_EINPUT);
	assert_non_null(strstr(err.msg, "amount"));
	assert_non_null(strstr(err.msg, "accountNo"));
	assert_non_null(strstr(err.msg, "payMethodCode"));
	assert_null(rq.body);
	assert_null(rq.canonical);
	pc_params_free(&f);
}

static void raw_call_refuses_a_query_in_the_path(void **state)
{
	fixture *fx = *state;
	pc_params f;
	pc_request rq;
	pc_err err;

	pc_params_init(&f);
	assert_int_equal(pc_request_build_raw(&rq, &fx->profile, fx->key, PC_GET, "/api/x?a=1", &f, &err), -1);
	assert_non_null(strstr(err.msg, "key=value"));
	assert_int_equal(pc_request_build_raw(&rq, &fx->profile, fx->key, PC_GET, "api/x", &f, &err), -1);
	pc_params_set(&f, "amount", PC_JNUM, "100.00");
	assert_int_equal(pc_request_build_raw(&rq, &fx->profile, fx->key, PC_POST, "/api/x", &f, &err), 0);
	assert_string_equal(rq.canonical, "amount=100.00&appId=APP1");
	assert_string_equal(rq.body + strlen(rq.body) - 2, "\"}");
	pc_request_free(&rq);
	pc_params_free(&f);
}

static void describe_is_terminal_safe(void **state)
{
	fixture *fx = *state;
	pc_params f;
	pc_request rq;
	pc_err err;
	char *text, *json;

	pc_params_init(&f);
	pc_params_set_str(&f, "remark", "\x1b]0;owned\x07\xc2\x9b" "2J");
	assert_int_equal(pc_request_build_raw(&rq, &fx->profile, fx->key, PC_POST, "/api/x", &f, &err), 0);
	text = pc_request_describe(&rq, fx->profile.base_url);
	json = pc_request_describe_json(&rq, fx->profile.base_url);
	assert_null(strchr(text, '\x1b'));
	assert_null(strchr(json, '\x1b'));
	assert_null(strstr(text, "\xc2\x9b"));
	assert_null(strstr(json, "\xc2\x9b"));
	assert_non_null(strstr(json, "\\u009b"));
	free(text);
	free(json);
	pc_request_free(&rq);
	pc_params_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(get_signs_query_and_keeps_path_only_fields_out),
		cmocka_unit_test(post_body_keeps_numbers_and_adds_app_name),
		cmocka_unit_test(envelope_wraps_fields_in_param),
		cmocka_unit_test(statement_timestamp_is_a_string),
		cmocka_unit_test(invalid_fields_build_nothing),
		cmocka_unit_test(raw_call_refuses_a_query_in_the_path),
		cmocka_unit_test(describe_is_terminal_safe),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
