/* bench.h — what every `make bench` program shares: clocks, scratch
 * directories, deterministic data, keys, child servers and the one
 * closing line each benchmark prints.
 *
 * The closing line (tests/bench/run.sh collects them):
 *   <name> value=<v><unit> reference=<r><unit> ratio=<x> target=<t> <PASS|MISS>
 * A benchmark exits 0 whether it passes or misses; only a failure to run
 * (a server that does not start, a request that fails) exits non-zero. */
#ifndef PAYCON_BENCH_H
#define PAYCON_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/types.h>

#include <openssl/evp.h>

/* Seed of every generated data set, so two runs measure the same work. */
#define BENCH_SEED 20240131u

/* Seconds on the monotonic clock. */
double bench_now(void);
/* CPU seconds (user + system) this process has used. */
double bench_cpu_seconds(void);

/* Work done and the time it took, summed over interleaved slices: the
 * measured side and its reference alternate in short slices, so both see
 * the same machine even when neighbours come and go. */
typedef struct {
	long n;
	double seconds;
} bench_tally;

/* n / seconds (0 when no time was spent). */
double bench_rate(const bench_tally *t);

/* Prints "bench <name>: <message>" on stderr and exits 70 (a crash, not a MISS). */
void bench_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Informational line on stdout, "  <name>: ..." (the closing line comes last). */
void bench_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Which benchmark is running, for messages. */
void bench_set_name(const char *name);

/* A fresh directory under $TMPDIR (else /tmp); malloc'd. */
char *bench_tmpdir(void);
/* Removes a directory tree (best effort). */
void bench_rmtree(const char *path);
/* malloc'd printf, dies on OOM. */
char *bench_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes a whole file with mode; dies on failure. */
void bench_write_file(const char *path, const void *data, size_t len, mode_t mode);

/* splitmix64: a small deterministic generator. */
typedef struct {
	uint64_t state;
} bench_rng;
void bench_rng_seed(bench_rng *r, uint64_t seed);
uint64_t bench_rng_next(bench_rng *r);
/* Uniform in [0, n). */
uint64_t bench_rng_below(bench_rng *r, uint64_t n);

/* A fresh RSA key of bits with primes primes (2 is the usual; more only
 * speeds up generating signed test data: verifying costs the same). */
EVP_PKEY *bench_rsa_key(int bits, int primes);
/* PKCS#8 PEM, mode 0600. */
void bench_write_private(EVP_PKEY *key, const char *path);
/* SPKI PEM, mode 0644. */
void bench_write_public(EVP_PKEY *key, const char *path);

/* A server child (paycon-sandbox, paycon-hookd) that prints
 * "listening on URL" on stdout once it answers. */
typedef struct {
	pid_t pid;
	int out_fd;
	char url[256];
	/* Its log: a pipe, as under systemd (journald reads a stream), that
	 * a thread of ours copies to the log file in large writes. Written
	 * to a file directly, every log line is a write(2) that the kernel
	 * may hold up while it flushes a benchmark's data, and the server's
	 * threads queue behind the one that holds stderr. */
	pthread_t log_thread;
	int log_fd;
	FILE *log;
} bench_server;

/* Starts argv[0] with its log going to log_path (see above); waits (at
 * most 20 s) for its "listening on" line. Dies when it does not come. */
void bench_server_start(bench_server *s, char *const argv[], const char *log_path);
/* SIGTERM, then waits for it. */
void bench_server_stop(bench_server *s);

/* Path of a program: $ENVNAME, else fallback. */
const char *bench_program(const char *envname, const char *fallback);

/* CPU seconds another process (a server we started) has used. */
double bench_child_cpu_seconds(pid_t pid);

/* Peak resident set of this process, in KiB. */
long bench_peak_rss_kib(void);

/* Prints the closing line. ratio < 0 prints "ratio=-"; reference < 0
 * prints "reference=-". decimals: of value and reference. */
void bench_result(const char *name, double value, double reference, const char *unit, int decimals,
                  double ratio, const char *target, bool pass);

#endif
