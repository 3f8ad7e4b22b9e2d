/* live.c — callbacks from the spool, pending checks, other writers (see live.h). */
#include "live.h"

#include <stdlib.h>
#include <string.h>

#include "backlog.h"
#include "callback.h"
#include "objects.h"
#include "paths.h"
#include "reconcile.h"

#define STORE_CHECK_MS 1000

static void callback_clear(tui_callback *c)
{
	free(c->reason);
	free(c->event);
	free(c->order);
	free(c->transaction);
	free(c->status);
}

static char *copy_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static const pc_key *platform_key(tui_app *app)
{
	pc_err err;
	const pc_key *k;

	if (app->platform_problem[0])
		return NULL;
	pc_err_clear(&err);
	k = pc_client_platform_key(app->client, &err);
	if (!k)
		snprintf(app->platform_problem, sizeof(app->platform_problem), "%s", err.msg);
	return k;
}

static tui_callback *add_callback(tui_live *lv)
{
	if (lv->n == lv->cap) {
		size_t cap = lv->cap ? lv->cap * 2 : 256;
		tui_callback *items = realloc(lv->items, cap * sizeof(*items));

		if (!items)
			return NULL;
		lv->items = items;
		lv->cap = cap;
	}
	memset(&lv->items[lv->n], 0, sizeof(lv->items[0]));
	return &lv->items[lv->n++];
}

char *tui_live_read(tui_app *app, const char *name, size_t *len, pc_err *err)
{
	char *body = NULL;

	if (!app->live || !app->live->spool) {
		pc_err_set(err, PC_EINPUT, "the spool is not open");
		return NULL;
	}
	if (pc_spool_read(app->live->spool, name, &body, len, TUI_LIVE_MAX_BODY, err) < 0)
		return NULL;
	return body;
}

/* Reads, judges, lists and applies one callback. */
static void take(tui_app *app, const pc_spool_entry *e)
{
	tui_live *lv = app->live;
	tui_callback *c = add_callback(lv);
	const pc_key *key = platform_key(app);
	size_t len = 0;
	char *body;
	pc_callback cb;
	pc_err err;

	if (!c)
		return;
	snprintf(c->name, sizeof(c->name), "%s", e->name);
	c->ms = e->key.ms;
	if (lv->started && lv->nfresh < (int)(sizeof(lv->fresh) / sizeof(lv->fresh[0])))
		lv->fresh[lv->nfresh++] = e->key.ms;
	pc_err_clear(&err);
	body = tui_live_read(app, e->name, &len, &err);
	if (!body) {
		c->verdict = PC_VERDICT_MALFORMED;
		c->reason = pc_strdupf("unreadable: %s", err.msg);
		c->kind = "unknown";
		return;
	}
	pc_callback_judge(&cb, body, len, key, app->profile->sign_hash, app->platform_problem);
	c->verdict = cb.verdict;
	c->reason = strdup(cb.reason);
	c->kind = cb.kind;
	c->event = copy_or_null(cb.event);
	c->order = copy_or_null(cb.order);
	c->transaction = copy_or_null(cb.transaction);
	c->status = copy_or_null(cb.status);
	c->amount = cb.amount;
	c->has_amount = cb.has_amount;
	if (app->store) {
		int changed = pc_store_apply_callback(app->store, &cb, (long long)e->key.ms, &err);

		if (changed > 0)
			tui_mark_stale(app, cb.kind);
	}
	pc_callback_free(&cb);
	free(body);
}

static void take_list(tui_app *app, const pc_spool_list *list, size_t first)
{
	for (size_t i = first; i < list->n; i++)
		take(app, &list->items[i]);
	if (list->n > first)
		tui_mark_stale(app, "callbacks");
}

/* Drains the doorbell, keeping the names it rang for; true when a full
 * listing is needed instead (events lost, the watcher gone). */
static bool drain_watcher(tui_live *lv)
{
	int drained;

	lv->rang.n = 0;
	if (!lv->watch)
		return true;
	drained = pc_spool_watch_drain(lv->watch, &lv->rang);
	if (drained == PC_SPOOL_WATCH_LOST) {
		pc_spool_watch_close(lv->watch);
		lv->watch = NULL;
		snprintf(lv->problem, sizeof(lv->problem), "the spool's new/ went away; checking every %d ms",
		         PC_SPOOL_POLL_MS);
	}
	return drained == PC_SPOOL_WATCH_LOST || drained == PC_SPOOL_WATCH_RESCAN;
}

/* What is new since the cursor: by the names the watcher gave when it
 * can (in proportion to them), else by listing new/ (to the spool). */
static void scan_new(tui_app *app, bool list_all)
{
	tui_live *lv = app->live;
	size_t first = 0;
	pc_spool_list list;
	pc_err err;
	int rc;

	pc_err_clear(&err);
	rc = list_all ? pc_spool_scan_since(lv->spool, lv->cursor, &list, &err)
	              : pc_spool_scan_rang(lv->spool, lv->cursor, &lv->rang, &list, &err);
	if (rc < 0) {
		/* The names it had are lost with it: list new/ next time. */
		snprintf(lv->problem, sizeof(lv->problem), "%s", err.msg);
		lv->need_full = true;
		return;
	}
	if (lv->need_full && lv->watch)
		lv->problem[0] = '\0'; /* the listing that failed worked now */
	lv->need_full = false;
	/* A first listing after the one at start failed: the newest only. */
	if (lv->n == 0 && list.n > TUI_LIVE_MAX_CALLBACKS)
		first = lv->skipped = list.n - TUI_LIVE_MAX_CALLBACKS;
	take_list(app, &list, first);
	pc_spool_list_free(&list);
}

void tui_live_scan(tui_app *app)
{
	tui_live *lv = app->live;
	bool list_all;

	if (!lv || !lv->spool)
		return;
	list_all = drain_watcher(lv) || lv->need_full;
	lv->next_scan = tui_mono_ms() + PC_SPOOL_POLL_MS;
	if (!lv->started) {
		/* Read in order after what was there at start (tui_live_load). */
		lv->rescan_due = true;
		return;
	}
	scan_new(app, list_all);
}

static void open_watcher(tui_live *lv)
{
	pc_err err;

	pc_err_clear(&err);
	lv->watch = pc_spool_watch_open(lv->spool, &err);
	if (!lv->watch)
		snprintf(lv->problem, sizeof(lv->problem), "cannot watch the spool (%s); checking every %d ms",
		         err.msg, PC_SPOOL_POLL_MS);
}

/* The first step: list new/, keeping the newest TUI_LIVE_MAX_CALLBACKS. */
static void list_backlog(tui_app *app)
{
	tui_live *lv = app->live;
	pc_err err;

	pc_err_clear(&err);
	lv->listed = true;
	if (pc_spool_scan_since(lv->spool, lv->cursor, &lv->backlog, &err) < 0) {
		/* Retried every PC_SPOOL_POLL_MS by the tick, not at every slice. */
		snprintf(lv->problem, sizeof(lv->problem), "%s", err.msg);
		memset(&lv->backlog, 0, sizeof(lv->backlog));
		lv->need_full = true;
		return;
	}
	if (lv->backlog.n > TUI_LIVE_MAX_CALLBACKS) {
		lv->skipped = lv->backlog.n - TUI_LIVE_MAX_CALLBACKS;
		lv->backlog_next = lv->skipped;
	}
}

static void end_backlog(tui_app *app)
{
	tui_live *lv = app->live;

	pc_spool_list_free(&lv->backlog);
	lv->backlog_next = 0;
	lv->started = true;
	tui_mark_stale(app, "callbacks");
	if (lv->rescan_due) {
		lv->rescan_due = false;
		scan_new(app, true);
	}
}

bool tui_live_load(tui_app *app, long long deadline)
{
	tui_live *lv = app->live;
	size_t first;

	if (!lv || !lv->spool || lv->started)
		return false;
	if (!lv->watch && !lv->listed && !lv->watch_tried) {
		lv->watch_tried = true;
		open_watcher(lv);
		return true;
	}
	if (!lv->listed) {
		list_backlog(app);
		return true;
	}
	first = lv->backlog_next;
	do {
		if (lv->backlog_next < lv->backlog.n)
			take(app, &lv->backlog.items[lv->backlog_next++]);
	} while (lv->backlog_next < lv->backlog.n && tui_mono_ms() < deadline);
	if (lv->backlog_next > first)
		tui_mark_stale(app, "callbacks");
	if (lv->backlog_next < lv->backlog.n)
		return true;
	end_backlog(app);
	return false;
}

size_t tui_live_backlog_done(const tui_app *app)
{
	const tui_live *lv = app->live;

	return lv && lv->listed ? lv->backlog_next - lv->skipped : 0;
}

size_t tui_live_backlog_total(const tui_app *app)
{
	const tui_live *lv = app->live;

	return lv && lv->listed ? lv->backlog.n - lv->skipped : 0;
}

/* The watcher too unless at start: on a directory of 100,000 files adding
 * the watch takes longer than the whole first frame, so it is the first
 * step of reading the backlog (before listing it: nothing slips between). */
static void open_spool(tui_app *app, bool watch)
{
	tui_live *lv = app->live;
	pc_err err;

	pc_err_clear(&err);
	lv->spool = pc_spool_open_reader(app->profile->spool, &err);
	if (!lv->spool) {
		snprintf(lv->problem, sizeof(lv->problem), "%s", err.msg);
		return;
	}
	lv->problem[0] = '\0';
	if (watch)
		open_watcher(lv);
}

void tui_live_start(tui_app *app)
{
	const char *interval = getenv("PAYCON_POLL_MS");
	tui_live *lv = calloc(1, sizeof(*lv));
	pc_err err;

	app->live = lv;
	if (!lv)
		return;
	lv->poll_interval = 10000;
	if (interval && *interval)
		lv->poll_interval = atoll(interval) > 0 ? atoll(interval) : 0;
	lv->next_poll = tui_mono_ms() + lv->poll_interval;
	pc_err_clear(&err);
	lv->cursor = pc_spool_cursor_new(NULL, &err);
	open_spool(app, false);
}

void tui_live_stop(tui_app *app)
{
	tui_live *lv = app->live;

	if (!lv)
		return;
	for (size_t i = 0; i < lv->n; i++)
		callback_clear(&lv->items[i]);
	free(lv->items);
	pc_spool_rang_free(&lv->rang);
	pc_spool_list_free(&lv->backlog);
	pc_spool_watch_close(lv->watch);
	pc_spool_cursor_free(lv->cursor);
	pc_spool_close(lv->spool);
	free(lv);
	app->live = NULL;
}

int tui_live_fd(const tui_app *app)
{
	return app->live && app->live->watch ? pc_spool_watch_fd(app->live->watch) : -1;
}

/* ---- pending objects ---------------------------------------------------- */

static bool wants_check(const pc_store_obj *o)
{
	if (strcmp(o->kind, "payout") != 0 && strcmp(o->kind, "refund") != 0)
		return false;
	return !o->status || strcmp(o->status, "PENDING") == 0 || strcmp(o->status, "UNKNOWN") == 0
	       || strcmp(o->status, "PROCESSING") == 0;
}

static void check_payout(tui_app *app, const pc_store_obj *o)
{
	const pc_endpoint *ep = pc_endpoint_by_id("payout.status");
	char id[128];
	pc_envelope env;
	pc_params f;
	pc_err err;

	snprintf(id, sizeof(id), "%s", o->id);
	pc_params_init(&f);
	pc_params_set_str(&f, "mchOrderId", id);
	pc_err_clear(&err);
	if (tui_call(app, ep, &f, &env, NULL, &err) == 0)
		tui_mark_stale(app, "payout");
	pc_envelope_free(&env);
	pc_params_free(&f);
}

/* An UNKNOWN outcome in the journal: reconcile settles it (and says so). */
static bool reconcile_unknown(tui_app *app, const pc_store_obj *o)
{
	const char *op = strcmp(o->kind, "payout") == 0 ? "payout.create" : "refund.create";
	const pc_journal_entry *e = tui_backlog_journal_find(app, op, o->id);
	pc_rec_result res;
	pc_err err;
	bool done = false;

	pc_err_clear(&err);
	if (e && !pc_journal_entry_unresolved(e)) {
		char id[128];

		/* Settled by another process meanwhile. */
		snprintf(id, sizeof(id), "%s", o->id);
		pc_store_put(app->store, o->kind, id, tui_journal_status(e), NULL, NULL, NULL, 0, &err);
		tui_mark_stale(app, NULL);
		done = true;
	} else if (e) {
		char id[128];

		snprintf(id, sizeof(id), "%s", o->id);
		tui_begin_request(app, "reconcile");
		if (pc_reconcile_one(app->client, op, e->key, &e->fields, 1, &res, &err) == 0) {
			const char *status = res.state == PC_REC_SETTLED ? res.status
			                     : res.state == PC_REC_ABSENT ? "ABSENT" : "CONFLICT";

			pc_store_put(app->store, o->kind, id, status, NULL, NULL, NULL, 0, &err);
			tui_mark_stale(app, NULL);
			/* "No such payout" answered a lookup that worked: no connection trouble. */
			app->client->last_error[0] = '\0';
		}
		tui_end_request(app);
		done = true;
	}
	return done;
}

static void check_one_pending(tui_app *app)
{
	tui_live *lv = app->live;
	size_t count = app->store ? pc_store_count(app->store) : 0;

	if (app->key_problem[0])
		return;
	for (size_t k = 0; k < count; k++) {
		size_t i = (lv->poll_cursor + k) % count;
		const pc_store_obj *o = pc_store_get(app->store, i);

		if (!wants_check(o))
			continue;
		lv->poll_cursor = i + 1;
		if (o->status && strcmp(o->status, "UNKNOWN") == 0 && reconcile_unknown(app, o))
			return;
		if (strcmp(o->kind, "payout") == 0)
			check_payout(app, o);
		return; /* one request per tick at most */
	}
}

void tui_live_tick(tui_app *app)
{
	tui_live *lv = app->live;
	long long now = tui_mono_ms();
	static long long next_store_check;
	bool changed = false;
	pc_err err;

	if (!lv)
		return;
	if (!lv->spool && now >= lv->next_scan) {
		open_spool(app, true);
		lv->next_scan = now + PC_SPOOL_POLL_MS;
	}
	/* Polling without a watcher, or after a listing failed, once the
	 * backlog is read (it lists). */
	if (lv->spool && (!lv->watch || lv->need_full) && lv->started && now >= lv->next_scan)
		tui_live_scan(app);
	if (app->store && now >= next_store_check && pc_store_loaded(app->store)) {
		next_store_check = now + STORE_CHECK_MS;
		pc_err_clear(&err);
		if (pc_store_refresh(app->store, &changed, &err) == 0 && changed)
			tui_mark_stale(app, NULL);
	}
	/* Pending objects are asked about once the journal says which are. */
	if (lv->poll_interval > 0 && now >= lv->next_poll && !tui_backlog_pending(app)) {
		lv->next_poll = now + lv->poll_interval;
		check_one_pending(app);
	}
}

long long tui_live_timeout(const tui_app *app)
{
	const tui_live *lv = app->live;
	long long now = tui_mono_ms(), t = STORE_CHECK_MS;

	if (!lv)
		return t;
	if ((!lv->spool || !lv->watch || lv->need_full) && lv->next_scan - now < t)
		t = lv->next_scan - now;
	if (lv->poll_interval > 0 && lv->next_poll - now < t)
		t = lv->next_poll - now;
	return t < 0 ? 0 : t;
}
