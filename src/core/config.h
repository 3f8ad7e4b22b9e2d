/* config.h — the libconfig file and its profiles.
 *
 * Looked up at --config FILE, else $PAYCON_CONFIG, else
 * $XDG_CONFIG_HOME/paycon/config. With none of these present (no file
 * where the default points), the built-in `sandbox` profile is used:
 * everything under $XDG_STATE_HOME/paycon/sandbox/.
 *
 *   default_profile = "uat";
 *   profiles = {
 *     uat = {
 *       environment = "uat";             # sandbox | uat | production
 *       base_url = "https://api-uat.paycools.com";
 *       app_id = "..."; app_name = "...";
 *       private_key = "/path/merchant.pem";
 *       passphrase_file = "/path/pass";  # optional, for an encrypted key
 *       platform_public_key = "/path/paycools.pub";
 *       spool = "/path/spool";
 *       role = "operator";               # viewer | operator
 *       sign_hash = "sha256";            # sha256 | sha1
 *       theme = "default";
 *       timeout_ms = 15000;
 *       connect_timeout_ms = 5000;
 *     };
 *   };
 *
 * Every error names the file and line ("config:12: ..."), class PC_EINPUT.
 * Unknown keys are errors (a typo must not silently fall back to a default). */
#ifndef PAYCON_CONFIG_H
#define PAYCON_CONFIG_H

#include <stdbool.h>

#include "err.h"
#include "signature.h"

typedef enum { PC_ENV_SANDBOX = 0, PC_ENV_UAT, PC_ENV_PRODUCTION } pc_env;
typedef enum { PC_ROLE_VIEWER = 0, PC_ROLE_OPERATOR } pc_role;

const char *pc_env_name(pc_env e);   /* "sandbox", "uat", "production" */
const char *pc_env_label(pc_env e);  /* "SANDBOX", "UAT", "PRODUCTION" */
const char *pc_role_name(pc_role r); /* "viewer", "operator" */

typedef struct {
	char *name;
	pc_env environment;
	char *base_url;            /* no trailing slash */
	char *app_id;
	char *app_name;
	char *private_key;         /* expanded path */
	char *passphrase_file;     /* expanded path or NULL */
	char *platform_public_key; /* expanded path or NULL */
	char *spool;               /* expanded path */
	pc_role role;
	pc_hash sign_hash;
	char *theme;               /* NULL = environment's default */
	long timeout_ms;           /* 1000..600000, default 15000 */
	long connect_timeout_ms;   /* 100..60000, default 5000 */
	bool builtin;              /* the zero-setup sandbox profile */
} pc_profile;

typedef struct {
	char *path;                /* file read, NULL when built in */
	char *default_profile;
	pc_profile *profiles;
	int count;
} pc_config;

/* explicit_path: the --config value or NULL. An explicit path (flag or
 * $PAYCON_CONFIG) that does not exist is an error; a missing default file
 * gives the built-in sandbox profile. */
int pc_config_load(pc_config *cfg, const char *explicit_path, pc_err *err);
/* Parses config text (for tests); origin names it in messages. */
int pc_config_parse(pc_config *cfg, const char *text, const char *origin, pc_err *err);
void pc_config_free(pc_config *cfg);

/* name NULL -> default_profile. Unknown name: error listing the known ones. */
const pc_profile *pc_config_profile(const pc_config *cfg, const char *name, pc_err *err);

/* The built-in zero-setup profile (paths under the state dir). */
int pc_profile_builtin_sandbox(pc_profile *out, pc_err *err);
void pc_profile_free(pc_profile *p);

/* Checks a base URL for an environment: must be http(s)://host[:port][/path];
 * production requires https; http only for loopback hosts (localhost,
 * 127.0.0.0/8, ::1) in any environment. */
int pc_base_url_check(const char *url, pc_env env, pc_err *err);

#endif
