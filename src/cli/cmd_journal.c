/* cmd_journal.c — `paycon journal` and `paycon reconcile`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "journal.h"
#include "mask.h"
#include "money.h"
#include "output.h"
#include "reconcile.h"

static const char *entry_amount_field(const pc_journal_entry *e)
{
	return strcmp(e->op, "refund.create") == 0 ? "refundAmount" : "amount";
}

static const char *shown_state(const pc_journal_entry *e)
{
	if (pc_journal_entry_unresolved(e))
		return "UNKNOWN";
	return e->status ? e->status : e->outcome;
}

static cJSON *entry_json(const pc_journal_entry *e)
{
	cJSON *o = cJSON_CreateObject();
	const char *amount = pc_params_get(&e->fields, entry_amount_field(e));
	const char *account = pc_params_get(&e->fields, "accountNo");
	char masked[64];

	cJSON_AddStringToObject(o, "time", e->intent_ts ? e->intent_ts : "");
	cJSON_AddStringToObject(o, "op", e->op);
	cJSON_AddStringToObject(o, "key", e->key);
	if (amount)
		cJSON_AddNumberToObject(o, "amount", atof(amount));
	if (account)
		cJSON_AddStringToObject(o, "account", pc_mask_account(account, masked, sizeof(masked)));
	cJSON_AddStringToObject(o, "outcome", e->outcome ? e->outcome : "none");
	cJSON_AddStringToObject(o, "state", shown_state(e));
	if (e->transaction_id)
		cJSON_AddStringToObject(o, "transactionId", e->transaction_id);
	if (e->code)
		cJSON_AddNumberToObject(o, "code", e->code);
	return o;
}

static void print_entry(const pc_journal_entry *e)
{
	const char *amount = pc_params_get(&e->fields, entry_amount_field(e));
	char money[64] = "-";

	if (amount)
		pc_money_format(atoll(amount), out_utf8(), money, sizeof(money));
	printf("%-24s %-14s ", e->intent_ts ? e->intent_ts : "-", e->op);
	out_safe(stdout, e->key);
	printf("  %s  %s", money, shown_state(e));
	if (e->transaction_id) {
		printf("  ");
		out_safe(stdout, e->transaction_id);
	}
	putchar('\n');
}

int cmd_journal(cli_ctx *ctx, int argc, char **argv)
{
	pc_journal_view view;
	pc_journal *j;
	pc_err err;

	(void)argv;
	if (argc > 1)
		return -cli_usage("journal takes no arguments");
	pc_err_clear(&err);
	if (cli_profile(ctx, &err) < 0)
		return cli_fail(&err);
	j = pc_client_journal(&ctx->client, &err);
	if (!j || pc_journal_read(pc_journal_path(j), &view, &err) < 0)
		return cli_fail(&err);
	for (int i = view.count - 1; i >= 0; i--) {
		if (ctx->json) {
			cJSON *o = entry_json(&view.items[i]);

			out_json(stdout, o);
			cJSON_Delete(o);
		} else {
			print_entry(&view.items[i]);
		}
	}
	if (view.bad_lines)
		fprintf(stderr, "paycon: %d unreadable journal line(s) skipped in %s\n",
		        view.bad_lines, pc_journal_path(j));
	pc_journal_view_free(&view);
	return 0;
}

static void report(const pc_journal_entry *e, const pc_rec_result *r, void *ud)
{
	(void)ud;
	printf("%s ", e->op);
	out_safe(stdout, e->key);
	printf(": %s", pc_rec_state_name(r->state));
	if (r->status[0]) {
		printf(" ");
		out_safe(stdout, r->status);
	}
	if (r->detail[0]) {
		printf(" (");
		out_safe(stdout, r->detail);
		printf(")");
	}
	putchar('\n');
}

int cmd_reconcile(cli_ctx *ctx, int argc, char **argv)
{
	pc_err err;
	int left = 0;

	(void)argv;
	if (argc > 1)
		return -cli_usage("reconcile takes no arguments");
	pc_err_clear(&err);
	if (cli_ready_to_send(ctx, &err) < 0)
		return cli_fail(&err);
	if (pc_reconcile_all(&ctx->client, report, NULL, &left, &err) < 0)
		return cli_fail(&err);
	if (left) {
		fprintf(stderr, "paycon: %d request(s) still have an unknown outcome; run reconcile again "
		                "when PayCools answers\n", left);
		return PC_ETRANSPORT;
	}
	return 0;
}
