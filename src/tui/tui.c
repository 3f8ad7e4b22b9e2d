/* tui.c — the console's main loop, dispatch and script mode. */
#include "tui.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <langinfo.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "form.h"
#include "keymap.h"
#include "lineedit.h"
#include "backlog.h"
#include "live.h"
#include "journal.h"
#include "objects.h"
#include "paths.h"
#include "record.h"
#include "request.h"
#include "review.h"
#include "sanitize.h"
#include "screen.h"

#define WAIT_FOR_MS 10000

static volatile sig_atomic_t cancel_flag;
static volatile sig_atomic_t stop_flag;
static int wake_pipe[2] = { -1, -1 };

static const tui_pane_ops *const pane_ops[TUI_PANE_COUNT] = {
	[TUI_PANE_BALANCE] = &tui_balance_pane,
	[TUI_PANE_PAYOUTS] = &tui_payouts_pane,
	[TUI_PANE_QR] = &tui_qr_pane,
	[TUI_PANE_VA] = &tui_va_pane,
	[TUI_PANE_TRANSFERS] = &tui_transfers_pane,
	[TUI_PANE_WEB] = &tui_web_pane,
	[TUI_PANE_REFUNDS] = &tui_refunds_pane,
	[TUI_PANE_CHECKOUT] = &tui_checkout_pane,
	[TUI_PANE_CALLBACKS] = &tui_callbacks_pane,
	[TUI_PANE_JOURNAL] = &tui_journal_pane,
	[TUI_PANE_UAT] = &tui_uat_pane,
	[TUI_PANE_HELP] = &tui_help_pane,
};

/* ---- small shared verbs ------------------------------------------------- */

long long tui_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tui_ph_date(long days, char *buf, size_t size)
{
	/* PayCools dates are Philippine dates: UTC+8, no daylight saving. */
	time_t t = (time_t)(pc_now_ms() / 1000) + 8 * 3600 + days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

static void set_status(tui_app *app, int role, const char *fmt, va_list ap)
{
	char buf[sizeof(app->status)];
	char *safe;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	/* Messages quote outside text; one line, no controls. */
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	safe = pc_sanitize_str(buf);
	snprintf(app->status, sizeof(app->status), "%s", safe ? safe : buf);
	free(safe);
	app->status_role = role;
}

void tui_status(tui_app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_status(app, TUI_ROLE_STATUS, fmt, ap);
	va_end(ap);
}

void tui_error(tui_app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_status(app, TUI_ROLE_STATUS_ERROR, fmt, ap);
	va_end(ap);
}

void tui_confirm(tui_app *app, const char *question, tui_confirm_fn on_yes)
{
	tui_prompt_open(app, TUI_PROMPT_CONFIRM);
	snprintf(app->prompt.question, sizeof(app->prompt.question), "%s", question);
	app->prompt.on_yes = on_yes;
}

tui_pane *tui_current_pane(tui_app *app)
{
	return &app->panes[app->current];
}

unsigned tui_context(const tui_app *app)
{
	if (app->review)
		return TUI_IN_REVIEW;
	if (app->form)
		return TUI_IN_FORM;
	return TUI_IN(app->current) | (app->in_detail ? TUI_IN_DETAIL : 0);
}

void tui_mark_stale(tui_app *app, const char *kind)
{
	for (int i = 0; i < TUI_PANE_COUNT; i++) {
		const tui_pane_ops *ops = app->panes[i].ops;

		if (!kind || (ops->kind && strcmp(ops->kind, kind) == 0)
		    || strcmp(tui_pane_name((tui_pane_id)i), kind) == 0)
			app->panes[i].stale = true;
	}
}

/* ---- requests ----------------------------------------------------------- */

void tui_begin_request(tui_app *app, const char *what)
{
	pc_err err;

	cancel_flag = 0;
	app->busy = true;
	snprintf(app->saved_status, sizeof(app->saved_status), "%s", app->status);
	app->saved_role = app->status_role;
	if (!app->client->http) {
		pc_err_clear(&err);
		app->client->http = pc_http_new(app->profile, &err);
	}
	if (app->client->http)
		pc_http_set_cancel(app->client->http, app->cancel);
	tui_status(app, "Sending %s ... (Ctrl-C cancels)", what);
	if (app->screen && !app->headless)
		tui_draw(app);
}

bool tui_end_request(tui_app *app)
{
	bool cancelled = cancel_flag != 0;

	cancel_flag = 0;
	app->busy = false;
	snprintf(app->status, sizeof(app->status), "%s", app->saved_status);
	app->status_role = app->saved_role;
	return cancelled;
}

static char *answer_text(const pc_envelope *env)
{
	char *text = env->root ? cJSON_PrintUnformatted(env->root) : NULL;
	char *copy = text ? strdup(text) : NULL;

	cJSON_free(text);
	return copy;
}

int tui_call(tui_app *app, const pc_endpoint *ep, const pc_params *fields, pc_envelope *env,
             char **request_text, pc_err *err)
{
	pc_request rq;
	pc_sent sent;
	char *described, *answer;
	int rc;

	memset(env, 0, sizeof(*env));
	if (request_text)
		*request_text = NULL;
	if (pc_client_build(app->client, ep, fields, &rq, err) < 0)
		return -1;
	described = pc_request_describe(&rq, app->profile->base_url);
	tui_begin_request(app, ep->id);
	rc = pc_client_send(app->client, &rq, env, &sent, err);
	if (tui_end_request(app) && rc < 0)
		tui_error(app, "Cancelled with Ctrl-C: %s did not complete.", ep->id);
	pc_request_free(&rq);
	if (rc == 0 && app->store && pc_store_kind_of(ep->id)) {
		pc_err ignored;

		answer = answer_text(env);
		pc_store_record_answer(app->store, ep, fields, env->data, described, answer, &ignored);
		free(answer);
		tui_mark_stale(app, pc_store_kind_of(ep->id));
	}
	if (request_text)
		*request_text = described;
	else
		free(described);
	return rc;
}

void tui_fetch_balance(tui_app *app)
{
	const pc_endpoint *ep = pc_endpoint_by_id("account.balance");
	pc_envelope env;
	pc_params none;
	pc_err err;

	if (app->key_problem[0])
		return;
	pc_params_init(&none);
	pc_err_clear(&err);
	if (tui_call(app, ep, &none, &env, NULL, &err) == 0) {
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(env.data, "balance");

		if (cJSON_IsNumber(b)) {
			app->balance = (long long)b->valuedouble;
			app->have_balance = true;
			app->balance_at = pc_now_ms();
		}
	} else {
		tui_error(app, "Balance: %s", err.msg);
	}
	pc_envelope_free(&env);
	pc_params_free(&none);
}

/* ---- panes and views ---------------------------------------------------- */

static void load_pane(tui_app *app, tui_pane *p)
{
	p->stale = false;
	tui_text_clear(&p->pre);
	if (p->ops->preamble)
		p->ops->preamble(app, p, &p->pre);
	if (p->ops->load)
		p->ops->load(app, p);
}

static void rebuild_detail(tui_app *app)
{
	tui_pane *p = tui_current_pane(app);
	size_t top = app->detail.top;

	if (!p->ops->detail || !p->ops->cols || !app->detail_key[0])
		return;
	tui_list_select_key(&p->list, app->detail_key);
	for (size_t i = 0; i < p->list.n; i++) {
		if (strcmp(p->list.rows[i].key, app->detail_key) == 0) {
			tui_text_clear(&app->detail);
			p->ops->detail(app, p, &p->list.rows[i], &app->detail);
			app->detail.top = top;
			return;
		}
	}
}

/* Panes read their data again when it changed; an open detail view too. */
static void refresh_stale(tui_app *app)
{
	tui_pane *p = tui_current_pane(app);

	if (!p->stale)
		return;
	load_pane(app, p);
	if (app->in_detail)
		rebuild_detail(app);
}

void tui_open_pane(tui_app *app, tui_pane_id id)
{
	tui_pane *p = &app->panes[id];

	if (id != app->current)
		app->previous = app->current;
	app->current = id;
	app->in_detail = false;
	app->pane_list = false;
	if (p->ops->fetch && !p->refreshed) {
		p->refreshed = true;
		p->ops->fetch(app, p);
	}
	load_pane(app, p);
}

void tui_show_detail(tui_app *app, const char *title, const char *key)
{
	app->in_detail = true;
	app->detail.top = 0;
	snprintf(app->detail_title, sizeof(app->detail_title), "%s", title);
	snprintf(app->detail_key, sizeof(app->detail_key), "%s", key ? key : "");
}

void tui_close_detail(tui_app *app)
{
	app->in_detail = false;
	app->detail_key[0] = '\0';
	tui_text_clear(&app->detail);
}

void tui_show_object(tui_app *app, const char *kind, const char *id)
{
	for (int i = 0; i < TUI_PANE_COUNT; i++) {
		tui_pane *p = &app->panes[i];
		char title[256];

		if (!p->ops->kind || strcmp(p->ops->kind, kind) != 0)
			continue;
		tui_open_pane(app, (tui_pane_id)i);
		tui_list_select_key(&p->list, id);
		if (!id || !tui_list_selected(&p->list) || strcmp(tui_list_selected(&p->list)->key, id) != 0)
			return;
		tui_text_clear(&app->detail);
		p->ops->detail(app, p, tui_list_selected(&p->list), &app->detail);
		snprintf(title, sizeof(title), "%s %s", tui_pane_title((tui_pane_id)i), id);
		tui_show_detail(app, title, id);
		return;
	}
}

static void open_selected(tui_app *app)
{
	tui_pane *p = tui_current_pane(app);
	const tui_row *r = tui_list_selected(&p->list);
	char title[300];

	if (!r || !p->ops->detail) {
		tui_status(app, "Nothing selected.");
		return;
	}
	tui_text_clear(&app->detail);
	p->ops->detail(app, p, r, &app->detail);
	snprintf(title, sizeof(title), "%s %s", tui_pane_title(app->current), r->key);
	tui_show_detail(app, title, r->key);
}

static void scroll_view(tui_app *app, tui_action_id id)
{
	tui_pane *p = tui_current_pane(app);
	size_t page = (size_t)(tui_body_rows(app) > 4 ? tui_body_rows(app) - 2 - (int)p->pre.n : 1);
	tui_text *t = app->in_detail ? &app->detail : (!p->ops->cols ? &p->text : NULL);

	if (t) {
		size_t total = tui_text_rows(app, t), h = (size_t)tui_body_rows(app);
		size_t last = total > h ? total - h : 0;
		long step = id == TUI_A_UP ? -1 : id == TUI_A_DOWN ? 1 : id == TUI_A_PAGE_UP ? -(long)h
		            : id == TUI_A_PAGE_DOWN ? (long)h : 0;
		long top = (long)t->top + step;

		if (id == TUI_A_FIRST)
			top = 0;
		if (id == TUI_A_LAST)
			top = (long)last;
		t->top = top < 0 ? 0 : (size_t)top > last ? last : (size_t)top;
		return;
	}
	switch (id) {
	case TUI_A_UP: tui_list_move(&p->list, -1, page); break;
	case TUI_A_DOWN: tui_list_move(&p->list, 1, page); break;
	case TUI_A_PAGE_UP: tui_list_move(&p->list, -(long)page, page); break;
	case TUI_A_PAGE_DOWN: tui_list_move(&p->list, (long)page, page); break;
	case TUI_A_FIRST: tui_list_move(&p->list, -(long)p->list.nshown, page); break;
	case TUI_A_LAST: tui_list_move(&p->list, (long)p->list.nshown, page); break;
	default: break;
	}
}

static void cycle_pane(tui_app *app, int step)
{
	int next = ((int)app->current + step + TUI_PANE_HELP) % TUI_PANE_HELP;

	tui_open_pane(app, (tui_pane_id)next);
}

static void pane_list_key(tui_app *app, int key)
{
	const tui_action *a;

	switch (key) {
	case TUI_KEY_UP:
	case 'k':
		app->pane_list_sel = app->pane_list_sel ? app->pane_list_sel - 1 : 0;
		return;
	case TUI_KEY_DOWN:
	case 'j':
		if (app->pane_list_sel + 1 < TUI_PANE_COUNT)
			app->pane_list_sel++;
		return;
	case TUI_KEY_ENTER:
		tui_dispatch(app, tui_pane_opener((tui_pane_id)app->pane_list_sel), NULL);
		app->pane_list = false;
		return;
	case TUI_KEY_ESC:
	case 'q':
	case 'L':
	case TUI_KEY_CTRL('c'):
		app->pane_list = false;
		return;
	default:
		a = tui_action_for_key(key, TUI_IN(app->current));
		if (a && (a->pane >= 0 || a->id == TUI_A_HELP || a->id == TUI_A_QUIT)) {
			app->pane_list = false;
			tui_dispatch(app, a, NULL);
		}
	}
}

/* ---- quitting ------------------------------------------------------------ */

static bool unsent_input(const tui_app *app)
{
	return tui_form_dirty(app) || app->review
	       || (app->prompt.kind == TUI_PROMPT_PALETTE && app->prompt.len > 0);
}

static void quit_now(tui_app *app)
{
	app->quit = true;
}

static void quit(tui_app *app)
{
	if (unsent_input(app)) {
		tui_confirm(app, app->review ? "The reviewed request was not sent. Quit anyway?"
		                             : "The form holds unsent input. Quit anyway?", quit_now);
		return;
	}
	app->quit = true;
}

static void back(tui_app *app)
{
	tui_pane *p = tui_current_pane(app);

	if (app->in_detail) {
		tui_close_detail(app);
		return;
	}
	if (p->ops->cols && p->list.filter[0]) {
		p->list.filter[0] = '\0';
		tui_list_refilter(&p->list, NULL);
		tui_status(app, "Filter cleared.");
		return;
	}
	if (app->current == TUI_PANE_HELP || app->current == TUI_PANE_UAT) {
		tui_open_pane(app, app->previous != app->current ? app->previous : TUI_PANE_BALANCE);
		return;
	}
	if (app->last_key == TUI_KEY_ESC) {
		tui_status(app, "Nothing to close here; q quits.");
		return;
	}
	quit(app);
}

/* ---- script commands ----------------------------------------------------- */

static void idle_work(tui_app *app);
static void frame(tui_app *app);

static void save_display(tui_app *app, const char *arg)
{
	pc_err err;

	if (!arg || !*arg) {
		tui_error(app, "save-display needs a file name: :save-display FILE");
		return;
	}
	refresh_stale(app);
	tui_draw(app);
	pc_err_clear(&err);
	if (tui_save_display(app, arg, &err) < 0)
		tui_error(app, "%s", err.msg);
}

/* Waits until text shows (callbacks arrive meanwhile); a script step. */
static void wait_for(tui_app *app, const char *text)
{
	long long until = tui_mono_ms() + WAIT_FOR_MS;

	if (!text || !*text) {
		tui_error(app, "wait-for needs the text to wait for");
		return;
	}
	for (;;) {
		struct pollfd pfd = { tui_live_fd(app), POLLIN, 0 };

		idle_work(app);
		if (tui_backlog_pending(app))
			tui_backlog_step(app);
		frame(app);
		if (tui_screen_has(app, text))
			return;
		if (tui_mono_ms() >= until) {
			char *safe = pc_sanitize_str(text);

			fprintf(stderr, "paycon: script line %d: '%s' did not show within %d s\n", app->script_lineno,
			        safe ? safe : "?", WAIT_FOR_MS / 1000);
			free(safe);
			app->script_failed = true;
			return;
		}
		poll(&pfd, pfd.fd >= 0 ? 1 : 0, tui_backlog_pending(app) ? 0 : 50);
	}
}

/* Reads the rest of the journal and spool (a script step: a test that
 * looks at them waits for them, an operator never has to). */
static void wait_loaded(tui_app *app)
{
	while (tui_backlog_pending(app)) {
		idle_work(app);
		tui_backlog_step(app);
	}
	idle_work(app);
	frame(app);
}

/* ---- dispatch ------------------------------------------------------------ */

/* A pane-specific action run from elsewhere (the palette) opens its pane. */
static void go_to_action_pane(tui_app *app, const tui_action *a)
{
	unsigned panes = a->where & TUI_IN_PANES;

	if (app->form || app->review || (panes & TUI_IN(app->current)))
		return;
	for (int p = 0; p < TUI_PANE_COUNT; p++) {
		if (panes == TUI_IN(p)) {
			tui_open_pane(app, (tui_pane_id)p);
			return;
		}
	}
}

static void run_form_action(tui_app *app, const tui_action *a)
{
	switch (a->id) {
	case TUI_A_SEND:
		tui_review_send(app);
		break;
	case TUI_A_EDIT:
		tui_review_close(app); /* the form is still open under it */
		break;
	case TUI_A_CANCEL:
		if (app->review)
			tui_review_close(app);
		tui_form_close(app);
		tui_status(app, "Cancelled; nothing was sent.");
		break;
	default:
		tui_form_action(app, a);
		break;
	}
}

void tui_dispatch(tui_app *app, const tui_action *a, const char *arg)
{
	char why[512];
	tui_pane *p;

	/* The one place read-only is enforced, for every pane and command. */
	if (tui_action_check(a, app->readonly, why, sizeof(why)) < 0) {
		tui_error(app, "%s", why);
		return;
	}
	if (a->flags & TUI_SCRIPT) {
		if (a->id == TUI_A_SAVE_DISPLAY)
			save_display(app, arg);
		else if (a->id == TUI_A_WAIT_FOR)
			wait_for(app, arg);
		else if (a->id == TUI_A_WAIT_LOADED)
			wait_loaded(app);
		return;
	}
	if (a->id == TUI_A_QUIT) {
		quit(app);
		return;
	}
	if (a->id == TUI_A_REDRAW) {
		clearok(curscr, TRUE);
		return;
	}
	if ((app->form || app->review) && (a->where & (TUI_IN_FORM | TUI_IN_REVIEW))) {
		if (tui_action_applies(a, tui_context(app)))
			run_form_action(app, a);
		return;
	}
	if (app->form || app->review) {
		tui_status(app, "%s is not available in a form: finish it or cancel it (Ctrl-C) first.", a->name);
		return;
	}
	if (a->pane >= 0) {
		tui_open_pane(app, (tui_pane_id)a->pane);
		return;
	}
	go_to_action_pane(app, a);
	if (!tui_action_applies(a, tui_context(app)) && !tui_action_applies(a, TUI_IN(app->current))) {
		tui_status(app, "%s does not apply here.", a->name);
		return;
	}
	p = tui_current_pane(app);
	switch (a->id) {
	case TUI_A_HELP:
		tui_open_pane(app, TUI_PANE_HELP);
		return;
	case TUI_A_BACK:
		back(app);
		return;
	case TUI_A_COMMAND:
		tui_prompt_open(app, TUI_PROMPT_PALETTE);
		return;
	case TUI_A_FILTER:
		if (app->in_detail)
			tui_close_detail(app);
		if (arg) {
			snprintf(p->list.filter, sizeof(p->list.filter), "%s", arg);
			tui_list_refilter(&p->list, NULL);
		} else {
			tui_prompt_open(app, TUI_PROMPT_FILTER);
		}
		return;
	case TUI_A_PANES:
		app->pane_list = true;
		app->pane_list_sel = app->current;
		return;
	case TUI_A_NEXT_PANE:
	case TUI_A_PREV_PANE:
		cycle_pane(app, a->id == TUI_A_NEXT_PANE ? 1 : -1);
		return;
	case TUI_A_REFRESH:
		if (p->ops->fetch)
			p->ops->fetch(app, p);
		else
			tui_fetch_balance(app);
		load_pane(app, p);
		return;
	case TUI_A_UP:
	case TUI_A_DOWN:
	case TUI_A_PAGE_UP:
	case TUI_A_PAGE_DOWN:
	case TUI_A_FIRST:
	case TUI_A_LAST:
		scroll_view(app, a->id);
		return;
	case TUI_A_OPEN:
		open_selected(app);
		return;
	default:
		break;
	}
	if (a->endpoint) {
		tui_form_open(app, a);
		return;
	}
	if (!p->ops->act || !p->ops->act(app, p, a, arg))
		tui_status(app, "%s does not apply here.", a->name);
}

void tui_run_command(tui_app *app, const char *line)
{
	char name[64];
	const char *arg;
	size_t n;
	const tui_action *a;

	while (*line == ' ' || *line == ':')
		line++;
	n = strcspn(line, " ");
	if (n == 0)
		return;
	snprintf(name, sizeof(name), "%.*s", (int)n, line);
	arg = line + n;
	while (*arg == ' ')
		arg++;
	a = tui_action_by_name(name);
	if (!a) {
		char *safe = pc_sanitize_str(name);

		tui_error(app, "Unknown command '%s': Tab completes names, ? lists them.", safe ? safe : "?");
		free(safe);
		return;
	}
	if (*arg && !(a->flags & TUI_TAKES_ARG)) {
		tui_error(app, "%s takes no argument.", a->name);
		return;
	}
	tui_dispatch(app, a, *arg ? arg : NULL);
}

/* ---- keys ---------------------------------------------------------------- */

static void handle_key(tui_app *app, int key)
{
	const tui_action *a;
	char name[32];

	app->last_key = key;
	if (key == TUI_KEY_RESIZE) {
		tui_screen_resized(app);
		return;
	}
	if (app->too_small) {
		if (key == 'Q' || key == TUI_KEY_F(10))
			quit(app);
		return;
	}
	if (app->prompt.kind != TUI_PROMPT_NONE) {
		tui_prompt_key(app, key);
		return;
	}
	if (app->pane_list) {
		pane_list_key(app, key);
		return;
	}
	a = tui_action_for_key(key, tui_context(app));
	if (a) {
		app->status[0] = '\0';
		tui_dispatch(app, a, NULL);
		return;
	}
	if (app->review) {
		tui_review_key(app, key);
		return;
	}
	if (app->form) {
		tui_form_key(app, key);
		return;
	}
	if (key == TUI_KEY_CTRL('c')) {
		tui_status(app, "Nothing to cancel. Q quits.");
		return;
	}
	tui_status(app, "%s does nothing here; ? lists the keys.", tui_key_name(key, name, sizeof(name)));
}

/* ---- signals ------------------------------------------------------------- */

static void wake(void)
{
	int saved = errno;
	char c = 1;

	if (wake_pipe[1] >= 0 && write(wake_pipe[1], &c, 1) < 0) {
		/* full pipe: already awake */
	}
	errno = saved;
}

static void on_interrupt(int sig)
{
	(void)sig;
	cancel_flag = 1;
	wake();
}

static void on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
	wake();
}

static void install_signals(void)
{
	struct sigaction sa;

	if (pipe(wake_pipe) == 0) {
		fcntl(wake_pipe[0], F_SETFL, O_NONBLOCK);
		fcntl(wake_pipe[1], F_SETFL, O_NONBLOCK);
		fcntl(wake_pipe[0], F_SETFD, FD_CLOEXEC);
		fcntl(wake_pipe[1], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
}

static void drain_wake_pipe(void)
{
	char buf[64];

	while (wake_pipe[0] >= 0 && read(wake_pipe[0], buf, sizeof(buf)) > 0)
		;
}

/* ---- the loop ------------------------------------------------------------ */

static void idle_work(tui_app *app)
{
	struct pollfd pfd = { tui_live_fd(app), POLLIN, 0 };

	if (pfd.fd >= 0 && poll(&pfd, 1, 0) > 0)
		tui_live_scan(app);
	tui_live_tick(app);
}

static long long wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* For PAYCON_TIMING: how long new callbacks took from the spool to the screen. */
static void note_drawn_callbacks(tui_app *app)
{
	tui_live *lv = app->live;
	long long now = wall_ms();

	for (int i = 0; lv && i < lv->nfresh; i++) {
		long long d = now - (long long)lv->fresh[i];

		if (app->cb_drawn == 0 || d < app->cb_latency_min)
			app->cb_latency_min = d;
		if (d > app->cb_latency_max)
			app->cb_latency_max = d;
		app->cb_latency_sum += d;
		app->cb_drawn++;
	}
	if (lv)
		lv->nfresh = 0;
}

static void frame(tui_app *app)
{
	refresh_stale(app);
	tui_draw(app);
	note_drawn_callbacks(app);
	if (app->first_frame_ms < 0)
		app->first_frame_ms = tui_mono_ms() - app->started_mono;
}

/* Keys of a script line into pending_keys; -1 on a bad key name. */
static int parse_script_keys(tui_app *app, const char *line)
{
	app->npending = app->pending_pos = 0;
	while (*line && app->npending < (int)(sizeof(app->pending_keys) / sizeof(app->pending_keys[0]))) {
		int key = tui_key_parse(&line);

		if (key < 0)
			return -1;
		app->pending_keys[app->npending++] = key;
	}
	return 0;
}

/* The next script step: a key (>= 0), 0 after a command ran... see below.
 * Returns the key, -2 when a command ran, -1 at the end of the script. */
static int script_step(tui_app *app)
{
	char line[4096];

	if (app->pending_pos < app->npending)
		return app->pending_keys[app->pending_pos++];
	while (fgets(line, sizeof(line), app->script)) {
		app->script_lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (line[0] == ':') {
			tui_run_command(app, line + 1);
			return -2;
		}
		if (parse_script_keys(app, line) < 0) {
			char *safe = pc_sanitize_str(line);

			fprintf(stderr, "paycon: script line %d: cannot read the keys in '%s' "
			        "(names: <Enter> <Esc> <Tab> <Up> <Down> <C-c> ...)\n", app->script_lineno, safe ? safe : "?");
			free(safe);
			app->script_failed = true;
			return -1;
		}
		if (app->npending > 0)
			return app->pending_keys[app->pending_pos++];
	}
	return -1;
}

static void run_script(tui_app *app)
{
	while (!app->quit) {
		int step;

		/* The next key only when idle: no request in flight (requests
		 * are synchronous), new callbacks read. As from a keyboard, keys
		 * come before the backlog, which is read a slice between two. */
		idle_work(app);
		frame(app);
		step = script_step(app);
		if (step == -1)
			break;
		if (step >= 0)
			handle_key(app, step);
		if (tui_backlog_pending(app))
			tui_backlog_step(app);
	}
	frame(app);
}

static void run_terminal(tui_app *app)
{
	while (!app->quit && !stop_flag) {
		struct pollfd fds[3];
		nfds_t nfds = 0;
		long long timeout;
		int key;

		frame(app);
		timeout = tui_backlog_pending(app) ? 0 : tui_live_timeout(app);
		/* The clock in the header shows minutes. */
		if (timeout > 60000 - pc_now_ms() % 60000)
			timeout = 60000 - pc_now_ms() % 60000;
		fds[nfds++] = (struct pollfd){ STDIN_FILENO, POLLIN, 0 };
		fds[nfds++] = (struct pollfd){ wake_pipe[0], POLLIN, 0 };
		if (tui_live_fd(app) >= 0)
			fds[nfds++] = (struct pollfd){ tui_live_fd(app), POLLIN, 0 };
		poll(fds, nfds, (int)timeout);
		drain_wake_pipe();
		if (cancel_flag) {
			cancel_flag = 0;
			handle_key(app, TUI_KEY_CTRL('c'));
		}
		while (!app->quit && (key = tui_screen_key(app)) >= 0)
			handle_key(app, key);
		if (nfds == 3 && (fds[2].revents & POLLIN))
			tui_live_scan(app);
		tui_live_tick(app);
		/* Keys first: a slice of the backlog only between them. */
		if (!app->quit && tui_backlog_pending(app))
			tui_backlog_step(app);
	}
}

/* A key for a question asked in the middle of an action (a UAT manual
 * item): the screen is drawn while waiting, script commands run as usual.
 * -1 when no key will come (the script ended, a stop signal). Ctrl-C
 * arrives as TUI_KEY_CTRL('c') and stays in the cancel flag. */
int tui_wait_key(tui_app *app)
{
	if (app->headless) {
		for (;;) {
			int step;

			frame(app);
			step = script_step(app);
			if (step != -2)
				return step;
		}
	}
	while (!stop_flag) {
		struct pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 }, { wake_pipe[0], POLLIN, 0 } };
		int key;

		frame(app);
		if (cancel_flag)
			return TUI_KEY_CTRL('c');
		key = tui_screen_key(app);
		if (key >= 0)
			return key;
		poll(fds, wake_pipe[0] >= 0 ? 2 : 1, 1000);
		drain_wake_pipe();
	}
	return -1;
}

/* ---- start and end ------------------------------------------------------- */

static bool utf8_locale(void)
{
	const char *codeset = nl_langinfo(CODESET);

	return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

static int prepare(tui_app *app, cli_ctx *ctx)
{
	pc_err err;
	const char *no_color = getenv("NO_COLOR");

	pc_err_clear(&err);
	if (cli_ready_to_send(ctx, &err) < 0)
		return cli_fail(&err);
	app->ctx = ctx;
	app->client = &ctx->client;
	app->profile = ctx->profile;
	app->readonly = ctx->profile->role == PC_ROLE_VIEWER;
	app->production = ctx->profile->environment == PC_ENV_PRODUCTION;
	app->utf8 = utf8_locale();
	app->no_color = no_color && *no_color;
	app->cancel = &cancel_flag;
	app->first_frame_ms = -1;
	app->current = TUI_PANE_BALANCE;
	app->previous = TUI_PANE_BALANCE;
	/* Keys are read before the screen opens: a passphrase prompt needs
	 * the plain terminal. */
	if (!pc_client_key(app->client, &err))
		snprintf(app->key_problem, sizeof(app->key_problem), "%s", err.msg);
	pc_err_clear(&err);
	/* Read after the first frame (backlog.h). */
	app->store = pc_store_open_unread(app->client->state_dir, &err);
	if (!app->store)
		snprintf(app->store_problem, sizeof(app->store_problem), "%s", err.msg);
	for (int i = 0; i < TUI_PANE_COUNT; i++) {
		app->panes[i].ops = pane_ops[i];
		app->panes[i].stale = true;
	}
	return 0;
}

static void finish(tui_app *app)
{
	if (app->form)
		tui_form_close(app);
	if (app->review)
		tui_review_close(app);
	tui_screen_close(app);
	for (int i = 0; i < TUI_PANE_COUNT; i++) {
		tui_pane *p = &app->panes[i];

		if (p->ops && p->ops->done)
			p->ops->done(app, p);
		tui_list_free(&p->list);
		tui_text_free(&p->text);
		tui_text_free(&p->pre);
	}
	tui_text_free(&app->detail);
	tui_backlog_stop(app);
	tui_live_stop(app);
	tui_history_free(app);
	pc_store_close(app->store);
	if (app->script)
		fclose(app->script);
	if (wake_pipe[0] >= 0) {
		close(wake_pipe[0]);
		close(wake_pipe[1]);
		wake_pipe[0] = wake_pipe[1] = -1;
	}
}

/* What the operator should see first: problems that block work. */
static void opening_message(tui_app *app)
{
	if (app->key_problem[0])
		tui_error(app, "Merchant key: %s", app->key_problem);
	else if (app->store_problem[0])
		tui_error(app, "Object store: %s", app->store_problem);
	else if (app->readonly)
		tui_status(app, "Read-only (%s): nothing here can change data or move money.",
		           app->ctx->readonly ? "--readonly" : "role viewer");
	else
		tui_status(app, "? shows every key; : runs a command; L lists the panes.");
}

bool tui_wanted(void)
{
	const char *script = getenv("PAYCON_SCRIPT");

	return (script && *script) || (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
}

int tui_main(cli_ctx *ctx)
{
	tui_app app;
	const char *script = getenv("PAYCON_SCRIPT");
	pc_err err;
	int rc;

	memset(&app, 0, sizeof(app));
	app.started_mono = tui_mono_ms();
	app.headless = script && *script;
	pc_err_clear(&err);
	if (!app.headless && tui_screen_check(&err) < 0)
		return cli_fail(&err);
	if (ctx->record_path) {
		if (app.headless) {
			fprintf(stderr, "paycon: --record needs a terminal; a PAYCON_SCRIPT run is not recorded\n");
			return PC_EINPUT;
		}
		/* Before anything starts: the parent only relays, the console
		 * runs in the child on the pty. */
		if (tui_record_start(ctx->record_path, &err) < 0)
			return cli_fail(&err);
	}
	if (app.headless) {
		app.script = fopen(script, "r");
		if (!app.script) {
			fprintf(stderr, "paycon: cannot read PAYCON_SCRIPT file '%s'\n", script);
			return PC_EINPUT;
		}
	}
	rc = prepare(&app, ctx);
	if (rc != 0) {
		if (app.script)
			fclose(app.script);
		pc_store_close(app.store);
		return rc;
	}
	install_signals();
	/* Opened only: what they hold is read after the first frame. */
	tui_live_start(&app);
	tui_backlog_start(&app);
	tui_history_load(&app);
	if (tui_screen_open(&app, &err) < 0) {
		finish(&app);
		return cli_fail(&err);
	}
	opening_message(&app);
	/* The first frame comes before any network: the balance follows. */
	load_pane(&app, tui_current_pane(&app));
	frame(&app);
	tui_open_pane(&app, TUI_PANE_BALANCE);
	if (app.headless)
		run_script(&app);
	else
		run_terminal(&app);
	rc = app.script_failed ? 1 : 0;
	finish(&app);
	if (getenv("PAYCON_TIMING")) {
		fprintf(stderr, "paycon: first frame after %lld ms\n", app.first_frame_ms);
		if (app.cb_drawn)
			fprintf(stderr, "paycon: %lld callback(s) from the spool to the screen in %lld ms on average "
			        "(min %lld, max %lld)\n", app.cb_drawn, app.cb_latency_sum / app.cb_drawn,
			        app.cb_latency_min, app.cb_latency_max);
	}
	return rc;
}
