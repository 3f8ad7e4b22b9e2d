#include "spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef __linux__
#include <limits.h>
#include <sys/inotify.h>
#endif

#include "dirsync.h"
#include "paths.h"
#include "sanitize.h"

#define PID_MAX_NAME 2147483647L
/* A name dated further ahead than this is taken as bogus by cursors: it is
 * returned once but does not move the cursor, so one stray file cannot
 * hide every later callback from a follower. */
#define FUTURE_SLACK_MS (24ULL * 3600 * 1000)
#define STORE_ATTEMPTS 3

struct pc_spool {
	char *dir;
	char *tmp_dir;
	char *new_dir;
	char host[PC_SPOOL_HOST_MAX + 1];
	atomic_uint_least64_t seq;
	atomic_uint_least64_t last_ms;
	pc_dirsync *new_sync;     /* writers: shared syncs of new/ */
};

static int oom(pc_err *err)
{
	return pc_err_set(err, PC_EINPUT, "out of memory in the callback spool");
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- names ------------------------------------------------------------- */

/* Names editors and copy tools give their scratch files. A host ending in
 * one of these would make a scratch file look like a callback. */
static const char *const temp_suffixes[] = {
	"tmp", "temp", "swp", "swo", "swx", "bak", "part", "partial", "lock", "orig", "rej",
};

/* The dot that starts a temporary-file suffix of host, or NULL. */
static const char *temp_suffix_dot(const char *host)
{
	const char *dot = strrchr(host, '.');
	size_t i;

	if (!dot)
		return NULL;
	for (i = 0; i < sizeof(temp_suffixes) / sizeof(temp_suffixes[0]); i++)
		if (strcasecmp(dot + 1, temp_suffixes[i]) == 0)
			return dot;
	return NULL;
}

static bool host_byte_ok(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '_';
}

void pc_spool_sanitize_host(const char *raw, char out[PC_SPOOL_HOST_MAX + 1])
{
	size_t n = 0;
	const char *dot;

	/* '_' is kept too: it is what replaced bytes become. */
	for (; raw && raw[n] && n < PC_SPOOL_HOST_MAX; n++)
		out[n] = host_byte_ok((unsigned char)raw[n]) ? raw[n] : '_';
	out[n] = '\0';
	if (n == 0)
		strcpy(out, "localhost");
	dot = temp_suffix_dot(out);
	if (dot)
		out[dot - out] = '_';
}

int pc_spool_make_name(char *out, size_t size, uint64_t ms, long pid, uint64_t seq, const char *host)
{
	char clean[PC_SPOOL_HOST_MAX + 1];
	int n;

	if (!out || size == 0 || pid < 1 || pid > PID_MAX_NAME)
		return -1;
	pc_spool_sanitize_host(host, clean);
	n = snprintf(out, size, "%" PRIu64 ".%ld_%" PRIu64 ".%s", ms, pid, seq, clean);
	if (n < 0 || (size_t)n >= size) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

/* Reads a decimal without leading zeros that must be followed by stop.
 * Returns the position of stop, or NULL. */
static const char *parse_decimal(const char *p, char stop, uint64_t *out)
{
	uint64_t v = 0;

	if (*p < '0' || *p > '9')
		return NULL;
	if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
		return NULL;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned digit = (unsigned)(*p - '0');

		if (v > (UINT64_MAX - digit) / 10)
			return NULL;
		v = v * 10 + digit;
	}
	if (*p != stop)
		return NULL;
	*out = v;
	return p;
}

static int parse_host(const char *p, pc_spool_name *out)
{
	size_t n;

	for (n = 0; p[n]; n++)
		if (n >= PC_SPOOL_HOST_MAX || !host_byte_ok((unsigned char)p[n]))
			return -1;
	if (n == 0)
		return -1;
	memcpy(out->host, p, n + 1);
	return temp_suffix_dot(out->host) ? -1 : 0;
}

int pc_spool_parse_name(const char *name, pc_spool_name *out)
{
	pc_spool_name parsed;
	uint64_t pid;
	const char *p;

	memset(out, 0, sizeof(*out));
	/* Bounded: nothing past the longest possible name is ever read. */
	if (!name || strnlen(name, PC_SPOOL_NAME_SIZE) >= PC_SPOOL_NAME_SIZE)
		return -1;
	memset(&parsed, 0, sizeof(parsed));
	p = parse_decimal(name, '.', &parsed.ms);
	if (p)
		p = parse_decimal(p + 1, '_', &pid);
	if (p && (pid < 1 || pid > (uint64_t)PID_MAX_NAME))
		p = NULL;
	if (p)
		p = parse_decimal(p + 1, '.', &parsed.seq);
	if (!p || parse_host(p + 1, &parsed) != 0)
		return -1;
	parsed.pid = (long)pid;
	*out = parsed;
	return 0;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

int pc_spool_name_cmp(const pc_spool_name *a, const pc_spool_name *b)
{
	int c = cmp_u64(a->ms, b->ms);

	if (c == 0)
		c = (a->pid > b->pid) - (a->pid < b->pid);
	if (c == 0)
		c = cmp_u64(a->seq, b->seq);
	if (c == 0)
		c = strcmp(a->host, b->host);
	return c;
}

/* ---- opening ----------------------------------------------------------- */

/* Creates dir when absent. A directory we create gets exactly the spool
 * mode whatever the umask (group members must be able to read it), keeping
 * a setgid bit inherited from a parent the administrator set up. */
static int make_dir(const char *dir, pc_err *err)
{
	struct stat st;

	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return pc_err_set(err, PC_EINPUT, "spool path '%s' exists but is not a directory; move it "
			                  "away or choose another spool", dir);
		return 0;
	}
	if (pc_mkdir_p(dir, PC_SPOOL_DIR_MODE, err) != 0)
		return pc_err_prefix(err, "cannot create the callback spool");
	if (stat(dir, &st) != 0 || chmod(dir, PC_SPOOL_DIR_MODE | (st.st_mode & S_ISGID)) != 0)
		return pc_err_set(err, PC_EINPUT, "cannot set the mode of spool directory '%s': %s", dir,
		                  strerror(errno));
	return 0;
}

static pc_spool *spool_new(const char *dir, pc_err *err)
{
	pc_spool *s;

	if (!dir || !dir[0]) {
		pc_err_set(err, PC_EINPUT, "no spool directory given: set spool in the profile or pass --spool DIR");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s) {
		s->dir = strdup(dir);
		s->tmp_dir = pc_strdupf("%s/tmp", dir);
		s->new_dir = pc_strdupf("%s/new", dir);
	}
	if (!s || !s->dir || !s->tmp_dir || !s->new_dir) {
		pc_spool_close(s);
		oom(err);
		return NULL;
	}
	atomic_init(&s->seq, 0);
	atomic_init(&s->last_ms, 0);
	return s;
}

pc_spool *pc_spool_open(const char *dir, pc_err *err)
{
	pc_spool *s = spool_new(dir, err);
	char host[256];

	if (!s)
		return NULL;
	if (make_dir(s->dir, err) != 0 || make_dir(s->tmp_dir, err) != 0 || make_dir(s->new_dir, err) != 0
	    || !(s->new_sync = pc_dirsync_new(s->new_dir, err))) {
		pc_spool_close(s);
		return NULL;
	}
	if (gethostname(host, sizeof(host)) != 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	pc_spool_sanitize_host(host, s->host);
	return s;
}

pc_spool *pc_spool_open_reader(const char *dir, pc_err *err)
{
	pc_spool *s = spool_new(dir, err);
	struct stat st;

	if (!s)
		return NULL;
	if (stat(s->new_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		pc_err_set(err, PC_EINPUT, "'%s' is not a callback spool (it has no new/ directory): start "
		           "paycon-hookd with --spool '%s' first, or check the spool setting of the profile",
		           s->dir, s->dir);
		pc_spool_close(s);
		return NULL;
	}
	return s;
}

void pc_spool_close(pc_spool *s)
{
	if (!s)
		return;
	free(s->dir);
	free(s->tmp_dir);
	free(s->new_dir);
	pc_dirsync_free(s->new_sync);
	free(s);
}

const char *pc_spool_dir(const pc_spool *s)
{
	return s->dir;
}

/* ---- writing ----------------------------------------------------------- */

/* Milliseconds for a new name: the clock, but never less than a name this
 * process already made, so names keep their order when the clock steps back. */
static uint64_t name_ms(pc_spool *s)
{
	uint64_t now = now_ms();
	uint64_t last = atomic_load(&s->last_ms);

	while (now > last && !atomic_compare_exchange_weak(&s->last_ms, &last, now))
		;
	return now > last ? now : last;
}

static void next_name(pc_spool *s, char *name, uint64_t *ms)
{
	uint64_t seq = atomic_fetch_add(&s->seq, 1) + 1;

	*ms = name_ms(s);
	/* Cannot fail: the pid is valid and the buffer holds the longest name. */
	pc_spool_make_name(name, PC_SPOOL_NAME_SIZE, *ms, (long)getpid(), seq, s->host);
}

static int store_error(const pc_spool *s, const char *what, const char *path, int errnum, pc_err *err)
{
	return pc_err_set(err, PC_EINPUT, "cannot store the callback in spool '%s': %s '%s' failed: %s; "
	                  "check free space and that the spool belongs to this user", s->dir, what, path,
	                  strerror(errnum));
}

/* Creates tmp/NAME under a fresh name. The fd, or -1 with *path NULL. */
static int create_tmp(pc_spool *s, char *name, uint64_t *ms, char **path, pc_err *err)
{
	const int flags = O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC;
	int attempt;
	int fd = -1;

	*path = NULL;
	/* EEXIST only comes from a stale file of an earlier process with our
	 * pid; the next name differs in seq. */
	for (attempt = 0; attempt < STORE_ATTEMPTS && fd < 0; attempt++) {
		free(*path);
		next_name(s, name, ms);
		*path = pc_strdupf("%s/%s", s->tmp_dir, name);
		if (!*path)
			return oom(err);
		fd = open(*path, flags, PC_SPOOL_FILE_MODE);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		store_error(s, "creating", *path, errno, err);
		free(*path);
		*path = NULL;
	}
	return fd;
}

/* Writes, fixes the mode (a umask must not lock the staff group out),
 * syncs and closes fd; closes it in every case. */
static int fill_tmp(const pc_spool *s, int fd, const char *path, const void *body, size_t len, pc_err *err)
{
	const char *what = NULL;
	int errnum = 0;

	if (pc_write_all(fd, body, len) != 0)
		what = "writing";
	else if (fchmod(fd, PC_SPOOL_FILE_MODE) != 0)
		what = "setting the mode of";
	else if (fsync(fd) != 0)
		what = "syncing";
	if (what)
		errnum = errno;
	/* close() reports deferred write errors on network file systems. */
	if (close(fd) != 0 && !what) {
		what = "closing";
		errnum = errno;
	}
	return what ? store_error(s, what, path, errnum, err) : 0;
}

/* Moves tmp/NAME into new/. A store slower than half the settle time goes
 * in under a fresh name, so followers' cursors never miss it. */
static int publish(pc_spool *s, const char *tmp_path, char *name, uint64_t ms, pc_err *err)
{
	char *new_path;
	int errnum;
	int rc = 0;
	uint64_t now = now_ms();

	if (now > ms && now - ms > PC_SPOOL_SETTLE_MS / 2)
		next_name(s, name, &ms);
	new_path = pc_strdupf("%s/%s", s->new_dir, name);
	if (!new_path)
		return oom(err);
	if (rename(tmp_path, new_path) != 0) {
		rc = store_error(s, "moving it into", new_path, errno, err);
		free(new_path);
		return rc;
	}
	/* Shared with the renames of other threads (dirsync.h). */
	errnum = pc_dirsync_wait(s->new_sync);
	if (errnum != 0) {
		rc = store_error(s, "syncing", s->new_dir, errnum, err);
		/* Not durable, so not acknowledged: take it back. The sender
		 * retries and the retry is stored under a new name. */
		unlink(new_path);
	}
	free(new_path);
	return rc;
}

int pc_spool_store(pc_spool *s, const void *body, size_t len, char *name_out, pc_err *err)
{
	char name[PC_SPOOL_NAME_SIZE];
	char *tmp_path;
	uint64_t ms;
	int fd;
	int rc;

	if (name_out)
		name_out[0] = '\0';
	if (!body && len > 0)
		return pc_err_set(err, PC_EINPUT, "no callback body to store");
	fd = create_tmp(s, name, &ms, &tmp_path, err);
	if (fd < 0)
		return -1;
	rc = fill_tmp(s, fd, tmp_path, body ? body : "", len, err);
	if (rc == 0)
		rc = publish(s, tmp_path, name, ms, err);
	if (rc != 0)
		unlink(tmp_path); /* gone already when the rename succeeded */
	else if (name_out)
		memcpy(name_out, name, strlen(name) + 1);
	free(tmp_path);
	return rc;
}

static bool stale_tmp_file(int dir_fd, const char *name, time_t cutoff)
{
	pc_spool_name key;
	struct stat st;

	if (pc_spool_parse_name(name, &key) != 0)
		return false; /* not ours: leave it */
	if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return false;
	return S_ISREG(st.st_mode) && st.st_mtime < cutoff;
}

int pc_spool_clean_tmp(pc_spool *s, unsigned max_age_s, pc_err *err)
{
	time_t cutoff = time(NULL) - (time_t)max_age_s;
	struct dirent *d;
	DIR *dir = opendir(s->tmp_dir);
	int removed = 0;

	if (!dir)
		return pc_err_set(err, PC_EINPUT, "cannot read spool directory '%s': %s", s->tmp_dir, strerror(errno));
	for (d = readdir(dir); d; d = readdir(dir))
		if (stale_tmp_file(dirfd(dir), d->d_name, cutoff) && unlinkat(dirfd(dir), d->d_name, 0) == 0)
			removed++;
	closedir(dir);
	return removed;
}

/* ---- reading ----------------------------------------------------------- */

void pc_spool_list_free(pc_spool_list *list)
{
	if (!list)
		return;
	free(list->items);
	list->items = NULL;
	list->n = 0;
	list->cap = 0;
}

static int list_push(pc_spool_list *list, const pc_spool_entry *e)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 64;
		pc_spool_entry *items = realloc(list->items, cap * sizeof(*items));

		if (!items)
			return -1;
		list->items = items;
		list->cap = cap;
	}
	list->items[list->n++] = *e;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const pc_spool_entry *x = a;
	const pc_spool_entry *y = b;

	return pc_spool_name_cmp(&x->key, &y->key);
}

/* d_type, when the file system reports it, spares a stat per name. */
static bool maybe_regular(const struct dirent *d)
{
	return d->d_type == DT_REG || d->d_type == DT_UNKNOWN;
}

/* Which listed names a listing keeps (NULL: every callback). */
typedef bool (*entry_filter)(const void *ctx, const pc_spool_entry *e);

/* The callbacks in new/ that keep accepts, in spool order. Filtering
 * before sorting matters to followers: of a 100,000-file spool they keep
 * a handful, and sorting them all cost more than reading the directory. */
static int list_new(pc_spool *s, entry_filter keep, const void *ctx, pc_spool_list *out, pc_err *err)
{
	pc_spool_entry e;
	struct dirent *d;
	DIR *dir;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	dir = opendir(s->new_dir);
	if (!dir)
		return pc_err_set(err, PC_EINPUT, "cannot read spool directory '%s': %s; check that it exists "
		                  "and that you are in its group", s->new_dir, strerror(errno));
	while (rc == 0) {
		errno = 0;
		d = readdir(dir);
		if (!d) {
			if (errno != 0)
				rc = pc_err_set(err, PC_EINPUT, "cannot read spool directory '%s': %s", s->new_dir,
				                strerror(errno));
			break;
		}
		if (!maybe_regular(d) || pc_spool_parse_name(d->d_name, &e.key) != 0)
			continue;
		memcpy(e.name, d->d_name, strlen(d->d_name) + 1);
		if (keep && !keep(ctx, &e))
			continue;
		if (list_push(out, &e) != 0)
			rc = oom(err);
	}
	closedir(dir);
	if (rc != 0) {
		pc_spool_list_free(out);
		return -1;
	}
	if (out->n > 1)
		qsort(out->items, out->n, sizeof(*out->items), entry_cmp);
	return 0;
}

int pc_spool_scan(pc_spool *s, pc_spool_list *out, pc_err *err)
{
	return list_new(s, NULL, NULL, out, err);
}

/* size: the file's size when it was opened. */
static int read_body(int fd, const char *path, off_t size, size_t max, char **body, size_t *len,
                     pc_err *err)
{
	size_t cap = 4096, used = 0;
	char *buf = malloc(cap + 1);

	if (max > SIZE_MAX / 4)
		max = SIZE_MAX / 4; /* keeps max + 1 and cap * 2 from wrapping */
	if (!buf)
		return oom(err);
	for (;;) {
		size_t asked;
		ssize_t n;

		if (used == cap) {
			char *bigger;

			/* One byte past max tells a file that grew too big. */
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			bigger = used < cap ? realloc(buf, cap + 1) : NULL;
			if (!bigger) {
				free(buf);
				return used > max ? pc_err_set(err, PC_EINPUT, "callback '%s' is larger than %zu bytes; "
				                               "it is not shown", path, max)
				                  : oom(err);
			}
			buf = bigger;
		}
		asked = cap - used;
		n = read(fd, buf + used, asked);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return pc_err_set(err, PC_EINPUT, "cannot read callback '%s': %s", path, strerror(errno));
		}
		if (n == 0)
			break;
		used += (size_t)n;
		/* A short read that reached the size fstat gave is the end of
		 * a regular file: a console opening a spool reads 100,000 of
		 * them, so the read that would return 0 is saved. */
		if ((size_t)n < asked && (uintmax_t)used == (uintmax_t)size)
			break;
	}
	if (used > max) {
		free(buf);
		return pc_err_set(err, PC_EINPUT, "callback '%s' is larger than %zu bytes; it is not shown", path, max);
	}
	buf[used] = '\0';
	*body = buf;
	*len = used;
	return 0;
}

static int open_callback(const pc_spool *s, const char *path, size_t max, off_t *size, pc_err *err)
{
	/* O_NONBLOCK: a FIFO planted in new/ must not hang the reader. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct stat st;

	if (fd < 0 && errno == ELOOP)
		return pc_err_set(err, PC_EINPUT, "'%s' is a symbolic link, not a callback; a spool holds only "
		                  "regular files: remove it from '%s'", path, s->new_dir);
	if (fd < 0)
		return pc_err_set(err, PC_EINPUT, "cannot open callback '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return pc_err_set(err, PC_EINPUT, "'%s' is not a regular file, not a callback: remove it from '%s'",
		                  path, s->new_dir);
	}
	if ((uintmax_t)st.st_size > (uintmax_t)max) {
		close(fd);
		return pc_err_set(err, PC_EINPUT, "callback '%s' is %jd bytes, more than the %zu allowed; it is "
		                  "not shown", path, (intmax_t)st.st_size, max);
	}
	*size = st.st_size;
	return fd;
}

int pc_spool_read(pc_spool *s, const char *name, char **body, size_t *len, size_t max, pc_err *err)
{
	pc_spool_name key;
	off_t size = 0;
	char *path;
	int fd;
	int rc;

	*body = NULL;
	*len = 0;
	if (pc_spool_parse_name(name, &key) != 0) {
		char *shown = name ? pc_sanitize(name, strnlen(name, PC_SPOOL_NAME_SIZE)) : NULL;

		rc = pc_err_set(err, PC_EINPUT, "'%s' is not a callback name in the spool (expected "
		                "<unix-ms>.<pid>_<seq>.<host>)", shown ? shown : "");
		free(shown);
		return rc;
	}
	path = pc_strdupf("%s/%s", s->new_dir, name);
	if (!path)
		return oom(err);
	fd = open_callback(s, path, max, &size, err);
	rc = fd < 0 ? -1 : read_body(fd, path, size, max, body, len, err);
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

/* ---- cursors ----------------------------------------------------------- */

struct pc_spool_cursor {
	bool have_last;
	pc_spool_entry last;
	pc_spool_list recent; /* returned names not older than last - settle, sorted */
};

pc_spool_cursor *pc_spool_cursor_new(const char *last_seen, pc_err *err)
{
	pc_spool_cursor *c = calloc(1, sizeof(*c));

	if (!c) {
		oom(err);
		return NULL;
	}
	if (!last_seen)
		return c;
	if (pc_spool_parse_name(last_seen, &c->last.key) != 0) {
		char *shown = pc_sanitize(last_seen, strnlen(last_seen, PC_SPOOL_NAME_SIZE));

		pc_err_set(err, PC_EINPUT, "saved spool position '%s' is not a callback name; delete the saved "
		           "position to read the spool from its start", shown ? shown : "");
		free(shown);
		free(c);
		return NULL;
	}
	memcpy(c->last.name, last_seen, strlen(last_seen) + 1);
	c->have_last = true;
	return c;
}

void pc_spool_cursor_free(pc_spool_cursor *c)
{
	if (!c)
		return;
	pc_spool_list_free(&c->recent);
	free(c);
}

const char *pc_spool_cursor_last(const pc_spool_cursor *c)
{
	return c->have_last ? c->last.name : NULL;
}

static bool within_settle(const pc_spool_name *key, const pc_spool_name *last)
{
	return key->ms >= last->ms || last->ms - key->ms <= PC_SPOOL_SETTLE_MS;
}

static bool recently_returned(const pc_spool_cursor *c, const pc_spool_entry *e)
{
	return c->recent.n > 0 &&
	       bsearch(e, c->recent.items, c->recent.n, sizeof(*e), entry_cmp) != NULL;
}

static bool not_returned_yet(const pc_spool_cursor *c, const pc_spool_entry *e)
{
	if (c->have_last && pc_spool_name_cmp(&e->key, &c->last.key) <= 0 &&
	    !within_settle(&e->key, &c->last.key))
		return false;
	return !recently_returned(c, e);
}

/* Adds the (sorted) fresh names to the cursor: they become recent, the
 * greatest plausible one becomes last, and what fell out of the settle
 * window is forgotten. */
static int cursor_advance(pc_spool_cursor *c, const pc_spool_list *fresh)
{
	uint64_t horizon = now_ms() + FUTURE_SLACK_MS;
	size_t i, kept = 0;

	for (i = 0; i < fresh->n; i++) {
		const pc_spool_entry *e = &fresh->items[i];

		if (list_push(&c->recent, e) != 0)
			return -1;
		if (e->key.ms <= horizon && (!c->have_last || pc_spool_name_cmp(&e->key, &c->last.key) > 0)) {
			c->last = *e;
			c->have_last = true;
		}
	}
	for (i = 0; i < c->recent.n; i++)
		if (!c->have_last || within_settle(&c->recent.items[i].key, &c->last.key))
			c->recent.items[kept++] = c->recent.items[i];
	c->recent.n = kept;
	if (kept > 1)
		qsort(c->recent.items, kept, sizeof(*c->recent.items), entry_cmp);
	return 0;
}

static bool fresh_for(const void *cursor, const pc_spool_entry *e)
{
	return not_returned_yet(cursor, e);
}

int pc_spool_scan_since(pc_spool *s, pc_spool_cursor *c, pc_spool_list *out, pc_err *err)
{
	if (list_new(s, fresh_for, c, out, err) != 0)
		return -1;
	if (cursor_advance(c, out) != 0) {
		pc_spool_list_free(out);
		return oom(err);
	}
	return 0;
}

/* What a listing would have found of name: a regular file in new/. */
static bool listed_in_new(const pc_spool *s, const char *name, pc_err *err, int *failed)
{
	char *path = pc_strdupf("%s/%s", s->new_dir, name);
	struct stat st;
	bool found;

	if (!path) {
		*failed = oom(err);
		return false;
	}
	found = lstat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return found;
}

/* One name the watcher gave, into named when it is a callback in new/
 * this cursor has not returned; *failed set (with err) when it cannot. */
static void collect_named(pc_spool *s, const pc_spool_cursor *c, const char *name, pc_spool_list *named,
                          pc_err *err, int *failed)
{
	pc_spool_entry e;

	if (pc_spool_parse_name(name, &e.key) != 0)
		return;
	memcpy(e.name, name, strlen(name) + 1);
	if (!fresh_for(c, &e) || !listed_in_new(s, e.name, err, failed))
		return;
	if (list_push(named, &e) != 0)
		*failed = oom(err);
}

/* Sorts, drops repeats, advances the cursor: what scan_named returns. */
static int finish_named(pc_spool_cursor *c, pc_spool_list *named, int failed, pc_spool_list *out,
                        pc_err *err)
{
	size_t kept = 0;

	if (failed) {
		pc_spool_list_free(named);
		return -1;
	}
	if (named->n > 1)
		qsort(named->items, named->n, sizeof(*named->items), entry_cmp);
	/* A file written in place rings twice (created, closed): once is enough. */
	for (size_t i = 0; i < named->n; i++)
		if (kept == 0 || entry_cmp(&named->items[kept - 1], &named->items[i]) != 0)
			named->items[kept++] = named->items[i];
	named->n = kept;
	*out = *named;
	if (cursor_advance(c, out) != 0) {
		pc_spool_list_free(out);
		return oom(err);
	}
	return 0;
}

int pc_spool_scan_named(pc_spool *s, pc_spool_cursor *c, const char *const *names, size_t n,
                        pc_spool_list *out, pc_err *err)
{
	pc_spool_list named = { 0 };
	int failed = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n && !failed; i++)
		collect_named(s, c, names[i], &named, err, &failed);
	return finish_named(c, &named, failed, out, err);
}

int pc_spool_scan_rang(pc_spool *s, pc_spool_cursor *c, const pc_spool_rang *r, pc_spool_list *out,
                       pc_err *err)
{
	pc_spool_list named = { 0 };
	int failed = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < r->n && !failed; i++)
		collect_named(s, c, r->names[i], &named, err, &failed);
	return finish_named(c, &named, failed, out, err);
}

/* ---- watching ---------------------------------------------------------- */

#ifdef __linux__

#define WATCH_BUF_SIZE (32 * (sizeof(struct inotify_event) + NAME_MAX + 1))

struct pc_spool_watch {
	int fd;
	size_t pos;
	size_t len;
	_Alignas(struct inotify_event) char buf[WATCH_BUF_SIZE];
};

pc_spool_watch *pc_spool_watch_open(const pc_spool *s, pc_err *err)
{
	const uint32_t mask = IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
	pc_spool_watch *w = calloc(1, sizeof(*w));

	if (!w) {
		oom(err);
		return NULL;
	}
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0 || inotify_add_watch(w->fd, s->new_dir, mask) < 0) {
		pc_err_set(err, PC_EINPUT, "cannot watch spool directory '%s': %s; new callbacks are found by "
		           "rescanning every %d ms instead", s->new_dir, strerror(errno), PC_SPOOL_POLL_MS);
		pc_spool_watch_close(w);
		return NULL;
	}
	return w;
}

int pc_spool_watch_fd(const pc_spool_watch *w)
{
	return w->fd;
}

/* Refills the buffer. 1 when events were read, 0 when none are pending. */
static int watch_fill(pc_spool_watch *w, pc_err *err)
{
	ssize_t n;

	do {
		n = read(w->fd, w->buf, sizeof(w->buf));
	} while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n < 0)
		return pc_err_set(err, PC_EINPUT, "cannot read spool events: %s", strerror(errno));
	w->pos = 0;
	w->len = (size_t)n;
	return n > 0;
}

int pc_spool_watch_next(pc_spool_watch *w, char *name, pc_err *err)
{
	const uint32_t gone = IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT;
	pc_spool_name key;

	for (;;) {
		const struct inotify_event *ev;
		int filled;

		if (w->pos >= w->len) {
			filled = watch_fill(w, err);
			if (filled <= 0)
				return filled;
		}
		ev = (const struct inotify_event *)(const void *)(w->buf + w->pos);
		w->pos += sizeof(*ev) + ev->len;
		if (ev->mask & IN_Q_OVERFLOW)
			return PC_SPOOL_WATCH_RESCAN;
		if (ev->mask & gone)
			return PC_SPOOL_WATCH_LOST;
		if ((ev->mask & IN_ISDIR) || ev->len == 0 || pc_spool_parse_name(ev->name, &key) != 0)
			continue;
		memcpy(name, ev->name, strlen(ev->name) + 1);
		return PC_SPOOL_WATCH_FILE;
	}
}

void pc_spool_watch_close(pc_spool_watch *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w);
}

#else /* no inotify: followers poll */

struct pc_spool_watch {
	int fd;
};

pc_spool_watch *pc_spool_watch_open(const pc_spool *s, pc_err *err)
{
	pc_err_set(err, PC_EINPUT, "this system cannot watch spool directory '%s'; new callbacks are found by "
	           "rescanning every %d ms instead", s->new_dir, PC_SPOOL_POLL_MS);
	return NULL;
}

int pc_spool_watch_fd(const pc_spool_watch *w)
{
	return w->fd;
}

int pc_spool_watch_next(pc_spool_watch *w, char *name, pc_err *err)
{
	(void)w;
	(void)name;
	(void)err;
	return PC_SPOOL_WATCH_IDLE;
}

void pc_spool_watch_close(pc_spool_watch *w)
{
	free(w);
}

#endif

/* ---- draining a watcher (either kind) ----------------------------------- */

static bool keep_rang(pc_spool_rang *r, const char *name)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		char (*names)[PC_SPOOL_NAME_SIZE] = realloc(r->names, cap * sizeof(*names));

		if (!names)
			return false;
		r->names = names;
		r->cap = cap;
	}
	memcpy(r->names[r->n++], name, strlen(name) + 1);
	return true;
}

int pc_spool_watch_drain(pc_spool_watch *w, pc_spool_rang *r)
{
	char name[PC_SPOOL_NAME_SIZE];
	int result = PC_SPOOL_WATCH_IDLE;
	pc_err err;
	int ev;

	r->n = 0;
	while ((ev = pc_spool_watch_next(w, name, &err)) > 0) {
		if (ev == PC_SPOOL_WATCH_LOST)
			return PC_SPOOL_WATCH_LOST;
		if (ev == PC_SPOOL_WATCH_RESCAN || !keep_rang(r, name))
			result = PC_SPOOL_WATCH_RESCAN;
		else if (result == PC_SPOOL_WATCH_IDLE)
			result = PC_SPOOL_WATCH_FILE;
	}
	return ev < 0 ? PC_SPOOL_WATCH_RESCAN : result;
}

void pc_spool_rang_free(pc_spool_rang *r)
{
	free(r->names);
	memset(r, 0, sizeof(*r));
}
