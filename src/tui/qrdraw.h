/* qrdraw.h — a QR code as lines of text, from its content (libqrencode).
 *
 * In a UTF-8 locale two rows of modules share a line: upper and lower half
 * blocks (U+2580, U+2584), a full block (U+2588) or a blank. Elsewhere each
 * module is two characters, "##" or "  ", one row per line. Dark modules
 * are the glyphs; the caller draws them dark on light (screen.c's QR
 * colours). A quiet zone of four modules surrounds the code, as the QR
 * standard asks, so a phone can find it. No curses here. */
#ifndef PAYCON_TUI_QRDRAW_H
#define PAYCON_TUI_QRDRAW_H

#include <stdbool.h>

#include "err.h"

#define TUI_QR_QUIET 4

typedef struct {
	char **lines;
	int n;             /* lines */
	int width;         /* columns of each line */
	int modules;       /* modules per side, quiet zone excluded */
	int version;
	char level;        /* 'L', 'M', 'Q' or 'H' */
	bool fits;         /* false when even level L exceeds max_cols x max_rows */
} tui_qr;

/* The strongest error correction that fits in max_cols x max_rows (level L
 * when none does; fits says which). */
int tui_qr_render(const char *content, bool utf8, int max_cols, int max_rows, tui_qr *out, pc_err *err);
void tui_qr_free(tui_qr *q);

#endif
