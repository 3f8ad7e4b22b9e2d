/* ids.h — identifiers paycon makes up. */
#ifndef PAYCON_IDS_H
#define PAYCON_IDS_H

#include <stddef.h>

/* The idempotencyId of a payout, derived from the app and order id so that
 * every retry of the same order sends the same one: "I" followed by the
 * first 24 hex digits of SHA-256("paycon-idempotency:" app ":" order).
 * 25 characters, letters and digits (the API allows 10-30). */
int pc_idempotency_id(const char *app_id, const char *order_id, char *buf, size_t size);

/* A fresh order id for forms: prefix + UTC yyyymmddHHMMSS + 6 random
 * digits, letters and digits only (prefix must be too), at most 32. */
int pc_new_order_id(const char *prefix, char *buf, size_t size);

#endif
