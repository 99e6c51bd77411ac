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
	int max_rounds;         /* boosting rounds (60), the most when early stopping */
	int early_stop;         /* rounds without validation gain before stopping; 0 = off,
	                           every round kept (0) */
	int origins_per_series; /* training origins sampled per series (16) */
	int steps_per_origin;   /* horizon steps sampled per origin (8) */
	int nthreads;           /* XGBoost threads (1) */
	unsigned long long seed;
	/* Train a second model that sees only the data before the cross-validation folds
	 * (the last cv_origins * horizon days), so that validation is out of sample. */
	int cv_origins; /* 3; 0 = no such model */
	/* Calendar features of the target day (festival block, days to and since one, public
	 * holiday, organisation events): the day number of the batch's common last day and
	 * the calendar. last_day 0 or cal NULL: the features are missing (NaN). */
	int last_day;
	const struct fc_calendar *cal;
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
/* Model bytes for storage (XGBoost's JSON), and back. save allocates *buf (free()).
 * ns are the current lengths, which may be longer than at training (a model trained at
 * night, used the next day): the weekday position is then shifted by the growth of the
 * longest series. A loaded model has no calendar; fc_gbm_view gives it one. */
int fc_gbm_save(const fc_gbm *m, void **buf, size_t *len);
int fc_gbm_load(const void *buf, size_t len, const int *ns, int nseries, fc_gbm **out);
/* A model for another batch that uses m's boosters (not copied: m must outlive it, and
 * fc_gbm_free releases only the view): the batch's lengths ns, its common last day and
 * calendar. The weekday shift since training comes from the last days when both are
 * known, else from the growth of the longest series. */
int fc_gbm_view(const fc_gbm *m, const int *ns, int nseries, int last_day,
                const struct fc_calendar *cal, fc_gbm **out);
int fc_gbm_rounds(const fc_gbm *m);  /* boosting rounds kept after early stopping */
int fc_gbm_horizon(const fc_gbm *m); /* horizon it was trained for */
void fc_gbm_free(fc_gbm *m);

#endif
