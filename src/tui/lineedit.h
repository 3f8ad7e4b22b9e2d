/* lineedit.h — one line of text being typed: the `:` palette (completion,
 * history kept in the state directory), the `/` filter, y/n questions, and
 * the fields of forms. */
#ifndef PAYCON_TUI_LINEEDIT_H
#define PAYCON_TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

typedef struct {
	char *buf;        /* NUL-terminated UTF-8 */
	size_t size;      /* capacity, NUL included */
	size_t len;       /* bytes */
	size_t cursor;    /* byte offset */
} tui_edit;

/* Editing keys (text, Left/Right/Home/End, Backspace/Del, C-a C-e C-u C-k
 * C-w); true when the key was one. */
bool tui_edit_key(tui_edit *e, int key);
/* Screen columns before the cursor. */
int tui_edit_cursor_col(const tui_app *app, const tui_edit *e);

void tui_prompt_open(tui_app *app, tui_prompt_kind kind);
void tui_prompt_close(tui_app *app);
void tui_prompt_key(tui_app *app, int key);

/* Asks a y/n question on the status line and waits for the answer (the
 * screen is drawn meanwhile): 1 for y, 0 for n, -1 for Esc, Ctrl-C or no
 * more input. For questions in the middle of an action; tui_confirm is
 * the one for before an action. */
int tui_ask_yes_no(tui_app *app, const char *question);

void tui_history_load(tui_app *app);
void tui_history_free(tui_app *app);

#endif
