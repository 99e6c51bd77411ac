/* test_fc_models.c — the engine's own models on small series whose forecasts can be
 * worked out by hand (naive, seasonal naive, window average, day-of-week profile,
 * Croston/SBA, TSB, ADIDA, IMAPA, the SES fit), and the metrics the backtests report. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fc_model.h"
#include "forecast.h"

static int run(const char *name, const double *y, int n, int h, double *mean)
{
	const fc_model_def *m = fc_model_find(name);
	assert_non_null(m);
	return m->forecast(NULL, 0, y, n, 7, h, mean, NULL);
}

static void simple_models_by_hand(void **state)
{
	(void)state;
	double y[28], f[10];
	for (int i = 0; i < 28; i++)
		y[i] = i + 1;
	assert_int_equal(run("naive", y, 28, 3, f), FC_OK);
	assert_true(f[0] == 28 && f[2] == 28);
	assert_int_equal(run("snaive", y, 28, 10, f), FC_OK);
	/* the last week is 22..28; day 8 of the horizon repeats day 1 */
	assert_true(f[0] == 22 && f[6] == 28 && f[7] == 22 && f[9] == 24);
	assert_int_equal(run("snaive", y, 6, 3, f), FC_ENODATA);
	assert_int_equal(run("wavg", y, 28, 2, f), FC_OK);
	assert_float_equal(f[0], 14.5, 1e-12); /* mean of 1..28 */
	assert_int_equal(run("wavg", y, 10, 2, f), FC_OK);
	assert_float_equal(f[1], 5.5, 1e-12); /* shorter history: mean of all of it */
	/* lmean: the last 364 days, or all of a shorter history */
	double z[400];
	for (int i = 0; i < 400; i++)
		z[i] = i < 36 ? 1000.0 : (i % 2 ? 3.0 : 1.0);
	assert_int_equal(run("lmean", z, 400, 5, f), FC_OK);
	assert_float_equal(f[4], 2.0, 1e-12); /* the 1000s fall outside the year */
	assert_int_equal(run("lmean", z, 100, 1, f), FC_OK);
	assert_float_equal(f[0], (36 * 1000.0 + 64 * 2.0) / 100.0, 1e-9);
	/* under 8 weeks it would only repeat wavg: the engine does not try it */
	assert_int_equal(fc_model_find("lmean")->min_n, 56);
}

static void ses_fit_follows_level(void **state)
{
	(void)state;
	double y[60], a;
	for (int i = 0; i < 60; i++)
		y[i] = 4.0;
	assert_float_equal(fc_ses_fit(y, 60, &a), 4.0, 1e-12);
	for (int i = 30; i < 60; i++)
		y[i] = 10.0; /* a clean level shift: alpha near 1 */
	assert_float_equal(fc_ses_fit(y, 60, &a), 10.0, 1e-6);
	assert_true(a > 0.9);
	assert_float_equal(fc_ses_level(y, 60, 0.5), 10.0, 1e-6);
}

static void dow_keeps_weekly_shape(void **state)
{
	(void)state;
	double y[56], f[7];
	static const double week[7] = {1, 2, 3, 4, 5, 6, 14};
	for (int i = 0; i < 56; i++)
		y[i] = week[i % 7];
	assert_int_equal(run("dow", y, 56, 7, f), FC_OK);
	/* day 56 is cycle position 0; the shape survives the shrinkage towards flat */
	for (int t = 1; t < 7; t++)
		assert_true(f[t] > f[t - 1]);
	double s = 0;
	for (int t = 0; t < 7; t++)
		s += f[t];
	assert_float_equal(s, 35.0, 0.5); /* weekly total kept */
}

/* y = 0,0,4 repeated: every demand is 4 and every interval 3, whatever alpha. */
static void croston_sba_on_regular_intermittent(void **state)
{
	(void)state;
	double y[60], f[5], g[5];
	for (int i = 0; i < 60; i++)
		y[i] = i % 3 == 2 ? 4.0 : 0.0;
	assert_int_equal(run("croston", y, 60, 5, f), FC_OK);
	assert_float_equal(f[0], 4.0 / 3.0, 1e-9);
	assert_int_equal(run("sba", y, 60, 5, g), FC_OK);
	/* SBA deflates by (1 - alpha/2), alpha in [0.01, 0.5] */
	assert_true(g[0] < f[0] && g[0] >= f[0] * 0.75 - 1e-9);
	assert_int_equal(run("adida", y, 60, 5, f), FC_OK);
	assert_float_equal(f[0], 4.0 / 3.0, 1e-6); /* buckets of 3 days each hold one 4 */
	assert_int_equal(run("imapa", y, 60, 5, f), FC_OK);
	assert_true(f[0] > 1.0 && f[0] < 1.7);
	assert_int_equal(run("tsb", y, 60, 5, f), FC_OK);
	assert_true(f[0] > 0.9 && f[0] < 1.8);
}

/* A product that stopped selling: TSB decays, Croston does not (its known weakness). */
static void tsb_decays_after_last_sale(void **state)
{
	(void)state;
	double y[160], ft[1], fcr[1];
	for (int i = 0; i < 160; i++)
		y[i] = i < 100 ? (i % 2 ? 5.0 : 0.0) : 0.0;
	assert_int_equal(run("tsb", y, 160, 1, ft), FC_OK);
	assert_int_equal(run("croston", y, 160, 1, fcr), FC_OK);
	assert_true(ft[0] < 1.0);
	assert_true(fcr[0] > 2.0);
}

static void intermittent_models_on_no_demand(void **state)
{
	(void)state;
	double y[30] = {0}, f[3];
	static const char *names[] = {"croston", "sba", "tsb", "adida", "imapa"};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(run(names[i], y, 30, 3, f), FC_OK);
		assert_true(f[0] == 0.0 && f[2] == 0.0);
	}
}

static void registry_lists_every_model(void **state)
{
	(void)state;
	int n = 0;
	for (const char *const *p = fc_model_names(); *p; p++) {
		n++;
		if (strcmp(*p, "auto") != 0)
			assert_non_null(fc_model_find(*p));
	}
	assert_true(n >= 12);
	assert_null(fc_model_find("prophet-like-nonsense"));
}

static void metrics_by_hand(void **state)
{
	(void)state;
	double train[14], act[2] = {10, 10}, mean[2] = {12, 7}, lo[2] = {9, 8}, hi[2] = {11, 9};
	for (int i = 0; i < 14; i++)
		train[i] = i + 1; /* |y_t - y_{t-7}| = 7 */
	fc_metrics acc;
	memset(&acc, 0, sizeof acc);
	fc_accuracy one, sum;
	assert_int_equal(fc_metrics_add(&acc, train, 14, 7, act, mean, lo, hi, 2, &one), FC_OK);
	assert_float_equal(one.rmse, sqrt(6.5), 1e-12);
	assert_float_equal(one.mae, 2.5, 1e-12);
	assert_float_equal(one.mase, 2.5 / 7.0, 1e-12);
	assert_float_equal(one.wape, 0.25, 1e-12);
	assert_float_equal(one.bias, -0.5, 1e-12);
	assert_float_equal(one.coverage, 0.5, 1e-12);
	/* a second series with a flat history has no MASE scale: left out of the mean */
	double flat[14];
	for (int i = 0; i < 14; i++)
		flat[i] = 3;
	assert_int_equal(fc_metrics_add(&acc, flat, 14, 7, act, act, NULL, NULL, 2, &one), FC_OK);
	assert_true(one.mase < 0 && one.coverage < 0);
	fc_metrics_summary(&acc, &sum);
	assert_float_equal(sum.rmse, sqrt(13.0 / 4.0), 1e-12);
	assert_float_equal(sum.mase, 2.5 / 7.0, 1e-12);
	assert_float_equal(sum.coverage, 0.25, 1e-12);
	assert_int_equal(fc_metrics_add(&acc, train, 14, 7, act, mean, lo, hi, 0, &one), FC_EINVAL);
}

/* SES's in-sample squared error, one alpha at a time, as fc_models.c computed it before
 * its grid ran the alphas side by side. */
struct ses_ref {
	const double *x;
	int n;
};

static double ses_ref_sse(double a, void *p)
{
	const struct ses_ref *r = p;
	double l = r->x[0], s = 0.0;
	for (int i = 1; i < r->n; i++) {
		double e = r->x[i] - l;
		s += e * e;
		l += a * e;
	}
	return s;
}

/* The side-by-side grid (fc_min1d_grid) is a speed-up only: on lumpy and smooth series
 * SES's fitted alpha and level are the same bits as the minimiser fed one alpha at a time,
 * and a grid function that returns other values is followed (so the comparison can fail). */
static void min1d_grid_gives_the_same_bits(void **state)
{
	(void)state;
	static double x[400];
	uint64_t s = 99;
	for (int kind = 0; kind < 3; kind++) {
		for (int i = 0; i < 400; i++) {
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			double u = (double)(s >> 11) / 9007199254740992.0;
			x[i] = kind == 0   ? floor(10.0 + 6.0 * u)
			       : kind == 1 ? (u < 0.1 ? floor(40.0 * u) : 0.0)
			                   : 5.0 + 0.01 * i + u;
		}
		struct ses_ref r = {x, 400};
		double a_ref = fc_min1d(ses_ref_sse, &r, 0.01, 0.99), a = -1.0;
		double level = fc_ses_fit(x, 400, &a);
		assert_memory_equal(&a, &a_ref, sizeof a);
		double l_ref = fc_ses_level(x, 400, a_ref);
		assert_memory_equal(&level, &l_ref, sizeof level);
	}
}

static void flat_grid(const double *a, int na, void *arg, double *out)
{
	(void)a;
	(void)arg;
	for (int j = 0; j < na; j++)
		out[j] = j == 2 ? 0.0 : 1.0; /* a minimum at the third grid point */
}

static double rising(double a, void *arg)
{
	(void)arg;
	return a;
}

static void min1d_grid_values_are_used(void **state)
{
	(void)state;
	/* f alone has its minimum at lo; the grid's values put it at the third point */
	assert_float_equal(fc_min1d(rising, NULL, 0.0, 1.1), 0.0, 0.0);
	double g = fc_min1d_grid(rising, flat_grid, NULL, 0.0, 1.1);
	assert_true(g > 0.05 && g < 0.3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(simple_models_by_hand),
	        cmocka_unit_test(ses_fit_follows_level),
	        cmocka_unit_test(min1d_grid_gives_the_same_bits),
	        cmocka_unit_test(min1d_grid_values_are_used),
	        cmocka_unit_test(dow_keeps_weekly_shape),
	        cmocka_unit_test(croston_sba_on_regular_intermittent),
	        cmocka_unit_test(tsb_decays_after_last_sale),
	        cmocka_unit_test(intermittent_models_on_no_demand),
	        cmocka_unit_test(registry_lists_every_model),
	        cmocka_unit_test(metrics_by_hand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
