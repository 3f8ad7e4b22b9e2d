/* canonical.h — the string PayCools signs (design.md §4).
 *
 * Every top-level parameter except `sign`, without null or empty-string
 * values, sorted by key in byte-wise order, joined as key=value with '&',
 * no URL encoding. Strings contribute their decoded text, numbers their
 * token as written, nested values their compact JSON text. */
#ifndef PAYCON_CANONICAL_H
#define PAYCON_CANONICAL_H

#include "params.h"

/* malloc'd canonical string (possibly ""), NULL on OOM. */
char *pc_canonical(const pc_params *p);

#endif
