/* utf8.h — strict UTF-8, one decoder for every module that reads text.
 *
 * "Valid" is RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF),
 * nothing past U+10FFFF. A verifier and a consumer must never read the same
 * bytes differently, so nothing here is lenient. Works on bytes, not on the
 * locale. */
#ifndef PAYCON_UTF8_H
#define PAYCON_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length (1..4) of the valid sequence at s, reading at most avail bytes,
 * or 0 when the bytes there are not one (or avail is 0). Reading stops at
 * the first byte that cannot continue the sequence, and NUL never can. */
size_t pc_utf8_sequence_length(const unsigned char *s, size_t avail);

/* Code point of the valid sequence of n bytes at s (n as returned by
 * pc_utf8_sequence_length). */
uint32_t pc_utf8_decode(const unsigned char *s, size_t n);

/* Both at once: the length of the valid sequence at s, its code point in
 * *cp; 0 when invalid (then *cp is left alone). */
size_t pc_utf8_next(const unsigned char *s, size_t avail, uint32_t *cp);

/* Writes cp (a scalar value: at most U+10FFFF, no surrogate) as 1..4 bytes
 * into out; returns how many. */
size_t pc_utf8_encode(uint32_t cp, char out[4]);

/* Characters of a NUL-terminated string, counted as the bytes that do not
 * continue a sequence: the code points when s is valid UTF-8. */
size_t pc_utf8_length(const char *s);

/* True when s (len bytes) is valid UTF-8 (also reached through sanitize.h). */
int pc_utf8_valid(const char *s, size_t len);

#endif
