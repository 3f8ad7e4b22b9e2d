/* input.h — reading a body from a file or standard input. */
#ifndef PAYCON_INPUT_H
#define PAYCON_INPUT_H

#include <stddef.h>

#include "err.h"

/* Largest body read by sign and verify. */
#define CLI_MAX_BODY (8u * 1024u * 1024u)

/* path NULL or "-" reads stdin. *out is NUL-terminated (the body may hold
 * NUL bytes itself: use *len). */
int cli_read_body(const char *path, char **out, size_t *len, pc_err *err);

#endif
