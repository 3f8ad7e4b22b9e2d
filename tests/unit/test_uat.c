/* test_uat.c — the acceptance checklist: the shipped file and parse errors
 * with their lines, progress that survives a restart, masking, and items
 * run for real against a server that answers from a script (pass, API and
 * HTTP failures, money moves through the journal, callbacks from a spool,
 * the operator, the callback URL), then the reports. */
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
#include "canonical.h"
#include "client.h"
#include "journal.h"
#include "keys.h"
#include "params.h"
#include "paths.h"
#include "signature.h"
#include "spool.h"
#include "testutil.h"
#include "uat.h"
#include "urlcode.h"

#ifndef TESTS_SRCDIR
#define TESTS_SRCDIR "tests"
#endif
#ifndef DATA_SRCDIR
#define DATA_SRCDIR "data"
#endif

static const char *tests_dir(void)
{
	return getenv("TESTS_SRCDIR") ? getenv("TESTS_SRCDIR") : TESTS_SRCDIR;
}

/* ---- the shipped checklist ------------------------------------------------ */

static void shipped_checklist_covers_the_issue(void **state)
{
	static const char *const uat_items[] = {
		"balance", "payout", "duplicate-order", "duplicate-idempotency", "bad-signature",
		"qr-static", "qr-dynamic", "va-static", "bank-transfer", "web-payment", "checkout",
		"refund-full", "refund-partial", "statements", "callback-url",
	};
	static const char *const prod_items[] = { "prod-payment", "prod-refund", "prod-recording" };
	char *path = pc_strdupf("%s/uat-checklist.conf", DATA_SRCDIR);
	pc_uat_checklist cl;
	pc_err err;

	(void)state;
	assert_int_equal(pc_uat_checklist_load(&cl, path, &err), 0);
	assert_int_equal(cl.nphases, 2);
	assert_string_equal(cl.phases[0].id, "uat");
	assert_string_equal(cl.phases[1].id, "production");
	assert_int_equal(cl.nitems, 18);
	for (size_t i = 0; i < sizeof(uat_items) / sizeof(uat_items[0]); i++) {
		long k = pc_uat_item_index(&cl, uat_items[i]);

		assert_true(k >= 0);
		assert_true(pc_uat_item_applies(&cl, (size_t)k, PC_ENV_SANDBOX));
		assert_true(pc_uat_item_applies(&cl, (size_t)k, PC_ENV_UAT));
		assert_false(pc_uat_item_applies(&cl, (size_t)k, PC_ENV_PRODUCTION));
		/* In the sandbox every UAT item runs by itself. */
		assert_true(pc_uat_item_automatable(&cl.items[k], PC_ENV_SANDBOX));
	}
	for (size_t i = 0; i < sizeof(prod_items) / sizeof(prod_items[0]); i++) {
		long k = pc_uat_item_index(&cl, prod_items[i]);

		assert_true(k >= 0);
		assert_true(pc_uat_item_applies(&cl, (size_t)k, PC_ENV_PRODUCTION));
		assert_false(pc_uat_item_applies(&cl, (size_t)k, PC_ENV_UAT));
		assert_false(pc_uat_item_automatable(&cl.items[k], PC_ENV_PRODUCTION));
		assert_int_equal(cl.items[k].steps[0].kind, PC_UAT_STEP_MANUAL);
	}
	/* Outside the sandbox a payment needs a real app: the operator. */
	assert_false(pc_uat_item_automatable(&cl.items[pc_uat_item_index(&cl, "qr-static")], PC_ENV_UAT));
	assert_true(pc_uat_item_automatable(&cl.items[pc_uat_item_index(&cl, "payout")], PC_ENV_UAT));
	/* The negative items expect their codes. */
	assert_int_equal(cl.items[pc_uat_item_index(&cl, "duplicate-order")].steps[1].expect_code, 1012);
	assert_int_equal(cl.items[pc_uat_item_index(&cl, "duplicate-idempotency")].steps[1].expect_code, 1014);
	assert_int_equal(cl.items[pc_uat_item_index(&cl, "bad-signature")].steps[0].expect_code, 1003);
	assert_true(cl.items[pc_uat_item_index(&cl, "bad-signature")].steps[0].bad_signature);
	pc_uat_checklist_free(&cl);
	free(path);
}

static void default_path_follows_the_environment(void **state)
{
	char *path;

	(void)state;
	setenv("PAYCON_DATA_DIR", "/somewhere/data", 1);
	path = pc_uat_checklist_default_path();
	assert_string_equal(path, "/somewhere/data/uat-checklist.conf");
	free(path);
	unsetenv("PAYCON_DATA_DIR");
	path = pc_uat_checklist_default_path();
	assert_non_null(strstr(path, "/uat-checklist.conf"));
	assert_null(strstr(path, "/somewhere/"));
	free(path);
}

static void state_names_round_trip(void **state)
{
	pc_uat_state s;

	(void)state;
	for (int i = PC_UAT_PENDING; i <= PC_UAT_MANUAL; i++) {
		assert_int_equal(pc_uat_state_parse(pc_uat_state_name((pc_uat_state)i), &s), 0);
		assert_int_equal(s, i);
	}
	assert_string_equal(pc_uat_state_name(PC_UAT_SKIPPED), "skipped");
	assert_int_equal(pc_uat_state_parse("passed", &s), -1);
	assert_int_equal(pc_uat_state_parse(NULL, &s), -1);
}

/* ---- parse errors ---------------------------------------------------------- */

#define HEAD "version = 1; title = \"t\";\nphases = ( { id = \"uat\"; title = \"U\"; environments = [ \"uat\" ];\n"
#define ITEM(steps) "items = ( { id = \"a\"; title = \"A\"; pass = \"p\"; evidence = \"e\";\n steps = ( " steps " ); } ); } );\n"

static void expect_parse_error(const char *text, const char *want)
{
	pc_uat_checklist cl;
	pc_err err;

	pc_err_clear(&err);
	assert_int_equal(pc_uat_checklist_parse(&cl, text, "t.conf", &err), -1);
	assert_int_equal(err.cls, PC_EINPUT);
	if (!strstr(err.msg, want))
		fail_msg("error '%s' lacks '%s'", err.msg, want);
	assert_null(cl.items);
}

static void parse_errors_name_the_line(void **state)
{
	(void)state;
	expect_parse_error("version = 1;\ntitle = \"t\"\nphases = ();\n", "t.conf:3:");
	expect_parse_error("version = 2; title = \"t\"; phases = ();\n", "version 2 is out of range");
	expect_parse_error(HEAD ITEM("{ kind = \"call\"; endpoint = \"account.balance\"; }") "extra = 1;\n",
	                   "t.conf:5: unknown setting 'extra' in the checklist");
	expect_parse_error(HEAD "items = ( { id = \"a\"; titel = \"A\"; } ); } );\n",
	                   "t.conf:3: unknown setting 'titel' in an item");
	expect_parse_error(HEAD ITEM("{ kind = \"cal\"; }"), "t.conf:4: kind 'cal' is not one of");
	expect_parse_error(HEAD ITEM("{ kind = \"call\"; endpoint = \"account.balanse\"; }"),
	                   "endpoint 'account.balanse' is not in the endpoint table");
	expect_parse_error(HEAD ITEM("{ kind = \"call\"; endpoint = \"qr.create\"; fields = { mchOrderID = \"x\"; }; }"),
	                   "'mchOrderID' is not a field of qr.create");
	expect_parse_error(HEAD ITEM("{ kind = \"call\"; endpoint = \"qr.show\"; fields = { mchOrderId = \"${order}\"; }; }"),
	                   "${order}: order is used before any step binds it");
	expect_parse_error(HEAD ITEM("{ kind = \"call\"; endpoint = \"qr.show\"; fields = { mchOrderId = \"${new:o\"; }; }"),
	                   "without a closing '}'");
	expect_parse_error(HEAD ITEM("{ kind = \"call\"; endpoint = \"payout.create\"; bad_signature = true; }"),
	                   "bad_signature on payout.create");
	expect_parse_error(HEAD ITEM("{ kind = \"call\"; endpoint = \"qr.create\"; fields = { amount = 20.5; }; }"),
	                   "amounts are integer centavos");
	expect_parse_error(HEAD ITEM("{ kind = \"sandbox\"; path = \"/api/v1/payout\"; manual = \"m\"; }"),
	                   "must be a sandbox control");
	expect_parse_error(HEAD ITEM("{ kind = \"callback\"; order = \"x\"; timeout_s = 0; }"),
	                   "timeout_s 0 is out of range");
	expect_parse_error(HEAD ITEM("{ kind = \"manual\"; }"), "'manual' is missing here");
	expect_parse_error("version = 1; title = \"t\";\nphases = ( { id = \"uat\"; title = \"U\"; "
	                   "environments = [ \"staging\" ];\n" ITEM("{ kind = \"manual\"; manual = \"m\"; }"),
	                   "t.conf:2: environment 'staging' is not one of");
	expect_parse_error(HEAD "items = ( { id = \"a\"; title = \"A\"; pass = \"p\"; evidence = \"e\"; "
	                   "steps = ( { kind = \"manual\"; manual = \"m\"; } ); },\n"
	                   "{ id = \"a\"; title = \"A\"; pass = \"p\"; evidence = \"e\"; "
	                   "steps = ( { kind = \"manual\"; manual = \"m\"; } ); } ); } );\n",
	                   "t.conf:4: item id 'a' is used twice");
}

static void templates_bind_in_order(void **state)
{
	pc_uat_checklist cl;
	pc_err err;
	const char *text = HEAD ITEM(
		"{ kind = \"call\"; endpoint = \"payout.create\"; fields = { mchOrderId = \"${new:o}\"; "
		"idempotencyId = \"${idem:o}\"; amount = 100; }; save = { txn = \"transactionId\"; }; },"
		"{ kind = \"callback\"; order = \"${o}\"; save = { paid = \"amount\"; }; },"
		"{ kind = \"call\"; endpoint = \"web.status\"; fields = { transactionId = \"${txn}\"; }; },"
		"{ kind = \"manual\"; manual = \"${paid} on ${today} to ${callback_url} for ${app_name}\"; }");

	(void)state;
	assert_int_equal(pc_uat_checklist_parse(&cl, text, "t.conf", &err), 0);
	assert_int_equal(cl.nitems, 1);
	assert_int_equal(cl.items[0].nsteps, 4);
	assert_int_equal(cl.items[0].steps[0].expect_code, 1000);
	assert_int_equal(cl.items[0].steps[1].timeout_s, PC_UAT_CALLBACK_WAIT_S);
	/* Integers are kept as their tokens. */
	assert_true(cJSON_IsRaw(cJSON_GetObjectItemCaseSensitive(cl.items[0].steps[0].fields, "amount")));
	pc_uat_checklist_free(&cl);
	/* A second ${new:o} in the same item is ambiguous. */
	expect_parse_error(HEAD ITEM("{ kind = \"call\"; endpoint = \"qr.show\"; fields = { mchOrderId = \"${new:o}\"; }; },"
	                             "{ kind = \"call\"; endpoint = \"qr.show\"; fields = { mchOrderId = \"${new:o}\"; }; }"),
	                   "o is already bound in this item");
}

/* ---- masking ---------------------------------------------------------------- */

static void masking_hides_accounts_and_secrets(void **state)
{
	cJSON *j = cJSON_Parse("{\"accountNo\":\"09171234567\",\"amount\":100,\"sign\":"
	                       "\"AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\",\"list\":[{\"accountNumber\":\"999112345678\","
	                       "\"referenceNumber\":1234567890123}],\"mobile\":\"09170000000\"}");
	char buf[64];
	char *text;

	(void)state;
	assert_true(pc_uat_field_is_secret("accountNo"));
	assert_true(pc_uat_field_is_secret("referenceNumber"));
	assert_true(pc_uat_field_is_secret("payToken"));
	assert_false(pc_uat_field_is_secret("amount"));
	assert_false(pc_uat_field_is_secret(NULL));
	pc_uat_mask_json(j);
	text = cJSON_PrintUnformatted(j);
	assert_string_equal(text, "{\"accountNo\":\"091****4567\",\"amount\":100,\"sign\":\"AbCdEfGhIjKlMnOp\xe2\x80\xa6\","
	                          "\"list\":[{\"accountNumber\":\"999****5678\",\"referenceNumber\":\"123****0123\"}],"
	                          "\"mobile\":\"09170000000\"}");
	free(text);
	cJSON_Delete(j);
	assert_string_equal(pc_uat_short_sign("short", buf, sizeof(buf)), "short");
	assert_string_equal(pc_uat_short_sign("0123456789abcdef", buf, sizeof(buf)), "0123456789abcdef");
	assert_string_equal(pc_uat_short_sign("0123456789abcdefg", buf, sizeof(buf)), "0123456789abcdef\xe2\x80\xa6");
}

/* ---- a profile against a scripted server ------------------------------------------ */

typedef struct {
	char dir[128];
	canned_server *server;
	pc_profile profile;
	pc_client client;
	pc_uat_checklist cl;
	pc_uat_progress progress;
	bool have_checklist;
	/* what the hooks do */
	pc_uat_state answer;
	const char *note;
	int asked;
	char last_instruction[512];
	bool store_callback;      /* store a callback when the wait starts */
	bool sign_with_merchant;  /* ... signed with the wrong key */
	const char *event;
} fixture;

static void copy_private(const char *name, const char *dst)
{
	char *src = pc_strdupf("%s/data/%s", tests_dir(), name);
	char *body = NULL;
	size_t len = 0;

	assert_int_equal(pc_read_file(src, 65536, &body, &len, NULL), 0);
	assert_int_equal(tu_write_bytes(dst, body, len, 0600), 0);
	free(body);
	free(src);
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	char *state_home;
	pc_spool *sp;

	assert_int_equal(tu_mkdtemp(fx->dir, sizeof(fx->dir), "uat"), 0);
	state_home = pc_strdupf("%s/state", fx->dir);
	setenv("XDG_STATE_HOME", state_home, 1);
	unsetenv("PAYCON_NOW_MS");
	free(state_home);
	fx->server = canned_start();
	assert_non_null(fx->server);
	fx->profile.name = strdup("test");
	fx->profile.environment = PC_ENV_UAT;
	fx->profile.base_url = pc_strdupf("http://127.0.0.1:%d", canned_port(fx->server));
	fx->profile.app_id = strdup("f90addc4861540ef9312e87d8f360e08");
	fx->profile.app_name = strdup("paycon test shop");
	fx->profile.private_key = pc_strdupf("%s/merchant.pem", fx->dir);
	fx->profile.platform_public_key = pc_strdupf("%s/data/platform-test.pub", tests_dir());
	fx->profile.spool = pc_strdupf("%s/spool", fx->dir);
	fx->profile.role = PC_ROLE_OPERATOR;
	fx->profile.timeout_ms = 3000;
	fx->profile.connect_timeout_ms = 1000;
	copy_private("merchant-test.pem", fx->profile.private_key);
	sp = pc_spool_open(fx->profile.spool, NULL);
	assert_non_null(sp);
	pc_spool_close(sp);
	assert_int_equal(pc_client_init(&fx->client, &fx->profile, NULL), 0);
	fx->answer = PC_UAT_PASS;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;

	if (fx->have_checklist) {
		pc_uat_progress_free(&fx->progress);
		pc_uat_checklist_free(&fx->cl);
	}
	pc_client_free(&fx->client);
	canned_stop(fx->server);
	free(fx->profile.name);
	free(fx->profile.base_url);
	free(fx->profile.app_id);
	free(fx->profile.app_name);
	free(fx->profile.private_key);
	free(fx->profile.platform_public_key);
	free(fx->profile.spool);
	tu_rmrf(fx->dir);
	free(fx);
	return 0;
}

static void load_text(fixture *fx, const char *text)
{
	pc_err err;

	if (fx->have_checklist) {
		pc_uat_progress_free(&fx->progress);
		pc_uat_checklist_free(&fx->cl);
		fx->have_checklist = false;
	}
	pc_err_clear(&err);
	if (pc_uat_checklist_parse(&fx->cl, text, "test.conf", &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(pc_uat_progress_load(&fx->progress, &fx->cl, fx->client.state_dir, &err), 0);
	fx->have_checklist = true;
}

/* One phase for sandbox and uat holding the given items, and a production
 * phase with one manual item. */
static void load(fixture *fx, const char *items)
{
	char *text = pc_strdupf("version = 1; title = \"Test checklist\";\n"
	                        "phases = ( { id = \"uat\"; title = \"UAT\"; environments = [ \"sandbox\", \"uat\" ];\n"
	                        "items = ( %s ); },\n"
	                        "{ id = \"production\"; title = \"Production\"; environments = [ \"production\" ];\n"
	                        "items = ( { id = \"prod\"; title = \"P\"; pass = \"p\"; evidence = \"e\";\n"
	                        "steps = ( { kind = \"manual\"; manual = \"Do it.\"; } ); } ); } );\n", items);

	load_text(fx, text);
	free(text);
}

static pc_uat_state ask(void *ud, const pc_uat_item *item, const char *instruction, bool action, char *note,
                        size_t note_size)
{
	fixture *fx = ud;

	(void)item;
	(void)action;
	fx->asked++;
	snprintf(fx->last_instruction, sizeof(fx->last_instruction), "%s", instruction);
	if (fx->note)
		snprintf(note, note_size, "%s", fx->note);
	return fx->answer;
}

/* The order id of the last request the server saw with one in its body. */
static char *last_order(fixture *fx)
{
	for (int i = canned_count(fx->server) - 1; i >= 0; i--) {
		const char *body = canned_request_body(fx->server, i);
		char *order = NULL;
		pc_params p;

		if (pc_params_parse(&p, body, strlen(body), NULL) == 0 && pc_params_get(&p, "mchOrderId"))
			order = strdup(pc_params_get(&p, "mchOrderId"));
		pc_params_free(&p);
		if (order)
			return order;
	}
	fail_msg("no request carried a mchOrderId");
	return NULL;
}

static void store_signed_callback(fixture *fx)
{
	char *key_path = pc_strdupf("%s/signer.pem", fx->dir);
	char *order = last_order(fx);
	pc_params p;
	pc_key *key;
	char *body;
	pc_spool *sp;

	copy_private(fx->sign_with_merchant ? "merchant-test.pem" : "platform-test.pem", key_path);
	key = pc_key_load_private(key_path, NULL, NULL, NULL, NULL);
	assert_non_null(key);
	pc_params_init(&p);
	pc_params_set_str(&p, "eventName", fx->event);
	pc_params_set_str(&p, "mchOrderId", order);
	pc_params_set_str(&p, "transactionId", "C1007000000000000001");
	pc_params_set(&p, "amount", PC_JNUM, "2500");
	pc_params_set_str(&p, "transactionStatus", "COMPLETE");
	assert_int_equal(pc_sign_params(key, PC_HASH_SHA256, &p, NULL, NULL), 0);
	body = pc_params_to_json(&p);
	sp = pc_spool_open(fx->profile.spool, NULL);
	assert_int_equal(pc_spool_store(sp, body, strlen(body), NULL, NULL), 0);
	pc_spool_close(sp);
	free(body);
	pc_params_free(&p);
	pc_key_free(key);
	free(order);
	free(key_path);
}

static void progress(void *ud, const pc_uat_item *item, const char *line)
{
	fixture *fx = ud;

	(void)item;
	if (fx->store_callback && strstr(line, "waiting up to")) {
		fx->store_callback = false;
		store_signed_callback(fx);
	}
}

static const pc_uat_result *run(fixture *fx, const char *id, bool with_operator)
{
	pc_uat_hooks hooks = { 0 };
	long i = pc_uat_item_index(&fx->cl, id);
	pc_err err;

	hooks.ask = with_operator ? ask : NULL;
	hooks.progress = progress;
	hooks.ud = fx;
	hooks.poll_ms = 20;
	assert_true(i >= 0);
	pc_err_clear(&err);
	if (pc_uat_run_item(&fx->client, &fx->cl, (size_t)i, &fx->progress, &hooks, &err) < 0)
		fail_msg("%s", err.msg);
	return &fx->progress.results[i];
}

/* The first evidence record of a type. */
static const cJSON *evidence(const pc_uat_result *r, const char *type)
{
	const cJSON *rec;

	cJSON_ArrayForEach(rec, r->evidence) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(rec, "type");

		if (cJSON_IsString(t) && strcmp(t->valuestring, type) == 0)
			return rec;
	}
	return NULL;
}

static const char *field(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static char *state_file(fixture *fx)
{
	char *path = pc_strdupf("%s/uat.json", fx->client.state_dir);
	char *text = tu_read_file(path, NULL);

	free(path);
	return text;
}

#define BALANCE_ITEM "{ id = \"balance\"; title = \"Balance\"; pass = \"p\"; evidence = \"e\";\n" \
	"steps = ( { kind = \"call\"; endpoint = \"account.balance\"; expect_data = [ \"balance\" ]; } ); }"

static void balance_passes_with_evidence(void **state)
{
	fixture *fx = *state;
	const pc_uat_result *r;
	const cJSON *req, *resp, *params;
	struct stat st;
	char *path;

	load(fx, BALANCE_ITEM);
	canned_reply(fx->server, "/api/v1/account/checkBalance", 200,
	             "{\"code\":1000,\"message\":\"success\",\"data\":{\"balance\":123456}}");
	r = run(fx, "balance", false);
	assert_int_equal(r->state, PC_UAT_PASS);
	assert_string_equal(r->detail, "its step passed");
	assert_non_null(r->started);
	assert_non_null(r->finished);
	req = evidence(r, "request");
	assert_non_null(req);
	assert_string_equal(field(req, "endpoint"), "account.balance");
	assert_string_equal(field(req, "method"), "GET");
	assert_non_null(strstr(field(req, "canonical"), "appId=f90addc4861540ef9312e87d8f360e08"));
	params = cJSON_GetObjectItemCaseSensitive(req, "params");
	/* 16 characters and the ellipsis (3 bytes in UTF-8). */
	assert_int_equal(strlen(field(params, "sign")), 19);
	resp = evidence(r, "response");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(resp, "code")->valueint, 1000);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(resp, "data"),
	                                                  "balance")->valueint, 123456);
	path = pc_strdupf("%s/uat.json", fx->client.state_dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);
}

static void missing_endpoint_fails_with_the_http_error(void **state)
{
	fixture *fx = *state;
	const pc_uat_result *r;

	load(fx, BALANCE_ITEM);
	canned_default(fx->server, 404, "<html><body>404 Not Found</body></html>");
	r = run(fx, "balance", false);
	assert_int_equal(r->state, PC_UAT_FAIL);
	if (!strstr(r->detail, "step 1/1 (account.balance)") || !strstr(r->detail, "HTTP 404"))
		fail_msg("detail: %s", r->detail);
	assert_non_null(evidence(r, "error"));
}

static void api_error_fails_with_its_code(void **state)
{
	fixture *fx = *state;
	const pc_uat_result *r;

	load(fx, BALANCE_ITEM);
	canned_reply(fx->server, "/api/v1/account/checkBalance", 200,
	             "{\"code\":1002,\"message\":\"merchant white ip forbidden\",\"data\":null}");
	r = run(fx, "balance", false);
	assert_int_equal(r->state, PC_UAT_FAIL);
	if (!strstr(r->detail, "1002"))
		fail_msg("detail: %s", r->detail);
	/* An answer without a data field asked for fails too. */
	canned_reply(fx->server, "/api/v1/account/checkBalance", 200, "{\"code\":1000,\"message\":\"success\",\"data\":{}}");
	r = run(fx, "balance", false);
	assert_int_equal(r->state, PC_UAT_FAIL);
	assert_non_null(strstr(r->detail, "has no balance"));
}

/* Whether the JSON body the server received carries a signature that
 * verifies with the merchant's public key. */
static pc_verdict body_verdict(fixture *fx, int i)
{
	char *pub = pc_strdupf("%s/data/merchant-test.pub", tests_dir());
	const char *body = canned_request_body(fx->server, i);
	pc_key *key = pc_key_load_public(pub, NULL);
	pc_params p;
	char *canonical;
	pc_verdict v;

	assert_non_null(key);
	assert_int_equal(pc_params_parse(&p, body, strlen(body), NULL), 0);
	canonical = pc_canonical(&p);
	v = pc_verify(key, PC_HASH_SHA256, canonical, strlen(canonical), pc_params_get(&p, "sign"));
	free(canonical);
	pc_params_free(&p);
	pc_key_free(key);
	free(pub);
	return v;
}

static void expected_codes_and_a_spoiled_signature(void **state)
{
	fixture *fx = *state;
	const pc_uat_result *r;

	load(fx, "{ id = \"dup\"; title = \"D\"; pass = \"p\"; evidence = \"e\";\n"
	         "steps = ( { kind = \"call\"; endpoint = \"qr.create\"; fields = { mchOrderId = \"${new:o}\";\n"
	         "  channelCode = \"QRPH_STATIC_QR\"; customerName = \"Juan\"; }; },\n"
	         "{ kind = \"call\"; endpoint = \"qr.create\"; fields = { mchOrderId = \"${o}\";\n"
	         "  channelCode = \"QRPH_STATIC_QR\"; customerName = \"Juan\"; }; expect_code = 1012; } ); },\n"
	         "{ id = \"bad\"; title = \"B\"; pass = \"p\"; evidence = \"e\";\n"
	         "steps = ( { kind = \"call\"; endpoint = \"qr.create\"; bad_signature = true; expect_code = 1003;\n"
	         "  fields = { mchOrderId = \"${new:o}\"; channelCode = \"QRPH_STATIC_QR\"; customerName = \"J\"; }; } ); }");
	canned_reply(fx->server, "/api/v1/qrcode", 200, "{\"code\":1000,\"message\":\"success\",\"data\":{}}");
	canned_reply(fx->server, "/api/v1/qrcode", 200,
	             "{\"code\":1012,\"message\":\"merchant order id is repeat\",\"data\":null}");
	r = run(fx, "dup", false);
	assert_int_equal(r->state, PC_UAT_PASS);
	/* The same order id both times, signed properly. */
	assert_int_equal(canned_count(fx->server), 2);
	assert_int_equal(body_verdict(fx, 0), PC_VERDICT_VALID);
	assert_int_equal(body_verdict(fx, 1), PC_VERDICT_VALID);

	canned_reply(fx->server, "/api/v1/qrcode", 200,
	             "{\"code\":1003,\"message\":\"request sign is invalid\",\"data\":null}");
	r = run(fx, "bad", false);
	assert_int_equal(r->state, PC_UAT_PASS);
	assert_int_equal(body_verdict(fx, 2), PC_VERDICT_MISMATCH);
	assert_non_null(field(evidence(r, "request"), "note"));

	/* Accepted where a refusal was expected: a failure that says so. */
	canned_reply(fx->server, "/api/v1/qrcode", 200, "{\"code\":1000,\"message\":\"success\",\"data\":{}}");
	r = run(fx, "bad", false);
	assert_int_equal(r->state, PC_UAT_FAIL);
	if (!strstr(r->detail, "expected code 1003") || !strstr(r->detail, "PayCools accepted"))
		fail_msg("detail: %s", r->detail);
}

#define PAYOUT_FIELDS(order, idem) "amount = 100; payMethodCode = \"EWALLET\"; ewalletCode = \"GCASH\";\n" \
	"accountNo = \"09171234567\"; accountName = \"Juan Dela Cruz\"; mchOrderId = \"" order "\";\n" \
	"idempotencyId = \"" idem "\";"

static void money_moves_are_journaled_and_masked(void **state)
{
	fixture *fx = *state;
	const pc_uat_result *r;
	const pc_journal_entry *e;
	pc_journal_view view;
	char *text, *journal;

	load(fx, "{ id = \"idem\"; title = \"I\"; pass = \"p\"; evidence = \"e\";\n"
	         "steps = ( { kind = \"call\"; endpoint = \"payout.create\"; expect_status = \"PENDING\";\n"
	         "  fields = { " PAYOUT_FIELDS("${new:first}", "${idem:first}") " }; },\n"
	         "{ kind = \"call\"; endpoint = \"payout.create\"; expect_code = 1014;\n"
	         "  fields = { " PAYOUT_FIELDS("${new:second}", "${idem:first}") " }; } ); }");
	canned_reply(fx->server, "/api/v1/payout/check", 200,
	             "{\"code\":1008,\"message\":\"Transaction Not Found\",\"data\":null}");
	canned_reply(fx->server, "/api/v1/payout", 200,
	             "{\"code\":1000,\"message\":\"success\",\"data\":{\"transactionId\":\"D1\","
	             "\"transactionStatus\":\"PENDING\",\"accountNo\":\"09171234567\"}}");
	canned_reply(fx->server, "/api/v1/payout", 200,
	             "{\"code\":1014,\"message\":\"merchant payout idempotency repeat\",\"data\":null}");
	r = run(fx, "idem", false);
	if (r->state != PC_UAT_PASS)
		fail_msg("detail: %s", r->detail);
	/* Both went through the journal: the second was refused there too. */
	journal = pc_strdupf("%s/journal", fx->client.state_dir);
	assert_int_equal(pc_journal_read(journal, &view, NULL), 0);
	assert_int_equal(view.count, 2);
	e = &view.items[1];
	assert_string_equal(e->outcome, "rejected");
	assert_int_equal(e->code, 1014);
	assert_string_equal(pc_params_get(&e->fields, "idempotencyId"),
	                    pc_params_get(&view.items[0].fields, "idempotencyId"));
	pc_journal_view_free(&view);
	free(journal);
	/* Evidence: the account number only masked, anywhere in the file. */
	assert_non_null(strstr(field(evidence(r, "request"), "canonical"), "accountNo=091****4567"));
	assert_string_equal(field(evidence(r, "response"), "journal"), "accepted");
	text = state_file(fx);
	assert_null(strstr(text, "09171234567"));
	assert_non_null(strstr(text, "091****4567"));
	free(text);
}

static void production_never_moves_money_by_itself(void **state)
{
	fixture *fx = *state;
	const pc_uat_result *r;
	pc_err err;

	fx->profile.environment = PC_ENV_PRODUCTION;
	load(fx, "{ id = \"pay\"; title = \"P\"; pass = \"p\"; evidence = \"e\";\n"
	         "steps = ( { kind = \"call\"; endpoint = \"payout.create\";\n"
	         "  fields = { " PAYOUT_FIELDS("${new:o}", "${idem:o}") " }; } ); }");
	/* The uat phase does not apply to a production profile at all... */
	pc_err_clear(&err);
	assert_int_equal(pc_uat_run_item(&fx->client, &fx->cl, 0, &fx->progress, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "does not apply"));
	/* ... and even a checklist that tried is stopped at the money move. */
	load_text(fx, "version = 1; title = \"t\"; phases = ( { id = \"p\"; title = \"P\";\n"
	              "environments = [ \"production\" ]; items = ( { id = \"pay\"; title = \"P\";\n"
	              "pass = \"p\"; evidence = \"e\"; steps = ( { kind = \"call\"; endpoint = \"payout.create\";\n"
	              "fields = { " PAYOUT_FIELDS("${new:o}", "${idem:o}") " }; } ); } ); } );\n");
	r = run(fx, "pay", false);
	assert_int_equal(r->state, PC_UAT_FAIL);
	assert_non_null(strstr(r->detail, "moves real money in production"));
	assert_int_equal(canned_count(fx->server), 0);
}

#define QR_CALLBACK_ITEM(timeout) "{ id = \"qr\"; title = \"Q\"; pass = \"p\"; evidence = \"e\";\n" \
	"steps = ( { kind = \"call\"; endpoint = \"qr.create\"; fields = { mchOrderId = \"${new:order}\";\n" \
	"  channelCode = \"QRPH_DYNAMIC_QR\"; amount = 2500; customerName = \"Juan\"; }; },\n" \
	"{ kind = \"callback\"; order = \"${order}\"; event = \"qrcode.payment.success\";\n" \
	"  expect_status = \"COMPLETE\"; timeout_s = " timeout "; save = { txn = \"transactionId\"; }; },\n" \
	"{ kind = \"call\"; endpoint = \"web.status\"; fields = { transactionId = \"${txn}\"; }; } ); }"

static void callbacks_are_waited_for_and_judged(void **state)
{
	fixture *fx = *state;
	const pc_uat_result *r;
	const cJSON *cb;

	load(fx, QR_CALLBACK_ITEM("5"));
	canned_default(fx->server, 200, "{\"code\":1000,\"message\":\"success\",\"data\":{}}");
	fx->store_callback = true;
	fx->event = "qrcode.payment.success";
	r = run(fx, "qr", false);
	if (r->state != PC_UAT_PASS)
		fail_msg("detail: %s", r->detail);
	cb = evidence(r, "callback");
	assert_non_null(cb);
	assert_string_equal(field(cb, "verdict"), "valid");
	assert_string_equal(field(cb, "event"), "qrcode.payment.success");
	/* The transaction id saved from the callback was used next. */
	assert_string_equal(canned_request_path(fx->server, 1), "/api/v1/payment/C1007000000000000001");

	/* Signed with another key: it arrives, and the item fails on it. */
	fx->store_callback = true;
	fx->sign_with_merchant = true;
	r = run(fx, "qr", false);
	assert_int_equal(r->state, PC_UAT_FAIL);
	if (!strstr(r->detail, "arrived but is invalid"))
		fail_msg("detail: %s", r->detail);
	assert_string_equal(field(evidence(r, "callback"), "verdict"), "invalid");
}

static void a_missing_callback_times_out(void **state)
{
	fixture *fx = *state;
	const pc_uat_result *r;

	load(fx, QR_CALLBACK_ITEM("1"));
	canned_default(fx->server, 200, "{\"code\":1000,\"message\":\"success\",\"data\":{}}");
	r = run(fx, "qr", false);
	assert_int_equal(r->state, PC_UAT_FAIL);
	if (!strstr(r->detail, "no qrcode.payment.success callback") || !strstr(r->detail, "within 1 s"))
		fail_msg("detail: %s", r->detail);
}

#define SANDBOX_ITEM "{ id = \"sb\"; title = \"S\"; pass = \"p\"; evidence = \"e\";\n" \
	"steps = ( { kind = \"call\"; endpoint = \"qr.create\"; fields = { mchOrderId = \"${new:order}\";\n" \
	"  channelCode = \"QRPH_STATIC_QR\"; customerName = \"Juan\"; }; },\n" \
	"{ kind = \"sandbox\"; path = \"/_sandbox/qr/pay\"; body = { mchOrderId = \"${order}\"; amount = 15000; };\n" \
	"  manual = \"Pay QR code ${order} with a real app.\"; save = { txn = \"transactionId\"; }; },\n" \
	"{ kind = \"call\"; endpoint = \"web.status\"; fields = { transactionId = \"${txn}\"; }; } ); }"

static void sandbox_steps_or_the_operator(void **state)
{
	fixture *fx = *state;
	const pc_uat_result *r;
	char *order;

	load(fx, SANDBOX_ITEM);
	canned_default(fx->server, 200, "{\"code\":1000,\"message\":\"success\",\"data\":{}}");
	/* UAT without an operator: left manual, nothing sent. */
	r = run(fx, "sb", false);
	assert_int_equal(r->state, PC_UAT_MANUAL);
	if (!strstr(r->detail, "needs an operator") || !strstr(r->detail, "Pay QR code <order> with a real app."))
		fail_msg("detail: %s", r->detail);
	assert_int_equal(canned_count(fx->server), 0);
	/* With an operator who says done: the item goes on. */
	r = run(fx, "sb", true);
	assert_int_equal(fx->asked, 1);
	order = last_order(fx);
	assert_non_null(strstr(fx->last_instruction, order));
	free(order);
	/* No transaction id was saved by a person, so the item stops there. */
	assert_int_equal(r->state, PC_UAT_FAIL);
	assert_non_null(strstr(r->detail, "${txn} has no value"));
	assert_string_equal(field(evidence(r, "operator"), "answer"), "done");
	/* An operator who says later leaves it manual. */
	fx->answer = PC_UAT_MANUAL;
	r = run(fx, "sb", true);
	assert_int_equal(r->state, PC_UAT_MANUAL);
	assert_non_null(strstr(r->detail, "waiting for the operator at step 2/3"));

	/* In the sandbox the control endpoint pays and gives the id. */
	fx->profile.environment = PC_ENV_SANDBOX;
	canned_reply(fx->server, "/_sandbox/qr/pay", 200, "{\"ok\":true,\"transactionId\":\"C42\"}");
	r = run(fx, "sb", false);
	if (r->state != PC_UAT_PASS)
		fail_msg("detail: %s", r->detail);
	assert_string_equal(canned_request_path(fx->server, canned_count(fx->server) - 1), "/api/v1/payment/C42");
	assert_non_null(evidence(r, "sandbox"));
	assert_non_null(evidence(r, "sandbox_answer"));
	/* A sandbox refusal fails the item with its reason. */
	canned_reply(fx->server, "/_sandbox/qr/pay", 409, "{\"error\":\"QR code is INACTIVE\"}");
	r = run(fx, "sb", false);
	assert_int_equal(r->state, PC_UAT_FAIL);
	assert_non_null(strstr(r->detail, "HTTP 409): QR code is INACTIVE"));
}

static void saved_account_numbers_are_shown_but_never_kept(void **state)
{
	fixture *fx = *state;
	const pc_uat_result *r;
	char *text;

	load(fx, "{ id = \"tr\"; title = \"T\"; pass = \"p\"; evidence = \"e\";\n"
	         "steps = ( { kind = \"call\"; endpoint = \"transfer.create\"; fields = { mchOrderId = \"${new:order}\";\n"
	         "  channelCode = \"INSTA_TRANSFER_ACC\"; customerName = \"Juan\"; };\n"
	         "  save = { account = \"paymentAccountList[0].accountNumber\"; bank = \"paymentAccountList[0].receivingBank\"; }; },\n"
	         "{ kind = \"sandbox\"; path = \"/_sandbox/transfer/pay\"; body = { mchOrderId = \"${order}\"; };\n"
	         "  manual = \"Send 300.00 to ${account} at ${bank}.\"; } ); }");
	canned_default(fx->server, 200, "{\"code\":1000,\"message\":\"success\",\"data\":{\"shortLink\":\"x\","
	               "\"paymentAccountList\":[{\"accountNumber\":\"999112345678\",\"receivingBank\":\"AllBank\"}]}}");
	/* The operator reads the whole number... */
	r = run(fx, "tr", true);
	assert_int_equal(r->state, PC_UAT_PASS);
	assert_string_equal(fx->last_instruction, "Send 300.00 to 999112345678 at AllBank.");
	/* ... the evidence keeps it masked, and so does a manual item's detail. */
	assert_string_equal(field(evidence(r, "operator"), "instruction"), "Send 300.00 to 999****5678 at AllBank.");
	fx->answer = PC_UAT_MANUAL;
	r = run(fx, "tr", true);
	assert_int_equal(r->state, PC_UAT_MANUAL);
	assert_non_null(strstr(r->detail, "Send 300.00 to 999****5678 at AllBank."));
	text = state_file(fx);
	assert_null(strstr(text, "999112345678"));
	free(text);
	/* A field the answer lacks cannot be kept. */
	canned_default(fx->server, 200, "{\"code\":1000,\"message\":\"success\",\"data\":{\"paymentAccountList\":[]}}");
	r = run(fx, "tr", true);
	assert_int_equal(r->state, PC_UAT_FAIL);
	assert_non_null(strstr(r->detail, "has no paymentAccountList[0].accountNumber to keep as ${account}"));
}

static void manual_items_and_notes(void **state)
{
	fixture *fx = *state;
	const pc_uat_result *r;
	pc_err err;

	fx->profile.environment = PC_ENV_PRODUCTION;
	load(fx, BALANCE_ITEM);
	r = run(fx, "prod", false);
	assert_int_equal(r->state, PC_UAT_MANUAL);
	fx->note = "recording sent 2026-11-21";
	r = run(fx, "prod", true);
	assert_int_equal(r->state, PC_UAT_PASS);
	assert_string_equal(r->note, "recording sent 2026-11-21");
	assert_string_equal(field(evidence(r, "operator"), "instruction"), "Do it.");
	fx->answer = PC_UAT_FAIL;
	fx->note = NULL;
	r = run(fx, "prod", true);
	assert_int_equal(r->state, PC_UAT_FAIL);
	assert_non_null(strstr(r->detail, "the operator reported a failure"));
	fx->answer = PC_UAT_SKIPPED;
	r = run(fx, "prod", true);
	assert_int_equal(r->state, PC_UAT_SKIPPED);
	/* The uat phase is not for production. */
	pc_err_clear(&err);
	assert_int_equal(pc_uat_run_item(&fx->client, &fx->cl, 0, &fx->progress, NULL, &err), -1);
	assert_int_equal(err.cls, PC_EINPUT);
}

static void the_callback_url_must_answer_success(void **state)
{
	fixture *fx = *state;
	const pc_uat_result *r;
	char *url = pc_strdupf("http://127.0.0.1:%d/hook", canned_port(fx->server));
	pc_err err;

	load(fx, "{ id = \"cb\"; title = \"C\"; pass = \"p\"; evidence = \"e\";\n"
	         "steps = ( { kind = \"callback_url\"; manual = \"Check the dashboard.\"; } ); }");
	/* No URL known, nobody to ask: manual. */
	r = run(fx, "cb", false);
	assert_int_equal(r->state, PC_UAT_MANUAL);
	assert_int_equal(pc_uat_set_callback_url(&fx->progress, "ftp://x", &err), -1);
	assert_int_equal(pc_uat_set_callback_url(&fx->progress, url, &err), 0);
	canned_reply(fx->server, "/hook", 200, "{\"code\":1,\"msg\":\"success\",\"data\":{}}");
	r = run(fx, "cb", false);
	if (r->state != PC_UAT_PASS)
		fail_msg("detail: %s", r->detail);
	assert_string_equal(canned_request_path(fx->server, 0), "/hook");
	assert_non_null(strstr(canned_request_body(fx->server, 0), "paycon.uat.ping"));
	canned_reply(fx->server, "/hook", 500, "oops");
	r = run(fx, "cb", false);
	assert_int_equal(r->state, PC_UAT_FAIL);
	assert_non_null(strstr(r->detail, "answered HTTP 500"));
	free(url);
}

/* ---- progress and reports ------------------------------------------------------ */

static void progress_survives_a_restart(void **state)
{
	fixture *fx = *state;
	pc_uat_progress again;
	pc_err err;
	char *path, *text;
	struct stat st;
	cJSON *root;

	load(fx, BALANCE_ITEM ", { id = \"other\"; title = \"O\"; pass = \"p\"; evidence = \"e\";\n"
	         "steps = ( { kind = \"manual\"; manual = \"m\"; } ); }");
	canned_reply(fx->server, "/api/v1/account/checkBalance", 200,
	             "{\"code\":1000,\"message\":\"success\",\"data\":{\"balance\":1}}");
	run(fx, "balance", false);
	fx->progress.results[1].state = PC_UAT_SKIPPED;
	fx->progress.results[1].note = strdup("not offered");
	assert_int_equal(pc_uat_set_callback_url(&fx->progress, "https://cb.example.ph/paycools", &err), 0);
	assert_int_equal(pc_uat_progress_save(&fx->progress, &fx->cl, &err), 0);

	/* A result of an item this checklist lacks is kept as it was. */
	path = pc_strdupf("%s/uat.json", fx->client.state_dir);
	text = tu_read_file(path, NULL);
	root = cJSON_Parse(text);
	free(text);
	cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(root, "items"), "gone",
	                      cJSON_Parse("{\"state\":\"pass\",\"evidence\":[]}"));
	text = cJSON_Print(root);
	cJSON_Delete(root);
	tu_write_file(path, text, 0600);
	free(text);
	assert_int_equal(pc_uat_progress_load(&again, &fx->cl, fx->client.state_dir, &err), 0);
	assert_int_equal(again.results[0].state, PC_UAT_PASS);
	assert_non_null(again.results[0].finished);
	assert_int_equal(cJSON_GetArraySize(again.results[0].evidence),
	                 cJSON_GetArraySize(fx->progress.results[0].evidence));
	assert_int_equal(again.results[1].state, PC_UAT_SKIPPED);
	assert_string_equal(again.results[1].note, "not offered");
	assert_string_equal(again.callback_url, "https://cb.example.ph/paycools");
	assert_non_null(cJSON_GetObjectItemCaseSensitive(again.others, "gone"));
	assert_int_equal(pc_uat_progress_save(&again, &fx->cl, &err), 0);
	text = tu_read_file(path, NULL);
	assert_non_null(strstr(text, "\"gone\""));
	free(text);
	pc_uat_progress_free(&again);

	/* A damaged file is an error and stays as it is. */
	tu_write_file(path, "{\"version\":1,\"items\":{\"balance\":{\"state\":\"great\"}}}", 0600);
	pc_err_clear(&err);
	assert_int_equal(pc_uat_progress_load(&again, &fx->cl, fx->client.state_dir, &err), -1);
	assert_non_null(strstr(err.msg, "move it away"));
	assert_non_null(strstr(err.msg, "'balance'"));
	tu_write_file(path, "not json", 0600);
	assert_int_equal(pc_uat_progress_load(&again, &fx->cl, fx->client.state_dir, &err), -1);
	text = tu_read_file(path, NULL);
	assert_string_equal(text, "not json");
	free(text);
	assert_int_equal(stat(path, &st), 0);
	free(path);
}

static void reports_carry_every_item(void **state)
{
	fixture *fx = *state;
	char *md, *json;
	cJSON *root, *items;
	pc_uat_counts n;

	load(fx, BALANCE_ITEM ", { id = \"other\"; title = \"Other | thing\"; pass = \"p\"; evidence = \"e\";\n"
	         "steps = ( { kind = \"manual\"; manual = \"m\"; } ); }");
	canned_reply(fx->server, "/api/v1/account/checkBalance", 200,
	             "{\"code\":1000,\"message\":\"success\",\"data\":{\"balance\":\"```\\u001b[2J\"}}");
	run(fx, "balance", false);
	pc_uat_count(&fx->cl, &fx->progress, PC_ENV_UAT, &n);
	assert_int_equal(n.items, 2);
	assert_int_equal(n.pass, 1);
	assert_int_equal(n.pending, 1);
	assert_int_equal(n.automatable, 1);
	md = pc_uat_report_markdown(&fx->cl, &fx->progress, &fx->profile, 1732183200123LL);
	assert_non_null(md);
	assert_non_null(strstr(md, "| Merchant app | paycon test shop |"));
	assert_non_null(strstr(md, "| Environment | UAT (http://127.0.0.1:"));
	assert_non_null(strstr(md, "| Date | 2024-11-21T10:00:00.123Z |"));
	assert_non_null(strstr(md, "| Result | 1 of 2 items passed"));
	assert_non_null(strstr(md, "| `balance` | Balance | PASS |"));
	assert_non_null(strstr(md, "| `other` | Other \\| thing | PENDING |"));
	assert_non_null(strstr(md, "### `balance`: Balance"));
	assert_non_null(strstr(md, "canonical: appId="));
	/* Outside text can neither close the fence nor reach a terminal. */
	assert_non_null(strstr(md, "````text\n"));
	assert_null(strchr(md, '\033'));
	assert_non_null(strstr(md, "## Phases not in this report\n\n- Production: for production profiles"));
	free(md);

	json = pc_uat_report_json(&fx->cl, &fx->progress, &fx->profile, 1732183200123LL);
	root = cJSON_Parse(json);
	assert_non_null(root);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "appName")->valuestring, "paycon test shop");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "environment")->valuestring, "uat");
	items = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "phases"), 0),
	                                         "items");
	assert_int_equal(cJSON_GetArraySize(items), 2);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, 0), "state")->valuestring, "pass");
	assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, 0), "evidence")) >= 2);
	cJSON_Delete(root);
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_checklist_covers_the_issue),
		cmocka_unit_test(default_path_follows_the_environment),
		cmocka_unit_test(state_names_round_trip),
		cmocka_unit_test(parse_errors_name_the_line),
		cmocka_unit_test(templates_bind_in_order),
		cmocka_unit_test(masking_hides_accounts_and_secrets),
		cmocka_unit_test_setup_teardown(balance_passes_with_evidence, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_endpoint_fails_with_the_http_error, setup, teardown),
		cmocka_unit_test_setup_teardown(api_error_fails_with_its_code, setup, teardown),
		cmocka_unit_test_setup_teardown(expected_codes_and_a_spoiled_signature, setup, teardown),
		cmocka_unit_test_setup_teardown(money_moves_are_journaled_and_masked, setup, teardown),
		cmocka_unit_test_setup_teardown(production_never_moves_money_by_itself, setup, teardown),
		cmocka_unit_test_setup_teardown(callbacks_are_waited_for_and_judged, setup, teardown),
		cmocka_unit_test_setup_teardown(a_missing_callback_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(sandbox_steps_or_the_operator, setup, teardown),
		cmocka_unit_test_setup_teardown(saved_account_numbers_are_shown_but_never_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(manual_items_and_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(the_callback_url_must_answer_success, setup, teardown),
		cmocka_unit_test_setup_teardown(progress_survives_a_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(reports_carry_every_item, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
