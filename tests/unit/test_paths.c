/* Tests for src/core/paths.c: XDG lookup, tilde, mkdir -p, file I/O. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "testutil.h"

typedef struct {
	char dir[64];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	if (tu_mkdtemp(f->dir, sizeof(f->dir), "paths") != 0) {
		free(f);
		return -1;
	}
	umask(022);
	setenv("HOME", "/home/tester", 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_STATE_HOME");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	tu_rmrf(f->dir);
	free(f);
	return 0;
}

static char *in_dir(const fixture *f, const char *name)
{
	return pc_strdupf("%s/%s", f->dir, name);
}

static void assert_str_result(char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_strdupf(void **state)
{
	(void)state;
	assert_str_result(pc_strdupf("%s-%d", "abc", 42), "abc-42");
	assert_str_result(pc_strdupf("%s", ""), "");
}

static void test_expand_tilde(void **state)
{
	(void)state;
	assert_str_result(pc_expand_tilde("~"), "/home/tester");
	assert_str_result(pc_expand_tilde("~/keys/merchant.pem"), "/home/tester/keys/merchant.pem");
	assert_str_result(pc_expand_tilde("~other/key"), "~other/key");
	assert_str_result(pc_expand_tilde("/abs/~/x"), "/abs/~/x");
	assert_str_result(pc_expand_tilde("relative/path"), "relative/path");
	assert_null(pc_expand_tilde(NULL));
}

static void test_expand_tilde_without_home_uses_passwd(void **state)
{
	struct passwd *pw = getpwuid(getuid());
	char *want;

	(void)state;
	assert_non_null(pw);
	want = pc_strdupf("%s/x", pw->pw_dir);
	unsetenv("HOME");
	assert_str_result(pc_expand_tilde("~/x"), want);
	free(want);
}

static void test_xdg_defaults_under_home(void **state)
{
	(void)state;
	assert_str_result(pc_default_config_path(), "/home/tester/.config/paycon/config");
	assert_str_result(pc_state_root(), "/home/tester/.local/state/paycon");
	assert_str_result(pc_profile_state_dir("uat"), "/home/tester/.local/state/paycon/uat");
}

static void test_xdg_absolute_values_win(void **state)
{
	(void)state;
	setenv("XDG_CONFIG_HOME", "/etc/xdg-conf", 1);
	setenv("XDG_STATE_HOME", "/var/xdg-state", 1);
	assert_str_result(pc_default_config_path(), "/etc/xdg-conf/paycon/config");
	assert_str_result(pc_state_root(), "/var/xdg-state/paycon");
	assert_str_result(pc_profile_state_dir("prod"), "/var/xdg-state/paycon/prod");
}

static void test_xdg_empty_or_relative_values_ignored(void **state)
{
	(void)state;
	setenv("XDG_CONFIG_HOME", "", 1);
	setenv("XDG_STATE_HOME", "relative/state", 1);
	assert_str_result(pc_default_config_path(), "/home/tester/.config/paycon/config");
	assert_str_result(pc_state_root(), "/home/tester/.local/state/paycon");
}

static void test_xdg_without_home_uses_passwd(void **state)
{
	struct passwd *pw = getpwuid(getuid());
	char *want;

	(void)state;
	assert_non_null(pw);
	want = pc_strdupf("%s/.local/state/paycon", pw->pw_dir);
	setenv("HOME", "", 1);
	assert_str_result(pc_state_root(), want);
	free(want);
}

static void test_mkdir_p_creates_components_with_mode(void **state)
{
	fixture *f = *state;
	char *deep = in_dir(f, "a/b//c/");
	char *mid = in_dir(f, "a/b");
	struct stat st;
	pc_err err;

	pc_err_clear(&err);
	assert_int_equal(pc_mkdir_p(deep, 0700, &err), 0);
	assert_int_equal(stat(deep, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(stat(mid, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	/* Existing directories are fine. */
	assert_int_equal(pc_mkdir_p(deep, 0700, &err), 0);
	free(deep);
	free(mid);
}

static void test_mkdir_p_file_in_the_way(void **state)
{
	fixture *f = *state;
	char *file = in_dir(f, "plain");
	char *below = in_dir(f, "plain/sub");
	pc_err err;

	tu_write_file(file, "x", 0644);
	pc_err_clear(&err);
	assert_int_equal(pc_mkdir_p(below, 0700, &err), -1);
	assert_int_equal(err.cls, PC_EINPUT);
	assert_non_null(strstr(err.msg, "is not a directory"));
	assert_non_null(strstr(err.msg, file));
	assert_int_equal(pc_mkdir_p("", 0700, &err), -1);
	free(file);
	free(below);
}

static void test_read_file(void **state)
{
	fixture *f = *state;
	char *path = in_dir(f, "data");
	char *empty = in_dir(f, "empty");
	char *out = NULL;
	size_t len = 99;
	pc_err err;

	tu_write_file(path, "hello\nworld", 0644);
	tu_write_file(empty, "", 0644);
	pc_err_clear(&err);
	assert_int_equal(pc_read_file(path, 11, &out, &len, &err), 0);
	assert_int_equal(len, 11);
	assert_string_equal(out, "hello\nworld");
	free(out);

	assert_int_equal(pc_read_file(empty, 10, &out, &len, &err), 0);
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	free(out);

	assert_int_equal(pc_read_file(path, 10, &out, &len, &err), -1);
	assert_null(out);
	assert_int_equal(err.cls, PC_EINPUT);
	assert_non_null(strstr(err.msg, "10-byte limit"));
	assert_non_null(strstr(err.msg, path));
	free(path);
	free(empty);
}

static void test_read_file_large_and_missing(void **state)
{
	fixture *f = *state;
	char *path = in_dir(f, "big");
	char *missing = in_dir(f, "missing");
	char *big = malloc(100001);
	char *out = NULL;
	size_t len = 0;
	pc_err err;

	memset(big, 'z', 100000);
	big[100000] = '\0';
	tu_write_file(path, big, 0644);
	pc_err_clear(&err);
	assert_int_equal(pc_read_file(path, 1 << 20, &out, &len, &err), 0);
	assert_int_equal(len, 100000);
	assert_memory_equal(out, big, 100000);
	free(out);

	assert_int_equal(pc_read_file(missing, 100, &out, NULL, &err), -1);
	assert_non_null(strstr(err.msg, missing));
	assert_non_null(strstr(err.msg, "No such file"));
	free(big);
	free(path);
	free(missing);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return n;
}

static void test_write_file_atomic(void **state)
{
	fixture *f = *state;
	char *path = in_dir(f, "settings");
	char *out = NULL;
	struct stat st;
	pc_err err;

	pc_err_clear(&err);
	assert_int_equal(pc_write_file_atomic(path, "first", 5, 0600, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(pc_write_file_atomic(path, "second version", 14, 0600, &err), 0);
	assert_int_equal(pc_read_file(path, 100, &out, NULL, &err), 0);
	assert_string_equal(out, "second version");
	free(out);
	/* No temporary file is left behind. */
	assert_int_equal(count_entries(f->dir), 1);
	free(path);
}

static void test_write_file_atomic_replaces_symlink_not_target(void **state)
{
	fixture *f = *state;
	char *target = in_dir(f, "target");
	char *link = in_dir(f, "link");
	char *out = NULL;
	struct stat st;
	pc_err err;

	tu_write_file(target, "untouched", 0644);
	assert_int_equal(symlink(target, link), 0);
	pc_err_clear(&err);
	assert_int_equal(pc_write_file_atomic(link, "new", 3, 0644, &err), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(pc_read_file(target, 100, &out, NULL, &err), 0);
	assert_string_equal(out, "untouched");
	free(out);
	free(target);
	free(link);
}

static void test_write_file_atomic_missing_dir(void **state)
{
	fixture *f = *state;
	char *path = in_dir(f, "no/such/dir/file");
	pc_err err;

	pc_err_clear(&err);
	assert_int_equal(pc_write_file_atomic(path, "x", 1, 0600, &err), -1);
	assert_int_equal(err.cls, PC_EINPUT);
	assert_non_null(strstr(err.msg, path));
	free(path);
}

static void test_fsync_dir(void **state)
{
	fixture *f = *state;
	char *file = in_dir(f, "f");
	char *missing = in_dir(f, "nodir/f");
	pc_err err;

	tu_write_file(file, "x", 0644);
	pc_err_clear(&err);
	assert_int_equal(pc_fsync_dir(f->dir, &err), 0);
	assert_int_equal(pc_fsync_dir(file, &err), 0);
	assert_int_equal(pc_fsync_dir(missing, &err), -1);
	assert_non_null(strstr(err.msg, "nodir"));
	free(file);
	free(missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_strdupf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expand_tilde, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expand_tilde_without_home_uses_passwd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdg_defaults_under_home, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdg_absolute_values_win, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdg_empty_or_relative_values_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdg_without_home_uses_passwd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkdir_p_creates_components_with_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkdir_p_file_in_the_way, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_file_large_and_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_file_atomic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_file_atomic_replaces_symlink_not_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_file_atomic_missing_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fsync_dir, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
