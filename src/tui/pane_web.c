/* pane_web.c — web payments paycon created or looked up. */
#include "app.h"
#include "objects.h"

static const tui_column columns[] = {
	{ "Order", 18, false },
	{ "Transaction", 21, false },
	{ "Amount", 13, true },
	{ "Status", 9, false },
	{ "Channel", 0, false },
	{ "Updated", 11, false },
};

static const char *const sources[] = {
	"id", "field:transactionId", "money:amount", "status", "field:channelCode", "updated",
};

const tui_pane_ops tui_web_pane = {
	.id = TUI_PANE_WEB,
	.cols = columns,
	.ncols = sizeof(columns) / sizeof(columns[0]),
	.kind = "web",
	.load = tui_objects_load,
	.detail = tui_objects_row_detail,
	.sources = sources,
};
