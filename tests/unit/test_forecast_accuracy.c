/* test_forecast_accuracy.c — the accuracy metrics on numbers worked out by hand: MAE, RMSE,
 * bias, WAPE (undefined when nothing sold), MASE against the 7-day seasonal naive scale
 * (undefined when the history is too short or the naive forecast was never wrong), the
 * pooling of a group (pooled errors, mean of the defined MASEs) and the deviation rule. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "forecast_accuracy.h"

#define EPS 1e-9

/* A: forecast 2 a day against 1, 3, 2, 4 sold; errors +1, −1, 0, −2. */
static const double fa_f[] = {2, 2, 2, 2}, fa_a[] = {1, 3, 2, 4};
/* A's history: the naive forecast misses by 2 on two of its seven days → scale 4/7. */
static const double fa_hist[] = {1, 2, 3, 4, 5, 6, 7, 3, 2, 3, 4, 5, 6, 9};

static void one_product(void **state)
{
	(void)state;
	struct fa_sums s = {0};
	fa_add_n(&s, fa_f, fa_a, 4);
	double scale = fa_naive_scale(fa_hist, 14);
	assert_true(fabs(scale - 4.0 / 7.0) < EPS);
	struct fa_metrics m;
	fa_metrics(&s, scale, &m);
	assert_int_equal(m.days, 4);
	assert_true(fabs(m.mae - 1.0) < EPS);        /* 4 / 4 */
	assert_true(fabs(m.rmse - sqrt(1.5)) < EPS); /* √(6 / 4) */
	assert_true(fabs(m.bias - -0.5) < EPS);      /* −2 / 4: under-forecast */
	assert_true(fabs(m.wape - 0.4) < EPS);       /* 4 / 10 */
	assert_true(fabs(m.mase - 1.75) < EPS);      /* 1 ÷ 4/7 */
	assert_true(fabs(m.actual - 10) < EPS && fabs(m.fcst - 8) < EPS);
}

static void zero_sales_and_flat_history(void **state)
{
	(void)state;
	/* B: forecast 1 a day, nothing sold; its history never changed */
	const double f[] = {1, 1}, a[] = {0, 0}, hist[] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
	struct fa_sums s = {0};
	fa_add_n(&s, f, a, 2);
	struct fa_metrics m;
	fa_metrics(&s, fa_naive_scale(hist, 9), &m);
	assert_true(fabs(m.mae - 1) < EPS && fabs(m.rmse - 1) < EPS && fabs(m.bias - 1) < EPS);
	assert_true(isnan(m.wape)); /* nothing sold */
	assert_true(isnan(m.mase)); /* scale 0 */
	/* too short a history for a weekly naive forecast */
	assert_true(isnan(fa_naive_scale(hist, 7)));
	assert_true(isnan(fa_naive_scale(NULL, 0)));
	/* no day passed: nothing is defined */
	struct fa_sums none = {0};
	fa_metrics(&none, 1.0, &m);
	assert_int_equal(m.days, 0);
	assert_true(isnan(m.mae) && isnan(m.rmse) && isnan(m.bias) && isnan(m.wape) &&
	            isnan(m.mase));
}

static void group_pools_errors_and_averages_mase(void **state)
{
	(void)state;
	struct fa_sums a = {0}, b = {0}, c = {0};
	fa_add_n(&a, fa_f, fa_a, 4);
	const double bf[] = {1, 1}, ba[] = {0, 0};
	fa_add_n(&b, bf, ba, 2);
	/* C: forecast 5 against 4 and 6; history 0 × 7 then 4 → scale 4, MASE 1/4 */
	const double cf[] = {5, 5}, ca[] = {4, 6}, ch[] = {0, 0, 0, 0, 0, 0, 0, 4};
	fa_add_n(&c, cf, ca, 2);
	struct fa_metrics ma, mb, mc;
	fa_metrics(&a, fa_naive_scale(fa_hist, 14), &ma);
	fa_metrics(&b, NAN, &mb);
	fa_metrics(&c, fa_naive_scale(ch, 8), &mc);
	assert_true(fabs(mc.mase - 0.25) < EPS);
	struct fa_group g = {0};
	fa_group_add(&g, &a, ma.mase);
	fa_group_add(&g, &b, mb.mase);
	struct fa_metrics m;
	fa_group_metrics(&g, &m);
	assert_int_equal(g.products, 2);
	assert_int_equal(m.days, 6);
	assert_true(fabs(m.mae - 1) < EPS);              /* 6 / 6 */
	assert_true(fabs(m.rmse - sqrt(8.0 / 6)) < EPS); /* √(8 / 6) */
	assert_true(fabs(m.bias) < EPS);                 /* (−2 + 2) / 6 */
	assert_true(fabs(m.wape - 0.6) < EPS);           /* 6 / 10: B's errors count */
	assert_true(fabs(m.mase - 1.75) < EPS);          /* B has none */
	fa_group_add(&g, &c, mc.mase);
	fa_group_metrics(&g, &m);
	assert_true(fabs(m.rmse - sqrt(10.0 / 8)) < EPS);
	assert_true(fabs(m.wape - 0.4) < EPS); /* 8 / 20 */
	assert_true(fabs(m.mase - 1.0) < EPS); /* (1.75 + 0.25) / 2 */
	struct fa_group empty = {0};
	fa_group_metrics(&empty, &m);
	assert_true(isnan(m.mase) && isnan(m.wape));
}

static void deviations(void **state)
{
	(void)state;
	assert_int_equal(fa_deviation(5, 4, 2, 6, 0), 0);
	assert_int_equal(fa_deviation(7, 4, 2, 6, 0), 1);
	assert_int_equal(fa_deviation(1, 4, 2, 6, 0), -1);
	assert_int_equal(fa_deviation(6, 4, 2, 6, 0), 0); /* on the band's edge: within */
	/* no band: only the relative rule */
	assert_int_equal(fa_deviation(6.5, 4, NAN, NAN, 0.5), 1);
	assert_int_equal(fa_deviation(6, 4, NAN, NAN, 0.5), 0);
	assert_int_equal(fa_deviation(1.9, 4, NAN, NAN, 0.5), -1);
	assert_int_equal(fa_deviation(3, 0, NAN, NAN, 0.5), 0); /* no forecast to be 50 % off */
	/* both rules: the relative one flags inside a wide band */
	assert_int_equal(fa_deviation(7, 4, 0, 100, 0.5), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(one_product),
	        cmocka_unit_test(zero_sales_and_flat_history),
	        cmocka_unit_test(group_pools_errors_and_averages_mase),
	        cmocka_unit_test(deviations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
