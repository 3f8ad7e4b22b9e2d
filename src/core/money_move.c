#include "money_move.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canonical.h"
#include "reconcile.h"

const char *pc_move_result_name(pc_move_result r)
{
	static const char *const names[] = { "accepted", "already", "rejected", "not_sent", "unknown" };

	return (unsigned)r < sizeof(names) / sizeof(names[0]) ? names[r] : "unknown";
}

void pc_move_free(pc_move *mv)
{
	if (!mv)
		return;
	cJSON_Delete(mv->data);
	mv->data = NULL;
}

/* Codes after which PayCools may hold the object anyway (duplicate ids,
 * "retry" answers): the outcome is unknown until looked up. */
static int code_leaves_outcome_open(int code)
{
	return code == 1012 || code == 1013 || code == 1014 || code == 1018
	       || code == 1502 || code == 1515;
}

static int same_request(const pc_params *a, const pc_params *b)
{
	char *ca = pc_canonical(a);
	char *cb = pc_canonical(b);
	int same = ca && cb && strcmp(ca, cb) == 0;

	free(ca);
	free(cb);
	return same;
}

static void take_status(pc_move *mv, const pc_rec_result *r)
{
	snprintf(mv->status, sizeof(mv->status), "%s", r->status);
	snprintf(mv->transaction_id, sizeof(mv->transaction_id), "%s", r->transaction_id);
	if (r->code)
		mv->code = r->code;
}

static int write_outcome(pc_client *c, const char *op, const char *key, const char *outcome,
                         const pc_move *mv, const char *detail, pc_err *err);

/* What the journal says about this order decides whether we may send.
 * Returns 1 to send, 0 when settled without sending (mv filled), -1 on
 * refusal or when the outcome is still open. */
static int decide_from_journal(pc_client *c, const pc_journal_entry *e, const pc_params *fields,
                               pc_move *mv, pc_err *err)
{
	pc_rec_result r;
	bool confirmed;

	if (!same_request(&e->fields, fields))
		return pc_err_set(err, PC_EINPUT,
		                  "order %s is already in the journal (%s) with different details: "
		                  "a retry must repeat the same request; use a new order id for a new one "
		                  "(paycon journal shows the first)", e->key, e->intent_ts);
	if (e->outcome && (strcmp(e->outcome, "not_sent") == 0 || strcmp(e->outcome, "absent") == 0
	                   || strcmp(e->outcome, "rejected") == 0))
		return 1;
	confirmed = e->outcome && (strcmp(e->outcome, "accepted") == 0 || strcmp(e->outcome, "settled") == 0);
	/* accepted, settled or unknown: ask PayCools where it stands. */
	if (pc_reconcile_one(c, e->op, e->key, &e->fields, !confirmed, &r, err) < 0) {
		mv->result = PC_MOVE_UNKNOWN;
		return pc_err_prefix(err, "not sent again, because an earlier attempt may have arrived");
	}
	if (r.state == PC_REC_ABSENT && !confirmed)
		return 1;
	take_status(mv, &r);
	if (r.state == PC_REC_ABSENT) {
		/* PayCools said it had it; never pay again on a later "not found". */
		mv->result = PC_MOVE_UNKNOWN;
		return pc_err_set(err, PC_EAPI, "PayCools accepted %s earlier (journal %s) but no longer finds it: "
		                  "not sending it again; ask PayCools support", e->key, e->intent_ts);
	}
	if (r.state == PC_REC_CONFLICT) {
		mv->result = PC_MOVE_REJECTED;
		return pc_err_set(err, PC_EAPI, "%s", r.detail);
	}
	if (confirmed) {
		pc_err ignored;

		write_outcome(c, e->op, e->key, "settled", mv, NULL, &ignored);
	}
	mv->result = PC_MOVE_ALREADY;
	return 0;
}

static int write_outcome(pc_client *c, const char *op, const char *key, const char *outcome,
                         const pc_move *mv, const char *detail, pc_err *err)
{
	pc_outcome o = {0};
	pc_journal *j = pc_client_journal(c, err);

	if (!j)
		return -1;
	o.outcome = outcome;
	o.code = mv->code;
	o.status = mv->status[0] ? mv->status : NULL;
	o.transaction_id = mv->transaction_id[0] ? mv->transaction_id : NULL;
	o.detail = detail;
	return pc_journal_outcome(j, op, key, &o, err);
}

static void read_answer(pc_move *mv, const pc_envelope *env, const char *status_field,
                        const char *txn_field)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(env->data, status_field);
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(env->data, txn_field);

	mv->code = env->code;
	if (cJSON_IsString(s))
		snprintf(mv->status, sizeof(mv->status), "%s", s->valuestring);
	if (cJSON_IsString(t))
		snprintf(mv->transaction_id, sizeof(mv->transaction_id), "%s", t->valuestring);
	if (env->data)
		mv->data = cJSON_Duplicate(env->data, 1);
}

/* The answer's fate after a send that did not simply succeed. */
static int after_failed_send(pc_client *c, const pc_endpoint *ep, const pc_params *fields,
                             pc_sent sent, pc_move *mv, pc_err *err)
{
	pc_err ignored;
	pc_rec_result r;

	if (err->cls == PC_ETRANSPORT && sent == PC_SENT_NO) {
		mv->result = PC_MOVE_NOT_SENT;
		write_outcome(c, ep->id, mv->key, "not_sent", mv, err->msg, &ignored);
		return pc_err_prefix(err, "nothing was sent (the same command can be run again)");
	}
	if (err->cls == PC_EAPI && !code_leaves_outcome_open(err->api_code)) {
		mv->result = PC_MOVE_REJECTED;
		write_outcome(c, ep->id, mv->key, "rejected", mv, err->msg, &ignored);
		return -1;
	}
	/* Sent, and we cannot tell: record it, then look once right away. */
	mv->result = PC_MOVE_UNKNOWN;
	write_outcome(c, ep->id, mv->key, "unknown", mv, err->msg, &ignored);
	pc_err_clear(&ignored);
	if (pc_reconcile_one(c, ep->id, mv->key, fields, 0, &r, &ignored) == 0) {
		if (r.state == PC_REC_SETTLED) {
			take_status(mv, &r);
			mv->result = PC_MOVE_ACCEPTED;
			write_outcome(c, ep->id, mv->key, "settled", mv, NULL, &ignored);
			return 0;
		}
		/* PayCools answered with a code and holds nothing under our id:
		 * it refused this request. */
		if (r.state == PC_REC_ABSENT && err->cls == PC_EAPI) {
			mv->result = PC_MOVE_REJECTED;
			write_outcome(c, ep->id, mv->key, "rejected", mv, err->msg, &ignored);
			return -1;
		}
	}
	if (err->cls == PC_EAPI)
		return pc_err_prefix(err, "outcome unknown; run `paycon reconcile` to settle it");
	err->cls = PC_ETRANSPORT;
	return pc_err_prefix(err, "outcome unknown: the request may have arrived; "
	                          "`paycon reconcile` will settle it (never send it under new ids)");
}

static int send_journaled(pc_client *c, const pc_endpoint *ep, const pc_params *fields,
                          pc_move *mv, pc_err *err)
{
	const int is_refund = strcmp(ep->id, "refund.create") == 0;
	pc_journal *j = pc_client_journal(c, err);
	pc_request rq;
	pc_envelope env;
	pc_sent sent;
	int rc;

	if (!j || pc_client_build(c, ep, fields, &rq, err) < 0)
		return -1;
	if (pc_journal_intent(j, ep->id, mv->key, fields, err) < 0) {
		pc_request_free(&rq);
		return pc_err_prefix(err, "nothing was sent, because the journal could not be written");
	}
	rc = pc_client_send(c, &rq, &env, &sent, err);
	pc_request_free(&rq);
	read_answer(mv, &env, is_refund ? "refundStatus" : "transactionStatus",
	            is_refund ? "refundTransactionId" : "transactionId");
	pc_envelope_free(&env);
	if (rc == 0) {
		pc_err ignored;

		mv->result = PC_MOVE_ACCEPTED;
		write_outcome(c, ep->id, mv->key, "accepted", mv, NULL, &ignored);
		return 0;
	}
	return after_failed_send(c, ep, fields, sent, mv, err);
}

int pc_money_move(pc_client *c, const pc_endpoint *ep, const pc_params *fields,
                  pc_move *mv, pc_err *err)
{
	const char *key_field = pc_money_key_field(ep->id);
	const char *key = key_field ? pc_params_get(fields, key_field) : NULL;
	pc_journal_view view;
	const pc_journal_entry *e;
	pc_journal *j;
	int decision = 1;

	memset(mv, 0, sizeof(*mv));
	mv->result = PC_MOVE_NOT_SENT;
	if (!(ep->flags & PC_EP_MOVES_MONEY) || !key_field)
		return pc_err_set(err, PC_EINPUT, "%s does not move money", ep->id);
	if (c->profile->role != PC_ROLE_OPERATOR)
		return pc_err_set(err, PC_EINPUT, "profile '%s' has the viewer role: %s is refused",
		                  c->profile->name, ep->id);
	if (!key || !*key)
		return pc_err_set(err, PC_EINPUT, "%s: %s is missing", ep->id, key_field);
	snprintf(mv->key, sizeof(mv->key), "%s", key);
	j = pc_client_journal(c, err);
	if (!j || pc_journal_read(pc_journal_path(j), &view, err) < 0)
		return -1;
	e = pc_journal_find(&view, ep->id, key);
	if (e)
		decision = decide_from_journal(c, e, fields, mv, err);
	pc_journal_view_free(&view);
	if (decision <= 0)
		return decision;
	return send_journaled(c, ep, fields, mv, err);
}
