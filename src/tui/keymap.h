/* keymap.h — key codes and key names, without curses.
 *
 * A key is a Unicode code point (typed text, control characters 1..26 for
 * Ctrl-A..Ctrl-Z) or one of the TUI_KEY_* codes above Unicode. Names are
 * what the action table, the `?` help and test scripts use:
 *   a  ?  <Enter> <Esc> <Tab> <BackTab> <Backspace> <Del> <Up> <Down>
 *   <Left> <Right> <PgUp> <PgDown> <Home> <End> <Space> <LT> (a literal '<')
 *   <Colon> (a ':' key: in scripts a line starting with ':' is a command)
 *   <F1>..<F12>  <C-a>..<C-z>
 * The screen code (input.c) maps curses' keys onto these. */
#ifndef PAYCON_TUI_KEYMAP_H
#define PAYCON_TUI_KEYMAP_H

#include <stddef.h>

enum {
	TUI_KEY_BASE = 0x200000, /* above every code point */
	TUI_KEY_ENTER,
	TUI_KEY_ESC,
	TUI_KEY_TAB,
	TUI_KEY_BACKTAB,
	TUI_KEY_BACKSPACE,
	TUI_KEY_DEL,
	TUI_KEY_UP,
	TUI_KEY_DOWN,
	TUI_KEY_LEFT,
	TUI_KEY_RIGHT,
	TUI_KEY_PGUP,
	TUI_KEY_PGDOWN,
	TUI_KEY_HOME,
	TUI_KEY_END,
	TUI_KEY_RESIZE,
	TUI_KEY_F0,              /* TUI_KEY_F(n) = TUI_KEY_F0 + n, n = 1..12 */
	TUI_KEY_LAST = TUI_KEY_F0 + 12,
};

#define TUI_KEY_F(n) (TUI_KEY_F0 + (n))
#define TUI_KEY_CTRL(c) ((c) & 0x1f)

/* Parses one key at *spec ("x", "<Enter>", "<C-c>", or one UTF-8
 * character) and advances *spec past it. -1 (spec unchanged) when the
 * text there is no key: an unknown <Name>, or invalid UTF-8. */
int tui_key_parse(const char **spec);

/* The key's name as tui_key_parse reads it ("<Enter>", "q", "<C-c>");
 * returns buf. */
const char *tui_key_name(int key, char *buf, size_t size);

/* True for keys that insert text in a field (printable code points). */
int tui_key_is_text(int key);

#endif
