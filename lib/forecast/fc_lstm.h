/* fc_lstm.h — a global LSTM trained across all series of a batch: one network reads the
 * last `lookback` days of a series (scaled by its recent level, with weekday inputs) and
 * writes the next `horizon` days at once (direct multi-horizon output). Written on BLAS
 * (cblas_dgemm), trained with Adam on mean squared error with early stopping on a
 * validation window; deterministic for a seed; weights can be saved and reloaded so that a
 * nightly run trains and daytime requests reuse the network. */
#ifndef FC_LSTM_H
#define FC_LSTM_H

#include <stddef.h>

#include "forecast.h"

typedef struct fc_lstm fc_lstm;

typedef struct fc_lstm_opts {
	int horizon;            /* outputs (days ahead), 1..FC_MAX_HORIZON */
	int lookback;           /* days read (42) */
	int hidden;             /* LSTM units (24) */
	int batch;              /* samples per Adam step (64) */
	int max_epochs;         /* (25) */
	int patience;           /* epochs without validation gain before stopping (4) */
	int origins_per_series; /* training windows sampled per series and epoch (8) */
	double lr;              /* Adam step size (0.003) */
	int finetune_epochs;    /* epochs on the full history after early stopping (2) */
	int cv_origins;         /* the network is first trained without the last cv_origins *
				   horizon days, so that fold forecasts are out of sample (3) */
	unsigned long long seed;
	int last_day; /* day number of the batch's common last day (0 = unknown); saved with
	                 the weights so that a later batch can line its weekdays up */
	/* Holidays and organisation events (NULL = none): flags of each input day, and terms
	 * of each target day (courier pause, the days before and after it, holiday, event)
	 * added to the outputs. Needs last_day. */
	const struct fc_calendar *cal;
} fc_lstm_opts;

void fc_lstm_opts_init(fc_lstm_opts *o);

/* Trains on ys[i][0..ns[i]-1] (all series end on the same day). FC_ENODATA when fewer
 * than 5 series have lookback + 2 * horizon days. */
int fc_lstm_train(const double *const *ys, const int *ns, int nseries, const fc_lstm_opts *o,
                  fc_lstm **out);
/* Forecast of h <= horizon days after y[0..n-1] of series `series`; a shorter n than at
 * training is a cross-validation fold and uses the network from before the folds. */
int fc_lstm_forecast(const fc_lstm *m, int series, const double *y, int n, int h, double *mean);
int fc_lstm_save(const fc_lstm *m, void **buf, size_t *len); /* *buf: free() */
/* ns are the current lengths, which may be longer than at training: the weekday inputs
 * are then shifted by the growth of the longest series (fc_lstm_view can do better). */
int fc_lstm_load(const void *buf, size_t len, const int *ns, int nseries, fc_lstm **out);
/* A network for another batch that uses m's weights (not copied: m must outlive it;
 * fc_lstm_free releases only the view): the batch's lengths and common last day. The
 * weekday shift since training comes from the last days when both are known, else from
 * the growth of the longest series. The calendar (may be NULL) gives the batch's days their
 * holiday and event inputs. */
int fc_lstm_view(const fc_lstm *m, const int *ns, int nseries, int last_day,
                 const struct fc_calendar *cal, fc_lstm **out);
int fc_lstm_epochs(const fc_lstm *m);  /* epochs run before early stopping */
int fc_lstm_horizon(const fc_lstm *m); /* days ahead it was trained for */
void fc_lstm_free(fc_lstm *m);

/* For tests: the largest relative difference between the analytic gradient of a small
 * random network and central finite differences. */
int fc_lstm_gradcheck(unsigned long long seed, double *max_rel_err);

#endif
