#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* $HOME when set and non-empty, else the password database. NULL when
 * neither knows (a stripped container): callers then fail cleanly. */
static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && home[0])
		return home;
	pw = getpwuid(getuid());
	if (pw && pw->pw_dir && pw->pw_dir[0])
		return pw->pw_dir;
	return NULL;
}

char *pc_strdupf(const char *fmt, ...)
{
	va_list ap;
	char *out;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	out = malloc((size_t)n + 1);
	if (!out)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(out, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return out;
}

char *pc_expand_tilde(const char *path)
{
	const char *home;

	if (!path)
		return NULL;
	if (path[0] != '~' || (path[1] != '\0' && path[1] != '/'))
		return strdup(path);
	home = home_dir();
	if (!home)
		return strdup(path);
	return pc_strdupf("%s%s", home, path + 1);
}

/* The XDG spec says a relative or empty value is invalid and must be
 * ignored, so such values fall back to the $HOME default. */
static char *xdg_base(const char *var, const char *home_relative, const char *leaf)
{
	const char *value = getenv(var);
	const char *home;

	if (value && value[0] == '/')
		return pc_strdupf("%s/%s", value, leaf);
	home = home_dir();
	if (!home)
		return NULL;
	return pc_strdupf("%s/%s/%s", home, home_relative, leaf);
}

char *pc_default_config_path(void)
{
	return xdg_base("XDG_CONFIG_HOME", ".config", "paycon/config");
}

char *pc_state_root(void)
{
	return xdg_base("XDG_STATE_HOME", ".local/state", "paycon");
}

char *pc_profile_state_dir(const char *profile)
{
	char *root = pc_state_root();
	char *dir;

	if (!root)
		return NULL;
	dir = pc_strdupf("%s/%s", root, profile);
	free(root);
	return dir;
}

static int mkdir_one(const char *dir, mode_t mode, pc_err *err)
{
	struct stat st;

	if (mkdir(dir, mode) == 0)
		return 0;
	if (errno != EEXIST)
		return pc_err_set(err, PC_EINPUT, "cannot create directory '%s': %s", dir, strerror(errno));
	if (stat(dir, &st) != 0)
		return pc_err_set(err, PC_EINPUT, "cannot use directory '%s': %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return pc_err_set(err, PC_EINPUT,
		                  "'%s' exists but is not a directory; move it away so paycon can create the directory",
		                  dir);
	return 0;
}

int pc_mkdir_p(const char *path, mode_t mode, pc_err *err)
{
	char *copy;
	char *p;
	int rc = 0;

	if (!path || !path[0])
		return pc_err_set(err, PC_EINPUT, "cannot create a directory with an empty name");
	copy = strdup(path);
	if (!copy)
		return pc_err_set(err, PC_EINPUT, "out of memory");
	/* Create each prefix in turn; the leading '/' of an absolute path is
	 * not a component of its own. */
	for (p = copy + 1; *p && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (p[-1] != '/')
			rc = mkdir_one(copy, mode, err);
		*p = '/';
	}
	if (rc == 0)
		rc = mkdir_one(copy, mode, err);
	free(copy);
	return rc;
}

static int read_all(int fd, const char *path, size_t max, char **out, size_t *len, pc_err *err)
{
	size_t cap = 4096, used = 0;
	char *buf = malloc(cap + 1);
	ssize_t n;

	if (!buf)
		return pc_err_set(err, PC_EINPUT, "out of memory reading '%s'", path);
	for (;;) {
		if (used == cap) {
			char *bigger = realloc(buf, cap * 2 + 1);

			if (!bigger) {
				free(buf);
				return pc_err_set(err, PC_EINPUT, "out of memory reading '%s'", path);
			}
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + used, cap - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			return pc_err_set(err, PC_EINPUT, "cannot read '%s': %s", path, strerror(e));
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > max) {
			free(buf);
			return pc_err_set(err, PC_EINPUT,
			                  "'%s' is larger than the %zu-byte limit for this file; check that it is the right file",
			                  path, max);
		}
	}
	buf[used] = '\0';
	*out = buf;
	if (len)
		*len = used;
	return 0;
}

int pc_read_file(const char *path, size_t max, char **out, size_t *len, pc_err *err)
{
	int fd;
	int rc;

	*out = NULL;
	if (len)
		*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pc_err_set(err, PC_EINPUT, "cannot open '%s': %s", path, strerror(errno));
	rc = read_all(fd, path, max, out, len, err);
	close(fd);
	return rc;
}

int pc_write_all(int fd, const void *data, size_t len)
{
	const char *next = data;

	while (len > 0) {
		ssize_t n = write(fd, next, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		next += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A fresh temporary name next to path (so rename stays on one file
 * system). The pid and a counter keep concurrent writers and leftovers of
 * a crashed run from colliding; O_EXCL catches whatever is left. */
static int open_temp(const char *path, mode_t mode, char **tmp_out, pc_err *err)
{
	static unsigned counter;
	int attempt;

	for (attempt = 0; attempt < 100; attempt++) {
		char *tmp = pc_strdupf("%s.tmp.%ld.%u", path, (long)getpid(), counter++);
		int fd;

		if (!tmp)
			return pc_err_set(err, PC_EINPUT, "out of memory");
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd >= 0) {
			*tmp_out = tmp;
			return fd;
		}
		free(tmp);
		if (errno != EEXIST)
			return pc_err_set(err, PC_EINPUT, "cannot create a temporary file next to '%s': %s",
			                  path, strerror(errno));
	}
	return pc_err_set(err, PC_EINPUT, "cannot create a temporary file next to '%s': too many leftovers; "
	                  "remove the '%s.tmp.*' files", path, path);
}

int pc_write_file_atomic(const char *path, const char *data, size_t len, mode_t mode, pc_err *err)
{
	char *tmp = NULL;
	int fd = open_temp(path, mode, &tmp, err);
	const char *failed = NULL;
	int e = 0;

	if (fd < 0)
		return -1;
	if (pc_write_all(fd, data, len) != 0)
		failed = "write";
	else if (fsync(fd) != 0)
		failed = "sync";
	if (failed)
		e = errno;
	if (close(fd) != 0 && !failed) {
		failed = "close";
		e = errno;
	}
	if (!failed && rename(tmp, path) != 0) {
		failed = "rename";
		e = errno;
	}
	if (failed) {
		unlink(tmp);
		free(tmp);
		return pc_err_set(err, PC_EINPUT, "cannot write '%s' (%s failed): %s", path, failed, strerror(e));
	}
	free(tmp);
	return pc_fsync_dir(path, err);
}

/* The directory part of path: "." for a bare name, "/" for "/x". */
static char *parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

int pc_fsync_dir(const char *dir, pc_err *err)
{
	struct stat st;
	char *target;
	int fd;
	int rc = 0;

	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		target = strdup(dir);
	else
		target = parent_dir(dir);
	if (!target)
		return pc_err_set(err, PC_EINPUT, "out of memory");
	fd = open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		rc = pc_err_set(err, PC_EINPUT, "cannot open directory '%s': %s", target, strerror(errno));
		free(target);
		return rc;
	}
	/* Some file systems cannot sync a directory (EINVAL); there is
	 * nothing more to do there, so that is not an error. */
	if (fsync(fd) != 0 && errno != EINVAL)
		rc = pc_err_set(err, PC_EINPUT, "cannot sync directory '%s': %s", target, strerror(errno));
	close(fd);
	free(target);
	return rc;
}

char *pc_exe_dir(void)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (slash)
		*slash = '\0';
	return strdup(path);
}

#ifndef PAYCON_DATADIR
#define PAYCON_DATADIR "/usr/local/share/paycon"
#endif

char *pc_find_data(const char *env_var, const char *name, const char *source_tree_name)
{
	const char *env = env_var ? getenv(env_var) : NULL;
	char *installed, *exe, *local;

	if (env && *env)
		return strdup(env);
	installed = pc_strdupf("%s/%s", PAYCON_DATADIR, name);
	if (!installed || access(installed, F_OK) == 0)
		return installed;
	exe = pc_exe_dir();
	local = exe ? pc_strdupf("%s/../%s", exe, source_tree_name) : NULL;
	free(exe);
	if (local && access(local, F_OK) == 0) {
		free(installed);
		return local;
	}
	free(local);
	return installed;
}
