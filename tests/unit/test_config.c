/* Tests for src/core/config.c: profiles, defaults, errors with file:line,
 * lookup order, the built-in sandbox and base URL rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "paths.h"
#include "testutil.h"

typedef struct {
	char dir[64];
	char *home;
	char *state;
	char *xdg_config;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	if (tu_mkdtemp(f->dir, sizeof(f->dir), "config") != 0) {
		free(f);
		return -1;
	}
	f->home = pc_strdupf("%s/home", f->dir);
	f->state = pc_strdupf("%s/state", f->dir);
	f->xdg_config = pc_strdupf("%s/xdgconf", f->dir);
	setenv("HOME", f->home, 1);
	setenv("XDG_STATE_HOME", f->state, 1);
	setenv("XDG_CONFIG_HOME", f->xdg_config, 1);
	unsetenv("PAYCON_CONFIG");
	umask(022);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	tu_rmrf(f->dir);
	free(f->home);
	free(f->state);
	free(f->xdg_config);
	free(f);
	return 0;
}

/* A valid uat profile; callers append lines and close it. Lines 1-8. */
#define UAT_HEAD                                              \
	"profiles = {\n"                                      \
	"  uat = {\n"                                         \
	"    environment = \"uat\";\n"                        \
	"    base_url = \"https://api-uat.paycools.com\";\n"  \
	"    app_id = \"A1\";\n"                              \
	"    app_name = \"Shop\";\n"                          \
	"    private_key = \"/keys/m.pem\";\n"                \
	"    # line 8\n"

#define UAT_TAIL "  };\n};\n"

static void assert_starts_with(const char *got, const char *prefix)
{
	if (strncmp(got, prefix, strlen(prefix)) != 0)
		fail_msg("\"%s\" does not start with \"%s\"", got, prefix);
}

/* Parses text expecting failure; returns the message. */
static const char *parse_error(const char *text, pc_err *err)
{
	pc_config cfg;

	pc_err_clear(err);
	assert_int_equal(pc_config_parse(&cfg, text, "config", err), -1);
	assert_int_equal(err->cls, PC_EINPUT);
	assert_null(cfg.profiles);
	assert_int_equal(cfg.count, 0);
	return err->msg;
}

/* Writes a config file, making its directory first. */
static void write_file(const char *path, const char *text, mode_t mode)
{
	pc_err err;
	char *dir = strdup(path);

	*strrchr(dir, '/') = '\0';
	pc_err_clear(&err);
	assert_int_equal(pc_mkdir_p(dir, 0700, &err), 0);
	free(dir);
	tu_write_file(path, text, mode);
}

static void test_env_and_role_names(void **state)
{
	(void)state;
	assert_string_equal(pc_env_name(PC_ENV_SANDBOX), "sandbox");
	assert_string_equal(pc_env_name(PC_ENV_UAT), "uat");
	assert_string_equal(pc_env_name(PC_ENV_PRODUCTION), "production");
	assert_string_equal(pc_env_label(PC_ENV_PRODUCTION), "PRODUCTION");
	assert_string_equal(pc_env_label(PC_ENV_UAT), "UAT");
	assert_string_equal(pc_role_name(PC_ROLE_VIEWER), "viewer");
	assert_string_equal(pc_role_name(PC_ROLE_OPERATOR), "operator");
}

static void test_full_config(void **state)
{
	fixture *f = *state;
	const char *text =
		"default_profile = \"prod\";\n"
		"profiles = {\n"
		"  prod = {\n"
		"    environment = \"production\";\n"
		"    base_url = \"https://api.paycools.com/\";\n"
		"    app_id = \"APP-9\";\n"
		"    app_name = \"Sari Store\";\n"
		"    private_key = \"~/keys/merchant.pem\";\n"
		"    passphrase_file = \"~/keys/pass\";\n"
		"    platform_public_key = \"/etc/paycon/paycools.pub\";\n"
		"    spool = \"~/spool\";\n"
		"    role = \"operator\";\n"
		"    sign_hash = \"sha1\";\n"
		"    theme = \"amber\";\n"
		"    timeout_ms = 30000;\n"
		"    connect_timeout_ms = 2500;\n"
		"  };\n"
		"  uat = {\n"
		"    environment = \"uat\";\n"
		"    base_url = \"http://127.0.0.1:8080/api\";\n"
		"    app_id = \"U1\"; app_name = \"Test\";\n"
		"    private_key = \"/k.pem\";\n"
		"  };\n"
		"};\n";
	pc_config cfg;
	const pc_profile *p;
	char *want;
	pc_err err;

	pc_err_clear(&err);
	assert_int_equal(pc_config_parse(&cfg, text, "config", &err), 0);
	assert_null(cfg.path);
	assert_int_equal(cfg.count, 2);
	assert_string_equal(cfg.default_profile, "prod");
	p = pc_config_profile(&cfg, NULL, &err);
	assert_non_null(p);
	assert_string_equal(p->name, "prod");
	assert_int_equal(p->environment, PC_ENV_PRODUCTION);
	assert_string_equal(p->base_url, "https://api.paycools.com");
	assert_string_equal(p->app_id, "APP-9");
	assert_string_equal(p->app_name, "Sari Store");
	want = pc_strdupf("%s/keys/merchant.pem", f->home);
	assert_string_equal(p->private_key, want);
	free(want);
	want = pc_strdupf("%s/keys/pass", f->home);
	assert_string_equal(p->passphrase_file, want);
	free(want);
	want = pc_strdupf("%s/spool", f->home);
	assert_string_equal(p->spool, want);
	free(want);
	assert_string_equal(p->platform_public_key, "/etc/paycon/paycools.pub");
	assert_int_equal(p->role, PC_ROLE_OPERATOR);
	assert_int_equal(p->sign_hash, PC_HASH_SHA1);
	assert_string_equal(p->theme, "amber");
	assert_int_equal(p->timeout_ms, 30000);
	assert_int_equal(p->connect_timeout_ms, 2500);
	assert_false(p->builtin);

	p = pc_config_profile(&cfg, "uat", &err);
	assert_non_null(p);
	assert_string_equal(p->base_url, "http://127.0.0.1:8080/api");
	pc_config_free(&cfg);
	assert_null(cfg.profiles);
}

static void test_defaults(void **state)
{
	fixture *f = *state;
	pc_config cfg;
	const pc_profile *p;
	char *want;
	pc_err err;

	pc_err_clear(&err);
	assert_int_equal(pc_config_parse(&cfg, UAT_HEAD UAT_TAIL, "config", &err), 0);
	/* A lone profile is the default even without default_profile. */
	assert_string_equal(cfg.default_profile, "uat");
	p = &cfg.profiles[0];
	assert_int_equal(p->role, PC_ROLE_OPERATOR);
	assert_int_equal(p->sign_hash, PC_HASH_SHA256);
	assert_int_equal(p->timeout_ms, 15000);
	assert_int_equal(p->connect_timeout_ms, 5000);
	assert_null(p->theme);
	assert_null(p->passphrase_file);
	assert_null(p->platform_public_key);
	want = pc_strdupf("%s/paycon/uat/spool", f->state);
	assert_string_equal(p->spool, want);
	free(want);
	pc_config_free(&cfg);
}

static void test_production_defaults_to_viewer(void **state)
{
	const char *text =
		"profiles = { live = {\n"
		"  environment = \"production\"; base_url = \"https://api.paycools.com\";\n"
		"  app_id = \"A\"; app_name = \"B\"; private_key = \"/k\";\n"
		"}; };\n";
	pc_config cfg;
	pc_err err;

	(void)state;
	pc_err_clear(&err);
	assert_int_equal(pc_config_parse(&cfg, text, "config", &err), 0);
	assert_int_equal(cfg.profiles[0].role, PC_ROLE_VIEWER);
	pc_config_free(&cfg);
}

static void test_syntax_error(void **state)
{
	pc_err err;

	(void)state;
	assert_string_equal(parse_error("profiles = {\n  uat = {\n    app_id = ;\n", &err),
	                    "config:3: syntax error");
	assert_string_equal(parse_error("profiles = { a = { x = 1; x = 2; }; };\n", &err),
	                    "config:1: duplicate setting name");
}

static void test_wrong_type(void **state)
{
	pc_err err;

	(void)state;
	assert_string_equal(parse_error(UAT_HEAD "    timeout_ms = \"15000\";\n" UAT_TAIL, &err),
	                    "config:9: timeout_ms must be an integer");
	assert_string_equal(parse_error(UAT_HEAD "    timeout_ms = 1.5;\n" UAT_TAIL, &err),
	                    "config:9: timeout_ms must be an integer");
	assert_string_equal(parse_error(UAT_HEAD "    theme = 3;\n" UAT_TAIL, &err),
	                    "config:9: theme must be a string in double quotes");
	assert_string_equal(parse_error("default_profile = 1;\n" UAT_HEAD UAT_TAIL, &err),
	                    "config:1: default_profile must be a string in double quotes");
	assert_string_equal(parse_error("profiles = { uat = 3; };\n", &err),
	                    "config:1: profile 'uat' must be a group: uat = { environment = \"...\"; ... };");
	assert_string_equal(parse_error("profiles = \"uat\";\n", &err),
	                    "config:1: profiles must be a group: profiles = { NAME = { ... }; };");
}

static void test_unknown_keys(void **state)
{
	pc_err err;

	(void)state;
	assert_string_equal(parse_error(UAT_HEAD "    privat_key = \"/x\";\n" UAT_TAIL, &err),
	                    "config:9: unknown setting 'privat_key' in profile 'uat' (did you mean 'private_key'?)");
	assert_string_equal(parse_error(UAT_HEAD "    timeout = 100;\n" UAT_TAIL, &err),
	                    "config:9: unknown setting 'timeout' in profile 'uat' (did you mean 'timeout_ms'?)");
	parse_error(UAT_HEAD "    colour = \"red\";\n" UAT_TAIL, &err);
	assert_string_equal(err.msg, "config:9: unknown setting 'colour' in profile 'uat'; the settings a profile "
	                    "may have are: environment, base_url, app_id, app_name, private_key, passphrase_file, "
	                    "platform_public_key, spool, role, sign_hash, theme, timeout_ms, connect_timeout_ms");
	assert_string_equal(parse_error("profile = {};\n" UAT_HEAD UAT_TAIL, &err),
	                    "config:1: unknown top-level setting 'profile' (did you mean 'profiles'?)");
	parse_error(UAT_HEAD UAT_TAIL "base_url = \"https://x\";\n", &err);
	assert_starts_with(err.msg, "config:11: unknown top-level setting 'base_url'; only default_profile");
}

static void test_bad_enum_values(void **state)
{
	pc_err err;
	const char *text =
		"profiles = { uat = {\n"
		"  environment = \"prod\";\n"
		"  base_url = \"https://x\"; app_id = \"A\"; app_name = \"B\"; private_key = \"/k\";\n"
		"}; };\n";

	(void)state;
	assert_string_equal(parse_error(text, &err),
	                    "config:2: environment 'prod' is not one of: sandbox, uat, production");
	assert_string_equal(parse_error(UAT_HEAD "    role = \"admin\";\n" UAT_TAIL, &err),
	                    "config:9: role 'admin' is not one of: viewer, operator");
	assert_string_equal(parse_error(UAT_HEAD "    sign_hash = \"md5\";\n" UAT_TAIL, &err),
	                    "config:9: sign_hash 'md5' is not one of: sha256, sha1");
	/* Values are quoted sanitised: an escape sequence is shown, not sent to the terminal. */
	assert_string_equal(parse_error(UAT_HEAD "    role = \"op\\x1b[2J\";\n" UAT_TAIL, &err),
	                    "config:9: role 'op\\x1b[2J' is not one of: viewer, operator");
}

static void test_missing_required_key(void **state)
{
	pc_err err;
	const char *text =
		"# paycon\n"
		"profiles = {\n"
		"  uat = {\n"
		"    environment = \"uat\";\n"
		"    base_url = \"https://api-uat.paycools.com\";\n"
		"    app_name = \"Shop\";\n"
		"    private_key = \"/keys/m.pem\";\n"
		"  };\n"
		"};\n";

	(void)state;
	assert_string_equal(parse_error(text, &err),
	                    "config:3: profile 'uat' is missing the required setting 'app_id' "
	                    "(the appId from the PayCools merchant dashboard)");
	assert_string_equal(parse_error("profiles = {\n  x = { };\n};\n", &err),
	                    "config:2: profile 'x' is missing the required setting 'environment' "
	                    "(sandbox, uat or production)");
}

static void test_values_out_of_range_or_empty(void **state)
{
	pc_err err;

	(void)state;
	assert_string_equal(parse_error(UAT_HEAD "    timeout_ms = 999;\n" UAT_TAIL, &err),
	                    "config:9: timeout_ms must be between 1000 and 600000 (milliseconds), not 999");
	assert_string_equal(parse_error(UAT_HEAD "    connect_timeout_ms = 60001;\n" UAT_TAIL, &err),
	                    "config:9: connect_timeout_ms must be between 100 and 60000 (milliseconds), not 60001");
	assert_string_equal(parse_error(UAT_HEAD "    spool = \"\";\n" UAT_TAIL, &err),
	                    "config:9: spool must not be empty");
}

static void test_bad_base_url_names_line(void **state)
{
	pc_err err;
	const char *text =
		"profiles = {\n"
		"  uat = {\n"
		"    environment = \"uat\";\n"
		"    base_url = \"http://example.com\";\n"
		"    app_id = \"A\"; app_name = \"B\"; private_key = \"/k\";\n"
		"  };\n"
		"};\n";

	(void)state;
	parse_error(text, &err);
	assert_starts_with(err.msg, "config:4: base URL 'http://example.com' uses plain http:// for "
	                    "'example.com', which is not this machine");
}

static void test_default_profile_must_exist(void **state)
{
	pc_err err;

	(void)state;
	assert_string_equal(parse_error("default_profile = \"nope\";\n" UAT_HEAD UAT_TAIL, &err),
	                    "config:1: default_profile 'nope' names no profile in this file; "
	                    "the profiles are: uat");
}

static void test_no_profiles(void **state)
{
	pc_err err;

	(void)state;
	parse_error("default_profile = \"uat\";\n", &err);
	assert_starts_with(err.msg, "config: no profiles defined; add profiles = {");
	parse_error("\nprofiles = { };\n", &err);
	assert_starts_with(err.msg, "config:2: no profiles defined in profiles = { }");
	parse_error("", &err);
	assert_starts_with(err.msg, "config: no profiles defined");
}

static void test_profile_lookup(void **state)
{
	const char *text =
		"profiles = {\n"
		"  a = { environment = \"sandbox\"; base_url = \"http://localhost:9\"; app_id = \"1\";\n"
		"        app_name = \"n\"; private_key = \"/k\"; };\n"
		"  b = { environment = \"uat\"; base_url = \"https://u\"; app_id = \"2\";\n"
		"        app_name = \"n\"; private_key = \"/k\"; };\n"
		"};\n";
	pc_config cfg;
	const pc_profile *p;
	pc_err err;

	(void)state;
	pc_err_clear(&err);
	assert_int_equal(pc_config_parse(&cfg, text, "config", &err), 0);
	assert_null(cfg.default_profile);
	assert_null(pc_config_profile(&cfg, NULL, &err));
	assert_string_equal(err.msg, "the configuration has several profiles (a, b) and no default_profile; "
	                    "choose one with --profile NAME or set default_profile");
	p = pc_config_profile(&cfg, "b", &err);
	assert_non_null(p);
	assert_string_equal(p->app_id, "2");
	assert_null(pc_config_profile(&cfg, "c", &err));
	assert_int_equal(err.cls, PC_EINPUT);
	assert_string_equal(err.msg, "there is no profile 'c' in the configuration; the profiles are: a, b");
	pc_config_free(&cfg);
}

static void test_base_url_table(void **state)
{
	static const struct {
		const char *url;
		pc_env env;
		int ok;
	} cases[] = {
		{ "https://api.paycools.com", PC_ENV_PRODUCTION, 1 },
		{ "https://api.paycools.com:8443/v1", PC_ENV_PRODUCTION, 1 },
		{ "HTTPS://API.PAYCOOLS.COM", PC_ENV_PRODUCTION, 1 },
		{ "http://api.paycools.com", PC_ENV_PRODUCTION, 0 },
		{ "http://127.0.0.1:8080", PC_ENV_PRODUCTION, 0 },
		{ "http://localhost:8080", PC_ENV_PRODUCTION, 0 },
		{ "http://127.0.0.1:8080", PC_ENV_UAT, 1 },
		{ "http://127.1.2.3", PC_ENV_UAT, 1 },
		{ "http://localhost", PC_ENV_SANDBOX, 1 },
		{ "http://LocalHost:1/x", PC_ENV_SANDBOX, 1 },
		{ "http://[::1]:8080", PC_ENV_SANDBOX, 1 },
		{ "http://example.com", PC_ENV_UAT, 0 },
		{ "http://example.com", PC_ENV_SANDBOX, 0 },
		{ "http://128.0.0.1", PC_ENV_SANDBOX, 0 },
		{ "http://127.0.0.256", PC_ENV_SANDBOX, 0 },
		{ "http://127.0.0.1.example.com", PC_ENV_SANDBOX, 0 },
		{ "http://localhost.example.com", PC_ENV_SANDBOX, 0 },
		{ "http://[::2]", PC_ENV_SANDBOX, 0 },
		{ "https://api-uat.paycools.com", PC_ENV_UAT, 1 },
		{ "ftp://api.paycools.com", PC_ENV_UAT, 0 },
		{ "api.paycools.com", PC_ENV_UAT, 0 },
		{ "https://", PC_ENV_UAT, 0 },
		{ "https://:443", PC_ENV_UAT, 0 },
		{ "https:///path", PC_ENV_UAT, 0 },
		{ "https://host:0", PC_ENV_UAT, 0 },
		{ "https://host:65536", PC_ENV_UAT, 0 },
		{ "https://host:65535", PC_ENV_UAT, 1 },
		{ "https://host:", PC_ENV_UAT, 0 },
		{ "https://host:12a", PC_ENV_UAT, 0 },
		{ "https://user:pw@host", PC_ENV_UAT, 0 },
		{ "https://host?x=1", PC_ENV_UAT, 0 },
		{ "https://host/p#frag", PC_ENV_UAT, 0 },
		{ "https://ho st", PC_ENV_UAT, 0 },
		{ "https://ho_st", PC_ENV_UAT, 0 },
		{ "", PC_ENV_UAT, 0 },
	};
	size_t i;
	pc_err err;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;

		pc_err_clear(&err);
		rc = pc_base_url_check(cases[i].url, cases[i].env, &err);
		if ((rc == 0) != cases[i].ok)
			fail_msg("%s in %s: got %d (%s)", cases[i].url, pc_env_name(cases[i].env), rc, err.msg);
		if (!cases[i].ok)
			assert_int_equal(err.cls, PC_EINPUT);
	}
}

static void test_base_url_messages(void **state)
{
	pc_err err;

	(void)state;
	pc_base_url_check("http://127.0.0.1:8080", PC_ENV_PRODUCTION, &err);
	assert_string_equal(err.msg, "base URL 'http://127.0.0.1:8080' uses plain http://, but production "
	                    "requires https://: signed requests and account numbers would cross the network "
	                    "unencrypted; use the https:// address PayCools gave you");
	pc_base_url_check("ftp://x", PC_ENV_UAT, &err);
	assert_string_equal(err.msg, "base URL 'ftp://x' uses a scheme paycon cannot speak; use https:// "
	                    "(or http:// for a test server on this machine)");
	pc_base_url_check("https://", PC_ENV_UAT, &err);
	assert_string_equal(err.msg, "base URL 'https://' has no host name; write it as https://host[:port][/path]");
	pc_base_url_check("http://example.com", PC_ENV_UAT, &err);
	assert_string_equal(err.msg, "base URL 'http://example.com' uses plain http:// for 'example.com', which "
	                    "is not this machine: http is only allowed for a test server on localhost, "
	                    "127.0.0.1 or [::1]; use https://");
}

static void test_builtin_sandbox(void **state)
{
	fixture *f = *state;
	pc_profile p;
	char *want;
	pc_err err;

	pc_err_clear(&err);
	assert_int_equal(pc_profile_builtin_sandbox(&p, &err), 0);
	assert_true(p.builtin);
	assert_string_equal(p.name, "sandbox");
	assert_int_equal(p.environment, PC_ENV_SANDBOX);
	assert_string_equal(p.base_url, "http://127.0.0.1:0");
	assert_string_equal(p.app_id, "sandbox-app");
	assert_string_equal(p.app_name, "paycon sandbox");
	assert_int_equal(p.role, PC_ROLE_OPERATOR);
	assert_int_equal(p.sign_hash, PC_HASH_SHA256);
	assert_int_equal(p.timeout_ms, 15000);
	assert_int_equal(p.connect_timeout_ms, 5000);
	assert_null(p.theme);
	want = pc_strdupf("%s/paycon/sandbox/merchant.pem", f->state);
	assert_string_equal(p.private_key, want);
	free(want);
	want = pc_strdupf("%s/paycon/sandbox/platform.pub", f->state);
	assert_string_equal(p.platform_public_key, want);
	free(want);
	want = pc_strdupf("%s/paycon/sandbox/spool", f->state);
	assert_string_equal(p.spool, want);
	free(want);
	pc_profile_free(&p);
	assert_null(p.name);
}

static void test_load_falls_back_to_builtin(void **state)
{
	pc_config cfg;
	pc_err err;

	(void)state;
	pc_err_clear(&err);
	assert_int_equal(pc_config_load(&cfg, NULL, &err), 0);
	assert_null(cfg.path);
	assert_int_equal(cfg.count, 1);
	assert_string_equal(cfg.default_profile, "sandbox");
	assert_true(cfg.profiles[0].builtin);
	assert_string_equal(pc_config_profile(&cfg, NULL, &err)->name, "sandbox");
	pc_config_free(&cfg);
}

/* A one-profile config whose app_id tells which file was read. */
static char *config_with_app_id(const char *app_id)
{
	return pc_strdupf("profiles = { uat = { environment = \"uat\"; base_url = \"https://u\";\n"
	                  "  app_id = \"%s\"; app_name = \"n\"; private_key = \"/k\"; }; };\n", app_id);
}

static void test_load_order(void **state)
{
	fixture *f = *state;
	char *flag_path = pc_strdupf("%s/flag.conf", f->dir);
	char *env_path = pc_strdupf("%s/env.conf", f->dir);
	char *xdg_path = pc_strdupf("%s/paycon/config", f->xdg_config);
	char *flag_text = config_with_app_id("from-flag");
	char *env_text = config_with_app_id("from-env");
	char *xdg_text = config_with_app_id("from-xdg");
	pc_config cfg;
	pc_err err;

	write_file(flag_path, flag_text, 0644);
	write_file(env_path, env_text, 0644);
	write_file(xdg_path, xdg_text, 0600);
	pc_err_clear(&err);

	setenv("PAYCON_CONFIG", env_path, 1);
	assert_int_equal(pc_config_load(&cfg, flag_path, &err), 0);
	assert_string_equal(cfg.profiles[0].app_id, "from-flag");
	assert_string_equal(cfg.path, flag_path);
	pc_config_free(&cfg);

	assert_int_equal(pc_config_load(&cfg, NULL, &err), 0);
	assert_string_equal(cfg.profiles[0].app_id, "from-env");
	assert_string_equal(cfg.path, env_path);
	pc_config_free(&cfg);

	unsetenv("PAYCON_CONFIG");
	assert_int_equal(pc_config_load(&cfg, NULL, &err), 0);
	assert_string_equal(cfg.profiles[0].app_id, "from-xdg");
	assert_string_equal(cfg.path, xdg_path);
	assert_false(cfg.profiles[0].builtin);
	pc_config_free(&cfg);

	free(flag_path);
	free(env_path);
	free(xdg_path);
	free(flag_text);
	free(env_text);
	free(xdg_text);
}

static void test_load_missing_explicit_paths(void **state)
{
	fixture *f = *state;
	char *missing = pc_strdupf("%s/nothing.conf", f->dir);
	char *want;
	pc_config cfg;
	pc_err err;

	pc_err_clear(&err);
	assert_int_equal(pc_config_load(&cfg, missing, &err), -1);
	assert_int_equal(err.cls, PC_EINPUT);
	want = pc_strdupf("config file '%s' (given with --config) does not exist; check the path", missing);
	assert_string_equal(err.msg, want);
	free(want);

	setenv("PAYCON_CONFIG", missing, 1);
	assert_int_equal(pc_config_load(&cfg, NULL, &err), -1);
	want = pc_strdupf("config file '%s' (named by $PAYCON_CONFIG) does not exist; fix the variable or unset it",
	                  missing);
	assert_string_equal(err.msg, want);
	free(want);
	free(missing);
}

static void test_load_reports_file_and_line(void **state)
{
	fixture *f = *state;
	char *path = pc_strdupf("%s/bad.conf", f->dir);
	char *want;
	pc_config cfg;
	pc_err err;

	write_file(path, UAT_HEAD "    privat_key = \"/x\";\n" UAT_TAIL, 0644);
	pc_err_clear(&err);
	assert_int_equal(pc_config_load(&cfg, path, &err), -1);
	want = pc_strdupf("%s:9: unknown setting 'privat_key' in profile 'uat' (did you mean 'private_key'?)", path);
	assert_string_equal(err.msg, want);
	assert_null(cfg.path);
	free(want);
	free(path);
}

static void test_load_refuses_world_writable(void **state)
{
	fixture *f = *state;
	char *path = pc_strdupf("%s/open.conf", f->dir);
	char *want;
	pc_config cfg;
	pc_err err;

	write_file(path, UAT_HEAD UAT_TAIL, 0666);
	pc_err_clear(&err);
	assert_int_equal(pc_config_load(&cfg, path, &err), -1);
	assert_int_equal(err.cls, PC_EINPUT);
	want = pc_strdupf("config file '%s' is writable by others: anyone could point paycon at another server; "
	                  "run: chmod go-w '%s'", path, path);
	assert_string_equal(err.msg, want);
	free(want);

	/* Group-writable (a shared team config) and world-readable are fine. */
	assert_int_equal(chmod(path, 0664), 0);
	assert_int_equal(pc_config_load(&cfg, path, &err), 0);
	pc_config_free(&cfg);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_env_and_role_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_production_defaults_to_viewer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_enum_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_required_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_out_of_range_or_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_base_url_names_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_profile_must_exist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_profiles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_url_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_url_messages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_builtin_sandbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_falls_back_to_builtin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_missing_explicit_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_reports_file_and_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_refuses_world_writable, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
