/* pane_refunds.c — refunds paycon made, looked up or heard about. */
#include "app.h"
#include "objects.h"

static const tui_column columns[] = {
	{ "Refund", 18, false },
	{ "Of payment", 21, false },
	{ "Amount", 13, true },
	{ "Status", 9, false },
	{ "Reason", 0, false },
	{ "Updated", 11, false },
};

static const char *const sources[] = {
	"id", "field:originalTransactionId", "money:refundAmount", "status", "field:refundReason", "updated",
};

const tui_pane_ops tui_refunds_pane = {
	.id = TUI_PANE_REFUNDS,
	.cols = columns,
	.ncols = sizeof(columns) / sizeof(columns[0]),
	.kind = "refund",
	.load = tui_objects_load,
	.detail = tui_objects_row_detail,
	.sources = sources,
};
