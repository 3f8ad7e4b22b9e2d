/* account.c — balance and the two statements (2.1-2.3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "handlers.h"
#include "mask.h"

/* The sandbox merchant's own settlement account, as statements show it. */
#define REMITTING_BANK    "Union Bank"
#define REMITTING_ACCOUNT "9150012345678"

void sb_account_balance(sb_call *c)
{
	c->data = cJSON_CreateObject();
	sb_json_int(c->data, "balance", sb_ledger_balance(&c->sb->ledger));
}

/* createDate / completeDate / status filters of both statements. */
static bool statement_match(const sb_call *c, const cJSON *o)
{
	const char *create = pc_params_get(c->p, "createDate");
	const char *complete = pc_params_get(c->p, "completeDate");
	const char *status = pc_params_get(c->p, "status");
	char day[SB_DATE_TEXT];

	if (create && *create && strcmp(sb_date_text(sb_int(o, "createMs"), day), create) != 0)
		return false;
	if (complete && *complete
	    && (sb_int(o, "returnMs") <= 0
	        || strcmp(sb_date_text(sb_int(o, "returnMs"), day), complete) != 0))
		return false;
	return !status || !*status || strcmp(sb_str0(o, "status"), status) == 0;
}

static const char *payment_method(const char *product)
{
	static const struct {
		const char *product, *name;
	} names[] = {
		{ "qr", "QR Code" }, { "va", "Virtual Account" }, { "transfer", "Bank Transfer" },
		{ "web", "Web Payment" }, { "checkout", "Checkout" }, { "directdebit", "Direct Debit" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].product, product) == 0)
			return names[i].name;
	return product;
}

static cJSON *payment_record(const sb_call *c, const cJSON *col)
{
	cJSON *r = cJSON_CreateObject();
	const char *app_name = sb_str(col, "appName");

	sb_json_str(r, "merchantOrderId", sb_str(col, "mchOrderId"));
	sb_json_str(r, "transactionId", sb_str(col, "transactionId"));
	sb_json_str(r, "paymentMethod", payment_method(sb_str0(col, "product")));
	sb_json_str(r, "paymentChannel", sb_str(col, "channelCode"));
	sb_json_pesos(r, "amount", sb_int(col, "amount"));
	sb_json_pesos(r, "fee", sb_int(col, "fee"));
	sb_json_str(r, "name", sb_str(col, "customerName"));
	sb_json_str(r, "mobile", sb_str(col, "mobile"));
	sb_json_str(r, "status", sb_str(col, "status"));
	sb_json_str(r, "appName", app_name ? app_name : pc_params_get(c->p, "appName"));
	sb_json_time(r, "createTime", sb_int(col, "createMs"));
	sb_json_time(r, "completeTime", sb_int(col, "returnMs"));
	return r;
}

/* "Juan Dela Cruz" -> "J*** D*** C***": statements show names masked.
 * The first character of a word is kept whole (it may be ñ); every
 * other character becomes one '*'. */
static char *mask_name(const char *name, char *buf, size_t size)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t n = 0;
	bool word_start = true;

	while (*s && n + 5 < size) {
		if (*s == ' ') {
			buf[n++] = ' ';
			word_start = true;
			s++;
			continue;
		}
		if (word_start)
			buf[n++] = (char)*s;
		else
			buf[n++] = '*';
		s++;
		while ((*s & 0xC0) == 0x80) {
			if (word_start)
				buf[n++] = (char)*s;
			s++;
		}
		word_start = false;
	}
	buf[n] = '\0';
	return buf;
}

static cJSON *payout_record(const cJSON *po)
{
	cJSON *r = cJSON_CreateObject();
	const char *channel = sb_str(po, "ewalletCode");
	char masked[128];

	if (!channel)
		channel = sb_str(po, "bankCode");
	if (!channel)
		channel = sb_str(po, "payMethodCode");
	sb_json_str(r, "merchantOrderId", sb_str(po, "mchOrderId"));
	sb_json_str(r, "transactionId", sb_str(po, "transactionId"));
	sb_json_pesos(r, "amount", sb_int(po, "amount"));
	sb_json_pesos(r, "fee", sb_int(po, "fee"));
	sb_json_str(r, "remittingBank", REMITTING_BANK);
	sb_json_str(r, "remittingAccount", pc_mask_account(REMITTING_ACCOUNT, masked, sizeof(masked)));
	sb_json_str(r, "recipientName", mask_name(sb_str0(po, "accountName"), masked, sizeof(masked)));
	sb_json_str(r, "recipientAccount", pc_mask_account(sb_str0(po, "accountNo"), masked,
	                                                   sizeof(masked)));
	sb_json_str(r, "receivingChannel", channel);
	sb_json_str(r, "status", sb_str(po, "status"));
	sb_json_time(r, "createTime", sb_int(po, "createMs"));
	sb_json_time(r, "completeTime", sb_int(po, "returnMs"));
	return r;
}

/* One page of SB_STATEMENT_PAGE_SIZE records, oldest first. */
static void statement(sb_call *c, const char *list, bool payouts)
{
	long long page = strtoll(pc_params_get(c->p, "page"), NULL, 10);
	long long first = (page - 1) * SB_STATEMENT_PAGE_SIZE, index = 0;
	cJSON *records = cJSON_CreateArray();
	cJSON *o;

	c->data = cJSON_CreateObject();
	cJSON_AddItemToObject(c->data, "records", records);
	cJSON_ArrayForEach(o, sb_ledger_list(&c->sb->ledger, list)) {
		if (!statement_match(c, o))
			continue;
		if (index >= first && index < first + SB_STATEMENT_PAGE_SIZE)
			cJSON_AddItemToArray(records, payouts ? payout_record(o) : payment_record(c, o));
		index++;
	}
}

void sb_statement_payments(sb_call *c)
{
	statement(c, "collections", false);
}

void sb_statement_payouts(sb_call *c)
{
	statement(c, "payouts", true);
}
