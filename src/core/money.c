#include "money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

/* How much of a refused amount is quoted back: enough to recognise it,
 * short enough that the advice after it stays on screen. */
#define QUOTE_MAX 64

/* Room for any formatted amount: 19 digits, 6 separators, sign, "PHP ". */
#define AMOUNT_BUF 64

/* Room for the words of any long long, with centavos (about 250 bytes). */
#define WORDS_BUF 512

#define EXAMPLE "such as 500.10"

enum money_fault {
	MF_OK,
	MF_EMPTY,
	MF_BLANK,
	MF_SURROUNDING_BLANKS,
	MF_SIGN,
	MF_SEPARATOR,
	MF_NOT_NUMBER,
	MF_LEADING_DOT,
	MF_TRAILING_DOT,
	MF_MANY_DOTS,
	MF_MANY_DECIMALS,
	MF_TOO_LARGE,
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int all_blank(const char *text)
{
	for (; *text; text++) {
		if (!is_blank(*text))
			return 0;
	}
	return 1;
}

/* Digits and at most one '.' with one or two decimals, the dot neither
 * first nor last; the value is checked against PC_MONEY_MAX digit by
 * digit so nothing can wrap. */
static enum money_fault read_digits(const char *text, long long *centavos)
{
	const char *dot = strchr(text, '.');
	size_t len = strlen(text);
	long long value = 0;
	int decimals = 0;
	int seen_dot = 0;

	if (dot && strchr(dot + 1, '.'))
		return MF_MANY_DOTS;
	if (len == 1 && dot)
		return MF_NOT_NUMBER;
	if (text[0] == '.')
		return MF_LEADING_DOT;
	if (text[len - 1] == '.')
		return MF_TRAILING_DOT;
	if (dot && strlen(dot + 1) > 2)
		return MF_MANY_DECIMALS;

	for (const char *p = text; *p; p++) {
		if (*p == '.') {
			seen_dot = 1;
			continue;
		}
		value = value * 10 + (*p - '0');
		if (seen_dot)
			decimals++;
		if (value > PC_MONEY_MAX)
			return MF_TOO_LARGE;
	}
	for (; decimals < 2; decimals++) {
		value *= 10;
		if (value > PC_MONEY_MAX)
			return MF_TOO_LARGE;
	}
	*centavos = value;
	return MF_OK;
}

static enum money_fault classify(const char *text, long long *centavos)
{
	size_t len = strlen(text);

	if (len == 0)
		return MF_EMPTY;
	if (all_blank(text))
		return MF_BLANK;
	if (is_blank(text[0]) || is_blank(text[len - 1]))
		return MF_SURROUNDING_BLANKS;
	if (text[0] == '-' || text[0] == '+')
		return MF_SIGN;
	if (strchr(text, ','))
		return MF_SEPARATOR;
	for (const char *p = text; *p; p++) {
		if (!is_digit(*p) && *p != '.')
			return MF_NOT_NUMBER;
	}
	return read_digits(text, centavos);
}

/* True when candidate is itself a valid amount: only then is it offered
 * as "type ...", so a suggestion never leads to another refusal. */
static int acceptable(const char *candidate)
{
	long long ignored;

	return classify(candidate, &ignored) == MF_OK;
}

/* How many of text's first len bytes to keep so that no UTF-8 sequence
 * is cut in two. */
static size_t utf8_prefix_len(const char *text, size_t len)
{
	size_t total = strlen(text);

	if (len >= total)
		return total;
	while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
		len--;
	return len;
}

static char *quote_amount(const char *text)
{
	size_t len = utf8_prefix_len(text, QUOTE_MAX);
	char *shown = pc_sanitize(text, len);
	char *quoted;

	if (!shown || text[len] == '\0')
		return shown;
	quoted = malloc(strlen(shown) + 4);
	if (quoted)
		sprintf(quoted, "%s...", shown);
	free(shown);
	return quoted;
}

static int refuse(pc_err *err, const char *text, const char *problem)
{
	char *shown = quote_amount(text);

	pc_err_set(err, PC_EINPUT, "amount '%s' %s", shown ? shown : "?", problem);
	free(shown);
	return -1;
}

static void explain_blanks(const char *text, char *why, size_t size)
{
	size_t start = 0;
	size_t end = strlen(text);
	char trimmed[QUOTE_MAX + 1];

	while (is_blank(text[start]))
		start++;
	while (end > start && is_blank(text[end - 1]))
		end--;
	if (end - start < sizeof(trimmed)) {
		memcpy(trimmed, text + start, end - start);
		trimmed[end - start] = '\0';
		if (acceptable(trimmed)) {
			snprintf(why, size, "has blanks around it: type %s", trimmed);
			return;
		}
	}
	snprintf(why, size, "has blanks around it: type the amount alone, " EXAMPLE);
}

static void explain_sign(const char *text, char *why, size_t size)
{
	if (text[0] == '+' && strlen(text + 1) <= QUOTE_MAX && acceptable(text + 1)) {
		snprintf(why, size, "has a sign: type %s", text + 1);
		return;
	}
	snprintf(why, size, "has a sign: type a positive amount in pesos " EXAMPLE);
}

/* "5,00" is a decimal comma, "1,000" a thousands separator. */
static void explain_comma(const char *text, char *why, size_t size)
{
	char fixed[QUOTE_MAX + 1];
	const char *comma = strchr(text, ',');
	size_t after = strlen(comma + 1);
	size_t n = 0;

	if (strlen(text) >= sizeof(fixed)) {
		snprintf(why, size, "has a thousands separator: type digits only, " EXAMPLE);
		return;
	}
	if (!strchr(comma + 1, ',') && !strchr(text, '.') && after >= 1 && after <= 2) {
		snprintf(fixed, sizeof(fixed), "%s", text);
		fixed[comma - text] = '.';
		if (acceptable(fixed)) {
			snprintf(why, size, "uses a comma as the decimal point: type %s", fixed);
			return;
		}
	}
	for (const char *p = text; *p; p++) {
		if (*p != ',')
			fixed[n++] = *p;
	}
	fixed[n] = '\0';
	if (acceptable(fixed) && after == 0 && n + 1 == strlen(text))
		snprintf(why, size, "ends with ',': type %s", fixed);
	else if (acceptable(fixed))
		snprintf(why, size, "has a thousands separator: type %s", fixed);
	else
		snprintf(why, size, "has a thousands separator: type digits only, " EXAMPLE);
}

static void explain_leading_dot(const char *text, char *why, size_t size)
{
	char fixed[QUOTE_MAX + 2];

	if (strlen(text) <= QUOTE_MAX) {
		snprintf(fixed, sizeof(fixed), "0%s", text);
		if (acceptable(fixed)) {
			snprintf(why, size, "has no digits before the '.': type %s", fixed);
			return;
		}
	}
	snprintf(why, size, "has no digits before the '.': type pesos, then '.', " EXAMPLE);
}

static void explain_trailing_dot(const char *text, char *why, size_t size)
{
	char fixed[QUOTE_MAX + 1];
	size_t len = strlen(text);

	if (len <= QUOTE_MAX) {
		memcpy(fixed, text, len - 1);
		fixed[len - 1] = '\0';
		if (acceptable(fixed)) {
			snprintf(why, size, "ends with '.': type %s, or %s.00", fixed, fixed);
			return;
		}
	}
	snprintf(why, size, "ends with '.': type the centavos after it, " EXAMPLE);
}

/* Suggests the amount cut to two decimals, never rounded up: paycon does
 * not invent a centavo the operator did not type. */
static void explain_decimals(const char *text, char *why, size_t size)
{
	static const char unit[] = "has more than two decimals: centavos are the smallest unit";
	char fixed[QUOTE_MAX + 1];
	size_t keep = (size_t)(strchr(text, '.') - text) + 3;

	if (keep < sizeof(fixed)) {
		memcpy(fixed, text, keep);
		fixed[keep] = '\0';
		if (acceptable(fixed)) {
			snprintf(why, size, "%s (type %s)", unit, fixed);
			return;
		}
	}
	snprintf(why, size, "%s (type at most two digits after the '.')", unit);
}

static void explain(enum money_fault fault, const char *text, char *why, size_t size)
{
	char most[AMOUNT_BUF];

	switch (fault) {
	case MF_EMPTY:
		snprintf(why, size, "is empty: type an amount in pesos " EXAMPLE);
		break;
	case MF_BLANK:
		snprintf(why, size, "is blank: type an amount in pesos " EXAMPLE);
		break;
	case MF_SURROUNDING_BLANKS:
		explain_blanks(text, why, size);
		break;
	case MF_SIGN:
		explain_sign(text, why, size);
		break;
	case MF_SEPARATOR:
		explain_comma(text, why, size);
		break;
	case MF_LEADING_DOT:
		explain_leading_dot(text, why, size);
		break;
	case MF_TRAILING_DOT:
		explain_trailing_dot(text, why, size);
		break;
	case MF_MANY_DOTS:
		snprintf(why, size, "has more than one '.': type one '.' before the centavos, "
			 EXAMPLE);
		break;
	case MF_MANY_DECIMALS:
		explain_decimals(text, why, size);
		break;
	case MF_TOO_LARGE:
		pc_money_format_plain(PC_MONEY_MAX, most, sizeof(most));
		snprintf(why, size, "is too large: the most paycon accepts is %s", most);
		break;
	case MF_NOT_NUMBER:
	case MF_OK:
	default:
		snprintf(why, size, "is not a number in pesos: type digits with an optional . "
			 "and two decimals, " EXAMPLE);
		break;
	}
}

int pc_money_parse(const char *text, long long *centavos, pc_err *err)
{
	enum money_fault fault;
	long long value = 0;
	char why[256];

	if (!text)
		text = "";
	fault = classify(text, &value);
	if (fault != MF_OK) {
		explain(fault, text, why, sizeof(why));
		return refuse(err, text, why);
	}
	if (centavos)
		*centavos = value;
	return 0;
}

/* Copies src into buf as far as it fits, never splitting a UTF-8
 * sequence, always NUL-terminated when size > 0. */
static char *copy_out(const char *src, char *buf, size_t size)
{
	size_t len;

	if (!buf || size == 0)
		return buf;
	len = utf8_prefix_len(src, size - 1);
	memcpy(buf, src, len);
	buf[len] = '\0';
	return buf;
}

/* The magnitude as unsigned, so LLONG_MIN has one too. */
static unsigned long long magnitude(long long centavos)
{
	if (centavos < 0)
		return 0ULL - (unsigned long long)centavos;
	return (unsigned long long)centavos;
}

/* "1,234.50" without sign, into out (at least AMOUNT_BUF bytes). */
static void format_grouped(unsigned long long mag, char *out)
{
	char digits[32];
	int ndigits = snprintf(digits, sizeof(digits), "%llu", mag / 100);
	size_t n = 0;

	for (int i = 0; i < ndigits; i++) {
		if (i > 0 && (ndigits - i) % 3 == 0)
			out[n++] = ',';
		out[n++] = digits[i];
	}
	snprintf(out + n, AMOUNT_BUF - n, ".%02llu", mag % 100);
}

char *pc_money_format_plain(long long centavos, char *buf, size_t size)
{
	char grouped[AMOUNT_BUF];
	char text[AMOUNT_BUF + 1];

	format_grouped(magnitude(centavos), grouped);
	snprintf(text, sizeof(text), "%s%s", centavos < 0 ? "-" : "", grouped);
	return copy_out(text, buf, size);
}

char *pc_money_format(long long centavos, bool utf8, char *buf, size_t size)
{
	char grouped[AMOUNT_BUF];
	char text[AMOUNT_BUF + 8];
	const char *sign = centavos < 0 ? "-" : "";

	format_grouped(magnitude(centavos), grouped);
	if (utf8)
		snprintf(text, sizeof(text), "%s\xE2\x82\xB1%s", sign, grouped);
	else
		snprintf(text, sizeof(text), "PHP %s%s", sign, grouped);
	return copy_out(text, buf, size);
}

char *pc_money_format_input(long long centavos, char *buf, size_t size)
{
	unsigned long long mag = magnitude(centavos);
	char text[AMOUNT_BUF];

	snprintf(text, sizeof(text), "%s%llu.%02llu", centavos < 0 ? "-" : "", mag / 100,
		 mag % 100);
	return copy_out(text, buf, size);
}

/* A bounded string builder: appends past the end are dropped, never
 * written. */
typedef struct {
	char text[WORDS_BUF];
	size_t len;
} words;

static void words_add(words *w, const char *piece)
{
	size_t room = sizeof(w->text) - 1 - w->len;
	size_t n = strlen(piece);

	if (n > room)
		n = room;
	memcpy(w->text + w->len, piece, n);
	w->len += n;
	w->text[w->len] = '\0';
}

/* Adds a space first unless this is the first word. */
static void words_word(words *w, const char *word)
{
	if (w->len > 0)
		words_add(w, " ");
	words_add(w, word);
}

static const char *const small_numbers[20] = {
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
	"seventeen", "eighteen", "nineteen",
};

static const char *const tens_words[10] = {
	"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};

/* 1..999, as in "two hundred thirty-four". */
static void words_below_thousand(words *w, unsigned n)
{
	unsigned rest = n % 100;

	if (n >= 100) {
		words_word(w, small_numbers[n / 100]);
		words_word(w, "hundred");
	}
	if (rest == 0)
		return;
	if (rest < 20) {
		words_word(w, small_numbers[rest]);
		return;
	}
	words_word(w, tens_words[rest / 10]);
	if (rest % 10 != 0) {
		words_add(w, "-");
		words_add(w, small_numbers[rest % 10]);
	}
}

static const struct {
	unsigned long long size;
	const char *name;
} scales[] = {
	{ 1000000000000ULL, "trillion" },
	{ 1000000000ULL, "billion" },
	{ 1000000ULL, "million" },
	{ 1000ULL, "thousand" },
};

/* Any count; beyond 999 trillion the trillions are themselves spelled out
 * ("ninety-two thousand trillion ..."), as no larger scale is used. */
static void words_number(words *w, unsigned long long n)
{
	if (n == 0) {
		words_word(w, "zero");
		return;
	}
	for (size_t i = 0; i < sizeof(scales) / sizeof(scales[0]); i++) {
		if (n >= scales[i].size) {
			words_number(w, n / scales[i].size);
			words_word(w, scales[i].name);
			n %= scales[i].size;
		}
	}
	if (n > 0)
		words_below_thousand(w, (unsigned)n);
}

char *pc_money_words(long long centavos, char *buf, size_t size)
{
	unsigned long long mag = magnitude(centavos);
	unsigned long long pesos = mag / 100;
	unsigned long long cents = mag % 100;
	words w = { .len = 0 };

	if (centavos < 0)
		words_word(&w, "minus");
	words_number(&w, pesos);
	words_word(&w, pesos == 1 ? "peso" : "pesos");
	if (cents > 0) {
		words_word(&w, "and");
		words_number(&w, cents);
		words_word(&w, cents == 1 ? "centavo" : "centavos");
	}
	return copy_out(w.text, buf, size);
}
