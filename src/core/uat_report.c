/* uat_report.c — the checklist's results as text: an item's evidence for a
 * screen, and the reports (Markdown for PayCools support, JSON for tools).
 *
 * Evidence holds what servers answered, so every string taken from it is
 * sanitised before it becomes text; the Markdown report also keeps such
 * text out of the table syntax and inside code fences it cannot close. */
#include "uat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_safe.h"
#include "sanitize.h"
#include "strbuf.h"
#include "uat_internal.h"
#include "version.h"

/* JSON shown in evidence text is cut here; the JSON report keeps it all. */
#define EVIDENCE_JSON_MAX 1500

/* ---- small text helpers -------------------------------------------------- */

static void put_safe(pc_strbuf *sb, const char *s)
{
	char *safe = pc_sanitize_str(s ? s : "");

	if (!safe) {
		sb->oom = true;
		return;
	}
	pc_sb_puts(sb, safe);
	free(safe);
}

static void putf(pc_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(pc_strbuf *sb, const char *fmt, ...)
{
	char text[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	pc_sb_puts(sb, text);
}

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static long num(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

/* Compact JSON of a value, sanitised and cut at EVIDENCE_JSON_MAX bytes. */
static void put_json(pc_strbuf *sb, const cJSON *v)
{
	char *text = v ? cJSON_PrintUnformatted(v) : NULL;
	size_t len = text ? strlen(text) : 0;

	if (!text) {
		pc_sb_puts(sb, "null");
		return;
	}
	if (len > EVIDENCE_JSON_MAX) {
		char *safe = pc_sanitize(text, EVIDENCE_JSON_MAX);

		pc_sb_puts(sb, safe ? safe : "");
		putf(sb, "… (%zu bytes)", len);
		free(safe);
	} else {
		put_safe(sb, text);
	}
	free(text);
}

/* ---- evidence as text ---------------------------------------------------- */

static void record_head(pc_strbuf *sb, const cJSON *rec, const char *label)
{
	long step = num(rec, "step");

	put_safe(sb, str(rec, "ts"));
	if (step > 0)
		putf(sb, "  step %ld", step);
	putf(sb, "  %s", label);
}

static void text_request(pc_strbuf *sb, const cJSON *rec)
{
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(rec, "params");

	record_head(sb, rec, "request ");
	put_safe(sb, str(rec, "endpoint"));
	pc_sb_puts(sb, "\n    ");
	put_safe(sb, str(rec, "method"));
	pc_sb_putc(sb, ' ');
	put_safe(sb, str(rec, "url"));
	pc_sb_puts(sb, "\n    canonical: ");
	put_safe(sb, str(rec, "canonical"));
	pc_sb_puts(sb, "\n    sign: ");
	put_safe(sb, str(params, "sign"));
	if (str(rec, "note")) {
		pc_sb_puts(sb, " (");
		put_safe(sb, str(rec, "note"));
		pc_sb_putc(sb, ')');
	}
	pc_sb_putc(sb, '\n');
}

static void text_response(pc_strbuf *sb, const cJSON *rec)
{
	record_head(sb, rec, "answer  ");
	putf(sb, "code %ld ", num(rec, "code"));
	put_safe(sb, str(rec, "message"));
	if (str(rec, "journal")) {
		pc_sb_puts(sb, " (journal: ");
		put_safe(sb, str(rec, "journal"));
		pc_sb_putc(sb, ')');
	}
	pc_sb_puts(sb, "\n    data: ");
	put_json(sb, cJSON_GetObjectItemCaseSensitive(rec, "data"));
	pc_sb_putc(sb, '\n');
}

static void text_error(pc_strbuf *sb, const cJSON *rec)
{
	record_head(sb, rec, "error   ");
	put_safe(sb, str(rec, "error"));
	if (str(rec, "journal")) {
		pc_sb_puts(sb, " (journal: ");
		put_safe(sb, str(rec, "journal"));
		pc_sb_putc(sb, ')');
	}
	pc_sb_putc(sb, '\n');
}

static void text_callback(pc_strbuf *sb, const cJSON *rec)
{
	record_head(sb, rec, "callback ");
	put_safe(sb, str(rec, "event") ? str(rec, "event") : "(no event)");
	pc_sb_putc(sb, ' ');
	put_safe(sb, str(rec, "order") ? str(rec, "order") : "-");
	pc_sb_putc(sb, ' ');
	put_safe(sb, str(rec, "status") ? str(rec, "status") : "-");
	pc_sb_puts(sb, "  verdict: ");
	put_safe(sb, str(rec, "verdict"));
	if (str(rec, "reason")) {
		pc_sb_puts(sb, " (");
		put_safe(sb, str(rec, "reason"));
		pc_sb_putc(sb, ')');
	}
	pc_sb_puts(sb, "\n    received ");
	put_safe(sb, str(rec, "received"));
	pc_sb_puts(sb, ", spool file ");
	put_safe(sb, str(rec, "file"));
	pc_sb_puts(sb, "\n    fields: ");
	put_json(sb, cJSON_GetObjectItemCaseSensitive(rec, "fields"));
	pc_sb_putc(sb, '\n');
}

static void text_sandbox(pc_strbuf *sb, const cJSON *rec, bool answer)
{
	if (answer) {
		record_head(sb, rec, "sandbox answer ");
		putf(sb, "HTTP %ld ", num(rec, "http"));
		put_json(sb, cJSON_GetObjectItemCaseSensitive(rec, "answer"));
	} else {
		record_head(sb, rec, "sandbox POST ");
		put_safe(sb, str(rec, "path"));
		pc_sb_putc(sb, ' ');
		put_json(sb, cJSON_GetObjectItemCaseSensitive(rec, "body"));
	}
	pc_sb_putc(sb, '\n');
}

static void text_operator(pc_strbuf *sb, const cJSON *rec)
{
	record_head(sb, rec, "operator ");
	put_safe(sb, str(rec, "answer"));
	pc_sb_puts(sb, "\n    asked: ");
	put_safe(sb, str(rec, "instruction"));
	if (str(rec, "note")) {
		pc_sb_puts(sb, "\n    note: ");
		put_safe(sb, str(rec, "note"));
	}
	pc_sb_putc(sb, '\n');
}

static void text_callback_url(pc_strbuf *sb, const cJSON *rec)
{
	record_head(sb, rec, "callback URL POST ");
	put_safe(sb, str(rec, "url"));
	pc_sb_puts(sb, "\n    sent: ");
	put_safe(sb, str(rec, "sent"));
	if (str(rec, "error")) {
		pc_sb_puts(sb, "\n    error: ");
		put_safe(sb, str(rec, "error"));
	} else {
		putf(sb, "\n    answer: HTTP %ld ", num(rec, "http"));
		put_json(sb, cJSON_GetObjectItemCaseSensitive(rec, "answer"));
	}
	pc_sb_putc(sb, '\n');
}

static void text_record(pc_strbuf *sb, const cJSON *rec)
{
	const char *type = str(rec, "type");

	if (!type)
		type = "";
	if (strcmp(type, "request") == 0)
		text_request(sb, rec);
	else if (strcmp(type, "response") == 0)
		text_response(sb, rec);
	else if (strcmp(type, "error") == 0)
		text_error(sb, rec);
	else if (strcmp(type, "callback") == 0)
		text_callback(sb, rec);
	else if (strcmp(type, "sandbox") == 0 || strcmp(type, "sandbox_answer") == 0)
		text_sandbox(sb, rec, strcmp(type, "sandbox_answer") == 0);
	else if (strcmp(type, "operator") == 0)
		text_operator(sb, rec);
	else if (strcmp(type, "callback_url") == 0)
		text_callback_url(sb, rec);
	else {
		record_head(sb, rec, type);
		pc_sb_puts(sb, " ");
		put_json(sb, rec);
		pc_sb_putc(sb, '\n');
	}
}

char *pc_uat_evidence_text(const pc_uat_result *r)
{
	pc_strbuf sb = { 0 };
	const cJSON *rec;

	pc_sb_puts(&sb, "");
	cJSON_ArrayForEach(rec, r->evidence)
		text_record(&sb, rec);
	if (sb.oom) {
		free(sb.data);
		return NULL;
	}
	return pc_sb_take(&sb);
}

/* ---- Markdown ------------------------------------------------------------ */

static const char *state_label(pc_uat_state s)
{
	static const char *const labels[] = { "PENDING", "PASS", "FAIL", "SKIPPED", "MANUAL" };

	return (unsigned)s < sizeof(labels) / sizeof(labels[0]) ? labels[s] : "PENDING";
}

/* Text for a table cell: sanitised, on one line, '|' escaped. */
static void put_cell(pc_strbuf *sb, const char *s)
{
	char *safe = pc_sanitize_str(s ? s : "");

	if (!safe) {
		sb->oom = true;
		return;
	}
	for (const char *p = safe; *p; p++) {
		if (*p == '|')
			pc_sb_puts(sb, "\\|");
		else
			pc_sb_putc(sb, *p);
	}
	free(safe);
}

/* A fenced block whose fence is longer than any backtick run inside. */
static void put_fenced(pc_strbuf *sb, const char *text)
{
	size_t longest = 0, run = 0;

	for (const char *p = text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	longest = longest < 3 ? 3 : longest + 1;
	for (size_t i = 0; i < longest; i++)
		pc_sb_putc(sb, '`');
	pc_sb_puts(sb, "text\n");
	pc_sb_puts(sb, text);
	for (size_t i = 0; i < longest; i++)
		pc_sb_putc(sb, '`');
	pc_sb_putc(sb, '\n');
}

static void md_header(pc_strbuf *sb, const pc_uat_checklist *cl, const pc_uat_progress *p,
                      const pc_profile *profile, long long now_ms)
{
	char date[40];
	pc_uat_counts n;

	pc_uat_iso_time(now_ms, date, sizeof(date));
	pc_uat_count(cl, p, profile->environment, &n);
	pc_sb_puts(sb, "# ");
	put_cell(sb, cl->title);
	pc_sb_puts(sb, ": ");
	put_cell(sb, profile->app_name);
	pc_sb_puts(sb, "\n\n| | |\n|---|---|\n| Merchant app | ");
	put_cell(sb, profile->app_name);
	pc_sb_puts(sb, " |\n| App id | ");
	put_cell(sb, profile->app_id);
	putf(sb, " |\n| Environment | %s (", pc_env_label(profile->environment));
	put_cell(sb, profile->base_url);
	pc_sb_puts(sb, ") |\n| Profile | ");
	put_cell(sb, profile->name);
	putf(sb, " |\n| Date | %s |\n| Produced by | paycon %s |\n", date, PAYCON_VERSION);
	putf(sb, "| Result | %zu of %zu items passed; %zu failed, %zu skipped, %zu manual, %zu pending |\n\n",
	     n.pass, n.items, n.fail, n.skipped, n.manual, n.pending);
	pc_sb_puts(sb, "Signatures are shortened to their first 16 characters; account numbers and other "
	               "secrets are masked (`091****4567`).\n\n");
}

static void md_summary(pc_strbuf *sb, const pc_uat_checklist *cl, const pc_uat_progress *p, pc_env env)
{
	pc_sb_puts(sb, "## Summary\n\n| Item | Title | Result | Finished |\n|---|---|---|---|\n");
	for (size_t i = 0; i < cl->nitems; i++) {
		const pc_uat_result *r = &p->results[i];

		if (!pc_uat_item_applies(cl, i, env))
			continue;
		pc_sb_puts(sb, "| `");
		put_cell(sb, cl->items[i].id);
		pc_sb_puts(sb, "` | ");
		put_cell(sb, cl->items[i].title);
		putf(sb, " | %s | ", state_label(r->state));
		put_cell(sb, r->finished ? r->finished : "-");
		pc_sb_puts(sb, " |\n");
	}
	pc_sb_putc(sb, '\n');
}

static void md_item(pc_strbuf *sb, const pc_uat_item *it, const pc_uat_result *r)
{
	char *evidence = pc_uat_evidence_text(r);

	pc_sb_puts(sb, "### `");
	put_cell(sb, it->id);
	pc_sb_puts(sb, "`: ");
	put_cell(sb, it->title);
	putf(sb, "\n\n- **Result:** %s", state_label(r->state));
	if (r->detail) {
		pc_sb_puts(sb, " (");
		put_cell(sb, r->detail);
		pc_sb_putc(sb, ')');
	}
	pc_sb_puts(sb, "\n- **Pass when:** ");
	put_cell(sb, it->pass);
	pc_sb_puts(sb, "\n- **Evidence kept:** ");
	put_cell(sb, it->evidence);
	if (r->started) {
		pc_sb_puts(sb, "\n- **Run:** ");
		put_cell(sb, r->started);
		pc_sb_puts(sb, " to ");
		put_cell(sb, r->finished ? r->finished : "-");
	}
	if (r->note) {
		pc_sb_puts(sb, "\n- **Operator's note:** ");
		put_cell(sb, r->note);
	}
	pc_sb_puts(sb, "\n\n");
	if (!evidence)
		sb->oom = true;
	else if (evidence[0])
		put_fenced(sb, evidence);
	else
		pc_sb_puts(sb, "No evidence recorded yet.\n");
	pc_sb_putc(sb, '\n');
	free(evidence);
}

/* "sandbox", "sandbox and uat", "sandbox, uat and production". */
static void put_environments(pc_strbuf *sb, unsigned environments)
{
	int total = 0, shown = 0;

	for (int e = PC_ENV_SANDBOX; e <= PC_ENV_PRODUCTION; e++)
		total += (environments & (1u << e)) != 0;
	for (int e = PC_ENV_SANDBOX; e <= PC_ENV_PRODUCTION; e++) {
		if (!(environments & (1u << e)))
			continue;
		if (shown > 0)
			pc_sb_puts(sb, shown == total - 1 ? " and " : ", ");
		pc_sb_puts(sb, pc_env_name((pc_env)e));
		shown++;
	}
}

static void md_phases(pc_strbuf *sb, const pc_uat_checklist *cl, const pc_uat_progress *p, pc_env env)
{
	bool others = false;

	for (size_t ph = 0; ph < cl->nphases; ph++) {
		if (!(cl->phases[ph].environments & (1u << env))) {
			others = true;
			continue;
		}
		pc_sb_puts(sb, "## ");
		put_cell(sb, cl->phases[ph].title);
		pc_sb_puts(sb, "\n\n");
		if (cl->phases[ph].about) {
			put_cell(sb, cl->phases[ph].about);
			pc_sb_puts(sb, "\n\n");
		}
		for (size_t i = 0; i < cl->nitems; i++)
			if (cl->items[i].phase == ph)
				md_item(sb, &cl->items[i], &p->results[i]);
	}
	if (!others)
		return;
	pc_sb_puts(sb, "## Phases not in this report\n\n");
	for (size_t ph = 0; ph < cl->nphases; ph++) {
		if (cl->phases[ph].environments & (1u << env))
			continue;
		pc_sb_puts(sb, "- ");
		put_cell(sb, cl->phases[ph].title);
		pc_sb_puts(sb, ": for ");
		put_environments(sb, cl->phases[ph].environments);
		pc_sb_puts(sb, " profiles; its report comes from such a profile.\n");
	}
	pc_sb_putc(sb, '\n');
}

char *pc_uat_report_markdown(const pc_uat_checklist *cl, const pc_uat_progress *p,
                             const pc_profile *profile, long long now_ms)
{
	pc_strbuf sb = { 0 };

	md_header(&sb, cl, p, profile, now_ms);
	md_summary(&sb, cl, p, profile->environment);
	md_phases(&sb, cl, p, profile->environment);
	if (sb.oom) {
		free(sb.data);
		return NULL;
	}
	return pc_sb_take(&sb);
}

/* ---- JSON ---------------------------------------------------------------- */

static void add_string_or_null(cJSON *o, const char *name, const char *value)
{
	if (value)
		cJSON_AddStringToObject(o, name, value);
	else
		cJSON_AddNullToObject(o, name);
}

static cJSON *json_item(const pc_uat_checklist *cl, size_t i, const pc_uat_result *r, pc_env env)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", cl->items[i].id);
	cJSON_AddStringToObject(o, "title", cl->items[i].title);
	cJSON_AddStringToObject(o, "pass", cl->items[i].pass);
	cJSON_AddStringToObject(o, "evidenceKept", cl->items[i].evidence);
	cJSON_AddBoolToObject(o, "automatable", pc_uat_item_automatable(&cl->items[i], env));
	cJSON_AddStringToObject(o, "state", pc_uat_state_name(r->state));
	add_string_or_null(o, "started", r->started);
	add_string_or_null(o, "finished", r->finished);
	add_string_or_null(o, "detail", r->detail);
	add_string_or_null(o, "note", r->note);
	cJSON_AddItemToObject(o, "evidence", cJSON_Duplicate(r->evidence, 1));
	return o;
}

static cJSON *json_phase(const pc_uat_checklist *cl, size_t ph, const pc_uat_progress *p, pc_env env)
{
	const pc_uat_phase *phase = &cl->phases[ph];
	cJSON *o = cJSON_CreateObject();
	cJSON *envs = cJSON_AddArrayToObject(o, "environments");
	cJSON *items;
	bool applies = (phase->environments & (1u << env)) != 0;

	cJSON_AddStringToObject(o, "id", phase->id);
	cJSON_AddStringToObject(o, "title", phase->title);
	add_string_or_null(o, "about", phase->about);
	for (int e = PC_ENV_SANDBOX; e <= PC_ENV_PRODUCTION; e++)
		if (phase->environments & (1u << e))
			cJSON_AddItemToArray(envs, cJSON_CreateString(pc_env_name((pc_env)e)));
	cJSON_AddBoolToObject(o, "applies", applies);
	items = cJSON_AddArrayToObject(o, "items");
	for (size_t i = 0; applies && i < cl->nitems; i++)
		if (cl->items[i].phase == ph)
			cJSON_AddItemToArray(items, json_item(cl, i, &p->results[i], env));
	return o;
}

char *pc_uat_report_json(const pc_uat_checklist *cl, const pc_uat_progress *p,
                         const pc_profile *profile, long long now_ms)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *counts, *phases;
	char date[40];
	char *raw, *text;
	pc_uat_counts n;

	if (!root)
		return NULL;
	pc_uat_iso_time(now_ms, date, sizeof(date));
	pc_uat_count(cl, p, profile->environment, &n);
	cJSON_AddStringToObject(root, "checklist", cl->title);
	cJSON_AddStringToObject(root, "appName", profile->app_name ? profile->app_name : "");
	cJSON_AddStringToObject(root, "appId", profile->app_id ? profile->app_id : "");
	cJSON_AddStringToObject(root, "environment", pc_env_name(profile->environment));
	cJSON_AddStringToObject(root, "baseUrl", profile->base_url ? profile->base_url : "");
	cJSON_AddStringToObject(root, "profile", profile->name ? profile->name : "");
	cJSON_AddStringToObject(root, "date", date);
	cJSON_AddStringToObject(root, "paycon", PAYCON_VERSION);
	counts = cJSON_AddObjectToObject(root, "counts");
	cJSON_AddNumberToObject(counts, "items", (double)n.items);
	cJSON_AddNumberToObject(counts, "automatable", (double)n.automatable);
	cJSON_AddNumberToObject(counts, "pass", (double)n.pass);
	cJSON_AddNumberToObject(counts, "fail", (double)n.fail);
	cJSON_AddNumberToObject(counts, "skipped", (double)n.skipped);
	cJSON_AddNumberToObject(counts, "manual", (double)n.manual);
	cJSON_AddNumberToObject(counts, "pending", (double)n.pending);
	phases = cJSON_AddArrayToObject(root, "phases");
	for (size_t ph = 0; ph < cl->nphases; ph++)
		cJSON_AddItemToArray(phases, json_phase(cl, ph, p, profile->environment));
	raw = cJSON_Print(root);
	cJSON_Delete(root);
	text = raw ? pc_json_terminal_safe(raw) : NULL;
	free(raw);
	return text;
}
