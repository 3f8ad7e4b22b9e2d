/* collect.c — what every product shares: answers, collections, links. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static bool channel_listed(const char *channels, const char *channel)
{
	size_t n = strlen(channel);

	for (const char *c = channels; c && *c;) {
		size_t len = strcspn(c, ",");

		if (len == n && strncmp(c, channel, n) == 0)
			return true;
		c += len;
		if (*c == ',')
			c++;
	}
	return false;
}

cJSON *sb_payments_list(sb_ctx *sb, const char *product, const char *mch_order_id,
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
		if (channels && *channels && !channel_listed(channels, sb_str0(col, "channelCode")))
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
