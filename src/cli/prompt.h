/* prompt.h — questions asked at the terminal (/dev/tty), never on stdin,
 * so piped data and scripts cannot answer them by accident. */
#ifndef PAYCON_PROMPT_H
#define PAYCON_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

/* True when a controlling terminal can be opened. */
bool prompt_have_tty(void);

/* pc_passphrase_fn: asks with echo off. */
int prompt_passphrase(char *buf, size_t size, const char *key_path, void *ud);

/* Shows `review` and asks the operator to type `expected` (the amount as
 * typed in pesos). Returns 1 when typed exactly, 0 when refused or typed
 * wrong, -1 when there is no terminal. */
int prompt_typed_confirmation(const char *review, const char *expected);

#endif
