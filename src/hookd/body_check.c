#include "body_check.h"

#include <stdbool.h>

typedef struct {
	const unsigned char *start;
	const unsigned char *p;
	const unsigned char *end;
	const char *why;
	int depth;
} cursor;

static int fail(cursor *c, const char *why)
{
	if (!c->why)
		c->why = why;
	return -1;
}

static bool at_end(const cursor *c)
{
	return c->p >= c->end;
}

static void skip_ws(cursor *c)
{
	while (!at_end(c) && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

/* Consumes ch after optional whitespace. */
static bool eat(cursor *c, unsigned char ch)
{
	skip_ws(c);
	if (at_end(c) || *c->p != ch)
		return false;
	c->p++;
	return true;
}

static bool is_digit(unsigned char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_hex(unsigned char ch)
{
	return is_digit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

static int digits(cursor *c, const char *why)
{
	if (at_end(c) || !is_digit(*c->p))
		return fail(c, why);
	while (!at_end(c) && is_digit(*c->p))
		c->p++;
	return 0;
}

/* -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)? */
static int number(cursor *c)
{
	if (*c->p == '-')
		c->p++;
	if (!at_end(c) && *c->p == '0')
		c->p++;
	else if (digits(c, "invalid number") != 0)
		return -1;
	if (!at_end(c) && *c->p == '.') {
		c->p++;
		if (digits(c, "invalid number: no digit after '.'") != 0)
			return -1;
	}
	if (!at_end(c) && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (!at_end(c) && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (digits(c, "invalid number: no digit in the exponent") != 0)
			return -1;
	}
	return 0;
}

static int escape(cursor *c)
{
	int i;

	if (at_end(c))
		return fail(c, "unterminated string");
	switch (*c->p) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
		c->p++;
		return 0;
	case 'u':
		c->p++;
		for (i = 0; i < 4; i++, c->p++)
			if (at_end(c) || !is_hex(*c->p))
				return fail(c, "invalid \\u escape");
		return 0;
	default:
		return fail(c, "invalid escape in string");
	}
}

/* At the opening quote. Bytes >= 0x80 pass unchecked (see the header). */
static int string(cursor *c)
{
	c->p++;
	for (;;) {
		unsigned char ch;

		if (at_end(c))
			return fail(c, "unterminated string");
		ch = *c->p;
		if (ch == '"') {
			c->p++;
			return 0;
		}
		if (ch < 0x20)
			return fail(c, "control character in string");
		c->p++;
		if (ch == '\\' && escape(c) != 0)
			return -1;
	}
}

static int literal(cursor *c, const char *word)
{
	for (; *word; word++, c->p++)
		if (at_end(c) || *c->p != (unsigned char)*word)
			return fail(c, "invalid literal");
	return 0;
}

static int value(cursor *c);

/* At '{' or '['; close is the matching bracket. */
static int container(cursor *c, bool object)
{
	const unsigned char close = object ? '}' : ']';

	if (++c->depth > HOOKD_JSON_MAX_DEPTH)
		return fail(c, "nested too deeply");
	c->p++;
	if (eat(c, close)) {
		c->depth--;
		return 0;
	}
	for (;;) {
		if (object) {
			skip_ws(c);
			if (at_end(c) || *c->p != '"')
				return fail(c, at_end(c) ? "truncated object" : "expected a string key");
			if (string(c) != 0)
				return -1;
			if (!eat(c, ':'))
				return fail(c, "expected ':'");
		}
		if (value(c) != 0)
			return -1;
		if (eat(c, close))
			break;
		if (!eat(c, ','))
			return fail(c, at_end(c) ? (object ? "truncated object" : "truncated array")
			                         : (object ? "expected ',' or '}'" : "expected ',' or ']'"));
	}
	c->depth--;
	return 0;
}

static int value(cursor *c)
{
	skip_ws(c);
	if (at_end(c))
		return fail(c, "truncated: a value is missing");
	switch (*c->p) {
	case '{':
		return container(c, true);
	case '[':
		return container(c, false);
	case '"':
		return string(c);
	case 't':
		return literal(c, "true");
	case 'f':
		return literal(c, "false");
	case 'n':
		return literal(c, "null");
	default:
		if (*c->p == '-' || is_digit(*c->p))
			return number(c);
		return fail(c, "unexpected character");
	}
}

int hookd_check_json_object(const char *body, size_t len, size_t *offset, const char **why)
{
	cursor c = { 0 };
	int rc;

	if (!body) {
		body = "";
		len = 0;
	}
	c.start = (const unsigned char *)body;
	c.p = c.start;
	c.end = c.start + len;
	skip_ws(&c);
	if (at_end(&c))
		rc = fail(&c, "empty body");
	else if (*c.p != '{')
		rc = fail(&c, "not a JSON object");
	else
		rc = container(&c, true);
	if (rc == 0) {
		skip_ws(&c);
		if (!at_end(&c))
			rc = fail(&c, "text after the object");
	}
	if (offset)
		*offset = (size_t)(c.p - c.start);
	if (why)
		*why = rc == 0 ? NULL : c.why;
	return rc;
}
