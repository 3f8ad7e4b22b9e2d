/* pane_journal.c — the journal of money-moving requests, newest first.
 *
 * An intent without a settled outcome is UNKNOWN until reconcile (`c`, or
 * the gentle poll in live.c) asks PayCools where it stands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "backlog.h"
#include "journal.h"
#include "objects.h"
#include "paths.h"
#include "reconcile.h"

/* The console's journal reader (backlog.h) folds the file once and then
 * only what is appended, so a journal of months reloads at once. */
static const pc_journal_view empty;
static char problem[512];
static bool reading;

static const tui_column columns[] = {
	{ "Sent", 11, false },
	{ "Operation", 13, false },
	{ "Order", 18, false },
	{ "Amount", 15, true },
	{ "Outcome", 9, false },
	{ "Status", 0, false },
};

static long long entry_amount(const pc_journal_entry *e)
{
	const char *v = pc_params_get(&e->fields, strcmp(e->op, "refund.create") == 0 ? "refundAmount" : "amount");

	return v ? atoll(v) : 0;
}

/* "2026-11-21T10:00:00.123Z" -> "11-21 10:00" (UTC, as written). */
static void short_time(const char *iso, char *buf, size_t size)
{
	if (iso && strlen(iso) >= 16)
		snprintf(buf, size, "%.5s %.5s", iso + 5, iso + 11);
	else
		snprintf(buf, size, "-");
}

static const char *shown_outcome(const pc_journal_entry *e)
{
	return pc_journal_entry_unresolved(e) ? "UNKNOWN" : e->outcome;
}

/* Read, never created here: a viewer may have no journal at all. */
static const pc_journal_view *read_journal(tui_app *app)
{
	const pc_journal_view *v;
	pc_err err;

	problem[0] = '\0';
	reading = false;
	pc_err_clear(&err);
	v = tui_backlog_journal_view(app, &err);
	if (v)
		return v;
	if (err.msg[0])
		snprintf(problem, sizeof(problem), "%s", err.msg);
	else
		reading = true;
	return &empty;
}

static const pc_journal_view *seen(const tui_app *app)
{
	const pc_journal_view *v = tui_backlog_journal_seen(app);

	return v ? v : &empty;
}

static void summary(const pc_journal_view *view, tui_text *out)
{
	int unknown = 0;

	for (int i = 0; i < view->count; i++)
		unknown += pc_journal_entry_unresolved(&view->items[i]);
	if (problem[0])
		tui_text_addf(out, TUI_ROLE_FAILED, "Journal: %s", problem);
	else if (reading)
		tui_text_addf(out, TUI_ROLE_DIM, "Reading the journal...");
	else if (unknown)
		tui_text_addf(out, TUI_ROLE_UNKNOWN, "%d request(s) with an UNKNOWN outcome: never send them again; "
		              "c reconciles", unknown);
	else
		tui_text_addf(out, TUI_ROLE_DIM, "%d money-moving request(s); every outcome known.", view->count);
}

static void load(tui_app *app, tui_pane *p)
{
	const tui_row *sel = tui_list_selected(&p->list);
	char *keep = sel ? strdup(sel->key) : NULL;
	char buf[64], key[256];
	const pc_journal_view *view = read_journal(app);

	summary(view, &p->pre);
	tui_list_clear(&p->list);
	for (int i = view->count; i-- > 0;) {
		const pc_journal_entry *e = &view->items[i];
		const char *outcome = shown_outcome(e);
		tui_row *r;

		snprintf(key, sizeof(key), "%s/%s", e->op, e->key);
		r = tui_list_add(&p->list, key, (size_t)i);
		if (!r)
			break;
		short_time(e->intent_ts, buf, sizeof(buf));
		tui_row_set(r, 0, buf);
		tui_row_set(r, 1, e->op);
		tui_row_set(r, 2, e->key);
		tui_money(app, entry_amount(e), buf, sizeof(buf));
		tui_row_set(r, 3, buf);
		tui_row_set(r, 4, outcome);
		r->status_col = 4;
		r->role = strcmp(outcome, "UNKNOWN") == 0 ? TUI_ROLE_UNKNOWN
		          : strcmp(outcome, "rejected") == 0 || strcmp(outcome, "not_sent") == 0 ? TUI_ROLE_FAILED
		          : tui_status_role(e->status ? e->status : "PENDING");
		tui_row_setf(r, 5, "%s%s%s", e->status ? e->status : "-", e->detail ? "  " : "",
		             e->detail ? e->detail : "");
	}
	tui_list_refilter(&p->list, keep);
	free(keep);
}

static void detail(tui_app *app, tui_pane *p, const tui_row *row, tui_text *out)
{
	const pc_journal_view *view = seen(app);
	const pc_journal_entry *e = row->ref < (size_t)view->count ? &view->items[row->ref] : NULL;
	char money[64], code[16];

	(void)p;
	if (!e)
		return;
	tui_text_addf(out, TUI_ROLE_TITLE, "%s %s", e->op, e->key);
	tui_text_add_field(out, TUI_ROLE_LIST, "intent written", 24, e->intent_ts);
	tui_money(app, entry_amount(e), money, sizeof(money));
	tui_text_add_field(out, TUI_ROLE_MONEY, "amount", 24, money);
	tui_text_add_field(out, tui_status_role(shown_outcome(e)), "outcome", 24, shown_outcome(e));
	tui_text_add_field(out, TUI_ROLE_LIST, "outcome written", 24, e->outcome_ts ? e->outcome_ts : "-");
	snprintf(code, sizeof(code), "%d", e->code);
	tui_text_add_field(out, TUI_ROLE_LIST, "code", 24, e->code ? code : "-");
	tui_text_add_field(out, TUI_ROLE_LIST, "status", 24, e->status ? e->status : "-");
	tui_text_add_field(out, TUI_ROLE_LIST, "transactionId", 24, e->transaction_id ? e->transaction_id : "-");
	tui_text_add_field(out, TUI_ROLE_LIST, "detail", 24, e->detail ? e->detail : "-");
	tui_text_addf(out, TUI_ROLE_LIST, "%s", "");
	tui_text_addf(out, TUI_ROLE_TITLE, "Request fields (as journaled before sending)");
	for (size_t i = 0; i < e->fields.n; i++)
		tui_text_add_field(out, TUI_ROLE_LIST, e->fields.items[i].key, 24, e->fields.items[i].value);
}

typedef struct {
	tui_app *app;
	int settled;
} reconcile_count;

static void reconciled(const pc_journal_entry *e, const pc_rec_result *r, void *ud)
{
	reconcile_count *rc = ud;
	const char *kind = strcmp(e->op, "refund.create") == 0 ? "refund" : "payout";
	const char *status = r->state == PC_REC_SETTLED ? r->status
	                     : r->state == PC_REC_ABSENT ? "ABSENT" : r->state == PC_REC_CONFLICT ? "CONFLICT" : NULL;
	pc_err err;

	if (!status || !rc->app->store)
		return;
	rc->settled++;
	pc_store_put(rc->app->store, kind, e->key, status, NULL, NULL, NULL, 0, &err);
}

static bool act(tui_app *app, tui_pane *p, const tui_action *a, const char *arg)
{
	reconcile_count count = { app, 0 };
	pc_err err;
	int left = 0;

	(void)arg;
	if (a->id != TUI_A_RECONCILE)
		return false;
	pc_err_clear(&err);
	tui_begin_request(app, "reconcile");
	if (pc_reconcile_all(app->client, reconciled, &count, &left, &err) < 0) {
		tui_end_request(app);
		tui_error(app, "Reconcile: %s", err.msg);
		return true;
	}
	tui_end_request(app);
	tui_mark_stale(app, NULL);
	p->stale = true;
	if (left)
		tui_error(app, "%d settled; %d still UNKNOWN (PayCools did not answer usefully): try again later.",
		          count.settled, left);
	else
		tui_status(app, "%d settled; every outcome is known.", count.settled);
	return true;
}


const tui_pane_ops tui_journal_pane = {
	.id = TUI_PANE_JOURNAL,
	.cols = columns,
	.ncols = sizeof(columns) / sizeof(columns[0]),
	.load = load,
	.detail = detail,
	.act = act,
};
