/* uat_checklist.c — reading the acceptance checklist (see uat.h and the
 * header of data/uat-checklist.conf).
 *
 * The file is checked as strictly as the config: unknown keys, kinds,
 * endpoints and endpoint fields are errors with the line, and so is a
 * ${NAME} used before a step binds it, so a typo never turns into a
 * request PayCools refuses in the middle of an acceptance run. */
#include "uat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libconfig.h>

#include "endpoints.h"
#include "lcfg.h"
#include "paths.h"
#include "sanitize.h"
#include "uat_internal.h"

#ifndef PAYCON_DATADIR
#define PAYCON_DATADIR "/usr/local/share/paycon"
#endif

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* A checklist is a few kilobytes; this only stops a wrong file early. */
#define CHECKLIST_MAX_BYTES (1024 * 1024)

/* ---- names -------------------------------------------------------------- */

static const char *const state_names[] = { "pending", "pass", "fail", "skipped", "manual" };
static const char *const kind_names[] = { "call", "sandbox", "callback", "callback_url", "manual" };

const char *pc_uat_state_name(pc_uat_state s)
{
	return (unsigned)s < COUNT(state_names) ? state_names[s] : "pending";
}

int pc_uat_state_parse(const char *name, pc_uat_state *out)
{
	for (size_t i = 0; name && i < COUNT(state_names); i++) {
		if (strcmp(name, state_names[i]) == 0) {
			*out = (pc_uat_state)i;
			return 0;
		}
	}
	return -1;
}

const char *pc_uat_step_kind_name(pc_uat_step_kind k)
{
	return (unsigned)k < COUNT(kind_names) ? kind_names[k] : "unknown";
}

/* ---- helpers shared with the other uat files ----------------------------- */

const char *pc_uat_next_token(const char *s, const char **inner, size_t *inner_len,
                              const char **after)
{
	const char *open = strstr(s, "${");
	const char *close;

	if (!open)
		return NULL;
	*inner = open + 2;
	close = strchr(*inner, '}');
	*inner_len = close ? (size_t)(close - *inner) : strlen(*inner);
	*after = close ? close + 1 : NULL;
	return open;
}

int pc_uat_valid_name(const char *s, size_t len)
{
	if (len == 0 || len > PC_UAT_NAME_MAX)
		return 0;
	if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
		return 0;
	for (size_t i = 1; i < len; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return 1;
}

void pc_uat_iso_time(long long ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char day[32];

	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%03dZ", day, (int)(ms % 1000));
}

/* ---- parse context ------------------------------------------------------- */

typedef struct {
	pc_lcfg_ctx at;       /* where errors point */
	/* Names bound so far in the item being read, in binding order. */
	char vars[PC_UAT_MAX_VARS][PC_UAT_NAME_MAX + 1];
	size_t nvars;
} parse_ctx;

static int oom(const parse_ctx *ctx)
{
	return pc_err_set(ctx->at.err, PC_EINPUT, "%s: out of memory reading the checklist", ctx->at.origin);
}

static const char *setting_label(const config_setting_t *s)
{
	const char *name = config_setting_name(s);

	return name ? name : "this element";
}

/* Every member of group must be in allowed (NULL-terminated). */
static int check_keys(const parse_ctx *ctx, const config_setting_t *group, const char *const *allowed,
                      const char *what)
{
	int n = config_setting_length(group);

	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
		const char *name = config_setting_name(s);
		char list[400] = "";
		size_t used = 0;
		size_t k;

		for (k = 0; allowed[k]; k++)
			if (strcmp(allowed[k], name) == 0)
				break;
		if (allowed[k])
			continue;
		for (k = 0; allowed[k] && used < sizeof(list); k++)
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", k ? ", " : "", allowed[k]);
		return pc_lcfg_fail_at(&ctx->at, s, "unknown setting '%s' in %s; the settings it may have are: %s",
		                       name, what, list);
	}
	return 0;
}

/* A string member: required or optional (then *out stays NULL). */
static int read_string(const parse_ctx *ctx, const config_setting_t *group, const char *name,
                       bool required, char **out)
{
	const config_setting_t *s = config_setting_get_member(group, name);

	*out = NULL;
	if (!s) {
		if (required)
			return pc_lcfg_fail_at(&ctx->at, group, "'%s' is missing here", name);
		return 0;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return pc_lcfg_fail_at(&ctx->at, s, "%s must be a string in double quotes", name);
	if (!config_setting_get_string(s)[0])
		return pc_lcfg_fail_at(&ctx->at, s, "%s is empty", name);
	*out = strdup(config_setting_get_string(s));
	return *out ? 0 : oom(ctx);
}

static int read_id(const parse_ctx *ctx, const config_setting_t *group, char **out)
{
	const config_setting_t *s = config_setting_get_member(group, "id");

	if (read_string(ctx, group, "id", true, out) < 0)
		return -1;
	for (const char *p = *out; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (*p == '-' && p != *out)))
			return pc_lcfg_fail_at(&ctx->at, s,
			                       "id '%s' may hold only lower-case letters, digits and '-' "
			                       "(not first)", *out);
	}
	if (strlen(*out) > 40)
		return pc_lcfg_fail_at(&ctx->at, s, "id '%s' is longer than 40 characters", *out);
	return 0;
}

/* ---- templates ----------------------------------------------------------- */

static bool bound(const parse_ctx *ctx, const char *name, size_t len)
{
	for (size_t i = 0; i < ctx->nvars; i++)
		if (strlen(ctx->vars[i]) == len && strncmp(ctx->vars[i], name, len) == 0)
			return true;
	return false;
}

static int bind(parse_ctx *ctx, const config_setting_t *s, const char *name, size_t len)
{
	if (bound(ctx, name, len))
		return pc_lcfg_fail_at(&ctx->at, s, "${new:%.*s}: %.*s is already bound in this item; use ${%.*s} to "
		                       "repeat it or another name for a second id", (int)len, name, (int)len, name,
		                       (int)len, name);
	if (ctx->nvars == PC_UAT_MAX_VARS)
		return pc_lcfg_fail_at(&ctx->at, s, "more than %d names bound in one item", PC_UAT_MAX_VARS);
	memcpy(ctx->vars[ctx->nvars], name, len);
	ctx->vars[ctx->nvars][len] = '\0';
	ctx->nvars++;
	return 0;
}

static bool is_builtin(const char *name, size_t len)
{
	static const char *const builtins[] = { "today", "callback_url", "app_name" };

	for (size_t i = 0; i < COUNT(builtins); i++)
		if (strlen(builtins[i]) == len && strncmp(builtins[i], name, len) == 0)
			return true;
	return false;
}

/* Checks every ${...} of text, in order, binding ${new:NAME}. */
static int check_template(parse_ctx *ctx, const config_setting_t *s, const char *text)
{
	const char *inner, *after, *p = text;
	size_t len;

	while (pc_uat_next_token(p, &inner, &len, &after)) {
		const char *name = inner;
		size_t nlen = len;
		int is_new = len > 4 && strncmp(inner, "new:", 4) == 0;
		int is_idem = len > 5 && strncmp(inner, "idem:", 5) == 0;

		if (!after)
			return pc_lcfg_fail_at(&ctx->at, s, "'${' without a closing '}' in \"%s\"", text);
		if (is_new || is_idem) {
			name = inner + (is_new ? 4 : 5);
			nlen = len - (is_new ? 4 : 5);
		}
		if (!pc_uat_valid_name(name, nlen))
			return pc_lcfg_fail_at(&ctx->at, s, "${%.*s}: '%.*s' is not a name (letters, digits, '_')",
			                       (int)len, inner, (int)nlen, name);
		if (is_new) {
			if (bind(ctx, s, name, nlen) < 0)
				return -1;
		} else if (!bound(ctx, name, nlen) && (is_idem || !is_builtin(name, nlen))) {
			return pc_lcfg_fail_at(&ctx->at, s,
			                       "${%.*s}: %.*s is used before any step binds it (with ${new:%.*s} "
			                       "or save); the built-in names are today, callback_url and app_name",
			                       (int)len, inner, (int)nlen, name, (int)nlen, name);
		}
		p = after;
	}
	return 0;
}

/* The same over every string of a JSON value, depth first, in order. */
static int check_json_templates(parse_ctx *ctx, const config_setting_t *s, const cJSON *v)
{
	const cJSON *child;

	if (cJSON_IsString(v))
		return check_template(ctx, s, v->valuestring);
	cJSON_ArrayForEach(child, v)
		if (check_json_templates(ctx, s, child) < 0)
			return -1;
	return 0;
}

/* ---- JSON values from libconfig ----------------------------------------- */

static cJSON *setting_to_json(const parse_ctx *ctx, const config_setting_t *s);

static cJSON *container_to_json(const parse_ctx *ctx, const config_setting_t *s, bool object)
{
	cJSON *out = object ? cJSON_CreateObject() : cJSON_CreateArray();
	int n = config_setting_length(s);

	if (!out) {
		oom(ctx);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		cJSON *v = setting_to_json(ctx, e);

		if (!v) {
			cJSON_Delete(out);
			return NULL;
		}
		if (object)
			cJSON_AddItemToObject(out, config_setting_name(e), v);
		else
			cJSON_AddItemToArray(out, v);
	}
	return out;
}

/* Integers stay raw tokens so that no amount passes through a double. */
static cJSON *setting_to_json(const parse_ctx *ctx, const config_setting_t *s)
{
	char num[32];
	cJSON *v = NULL;

	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		snprintf(num, sizeof(num), "%lld", config_setting_get_int64(s));
		v = cJSON_CreateRaw(num);
		break;
	case CONFIG_TYPE_STRING:
		v = cJSON_CreateString(config_setting_get_string(s));
		break;
	case CONFIG_TYPE_BOOL:
		v = cJSON_CreateBool(config_setting_get_bool(s));
		break;
	case CONFIG_TYPE_GROUP:
		return container_to_json(ctx, s, true);
	case CONFIG_TYPE_ARRAY:
	case CONFIG_TYPE_LIST:
		return container_to_json(ctx, s, false);
	case CONFIG_TYPE_FLOAT:
		pc_lcfg_fail_at(&ctx->at, s,
		                "%s: amounts are integer centavos and no field takes a fraction; write 10000, "
		                "not 100.00", setting_label(s));
		return NULL;
	default:
		pc_lcfg_fail_at(&ctx->at, s, "%s: unsupported value", setting_label(s));
		return NULL;
	}
	if (!v)
		oom(ctx);
	return v;
}

/* An optional group member as a JSON object; an empty object when absent. */
static int read_object(const parse_ctx *ctx, const config_setting_t *group, const char *name,
                       cJSON **out)
{
	const config_setting_t *s = config_setting_get_member(group, name);

	*out = NULL;
	if (s && config_setting_type(s) != CONFIG_TYPE_GROUP)
		return pc_lcfg_fail_at(&ctx->at, s, "%s must be a group: %s = { name = value; ... };", name, name);
	*out = s ? setting_to_json(ctx, s) : cJSON_CreateObject();
	if (!*out)
		return s ? -1 : oom(ctx);
	return 0;
}

/* ---- steps --------------------------------------------------------------- */

static const char *const call_keys[] = { "kind", "endpoint", "fields", "expect_code", "expect_status",
	                                 "expect_data", "bad_signature", "save", NULL };
static const char *const sandbox_keys[] = { "kind", "path", "body", "manual", "save", NULL };
static const char *const callback_keys[] = { "kind", "order", "event", "expect_status", "timeout_s",
	                                     "save", NULL };
static const char *const callback_url_keys[] = { "kind", "manual", NULL };
static const char *const manual_keys[] = { "kind", "manual", NULL };

static int read_int(const parse_ctx *ctx, const config_setting_t *group, const char *name,
                    long long min, long long max, long long *out)
{
	const config_setting_t *s = config_setting_get_member(group, name);
	long long v;

	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_INT && config_setting_type(s) != CONFIG_TYPE_INT64)
		return pc_lcfg_fail_at(&ctx->at, s, "%s must be an integer", name);
	v = config_setting_get_int64(s);
	if (v < min || v > max)
		return pc_lcfg_fail_at(&ctx->at, s, "%s %lld is out of range (%lld to %lld)", name, v, min, max);
	*out = v;
	return 0;
}

static int read_expect_data(const parse_ctx *ctx, const config_setting_t *group, pc_uat_step *st)
{
	const config_setting_t *s = config_setting_get_member(group, "expect_data");
	int n;

	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_ARRAY)
		return pc_lcfg_fail_at(&ctx->at, s, "expect_data must be an array of field names: [ \"balance\" ]");
	n = config_setting_length(s);
	for (int i = 0; i < n; i++)
		if (config_setting_type(config_setting_get_elem(s, (unsigned)i)) != CONFIG_TYPE_STRING)
			return pc_lcfg_fail_at(&ctx->at, s, "expect_data must hold strings (field names)");
	st->expect_data = setting_to_json(ctx, s);
	return st->expect_data ? 0 : -1;
}

static int read_call(parse_ctx *ctx, const config_setting_t *g, pc_uat_step *st)
{
	const config_setting_t *s = config_setting_get_member(g, "bad_signature");
	const pc_endpoint *ep;
	const cJSON *f;
	long long code = 1000;

	if (check_keys(ctx, g, call_keys, "a call step") < 0 || read_string(ctx, g, "endpoint", true, &st->endpoint) < 0)
		return -1;
	ep = pc_endpoint_by_id(st->endpoint);
	if (!ep)
		return pc_lcfg_fail_at(&ctx->at, config_setting_get_member(g, "endpoint"),
		                       "endpoint '%s' is not in the endpoint table "
		                       "(paycon call lists the ids in paycon(1))", st->endpoint);
	if (read_object(ctx, g, "fields", &st->fields) < 0)
		return -1;
	cJSON_ArrayForEach(f, st->fields) {
		if (pc_endpoint_field(ep, f->string))
			continue;
		if (strcmp(f->string, "timestamp") == 0 && (ep->flags & PC_EP_TIMESTAMP))
			continue;
		return pc_lcfg_fail_at(&ctx->at, config_setting_get_member(g, "fields"), "'%s' is not a field of %s",
		                       f->string, ep->id);
	}
	if (read_int(ctx, g, "expect_code", -99999, 99999, &code) < 0)
		return -1;
	st->expect_code = (int)code;
	if (s && config_setting_type(s) != CONFIG_TYPE_BOOL)
		return pc_lcfg_fail_at(&ctx->at, s, "bad_signature must be true or false");
	st->bad_signature = s && config_setting_get_bool(s);
	if (st->bad_signature && (ep->flags & PC_EP_MOVES_MONEY))
		return pc_lcfg_fail_at(&ctx->at, s,
		                       "bad_signature on %s: money-moving requests are sent only through the "
		                       "journal, signed as they are; use a read-only endpoint such as "
		                       "account.balance", ep->id);
	if (read_string(ctx, g, "expect_status", false, &st->expect_status) < 0)
		return -1;
	if (read_expect_data(ctx, g, st) < 0)
		return -1;
	return check_json_templates(ctx, config_setting_get_member(g, "fields"), st->fields);
}

static int read_sandbox(parse_ctx *ctx, const config_setting_t *g, pc_uat_step *st)
{
	if (check_keys(ctx, g, sandbox_keys, "a sandbox step") < 0 || read_string(ctx, g, "path", true, &st->path) < 0
	    || read_string(ctx, g, "manual", true, &st->manual) < 0 || read_object(ctx, g, "body", &st->fields) < 0)
		return -1;
	if (strncmp(st->path, "/_sandbox/", 10) != 0 || strpbrk(st->path, "?# "))
		return pc_lcfg_fail_at(&ctx->at, config_setting_get_member(g, "path"),
		                       "path '%s' must be a sandbox control such as /_sandbox/qr/pay", st->path);
	if (check_json_templates(ctx, g, st->fields) < 0)
		return -1;
	return check_template(ctx, config_setting_get_member(g, "manual"), st->manual);
}

static int read_callback(parse_ctx *ctx, const config_setting_t *g, pc_uat_step *st)
{
	long long timeout = PC_UAT_CALLBACK_WAIT_S;

	if (check_keys(ctx, g, callback_keys, "a callback step") < 0 || read_string(ctx, g, "order", true, &st->order) < 0
	    || read_string(ctx, g, "event", false, &st->event) < 0
	    || read_string(ctx, g, "expect_status", false, &st->expect_status) < 0
	    || read_int(ctx, g, "timeout_s", 1, 3600, &timeout) < 0)
		return -1;
	st->timeout_s = (long)timeout;
	return check_template(ctx, config_setting_get_member(g, "order"), st->order);
}

static int read_manual(parse_ctx *ctx, const config_setting_t *g, pc_uat_step *st, bool required)
{
	const char *const *keys = st->kind == PC_UAT_STEP_MANUAL ? manual_keys : callback_url_keys;

	if (check_keys(ctx, g, keys, st->kind == PC_UAT_STEP_MANUAL ? "a manual step" : "a callback_url step") < 0
	    || read_string(ctx, g, "manual", required, &st->manual) < 0)
		return -1;
	return st->manual ? check_template(ctx, config_setting_get_member(g, "manual"), st->manual) : 0;
}

/* save = { NAME = "field"; }: bound once the step has run. */
static int read_save(parse_ctx *ctx, const config_setting_t *g, pc_uat_step *st)
{
	const config_setting_t *s = config_setting_get_member(g, "save");
	int n;

	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return pc_lcfg_fail_at(&ctx->at, s, "save must be a group: save = { txn = \"transactionId\"; };");
	n = config_setting_length(s);
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *name = config_setting_name(e);

		if (config_setting_type(e) != CONFIG_TYPE_STRING || !config_setting_get_string(e)[0])
			return pc_lcfg_fail_at(&ctx->at, e, "save: %s must name a field in double quotes", name);
		if (!pc_uat_valid_name(name, strlen(name)))
			return pc_lcfg_fail_at(&ctx->at, e, "save: '%s' is not a name (letters, digits, '_')", name);
		if (bind(ctx, e, name, strlen(name)) < 0)
			return -1;
	}
	st->save = setting_to_json(ctx, s);
	return st->save ? 0 : -1;
}

static int read_step(parse_ctx *ctx, const config_setting_t *g, pc_uat_step *st)
{
	const config_setting_t *k = config_setting_get_member(g, "kind");
	int rc;

	st->line = (unsigned)config_setting_source_line(g);
	st->expect_code = 1000;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return pc_lcfg_fail_at(&ctx->at, g, "each step is a group: { kind = \"call\"; ... }");
	if (!k || config_setting_type(k) != CONFIG_TYPE_STRING)
		return pc_lcfg_fail_at(&ctx->at, g,
		                       "a step needs kind = \"call\", \"sandbox\", \"callback\", \"callback_url\" "
		                       "or \"manual\"");
	for (size_t i = 0; i < COUNT(kind_names); i++)
		if (strcmp(config_setting_get_string(k), kind_names[i]) == 0)
			st->kind = (pc_uat_step_kind)i;
	if (strcmp(config_setting_get_string(k), kind_names[st->kind]) != 0)
		return pc_lcfg_fail_at(&ctx->at, k,
		                       "kind '%s' is not one of: call, sandbox, callback, callback_url, manual",
		                       config_setting_get_string(k));
	switch (st->kind) {
	case PC_UAT_STEP_CALL:
		rc = read_call(ctx, g, st);
		break;
	case PC_UAT_STEP_SANDBOX:
		rc = read_sandbox(ctx, g, st);
		break;
	case PC_UAT_STEP_CALLBACK:
		rc = read_callback(ctx, g, st);
		break;
	default:
		rc = read_manual(ctx, g, st, st->kind == PC_UAT_STEP_MANUAL);
		break;
	}
	return rc < 0 ? -1 : read_save(ctx, g, st);
}

/* ---- items and phases ----------------------------------------------------- */

static const char *const item_keys[] = { "id", "title", "pass", "evidence", "steps", NULL };
static const char *const phase_keys[] = { "id", "title", "about", "environments", "items", NULL };
static const char *const top_keys[] = { "version", "title", "phases", NULL };

static const config_setting_t *nonempty_list(const parse_ctx *ctx, const config_setting_t *group,
                                             const char *name, const char *example)
{
	const config_setting_t *s = config_setting_get_member(group, name);

	if (!s) {
		pc_lcfg_fail_at(&ctx->at, group, "'%s' is missing here: %s", name, example);
		return NULL;
	}
	if (config_setting_type(s) != CONFIG_TYPE_LIST || config_setting_length(s) == 0) {
		pc_lcfg_fail_at(&ctx->at, s, "%s must be a non-empty list in parentheses: %s", name, example);
		return NULL;
	}
	return s;
}

static int read_item(parse_ctx *ctx, const config_setting_t *g, pc_uat_item *it)
{
	const config_setting_t *steps;
	int n;

	it->line = (unsigned)config_setting_source_line(g);
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return pc_lcfg_fail_at(&ctx->at, g, "each item is a group: { id = \"...\"; title = \"...\"; ... }");
	if (check_keys(ctx, g, item_keys, "an item") < 0 || read_id(ctx, g, &it->id) < 0
	    || read_string(ctx, g, "title", true, &it->title) < 0 || read_string(ctx, g, "pass", true, &it->pass) < 0
	    || read_string(ctx, g, "evidence", true, &it->evidence) < 0)
		return -1;
	steps = nonempty_list(ctx, g, "steps", "steps = ( { kind = \"call\"; ... } );");
	if (!steps)
		return -1;
	n = config_setting_length(steps);
	it->steps = calloc((size_t)n, sizeof(*it->steps));
	if (!it->steps)
		return oom(ctx);
	ctx->nvars = 0;
	for (int i = 0; i < n; i++) {
		it->nsteps++;
		if (read_step(ctx, config_setting_get_elem(steps, (unsigned)i), &it->steps[i]) < 0)
			return -1;
	}
	return 0;
}

static int read_environments(const parse_ctx *ctx, const config_setting_t *g, pc_uat_phase *ph)
{
	const config_setting_t *s = config_setting_get_member(g, "environments");
	int n;

	if (!s || config_setting_type(s) != CONFIG_TYPE_ARRAY || config_setting_length(s) == 0)
		return pc_lcfg_fail_at(&ctx->at, s ? s : g,
		                       "environments must be a non-empty array: [ \"sandbox\", \"uat\" ]");
	n = config_setting_length(s);
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *name = config_setting_type(e) == CONFIG_TYPE_STRING ? config_setting_get_string(e) : "";
		int env;

		for (env = PC_ENV_SANDBOX; env <= PC_ENV_PRODUCTION; env++)
			if (strcmp(name, pc_env_name((pc_env)env)) == 0)
				break;
		if (env > PC_ENV_PRODUCTION)
			return pc_lcfg_fail_at(&ctx->at, e,
			                       "environment '%s' is not one of: sandbox, uat, production", name);
		ph->environments |= 1u << env;
	}
	return 0;
}

static int add_items(parse_ctx *ctx, const config_setting_t *list, size_t phase, pc_uat_checklist *cl)
{
	int n = config_setting_length(list);
	pc_uat_item *grown = realloc(cl->items, (cl->nitems + (size_t)n) * sizeof(*cl->items));

	if (!grown)
		return oom(ctx);
	cl->items = grown;
	for (int i = 0; i < n; i++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		pc_uat_item *it = &cl->items[cl->nitems++];

		memset(it, 0, sizeof(*it));
		it->phase = phase;
		if (read_item(ctx, g, it) < 0)
			return -1;
		if (pc_uat_item_index(cl, it->id) != (long)(cl->nitems - 1))
			return pc_lcfg_fail_at(&ctx->at, g, "item id '%s' is used twice", it->id);
	}
	return 0;
}

static int read_phase(parse_ctx *ctx, const config_setting_t *g, size_t index, pc_uat_checklist *cl)
{
	pc_uat_phase *ph = &cl->phases[index];
	const config_setting_t *items;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return pc_lcfg_fail_at(&ctx->at, g, "each phase is a group: { id = \"uat\"; title = \"...\"; ... }");
	if (check_keys(ctx, g, phase_keys, "a phase") < 0 || read_id(ctx, g, &ph->id) < 0
	    || read_string(ctx, g, "title", true, &ph->title) < 0 || read_string(ctx, g, "about", false, &ph->about) < 0
	    || read_environments(ctx, g, ph) < 0)
		return -1;
	for (size_t i = 0; i < index; i++)
		if (strcmp(cl->phases[i].id, ph->id) == 0)
			return pc_lcfg_fail_at(&ctx->at, g, "phase id '%s' is used twice", ph->id);
	items = nonempty_list(ctx, g, "items", "items = ( { id = \"balance\"; ... } );");
	return items ? add_items(ctx, items, index, cl) : -1;
}

static int read_checklist(parse_ctx *ctx, const config_setting_t *root, pc_uat_checklist *cl)
{
	const config_setting_t *phases;
	long long version = 0;
	int n;

	if (check_keys(ctx, root, top_keys, "the checklist") < 0)
		return -1;
	if (!config_setting_get_member(root, "version"))
		return pc_lcfg_fail_at(&ctx->at, root, "'version = 1;' is missing");
	if (read_int(ctx, root, "version", 1, 1, &version) < 0 || read_string(ctx, root, "title", true, &cl->title) < 0)
		return -1;
	phases = nonempty_list(ctx, root, "phases", "phases = ( { id = \"uat\"; ... } );");
	if (!phases)
		return -1;
	n = config_setting_length(phases);
	cl->phases = calloc((size_t)n, sizeof(*cl->phases));
	if (!cl->phases)
		return oom(ctx);
	for (int i = 0; i < n; i++) {
		cl->nphases++;
		if (read_phase(ctx, config_setting_get_elem(phases, (unsigned)i), (size_t)i, cl) < 0)
			return -1;
	}
	return 0;
}

int pc_uat_checklist_parse(pc_uat_checklist *cl, const char *text, const char *origin, pc_err *err)
{
	parse_ctx ctx;
	config_t lc;
	int rc;

	memset(cl, 0, sizeof(*cl));
	memset(&ctx, 0, sizeof(ctx));
	ctx.at.origin = origin ? origin : "checklist";
	ctx.at.err = err;
	cl->origin = strdup(ctx.at.origin);
	if (!cl->origin)
		return oom(&ctx);
	if (pc_lcfg_read(&lc, text, &ctx.at) < 0) {
		pc_uat_checklist_free(cl);
		return -1;
	}
	rc = read_checklist(&ctx, config_root_setting(&lc), cl);
	config_destroy(&lc);
	if (rc < 0)
		pc_uat_checklist_free(cl);
	return rc;
}

char *pc_uat_checklist_default_path(void)
{
	const char *dir = getenv("PAYCON_DATA_DIR");

	if (dir && *dir)
		return pc_strdupf("%s/%s", dir, PC_UAT_CHECKLIST_FILE);
	return pc_find_data(NULL, PC_UAT_CHECKLIST_FILE, "data/" PC_UAT_CHECKLIST_FILE);
}

int pc_uat_checklist_load(pc_uat_checklist *cl, const char *path, pc_err *err)
{
	char *own = path ? NULL : pc_uat_checklist_default_path();
	char *text = NULL;
	int rc;

	memset(cl, 0, sizeof(*cl));
	if (!path && !own)
		return pc_err_set(err, PC_EINPUT, "out of memory finding the checklist");
	if (!path)
		path = own;
	rc = pc_read_file(path, CHECKLIST_MAX_BYTES, &text, NULL, err);
	if (rc < 0)
		pc_err_prefix(err, "the acceptance checklist (installed with paycon as %s; --checklist FILE "
		              "names another)", path);
	else
		rc = pc_uat_checklist_parse(cl, text, path, err);
	free(text);
	free(own);
	return rc;
}

static void free_step(pc_uat_step *st)
{
	free(st->endpoint);
	cJSON_Delete(st->fields);
	free(st->expect_status);
	cJSON_Delete(st->expect_data);
	free(st->path);
	free(st->order);
	free(st->event);
	free(st->manual);
	cJSON_Delete(st->save);
}

void pc_uat_checklist_free(pc_uat_checklist *cl)
{
	if (!cl)
		return;
	for (size_t i = 0; i < cl->nitems; i++) {
		pc_uat_item *it = &cl->items[i];

		for (size_t s = 0; s < it->nsteps; s++)
			free_step(&it->steps[s]);
		free(it->steps);
		free(it->id);
		free(it->title);
		free(it->pass);
		free(it->evidence);
	}
	for (size_t i = 0; i < cl->nphases; i++) {
		free(cl->phases[i].id);
		free(cl->phases[i].title);
		free(cl->phases[i].about);
	}
	free(cl->items);
	free(cl->phases);
	free(cl->origin);
	free(cl->title);
	memset(cl, 0, sizeof(*cl));
}

/* ---- questions about items ------------------------------------------------ */

long pc_uat_item_index(const pc_uat_checklist *cl, const char *id)
{
	for (size_t i = 0; id && i < cl->nitems; i++)
		if (cl->items[i].id && strcmp(cl->items[i].id, id) == 0)
			return (long)i;
	return -1;
}

bool pc_uat_item_applies(const pc_uat_checklist *cl, size_t index, pc_env env)
{
	if (index >= cl->nitems || cl->items[index].phase >= cl->nphases)
		return false;
	return (cl->phases[cl->items[index].phase].environments & (1u << env)) != 0;
}

bool pc_uat_item_automatable(const pc_uat_item *item, pc_env env)
{
	for (size_t i = 0; i < item->nsteps; i++) {
		if (item->steps[i].kind == PC_UAT_STEP_MANUAL)
			return false;
		if (item->steps[i].kind == PC_UAT_STEP_SANDBOX && env != PC_ENV_SANDBOX)
			return false;
	}
	return true;
}
