/* callback.h — one PayCools callback, read and judged.
 *
 * A body from the spool is parsed strictly, verified with the platform key,
 * and its common facts are picked out whatever its kind: payouts say
 * mchOrderId/transactionId/amount/transactionStatus, refunds
 * mchRefundOrderId/refundTransactionId/refundAmount/refundStatus. */
#ifndef PAYCON_CALLBACK_H
#define PAYCON_CALLBACK_H

#include <stdbool.h>
#include <stddef.h>

#include "keys.h"
#include "params.h"
#include "signature.h"

typedef struct {
	pc_verdict verdict;
	char reason[512];        /* why not valid; "" when valid */
	pc_params fields;        /* the parsed body (empty when malformed) */
	char *canonical;         /* NULL when malformed */
	const char *kind;        /* "payout", "qr", "va", "transfer", "web", "checkout",
	                          * "refund", "directdebit", "cpm", "verification", "unknown" */
	const char *event;       /* eventName, or NULL; these point into fields */
	const char *order;       /* mchOrderId / mchRefundOrderId / aggregateOrderId */
	const char *transaction; /* transactionId / refundTransactionId */
	const char *status;      /* transactionStatus / refundStatus */
	const char *original;    /* originalTransactionId of a refund */
	long long amount;        /* centavos, when has_amount */
	bool has_amount;
} pc_callback;

/* Judges body (len bytes). platform may be NULL (no key configured): the
 * verdict is then invalid with a reason that says so. Never fails: every
 * input gets a verdict. */
void pc_callback_judge(pc_callback *cb, const char *body, size_t len,
                       const pc_key *platform, pc_hash hash, const char *key_problem);
void pc_callback_free(pc_callback *cb);

/* The kind of object an eventName belongs to ("unknown" when not documented). */
const char *pc_callback_kind(const char *event);

#endif
