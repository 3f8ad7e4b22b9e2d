/* ledger.c — the sandbox state and its file (see ledger.h). */
#include "ledger.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"
#include "sandbox.h"

/* Largest state file read back: far beyond any test run. */
#define STATE_MAX_BYTES (256u * 1024u * 1024u)

static const char *const lists[] = {
	"payouts", "qrcodes", "virtualAccounts", "transferAccounts", "checkouts",
	"aggregateVAs", "collections", "refunds", "callbacks",
};

static cJSON *new_doc(const char *app_id, long long balance)
{
	cJSON *doc = cJSON_CreateObject();

	if (!doc)
		return NULL;
	sb_set_int(doc, "version", SB_LEDGER_VERSION);
	sb_set_str(doc, "appId", app_id);
	sb_set_int(doc, "balance", balance);
	sb_set_int(doc, "seq", 0);
	return doc;
}

/* Every list present and an array; numbers where numbers belong. */
static int check_doc(cJSON *doc, const char *path, const char *app_id, pc_err *err)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "appId");

	if (!cJSON_IsObject(doc) || sb_int(doc, "version") != SB_LEDGER_VERSION)
		return pc_err_set(err, PC_EINPUT,
		                  "state file '%s' is not a paycon-sandbox ledger of version %d: "
		                  "move it away or name another --state file", path, SB_LEDGER_VERSION);
	if (!cJSON_IsString(id) || strcmp(id->valuestring, app_id) != 0)
		return pc_err_set(err, PC_EINPUT,
		                  "state file '%s' belongs to app '%s', not '%s': use the same --app-id "
		                  "or another --state file", path,
		                  cJSON_IsString(id) ? id->valuestring : "?", app_id);
	if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(doc, "balance"))
	    || !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(doc, "seq")))
		return pc_err_set(err, PC_EINPUT, "state file '%s' has no numeric balance or seq", path);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, lists[i]);

		if (list && !cJSON_IsArray(list))
			return pc_err_set(err, PC_EINPUT, "state file '%s': '%s' is not a list", path,
			                  lists[i]);
	}
	return 0;
}

static int load(sb_ledger *l, const char *path, const char *app_id, pc_err *err)
{
	char *text = NULL;
	size_t len = 0;

	if (pc_read_file(path, STATE_MAX_BYTES, &text, &len, err) < 0)
		return -1;
	l->doc = cJSON_ParseWithLength(text, len);
	free(text);
	if (!l->doc)
		return pc_err_set(err, PC_EINPUT,
		                  "state file '%s' is not valid JSON: move it away or repair it", path);
	return check_doc(l->doc, path, app_id, err);
}

static int open_ledger(sb_ledger *l, const char *path, const char *app_id, long long balance,
                       pc_err *err)
{
	struct stat st;

	memset(l, 0, sizeof(*l));
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->wake, NULL);
	if (path) {
		l->path = strdup(path);
		if (!l->path)
			return pc_err_set(err, PC_EINPUT, "out of memory");
	}
	if (path && stat(path, &st) == 0) {
		if (load(l, path, app_id, err) < 0)
			return -1;
	} else if (path && errno != ENOENT) {
		return pc_err_set(err, PC_EINPUT, "cannot read state file '%s': %s", path,
		                  strerror(errno));
	} else {
		l->doc = new_doc(app_id, balance);
	}
	if (!l->doc)
		return pc_err_set(err, PC_EINPUT, "out of memory");
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (!cJSON_GetObjectItemCaseSensitive(l->doc, lists[i]))
			cJSON_AddItemToObject(l->doc, lists[i], cJSON_CreateArray());
	/* Write it now: a state path that cannot be written fails at start,
	 * not at the first payout. */
	if (path && sb_ledger_commit(l) < 0)
		return pc_err_set(err, PC_EINPUT, "cannot write state file '%s': check the directory "
		                  "exists and is writable", path);
	return 0;
}

int sb_ledger_open(sb_ledger *l, const char *path, const char *app_id, long long balance,
                   pc_err *err)
{
	if (open_ledger(l, path, app_id, balance, err) == 0)
		return 0;
	sb_ledger_close(l);
	return -1;
}

void sb_ledger_close(sb_ledger *l)
{
	cJSON_Delete(l->doc);
	free(l->path);
	pthread_cond_destroy(&l->wake);
	pthread_mutex_destroy(&l->lock);
	l->doc = NULL;
	l->path = NULL;
}

void sb_ledger_lock(sb_ledger *l)
{
	pthread_mutex_lock(&l->lock);
}

void sb_ledger_unlock(sb_ledger *l)
{
	pthread_mutex_unlock(&l->lock);
}

char *sb_ledger_dump(sb_ledger *l, bool pretty)
{
	return pretty ? cJSON_Print(l->doc) : cJSON_PrintUnformatted(l->doc);
}

int sb_ledger_commit(sb_ledger *l)
{
	char *text;
	pc_err err;
	int rc = 0;

	pthread_cond_broadcast(&l->wake);
	if (!l->path)
		return 0;
	text = sb_ledger_dump(l, true);
	if (!text) {
		sb_log("cannot save the state: out of memory");
		return -1;
	}
	if (pc_write_file_atomic(l->path, text, strlen(text), 0600, &err) < 0) {
		sb_log("cannot save the state: %s", err.msg);
		rc = -1;
	}
	free(text);
	return rc;
}

cJSON *sb_ledger_list(sb_ledger *l, const char *list)
{
	return cJSON_GetObjectItemCaseSensitive(l->doc, list);
}

static bool has_value(const cJSON *o, const char *key, const char *value)
{
	const char *v = sb_str(o, key);

	return v && strcmp(v, value) == 0;
}

cJSON *sb_ledger_find(sb_ledger *l, const char *list, const char *key, const char *value)
{
	cJSON *o;

	if (!value)
		return NULL;
	cJSON_ArrayForEach(o, sb_ledger_list(l, list))
		if (has_value(o, key, value))
			return o;
	return NULL;
}

cJSON *sb_ledger_find2(sb_ledger *l, const char *list, const char *key1, const char *value1,
                       const char *key2, const char *value2)
{
	cJSON *o;

	if (!value1 || !value2)
		return NULL;
	cJSON_ArrayForEach(o, sb_ledger_list(l, list))
		if (has_value(o, key1, value1) && has_value(o, key2, value2))
			return o;
	return NULL;
}

cJSON *sb_ledger_add(sb_ledger *l, const char *list)
{
	cJSON *o = cJSON_CreateObject();

	if (o && !cJSON_AddItemToArray(sb_ledger_list(l, list), o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

long long sb_ledger_balance(sb_ledger *l)
{
	return sb_int(l->doc, "balance");
}

void sb_ledger_adjust_balance(sb_ledger *l, long long delta)
{
	sb_set_int(l->doc, "balance", sb_ledger_balance(l) + delta);
}

long long sb_ledger_next_seq(sb_ledger *l)
{
	long long seq = sb_int(l->doc, "seq") + 1;

	sb_set_int(l->doc, "seq", seq);
	return seq;
}

/* ---- fields ---- */

const char *sb_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *sb_str0(const cJSON *o, const char *key)
{
	const char *s = sb_str(o, key);

	return s ? s : "";
}

long long sb_int(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

bool sb_is_null(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return !v || cJSON_IsNull(v);
}

void sb_set_item(cJSON *o, const char *key, cJSON *item)
{
	if (!item)
		return;
	if (cJSON_GetObjectItemCaseSensitive(o, key)) {
		cJSON_ReplaceItemInObjectCaseSensitive(o, key, item);
		return;
	}
	if (!cJSON_AddItemToObject(o, key, item))
		cJSON_Delete(item);
}

void sb_set_str(cJSON *o, const char *key, const char *value)
{
	sb_set_item(o, key, value ? cJSON_CreateString(value) : cJSON_CreateNull());
}

void sb_set_int(cJSON *o, const char *key, long long value)
{
	sb_set_item(o, key, cJSON_CreateNumber((double)value));
}

void sb_set_null(cJSON *o, const char *key)
{
	sb_set_item(o, key, cJSON_CreateNull());
}

void sb_set_bool(cJSON *o, const char *key, bool value)
{
	sb_set_item(o, key, cJSON_CreateBool(value));
}
