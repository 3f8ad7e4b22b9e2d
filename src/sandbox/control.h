/* control.h — /_sandbox/: what a test or an integrator drives by hand.
 *
 * Unsigned JSON requests, answered with JSON, from loopback peers only
 * (server.c answers 403 to anyone else). Routes:
 *   GET    /_sandbox/ledger              the whole state
 *   POST   /_sandbox/settle              settle every pending payout, refund, direct debit
 *   GET    /_sandbox/callbacks           every callback with its delivery log
 *   POST   /_sandbox/callbacks/retry     make every pending callback due now
 *   GET    /_sandbox/faults              active faults
 *   POST   /_sandbox/faults              {"spec": "..."} or {"specs": [...]}: add
 *   DELETE /_sandbox/faults              remove every fault
 *   POST   /_sandbox/age                 {"transactionId", "days"}: make a collection older
 *   POST   /_sandbox/balance             {"balance": centavos}: set the balance
 *   POST   /_sandbox/qr/pay              {"mchOrderId", "amount"?, "failedCode"?, "remark"?}
 *   POST   /_sandbox/va/pay              {"mchOrderId", "channelCode", "amount"}
 *                                        or {"aggregateOrderId", "amount"}
 *   POST   /_sandbox/transfer/pay        {"mchOrderId", "amount", "channelCode"?}
 *   POST   /_sandbox/web/complete|fail   {"transactionId", "failedCode"?}
 *   POST   /_sandbox/checkout/complete|fail {"mchOrderId", "channelCode"?, "failedCode"?}
 *   GET    /_sandbox/link/CODE           the page behind a short link (HTML)
 * Errors: HTTP 400/404/409 with {"error": "..."}. */
#ifndef PAYCON_SB_CONTROL_H
#define PAYCON_SB_CONTROL_H

#include <stddef.h>

#include "sandbox.h"
#include "server.h"

/* body NULL when it was too large. */
void sb_control(sb_ctx *sb, const char *method, const char *path, const char *query,
                const char *body, size_t len, sb_answer *ans);

#endif
