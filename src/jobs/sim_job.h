/* sim_job.h — one policy simulation of a shop, as the server runs it off the request
 * threads (sim_jobs.c queues them): the request, the run (sim_job_execute: the shop's
 * demand as forecast runs build it, its products' ordering terms and ledger balance, the
 * replay of simulate.c with the engine through sim_engine.c) and the answer's JSON. */
#ifndef JAEGO_SIM_JOB_H
#define JAEGO_SIM_JOB_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "sim_store.h"
#include "simulate.h"

#define SIM_JOB_PRODUCTS_MAX 500 /* products one simulation may replay */
#define SIM_JOB_DAYS_MAX     366 /* days one simulation may replay */
#define SIM_JOB_LEAD_DEFAULT 7   /* lead time of a product with none entered, days */

struct sim_job_request {
	int64_t org_id, user_id;
	int from_day, to_day;
	int review_days;
	double target_fill;
	int policies[SIM_NPOLICIES];
	size_t npolicies;
	int64_t *product_ids; /* malloc'd, owned by the request; ascending */
	size_t nproducts;
};

/* What a finished simulation keeps for its answers. */
struct sim_job_output {
	size_t np;
	struct simstore_product *products; /* [np] by SKU, lead_time_days filled in */
	unsigned char *lead_default;       /* [np]: 1 when the lead time was not entered */
	double service_level;              /* the shop's, for the service_level policy */
	struct sim_result res;
	int have_res;
	int ndays;
	int32_t *on_hand;        /* [(policy * np + product) * ndays + day]: end of day */
	unsigned char *stockout; /* same index: 1 when some demand went unserved */
	double seconds;          /* the run's duration */
};
void sim_job_output_free(struct sim_job_output *o);

/* Progress of a run: stage "loading" or "replaying" and the reviews done of total.
 * Non-zero stops the run. */
typedef int (*sim_job_progress_fn)(void *arg, const char *stage, int done, int total);

/* Runs q on d. Returns 0 with *out filled, or -1 with a Korean message in err. */
int sim_job_execute(db *d, const struct sim_job_request *q, sim_job_progress_fn progress, void *arg,
                    struct sim_job_output *out, char *err, size_t errlen);

/* The result of a finished simulation: {"totals":[...],"items":[...],"chart":{...}}; the
 * chart is sku's on-hand units (sku in the simulation) or, sku NULL, the stock value of
 * every product. NULL when sku is not one of the simulation's products. */
json_t *sim_job_result_json(const struct sim_job_request *q, const struct sim_job_output *o,
                            const char *sku);

#endif
