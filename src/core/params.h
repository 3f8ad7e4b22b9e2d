/* params.h — a flat JSON object kept as written.
 *
 * PayCools signs the text of each top-level value, so a parsed body must
 * keep every number's raw token (`100.00` stays `100.00`) and every nested
 * object or array as its compact text. cJSON turns numbers into doubles, so
 * requests and callbacks go through this list instead; cJSON is used only
 * to read response data. Order of insertion is kept (it is the body order). */
#ifndef PAYCON_PARAMS_H
#define PAYCON_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

typedef enum {
	PC_JSTR,  /* value is the decoded UTF-8 string (no NUL inside) */
	PC_JNUM,  /* value is the number token exactly as written */
	PC_JRAW,  /* object, array, true or false: compact JSON text */
	PC_JNULL, /* value is "null" */
} pc_jkind;

typedef struct {
	char *key;
	pc_jkind kind;
	char *value;
} pc_param;

typedef struct {
	pc_param *items;
	size_t n;
	size_t cap;
} pc_params;

/* Nesting deeper than this is refused as malformed (hostile input). */
#define PC_JSON_MAX_DEPTH 32

void pc_params_init(pc_params *p);
void pc_params_free(pc_params *p);
int pc_params_copy(pc_params *dst, const pc_params *src);

/* Adds or replaces (keeping the original position) key's value. 0 / -1. */
int pc_params_set(pc_params *p, const char *key, pc_jkind kind, const char *value);
int pc_params_set_str(pc_params *p, const char *key, const char *value);
int pc_params_set_int(pc_params *p, const char *key, long long value);
int pc_params_remove(pc_params *p, const char *key);

const pc_param *pc_params_find(const pc_params *p, const char *key);
/* The value text, or NULL when absent. */
const char *pc_params_get(const pc_params *p, const char *key);
/* True when key is absent, null, or an empty string. */
bool pc_params_is_empty(const pc_params *p, const char *key);

/* Parses text (len bytes, not NUL-terminated necessarily) that must be one
 * JSON object. Strict: valid UTF-8, RFC 8259 grammar, no duplicate keys at
 * any level, depth <= PC_JSON_MAX_DEPTH, no \u0000 in strings, nothing but
 * whitespace after the object. On failure err says what and where
 * ("byte 17: ..."), class PC_EINPUT, and out is left empty. */
int pc_params_parse(pc_params *out, const char *text, size_t len, pc_err *err);

/* Compact JSON object text of p in insertion order (malloc'd). Strings are
 * escaped per RFC 8259 (control characters as \u00XX, '/' not escaped,
 * non-ASCII UTF-8 written as is). */
char *pc_params_to_json(const pc_params *p);

/* Removes whitespace outside strings from a JSON value text, keeping every
 * other byte (numbers and escapes) as written. malloc'd, NULL on OOM. */
char *pc_json_compact(const char *text, size_t len);

#endif
