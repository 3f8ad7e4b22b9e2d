/* qr.c — QR codes (5.1-5.6) and the J&T merged-order QR (v2).
 *
 * Ledger object (qrcodes[]): mchOrderId, qrcodeId, qrcodeContent,
 * channelCode, appName, customerName, email, remark, callbackUrl, amount
 * (0 for a static QR: the payer types it), status (ACTIVE | INACTIVE),
 * createMs, updateMs, expiresMs (dynamic and hybrid; 0 = never), qrLink,
 * linkCode; merged orders add v2, items, fee, totalAmount, businessType,
 * feeSplitType.
 *
 * A dynamic QR takes one payment and then turns INACTIVE; static and
 * hybrid QR codes take any number. Static QR codes send success callbacks
 * only (PayCools' FAQ). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callbacks.h"
#include "codes.h"
#include "handlers.h"
#include "idgen.h"
#include "qrph.h"

static bool is_channel(const cJSON *qr, const char *channel)
{
	return strcmp(sb_str0(qr, "channelCode"), channel) == 0;
}

/* Dynamic and hybrid codes expire; the status turns INACTIVE when someone
 * next looks at it. */
static void expire(cJSON *qr, long long now, bool *changed)
{
	long long expires = sb_int(qr, "expiresMs");

	if (expires > 0 && now >= expires && strcmp(sb_str0(qr, "status"), "ACTIVE") == 0) {
		sb_set_str(qr, "status", "INACTIVE");
		sb_set_int(qr, "updateMs", expires);
		*changed = true;
	}
}

/* The request's QR code (1008 when none), its status brought up to date. */
static cJSON *find_qr(sb_call *c)
{
	cJSON *qr = sb_find_or_refuse(c, "qrcodes", "mchOrderId");

	if (qr)
		expire(qr, c->now, &c->changed);
	return qr;
}

static cJSON *qr_answer(const cJSON *qr)
{
	cJSON *o = cJSON_CreateObject();

	sb_json_str(o, "mchOrderId", sb_str(qr, "mchOrderId"));
	sb_json_str(o, "qrcodeId", sb_str(qr, "qrcodeId"));
	sb_json_str(o, "qrcodeContent", sb_str(qr, "qrcodeContent"));
	sb_json_str(o, "channelCode", sb_str(qr, "channelCode"));
	sb_json_str(o, "callbackUrl", sb_str(qr, "callbackUrl"));
	sb_json_time(o, "createTime", sb_int(qr, "createMs"));
	sb_json_time(o, "updateTime", sb_int(qr, "updateMs"));
	sb_json_str(o, "remark", sb_str(qr, "remark"));
	sb_json_str(o, "status", sb_str(qr, "status"));
	sb_json_str(o, "qrLink", sb_str(qr, "qrLink"));
	return o;
}

/* The v2 detail: the v1 fields and the merged order's. */
static cJSON *qr_v2_answer(const cJSON *qr)
{
	cJSON *o = qr_answer(qr);
	const char *items = sb_str(qr, "items");
	cJSON *parsed = items ? cJSON_Parse(items) : NULL;

	sb_json_int(o, "amount", sb_int(qr, "amount"));
	sb_json_int(o, "fee", sb_int(qr, "fee"));
	sb_json_int(o, "totalAmount", sb_int(qr, "totalAmount") ? sb_int(qr, "totalAmount")
	                                                         : sb_int(qr, "amount"));
	sb_json_int(o, "businessType", sb_int(qr, "businessType") ? sb_int(qr, "businessType") : 1);
	cJSON_AddNullToObject(o, "warning");
	if (parsed)
		cJSON_AddItemToObject(o, "items", parsed);
	else
		cJSON_AddArrayToObject(o, "items");
	return o;
}

static void set_optional(cJSON *o, const pc_params *p, const char *key)
{
	const char *v = pc_params_get(p, key);

	if (v && *v)
		sb_set_str(o, key, v);
	else if (!cJSON_GetObjectItemCaseSensitive(o, key))
		sb_set_null(o, key);
}

/* A new ACTIVE QR code with its payload and link. */
static cJSON *new_qr(sb_call *c, const char *order, const char *channel, long long amount)
{
	cJSON *qr = sb_ledger_add(&c->sb->ledger, "qrcodes");
	bool dynamic = strcmp(channel, "QRPH_DYNAMIC_QR") == 0;
	char id[SB_ID_SIZE], code[16];
	char *content, *link;

	if (!qr)
		return NULL;
	sb_id_timed(id, "QR", c->now, sb_ledger_next_seq(&c->sb->ledger));
	content = sb_qrph_payload(pc_params_get(c->p, "appName"), id, order, amount, dynamic);
	link = sb_link(c->sb, code);
	sb_set_str(qr, "mchOrderId", order);
	sb_set_str(qr, "qrcodeId", id);
	sb_set_str(qr, "qrcodeContent", content);
	sb_set_str(qr, "channelCode", channel);
	sb_set_int(qr, "amount", amount);
	sb_set_str(qr, "status", "ACTIVE");
	sb_set_int(qr, "createMs", c->now);
	sb_set_int(qr, "updateMs", c->now);
	sb_set_int(qr, "expiresMs", 0);
	sb_set_str(qr, "qrLink", link);
	sb_set_str(qr, "linkCode", code);
	free(content);
	free(link);
	set_optional(qr, c->p, "appName");
	set_optional(qr, c->p, "callbackUrl");
	set_optional(qr, c->p, "remark");
	return qr;
}

void sb_qr_create(sb_call *c)
{
	const char *order = pc_params_get(c->p, "mchOrderId");
	const char *channel = pc_params_get(c->p, "channelCode");
	const char *expire_text = pc_params_get(c->p, "expireSeconds");
	bool is_static = strcmp(channel, "QRPH_STATIC_QR") == 0;
	long long amount = 0, expire_s = SB_QR_DEFAULT_EXPIRE_S;
	cJSON *qr;

	if (sb_ledger_find(&c->sb->ledger, "qrcodes", "mchOrderId", order)) {
		sb_refuse(c, 1012, NULL);
		return;
	}
	/* A static QR has no amount: the payer types it. */
	if (!is_static)
		amount = strtoll(pc_params_get(c->p, "amount"), NULL, 10);
	if (expire_text && *expire_text)
		expire_s = strtoll(expire_text, NULL, 10);
	qr = new_qr(c, order, channel, amount);
	if (!qr) {
		sb_refuse(c, 1018, NULL);
		return;
	}
	set_optional(qr, c->p, "customerName");
	set_optional(qr, c->p, "email");
	if (!is_static)
		sb_set_int(qr, "expiresMs", c->now + expire_s * 1000);
	c->changed = true;
	c->data = qr_answer(qr);
}

void sb_qr_show(sb_call *c)
{
	cJSON *qr = find_qr(c);

	if (qr)
		c->data = qr_answer(qr);
}

void sb_qr_payments(sb_call *c)
{
	if (find_qr(c))
		sb_answer_payments(c, "qr", NULL);
}

void sb_qr_cancel(sb_call *c)
{
	cJSON *qr = find_qr(c);

	if (!qr)
		return;
	if (strcmp(sb_str0(qr, "status"), "INACTIVE") != 0) {
		sb_set_str(qr, "status", "INACTIVE");
		sb_set_int(qr, "updateMs", c->now);
		c->changed = true;
	}
	c->data = qr_answer(qr);
}

void sb_qr_update(sb_call *c)
{
	static const char *const updatable[] = { "customerName", "callbackUrl", "email", "remark" };
	cJSON *qr = find_qr(c);

	if (!qr)
		return;
	for (size_t i = 0; i < sizeof(updatable) / sizeof(updatable[0]); i++) {
		const char *v = pc_params_get(c->p, updatable[i]);

		if (v && *v)
			sb_set_str(qr, updatable[i], v);
	}
	sb_set_int(qr, "updateMs", c->now);
	c->changed = true;
	c->data = qr_answer(qr);
}

/* `items` must be the JSON text of a list of objects. */
static bool items_ok(sb_call *c, const char *items)
{
	cJSON *parsed = cJSON_Parse(items);
	bool ok = cJSON_IsArray(parsed) && cJSON_GetArraySize(parsed) > 0;
	const cJSON *it;

	cJSON_ArrayForEach(it, parsed)
		if (!cJSON_IsObject(it))
			ok = false;
	cJSON_Delete(parsed);
	if (!ok)
		sb_refuse(c, 1009, "%s: field items: must be the JSON text of a non-empty list of "
		          "objects", c->ep->id);
	return ok;
}

void sb_qr_merge_create(sb_call *c)
{
	const char *order = pc_params_get(c->p, "aggregateOrderId");
	const char *split = pc_params_get(c->p, "feeSplitType");
	const char *type = pc_params_get(c->p, "businessType");
	long long amount = strtoll(pc_params_get(c->p, "aggregateAmount"), NULL, 10);
	long long fee = amount * SB_COLLECTION_FEE_PCT / 100;
	long long fee_split = split && *split ? strtoll(split, NULL, 10) : 2;
	cJSON *qr;

	if (sb_ledger_find(&c->sb->ledger, "qrcodes", "mchOrderId", order)) {
		sb_refuse(c, 1012, NULL);
		return;
	}
	if (!items_ok(c, pc_params_get(c->p, "items")))
		return;
	qr = new_qr(c, order, pc_params_get(c->p, "channelCode"),
	            fee_split == 2 ? amount + fee : amount);
	if (!qr) {
		sb_refuse(c, 1018, NULL);
		return;
	}
	/* amount is what the merchant asked for; totalAmount what the payer pays. */
	sb_set_int(qr, "amount", amount);
	sb_set_bool(qr, "v2", true);
	sb_set_str(qr, "items", pc_params_get(c->p, "items"));
	sb_set_int(qr, "fee", fee);
	sb_set_int(qr, "feeSplitType", fee_split);
	sb_set_int(qr, "totalAmount", fee_split == 2 ? amount + fee : amount);
	sb_set_int(qr, "businessType", type && *type ? strtoll(type, NULL, 10) : 1);
	c->changed = true;
	c->data = qr_v2_answer(qr);
}

/* The merged QR holding sub-order id, or NULL. */
static cJSON *find_sub_order(sb_call *c, const char *sub)
{
	cJSON *qr;

	cJSON_ArrayForEach(qr, sb_ledger_list(&c->sb->ledger, "qrcodes")) {
		cJSON *items = sb_str(qr, "items") ? cJSON_Parse(sb_str(qr, "items")) : NULL;
		const cJSON *it;
		bool found = false;

		cJSON_ArrayForEach(it, items)
			if (sb_str(it, "subOrderId") && strcmp(sb_str(it, "subOrderId"), sub) == 0)
				found = true;
		cJSON_Delete(items);
		if (found)
			return qr;
	}
	return NULL;
}

void sb_qr_v2_detail(sb_call *c)
{
	const char *order = pc_params_get(c->p, "mchOrderId");
	const char *sub = pc_params_get(c->p, "subOrderId");
	cJSON *qr = NULL;

	if ((!order || !*order) && (!sub || !*sub)) {
		sb_refuse(c, 1009, "qr.v2_detail: field mchOrderId: missing (give mchOrderId or subOrderId)");
		return;
	}
	if (order && *order)
		qr = sb_ledger_find(&c->sb->ledger, "qrcodes", "mchOrderId", order);
	else
		qr = find_sub_order(c, sub);
	if (!qr) {
		sb_refuse(c, 1008, NULL);
		return;
	}
	expire(qr, c->now, &c->changed);
	c->data = qr_v2_answer(qr);
}

/* ---- a payer scans the code ---- */

static long long amount_to_pay(sb_action *a, const cJSON *qr)
{
	long long fixed = sb_int(qr, "totalAmount") ? sb_int(qr, "totalAmount") : sb_int(qr, "amount");
	long long given = 0;
	bool has = sb_action_int(a, "amount", false, &given);

	if (is_channel(qr, "QRPH_STATIC_QR") && !sb_str(qr, "items")) {
		if (!has)
			sb_action_fail(a, 400, "a static QR code needs the \"amount\" the payer types, in centavos");
		else if (given < 100)
			sb_action_fail(a, 400, "\"amount\" must be at least 100 centavos");
		return given;
	}
	if (has && given != fixed)
		sb_action_fail(a, 409, "this QR code is for %lld centavos, not %lld", fixed, given);
	return fixed;
}

static void queue_qr_callback(sb_ctx *sb, const cJSON *qr, const cJSON *col, long long now)
{
	bool ok = strcmp(sb_str0(col, "status"), "COMPLETE") == 0;
	pc_params cb;

	/* Static QR codes send success callbacks only. */
	if (!ok && is_channel(qr, "QRPH_STATIC_QR"))
		return;
	sb_callback_begin(&cb, col, "qrcode");
	sb_callback_outcome(&cb, col);
	if (sb_str(qr, "items")) /* J&T merged orders carry the fee */
		pc_params_set_int(&cb, "fee", sb_int(col, "fee"));
	sb_callback_queue(sb, sb_str(qr, "callbackUrl"), &cb, now);
	pc_params_free(&cb);
}

void sb_qr_pay(sb_action *a)
{
	const char *order = sb_action_str(a, "mchOrderId", true);
	const char *remark = sb_action_str(a, "remark", false);
	cJSON *qr = order ? sb_ledger_find(&a->sb->ledger, "qrcodes", "mchOrderId", order) : NULL;
	long long amount;
	cJSON *col;
	int failed;

	if (a->status != 200)
		return;
	if (!qr) {
		sb_action_fail(a, 404, "no QR code with mchOrderId '%s'", order);
		return;
	}
	expire(qr, a->now, &a->changed);
	if (strcmp(sb_str0(qr, "status"), "ACTIVE") != 0) {
		sb_action_fail(a, 409, "QR code '%s' is %s: it takes no payment", order,
		               sb_str0(qr, "status"));
		return;
	}
	amount = amount_to_pay(a, qr);
	if (!sb_action_failure(a, true, &failed))
		return;
	col = sb_collection_new(a->sb, "qr", order, sb_str0(qr, "channelCode"), amount, a->now);
	if (!col) {
		sb_action_fail(a, 500, "out of memory");
		return;
	}
	sb_set_str(col, "customerName", sb_str(qr, "customerName"));
	sb_set_str(col, "appName", sb_str(qr, "appName"));
	sb_set_str(col, "remark", remark ? remark : sb_str(qr, "remark"));
	sb_collection_finish(a->sb, col, failed == 0, failed, a->now);
	if (failed == 0 && is_channel(qr, "QRPH_DYNAMIC_QR")) {
		sb_set_str(qr, "status", "INACTIVE");
		sb_set_int(qr, "updateMs", a->now);
	}
	queue_qr_callback(a->sb, qr, col, a->now);
	a->changed = true;
	sb_json_str(a->out, "transactionId", sb_str(col, "transactionId"));
	sb_json_str(a->out, "transactionStatus", sb_str(col, "status"));
	sb_json_int(a->out, "amount", amount);
}
