/* journal.h — the append-only record of money-moving requests.
 *
 * $XDG_STATE_HOME/paycon/<profile>/journal, JSON lines, mode 0600, opened
 * O_APPEND|O_NOFOLLOW. Before a money-moving request an *intent* line is
 * written and fsynced; after it, an *outcome* line. An intent whose last
 * outcome is missing or "unknown" is unresolved: the object shows as
 * UNKNOWN until reconcile settles it from the status endpoints.
 *
 *   {"ts":"2026-11-21T10:00:00.123Z","type":"intent","op":"payout.create",
 *    "key":"ORDER1","fields":{...request fields, never `sign`...}}
 *   {"ts":"...","type":"outcome","op":"payout.create","key":"ORDER1",
 *    "outcome":"accepted","code":1000,"status":"PENDING",
 *    "transactionId":"D1...","detail":"..."}
 *
 * outcome is one of: accepted (API said 1000), rejected (API error code:
 * nothing was created), not_sent (the connection never opened), unknown
 * (sent, no usable answer), settled (reconcile found it; status says
 * PENDING/COMPLETE/FAILED), absent (reconcile found PayCools has no such
 * object: it was never created, the same ids may be sent again). */
#ifndef PAYCON_JOURNAL_H
#define PAYCON_JOURNAL_H

#include <stdbool.h>

#include "err.h"
#include "params.h"

typedef struct pc_journal pc_journal;

/* Opens (creating dir 0700 and file 0600) state_dir/journal. */
pc_journal *pc_journal_open(const char *state_dir, pc_err *err);
void pc_journal_close(pc_journal *j);
const char *pc_journal_path(const pc_journal *j);

int pc_journal_intent(pc_journal *j, const char *op, const char *key,
                      const pc_params *fields, pc_err *err);

typedef struct {
	const char *outcome;       /* see above */
	int code;                  /* API code or 0 */
	const char *status;        /* transactionStatus / refundStatus or NULL */
	const char *transaction_id;/* or NULL */
	const char *detail;        /* free text or NULL */
} pc_outcome;

int pc_journal_outcome(pc_journal *j, const char *op, const char *key,
                       const pc_outcome *o, pc_err *err);

/* One money-moving request folded from its lines (last outcome wins). */
typedef struct {
	char *op;
	char *key;
	char *intent_ts;
	pc_params fields;          /* as in the intent */
	char *outcome;             /* NULL when no outcome line yet */
	char *outcome_ts;
	int code;
	char *status;
	char *transaction_id;
	char *detail;
} pc_journal_entry;

typedef struct {
	pc_journal_entry *items;   /* in intent order */
	int count;
	int bad_lines;             /* lines that could not be read (kept, reported) */
} pc_journal_view;

/* Reads and folds a journal file. A missing file is an empty view. */
int pc_journal_read(const char *path, pc_journal_view *view, pc_err *err);
void pc_journal_view_free(pc_journal_view *view);

/* Reading as the journal grows: the console folds a large journal a slice
 * at a time between key presses, and later only the lines appended since.
 * A last line still without its newline is left until it is complete. */
typedef struct pc_journal_reader pc_journal_reader;

pc_journal_reader *pc_journal_reader_open(const char *path, pc_err *err);
/* Folds up to max_lines more lines: 1 when more are waiting, 0 at the end
 * of what is written now (a missing file is empty), -1 with err. */
int pc_journal_reader_step(pc_journal_reader *jr, int max_lines, pc_err *err);
/* What is folded so far; valid until the next step. */
const pc_journal_view *pc_journal_reader_view(const pc_journal_reader *jr);
/* The entry for (op, key) folded so far, or NULL; found by hash. */
const pc_journal_entry *pc_journal_reader_find(const pc_journal_reader *jr, const char *op, const char *key);
void pc_journal_reader_close(pc_journal_reader *jr);

/* Finds the entry for (op, key) or NULL. */
const pc_journal_entry *pc_journal_find(const pc_journal_view *view, const char *op, const char *key);

/* True when the entry's outcome is missing or unknown: reconcile needed. */
bool pc_journal_entry_unresolved(const pc_journal_entry *e);

#endif
