/* strbuf.c — a growable NUL-terminated byte buffer (see strbuf.h). */
#include "strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool pc_sb_reserve(pc_strbuf *sb, size_t extra)
{
	size_t need;
	size_t cap;
	char *grown;

	if (sb->oom)
		return false;
	if (extra > SIZE_MAX - sb->len - 1) {
		sb->oom = true;
		return false;
	}
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return true;
	cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	grown = realloc(sb->data, cap);
	if (!grown) {
		sb->oom = true;
		return false;
	}
	sb->data = grown;
	sb->cap = cap;
	return true;
}

void pc_sb_put(pc_strbuf *sb, const void *bytes, size_t n)
{
	if (!pc_sb_reserve(sb, n))
		return;
	memcpy(sb->data + sb->len, bytes, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void pc_sb_putc(pc_strbuf *sb, char c)
{
	pc_sb_put(sb, &c, 1);
}

void pc_sb_puts(pc_strbuf *sb, const char *s)
{
	pc_sb_put(sb, s, strlen(s));
}

char *pc_sb_take(pc_strbuf *sb)
{
	char *out;

	if (!pc_sb_reserve(sb, 0)) {
		free(sb->data);
		out = NULL;
	} else {
		out = sb->data;
		out[sb->len] = '\0';
	}
	sb->data = NULL;
	sb->len = 0;
	sb->cap = 0;
	return out;
}
