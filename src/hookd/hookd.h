/* hookd.h — paycon-hookd, the callback receiver: shared declarations.
 *
 * main.c reads the command line into a hookd_config; server.c binds, opens
 * the spool, runs libmicrohttpd until SIGTERM/SIGINT; handler.c answers
 * each request (store first, acknowledge after) and logs it. */
#ifndef PAYCON_HOOKD_H
#define PAYCON_HOOKD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include <microhttpd.h>

#include "spool.h"

#define HOOKD_DEFAULT_PATH "/callback"
#define HOOKD_DEFAULT_MAX_BODY (64 * 1024)
/* Bodies are buffered whole (to check and store them), once per connection. */
#define HOOKD_MAX_BODY_LIMIT (16 * 1024 * 1024)
#define HOOKD_MAX_PATH 256

/* Exit codes. */
#define HOOKD_EXIT_OK 0
#define HOOKD_EXIT_FAIL 1  /* could not start: spool, address, TLS files */
#define HOOKD_EXIT_USAGE 2 /* bad command line */

typedef struct {
	const char *host; /* as given, without the brackets of an IPv6 address */
	const char *port; /* decimal; "0" picks a free port */
	const char *spool_dir;
	const char *path;
	size_t max_body;
	const char *tls_cert; /* both or neither */
	const char *tls_key;
} hookd_config;

/* What every request handler thread shares. */
typedef struct {
	pc_spool *spool;
	const char *path;
	size_t max_body;
	atomic_int in_flight;  /* requests begun and not yet completed */
	atomic_bool stopping;  /* SIGTERM seen: refuse new requests */
	struct MHD_Response *ok;
	struct MHD_Response *not_found;
	struct MHD_Response *not_allowed;
	struct MHD_Response *too_large;
	struct MHD_Response *unavailable;
	struct MHD_Response *shutting_down;
} hookd_state;

/* server.c: runs until stopped; returns the exit code. */
int hookd_run(const hookd_config *cfg);

/* handler.c */
int hookd_state_init(hookd_state *st, pc_spool *spool, const hookd_config *cfg);
void hookd_state_free(hookd_state *st);

enum MHD_Result hookd_access(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                             const char *version, const char *upload_data, size_t *upload_data_size,
                             void **req_cls);
void hookd_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                     enum MHD_RequestTerminationCode toe);
/* Records when each connection (and each request on it) began. */
void hookd_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                      enum MHD_ConnectionNotificationCode toe);

/* One line on stderr, prefixed with the UTC time (printf-style). */
void hookd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
