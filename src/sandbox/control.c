/* control.c — /_sandbox/ endpoints (see control.h). */
#include "control.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callbacks.h"
#include "clock.h"
#include "handlers.h"
#include "settle.h"

static void error_answer(sb_answer *ans, unsigned status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void error_answer(sb_answer *ans, unsigned status, const char *fmt, ...)
{
	cJSON *o = cJSON_CreateObject();
	char text[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	cJSON_AddStringToObject(o, "error", text);
	sb_answer_json(ans, status, o);
}

/* ---- sb_action helpers (handlers.h) ---- */

void sb_action_fail(sb_action *a, int status, const char *fmt, ...)
{
	va_list ap;

	if (a->status != 200)
		return; /* keep the first reason */
	a->status = status;
	va_start(ap, fmt);
	vsnprintf(a->error, sizeof(a->error), fmt, ap);
	va_end(ap);
}

const char *sb_action_str(sb_action *a, const char *key, bool required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(a->req, key);

	if (cJSON_IsString(v) && v->valuestring[0])
		return v->valuestring;
	if (required || (v && !cJSON_IsNull(v)))
		sb_action_fail(a, 400, "\"%s\" must be a non-empty string", key);
	return NULL;
}

bool sb_action_int(sb_action *a, const char *key, bool required, long long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(a->req, key);

	if (cJSON_IsNumber(v) && v->valuedouble == (double)(long long)v->valuedouble
	    && v->valuedouble >= -1e15 && v->valuedouble <= 1e15) {
		*out = (long long)v->valuedouble;
		return true;
	}
	if (required || (v && !cJSON_IsNull(v)))
		sb_action_fail(a, 400, "\"%s\" must be a whole number", key);
	return false;
}

/* ---- routes ---- */

static cJSON *parse_body(const char *body, size_t len, sb_answer *ans)
{
	cJSON *req;

	if (!body) {
		error_answer(ans, 413, "the body is too large");
		return NULL;
	}
	req = len ? cJSON_ParseWithLength(body, len) : cJSON_CreateObject();
	if (!cJSON_IsObject(req)) {
		cJSON_Delete(req);
		error_answer(ans, 400, "the body must be a JSON object");
		return NULL;
	}
	return req;
}

static void ledger_dump(sb_ctx *sb, sb_answer *ans)
{
	sb_ledger_lock(&sb->ledger);
	ans->body = sb_ledger_dump(&sb->ledger, false);
	sb_ledger_unlock(&sb->ledger);
	ans->status = ans->body ? 200 : 500;
	ans->content_type = "application/json";
}

static void callbacks_dump(sb_ctx *sb, sb_answer *ans)
{
	cJSON *o = cJSON_CreateObject();

	sb_ledger_lock(&sb->ledger);
	cJSON_AddItemToObject(o, "callbacks",
	                      cJSON_Duplicate(sb_ledger_list(&sb->ledger, "callbacks"), true));
	sb_ledger_unlock(&sb->ledger);
	sb_answer_json(ans, 200, o);
}

static void settle_now(sb_ctx *sb, sb_answer *ans)
{
	cJSON *o = cJSON_CreateObject();
	int n;

	sb_ledger_lock(&sb->ledger);
	n = sb_settle_due(sb, sb_now_ms(), true);
	sb_ledger_unlock(&sb->ledger);
	cJSON_AddNumberToObject(o, "settled", n);
	sb_answer_json(ans, 200, o);
}

static void retry_callbacks(sb_ctx *sb, sb_answer *ans)
{
	cJSON *o = cJSON_CreateObject();
	int n;

	sb_ledger_lock(&sb->ledger);
	n = sb_callbacks_retry_now(sb);
	sb_ledger_commit(&sb->ledger);
	sb_ledger_unlock(&sb->ledger);
	cJSON_AddNumberToObject(o, "due", n);
	sb_answer_json(ans, 200, o);
}

static void faults_answer(sb_ctx *sb, sb_answer *ans)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "faults", sb_faults_json(&sb->faults));
	sb_answer_json(ans, 200, o);
}

/* Every spec is checked before any is added: all or nothing. */
static void faults_add(sb_ctx *sb, const cJSON *req, sb_answer *ans)
{
	const cJSON *one = cJSON_GetObjectItemCaseSensitive(req, "spec");
	const cJSON *many = cJSON_GetObjectItemCaseSensitive(req, "specs");
	const cJSON *s;
	sb_fault probe;
	pc_err err;

	if (!cJSON_IsString(one) && !cJSON_IsArray(many)) {
		error_answer(ans, 400, "give {\"spec\": \"KIND[=ARG][:PROB][@ENDPOINT_ID]\"} or {\"specs\": [...]}");
		return;
	}
	if (cJSON_IsString(one) && sb_fault_parse(one->valuestring, &probe, &err) < 0) {
		error_answer(ans, 400, "%s", err.msg);
		return;
	}
	cJSON_ArrayForEach(s, many) {
		if (!cJSON_IsString(s) || sb_fault_parse(s->valuestring, &probe, &err) < 0) {
			error_answer(ans, 400, "%s", cJSON_IsString(s) ? err.msg : "specs must be strings");
			return;
		}
	}
	if (cJSON_IsString(one))
		sb_faults_add(&sb->faults, one->valuestring, &err);
	cJSON_ArrayForEach(s, many)
		sb_faults_add(&sb->faults, s->valuestring, &err);
	faults_answer(sb, ans);
}

/* Makes a collection `days` older: createMs and returnMs move back. */
static void age(sb_action *a)
{
	const char *id = sb_action_str(a, "transactionId", true);
	long long days = 0;
	cJSON *col;

	if (!sb_action_int(a, "days", true, &days) || !id)
		return;
	if (days < 0 || days > 3650) {
		sb_action_fail(a, 400, "\"days\" must be 0 to 3650");
		return;
	}
	col = sb_ledger_find(&a->sb->ledger, "collections", "transactionId", id);
	if (!col) {
		sb_action_fail(a, 404, "no collection with transactionId '%s'", id);
		return;
	}
	sb_set_int(col, "createMs", sb_int(col, "createMs") - days * SB_DAY_MS);
	if (sb_int(col, "returnMs") > 0)
		sb_set_int(col, "returnMs", sb_int(col, "returnMs") - days * SB_DAY_MS);
	sb_json_str(a->out, "transactionId", id);
	sb_json_time(a->out, "createTime", sb_int(col, "createMs"));
	a->changed = true;
}

static void set_balance(sb_action *a)
{
	long long balance;

	if (!sb_action_int(a, "balance", true, &balance))
		return;
	if (balance < 0) {
		sb_action_fail(a, 400, "\"balance\" must not be negative");
		return;
	}
	sb_set_int(a->sb->ledger.doc, "balance", balance);
	sb_json_int(a->out, "balance", balance);
	a->changed = true;
}

typedef void (*action_fn)(sb_action *a);

static void web_complete(sb_action *a)
{
	sb_web_finish(a, true);
}

static void web_fail(sb_action *a)
{
	sb_web_finish(a, false);
}

static void checkout_complete(sb_action *a)
{
	sb_checkout_finish(a, true);
}

static void checkout_fail(sb_action *a)
{
	sb_checkout_finish(a, false);
}

static const struct {
	const char *path;
	action_fn fn;
} actions[] = {
	{ "/_sandbox/age", age },
	{ "/_sandbox/balance", set_balance },
	{ "/_sandbox/qr/pay", sb_qr_pay },
	{ "/_sandbox/va/pay", sb_va_pay },
	{ "/_sandbox/transfer/pay", sb_transfer_pay },
	{ "/_sandbox/web/complete", web_complete },
	{ "/_sandbox/web/fail", web_fail },
	{ "/_sandbox/checkout/complete", checkout_complete },
	{ "/_sandbox/checkout/fail", checkout_fail },
};

static void run_action(sb_ctx *sb, action_fn fn, const cJSON *req, sb_answer *ans)
{
	sb_action a = { .sb = sb, .req = req, .status = 200, .out = cJSON_CreateObject() };

	if (!a.out) {
		error_answer(ans, 500, "out of memory");
		return;
	}
	sb_ledger_lock(&sb->ledger);
	a.now = sb_now_ms();
	fn(&a);
	if (a.changed)
		sb_ledger_commit(&sb->ledger);
	sb_ledger_unlock(&sb->ledger);
	if (a.status != 200) {
		cJSON_Delete(a.out);
		error_answer(ans, (unsigned)a.status, "%s", a.error);
		return;
	}
	cJSON_AddTrueToObject(a.out, "ok");
	sb_answer_json(ans, 200, a.out);
}

/* Escapes text for HTML. malloc'd. */
static char *html_escape(const char *s)
{
	size_t n = 1;
	char *out, *o;

	for (const char *c = s; *c; c++)
		n += strchr("<>&\"", *c) ? 6 : 1;
	out = malloc(n);
	if (!out)
		return NULL;
	o = out;
	for (const char *c = s; *c; c++) {
		const char *rep = *c == '<' ? "&lt;" : *c == '>' ? "&gt;" : *c == '&' ? "&amp;"
		                  : *c == '"' ? "&quot;" : NULL;

		if (rep) {
			strcpy(o, rep);
			o += strlen(rep);
		} else {
			*o++ = *c;
		}
	}
	*o = '\0';
	return out;
}

static cJSON *find_link(sb_ctx *sb, const char *code, const char **kind)
{
	static const char *const lists[] = { "collections", "checkouts", "qrcodes",
	                                     "virtualAccounts", "transferAccounts", "aggregateVAs" };

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		cJSON *o = sb_ledger_find(&sb->ledger, lists[i], "linkCode", code);

		if (!o)
			o = sb_ledger_find(&sb->ledger, lists[i], "shortCode", code);
		if (o) {
			*kind = lists[i];
			return o;
		}
	}
	return NULL;
}

/* The page a payer would see behind a short link: here, the object and
 * how to pay it through the control endpoints. */
static void link_page(sb_ctx *sb, const char *code, sb_answer *ans)
{
	const char *kind = NULL;
	char *json = NULL, *safe = NULL;
	cJSON *o;

	sb_ledger_lock(&sb->ledger);
	o = find_link(sb, code, &kind);
	if (o)
		json = cJSON_Print(o);
	sb_ledger_unlock(&sb->ledger);
	if (!o) {
		error_answer(ans, 404, "no sandbox link '%s'", code);
		return;
	}
	safe = json ? html_escape(json) : NULL;
	ans->status = 200;
	ans->content_type = "text/html; charset=utf-8";
	ans->body = malloc(strlen(safe ? safe : "") + 512);
	if (ans->body)
		sprintf(ans->body, "<!doctype html>\n<html><head><title>paycon-sandbox: %s</title></head>"
		        "<body><h1>paycon-sandbox %s</h1><p>Pay or fail it with the POST "
		        "/_sandbox/ endpoints (see doc/sandbox.md).</p><pre>%s</pre></body></html>\n",
		        kind, kind, safe ? safe : "");
	free(json);
	free(safe);
}

static void index_page(sb_answer *ans)
{
	cJSON *o = cJSON_CreateObject();
	static const char *const routes[] = {
		"GET /_sandbox/ledger", "POST /_sandbox/settle", "GET /_sandbox/callbacks",
		"POST /_sandbox/callbacks/retry", "GET|POST|DELETE /_sandbox/faults",
		"POST /_sandbox/age", "POST /_sandbox/balance", "POST /_sandbox/qr/pay",
		"POST /_sandbox/va/pay", "POST /_sandbox/transfer/pay",
		"POST /_sandbox/web/complete", "POST /_sandbox/web/fail",
		"POST /_sandbox/checkout/complete", "POST /_sandbox/checkout/fail",
		"GET /_sandbox/link/CODE",
	};
	cJSON *list = cJSON_AddArrayToObject(o, "routes");

	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		cJSON_AddItemToArray(list, cJSON_CreateString(routes[i]));
	sb_answer_json(ans, 200, o);
}

static bool is(const char *method, const char *path, const char *want_method, const char *want_path)
{
	return strcmp(method, want_method) == 0 && strcmp(path, want_path) == 0;
}

/* GET and DELETE routes; false when none matches. */
static bool read_route(sb_ctx *sb, const char *method, const char *path, sb_answer *ans)
{
	if (is(method, path, "GET", "/_sandbox/") || is(method, path, "GET", "/_sandbox"))
		index_page(ans);
	else if (is(method, path, "GET", "/_sandbox/ledger"))
		ledger_dump(sb, ans);
	else if (is(method, path, "GET", "/_sandbox/callbacks"))
		callbacks_dump(sb, ans);
	else if (is(method, path, "GET", "/_sandbox/faults"))
		faults_answer(sb, ans);
	else if (is(method, path, "DELETE", "/_sandbox/faults")) {
		sb_faults_clear(&sb->faults);
		faults_answer(sb, ans);
	} else if (strcmp(method, "GET") == 0 && strncmp(path, "/_sandbox/link/", 15) == 0)
		link_page(sb, path + 15, ans);
	else
		return false;
	return true;
}

static void post_route(sb_ctx *sb, const char *path, const cJSON *req, sb_answer *ans)
{
	if (strcmp(path, "/_sandbox/settle") == 0) {
		settle_now(sb, ans);
		return;
	}
	if (strcmp(path, "/_sandbox/callbacks/retry") == 0) {
		retry_callbacks(sb, ans);
		return;
	}
	if (strcmp(path, "/_sandbox/faults") == 0) {
		faults_add(sb, req, ans);
		return;
	}
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (strcmp(path, actions[i].path) == 0) {
			run_action(sb, actions[i].fn, req, ans);
			return;
		}
	}
	error_answer(ans, 404, "no control endpoint POST %s (GET /_sandbox/ lists them)", path);
}

void sb_control(sb_ctx *sb, const char *method, const char *path, const char *query,
                const char *body, size_t len, sb_answer *ans)
{
	cJSON *req;

	(void)query;
	if (read_route(sb, method, path, ans))
		return;
	if (strcmp(method, "POST") != 0) {
		error_answer(ans, 404, "no control endpoint %s %s (GET /_sandbox/ lists them)", method, path);
		return;
	}
	req = parse_body(body, len, ans);
	if (!req)
		return;
	post_route(sb, path, req, ans);
	cJSON_Delete(req);
}
