/* pane_uat.c — the UAT acceptance checklist, as `paycon uat list` shows it.
 *
 * The checklist and this profile's progress come from the core (uat.h),
 * read again at every load so the CLI's runs show here too. Enter (or x)
 * runs the selected item; manual steps ask y/n on the status line; Ctrl-C
 * stops the item (it goes back to pending). v shows the evidence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lineedit.h"
#include "objects.h"
#include "screen.h"
#include "uat.h"

static pc_uat_checklist checklist;
static pc_uat_progress progress;
static bool loaded;
static char problem[512];

static const tui_column columns[] = {
	{ "Phase", 10, false },
	{ "Item", 22, false },
	{ "State", 8, false },
	{ "Runs", 8, false },
	{ "Title", 0, false },
};

static void unload(void)
{
	if (!loaded)
		return;
	pc_uat_progress_free(&progress);
	pc_uat_checklist_free(&checklist);
	loaded = false;
}

static bool read_checklist(tui_app *app)
{
	pc_err err;

	unload();
	problem[0] = '\0';
	pc_err_clear(&err);
	if (pc_uat_checklist_load(&checklist, NULL, &err) < 0) {
		snprintf(problem, sizeof(problem), "%s", err.msg);
		return false;
	}
	if (pc_uat_progress_load(&progress, &checklist, app->client->state_dir, &err) < 0) {
		snprintf(problem, sizeof(problem), "%s", err.msg);
		pc_uat_checklist_free(&checklist);
		return false;
	}
	loaded = true;
	return true;
}

static pc_env env_of(const tui_app *app)
{
	return app->profile->environment;
}

/* The state as `paycon uat list` says it; "n/a" for another phase's items. */
static const char *shown_state(const tui_app *app, size_t i)
{
	if (!pc_uat_item_applies(&checklist, i, env_of(app)))
		return "n/a";
	return pc_uat_state_name(progress.results[i].state);
}

static const char *how_it_runs(const tui_app *app, size_t i)
{
	if (!pc_uat_item_applies(&checklist, i, env_of(app)))
		return "n/a";
	return pc_uat_item_automatable(&checklist.items[i], env_of(app)) ? "auto" : "operator";
}

static int state_role(const char *state)
{
	if (strcmp(state, "pass") == 0)
		return TUI_ROLE_OK;
	if (strcmp(state, "fail") == 0)
		return TUI_ROLE_FAILED;
	if (strcmp(state, "manual") == 0)
		return TUI_ROLE_WARNING;
	if (strcmp(state, "pending") == 0)
		return TUI_ROLE_PENDING;
	return TUI_ROLE_DIM;
}

static void summary(tui_app *app, tui_text *out)
{
	pc_uat_counts n;

	tui_text_clear(out);
	if (problem[0]) {
		tui_text_addf(out, TUI_ROLE_FAILED, "UAT checklist: %s", problem);
		return;
	}
	pc_uat_count(&checklist, &progress, env_of(app), &n);
	tui_text_addf(out, TUI_ROLE_DIM, "%zu items for %s: %zu pass, %zu fail, %zu skipped, %zu manual, %zu pending.",
	              n.items, pc_env_name(env_of(app)), n.pass, n.fail, n.skipped, n.manual, n.pending);
}

static void load(tui_app *app, tui_pane *p)
{
	const tui_row *sel = tui_list_selected(&p->list);
	char *keep = sel ? strdup(sel->key) : NULL;

	read_checklist(app);
	summary(app, &p->pre);
	tui_list_clear(&p->list);
	for (size_t i = 0; loaded && i < checklist.nitems; i++) {
		const pc_uat_item *it = &checklist.items[i];
		const char *state = shown_state(app, i);
		tui_row *r = tui_list_add(&p->list, it->id, i);

		if (!r)
			break;
		tui_row_set(r, 0, checklist.phases[it->phase].id);
		tui_row_set(r, 1, it->id);
		tui_row_set(r, 2, state);
		tui_row_set(r, 3, how_it_runs(app, i));
		tui_row_set(r, 4, it->title);
		r->status_col = 2;
		r->role = state_role(state);
	}
	tui_list_refilter(&p->list, keep);
	free(keep);
}

/* The evidence view: what the item checks, its result, then the evidence. */
static void detail(tui_app *app, tui_pane *p, const tui_row *row, tui_text *out)
{
	const pc_uat_item *it;
	const pc_uat_result *r;
	char *text;

	(void)p;
	if (!loaded || row->ref >= checklist.nitems)
		return;
	it = &checklist.items[row->ref];
	r = &progress.results[row->ref];
	tui_text_addf(out, TUI_ROLE_TITLE, "%s", it->id);
	tui_text_add_field(out, TUI_ROLE_LIST, "title", 12, it->title);
	tui_text_add_field(out, state_role(shown_state(app, row->ref)), "state", 12, shown_state(app, row->ref));
	tui_text_add_field(out, TUI_ROLE_LIST, "pass when", 12, it->pass);
	tui_text_add_field(out, TUI_ROLE_LIST, "evidence", 12, it->evidence);
	tui_text_add_field(out, TUI_ROLE_LIST, "started", 12, r->started ? r->started : "-");
	tui_text_add_field(out, TUI_ROLE_LIST, "finished", 12, r->finished ? r->finished : "-");
	tui_text_add_field(out, TUI_ROLE_LIST, "detail", 12, r->detail ? r->detail : "-");
	if (r->note)
		tui_text_add_field(out, TUI_ROLE_LIST, "note", 12, r->note);
	tui_text_addf(out, TUI_ROLE_LIST, "%s", "");
	text = pc_uat_evidence_text(r);
	if (!text || !text[0])
		tui_text_addf(out, TUI_ROLE_DIM, "No evidence yet: Enter runs the item.");
	else
		tui_text_add_block(out, TUI_ROLE_LIST, 0, text);
	free(text);
}

/* ---- running ------------------------------------------------------------ */

static pc_uat_state ask_operator(void *ud, const pc_uat_item *item, const char *instruction, bool action,
                                 char *note, size_t note_size)
{
	tui_app *app = ud;
	char question[256];
	int answer;

	(void)note;
	(void)note_size;
	/* The instruction goes on the status line (sanitised there), the question after it. */
	tui_status(app, "%s: %s", item->id, instruction);
	snprintf(question, sizeof(question), "%s: %s", item->id,
	         action ? "done? y goes on, n leaves it for later" : "did it pass? y pass, n fail, Esc later");
	answer = tui_ask_yes_no(app, question);
	if (answer < 0)
		return PC_UAT_MANUAL;
	if (action)
		return answer ? PC_UAT_PASS : PC_UAT_MANUAL;
	return answer ? PC_UAT_PASS : PC_UAT_FAIL;
}

static void show_progress(void *ud, const pc_uat_item *item, const char *line)
{
	tui_app *app = ud;

	tui_status(app, "UAT %s: %s (Ctrl-C stops)", item->id, line);
	if (app->screen && !app->headless)
		tui_draw(app);
}

static bool stopped(void *ud)
{
	tui_app *app = ud;

	return app->cancel && *app->cancel != 0;
}

static void run_item(tui_app *app, tui_pane *p, size_t index)
{
	pc_uat_hooks hooks = { 0 };
	const pc_uat_result *r;
	bool cancelled;
	char id[128];
	pc_err err;
	int rc;

	snprintf(id, sizeof(id), "%s", checklist.items[index].id);
	if (!pc_uat_item_applies(&checklist, index, env_of(app))) {
		tui_error(app, "%s belongs to the %s phase, which is not for %s profiles.", id,
		          checklist.phases[checklist.items[index].phase].id, pc_env_name(env_of(app)));
		return;
	}
	hooks.ask = ask_operator;
	hooks.progress = show_progress;
	hooks.stop = stopped;
	hooks.ud = app;
	pc_err_clear(&err);
	tui_begin_request(app, id);
	rc = pc_uat_run_item(app->client, &checklist, index, &progress, &hooks, &err);
	cancelled = tui_end_request(app);
	tui_mark_stale(app, NULL);
	p->stale = true;
	if (rc < 0) {
		tui_error(app, "UAT %s: %s", id, err.msg);
		return;
	}
	r = &progress.results[index];
	if (cancelled && r->state == PC_UAT_PENDING)
		tui_status(app, "UAT %s: stopped with Ctrl-C; it is pending again.", id);
	else if (r->state == PC_UAT_FAIL)
		tui_error(app, "UAT %s: fail: %s", id, r->detail ? r->detail : "");
	else
		tui_status(app, "UAT %s: %s%s%s", id, pc_uat_state_name(r->state), r->detail ? ": " : "",
		           r->detail ? r->detail : "");
}

static bool act(tui_app *app, tui_pane *p, const tui_action *a, const char *arg)
{
	const tui_row *row = tui_list_selected(&p->list);
	char title[300];

	(void)arg;
	if (a->id != TUI_A_RUN_ITEM && a->id != TUI_A_SHOW_EVIDENCE)
		return false;
	if (!loaded || !row || row->ref >= checklist.nitems) {
		tui_error(app, "%s", problem[0] ? problem : "Select a checklist item first.");
		return true;
	}
	if (a->id == TUI_A_RUN_ITEM) {
		run_item(app, p, row->ref);
		return true;
	}
	tui_text_clear(&app->detail);
	detail(app, p, row, &app->detail);
	snprintf(title, sizeof(title), "%s %s", tui_pane_title(app->current), row->key);
	tui_show_detail(app, title, row->key);
	return true;
}

static void done(tui_app *app, tui_pane *p)
{
	(void)app;
	(void)p;
	unload();
}

const tui_pane_ops tui_uat_pane = {
	.id = TUI_PANE_UAT,
	.cols = columns,
	.ncols = sizeof(columns) / sizeof(columns[0]),
	.load = load,
	.detail = detail,
	.act = act,
	.done = done,
};
