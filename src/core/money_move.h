/* money_move.h — payouts and refunds: journaled, and never sent twice.
 *
 * Order of events: validate and sign, write the intent (fsync), send, write
 * the outcome. A second call for an order id the journal already knows
 * settles instead of paying again: it sends only when PayCools certainly
 * has no such object (never sent, rejected, or reconciled as absent), and
 * then with the very same ids. Different details under a known order id
 * are refused. */
#ifndef PAYCON_MONEY_MOVE_H
#define PAYCON_MONEY_MOVE_H

#include <cjson/cJSON.h>

#include "client.h"

typedef enum {
	PC_MOVE_ACCEPTED = 0, /* sent now; PayCools accepted it */
	PC_MOVE_ALREADY,      /* known already: nothing sent, status refreshed */
	PC_MOVE_REJECTED,     /* PayCools refused it: nothing was created */
	PC_MOVE_NOT_SENT,     /* the request never left: safe to run again */
	PC_MOVE_UNKNOWN,      /* sent, no usable answer: reconcile will settle it */
} pc_move_result;

typedef struct {
	pc_move_result result;
	char key[64];            /* the order id */
	char status[32];         /* PENDING / COMPLETE / FAILED when known */
	char transaction_id[64];
	int code;                /* API code of the last answer, 0 if none */
	cJSON *data;             /* answer data when there was one (owned) */
} pc_move;

const char *pc_move_result_name(pc_move_result r);

/* ep must be a PC_EP_MOVES_MONEY endpoint. Returns 0 for ACCEPTED and
 * ALREADY; -1 otherwise with err set (PC_EAPI, PC_ETRANSPORT or PC_EINPUT)
 * and *mv filled as far as known. Refused in the viewer role. */
int pc_money_move(pc_client *c, const pc_endpoint *ep, const pc_params *fields,
                  pc_move *mv, pc_err *err);
void pc_move_free(pc_move *mv);

#endif
