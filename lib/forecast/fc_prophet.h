/* fc_prophet.h — a Prophet-style decomposable model: piecewise-linear trend with automatic
 * changepoints under a sparsity (Laplace) prior, weekly and yearly Fourier seasonality, and
 * Korean holiday and organisation-event effects, fitted by maximum a posteriori estimation.
 *
 * With the noise variance held fixed the posterior is a penalised least-squares problem:
 * Gaussian priors on seasonality and holiday effects are ridge penalties, and the Laplace
 * prior on changepoint deltas is an L1 penalty. It is solved exactly by iteratively
 * reweighted least squares (each step one Cholesky solve with LAPACK on the normal
 * equations, which are built once), re-estimating the noise variance between steps. */
#ifndef FC_PROPHET_H
#define FC_PROPHET_H

#include "fc_calendar.h"

typedef struct fc_prophet_opts {
	int first_day;            /* day number (days since 1970-01-01) of y[0]; -1: unknown */
	const fc_calendar *cal;   /* holidays and events; NULL: none */
	int n_changepoints;       /* potential changepoints (25) */
	double changepoint_range; /* share of the history they are spread over (0.8) */
	double changepoint_prior; /* Laplace scale of the deltas, on the scaled series (0.05) */
	double season_prior;      /* normal scale of the Fourier coefficients (10) */
	double holiday_prior;     /* normal scale of the holiday effects (10) */
	int weekly_order;         /* Fourier terms for the week (3) */
	int yearly_order;         /* Fourier terms for the year (3); used with >= 2 years */
	int log_scale;            /* 1: model log1p(y), so effects multiply (default 1) */
	/* 1 (default): each holiday and event effect is shrunk toward zero by the evidence
	 * for it, and left out when the series does not show it (see fc_prophet.c); 0: the
	 * plain normal prior of scale holiday_prior, for comparisons */
	int holiday_shrink;
	/* Optional: receives the FC_PROPHET_NHOLIDAY fitted holiday and event effects (on the
	 * scaled series; 0 for one left out or without a calendar), for tests and reports. */
	double *effects;
} fc_prophet_opts;

/* Holiday and event regressors: five windows around each of 설날 and 추석 (8-14, 4-7
 * and 1-3 days before the block, inside it, 1-3 days after), other public holidays,
 * organisation events. */
#define FC_PROPHET_NHOLIDAY 12

void fc_prophet_opts_init(fc_prophet_opts *o);

/* Fits y[0..n-1] and writes the mean of the next h days to mean[0..h-1] (never negative).
 * detail (FC_NAME_MAX bytes, may be NULL) receives a short description of the fit.
 * Returns FC_OK, FC_EINVAL, FC_ENODATA (n < 14), FC_ENOMEM or FC_ENUMERIC. */
int fc_prophet_forecast(const double *y, int n, int h, const fc_prophet_opts *o, double *mean,
                        char *detail);

#endif
