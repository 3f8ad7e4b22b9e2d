#include "canned_server.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#define MAX_REPLIES 64
#define MAX_REQUESTS 256

typedef struct {
	char *prefix;
	int status;
	char *body;
	int used;
} reply;

typedef struct {
	char *path;
	char *body;
} request;

struct canned_server {
	struct MHD_Daemon *daemon;
	int port;
	pthread_mutex_t lock;
	reply replies[MAX_REPLIES];
	int nreplies;
	reply fallback;
	request requests[MAX_REQUESTS];
	int nrequests;
};

typedef struct {
	char *data;
	size_t len;
} upload;

static const reply *take_reply(canned_server *s, const char *path)
{
	for (int i = 0; i < s->nreplies; i++) {
		reply *r = &s->replies[i];

		if (!r->used && strncmp(path, r->prefix, strlen(r->prefix)) == 0) {
			r->used = 1;
			return r;
		}
	}
	return &s->fallback;
}

static void record(canned_server *s, const char *path, const upload *up)
{
	request *rq;

	if (s->nrequests == MAX_REQUESTS)
		return;
	rq = &s->requests[s->nrequests++];
	rq->path = strdup(path);
	rq->body = up && up->data ? strdup(up->data) : strdup("");
}

static enum MHD_Result answer(canned_server *s, struct MHD_Connection *c, const char *url,
                              const upload *up)
{
	struct MHD_Response *resp;
	const reply *r;
	int status;
	char *body;
	enum MHD_Result ret;

	pthread_mutex_lock(&s->lock);
	record(s, url, up);
	r = take_reply(s, url);
	status = r->status;
	body = strdup(r->body ? r->body : "");
	pthread_mutex_unlock(&s->lock);
	if (status == 0) {
		free(body);
		return MHD_NO; /* drop: no answer */
	}
	resp = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type", "application/json");
	ret = MHD_queue_response(c, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *data, size_t *size, void **state)
{
	canned_server *s = cls;
	upload *up = *state;

	(void)method;
	(void)version;
	if (!up) {
		*state = calloc(1, sizeof(upload));
		return *state ? MHD_YES : MHD_NO;
	}
	if (*size) {
		char *grown = realloc(up->data, up->len + *size + 1);

		if (!grown)
			return MHD_NO;
		up->data = grown;
		memcpy(up->data + up->len, data, *size);
		up->len += *size;
		up->data[up->len] = '\0';
		*size = 0;
		return MHD_YES;
	}
	return answer(s, c, url, up);
}

static void on_done(void *cls, struct MHD_Connection *c, void **state,
                    enum MHD_RequestTerminationCode code)
{
	upload *up = *state;

	(void)cls;
	(void)c;
	(void)code;
	if (up) {
		free(up->data);
		free(up);
		*state = NULL;
	}
}

canned_server *canned_start(void)
{
	canned_server *s = calloc(1, sizeof(*s));
	const union MHD_DaemonInfo *info;

	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	s->fallback.status = 404;
	s->fallback.body = strdup("{\"code\":1008,\"message\":\"transaction not found\",\"data\":null}");
	s->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	                             on_request, s, MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
	                             MHD_OPTION_SOCK_ADDR, NULL, MHD_OPTION_END);
	if (!s->daemon) {
		canned_stop(s);
		return NULL;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	return s;
}

void canned_stop(canned_server *s)
{
	if (!s)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	for (int i = 0; i < s->nreplies; i++) {
		free(s->replies[i].prefix);
		free(s->replies[i].body);
	}
	for (int i = 0; i < s->nrequests; i++) {
		free(s->requests[i].path);
		free(s->requests[i].body);
	}
	free(s->fallback.body);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

int canned_port(const canned_server *s)
{
	return s->port;
}

void canned_reply(canned_server *s, const char *prefix, int status, const char *body)
{
	pthread_mutex_lock(&s->lock);
	if (s->nreplies < MAX_REPLIES) {
		reply *r = &s->replies[s->nreplies++];

		r->prefix = strdup(prefix);
		r->status = status;
		r->body = strdup(body ? body : "");
		r->used = 0;
	}
	pthread_mutex_unlock(&s->lock);
}

void canned_default(canned_server *s, int status, const char *body)
{
	pthread_mutex_lock(&s->lock);
	free(s->fallback.body);
	s->fallback.status = status;
	s->fallback.body = strdup(body ? body : "");
	pthread_mutex_unlock(&s->lock);
}

int canned_count(canned_server *s)
{
	int n;

	pthread_mutex_lock(&s->lock);
	n = s->nrequests;
	pthread_mutex_unlock(&s->lock);
	return n;
}

int canned_count_path(canned_server *s, const char *prefix)
{
	int n = 0;

	pthread_mutex_lock(&s->lock);
	for (int i = 0; i < s->nrequests; i++)
		n += strncmp(s->requests[i].path, prefix, strlen(prefix)) == 0;
	pthread_mutex_unlock(&s->lock);
	return n;
}

const char *canned_request_path(canned_server *s, int i)
{
	return i < s->nrequests ? s->requests[i].path : NULL;
}

const char *canned_request_body(canned_server *s, int i)
{
	return i < s->nrequests ? s->requests[i].body : NULL;
}
