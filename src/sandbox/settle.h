/* settle.h — the settlement timer.
 *
 * Payouts, refunds and direct debits are PENDING when created and carry a
 * "settleMs" (creation + --settle-ms; 0 = never, a test value). The timer
 * thread settles each when its time comes; POST /_sandbox/settle settles
 * every one that has a time, at once. Settling is done by the product's
 * own *_settle function (handlers.h). */
#ifndef PAYCON_SB_SETTLE_H
#define PAYCON_SB_SETTLE_H

#include <pthread.h>
#include <stdbool.h>

#include "sandbox.h"

/* Settles what is due at now (all: everything with a time). Lock held;
 * commits when something changed. Returns how many were settled. */
int sb_settle_due(sb_ctx *sb, long long now, bool all);

int sb_settle_start(sb_ctx *sb, pthread_t *thread);

#endif
