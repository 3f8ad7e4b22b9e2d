/* review.h — the review screen before money moves.
 *
 * Environment, app, recipient, amount in digits and in words, idempotency
 * id and the canonical string that will be signed. Enter sends in sandbox
 * and UAT; production first asks for the amount typed as in the form. The
 * request goes through pc_money_move (journal intent, send, outcome). */
#ifndef PAYCON_TUI_REVIEW_H
#define PAYCON_TUI_REVIEW_H

#include "app.h"

/* Takes a copy of fields. 0, or -1 when the request cannot be built (the
 * status line says why). */
int tui_review_open(tui_app *app, const pc_endpoint *ep, const pc_params *fields);
void tui_review_close(tui_app *app);
void tui_review_draw(tui_app *app);
/* The send action (after tui_action_check). */
void tui_review_send(tui_app *app);
/* Other keys: the typed amount in production. */
void tui_review_key(tui_app *app, int key);

#endif
