/* sim_jobs.h — policy simulations (정책 시뮬레이션) off the request threads. `jaego serve`
 * starts one thread, at a lower priority like the forecast runner, that runs queued
 * simulations one at a time, oldest first (sim_job.c). An organisation has at most one
 * queued or running simulation. Simulations write no business data: they and their
 * results live in memory, at most SIM_JOBS_MAX of them in the process (the oldest finished
 * one makes room for a new one), and are gone when the server restarts. */
#ifndef JAEGO_SIM_JOBS_H
#define JAEGO_SIM_JOBS_H

#include <jansson.h>
#include <stdint.h>

#include "sim_job.h"

#define SIM_JOBS_MAX 8

enum { SIM_JOBS_OK = 0, SIM_JOBS_BUSY = -1, SIM_JOBS_NOT_FOUND = -2, SIM_JOBS_NO_SKU = -3 };

/* Starts the thread with its own connection to db_path. 0, or -1 when it cannot start. */
int sim_jobs_start(const char *db_path);
/* Stops the thread: a simulation in the middle of its replay stops at its next review
 * and is marked failed. Safe when never started. */
void sim_jobs_stop(void);

/* Queues q (its product_ids are taken: freed by the queue, whatever the outcome) unless
 * q's organisation has one queued or running: then *id is that one and *created 0.
 * SIM_JOBS_BUSY when every slot holds a simulation not finished. */
int sim_jobs_submit(struct sim_job_request *q, int64_t *id, int *created);

/* {"id","status":"queued|running|done|failed","created_at","finished_at","from","to",
 * "review_days","target_fill","policies":[...],"products","progress":{"stage","done",
 * "total"},"error","duration_ms","result":{...} (done only, see sim_job_result_json)} of
 * simulation id of org. SIM_JOBS_NOT_FOUND (none of org's), SIM_JOBS_NO_SKU (sku is not
 * one of its products), else SIM_JOBS_OK with *out. */
int sim_jobs_json(int64_t org_id, int64_t id, const char *sku, json_t **out);

#endif
