/* signature.h — RSASSA-PKCS1-v1_5 over the canonical string, Base64. */
#ifndef PAYCON_SIGNATURE_H
#define PAYCON_SIGNATURE_H

#include <stddef.h>

#include "err.h"
#include "keys.h"
#include "params.h"

typedef enum { PC_HASH_SHA256 = 0, PC_HASH_SHA1 = 1 } pc_hash;

const char *pc_hash_name(pc_hash h);          /* "sha256" / "sha1" */
int pc_hash_parse(const char *name, pc_hash *out); /* 0, or -1 if unknown */

/* Standard Base64 (with + / =, no line breaks) signature of data; malloc'd. */
char *pc_sign(const pc_key *key, pc_hash hash, const char *data, size_t len, pc_err *err);

typedef enum {
	PC_VERDICT_VALID = 0,
	PC_VERDICT_NO_SIGN,        /* `sign` field missing or empty */
	PC_VERDICT_BAD_ENCODING,   /* `sign` is not Base64 of the key's size */
	PC_VERDICT_MISMATCH,       /* well-formed, but does not verify: wrong key or altered body */
	PC_VERDICT_MALFORMED,      /* the body is not a JSON object we can read */
	PC_VERDICT_AMBIGUOUS,      /* the signature holds, but a key with & or = or a value
	                            * with & lets the signed string be cut into other fields */
} pc_verdict;

const char *pc_verdict_name(pc_verdict v); /* "valid", "invalid", "malformed" */
/* Operator-facing reason, e.g. "signature does not match: signed with another
 * key, or the body was altered after signing". */
const char *pc_verdict_reason(pc_verdict v);

/* Verifies a Base64 signature over data. Returns a verdict (never MALFORMED). */
pc_verdict pc_verify(const pc_key *key, pc_hash hash, const char *data, size_t len, const char *b64sig);

/* Signs p: computes the canonical string, sets `sign` in p. Optionally
 * returns the canonical string (malloc'd) in *canonical_out. */
int pc_sign_params(const pc_key *key, pc_hash hash, pc_params *p, char **canonical_out, pc_err *err);

/* True when p's canonical string could be cut into other fields: a key that
 * holds '&' or '=', or a value that holds '&'. PayCools' string has no
 * escaping, so one signature then covers more than one body. */
int pc_canonical_ambiguous(const pc_params *p);

/* Verifies a callback body (raw bytes). A body whose signature holds but
 * whose canonical string is ambiguous is PC_VERDICT_AMBIGUOUS, never valid. *canonical_out (may be NULL) gets
 * the canonical string when the body parsed; err gets the parse error for
 * MALFORMED. */
pc_verdict pc_verify_body(const pc_key *key, pc_hash hash, const char *body, size_t len,
                          char **canonical_out, pc_err *err);

/* The same for a body already parsed into p (pc_callback_judge parses
 * once for both the facts and the signature). MALFORMED only when out of
 * memory, with err set. */
pc_verdict pc_verify_params(const pc_key *key, pc_hash hash, const pc_params *p,
                            char **canonical_out, pc_err *err);

/* Base64 helpers (standard alphabet, padding). Decode ignores no
 * characters: any non-alphabet byte fails (returns -1). */
char *pc_base64_encode(const unsigned char *data, size_t len);
int pc_base64_decode(const char *text, unsigned char **out, size_t *outlen);

#endif
