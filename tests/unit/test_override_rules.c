/* test_override_rules.c — the rules of manual corrections (src/domain/override_rules.c) with
 * exact numbers: a 30-day total spread over dated days in the model's weekly shape, evenly
 * where the model expects nothing, days beyond the run at its last 30 days' mean; standing
 * dated quantities over a later run (the same calendar days, not the same offsets); and
 * every refusal: negative, absurd (both conditions), too large, windows, dates, counts. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "override_rules.h"
#include "planning.h"

#define D0 20000 /* a day number: the run's first day */

static void spread_keeps_the_model_shape_and_sums_to_the_total(void **state)
{
	(void)state;
	const double w[4] = {1, 2, 3, 4};
	double out[4];
	assert_int_equal(ovr_spread(w, 4, 20, out), OVR_OK);
	assert_true(fabs(out[0] - 2) < 1e-12 && fabs(out[1] - 4) < 1e-12);
	assert_true(fabs(out[2] - 6) < 1e-12 && fabs(out[3] - 8) < 1e-12);
	/* the model expects nothing: evenly */
	const double zero[4] = {0, 0, 0, 0};
	assert_int_equal(ovr_spread(zero, 4, 10, out), OVR_OK);
	for (int i = 0; i < 4; i++)
		assert_true(fabs(out[i] - 2.5) < 1e-12);
	/* zero total: every day zero */
	assert_int_equal(ovr_spread(w, 4, 0, out), OVR_OK);
	for (int i = 0; i < 4; i++)
		assert_true(out[i] == 0);
	/* in place */
	double inplace[3] = {1, 1, 2};
	assert_int_equal(ovr_spread(inplace, 3, 8, inplace), OVR_OK);
	assert_true(fabs(inplace[0] - 2) < 1e-12 && fabs(inplace[2] - 4) < 1e-12);
	assert_int_equal(ovr_spread(w, 4, -1, out), OVR_E_NEGATIVE);
	assert_int_equal(ovr_spread(w, 0, 1, out), OVR_E_INVAL);
}

/* A 30-day window made on the run's 2nd day (from_day = D0 + 1) of a 30-day run: 29 days of
 * the run and one day beyond it at the mean of the run's last 30 days. */
static void model_days_continue_past_the_run_at_its_tail_mean(void **state)
{
	(void)state;
	double model[30], out[30];
	for (int t = 0; t < 30; t++)
		model[t] = t < 15 ? 1 : 3; /* mean 2 */
	assert_int_equal(ovr_model_days(model, 30, D0, D0 + 1, 30, out), OVR_OK);
	assert_true(out[0] == 1 && out[13] == 1 && out[14] == 3 &&
	            out[28] == 3); /* run days 1..29 */
	assert_true(fabs(out[29] - 2) < 1e-12);
	/* the window in the model: 14 x 1 + 15 x 3 + 2 = 61; correcting it to 122 doubles each day */
	double sum = 0;
	for (int i = 0; i < 30; i++)
		sum += out[i];
	assert_true(fabs(sum - 61) < 1e-9);
	double spread[30];
	assert_int_equal(ovr_spread(out, 30, 122, spread), OVR_OK);
	assert_true(fabs(spread[0] - 2) < 1e-9 && fabs(spread[14] - 6) < 1e-9 &&
	            fabs(spread[29] - 4) < 1e-9);
	/* before the run's first day: not a model day */
	assert_int_equal(ovr_model_days(model, 30, D0, D0 - 1, 5, out), OVR_E_INVAL);
	model[3] = NAN;
	assert_int_equal(ovr_model_days(model, 30, D0, D0, 5, out), OVR_E_INVAL);
}

/* Corrections are dated: made against one run, they apply to the same calendar days of the
 * next run, whose first day is a day later. */
static void apply_puts_dated_quantities_on_their_days(void **state)
{
	(void)state;
	const double model[5] = {10, 10, 10, 10, 10};
	const struct ovr_day ov[] = {{D0 + 1, 4}, {D0 + 3, 0}, {D0 - 1, 99}, {D0 + 9, 99}};
	double out[5];
	unsigned char flags[5];
	int any = -1;
	assert_int_equal(ovr_apply(model, 5, D0, ov, 4, out, flags, &any), OVR_OK);
	const double want[5] = {10, 4, 10, 0, 10};
	const unsigned char want_flags[5] = {0, 1, 0, 1, 0};
	assert_memory_equal(out, want, sizeof want);
	assert_memory_equal(flags, want_flags, sizeof want_flags);
	assert_int_equal(any, 1);
	/* the next day's run: day D0 + 1 is its first day */
	assert_int_equal(ovr_apply(model, 5, D0 + 1, ov, 4, out, flags, &any), OVR_OK);
	const double next[5] = {4, 10, 0, 10, 10};
	assert_memory_equal(out, next, sizeof next);
	assert_int_equal(flags[0] + flags[2], 2);
	/* none of the corrections within the run: nothing overridden */
	assert_int_equal(ovr_apply(model, 5, D0 + 20, ov, 4, out, NULL, &any), OVR_OK);
	assert_memory_equal(out, model, sizeof model);
	assert_int_equal(any, 0);
	/* two quantities for one day, and bad quantities */
	const struct ovr_day twice[] = {{D0, 1}, {D0, 2}};
	assert_int_equal(ovr_apply(model, 5, D0, twice, 2, out, NULL, NULL), OVR_E_TWO_ONE_DAY);
	const struct ovr_day neg[] = {{D0, -1}};
	assert_int_equal(ovr_apply(model, 5, D0, neg, 1, out, NULL, NULL), OVR_E_NEGATIVE);
	const struct ovr_day huge[] = {{D0, 1e13}};
	assert_int_equal(ovr_apply(model, 5, D0, huge, 1, out, NULL, NULL), OVR_E_TOO_LARGE);
	/* in place */
	double inplace[5] = {1, 2, 3, 4, 5};
	assert_int_equal(ovr_apply(inplace, 5, D0, ov, 2, inplace, NULL, NULL), OVR_OK);
	assert_true(inplace[1] == 4 && inplace[3] == 0 && inplace[4] == 5);
}

static void quantities_negative_absurd_and_too_large(void **state)
{
	(void)state;
	assert_int_equal(ovr_check_qty(-1, 100), OVR_E_NEGATIVE);
	assert_int_equal(ovr_check_qty(NAN, 100), OVR_E_NEGATIVE);
	assert_int_equal(ovr_check_qty(0, 100), OVR_OK);
	/* model 3,000: 300,000 is the last accepted, 300,001 is absurd */
	assert_int_equal(ovr_check_qty(300000, 3000), OVR_OK);
	assert_int_equal(ovr_check_qty(300001, 3000), OVR_E_ABSURD);
	/* model 3: 100x is only 300, but up to 10,000 is accepted (a promotion) */
	assert_int_equal(ovr_check_qty(10000, 3), OVR_OK);
	assert_int_equal(ovr_check_qty(10001, 3), OVR_E_ABSURD);
	assert_int_equal(ovr_check_qty(10001, 0), OVR_E_ABSURD);
	assert_int_equal(ovr_check_qty(1e13, 1e12), OVR_E_TOO_LARGE);
}

static void order_quantities(void **state)
{
	(void)state;
	int below = -1;
	assert_int_equal(ovr_check_order_qty(0, 500, &below), OVR_OK);
	assert_int_equal(below, 0); /* 0 = do not order, not "below the MOQ" */
	assert_int_equal(ovr_check_order_qty(499, 500, &below), OVR_OK);
	assert_int_equal(below, 1);
	assert_int_equal(ovr_check_order_qty(500, 500, &below), OVR_OK);
	assert_int_equal(below, 0);
	assert_int_equal(ovr_check_order_qty(1, 1, &below), OVR_OK);
	assert_int_equal(below, 0);
	assert_int_equal(ovr_check_order_qty(-1, 1, &below), OVR_E_NEGATIVE);
	assert_int_equal(ovr_check_order_qty(OVR_ORDER_QTY_MAX, 1, &below), OVR_OK);
	assert_int_equal(ovr_check_order_qty(OVR_ORDER_QTY_MAX + 1, 1, &below), OVR_E_TOO_LARGE);
}

static void windows_and_dates(void **state)
{
	(void)state;
	assert_int_equal(ovr_check_window(30), OVR_OK);
	assert_int_equal(ovr_check_window(60), OVR_OK);
	assert_int_equal(ovr_check_window(90), OVR_OK);
	assert_int_equal(ovr_check_window(45), OVR_E_WINDOW);
	assert_int_equal(ovr_check_window(0), OVR_E_WINDOW);
	int64_t today = D0 + 2, last = D0 + 89;
	size_t bad = 99;
	const int64_t ok[] = {today, last, today + 5};
	assert_int_equal(ovr_check_dates(ok, 3, today, last, &bad), OVR_OK);
	const int64_t past[] = {today + 1, today - 1};
	assert_int_equal(ovr_check_dates(past, 2, today, last, &bad), OVR_E_DATE_PAST);
	assert_int_equal(bad, 1);
	const int64_t beyond[] = {last + 1};
	assert_int_equal(ovr_check_dates(beyond, 1, today, last, &bad), OVR_E_DATE_BEYOND);
	assert_int_equal(bad, 0);
	const int64_t twice[] = {today, today + 1, today};
	assert_int_equal(ovr_check_dates(twice, 3, today, last, &bad), OVR_E_DATE_TWICE);
	assert_int_equal(bad, 2);
	assert_int_equal(ovr_check_dates(ok, 0, today, last, &bad), OVR_E_DATES_COUNT);
	int64_t many[OVR_DATES_MAX + 1];
	for (int i = 0; i <= OVR_DATES_MAX; i++)
		many[i] = today + i;
	assert_int_equal(ovr_check_dates(many, OVR_DATES_MAX + 1, today, today + 200, &bad),
	                 OVR_E_DATES_COUNT);
	assert_int_equal(ovr_check_dates(many, OVR_DATES_MAX, today, today + 200, &bad), OVR_OK);
}

static void statuses_have_codes_and_korean_messages(void **state)
{
	(void)state;
	for (int s = 0; s < OVR_NSTATUS; s++) {
		assert_non_null(ovr_status_code(s));
		const char *m = ovr_status_message(s);
		assert_true(strlen(m) > 3 && (unsigned char)m[0] >= 0x80); /* starts in Hangul */
	}
	assert_string_equal(ovr_status_code(OVR_E_ABSURD), "override_absurd");
	assert_string_equal(ovr_status_code(-1), "internal_error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(spread_keeps_the_model_shape_and_sums_to_the_total),
	        cmocka_unit_test(model_days_continue_past_the_run_at_its_tail_mean),
	        cmocka_unit_test(apply_puts_dated_quantities_on_their_days),
	        cmocka_unit_test(quantities_negative_absurd_and_too_large),
	        cmocka_unit_test(order_quantities),
	        cmocka_unit_test(windows_and_dates),
	        cmocka_unit_test(statuses_have_codes_and_korean_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
