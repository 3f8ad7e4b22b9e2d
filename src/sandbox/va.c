/* va.c — static virtual accounts (4.1-4.8) and the J&T aggregate VA.
 *
 * Ledger object (virtualAccounts[]), one per mchOrderId and channel:
 * mchOrderId, channelCode, referenceNumber, biller, guideUrl, linkCode,
 * status (ACTIVE | INACTIVE), appName, customerName, email, mobile,
 * minAmount, maxAmount (0 = none), expireTime (yyyy-MM-dd or null),
 * description, createMs, updateMs, shortLink, shortCode.
 * aggregateVAs[]: aggregateOrderId, channelCode, referenceNumber, biller,
 * guideUrl, linkCode, callbackUrl, aggregateAmount, aggregateFee,
 * totalAggregateAmount, items (JSON text), remark, status, createMs,
 * expiresMs (0 = never).
 *
 * VAs have no callbackUrl: payment.success goes to --webhook. VA payments
 * only succeed (no failure callback is documented). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callbacks.h"
#include "clock.h"
#include "handlers.h"
#include "idgen.h"

/* The static VA channels the docs name; others answer 1011. */
static const struct {
	const char *channel;
	const char *biller;
} channels[] = {
	{ "GCASH_STATIC_VA", "PAYCOOLS LOAN" },
	{ "PAYMAYA_STATIC_VA", "PAYCOOLS LOAN" },
	{ "7ELEVEN_STATIC_VA", "PAYCOOLS LOAN" },
	{ "MLH_STATIC_VA", "Dragonpay" },
	{ "RDP_STATIC_VA", "Dragon Loans" },
	{ "CEBUANA_VA", "PH GLOBAL JET EXPRESS INC" },
};

static const char *biller_of(const char *channel)
{
	for (size_t i = 0; i < sizeof(channels) / sizeof(channels[0]); i++)
		if (strcmp(channels[i].channel, channel) == 0)
			return channels[i].biller;
	return NULL;
}

/* Calls fn for each code of a comma list (already checked by the table). */
typedef bool (*code_fn)(sb_call *c, const char *code, void *ud);

static bool each_code(sb_call *c, const char *list, code_fn fn, void *ud)
{
	char code[128];

	for (const char *s = list; s && *s;) {
		size_t n = strcspn(s, ",");

		snprintf(code, sizeof(code), "%.*s", (int)(n < sizeof(code) ? n : sizeof(code) - 1), s);
		if (!fn(c, code, ud))
			return false;
		s += n;
		if (*s == ',')
			s++;
	}
	return true;
}

/* Every code known, none twice; for creation none may exist yet (1017). */
struct check_ud {
	const char *list;
	const char *order;
	bool creating;
};

static bool check_code(sb_call *c, const char *code, void *ud)
{
	struct check_ud *u = ud;

	if (!biller_of(code) || strcmp(code, "CEBUANA_VA") == 0) {
		sb_refuse(c, 1011, "merchant channel unavailable: '%s' is not a static VA channel of "
		          "the sandbox (GCASH_STATIC_VA, PAYMAYA_STATIC_VA, 7ELEVEN_STATIC_VA, "
		          "MLH_STATIC_VA, RDP_STATIC_VA)", code);
		return false;
	}
	if (sb_times_listed(u->list, code) > 1) {
		sb_refuse(c, 1009, "%s: field channelCode: '%s' is listed twice", c->ep->id, code);
		return false;
	}
	if (u->creating && sb_ledger_find2(&c->sb->ledger, "virtualAccounts", "mchOrderId", u->order,
	                                   "channelCode", code)) {
		sb_refuse(c, 1017, NULL);
		return false;
	}
	return true;
}

/* A new ACTIVE VA: customer data from the request, or (update) from a
 * sibling VA of the same order. */
static cJSON *new_va(sb_call *c, const char *order, const char *channel, const cJSON *sibling)
{
	cJSON *va = sb_ledger_add(&c->sb->ledger, "virtualAccounts");
	char ref[SB_ID_SIZE], code[16];
	char *guide;

	if (!va)
		return NULL;
	sb_id_va_reference(ref, sb_ledger_next_seq(&c->sb->ledger));
	guide = sb_link(c->sb, code);
	sb_set_str(va, "mchOrderId", order);
	sb_set_str(va, "channelCode", channel);
	sb_set_str(va, "referenceNumber", ref);
	sb_set_str(va, "biller", biller_of(channel));
	sb_set_str(va, "guideUrl", guide);
	sb_set_str(va, "linkCode", code);
	sb_set_str(va, "status", "ACTIVE");
	sb_copy_customer(va, sibling ? NULL : c->p, sibling);
	sb_set_int(va, "createMs", c->now);
	sb_set_int(va, "updateMs", c->now);
	sb_set_null(va, "shortLink");
	free(guide);
	return va;
}

static cJSON *va_answer(const cJSON *va, bool with_status)
{
	cJSON *o = cJSON_CreateObject();

	sb_json_str(o, "mchOrderId", sb_str(va, "mchOrderId"));
	sb_json_str(o, "channelCode", sb_str(va, "channelCode"));
	if (!with_status)
		sb_json_str(o, "guideUrl", sb_str(va, "guideUrl"));
	sb_json_str(o, "referenceNumber", sb_str(va, "referenceNumber"));
	sb_json_str(o, "biller", sb_str(va, "biller"));
	if (with_status)
		sb_json_str(o, "status", sb_str(va, "status"));
	return o;
}

void sb_va_create(sb_call *c)
{
	const char *order = pc_params_get(c->p, "mchOrderId");
	const char *channel = pc_params_get(c->p, "channelCode");
	struct check_ud ud = { .list = channel, .order = order, .creating = true };
	cJSON *va;

	if (!check_code(c, channel, &ud) || !sb_amounts_ok(c))
		return;
	va = new_va(c, order, channel, NULL);
	if (!va) {
		sb_refuse(c, 1018, NULL);
		return;
	}
	c->changed = true;
	c->data = va_answer(va, false);
}

static cJSON *listed_va(const cJSON *va)
{
	return va_answer(va, false);
}

/* {shortLink, paymentVaList[]} of the order's ACTIVE VAs. */
static cJSON *batch_answer(sb_call *c, const char *order)
{
	return sb_accounts_answer(c, "virtualAccounts", order, "paymentVaList", listed_va);
}

static bool create_one(sb_call *c, const char *code, void *ud)
{
	if (!new_va(c, ud, code, NULL)) {
		sb_refuse(c, 1018, NULL);
		return false;
	}
	return true;
}

void sb_va_batch_create(sb_call *c)
{
	const char *order = pc_params_get(c->p, "mchOrderId");
	const char *list = pc_params_get(c->p, "channelCode");
	struct check_ud ud = { .list = list, .order = order, .creating = true };

	if (!each_code(c, list, check_code, &ud) || !sb_amounts_ok(c))
		return;
	each_code(c, list, create_one, (void *)order);
	c->changed = true;
	c->data = batch_answer(c, order);
}

static bool keep_one(sb_call *c, const char *code, void *ud)
{
	const char *order = ud;
	cJSON *va = sb_ledger_find2(&c->sb->ledger, "virtualAccounts", "mchOrderId", order,
	                            "channelCode", code);

	if (!va)
		va = new_va(c, order, code,
		            sb_ledger_find(&c->sb->ledger, "virtualAccounts", "mchOrderId", order));
	if (!va) {
		sb_refuse(c, 1018, NULL);
		return false;
	}
	return true;
}

/* The listed channels end up ACTIVE (created when new), the others
 * INACTIVE. */
void sb_va_update(sb_call *c)
{
	const char *order = pc_params_get(c->p, "mchOrderId");
	const char *list = pc_params_get(c->p, "channelCode");
	struct check_ud ud = { .list = list, .order = order, .creating = false };

	if (!sb_find_or_refuse(c, "virtualAccounts", "mchOrderId"))
		return;
	if (!each_code(c, list, check_code, &ud) || !each_code(c, list, keep_one, (void *)order))
		return;
	sb_activate_listed(c, "virtualAccounts", order, list);
	c->changed = true;
	c->data = batch_answer(c, order);
}

void sb_va_payments(sb_call *c)
{
	if (sb_find_or_refuse(c, "virtualAccounts", "mchOrderId"))
		sb_answer_payments(c, "va", NULL);
}

void sb_va_cancel(sb_call *c)
{
	const char *order = pc_params_get(c->p, "mchOrderId");
	cJSON *list = cJSON_CreateArray();
	cJSON *va;

	cJSON_ArrayForEach(va, sb_ledger_list(&c->sb->ledger, "virtualAccounts")) {
		if (strcmp(sb_str0(va, "mchOrderId"), order) != 0)
			continue;
		sb_set_str(va, "status", "INACTIVE");
		sb_set_int(va, "updateMs", c->now);
		cJSON_AddItemToArray(list, va_answer(va, true));
	}
	if (cJSON_GetArraySize(list) == 0) {
		cJSON_Delete(list);
		sb_refuse(c, 1008, NULL);
		return;
	}
	c->changed = true;
	c->data = cJSON_CreateObject();
	cJSON_AddItemToObject(c->data, "paymentVaList", list);
}

/* ---- J&T aggregate VA ---- */

static cJSON *aggregate_answer(sb_ctx *sb, const cJSON *agg, bool detail)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *items, *payments, *col;

	sb_json_str(o, "aggregateOrderId", sb_str(agg, "aggregateOrderId"));
	sb_json_str(o, "channelCode", sb_str(agg, "channelCode"));
	sb_json_str(o, "referenceNumber", sb_str(agg, "referenceNumber"));
	sb_json_str(o, "biller", sb_str(agg, "biller"));
	sb_json_str(o, "guideUrl", sb_str(agg, "guideUrl"));
	if (!detail)
		return o;
	sb_json_str(o, "callbackUrl", sb_str(agg, "callbackUrl"));
	sb_json_int(o, "aggregateAmount", sb_int(agg, "aggregateAmount"));
	sb_json_int(o, "aggregateFee", sb_int(agg, "aggregateFee"));
	sb_json_int(o, "totalAggregateAmount", sb_int(agg, "totalAggregateAmount"));
	items = cJSON_Parse(sb_str0(agg, "items"));
	cJSON_AddItemToObject(o, "items", items ? items : cJSON_CreateArray());
	payments = cJSON_AddArrayToObject(o, "paymentList");
	cJSON_ArrayForEach(col, sb_ledger_list(&sb->ledger, "collections")) {
		cJSON *p;

		if (strcmp(sb_str0(col, "product"), "va") != 0 || !cJSON_IsTrue(cJSON_GetObjectItem(col, "aggregate"))
		    || strcmp(sb_str0(col, "mchOrderId"), sb_str0(agg, "aggregateOrderId")) != 0)
			continue;
		p = cJSON_CreateObject();
		sb_json_str(p, "transactionId", sb_str(col, "transactionId"));
		sb_json_int(p, "amount", sb_int(col, "amount"));
		sb_json_str(p, "transactionStatus", sb_str(col, "status"));
		sb_json_time(p, "createTime", sb_int(col, "createMs"));
		sb_json_time(p, "returnTime", sb_int(col, "returnMs"));
		cJSON_AddItemToArray(payments, p);
	}
	return o;
}

static bool aggregate_items_ok(sb_call *c, const char *items)
{
	cJSON *parsed = cJSON_Parse(items);
	bool ok = cJSON_IsArray(parsed) && cJSON_GetArraySize(parsed) > 0;

	cJSON_Delete(parsed);
	if (!ok)
		sb_refuse(c, 1009, "va.aggregate_create: field items: must be the JSON text of a "
		          "non-empty list of sub-orders");
	return ok;
}

void sb_va_aggregate_create(sb_call *c)
{
	const char *order = pc_params_get(c->p, "aggregateOrderId");
	const char *channel = pc_params_get(c->p, "channelCode");
	const char *expire = pc_params_get(c->p, "expireSeconds");
	long long amount = strtoll(pc_params_get(c->p, "aggregateAmount"), NULL, 10);
	long long fee = amount * SB_COLLECTION_FEE_PCT / 100;
	char ref[SB_ID_SIZE], code[16];
	char *guide;
	cJSON *agg;

	if (sb_ledger_find(&c->sb->ledger, "aggregateVAs", "aggregateOrderId", order)) {
		sb_refuse(c, 1017, NULL);
		return;
	}
	if (!aggregate_items_ok(c, pc_params_get(c->p, "items")))
		return;
	agg = sb_ledger_add(&c->sb->ledger, "aggregateVAs");
	if (!agg) {
		sb_refuse(c, 1018, NULL);
		return;
	}
	sb_id_va_reference(ref, sb_ledger_next_seq(&c->sb->ledger));
	guide = sb_link(c->sb, code);
	sb_set_str(agg, "aggregateOrderId", order);
	sb_set_str(agg, "channelCode", channel);
	sb_set_str(agg, "referenceNumber", ref);
	sb_set_str(agg, "biller", biller_of(channel) ? biller_of(channel) : "PAYCOOLS LOAN");
	sb_set_str(agg, "guideUrl", guide);
	sb_set_str(agg, "linkCode", code);
	sb_set_str(agg, "callbackUrl", pc_params_get(c->p, "callbackUrl"));
	sb_set_int(agg, "aggregateAmount", amount);
	sb_set_int(agg, "aggregateFee", fee);
	sb_set_int(agg, "totalAggregateAmount", amount + fee);
	sb_set_str(agg, "items", pc_params_get(c->p, "items"));
	sb_set_str(agg, "remark", pc_params_get(c->p, "remark"));
	sb_set_str(agg, "status", "ACTIVE");
	sb_set_int(agg, "createMs", c->now);
	sb_set_int(agg, "expiresMs", expire && *expire ? c->now + strtoll(expire, NULL, 10) * 1000 : 0);
	free(guide);
	c->changed = true;
	c->data = aggregate_answer(c->sb, agg, false);
}

void sb_va_aggregate_detail(sb_call *c)
{
	cJSON *agg = sb_find_or_refuse(c, "aggregateVAs", "aggregateOrderId");

	if (agg)
		c->data = aggregate_answer(c->sb, agg, true);
}

/* ---- a payer pays at the counter ---- */

static void queue_va_callback(sb_ctx *sb, const cJSON *col, const char *order_key,
                              const char *url, long long now)
{
	pc_params cb;

	pc_params_init(&cb);
	pc_params_set_str(&cb, "eventName", "payment.success");
	pc_params_set_str(&cb, order_key, sb_str0(col, "mchOrderId"));
	pc_params_set_str(&cb, "transactionId", sb_str0(col, "transactionId"));
	pc_params_set_str(&cb, "channelCode", sb_str0(col, "channelCode"));
	pc_params_set_str(&cb, "referenceNumber", sb_str0(col, "referenceNumber"));
	pc_params_set_int(&cb, "amount", sb_int(col, "amount"));
	pc_params_set_str(&cb, "transactionStatus", sb_str0(col, "status"));
	sb_param_time(&cb, "createTime", sb_int(col, "createMs"));
	sb_param_time(&cb, "returnTime", sb_int(col, "returnMs"));
	if (sb_str(col, "remark"))
		pc_params_set_str(&cb, "remark", sb_str(col, "remark"));
	sb_callback_queue(sb, url, &cb, now);
	pc_params_free(&cb);
}

/* Status, expireTime and amount limits of a static VA. */
static bool va_accepts(sb_action *a, const cJSON *va, long long amount)
{
	const char *expire = sb_str(va, "expireTime");
	long long last_day;

	if (strcmp(sb_str0(va, "status"), "ACTIVE") != 0)
		sb_action_fail(a, 409, "this virtual account is %s: it takes no payment",
		               sb_str0(va, "status"));
	else if (expire && sb_date_parse(expire, &last_day) == 0 && a->now >= last_day + SB_DAY_MS)
		sb_action_fail(a, 409, "this virtual account expired on %s", expire);
	else
		sb_amount_fits(a, va, amount);
	return a->status == 200;
}

static void pay_aggregate(sb_action *a, const char *order)
{
	cJSON *agg = sb_ledger_find(&a->sb->ledger, "aggregateVAs", "aggregateOrderId", order);
	long long amount = 0;
	cJSON *col;

	if (!agg) {
		sb_action_fail(a, 404, "no aggregate VA with aggregateOrderId '%s'", order);
		return;
	}
	if (!sb_action_int(a, "amount", false, &amount))
		amount = sb_int(agg, "totalAggregateAmount");
	if (a->status != 200)
		return;
	if (sb_int(agg, "expiresMs") > 0 && a->now >= sb_int(agg, "expiresMs")) {
		sb_action_fail(a, 409, "this aggregate VA has expired");
		return;
	}
	col = sb_collection_new(a->sb, "va", order, sb_str0(agg, "channelCode"), amount, a->now);
	if (!col) {
		sb_action_fail(a, 500, "out of memory");
		return;
	}
	sb_set_bool(col, "aggregate", true);
	sb_set_str(col, "referenceNumber", sb_str(agg, "referenceNumber"));
	sb_collection_finish(a->sb, col, true, 0, a->now);
	queue_va_callback(a->sb, col, "aggregateOrderId", sb_str(agg, "callbackUrl"), a->now);
	a->changed = true;
	sb_json_str(a->out, "transactionId", sb_str(col, "transactionId"));
	sb_json_str(a->out, "transactionStatus", "COMPLETE");
	sb_json_int(a->out, "amount", amount);
}

void sb_va_pay(sb_action *a)
{
	const cJSON *agg_id = cJSON_GetObjectItemCaseSensitive(a->req, "aggregateOrderId");
	const char *order, *channel;
	long long amount = 0;
	cJSON *va, *col;

	if (agg_id) {
		order = sb_action_str(a, "aggregateOrderId", true);
		if (order)
			pay_aggregate(a, order);
		return;
	}
	order = sb_action_str(a, "mchOrderId", true);
	channel = sb_action_str(a, "channelCode", true);
	sb_action_int(a, "amount", true, &amount);
	if (cJSON_GetObjectItemCaseSensitive(a->req, "failedCode"))
		sb_action_fail(a, 400, "virtual account payments only succeed (PayCools documents no "
		               "failure callback for them)");
	if (a->status != 200)
		return;
	va = sb_ledger_find2(&a->sb->ledger, "virtualAccounts", "mchOrderId", order, "channelCode",
	                     channel);
	if (!va) {
		sb_action_fail(a, 404, "no virtual account for mchOrderId '%s' on %s", order, channel);
		return;
	}
	if (!va_accepts(a, va, amount))
		return;
	col = sb_account_payment(a, "va", va, "referenceNumber", sb_str(va, "referenceNumber"), amount);
	if (col)
		queue_va_callback(a->sb, col, "mchOrderId", NULL, a->now);
}
