/* payout.c — disbursements (3.1-3.3).
 *
 * Ledger object (payouts[]): mchOrderId, idempotencyId, transactionId,
 * appName, amount, fee, accountNo, accountName, payMethodCode, bankCode,
 * ewalletCode, remark, email, status, createMs, returnMs, settleMs
 * (0 = never settles), outcome (the failedCode it will settle with, 0 =
 * COMPLETE), failedCode.
 *
 * Money: amount + fee leave the balance at creation and come back when
 * the payout FAILS. The outcome is fixed at creation by the last four
 * digits of accountNo (test values, doc/sandbox.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callbacks.h"
#include "codes.h"
#include "handlers.h"
#include "idgen.h"

#define NEVER_SETTLES 1 /* an outcome that is not a failedCode */

/* accountNo endings that do not COMPLETE. */
static const struct {
	const char *suffix;
	int outcome;
} test_accounts[] = {
	{ "0000", -10005 }, /* Transaction Destination Account Error */
	{ "0001", -10004 }, /* Transaction Channel Rejected */
	{ "0002", -10006 }, /* Transaction Network Reject */
	{ "0003", NEVER_SETTLES },
	{ "0004", -10000 }, /* Transaction Service Error */
	{ "0005", -10001 }, /* Transaction Exceed Limit */
	{ "0007", -10007 },
};

static int planned_outcome(const char *account)
{
	size_t n = strlen(account);

	for (size_t i = 0; n >= 4 && i < sizeof(test_accounts) / sizeof(test_accounts[0]); i++)
		if (strcmp(account + n - 4, test_accounts[i].suffix) == 0)
			return test_accounts[i].outcome;
	return 0;
}

static bool is_mobile(const char *s)
{
	return strlen(s) == 11 && s[0] == '0' && s[1] == '9' && strspn(s, "0123456789") == 11;
}

/* Rules after the table's checks, in the order PayCools is assumed to
 * apply them (doc/sandbox.md). */
static bool payout_allowed(sb_call *c, long long amount)
{
	sb_ledger *l = &c->sb->ledger;
	const char *method = pc_params_get(c->p, "payMethodCode");
	const char *account = pc_params_get(c->p, "accountNo");
	const char *bank = pc_params_get(c->p, "bankCode");
	const char *wallet = pc_params_get(c->p, "ewalletCode");

	if (sb_ledger_find(l, "payouts", "idempotencyId", pc_params_get(c->p, "idempotencyId"))) {
		sb_refuse(c, 1014, NULL);
		return false;
	}
	if (sb_ledger_find(l, "payouts", "mchOrderId", pc_params_get(c->p, "mchOrderId"))) {
		sb_refuse(c, 1012, NULL);
		return false;
	}
	if (strcmp(method, "EWALLET") == 0 && !is_mobile(account)) {
		sb_refuse(c, 1009, "payout.create: field accountNo: an EWALLET account must be a mobile "
		          "number 09xxxxxxxxx");
		return false;
	}
	if (strcmp(method, "BANK") == 0 && bank && strncmp(bank, "INVALID", 7) == 0) {
		sb_refuse(c, 1010, NULL);
		return false;
	}
	if (strcmp(method, "EWALLET") == 0 && wallet && strncmp(wallet, "INVALID", 7) == 0) {
		sb_refuse(c, 1016, NULL);
		return false;
	}
	if (amount > SB_PAYOUT_LIMIT) {
		sb_refuse(c, 1007, NULL);
		return false;
	}
	if (amount + SB_PAYOUT_FEE > sb_ledger_balance(l)) {
		sb_refuse(c, 1006, NULL);
		return false;
	}
	return true;
}

static void copy_field(cJSON *o, const pc_params *p, const char *key)
{
	const char *v = pc_params_get(p, key);

	if (v && *v)
		sb_set_str(o, key, v);
	else
		sb_set_null(o, key);
}

void sb_payout_create(sb_call *c)
{
	static const char *const copied[] = {
		"mchOrderId", "idempotencyId", "appName", "accountNo", "accountName",
		"payMethodCode", "bankCode", "ewalletCode", "remark", "email",
	};
	long long amount = strtoll(pc_params_get(c->p, "amount"), NULL, 10);
	char id[SB_ID_SIZE];
	int outcome;
	cJSON *po;

	if (!payout_allowed(c, amount))
		return;
	po = sb_ledger_add(&c->sb->ledger, "payouts");
	if (!po) {
		sb_refuse(c, 1018, NULL);
		return;
	}
	for (size_t i = 0; i < sizeof(copied) / sizeof(copied[0]); i++)
		copy_field(po, c->p, copied[i]);
	outcome = planned_outcome(pc_params_get(c->p, "accountNo"));
	sb_id_timed(id, "D", c->now, sb_ledger_next_seq(&c->sb->ledger));
	sb_set_str(po, "transactionId", id);
	sb_set_int(po, "amount", amount);
	sb_set_int(po, "fee", SB_PAYOUT_FEE);
	sb_set_pending(c, po, outcome != NEVER_SETTLES, outcome);
	sb_ledger_adjust_balance(&c->sb->ledger, -(amount + SB_PAYOUT_FEE));
	c->changed = true;

	c->data = cJSON_CreateObject();
	sb_json_str(c->data, "mchOrderId", sb_str(po, "mchOrderId"));
	sb_json_str(c->data, "transactionId", id);
	sb_json_str(c->data, "transactionStatus", "PENDING");
	sb_json_time(c->data, "transactionTime", c->now);
}

static const char *failed_message(long long code)
{
	const pc_code_info *info = code ? pc_failed_code((int)code) : NULL;

	return info ? info->message : NULL;
}

void sb_payout_status(sb_call *c)
{
	cJSON *po = sb_find_or_refuse(c, "payouts", "mchOrderId");
	long long failed;

	if (!po)
		return;
	failed = sb_int(po, "failedCode");
	c->data = cJSON_CreateObject();
	sb_json_str(c->data, "mchOrderId", sb_str(po, "mchOrderId"));
	sb_json_str(c->data, "transactionId", sb_str(po, "transactionId"));
	sb_json_int(c->data, "amount", sb_int(po, "amount"));
	sb_json_str(c->data, "transactionStatus", sb_str(po, "status"));
	sb_json_time(c->data, "createTime", sb_int(po, "createMs"));
	sb_json_time(c->data, "returnTime", sb_int(po, "returnMs"));
	sb_json_str(c->data, "remark", sb_str(po, "remark"));
	if (failed)
		sb_json_int(c->data, "failedCode", failed);
	else
		cJSON_AddNullToObject(c->data, "failedCode");
	sb_json_str(c->data, "failedMessage", failed_message(failed));
}

void sb_payout_settle(sb_ctx *sb, cJSON *po, long long now)
{
	int outcome = (int)sb_int(po, "outcome");
	bool ok = outcome == 0;
	pc_params cb;

	sb_set_str(po, "status", ok ? "COMPLETE" : "FAILED");
	sb_set_int(po, "returnMs", now);
	if (ok) {
		sb_set_null(po, "failedCode");
	} else {
		sb_set_int(po, "failedCode", outcome);
		sb_ledger_adjust_balance(&sb->ledger, sb_int(po, "amount") + sb_int(po, "fee"));
	}

	pc_params_init(&cb);
	pc_params_set_str(&cb, "eventName", ok ? "disbursement.success" : "disbursement.failed");
	pc_params_set_str(&cb, "mchOrderId", sb_str0(po, "mchOrderId"));
	pc_params_set_str(&cb, "transactionId", sb_str0(po, "transactionId"));
	pc_params_set_int(&cb, "amount", sb_int(po, "amount"));
	pc_params_set_str(&cb, "transactionStatus", ok ? "COMPLETE" : "FAILED");
	sb_param_time(&cb, "createTime", sb_int(po, "createMs"));
	sb_param_time(&cb, "returnTime", now);
	sb_param_failure(&cb, outcome);
	if (sb_str(po, "remark"))
		pc_params_set_str(&cb, "remark", sb_str(po, "remark"));
	/* Payouts carry no callbackUrl: the merchant's configured URL. */
	sb_callback_queue(sb, NULL, &cb, now);
	pc_params_free(&cb);
}
