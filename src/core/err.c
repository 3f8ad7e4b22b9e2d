#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void pc_err_clear(pc_err *err)
{
	if (!err)
		return;
	err->cls = PC_OK;
	err->api_code = 0;
	err->msg[0] = '\0';
}

int pc_err_set(pc_err *err, pc_errclass cls, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->cls = cls;
	err->api_code = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int pc_err_prefix(pc_err *err, const char *fmt, ...)
{
	char old[sizeof(err->msg)];
	size_t used, room, n_old;
	va_list ap;
	int n;

	if (!err)
		return -1;
	memcpy(old, err->msg, sizeof(old));
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	used = n < 0 ? 0 : (size_t)n;
	if (used >= sizeof(err->msg) - 3)
		return -1; /* the prefix alone fills the message */
	/* Copied by hand: the old message is cut where it no longer fits. */
	memcpy(err->msg + used, ": ", 2);
	used += 2;
	room = sizeof(err->msg) - used - 1;
	n_old = strnlen(old, room);
	memcpy(err->msg + used, old, n_old);
	err->msg[used + n_old] = '\0';
	return -1;
}
