/* pane_checkout.c — checkout orders paycon created or looked up. */
#include "app.h"
#include "objects.h"

static const tui_column columns[] = {
	{ "Order", 18, false },
	{ "Checkout", 22, false },
	{ "Amount", 13, true },
	{ "Status", 9, false },
	{ "Payment page", 0, false },
};

static const char *const sources[] = {
	"id", "field:checkoutId", "money:amount", "status", "field:checkoutUrl",
};

const tui_pane_ops tui_checkout_pane = {
	.id = TUI_PANE_CHECKOUT,
	.cols = columns,
	.ncols = sizeof(columns) / sizeof(columns[0]),
	.kind = "checkout",
	.load = tui_objects_load,
	.detail = tui_objects_row_detail,
	.sources = sources,
};
