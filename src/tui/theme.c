/* theme.c — theme files (see theme.h). No curses here. */
#include "theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "sanitize.h"

static const char *const role_names[TUI_ROLE_COUNT] = {
	[TUI_ROLE_HEADER] = "header",
	[TUI_ROLE_HEADER_ENV] = "header-env",
	[TUI_ROLE_TITLE] = "title",
	[TUI_ROLE_LIST] = "list",
	[TUI_ROLE_SELECTED] = "selected",
	[TUI_ROLE_DIM] = "dim",
	[TUI_ROLE_STATUS] = "status",
	[TUI_ROLE_STATUS_ERROR] = "status-error",
	[TUI_ROLE_OK] = "ok",
	[TUI_ROLE_PENDING] = "pending",
	[TUI_ROLE_FAILED] = "failed",
	[TUI_ROLE_UNKNOWN] = "unknown",
	[TUI_ROLE_MONEY] = "money",
	[TUI_ROLE_HELP_KEY] = "help-key",
	[TUI_ROLE_INPUT] = "input",
	[TUI_ROLE_WARNING] = "warning",
	[TUI_ROLE_BORDER] = "border",
};

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	unsigned attr;
} attr_names[] = {
	{ "bold", TUI_ATTR_BOLD },
	{ "dim", TUI_ATTR_DIM },
	{ "underline", TUI_ATTR_UNDERLINE },
	{ "reverse", TUI_ATTR_REVERSE },
	{ "standout", TUI_ATTR_STANDOUT },
};

/* Attributes of the built-in theme, role by role (themes/mono). */
static const unsigned mono_attrs[TUI_ROLE_COUNT] = {
	[TUI_ROLE_HEADER] = TUI_ATTR_REVERSE,
	[TUI_ROLE_HEADER_ENV] = TUI_ATTR_REVERSE | TUI_ATTR_BOLD,
	[TUI_ROLE_TITLE] = TUI_ATTR_BOLD,
	[TUI_ROLE_SELECTED] = TUI_ATTR_REVERSE,
	[TUI_ROLE_DIM] = TUI_ATTR_DIM,
	[TUI_ROLE_STATUS] = TUI_ATTR_REVERSE,
	[TUI_ROLE_STATUS_ERROR] = TUI_ATTR_REVERSE | TUI_ATTR_BOLD,
	[TUI_ROLE_PENDING] = TUI_ATTR_UNDERLINE,
	[TUI_ROLE_FAILED] = TUI_ATTR_BOLD,
	[TUI_ROLE_UNKNOWN] = TUI_ATTR_BOLD | TUI_ATTR_UNDERLINE,
	[TUI_ROLE_MONEY] = TUI_ATTR_BOLD,
	[TUI_ROLE_HELP_KEY] = TUI_ATTR_BOLD,
	[TUI_ROLE_INPUT] = TUI_ATTR_UNDERLINE,
	[TUI_ROLE_WARNING] = TUI_ATTR_BOLD,
};

const char *tui_role_name(tui_role r)
{
	return (unsigned)r < TUI_ROLE_COUNT ? role_names[r] : "?";
}

void tui_theme_builtin(tui_theme *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "built-in");
	for (int r = 0; r < TUI_ROLE_COUNT; r++) {
		t->roles[r].fg = TUI_COLOR_DEFAULT;
		t->roles[r].bg = TUI_COLOR_DEFAULT;
		t->roles[r].attrs = mono_attrs[r];
	}
}

static int parse_role(const char *word)
{
	for (int r = 0; r < TUI_ROLE_COUNT; r++)
		if (strcmp(word, role_names[r]) == 0)
			return r;
	return -1;
}

/* -2 when word is no colour. */
static int parse_color(const char *word)
{
	char *end;
	long n;

	if (strcmp(word, "default") == 0)
		return TUI_COLOR_DEFAULT;
	for (int c = 0; c < 8; c++)
		if (strcmp(word, color_names[c]) == 0)
			return c;
	n = strtol(word, &end, 10);
	if (end == word || *end || n < 0 || n > 255)
		return -2;
	return (int)n;
}

static int theme_error(pc_err *err, const char *origin, int line, const char *what, const char *word)
{
	char *safe = pc_sanitize_str(word ? word : "");
	int rc = pc_err_set(err, PC_EINPUT, "%s:%d: %s '%s'", origin, line, what, safe ? safe : "?");

	free(safe);
	return rc;
}

static int parse_line(tui_theme *t, char *text, const char *origin, int line, pc_err *err)
{
	char *save = NULL;
	char *word = strtok_r(text, " \t", &save);
	tui_style st = { TUI_COLOR_DEFAULT, TUI_COLOR_DEFAULT, 0 };
	int role;

	if (!word || word[0] == '#')
		return 0;
	if (strcmp(word, "color") != 0)
		return theme_error(err, origin, line, "lines start with `color`, not", word);
	word = strtok_r(NULL, " \t", &save);
	role = word ? parse_role(word) : -1;
	if (role < 0)
		return theme_error(err, origin, line, "unknown role (roles: header, header-env, title, list, "
		                   "selected, dim, status, status-error, ok, pending, failed, unknown, money, "
		                   "help-key, input, warning, border)", word);
	word = strtok_r(NULL, " \t", &save);
	st.fg = word ? parse_color(word) : -2;
	word = word ? strtok_r(NULL, " \t", &save) : NULL;
	st.bg = word ? parse_color(word) : -2;
	if (st.fg == -2 || st.bg == -2)
		return theme_error(err, origin, line, "needs a foreground and a background colour (default, "
		                   "black .. white, or 0-255); got", word ? word : "nothing");
	while ((word = strtok_r(NULL, " \t", &save)) != NULL && word[0] != '#') {
		size_t i;

		for (i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++)
			if (strcmp(word, attr_names[i].name) == 0)
				break;
		if (i == sizeof(attr_names) / sizeof(attr_names[0]))
			return theme_error(err, origin, line, "unknown attribute (bold, dim, underline, reverse, "
			                   "standout)", word);
		st.attrs |= attr_names[i].attr;
	}
	t->roles[role] = st;
	return 0;
}

int tui_theme_parse(tui_theme *t, const char *text, const char *origin, pc_err *err)
{
	char *copy = strdup(text);
	char *p = copy, *nl;
	int line = 0, rc = 0;

	if (!copy)
		return pc_err_set(err, PC_EINPUT, "out of memory reading theme %s", origin);
	while (p && rc == 0) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line++;
		p[strcspn(p, "\r")] = '\0';
		rc = parse_line(t, p, origin, line, err);
		p = nl ? nl + 1 : NULL;
	}
	free(copy);
	return rc;
}

static bool valid_name(const char *name)
{
	if (!name || !*name || strlen(name) > 48)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
		      || *c == '-' || *c == '_'))
			return false;
	return true;
}

int tui_theme_load(tui_theme *t, const char *name, const char *const *dirs, pc_err *err)
{
	char *safe;

	tui_theme_builtin(t);
	if (!valid_name(name)) {
		safe = pc_sanitize_str(name ? name : "");
		pc_err_set(err, PC_EINPUT, "theme name '%s' is not a name (letters, digits, - and _)",
		           safe ? safe : "?");
		free(safe);
		return -1;
	}
	for (size_t i = 0; dirs && dirs[i]; i++) {
		char *path = *dirs[i] ? pc_strdupf("%s/%s", dirs[i], name) : NULL;
		char *text = NULL;
		size_t len;
		pc_err ignored;
		int rc;

		if (!path || pc_read_file(path, 64 * 1024, &text, &len, &ignored) < 0) {
			free(path);
			continue;
		}
		rc = tui_theme_parse(t, text, path, err);
		snprintf(t->name, sizeof(t->name), "%s", name);
		snprintf(t->path, sizeof(t->path), "%s", path);
		free(text);
		free(path);
		return rc;
	}
	return pc_err_set(err, PC_EINPUT, "theme '%s' not found in the theme directories "
	                  "(set PAYCON_THEMES_DIR, or put it in $XDG_CONFIG_HOME/paycon/themes)", name);
}

const char *tui_theme_choose(const char *profile_theme, bool production, bool no_color, bool has_colors)
{
	if (no_color || !has_colors)
		return "mono";
	if (profile_theme && *profile_theme)
		return profile_theme;
	return production ? "production" : "default";
}
