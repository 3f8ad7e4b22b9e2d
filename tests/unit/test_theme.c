/* Tests for src/tui/theme.c: parsing theme files, finding them, the
 * built-in fallback, and which theme a console picks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "testutil.h"
#include "theme.h"

static void test_parses_roles_colours_and_attributes(void **state)
{
	tui_theme t;
	pc_err err;

	(void)state;
	tui_theme_builtin(&t);
	assert_int_equal(tui_theme_parse(&t, "# comment\n\ncolor header white blue bold\r\n"
	                                 "color money 208 default bold underline # trailing\n"
	                                 "color selected black 33\n", "x", &err), 0);
	assert_int_equal(t.roles[TUI_ROLE_HEADER].fg, 7);
	assert_int_equal(t.roles[TUI_ROLE_HEADER].bg, 4);
	assert_int_equal(t.roles[TUI_ROLE_HEADER].attrs, TUI_ATTR_BOLD);
	assert_int_equal(t.roles[TUI_ROLE_MONEY].fg, 208);
	assert_int_equal(t.roles[TUI_ROLE_MONEY].bg, TUI_COLOR_DEFAULT);
	assert_int_equal(t.roles[TUI_ROLE_MONEY].attrs, TUI_ATTR_BOLD | TUI_ATTR_UNDERLINE);
	assert_int_equal(t.roles[TUI_ROLE_SELECTED].bg, 33);
	assert_int_equal(t.roles[TUI_ROLE_SELECTED].attrs, 0);
	/* Roles left out keep the built-in look. */
	assert_int_equal(t.roles[TUI_ROLE_HEADER_ENV].attrs, TUI_ATTR_REVERSE | TUI_ATTR_BOLD);
}

static void test_errors_name_the_line(void **state)
{
	tui_theme t;
	pc_err err;

	(void)state;
	tui_theme_builtin(&t);
	assert_int_equal(tui_theme_parse(&t, "color header white blue\ncolor hedaer red red\n", "themes/x", &err), -1);
	assert_non_null(strstr(err.msg, "themes/x:2: unknown role"));
	assert_non_null(strstr(err.msg, "'hedaer'"));
	assert_int_equal(tui_theme_parse(&t, "color ok green\n", "t", &err), -1);
	assert_non_null(strstr(err.msg, "t:1:"));
	assert_int_equal(tui_theme_parse(&t, "color ok 256 default\n", "t", &err), -1);
	assert_int_equal(tui_theme_parse(&t, "color ok red default blink\n", "t", &err), -1);
	assert_non_null(strstr(err.msg, "unknown attribute"));
	assert_int_equal(tui_theme_parse(&t, "colour ok red default\n", "t", &err), -1);
	assert_int_equal(tui_theme_parse(&t, "color ok red default \x1b[2J\n", "t", &err), -1);
	assert_null(strchr(err.msg, '\x1b'));
}

static void test_every_shipped_theme_parses(void **state)
{
	static const char *const names[] = { "default", "mono", "production", "colorblind" };
	char dir[512];
	const char *dirs[] = { dir, NULL };

	(void)state;
	snprintf(dir, sizeof(dir), "%s/../themes", TESTS_SRCDIR);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		tui_theme t;
		pc_err err;

		pc_err_clear(&err);
		if (tui_theme_load(&t, names[i], dirs, &err) < 0)
			fail_msg("theme %s: %s", names[i], err.msg);
		assert_string_equal(t.name, names[i]);
	}
}

static void test_production_and_mono_are_unmistakable(void **state)
{
	char dir[512];
	const char *dirs[] = { dir, NULL };
	tui_theme t;
	pc_err err;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/../themes", TESTS_SRCDIR);
	assert_int_equal(tui_theme_load(&t, "production", dirs, &err), 0);
	assert_true(t.roles[TUI_ROLE_HEADER_ENV].attrs & TUI_ATTR_REVERSE);
	assert_true(t.roles[TUI_ROLE_HEADER_ENV].attrs & TUI_ATTR_BOLD);
	assert_int_equal(tui_theme_load(&t, "mono", dirs, &err), 0);
	for (int r = 0; r < TUI_ROLE_COUNT; r++) {
		assert_int_equal(t.roles[r].fg, TUI_COLOR_DEFAULT);
		assert_int_equal(t.roles[r].bg, TUI_COLOR_DEFAULT);
	}
	assert_true(t.roles[TUI_ROLE_SELECTED].attrs & TUI_ATTR_REVERSE);
}

static void test_load_searches_in_order_and_refuses_paths(void **state)
{
	char dir[64], first[128], second[128], path[256];
	const char *dirs[] = { "", first, second, NULL };
	tui_theme t;
	pc_err err;

	(void)state;
	assert_int_equal(tu_mkdtemp(dir, sizeof(dir), "theme"), 0);
	tu_path(first, sizeof(first), dir, "a");
	tu_path(second, sizeof(second), dir, "b");
	assert_int_equal(pc_mkdir_p(first, 0700, &err), 0);
	assert_int_equal(pc_mkdir_p(second, 0700, &err), 0);
	snprintf(path, sizeof(path), "%s/mine", second);
	tu_write_file(path, "color ok red default bold\n", 0600);
	assert_int_equal(tui_theme_load(&t, "mine", dirs, &err), 0);
	assert_string_equal(t.path, path);
	assert_int_equal(t.roles[TUI_ROLE_OK].fg, 1);
	snprintf(path, sizeof(path), "%s/mine", first);
	tu_write_file(path, "color ok green default\n", 0600);
	assert_int_equal(tui_theme_load(&t, "mine", dirs, &err), 0);
	assert_int_equal(t.roles[TUI_ROLE_OK].fg, 2);
	assert_int_equal(tui_theme_load(&t, "absent", dirs, &err), -1);
	assert_non_null(strstr(err.msg, "not found"));
	assert_int_equal(tui_theme_load(&t, "../a/mine", dirs, &err), -1);
	assert_non_null(strstr(err.msg, "is not a name"));
	/* A failed load leaves the built-in theme. */
	assert_string_equal(t.name, "built-in");
	tu_rmrf(dir);
}

static void test_choice(void **state)
{
	(void)state;
	assert_string_equal(tui_theme_choose(NULL, false, false, true), "default");
	assert_string_equal(tui_theme_choose(NULL, true, false, true), "production");
	assert_string_equal(tui_theme_choose("colorblind", true, false, true), "colorblind");
	assert_string_equal(tui_theme_choose("colorblind", true, true, true), "mono");
	assert_string_equal(tui_theme_choose(NULL, false, false, false), "mono");
	assert_string_equal(tui_role_name(TUI_ROLE_STATUS_ERROR), "status-error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parses_roles_colours_and_attributes),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_every_shipped_theme_parses),
		cmocka_unit_test(test_production_and_mono_are_unmistakable),
		cmocka_unit_test(test_load_searches_in_order_and_refuses_paths),
		cmocka_unit_test(test_choice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
