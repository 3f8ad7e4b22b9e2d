/* uat_internal.h — what the uat_*.c files share; not part of the API. */
#ifndef PAYCON_UAT_INTERNAL_H
#define PAYCON_UAT_INTERNAL_H

#include <stddef.h>

/* Longest variable name in a template, NUL excluded. */
#define PC_UAT_NAME_MAX 31
/* Most variables one item may bind. */
#define PC_UAT_MAX_VARS 24

/* Finds the next "${...}" in s. Returns a pointer to its '$' (NULL when
 * there is none); *inner and *inner_len get the text between the braces and
 * *after the character after '}', or NULL when the brace is never closed. */
const char *pc_uat_next_token(const char *s, const char **inner, size_t *inner_len,
                              const char **after);

/* True for [A-Za-z][A-Za-z0-9_]* of at most PC_UAT_NAME_MAX characters. */
int pc_uat_valid_name(const char *s, size_t len);

/* "2026-11-21T10:00:00.123Z" for ms since the epoch. */
void pc_uat_iso_time(long long ms, char *buf, size_t size);

#endif
