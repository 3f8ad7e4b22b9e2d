/* strbuf.h — a growable NUL-terminated byte buffer.
 *
 * Capacity doubles, so appends are linear overall. After an allocation
 * failure the buffer is marked oom and every later append is a no-op: a
 * caller appends freely and checks once at the end. Start with
 * `pc_strbuf sb = { 0 };`. */
#ifndef PAYCON_STRBUF_H
#define PAYCON_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char *data;  /* NUL-terminated once anything was appended; NULL before */
	size_t len;
	size_t cap;
	bool oom;
} pc_strbuf;

/* Room for extra more bytes plus the NUL; false (and oom) when impossible. */
bool pc_sb_reserve(pc_strbuf *sb, size_t extra);

void pc_sb_put(pc_strbuf *sb, const void *bytes, size_t n);
void pc_sb_putc(pc_strbuf *sb, char c);
void pc_sb_puts(pc_strbuf *sb, const char *s);

/* Hands the NUL-terminated contents to the caller ("" when empty, NULL
 * after OOM) and leaves sb empty. */
char *pc_sb_take(pc_strbuf *sb);

#endif
