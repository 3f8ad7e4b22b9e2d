/* crash_hooks.c — kill points for tests/tools/paycon-crashy, a test-only
 * build of paycon (never installed).
 *
 * paycon-crashy is linked from the very objects of paycon with the linker's
 * --wrap for three core functions that money_move.c calls in another object
 * file: pc_journal_intent, pc_client_send and pc_journal_outcome. So the
 * product's code carries no test hook at all, and the shipped paycon cannot
 * be made to crash by any setting; only this binary reads
 *
 *   PAYCON_CRASH_AT=before-intent   SIGKILL before the intent line is written
 *                   after-intent    ... after it is written and fsynced, before sending
 *                   mid-request     ... PAYCON_CRASH_DELAY_US after the send starts
 *                                   (a thread fires it while the request is in flight)
 *                   after-answer    ... after the answer is read, before anything is written
 *                   before-outcome  ... before the first outcome line is written
 *                   after-outcome   ... after it is written, before anything is printed
 *
 * Each point fires at its first hit only. The kill is raise(SIGKILL): no
 * handler, no atexit, no stdio flush — as if the power went. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "journal.h"

int __real_pc_journal_intent(pc_journal *j, const char *op, const char *key,
                             const pc_params *fields, pc_err *err);
int __wrap_pc_journal_intent(pc_journal *j, const char *op, const char *key,
                             const pc_params *fields, pc_err *err);
int __real_pc_journal_outcome(pc_journal *j, const char *op, const char *key,
                              const pc_outcome *o, pc_err *err);
int __wrap_pc_journal_outcome(pc_journal *j, const char *op, const char *key,
                              const pc_outcome *o, pc_err *err);
int __real_pc_client_send(pc_client *c, const pc_request *rq, pc_envelope *env,
                          pc_sent *sent, pc_err *err);
int __wrap_pc_client_send(pc_client *c, const pc_request *rq, pc_envelope *env,
                          pc_sent *sent, pc_err *err);

static int armed_for(const char *point)
{
	const char *want = getenv("PAYCON_CRASH_AT");

	return want && strcmp(want, point) == 0;
}

static void crash_if(const char *point)
{
	if (armed_for(point))
		raise(SIGKILL);
}

static void *kill_later(void *arg)
{
	long long us = *(long long *)arg;
	struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
	raise(SIGKILL);
	return NULL;
}

/* The kill arrives from another thread while this one is inside libcurl:
 * connecting, writing the body, or waiting for the answer. */
static void arm_mid_request(void)
{
	static long long delay_us;
	const char *text = getenv("PAYCON_CRASH_DELAY_US");
	pthread_t t;

	delay_us = text ? atoll(text) : 0;
	if (delay_us < 0)
		delay_us = 0;
	if (pthread_create(&t, NULL, kill_later, &delay_us) != 0)
		raise(SIGKILL);
	pthread_detach(t);
}

int __wrap_pc_journal_intent(pc_journal *j, const char *op, const char *key,
                             const pc_params *fields, pc_err *err)
{
	int rc;

	crash_if("before-intent");
	rc = __real_pc_journal_intent(j, op, key, fields, err);
	if (rc == 0)
		crash_if("after-intent");
	return rc;
}

int __wrap_pc_client_send(pc_client *c, const pc_request *rq, pc_envelope *env,
                          pc_sent *sent, pc_err *err)
{
	int rc;

	if (armed_for("mid-request"))
		arm_mid_request();
	rc = __real_pc_client_send(c, rq, env, sent, err);
	crash_if("after-answer");
	return rc;
}

int __wrap_pc_journal_outcome(pc_journal *j, const char *op, const char *key,
                              const pc_outcome *o, pc_err *err)
{
	int rc;

	crash_if("before-outcome");
	rc = __real_pc_journal_outcome(j, op, key, o, err);
	crash_if("after-outcome");
	return rc;
}
