/* cli.h — what every `paycon COMMAND` shares: options, profile, client. */
#ifndef PAYCON_CLI_H
#define PAYCON_CLI_H

#include <stdbool.h>

#include "client.h"
#include "config.h"
#include "err.h"

typedef struct {
	/* global options */
	const char *config_path;
	const char *profile_name;  /* --profile, NULL when not given */
	bool json;
	bool dry_run;
	bool yes;
	bool readonly;
	const char *record_path;   /* --record FILE: the console as asciicast v2 */
	/* loaded on demand */
	pc_config config;
	bool config_loaded;
	const pc_profile *profile;
	pc_client client;
	bool client_ready;
} cli_ctx;

/* Loads config, picks the profile and opens the client (once). */
int cli_profile(cli_ctx *ctx, pc_err *err);

/* Before anything is built or sent: with the built-in sandbox profile,
 * starts the local sandbox when it is not running (saying so on stderr)
 * and points the profile at it. */
int cli_ready_to_send(cli_ctx *ctx, pc_err *err);

/* Reconciles unknown journal outcomes quietly before a command that talks
 * to PayCools; says one line on stderr only when some stay unknown. */
void cli_reconcile_quietly(cli_ctx *ctx);

/* Prints err on stderr as "paycon: <msg>" (sanitised) and returns its
 * exit code. */
int cli_fail(const pc_err *err);

/* Usage error: prints "paycon: <msg>" and a hint, returns 2. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

typedef int (*cli_command_fn)(cli_ctx *ctx, int argc, char **argv);

/* Commands (argv[0] is the command name). */
int cmd_info(cli_ctx *ctx, int argc, char **argv);
int cmd_keygen(cli_ctx *ctx, int argc, char **argv);
int cmd_sign(cli_ctx *ctx, int argc, char **argv);
int cmd_verify(cli_ctx *ctx, int argc, char **argv);
int cmd_call(cli_ctx *ctx, int argc, char **argv);
int cmd_journal(cli_ctx *ctx, int argc, char **argv);
int cmd_reconcile(cli_ctx *ctx, int argc, char **argv);
int cmd_doctor(cli_ctx *ctx, int argc, char **argv);
int cmd_tail(cli_ctx *ctx, int argc, char **argv);
int cmd_sandbox(cli_ctx *ctx, int argc, char **argv);
int cmd_uat(cli_ctx *ctx, int argc, char **argv);
/* The API command groups: balance, statement, payout, qr, va, transfer,
 * web-payment, refund, checkout. */
int cmd_api(cli_ctx *ctx, int argc, char **argv);
int cmd_api_is_group(const char *name);
void cmd_api_usage(FILE *out);

#endif
