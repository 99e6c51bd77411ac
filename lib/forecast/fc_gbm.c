/* fc_gbm.c — global boosted trees with XGBoost's C API (see fc_gbm.h).
 *
 * Features of a row (origin o = number of days seen, step k = 1..h, target day o+k-1),
 * quantities divided by the series' level s = mean of the last 91 days + 0.5:
 *   k; the target's weekday position (counted from the common last day, so that all
 *   series agree); lags 1..7, 14, 21, 28 before the origin; the last value on the
 *   target's weekday; that weekday's mean over 8 weeks; means over 7, 28 and 91 days;
 *   the standard deviation over 28 days; the share of selling days over 28 and 91 days;
 *   days since the last sale; the trend (mean of the last 28 over the 28 before); log s.
 * Objective: squared error on the scaled target; early stopping on the last horizon of
 * every series. Two boosters: one on everything (final forecasts) and one that stops
 * before the cross-validation folds (fold forecasts), so that selection is honest. */
#include "fc_gbm.h"

#include "fc_rng.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xgboost/c_api.h>

#define NFEAT       24
#define MIN_HISTORY 56
#define MIN_SERIES  5
#define MIN_ROWS    500

struct fc_gbm {
	BoosterHandle final, cv;
	int *ns; /* full length of each series at training */
	int nseries;
	int rounds;
	pthread_mutex_t mu; /* XGBoost prediction is serialised: its thread safety varies */
};

void fc_gbm_opts_init(fc_gbm_opts *o)
{
	memset(o, 0, sizeof *o);
	o->horizon = 30;
	o->max_rounds = 300;
	o->early_stop = 20;
	o->origins_per_series = 24;
	o->steps_per_origin = 8;
	/* One thread: training takes about a second, and OpenMP's spinning threads slow
	 * everything else down badly when the cores are already busy. */
	o->nthreads = 1;
	o->seed = 42;
	o->cv_origins = 3;
}

static double mean_range(const double *y, int from, int to) /* [from, to) clipped at 0 */
{
	if (from < 0)
		from = 0;
	if (to <= from)
		return 0.0;
	double s = 0.0;
	for (int i = from; i < to; i++)
		s += y[i];
	return s / (to - from);
}

static double level_of(const double *y, int o)
{
	return mean_range(y, o - 91, o) + 0.5;
}

/* Features for origin o (days seen) and step k of a series whose full length is nfull
 * (its last day is the common last day of the batch). */
static void features(const double *y, int o, int k, int nfull, float *f)
{
	double s = level_of(y, o);
	int target = o + k - 1;
	int j = 0;
	f[j++] = (float)k;
	f[j++] = (float)(((nfull - 1 - target) % 7 + 7) % 7);
	static const int lags[] = {1, 2, 3, 4, 5, 6, 7, 14, 21, 28};
	for (size_t i = 0; i < sizeof lags / sizeof lags[0]; i++)
		f[j++] = o - lags[i] >= 0 ? (float)(y[o - lags[i]] / s) : NAN;
	/* last value and 8-week mean on the target's weekday */
	int back = 7 - ((k - 1) % 7);
	int d = o - back;
	f[j++] = d >= 0 ? (float)(y[d] / s) : NAN;
	double wsum = 0.0;
	int wn = 0;
	for (int w = 0; w < 8 && d - 7 * w >= 0; w++, wn++)
		wsum += y[d - 7 * w];
	f[j++] = wn ? (float)(wsum / wn / s) : NAN;
	f[j++] = (float)(mean_range(y, o - 7, o) / s);
	double m28 = mean_range(y, o - 28, o);
	f[j++] = (float)(m28 / s);
	f[j++] = (float)(mean_range(y, o - 91, o) / s);
	double v = 0.0;
	int from = o - 28 < 0 ? 0 : o - 28;
	for (int i = from; i < o; i++)
		v += (y[i] - m28) * (y[i] - m28);
	f[j++] = o > from ? (float)(sqrt(v / (o - from)) / s) : 0.0f;
	int nz28 = 0, nz91 = 0, since = -1;
	for (int i = o - 1; i >= 0 && i >= o - 91; i--) {
		if (y[i] > 0) {
			nz91++;
			if (i >= o - 28)
				nz28++;
			if (since < 0)
				since = o - 1 - i;
		}
	}
	f[j++] = (float)nz28 / 28.0f;
	f[j++] = (float)nz91 / 91.0f;
	f[j++] = since < 0 ? 91.0f : (float)since;
	double prev28 = mean_range(y, o - 56, o - 28);
	f[j++] = (float)((m28 + 0.5) / (prev28 + 0.5));
	f[j++] = (float)log(s);
	while (j < NFEAT)
		f[j++] = 0.0f;
}

struct rows {
	float *x, *y;
	size_t n, cap;
};

static int rows_add(struct rows *r, const double *y, int o, int k, int nfull)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 4096;
		float *nx = realloc(r->x, cap * NFEAT * sizeof *nx);
		if (!nx)
			return FC_ENOMEM;
		r->x = nx;
		float *ny = realloc(r->y, cap * sizeof *ny);
		if (!ny)
			return FC_ENOMEM;
		r->y = ny;
		r->cap = cap;
	}
	features(y, o, k, nfull, r->x + r->n * NFEAT);
	r->y[r->n] = (float)(y[o + k - 1] / level_of(y, o));
	r->n++;
	return FC_OK;
}

/* Training rows from days [0, cut_i) of each series, split into training (targets before
 * cut_i - h) and validation (targets in the last h days before cut_i). */
static int build_rows(const double *const *ys, const int *ns, int nseries, int h, int cv_days,
                      const fc_gbm_opts *o, struct rows *tr, struct rows *va)
{
	uint64_t rng = o->seed;
	for (int i = 0; i < nseries; i++) {
		int cut = ns[i] - cv_days;
		if (cut < MIN_HISTORY + h)
			continue;
		const double *y = ys[i];
		/* validation: origin at cut - h, every step */
		for (int k = 1; k <= h; k += (h > 28 ? 3 : 1))
			if (rows_add(va, y, cut - h, k, ns[i]))
				return FC_ENOMEM;
		/* training: origins in [28, cut - h - k] sampled */
		int last_origin = cut - h; /* targets must stay before the validation window */
		for (int t = 0; t < o->origins_per_series; t++) {
			int span = last_origin - 28;
			if (span <= 0)
				break;
			int org = 28 + (int)(fc_rng_next(&rng) % (uint64_t)span);
			for (int s = 0; s < o->steps_per_origin; s++) {
				int k = 1 + (int)(fc_rng_next(&rng) % (uint64_t)h);
				if (org + k - 1 >= last_origin)
					continue;
				if (rows_add(tr, y, org, k, ns[i]))
					return FC_ENOMEM;
			}
		}
	}
	return FC_OK;
}

static int xgb_ok(int rc)
{
	if (rc != 0)
		fprintf(stderr, "forecast: xgboost: %s\n", XGBGetLastError());
	return rc == 0;
}

static int train_one(const struct rows *tr, const struct rows *va, const fc_gbm_opts *o,
                     BoosterHandle *out, int *rounds_out)
{
	DMatrixHandle dtr = NULL, dva = NULL;
	BoosterHandle b = NULL;
	int rc = FC_ENUMERIC;
	if (!xgb_ok(XGDMatrixCreateFromMat(tr->x, tr->n, NFEAT, NAN, &dtr)) ||
	    !xgb_ok(XGDMatrixSetFloatInfo(dtr, "label", tr->y, tr->n)) ||
	    !xgb_ok(XGDMatrixCreateFromMat(va->x, va->n, NFEAT, NAN, &dva)) ||
	    !xgb_ok(XGDMatrixSetFloatInfo(dva, "label", va->y, va->n)))
		goto out;
	DMatrixHandle both[2] = {dtr, dva};
	if (!xgb_ok(XGBoosterCreate(both, 2, &b)))
		goto out;
	char seed[32], threads[16];
	snprintf(seed, sizeof seed, "%llu", o->seed % 2147483647ULL);
	snprintf(threads, sizeof threads, "%d", o->nthreads);
	const char *params[][2] = {{"objective", "reg:squarederror"},
	                           {"tree_method", "hist"},
	                           {"max_depth", "6"},
	                           {"eta", "0.05"},
	                           {"subsample", "0.8"},
	                           {"colsample_bytree", "0.8"},
	                           {"min_child_weight", "5"},
	                           {"lambda", "1"},
	                           {"seed", seed},
	                           {"nthread", threads},
	                           {"verbosity", "0"}};
	for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
		if (!xgb_ok(XGBoosterSetParam(b, params[i][0], params[i][1])))
			goto out;
	double best = INFINITY;
	int best_round = 0;
	const char *names[1] = {"valid"};
	for (int it = 0; it < o->max_rounds; it++) {
		if (!xgb_ok(XGBoosterUpdateOneIter(b, it, dtr)))
			goto out;
		const char *ev = NULL;
		DMatrixHandle dv[1] = {dva};
		if (!xgb_ok(XGBoosterEvalOneIter(b, it, dv, names, 1, &ev)))
			goto out;
		const char *colon = ev ? strrchr(ev, ':') : NULL;
		double v = colon ? atof(colon + 1) : INFINITY;
		if (v < best - 1e-9) {
			best = v;
			best_round = it + 1;
		} else if (it + 1 - best_round >= o->early_stop) {
			break;
		}
	}
	/* Keep only the rounds up to the best validation score. */
	if (best_round > 0) {
		BoosterHandle sliced = NULL;
		if (xgb_ok(XGBoosterSlice(b, 0, best_round, 1, &sliced))) {
			XGBoosterFree(b);
			b = sliced;
		}
	}
	*rounds_out = best_round;
	*out = b;
	b = NULL;
	rc = FC_OK;
out:
	if (b)
		XGBoosterFree(b);
	if (dtr)
		XGDMatrixFree(dtr);
	if (dva)
		XGDMatrixFree(dva);
	return rc;
}

static int train_cut(const double *const *ys, const int *ns, int nseries, int cv_days,
                     const fc_gbm_opts *o, BoosterHandle *out, int *rounds)
{
	struct rows tr = {0}, va = {0};
	int h = o->horizon;
	int rc = build_rows(ys, ns, nseries, h, cv_days, o, &tr, &va);
	if (rc == FC_OK && (tr.n < MIN_ROWS || va.n < 10))
		rc = FC_ENODATA;
	if (rc == FC_OK)
		rc = train_one(&tr, &va, o, out, rounds);
	free(tr.x);
	free(tr.y);
	free(va.x);
	free(va.y);
	return rc;
}

static fc_gbm *gbm_new(const int *ns, int nseries)
{
	fc_gbm *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->ns = malloc((size_t)(nseries > 0 ? nseries : 1) * sizeof *m->ns);
	if (!m->ns) {
		free(m);
		return NULL;
	}
	memcpy(m->ns, ns, (size_t)nseries * sizeof *ns);
	m->nseries = nseries;
	pthread_mutex_init(&m->mu, NULL);
	return m;
}

int fc_gbm_train(const double *const *ys, const int *ns, int nseries, const fc_gbm_opts *opt,
                 fc_gbm **out)
{
	if (!ys || !ns || nseries < 0 || !out)
		return FC_EINVAL;
	fc_gbm_opts o;
	if (opt)
		o = *opt;
	else
		fc_gbm_opts_init(&o);
	if (o.horizon < 1 || o.horizon > FC_MAX_HORIZON)
		return FC_EINVAL;
	int usable = 0;
	for (int i = 0; i < nseries; i++)
		usable += ns[i] >= MIN_HISTORY + o.horizon;
	if (usable < MIN_SERIES)
		return FC_ENODATA;
	fc_gbm *m = gbm_new(ns, nseries);
	if (!m)
		return FC_ENOMEM;
	int rc = train_cut(ys, ns, nseries, 0, &o, &m->final, &m->rounds);
	if (rc == FC_OK && o.cv_origins > 0) {
		int r2 = 0;
		/* Without enough data before the folds, fold forecasts are refused (the
		 * engine then does not select this model on validation it cannot do). */
		if (train_cut(ys, ns, nseries, o.cv_origins * o.horizon, &o, &m->cv, &r2) ==
		    FC_ENOMEM)
			rc = FC_ENOMEM;
	}
	if (rc != FC_OK) {
		fc_gbm_free(m);
		return rc;
	}
	*out = m;
	return FC_OK;
}

int fc_gbm_forecast(const fc_gbm *m, int series, const double *y, int n, int h, double *mean)
{
	if (!m || !y || !mean || h < 1 || h > FC_MAX_HORIZON || series < 0 ||
	    series >= m->nseries || n > m->ns[series])
		return FC_EINVAL;
	BoosterHandle b = n == m->ns[series] ? m->final : m->cv;
	if (!b || n < 28)
		return FC_ENODATA;
	float *x = malloc((size_t)h * NFEAT * sizeof *x);
	if (!x)
		return FC_ENOMEM;
	/* A fold is a prefix of the full series, so day indices are the same and the
	 * weekday position is counted from the full series' last day. */
	for (int k = 1; k <= h; k++)
		features(y, n, k, m->ns[series], x + (size_t)(k - 1) * NFEAT);
	DMatrixHandle d = NULL;
	bst_ulong len = 0;
	const float *res = NULL;
	int rc = FC_ENUMERIC;
	pthread_mutex_lock((pthread_mutex_t *)&m->mu);
	if (xgb_ok(XGDMatrixCreateFromMat(x, (bst_ulong)h, NFEAT, NAN, &d)) &&
	    xgb_ok(XGBoosterPredict(b, d, 0, 0, 0, &len, &res)) && len == (bst_ulong)h) {
		double s = level_of(y, n);
		rc = FC_OK;
		for (int k = 0; k < h; k++) {
			double v = (double)res[k] * s;
			if (!isfinite(v)) {
				rc = FC_ENUMERIC;
				break;
			}
			mean[k] = v > 0 ? v : 0;
		}
	}
	pthread_mutex_unlock((pthread_mutex_t *)&m->mu);
	if (d)
		XGDMatrixFree(d);
	free(x);
	return rc;
}

int fc_gbm_rounds(const fc_gbm *m)
{
	return m ? m->rounds : 0;
}

/* Saved form: "JGBM1\n", then for the final and the CV booster a length line and the
 * raw JSON bytes (length 0 when absent). */
int fc_gbm_save(const fc_gbm *m, void **buf, size_t *len)
{
	if (!m || !buf || !len)
		return FC_EINVAL;
	const char *parts[2] = {NULL, NULL};
	bst_ulong plen[2] = {0, 0};
	BoosterHandle bs[2] = {m->final, m->cv};
	for (int i = 0; i < 2; i++)
		if (bs[i] && !xgb_ok(XGBoosterSaveModelToBuffer(bs[i], "{\"format\": \"json\"}",
		                                                &plen[i], &parts[i])))
			return FC_ENUMERIC;
	size_t total = 6 + 2 * 24 + (size_t)plen[0] + (size_t)plen[1];
	char *out = malloc(total);
	if (!out)
		return FC_ENOMEM;
	size_t pos = (size_t)snprintf(out, total, "JGBM1\n");
	for (int i = 0; i < 2; i++) {
		pos += (size_t)snprintf(out + pos, total - pos, "%llu\n",
		                        (unsigned long long)plen[i]);
		if (plen[i]) {
			memcpy(out + pos, parts[i], plen[i]);
			pos += plen[i];
		}
	}
	*buf = out;
	*len = pos;
	return FC_OK;
}

int fc_gbm_load(const void *buf, size_t len, const int *ns, int nseries, fc_gbm **out)
{
	if (!buf || !ns || !out || len < 6 || memcmp(buf, "JGBM1\n", 6) != 0)
		return FC_EINVAL;
	fc_gbm *m = gbm_new(ns, nseries);
	if (!m)
		return FC_ENOMEM;
	const char *p = (const char *)buf + 6, *end = (const char *)buf + len;
	BoosterHandle *dst[2] = {&m->final, &m->cv};
	for (int i = 0; i < 2; i++) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			goto bad;
		unsigned long long n = strtoull(p, NULL, 10);
		p = nl + 1;
		if (n > (unsigned long long)(end - p))
			goto bad;
		if (n) {
			if (!xgb_ok(XGBoosterCreate(NULL, 0, dst[i])) ||
			    !xgb_ok(XGBoosterLoadModelFromBuffer(*dst[i], p, (bst_ulong)n)))
				goto bad;
		}
		p += n;
	}
	if (!m->final)
		goto bad;
	*out = m;
	return FC_OK;
bad:
	fc_gbm_free(m);
	return FC_EINVAL;
}

void fc_gbm_free(fc_gbm *m)
{
	if (!m)
		return;
	if (m->final)
		XGBoosterFree(m->final);
	if (m->cv)
		XGBoosterFree(m->cv);
	pthread_mutex_destroy(&m->mu);
	free(m->ns);
	free(m);
}
