/* fc_engine.c — what turns point-forecasting models into forecasts a planner can use:
 * rolling-origin cross-validation, per-series choice of the best combination with the
 * candidates' scores shrunk toward the batch's series of the same demand class,
 * prediction intervals calibrated on the cross-validation errors (empirical quantiles
 * widened by a leave-one-fold-out calibration per band of horizon steps pooled over the
 * batch, or a negative binomial when too few errors exist), sample paths for the
 * quantiles of cumulative demand calibrated on the folds' own totals, fallbacks for
 * degenerate histories, and the threaded three-pass batch loop. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fc_errscale.h"
#include "fc_model.h"
#include "fc_spike.h"
#include "fc_rng.h"

#define MIN_TRAIN  28   /* shortest training window a CV fold may have */
#define MIN_RESID  20   /* fewer CV errors than this: parametric intervals instead */
#define MAX_COMBO  3    /* the forecast is the mean of the best MAX_COMBO singles */
#define PATH_BLOCK 7    /* block length of the bootstrap for cumulative totals */
#define POOL_M     6    /* interval errors pool the CV errors of the best POOL_M candidates */
#define DOW_BONUS  0.03 /* ranking head start of the day-of-week model, in score units */
#define WINSOR_K   2.0  /* recent days clipped at Q3 + WINSOR_K * IQR of the selling days */
#define WINSOR_W   91   /* ... within the last WINSOR_W days before each fit's origin */

/* ------------------------------------------------------------------ small helpers */

const char *fc_strerror(int code)
{
	switch (code) {
	case FC_OK:
		return "ok";
	case FC_ENOMEM:
		return "enomem";
	case FC_EINVAL:
		return "einval";
	case FC_ENODATA:
		return "enodata";
	case FC_ENOCONV:
		return "enoconv";
	case FC_ERANGE:
		return "erange";
	case FC_ENOMODEL:
		return "enomodel";
	case FC_ENUMERIC:
		return "enumeric";
	case FC_ECANCELED:
		return "ecanceled";
	default:
		return "einternal";
	}
}

void fc_options_init(fc_options *o)
{
	memset(o, 0, sizeof *o);
	o->model = "auto";
	o->horizon = 30;
	o->period = 7;
	o->nquantiles = 3;
	o->quantiles[0] = 0.1;
	o->quantiles[1] = 0.5;
	o->quantiles[2] = 0.9;
	o->cv_origins = 3;
	o->npaths = 400;
	o->nthreads = 2;
	o->seed = 20240601ULL;
}

void fc_result_free(fc_result *r)
{
	if (!r)
		return;
	free(r->mean);
	free(r->quant);
	r->mean = r->quant = NULL;
}

static int rng_below(uint64_t *s, int n)
{
	return (int)(fc_rng_next(s) % (uint64_t)n);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Sorts v[0..n-1] ascending, stably, with tmp[0..n-1] as scratch: the order qsort with
 * cmp_double gives (glibc's is a stable merge sort; equal values are indistinguishable
 * anyway for the finite values sorted here), at a fraction of the cost of a call
 * through a comparison function per step. Insertion sort on runs of 16, then bottom-up
 * merges. */
static void sort_doubles(double *v, int n, double *tmp)
{
	enum { RUN = 16 };
	for (int lo = 0; lo < n; lo += RUN) {
		int hi = lo + RUN < n ? lo + RUN : n;
		for (int i = lo + 1; i < hi; i++) {
			double x = v[i];
			int j = i;
			for (; j > lo && v[j - 1] > x; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
	}
	double *src = v, *dst = tmp;
	for (int w = RUN; w < n; w *= 2) {
		for (int lo = 0; lo < n; lo += 2 * w) {
			int mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			int a = lo, b = mid, o = lo;
			while (a < mid && b < hi)
				dst[o++] = src[b] < src[a] ? src[b++] : src[a++];
			while (a < mid)
				dst[o++] = src[a++];
			while (b < hi)
				dst[o++] = src[b++];
		}
		double *x = src;
		src = dst;
		dst = x;
	}
	if (src != v)
		memcpy(v, src, sizeof *v * (size_t)n);
}

/* Quantile of sorted v[0..n-1] at level q (type 7, as R's default). */
static double quantile_sorted(const double *v, int n, double q)
{
	if (n <= 0)
		return 0.0;
	double pos = q * (n - 1);
	int i = (int)floor(pos);
	if (i >= n - 1)
		return v[n - 1];
	double f = pos - i;
	return v[i] + f * (v[i + 1] - v[i]);
}

/* Quantile of a negative binomial with mean m and variance v (Poisson when v <= m). */
static double count_quantile(double m, double v, double q)
{
	if (!(m > 0.0))
		return 0.0;
	if (m > 200.0) { /* normal approximation: the sums below would be slow */
		double z = gsl_cdf_ugaussian_Pinv(q);
		double x = m + z * sqrt(v > m ? v : m);
		return x > 0 ? x : 0.0;
	}
	/* Smallest count whose CDF reaches q, capped where the tail is negligible. */
	unsigned k;
	if (v <= m * 1.0001) {
		for (k = 0; k < 10000; k++)
			if (gsl_cdf_poisson_P(k, m) >= q)
				break;
	} else {
		double r = m * m / (v - m), p = r / (r + m);
		for (k = 0; k < 100000; k++)
			if (gsl_cdf_negative_binomial_P(k, p, r) >= q)
				break;
	}
	return (double)k;
}

/* Count with mean m and variance v: Poisson(m) when v <= m, else Poisson(Gamma(k, m/k))
 * with k = m^2 / (v - m), i.e. a negative binomial. */
static double count_draw(gsl_rng *g, double m, double v)
{
	if (!(m > 0.0))
		return 0.0;
	double lam = m;
	if (v > m * 1.0001) {
		double k = m * m / (v - m);
		lam = gsl_ran_gamma(g, k, m / k);
	}
	return (double)gsl_ran_poisson(g, lam);
}

static int finite_all(const double *x, int n)
{
	for (int i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return 0;
	return 1;
}

/* ------------------------------------------------------------------ model calls */

/* Runs a model and vets its output: non-finite values or an explosion far beyond
 * anything seen (a runaway trend) count as a failed fit, so the caller falls back. */
static int run_model(const fc_model_def *m, void *const *states, int mi, int series,
                     const double *y, int n, int period, int h, double ymax, double *mean,
                     char *detail)
{
	if (n < m->min_n)
		return FC_ENODATA;
	int rc = m->forecast(states ? states[mi] : NULL, series, y, n, period, h, mean, detail);
	if (rc != FC_OK)
		return rc;
	if (!finite_all(mean, h))
		return FC_ENUMERIC;
	double cap = 10.0 * ymax + 10.0;
	for (int t = 0; t < h; t++) {
		if (mean[t] > cap)
			return FC_ENUMERIC;
		if (mean[t] < 0.0)
			mean[t] = 0.0;
	}
	return FC_OK;
}

static int model_index(const fc_model_def *m)
{
	const fc_model_def *const *all = fc_model_all();
	for (int i = 0; all[i]; i++)
		if (all[i] == m)
			return i;
	return -1;
}

/* ------------------------------------------------------------------ one series */

/* Clips the last WINSOR_W of x[0..n-1] at cap (see forecast_one). */
static void clip_recent(double *x, int n, double cap)
{
	for (int i = n > WINSOR_W ? n - WINSOR_W : 0; i < n; i++)
		if (x[i] > cap)
			x[i] = cap;
}

typedef struct cv_plan {
	int K, hv;      /* folds and points per fold */
	int origin[16]; /* training length of each fold */
} cv_plan;

static double clean_day(double v)
{
	return isfinite(v) && v > 0 ? v : 0.0;
}

/* MASE's scale, as fc_metrics_add takes it: the in-sample MAE of the seasonal naive
 * forecast (lag period) over y[0..n-1], invalid days taken as 0; 0 when undefined. */
static double snaive_scale(const double *y, int n, int period)
{
	double sum = 0.0;
	for (int t = period; t < n; t++)
		sum += fabs(clean_day(y[t]) - clean_day(y[t - period]));
	return n > period ? sum / (n - period) : 0.0;
}

/* Non-overlapping test windows of hv days ending at the series end, as many as fit
 * (up to K) with at least MIN_TRAIN training days before each. Windows spread back over
 * the last half year or year (so that a model that gets the yearly pattern right is not
 * judged on one season only) were tried: MASE worse at horizon 28 on three of the four
 * development files (0.834 -> 0.839..0.850 on the grocery store), mixed at 90. */
static void plan_cv(int n, int h, int K, cv_plan *p)
{
	int hv = h;
	if (hv > n / 3)
		hv = n / 3;
	p->hv = hv;
	p->K = 0;
	if (hv < 7)
		return;
	if (K > 16)
		K = 16;
	for (int j = 0; j < K; j++) {
		int o = n - hv - j * hv;
		if (o < MIN_TRAIN)
			break;
		p->origin[p->K++] = o;
	}
}

int fc_cv_reach(int n, int h, int K)
{
	cv_plan p;
	plan_cv(n, h, K, &p);
	return p.K ? n - p.origin[p.K - 1] : 0;
}

typedef struct cand {
	const fc_model_def *m[MAX_COMBO];
	int nm;
	int ok;
	double mae, rmse, score;
	double bias, wape, mase; /* reported only (see fc_candidate) */
	double *cv;  /* [K*hv] CV forecasts (points into a buffer owned by forecast_one) */
	double *fin; /* [h] forecast from the whole history (same buffer owner) */
	char form[FC_NAME_MAX];
	double bonus;     /* subtracted from score when ranking (see DOW_BONUS) */
	double rank;      /* what the ranking sorts by (see rank_singles) */
	double rank_base; /* log of the series' best single score, which rank is relative to */
} cand;

static void cand_name(const cand *c, char *buf)
{
	if (c->nm == 1) {
		snprintf(buf, FC_NAME_MAX, "%s", c->m[0]->name);
		return;
	}
	int o = snprintf(buf, FC_NAME_MAX, "combo(");
	for (int i = 0; i < c->nm && o < FC_NAME_MAX; i++)
		o += snprintf(buf + o, (size_t)(FC_NAME_MAX - o), "%s%s", i ? "+" : "",
		              c->m[i]->name);
	if (o < FC_NAME_MAX)
		snprintf(buf + o, (size_t)(FC_NAME_MAX - o), ")");
}

/* Scores candidate c on the N CV points act[]; mscale is the seasonal-naive MAE that
 * MASE divides by (0 = undefined). */
static void cand_score(cand *c, const double *act, int N, double sA, double sR, double mscale)
{
	double sae = 0.0, sse = 0.0, se = 0.0, sa = 0.0;
	for (int i = 0; i < N; i++) {
		double e = act[i] - c->cv[i];
		sae += fabs(e);
		sse += e * e;
		se -= e;
		sa += act[i];
	}
	c->mae = sae / N;
	c->rmse = sqrt(sse / N);
	c->bias = se / N;
	c->wape = sa > 0.0 ? sae / sa : -1.0;
	c->mase = mscale > 0.0 ? c->mae / mscale : -1.0;
	/* Selection by RMSE: it rewards unbiased means, which is what totals, safety stock
     * and the combination need. Scoring by MAE favours forecasts near the median (often
     * zero on sparse days) and, measured on both dev data sets, chose worse models even
     * for MASE. */
	(void)sA;
	c->score = c->rmse / sR;
}

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->ok != y->ok)
		return y->ok - x->ok;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

static void fill_flat(fc_result *r, double level)
{
	for (int t = 0; t < r->horizon; t++)
		r->mean[t] = level;
}

/* Errors grow with the level (count data: variance about proportional to the mean), so
 * CV errors are standardised by sqrt(forecast + c) before their quantiles are taken and
 * scaled back by the same function of each future day's forecast. Otherwise a weekday
 * and a closed Saturday would share one band: too wide on one, too narrow on the other.
 * c keeps near-zero forecasts from dividing by zero. Lumpy demand is standardised by its
 * order size instead (fc_errscale.c says why): standardise_lumpy. */
static fc_errscale standardise(double *res, const double *cvf, int N)
{
	double mf = 0.0;
	for (int i = 0; i < N; i++)
		mf += cvf[i] > 0 ? cvf[i] : 0.0;
	mf /= N;
	fc_errscale es = {.c = 0.1 * mf + 1e-3, .order = 0.0};
	for (int i = 0; i < N; i++)
		res[i] /= fc_errscale_day(&es, cvf[i]);
	return es;
}

/* 1 when the forecast's mean level is more than FC_ORDER_JUMP times the folds' (cvf[0..N-1]):
 * the count-data rule would stretch every fold error by the square root of that. */
static int scale_jumps(const double *mean, int h, const double *cvf, int N)
{
	double mf = 0.0, m = 0.0;
	for (int i = 0; i < N; i++)
		mf += cvf[i] > 0 ? cvf[i] : 0.0;
	for (int t = 0; t < h; t++)
		m += mean[t];
	return m / h > FC_ORDER_JUMP * (mf / N);
}

/* Lumpy demand: each fold's errors (rows of hv points, fold f of row r at r % K) divided
 * by the order size where the fold starts, the future multiplied back by today's (order
 * sizes from y, the history with its one-off order winsorised). A fold without a sale
 * before it takes today's size. Returns the scale, or order 0 when nothing sold. */
static fc_errscale standardise_lumpy(double *res, int rows, const cv_plan *p, const double *y,
                                     int n)
{
	fc_errscale es = {.c = 0.0, .order = fc_order_size(y, n)};
	if (!(es.order > 0))
		return es;
	for (int r = 0; r < rows; r++) {
		double o = fc_order_size(y, p->origin[r % p->K]);
		if (!(o > 0))
			o = es.order;
		for (int t = 0; t < p->hv; t++)
			res[(size_t)r * p->hv + t] /= o;
	}
	return es;
}

/* ------------------------------------------------------------------ interval calibration */

/* A band built from the CV errors of some folds is too narrow for days outside them:
 * the level moves between periods, and the folds only see their own shifts. How much too
 * narrow is measured leave-one-fold-out (the band from the other folds' errors, counted
 * on the held-out fold's errors) and pooled over every series of a batch, which gives one
 * multiplier per quantile level for the standardised errors' distance from their median.
 * That is split conformal calibration with score r = (e - median) / (quantile - median):
 * a held-out error e lies on the right side of the widened quantile exactly when the
 * multiplier is >= r, so the multiplier is the smallest grid value whose share of scores
 * below it reaches the level (q above the median, 1 - q below it). The scores are counted
 * on a grid so that pooling is a sum of integers: the same for any thread count. */
#define CAL_LO   0.5  /* narrowest multiplier: a band never shrinks to less than half */
#define CAL_STEP 0.01 /* grid step of the multiplier */
#define CAL_NG   551  /* grid values CAL_LO .. CAL_LO + (CAL_NG - 1) * CAL_STEP = 6.0 */

typedef struct cal_hist {
	long long npts;                            /* held-out points counted per level */
	long long n[FC_MAX_QUANTILES][CAL_NG + 1]; /* scores per grid cell; last: beyond */
} cal_hist;

static void cal_add(cal_hist *h, int j, double r)
{
	int k;
	if (!(r > CAL_LO)) /* also -inf: covered at any multiplier */
		k = 0;
	else if (r > CAL_LO + (CAL_NG - 1) * CAL_STEP) /* also +inf */
		k = CAL_NG;
	else {
		k = (int)ceil((r - CAL_LO) / CAL_STEP - 1e-9);
		if (k < 0)
			k = 0;
		if (k > CAL_NG - 1)
			k = CAL_NG - 1;
	}
	h->n[j][k]++;
}

static void cal_merge(cal_hist *into, const cal_hist *from, int nq)
{
	into->npts += from->npts;
	for (int j = 0; j < nq; j++)
		for (int k = 0; k <= CAL_NG; k++)
			into->n[j][k] += from->n[j][k];
}

/* Per horizon step: errors grow with the distance from the origin, so one multiplier for
 * every day of the horizon would be too wide on the first days and too narrow on the last.
 * Scores are counted per band of steps (CAL_NB of them, days 1-7, 8-14, 15-28, 29-56, 57
 * on), and each band gets its own multipliers when it has enough scores (CAL_MIN_BAND),
 * else those of all steps together. */
#define CAL_NB       5
#define CAL_MIN_BAND 200

static int step_band(int t)
{
	return t < 7 ? 0 : t < 14 ? 1 : t < 28 ? 2 : t < 56 ? 3 : 4;
}

typedef struct cal_set {
	cal_hist b[CAL_NB + 1]; /* per band of steps; the last: all steps */
} cal_set;

typedef struct cal_lam {
	double l[CAL_NB][FC_MAX_QUANTILES];
} cal_lam;

static void cal_set_merge(cal_set *into, const cal_set *from, int nq)
{
	for (int k = 0; k <= CAL_NB; k++)
		cal_merge(&into->b[k], &from->b[k], nq);
}

/* Leave-one-fold-out scores of one series. res holds M candidates' standardised errors
 * (the chosen one first), each K folds of hv points (res[(m * K + f) * hv + t]), as
 * make_intervals pools them; work has room for 2 * M * K * hv. */
static void cal_scores(const double *res, int M, int K, int hv, const double *q, int nq,
                       cal_set *hs, double *work)
{
	if (K < 2)
		return;
	int nin = M * (K - 1) * hv;
	if (nin < MIN_RESID)
		return;
	for (int f = 0; f < K; f++) {
		int w = 0;
		for (int m = 0; m < M; m++)
			for (int g = 0; g < K; g++)
				if (g != f) {
					memcpy(work + w, res + (size_t)(m * K + g) * hv,
					       sizeof *work * (size_t)hv);
					w += hv;
				}
		sort_doubles(work, w, work + w);
		double med = quantile_sorted(work, w, 0.5), d[FC_MAX_QUANTILES];
		for (int j = 0; j < nq; j++)
			d[j] = quantile_sorted(work, w, q[j]) - med;
		/* scored on the chosen candidate's errors only (row f of the first): those
		 * are the forecasts that will be used; the rivals only widen the pool */
		for (int t = 0; t < hv; t++) {
			double e = res[(size_t)f * hv + t] - med;
			cal_hist *h = &hs->b[step_band(t)], *all = &hs->b[CAL_NB];
			for (int j = 0; j < nq; j++) {
				double r;
				if (q[j] >= 0.5) /* covered: e <= multiplier * d */
					r = d[j] > 0 ? e / d[j] : (e <= 0 ? -INFINITY : INFINITY);
				else /* not below: e >= multiplier * d */
					r = d[j] < 0 ? e / d[j] : (e >= 0 ? -INFINITY : INFINITY);
				cal_add(h, j, r);
				cal_add(all, j, r);
			}
			h->npts++;
			all->npts++;
		}
	}
}

/* The multipliers from the pooled scores; 1 (no change) when too few were counted. */
static void cal_solve(const cal_hist *h, const double *q, int nq, double *lam)
{
	for (int j = 0; j < nq; j++) {
		lam[j] = 1.0;
		if (h->npts < MIN_RESID || q[j] == 0.5)
			continue;
		double target = q[j] > 0.5 ? q[j] : 1.0 - q[j];
		long long need = (long long)ceil(target * (double)h->npts - 1e-9), cum = 0;
		lam[j] = CAL_LO + (CAL_NG - 1) * CAL_STEP;
		for (int k = 0; k < CAL_NG; k++) {
			cum += h->n[j][k];
			if (cum >= need) {
				lam[j] = CAL_LO + k * CAL_STEP;
				break;
			}
		}
	}
}

/* Multipliers per band of steps, from the band's own scores when it has enough. */
static void cal_set_solve(const cal_set *hs, const double *q, int nq, cal_lam *lam)
{
	double all[FC_MAX_QUANTILES];
	cal_solve(&hs->b[CAL_NB], q, nq, all);
	for (int k = 0; k < CAL_NB; k++) {
		if (hs->b[k].npts >= CAL_MIN_BAND)
			cal_solve(&hs->b[k], q, nq, lam->l[k]);
		else
			memcpy(lam->l[k], all, sizeof all);
	}
}

/* The totals' quantiles from the paths' sums (sums[k * npaths + i]: total k of path i;
 * scratch: npaths doubles). The paths give the spread; the point forecast gives the
 * centre. Replayed errors carry the folds' own bias, and clipping each day at zero pushes
 * sums up; without this the median total could exceed the mean by far on lumpy items,
 * which a planner would rightly distrust. */
static void totals_quantiles(fc_result *r, double *sums, int npaths, double *scratch)
{
	for (int k = 0; k < FC_NTOTALS; k++) {
		double *v = sums + (size_t)k * npaths;
		double pm = 0.0;
		for (int i = 0; i < npaths; i++)
			pm += v[i];
		pm = npaths ? pm / npaths : 0.0;
		for (int i = 0; i < npaths; i++) {
			v[i] += r->total_mean[k] - pm;
			if (v[i] < 0)
				v[i] = 0.0;
		}
		sort_doubles(v, npaths, scratch);
		double prev = 0.0;
		for (int j = 0; j < r->nq; j++) {
			double x = quantile_sorted(v, npaths, r->q[j]);
			if (x < prev)
				x = prev;
			r->total_quant[k * FC_MAX_QUANTILES + j] = x;
			prev = x;
		}
	}
}

/* Doubles of work that make_intervals (and cal_scores) need for a pool of N errors and
 * npaths paths: the sorted pool, the paths' totals, scratch for sorting either, and the
 * pool widened by each band of steps' multipliers. */
static size_t work_size(size_t N, int npaths)
{
	return (N + 1) + (size_t)npaths * (FC_NTOTALS + 1) + N + CAL_NB * N;
}

/* Intervals and totals from a pool of standardised errors (rows of hv points, scaled
 * back by es), or from a count distribution when the pool is too small (K == 0). lam
 * (NULL = all 1) widens each level's distance from the pool's median, per band of
 * steps; the sample paths widen their errors below the median by the lowest level's
 * multiplier and above it by the highest level's, so totals stay consistent with the
 * daily band. */
static void make_intervals(fc_result *r, double *res, const fc_errscale *es, int K, int hv,
                           double disp_var_ratio, int npaths, unsigned long long seed, double *work,
                           const cal_lam *lam)
{
	int h = r->horizon, nq = r->nq, N = K * hv;
	double med = 0.0, lam_lo[CAL_NB], lam_hi[CAL_NB];
	for (int k = 0; k < CAL_NB; k++) {
		lam_lo[k] = lam_hi[k] = 1.0;
		if (!lam)
			continue;
		for (int j = 0; j < nq; j++)
			if (r->q[j] < 0.5) {
				lam_lo[k] = lam->l[k][j];
				break;
			}
		for (int j = nq - 1; j >= 0; j--)
			if (r->q[j] > 0.5) {
				lam_hi[k] = lam->l[k][j];
				break;
			}
	}
	double *sums = work + (N > 0 ? N : 1);                /* npaths * FC_NTOTALS */
	double *scratch = sums + (size_t)npaths * FC_NTOTALS; /* N + npaths, for sorting */
	double *wide = scratch + N + npaths;                  /* CAL_NB * N, see below */
	if (N >= MIN_RESID) {
		double *sorted = work; /* N */
		memcpy(sorted, res, sizeof *sorted * (size_t)N);
		sort_doubles(sorted, N, scratch);
		med = quantile_sorted(sorted, N, 0.5);
		for (int j = 0; j < nq; j++) {
			double d0 = quantile_sorted(sorted, N, r->q[j]);
			for (int t = 0; t < h; t++) {
				double d = med + (lam ? lam->l[step_band(t)][j] : 1.0) * (d0 - med);
				double v = r->mean[t] + d * fc_errscale_day(es, r->mean[t]);
				r->quant[t * nq + j] = v > 0 ? v : 0.0;
			}
		}
	} else {
		for (int t = 0; t < h; t++)
			for (int j = 0; j < nq; j++)
				r->quant[t * nq + j] = count_quantile(
				        r->mean[t], r->mean[t] * disp_var_ratio, r->q[j]);
	}
	/* quantiles must not cross */
	for (int t = 0; t < h; t++)
		for (int j = 1; j < nq; j++)
			if (r->quant[t * nq + j] < r->quant[t * nq + j - 1])
				r->quant[t * nq + j] = r->quant[t * nq + j - 1];

	/* Cumulative totals from sample paths: a block bootstrap of the standardised CV
	 * errors, in blocks of one week taken from a random fold at a random start, keeps the
	 * serial correlation within a week (what makes a sum wider than a sum of independent
	 * days) without letting the two or three folds' own level errors dominate. */
	static const int days[FC_NTOTALS] = {30, 60, 90};
	uint64_t s = seed * 0x2545F4914F6CDD1DULL + 1;
	/* GSL's samplers for the parametric case, seeded from this series' own stream so
	 * results stay deterministic whatever the thread count */
	gsl_rng *g = NULL;
	if (N < MIN_RESID && (g = gsl_rng_alloc(gsl_rng_taus2)))
		gsl_rng_set(g, (unsigned long)(fc_rng_next(&s) | 1));
	for (int k = 0; k < FC_NTOTALS; k++) {
		r->total_days[k] = days[k] < h ? days[k] : h;
		double m = 0.0;
		for (int t = 0; t < r->total_days[k]; t++)
			m += r->mean[t];
		r->total_mean[k] = m;
	}
	/* Hoisted out of the paths: each day's error scale, and the pool's errors widened by
	 * each band of steps' multipliers (a path's day then reads its band's copy: the
	 * same arithmetic, without a branch on the error's side per day). */
	double scale[FC_MAX_HORIZON];
	const double *band_pool[FC_MAX_HORIZON];
	for (int t = 0; t < h; t++) {
		scale[t] = fc_errscale_day(es, r->mean[t]);
		band_pool[t] = wide + (size_t)step_band(t) * (size_t)N;
	}
	if (N >= MIN_RESID)
		for (int k = 0; k <= step_band(h - 1); k++)
			for (int i = 0; i < N; i++) {
				double e = res[i];
				wide[(size_t)k * N + i] =
				        med + (e < med ? lam_lo[k] : lam_hi[k]) * (e - med);
			}
	for (int i = 0; i < npaths; i++) {
		int f = 0, st = 0;
		double cum = 0.0;
		int k = 0;
		for (int t = 0, b = 0; t < h && k < FC_NTOTALS;
		     t++, b = b + 1 == PATH_BLOCK ? 0 : b + 1) {
			double e;
			if (b == 0 && K > 0 && hv > 0) {
				f = rng_below(&s, K);
				st = rng_below(&s, hv);
			}
			if (N >= MIN_RESID) {
				/* (st + b) % hv without a division per day */
				int at = st + b;
				while (at >= hv)
					at -= hv;
				e = band_pool[t][f * hv + at] * scale[t];
			} else {
				/* parametric: a negative binomial (Poisson when not overdispersed)
				 * draw; without a generator (no memory) the mean itself */
				e = g ? count_draw(g, r->mean[t], r->mean[t] * disp_var_ratio) -
				                    r->mean[t]
				      : 0.0;
			}
			double v = r->mean[t] + e;
			cum += v > 0 ? v : 0.0;
			while (k < FC_NTOTALS && t + 1 == r->total_days[k])
				sums[(size_t)k * npaths + i] = cum, k++;
		}
	}
	totals_quantiles(r, sums, npaths, scratch);
	gsl_rng_free(g);
}

/* ------------------------------------------------------------------ pooled selection */

/* A series' own CV ranks a dozen candidates on two or three folds: close to noise (the
 * rank correlation between CV score and later error within a series was 0.14 to 0.44 on
 * shops the engine had not seen). The batch knows more: how each model did on every other
 * series of the same kind. Each candidate's score relative to the series' best is shrunk
 * toward the mean of that model's relative scores over the series of the same demand class
 * (in logs: a geometric mean), and the candidates are ranked on the shrunk values. */
#define POOL_NCLS 8   /* demand classes: see demand_class */
#define POOL_NMOD 32  /* models the pool tracks (the registry has fewer) */
#define POOL_MIN  8   /* fewer series of a class with a model scored: no shrinkage */
#define POOL_W    0.5 /* weight of the class mean in the shrunk score */

typedef struct sel_pool {
	double lsum[POOL_NCLS][POOL_NMOD]; /* sum of log(score / best score of the series) */
	int cnt[POOL_NCLS][POOL_NMOD];
} sel_pool;

/* Syntetos-Boylan class of the last year (smooth, erratic, intermittent, lumpy: average
 * interval between sales 1.32 days, squared variation of the sizes 0.49), times two for
 * histories under a year (young items behave unlike established ones). */
static int demand_class(const double *y, int n)
{
	int from = n > 365 ? n - 365 : 0, nz = 0;
	double s = 0.0, s2 = 0.0;
	for (int i = from; i < n; i++)
		if (y[i] > 0) {
			nz++;
			s += y[i];
			s2 += y[i] * y[i];
		}
	int cls = 0;
	if (nz > 0) {
		double m = s / nz, v = s2 / nz - m * m;
		if ((double)(n - from) / nz >= 1.32)
			cls |= 2;
		if (m > 0 && v / (m * m) >= 0.49)
			cls |= 1;
	}
	return cls + (n < 365 ? 4 : 0);
}

/* Sets each single's rank (see above); pool NULL ranks on the series' own scores. */
static void rank_singles(cand *cands, int nc, const sel_pool *pool, int cls)
{
	double best = INFINITY;
	for (int c = 0; c < nc; c++)
		if (cands[c].ok && cands[c].score - cands[c].bonus < best)
			best = cands[c].score - cands[c].bonus;
	double lb = best > 1e-12 && isfinite(best) ? log(best) : log(1e-12);
	for (int c = 0; c < nc; c++) {
		double s = cands[c].score - cands[c].bonus;
		double rel = log(s > 1e-12 ? s : 1e-12) - lb;
		int mi = model_index(cands[c].m[0]);
		if (pool && cands[c].ok && mi >= 0 && mi < POOL_NMOD &&
		    pool->cnt[cls][mi] >= POOL_MIN)
			rel = (1.0 - POOL_W) * rel +
			      POOL_W * pool->lsum[cls][mi] / pool->cnt[cls][mi];
		cands[c].rank = rel;
		cands[c].rank_base = lb;
	}
}

/* One series' working state through the steps of forecast_cv and choose_one: it waits in
 * pending.sw between the two, while the batch pools its evidence (pool_add). The buffers
 * are owned here and released by swork_free. */
typedef struct swork {
	const double *yin; /* the history as given (first step only) */
	int n, h, period, index, npaths, want_auto;
	const fc_options *opt;
	void *const *states;
	double *y;     /* cleaned: negative or non-finite days are zero */
	double *yw;    /* y with its recent spikes clipped and its one-off spike winsorised:
	                * what the models fit */
	double *yfold; /* a fold's training days as its models see them (first step only) */
	double ymax, ysum, capv;
	int spike;       /* the one-off order's day (fc_spike.h), or -1 */
	double spike_to; /* ... and the value the models and error pools see there */
	int nz, cls;     /* selling days; demand class (pooled evidence) */
	cand *cands;
	int nc;
	cv_plan plan;
	int N; /* validated days over all folds: plan.K * plan.hv */
	double *finbuf, *cvbuf, *act;
	double *actw; /* act with the one-off spike winsorised: what the error pools see */
	double sA, sR, mscale;
	int asked_rc, asked_fold; /* why a model asked for by name failed */
} swork;

static void swork_free(swork *w)
{
	if (!w)
		return;
	free(w->y);
	free(w->yw);
	free(w->yfold);
	free(w->cvbuf);
	free(w->finbuf);
	free(w->act);
	free(w->actw);
	free(w->cands);
	free(w);
}

/* Adds a waiting series' relative scores to the pool (raw scores, without head starts). */
static void pool_add(sel_pool *pool, const swork *w)
{
	if (!w || !w->want_auto || w->N <= 0)
		return;
	double best = INFINITY;
	for (int c = 0; c < w->nc; c++)
		if (w->cands[c].ok && w->cands[c].score < best)
			best = w->cands[c].score;
	if (!(best > 1e-12) || !isfinite(best))
		return;
	for (int c = 0; c < w->nc; c++) {
		int mi = model_index(w->cands[c].m[0]);
		if (!w->cands[c].ok || mi < 0 || mi >= POOL_NMOD)
			continue;
		pool->lsum[w->cls][mi] += log(w->cands[c].score / best);
		pool->cnt[w->cls][mi]++;
	}
}

/* What a series still needs once the batch's calibration is known: its standardised
 * error pool (owned here) and how to draw its paths. */
typedef struct pending {
	swork *sw; /* between forecast_cv and choose_one */
	/* CV errors of the totals (actual - forecast) over each total's first days of each
	 * fold long enough, of the chosen forecast and its rivals in the interval pool, for
	 * the totals' calibration (tot_calibrate) */
	double terr[FC_NTOTALS][16 * POOL_M];
	int tnf[FC_NTOTALS];
	double *res; /* rows * hv standardised errors; NULL = nothing pending */
	int rows, hv;
	fc_errscale es; /* how res was standardised */
	int npaths;
	unsigned long long seed;
} pending;

/* ------------------------------------------------------------------ totals calibration */

/* The totals' sample paths replay daily errors in week-long blocks and are centred on the
 * point forecast, so they carry none of the level error that a whole month's forecast
 * makes: their bands held 43 to 83 % of the actual totals on the development files. They
 * are widened like the daily band: split conformal over the batch, with score
 * (actual - forecast total) / (quantile - forecast total) on each validation fold's total
 * of the chosen forecast, giving one multiplier per total and quantile level. */
static void tot_fold_errors(pending *pd, const double *act, const cand *cands, int M,
                            const cv_plan *p, int h)
{
	static const int days[FC_NTOTALS] = {30, 60, 90};
	for (int k = 0; k < FC_NTOTALS; k++) {
		int d = days[k] < h ? days[k] : h;
		pd->tnf[k] = 0;
		if (d > p->hv)
			continue;
		/* the rivals too, as for the daily band: the winner's own fold totals are
		 * optimistic, it won partly by luck on these very folds */
		for (int m = 0; m < M && m < POOL_M; m++)
			for (int f = 0; f < p->K && f < 16; f++) {
				const double *cv = cands[m].cv;
				double e = 0.0;
				for (int t = 0; t < d; t++)
					e += act[f * p->hv + t] - cv[f * p->hv + t];
				pd->terr[k][pd->tnf[k]++] = e;
			}
	}
}

/* Adds a finished series' fold scores to hist[k] (one histogram per total). */
static void tot_scores(const fc_result *r, const pending *pd, cal_hist *hist)
{
	for (int k = 0; k < FC_NTOTALS; k++)
		for (int f = 0; f < pd->tnf[k]; f++) {
			double e = pd->terr[k][f];
			for (int j = 0; j < r->nq; j++) {
				double d = r->total_quant[k * FC_MAX_QUANTILES + j] -
				           r->total_mean[k],
				       x;
				if (r->q[j] >= 0.5)
					x = d > 0 ? e / d : (e <= 0 ? -INFINITY : INFINITY);
				else
					x = d < 0 ? e / d : (e >= 0 ? -INFINITY : INFINITY);
				cal_add(&hist[k], j, x);
			}
			hist[k].npts++;
		}
}

/* Widens (or narrows, down to CAL_LO) each total quantile's distance from the total's
 * point forecast by lam[k][j]; a series without CV errors keeps its totals. */
static void tot_apply(fc_result *r, const double lam[FC_NTOTALS][FC_MAX_QUANTILES])
{
	for (int k = 0; k < FC_NTOTALS; k++) {
		double *q = r->total_quant + k * FC_MAX_QUANTILES, prev = 0.0;
		for (int j = 0; j < r->nq; j++) {
			double x = r->total_mean[k] + lam[k][j] * (q[j] - r->total_mean[k]);
			if (r->q[j] == 0.5)
				x = q[j];
			if (x < prev)
				x = prev;
			q[j] = x;
			prev = x;
		}
	}
}

/* Calibrates the totals of out[0..n-1] on their pooled fold scores (in series order:
 * the same for any thread count). */
static int tot_calibrate(fc_result *out, const pending *pd, int n)
{
	cal_hist *hist = calloc(FC_NTOTALS, sizeof *hist);
	if (!hist)
		return FC_ENOMEM;
	for (int i = 0; i < n; i++)
		tot_scores(&out[i], &pd[i], hist);
	double lam[FC_NTOTALS][FC_MAX_QUANTILES];
	for (int k = 0; k < FC_NTOTALS; k++)
		cal_solve(&hist[k], out[0].q, out[0].nq, lam[k]);
	for (int i = 0; i < n; i++)
		if (pd[i].tnf[0] > 0)
			tot_apply(&out[i], lam);
	free(hist);
	return FC_OK;
}

/* Third pass for one series: its intervals and totals with the multipliers lam. */
static int finish_one(fc_result *r, pending *pd, const cal_lam *lam)
{
	if (!pd->res)
		return FC_OK;
	size_t N = (size_t)pd->rows * (size_t)pd->hv;
	double *work = malloc(sizeof *work * work_size(N, pd->npaths));
	int rc = FC_ENOMEM;
	if (work) {
		make_intervals(r, pd->res, &pd->es, pd->rows, pd->hv, 1.0, pd->npaths, pd->seed,
		               work, lam);
		rc = FC_OK;
	}
	free(work);
	free(pd->res);
	pd->res = NULL;
	return rc;
}

/* The reason a model asked for by name (NULL under auto) was replaced, from its failure
 * code on the whole history (fold = 0) or on a validation fold (fold = 1). A global model
 * without state had too little history to train on (fc_gbm_train / fc_lstm_train). */
static void asked_reason(char *buf, const fc_model_def *m, int rc, int fold, int N)
{
	if (!m)
		snprintf(buf, FC_REASON_MAX, "history too short for validation");
	else if (rc == FC_ENODATA && m->prepare && m != &fc_model_prophet)
		snprintf(buf, FC_REASON_MAX,
		         fold ? "%s: too little history before the validation folds to train the "
		                "global model on"
		              : "%s: too little history to train the global model (at least 5 "
		                "series long enough for the horizon are needed)",
		         m->name);
	else if (rc == FC_ENODATA)
		snprintf(buf, FC_REASON_MAX, "%s: history too short for this model", m->name);
	else if (N == 0)
		snprintf(buf, FC_REASON_MAX, "history too short for validation");
	else
		snprintf(buf, FC_REASON_MAX, "%s could not be fitted (%s)", m->name,
		         fc_strerror(rc));
}

/* The result's arrays and quantile levels. */
static int result_start(fc_result *out, const fc_options *opt, int h)
{
	out->horizon = h;
	out->nq = opt->nquantiles > 0 ? opt->nquantiles : 3;
	if (opt->nquantiles > 0)
		memcpy(out->q, opt->quantiles, sizeof(double) * (size_t)out->nq);
	else
		out->q[0] = 0.1, out->q[1] = 0.5, out->q[2] = 0.9;
	out->mean = calloc((size_t)h, sizeof *out->mean);
	out->quant = calloc((size_t)h * (size_t)out->nq, sizeof *out->quant);
	return out->mean && out->quant ? FC_OK : FC_ENOMEM;
}

/* Clean input: negative or non-finite days are treated as no sales (said in the reason). */
static int series_clean(swork *s, fc_result *out)
{
	int n = s->n, bad = 0;
	s->y = malloc(sizeof *s->y * (size_t)(n > 0 ? n : 1));
	if (!s->y)
		return FC_ENOMEM;
	for (int i = 0; i < n; i++) {
		double v = s->yin[i];
		if (!isfinite(v) || v < 0) {
			v = 0.0;
			bad++;
		}
		s->y[i] = v;
		if (v > 0)
			s->nz++;
		if (v > s->ymax)
			s->ymax = v;
		s->ysum += v;
	}
	if (bad)
		snprintf(out->reason, FC_REASON_MAX, "%d invalid days treated as zero", bad);
	return FC_OK;
}

/* Degenerate histories (none, no sales, one constant value) are answered directly, with
 * the reason. Returns 1 when answered. */
static int answer_degenerate(const swork *s, fc_result *out)
{
	int n = s->n, h = s->h;
	const double *y = s->y;
	if (n == 0 || s->nz == 0) {
		snprintf(out->model, FC_NAME_MAX, "zero");
		snprintf(out->reason, FC_REASON_MAX, n == 0 ? "no history" : "no sales in history");
		fill_flat(out, 0.0);
		make_intervals(out, NULL, &(fc_errscale){.c = 1.0}, 0, 0, 1.0, 1, 0, (double[8]){0},
		               NULL);
		return 1;
	}
	for (int i = 1; i < n; i++)
		if (y[i] != y[0])
			return 0;
	snprintf(out->model, FC_NAME_MAX, "naive");
	snprintf(out->reason, FC_REASON_MAX, "constant history");
	fill_flat(out, y[0]);
	for (int t = 0; t < h; t++)
		for (int j = 0; j < out->nq; j++)
			out->quant[t * out->nq + j] = y[0];
	for (int k = 0; k < FC_NTOTALS; k++) {
		out->total_days[k] = (k + 1) * 30 < h ? (k + 1) * 30 : h;
		out->total_mean[k] = y[0] * out->total_days[k];
		for (int j = 0; j < out->nq; j++)
			out->total_quant[k * FC_MAX_QUANTILES + j] = out->total_mean[k];
	}
	return 1;
}

/* Isolated huge spikes (a one-off bulk order, a data error) would be taken as the new
 * level by every smoothing model when they fall near the origin. Models see the last
 * WINSOR_W days before each fit's origin with values above a robust cap (upper quartile
 * of the selling days plus k interquartile ranges) clipped to it; CV errors are still
 * measured on raw values. Older days stay as they were: bulk orders spread over the
 * history are part of the demand, and capping them all took a seventh of the volume of
 * the median retail item out of every level (its forecasts biased low: RMSE on the
 * retail data 23.58 -> 23.46 at h90 with the window, MASE within 1 %). The one exception
 * is a one-off order (fc_spike.h): a single day ten times any other is winsorised wherever
 * it falls, for the fits and for the error pools the bands are drawn from. */
static int cap_spikes(swork *s)
{
	int n = s->n;
	s->yw = malloc(sizeof *s->yw * (size_t)n);
	s->yfold = malloc(sizeof *s->yfold * (size_t)n);
	if (!s->yw || !s->yfold)
		return FC_ENOMEM;
	memcpy(s->yw, s->y, sizeof *s->yw * (size_t)n);
	s->spike = fc_oneoff_spike(s->y, n, &s->spike_to);
	if (s->spike >= 0)
		s->yw[s->spike] = s->spike_to;
	s->capv = INFINITY; /* none when too few selling days */
	double k = WINSOR_K;
	if (!(k > 0 && s->nz >= 8))
		return FC_OK;
	double *nzv = malloc(sizeof *nzv * (size_t)s->nz);
	if (!nzv)
		return FC_ENOMEM;
	int m = 0;
	for (int i = 0; i < n; i++)
		if (s->y[i] > 0)
			nzv[m++] = s->y[i];
	qsort(nzv, (size_t)m, sizeof *nzv, cmp_double);
	double q1 = quantile_sorted(nzv, m, 0.25), q3 = quantile_sorted(nzv, m, 0.75);
	s->capv = q3 + k * (q3 - q1 > 1.0 ? q3 - q1 : 1.0);
	free(nzv);
	clip_recent(s->yw, n, s->capv);
	return FC_OK;
}

/* The candidates: under auto every model that suits the history and the options, else
 * the one asked for by name. */
static int list_candidates(swork *s)
{
	const fc_options *opt = s->opt;
	s->cands = calloc(FC_MAX_CANDIDATES, sizeof *s->cands);
	if (!s->cands)
		return FC_ENOMEM;
	if (!s->want_auto) {
		const fc_model_def *m = fc_model_find(opt->model);
		if (!m)
			return FC_ENOMODEL;
		s->cands[0].m[0] = m;
		s->cands[0].nm = 1;
		s->nc = 1;
		return FC_OK;
	}
	const fc_model_def *const *all = fc_model_all();
	for (int i = 0; all[i] && s->nc < FC_MAX_CANDIDATES - MAX_COMBO; i++) {
		/* naive is never competitive on daily data; SBA dominates classic Croston */
		if (all[i] == &fc_model_naive || all[i] == &fc_model_croston)
			continue;
		if (s->n < all[i]->min_n)
			continue;
		/* the full searches cost 100x the rest together: only on request */
		if ((all[i] == &fc_model_ets || all[i] == &fc_model_arima) && !opt->full_search)
			continue;
		if (all[i] == &fc_model_etsq && opt->full_search)
			continue;
		if (!fc_model_in_set(all[i], opt))
			continue;
		s->cands[s->nc].m[0] = all[i];
		s->cands[s->nc].nm = 1;
		s->nc++;
	}
	return FC_OK;
}

/* Fits every candidate on the whole history first: that forecast is the answer if the
 * candidate wins, and its form (for models that search one) is reused on the folds. Also
 * lays out the validation folds. */
static int fit_whole(swork *s)
{
	/* A slow model asked for by name is validated on one fold only: the fold serves the
	 * intervals, there is no choice to make, and each fold costs a full fit. */
	int folds = s->opt->cv_origins > 0 ? s->opt->cv_origins : 3;
	if (!s->want_auto && s->cands[0].m[0]->heavy)
		folds = 1;
	plan_cv(s->n, s->h, folds, &s->plan);
	s->N = s->plan.K * s->plan.hv;
	s->finbuf = calloc((size_t)(s->nc + MAX_COMBO) * (size_t)s->h, sizeof *s->finbuf);
	if (!s->finbuf)
		return FC_ENOMEM;
	for (int c = 0; c < s->nc; c++) {
		cand *cd = &s->cands[c];
		cd->fin = s->finbuf + (size_t)c * s->h;
		int r = run_model(cd->m[0], s->states, model_index(cd->m[0]), s->index, s->yw, s->n,
		                  s->period, s->h, s->ymax, cd->fin, cd->form);
		if (c == 0 && !s->want_auto)
			s->asked_rc = r, s->asked_fold = 0;
		if (r == FC_ENOMEM)
			return r;
		cd->ok = r == FC_OK;
	}
	return FC_OK;
}

/* The actual days of the folds, and the scales of the scores (mean and root mean square
 * of those days; the history's mean when they are all zero). */
static int fold_actuals(swork *s)
{
	int N = s->N;
	s->cvbuf = calloc((size_t)(s->nc + MAX_COMBO) * (size_t)N, sizeof *s->cvbuf);
	s->act = calloc((size_t)N, sizeof *s->act);
	s->actw = calloc((size_t)N, sizeof *s->actw);
	if (!s->cvbuf || !s->act || !s->actw)
		return FC_ENOMEM;
	double a1 = 0.0, a2 = 0.0;
	for (int f = 0; f < s->plan.K; f++)
		for (int t = 0; t < s->plan.hv; t++) {
			int day = s->plan.origin[f] + t;
			double v = s->y[day];
			s->act[f * s->plan.hv + t] = v;
			s->actw[f * s->plan.hv + t] = day == s->spike ? s->spike_to : v;
			a1 += v;
			a2 += v * v;
		}
	double mean = s->ysum / s->n;
	s->sA = a1 / N > 1e-9 ? a1 / N : mean;
	s->sR = sqrt(a2 / N) > 1e-9 ? sqrt(a2 / N) : mean;
	return FC_OK;
}

/* Rolling-origin cross-validation of candidate c: each fold refits on the days before its
 * origin (their own recent days capped) and forecasts the fold's days. */
static int validate_candidate(swork *s, int c)
{
	cand *cd = &s->cands[c];
	cd->cv = s->cvbuf + (size_t)c * s->N;
	int mi = model_index(cd->m[0]);
	for (int f = 0; f < s->plan.K && cd->ok; f++) {
		int o = s->plan.origin[f];
		double fmax = 0.0;
		for (int i = 0; i < o && i < s->n; i++)
			fmax = s->y[i] > fmax ? s->y[i] : fmax;
		char hint[FC_NAME_MAX];
		memcpy(hint, cd->form, sizeof hint);
		memcpy(s->yfold, s->y, sizeof *s->yfold * (size_t)o);
		if (s->spike >= 0 && s->spike < o)
			s->yfold[s->spike] = s->spike_to;
		clip_recent(s->yfold, o, s->capv);
		int r = run_model(cd->m[0], s->states, mi, s->index, s->yfold, o, s->period,
		                  s->plan.hv, fmax, cd->cv + f * s->plan.hv, hint);
		if (r == FC_ENOMEM)
			return r;
		if (r != FC_OK) {
			if (c == 0 && !s->want_auto && s->asked_rc == FC_OK)
				s->asked_rc = r, s->asked_fold = 1;
			cd->ok = 0;
		}
	}
	if (cd->ok)
		cand_score(cd, s->act, s->N, s->sA, s->sR, s->mscale);
	return FC_OK;
}

/* Cross-validates and scores every candidate (MASE against the seasonal naive's
 * in-sample errors before the earliest fold, on the raw input). */
static int cross_validate(swork *s)
{
	int rc = fold_actuals(s);
	for (int c = 0; c < s->nc && rc == FC_OK; c++)
		rc = validate_candidate(s, c);
	if (rc != FC_OK)
		return rc;
	int first = s->plan.origin[s->plan.K - 1];
	s->mscale = snaive_scale(s->yin, first < s->n ? first : s->n, s->period);
	for (int c = 0; c < s->nc; c++)
		s->cands[c].mase = s->mscale > 0.0 ? s->cands[c].mae / s->mscale : -1.0;
	return FC_OK;
}

/* First step for one series: a degenerate history is answered at once; otherwise every
 * candidate is fitted and cross-validated, and the rest waits in pd->sw for choose_one. */
static int forecast_cv(const double *yin, int n, const fc_options *opt, int index,
                       void *const *states, fc_result *out, pending *pd)
{
	memset(out, 0, sizeof *out);
	memset(pd, 0, sizeof *pd);
	swork *s = calloc(1, sizeof *s);
	if (!s)
		return FC_ENOMEM;
	*s = (swork){.yin = yin,
	             .n = n,
	             .h = opt->horizon,
	             .period = opt->period > 0 ? opt->period : 7,
	             .index = index,
	             .npaths = opt->npaths > 0 ? opt->npaths : 400,
	             .want_auto = !opt->model || strcmp(opt->model, "auto") == 0,
	             .opt = opt,
	             .states = states,
	             .sA = 1.0,
	             .sR = 1.0,
	             .spike = -1,
	             .asked_rc = FC_OK};
	int rc = result_start(out, opt, s->h);
	if (rc == FC_OK)
		rc = series_clean(s, out);
	if (rc == FC_OK && !answer_degenerate(s, out)) {
		rc = cap_spikes(s);
		if (rc == FC_OK)
			rc = list_candidates(s);
		if (rc == FC_OK)
			rc = fit_whole(s);
		if (rc == FC_OK && s->N > 0)
			rc = cross_validate(s);
		if (rc == FC_OK) {
			/* the choice waits for the batch's pooled evidence (choose_one) */
			s->cls = demand_class(s->y, n);
			s->yin = NULL;
			free(s->yfold);
			s->yfold = NULL;
			pd->sw = s;
			s = NULL;
		}
	}
	swork_free(s);
	if (rc != FC_OK)
		fc_result_free(out);
	return rc;
}

/* Adds the equal-weight combinations of the best two and three singles (already ranked)
 * as candidates of their own. */
static void add_combinations(swork *s, int nok)
{
	int ns = s->nc, N = s->N, h = s->h;
	for (int k = 2; k <= MAX_COMBO && k <= nok; k++) {
		cand *c = &s->cands[s->nc];
		c->nm = k;
		c->ok = 1;
		c->cv = s->cvbuf + (size_t)(ns + k - 2) * N;
		c->fin = s->finbuf + (size_t)(ns + k - 2) * h;
		for (int i = 0; i < k; i++)
			c->m[i] = s->cands[i].m[0];
		for (int p = 0; p < N; p++) {
			double sum = 0.0;
			for (int i = 0; i < k; i++)
				sum += s->cands[i].cv[p];
			c->cv[p] = sum / k;
		}
		for (int t = 0; t < h; t++) {
			double sum = 0.0;
			for (int i = 0; i < k; i++)
				sum += s->cands[i].fin[t];
			c->fin[t] = sum / k;
		}
		cand_score(c, s->act, N, s->sA, s->sR, s->mscale);
		c->rank = log(c->score > 1e-12 ? c->score : 1e-12) - s->cands[0].rank_base;
		s->nc++;
	}
}

/* Ranks the validated candidates (with the batch's pooled evidence under auto, unless
 * turned off); under auto puts the combination of the best singles first. */
static void rank_candidates(swork *s, const sel_pool *pool)
{
	cand *cands = s->cands;
	/* With two or three folds the CV ranking is noisy; the weekly-profile model is the
	 * most robust single model for daily retail, so another must beat it by a small
	 * margin (a few percent of RMSE) to be chosen instead. */
	if (s->want_auto)
		for (int c = 0; c < s->nc; c++)
			if (cands[c].m[0] == &fc_model_dow)
				cands[c].bonus = DOW_BONUS;
	rank_singles(cands, s->nc, s->want_auto && !s->opt->unpooled ? pool : NULL, s->cls);
	qsort(cands, (size_t)s->nc, sizeof *cands, cmp_cand);
	int nok = 0;
	while (nok < s->nc && cands[nok].ok)
		nok++;
	if (!s->want_auto)
		return;
	add_combinations(s, nok);
	/* The answer is the mean of the best MAX_COMBO singles, not whichever candidate
	 * scored best: with two or three folds the ranking is noisy, and a winner picked
	 * among twenty candidates on it mostly won by luck. Averaging the leaders keeps what
	 * the ranking knows and cancels much of the noise (the forecast-combination puzzle).
	 * Measured on both dev data sets at horizons 28 and 90 against choosing among singles
	 * and pairs by score: MASE and RMSE lower in three of the four cases, and within
	 * 0.1 % in the fourth. */
	qsort(cands, (size_t)s->nc, sizeof *cands, cmp_cand);
	int want = nok < MAX_COMBO ? nok : MAX_COMBO;
	for (int c = 1; c < s->nc && want > 1; c++)
		if (cands[c].nm == want) {
			cand t = cands[c];
			memmove(cands + 1, cands, sizeof *cands * (size_t)c);
			cands[0] = t;
			break;
		}
}

static void report_candidates(const swork *s, fc_result *out)
{
	out->ncand = s->nc;
	for (int c = 0; c < s->nc; c++) {
		const cand *cd = &s->cands[c];
		fc_candidate *oc = &out->cand[c];
		cand_name(cd, oc->name);
		oc->ok = s->N > 0 && cd->ok;
		oc->cv_mae = oc->ok ? cd->mae : -1;
		oc->cv_rmse = oc->ok ? cd->rmse : -1;
		oc->score = oc->ok ? cd->score : -1;
		oc->cv_bias = oc->ok ? cd->bias : 0.0;
		oc->cv_wape = oc->ok ? cd->wape : -1;
		oc->cv_mase = oc->ok ? cd->mase : -1;
	}
}

/* The choice: the best validated candidate; without folds, an asked model that fits;
 * else the simple robust models in turn, and the mean as the last resort. *chosen = 0
 * when the answer is cands[0] (its CV errors then serve the intervals). */
static int choose_answer(swork *s, fc_result *out, int *chosen)
{
	*chosen = -1;
	const cand *best = &s->cands[0];
	if (best->ok && (s->N > 0 || !s->want_auto)) {
		*chosen = 0;
		memcpy(out->mean, best->fin, sizeof *out->mean * (size_t)s->h);
		cand_name(best, out->model);
		if (best->nm == 1)
			snprintf(out->detail, FC_NAME_MAX, "%s", best->form);
		return FC_OK;
	}
	static const fc_model_def *const chain[] = {&fc_model_dow, &fc_model_tsb, &fc_model_wavg};
	for (int i = 0; i < 3; i++) {
		int r = run_model(chain[i], s->states, model_index(chain[i]), s->index, s->yw, s->n,
		                  s->period, s->h, s->ymax, out->mean, NULL);
		if (r == FC_ENOMEM)
			return r;
		if (r == FC_OK) {
			*chosen = 99;
			snprintf(out->model, FC_NAME_MAX, "%s", chain[i]->name);
			if (!out->reason[0])
				asked_reason(out->reason, s->want_auto ? NULL : best->m[0],
				             s->asked_rc, s->asked_fold, s->N);
			return FC_OK;
		}
	}
	fill_flat(out, s->ysum / s->n);
	snprintf(out->model, FC_NAME_MAX, "mean");
	snprintf(out->reason, FC_REASON_MAX, "no model could be fitted");
	return FC_OK;
}

/* A forecast is never negative or non-finite; a series that stopped selling says so (TSB
 * and the CV errors already pull the level down). */
static void tidy_answer(const swork *s, fc_result *out)
{
	for (int t = 0; t < s->h; t++)
		if (!isfinite(out->mean[t]) || out->mean[t] < 0)
			out->mean[t] = 0.0;
	int lastsale = s->n - 1;
	while (lastsale >= 0 && s->y[lastsale] <= 0)
		lastsale--;
	if (!out->reason[0] && s->n - 1 - lastsale >= 56)
		snprintf(out->reason, FC_REASON_MAX, "no sales in the last %d days",
		         s->n - 1 - lastsale);
}

/* Interval errors: the chosen candidate's CV errors, joined by those of the next best
 * ones. The winner's own errors are optimistic (it won partly by luck on these very
 * folds); its close rivals' errors are an honest sample of what such a model misses, and
 * pooling them also gives more points for the tails. Those errors wait in *pd for the
 * batch's calibration (finish_one, tot_calibrate); without enough of them the intervals
 * come now from a count distribution with the history's variance-to-mean ratio. */
static int interval_errors(const swork *s, int chosen, fc_result *out, pending *pd, cal_set *hist)
{
	int N = s->N, useres = chosen == 0 && N >= MIN_RESID, M = 1;
	if (useres)
		while (M < POOL_M && M < s->nc && s->cands[M].ok)
			M++;
	size_t rows = (size_t)(N > 0 ? N : 1) * (size_t)M;
	double *res = malloc(sizeof *res * rows);
	double *cvres = malloc(sizeof *cvres * rows);
	double *work = malloc(sizeof *work * work_size(rows, s->npaths));
	int rc = res && cvres && work ? FC_OK : FC_ENOMEM;
	unsigned long long seed = s->opt->seed + (unsigned long long)s->index;
	if (rc == FC_OK && useres) {
		for (int m = 0; m < M; m++)
			for (int p = 0; p < N; p++) {
				res[m * N + p] = s->actw[p] - s->cands[m].cv[p];
				cvres[m * N + p] = s->cands[m].cv[p];
			}
		pd->es.order = 0.0;
		if (scale_jumps(out->mean, s->h, cvres, N * M) && fc_is_lumpy(s->yw, s->n))
			pd->es = standardise_lumpy(res, s->plan.K * M, &s->plan, s->yw, s->n);
		if (!(pd->es.order > 0))
			pd->es = standardise(res, cvres, N * M);
		cal_scores(res, M, s->plan.K, s->plan.hv, out->q, out->nq, hist, work);
		pd->res = res;
		res = NULL;
		pd->rows = s->plan.K * M;
		pd->hv = s->plan.hv;
		pd->npaths = s->npaths;
		pd->seed = seed;
		tot_fold_errors(pd, s->actw, s->cands, M, &s->plan, s->h);
	} else if (rc == FC_OK) {
		/* variance-to-mean ratio of the history (its one-off spike winsorised) sets the
		 * count distribution's spread */
		double m = s->ysum, v = 0.0;
		if (s->spike >= 0)
			m -= s->y[s->spike] - s->spike_to;
		m /= s->n;
		for (int i = 0; i < s->n; i++) {
			double yi = i == s->spike ? s->spike_to : s->y[i];
			v += (yi - m) * (yi - m);
		}
		v = s->n > 1 ? v / (s->n - 1) : m;
		double vr = m > 0 && v > m ? v / m : 1.0;
		make_intervals(out, res, &(fc_errscale){.c = 1.0}, 0, 0, vr, s->npaths, seed, work,
		               NULL);
	}
	free(res);
	free(cvres);
	free(work);
	return rc;
}

/* Second step for one series: ranks its candidates with the batch's pooled evidence,
 * forms the combination, and either finishes the series or leaves its CV error pool in
 * *pd for finish_one (adding its leave-one-fold-out scores to *hist). */
static int choose_one(const fc_options *opt, void *const *states, fc_result *out, pending *pd,
                      cal_set *hist, const sel_pool *pool)
{
	swork *s = pd->sw;
	if (!s)
		return FC_OK; /* finished in the first step */
	pd->sw = NULL;
	s->opt = opt;
	s->states = states;
	if (s->N > 0)
		rank_candidates(s, pool);
	report_candidates(s, out);
	int chosen = -1;
	int rc = choose_answer(s, out, &chosen);
	if (rc == FC_OK) {
		tidy_answer(s, out);
		rc = interval_errors(s, chosen, out, pd, hist);
	}
	swork_free(s);
	if (rc != FC_OK)
		fc_result_free(out);
	return rc;
}

int fc_min_history(const fc_options *opt)
{
	if (!opt || opt->horizon < 1 || opt->horizon > FC_MAX_HORIZON)
		return FC_EINVAL;
	/* plan_cv's first fold: hv = min(horizon, n / 3) days, at least a week, after at
	 * least MIN_TRAIN days (a longer history never loses it; the unit tests hold the two
	 * together) */
	for (int n = 1;; n++) {
		int hv = opt->horizon < n / 3 ? opt->horizon : n / 3;
		if (hv >= 7 && n - hv >= MIN_TRAIN)
			return n;
	}
}

static int check_options(const fc_options *opt)
{
	if (!opt || opt->horizon < 1 || opt->horizon > FC_MAX_HORIZON)
		return FC_EINVAL;
	if (opt->nquantiles < 0 || opt->nquantiles > FC_MAX_QUANTILES)
		return FC_EINVAL;
	for (int j = 0; j < opt->nquantiles; j++) {
		if (!(opt->quantiles[j] > 0.0 && opt->quantiles[j] < 1.0))
			return FC_EINVAL;
		if (j && opt->quantiles[j] <= opt->quantiles[j - 1])
			return FC_EINVAL;
	}
	if (opt->period < 0 || opt->period > 64)
		return FC_EINVAL;
	if (opt->npaths < 0 || opt->npaths > 100000)
		return FC_EINVAL;
	if (opt->model && strcmp(opt->model, "auto") != 0 && !fc_model_find(opt->model))
		return FC_ENOMODEL;
	return FC_OK;
}

/* ------------------------------------------------------------------ batch */

/* The batch runs in three passes over the series, each shared by the worker threads: the
 * fits and cross-validation; then (the relative scores pooled over the batch in series
 * order, so the same for any thread count) the choices, each worker counting calibration
 * scores in its own histogram, merged after; then, with the multipliers solved from the
 * pooled scores, the intervals. */
typedef struct batch {
	const double *const *ys;
	const int *ns;
	int nseries;
	const fc_options *opt;
	void *const *states;
	fc_result *out;
	pending *pd;
	int phase; /* 1: fits and CV, 2: choices, 3: intervals */
	sel_pool *pool;
	cal_lam lam;
	cal_set *hist; /* pooled scores (phase 2) */
	pthread_mutex_t mu;
	atomic_int next;
	atomic_int err;
	atomic_int done; /* series through phase 1, for opt->progress */
} batch;

static void *worker(void *arg)
{
	batch *b = arg;
	cal_set *own = NULL;
	if (b->phase == 2 && !(own = calloc(1, sizeof *own))) {
		int z = 0;
		atomic_compare_exchange_strong(&b->err, &z, FC_ENOMEM);
		return NULL;
	}
	for (;;) {
		int i = atomic_fetch_add(&b->next, 1);
		if (i >= b->nseries || atomic_load(&b->err))
			break;
		int rc;
		if (b->phase == 1)
			rc = forecast_cv(b->ys[i], b->ns[i], b->opt, i, b->states, &b->out[i],
			                 &b->pd[i]);
		else if (b->phase == 2)
			rc = choose_one(b->opt, b->states, &b->out[i], &b->pd[i], own, b->pool);
		else
			rc = finish_one(&b->out[i], &b->pd[i],
			                b->opt->uncalibrated ? NULL : &b->lam);
		if (rc == FC_OK && b->phase == 2 && b->opt->progress &&
		    b->opt->progress(b->opt->progress_arg, atomic_fetch_add(&b->done, 1) + 1,
		                     b->nseries) != 0)
			rc = FC_ECANCELED;
		if (rc != FC_OK) {
			int z = 0;
			atomic_compare_exchange_strong(&b->err, &z, rc);
		}
	}
	if (own) {
		/* integer counts: the merged total is the same whichever worker saw what */
		pthread_mutex_lock(&b->mu);
		cal_set_merge(b->hist, own, FC_MAX_QUANTILES);
		pthread_mutex_unlock(&b->mu);
		free(own);
	}
	return NULL;
}

/* Runs one phase of the batch on nt threads (the caller's included). */
static void run_phase(batch *b, int phase, int nt)
{
	b->phase = phase;
	atomic_store(&b->next, 0);
	pthread_t th[64];
	int started = 0;
	for (int i = 1; i < nt; i++)
		if (pthread_create(&th[started], NULL, worker, b) == 0)
			started++;
	worker(b);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
}

/* Global models learn from every series once (or come from opt->trained); the states are
 * shared read-only. */
static int prepare_states(const double *const *ys, const int *ns, int nseries,
                          const fc_options *opt, void ***states_out)
{
	/* models trained for a shorter horizon have no outputs (LSTM) or rows (trees) for
	 * the later days */
	if (opt->trained && fc_trained_horizon(opt->trained) < opt->horizon)
		return FC_EINVAL;
	const fc_model_def *const *all = fc_model_all();
	int nm = 0;
	while (all[nm])
		nm++;
	void **st = calloc((size_t)nm + 1, sizeof *st);
	if (!st)
		return FC_ENOMEM;
	int want_auto = !opt->model || strcmp(opt->model, "auto") == 0;
	for (int i = 0; i < nm; i++) {
		if (!all[i]->prepare)
			continue;
		if (!want_auto && strcmp(opt->model, all[i]->name) != 0)
			continue;
		if (want_auto && !fc_model_in_set(all[i], opt))
			continue;
		int rc = all[i]->prepare(ys, ns, nseries, opt, &st[i]);
		if (rc == FC_ENOMEM) {
			for (int k = 0; k < i; k++)
				if (st[k] && all[k]->release)
					all[k]->release(st[k]);
			free(st);
			return rc;
		}
	}
	*states_out = st;
	return FC_OK;
}

static void release_states(void **st)
{
	if (!st)
		return;
	const fc_model_def *const *all = fc_model_all();
	for (int i = 0; all[i]; i++)
		if (st[i] && all[i]->release)
			all[i]->release(st[i]);
	free(st);
}

int fc_forecast(const double *y, int n, const fc_options *opt, int index, fc_result *out)
{
	if (!out || (n > 0 && !y) || n < 0)
		return FC_EINVAL;
	int rc = check_options(opt);
	if (rc)
		return rc;
	const double *ys[1] = {y};
	int ns[1] = {n};
	void **st = NULL;
	rc = prepare_states(ys, ns, 1, opt, &st);
	if (rc)
		return rc;
	/* alone, a series is calibrated on its own folds (no change when it has too few) and
	 * ranks its candidates on its own scores (a pool of one shrinks toward itself) */
	cal_set *hist = calloc(1, sizeof *hist);
	pending pd = {0};
	rc = hist ? forecast_cv(y, n, opt, index, st, out, &pd) : FC_ENOMEM;
	if (rc == FC_OK)
		rc = choose_one(opt, st, out, &pd, hist, NULL);
	if (rc == FC_OK) {
		cal_lam lam;
		cal_set_solve(hist, out->q, out->nq, &lam);
		rc = finish_one(out, &pd, opt->uncalibrated ? NULL : &lam);
		if (rc != FC_OK)
			fc_result_free(out);
	}
	free(hist);
	release_states(st);
	return rc;
}

int fc_forecast_batch(const double *const *ys, const int *ns, int nseries, const fc_options *opt,
                      fc_result *out)
{
	if (nseries < 0 || (nseries > 0 && (!ys || !ns || !out)))
		return FC_EINVAL;
	int rc = check_options(opt);
	if (rc)
		return rc;
	for (int i = 0; i < nseries; i++)
		if (ns[i] < 0 || (ns[i] > 0 && !ys[i]))
			return FC_EINVAL;
	if (nseries == 0)
		return FC_OK;
	memset(out, 0, sizeof *out * (size_t)nseries);
	void **st = NULL;
	rc = prepare_states(ys, ns, nseries, opt, &st);
	if (rc)
		return rc;
	batch b = {.ys = ys, .ns = ns, .nseries = nseries, .opt = opt, .states = st, .out = out};
	b.pd = calloc((size_t)nseries, sizeof *b.pd);
	b.hist = calloc(1, sizeof *b.hist);
	b.pool = calloc(1, sizeof *b.pool);
	if (!b.pd || !b.hist || !b.pool || pthread_mutex_init(&b.mu, NULL) != 0) {
		free(b.pd);
		free(b.hist);
		free(b.pool);
		release_states(st);
		return FC_ENOMEM;
	}
	atomic_init(&b.next, 0);
	atomic_init(&b.err, 0);
	atomic_init(&b.done, 0);
	int nt = opt->nthreads > 0 ? opt->nthreads : 2;
	if (nt > 64)
		nt = 64;
	run_phase(&b, 1, nt);
	if (!atomic_load(&b.err)) {
		for (int i = 0; i < nseries; i++)
			pool_add(b.pool, b.pd[i].sw);
		run_phase(&b, 2, nt);
	}
	release_states(st);
	if (!atomic_load(&b.err)) {
		cal_set_solve(b.hist, out[0].q, out[0].nq, &b.lam);
		run_phase(&b, 3, nt);
	}
	if (!atomic_load(&b.err) && !opt->uncalibrated) {
		int trc = tot_calibrate(out, b.pd, nseries);
		if (trc != FC_OK)
			atomic_store(&b.err, trc);
	}
	pthread_mutex_destroy(&b.mu);
	rc = atomic_load(&b.err);
	for (int i = 0; i < nseries; i++) {
		free(b.pd[i].res);
		swork_free(b.pd[i].sw);
		if (rc)
			fc_result_free(&out[i]);
	}
	free(b.pd);
	free(b.hist);
	free(b.pool);
	return rc;
}
