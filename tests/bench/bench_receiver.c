/* bench_receiver.c — receiver: durable, acknowledged callbacks per second
 * through paycon-hookd with concurrent clients, against a bare loop that
 * stores the same body the same durable way (write, fsync, rename into
 * new/, fsync new/) into the same directory, with as many threads.
 *
 * hookd acknowledges a callback only once its file and new/ are synced
 * (doc/receiver.md), so the reference syncs the directory too: without it a
 * rename is not durable. The reference without that sync is printed as a
 * note. Clients speak HTTP/1.1 keep-alive over plain sockets, so the client
 * side costs next to nothing. Short rounds of each way alternate; the disk
 * of a shared machine swings by a factor of two within seconds, so the
 * ratio is the median over rounds of hookd's rate against the bare loop's
 * in the same round (the totals' ratio and the spread are printed too). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench.h"
#include "gen.h"
#include "keys.h"
#include "spool.h"

#define NAME "receiver"
#define CLIENTS 8
#define ROUNDS 20
#define ROUND_SECONDS 0.5
#define TARGET 0.80

typedef enum { VIA_HOOKD, VIA_BARE_DURABLE, VIA_BARE_NO_DIR_SYNC } store_way;

typedef struct {
	const char *spool;
	const char *body;
	size_t body_len;
	int port;
	const char *path;        /* hookd's URL path */
	store_way way;
	pid_t hookd_pid;         /* for its CPU time */
	double deadline;
	atomic_ulong *seq;
	long stored;
} worker;

/* ---- the HTTP client --------------------------------------------------- */

static int connect_local(int port)
{
	struct sockaddr_in sa;
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		bench_die("cannot connect to paycon-hookd on port %d: %s", port, strerror(errno));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

static void send_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, data, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			bench_die("sending to paycon-hookd: %s", strerror(errno));
		data += n;
		len -= (size_t)n;
	}
}

/* Reads one answer; true when it is 200 with PayCools' success body. */
static bool read_answer(int fd)
{
	char buf[4096];
	size_t used = 0;
	char *end = NULL;
	long body_len = -1;

	while (!end || used < (size_t)(end - buf) + 4 + (size_t)body_len) {
		ssize_t n;

		if (used == sizeof(buf) - 1)
			bench_die("paycon-hookd's answer is too long");
		n = recv(fd, buf + used, sizeof(buf) - 1 - used, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			bench_die("paycon-hookd closed the connection");
		used += (size_t)n;
		buf[used] = '\0';
		if (!end) {
			char *cl;

			end = strstr(buf, "\r\n\r\n");
			if (!end)
				continue;
			cl = strstr(buf, "\r\nContent-Length:"); /* as libmicrohttpd spells it */
			if (!cl || cl > end)
				bench_die("paycon-hookd's answer has no Content-Length");
			body_len = strtol(cl + strlen("\r\nContent-Length:"), NULL, 10);
		}
	}
	return strncmp(buf, "HTTP/1.1 200", 12) == 0 && strstr(end, "\"code\":1") != NULL;
}

static void via_hookd(worker *w)
{
	char *request = bench_strf("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
	                           "Content-Length: %zu\r\n\r\n%s", w->path, w->body_len, w->body);
	size_t len = strlen(request);
	int fd = connect_local(w->port);

	while (bench_now() < w->deadline) {
		send_all(fd, request, len);
		if (!read_answer(fd))
			bench_die("paycon-hookd did not acknowledge a callback");
		w->stored++;
	}
	close(fd);
	free(request);
}

/* ---- the bare loop ----------------------------------------------------- */

static void write_durably(int fd, const char *body, size_t len, const char *path)
{
	while (len > 0) {
		ssize_t n = write(fd, body, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			bench_die("write %s: %s", path, strerror(errno));
		body += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0)
		bench_die("fsync %s: %s", path, strerror(errno));
}

static void via_bare_loop(worker *w)
{
	char *new_dir = bench_strf("%s/new", w->spool);
	int dir_fd = open(new_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char name[PC_SPOOL_NAME_SIZE];

	if (dir_fd < 0)
		bench_die("open %s: %s", new_dir, strerror(errno));
	while (bench_now() < w->deadline) {
		unsigned long seq = atomic_fetch_add(w->seq, 1) + 1;
		char *tmp_path, *new_path;
		int fd;

		pc_spool_make_name(name, sizeof(name), 1730419200000ULL, (long)getpid(), seq, "bench-ref");
		tmp_path = bench_strf("%s/tmp/%s", w->spool, name);
		new_path = bench_strf("%s/%s", new_dir, name);
		fd = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, PC_SPOOL_FILE_MODE);
		if (fd < 0)
			bench_die("open %s: %s", tmp_path, strerror(errno));
		write_durably(fd, w->body, w->body_len, tmp_path);
		if (rename(tmp_path, new_path) != 0)
			bench_die("rename %s: %s", tmp_path, strerror(errno));
		if (w->way == VIA_BARE_DURABLE && fsync(dir_fd) != 0)
			bench_die("fsync %s: %s", new_dir, strerror(errno));
		w->stored++;
		free(tmp_path);
		free(new_path);
	}
	close(dir_fd);
	free(new_dir);
}

static void *run_worker(void *arg)
{
	worker *w = arg;

	if (w->way == VIA_HOOKD)
		via_hookd(w);
	else
		via_bare_loop(w);
	return NULL;
}

/* CPU seconds per way: the disk's swings change rates, not this much. */
static double cpu_own[3], cpu_hookd[3];

/* One round with CLIENTS concurrent workers, added to t; its rate. */
static double round_add(const worker *proto, bench_tally *t)
{
	pthread_t tids[CLIENTS];
	worker w[CLIENTS];
	double start = bench_now();
	double own = bench_cpu_seconds();
	double hookd = proto->way == VIA_HOOKD ? bench_child_cpu_seconds(proto->hookd_pid) : 0;

	for (int i = 0; i < CLIENTS; i++) {
		w[i] = *proto;
		w[i].deadline = start + ROUND_SECONDS;
		if (pthread_create(&tids[i], NULL, run_worker, &w[i]) != 0)
			bench_die("cannot start a client thread");
	}
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(tids[i], NULL);
		t->n += w[i].stored;
	}
	/* Until the last store in flight is done: it counted. */
	{
		double seconds = bench_now() - start;
		long n = 0;

		for (int i = 0; i < CLIENTS; i++)
			n += w[i].stored;
		t->seconds += seconds;
		cpu_own[proto->way] += bench_cpu_seconds() - own;
		if (proto->way == VIA_HOOKD)
			cpu_hookd[proto->way] += bench_child_cpu_seconds(proto->hookd_pid) - hookd;
		return (double)n / seconds;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void parse_url(const char *url, int *port, char *path, size_t size)
{
	const char *p = strrchr(url, ':');
	char *rest;

	*port = p ? (int)strtol(p + 1, &rest, 10) : 0;
	if (!p || *port <= 0)
		bench_die("cannot read paycon-hookd's address from '%s'", url);
	snprintf(path, size, "%s", *rest ? rest : "/");
}

int main(void)
{
	static atomic_ulong seq;
	bench_tally via = { 0, 0 }, bare = { 0, 0 }, nosync = { 0, 0 };
	double ratios[ROUNDS], ratio;
	char path[256];
	bench_server hookd;
	gen_callback *plan;
	worker proto;
	pc_key *key;
	char *dir, *spool, *log;

	bench_set_name(NAME);
	dir = bench_tmpdir();
	spool = bench_strf("%s/spool", dir);
	log = bench_strf("%s/hookd.log", dir);
	key = gen_platform_key(dir, 2048, 2); /* hookd does not verify: any key */
	plan = gen_plan(1, BENCH_SEED, 1730419200000ULL, 1000);
	memset(&proto, 0, sizeof(proto));
	proto.body = gen_body(&plan[0], key);
	proto.body_len = strlen(proto.body);
	proto.spool = spool;
	proto.seq = &seq;
	{
		char *argv[] = { (char *)bench_program("HOOKD", "src/paycon-hookd"), "--listen", "127.0.0.1:0",
		                 "--spool", spool, NULL };

		bench_server_start(&hookd, argv, log);
	}
	parse_url(hookd.url, &proto.port, path, sizeof(path));
	proto.hookd_pid = hookd.pid;
	proto.path = path;
	bench_note("%d concurrent clients, %zu-byte callbacks, %d interleaved rounds of %.1f s each way", CLIENTS,
	           proto.body_len, ROUNDS, ROUND_SECONDS);
	for (int r = 0; r < ROUNDS; r++) {
		/* Each way goes first in turn: the disk's mood drifts. */
		static const store_way order[3][3] = {
			{ VIA_HOOKD, VIA_BARE_DURABLE, VIA_BARE_NO_DIR_SYNC },
			{ VIA_BARE_DURABLE, VIA_BARE_NO_DIR_SYNC, VIA_HOOKD },
			{ VIA_BARE_NO_DIR_SYNC, VIA_HOOKD, VIA_BARE_DURABLE },
		};

		double rate[3] = { 0, 0, 0 };

		for (int k = 0; k < 3; k++) {
			proto.way = order[r % 3][k];
			rate[proto.way] = round_add(&proto, proto.way == VIA_HOOKD ? &via
			                                    : proto.way == VIA_BARE_DURABLE ? &bare : &nosync);
		}
		ratios[r] = rate[VIA_HOOKD] / rate[VIA_BARE_DURABLE];
		if ((r + 1) % (ROUNDS / 2) == 0)
			bench_note("after %d rounds: hookd %.1f/s, bare write+fsync+rename+fsync(new/) %.1f/s, "
			           "without the directory fsync %.1f/s", r + 1, bench_rate(&via), bench_rate(&bare),
			           bench_rate(&nosync));
	}
	bench_server_stop(&hookd);
	qsort(ratios, ROUNDS, sizeof(double), cmp_double);
	ratio = (ratios[ROUNDS / 2 - 1] + ratios[ROUNDS / 2]) / 2;
	bench_note("per-round ratio hookd/bare: min %.3f, median %.3f, max %.3f; ratio of the totals %.3f",
	           ratios[0], ratio, ratios[ROUNDS - 1], bench_rate(&via) / bench_rate(&bare));
	bench_note("against the loop without the directory fsync (not durable): ratio of the totals %.3f",
	           bench_rate(&via) / bench_rate(&nosync));
	bench_note("CPU per callback: hookd %.0f us + its clients %.0f us; bare durable loop %.0f us",
	           cpu_hookd[VIA_HOOKD] * 1e6 / (double)via.n, cpu_own[VIA_HOOKD] * 1e6 / (double)via.n,
	           cpu_own[VIA_BARE_DURABLE] * 1e6 / (double)bare.n);
	bench_result(NAME, bench_rate(&via), bench_rate(&bare), "/s", 1, ratio, ">=0.80", ratio >= TARGET);
	free((char *)proto.body);
	free(plan);
	pc_key_free(key);
	bench_rmtree(dir);
	free(dir);
	free(spool);
	free(log);
	return 0;
}
