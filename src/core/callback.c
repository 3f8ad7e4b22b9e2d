#include "callback.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canonical.h"

static const struct {
	const char *prefix;
	const char *kind;
} event_kinds[] = {
	{ "disbursement.", "payout" },
	{ "qrcode.payment.", "qr" },
	{ "transfer.payment.", "transfer" },
	{ "h5.payment.", "web" },
	{ "checkout.payment.", "checkout" },
	{ "payment.refund.", "refund" },
	{ "directdebit.payment.", "directdebit" },
	{ "cpm.payment.", "cpm" },
	{ "payment.verification", "verification" },
	{ "payment.", "va" }, /* payment.success: static VA; after the longer ones */
};

const char *pc_callback_kind(const char *event)
{
	if (!event)
		return "unknown";
	for (size_t i = 0; i < sizeof(event_kinds) / sizeof(event_kinds[0]); i++)
		if (strncmp(event, event_kinds[i].prefix, strlen(event_kinds[i].prefix)) == 0)
			return event_kinds[i].kind;
	return "unknown";
}

static const char *first_of(const pc_params *p, const char *a, const char *b, const char *c)
{
	const char *v = pc_params_get(p, a);

	if (!v && b)
		v = pc_params_get(p, b);
	if (!v && c)
		v = pc_params_get(p, c);
	return v;
}

/* Amounts are integers in centavos; anything else is not shown as one. */
static void pick_amount(pc_callback *cb)
{
	const pc_param *a = pc_params_find(&cb->fields, "amount");
	char *end;

	if (!a)
		a = pc_params_find(&cb->fields, "refundAmount");
	if (!a || a->kind != PC_JNUM)
		return;
	errno = 0;
	cb->amount = strtoll(a->value, &end, 10);
	/* A number too large for centavos is not shown clamped as a real amount. */
	cb->has_amount = *end == '\0' && errno != ERANGE;
}

static void pick_facts(pc_callback *cb)
{
	const pc_params *p = &cb->fields;

	cb->event = pc_params_get(p, "eventName");
	cb->kind = pc_callback_kind(cb->event);
	cb->order = first_of(p, "mchOrderId", "mchRefundOrderId", "aggregateOrderId");
	cb->transaction = first_of(p, "transactionId", "refundTransactionId", NULL);
	cb->status = first_of(p, "transactionStatus", "refundStatus", NULL);
	cb->original = pc_params_get(p, "originalTransactionId");
	pick_amount(cb);
}

void pc_callback_judge(pc_callback *cb, const char *body, size_t len,
                       const pc_key *platform, pc_hash hash, const char *key_problem)
{
	pc_err err;

	memset(cb, 0, sizeof(*cb));
	pc_params_init(&cb->fields);
	cb->kind = "unknown";
	pc_err_clear(&err);
	if (pc_params_parse(&cb->fields, body, len, &err) < 0) {
		cb->verdict = PC_VERDICT_MALFORMED;
		snprintf(cb->reason, sizeof(cb->reason), "%s", err.msg);
		return;
	}
	pick_facts(cb);
	if (!platform) {
		cb->canonical = pc_canonical(&cb->fields);
		cb->verdict = PC_VERDICT_MISMATCH;
		snprintf(cb->reason, sizeof(cb->reason), "cannot verify: %s",
		         key_problem ? key_problem : "no platform_public_key in the profile");
		return;
	}
	cb->verdict = pc_verify_params(platform, hash, &cb->fields, &cb->canonical, &err);
	if (cb->verdict != PC_VERDICT_VALID)
		snprintf(cb->reason, sizeof(cb->reason), "%s", pc_verdict_reason(cb->verdict));
}

void pc_callback_free(pc_callback *cb)
{
	if (!cb)
		return;
	pc_params_free(&cb->fields);
	free(cb->canonical);
	memset(cb, 0, sizeof(*cb));
}
