/* forecast_accuracy.c — forecast error metrics and their pooling (see forecast_accuracy.h). */
#include "forecast_accuracy.h"

#include <math.h>

double fa_naive_scale(const double *y, int n)
{
	if (!y || n <= FA_SEASON)
		return NAN;
	double sum = 0;
	for (int t = FA_SEASON; t < n; t++)
		sum += fabs(y[t] - y[t - FA_SEASON]);
	return sum / (double)(n - FA_SEASON);
}

void fa_add(struct fa_sums *s, double fcst, double actual)
{
	double e = fcst - actual;
	s->n++;
	s->abs_err += fabs(e);
	s->sq_err += e * e;
	s->err += e;
	s->actual += actual;
	s->fcst += fcst;
}

void fa_add_n(struct fa_sums *s, const double *fcst, const double *actual, int n)
{
	for (int i = 0; i < n; i++)
		fa_add(s, fcst[i], actual[i]);
}

/* Everything but MASE, from pooled sums. */
static void pooled(const struct fa_sums *s, struct fa_metrics *m)
{
	m->days = s->n;
	m->actual = s->actual;
	m->fcst = s->fcst;
	m->mase = NAN;
	if (s->n <= 0) {
		m->mae = m->rmse = m->wape = m->bias = NAN;
		return;
	}
	m->mae = s->abs_err / s->n;
	m->rmse = sqrt(s->sq_err / s->n);
	m->bias = s->err / s->n;
	/* nothing sold: any error is infinitely many percent; say "undefined" instead */
	m->wape = s->actual > 0 ? s->abs_err / s->actual : NAN;
}

void fa_metrics(const struct fa_sums *s, double scale, struct fa_metrics *m)
{
	pooled(s, m);
	if (s->n > 0 && isfinite(scale) && scale > 0)
		m->mase = m->mae / scale;
}

void fa_group_add(struct fa_group *g, const struct fa_sums *s, double mase)
{
	g->sums.n += s->n;
	g->sums.abs_err += s->abs_err;
	g->sums.sq_err += s->sq_err;
	g->sums.err += s->err;
	g->sums.actual += s->actual;
	g->sums.fcst += s->fcst;
	g->products++;
	if (isfinite(mase)) {
		g->mase_sum += mase;
		g->mase_n++;
	}
}

void fa_group_metrics(const struct fa_group *g, struct fa_metrics *m)
{
	pooled(&g->sums, m);
	if (g->mase_n > 0)
		m->mase = g->mase_sum / g->mase_n;
}

int fa_deviation(double actual, double fcst, double lo, double hi, double rel)
{
	if ((!isnan(hi) && actual > hi) || (rel > 0 && fcst > 0 && actual > fcst * (1 + rel)))
		return 1;
	if ((!isnan(lo) && actual < lo) || (rel > 0 && fcst > 0 && actual < fcst * (1 - rel)))
		return -1;
	return 0;
}
