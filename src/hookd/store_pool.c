/* store_pool.c — store threads fed from one queue (see store_pool.h). */
#include "store_pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "hookd.h"

#define STORE_THREAD_STACK (256 * 1024)

struct hookd_store_pool {
	pc_spool *spool;
	pthread_mutex_t lock;
	pthread_cond_t work;
	hookd_store_job *head, *tail;
	bool stopping;
	int nthreads;
	pthread_t *threads;
};

static hookd_store_job *next_job(hookd_store_pool *p)
{
	hookd_store_job *job;

	pthread_mutex_lock(&p->lock);
	while (!p->head && !p->stopping)
		pthread_cond_wait(&p->work, &p->lock);
	job = p->head;
	if (job) {
		p->head = job->next;
		if (!p->head)
			p->tail = NULL;
	}
	pthread_mutex_unlock(&p->lock);
	return job;
}

static void *store_thread(void *arg)
{
	hookd_store_pool *p = arg;
	hookd_store_job *job;

	while ((job = next_job(p)) != NULL) {
		pc_err_clear(&job->err);
		job->rc = pc_spool_store(p->spool, job->body, job->len, job->name, &job->err);
		job->done = true;
		/* The connection's thread answers it now; resume is what
		 * publishes the fields above to that thread. */
		MHD_resume_connection(job->conn);
	}
	return NULL;
}

hookd_store_pool *hookd_store_pool_start(pc_spool *spool, int threads)
{
	hookd_store_pool *p = calloc(1, sizeof(*p));
	pthread_attr_t attr;

	if (!p || !(p->threads = calloc((size_t)threads, sizeof(*p->threads)))) {
		free(p);
		hookd_log("paycon-hookd: out of memory starting the store threads");
		return NULL;
	}
	p->spool = spool;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, STORE_THREAD_STACK);
	for (; p->nthreads < threads; p->nthreads++) {
		if (pthread_create(&p->threads[p->nthreads], &attr, store_thread, p) != 0) {
			hookd_log("paycon-hookd: cannot start store thread %d of %d", p->nthreads + 1, threads);
			pthread_attr_destroy(&attr);
			hookd_store_pool_stop(p);
			return NULL;
		}
	}
	pthread_attr_destroy(&attr);
	return p;
}

void hookd_store_pool_submit(hookd_store_pool *p, hookd_store_job *job)
{
	job->next = NULL;
	job->done = false;
	pthread_mutex_lock(&p->lock);
	if (p->tail)
		p->tail->next = job;
	else
		p->head = job;
	p->tail = job;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
}

void hookd_store_pool_stop(hookd_store_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->work);
	free(p->threads);
	free(p);
}
