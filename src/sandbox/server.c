/* server.c — HTTP, routing, authentication and answers (see server.h). */
#include "server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "canonical.h"
#include "clock.h"
#include "codes.h"
#include "control.h"
#include "endpoints.h"
#include "handlers.h"
#include "params.h"
#include "sanitize.h"
#include "shape.h"
#include "signature.h"
#include "urlcode.h"

#define BODY_MAX (1024u * 1024u)
#define POOL_THREADS 4

struct sb_server {
	struct MHD_Daemon *daemon;
	sb_ctx *sb;
};

/* One request in flight: the raw target (libmicrohttpd decodes the path
 * it hands over, and placeholders must be decoded once, by the table) and
 * the body as it arrives. */
typedef struct {
	char *uri;
	bool started;
	char *body;
	size_t len;
	bool too_large;
} request;

/* ---- answers ---- */

void sb_answer_json(sb_answer *ans, unsigned status, cJSON *item)
{
	ans->status = status;
	ans->content_type = "application/json";
	ans->body = item ? cJSON_PrintUnformatted(item) : NULL;
	cJSON_Delete(item);
	if (!ans->body) {
		ans->status = 500;
		ans->body = strdup("{\"error\":\"out of memory\"}");
	}
}

static void envelope(sb_answer *ans, int code, const char *message, cJSON *data)
{
	cJSON *root = cJSON_CreateObject();

	if (root) {
		cJSON_AddNumberToObject(root, "code", code);
		cJSON_AddStringToObject(root, "message", message);
		if (data)
			cJSON_AddItemToObject(root, "data", data);
		else
			cJSON_AddNullToObject(root, "data");
	} else {
		cJSON_Delete(data);
	}
	sb_answer_json(ans, 200, root);
}

static const char *code_message(int code)
{
	const pc_code_info *info = pc_api_code(code);

	return info ? info->message : "error";
}

/* An error envelope; fmt NULL uses the code's own message. 1009 always
 * starts with PayCools' "request params invalid: ". */
static void refuse(sb_answer *ans, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void refuse(sb_answer *ans, int code, const char *fmt, ...)
{
	char detail[1024], message[1200];
	va_list ap;

	if (!fmt) {
		envelope(ans, code, code_message(code), NULL);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (code == 1009)
		snprintf(message, sizeof(message), "%s: %s", code_message(code), detail);
	else
		snprintf(message, sizeof(message), "%s", detail);
	envelope(ans, code, message, NULL);
}

static void http_error_page(sb_answer *ans, unsigned status)
{
	const char *reason = status == 502 ? "Bad Gateway"
	                     : status == 503 ? "Service Temporarily Unavailable"
	                     : status == 504 ? "Gateway Time-out"
	                     : status == 500 ? "Internal Server Error" : "Error";

	ans->status = status;
	ans->content_type = "text/html";
	ans->body = malloc(512);
	if (ans->body)
		snprintf(ans->body, 512,
		         "<html>\r\n<head><title>%u %s</title></head>\r\n<body>\r\n"
		         "<center><h1>%u %s</h1></center>\r\n<hr><center>nginx</center>\r\n"
		         "</body>\r\n</html>\r\n", status, reason, status, reason);
}

/* What "garbage" answers: a cut-off envelope behind terminal escape
 * sequences, so clients must both reject it and print it safely. */
static void garbage(sb_answer *ans)
{
	free(ans->body);
	ans->status = 200;
	ans->content_type = "application/json";
	ans->body = strdup("\x1b[2J\x1b]0;paycon-sandbox garbage\x07<!-- garbage -->"
	                   "{\"code\":1000,\"message\":\"succ");
}

/* ---- parameters ---- */

/* Form decoding of n bytes: '+' for a space, then %XX as in paths; NULL
 * when an escape is malformed or decodes to NUL. A raw '+' is replaced
 * before decoding, so "%2B" still gives '+'. */
static char *form_decode(const char *s, size_t n)
{
	char *spaced = strndup(s, n);
	char *out;

	if (!spaced)
		return NULL;
	for (char *c = spaced; *c; c++)
		if (*c == '+')
			*c = ' ';
	out = pc_url_decode(spaced, strlen(spaced));
	free(spaced);
	return out;
}

/* The query string as parameters (all strings). */
static int parse_query(const char *query, pc_params *p, char *why, size_t size)
{
	const char *s = query;

	while (s && *s) {
		size_t n = strcspn(s, "&");
		const char *eq = memchr(s, '=', n);
		size_t klen = eq ? (size_t)(eq - s) : n;
		char *key = NULL, *value = NULL;
		int rc = -1;

		if (n == 0) {
			s++;
			continue;
		}
		key = form_decode(s, klen);
		value = eq ? form_decode(eq + 1, n - klen - 1) : strdup("");
		if (!key || !value || !*key)
			snprintf(why, size, "the query string has a malformed %%XX escape or an empty name");
		else if (pc_params_find(p, key))
			snprintf(why, size, "parameter %s appears twice in the query string", key);
		else
			rc = pc_params_set_str(p, key, value);
		free(key);
		free(value);
		if (rc < 0)
			return -1;
		s += n;
		if (*s == '&')
			s++;
	}
	return 0;
}

/* ---- one API request ---- */

typedef struct {
	sb_ctx *sb;
	const pc_endpoint *ep;
	pc_params params;   /* top level as received */
	pc_params fields;   /* what the table validates */
	sb_answer *ans;
} api_request;

static bool auth_ok(api_request *r)
{
	const pc_param *app = pc_params_find(&r->params, "appId");
	const pc_param *sign = pc_params_find(&r->params, "sign");
	char *canonical;
	pc_verdict v = PC_VERDICT_NO_SIGN;

	if (!app || app->kind != PC_JSTR || strcmp(app->value, r->sb->opt.app_id) != 0) {
		refuse(r->ans, 1001, NULL);
		return false;
	}
	canonical = pc_canonical(&r->params);
	if (canonical && sign && sign->kind == PC_JSTR) {
		v = pc_verify(r->sb->merchant_key, PC_HASH_SHA256, canonical, strlen(canonical),
		              sign->value);
		/* doc-dev's demo signs with SHA1WithRSA: accept it too. */
		if (v == PC_VERDICT_MISMATCH)
			v = pc_verify(r->sb->merchant_key, PC_HASH_SHA1, canonical, strlen(canonical),
			              sign->value);
	}
	free(canonical);
	if (v != PC_VERDICT_VALID) {
		refuse(r->ans, 1003, NULL);
		return false;
	}
	return true;
}

/* Checkout: {appId, appName, param, sign}; the fields are inside `param`. */
static bool unwrap_envelope(api_request *r)
{
	const pc_param *param = pc_params_find(&r->params, "param");
	pc_err err;

	for (size_t i = 0; i < r->params.n; i++) {
		const char *key = r->params.items[i].key;

		if (strcmp(key, "appId") && strcmp(key, "appName") && strcmp(key, "param")
		    && strcmp(key, "sign")) {
			refuse(r->ans, 1009, "%s: field %s is not part of the {appId, appName, param, sign} "
			       "envelope: put it inside param", r->ep->id, key);
			return false;
		}
	}
	if (pc_params_is_empty(&r->params, "appName")) {
		refuse(r->ans, 1009, "%s: field appName: missing (mandatory)", r->ep->id);
		return false;
	}
	if (!param || param->kind != PC_JSTR || !param->value[0]) {
		refuse(r->ans, 1009, "%s: field param: must be a JSON object written as a string",
		       r->ep->id);
		return false;
	}
	if (pc_params_parse(&r->fields, param->value, strlen(param->value), &err) < 0) {
		refuse(r->ans, 1009, "%s: field param: %s", r->ep->id, err.msg);
		return false;
	}
	return true;
}

/* Placeholder values from the path. A PC_FF_PATH_ONLY field comes only
 * from there; another (signed in the query too) must agree with it. */
static bool merge_path(api_request *r, const pc_params *path)
{
	for (size_t i = 0; i < path->n; i++) {
		const pc_param *pp = &path->items[i];
		const pc_field *f = pc_endpoint_field(r->ep, pp->key);
		const char *given = pc_params_get(&r->fields, pp->key);

		if (!(f && (f->flags & PC_FF_PATH_ONLY)) && given && strcmp(given, pp->value) != 0) {
			refuse(r->ans, 1009, "%s: field %s: the path says '%s' but the parameters say '%s'",
			       r->ep->id, pp->key, pp->value, given);
			return false;
		}
		if (pc_params_set_str(&r->fields, pp->key, pp->value) < 0) {
			refuse(r->ans, 1009, "out of memory");
			return false;
		}
	}
	return true;
}

/* Statements: a ms timestamp within two minutes of now; checkout and the
 * J&T endpoints: a ms timestamp, not checked against the clock (the docs
 * state the window only for statements). */
static bool timestamp_ok(api_request *r)
{
	const char *ts = pc_params_get(&r->fields, "timestamp");
	long long ms, now = sb_now_ms();
	char *end;

	if (!(r->ep->flags & PC_EP_TIMESTAMP))
		return true;
	if (!ts || !*ts) {
		refuse(r->ans, 1009, "%s: field timestamp: missing (mandatory, milliseconds since the epoch)",
		       r->ep->id);
		return false;
	}
	ms = strtoll(ts, &end, 10);
	if (*end || ms <= 0 || strspn(ts, "0123456789") != strlen(ts)) {
		refuse(r->ans, 1009, "%s: field timestamp: '%s' is not milliseconds since the epoch",
		       r->ep->id, ts);
		return false;
	}
	if (strncmp(r->ep->id, "statement.", 10) == 0 && llabs(now - ms) > SB_STATEMENT_WINDOW_MS) {
		refuse(r->ans, 1009, "%s: field timestamp: %s is %lld s away from the server's clock; "
		       "it is valid for 2 minutes", r->ep->id, ts, llabs(now - ms) / 1000);
		return false;
	}
	return true;
}

/* 1020 comes before the generic check, as PayCools answers it. */
static bool qr_amount_ok(api_request *r)
{
	const char *channel = pc_params_get(&r->fields, "channelCode");

	if (strcmp(r->ep->id, "qr.create") != 0 || !channel)
		return true;
	if ((strcmp(channel, "QRPH_DYNAMIC_QR") == 0 || strcmp(channel, "QRPH_HYBRID_QR") == 0)
	    && pc_params_is_empty(&r->fields, "amount")) {
		refuse(r->ans, 1020, NULL);
		return false;
	}
	return true;
}

static const struct {
	const char *id;
	sb_handler handler;
} handlers[] = {
	{ "account.balance", sb_account_balance },
	{ "statement.payments", sb_statement_payments },
	{ "statement.payouts", sb_statement_payouts },
	{ "payout.create", sb_payout_create },
	{ "payout.status", sb_payout_status },
	{ "va.create", sb_va_create },
	{ "va.batch_create", sb_va_batch_create },
	{ "va.update", sb_va_update },
	{ "va.payments", sb_va_payments },
	{ "va.cancel", sb_va_cancel },
	{ "va.aggregate_create", sb_va_aggregate_create },
	{ "va.aggregate_detail", sb_va_aggregate_detail },
	{ "qr.create", sb_qr_create },
	{ "qr.show", sb_qr_show },
	{ "qr.payments", sb_qr_payments },
	{ "qr.cancel", sb_qr_cancel },
	{ "qr.update", sb_qr_update },
	{ "qr.merge_create", sb_qr_merge_create },
	{ "qr.v2_detail", sb_qr_v2_detail },
	{ "transfer.create", sb_transfer_create },
	{ "transfer.update", sb_transfer_update },
	{ "transfer.payments", sb_transfer_payments },
	{ "web.create", sb_web_create },
	{ "web.status", sb_web_status },
	{ "refund.create", sb_refund_create },
	{ "refund.show", sb_refund_show },
	{ "checkout.create", sb_checkout_create },
	{ "checkout.status", sb_checkout_status },
	{ "directdebit.pay", sb_directdebit_pay },
};

static sb_handler handler_for(const pc_endpoint *ep)
{
	for (size_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++)
		if (strcmp(handlers[i].id, ep->id) == 0)
			return handlers[i].handler;
	return NULL;
}

/* A row added to the table without a handler here answers 1011: say so
 * at start rather than let it be found by a confused integrator. */
static void warn_unhandled(void)
{
	size_t n;
	const pc_endpoint *eps = pc_endpoints(&n);

	for (size_t i = 0; i < n; i++)
		if (!handler_for(&eps[i]))
			sb_log("warning: endpoint %s (%s %s) has no sandbox handler: it answers 1011",
			       eps[i].id, pc_method_name(eps[i].method), eps[i].path);
}

static void run_handler(api_request *r)
{
	sb_handler handler = handler_for(r->ep);
	sb_call c = { .sb = r->sb, .ep = r->ep, .p = &r->fields, .outer = &r->params,
	              .code = 1000 };
	char why[256];

	if (!handler) {
		refuse(r->ans, 1011, "%s has no handler in paycon-sandbox", r->ep->id);
		return;
	}
	sb_ledger_lock(&r->sb->ledger);
	c.now = sb_now_ms();
	handler(&c);
	if (c.changed)
		sb_ledger_commit(&r->sb->ledger);
	sb_ledger_unlock(&r->sb->ledger);
	if (c.code != 1000) {
		cJSON_Delete(c.data);
		if (c.message[0])
			refuse(r->ans, c.code, "%s", c.message);
		else
			refuse(r->ans, c.code, NULL);
		return;
	}
	if (!sb_response_shape_ok(r->ep, c.data, why, sizeof(why)))
		sb_log("warning: the %s answer does not match the endpoint table: %s", r->ep->id, why);
	envelope(r->ans, 1000, "success", c.data);
}

/* Everything after routing: parse, authenticate, validate, act. */
static void serve_api(api_request *r, const char *query, const char *body, size_t len,
                      const pc_params *path)
{
	char why[512] = "";
	pc_err err;

	if (r->ep->method == PC_GET) {
		if (parse_query(query, &r->params, why, sizeof(why)) < 0) {
			refuse(r->ans, 1009, "%s", why[0] ? why : "out of memory");
			return;
		}
	} else if (pc_params_parse(&r->params, body ? body : "", len, &err) < 0) {
		refuse(r->ans, 1009, "the body is not a JSON object: %s", err.msg);
		return;
	}
	if (!auth_ok(r))
		return;
	if (r->ep->flags & PC_EP_PARAM_ENVELOPE) {
		if (!unwrap_envelope(r))
			return;
	} else if (pc_params_copy(&r->fields, &r->params) < 0) {
		refuse(r->ans, 1009, "out of memory");
		return;
	}
	if (!merge_path(r, path) || !qr_amount_ok(r))
		return;
	if (pc_endpoint_validate(r->ep, &r->fields, &err) < 0) {
		refuse(r->ans, 1009, "%s", err.msg);
		return;
	}
	if (!timestamp_ok(r))
		return;
	run_handler(r);
}

/* A latency fault in slices, so a shutdown does not wait for it. */
static void wait_unless_stopping(sb_ctx *sb, long long ms)
{
	while (ms > 0 && !atomic_load(&sb->stopping)) {
		long long slice = ms < 50 ? ms : 50;

		sb_sleep_ms(slice);
		ms -= slice;
	}
}

/* The ids a money-moving request carries, as " [mchOrderId=… idempotencyId=…]",
 * read from the body whatever the fault plan did with it: the tests check
 * in this log that a retry is only ever sent with the same ids. */
static void money_ids(const pc_endpoint *ep, const char *body, size_t len, char *out, size_t size)
{
	static const char *const names[] = { "mchOrderId", "idempotencyId", "mchRefundOrderId" };
	pc_params p;
	pc_err err;
	size_t used;

	out[0] = '\0';
	if (!(ep->flags & PC_EP_MOVES_MONEY) || !body)
		return;
	pc_params_init(&p);
	if (pc_params_parse(&p, body, len, &err) == 0) {
		snprintf(out, size, " [");
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			char *safe = pc_params_get(&p, names[i]) ? pc_sanitize_str(pc_params_get(&p, names[i])) : NULL;

			used = strlen(out);
			if (safe)
				snprintf(out + used, size - used, "%s%s=%.80s", used > 2 ? " " : "", names[i], safe);
			free(safe);
		}
		used = strlen(out);
		snprintf(out + used, size - used, "]");
	}
	pc_params_free(&p);
}

/* One line per API request; the answer is cut and made safe for a
 * terminal (the garbage fault sends escape sequences on purpose). */
static void log_request(const char *method, const char *path, const pc_endpoint *ep,
                        const char *body, size_t body_len, const sb_answer *ans,
                        const sb_fault_plan *plan)
{
	size_t len = ans->body ? strlen(ans->body) : 0;
	char *shown = pc_sanitize(ans->body ? ans->body : "", len > 160 ? 160 : len);
	char *safe_path = pc_sanitize_str(path);
	char fault[64] = "";
	char ids[320];

	if (plan->hit)
		snprintf(fault, sizeof(fault), " [fault %s]", sb_fault_kind_name(plan->kind));
	money_ids(ep, body, body_len, ids, sizeof(ids));
	sb_log("%s %s %s%s -> %s %u %s%s", method, safe_path ? safe_path : "?", ep->id, ids,
	       ans->drop ? "dropped after" : "HTTP", ans->status, shown ? shown : "", fault);
	free(shown);
	free(safe_path);
}

/* An API route: the fault plan wraps the whole request. */
static void api(sb_ctx *sb, const char *method, const char *path_text, const char *query,
                const char *body, size_t len, sb_answer *ans)
{
	api_request r = { .sb = sb, .ans = ans };
	pc_params path;
	sb_fault_plan plan;
	pc_method m;

	if (strcmp(method, "GET") == 0) {
		m = PC_GET;
	} else if (strcmp(method, "POST") == 0) {
		m = PC_POST;
	} else {
		refuse(ans, 1009, "method %s is not used by the PayCools API", method);
		ans->status = 405;
		return;
	}
	pc_params_init(&path);
	pc_params_init(&r.params);
	pc_params_init(&r.fields);
	r.ep = pc_endpoint_match(m, path_text, &path);
	if (!r.ep) {
		cJSON *o = cJSON_CreateObject();
		char text[600];

		snprintf(text, sizeof(text), "no PayCools endpoint %s %.500s", method, path_text);
		cJSON_AddNumberToObject(o, "code", 404);
		cJSON_AddStringToObject(o, "message", text);
		cJSON_AddNullToObject(o, "data");
		sb_answer_json(ans, 404, o);
		pc_params_free(&path);
		return;
	}
	sb_faults_plan(&sb->faults, r.ep->id, &plan);
	wait_unless_stopping(sb, plan.latency_ms);
	if (plan.hit && plan.kind == SB_FAULT_CODE)
		refuse(ans, (int)plan.arg, NULL);
	else if (plan.hit && plan.kind == SB_FAULT_HTTP)
		http_error_page(ans, (unsigned)plan.arg);
	else
		serve_api(&r, query, body, len, &path);
	if (plan.hit && plan.kind == SB_FAULT_DROP)
		ans->drop = true;
	else if (plan.hit && plan.kind == SB_FAULT_GARBAGE)
		garbage(ans);
	log_request(method, path_text, r.ep, body, len, ans, &plan);
	pc_params_free(&path);
	pc_params_free(&r.params);
	pc_params_free(&r.fields);
}

/* ---- libmicrohttpd glue ---- */

static bool is_loopback(const struct sockaddr *sa)
{
	if (!sa)
		return false;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;

		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
		const unsigned char *b = in6->sin6_addr.s6_addr;

		if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
			return true;
		return IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && b[12] == 127;
	}
	return false;
}

static void *remember_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
	request *rq = calloc(1, sizeof(*rq));

	(void)cls;
	(void)con;
	if (rq)
		rq->uri = strdup(uri ? uri : "/");
	return rq;
}

static void forget_request(void *cls, struct MHD_Connection *con, void **con_cls,
                           enum MHD_RequestTerminationCode toe)
{
	request *rq = *con_cls;

	(void)cls;
	(void)con;
	(void)toe;
	if (!rq)
		return;
	free(rq->uri);
	free(rq->body);
	free(rq);
	*con_cls = NULL;
}

static void append_body(request *rq, const char *data, size_t n)
{
	char *grown;

	if (rq->too_large || rq->len + n > BODY_MAX) {
		rq->too_large = true;
		return;
	}
	grown = realloc(rq->body, rq->len + n + 1);
	if (!grown) {
		rq->too_large = true;
		return;
	}
	rq->body = grown;
	memcpy(rq->body + rq->len, data, n);
	rq->len += n;
	rq->body[rq->len] = '\0';
}

static enum MHD_Result send_answer(struct MHD_Connection *con, sb_answer *ans)
{
	struct MHD_Response *resp;
	enum MHD_Result rc;
	char *body = ans->body ? ans->body : strdup("");

	if (!body)
		return MHD_NO;
	resp = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        ans->content_type ? ans->content_type : "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_SERVER, "paycon-sandbox");
	rc = MHD_queue_response(con, ans->status ? ans->status : 200, resp);
	MHD_destroy_response(resp);
	return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	sb_ctx *sb = cls;
	request *rq = *con_cls;
	sb_answer ans = { .status = 200 };
	char *path, *query;

	(void)url;
	(void)version;
	if (!rq || !rq->uri)
		return MHD_NO;
	if (!rq->started) {
		rq->started = true;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		append_body(rq, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	path = rq->uri;
	query = strchr(path, '?');
	if (query)
		*query++ = '\0';
	if (strncmp(path, "/_sandbox/", 10) == 0 || strcmp(path, "/_sandbox") == 0) {
		const union MHD_ConnectionInfo *info =
			MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

		if (!info || !is_loopback(info->client_addr)) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "error", "control endpoints answer loopback peers only");
			sb_answer_json(&ans, 403, o);
		} else {
			sb_control(sb, method, path, query, rq->too_large ? NULL : (rq->body ? rq->body : ""), rq->len, &ans);
		}
	} else if (rq->too_large) {
		refuse(&ans, 1009, "the request body is larger than %u bytes", BODY_MAX);
		ans.status = 413;
	} else {
		api(sb, method, path, query, rq->body, rq->len, &ans);
	}
	if (ans.drop) {
		free(ans.body);
		return MHD_NO;
	}
	return send_answer(con, &ans);
}

int sb_split_listen(const char *listen, char *host, size_t size, unsigned *port)
{
	const char *host_start = listen, *host_end, *port_text;
	unsigned long p;
	char *end;

	if (!listen)
		return -1;
	if (listen[0] == '[') {
		host_start = listen + 1;
		host_end = strchr(host_start, ']');
		if (!host_end || host_end[1] != ':')
			return -1;
		port_text = host_end + 2;
	} else {
		host_end = strrchr(listen, ':');
		if (!host_end || memchr(listen, ':', (size_t)(host_end - listen)))
			return -1; /* an IPv6 address needs brackets: [::1]:8080 */
		port_text = host_end + 1;
	}
	if (host_end == host_start || (size_t)(host_end - host_start) >= size || !*port_text
	    || strspn(port_text, "0123456789") != strlen(port_text))
		return -1;
	p = strtoul(port_text, &end, 10);
	if (p > 65535)
		return -1;
	memcpy(host, host_start, (size_t)(host_end - host_start));
	host[host_end - host_start] = '\0';
	*port = (unsigned)p;
	return 0;
}

sb_server *sb_server_start(sb_ctx *sb, pc_err *err)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
	struct addrinfo *ai = NULL;
	const union MHD_DaemonInfo *info;
	char host[256], port_text[16];
	unsigned port, flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	sb_server *srv;
	int gai;

	if (sb_split_listen(sb->opt.listen, host, sizeof(host), &port) < 0) {
		pc_err_set(err, PC_EINPUT, "--listen '%s' is not HOST:PORT (e.g. 127.0.0.1:0 or [::1]:8080)",
		           sb->opt.listen);
		return NULL;
	}
	snprintf(port_text, sizeof(port_text), "%u", port);
	gai = getaddrinfo(host, port_text, &hints, &ai);
	if (gai != 0) {
		pc_err_set(err, PC_EINPUT, "--listen '%s': cannot resolve '%s': %s", sb->opt.listen, host,
		           gai_strerror(gai));
		return NULL;
	}
	srv = calloc(1, sizeof(*srv));
	if (!srv) {
		freeaddrinfo(ai);
		pc_err_set(err, PC_EINPUT, "out of memory");
		return NULL;
	}
	srv->sb = sb;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	srv->daemon = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, sb,
	                               MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	                               MHD_OPTION_THREAD_POOL_SIZE, (unsigned)POOL_THREADS,
	                               MHD_OPTION_URI_LOG_CALLBACK, remember_uri, NULL,
	                               MHD_OPTION_NOTIFY_COMPLETED, forget_request, NULL,
	                               MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
	                               MHD_OPTION_END);
	freeaddrinfo(ai);
	if (!srv->daemon) {
		free(srv);
		pc_err_set(err, PC_EINPUT, "cannot listen on '%s': the address is in use or not "
		           "local (libmicrohttpd could not start)", sb->opt.listen);
		return NULL;
	}
	warn_unhandled();
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (info)
		port = info->port;
	snprintf(sb->base_url, sizeof(sb->base_url), strchr(host, ':') ? "http://[%s]:%u"
	         : "http://%s:%u", host, port);
	return srv;
}

void sb_server_stop(sb_server *srv)
{
	if (!srv)
		return;
	MHD_stop_daemon(srv->daemon);
	free(srv);
}
