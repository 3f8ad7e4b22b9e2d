/* store_pool.h — durable stores off the connection threads.
 *
 * A store waits for two fsyncs. Done on the libmicrohttpd thread that owns
 * the connection, it holds up every other connection of that thread, and
 * since connections land on threads by chance, concurrent senders often
 * share one and wait in turn. Instead the handler suspends the connection
 * and hands the body here; any idle store thread takes it, stores it, and
 * resumes the connection, whose thread then answers. With a store thread
 * per concurrent sender, their fsyncs overlap and the directory syncs are
 * shared (dirsync.h). */
#ifndef PAYCON_HOOKD_STORE_POOL_H
#define PAYCON_HOOKD_STORE_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include <microhttpd.h>

#include "err.h"
#include "spool.h"

typedef struct hookd_store_job {
	struct MHD_Connection *conn;   /* suspended; resumed when done */
	const char *body;
	size_t len;
	/* Set by the store thread before it resumes the connection. */
	bool done;
	int rc;                        /* pc_spool_store's */
	char name[PC_SPOOL_NAME_SIZE];
	pc_err err;
	struct hookd_store_job *next;
} hookd_store_job;

typedef struct hookd_store_pool hookd_store_pool;

/* NULL when the threads cannot start (the reason on stderr's log). */
hookd_store_pool *hookd_store_pool_start(pc_spool *spool, int threads);
/* Queues a job whose connection the caller has just suspended. */
void hookd_store_pool_submit(hookd_store_pool *p, hookd_store_job *job);
/* Stores what is queued, then ends the threads. */
void hookd_store_pool_stop(hookd_store_pool *p);

#endif
