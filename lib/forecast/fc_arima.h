/* fc_arima.h — seasonal ARIMA models for the forecasting engine: fixed orders estimated
 * by exact maximum likelihood (Kalman filter), or the Hyndman-Khandakar stepwise order
 * search of R's forecast::auto.arima (unit-root tests for d and D, AICc). */
#ifndef FC_ARIMA_H
#define FC_ARIMA_H

#include "forecast.h"

typedef struct fc_arima fc_arima;

/* Fits an ARIMA(p,d,q)(P,D,Q)[period] model to y[0..n-1]. spec NULL searches the order
 * automatically; otherwise "p,d,q,P,D,Q" with an optional 7th field "c" (0/1) that says
 * whether a constant is included (a mean when d+D=0, a drift when d+D=1; never when
 * d+D>=2). Without the 7th field a constant is included when d+D <= 1, as auto.arima
 * would. Too short or constant series give FC_ENODATA, bad arguments FC_EINVAL, a failed
 * fit FC_ENOCONV. On FC_OK *out is malloc'ed and owned by the caller (fc_arima_free). */
int fc_arima_fit(const double *y, int n, int period, const char *spec, fc_arima **out);

/* Point forecasts mean[0..h-1] and, when var is not NULL, forecast variances. */
int fc_arima_forecast(const fc_arima *m, int h, double *mean, double *var);

/* npaths simulated future paths of length h into paths[npaths*h], path-major, from seed. */
int fc_arima_simulate(const fc_arima *m, int h, int npaths, unsigned long long seed, double *paths);

/* The fitted order as a spec for fc_arima_fit ("1,1,1,0,1,1,0"): refitting the chosen
 * order on other windows (backtests) is far cheaper than a new search. Lives inside m. */
const char *fc_arima_spec(const fc_arima *m);
/* "ARIMA(1,1,1)(0,1,1)[7]", with R's " with drift" / " with non-zero mean" when there is a
 * constant; the string lives inside m. */
const char *fc_arima_name(const fc_arima *m);
double fc_arima_aicc(const fc_arima *m);
double fc_arima_loglik(const fc_arima *m);

/* Orders and coefficients for tests: order[6] = p,d,q,P,D,Q (may be NULL); coef gets the
 * coefficients in R's order (ar1..p, ma1..q, sar1..P, sma1..Q, then mean or drift if
 * present), up to cap of them; sigma2 the innovation variance (may be NULL). Returns the
 * number of coefficients. */
int fc_arima_coef(const fc_arima *m, int *order, double *coef, int cap, double *sigma2);

void fc_arima_free(fc_arima *m);

#endif
