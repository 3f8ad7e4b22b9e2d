/* uat_progress.c — where each profile stands in the checklist.
 *
 * <state_dir>/uat.json, one object:
 *   {"version":1,"callbackUrl":"https://…"|null,
 *    "items":{"balance":{"state":"pass","started":"…Z","finished":"…Z",
 *                        "detail":"…","note":null,"evidence":[…]}, …}}
 * Rewritten whole and atomically after every item, mode 0600: it holds
 * masked evidence only, but still the merchant's order ids. */
#include "uat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "local_sandbox.h"
#include "paths.h"

/* Evidence of a full checklist is tens of kilobytes; this bounds a
 * damaged file, not real use. */
#define PROGRESS_MAX_BYTES (64u * 1024u * 1024u)

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static const char *string_member(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void free_result(pc_uat_result *r)
{
	free(r->started);
	free(r->finished);
	free(r->detail);
	free(r->note);
	cJSON_Delete(r->evidence);
	memset(r, 0, sizeof(*r));
}

void pc_uat_result_reset(pc_uat_result *r)
{
	free_result(r);
	r->evidence = cJSON_CreateArray();
}

void pc_uat_progress_free(pc_uat_progress *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free_result(&p->results[i]);
	free(p->results);
	free(p->path);
	free(p->callback_url);
	cJSON_Delete(p->others);
	memset(p, 0, sizeof(*p));
}

static int bad_file(const pc_uat_progress *p, const char *why, pc_err *err)
{
	return pc_err_set(err, PC_EINPUT, "UAT progress file '%s' %s; move it away to start the checklist "
	                  "again (nothing was changed)", p->path, why);
}

/* One item's saved result into r. */
static int take_result(const pc_uat_progress *p, const char *id, const cJSON *o, pc_uat_result *r,
                       pc_err *err)
{
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(o, "evidence");

	if (!cJSON_IsObject(o) || pc_uat_state_parse(string_member(o, "state"), &r->state) < 0) {
		char why[160];

		snprintf(why, sizeof(why), "has no valid state for item '%s'", id);
		return bad_file(p, why, err);
	}
	r->started = dup_or_null(string_member(o, "started"));
	r->finished = dup_or_null(string_member(o, "finished"));
	r->detail = dup_or_null(string_member(o, "detail"));
	r->note = dup_or_null(string_member(o, "note"));
	if (cJSON_IsArray(ev)) {
		cJSON_Delete(r->evidence);
		r->evidence = cJSON_Duplicate(ev, 1);
	}
	if (!r->evidence)
		return pc_err_set(err, PC_EINPUT, "out of memory reading '%s'", p->path);
	return 0;
}

static int take_items(pc_uat_progress *p, const pc_uat_checklist *cl, const cJSON *items, pc_err *err)
{
	const cJSON *o;

	p->others = cJSON_CreateObject();
	if (!p->others)
		return pc_err_set(err, PC_EINPUT, "out of memory reading '%s'", p->path);
	cJSON_ArrayForEach(o, items) {
		long i = pc_uat_item_index(cl, o->string);

		if (i >= 0) {
			if (take_result(p, o->string, o, &p->results[i], err) < 0)
				return -1;
		} else {
			cJSON_AddItemToObject(p->others, o->string, cJSON_Duplicate(o, 1));
		}
	}
	return 0;
}

static int parse_progress(pc_uat_progress *p, const pc_uat_checklist *cl, const char *text, size_t len,
                          pc_err *err)
{
	cJSON *root = cJSON_ParseWithLength(text, len);
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, "items");
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
	int rc;

	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return bad_file(p, "is not a JSON object", err);
	}
	if (!cJSON_IsNumber(version) || version->valueint != 1 || (items && !cJSON_IsObject(items))) {
		cJSON_Delete(root);
		return bad_file(p, "is not progress of this paycon (version 1)", err);
	}
	p->callback_url = dup_or_null(string_member(root, "callbackUrl"));
	rc = take_items(p, cl, items, err);
	cJSON_Delete(root);
	return rc;
}

int pc_uat_progress_load(pc_uat_progress *p, const pc_uat_checklist *cl, const char *state_dir,
                         pc_err *err)
{
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	int rc = 0;

	memset(p, 0, sizeof(*p));
	p->path = pc_strdupf("%s/%s", state_dir, PC_UAT_STATE_FILE);
	p->results = calloc(cl->nitems ? cl->nitems : 1, sizeof(*p->results));
	if (!p->path || !p->results) {
		pc_uat_progress_free(p);
		return pc_err_set(err, PC_EINPUT, "out of memory reading the UAT progress");
	}
	p->n = cl->nitems;
	for (size_t i = 0; i < p->n; i++) {
		p->results[i].evidence = cJSON_CreateArray();
		if (!p->results[i].evidence)
			rc = pc_err_set(err, PC_EINPUT, "out of memory reading the UAT progress");
	}
	if (rc == 0 && stat(p->path, &st) == 0) {
		rc = pc_read_file(p->path, PROGRESS_MAX_BYTES, &text, &len, err);
		if (rc == 0)
			rc = parse_progress(p, cl, text, len, err);
	} else if (rc == 0) {
		p->others = cJSON_CreateObject();
	}
	free(text);
	if (rc < 0)
		pc_uat_progress_free(p);
	return rc;
}

static cJSON *result_json(const pc_uat_result *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "state", pc_uat_state_name(r->state));
	if (r->started)
		cJSON_AddStringToObject(o, "started", r->started);
	if (r->finished)
		cJSON_AddStringToObject(o, "finished", r->finished);
	if (r->detail)
		cJSON_AddStringToObject(o, "detail", r->detail);
	if (r->note)
		cJSON_AddStringToObject(o, "note", r->note);
	cJSON_AddItemToObject(o, "evidence", r->evidence ? cJSON_Duplicate(r->evidence, 1) : cJSON_CreateArray());
	return o;
}

static char *progress_text(const pc_uat_progress *p, const pc_uat_checklist *cl)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *items = cJSON_AddObjectToObject(root, "items");
	const cJSON *o;
	char *text = NULL;

	if (!root || !items)
		goto out;
	cJSON_AddNumberToObject(root, "version", 1);
	if (p->callback_url)
		cJSON_AddStringToObject(root, "callbackUrl", p->callback_url);
	else
		cJSON_AddNullToObject(root, "callbackUrl");
	for (size_t i = 0; i < p->n && i < cl->nitems; i++)
		cJSON_AddItemToObject(items, cl->items[i].id, result_json(&p->results[i]));
	cJSON_ArrayForEach(o, p->others)
		cJSON_AddItemToObject(items, o->string, cJSON_Duplicate(o, 1));
	text = cJSON_Print(root);
out:
	cJSON_Delete(root);
	return text;
}

int pc_uat_progress_save(const pc_uat_progress *p, const pc_uat_checklist *cl, pc_err *err)
{
	char *text = progress_text(p, cl);
	char *dir = strdup(p->path);
	char *slash = dir ? strrchr(dir, '/') : NULL;
	int rc = 0;

	if (!text || !dir) {
		free(text);
		free(dir);
		return pc_err_set(err, PC_EINPUT, "out of memory writing the UAT progress");
	}
	if (slash) {
		*slash = '\0';
		rc = pc_mkdir_p(dir, 0700, err);
	}
	if (rc == 0)
		rc = pc_write_file_atomic(p->path, text, strlen(text), 0600, err);
	if (rc < 0)
		pc_err_prefix(err, "the UAT progress could not be saved");
	free(text);
	free(dir);
	return rc < 0 ? -1 : 0;
}

int pc_uat_set_callback_url(pc_uat_progress *p, const char *url, pc_err *err)
{
	char *copy = NULL;

	if (url && *url) {
		if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
			return pc_err_set(err, PC_EINPUT, "callback URL '%s' must start with https:// (or http:// for a "
			                  "receiver on this machine)", url);
		if (strpbrk(url, " \t\r\n#"))
			return pc_err_set(err, PC_EINPUT, "callback URL '%s' holds a space or '#'", url);
		copy = strdup(url);
		if (!copy)
			return pc_err_set(err, PC_EINPUT, "out of memory");
	}
	free(p->callback_url);
	p->callback_url = copy;
	return 0;
}

char *pc_uat_callback_url(const pc_client *c, const pc_uat_progress *p)
{
	pc_local_sandbox s;

	if (p->callback_url)
		return strdup(p->callback_url);
	if (!c->profile->builtin || !c->state_dir)
		return NULL;
	pc_local_sandbox_status(c->state_dir, &s);
	if (!s.hookd_running || s.hookd_port <= 0)
		return NULL;
	return pc_strdupf("http://127.0.0.1:%d/callback", s.hookd_port);
}

void pc_uat_count(const pc_uat_checklist *cl, const pc_uat_progress *p, pc_env env, pc_uat_counts *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < cl->nitems && i < p->n; i++) {
		if (!pc_uat_item_applies(cl, i, env))
			continue;
		out->items++;
		if (pc_uat_item_automatable(&cl->items[i], env))
			out->automatable++;
		switch (p->results[i].state) {
		case PC_UAT_PASS:
			out->pass++;
			break;
		case PC_UAT_FAIL:
			out->fail++;
			break;
		case PC_UAT_SKIPPED:
			out->skipped++;
			break;
		case PC_UAT_MANUAL:
			out->manual++;
			break;
		default:
			out->pending++;
			break;
		}
	}
}
