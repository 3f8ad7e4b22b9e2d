/* spool.h — the callback spool: a maildir shared by the receiver and the consoles.
 *
 * Layout: DIR/tmp/ and DIR/new/. The receiver (paycon-hookd, the only
 * writer) writes each callback body, byte for byte as received, to
 * tmp/NAME, fsyncs it, renames it to new/NAME and fsyncs new/; only then
 * does it acknowledge. So a file in new/ is always complete, and every
 * acknowledged callback is in new/. Consoles only read: they never move,
 * rename or delete a file, because many support staff may watch one spool.
 *
 * NAME is "<unix-ms>.<pid>_<seq>.<host>", e.g. "1732183200123.4711_42.hookd-1":
 *   unix-ms  decimal milliseconds since the epoch (the writer never lets it
 *            go backwards within one process, even when the clock does)
 *   pid      the writer's process id, 1 .. 2147483647
 *   seq      a per-process counter
 *   host     the writer's host name: 1 .. 64 bytes of [A-Za-z0-9._-]
 * Numbers are plain decimal without leading zeros (so a name has one
 * spelling), and a host must not end in a temporary-file suffix (".tmp",
 * ".swp", ".bak", …). Anything else found in new/ — editor swap files,
 * "x.tmp", dot files, sub-directories, links — is not a callback and is
 * skipped by every reader.
 *
 * Modes: directories 0750, files 0640. The receiver runs as a service user;
 * support staff read the spool through its group. Nobody but the receiver
 * writes (consoles never move files), so the group needs no write bit, and
 * others get nothing: callbacks carry account numbers and names. A spool
 * directory made setgid by the administrator (chgrp staff; chmod g+s) keeps
 * that bit on the tmp/ and new/ it creates, so files get the staff group.
 *
 * Following a spool: open a watcher (inotify on Linux) and use it only as a
 * doorbell — when its fd is readable, drain it with pc_spool_watch_next()
 * and call pc_spool_scan_since(). The scan is the source of truth, so lost
 * or coalesced events do no harm. When the watcher cannot be opened (no
 * inotify, watch limit reached) or reports PC_SPOOL_WATCH_LOST, poll
 * pc_spool_scan_since() every PC_SPOOL_POLL_MS instead. On network file
 * systems inotify does not see other hosts' writes: poll there too. */
#ifndef PAYCON_SPOOL_H
#define PAYCON_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define PC_SPOOL_HOST_MAX 64
/* Enough for the longest valid name (20 + 1 + 10 + 1 + 20 + 1 + 64) and its NUL. */
#define PC_SPOOL_NAME_SIZE 128
#define PC_SPOOL_DIR_MODE 0750
#define PC_SPOOL_FILE_MODE 0640
/* A file appears in new/ at most this long after the time in its name: the
 * writer renames a slow store (a long fsync) into new/ under a fresh name.
 * Cursors look this far back for late arrivals. */
#define PC_SPOOL_SETTLE_MS 10000
/* Suggested rescan interval for followers without a working watcher. */
#define PC_SPOOL_POLL_MS 2000

/* A parsed spool name. */
typedef struct {
	uint64_t ms;
	long pid;
	uint64_t seq;
	char host[PC_SPOOL_HOST_MAX + 1];
} pc_spool_name;

/* ---- names ------------------------------------------------------------- */

/* Copies raw (a host name, possibly hostile) into out: bytes outside
 * [A-Za-z0-9.-] become '_', at most PC_SPOOL_HOST_MAX bytes are kept, an
 * empty result becomes "localhost", and a temporary-file suffix (".tmp" …)
 * has its dot replaced by '_' so that the name still parses. */
void pc_spool_sanitize_host(const char *raw, char out[PC_SPOOL_HOST_MAX + 1]);

/* Writes "<ms>.<pid>_<seq>.<host>" into out (size bytes), host sanitised as
 * above. -1 when pid is not 1..2147483647 or out is too small. */
int pc_spool_make_name(char *out, size_t size, uint64_t ms, long pid, uint64_t seq, const char *host);

/* Parses a name strictly (see the top of this file). Reads at most
 * PC_SPOOL_NAME_SIZE bytes of name. 0, or -1 when it is not a spool name
 * (out is then zeroed). */
int pc_spool_parse_name(const char *name, pc_spool_name *out);

/* Spool order: ms, then pid, then seq, then host (bytewise). <0, 0, >0. */
int pc_spool_name_cmp(const pc_spool_name *a, const pc_spool_name *b);

/* ---- opening ----------------------------------------------------------- */

typedef struct pc_spool pc_spool;

/* For the writer: creates dir (and missing parents), dir/tmp and dir/new
 * (mode PC_SPOOL_DIR_MODE) when absent. The host part of new names is this
 * machine's host name. */
pc_spool *pc_spool_open(const char *dir, pc_err *err);

/* For readers: creates nothing; dir/new must be a directory. */
pc_spool *pc_spool_open_reader(const char *dir, pc_err *err);

void pc_spool_close(pc_spool *s);

const char *pc_spool_dir(const pc_spool *s);

/* ---- writing ----------------------------------------------------------- */

/* Stores len bytes of body (any bytes, NUL included) durably as described
 * at the top: tmp/NAME (O_EXCL, O_NOFOLLOW, mode PC_SPOOL_FILE_MODE), write,
 * fsync, close, rename to new/, fsync new/. When name_out is not NULL it
 * receives the name in new/ (PC_SPOOL_NAME_SIZE bytes). On any failure
 * nothing is left in tmp/ or new/ and -1 is returned with err set: the
 * caller must not acknowledge the callback (hookd answers 503).
 * Thread-safe: many threads may store into one pc_spool at once. */
int pc_spool_store(pc_spool *s, const void *body, size_t len, char *name_out, pc_err *err);

/* Files a writer killed in the middle of a store leave in tmp/ (never in
 * new/, never acknowledged). A live store's file is seconds old, so files
 * older than this are safe to remove even when writers share a spool. */
#define PC_SPOOL_TMP_MAX_AGE_S 3600

/* Removes regular files with spool names from tmp/ that were last modified
 * more than max_age_s seconds ago (the writer calls this when it starts).
 * Returns how many were removed, or -1 with err. */
int pc_spool_clean_tmp(pc_spool *s, unsigned max_age_s, pc_err *err);

/* ---- reading ----------------------------------------------------------- */

typedef struct {
	char name[PC_SPOOL_NAME_SIZE];
	pc_spool_name key;
} pc_spool_entry;

typedef struct {
	pc_spool_entry *items;
	size_t n;
	size_t cap;
} pc_spool_list;

void pc_spool_list_free(pc_spool_list *list);

/* Every callback in new/, in spool order; foreign names are skipped. On
 * success out owns the entries (free with pc_spool_list_free); on failure
 * out is empty. */
int pc_spool_scan(pc_spool *s, pc_spool_list *out, pc_err *err);

/* Reads new/name: name must be a spool name, the file a regular file (not
 * followed through a link) of at most max bytes. *body is malloc'd, holds
 * exactly the stored bytes plus a NUL after them (not counted in *len). */
int pc_spool_read(pc_spool *s, const char *name, char **body, size_t *len, size_t max, pc_err *err);

/* A follower's position. It remembers the greatest name returned and the
 * names of the last PC_SPOOL_SETTLE_MS before it, so a file renamed into
 * new/ after a later-named one (stores finish out of order) is still
 * returned, exactly once. */
typedef struct pc_spool_cursor pc_spool_cursor;

/* last_seen: NULL to start from the beginning, or the name a previous run
 * saved (pc_spool_cursor_last()). After a restart the first scan also
 * returns names up to PC_SPOOL_SETTLE_MS before last_seen that this cursor
 * cannot know were seen: delivery is at-least-once across restarts, so
 * callers deduplicate by name. NULL with err on a bad name or OOM. */
pc_spool_cursor *pc_spool_cursor_new(const char *last_seen, pc_err *err);
void pc_spool_cursor_free(pc_spool_cursor *c);

/* The greatest name returned so far (or given to _new), NULL if none. */
const char *pc_spool_cursor_last(const pc_spool_cursor *c);

/* The callbacks in new/ this cursor has not returned yet, in spool order,
 * and advances the cursor past them. Only names are read, never bodies. */
int pc_spool_scan_since(pc_spool *s, pc_spool_cursor *c, pc_spool_list *out, pc_err *err);

/* The same for a follower whose watcher works, without listing new/: of
 * names (what pc_spool_watch_next() reported since the last call), those
 * that are regular files in new/ and that this cursor has not returned
 * yet, in spool order, once each; advances the cursor past them. A listing
 * costs in proportion to the spool (tens of milliseconds at 100,000
 * files), this in proportion to the names. After PC_SPOOL_WATCH_RESCAN or
 * PC_SPOOL_WATCH_LOST, and when polling, call pc_spool_scan_since(). */
int pc_spool_scan_named(pc_spool *s, pc_spool_cursor *c, const char *const *names, size_t n,
                        pc_spool_list *out, pc_err *err);

/* ---- watching ---------------------------------------------------------- */

typedef struct pc_spool_watch pc_spool_watch;

typedef enum {
	PC_SPOOL_WATCH_IDLE = 0,   /* no event pending */
	PC_SPOOL_WATCH_FILE = 1,   /* name holds a callback that appeared in new/ */
	PC_SPOOL_WATCH_RESCAN = 2, /* events were lost (queue overflow): rescan */
	PC_SPOOL_WATCH_LOST = 3,   /* new/ was removed or moved: rescan, then
	                            * reopen the watcher or poll */
} pc_spool_watch_event;

/* Watches new/ for files renamed in (IN_MOVED_TO) or written in place
 * (IN_CLOSE_WRITE). NULL with err when inotify is unavailable: the caller
 * then polls pc_spool_scan_since() every PC_SPOOL_POLL_MS. */
pc_spool_watch *pc_spool_watch_open(const pc_spool *s, pc_err *err);

/* A non-blocking descriptor that becomes readable when events are pending
 * (for poll(2) in the caller's event loop). */
int pc_spool_watch_fd(const pc_spool_watch *w);

/* The next pending event, never blocking. Foreign names and directories
 * are skipped. name (PC_SPOOL_NAME_SIZE bytes) is filled for
 * PC_SPOOL_WATCH_FILE. -1 with err on a read error. */
int pc_spool_watch_next(pc_spool_watch *w, char *name, pc_err *err);

void pc_spool_watch_close(pc_spool_watch *w);

/* The names a watcher rang for, kept for pc_spool_scan_rang(). */
typedef struct {
	char (*names)[PC_SPOOL_NAME_SIZE];
	size_t n, cap;
} pc_spool_rang;

/* Reads every pending event into r (emptied first): PC_SPOOL_WATCH_IDLE
 * (none) or PC_SPOOL_WATCH_FILE when r holds all that is new;
 * PC_SPOOL_WATCH_RESCAN when events were lost or could not be read or kept
 * (list new/ with pc_spool_scan_since instead); PC_SPOOL_WATCH_LOST when
 * new/ went away (close the watcher, list new/, then poll). */
int pc_spool_watch_drain(pc_spool_watch *w, pc_spool_rang *r);
void pc_spool_rang_free(pc_spool_rang *r);
/* pc_spool_scan_named() over the names in r. */
int pc_spool_scan_rang(pc_spool *s, pc_spool_cursor *c, const pc_spool_rang *r, pc_spool_list *out,
                       pc_err *err);

#endif
