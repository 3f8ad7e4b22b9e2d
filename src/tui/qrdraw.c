/* qrdraw.c — QR codes as text (see qrdraw.h). */
#include "qrdraw.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#define FULL "\xe2\x96\x88"  /* U+2588 */
#define UPPER "\xe2\x96\x80" /* U+2580 */
#define LOWER "\xe2\x96\x84" /* U+2584 */

/* Module (x, y) of the code with its quiet zone; light outside the code. */
static bool dark(const QRcode *q, int x, int y)
{
	x -= TUI_QR_QUIET;
	y -= TUI_QR_QUIET;
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return false;
	return q->data[y * q->width + x] & 1;
}

static int render_lines(const QRcode *q, bool utf8, tui_qr *out)
{
	const int side = q->width + 2 * TUI_QR_QUIET;
	const int n = utf8 ? (side + 1) / 2 : side;

	out->lines = calloc((size_t)n, sizeof(*out->lines));
	if (!out->lines)
		return -1;
	out->n = n;
	out->width = utf8 ? side : 2 * side;
	for (int line = 0; line < n; line++) {
		char *text = malloc((size_t)side * 3 + 1);
		size_t len = 0;

		if (!text)
			return -1;
		for (int x = 0; x < side; x++) {
			const char *glyph;

			if (utf8) {
				bool top = dark(q, x, 2 * line), bottom = dark(q, x, 2 * line + 1);

				glyph = top && bottom ? FULL : top ? UPPER : bottom ? LOWER : " ";
			} else {
				glyph = dark(q, x, line) ? "##" : "  ";
			}
			memcpy(text + len, glyph, strlen(glyph));
			len += strlen(glyph);
		}
		text[len] = '\0';
		out->lines[line] = text;
	}
	return 0;
}

int tui_qr_render(const char *content, bool utf8, int max_cols, int max_rows, tui_qr *out, pc_err *err)
{
	static const struct {
		QRecLevel level;
		char name;
	} levels[] = { { QR_ECLEVEL_H, 'H' }, { QR_ECLEVEL_Q, 'Q' }, { QR_ECLEVEL_M, 'M' }, { QR_ECLEVEL_L, 'L' } };
	QRcode *q = NULL;
	size_t pick = 0;

	memset(out, 0, sizeof(*out));
	if (!content || !*content)
		return pc_err_set(err, PC_EINPUT, "no QR content to draw (qrcodeContent is empty)");
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		int side, cols, rows;

		QRcode_free(q);
		q = QRcode_encodeString(content, 0, levels[i].level, QR_MODE_8, 1);
		if (!q)
			continue;
		pick = i;
		side = q->width + 2 * TUI_QR_QUIET;
		cols = utf8 ? side : 2 * side;
		rows = utf8 ? (side + 1) / 2 : side;
		out->fits = cols <= max_cols && rows <= max_rows;
		if (out->fits)
			break;
	}
	if (!q)
		return pc_err_set(err, PC_EINPUT, "the QR content cannot be encoded (%s)",
		                  errno == ERANGE ? "too long for a QR code" : "libqrencode refused it");
	out->modules = q->width;
	out->version = q->version;
	out->level = levels[pick].name;
	if (render_lines(q, utf8, out) < 0) {
		QRcode_free(q);
		tui_qr_free(out);
		return pc_err_set(err, PC_EINPUT, "out of memory drawing the QR code");
	}
	QRcode_free(q);
	return 0;
}

void tui_qr_free(tui_qr *q)
{
	for (int i = 0; q->lines && i < q->n; i++)
		free(q->lines[i]);
	free(q->lines);
	memset(q, 0, sizeof(*q));
}
