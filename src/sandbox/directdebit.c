/* directdebit.c — J&T direct debit pay (10.x, jtdoc).
 *
 * A direct debit is a collection (collections[], product "directdebit")
 * that is PENDING when created and settles after --settle-ms like a
 * payout: COMPLETE, or FAILED with -10004 when payToken starts with
 * "FAIL" (test value). Extra fields: payToken, callbackUrl, customerName,
 * email, mobile, remark, settleMs, outcome. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callbacks.h"
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
	sb_set_int(col, "settleMs", c->now + c->sb->opt.settle_ms);
	sb_set_int(col, "outcome", strncmp(token, "FAIL", 4) == 0 ? -10004 : 0);
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
	bool ok = outcome == 0;
	pc_params cb;

	if (strcmp(sb_str0(col, "product"), "directdebit") != 0)
		return;
	sb_collection_finish(sb, col, ok, outcome, now);
	pc_params_init(&cb);
	pc_params_set_str(&cb, "eventName", ok ? "directdebit.payment.success"
	                                       : "directdebit.payment.failed");
	pc_params_set_str(&cb, "mchOrderId", sb_str0(col, "mchOrderId"));
	pc_params_set_str(&cb, "transactionId", sb_str0(col, "transactionId"));
	pc_params_set_int(&cb, "amount", sb_int(col, "amount"));
	pc_params_set_str(&cb, "transactionStatus", ok ? "COMPLETE" : "FAILED");
	sb_param_time(&cb, "createTime", sb_int(col, "createMs"));
	sb_param_time(&cb, "returnTime", now);
	pc_params_set_str(&cb, "channelCode", sb_str0(col, "channelCode"));
	if (sb_str(col, "remark"))
		pc_params_set_str(&cb, "remark", sb_str(col, "remark"));
	sb_param_failure(&cb, outcome);
	sb_callback_queue(sb, sb_str(col, "callbackUrl"), &cb, now);
	pc_params_free(&cb);
}
