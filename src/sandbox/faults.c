/* faults.c — injected failures (see faults.h). */
#include "faults.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "endpoints.h"

#define GRAMMAR "KIND[=ARG][:PROB][@ENDPOINT_ID] with KIND latency=MS, drop, code=N, " \
	"http=N or garbage (e.g. drop:0.5@payout.create)"

static const struct {
	const char *name;
	sb_fault_kind kind;
	bool needs_arg;
} kinds[] = {
	{ "latency", SB_FAULT_LATENCY, true },
	{ "drop", SB_FAULT_DROP, false },
	{ "code", SB_FAULT_CODE, true },
	{ "http", SB_FAULT_HTTP, true },
	{ "garbage", SB_FAULT_GARBAGE, false },
};

const char *sb_fault_kind_name(sb_fault_kind k)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].kind == k)
			return kinds[i].name;
	return "?";
}

static uint64_t splitmix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

/* xorshift64*: small, fast and the same on every platform. [0, 1). */
static double roll(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (double)((x * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0;
}

void sb_faults_init(sb_faults *f, unsigned long long seed)
{
	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->lock, NULL);
	f->rng = splitmix(seed);
	if (f->rng == 0)
		f->rng = 1; /* xorshift's one fixed point */
}

void sb_faults_free(sb_faults *f)
{
	free(f->items);
	pthread_mutex_destroy(&f->lock);
	memset(f, 0, sizeof(*f));
}

static int bad(pc_err *err, const char *spec, const char *why)
{
	return pc_err_set(err, PC_EINPUT, "fault '%s': %s; write " GRAMMAR, spec, why);
}

static int parse_number(const char *text, long long min, long long max, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(text, &end, 10);
	if (end == text || *end || errno || *out < min || *out > max)
		return -1;
	return 0;
}

static int parse_kind(const char *spec, char *head, sb_fault *out, pc_err *err)
{
	char *eq = strchr(head, '=');
	const char *arg = eq ? eq + 1 : NULL;

	if (eq)
		*eq = '\0';
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strcmp(head, kinds[i].name) != 0)
			continue;
		out->kind = kinds[i].kind;
		if (kinds[i].needs_arg != (arg != NULL))
			return bad(err, spec, kinds[i].needs_arg ? "this kind needs =ARG"
			                                         : "this kind takes no =ARG");
		switch (out->kind) {
		case SB_FAULT_LATENCY:
			if (parse_number(arg, 0, 600000, &out->arg) < 0)
				return bad(err, spec, "latency is milliseconds, 0 to 600000");
			break;
		case SB_FAULT_CODE:
			if (parse_number(arg, 1001, 1999, &out->arg) < 0 || !pc_api_code((int)out->arg))
				return bad(err, spec, "code must be a PayCools error code such as 1018 or 1013");
			break;
		case SB_FAULT_HTTP:
			if (parse_number(arg, 300, 599, &out->arg) < 0)
				return bad(err, spec, "http must be an HTTP status from 300 to 599");
			break;
		case SB_FAULT_DROP:
		case SB_FAULT_GARBAGE:
			break;
		}
		return 0;
	}
	return bad(err, spec, "unknown kind");
}

int sb_fault_parse(const char *spec, sb_fault *out, pc_err *err)
{
	char head[192];
	char *at, *colon;

	memset(out, 0, sizeof(*out));
	out->prob = 1.0;
	if (!spec || !*spec || strlen(spec) >= sizeof(head))
		return bad(err, spec ? spec : "", "empty or too long");
	snprintf(out->spec, sizeof(out->spec), "%s", spec);
	snprintf(head, sizeof(head), "%s", spec);
	at = strchr(head, '@');
	if (at) {
		*at = '\0';
		if (!pc_endpoint_by_id(at + 1))
			return bad(err, spec, "no endpoint with this id in the endpoint table");
		snprintf(out->endpoint, sizeof(out->endpoint), "%s", at + 1);
	}
	colon = strchr(head, ':');
	if (colon) {
		char *end;

		*colon = '\0';
		errno = 0;
		out->prob = strtod(colon + 1, &end);
		if (end == colon + 1 || *end || errno || !(out->prob >= 0.0 && out->prob <= 1.0))
			return bad(err, spec, "PROB must be a number from 0 to 1");
	}
	return parse_kind(spec, head, out, err);
}

int sb_faults_add(sb_faults *f, const char *spec, pc_err *err)
{
	sb_fault one;
	int rc = 0;

	if (sb_fault_parse(spec, &one, err) < 0)
		return -1;
	pthread_mutex_lock(&f->lock);
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		sb_fault *grown = realloc(f->items, cap * sizeof(*grown));

		if (grown) {
			f->items = grown;
			f->cap = cap;
		}
	}
	if (f->n < f->cap)
		f->items[f->n++] = one;
	else
		rc = pc_err_set(err, PC_EINPUT, "out of memory adding fault '%s'", spec);
	pthread_mutex_unlock(&f->lock);
	return rc;
}

void sb_faults_clear(sb_faults *f)
{
	pthread_mutex_lock(&f->lock);
	f->n = 0;
	pthread_mutex_unlock(&f->lock);
}

cJSON *sb_faults_json(sb_faults *f)
{
	cJSON *list = cJSON_CreateArray();

	pthread_mutex_lock(&f->lock);
	for (size_t i = 0; list && i < f->n; i++) {
		const sb_fault *one = &f->items[i];
		cJSON *o = cJSON_CreateObject();

		if (!o)
			break;
		cJSON_AddStringToObject(o, "spec", one->spec);
		cJSON_AddStringToObject(o, "kind", sb_fault_kind_name(one->kind));
		if (one->kind != SB_FAULT_DROP && one->kind != SB_FAULT_GARBAGE)
			cJSON_AddNumberToObject(o, "arg", (double)one->arg);
		cJSON_AddNumberToObject(o, "prob", one->prob);
		if (one->endpoint[0])
			cJSON_AddStringToObject(o, "endpoint", one->endpoint);
		else
			cJSON_AddNullToObject(o, "endpoint");
		cJSON_AddItemToArray(list, o);
	}
	pthread_mutex_unlock(&f->lock);
	return list;
}

/* Certain and impossible faults use no dice, so adding one does not
 * shift the sequence the others see. */
static bool hits(sb_faults *f, const sb_fault *one)
{
	if (one->prob >= 1.0)
		return true;
	if (one->prob <= 0.0)
		return false;
	return roll(&f->rng) < one->prob;
}

void sb_faults_plan(sb_faults *f, const char *endpoint_id, sb_fault_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	pthread_mutex_lock(&f->lock);
	for (size_t i = 0; i < f->n; i++) {
		const sb_fault *one = &f->items[i];

		if (one->endpoint[0] && strcmp(one->endpoint, endpoint_id) != 0)
			continue;
		if (one->kind != SB_FAULT_LATENCY && plan->hit)
			continue;
		if (!hits(f, one))
			continue;
		if (one->kind == SB_FAULT_LATENCY) {
			plan->latency_ms += one->arg;
			continue;
		}
		plan->hit = true;
		plan->kind = one->kind;
		plan->arg = one->arg;
	}
	pthread_mutex_unlock(&f->lock);
}
