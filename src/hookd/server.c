/* server.c — binds, opens the spool, runs libmicrohttpd, stops cleanly.
 *
 * A small pool of threads, each polling its share of the connections with
 * epoll: an idle or dripping connection costs a socket, not a thread, so
 * thousands of slow senders cannot crowd out good ones, and a store that
 * blocks in fsync holds up only the connections of its pool thread; the
 * stores of different threads share their directory syncs (dirsync.h).
 * Connections are capped (after raising the open-file limit to fit),
 * idle ones time out, a request's headers are bounded by the
 * per-connection memory limit, its body by --max-body, and the whole
 * request by a deadline (handler.c). SIGTERM/SIGINT: stop accepting, let the
 * requests under way finish (their stores complete and are answered),
 * then exit 0. */
#include "hookd.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"

#define CONNECTION_LIMIT 4096
/* Connections land on threads by chance: with 32, concurrent senders
 * rarely share one and so rarely wait for each other's fsyncs. Storing on
 * the connection's own thread costs a fifth less CPU per callback than
 * handing the body to store threads (two more wake-ups), measured. */
#define THREAD_POOL_SIZE 32
/* Descriptors kept free: each pool thread's epoll and event descriptors,
 * a file per store under way and the directory being synced, the
 * listening socket, logs. */
#define SPARE_FDS (64 + 4 * THREAD_POOL_SIZE)
#define CONNECTION_TIMEOUT_S 10
#define CONNECTION_MEMORY (32 * 1024) /* request line + headers, per connection */
#define THREAD_STACK (1024 * 1024)
#define LISTEN_BACKLOG 1024 /* a burst of senders waits for accept(), not for a SYN retry */
#define DRAIN_TIMEOUT_MS 10000
#define TLS_FILE_MAX (1024 * 1024)

/* ---- the listening socket ---------------------------------------------- */

static int bind_one(const struct addrinfo *ai)
{
	int one = 1;
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);

	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, LISTEN_BACKLOG) != 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static unsigned bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return 0;
}

/* Our own socket rather than libmicrohttpd's, so that any host name and
 * IPv6 work alike and port 0 tells us the port the kernel picked. */
static int listen_on(const hookd_config *cfg, unsigned *port)
{
	struct addrinfo hints, *res, *ai;
	int fd = -1;
	int gai;
	int errnum = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	gai = getaddrinfo(cfg->host, cfg->port, &hints, &res);
	if (gai != 0) {
		hookd_log("paycon-hookd: cannot listen on '%s': %s; give an address of this machine, "
		          "e.g. --listen 127.0.0.1:8080", cfg->host, gai_strerror(gai));
		return -1;
	}
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = bind_one(ai);
		if (fd < 0)
			errnum = errno;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		hookd_log("paycon-hookd: cannot listen on %s port %s: %s%s", cfg->host, cfg->port, strerror(errnum),
		          errnum == EADDRINUSE ? "; another program uses that port: choose another, or :0 "
		                                 "for a free one" : "");
		return -1;
	}
	*port = bound_port(fd);
	return fd;
}

/* ---- TLS --------------------------------------------------------------- */

typedef struct {
	char *cert;
	char *key;
	size_t key_len;
} tls_files;

static int load_tls(const hookd_config *cfg, tls_files *tls)
{
	size_t len;
	pc_err err;

	memset(tls, 0, sizeof(*tls));
	if (!cfg->tls_cert)
		return 0;
	if (pc_read_file(cfg->tls_cert, TLS_FILE_MAX, &tls->cert, &len, &err) != 0 ||
	    pc_read_file(cfg->tls_key, TLS_FILE_MAX, &tls->key, &tls->key_len, &err) != 0) {
		hookd_log("paycon-hookd: cannot read the TLS certificate or key: %s", err.msg);
		return -1;
	}
	return 0;
}

static void free_tls(tls_files *tls)
{
	free(tls->cert);
	if (tls->key)
		explicit_bzero(tls->key, tls->key_len);
	free(tls->key);
}

/* ---- the open-file limit ---------------------------------------------- */

/* Every connection is a descriptor: raise the soft limit to the hard one,
 * and take no more connections than the limit leaves room for. */
static unsigned connection_limit(void)
{
	struct rlimit rl;
	rlim_t room;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
		hookd_log("paycon-hookd: cannot read the open-file limit: %s; taking at most %u connections",
		          strerror(errno), (unsigned)CONNECTION_LIMIT);
		return CONNECTION_LIMIT;
	}
	if (rl.rlim_cur != rl.rlim_max) {
		rlim_t wanted = rl.rlim_max;

		rl.rlim_cur = wanted;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
			hookd_log("paycon-hookd: cannot raise the open-file limit to %ju: %s", (uintmax_t)wanted,
			          strerror(errno));
			getrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	room = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > CONNECTION_LIMIT + SPARE_FDS
	               ? CONNECTION_LIMIT
	               : (rl.rlim_cur > 2 * SPARE_FDS ? rl.rlim_cur - SPARE_FDS : SPARE_FDS);
	if (room < CONNECTION_LIMIT)
		hookd_log("paycon-hookd: the open-file limit (%ju) allows only %u connections at once, not %u; "
		          "raise it (ulimit -n) to take more", (uintmax_t)rl.rlim_cur, (unsigned)room,
		          (unsigned)CONNECTION_LIMIT);
	return (unsigned)room;
}

/* ---- the daemon -------------------------------------------------------- */

__attribute__((format(printf, 2, 0)))
static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	hookd_log("paycon-hookd: libmicrohttpd: %s", msg);
}

static struct MHD_Daemon *start_daemon(hookd_state *st, int listen_fd, const tls_files *tls)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	struct MHD_OptionItem tls_options[] = {
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, tls->cert },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, tls->key },
		{ MHD_OPTION_END, 0, NULL },
	};

	if (tls->cert)
		flags |= MHD_USE_TLS;
	else
		tls_options[0].option = MHD_OPTION_END;
	/* The logger first: libmicrohttpd uses it from the next option on. */
	return MHD_start_daemon(flags, 0, NULL, NULL, hookd_access, st,
	                        MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,
	                        MHD_OPTION_LISTEN_SOCKET, listen_fd,
	                        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)THREAD_POOL_SIZE,
	                        MHD_OPTION_CONNECTION_LIMIT, connection_limit(),
	                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT_S,
	                        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
	                        MHD_OPTION_THREAD_STACK_SIZE, (size_t)THREAD_STACK,
	                        MHD_OPTION_NOTIFY_COMPLETED, hookd_completed, st,
	                        MHD_OPTION_NOTIFY_CONNECTION, hookd_connection, st,
	                        MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1,
	                        MHD_OPTION_ARRAY, tls_options,
	                        MHD_OPTION_END);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Stop accepting, let the requests under way finish, then stop. */
static void shut_down(struct MHD_Daemon *d, hookd_state *st, int signo)
{
	MHD_socket lfd;
	long waited = 0;

	hookd_log("paycon-hookd: %s received: finishing %d request(s) under way, then exiting",
	          signo == SIGINT ? "SIGINT" : "SIGTERM", atomic_load(&st->in_flight));
	atomic_store(&st->stopping, true);
	lfd = MHD_quiesce_daemon(d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	while (atomic_load(&st->in_flight) > 0 && waited < DRAIN_TIMEOUT_MS) {
		sleep_ms(10);
		waited += 10;
	}
	MHD_stop_daemon(d);
}

/* What a killed predecessor left half-written in tmp/ (never acknowledged). */
static void clean_tmp(pc_spool *spool)
{
	pc_err err;
	int removed = pc_spool_clean_tmp(spool, PC_SPOOL_TMP_MAX_AGE_S, &err);

	if (removed < 0)
		hookd_log("paycon-hookd: %s", err.msg);
	else if (removed > 0)
		hookd_log("paycon-hookd: removed %d unfinished file(s) older than %d s from the spool's tmp/",
		          removed, PC_SPOOL_TMP_MAX_AGE_S);
}

static void print_ready(const hookd_config *cfg, unsigned port)
{
	bool v6 = strchr(cfg->host, ':') != NULL;

	printf("listening on %s://%s%s%s:%u%s\n", cfg->tls_cert ? "https" : "http", v6 ? "[" : "", cfg->host,
	       v6 ? "]" : "", port, cfg->path);
	fflush(stdout);
}

int hookd_run(const hookd_config *cfg)
{
	hookd_state st;
	struct MHD_Daemon *d;
	tls_files tls;
	sigset_t stop;
	pc_spool *spool;
	unsigned port = 0;
	int listen_fd;
	int signo = 0;
	pc_err err;

	/* Blocked before any thread exists, so only sigwait() sees them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	/* A peer that hangs up, or a file size limit, is an error to report
	 * (503), not a reason to die. */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);

	spool = pc_spool_open(cfg->spool_dir, &err);
	if (!spool) {
		hookd_log("paycon-hookd: %s", err.msg);
		return HOOKD_EXIT_FAIL;
	}
	clean_tmp(spool);
	if (load_tls(cfg, &tls) != 0 || hookd_state_init(&st, spool, cfg) != 0) {
		free_tls(&tls);
		pc_spool_close(spool);
		return HOOKD_EXIT_FAIL;
	}
	listen_fd = listen_on(cfg, &port);
	d = listen_fd < 0 ? NULL : start_daemon(&st, listen_fd, &tls);
	if (!d) {
		if (listen_fd >= 0) {
			hookd_log("paycon-hookd: cannot start the HTTP server%s", tls.cert ? " (check that the TLS "
			          "certificate and key are PEM files that belong together)" : "");
			close(listen_fd);
		}
		hookd_state_free(&st);
		free_tls(&tls);
		pc_spool_close(spool);
		return HOOKD_EXIT_FAIL;
	}
	hookd_log("paycon-hookd: storing callbacks in %s, at most %zu bytes each", cfg->spool_dir, cfg->max_body);
	print_ready(cfg, port);
	while (sigwait(&stop, &signo) != 0)
		;
	shut_down(d, &st, signo);
	hookd_log("paycon-hookd: stopped");
	hookd_state_free(&st);
	free_tls(&tls);
	pc_spool_close(spool);
	return HOOKD_EXIT_OK;
}
