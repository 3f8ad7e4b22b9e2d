/* theme.h — colour themes: files of `color <role> <fg> <bg> [attrs]` lines.
 *
 * Roles are semantic (header, selected, failed, money, ...): a pane asks
 * for "failed", never for "red". Colours: default black red green yellow
 * blue magenta cyan white, or a number 0-255; attributes: bold dim
 * underline reverse standout. `#` starts a comment. A role a file leaves
 * out looks as in the built-in mono theme. No curses here: display.c
 * turns a theme into colour pairs for the terminal at hand. */
#ifndef PAYCON_TUI_THEME_H
#define PAYCON_TUI_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

typedef enum {
	TUI_ROLE_HEADER = 0,
	TUI_ROLE_HEADER_ENV,
	TUI_ROLE_TITLE,
	TUI_ROLE_LIST,
	TUI_ROLE_SELECTED,
	TUI_ROLE_DIM,
	TUI_ROLE_STATUS,
	TUI_ROLE_STATUS_ERROR,
	TUI_ROLE_OK,
	TUI_ROLE_PENDING,
	TUI_ROLE_FAILED,
	TUI_ROLE_UNKNOWN,
	TUI_ROLE_MONEY,
	TUI_ROLE_HELP_KEY,
	TUI_ROLE_INPUT,
	TUI_ROLE_WARNING,
	TUI_ROLE_BORDER,
	TUI_ROLE_COUNT
} tui_role;

#define TUI_ATTR_BOLD 0x01
#define TUI_ATTR_DIM 0x02
#define TUI_ATTR_UNDERLINE 0x04
#define TUI_ATTR_REVERSE 0x08
#define TUI_ATTR_STANDOUT 0x10

#define TUI_COLOR_DEFAULT (-1)

typedef struct {
	int fg, bg;          /* TUI_COLOR_DEFAULT or 0..255 */
	unsigned attrs;      /* TUI_ATTR_* */
} tui_style;

typedef struct {
	char name[64];
	char path[512];      /* file read, "" for the built-in theme */
	tui_style roles[TUI_ROLE_COUNT];
} tui_theme;

const char *tui_role_name(tui_role r);

/* The attributes-only theme used when nothing else can be (equal to
 * themes/mono). */
void tui_theme_builtin(tui_theme *t);

/* Parses theme text over the built-in theme. Errors name origin and line:
 * "themes/x:3: unknown role 'hedaer' (roles: header, ...)". */
int tui_theme_parse(tui_theme *t, const char *text, const char *origin, pc_err *err);

/* Finds NAME (letters, digits, '-', '_') in each directory of dirs (a
 * NULL-terminated list, entries may be NULL to skip) and parses the first
 * found. */
int tui_theme_load(tui_theme *t, const char *name, const char *const *dirs, pc_err *err);

/* The theme a console uses: mono under NO_COLOR or without colours, else
 * the profile's, else production's in production, else default. */
const char *tui_theme_choose(const char *profile_theme, bool production, bool no_color, bool has_colors);

#endif
