/* Tests for src/tui/qrdraw.c: the drawn code matches libqrencode's modules,
 * with its quiet zone, in half blocks and in ASCII, and picks the strongest
 * error correction that fits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "qrdraw.h"

/* A QRPh payload as the sandbox makes it. */
static const char content[] =
	"00020101021228550011ph.ppmi.p2m0111PAYCPHM1XXX0321QR10077953046540000025204599953036085406250.005802PH"
	"5916PAYCON TEST SHOP6006MANILA62070503QR1630469A3";

/* The module at (x, y) as drawn: ASCII "##" is dark. */
static int ascii_dark(const tui_qr *q, int x, int y)
{
	return q->lines[y][2 * x] == '#';
}

static void test_ascii_matches_the_encoder(void **state)
{
	tui_qr q;
	pc_err err;
	QRcode *ref;

	(void)state;
	assert_int_equal(tui_qr_render(content, false, 1000, 1000, &q, &err), 0);
	assert_true(q.fits);
	assert_int_equal(q.level, 'H');
	ref = QRcode_encodeString(content, 0, QR_ECLEVEL_H, QR_MODE_8, 1);
	assert_non_null(ref);
	assert_int_equal(q.modules, ref->width);
	assert_int_equal(q.n, ref->width + 2 * TUI_QR_QUIET);
	assert_int_equal(q.width, 2 * q.n);
	for (int y = 0; y < q.n; y++) {
		assert_int_equal((int)strlen(q.lines[y]), q.width);
		for (int x = 0; x < q.n; x++) {
			int inside = x >= TUI_QR_QUIET && y >= TUI_QR_QUIET && x < TUI_QR_QUIET + ref->width
			             && y < TUI_QR_QUIET + ref->width;
			int want = inside ? ref->data[(y - TUI_QR_QUIET) * ref->width + x - TUI_QR_QUIET] & 1 : 0;

			assert_int_equal(ascii_dark(&q, x, y), want);
		}
	}
	QRcode_free(ref);
	tui_qr_free(&q);
}

static void test_half_blocks_pair_rows(void **state)
{
	tui_qr q;
	pc_err err;

	(void)state;
	assert_int_equal(tui_qr_render("HELLO", true, 1000, 1000, &q, &err), 0);
	/* 21 modules (version 1) + 8 of quiet zone = 29 rows in 15 lines. */
	assert_int_equal(q.modules, 21);
	assert_int_equal(q.n, 15);
	assert_int_equal(q.width, 29);
	/* Quiet zone: the first two lines are blank. */
	assert_int_equal(strspn(q.lines[0], " "), 29);
	assert_int_equal(strspn(q.lines[1], " "), 29);
	/* Line 2 holds rows 4 and 5, the finder pattern's top: a dark row over
	 * dark-light-dark; line 3 rows 6 and 7: dark, light, three dark, light, dark. */
	assert_int_equal(strncmp(q.lines[2], "    \xe2\x96\x88\xe2\x96\x80\xe2\x96\x80\xe2\x96\x80\xe2\x96\x80"
	                         "\xe2\x96\x80\xe2\x96\x88 ", 4 + 7 * 3 + 1), 0);
	assert_int_equal(strncmp(q.lines[3], "    \xe2\x96\x88 \xe2\x96\x88\xe2\x96\x88\xe2\x96\x88 \xe2\x96\x88 ",
	                         4 + 5 * 3 + 2 + 1), 0);
	tui_qr_free(&q);
}

static void test_picks_what_fits(void **state)
{
	tui_qr q;
	pc_err err;

	(void)state;
	/* 100x26 body rows: H does not fit in 24 lines, L does. */
	assert_int_equal(tui_qr_render(content, true, 100, 24, &q, &err), 0);
	assert_true(q.fits);
	assert_int_equal(q.level, 'L');
	assert_true(q.n <= 24);
	tui_qr_free(&q);
	assert_int_equal(tui_qr_render(content, true, 80, 10, &q, &err), 0);
	assert_false(q.fits);
	assert_int_equal(q.level, 'L');
	tui_qr_free(&q);
	assert_int_equal(tui_qr_render("", true, 80, 10, &q, &err), -1);
	assert_non_null(strstr(err.msg, "qrcodeContent"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_matches_the_encoder),
		cmocka_unit_test(test_half_blocks_pair_rows),
		cmocka_unit_test(test_picks_what_fits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
