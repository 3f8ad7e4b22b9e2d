/* qrph.c — QR Ph payloads (see qrph.h). */
#include "qrph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest payload: far below the 512 characters EMVCo allows. */
#define PAYLOAD_MAX 512

unsigned sb_crc16_ccitt(const char *data, size_t len)
{
	unsigned crc = 0xFFFF;

	for (size_t i = 0; i < len; i++) {
		crc ^= (unsigned)(unsigned char)data[i] << 8;
		for (int bit = 0; bit < 8; bit++)
			crc = (crc & 0x8000) ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
	}
	return crc;
}

/* Appends one ID-length-value object; values longer than 99 are cut.
 * Buffers are sized so that nothing is ever dropped; if one were too small
 * the object would be left out rather than written half. */
static void tlv(char *out, size_t size, size_t *len, const char *id, const char *value)
{
	size_t n = strlen(value);

	if (n > 99)
		n = 99;
	if (*len + 4 + n + 1 > size)
		return;
	memcpy(out + *len, id, 2);
	out[*len + 2] = (char)('0' + n / 10);
	out[*len + 3] = (char)('0' + n % 10);
	memcpy(out + *len + 4, value, n);
	*len += 4 + n;
	out[*len] = '\0';
}

/* EMVCo's alphanumeric-special set, upper-cased, at most max characters:
 * names come from requests and may hold anything. */
static void clean_text(char *dst, const char *src, size_t max, const char *fallback)
{
	size_t n = 0;

	for (const unsigned char *c = (const unsigned char *)src; c && *c && n < max; c++) {
		if (*c >= 'a' && *c <= 'z')
			dst[n++] = (char)(*c - 'a' + 'A');
		else if ((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr(" .-", *c))
			dst[n++] = (char)*c;
	}
	dst[n] = '\0';
	if (n == 0)
		snprintf(dst, max + 1, "%s", fallback);
}

char *sb_qrph_payload(const char *merchant_name, const char *merchant_id,
                      const char *reference, long long amount, bool one_time)
{
	char *out = malloc(PAYLOAD_MAX);
	char account[PAYLOAD_MAX], additional[64], name[26], ref[26], money[32];
	size_t len = 0, alen = 0, dlen = 0;

	if (!out)
		return NULL;
	tlv(account, sizeof(account), &alen, "00", "ph.ppmi.p2m");
	tlv(account, sizeof(account), &alen, "01", "PAYCPHM1XXX");
	tlv(account, sizeof(account), &alen, "03", merchant_id);
	clean_text(ref, reference, 25, "SANDBOX");
	tlv(additional, sizeof(additional), &dlen, "05", ref);
	clean_text(name, merchant_name, 25, "PAYCON SANDBOX");

	tlv(out, PAYLOAD_MAX, &len, "00", "01");
	tlv(out, PAYLOAD_MAX, &len, "01", one_time ? "12" : "11");
	tlv(out, PAYLOAD_MAX, &len, "28", account);
	tlv(out, PAYLOAD_MAX, &len, "52", "5999");
	tlv(out, PAYLOAD_MAX, &len, "53", "608");
	if (amount > 0) {
		snprintf(money, sizeof(money), "%lld.%02lld", amount / 100, amount % 100);
		tlv(out, PAYLOAD_MAX, &len, "54", money);
	}
	tlv(out, PAYLOAD_MAX, &len, "58", "PH");
	tlv(out, PAYLOAD_MAX, &len, "59", name);
	tlv(out, PAYLOAD_MAX, &len, "60", "MANILA");
	tlv(out, PAYLOAD_MAX, &len, "62", additional);
	len += (size_t)snprintf(out + len, PAYLOAD_MAX - len, "6304");
	snprintf(out + len, PAYLOAD_MAX - len, "%04X", sb_crc16_ccitt(out, len));
	return out;
}
