/* err.h — one error record passed down every core call.
 *
 * A failing core function returns -1 (or NULL) and fills a pc_err: the
 * class decides the process exit code, the message says what is wrong and
 * what to do about it. Messages are complete sentences for an operator. */
#ifndef PAYCON_ERR_H
#define PAYCON_ERR_H

#include <stddef.h>

/* Exit-code classes of paycon(1); the numeric values are the exit codes. */
typedef enum {
	PC_OK = 0,
	PC_EAPI = 1,       /* the API answered an error code */
	PC_EINPUT = 2,     /* usage, config or input error: nothing was sent */
	PC_ETRANSPORT = 3, /* no usable answer from the server */
	PC_ECONFIRM = 4,   /* confirmation needed or refused */
} pc_errclass;

typedef struct {
	pc_errclass cls;
	int api_code;      /* PayCools code when cls == PC_EAPI, else 0 */
	char msg[1024];
} pc_err;

void pc_err_clear(pc_err *err);

/* Sets class and message (printf-style); returns -1 so callers can write
 * `return pc_err_set(err, PC_EINPUT, "...")`. NULL err is allowed. */
int pc_err_set(pc_err *err, pc_errclass cls, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prepends "context: " to an already-set message. Returns -1. */
int pc_err_prefix(pc_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
