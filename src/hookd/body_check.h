/* body_check.h — is a callback body a JSON object?
 *
 * paycon-hookd stores whatever looks like a callback and leaves judging to
 * the consoles, which verify each stored body strictly (pc_params_parse)
 * and show hostile or broken ones to support staff. So this check is the
 * RFC 8259 grammar of one object and nothing more: duplicate keys are
 * accepted, bytes >= 0x80 inside strings are not checked for UTF-8, and
 * nesting is allowed up to HOOKD_JSON_MAX_DEPTH (only to bound the stack).
 * A byte-order mark, a bare value, an array, trailing text or a truncated
 * object are refused. */
#ifndef PAYCON_HOOKD_BODY_CHECK_H
#define PAYCON_HOOKD_BODY_CHECK_H

#include <stddef.h>

#define HOOKD_JSON_MAX_DEPTH 512

/* 0 when body (len bytes, NULs allowed) is one JSON object with optional
 * surrounding whitespace. -1 otherwise, with *offset the byte where it
 * went wrong and *why a short static reason ("expected ':'"). */
int hookd_check_json_object(const char *body, size_t len, size_t *offset, const char **why);

#endif
