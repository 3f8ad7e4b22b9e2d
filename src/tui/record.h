/* record.h — `paycon --record FILE.cast`: the console session as an
 * asciicast v2 file (plays with `asciinema play`).
 *
 * ncurses writes with write(2) on the descriptor behind its FILE*, so the
 * output cannot be caught inside the process: the console runs on a
 * pseudo-terminal instead, and the original process relays between the
 * real terminal and the pty, copying what the console shows into the
 * file. Passphrases are read on /dev/tty with echo off, which is the pty:
 * they never appear in the output stream, so never in the recording. */
#ifndef PAYCON_TUI_RECORD_H
#define PAYCON_TUI_RECORD_H

#include "err.h"

/* Creates PATH (never overwriting it, mode 0600), then forks. In the
 * child — the console — returns 0 with stdin/stdout/stderr on the pty.
 * The parent relays until the child ends and never returns: it exits
 * with the child's status. Returns -1 with err filled when recording
 * cannot start (nothing forked, the file removed if it was created). */
int tui_record_start(const char *path, pc_err *err);

#endif
