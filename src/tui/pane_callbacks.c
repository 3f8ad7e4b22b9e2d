/* pane_callbacks.c — the spool, live: every callback with its verdict.
 *
 * live.c follows the spool and keeps one line per callback; the detail
 * view reads the file again and shows the canonical string the signature
 * covers, the verdict and its reason, and the body as received. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "callback.h"
#include "live.h"
#include "objects.h"

static const tui_column columns[] = {
	{ "Received", 14, false },
	{ "Verdict", 9, false },
	{ "Event", 24, false },
	{ "Order", 18, false },
	{ "Amount", 13, true },
	{ "Status, or why not valid", 0, false },
};

static void received_text(unsigned long long ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, size, "%m-%d %H:%M:%S", &tm);
}

static void load(tui_app *app, tui_pane *p)
{
	const tui_row *sel = tui_list_selected(&p->list);
	char *keep = sel ? strdup(sel->key) : NULL;
	const tui_live *lv = app->live;
	char buf[64];

	tui_list_clear(&p->list);
	for (size_t k = lv ? lv->n : 0; k-- > 0;) {
		const tui_callback *c = &lv->items[k];
		tui_row *r = tui_list_add(&p->list, c->name, k);

		if (!r)
			break;
		received_text(c->ms, buf, sizeof(buf));
		tui_row_set(r, 0, buf);
		tui_row_set(r, 1, pc_verdict_name(c->verdict));
		r->status_col = 1;
		r->role = tui_status_role(pc_verdict_name(c->verdict));
		tui_row_set(r, 2, c->event ? c->event : "-");
		tui_row_set(r, 3, c->order ? c->order : "-");
		if (c->has_amount)
			tui_money(app, c->amount, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "-");
		tui_row_set(r, 4, buf);
		if (c->verdict == PC_VERDICT_VALID)
			tui_row_set(r, 5, c->status ? c->status : "-");
		else
			tui_row_setf(r, 5, "%s", c->reason ? c->reason : "");
	}
	tui_list_refilter(&p->list, keep);
	free(keep);
}

static void preamble(tui_app *app, tui_pane *p, tui_text *out)
{
	const tui_live *lv = app->live;

	(void)p;
	if (!lv)
		return;
	if (lv->problem[0])
		tui_text_addf(out, TUI_ROLE_WARNING, "Spool %s: %s", app->profile->spool, lv->problem);
	else if (!lv->started && lv->spool && !lv->listed)
		tui_text_addf(out, TUI_ROLE_DIM, "Spool %s: reading the callbacks there at start", app->profile->spool);
	else if (!lv->started && lv->spool)
		tui_text_addf(out, TUI_ROLE_DIM, "Spool %s: reading the callbacks there at start, %zu of %zu",
		              app->profile->spool, tui_live_backlog_done(app), tui_live_backlog_total(app));
	else
		tui_text_addf(out, TUI_ROLE_DIM, "Spool %s, followed live%s%s", app->profile->spool,
		              lv->skipped ? "; older callbacks not read: " : "",
		              lv->skipped ? "see paycon tail" : "");
	if (app->platform_problem[0])
		tui_text_addf(out, TUI_ROLE_WARNING, "Cannot verify: %s", app->platform_problem);
}

static void detail(tui_app *app, tui_pane *p, const tui_row *row, tui_text *out)
{
	const tui_callback *c = row->ref < app->live->n ? &app->live->items[row->ref] : NULL;
	const pc_key *key = app->platform_problem[0] ? NULL : pc_client_platform_key(app->client, NULL);
	char buf[64];
	size_t len = 0;
	char *body;
	pc_callback cb;
	pc_err err;

	(void)p;
	if (!c)
		return;
	tui_text_addf(out, TUI_ROLE_TITLE, "Callback %s", c->name);
	tui_time_text((long long)c->ms, buf, sizeof(buf));
	tui_text_add_field(out, TUI_ROLE_LIST, "received", 24, buf);
	pc_err_clear(&err);
	body = tui_live_read(app, c->name, &len, &err);
	if (!body) {
		tui_text_add_field(out, TUI_ROLE_FAILED, "verdict", 24, "malformed");
		tui_text_add_field(out, TUI_ROLE_FAILED, "reason", 24, err.msg);
		return;
	}
	pc_callback_judge(&cb, body, len, key, app->profile->sign_hash, app->platform_problem);
	tui_text_add_field(out, tui_status_role(pc_verdict_name(cb.verdict)), "verdict", 24,
	                   pc_verdict_name(cb.verdict));
	tui_text_add_field(out, TUI_ROLE_LIST, "reason", 24,
	                   cb.verdict == PC_VERDICT_VALID ? "the signature verifies with the platform key" : cb.reason);
	tui_text_add_field(out, TUI_ROLE_LIST, "belongs to", 24, cb.kind);
	tui_text_addf(out, TUI_ROLE_LIST, "%s", "");
	tui_text_addf(out, TUI_ROLE_TITLE, "Fields");
	for (size_t i = 0; i < cb.fields.n; i++)
		tui_text_add_field(out, TUI_ROLE_LIST, cb.fields.items[i].key, 24, cb.fields.items[i].value);
	tui_text_addf(out, TUI_ROLE_LIST, "%s", "");
	tui_text_addf(out, TUI_ROLE_TITLE, "Canonical string (what the signature covers)");
	tui_text_add_block(out, TUI_ROLE_LIST, 2, cb.canonical ? cb.canonical : "(none: the body is malformed)");
	tui_text_addf(out, TUI_ROLE_LIST, "%s", "");
	tui_text_addf(out, TUI_ROLE_TITLE, "Body (as received, %zu bytes)", len);
	tui_text_add_block(out, TUI_ROLE_LIST, 2, body);
	pc_callback_free(&cb);
	free(body);
}

const tui_pane_ops tui_callbacks_pane = {
	.id = TUI_PANE_CALLBACKS,
	.cols = columns,
	.ncols = sizeof(columns) / sizeof(columns[0]),
	.load = load,
	.preamble = preamble,
	.detail = detail,
};
