#include "prompt.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sanitize.h"

bool prompt_have_tty(void)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Reads one line from fd into buf without the newline; -1 on EOF/error. */
static int read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;
	char c;

	for (;;) {
		ssize_t r = read(fd, &c, 1);

		if (r <= 0)
			return n ? (int)n : -1;
		if (c == '\n' || c == '\r')
			break;
		if (n + 1 < size)
			buf[n++] = c;
	}
	buf[n] = '\0';
	return (int)n;
}

int prompt_passphrase(char *buf, size_t size, const char *key_path, void *ud)
{
	struct termios old, quiet;
	char *safe = pc_sanitize_str(key_path);
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	int n;

	(void)ud;
	if (fd < 0) {
		free(safe);
		return -1;
	}
	dprintf(fd, "passphrase for %s: ", safe ? safe : "the key");
	free(safe);
	tcgetattr(fd, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fd, TCSAFLUSH, &quiet);
	n = read_line(fd, buf, size);
	tcsetattr(fd, TCSAFLUSH, &old);
	dprintf(fd, "\n");
	close(fd);
	return n;
}

int prompt_typed_confirmation(const char *review, const char *expected)
{
	char typed[64];
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	int n;

	if (fd < 0)
		return -1;
	dprintf(fd, "%s\nType the amount (%s) to send it, anything else cancels: ", review, expected);
	n = read_line(fd, typed, sizeof(typed));
	close(fd);
	return n >= 0 && strcmp(typed, expected) == 0;
}
