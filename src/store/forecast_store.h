/* forecast_store.h — every SQL statement of forecast runs (migrations/008_forecast_runs.sql):
 * the queue and its rule of one run at a time per organisation, what a run reads (products,
 * sets, ledger outbound and reversals, imported sales history, events, saved global
 * models), what it writes (per-product results and daily paths, in one transaction), the
 * nightly schedule's bookkeeping, and the JSON the API answers. The handlers (api_forecast.c)
 * and the runner (forecast_runner.c) hold no SQL. */
#ifndef JAEGO_FORECAST_STORE_H
#define JAEGO_FORECAST_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "demand.h"

/* ------------------------------------------------------------------ the queue */

/* A run as the runner claims it. */
struct fstore_run {
	int64_t id;
	int64_t org_id;
	int schedule; /* 1 = trigger 'schedule' (trains the global models), 0 = 'manual' */
	int horizon;
	char as_of[11]; /* "" = forecast from the day it runs; else from this KST date */
};

/* Queues a run for org unless one is queued or running: then *id is that run and *created
 * 0. trigger is "manual" or "schedule"; user_id 0 = none. Nests in the caller's
 * transaction. Returns DB_OK or a DB error. */
int fstore_enqueue(db *d, int64_t org_id, const char *trigger, int64_t user_id, int horizon,
                   int64_t *id, int *created);
/* The same for a run "as of" the KST date as_of (NULL or "" = today): its history ends
 * the day before as_of and its forecast starts on as_of. */
int fstore_enqueue_as_of(db *d, int64_t org_id, const char *trigger, int64_t user_id, int horizon,
                         const char *as_of, int64_t *id, int *created);

/* Claims the oldest queued run: status queued -> running inside one transaction, so that
 * two claimers never get the same run. Returns 1 with *out filled, 0 when none is queued,
 * or a negative DB error. */
int fstore_claim(db *d, struct fstore_run *out);

/* Where a running run is: stage is one of loading, training, forecasting, saving. */
int fstore_progress(db *d, int64_t run_id, const char *stage, int done, int total);

/* A running run goes back to the queue (the server stops in the middle of it). */
int fstore_requeue(db *d, int64_t run_id);

/* A running run failed: status failed with a Korean message for the user. */
int fstore_fail(db *d, int64_t run_id, int64_t duration_ms, const char *error);

/* At start-up: runs left running by a server that stopped without finishing them are
 * marked failed with the Korean message error. Returns how many, or a negative DB error. */
int fstore_recover(db *d, const char *error);

/* ------------------------------------------------------------------ what a run reads */

/* An organisation event (행사 일정), as the engine's calendar takes it. */
struct fstore_event {
	char name[244]; /* up to 60 characters of UTF-8 */
	char date[11];
	int before, after;
};

struct fstore_inputs {
	int64_t *products; /* active single products, by id */
	char (*skus)[65];  /* their SKUs, same order */
	size_t nproducts;
	struct demand_move *moves; /* outbound and reversal rows up to last_date */
	size_t nmoves;
	struct demand_sale *sales; /* imported sales history up to last_date */
	size_t nsales;
	struct demand_bom *bom; /* every set's components */
	size_t nbom;
	struct fstore_event *events;
	size_t nevents;
};

/* Reads everything a run of org needs, in one read transaction, up to the KST date
 * last_date. On DB_OK the arrays are malloc'd: fstore_inputs_free releases them. */
int fstore_load_inputs(db *d, int64_t org_id, const char *last_date, struct fstore_inputs *in);
void fstore_inputs_free(struct fstore_inputs *in);

/* What one product's demand series needs, as fstore_load_inputs reads it for a run but
 * limited to that product: its own outbound, reversal and sales rows and those of the sets
 * it is a component of, and those sets' lines naming it (demand_build then counts exactly
 * what a run counts). products holds the one id; skus and events stay empty. */
int fstore_load_product_inputs(db *d, int64_t org_id, int64_t product_id, const char *last_date,
                               struct fstore_inputs *in);

/* The organisation's saved global models: 1 with *blob (malloc'd, caller frees), *len,
 * trained_at and horizon filled; 0 when there are none; negative on a DB error. */
int fstore_models_load(db *d, int64_t org_id, void **blob, size_t *len, char trained_at[32],
                       int *horizon);

/* ------------------------------------------------------------------ what a run writes */

/* One model the engine tried for a product (migration 014), in its ranking order. NaN
 * errors are stored NULL (undefined, or the model could not be fitted). */
struct fstore_candidate {
	const char *model;
	int ok;
	double mae, rmse, mase, wape, bias, score;
	int chosen;        /* the forecast stored is this candidate */
	int part_of_combo; /* a member of the chosen combination */
};

/* One product's outcome. Strings and arrays are borrowed. */
struct fstore_result {
	int64_t product_id;
	const char *status; /* "ok", "too_little_history" or "no_history" */
	const char *reason; /* Korean when there is no forecast, else "" */
	int history_days;
	const char *history_first_date; /* NULL when there is no history */
	double history_total;
	int min_history_days;
	/* status "ok" only: */
	const char *model, *detail, *note;
	double mae, rmse, mase, wape, bias; /* NaN = undefined (stored NULL) */
	double totals[3][4];                /* 30/60/90 days x mean, p10, p50, p90 */
	const double *mean;                 /* [horizon] */
	const double *quant;                /* [horizon * nq], day-major, at levels[] */
	int nq;
	int qidx[3];           /* where p10, p50 and p90 are among levels[] */
	const double *levels;  /* [nq] ascending quantile levels */
	const int *total_days; /* [3]: 30, 60, 90 capped at the horizon (0 = unused) */
	const double
	        *total_quant; /* [k * total_stride + j]: total over total_days[k] at levels[j] */
	int total_stride;
	const struct fstore_candidate *cands; /* [ncand], best ranked first */
	int ncand;
};

/* The end of a successful run. */
struct fstore_done {
	int64_t run_id;
	int64_t org_id;
	int horizon;
	int first_day;                 /* day number of the first forecast day */
	const char *last_history_date; /* the day before it */
	const char *options;           /* JSON text */
	int64_t duration_ms;
	const void *models; /* trained global models to keep (NULL = keep the saved ones) */
	size_t models_len;
	int models_mask; /* FC_TRAINED_* of models */
	int models_horizon;
};

/* Writes every result, daily path and candidate, the models when given, and marks the run done, all
 * in one transaction: on any error nothing of it is written. Returns DB_OK or an error. */
int fstore_save(db *d, const struct fstore_done *done, const struct fstore_result *res, size_t n);

/* ------------------------------------------------------------------ the schedule */

/* An organisation with something to forecast, its nightly hour (KST) and when its latest
 * run was queued ("" = never). */
struct fstore_org_slot {
	int64_t org_id;
	int hour;
	char last_created[32];
};

/* Every organisation with at least one active single product. *out is malloc'd (caller
 * frees). Returns DB_OK or an error. */
int fstore_schedule_list(db *d, struct fstore_org_slot **out, size_t *n);

/* ------------------------------------------------------------------ answers */

/* {"id","status","trigger","requested_by":{"id","name"}|null,"created_at","started_at",
 * "finished_at","duration_ms","horizon","stage","progress":{"done","total"},
 * "last_history_date","products":{"forecast","skipped"},"models":{name: count},
 * "options":{...},"error"} of a run of org, or NULL when org has no such run. */
json_t *fstore_run_json(db *d, int64_t org_id, int64_t id);

/* {"items":[run...], "total"} newest first. */
json_t *fstore_runs_json(db *d, int64_t org_id, int64_t limit, int64_t offset);

/* The run planning reads: org's finished run whose history ends last (a backdated run
 * made later is older), the newest id among equals; 0 when none. */
int64_t fstore_planning_run(db *d, int64_t org_id);

/* Why a product has no forecast to show. */
enum fstore_missing {
	FSTORE_NO_SKU = 1,         /* no such product */
	FSTORE_IS_SET,             /* a set: forecast per component */
	FSTORE_NO_RUN,             /* no finished run yet */
	FSTORE_NOT_IN_RUN,         /* newer than the latest run, or inactive then */
	FSTORE_TOO_LITTLE_HISTORY, /* result row without forecast ... */
	FSTORE_NO_HISTORY          /* ... of either kind */
};

struct fstore_why {
	enum fstore_missing kind;
	int64_t run_id; /* the latest finished run, 0 when none */
	char finished_at[32];
	int active;
	int history_days, min_history_days;
	char reason[512]; /* the run's Korean reason for the last two kinds */
};

/* The product's forecast from org's latest finished run: {"sku","run_id","finished_at",
 * "model","model_detail","note","history_days","history_first_date","metrics":{...},
 * "days":[{"date","mean","p10","p50","p90"}],"totals":{"30":{...},"60":...,"90":...}}.
 * Returns DB_OK with *out set, DB_DONE with *why filled when there is none, or a DB error. */
int fstore_product_forecast(db *d, int64_t org_id, const char *sku, json_t **out,
                            struct fstore_why *why);

/* One stored candidate of a product in a run (migration 014), as read back. Undefined
 * errors are NaN. */
struct fstore_cand_row {
	int rank;
	char model[64];
	int ok;
	double mae, rmse, mase, wape, bias, score;
	int chosen, part_of_combo;
};

/* The candidates of product_id in run_id of org, by rank: *out malloc'd (NULL when *n is
 * 0, as for runs from before candidates were kept). Returns DB_OK or a DB error. */
int fstore_candidates(db *d, int64_t org_id, int64_t run_id, int64_t product_id,
                      struct fstore_cand_row **out, size_t *n);

#endif
