/* collect.c — what every product shares: answers, collections, links. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callbacks.h"
#include "clock.h"
#include "codes.h"
#include "handlers.h"
#include "idgen.h"
#include "paths.h"

void sb_refuse(sb_call *c, int code, const char *fmt, ...)
{
	va_list ap;

	c->code = code;
	c->message[0] = '\0';
	if (!fmt)
		return;
	va_start(ap, fmt);
	vsnprintf(c->message, sizeof(c->message), fmt, ap);
	va_end(ap);
}

int sb_times_listed(const char *list, const char *code)
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

cJSON *sb_find_or_refuse(sb_call *c, const char *list, const char *key)
{
	cJSON *o = sb_ledger_find(&c->sb->ledger, list, key, pc_params_get(c->p, key));

	if (!o)
		sb_refuse(c, 1008, NULL);
	return o;
}

bool sb_amounts_ok(sb_call *c)
{
	const char *min = pc_params_get(c->p, "minAmount");
	const char *max = pc_params_get(c->p, "maxAmount");

	if (min && max && strtoll(min, NULL, 10) > strtoll(max, NULL, 10)) {
		sb_refuse(c, 1009, "%s: field minAmount: %s is above maxAmount %s", c->ep->id, min, max);
		return false;
	}
	return true;
}

void sb_set_pending(sb_call *c, cJSON *o, bool settles, int outcome)
{
	sb_set_str(o, "status", "PENDING");
	sb_set_int(o, "createMs", c->now);
	sb_set_int(o, "returnMs", 0);
	sb_set_int(o, "settleMs", settles ? c->now + c->sb->opt.settle_ms : 0);
	sb_set_int(o, "outcome", settles ? outcome : 0);
	sb_set_null(o, "failedCode");
}

/* ---- answers ---- */

void sb_json_str(cJSON *o, const char *key, const char *value)
{
	if (value)
		cJSON_AddStringToObject(o, key, value);
	else
		cJSON_AddNullToObject(o, key);
}

void sb_json_int(cJSON *o, const char *key, long long value)
{
	cJSON_AddNumberToObject(o, key, (double)value);
}

void sb_json_time(cJSON *o, const char *key, long long ms)
{
	char text[SB_TIME_TEXT];

	if (ms > 0)
		cJSON_AddStringToObject(o, key, sb_time_text(ms, text));
	else
		cJSON_AddNullToObject(o, key);
}

void sb_json_pesos(cJSON *o, const char *key, long long centavos)
{
	/* Statements only: PayCools documents these as Double pesos (100.1). */
	cJSON_AddNumberToObject(o, key, (double)centavos / 100.0);
}

void sb_param_time(pc_params *p, const char *key, long long ms)
{
	char text[SB_TIME_TEXT];

	if (ms > 0)
		pc_params_set_str(p, key, sb_time_text(ms, text));
}

void sb_param_failure(pc_params *p, int failed_code)
{
	const pc_code_info *info = pc_failed_code(failed_code);

	if (failed_code == 0)
		return;
	pc_params_set_int(p, "failedCode", failed_code);
	pc_params_set_str(p, "failedMessage", info ? info->message : "Transaction Service Error");
}

char *sb_link(sb_ctx *sb, char *code_out)
{
	sb_id_short_code(code_out, sb_ledger_next_seq(&sb->ledger));
	return pc_strdupf("%s/_sandbox/link/%s", sb->base_url, code_out);
}

/* failedCode from an action body: absent = success, else a known code. */
bool sb_action_failure(sb_action *a, bool ok, int *failed)
{
	long long code = 0;

	*failed = 0;
	if (sb_action_int(a, "failedCode", false, &code) && !pc_failed_code((int)code)) {
		sb_action_fail(a, 400, "failedCode %lld is not a PayCools failedCode (-10000 to -10009)",
		               code);
		return false;
	}
	if (!ok || code)
		*failed = code ? (int)code : -10004;
	return a->status == 200;
}

/* ---- collections ---- */

cJSON *sb_collection_new(sb_ctx *sb, const char *product, const char *mch_order_id,
                         const char *channel, long long amount, long long now)
{
	cJSON *col = sb_ledger_add(&sb->ledger, "collections");
	char id[SB_ID_SIZE];

	if (!col)
		return NULL;
	sb_id_timed(id, "C", now, sb_ledger_next_seq(&sb->ledger));
	sb_set_str(col, "transactionId", id);
	sb_set_str(col, "product", product);
	sb_set_str(col, "mchOrderId", mch_order_id);
	sb_set_str(col, "channelCode", channel);
	sb_set_int(col, "amount", amount);
	sb_set_int(col, "fee", amount * SB_COLLECTION_FEE_PCT / 100);
	sb_set_str(col, "status", "PENDING");
	sb_set_int(col, "createMs", now);
	sb_set_int(col, "returnMs", 0);
	sb_set_null(col, "failedCode");
	sb_set_int(col, "refundedAmount", 0);
	return col;
}

void sb_collection_finish(sb_ctx *sb, cJSON *col, bool ok, int failed_code, long long now)
{
	sb_set_str(col, "status", ok ? "COMPLETE" : "FAILED");
	sb_set_int(col, "returnMs", now);
	if (ok) {
		sb_set_null(col, "failedCode");
		sb_ledger_adjust_balance(&sb->ledger, sb_int(col, "amount") - sb_int(col, "fee"));
	} else {
		sb_set_int(col, "failedCode", failed_code ? failed_code : -10000);
	}
}

/* PAYMENTS_RESPONSE elements of product and mchOrderId created between
 * start_date and end_date (Philippine dates, inclusive); channels is a
 * comma list or NULL. */
static cJSON *payments_list(sb_ctx *sb, const char *product, const char *mch_order_id,
                            const char *start_date, const char *end_date, const char *channels)
{
	cJSON *list = cJSON_CreateArray();
	long long start = 0, end = 0;
	cJSON *col;

	if (!list)
		return NULL;
	sb_date_parse(start_date, &start);
	sb_date_parse(end_date, &end);
	end += SB_DAY_MS; /* endDate is inclusive */
	cJSON_ArrayForEach(col, sb_ledger_list(&sb->ledger, "collections")) {
		long long created = sb_int(col, "createMs");
		cJSON *o;

		if (strcmp(sb_str0(col, "product"), product) != 0
		    || strcmp(sb_str0(col, "mchOrderId"), mch_order_id) != 0
		    || created < start || created >= end)
			continue;
		if (channels && *channels && !sb_times_listed(channels, sb_str0(col, "channelCode")))
			continue;
		o = cJSON_CreateObject();
		if (!o)
			break;
		sb_json_str(o, "transactionId", sb_str(col, "transactionId"));
		sb_json_time(o, "transactionCreateTime", created);
		sb_json_time(o, "transactionReturnTime", sb_int(col, "returnMs"));
		sb_json_int(o, "transactionAmount", sb_int(col, "amount"));
		sb_json_str(o, "channelCode", sb_str(col, "channelCode"));
		sb_json_str(o, "transactionStatus", sb_str(col, "status"));
		sb_json_str(o, "remark", sb_str(col, "remark"));
		cJSON_AddItemToArray(list, o);
	}
	return list;
}

void sb_answer_payments(sb_call *c, const char *product, const char *channels)
{
	const char *start = pc_params_get(c->p, "startDate");
	const char *end = pc_params_get(c->p, "endDate");

	/* startDate after endDate is refused rather than answered empty. */
	if (strcmp(start, end) > 0) {
		sb_refuse(c, 1009, "%s: field startDate: %s is after endDate %s", c->ep->id, start, end);
		return;
	}
	c->data = payments_list(c->sb, product, pc_params_get(c->p, "mchOrderId"), start, end,
	                        channels);
}

/* ---- payment callbacks ---- */

void sb_callback_begin(pc_params *cb, const cJSON *col, const char *prefix)
{
	bool ok = strcmp(sb_str0(col, "status"), "COMPLETE") == 0;
	char event[64];

	snprintf(event, sizeof(event), "%s.payment.%s", prefix, ok ? "success" : "failed");
	pc_params_init(cb);
	pc_params_set_str(cb, "eventName", event);
	pc_params_set_str(cb, "mchOrderId", sb_str0(col, "mchOrderId"));
	pc_params_set_str(cb, "transactionId", sb_str0(col, "transactionId"));
	pc_params_set_int(cb, "amount", sb_int(col, "amount"));
	pc_params_set_str(cb, "transactionStatus", sb_str0(col, "status"));
	sb_param_time(cb, "createTime", sb_int(col, "createMs"));
	sb_param_time(cb, "returnTime", sb_int(col, "returnMs"));
	pc_params_set_str(cb, "channelCode", sb_str0(col, "channelCode"));
}

void sb_callback_outcome(pc_params *cb, const cJSON *col)
{
	if (sb_str(col, "remark"))
		pc_params_set_str(cb, "remark", sb_str(col, "remark"));
	sb_param_failure(cb, (int)sb_int(col, "failedCode"));
}

void sb_queue_payment_callback(sb_ctx *sb, const cJSON *col, const char *prefix, long long now)
{
	pc_params cb;

	sb_callback_begin(&cb, col, prefix);
	sb_callback_outcome(&cb, col);
	sb_callback_queue(sb, sb_str(col, "callbackUrl"), &cb, now);
	pc_params_free(&cb);
}

/* ---- static VAs and bank transfer accounts ----
 * Both keep one ledger object per mchOrderId and channel with the same
 * customer fields, status, amount limits and shared short link. */

void sb_copy_customer(cJSON *to, const pc_params *p, const cJSON *from)
{
	static const char *const text[] = { "appName", "customerName", "email", "mobile",
	                                    "expireTime", "description" };
	static const char *const money[] = { "minAmount", "maxAmount" };

	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		const char *v = p ? pc_params_get(p, text[i]) : sb_str(from, text[i]);

		sb_set_str(to, text[i], v && *v ? v : NULL);
	}
	for (size_t i = 0; i < sizeof(money) / sizeof(money[0]); i++) {
		const char *v = p ? pc_params_get(p, money[i]) : NULL;

		sb_set_int(to, money[i], p ? (v ? strtoll(v, NULL, 10) : 0) : sb_int(from, money[i]));
	}
}

void sb_activate_listed(sb_call *c, const char *list, const char *order, const char *codes)
{
	cJSON *acc;

	cJSON_ArrayForEach(acc, sb_ledger_list(&c->sb->ledger, list)) {
		if (strcmp(sb_str0(acc, "mchOrderId"), order) != 0)
			continue;
		sb_set_str(acc, "status",
		           sb_times_listed(codes, sb_str0(acc, "channelCode")) ? "ACTIVE" : "INACTIVE");
		sb_set_int(acc, "updateMs", c->now);
	}
}

cJSON *sb_accounts_answer(sb_call *c, const char *list, const char *order, const char *answer_key,
                          cJSON *(*answer_one)(const cJSON *acc))
{
	cJSON *o = cJSON_CreateObject();
	cJSON *answers = cJSON_CreateArray();
	const char *link = NULL;
	char code[16];
	char *made = NULL;
	cJSON *acc;

	cJSON_ArrayForEach(acc, sb_ledger_list(&c->sb->ledger, list))
		if (strcmp(sb_str0(acc, "mchOrderId"), order) == 0 && sb_str(acc, "shortLink"))
			link = sb_str(acc, "shortLink");
	if (!link) {
		made = sb_link(c->sb, code);
		link = made;
	}
	cJSON_ArrayForEach(acc, sb_ledger_list(&c->sb->ledger, list)) {
		if (strcmp(sb_str0(acc, "mchOrderId"), order) != 0)
			continue;
		if (made) {
			sb_set_str(acc, "shortLink", made);
			sb_set_str(acc, "shortCode", code);
		}
		if (strcmp(sb_str0(acc, "status"), "ACTIVE") == 0)
			cJSON_AddItemToArray(answers, answer_one(acc));
	}
	sb_json_str(o, "shortLink", link);
	cJSON_AddItemToObject(o, answer_key, answers);
	free(made);
	return o;
}

bool sb_amount_fits(sb_action *a, const cJSON *acc, long long amount)
{
	long long min = sb_int(acc, "minAmount"), max = sb_int(acc, "maxAmount");

	if (amount < 100)
		sb_action_fail(a, 400, "\"amount\" must be at least 100 centavos");
	else if (min > 0 && amount < min)
		sb_action_fail(a, 409, "%lld centavos is below this account's minAmount %lld", amount, min);
	else if (max > 0 && amount > max)
		sb_action_fail(a, 409, "%lld centavos is above this account's maxAmount %lld", amount, max);
	return a->status == 200;
}

cJSON *sb_account_payment(sb_action *a, const char *product, const cJSON *acc, const char *ref_key,
                          const char *ref, long long amount)
{
	cJSON *col = sb_collection_new(a->sb, product, sb_str0(acc, "mchOrderId"),
	                               sb_str0(acc, "channelCode"), amount, a->now);

	if (!col) {
		sb_action_fail(a, 500, "out of memory");
		return NULL;
	}
	sb_set_str(col, ref_key, ref);
	sb_set_str(col, "customerName", sb_str(acc, "customerName"));
	sb_set_str(col, "mobile", sb_str(acc, "mobile"));
	sb_set_str(col, "appName", sb_str(acc, "appName"));
	sb_set_str(col, "remark", sb_str(acc, "description"));
	sb_collection_finish(a->sb, col, true, 0, a->now);
	a->changed = true;
	sb_json_str(a->out, "transactionId", sb_str(col, "transactionId"));
	sb_json_str(a->out, "transactionStatus", "COMPLETE");
	sb_json_str(a->out, ref_key, ref);
	sb_json_int(a->out, "amount", amount);
	return col;
}
