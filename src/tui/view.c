/* view.c — lists and text for panes (see view.h). */
#include "view.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

/* ---- lists -------------------------------------------------------------- */

static void row_free(tui_row *r)
{
	for (int c = 0; c < TUI_MAX_COLS; c++)
		free(r->cells[c]);
	free(r->key);
}

void tui_list_clear(tui_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		row_free(&l->rows[i]);
	l->n = 0;
	l->nshown = 0;
}

void tui_list_free(tui_list *l)
{
	tui_list_clear(l);
	free(l->rows);
	free(l->shown);
	memset(l, 0, sizeof(*l));
}

tui_row *tui_list_add(tui_list *l, const char *key, size_t ref)
{
	tui_row *r;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		tui_row *rows = realloc(l->rows, cap * sizeof(*rows));
		size_t *shown;

		if (!rows)
			return NULL;
		l->rows = rows;
		shown = realloc(l->shown, cap * sizeof(*shown));
		if (!shown)
			return NULL;
		l->shown = shown;
		l->cap = cap;
	}
	r = &l->rows[l->n];
	memset(r, 0, sizeof(*r));
	r->key = strdup(key ? key : "");
	r->ref = ref;
	r->status_col = -1;
	if (!r->key)
		return NULL;
	l->n++;
	return r;
}

void tui_row_set(tui_row *r, int col, const char *text)
{
	if (col < 0 || col >= TUI_MAX_COLS)
		return;
	free(r->cells[col]);
	r->cells[col] = pc_sanitize_str(text ? text : "");
}

void tui_row_setf(tui_row *r, int col, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	tui_row_set(r, col, buf);
}

/* Case-insensitive (ASCII) substring. */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return true;
	for (; hay && *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static bool row_matches(const tui_row *r, const char *filter)
{
	if (!filter[0])
		return true;
	for (int c = 0; c < TUI_MAX_COLS; c++)
		if (r->cells[c] && contains(r->cells[c], filter))
			return true;
	return contains(r->key, filter);
}

void tui_list_refilter(tui_list *l, const char *keep_key)
{
	size_t old_sel = l->sel;

	l->nshown = 0;
	for (size_t i = 0; i < l->n; i++)
		if (row_matches(&l->rows[i], l->filter))
			l->shown[l->nshown++] = i;
	l->sel = old_sel < l->nshown ? old_sel : (l->nshown ? l->nshown - 1 : 0);
	if (keep_key && *keep_key)
		tui_list_select_key(l, keep_key);
	if (l->top > l->sel)
		l->top = l->sel;
}

void tui_list_select_key(tui_list *l, const char *key)
{
	for (size_t i = 0; i < l->nshown; i++) {
		if (strcmp(l->rows[l->shown[i]].key, key) == 0) {
			l->sel = i;
			return;
		}
	}
}

const tui_row *tui_list_selected(const tui_list *l)
{
	if (l->nshown == 0 || l->sel >= l->nshown)
		return NULL;
	return &l->rows[l->shown[l->sel]];
}

void tui_list_move(tui_list *l, long delta, size_t page)
{
	long sel = (long)l->sel + delta;

	if (l->nshown == 0) {
		l->sel = l->top = 0;
		return;
	}
	if (sel < 0)
		sel = 0;
	if (sel >= (long)l->nshown)
		sel = (long)l->nshown - 1;
	l->sel = (size_t)sel;
	if (l->sel < l->top)
		l->top = l->sel;
	if (page > 0 && l->sel >= l->top + page)
		l->top = l->sel - page + 1;
}

/* ---- text --------------------------------------------------------------- */

void tui_text_clear(tui_text *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->lines[i].text);
	t->n = 0;
	t->top = 0;
}

void tui_text_free(tui_text *t)
{
	tui_text_clear(t);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

/* Takes ownership of text. */
static void add_line(tui_text *t, int role, int indent, char *text)
{
	if (!text)
		return;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		tui_line *lines = realloc(t->lines, cap * sizeof(*lines));

		if (!lines) {
			free(text);
			return;
		}
		t->lines = lines;
		t->cap = cap;
	}
	t->lines[t->n].text = text;
	t->lines[t->n].role = role;
	t->lines[t->n].indent = indent;
	t->n++;
}

void tui_text_addf(tui_text *t, int role, const char *fmt, ...)
{
	char buf[4096];
	char *p, *nl;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (p = buf;; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		/* Our own text, but the arguments may have come from outside. */
		add_line(t, role, 0, pc_sanitize_str(p));
		if (!nl)
			break;
	}
}

void tui_text_add_field(tui_text *t, int role, const char *label, int label_width, const char *value)
{
	char *safe = pc_sanitize_str(value ? value : "");
	char *line;

	if (!safe)
		return;
	line = malloc(strlen(safe) + (size_t)label_width + strlen(label) + 4);
	if (line)
		sprintf(line, "  %-*s %s", label_width, label, safe);
	free(safe);
	add_line(t, role, label_width + 3, line);
}

void tui_text_add_block(tui_text *t, int role, int indent, const char *value)
{
	const char *p = value ? value : "";

	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *safe = pc_sanitize(p, len);
		char *line = safe ? malloc(strlen(safe) + (size_t)indent + 1) : NULL;

		if (line)
			sprintf(line, "%*s%s", indent, "", safe);
		free(safe);
		add_line(t, role, indent, line);
		if (!nl)
			break;
		p = nl + 1;
	}
}
