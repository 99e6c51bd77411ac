/* accuracy_store.h — what the accuracy reports read (예측 정확도, 실제 vs 예측): the stored
 * forecast runs' daily paths (migration 008), the manual corrections made against each run
 * (migration 012), and the actual demand of the days since, built by the very code a run
 * learns from (fstore_load_inputs + demand_build: ledger outbound and imported sales
 * history, sets exploded to components, reversed outbound and adjustments left out). Only
 * days up to `last_day` (yesterday KST, the caller's choice) are ever scored. The handlers
 * (api_accuracy.c) turn these into JSON and workbooks; the metrics are forecast_accuracy.c's. */
#ifndef JAEGO_ACCURACY_STORE_H
#define JAEGO_ACCURACY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "forecast_accuracy.h"

/* A product, as the reports name it. */
struct acc_item {
	int64_t id;
	char sku[65];
	char name[4 * 200 + 1];
	char category[4 * 50 + 1];
};

/* A product of a run, scored over the run's days that have passed. */
struct acc_product {
	struct acc_item item;
	struct fa_sums model; /* the run's own daily mean */
	struct fa_sums eff;   /* with the corrections made against the run (예측 수정) */
	double scale;         /* MASE scale over the history the run learnt from (NaN: none) */
	int corrected_days;   /* days whose figure a correction replaced */
};

/* A finished run. */
struct acc_run {
	int64_t id;
	char last_history_date[11];
	char first_date[11]; /* its first forecast day */
	char as_of[11];      /* "" for a run made on its own day */
	char finished_at[32];
	int horizon;
	int days_passed;              /* forecast days up to last_day (0..horizon) */
	struct acc_product *products; /* scored: by product id */
	size_t nproducts;
};

/* The `limit` finished runs of org whose history ends last (-1 = all), oldest first, each
 * scored per product up to last_day. Returns DB_OK with *runs malloc'd (acc_runs_free) or
 * a DB error. */
int acc_runs_load(db *d, int64_t org_id, int last_day, int64_t limit, struct acc_run **runs,
                  size_t *n);
/* One run of org scored per product: DB_OK, DB_DONE when org has no such finished run, or
 * a DB error. */
int acc_run_load(db *d, int64_t org_id, int64_t run_id, int last_day, struct acc_run *run);
void acc_runs_free(struct acc_run *runs, size_t n);

/* ------------------------------------------------------------------ actual vs forecast */

/* One day of the period: its actual, and the forecast of the run the seller was acting on
 * that day (the finished run with the latest history end before the day whose horizon
 * covers it, or the fixed run). Band is the sum of the products' p10 / p90. */
struct avf_day {
	char date[11];
	int64_t run_id; /* 0: no run forecast this day */
	double actual, fcst, eff, p10, p90;
};

struct avf_product {
	struct acc_item item;
	double actual, fcst, eff;
	int days_forecast; /* days of the period some run forecast it */
};

struct avf {
	struct avf_day *days; /* [ndays], from..to */
	int ndays;
	struct avf_product *products; /* the single products of the filter, by SKU */
	size_t nproducts;
};

enum { AVF_OK = 0, AVF_NO_SKU = 1, AVF_IS_SET = 2, AVF_NO_RUN = 3 };

/* The period from_day..to_day (day numbers, to_day ≤ the caller's yesterday) for the single
 * products of org matching sku and category ("" = any); run_id fixes the run (0 = the
 * acting run of each day). Returns DB_OK with *out filled (avf_free), AVF_NO_SKU /
 * AVF_IS_SET for a sku that is no product / a set, AVF_NO_RUN for a run_id that is not a
 * finished run of org, or a DB error (< 0). */
int acc_actual_vs_forecast(db *d, int64_t org_id, int from_day, int to_day, const char *sku,
                           const char *category, int64_t run_id, struct avf *out);
void avf_free(struct avf *a);

#endif
