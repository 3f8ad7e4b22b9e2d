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
/* The payments list of QR codes, VAs and bank transfer accounts:
 * PAYMENTS_RESPONSE elements of product and mchOrderId created between
 * start_date and end_date (Philippine dates, inclusive); channels is a
 * comma list or NULL. */
cJSON *sb_payments_list(sb_ctx *sb, const char *product, const char *mch_order_id,
                        const char *start_date, const char *end_date, const char *channels);
/* The web payment / checkout callback: eventName "<prefix>.payment.success"
 * or ".failed" with the collection's fields (web.c). */
void sb_queue_payment_callback(sb_ctx *sb, const cJSON *col, const char *prefix, long long now);
/* Adds failedCode/failedMessage to a callback when code != 0. */
void sb_param_failure(pc_params *p, int failed_code);
/* A short link on the sandbox itself: <base>/_sandbox/link/<code>. */
char *sb_link(sb_ctx *sb, char *code_out);

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
