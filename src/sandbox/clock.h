/* clock.h — sandbox time: milliseconds inside, Philippine time outside.
 *
 * PayCools writes times as "yyyy-MM-dd HH:mm:ss" in Philippine time
 * (UTC+8, no daylight saving) and dates as "yyyy-MM-dd". */
#ifndef PAYCON_SB_CLOCK_H
#define PAYCON_SB_CLOCK_H

#define SB_DAY_MS (24LL * 3600 * 1000)
#define SB_TIME_TEXT 20 /* "yyyy-MM-dd HH:mm:ss" + NUL */
#define SB_DATE_TEXT 11 /* "yyyy-MM-dd" + NUL */

/* Wall clock, milliseconds since the epoch. */
long long sb_now_ms(void);
/* Monotonic clock, milliseconds (for sleeping and timeouts). */
long long sb_mono_ms(void);

/* "2024-01-31 18:00:00" (Philippine time) into buf; returns buf. */
char *sb_time_text(long long ms, char *buf);
/* "2024-01-31" (Philippine date) into buf; returns buf. */
char *sb_date_text(long long ms, char *buf);

/* "yyyy-MM-dd" -> the first millisecond of that Philippine day. 0 / -1. */
int sb_date_parse(const char *text, long long *ms);
/* "yyyy-MM-dd HH:mm:ss" (Philippine time) -> ms. 0 / -1. */
int sb_time_parse(const char *text, long long *ms);

/* Sleeps ms milliseconds (restarting after signals). */
void sb_sleep_ms(long long ms);

#endif
