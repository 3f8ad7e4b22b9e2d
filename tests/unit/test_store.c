/* Tests for src/core/store.c: objects put, merged, read back, shared
 * between handles, recorded from answers and changed by callbacks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "callback.h"
#include "paths.h"
#include "store.h"
#include "testutil.h"

typedef tu_state_dir fixture;

static int setup(void **state)
{
	*state = tu_state_dir_new("store", "test", "objects");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	tu_state_dir_free(*state);
	return 0;
}

static pc_store *open_ok(const fixture *f)
{
	pc_err err;
	pc_store *s;

	pc_err_clear(&err);
	s = pc_store_open(f->state_dir, &err);
	if (!s)
		fail_msg("pc_store_open: %s", err.msg);
	return s;
}

static int count_lines(const char *path)
{
	char *text = tu_read_file(path, NULL);
	int n = 0;

	for (char *p = text; *p; p++)
		n += *p == '\n';
	free(text);
	return n;
}

static const char *field_text(const pc_store_obj *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o->fields, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double field_number(const pc_store_obj *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o->fields, name);

	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

static void put_ok(pc_store *s, const char *kind, const char *id, const char *status, const char *json,
                   long long when)
{
	cJSON *fields = json ? cJSON_Parse(json) : NULL;
	pc_err err;

	pc_err_clear(&err);
	if (pc_store_put(s, kind, id, status, fields, NULL, NULL, when, &err) < 0)
		fail_msg("pc_store_put: %s", err.msg);
	cJSON_Delete(fields);
}

/* A judged callback as pc_callback_judge would leave it, without keys. */
static void make_callback(pc_callback *cb, const char *body, pc_verdict verdict)
{
	pc_err err;

	memset(cb, 0, sizeof(*cb));
	pc_params_init(&cb->fields);
	assert_int_equal(pc_params_parse(&cb->fields, body, strlen(body), &err), 0);
	cb->verdict = verdict;
	cb->event = pc_params_get(&cb->fields, "eventName");
	cb->kind = pc_callback_kind(cb->event);
	cb->order = pc_params_get(&cb->fields, "mchOrderId");
	if (!cb->order)
		cb->order = pc_params_get(&cb->fields, "mchRefundOrderId");
	cb->transaction = pc_params_get(&cb->fields, "transactionId");
	cb->status = pc_params_get(&cb->fields, "transactionStatus");
	if (!cb->status)
		cb->status = pc_params_get(&cb->fields, "refundStatus");
	if (pc_params_get(&cb->fields, "amount")) {
		cb->amount = atoll(pc_params_get(&cb->fields, "amount"));
		cb->has_amount = true;
	}
}

/* ---- tests ------------------------------------------------------------ */

static void test_open_creates_private_file(void **state)
{
	fixture *f = *state;
	pc_store *s = open_ok(f);
	struct stat st;

	assert_int_equal(pc_store_count(s), 0);
	assert_string_equal(pc_store_path(s), f->path);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(f->state_dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	pc_store_close(s);
}

static void test_put_merges_and_reads_back(void **state)
{
	fixture *f = *state;
	pc_store *s = open_ok(f);
	const pc_store_obj *o;

	put_ok(s, "payout", "P1", "PENDING", "{\"amount\":25000,\"accountName\":\"Juan\"}", 1000);
	put_ok(s, "payout", "P1", NULL, "{\"transactionId\":\"D1\",\"amount\":25000}", 2000);
	put_ok(s, "qr", "Q1", "ACTIVE", NULL, 3000);
	assert_int_equal(pc_store_count(s), 2);
	pc_store_close(s);

	s = open_ok(f);
	assert_int_equal(pc_store_count(s), 2);
	o = pc_store_find(s, "payout", "P1");
	assert_non_null(o);
	assert_string_equal(o->status, "PENDING");
	assert_string_equal(field_text(o, "accountName"), "Juan");
	assert_string_equal(field_text(o, "transactionId"), "D1");
	assert_true(field_number(o, "amount") == 25000);
	assert_int_equal(o->updated, 2000);
	assert_string_equal(pc_store_get(s, 1)->id, "Q1");
	assert_null(pc_store_find(s, "qr", "P1"));
	assert_null(pc_store_get(s, 2));
	pc_store_close(s);
}

static void test_unchanged_put_writes_nothing(void **state)
{
	fixture *f = *state;
	pc_store *s = open_ok(f);

	put_ok(s, "payout", "P1", "PENDING", "{\"amount\":100}", 1000);
	put_ok(s, "payout", "P1", "PENDING", "{\"amount\":100}", 5000);
	put_ok(s, "payout", "P1", NULL, NULL, 6000);
	assert_int_equal(count_lines(f->path), 1);
	assert_int_equal(pc_store_find(s, "payout", "P1")->updated, 1000);
	put_ok(s, "payout", "P1", "COMPLETE", NULL, 7000);
	assert_int_equal(count_lines(f->path), 2);
	pc_store_close(s);
}

static void test_refresh_sees_other_writers(void **state)
{
	fixture *f = *state;
	pc_store *a = open_ok(f);
	pc_store *b = open_ok(f);
	bool changed = true;
	pc_err err;

	assert_int_equal(pc_store_refresh(b, &changed, &err), 0);
	assert_false(changed);
	put_ok(a, "web", "W1", "PENDING", "{\"amount\":1500}", 1000);
	assert_int_equal(pc_store_refresh(b, &changed, &err), 0);
	assert_true(changed);
	assert_non_null(pc_store_find(b, "web", "W1"));
	/* Reading one's own line back is no change. */
	put_ok(b, "web", "W1", "COMPLETE", NULL, 2000);
	assert_int_equal(pc_store_refresh(b, &changed, &err), 0);
	assert_false(changed);
	assert_int_equal(pc_store_refresh(a, &changed, &err), 0);
	assert_true(changed);
	assert_string_equal(pc_store_find(a, "web", "W1")->status, "COMPLETE");
	pc_store_close(a);
	pc_store_close(b);
}

static void test_torn_and_bad_lines(void **state)
{
	fixture *f = *state;
	pc_store *s = open_ok(f);
	FILE *fp;
	bool changed;
	pc_err err;

	pc_store_close(s);
	fp = fopen(f->path, "a");
	assert_non_null(fp);
	fputs("not json\n{\"kind\":\"qr\"}\n", fp);
	fputs("{\"kind\":\"qr\",\"id\":\"Q1\",\"status\":\"ACTIVE\",\"updated\":5,\"fields\":{}}\n", fp);
	fputs("{\"kind\":\"qr\",\"id\":\"Q2\",\"upd", fp); /* torn: still being written */
	fclose(fp);
	s = open_ok(f);
	assert_int_equal(pc_store_count(s), 1);
	assert_int_equal(pc_store_bad_lines(s), 2);
	fp = fopen(f->path, "a");
	fputs("ated\":6,\"fields\":{}}\n", fp);
	fclose(fp);
	assert_int_equal(pc_store_refresh(s, &changed, &err), 0);
	assert_true(changed);
	assert_non_null(pc_store_find(s, "qr", "Q2"));
	assert_int_equal(pc_store_bad_lines(s), 2);
	pc_store_close(s);
}

static void test_compacts_on_open(void **state)
{
	fixture *f = *state;
	pc_store *s = open_ok(f);
	pc_store *other = open_ok(f);
	char status[16];
	bool changed;
	pc_err err;

	for (int i = 0; i < 400; i++) {
		snprintf(status, sizeof(status), "S%d", i);
		put_ok(s, "payout", "P1", status, NULL, 1000 + i);
	}
	put_ok(s, "payout", "P2", "PENDING", "{\"amount\":1}", 5000);
	pc_store_close(s);
	assert_int_equal(count_lines(f->path), 401);
	s = open_ok(f);
	assert_int_equal(count_lines(f->path), 2);
	assert_string_equal(pc_store_find(s, "payout", "P1")->status, "S399");
	/* A handle opened before the compaction follows the new file. */
	put_ok(other, "payout", "P3", "PENDING", NULL, 6000);
	assert_int_equal(count_lines(f->path), 3);
	assert_int_equal(pc_store_refresh(s, &changed, &err), 0);
	assert_true(changed);
	assert_non_null(pc_store_find(s, "payout", "P3"));
	pc_store_close(s);
	pc_store_close(other);
}

static void test_refuses_open_or_linked_files(void **state)
{
	fixture *f = *state;
	pc_store *s = open_ok(f);
	char target[128];
	pc_err err;

	pc_store_close(s);
	chmod(f->path, 0644);
	pc_err_clear(&err);
	assert_null(pc_store_open(f->state_dir, &err));
	assert_non_null(strstr(err.msg, "too open"));
	assert_non_null(strstr(err.msg, "chmod 600"));
	unlink(f->path);
	tu_path(target, sizeof(target), f->dir, "elsewhere");
	tu_write_file(target, "", 0600);
	assert_int_equal(symlink(target, f->path), 0);
	pc_err_clear(&err);
	assert_null(pc_store_open(f->state_dir, &err));
	assert_non_null(strstr(err.msg, "symbolic link"));
}

static void test_record_payout_answer(void **state)
{
	fixture *f = *state;
	pc_store *s = open_ok(f);
	const pc_endpoint *ep = pc_endpoint_by_id("payout.create");
	cJSON *data = cJSON_Parse("{\"mchOrderId\":\"P9\",\"transactionId\":\"D9\","
	                          "\"transactionStatus\":\"PENDING\"}");
	const pc_store_obj *o;
	pc_params fields;
	pc_err err;

	pc_params_init(&fields);
	pc_params_set_str(&fields, "appId", "app");
	pc_params_set_str(&fields, "mchOrderId", "P9");
	pc_params_set_str(&fields, "appName", "shop");
	pc_params_set(&fields, "amount", PC_JNUM, "25000");
	pc_params_set_str(&fields, "accountNo", "09171234567");
	pc_params_set_str(&fields, "sign", "SIG");
	assert_int_equal(pc_store_record_answer(s, ep, &fields, data, "POST /api/v1/payout", "{\"code\":1000}", &err), 1);
	o = pc_store_find(s, "payout", "P9");
	assert_non_null(o);
	assert_string_equal(o->status, "PENDING");
	assert_string_equal(field_text(o, "transactionId"), "D9");
	assert_string_equal(field_text(o, "accountNo"), "09171234567");
	assert_true(field_number(o, "amount") == 25000);
	assert_null(cJSON_GetObjectItem(o->fields, "sign"));
	assert_null(cJSON_GetObjectItem(o->fields, "appId"));
	assert_null(cJSON_GetObjectItem(o->fields, "appName"));
	assert_string_equal(o->request, "POST /api/v1/payout");
	assert_string_equal(o->response, "{\"code\":1000}");
	/* Balance is about no object. */
	assert_int_equal(pc_store_record_answer(s, pc_endpoint_by_id("account.balance"), &fields, data,
	                                        NULL, NULL, &err), 0);
	assert_int_equal(pc_store_count(s), 1);
	cJSON_Delete(data);
	pc_params_free(&fields);
	pc_store_close(s);
}

static void test_record_lists_and_created_status(void **state)
{
	fixture *f = *state;
	pc_store *s = open_ok(f);
	cJSON *refunds = cJSON_Parse("[{\"mchRefundOrderId\":\"R1\",\"refundStatus\":\"COMPLETE\"},"
	                             "{\"mchRefundOrderId\":\"R2\",\"refundStatus\":\"PENDING\"}, 7]");
	cJSON *va = cJSON_Parse("{\"shortLink\":\"http://x\",\"paymentVaList\":[{\"mchOrderId\":\"V1\"}]}");
	cJSON *cancelled = cJSON_Parse("{\"paymentVaList\":[{\"mchOrderId\":\"V1\",\"status\":\"CANCELLED\"}]}");
	pc_params fields;
	pc_err err;

	pc_params_init(&fields);
	pc_params_set_str(&fields, "originalTransactionId", "C1");
	assert_int_equal(pc_store_record_answer(s, pc_endpoint_by_id("refund.show"), &fields, refunds,
	                                        NULL, NULL, &err), 2);
	assert_string_equal(pc_store_find(s, "refund", "R1")->status, "COMPLETE");
	assert_string_equal(pc_store_find(s, "refund", "R2")->status, "PENDING");
	assert_string_equal(field_text(pc_store_find(s, "refund", "R2"), "originalTransactionId"), "C1");
	pc_params_free(&fields);

	pc_params_init(&fields);
	pc_params_set_str(&fields, "mchOrderId", "V1");
	assert_int_equal(pc_store_record_answer(s, pc_endpoint_by_id("va.batch_create"), &fields, va,
	                                        NULL, NULL, &err), 1);
	assert_string_equal(pc_store_find(s, "va", "V1")->status, "ACTIVE");
	assert_string_equal(field_text(pc_store_find(s, "va", "V1"), "shortLink"), "http://x");
	assert_int_equal(pc_store_record_answer(s, pc_endpoint_by_id("va.cancel"), &fields, cancelled,
	                                        NULL, NULL, &err), 1);
	assert_string_equal(pc_store_find(s, "va", "V1")->status, "CANCELLED");
	pc_params_free(&fields);
	cJSON_Delete(refunds);
	cJSON_Delete(va);
	cJSON_Delete(cancelled);
	pc_store_close(s);
}

static void test_kinds_and_final_states(void **state)
{
	(void)state;
	assert_string_equal(pc_store_kind_of("payout.create"), "payout");
	assert_string_equal(pc_store_kind_of("payout.status"), "payout");
	assert_string_equal(pc_store_kind_of("qr.show"), "qr");
	assert_string_equal(pc_store_kind_of("va.batch_create"), "va");
	assert_string_equal(pc_store_kind_of("transfer.update"), "transfer");
	assert_string_equal(pc_store_kind_of("web.status"), "web");
	assert_string_equal(pc_store_kind_of("refund.create"), "refund");
	assert_string_equal(pc_store_kind_of("checkout.status"), "checkout");
	assert_null(pc_store_kind_of("account.balance"));
	assert_null(pc_store_kind_of("qr.payments"));
	assert_null(pc_store_kind_of(NULL));
	assert_true(pc_store_status_final("COMPLETE"));
	assert_true(pc_store_status_final("FAILED"));
	assert_false(pc_store_status_final("PENDING"));
	assert_false(pc_store_status_final("UNKNOWN"));
	assert_false(pc_store_status_final(NULL));
}

static void test_payout_callback_completes(void **state)
{
	fixture *f = *state;
	pc_store *s = open_ok(f);
	pc_callback cb;
	const pc_store_obj *o;
	pc_err err;

	put_ok(s, "payout", "P1", "PENDING", "{\"amount\":25000,\"accountName\":\"Juan\"}", 1000);
	make_callback(&cb, "{\"eventName\":\"disbursement.success\",\"mchOrderId\":\"P1\","
	              "\"transactionId\":\"D1\",\"amount\":25000,\"transactionStatus\":\"COMPLETE\","
	              "\"sign\":\"AAAA\"}", PC_VERDICT_VALID);
	assert_int_equal(pc_store_apply_callback(s, &cb, 2000, &err), 1);
	o = pc_store_find(s, "payout", "P1");
	assert_string_equal(o->status, "COMPLETE");
	assert_string_equal(field_text(o, "accountName"), "Juan");
	assert_string_equal(field_text(o, "transactionId"), "D1");
	assert_null(cJSON_GetObjectItem(o->fields, "sign"));
	assert_int_equal(o->updated, 2000);
	/* The same callback again (a restart re-reads the spool): no change, no line. */
	assert_int_equal(pc_store_apply_callback(s, &cb, 2000, &err), 0);
	assert_int_equal(count_lines(f->path), 2);
	pc_callback_free(&cb);
	pc_store_close(s);
}

static void test_callbacks_that_change_nothing(void **state)
{
	fixture *f = *state;
	pc_store *s = open_ok(f);
	pc_callback cb;
	pc_err err;

	put_ok(s, "payout", "P1", "COMPLETE", NULL, 5000);
	/* Forged: never applied. */
	make_callback(&cb, "{\"eventName\":\"disbursement.fail\",\"mchOrderId\":\"P1\","
	              "\"transactionStatus\":\"FAILED\"}", PC_VERDICT_MISMATCH);
	assert_int_equal(pc_store_apply_callback(s, &cb, 9000, &err), 0);
	/* Valid but older than the final status we have. */
	cb.verdict = PC_VERDICT_VALID;
	assert_int_equal(pc_store_apply_callback(s, &cb, 4000, &err), 0);
	assert_string_equal(pc_store_find(s, "payout", "P1")->status, "COMPLETE");
	pc_callback_free(&cb);
	/* A kind the store does not keep. */
	make_callback(&cb, "{\"eventName\":\"payment.verification\",\"mchOrderId\":\"X\"}", PC_VERDICT_VALID);
	assert_int_equal(pc_store_apply_callback(s, &cb, 9000, &err), 0);
	pc_callback_free(&cb);
	assert_int_equal(pc_store_count(s), 1);
	pc_store_close(s);
}

static void test_qr_callback_notes_payment(void **state)
{
	fixture *f = *state;
	pc_store *s = open_ok(f);
	pc_callback cb;
	const pc_store_obj *o;
	pc_err err;

	put_ok(s, "qr", "Q1", "ACTIVE", "{\"channelCode\":\"QRPH_STATIC_QR\"}", 1000);
	make_callback(&cb, "{\"eventName\":\"qrcode.payment.success\",\"mchOrderId\":\"Q1\","
	              "\"transactionId\":\"C7\",\"amount\":30000,\"transactionStatus\":\"COMPLETE\"}",
	              PC_VERDICT_VALID);
	assert_int_equal(pc_store_apply_callback(s, &cb, 2000, &err), 1);
	o = pc_store_find(s, "qr", "Q1");
	assert_string_equal(o->status, "ACTIVE");
	assert_string_equal(field_text(o, "lastPaymentTransactionId"), "C7");
	assert_string_equal(field_text(o, "lastPaymentStatus"), "COMPLETE");
	assert_true(field_number(o, "lastPaymentAmount") == 30000);
	assert_string_equal(field_text(o, "channelCode"), "QRPH_STATIC_QR");
	pc_callback_free(&cb);
	/* A refund callback for a refund never seen adds it. */
	make_callback(&cb, "{\"eventName\":\"payment.refund.success\",\"mchRefundOrderId\":\"R5\","
	              "\"refundStatus\":\"COMPLETE\"}", PC_VERDICT_VALID);
	assert_int_equal(pc_store_apply_callback(s, &cb, 3000, &err), 1);
	assert_string_equal(pc_store_find(s, "refund", "R5")->status, "COMPLETE");
	pc_callback_free(&cb);
	pc_store_close(s);
}

static void test_fields_json_keeps_types(void **state)
{
	pc_params p;
	cJSON *o;

	(void)state;
	pc_params_init(&p);
	pc_params_set_str(&p, "name", "Ana");
	pc_params_set(&p, "amount", PC_JNUM, "100.00");
	pc_params_set(&p, "customer", PC_JRAW, "{\"firstName\":\"Juan\"}");
	pc_params_set(&p, "remark", PC_JNULL, "null");
	pc_params_set_str(&p, "timestamp", "1");
	pc_params_set_str(&p, "sign", "x");
	o = pc_store_fields_json(&p);
	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItem(o, "name")->valuestring, "Ana");
	assert_true(cJSON_GetObjectItem(o, "amount")->valuedouble == 100);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "customer"), "firstName")->valuestring, "Juan");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "remark")));
	assert_null(cJSON_GetObjectItem(o, "timestamp"));
	assert_null(cJSON_GetObjectItem(o, "sign"));
	cJSON_Delete(o);
	pc_params_free(&p);
}

/* Opened unread, read in slices: lookups see what is read so far, and a
 * change before the end reads the rest first, so it is the last word. */
static void test_unread_open_loads_in_slices(void **state)
{
	fixture *f = *state;
	pc_store *s = open_ok(f);
	pc_err err;
	char id[16];

	for (int i = 0; i < 10; i++) {
		snprintf(id, sizeof(id), "P%d", i);
		put_ok(s, "payout", id, "PENDING", NULL, 1000 + i);
	}
	put_ok(s, "payout", "P9", "COMPLETE", NULL, 2000); /* line 11 settles P9 */
	pc_store_close(s);

	pc_err_clear(&err);
	s = pc_store_open_unread(f->state_dir, &err);
	assert_non_null(s);
	assert_false(pc_store_loaded(s));
	assert_int_equal(pc_store_count(s), 0);
	assert_int_equal(pc_store_load_step(s, 4, &err), 1);
	assert_int_equal(pc_store_count(s), 4);
	assert_null(pc_store_find(s, "payout", "P9"));
	/* P9 is still PENDING on the lines read so far: a change reads the
	 * rest first and lands after them. */
	put_ok(s, "payout", "P9", "FAILED", NULL, 3000);
	assert_true(pc_store_loaded(s));
	assert_int_equal(pc_store_count(s), 10);
	assert_string_equal(pc_store_find(s, "payout", "P9")->status, "FAILED");
	assert_int_equal(pc_store_load_step(s, 4, &err), 0);
	pc_store_close(s);

	s = open_ok(f);
	assert_int_equal(pc_store_count(s), 10);
	assert_string_equal(pc_store_find(s, "payout", "P9")->status, "FAILED");
	assert_int_equal(count_lines(f->path), 12);
	pc_store_close(s);

	/* Step by step to the end, as the console does. */
	s = pc_store_open_unread(f->state_dir, &err);
	assert_non_null(s);
	while (pc_store_load_step(s, 5, &err) > 0)
		;
	assert_true(pc_store_loaded(s));
	assert_int_equal(pc_store_count(s), 10);
	assert_string_equal(pc_store_find(s, "payout", "P9")->status, "FAILED");
	pc_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_creates_private_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unread_open_loads_in_slices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_merges_and_reads_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unchanged_put_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_sees_other_writers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_and_bad_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compacts_on_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_open_or_linked_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_payout_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_lists_and_created_status, setup, teardown),
		cmocka_unit_test(test_kinds_and_final_states),
		cmocka_unit_test_setup_teardown(test_payout_callback_completes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callbacks_that_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_qr_callback_notes_payment, setup, teardown),
		cmocka_unit_test(test_fields_json_keeps_types),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
