/* pane_va.c — static virtual accounts paycon created or looked up. */
#include "app.h"
#include "objects.h"

static const tui_column columns[] = {
	{ "Order", 18, false },
	{ "Channels", 24, false },
	{ "Status", 9, false },
	{ "Customer", 0, false },
	{ "Updated", 11, false },
};

static const char *const sources[] = {
	"id", "field:channelCode", "status", "field:customerName", "updated",
};

const tui_pane_ops tui_va_pane = {
	.id = TUI_PANE_VA,
	.cols = columns,
	.ncols = sizeof(columns) / sizeof(columns[0]),
	.kind = "va",
	.load = tui_objects_load,
	.detail = tui_objects_row_detail,
	.sources = sources,
};
