/* idgen.h — identifiers shaped like PayCools' own.
 *
 * Transaction-like ids are prefix + "1007" + the last 9 digits of the Unix
 * time in seconds + 6 digits of the ledger's sequence, the layout of the
 * examples in the docs (D1007653307144580541: created 1653307144). The
 * sequence lives in the ledger, so ids never repeat across restarts. */
#ifndef PAYCON_SB_IDGEN_H
#define PAYCON_SB_IDGEN_H

#include <stddef.h>

#define SB_ID_SIZE 40

/* "D"/"C"/"QR"/"CH" + 19 digits. */
char *sb_id_timed(char *buf, const char *prefix, long long now_ms, long long seq);
/* Refund: "R4" + yyyyMMdd (Philippine date) + 9 digits, as R420220428004148975. */
char *sb_id_refund(char *buf, long long now_ms, long long seq);
/* VA reference number: "PC" + 13 digits, as PC0000710000024. */
char *sb_id_va_reference(char *buf, long long seq);
/* Bank transfer account number: "9991" + 8 digits, as 999100000198. */
char *sb_id_bank_account(char *buf, long long seq);
/* Short-link code: 7 letters and digits, as 1L9zPnp. */
char *sb_id_short_code(char *buf, long long seq);

#endif
