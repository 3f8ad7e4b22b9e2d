/* bench_console.c — the console, headless (PAYCON_SCRIPT, :save-display):
 *
 *   startup  console start to first frame with 100,000 spool files and
 *            100,000 journal lines, against the same start with an empty
 *            spool and no journal (ratio <= 1.5);
 *   scroll   key press to frame in a 100,000-row list (<= 2 ms per key).
 *
 * Times are taken from outside: from fork() to the moment a script's
 * :save-display file is closed (inotify), so they include starting the
 * process, and the console's own PAYCON_TIMING report is shown as a note.
 * The console takes a script line only when it is idle and has drawn the
 * frame, so "first frame" here is the first frame the operator could act
 * on. The profile's server is a closed port: the balance request fails at
 * once, and no network time is counted.
 *
 * The spool is the one spool-ingest uses ($BENCH_DATA, made once by
 * run.sh), or one generated here (gen.h). The journal (payouts with their
 * outcomes, a few left UNKNOWN) and the object store of the scroll test
 * (100,000 payouts) are written here, from the same seed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "gen.h"
#include "journal.h"
#include "keys.h"
#include "spool.h"

#define CALLBACKS GEN_SHARED_CALLBACKS
#define JOURNAL_LINES 100000
#define STORE_OBJECTS 100000
#define STARTUP_RUNS 5
#define SCROLL_KEYS 2000
#define STARTUP_TARGET 1.5
#define SCROLL_TARGET_MS 2.0
#define RUN_TIMEOUT_S 300.0
#define START_MS 1730419200000ULL

/* ---- data ------------------------------------------------------------- */

static void make_dir(const char *path, mode_t mode)
{
	if (mkdir(path, mode) != 0 && errno != EEXIST)
		bench_die("mkdir %s: %s", path, strerror(errno));
	chmod(path, mode);
}

/* An ISO time as the journal writes it. */
static void iso_time(uint64_t ms, char out[40])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	size_t n;

	gmtime_r(&t, &tm);
	n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 40 - n, ".%03uZ", (unsigned)(ms % 1000));
}

/* The journal reader takes every line, or the benchmark measures nothing. */
static void check_journal(const char *path)
{
	pc_journal_view view;
	pc_err err;

	if (pc_journal_read(path, &view, &err) != 0)
		bench_die("%s", err.msg);
	if (view.bad_lines != 0 || view.count == 0)
		bench_die("the generated journal has %d unreadable lines", view.bad_lines);
	pc_journal_view_free(&view);
}

/* JOURNAL_LINES lines: an intent and its outcome per payout; one in a
 * thousand has no outcome (UNKNOWN until reconciled). */
static void write_journal(const char *path)
{
	FILE *f = fopen(path, "w");
	bench_rng r;
	int lines = 0;

	if (!f)
		bench_die("cannot create %s: %s", path, strerror(errno));
	bench_rng_seed(&r, BENCH_SEED + 7);
	for (int i = 0; lines < JOURNAL_LINES; i++) {
		uint64_t ms = START_MS + (uint64_t)i * 52000;
		long long amount = 100 + (long long)bench_rng_below(&r, 5000000);
		char when[40];

		iso_time(ms, when);
		fprintf(f, "{\"ts\":\"%s\",\"type\":\"intent\",\"op\":\"payout.create\",\"key\":\"JRN%09d\","
		        "\"fields\":{\"appId\":\"bench-app\",\"mchOrderId\":\"JRN%09d\",\"idempotencyId\":\"JRN%09d\","
		        "\"amount\":%lld,\"paymentMethod\":\"EWALLET\",\"ewalletCode\":\"GCASH\","
		        "\"accountNo\":\"0917%07d\",\"accountName\":\"Juan Dela Cruz\"}}\n",
		        when, i, i, i, amount, i % 10000000);
		lines++;
		if (bench_rng_below(&r, 1000) == 0 || lines == JOURNAL_LINES)
			continue;
		iso_time(ms + 300, when);
		fprintf(f, "{\"ts\":\"%s\",\"type\":\"outcome\",\"op\":\"payout.create\",\"key\":\"JRN%09d\","
		        "\"outcome\":\"accepted\",\"code\":1000,\"status\":\"PENDING\","
		        "\"transactionId\":\"D1007%09d%06d\",\"detail\":null}\n", when, i, i % 1000000000, i % 1000000);
		lines++;
	}
	if (fclose(f) != 0)
		bench_die("cannot write %s", path);
	chmod(path, 0600);
	check_journal(path);
}

/* STORE_OBJECTS payouts, one line each, as the store writes them. */
static void write_store(const char *path)
{
	static const char *const statuses[] = { "COMPLETE", "COMPLETE", "COMPLETE", "FAILED", "PENDING" };
	FILE *f = fopen(path, "w");
	bench_rng r;

	if (!f)
		bench_die("cannot create %s: %s", path, strerror(errno));
	bench_rng_seed(&r, BENCH_SEED + 11);
	for (int i = 0; i < STORE_OBJECTS; i++) {
		const char *status = statuses[bench_rng_below(&r, 5)];

		fprintf(f, "{\"kind\":\"payout\",\"id\":\"OBJ%09d\",\"status\":\"%s\",\"updated\":%llu,"
		        "\"fields\":{\"mchOrderId\":\"OBJ%09d\",\"amount\":%lld,\"paymentMethod\":\"EWALLET\","
		        "\"ewalletCode\":\"GCASH\",\"accountNo\":\"0917%07d\",\"accountName\":\"Juan Dela Cruz\","
		        "\"transactionStatus\":\"%s\"}}\n",
		        i, status, (unsigned long long)(START_MS + (uint64_t)i * 26000), i,
		        100 + (long long)bench_rng_below(&r, 5000000), i % 10000000, status);
	}
	if (fclose(f) != 0)
		bench_die("cannot write %s", path);
	chmod(path, 0600);
}

/* One profile: its spool and state; the journal and store are written by
 * the caller into dir/state/paycon/<name>/. */
static void write_config(const char *dir, const char *data, const char *full_spool)
{
	char *path = bench_strf("%s/config", dir);
	char *text = bench_strf(
		"default_profile = \"empty\";\n"
		"profiles = {\n"
		"  full = { environment = \"sandbox\"; base_url = \"http://127.0.0.1:9\"; app_id = \"bench-app\";\n"
		"    app_name = \"paycon bench\"; private_key = \"%s/merchant.pem\";\n"
		"    platform_public_key = \"%s/platform.pub\"; spool = \"%s\"; };\n"
		"  empty = { environment = \"sandbox\"; base_url = \"http://127.0.0.1:9\"; app_id = \"bench-app\";\n"
		"    app_name = \"paycon bench\"; private_key = \"%s/merchant.pem\";\n"
		"    platform_public_key = \"%s/platform.pub\"; spool = \"%s/empty-spool\"; };\n"
		"  scroll = { environment = \"sandbox\"; base_url = \"http://127.0.0.1:9\"; app_id = \"bench-app\";\n"
		"    app_name = \"paycon bench\"; private_key = \"%s/merchant.pem\";\n"
		"    platform_public_key = \"%s/platform.pub\"; spool = \"%s/empty-spool\"; };\n"
		"};\n",
		dir, data, full_spool, dir, data, dir, dir, data, dir);

	bench_write_file(path, text, strlen(text), 0644);
	free(text);
	free(path);
}

static void make_state(const char *dir, const char *profile, const char *journal, bool store)
{
	char *top = bench_strf("%s/state", dir);
	char *base = bench_strf("%s/paycon", top);
	char *state = bench_strf("%s/%s", base, profile);

	make_dir(top, 0700);
	make_dir(base, 0700);
	make_dir(state, 0700);
	if (journal) {
		char *path = bench_strf("%s/journal", state);

		write_journal(path);
		free(path);
	}
	if (store) {
		char *path = bench_strf("%s/objects", state);

		write_store(path);
		free(path);
	}
	free(top);
	free(base);
	free(state);
}

/* ---- running the console ---------------------------------------------- */

typedef struct {
	char *dir;        /* scratch */
	char *config;
	int watch_fd;     /* inotify on dir/shots */
	char *shots;
} console_bench;

typedef struct {
	double shot[4];         /* seconds from fork to each :save-display */
	int shots;
	long long first_frame;  /* the console's own PAYCON_TIMING, ms */
} console_run;

/* Waits for the named shot files (close-after-write in b->shots). */
static void wait_shots(console_bench *b, pid_t pid, double t0, const char *const *names, int n,
                       console_run *run)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	double deadline = bench_now() + RUN_TIMEOUT_S;

	run->shots = 0;
	while (run->shots < n && bench_now() < deadline) {
		ssize_t len = read(b->watch_fd, buf, sizeof(buf));

		if (len < 0 && errno == EINTR)
			continue;
		if (len <= 0)
			bench_die("reading inotify events: %s", strerror(errno));
		for (char *p = buf; p < buf + len;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)p;

			if (ev->len && run->shots < n && strcmp(ev->name, names[run->shots]) == 0)
				run->shot[run->shots++] = bench_now() - t0;
			p += sizeof(*ev) + ev->len;
		}
	}
	if (run->shots < n) {
		kill(pid, SIGKILL);
		bench_die("the console saved %d of %d displays in %.0f s; see %s", run->shots, n, RUN_TIMEOUT_S,
		          b->dir);
	}
}

/* Runs `paycon --profile P` headless with script; times the shots. */
static console_run run_console(console_bench *b, const char *profile, const char *script,
                               const char *const *shot_names, int nshots)
{
	char *err_path = bench_strf("%s/%s.err", b->dir, profile);
	char *argv[] = { (char *)bench_program("PAYCON", "src/paycon"), "--config", b->config, "--profile",
	                 (char *)profile, NULL };
	console_run run;
	double t0;
	int status;
	pid_t pid;
	FILE *f;
	char line[256];

	memset(&run, 0, sizeof(run));
	run.first_frame = -1;
	t0 = bench_now();
	pid = fork();
	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		int out = open("/dev/null", O_WRONLY);
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (out < 0 || err < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0)
			_exit(127);
		setenv("PAYCON_SCRIPT", script, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	wait_shots(b, pid, t0, shot_names, nshots, &run);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		bench_die("the console failed (status %d); see %s", status, err_path);
	f = fopen(err_path, "r");
	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "paycon: first frame after %lld ms", &run.first_frame);
	if (f)
		fclose(f);
	free(err_path);
	return run;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* ---- the benchmarks ----------------------------------------------------- */

static void startup(console_bench *b)
{
	static const char *const shot[] = { "start.txt" };
	char *script_text = bench_strf(":save-display %s/start.txt\nQ\n", b->shots);
	char *script = bench_strf("%s/startup.keys", b->dir);
	double full[STARTUP_RUNS], empty[STARTUP_RUNS], full_med, empty_med, ratio;
	long long full_ff = -1, empty_ff = -1;

	bench_write_file(script, script_text, strlen(script_text), 0644);
	/* Once each untimed: the store takes in what the first start applies
	 * (the spool's newest callbacks), as on every start after the first. */
	run_console(b, "full", script, shot, 1);
	run_console(b, "empty", script, shot, 1);
	for (int i = 0; i < STARTUP_RUNS; i++) {
		console_run f = run_console(b, "full", script, shot, 1);
		console_run e = run_console(b, "empty", script, shot, 1);

		full[i] = f.shot[0];
		empty[i] = e.shot[0];
		full_ff = f.first_frame;
		empty_ff = e.first_frame;
	}
	qsort(full, STARTUP_RUNS, sizeof(double), cmp_double);
	qsort(empty, STARTUP_RUNS, sizeof(double), cmp_double);
	full_med = full[STARTUP_RUNS / 2];
	empty_med = empty[STARTUP_RUNS / 2];
	ratio = full_med / empty_med;
	bench_note("startup: medians of %d starts: %d spool files + %d journal lines %.1f ms, empty %.1f ms "
	           "(the console's PAYCON_TIMING: first frame after %lld ms and %lld ms)", STARTUP_RUNS,
	           CALLBACKS, JOURNAL_LINES, full_med * 1000, empty_med * 1000, full_ff, empty_ff);
	bench_result("startup", full_med * 1000, empty_med * 1000, "ms", 1, ratio, "<=1.5", ratio <= STARTUP_TARGET);
	free(script_text);
	free(script);
}

static void scroll(console_bench *b)
{
	static const char *const shot[] = { "before.txt", "after.txt" };
	char *key_text = malloc((size_t)SCROLL_KEYS * 2 + 256);
	char *script = bench_strf("%s/scroll.keys", b->dir);
	console_run run;
	double per_key;
	size_t n;

	if (!key_text)
		bench_die("out of memory");
	/* The payouts pane once the store is read, then SCROLL_KEYS single
	 * steps down. */
	n = (size_t)sprintf(key_text, ":wait-loaded\n2\n:save-display %s/before.txt\n", b->shots);
	for (int i = 0; i < SCROLL_KEYS; i++)
		n += (size_t)sprintf(key_text + n, "j\n");
	n += (size_t)sprintf(key_text + n, ":save-display %s/after.txt\nQ\n", b->shots);
	bench_write_file(script, key_text, n, 0644);
	run = run_console(b, "scroll", script, shot, 2);
	per_key = (run.shot[1] - run.shot[0]) * 1000 / SCROLL_KEYS;
	bench_note("scroll: %d keys (j) down the payouts pane of %d objects in %.1f ms, after %.0f ms to read the "
	           "store and open the pane",
	           SCROLL_KEYS, STORE_OBJECTS, (run.shot[1] - run.shot[0]) * 1000, run.shot[0] * 1000);
	bench_result("scroll", per_key, -1, "ms", 3, -1, "<=2ms", per_key <= SCROLL_TARGET_MS);
	free(key_text);
	free(script);
}

int main(int argc, char **argv)
{
	console_bench b;
	char *data, *full_spool, *empty_spool, *state, *key_path;
	pc_key *merchant;
	pc_err err;
	bool want_startup = true, want_scroll = true;

	bench_set_name("console");
	if (argc > 1) {
		want_startup = want_scroll = false;
		for (int i = 1; i < argc; i++) {
			want_startup |= strcmp(argv[i], "startup") == 0;
			want_scroll |= strcmp(argv[i], "scroll") == 0;
		}
	}
	memset(&b, 0, sizeof(b));
	b.dir = bench_tmpdir();
	b.config = bench_strf("%s/config", b.dir);
	b.shots = bench_strf("%s/shots", b.dir);
	make_dir(b.shots, 0755);
	state = bench_strf("%s/state", b.dir);
	setenv("XDG_STATE_HOME", state, 1);
	free(state);
	setenv("XDG_CONFIG_HOME", b.dir, 1);
	setenv("PAYCON_TIMING", "1", 1);
	setenv("PAYCON_POLL_MS", "0", 1);
	setenv("PAYCON_SIZE", "100x30", 1);
	setenv("TZ", "UTC", 1);
	/* The console loads the merchant key before its first frame. */
	merchant = pc_key_generate(4096, &err);
	key_path = bench_strf("%s/merchant.pem", b.dir);
	if (!merchant || pc_key_write_private(merchant, key_path, &err) != 0)
		bench_die("%s", err.msg);
	pc_key_free(merchant);
	free(key_path);
	data = want_startup ? gen_shared(b.dir) : strdup(b.dir);
	full_spool = bench_strf("%s/spool", data);
	empty_spool = bench_strf("%s/empty-spool", b.dir);
	make_dir(empty_spool, 0750);
	{
		char *t = bench_strf("%s/tmp", empty_spool), *n = bench_strf("%s/new", empty_spool);

		make_dir(t, 0750);
		make_dir(n, 0750);
		free(t);
		free(n);
	}
	if (!want_startup) {
		/* scroll alone: any platform key will do. */
		pc_key *k = gen_platform_key(b.dir, 2048, 2);

		pc_key_free(k);
	}
	write_config(b.dir, data, full_spool);
	make_state(b.dir, "full", "journal", false);
	make_state(b.dir, "empty", NULL, false);
	make_state(b.dir, "scroll", NULL, true);
	b.watch_fd = inotify_init1(IN_CLOEXEC);
	if (b.watch_fd < 0 || inotify_add_watch(b.watch_fd, b.shots, IN_CLOSE_WRITE | IN_MOVED_TO) < 0)
		bench_die("inotify: %s", strerror(errno));
	if (want_startup)
		startup(&b);
	if (want_scroll)
		scroll(&b);
	close(b.watch_fd);
	bench_rmtree(b.dir);
	free(b.dir);
	free(b.config);
	free(b.shots);
	free(data);
	free(full_spool);
	free(empty_spool);
	return 0;
}
