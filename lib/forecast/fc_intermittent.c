/* fc_intermittent.c — models for intermittent demand (many zero days): Croston, its
 * Syntetos–Boylan bias correction (SBA), Teunter–Syntetos–Babai (TSB), and the temporal
 * aggregation methods ADIDA and IMAPA. Smoothing constants are fitted per series by
 * minimising the in-sample one-step squared error (GSL Brent for one parameter, NLopt
 * BOBYQA for TSB's two), within [0.01, 0.5] or [0.01, 0.99] as stated at each model. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <nlopt.h>

#include "fc_model.h"

/* ------------------------------------------------------------------ Croston */

typedef struct {
	const double *y;
	int n;
} series_args;

/* Runs Croston with one alpha for sizes and intervals. Returns the in-sample SSE of the
 * per-day forecast z/p and stores the final z/p in *fc. No demand at all: fc = 0. */
static double croston_run(const double *y, int n, double a, double *fc)
{
	int first = -1;
	for (int i = 0; i < n; i++)
		if (y[i] > 0) {
			first = i;
			break;
		}
	if (first < 0) {
		*fc = 0.0;
		return 0.0;
	}
	double z = y[first], p = first + 1.0, sse = 0.0;
	int last = first;
	for (int i = first + 1; i < n; i++) {
		double f = z / p, e = y[i] - f;
		sse += e * e;
		if (y[i] > 0) {
			z += a * (y[i] - z);
			p += a * ((double)(i - last) - p);
			last = i;
		}
	}
	*fc = z / p;
	return sse;
}

static double croston_obj(double a, void *arg)
{
	const series_args *s = arg;
	double fc;
	return croston_run(s->y, s->n, a, &fc);
}

/* croston_run's SSE at every alpha of a[0..na-1] in one pass (na <= FC_MIN1D_GRID), with
 * each alpha's arithmetic in croston_run's order: the same values, the recursions side
 * by side. */
static void croston_obj_grid(const double *a, int na, void *arg, double *out)
{
	const series_args *s = arg;
	const double *y = s->y;
	int n = s->n, first = -1;
	for (int i = 0; i < n; i++)
		if (y[i] > 0) {
			first = i;
			break;
		}
	double z[FC_MIN1D_GRID], p[FC_MIN1D_GRID];
	for (int j = 0; j < na; j++) {
		z[j] = first < 0 ? 0.0 : y[first];
		p[j] = first + 1.0;
		out[j] = 0.0;
	}
	if (first < 0)
		return;
	int last = first;
	for (int i = first + 1; i < n; i++) {
		const double yi = y[i];
		for (int j = 0; j < na; j++) {
			double e = yi - z[j] / p[j];
			out[j] += e * e;
		}
		if (yi > 0) {
			const double gap = (double)(i - last);
			for (int j = 0; j < na; j++) {
				z[j] += a[j] * (yi - z[j]);
				p[j] += a[j] * (gap - p[j]);
			}
			last = i;
		}
	}
}

static int croston_common(const double *y, int n, int h, double *mean, int sba)
{
	if (n < 1)
		return FC_ENODATA;
	series_args s = {y, n};
	double a = fc_min1d_grid(croston_obj, croston_obj_grid, &s, 0.01, 0.5), fc;
	croston_run(y, n, a, &fc);
	if (sba)
		fc *= 1.0 - a / 2.0;
	for (int t = 0; t < h; t++)
		mean[t] = fc;
	return FC_OK;
}

static int croston_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                      char *detail)
{
	(void)st;
	(void)s;
	(void)p;
	(void)detail;
	return croston_common(y, n, h, mean, 0);
}

static int sba_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                  char *detail)
{
	(void)st;
	(void)s;
	(void)p;
	(void)detail;
	return croston_common(y, n, h, mean, 1);
}

/* ------------------------------------------------------------------ TSB */

/* TSB smooths the demand probability every day (beta) and the size on demand days
 * (alpha), so a product that stopped selling decays towards zero, unlike Croston. */
typedef struct {
	const double *y;
	int n;
	double z0, d0; /* starting size (mean demand size) and probability; d0 = 0: no demand */
} tsb_args;

/* The starting values of TSB's size and probability, the same for every trial of the
 * smoothing constants, so worked out once per fit. */
static tsb_args tsb_start(const double *y, int n)
{
	int nz = 0;
	double sz = 0.0;
	for (int i = 0; i < n; i++)
		if (y[i] > 0) {
			nz++;
			sz += y[i];
		}
	tsb_args t = {y, n, 0.0, 0.0};
	if (nz > 0) {
		t.z0 = sz / nz;
		t.d0 = (double)nz / n;
	}
	return t;
}

static double tsb_run(const tsb_args *t, double a, double b, double *fc)
{
	const double *y = t->y;
	int n = t->n;
	if (t->d0 == 0.0) {
		*fc = 0.0;
		return 0.0;
	}
	double z = t->z0, d = t->d0, sse = 0.0;
	for (int i = 0; i < n; i++) {
		double f = d * z, e = y[i] - f;
		sse += e * e;
		if (y[i] > 0) {
			d += b * (1.0 - d);
			z += a * (y[i] - z);
		} else {
			d -= b * d;
		}
	}
	*fc = d * z;
	return sse;
}

static double tsb_obj(unsigned nx, const double *x, double *grad, void *arg)
{
	(void)nx;
	(void)grad;
	double fc;
	return tsb_run(arg, x[0], x[1], &fc);
}

static int tsb_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                  char *detail)
{
	(void)st;
	(void)s;
	(void)p;
	(void)detail;
	if (n < 1)
		return FC_ENODATA;
	tsb_args args = tsb_start(y, n);
	double x[2] = {0.1, 0.05}, lb[2] = {0.01, 0.01}, ub[2] = {0.5, 0.5}, fval = 0.0, fc;
	nlopt_opt o = nlopt_create(NLOPT_LN_BOBYQA, 2);
	if (!o)
		return FC_ENOMEM;
	nlopt_set_lower_bounds(o, lb);
	nlopt_set_upper_bounds(o, ub);
	nlopt_set_min_objective(o, tsb_obj, &args);
	nlopt_set_xtol_rel(o, 1e-3);
	nlopt_set_maxeval(o, 200);
	nlopt_result r = nlopt_optimize(o, x, &fval);
	nlopt_destroy(o);
	if (r < 0 || !isfinite(x[0]) || !isfinite(x[1]))
		x[0] = 0.1, x[1] = 0.05;
	tsb_run(&args, x[0], x[1], &fc);
	for (int t = 0; t < h; t++)
		mean[t] = fc;
	return FC_OK;
}

/* ------------------------------------------------------------------ ADIDA / IMAPA */

/* Mean inter-demand interval (ADI); 0 when there is no demand. */
static double adi(const double *y, int n)
{
	int nz = 0;
	for (int i = 0; i < n; i++)
		nz += y[i] > 0;
	return nz ? (double)n / nz : 0.0;
}

/* Per-day forecast from SES on non-overlapping buckets of k days, aligned to the end of
 * the series so the last bucket is whole. b has room for n / k buckets. */
static int aggregated_ses(const double *y, int n, int k, double *b, double *out)
{
	int nb = n / k;
	if (nb < 1)
		return FC_ENODATA;
	int off = n - nb * k;
	for (int j = 0; j < nb; j++) {
		double s = 0.0;
		for (int i = 0; i < k; i++)
			s += y[off + j * k + i];
		b[j] = s;
	}
	double level = fc_ses_fit(b, nb, NULL);
	*out = level / k;
	return FC_OK;
}

static int adida_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                    char *detail)
{
	(void)st;
	(void)s;
	(void)p;
	(void)detail;
	if (n < 1)
		return FC_ENODATA;
	double a = adi(y, n), fc = 0.0;
	int k = (int)lround(a);
	if (k < 1)
		k = 1;
	if (k > n / 2 && n >= 2)
		k = n / 2;
	if (a > 0) {
		double *b = malloc(sizeof *b * (size_t)(n / k > 0 ? n / k : 1));
		if (!b)
			return FC_ENOMEM;
		int rc = aggregated_ses(y, n, k, b, &fc);
		free(b);
		if (rc)
			return rc;
	}
	for (int t = 0; t < h; t++)
		mean[t] = fc;
	return FC_OK;
}

static int imapa_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                    char *detail)
{
	(void)st;
	(void)s;
	(void)p;
	(void)detail;
	if (n < 1)
		return FC_ENODATA;
	double a = adi(y, n), sum = 0.0;
	int kmax = (int)lround(a), used = 0;
	if (kmax < 1)
		kmax = 1;
	if (kmax > 28)
		kmax = 28; /* beyond four weeks the buckets are too few */
	if (a > 0) {
		/* one bucket buffer for every aggregation level (k = 1 has the most buckets) */
		double *b = malloc(sizeof *b * (size_t)n);
		if (!b)
			return FC_ENOMEM;
		for (int k = 1; k <= kmax && n / k >= 2; k++) {
			double f;
			if (aggregated_ses(y, n, k, b, &f) == FC_OK) {
				sum += f;
				used++;
			}
		}
		free(b);
	}
	double fc = used ? sum / used : 0.0;
	for (int t = 0; t < h; t++)
		mean[t] = fc;
	return FC_OK;
}

const fc_model_def fc_model_croston = {"croston", 1, 0, NULL, NULL, croston_fc};
const fc_model_def fc_model_sba = {"sba", 1, 0, NULL, NULL, sba_fc};
const fc_model_def fc_model_tsb = {"tsb", 1, 0, NULL, NULL, tsb_fc};
const fc_model_def fc_model_adida = {"adida", 1, 0, NULL, NULL, adida_fc};
const fc_model_def fc_model_imapa = {"imapa", 1, 0, NULL, NULL, imapa_fc};
