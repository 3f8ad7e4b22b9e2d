/* callbacks.c — signed callbacks and their delivery thread (see callbacks.h). */
#include "callbacks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "clock.h"
#include "signature.h"

/* An acknowledgement is tiny; anything past this is not read. */
#define ANSWER_MAX 65536

void sb_callback_queue(sb_ctx *sb, const char *url, pc_params *fields, long long now)
{
	const char *event = pc_params_get(fields, "eventName");
	char id[32];
	char *body = NULL;
	cJSON *cb;
	pc_err err;

	if (!url || !*url)
		url = sb->opt.webhook;
	if (pc_sign_params(sb->platform_key, PC_HASH_SHA256, fields, NULL, &err) < 0) {
		sb_log("callback %s not queued: %s", event ? event : "?", err.msg);
		return;
	}
	body = pc_params_to_json(fields);
	cb = body ? sb_ledger_add(&sb->ledger, "callbacks") : NULL;
	if (!cb) {
		sb_log("callback %s not queued: out of memory", event ? event : "?");
		free(body);
		return;
	}
	snprintf(id, sizeof(id), "CB%06lld", sb_ledger_next_seq(&sb->ledger));
	sb_set_str(cb, "id", id);
	sb_set_str(cb, "event", event);
	sb_set_str(cb, "url", url);
	sb_set_str(cb, "body", body);
	sb_set_str(cb, "status", url ? "PENDING" : "NO_URL");
	sb_set_int(cb, "attempts", 0);
	sb_set_int(cb, "nextAttemptMs", now);
	sb_set_int(cb, "createMs", now);
	sb_set_null(cb, "deliveredMs");
	sb_set_item(cb, "log", cJSON_CreateArray());
	if (!url)
		sb_log("callback %s %s: not sent: no callback URL (none in the request, no --webhook)",
		       id, event ? event : "?");
	free(body);
}

int sb_callbacks_retry_now(sb_ctx *sb)
{
	long long now = sb_now_ms();
	cJSON *cb;
	int n = 0;

	cJSON_ArrayForEach(cb, sb_ledger_list(&sb->ledger, "callbacks")) {
		if (strcmp(sb_str0(cb, "status"), "PENDING") != 0)
			continue;
		sb_set_int(cb, "nextAttemptMs", now);
		n++;
	}
	return n;
}

/* ---- one delivery ---- */

typedef struct {
	char *data;
	size_t len;
} answer_buf;

static size_t collect_answer(char *ptr, size_t size, size_t nmemb, void *ud)
{
	answer_buf *b = ud;
	size_t n = size * nmemb;
	size_t keep = n;

	if (b->len + keep > ANSWER_MAX)
		keep = ANSWER_MAX - b->len;
	if (keep > 0) {
		char *grown = realloc(b->data, b->len + keep + 1);

		if (!grown)
			return 0;
		b->data = grown;
		memcpy(b->data + b->len, ptr, keep);
		b->len += keep;
		b->data[b->len] = '\0';
	}
	return n;
}

/* Aborts a transfer in flight when the sandbox is stopping. */
static int abort_when_stopping(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	sb_ctx *sb = ud;

	(void)a;
	(void)b;
	(void)c;
	(void)d;
	return atomic_load(&sb->stopping) ? 1 : 0;
}

/* The documented acknowledgement: a JSON object with "code":1. */
static bool is_acknowledgement(const char *body, size_t len)
{
	cJSON *root = body ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(root, "code");
	bool ok = cJSON_IsNumber(code) && code->valuedouble == 1.0;

	cJSON_Delete(root);
	return ok;
}

/* POSTs body to url; true when acknowledged. result gets a short text. */
static bool deliver(sb_ctx *sb, CURL *curl, const char *url, const char *body, char *result,
                    size_t size)
{
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
	answer_buf answer = { 0 };
	char curl_error[CURL_ERROR_SIZE] = "";
	long status = 0;
	bool ok = false;
	CURLcode rc;

	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "paycon-sandbox");
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 15000L);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_answer);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, abort_when_stopping);
	curl_easy_setopt(curl, CURLOPT_XFERINFODATA, sb);
	rc = curl_easy_perform(curl);
	if (rc != CURLE_OK) {
		snprintf(result, size, "no answer: %s", curl_error[0] ? curl_error : curl_easy_strerror(rc));
	} else {
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
		ok = status >= 200 && status <= 299 && is_acknowledgement(answer.data, answer.len);
		if (ok)
			snprintf(result, size, "HTTP %ld, acknowledged", status);
		else if (status >= 200 && status <= 299)
			snprintf(result, size, "HTTP %ld, not acknowledged (no \"code\":1 in the answer)",
			         status);
		else
			snprintf(result, size, "HTTP %ld", status);
	}
	curl_slist_free_all(headers);
	free(answer.data);
	return ok;
}

/* ---- the thread ---- */

static long long retry_delay(const sb_ctx *sb, long long attempts)
{
	long long delay = sb->opt.callback_retry_ms;

	for (long long i = 1; i < attempts && delay < SB_CALLBACK_MAX_DELAY_MS; i++)
		delay *= 2;
	return delay < SB_CALLBACK_MAX_DELAY_MS ? delay : SB_CALLBACK_MAX_DELAY_MS;
}

/* The pending callback due first; *next_ms gets its time. */
static cJSON *first_pending(sb_ctx *sb, long long *next_ms)
{
	cJSON *best = NULL, *cb;

	cJSON_ArrayForEach(cb, sb_ledger_list(&sb->ledger, "callbacks")) {
		if (strcmp(sb_str0(cb, "status"), "PENDING") != 0)
			continue;
		if (!best || sb_int(cb, "nextAttemptMs") < sb_int(best, "nextAttemptMs"))
			best = cb;
	}
	if (best)
		*next_ms = sb_int(best, "nextAttemptMs");
	return best;
}

static void wait_until(sb_ctx *sb, long long wall_ms)
{
	struct timespec ts = { .tv_sec = wall_ms / 1000, .tv_nsec = (wall_ms % 1000) * 1000000 };

	pthread_cond_timedwait(&sb->ledger.wake, &sb->ledger.lock, &ts);
}

static void record_attempt(sb_ctx *sb, const char *id, bool ok, const char *result,
                           long long attempt)
{
	cJSON *cb = sb_ledger_find(&sb->ledger, "callbacks", "id", id);
	long long now = sb_now_ms();
	cJSON *log, *entry;

	if (!cb)
		return;
	log = cJSON_GetObjectItemCaseSensitive(cb, "log");
	entry = cJSON_CreateObject();
	if (cJSON_IsArray(log) && entry) {
		sb_set_int(entry, "timeMs", now);
		sb_set_int(entry, "attempt", attempt);
		sb_set_str(entry, "result", result);
		sb_set_bool(entry, "acknowledged", ok);
		cJSON_AddItemToArray(log, entry);
		while (cJSON_GetArraySize(log) > SB_CALLBACK_LOG_KEEP)
			cJSON_DeleteItemFromArray(log, 0);
	} else {
		cJSON_Delete(entry);
	}
	sb_set_int(cb, "attempts", attempt);
	if (ok) {
		sb_set_str(cb, "status", "DELIVERED");
		sb_set_int(cb, "deliveredMs", now);
		sb_log("callback %s %s -> %s attempt %lld: %s", id, sb_str0(cb, "event"),
		       sb_str0(cb, "url"), attempt, result);
	} else {
		long long delay = retry_delay(sb, attempt);

		sb_set_int(cb, "nextAttemptMs", now + delay);
		sb_log("callback %s %s -> %s attempt %lld: %s; next attempt in %lld ms", id,
		       sb_str0(cb, "event"), sb_str0(cb, "url"), attempt, result, delay);
	}
	sb_ledger_commit(&sb->ledger);
}

static void *delivery_thread(void *ud)
{
	sb_ctx *sb = ud;
	CURL *curl = curl_easy_init();

	if (!curl) {
		sb_log("callback delivery disabled: libcurl could not start");
		return NULL;
	}
	sb_ledger_lock(&sb->ledger);
	while (!atomic_load(&sb->stopping)) {
		long long next = 0, now = sb_now_ms();
		cJSON *cb = first_pending(sb, &next);
		char id[32], result[512];
		char *url, *body;
		long long attempt;
		bool ok;

		if (!cb || next > now) {
			wait_until(sb, cb ? next : now + 1000);
			continue;
		}
		snprintf(id, sizeof(id), "%s", sb_str0(cb, "id"));
		url = strdup(sb_str0(cb, "url"));
		body = strdup(sb_str0(cb, "body"));
		attempt = sb_int(cb, "attempts") + 1;
		sb_ledger_unlock(&sb->ledger);
		ok = url && body && deliver(sb, curl, url, body, result, sizeof(result));
		if (!url || !body)
			snprintf(result, sizeof(result), "out of memory");
		free(url);
		free(body);
		sb_ledger_lock(&sb->ledger);
		if (!atomic_load(&sb->stopping) || ok)
			record_attempt(sb, id, ok, result, attempt);
	}
	sb_ledger_unlock(&sb->ledger);
	curl_easy_cleanup(curl);
	return NULL;
}

int sb_callbacks_start(sb_ctx *sb, pthread_t *thread)
{
	return pthread_create(thread, NULL, delivery_thread, sb) == 0 ? 0 : -1;
}
