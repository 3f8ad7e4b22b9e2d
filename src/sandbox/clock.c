/* clock.c — sandbox time (see clock.h). */
#include "clock.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Philippine Standard Time: UTC+8 all year. */
#define PH_OFFSET_S (8 * 3600)

long long sb_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long sb_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Broken-down Philippine time of ms. */
static void ph_time(long long ms, struct tm *tm)
{
	time_t t = (time_t)(ms / 1000) + PH_OFFSET_S;

	if (ms < 0 && ms % 1000)
		t--;
	gmtime_r(&t, tm);
}

/* Philippine time of ms in format, into buf of size bytes ("" when it
 * does not fit). */
static char *ph_text(long long ms, const char *format, char *buf, size_t size)
{
	struct tm tm;

	ph_time(ms, &tm);
	if (strftime(buf, size, format, &tm) == 0)
		buf[0] = '\0';
	return buf;
}

char *sb_time_text(long long ms, char *buf)
{
	return ph_text(ms, "%Y-%m-%d %H:%M:%S", buf, SB_TIME_TEXT);
}

char *sb_date_text(long long ms, char *buf)
{
	return ph_text(ms, "%Y-%m-%d", buf, SB_DATE_TEXT);
}

/* n digits at s; -1 when one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "yyyy-MM-dd" at s into tm (time of day 00:00:00). */
static int parse_date_part(const char *s, struct tm *tm)
{
	int year = digits(s, 4), month = digits(s + 5, 2), day = digits(s + 8, 2);

	memset(tm, 0, sizeof(*tm));
	if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31
	    || s[4] != '-' || s[7] != '-')
		return -1;
	tm->tm_year = year - 1900;
	tm->tm_mon = month - 1;
	tm->tm_mday = day;
	return 0;
}

static int to_ms(struct tm *tm, long long *ms)
{
	int mday = tm->tm_mday;
	time_t t = timegm(tm);

	if (t == (time_t)-1 || tm->tm_mday != mday)
		return -1; /* 2024-02-30 was normalised: not a real day */
	*ms = ((long long)t - PH_OFFSET_S) * 1000;
	return 0;
}

int sb_date_parse(const char *text, long long *ms)
{
	struct tm tm;

	if (!text || strlen(text) != 10 || parse_date_part(text, &tm) < 0)
		return -1;
	return to_ms(&tm, ms);
}

int sb_time_parse(const char *text, long long *ms)
{
	struct tm tm;

	if (!text || strlen(text) != 19 || parse_date_part(text, &tm) < 0)
		return -1;
	if (text[10] != ' ' || text[13] != ':' || text[16] != ':')
		return -1;
	tm.tm_hour = digits(text + 11, 2);
	tm.tm_min = digits(text + 14, 2);
	tm.tm_sec = digits(text + 17, 2);
	if (tm.tm_hour < 0 || tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59
	    || tm.tm_sec < 0 || tm.tm_sec > 59)
		return -1;
	return to_ms(&tm, ms);
}

void sb_sleep_ms(long long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };

	while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}
