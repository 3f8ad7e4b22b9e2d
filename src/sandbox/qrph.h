/* qrph.h — QR Ph payloads (EMVCo merchant-presented QR) for QR codes.
 *
 * Not a real acquirer's payload, but one a QR reader or banking app can
 * parse: ID-length-value objects, QR Ph's P2M GUID "ph.ppmi.p2m", PHP
 * (608), PH, and the CRC16-CCITT in tag 63 over everything before it. */
#ifndef PAYCON_SB_QRPH_H
#define PAYCON_SB_QRPH_H

#include <stdbool.h>
#include <stddef.h>

/* CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF (EMVCo's tag 63). */
unsigned sb_crc16_ccitt(const char *data, size_t len);

/* malloc'd payload starting "000201"; amount <= 0 leaves tag 54 out (the
 * payer types it). one_time selects point of initiation 12 (dynamic)
 * instead of 11 (static). */
char *sb_qrph_payload(const char *merchant_name, const char *merchant_id,
                      const char *reference, long long amount, bool one_time);

#endif
