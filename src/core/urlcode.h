/* urlcode.h — percent-encoding (RFC 3986) and hex digits, without libcurl:
 * the endpoint table builds and matches paths with it, the transport
 * encodes query strings with it. */
#ifndef PAYCON_URLCODE_H
#define PAYCON_URLCODE_H

#include <stddef.h>

/* Percent-encodes everything but RFC 3986 unreserved characters, with
 * upper-case hex. malloc'd; NULL on OOM. */
char *pc_url_encode(const char *s);

/* Percent-decodes n bytes of s (malloc'd, NUL-terminated); NULL when an
 * escape is malformed or decodes to NUL, or on OOM. '+' stays '+': paths,
 * not forms. */
char *pc_url_decode(const char *s, size_t n);

/* Value of one hex digit of either case, -1 for any other character. */
int pc_hex_digit(int c);

#endif
