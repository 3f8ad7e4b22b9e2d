/* form.h — forms generated from the endpoint table.
 *
 * Every create, update and lookup action opens a form of its endpoint's
 * fields (help text from the table; amounts typed in pesos). Leaving a
 * field checks it with pc_endpoint_validate; submitting checks them all
 * and sends, or opens the review when money moves. */
#ifndef PAYCON_TUI_FORM_H
#define PAYCON_TUI_FORM_H

#include "app.h"

/* The form of a->endpoint, prefilled from the selected row of the pane. */
void tui_form_open(tui_app *app, const tui_action *a);
void tui_form_close(tui_app *app);
/* True when something was typed that has not been sent. */
bool tui_form_dirty(const tui_app *app);
void tui_form_draw(tui_app *app);
/* Form actions: next-field, prev-field, submit, cancel, close. */
void tui_form_action(tui_app *app, const tui_action *a);
/* Any other key: edits the field. */
void tui_form_key(tui_app *app, int key);

#endif
