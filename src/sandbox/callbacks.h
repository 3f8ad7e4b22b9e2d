/* callbacks.h — signed callbacks to the merchant, delivered until acknowledged.
 *
 * A callback is queued in the ledger (callbacks[]) with its exact signed
 * body, so a restart loses none. The delivery thread POSTs each due one
 * with libcurl; it is acknowledged only by a 2xx answer whose body is a
 * JSON object with "code":1 (the reply every callback page documents).
 * Otherwise it is tried again after 1 s (--callback-retry-ms), doubling
 * each time up to 60 s, for ever. Every attempt is logged on stderr and
 * kept in the callback's "log". Ledger object:
 *   id, event, url (null when none is known), body, status
 *   (PENDING | DELIVERED | NO_URL), attempts, nextAttemptMs, createMs,
 *   deliveredMs, log[] of {timeMs, attempt, result, acknowledged}. */
#ifndef PAYCON_SB_CALLBACKS_H
#define PAYCON_SB_CALLBACKS_H

#include <pthread.h>

#include "params.h"
#include "sandbox.h"

#define SB_CALLBACK_MAX_DELAY_MS 60000LL
#define SB_CALLBACK_LOG_KEEP     50

/* Signs fields (eventName included) with the platform key, RSA-SHA256,
 * and queues them for url, or for --webhook when url is NULL or empty.
 * Lock held. */
void sb_callback_queue(sb_ctx *sb, const char *url, pc_params *fields, long long now);

/* Makes every pending callback due now (lock held). Returns how many. */
int sb_callbacks_retry_now(sb_ctx *sb);

/* Starts the delivery thread; it stops when sb->stopping is set and the
 * ledger's wake condition is broadcast. */
int sb_callbacks_start(sb_ctx *sb, pthread_t *thread);

#endif
