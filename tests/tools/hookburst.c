/* hookburst.c — a load generator and checker for paycon-hookd (tests only).
 *
 *   hookburst send --port P --count N [--concurrency C] --prefix X --acks FILE
 *   hookburst check --spool DIR --count N --prefix X --acks FILE
 *   hookburst hold --port P --count N --mode idle|slow-headers|slow-body --seconds S
 *
 * send POSTs N distinct callback bodies to 127.0.0.1:P/callback, keeping C
 * (default 64) requests in flight on separate connections, each POSTed
 * exactly once, as PayCools would post them. A connection that is refused
 * (the receiver is down: nothing was sent) is tried again until it is
 * accepted; a request that was sent and got no success answer is counted
 * as failed and never resent, so a body is in the spool at most once unless
 * the receiver stored it twice. The ids of the requests answered 200 with
 * {"code":1,…} go to FILE, one per line. Prints one line of figures.
 *
 * check reads every file in DIR/new: each must be exactly one of the N
 * bodies (a whole file, byte for byte); every acknowledged id must be there
 * exactly once; no id may be there twice. Prints figures; exit 1 on any
 * violation.
 *
 * hold is a slowloris: it opens N connections and keeps them busy for S
 * seconds without ever finishing a request — idle (connect, send nothing),
 * slow-headers (a header line, then one byte a second), slow-body (all
 * headers announcing 4000 bytes, then one byte of body a second). Prints
 * how many connections were accepted and how many the receiver closed. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ANSWER_MAX 4096
#define REQUEST_TIMEOUT_MS 60000
#define RECONNECT_DELAY_MS 5

typedef struct {
	int port;
	long count;
	int concurrency;
	const char *prefix;
	const char *acks;
	const char *spool;
	const char *mode;
	int seconds;
} options;

/* ---- bodies ----------------------------------------------------------- */

/* The body of callback n: deterministic, so check can rebuild it. */
static int body_of(const char *prefix, long n, char *out, size_t size)
{
	return snprintf(out, size,
	                "{\"id\":\"%s-%ld\",\"eventName\":\"disbursement.success\","
	                "\"mchOrderId\":\"BURST%ld\",\"transactionId\":\"D1007%015ld\","
	                "\"amount\":%ld,\"transactionStatus\":\"COMPLETE\","
	                "\"pad\":\"................................................................\"}",
	                prefix, n, n, n, 10000 + n % 1000);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- send -------------------------------------------------------------- */

typedef enum { SLOT_IDLE, SLOT_WAIT, SLOT_CONNECTING, SLOT_SENDING, SLOT_READING } slot_state;

typedef struct {
	slot_state state;
	int fd;
	long n;                  /* the callback in this slot */
	char request[1024];
	size_t request_len, sent;
	char answer[ANSWER_MAX + 1];
	size_t answer_len;
	long long since;         /* when the request started (for its timeout) */
	long long retry_at;      /* SLOT_WAIT: when to connect again */
} slot;

typedef struct {
	long next;               /* next callback to start */
	long acked, failed, refused_connects;
	FILE *acks;
} burst;

static int open_connection(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

static void start_connect(slot *s, const options *o, burst *b)
{
	s->fd = open_connection(o->port);
	if (s->fd < 0) {
		b->refused_connects++;
		s->state = SLOT_WAIT;
		s->retry_at = now_ms() + RECONNECT_DELAY_MS;
		return;
	}
	s->state = SLOT_CONNECTING;
	s->sent = 0;
	s->answer_len = 0;
}

static void start_next(slot *s, const options *o, burst *b)
{
	char body[512];
	int len;

	if (b->next >= o->count) {
		s->state = SLOT_IDLE;
		return;
	}
	s->n = b->next++;
	len = body_of(o->prefix, s->n, body, sizeof(body));
	s->request_len = (size_t)snprintf(s->request, sizeof(s->request),
	                                  "POST /callback HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
	                                  "Content-Type: application/json\r\nContent-Length: %d\r\n"
	                                  "Connection: close\r\n\r\n%s",
	                                  o->port, len, body);
	s->since = now_ms();
	start_connect(s, o, b);
}

static void finish(slot *s, const options *o, burst *b)
{
	const char *body;

	close(s->fd);
	s->fd = -1;
	s->answer[s->answer_len] = '\0';
	body = strstr(s->answer, "\r\n\r\n");
	if (strncmp(s->answer, "HTTP/1.1 200 ", 13) == 0 && body && strstr(body, "\"code\":1")) {
		b->acked++;
		fprintf(b->acks, "%ld\n", s->n);
	} else {
		b->failed++;
	}
	start_next(s, o, b);
}

/* The connection failed before anything was written: nothing was sent. */
static void connect_failed(slot *s, const options *o, burst *b)
{
	close(s->fd);
	s->fd = -1;
	b->refused_connects++;
	s->state = SLOT_WAIT;
	s->retry_at = now_ms() + RECONNECT_DELAY_MS;
	(void)o;
}

static void on_writable(slot *s, const options *o, burst *b)
{
	ssize_t n;

	if (s->state == SLOT_CONNECTING) {
		int soerr = 0;
		socklen_t len = sizeof(soerr);

		if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0 || soerr != 0) {
			connect_failed(s, o, b);
			return;
		}
		s->state = SLOT_SENDING;
	}
	n = send(s->fd, s->request + s->sent, s->request_len - s->sent, MSG_NOSIGNAL);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		if (s->sent == 0) {
			connect_failed(s, o, b);
			return;
		}
		finish(s, o, b);
		return;
	}
	s->sent += (size_t)n;
	if (s->sent == s->request_len)
		s->state = SLOT_READING;
}

static void on_readable(slot *s, const options *o, burst *b)
{
	ssize_t n = recv(s->fd, s->answer + s->answer_len, ANSWER_MAX - s->answer_len, 0);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0 || s->answer_len + (size_t)n >= ANSWER_MAX) {
		if (n > 0)
			s->answer_len += (size_t)n;
		finish(s, o, b);
		return;
	}
	s->answer_len += (size_t)n;
}

static int run_send(const options *o)
{
	slot *slots = calloc((size_t)o->concurrency, sizeof(*slots));
	struct pollfd *pfds = calloc((size_t)o->concurrency, sizeof(*pfds));
	burst b = { 0, 0, 0, 0, fopen(o->acks, "w") };
	long long started = now_ms();
	int active;

	if (!slots || !pfds || !b.acks) {
		perror("hookburst");
		return 2;
	}
	for (int i = 0; i < o->concurrency; i++)
		start_next(&slots[i], o, &b);
	do {
		long long now = now_ms();

		active = 0;
		for (int i = 0; i < o->concurrency; i++) {
			slot *s = &slots[i];

			pfds[i].fd = -1;
			pfds[i].events = 0;
			pfds[i].revents = 0;
			if (s->state == SLOT_IDLE)
				continue;
			active++;
			if (s->state != SLOT_WAIT && now - s->since > REQUEST_TIMEOUT_MS) {
				finish(s, o, &b);
				continue;
			}
			if (s->state == SLOT_WAIT) {
				if (now >= s->retry_at)
					start_connect(s, o, &b);
				continue;
			}
			pfds[i].fd = s->fd;
			pfds[i].events = s->state == SLOT_READING ? POLLIN : POLLOUT;
		}
		if (!active)
			break;
		if (poll(pfds, (nfds_t)o->concurrency, RECONNECT_DELAY_MS) < 0 && errno != EINTR) {
			perror("poll");
			return 2;
		}
		for (int i = 0; i < o->concurrency; i++) {
			slot *s = &slots[i];

			if (pfds[i].fd < 0 || !pfds[i].revents || pfds[i].fd != s->fd)
				continue;
			if (s->state == SLOT_READING)
				on_readable(s, o, &b);
			else if (pfds[i].revents & (POLLOUT | POLLERR | POLLHUP))
				on_writable(s, o, &b);
		}
	} while (active);
	fclose(b.acks);
	printf("sent %ld callbacks in %lld ms (%d in flight): %ld acknowledged, %ld failed after "
	       "sending, %ld connects refused and retried\n",
	       o->count, now_ms() - started, o->concurrency, b.acked, b.failed, b.refused_connects);
	free(slots);
	free(pfds);
	return 0;
}

/* ---- check ------------------------------------------------------------- */

/* The callback number a stored file claims to be, or -1. */
static long claimed_number(const char *text, const char *prefix)
{
	char head[128];
	int len = snprintf(head, sizeof(head), "{\"id\":\"%s-", prefix);
	char *end;
	long n;

	if (strncmp(text, head, (size_t)len) != 0)
		return -1;
	n = strtol(text + len, &end, 10);
	return *end == '"' ? n : -1;
}

static int read_small_file(int dirfd, const char *name, char *buf, size_t size, size_t *len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	*len = (size_t)n;
	buf[n] = '\0';
	return 0;
}

static int run_check(const options *o)
{
	unsigned char *stored = calloc((size_t)o->count, 1);
	char path[4096], text[1024], want[512];
	long files = 0, broken = 0, twice = 0, acked = 0, missing = 0, unacked_stored = 0;
	unsigned char *was_acked = calloc((size_t)o->count, 1);
	struct dirent *de;
	FILE *acks;
	DIR *dir;
	long n;

	snprintf(path, sizeof(path), "%s/new", o->spool);
	dir = opendir(path);
	acks = fopen(o->acks, "r");
	if (!stored || !was_acked || !dir || !acks) {
		perror("hookburst check");
		return 2;
	}
	while ((de = readdir(dir)) != NULL) {
		size_t len;
		int wlen;

		if (de->d_name[0] == '.')
			continue;
		files++;
		if (read_small_file(dirfd(dir), de->d_name, text, sizeof(text), &len) < 0) {
			broken++;
			continue;
		}
		n = claimed_number(text, o->prefix);
		wlen = n >= 0 && n < o->count ? body_of(o->prefix, n, want, sizeof(want)) : -1;
		if (wlen < 0 || (size_t)wlen != len || memcmp(text, want, len) != 0) {
			broken++;
			fprintf(stderr, "not a whole body: new/%s (%zu bytes)\n", de->d_name, len);
			continue;
		}
		if (stored[n]++)
			twice++;
	}
	closedir(dir);
	while (fscanf(acks, "%ld", &n) == 1) {
		if (n < 0 || n >= o->count)
			continue;
		acked++;
		was_acked[n] = 1;
		if (stored[n] != 1) {
			missing += stored[n] == 0;
			fprintf(stderr, "acknowledged callback %ld is in new/ %d times\n", n, stored[n]);
		}
	}
	fclose(acks);
	for (n = 0; n < o->count; n++)
		unacked_stored += stored[n] && !was_acked[n];
	printf("%ld files in new/; %ld acknowledged; acknowledged but missing: %ld; stored twice: %ld; "
	       "not a whole body: %ld; stored without an acknowledgement (the answer was lost): %ld\n",
	       files, acked, missing, twice, broken, unacked_stored);
	free(stored);
	free(was_acked);
	return missing || twice || broken ? 1 : 0;
}

/* ---- hold (slowloris) --------------------------------------------------- */

/* The next byte a slow sender writes: its request, one byte at a time. */
static const char *slow_request(const char *mode)
{
	if (strcmp(mode, "slow-headers") == 0)
		return "POST /callback HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	if (strcmp(mode, "slow-body") == 0)
		return "{\"id\":\"slow\",\"pad\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"";
	return "";
}

static int run_hold(const options *o)
{
	const char *drip = slow_request(o->mode);
	const char *headers = "POST /callback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
	                      "Content-Length: 4000\r\n\r\n";
	int *fds = calloc((size_t)o->count, sizeof(int));
	size_t *pos = calloc((size_t)o->count, sizeof(size_t));
	long long end = now_ms() + (long long)o->seconds * 1000;
	long accepted = 0, closed = 0;

	if (!fds || !pos) {
		perror("hookburst hold");
		return 2;
	}
	for (long i = 0; i < o->count; i++) {
		fds[i] = open_connection(o->port);
		if (fds[i] >= 0)
			accepted++;
	}
	/* Let the connects complete, then the slow body's headers go at once. */
	nanosleep(&(struct timespec){ 0, 200000000 }, NULL);
	for (long i = 0; i < o->count; i++)
		if (fds[i] >= 0 && strcmp(o->mode, "slow-body") == 0
		    && send(fds[i], headers, strlen(headers), MSG_NOSIGNAL) < 0) {
			close(fds[i]);
			fds[i] = -1;
			closed++;
		}
	while (now_ms() < end) {
		for (long i = 0; i < o->count; i++) {
			char sink[256];

			if (fds[i] < 0)
				continue;
			/* A closed connection reads as end of file or an error. */
			if (recv(fds[i], sink, sizeof(sink), MSG_DONTWAIT) == 0
			    || (drip[pos[i]] && send(fds[i], drip + pos[i], 1, MSG_NOSIGNAL) < 0)) {
				close(fds[i]);
				fds[i] = -1;
				closed++;
				continue;
			}
			if (drip[pos[i]])
				pos[i]++;
		}
		sleep(1);
	}
	for (long i = 0; i < o->count; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	printf("held %ld %s connections for %d s: %ld opened, %ld closed by the receiver\n", o->count,
	       o->mode, o->seconds, accepted, closed);
	free(fds);
	free(pos);
	return 0;
}

/* ---- main -------------------------------------------------------------- */

static int usage(void)
{
	fprintf(stderr, "usage: hookburst send --port P --count N [--concurrency C] --prefix X --acks FILE\n"
	                "       hookburst check --spool DIR --count N --prefix X --acks FILE\n"
	                "       hookburst hold --port P --count N --mode idle|slow-headers|slow-body "
	                "--seconds S\n");
	return 2;
}

int main(int argc, char **argv)
{
	options o = { 0, 0, 64, NULL, NULL, NULL, NULL, 10 };

	if (argc < 2)
		return usage();
	for (int i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--port") == 0)
			o.port = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--count") == 0)
			o.count = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--concurrency") == 0)
			o.concurrency = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--prefix") == 0)
			o.prefix = argv[i + 1];
		else if (strcmp(argv[i], "--acks") == 0)
			o.acks = argv[i + 1];
		else if (strcmp(argv[i], "--spool") == 0)
			o.spool = argv[i + 1];
		else if (strcmp(argv[i], "--mode") == 0)
			o.mode = argv[i + 1];
		else if (strcmp(argv[i], "--seconds") == 0)
			o.seconds = atoi(argv[i + 1]);
		else
			return usage();
	}
	signal(SIGPIPE, SIG_IGN);
	if (strcmp(argv[1], "hold") == 0 && o.port > 0 && o.count > 0 && o.mode)
		return run_hold(&o);
	if (o.count <= 0 || !o.prefix || !o.acks || o.concurrency <= 0)
		return usage();
	if (strcmp(argv[1], "send") == 0 && o.port > 0)
		return run_send(&o);
	if (strcmp(argv[1], "check") == 0 && o.spool)
		return run_check(&o);
	return usage();
}
