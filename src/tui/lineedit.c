/* lineedit.c — typing one line: fields, the palette, the filter, y/n. */
#include "lineedit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keymap.h"
#include "paths.h"
#include "screen.h"
#include "utf8.h"

#define HISTORY_MAX 200

/* ---- editing ------------------------------------------------------------ */

static bool is_continuation(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

static size_t prev_char(const tui_edit *e, size_t at)
{
	while (at > 0) {
		at--;
		if (!is_continuation(e->buf[at]))
			break;
	}
	return at;
}

static size_t next_char(const tui_edit *e, size_t at)
{
	if (at < e->len)
		at++;
	while (at < e->len && is_continuation(e->buf[at]))
		at++;
	return at;
}

static void delete_range(tui_edit *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	e->cursor = from;
}

static bool insert_text(tui_edit *e, int key)
{
	char bytes[4];
	size_t n = pc_utf8_encode((uint32_t)key, bytes);

	if (e->len + n + 1 > e->size)
		return true; /* full: the key is still ours */
	memmove(e->buf + e->cursor + n, e->buf + e->cursor, e->len - e->cursor + 1);
	memcpy(e->buf + e->cursor, bytes, n);
	e->len += n;
	e->cursor += n;
	return true;
}

bool tui_edit_key(tui_edit *e, int key)
{
	size_t at;

	if (tui_key_is_text(key))
		return insert_text(e, key);
	switch (key) {
	case TUI_KEY_LEFT:
		e->cursor = prev_char(e, e->cursor);
		return true;
	case TUI_KEY_RIGHT:
		e->cursor = next_char(e, e->cursor);
		return true;
	case TUI_KEY_HOME:
	case TUI_KEY_CTRL('a'):
		e->cursor = 0;
		return true;
	case TUI_KEY_END:
	case TUI_KEY_CTRL('e'):
		e->cursor = e->len;
		return true;
	case TUI_KEY_BACKSPACE:
	case TUI_KEY_CTRL('h'):
		if (e->cursor > 0)
			delete_range(e, prev_char(e, e->cursor), e->cursor);
		return true;
	case TUI_KEY_DEL:
	case TUI_KEY_CTRL('d'):
		if (e->cursor < e->len)
			delete_range(e, e->cursor, next_char(e, e->cursor));
		return true;
	case TUI_KEY_CTRL('u'):
		delete_range(e, 0, e->cursor);
		return true;
	case TUI_KEY_CTRL('k'):
		e->buf[e->cursor] = '\0';
		e->len = e->cursor;
		return true;
	case TUI_KEY_CTRL('w'):
		at = e->cursor;
		while (at > 0 && e->buf[at - 1] == ' ')
			at--;
		while (at > 0 && e->buf[at - 1] != ' ')
			at--;
		delete_range(e, at, e->cursor);
		return true;
	default:
		return false;
	}
}

int tui_edit_cursor_col(const tui_app *app, const tui_edit *e)
{
	char *before = strndup(e->buf, e->cursor);
	int w = before ? tui_text_width(app, before) : 0;

	free(before);
	return w;
}

/* ---- history ------------------------------------------------------------ */

static bool printable_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static void history_push(tui_app *app, const char *line)
{
	char *copy;

	if (!*line || (app->nhistory > 0 && strcmp(app->history[app->nhistory - 1], line) == 0))
		return;
	if (app->nhistory == HISTORY_MAX) {
		free(app->history[0]);
		memmove(app->history, app->history + 1, (HISTORY_MAX - 1) * sizeof(*app->history));
		app->nhistory--;
	}
	copy = strdup(line);
	if (copy)
		app->history[app->nhistory++] = copy;
}

void tui_history_load(tui_app *app)
{
	char *text = NULL, *p, *nl;
	size_t len;
	pc_err err;

	app->history = calloc(HISTORY_MAX, sizeof(*app->history));
	app->history_path = pc_strdupf("%s/console-history", app->client->state_dir);
	if (!app->history || !app->history_path || pc_read_file(app->history_path, 1 << 20, &text, &len, &err) < 0)
		return;
	for (p = text; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (printable_line(p) && pc_utf8_valid(p, strlen(p)))
			history_push(app, p);
	}
	free(text);
}

static void history_save(tui_app *app, const char *line)
{
	pc_err err;
	int fd;

	if (!app->history_path || pc_mkdir_p(app->client->state_dir, 0700, &err) < 0)
		return;
	fd = open(app->history_path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (pc_write_all(fd, line, strlen(line)) == 0)
		pc_write_all(fd, "\n", 1);
	close(fd);
}

void tui_history_free(tui_app *app)
{
	for (int i = 0; i < app->nhistory; i++)
		free(app->history[i]);
	free(app->history);
	free(app->history_path);
	app->history = NULL;
	app->history_path = NULL;
	app->nhistory = 0;
}

/* ---- the prompt --------------------------------------------------------- */

static tui_edit prompt_edit(tui_app *app)
{
	tui_edit e = { app->prompt.buf, sizeof(app->prompt.buf), app->prompt.len, app->prompt.cursor };

	return e;
}

static void set_prompt_text(tui_app *app, const char *text)
{
	snprintf(app->prompt.buf, sizeof(app->prompt.buf), "%s", text);
	app->prompt.len = strlen(app->prompt.buf);
	app->prompt.cursor = app->prompt.len;
}

void tui_prompt_open(tui_app *app, tui_prompt_kind kind)
{
	tui_pane *p = tui_current_pane(app);

	memset(&app->prompt, 0, sizeof(app->prompt));
	app->prompt.kind = kind;
	app->prompt.history_pos = -1;
	if (kind == TUI_PROMPT_FILTER) {
		snprintf(app->prompt.saved_filter, sizeof(app->prompt.saved_filter), "%s", p->list.filter);
		set_prompt_text(app, p->list.filter);
	}
}

void tui_prompt_close(tui_app *app)
{
	memset(&app->prompt, 0, sizeof(app->prompt));
}

static void apply_filter(tui_app *app, const char *text)
{
	tui_pane *p = tui_current_pane(app);
	const tui_row *sel = tui_list_selected(&p->list);
	char *key = sel ? strdup(sel->key) : NULL;

	snprintf(p->list.filter, sizeof(p->list.filter), "%s", text);
	tui_list_refilter(&p->list, key);
	free(key);
}

/* Names the palette knows: actions (pane names among them). */
static int completions(const char *prefix, const char **out, int max)
{
	size_t n;
	const tui_action *t = tui_actions(&n);
	int count = 0;

	for (size_t i = 0; i < n && count < max; i++)
		if (strncmp(t[i].name, prefix, strlen(prefix)) == 0)
			out[count++] = t[i].name;
	return count;
}

static void complete(tui_app *app)
{
	tui_prompt *pr = &app->prompt;
	const char *found[TUI_A_COUNT];
	size_t common;
	int n;

	if (strchr(pr->buf, ' '))
		return; /* only the command name completes */
	if (pr->completion_index == 0)
		snprintf(pr->completion_base, sizeof(pr->completion_base), "%s", pr->buf);
	n = completions(pr->completion_base, found, TUI_A_COUNT);
	pr->hint[0] = '\0';
	if (n == 0) {
		snprintf(pr->hint, sizeof(pr->hint), "no command starts with that");
		return;
	}
	if (n == 1) {
		set_prompt_text(app, found[0]);
		return;
	}
	common = strlen(found[0]);
	for (int i = 1; i < n; i++) {
		size_t k = 0;

		while (k < common && found[i][k] == found[0][k])
			k++;
		common = k;
	}
	if (common > strlen(pr->buf)) {
		char prefix[128];

		snprintf(prefix, sizeof(prefix), "%.*s", (int)common, found[0]);
		set_prompt_text(app, prefix);
		snprintf(pr->completion_base, sizeof(pr->completion_base), "%s", prefix);
	} else {
		/* Tab again walks the candidates. */
		set_prompt_text(app, found[pr->completion_index % n]);
		pr->completion_index++;
	}
	for (int i = 0, used = 0; i < n && used < (int)sizeof(pr->hint) - 40; i++)
		used += snprintf(pr->hint + used, sizeof(pr->hint) - (size_t)used, "%s%s", i ? " " : "", found[i]);
}

static void recall(tui_app *app, int step)
{
	tui_prompt *pr = &app->prompt;
	int pos = pr->history_pos < 0 ? app->nhistory : pr->history_pos;

	pos += step;
	if (pos < 0 || app->nhistory == 0)
		return;
	if (pos >= app->nhistory) {
		pr->history_pos = -1;
		set_prompt_text(app, "");
		return;
	}
	pr->history_pos = pos;
	set_prompt_text(app, app->history[pos]);
}

static void palette_enter(tui_app *app)
{
	char line[sizeof(app->prompt.buf)];

	snprintf(line, sizeof(line), "%s", app->prompt.buf);
	tui_prompt_close(app);
	if (!line[0])
		return;
	history_push(app, line);
	history_save(app, line);
	tui_run_command(app, line);
}

static void confirm_key(tui_app *app, int key)
{
	tui_confirm_fn yes = app->prompt.on_yes;

	if (key == 'y' || key == 'Y') {
		tui_prompt_close(app);
		if (yes)
			yes(app);
	} else if (key == 'n' || key == 'N' || key == TUI_KEY_ESC || key == TUI_KEY_CTRL('c')) {
		tui_prompt_close(app);
		tui_status(app, "Not done.");
	}
}

int tui_ask_yes_no(tui_app *app, const char *question)
{
	int answer = -2;

	tui_prompt_open(app, TUI_PROMPT_CONFIRM);
	snprintf(app->prompt.question, sizeof(app->prompt.question), "%s", question);
	while (answer == -2) {
		int key = tui_wait_key(app);

		if (key == 'y' || key == 'Y')
			answer = 1;
		else if (key == 'n' || key == 'N')
			answer = 0;
		else if (key < 0 || key == TUI_KEY_ESC || key == TUI_KEY_CTRL('c'))
			answer = -1;
	}
	tui_prompt_close(app);
	return answer;
}

void tui_prompt_key(tui_app *app, int key)
{
	tui_prompt *pr = &app->prompt;
	tui_edit e;

	if (pr->kind == TUI_PROMPT_CONFIRM) {
		confirm_key(app, key);
		return;
	}
	if (key == TUI_KEY_CTRL('c') || key == TUI_KEY_ESC) {
		bool filter = pr->kind == TUI_PROMPT_FILTER;

		tui_prompt_close(app);
		if (filter)
			apply_filter(app, key == TUI_KEY_ESC ? "" : pr->saved_filter);
		tui_status(app, key == TUI_KEY_ESC && filter ? "Filter cleared." : "Cancelled.");
		return;
	}
	if (key == TUI_KEY_ENTER) {
		if (pr->kind == TUI_PROMPT_PALETTE)
			palette_enter(app);
		else
			tui_prompt_close(app);
		return;
	}
	if (pr->kind == TUI_PROMPT_PALETTE && key == TUI_KEY_TAB) {
		complete(app);
		return;
	}
	if (pr->kind == TUI_PROMPT_PALETTE && (key == TUI_KEY_UP || key == TUI_KEY_DOWN)) {
		recall(app, key == TUI_KEY_UP ? -1 : 1);
		return;
	}
	e = prompt_edit(app);
	if (!tui_edit_key(&e, key))
		return;
	pr->len = e.len;
	pr->cursor = e.cursor;
	pr->completion_index = 0;
	pr->hint[0] = '\0';
	if (pr->kind == TUI_PROMPT_FILTER)
		apply_filter(app, pr->buf);
}
