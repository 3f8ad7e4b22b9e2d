/* sandbox.h — the state every part of paycon-sandbox shares.
 *
 * One sb_ctx lives for the whole process: the options from the command
 * line, the two keys, the ledger (with its lock), the fault list and the
 * stop flag the worker threads watch. */
#ifndef PAYCON_SANDBOX_H
#define PAYCON_SANDBOX_H

#include <stdatomic.h>
#include <stddef.h>

#include "faults.h"
#include "keys.h"
#include "ledger.h"

typedef struct {
	const char *listen;               /* HOST:PORT as given */
	const char *app_id;
	const char *merchant_public_key;  /* path */
	const char *platform_private_key; /* path */
	const char *webhook;              /* URL or NULL */
	const char *state_path;           /* NULL: state lives in memory only */
	long long balance;                /* centavos, for a new ledger */
	long long settle_ms;
	long long callback_retry_ms;      /* first retry delay */
	unsigned long long seed;
} sb_options;

typedef struct {
	sb_options opt;
	pc_key *merchant_key;   /* verifies requests */
	pc_key *platform_key;   /* signs callbacks */
	sb_ledger ledger;
	sb_faults faults;
	char base_url[160];     /* http://HOST:PORT with the real port */
	atomic_int stopping;
} sb_ctx;

/* Logs one line on stderr: "<UTC time> paycon-sandbox: <text>". */
void sb_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
