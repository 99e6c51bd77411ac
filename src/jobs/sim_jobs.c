/* sim_jobs.c — the queue of simulations and their thread (see sim_jobs.h). */
#include "sim_jobs.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "date.h"
#include "log.h"
#include "util.h"
#include "worker.h"

#define SIM_NICE     10 /* requests come first */
#define POLL_SECONDS 30

enum { ST_FREE = 0, ST_QUEUED, ST_RUNNING, ST_DONE, ST_FAILED };
static const char *const status_names[] = {"", "queued", "running", "done", "failed"};

struct job {
	int status;
	int64_t id;
	struct sim_job_request q;
	char created_at[32], finished_at[32];
	const char *stage;
	int done, total;
	char error[256];
	struct sim_job_output out;
};

static struct {
	pthread_mutex_t mu; /* guards jobs[] and next_id */
	struct job jobs[SIM_JOBS_MAX];
	int64_t next_id;
	char db_path[4096];
	struct worker w;
} J = {.mu = PTHREAD_MUTEX_INITIALIZER, .next_id = 1, .w = WORKER_INIT};

static void job_clear(struct job *j)
{
	free(j->q.product_ids);
	sim_job_output_free(&j->out);
	memset(j, 0, sizeof *j);
}

/* A slot for a new job: a free one, else the finished one created first. Under the lock. */
static struct job *free_slot(void)
{
	struct job *oldest = NULL;
	for (int i = 0; i < SIM_JOBS_MAX; i++) {
		struct job *j = &J.jobs[i];
		if (j->status == ST_FREE)
			return j;
		if ((j->status == ST_DONE || j->status == ST_FAILED) &&
		    (!oldest || j->id < oldest->id))
			oldest = j;
	}
	if (oldest)
		job_clear(oldest);
	return oldest;
}

int sim_jobs_submit(struct sim_job_request *q, int64_t *id, int *created)
{
	int rc = SIM_JOBS_OK;
	*created = 0;
	pthread_mutex_lock(&J.mu);
	for (int i = 0; i < SIM_JOBS_MAX; i++) {
		const struct job *j = &J.jobs[i];
		if (j->q.org_id == q->org_id &&
		    (j->status == ST_QUEUED || j->status == ST_RUNNING)) {
			*id = j->id;
			goto out;
		}
	}
	struct job *j = free_slot();
	if (!j) {
		rc = SIM_JOBS_BUSY;
		goto out;
	}
	j->status = ST_QUEUED;
	j->id = J.next_id++;
	j->q = *q;
	q->product_ids = NULL;
	util_utc_iso(util_now(), j->created_at);
	j->stage = "queued";
	*id = j->id;
	*created = 1;
out:
	pthread_mutex_unlock(&J.mu);
	free(q->product_ids);
	q->product_ids = NULL;
	if (*created)
		worker_wake(&J.w);
	return rc;
}

static json_t *job_json(const struct job *j, const char *sku, int *no_sku)
{
	char from[11], to[11];
	date_format(j->q.from_day, from);
	date_format(j->q.to_day, to);
	json_t *pol = json_array();
	for (size_t k = 0; k < j->q.npolicies; k++)
		json_array_append_new(pol, json_string(sim_policy_name(j->q.policies[k])));
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:f, s:o, s:I, s:{s:s, s:i, s:i}}",
	                      "id", (json_int_t)j->id, "status", status_names[j->status],
	                      "created_at", j->created_at, "from", from, "to", to, "review_days",
	                      j->q.review_days, "target_fill", j->q.target_fill, "policies", pol,
	                      "products", (json_int_t)j->q.nproducts, "progress", "stage", j->stage,
	                      "done", j->done, "total", j->total);
	json_object_set_new(o, "finished_at",
	                    j->finished_at[0] ? json_string(j->finished_at) : json_null());
	json_object_set_new(o, "error", j->error[0] ? json_string(j->error) : json_null());
	if (j->status != ST_DONE)
		return o;
	json_object_set_new(o, "duration_ms", json_integer((json_int_t)(j->out.seconds * 1000)));
	json_t *res = sim_job_result_json(&j->q, &j->out, sku);
	if (!res) {
		*no_sku = 1;
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "result", res);
	return o;
}

int sim_jobs_json(int64_t org_id, int64_t id, const char *sku, json_t **out)
{
	int rc = SIM_JOBS_NOT_FOUND, no_sku = 0;
	*out = NULL;
	pthread_mutex_lock(&J.mu);
	for (int i = 0; i < SIM_JOBS_MAX; i++) {
		const struct job *j = &J.jobs[i];
		if (j->status != ST_FREE && j->id == id && j->q.org_id == org_id) {
			*out = job_json(j, sku, &no_sku);
			rc = no_sku ? SIM_JOBS_NO_SKU : SIM_JOBS_OK;
			break;
		}
	}
	pthread_mutex_unlock(&J.mu);
	return rc;
}

/* ------------------------------------------------------------------ the thread */

static int on_progress(void *arg, const char *stage, int done, int total)
{
	struct job *j = arg;
	pthread_mutex_lock(&J.mu);
	j->stage = stage;
	j->done = done;
	j->total = total;
	pthread_mutex_unlock(&J.mu);
	return worker_stopping(&J.w);
}

/* Claims the oldest queued job (running from here: never evicted while it runs). */
static struct job *claim(void)
{
	struct job *first = NULL;
	pthread_mutex_lock(&J.mu);
	for (int i = 0; i < SIM_JOBS_MAX; i++) {
		struct job *j = &J.jobs[i];
		if (j->status == ST_QUEUED && (!first || j->id < first->id))
			first = j;
	}
	if (first)
		first->status = ST_RUNNING;
	pthread_mutex_unlock(&J.mu);
	return first;
}

/* Runs j; the request is only read (no one else writes a running job's request). Once
 * finished the job may be evicted by a new one at any time: it is read under the lock. */
static void execute(db *d, struct job *j)
{
	struct sim_job_output out;
	char err[256] = "";
	int rc = sim_job_execute(d, &j->q, on_progress, j, &out, err, sizeof err);
	long long ms = (long long)(out.seconds * 1000);
	pthread_mutex_lock(&J.mu);
	log_info("msg=\"simulation %s\" id=%lld org=%lld products=%zu days=%d ms=%lld",
	         rc == 0 ? "done" : "failed", (long long)j->id, (long long)j->q.org_id,
	         j->q.nproducts, j->q.to_day - j->q.from_day + 1, ms);
	util_utc_iso(util_now(), j->finished_at);
	if (rc == 0) {
		j->out = out;
		j->status = ST_DONE;
	} else {
		sim_job_output_free(&out);
		util_strlcpy(j->error, err, sizeof j->error);
		j->status = ST_FAILED;
	}
	pthread_mutex_unlock(&J.mu);
}

static void *sim_main(void *arg)
{
	(void)arg;
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), SIM_NICE) != 0)
		log_warn("msg=\"simulation thread keeps normal priority\"");
	db *d = NULL;
	char err[512];
	if (db_open(J.db_path, &d, err, sizeof err) != 0) {
		log_error("msg=\"simulation thread cannot open the database\" error=\"%s\"", err);
		return NULL;
	}
	while (!worker_stopping(&J.w)) {
		struct job *j = claim();
		if (j)
			execute(d, j);
		else
			worker_wait_ms(&J.w, POLL_SECONDS * 1000L);
	}
	db_close(d);
	return NULL;
}

int sim_jobs_start(const char *db_path)
{
	util_strlcpy(J.db_path, db_path, sizeof J.db_path);
	return worker_start(&J.w, sim_main, NULL);
}

void sim_jobs_stop(void)
{
	worker_stop(&J.w);
	pthread_mutex_lock(&J.mu);
	for (int i = 0; i < SIM_JOBS_MAX; i++)
		job_clear(&J.jobs[i]);
	pthread_mutex_unlock(&J.mu);
}
