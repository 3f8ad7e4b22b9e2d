/* record.c — the console on a pseudo-terminal, its output copied into an
 * asciicast v2 file by a relay in the original process (see record.h). */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	FILE *cast;
	struct timespec started;
	unsigned char held[4]; /* the start of a UTF-8 sequence cut by a read */
	size_t held_len;
	bool write_failed;
} recorder;

static volatile sig_atomic_t got_winch;
static volatile sig_atomic_t got_chld;
static volatile sig_atomic_t got_stop; /* a signal to pass on to the console */

static void on_signal(int sig)
{
	if (sig == SIGWINCH)
		got_winch = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
	else
		got_stop = sig;
}

static void json_string(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
}

static int write_header(FILE *cast, const struct winsize *ws)
{
	fprintf(cast, "{\"version\": 2, \"width\": %u, \"height\": %u, \"timestamp\": %lld, \"env\": {\"TERM\": \"",
	        (unsigned)ws->ws_col, (unsigned)ws->ws_row, (long long)time(NULL));
	json_string(cast, getenv("TERM"));
	fputs("\", \"SHELL\": \"", cast);
	json_string(cast, getenv("SHELL"));
	fputs("\"}}\n", cast);
	return fflush(cast) == 0 ? 0 : -1;
}

/* Length of the UTF-8 sequence a lead byte starts; 0 when it cannot lead. */
static size_t utf8_length(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xc2 && lead <= 0xdf)
		return 2;
	if (lead >= 0xe0 && lead <= 0xef)
		return 3;
	if (lead >= 0xf0 && lead <= 0xf4)
		return 4;
	return 0;
}

/* How many bytes from p form a whole valid sequence (0: invalid); sets
 * *partial when the bytes there are a valid but unfinished start. */
static size_t utf8_take(const unsigned char *p, size_t avail, bool *partial)
{
	size_t need = utf8_length(p[0]);

	*partial = false;
	if (need == 0)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if (i >= avail) {
			*partial = true;
			return 0;
		}
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	}
	return need;
}

/* How many bytes at the end of buf start a UTF-8 sequence that the next
 * read will finish. */
static size_t unfinished_tail(const unsigned char *buf, size_t len)
{
	for (size_t back = 1; back <= 3 && back <= len; back++) {
		const unsigned char *p = buf + len - back;
		bool partial;

		if ((*p & 0xc0) == 0x80)
			continue; /* a continuation byte: its lead is further back */
		(void)utf8_take(p, back, &partial);
		return partial ? back : 0;
	}
	return 0;
}

/* Writes buf as the body of a JSON string: control characters escaped,
 * invalid UTF-8 as U+FFFD. */
static void escape_output(FILE *out, const unsigned char *buf, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = buf[i];
		bool partial;
		size_t n;

		if (c < 0x80) {
			if (c == '"' || c == '\\')
				fprintf(out, "\\%c", c);
			else if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
			i++;
			continue;
		}
		n = utf8_take(buf + i, len - i, &partial);
		if (n == 0) {
			fputs("\\ufffd", out);
			i++;
			continue;
		}
		fwrite(buf + i, 1, n, out);
		i += n;
	}
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* One "o" event for data (after what an earlier read left unfinished). */
static void record_output(recorder *rec, const unsigned char *data, size_t len, bool at_end)
{
	unsigned char joined[4 + 4096];
	size_t total, left;

	if (len > sizeof(joined) - rec->held_len)
		len = sizeof(joined) - rec->held_len; /* callers read at most 4096 */
	memcpy(joined, rec->held, rec->held_len);
	if (len)
		memcpy(joined + rec->held_len, data, len); /* data is NULL at the end */
	total = rec->held_len + len;
	left = at_end ? 0 : unfinished_tail(joined, total);
	memcpy(rec->held, joined + total - left, left);
	rec->held_len = left;
	if (total == left)
		return;
	fprintf(rec->cast, "[%.6f, \"o\", \"", seconds_since(&rec->started));
	escape_output(rec->cast, joined, total - left);
	fputs("\"]\n", rec->cast);
	if (fflush(rec->cast) != 0)
		rec->write_failed = true;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Copies what the console wrote to the terminal and the file; returns
 * false once the pty has nothing more to give. */
static bool relay_output(recorder *rec, int master)
{
	unsigned char buf[4096];
	ssize_t n = read(master, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false; /* EIO: the console's side of the pty is closed */
	(void)write_all(STDOUT_FILENO, buf, (size_t)n);
	record_output(rec, buf, (size_t)n, false);
	return true;
}

static void pass_size(int master, pid_t child)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
		ioctl(master, TIOCSWINSZ, &ws);
		kill(child, SIGWINCH);
	}
}

static void catch_signals(void)
{
	struct sigaction sa;
	const int sigs[] = { SIGWINCH, SIGCHLD, SIGTERM, SIGHUP, SIGINT, SIGQUIT };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static int child_status(pid_t child)
{
	int status;

	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

/* True once the console has exited (it stays waitable for its status). */
static bool child_ended(pid_t child)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)child, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		return errno != EINTR;
	return si.si_pid != 0;
}

static void relay(recorder *rec, int master, pid_t child, const struct termios *saved)
{
	struct termios raw = *saved;
	bool input_open = true;
	int rc;

	cfmakeraw(&raw);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
	catch_signals();
	for (;;) {
		struct pollfd fds[2] = {
			{ .fd = master, .events = POLLIN },
			{ .fd = input_open ? STDIN_FILENO : -1, .events = POLLIN },
		};

		if (got_winch) {
			got_winch = 0;
			pass_size(master, child);
		}
		if (got_stop) {
			kill(child, got_stop);
			got_stop = 0;
		}
		/* The console may leave a helper holding the pty open: its own
		 * end decides when the recording stops. */
		if (got_chld && child_ended(child))
			break;
		/* The timeout covers a SIGCHLD that lands just before poll. */
		if (poll(fds, 2, 200) < 0)
			continue;
		if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) && !relay_output(rec, master))
			break;
		if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			unsigned char buf[1024];
			ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

			if (n > 0)
				(void)write_all(master, buf, (size_t)n);
			else if (n == 0 || errno != EINTR)
				input_open = false;
		}
	}
	/* What the console wrote last, then the terminal as it was. */
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	while (relay_output(rec, master)) {
		struct pollfd pfd = { .fd = master, .events = POLLIN };

		if (poll(&pfd, 1, 50) <= 0)
			break;
	}
	record_output(rec, NULL, 0, true);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, saved);
	rc = child_status(child);
	if (fclose(rec->cast) != 0 || rec->write_failed) {
		fprintf(stderr, "paycon: the recording could not be written completely; check the disk\n");
		if (rc == 0)
			rc = 3;
	}
	_exit(rc);
}

static int open_cast(const char *path, pc_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd >= 0)
		return fd;
	if (errno == EEXIST)
		return pc_err_set(err, PC_EINPUT, "the recording file '%s' already exists; paycon never overwrites "
		                  "a recording: choose another name or remove it", path);
	return pc_err_set(err, PC_EINPUT, "cannot create the recording file '%s': %s", path, strerror(errno));
}

int tui_record_start(const char *path, pc_err *err)
{
	struct termios saved;
	struct winsize ws;
	recorder rec;
	int fd, master, slave;
	pid_t child;

	if (tcgetattr(STDIN_FILENO, &saved) < 0 || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0)
		return pc_err_set(err, PC_EINPUT, "--record needs the console on a terminal");
	fd = open_cast(path, err);
	if (fd < 0)
		return -1;
	memset(&rec, 0, sizeof(rec));
	rec.cast = fdopen(fd, "w");
	if (!rec.cast || write_header(rec.cast, &ws) < 0) {
		pc_err_set(err, PC_EINPUT, "cannot write the recording file '%s': %s", path, strerror(errno));
		goto fail;
	}
	if (openpty(&master, &slave, NULL, &saved, &ws) < 0) {
		pc_err_set(err, PC_EINPUT, "cannot open a pseudo-terminal to record on: %s", strerror(errno));
		goto fail;
	}
	fflush(stdout);
	fflush(stderr);
	clock_gettime(CLOCK_MONOTONIC, &rec.started);
	child = fork();
	if (child < 0) {
		pc_err_set(err, PC_EINPUT, "cannot start the recorded console: %s", strerror(errno));
		close(master);
		close(slave);
		goto fail;
	}
	if (child == 0) {
		/* The console: the pty is its terminal, /dev/tty included. */
		fclose(rec.cast);
		close(master);
		setsid();
		ioctl(slave, TIOCSCTTY, 0);
		dup2(slave, STDIN_FILENO);
		dup2(slave, STDOUT_FILENO);
		dup2(slave, STDERR_FILENO);
		if (slave > STDERR_FILENO)
			close(slave);
		return 0;
	}
	close(slave);
	relay(&rec, master, child, &saved);
	return -1; /* not reached: relay exits */
fail:
	if (rec.cast)
		fclose(rec.cast);
	else
		close(fd);
	unlink(path);
	return -1;
}
