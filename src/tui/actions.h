/* actions.h — every action of the console, in one table.
 *
 * A row: the name (also its `:` command), up to two keys (names as in
 * keymap.h), a short label for the help bar, one line of help, where it
 * applies (panes and the views over them) and flags. The table generates
 * the key dispatch, the `?` help, the help bar and doc/console.md, and
 * read-only is decided here, once, for every pane (tui_action_check).
 * No curses here: the tests walk the table without a terminal. */
#ifndef PAYCON_TUI_ACTIONS_H
#define PAYCON_TUI_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	TUI_PANE_BALANCE = 0,
	TUI_PANE_PAYOUTS,
	TUI_PANE_QR,
	TUI_PANE_VA,
	TUI_PANE_TRANSFERS,
	TUI_PANE_WEB,
	TUI_PANE_REFUNDS,
	TUI_PANE_CHECKOUT,
	TUI_PANE_CALLBACKS,
	TUI_PANE_JOURNAL,
	TUI_PANE_UAT,
	TUI_PANE_HELP,
	TUI_PANE_COUNT
} tui_pane_id;

/* Where an action applies. A pane's bit alone: in that pane. Views over a
 * pane need their own bit: DETAIL together with the pane's bit (the detail
 * view of a payout), FORM, REVIEW. */
#define TUI_IN(pane) (1u << (pane))
#define TUI_IN_PANES ((1u << TUI_PANE_COUNT) - 1u)
#define TUI_IN_DETAIL (1u << 16)
#define TUI_IN_FORM (1u << 17)
#define TUI_IN_REVIEW (1u << 18)
#define TUI_IN_BROWSE (TUI_IN_PANES | TUI_IN_DETAIL)
/* Panes that show a list (the others show text). */
#define TUI_IN_LISTS (TUI_IN_PANES & ~(TUI_IN(TUI_PANE_UAT) | TUI_IN(TUI_PANE_HELP)))

/* Flags. */
#define TUI_WRITES 0x01      /* creates or changes something at PayCools */
#define TUI_MOVES_MONEY 0x02 /* money leaves the merchant: review, journal */
#define TUI_HIDDEN 0x04      /* not in the help bar (the `?` help lists it) */
#define TUI_TAKES_ARG 0x08   /* `:name ARG` */
#define TUI_SCRIPT 0x10      /* for scripts and tests: no key */

typedef enum {
	TUI_A_HELP = 0,
	TUI_A_QUIT,
	TUI_A_BACK,
	TUI_A_COMMAND,
	TUI_A_FILTER,
	TUI_A_PANES,
	TUI_A_NEXT_PANE,
	TUI_A_PREV_PANE,
	TUI_A_REFRESH,
	TUI_A_REDRAW,
	TUI_A_UP,
	TUI_A_DOWN,
	TUI_A_PAGE_UP,
	TUI_A_PAGE_DOWN,
	TUI_A_FIRST,
	TUI_A_LAST,
	TUI_A_OPEN,
	TUI_A_GO_BALANCE,
	TUI_A_GO_PAYOUTS,
	TUI_A_GO_QR,
	TUI_A_GO_VA,
	TUI_A_GO_TRANSFERS,
	TUI_A_GO_WEB,
	TUI_A_GO_REFUNDS,
	TUI_A_GO_CHECKOUT,
	TUI_A_GO_CALLBACKS,
	TUI_A_GO_JOURNAL,
	TUI_A_GO_UAT,
	TUI_A_SAVE_DISPLAY,
	TUI_A_WAIT_FOR,
	TUI_A_WAIT_LOADED,
	TUI_A_PREV_DAY,
	TUI_A_NEXT_DAY,
	TUI_A_NEW_PAYOUT,
	TUI_A_LOOKUP_PAYOUT,
	TUI_A_CHECK_STATUS,
	TUI_A_NEW_QR,
	TUI_A_LOOKUP_QR,
	TUI_A_UPDATE_QR,
	TUI_A_CANCEL_QR,
	TUI_A_QR_PAYMENTS,
	TUI_A_SHOW_QR,
	TUI_A_NEW_VA,
	TUI_A_NEW_VA_BATCH,
	TUI_A_UPDATE_VA,
	TUI_A_CANCEL_VA,
	TUI_A_VA_PAYMENTS,
	TUI_A_NEW_TRANSFER,
	TUI_A_UPDATE_TRANSFER,
	TUI_A_TRANSFER_PAYMENTS,
	TUI_A_NEW_WEB,
	TUI_A_LOOKUP_WEB,
	TUI_A_REFUND_PAYMENT,
	TUI_A_NEW_REFUND,
	TUI_A_LOOKUP_REFUND,
	TUI_A_NEW_CHECKOUT,
	TUI_A_LOOKUP_CHECKOUT,
	TUI_A_RECONCILE,
	TUI_A_RUN_ITEM,
	TUI_A_SHOW_EVIDENCE,
	TUI_A_NEXT_FIELD,
	TUI_A_PREV_FIELD,
	TUI_A_SUBMIT,
	TUI_A_CANCEL,
	TUI_A_CLOSE,
	TUI_A_SEND,
	TUI_A_EDIT,
	TUI_A_COUNT
} tui_action_id;

typedef struct {
	tui_action_id id;
	const char *name;      /* the `:` command */
	const char *keys[2];   /* key names; NULL when none */
	const char *label;     /* one word for the help bar */
	const char *help;      /* one line for `?` */
	unsigned where;        /* TUI_IN_* bits */
	unsigned flags;        /* TUI_WRITES ... */
	int pane;              /* the pane a pane-opening action opens, else -1 */
	const char *endpoint;  /* the endpoint whose form the action opens, or NULL */
} tui_action;

const tui_action *tui_actions(size_t *count);
const tui_action *tui_action_get(tui_action_id id);
const tui_action *tui_action_by_name(const char *name);

/* The action key opens in context (one pane's bit, with TUI_IN_DETAIL in a
 * detail view; or TUI_IN_FORM, TUI_IN_REVIEW), NULL when none. */
const tui_action *tui_action_for_key(int key, unsigned context);

/* The name of the first of a's keys that works in context, NULL if none. */
const char *tui_action_key_in(const tui_action *a, unsigned context);

/* True when the action applies in context (the same rule as for keys). */
bool tui_action_applies(const tui_action *a, unsigned context);

/* The one dispatch check: 0 when the action may run; -1 with a sentence
 * in why when it may not. Read-only (role viewer, or --readonly, which
 * nothing in the console can lower) refuses every TUI_WRITES action. */
int tui_action_check(const tui_action *a, bool readonly, char *why, size_t size);

/* Panes: "payouts", "Payouts". */
const char *tui_pane_name(tui_pane_id p);
const char *tui_pane_title(tui_pane_id p);
/* The action that opens pane p (help: TUI_A_HELP). */
const tui_action *tui_pane_opener(tui_pane_id p);

#endif
