/* form.c — forms generated from the endpoint table (see form.h). */
#include "form.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ids.h"
#include "keymap.h"
#include "lineedit.h"
#include "money.h"
#include "objects.h"
#include "paths.h"
#include "review.h"
#include "sanitize.h"
#include "screen.h"

#define VALUE_SIZE 2048
#define FORM_MAX_FIELDS 64     /* the longest endpoint has 15 */
#define LABEL_WIDTH 26

typedef struct {
	const pc_field *f;
	char value[VALUE_SIZE];
	size_t len, cursor;
	char problem[512];
} form_field;

struct tui_form {
	const tui_action *action;
	const pc_endpoint *ep;
	form_field *fields;
	int n;
	int focus;
	int top;
	bool dirty;
	char message[1024];
};

/* Values a new form starts with. "@id:PREFIX" is a fresh order id;
 * "@date:N" the Philippine date N days from today. */
static const struct {
	const char *endpoint;
	const char *field;
	const char *value;
} defaults[] = {
	{ "payout.create", "mchOrderId", "@id:PO" },
	{ "qr.create", "mchOrderId", "@id:QR" },
	{ "va.create", "mchOrderId", "@id:VA" },
	{ "va.batch_create", "mchOrderId", "@id:VA" },
	{ "transfer.create", "mchOrderId", "@id:TR" },
	{ "transfer.create", "channelCode", "INSTA_TRANSFER_ACC" },
	{ "transfer.update", "channelCode", "INSTA_TRANSFER_ACC" },
	{ "web.create", "mchOrderId", "@id:WEB" },
	{ "refund.create", "mchRefundOrderId", "@id:RF" },
	{ "checkout.create", "mchOrderId", "@id:CHK" },
	{ "checkout.create", "currency", "PHP" },
	{ "qr.payments", "startDate", "@date:-30" },
	{ "qr.payments", "endDate", "@date:0" },
	{ "va.payments", "startDate", "@date:-30" },
	{ "va.payments", "endDate", "@date:0" },
	{ "transfer.payments", "startDate", "@date:-30" },
	{ "transfer.payments", "endDate", "@date:0" },
};

/* Fields an action fills from another field of the selected object. */
static const struct {
	tui_action_id action;
	const char *field;
	const char *from;
} carried[] = {
	{ TUI_A_REFUND_PAYMENT, "originalTransactionId", "transactionId" },
	{ TUI_A_REFUND_PAYMENT, "refundAmount", "amount" },
	{ TUI_A_LOOKUP_REFUND, "originalTransactionId", "originalTransactionId" },
};

/* ---- values ------------------------------------------------------------- */

static void set_value(form_field *ff, const char *value)
{
	snprintf(ff->value, sizeof(ff->value), "%s", value ? value : "");
	ff->len = strlen(ff->value);
	ff->cursor = ff->len;
}

static form_field *field_named(tui_form *fm, const char *name)
{
	for (int i = 0; i < fm->n; i++)
		if (strcmp(fm->fields[i].f->name, name) == 0)
			return &fm->fields[i];
	return NULL;
}

static void apply_default(form_field *ff, const char *value)
{
	char buf[64];

	if (strncmp(value, "@id:", 4) == 0) {
		if (pc_new_order_id(value + 4, buf, sizeof(buf)) == 0)
			set_value(ff, buf);
	} else if (strncmp(value, "@date:", 6) == 0) {
		tui_ph_date(atol(value + 6), buf, sizeof(buf));
		set_value(ff, buf);
	} else {
		set_value(ff, value);
	}
}

/* Only text that is safe as typed goes into a field from outside. */
static void carry(form_field *ff, const pc_store_obj *o, const char *from)
{
	const char *text = tui_object_text(o, from);
	char buf[64];
	long long n;
	char *safe;

	if (!text && tui_object_number(o, from, &n)) {
		if (ff->f->flags & PC_FF_MONEY)
			pc_money_format_input(n, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%lld", n);
		text = buf;
	}
	if (!text)
		return;
	safe = pc_sanitize_str(text);
	if (safe && strcmp(safe, text) == 0)
		set_value(ff, text);
	free(safe);
}

static void prefill(tui_app *app, tui_form *fm, const tui_action *a)
{
	const bool creates = strncmp(a->name, "new-", 4) == 0;
	const pc_store_obj *o = NULL;

	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		form_field *ff;

		if (strcmp(defaults[i].endpoint, fm->ep->id) == 0 && (ff = field_named(fm, defaults[i].field)))
			apply_default(ff, defaults[i].value);
	}
	if (creates)
		return;
	o = tui_objects_selected(app, tui_current_pane(app));
	if (!o)
		return;
	for (size_t i = 0; i < sizeof(carried) / sizeof(carried[0]); i++) {
		form_field *ff;

		if (carried[i].action == a->id && (ff = field_named(fm, carried[i].field)))
			carry(ff, o, carried[i].from);
	}
	if (a->id == TUI_A_REFUND_PAYMENT)
		return;
	for (int i = 0; i < fm->n; i++) {
		if (fm->fields[i].len)
			continue;
		if (strcmp(fm->fields[i].f->name, "mchOrderId") == 0 && strcmp(o->kind, "refund") != 0)
			set_value(&fm->fields[i], o->id);
		else
			carry(&fm->fields[i], o, fm->fields[i].f->name);
	}
}

void tui_form_open(tui_app *app, const tui_action *a)
{
	const pc_endpoint *ep = pc_endpoint_by_id(a->endpoint);
	tui_form *fm;

	if (!ep) {
		tui_error(app, "internal: no endpoint %s", a->endpoint);
		return;
	}
	fm = calloc(1, sizeof(*fm));
	if (fm)
		fm->fields = calloc(ep->nfields ? ep->nfields : 1, sizeof(*fm->fields));
	if (!fm || !fm->fields) {
		free(fm);
		tui_error(app, "out of memory opening the form");
		return;
	}
	fm->action = a;
	fm->ep = ep;
	for (size_t i = 0; i < ep->nfields && fm->n < FORM_MAX_FIELDS; i++) {
		/* The profile's app name goes in by itself. */
		if (strcmp(ep->fields[i].name, "appName") == 0)
			continue;
		fm->fields[fm->n++].f = &ep->fields[i];
	}
	if (app->in_detail)
		tui_close_detail(app);
	app->form = fm;
	prefill(app, fm, a);
	app->status[0] = '\0';
}

void tui_form_close(tui_app *app)
{
	if (!app->form)
		return;
	free(app->form->fields);
	free(app->form);
	app->form = NULL;
}

bool tui_form_dirty(const tui_app *app)
{
	return app->form && app->form->dirty;
}

/* ---- checking ----------------------------------------------------------- */

static bool whole_number(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* One field's typed value into p; a complaint in problem when it cannot
 * even be read (pesos, JSON). */
static int put_value(const form_field *ff, pc_params *p, char *problem, size_t size)
{
	const pc_field *f = ff->f;
	pc_err err;

	pc_err_clear(&err);
	if (f->flags & PC_FF_MONEY) {
		long long cents;

		if (pc_money_parse(ff->value, &cents, &err) < 0) {
			snprintf(problem, size, "%s", err.msg);
			return -1;
		}
		return pc_params_set_int(p, f->name, cents);
	}
	if (f->type == PC_FT_INT && whole_number(ff->value))
		return pc_params_set(p, f->name, PC_JNUM, ff->value);
	if (f->type == PC_FT_OBJECT || f->type == PC_FT_ARRAY) {
		char *wrapped = pc_strdupf("{\"v\":%s}", ff->value);
		pc_params probe;
		int rc;

		pc_params_init(&probe);
		rc = wrapped ? pc_params_parse(&probe, wrapped, strlen(wrapped), &err) : -1;
		free(wrapped);
		if (rc == 0)
			rc = pc_params_set(p, f->name, PC_JRAW, pc_params_get(&probe, "v"));
		else
			snprintf(problem, size, "not JSON (%s %s expected): %s",
			         f->type == PC_FT_OBJECT ? "an object {...}" : "an array [...]", "", err.msg);
		pc_params_free(&probe);
		return rc;
	}
	return pc_params_set_str(p, f->name, ff->value);
}

/* The request fields as typed; bad_values counts fields that could not be
 * read (their problem is set). */
static void gather(tui_app *app, tui_form *fm, pc_params *p, int *bad_values)
{
	const form_field *order = field_named(fm, "mchOrderId");
	form_field *idem = field_named(fm, "idempotencyId");

	*bad_values = 0;
	pc_params_init(p);
	if (pc_endpoint_field(fm->ep, "appName"))
		pc_params_set_str(p, "appName", app->profile->app_name);
	for (int i = 0; i < fm->n; i++) {
		form_field *ff = &fm->fields[i];

		if (!ff->len)
			continue;
		if (put_value(ff, p, ff->problem, sizeof(ff->problem)) < 0)
			(*bad_values)++;
	}
	/* Derived from the order, so every retry of it sends the same one. */
	if (idem && !idem->len && order && order->len) {
		char id[40];

		if (pc_idempotency_id(app->profile->app_id, order->value, id, sizeof(id)) == 0)
			pc_params_set_str(p, "idempotencyId", id);
	}
}

/* The problem pc_endpoint_validate states for field name, if any. Its
 * message is "id: field NAME: ..." for one problem, or one "  NAME: ..."
 * line per problem. */
static bool problem_for(const char *msg, const char *name, char *out, size_t size)
{
	char single[160], line[160];
	const char *at, *end;

	snprintf(single, sizeof(single), ": field %s: ", name);
	snprintf(line, sizeof(line), "\n  %s: ", name);
	at = strstr(msg, single);
	if (at) {
		at += strlen(single);
	} else {
		at = strstr(msg, line);
		if (!at)
			return false;
		at += strlen(line);
	}
	end = strchr(at, '\n');
	snprintf(out, size, "%.*s", (int)(end ? (size_t)(end - at) : strlen(at)), at);
	return true;
}

/* Amount problems in pesos, as they were typed. */
static void money_problem(const pc_field *f, char *out, size_t size)
{
	char lo[64], hi[64];

	if (f->min && f->max)
		snprintf(out, size, "must be from %s to %s pesos", pc_money_format_plain(f->min, lo, sizeof(lo)),
		         pc_money_format_plain(f->max, hi, sizeof(hi)));
	else if (f->min)
		snprintf(out, size, "must be at least %s pesos", pc_money_format_plain(f->min, lo, sizeof(lo)));
}

/* Checks the fields; only[i] says which get their problem (re)set.
 * Returns how many of those have one. */
static int check(tui_app *app, tui_form *fm, const bool *only, pc_params *out)
{
	pc_params p;
	pc_err err;
	int bad = 0, unreadable;

	for (int i = 0; i < fm->n; i++)
		if (only[i])
			fm->fields[i].problem[0] = '\0';
	gather(app, fm, &p, &unreadable);
	pc_err_clear(&err);
	if (pc_endpoint_validate(fm->ep, &p, &err) < 0) {
		for (int i = 0; i < fm->n; i++) {
			form_field *ff = &fm->fields[i];

			if (!only[i] || ff->problem[0])
				continue;
			if (problem_for(err.msg, ff->f->name, ff->problem, sizeof(ff->problem))
			    && (ff->f->flags & PC_FF_MONEY) && ff->len && (ff->f->min || ff->f->max)
			    && strstr(ff->problem, "centavos"))
				money_problem(ff->f, ff->problem, sizeof(ff->problem));
		}
	}
	for (int i = 0; i < fm->n; i++)
		bad += only[i] && fm->fields[i].problem[0];
	if (out)
		*out = p;
	else
		pc_params_free(&p);
	return bad;
}

static void check_field(tui_app *app, tui_form *fm, int i)
{
	bool only[FORM_MAX_FIELDS] = { false };

	if (i < 0 || i >= fm->n)
		return;
	only[i] = true;
	check(app, fm, only, NULL);
}

/* ---- sending ------------------------------------------------------------ */

static const char *id_field(const char *kind)
{
	return strcmp(kind, "refund") == 0 ? "mchRefundOrderId" : "mchOrderId";
}

/* An answer about no single object (payment lists): shown as text. */
static void show_answer(tui_app *app, const pc_endpoint *ep, const pc_envelope *env, const char *request)
{
	char *answer = env->root ? cJSON_Print(env->root) : NULL;
	char title[200];
	const cJSON *item;
	int count = 0;

	tui_text_clear(&app->detail);
	tui_text_addf(&app->detail, TUI_ROLE_TITLE, "%s: %s", ep->id, ep->title);
	if (cJSON_IsArray(env->data)) {
		cJSON_ArrayForEach(item, env->data) {
			char *line = cJSON_PrintUnformatted(item);

			tui_text_add_block(&app->detail, TUI_ROLE_LIST, 2, line ? line : "?");
			cJSON_free(line);
			count++;
		}
		if (!count)
			tui_text_addf(&app->detail, TUI_ROLE_DIM, "  none");
	}
	tui_text_addf(&app->detail, TUI_ROLE_LIST, "%s", "");
	tui_text_addf(&app->detail, TUI_ROLE_TITLE, "Request (as signed)");
	tui_text_add_block(&app->detail, TUI_ROLE_LIST, 2, request ? request : "");
	tui_text_addf(&app->detail, TUI_ROLE_LIST, "%s", "");
	tui_text_addf(&app->detail, TUI_ROLE_TITLE, "Answer (as received)");
	tui_text_add_block(&app->detail, TUI_ROLE_LIST, 2, answer ? answer : "");
	cJSON_free(answer);
	snprintf(title, sizeof(title), "%s", ep->title);
	tui_show_detail(app, title, NULL);
	tui_status(app, "%s: %d record(s).", ep->id, count);
}

static void send_form(tui_app *app, tui_form *fm, pc_params *p)
{
	const pc_endpoint *ep = fm->ep;
	const char *kind = pc_store_kind_of(ep->id);
	char *request = NULL, id[128] = "";
	const char *found;
	pc_envelope env;
	pc_err err;

	pc_err_clear(&err);
	if (tui_call(app, ep, p, &env, &request, &err) < 0) {
		snprintf(fm->message, sizeof(fm->message), "%s", err.msg);
		tui_error(app, "Not done: %s", err.msg);
		pc_envelope_free(&env);
		free(request);
		return;
	}
	found = kind ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(env.data, id_field(kind))) : NULL;
	if (!found && kind)
		found = pc_params_get(p, id_field(kind));
	if (found)
		snprintf(id, sizeof(id), "%s", found);
	tui_form_close(app);
	if (kind && id[0] && !cJSON_IsArray(env.data)) {
		const pc_store_obj *o = pc_store_find(app->store, kind, id);

		tui_show_object(app, kind, id);
		tui_status(app, "%s: %s %s.", ep->id, id, o && o->status ? o->status : "done");
	} else if (kind) {
		tui_show_object(app, kind, NULL);
		tui_status(app, "%s: done.", ep->id);
	} else {
		show_answer(app, ep, &env, request);
	}
	pc_envelope_free(&env);
	free(request);
}

static void submit(tui_app *app, tui_form *fm)
{
	bool all[FORM_MAX_FIELDS];
	pc_params p;
	int bad;

	for (int i = 0; i < FORM_MAX_FIELDS; i++)
		all[i] = true;
	bad = check(app, fm, all, &p);
	if (bad) {
		for (int i = 0; i < fm->n; i++) {
			if (fm->fields[i].problem[0]) {
				fm->focus = i;
				break;
			}
		}
		snprintf(fm->message, sizeof(fm->message), "%d field%s to fix before anything is sent.", bad,
		         bad == 1 ? "" : "s");
		tui_error(app, "%s", fm->message);
		pc_params_free(&p);
		return;
	}
	fm->message[0] = '\0';
	if (fm->ep->flags & PC_EP_MOVES_MONEY) {
		tui_review_open(app, fm->ep, &p);
	} else {
		send_form(app, fm, &p);
	}
	pc_params_free(&p);
}

/* ---- keys --------------------------------------------------------------- */

/* The field left is checked; what is wrong stays in view below the form. */
static void leave_field(tui_app *app, tui_form *fm)
{
	const form_field *ff = &fm->fields[fm->focus];

	check_field(app, fm, fm->focus);
	if (ff->problem[0])
		snprintf(fm->message, sizeof(fm->message), "%s: %s", ff->f->name, ff->problem);
	else
		fm->message[0] = '\0';
}

static void discard(tui_app *app)
{
	tui_form_close(app);
	tui_status(app, "Form closed; nothing was sent.");
}

void tui_form_action(tui_app *app, const tui_action *a)
{
	tui_form *fm = app->form;

	if (!fm)
		return;
	switch (a->id) {
	case TUI_A_NEXT_FIELD:
	case TUI_A_PREV_FIELD:
		leave_field(app, fm);
		if (a->id == TUI_A_NEXT_FIELD && fm->focus + 1 < fm->n)
			fm->focus++;
		if (a->id == TUI_A_PREV_FIELD && fm->focus > 0)
			fm->focus--;
		break;
	case TUI_A_SUBMIT:
		submit(app, fm);
		break;
	case TUI_A_CLOSE:
		if (fm->dirty)
			tui_confirm(app, "Discard what was typed in this form?", discard);
		else
			discard(app);
		break;
	default:
		break;
	}
}

void tui_form_key(tui_app *app, int key)
{
	tui_form *fm = app->form;
	form_field *ff;
	tui_edit e;

	if (!fm || fm->n == 0)
		return;
	ff = &fm->fields[fm->focus];
	e = (tui_edit){ ff->value, sizeof(ff->value), ff->len, ff->cursor };
	if (!tui_edit_key(&e, key))
		return;
	if (e.len != ff->len || strncmp(ff->value, e.buf, e.len) != 0)
		fm->dirty = true;
	fm->dirty = fm->dirty || tui_key_is_text(key) || key == TUI_KEY_BACKSPACE || key == TUI_KEY_DEL
	            || key == TUI_KEY_CTRL('u') || key == TUI_KEY_CTRL('k') || key == TUI_KEY_CTRL('w');
	ff->len = e.len;
	ff->cursor = e.cursor;
	ff->problem[0] = '\0';
}

/* ---- drawing ------------------------------------------------------------ */

static void field_label(const form_field *ff, char *buf, size_t size)
{
	const char mark = ff->f->presence == PC_MANDATORY ? '*' : ff->f->presence == PC_CONDITIONAL ? '?' : ' ';

	snprintf(buf, size, "%c %s%s", mark, ff->f->name, (ff->f->flags & PC_FF_MONEY) ? " (pesos)" : "");
}

static void draw_value(tui_app *app, tui_form *fm, int i, int y, int x, int w)
{
	form_field *ff = &fm->fields[i];
	const bool focused = i == fm->focus;
	tui_edit e = { ff->value, sizeof(ff->value), ff->len, ff->cursor };
	int col = tui_edit_cursor_col(app, &e);
	const char *shown = ff->value;
	attr_t attr = tui_attr(app, TUI_ROLE_INPUT) | (focused ? A_BOLD : 0);

	/* Long values scroll so the cursor stays in the box. */
	while (focused && col > w - 2 && shown < ff->value + ff->cursor) {
		size_t step = 1;
		char *skipped;

		while ((shown[step] & 0xc0) == 0x80)
			step++;
		skipped = strndup(shown, step);
		col -= skipped ? tui_text_width(app, skipped) : 1;
		free(skipped);
		shown += step;
	}
	tui_blank(app, y, x, w, attr);
	tui_put(app, y, x, w, attr, shown);
	if (focused) {
		app->cursor_on = true;
		app->cursor_y = y;
		app->cursor_x = x + col;
	}
}

void tui_form_draw(tui_app *app)
{
	tui_form *fm = app->form;
	const int top = tui_body_top(app), rows = tui_body_rows(app);
	const int field_rows = rows - 6;
	const int x = LABEL_WIDTH + 2, w = app->cols - x - 2;
	const form_field *focus;
	char line[1200];
	int y;

	if (!fm || fm->n == 0)
		return;
	snprintf(line, sizeof(line), " %s  (%s %s)%s", fm->ep->title, pc_method_name(fm->ep->method), fm->ep->path,
	         (fm->ep->flags & PC_EP_MOVES_MONEY) ? "  money moves: a review comes before sending" : "");
	tui_put(app, top, 0, app->cols, tui_attr(app, TUI_ROLE_TITLE), line);
	tui_put(app, top + 1, 1, app->cols - 2, tui_attr(app, TUI_ROLE_DIM),
	        "* mandatory  ? mandatory in some cases   Tab/Down next  Enter checks and submits");
	if (fm->focus < fm->top)
		fm->top = fm->focus;
	if (fm->focus >= fm->top + field_rows)
		fm->top = fm->focus - field_rows + 1;
	y = top + 2;
	for (int i = fm->top; i < fm->n && y < top + 2 + field_rows; i++, y++) {
		const form_field *ff = &fm->fields[i];
		attr_t label_attr = tui_attr(app, i == fm->focus ? TUI_ROLE_SELECTED : TUI_ROLE_LIST);

		field_label(ff, line, sizeof(line));
		tui_blank(app, y, 0, LABEL_WIDTH + 1, label_attr);
		tui_put(app, y, 1, LABEL_WIDTH, label_attr, line);
		if (ff->problem[0])
			tui_put(app, y, LABEL_WIDTH, 1, tui_attr(app, TUI_ROLE_FAILED), "!");
		draw_value(app, fm, i, y, x, w);
	}
	focus = &fm->fields[fm->focus];
	y = top + rows - 3;
	tui_put(app, y, 1, app->cols - 2, tui_attr(app, TUI_ROLE_DIM), focus->f->help ? focus->f->help : "");
	if (strcmp(focus->f->name, "idempotencyId") == 0 && !focus->len)
		tui_put(app, y + 1, 1, app->cols - 2, tui_attr(app, TUI_ROLE_DIM),
		        "Left empty: derived from the order id, so a retry of this order reuses it.");
	if (focus->problem[0]) {
		snprintf(line, sizeof(line), "%s: %s", focus->f->name, focus->problem);
		tui_put(app, y + 1, 1, app->cols - 2, tui_attr(app, TUI_ROLE_FAILED), line);
	} else if (fm->message[0]) {
		tui_put(app, y + 2, 1, app->cols - 2, tui_attr(app, TUI_ROLE_FAILED), fm->message);
	}
}
