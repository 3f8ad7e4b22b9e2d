/* canned_server.h — an HTTP server that answers from a script, for tests.
 *
 * As curl's test server does: each test states the replies, the client
 * under test runs for real, and the server records what it received.
 * Replies are matched by path prefix, first-in first-out; a path with no
 * queued reply gets the default reply. A reply can also be "drop": the
 * request is recorded (as if processed) and the connection closed with
 * no answer. */
#ifndef CANNED_SERVER_H
#define CANNED_SERVER_H

#include <stddef.h>

typedef struct canned_server canned_server;

/* Listens on 127.0.0.1, a free port. NULL on failure. */
canned_server *canned_start(void);
void canned_stop(canned_server *s);
int canned_port(const canned_server *s);

/* Queues a reply for requests whose path starts with prefix. status 0
 * means drop the connection. body is copied. */
void canned_reply(canned_server *s, const char *prefix, int status, const char *body);
void canned_default(canned_server *s, int status, const char *body);

/* Requests received so far, and the method/path/body of request i. */
int canned_count(canned_server *s);
int canned_count_path(canned_server *s, const char *prefix);
const char *canned_request_path(canned_server *s, int i);
const char *canned_request_body(canned_server *s, int i);

#endif
