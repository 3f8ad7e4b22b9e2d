/* testutil.h — scaffolding shared by the unit tests: a private temporary
 * directory, files written and read back, shell commands (openssl). */
#ifndef PAYCON_TESTUTIL_H
#define PAYCON_TESTUTIL_H

#include <stddef.h>
#include <sys/types.h>

/* Creates a fresh directory /tmp/paycon-test-<name>-XXXXXX and puts its
 * path in dir (size bytes). 0, or -1 when it cannot (usable in setups). */
int tu_mkdtemp(char *dir, size_t size, const char *name);

/* Removes dir and everything below it; symlinks are removed, never
 * followed. */
void tu_rmrf(const char *dir);

/* "dir/name" into out (size bytes); fails the test when it does not fit. */
void tu_path(char *out, size_t size, const char *dir, const char *name);

/* Replaces path (a symlink there included) with len bytes of data and
 * sets mode whatever the umask. 0, or -1 on any failure. */
int tu_write_bytes(const char *path, const void *data, size_t len, mode_t mode);

/* Same for a string; fails the test on any failure. */
void tu_write_file(const char *path, const char *text, mode_t mode);

/* The whole file, malloc'd and NUL-terminated; its size in *len unless len
 * is NULL. Fails the test when the file cannot be read. */
char *tu_read_file(const char *path, size_t *len);

/* Runs a shell command made like printf; its exit status, or -1 when it
 * did not run or did not exit normally. */
int tu_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A scratch directory holding a profile's state directory (not created:
 * the module under test makes it) and one file path in it, for the tests
 * of modules that keep per-profile state (journal, store). */
typedef struct {
	char dir[64];
	char *state_dir;
	char *path;
} tu_state_dir;

tu_state_dir *tu_state_dir_new(const char *tag, const char *profile, const char *file);
void tu_state_dir_free(tu_state_dir *s);

#endif
