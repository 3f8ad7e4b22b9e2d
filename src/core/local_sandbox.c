#include "local_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keys.h"
#include "paths.h"

/* How long a program may take to print its listening line. */
#define START_TIMEOUT_MS 15000
#define STOP_TIMEOUT_MS 5000

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static long read_number_file(const char *dir, const char *name)
{
	char *path = pc_strdupf("%s/%s", dir, name);
	char *text = NULL;
	size_t len = 0;
	long v = 0;

	if (path && pc_read_file(path, 64, &text, &len, NULL) == 0)
		v = strtol(text, NULL, 10);
	free(text);
	free(path);
	return v;
}

static int write_number_file(const char *dir, const char *name, long v, pc_err *err)
{
	char *path = pc_strdupf("%s/%s", dir, name);
	char text[32];
	int rc;

	if (!path)
		return pc_err_set(err, PC_EINPUT, "out of memory");
	snprintf(text, sizeof(text), "%ld\n", v);
	rc = pc_write_file_atomic(path, text, strlen(text), 0600, err);
	free(path);
	return rc;
}

/* Is pid alive and running `program` (not a recycled pid)? */
static bool process_is(long pid, const char *program)
{
	char path[64], cmdline[512];
	ssize_t n;
	int fd;

	if (pid <= 0 || kill((pid_t)pid, 0) < 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return true; /* no /proc: trust the pid */
	n = read(fd, cmdline, sizeof(cmdline) - 1);
	close(fd);
	if (n <= 0)
		return false;
	cmdline[n] = '\0';
	return strstr(cmdline, program) != NULL;
}

void pc_local_sandbox_status(const char *state_dir, pc_local_sandbox *out)
{
	memset(out, 0, sizeof(*out));
	out->sandbox_pid = read_number_file(state_dir, "sandbox.pid");
	out->hookd_pid = read_number_file(state_dir, "hookd.pid");
	out->sandbox_running = process_is(out->sandbox_pid, "paycon-sandbox");
	out->hookd_running = process_is(out->hookd_pid, "paycon-hookd");
	if (out->sandbox_running)
		out->sandbox_port = (int)read_number_file(state_dir, "sandbox.port");
	if (out->hookd_running)
		out->hookd_port = (int)read_number_file(state_dir, "hookd.port");
}

char *pc_local_sandbox_url(const pc_local_sandbox *s)
{
	return pc_strdupf("http://127.0.0.1:%d", s->sandbox_port);
}

static int ensure_key_pair(const char *dir, const char *base, pc_err *err)
{
	char *priv = pc_strdupf("%s/%s.pem", dir, base);
	char *pub = pc_strdupf("%s/%s.pub", dir, base);
	pc_key *key = NULL;
	struct stat st;
	int rc = -1;

	if (!priv || !pub) {
		pc_err_set(err, PC_EINPUT, "out of memory");
		goto out;
	}
	if (stat(priv, &st) == 0 && stat(pub, &st) == 0) {
		rc = 0;
		goto out;
	}
	/* RSA 4096, as PayCools asks of merchants. */
	key = pc_key_generate(4096, err);
	if (key && pc_key_write_private(key, priv, err) == 0 && pc_key_write_public(key, pub, err) == 0)
		rc = 0;
out:
	pc_key_free(key);
	free(priv);
	free(pub);
	return rc;
}

static char *find_program(const char *bindir, const char *name)
{
	const char *path = getenv("PATH");
	char *candidate;

	if (bindir) {
		candidate = pc_strdupf("%s/%s", bindir, name);
		if (candidate && access(candidate, X_OK) == 0)
			return candidate;
		free(candidate);
	}
	while (path && *path) {
		const char *colon = strchr(path, ':');
		int len = colon ? (int)(colon - path) : (int)strlen(path);

		candidate = pc_strdupf("%.*s/%s", len, path, name);
		if (candidate && len > 0 && access(candidate, X_OK) == 0)
			return candidate;
		free(candidate);
		path = colon ? colon + 1 : NULL;
	}
	return NULL;
}

/* The port in the first "listening on http://HOST:PORT" line of the log. */
static int port_from_log(const char *log)
{
	char *text = NULL;
	size_t len = 0;
	int port = 0;

	if (pc_read_file(log, 1 << 20, &text, &len, NULL) == 0) {
		char *line = strstr(text, "listening on http://");

		if (line) {
			char *host = line + strlen("listening on http://");
			char *colon = strchr(host, ':');
			char *eol = strchr(host, '\n');

			if (colon && (!eol || colon < eol))
				port = atoi(colon + 1);
		}
	}
	free(text);
	return port;
}

static void exec_child(const char *program, char *const argv[], const char *log)
{
	int devnull = open("/dev/null", O_RDONLY);
	int out = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	setsid();
	if (devnull >= 0)
		dup2(devnull, 0);
	if (out >= 0) {
		dup2(out, 1);
		dup2(out, 2);
	}
	execv(program, argv);
	_exit(127);
}

static int wait_for_listening(pid_t pid, const char *program, const char *log, int *port, pc_err *err)
{
	for (int waited = 0; waited < START_TIMEOUT_MS; waited += 20) {
		int status;

		*port = port_from_log(log);
		if (*port > 0)
			return 0;
		if (waitpid(pid, &status, WNOHANG) == pid)
			return pc_err_set(err, PC_ETRANSPORT, "%s stopped at start (exit %d): see %s",
			                  program, WIFEXITED(status) ? WEXITSTATUS(status) : -1, log);
		sleep_ms(20);
	}
	kill(pid, SIGTERM);
	return pc_err_set(err, PC_ETRANSPORT, "%s did not start listening within %d s: see %s",
	                  program, START_TIMEOUT_MS / 1000, log);
}

/* Starts name with argv (argv[0] becomes the program found) and its output
 * going to <tag>.log; *port and *pid_out say where it listens. */
static int start_program(const char *state_dir, const char *bindir, const char *name,
                         const char *tag, char **argv, int *port, long *pid_out, pc_err *err)
{
	char *program = find_program(bindir, name);
	char *log = pc_strdupf("%s/%s.log", state_dir, tag);
	pid_t pid;
	int rc = -1;

	if (!program) {
		pc_err_set(err, PC_EINPUT, "%s is not installed next to paycon or on $PATH: "
		                           "build it (make) or install paycon", name);
		goto out;
	}
	argv[0] = program;
	pid = fork();
	if (pid < 0) {
		pc_err_set(err, PC_ETRANSPORT, "cannot start %s: %s", name, strerror(errno));
		goto out;
	}
	if (pid == 0)
		exec_child(program, argv, log);
	if (wait_for_listening(pid, name, log, port, err) < 0)
		goto out;
	*pid_out = pid;
	rc = 0;
out:
	free(program);
	free(log);
	return rc;
}

static int record(const char *state_dir, const char *tag, long pid, int port, pc_err *err)
{
	char pid_name[32], port_name[32];

	snprintf(pid_name, sizeof(pid_name), "%s.pid", tag);
	snprintf(port_name, sizeof(port_name), "%s.port", tag);
	if (write_number_file(state_dir, pid_name, pid, err) < 0)
		return -1;
	return write_number_file(state_dir, port_name, port, err);
}

static int start_hookd(const char *state_dir, const pc_profile *profile, const char *bindir,
                       pc_local_sandbox *s, pc_err *err)
{
	char *argv[] = { NULL, "--listen", "127.0.0.1:0", "--spool", profile->spool, NULL };

	if (pc_mkdir_p(profile->spool, 0750, err) < 0)
		return -1;
	if (start_program(state_dir, bindir, "paycon-hookd", "hookd", argv, &s->hookd_port,
	                  &s->hookd_pid, err) < 0)
		return -1;
	s->hookd_running = true;
	return record(state_dir, "hookd", s->hookd_pid, s->hookd_port, err);
}

static int start_sandbox(const char *state_dir, const pc_profile *profile, const char *bindir,
                         pc_local_sandbox *s, pc_err *err)
{
	char *merchant_pub = pc_strdupf("%s/merchant.pub", state_dir);
	char *platform_pem = pc_strdupf("%s/platform.pem", state_dir);
	char *state_file = pc_strdupf("%s/sandbox-state.json", state_dir);
	char *webhook = pc_strdupf("http://127.0.0.1:%d/callback", s->hookd_port);
	char *argv[] = { NULL, "--listen", "127.0.0.1:0", "--app-id", profile->app_id,
	                 "--merchant-public-key", merchant_pub, "--platform-private-key", platform_pem,
	                 "--webhook", webhook, "--state", state_file, NULL };
	int rc = -1;

	if (merchant_pub && platform_pem && state_file && webhook
	    && start_program(state_dir, bindir, "paycon-sandbox", "sandbox", argv, &s->sandbox_port,
	                     &s->sandbox_pid, err) == 0) {
		s->sandbox_running = true;
		rc = record(state_dir, "sandbox", s->sandbox_pid, s->sandbox_port, err);
	}
	free(merchant_pub);
	free(platform_pem);
	free(state_file);
	free(webhook);
	return rc;
}

int pc_local_sandbox_up(const char *state_dir, const pc_profile *profile, const char *bindir,
                        pc_local_sandbox *out, bool *started, pc_err *err)
{
	*started = false;
	if (pc_mkdir_p(state_dir, 0700, err) < 0)
		return -1;
	if (ensure_key_pair(state_dir, "merchant", err) < 0 || ensure_key_pair(state_dir, "platform", err) < 0)
		return pc_err_prefix(err, "setting up the local sandbox");
	pc_local_sandbox_status(state_dir, out);
	if (!out->hookd_running) {
		/* The sandbox's webhook names hookd's port: restart both together. */
		if (out->sandbox_running)
			kill((pid_t)out->sandbox_pid, SIGTERM);
		out->sandbox_running = false;
		if (start_hookd(state_dir, profile, bindir, out, err) < 0)
			return -1;
		*started = true;
	}
	if (!out->sandbox_running) {
		if (start_sandbox(state_dir, profile, bindir, out, err) < 0)
			return -1;
		*started = true;
	}
	return 0;
}

static void stop_pid(long pid, const char *program)
{
	if (!process_is(pid, program))
		return;
	kill((pid_t)pid, SIGTERM);
	for (int waited = 0; waited < STOP_TIMEOUT_MS && process_is(pid, program); waited += 20) {
		waitpid((pid_t)pid, NULL, WNOHANG);
		sleep_ms(20);
	}
	if (process_is(pid, program))
		kill((pid_t)pid, SIGKILL);
}

static void remove_files(const char *state_dir, const char *tag)
{
	const char *suffixes[] = { "pid", "port" };

	for (int i = 0; i < 2; i++) {
		char *path = pc_strdupf("%s/%s.%s", state_dir, tag, suffixes[i]);

		if (path)
			unlink(path);
		free(path);
	}
}

int pc_local_sandbox_down(const char *state_dir, pc_err *err)
{
	pc_local_sandbox s;

	pc_local_sandbox_status(state_dir, &s);
	stop_pid(s.sandbox_pid, "paycon-sandbox");
	stop_pid(s.hookd_pid, "paycon-hookd");
	remove_files(state_dir, "sandbox");
	remove_files(state_dir, "hookd");
	pc_local_sandbox_status(state_dir, &s);
	if (s.sandbox_running || s.hookd_running)
		return pc_err_set(err, PC_ETRANSPORT, "the local sandbox did not stop");
	return 0;
}
