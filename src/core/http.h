/* http.h — the transport: one reused libcurl handle per profile.
 *
 * Keep-alive, connect and total timeouts from the profile, TLS verification
 * always on, redirects never followed (a signed POST must not be replayed
 * elsewhere), User-Agent paycon/<version>. The base URL is checked again
 * here (pc_base_url_check), whatever the caller did. */
#ifndef PAYCON_HTTP_H
#define PAYCON_HTTP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "endpoints.h"
#include "err.h"
#include "urlcode.h" /* pc_url_encode, which this header has always offered */

/* Largest answer accepted; more is a transport error. */
#define PC_HTTP_MAX_ANSWER (8u * 1024u * 1024u)

typedef struct pc_http pc_http;

typedef struct {
	long status;         /* HTTP status, 0 when none */
	char *body;          /* NUL-terminated; len bytes */
	size_t len;
	double seconds;      /* total time of the exchange */
	long long server_time; /* the answer's Date header (epoch s), 0 if none */
} pc_http_answer;

/* What the server may have received when pc_http_send fails. Money-moving
 * callers must treat anything but PC_SENT_NO as "outcome unknown". */
typedef enum {
	PC_SENT_NO = 0,      /* the request certainly never left: resolve/connect/TLS failure */
	PC_SENT_MAYBE,       /* it may have been received and acted on */
} pc_sent;

pc_http *pc_http_new(const pc_profile *profile, pc_err *err);
void pc_http_free(pc_http *h);

/* path_and_query starts with '/'; body NULL for GET. On transport failure
 * returns -1 with err (PC_ETRANSPORT) and *sent says whether the request
 * may have reached the server. An HTTP status other than 2xx is not a
 * failure here: the caller reads the body. */
int pc_http_send(pc_http *h, pc_method method, const char *path_and_query,
                 const char *body, pc_http_answer *answer, pc_sent *sent, pc_err *err);
void pc_http_answer_free(pc_http_answer *a);

/* Lets a signal handler abort the exchange in progress: while *flag is
 * non-zero, pc_http_send stops within a fraction of a second and fails
 * with PC_ETRANSPORT ("cancelled"); *sent says whether the request may
 * already have arrived (money-moving callers then treat it as unknown).
 * The caller clears *flag before each request. NULL stops watching. */
void pc_http_set_cancel(pc_http *h, volatile sig_atomic_t *flag);

/* Latency of the last exchange (seconds), or -1 when none succeeded. */
double pc_http_last_latency(const pc_http *h);

#endif
