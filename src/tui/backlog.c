/* backlog.c — reading the journal and spool after the first frame (see backlog.h). */
#include "backlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live.h"
#include "objects.h"
#include "paths.h"
#include "store.h"

/* Lines folded, or entries marked, between two looks at the clock. */
#define JOURNAL_BATCH 256
#define STORE_BATCH 256

struct tui_backlog {
	pc_journal_reader *journal;
	bool journal_read;         /* folded to the end */
	int marked;                /* entries looked at for UNKNOWN */
	bool journal_done;
};

void tui_backlog_start(tui_app *app)
{
	tui_backlog *b = calloc(1, sizeof(*b));
	char *path;
	pc_err err;

	app->backlog = b;
	if (!b)
		return;
	path = pc_strdupf("%s/journal", app->client->state_dir);
	pc_err_clear(&err);
	/* Read, never created here: a viewer may have no journal at all. */
	b->journal = path ? pc_journal_reader_open(path, &err) : NULL;
	b->journal_done = !b->journal;
	free(path);
}

void tui_backlog_stop(tui_app *app)
{
	if (!app->backlog)
		return;
	pc_journal_reader_close(app->backlog->journal);
	free(app->backlog);
	app->backlog = NULL;
}

bool tui_backlog_pending(const tui_app *app)
{
	const tui_live *lv = app->live;

	if (app->store && !pc_store_loaded(app->store))
		return true;
	if (app->backlog && !app->backlog->journal_done)
		return true;
	return lv && lv->spool && !lv->started;
}

/* A request whose outcome the journal does not know shows as UNKNOWN in
 * its pane until reconcile settles it (live.c asks, gently). */
static void mark_entry(tui_app *app, const pc_journal_entry *e)
{
	const char *kind = strcmp(e->op, "refund.create") == 0 ? "refund" : "payout";
	const pc_store_obj *o = pc_store_find(app->store, kind, e->key);
	cJSON *fields;
	pc_err err;

	pc_err_clear(&err);
	/* Settled elsewhere (the CLI reconciles too): the object follows. */
	if (!pc_journal_entry_unresolved(e)) {
		if (o && o->status && strcmp(o->status, "UNKNOWN") == 0) {
			pc_store_put(app->store, kind, e->key, tui_journal_status(e), NULL, NULL, NULL, 0, &err);
			tui_mark_stale(app, kind);
		}
		return;
	}
	if (o && pc_store_status_final(o->status))
		return;
	fields = pc_store_fields_json(&e->fields);
	cJSON_DeleteItemFromObjectCaseSensitive(fields, "appName");
	if (pc_store_put(app->store, kind, e->key, "UNKNOWN", fields, NULL, NULL, 0, &err) == 0)
		tui_mark_stale(app, kind);
	cJSON_Delete(fields);
}

/* One batch of journal work; false when the journal is done. */
static bool journal_batch(tui_app *app)
{
	tui_backlog *b = app->backlog;
	const pc_journal_view *v;
	pc_err err;

	if (!b->journal_read) {
		int rc;

		pc_err_clear(&err);
		rc = pc_journal_reader_step(b->journal, JOURNAL_BATCH, &err);
		if (rc < 0) {
			tui_error(app, "Journal: %s", err.msg);
			b->journal_done = true;
			return false;
		}
		b->journal_read = rc == 0;
		return true;
	}
	v = pc_journal_reader_view(b->journal);
	if (!app->store) {
		b->journal_done = true;
		return false;
	}
	for (int n = 0; n < JOURNAL_BATCH && b->marked < v->count; n++)
		mark_entry(app, &v->items[b->marked++]);
	b->journal_done = b->marked >= v->count;
	if (b->journal_done)
		tui_mark_stale(app, "journal");
	return !b->journal_done;
}

/* One batch of the object store; false when it is read. */
static bool store_batch(tui_app *app)
{
	pc_err err;
	int rc;

	pc_err_clear(&err);
	rc = pc_store_load_step(app->store, STORE_BATCH, &err);
	tui_mark_stale(app, NULL);
	if (rc < 0) {
		/* As if it could not be opened: the panes work without it. */
		tui_error(app, "Object store: %s", err.msg);
		pc_store_close(app->store);
		app->store = NULL;
		snprintf(app->store_problem, sizeof(app->store_problem), "%s", err.msg);
	}
	return rc > 0;
}

void tui_backlog_step(tui_app *app)
{
	long long deadline = tui_mono_ms() + TUI_BACKLOG_SLICE_MS;

	while (app->store && !pc_store_loaded(app->store) && tui_mono_ms() < deadline)
		store_batch(app);
	if (app->store && !pc_store_loaded(app->store))
		return;
	while (app->backlog && !app->backlog->journal_done && tui_mono_ms() < deadline)
		journal_batch(app);
	if (tui_mono_ms() < deadline)
		tui_live_load(app, deadline);
}

const pc_journal_view *tui_backlog_journal_view(tui_app *app, pc_err *err)
{
	tui_backlog *b = app->backlog;
	int rc;

	if (!b || !b->journal || !b->journal_done)
		return NULL;
	/* Only what was appended since: reconcile and other processes write. */
	while ((rc = pc_journal_reader_step(b->journal, 1 << 16, err)) > 0)
		;
	return rc < 0 ? NULL : pc_journal_reader_view(b->journal);
}

const pc_journal_view *tui_backlog_journal_seen(const tui_app *app)
{
	const tui_backlog *b = app->backlog;

	return b && b->journal && b->journal_done ? pc_journal_reader_view(b->journal) : NULL;
}

const pc_journal_entry *tui_backlog_journal_find(tui_app *app, const char *op, const char *key)
{
	pc_err err;

	pc_err_clear(&err);
	if (!tui_backlog_journal_view(app, &err))
		return NULL;
	return pc_journal_reader_find(app->backlog->journal, op, key);
}
