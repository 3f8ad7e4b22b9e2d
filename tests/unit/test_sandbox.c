/* test_sandbox.c — the pure parts of paycon-sandbox: QR Ph payloads and
 * their CRC, fault specs and dice, Philippine time, id shapes. The HTTP
 * behaviour is tested end to end by the scripts in tests/sandbox/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "faults.h"
#include "idgen.h"
#include "qrph.h"
#include "shape.h"

/* ---- QR Ph ---- */

static void crc16_known_answer(void **state)
{
	(void)state;
	/* CRC-16/CCITT-FALSE check value. */
	assert_int_equal(sb_crc16_ccitt("123456789", 9), 0x29B1);
	assert_int_equal(sb_crc16_ccitt("", 0), 0xFFFF);
}

/* The value of tag id at the top level of an EMVCo payload, or NULL. */
static char *tag_value(const char *payload, const char *id, char *buf, size_t size)
{
	const char *p = payload;

	while (strlen(p) >= 4) {
		int len = (p[2] - '0') * 10 + (p[3] - '0');

		if (strncmp(p, id, 2) == 0) {
			snprintf(buf, size, "%.*s", len, p + 4);
			return buf;
		}
		p += 4 + len;
	}
	return NULL;
}

static void qrph_dynamic_payload(void **state)
{
	char *p = sb_qrph_payload("Sandbox Shop", "QR1007000000001000001", "ORDER-1", 12345, true);
	char v[128], crc[8];
	size_t n;

	(void)state;
	assert_non_null(p);
	assert_memory_equal(p, "000201010212", 12);
	assert_string_equal(tag_value(p, "54", v, sizeof(v)), "123.45");
	assert_string_equal(tag_value(p, "53", v, sizeof(v)), "608");
	assert_string_equal(tag_value(p, "58", v, sizeof(v)), "PH");
	assert_string_equal(tag_value(p, "59", v, sizeof(v)), "SANDBOX SHOP");
	assert_non_null(strstr(tag_value(p, "28", v, sizeof(v)), "0011ph.ppmi.p2m"));
	assert_string_equal(tag_value(p, "62", v, sizeof(v)), "0507ORDER-1");
	n = strlen(p);
	assert_memory_equal(p + n - 8, "6304", 4);
	snprintf(crc, sizeof(crc), "%04X", sb_crc16_ccitt(p, n - 4));
	assert_string_equal(p + n - 4, crc);
	free(p);
}

static void qrph_static_payload_cleans_names(void **state)
{
	char *p = sb_qrph_payload("ñ<b>Very Long Merchant Name Indeed Yes</b>", "QR1", "", 0, false);
	char v[128];

	(void)state;
	assert_memory_equal(p, "000201010211", 12);
	assert_null(tag_value(p, "54", v, sizeof(v)));
	/* Only A-Z 0-9 space . - kept, upper case, at most 25. */
	assert_string_equal(tag_value(p, "59", v, sizeof(v)), "BVERY LONG MERCHANT NAME ");
	assert_string_equal(tag_value(p, "62", v, sizeof(v)), "0507SANDBOX");
	free(p);
}

/* ---- faults ---- */

static void fault_specs_parse(void **state)
{
	sb_fault f;
	pc_err err;

	(void)state;
	assert_int_equal(sb_fault_parse("latency=250", &f, &err), 0);
	assert_int_equal(f.kind, SB_FAULT_LATENCY);
	assert_int_equal(f.arg, 250);
	assert_true(f.prob == 1.0);
	assert_string_equal(f.endpoint, "");
	assert_int_equal(sb_fault_parse("drop:0.25@payout.create", &f, &err), 0);
	assert_int_equal(f.kind, SB_FAULT_DROP);
	assert_true(f.prob == 0.25);
	assert_string_equal(f.endpoint, "payout.create");
	assert_int_equal(sb_fault_parse("code=1018@qr.create", &f, &err), 0);
	assert_int_equal(f.kind, SB_FAULT_CODE);
	assert_int_equal(f.arg, 1018);
	assert_int_equal(sb_fault_parse("http=502:0", &f, &err), 0);
	assert_int_equal(f.kind, SB_FAULT_HTTP);
	assert_true(f.prob == 0.0);
	assert_int_equal(sb_fault_parse("garbage", &f, &err), 0);
	assert_int_equal(f.kind, SB_FAULT_GARBAGE);
}

static void fault_specs_refused(void **state)
{
	static const char *const bad[] = {
		"", "explode", "latency", "latency=-1", "latency=x", "drop=3", "garbage=1",
		"code=42", "code=1000", "code=1514", "http=99", "http=200", "http=600", "drop:1.5", "drop:-0.1",
		"drop:abc", "drop@no.such.endpoint", "drop@",
	};
	sb_fault f;
	pc_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pc_err_clear(&err);
		assert_int_equal(sb_fault_parse(bad[i], &f, &err), -1);
		assert_non_null(strstr(err.msg, "KIND[=ARG][:PROB][@ENDPOINT_ID]"));
	}
}

/* 40 plans of a 50% fault as a string of 0/1. */
static void dice_sequence(unsigned long long seed, char *out)
{
	sb_faults f;
	sb_fault_plan plan;
	pc_err err;

	sb_faults_init(&f, seed);
	assert_int_equal(sb_faults_add(&f, "code=1018:0.5", &err), 0);
	for (int i = 0; i < 40; i++) {
		sb_faults_plan(&f, "account.balance", &plan);
		out[i] = plan.hit ? '1' : '0';
	}
	out[40] = '\0';
	sb_faults_free(&f);
}

static void fault_dice_repeat_with_the_seed(void **state)
{
	char a[41], b[41], c[41];

	(void)state;
	dice_sequence(7, a);
	dice_sequence(7, b);
	dice_sequence(8, c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_non_null(strchr(a, '0'));
	assert_non_null(strchr(a, '1'));
}

static void fault_plan_filters_and_orders(void **state)
{
	sb_faults f;
	sb_fault_plan plan;
	pc_err err;

	(void)state;
	sb_faults_init(&f, 1);
	assert_int_equal(sb_faults_add(&f, "latency=100", &err), 0);
	assert_int_equal(sb_faults_add(&f, "code=1013@payout.create", &err), 0);
	assert_int_equal(sb_faults_add(&f, "drop", &err), 0);
	assert_int_equal(sb_faults_add(&f, "latency=20@payout.create", &err), 0);
	sb_faults_plan(&f, "payout.create", &plan);
	assert_true(plan.hit);
	assert_int_equal(plan.kind, SB_FAULT_CODE); /* the first terminal fault */
	assert_int_equal(plan.arg, 1013);
	assert_int_equal(plan.latency_ms, 120);     /* latencies add up */
	sb_faults_plan(&f, "qr.create", &plan);
	assert_int_equal(plan.kind, SB_FAULT_DROP);
	assert_int_equal(plan.latency_ms, 100);
	sb_faults_clear(&f);
	sb_faults_plan(&f, "qr.create", &plan);
	assert_false(plan.hit);
	assert_int_equal(plan.latency_ms, 0);
	sb_faults_free(&f);
}

/* ---- clock ---- */

static void philippine_time(void **state)
{
	char t[SB_TIME_TEXT], d[SB_DATE_TEXT];
	long long ms;

	(void)state;
	assert_string_equal(sb_time_text(0, t), "1970-01-01 08:00:00");
	/* 2022-05-23 19:59:05 +08:00, the payout status example. */
	assert_string_equal(sb_time_text(1653307145000LL, t), "2022-05-23 19:59:05");
	assert_string_equal(sb_date_text(1653307145000LL, d), "2022-05-23");
	assert_string_equal(sb_date_text(1653321600000LL - 1, d), "2022-05-23"); /* 23:59:59.999 */
	assert_string_equal(sb_date_text(1653321600000LL, d), "2022-05-24");
	assert_int_equal(sb_time_parse("2022-05-23 19:59:05", &ms), 0);
	assert_true(ms == 1653307145000LL);
	assert_int_equal(sb_date_parse("2022-05-24", &ms), 0);
	assert_true(ms == 1653321600000LL);
	assert_int_equal(sb_date_parse("2024-02-29", &ms), 0);
	assert_int_equal(sb_date_parse("2023-02-29", &ms), -1);
	assert_int_equal(sb_date_parse("2024-13-01", &ms), -1);
	assert_int_equal(sb_date_parse("2024-1-01", &ms), -1);
	assert_int_equal(sb_date_parse("2024-01-01 ", &ms), -1);
	assert_int_equal(sb_time_parse("2024-01-01 24:00:00", &ms), -1);
	assert_int_equal(sb_time_parse("2024-01-01T10:00:00", &ms), -1);
}

/* ---- ids ---- */

static int all_digits(const char *s)
{
	return strspn(s, "0123456789") == strlen(s);
}

static void id_shapes(void **state)
{
	char id[SB_ID_SIZE], seen[1000][8];

	(void)state;
	assert_string_equal(sb_id_timed(id, "D", 1653307144123LL, 580541), "D1007653307144580541");
	assert_string_equal(sb_id_timed(id, "C", 1653307144000LL, 1000001), "C1007653307144000001");
	assert_int_equal(strlen(sb_id_timed(id, "QR", 1653307144000LL, 3)), 21);
	/* 2022-04-28 00:41:48 in Manila is still 2022-04-27 in UTC. */
	assert_string_equal(sb_id_refund(id, 1651077708000LL, 4148975), "R420220428004148975");
	assert_string_equal(sb_id_va_reference(id, 710000024), "PC0000710000024");
	assert_string_equal(sb_id_bank_account(id, 198), "999100000198");
	assert_true(all_digits(sb_id_bank_account(id, 198)));
	for (int i = 0; i < 1000; i++) {
		sb_id_short_code(seen[i], i + 1);
		assert_int_equal(strlen(seen[i]), 7);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(seen[i], seen[j]);
	}
}

/* ---- answers against the table ---- */

static bool shape_of(const char *id, const char *json, char *why)
{
	cJSON *data = cJSON_Parse(json);
	bool ok = sb_response_shape_ok(pc_endpoint_by_id(id), data, why, 256);

	cJSON_Delete(data);
	return ok;
}

static void answers_match_the_table(void **state)
{
	char why[256];

	(void)state;
	assert_true(shape_of("account.balance", "{\"balance\":1}", why));
	assert_false(shape_of("account.balance", "{}", why));
	assert_string_equal(why, "data lacks balance");
	assert_false(shape_of("account.balance", "{\"balance\":1,\"x\":2}", why));
	assert_string_equal(why, "data has x, which the table does not list");
	/* "list[].field" */
	assert_true(shape_of("va.cancel", "{\"paymentVaList\":[{\"mchOrderId\":\"a\",\"channelCode\":\"b\","
	                     "\"referenceNumber\":\"c\",\"biller\":\"d\",\"status\":\"e\"}]}", why));
	assert_false(shape_of("va.cancel", "{\"paymentVaList\":[{\"mchOrderId\":\"a\"}]}", why));
	assert_string_equal(why, "paymentVaList[] lacks channelCode");
	assert_false(shape_of("va.cancel", "{\"paymentVaList\":{}}", why));
	/* "[].field": data itself is a list */
	assert_true(shape_of("qr.payments", "[]", why));
	assert_false(shape_of("qr.payments", "[{\"transactionId\":\"C1\"}]", why));
	assert_false(shape_of("qr.payments", "{}", why));
	assert_string_equal(why, "data is not a list");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc16_known_answer),
		cmocka_unit_test(qrph_dynamic_payload),
		cmocka_unit_test(qrph_static_payload_cleans_names),
		cmocka_unit_test(fault_specs_parse),
		cmocka_unit_test(fault_specs_refused),
		cmocka_unit_test(fault_dice_repeat_with_the_seed),
		cmocka_unit_test(fault_plan_filters_and_orders),
		cmocka_unit_test(philippine_time),
		cmocka_unit_test(id_shapes),
		cmocka_unit_test(answers_match_the_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
