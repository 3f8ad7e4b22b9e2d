/* pane_qr.c — QR Ph codes paycon created or looked up, drawn to scan.
 *
 * The detail view starts with the code drawn from qrcodeContent (Unicode
 * half blocks, or "##" without a UTF-8 locale); `v` shows it alone. */
#include <string.h>

#include "app.h"
#include "objects.h"
#include "qrdraw.h"
#include "screen.h"

static const tui_column columns[] = {
	{ "Order", 18, false },
	{ "Channel", 16, false },
	{ "Amount", 13, true },
	{ "Status", 9, false },
	{ "Customer", 0, false },
	{ "Updated", 11, false },
};

static const char *const sources[] = {
	"id", "field:channelCode", "money:amount", "status", "field:customerName", "updated",
};

/* The code itself, as lines that are cut rather than wrapped. */
static void add_code(tui_app *app, const pc_store_obj *o, tui_text *out, int max_rows)
{
	const char *content = tui_object_text(o, "qrcodeContent");
	tui_qr q;
	pc_err err;

	if (!content || !*content) {
		tui_text_addf(out, TUI_ROLE_DIM, "  No qrcodeContent known for %s: s looks the QR code up.", o->id);
		return;
	}
	pc_err_clear(&err);
	if (tui_qr_render(content, app->utf8, app->cols, max_rows, &q, &err) < 0) {
		tui_text_addf(out, TUI_ROLE_FAILED, "  %s", err.msg);
		return;
	}
	/* Said first: a code that does not fit is cut at the bottom. */
	if (!q.fits)
		tui_text_addf(out, TUI_ROLE_WARNING, "  The code needs %dx%d characters to show whole: enlarge the "
		              "terminal to scan it%s.", q.width, q.n + TUI_CHROME_ROWS + 1,
		              app->utf8 ? "" : " (a UTF-8 locale draws it half the size)");
	for (int i = 0; i < q.n; i++) {
		tui_text_addf(out, TUI_ROLE_QR, "%s", q.lines[i]);
		out->lines[out->n - 1].indent = -1;
	}
	tui_text_addf(out, TUI_ROLE_DIM, "  QR version %d, error correction %c, %d modules%s", q.version, q.level,
	              q.modules, app->utf8 ? "" : ", drawn in ASCII");
	tui_qr_free(&q);
}

static void detail(tui_app *app, tui_pane *p, const tui_row *row, tui_text *out)
{
	const pc_store_obj *o = app->store ? pc_store_find(app->store, p->ops->kind, row->key) : NULL;

	if (!o) {
		tui_text_addf(out, TUI_ROLE_DIM, "This QR code is no longer in the store.");
		return;
	}
	add_code(app, o, out, tui_body_rows(app) - 2);
	tui_text_addf(out, TUI_ROLE_LIST, "%s", "");
	tui_objects_detail(app, o, out);
}

/* show-qr: the code alone, with what a tester needs to check the payment. */
static bool act(tui_app *app, tui_pane *p, const tui_action *a, const char *arg)
{
	const pc_store_obj *o = tui_objects_selected(app, p);
	char money[64] = "any amount", title[300];
	long long amount;

	(void)arg;
	if (a->id != TUI_A_SHOW_QR)
		return false;
	if (!o) {
		tui_status(app, "Select a QR code first (n creates one, s looks one up).");
		return true;
	}
	if (tui_object_number(o, "amount", &amount))
		tui_money(app, amount, money, sizeof(money));
	tui_text_clear(&app->detail);
	tui_text_addf(&app->detail, TUI_ROLE_TITLE, " %s  %s  %s  %s", o->id, money,
	              tui_object_text(o, "channelCode") ? tui_object_text(o, "channelCode") : "",
	              o->status ? o->status : "");
	add_code(app, o, &app->detail, tui_body_rows(app) - 1);
	snprintf(title, sizeof(title), "QR code %s", o->id);
	tui_show_detail(app, title, NULL);
	return true;
}

const tui_pane_ops tui_qr_pane = {
	.id = TUI_PANE_QR,
	.cols = columns,
	.ncols = sizeof(columns) / sizeof(columns[0]),
	.kind = "qr",
	.load = tui_objects_load,
	.detail = detail,
	.act = act,
	.sources = sources,
};
