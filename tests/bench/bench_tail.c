/* bench_tail.c — tail-latency: from a callback file renamed into new/ to
 * its line printed by `paycon tail --follow --json`, p50 and p99 over
 * 1,000 events. No reference: the target is absolute (p99 <= 20 ms).
 * Support staff follow spools with months of callbacks, so the closing
 * line is for a spool that already holds 100,000; the same run on an
 * empty spool is printed as a note.
 *
 * The bodies are signed with an RSA-4096 platform key and written to tmp/
 * ahead; the clock starts just before the rename, as paycon-hookd does it,
 * and stops when the line naming that file arrives on paycon's stdout.
 * Events come 1..9 ms apart (about 200 a second, a busy settlement batch),
 * so a follower slower than that queues and its latency shows it. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "gen.h"
#include "keys.h"
#include "spool.h"

#define NAME "tail-latency"
#define EVENTS 1000
#define WARMUP 20
#define KEY_BITS 4096
#define KEY_PRIMES 4
#define TARGET_MS 20.0
#define GAP_MIN_US 1000
#define GAP_SPREAD_US 8000
#define DRAIN_SECONDS 10.0
#define HOST "bench"
/* Earlier callbacks in the spool: a month of them, like spool-ingest's. */
#define HISTORY 100000

typedef struct {
	int fd;                         /* paycon's stdout */
	double arrived[WARMUP + EVENTS];
	int seen;
	pthread_mutex_t lock;
} reader_state;

/* The seq of one of our spool names printed as "file":"<ms>.<pid>_<seq>.<host>". */
static long seq_of_line(const char *line)
{
	const char *p = strstr(line, "\"file\":\"");
	pc_spool_name key;
	char name[PC_SPOOL_NAME_SIZE];
	size_t n;

	if (!p)
		return -1;
	p += strlen("\"file\":\"");
	n = strcspn(p, "\"");
	if (n >= sizeof(name))
		return -1;
	memcpy(name, p, n);
	name[n] = '\0';
	if (pc_spool_parse_name(name, &key) != 0 || key.pid != (long)getpid() || strcmp(key.host, HOST) != 0)
		return -1;
	return (long)key.seq;
}

static void *read_lines(void *arg)
{
	reader_state *r = arg;
	FILE *f = fdopen(r->fd, "r");
	char *line = NULL;
	size_t cap = 0;

	if (!f)
		return NULL;
	while (getline(&line, &cap, f) > 0) {
		double t = bench_now();
		long seq = seq_of_line(line);

		if (seq < 1 || seq > WARMUP + EVENTS)
			continue;
		pthread_mutex_lock(&r->lock);
		if (r->arrived[seq - 1] == 0) {
			r->arrived[seq - 1] = t;
			r->seen++;
		}
		pthread_mutex_unlock(&r->lock);
	}
	free(line);
	fclose(f);
	return NULL;
}

static int seen(reader_state *r)
{
	int n;

	pthread_mutex_lock(&r->lock);
	n = r->seen;
	pthread_mutex_unlock(&r->lock);
	return n;
}

static void write_config(const char *dir)
{
	char *path = bench_strf("%s/config", dir);
	char *text = bench_strf(
		"default_profile = \"bench\";\n"
		"profiles = {\n"
		"  bench = {\n"
		"    environment = \"sandbox\";\n"
		"    base_url = \"http://127.0.0.1:9\";\n"
		"    app_id = \"bench-app\";\n"
		"    app_name = \"paycon bench\";\n"
		"    private_key = \"%s/platform.pem\";\n"
		"    platform_public_key = \"%s/platform.pub\";\n"
		"    spool = \"%s/spool\";\n"
		"  };\n"
		"};\n", dir, dir, dir);

	bench_write_file(path, text, strlen(text), 0644);
	free(text);
	free(path);
}

static pid_t start_tail(const char *dir, int *out_fd)
{
	char *conf = bench_strf("%s/config", dir);
	char *log = bench_strf("%s/tail.log", dir);
	char *argv[] = { (char *)bench_program("PAYCON", "src/paycon"), "--config", conf, "tail", "--follow",
	                 "--json", NULL };
	int fds[2];
	pid_t pid;

	if (pipe(fds) != 0)
		bench_die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		FILE *err = freopen(log, "a", stderr);

		(void)err;
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	*out_fd = fds[0];
	free(conf);
	free(log);
	return pid;
}

typedef struct {
	char name[PC_SPOOL_NAME_SIZE];
	char *tmp_path;
	char *new_path;
} event_file;

/* Bodies go to tmp/ ahead, so the timed part is the rename alone. */
static void stage(const char *spool, event_file *ev, const gen_callback *cb, long seq, const pc_key *key)
{
	struct timespec now;
	char *body = gen_body(cb, key);

	clock_gettime(CLOCK_REALTIME, &now);
	if (pc_spool_make_name(ev->name, sizeof(ev->name),
	                       (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000, (long)getpid(),
	                       (uint64_t)seq, HOST) != 0)
		bench_die("cannot make a spool name");
	ev->tmp_path = bench_strf("%s/tmp/%s", spool, ev->name);
	ev->new_path = bench_strf("%s/new/%s", spool, ev->name);
	bench_write_file(ev->tmp_path, body, strlen(body), PC_SPOOL_FILE_MODE);
	free(body);
}

static void publish(event_file *ev)
{
	if (rename(ev->tmp_path, ev->new_path) != 0)
		bench_die("rename %s: %s", ev->tmp_path, strerror(errno));
}

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Waits until the reader has seen want lines or the time is up. */
static void wait_seen(reader_state *r, int want, double seconds)
{
	double deadline = bench_now() + seconds;

	while (seen(r) < want && bench_now() < deadline)
		sleep_us(1000);
}

/* Months of callbacks before the run, one every 26 s from a month back:
 * hard links to copies of one signed body (a file takes at most 65,000
 * links on ext4). Listing and cursor work depend on the names. */
#define LINKS_PER_COPY 50000

static void write_history(const char *dir, const char *spool, const pc_key *key, int files)
{
	gen_callback *plan = gen_plan(1, BENCH_SEED, 1730419200000ULL, 1000);
	char *body = gen_body(&plan[0], key);
	char name[PC_SPOOL_NAME_SIZE];
	char *one = NULL;

	for (int i = 0; i < files; i++) {
		char *path;

		if (i % LINKS_PER_COPY == 0) {
			free(one);
			one = bench_strf("%s/history-body-%d", dir, i / LINKS_PER_COPY);
			bench_write_file(one, body, strlen(body), PC_SPOOL_FILE_MODE);
		}
		if (pc_spool_make_name(name, sizeof(name), 1730419200000ULL + (uint64_t)i * 26000, 4711,
		                       (uint64_t)i + 1, "hookd-1") != 0)
			bench_die("cannot make a spool name");
		path = bench_strf("%s/new/%s", spool, name);
		if (link(one, path) != 0)
			bench_die("link %s: %s", path, strerror(errno));
		free(path);
	}
	free(one);
	free(body);
	free(plan);
}

typedef struct {
	double p50, p99, max;
} latencies;

/* One run of paycon tail --follow over a spool that holds history files. */
static latencies run(int history)
{
	static reader_state reader;
	static event_file events[WARMUP + EVENTS];
	static double sent[WARMUP + EVENTS], latency[EVENTS];
	char *dir, *spool;
	gen_callback *plan;
	pthread_t tid;
	pc_key *key;
	bench_rng rng;
	latencies res;
	pid_t tail;
	int status;

	memset(&reader, 0, sizeof(reader));
	dir = bench_tmpdir();
	spool = bench_strf("%s/spool", dir);
	setenv("XDG_STATE_HOME", dir, 1);
	setenv("XDG_CONFIG_HOME", dir, 1);
	key = gen_platform_key(dir, KEY_BITS, KEY_PRIMES);
	write_config(dir);
	plan = gen_plan(WARMUP + EVENTS, BENCH_SEED, 1730419200000ULL, 1000);
	gen_spool(spool, plan, 0, key, 1); /* the empty tmp/ and new/ */
	write_history(dir, spool, key, history);
	for (int i = 0; i < WARMUP + EVENTS; i++)
		stage(spool, &events[i], &plan[i], i + 1, key);
	pthread_mutex_init(&reader.lock, NULL);
	tail = start_tail(dir, &reader.fd);
	if (pthread_create(&tid, NULL, read_lines, &reader) != 0)
		bench_die("cannot start the reader thread");
	/* Warm-up: once paycon has shown the first file, it has listed the
	 * history and its watch is in place. */
	publish(&events[0]);
	wait_seen(&reader, 1, 120.0);
	if (seen(&reader) < 1)
		bench_die("paycon tail --follow printed nothing in 120 s; see %s/tail.log", dir);
	for (int i = 1; i < WARMUP; i++) {
		publish(&events[i]);
		sleep_us(2000);
	}
	wait_seen(&reader, WARMUP, 5.0);
	bench_rng_seed(&rng, BENCH_SEED);
	for (int i = WARMUP; i < WARMUP + EVENTS; i++) {
		sent[i] = bench_now();
		publish(&events[i]);
		sleep_us(GAP_MIN_US + (long)bench_rng_below(&rng, GAP_SPREAD_US));
	}
	wait_seen(&reader, WARMUP + EVENTS, DRAIN_SECONDS);
	if (seen(&reader) < WARMUP + EVENTS)
		bench_die("paycon tail --follow showed %d of %d events", seen(&reader) - WARMUP, EVENTS);
	kill(tail, SIGTERM);
	waitpid(tail, &status, 0);
	pthread_join(tid, NULL);
	pthread_mutex_destroy(&reader.lock);
	for (int i = 0; i < EVENTS; i++)
		latency[i] = (reader.arrived[WARMUP + i] - sent[WARMUP + i]) * 1000;
	qsort(latency, EVENTS, sizeof(double), cmp_double);
	/* Nearest rank. */
	res.p50 = latency[(EVENTS * 50 + 99) / 100 - 1];
	res.p99 = latency[(EVENTS * 99 + 99) / 100 - 1];
	res.max = latency[EVENTS - 1];
	for (int i = 0; i < WARMUP + EVENTS; i++) {
		free(events[i].tmp_path);
		free(events[i].new_path);
	}
	free(plan);
	pc_key_free(key);
	bench_rmtree(dir);
	free(spool);
	free(dir);
	return res;
}

int main(void)
{
	latencies empty, full;

	bench_set_name(NAME);
	empty = run(0);
	bench_note("empty spool: %d events 1..9 ms apart: p50 %.2f ms, p99 %.2f ms, max %.2f ms", EVENTS,
	           empty.p50, empty.p99, empty.max);
	full = run(HISTORY);
	bench_note("spool with %d earlier callbacks: p50 %.2f ms, p99 %.2f ms, max %.2f ms", HISTORY, full.p50,
	           full.p99, full.max);
	bench_result(NAME, full.p99, -1, "ms", 2, -1, "p99<=20ms", full.p99 <= TARGET_MS && empty.p99 <= TARGET_MS);
	return 0;
}
