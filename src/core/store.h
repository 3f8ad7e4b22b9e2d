/* store.h — the objects this profile knows about.
 *
 * PayCools has no list endpoints for payouts, QR codes, virtual accounts,
 * web payments, refunds or checkouts: a console can only list what paycon
 * created, looked up, or heard about in a callback. The store keeps those
 * objects per profile in $XDG_STATE_HOME/paycon/<profile>/objects:
 *
 *   {"kind":"payout","id":"P1","status":"PENDING","updated":1732183200123,
 *    "fields":{...every field seen...},"request":"...","response":"..."}
 *
 * one JSON line per change, holding the whole object; the last line of an
 * object wins. The file is mode 0600 and opened O_APPEND|O_NOFOLLOW; each
 * line goes out in one write(2), so the CLI and any number of consoles can
 * add to one file, and each catches up with pc_store_refresh(). A file that
 * has grown far beyond its objects is compacted when opened (written to a
 * temporary file and renamed; writers notice the new file and reopen).
 *
 * The store is a convenience, not a record of money: the journal is that.
 * Values are kept as received; callers sanitise them before drawing. */
#ifndef PAYCON_STORE_H
#define PAYCON_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "callback.h"
#include "endpoints.h"
#include "err.h"
#include "params.h"

/* Longest line read back; longer ones are skipped as unreadable. */
#define PC_STORE_MAX_LINE (4u * 1024u * 1024u)

typedef struct {
	char *kind;          /* "payout", "qr", "va", "transfer", "web", "refund",
	                      * "checkout", "directdebit" */
	char *id;            /* mchOrderId; mchRefundOrderId for refunds */
	char *status;        /* PENDING, COMPLETE, ACTIVE, UNKNOWN, ...; NULL if none yet */
	cJSON *fields;       /* an object: every field seen, later values win */
	char *request;       /* the last request sent about it (dry-run text), or NULL */
	char *response;      /* the last answer body, or NULL */
	long long updated;   /* ms since the epoch of the last change */
} pc_store_obj;

typedef struct pc_store pc_store;

/* Opens (creating the directory 0700 and the file 0600) state_dir/objects
 * and reads it. Refuses a file that is a link, not the user's own, or
 * readable by others, as the journal does. */
pc_store *pc_store_open(const char *state_dir, pc_err *err);
/* The same, reading nothing yet (the console draws first): until
 * pc_store_load_step() says 0, lookups see only the lines read so far, and
 * a change first reads the rest, so what it appends comes after them. */
pc_store *pc_store_open_unread(const char *state_dir, pc_err *err);
/* Reads up to max_lines more lines: 1 when more are left, 0 when the file
 * is read (then as pc_store_open left it), -1 with err. */
int pc_store_load_step(pc_store *s, size_t max_lines, pc_err *err);
bool pc_store_loaded(const pc_store *s);
void pc_store_close(pc_store *s);
const char *pc_store_path(const pc_store *s);

/* Reads what other processes appended since the last read (the whole file
 * again when it was compacted meanwhile). *changed tells whether any object
 * changed; it may be NULL. */
int pc_store_refresh(pc_store *s, bool *changed, pc_err *err);

/* Objects in the order they first appeared. */
size_t pc_store_count(const pc_store *s);
const pc_store_obj *pc_store_get(const pc_store *s, size_t i);
const pc_store_obj *pc_store_find(const pc_store *s, const char *kind, const char *id);

/* Lines in the file that could not be read (kept, and skipped). */
int pc_store_bad_lines(const pc_store *s);

/* Adds or changes one object and appends it. NULL status, fields, request
 * or response keep what the object had; fields are merged into the old
 * ones (later values win). when is the change's time in ms (0: now). */
int pc_store_put(pc_store *s, const char *kind, const char *id, const char *status,
                 const cJSON *fields, const char *request, const char *response,
                 long long when, pc_err *err);

/* A request's fields as a cJSON object for pc_store_put: numbers and
 * nested JSON keep their text; sign, appId and timestamp are left out.
 * NULL on OOM. */
cJSON *pc_store_fields_json(const pc_params *p);

/* The kind of object an endpoint is about ("payout" for payout.create and
 * payout.status ...), NULL when it is about none (balance, statements,
 * payment lists). */
const char *pc_store_kind_of(const char *endpoint_id);

/* Records PayCools' answer to a successful call of ep: the object named by
 * the request fields and the answer data (data may be an object or, for
 * refund.show, a list of them). request and response are the texts shown
 * in detail views (either may be NULL). Returns how many objects were
 * recorded (0 for endpoints about no object), -1 with err. */
int pc_store_record_answer(pc_store *s, const pc_endpoint *ep, const pc_params *fields,
                           const cJSON *data, const char *request, const char *response,
                           pc_err *err);

/* Applies a judged callback received at received_ms: only a valid one, and
 * only about an object kind the store keeps. A payout, refund, web payment
 * or checkout takes the callback's status (a payout callback saying
 * COMPLETE makes the payout COMPLETE); QR codes and accounts, which take
 * many payments, keep theirs and note the last payment. An object the
 * store lacks is added. A callback older than the object's last change
 * does not undo a final status. Returns 1 when something changed, 0 when
 * not (nothing is written then: applying the same callback twice is
 * harmless), -1 with err. */
int pc_store_apply_callback(pc_store *s, const pc_callback *cb, long long received_ms, pc_err *err);

/* COMPLETE, FAILED, SUCCESS, CANCELLED, CLOSED, EXPIRED, REJECTED: states
 * an object does not leave. */
bool pc_store_status_final(const char *status);

#endif
