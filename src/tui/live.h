/* live.h — what changes without a key press: callbacks arriving in the
 * spool, pending payouts and refunds, objects added by other processes.
 *
 * The spool is followed as spool.h describes: inotify as a doorbell in the
 * main poll() loop and the names it rang for (pc_spool_scan_named), a full
 * listing (pc_spool_scan_since) after lost events and every
 * PC_SPOOL_POLL_MS when there is no watcher. The callbacks already there at
 * start are read after the first frame, a slice at a time between keys
 * (backlog.h), so a spool of months costs no waiting. Each callback is judged,
 * listed, and applied to the store (a valid payout callback makes its
 * payout COMPLETE on screen). Pending payouts and refunds are asked about
 * gently: at most one request per PAYCON_POLL_MS (default 10 s; 0 stops). */
#ifndef PAYCON_TUI_LIVE_H
#define PAYCON_TUI_LIVE_H

#include "app.h"
#include "signature.h"
#include "spool.h"

/* Most callbacks read at start (the newest); older ones are counted. */
#define TUI_LIVE_MAX_CALLBACKS 5000
/* Largest callback body read. */
#define TUI_LIVE_MAX_BODY (1u << 20)

typedef struct {
	char name[PC_SPOOL_NAME_SIZE];
	unsigned long long ms;     /* from the name: when hookd stored it */
	pc_verdict verdict;
	char *reason;              /* "" when valid */
	const char *kind;          /* static */
	char *event, *order, *transaction, *status;
	long long amount;
	bool has_amount;
} tui_callback;

struct tui_live {
	pc_spool *spool;
	pc_spool_watch *watch;
	pc_spool_cursor *cursor;
	tui_callback *items;       /* in spool order */
	size_t n, cap;
	size_t skipped;            /* older than the newest TUI_LIVE_MAX_CALLBACKS at start */
	long long next_scan;       /* monotonic ms: rescan without a watcher */
	long long next_poll;       /* monotonic ms: the next pending-object check */
	long long poll_interval;   /* ms; 0: no polling */
	size_t poll_cursor;        /* round robin over the store */
	bool started;              /* the callbacks there at start are all read */
	bool listed;               /* ...and listed, in backlog */
	bool watch_tried;          /* the watcher was opened (or failed) */
	pc_spool_list backlog;     /* those to read at start, oldest first */
	size_t backlog_next;
	bool rescan_due;           /* the watcher rang before start was done */
	bool need_full;            /* a listing failed: list new/ again (tick) */
	pc_spool_rang rang;        /* names the watcher reported */
	unsigned long long fresh[64]; /* spool times of callbacks not yet drawn */
	int nfresh;
	char problem[512];         /* why the spool is not followed, "" when fine */
};

/* Opens the spool and its watcher; reads nothing yet. */
void tui_live_start(tui_app *app);
/* Reads callbacks there at start until deadline (monotonic ms), at least
 * one step; true while some remain. */
bool tui_live_load(tui_app *app, long long deadline);
/* Callbacks there at start: read so far, and in all (0 before listing). */
size_t tui_live_backlog_done(const tui_app *app);
size_t tui_live_backlog_total(const tui_app *app);
void tui_live_stop(tui_app *app);
/* The watcher's descriptor for poll(), -1 when none. */
int tui_live_fd(const tui_app *app);
/* The watcher rang (or a rescan is due): read what is new. */
void tui_live_scan(tui_app *app);
/* Timers: rescans, pending checks, store changes by other processes. */
void tui_live_tick(tui_app *app);
/* Milliseconds until tui_live_tick has something to do. */
long long tui_live_timeout(const tui_app *app);
/* Judges a spool file again for a detail view (body malloc'd; NULL when
 * unreadable, err then says why). */
char *tui_live_read(tui_app *app, const char *name, size_t *len, pc_err *err);

#endif
