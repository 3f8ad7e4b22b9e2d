/* testutil.c — scaffolding shared by the unit tests (see testutil.h). */
#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

int tu_mkdtemp(char *dir, size_t size, const char *name)
{
	int n = snprintf(dir, size, "/tmp/paycon-test-%s-XXXXXX", name);

	if (n < 0 || (size_t)n >= size)
		return -1;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tu_rmrf(const char *dir)
{
	/* Depth first, so directories are empty when their turn comes. */
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void tu_path(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s/%s", dir, name);

	assert_true(n > 0 && (size_t)n < size);
}

int tu_write_bytes(const char *path, const void *data, size_t len, mode_t mode)
{
	FILE *f;
	size_t n;

	unlink(path);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	n = fwrite(data, 1, len, f);
	if (fclose(f) != 0 || n != len)
		return -1;
	return chmod(path, mode);
}

void tu_write_file(const char *path, const char *text, mode_t mode)
{
	if (tu_write_bytes(path, text, strlen(text), mode) != 0)
		fail_msg("cannot write test file '%s'", path);
}

char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096;
	size_t used = 0;
	char *buf;

	if (!f)
		fail_msg("cannot open test file '%s'", path);
	buf = malloc(cap);
	assert_non_null(buf);
	for (;;) {
		used += fread(buf + used, 1, cap - used - 1, f);
		if (used < cap - 1)
			break;
		cap *= 2;
		buf = realloc(buf, cap);
		assert_non_null(buf);
	}
	assert_false(ferror(f));
	fclose(f);
	buf[used] = '\0';
	if (len)
		*len = used;
	return buf;
}

int tu_run(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	return (rc != -1 && WIFEXITED(rc)) ? WEXITSTATUS(rc) : -1;
}

tu_state_dir *tu_state_dir_new(const char *tag, const char *profile, const char *file)
{
	tu_state_dir *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	if (tu_mkdtemp(s->dir, sizeof(s->dir), tag) != 0) {
		free(s);
		return NULL;
	}
	s->state_dir = pc_strdupf("%s/paycon/%s", s->dir, profile);
	s->path = pc_strdupf("%s/%s", s->state_dir, file);
	umask(022);
	return s;
}

void tu_state_dir_free(tu_state_dir *s)
{
	if (!s)
		return;
	tu_rmrf(s->dir);
	free(s->state_dir);
	free(s->path);
	free(s);
}
