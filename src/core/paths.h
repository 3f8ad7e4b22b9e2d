/* paths.h — XDG locations and small filesystem helpers. */
#ifndef PAYCON_PATHS_H
#define PAYCON_PATHS_H

#include <sys/types.h>

#include "err.h"

/* "~" or "~/x" -> $HOME or $HOME/x; other strings copied. malloc'd. */
char *pc_expand_tilde(const char *path);

/* $XDG_CONFIG_HOME/paycon/config (default ~/.config/paycon/config). */
char *pc_default_config_path(void);
/* $XDG_STATE_HOME/paycon (default ~/.local/state/paycon). */
char *pc_state_root(void);
/* $XDG_STATE_HOME/paycon/<profile>. */
char *pc_profile_state_dir(const char *profile);

/* mkdir -p with mode for each created directory. */
int pc_mkdir_p(const char *path, mode_t mode, pc_err *err);

/* malloc'd printf. */
char *pc_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file (at most max bytes, else error). *out NUL-terminated. */
int pc_read_file(const char *path, size_t max, char **out, size_t *len, pc_err *err);

/* Writes all len bytes to fd, retrying short writes and EINTR; -1 with
 * errno set on failure. */
int pc_write_all(int fd, const void *data, size_t len);

/* Writes data to path atomically: path.tmp (mode), fsync, rename, fsync dir. */
int pc_write_file_atomic(const char *path, const char *data, size_t len, mode_t mode, pc_err *err);

/* fsync the directory holding path (or path itself when it is a directory). */
int pc_fsync_dir(const char *dir, pc_err *err);

/* The directory of the running executable (from /proc/self/exe), malloc'd;
 * NULL when unknown. */
char *pc_exe_dir(void);

/* Finds a data file or directory shipped with paycon: the value of env_var
 * when that variable is set (it names the file or directory itself), else the
 * installed PAYCON_DATADIR/name when it
 * exists, else <exe dir>/../source_tree_name (running from a build tree, as
 * the README's quick start does). Returns the first candidate that exists,
 * or the installed path when none does (so messages name it). malloc'd. */
char *pc_find_data(const char *env_var, const char *name, const char *source_tree_name);

#endif
