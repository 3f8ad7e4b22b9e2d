#include "config.h"

#include <errno.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "lcfg.h"
#include "paths.h"
#include "sanitize.h"

/* A config file is settings, not secrets; this only stops a runaway file. */
#define CONFIG_MAX_BYTES (1024 * 1024)

static const char *const env_names[] = { "sandbox", "uat", "production" };
static const char *const env_labels[] = { "SANDBOX", "UAT", "PRODUCTION" };
static const char *const role_names[] = { "viewer", "operator" };

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

const char *pc_env_name(pc_env e)
{
	return (int)e >= 0 && (int)e < COUNT(env_names) ? env_names[e] : "unknown";
}

const char *pc_env_label(pc_env e)
{
	return (int)e >= 0 && (int)e < COUNT(env_labels) ? env_labels[e] : "UNKNOWN";
}

const char *pc_role_name(pc_role r)
{
	return (int)r >= 0 && (int)r < COUNT(role_names) ? role_names[r] : "unknown";
}

/* ---- base URL ---------------------------------------------------------- */

typedef struct {
	bool https;
	char host[256];
} url_parts;

/* Runs fmt with the sanitised url as its first %s: the URL may come from a
 * file and must not put control characters on the operator's terminal. */
static int url_error(pc_err *err, const char *url, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int url_error(pc_err *err, const char *url, const char *fmt, ...)
{
	char text[900];
	char *safe = pc_sanitize_str(url);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	pc_err_set(err, PC_EINPUT, "base URL '%s' %s", safe ? safe : "(unprintable)", text);
	free(safe);
	return -1;
}

static bool all_chars_in(const char *s, size_t len, const char *allowed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!strchr(allowed, s[i]))
			return false;
	}
	return true;
}

/* 127.0.0.0/8 as a dotted quad: four decimal parts 0..255, first 127. */
static bool is_ipv4_loopback(const char *host)
{
	unsigned part[4];
	char tail;
	int i;

	if (sscanf(host, "%3u.%3u.%3u.%3u%c", &part[0], &part[1], &part[2], &part[3], &tail) != 4)
		return false;
	if (!all_chars_in(host, strlen(host), "0123456789."))
		return false;
	for (i = 0; i < 4; i++) {
		if (part[i] > 255)
			return false;
	}
	return part[0] == 127;
}

static bool is_loopback(const char *host)
{
	return strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0 || is_ipv4_loopback(host);
}

static int parse_port(const char *url, const char *port, size_t len, pc_err *err)
{
	long value = 0;
	size_t i;

	if (len == 0 || len > 5 || !all_chars_in(port, len, "0123456789"))
		return url_error(err, url, "has a port that is not a number between 1 and 65535");
	for (i = 0; i < len; i++)
		value = value * 10 + (port[i] - '0');
	if (value < 1 || value > 65535)
		return url_error(err, url, "has a port that is not a number between 1 and 65535");
	return 0;
}

/* Splits authority ("host", "host:port", "[v6]", "[v6]:port") into u->host. */
static int parse_authority(const char *url, const char *auth, size_t len, url_parts *u, pc_err *err)
{
	size_t host_len;
	const char *after;

	if (memchr(auth, '@', len))
		return url_error(err, url, "contains a user name or password; "
		                 "write only https://host[:port][/path] (the API authenticates by signature)");
	if (len > 0 && auth[0] == '[') {
		const char *close = memchr(auth, ']', len);

		if (!close || !all_chars_in(auth + 1, (size_t)(close - auth - 1), "0123456789abcdefABCDEF:."))
			return url_error(err, url, "has a malformed IPv6 address; write it as http://[::1]:8080");
		host_len = (size_t)(close - auth) + 1;
	} else {
		const char *colon = memchr(auth, ':', len);

		host_len = colon ? (size_t)(colon - auth) : len;
		if (!all_chars_in(auth, host_len, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-"))
			return url_error(err, url, "has an invalid host name; use letters, digits, '.' and '-' only");
	}
	if (host_len == 0)
		return url_error(err, url, "has no host name; write it as https://host[:port][/path]");
	if (host_len >= sizeof(u->host))
		return url_error(err, url, "has a host name longer than %zu characters", sizeof(u->host) - 1);
	memcpy(u->host, auth, host_len);
	u->host[host_len] = '\0';
	after = auth + host_len;
	if (after == auth + len)
		return 0;
	if (*after != ':')
		return url_error(err, url, "has unexpected text after the host name; write it as https://host[:port][/path]");
	return parse_port(url, after + 1, len - host_len - 1, err);
}

static int parse_url(const char *url, url_parts *u, pc_err *err)
{
	const char *rest;
	size_t auth_len;
	const char *p;

	if (!url || !url[0])
		return pc_err_set(err, PC_EINPUT,
		                  "the base URL is empty; set base_url to the https:// address PayCools gave you");
	for (p = url; *p; p++) {
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return url_error(err, url, "contains a space, a control character or non-ASCII text; "
			                 "write it as https://host[:port][/path]");
	}
	if (strncasecmp(url, "https://", 8) == 0) {
		u->https = true;
		rest = url + 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		u->https = false;
		rest = url + 7;
	} else if (strstr(url, "://")) {
		return url_error(err, url, "uses a scheme paycon cannot speak; use https:// "
		                 "(or http:// for a test server on this machine)");
	} else {
		return url_error(err, url, "has no scheme; write it as https://host[:port][/path]");
	}
	auth_len = strcspn(rest, "/?#");
	if (strpbrk(rest, "?#"))
		return url_error(err, url, "contains a query (?) or fragment (#); "
		                 "give only https://host[:port][/path]: the API paths are appended to it");
	return parse_authority(url, rest, auth_len, u, err);
}

int pc_base_url_check(const char *url, pc_env env, pc_err *err)
{
	url_parts u = { false, "" };

	if (parse_url(url, &u, err) != 0)
		return -1;
	if (u.https)
		return 0;
	if (env == PC_ENV_PRODUCTION)
		return url_error(err, url, "uses plain http://, but production requires https://: signed requests "
		                 "and account numbers would cross the network unencrypted; "
		                 "use the https:// address PayCools gave you");
	if (!is_loopback(u.host))
		return url_error(err, url, "uses plain http:// for '%s', which is not this machine: http is only "
		                 "allowed for a test server on localhost, 127.0.0.1 or [::1]; use https://",
		                 u.host);
	return 0;
}

/* ---- parsing ----------------------------------------------------------- */

typedef enum { KEY_STRING, KEY_INT } key_type;

typedef struct {
	const char *name;
	key_type type;
	bool required;
	const char *what; /* said when a required key is missing */
} key_spec;

static const key_spec profile_keys[] = {
	{ "environment", KEY_STRING, true, "sandbox, uat or production" },
	{ "base_url", KEY_STRING, true, "the API address, e.g. \"https://api-uat.paycools.com\"" },
	{ "app_id", KEY_STRING, true, "the appId from the PayCools merchant dashboard" },
	{ "app_name", KEY_STRING, true, "the app name from the PayCools merchant dashboard" },
	{ "private_key", KEY_STRING, true, "the path of the merchant's RSA private key (PEM)" },
	{ "passphrase_file", KEY_STRING, false, NULL },
	{ "platform_public_key", KEY_STRING, false, NULL },
	{ "spool", KEY_STRING, false, NULL },
	{ "role", KEY_STRING, false, NULL },
	{ "sign_hash", KEY_STRING, false, NULL },
	{ "theme", KEY_STRING, false, NULL },
	{ "timeout_ms", KEY_INT, false, NULL },
	{ "connect_timeout_ms", KEY_INT, false, NULL },
};

static const char *const top_level_keys[] = { "default_profile", "profiles" };

/* Where errors point: the file's name and the failing pc_err. */
typedef pc_lcfg_ctx parse_ctx;

/* Levenshtein distance, or a large number for names too long to matter. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t row[64], la = strlen(a), lb = strlen(b), i, j;

	if (lb >= COUNT(row))
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The closest known name, when close enough to be a likely typo. */
static const char *suggest(const char *name, const char *const *known, int count)
{
	const char *best = NULL;
	size_t best_distance = (size_t)-1;
	int i;

	for (i = 0; i < count; i++) {
		size_t d = edit_distance(name, known[i]);
		size_t limit = strlen(known[i]) / 3 > 2 ? strlen(known[i]) / 3 : 2;

		if (d <= limit && d < best_distance) {
			best = known[i];
			best_distance = d;
		}
	}
	return best;
}

static const key_spec *find_key(const char *name)
{
	int i;

	for (i = 0; i < COUNT(profile_keys); i++) {
		if (strcmp(profile_keys[i].name, name) == 0)
			return &profile_keys[i];
	}
	return NULL;
}

/* Appends ", name" (or "name" first) to a list, truncating quietly. */
static void list_append(char *buf, size_t size, size_t *used, const char *name)
{
	if (*used >= size)
		return;
	*used += (size_t)snprintf(buf + *used, size - *used, "%s%s", *used ? ", " : "", name);
}

static int unknown_profile_key(const parse_ctx *ctx, const config_setting_t *s, const char *profile)
{
	const char *names[COUNT(profile_keys)];
	char list[512];
	size_t used = 0;
	const char *hint;
	int i;

	for (i = 0; i < COUNT(profile_keys); i++)
		names[i] = profile_keys[i].name;
	hint = suggest(config_setting_name(s), names, COUNT(names));
	if (hint)
		return pc_lcfg_fail_at(ctx, s, "unknown setting '%s' in profile '%s' (did you mean '%s'?)",
		                       config_setting_name(s), profile, hint);
	for (i = 0; i < COUNT(names); i++)
		list_append(list, sizeof(list), &used, names[i]);
	return pc_lcfg_fail_at(ctx, s,
	                       "unknown setting '%s' in profile '%s'; the settings a profile may have are: %s",
	                       config_setting_name(s), profile, list);
}

static bool has_type(const config_setting_t *s, key_type type)
{
	int t = config_setting_type(s);

	if (type == KEY_INT)
		return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64;
	return t == CONFIG_TYPE_STRING;
}

static int type_error(const parse_ctx *ctx, const config_setting_t *s, key_type type)
{
	if (type == KEY_INT)
		return pc_lcfg_fail_at(ctx, s, "%s must be an integer", config_setting_name(s));
	return pc_lcfg_fail_at(ctx, s, "%s must be a string in double quotes", config_setting_name(s));
}

/* Every member must be a known key of the right type. */
static int check_profile_members(const parse_ctx *ctx, const config_setting_t *group, const char *profile)
{
	int i, n = config_setting_length(group);

	for (i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
		const key_spec *spec = find_key(config_setting_name(s));

		if (!spec)
			return unknown_profile_key(ctx, s, profile);
		if (!has_type(s, spec->type))
			return type_error(ctx, s, spec->type);
	}
	for (i = 0; i < COUNT(profile_keys); i++) {
		if (profile_keys[i].required && !config_setting_get_member(group, profile_keys[i].name))
			return pc_lcfg_fail_at(ctx, group, "profile '%s' is missing the required setting '%s' (%s)",
			                       profile, profile_keys[i].name, profile_keys[i].what);
	}
	return 0;
}

/* The string value of an optional member; NULL when absent. */
static const char *member_string(const config_setting_t *group, const char *name, const config_setting_t **s)
{
	*s = config_setting_get_member(group, name);
	return *s ? config_setting_get_string(*s) : NULL;
}

static int oom(const parse_ctx *ctx)
{
	return pc_err_set(ctx->err, PC_EINPUT, "%s: out of memory reading the configuration", ctx->origin);
}

static int enum_value(const parse_ctx *ctx, const config_setting_t *s, const char *const *names, int count,
                      const char *allowed, int *out)
{
	const char *value = config_setting_get_string(s);
	char *safe;
	int i;

	for (i = 0; i < count; i++) {
		if (strcmp(value, names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	safe = pc_sanitize_str(value);
	pc_lcfg_fail_at(ctx, s, "%s '%s' is not one of: %s", config_setting_name(s), safe ? safe : "(unprintable)",
	                allowed);
	free(safe);
	return -1;
}

static int read_environment(const parse_ctx *ctx, const config_setting_t *group, pc_profile *p)
{
	const config_setting_t *s = config_setting_get_member(group, "environment");
	int value;

	if (enum_value(ctx, s, env_names, COUNT(env_names), "sandbox, uat, production", &value) != 0)
		return -1;
	p->environment = (pc_env)value;
	return 0;
}

static int read_role(const parse_ctx *ctx, const config_setting_t *group, pc_profile *p)
{
	const config_setting_t *s = config_setting_get_member(group, "role");
	int value;

	/* Production starts read-only: moving real money is opted into. */
	if (!s) {
		p->role = p->environment == PC_ENV_PRODUCTION ? PC_ROLE_VIEWER : PC_ROLE_OPERATOR;
		return 0;
	}
	if (enum_value(ctx, s, role_names, COUNT(role_names), "viewer, operator", &value) != 0)
		return -1;
	p->role = (pc_role)value;
	return 0;
}

static int read_sign_hash(const parse_ctx *ctx, const config_setting_t *group, pc_profile *p)
{
	const config_setting_t *s;
	const char *value = member_string(group, "sign_hash", &s);
	char *safe;

	p->sign_hash = PC_HASH_SHA256;
	if (!value || pc_hash_parse(value, &p->sign_hash) == 0)
		return 0;
	safe = pc_sanitize_str(value);
	pc_lcfg_fail_at(ctx, s, "sign_hash '%s' is not one of: %s, %s", safe ? safe : "(unprintable)",
	                pc_hash_name(PC_HASH_SHA256), pc_hash_name(PC_HASH_SHA1));
	free(safe);
	return -1;
}

/* Copies a string member (NULL when absent), refusing an empty value. */
static int read_string(const parse_ctx *ctx, const config_setting_t *group, const char *name, char **out)
{
	const config_setting_t *s;
	const char *value = member_string(group, name, &s);

	*out = NULL;
	if (!value)
		return 0;
	if (!value[0])
		return pc_lcfg_fail_at(ctx, s, "%s must not be empty", name);
	*out = strdup(value);
	return *out ? 0 : oom(ctx);
}

/* Like read_string, with "~" expanded. */
static int read_path(const parse_ctx *ctx, const config_setting_t *group, const char *name, char **out)
{
	char *raw;

	if (read_string(ctx, group, name, &raw) != 0)
		return -1;
	if (!raw)
		return 0;
	*out = pc_expand_tilde(raw);
	free(raw);
	return *out ? 0 : oom(ctx);
}

static int read_base_url(const parse_ctx *ctx, const config_setting_t *group, pc_profile *p)
{
	const config_setting_t *s = config_setting_get_member(group, "base_url");
	size_t len;

	if (read_string(ctx, group, "base_url", &p->base_url) != 0)
		return -1;
	len = strlen(p->base_url);
	while (len > 0 && p->base_url[len - 1] == '/')
		p->base_url[--len] = '\0';
	if (pc_base_url_check(p->base_url, p->environment, ctx->err) != 0)
		return pc_err_prefix(ctx->err, "%s:%u", ctx->origin, (unsigned)config_setting_source_line(s));
	return 0;
}

static int read_range(const parse_ctx *ctx, const config_setting_t *group, const char *name,
                      long min, long max, long fallback, long *out)
{
	const config_setting_t *s = config_setting_get_member(group, name);
	long long value;

	*out = fallback;
	if (!s)
		return 0;
	value = config_setting_get_int64(s);
	if (value < min || value > max)
		return pc_lcfg_fail_at(ctx, s,
		                       "%s must be between %ld and %ld (milliseconds), not %lld", name, min, max,
		                       value);
	*out = (long)value;
	return 0;
}

static int default_spool(const parse_ctx *ctx, pc_profile *p)
{
	char *dir;

	if (p->spool)
		return 0;
	dir = pc_profile_state_dir(p->name);
	if (!dir)
		return pc_err_set(ctx->err, PC_EINPUT, "%s: cannot find a state directory for the spool of profile "
		                  "'%s': set HOME or XDG_STATE_HOME, or set spool in the profile",
		                  ctx->origin, p->name);
	p->spool = pc_strdupf("%s/spool", dir);
	free(dir);
	return p->spool ? 0 : oom(ctx);
}

static int read_profile(const parse_ctx *ctx, const config_setting_t *group, pc_profile *p)
{
	const char *name = config_setting_name(group);

	memset(p, 0, sizeof(*p));
	p->name = strdup(name);
	if (!p->name)
		return oom(ctx);
	if (config_setting_type(group) != CONFIG_TYPE_GROUP)
		return pc_lcfg_fail_at(ctx, group,
		                       "profile '%s' must be a group: %s = { environment = \"...\"; ... };",
		                       name, name);
	if (check_profile_members(ctx, group, name) != 0 ||
	    read_environment(ctx, group, p) != 0 ||
	    read_base_url(ctx, group, p) != 0 ||
	    read_string(ctx, group, "app_id", &p->app_id) != 0 ||
	    read_string(ctx, group, "app_name", &p->app_name) != 0 ||
	    read_path(ctx, group, "private_key", &p->private_key) != 0 ||
	    read_path(ctx, group, "passphrase_file", &p->passphrase_file) != 0 ||
	    read_path(ctx, group, "platform_public_key", &p->platform_public_key) != 0 ||
	    read_path(ctx, group, "spool", &p->spool) != 0 ||
	    read_role(ctx, group, p) != 0 ||
	    read_sign_hash(ctx, group, p) != 0 ||
	    read_string(ctx, group, "theme", &p->theme) != 0 ||
	    read_range(ctx, group, "timeout_ms", 1000, 600000, 15000, &p->timeout_ms) != 0 ||
	    read_range(ctx, group, "connect_timeout_ms", 100, 60000, 5000, &p->connect_timeout_ms) != 0)
		return -1;
	return default_spool(ctx, p);
}

static int check_top_level(const parse_ctx *ctx, const config_setting_t *root)
{
	int i, n = config_setting_length(root);

	for (i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
		const char *name = config_setting_name(s);
		const char *hint;

		hint = suggest(name, top_level_keys, COUNT(top_level_keys));
		/* A known name is its own closest match, at distance 0. */
		if (hint && strcmp(hint, name) == 0)
			continue;
		if (hint)
			return pc_lcfg_fail_at(ctx, s,
			                       "unknown top-level setting '%s' (did you mean '%s'?)", name, hint);
		return pc_lcfg_fail_at(ctx, s,
		                       "unknown top-level setting '%s'; only default_profile and profiles belong "
		                       "there, and profile settings go inside profiles = { NAME = { ... }; };", name);
	}
	return 0;
}

static int read_profiles(const parse_ctx *ctx, const config_setting_t *root, pc_config *cfg)
{
	const config_setting_t *group = config_setting_get_member(root, "profiles");
	int i, n;

	if (!group)
		return pc_err_set(ctx->err, PC_EINPUT, "%s: no profiles defined; add "
		                  "profiles = { uat = { environment = \"uat\"; base_url = \"...\"; ... }; };",
		                  ctx->origin);
	if (config_setting_type(group) != CONFIG_TYPE_GROUP)
		return pc_lcfg_fail_at(ctx, group, "profiles must be a group: profiles = { NAME = { ... }; };");
	n = config_setting_length(group);
	if (n == 0)
		return pc_lcfg_fail_at(ctx, group, "no profiles defined in profiles = { }; add at least one, "
		                       "e.g. uat = { environment = \"uat\"; base_url = \"...\"; ... };");
	cfg->profiles = calloc((size_t)n, sizeof(*cfg->profiles));
	if (!cfg->profiles)
		return oom(ctx);
	for (i = 0; i < n; i++) {
		cfg->count = i + 1;
		if (read_profile(ctx, config_setting_get_elem(group, (unsigned)i), &cfg->profiles[i]) != 0)
			return -1;
	}
	return 0;
}

static const pc_profile *find_profile(const pc_config *cfg, const char *name)
{
	int i;

	for (i = 0; i < cfg->count; i++) {
		if (strcmp(cfg->profiles[i].name, name) == 0)
			return &cfg->profiles[i];
	}
	return NULL;
}

/* "a, b, c" of the profile names (they are libconfig names: printable). */
static void profile_list(const pc_config *cfg, char *buf, size_t size)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < cfg->count; i++)
		list_append(buf, size, &used, cfg->profiles[i].name);
}

/* default_profile must name a profile; without it a lone profile is the
 * default, and with several none is (the operator picks with --profile). */
static int read_default_profile(const parse_ctx *ctx, const config_setting_t *root, pc_config *cfg)
{
	const config_setting_t *s = config_setting_get_member(root, "default_profile");
	char names[512];
	char *safe;

	if (!s) {
		if (cfg->count == 1) {
			cfg->default_profile = strdup(cfg->profiles[0].name);
			return cfg->default_profile ? 0 : oom(ctx);
		}
		return 0;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return pc_lcfg_fail_at(ctx, s, "default_profile must be a string in double quotes");
	if (find_profile(cfg, config_setting_get_string(s))) {
		cfg->default_profile = strdup(config_setting_get_string(s));
		return cfg->default_profile ? 0 : oom(ctx);
	}
	profile_list(cfg, names, sizeof(names));
	safe = pc_sanitize_str(config_setting_get_string(s));
	pc_lcfg_fail_at(ctx, s, "default_profile '%s' names no profile in this file; the profiles are: %s",
	                safe ? safe : "(unprintable)", names);
	free(safe);
	return -1;
}

/* libconfig would read any file an @include names (and report its errors
 * under this file's name): a profile must be readable in one place. */
static int refuse_include(const parse_ctx *ctx, const char *text)
{
	int line = 1;

	for (const char *p = text; *p; line++) {
		const char *start = p + strspn(p, " \t");

		if (strncmp(start, "@include", 8) == 0)
			return pc_err_set(ctx->err, PC_EINPUT, "%s:%d: @include is not allowed: "
			                  "put every profile in this one file", ctx->origin, line);
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return 0;
}

int pc_config_parse(pc_config *cfg, const char *text, const char *origin, pc_err *err)
{
	parse_ctx ctx = { origin ? origin : "config", err };
	config_t lc;
	const config_setting_t *root;
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	if (refuse_include(&ctx, text) < 0)
		return -1;
	if (pc_lcfg_read(&lc, text, &ctx) < 0)
		return -1;
	root = config_root_setting(&lc);
	rc = check_top_level(&ctx, root);
	if (rc == 0)
		rc = read_profiles(&ctx, root, cfg);
	if (rc == 0)
		rc = read_default_profile(&ctx, root, cfg);
	config_destroy(&lc);
	if (rc != 0)
		pc_config_free(cfg);
	return rc;
}

/* ---- loading ----------------------------------------------------------- */

static int load_builtin(pc_config *cfg, pc_err *err)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->profiles = calloc(1, sizeof(*cfg->profiles));
	cfg->default_profile = strdup("sandbox");
	if (!cfg->profiles || !cfg->default_profile) {
		pc_config_free(cfg);
		return pc_err_set(err, PC_EINPUT, "out of memory setting up the sandbox profile");
	}
	cfg->count = 1;
	if (pc_profile_builtin_sandbox(&cfg->profiles[0], err) != 0) {
		pc_config_free(cfg);
		return -1;
	}
	return 0;
}

static int load_file(pc_config *cfg, const char *path, pc_err *err)
{
	struct stat st;
	char *text;

	if (stat(path, &st) != 0)
		return pc_err_set(err, PC_EINPUT, "cannot read config file '%s': %s", path, strerror(errno));
	if (st.st_mode & S_IWOTH)
		return pc_err_set(err, PC_EINPUT, "config file '%s' is writable by others: anyone could point paycon "
		                  "at another server; run: chmod go-w '%s'", path, path);
	if (pc_read_file(path, CONFIG_MAX_BYTES, &text, NULL, err) != 0)
		return -1;
	if (pc_config_parse(cfg, text, path, err) != 0) {
		free(text);
		return -1;
	}
	free(text);
	cfg->path = strdup(path);
	if (!cfg->path) {
		pc_config_free(cfg);
		return pc_err_set(err, PC_EINPUT, "out of memory reading '%s'", path);
	}
	return 0;
}

int pc_config_load(pc_config *cfg, const char *explicit_path, pc_err *err)
{
	const char *env_path = getenv("PAYCON_CONFIG");
	struct stat st;
	char *path;
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	if (explicit_path && explicit_path[0]) {
		if (stat(explicit_path, &st) != 0 && errno == ENOENT)
			return pc_err_set(err, PC_EINPUT, "config file '%s' (given with --config) does not exist; "
			                  "check the path", explicit_path);
		return load_file(cfg, explicit_path, err);
	}
	if (env_path && env_path[0]) {
		if (stat(env_path, &st) != 0 && errno == ENOENT)
			return pc_err_set(err, PC_EINPUT, "config file '%s' (named by $PAYCON_CONFIG) does not exist; "
			                  "fix the variable or unset it", env_path);
		return load_file(cfg, env_path, err);
	}
	path = pc_default_config_path();
	if (!path || (stat(path, &st) != 0 && errno == ENOENT)) {
		free(path);
		return load_builtin(cfg, err);
	}
	rc = load_file(cfg, path, err);
	free(path);
	return rc;
}

void pc_profile_free(pc_profile *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->base_url);
	free(p->app_id);
	free(p->app_name);
	free(p->private_key);
	free(p->passphrase_file);
	free(p->platform_public_key);
	free(p->spool);
	free(p->theme);
	memset(p, 0, sizeof(*p));
}

void pc_config_free(pc_config *cfg)
{
	int i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->count; i++)
		pc_profile_free(&cfg->profiles[i]);
	free(cfg->profiles);
	free(cfg->path);
	free(cfg->default_profile);
	memset(cfg, 0, sizeof(*cfg));
}

const pc_profile *pc_config_profile(const pc_config *cfg, const char *name, pc_err *err)
{
	const pc_profile *p;
	char names[512];
	char *safe;

	profile_list(cfg, names, sizeof(names));
	if (!name)
		name = cfg->default_profile;
	if (!name) {
		pc_err_set(err, PC_EINPUT, "%s has several profiles (%s) and no default_profile; "
		           "choose one with --profile NAME or set default_profile",
		           cfg->path ? cfg->path : "the configuration", names);
		return NULL;
	}
	p = find_profile(cfg, name);
	if (p)
		return p;
	safe = pc_sanitize_str(name);
	pc_err_set(err, PC_EINPUT, "there is no profile '%s' in %s; the profiles are: %s",
	           safe ? safe : "(unprintable)", cfg->path ? cfg->path : "the configuration", names);
	free(safe);
	return NULL;
}

int pc_profile_builtin_sandbox(pc_profile *out, pc_err *err)
{
	char *dir = pc_profile_state_dir("sandbox");

	memset(out, 0, sizeof(*out));
	if (!dir)
		return pc_err_set(err, PC_EINPUT, "cannot find a state directory for the sandbox: "
		                  "set HOME or XDG_STATE_HOME");
	out->name = strdup("sandbox");
	out->environment = PC_ENV_SANDBOX;
	/* Port 0 is a placeholder: the sandbox runner fills in the real one. */
	out->base_url = strdup("http://127.0.0.1:0");
	out->app_id = strdup("sandbox-app");
	out->app_name = strdup("paycon sandbox");
	out->private_key = pc_strdupf("%s/merchant.pem", dir);
	out->platform_public_key = pc_strdupf("%s/platform.pub", dir);
	out->spool = pc_strdupf("%s/spool", dir);
	out->role = PC_ROLE_OPERATOR;
	out->sign_hash = PC_HASH_SHA256;
	out->timeout_ms = 15000;
	out->connect_timeout_ms = 5000;
	out->builtin = true;
	free(dir);
	if (!out->name || !out->base_url || !out->app_id || !out->app_name || !out->private_key ||
	    !out->platform_public_key || !out->spool) {
		pc_profile_free(out);
		return pc_err_set(err, PC_EINPUT, "out of memory setting up the sandbox profile");
	}
	return 0;
}
