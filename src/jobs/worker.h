/* worker.h — the shape both background jobs share (the forecast runner, the alert delivery):
 * one thread that does its work, then sleeps until woken, stopped or a timeout on the
 * monotonic clock; stopping sets the flag, wakes it and joins it. */
#ifndef JAEGO_WORKER_H
#define JAEGO_WORKER_H

#include <pthread.h>
#include <stdatomic.h>

struct worker {
	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int woken;
	atomic_int stop; /* the thread's loop ends when set; long work may poll it too */
};
#define WORKER_INIT                                                                                \
	{                                                                                          \
		.mu = PTHREAD_MUTEX_INITIALIZER                                                    \
	}

/* Starts fn(arg) on its own thread. 0, or -1 when no thread could be made. */
int worker_start(struct worker *w, void *(*fn)(void *), void *arg);
/* Whether the thread should end its loop. */
int worker_stopping(struct worker *w);
/* On the worker's thread: sleeps until woken, stopped, or ms milliseconds passed. */
void worker_wait_ms(struct worker *w, long ms);
/* From any thread: the worker looks for work now. No effect before start. */
void worker_wake(struct worker *w);
/* Asks the thread to end, wakes it and waits for it. No effect before start. */
void worker_stop(struct worker *w);

#endif
