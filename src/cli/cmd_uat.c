/* cmd_uat.c — `paycon uat list|run|show|report|reset`: the acceptance
 * checklist PayCools reviews, walked against the current profile.
 *
 * The checklist is data (uat.h, data/uat-checklist.conf); progress and
 * evidence are kept per profile, so a run can stop and go on later. Items
 * that need a person (a payment with a real app outside the sandbox, the
 * production phase) are asked at the terminal; with no terminal they are
 * left `manual`. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "args.h"
#include "cli.h"
#include "local_sandbox.h"
#include "output.h"
#include "paths.h"
#include "prompt.h"
#include "request.h"
#include "sanitize.h"
#include "uat.h"

typedef struct {
	cli_ctx *ctx;
	pc_uat_checklist cl;
	pc_uat_progress progress;
	bool loaded;
} uat_session;

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void uat_usage(void)
{
	fprintf(stderr,
	        "usage: paycon uat list [--checklist FILE]\n"
	        "       paycon uat run ITEM...|--all|--pending [--callback-url URL] [--checklist FILE]\n"
	        "       paycon uat show ITEM [--checklist FILE]\n"
	        "       paycon uat report [--format md|json] [--out FILE] [--checklist FILE]\n"
	        "       paycon uat reset ITEM...|--all [--checklist FILE]\n");
}

/* Loads the profile, the checklist and this profile's progress. */
static int open_session(uat_session *s, cli_ctx *ctx, const cli_args *a, bool to_send)
{
	pc_err err;

	pc_err_clear(&err);
	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	if ((to_send ? cli_ready_to_send(ctx, &err) : cli_profile(ctx, &err)) < 0)
		return cli_fail(&err);
	if (pc_uat_checklist_load(&s->cl, cli_args_get(a, "checklist"), &err) < 0)
		return cli_fail(&err);
	if (pc_uat_progress_load(&s->progress, &s->cl, ctx->client.state_dir, &err) < 0) {
		pc_uat_checklist_free(&s->cl);
		return cli_fail(&err);
	}
	s->loaded = true;
	return 0;
}

static void close_session(uat_session *s)
{
	if (!s->loaded)
		return;
	pc_uat_progress_free(&s->progress);
	pc_uat_checklist_free(&s->cl);
	s->loaded = false;
}

static int save_session(uat_session *s)
{
	pc_err err;

	pc_err_clear(&err);
	if (pc_uat_progress_save(&s->progress, &s->cl, &err) < 0)
		return cli_fail(&err);
	return 0;
}

static pc_env session_env(const uat_session *s)
{
	return s->ctx->profile->environment;
}

/* "auto", "operator" (someone must act here) or "n/a" (another phase). */
static const char *how_it_runs(const uat_session *s, size_t i)
{
	if (!pc_uat_item_applies(&s->cl, i, session_env(s)))
		return "n/a";
	return pc_uat_item_automatable(&s->cl.items[i], session_env(s)) ? "auto" : "operator";
}

/* Positional ITEM ids (or every one that applies) into want[]. */
static int select_items(const uat_session *s, const cli_args *a, bool *want, bool pending_only)
{
	bool all = cli_args_has(a, "all") || pending_only;

	if (all && a->npos > 0)
		return cli_usage("give item ids or --all/--pending, not both");
	if (!all && a->npos == 0)
		return cli_usage("which items? give their ids (paycon uat list) or --all");
	for (int i = 0; i < a->npos; i++) {
		long k = pc_uat_item_index(&s->cl, a->pos[i]);

		if (k < 0)
			return cli_usage("there is no checklist item '%s'; paycon uat list shows them", a->pos[i]);
		want[k] = true;
	}
	for (size_t i = 0; all && i < s->cl.nitems; i++) {
		pc_uat_state st = s->progress.results[i].state;

		want[i] = pc_uat_item_applies(&s->cl, i, session_env(s))
		          && (!pending_only || (st != PC_UAT_PASS && st != PC_UAT_SKIPPED));
	}
	return 0;
}

/* ---- list --------------------------------------------------------------- */

static void list_json(const uat_session *s)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < s->cl.nitems; i++) {
		const pc_uat_result *r = &s->progress.results[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "id", s->cl.items[i].id);
		cJSON_AddStringToObject(o, "phase", s->cl.phases[s->cl.items[i].phase].id);
		cJSON_AddStringToObject(o, "title", s->cl.items[i].title);
		cJSON_AddStringToObject(o, "state", pc_uat_state_name(r->state));
		cJSON_AddStringToObject(o, "runs", how_it_runs(s, i));
		if (r->detail)
			cJSON_AddStringToObject(o, "detail", r->detail);
		if (r->finished)
			cJSON_AddStringToObject(o, "finished", r->finished);
		cJSON_AddItemToArray(arr, o);
	}
	out_json(stdout, arr);
	cJSON_Delete(arr);
}

static int uat_list(uat_session *s)
{
	pc_uat_counts n;

	if (s->ctx->json) {
		list_json(s);
		return 0;
	}
	for (size_t ph = 0; ph < s->cl.nphases; ph++) {
		printf("%s: ", s->cl.phases[ph].id);
		out_safe(stdout, s->cl.phases[ph].title);
		if (!(s->cl.phases[ph].environments & (1u << session_env(s))))
			printf(" (not for %s profiles)", pc_env_name(session_env(s)));
		putchar('\n');
		for (size_t i = 0; i < s->cl.nitems; i++) {
			if (s->cl.items[i].phase != ph)
				continue;
			printf("  %-22s %-8s %-8s ", s->cl.items[i].id, pc_uat_state_name(s->progress.results[i].state),
			       how_it_runs(s, i));
			out_safe(stdout, s->cl.items[i].title);
			putchar('\n');
		}
	}
	pc_uat_count(&s->cl, &s->progress, session_env(s), &n);
	printf("%zu items for %s: %zu pass, %zu fail, %zu skipped, %zu manual, %zu pending\n", n.items,
	       pc_env_name(session_env(s)), n.pass, n.fail, n.skipped, n.manual, n.pending);
	return 0;
}

/* ---- run ------------------------------------------------------------------ */

/* Reads one line from the terminal after asking; -1 when there is none. */
static int tty_line(const char *question, char *buf, size_t size)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	size_t n = 0;
	char c;

	if (fd < 0)
		return -1;
	dprintf(fd, "%s", question);
	for (;;) {
		ssize_t r = read(fd, &c, 1);

		if (r <= 0) {
			close(fd);
			return -1;
		}
		if (c == '\n' || c == '\r')
			break;
		if (n + 1 < size)
			buf[n++] = c;
	}
	buf[n] = '\0';
	close(fd);
	return (int)n;
}

static pc_uat_state answer_state(const char *typed, bool action, bool *known)
{
	*known = true;
	if (action && typed[0] == '\0')
		return PC_UAT_PASS;
	switch (typed[0]) {
	case 'p':
	case 'P':
		if (!action)
			return PC_UAT_PASS;
		break;
	case 'f':
	case 'F':
		return PC_UAT_FAIL;
	case 's':
	case 'S':
		return PC_UAT_SKIPPED;
	case 'l':
	case 'L':
		return PC_UAT_MANUAL;
	default:
		break;
	}
	*known = false;
	return PC_UAT_MANUAL;
}

static pc_uat_state ask_at_terminal(void *ud, const pc_uat_item *item, const char *instruction, bool action,
                                    char *note, size_t note_size)
{
	const char *question = action ? "When done, press Enter (s skips the item, f marks it failed, l leaves "
	                                "it for later): "
	                              : "Result? p pass, f fail, s skip, l later: ";
	char *safe = pc_sanitize_str(instruction);
	char *text = pc_strdupf("\n[%s] %s\n  %s\n%s", item->id, item->title, safe ? safe : "", question);
	char typed[64];
	pc_uat_state st = PC_UAT_MANUAL;
	bool known = false;

	(void)ud;
	free(safe);
	while (text && !known) {
		if (tty_line(text, typed, sizeof(typed)) < 0)
			break;
		st = answer_state(typed, action, &known);
		free(text);
		text = known ? NULL : strdup(question);
	}
	free(text);
	if (known && !action && (st == PC_UAT_PASS || st == PC_UAT_FAIL)
	    && tty_line("Note for the report (Enter for none): ", note, note_size) < 0)
		note[0] = '\0';
	return known ? st : PC_UAT_MANUAL;
}

static void show_progress(void *ud, const pc_uat_item *item, const char *line)
{
	char *safe = pc_sanitize_str(line);

	(void)ud;
	fprintf(stderr, "uat: %s: %s\n", item->id, safe ? safe : "");
	free(safe);
}

static bool was_interrupted(void *ud)
{
	(void)ud;
	return interrupted != 0;
}

static void print_result(const uat_session *s, size_t i)
{
	const pc_uat_result *r = &s->progress.results[i];

	if (s->ctx->json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "id", s->cl.items[i].id);
		cJSON_AddStringToObject(o, "state", pc_uat_state_name(r->state));
		cJSON_AddStringToObject(o, "detail", r->detail ? r->detail : "");
		out_json(stdout, o);
		cJSON_Delete(o);
	} else {
		printf("%-8s %-22s ", pc_uat_state_name(r->state), s->cl.items[i].id);
		out_safe(stdout, s->cl.items[i].title);
		if (r->state != PC_UAT_PASS && r->detail) {
			printf("\n         ");
			out_safe(stdout, r->detail);
		}
		putchar('\n');
	}
	fflush(stdout);
}

static int run_selected(uat_session *s, const bool *want)
{
	pc_uat_hooks hooks = { 0 };
	struct sigaction sa, old_int, old_term;
	size_t failed = 0, ran = 0;
	pc_uat_counts n;
	pc_err err;
	int rc = 0;

	hooks.ask = prompt_have_tty() ? ask_at_terminal : NULL;
	hooks.progress = show_progress;
	hooks.stop = was_interrupted;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	for (size_t i = 0; i < s->cl.nitems && !interrupted; i++) {
		if (!want[i])
			continue;
		pc_err_clear(&err);
		if (pc_uat_run_item(&s->ctx->client, &s->cl, i, &s->progress, &hooks, &err) < 0) {
			rc = cli_fail(&err);
			break;
		}
		ran++;
		failed += s->progress.results[i].state == PC_UAT_FAIL;
		print_result(s, i);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (interrupted)
		fprintf(stderr, "paycon: interrupted; the item under way is pending again, the others are saved\n");
	pc_uat_count(&s->cl, &s->progress, session_env(s), &n);
	if (!s->ctx->json)
		printf("%zu run. All %zu items for %s: %zu pass, %zu fail, %zu skipped, %zu manual, %zu pending\n",
		       ran, n.items, pc_env_name(session_env(s)), n.pass, n.fail, n.skipped, n.manual, n.pending);
	if (rc)
		return rc;
	return failed || interrupted ? PC_EAPI : 0;
}

static int uat_run(uat_session *s, const cli_args *a)
{
	const char *url = cli_args_get(a, "callback-url");
	bool *want = calloc(s->cl.nitems + 1, sizeof(*want));
	pc_err err;
	int rc;

	if (!want)
		return cli_usage("out of memory");
	rc = select_items(s, a, want, cli_args_has(a, "pending"));
	for (size_t i = 0; rc == 0 && i < s->cl.nitems; i++)
		if (want[i] && !pc_uat_item_applies(&s->cl, i, session_env(s)))
			rc = cli_usage("item '%s' belongs to the %s phase, which is not for %s profiles",
			               s->cl.items[i].id, s->cl.phases[s->cl.items[i].phase].id,
			               pc_env_name(session_env(s)));
	pc_err_clear(&err);
	if (rc == 0 && url) {
		if (pc_uat_set_callback_url(&s->progress, url, &err) < 0)
			rc = -cli_fail(&err);
		else
			rc = -save_session(s);
	}
	if (rc == 0)
		rc = run_selected(s, want);
	free(want);
	return rc < 0 ? -rc : rc;
}

/* ---- show, report, reset ------------------------------------------------------ */

static int uat_show(uat_session *s, const cli_args *a)
{
	const pc_uat_result *r;
	char *text;
	long i;

	if (a->npos != 1)
		return cli_usage("usage: paycon uat show ITEM");
	i = pc_uat_item_index(&s->cl, a->pos[0]);
	if (i < 0)
		return cli_usage("there is no checklist item '%s'; paycon uat list shows them", a->pos[0]);
	r = &s->progress.results[i];
	printf("%s  %s\n", s->cl.items[i].id, pc_uat_state_name(r->state));
	if (r->detail) {
		out_safe(stdout, r->detail);
		putchar('\n');
	}
	if (r->note) {
		printf("note: ");
		out_safe(stdout, r->note);
		putchar('\n');
	}
	text = pc_uat_evidence_text(r);
	fputs(text ? text : "", stdout);
	free(text);
	return 0;
}

/* The built-in profile's URL is a placeholder until its sandbox runs. */
static void builtin_url(cli_ctx *ctx)
{
	pc_local_sandbox sb;
	char *url;

	if (!ctx->profile->builtin)
		return;
	pc_local_sandbox_status(ctx->client.state_dir, &sb);
	url = sb.sandbox_running ? pc_local_sandbox_url(&sb) : NULL;
	if (!url)
		return;
	free(((pc_profile *)ctx->profile)->base_url);
	((pc_profile *)ctx->profile)->base_url = url;
}

static int uat_report(uat_session *s, const cli_args *a)
{
	const char *format = cli_args_get(a, "format");
	const char *out = cli_args_get(a, "out");
	char *text;
	pc_err err;
	int rc = 0;

	if (a->npos != 0)
		return cli_usage("usage: paycon uat report [--format md|json] [--out FILE]");
	if (format && strcmp(format, "md") != 0 && strcmp(format, "json") != 0)
		return cli_usage("--format '%s': md (Markdown, for PayCools support) or json", format);
	builtin_url(s->ctx);
	if (format && strcmp(format, "json") == 0)
		text = pc_uat_report_json(&s->cl, &s->progress, s->ctx->profile, pc_now_ms());
	else
		text = pc_uat_report_markdown(&s->cl, &s->progress, s->ctx->profile, pc_now_ms());
	if (!text)
		return cli_usage("out of memory writing the report");
	pc_err_clear(&err);
	if (!out)
		fputs(text, stdout);
	else if (pc_write_file_atomic(out, text, strlen(text), 0644, &err) < 0)
		rc = cli_fail(&err);
	else
		fprintf(stderr, "paycon: report written to %s\n", out);
	free(text);
	return rc;
}

static int uat_reset(uat_session *s, const cli_args *a)
{
	bool *want = calloc(s->cl.nitems + 1, sizeof(*want));
	int rc;

	if (!want)
		return cli_usage("out of memory");
	rc = select_items(s, a, want, false);
	for (size_t i = 0; rc == 0 && i < s->cl.nitems; i++)
		if (want[i])
			pc_uat_result_reset(&s->progress.results[i]);
	if (rc == 0)
		rc = -save_session(s);
	free(want);
	return rc;
}

/* ---- dispatch -------------------------------------------------------------- */

typedef struct {
	const char *verb;
	const char *options;   /* allowed --options */
	bool sends;
} uat_verb;

static const uat_verb verbs[] = {
	{ "list", "checklist", false },
	{ "run", "checklist|callback-url|all|pending", true },
	{ "show", "checklist", false },
	{ "report", "checklist|format|out", false },
	{ "reset", "checklist|all", false },
};

int cmd_uat(cli_ctx *ctx, int argc, char **argv)
{
	const uat_verb *v = NULL;
	uat_session s;
	cli_args a;
	int rc;

	for (size_t i = 0; argc > 1 && i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(argv[1], verbs[i].verb) == 0)
			v = &verbs[i];
	if (!v) {
		uat_usage();
		return argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) ? 0 : PC_EINPUT;
	}
	if (cli_args_parse(&a, argc - 2, argv + 2, "all|pending") < 0 || cli_args_only(&a, v->options) < 0)
		return PC_EINPUT;
	rc = open_session(&s, ctx, &a, v->sends);
	if (rc)
		return rc;
	if (strcmp(v->verb, "list") == 0)
		rc = a.npos ? cli_usage("usage: paycon uat list") : uat_list(&s);
	else if (strcmp(v->verb, "run") == 0)
		rc = uat_run(&s, &a);
	else if (strcmp(v->verb, "show") == 0)
		rc = uat_show(&s, &a);
	else if (strcmp(v->verb, "report") == 0)
		rc = uat_report(&s, &a);
	else
		rc = uat_reset(&s, &a);
	close_session(&s);
	return rc;
}
