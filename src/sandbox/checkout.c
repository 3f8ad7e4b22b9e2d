/* checkout.c — the hosted checkout (9.x, doc-dev's param envelope).
 *
 * Ledger object (checkouts[]): mchOrderId, checkoutId, checkoutUrl,
 * linkCode, appName (from the envelope), amount, currency, customer and
 * items (as sent), callbackUrl, redirectUrl, metadata, remark,
 * availableChannelCodes, status (PENDING | COMPLETE | FAILED), createMs,
 * returnMs, expiresMs, channelCode and transactionId (once paid).
 * Paying it makes a collection (product "checkout") with its own C… id. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "handlers.h"
#include "idgen.h"

#define DEFAULT_CHANNEL "GCASH_URL"

/* A string member of length min..max, else a 1009 naming path.key. */
static bool member_ok(sb_call *c, const cJSON *o, const char *path, const char *key,
                      size_t min, size_t max, bool required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	size_t n;

	if (!v || cJSON_IsNull(v)) {
		if (required)
			sb_refuse(c, 1009, "checkout.create: field %s.%s: missing (mandatory)", path, key);
		return !required;
	}
	if (!cJSON_IsString(v)) {
		sb_refuse(c, 1009, "checkout.create: field %s.%s: expected a string", path, key);
		return false;
	}
	n = strlen(v->valuestring);
	if (n < min || n > max) {
		sb_refuse(c, 1009, "checkout.create: field %s.%s: %zu characters; %zu-%zu allowed",
		          path, key, n, min, max);
		return false;
	}
	return true;
}

static bool whole_number_ok(sb_call *c, const cJSON *o, const char *path, const char *key,
                            double min)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long long)v->valuedouble
	    || v->valuedouble < min) {
		sb_refuse(c, 1009, "checkout.create: field %s.%s: must be a whole number of at least %.0f",
		          path, key, min);
		return false;
	}
	return true;
}

static bool customer_ok(sb_call *c)
{
	cJSON *customer = cJSON_Parse(pc_params_get(c->p, "customer"));
	bool ok = member_ok(c, customer, "customer", "firstName", 1, 500, true)
	          && member_ok(c, customer, "customer", "lastName", 1, 500, false)
	          && member_ok(c, customer, "customer", "email", 1, 128, true)
	          && member_ok(c, customer, "customer", "mobile", 11, 14, true);

	cJSON_Delete(customer);
	return ok;
}

static bool items_ok(sb_call *c)
{
	cJSON *items = cJSON_Parse(pc_params_get(c->p, "items"));
	const cJSON *it;
	bool ok = cJSON_GetArraySize(items) > 0;
	int i = 0;

	if (!ok)
		sb_refuse(c, 1009, "checkout.create: field items: must list at least one item");
	cJSON_ArrayForEach(it, items) {
		char path[32];

		snprintf(path, sizeof(path), "items[%d]", i++);
		if (!ok)
			break;
		ok = member_ok(c, it, path, "name", 1, 500, true)
		     && whole_number_ok(c, it, path, "amount", 0)
		     && whole_number_ok(c, it, path, "quantity", 1)
		     && member_ok(c, it, path, "description", 1, 1000, false)
		     && member_ok(c, it, path, "url", 1, 500, false);
	}
	cJSON_Delete(items);
	return ok;
}

/* expireTime: in the future and at most one day ahead; default one day. */
static bool expiry(sb_call *c, long long *expires)
{
	const char *text = pc_params_get(c->p, "expireTime");

	*expires = c->now + SB_CHECKOUT_DEFAULT_MS;
	if (!text || !*text)
		return true;
	if (sb_time_parse(text, expires) < 0 || *expires <= c->now
	    || *expires > c->now + SB_DAY_MS) {
		sb_refuse(c, 1009, "checkout.create: field expireTime: '%s' must be a Philippine time "
		          "within the next 24 hours", text);
		return false;
	}
	return true;
}

void sb_checkout_create(sb_call *c)
{
	static const char *const copied[] = { "mchOrderId", "currency", "callbackUrl", "redirectUrl",
	                                      "metadata", "remark", "availableChannelCodes" };
	long long amount = strtoll(pc_params_get(c->p, "amount"), NULL, 10), expires;
	char id[SB_ID_SIZE], code[16];
	char *link;
	cJSON *co;

	if (sb_ledger_find(&c->sb->ledger, "checkouts", "mchOrderId", pc_params_get(c->p, "mchOrderId"))) {
		sb_refuse(c, 1012, NULL);
		return;
	}
	if (amount < 100) {
		sb_refuse(c, 1009, "checkout.create: field amount: %lld is below the minimum 100", amount);
		return;
	}
	if (!customer_ok(c) || !items_ok(c) || !expiry(c, &expires))
		return;
	co = sb_ledger_add(&c->sb->ledger, "checkouts");
	if (!co) {
		sb_refuse(c, 1018, NULL);
		return;
	}
	for (size_t i = 0; i < sizeof(copied) / sizeof(copied[0]); i++) {
		const char *v = pc_params_get(c->p, copied[i]);

		sb_set_str(co, copied[i], v && *v ? v : NULL);
	}
	sb_id_timed(id, "CH", c->now, sb_ledger_next_seq(&c->sb->ledger));
	link = sb_link(c->sb, code);
	sb_set_str(co, "checkoutId", id);
	sb_set_str(co, "checkoutUrl", link);
	sb_set_str(co, "linkCode", code);
	sb_set_str(co, "appName", pc_params_get(c->outer, "appName"));
	sb_set_int(co, "amount", amount);
	sb_set_item(co, "customer", cJSON_Parse(pc_params_get(c->p, "customer")));
	sb_set_item(co, "items", cJSON_Parse(pc_params_get(c->p, "items")));
	sb_set_str(co, "status", "PENDING");
	sb_set_int(co, "createMs", c->now);
	sb_set_int(co, "returnMs", 0);
	sb_set_int(co, "expiresMs", expires);
	sb_set_null(co, "channelCode");
	sb_set_null(co, "transactionId");
	free(link);
	c->changed = true;
	c->data = cJSON_CreateObject();
	sb_json_str(c->data, "checkoutId", id);
	sb_json_str(c->data, "checkoutUrl", sb_str(co, "checkoutUrl"));
	sb_json_str(c->data, "status", "PENDING");
	sb_json_time(c->data, "expiresTime", expires);
}

void sb_checkout_status(sb_call *c)
{
	cJSON *co = sb_find_or_refuse(c, "checkouts", "mchOrderId");

	if (!co)
		return;
	c->data = cJSON_CreateObject();
	sb_json_str(c->data, "mchOrderId", sb_str(co, "mchOrderId"));
	sb_json_str(c->data, "checkoutId", sb_str(co, "checkoutId"));
	sb_json_int(c->data, "amount", sb_int(co, "amount"));
	sb_json_str(c->data, "transactionStatus", sb_str(co, "status"));
	sb_json_time(c->data, "createTime", sb_int(co, "createMs"));
	sb_json_time(c->data, "returnTime", sb_int(co, "returnMs"));
	sb_json_str(c->data, "appName", sb_str(co, "appName"));
	sb_json_str(c->data, "channelCode", sb_str(co, "channelCode"));
	sb_json_str(c->data, "remark", sb_str(co, "remark"));
	sb_json_str(c->data, "callbackUrl", sb_str(co, "callbackUrl"));
}

/* The channel the payer picks: as asked (one of availableChannelCodes
 * when those are set), else the first available, else GCASH_URL. */
static const char *pick_channel(sb_action *a, const cJSON *co, char *buf, size_t size)
{
	const char *asked = sb_action_str(a, "channelCode", false);
	const char *available = sb_str(co, "availableChannelCodes");

	if (!available || !*available) {
		snprintf(buf, size, "%s", asked ? asked : DEFAULT_CHANNEL);
		return buf;
	}
	if (!asked) {
		snprintf(buf, size, "%.*s", (int)strcspn(available, ","), available);
		return buf;
	}
	if (sb_times_listed(available, asked)) {
		snprintf(buf, size, "%s", asked);
		return buf;
	}
	sb_action_fail(a, 409, "channel %s is not among this checkout's availableChannelCodes %s",
	               asked, available);
	return NULL;
}

/* Statements show the payer's name and mobile. */
static void set_customer(cJSON *col, const cJSON *customer)
{
	const char *first = sb_str(customer, "firstName");
	const char *last = sb_str(customer, "lastName");
	char name[1100];

	snprintf(name, sizeof(name), "%s%s%s", first ? first : "", last ? " " : "", last ? last : "");
	sb_set_str(col, "customerName", name[0] ? name : NULL);
	sb_set_str(col, "mobile", sb_str(customer, "mobile"));
}

void sb_checkout_finish(sb_action *a, bool ok)
{
	const char *order = sb_action_str(a, "mchOrderId", true);
	cJSON *co = order ? sb_ledger_find(&a->sb->ledger, "checkouts", "mchOrderId", order) : NULL;
	const char *channel;
	char buf[128];
	cJSON *col;
	int failed = 0;

	if (!sb_action_failure(a, ok, &failed) || !order)
		return;
	if (!co) {
		sb_action_fail(a, 404, "no checkout with mchOrderId '%s'", order);
		return;
	}
	if (strcmp(sb_str0(co, "status"), "PENDING") != 0) {
		sb_action_fail(a, 409, "checkout '%s' is already %s", order, sb_str0(co, "status"));
		return;
	}
	if (a->now >= sb_int(co, "expiresMs")) {
		sb_action_fail(a, 409, "checkout '%s' has expired", order);
		return;
	}
	channel = pick_channel(a, co, buf, sizeof(buf));
	if (!channel)
		return;
	col = sb_collection_new(a->sb, "checkout", order, channel, sb_int(co, "amount"), a->now);
	if (!col) {
		sb_action_fail(a, 500, "out of memory");
		return;
	}
	sb_set_str(col, "checkoutId", sb_str(co, "checkoutId"));
	set_customer(col, cJSON_GetObjectItemCaseSensitive(co, "customer"));
	sb_set_str(col, "appName", sb_str(co, "appName"));
	sb_set_str(col, "remark", sb_str(co, "remark"));
	sb_set_str(col, "callbackUrl", sb_str(co, "callbackUrl"));
	sb_collection_finish(a->sb, col, failed == 0, failed, a->now);
	sb_set_str(co, "status", sb_str(col, "status"));
	sb_set_int(co, "returnMs", a->now);
	sb_set_str(co, "channelCode", channel);
	sb_set_str(co, "transactionId", sb_str(col, "transactionId"));
	sb_queue_payment_callback(a->sb, col, "checkout", a->now);
	a->changed = true;
	sb_json_str(a->out, "mchOrderId", order);
	sb_json_str(a->out, "transactionId", sb_str(col, "transactionId"));
	sb_json_str(a->out, "transactionStatus", sb_str(col, "status"));
	sb_json_str(a->out, "channelCode", channel);
}
