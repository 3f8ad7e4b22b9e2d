/* uat.c — running one checklist item and keeping its evidence (see uat.h).
 *
 * An item runs its steps in order and stops at the first that does not
 * pass. Everything that happens is appended to the item's evidence as it
 * happens, masked first: nothing unmasked ever reaches the progress file.
 * While an item runs, the profile's spool is followed from the moment the
 * item started, so the callbacks that arrive for its ids are kept too. */
#include "uat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "callback.h"
#include "canonical.h"
#include "codes.h"
#include "http.h"
#include "ids.h"
#include "mask.h"
#include "money_move.h"
#include "paths.h"
#include "spool.h"
#include "strbuf.h"
#include "uat_internal.h"
#include "urlcode.h"

/* Largest callback body read from the spool (hookd's own limit is 64 KiB). */
#define CALLBACK_MAX_BODY (1u << 20)
/* Most callbacks one item run keeps in memory; a busy shared spool may
 * bring many that belong to other orders. */
#define MAX_CALLBACKS 2000
/* Valid callbacks looked at, newest first, for the callback-URL check. */
#define REPLAY_LOOKBACK 50
#define DEFAULT_POLL_MS 200

/* ---- masking ------------------------------------------------------------ */

bool pc_uat_field_is_secret(const char *name)
{
	static const char *const secret[] = {
		"accountNo", "accountNumber", "paymentAccount", "recipientAccount", "remittingAccount",
		"referenceNumber", "payToken", "authCode", "passphrase",
	};

	for (size_t i = 0; name && i < sizeof(secret) / sizeof(secret[0]); i++)
		if (strcmp(name, secret[i]) == 0)
			return true;
	return false;
}

char *pc_uat_short_sign(const char *sign, char *buf, size_t size)
{
	if (strlen(sign) <= 16)
		snprintf(buf, size, "%s", sign);
	else
		snprintf(buf, size, "%.16s\xe2\x80\xa6", sign);
	return buf;
}

static void mask_member(cJSON *parent, cJSON *v)
{
	char masked[128], num[64];
	const char *text = NULL;
	cJSON *replacement;

	if (cJSON_IsString(v)) {
		text = v->valuestring;
	} else if (cJSON_IsNumber(v) || cJSON_IsRaw(v)) {
		if (cJSON_IsRaw(v))
			snprintf(num, sizeof(num), "%s", v->valuestring);
		else
			snprintf(num, sizeof(num), "%.0f", v->valuedouble);
		text = num;
	}
	if (!text)
		return;
	if (strcmp(v->string, "sign") == 0)
		pc_uat_short_sign(text, masked, sizeof(masked));
	else
		pc_mask_account(text, masked, sizeof(masked));
	/* The replacement takes the member's name along. */
	replacement = cJSON_CreateString(masked);
	if (replacement)
		replacement->string = strdup(v->string);
	if (!replacement || !replacement->string || !cJSON_ReplaceItemViaPointer(parent, v, replacement)) {
		cJSON_Delete(replacement);
		cJSON_Delete(cJSON_DetachItemViaPointer(parent, v));
	}
}

void pc_uat_mask_json(cJSON *item)
{
	cJSON *v = item ? item->child : NULL;

	while (v) {
		cJSON *next = v->next;

		if (v->string && (pc_uat_field_is_secret(v->string) || strcmp(v->string, "sign") == 0)
		    && !cJSON_IsObject(v) && !cJSON_IsArray(v))
			mask_member(item, v);
		else
			pc_uat_mask_json(v);
		v = next;
	}
}

/* ---- the run ------------------------------------------------------------ */

typedef enum { STEP_OK = 0, STEP_FAIL, STEP_SKIP, STEP_MANUAL, STEP_STOP } step_outcome;

typedef struct {
	char name[PC_SPOOL_NAME_SIZE];
	unsigned long long ms;
	pc_callback cb;
	bool recorded;
} seen_callback;

typedef struct {
	pc_client *c;
	const pc_uat_item *item;
	pc_uat_result *r;
	const pc_uat_hooks *hooks;
	char *callback_url;
	size_t step;                       /* 1-based, 0 outside steps */
	char names[PC_UAT_MAX_VARS][PC_UAT_NAME_MAX + 1];
	char *values[PC_UAT_MAX_VARS];
	bool secret[PC_UAT_MAX_VARS];      /* saved from an account-number field */
	size_t nvars;
	pc_spool *spool;
	pc_spool_cursor *cursor;
	char spool_problem[600];
	const pc_key *platform;
	char key_problem[600];
	seen_callback *cbs;
	size_t ncbs;
	pc_http *control;                  /* /_sandbox/ requests */
	char detail[1024];                 /* why the current step did not pass */
	char instruction[1024];            /* what the operator was asked, for MANUAL */
} run_ctx;

static step_outcome fail(run_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static step_outcome fail(run_ctx *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->detail, sizeof(x->detail), fmt, ap);
	va_end(ap);
	return STEP_FAIL;
}

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void say(run_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(run_ctx *x, const char *fmt, ...)
{
	char line[600];
	va_list ap;

	if (!x->hooks || !x->hooks->progress)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	x->hooks->progress(x->hooks->ud, x->item, line);
}

static bool stopped(const run_ctx *x)
{
	return x->hooks && x->hooks->stop && x->hooks->stop(x->hooks->ud);
}

/* A new evidence record {"ts", "type", "step"} appended to the item's. */
static cJSON *record(run_ctx *x, const char *type)
{
	char ts[40];
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	pc_uat_iso_time(pc_now_ms(), ts, sizeof(ts));
	cJSON_AddStringToObject(o, "ts", ts);
	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddNumberToObject(o, "step", (double)x->step);
	cJSON_AddItemToArray(x->r->evidence, o);
	return o;
}

/* A masked copy of JSON text as an object, or the text itself when it is
 * not JSON. */
static cJSON *masked_json_text(const char *text, size_t len)
{
	cJSON *v = cJSON_ParseWithLength(text, len);
	char *copy;

	if (v) {
		pc_uat_mask_json(v);
		return v;
	}
	copy = strndup(text, len > 400 ? 400 : len);
	v = cJSON_CreateString(copy ? copy : "");
	free(copy);
	return v;
}

static void add_masked_copy(cJSON *o, const char *name, const cJSON *data)
{
	cJSON *copy = data ? cJSON_Duplicate(data, 1) : cJSON_CreateNull();

	pc_uat_mask_json(copy);
	cJSON_AddItemToObject(o, name, copy);
}

/* ---- names and templates -------------------------------------------------- */

static const char *lookup(const run_ctx *x, const char *name, size_t len)
{
	for (size_t i = 0; i < x->nvars; i++)
		if (strlen(x->names[i]) == len && strncmp(x->names[i], name, len) == 0)
			return x->values[i];
	return NULL;
}

static int bind_value(run_ctx *x, const char *name, size_t len, const char *value, bool secret)
{
	char *copy = strdup(value);

	if (!copy || len > PC_UAT_NAME_MAX) {
		free(copy);
		return -1;
	}
	for (size_t i = 0; i < x->nvars; i++) {
		if (strlen(x->names[i]) == len && strncmp(x->names[i], name, len) == 0) {
			free(x->values[i]);
			x->values[i] = copy;
			x->secret[i] = secret;
			return 0;
		}
	}
	if (x->nvars == PC_UAT_MAX_VARS) {
		free(copy);
		return -1;
	}
	memcpy(x->names[x->nvars], name, len);
	x->names[x->nvars][len] = '\0';
	x->secret[x->nvars] = secret;
	x->values[x->nvars++] = copy;
	return 0;
}

/* Today in the Philippines (UTC+8, no daylight saving): statements are
 * asked by Philippine date. */
static void philippine_today(char *buf, size_t size)
{
	time_t t = (time_t)(pc_now_ms() / 1000) + 8 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

/* The value of one ${inner}; writes it into out. -1 with x->detail. */
static int token_value(run_ctx *x, const char *inner, size_t len, char *out, size_t size)
{
	const char *v;

	if (len > 4 && strncmp(inner, "new:", 4) == 0) {
		if (pc_new_order_id("UAT", out, size) < 0 || bind_value(x, inner + 4, len - 4, out, false) < 0) {
			fail(x, "could not make a new order id");
			return -1;
		}
		return 0;
	}
	if (len > 5 && strncmp(inner, "idem:", 5) == 0) {
		v = lookup(x, inner + 5, len - 5);
		if (!v || pc_idempotency_id(x->c->profile->app_id, v, out, size) < 0) {
			fail(x, "cannot derive ${%.*s}", (int)len, inner);
			return -1;
		}
		return 0;
	}
	v = lookup(x, inner, len);
	if (v) {
		snprintf(out, size, "%s", v);
	} else if (len == 5 && strncmp(inner, "today", 5) == 0) {
		philippine_today(out, size);
	} else if (len == 8 && strncmp(inner, "app_name", 8) == 0) {
		snprintf(out, size, "%s", x->c->profile->app_name ? x->c->profile->app_name : "");
	} else if (len == 12 && strncmp(inner, "callback_url", 12) == 0) {
		if (!x->callback_url) {
			fail(x, "this item needs the merchant's callback URL (the webhook set in the PayCools "
			     "dashboard): give it once with `paycon uat run --callback-url https://…` (it is "
			     "remembered)");
			return -1;
		}
		snprintf(out, size, "%s", x->callback_url);
	} else {
		fail(x, "${%.*s} has no value at this step", (int)len, inner);
		return -1;
	}
	return 0;
}

/* The template with every ${…} replaced; malloc'd, NULL with x->detail. */
static char *expand(run_ctx *x, const char *tmpl)
{
	pc_strbuf out = { 0 };
	const char *inner, *after, *p = tmpl, *open;
	size_t len;

	for (open = pc_uat_next_token(p, &inner, &len, &after); open;
	     open = pc_uat_next_token(p, &inner, &len, &after)) {
		char value[512];

		if (!after) {
			free(out.data);
			fail(x, "'${' without '}' in \"%s\"", tmpl);
			return NULL;
		}
		pc_sb_put(&out, p, (size_t)(open - p));
		if (token_value(x, inner, len, value, sizeof(value)) < 0) {
			free(out.data);
			return NULL;
		}
		pc_sb_puts(&out, value);
		p = after;
	}
	pc_sb_puts(&out, p);
	if (out.oom || !out.data) {
		free(out.data);
		fail(x, "out of memory");
		return NULL;
	}
	return pc_sb_take(&out);
}

/* A deep copy of v with every string expanded; NULL with x->detail. */
static cJSON *expand_json(run_ctx *x, const cJSON *v)
{
	const cJSON *child;
	cJSON *out;

	if (cJSON_IsString(v)) {
		char *s = expand(x, v->valuestring);

		out = s ? cJSON_CreateString(s) : NULL;
		free(s);
		return out;
	}
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return cJSON_Duplicate(v, 0);
	out = cJSON_IsObject(v) ? cJSON_CreateObject() : cJSON_CreateArray();
	cJSON_ArrayForEach(child, v) {
		cJSON *copy = expand_json(x, child);

		if (!copy || !out) {
			cJSON_Delete(copy);
			cJSON_Delete(out);
			return NULL;
		}
		if (cJSON_IsObject(v))
			cJSON_AddItemToObject(out, child->string, copy);
		else
			cJSON_AddItemToArray(out, copy);
	}
	return out;
}

/* Request fields from the step's template, in file order. */
static int build_fields(run_ctx *x, const cJSON *tmpl, pc_params *out)
{
	const cJSON *f;

	pc_params_init(out);
	cJSON_ArrayForEach(f, tmpl) {
		int rc;

		if (cJSON_IsString(f)) {
			char *s = expand(x, f->valuestring);

			if (!s)
				return -1;
			rc = pc_params_set_str(out, f->string, s);
			free(s);
		} else if (cJSON_IsRaw(f)) {
			rc = pc_params_set(out, f->string, PC_JNUM, f->valuestring);
		} else if (cJSON_IsBool(f)) {
			rc = pc_params_set(out, f->string, PC_JRAW, cJSON_IsTrue(f) ? "true" : "false");
		} else {
			cJSON *copy = expand_json(x, f);
			char *text = copy ? cJSON_PrintUnformatted(copy) : NULL;

			cJSON_Delete(copy);
			if (!text)
				return -1;
			rc = pc_params_set(out, f->string, PC_JRAW, text);
			free(text);
		}
		if (rc < 0) {
			fail(x, "out of memory");
			return -1;
		}
	}
	return 0;
}

/* ---- callbacks in the spool ---------------------------------------------- */

static void open_spool(run_ctx *x)
{
	pc_spool_list skip = { 0 };
	pc_err e;

	pc_err_clear(&e);
	if (!x->c->profile->spool) {
		snprintf(x->spool_problem, sizeof(x->spool_problem), "profile '%s' names no spool",
		         x->c->profile->name);
		return;
	}
	x->spool = pc_spool_open_reader(x->c->profile->spool, &e);
	x->cursor = x->spool ? pc_spool_cursor_new(NULL, &e) : NULL;
	/* Whatever is there already came before this item: skipped. */
	if (x->cursor && pc_spool_scan_since(x->spool, x->cursor, &skip, &e) == 0) {
		pc_spool_list_free(&skip);
		return;
	}
	snprintf(x->spool_problem, sizeof(x->spool_problem), "spool %s: %s", x->c->profile->spool, e.msg);
	pc_spool_cursor_free(x->cursor);
	pc_spool_close(x->spool);
	x->cursor = NULL;
	x->spool = NULL;
}

static void judge(run_ctx *x, const char *name, pc_callback *cb)
{
	char *body = NULL;
	size_t len = 0;
	pc_err e;

	pc_err_clear(&e);
	if (pc_spool_read(x->spool, name, &body, &len, CALLBACK_MAX_BODY, &e) < 0) {
		memset(cb, 0, sizeof(*cb));
		pc_params_init(&cb->fields);
		cb->verdict = PC_VERDICT_MALFORMED;
		cb->kind = "unknown";
		snprintf(cb->reason, sizeof(cb->reason), "unreadable: %s", e.msg);
		return;
	}
	pc_callback_judge(cb, body, len, x->platform, x->c->profile->sign_hash,
	                  x->platform ? NULL : x->key_problem);
	free(body);
}

/* Reads and judges the callbacks that arrived since the last look. */
static void poll_spool(run_ctx *x)
{
	pc_spool_list list = { 0 };
	pc_err e;

	if (!x->spool || pc_spool_scan_since(x->spool, x->cursor, &list, &e) < 0)
		return;
	for (size_t i = 0; i < list.n && x->ncbs < MAX_CALLBACKS; i++) {
		seen_callback *grown = realloc(x->cbs, (x->ncbs + 1) * sizeof(*x->cbs));

		if (!grown)
			break;
		x->cbs = grown;
		memset(&x->cbs[x->ncbs], 0, sizeof(x->cbs[x->ncbs]));
		snprintf(x->cbs[x->ncbs].name, sizeof(x->cbs[x->ncbs].name), "%s", list.items[i].name);
		x->cbs[x->ncbs].ms = list.items[i].key.ms;
		judge(x, list.items[i].name, &x->cbs[x->ncbs].cb);
		x->ncbs++;
	}
	pc_spool_list_free(&list);
}

static bool is_bound_value(const run_ctx *x, const char *v)
{
	for (size_t i = 0; v && i < x->nvars; i++)
		if (strcmp(x->values[i], v) == 0)
			return true;
	return false;
}

/* A callback belongs to the item when it names one of its ids. */
static bool related(const run_ctx *x, const pc_callback *cb)
{
	return is_bound_value(x, cb->order) || is_bound_value(x, cb->transaction)
	       || is_bound_value(x, cb->original);
}

static void record_callback(run_ctx *x, seen_callback *s)
{
	cJSON *o = record(x, "callback");
	char received[40];
	char *json;

	s->recorded = true;
	if (!o)
		return;
	pc_uat_iso_time((long long)s->ms, received, sizeof(received));
	cJSON_AddStringToObject(o, "file", s->name);
	cJSON_AddStringToObject(o, "received", received);
	cJSON_AddStringToObject(o, "verdict", pc_verdict_name(s->cb.verdict));
	if (s->cb.verdict != PC_VERDICT_VALID)
		cJSON_AddStringToObject(o, "reason", s->cb.reason);
	if (s->cb.event)
		cJSON_AddStringToObject(o, "event", s->cb.event);
	if (s->cb.order)
		cJSON_AddStringToObject(o, "order", s->cb.order);
	if (s->cb.status)
		cJSON_AddStringToObject(o, "status", s->cb.status);
	json = s->cb.verdict == PC_VERDICT_MALFORMED ? NULL : pc_params_to_json(&s->cb.fields);
	if (json)
		cJSON_AddItemToObject(o, "fields", masked_json_text(json, strlen(json)));
	free(json);
}

/* ---- answers ------------------------------------------------------------- */

/* data itself, or the first element when data is a list. */
static const cJSON *data_object(const cJSON *data)
{
	return cJSON_IsArray(data) ? cJSON_GetArrayItem(data, 0) : data;
}

static const char *data_status(const cJSON *data)
{
	static const char *const names[] = { "transactionStatus", "refundStatus", "status" };
	const cJSON *o = data_object(data);

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, names[i]);

		if (cJSON_IsString(v))
			return v->valuestring;
	}
	return NULL;
}

/* True when value is one of the '|'-separated alternatives. */
static bool one_of(const char *value, const char *alternatives)
{
	size_t n = strlen(value);
	const char *p = alternatives;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && strncmp(p, value, n) == 0)
			return true;
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

/* "field", "list[0].field", "a.b": a value inside an answer. */
static const cJSON *json_path(const cJSON *v, const char *path)
{
	while (v && *path) {
		size_t n = strcspn(path, ".");
		char seg[128];
		char *bracket;

		snprintf(seg, sizeof(seg), "%.*s", (int)n, path);
		bracket = strchr(seg, '[');
		if (bracket)
			*bracket = '\0';
		if (seg[0])
			v = cJSON_GetObjectItemCaseSensitive(v, seg);
		if (bracket)
			v = cJSON_GetArrayItem(v, atoi(bracket + 1));
		path += n + (path[n] == '.');
	}
	return v;
}

/* The name of the field a path ends in ("accountNumber" of "list[0].accountNumber"). */
static bool path_is_secret(const char *path)
{
	const char *dot = strrchr(path, '.');
	char last[128];

	snprintf(last, sizeof(last), "%s", dot ? dot + 1 : path);
	last[strcspn(last, "[")] = '\0';
	return pc_uat_field_is_secret(last);
}

/* save = { NAME = "field"; } from an answer or from callback fields. */
static step_outcome save_values(run_ctx *x, const pc_uat_step *st, const cJSON *from, const pc_params *fields)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, st->save) {
		const cJSON *v = json_path(data_object(from), s->valuestring);
		const char *text = fields ? pc_params_get(fields, s->valuestring) : NULL;
		char num[64];
		int rc;

		if (!text && cJSON_IsString(v)) {
			text = v->valuestring;
		} else if (!text && cJSON_IsNumber(v)) {
			snprintf(num, sizeof(num), "%.0f", v->valuedouble);
			text = num;
		}
		if (!text)
			return fail(x, "the answer has no %s to keep as ${%s}", s->valuestring, s->string);
		rc = bind_value(x, s->string, strlen(s->string), text, path_is_secret(s->valuestring));
		if (rc < 0)
			return fail(x, "out of memory");
	}
	return STEP_OK;
}

/* ---- call steps --------------------------------------------------------- */

typedef struct {
	bool answered;           /* PayCools answered with a code */
	int code;
	const char *message;
	const cJSON *data;
	char status[32];
	char error[1024];        /* transport or input problem, or the API error text */
} call_answer;

static void mask_params(const pc_endpoint *ep, pc_params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const pc_field *f = ep ? pc_endpoint_field(ep, p->items[i].key) : NULL;
		char buf[128];

		if (strcmp(p->items[i].key, "sign") == 0)
			pc_uat_short_sign(p->items[i].value, buf, sizeof(buf));
		else if (pc_uat_field_is_secret(p->items[i].key) || (f && (f->flags & PC_FF_SECRET)))
			pc_mask_account(p->items[i].value, buf, sizeof(buf));
		else
			continue;
		pc_params_set(p, p->items[i].key, PC_JSTR, buf);
	}
}

static void record_request(run_ctx *x, const pc_request *rq, bool spoiled)
{
	cJSON *o = record(x, "request");
	char *canonical = NULL, *json = NULL, *url = NULL;
	size_t path_len = strcspn(rq->path, "?");
	pc_params masked;

	if (!o || pc_params_copy(&masked, &rq->sent) < 0)
		return;
	mask_params(rq->ep, &masked);
	canonical = pc_canonical(&masked);
	json = pc_params_to_json(&masked);
	url = pc_strdupf("%s%.*s", x->c->profile->base_url, (int)path_len, rq->path);
	if (rq->ep)
		cJSON_AddStringToObject(o, "endpoint", rq->ep->id);
	cJSON_AddStringToObject(o, "method", pc_method_name(rq->method));
	cJSON_AddStringToObject(o, "url", url ? url : "");
	cJSON_AddStringToObject(o, "canonical", canonical ? canonical : "");
	if (json)
		cJSON_AddItemToObject(o, "params", masked_json_text(json, strlen(json)));
	if (spoiled)
		cJSON_AddStringToObject(o, "note", "signature altered on purpose after signing");
	pc_params_free(&masked);
	free(canonical);
	free(json);
	free(url);
}

static void record_answer(run_ctx *x, const call_answer *a, const char *journal)
{
	cJSON *o = record(x, a->answered ? "response" : "error");

	if (!o)
		return;
	if (a->answered) {
		cJSON_AddNumberToObject(o, "code", a->code);
		cJSON_AddStringToObject(o, "message", a->message ? a->message : "");
		add_masked_copy(o, "data", a->data);
	} else {
		cJSON_AddStringToObject(o, "error", a->error);
	}
	if (journal)
		cJSON_AddStringToObject(o, "journal", journal);
}

/* Rewrites the wire form of rq from rq->sent (after its sign changed). */
static int rerender(pc_request *rq)
{
	pc_strbuf q = { 0 };
	size_t path_len = strcspn(rq->path, "?");

	if (rq->method == PC_POST) {
		char *body = pc_params_to_json(&rq->sent);

		if (!body)
			return -1;
		free(rq->body);
		rq->body = body;
		return 0;
	}
	pc_sb_put(&q, rq->path, path_len);
	for (size_t i = 0; i < rq->sent.n; i++) {
		char *k = pc_url_encode(rq->sent.items[i].key);
		char *v = pc_url_encode(rq->sent.items[i].value);

		pc_sb_putc(&q, i ? '&' : '?');
		pc_sb_puts(&q, k ? k : "");
		pc_sb_putc(&q, '=');
		pc_sb_puts(&q, v ? v : "");
		if (!k || !v)
			q.oom = true;
		free(k);
		free(v);
	}
	if (q.oom) {
		free(q.data);
		return -1;
	}
	free(rq->path);
	rq->path = pc_sb_take(&q);
	return rq->path ? 0 : -1;
}

/* A signature that no longer matches: its first Base64 digit changed, so
 * the signed bytes differ while the text still looks like a signature. */
static int spoil_signature(pc_request *rq)
{
	const char *sign = pc_params_get(&rq->sent, "sign");
	char *copy = sign ? strdup(sign) : NULL;
	int rc;

	if (!copy || !copy[0]) {
		free(copy);
		return -1;
	}
	copy[0] = copy[0] == 'A' ? 'B' : 'A';
	rc = pc_params_set_str(&rq->sent, "sign", copy);
	free(copy);
	return rc < 0 ? -1 : rerender(rq);
}

static void call_plain(run_ctx *x, const pc_uat_step *st, const pc_endpoint *ep, const pc_params *fields,
                       call_answer *a, pc_envelope *env)
{
	pc_request rq;
	pc_sent sent;
	pc_err e;

	pc_err_clear(&e);
	memset(env, 0, sizeof(*env));
	if (pc_client_build(x->c, ep, fields, &rq, &e) < 0) {
		snprintf(a->error, sizeof(a->error), "the request could not be built: %s", e.msg);
		return;
	}
	if (st->bad_signature && spoil_signature(&rq) < 0) {
		pc_request_free(&rq);
		snprintf(a->error, sizeof(a->error), "out of memory");
		return;
	}
	record_request(x, &rq, st->bad_signature);
	pc_client_send(x->c, &rq, env, &sent, &e);
	pc_request_free(&rq);
	if (!env->root) {
		snprintf(a->error, sizeof(a->error), "%s", e.msg);
		return;
	}
	a->answered = true;
	a->code = env->code;
	a->message = env->message;
	a->data = env->data;
	if (env->code != 1000)
		snprintf(a->error, sizeof(a->error), "%s", e.msg);
	if (data_status(env->data))
		snprintf(a->status, sizeof(a->status), "%s", data_status(env->data));
}

/* Endpoints that carry a timestamp get it now, so the request shown in
 * the evidence is the very one pc_money_move signs and sends. */
static int fix_timestamp(const pc_endpoint *ep, pc_params *fields)
{
	char ms[32];

	if (!(ep->flags & PC_EP_TIMESTAMP) || !pc_params_is_empty(fields, "timestamp"))
		return 0;
	snprintf(ms, sizeof(ms), "%lld", pc_now_ms());
	if (ep->flags & (PC_EP_PARAM_ENVELOPE | PC_EP_VARIANT_JT))
		return pc_params_set(fields, "timestamp", PC_JNUM, ms);
	return pc_params_set_str(fields, "timestamp", ms);
}

static const char *call_money(run_ctx *x, const pc_endpoint *ep, pc_params *fields, call_answer *a,
                              pc_move *mv)
{
	const pc_code_info *info;
	pc_request rq;
	pc_err e;
	int rc;

	pc_err_clear(&e);
	memset(mv, 0, sizeof(*mv));
	if (x->c->profile->environment == PC_ENV_PRODUCTION) {
		snprintf(a->error, sizeof(a->error), "%s moves real money in production: the checklist never does "
		         "that by itself (the production phase is done by the operator)", ep->id);
		return NULL;
	}
	if (fix_timestamp(ep, fields) < 0 || pc_client_build(x->c, ep, fields, &rq, &e) < 0) {
		snprintf(a->error, sizeof(a->error), "the request could not be built: %s", e.msg);
		return NULL;
	}
	record_request(x, &rq, false);
	pc_request_free(&rq);
	rc = pc_money_move(x->c, ep, fields, mv, &e);
	a->data = mv->data;
	snprintf(a->status, sizeof(a->status), "%s", mv->status);
	if (rc == 0) {
		a->answered = true;
		a->code = mv->code ? mv->code : 1000;
	} else if (e.cls == PC_EAPI && e.api_code) {
		info = pc_api_code(e.api_code);
		a->answered = true;
		a->code = e.api_code;
		a->message = info ? info->message : NULL;
	}
	snprintf(a->error, sizeof(a->error), "%s", e.msg);
	return pc_move_result_name(mv->result);
}

static step_outcome check_answer(run_ctx *x, const pc_uat_step *st, const call_answer *a)
{
	const pc_code_info *want = pc_api_code(st->expect_code);
	const cJSON *name;

	if (!a->answered)
		return fail(x, "%s", a->error);
	if (a->code != st->expect_code && st->expect_code == 1000)
		return fail(x, "%s", a->error[0] ? a->error : "PayCools refused the request");
	if (a->code != st->expect_code)
		return fail(x, "expected code %d (%s), got %d%s%s", st->expect_code, want ? want->message : "",
		            a->code, a->code == 1000 ? ": PayCools accepted the request" : ": ",
		            a->code == 1000 ? "" : a->error);
	if (st->expect_status && !one_of(a->status, st->expect_status))
		return fail(x, "status %s, expected %s", a->status[0] ? a->status : "(none)", st->expect_status);
	cJSON_ArrayForEach(name, st->expect_data) {
		if (!cJSON_GetObjectItemCaseSensitive(data_object(a->data), name->valuestring))
			return fail(x, "the answer's data has no %s", name->valuestring);
	}
	return save_values(x, st, a->data, NULL);
}

static step_outcome run_call(run_ctx *x, const pc_uat_step *st)
{
	const pc_endpoint *ep = pc_endpoint_by_id(st->endpoint);
	call_answer a;
	pc_envelope env;
	pc_params fields;
	pc_move mv;
	const char *journal = NULL;
	step_outcome out;

	memset(&a, 0, sizeof(a));
	memset(&env, 0, sizeof(env));
	memset(&mv, 0, sizeof(mv));
	if (!ep)
		return fail(x, "endpoint %s is not in the endpoint table", st->endpoint);
	say(x, "step %zu/%zu: %s%s", x->step, x->item->nsteps, ep->id,
	    st->bad_signature ? " (signature altered on purpose)" : "");
	if (build_fields(x, st->fields, &fields) < 0) {
		pc_params_free(&fields);
		return STEP_FAIL;
	}
	if (ep->flags & PC_EP_MOVES_MONEY)
		journal = call_money(x, ep, &fields, &a, &mv);
	else
		call_plain(x, st, ep, &fields, &a, &env);
	record_answer(x, &a, journal);
	out = check_answer(x, st, &a);
	pc_envelope_free(&env);
	pc_move_free(&mv);
	pc_params_free(&fields);
	return out;
}

/* ---- the operator ---------------------------------------------------------- */

static void keep_note(run_ctx *x, const char *note)
{
	char *joined;

	if (!note[0])
		return;
	joined = x->r->note ? pc_strdupf("%s; %s", x->r->note, note) : strdup(note);
	if (!joined)
		return;
	free(x->r->note);
	x->r->note = joined;
}

/* text with every saved account number masked: what the operator reads
 * on screen may hold it in full, what is kept may not. */
static char *mask_secret_values(const run_ctx *x, const char *text)
{
	pc_strbuf out = { 0 };
	const char *p = text;

	while (*p) {
		size_t i;

		for (i = 0; i < x->nvars; i++)
			if (x->secret[i] && x->values[i][0] && strncmp(p, x->values[i], strlen(x->values[i])) == 0)
				break;
		if (i < x->nvars) {
			char masked[128];

			pc_sb_puts(&out, pc_mask_account(x->values[i], masked, sizeof(masked)));
			p += strlen(x->values[i]);
		} else {
			pc_sb_putc(&out, *p++);
		}
	}
	if (out.oom) {
		free(out.data);
		return NULL;
	}
	return out.data ? pc_sb_take(&out) : strdup("");
}

/* Asks the operator; PASS goes on, anything else ends the item. */
static step_outcome ask_operator(run_ctx *x, const char *tmpl, bool action)
{
	char note[512] = "";
	char *text = expand(x, tmpl);
	char *kept = text ? mask_secret_values(x, text) : NULL;
	pc_uat_state answer;
	cJSON *o;

	if (!text || !kept) {
		free(text);
		free(kept);
		return x->detail[0] ? STEP_FAIL : fail(x, "out of memory");
	}
	snprintf(x->instruction, sizeof(x->instruction), "%s", kept);
	if (!x->hooks || !x->hooks->ask) {
		free(text);
		free(kept);
		return STEP_MANUAL;
	}
	answer = x->hooks->ask(x->hooks->ud, x->item, text, action, note, sizeof(note));
	o = record(x, "operator");
	if (o) {
		cJSON_AddStringToObject(o, "instruction", kept);
		cJSON_AddStringToObject(o, "answer", action && answer == PC_UAT_PASS ? "done" : pc_uat_state_name(answer));
		if (note[0])
			cJSON_AddStringToObject(o, "note", note);
	}
	free(text);
	free(kept);
	keep_note(x, note);
	switch (answer) {
	case PC_UAT_PASS:
		return STEP_OK;
	case PC_UAT_FAIL:
		return fail(x, "the operator reported a failure%s%s", note[0] ? ": " : "", note);
	case PC_UAT_SKIPPED:
		return STEP_SKIP;
	default:
		return STEP_MANUAL;
	}
}

static step_outcome run_manual(run_ctx *x, const pc_uat_step *st)
{
	say(x, "step %zu/%zu: for the operator", x->step, x->item->nsteps);
	return ask_operator(x, st->manual, false);
}

/* ---- sandbox steps -------------------------------------------------------- */

static pc_http *control_http(run_ctx *x, pc_err *e)
{
	if (!x->control)
		x->control = pc_http_new(x->c->profile, e);
	return x->control;
}

static step_outcome sandbox_answer(run_ctx *x, const pc_uat_step *st, const pc_http_answer *ans)
{
	cJSON *o = record(x, "sandbox_answer");
	cJSON *json = cJSON_ParseWithLength(ans->body, ans->len);
	const cJSON *error = cJSON_GetObjectItemCaseSensitive(json, "error");
	step_outcome out = STEP_OK;

	if (o) {
		cJSON_AddNumberToObject(o, "http", (double)ans->status);
		cJSON_AddItemToObject(o, "answer", masked_json_text(ans->body, ans->len));
	}
	if (ans->status < 200 || ans->status >= 300)
		out = fail(x, "the sandbox refused %s (HTTP %ld): %.200s", st->path, ans->status,
		           cJSON_IsString(error) ? error->valuestring : ans->body);
	else
		out = save_values(x, st, json, NULL);
	cJSON_Delete(json);
	return out;
}

static step_outcome run_sandbox(run_ctx *x, const pc_uat_step *st)
{
	pc_http_answer ans;
	pc_http *http;
	pc_sent sent;
	pc_err e;
	cJSON *body, *o;
	char *text;
	step_outcome out;

	if (x->c->profile->environment != PC_ENV_SANDBOX) {
		say(x, "step %zu/%zu: for the operator", x->step, x->item->nsteps);
		return ask_operator(x, st->manual, true);
	}
	say(x, "step %zu/%zu: sandbox %s", x->step, x->item->nsteps, st->path);
	body = expand_json(x, st->fields);
	text = body ? cJSON_PrintUnformatted(body) : NULL;
	o = text ? record(x, "sandbox") : NULL;
	if (o) {
		cJSON_AddStringToObject(o, "path", st->path);
		add_masked_copy(o, "body", body);
	}
	cJSON_Delete(body);
	if (!text)
		return x->detail[0] ? STEP_FAIL : fail(x, "out of memory");
	pc_err_clear(&e);
	http = control_http(x, &e);
	if (!http || pc_http_send(http, PC_POST, st->path, text, &ans, &sent, &e) < 0) {
		free(text);
		return fail(x, "%s", e.msg);
	}
	free(text);
	out = sandbox_answer(x, st, &ans);
	pc_http_answer_free(&ans);
	return out;
}

/* ---- callback steps ------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* What the callback says about order: 1 the one awaited, -1 a failure
 * event, 0 nothing to do with it. */
static int matches(const pc_callback *cb, const char *order, const char *event)
{
	if (!cb->order || strcmp(cb->order, order) != 0)
		return 0;
	if (!event || (cb->event && strcmp(cb->event, event) == 0))
		return 1;
	return cb->event && ends_with(cb->event, ".failed") ? -1 : 0;
}

static step_outcome judge_match(run_ctx *x, const pc_uat_step *st, seen_callback *s, int how)
{
	const char *failed = pc_params_get(&s->cb.fields, "failedMessage");

	record_callback(x, s);
	if (s->cb.verdict != PC_VERDICT_VALID)
		return fail(x, "the callback %s for %s arrived but is %s: %s", s->cb.event ? s->cb.event : "(no event)",
		            s->cb.order, pc_verdict_name(s->cb.verdict), s->cb.reason);
	if (how < 0)
		return fail(x, "%s arrived for %s instead of %s%s%s", s->cb.event, s->cb.order, st->event,
		            failed ? ": " : "", failed ? failed : "");
	if (st->expect_status && !one_of(s->cb.status ? s->cb.status : "", st->expect_status))
		return fail(x, "the callback says status %s, expected %s", s->cb.status ? s->cb.status : "(none)",
		            st->expect_status);
	return save_values(x, st, NULL, &s->cb.fields);
}

static step_outcome run_callback(run_ctx *x, const pc_uat_step *st)
{
	char *order = expand(x, st->order);
	long timeout_s = st->timeout_s;
	long poll = x->hooks && x->hooks->poll_ms > 0 ? x->hooks->poll_ms : DEFAULT_POLL_MS;
	long long deadline;
	step_outcome out = STEP_FAIL;

	if (!order)
		return STEP_FAIL;
	/* Timeouts leave room for a person paying with a phone; the sandbox
	 * calls back within seconds, so there a missing callback fails soon. */
	if (x->c->profile->environment == PC_ENV_SANDBOX && timeout_s > PC_UAT_SANDBOX_WAIT_S)
		timeout_s = PC_UAT_SANDBOX_WAIT_S;
	deadline = mono_ms() + timeout_s * 1000LL;
	say(x, "step %zu/%zu: waiting up to %ld s for %s of %s", x->step, x->item->nsteps, timeout_s,
	    st->event ? st->event : "a callback", order);
	if (!x->spool) {
		fail(x, "callbacks cannot be read: %s", x->spool_problem);
		goto out;
	}
	for (;;) {
		poll_spool(x);
		for (size_t i = 0; i < x->ncbs; i++) {
			int how = x->cbs[i].recorded ? 0 : matches(&x->cbs[i].cb, order, st->event);

			if (how != 0) {
				out = judge_match(x, st, &x->cbs[i], how);
				goto out;
			}
		}
		if (stopped(x)) {
			out = STEP_STOP;
			goto out;
		}
		if (mono_ms() >= deadline) {
			fail(x, "no %s callback for %s within %ld s in the spool %s: check the webhook in the PayCools "
			     "dashboard and that paycon-hookd stores into this profile's spool (paycon tail lists "
			     "what arrived)", st->event ? st->event : "", order, timeout_s, x->c->profile->spool);
			goto out;
		}
		sleep_ms(poll);
	}
out:
	free(order);
	return out;
}

/* ---- the callback URL --------------------------------------------------------- */

/* The newest valid callback in the spool, to replay; NULL when none. */
static char *newest_valid_callback(run_ctx *x, char *about, size_t size)
{
	pc_spool_list list = { 0 };
	pc_err e;
	char *found = NULL;

	if (!x->spool || pc_spool_scan(x->spool, &list, &e) < 0)
		return NULL;
	for (size_t i = list.n, looked = 0; i > 0 && looked < REPLAY_LOOKBACK && !found; i--, looked++) {
		char *body = NULL;
		size_t len = 0;
		pc_callback cb;

		if (pc_spool_read(x->spool, list.items[i - 1].name, &body, &len, CALLBACK_MAX_BODY, &e) < 0)
			continue;
		pc_callback_judge(&cb, body, len, x->platform, x->c->profile->sign_hash, x->key_problem);
		if (cb.verdict == PC_VERDICT_VALID) {
			snprintf(about, size, "a replay of %s for %s (spool file %s)", cb.event ? cb.event : "a callback",
			         cb.order ? cb.order : "-", list.items[i - 1].name);
			found = body;
			body = NULL;
		}
		pc_callback_free(&cb);
		free(body);
	}
	pc_spool_list_free(&list);
	return found;
}

static bool says_success(const pc_http_answer *ans)
{
	cJSON *json = cJSON_ParseWithLength(ans->body, ans->len);
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(json, "code");
	bool ok = cJSON_IsNumber(code) && code->valueint == 1;

	cJSON_Delete(json);
	for (size_t i = 0; !ok && i + 7 <= ans->len; i++)
		ok = strncasecmp(ans->body + i, "success", 7) == 0;
	return ok;
}

/* POSTs body to url with the profile's timeouts and TLS rules. */
static int post_to(run_ctx *x, const char *url, const char *body, pc_http_answer *ans, pc_err *e)
{
	const char *host = strstr(url, "://");
	const char *slash = host ? strchr(host + 3, '/') : NULL;
	char *origin = slash ? strndup(url, (size_t)(slash - url)) : strdup(url);
	pc_profile target = *x->c->profile;
	pc_http *http;
	pc_sent sent;
	int rc = -1;

	if (!origin)
		return pc_err_set(e, PC_EINPUT, "out of memory");
	target.base_url = origin;
	http = pc_http_new(&target, e);
	if (http)
		rc = pc_http_send(http, PC_POST, slash ? slash : "/", body, ans, &sent, e);
	pc_http_free(http);
	free(origin);
	return rc;
}

static step_outcome run_callback_url(run_ctx *x, const pc_uat_step *st)
{
	char about[400] = "a test body (no valid callback in the spool to replay)";
	char *body;
	pc_http_answer ans;
	pc_err e;
	cJSON *o;
	step_outcome out;

	if (!x->callback_url) {
		say(x, "step %zu/%zu: no callback URL known; for the operator", x->step, x->item->nsteps);
		return ask_operator(x, st->manual ? st->manual : "Check that your callback URL answers success.", false);
	}
	say(x, "step %zu/%zu: POST to %s", x->step, x->item->nsteps, x->callback_url);
	body = newest_valid_callback(x, about, sizeof(about));
	if (!body)
		body = strdup("{\"eventName\":\"paycon.uat.ping\",\"remark\":\"paycon UAT: does this URL answer "
		              "success? Not a PayCools callback.\"}");
	if (!body)
		return fail(x, "out of memory");
	o = record(x, "callback_url");
	if (o) {
		cJSON_AddStringToObject(o, "url", x->callback_url);
		cJSON_AddStringToObject(o, "sent", about);
	}
	pc_err_clear(&e);
	if (post_to(x, x->callback_url, body, &ans, &e) < 0) {
		free(body);
		if (o)
			cJSON_AddStringToObject(o, "error", e.msg);
		return fail(x, "%s", e.msg);
	}
	free(body);
	if (o) {
		cJSON_AddNumberToObject(o, "http", (double)ans.status);
		cJSON_AddItemToObject(o, "answer", masked_json_text(ans.body, ans.len));
	}
	if (ans.status < 200 || ans.status >= 300 || !says_success(&ans))
		out = fail(x, "%s answered HTTP %ld \"%.120s\", not success: PayCools sends the callback again "
		           "until it is answered {\"code\":1,...}", x->callback_url, ans.status, ans.body);
	else
		out = STEP_OK;
	pc_http_answer_free(&ans);
	return out;
}

/* ---- one item ---------------------------------------------------------------- */

static step_outcome run_step(run_ctx *x, const pc_uat_step *st)
{
	x->detail[0] = '\0';
	switch (st->kind) {
	case PC_UAT_STEP_CALL:
		return run_call(x, st);
	case PC_UAT_STEP_SANDBOX:
		return run_sandbox(x, st);
	case PC_UAT_STEP_CALLBACK:
		return run_callback(x, st);
	case PC_UAT_STEP_CALLBACK_URL:
		return run_callback_url(x, st);
	default:
		return run_manual(x, st);
	}
}

static void start_run(run_ctx *x, const pc_uat_progress *p)
{
	pc_err e;

	pc_err_clear(&e);
	x->callback_url = pc_uat_callback_url(x->c, p);
	x->platform = pc_client_platform_key(x->c, &e);
	if (!x->platform)
		snprintf(x->key_problem, sizeof(x->key_problem), "%s", e.msg);
	open_spool(x);
}

static void end_run(run_ctx *x)
{
	size_t step = x->step;

	x->step = 0;
	poll_spool(x);
	for (size_t i = 0; i < x->ncbs; i++) {
		if (!x->cbs[i].recorded && related(x, &x->cbs[i].cb))
			record_callback(x, &x->cbs[i]);
		pc_callback_free(&x->cbs[i].cb);
	}
	free(x->cbs);
	for (size_t i = 0; i < x->nvars; i++)
		free(x->values[i]);
	pc_spool_cursor_free(x->cursor);
	pc_spool_close(x->spool);
	pc_http_free(x->control);
	free(x->callback_url);
	x->step = step;
}

static char *set_text(char **slot, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *set_text(char **slot, const char *fmt, ...)
{
	char text[1400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	free(*slot);
	*slot = strdup(text);
	return *slot;
}

static void stamp(char **slot)
{
	char ts[40];

	pc_uat_iso_time(pc_now_ms(), ts, sizeof(ts));
	set_text(slot, "%s", ts);
}

/* The result of the whole item from the step that ended it. */
static void conclude(run_ctx *x, step_outcome out, const pc_uat_step *st)
{
	pc_uat_result *r = x->r;
	const char *what = st ? (st->endpoint ? st->endpoint : pc_uat_step_kind_name(st->kind)) : "";

	switch (out) {
	case STEP_OK:
		r->state = PC_UAT_PASS;
		if (x->item->nsteps == 1)
			set_text(&r->detail, "its step passed");
		else
			set_text(&r->detail, "all %zu steps passed", x->item->nsteps);
		break;
	case STEP_FAIL:
		r->state = PC_UAT_FAIL;
		set_text(&r->detail, "step %zu/%zu (%s): %s", x->step, x->item->nsteps, what, x->detail);
		break;
	case STEP_SKIP:
		r->state = PC_UAT_SKIPPED;
		set_text(&r->detail, "skipped by the operator at step %zu/%zu", x->step, x->item->nsteps);
		break;
	case STEP_MANUAL:
		r->state = PC_UAT_MANUAL;
		set_text(&r->detail, "waiting for the operator at step %zu/%zu: %s", x->step, x->item->nsteps,
		         x->instruction);
		break;
	default:
		r->state = PC_UAT_PENDING;
		set_text(&r->detail, "stopped at step %zu/%zu before it finished", x->step, x->item->nsteps);
		break;
	}
}

/* The first thing an operator would be asked, with ${…} left as <name>. */
static void first_instruction(const pc_uat_item *item, pc_env env, char *buf, size_t size)
{
	const char *text = "";
	pc_strbuf out = { 0 };
	const char *inner, *after, *p, *open;
	size_t len;

	for (size_t i = 0; i < item->nsteps && !text[0]; i++) {
		const pc_uat_step *st = &item->steps[i];

		if (st->kind == PC_UAT_STEP_MANUAL || (st->kind == PC_UAT_STEP_SANDBOX && env != PC_ENV_SANDBOX))
			text = st->manual;
	}
	p = text;
	for (open = pc_uat_next_token(p, &inner, &len, &after); open && after;
	     open = pc_uat_next_token(p, &inner, &len, &after)) {
		const char *colon = memchr(inner, ':', len);

		pc_sb_put(&out, p, (size_t)(open - p));
		pc_sb_putc(&out, '<');
		if (colon)
			pc_sb_put(&out, colon + 1, len - (size_t)(colon + 1 - inner));
		else
			pc_sb_put(&out, inner, len);
		pc_sb_putc(&out, '>');
		p = after;
	}
	pc_sb_puts(&out, p);
	snprintf(buf, size, "%s", out.data ? out.data : "");
	free(out.data);
}

int pc_uat_run_item(pc_client *c, const pc_uat_checklist *cl, size_t index, pc_uat_progress *p,
                    const pc_uat_hooks *hooks, pc_err *err)
{
	const pc_uat_item *item = index < cl->nitems ? &cl->items[index] : NULL;
	pc_env env = c->profile->environment;
	step_outcome out = STEP_OK;
	const pc_uat_step *last = NULL;
	run_ctx *x;

	if (!item || index >= p->n)
		return pc_err_set(err, PC_EINPUT, "no checklist item number %zu", index + 1);
	if (!pc_uat_item_applies(cl, index, env))
		return pc_err_set(err, PC_EINPUT, "item '%s' belongs to the phase '%s', which does not apply to "
		                  "profile '%s' (%s)", item->id, cl->phases[item->phase].id, c->profile->name,
		                  pc_env_name(env));
	pc_uat_result_reset(&p->results[index]);
	stamp(&p->results[index].started);
	x = calloc(1, sizeof(*x));
	if (!x || !p->results[index].evidence) {
		free(x);
		return pc_err_set(err, PC_EINPUT, "out of memory running item '%s'", item->id);
	}
	x->c = c;
	x->item = item;
	x->r = &p->results[index];
	x->hooks = hooks;
	if (!pc_uat_item_automatable(item, env) && (!hooks || !hooks->ask)) {
		char text[1024];

		first_instruction(item, env, text, sizeof(text));
		x->r->state = PC_UAT_MANUAL;
		set_text(&x->r->detail, "needs an operator (paycon uat run in a terminal, or the console's :uat "
		         "pane): %s", text);
	} else {
		start_run(x, p);
		for (size_t i = 0; i < item->nsteps && out == STEP_OK; i++) {
			x->step = i + 1;
			last = &item->steps[i];
			out = run_step(x, last);
		}
		end_run(x);
		conclude(x, out, last);
	}
	stamp(&x->r->finished);
	free(x);
	return pc_uat_progress_save(p, cl, err);
}
