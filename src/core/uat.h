/* uat.h — the PayCools acceptance checklist: data, runs, evidence, progress.
 *
 * The checklist is data shipped with paycon (data/uat-checklist.conf,
 * installed as $(pkgdatadir)/uat-checklist.conf; its header documents the
 * format). It has phases (UAT, production), each applying to some
 * environments, and items; an item is a list of steps of a few kinds:
 *
 *   call          a signed request to an endpoint of the table, with fields;
 *                 expects a code (1000 unless said: 1003, 1012, 1014 …), a
 *                 status, data fields. Money moves go through pc_money_move,
 *                 so they are journaled and never sent twice. bad_signature
 *                 spoils the signature after signing (expect 1003).
 *   sandbox       a /_sandbox/ control (pay a QR code, complete a web
 *                 payment); outside the sandbox the operator does `manual`
 *                 instead (pay with a real app).
 *   callback      waits for a callback for an order in the profile's spool;
 *                 it must verify (verdict valid) and may be expected to say a
 *                 status.
 *   callback_url  the merchant's callback URL answers `success`: the newest
 *                 valid callback in the spool (else a test body) is POSTed to
 *                 it, as PayCools' retries do.
 *   manual        the operator does something and says how it went.
 *
 * Strings may hold ${new:NAME} (a fresh order id, bound to NAME), ${NAME},
 * ${idem:NAME} (the idempotency id paycon derives for order NAME), ${today}
 * (Philippine date), ${callback_url} and ${app_name}; `save` binds names to
 * fields of an answer or a callback.
 *
 * Evidence per item: timestamps, the signed requests (signature shortened to
 * its first 16 characters), the answers, the callbacks that arrived for the
 * item's ids with their verdicts, and what the operator said. Account numbers
 * and secrets are masked before anything is kept. Progress lives in
 * <state_dir>/uat.json (mode 0600), rewritten atomically after every item.
 *
 * No curses here: `paycon uat` and the console's :uat pane share it. */
#ifndef PAYCON_UAT_H
#define PAYCON_UAT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "client.h"
#include "config.h"
#include "err.h"

#define PC_UAT_CHECKLIST_FILE "uat-checklist.conf"
#define PC_UAT_STATE_FILE "uat.json"
/* How long a callback step waits unless its timeout_s says otherwise. */
#define PC_UAT_CALLBACK_WAIT_S 60
/* The longest a callback step waits in a sandbox profile, whatever it says. */
#define PC_UAT_SANDBOX_WAIT_S 60

typedef enum {
	PC_UAT_PENDING = 0,
	PC_UAT_PASS,
	PC_UAT_FAIL,
	PC_UAT_SKIPPED,
	PC_UAT_MANUAL,   /* waits for an operator */
} pc_uat_state;

/* "pending", "pass", "fail", "skipped", "manual". */
const char *pc_uat_state_name(pc_uat_state s);
/* 0, or -1 when name is none of the above. */
int pc_uat_state_parse(const char *name, pc_uat_state *out);

/* ---- the checklist ------------------------------------------------------ */

typedef enum {
	PC_UAT_STEP_CALL = 0,
	PC_UAT_STEP_SANDBOX,
	PC_UAT_STEP_CALLBACK,
	PC_UAT_STEP_CALLBACK_URL,
	PC_UAT_STEP_MANUAL,
} pc_uat_step_kind;

/* "call", "sandbox", "callback", "callback_url", "manual". */
const char *pc_uat_step_kind_name(pc_uat_step_kind k);

typedef struct {
	pc_uat_step_kind kind;
	unsigned line;            /* in the checklist file */
	char *endpoint;           /* call: endpoint id */
	cJSON *fields;            /* call: request fields; sandbox: the JSON body. An object
	                           * (never NULL); integers are raw tokens, strings templates */
	int expect_code;          /* call: 1000 unless the file says otherwise */
	char *expect_status;      /* call, callback: "A|B", or NULL for any */
	cJSON *expect_data;       /* call: array of data field names that must be present, or NULL */
	bool bad_signature;       /* call: spoil the signature after signing */
	char *path;               /* sandbox: "/_sandbox/…" */
	char *order;              /* callback: the order id (template) */
	char *event;              /* callback: the eventName expected, or NULL for any */
	long timeout_s;           /* callback: how long to wait */
	char *manual;             /* manual: what to do; sandbox, callback_url: what to
	                           * do when it cannot run by itself (template) */
	cJSON *save;              /* {"NAME": "field"}, or NULL */
} pc_uat_step;

typedef struct {
	char *id;                 /* "payout", "duplicate-order", … */
	char *title;
	char *pass;               /* what counts as a pass */
	char *evidence;           /* what evidence is kept */
	size_t phase;             /* index into pc_uat_checklist.phases */
	unsigned line;
	pc_uat_step *steps;
	size_t nsteps;
} pc_uat_item;

typedef struct {
	char *id;
	char *title;
	char *about;              /* may be NULL */
	unsigned environments;    /* bit (1u << pc_env) for each environment it applies to */
} pc_uat_phase;

typedef struct {
	char *origin;             /* the file read (or the origin given to _parse) */
	char *title;
	pc_uat_phase *phases;
	size_t nphases;
	pc_uat_item *items;       /* every item, in file order */
	size_t nitems;
} pc_uat_checklist;

/* The shipped checklist: $PAYCON_DATA_DIR/uat-checklist.conf when that
 * variable is set (the tests point it at the source tree), else
 * PAYCON_DATADIR/uat-checklist.conf. malloc'd, NULL on OOM. */
char *pc_uat_checklist_default_path(void);

/* Parses checklist text. Every error names origin and line ("file:12: …"),
 * class PC_EINPUT: unknown keys, kinds, endpoints or endpoint fields, a
 * ${NAME} used before a step binds it, duplicate ids, bad_signature on a
 * money-moving endpoint. */
int pc_uat_checklist_parse(pc_uat_checklist *cl, const char *text, const char *origin, pc_err *err);
/* path NULL: pc_uat_checklist_default_path(). */
int pc_uat_checklist_load(pc_uat_checklist *cl, const char *path, pc_err *err);
void pc_uat_checklist_free(pc_uat_checklist *cl);

/* Index of the item with this id, or -1. */
long pc_uat_item_index(const pc_uat_checklist *cl, const char *id);
/* True when the item's phase applies to env. */
bool pc_uat_item_applies(const pc_uat_checklist *cl, size_t index, pc_env env);
/* True when the item runs without anybody in env: no manual step, and
 * sandbox steps only in the sandbox. */
bool pc_uat_item_automatable(const pc_uat_item *item, pc_env env);

/* ---- progress ----------------------------------------------------------- */

typedef struct {
	pc_uat_state state;
	char *started;            /* "2026-11-21T10:00:00.123Z", NULL before the first run */
	char *finished;
	char *detail;             /* one line: what passed, or why not; NULL before a run */
	char *note;               /* the operator's note, or NULL */
	cJSON *evidence;          /* array of records; never NULL after load */
} pc_uat_result;

typedef struct {
	char *path;               /* <state_dir>/uat.json */
	char *callback_url;       /* remembered from `paycon uat run --callback-url`, or NULL */
	pc_uat_result *results;   /* one per checklist item, same index */
	size_t n;
	cJSON *others;            /* results of ids this checklist lacks, kept as they were */
} pc_uat_progress;

/* Reads state_dir/uat.json; a missing file means every item pending. A file
 * that cannot be read as progress is an error (it is never overwritten
 * silently): the message says to move it away. */
int pc_uat_progress_load(pc_uat_progress *p, const pc_uat_checklist *cl, const char *state_dir,
                         pc_err *err);
/* Writes the file atomically (mode 0600), creating state_dir (0700). */
int pc_uat_progress_save(const pc_uat_progress *p, const pc_uat_checklist *cl, pc_err *err);
void pc_uat_progress_free(pc_uat_progress *p);

/* Back to pending; evidence, detail and note dropped. */
void pc_uat_result_reset(pc_uat_result *r);

/* Remembers the merchant's callback URL (http:// or https://; NULL or ""
 * forgets it). Not saved until pc_uat_progress_save. */
int pc_uat_set_callback_url(pc_uat_progress *p, const char *url, pc_err *err);

/* The callback URL the items use: the remembered one, else for the built-in
 * sandbox profile the local paycon-hookd's when it runs. malloc'd, NULL
 * when none is known. */
char *pc_uat_callback_url(const pc_client *c, const pc_uat_progress *p);

/* ---- running ------------------------------------------------------------ */

typedef struct {
	/* The operator, or NULL when nobody can answer: items that need one are
	 * then left `manual` without running a step. action is true for
	 * something to do in the middle of an item (pay a QR code with a real
	 * app): PASS means done, go on. For a manual check PASS and FAIL say
	 * how it went. SKIPPED skips the item; MANUAL leaves it for later. note
	 * (note_size bytes, "" on entry) may receive a remark for the report. */
	pc_uat_state (*ask)(void *ud, const pc_uat_item *item, const char *instruction, bool action,
	                    char *note, size_t note_size);
	/* One line per step as it starts (plain text, not sanitised), or NULL. */
	void (*progress)(void *ud, const pc_uat_item *item, const char *line);
	/* Polled while waiting; true stops the item (it goes back to pending). */
	bool (*stop)(void *ud);
	void *ud;
	long poll_ms;             /* spool poll interval while waiting; 0 = 200 */
} pc_uat_hooks;

/* Runs item `index` against c and records its result and evidence in p,
 * then saves p. An item that does not apply to the profile's environment
 * is refused (PC_EINPUT). Every other outcome — API errors, transport
 * failures, timeouts — is the item's result (fail, with the error in
 * detail) and returns 0; -1 only when the progress cannot be saved or
 * memory runs out. hooks may be NULL. */
int pc_uat_run_item(pc_client *c, const pc_uat_checklist *cl, size_t index, pc_uat_progress *p,
                    const pc_uat_hooks *hooks, pc_err *err);

/* ---- masking ------------------------------------------------------------ */

/* True for fields that hold account numbers or secrets: accountNo,
 * accountNumber, paymentAccount, recipientAccount, remittingAccount,
 * referenceNumber, payToken, authCode, passphrase. */
bool pc_uat_field_is_secret(const char *name);
/* Masks, in place, every string or number under a secret field name, at
 * any depth ("09171234567" -> "091****4567", see mask.h); `sign` values are
 * shortened. */
void pc_uat_mask_json(cJSON *item);
/* "AbCdEf0123456789…": the first 16 characters and an ellipsis; shorter
 * values are kept. Returns buf. */
char *pc_uat_short_sign(const char *sign, char *buf, size_t size);

/* ---- reading the results ------------------------------------------------ */

typedef struct {
	size_t items;             /* items that apply */
	size_t automatable;       /* of which run by themselves here */
	size_t pending, pass, fail, skipped, manual;
} pc_uat_counts;

void pc_uat_count(const pc_uat_checklist *cl, const pc_uat_progress *p, pc_env env,
                  pc_uat_counts *out);

/* An item's evidence as text, one record per paragraph, every outside
 * string sanitised. malloc'd ("" when there is none), NULL on OOM. */
char *pc_uat_evidence_text(const pc_uat_result *r);

/* The report an integrator sends to PayCools support: merchant app,
 * environment, date, each item with its result and evidence. now_ms is the
 * report's date (ms since the epoch). malloc'd, NULL on OOM. */
char *pc_uat_report_markdown(const pc_uat_checklist *cl, const pc_uat_progress *p,
                             const pc_profile *profile, long long now_ms);
char *pc_uat_report_json(const pc_uat_checklist *cl, const pc_uat_progress *p,
                         const pc_profile *profile, long long now_ms);

#endif
