/* refund.c — refunds of collections (8.1-8.3).
 *
 * Ledger object (refunds[]): mchRefundOrderId, refundTransactionId,
 * originalTransactionId, refundAmount, feeRefunded, refundReason,
 * refundCallbackUrl, status (PENDING | COMPLETE | FAILED), createMs,
 * returnMs, settleMs (0 = never), outcome, failedCode. The original
 * collection keeps refundedAmount (every refund not FAILED).
 *
 * Money: refundAmount minus the share of the original fee given back
 * (feeRefunded) leaves the balance at creation and returns if the refund
 * FAILS. Which channel allows what is the sandbox's choice, since
 * PayCools' list is not public (doc/sandbox.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callbacks.h"
#include "clock.h"
#include "handlers.h"
#include "idgen.h"

typedef enum {
	REFUND_ANY = 0,      /* partial and repeated refunds */
	REFUND_ONCE,         /* one refund only: 1508 */
	REFUND_NO_PARTIAL,   /* only the whole amount: 1511 */
	REFUND_EXACT,        /* only a full refund equal to the original: 1512 */
	REFUND_NEVER_1507,   /* "original channel does not support refunds" */
	REFUND_NEVER_1510,   /* "original channel not support refund" */
} refund_policy;

static const struct {
	const char *channel;
	refund_policy policy;
} policies[] = {
	{ "QRPH_STATIC_QR", REFUND_ONCE },
	{ "BPIA_URL", REFUND_NO_PARTIAL },
	{ "UBPB_URL", REFUND_NO_PARTIAL },
	{ "MAYB_URL", REFUND_NO_PARTIAL },
	{ "MBTC_URL", REFUND_NO_PARTIAL },
	{ "RCBC_URL", REFUND_NO_PARTIAL },
	{ "VISA_CARD_URL", REFUND_EXACT },
	{ "MASTER_CARD_URL", REFUND_EXACT },
	{ "7ELEVEN_STATIC_VA", REFUND_NEVER_1507 },
	{ "7ELEVEN_VA", REFUND_NEVER_1507 },
	{ "MLH_STATIC_VA", REFUND_NEVER_1507 },
	{ "RDP_STATIC_VA", REFUND_NEVER_1507 },
	{ "CEBUANA_VA", REFUND_NEVER_1507 },
	{ "GCASH_STATIC_VA", REFUND_NEVER_1510 },
	{ "PAYMAYA_STATIC_VA", REFUND_NEVER_1510 },
	{ "INSTA_TRANSFER_ACC", REFUND_NEVER_1510 },
};

static refund_policy policy_of(const char *channel)
{
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
		if (strcmp(policies[i].channel, channel) == 0)
			return policies[i].policy;
	return REFUND_ANY;
}

/* Refund amounts ending in 99 centavos fail, in 98 never settle. */
#define OUTCOME_NEVER 1

static int planned_outcome(long long amount)
{
	if (amount % 100 == 99)
		return -10009; /* Channel Refund Failed */
	if (amount % 100 == 98)
		return OUTCOME_NEVER;
	return 0;
}

/* Refunds of the original: pending ones, and any not FAILED. */
static void count_refunds(sb_ctx *sb, const char *original, int *pending, int *live)
{
	cJSON *r;

	*pending = *live = 0;
	cJSON_ArrayForEach(r, sb_ledger_list(&sb->ledger, "refunds")) {
		const char *status = sb_str0(r, "status");

		if (strcmp(sb_str0(r, "originalTransactionId"), original) != 0)
			continue;
		if (strcmp(status, "PENDING") == 0)
			(*pending)++;
		if (strcmp(status, "FAILED") != 0)
			(*live)++;
	}
}

/* 1501, 1505, 1516, 1509: the original collection, or NULL. */
static cJSON *refundable_original(sb_call *c, const char *id)
{
	cJSON *col = sb_ledger_find(&c->sb->ledger, "collections", "transactionId", id);

	if (!col) {
		if (sb_ledger_find(&c->sb->ledger, "payouts", "transactionId", id)
		    || sb_ledger_find(&c->sb->ledger, "refunds", "refundTransactionId", id))
			sb_refuse(c, 1505, "refund not allowed: %s is not a collection", id);
		else
			sb_refuse(c, 1501, NULL);
		return NULL;
	}
	if (strcmp(sb_str0(col, "status"), "COMPLETE") != 0) {
		sb_refuse(c, 1516, NULL);
		return NULL;
	}
	if (c->now - sb_int(col, "createMs") > SB_REFUND_MAX_AGE_DAYS * SB_DAY_MS) {
		sb_refuse(c, 1509, NULL);
		return NULL;
	}
	return col;
}

/* The channel's rules and the amounts: 1507/1510, 1502, 1508, 1511,
 * 1512, 1506. */
static bool channel_allows(sb_call *c, const cJSON *col, long long amount)
{
	refund_policy policy = policy_of(sb_str0(col, "channelCode"));
	long long original = sb_int(col, "amount");
	int pending, live;

	count_refunds(c->sb, sb_str0(col, "transactionId"), &pending, &live);
	if (policy == REFUND_NEVER_1507 || policy == REFUND_NEVER_1510)
		sb_refuse(c, policy == REFUND_NEVER_1507 ? 1507 : 1510, NULL);
	else if (pending > 0)
		sb_refuse(c, 1502, NULL);
	else if (policy == REFUND_ONCE && live > 0)
		sb_refuse(c, 1508, NULL);
	else if (policy == REFUND_NO_PARTIAL && amount < original)
		sb_refuse(c, 1511, NULL);
	else if (policy == REFUND_EXACT && amount != original)
		sb_refuse(c, 1512, NULL);
	else if (amount > original - sb_int(col, "refundedAmount"))
		sb_refuse(c, 1506, NULL);
	return c->code == 1000;
}

void sb_refund_create(sb_call *c)
{
	const char *order = pc_params_get(c->p, "mchRefundOrderId");
	const char *reason = pc_params_get(c->p, "refundReason");
	long long amount = strtoll(pc_params_get(c->p, "refundAmount"), NULL, 10);
	long long fee_back;
	char id[SB_ID_SIZE];
	int outcome;
	cJSON *col, *r;

	if (sb_ledger_find(&c->sb->ledger, "refunds", "mchRefundOrderId", order)) {
		sb_refuse(c, 1515, NULL);
		return;
	}
	if (amount <= 0) {
		sb_refuse(c, 1513, NULL);
		return;
	}
	col = refundable_original(c, pc_params_get(c->p, "originalTransactionId"));
	if (!col || !channel_allows(c, col, amount))
		return;
	fee_back = sb_int(col, "fee") * amount / sb_int(col, "amount");
	if (amount - fee_back > sb_ledger_balance(&c->sb->ledger)) {
		sb_refuse(c, 1006, NULL);
		return;
	}
	r = sb_ledger_add(&c->sb->ledger, "refunds");
	if (!r) {
		sb_refuse(c, 1503, NULL);
		return;
	}
	outcome = planned_outcome(amount);
	sb_id_refund(id, c->now, sb_ledger_next_seq(&c->sb->ledger));
	sb_set_str(r, "mchRefundOrderId", order);
	sb_set_str(r, "refundTransactionId", id);
	sb_set_str(r, "originalTransactionId", sb_str(col, "transactionId"));
	sb_set_int(r, "refundAmount", amount);
	sb_set_int(r, "feeRefunded", fee_back);
	sb_set_str(r, "refundReason", reason && *reason ? reason : NULL);
	sb_set_str(r, "refundCallbackUrl", pc_params_get(c->p, "refundCallbackUrl"));
	sb_set_pending(c, r, outcome != OUTCOME_NEVER, outcome);
	sb_set_int(col, "refundedAmount", sb_int(col, "refundedAmount") + amount);
	sb_ledger_adjust_balance(&c->sb->ledger, -(amount - fee_back));
	c->changed = true;

	c->data = cJSON_CreateObject();
	sb_json_str(c->data, "mchRefundOrderId", order);
	sb_json_str(c->data, "refundTransactionId", id);
	sb_json_int(c->data, "refundAmount", amount);
	sb_json_time(c->data, "refundCreateTime", c->now);
	sb_json_str(c->data, "refundStatus", "PENDING");
}

static cJSON *refund_answer(const cJSON *r)
{
	cJSON *o = cJSON_CreateObject();
	long long failed = sb_int(r, "failedCode");

	sb_json_str(o, "mchRefundOrderId", sb_str(r, "mchRefundOrderId"));
	sb_json_str(o, "originalTransactionId", sb_str(r, "originalTransactionId"));
	sb_json_str(o, "refundTransactionId", sb_str(r, "refundTransactionId"));
	sb_json_int(o, "refundAmount", sb_int(r, "refundAmount"));
	sb_json_int(o, "feeRefunded", sb_int(r, "feeRefunded"));
	sb_json_str(o, "refundStatus", sb_str(r, "status"));
	sb_json_time(o, "refundCreateTime", sb_int(r, "createMs"));
	sb_json_time(o, "refundReturnTime", sb_int(r, "returnMs"));
	sb_json_str(o, "refundReason", sb_str(r, "refundReason"));
	if (failed) {
		sb_json_int(o, "failedCode", failed);
		sb_json_str(o, "failedMessage", "Channel Refund Failed");
	} else {
		cJSON_AddNullToObject(o, "failedCode");
		cJSON_AddNullToObject(o, "failedMessage");
	}
	return o;
}

void sb_refund_show(sb_call *c)
{
	const char *original = pc_params_get(c->p, "originalTransactionId");
	const char *refund = pc_params_get(c->p, "refundTransactionId");
	bool known = false;
	cJSON *r;

	if (original && *original
	    && sb_ledger_find(&c->sb->ledger, "collections", "transactionId", original))
		known = true;
	c->data = cJSON_CreateArray();
	cJSON_ArrayForEach(r, sb_ledger_list(&c->sb->ledger, "refunds")) {
		if (original && *original && strcmp(sb_str0(r, "originalTransactionId"), original) != 0)
			continue;
		if (refund && *refund && strcmp(sb_str0(r, "refundTransactionId"), refund) != 0)
			continue;
		cJSON_AddItemToArray(c->data, refund_answer(r));
		known = true;
	}
	if (!known) {
		cJSON_Delete(c->data);
		c->data = NULL;
		sb_refuse(c, 1008, NULL);
	}
}

void sb_refund_settle(sb_ctx *sb, cJSON *r, long long now)
{
	int outcome = (int)sb_int(r, "outcome");
	bool ok = outcome == 0;
	long long amount = sb_int(r, "refundAmount");
	cJSON *col = sb_ledger_find(&sb->ledger, "collections", "transactionId",
	                            sb_str(r, "originalTransactionId"));
	pc_params cb;

	sb_set_str(r, "status", ok ? "COMPLETE" : "FAILED");
	sb_set_int(r, "returnMs", now);
	if (!ok) {
		sb_set_int(r, "failedCode", outcome);
		sb_ledger_adjust_balance(&sb->ledger, amount - sb_int(r, "feeRefunded"));
		if (col)
			sb_set_int(col, "refundedAmount", sb_int(col, "refundedAmount") - amount);
	}

	pc_params_init(&cb);
	pc_params_set_str(&cb, "eventName", ok ? "payment.refund.success" : "payment.refund.failed");
	pc_params_set_str(&cb, "mchRefundOrderId", sb_str0(r, "mchRefundOrderId"));
	pc_params_set_str(&cb, "refundTransactionId", sb_str0(r, "refundTransactionId"));
	pc_params_set_str(&cb, "originalTransactionId", sb_str0(r, "originalTransactionId"));
	pc_params_set_int(&cb, "refundAmount", amount);
	pc_params_set_int(&cb, "feeRefunded", sb_int(r, "feeRefunded"));
	pc_params_set_str(&cb, "refundStatus", ok ? "COMPLETE" : "FAILED");
	sb_param_time(&cb, "refundCreateTime", sb_int(r, "createMs"));
	sb_param_time(&cb, "refundReturnTime", now);
	if (sb_str(r, "refundReason"))
		pc_params_set_str(&cb, "refundReason", sb_str(r, "refundReason"));
	sb_param_failure(&cb, outcome);
	sb_callback_queue(sb, sb_str(r, "refundCallbackUrl"), &cb, now);
	pc_params_free(&cb);
}
