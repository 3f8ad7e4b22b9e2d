/* log.c — one line per event on stderr (see sandbox.h). */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "clock.h"
#include "sandbox.h"

void sb_log(const char *fmt, ...)
{
	char line[2048];
	long long ms = sb_now_ms();
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	va_list ap;
	int n;

	gmtime_r(&t, &tm);
	n = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ paycon-sandbox: ",
	             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	             tm.tm_sec, ms % 1000);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* One fputs per line: stdio's lock keeps lines of different threads apart. */
	fprintf(stderr, "%s\n", line);
}
