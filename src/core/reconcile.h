/* reconcile.h — settle journal entries whose outcome is unknown.
 *
 * A payout is looked up with payout.status by its mchOrderId; a refund with
 * refund.show by its original transaction, then found by mchRefundOrderId.
 * Found: an outcome "settled" line with the status. PayCools has no such
 * object: "absent" (it was never created; the same ids may be sent again).
 * No usable answer: nothing is written and the entry stays unknown. */
#ifndef PAYCON_RECONCILE_H
#define PAYCON_RECONCILE_H

#include "client.h"
#include "journal.h"

typedef enum {
	PC_REC_SETTLED = 0,  /* PayCools has it: status below */
	PC_REC_ABSENT,       /* PayCools has no such object */
	PC_REC_CONFLICT,     /* PayCools has the id, but with other details */
	PC_REC_UNKNOWN,      /* could not find out now */
} pc_rec_state;

typedef struct {
	pc_rec_state state;
	char status[32];
	char transaction_id[64];
	int code;
	char detail[512];
} pc_rec_result;

const char *pc_rec_state_name(pc_rec_state s);

/* The field that identifies an operation's object ("mchOrderId" for
 * payout.create, "mchRefundOrderId" for refund.create), NULL otherwise. */
const char *pc_money_key_field(const char *op);

/* Looks the object up and, unless `write` is 0, records the finding in the
 * journal. Returns 0 when the lookup itself worked (any state but UNKNOWN). */
int pc_reconcile_one(pc_client *c, const char *op, const char *key,
                     const pc_params *intent_fields, int write,
                     pc_rec_result *res, pc_err *err);

typedef void (*pc_reconcile_report)(const pc_journal_entry *e, const pc_rec_result *r, void *ud);

/* Reconciles every unresolved entry of the client's journal. *left gets the
 * number still unresolved afterwards. report may be NULL. */
int pc_reconcile_all(pc_client *c, pc_reconcile_report report, void *ud, int *left, pc_err *err);

#endif
