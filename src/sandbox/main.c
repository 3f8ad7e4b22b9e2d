/* main.c — paycon-sandbox: a stateful local PayCools.
 *
 *   paycon-sandbox --listen HOST:PORT --app-id ID --merchant-public-key FILE
 *                  --platform-private-key FILE [--webhook URL] [--state FILE]
 *                  [--balance CENTS] [--settle-ms N] [--callback-retry-ms N]
 *                  [--seed N] [--fault SPEC ...]
 *
 * Prints "listening on http://HOST:PORT" once it answers, runs until
 * SIGTERM or SIGINT, saves and exits 0. Usage errors and unusable keys
 * or state files exit 2. See doc/sandbox.md. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "callbacks.h"
#include "sandbox.h"
#include "server.h"
#include "settle.h"

#define EXIT_USAGE 2

#define DEFAULT_BALANCE     100000000LL /* ₱1,000,000.00 */
#define DEFAULT_SETTLE_MS   2000LL
#define DEFAULT_RETRY_MS    1000LL
#define DEFAULT_SEED        20240131ULL
#define MAX_FAULTS          64

static const char usage_text[] =
	"usage: paycon-sandbox --listen HOST:PORT --app-id ID --merchant-public-key FILE\n"
	"                      --platform-private-key FILE [--webhook URL] [--state FILE]\n"
	"                      [--balance CENTS] [--settle-ms N] [--callback-retry-ms N]\n"
	"                      [--seed N] [--fault SPEC ...]\n"
	"\n"
	"A stateful local PayCools: verifies signatures with the merchant public key,\n"
	"keeps balances and objects, settles payouts after --settle-ms (default 2000),\n"
	"sends callbacks signed with the platform private key, injects faults.\n"
	"  --listen HOST:PORT       address to serve (port 0 picks a free one)\n"
	"  --app-id ID              the one appId accepted\n"
	"  --webhook URL            callbacks without a per-request callbackUrl go here\n"
	"  --state FILE             keep the state in FILE (JSON, rewritten atomically)\n"
	"  --balance CENTS          opening balance of a new state (default 100000000)\n"
	"  --settle-ms N            payouts and refunds settle after N ms (default 2000)\n"
	"  --callback-retry-ms N    first delay between callback attempts (default 1000)\n"
	"  --seed N                 seed of the fault dice (default 20240131)\n"
	"  --fault SPEC             KIND[=ARG][:PROB][@ENDPOINT_ID], repeatable;\n"
	"                           KIND: latency=MS, drop, code=N, http=N, garbage\n"
	"Control endpoints (loopback only) live under /_sandbox/; see doc/sandbox.md.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fputs("paycon-sandbox: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nRun 'paycon-sandbox --help' for the options.\n", stderr);
	return EXIT_USAGE;
}

static int parse_count(const char *text, const char *flag, long long min, long long max,
                       long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(text, &end, 10);
	if (!*text || *end || errno || *out < min || *out > max) {
		fprintf(stderr, "paycon-sandbox: %s '%s' must be a whole number from %lld to %lld\n",
		        flag, text, min, max);
		return -1;
	}
	return 0;
}

enum { OPT_LISTEN = 256, OPT_APP_ID, OPT_MERCHANT_KEY, OPT_PLATFORM_KEY, OPT_WEBHOOK,
       OPT_STATE, OPT_BALANCE, OPT_SETTLE, OPT_RETRY, OPT_SEED, OPT_FAULT, OPT_HELP };

static const struct option long_options[] = {
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "app-id", required_argument, NULL, OPT_APP_ID },
	{ "merchant-public-key", required_argument, NULL, OPT_MERCHANT_KEY },
	{ "platform-private-key", required_argument, NULL, OPT_PLATFORM_KEY },
	{ "webhook", required_argument, NULL, OPT_WEBHOOK },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "balance", required_argument, NULL, OPT_BALANCE },
	{ "settle-ms", required_argument, NULL, OPT_SETTLE },
	{ "callback-retry-ms", required_argument, NULL, OPT_RETRY },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "fault", required_argument, NULL, OPT_FAULT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

typedef struct {
	sb_options opt;
	const char *faults[MAX_FAULTS];
	size_t nfaults;
	bool help;
} parsed_args;

/* Numeric flags, one function each kind of value. */
static int take_number(int opt, const char *arg, parsed_args *a)
{
	long long v;

	switch (opt) {
	case OPT_BALANCE:
		if (parse_count(arg, "--balance", 0, 1000000000000000LL, &v) < 0)
			return -1;
		a->opt.balance = v;
		return 0;
	case OPT_SETTLE:
		if (parse_count(arg, "--settle-ms", 0, 86400000LL, &v) < 0)
			return -1;
		a->opt.settle_ms = v;
		return 0;
	case OPT_RETRY:
		if (parse_count(arg, "--callback-retry-ms", 1, 60000LL, &v) < 0)
			return -1;
		a->opt.callback_retry_ms = v;
		return 0;
	case OPT_SEED:
		if (parse_count(arg, "--seed", 0, LLONG_MAX, &v) < 0)
			return -1;
		a->opt.seed = (unsigned long long)v;
		return 0;
	}
	return -1;
}

/* One option from getopt_long: 0, or the exit code of a usage error. */
static int take_option(int opt, char **argv, parsed_args *a)
{
	switch (opt) {
	case OPT_LISTEN:
		a->opt.listen = optarg;
		return 0;
	case OPT_APP_ID:
		a->opt.app_id = optarg;
		return 0;
	case OPT_MERCHANT_KEY:
		a->opt.merchant_public_key = optarg;
		return 0;
	case OPT_PLATFORM_KEY:
		a->opt.platform_private_key = optarg;
		return 0;
	case OPT_WEBHOOK:
		a->opt.webhook = optarg;
		return 0;
	case OPT_STATE:
		a->opt.state_path = optarg;
		return 0;
	case OPT_HELP:
		a->help = true;
		return 0;
	case OPT_FAULT:
		if (a->nfaults == MAX_FAULTS)
			return usage_error("more than %s --fault options", "64");
		a->faults[a->nfaults++] = optarg;
		return 0;
	case '?':
		if (optopt)
			return usage_error("option %s needs a value", argv[optind - 1]);
		return usage_error("unknown option '%s'", argv[optind - 1]);
	default:
		return take_number(opt, optarg, a) < 0 ? EXIT_USAGE : 0;
	}
}

static int parse_args(int argc, char **argv, parsed_args *a)
{
	char host[256];
	unsigned port;

	a->opt.balance = DEFAULT_BALANCE;
	a->opt.settle_ms = DEFAULT_SETTLE_MS;
	a->opt.callback_retry_ms = DEFAULT_RETRY_MS;
	a->opt.seed = DEFAULT_SEED;
	opterr = 0;
	for (;;) {
		int opt = getopt_long(argc, argv, "", long_options, NULL);
		int rc;

		if (opt == -1)
			break;
		rc = take_option(opt, argv, a);
		if (rc != 0)
			return rc;
		if (a->help)
			return 0;
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (!a->opt.listen)
		return usage_error("%s is required (e.g. --listen 127.0.0.1:0)", "--listen HOST:PORT");
	if (sb_split_listen(a->opt.listen, host, sizeof(host), &port) < 0)
		return usage_error("--listen '%s' is not HOST:PORT (e.g. 127.0.0.1:0 or [::1]:8080)",
		                   a->opt.listen);
	if (!a->opt.app_id || !*a->opt.app_id)
		return usage_error("%s is required", "--app-id ID");
	if (!a->opt.merchant_public_key)
		return usage_error("%s is required (the key that verifies requests)",
		                   "--merchant-public-key FILE");
	if (!a->opt.platform_private_key)
		return usage_error("%s is required (the key that signs callbacks)",
		                   "--platform-private-key FILE");
	if (a->opt.webhook && strncmp(a->opt.webhook, "http://", 7) != 0
	    && strncmp(a->opt.webhook, "https://", 8) != 0)
		return usage_error("--webhook '%s' must be an http:// or https:// URL", a->opt.webhook);
	return 0;
}

/* Keys, ledger and faults: everything that can fail before serving. */
static int prepare(sb_ctx *sb, const parsed_args *a)
{
	pc_err err;

	sb->merchant_key = pc_key_load_public(sb->opt.merchant_public_key, &err);
	if (!sb->merchant_key) {
		fprintf(stderr, "paycon-sandbox: --merchant-public-key: %s\n", err.msg);
		return -1;
	}
	sb->platform_key = pc_key_load_private(sb->opt.platform_private_key, NULL, NULL, NULL, &err);
	if (!sb->platform_key) {
		fprintf(stderr, "paycon-sandbox: --platform-private-key: %s\n", err.msg);
		return -1;
	}
	for (size_t i = 0; i < a->nfaults; i++) {
		if (sb_faults_add(&sb->faults, a->faults[i], &err) < 0) {
			fprintf(stderr, "paycon-sandbox: --fault: %s\n", err.msg);
			return -1;
		}
	}
	if (sb_ledger_open(&sb->ledger, sb->opt.state_path, sb->opt.app_id, sb->opt.balance,
	                   &err) < 0) {
		fprintf(stderr, "paycon-sandbox: --state: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static void stop_threads(sb_ctx *sb, pthread_t *threads, int n)
{
	atomic_store(&sb->stopping, 1);
	sb_ledger_lock(&sb->ledger);
	pthread_cond_broadcast(&sb->ledger.wake);
	sb_ledger_unlock(&sb->ledger);
	for (int i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
}

/* Serves until SIGINT or SIGTERM. Signals are blocked in every thread and
 * taken here with sigwait, so no handler runs inside libmicrohttpd. */
static int serve(sb_ctx *sb)
{
	pthread_t threads[2];
	sb_server *srv;
	sigset_t set;
	int sig = 0, started = 0;
	pc_err err;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	srv = sb_server_start(sb, &err);
	if (!srv) {
		fprintf(stderr, "paycon-sandbox: %s\n", err.msg);
		return EXIT_USAGE;
	}
	if (sb_settle_start(sb, &threads[started]) == 0)
		started++;
	if (sb_callbacks_start(sb, &threads[started]) == 0)
		started++;
	if (started < 2) {
		fprintf(stderr, "paycon-sandbox: cannot start the worker threads\n");
		stop_threads(sb, threads, started);
		sb_server_stop(srv);
		return 1;
	}
	printf("listening on %s\n", sb->base_url);
	fflush(stdout);
	sb_log("listening on %s (app %s, settle %lld ms, webhook %s, state %s)", sb->base_url,
	       sb->opt.app_id, sb->opt.settle_ms, sb->opt.webhook ? sb->opt.webhook : "none",
	       sb->opt.state_path ? sb->opt.state_path : "memory only");
	while (sigwait(&set, &sig) != 0)
		;
	sb_log("signal %d: stopping", sig);
	/* Set first: a request sleeping in a latency fault wakes up, so
	 * libmicrohttpd's threads can be joined at once. */
	atomic_store(&sb->stopping, 1);
	sb_server_stop(srv);
	stop_threads(sb, threads, started);
	sb_ledger_lock(&sb->ledger);
	sb_ledger_commit(&sb->ledger);
	sb_ledger_unlock(&sb->ledger);
	return 0;
}

int main(int argc, char **argv)
{
	parsed_args a = { 0 };
	sb_ctx sb;
	int rc;

	rc = parse_args(argc, argv, &a);
	if (rc != 0)
		return rc;
	if (a.help) {
		fputs(usage_text, stdout);
		return 0;
	}
	memset(&sb, 0, sizeof(sb));
	sb.opt = a.opt;
	atomic_init(&sb.stopping, 0);
	sb_faults_init(&sb.faults, sb.opt.seed);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "paycon-sandbox: libcurl could not start\n");
		sb_faults_free(&sb.faults);
		return 1;
	}
	rc = prepare(&sb, &a) < 0 ? EXIT_USAGE : serve(&sb);
	if (sb.ledger.doc)
		sb_ledger_close(&sb.ledger);
	pc_key_free(sb.merchant_key);
	pc_key_free(sb.platform_key);
	sb_faults_free(&sb.faults);
	curl_global_cleanup();
	return rc;
}
