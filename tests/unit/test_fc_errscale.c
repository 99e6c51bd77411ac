/* test_fc_errscale.c — the scale of the interval pools' errors on lumpy demand
 * (fc_errscale.h): the typical order size, the lumpy test, and a month's cumulative p90
 * that stays a sane multiple of the month's mean when a few recent orders lift the forecast
 * far above what the validation folds forecast. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "fc_errscale.h"
#include "forecast.h"

static void order_size_is_the_median_of_recent_sales(void **state)
{
	(void)state;
	double y[200] = {0};
	assert_true(fc_order_size(y, 200) == 0.0);
	y[10] = 50.0; /* older than the window */
	y[150] = 4.0, y[160] = 9.0, y[170] = 6.0;
	assert_true(fc_order_size(y, 200) == 6.0);
	y[180] = 3906.0; /* one giant does not move it much */
	assert_true(fc_order_size(y, 200) == 7.5);
	/* fewer than FC_ORDER_MIN sales in the window: the whole history */
	double z[200] = {0};
	z[5] = 2.0, z[20] = 4.0, z[190] = 30.0;
	assert_true(fc_order_size(z, 200) == 4.0);
}

static void lumpy_needs_rare_and_uneven_sales(void **state)
{
	(void)state;
	double y[100] = {0};
	for (int i = 0; i < 100; i += 5)
		y[i] = 10.0; /* rare but even: intermittent, not lumpy */
	assert_int_equal(fc_is_lumpy(y, 100), 0);
	y[50] = 200.0, y[75] = 150.0;
	assert_int_equal(fc_is_lumpy(y, 100), 1);
	double daily[100];
	for (int i = 0; i < 100; i++)
		daily[i] = i % 3 ? 1.0 : 40.0; /* uneven but every day */
	assert_int_equal(fc_is_lumpy(daily, 100), 0);
}

/* 89 days of an online retailer's item up to two weeks after a 3,906-unit order (its
 * sales on the days listed, none between): the orders of 60 and 103 units after it lift
 * the forecast to about 10 a day while the folds, after weeks without a sale, forecast a
 * small fraction of a unit. With the errors standardised by the square root of the fold
 * forecasts those two orders became errors of over a thousand standard units, replayed at
 * the future's level: a 30-day p90 of 6,399 against a mean of 292. */
static void recent_orders_do_not_explode_the_month(void **state)
{
	(void)state;
	static const struct {
		int day;
		double qty;
	} sales[] = {{0, 10}, {40, 5}, {60, 10}, {67, 10}, {74, 3906}, {76, 60}, {81, 103}};
	double y[89] = {0};
	for (size_t i = 0; i < sizeof sales / sizeof *sales; i++)
		y[sales[i].day] = sales[i].qty;
	fc_options o;
	fc_options_init(&o);
	o.horizon = 90;
	o.model_set = FC_SET_STAT;
	o.nthreads = 1;
	fc_result r;
	assert_int_equal(fc_forecast(y, 89, &o, 0, &r), FC_OK);
	double mean = r.total_mean[0], p90 = r.total_quant[0 * FC_MAX_QUANTILES + 2];
	fc_result_free(&r);
	if (!(mean > 0 && p90 <= 4.0 * mean && p90 >= mean))
		fail_msg("30-day mean %.1f, p90 %.1f", mean, p90);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(order_size_is_the_median_of_recent_sales),
	        cmocka_unit_test(lumpy_needs_rare_and_uneven_sales),
	        cmocka_unit_test(recent_orders_do_not_explode_the_month),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
