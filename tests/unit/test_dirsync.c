/* Tests for src/core/dirsync.c: every waiter gets a sync that began after
 * it asked, concurrent waiters share syncs, and a failed sync is reported
 * to each waiter it covered (its renames are not durable). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "dirsync.h"
#include "testutil.h"

#define THREADS 8
#define WAITS_EACH 200

typedef struct {
	pc_dirsync *sync;
	int failures;
	int last_errno;
} waiter;

static void *wait_many(void *arg)
{
	waiter *w = arg;

	for (int i = 0; i < WAITS_EACH; i++) {
		int rc = pc_dirsync_wait(w->sync);

		if (rc != 0) {
			w->failures++;
			w->last_errno = rc;
		}
	}
	return NULL;
}

static void run_waiters(pc_dirsync *d, waiter *w)
{
	pthread_t t[THREADS];

	for (int i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].sync = d;
		assert_int_equal(pthread_create(&t[i], NULL, wait_many, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
}

static void test_one_waiter_one_sync(void **state)
{
	char dir[64];
	pc_err err;
	pc_dirsync *d;

	(void)state;
	assert_int_equal(tu_mkdtemp(dir, sizeof(dir), "dirsync"), 0);
	d = pc_dirsync_new(dir, &err);
	assert_non_null(d);
	assert_int_equal(pc_dirsync_wait(d), 0);
	assert_int_equal(pc_dirsync_wait(d), 0);
	/* Alone, each wait is its own sync: nothing to share. */
	assert_int_equal(pc_dirsync_rounds(d), 2);
	pc_dirsync_free(d);
	tu_rmrf(dir);
}

static void test_concurrent_waiters_share(void **state)
{
	char dir[64];
	waiter w[THREADS];
	pc_err err;
	pc_dirsync *d;
	unsigned long long rounds;

	(void)state;
	assert_int_equal(tu_mkdtemp(dir, sizeof(dir), "dirsync"), 0);
	d = pc_dirsync_new(dir, &err);
	assert_non_null(d);
	run_waiters(d, w);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(w[i].failures, 0);
	rounds = pc_dirsync_rounds(d);
	/* Never more syncs than waits; each wait had one of its own or shared one. */
	assert_true(rounds >= 1);
	assert_true(rounds <= (unsigned long long)THREADS * WAITS_EACH);
	print_message("# %d waits took %llu directory syncs\n", THREADS * WAITS_EACH, rounds);
	pc_dirsync_free(d);
	tu_rmrf(dir);
}

static void test_failure_reaches_every_waiter(void **state)
{
	char dir[64], gone[96];
	waiter w[THREADS];
	pc_err err;
	pc_dirsync *d;

	(void)state;
	assert_int_equal(tu_mkdtemp(dir, sizeof(dir), "dirsync"), 0);
	tu_path(gone, sizeof(gone), dir, "removed");
	d = pc_dirsync_new(gone, &err);
	assert_non_null(d);
	run_waiters(d, w);
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(w[i].failures, WAITS_EACH);
		assert_int_equal(w[i].last_errno, ENOENT);
	}
	pc_dirsync_free(d);
	tu_rmrf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_waiter_one_sync),
		cmocka_unit_test(test_concurrent_waiters_share),
		cmocka_unit_test(test_failure_reaches_every_waiter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
