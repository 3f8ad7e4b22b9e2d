/* params.c — a flat JSON object kept as written (see params.h).
 *
 * The parser is hand-written because the signature covers the text of each
 * value: numbers must keep their token and nested values their bytes. It is
 * strict on purpose — callbacks are hostile input, and anything a verifier
 * and a consumer could read differently (duplicate keys, lone surrogates,
 * invalid UTF-8) is refused rather than guessed at. */
#include "params.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "urlcode.h"
#include "utf8.h"

/* ------------------------------------------------------------------ list */

void pc_params_init(pc_params *p)
{
	p->items = NULL;
	p->n = 0;
	p->cap = 0;
}

void pc_params_free(pc_params *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->items[i].key);
		free(p->items[i].value);
	}
	free(p->items);
	pc_params_init(p);
}

/* The array items (n used, *cap allocated, each size bytes) with room for
 * one more: the same pointer while there is room, else reallocated to
 * twice the size so appends stay linear overall. NULL when out of memory
 * (items is left as it was). */
static void *grow_for_one(void *items, size_t n, size_t *cap, size_t size)
{
	size_t want;
	void *grown;

	if (n < *cap)
		return items;
	want = *cap ? *cap * 2 : 8;
	grown = realloc(items, want * size);
	if (grown)
		*cap = want;
	return grown;
}

/* Appends without looking for an existing key; takes ownership of key and
 * value (freeing them on failure). */
static int params_append_owned(pc_params *p, char *key, pc_jkind kind, char *value)
{
	pc_param *grown = grow_for_one(p->items, p->n, &p->cap, sizeof(*grown));

	if (!grown) {
		free(key);
		free(value);
		return -1;
	}
	p->items = grown;
	p->items[p->n].key = key;
	p->items[p->n].kind = kind;
	p->items[p->n].value = value;
	p->n++;
	return 0;
}

int pc_params_copy(pc_params *dst, const pc_params *src)
{
	size_t i;
	char *key;
	char *value;

	pc_params_init(dst);
	for (i = 0; i < src->n; i++) {
		key = strdup(src->items[i].key);
		value = strdup(src->items[i].value);
		if (!key || !value) {
			free(key);
			free(value);
			pc_params_free(dst);
			return -1;
		}
		if (params_append_owned(dst, key, src->items[i].kind, value) < 0) {
			pc_params_free(dst);
			return -1;
		}
	}
	return 0;
}

static pc_param *params_find_mutable(const pc_params *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (strcmp(p->items[i].key, key) == 0)
			return &p->items[i];
	}
	return NULL;
}

int pc_params_set(pc_params *p, const char *key, pc_jkind kind, const char *value)
{
	pc_param *existing;
	char *key_copy;
	char *value_copy;

	if (!p || !key)
		return -1;
	if (kind == PC_JNULL)
		value = "null";
	if (!value)
		return -1;
	value_copy = strdup(value);
	if (!value_copy)
		return -1;
	existing = params_find_mutable(p, key);
	if (existing) {
		free(existing->value);
		existing->value = value_copy;
		existing->kind = kind;
		return 0;
	}
	key_copy = strdup(key);
	if (!key_copy) {
		free(value_copy);
		return -1;
	}
	return params_append_owned(p, key_copy, kind, value_copy);
}

int pc_params_set_str(pc_params *p, const char *key, const char *value)
{
	return pc_params_set(p, key, PC_JSTR, value);
}

int pc_params_set_int(pc_params *p, const char *key, long long value)
{
	char text[32];

	snprintf(text, sizeof(text), "%lld", value);
	return pc_params_set(p, key, PC_JNUM, text);
}

int pc_params_remove(pc_params *p, const char *key)
{
	pc_param *victim;
	size_t index;

	if (!p || !key)
		return -1;
	victim = params_find_mutable(p, key);
	if (!victim)
		return 0;
	index = (size_t)(victim - p->items);
	free(victim->key);
	free(victim->value);
	memmove(victim, victim + 1, (p->n - index - 1) * sizeof(*victim));
	p->n--;
	return 0;
}

const pc_param *pc_params_find(const pc_params *p, const char *key)
{
	if (!p || !key)
		return NULL;
	return params_find_mutable(p, key);
}

const char *pc_params_get(const pc_params *p, const char *key)
{
	const pc_param *param = pc_params_find(p, key);

	return param ? param->value : NULL;
}

bool pc_params_is_empty(const pc_params *p, const char *key)
{
	const pc_param *param = pc_params_find(p, key);

	if (!param || param->kind == PC_JNULL)
		return true;
	return param->kind == PC_JSTR && param->value[0] == '\0';
}

/* ---------------------------------------------------------------- parser */

typedef struct {
	const unsigned char *s;
	size_t len;
	size_t pos;
	pc_err *err;
} jparser;

/* One decoded object key and where it starts, for the duplicate check. */
typedef struct {
	char *key;
	size_t at;
} key_entry;

typedef struct {
	key_entry *items;
	size_t n;
	size_t cap;
} key_list;

static int parse_value(jparser *jp, int depth);

static int jp_fail(jparser *jp, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int jp_fail(jparser *jp, size_t at, const char *fmt, ...)
{
	char what[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return pc_err_set(jp->err, PC_EINPUT, "byte %zu: %s", at, what);
}

static int jp_oom(jparser *jp)
{
	return pc_err_set(jp->err, PC_EINPUT,
		"byte %zu: out of memory while reading JSON; free some memory and try again",
		jp->pos);
}

/* What sits at the current position, printable in a message. */
static const char *describe_here(const jparser *jp, char *buf, size_t size)
{
	unsigned char c;

	if (jp->pos >= jp->len)
		return "the end of the text";
	c = jp->s[jp->pos];
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, size, "'%c'", c);
	else
		snprintf(buf, size, "byte 0x%02x", c);
	return buf;
}

/* Copies at most 40 bytes of a key for a message, escaping anything that
 * is not printable ASCII so a hostile key cannot reach the terminal. */
static const char *quote_key(const char *key, char *buf, size_t size)
{
	size_t used = 0;
	size_t i;
	unsigned char c;

	for (i = 0; key[i] != '\0' && i < 40 && used + 5 < size; i++) {
		c = (unsigned char)key[i];
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
			buf[used++] = (char)c;
		else
			used += (size_t)snprintf(buf + used, size - used, "\\x%02x", c);
	}
	if (key[i] != '\0' && used + 4 < size) {
		memcpy(buf + used, "...", 3);
		used += 3;
	}
	buf[used] = '\0';
	return buf;
}

static bool jp_at_end(const jparser *jp)
{
	return jp->pos >= jp->len;
}

static unsigned char jp_peek(const jparser *jp)
{
	return jp_at_end(jp) ? 0 : jp->s[jp->pos];
}

static void skip_whitespace(jparser *jp)
{
	unsigned char c;

	while (!jp_at_end(jp)) {
		c = jp->s[jp->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			return;
		jp->pos++;
	}
}

static int expect_byte(jparser *jp, char want, const char *context)
{
	char found[16];

	skip_whitespace(jp);
	if (jp_peek(jp) != (unsigned char)want)
		return jp_fail(jp, jp->pos, "expected '%c' %s, found %s; the text is not valid JSON",
			want, context, describe_here(jp, found, sizeof(found)));
	jp->pos++;
	return 0;
}

/* Reads the four hex digits after "\u" at jp->pos. */
static int read_hex4(jparser *jp, size_t escape_at, uint32_t *out)
{
	uint32_t value = 0;
	int digit;
	size_t i;

	if (jp->len - jp->pos < 4)
		return jp_fail(jp, escape_at, "\\u escape needs four hex digits");
	for (i = 0; i < 4; i++) {
		digit = pc_hex_digit(jp->s[jp->pos + i]);
		if (digit < 0)
			return jp_fail(jp, escape_at, "\\u escape needs four hex digits");
		value = value * 16 + (uint32_t)digit;
	}
	jp->pos += 4;
	*out = value;
	return 0;
}

/* A \uXXXX escape (jp->pos just past the 'u'); pairs surrogates. */
static int parse_unicode_escape(jparser *jp, size_t escape_at, pc_strbuf *out)
{
	uint32_t cp;
	uint32_t low;
	char bytes[4];

	if (read_hex4(jp, escape_at, &cp) < 0)
		return -1;
	if (cp == 0)
		return jp_fail(jp, escape_at,
			"\\u0000 (a NUL character) is not allowed in a string");
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return jp_fail(jp, escape_at,
			"\\u%04X is a low surrogate without a high surrogate before it", (unsigned)cp);
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (jp->len - jp->pos < 2 || jp->s[jp->pos] != '\\' || jp->s[jp->pos + 1] != 'u')
			return jp_fail(jp, escape_at,
				"\\u%04X is a high surrogate not followed by a low surrogate", (unsigned)cp);
		jp->pos += 2;
		if (read_hex4(jp, jp->pos - 2, &low) < 0)
			return -1;
		if (low < 0xdc00 || low > 0xdfff)
			return jp_fail(jp, escape_at,
				"\\u%04X is a high surrogate not followed by a low surrogate", (unsigned)cp);
		cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
	}
	if (out)
		pc_sb_put(out, bytes, pc_utf8_encode(cp, bytes));
	return 0;
}

/* A backslash escape (jp->pos on the backslash). */
static int parse_escape(jparser *jp, pc_strbuf *out)
{
	size_t escape_at = jp->pos;
	char decoded;
	unsigned char c;

	if (jp->len - jp->pos < 2)
		return jp_fail(jp, escape_at, "string ends inside an escape sequence");
	c = jp->s[jp->pos + 1];
	jp->pos += 2;
	switch (c) {
	case '"': decoded = '"'; break;
	case '\\': decoded = '\\'; break;
	case '/': decoded = '/'; break;
	case 'b': decoded = '\b'; break;
	case 'f': decoded = '\f'; break;
	case 'n': decoded = '\n'; break;
	case 'r': decoded = '\r'; break;
	case 't': decoded = '\t'; break;
	case 'u':
		return parse_unicode_escape(jp, escape_at, out);
	default:
		if (c > 0x20 && c < 0x7f)
			return jp_fail(jp, escape_at, "unknown escape '\\%c' in a string", c);
		return jp_fail(jp, escape_at, "unknown escape (backslash, byte 0x%02x) in a string", c);
	}
	if (out)
		pc_sb_putc(out, decoded);
	return 0;
}

/* A string (jp->pos on the opening quote). Decodes into out when out is
 * not NULL, otherwise only checks it. */
static int parse_string(jparser *jp, pc_strbuf *out)
{
	size_t start = jp->pos;
	size_t run;
	size_t n;
	unsigned char c;

	jp->pos++;
	for (;;) {
		if (jp_at_end(jp))
			return jp_fail(jp, start, "string is not terminated (missing closing '\"')");
		c = jp->s[jp->pos];
		if (c == '"') {
			jp->pos++;
			break;
		}
		if (c == '\\') {
			if (parse_escape(jp, out) < 0)
				return -1;
			continue;
		}
		if (c < 0x20)
			return jp_fail(jp, jp->pos,
				"control character 0x%02x inside a string must be written as an escape", c);
		/* Copy a run of plain bytes at once: 1 MB fields stay cheap. */
		run = jp->pos;
		while (run < jp->len) {
			c = jp->s[run];
			if (c == '"' || c == '\\' || c < 0x20)
				break;
			/* ASCII inline: a spool ingest parses 100,000 bodies. */
			if (c < 0x80) {
				run++;
				continue;
			}
			n = pc_utf8_sequence_length(jp->s + run, jp->len - run);
			if (n == 0)
				return jp_fail(jp, run, "invalid UTF-8 (byte 0x%02x) inside a string", c);
			run += n;
		}
		if (out)
			pc_sb_put(out, jp->s + jp->pos, run - jp->pos);
		jp->pos = run;
	}
	if (out && out->oom)
		return jp_oom(jp);
	return 0;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int expect_digits(jparser *jp, const char *after)
{
	char found[16];

	if (!is_digit(jp_peek(jp)))
		return jp_fail(jp, jp->pos, "number needs a digit %s, found %s", after,
			describe_here(jp, found, sizeof(found)));
	while (is_digit(jp_peek(jp)))
		jp->pos++;
	return 0;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int parse_number(jparser *jp)
{
	size_t start = jp->pos;

	if (jp_peek(jp) == '-')
		jp->pos++;
	if (jp_peek(jp) == '0') {
		jp->pos++;
		if (is_digit(jp_peek(jp)))
			return jp_fail(jp, start, "number has a leading zero; JSON does not allow one");
	} else if (expect_digits(jp, "after '-'") < 0) {
		return -1;
	}
	if (jp_peek(jp) == '.') {
		jp->pos++;
		if (expect_digits(jp, "after the decimal point") < 0)
			return -1;
	}
	if ((jp_peek(jp) == 'e' || jp_peek(jp) == 'E')) {
		jp->pos++;
		if ((jp_peek(jp) == '+' || jp_peek(jp) == '-'))
			jp->pos++;
		if (expect_digits(jp, "in the exponent") < 0)
			return -1;
	}
	return 0;
}

static int parse_literal(jparser *jp, const char *word)
{
	size_t n = strlen(word);

	if (jp->len - jp->pos < n || memcmp(jp->s + jp->pos, word, n) != 0)
		return -1;
	jp->pos += n;
	return 0;
}

static int fail_not_a_value(jparser *jp)
{
	char found[16];

	return jp_fail(jp, jp->pos,
		"expected a JSON value (string, number, object, array, true, false or null), found %s",
		describe_here(jp, found, sizeof(found)));
}

static void key_list_free(key_list *kl)
{
	size_t i;

	for (i = 0; i < kl->n; i++)
		free(kl->items[i].key);
	free(kl->items);
	kl->items = NULL;
	kl->n = 0;
	kl->cap = 0;
}

/* Takes ownership of key. */
static int key_list_add(key_list *kl, char *key, size_t at)
{
	key_entry *grown = grow_for_one(kl->items, kl->n, &kl->cap, sizeof(*grown));

	if (!grown) {
		free(key);
		return -1;
	}
	kl->items = grown;
	kl->items[kl->n].key = key;
	kl->items[kl->n].at = at;
	kl->n++;
	return 0;
}

static int compare_key_entries(const void *a, const void *b)
{
	const key_entry *x = a;
	const key_entry *y = b;
	int order = strcmp(x->key, y->key);

	if (order != 0)
		return order;
	return (x->at > y->at) - (x->at < y->at);
}

/* Sorting keeps this O(n log n): a hostile body with many keys must not
 * cost quadratic time. Reports the earliest repeated occurrence. */
static int check_duplicate_keys(jparser *jp, key_list *kl)
{
	const key_entry *repeat = NULL;
	char shown[256];
	size_t i;

	if (kl->n < 2)
		return 0;
	qsort(kl->items, kl->n, sizeof(kl->items[0]), compare_key_entries);
	for (i = 1; i < kl->n; i++) {
		if (strcmp(kl->items[i].key, kl->items[i - 1].key) != 0)
			continue;
		if (!repeat || kl->items[i].at < repeat->at)
			repeat = &kl->items[i];
	}
	if (!repeat)
		return 0;
	return jp_fail(jp, repeat->at,
		"key \"%s\" appears more than once in the same object; "
		"duplicate keys are refused because readers disagree on which one counts",
		quote_key(repeat->key, shown, sizeof(shown)));
}

static int check_depth(jparser *jp, int depth)
{
	if (depth > PC_JSON_MAX_DEPTH)
		return jp_fail(jp, jp->pos, "values are nested more than %d levels deep",
			PC_JSON_MAX_DEPTH);
	return 0;
}

/* Reads `"key" :` (jp->pos before the key) and decodes the key. */
static int parse_member_key(jparser *jp, char **key, size_t *key_at)
{
	pc_strbuf decoded = { 0 };
	char found[16];

	skip_whitespace(jp);
	*key_at = jp->pos;
	if (jp_peek(jp) != '"')
		return jp_fail(jp, jp->pos, "expected a string as object key, found %s",
			describe_here(jp, found, sizeof(found)));
	if (parse_string(jp, &decoded) < 0) {
		free(decoded.data);
		return -1;
	}
	*key = pc_sb_take(&decoded);
	if (!*key)
		return jp_oom(jp);
	if (expect_byte(jp, ':', "after object key") < 0) {
		free(*key);
		*key = NULL;
		return -1;
	}
	skip_whitespace(jp);
	return 0;
}

/* After a member or element: ',' (returns 1, more follow) or the closer
 * (returns 0). */
static int parse_separator(jparser *jp, char closer, const char *where)
{
	char found[16];

	skip_whitespace(jp);
	if (jp_peek(jp) == ',') {
		jp->pos++;
		return 1;
	}
	if (jp_peek(jp) == (unsigned char)closer) {
		jp->pos++;
		return 0;
	}
	return jp_fail(jp, jp->pos, "expected ',' or '%c' after %s, found %s",
		closer, where, describe_here(jp, found, sizeof(found)));
}

/* One member of a nested object: only checked, its key noted for the
 * duplicate check. */
static int parse_nested_member(jparser *jp, int depth, key_list *keys)
{
	char *key;
	size_t key_at;

	if (parse_member_key(jp, &key, &key_at) < 0)
		return -1;
	if (key_list_add(keys, key, key_at) < 0)
		return jp_oom(jp);
	return parse_value(jp, depth);
}

static int parse_top_value(jparser *jp, pc_jkind *kind, char **text);

/* One member of the top-level object: kept in out as well. */
static int parse_top_member(jparser *jp, key_list *keys, pc_params *out)
{
	char *key;
	char *key_copy;
	char *text;
	size_t key_at;
	pc_jkind kind;

	if (parse_member_key(jp, &key, &key_at) < 0)
		return -1;
	key_copy = strdup(key);
	if (!key_copy || key_list_add(keys, key_copy, key_at) < 0) {
		free(key);
		return jp_oom(jp);
	}
	if (parse_top_value(jp, &kind, &text) < 0) {
		free(key);
		return -1;
	}
	if (params_append_owned(out, key, kind, text) < 0)
		return jp_oom(jp);
	return 0;
}

/* The members of an object, jp->pos just past its '{'. The top-level
 * object (out not NULL) keeps its members; a nested one (depth counts it)
 * is only checked. Either way a repeated key is refused. */
static int parse_members(jparser *jp, int depth, pc_params *out)
{
	key_list keys = { 0 };
	int more;
	int rc;

	skip_whitespace(jp);
	if (jp_peek(jp) == '}') {
		jp->pos++;
		return 0;
	}
	do {
		if (out)
			rc = parse_top_member(jp, &keys, out);
		else
			rc = parse_nested_member(jp, depth, &keys);
		if (rc < 0)
			goto done;
		more = parse_separator(jp, '}', "an object member");
		if (more < 0) {
			rc = -1;
			goto done;
		}
	} while (more);
	rc = check_duplicate_keys(jp, &keys);
done:
	key_list_free(&keys);
	return rc;
}

/* A nested object (jp->pos on '{'); depth counts this object. */
static int parse_nested_object(jparser *jp, int depth)
{
	if (check_depth(jp, depth) < 0)
		return -1;
	jp->pos++;
	return parse_members(jp, depth, NULL);
}

static int parse_array(jparser *jp, int depth)
{
	int more;

	if (check_depth(jp, depth) < 0)
		return -1;
	jp->pos++;
	skip_whitespace(jp);
	if (jp_peek(jp) == ']') {
		jp->pos++;
		return 0;
	}
	do {
		skip_whitespace(jp);
		if (parse_value(jp, depth) < 0)
			return -1;
		more = parse_separator(jp, ']', "an array element");
		if (more < 0)
			return -1;
	} while (more);
	return 0;
}

/* Any value below the top level, only checked; depth is the level of the
 * container holding it. */
static int parse_value(jparser *jp, int depth)
{
	unsigned char c;

	if (jp_at_end(jp))
		return fail_not_a_value(jp);
	c = jp->s[jp->pos];
	if (c == '{')
		return parse_nested_object(jp, depth + 1);
	if (c == '[')
		return parse_array(jp, depth + 1);
	if (c == '"')
		return parse_string(jp, NULL);
	if (c == '-' || is_digit(c))
		return parse_number(jp);
	if (parse_literal(jp, "true") == 0 || parse_literal(jp, "false") == 0 ||
	    parse_literal(jp, "null") == 0)
		return 0;
	return fail_not_a_value(jp);
}

/* A top-level member's value (jp->pos on its first byte), as a kind and a
 * malloc'd text. */
static int parse_top_value(jparser *jp, pc_jkind *kind, char **text)
{
	pc_strbuf decoded = { 0 };
	size_t start = jp->pos;

	*text = NULL;
	if (jp_peek(jp) == '"') {
		if (parse_string(jp, &decoded) < 0) {
			free(decoded.data);
			return -1;
		}
		*kind = PC_JSTR;
		*text = pc_sb_take(&decoded);
	} else {
		if (parse_value(jp, 1) < 0)
			return -1;
		if (jp->s[start] == '-' || is_digit(jp->s[start]))
			*kind = PC_JNUM;
		else if (jp->s[start] == 'n')
			*kind = PC_JNULL;
		else
			*kind = PC_JRAW;
		*text = pc_json_compact((const char *)jp->s + start, jp->pos - start);
	}
	if (!*text)
		return jp_oom(jp);
	return 0;
}

static int parse_top_object(jparser *jp, pc_params *out)
{
	if (expect_byte(jp, '{', "at the start: the text must be one JSON object") < 0)
		return -1;
	return parse_members(jp, 0, out);
}

int pc_params_parse(pc_params *out, const char *text, size_t len, pc_err *err)
{
	jparser jp = { (const unsigned char *)text, len, 0, err };
	char found[16];

	pc_params_init(out);
	if (!text)
		return pc_err_set(err, PC_EINPUT, "byte 0: no JSON text was given");
	if (parse_top_object(&jp, out) < 0)
		goto fail;
	skip_whitespace(&jp);
	if (!jp_at_end(&jp)) {
		jp_fail(&jp, jp.pos, "unexpected %s after the JSON object; "
			"the text must hold exactly one object",
			describe_here(&jp, found, sizeof(found)));
		goto fail;
	}
	return 0;
fail:
	pc_params_free(out);
	return -1;
}

/* ---------------------------------------------------------------- output */

static void write_json_string(pc_strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *run = p;
	char escape[8];

	pc_sb_putc(sb, '"');
	for (; *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		pc_sb_put(sb, run, (size_t)(p - run));
		run = p + 1;
		switch (*p) {
		case '"': pc_sb_puts(sb, "\\\""); break;
		case '\\': pc_sb_puts(sb, "\\\\"); break;
		case '\b': pc_sb_puts(sb, "\\b"); break;
		case '\f': pc_sb_puts(sb, "\\f"); break;
		case '\n': pc_sb_puts(sb, "\\n"); break;
		case '\r': pc_sb_puts(sb, "\\r"); break;
		case '\t': pc_sb_puts(sb, "\\t"); break;
		default:
			snprintf(escape, sizeof(escape), "\\u%04x", *p);
			pc_sb_puts(sb, escape);
		}
	}
	pc_sb_put(sb, run, (size_t)(p - run));
	pc_sb_putc(sb, '"');
}

char *pc_params_to_json(const pc_params *p)
{
	pc_strbuf sb = { 0 };
	size_t i;

	pc_sb_putc(&sb, '{');
	for (i = 0; i < p->n; i++) {
		if (i > 0)
			pc_sb_putc(&sb, ',');
		write_json_string(&sb, p->items[i].key);
		pc_sb_putc(&sb, ':');
		if (p->items[i].kind == PC_JSTR)
			write_json_string(&sb, p->items[i].value);
		else if (p->items[i].kind == PC_JNULL)
			pc_sb_puts(&sb, "null");
		else
			pc_sb_puts(&sb, p->items[i].value);
	}
	pc_sb_putc(&sb, '}');
	return pc_sb_take(&sb);
}

char *pc_json_compact(const char *text, size_t len)
{
	char *out = malloc(len + 1);
	bool in_string = false;
	size_t used = 0;
	size_t i;
	char c;

	if (!out)
		return NULL;
	for (i = 0; i < len; i++) {
		c = text[i];
		if (in_string) {
			out[used++] = c;
			if (c == '\\' && i + 1 < len)
				out[used++] = text[++i];
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '"')
			in_string = true;
		out[used++] = c;
	}
	out[used] = '\0';
	return out;
}
