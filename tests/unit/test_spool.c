/* Tests for src/core/spool.c: names (round trip, hostile names), durable
 * stores and their failure paths (as root too), scans, reads, cursors and
 * the inotify watcher. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"
#include "spool.h"

typedef struct {
	char dir[64];
	char *spool_dir;
	char *tmp_dir;
	char *new_dir;
	pc_spool *spool;
} fixture;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	pc_err err;

	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/paycon-test-spool-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	f->spool_dir = pc_strdupf("%s/var/spool", f->dir);
	f->tmp_dir = pc_strdupf("%s/tmp", f->spool_dir);
	f->new_dir = pc_strdupf("%s/new", f->spool_dir);
	/* A strict umask: the spool must still come out 0750/0640. */
	umask(077);
	f->spool = pc_spool_open(f->spool_dir, &err);
	if (!f->spool) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	pc_spool_close(f->spool);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f->spool_dir);
	free(f->tmp_dir);
	free(f->new_dir);
	free(f);
	umask(022);
	return 0;
}

/* Entries of dir other than . and .. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	for (e = readdir(d); e; e = readdir(d))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void put_file(const char *dir, const char *name, const char *text)
{
	char *path = pc_strdupf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
	char *path = pc_strdupf("%s/%s", dir, name);
	char *data = NULL;
	pc_err err;

	assert_int_equal(pc_read_file(path, 1 << 20, &data, len, &err), 0);
	free(path);
	return data;
}

static uint64_t wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- names ------------------------------------------------------------- */

static void test_name_round_trip(void **state)
{
	static const struct {
		uint64_t ms;
		long pid;
		uint64_t seq;
		const char *host;
		const char *text;
	} cases[] = {
		{ 1732183200123ULL, 4711, 42, "hookd-1", "1732183200123.4711_42.hookd-1" },
		{ 0, 1, 0, "a", "0.1_0.a" },
		{ UINT64_MAX, 2147483647L, UINT64_MAX, "pay.example.com",
		  "18446744073709551615.2147483647_18446744073709551615.pay.example.com" },
		{ 1, 2, 3, "under_score.x-y", "1.2_3.under_score.x-y" },
	};
	char name[PC_SPOOL_NAME_SIZE];
	pc_spool_name parsed;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(pc_spool_make_name(name, sizeof(name), cases[i].ms, cases[i].pid, cases[i].seq,
		                                    cases[i].host), 0);
		assert_string_equal(name, cases[i].text);
		assert_int_equal(pc_spool_parse_name(name, &parsed), 0);
		assert_true(parsed.ms == cases[i].ms);
		assert_int_equal(parsed.pid, cases[i].pid);
		assert_true(parsed.seq == cases[i].seq);
		assert_string_equal(parsed.host, cases[i].host);
	}
}

static void test_make_name_limits(void **state)
{
	char name[PC_SPOOL_NAME_SIZE];
	char small[8];
	char host[200];
	pc_spool_name parsed;

	(void)state;
	assert_int_equal(pc_spool_make_name(name, sizeof(name), 1, 0, 1, "h"), -1);
	assert_int_equal(pc_spool_make_name(name, sizeof(name), 1, -5, 1, "h"), -1);
	assert_int_equal(pc_spool_make_name(name, sizeof(name), 1, 2147483648L, 1, "h"), -1);
	assert_int_equal(pc_spool_make_name(small, sizeof(small), 1, 1, 1, "host"), -1);
	assert_string_equal(small, "");
	/* The longest host with the longest numbers still fits and parses. */
	memset(host, 'h', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	assert_int_equal(pc_spool_make_name(name, sizeof(name), UINT64_MAX, 2147483647L, UINT64_MAX, host), 0);
	assert_int_equal(strlen(name), 20 + 1 + 10 + 1 + 20 + 1 + PC_SPOOL_HOST_MAX);
	assert_int_equal(pc_spool_parse_name(name, &parsed), 0);
	assert_int_equal(strlen(parsed.host), PC_SPOOL_HOST_MAX);
}

static void test_sanitize_host(void **state)
{
	static const struct {
		const char *raw;
		const char *clean;
	} cases[] = {
		{ "hookd-1.example.com", "hookd-1.example.com" },
		{ "a/b", "a_b" },
		{ "evil\x1b[2Jhost", "evil__2Jhost" },
		{ "h\xc3\xa9te", "h__te" },
		{ "with space:and:colons", "with_space_and_colons" },
		{ "", "localhost" },
		{ "build.tmp", "build_tmp" },
		{ "box.SWP", "box_SWP" },
		{ "x.tmp.tmp", "x.tmp_tmp" },
		{ "tmp", "tmp" },
	};
	char out[PC_SPOOL_HOST_MAX + 1];
	char name[PC_SPOOL_NAME_SIZE];
	pc_spool_name parsed;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pc_spool_sanitize_host(cases[i].raw, out);
		assert_string_equal(out, cases[i].clean);
		/* Whatever the host, the writer's names must parse. */
		assert_int_equal(pc_spool_make_name(name, sizeof(name), 5, 6, 7, cases[i].raw), 0);
		assert_int_equal(pc_spool_parse_name(name, &parsed), 0);
		assert_string_equal(parsed.host, cases[i].clean);
	}
	pc_spool_sanitize_host(NULL, out);
	assert_string_equal(out, "localhost");
}

static void test_bad_names(void **state)
{
	static const char *const bad[] = {
		"", ".", "..", "abc", "new", "1", "1.", "1.2", "1.2_", "1.2_3", "1.2_3.",
		"01.2_3.h", "1.02_3.h", "1.2_03.h", "00.2_3.h",
		"1.0_3.h", "1.2147483648_3.h", "1.99999999999_3.h",
		"18446744073709551616.1_1.h", "1.1_18446744073709551616.h",
		"+1.2_3.h", "-1.2_3.h", " 1.2_3.h", "1 .2_3.h", "1.+2_3.h", "1.2_-3.h",
		"1.2-3.h", "1.2.3.h", "1_2_3.h", "1.2_3_h", "1.2_3:h", "0x1.2_3.h",
		"1.2_3.h/x", "../1.2_3.h", "1.2_3.h x", "1.2_3.h\n", "1.2_3.h\t", "1.2_3.h\x1b",
		"1.2_3.h\xc3\xa9", "1.2_3.h~", "#1.2_3.h#", ".1.2_3.h.swp", ".#1.2_3.h",
		"1.2_3.h.tmp", "1.2_3.h.TMP", "1.2_3.h.swp", "1.2_3.h.swx", "1.2_3.h.bak", "1.2_3.h.part",
		"1.2_3.h.lock", "1.2_3.h:2,S",
		"1.2_3.hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh", /* 65-byte host */
	};
	pc_spool_name parsed;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parsed.ms = 99;
		if (pc_spool_parse_name(bad[i], &parsed) != 0) {
			assert_true(parsed.ms == 0); /* zeroed on failure */
			continue;
		}
		fail_msg("accepted bad spool name #%zu '%s'", i, bad[i]);
	}
	assert_int_equal(pc_spool_parse_name(NULL, &parsed), -1);
}

/* A name of PC_SPOOL_NAME_SIZE bytes without a NUL: the parser must stop at
 * the bound (ASan and valgrind catch a read past the buffer). */
static void test_parse_is_bounded(void **state)
{
	char *buf = malloc(PC_SPOOL_NAME_SIZE);
	pc_spool_name parsed;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, "1.2_3.", 6);
	memset(buf + 6, 'h', PC_SPOOL_NAME_SIZE - 6);
	assert_int_equal(pc_spool_parse_name(buf, &parsed), -1);
	free(buf);
}

static void test_name_order(void **state)
{
	static const char *const sorted[] = {
		"9.1_1.h", "10.1_1.h", "10.2_1.h", "10.10_1.h", "10.10_2.h", "10.10_9.h", "10.10_10.h",
		"10.10_10.i", "1732183200123.1_0.a",
	};
	pc_spool_name a, b;
	size_t i;

	(void)state;
	for (i = 0; i + 1 < sizeof(sorted) / sizeof(sorted[0]); i++) {
		assert_int_equal(pc_spool_parse_name(sorted[i], &a), 0);
		assert_int_equal(pc_spool_parse_name(sorted[i + 1], &b), 0);
		assert_true(pc_spool_name_cmp(&a, &b) < 0);
		assert_true(pc_spool_name_cmp(&b, &a) > 0);
		assert_int_equal(pc_spool_name_cmp(&a, &a), 0);
	}
}

/* ---- opening ----------------------------------------------------------- */

static void test_open_modes(void **state)
{
	fixture *f = *state;
	struct stat st;

	assert_int_equal(stat(f->spool_dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, PC_SPOOL_DIR_MODE);
	assert_int_equal(stat(f->tmp_dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, PC_SPOOL_DIR_MODE);
	assert_int_equal(stat(f->new_dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, PC_SPOOL_DIR_MODE);
	assert_string_equal(pc_spool_dir(f->spool), f->spool_dir);
}

static void test_open_errors(void **state)
{
	fixture *f = *state;
	char *file = pc_strdupf("%s/plain", f->dir);
	char *missing = pc_strdupf("%s/nowhere", f->dir);
	pc_err err;

	put_file(f->dir, "plain", "x");
	assert_null(pc_spool_open(file, &err));
	assert_non_null(strstr(err.msg, "not a directory"));
	assert_null(pc_spool_open("", &err));
	assert_non_null(strstr(err.msg, "--spool"));
	assert_null(pc_spool_open_reader(missing, &err));
	assert_non_null(strstr(err.msg, "no new/ directory"));
	assert_int_equal(access(missing, F_OK), -1); /* readers create nothing */
	free(file);
	free(missing);
}

/* A spool directory made setgid by the administrator passes the bit on. */
static void test_open_keeps_setgid(void **state)
{
	fixture *f = *state;
	char *root = pc_strdupf("%s/shared", f->dir);
	char *sub = pc_strdupf("%s/new", root);
	pc_spool *s;
	struct stat st;
	pc_err err;

	assert_int_equal(mkdir(root, 0750), 0);
	assert_int_equal(chmod(root, 02750), 0);
	s = pc_spool_open(root, &err);
	assert_non_null(s);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 07777, 02750);
	assert_int_equal(stat(root, &st), 0);
	assert_int_equal(st.st_mode & 07777, 02750); /* an existing directory is left alone */
	pc_spool_close(s);
	free(root);
	free(sub);
}

/* ---- storing ----------------------------------------------------------- */

static void test_store_exact_bytes(void **state)
{
	static const char body[] = "{\"a\":\"\x00\xff\xfe\xc3\x28\",\n\"b\":1}\x00tail";
	fixture *f = *state;
	char name[PC_SPOOL_NAME_SIZE];
	pc_spool_name parsed;
	struct stat st;
	char *data;
	size_t len;
	char *path;
	pc_err err;

	assert_int_equal(pc_spool_store(f->spool, body, sizeof(body) - 1, name, &err), 0);
	assert_int_equal(pc_spool_parse_name(name, &parsed), 0);
	assert_int_equal(parsed.pid, (long)getpid());
	assert_true(parsed.ms + 60000 > wall_ms() && parsed.ms <= wall_ms());
	data = slurp(f->new_dir, name, &len);
	assert_int_equal(len, sizeof(body) - 1);
	assert_memory_equal(data, body, len);
	free(data);
	path = pc_strdupf("%s/%s", f->new_dir, name);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, PC_SPOOL_FILE_MODE);
	free(path);
	assert_int_equal(count_entries(f->tmp_dir), 0);
	assert_int_equal(count_entries(f->new_dir), 1);
	/* And through the reader's API. */
	assert_int_equal(pc_spool_read(f->spool, name, &data, &len, 1024, &err), 0);
	assert_int_equal(len, sizeof(body) - 1);
	assert_memory_equal(data, body, len);
	assert_int_equal(data[len], '\0');
	free(data);
}

static void test_store_empty_and_names_increase(void **state)
{
	fixture *f = *state;
	char first[PC_SPOOL_NAME_SIZE], second[PC_SPOOL_NAME_SIZE];
	pc_spool_name a, b;
	char *data;
	size_t len;
	pc_err err;

	assert_int_equal(pc_spool_store(f->spool, NULL, 0, first, &err), 0);
	assert_int_equal(pc_spool_store(f->spool, "{}", 2, second, &err), 0);
	assert_int_equal(pc_spool_parse_name(first, &a), 0);
	assert_int_equal(pc_spool_parse_name(second, &b), 0);
	assert_true(pc_spool_name_cmp(&a, &b) < 0);
	assert_true(b.seq == a.seq + 1);
	data = slurp(f->new_dir, first, &len);
	assert_int_equal(len, 0);
	free(data);
	assert_int_equal(pc_spool_store(f->spool, "{}", 2, NULL, &err), 0);
	assert_int_equal(count_entries(f->new_dir), 3);
	assert_int_equal(pc_spool_store(f->spool, NULL, 5, NULL, &err), -1);
}

/* Root ignores permissions, so failures are made in ways root cannot
 * bypass: new/ replaced by a regular file, tmp/ likewise, and a file size
 * limit (RLIMIT_FSIZE binds root too). */
static void test_store_fails_when_new_is_a_file(void **state)
{
	fixture *f = *state;
	char name[PC_SPOOL_NAME_SIZE] = "junk";
	pc_err err;

	assert_int_equal(rmdir(f->new_dir), 0);
	put_file(f->spool_dir, "new", "");
	pc_err_clear(&err);
	assert_int_equal(pc_spool_store(f->spool, "{\"a\":1}", 7, name, &err), -1);
	assert_string_equal(name, "");
	assert_int_equal(err.cls, PC_EINPUT);
	assert_non_null(strstr(err.msg, "cannot store the callback"));
	assert_non_null(strstr(err.msg, "Not a directory"));
	assert_int_equal(count_entries(f->tmp_dir), 0);
	assert_int_equal(count_entries(f->spool_dir), 2); /* tmp and the file "new" */
}

static void test_store_fails_when_tmp_is_a_file(void **state)
{
	fixture *f = *state;
	pc_err err;

	assert_int_equal(rmdir(f->tmp_dir), 0);
	put_file(f->spool_dir, "tmp", "");
	assert_int_equal(pc_spool_store(f->spool, "{\"a\":1}", 7, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "creating"));
	assert_int_equal(count_entries(f->new_dir), 0);
}

static void test_store_fails_on_write_error(void **state)
{
	fixture *f = *state;
	struct rlimit old, small;
	char body[8192];
	void (*old_handler)(int);
	pc_err err;
	int rc;

	memset(body, 'x', sizeof(body));
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 1024;
	old_handler = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	rc = pc_spool_store(f->spool, body, sizeof(body), NULL, &err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, old_handler);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err.msg, "writing"));
	assert_int_equal(count_entries(f->tmp_dir), 0);
	assert_int_equal(count_entries(f->new_dir), 0);
	/* The spool works again once the cause is gone. */
	assert_int_equal(pc_spool_store(f->spool, body, sizeof(body), NULL, &err), 0);
	assert_int_equal(count_entries(f->new_dir), 1);
}

typedef struct {
	pc_spool *spool;
	int id;
	int failures;
	char names[100][PC_SPOOL_NAME_SIZE];
} store_job;

static void *store_many(void *arg)
{
	store_job *job = arg;
	char body[64];
	pc_err err;
	int i;

	for (i = 0; i < 100; i++) {
		int n = snprintf(body, sizeof(body), "{\"thread\":%d,\"i\":%d}", job->id, i);

		if (pc_spool_store(job->spool, body, (size_t)n, job->names[i], &err) != 0)
			job->failures++;
	}
	return NULL;
}

static void test_store_from_threads(void **state)
{
	enum { THREADS = 8 };
	fixture *f = *state;
	static store_job jobs[THREADS];
	pthread_t tids[THREADS];
	pc_spool_list list;
	char expect[64];
	pc_err err;
	int t, i;

	for (t = 0; t < THREADS; t++) {
		memset(&jobs[t], 0, sizeof(jobs[t]));
		jobs[t].spool = f->spool;
		jobs[t].id = t;
		assert_int_equal(pthread_create(&tids[t], NULL, store_many, &jobs[t]), 0);
	}
	for (t = 0; t < THREADS; t++)
		assert_int_equal(pthread_join(tids[t], NULL), 0);
	assert_int_equal(pc_spool_scan(f->spool, &list, &err), 0);
	assert_int_equal(list.n, THREADS * 100);
	for (i = 1; i < (int)list.n; i++) /* sorted and all distinct */
		assert_true(pc_spool_name_cmp(&list.items[i - 1].key, &list.items[i].key) < 0);
	pc_spool_list_free(&list);
	for (t = 0; t < THREADS; t++) {
		assert_int_equal(jobs[t].failures, 0);
		for (i = 0; i < 100; i++) {
			size_t len;
			char *data = slurp(f->new_dir, jobs[t].names[i], &len);

			snprintf(expect, sizeof(expect), "{\"thread\":%d,\"i\":%d}", t, i);
			assert_string_equal(data, expect);
			free(data);
		}
	}
	assert_int_equal(count_entries(f->tmp_dir), 0);
}

/* Leftovers of a killed writer go; fresh files and foreign ones stay. */
static void test_clean_tmp(void **state)
{
	fixture *f = *state;
	struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	char *path;
	pc_err err;

	put_file(f->tmp_dir, "1.1_1.h", "{\"half");
	put_file(f->tmp_dir, "2.1_2.h", "{\"fresh");
	put_file(f->tmp_dir, "notes.txt", "mine");
	path = pc_strdupf("%s/1.1_1.h", f->tmp_dir);
	assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
	free(path);
	path = pc_strdupf("%s/notes.txt", f->tmp_dir);
	assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
	free(path);
	assert_int_equal(pc_spool_clean_tmp(f->spool, PC_SPOOL_TMP_MAX_AGE_S, &err), 1);
	assert_int_equal(count_entries(f->tmp_dir), 2);
	path = pc_strdupf("%s/1.1_1.h", f->tmp_dir);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
	assert_int_equal(pc_spool_clean_tmp(f->spool, PC_SPOOL_TMP_MAX_AGE_S, &err), 0);
	old[0].tv_sec = old[1].tv_sec = time(NULL) - 100;
	path = pc_strdupf("%s/2.1_2.h", f->tmp_dir);
	assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
	free(path);
	assert_int_equal(rmdir(f->new_dir), 0); /* tmp/ is what matters */
	assert_int_equal(pc_spool_clean_tmp(f->spool, 200, &err), 0);
	assert_int_equal(pc_spool_clean_tmp(f->spool, 50, &err), 1);
	assert_int_equal(count_entries(f->tmp_dir), 1);
}

/* ---- scanning and reading ---------------------------------------------- */

static void test_scan_order_skips_foreign(void **state)
{
	static const char *const callbacks[] = {
		"10.10_10.h", "9.1_1.h", "10.10_9.h", "10.2_1.h", "10.1_1.h",
	};
	static const char *const expected[] = {
		"9.1_1.h", "10.1_1.h", "10.2_1.h", "10.10_9.h", "10.10_10.h",
	};
	fixture *f = *state;
	pc_spool_list list;
	char *path;
	pc_err err;
	size_t i;

	for (i = 0; i < sizeof(callbacks) / sizeof(callbacks[0]); i++)
		put_file(f->new_dir, callbacks[i], "{}");
	put_file(f->new_dir, ".10.10_11.h.swp", "swap");
	put_file(f->new_dir, "10.10_12.h.tmp", "half");
	put_file(f->new_dir, "10.10_13.h~", "backup");
	put_file(f->new_dir, "notes.txt", "x");
	path = pc_strdupf("%s/11.1_1.dir", f->new_dir);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
	path = pc_strdupf("%s/11.1_2.link", f->new_dir);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	free(path);
	path = pc_strdupf("%s/11.1_3.fifo", f->new_dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	free(path);

	assert_int_equal(pc_spool_scan(f->spool, &list, &err), 0);
	assert_int_equal(list.n, 5);
	for (i = 0; i < list.n; i++)
		assert_string_equal(list.items[i].name, expected[i]);
	pc_spool_list_free(&list);
	assert_null(list.items);
	assert_int_equal(list.n, 0);
}

static void test_scan_empty_and_missing(void **state)
{
	fixture *f = *state;
	pc_spool_list list;
	pc_err err;

	assert_int_equal(pc_spool_scan(f->spool, &list, &err), 0);
	assert_int_equal(list.n, 0);
	pc_spool_list_free(&list);
	assert_int_equal(rmdir(f->new_dir), 0);
	assert_int_equal(pc_spool_scan(f->spool, &list, &err), -1);
	assert_non_null(strstr(err.msg, "cannot read spool directory"));
	assert_int_equal(list.n, 0);
}

static void test_read_refuses(void **state)
{
	fixture *f = *state;
	char *path;
	char *data = (char *)"untouched";
	size_t len = 7;
	pc_err err;

	put_file(f->new_dir, "1.1_1.big", "0123456789");
	assert_int_equal(pc_spool_read(f->spool, "1.1_1.big", &data, &len, 10, &err), 0);
	assert_int_equal(len, 10);
	free(data);
	assert_int_equal(pc_spool_read(f->spool, "1.1_1.big", &data, &len, 9, &err), -1);
	assert_non_null(strstr(err.msg, "more than the 9 allowed"));
	assert_null(data);
	assert_int_equal(len, 0);

	path = pc_strdupf("%s/1.1_2.link", f->new_dir);
	assert_int_equal(symlink("1.1_1.big", path), 0);
	free(path);
	assert_int_equal(pc_spool_read(f->spool, "1.1_2.link", &data, &len, 100, &err), -1);
	assert_non_null(strstr(err.msg, "symbolic link"));

	path = pc_strdupf("%s/1.1_3.fifo", f->new_dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	free(path);
	assert_int_equal(pc_spool_read(f->spool, "1.1_3.fifo", &data, &len, 100, &err), -1);
	assert_non_null(strstr(err.msg, "not a regular file"));

	path = pc_strdupf("%s/1.1_4.dir", f->new_dir);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
	assert_int_equal(pc_spool_read(f->spool, "1.1_4.dir", &data, &len, 100, &err), -1);

	assert_int_equal(pc_spool_read(f->spool, "1.1_5.absent", &data, &len, 100, &err), -1);
	assert_non_null(strstr(err.msg, "cannot open"));

	put_file(f->dir, "1.1_6.outside", "secret");
	assert_int_equal(pc_spool_read(f->spool, "../../../1.1_6.outside", &data, &len, 100, &err), -1);
	assert_non_null(strstr(err.msg, "is not a callback name"));
	assert_int_equal(pc_spool_read(f->spool, "1.1_7.h\x1b[2J", &data, &len, 100, &err), -1);
	assert_null(strchr(err.msg, '\x1b')); /* shown escaped */
}

/* ---- cursors ----------------------------------------------------------- */

static void expect_names(const pc_spool_list *list, const char *const *names, size_t n)
{
	size_t i;

	assert_int_equal(list->n, n);
	for (i = 0; i < n; i++)
		assert_string_equal(list->items[i].name, names[i]);
}

static void name_at(char *out, uint64_t ms, long pid, uint64_t seq)
{
	assert_int_equal(pc_spool_make_name(out, PC_SPOOL_NAME_SIZE, ms, pid, seq, "h"), 0);
}

static void test_scan_since(void **state)
{
	fixture *f = *state;
	uint64_t t = wall_ms() - 60000;
	char n[8][PC_SPOOL_NAME_SIZE];
	pc_spool_cursor *c;
	pc_spool_list list;
	pc_err err;
	int i;

	name_at(n[0], t, 100, 1);
	name_at(n[1], t, 100, 2);
	name_at(n[2], t + 1000, 100, 3);
	name_at(n[3], t + 2000, 100, 5);
	name_at(n[4], t + 1500, 100, 4);            /* finishes after n[3]: a late arrival */
	name_at(n[5], t + 2000 - PC_SPOOL_SETTLE_MS - 1, 100, 9); /* older than the window */
	name_at(n[6], t + 3000, 100, 6);
	name_at(n[7], t + 3000, 99, 7);             /* same ms, another writer */

	c = pc_spool_cursor_new(NULL, &err);
	assert_non_null(c);
	assert_null(pc_spool_cursor_last(c));
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	assert_int_equal(list.n, 0);
	pc_spool_list_free(&list);

	for (i = 0; i < 3; i++)
		put_file(f->new_dir, n[i], "{}");
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	expect_names(&list, (const char *const[]){ n[0], n[1], n[2] }, 3);
	pc_spool_list_free(&list);
	assert_string_equal(pc_spool_cursor_last(c), n[2]);

	put_file(f->new_dir, n[3], "{}");
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	expect_names(&list, (const char *const[]){ n[3] }, 1);
	pc_spool_list_free(&list);

	/* Renamed in after a later name was seen: still returned, once. */
	put_file(f->new_dir, n[4], "{}");
	put_file(f->new_dir, n[5], "{}");
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	expect_names(&list, (const char *const[]){ n[4] }, 1);
	pc_spool_list_free(&list);
	assert_string_equal(pc_spool_cursor_last(c), n[3]);
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	assert_int_equal(list.n, 0);
	pc_spool_list_free(&list);

	put_file(f->new_dir, n[6], "{}");
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	expect_names(&list, (const char *const[]){ n[6] }, 1);
	pc_spool_list_free(&list);
	put_file(f->new_dir, n[7], "{}");
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	expect_names(&list, (const char *const[]){ n[7] }, 1);
	pc_spool_list_free(&list);
	assert_string_equal(pc_spool_cursor_last(c), n[6]);
	pc_spool_cursor_free(c);
}

/* Bodies around the reader's 4096-byte first buffer come back whole. */
static void test_read_sizes(void **state)
{
	static const size_t sizes[] = { 0, 1, 4095, 4096, 4097, 8192, 10000 };
	fixture *f = *state;
	char name[PC_SPOOL_NAME_SIZE];
	char *body = malloc(10000);
	char *data;
	size_t len, i;
	pc_err err;

	assert_non_null(body);
	for (i = 0; i < 10000; i++)
		body[i] = (char)('a' + i % 26);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		assert_int_equal(pc_spool_store(f->spool, body, sizes[i], name, &err), 0);
		assert_int_equal(pc_spool_read(f->spool, name, &data, &len, 10000, &err), 0);
		assert_int_equal(len, sizes[i]);
		assert_memory_equal(data, body, len);
		assert_int_equal(data[len], '\0');
		free(data);
	}
	assert_int_equal(pc_spool_read(f->spool, name, &data, &len, 9999, &err), -1);
	free(body);
}

/* The watcher's names instead of a listing: the same cursor rules, each
 * name once, and only regular files that are in new/. */
static void test_scan_named(void **state)
{
	fixture *f = *state;
	uint64_t t = wall_ms() - 60000;
	char n[6][PC_SPOOL_NAME_SIZE];
	pc_spool_cursor *c = pc_spool_cursor_new(NULL, NULL);
	pc_spool_list list;
	char *path;
	pc_err err;

	assert_non_null(c);
	name_at(n[0], t, 100, 1);
	name_at(n[1], t + 1000, 100, 2);
	name_at(n[2], t + 500, 100, 3);             /* renamed in after n[1] */
	name_at(n[3], t + 1000 - PC_SPOOL_SETTLE_MS - 1, 100, 4); /* older than the window */
	name_at(n[4], t + 2000, 100, 5);            /* never stored */
	name_at(n[5], t + 3000, 100, 6);            /* a link, not a file */
	put_file(f->new_dir, n[1], "{}");
	put_file(f->new_dir, n[0], "{}");
	assert_int_equal(pc_spool_scan_named(f->spool, c, (const char *const[]){ n[1], n[0], n[1], "x.swp" }, 4,
	                                     &list, &err), 0);
	expect_names(&list, (const char *const[]){ n[0], n[1] }, 2);
	pc_spool_list_free(&list);
	assert_string_equal(pc_spool_cursor_last(c), n[1]);

	put_file(f->new_dir, n[2], "{}");
	put_file(f->new_dir, n[3], "{}");
	path = pc_strdupf("%s/%s", f->new_dir, n[5]);
	assert_int_equal(symlink(n[0], path), 0);
	free(path);
	assert_int_equal(pc_spool_scan_named(f->spool, c, (const char *const[]){ n[2], n[3], n[4], n[5], n[0] },
	                                     5, &list, &err), 0);
	expect_names(&list, (const char *const[]){ n[2] }, 1);
	pc_spool_list_free(&list);
	/* A listing afterwards agrees: nothing left that the names missed. */
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	assert_int_equal(list.n, 0);
	pc_spool_list_free(&list);
	assert_int_equal(pc_spool_scan_named(f->spool, c, NULL, 0, &list, &err), 0);
	assert_int_equal(list.n, 0);
	pc_spool_list_free(&list);
	pc_spool_cursor_free(c);
}

/* A bogus far-future name is returned once and does not blind the cursor. */
static void test_scan_since_future_name(void **state)
{
	fixture *f = *state;
	char future[PC_SPOOL_NAME_SIZE], later[PC_SPOOL_NAME_SIZE];
	pc_spool_cursor *c = pc_spool_cursor_new(NULL, NULL);
	pc_spool_list list;
	pc_err err;

	assert_non_null(c);
	name_at(future, UINT64_MAX, 1, 1);
	put_file(f->new_dir, future, "{}");
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	expect_names(&list, (const char *const[]){ future }, 1);
	pc_spool_list_free(&list);
	assert_null(pc_spool_cursor_last(c));
	assert_int_equal(pc_spool_store(f->spool, "{}", 2, later, &err), 0);
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	expect_names(&list, (const char *const[]){ later }, 1);
	pc_spool_list_free(&list);
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	assert_int_equal(list.n, 0);
	pc_spool_list_free(&list);
	assert_string_equal(pc_spool_cursor_last(c), later);
	pc_spool_cursor_free(c);
}

/* A restarted follower: names after the saved one, plus the settle window
 * before it again (at-least-once), never anything older. */
static void test_cursor_restart(void **state)
{
	fixture *f = *state;
	uint64_t t = wall_ms() - 60000;
	char old[PC_SPOOL_NAME_SIZE], recent[PC_SPOOL_NAME_SIZE], saved[PC_SPOOL_NAME_SIZE];
	char after[PC_SPOOL_NAME_SIZE];
	pc_spool_cursor *c;
	pc_spool_list list;
	pc_err err;

	name_at(old, t - PC_SPOOL_SETTLE_MS - 1, 5, 1);
	name_at(recent, t - 10, 5, 2);
	name_at(saved, t, 5, 3);
	name_at(after, t + 1, 5, 4);
	put_file(f->new_dir, old, "{}");
	put_file(f->new_dir, recent, "{}");
	put_file(f->new_dir, saved, "{}");
	put_file(f->new_dir, after, "{}");
	c = pc_spool_cursor_new(saved, &err);
	assert_non_null(c);
	assert_string_equal(pc_spool_cursor_last(c), saved);
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	expect_names(&list, (const char *const[]){ recent, saved, after }, 3);
	pc_spool_list_free(&list);
	assert_int_equal(pc_spool_scan_since(f->spool, c, &list, &err), 0);
	assert_int_equal(list.n, 0);
	pc_spool_list_free(&list);
	pc_spool_cursor_free(c);

	assert_null(pc_spool_cursor_new("../etc/passwd", &err));
	assert_non_null(strstr(err.msg, "not a callback name"));
	pc_spool_cursor_free(NULL);
}

/* ---- watching ---------------------------------------------------------- */

static int next_event(pc_spool_watch *w, char *name)
{
	pc_err err;
	int rc = pc_spool_watch_next(w, name, &err);

	if (rc < 0)
		fail_msg("%s", err.msg);
	return rc;
}

/* Draining keeps every name that rang, and scan_rang returns each once. */
static void test_watch_drain_and_scan_rang(void **state)
{
	fixture *f = *state;
	char a[PC_SPOOL_NAME_SIZE], b[PC_SPOOL_NAME_SIZE];
	pc_spool_rang rang = { 0 };
	pc_spool_cursor *c;
	pc_spool_list list;
	pc_spool_watch *w;
	pc_err err;

	w = pc_spool_watch_open(f->spool, &err);
	assert_non_null(w);
	c = pc_spool_cursor_new(NULL, &err);
	assert_non_null(c);
	assert_int_equal(pc_spool_watch_drain(w, &rang), PC_SPOOL_WATCH_IDLE);
	assert_int_equal(rang.n, 0);
	assert_int_equal(pc_spool_store(f->spool, "{\"x\":1}", 7, a, &err), 0);
	assert_int_equal(pc_spool_store(f->spool, "{\"x\":2}", 7, b, &err), 0);
	assert_int_equal(pc_spool_watch_drain(w, &rang), PC_SPOOL_WATCH_FILE);
	assert_int_equal(rang.n, 2);
	assert_int_equal(pc_spool_scan_rang(f->spool, c, &rang, &list, &err), 0);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.items[0].name, a);
	assert_string_equal(list.items[1].name, b);
	pc_spool_list_free(&list);
	/* The same names again: the cursor has them. */
	assert_int_equal(pc_spool_scan_rang(f->spool, c, &rang, &list, &err), 0);
	assert_int_equal(list.n, 0);
	pc_spool_list_free(&list);
	assert_int_equal(pc_spool_watch_drain(w, &rang), PC_SPOOL_WATCH_IDLE);
	assert_int_equal(rang.n, 0);
	pc_spool_rang_free(&rang);
	pc_spool_cursor_free(c);
	pc_spool_watch_close(w);
}

static void test_watch_sees_rename(void **state)
{
	fixture *f = *state;
	char stored[PC_SPOOL_NAME_SIZE], name[PC_SPOOL_NAME_SIZE];
	char *from, *to;
	pc_spool_watch *w;
	pc_err err;

	w = pc_spool_watch_open(f->spool, &err);
	assert_non_null(w);
	assert_true(pc_spool_watch_fd(w) >= 0);
	assert_int_equal(next_event(w, name), PC_SPOOL_WATCH_IDLE);

	assert_int_equal(pc_spool_store(f->spool, "{\"x\":1}", 7, stored, &err), 0);
	assert_int_equal(next_event(w, name), PC_SPOOL_WATCH_FILE);
	assert_string_equal(name, stored);
	assert_int_equal(next_event(w, name), PC_SPOOL_WATCH_IDLE);

	/* Foreign names and directories make no event. */
	put_file(f->tmp_dir, "x.swp", "");
	from = pc_strdupf("%s/x.swp", f->tmp_dir);
	to = pc_strdupf("%s/.1.1_1.h.swp", f->new_dir);
	assert_int_equal(rename(from, to), 0);
	free(from);
	free(to);
	to = pc_strdupf("%s/1.1_1.dir", f->new_dir);
	assert_int_equal(mkdir(to, 0700), 0);
	assert_int_equal(rmdir(to), 0);
	free(to);
	assert_int_equal(next_event(w, name), PC_SPOOL_WATCH_IDLE);

	/* Written in place (a manual replay by copying): seen on close. */
	put_file(f->new_dir, "5.5_5.replay", "{}");
	assert_int_equal(next_event(w, name), PC_SPOOL_WATCH_FILE);
	assert_string_equal(name, "5.5_5.replay");
	assert_int_equal(next_event(w, name), PC_SPOOL_WATCH_IDLE);
	pc_spool_watch_close(w);
}

static void test_watch_lost_directory(void **state)
{
	fixture *f = *state;
	char name[PC_SPOOL_NAME_SIZE];
	char *moved = pc_strdupf("%s/new.old", f->spool_dir);
	pc_spool_watch *w;
	pc_err err;

	w = pc_spool_watch_open(f->spool, &err);
	assert_non_null(w);
	assert_int_equal(rename(f->new_dir, moved), 0);
	assert_int_equal(next_event(w, name), PC_SPOOL_WATCH_LOST);
	pc_spool_watch_close(w);
	free(moved);

	/* No new/ at all: opening fails with a message naming the fallback. */
	assert_null(pc_spool_watch_open(f->spool, &err));
	assert_non_null(strstr(err.msg, "rescanning"));
}

static long read_proc_long(const char *path)
{
	FILE *fp = fopen(path, "r");
	long v = -1;

	if (!fp)
		return -1;
	if (fscanf(fp, "%ld", &v) != 1)
		v = -1;
	fclose(fp);
	return v;
}

/* More events than the kernel queues: the watcher says "rescan". */
static void test_watch_overflow(void **state)
{
	fixture *f = *state;
	long queued = read_proc_long("/proc/sys/fs/inotify/max_queued_events");
	char name[PC_SPOOL_NAME_SIZE];
	pc_spool_watch *w;
	pc_err err;
	long i;
	int rc;
	int files = 0, rescans = 0;

	if (queued <= 0 || queued > 100000)
		skip();
	w = pc_spool_watch_open(f->spool, &err);
	assert_non_null(w);
	for (i = 0; i <= queued + 10; i++) {
		char *from, *to;
		int fd;

		name_at(name, 1000, 1, (uint64_t)i);
		from = pc_strdupf("%s/%s", f->tmp_dir, name);
		to = pc_strdupf("%s/%s", f->new_dir, name);
		fd = open(from, O_CREAT | O_WRONLY, 0600);
		assert_true(fd >= 0);
		close(fd);
		assert_int_equal(rename(from, to), 0);
		free(from);
		free(to);
	}
	do {
		rc = next_event(w, name);
		files += rc == PC_SPOOL_WATCH_FILE;
		rescans += rc == PC_SPOOL_WATCH_RESCAN;
	} while (rc != PC_SPOOL_WATCH_IDLE);
	assert_int_equal(rescans, 1);
	assert_true(files >= queued - 1 && files <= queued);
	pc_spool_watch_close(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_round_trip),
		cmocka_unit_test(test_make_name_limits),
		cmocka_unit_test(test_sanitize_host),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_parse_is_bounded),
		cmocka_unit_test(test_name_order),
		cmocka_unit_test_setup_teardown(test_open_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_keeps_setgid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_exact_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_empty_and_names_increase, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_fails_when_new_is_a_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_fails_when_tmp_is_a_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_fails_on_write_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_from_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clean_tmp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scan_order_skips_foreign, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scan_empty_and_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scan_since, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scan_since_future_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scan_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cursor_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_sees_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_drain_and_scan_rang, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_lost_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_overflow, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
