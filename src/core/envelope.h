/* envelope.h — the {code, message, data} answer of every endpoint. */
#ifndef PAYCON_ENVELOPE_H
#define PAYCON_ENVELOPE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "err.h"

typedef struct {
	int code;            /* 1000 on success */
	char *message;       /* may be "" */
	cJSON *root;         /* the whole answer */
	const cJSON *data;   /* root's "data", NULL if absent or null */
} pc_envelope;

/* Parses an HTTP answer body. Anything that is not a JSON object with an
 * integer `code` is PC_ETRANSPORT with a message that says the server
 * answered something that is not a PayCools response, quoting (sanitised,
 * at most 80 bytes) what came back. `msg` is accepted in place of
 * `message`. */
int pc_envelope_parse(pc_envelope *env, const char *body, size_t len, pc_err *err);
void pc_envelope_free(pc_envelope *env);

/* For code != 1000: fills err as PC_EAPI with api_code set and the message
 * "PayCools error 1012 (merchant order id is repeat): <advice>". */
int pc_envelope_error(const pc_envelope *env, pc_err *err);

#endif
