/* handler.c — one callback request: check, store durably, then acknowledge.
 *
 * libmicrohttpd calls hookd_access() once when the headers are in (the
 * routing and size decisions happen there), then once per piece of body,
 * then once more with no data (the body is complete: check, store,
 * answer). The acknowledgement is queued only after pc_spool_store()
 * returned, so every 200 means the body is on disk in new/. */
#include "hookd.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "body_check.h"
#include "sanitize.h"

/* The answer PayCools expects from a merchant that took a callback. */
static const char ok_body[] = "{\"code\":1,\"msg\":\"success\",\"data\":{}}";

/* A request (headers and body, from the end of the previous request on
 * the connection, or from its accept) may take this long in total: the
 * connection timeout counts only silence, so a sender dripping a byte a
 * second would otherwise hold its connection forever. */
#define REQUEST_DEADLINE_MS 30000
/* After the limit is passed the rest of a streamed body is read and
 * dropped (libmicrohttpd can only answer once the upload is over), but
 * only this much: then the connection is closed without an answer. */
#define DISCARD_LIMIT (1024 * 1024)
#define LOG_URL_MAX 128

#ifndef MHD_HTTP_CONTENT_TOO_LARGE /* libmicrohttpd before 0.9.74 */
#define MHD_HTTP_CONTENT_TOO_LARGE 413
#endif

typedef struct {
	char peer[INET6_ADDRSTRLEN + 8];
	char *forwarded;  /* X-Forwarded-For, sanitised, when a proxy sent one */
	char *method;     /* sanitised, for the log */
	char *url;        /* sanitised and cut, for the log */
	uint64_t start_ms;
	char *body;
	size_t len;
	size_t cap;
	size_t received;  /* every body byte seen, dropped ones included */
	bool too_large;
	bool logged;
} hookd_request;

/* ---- logging ----------------------------------------------------------- */

void hookd_log(const char *fmt, ...)
{
	char line[2048];
	char stamp[40];
	struct timespec now;
	struct tm tm;
	size_t n;
	va_list ap;

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	n = strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp + n, sizeof(stamp) - n, ".%03ldZ", now.tv_nsec / 1000000);
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One call per line: lines of concurrent requests never interleave. */
	fprintf(stderr, "%s %s\n", stamp, line);
}

/* time peer[ (forwarded for X)] METHOD URL STATUS BYTES NAME[ NOTE] */
static void log_request(hookd_request *req, const char *status, const char *name, const char *note)
{
	char *safe_note = note ? pc_sanitize_str(note) : NULL;

	hookd_log("%s%s%s%s %s %s %s %zu %s%s%s", req->peer,
	          req->forwarded ? " (forwarded for " : "", req->forwarded ? req->forwarded : "",
	          req->forwarded ? ")" : "",
	          req->method ? req->method : "?", req->url ? req->url : "?", status, req->received,
	          name && name[0] ? name : "-", safe_note ? " " : "", safe_note ? safe_note : "");
	free(safe_note);
	req->logged = true;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* When the current request on conn began (now when unknown). */
static uint64_t request_start_ms(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	const uint64_t *start = info ? info->socket_context : NULL;

	return start ? *start : mono_ms();
}

static void describe_peer(struct MHD_Connection *conn, char *out, size_t size)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char host[INET6_ADDRSTRLEN], port[8];
	const struct sockaddr *sa = info ? info->client_addr : NULL;
	socklen_t sa_len;

	snprintf(out, size, "?");
	if (!sa || (sa->sa_family != AF_INET && sa->sa_family != AF_INET6))
		return;
	sa_len = sa->sa_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
	if (getnameinfo(sa, sa_len, host, sizeof(host), port, sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return;
	snprintf(out, size, sa->sa_family == AF_INET6 ? "[%s]:%s" : "%s:%s", host, port);
}

/* A sanitised copy of at most max bytes of s (NULL stays NULL). */
static char *log_copy(const char *s, size_t max)
{
	return s ? pc_sanitize(s, strnlen(s, max)) : NULL;
}

/* ---- responses --------------------------------------------------------- */

static struct MHD_Response *text_response(const char *text, const char *type)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
	                                                         MHD_RESPMEM_PERSISTENT);

	if (r && MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type) != MHD_YES) {
		MHD_destroy_response(r);
		r = NULL;
	}
	return r;
}

int hookd_state_init(hookd_state *st, pc_spool *spool, const hookd_config *cfg)
{
	const char *plain = "text/plain; charset=utf-8";

	memset(st, 0, sizeof(*st));
	st->spool = spool;
	st->path = cfg->path;
	st->max_body = cfg->max_body;
	atomic_init(&st->in_flight, 0);
	atomic_init(&st->stopping, false);
	/* Responses never change: made once, queued by every thread. */
	st->ok = text_response(ok_body, "application/json");
	st->not_found = text_response("not found: callbacks go to the configured path\n", plain);
	st->not_allowed = text_response("method not allowed: callbacks are POSTed\n", plain);
	st->too_large = text_response("request body too large\n", plain);
	st->unavailable = text_response("cannot store the callback now; retry later\n", plain);
	st->shutting_down = text_response("shutting down; retry later\n", plain);
	if (!st->ok || !st->not_found || !st->not_allowed || !st->too_large || !st->unavailable ||
	    !st->shutting_down ||
	    MHD_add_response_header(st->not_allowed, MHD_HTTP_HEADER_ALLOW, "POST") != MHD_YES ||
	    MHD_add_response_header(st->shutting_down, MHD_HTTP_HEADER_CONNECTION, "close") != MHD_YES) {
		hookd_state_free(st);
		return -1;
	}
	return 0;
}

void hookd_state_free(hookd_state *st)
{
	struct MHD_Response **all[] = {
		&st->ok, &st->not_found, &st->not_allowed, &st->too_large, &st->unavailable, &st->shutting_down,
	};
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (*all[i])
			MHD_destroy_response(*all[i]);
		*all[i] = NULL;
	}
}

static enum MHD_Result answer(struct MHD_Connection *conn, hookd_request *req, unsigned status,
                              struct MHD_Response *resp, const char *name, const char *note)
{
	char code[8];

	snprintf(code, sizeof(code), "%u", status);
	log_request(req, code, name, note);
	return MHD_queue_response(conn, status, resp);
}

/* 400 with the reason in the body: the sender's developer needs it. */
static enum MHD_Result answer_bad_body(struct MHD_Connection *conn, hookd_request *req, size_t offset,
                                       const char *why)
{
	char text[160];
	struct MHD_Response *r;
	enum MHD_Result rc;

	snprintf(text, sizeof(text), "body is not a JSON object: byte %zu: %s\n", offset, why);
	r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	text[strlen(text) - 1] = '\0';
	rc = answer(conn, req, MHD_HTTP_BAD_REQUEST, r, NULL, text);
	MHD_destroy_response(r);
	return rc;
}

/* ---- the request ------------------------------------------------------- */

/* True when a Content-Length header announces more than max. */
static bool announced_too_large(struct MHD_Connection *conn, size_t max, uintmax_t *announced)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	uintmax_t v = 0;

	if (!cl)
		return false;
	/* libmicrohttpd already refused a malformed value; stop at the first
	 * non-digit and saturate instead of wrapping. */
	for (; *cl >= '0' && *cl <= '9'; cl++)
		v = v > (UINTMAX_MAX - 9) / 10 ? UINTMAX_MAX : v * 10 + (uintmax_t)(*cl - '0');
	*announced = v;
	return v > max;
}

static enum MHD_Result begin_request(hookd_state *st, struct MHD_Connection *conn, const char *url,
                                     const char *method, void **req_cls)
{
	hookd_request *req = calloc(1, sizeof(*req));
	char note[96];
	uintmax_t announced = 0;

	if (!req)
		return MHD_NO;
	*req_cls = req;
	atomic_fetch_add(&st->in_flight, 1);
	req->start_ms = request_start_ms(conn);
	describe_peer(conn, req->peer, sizeof(req->peer));
	req->forwarded = log_copy(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For"), 64);
	req->method = log_copy(method, 16);
	req->url = log_copy(url, LOG_URL_MAX);
	if (mono_ms() - req->start_ms > REQUEST_DEADLINE_MS) {
		log_request(req, "-", NULL, "closed: the headers took longer than 30 s");
		return MHD_NO;
	}
	if (atomic_load(&st->stopping))
		return answer(conn, req, MHD_HTTP_SERVICE_UNAVAILABLE, st->shutting_down, NULL, "shutting down");
	if (strcmp(url, st->path) != 0)
		return answer(conn, req, MHD_HTTP_NOT_FOUND, st->not_found, NULL, NULL);
	if (strcmp(method, MHD_HTTP_METHOD_POST) != 0)
		return answer(conn, req, MHD_HTTP_METHOD_NOT_ALLOWED, st->not_allowed, NULL, NULL);
	if (announced_too_large(conn, st->max_body, &announced)) {
		snprintf(note, sizeof(note), "Content-Length %ju exceeds the %zu-byte limit", announced, st->max_body);
		return answer(conn, req, MHD_HTTP_CONTENT_TOO_LARGE, st->too_large, NULL, note);
	}
	return MHD_YES;
}

static bool append(hookd_request *req, const char *data, size_t n, size_t max)
{
	if (req->len + n > req->cap) {
		size_t cap = req->cap ? req->cap : 4096;
		char *bigger;

		while (cap < req->len + n)
			cap *= 2;
		if (cap > max)
			cap = max;
		bigger = realloc(req->body, cap);
		if (!bigger)
			return false;
		req->body = bigger;
		req->cap = cap;
	}
	memcpy(req->body + req->len, data, n);
	req->len += n;
	return true;
}

/* A piece of the body. Never keeps more than max bytes. */
static enum MHD_Result take_upload(hookd_state *st, hookd_request *req, const char *data, size_t *size)
{
	size_t n = *size;

	*size = 0;
	req->received += n;
	if (mono_ms() - req->start_ms > REQUEST_DEADLINE_MS) {
		log_request(req, "-", NULL, "closed: the request took longer than 30 s");
		return MHD_NO;
	}
	if (!req->too_large && req->len + n > st->max_body) {
		req->too_large = true;
		free(req->body);
		req->body = NULL;
		req->len = req->cap = 0;
	}
	if (req->too_large) {
		if (req->received - st->max_body > DISCARD_LIMIT) {
			log_request(req, "-", NULL, "closed: body far larger than the limit");
			return MHD_NO;
		}
		return MHD_YES;
	}
	if (!append(req, data, n, st->max_body)) {
		log_request(req, "-", NULL, "closed: out of memory");
		return MHD_NO;
	}
	return MHD_YES;
}

/* The whole body is in: check it, store it, and only then say 200. */
static enum MHD_Result finish_request(hookd_state *st, struct MHD_Connection *conn, hookd_request *req)
{
	char name[PC_SPOOL_NAME_SIZE];
	char note[96];
	const char *why;
	size_t offset;
	pc_err err;

	if (req->too_large) {
		snprintf(note, sizeof(note), "body exceeds the %zu-byte limit", st->max_body);
		return answer(conn, req, MHD_HTTP_CONTENT_TOO_LARGE, st->too_large, NULL, note);
	}
	if (hookd_check_json_object(req->body, req->len, &offset, &why) != 0)
		return answer_bad_body(conn, req, offset, why);
	if (pc_spool_store(st->spool, req->body, req->len, name, &err) != 0)
		return answer(conn, req, MHD_HTTP_SERVICE_UNAVAILABLE, st->unavailable, NULL, err.msg);
	return answer(conn, req, MHD_HTTP_OK, st->ok, name, NULL);
}

enum MHD_Result hookd_access(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                             const char *version, const char *upload_data, size_t *upload_data_size,
                             void **req_cls)
{
	hookd_state *st = cls;
	hookd_request *req = *req_cls;

	(void)version;
	if (!req)
		return begin_request(st, conn, url, method, req_cls);
	if (*upload_data_size > 0)
		return take_upload(st, req, upload_data, upload_data_size);
	return finish_request(st, conn, req);
}

static const char *termination_reason(enum MHD_RequestTerminationCode toe)
{
	switch (toe) {
	case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED:
		return "closed: the client went silent (timeout)";
	case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN:
		return "closed: shutting down";
	case MHD_REQUEST_TERMINATED_READ_ERROR:
	case MHD_REQUEST_TERMINATED_CLIENT_ABORT:
		return "closed: the client hung up before the body was complete";
	default:
		return "closed: connection error";
	}
}

void hookd_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                     enum MHD_RequestTerminationCode toe)
{
	hookd_state *st = cls;
	hookd_request *req = *req_cls;
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	uint64_t *next_start = info ? info->socket_context : NULL;

	/* The next request on this connection starts its deadline now. */
	if (next_start)
		*next_start = mono_ms();
	if (!req)
		return;
	/* Never answered: nothing was stored, the sender will retry. */
	if (!req->logged)
		log_request(req, "-", NULL, termination_reason(toe));
	free(req->forwarded);
	free(req->method);
	free(req->url);
	free(req->body);
	free(req);
	*req_cls = NULL;
	atomic_fetch_sub(&st->in_flight, 1);
}

void hookd_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                      enum MHD_ConnectionNotificationCode toe)
{
	uint64_t *start;

	(void)cls;
	(void)conn;
	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		free(*socket_context);
		*socket_context = NULL;
		return;
	}
	/* Without it the request is timed from its headers' end instead. */
	start = malloc(sizeof(*start));
	if (start)
		*start = mono_ms();
	*socket_context = start;
}
