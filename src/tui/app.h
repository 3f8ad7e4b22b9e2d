/* app.h — the console's state, shared by the screen machinery and the panes.
 *
 * Layout: row 0 the header, row 1 the pane tabs and title, then the body
 * (a pane, or a detail view, form or review over it), the status line and
 * the help bar. Panes are files (pane_*.c), each one tui_pane_ops; the
 * machinery around them (screen.c, lineedit.c, form.c, review.c, live.c,
 * objects.c) is shared. */
#ifndef PAYCON_TUI_APP_H
#define PAYCON_TUI_APP_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include <curses.h>

#include "actions.h"
#include "cli.h"
#include "envelope.h"
#include "store.h"
#include "theme.h"
#include "view.h"

#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24
/* Rows taken by header, tabs, status line and help bar. */
#define TUI_CHROME_ROWS 4
/* The role of QR code lines: dark on light whatever the theme. */
#define TUI_ROLE_QR TUI_ROLE_COUNT

typedef struct tui_app tui_app;
typedef struct tui_pane tui_pane;
typedef struct tui_form tui_form;
typedef struct tui_review tui_review;
typedef struct tui_live tui_live;
typedef struct tui_backlog tui_backlog;

typedef struct {
	tui_pane_id id;
	const tui_column *cols;   /* NULL: the pane shows text */
	int ncols;
	const char *kind;         /* the store's kind for object panes, else NULL */
	/* Rebuilds p->list (or p->text) from the data at hand; no network. */
	void (*load)(tui_app *app, tui_pane *p);
	/* Lines above the list, or NULL. */
	void (*preamble)(tui_app *app, tui_pane *p, tui_text *out);
	/* Fills the detail view of a row. */
	void (*detail)(tui_app *app, tui_pane *p, const tui_row *row, tui_text *out);
	/* Pane actions that open no form; true when handled. */
	bool (*act)(tui_app *app, tui_pane *p, const tui_action *a, const char *arg);
	/* When the pane is opened or refreshed with `r` (may call PayCools). */
	void (*fetch)(tui_app *app, tui_pane *p);
	/* At exit: frees what the pane keeps of its own. */
	void (*done)(tui_app *app, tui_pane *p);
	/* Object panes: what each column shows ("id", "status", "updated",
	 * "field:NAME", "money:NAME", "mask:NAME"), one per column. */
	const char *const *sources;
} tui_pane_ops;

struct tui_pane {
	const tui_pane_ops *ops;
	tui_list list;
	tui_text text;            /* text panes */
	tui_text pre;             /* the preamble */
	bool stale;               /* load before the next draw */
	bool refreshed;           /* refresh ran once */
	long day_offset;          /* balance: statements of today + offset */
};

typedef enum { TUI_PROMPT_NONE = 0, TUI_PROMPT_PALETTE, TUI_PROMPT_FILTER, TUI_PROMPT_CONFIRM } tui_prompt_kind;

typedef void (*tui_confirm_fn)(tui_app *app);

typedef struct {
	tui_prompt_kind kind;
	char buf[512];
	size_t len, cursor;       /* bytes */
	char saved_filter[256];   /* filter before `/`, for Esc */
	char question[256];       /* CONFIRM */
	tui_confirm_fn on_yes;
	/* palette */
	int history_pos;          /* -1: editing a new line */
	char completion_base[128];
	int completion_index;
	char hint[256];           /* completions shown after the text */
} tui_prompt;

struct tui_app {
	cli_ctx *ctx;
	pc_client *client;
	const pc_profile *profile;
	bool readonly;
	bool production;
	bool headless;
	bool utf8;
	bool no_color;
	char key_problem[512];    /* the merchant key could not be loaded */
	char platform_problem[512];

	/* screen */
	SCREEN *screen;
	FILE *term_out, *term_in;
	int rows, cols;
	bool too_small;
	bool colors;
	tui_theme theme;
	attr_t attrs[TUI_ROLE_COUNT];
	attr_t qr_attr;
	int cursor_y, cursor_x;   /* where the cursor goes after drawing, */
	bool cursor_on;           /* when a prompt or a field takes text */

	/* what is shown */
	tui_pane panes[TUI_PANE_COUNT];
	tui_pane_id current;
	tui_pane_id previous;
	bool in_detail;
	tui_text detail;
	char detail_title[256];
	char detail_key[256];     /* the row the detail view shows (kept live) */
	bool pane_list;
	size_t pane_list_sel;
	tui_form *form;
	tui_review *review;
	tui_prompt prompt;
	char status[1024];
	int status_role;
	char saved_status[1024];  /* shown again after a request */
	int saved_role;

	/* data */
	pc_store *store;
	char store_problem[512];
	tui_live *live;
	tui_backlog *backlog;      /* journal and spool read after the first frame */
	long long balance;
	bool have_balance;
	long long balance_at;     /* pc_now_ms() of the answer */

	/* history of `:` commands */
	char **history;
	int nhistory;
	char *history_path;

	/* input */
	FILE *script;
	char *script_path;
	int script_lineno;
	int pending_keys[1024];   /* keys of the current script line still to feed */
	int npending, pending_pos;
	bool script_failed;

	volatile sig_atomic_t *cancel; /* set by SIGINT: cancels a request or a prompt */
	bool quit;
	int last_key;             /* the key being handled (back: q quits, Esc does not) */
	bool busy;                /* a request is in flight */
	long long started_mono;   /* for the first-frame measurement */
	long long first_frame_ms; /* -1 until drawn */
	/* callbacks that arrived while running: stored in the spool -> drawn */
	long long cb_drawn, cb_latency_sum, cb_latency_min, cb_latency_max;
};

/* ---- the panes (pane_*.c) ---- */
extern const tui_pane_ops tui_balance_pane;
extern const tui_pane_ops tui_payouts_pane;
extern const tui_pane_ops tui_qr_pane;
extern const tui_pane_ops tui_va_pane;
extern const tui_pane_ops tui_transfers_pane;
extern const tui_pane_ops tui_web_pane;
extern const tui_pane_ops tui_refunds_pane;
extern const tui_pane_ops tui_checkout_pane;
extern const tui_pane_ops tui_callbacks_pane;
extern const tui_pane_ops tui_journal_pane;
extern const tui_pane_ops tui_uat_pane;
extern const tui_pane_ops tui_help_pane;

/* ---- tui.c: dispatch and the shared verbs ---- */

/* The context keys are looked up in (actions.h). */
unsigned tui_context(const tui_app *app);
/* Runs an action after the one read-only check (tui_action_check). */
void tui_dispatch(tui_app *app, const tui_action *a, const char *arg);
/* Runs a `:` command line ("qr", "save-display FILE"). */
void tui_run_command(tui_app *app, const char *line);
void tui_open_pane(tui_app *app, tui_pane_id id);
tui_pane *tui_current_pane(tui_app *app);
/* Marks the panes that show data of this kind (NULL: all) for reloading. */
void tui_mark_stale(tui_app *app, const char *kind);
/* Opens the detail view (its text is app->detail, filled by the caller). */
void tui_show_detail(tui_app *app, const char *title, const char *key);
void tui_close_detail(tui_app *app);
/* Opens the detail view of the object (kind, id) in its pane. */
void tui_show_object(tui_app *app, const char *kind, const char *id);
void tui_status(tui_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_error(tui_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Asks a y/n question on the status line; on_yes runs after "y". */
void tui_confirm(tui_app *app, const char *question, tui_confirm_fn on_yes);
/* Fetches the balance (account.balance) into the header. */
void tui_fetch_balance(tui_app *app);
/* Clears the cancel flag and shows what is being sent, before a request. */
void tui_begin_request(tui_app *app, const char *what);
/* After it: true when it was cancelled with Ctrl-C. */
bool tui_end_request(tui_app *app);
/* build + send with the cancel flag, recording objects in the store.
 * request_text gets the dry-run text (malloc'd) when not NULL. 0 / -1. */
int tui_call(tui_app *app, const pc_endpoint *ep, const pc_params *fields, pc_envelope *env,
             char **request_text, pc_err *err);
/* Waits for the next key (script or terminal) while drawing; -1 when none
 * will come. For questions asked in the middle of an action. */
int tui_wait_key(tui_app *app);
/* Philippine date (UTC+8) of now + days, "yyyy-MM-dd". */
void tui_ph_date(long days, char *buf, size_t size);
/* Monotonic milliseconds (timers; not affected by PAYCON_NOW_MS). */
long long tui_mono_ms(void);

#endif
