/* settle.c — the settlement timer (see settle.h). */
#include "settle.h"

#include <string.h>
#include <time.h>

#include "clock.h"
#include "handlers.h"

typedef void (*settle_fn)(sb_ctx *sb, cJSON *obj, long long now);

static const struct {
	const char *list;
	settle_fn settle;
} settlers[] = {
	{ "payouts", sb_payout_settle },
	{ "refunds", sb_refund_settle },
	{ "collections", sb_directdebit_settle },
};

/* PENDING with a settlement time (not 0 = never) at or before limit. */
static bool is_due(const cJSON *o, long long limit, bool all)
{
	long long at = sb_int(o, "settleMs");
	const char *status = sb_str(o, "status");

	if (!status || strcmp(status, "PENDING") != 0 || at <= 0)
		return false;
	return all || at <= limit;
}

int sb_settle_due(sb_ctx *sb, long long now, bool all)
{
	int n = 0;

	for (size_t i = 0; i < sizeof(settlers) / sizeof(settlers[0]); i++) {
		cJSON *o;

		cJSON_ArrayForEach(o, sb_ledger_list(&sb->ledger, settlers[i].list)) {
			if (!is_due(o, now, all))
				continue;
			settlers[i].settle(sb, o, now);
			n++;
		}
	}
	if (n > 0)
		sb_ledger_commit(&sb->ledger);
	return n;
}

/* The earliest settlement time still ahead, or 0. */
static long long next_due(sb_ctx *sb)
{
	long long next = 0;

	for (size_t i = 0; i < sizeof(settlers) / sizeof(settlers[0]); i++) {
		cJSON *o;

		cJSON_ArrayForEach(o, sb_ledger_list(&sb->ledger, settlers[i].list)) {
			long long at = sb_int(o, "settleMs");

			if (!is_due(o, 0, true))
				continue;
			if (next == 0 || at < next)
				next = at;
		}
	}
	return next;
}

static void *settle_thread(void *ud)
{
	sb_ctx *sb = ud;

	sb_ledger_lock(&sb->ledger);
	while (!atomic_load(&sb->stopping)) {
		long long now = sb_now_ms();
		long long next;
		struct timespec ts;

		sb_settle_due(sb, now, false);
		next = next_due(sb);
		if (next == 0 || next > now + 1000)
			next = now + 1000;
		ts.tv_sec = next / 1000;
		ts.tv_nsec = (next % 1000) * 1000000;
		pthread_cond_timedwait(&sb->ledger.wake, &sb->ledger.lock, &ts);
	}
	sb_ledger_unlock(&sb->ledger);
	return NULL;
}

int sb_settle_start(sb_ctx *sb, pthread_t *thread)
{
	return pthread_create(thread, NULL, settle_thread, sb) == 0 ? 0 : -1;
}
