/* ledger.h — everything the sandbox knows, as one JSON document.
 *
 * The state is kept as the JSON it is saved as, so the state file, the
 * /_sandbox/ledger dump and memory never disagree. Top level:
 *
 *   version 1, appId, balance (centavos), seq (id counter),
 *   payouts[], qrcodes[], virtualAccounts[], transferAccounts[],
 *   checkouts[], aggregateVAs[], collections[], refunds[], callbacks[]
 *
 * Times are integers, milliseconds since the epoch ("createMs" ...);
 * amounts are integers, centavos. Each list's object fields are described
 * where the objects are made (payout.c, qr.c, ...). collections[] holds
 * every payment made to the merchant (QR, VA, transfer, web payment,
 * checkout, direct debit), each with its C… transactionId.
 *
 * Locking: one mutex. The HTTP threads, the settlement thread and the
 * callback thread take it around every read and change; sb_ledger_commit
 * (lock held) writes the state file and wakes the worker threads. */
#ifndef PAYCON_SB_LEDGER_H
#define PAYCON_SB_LEDGER_H

#include <pthread.h>
#include <stdbool.h>

#include <cjson/cJSON.h>

#include "err.h"

#define SB_LEDGER_VERSION 1

typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;  /* broadcast by sb_ledger_commit and at shutdown */
	cJSON *doc;
	char *path;           /* state file, or NULL */
} sb_ledger;

/* Loads path when it exists (its appId must be app_id), else starts a new
 * ledger holding balance. path NULL: memory only. Errors are PC_EINPUT. */
int sb_ledger_open(sb_ledger *l, const char *path, const char *app_id, long long balance,
                   pc_err *err);
void sb_ledger_close(sb_ledger *l);

void sb_ledger_lock(sb_ledger *l);
void sb_ledger_unlock(sb_ledger *l);

/* After a change (lock held): writes the state file atomically and wakes
 * the worker threads. -1 when the file could not be written (logged). */
int sb_ledger_commit(sb_ledger *l);

/* Whole state as JSON text (lock held), malloc'd. */
char *sb_ledger_dump(sb_ledger *l, bool pretty);

cJSON *sb_ledger_list(sb_ledger *l, const char *list);
/* First object of list whose key is the string value; NULL if none. */
cJSON *sb_ledger_find(sb_ledger *l, const char *list, const char *key, const char *value);
/* Same with two keys. */
cJSON *sb_ledger_find2(sb_ledger *l, const char *list, const char *key1, const char *value1,
                       const char *key2, const char *value2);
/* Appends a new empty object to list; NULL on OOM. */
cJSON *sb_ledger_add(sb_ledger *l, const char *list);

long long sb_ledger_balance(sb_ledger *l);
void sb_ledger_adjust_balance(sb_ledger *l, long long delta);
/* 1, 2, 3 ... kept in the state so ids never repeat after a restart. */
long long sb_ledger_next_seq(sb_ledger *l);

/* ---- fields of ledger objects ---- */

/* String value, or NULL when absent or not a string. */
const char *sb_str(const cJSON *o, const char *key);
/* String value, or "" when absent. */
const char *sb_str0(const cJSON *o, const char *key);
/* Integer value, or 0 when absent or not a number. */
long long sb_int(const cJSON *o, const char *key);
bool sb_is_null(const cJSON *o, const char *key);
/* Set (add or replace in place). A NULL string sets null. */
void sb_set_str(cJSON *o, const char *key, const char *value);
void sb_set_int(cJSON *o, const char *key, long long value);
void sb_set_null(cJSON *o, const char *key);
void sb_set_bool(cJSON *o, const char *key, bool value);
/* Takes ownership of item. */
void sb_set_item(cJSON *o, const char *key, cJSON *item);

#endif
