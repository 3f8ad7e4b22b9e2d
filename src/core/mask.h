/* mask.h — account numbers shown masked, as PayCools' statements do. */
#ifndef PAYCON_MASK_H
#define PAYCON_MASK_H

#include <stddef.h>

/* "09171234567" -> "091****4567": the first three and last four characters
 * stay; shorter values keep only the last two ("****67"). Returns buf. */
char *pc_mask_account(const char *account, char *buf, size_t size);

#endif
