#include "mask.h"

#include <stdio.h>
#include <string.h>

char *pc_mask_account(const char *account, char *buf, size_t size)
{
	size_t n = strlen(account);

	if (n >= 9)
		snprintf(buf, size, "%.3s****%s", account, account + n - 4);
	else if (n >= 2)
		snprintf(buf, size, "****%s", account + n - 2);
	else
		snprintf(buf, size, "****");
	return buf;
}
