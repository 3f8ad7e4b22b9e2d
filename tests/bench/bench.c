/* bench.c — helpers shared by the `make bench` programs (see bench.h). */
#define _XOPEN_SOURCE 700 /* nftw */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/rsa.h>

#define SERVER_START_S 20.0

static const char *bench_name = "bench";

void bench_set_name(const char *name)
{
	bench_name = name;
}

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_rate(const bench_tally *t)
{
	return t->seconds > 0 ? (double)t->n / t->seconds : 0;
}

double bench_cpu_seconds(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
}

void bench_die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "bench %s: ", bench_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(70);
}

void bench_note(const char *fmt, ...)
{
	va_list ap;

	printf("  %s: ", bench_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

char *bench_strf(const char *fmt, ...)
{
	va_list ap;
	char *out = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n >= 0)
		out = malloc((size_t)n + 1);
	if (!out)
		bench_die("out of memory");
	va_start(ap, fmt);
	vsnprintf(out, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return out;
}

char *bench_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	if (!base || !base[0])
		base = "/tmp";
	dir = bench_strf("%s/paycon-bench.XXXXXX", base);
	if (!mkdtemp(dir))
		bench_die("cannot create a directory under %s: %s", base, strerror(errno));
	return dir;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void bench_rmtree(const char *path)
{
	if (path)
		nftw(path, remove_one, 32, FTW_DEPTH | FTW_PHYS);
}

void bench_write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	const char *p = data;

	if (fd < 0)
		bench_die("cannot create %s: %s", path, strerror(errno));
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			bench_die("cannot write %s: %s", path, strerror(errno));
		p += n;
		len -= (size_t)n;
	}
	if (fchmod(fd, mode) != 0 || close(fd) != 0)
		bench_die("cannot finish %s: %s", path, strerror(errno));
}

/* ---- deterministic data ---------------------------------------------- */

void bench_rng_seed(bench_rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t bench_rng_next(bench_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t bench_rng_below(bench_rng *r, uint64_t n)
{
	return n ? bench_rng_next(r) % n : 0;
}

/* ---- keys ------------------------------------------------------------ */

EVP_PKEY *bench_rsa_key(int bits, int primes)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);
	EVP_PKEY *key = NULL;

	if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) != 1 ||
	    EVP_PKEY_CTX_set_rsa_keygen_primes(ctx, primes) != 1 || EVP_PKEY_keygen(ctx, &key) != 1)
		bench_die("OpenSSL could not make an RSA-%d key with %d primes", bits, primes);
	EVP_PKEY_CTX_free(ctx);
	return key;
}

static FILE *create_with_mode(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f)
		bench_die("cannot create %s: %s", path, strerror(errno));
	return f;
}

void bench_write_private(EVP_PKEY *key, const char *path)
{
	FILE *f = create_with_mode(path, 0600);

	if (PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) != 1 || fclose(f) != 0)
		bench_die("cannot write the private key %s", path);
}

void bench_write_public(EVP_PKEY *key, const char *path)
{
	FILE *f = create_with_mode(path, 0644);

	if (PEM_write_PUBKEY(f, key) != 1 || fclose(f) != 0)
		bench_die("cannot write the public key %s", path);
}

/* ---- servers --------------------------------------------------------- */

const char *bench_program(const char *envname, const char *fallback)
{
	const char *v = getenv(envname);

	return v && v[0] ? v : fallback;
}

static void exec_server(char *const argv[], int out_fd, int log_fd)
{
	if (dup2(out_fd, STDOUT_FILENO) < 0 || dup2(log_fd, STDERR_FILENO) < 0)
		_exit(127);
	execv(argv[0], argv);
	fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static void *copy_log(void *arg)
{
	bench_server *s = arg;
	char buf[65536];
	ssize_t n;

	while ((n = read(s->log_fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		fwrite(buf, 1, (size_t)n, s->log);
	}
	return NULL;
}

/* Reads the child's stdout until a "listening on URL" line. */
static bool read_listening(bench_server *s)
{
	char buf[1024];
	size_t used = 0;
	double deadline = bench_now() + SERVER_START_S;

	while (bench_now() < deadline && used < sizeof(buf) - 1) {
		struct pollfd pfd = { s->out_fd, POLLIN, 0 };
		char *line, *end;
		ssize_t n;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = read(s->out_fd, buf + used, sizeof(buf) - 1 - used);
		if (n <= 0)
			return false;
		used += (size_t)n;
		buf[used] = '\0';
		line = strstr(buf, "listening on ");
		end = line ? strchr(line, '\n') : NULL;
		if (end) {
			*end = '\0';
			line += strlen("listening on ");
			line[strcspn(line, " ")] = '\0';
			snprintf(s->url, sizeof(s->url), "%s", line);
			return true;
		}
	}
	return false;
}

void bench_server_start(bench_server *s, char *const argv[], const char *log_path)
{
	int out[2], log[2];

	memset(s, 0, sizeof(*s));
	s->log = fopen(log_path, "a");
	if (!s->log || pipe(out) != 0 || pipe(log) != 0)
		bench_die("cannot set up %s's output: %s", argv[0], strerror(errno));
	/* Large writes to the file, not one per line. */
	setvbuf(s->log, NULL, _IOFBF, 1 << 20);
	s->pid = fork();
	if (s->pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (s->pid == 0) {
		close(out[0]);
		close(log[0]);
		exec_server(argv, out[1], log[1]);
	}
	close(out[1]);
	close(log[1]);
	s->out_fd = out[0];
	s->log_fd = log[0];
	fcntl(s->out_fd, F_SETFD, FD_CLOEXEC);
	fcntl(s->log_fd, F_SETFD, FD_CLOEXEC);
	if (pthread_create(&s->log_thread, NULL, copy_log, s) != 0)
		bench_die("cannot start a thread");
	if (!read_listening(s)) {
		kill(s->pid, SIGKILL);
		bench_server_stop(s);
		bench_die("%s did not start; its log is %s", argv[0], log_path);
	}
}

void bench_server_stop(bench_server *s)
{
	int status;

	if (s->pid <= 0)
		return;
	kill(s->pid, SIGTERM);
	waitpid(s->pid, &status, 0);
	/* The log's pipe ends with the server. */
	pthread_join(s->log_thread, NULL);
	close(s->log_fd);
	fclose(s->log);
	close(s->out_fd);
	s->pid = 0;
}

/* ---- results --------------------------------------------------------- */

double bench_child_cpu_seconds(pid_t pid)
{
	char path[64];
	unsigned long user = 0, sys = 0;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	/* Fields 14 and 15: utime and stime in clock ticks (the command name
	 * in field 2 holds no spaces for our programs). */
	n = fscanf(f, "%*d %*s %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &user, &sys);
	fclose(f);
	return n == 2 ? (double)(user + sys) / (double)sysconf(_SC_CLK_TCK) : 0;
}

long bench_peak_rss_kib(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1;
	return ru.ru_maxrss; /* KiB on Linux */
}

void bench_result(const char *name, double value, double reference, const char *unit, int decimals,
                  double ratio, const char *target, bool pass)
{
	printf("%s value=%.*f%s ", name, decimals, value, unit);
	if (reference < 0)
		printf("reference=- ");
	else
		printf("reference=%.*f%s ", decimals, reference, unit);
	if (ratio < 0)
		printf("ratio=- ");
	else
		printf("ratio=%.3f ", ratio);
	printf("target=%s %s\n", target, pass ? "PASS" : "MISS");
	fflush(stdout);
}
