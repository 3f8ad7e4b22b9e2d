/* cmd_sandbox.c — `paycon sandbox up|down|status|ledger|trigger …`.
 *
 * up/down/status manage the local sandbox of the built-in profile.
 * trigger plays the customer (pays a QR code or a VA, completes or fails a
 * web payment or a checkout) through the sandbox's /_sandbox/ endpoints,
 * so every collection flow and its callback can be exercised. It works
 * for any sandbox-environment profile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "args.h"
#include "cli.h"
#include "http.h"
#include "local_sandbox.h"
#include "money.h"
#include "output.h"

typedef struct {
	const char *name;
	const char *path;
	const char *positional; /* JSON field of the one argument, NULL for none */
	const char *usage;
} trigger;

static const trigger triggers[] = {
	{ "qr-pay", "/_sandbox/qr/pay", "mchOrderId", "ORDER_ID [--amount PESOS] [--failed-code N]" },
	{ "va-pay", "/_sandbox/va/pay", "mchOrderId", "ORDER_ID --channel CODE --amount PESOS" },
	{ "transfer-pay", "/_sandbox/transfer/pay", "mchOrderId", "ORDER_ID --amount PESOS" },
	{ "web-complete", "/_sandbox/web/complete", "transactionId", "TRANSACTION_ID" },
	{ "web-fail", "/_sandbox/web/fail", "transactionId", "TRANSACTION_ID [--failed-code N]" },
	{ "checkout-complete", "/_sandbox/checkout/complete", "mchOrderId", "ORDER_ID [--channel CODE]" },
	{ "checkout-fail", "/_sandbox/checkout/fail", "mchOrderId", "ORDER_ID [--failed-code N]" },
	{ "settle", "/_sandbox/settle", NULL, "" },
};

#define N_TRIGGERS (sizeof(triggers) / sizeof(triggers[0]))

static void sandbox_usage(void)
{
	fprintf(stderr, "usage: paycon sandbox up|down|status|ledger\n");
	for (size_t i = 0; i < N_TRIGGERS; i++)
		fprintf(stderr, "       paycon sandbox trigger %s %s\n", triggers[i].name, triggers[i].usage);
}

static void print_status(cli_ctx *ctx, const pc_local_sandbox *s)
{
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddBoolToObject(o, "sandbox_running", s->sandbox_running);
		cJSON_AddBoolToObject(o, "hookd_running", s->hookd_running);
		cJSON_AddNumberToObject(o, "sandbox_port", s->sandbox_port);
		cJSON_AddNumberToObject(o, "hookd_port", s->hookd_port);
		cJSON_AddNumberToObject(o, "sandbox_pid", (double)s->sandbox_pid);
		cJSON_AddNumberToObject(o, "hookd_pid", (double)s->hookd_pid);
		out_json(stdout, o);
		cJSON_Delete(o);
		return;
	}
	if (s->sandbox_running)
		printf("sandbox  running  http://127.0.0.1:%d  pid %ld\n", s->sandbox_port, s->sandbox_pid);
	else
		printf("sandbox  stopped\n");
	if (s->hookd_running)
		printf("hookd    running  http://127.0.0.1:%d/callback  pid %ld\n", s->hookd_port, s->hookd_pid);
	else
		printf("hookd    stopped\n");
}

static int builtin_only(cli_ctx *ctx, const char *verb)
{
	pc_err err;

	pc_err_clear(&err);
	if (cli_profile(ctx, &err) < 0)
		return cli_fail(&err);
	if (!ctx->profile->builtin)
		return -cli_usage("sandbox %s manages the built-in sandbox profile, used when there is no "
		                  "config file; profile '%s' comes from %s", verb, ctx->profile->name,
		                  ctx->config.path ? ctx->config.path : "the config");
	return 0;
}

static int sandbox_up(cli_ctx *ctx)
{
	pc_local_sandbox s;
	pc_err err;
	int rc = builtin_only(ctx, "up");

	if (rc)
		return rc;
	pc_err_clear(&err);
	if (cli_ready_to_send(ctx, &err) < 0)
		return cli_fail(&err);
	pc_local_sandbox_status(ctx->client.state_dir, &s);
	print_status(ctx, &s);
	return 0;
}

static int sandbox_down(cli_ctx *ctx)
{
	pc_err err;
	int rc = builtin_only(ctx, "down");

	if (rc)
		return rc;
	pc_err_clear(&err);
	if (pc_local_sandbox_down(ctx->client.state_dir, &err) < 0)
		return cli_fail(&err);
	return 0;
}

static int sandbox_status(cli_ctx *ctx)
{
	pc_local_sandbox s;
	int rc = builtin_only(ctx, "status");

	if (rc)
		return rc;
	pc_local_sandbox_status(ctx->client.state_dir, &s);
	print_status(ctx, &s);
	return s.sandbox_running && s.hookd_running ? 0 : 3;
}

/* An unsigned control request to the profile's sandbox. */
static int control_request(cli_ctx *ctx, pc_method method, const char *path, const char *body)
{
	pc_http_answer ans;
	pc_http *http;
	pc_sent sent;
	pc_err err;
	cJSON *json;
	int rc = 0;

	pc_err_clear(&err);
	if (cli_ready_to_send(ctx, &err) < 0)
		return cli_fail(&err);
	if (ctx->profile->environment != PC_ENV_SANDBOX)
		return -cli_usage("profile '%s' is %s: triggers exist only in the sandbox", ctx->profile->name,
		                  pc_env_label(ctx->profile->environment));
	http = pc_http_new(ctx->profile, &err);
	if (!http || pc_http_send(http, method, path, body, &ans, &sent, &err) < 0) {
		pc_http_free(http);
		return cli_fail(&err);
	}
	json = cJSON_ParseWithLength(ans.body, ans.len);
	if (ans.status < 200 || ans.status >= 300) {
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(json, "error");

		fprintf(stderr, "paycon: the sandbox refused (HTTP %ld): ", ans.status);
		out_safe(stderr, cJSON_IsString(e) ? e->valuestring : ans.body);
		fputc('\n', stderr);
		rc = 1;
	} else if (ctx->json || !json) {
		if (json)
			out_json(stdout, json);
		else
			out_safe(stdout, ans.body);
	} else {
		out_human(stdout, json, false);
	}
	cJSON_Delete(json);
	pc_http_answer_free(&ans);
	pc_http_free(http);
	return rc;
}

static int add_option(cJSON *body, const cli_opt *o)
{
	pc_err err;

	if (!o->value)
		return cli_usage("--%s needs a value", o->name);
	if (strcmp(o->name, "amount") == 0) {
		long long cents;

		if (pc_money_parse(o->value, &cents, &err) < 0)
			return cli_usage("--amount: %s", err.msg);
		cJSON_AddNumberToObject(body, "amount", (double)cents);
	} else if (strcmp(o->name, "channel") == 0) {
		cJSON_AddStringToObject(body, "channelCode", o->value);
	} else if (strcmp(o->name, "failed-code") == 0) {
		cJSON_AddNumberToObject(body, "failedCode", atof(o->value));
	} else {
		return cli_usage("sandbox trigger has no option --%s", o->name);
	}
	return 0;
}

static int run_trigger(cli_ctx *ctx, const trigger *t, const cli_args *a)
{
	cJSON *body = cJSON_CreateObject();
	char *text;
	int rc = 0;

	if ((t->positional && a->npos != 1) || (!t->positional && a->npos != 0)) {
		cJSON_Delete(body);
		return -cli_usage("usage: paycon sandbox trigger %s %s", t->name, t->usage);
	}
	if (t->positional)
		cJSON_AddStringToObject(body, t->positional, a->pos[0]);
	for (int i = 0; rc == 0 && i < a->nopts; i++)
		rc = add_option(body, &a->opts[i]);
	text = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	if (rc == 0)
		rc = control_request(ctx, PC_POST, t->path, text);
	free(text);
	return rc < 0 ? -rc : rc;
}

static int sandbox_trigger(cli_ctx *ctx, int argc, char **argv)
{
	cli_args a;

	if (argc < 3) {
		sandbox_usage();
		return PC_EINPUT;
	}
	for (size_t i = 0; i < N_TRIGGERS; i++) {
		if (strcmp(triggers[i].name, argv[2]) != 0)
			continue;
		if (cli_args_parse(&a, argc - 3, argv + 3, "") < 0)
			return PC_EINPUT;
		return run_trigger(ctx, &triggers[i], &a);
	}
	sandbox_usage();
	return PC_EINPUT;
}

int cmd_sandbox(cli_ctx *ctx, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "";

	if (strcmp(verb, "up") == 0 && argc == 2)
		return sandbox_up(ctx);
	if (strcmp(verb, "down") == 0 && argc == 2)
		return sandbox_down(ctx);
	if (strcmp(verb, "status") == 0 && argc == 2)
		return sandbox_status(ctx);
	if (strcmp(verb, "ledger") == 0 && argc == 2)
		return control_request(ctx, PC_GET, "/_sandbox/ledger", NULL);
	if (strcmp(verb, "trigger") == 0)
		return sandbox_trigger(ctx, argc, argv);
	sandbox_usage();
	return PC_EINPUT;
}
