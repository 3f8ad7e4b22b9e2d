/* cmd_call.c — `paycon call METHOD PATH [key=value|key:=json …]`.
 *
 * Any endpoint, signed like every other, with no client-side validation:
 * integrators use it to reach paths the table lacks and to provoke the
 * server's own error codes. key=value sends a string, key:=json a raw
 * JSON value (as httpie does), so amounts can go as numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_run.h"
#include "cli.h"
#include "output.h"
#include "paths.h"

static int parse_method(const char *text, pc_method *m)
{
	if (strcmp(text, "GET") == 0 || strcmp(text, "get") == 0)
		*m = PC_GET;
	else if (strcmp(text, "POST") == 0 || strcmp(text, "post") == 0)
		*m = PC_POST;
	else
		return -1;
	return 0;
}

/* key:=json: checked by parsing it inside a one-key object. */
static int add_raw_json(pc_params *fields, const char *key, const char *json)
{
	char *wrapped = pc_strdupf("{\"v\":%s}", json);
	pc_params probe;
	const pc_param *v;
	pc_err err;
	int rc = -1;

	pc_params_init(&probe);
	if (wrapped && pc_params_parse(&probe, wrapped, strlen(wrapped), &err) == 0) {
		v = pc_params_find(&probe, "v");
		rc = pc_params_set(fields, key, v->kind, v->value);
	} else {
		rc = cli_usage("%s:=%s is not a JSON value", key, json);
	}
	free(wrapped);
	pc_params_free(&probe);
	return rc;
}

static int collect(int argc, char **argv, pc_params *fields)
{
	for (int i = 0; i < argc; i++) {
		char *arg = argv[i];
		char *eq = strchr(arg, '=');

		if (!eq || eq == arg)
			return cli_usage("'%s' is not key=value or key:=json", arg);
		if (eq > arg + 1 && eq[-1] == ':') {
			eq[-1] = '\0';
			if (add_raw_json(fields, arg, eq + 1) < 0)
				return -PC_EINPUT;
		} else {
			*eq = '\0';
			pc_params_set_str(fields, arg, eq + 1);
		}
	}
	return 0;
}

static int send_and_print(cli_ctx *ctx, const pc_request *rq)
{
	pc_envelope env;
	pc_sent sent;
	pc_err err;
	int rc;

	pc_err_clear(&err);
	rc = pc_client_send(&ctx->client, rq, &env, &sent, &err);
	if (ctx->json && env.root)
		out_json(stdout, env.root);
	else if (rc == 0)
		out_human(stdout, env.data, false);
	pc_envelope_free(&env);
	return rc == 0 ? 0 : cli_fail(&err);
}

int cmd_call(cli_ctx *ctx, int argc, char **argv)
{
	const pc_key *key;
	pc_params fields;
	pc_request rq;
	pc_method method;
	pc_err err;
	int rc;

	if (argc < 3 || parse_method(argv[1], &method) < 0)
		return -cli_usage("usage: paycon call GET|POST PATH [key=value|key:=json …]");
	pc_err_clear(&err);
	if (cli_ready_to_send(ctx, &err) < 0)
		return cli_fail(&err);
	pc_params_init(&fields);
	rc = collect(argc - 3, argv + 3, &fields);
	if (rc < 0) {
		pc_params_free(&fields);
		return -rc;
	}
	key = pc_client_key(&ctx->client, &err);
	if (!key || pc_request_build_raw(&rq, ctx->profile, key, method, argv[2], &fields, &err) < 0) {
		pc_params_free(&fields);
		return cli_fail(&err);
	}
	pc_params_free(&fields);
	if (ctx->dry_run) {
		rc = print_dry_run(ctx, &rq);
	} else {
		cli_reconcile_quietly(ctx);
		rc = send_and_print(ctx, &rq);
	}
	pc_request_free(&rq);
	return rc;
}
