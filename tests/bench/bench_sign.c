/* bench_sign.c — sign-throughput: signed requests per second through the
 * core (pc_client_call, one keep-alive libcurl handle) against a local
 * paycon-sandbox, with an RSA-4096 merchant key, against the bare OpenSSL
 * EVP_DigestSign rate of the same key in the same run.
 *
 * Each request is signed by the client and verified by the sandbox, on a
 * two-core machine one core each: the ratio shows what paycon adds around
 * the private-key operation (canonical string, JSON, HTTP, parsing the
 * answer). Reference and core alternate in quarter-second slices and each
 * side's rate is its total over all its slices, so both see the same
 * machine even when neighbours come and go. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "bench.h"
#include "client.h"
#include "config.h"
#include "keys.h"

#define NAME "sign-throughput"
#define KEY_BITS 4096
#define SLICES 40
#define SLICE_SECONDS 0.25
#define TARGET 0.90
#define ENDPOINT "account.balance"

typedef struct {
	char *dir;
	char *key_path;
	char *pub_path;
	bench_server sandbox;
	pc_profile profile;
	pc_client client;
} sign_bench;

static void make_keys(sign_bench *b)
{
	pc_err err;
	pc_key *key = pc_key_generate(KEY_BITS, &err);

	if (!key)
		bench_die("%s", err.msg);
	b->key_path = bench_strf("%s/merchant.pem", b->dir);
	b->pub_path = bench_strf("%s/merchant.pub", b->dir);
	if (pc_key_write_private(key, b->key_path, &err) != 0 || pc_key_write_public(key, b->pub_path, &err) != 0)
		bench_die("%s", err.msg);
	pc_key_free(key);
}

static void start_sandbox(sign_bench *b)
{
	char *log = bench_strf("%s/sandbox.log", b->dir);
	char *argv[] = {
		(char *)bench_program("SANDBOX", "src/paycon-sandbox"),
		"--listen", "127.0.0.1:0", "--app-id", "bench-app",
		/* The sandbox only signs callbacks, and a balance call makes none:
		 * any private key will do as the platform's. */
		"--merchant-public-key", b->pub_path, "--platform-private-key", b->key_path,
		NULL,
	};

	bench_server_start(&b->sandbox, argv, log);
	free(log);
}

static void open_client(sign_bench *b)
{
	pc_profile *p = &b->profile;
	pc_err err;

	memset(p, 0, sizeof(*p));
	p->name = "bench";
	p->environment = PC_ENV_SANDBOX;
	p->base_url = b->sandbox.url;
	p->app_id = "bench-app";
	p->app_name = "paycon bench";
	p->private_key = b->key_path;
	p->spool = b->dir;
	p->role = PC_ROLE_OPERATOR;
	p->sign_hash = PC_HASH_SHA256;
	p->timeout_ms = 15000;
	p->connect_timeout_ms = 5000;
	if (pc_client_init(&b->client, p, &err) != 0 || !pc_client_key(&b->client, &err))
		bench_die("%s", err.msg);
}

static void one_call(sign_bench *b)
{
	pc_params none;
	pc_envelope env;
	pc_err err;

	pc_params_init(&none);
	if (pc_client_call(&b->client, ENDPOINT, &none, &env, &err) != 0)
		bench_die("%s failed: %s", ENDPOINT, err.msg);
	pc_envelope_free(&env);
}

/* Requests through the core for one slice. */
static void core_slice(sign_bench *b, bench_tally *t, double *cpu)
{
	double start = bench_now(), cpu_start = bench_cpu_seconds(), now;

	do {
		one_call(b);
		t->n++;
		now = bench_now();
	} while (now - start < SLICE_SECONDS);
	t->seconds += now - start;
	*cpu += bench_cpu_seconds() - cpu_start;
}

/* The canonical string of one real request: what the reference signs. */
static char *sample_canonical(sign_bench *b)
{
	pc_params none;
	pc_request rq;
	pc_err err;
	char *text;

	pc_params_init(&none);
	if (pc_client_build(&b->client, pc_endpoint_by_id(ENDPOINT), &none, &rq, &err) != 0)
		bench_die("%s", err.msg);
	text = strdup(rq.canonical);
	pc_request_free(&rq);
	if (!text)
		bench_die("out of memory");
	return text;
}

/* Bare OpenSSL for one slice: initialise the digest-sign context and
 * sign, nothing else. */
static void reference_slice(EVP_MD_CTX *md, EVP_PKEY *pkey, const char *msg, bench_tally *t, double *cpu)
{
	unsigned char sig[KEY_BITS / 8];
	double start = bench_now(), cpu_start = bench_cpu_seconds(), now;
	size_t len = strlen(msg);

	do {
		EVP_PKEY_CTX *pctx = NULL;
		size_t siglen = sizeof(sig);

		if (EVP_DigestSignInit(md, &pctx, EVP_sha256(), NULL, pkey) != 1 ||
		    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1 ||
		    EVP_DigestSign(md, sig, &siglen, (const unsigned char *)msg, len) != 1)
			bench_die("EVP_DigestSign failed");
		t->n++;
		now = bench_now();
	} while (now - start < SLICE_SECONDS);
	t->seconds += now - start;
	*cpu += bench_cpu_seconds() - cpu_start;
}

int main(void)
{
	sign_bench b;
	bench_tally core = { 0, 0 }, ref = { 0, 0 };
	double core_cpu = 0, ref_cpu = 0, sandbox_cpu;
	EVP_MD_CTX *md;
	double ratio;
	char *canonical;
	EVP_PKEY *pkey;
	pc_err err;

	bench_set_name(NAME);
	memset(&b, 0, sizeof(b));
	b.dir = bench_tmpdir();
	setenv("XDG_STATE_HOME", b.dir, 1);
	setenv("XDG_CONFIG_HOME", b.dir, 1);
	make_keys(&b);
	start_sandbox(&b);
	open_client(&b);
	pkey = pc_key_evp(pc_client_key(&b.client, &err));
	canonical = sample_canonical(&b);
	bench_note("RSA-%d merchant key, %s against paycon-sandbox at %s; %d interleaved slices of %.2f s "
	           "each side", KEY_BITS, ENDPOINT, b.sandbox.url, SLICES, SLICE_SECONDS);
	one_call(&b); /* connects: the slices measure the kept-alive connection */
	sandbox_cpu = bench_child_cpu_seconds(b.sandbox.pid);
	md = EVP_MD_CTX_new();
	if (!md)
		bench_die("out of memory");
	for (int s = 0; s < SLICES; s++) {
		/* Alternating which side goes first evens out a drifting load. */
		if (s % 2 == 0) {
			reference_slice(md, pkey, canonical, &ref, &ref_cpu);
			core_slice(&b, &core, &core_cpu);
		} else {
			core_slice(&b, &core, &core_cpu);
			reference_slice(md, pkey, canonical, &ref, &ref_cpu);
		}
		if ((s + 1) % (SLICES / 4) == 0)
			bench_note("after %4.1f s each: core %.1f req/s, bare EVP_DigestSign %.1f sig/s", core.seconds,
			           bench_rate(&core), bench_rate(&ref));
	}
	EVP_MD_CTX_free(md);
	sandbox_cpu = bench_child_cpu_seconds(b.sandbox.pid) - sandbox_cpu;
	/* Where the time goes: paycon's own CPU per request next to a bare
	 * signature's, and the sandbox's share of the round trip. */
	bench_note("CPU per request: client %.2f ms (bare signature %.2f ms), sandbox %.2f ms; wall per request "
	           "%.2f ms", core_cpu * 1000 / (double)core.n, ref_cpu * 1000 / (double)ref.n,
	           sandbox_cpu * 1000 / (double)core.n, core.seconds * 1000 / (double)core.n);
	ratio = bench_rate(&core) / bench_rate(&ref);
	bench_result(NAME, bench_rate(&core), bench_rate(&ref), "/s", 1, ratio, ">=0.90", ratio >= TARGET);
	free(canonical);
	pc_client_free(&b.client);
	bench_server_stop(&b.sandbox);
	bench_rmtree(b.dir);
	free(b.dir);
	free(b.key_path);
	free(b.pub_path);
	return 0;
}
