/* fc_model.h — the engine's internal model interface and registry.
 *
 * A model is a row of function pointers. Local models only implement `forecast` (fit on
 * one series, write h mean values). Global models that learn across all series (boosted
 * trees, LSTM) also implement `prepare`, called once per batch with every series, and
 * `release`; their per-series `forecast` then receives that shared state. The engine
 * does cross-validation, selection, intervals and sample paths on top, so a model only
 * has to give a point forecast. */
#ifndef FC_MODEL_H
#define FC_MODEL_H

#include "forecast.h"

typedef struct fc_model_def {
	const char *name; /* stable lower-case name used on the command line */
	int min_n;        /* shortest history it accepts; shorter ones are not tried */
	int heavy;        /* 1 for slow models: auto tries them once per fold, never in grids */
	/* Optional: learn from all series of a batch. *state is freed with release. */
	int (*prepare)(const double *const *ys, const int *ns, int nseries, const fc_options *opt,
	               void **state);
	void (*release)(void *state);
	/* Fits y[0..n-1] and writes mean[0..h-1] (may be negative; the engine clips).
     * detail (FC_NAME_MAX bytes, may be NULL) receives the fitted form, e.g. "ETS(A,N,A)".
     * When detail is non-empty on entry it is a form found by an earlier fit of the same
     * series (the engine fits the whole history first, then the CV folds): a model with
     * an expensive form search may reuse it instead of searching again. */
	int (*forecast)(const void *state, int series, const double *y, int n, int period, int h,
	                double *mean, char *detail);
} fc_model_def;

/* Registry: NULL-terminated arrays of all models; lookup by name (NULL when unknown). */
const fc_model_def *const *fc_model_all(void);
const fc_model_def *fc_model_find(const char *name);

/* Simple models (fc_models.c). */
extern const fc_model_def fc_model_naive, fc_model_snaive, fc_model_wavg, fc_model_lmean,
        fc_model_dow;
/* Intermittent-demand models (fc_intermittent.c). */
extern const fc_model_def fc_model_croston, fc_model_sba, fc_model_tsb, fc_model_adida,
        fc_model_imapa;
/* ETS and ARIMA adapters (fc_adapt.c); their fit code lives in fc_ets.c / fc_arima.c. */
extern const fc_model_def fc_model_ets, fc_model_arima;
/* ETS with the form chosen between (A,N,N) and (A,N,A) on the last year: the variant
 * automatic selection uses unless opt->full_search asks for the full AutoETS. */
extern const fc_model_def fc_model_etsq;
/* Models of fc_global_adapt.c: the Prophet-style model (local, but it needs the calendar
 * and each series' dates, which its prepare step records) and the two global models. */
extern const fc_model_def fc_model_prophet, fc_model_gbm, fc_model_lstm;
/* 1 when model m belongs in "auto" under opt's model set. */
int fc_model_in_set(const fc_model_def *m, const fc_options *opt);
/* The models inside a trained set (fc_trained.c), NULL when absent; the adapters of
 * fc_global_adapt.c forecast with views of them instead of training. */
const struct fc_gbm *fc_trained_gbm(const struct fc_trained *t);
const struct fc_lstm *fc_trained_lstm(const struct fc_trained *t);

/* How far back from the end of a series of n days the engine's validation windows reach,
 * for horizon h and K folds (see plan_cv in fc_engine.c; 0 = no fold): global models train
 * the booster or network that forecasts the folds on the days before it, so validation
 * stays out of sample. */
int fc_cv_reach(int n, int h, int K);

/* Simple exponential smoothing of x[0..n-1] with a given alpha; returns the final level
 * (the flat forecast). Used by several models. */
double fc_ses_level(const double *x, int n, double alpha);
/* SES with alpha chosen by minimising in-sample one-step squared error (NLopt, bounded). */
double fc_ses_fit(const double *x, int n, double *alpha_out);
/* Minimiser of f over [lo, hi] (grid bracket, then GSL Brent). */
double fc_min1d(double (*f)(double, void *), void *arg, double lo, double hi);
/* Points of fc_min1d's bracketing grid. */
#define FC_MIN1D_GRID 12
/* f at each of a[0..na-1] into out[0..na-1], the same values f gives one at a time. */
typedef void (*fc_grid_fn)(const double *a, int na, void *arg, double *out);
/* fc_min1d with the grid evaluated by fgrid in one call (NULL: point by point): the same
 * minimiser, faster when fgrid runs the grid's recursions side by side. */
double fc_min1d_grid(double (*f)(double, void *), fc_grid_fn fgrid, void *arg, double lo,
                     double hi);

#endif
