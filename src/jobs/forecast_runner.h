/* forecast_runner.h — forecast runs off the request threads. `jaego serve` starts one
 * background thread that claims queued runs (oldest first; the store lets an organisation
 * have one queued or running run at a time), builds each product's demand series, asks the
 * engine (forecast.h) for 90 days with the Korean holiday calendar and the organisation's
 * events, and stores the results in one transaction. It also queues each organisation's
 * nightly run at the organisation's KST hour. The nightly run trains the global models
 * (boosted trees, LSTM) and keeps them; daytime runs reuse them.
 *
 * The thread runs at a lower priority with the engine on one thread by default, so that
 * requests keep a core of the two to themselves while a run goes on. */
#ifndef JAEGO_FORECAST_RUNNER_H
#define JAEGO_FORECAST_RUNNER_H

#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "db.h"
#include "forecast_store.h"

#define FORECAST_HORIZON 90 /* days every run forecasts */

/* What the server's thread does. */
enum forecast_runner_mode {
	FORECAST_RUNNER_ALL = 0, /* run queued runs and queue the nightly ones (default) */
	FORECAST_RUNNER_QUEUE,   /* run queued runs only: no nightly schedule */
	FORECAST_RUNNER_OFF      /* no thread: runs wait for a process that runs them */
};

struct forecast_runner_config {
	const char *db_path;
	enum forecast_runner_mode mode;
	int threads; /* engine threads; 0 = 1 */
};

/* Parses "all", "queue" or "off"; -1 for anything else. */
int forecast_runner_mode_parse(const char *s, enum forecast_runner_mode *out);

/* Starts the thread (nothing with FORECAST_RUNNER_OFF). Runs found running from an earlier
 * process that stopped without finishing them are marked failed first. Returns 0, or -1
 * when the thread cannot start. */
int forecast_runner_start(const struct forecast_runner_config *c);
/* Something changed (a run was queued, an organisation's hour moved): look again now. */
void forecast_runner_wake(void);
/* Stops the thread: a run in the middle of its forecasts is cancelled and queued again
 * (the next start runs it); training in progress is let finish. Safe to call when the
 * thread never started. */
void forecast_runner_stop(void);

/* Queues a run of org (user_id 0 = none; schedule = 1 for a nightly-kind run that trains
 * the global models) unless one is queued or running, whose id *id then gets with
 * *created = 0. Nests in the caller's transaction; call forecast_runner_wake after the
 * commit. Returns DB_OK or a DB error. */
int forecast_runner_enqueue(db *d, int64_t org_id, int64_t user_id, int schedule, int64_t *id,
                            int *created);

/* Queues a manual run "as of" the KST date as_of (before today): history up to the day
 * before, forecast from as_of, with the statistical models only (docs/forecast.md). */
int forecast_runner_enqueue_as_of(db *d, int64_t org_id, int64_t user_id, const char *as_of,
                                  int64_t *id, int *created);

/* Outcome of forecast_runner_execute. */
enum { FORECAST_RUN_DONE = 0, FORECAST_RUN_FAILED = 1, FORECAST_RUN_REQUEUED = 2 };

/* Runs one claimed run to its end on d with `threads` engine threads: done, failed (with a
 * Korean error), or back in the queue when *cancel became non-zero (cancel may be NULL). */
int forecast_runner_execute(db *d, const struct fstore_run *run, int threads,
                            const atomic_int *cancel);

/* The nightly schedule, pure: the UTC instant (ISO text) at which the latest daily slot
 * at `hour` KST began, at or before now. */
void forecast_schedule_slot(time_t now, int hour, char out[32]);
/* 1 when an organisation whose latest run was queued at last_created (ISO text, "" or
 * NULL for never) is due for its nightly run at `hour` KST: no run since the slot began. */
int forecast_schedule_due(time_t now, int hour, const char *last_created);

#endif
