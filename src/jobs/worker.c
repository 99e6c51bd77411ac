/* worker.c — a background thread with wake, timed sleep and stop (see worker.h). */
#include "worker.h"

#include <time.h>

int worker_start(struct worker *w, void *(*fn)(void *), void *arg)
{
	atomic_store(&w->stop, 0);
	w->woken = 0;
	/* timed sleeps on the monotonic clock: a wall clock set back never stretches them */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&w->thread, NULL, fn, arg) != 0) {
		pthread_cond_destroy(&w->cv);
		return -1;
	}
	w->started = 1;
	return 0;
}

int worker_stopping(struct worker *w)
{
	return atomic_load(&w->stop);
}

void worker_wait_ms(struct worker *w, long ms)
{
	pthread_mutex_lock(&w->mu);
	if (!w->woken && !atomic_load(&w->stop)) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += ms / 1000;
		ts.tv_nsec += (ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w->cv, &w->mu, &ts);
	}
	w->woken = 0;
	pthread_mutex_unlock(&w->mu);
}

void worker_wake(struct worker *w)
{
	if (!w->started)
		return;
	pthread_mutex_lock(&w->mu);
	w->woken = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

void worker_stop(struct worker *w)
{
	if (!w->started)
		return;
	atomic_store(&w->stop, 1);
	worker_wake(w);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	w->started = 0;
}
