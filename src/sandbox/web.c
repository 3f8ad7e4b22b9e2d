/* web.c — web payments (7.1-7.4).
 *
 * A web payment is a collection (collections[], product "web") from the
 * moment it is created: PENDING until the payer finishes it through
 * /_sandbox/web/complete or /fail. Extra fields: email, mobile,
 * customerName, remark, callbackUrl, redirectUrl (the merchant's),
 * payUrl (the hosted link answered as redirectUrl), linkCode, expiresMs
 * (the link lives one hour). */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static cJSON *find_web(sb_ctx *sb, const char *field, const char *value)
{
	cJSON *col;

	cJSON_ArrayForEach(col, sb_ledger_list(&sb->ledger, "collections"))
		if (strcmp(sb_str0(col, "product"), "web") == 0 && sb_str(col, field)
		    && strcmp(sb_str(col, field), value) == 0)
			return col;
	return NULL;
}

void sb_web_create(sb_call *c)
{
	static const char *const copied[] = { "appName", "customerName", "email", "mobile",
	                                      "remark", "callbackUrl", "redirectUrl" };
	const char *order = pc_params_get(c->p, "mchOrderId");
	long long amount = strtoll(pc_params_get(c->p, "amount"), NULL, 10);
	char code[16];
	char *link;
	cJSON *col;

	if (find_web(c->sb, "mchOrderId", order)) {
		sb_refuse(c, 1012, NULL);
		return;
	}
	col = sb_collection_new(c->sb, "web", order, pc_params_get(c->p, "channelCode"), amount,
	                        c->now);
	link = col ? sb_link(c->sb, code) : NULL;
	if (!link) {
		sb_refuse(c, 1018, NULL);
		return;
	}
	for (size_t i = 0; i < sizeof(copied) / sizeof(copied[0]); i++) {
		const char *v = pc_params_get(c->p, copied[i]);

		sb_set_str(col, copied[i], v && *v ? v : NULL);
	}
	sb_set_str(col, "payUrl", link);
	sb_set_str(col, "linkCode", code);
	sb_set_int(col, "expiresMs", c->now + SB_WEB_LINK_MS);
	free(link);
	c->changed = true;
	c->data = cJSON_CreateObject();
	sb_json_str(c->data, "redirectUrl", sb_str(col, "payUrl"));
	sb_json_str(c->data, "transactionStatus", "PENDING");
	sb_json_str(c->data, "transactionId", sb_str(col, "transactionId"));
}

void sb_web_status(sb_call *c)
{
	cJSON *col = find_web(c->sb, "transactionId", pc_params_get(c->p, "transactionId"));

	if (!col) {
		/* The text of the doc's own example. */
		sb_refuse(c, 1008, "Transaction Not Found");
		return;
	}
	c->data = cJSON_CreateObject();
	sb_json_str(c->data, "mchOrderId", sb_str(col, "mchOrderId"));
	sb_json_str(c->data, "transactionId", sb_str(col, "transactionId"));
	sb_json_int(c->data, "amount", sb_int(col, "amount"));
	sb_json_str(c->data, "transactionStatus", sb_str(col, "status"));
	sb_json_time(c->data, "createTime", sb_int(col, "createMs"));
	sb_json_time(c->data, "returnTime", sb_int(col, "returnMs"));
	sb_json_str(c->data, "appName", sb_str(col, "appName"));
	sb_json_str(c->data, "customerName", sb_str(col, "customerName"));
	sb_json_str(c->data, "channelCode", sb_str(col, "channelCode"));
	sb_json_str(c->data, "email", sb_str(col, "email"));
	sb_json_str(c->data, "mobile", sb_str(col, "mobile"));
	sb_json_str(c->data, "remark", sb_str(col, "remark"));
	sb_json_str(c->data, "callbackUrl", sb_str(col, "callbackUrl"));
}

void sb_web_finish(sb_action *a, bool ok)
{
	const char *id = sb_action_str(a, "transactionId", true);
	cJSON *col = id ? find_web(a->sb, "transactionId", id) : NULL;
	int failed = 0;

	if (!sb_action_failure(a, ok, &failed) || !id)
		return;
	if (!col) {
		sb_action_fail(a, 404, "no web payment with transactionId '%s'", id);
		return;
	}
	if (strcmp(sb_str0(col, "status"), "PENDING") != 0) {
		sb_action_fail(a, 409, "web payment '%s' is already %s", id, sb_str0(col, "status"));
		return;
	}
	if (a->now >= sb_int(col, "expiresMs")) {
		sb_action_fail(a, 409, "the payment link of '%s' expired (links live one hour)", id);
		return;
	}
	sb_collection_finish(a->sb, col, failed == 0, failed, a->now);
	sb_queue_payment_callback(a->sb, col, "h5", a->now);
	a->changed = true;
	sb_json_str(a->out, "transactionId", id);
	sb_json_str(a->out, "transactionStatus", sb_str(col, "status"));
}
