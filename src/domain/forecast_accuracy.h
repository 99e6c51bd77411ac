/* forecast_accuracy.h — how well a stored forecast did against what was sold (예측 정확도).
 * Pure: aligned forecast/actual arrays in, metrics out, so the tests state the rules
 * exactly (docs/forecast.md "How accuracy is scored"):
 *   - MAE  = Σ|f − a| ÷ n;  RMSE = √(Σ(f − a)² ÷ n);  bias = Σ(f − a) ÷ n (over-forecast > 0);
 *   - WAPE = Σ|f − a| ÷ Σa, undefined (NaN, null in JSON) when nothing was sold;
 *   - MASE = MAE ÷ the in-sample MAE of the 7-day seasonal naive forecast (y[t] − y[t−7])
 *     over the history the run learnt from; undefined when that history is shorter than
 *     8 days or the naive forecast was never wrong (scale 0);
 *   - a group (a category, or the whole run) pools its product-days for MAE, RMSE, bias and
 *     WAPE (Σ errors ÷ Σ actuals: big sellers weigh more, as in money), and takes the mean
 *     of its products' MASE (scale-free: every product weighs the same).
 * Undefined values are NaN. */
#ifndef JAEGO_FORECAST_ACCURACY_H
#define JAEGO_FORECAST_ACCURACY_H

#include <stddef.h>

#define FA_SEASON 7 /* the seasonal naive forecast's period: the week */

/* Running sums over product-days, added to one pair at a time or by arrays. */
struct fa_sums {
	int n;          /* days */
	double abs_err; /* Σ|f − a| */
	double sq_err;  /* Σ(f − a)² */
	double err;     /* Σ(f − a) */
	double actual;  /* Σa */
	double fcst;    /* Σf */
};

struct fa_metrics {
	double mae, rmse, mase, wape, bias; /* NaN = undefined */
	int days;
	double actual, fcst;
};

/* A group of products: pooled sums and the mean of the defined MASEs. */
struct fa_group {
	struct fa_sums sums;
	double mase_sum;
	int mase_n;
	int products;
};

/* The in-sample MAE of the seasonal naive forecast over y[0..n-1]: mean of |y[t] −
 * y[t − FA_SEASON]| for t ≥ FA_SEASON; NaN when n ≤ FA_SEASON. */
double fa_naive_scale(const double *y, int n);

void fa_add(struct fa_sums *s, double fcst, double actual);
void fa_add_n(struct fa_sums *s, const double *fcst, const double *actual, int n);

/* The metrics of one product's sums with its MASE scale (NaN = none). */
void fa_metrics(const struct fa_sums *s, double scale, struct fa_metrics *m);

/* Adds a product (its sums and its own metrics' MASE) to a group. */
void fa_group_add(struct fa_group *g, const struct fa_sums *s, double mase);
void fa_group_metrics(const struct fa_group *g, struct fa_metrics *m);

/* A deviation (편차) of an actual from its forecast: +1 above, −1 below, 0 within. Outside
 * the band [lo, hi] (NaN = no band) or, when rel > 0 and fcst > 0, more than rel × fcst
 * away from fcst. */
int fa_deviation(double actual, double fcst, double lo, double hi, double rel);

#endif
