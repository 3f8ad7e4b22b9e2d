/* cmd_doctor.c — `paycon doctor`: one line per check, exit 1 if any fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "keys.h"
#include "output.h"
#include "paths.h"
#include "signature.h"

/* Largest clock difference tolerated: statements allow two minutes. */
#define CLOCK_TOLERANCE_S 60

typedef struct {
	int failed;
	bool json;
} checks;

static void report(checks *c, bool ok, const char *name, const char *detail)
{
	if (!ok)
		c->failed++;
	if (c->json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "check", name);
		cJSON_AddBoolToObject(o, "ok", ok);
		cJSON_AddStringToObject(o, "detail", detail ? detail : "");
		out_json(stdout, o);
		cJSON_Delete(o);
		return;
	}
	printf("%-4s  %-14s ", ok ? "ok" : "FAIL", name);
	out_safe(stdout, detail ? detail : "");
	putchar('\n');
}

static void check_keys(checks *c, cli_ctx *ctx)
{
	pc_err err;
	const pc_key *key, *platform;
	char *fp, *detail;

	pc_err_clear(&err);
	key = pc_client_key(&ctx->client, &err);
	if (!key) {
		report(c, false, "private key", err.msg);
	} else {
		fp = pc_key_fingerprint(key);
		detail = pc_strdupf("%s, RSA %d bits, %s%s", ctx->profile->private_key, pc_key_bits(key),
		                    fp ? fp : "?", pc_key_bits(key) < 4096 ? " (PayCools asks for 4096)" : "");
		report(c, true, "private key", detail);
		free(fp);
		free(detail);
	}
	pc_err_clear(&err);
	platform = pc_client_platform_key(&ctx->client, &err);
	if (!platform) {
		report(c, false, "platform key", err.msg);
	} else {
		fp = pc_key_fingerprint(platform);
		detail = pc_strdupf("%s, %s", ctx->profile->platform_public_key, fp ? fp : "?");
		report(c, true, "platform key", detail);
		free(fp);
		free(detail);
	}
}

/* Sign with the private key and verify with its public half. */
static void check_signature(checks *c, cli_ctx *ctx)
{
	static const char probe[] = "amount=100.00&appId=paycon-doctor&version=1.0";
	const pc_key *key = ctx->client.key;
	pc_err err;
	char *sig;

	if (!key) {
		report(c, false, "signature", "skipped: no usable private key");
		return;
	}
	pc_err_clear(&err);
	sig = pc_sign(key, ctx->profile->sign_hash, probe, strlen(probe), &err);
	if (!sig) {
		report(c, false, "signature", err.msg);
		return;
	}
	if (pc_verify(key, ctx->profile->sign_hash, probe, strlen(probe), sig) == PC_VERDICT_VALID)
		report(c, true, "signature", pc_hash_name(ctx->profile->sign_hash));
	else
		report(c, false, "signature", "a fresh signature does not verify with the key's own public half");
	free(sig);
}

static void check_server(checks *c, cli_ctx *ctx)
{
	pc_params none;
	pc_envelope env;
	pc_err err;
	char *detail;
	int rc;

	pc_err_clear(&err);
	pc_params_init(&none);
	rc = ctx->client.key ? pc_client_call(&ctx->client, "account.balance", &none, &env, &err) : -1;
	if (!ctx->client.key) {
		report(c, false, "reachability", "skipped: no usable private key");
		return;
	}
	if (rc == 0 || err.cls == PC_EAPI) {
		detail = pc_strdupf("%s answered in %.0f ms%s%s", ctx->profile->base_url,
		                    ctx->client.last_latency * 1000, rc == 0 ? "" : "; but: ",
		                    rc == 0 ? "" : err.msg);
		report(c, rc == 0, "reachability", detail);
		free(detail);
	} else {
		report(c, false, "reachability", err.msg);
	}
	pc_envelope_free(&env);
	if (ctx->client.last_server_time) {
		long long skew = (long long)time(NULL) - ctx->client.last_server_time;

		detail = pc_strdupf("this machine is %lld s %s the server", skew < 0 ? -skew : skew,
		                    skew < 0 ? "behind" : "ahead of");
		report(c, skew <= CLOCK_TOLERANCE_S && skew >= -CLOCK_TOLERANCE_S, "clock", detail);
		free(detail);
	}
}

int cmd_doctor(cli_ctx *ctx, int argc, char **argv)
{
	checks c = { 0, ctx->json };
	pc_err err;

	(void)argv;
	if (argc > 1)
		return -cli_usage("doctor takes no arguments");
	pc_err_clear(&err);
	if (cli_ready_to_send(ctx, &err) < 0) {
		report(&c, false, "config", err.msg);
		return 1;
	}
	report(&c, true, "config", ctx->config.path ? ctx->config.path : "built-in sandbox profile");
	pc_err_clear(&err);
	report(&c, pc_base_url_check(ctx->profile->base_url, ctx->profile->environment, &err) == 0,
	       "base url", err.msg[0] ? err.msg : ctx->profile->base_url);
	check_keys(&c, ctx);
	check_signature(&c, ctx);
	check_server(&c, ctx);
	return c.failed ? 1 : 0;
}
