/* pane_help.c — `?`: every key and command, generated from the action table. */
#include <stdio.h>
#include <string.h>

#include "app.h"

static void add_action(tui_text *t, const tui_action *a, bool readonly)
{
	char keys[48], why[8];

	if (a->keys[0] && a->keys[1])
		snprintf(keys, sizeof(keys), "%s %s", a->keys[0], a->keys[1]);
	else
		snprintf(keys, sizeof(keys), "%s", a->keys[0] ? a->keys[0] : "");
	tui_text_addf(t, tui_action_check(a, readonly, why, sizeof(why)) < 0 ? TUI_ROLE_DIM : TUI_ROLE_LIST,
	              "  %-16s :%-18s %s%s%s", keys, a->name, a->help,
	              (a->flags & TUI_MOVES_MONEY) ? " [moves money]" : (a->flags & TUI_WRITES) ? " [writes]" : "",
	              tui_action_check(a, readonly, why, sizeof(why)) < 0 ? " (read-only: off)" : "");
	t->lines[t->n - 1].indent = 39; /* wrapped help lines stay in their column */
}

/* Which rows a section lists. */
typedef enum { ALL_VIEWS, ALSO_FORMS, LISTS, PANES, ONE_PANE, FORMS, REVIEW } group;

static bool in_group(const tui_action *a, group g, int pane)
{
	const unsigned panes = a->where & TUI_IN_PANES;

	switch (g) {
	case ALL_VIEWS: return a->where == TUI_IN_BROWSE;
	case ALSO_FORMS: return panes == TUI_IN_PANES && (a->where & TUI_IN_FORM);
	case LISTS: return a->where == TUI_IN_LISTS;
	case PANES: return a->where == TUI_IN_PANES;
	case ONE_PANE: return panes == TUI_IN(pane);
	case FORMS: return !panes && (a->where & TUI_IN_FORM);
	case REVIEW: return !panes && (a->where & TUI_IN_REVIEW);
	}
	return false;
}

static void section(tui_text *t, const char *title, group g, int pane, bool readonly)
{
	size_t n;
	const tui_action *all = tui_actions(&n);
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		if (!in_group(&all[i], g, pane))
			continue;
		if (!any)
			tui_text_addf(t, TUI_ROLE_TITLE, "%s", title);
		any = true;
		add_action(t, &all[i], readonly);
	}
	if (any)
		tui_text_addf(t, TUI_ROLE_LIST, "%s", "");
}

static void load(tui_app *app, tui_pane *p)
{
	tui_text *t = &p->text;
	char title[64];

	tui_text_clear(t);
	tui_text_addf(t, TUI_ROLE_TITLE, " Keys and commands (q goes back; every :name also works in the palette)");
	if (app->readonly)
		tui_text_addf(t, TUI_ROLE_WARNING, " Read-only: the actions marked (read-only: off) are refused in this session.");
	tui_text_addf(t, TUI_ROLE_LIST, "%s", "");
	section(t, "Everywhere", ALL_VIEWS, 0, app->readonly);
	section(t, "Everywhere, forms too", ALSO_FORMS, 0, app->readonly);
	section(t, "Lists", LISTS, 0, app->readonly);
	section(t, "Panes", PANES, 0, app->readonly);
	for (int pane = 0; pane < TUI_PANE_COUNT; pane++) {
		snprintf(title, sizeof(title), "%s pane", tui_pane_title((tui_pane_id)pane));
		section(t, title, ONE_PANE, pane, app->readonly);
	}
	section(t, "Forms", FORMS, 0, app->readonly);
	section(t, "Review before money moves", REVIEW, 0, app->readonly);
	tui_text_addf(t, TUI_ROLE_TITLE, "In a field");
	tui_text_addf(t, TUI_ROLE_LIST, "  Left Right Home End, Backspace Del, C-u clears, C-k cuts to the end, C-w a word");
}

const tui_pane_ops tui_help_pane = {
	.id = TUI_PANE_HELP,
	.load = load,
};
