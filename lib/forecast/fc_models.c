/* fc_models.c — the model registry and the simple models: naive, seasonal naive,
 * window average and a day-of-week profile model, plus the SES helper that several
 * models share. Each is cheap enough to be refitted on every cross-validation fold. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>

#include "fc_model.h"

/* ------------------------------------------------------------------ SES helper */

double fc_ses_level(const double *x, int n, double alpha)
{
	if (n <= 0)
		return 0.0;
	double l = x[0];
	for (int i = 1; i < n; i++)
		l += alpha * (x[i] - l);
	return l;
}

/* In-sample one-step squared error of SES started at x[0]. */
static double ses_sse(const double *x, int n, double alpha)
{
	double l = x[0], s = 0.0;
	for (int i = 1; i < n; i++) {
		double e = x[i] - l;
		s += e * e;
		l += alpha * e;
	}
	return s;
}

typedef struct {
	const double *x;
	int n;
} ses_args;

static double ses_obj(double a, void *p)
{
	const ses_args *s = p;
	return ses_sse(s->x, s->n, a);
}

/* ses_sse at every alpha of a[0..na-1] (na <= FC_MIN1D_GRID) in one pass over the data:
 * each alpha's arithmetic is ses_sse's, in the same order, so the values are the same bits,
 * but the independent recursions overlap instead of each waiting on its own latency. */
static void ses_obj_grid(const double *a, int na, void *p, double *out)
{
	const ses_args *s = p;
	double l[FC_MIN1D_GRID], acc[FC_MIN1D_GRID];
	for (int j = 0; j < na; j++) {
		l[j] = s->x[0];
		acc[j] = 0.0;
	}
	for (int i = 1; i < s->n; i++) {
		const double xi = s->x[i];
		for (int j = 0; j < na; j++) {
			double e = xi - l[j];
			acc[j] += e * e;
			l[j] += a[j] * e;
		}
	}
	for (int j = 0; j < na; j++)
		out[j] = acc[j];
}

/* Minimum of f on [lo, hi]: a coarse grid brackets the minimum, then Brent's method (GSL)
 * refines it. The grid guards against Brent's need for a valid bracket on flat or
 * monotone objectives, which are common on sparse demand. */
double fc_min1d(double (*f)(double, void *), void *arg, double lo, double hi)
{
	return fc_min1d_grid(f, NULL, arg, lo, hi);
}

double fc_min1d_grid(double (*f)(double, void *), fc_grid_fn fgrid, void *arg, double lo, double hi)
{
	enum { G = FC_MIN1D_GRID };
	double ga[G], gf[G];
	int bi = 0;
	for (int i = 0; i < G; i++)
		ga[i] = lo + (hi - lo) * i / (G - 1);
	if (fgrid)
		fgrid(ga, G, arg, gf);
	for (int i = 0; i < G; i++) {
		if (!fgrid)
			gf[i] = f(ga[i], arg);
		if (!isfinite(gf[i]))
			gf[i] = HUGE_VAL;
		if (gf[i] < gf[bi])
			bi = i;
	}
	double best = ga[bi];
	if (bi > 0 && bi < G - 1 && gf[bi] < gf[bi - 1] && gf[bi] < gf[bi + 1]) {
		gsl_function F = {f, arg};
		gsl_min_fminimizer *m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
		if (m) {
			gsl_error_handler_t *old = gsl_set_error_handler_off();
			if (gsl_min_fminimizer_set_with_values(m, &F, ga[bi], gf[bi], ga[bi - 1],
			                                       gf[bi - 1], ga[bi + 1],
			                                       gf[bi + 1]) == GSL_SUCCESS) {
				for (int it = 0; it < 50; it++) {
					if (gsl_min_fminimizer_iterate(m) != GSL_SUCCESS)
						break;
					double l = gsl_min_fminimizer_x_lower(m),
					       u = gsl_min_fminimizer_x_upper(m);
					if (gsl_min_test_interval(l, u, 1e-4, 0.0) == GSL_SUCCESS)
						break;
				}
				double x = gsl_min_fminimizer_x_minimum(m);
				if (isfinite(x) && x >= lo && x <= hi && f(x, arg) <= gf[bi])
					best = x;
			}
			gsl_set_error_handler(old);
			gsl_min_fminimizer_free(m);
		}
	}
	return best;
}

double fc_ses_fit(const double *x, int n, double *alpha_out)
{
	double a = 0.1;
	if (n >= 3) {
		ses_args args = {x, n};
		a = fc_min1d_grid(ses_obj, ses_obj_grid, &args, 0.01, 0.99);
	}
	if (alpha_out)
		*alpha_out = a;
	return fc_ses_level(x, n, a);
}

/* ------------------------------------------------------------------ simple models */

static int naive_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                    char *detail)
{
	(void)st;
	(void)s;
	(void)p;
	(void)detail;
	if (n < 1)
		return FC_ENODATA;
	for (int t = 0; t < h; t++)
		mean[t] = y[n - 1];
	return FC_OK;
}

static int snaive_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                     char *detail)
{
	(void)st;
	(void)s;
	(void)detail;
	if (n < p)
		return FC_ENODATA;
	for (int t = 0; t < h; t++)
		mean[t] = y[n - p + (t % p)];
	return FC_OK;
}

/* A flat forecast at the mean of the last w days (all of them when fewer). */
static int window_mean(const double *y, int n, int w, int h, double *mean)
{
	if (n < 1)
		return FC_ENODATA;
	if (w > n)
		w = n;
	double sum = 0.0;
	for (int i = n - w; i < n; i++)
		sum += y[i];
	for (int t = 0; t < h; t++)
		mean[t] = sum / w;
	return FC_OK;
}

/* Mean of the last 28 days (four whole weeks, so weekday mix is balanced). */
static int wavg_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                   char *detail)
{
	(void)st;
	(void)s;
	(void)p;
	(void)detail;
	return window_mean(y, n, 28, h, mean);
}

/* Mean of the last 52 weeks (the whole history when shorter): the long-run level. For
 * lumpy demand, where a few bulk orders make much of the volume, the long-run mean is the
 * expected demand a recent window misses, and over 60 or 90 days it is often the best
 * estimate there is (it is the "historical average" of intermittent-demand studies). */
static int lmean_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                    char *detail)
{
	(void)st;
	(void)s;
	(void)p;
	(void)detail;
	return window_mean(y, n, 364, h, mean);
}

/* Day-of-week profile: seasonal indices from up to 16 recent whole weeks, shrunk towards
 * flat by a prior worth two weeks (short or sparse histories give noisy indices), times
 * a level smoothed over weekly totals. */
static int dow_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                  char *detail)
{
	(void)st;
	(void)s;
	(void)detail;
	if (p < 2 || p > 64 || n < 2 * p)
		return FC_ENODATA;
	int weeks = n / p;
	if (weeks > 16)
		weeks = 16;
	double S[64] = {0}, T = 0.0;
	/* position k of the cycle is the day n - weeks*p + k (+ multiples of p) */
	int start = n - weeks * p;
	for (int i = start; i < n; i++) {
		S[(i - start) % p] += y[i];
		T += y[i];
	}
	double idx[64];
	double prior = 2.0 / weeks;
	for (int k = 0; k < p; k++) {
		if (T <= 0.0) {
			idx[k] = 1.0;
			continue;
		}
		idx[k] = (S[k] / (T / p) + prior) / (1.0 + prior);
	}
	/* Level: SES on whole-week totals (free of the weekly pattern whatever the
     * shrinkage), over the last year at most; older weeks barely matter. */
	int nw = n / p > 52 ? 52 : n / p;
	double wk[52];
	for (int j = 0; j < nw; j++) {
		double sum = 0.0;
		for (int i = 0; i < p; i++)
			sum += y[n - (nw - j) * p + i];
		wk[j] = sum;
	}
	double level = fc_ses_fit(wk, nw, NULL) / p;
	for (int t = 0; t < h; t++)
		mean[t] = level * idx[(n + t - start) % p];
	return FC_OK;
}

const fc_model_def fc_model_naive = {"naive", 1, 0, NULL, NULL, naive_fc};
const fc_model_def fc_model_snaive = {"snaive", 7, 0, NULL, NULL, snaive_fc};
const fc_model_def fc_model_wavg = {"wavg", 1, 0, NULL, NULL, wavg_fc};
const fc_model_def fc_model_dow = {"dow", 14, 0, NULL, NULL, dow_fc};
const fc_model_def fc_model_lmean = {"lmean", 56, 0, NULL, NULL, lmean_fc};

/* ------------------------------------------------------------------ registry */

static const fc_model_def *const all_models[] = {
        &fc_model_naive,
        &fc_model_snaive,
        &fc_model_wavg,
        &fc_model_lmean,
        &fc_model_dow,
        &fc_model_croston,
        &fc_model_sba,
        &fc_model_tsb,
        &fc_model_adida,
        &fc_model_imapa,
        &fc_model_ets,
        &fc_model_arima,
        &fc_model_etsq,
        &fc_model_prophet,
        &fc_model_gbm,
        &fc_model_lstm,
        NULL,
};

const fc_model_def *const *fc_model_all(void)
{
	return all_models;
}

const fc_model_def *fc_model_find(const char *name)
{
	if (!name)
		return NULL;
	for (int i = 0; all_models[i]; i++)
		if (strcmp(all_models[i]->name, name) == 0)
			return all_models[i];
	return NULL;
}

static const char *const model_names[] = {"auto",    "naive", "snaive",  "wavg",  "lmean", "dow",
                                          "croston", "sba",   "tsb",     "adida", "imapa", "ets",
                                          "arima",   "etsq",  "prophet", "gbm",   "lstm",  NULL};

const char *const *fc_model_names(void)
{
	return model_names;
}
