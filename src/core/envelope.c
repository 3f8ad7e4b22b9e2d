#include "envelope.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codes.h"
#include "sanitize.h"

/* How much of a non-PayCools answer is quoted: enough to recognise an
 * HTML error page or a proxy's message, never the whole body. */
#define GARBAGE_QUOTE 80

/* How much of the server's own message goes into an error (input bytes,
 * then shown bytes after escaping), so the advice after it always fits. */
#define SERVER_MESSAGE_MAX 200
#define SERVER_SHOWN_MAX 400

#define SUCCESS_CODE 1000

/* The first max bytes of text (len bytes), not cutting a UTF-8 sequence. */
static size_t utf8_prefix(const char *text, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)text[max] & 0xC0) == 0x80)
		max--;
	return max;
}

static int not_paycools_answer(pc_err *err, const char *what, const char *body, size_t len)
{
	size_t shown_len = body ? utf8_prefix(body, len, GARBAGE_QUOTE) : 0;
	char *shown = pc_sanitize(body ? body : "", shown_len);
	char more[64] = "";

	if (shown_len < len)
		snprintf(more, sizeof(more), " (first %zu of %zu bytes)", shown_len, len);
	pc_err_set(err, PC_ETRANSPORT,
		   "the server's answer is not a PayCools response (%s): '%s'%s", what,
		   shown ? shown : "?", more);
	free(shown);
	return -1;
}

static int all_whitespace(const char *body, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = body[i];

		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			return 0;
	}
	return 1;
}

/* cJSON's length-bounded parser insists on a NUL inside the length when
 * asked to refuse trailing garbage, so the body is parsed from a
 * NUL-terminated copy: the whole copy must be exactly one JSON value. */
static cJSON *parse_whole(const char *body, size_t len)
{
	char *copy = malloc(len + 1);
	cJSON *root;

	if (!copy)
		return NULL;
	memcpy(copy, body, len);
	copy[len] = '\0';
	root = cJSON_ParseWithLengthOpts(copy, len + 1, NULL, 1);
	free(copy);
	return root;
}

/* A JSON number with an integral value in int range, or (leniently) a
 * string of decimal digits such as "1000". */
static int read_code(const cJSON *item, int *code)
{
	if (cJSON_IsNumber(item)) {
		double v = item->valuedouble;

		if (!isfinite(v) || v != floor(v) || v < INT_MIN || v > INT_MAX)
			return -1;
		*code = (int)v;
		return 0;
	}
	if (cJSON_IsString(item)) {
		const char *s = item->valuestring;
		const char *digits = s[0] == '-' ? s + 1 : s;
		char *end;
		long v;

		if (digits[0] < '0' || digits[0] > '9' || strlen(digits) > 10)
			return -1;
		v = strtol(s, &end, 10);
		if (*end != '\0' || v < INT_MIN || v > INT_MAX)
			return -1;
		*code = (int)v;
		return 0;
	}
	return -1;
}

static int copy_message(pc_envelope *env)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(env->root, "message");
	const char *text = "";

	if (!cJSON_IsString(item))
		item = cJSON_GetObjectItemCaseSensitive(env->root, "msg");
	if (cJSON_IsString(item))
		text = item->valuestring;
	env->message = strdup(text);
	return env->message ? 0 : -1;
}

static const char *garbage_kind(const char *body, size_t len)
{
	if (len > 0 && body[0] == '<')
		return "an HTML or XML page, not JSON";
	return "not valid JSON";
}

int pc_envelope_parse(pc_envelope *env, const char *body, size_t len, pc_err *err)
{
	const cJSON *code_item;
	const cJSON *data;

	memset(env, 0, sizeof(*env));
	if (!body || len == 0 || all_whitespace(body, len))
		return not_paycools_answer(err, "empty answer", body, len);
	if (memchr(body, '\0', len))
		return not_paycools_answer(err, "contains a NUL byte", body, len);
	env->root = parse_whole(body, len);
	if (!env->root)
		return not_paycools_answer(err, garbage_kind(body, len), body, len);
	if (!cJSON_IsObject(env->root)) {
		pc_envelope_free(env);
		return not_paycools_answer(err, "JSON but not an object", body, len);
	}
	code_item = cJSON_GetObjectItemCaseSensitive(env->root, "code");
	if (!code_item) {
		pc_envelope_free(env);
		return not_paycools_answer(err, "no code", body, len);
	}
	if (read_code(code_item, &env->code) != 0) {
		pc_envelope_free(env);
		return not_paycools_answer(err, "code is not an integer", body, len);
	}
	if (copy_message(env) != 0) {
		pc_envelope_free(env);
		return pc_err_set(err, PC_ETRANSPORT, "out of memory reading the server's answer");
	}
	data = cJSON_GetObjectItemCaseSensitive(env->root, "data");
	env->data = cJSON_IsNull(data) ? NULL : data;
	return 0;
}

void pc_envelope_free(pc_envelope *env)
{
	if (!env)
		return;
	cJSON_Delete(env->root);
	free(env->message);
	memset(env, 0, sizeof(*env));
}

/* The server's message, sanitised and cut short; "..." marks a cut. */
static char *server_message(const char *message)
{
	size_t len = strlen(message);
	size_t keep = utf8_prefix(message, len, SERVER_MESSAGE_MAX);
	char *shown = pc_sanitize(message, keep);
	size_t shown_len;
	char *cut;

	if (!shown)
		return NULL;
	shown_len = strlen(shown);
	if (keep == len && shown_len <= SERVER_SHOWN_MAX)
		return shown;
	shown_len = utf8_prefix(shown, shown_len, SERVER_SHOWN_MAX);
	cut = malloc(shown_len + 4);
	if (cut) {
		memcpy(cut, shown, shown_len);
		memcpy(cut + shown_len, "...", 4);
	}
	free(shown);
	return cut;
}

/* The server's text adds nothing when it is the table's (in any case) or
 * empty; when it starts with the table's text it already says both. */
static void describe(const pc_code_info *info, const char *server, char *out, size_t size)
{
	size_t known = strlen(info->message);

	if (server[0] == '\0' || strcasecmp(server, info->message) == 0)
		snprintf(out, size, "%s", info->message);
	else if (strncasecmp(server, info->message, known) == 0)
		snprintf(out, size, "%s", server);
	else
		snprintf(out, size, "%s: %s", info->message, server);
}

int pc_envelope_error(const pc_envelope *env, pc_err *err)
{
	const pc_code_info *info;
	char *server;
	char what[1024];

	if (env->code == SUCCESS_CODE)
		return 0;
	server = server_message(env->message ? env->message : "");
	info = pc_api_code(env->code);
	if (info) {
		describe(info, server ? server : "", what, sizeof(what));
		pc_err_set(err, PC_EAPI, "PayCools error %d (%s): %s", env->code, what,
			   info->advice);
	} else {
		pc_err_set(err, PC_EAPI,
			   "PayCools error %d (%s): not a documented code; send the request id "
			   "and time to PayCools support", env->code,
			   server && server[0] ? server : "no message");
	}
	free(server);
	if (err)
		err->api_code = env->code;
	return -1;
}
