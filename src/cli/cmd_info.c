/* cmd_info.c — `paycon info`: every path and setting in use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "keys.h"
#include "output.h"
#include "paths.h"
#include "version.h"

static void add(cJSON *o, const char *key, const char *value)
{
	cJSON_AddStringToObject(o, key, value ? value : "");
}

/* "SHA256:…", or what is wrong with the key: info must report, not fail. */
static char *key_summary(pc_client *c, bool private_key)
{
	pc_err err;
	const pc_key *k;

	pc_err_clear(&err);
	k = private_key ? pc_client_key(c, &err) : pc_client_platform_key(c, &err);
	if (!k)
		return pc_strdupf("unusable: %s", err.msg);
	return pc_key_fingerprint(k);
}

static void add_journal(cJSON *o, pc_client *c)
{
	char *path = pc_strdupf("%s/journal", c->state_dir);
	pc_journal_view view;
	pc_err err;
	int unresolved = 0;

	add(o, "journal", path);
	if (path && pc_journal_read(path, &view, &err) == 0) {
		for (int i = 0; i < view.count; i++)
			unresolved += pc_journal_entry_unresolved(&view.items[i]);
		cJSON_AddNumberToObject(o, "journal_entries", view.count);
		cJSON_AddNumberToObject(o, "journal_unresolved", unresolved);
		pc_journal_view_free(&view);
	}
	free(path);
}

static cJSON *collect(cli_ctx *ctx)
{
	const pc_profile *p = ctx->profile;
	cJSON *o = cJSON_CreateObject();
	char *summary;

	add(o, "version", PAYCON_VERSION);
	add(o, "config", ctx->config.path ? ctx->config.path : "(none: built-in sandbox profile)");
	add(o, "profile", p->name);
	add(o, "environment", pc_env_label(p->environment));
	add(o, "role", pc_role_name(p->role));
	add(o, "app_name", p->app_name);
	add(o, "app_id", p->app_id);
	add(o, "base_url", p->base_url);
	add(o, "sign_hash", pc_hash_name(p->sign_hash));
	add(o, "private_key", p->private_key);
	summary = key_summary(&ctx->client, true);
	add(o, "private_key_fingerprint", summary);
	free(summary);
	add(o, "platform_public_key", p->platform_public_key ? p->platform_public_key : "(not set)");
	if (p->platform_public_key) {
		summary = key_summary(&ctx->client, false);
		add(o, "platform_key_fingerprint", summary);
		free(summary);
	}
	add(o, "spool", p->spool);
	add(o, "state", ctx->client.state_dir);
	add_journal(o, &ctx->client);
	return o;
}

int cmd_info(cli_ctx *ctx, int argc, char **argv)
{
	pc_err err;
	cJSON *o;
	const cJSON *v;

	(void)argv;
	if (argc > 1)
		return -cli_usage("info takes no arguments");
	pc_err_clear(&err);
	if (cli_profile(ctx, &err) < 0)
		return cli_fail(&err);
	o = collect(ctx);
	if (ctx->json) {
		out_json(stdout, o);
	} else {
		cJSON_ArrayForEach(v, o) {
			printf("%-26s ", v->string);
			if (cJSON_IsString(v))
				out_safe(stdout, v->valuestring);
			else
				printf("%.0f", v->valuedouble);
			putchar('\n');
		}
	}
	cJSON_Delete(o);
	return 0;
}
