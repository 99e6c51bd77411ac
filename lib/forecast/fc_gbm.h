/* fc_gbm.h — a global gradient-boosted tree model (XGBoost) trained across all series of a
 * batch, in the way of the M5 competition's winners: one model learns from every product,
 * so a slow mover borrows strength from the rest. Direct multi-horizon: each training row
 * is (features at a forecast origin, horizon step k) → the value k days later, scaled by
 * the series' recent level. */
#ifndef FC_GBM_H
#define FC_GBM_H

#include <stddef.h>

#include "forecast.h"

typedef struct fc_gbm fc_gbm;

typedef struct fc_gbm_opts {
	int horizon;            /* longest horizon asked (1..FC_MAX_HORIZON) */
	int max_rounds;         /* boosting rounds before early stopping (300) */
	int early_stop;         /* rounds without validation gain before stopping (20) */
	int origins_per_series; /* training origins sampled per series (24) */
	int steps_per_origin;   /* horizon steps sampled per origin (8) */
	int nthreads;           /* XGBoost threads (1) */
	unsigned long long seed;
	/* Train a second model that sees only the data before the cross-validation folds
	 * (the last cv_origins * horizon days), so that validation is out of sample. */
	int cv_origins; /* 3; 0 = no such model */
} fc_gbm_opts;

void fc_gbm_opts_init(fc_gbm_opts *o);

/* Trains on ys[i][0..ns[i]-1]; all series end on the same day. Returns FC_OK and a model,
 * FC_ENODATA when there is too little history to learn from (fewer than 5 series with 56
 * days, or fewer than 500 training rows), FC_ENOMEM, or FC_ENUMERIC when XGBoost fails. */
int fc_gbm_train(const double *const *ys, const int *ns, int nseries, const fc_gbm_opts *o,
                 fc_gbm **out);
/* Forecasts h days after y[0..n-1] of series `series` (its full history had ns[series]
 * days at training; a shorter n is a cross-validation fold and uses the out-of-sample
 * model). Thread-safe. */
int fc_gbm_forecast(const fc_gbm *m, int series, const double *y, int n, int h, double *mean);
/* Model bytes for storage (XGBoost's JSON), and back. save allocates *buf (free()). */
int fc_gbm_save(const fc_gbm *m, void **buf, size_t *len);
int fc_gbm_load(const void *buf, size_t len, const int *ns, int nseries, fc_gbm **out);
int fc_gbm_rounds(const fc_gbm *m); /* boosting rounds kept after early stopping */
void fc_gbm_free(fc_gbm *m);

#endif
