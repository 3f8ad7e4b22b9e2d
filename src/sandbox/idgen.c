/* idgen.c — identifiers shaped like PayCools' own (see idgen.h). */
#include "idgen.h"

#include <stdint.h>
#include <stdio.h>

#include "clock.h"

char *sb_id_timed(char *buf, const char *prefix, long long now_ms, long long seq)
{
	snprintf(buf, SB_ID_SIZE, "%s1007%09lld%06lld", prefix, (now_ms / 1000) % 1000000000LL,
	         seq % 1000000LL);
	return buf;
}

char *sb_id_refund(char *buf, long long now_ms, long long seq)
{
	char date[SB_DATE_TEXT];

	sb_date_text(now_ms, date);
	snprintf(buf, SB_ID_SIZE, "R4%.4s%.2s%.2s%09lld", date, date + 5, date + 8,
	         seq % 1000000000LL);
	return buf;
}

char *sb_id_va_reference(char *buf, long long seq)
{
	snprintf(buf, SB_ID_SIZE, "PC%013lld", seq % 10000000000000LL);
	return buf;
}

char *sb_id_bank_account(char *buf, long long seq)
{
	snprintf(buf, SB_ID_SIZE, "9991%08lld", seq % 100000000LL);
	return buf;
}

/* splitmix64: spreads consecutive sequence numbers over the code space. */
static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

char *sb_id_short_code(char *buf, long long seq)
{
	static const char alphabet[] =
		"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	uint64_t x = mix((uint64_t)seq);

	for (int i = 0; i < 7; i++) {
		buf[i] = alphabet[x % 62];
		x /= 62;
	}
	buf[7] = '\0';
	return buf;
}
