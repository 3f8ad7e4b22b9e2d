#include "reconcile.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

const char *pc_rec_state_name(pc_rec_state s)
{
	static const char *const names[] = { "settled", "absent", "conflict", "unknown" };

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

const char *pc_money_key_field(const char *op)
{
	if (strcmp(op, "payout.create") == 0)
		return "mchOrderId";
	if (strcmp(op, "refund.create") == 0)
		return "mchRefundOrderId";
	return NULL;
}

static void copy_json_string(char *dst, size_t size, const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	if (cJSON_IsString(v) && v->valuestring)
		snprintf(dst, size, "%s", v->valuestring);
}

/* Does PayCools' amount match the one we asked for? A mismatch means the
 * order id belongs to some other payment. */
static int amount_matches(const cJSON *obj, const char *field, const pc_params *intent,
                          const char *intent_field)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);
	const char *want = pc_params_get(intent, intent_field);
	char have[32];

	if (!want || !cJSON_IsNumber(v))
		return 1; /* nothing to compare: trust the id */
	snprintf(have, sizeof(have), "%.0f", v->valuedouble);
	return strcmp(have, want) == 0;
}

static void settle_from(pc_rec_result *res, const cJSON *obj, const char *status_field,
                        const char *txn_field)
{
	res->state = PC_REC_SETTLED;
	copy_json_string(res->status, sizeof(res->status), obj, status_field);
	copy_json_string(res->transaction_id, sizeof(res->transaction_id), obj, txn_field);
}

/* Asks PayCools op about field=value; 0 when env holds an answer for the
 * caller to look into. A failure whose API code is one of absent_codes
 * (0-terminated) means PayCools has no such order: ABSENT. Any other failure
 * leaves the result UNKNOWN with the reason in detail. The caller frees env
 * either way. */
static int ask(pc_client *c, const char *op, const char *field, const char *value,
               const int *absent_codes, pc_envelope *env, pc_rec_result *res, pc_err *err)
{
	pc_params q;
	int rc;

	pc_params_init(&q);
	pc_params_set_str(&q, field, value);
	rc = pc_client_call(c, op, &q, env, err);
	pc_params_free(&q);
	res->code = env->code;
	if (rc == 0)
		return 0;
	for (const int *code = absent_codes; *code; code++) {
		if (err->cls == PC_EAPI && err->api_code == *code) {
			res->state = PC_REC_ABSENT;
			return -1;
		}
	}
	snprintf(res->detail, sizeof(res->detail), "%s", err->msg);
	return -1;
}

static void lookup_payout(pc_client *c, const char *key, const pc_params *intent,
                          pc_rec_result *res, pc_err *err)
{
	static const int absent_codes[] = { 1008, 0 };
	pc_envelope env;

	if (ask(c, "payout.status", "mchOrderId", key, absent_codes, &env, res, err) == 0) {
		if (amount_matches(env.data, "amount", intent, "amount")) {
			settle_from(res, env.data, "transactionStatus", "transactionId");
		} else {
			res->state = PC_REC_CONFLICT;
			snprintf(res->detail, sizeof(res->detail),
			         "PayCools holds order %s with another amount: it is not this payout", key);
		}
	}
	pc_envelope_free(&env);
}

static const cJSON *find_refund(const cJSON *list, const char *key)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, list) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "mchRefundOrderId");

		if (cJSON_IsString(id) && strcmp(id->valuestring, key) == 0)
			return item;
	}
	return NULL;
}

static void lookup_refund(pc_client *c, const char *key, const pc_params *intent,
                          pc_rec_result *res, pc_err *err)
{
	static const int absent_codes[] = { 1008, 1501, 0 };
	const char *original = pc_params_get(intent, "originalTransactionId");
	pc_envelope env;

	if (!original) {
		snprintf(res->detail, sizeof(res->detail),
		         "the journal's intent for refund %s names no originalTransactionId", key);
		return;
	}
	if (ask(c, "refund.show", "originalTransactionId", original, absent_codes, &env, res,
	        err) == 0) {
		const cJSON *found = find_refund(env.data, key);

		if (!found)
			res->state = PC_REC_ABSENT;
		else if (!amount_matches(found, "refundAmount", intent, "refundAmount"))
			res->state = PC_REC_CONFLICT;
		else
			settle_from(res, found, "refundStatus", "refundTransactionId");
	}
	pc_envelope_free(&env);
}

static int record(pc_client *c, const char *op, const char *key, const pc_rec_result *res,
                  pc_err *err)
{
	static const char *const outcome_of[] = { "settled", "absent", "rejected", NULL };
	pc_journal *j;
	pc_outcome o = {0};

	if (res->state == PC_REC_UNKNOWN)
		return 0;
	j = pc_client_journal(c, err);
	if (!j)
		return -1;
	o.outcome = outcome_of[res->state];
	o.code = res->code;
	o.status = res->status[0] ? res->status : NULL;
	o.transaction_id = res->transaction_id[0] ? res->transaction_id : NULL;
	o.detail = res->detail[0] ? res->detail : NULL;
	return pc_journal_outcome(j, op, key, &o, err);
}

int pc_reconcile_one(pc_client *c, const char *op, const char *key,
                     const pc_params *intent_fields, int write,
                     pc_rec_result *res, pc_err *err)
{
	pc_err lookup_err;

	memset(res, 0, sizeof(*res));
	res->state = PC_REC_UNKNOWN;
	pc_err_clear(&lookup_err);
	if (strcmp(op, "payout.create") == 0)
		lookup_payout(c, key, intent_fields, res, &lookup_err);
	else if (strcmp(op, "refund.create") == 0)
		lookup_refund(c, key, intent_fields, res, &lookup_err);
	else
		return pc_err_set(err, PC_EINPUT, "journal entry of unknown operation '%s'", op);
	if (write && record(c, op, key, res, err) < 0)
		return -1;
	if (res->state == PC_REC_UNKNOWN)
		return pc_err_set(err, lookup_err.cls ? lookup_err.cls : PC_ETRANSPORT,
		                  "%s %s: outcome still unknown: %s", op, key, res->detail);
	return 0;
}

int pc_reconcile_all(pc_client *c, pc_reconcile_report report, void *ud, int *left, pc_err *err)
{
	pc_journal *j = pc_client_journal(c, err);
	pc_journal_view view;
	int unresolved = 0;

	*left = 0;
	if (!j || pc_journal_read(pc_journal_path(j), &view, err) < 0)
		return -1;
	for (int i = 0; i < view.count; i++) {
		const pc_journal_entry *e = &view.items[i];
		pc_rec_result res;
		pc_err one;

		if (!pc_journal_entry_unresolved(e))
			continue;
		pc_err_clear(&one);
		if (pc_reconcile_one(c, e->op, e->key, &e->fields, 1, &res, &one) < 0
		    && res.state == PC_REC_UNKNOWN)
			unresolved++;
		if (report)
			report(e, &res, ud);
	}
	pc_journal_view_free(&view);
	*left = unresolved;
	return 0;
}
