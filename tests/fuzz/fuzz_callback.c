/* fuzz_callback.c — a callback body judged as tail and the console judge
 * it (pc_callback_judge with the fixed test platform key of tests/data),
 * and shown as they show it.
 *
 * Properties: every input gets a verdict; a malformed one has no fields and
 * a reason; a valid one has its canonical string; every picked fact and
 * the reason, passed through pc_sanitize_str, are safe for a terminal (valid
 * UTF-8, no control but newline and tab, no C1, no bidi control); so is
 * the body as --json prints it (pc_json_terminal_safe). */
#include <string.h>

#include "callback.h"
#include "fuzz.h"
#include "json_safe.h"
#include "sanitize.h"
#include "utf8.h"

/* tests/data/platform-test.pub: the fixed test platform key. */
static const char platform_pub[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA94smnJ2oggN7UZ2IVnP0\n"
	"3RncRBn0wZ/5IC3RspvLTp8ws2lqHh7eAh2xoxKC0cONBzO6UGIwxC+MdpKY3oeS\n"
	"zf4yzqAtfJjqP2c0ta5cO2GXONmsY3bOGsAI4vqKrVe+FHSGWYWsaRrrYArYDlEz\n"
	"xRzPNU9pOavTBNh0LeBCPG7dR0D91/oAEx1l890D93W7VP+bN5MhIatmhTV5qKQu\n"
	"qxOyBLPkosmmTn9YshEDXg9PYfehFkycpDAowXcsv8SWGxehKPqiVEKrQ1inJwwV\n"
	"EZpBnSdK//ZyEuOxX9kt3FPyNr4dyqG1hWTL2PjQKr9FdCUekbXarz/elcHXOIyG\n"
	"bwIDAQAB\n"
	"-----END PUBLIC KEY-----\n";

static pc_key *platform;

static void terminal_safe(const char *s, const char *what)
{
	size_t n = strlen(s);

	FUZZ_ASSERT(pc_utf8_valid(s, n), what);
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = pc_utf8_next((const unsigned char *)s + i, n - i, &cp);

		FUZZ_ASSERT(len > 0, what);
		FUZZ_ASSERT(!(cp < 0x20 && cp != '\n' && cp != '\t') && cp != 0x7F, what);
		FUZZ_ASSERT(!pc_is_hidden_control(cp), what);
		i += len;
	}
}

static void shown_safe(const char *value, const char *what)
{
	char *safe;

	if (!value)
		return;
	safe = pc_sanitize_str(value);
	FUZZ_ASSERT(safe != NULL, "out of memory");
	terminal_safe(safe, what);
	free(safe);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body = fuzz_text(data, size);
	pc_callback cb;

	if (!platform) {
		pc_err err;

		pc_err_clear(&err);
		platform = pc_key_parse_public(platform_pub, sizeof(platform_pub) - 1, &err);
		FUZZ_ASSERT(platform != NULL, "the test platform key does not load");
	}
	pc_callback_judge(&cb, body, size, platform, PC_HASH_SHA256, NULL);
	FUZZ_ASSERT(cb.verdict >= PC_VERDICT_VALID && cb.verdict <= PC_VERDICT_MALFORMED, "no verdict");
	FUZZ_ASSERT(pc_verdict_name(cb.verdict) != NULL, "a verdict without a name");
	FUZZ_ASSERT(cb.kind != NULL, "no kind");
	if (cb.verdict == PC_VERDICT_MALFORMED) {
		FUZZ_ASSERT(cb.fields.n == 0, "a malformed body kept fields");
		FUZZ_ASSERT(cb.reason[0], "a malformed body without a reason");
	}
	if (cb.verdict == PC_VERDICT_VALID) {
		FUZZ_ASSERT(cb.canonical != NULL, "a valid body without its canonical string");
		FUZZ_ASSERT(cb.reason[0] == '\0', "a valid body with a reason");
	}
	shown_safe(cb.event, "event shown raw");
	shown_safe(cb.order, "order shown raw");
	shown_safe(cb.transaction, "transaction shown raw");
	shown_safe(cb.status, "status shown raw");
	shown_safe(cb.original, "original shown raw");
	shown_safe(cb.reason, "reason shown raw");
	for (size_t i = 0; i < cb.fields.n; i++) {
		shown_safe(cb.fields.items[i].key, "a key shown raw");
		shown_safe(cb.fields.items[i].value, "a value shown raw");
	}
	{
		char *json = pc_json_terminal_safe(body);

		FUZZ_ASSERT(json != NULL, "out of memory");
		/* Whatever the body, what --json prints of it is safe. */
		terminal_safe(json, "--json text shown raw");
		free(json);
	}
	pc_callback_free(&cb);
	free(body);
	return 0;
}
