/* cmd_sign.c — `paycon sign` and `paycon verify`: the signature by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "args.h"
#include "cli.h"
#include "input.h"
#include "output.h"
#include "signature.h"

/* Where the body came from, for messages. */
static const char *input_name(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[argc - 1], "-") == 0 || strncmp(argv[argc - 1], "--", 2) == 0)
		return "standard input";
	return argv[argc - 1];
}

static int read_input(int argc, char **argv, const char *usage, char **body, size_t *len)
{
	cli_args a;
	pc_err err;

	if (cli_args_parse(&a, argc - 1, argv + 1, "") < 0 || cli_args_only(&a, "") < 0)
		return PC_EINPUT;
	if (a.npos > 1)
		return -cli_usage("%s", usage);
	pc_err_clear(&err);
	if (cli_read_body(a.npos ? a.pos[0] : NULL, body, len, &err) < 0)
		return cli_fail(&err);
	return 0;
}

static void print_signed(cli_ctx *ctx, const pc_params *p, const char *canonical)
{
	const char *sig = pc_params_get(p, "sign");

	if (ctx->json) {
		char *body = pc_params_to_json(p);
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "canonical", canonical);
		cJSON_AddStringToObject(o, "sign", sig);
		cJSON_AddRawToObject(o, "body", body ? body : "null");
		out_json(stdout, o);
		cJSON_Delete(o);
		free(body);
		return;
	}
	out_safe(stdout, canonical);
	printf("\n%s\n", sig);
}

int cmd_sign(cli_ctx *ctx, int argc, char **argv)
{
	const pc_key *key;
	pc_params p;
	pc_err err;
	char *body = NULL, *canonical = NULL;
	size_t len = 0;
	int rc = read_input(argc, argv, "usage: paycon sign [FILE|-]", &body, &len);

	if (rc)
		return rc;
	pc_err_clear(&err);
	pc_params_init(&p);
	key = cli_ready_to_send(ctx, &err) == 0 ? pc_client_key(&ctx->client, &err) : NULL;
	if (!key) {
		rc = cli_fail(&err);
	} else if (pc_params_parse(&p, body, len, &err) < 0) {
		pc_err_prefix(&err, "%s is not a JSON object", input_name(argc, argv));
		rc = cli_fail(&err);
	} else if (pc_sign_params(key, ctx->profile->sign_hash, &p, &canonical, &err) < 0) {
		rc = cli_fail(&err);
	} else {
		print_signed(ctx, &p, canonical);
	}
	free(canonical);
	free(body);
	pc_params_free(&p);
	return rc;
}

static int verify_exit(pc_verdict v)
{
	if (v == PC_VERDICT_VALID)
		return 0;
	return v == PC_VERDICT_MALFORMED ? PC_EINPUT : 1;
}

static void print_verdict(cli_ctx *ctx, pc_verdict v, const char *canonical, const pc_err *err)
{
	const char *reason = v == PC_VERDICT_MALFORMED ? err->msg : pc_verdict_reason(v);

	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "verdict", pc_verdict_name(v));
		if (v != PC_VERDICT_VALID)
			cJSON_AddStringToObject(o, "reason", reason);
		if (canonical)
			cJSON_AddStringToObject(o, "canonical", canonical);
		out_json(stdout, o);
		cJSON_Delete(o);
	} else {
		printf("%s\n", pc_verdict_name(v));
	}
	if (v != PC_VERDICT_VALID) {
		fprintf(stderr, "paycon: %s: ", pc_verdict_name(v));
		out_safe(stderr, reason);
		fputc('\n', stderr);
	}
}

int cmd_verify(cli_ctx *ctx, int argc, char **argv)
{
	const pc_key *key;
	pc_verdict v;
	pc_err err;
	char *body = NULL, *canonical = NULL;
	size_t len = 0;
	int rc = read_input(argc, argv, "usage: paycon verify [FILE|-]", &body, &len);

	if (rc)
		return rc;
	pc_err_clear(&err);
	key = cli_ready_to_send(ctx, &err) == 0 ? pc_client_platform_key(&ctx->client, &err) : NULL;
	if (!key) {
		free(body);
		return cli_fail(&err);
	}
	v = pc_verify_body(key, ctx->profile->sign_hash, body, len, &canonical, &err);
	if (v == PC_VERDICT_MALFORMED)
		pc_err_prefix(&err, "%s", input_name(argc, argv));
	print_verdict(ctx, v, canonical, &err);
	free(canonical);
	free(body);
	return verify_exit(v);
}
