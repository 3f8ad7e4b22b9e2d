/* review.c — the review screen before money moves (see review.h). */
#include "review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "keymap.h"
#include "lineedit.h"
#include "mask.h"
#include "money.h"
#include "money_move.h"
#include "objects.h"
#include "reconcile.h"
#include "request.h"
#include "screen.h"

struct tui_review {
	const pc_endpoint *ep;
	pc_params fields;
	char *canonical;
	char *request_text;
	long long amount;
	char expected[64];       /* the amount as it must be typed (production) */
	char typed[64];
	size_t len, cursor;
	char message[512];
	tui_text text;
};

static bool is_refund(const pc_endpoint *ep)
{
	return strcmp(ep->id, "refund.create") == 0;
}

static const char *field(const tui_review *rv, const char *name)
{
	const char *v = pc_params_get(&rv->fields, name);

	return v ? v : "-";
}

static void build_text(tui_app *app, tui_review *rv)
{
	tui_text *t = &rv->text;
	char money[64], words[256], line[512];

	tui_text_clear(t);
	if (app->production)
		tui_text_add_field(t, TUI_ROLE_HEADER_ENV, "environment", 14, "!! PRODUCTION !!  real money leaves the account");
	else
		tui_text_add_field(t, TUI_ROLE_TITLE, "environment", 14, pc_env_label(app->profile->environment));
	snprintf(line, sizeof(line), "%s (%s), profile %s", app->profile->app_name, app->profile->app_id,
	         app->profile->name);
	tui_text_add_field(t, TUI_ROLE_LIST, "app", 14, line);
	if (is_refund(rv->ep)) {
		tui_text_add_field(t, TUI_ROLE_LIST, "refund", 14, field(rv, "mchRefundOrderId"));
		tui_text_add_field(t, TUI_ROLE_LIST, "of payment", 14, field(rv, "originalTransactionId"));
		tui_text_add_field(t, TUI_ROLE_LIST, "reason", 14, field(rv, "refundReason"));
		tui_text_add_field(t, TUI_ROLE_LIST, "result to", 14, field(rv, "refundCallbackUrl"));
	} else {
		const char *channel = pc_params_get(&rv->fields, "ewalletCode");

		if (!channel)
			channel = field(rv, "bankCode");
		tui_text_add_field(t, TUI_ROLE_LIST, "payout", 14, field(rv, "mchOrderId"));
		snprintf(line, sizeof(line), "%s, %s %s, account %s", field(rv, "accountName"), field(rv, "payMethodCode"),
		         channel, field(rv, "accountNo"));
		tui_text_add_field(t, TUI_ROLE_LIST, "recipient", 14, line);
		tui_text_add_field(t, TUI_ROLE_LIST, "idempotency", 14, field(rv, "idempotencyId"));
	}
	tui_money(app, rv->amount, money, sizeof(money));
	tui_text_add_field(t, TUI_ROLE_MONEY, "amount", 14, money);
	pc_money_words(rv->amount, words, sizeof(words));
	tui_text_add_field(t, TUI_ROLE_MONEY, "in words", 14, words);
	tui_text_addf(t, TUI_ROLE_LIST, "%s", "");
	tui_text_addf(t, TUI_ROLE_TITLE, "  signs (the canonical string):");
	tui_text_add_block(t, TUI_ROLE_DIM, 4, rv->canonical);
}

int tui_review_open(tui_app *app, const pc_endpoint *ep, const pc_params *fields)
{
	const char *amount_field = is_refund(ep) ? "refundAmount" : "amount";
	tui_review *rv = calloc(1, sizeof(*rv));
	pc_request rq;
	pc_err err;

	if (!rv) {
		tui_error(app, "out of memory opening the review");
		return -1;
	}
	rv->ep = ep;
	pc_params_init(&rv->fields);
	pc_params_copy(&rv->fields, fields);
	rv->amount = atoll(pc_params_get(fields, amount_field) ? pc_params_get(fields, amount_field) : "0");
	pc_money_format_input(rv->amount, rv->expected, sizeof(rv->expected));
	pc_err_clear(&err);
	if (pc_client_build(app->client, ep, fields, &rq, &err) < 0) {
		tui_error(app, "Cannot sign it: %s", err.msg);
		pc_params_free(&rv->fields);
		free(rv);
		return -1;
	}
	rv->canonical = strdup(rq.canonical);
	rv->request_text = pc_request_describe(&rq, app->profile->base_url);
	pc_request_free(&rq);
	build_text(app, rv);
	app->review = rv;
	app->status[0] = '\0';
	return 0;
}

void tui_review_close(tui_app *app)
{
	tui_review *rv = app->review;

	if (!rv)
		return;
	pc_params_free(&rv->fields);
	free(rv->canonical);
	free(rv->request_text);
	tui_text_free(&rv->text);
	free(rv);
	app->review = NULL;
}

void tui_review_draw(tui_app *app)
{
	tui_review *rv = app->review;
	const int top = tui_body_top(app), rows = tui_body_rows(app);
	char line[512];
	int y = top + rows - 3;

	tui_put(app, top, 0, app->cols, tui_attr(app, TUI_ROLE_TITLE) | A_BOLD,
	        is_refund(rv->ep) ? " Review this refund before it is sent" : " Review this payout before it is sent");
	tui_draw_text(app, &rv->text, top + 2, rows - 6);
	if (app->production) {
		tui_edit e = { rv->typed, sizeof(rv->typed), rv->len, rv->cursor };
		int x;

		snprintf(line, sizeof(line), " Type the amount exactly as %s, then Enter, to send it: ", rv->expected);
		x = tui_put(app, y, 0, app->cols, tui_attr(app, TUI_ROLE_WARNING) | A_BOLD, line);
		tui_blank(app, y, x, 16, tui_attr(app, TUI_ROLE_INPUT));
		tui_put(app, y, x, 16, tui_attr(app, TUI_ROLE_INPUT), rv->typed);
		app->cursor_on = true;
		app->cursor_y = y;
		app->cursor_x = x + tui_edit_cursor_col(app, &e);
	} else {
		snprintf(line, sizeof(line), " %s: Enter sends it. Esc goes back to the form; Ctrl-C cancels.",
		         pc_env_label(app->profile->environment));
		tui_put(app, y, 0, app->cols, tui_attr(app, TUI_ROLE_WARNING) | A_BOLD, line);
	}
	if (rv->message[0])
		tui_put(app, y + 1, 1, app->cols - 2, tui_attr(app, TUI_ROLE_FAILED), rv->message);
}

void tui_review_key(tui_app *app, int key)
{
	tui_review *rv = app->review;
	tui_edit e;

	if (!app->production)
		return;
	e = (tui_edit){ rv->typed, sizeof(rv->typed), rv->len, rv->cursor };
	if (tui_edit_key(&e, key)) {
		rv->len = e.len;
		rv->cursor = e.cursor;
		rv->message[0] = '\0';
	}
}

/* The object's status as the move left it. */
static const char *move_status(const pc_move *mv)
{
	switch (mv->result) {
	case PC_MOVE_UNKNOWN:
		return "UNKNOWN";
	case PC_MOVE_REJECTED:
		return "REJECTED";
	case PC_MOVE_NOT_SENT:
		return "NOT SENT";
	default:
		return mv->status[0] ? mv->status : "PENDING";
	}
}

static void record(tui_app *app, tui_review *rv, const pc_move *mv)
{
	const char *kind = is_refund(rv->ep) ? "refund" : "payout";
	cJSON *fields = pc_store_fields_json(&rv->fields);
	char *answer = NULL;
	pc_err err;

	if (!app->store || !fields || !mv->key[0]) {
		cJSON_Delete(fields);
		return;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(fields, "appName");
	if (mv->data && cJSON_IsObject(mv->data)) {
		const cJSON *item;

		cJSON_ArrayForEach(item, mv->data)
			if (item->string && !cJSON_HasObjectItem(fields, item->string))
				cJSON_AddItemToObject(fields, item->string, cJSON_Duplicate(item, 1));
		answer = cJSON_PrintUnformatted(mv->data);
	}
	if (mv->transaction_id[0] && !cJSON_HasObjectItem(fields, is_refund(rv->ep) ? "refundTransactionId" : "transactionId"))
		cJSON_AddStringToObject(fields, is_refund(rv->ep) ? "refundTransactionId" : "transactionId",
		                        mv->transaction_id);
	pc_err_clear(&err);
	pc_store_put(app->store, kind, mv->key, move_status(mv), fields, rv->request_text, answer, 0, &err);
	cJSON_free(answer);
	cJSON_Delete(fields);
	tui_mark_stale(app, kind);
	tui_mark_stale(app, "journal");
}

void tui_review_send(tui_app *app)
{
	tui_review *rv = app->review;
	const char *kind;
	char key[128];
	pc_move mv;
	pc_err err;
	int rc;
	bool cancelled;

	if (!rv)
		return;
	if (app->production && strcmp(rv->typed, rv->expected) != 0) {
		snprintf(rv->message, sizeof(rv->message), "%s is not %s: nothing was sent. Type the amount exactly.",
		         rv->len ? rv->typed : "Nothing typed", rv->expected);
		rv->len = rv->cursor = 0;
		rv->typed[0] = '\0';
		return;
	}
	memset(&mv, 0, sizeof(mv));
	pc_err_clear(&err);
	tui_begin_request(app, rv->ep->id);
	rc = pc_money_move(app->client, rv->ep, &rv->fields, &mv, &err);
	cancelled = tui_end_request(app);
	record(app, rv, &mv);
	kind = is_refund(rv->ep) ? "refund" : "payout";
	snprintf(key, sizeof(key), "%s", mv.key[0] ? mv.key : pc_params_get(&rv->fields, pc_money_key_field(rv->ep->id)));
	if (rc < 0 && (mv.result == PC_MOVE_REJECTED || mv.result == PC_MOVE_NOT_SENT || !mv.key[0])) {
		/* Nothing was created: back to the form to fix it. */
		snprintf(rv->message, sizeof(rv->message), "%s", err.msg);
		tui_error(app, "%s: %s", mv.result == PC_MOVE_NOT_SENT ? "Not sent" : "Refused", err.msg);
		pc_move_free(&mv);
		/* The form, still open under the review, shows again. */
		tui_review_close(app);
		return;
	}
	tui_review_close(app);
	tui_form_close(app);
	if (rc == 0)
		tui_fetch_balance(app);
	tui_show_object(app, kind, key);
	if (rc == 0)
		tui_status(app, "%s %s %s: %s.", kind, key, pc_move_result_name(mv.result), move_status(&mv));
	else
		tui_error(app, "%s %s: outcome UNKNOWN%s. Do not pay it again: paycon asks PayCools until it knows. %s",
		          kind, key, cancelled ? " (cancelled after it may have left)" : "", err.msg);
	pc_move_free(&mv);
}
