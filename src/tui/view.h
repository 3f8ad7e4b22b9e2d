/* view.h — the two things panes show: lists of rows and text.
 *
 * Every cell and line is sanitised when it is added (pc_sanitize), so
 * nothing drawn later can carry a control character or an escape
 * sequence, whatever came from the network. No curses here. */
#ifndef PAYCON_TUI_VIEW_H
#define PAYCON_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#define TUI_MAX_COLS 8

typedef struct {
	const char *title;
	int width;           /* columns; 0 takes what is left */
	bool right;          /* right-aligned (amounts) */
} tui_column;

typedef struct {
	char *cells[TUI_MAX_COLS];
	int role;            /* theme role of the status cell */
	int status_col;      /* which cell shows the status, -1 none */
	char *key;           /* identity, to keep the selection across reloads */
	size_t ref;          /* the pane's own index */
} tui_row;

typedef struct {
	tui_row *rows;
	size_t n, cap;
	size_t *shown;       /* rows passing the filter, in order */
	size_t nshown;
	size_t top, sel;     /* positions in shown */
	char filter[256];
} tui_list;

void tui_list_clear(tui_list *l);   /* rows go; filter and selection key stay */
void tui_list_free(tui_list *l);
/* A new empty row (NULL on OOM). */
tui_row *tui_list_add(tui_list *l, const char *key, size_t ref);
/* Sets a cell from any text (sanitised, copied). */
void tui_row_set(tui_row *r, int col, const char *text);
void tui_row_setf(tui_row *r, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Recomputes the shown rows; the selection stays on the row with keep_key
 * (or the same position). */
void tui_list_refilter(tui_list *l, const char *keep_key);
const tui_row *tui_list_selected(const tui_list *l);
/* Moves the selection by delta rows (clamped); page = rows visible. */
void tui_list_move(tui_list *l, long delta, size_t page);
void tui_list_select_key(tui_list *l, const char *key);

typedef struct {
	char *text;          /* safe: sanitised or our own */
	int role;
	int indent;          /* continuation lines start here when wrapped */
} tui_line;

typedef struct {
	tui_line *lines;
	size_t n, cap;
	size_t top;          /* first screen row shown (after wrapping) */
} tui_text;

void tui_text_clear(tui_text *t);
void tui_text_free(tui_text *t);
/* Our own text (printf), one line per '\n'-separated part. */
void tui_text_addf(tui_text *t, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Text from outside: sanitised, newlines escaped; "label" then value. */
void tui_text_add_field(tui_text *t, int role, const char *label, int label_width, const char *value);
/* Text from outside, several lines (each sanitised), indented. */
void tui_text_add_block(tui_text *t, int role, int indent, const char *value);

#endif
