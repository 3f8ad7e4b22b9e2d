/* main.c — `paycon-hookd --listen HOST:PORT --spool DIR …`: the command line. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hookd.h"
#include "sanitize.h"
#include "version.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: paycon-hookd --listen HOST:PORT --spool DIR [--path /callback] [--max-body BYTES]\n"
	        "                    [--tls-cert FILE --tls-key FILE]\n\n"
	        "Receives PayCools callbacks: each POST to PATH whose body is a JSON object is written\n"
	        "durably into the spool (DIR/tmp, fsync, rename into DIR/new) and only then answered\n"
	        "200 {\"code\":1,\"msg\":\"success\",\"data\":{}}. Signatures are checked by the consoles.\n\n"
	        "  --listen HOST:PORT  address to listen on; [::1]:8080 for IPv6; port 0 picks a free\n"
	        "                      port. Prints \"listening on http://HOST:PORT/PATH\" when ready.\n"
	        "  --spool DIR         the spool (created, mode 0750; files 0640)\n"
	        "  --path PATH         the callback path (default %s)\n"
	        "  --max-body BYTES    larger bodies get 413 (default %d, at most %d)\n"
	        "  --tls-cert FILE     serve HTTPS with this PEM certificate (chain) ...\n"
	        "  --tls-key FILE      ... and this PEM private key\n\n"
	        "Answers: 200 stored; 400 not a JSON object; 404 other path; 405 other method;\n"
	        "413 too large; 503 cannot store now (the sender retries).\n"
	        "One log line per request on stderr. SIGTERM or SIGINT: finish the requests under way\n"
	        "and exit 0. Exit codes: 0 stopped cleanly; 1 could not start; 2 usage error.\n",
	        HOOKD_DEFAULT_PATH, HOOKD_DEFAULT_MAX_BODY, HOOKD_MAX_BODY_LIMIT);
}

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	char msg[512];
	char *safe;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	safe = pc_sanitize_str(msg);
	fprintf(stderr, "paycon-hookd: %s\nTry 'paycon-hookd --help'.\n", safe ? safe : msg);
	free(safe);
	return HOOKD_EXIT_USAGE;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* HOST:PORT or [V6]:PORT, split in place (value is our own copy). */
static int parse_listen(char *value, hookd_config *cfg)
{
	char *bracket_end = value[0] == '[' ? strstr(value, "]:") : NULL;
	char *colon = value[0] == '[' ? (bracket_end ? bracket_end + 1 : NULL) : strrchr(value, ':');
	char *host = value;

	if (!colon)
		return usage_error("--listen: '%s' has no port; expected HOST:PORT, e.g. 127.0.0.1:8080", value);
	*colon = '\0';
	cfg->port = colon + 1;
	if (!all_digits(cfg->port) || strlen(cfg->port) > 5 || atoi(cfg->port) > 65535)
		return usage_error("--listen: port '%s' is not a number from 0 to 65535", cfg->port);
	if (host[0] == '[') {
		size_t n = strlen(host);

		if (n < 3 || host[n - 1] != ']')
			return usage_error("--listen: '%s' is not a bracketed IPv6 address such as [::1]", host);
		host[n - 1] = '\0';
		host++;
	} else if (strchr(host, ':')) {
		return usage_error("--listen: put an IPv6 address in brackets, e.g. [%s]:%s", host, cfg->port);
	}
	if (!host[0])
		return usage_error("--listen: the host is missing; expected HOST:PORT, e.g. 127.0.0.1:%s or "
		                   "0.0.0.0:%s for every interface", cfg->port, cfg->port);
	cfg->host = host;
	return 0;
}

static int parse_max_body(const char *value, hookd_config *cfg)
{
	if (!all_digits(value) || strlen(value) > 9 || atol(value) < 1 || atol(value) > HOOKD_MAX_BODY_LIMIT)
		return usage_error("--max-body: '%s' is not a number of bytes from 1 to %d", value,
		                   HOOKD_MAX_BODY_LIMIT);
	cfg->max_body = (size_t)atol(value);
	return 0;
}

static int parse_path(const char *value, hookd_config *cfg)
{
	const char *p;

	if (value[0] != '/' || strlen(value) > HOOKD_MAX_PATH)
		return usage_error("--path: '%s' must start with '/' and be at most %d bytes, e.g. /callback",
		                   value, HOOKD_MAX_PATH);
	for (p = value; *p; p++)
		if (*p <= ' ' || *p > '~' || *p == '?' || *p == '#' || *p == '%')
			return usage_error("--path: '%s' may hold only printable ASCII without spaces, '?', '#' "
			                   "or '%%'", value);
	cfg->path = value;
	return 0;
}

static const char *const option_names[] = {
	"--listen", "--spool", "--path", "--max-body", "--tls-cert", "--tls-key",
};

static bool known_option(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(option_names) / sizeof(option_names[0]); i++)
		if (strcmp(name, option_names[i]) == 0)
			return true;
	return false;
}

/* Applies one --name value pair; name is known. */
static int set_option(const char *name, char *value, hookd_config *cfg)
{
	if (strcmp(name, "--listen") == 0)
		return parse_listen(value, cfg);
	if (strcmp(name, "--path") == 0)
		return parse_path(value, cfg);
	if (strcmp(name, "--max-body") == 0)
		return parse_max_body(value, cfg);
	if (!value[0])
		return usage_error("%s: the name is empty", name);
	if (strcmp(name, "--spool") == 0)
		cfg->spool_dir = value;
	else if (strcmp(name, "--tls-cert") == 0)
		cfg->tls_cert = value;
	else
		cfg->tls_key = value;
	return 0;
}

static int check_complete(const hookd_config *cfg)
{
	if (!cfg->host)
		return usage_error("--listen HOST:PORT is required, e.g. --listen 127.0.0.1:8080");
	if (!cfg->spool_dir)
		return usage_error("--spool DIR is required: the directory the consoles read callbacks from");
	if (!cfg->tls_cert != !cfg->tls_key)
		return usage_error("%s: give --tls-cert and --tls-key together", cfg->tls_cert ? "--tls-cert"
		                                                                                : "--tls-key");
	if (cfg->tls_cert && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return usage_error("--tls-cert: this libmicrohttpd was built without TLS; terminate TLS in a "
		                   "reverse proxy in front of paycon-hookd instead");
	return 0;
}

/* Options come as "--name value" or "--name=value". Names and values are
 * copied into owned (freed by the caller) so --listen can be split in place. */
static int parse_args(int argc, char **argv, hookd_config *cfg, char **owned)
{
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *eq = strchr(arg, '=');
		char *name = eq ? strndup(arg, (size_t)(eq - arg)) : strdup(arg);
		char *value;
		int rc;

		if (!name)
			return usage_error("out of memory");
		owned[n++] = name;
		if (strncmp(name, "--", 2) != 0)
			return usage_error("unexpected argument '%s'", arg);
		if (!known_option(name))
			return usage_error("unknown option '%s'", name);
		if (!eq && (i + 1 >= argc || strncmp(argv[i + 1], "--", 2) == 0))
			return usage_error("%s needs a value", name);
		if (!eq)
			i++;
		value = strdup(eq ? eq + 1 : argv[i]);
		if (!value)
			return usage_error("out of memory");
		owned[n++] = value;
		rc = set_option(name, value, cfg);
		if (rc != 0)
			return rc;
	}
	return check_complete(cfg);
}

static bool wants(int argc, char **argv, const char *flag)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], flag) == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	hookd_config cfg = { .path = HOOKD_DEFAULT_PATH, .max_body = HOOKD_DEFAULT_MAX_BODY };
	char **owned;
	int rc, i;

	if (wants(argc, argv, "--help")) {
		usage(stdout);
		return HOOKD_EXIT_OK;
	}
	if (wants(argc, argv, "--version")) {
		printf("paycon-hookd %s\n", PAYCON_VERSION);
		return HOOKD_EXIT_OK;
	}
	owned = calloc((size_t)argc * 2 + 1, sizeof(char *));
	if (!owned)
		return usage_error("out of memory");
	rc = parse_args(argc, argv, &cfg, owned);
	if (rc == 0)
		rc = hookd_run(&cfg);
	for (i = 0; owned[i]; i++)
		free(owned[i]);
	free(owned);
	return rc;
}
