/* backlog.h — what the console reads after its first frame.
 *
 * A spool of months of callbacks and a journal of months of payouts take
 * long to read; the console draws first and reads them a slice at a time
 * (TUI_BACKLOG_SLICE_MS) between keys, so keys are never kept waiting: the
 * object store first (the panes' lists fill as it is read), then the journal
 * (requests whose outcome it does not know show as UNKNOWN), then the newest
 * callbacks in the spool (live.h). The journal reader stays
 * open afterwards and reads only what is appended (reconcile uses it). */
#ifndef PAYCON_TUI_BACKLOG_H
#define PAYCON_TUI_BACKLOG_H

#include <stdbool.h>

#include "app.h"
#include "journal.h"

#define TUI_BACKLOG_SLICE_MS 8

void tui_backlog_start(tui_app *app);
void tui_backlog_stop(tui_app *app);
/* Something is left to read. */
bool tui_backlog_pending(const tui_app *app);
/* Reads for about TUI_BACKLOG_SLICE_MS. */
void tui_backlog_step(tui_app *app);
/* The journal as the file stands now (appended lines read first), for the
 * journal pane; NULL while the backlog is still reading it, or with err
 * when it cannot be read. */
const pc_journal_view *tui_backlog_journal_view(tui_app *app, pc_err *err);
/* The same without reading anything new: valid row indexes stay valid. */
const pc_journal_view *tui_backlog_journal_seen(const tui_app *app);
/* The journal's entry for (op, key) as the file stands now (appended lines
 * read first); NULL when there is none or the journal is still being read. */
const pc_journal_entry *tui_backlog_journal_find(tui_app *app, const char *op, const char *key);

#endif
