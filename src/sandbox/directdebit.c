/* directdebit.c — J&T direct debit pay (10.x, jtdoc).
 *
 * A direct debit is a collection (collections[], product "directdebit")
 * that is PENDING when created and settles after --settle-ms like a
 * payout: COMPLETE, or FAILED with -10004 when payToken starts with
 * "FAIL" (test value). Extra fields: payToken, callbackUrl, customerName,
 * email, mobile, remark, settleMs, outcome. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

void sb_directdebit_pay(sb_call *c)
{
	static const char *const copied[] = { "appName", "payToken", "customerName", "email",
	                                      "mobile", "remark", "callbackUrl" };
	const char *order = pc_params_get(c->p, "mchOrderId");
	const char *token = pc_params_get(c->p, "payToken");
	long long amount = strtoll(pc_params_get(c->p, "amount"), NULL, 10);
	cJSON *col;

	if (sb_ledger_find2(&c->sb->ledger, "collections", "product", "directdebit", "mchOrderId",
	                    order)) {
		sb_refuse(c, 1012, NULL);
		return;
	}
	if (amount < 100) {
		sb_refuse(c, 1009, "directdebit.pay: field amount: %lld is below the minimum 100", amount);
		return;
	}
	col = sb_collection_new(c->sb, "directdebit", order, pc_params_get(c->p, "channelCode"),
	                        amount, c->now);
	if (!col) {
		sb_refuse(c, 1018, NULL);
		return;
	}
	for (size_t i = 0; i < sizeof(copied) / sizeof(copied[0]); i++) {
		const char *v = pc_params_get(c->p, copied[i]);

		sb_set_str(col, copied[i], v && *v ? v : NULL);
	}
	sb_set_pending(c, col, true, strncmp(token, "FAIL", 4) == 0 ? -10004 : 0);
	c->changed = true;
	c->data = cJSON_CreateObject();
	sb_json_str(c->data, "mchOrderId", order);
	sb_json_str(c->data, "transactionId", sb_str(col, "transactionId"));
	sb_json_str(c->data, "transactionStatus", "PENDING");
	sb_json_str(c->data, "channelType", "DIRECT_DEBIT");
	sb_json_str(c->data, "channelCode", sb_str(col, "channelCode"));
}

void sb_directdebit_settle(sb_ctx *sb, cJSON *col, long long now)
{
	int outcome = (int)sb_int(col, "outcome");

	if (strcmp(sb_str0(col, "product"), "directdebit") != 0)
		return;
	sb_collection_finish(sb, col, outcome == 0, outcome, now);
	sb_queue_payment_callback(sb, col, "directdebit", now);
}
