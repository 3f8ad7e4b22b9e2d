/* gen.c — deterministic spools of signed callbacks (see gen.h). */
#include "gen.h"

#include <errno.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bench.h"
#include "params.h"
#include "signature.h"

/* One callback in this many is a follow-up on a recent object (a later
 * status, a refund of a collection, a redelivery). */
#define FOLLOW_UP_PERCENT 25
#define RECENT_OBJECTS 2000
#define FAILED_PERCENT 8
/* Per 10,000: bodies altered after signing, and bodies cut short. */
#define TAMPERED_PER_10K 50
#define MALFORMED_PER_10K 10
#define GEN_PID 4711
#define GEN_HOST "hookd-1"

static gen_kind pick_kind(bench_rng *r)
{
	uint64_t k = bench_rng_below(r, 100);

	if (k < 55)
		return GEN_PAYOUT;
	if (k < 70)
		return GEN_REFUND;
	if (k < 90)
		return GEN_QR;
	return GEN_VA;
}

gen_callback *gen_plan(size_t n, uint64_t seed, uint64_t start_ms, uint64_t step_ms)
{
	gen_callback *plan = calloc(n ? n : 1, sizeof(*plan));
	uint8_t *kinds = calloc(n ? n : 1, 1);
	uint32_t objects = 0;
	bench_rng r;

	if (!plan || !kinds)
		bench_die("out of memory planning %zu callbacks", n);
	bench_rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++) {
		gen_callback *cb = &plan[i];
		uint64_t flaw = bench_rng_below(&r, 10000);

		if (objects > 0 && bench_rng_below(&r, 100) < FOLLOW_UP_PERCENT) {
			uint32_t back = (uint32_t)bench_rng_below(&r, objects < RECENT_OBJECTS ? objects : RECENT_OBJECTS);

			cb->object = objects - 1 - back;
			cb->kind = kinds[cb->object];
		} else {
			cb->object = objects;
			cb->kind = (uint8_t)pick_kind(&r);
			kinds[objects++] = cb->kind;
		}
		cb->failed = bench_rng_below(&r, 100) < FAILED_PERCENT;
		cb->flaw = flaw < TAMPERED_PER_10K ? GEN_TAMPERED
		         : flaw < TAMPERED_PER_10K + MALFORMED_PER_10K ? GEN_MALFORMED : GEN_SOUND;
		cb->ms = start_ms + i * step_ms + bench_rng_below(&r, step_ms ? step_ms : 1);
	}
	free(kinds);
	return plan;
}

/* Philippine time (UTC+8), as PayCools writes it. */
static void time_text(uint64_t ms, char out[32])
{
	time_t t = (time_t)(ms / 1000) + 8 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Stable per object: the same object always has the same amount. */
static long long object_amount(uint32_t object)
{
	bench_rng r;

	bench_rng_seed(&r, BENCH_SEED ^ ((uint64_t)object << 20));
	return 100 + (long long)bench_rng_below(&r, 5000000);
}

static void set(pc_params *p, const char *key, const char *value)
{
	if (pc_params_set_str(p, key, value) != 0)
		bench_die("out of memory");
}

static void set_int(pc_params *p, const char *key, long long value)
{
	if (pc_params_set_int(p, key, value) != 0)
		bench_die("out of memory");
}

static void payment_fields(pc_params *p, const gen_callback *cb, const char *order, const char *txn,
                           long long amount)
{
	char when[32];

	set(p, "mchOrderId", order);
	set(p, "transactionId", txn);
	set_int(p, "amount", amount);
	set(p, "transactionStatus", cb->failed ? "FAILED" : "COMPLETE");
	time_text(cb->ms - 60000, when);
	set(p, "createTime", when);
	time_text(cb->ms, when);
	set(p, "returnTime", when);
}

static void failure_fields(pc_params *p, const gen_callback *cb)
{
	if (!cb->failed)
		return;
	set_int(p, "failedCode", -10005);
	set(p, "failedMessage", "Transaction Destination Account Error");
}

static void fill(pc_params *p, const gen_callback *cb)
{
	long long amount = object_amount(cb->object);
	char order[32], txn[32], other[32], when[32];

	snprintf(order, sizeof(order), "ORD%09u", (unsigned)cb->object);
	snprintf(txn, sizeof(txn), "D1007%09u%06u", (unsigned)(cb->ms / 1000 % 1000000000u),
	         (unsigned)(cb->object % 1000000u));
	switch ((gen_kind)cb->kind) {
	case GEN_PAYOUT:
		set(p, "eventName", cb->failed ? "disbursement.failed" : "disbursement.success");
		payment_fields(p, cb, order, txn, amount);
		failure_fields(p, cb);
		break;
	case GEN_REFUND:
		snprintf(order, sizeof(order), "REF%09u", (unsigned)cb->object);
		snprintf(other, sizeof(other), "C1007%09u%06u", (unsigned)((cb->ms / 1000 - 86400) % 1000000000u),
		         (unsigned)(cb->object % 1000000u));
		txn[0] = 'R';
		set(p, "eventName", cb->failed ? "payment.refund.failed" : "payment.refund.success");
		set(p, "mchRefundOrderId", order);
		set(p, "refundTransactionId", txn);
		set(p, "originalTransactionId", other);
		set_int(p, "refundAmount", amount / 2);
		set_int(p, "feeRefunded", amount / 200);
		set(p, "refundStatus", cb->failed ? "FAILED" : "COMPLETE");
		time_text(cb->ms - 60000, when);
		set(p, "refundCreateTime", when);
		time_text(cb->ms, when);
		set(p, "refundReturnTime", when);
		failure_fields(p, cb);
		break;
	case GEN_QR:
		txn[0] = 'C';
		set(p, "eventName", cb->failed ? "qrcode.payment.failed" : "qrcode.payment.success");
		payment_fields(p, cb, order, txn, amount);
		set(p, "channelCode", "QRPH_DYNAMIC_QR");
		failure_fields(p, cb);
		break;
	case GEN_VA:
		txn[0] = 'C';
		snprintf(other, sizeof(other), "PC%013u", (unsigned)cb->object);
		set(p, "eventName", "payment.success");
		set(p, "mchOrderId", order);
		set(p, "transactionId", txn);
		set(p, "channelCode", "BPI_VA");
		set(p, "referenceNumber", other);
		set_int(p, "amount", amount);
		set(p, "transactionStatus", "COMPLETE");
		break;
	}
}

char *gen_body(const gen_callback *cb, const pc_key *platform)
{
	pc_params p;
	pc_err err;
	char *body;

	pc_params_init(&p);
	fill(&p, cb);
	if (pc_sign_params(platform, PC_HASH_SHA256, &p, NULL, &err) != 0)
		bench_die("%s", err.msg);
	if (cb->flaw == GEN_TAMPERED)
		set_int(&p, cb->kind == GEN_REFUND ? "refundAmount" : "amount", 1);
	body = pc_params_to_json(&p);
	pc_params_free(&p);
	if (!body)
		bench_die("out of memory");
	if (cb->flaw == GEN_MALFORMED)
		body[strlen(body) / 2] = '\0';
	return body;
}

void gen_name(const gen_callback *cb, size_t i, char name[PC_SPOOL_NAME_SIZE])
{
	if (pc_spool_make_name(name, PC_SPOOL_NAME_SIZE, cb->ms, GEN_PID, (uint64_t)i + 1, GEN_HOST) != 0)
		bench_die("cannot make a spool name");
}

typedef struct {
	const char *new_dir;
	const gen_callback *plan;
	size_t n;
	const pc_key *platform;
	int threads;
	int index;
} gen_job;

static void *gen_stripe(void *arg)
{
	const gen_job *job = arg;
	char name[PC_SPOOL_NAME_SIZE];

	for (size_t i = (size_t)job->index; i < job->n; i += (size_t)job->threads) {
		char *body = gen_body(&job->plan[i], job->platform);
		char *path;

		gen_name(&job->plan[i], i, name);
		path = bench_strf("%s/%s", job->new_dir, name);
		bench_write_file(path, body, strlen(body), PC_SPOOL_FILE_MODE);
		free(path);
		free(body);
	}
	return NULL;
}

void gen_spool(const char *spool_dir, const gen_callback *plan, size_t n, const pc_key *platform,
               int threads)
{
	char *tmp_dir = bench_strf("%s/tmp", spool_dir);
	char *new_dir = bench_strf("%s/new", spool_dir);
	pthread_t tids[16];
	gen_job jobs[16];

	if (threads < 1 || threads > 16)
		threads = 1;
	if ((mkdir(spool_dir, PC_SPOOL_DIR_MODE) != 0 && errno != EEXIST) ||
	    (mkdir(tmp_dir, PC_SPOOL_DIR_MODE) != 0 && errno != EEXIST) ||
	    (mkdir(new_dir, PC_SPOOL_DIR_MODE) != 0 && errno != EEXIST))
		bench_die("cannot create the spool %s: %s", spool_dir, strerror(errno));
	for (int t = 0; t < threads; t++) {
		jobs[t] = (gen_job){ new_dir, plan, n, platform, threads, t };
		if (pthread_create(&tids[t], NULL, gen_stripe, &jobs[t]) != 0)
			bench_die("cannot start a thread");
	}
	for (int t = 0; t < threads; t++)
		pthread_join(tids[t], NULL);
	free(tmp_dir);
	free(new_dir);
}

pc_key *gen_platform_key(const char *dir, int bits, int primes)
{
	EVP_PKEY *k = bench_rsa_key(bits, primes);
	char *pem = bench_strf("%s/platform.pem", dir);
	char *pub = bench_strf("%s/platform.pub", dir);
	pc_key *key;
	pc_err err;

	bench_write_private(k, pem);
	bench_write_public(k, pub);
	EVP_PKEY_free(k);
	key = pc_key_load_private(pem, NULL, NULL, NULL, &err);
	if (!key)
		bench_die("%s", err.msg);
	free(pem);
	free(pub);
	return key;
}

void gen_make_shared(const char *dir)
{
	/* A month of callbacks, one every 26 s, from 2024-11-01 00:00 UTC. */
	gen_callback *plan = gen_plan(GEN_SHARED_CALLBACKS, BENCH_SEED, 1730419200000ULL, 26000);
	char *spool = bench_strf("%s/spool", dir);
	double start = bench_now();
	/* Four primes only make signing 100,000 bodies faster: verifying
	 * costs the same (modulus and public exponent are what it uses). */
	pc_key *key = gen_platform_key(dir, 4096, 4);

	gen_spool(spool, plan, GEN_SHARED_CALLBACKS, key, 2);
	bench_note("generated %d signed callbacks (RSA-4096 platform key) in %.1f s", GEN_SHARED_CALLBACKS,
	           bench_now() - start);
	pc_key_free(key);
	free(spool);
	free(plan);
}

char *gen_shared(const char *fallback_dir)
{
	const char *shared = getenv("BENCH_DATA");

	if (shared && *shared) {
		char *pub = bench_strf("%s/platform.pub", shared);
		char *spool = bench_strf("%s/spool/new", shared);
		struct stat st;
		bool ready = stat(pub, &st) == 0 && stat(spool, &st) == 0;

		free(pub);
		free(spool);
		if (ready)
			return strdup(shared);
	}
	gen_make_shared(fallback_dir);
	return strdup(fallback_dir);
}
