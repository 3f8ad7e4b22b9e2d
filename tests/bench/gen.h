/* gen.h — deterministic spools of signed PayCools callbacks for the benchmarks.
 *
 * A plan says, callback by callback, which object it is about, its kind
 * and outcome, and whether it is damaged; the same seed gives the same
 * plan, bodies and file names on every run. Bodies look like the sandbox's
 * (src/sandbox): payouts, refunds, QR payments and virtual-account
 * payments, signed with the platform key as PayCools signs them. */
#ifndef PAYCON_BENCH_GEN_H
#define PAYCON_BENCH_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "spool.h"

typedef enum { GEN_PAYOUT = 0, GEN_REFUND, GEN_QR, GEN_VA } gen_kind;
typedef enum { GEN_SOUND = 0, GEN_TAMPERED, GEN_MALFORMED } gen_flaw;

typedef struct {
	uint32_t object;  /* the object it reports on; follow-ups repeat one */
	uint8_t kind;     /* gen_kind */
	uint8_t failed;   /* the object's outcome in this callback */
	uint8_t flaw;     /* gen_flaw: a few bodies are altered or cut short */
	uint64_t ms;      /* when the receiver stored it (the name's time) */
} gen_callback;

/* n callbacks received from start_ms on, step_ms apart on average. */
gen_callback *gen_plan(size_t n, uint64_t seed, uint64_t start_ms, uint64_t step_ms);

/* The body of one planned callback, signed with platform (flaws applied
 * after signing). malloc'd; dies on failure. */
char *gen_body(const gen_callback *cb, const pc_key *platform);

/* The spool name of callback number i of a plan. */
void gen_name(const gen_callback *cb, size_t i, char name[PC_SPOOL_NAME_SIZE]);

/* Writes the whole plan into spool_dir/new/ (spool_dir/tmp/ made too),
 * signing on threads threads. */
void gen_spool(const char *spool_dir, const gen_callback *plan, size_t n, const pc_key *platform,
               int threads);

/* A pc_key for a fresh RSA key of bits (primes: see bench_rsa_key),
 * written to dir/platform.pem and dir/platform.pub. */
pc_key *gen_platform_key(const char *dir, int bits, int primes);

/* The data of the 100,000-callback benchmarks (spool-ingest, startup):
 * DIR/spool (signed with an RSA-4096 platform key) and DIR/platform.pub. */
#define GEN_SHARED_CALLBACKS 100000

/* Makes them in dir (which exists), signing on two threads. */
void gen_make_shared(const char *dir);

/* $BENCH_DATA when it holds them (run.sh makes them once for every
 * benchmark that needs them), else fallback_dir after making them there.
 * malloc'd. */
char *gen_shared(const char *fallback_dir);

#endif
