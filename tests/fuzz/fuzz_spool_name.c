/* fuzz_spool_name.c — spool file names (spool.h).
 *
 * Properties: a name that parses is spelled exactly as pc_spool_make_name
 * would spell its fields (one spelling per name); names made from any
 * fields (the host sanitised) parse back to the same fields; a sanitised
 * host is never empty, never longer than PC_SPOOL_HOST_MAX, and only
 * [A-Za-z0-9._-]. */
#include <string.h>

#include "fuzz.h"
#include "spool.h"

static unsigned long long take(const uint8_t **p, size_t *left, size_t n)
{
	unsigned long long v = 0;

	while (n-- && *left) {
		v = (v << 8) | **p;
		(*p)++;
		(*left)--;
	}
	return v;
}

static void parse_then_make(const char *text)
{
	pc_spool_name parsed;
	char again[PC_SPOOL_NAME_SIZE];

	if (pc_spool_parse_name(text, &parsed) != 0)
		return;
	FUZZ_ASSERT(strlen(text) < PC_SPOOL_NAME_SIZE, "parsed a name longer than the limit");
	FUZZ_ASSERT(pc_spool_make_name(again, sizeof(again), parsed.ms, parsed.pid, parsed.seq,
	                               parsed.host) == 0, "cannot remake a parsed name");
	FUZZ_ASSERT(strcmp(again, text) == 0, "a parsed name has a second spelling");
	FUZZ_ASSERT(pc_spool_name_cmp(&parsed, &parsed) == 0, "a name differs from itself");
}

static void make_then_parse(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t left = size;
	uint64_t ms = take(&p, &left, 8);
	long pid = (long)take(&p, &left, 4);
	uint64_t seq = take(&p, &left, 8);
	char *host = fuzz_text(p, left);
	char clean[PC_SPOOL_HOST_MAX + 1];
	char name[PC_SPOOL_NAME_SIZE];
	pc_spool_name parsed;

	pc_spool_sanitize_host(host, clean);
	FUZZ_ASSERT(clean[0] != '\0', "sanitised host is empty");
	FUZZ_ASSERT(strlen(clean) <= PC_SPOOL_HOST_MAX, "sanitised host too long");
	FUZZ_ASSERT(strspn(clean, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
	            == strlen(clean), "sanitised host has a foreign byte");
	if (pc_spool_make_name(name, sizeof(name), ms, pid, seq, host) == 0) {
		FUZZ_ASSERT(pid >= 1 && pid <= 2147483647, "made a name with a bad pid");
		FUZZ_ASSERT(pc_spool_parse_name(name, &parsed) == 0, "a made name does not parse");
		FUZZ_ASSERT(parsed.ms == ms && parsed.pid == pid && parsed.seq == seq,
		            "a made name parses to other numbers");
		FUZZ_ASSERT(strcmp(parsed.host, clean) == 0, "a made name parses to another host");
	}
	/* Too small a buffer is refused, never overrun. */
	pc_spool_make_name(name, 8, ms, pid, seq, host);
	free(host);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);

	parse_then_make(text);
	make_then_parse(data, size);
	free(text);
	return 0;
}
