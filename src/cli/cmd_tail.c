/* cmd_tail.c — `paycon tail [--follow] [--json] [--since T]`.
 *
 * Lists the callbacks in the profile's spool, oldest first, each judged:
 * valid, invalid (why) or malformed. It only reads the spool: many support
 * staff may tail one spool at once. */
#define _GNU_SOURCE /* strptime */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "args.h"
#include "callback.h"
#include "cli.h"
#include "money.h"
#include "output.h"
#include "spool.h"

/* Largest callback body read; hookd refuses bigger ones by default. */
#define TAIL_MAX_BODY (1u << 20)

typedef struct {
	cli_ctx *ctx;
	pc_spool *spool;
	const pc_key *platform;
	const char *key_problem;
	unsigned long long since_ms;
} tail_state;

static volatile sig_atomic_t stop_following;

static void on_signal(int sig)
{
	(void)sig;
	stop_following = 1;
}

/* "2026-11-21T10:00:00" in local time -> epoch ms; -1 when malformed. */
static long long parse_since(const char *text)
{
	struct tm tm = {0};
	char *end = strptime(text, "%Y-%m-%dT%H:%M:%S", &tm);

	if (!end || *end)
		return -1;
	tm.tm_isdst = -1;
	return (long long)mktime(&tm) * 1000;
}

static void received_text(unsigned long long ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
}

static void print_json(const char *name, const char *received, const pc_callback *cb,
                       const char *body, size_t len)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "file", name);
	cJSON_AddStringToObject(o, "received", received);
	cJSON_AddStringToObject(o, "verdict", pc_verdict_name(cb->verdict));
	if (cb->verdict == PC_VERDICT_VALID)
		cJSON_AddNullToObject(o, "reason");
	else
		cJSON_AddStringToObject(o, "reason", cb->reason);
	if (cb->event)
		cJSON_AddStringToObject(o, "event", cb->event);
	else
		cJSON_AddNullToObject(o, "event");
	if (cb->verdict == PC_VERDICT_MALFORMED) {
		/* Not JSON we can embed: the raw text, as a string. */
		char *raw = strndup(body, len);

		cJSON_AddStringToObject(o, "body", raw ? raw : "");
		free(raw);
	} else {
		cJSON_AddRawToObject(o, "body", body);
	}
	out_json(stdout, o);
	cJSON_Delete(o);
}

static void print_field(const char *value)
{
	putchar(' ');
	out_safe(stdout, value ? value : "-");
}

static void print_human(const char *received, const pc_callback *cb)
{
	char money[64] = "-";

	printf("%s  %-9s", received, pc_verdict_name(cb->verdict));
	print_field(cb->event);
	print_field(cb->order);
	print_field(cb->transaction);
	if (cb->has_amount)
		pc_money_format(cb->amount, out_utf8(), money, sizeof(money));
	printf(" %s", money);
	print_field(cb->status);
	if (cb->verdict != PC_VERDICT_VALID) {
		printf("  (");
		out_safe(stdout, cb->reason);
		putchar(')');
	}
	putchar('\n');
}

static void show(tail_state *t, const pc_spool_entry *e)
{
	char received[32];
	char *body = NULL;
	size_t len = 0;
	pc_callback cb;
	pc_err err;

	if (e->key.ms < t->since_ms)
		return;
	received_text(e->key.ms, received, sizeof(received));
	pc_err_clear(&err);
	if (pc_spool_read(t->spool, e->name, &body, &len, TAIL_MAX_BODY, &err) < 0) {
		/* Still listed, so nothing goes missing silently. */
		memset(&cb, 0, sizeof(cb));
		cb.verdict = PC_VERDICT_MALFORMED;
		snprintf(cb.reason, sizeof(cb.reason), "unreadable: %s", err.msg);
		if (t->ctx->json)
			print_json(e->name, received, &cb, "", 0);
		else
			print_human(received, &cb);
		return;
	}
	pc_callback_judge(&cb, body, len, t->platform, t->ctx->profile->sign_hash, t->key_problem);
	if (t->ctx->json)
		print_json(e->name, received, &cb, body, len);
	else
		print_human(received, &cb);
	pc_callback_free(&cb);
	free(body);
}

static int show_new(tail_state *t, pc_spool_cursor *cursor)
{
	pc_spool_list list;
	pc_err err;

	pc_err_clear(&err);
	if (pc_spool_scan_since(t->spool, cursor, &list, &err) < 0)
		return cli_fail(&err);
	for (size_t i = 0; i < list.n; i++)
		show(t, &list.items[i]);
	pc_spool_list_free(&list);
	fflush(stdout);
	return 0;
}

/* What the watcher reported since the last look. */
typedef struct {
	pc_spool_rang rang;
	bool rescan; /* list new/ instead: no watcher, a quiet interval, lost events */
} tail_events;

/* Waits for the watcher's doorbell (or the poll interval) and drains it,
 * keeping the names it rang for: listing new/ costs in proportion to the
 * spool, and a spool of months of callbacks must not slow each new one. */
static void wait_for_change(pc_spool_watch **watch, tail_events *ev)
{
	struct pollfd pfd = { -1, POLLIN, 0 };
	int drained;

	ev->rescan = true;
	if (*watch)
		pfd.fd = pc_spool_watch_fd(*watch);
	if (poll(&pfd, pfd.fd >= 0 ? 1 : 0, PC_SPOOL_POLL_MS) <= 0 || !*watch)
		return;
	drained = pc_spool_watch_drain(*watch, &ev->rang);
	if (drained == PC_SPOOL_WATCH_LOST) {
		/* new/ went away: fall back to polling. */
		pc_spool_watch_close(*watch);
		*watch = NULL;
		return;
	}
	ev->rescan = drained == PC_SPOOL_WATCH_RESCAN;
}

static int show_named(tail_state *t, pc_spool_cursor *cursor, const tail_events *ev)
{
	pc_spool_list list;
	pc_err err;

	pc_err_clear(&err);
	if (pc_spool_scan_rang(t->spool, cursor, &ev->rang, &list, &err) < 0)
		return cli_fail(&err);
	for (size_t i = 0; i < list.n; i++)
		show(t, &list.items[i]);
	pc_spool_list_free(&list);
	fflush(stdout);
	return 0;
}

static int follow(tail_state *t, pc_spool_cursor *cursor)
{
	tail_events ev = { { NULL, 0, 0 }, true };
	pc_spool_watch *watch;
	pc_err err;
	int rc;

	pc_err_clear(&err);
	watch = pc_spool_watch_open(t->spool, &err);
	if (!watch)
		fprintf(stderr, "paycon: cannot watch the spool (%s); checking every %d ms\n", err.msg,
		        PC_SPOOL_POLL_MS);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* What arrived between the first listing and the watch. */
	rc = show_new(t, cursor);
	while (!stop_following && rc == 0) {
		wait_for_change(&watch, &ev);
		rc = ev.rescan ? show_new(t, cursor) : show_named(t, cursor, &ev);
	}
	pc_spool_rang_free(&ev.rang);
	pc_spool_watch_close(watch);
	return rc;
}

static int open_spool(tail_state *t, pc_err *err)
{
	const char *dir = t->ctx->profile->spool;

	t->spool = pc_spool_open_reader(dir, err);
	if (!t->spool)
		return pc_err_prefix(err, "spool of profile '%s'", t->ctx->profile->name);
	return 0;
}

static int parse_tail_args(tail_state *t, int argc, char **argv, bool *following)
{
	const char *since;
	cli_args a;

	if (cli_args_parse(&a, argc - 1, argv + 1, "follow|json") < 0
	    || cli_args_only(&a, "follow|json|since") < 0)
		return -1;
	if (a.npos)
		return cli_usage("usage: paycon tail [--follow] [--json] [--since YYYY-MM-DDTHH:MM:SS]");
	*following = cli_args_has(&a, "follow");
	if (cli_args_has(&a, "json"))
		t->ctx->json = true;
	since = cli_args_get(&a, "since");
	if (since) {
		long long ms = parse_since(since);

		if (ms < 0)
			return cli_usage("--since '%s' is not YYYY-MM-DDTHH:MM:SS (local time)", since);
		t->since_ms = (unsigned long long)ms;
	}
	return 0;
}

int cmd_tail(cli_ctx *ctx, int argc, char **argv)
{
	tail_state t = { ctx, NULL, NULL, NULL, 0 };
	pc_spool_cursor *cursor;
	bool following = false;
	pc_err err, key_err;
	int rc;

	if (parse_tail_args(&t, argc, argv, &following) < 0)
		return PC_EINPUT;
	pc_err_clear(&err);
	if (cli_ready_to_send(ctx, &err) < 0 || open_spool(&t, &err) < 0)
		return cli_fail(&err);
	pc_err_clear(&key_err);
	t.platform = pc_client_platform_key(&ctx->client, &key_err);
	t.key_problem = key_err.msg;
	cursor = pc_spool_cursor_new(NULL, &err);
	rc = cursor ? show_new(&t, cursor) : cli_fail(&err);
	if (rc == 0 && following)
		rc = follow(&t, cursor);
	pc_spool_cursor_free(cursor);
	pc_spool_close(t.spool);
	return rc;
}
