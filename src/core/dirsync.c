/* dirsync.c — group commit of directory syncs (see dirsync.h). */
#include "dirsync.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Results kept for waiters that wake late; for one asleep longer than this
 * many rounds, no failure since its round means its round succeeded. */
#define RESULTS 256

struct pc_dirsync {
	pthread_mutex_t lock;
	pthread_cond_t ended;
	char *dir;
	uint64_t begun;          /* rounds started */
	uint64_t done;           /* rounds ended, in order */
	bool running;
	int result[RESULTS];     /* errno of round r at r % RESULTS */
	uint64_t last_failed;    /* the latest round that failed, 0 for none */
	int last_errno;
};

pc_dirsync *pc_dirsync_new(const char *dir, pc_err *err)
{
	pc_dirsync *d = calloc(1, sizeof(*d));

	if (!d || !(d->dir = strdup(dir))) {
		free(d);
		pc_err_set(err, PC_EINPUT, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->ended, NULL);
	return d;
}

void pc_dirsync_free(pc_dirsync *d)
{
	if (!d)
		return;
	pthread_mutex_destroy(&d->lock);
	pthread_cond_destroy(&d->ended);
	free(d->dir);
	free(d);
}

/* 0, or the errno of the failure. */
static int sync_now(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int errnum = 0;

	if (fd < 0)
		return errno;
	/* Some file systems cannot sync a directory (EINVAL): nothing to do. */
	if (fsync(fd) != 0 && errno != EINVAL)
		errnum = errno;
	close(fd);
	return errnum;
}

int pc_dirsync_wait(pc_dirsync *d)
{
	uint64_t mine;
	int rc;

	pthread_mutex_lock(&d->lock);
	/* A round under way may have begun before our rename: the next one. */
	mine = d->begun + 1;
	while (d->done < mine) {
		if (d->running) {
			pthread_cond_wait(&d->ended, &d->lock);
			continue;
		}
		{
			uint64_t round = ++d->begun;
			int errnum;

			d->running = true;
			pthread_mutex_unlock(&d->lock);
			errnum = sync_now(d->dir);
			pthread_mutex_lock(&d->lock);
			d->result[round % RESULTS] = errnum;
			if (errnum != 0) {
				d->last_failed = round;
				d->last_errno = errnum;
			}
			d->done = round;
			d->running = false;
			pthread_cond_broadcast(&d->ended);
		}
	}
	if (d->done - mine < RESULTS)
		rc = d->result[mine % RESULTS];
	else /* its result was overwritten: a failure since, or none (safe side) */
		rc = d->last_failed >= mine ? d->last_errno : 0;
	pthread_mutex_unlock(&d->lock);
	return rc;
}

unsigned long long pc_dirsync_rounds(pc_dirsync *d)
{
	unsigned long long n;

	pthread_mutex_lock(&d->lock);
	n = d->done;
	pthread_mutex_unlock(&d->lock);
	return n;
}
