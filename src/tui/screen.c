/* screen.c — curses: the terminal, colours, drawing, keys, saved displays. */
#include "screen.h"

#include <stdlib.h>
#include <string.h>
#include <term.h>
/* term.h names every capability as a macro; these two collide with fields. */
#undef lines
#undef columns
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "form.h"
#include "keymap.h"
#include "money.h"
#include "paths.h"
#include "request.h"
#include "review.h"
#include "sanitize.h"
#include "utf8.h"

#define QR_PAIR (TUI_ROLE_COUNT + 1)

/* ---- opening ------------------------------------------------------------ */

static void headless_size(void)
{
	const char *size = getenv("PAYCON_SIZE");
	int w = 0, h = 0;
	char buf[16];

	if (size && sscanf(size, "%dx%d", &w, &h) == 2 && w > 0 && h > 0 && w < 1000 && h < 1000) {
		snprintf(buf, sizeof(buf), "%d", w);
		setenv("COLUMNS", buf, 1);
		snprintf(buf, sizeof(buf), "%d", h);
		setenv("LINES", buf, 1);
		return;
	}
	if (!getenv("COLUMNS"))
		setenv("COLUMNS", "80", 1);
	if (!getenv("LINES"))
		setenv("LINES", "24", 1);
}

static int open_headless(tui_app *app, pc_err *err)
{
	static const char *const terms[] = { "xterm-256color", "xterm", "vt100" };
	const char *wanted = getenv("PAYCON_TERM");

	headless_size();
	app->term_out = fopen("/dev/null", "w");
	app->term_in = fopen("/dev/null", "r");
	if (!app->term_out || !app->term_in)
		return pc_err_set(err, PC_EINPUT, "cannot open /dev/null for the headless screen");
	if (wanted && *wanted)
		app->screen = newterm(wanted, app->term_out, app->term_in);
	for (size_t i = 0; !app->screen && i < sizeof(terms) / sizeof(terms[0]); i++)
		app->screen = newterm(terms[i], app->term_out, app->term_in);
	if (!app->screen)
		return pc_err_set(err, PC_EINPUT, "no terminal description (xterm, vt100) for the headless screen");
	return 0;
}

/* A terminal that cannot place the cursor (TERM=dumb, a printer) cannot
 * show the console: say so before curses touches it. */
int tui_screen_check(pc_err *err)
{
	const char *term = getenv("TERM");
	char *cup;
	int status = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return pc_err_set(err, PC_EINPUT, "the console needs a terminal on stdin and stdout; "
		                  "use a command instead (paycon --help)");
	if (!term || !*term)
		return pc_err_set(err, PC_EINPUT, "TERM is not set, so the console cannot draw; set it "
		                  "(e.g. TERM=xterm-256color) or use a command (paycon --help)");
	if (setupterm(NULL, STDOUT_FILENO, &status) != OK)
		return pc_err_set(err, PC_EINPUT, "TERM=%.40s is unknown to this system's terminfo; "
		                  "set TERM to your terminal (e.g. xterm-256color) or use a command "
		                  "(paycon --help)", term);
	cup = tigetstr("cup");
	del_curterm(cur_term);
	if (!cup || cup == (char *)-1)
		return pc_err_set(err, PC_EINPUT, "TERM=%.40s cannot move the cursor, so the console cannot "
		                  "draw on it; use a full terminal (xterm, screen, tmux) or the commands: "
		                  "paycon balance, paycon tail, paycon --help", term);
	return 0;
}

/* xterm's 256 colours as RGB. */
static void xterm_rgb(int c, int rgb[3])
{
	static const int sys[16][3] = {
		{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 }, { 0, 0, 238 }, { 205, 0, 205 },
		{ 0, 205, 205 }, { 229, 229, 229 }, { 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 },
		{ 255, 255, 0 }, { 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
	};
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };

	if (c < 16) {
		memcpy(rgb, sys[c], sizeof(sys[c]));
	} else if (c < 232) {
		rgb[0] = level[(c - 16) / 36];
		rgb[1] = level[((c - 16) / 6) % 6];
		rgb[2] = level[(c - 16) % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
	}
}

/* A theme colour on a terminal with fewer colours: the nearest of the
 * first eight. */
static short fit_color(int c, bool default_ok, bool fg)
{
	int rgb[3], best = 0;
	long best_d = -1;

	if (c == TUI_COLOR_DEFAULT)
		return default_ok ? -1 : (fg ? COLOR_WHITE : COLOR_BLACK);
	if (c < COLORS)
		return (short)c;
	if (c >= 8 && c < 16)
		return (short)(c - 8);
	xterm_rgb(c, rgb);
	for (int k = 0; k < 8; k++) {
		int sys[3];
		long d;

		xterm_rgb(k, sys);
		d = (long)(rgb[0] - sys[0]) * (rgb[0] - sys[0]) + (long)(rgb[1] - sys[1]) * (rgb[1] - sys[1])
		    + (long)(rgb[2] - sys[2]) * (rgb[2] - sys[2]);
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = k;
		}
	}
	return (short)best;
}

static attr_t curses_attrs(unsigned a)
{
	attr_t out = A_NORMAL;

	if (a & TUI_ATTR_BOLD)
		out |= A_BOLD;
	if (a & TUI_ATTR_DIM)
		out |= A_DIM;
	if (a & TUI_ATTR_UNDERLINE)
		out |= A_UNDERLINE;
	if (a & TUI_ATTR_REVERSE)
		out |= A_REVERSE;
	if (a & TUI_ATTR_STANDOUT)
		out |= A_STANDOUT;
	return out;
}

static void load_theme(tui_app *app)
{
	const char *name = tui_theme_choose(app->profile->theme, app->production, app->no_color, app->colors);
	char *user = NULL, *shipped, *xdg = getenv("XDG_CONFIG_HOME");
	const char *dirs[4];
	pc_err err;

	if (xdg && *xdg)
		user = pc_strdupf("%s/paycon/themes", xdg);
	else if (getenv("HOME"))
		user = pc_strdupf("%s/.config/paycon/themes", getenv("HOME"));
	dirs[0] = getenv("PAYCON_THEMES_DIR");
	dirs[1] = user ? user : "";
	shipped = pc_find_data(NULL, "themes", "themes");
	dirs[2] = shipped ? shipped : "";
	dirs[3] = NULL;
	if (!dirs[0])
		dirs[0] = "";
	pc_err_clear(&err);
	if (tui_theme_load(&app->theme, name, dirs, &err) < 0) {
		tui_theme_builtin(&app->theme);
		tui_error(app, "%s; using the built-in mono theme", err.msg);
	}
	free(user);
	free(shipped);
}

static void apply_theme(tui_app *app)
{
	bool default_ok = false;

	if (app->colors) {
		start_color();
		default_ok = use_default_colors() == OK;
	}
	for (int r = 0; r < TUI_ROLE_COUNT; r++) {
		const tui_style *st = &app->theme.roles[r];

		app->attrs[r] = curses_attrs(st->attrs);
		if (app->colors && COLOR_PAIRS > QR_PAIR) {
			init_pair((short)(r + 1), fit_color(st->fg, default_ok, true), fit_color(st->bg, default_ok, false));
			app->attrs[r] |= COLOR_PAIR(r + 1);
		}
	}
	/* Production stays unmistakable without colour. */
	if (app->production)
		app->attrs[TUI_ROLE_HEADER_ENV] |= A_BOLD | A_REVERSE;
	/* A QR code is dark on light whatever the terminal's colours; without
	 * colours, reverse video makes a dark terminal's text colour the light. */
	if (app->colors && COLOR_PAIRS > QR_PAIR) {
		init_pair(QR_PAIR, COLOR_BLACK, COLOR_WHITE);
		app->qr_attr = COLOR_PAIR(QR_PAIR);
	} else {
		app->qr_attr = A_REVERSE;
	}
}

int tui_screen_open(tui_app *app, pc_err *err)
{
	if (app->headless) {
		if (open_headless(app, err) < 0)
			return -1;
	} else {
		if (tui_screen_check(err) < 0)
			return -1;
		app->screen = newterm(NULL, stdout, stdin);
		if (!app->screen)
			return pc_err_set(err, PC_EINPUT, "cannot open the terminal (TERM=%.40s)", getenv("TERM"));
	}
	set_term(app->screen);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	mousemask(0, NULL);
	curs_set(0);
	app->colors = has_colors() && !app->no_color;
	load_theme(app);
	apply_theme(app);
	tui_screen_resized(app);
	return 0;
}

void tui_screen_close(tui_app *app)
{
	if (app->screen) {
		curs_set(1);
		endwin();
		delscreen(app->screen);
		app->screen = NULL;
	}
	if (app->term_out)
		fclose(app->term_out);
	if (app->term_in)
		fclose(app->term_in);
	app->term_out = app->term_in = NULL;
}

void tui_screen_resized(tui_app *app)
{
	getmaxyx(stdscr, app->rows, app->cols);
	app->too_small = app->rows < TUI_MIN_ROWS || app->cols < TUI_MIN_COLS;
	clearok(curscr, TRUE);
}

/* ---- keys --------------------------------------------------------------- */

static int map_function_key(wint_t k)
{
	switch (k) {
	case KEY_UP: return TUI_KEY_UP;
	case KEY_DOWN: return TUI_KEY_DOWN;
	case KEY_LEFT: return TUI_KEY_LEFT;
	case KEY_RIGHT: return TUI_KEY_RIGHT;
	case KEY_PPAGE: return TUI_KEY_PGUP;
	case KEY_NPAGE: return TUI_KEY_PGDOWN;
	case KEY_HOME: return TUI_KEY_HOME;
	case KEY_END: return TUI_KEY_END;
	case KEY_ENTER: return TUI_KEY_ENTER;
	case KEY_BTAB: return TUI_KEY_BACKTAB;
	case KEY_BACKSPACE: return TUI_KEY_BACKSPACE;
	case KEY_DC: return TUI_KEY_DEL;
	case KEY_RESIZE: return TUI_KEY_RESIZE;
	default:
		break;
	}
	if (k >= (wint_t)KEY_F(1) && k <= (wint_t)KEY_F(12))
		return TUI_KEY_F((int)(k - KEY_F0));
	return -1;
}

static int map_char(wint_t c)
{
	switch (c) {
	case '\r':
	case '\n':
		return TUI_KEY_ENTER;
	case '\t':
		return TUI_KEY_TAB;
	case 27:
		return TUI_KEY_ESC;
	case 127:
	case 8:
		return TUI_KEY_BACKSPACE;
	default:
		return (int)c;
	}
}

int tui_screen_key(tui_app *app)
{
	wint_t wch;
	int rc;

	(void)app;
	for (;;) {
		rc = get_wch(&wch);
		if (rc == ERR)
			return -1;
		if (rc == KEY_CODE_YES) {
			int k = map_function_key(wch);

			if (k >= 0)
				return k;
			continue; /* a key we do not use */
		}
		return map_char(wch);
	}
}

/* ---- drawing primitives ------------------------------------------------- */

attr_t tui_attr(const tui_app *app, tui_role role)
{
	if ((int)role == TUI_ROLE_QR)
		return app->qr_attr;
	return (unsigned)role < TUI_ROLE_COUNT ? app->attrs[role] : A_NORMAL;
}

/* The next character of s for the screen: its code point, bytes and width. */
static size_t next_glyph(const tui_app *app, const char *s, uint32_t *cp, int *width)
{
	size_t n = pc_utf8_next((const unsigned char *)s, strlen(s), cp);

	if (n == 0) {
		*cp = '?';
		n = 1;
	}
	if (*cp < 0x20 || *cp == 0x7f || pc_is_hidden_control(*cp)) {
		*cp = '?'; /* callers sanitise; this is the last line of defence */
		*width = 1;
	} else if (*cp < 0x80) {
		*width = 1;
	} else if (!app->utf8) {
		*cp = '?';
		*width = 1;
	} else {
		*width = wcwidth((wchar_t)*cp);
		if (*width < 0) {
			*cp = '?';
			*width = 1;
		}
	}
	return n;
}

int tui_text_width(const tui_app *app, const char *text)
{
	int w = 0, cw;
	uint32_t cp;

	while (text && *text) {
		text += next_glyph(app, text, &cp, &cw);
		w += cw;
	}
	return w;
}

int tui_put(tui_app *app, int y, int x, int width, attr_t attr, const char *text)
{
	int used = 0, w;
	uint32_t cp;

	if (y < 0 || y >= app->rows || x >= app->cols || width <= 0)
		return 0;
	if (x + width > app->cols)
		width = app->cols - x;
	move(y, x);
	while (text && *text) {
		size_t n = next_glyph(app, text, &cp, &w);

		if (used + w > width)
			break;
		text += n;
		if (w == 0)
			continue; /* combining marks: not worth a broken cell */
		if (cp < 0x80) {
			addch((chtype)cp | attr);
		} else {
			wchar_t wc[2] = { (wchar_t)cp, 0 };
			cchar_t cc;

			/* The colour pair travels apart from the attributes here. */
			setcchar(&cc, wc, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
			add_wch(&cc);
		}
		used += w;
	}
	return used;
}

void tui_blank(tui_app *app, int y, int x, int width, attr_t attr)
{
	if (y < 0 || y >= app->rows || x >= app->cols)
		return;
	if (x + width > app->cols)
		width = app->cols - x;
	move(y, x);
	for (int i = 0; i < width; i++)
		addch(' ' | attr);
}

int tui_body_top(const tui_app *app)
{
	(void)app;
	return 2;
}

int tui_body_rows(const tui_app *app)
{
	return app->rows - TUI_CHROME_ROWS;
}

/* Byte length of the part of s that fits in width columns. */
static size_t fit_bytes(const tui_app *app, const char *s, int width)
{
	const char *p = s;
	int used = 0, w;
	uint32_t cp;

	while (*p) {
		size_t n = next_glyph(app, p, &cp, &w);

		if (used + w > width)
			break;
		used += w;
		p += n;
	}
	if (p == s && *p)
		p += next_glyph(app, p, &cp, &w); /* always progress */
	return (size_t)(p - s);
}

/* Bytes of s one wrapped row takes: up to a blank in the second half of
 * the row when there is one (the blank goes with it), else what fits. */
static size_t wrap_bytes(const tui_app *app, const char *s, int width)
{
	size_t fit = fit_bytes(app, s, width);

	if (!s[fit])
		return fit;
	for (size_t i = fit; i > fit / 2; i--)
		if (s[i - 1] == ' ')
			return i;
	return fit;
}

static int line_indent(const tui_app *app, const tui_line *l)
{
	return l->indent >= 0 && l->indent < app->cols / 2 ? l->indent : 0;
}

static size_t line_rows(tui_app *app, const tui_line *l)
{
	const char *p = l->text;
	size_t rows = 1;
	int width = app->cols;

	if (l->indent < 0)
		return 1; /* drawn cut, never wrapped (QR codes) */
	p += wrap_bytes(app, p, width);
	while (*p) {
		rows++;
		p += wrap_bytes(app, p, width - line_indent(app, l));
	}
	return rows;
}

size_t tui_text_rows(tui_app *app, const tui_text *t)
{
	size_t rows = 0;

	for (size_t i = 0; i < t->n; i++)
		rows += line_rows(app, &t->lines[i]);
	return rows;
}

void tui_draw_text(tui_app *app, tui_text *t, int y, int h)
{
	size_t total = tui_text_rows(app, t);
	size_t row = 0;

	if (h <= 0)
		return;
	if (total <= (size_t)h)
		t->top = 0;
	else if (t->top > total - (size_t)h)
		t->top = total - (size_t)h;
	for (size_t i = 0; i < t->n && row < t->top + (size_t)h; i++) {
		const tui_line *l = &t->lines[i];
		const char *p = l->text;
		bool first = true;

		do {
			int indent = first ? 0 : line_indent(app, l);
			size_t n = l->indent < 0 ? fit_bytes(app, p, app->cols) : wrap_bytes(app, p, app->cols - indent);

			if (row >= t->top) {
				char *part = strndup(p, n);

				tui_put(app, y + (int)(row - t->top), indent, app->cols - indent, tui_attr(app, l->role),
				        part ? part : "");
				free(part);
			}
			row++;
			p += n;
			first = false;
		} while (*p && l->indent >= 0 && row < t->top + (size_t)h);
	}
}

/* ---- the frame ---------------------------------------------------------- */

static void clock_text(char *buf, size_t size)
{
	time_t t = (time_t)(pc_now_ms() / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, size, "%H:%M", &tm);
}

static void health_text(const tui_app *app, char *buf, size_t size, tui_role *role)
{
	*role = TUI_ROLE_HEADER;
	if (app->key_problem[0]) {
		snprintf(buf, size, "no key");
		*role = TUI_ROLE_STATUS_ERROR;
	} else if (app->client->last_error[0]) {
		snprintf(buf, size, "error: %.60s", app->client->last_error);
		*role = TUI_ROLE_STATUS_ERROR;
	} else if (app->client->last_latency >= 0) {
		double ms = app->client->last_latency * 1000.0;

		snprintf(buf, size, ms < 10 ? "ok %.1f ms" : "ok %.0f ms", ms);
	} else {
		snprintf(buf, size, "not connected yet");
	}
}

static void draw_header(tui_app *app)
{
	const attr_t base = tui_attr(app, TUI_ROLE_HEADER);
	const char *role = app->readonly ? "[RO] viewer" : "operator";
	char right[160], health[96], money[64], clock[16], env[32];
	tui_role health_role;
	int x, right_w, env_w, role_w, room;

	tui_blank(app, 0, 0, app->cols, base);
	health_text(app, health, sizeof(health), &health_role);
	if (app->have_balance)
		pc_money_format(app->balance, app->utf8, money, sizeof(money));
	else
		snprintf(money, sizeof(money), "balance ?");
	clock_text(clock, sizeof(clock));
	snprintf(right, sizeof(right), " %s  %s ", money, clock);
	right_w = tui_text_width(app, right);
	if (app->production)
		snprintf(env, sizeof(env), " !! %s !! ", pc_env_label(app->profile->environment));
	else
		snprintf(env, sizeof(env), " %s ", pc_env_label(app->profile->environment));
	env_w = tui_text_width(app, env);
	role_w = tui_text_width(app, role);

	x = tui_put(app, 0, 0, app->cols, base, " ");
	x += tui_put(app, 0, x, 24, base | A_BOLD, app->profile->name);
	x += tui_put(app, 0, x, 3, base, app->utf8 ? " \xc2\xb7 " : " - ");
	/* The app name gives way first when the line is short; the health
	 * keeps at least a few columns. */
	room = app->cols - x - (env_w + 1) - (role_w + 1) - 11 - right_w;
	if (room < 8)
		room = 8;
	x += tui_put(app, 0, x, room, base, app->profile->app_name ? app->profile->app_name : "-");
	x += tui_put(app, 0, x + 1, env_w, tui_attr(app, TUI_ROLE_HEADER_ENV), env) + 1;
	x += tui_put(app, 0, x + 1, role_w, base | (app->readonly ? A_BOLD : 0), role) + 1;
	room = app->cols - right_w - x - 2;
	if (room > 0)
		tui_put(app, 0, x + 2, room, tui_attr(app, health_role), health);
	tui_put(app, 0, app->cols - right_w, right_w, base | A_BOLD, right);
}

static void draw_title(tui_app *app)
{
	tui_pane *p = &app->panes[app->current];
	char title[256], right[64];
	const char *what = tui_pane_title(app->current);

	if (app->review)
		what = "Review";
	else if (app->form)
		what = "Form";
	else if (app->in_detail)
		what = app->detail_title;
	if (p->ops->cols && !app->in_detail && !app->form && !app->review)
		snprintf(title, sizeof(title), " %s (%zu%s)", what, p->list.nshown,
		         p->list.filter[0] ? " shown" : "");
	else
		snprintf(title, sizeof(title), " %s", what);
	tui_blank(app, 1, 0, app->cols, tui_attr(app, TUI_ROLE_TITLE));
	tui_put(app, 1, 0, app->cols - 20, tui_attr(app, TUI_ROLE_TITLE), title);
	snprintf(right, sizeof(right), "%s  L panes  ? help ", tui_pane_name(app->current));
	tui_put(app, 1, app->cols - tui_text_width(app, right), 40, tui_attr(app, TUI_ROLE_DIM), right);
}

/* Column x positions; the flexible column takes what is left. */
static void layout_columns(const tui_app *app, const tui_pane_ops *ops, int *xs, int *ws)
{
	int fixed = 0, flex = -1, x = 0;

	for (int c = 0; c < ops->ncols; c++) {
		if (ops->cols[c].width == 0)
			flex = c;
		else
			fixed += ops->cols[c].width + 1;
	}
	for (int c = 0; c < ops->ncols; c++) {
		int w = ops->cols[c].width;

		if (c == flex)
			w = app->cols - 1 - fixed > 8 ? app->cols - 1 - fixed : 8;
		xs[c] = x + 1;
		ws[c] = w;
		x += w + 1;
	}
}

static void draw_cell(tui_app *app, int y, int x, int w, attr_t attr, const char *text, bool right)
{
	int tw = tui_text_width(app, text);

	if (right && tw < w)
		x += w - tw;
	tui_put(app, y, x, w, attr, text);
}

/* "n new-payout, s lookup-payout": what a pane with nothing in it offers. */
static void empty_hint(tui_app *app, char *buf, size_t size)
{
	size_t n;
	const tui_action *t = tui_actions(&n);
	size_t used = 0;
	char why[8], key[32];

	buf[0] = '\0';
	for (size_t i = 0; i < n && used + 40 < size; i++) {
		const tui_action *a = &t[i];

		if ((a->where & TUI_IN_PANES) != TUI_IN(app->current) || !a->keys[0]
		    || tui_action_check(a, app->readonly, why, sizeof(why)) < 0)
			continue;
		snprintf(key, sizeof(key), "%s", a->keys[0]);
		used += (size_t)snprintf(buf + used, size - used, "%s%s %s", used ? ", " : "", key, a->name);
	}
}

static void draw_list(tui_app *app, tui_pane *p, int y, int h)
{
	const tui_pane_ops *ops = p->ops;
	int xs[TUI_MAX_COLS], ws[TUI_MAX_COLS];
	size_t page;

	layout_columns(app, ops, xs, ws);
	tui_blank(app, y, 0, app->cols, tui_attr(app, TUI_ROLE_DIM) | A_UNDERLINE);
	for (int c = 0; c < ops->ncols; c++)
		draw_cell(app, y, xs[c], ws[c], tui_attr(app, TUI_ROLE_DIM) | A_UNDERLINE, ops->cols[c].title,
		          ops->cols[c].right);
	y++;
	h--;
	if (h <= 0)
		return;
	page = (size_t)h;
	if (p->list.nshown == 0) {
		char hint[512];

		if (p->list.filter[0]) {
			char *safe = pc_sanitize_str(p->list.filter);

			snprintf(hint, sizeof(hint), "No line matches the filter '%s' (Esc clears it).", safe ? safe : "");
			free(safe);
			tui_put(app, y + 1, 2, app->cols - 4, tui_attr(app, TUI_ROLE_DIM), hint);
			return;
		}
		tui_put(app, y + 1, 2, app->cols - 4, tui_attr(app, TUI_ROLE_DIM), "Nothing here yet.");
		empty_hint(app, hint, sizeof(hint));
		if (hint[0]) {
			char line[600];

			snprintf(line, sizeof(line), "Keys: %s.", hint);
			tui_put(app, y + 2, 2, app->cols - 4, tui_attr(app, TUI_ROLE_DIM), line);
		}
		return;
	}
	tui_list_move(&p->list, 0, page);
	for (size_t i = p->list.top; i < p->list.nshown && i < p->list.top + page; i++) {
		const tui_row *r = &p->list.rows[p->list.shown[i]];
		bool selected = i == p->list.sel;
		attr_t base = tui_attr(app, selected ? TUI_ROLE_SELECTED : TUI_ROLE_LIST);
		int row_y = y + (int)(i - p->list.top);

		tui_blank(app, row_y, 0, app->cols, base);
		for (int c = 0; c < ops->ncols; c++) {
			attr_t attr = base;

			if (c == r->status_col && !selected)
				attr = tui_attr(app, (tui_role)r->role);
			draw_cell(app, row_y, xs[c], ws[c], attr, r->cells[c] ? r->cells[c] : "", ops->cols[c].right);
		}
	}
}

static void draw_pane(tui_app *app)
{
	tui_pane *p = &app->panes[app->current];
	int y = tui_body_top(app), h = tui_body_rows(app);

	if (!p->ops->cols) {
		tui_draw_text(app, &p->text, y, h);
		return;
	}
	for (size_t i = 0; i < p->pre.n && h > 3; i++) {
		tui_put(app, y, 1, app->cols - 2, tui_attr(app, (tui_role)p->pre.lines[i].role), p->pre.lines[i].text);
		y++;
		h--;
	}
	draw_list(app, p, y, h);
}

static void draw_pane_list(tui_app *app)
{
	int y = tui_body_top(app) + 1;

	tui_put(app, y++, 2, app->cols - 4, tui_attr(app, TUI_ROLE_TITLE),
	        "Panes (arrows and Enter, or the key; Esc closes)");
	y++;
	for (int p = 0; p < TUI_PANE_COUNT && y < app->rows - 2; p++, y++) {
		const tui_action *a = tui_pane_opener((tui_pane_id)p);
		char line[256];
		attr_t attr = tui_attr(app, (size_t)p == app->pane_list_sel ? TUI_ROLE_SELECTED : TUI_ROLE_LIST);

		snprintf(line, sizeof(line), " %-4s %-18s :%-10s %s", a->keys[0], tui_pane_title((tui_pane_id)p),
		         tui_pane_name((tui_pane_id)p), p == TUI_PANE_HELP ? "Every key and command" : a->help);
		tui_blank(app, y, 2, app->cols - 4, attr);
		tui_put(app, y, 2, app->cols - 4, attr, line);
	}
}

static void draw_status(tui_app *app)
{
	const int y = app->rows - 2;
	const tui_pane *p = &app->panes[app->current];
	attr_t attr = tui_attr(app, (tui_role)app->status_role);
	char line[1400];
	int x = 0;

	tui_blank(app, y, 0, app->cols, tui_attr(app, TUI_ROLE_STATUS));
	if (app->prompt.kind == TUI_PROMPT_CONFIRM) {
		snprintf(line, sizeof(line), " %s (y/n) ", app->prompt.question);
		x = tui_put(app, y, 0, app->cols, tui_attr(app, TUI_ROLE_WARNING) | A_BOLD, line);
		app->cursor_on = true;
		app->cursor_y = y;
		app->cursor_x = x < app->cols ? x : app->cols - 1;
		return;
	}
	if (app->prompt.kind == TUI_PROMPT_PALETTE || app->prompt.kind == TUI_PROMPT_FILTER) {
		const char *lead = app->prompt.kind == TUI_PROMPT_PALETTE ? ":" : "/";
		char *before = strndup(app->prompt.buf, app->prompt.cursor);

		tui_blank(app, y, 0, app->cols, tui_attr(app, TUI_ROLE_INPUT));
		x = tui_put(app, y, 0, 1, tui_attr(app, TUI_ROLE_INPUT) | A_BOLD, lead);
		tui_put(app, y, x, app->cols - x - 1, tui_attr(app, TUI_ROLE_INPUT), app->prompt.buf);
		app->cursor_on = true;
		app->cursor_y = y;
		app->cursor_x = x + tui_text_width(app, before ? before : "");
		if (app->cursor_x >= app->cols)
			app->cursor_x = app->cols - 1;
		free(before);
		if (app->prompt.hint[0]) {
			int hx = x + tui_text_width(app, app->prompt.buf) + 3;

			tui_put(app, y, hx, app->cols - hx, tui_attr(app, TUI_ROLE_DIM), app->prompt.hint);
		}
		if (app->prompt.kind == TUI_PROMPT_FILTER) {
			const char *hint = "filter: Enter keeps, Esc clears ";

			tui_put(app, y, app->cols - (int)strlen(hint), (int)strlen(hint), tui_attr(app, TUI_ROLE_DIM), hint);
		}
		return;
	}
	if (p->ops->cols && p->list.filter[0] && !app->form && !app->review && !app->in_detail) {
		char *safe = pc_sanitize_str(p->list.filter);

		snprintf(line, sizeof(line), " filter: %s (/ changes, Esc clears) ", safe ? safe : "");
		free(safe);
		x = tui_put(app, y, 0, app->cols, tui_attr(app, TUI_ROLE_WARNING) | A_REVERSE, line);
	}
	if (app->status[0]) {
		tui_blank(app, y, x, app->cols - x, attr);
		tui_put(app, y, x + 1, app->cols - x - 1, attr, app->status);
	}
}

static bool pane_specific(const tui_action *a)
{
	unsigned panes = a->where & TUI_IN_PANES;

	return panes && (panes & (panes - 1)) == 0;
}

/* Key names as the bar shows them: "Enter", "C-c", "n". */
static void bar_key(const char *spec, char *buf, size_t size)
{
	size_t len = strlen(spec);

	if (len > 2 && spec[0] == '<' && spec[len - 1] == '>')
		snprintf(buf, size, "%.*s", (int)(len - 2), spec + 1);
	else
		snprintf(buf, size, "%s", spec);
}

static void draw_help_bar(tui_app *app)
{
	const int y = app->rows - 1;
	const unsigned ctx = tui_context(app);
	size_t n;
	const tui_action *t = tui_actions(&n);
	int x = 0;

	tui_blank(app, y, 0, app->cols, tui_attr(app, TUI_ROLE_DIM));
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n && x < app->cols - 4; i++) {
			const tui_action *a = &t[i];
			const char *spec = tui_action_key_in(a, ctx);
			char key[32], why[8];
			int kw;

			if (!tui_action_applies(a, ctx) || (a->flags & (TUI_HIDDEN | TUI_SCRIPT)) || !spec
			    || pane_specific(a) != (pass == 0) || tui_action_check(a, app->readonly, why, sizeof(why)) < 0)
				continue;
			bar_key(spec, key, sizeof(key));
			kw = tui_text_width(app, key) + 1 + tui_text_width(app, a->label);
			if (x + kw + 1 > app->cols)
				break;
			x += tui_put(app, y, x + 1, kw, tui_attr(app, TUI_ROLE_HELP_KEY), key) + 1;
			x += tui_put(app, y, x + 1, kw, tui_attr(app, TUI_ROLE_DIM), a->label) + 1;
		}
	}
}

static void draw_too_small(tui_app *app)
{
	char line[160];
	int y = app->rows / 2 - 1;

	snprintf(line, sizeof(line), "paycon needs at least %dx%d; this terminal is %dx%d.", TUI_MIN_COLS,
	         TUI_MIN_ROWS, app->cols, app->rows);
	tui_put(app, y, (app->cols - (int)strlen(line)) / 2 > 0 ? (app->cols - (int)strlen(line)) / 2 : 0,
	        app->cols, A_BOLD, line);
	snprintf(line, sizeof(line), "Make the window larger, or press Q to quit.");
	tui_put(app, y + 1, (app->cols - (int)strlen(line)) / 2 > 0 ? (app->cols - (int)strlen(line)) / 2 : 0,
	        app->cols, A_NORMAL, line);
	if (app->production)
		tui_put(app, y + 3, 0, app->cols, A_BOLD | A_REVERSE, " !! PRODUCTION !! ");
}

void tui_draw(tui_app *app)
{
	app->cursor_on = false;
	erase();
	if (app->too_small) {
		draw_too_small(app);
	} else {
		draw_header(app);
		draw_title(app);
		if (app->pane_list)
			draw_pane_list(app);
		else if (app->review)
			tui_review_draw(app);
		else if (app->form)
			tui_form_draw(app);
		else if (app->in_detail)
			tui_draw_text(app, &app->detail, tui_body_top(app), tui_body_rows(app));
		else
			draw_pane(app);
		draw_status(app);
		draw_help_bar(app);
	}
	if (app->cursor_on) {
		curs_set(1);
		move(app->cursor_y, app->cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* ---- the screen as text ------------------------------------------------- */

/* Line y of the screen as UTF-8 (or bytes), trailing blanks cut; malloc'd. */
static char *screen_line(tui_app *app, int y)
{
	size_t cap = (size_t)app->cols * 8 * MB_CUR_MAX + 1;
	char *out = malloc(cap);
	size_t len = 0;

	if (!out)
		return NULL;
	if (app->utf8) {
		cchar_t *cells = calloc((size_t)app->cols + 1, sizeof(*cells));
		mbstate_t st;

		memset(&st, 0, sizeof(st));
		if (cells && mvin_wchnstr(y, 0, cells, app->cols) != ERR) {
			for (int i = 0; i < app->cols && len + 8 * MB_CUR_MAX < cap; i++) {
				wchar_t wc[CCHARW_MAX + 1];
				attr_t attrs;
				short pair;

				if (getcchar(&cells[i], wc, &attrs, &pair, NULL) == ERR)
					continue;
				for (int k = 0; wc[k]; k++) {
					size_t n = wcrtomb(out + len, wc[k], &st);

					len += n == (size_t)-1 ? 0 : n;
				}
				/* A wide character fills the next cell too. */
				if (wc[0] && wcwidth(wc[0]) == 2)
					i++;
			}
		}
		free(cells);
	} else {
		int n = mvinnstr(y, 0, out, app->cols);

		len = n > 0 ? (size_t)n : 0;
	}
	while (len > 0 && out[len - 1] == ' ')
		len--;
	out[len] = '\0';
	return out;
}

int tui_save_display(tui_app *app, const char *path, pc_err *err)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return pc_err_set(err, PC_EINPUT, "cannot write the display to '%s'", path);
	for (int y = 0; y < app->rows; y++) {
		char *line = screen_line(app, y);

		fprintf(f, "%s\n", line ? line : "");
		free(line);
	}
	if (fclose(f) != 0)
		return pc_err_set(err, PC_EINPUT, "cannot write the display to '%s'", path);
	return 0;
}

bool tui_screen_has(tui_app *app, const char *text)
{
	bool found = false;

	for (int y = 0; y < app->rows && !found; y++) {
		char *line = screen_line(app, y);

		found = line && strstr(line, text);
		free(line);
	}
	return found;
}
