/* test_money_move.c — payouts and refunds through the journal, against a
 * server that answers from a script: money never moves twice, and an
 * unknown outcome is settled, never guessed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "canned_server.h"
#include "client.h"
#include "journal.h"
#include "money_move.h"
#include "paths.h"
#include "reconcile.h"

#ifndef TESTS_SRCDIR
#define TESTS_SRCDIR "tests"
#endif

static const char accepted_payout[] =
	"{\"code\":1000,\"message\":\"success\",\"data\":{\"mchOrderId\":\"ORD1\","
	"\"transactionId\":\"D1007653307144580541\",\"transactionStatus\":\"PENDING\"}}";
static const char status_complete[] =
	"{\"code\":1000,\"message\":\"success\",\"data\":{\"mchOrderId\":\"ORD1\","
	"\"transactionId\":\"D1007653307144580541\",\"amount\":50010,"
	"\"transactionStatus\":\"COMPLETE\"}}";
static const char not_found[] = "{\"code\":1008,\"message\":\"Transaction Not Found\",\"data\":null}";

typedef struct {
	char dir[256];
	canned_server *server;
	pc_profile profile;
	pc_client client;
} fixture;

static void copy_key(const char *dst)
{
	char *src = pc_strdupf("%s/data/merchant-test.pem", getenv("TESTS_SRCDIR") ? getenv("TESTS_SRCDIR") : TESTS_SRCDIR);
	char *body = NULL;
	size_t len = 0;
	FILE *f;

	assert_int_equal(pc_read_file(src, 65536, &body, &len, NULL), 0);
	f = fopen(dst, "w");
	assert_non_null(f);
	fwrite(body, 1, len, f);
	fclose(f);
	chmod(dst, 0600);
	free(body);
	free(src);
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	char *state_home;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/paycon-mm.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	state_home = pc_strdupf("%s/state", fx->dir);
	setenv("XDG_STATE_HOME", state_home, 1);
	free(state_home);
	fx->server = canned_start();
	assert_non_null(fx->server);
	fx->profile.name = strdup("test");
	fx->profile.environment = PC_ENV_UAT;
	fx->profile.base_url = pc_strdupf("http://127.0.0.1:%d", canned_port(fx->server));
	fx->profile.app_id = strdup("f90addc4861540ef9312e87d8f360e08");
	fx->profile.app_name = strdup("paycon test shop");
	fx->profile.private_key = pc_strdupf("%s/merchant.pem", fx->dir);
	fx->profile.spool = pc_strdupf("%s/spool", fx->dir);
	fx->profile.role = PC_ROLE_OPERATOR;
	fx->profile.timeout_ms = 3000;
	fx->profile.connect_timeout_ms = 1000;
	copy_key(fx->profile.private_key);
	assert_int_equal(pc_client_init(&fx->client, &fx->profile, NULL), 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	char *cmd = pc_strdupf("rm -rf '%s'", fx->dir);

	pc_client_free(&fx->client);
	canned_stop(fx->server);
	free(fx->profile.name);
	free(fx->profile.base_url);
	free(fx->profile.app_id);
	free(fx->profile.app_name);
	free(fx->profile.private_key);
	free(fx->profile.spool);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(fx);
	return 0;
}

static void payout_fields(pc_params *p, const char *amount)
{
	pc_params_init(p);
	pc_params_set_str(p, "mchOrderId", "ORD1");
	pc_params_set(p, "amount", PC_JNUM, amount);
	pc_params_set_str(p, "payMethodCode", "EWALLET");
	pc_params_set_str(p, "ewalletCode", "GCASH");
	pc_params_set_str(p, "accountNo", "09171234567");
	pc_params_set_str(p, "accountName", "Juan Dela Cruz");
	pc_params_set_str(p, "idempotencyId", "IDEM0000000001");
}

static int move(fixture *fx, const char *amount, pc_move *mv, pc_err *err)
{
	pc_params p;
	int rc;

	payout_fields(&p, amount);
	pc_err_clear(err);
	rc = pc_money_move(&fx->client, pc_endpoint_by_id("payout.create"), &p, mv, err);
	pc_params_free(&p);
	return rc;
}

/* The journal entry for ORD1, as a fresh read sees it. */
static void journal_entry(fixture *fx, pc_journal_view *view, const pc_journal_entry **e)
{
	char *path = pc_strdupf("%s/journal", fx->client.state_dir);

	assert_int_equal(pc_journal_read(path, view, NULL), 0);
	*e = pc_journal_find(view, "payout.create", "ORD1");
	free(path);
}

static void assert_outcome(fixture *fx, const char *outcome)
{
	pc_journal_view view;
	const pc_journal_entry *e;

	journal_entry(fx, &view, &e);
	assert_non_null(e);
	assert_non_null(e->outcome);
	assert_string_equal(e->outcome, outcome);
	pc_journal_view_free(&view);
}

static void accepted_then_repeat_settles_without_paying_again(void **state)
{
	fixture *fx = *state;
	pc_move mv;
	pc_err err;

	canned_reply(fx->server, "/api/v1/payout/check", 200, status_complete);
	canned_reply(fx->server, "/api/v1/payout", 200, accepted_payout);
	assert_int_equal(move(fx, "50010", &mv, &err), 0);
	assert_int_equal(mv.result, PC_MOVE_ACCEPTED);
	assert_string_equal(mv.status, "PENDING");
	assert_string_equal(mv.transaction_id, "D1007653307144580541");
	pc_move_free(&mv);
	assert_outcome(fx, "accepted");

	assert_int_equal(move(fx, "50010", &mv, &err), 0);
	assert_int_equal(mv.result, PC_MOVE_ALREADY);
	assert_string_equal(mv.status, "COMPLETE");
	pc_move_free(&mv);
	/* One POST in all: the repeat only asked for the status. */
	assert_int_equal(canned_count(fx->server) - canned_count_path(fx->server, "/api/v1/payout/check"), 1);
	assert_outcome(fx, "settled");
}

static void different_details_under_a_known_order_are_refused(void **state)
{
	fixture *fx = *state;
	pc_move mv;
	pc_err err;

	canned_reply(fx->server, "/api/v1/payout", 200, accepted_payout);
	assert_int_equal(move(fx, "50010", &mv, &err), 0);
	pc_move_free(&mv);
	assert_int_equal(move(fx, "99999", &mv, &err), -1);
	assert_int_equal(err.cls, PC_EINPUT);
	assert_non_null(strstr(err.msg, "different details"));
	assert_int_equal(canned_count(fx->server), 1);
	pc_move_free(&mv);
}

static void lost_answer_is_unknown_until_reconciled(void **state)
{
	fixture *fx = *state;
	pc_move mv;
	pc_err err;
	int left = -1;

	canned_reply(fx->server, "/api/v1/payout/check", 200, not_found);
	canned_reply(fx->server, "/api/v1/payout", 0, NULL); /* processed, answer lost */
	assert_int_equal(move(fx, "50010", &mv, &err), -1);
	assert_int_equal(mv.result, PC_MOVE_UNKNOWN);
	assert_int_equal(err.cls, PC_ETRANSPORT);
	assert_non_null(strstr(err.msg, "outcome unknown"));
	pc_move_free(&mv);
	assert_outcome(fx, "unknown");

	/* A repeat must not send while the outcome is open and unreachable. */
	canned_reply(fx->server, "/api/v1/payout/check", 500, "<html>oops</html>");
	assert_int_equal(move(fx, "50010", &mv, &err), -1);
	assert_int_equal(mv.result, PC_MOVE_UNKNOWN);
	pc_move_free(&mv);
	assert_int_equal(canned_count_path(fx->server, "/api/v1/payout?"), 0);

	canned_reply(fx->server, "/api/v1/payout/check", 200, status_complete);
	assert_int_equal(pc_reconcile_all(&fx->client, NULL, NULL, &left, &err), 0);
	assert_int_equal(left, 0);
	assert_outcome(fx, "settled");
	/* Exactly one payout POST ever reached the server. */
	assert_int_equal(canned_count(fx->server) - canned_count_path(fx->server, "/api/v1/payout/check"), 1);
}

static void lost_answer_found_at_once_counts_as_accepted(void **state)
{
	fixture *fx = *state;
	pc_move mv;
	pc_err err;

	canned_reply(fx->server, "/api/v1/payout/check", 200, status_complete);
	canned_reply(fx->server, "/api/v1/payout", 0, NULL);
	assert_int_equal(move(fx, "50010", &mv, &err), 0);
	assert_int_equal(mv.result, PC_MOVE_ACCEPTED);
	assert_string_equal(mv.status, "COMPLETE");
	pc_move_free(&mv);
	assert_outcome(fx, "settled");
}

static void absent_after_reconcile_resends_with_the_same_ids(void **state)
{
	fixture *fx = *state;
	pc_move mv;
	pc_err err;
	int left;
	const char *first, *second;

	canned_reply(fx->server, "/api/v1/payout/check", 200, not_found); /* immediate look */
	canned_reply(fx->server, "/api/v1/payout", 0, NULL);
	assert_int_equal(move(fx, "50010", &mv, &err), -1);
	pc_move_free(&mv);
	canned_reply(fx->server, "/api/v1/payout/check", 200, not_found); /* reconcile: absent */
	assert_int_equal(pc_reconcile_all(&fx->client, NULL, NULL, &left, &err), 0);
	assert_outcome(fx, "absent");

	canned_reply(fx->server, "/api/v1/payout", 200, accepted_payout);
	assert_int_equal(move(fx, "50010", &mv, &err), 0);
	assert_int_equal(mv.result, PC_MOVE_ACCEPTED);
	pc_move_free(&mv);
	first = canned_request_body(fx->server, 0);
	second = canned_request_body(fx->server, canned_count(fx->server) - 1);
	assert_non_null(strstr(first, "\"idempotencyId\":\"IDEM0000000001\""));
	assert_string_equal(first, second); /* byte for byte the same request */
}

static void connection_refused_is_not_sent_and_safe_to_repeat(void **state)
{
	fixture *fx = *state;
	pc_move mv;
	pc_err err;

	free(fx->profile.base_url);
	fx->profile.base_url = strdup("http://127.0.0.1:1");
	assert_int_equal(move(fx, "50010", &mv, &err), -1);
	assert_int_equal(mv.result, PC_MOVE_NOT_SENT);
	assert_int_equal(err.cls, PC_ETRANSPORT);
	assert_non_null(strstr(err.msg, "nothing was sent"));
	pc_move_free(&mv);
	assert_outcome(fx, "not_sent");
}

static void api_rejection_is_recorded_and_retry_allowed(void **state)
{
	fixture *fx = *state;
	pc_move mv;
	pc_err err;

	canned_reply(fx->server, "/api/v1/payout", 200,
	             "{\"code\":1006,\"message\":\"merchant balance insufficient\",\"data\":null}");
	assert_int_equal(move(fx, "50010", &mv, &err), -1);
	assert_int_equal(mv.result, PC_MOVE_REJECTED);
	assert_int_equal(err.cls, PC_EAPI);
	assert_int_equal(err.api_code, 1006);
	pc_move_free(&mv);
	assert_outcome(fx, "rejected");
	canned_reply(fx->server, "/api/v1/payout", 200, accepted_payout);
	assert_int_equal(move(fx, "50010", &mv, &err), 0);
	assert_int_equal(mv.result, PC_MOVE_ACCEPTED);
	pc_move_free(&mv);
}

static void duplicate_idempotency_answer_is_settled_by_status(void **state)
{
	fixture *fx = *state;
	pc_move mv;
	pc_err err;

	canned_reply(fx->server, "/api/v1/payout/check", 200, status_complete);
	canned_reply(fx->server, "/api/v1/payout", 200,
	             "{\"code\":1014,\"message\":\"merchant payout idempotency repeat\"}");
	assert_int_equal(move(fx, "50010", &mv, &err), 0);
	assert_int_equal(mv.result, PC_MOVE_ACCEPTED);
	assert_string_equal(mv.status, "COMPLETE");
	pc_move_free(&mv);
}

static void order_id_of_another_payment_is_a_conflict(void **state)
{
	fixture *fx = *state;
	pc_move mv;
	pc_err err;
	int left;

	canned_reply(fx->server, "/api/v1/payout/check", 200, not_found);
	canned_reply(fx->server, "/api/v1/payout", 200,
	             "{\"code\":1012,\"message\":\"merchant order id is repeat\"}");
	assert_int_equal(move(fx, "77700", &mv, &err), -1);
	pc_move_free(&mv);
	canned_reply(fx->server, "/api/v1/payout/check", 200, status_complete); /* 50010 != 77700 */
	assert_int_equal(pc_reconcile_all(&fx->client, NULL, NULL, &left, &err), 0);
	assert_int_equal(left, 0);
	assert_outcome(fx, "rejected");
}

static void garbage_answer_leaves_the_outcome_unknown(void **state)
{
	fixture *fx = *state;
	pc_move mv;
	pc_err err;

	canned_reply(fx->server, "/api/v1/payout/check", 200, not_found);
	canned_reply(fx->server, "/api/v1/payout", 502, "<html><body>502 Bad Gateway</body></html>");
	assert_int_equal(move(fx, "50010", &mv, &err), -1);
	assert_int_equal(mv.result, PC_MOVE_UNKNOWN);
	assert_int_equal(err.cls, PC_ETRANSPORT);
	assert_non_null(strstr(err.msg, "HTTP 502"));
	pc_move_free(&mv);
	assert_outcome(fx, "unknown");
}

static void viewer_role_sends_and_journals_nothing(void **state)
{
	fixture *fx = *state;
	pc_journal_view view;
	const pc_journal_entry *e;
	pc_move mv;
	pc_err err;

	fx->profile.role = PC_ROLE_VIEWER;
	assert_int_equal(move(fx, "50010", &mv, &err), -1);
	assert_non_null(strstr(err.msg, "viewer"));
	pc_move_free(&mv);
	assert_int_equal(canned_count(fx->server), 0);
	journal_entry(fx, &view, &e);
	assert_null(e);
	pc_journal_view_free(&view);
}

static void refund_is_reconciled_from_the_refund_list(void **state)
{
	fixture *fx = *state;
	pc_params p;
	pc_move mv;
	pc_err err;
	int left;

	pc_params_init(&p);
	pc_params_set_str(&p, "mchRefundOrderId", "RF1");
	pc_params_set_str(&p, "originalTransactionId", "C1175676368800878371");
	pc_params_set(&p, "refundAmount", PC_JNUM, "10000");
	pc_params_set_str(&p, "refundCallbackUrl", "https://shop.example.ph/refund");
	canned_reply(fx->server, "/api/refund/payments", 200, "{\"code\":1000,\"message\":\"success\",\"data\":[]}");
	canned_reply(fx->server, "/api/payment/refund", 0, NULL);
	assert_int_equal(pc_money_move(&fx->client, pc_endpoint_by_id("refund.create"), &p, &mv, &err), -1);
	assert_int_equal(mv.result, PC_MOVE_UNKNOWN);
	pc_move_free(&mv);
	canned_reply(fx->server, "/api/refund/payments", 200,
	             "{\"code\":1000,\"message\":\"success\",\"data\":[{\"mchRefundOrderId\":\"OTHER\","
	             "\"refundAmount\":5000,\"refundStatus\":\"COMPLETE\"},{\"mchRefundOrderId\":\"RF1\","
	             "\"refundTransactionId\":\"R420220428004148975\",\"refundAmount\":10000,"
	             "\"refundStatus\":\"PENDING\"}]}");
	assert_int_equal(pc_reconcile_all(&fx->client, NULL, NULL, &left, &err), 0);
	assert_int_equal(left, 0);
	canned_reply(fx->server, "/api/refund/payments", 200,
	             "{\"code\":1000,\"message\":\"success\",\"data\":[{\"mchRefundOrderId\":\"RF1\","
	             "\"refundTransactionId\":\"R420220428004148975\",\"refundAmount\":10000,"
	             "\"refundStatus\":\"COMPLETE\"}]}");
	assert_int_equal(pc_money_move(&fx->client, pc_endpoint_by_id("refund.create"), &p, &mv, &err), 0);
	assert_int_equal(mv.result, PC_MOVE_ALREADY);
	assert_string_equal(mv.status, "COMPLETE");
	pc_move_free(&mv);
	/* Confirmed once: a later "not found" must not make paycon pay again. */
	assert_int_equal(pc_money_move(&fx->client, pc_endpoint_by_id("refund.create"), &p, &mv, &err), -1);
	assert_int_equal(mv.result, PC_MOVE_UNKNOWN);
	assert_non_null(strstr(err.msg, "not sending it again"));
	pc_move_free(&mv);
	assert_int_equal(canned_count_path(fx->server, "/api/payment/refund"), 1);
	pc_params_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(accepted_then_repeat_settles_without_paying_again, setup, teardown),
		cmocka_unit_test_setup_teardown(different_details_under_a_known_order_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(lost_answer_is_unknown_until_reconciled, setup, teardown),
		cmocka_unit_test_setup_teardown(lost_answer_found_at_once_counts_as_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(absent_after_reconcile_resends_with_the_same_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(connection_refused_is_not_sent_and_safe_to_repeat, setup, teardown),
		cmocka_unit_test_setup_teardown(api_rejection_is_recorded_and_retry_allowed, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_idempotency_answer_is_settled_by_status, setup, teardown),
		cmocka_unit_test_setup_teardown(order_id_of_another_payment_is_a_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(garbage_answer_leaves_the_outcome_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(viewer_role_sends_and_journals_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(refund_is_reconciled_from_the_refund_list, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
