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

static int times_listed(const char *list, const char *code)
{
	size_t n = strlen(code);
	int seen = 0;

	for (const char *s = list; s && *s;) {
		size_t len = strcspn(s, ",");

		if (len == n && strncmp(s, code, n) == 0)
			seen++;
		s += len;
		if (*s == ',')
			s++;
	}
	return seen;
}

/* The table allows INSTA_TRANSFER_ACC only; the list may still repeat it. */
static bool list_ok(sb_call *c, const char *list)
{
	if (times_listed(list, "INSTA_TRANSFER_ACC") > 1) {
		sb_refuse(c, 1009, "%s: field channelCode: INSTA_TRANSFER_ACC is listed twice", c->ep->id);
		return false;
	}
	return true;
}

static cJSON *new_account(sb_call *c, const char *order, const cJSON *sibling)
{
	static const char *const text[] = { "appName", "customerName", "email", "mobile",
	                                    "expireTime", "description" };
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
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		const char *v = sibling ? sb_str(sibling, text[i]) : pc_params_get(c->p, text[i]);

		sb_set_str(acc, text[i], v && *v ? v : NULL);
	}
	if (sibling) {
		sb_set_int(acc, "minAmount", sb_int(sibling, "minAmount"));
		sb_set_int(acc, "maxAmount", sb_int(sibling, "maxAmount"));
	} else {
		const char *min = pc_params_get(c->p, "minAmount");
		const char *max = pc_params_get(c->p, "maxAmount");

		sb_set_int(acc, "minAmount", min ? strtoll(min, NULL, 10) : 0);
		sb_set_int(acc, "maxAmount", max ? strtoll(max, NULL, 10) : 0);
	}
	sb_set_int(acc, "createMs", c->now);
	sb_set_int(acc, "updateMs", c->now);
	free(guide);
	return acc;
}

static cJSON *accounts_answer(sb_call *c, const char *order)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *list = cJSON_CreateArray();
	const char *link = NULL;
	char code[16];
	char *made = NULL;
	cJSON *acc;

	cJSON_ArrayForEach(acc, sb_ledger_list(&c->sb->ledger, "transferAccounts"))
		if (strcmp(sb_str0(acc, "mchOrderId"), order) == 0 && sb_str(acc, "shortLink"))
			link = sb_str(acc, "shortLink");
	if (!link) {
		made = sb_link(c->sb, code);
		link = made;
	}
	cJSON_ArrayForEach(acc, sb_ledger_list(&c->sb->ledger, "transferAccounts")) {
		cJSON *one;

		if (strcmp(sb_str0(acc, "mchOrderId"), order) != 0)
			continue;
		if (made) {
			sb_set_str(acc, "shortLink", made);
			sb_set_str(acc, "shortCode", code);
		}
		if (strcmp(sb_str0(acc, "status"), "ACTIVE") != 0)
			continue;
		one = cJSON_CreateObject();
		sb_json_str(one, "mchOrderId", order);
		sb_json_str(one, "channelCode", sb_str(acc, "channelCode"));
		sb_json_str(one, "guideUrl", sb_str(acc, "guideUrl"));
		sb_json_str(one, "receivingBank", sb_str(acc, "receivingBank"));
		sb_json_str(one, "accountName", sb_str(acc, "accountName"));
		sb_json_str(one, "accountNumber", sb_str(acc, "accountNumber"));
		cJSON_AddItemToArray(list, one);
	}
	sb_json_str(o, "shortLink", link);
	cJSON_AddItemToObject(o, "paymentAccountList", list);
	free(made);
	return o;
}

void sb_transfer_create(sb_call *c)
{
	const char *order = pc_params_get(c->p, "mchOrderId");
	const char *min = pc_params_get(c->p, "minAmount");
	const char *max = pc_params_get(c->p, "maxAmount");

	if (!list_ok(c, pc_params_get(c->p, "channelCode")))
		return;
	if (sb_ledger_find(&c->sb->ledger, "transferAccounts", "mchOrderId", order)) {
		sb_refuse(c, 1019, NULL);
		return;
	}
	if (min && max && strtoll(min, NULL, 10) > strtoll(max, NULL, 10)) {
		sb_refuse(c, 1009, "transfer.create: field minAmount: %s is above maxAmount %s", min, max);
		return;
	}
	if (!new_account(c, order, NULL)) {
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
	cJSON *acc;

	if (!sb_ledger_find(&c->sb->ledger, "transferAccounts", "mchOrderId", order)) {
		sb_refuse(c, 1008, NULL);
		return;
	}
	if (!list_ok(c, list))
		return;
	cJSON_ArrayForEach(acc, sb_ledger_list(&c->sb->ledger, "transferAccounts")) {
		if (strcmp(sb_str0(acc, "mchOrderId"), order) != 0)
			continue;
		sb_set_str(acc, "status",
		           times_listed(list, sb_str0(acc, "channelCode")) ? "ACTIVE" : "INACTIVE");
		sb_set_int(acc, "updateMs", c->now);
	}
	c->changed = true;
	c->data = accounts_answer(c, order);
}

void sb_transfer_payments(sb_call *c)
{
	const char *order = pc_params_get(c->p, "mchOrderId");

	if (!sb_ledger_find(&c->sb->ledger, "transferAccounts", "mchOrderId", order)) {
		sb_refuse(c, 1008, NULL);
		return;
	}
	if (strcmp(pc_params_get(c->p, "startDate"), pc_params_get(c->p, "endDate")) > 0) {
		sb_refuse(c, 1009, "transfer.payments: field startDate: %s is after endDate %s",
		          pc_params_get(c->p, "startDate"), pc_params_get(c->p, "endDate"));
		return;
	}
	c->data = sb_payments_list(c->sb, "transfer", order, pc_params_get(c->p, "startDate"),
	                           pc_params_get(c->p, "endDate"), pc_params_get(c->p, "channelCode"));
}

/* ---- a payer sends money to the account ---- */

static bool account_accepts(sb_action *a, const cJSON *acc, long long amount)
{
	long long min = sb_int(acc, "minAmount"), max = sb_int(acc, "maxAmount");

	if (strcmp(sb_str0(acc, "status"), "ACTIVE") != 0)
		sb_action_fail(a, 409, "this bank transfer account is %s: it takes no payment",
		               sb_str0(acc, "status"));
	else if (amount < 100)
		sb_action_fail(a, 400, "\"amount\" must be at least 100 centavos");
	else if (min > 0 && amount < min)
		sb_action_fail(a, 409, "%lld centavos is below this account's minAmount %lld", amount, min);
	else if (max > 0 && amount > max)
		sb_action_fail(a, 409, "%lld centavos is above this account's maxAmount %lld", amount, max);
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
	col = sb_collection_new(a->sb, "transfer", order, sb_str0(acc, "channelCode"), amount, a->now);
	if (!col) {
		sb_action_fail(a, 500, "out of memory");
		return;
	}
	sb_set_str(col, "paymentAccount", sb_str(acc, "accountNumber"));
	sb_set_str(col, "customerName", sb_str(acc, "customerName"));
	sb_set_str(col, "mobile", sb_str(acc, "mobile"));
	sb_set_str(col, "appName", sb_str(acc, "appName"));
	sb_set_str(col, "remark", sb_str(acc, "description"));
	sb_collection_finish(a->sb, col, true, 0, a->now);

	pc_params_init(&cb);
	pc_params_set_str(&cb, "eventName", "transfer.payment.success");
	pc_params_set_str(&cb, "mchOrderId", order);
	pc_params_set_str(&cb, "transactionId", sb_str0(col, "transactionId"));
	pc_params_set_int(&cb, "amount", amount);
	pc_params_set_str(&cb, "transactionStatus", "COMPLETE");
	sb_param_time(&cb, "createTime", sb_int(col, "createMs"));
	sb_param_time(&cb, "returnTime", sb_int(col, "returnMs"));
	pc_params_set_str(&cb, "channelCode", sb_str0(col, "channelCode"));
	pc_params_set_str(&cb, "paymentAccount", sb_str0(acc, "accountNumber"));
	if (sb_str(col, "remark"))
		pc_params_set_str(&cb, "remark", sb_str(col, "remark"));
	sb_callback_queue(a->sb, NULL, &cb, a->now);
	pc_params_free(&cb);

	a->changed = true;
	sb_json_str(a->out, "transactionId", sb_str(col, "transactionId"));
	sb_json_str(a->out, "transactionStatus", "COMPLETE");
	sb_json_str(a->out, "paymentAccount", sb_str(acc, "accountNumber"));
	sb_json_int(a->out, "amount", amount);
}
