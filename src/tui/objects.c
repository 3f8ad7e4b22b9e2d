/* objects.c — rows and detail views of store objects (see objects.h). */
#include "objects.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "endpoints.h"
#include "json_safe.h"
#include "mask.h"
#include "money.h"

void tui_money(const tui_app *app, long long centavos, char *buf, size_t size)
{
	pc_money_format(centavos, app->utf8, buf, size);
}

void tui_time_text(long long ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
}

tui_role tui_status_role(const char *status)
{
	static const char *const ok[] = { "COMPLETE", "COMPLETED", "SUCCESS", "ACTIVE", "PAID", "valid" };
	static const char *const pending[] = { "PENDING", "PROCESSING", "CREATED" };
	static const char *const failed[] = { "FAILED", "FAIL", "REJECTED", "CANCELLED", "CANCELED", "CLOSED",
		                              "EXPIRED", "invalid", "malformed", "NOT SENT", "ABSENT" };

	if (!status)
		return TUI_ROLE_DIM;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(status, ok[i]) == 0)
			return TUI_ROLE_OK;
	for (size_t i = 0; i < sizeof(pending) / sizeof(pending[0]); i++)
		if (strcmp(status, pending[i]) == 0)
			return TUI_ROLE_PENDING;
	for (size_t i = 0; i < sizeof(failed) / sizeof(failed[0]); i++)
		if (strcmp(status, failed[i]) == 0)
			return TUI_ROLE_FAILED;
	if (strcmp(status, "UNKNOWN") == 0)
		return TUI_ROLE_UNKNOWN;
	return TUI_ROLE_LIST;
}

const char *tui_journal_status(const pc_journal_entry *e)
{
	if (pc_journal_entry_unresolved(e))
		return "UNKNOWN";
	if (strcmp(e->outcome, "absent") == 0)
		return "ABSENT";
	if (strcmp(e->outcome, "rejected") == 0)
		return "REJECTED";
	if (strcmp(e->outcome, "not_sent") == 0)
		return "NOT SENT";
	return e->status && *e->status ? e->status : "PENDING";
}

const char *tui_object_text(const pc_store_obj *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o->fields, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool tui_object_number(const pc_store_obj *o, const char *name, long long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o->fields, name);

	if (cJSON_IsNumber(v) && fabs(v->valuedouble) < 9e15) {
		*out = (long long)llround(v->valuedouble);
		return true;
	}
	if (cJSON_IsString(v) && v->valuestring[0]) {
		char *end;
		long long n = strtoll(v->valuestring, &end, 10);

		if (!*end) {
			*out = n;
			return true;
		}
	}
	return false;
}

/* ---- the list ----------------------------------------------------------- */

static int newest_first(const void *a, const void *b)
{
	const pc_store_obj *x = *(const pc_store_obj *const *)a;
	const pc_store_obj *y = *(const pc_store_obj *const *)b;

	if (x->updated != y->updated)
		return x->updated < y->updated ? 1 : -1;
	return strcmp(x->id, y->id);
}

static void cell(tui_app *app, tui_row *r, int col, const pc_store_obj *o, const char *source)
{
	char buf[128];
	long long n;

	if (strcmp(source, "id") == 0) {
		tui_row_set(r, col, o->id);
	} else if (strcmp(source, "status") == 0) {
		tui_row_set(r, col, o->status ? o->status : "-");
		r->status_col = col;
		r->role = tui_status_role(o->status);
	} else if (strcmp(source, "updated") == 0) {
		time_t t = (time_t)(o->updated / 1000);
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(buf, sizeof(buf), "%m-%d %H:%M", &tm);
		tui_row_set(r, col, buf);
	} else if (strncmp(source, "money:", 6) == 0) {
		if (tui_object_number(o, source + 6, &n)) {
			tui_money(app, n, buf, sizeof(buf));
			tui_row_set(r, col, buf);
		} else {
			tui_row_set(r, col, "-");
		}
	} else if (strncmp(source, "mask:", 5) == 0) {
		const char *v = tui_object_text(o, source + 5);

		tui_row_set(r, col, v ? pc_mask_account(v, buf, sizeof(buf)) : "-");
	} else if (strncmp(source, "field:", 6) == 0) {
		const char *v = tui_object_text(o, source + 6);

		if (!v && tui_object_number(o, source + 6, &n)) {
			snprintf(buf, sizeof(buf), "%lld", n);
			v = buf;
		}
		tui_row_set(r, col, v ? v : "-");
	}
}

void tui_objects_load(tui_app *app, tui_pane *p)
{
	const tui_row *sel = tui_list_selected(&p->list);
	char *keep = sel ? strdup(sel->key) : NULL;
	size_t count = app->store ? pc_store_count(app->store) : 0, n = 0;
	const pc_store_obj **objs = calloc(count ? count : 1, sizeof(*objs));

	tui_list_clear(&p->list);
	for (size_t i = 0; objs && i < count; i++) {
		const pc_store_obj *o = pc_store_get(app->store, i);

		if (strcmp(o->kind, p->ops->kind) == 0)
			objs[n++] = o;
	}
	if (objs)
		qsort(objs, n, sizeof(*objs), newest_first);
	for (size_t i = 0; i < n; i++) {
		tui_row *r = tui_list_add(&p->list, objs[i]->id, i);

		if (!r)
			break;
		r->role = TUI_ROLE_LIST;
		for (int c = 0; c < p->ops->ncols; c++)
			cell(app, r, c, objs[i], p->ops->sources[c]);
	}
	free(objs);
	tui_list_refilter(&p->list, keep);
	free(keep);
}

const pc_store_obj *tui_objects_selected(tui_app *app, tui_pane *p)
{
	const tui_row *r = tui_list_selected(&p->list);

	if (!r || !app->store || !p->ops->kind)
		return NULL;
	return pc_store_find(app->store, p->ops->kind, r->key);
}

/* ---- detail ------------------------------------------------------------- */

/* Amount fields (centavos) of any endpoint, and those the store adds. */
static bool is_money_field(const char *name)
{
	size_t n;
	const pc_endpoint *eps = pc_endpoints(&n);

	if (strcmp(name, "lastPaymentAmount") == 0 || strcmp(name, "amount") == 0
	    || strcmp(name, "refundAmount") == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		for (size_t f = 0; f < eps[i].nfields; f++)
			if ((eps[i].fields[f].flags & PC_FF_MONEY) && strcmp(eps[i].fields[f].name, name) == 0)
				return true;
	return false;
}

static void value_text(tui_app *app, const char *name, const cJSON *v, char *buf, size_t size)
{
	if (cJSON_IsString(v)) {
		snprintf(buf, size, "%s", v->valuestring);
	} else if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) && fabs(v->valuedouble) < 9e15) {
		long long n = (long long)v->valuedouble;

		if (is_money_field(name)) {
			char money[64];

			tui_money(app, n, money, sizeof(money));
			snprintf(buf, size, "%lld  (%s)", n, money);
		} else {
			snprintf(buf, size, "%lld", n);
		}
	} else {
		char *json = pc_json_print_safe(v);

		snprintf(buf, size, "%s", json ? json : "?");
		free(json);
	}
}

void tui_objects_detail(tui_app *app, const pc_store_obj *o, tui_text *out)
{
	const cJSON *item;
	char buf[4096];

	tui_text_addf(out, TUI_ROLE_TITLE, "%s %s", o->kind, o->id);
	tui_text_add_field(out, TUI_ROLE_LIST, "status", 24, o->status ? o->status : "-");
	tui_time_text(o->updated, buf, sizeof(buf));
	tui_text_add_field(out, TUI_ROLE_DIM, "last change", 24, buf);
	tui_text_addf(out, TUI_ROLE_LIST, "%s", "");
	tui_text_addf(out, TUI_ROLE_TITLE, "Fields (every one known)");
	cJSON_ArrayForEach(item, o->fields) {
		value_text(app, item->string, item, buf, sizeof(buf));
		tui_text_add_field(out, TUI_ROLE_LIST, item->string, 24, buf);
	}
	tui_text_addf(out, TUI_ROLE_LIST, "%s", "");
	tui_text_addf(out, TUI_ROLE_TITLE, "Request (the last one sent about it, as signed)");
	if (o->request)
		tui_text_add_block(out, TUI_ROLE_LIST, 2, o->request);
	else
		tui_text_addf(out, TUI_ROLE_DIM, "  none from this machine (known from a callback or another console)");
	tui_text_addf(out, TUI_ROLE_LIST, "%s", "");
	tui_text_addf(out, TUI_ROLE_TITLE, "Answer (as received)");
	if (o->response)
		tui_text_add_block(out, TUI_ROLE_LIST, 2, o->response);
	else
		tui_text_addf(out, TUI_ROLE_DIM, "  none recorded");
}

void tui_objects_row_detail(tui_app *app, tui_pane *p, const tui_row *row, tui_text *out)
{
	const pc_store_obj *o = app->store ? pc_store_find(app->store, p->ops->kind, row->key) : NULL;

	if (!o) {
		tui_text_addf(out, TUI_ROLE_DIM, "This object is no longer in the store.");
		return;
	}
	tui_objects_detail(app, o, out);
}
