/* fuzz_config.c — pc_config_parse on any text.
 *
 * Properties: a refusal is PC_EINPUT and its message starts with the file
 * name ("fuzz.conf:LINE: ..." or "fuzz.conf: ..."); an accepted file has
 * at least one profile, each with the required settings, a base URL that
 * pc_base_url_check accepts for its environment (so production is always
 * https), timeouts in their documented ranges, and a default profile that
 * exists.
 *
 * Inputs with "@include" are skipped: libconfig would read the file it
 * names (any file of this machine, a FIFO, /dev/stdin), which is not what
 * a fuzzer should do; doc/safety.md reports that paycon honours it. */
#include <string.h>
#include <strings.h>

#include "config.h"
#include "fuzz.h"

static void check_profile(const pc_profile *p)
{
	pc_err err;

	FUZZ_ASSERT(p->name && p->name[0], "a profile without a name");
	FUZZ_ASSERT(p->base_url && p->app_id && p->app_name && p->private_key, "a required setting is missing");
	FUZZ_ASSERT(p->app_id[0] && p->app_name[0] && p->private_key[0], "a required setting is empty");
	pc_err_clear(&err);
	FUZZ_ASSERT(pc_base_url_check(p->base_url, p->environment, &err) == 0,
	            "an accepted base URL fails its own check");
	/* Schemes are case-insensitive (RFC 3986): "Https://" is https. */
	FUZZ_ASSERT(p->environment != PC_ENV_PRODUCTION || strncasecmp(p->base_url, "https://", 8) == 0,
	            "production without https");
	FUZZ_ASSERT(p->timeout_ms >= 1000 && p->timeout_ms <= 600000, "timeout_ms out of range");
	FUZZ_ASSERT(p->connect_timeout_ms >= 100 && p->connect_timeout_ms <= 60000,
	            "connect_timeout_ms out of range");
	FUZZ_ASSERT(p->role == PC_ROLE_VIEWER || p->role == PC_ROLE_OPERATOR, "an unknown role");
}

static int names_include(const char *text)
{
	for (const char *at = strchr(text, '@'); at; at = strchr(at + 1, '@'))
		if (strncasecmp(at, "@include", 8) == 0)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	pc_config cfg;
	pc_err err;

	if (names_include(text)) {
		free(text);
		return 0;
	}
	memset(&cfg, 0, sizeof(cfg));
	pc_err_clear(&err);
	if (pc_config_parse(&cfg, text, "fuzz.conf", &err) == 0) {
		pc_err perr;

		FUZZ_ASSERT(cfg.count >= 1, "accepted a file without profiles");
		for (int i = 0; i < cfg.count; i++)
			check_profile(&cfg.profiles[i]);
		pc_err_clear(&perr);
		if (cfg.default_profile || cfg.count == 1)
			FUZZ_ASSERT(pc_config_profile(&cfg, NULL, &perr) != NULL, "the default profile is missing");
		pc_config_free(&cfg);
	} else {
		FUZZ_ASSERT(err.cls == PC_EINPUT, "a refusal that is not PC_EINPUT");
		FUZZ_ASSERT(strncmp(err.msg, "fuzz.conf", 9) == 0, "a refusal that does not name the file");
		pc_config_free(&cfg);
	}
	free(text);
	return 0;
}
