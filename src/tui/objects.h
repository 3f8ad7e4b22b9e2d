/* objects.h — what the object panes share: rows from the store, the
 * detail view of an object, status colours. */
#ifndef PAYCON_TUI_OBJECTS_H
#define PAYCON_TUI_OBJECTS_H

#include "app.h"
#include "journal.h"

/* Rebuilds p->list from the store objects of p->ops->kind, newest first,
 * with the columns p->ops->sources describes. */
void tui_objects_load(tui_app *app, tui_pane *p);

/* Fills out with the object's every field, its last request and answer. */
void tui_objects_detail(tui_app *app, const pc_store_obj *o, tui_text *out);

/* The detail view of the selected row of an object pane (the `detail` op). */
void tui_objects_row_detail(tui_app *app, tui_pane *p, const tui_row *row, tui_text *out);

/* The store object of the selected row, NULL when none. */
const pc_store_obj *tui_objects_selected(tui_app *app, tui_pane *p);

/* A text field of an object, NULL when it has none. */
const char *tui_object_text(const pc_store_obj *o, const char *name);
/* A number field (centavos for amounts); false when absent. */
bool tui_object_number(const pc_store_obj *o, const char *name, long long *out);

/* The status a journal entry gives its object: UNKNOWN until resolved,
 * then the settled status, ABSENT, REJECTED or NOT SENT. */
const char *tui_journal_status(const pc_journal_entry *e);

/* COMPLETE green, PENDING yellow, FAILED red, UNKNOWN magenta ... */
tui_role tui_status_role(const char *status);

/* Money as the screen shows it ("₱1,234.50" or "PHP 1,234.50"). */
void tui_money(const tui_app *app, long long centavos, char *buf, size_t size);

/* "2026-11-21 10:00:00" in local time. */
void tui_time_text(long long ms, char *buf, size_t size);

#endif
