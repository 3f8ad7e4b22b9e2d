/* actions.c — the console's one action table (see actions.h).
 *
 * Adding an action is adding a row here (and its id in actions.h); its
 * key, `?` help, help-bar label, `:` command and read-only rule follow. */
#include "actions.h"

#include <stdio.h>
#include <string.h>

#include "keymap.h"

#define PANE(p) TUI_IN(TUI_PANE_##p)
#define EVERYWHERE TUI_IN_BROWSE
#define NO_KEYS { NULL, NULL }

static const tui_action table[] = {
	/* ---- everywhere ---- */
	{ TUI_A_HELP, "help", { "?", "<F1>" }, "help",
	  "Every key and command (this list)", EVERYWHERE, 0, -1, NULL },
	{ TUI_A_QUIT, "quit", { "Q", "<F10>" }, "quit",
	  "Quit paycon; asks first when a form holds unsent input",
	  EVERYWHERE | TUI_IN_FORM | TUI_IN_REVIEW, 0, -1, NULL },
	{ TUI_A_BACK, "back", { "q", "<Esc>" }, "back",
	  "Close the detail view; in a pane, quit", EVERYWHERE, 0, -1, NULL },
	{ TUI_A_COMMAND, "command", { ":", NULL }, "cmd",
	  "Command palette: a pane or action by name (Tab completes, Up/Down recall)",
	  EVERYWHERE, 0, -1, NULL },
	{ TUI_A_FILTER, "filter", { "/", NULL }, "filter",
	  "Filter this list as you type (Enter keeps it, Esc clears it)",
	  TUI_IN_LISTS, TUI_TAKES_ARG, -1, NULL },
	{ TUI_A_PANES, "panes", { "L", NULL }, "panes",
	  "The pane list: pick a pane with the arrows and Enter", EVERYWHERE, 0, -1, NULL },
	{ TUI_A_NEXT_PANE, "next-pane", { "<Tab>", NULL }, "next",
	  "The next pane", TUI_IN_PANES, TUI_HIDDEN, -1, NULL },
	{ TUI_A_PREV_PANE, "prev-pane", { "<BackTab>", NULL }, "prev",
	  "The previous pane", TUI_IN_PANES, TUI_HIDDEN, -1, NULL },
	{ TUI_A_REFRESH, "refresh", { "r", NULL }, "refresh",
	  "Read this pane again (store, spool, journal; the balance from PayCools)",
	  TUI_IN_PANES, 0, -1, NULL },
	{ TUI_A_REDRAW, "redraw", { "<C-l>", NULL }, "redraw",
	  "Draw the whole screen again", EVERYWHERE | TUI_IN_FORM | TUI_IN_REVIEW, TUI_HIDDEN, -1, NULL },
	{ TUI_A_UP, "up", { "<Up>", "k" }, "up", "One line up", EVERYWHERE, TUI_HIDDEN, -1, NULL },
	{ TUI_A_DOWN, "down", { "<Down>", "j" }, "down", "One line down", EVERYWHERE, TUI_HIDDEN, -1, NULL },
	{ TUI_A_PAGE_UP, "page-up", { "<PgUp>", NULL }, "pgup", "One page up",
	  EVERYWHERE, TUI_HIDDEN, -1, NULL },
	{ TUI_A_PAGE_DOWN, "page-down", { "<PgDown>", "<Space>" }, "pgdn", "One page down",
	  EVERYWHERE, TUI_HIDDEN, -1, NULL },
	{ TUI_A_FIRST, "first", { "<Home>", "g" }, "first", "To the first line",
	  EVERYWHERE, TUI_HIDDEN, -1, NULL },
	{ TUI_A_LAST, "last", { "<End>", "G" }, "last", "To the last line",
	  EVERYWHERE, TUI_HIDDEN, -1, NULL },
	{ TUI_A_OPEN, "open", { "<Enter>", NULL }, "detail",
	  "Every field of the selected line, the raw request and answer; for a callback its "
	  "canonical string and verdict", TUI_IN_LISTS, 0, -1, NULL },

	/* ---- panes ---- */
	{ TUI_A_GO_BALANCE, "balance", { "1", NULL }, "balance",
	  "Balance and the day's statements", EVERYWHERE, TUI_HIDDEN, TUI_PANE_BALANCE, NULL },
	{ TUI_A_GO_PAYOUTS, "payouts", { "2", NULL }, "payouts",
	  "Payouts paycon made, looked up or heard about", EVERYWHERE, TUI_HIDDEN, TUI_PANE_PAYOUTS, NULL },
	{ TUI_A_GO_QR, "qr", { "3", NULL }, "qr",
	  "QR Ph codes, drawn to scan", EVERYWHERE, TUI_HIDDEN, TUI_PANE_QR, NULL },
	{ TUI_A_GO_VA, "va", { "4", NULL }, "va",
	  "Static virtual accounts", EVERYWHERE, TUI_HIDDEN, TUI_PANE_VA, NULL },
	{ TUI_A_GO_TRANSFERS, "transfers", { "5", NULL }, "transfers",
	  "Bank-transfer accounts", EVERYWHERE, TUI_HIDDEN, TUI_PANE_TRANSFERS, NULL },
	{ TUI_A_GO_WEB, "web", { "6", NULL }, "web",
	  "Web payments", EVERYWHERE, TUI_HIDDEN, TUI_PANE_WEB, NULL },
	{ TUI_A_GO_REFUNDS, "refunds", { "7", NULL }, "refunds",
	  "Refunds paycon made, looked up or heard about", EVERYWHERE, TUI_HIDDEN, TUI_PANE_REFUNDS, NULL },
	{ TUI_A_GO_CHECKOUT, "checkout", { "8", NULL }, "checkout",
	  "Checkout orders", EVERYWHERE, TUI_HIDDEN, TUI_PANE_CHECKOUT, NULL },
	{ TUI_A_GO_CALLBACKS, "callbacks", { "9", NULL }, "callbacks",
	  "Callbacks in the spool, live, each verified", EVERYWHERE, TUI_HIDDEN, TUI_PANE_CALLBACKS, NULL },
	{ TUI_A_GO_JOURNAL, "journal", { "0", NULL }, "journal",
	  "The journal of money-moving requests", EVERYWHERE, TUI_HIDDEN, TUI_PANE_JOURNAL, NULL },
	{ TUI_A_GO_UAT, "uat", { "U", NULL }, "uat",
	  "The UAT acceptance checklist", EVERYWHERE, TUI_HIDDEN, TUI_PANE_UAT, NULL },

	/* ---- scripts ---- */
	{ TUI_A_SAVE_DISPLAY, "save-display", NO_KEYS, NULL,
	  "Write the screen as plain text to FILE", EVERYWHERE | TUI_IN_FORM | TUI_IN_REVIEW,
	  TUI_TAKES_ARG | TUI_SCRIPT, -1, NULL },
	{ TUI_A_WAIT_FOR, "wait-for", NO_KEYS, NULL,
	  "Wait up to 10 s until TEXT is on the screen (test scripts)",
	  EVERYWHERE | TUI_IN_FORM | TUI_IN_REVIEW, TUI_TAKES_ARG | TUI_SCRIPT, -1, NULL },
	{ TUI_A_WAIT_LOADED, "wait-loaded", NO_KEYS, NULL,
	  "Wait until the objects, journal and spool are read (test scripts)",
	  EVERYWHERE | TUI_IN_FORM | TUI_IN_REVIEW, TUI_SCRIPT, -1, NULL },

	/* ---- balance ---- */
	{ TUI_A_PREV_DAY, "prev-day", { "[", NULL }, "day-1",
	  "Statements of the day before", PANE(BALANCE), 0, -1, NULL },
	{ TUI_A_NEXT_DAY, "next-day", { "]", NULL }, "day+1",
	  "Statements of the day after", PANE(BALANCE), 0, -1, NULL },

	/* ---- payouts ---- */
	{ TUI_A_NEW_PAYOUT, "new-payout", { "n", NULL }, "new",
	  "Pay out: form, review, then send (production: type the amount)",
	  PANE(PAYOUTS), TUI_WRITES | TUI_MOVES_MONEY, -1, "payout.create" },
	{ TUI_A_LOOKUP_PAYOUT, "lookup-payout", { "s", NULL }, "lookup",
	  "Look a payout up by its order id", PANE(PAYOUTS), 0, -1, "payout.status" },
	{ TUI_A_CHECK_STATUS, "check-status", { "c", NULL }, "status",
	  "Ask PayCools for the selected payout's status now",
	  PANE(PAYOUTS) | TUI_IN_DETAIL, 0, -1, NULL },

	/* ---- QR ---- */
	{ TUI_A_NEW_QR, "new-qr", { "n", NULL }, "new",
	  "Create a QR Ph code", PANE(QR), TUI_WRITES, -1, "qr.create" },
	{ TUI_A_LOOKUP_QR, "lookup-qr", { "s", NULL }, "lookup",
	  "Look a QR code up by its order id", PANE(QR), 0, -1, "qr.show" },
	{ TUI_A_UPDATE_QR, "update-qr", { "e", NULL }, "edit",
	  "Change the selected QR code's customer, email, remark or callback URL",
	  PANE(QR), TUI_WRITES, -1, "qr.update" },
	{ TUI_A_CANCEL_QR, "cancel-qr", { "x", NULL }, "cancel",
	  "Cancel the selected QR code", PANE(QR), TUI_WRITES, -1, "qr.cancel" },
	{ TUI_A_QR_PAYMENTS, "qr-payments", { "P", NULL }, "payments",
	  "Payments into the selected QR code between two dates", PANE(QR), 0, -1, "qr.payments" },
	{ TUI_A_SHOW_QR, "show-qr", { "v", NULL }, "view",
	  "Draw the selected QR code alone, large enough to scan", PANE(QR) | TUI_IN_DETAIL, 0, -1, NULL },

	/* ---- virtual accounts ---- */
	{ TUI_A_NEW_VA, "new-va", { "n", NULL }, "new",
	  "Create a static virtual account", PANE(VA), TUI_WRITES, -1, "va.create" },
	{ TUI_A_NEW_VA_BATCH, "new-va-batch", { "N", NULL }, "batch",
	  "Create static virtual accounts on several channels", PANE(VA), TUI_WRITES, -1, "va.batch_create" },
	{ TUI_A_UPDATE_VA, "update-va", { "e", NULL }, "edit",
	  "Change the channels of the selected virtual accounts", PANE(VA), TUI_WRITES, -1, "va.update" },
	{ TUI_A_CANCEL_VA, "cancel-va", { "x", NULL }, "cancel",
	  "Cancel the selected virtual accounts", PANE(VA), TUI_WRITES, -1, "va.cancel" },
	{ TUI_A_VA_PAYMENTS, "va-payments", { "P", NULL }, "payments",
	  "Payments into the selected virtual account between two dates", PANE(VA), 0, -1, "va.payments" },

	/* ---- bank-transfer accounts ---- */
	{ TUI_A_NEW_TRANSFER, "new-transfer", { "n", NULL }, "new",
	  "Create bank-transfer accounts", PANE(TRANSFERS), TUI_WRITES, -1, "transfer.create" },
	{ TUI_A_UPDATE_TRANSFER, "update-transfer", { "e", NULL }, "edit",
	  "Change the channels of the selected bank-transfer accounts",
	  PANE(TRANSFERS), TUI_WRITES, -1, "transfer.update" },
	{ TUI_A_TRANSFER_PAYMENTS, "transfer-payments", { "P", NULL }, "payments",
	  "Payments into the selected accounts between two dates", PANE(TRANSFERS), 0, -1,
	  "transfer.payments" },

	/* ---- web payments ---- */
	{ TUI_A_NEW_WEB, "new-web", { "n", NULL }, "new",
	  "Create a web payment (a payment page for the customer)", PANE(WEB), TUI_WRITES, -1, "web.create" },
	{ TUI_A_LOOKUP_WEB, "lookup-web", { "s", NULL }, "lookup",
	  "Look a web payment up by its transaction id", PANE(WEB), 0, -1, "web.status" },
	{ TUI_A_REFUND_PAYMENT, "refund-payment", { "f", NULL }, "refund",
	  "Refund the selected payment: form, review, then send",
	  PANE(WEB), TUI_WRITES | TUI_MOVES_MONEY, -1, "refund.create" },

	/* ---- refunds ---- */
	{ TUI_A_NEW_REFUND, "new-refund", { "n", NULL }, "new",
	  "Refund a payment: form, review, then send (production: type the amount)",
	  PANE(REFUNDS), TUI_WRITES | TUI_MOVES_MONEY, -1, "refund.create" },
	{ TUI_A_LOOKUP_REFUND, "lookup-refund", { "s", NULL }, "lookup",
	  "Look refunds up by the payment's or the refund's transaction id", PANE(REFUNDS), 0, -1,
	  "refund.show" },

	/* ---- checkout ---- */
	{ TUI_A_NEW_CHECKOUT, "new-checkout", { "n", NULL }, "new",
	  "Create a checkout order", PANE(CHECKOUT), TUI_WRITES, -1, "checkout.create" },
	{ TUI_A_LOOKUP_CHECKOUT, "lookup-checkout", { "s", NULL }, "lookup",
	  "Look a checkout order up by its order id", PANE(CHECKOUT), 0, -1, "checkout.status" },

	/* ---- journal ---- */
	{ TUI_A_RECONCILE, "reconcile", { "c", NULL }, "reconcile",
	  "Settle requests whose outcome is UNKNOWN with the status endpoints",
	  PANE(JOURNAL), 0, -1, NULL },

	/* ---- UAT checklist ---- */
	{ TUI_A_RUN_ITEM, "run-item", { "<Enter>", "x" }, "run",
	  "Run the selected checklist item against this profile (manual items ask y/n)",
	  PANE(UAT), TUI_WRITES, -1, NULL },
	{ TUI_A_SHOW_EVIDENCE, "show-evidence", { "v", NULL }, "evidence",
	  "The selected item's evidence: requests, answers, callbacks, what was said",
	  PANE(UAT), 0, -1, NULL },

	/* ---- forms ---- */
	{ TUI_A_NEXT_FIELD, "next-field", { "<Tab>", "<Down>" }, "next",
	  "The next field (checks the one left)", TUI_IN_FORM, 0, -1, NULL },
	{ TUI_A_PREV_FIELD, "prev-field", { "<BackTab>", "<Up>" }, "prev",
	  "The previous field", TUI_IN_FORM, 0, -1, NULL },
	{ TUI_A_SUBMIT, "submit", { "<Enter>", NULL }, "submit",
	  "Check every field; send, or review first when money moves", TUI_IN_FORM, 0, -1, NULL },
	{ TUI_A_CANCEL, "cancel", { "<C-c>", NULL }, "cancel",
	  "Cancel: close without sending", TUI_IN_FORM | TUI_IN_REVIEW, 0, -1, NULL },
	{ TUI_A_CLOSE, "close", { "<Esc>", NULL }, "close",
	  "Close the form (asks when something was typed)", TUI_IN_FORM, 0, -1, NULL },

	/* ---- review ---- */
	{ TUI_A_SEND, "send", { "<Enter>", NULL }, "send",
	  "Send the reviewed request (production: after the amount is typed)",
	  TUI_IN_REVIEW, TUI_WRITES | TUI_MOVES_MONEY, -1, NULL },
	{ TUI_A_EDIT, "edit", { "<Esc>", NULL }, "edit",
	  "Back to the form to change it", TUI_IN_REVIEW, 0, -1, NULL },
};

#define N_ACTIONS (sizeof(table) / sizeof(table[0]))

static const char *const pane_names[TUI_PANE_COUNT][2] = {
	[TUI_PANE_BALANCE] = { "balance", "Balance" },
	[TUI_PANE_PAYOUTS] = { "payouts", "Payouts" },
	[TUI_PANE_QR] = { "qr", "QR codes" },
	[TUI_PANE_VA] = { "va", "Virtual accounts" },
	[TUI_PANE_TRANSFERS] = { "transfers", "Bank transfers" },
	[TUI_PANE_WEB] = { "web", "Web payments" },
	[TUI_PANE_REFUNDS] = { "refunds", "Refunds" },
	[TUI_PANE_CHECKOUT] = { "checkout", "Checkout" },
	[TUI_PANE_CALLBACKS] = { "callbacks", "Callbacks" },
	[TUI_PANE_JOURNAL] = { "journal", "Journal" },
	[TUI_PANE_UAT] = { "uat", "UAT checklist" },
	[TUI_PANE_HELP] = { "help", "Help" },
};

const tui_action *tui_actions(size_t *count)
{
	if (count)
		*count = N_ACTIONS;
	return table;
}

const tui_action *tui_action_get(tui_action_id id)
{
	for (size_t i = 0; i < N_ACTIONS; i++)
		if (table[i].id == id)
			return &table[i];
	return NULL;
}

const tui_action *tui_action_by_name(const char *name)
{
	for (size_t i = 0; name && i < N_ACTIONS; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

bool tui_action_applies(const tui_action *a, unsigned context)
{
	unsigned panes = context & TUI_IN_PANES;

	if (context & TUI_IN_FORM)
		return (a->where & TUI_IN_FORM) != 0;
	if (context & TUI_IN_REVIEW)
		return (a->where & TUI_IN_REVIEW) != 0;
	if (context & TUI_IN_DETAIL)
		return (a->where & TUI_IN_DETAIL) && (a->where & panes);
	return (a->where & panes) != 0;
}

static bool has_key(const tui_action *a, int key)
{
	for (int k = 0; k < 2; k++) {
		const char *spec = a->keys[k];

		if (spec && tui_key_parse(&spec) == key)
			return true;
	}
	return false;
}

const tui_action *tui_action_for_key(int key, unsigned context)
{
	/* Forms and the review take typed text: a letter is never an action there. */
	if ((context & (TUI_IN_FORM | TUI_IN_REVIEW)) && tui_key_is_text(key))
		return NULL;
	for (size_t i = 0; i < N_ACTIONS; i++)
		if (tui_action_applies(&table[i], context) && has_key(&table[i], key))
			return &table[i];
	return NULL;
}

const char *tui_action_key_in(const tui_action *a, unsigned context)
{
	for (int k = 0; k < 2; k++) {
		const char *spec = a->keys[k];
		int key;

		if (!spec)
			continue;
		key = tui_key_parse(&spec);
		if (tui_action_for_key(key, context) == a)
			return a->keys[k];
	}
	return NULL;
}

int tui_action_check(const tui_action *a, bool readonly, char *why, size_t size)
{
	if (!a) {
		snprintf(why, size, "no such action");
		return -1;
	}
	if (readonly && (a->flags & TUI_WRITES)) {
		snprintf(why, size, "read-only: %s would %s and is refused (role viewer or --readonly); "
		         "nothing was sent", a->name,
		         (a->flags & TUI_MOVES_MONEY) ? "move money" : "change data at PayCools");
		return -1;
	}
	return 0;
}

const char *tui_pane_name(tui_pane_id p)
{
	return (unsigned)p < TUI_PANE_COUNT ? pane_names[p][0] : "?";
}

const char *tui_pane_title(tui_pane_id p)
{
	return (unsigned)p < TUI_PANE_COUNT ? pane_names[p][1] : "?";
}

const tui_action *tui_pane_opener(tui_pane_id p)
{
	if (p == TUI_PANE_HELP)
		return tui_action_get(TUI_A_HELP);
	for (size_t i = 0; i < N_ACTIONS; i++)
		if (table[i].pane == (int)p)
			return &table[i];
	return NULL;
}
