/* main.c — `paycon [global options] COMMAND …`: options, dispatch, exit codes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "local_sandbox.h"
#include "paths.h"
#include "output.h"
#include "prompt.h"
#include "reconcile.h"
#include "sanitize.h"
#include "tui.h"
#include "version.h"

typedef struct {
	const char *name;
	cli_command_fn fn;
	const char *summary;
} command;

static const command commands[] = {
	{ "info",      cmd_info,      "paths in use, profile, environment, role, key fingerprints" },
	{ "keygen",    cmd_keygen,    "--out DIR [--bits 4096]: a merchant key pair; prints the dashboard line" },
	{ "sign",      cmd_sign,      "[FILE|-]: canonical string and signature of a JSON object" },
	{ "verify",    cmd_verify,    "[FILE|-]: verify a callback body with the platform public key" },
	{ "call",      cmd_call,      "METHOD PATH [key=value|key:=json …]: any endpoint, signed" },
	{ "journal",   cmd_journal,   "this profile's money-moving requests, newest first" },
	{ "reconcile", cmd_reconcile, "settle requests whose outcome is unknown" },
	{ "doctor",    cmd_doctor,    "check config, keys, URL, clock, reachability, signature" },
	{ "tail",      cmd_tail,      "[--follow] [--json] [--since YYYY-MM-DDTHH:MM:SS]: callbacks in the spool" },
	{ "sandbox",   cmd_sandbox,   "up|down|status|trigger …: the local sandbox of the built-in profile" },
	{ "uat",       cmd_uat,       "list|run|show|report|reset: the PayCools acceptance checklist" },
};

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: paycon [--config FILE] [--profile NAME] [--json] [--dry-run] [--yes] [--readonly]\n"
	        "              COMMAND [ARGS]\n"
	        "       paycon [--config FILE] [--profile NAME] [--record FILE.cast]   (the console)\n\n"
	        "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	cmd_api_usage(out);
	fprintf(out,
	        "\nexit codes: 0 success; 1 PayCools answered an error; 2 usage, config or input error\n"
	        "(nothing sent); 3 transport failure; 4 confirmation needed or refused.\n"
	        "`paycon COMMAND --help` shows a command's options. See paycon(1).\n");
}

int cli_fail(const pc_err *err)
{
	char *safe = pc_sanitize_str(err->msg);

	fprintf(stderr, "paycon: %s\n", safe ? safe : err->msg);
	free(safe);
	return err->cls ? (int)err->cls : 2;
}

int cli_usage(const char *fmt, ...)
{
	char msg[1024];
	char *safe;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	safe = pc_sanitize_str(msg);
	fprintf(stderr, "paycon: %s (see paycon --help)\n", safe ? safe : msg);
	free(safe);
	return -PC_EINPUT;
}

int cli_profile(cli_ctx *ctx, pc_err *err)
{
	if (ctx->client_ready)
		return 0;
	if (!ctx->config_loaded) {
		if (pc_config_load(&ctx->config, ctx->config_path, err) < 0)
			return -1;
		ctx->config_loaded = true;
	}
	ctx->profile = pc_config_profile(&ctx->config, ctx->profile_name, err);
	if (!ctx->profile)
		return -1;
	/* --readonly can only lower rights; the profile cannot undo it. */
	if (ctx->readonly)
		((pc_profile *)ctx->profile)->role = PC_ROLE_VIEWER;
	if (pc_client_init(&ctx->client, ctx->profile, err) < 0)
		return -1;
	ctx->client.ask = prompt_passphrase;
	ctx->client_ready = true;
	return 0;
}

int cli_ready_to_send(cli_ctx *ctx, pc_err *err)
{
	pc_local_sandbox s;
	bool started = false;
	char *url, *bindir;

	if (cli_profile(ctx, err) < 0)
		return -1;
	if (!ctx->profile->builtin)
		return 0;
	bindir = pc_exe_dir(); /* paycon-sandbox and paycon-hookd stand next to paycon */
	if (pc_local_sandbox_up(ctx->client.state_dir, ctx->profile, bindir, &s, &started, err) < 0) {
		free(bindir);
		return -1;
	}
	free(bindir);
	url = pc_local_sandbox_url(&s);
	if (!url)
		return pc_err_set(err, PC_EINPUT, "out of memory");
	if (started)
		fprintf(stderr, "paycon: started the local sandbox at %s (no config file; "
		                "`paycon sandbox down` stops it)\n", url);
	/* The built-in profile is ours to change: it points at whatever port
	 * the sandbox got this time. */
	free(((pc_profile *)ctx->profile)->base_url);
	((pc_profile *)ctx->profile)->base_url = url;
	return 0;
}

void cli_reconcile_quietly(cli_ctx *ctx)
{
	pc_err err;
	int left = 0;

	pc_err_clear(&err);
	if (ctx->dry_run || cli_profile(ctx, &err) < 0)
		return;
	if (pc_reconcile_all(&ctx->client, NULL, NULL, &left, &err) < 0)
		return;
	if (left > 0)
		fprintf(stderr, "paycon: %d earlier request(s) still have an unknown outcome; "
		                "`paycon journal` lists them, `paycon reconcile` retries\n", left);
}

/* Pulls global options out of argv wherever they stand; returns the new
 * argc or -1 on a usage error. */
static int take_global_options(cli_ctx *ctx, int argc, char **argv)
{
	int out = 0;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **value_slot = NULL;

		if (strcmp(a, "--config") == 0)
			value_slot = &ctx->config_path;
		else if (strcmp(a, "--profile") == 0)
			value_slot = &ctx->profile_name;
		else if (strcmp(a, "--record") == 0)
			value_slot = &ctx->record_path;
		if (value_slot) {
			if (i + 1 >= argc)
				return cli_usage("%s needs a value", a);
			*value_slot = argv[++i];
			continue;
		}
		if (strncmp(a, "--config=", 9) == 0) {
			ctx->config_path = a + 9;
		} else if (strncmp(a, "--profile=", 10) == 0) {
			ctx->profile_name = a + 10;
		} else if (strncmp(a, "--record=", 9) == 0) {
			ctx->record_path = a + 9;
		} else if (strcmp(a, "--json") == 0) {
			ctx->json = true;
		} else if (strcmp(a, "--dry-run") == 0) {
			ctx->dry_run = true;
		} else if (strcmp(a, "--yes") == 0) {
			ctx->yes = true;
		} else if (strcmp(a, "--readonly") == 0) {
			ctx->readonly = true;
		} else if (strcmp(a, "--") == 0) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		} else {
			argv[out++] = argv[i];
		}
	}
	return out;
}

static cli_command_fn find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return commands[i].fn;
	if (cmd_api_is_group(name))
		return cmd_api;
	return NULL;
}

static void cli_cleanup(cli_ctx *ctx)
{
	if (ctx->client_ready)
		pc_client_free(&ctx->client);
	if (ctx->config_loaded)
		pc_config_free(&ctx->config);
}

int main(int argc, char **argv)
{
	cli_ctx ctx;
	cli_command_fn fn;
	int rc;

	memset(&ctx, 0, sizeof(ctx));
	out_init();
	argc = take_global_options(&ctx, argc - 1, argv + 1);
	argv++;
	if (argc < 0)
		return PC_EINPUT;
	if (argc == 0 && !tui_wanted()) {
		usage(stderr);
		return PC_EINPUT;
	}
	/* No command on a terminal: the console. */
	if (argc == 0 || strcmp(argv[0], "console") == 0) {
		rc = tui_main(&ctx);
		cli_cleanup(&ctx);
		return rc;
	}
	if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0 || strcmp(argv[0], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[0], "--version") == 0) {
		printf("paycon %s\n", PAYCON_VERSION);
		return 0;
	}
	/* Only the console is recorded: a command's output is text already. */
	if (ctx.record_path) {
		cli_usage("--record records the console; run `paycon --record FILE` without a command");
		return PC_EINPUT;
	}
	fn = find_command(argv[0]);
	if (!fn) {
		cli_usage("unknown command '%s'", argv[0]);
		return PC_EINPUT;
	}
	rc = fn(&ctx, argc, argv);
	cli_cleanup(&ctx);
	/* Commands return an exit code, or a negated one from cli_usage. */
	return rc < 0 ? -rc : rc;
}
