/* server.h — the HTTP side: libmicrohttpd, routing, authentication, answers.
 *
 * Every route of the endpoint table is served the way PayCools checks it:
 * appId (1001), signature over the canonical string with the merchant's
 * public key (1003; RSA-SHA256, RSA-SHA1 accepted too), then the fields
 * against the same table the client validates with (1009, naming the
 * field), then the product's rules (handlers.h). Answers are always
 * {"code","message","data"} with HTTP 200, as PayCools answers. Paths
 * under /_sandbox/ go to control.c (loopback peers only). */
#ifndef PAYCON_SB_SERVER_H
#define PAYCON_SB_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "sandbox.h"

/* What goes back on the wire. */
typedef struct {
	unsigned status;          /* HTTP status */
	const char *content_type;
	char *body;               /* malloc'd */
	bool drop;                /* close the connection without an answer */
} sb_answer;

/* Sets a JSON answer from a cJSON item (consumed). */
void sb_answer_json(sb_answer *ans, unsigned status, cJSON *item);

typedef struct sb_server sb_server;

/* Binds opt.listen (":0" picks a free port), fills sb->base_url, starts
 * serving on libmicrohttpd's own threads. */
sb_server *sb_server_start(sb_ctx *sb, pc_err *err);
void sb_server_stop(sb_server *srv);

/* Parses HOST:PORT ("[::1]:0" for IPv6). host gets the host without
 * brackets. 0 / -1. */
int sb_split_listen(const char *listen, char *host, size_t size, unsigned *port);

#endif
