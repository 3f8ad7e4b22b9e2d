/* screen.h — curses: the terminal, colours, drawing, keys, saved displays.
 *
 * Real mode draws on the terminal; headless mode (PAYCON_SCRIPT) draws on
 * a screen of PAYCON_SIZE (default COLUMNS x LINES, else 80x24) whose
 * output goes to /dev/null, and keys come from the script. */
#ifndef PAYCON_TUI_SCREEN_H
#define PAYCON_TUI_SCREEN_H

#include "app.h"

/* Whether this terminal can show the console (a tty with cursor
 * addressing): checked before anything starts. */
int tui_screen_check(pc_err *err);

/* Opens the terminal (or the headless screen) and applies the theme. */
int tui_screen_open(tui_app *app, pc_err *err);
void tui_screen_close(tui_app *app);
/* After a size change. */
void tui_screen_resized(tui_app *app);

/* The whole frame. */
void tui_draw(tui_app *app);

/* The next key from the terminal without waiting, -1 when none. */
int tui_screen_key(tui_app *app);

/* Writes the screen as plain text (trailing blanks cut) to path. */
int tui_save_display(tui_app *app, const char *path, pc_err *err);
/* True when text is somewhere on the screen. */
bool tui_screen_has(tui_app *app, const char *text);

/* Drawing helpers for the views (form.c, review.c, panes). */
attr_t tui_attr(const tui_app *app, tui_role role);
/* Safe text at (y, x), at most width columns; returns the columns used. */
int tui_put(tui_app *app, int y, int x, int width, attr_t attr, const char *text);
/* Fills width columns at (y, x) with blanks. */
void tui_blank(tui_app *app, int y, int x, int width, attr_t attr);
/* Draws t in rows [y, y+h), wrapping long lines; keeps t->top in range. */
void tui_draw_text(tui_app *app, tui_text *t, int y, int h);
/* Screen rows t takes when wrapped to the screen width. */
size_t tui_text_rows(tui_app *app, const tui_text *t);
/* Columns text takes on screen. */
int tui_text_width(const tui_app *app, const char *text);
/* First row and height of the body. */
int tui_body_top(const tui_app *app);
int tui_body_rows(const tui_app *app);

#endif
