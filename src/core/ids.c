#include "ids.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

int pc_idempotency_id(const char *app_id, const char *order_id, char *buf, size_t size)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	char input[512];
	int n;

	if (size < 26)
		return -1;
	n = snprintf(input, sizeof(input), "paycon-idempotency:%s:%s", app_id, order_id);
	if (n < 0 || (size_t)n >= sizeof(input))
		return -1;
	if (!EVP_Digest(input, (size_t)n, digest, &dlen, EVP_sha256(), NULL))
		return -1;
	buf[0] = 'I';
	for (int i = 0; i < 12; i++)
		snprintf(buf + 1 + 2 * i, 3, "%02x", digest[i]);
	return 0;
}

int pc_new_order_id(const char *prefix, char *buf, size_t size)
{
	unsigned char r[4];
	time_t now = time(NULL);
	struct tm tm;
	char stamp[16];
	unsigned long rnd;
	int n;

	if (RAND_bytes(r, sizeof(r)) != 1)
		return -1;
	rnd = ((unsigned long)r[0] << 24 | (unsigned long)r[1] << 16
	       | (unsigned long)r[2] << 8 | r[3]) % 1000000UL;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	n = snprintf(buf, size, "%s%s%06lu", prefix, stamp, rnd);
	if (n < 0 || (size_t)n >= size || n > 32)
		return -1;
	return 0;
}
