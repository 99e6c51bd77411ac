/* fc_metrics.c — forecast accuracy: RMSE and MAE pooled over points, MASE per series
 * (scaled by the in-sample seasonal-naive MAE, then averaged over series), WAPE, bias and
 * the share of actuals inside the p10–p90 band. Shared by backtests and tests so that
 * every figure the product reports is computed one way. */
#include <math.h>
#include <string.h>

#include "forecast.h"

int fc_metrics_add(fc_metrics *acc, const double *train, int ntrain, int period,
                   const double *actual, const double *mean, const double *lo, const double *hi,
                   int h, fc_accuracy *one)
{
	if (h <= 0 || !actual || !mean || ntrain < 0 || (ntrain > 0 && !train))
		return FC_EINVAL;
	if (period <= 0)
		period = 7;
	double sse = 0.0, sae = 0.0, sa = 0.0, se = 0.0, cov = 0.0;
	for (int t = 0; t < h; t++) {
		double e = mean[t] - actual[t];
		sse += e * e;
		sae += fabs(e);
		sa += actual[t];
		se += e;
		if (lo && hi && actual[t] >= lo[t] - 1e-9 && actual[t] <= hi[t] + 1e-9)
			cov += 1.0;
	}
	double scale = 0.0;
	int ns = 0;
	for (int t = period; t < ntrain; t++) {
		scale += fabs(train[t] - train[t - period]);
		ns++;
	}
	scale = ns ? scale / ns : 0.0;
	double mae = sae / h, mase = scale > 0.0 ? mae / scale : -1.0;
	if (one) {
		one->rmse = sqrt(sse / h);
		one->mae = mae;
		one->mase = mase;
		one->wape = sa > 0.0 ? sae / sa : -1.0;
		one->bias = se / h;
		one->coverage = lo && hi ? cov / h : -1.0;
	}
	if (acc) {
		acc->n += h;
		acc->sse += sse;
		acc->sae += sae;
		acc->sum_actual += sa;
		acc->sum_err += se;
		acc->covered += cov;
		if (mase >= 0.0) {
			acc->mase_sum += mase;
			acc->mase_n++;
		}
	}
	return FC_OK;
}

void fc_metrics_summary(const fc_metrics *acc, fc_accuracy *out)
{
	memset(out, 0, sizeof *out);
	if (acc->n <= 0) {
		out->mase = out->wape = out->coverage = -1.0;
		return;
	}
	out->rmse = sqrt(acc->sse / acc->n);
	out->mae = acc->sae / acc->n;
	out->mase = acc->mase_n ? acc->mase_sum / acc->mase_n : -1.0;
	out->wape = acc->sum_actual > 0.0 ? acc->sae / acc->sum_actual : -1.0;
	out->bias = acc->sum_err / acc->n;
	out->coverage = acc->covered / acc->n;
}
