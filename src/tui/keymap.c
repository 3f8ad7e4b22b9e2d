/* keymap.c — key names (see keymap.h). No curses here. */
#include "keymap.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{ "Enter", TUI_KEY_ENTER },
	{ "Esc", TUI_KEY_ESC },
	{ "Tab", TUI_KEY_TAB },
	{ "BackTab", TUI_KEY_BACKTAB },
	{ "Backspace", TUI_KEY_BACKSPACE },
	{ "Del", TUI_KEY_DEL },
	{ "Up", TUI_KEY_UP },
	{ "Down", TUI_KEY_DOWN },
	{ "Left", TUI_KEY_LEFT },
	{ "Right", TUI_KEY_RIGHT },
	{ "PgUp", TUI_KEY_PGUP },
	{ "PgDown", TUI_KEY_PGDOWN },
	{ "Home", TUI_KEY_HOME },
	{ "End", TUI_KEY_END },
	{ "Space", ' ' },
	{ "LT", '<' },
	{ "Colon", ':' },
};

#define N_NAMED (sizeof(named_keys) / sizeof(named_keys[0]))

/* name is the text between < and >, len bytes. */
static int named_key(const char *name, size_t len)
{
	char buf[16];
	int n;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, name, len);
	buf[len] = '\0';
	for (size_t i = 0; i < N_NAMED; i++)
		if (strcasecmp(buf, named_keys[i].name) == 0)
			return named_keys[i].key;
	if ((buf[0] == 'C' || buf[0] == 'c') && buf[1] == '-' && len == 3) {
		char c = buf[2];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c >= 'a' && c <= 'z')
			return TUI_KEY_CTRL(c);
		return -1;
	}
	if ((buf[0] == 'F' || buf[0] == 'f') && sscanf(buf + 1, "%d", &n) == 1 && n >= 1 && n <= 12) {
		char check[8];

		snprintf(check, sizeof(check), "%d", n);
		if (strcmp(check, buf + 1) == 0)
			return TUI_KEY_F(n);
	}
	return -1;
}

int tui_key_parse(const char **spec)
{
	const char *s = *spec;
	uint32_t cp;
	size_t n;

	if (!*s)
		return -1;
	if (*s == '<') {
		const char *end = strchr(s, '>');
		int key = end ? named_key(s + 1, (size_t)(end - s - 1)) : -1;

		if (key < 0)
			return -1;
		*spec = end + 1;
		return key;
	}
	n = pc_utf8_next((const unsigned char *)s, strlen(s), &cp);
	if (n == 0)
		return -1;
	*spec = s + n;
	return (int)cp;
}

const char *tui_key_name(int key, char *buf, size_t size)
{
	char utf8[5];
	size_t n;

	for (size_t i = 0; i < N_NAMED; i++) {
		if (named_keys[i].key == key && key != '<' && key != ' ' && key != ':') {
			snprintf(buf, size, "<%s>", named_keys[i].name);
			return buf;
		}
	}
	if (key == ' ')
		snprintf(buf, size, "<Space>");
	else if (key > TUI_KEY_F0 && key <= TUI_KEY_LAST)
		snprintf(buf, size, "<F%d>", key - TUI_KEY_F0);
	else if (key >= 1 && key <= 26)
		snprintf(buf, size, "<C-%c>", 'a' + key - 1);
	else if (key > 0x20 && key < 0x110000 && key != 0x7f) {
		n = pc_utf8_encode((uint32_t)key, utf8);
		utf8[n] = '\0';
		snprintf(buf, size, "%s", utf8);
	} else {
		snprintf(buf, size, "<0x%x>", (unsigned)key);
	}
	return buf;
}

int tui_key_is_text(int key)
{
	if (key < 0x20 || key == 0x7f || key >= 0x110000)
		return 0;
	if (key >= 0x80 && key < 0xa0)
		return 0;
	return 1;
}
