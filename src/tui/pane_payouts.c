/* pane_payouts.c — payouts paycon made, looked up or heard about.
 *
 * PayCools lists no payouts, so the rows are the store's; a pending one
 * changes on screen when its callback lands or its status is polled. */
#include <string.h>

#include "app.h"
#include "objects.h"

static const tui_column columns[] = {
	{ "Order", 18, false },
	{ "Amount", 15, true },
	{ "Status", 9, false },
	{ "Recipient", 0, false },
	{ "Account", 12, false },
	{ "Updated", 11, false },
};

static const char *const sources[] = {
	"id", "money:amount", "status", "field:accountName", "mask:accountNo", "updated",
};

/* check-status: payout.status of the selected payout, now. */
static bool act(tui_app *app, tui_pane *p, const tui_action *a, const char *arg)
{
	const pc_store_obj *o = tui_objects_selected(app, p);
	pc_envelope env;
	pc_params f;
	pc_err err;
	char id[128];

	(void)arg;
	if (a->id != TUI_A_CHECK_STATUS)
		return false;
	if (!o) {
		tui_status(app, "Select a payout first (or s looks one up by order id).");
		return true;
	}
	snprintf(id, sizeof(id), "%s", o->id);
	pc_params_init(&f);
	pc_params_set_str(&f, "mchOrderId", id);
	pc_err_clear(&err);
	if (tui_call(app, pc_endpoint_by_id("payout.status"), &f, &env, NULL, &err) == 0) {
		o = pc_store_find(app->store, "payout", id);
		tui_status(app, "Payout %s: %s", id, o && o->status ? o->status : "?");
	} else {
		tui_error(app, "%s", err.msg);
	}
	pc_envelope_free(&env);
	pc_params_free(&f);
	return true;
}

const tui_pane_ops tui_payouts_pane = {
	.id = TUI_PANE_PAYOUTS,
	.cols = columns,
	.ncols = sizeof(columns) / sizeof(columns[0]),
	.kind = "payout",
	.load = tui_objects_load,
	.detail = tui_objects_row_detail,
	.act = act,
	.sources = sources,
};
