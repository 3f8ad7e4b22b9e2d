/* sanitize.h — make outside text safe for a terminal.
 *
 * Nothing that came from the network or a file is written raw: C0 and C1
 * controls, DEL, ESC (so every CSI/OSC/DCS sequence), bidi overrides and
 * isolates, and invalid UTF-8 are replaced by visible escapes. */
#ifndef PAYCON_SANITIZE_H
#define PAYCON_SANITIZE_H

#include <stddef.h>
#include <stdint.h>

#include "utf8.h" /* pc_utf8_valid, which this header has always offered */

/* Returns a malloc'd copy of s (len bytes) where:
 *   \n \t \r \\ stay readable as the two characters "\n" "\t" "\r" "\\"
 *                                    (a backslash becomes two, so escapes are unambiguous)
 *   other bytes < 0x20 and 0x7f     -> \xNN   (ESC is \x1b)
 *   C1 controls U+0080..U+009F       -> \u{0080}
 *   U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C -> \u{202E}
 *   a byte that is not part of valid UTF-8 -> \xNN
 * everything else (printable ASCII, valid UTF-8) is kept as is.
 * NULL on OOM. */
char *pc_sanitize(const char *s, size_t len);

/* Same, NUL-terminated input. */
char *pc_sanitize_str(const char *s);

/* True for the code points shown as \u{XXXX} above: C1 controls and the
 * characters that reorder text on screen. For callers that escape text
 * in another syntax (JSON, quoted values in messages). */
int pc_is_hidden_control(uint32_t cp);

#endif
