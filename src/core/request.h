/* request.h — from fields to the exact signed bytes that go on the wire.
 *
 * Steps: fill appName from the profile when the endpoint has one, add the
 * timestamp for endpoints that carry one, validate against the endpoint
 * table, expand the path, wrap checkout fields in their `param` envelope,
 * put appId first, sign the canonical string, then render the body (POST)
 * or the query string (GET, values percent-encoded on the wire only). */
#ifndef PAYCON_REQUEST_H
#define PAYCON_REQUEST_H

#include "config.h"
#include "endpoints.h"
#include "err.h"
#include "keys.h"
#include "params.h"

typedef struct {
	const pc_endpoint *ep;   /* NULL for a generic `paycon call` */
	pc_method method;
	char *path;              /* path, with the query string for GET */
	char *body;              /* JSON for POST, NULL for GET */
	char *canonical;         /* the string that was signed */
	pc_params sent;          /* top-level parameters, `sign` included */
} pc_request;

int pc_request_build(pc_request *rq, const pc_profile *profile, const pc_key *key,
                     const pc_endpoint *ep, const pc_params *fields, pc_err *err);

/* Any method and path, no validation: `paycon call`. */
int pc_request_build_raw(pc_request *rq, const pc_profile *profile, const pc_key *key,
                         pc_method method, const char *path, const pc_params *fields,
                         pc_err *err);

void pc_request_free(pc_request *rq);

/* Human dry-run text: canonical string, request line with the full URL,
 * headers, body. malloc'd. */
char *pc_request_describe(const pc_request *rq, const char *base_url);

/* {"canonical":…,"method":…,"url":…,"body":<object or null>} (malloc'd). */
char *pc_request_describe_json(const pc_request *rq, const char *base_url);

/* Milliseconds since the epoch; $PAYCON_NOW_MS overrides it so dry runs
 * and tests are reproducible. */
long long pc_now_ms(void);

#endif
