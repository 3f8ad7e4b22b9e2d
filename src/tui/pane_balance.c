/* pane_balance.c — the balance, and the day's payment and payout statements.
 *
 * Statements are asked for by Philippine date (PayCools' own), page 1;
 * `[` and `]` step a day. Statement amounts come in pesos already. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "money.h"
#include "objects.h"

static cJSON *records;   /* [{"dir":"in"|"out", ...record}] */
static char problem[1024];
static char date[16];

static const tui_column columns[] = {
	{ "Dir", 4, false },
	{ "Order", 18, false },
	{ "Transaction", 21, false },
	{ "Amount", 15, true },
	{ "Status", 9, false },
	{ "Name", 0, false },
};

/* Statement amounts are pesos (numbers or strings). */
static bool pesos_of(const cJSON *v, long long *centavos)
{
	char text[64];
	pc_err err;

	if (cJSON_IsNumber(v) && fabs(v->valuedouble) < 1e13) {
		*centavos = llround(v->valuedouble * 100.0);
		return true;
	}
	if (!cJSON_IsString(v))
		return false;
	snprintf(text, sizeof(text), "%s", v->valuestring);
	return pc_money_parse(text, centavos, &err) == 0;
}

static const char *text_of(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Appends the records of one statement, each marked with its direction. */
static void fetch_statement(tui_app *app, const char *endpoint, const char *dir)
{
	pc_envelope env;
	pc_params f;
	pc_err err;
	const cJSON *list, *r;

	pc_params_init(&f);
	pc_params_set_str(&f, "createDate", date);
	pc_params_set_int(&f, "page", 1);
	pc_err_clear(&err);
	if (tui_call(app, pc_endpoint_by_id(endpoint), &f, &env, NULL, &err) < 0) {
		snprintf(problem, sizeof(problem), "%s: %s", endpoint, err.msg);
	} else {
		list = cJSON_GetObjectItemCaseSensitive(env.data, "records");
		cJSON_ArrayForEach(r, list) {
			cJSON *copy = cJSON_Duplicate(r, 1);

			if (!cJSON_IsObject(copy)) {
				cJSON_Delete(copy);
				continue;
			}
			cJSON_AddStringToObject(copy, "dir", dir);
			cJSON_AddItemToArray(records, copy);
		}
	}
	pc_envelope_free(&env);
	pc_params_free(&f);
}

static void fetch_statements(tui_app *app, tui_pane *p)
{
	cJSON_Delete(records);
	records = cJSON_CreateArray();
	problem[0] = '\0';
	tui_ph_date(p->day_offset, date, sizeof(date));
	if (app->key_problem[0]) {
		snprintf(problem, sizeof(problem), "no statements without the merchant key");
		return;
	}
	fetch_statement(app, "statement.payments", "in");
	fetch_statement(app, "statement.payouts", "out");
}

static void fetch(tui_app *app, tui_pane *p)
{
	tui_fetch_balance(app);
	fetch_statements(app, p);
}

static void load(tui_app *app, tui_pane *p)
{
	const tui_row *sel = tui_list_selected(&p->list);
	char *keep = sel ? strdup(sel->key) : NULL;
	const cJSON *r;
	size_t i = 0;
	char money[64], key[160];

	tui_list_clear(&p->list);
	cJSON_ArrayForEach(r, records) {
		const char *name = text_of(r, "name") ? text_of(r, "name") : text_of(r, "recipientName");
		long long cents;
		tui_row *row;

		snprintf(key, sizeof(key), "%s/%s", text_of(r, "dir"), text_of(r, "transactionId") ? text_of(r, "transactionId") : "?");
		row = tui_list_add(&p->list, key, i++);
		if (!row)
			break;
		tui_row_set(row, 0, text_of(r, "dir"));
		tui_row_set(row, 1, text_of(r, "merchantOrderId"));
		tui_row_set(row, 2, text_of(r, "transactionId"));
		if (pesos_of(cJSON_GetObjectItemCaseSensitive(r, "amount"), &cents))
			tui_money(app, cents, money, sizeof(money));
		else
			snprintf(money, sizeof(money), "-");
		tui_row_set(row, 3, money);
		tui_row_set(row, 4, text_of(r, "status"));
		row->status_col = 4;
		row->role = tui_status_role(text_of(r, "status"));
		tui_row_set(row, 5, name ? name : "-");
	}
	tui_list_refilter(&p->list, keep);
	free(keep);
}

static void preamble(tui_app *app, tui_pane *p, tui_text *out)
{
	char money[64], at[32];

	(void)p;
	if (app->have_balance) {
		tui_money(app, app->balance, money, sizeof(money));
		tui_time_text(app->balance_at, at, sizeof(at));
		tui_text_addf(out, TUI_ROLE_MONEY, "Balance %s  (asked at %s; r asks again)", money, at);
	} else {
		tui_text_addf(out, TUI_ROLE_WARNING, "Balance unknown: %s",
		              app->key_problem[0] ? app->key_problem
		              : app->client->last_error[0] ? app->client->last_error : "r asks PayCools");
	}
	if (!date[0])
		tui_ph_date(0, date, sizeof(date));
	tui_text_addf(out, TUI_ROLE_DIM, "Statements of %s (Philippine date, page 1): [ day before, ] day after",
	              date);
	if (problem[0])
		tui_text_addf(out, TUI_ROLE_FAILED, "%s", problem);
}

static void detail(tui_app *app, tui_pane *p, const tui_row *row, tui_text *out)
{
	const cJSON *r = cJSON_GetArrayItem(records, (int)row->ref);
	const cJSON *item;

	(void)app;
	(void)p;
	tui_text_addf(out, TUI_ROLE_TITLE, "Statement record (%s)", strcmp(text_of(r, "dir") ? text_of(r, "dir") : "", "in") == 0
	              ? "a payment in" : "a payout");
	cJSON_ArrayForEach(item, r) {
		char *text = cJSON_IsString(item) ? NULL : cJSON_PrintUnformatted(item);

		if (strcmp(item->string, "dir") != 0)
			tui_text_add_field(out, TUI_ROLE_LIST, item->string, 24, text ? text : item->valuestring);
		cJSON_free(text);
	}
}

static bool act(tui_app *app, tui_pane *p, const tui_action *a, const char *arg)
{
	(void)arg;
	if (a->id != TUI_A_PREV_DAY && a->id != TUI_A_NEXT_DAY)
		return false;
	p->day_offset += a->id == TUI_A_NEXT_DAY ? 1 : -1;
	fetch_statements(app, p);
	p->stale = true;
	return true;
}

static void done(tui_app *app, tui_pane *p)
{
	(void)app;
	(void)p;
	cJSON_Delete(records);
	records = NULL;
}

const tui_pane_ops tui_balance_pane = {
	.id = TUI_PANE_BALANCE,
	.cols = columns,
	.ncols = sizeof(columns) / sizeof(columns[0]),
	.load = load,
	.preamble = preamble,
	.detail = detail,
	.act = act,
	.fetch = fetch,
	.done = done,
	.sources = NULL,
};
