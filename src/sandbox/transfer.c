/* transfer.c — bank transfer accounts (6.1-6.4).
 *
 * Ledger object (transferAccounts[]), one per mchOrderId and channel:
 * mchOrderId, channelCode, accountNumber, receivingBank, accountName,
 * guideUrl, linkCode, status (ACTIVE | INACTIVE), appName, customerName,
 * email, mobile, minAmount, maxAmount (0 = none), expireTime, description,
 * createMs, updateMs, shortLink, shortCode.
 *
 * Bank transfers send success callbacks only, to --webhook (the accounts
 * have no callbackUrl). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callbacks.h"
#include "handlers.h"
#include "idgen.h"

#define RECEIVING_BANK "AllBank"
#define ACCOUNT_NAME   "PayCools"

/* The table allows INSTA_TRANSFER_ACC only; the list may still repeat it. */
static bool list_ok(sb_call *c, const char *list)
{
	if (sb_times_listed(list, "INSTA_TRANSFER_ACC") > 1) {
		sb_refuse(c, 1009, "%s: field channelCode: INSTA_TRANSFER_ACC is listed twice", c->ep->id);
		return false;
	}
	return true;
}

static cJSON *new_account(sb_call *c, const char *order)
{
	cJSON *acc = sb_ledger_add(&c->sb->ledger, "transferAccounts");
	char number[SB_ID_SIZE], code[16];
	char *guide;

	if (!acc)
		return NULL;
	sb_id_bank_account(number, sb_ledger_next_seq(&c->sb->ledger));
	guide = sb_link(c->sb, code);
	sb_set_str(acc, "mchOrderId", order);
	sb_set_str(acc, "channelCode", "INSTA_TRANSFER_ACC");
	sb_set_str(acc, "accountNumber", number);
	sb_set_str(acc, "receivingBank", RECEIVING_BANK);
	sb_set_str(acc, "accountName", ACCOUNT_NAME);
	sb_set_str(acc, "guideUrl", guide);
	sb_set_str(acc, "linkCode", code);
	sb_set_str(acc, "status", "ACTIVE");
	sb_copy_customer(acc, c->p, NULL);
	sb_set_int(acc, "createMs", c->now);
	sb_set_int(acc, "updateMs", c->now);
	free(guide);
	return acc;
}

static cJSON *account_answer(const cJSON *acc)
{
	cJSON *one = cJSON_CreateObject();

	sb_json_str(one, "mchOrderId", sb_str(acc, "mchOrderId"));
	sb_json_str(one, "channelCode", sb_str(acc, "channelCode"));
	sb_json_str(one, "guideUrl", sb_str(acc, "guideUrl"));
	sb_json_str(one, "receivingBank", sb_str(acc, "receivingBank"));
	sb_json_str(one, "accountName", sb_str(acc, "accountName"));
	sb_json_str(one, "accountNumber", sb_str(acc, "accountNumber"));
	return one;
}

static cJSON *accounts_answer(sb_call *c, const char *order)
{
	return sb_accounts_answer(c, "transferAccounts", order, "paymentAccountList", account_answer);
}

void sb_transfer_create(sb_call *c)
{
	const char *order = pc_params_get(c->p, "mchOrderId");

	if (!list_ok(c, pc_params_get(c->p, "channelCode")))
		return;
	if (sb_ledger_find(&c->sb->ledger, "transferAccounts", "mchOrderId", order)) {
		sb_refuse(c, 1019, NULL);
		return;
	}
	if (!sb_amounts_ok(c))
		return;
	if (!new_account(c, order)) {
		sb_refuse(c, 1018, NULL);
		return;
	}
	c->changed = true;
	c->data = accounts_answer(c, order);
}

void sb_transfer_update(sb_call *c)
{
	const char *order = pc_params_get(c->p, "mchOrderId");
	const char *list = pc_params_get(c->p, "channelCode");

	if (!sb_find_or_refuse(c, "transferAccounts", "mchOrderId") || !list_ok(c, list))
		return;
	sb_activate_listed(c, "transferAccounts", order, list);
	c->changed = true;
	c->data = accounts_answer(c, order);
}

void sb_transfer_payments(sb_call *c)
{
	if (sb_find_or_refuse(c, "transferAccounts", "mchOrderId"))
		sb_answer_payments(c, "transfer", pc_params_get(c->p, "channelCode"));
}

/* ---- a payer sends money to the account ---- */

static bool account_accepts(sb_action *a, const cJSON *acc, long long amount)
{
	if (strcmp(sb_str0(acc, "status"), "ACTIVE") != 0)
		sb_action_fail(a, 409, "this bank transfer account is %s: it takes no payment",
		               sb_str0(acc, "status"));
	else
		sb_amount_fits(a, acc, amount);
	return a->status == 200;
}

void sb_transfer_pay(sb_action *a)
{
	const char *order = sb_action_str(a, "mchOrderId", true);
	const char *channel = sb_action_str(a, "channelCode", false);
	long long amount = 0;
	cJSON *acc, *col;
	pc_params cb;

	sb_action_int(a, "amount", true, &amount);
	if (cJSON_GetObjectItemCaseSensitive(a->req, "failedCode"))
		sb_action_fail(a, 400, "bank transfers only succeed (PayCools sends no failure callback)");
	if (a->status != 200)
		return;
	acc = sb_ledger_find2(&a->sb->ledger, "transferAccounts", "mchOrderId", order, "channelCode",
	                      channel ? channel : "INSTA_TRANSFER_ACC");
	if (!acc) {
		sb_action_fail(a, 404, "no bank transfer account for mchOrderId '%s'", order);
		return;
	}
	if (!account_accepts(a, acc, amount))
		return;
	col = sb_account_payment(a, "transfer", acc, "paymentAccount", sb_str(acc, "accountNumber"),
	                         amount);
	if (!col)
		return;
	sb_callback_begin(&cb, col, "transfer");
	pc_params_set_str(&cb, "paymentAccount", sb_str0(acc, "accountNumber"));
	sb_callback_outcome(&cb, col);
	sb_callback_queue(a->sb, NULL, &cb, a->now);
	pc_params_free(&cb);
}
