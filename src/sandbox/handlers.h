/* handlers.h — the business rules of each product, one file each.
 *
 * server.c authenticates and validates a request against the endpoint
 * table, takes the ledger lock and calls the endpoint's handler with an
 * sb_call; the handler applies the product's rules and fills in the
 * answer. control.c calls the customer actions (a payer paying a QR code,
 * ...) the same way with an sb_action. The settlement thread calls the
 * *_settle functions. Every function here runs with the ledger lock held. */
#ifndef PAYCON_SB_HANDLERS_H
#define PAYCON_SB_HANDLERS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "endpoints.h"
#include "params.h"
#include "sandbox.h"

/* ---- rules where the PayCools docs give no number (doc/sandbox.md) ---- */
#define SB_PAYOUT_FEE            1000LL      /* ₱10.00 per payout */
#define SB_PAYOUT_LIMIT          100000000LL /* ₱1,000,000.00 per payout; more → 1007 */
#define SB_COLLECTION_FEE_PCT    1           /* 1% of each collection, rounded down */
#define SB_REFUND_MAX_AGE_DAYS   60
#define SB_STATEMENT_PAGE_SIZE   20
#define SB_STATEMENT_WINDOW_MS   (2LL * 60 * 1000)
#define SB_WEB_LINK_MS           (3600LL * 1000)      /* web payment link: 1 hour */
#define SB_CHECKOUT_DEFAULT_MS   (24LL * 3600 * 1000) /* checkout: 1 day */
#define SB_QR_DEFAULT_EXPIRE_S   3600

/* One API request being answered. */
typedef struct {
	sb_ctx *sb;
	const pc_endpoint *ep;
	const pc_params *p;       /* the validated fields (checkout: from `param`),
	                           * with the values of path placeholders */
	const pc_params *outer;   /* top-level parameters as received */
	long long now;            /* ms */
	int code;                 /* 1000 unless a rule refuses */
	char message[1024];       /* "" = the code's own message */
	cJSON *data;              /* NULL answers "data":null */
	bool changed;             /* the ledger changed: commit it */
} sb_call;

typedef void (*sb_handler)(sb_call *c);

/* Refuses with code; fmt NULL uses the code's own message. */
void sb_refuse(sb_call *c, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* One customer action through /_sandbox/ (control.c). */
typedef struct {
	sb_ctx *sb;
	const cJSON *req;         /* the JSON body */
	long long now;
	int status;               /* HTTP status, 200 unless refused */
	char error[512];
	cJSON *out;               /* answer object (made by control.c) */
	bool changed;
} sb_action;

void sb_action_fail(sb_action *a, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Body members; on a missing/mistyped member these fail the action. */
const char *sb_action_str(sb_action *a, const char *key, bool required);
bool sb_action_int(sb_action *a, const char *key, bool required, long long *out);

/* ---- answers ---- */
void sb_json_str(cJSON *o, const char *key, const char *value); /* NULL → null */
void sb_json_int(cJSON *o, const char *key, long long value);
void sb_json_time(cJSON *o, const char *key, long long ms);     /* 0 → null */
void sb_json_pesos(cJSON *o, const char *key, long long centavos); /* Double pesos */
/* Callback fields. */
void sb_param_time(pc_params *p, const char *key, long long ms);

/* ---- collections (collect.c) ---- */
/* New PENDING collection of product ("qr", "va", "transfer", "web",
 * "checkout", "directdebit") with a fresh C… transactionId. */
cJSON *sb_collection_new(sb_ctx *sb, const char *product, const char *mch_order_id,
                         const char *channel, long long amount, long long now);
/* COMPLETE (credits amount minus fee) or FAILED with failed_code. */
void sb_collection_finish(sb_ctx *sb, cJSON *col, bool ok, int failed_code, long long now);
/* The outcome a customer action asks for: *failed 0 = success, else the
 * body's "failedCode" (a known one), or -10004 when !ok and none is given.
 * False (action failed with 400) on an unknown failedCode. */
bool sb_action_failure(sb_action *a, bool ok, int *failed);
/* The payments list handler of QR codes, VAs and bank transfer accounts
 * (the owner already found): PAYMENTS_RESPONSE elements of product and
 * the request's mchOrderId created between its startDate and endDate
 * (Philippine dates, inclusive; 1009 when startDate is after endDate);
 * channels is a comma list or NULL. */
void sb_answer_payments(sb_call *c, const char *product, const char *channels);
/* A payment callback of a finished collection: sb_callback_begin inits cb
 * with eventName "<prefix>.payment.success" (or ".failed"), mchOrderId,
 * transactionId, amount, transactionStatus, createTime, returnTime and
 * channelCode; sb_callback_outcome adds remark (when set) and the failure.
 * sb_queue_payment_callback does both and queues cb for the collection's
 * callbackUrl (web payments, checkouts, direct debits). */
void sb_callback_begin(pc_params *cb, const cJSON *col, const char *prefix);
void sb_callback_outcome(pc_params *cb, const cJSON *col);
void sb_queue_payment_callback(sb_ctx *sb, const cJSON *col, const char *prefix, long long now);
/* Adds failedCode/failedMessage to a callback when code != 0. */
void sb_param_failure(pc_params *p, int failed_code);
/* A short link on the sandbox itself: <base>/_sandbox/link/<code>. */
char *sb_link(sb_ctx *sb, char *code_out);

/* ---- what several handlers share (collect.c) ---- */
/* How many times code stands in the comma list (NULL: none). */
int sb_times_listed(const char *list, const char *code);
/* The object of list whose key is the request's field of that name;
 * NULL, refused with 1008, when there is none. */
cJSON *sb_find_or_refuse(sb_call *c, const char *list, const char *key);
/* minAmount not above maxAmount when both are given, else refuses 1009. */
bool sb_amounts_ok(sb_call *c);
/* A new payout, refund or direct debit is PENDING (createMs now) until
 * the settlement timer gives it outcome (0 success, else a failedCode)
 * after --settle-ms; it never settles (settleMs 0, a test value) when
 * !settles. Fields already there keep their place. */
void sb_set_pending(sb_call *c, cJSON *o, bool settles, int outcome);

/* ---- static VAs and bank transfer accounts (collect.c): one ledger
 * object per mchOrderId and channel ---- */
/* Customer fields and amount limits from the request p, or (p NULL) from
 * a sibling object of the same order. */
void sb_copy_customer(cJSON *to, const pc_params *p, const cJSON *from);
/* The order's objects of list whose channelCode is in the comma list
 * codes turn ACTIVE, the others INACTIVE. */
void sb_activate_listed(sb_call *c, const char *list, const char *order, const char *codes);
/* {shortLink, <answer_key>: [answer_one of each ACTIVE object]} for the
 * order; its objects share one short link, made on first need. */
cJSON *sb_accounts_answer(sb_call *c, const char *list, const char *order, const char *answer_key,
                          cJSON *(*answer_one)(const cJSON *acc));
/* A payment of amount fits the account: at least 100 centavos, within its
 * minAmount and maxAmount (0 = no limit); else the action fails. */
bool sb_amount_fits(sb_action *a, const cJSON *acc, long long amount);
/* The payment into the account as a COMPLETE collection of product that
 * also holds ref_key = ref and the account's customer; answers the action
 * with transactionId, transactionStatus, ref_key and amount. NULL (the
 * action failed) on OOM. */
cJSON *sb_account_payment(sb_action *a, const char *product, const cJSON *acc, const char *ref_key,
                          const char *ref, long long amount);

/* ---- endpoint handlers, by endpoint id ---- */
void sb_account_balance(sb_call *c);          /* account.balance */
void sb_statement_payments(sb_call *c);       /* statement.payments */
void sb_statement_payouts(sb_call *c);        /* statement.payouts */
void sb_payout_create(sb_call *c);            /* payout.create */
void sb_payout_status(sb_call *c);            /* payout.status */
void sb_va_create(sb_call *c);                /* va.create */
void sb_va_batch_create(sb_call *c);          /* va.batch_create */
void sb_va_update(sb_call *c);                /* va.update */
void sb_va_payments(sb_call *c);              /* va.payments */
void sb_va_cancel(sb_call *c);                /* va.cancel */
void sb_va_aggregate_create(sb_call *c);      /* va.aggregate_create */
void sb_va_aggregate_detail(sb_call *c);      /* va.aggregate_detail */
void sb_qr_create(sb_call *c);                /* qr.create */
void sb_qr_show(sb_call *c);                  /* qr.show */
void sb_qr_payments(sb_call *c);              /* qr.payments */
void sb_qr_cancel(sb_call *c);                /* qr.cancel */
void sb_qr_update(sb_call *c);                /* qr.update */
void sb_qr_merge_create(sb_call *c);          /* qr.merge_create */
void sb_qr_v2_detail(sb_call *c);             /* qr.v2_detail */
void sb_transfer_create(sb_call *c);          /* transfer.create */
void sb_transfer_update(sb_call *c);          /* transfer.update */
void sb_transfer_payments(sb_call *c);        /* transfer.payments */
void sb_web_create(sb_call *c);               /* web.create */
void sb_web_status(sb_call *c);               /* web.status */
void sb_refund_create(sb_call *c);            /* refund.create */
void sb_refund_show(sb_call *c);              /* refund.show */
void sb_checkout_create(sb_call *c);          /* checkout.create */
void sb_checkout_status(sb_call *c);          /* checkout.status */
void sb_directdebit_pay(sb_call *c);          /* directdebit.pay */

/* ---- customer actions (POST /_sandbox/...) ---- */
void sb_qr_pay(sb_action *a);                 /* qr/pay */
void sb_va_pay(sb_action *a);                 /* va/pay */
void sb_transfer_pay(sb_action *a);           /* transfer/pay */
void sb_web_finish(sb_action *a, bool ok);    /* web/complete, web/fail */
void sb_checkout_finish(sb_action *a, bool ok); /* checkout/complete, checkout/fail */

/* ---- settlement (settle.c calls these for due objects) ---- */
void sb_payout_settle(sb_ctx *sb, cJSON *payout, long long now);
void sb_refund_settle(sb_ctx *sb, cJSON *refund, long long now);
void sb_directdebit_settle(sb_ctx *sb, cJSON *col, long long now);

#endif
