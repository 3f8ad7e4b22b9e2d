/* faults.h — injected failures, from --fault and POST /_sandbox/faults.
 *
 * SPEC is KIND[=ARG][:PROB][@ENDPOINT_ID]:
 *   latency=MS   wait MS milliseconds, then go on as usual
 *   drop         process and commit the request, then close the connection
 *                without an answer (the client cannot know it succeeded)
 *   code=N       answer PayCools code N (e.g. 1018, 1013) without committing
 *   http=N       answer HTTP status N (300-599) with an HTML body, without committing
 *   garbage      process and commit, then answer a body that is not JSON
 * PROB is the chance per request, 0..1 (default 1); ENDPOINT_ID limits the
 * fault to one row of the endpoint table (e.g. payout.create). The dice
 * come from a generator seeded with --seed, so a run repeats exactly. */
#ifndef PAYCON_SB_FAULTS_H
#define PAYCON_SB_FAULTS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "err.h"

typedef enum {
	SB_FAULT_LATENCY = 0,
	SB_FAULT_DROP,
	SB_FAULT_CODE,
	SB_FAULT_HTTP,
	SB_FAULT_GARBAGE,
} sb_fault_kind;

typedef struct {
	sb_fault_kind kind;
	long long arg;        /* latency ms, PayCools code or HTTP status */
	double prob;          /* 0..1 */
	char endpoint[64];    /* "" = every endpoint */
	char spec[192];       /* as given */
} sb_fault;

typedef struct {
	pthread_mutex_t lock;
	sb_fault *items;
	size_t n, cap;
	uint64_t rng;
} sb_faults;

/* What happens to one request. */
typedef struct {
	long long latency_ms;     /* sum of the latency faults that hit */
	bool hit;                 /* a terminal fault hit: */
	sb_fault_kind kind;       /*   which kind */
	long long arg;            /*   its argument */
} sb_fault_plan;

void sb_faults_init(sb_faults *f, unsigned long long seed);
void sb_faults_free(sb_faults *f);

/* Parses one SPEC. Errors (PC_EINPUT) quote it and show the grammar. */
int sb_fault_parse(const char *spec, sb_fault *out, pc_err *err);
int sb_faults_add(sb_faults *f, const char *spec, pc_err *err);
void sb_faults_clear(sb_faults *f);
/* [{"spec":…,"kind":…,"arg":…,"prob":…,"endpoint":…}] */
cJSON *sb_faults_json(sb_faults *f);

/* Rolls the dice for one request to endpoint_id. The first terminal fault
 * (in the order added) that hits decides; latencies add up. */
void sb_faults_plan(sb_faults *f, const char *endpoint_id, sb_fault_plan *plan);

const char *sb_fault_kind_name(sb_fault_kind k);

#endif
