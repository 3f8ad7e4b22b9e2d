/* cmd_api.c — every API command, as rows over the endpoint table.
 *
 * A row names its endpoint; options are the endpoint's fields in kebab
 * case (mchOrderId -> --mch-order-id) plus the short aliases below
 * (--order-id), typed by the field: amounts in pesos, integers as digits,
 * objects and arrays as JSON. Adding a command is adding a row. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_run.h"
#include "args.h"
#include "cli.h"
#include "ids.h"
#include "money.h"
#include "money_move.h"
#include "output.h"
#include "paths.h"
#include "prompt.h"
#include "sanitize.h"

typedef struct api_command api_command;

/* Fills fields from options the row handles itself; returns 0 or an
 * exit code from cli_usage. */
typedef int (*prepare_fn)(cli_ctx *ctx, const cli_args *a, pc_params *fields);

struct api_command {
	const char *group;
	const char *verb;        /* NULL: the group is the command (balance) */
	const char *endpoint;
	const char *positional;  /* field given as the one positional argument */
	const char *own_flags;   /* options prepare handles: "date|by" */
	prepare_fn prepare;
	const char *usage;
};

static int prepare_statement(cli_ctx *ctx, const cli_args *a, pc_params *fields);
static int prepare_payout(cli_ctx *ctx, const cli_args *a, pc_params *fields);
static int prepare_transfer(cli_ctx *ctx, const cli_args *a, pc_params *fields);
static int prepare_checkout(cli_ctx *ctx, const cli_args *a, pc_params *fields);

static const api_command api_commands[] = {
	{ "balance", NULL, "account.balance", NULL, NULL, NULL, "" },
	{ "statement", "payments", "statement.payments", NULL, "date|by", prepare_statement,
	  "--date YYYY-MM-DD [--by create|complete] [--page N] [--status S]" },
	{ "statement", "payouts", "statement.payouts", NULL, "date|by", prepare_statement,
	  "--date YYYY-MM-DD [--by create|complete] [--page N] [--status S]" },
	{ "payout", "create", "payout.create", NULL, NULL, prepare_payout,
	  "--order-id ID --amount PESOS --method EWALLET|BANK (--ewallet CODE | --bank CODE) "
	  "--account-no NO --account-name NAME [--idempotency-id ID] [--remark T] [--email E]" },
	{ "payout", "status", "payout.status", "mchOrderId", NULL, NULL, "ORDER_ID" },
	{ "qr", "create", "qr.create", NULL, NULL, NULL,
	  "--order-id ID --channel QRPH_STATIC_QR|QRPH_DYNAMIC_QR|QRPH_HYBRID_QR --customer NAME "
	  "[--amount PESOS] [--email E] [--remark T] [--callback-url URL] [--expire-seconds N]" },
	{ "qr", "show", "qr.show", "mchOrderId", NULL, NULL, "ORDER_ID" },
	{ "qr", "cancel", "qr.cancel", "mchOrderId", NULL, NULL, "ORDER_ID" },
	{ "qr", "update", "qr.update", "mchOrderId", NULL, NULL,
	  "ORDER_ID --customer NAME [--email E] [--remark T] [--callback-url URL]" },
	{ "qr", "payments", "qr.payments", "mchOrderId", NULL, NULL,
	  "ORDER_ID --from YYYY-MM-DD --to YYYY-MM-DD" },
	{ "va", "create", "va.create", NULL, NULL, NULL,
	  "--order-id ID --channel CODE --customer NAME --email E [--min-amount PESOS] "
	  "[--max-amount PESOS] [--mobile M] [--expire-time YYYY-MM-DD] [--description T]" },
	{ "va", "batch-create", "va.batch_create", NULL, NULL, NULL,
	  "--order-id ID --channel CODE,CODE… --customer NAME --email E [same options as va create]" },
	{ "va", "update", "va.update", "mchOrderId", NULL, NULL, "ORDER_ID --channel CODE,CODE…" },
	{ "va", "cancel", "va.cancel", "mchOrderId", NULL, NULL, "ORDER_ID" },
	{ "va", "payments", "va.payments", "mchOrderId", NULL, NULL,
	  "ORDER_ID --from YYYY-MM-DD --to YYYY-MM-DD" },
	{ "transfer", "create", "transfer.create", NULL, NULL, prepare_transfer,
	  "--order-id ID --customer NAME [--channel INSTA_TRANSFER_ACC] [--email E] "
	  "[--min-amount PESOS] [--max-amount PESOS] [--mobile M] [--expire-time T] [--description T]" },
	{ "transfer", "update", "transfer.update", "mchOrderId", NULL, NULL,
	  "ORDER_ID --channel INSTA_TRANSFER_ACC" },
	{ "transfer", "payments", "transfer.payments", "mchOrderId", NULL, NULL,
	  "ORDER_ID --from YYYY-MM-DD --to YYYY-MM-DD [--channel CODE,…]" },
	{ "web-payment", "create", "web.create", NULL, NULL, NULL,
	  "--order-id ID --amount PESOS --channel CODE --email E --mobile M --callback-url URL "
	  "--redirect-url URL [--customer NAME] [--remark T]" },
	{ "web-payment", "status", "web.status", "transactionId", NULL, NULL, "TRANSACTION_ID" },
	{ "refund", "create", "refund.create", NULL, NULL, NULL,
	  "--refund-id ID --original TXN --amount PESOS --callback-url URL [--reason T]" },
	{ "refund", "show", "refund.show", NULL, NULL, NULL, "(--original TXN | --refund TXN)" },
	{ "checkout", "create", "checkout.create", NULL,
	  "first-name|last-name|email|mobile|item", prepare_checkout,
	  "--order-id ID --amount PESOS --first-name N --email E --mobile M --callback-url URL "
	  "--redirect-url URL [--last-name N] [--item NAME:PESOS:QTY …] [--remark T] [--expire-time T]" },
	{ "checkout", "status", "checkout.status", "mchOrderId", NULL, NULL, "ORDER_ID" },
};

#define N_API_COMMANDS (sizeof(api_commands) / sizeof(api_commands[0]))

/* Short option names; the first candidate field the endpoint has wins. */
static const struct {
	const char *flag;
	const char *fields[3];
} aliases[] = {
	{ "order-id", { "mchOrderId" } },
	{ "amount", { "amount", "refundAmount" } },
	{ "channel", { "channelCode" } },
	{ "customer", { "customerName" } },
	{ "method", { "payMethodCode" } },
	{ "ewallet", { "ewalletCode" } },
	{ "bank", { "bankCode" } },
	{ "account-no", { "accountNo" } },
	{ "account-name", { "accountName" } },
	{ "from", { "startDate" } },
	{ "to", { "endDate" } },
	{ "refund-id", { "mchRefundOrderId" } },
	{ "original", { "originalTransactionId" } },
	{ "refund", { "refundTransactionId" } },
	{ "reason", { "refundReason" } },
	{ "callback-url", { "callbackUrl", "refundCallbackUrl" } },
};

int cmd_api_is_group(const char *name)
{
	for (size_t i = 0; i < N_API_COMMANDS; i++)
		if (strcmp(api_commands[i].group, name) == 0)
			return 1;
	return 0;
}

void cmd_api_usage(FILE *out)
{
	for (size_t i = 0; i < N_API_COMMANDS; i++) {
		const api_command *c = &api_commands[i];
		char name[40];

		snprintf(name, sizeof(name), "%s%s%s", c->group, c->verb ? " " : "", c->verb ? c->verb : "");
		fprintf(out, "  %-22s %s\n", name, c->usage);
	}
}

/* mchOrderId -> mch-order-id */
static void kebab(const char *field, char *buf, size_t size)
{
	size_t n = 0;

	for (const char *p = field; *p && n + 2 < size; p++) {
		if (isupper((unsigned char)*p)) {
			buf[n++] = '-';
			buf[n++] = (char)tolower((unsigned char)*p);
		} else {
			buf[n++] = *p;
		}
	}
	buf[n] = '\0';
}

static const pc_field *field_for_flag(const pc_endpoint *ep, const char *flag)
{
	char name[64];

	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		if (strcmp(aliases[i].flag, flag) != 0)
			continue;
		for (int k = 0; k < 3 && aliases[i].fields[k]; k++) {
			const pc_field *f = pc_endpoint_field(ep, aliases[i].fields[k]);

			if (f)
				return f;
		}
	}
	for (size_t i = 0; i < ep->nfields; i++) {
		kebab(ep->fields[i].name, name, sizeof(name));
		if (strcmp(name, flag) == 0)
			return &ep->fields[i];
	}
	return NULL;
}

static const char *flag_for_field(const char *field, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		for (int k = 0; k < 3 && aliases[i].fields[k]; k++)
			if (strcmp(aliases[i].fields[k], field) == 0)
				return aliases[i].flag;
	kebab(field, buf, size);
	return buf;
}

static bool all_digits(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* One option's value, typed by its field. */
static int set_field(pc_params *fields, const pc_field *f, const char *flag, const char *value)
{
	pc_err err;

	pc_err_clear(&err);
	if (f->flags & PC_FF_MONEY) {
		long long cents;

		if (pc_money_parse(value, &cents, &err) < 0)
			return cli_usage("--%s: %s", flag, err.msg);
		return pc_params_set_int(fields, f->name, cents);
	}
	if (f->type == PC_FT_INT) {
		if (!all_digits(value))
			return cli_usage("--%s expects a whole number, not '%s'", flag, value);
		return pc_params_set(fields, f->name, PC_JNUM, value);
	}
	if (f->type == PC_FT_OBJECT || f->type == PC_FT_ARRAY) {
		pc_params probe;
		char *wrapped = pc_strdupf("{\"v\":%s}", value);
		int rc;

		pc_params_init(&probe);
		rc = wrapped ? pc_params_parse(&probe, wrapped, strlen(wrapped), &err) : -1;
		if (rc == 0)
			rc = pc_params_set(fields, f->name, PC_JRAW, pc_params_get(&probe, "v"));
		else
			rc = cli_usage("--%s expects JSON: %s", flag, err.msg);
		free(wrapped);
		pc_params_free(&probe);
		return rc;
	}
	return pc_params_set_str(fields, f->name, value);
}

static bool is_own_flag(const api_command *cmd, const char *flag)
{
	const char *p = cmd->own_flags;
	size_t len = strlen(flag);

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);

		if (n == len && strncmp(p, flag, n) == 0)
			return true;
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

static int collect_fields(const api_command *cmd, const pc_endpoint *ep, const cli_args *a,
                          pc_params *fields)
{
	if (cmd->positional) {
		if (a->npos != 1)
			return cli_usage("%s %s needs exactly one %s", cmd->group, cmd->verb, cmd->usage);
		if (pc_params_set_str(fields, cmd->positional, a->pos[0]) < 0)
			return -PC_EINPUT;
	} else if (a->npos) {
		return cli_usage("unexpected argument '%s'", a->pos[0]);
	}
	for (int i = 0; i < a->nopts; i++) {
		const cli_opt *o = &a->opts[i];
		const pc_field *f;

		if (is_own_flag(cmd, o->name))
			continue;
		f = field_for_flag(ep, o->name);
		if (!f)
			return cli_usage("%s%s%s has no option --%s", cmd->group, cmd->verb ? " " : "",
			                 cmd->verb ? cmd->verb : "", o->name);
		if (!o->value)
			return cli_usage("--%s needs a value", o->name);
		/* The last of two amounts must not win silently. */
		if (pc_params_find(fields, f->name))
			return cli_usage("%s is given twice (--%s): say it once", f->name, o->name);
		if (set_field(fields, f, o->name, o->value) < 0)
			return -PC_EINPUT;
	}
	return 0;
}

static int prepare_statement(cli_ctx *ctx, const cli_args *a, pc_params *fields)
{
	const char *date = cli_args_get(a, "date");
	const char *by = cli_args_get(a, "by");

	(void)ctx;
	if (!date)
		return cli_usage("statement needs --date YYYY-MM-DD");
	if (by && strcmp(by, "create") != 0 && strcmp(by, "complete") != 0)
		return cli_usage("--by takes create or complete, not '%s'", by);
	pc_params_set_str(fields, by && strcmp(by, "complete") == 0 ? "completeDate" : "createDate", date);
	if (!pc_params_find(fields, "page"))
		pc_params_set_int(fields, "page", 1);
	return 0;
}

static int prepare_payout(cli_ctx *ctx, const cli_args *a, pc_params *fields)
{
	const char *order = pc_params_get(fields, "mchOrderId");
	char idem[32];

	(void)a;
	if (!order || !pc_params_is_empty(fields, "idempotencyId"))
		return 0;
	/* Derived, so the same order always retries under the same id. */
	if (pc_idempotency_id(ctx->profile->app_id, order, idem, sizeof(idem)) < 0)
		return cli_usage("cannot derive an idempotency id for order '%s'", order);
	return pc_params_set_str(fields, "idempotencyId", idem);
}

static int prepare_transfer(cli_ctx *ctx, const cli_args *a, pc_params *fields)
{
	(void)ctx;
	(void)a;
	/* The only bank-transfer channel PayCools documents. */
	if (pc_params_is_empty(fields, "channelCode"))
		return pc_params_set_str(fields, "channelCode", "INSTA_TRANSFER_ACC");
	return 0;
}

static int prepare_checkout(cli_ctx *ctx, const cli_args *a, pc_params *fields)
{
	(void)ctx;
	return checkout_fields_from_args(a, fields);
}

static const api_command *find_api_command(int argc, char **argv, int *words)
{
	for (size_t i = 0; i < N_API_COMMANDS; i++) {
		const api_command *c = &api_commands[i];

		if (strcmp(c->group, argv[0]) != 0)
			continue;
		if (!c->verb) {
			*words = 1;
			return c;
		}
		if (argc > 1 && strcmp(c->verb, argv[1]) == 0) {
			*words = 2;
			return c;
		}
	}
	return NULL;
}

static int group_usage(const char *group)
{
	fprintf(stderr, "paycon: %s needs one of:\n", group);
	for (size_t i = 0; i < N_API_COMMANDS; i++)
		if (strcmp(api_commands[i].group, group) == 0)
			fprintf(stderr, "  paycon %s %s %s\n", group, api_commands[i].verb,
			        api_commands[i].usage);
	return PC_EINPUT;
}

static void command_help(const api_command *cmd, const pc_endpoint *ep)
{
	char buf[64];

	printf("usage: paycon %s%s%s %s\n\n%s — %s %s (PayCools %s)\n\noptions:\n", cmd->group,
	       cmd->verb ? " " : "", cmd->verb ? cmd->verb : "", cmd->usage, ep->title,
	       pc_method_name(ep->method), ep->path, ep->section);
	for (size_t i = 0; i < ep->nfields; i++) {
		const pc_field *f = &ep->fields[i];

		if (cmd->positional && strcmp(cmd->positional, f->name) == 0)
			continue;
		printf("  --%-22s %s%s%s\n", flag_for_field(f->name, buf, sizeof(buf)),
		       f->presence == PC_MANDATORY ? "(required) " : "",
		       (f->flags & PC_FF_MONEY) ? "[pesos] " : "", f->help ? f->help : "");
	}
}

int cmd_api(cli_ctx *ctx, int argc, char **argv)
{
	const api_command *cmd;
	const pc_endpoint *ep;
	pc_params fields;
	cli_args a;
	pc_err err;
	int words = 0;
	int rc;

	cmd = find_api_command(argc, argv, &words);
	if (!cmd)
		return group_usage(argv[0]);
	ep = pc_endpoint_by_id(cmd->endpoint);
	if (!ep) {
		pc_err_set(&err, PC_EINPUT, "internal: no endpoint %s", cmd->endpoint);
		return cli_fail(&err);
	}
	if (cli_args_parse(&a, argc - words, argv + words, "help") < 0)
		return PC_EINPUT;
	if (cli_args_has(&a, "help")) {
		command_help(cmd, ep);
		return 0;
	}
	pc_err_clear(&err);
	if (cli_ready_to_send(ctx, &err) < 0)
		return cli_fail(&err);
	pc_params_init(&fields);
	rc = collect_fields(cmd, ep, &a, &fields);
	if (rc == 0 && cmd->prepare)
		rc = cmd->prepare(ctx, &a, &fields);
	if (rc == 0)
		rc = api_run(ctx, ep, &fields);
	pc_params_free(&fields);
	return rc < 0 ? -rc : rc;
}
