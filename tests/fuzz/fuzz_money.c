/* fuzz_money.c — pc_money_parse and the formatters.
 *
 * Properties: an accepted text has the documented grammar (digits, then
 * optionally '.' and one or two digits) and a value in 0..PC_MONEY_MAX;
 * parse(format_input(x)) == x; refusals are PC_EINPUT with a message; the
 * formatters take any long long (LLONG_MIN too) without overflow. */
#include <limits.h>
#include <string.h>

#include "fuzz.h"
#include "money.h"

static int grammar_ok(const char *s)
{
	size_t digits = strspn(s, "0123456789");
	size_t decimals;

	if (digits == 0)
		return 0;
	if (s[digits] == '\0')
		return 1;
	if (s[digits] != '.')
		return 0;
	decimals = strspn(s + digits + 1, "0123456789");
	return decimals >= 1 && decimals <= 2 && s[digits + 1 + decimals] == '\0';
}

static long long from_bytes(const uint8_t *data, size_t size)
{
	unsigned long long v = 0;

	for (size_t i = 0; i < size && i < 8; i++)
		v = (v << 8) | data[i];
	return (long long)v;
}

static void formatters_take(long long x)
{
	char buf[256], words[1024];

	pc_money_format_plain(x, buf, sizeof(buf));
	pc_money_format(x, true, buf, sizeof(buf));
	pc_money_format(x, false, buf, sizeof(buf));
	pc_money_format_input(x, buf, sizeof(buf));
	pc_money_words(x, words, sizeof(words));
	/* Small buffers truncate, never overflow. */
	pc_money_format(x, true, buf, 5);
	pc_money_words(x, words, 7);
}

static void round_trip(long long x)
{
	char text[64];
	long long back = -1;
	pc_err err;

	pc_money_format_input(x, text, sizeof(text));
	pc_err_clear(&err);
	FUZZ_ASSERT(pc_money_parse(text, &back, &err) == 0, "format_input output does not parse");
	FUZZ_ASSERT(back == x, "parse(format_input(x)) != x");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	long long cents = -1;
	long long x = from_bytes(data, size);
	pc_err err;

	pc_err_clear(&err);
	if (pc_money_parse(text, &cents, &err) == 0) {
		FUZZ_ASSERT(grammar_ok(text), "accepted a text outside the grammar");
		FUZZ_ASSERT(cents >= 0 && cents <= PC_MONEY_MAX, "accepted a value out of range");
		round_trip(cents);
	} else {
		FUZZ_ASSERT(err.cls == PC_EINPUT && err.msg[0], "a refusal without PC_EINPUT and a message");
	}
	formatters_take(x);
	formatters_take(cents);
	formatters_take(LLONG_MIN);
	formatters_take(LLONG_MAX);
	if (x < 0)
		x = -(x + 1);
	round_trip(x % (PC_MONEY_MAX + 1));
	free(text);
	return 0;
}
