/* fc_ets.h — exponential smoothing state-space models (the ETS family of Hyndman et al.)
 * for the forecasting engine: fixed forms or automatic choice by AICc, forecasts with
 * variances, and simulated future paths. Numbers follow R's forecast::ets so that a
 * fit here can be checked against one there. */
#ifndef FC_ETS_H
#define FC_ETS_H

#include "forecast.h"

typedef struct fc_ets fc_ets;

/* Fits an ETS model to y[0..n-1] with seasonal period `period` (7 for daily data; 1 or
 * 0 = no seasonality). spec NULL chooses the form by AICc over the admissible family;
 * otherwise one of "ANN","AAN","AAdN","ANA","AAA","AAdA","MNN","MAN","MAdN","MNA","MAA",
 * "MAdA","MNM","MAM","MAdM". Multiplicative forms need y > 0 everywhere (FC_EINVAL).
 * Too short or constant series give FC_ENODATA, a failed fit FC_ENOCONV.
 * On FC_OK *out is malloc'ed and owned by the caller: release it with fc_ets_free(). */
int fc_ets_fit(const double *y, int n, int period, const char *spec, fc_ets **out);

/* Point forecasts mean[0..h-1] and, when var is not NULL, forecast variances var[0..h-1]. */
int fc_ets_forecast(const fc_ets *m, int h, double *mean, double *var);

/* Draws npaths simulated future sample paths of length h into paths[npaths*h] (path-major:
 * path p occupies paths[p*h .. p*h+h-1]); the same seed gives the same paths. */
int fc_ets_simulate(const fc_ets *m, int h, int npaths, unsigned long long seed, double *paths);

/* The fitted form as a spec for fc_ets_fit ("AAdA"): refitting the chosen form on other
 * windows (backtests) is far cheaper than a new automatic choice. Lives inside m. */
const char *fc_ets_spec(const fc_ets *m);
/* "ETS(A,Ad,A)"-style name; the string lives inside m. */
const char *fc_ets_name(const fc_ets *m);
double fc_ets_aicc(const fc_ets *m);
/* Log-likelihood as R's ets reports it (-0.5 * n*log(SSE) [+ 2*sum(log|yhat|)]). */
double fc_ets_loglik(const fc_ets *m);
/* Smoothing parameters; beta, gamma are 0 and phi is 1 when the form lacks them.
 * Any pointer may be NULL. sigma2 is the residual variance as R reports it. */
void fc_ets_params(const fc_ets *m, double *alpha, double *beta, double *gamma, double *phi,
                   double *sigma2);
/* Initial state (level, [slope], seasonal s1..sm as R's $initstate lists it plus the last
 * seasonal); writes up to cap values into x0 and returns how many the model has. */
int fc_ets_init_state(const fc_ets *m, double *x0, int cap);
/* Builds the model of form spec at given parameters par = {alpha, beta, gamma, phi} and full
 * initial state x0 (level, [slope], m seasonals, the layout of fc_ets_init_state) without
 * estimating anything: for checking likelihood and forecasts against another
 * implementation. Ownership as for fc_ets_fit. */
int fc_ets_fit_fixed(const double *y, int n, int period, const char *spec, const double par[4],
                     const double *x0, fc_ets **out);
void fc_ets_free(fc_ets *m);

#endif
