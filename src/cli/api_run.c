/* api_run.c — dry run, confirmation, sending and printing of API commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_run.h"
#include "money.h"
#include "money_move.h"
#include "output.h"
#include "paths.h"
#include "prompt.h"
#include "sanitize.h"
#include "store.h"

int print_dry_run(cli_ctx *ctx, const pc_request *rq)
{
	char *text;

	/* Both forms are terminal-safe already (request.h). */
	if (ctx->json)
		text = pc_request_describe_json(rq, ctx->profile->base_url);
	else
		text = pc_request_describe(rq, ctx->profile->base_url);
	if (!text) {
		fprintf(stderr, "paycon: out of memory\n");
		return PC_EINPUT;
	}
	fputs(text, stdout);
	if (ctx->json)
		fputc('\n', stdout);
	free(text);
	return 0;
}

static int dry_run(cli_ctx *ctx, const pc_endpoint *ep, const pc_params *fields)
{
	pc_request rq;
	pc_err err;
	int rc;

	pc_err_clear(&err);
	if (pc_client_build(&ctx->client, ep, fields, &rq, &err) < 0)
		return cli_fail(&err);
	rc = print_dry_run(ctx, &rq);
	pc_request_free(&rq);
	return rc;
}

static long long amount_of(const pc_endpoint *ep, const pc_params *fields)
{
	const char *v = pc_params_get(fields, strcmp(ep->id, "refund.create") == 0 ? "refundAmount" : "amount");

	return v ? atoll(v) : 0;
}

static void field_line(char *buf, size_t size, size_t *used, const char *label, const char *value)
{
	char *safe = pc_sanitize_str(value ? value : "-");
	int n = snprintf(buf + *used, size - *used, "  %-12s %s\n", label, safe ? safe : "?");

	free(safe);
	if (n > 0 && (size_t)n < size - *used)
		*used += (size_t)n;
}

/* The review an operator reads before money moves. */
static char *review_text(cli_ctx *ctx, const pc_endpoint *ep, const pc_params *fields,
                         const char *canonical)
{
	long long cents = amount_of(ep, fields);
	const int refund = strcmp(ep->id, "refund.create") == 0;
	char money[64], words[256], line[512];
	size_t size = 4096 + strlen(canonical) * 4, used = 0;
	char *buf = malloc(size);

	if (!buf)
		return NULL;
	buf[0] = '\0';
	field_line(buf, size, &used, "environment", pc_env_label(ctx->profile->environment));
	snprintf(line, sizeof(line), "%s (%s), profile %s", ctx->profile->app_name,
	         ctx->profile->app_id, ctx->profile->name);
	field_line(buf, size, &used, "app", line);
	if (refund) {
		field_line(buf, size, &used, "refund", pc_params_get(fields, "mchRefundOrderId"));
		field_line(buf, size, &used, "of payment", pc_params_get(fields, "originalTransactionId"));
	} else {
		field_line(buf, size, &used, "payout", pc_params_get(fields, "mchOrderId"));
		snprintf(line, sizeof(line), "%s, %s %s %s", pc_params_get(fields, "accountName"),
		         pc_params_get(fields, "payMethodCode"),
		         pc_params_get(fields, "ewalletCode") ? pc_params_get(fields, "ewalletCode")
		                                              : pc_params_get(fields, "bankCode"),
		         pc_params_get(fields, "accountNo"));
		field_line(buf, size, &used, "recipient", line);
		field_line(buf, size, &used, "idempotency", pc_params_get(fields, "idempotencyId"));
	}
	pc_money_format(cents, out_utf8(), money, sizeof(money));
	pc_money_words(cents, words, sizeof(words));
	snprintf(line, sizeof(line), "%s (%s)", money, words);
	field_line(buf, size, &used, "amount", line);
	field_line(buf, size, &used, "signs", canonical);
	return buf;
}

/* Production asks for the amount typed at the terminal; without one,
 * --yes counts only together with an explicit --profile. */
static int confirm_in_production(cli_ctx *ctx, const pc_endpoint *ep, const pc_params *fields)
{
	pc_request rq;
	pc_err err;
	char typed[64];
	char *review;
	int answer;

	if (ctx->profile->environment != PC_ENV_PRODUCTION)
		return 0;
	if (ctx->yes && ctx->profile_name)
		return 0;
	if (!prompt_have_tty()) {
		fprintf(stderr, "paycon: %s in PRODUCTION needs the amount typed at a terminal, "
		                "or --yes together with an explicit --profile; nothing was sent\n", ep->id);
		return PC_ECONFIRM;
	}
	pc_err_clear(&err);
	if (pc_client_build(&ctx->client, ep, fields, &rq, &err) < 0)
		return cli_fail(&err);
	review = review_text(ctx, ep, fields, rq.canonical);
	pc_request_free(&rq);
	pc_money_format_input(amount_of(ep, fields), typed, sizeof(typed));
	answer = review ? prompt_typed_confirmation(review, typed) : -1;
	free(review);
	if (answer == 1)
		return 0;
	fprintf(stderr, "paycon: not confirmed; nothing was sent\n");
	return PC_ECONFIRM;
}

/* Objects made or looked up from the command line show in the console too
 * (store.h). The store is a convenience: a failure here changes nothing. */
static void remember(cli_ctx *ctx, const pc_endpoint *ep, const pc_params *fields, const cJSON *data,
                     const char *request, const char *response)
{
	pc_err err;
	pc_store *s;

	if (!pc_store_kind_of(ep->id))
		return;
	pc_err_clear(&err);
	s = pc_store_open(ctx->client.state_dir, &err);
	if (!s)
		return;
	pc_store_record_answer(s, ep, fields, data, request, response, &err);
	pc_store_close(s);
}

static void remember_move(cli_ctx *ctx, const pc_endpoint *ep, const pc_params *fields, const pc_move *mv)
{
	static const char *const states[] = { NULL, NULL, "REJECTED", "NOT SENT", "UNKNOWN" };
	cJSON *data = mv->data ? cJSON_Duplicate(mv->data, 1) : cJSON_CreateObject();
	const char *status = mv->status[0] ? mv->status : states[mv->result];
	char *text;

	if (!data)
		return;
	if (status && !cJSON_HasObjectItem(data, "transactionStatus") && !cJSON_HasObjectItem(data, "refundStatus"))
		cJSON_AddStringToObject(data, strcmp(ep->id, "refund.create") == 0 ? "refundStatus" : "transactionStatus",
		                        status);
	text = mv->data ? cJSON_PrintUnformatted(mv->data) : NULL;
	remember(ctx, ep, fields, data, NULL, text);
	cJSON_free(text);
	cJSON_Delete(data);
}

static void print_move(cli_ctx *ctx, const pc_move *mv)
{
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "result", pc_move_result_name(mv->result));
		cJSON_AddStringToObject(o, "order", mv->key);
		cJSON_AddStringToObject(o, "status", mv->status[0] ? mv->status : "UNKNOWN");
		if (mv->transaction_id[0])
			cJSON_AddStringToObject(o, "transactionId", mv->transaction_id);
		if (mv->code)
			cJSON_AddNumberToObject(o, "code", mv->code);
		if (mv->data)
			cJSON_AddItemToObject(o, "data", cJSON_Duplicate(mv->data, 1));
		out_json(stdout, o);
		cJSON_Delete(o);
		return;
	}
	printf("%s ", pc_move_result_name(mv->result));
	out_safe(stdout, mv->key);
	printf(": ");
	out_safe(stdout, mv->status[0] ? mv->status : "UNKNOWN");
	if (mv->transaction_id[0]) {
		printf(", transaction ");
		out_safe(stdout, mv->transaction_id);
	}
	printf("\n");
}

static int move_money(cli_ctx *ctx, const pc_endpoint *ep, const pc_params *fields)
{
	pc_move mv;
	pc_err err;
	int rc;

	pc_err_clear(&err);
	if (pc_client_check_role(&ctx->client, ep, ep->method, NULL, &err) < 0)
		return cli_fail(&err);
	rc = confirm_in_production(ctx, ep, fields);
	if (rc != 0)
		return rc;
	rc = pc_money_move(&ctx->client, ep, fields, &mv, &err);
	if (mv.key[0] && (rc == 0 || mv.result == PC_MOVE_UNKNOWN))
		remember_move(ctx, ep, fields, &mv);
	if (rc == 0 || mv.result != PC_MOVE_NOT_SENT || mv.status[0])
		print_move(ctx, &mv);
	pc_move_free(&mv);
	return rc == 0 ? 0 : cli_fail(&err);
}

static int plain_call(cli_ctx *ctx, const pc_endpoint *ep, const pc_params *fields)
{
	const bool pesos = strncmp(ep->id, "statement.", 10) == 0;
	pc_request rq;
	pc_envelope env;
	pc_sent sent;
	pc_err err;
	int rc;

	pc_err_clear(&err);
	if (pc_client_build(&ctx->client, ep, fields, &rq, &err) < 0)
		return cli_fail(&err);
	rc = pc_client_send(&ctx->client, &rq, &env, &sent, &err);
	if (rc == 0) {
		char *request = pc_request_describe(&rq, ctx->profile->base_url);
		char *response = env.root ? cJSON_PrintUnformatted(env.root) : NULL;

		remember(ctx, ep, fields, env.data, request, response);
		free(request);
		cJSON_free(response);
	}
	pc_request_free(&rq);
	if (rc == 0) {
		if (ctx->json)
			out_json(stdout, env.data ? env.data : cJSON_GetObjectItem(env.root, "data"));
		else
			out_human(stdout, env.data, pesos);
	} else if (ctx->json && env.root) {
		out_json(stdout, env.root);
	}
	pc_envelope_free(&env);
	return rc == 0 ? 0 : cli_fail(&err);
}

int api_run(cli_ctx *ctx, const pc_endpoint *ep, const pc_params *fields)
{
	if (ctx->dry_run)
		return dry_run(ctx, ep, fields);
	cli_reconcile_quietly(ctx);
	if (ep->flags & PC_EP_MOVES_MONEY)
		return move_money(ctx, ep, fields);
	return plain_call(ctx, ep, fields);
}
