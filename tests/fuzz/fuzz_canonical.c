/* fuzz_canonical.c — the strict JSON object parser and the canonical string.
 *
 * For every input the parser accepts:
 *   - the canonical string is deterministic (twice the same);
 *   - it does not depend on member order: the members shuffled (a
 *     permutation drawn from the input) give the same canonical string;
 *   - serialising and parsing again gives the same members, the same
 *     serialisation and the same canonical string;
 *   - `sign` takes no part in it (the same without the member).
 * A refusal is PC_EINPUT with a message that says where ("byte N: ..."). */
#include <string.h>

#include "canonical.h"
#include "fuzz.h"
#include "params.h"

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static uint64_t hash_of(const uint8_t *data, size_t size)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211ULL;
	return h;
}

/* p's members in an order drawn from seed (Fisher-Yates). */
static void shuffled(const pc_params *p, uint64_t seed, pc_params *out)
{
	size_t *order = malloc((p->n ? p->n : 1) * sizeof(*order));

	FUZZ_ASSERT(order != NULL, "out of memory");
	for (size_t i = 0; i < p->n; i++)
		order[i] = i;
	for (size_t i = p->n; i > 1; i--) {
		size_t j;
		size_t t;

		seed = mix(seed + i);
		j = (size_t)(seed % i);
		t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	pc_params_init(out);
	for (size_t i = 0; i < p->n; i++) {
		const pc_param *m = &p->items[order[i]];

		FUZZ_ASSERT(pc_params_set(out, m->key, m->kind, m->value) == 0, "cannot copy a member");
	}
	free(order);
}

static int same_members(const pc_params *a, const pc_params *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->items[i].key, b->items[i].key) != 0 || a->items[i].kind != b->items[i].kind
		    || strcmp(a->items[i].value, b->items[i].value) != 0)
			return 0;
	return 1;
}

static void check_accepted(const pc_params *p, const uint8_t *data, size_t size)
{
	char *c1 = pc_canonical(p);
	char *c2 = pc_canonical(p);
	char *json = pc_params_to_json(p);
	pc_params shuffled_p, again;
	char *c3, *c4, *json2;
	pc_err err;

	FUZZ_ASSERT(c1 && c2 && json, "out of memory");
	FUZZ_ASSERT(strcmp(c1, c2) == 0, "canonical string is not deterministic");
	{
		pc_params unsigned_p;
		char *c0;

		FUZZ_ASSERT(pc_params_copy(&unsigned_p, p) == 0, "out of memory");
		pc_params_remove(&unsigned_p, "sign");
		c0 = pc_canonical(&unsigned_p);
		FUZZ_ASSERT(c0 && strcmp(c0, c1) == 0, "the canonical string depends on sign");
		free(c0);
		pc_params_free(&unsigned_p);
	}
	shuffled(p, hash_of(data, size), &shuffled_p);
	c3 = pc_canonical(&shuffled_p);
	FUZZ_ASSERT(c3 && strcmp(c1, c3) == 0, "canonical string depends on member order");
	pc_err_clear(&err);
	FUZZ_ASSERT(pc_params_parse(&again, json, strlen(json), &err) == 0,
	            "the serialisation of an accepted object does not parse");
	FUZZ_ASSERT(same_members(p, &again), "serialise + parse changes the members");
	json2 = pc_params_to_json(&again);
	c4 = pc_canonical(&again);
	FUZZ_ASSERT(json2 && strcmp(json, json2) == 0, "serialisation is not stable");
	FUZZ_ASSERT(c4 && strcmp(c1, c4) == 0, "serialise + parse changes the canonical string");
	free(c1);
	free(c2);
	free(c3);
	free(c4);
	free(json);
	free(json2);
	pc_params_free(&shuffled_p);
	pc_params_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pc_params p;
	pc_err err;

	pc_err_clear(&err);
	if (pc_params_parse(&p, (const char *)data, size, &err) == 0) {
		check_accepted(&p, data, size);
		pc_params_free(&p);
	} else {
		FUZZ_ASSERT(err.cls == PC_EINPUT, "a refusal that is not PC_EINPUT");
		FUZZ_ASSERT(strncmp(err.msg, "byte ", 5) == 0, "a refusal that does not say where");
		FUZZ_ASSERT(p.n == 0, "a refused text left members behind");
	}
	return 0;
}
