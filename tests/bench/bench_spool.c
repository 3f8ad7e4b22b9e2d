/* bench_spool.c — spool-ingest: callbacks verified and indexed per second
 * over a spool of 100,000 signed callback files, and the peak RSS of doing
 * it, against the bare OpenSSL EVP verify rate of the platform key.
 *
 * Indexing is what a console does when it opens a spool: scan new/, read
 * every file, judge it (strict parse, canonical string, RSA verify) and
 * keep the latest status of every object. The ingest runs in a fresh
 * process (this program run with --ingest) so that its peak RSS is its
 * own. In that process the ingest and the reference alternate in slices
 * of 1,000 callbacks and 1,000 bare verifies, so both see the same
 * machine; each side's rate is its total over its slices.
 *
 * The platform key is RSA-4096 like the merchant key PayCools asks for.
 * The spool is run.sh's shared one ($BENCH_DATA) or made here (gen.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "bench.h"
#include "callback.h"
#include "gen.h"
#include "keys.h"
#include "params.h"
#include "signature.h"
#include "spool.h"

#define NAME "spool-ingest"
#define CALLBACKS GEN_SHARED_CALLBACKS
#define INGEST_PASSES 2
#define SLICE 1000
#define REF_SAMPLES 256
#define TARGET 0.80
#define RSS_LIMIT_KIB (48L * 1024)
#define MAX_BODY (1u << 20)

/* ---- the index a console keeps ---------------------------------------- */

typedef struct {
	char *key;           /* kind, NUL, order: one object */
	uint32_t file;       /* spool position of its latest callback */
	char status[12];
	long long amount;
} index_entry;

typedef struct {
	index_entry *slots;
	size_t cap;          /* a power of two */
	size_t n;
} object_index;

static uint64_t hash_key(const char *kind, const char *order)
{
	uint64_t h = 1469598103934665603ULL;

	for (const char *p = kind; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (const char *p = order; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h;
}

static bool same_key(const char *key, const char *kind, const char *order)
{
	size_t k = strlen(kind);

	return strcmp(key, kind) == 0 && strcmp(key + k + 1, order) == 0;
}

static index_entry *index_slot(object_index *ix, const char *kind, const char *order)
{
	size_t i = (size_t)hash_key(kind, order) & (ix->cap - 1);

	while (ix->slots[i].key && !same_key(ix->slots[i].key, kind, order))
		i = (i + 1) & (ix->cap - 1);
	return &ix->slots[i];
}

static void index_grow(object_index *ix)
{
	object_index bigger = { calloc(ix->cap * 2, sizeof(index_entry)), ix->cap * 2, ix->n };

	if (!bigger.slots)
		bench_die("out of memory growing the index");
	for (size_t i = 0; i < ix->cap; i++) {
		const char *key = ix->slots[i].key;

		if (key)
			*index_slot(&bigger, key, key + strlen(key) + 1) = ix->slots[i];
	}
	free(ix->slots);
	*ix = bigger;
}

static void index_put(object_index *ix, const pc_callback *cb, uint32_t file)
{
	index_entry *e;

	if ((ix->n + 1) * 2 > ix->cap)
		index_grow(ix);
	e = index_slot(ix, cb->kind, cb->order);
	if (!e->key) {
		size_t k = strlen(cb->kind), o = strlen(cb->order);

		e->key = malloc(k + o + 2);
		if (!e->key)
			bench_die("out of memory");
		memcpy(e->key, cb->kind, k + 1);
		memcpy(e->key + k + 1, cb->order, o + 1);
		ix->n++;
	}
	e->file = file;
	snprintf(e->status, sizeof(e->status), "%s", cb->status ? cb->status : "");
	e->amount = cb->has_amount ? cb->amount : -1;
}

static void index_free(object_index *ix)
{
	for (size_t i = 0; i < ix->cap; i++)
		free(ix->slots[i].key);
	free(ix->slots);
}

/* ---- the reference ---------------------------------------------------- */

typedef struct {
	char *canonical;
	unsigned char *sig;
	size_t siglen;
} ref_sample;

/* Canonical strings and decoded signatures of the first valid callbacks
 * of the spool, made ahead: the reference times nothing but OpenSSL. */
static size_t ref_samples(pc_spool *spool, const pc_spool_list *list, const pc_key *key, ref_sample *out)
{
	size_t k = 0;

	for (size_t i = 0; i < list->n && k < REF_SAMPLES; i++) {
		char *body;
		size_t len;
		pc_params p;
		pc_err err;

		pc_params_init(&p);
		if (pc_spool_read(spool, list->items[i].name, &body, &len, MAX_BODY, &err) != 0)
			bench_die("%s", err.msg);
		if (pc_params_parse(&p, body, len, &err) == 0 &&
		    pc_verify_params(key, PC_HASH_SHA256, &p, &out[k].canonical, &err) == PC_VERDICT_VALID) {
			if (pc_base64_decode(pc_params_get(&p, "sign"), &out[k].sig, &out[k].siglen) != 0)
				bench_die("cannot decode a signature");
			k++;
		} else {
			free(out[k].canonical);
			out[k].canonical = NULL;
		}
		pc_params_free(&p);
		free(body);
	}
	if (k == 0)
		bench_die("no valid callback in the spool to take as the reference");
	return k;
}

static void free_samples(ref_sample *samples, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(samples[i].canonical);
		free(samples[i].sig);
	}
}

/* count bare verifies: initialise the digest-verify context and verify. */
static void reference_slice(EVP_MD_CTX *md, EVP_PKEY *pkey, const ref_sample *samples, size_t nsamples,
                            long count, bench_tally *t)
{
	double start = bench_now();

	for (long n = 0; n < count; n++) {
		const ref_sample *s = &samples[(size_t)(t->n + n) % nsamples];
		EVP_PKEY_CTX *pctx = NULL;

		if (EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), NULL, pkey) != 1 ||
		    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1 ||
		    EVP_DigestVerify(md, s->sig, s->siglen, (const unsigned char *)s->canonical,
		                     strlen(s->canonical)) != 1)
			bench_die("a reference signature does not verify");
	}
	t->n += count;
	t->seconds += bench_now() - start;
}

/* ---- the ingest (child process) ---------------------------------------- */

typedef struct {
	size_t valid, invalid, malformed;
	object_index ix;
} ingest_state;

/* Reads the slice's files once, untimed (see the note above main()). */
static void warm_slice(const char *new_dir, const pc_spool_list *list, size_t from, size_t to)
{
	char buf[8192];

	for (size_t i = from; i < to; i++) {
		char *path = bench_strf("%s/%s", new_dir, list->items[i].name);
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		while (fd >= 0 && read(fd, buf, sizeof(buf)) > 0)
			;
		if (fd >= 0)
			close(fd);
		free(path);
	}
}

static void ingest_slice(pc_spool *spool, const pc_spool_list *list, size_t from, size_t to, const pc_key *key,
                         ingest_state *st, bench_tally *t)
{
	double start = bench_now();

	for (size_t i = from; i < to; i++) {
		pc_callback cb;
		char *body;
		size_t len;
		pc_err err;

		if (pc_spool_read(spool, list->items[i].name, &body, &len, MAX_BODY, &err) != 0)
			bench_die("%s", err.msg);
		pc_callback_judge(&cb, body, len, key, PC_HASH_SHA256, NULL);
		if (cb.verdict == PC_VERDICT_VALID && cb.order)
			index_put(&st->ix, &cb, (uint32_t)i);
		st->valid += cb.verdict == PC_VERDICT_VALID;
		st->malformed += cb.verdict == PC_VERDICT_MALFORMED;
		st->invalid += cb.verdict != PC_VERDICT_VALID && cb.verdict != PC_VERDICT_MALFORMED;
		pc_callback_free(&cb);
		free(body);
	}
	t->n += (long)(to - from);
	t->seconds += bench_now() - start;
}

static int ingest(const char *spool_dir, const char *pub_path, bool warm)
{
	char *new_dir = bench_strf("%s/new", spool_dir);
	ingest_state st = { 0, 0, 0, { calloc(1024, sizeof(index_entry)), 1024, 0 } };
	bench_tally in = { 0, 0 }, ref = { 0, 0 };
	ref_sample samples[REF_SAMPLES];
	pc_spool_list list;
	pc_spool *spool;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	size_t nsamples;
	pc_key *key;
	pc_err err;
	double start;

	memset(samples, 0, sizeof(samples));
	if (!st.ix.slots || !md)
		bench_die("out of memory");
	key = pc_key_load_public(pub_path, &err);
	spool = key ? pc_spool_open_reader(spool_dir, &err) : NULL;
	if (!spool)
		bench_die("%s", err.msg);
	/* The scan is part of the ingest. */
	start = bench_now();
	if (pc_spool_scan(spool, &list, &err) != 0)
		bench_die("%s", err.msg);
	in.seconds = bench_now() - start;
	nsamples = ref_samples(spool, &list, key, samples);
	for (size_t from = 0; from < list.n; from += SLICE) {
		size_t to = from + SLICE < list.n ? from + SLICE : list.n;

		if (warm)
			warm_slice(new_dir, &list, from, to);
		/* Alternating which side goes first evens out a drifting load. */
		if (from / SLICE % 2 == 0) {
			ingest_slice(spool, &list, from, to, key, &st, &in);
			reference_slice(md, pc_key_evp(key), samples, nsamples, SLICE, &ref);
		} else {
			reference_slice(md, pc_key_evp(key), samples, nsamples, SLICE, &ref);
			ingest_slice(spool, &list, from, to, key, &st, &in);
		}
	}
	printf("%ld %.6f %ld %.6f %ld %zu %zu %zu %zu\n", in.n, in.seconds, ref.n, ref.seconds, bench_peak_rss_kib(),
	       st.valid, st.invalid, st.malformed, st.ix.n);
	free_samples(samples, nsamples);
	free(new_dir);
	EVP_MD_CTX_free(md);
	index_free(&st.ix);
	pc_spool_list_free(&list);
	pc_spool_close(spool);
	pc_key_free(key);
	return 0;
}

typedef struct {
	bench_tally in, ref;
	size_t valid, invalid, malformed, objects;
	long rss_kib;
} ingest_result;

static ingest_result run_ingest(const char *spool_dir, const char *pub_path, bool warm)
{
	char *argv[] = { "/proc/self/exe", "--ingest", (char *)spool_dir, (char *)pub_path, warm ? "warm" : "cold",
	                 NULL };
	ingest_result res;
	char out[256] = "";
	size_t used = 0;
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) != 0)
		bench_die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	while (used < sizeof(out) - 1 && (n = read(fds[0], out + used, sizeof(out) - 1 - used)) > 0)
		used += (size_t)n;
	out[used] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    sscanf(out, "%ld %lf %ld %lf %ld %zu %zu %zu %zu", &res.in.n, &res.in.seconds, &res.ref.n,
	           &res.ref.seconds, &res.rss_kib, &res.valid, &res.invalid, &res.malformed, &res.objects) != 9)
		bench_die("the ingest process failed (status %d): %s", status, out);
	return res;
}

/* This VM reclaims page cache that has been idle for 15-30 s (measured
 * here: reading a spool file costs 6 us of CPU while cached, 24 us of CPU
 * and 48 us of waiting after 30 s idle), so in the timed passes each slice
 * of files is read once, untimed, just before it is ingested: the ratio is
 * about paycon's work, not about this machine's disk. One pass without
 * that is printed as a note. */
int main(int argc, char **argv)
{
	bench_tally in = { 0, 0 }, ref = { 0, 0 };
	double ratio;
	long worst_rss = 0;
	char *dir, *data, *spool_dir;
	bool pass;

	bench_set_name(NAME);
	if (argc == 5 && strcmp(argv[1], "--ingest") == 0)
		return ingest(argv[2], argv[3], strcmp(argv[4], "warm") == 0);
	if (argc == 3 && strcmp(argv[1], "--generate") == 0) {
		/* For run.sh: the spool every benchmark that needs one shares. */
		gen_make_shared(argv[2]);
		return 0;
	}
	dir = bench_tmpdir();
	data = gen_shared(dir);
	spool_dir = bench_strf("%s/spool", data);
	for (int pass_no = 0; pass_no <= INGEST_PASSES; pass_no++) {
		char *pub_path = bench_strf("%s/platform.pub", data);
		bool warm = pass_no > 0;
		ingest_result res = run_ingest(spool_dir, pub_path, warm);

		free(pub_path);
		bench_note("pass %d%s: ingest %ld files in %.2f s = %.1f/s, bare EVP_DigestVerify %.1f/s, ratio %.3f "
		           "(%zu valid, %zu invalid, %zu malformed, %zu objects), peak RSS %.1f MiB", pass_no,
		           warm ? "" : " (files as the page cache left them; not counted)", res.in.n, res.in.seconds,
		           bench_rate(&res.in), bench_rate(&res.ref), bench_rate(&res.in) / bench_rate(&res.ref),
		           res.valid, res.invalid, res.malformed, res.objects, (double)res.rss_kib / 1024);
		if (res.in.n != CALLBACKS)
			bench_die("the ingest saw %ld files, not %d", res.in.n, CALLBACKS);
		if (res.rss_kib > worst_rss)
			worst_rss = res.rss_kib;
		if (!warm)
			continue;
		in.n += res.in.n;
		in.seconds += res.in.seconds;
		ref.n += res.ref.n;
		ref.seconds += res.ref.seconds;
	}
	ratio = bench_rate(&in) / bench_rate(&ref);
	pass = ratio >= TARGET && worst_rss <= RSS_LIMIT_KIB;
	bench_note("peak RSS %.1f MiB (limit 48 MiB)", (double)worst_rss / 1024);
	bench_result(NAME, bench_rate(&in), bench_rate(&ref), "/s", 1, ratio, ">=0.80,rss<=48MiB", pass);
	bench_rmtree(dir);
	free(dir);
	free(spool_dir);
	free(data);
	return 0;
}
