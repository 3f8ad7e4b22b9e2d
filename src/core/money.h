/* money.h — pesos typed by people, centavos everywhere inside.
 *
 * Parsing is exact (no floating point). Accepted: one or more digits,
 * optionally '.' followed by one or two digits ("500", "500.1", "500.10").
 * Refused, each with a message that quotes the input and says what to type:
 * empty or blank, surrounding blanks, signs, more than two decimals,
 * exponents, thousands separators, a lone or trailing '.', anything that
 * is not a digit, and values that do not fit (over PC_MONEY_MAX). */
#ifndef PAYCON_MONEY_H
#define PAYCON_MONEY_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Largest amount accepted, in centavos: 10^15 (ten trillion pesos). */
#define PC_MONEY_MAX 1000000000000000LL

/* "500.10" -> 50010. Errors are PC_EINPUT:
 *   amount '1.234' has more than two decimals: centavos are the smallest unit */
int pc_money_parse(const char *text, long long *centavos, pc_err *err);

/* "1,234.50" (no currency), into buf; returns buf. Negative values get '-'. */
char *pc_money_format_plain(long long centavos, char *buf, size_t size);

/* "₱1,234.50" when utf8 is true, else "PHP 1,234.50". */
char *pc_money_format(long long centavos, bool utf8, char *buf, size_t size);

/* English words for the review screen:
 * 50010 -> "five hundred pesos and ten centavos"; 100 -> "one peso";
 * 5 -> "zero pesos and five centavos"; 1 -> "... one centavo".
 * Returns buf. */
char *pc_money_words(long long centavos, char *buf, size_t size);

/* "500.10" from 50010 (no separators): the form typed back in production. */
char *pc_money_format_input(long long centavos, char *buf, size_t size);

#endif
