/* tui.h — the console: `paycon` with no command.
 *
 * Environment: PAYCON_SCRIPT=FILE runs headless (keys and `:` commands
 * from FILE, one per line; the screen is PAYCON_SIZE=COLSxROWS, default
 * 80x24, drawn to /dev/null; `:save-display F` writes it as text);
 * PAYCON_POLL_MS sets the pending-payout check interval (0 stops it);
 * PAYCON_THEMES_DIR is searched for themes first; PAYCON_NOW_MS fixes the
 * clock; PAYCON_TIMING=1 reports the time to the first frame on stderr. */
#ifndef PAYCON_TUI_H
#define PAYCON_TUI_H

#include <stdio.h> /* cli.h names FILE */

#include "cli.h"

#include <stdbool.h>

/* True when `paycon` alone should open the console: a terminal on stdin
 * and stdout, or a PAYCON_SCRIPT. */
bool tui_wanted(void);

/* Runs the console until the operator quits; returns the exit code. */
int tui_main(cli_ctx *ctx);

#endif
