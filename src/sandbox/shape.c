/* shape.c — answers checked against the endpoint table (see shape.h). */
#include "shape.h"

#include <stdio.h>
#include <string.h>

#define MAX_NAMES 64
#define NAME_MAX_LEN 64

/* One response string, parsed: top-level names, and for "list[].f" the
 * list name and element field. list "" stands for data itself ("[].f"). */
typedef struct {
	char top[MAX_NAMES][NAME_MAX_LEN];
	int ntop;
	char list[MAX_NAMES][NAME_MAX_LEN];
	char field[MAX_NAMES][NAME_MAX_LEN];
	int nfields;
} shape;

static bool has_name(char names[][NAME_MAX_LEN], int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

static void add_entry(shape *s, const char *entry, size_t len)
{
	const char *brackets = memchr(entry, '[', len);
	size_t list_len;

	if (len == 0 || len >= NAME_MAX_LEN)
		return;
	if (!brackets) {
		if (s->ntop < MAX_NAMES)
			snprintf(s->top[s->ntop++], NAME_MAX_LEN, "%.*s", (int)len, entry);
		return;
	}
	list_len = (size_t)(brackets - entry);
	if (s->nfields >= MAX_NAMES || len < list_len + 4)
		return;
	snprintf(s->list[s->nfields], NAME_MAX_LEN, "%.*s", (int)list_len, entry);
	snprintf(s->field[s->nfields], NAME_MAX_LEN, "%.*s", (int)(len - list_len - 3),
	         brackets + 3);
	s->nfields++;
	if (list_len > 0 && !has_name(s->top, s->ntop, s->list[s->nfields - 1]) && s->ntop < MAX_NAMES)
		memcpy(s->top[s->ntop++], s->list[s->nfields - 1], NAME_MAX_LEN);
}

static void parse_shape(const char *response, shape *s)
{
	memset(s, 0, sizeof(*s));
	for (const char *p = response ? response : ""; *p;) {
		size_t n;

		p += strspn(p, ", ");
		n = strcspn(p, ",");
		while (n > 0 && p[n - 1] == ' ')
			n--;
		add_entry(s, p, n);
		p += strcspn(p, ",");
	}
}

/* The fields that elements of list must have. */
static int element_fields(const shape *s, const char *list, const char **out)
{
	int n = 0;

	for (int i = 0; i < s->nfields; i++)
		if (strcmp(s->list[i], list) == 0)
			out[n++] = s->field[i];
	return n;
}

/* o has exactly the names given. */
static bool object_matches(const cJSON *o, const char **names, int n, const char *where,
                           char *why, size_t size)
{
	const cJSON *member;

	if (!cJSON_IsObject(o)) {
		snprintf(why, size, "%s is not an object", where);
		return false;
	}
	for (int i = 0; i < n; i++) {
		if (!cJSON_GetObjectItemCaseSensitive(o, names[i])) {
			snprintf(why, size, "%s lacks %s", where, names[i]);
			return false;
		}
	}
	cJSON_ArrayForEach(member, o) {
		int i;

		for (i = 0; i < n; i++)
			if (strcmp(member->string, names[i]) == 0)
				break;
		if (i == n) {
			snprintf(why, size, "%s has %s, which the table does not list", where, member->string);
			return false;
		}
	}
	return true;
}

static bool elements_match(const shape *s, const char *list, const cJSON *array, char *why,
                           size_t size)
{
	const char *names[MAX_NAMES];
	int n = element_fields(s, list, names);
	const cJSON *el;
	char where[NAME_MAX_LEN + 16];

	if (n == 0)
		return true; /* listed without element fields: any content */
	if (!cJSON_IsArray(array)) {
		snprintf(why, size, "%s is not a list", list[0] ? list : "data");
		return false;
	}
	snprintf(where, sizeof(where), "%s[]", list);
	cJSON_ArrayForEach(el, array)
		if (!object_matches(el, names, n, where, why, size))
			return false;
	return true;
}

bool sb_response_shape_ok(const pc_endpoint *ep, const cJSON *data, char *why, size_t size)
{
	const char *names[MAX_NAMES];
	shape s;

	parse_shape(ep->response, &s);
	if (s.ntop == 0)
		return elements_match(&s, "", data, why, size);
	for (int i = 0; i < s.ntop; i++)
		names[i] = s.top[i];
	if (!object_matches(data, names, s.ntop, "data", why, size))
		return false;
	for (int i = 0; i < s.ntop; i++)
		if (!elements_match(&s, s.top[i], cJSON_GetObjectItemCaseSensitive(data, s.top[i]), why,
		                    size))
			return false;
	return true;
}
