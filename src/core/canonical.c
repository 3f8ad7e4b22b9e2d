/* canonical.c — the string PayCools signs (design.md §4). */
#include "canonical.h"

#include <stdlib.h>
#include <string.h>

/* Parameters that take no part in the signature. */
static int is_left_out(const pc_param *param)
{
	if (strcmp(param->key, "sign") == 0)
		return 1;
	if (param->kind == PC_JNULL)
		return 1;
	return param->kind == PC_JSTR && param->value[0] == '\0';
}

/* strcmp compares as unsigned char: byte-wise order, 'Z' before 'a'. */
static int compare_by_key(const void *a, const void *b)
{
	const pc_param *const *x = a;
	const pc_param *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

char *pc_canonical(const pc_params *p)
{
	const pc_param **kept;
	size_t n = 0;
	size_t total = 1;
	size_t used = 0;
	size_t key_len;
	size_t value_len;
	size_t i;
	char *out;

	kept = malloc((p->n ? p->n : 1) * sizeof(*kept));
	if (!kept)
		return NULL;
	for (i = 0; i < p->n; i++) {
		if (is_left_out(&p->items[i]))
			continue;
		kept[n++] = &p->items[i];
		total += strlen(p->items[i].key) + 1 + strlen(p->items[i].value) + 1;
	}
	qsort(kept, n, sizeof(*kept), compare_by_key);
	out = malloc(total);
	if (!out) {
		free(kept);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			out[used++] = '&';
		key_len = strlen(kept[i]->key);
		value_len = strlen(kept[i]->value);
		memcpy(out + used, kept[i]->key, key_len);
		used += key_len;
		out[used++] = '=';
		memcpy(out + used, kept[i]->value, value_len);
		used += value_len;
	}
	out[used] = '\0';
	free(kept);
	return out;
}
