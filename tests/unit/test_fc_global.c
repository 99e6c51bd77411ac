/* test_fc_global.c — the Prophet-style model, the global LSTM and the global boosted trees:
 * gradient check, determinism, save/load, fallbacks on too little data, and that each
 * recovers a known weekly pattern. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "embedded.h"
#include "fc_calendar.h"
#include "fc_gbm.h"
#include "fc_lstm.h"
#include "fc_prophet.h"

#define NS  12
#define LEN 400

static double series[NS][LEN];
static const double *ptrs[NS];
static int lens[NS];

/* Weekly pattern times a level per series, plus deterministic noise. */
static void make_panel(int n)
{
	uint64_t s = 12345;
	static const double week[7] = {1.0, 1.1, 1.2, 1.0, 0.9, 0.5, 0.3};
	for (int i = 0; i < NS; i++) {
		double level = 2.0 + 3.0 * i;
		for (int t = 0; t < n; t++) {
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			double u = (double)(s >> 11) / 9007199254740992.0;
			series[i][t] = floor(level * week[(n - 1 - t) % 7] * (0.8 + 0.4 * u) + 0.5);
		}
		ptrs[i] = series[i];
		lens[i] = n;
	}
}

static void lstm_gradient_matches_finite_differences(void **state)
{
	(void)state;
	double err = 1.0;
	assert_int_equal(fc_lstm_gradcheck(7, &err), FC_OK);
	assert_true(err < 1e-4);
	assert_int_equal(fc_lstm_gradcheck(99, &err), FC_OK);
	assert_true(err < 1e-4);
}

static void lstm_is_deterministic_and_reloads(void **state)
{
	(void)state;
	make_panel(LEN);
	fc_lstm_opts o;
	fc_lstm_opts_init(&o);
	o.horizon = 14;
	o.max_epochs = 4;
	fc_lstm *a = NULL, *b = NULL, *c = NULL;
	assert_int_equal(fc_lstm_train(ptrs, lens, NS, &o, &a), FC_OK);
	assert_int_equal(fc_lstm_train(ptrs, lens, NS, &o, &b), FC_OK);
	void *ba, *bb;
	size_t la, lb;
	assert_int_equal(fc_lstm_save(a, &ba, &la), FC_OK);
	assert_int_equal(fc_lstm_save(b, &bb, &lb), FC_OK);
	assert_int_equal(la, lb);
	assert_memory_equal(ba, bb, la);
	assert_int_equal(fc_lstm_load(ba, la, lens, NS, &c), FC_OK);
	double m1[14], m2[14];
	assert_int_equal(fc_lstm_forecast(a, 3, series[3], LEN, 14, m1), FC_OK);
	assert_int_equal(fc_lstm_forecast(c, 3, series[3], LEN, 14, m2), FC_OK);
	assert_memory_equal(m1, m2, sizeof m1);
	for (int k = 0; k < 14; k++)
		assert_true(isfinite(m1[k]) && m1[k] >= 0);
	/* A truncated series is a CV fold and uses the network from before the folds. */
	assert_int_equal(fc_lstm_forecast(a, 3, series[3], LEN - 14, 14, m2), FC_OK);
	/* Corrupt bytes are refused. */
	((char *)ba)[1] = 'X';
	fc_lstm *d = NULL;
	assert_int_equal(fc_lstm_load(ba, la, lens, NS, &d), FC_EINVAL);
	assert_int_equal(fc_lstm_load(bb, lb - 8, lens, NS, &d), FC_EINVAL);
	free(ba);
	free(bb);
	fc_lstm_free(a);
	fc_lstm_free(b);
	fc_lstm_free(c);
}

static void global_models_refuse_too_little_history(void **state)
{
	(void)state;
	make_panel(60);
	fc_lstm_opts lo;
	fc_lstm_opts_init(&lo);
	lo.horizon = 28;
	fc_lstm *l = NULL;
	assert_int_equal(fc_lstm_train(ptrs, lens, NS, &lo, &l), FC_ENODATA);
	assert_null(l);
	fc_gbm_opts go;
	fc_gbm_opts_init(&go);
	go.horizon = 28;
	fc_gbm *g = NULL;
	assert_int_equal(fc_gbm_train(ptrs, lens, 4, &go, &g), FC_ENODATA); /* 4 series */
	assert_null(g);
}

static void gbm_learns_the_weekly_pattern_deterministically(void **state)
{
	(void)state;
	make_panel(LEN);
	fc_gbm_opts o;
	fc_gbm_opts_init(&o);
	o.horizon = 14;
	fc_gbm *a = NULL, *b = NULL;
	assert_int_equal(fc_gbm_train(ptrs, lens, NS, &o, &a), FC_OK);
	assert_int_equal(fc_gbm_train(ptrs, lens, NS, &o, &b), FC_OK);
	double m1[14], m2[14];
	assert_int_equal(fc_gbm_forecast(a, 11, series[11], LEN, 14, m1), FC_OK);
	assert_int_equal(fc_gbm_forecast(b, 11, series[11], LEN, 14, m2), FC_OK);
	assert_memory_equal(m1, m2, sizeof m1);
	/* Day k of the forecast is (LEN - 1 - (LEN + k)) mod 7 = 6 - k mod 7 days before the
	 * common last day: the weekend positions (5, 6) must come out lower. */
	double level = 2.0 + 3.0 * 11;
	double weekend = 0, weekday = 0;
	for (int k = 0; k < 14; k++) {
		int pos = ((LEN - 1 - (LEN + k)) % 7 + 7) % 7;
		if (pos >= 5)
			weekend += m1[k];
		else
			weekday += m1[k];
	}
	assert_true(weekend / 4 < 0.7 * (weekday / 10));
	assert_true(weekday / 10 > 0.7 * level && weekday / 10 < 1.4 * level);
	void *buf;
	size_t len;
	fc_gbm *c = NULL;
	assert_int_equal(fc_gbm_save(a, &buf, &len), FC_OK);
	assert_int_equal(fc_gbm_load(buf, len, lens, NS, &c), FC_OK);
	assert_int_equal(fc_gbm_forecast(c, 11, series[11], LEN, 14, m2), FC_OK);
	assert_memory_equal(m1, m2, sizeof m1);
	free(buf);
	fc_gbm_free(a);
	fc_gbm_free(b);
	fc_gbm_free(c);
}

/* A short history at a long horizon (280 days at 90: under a year) leaves too little
 * before the engine's validation folds for a whole horizon of validation: the fold booster
 * trains on a shorter window instead of being left out, so the trees take part in the
 * selection. Its fold forecasts exist, are finite and show the weekly pattern. */
static void gbm_folds_of_short_histories_at_horizon_90(void **state)
{
	(void)state;
	enum { N = 280, H = 90 };
	make_panel(N);
	fc_gbm_opts o;
	fc_gbm_opts_init(&o);
	o.horizon = H;
	fc_gbm *a = NULL;
	assert_int_equal(fc_gbm_train(ptrs, lens, NS, &o, &a), FC_OK);
	double m[H];
	/* the engine's first fold of a 280-day series at horizon 90 starts on day 190 */
	assert_int_equal(fc_gbm_forecast(a, 11, series[11], N - H, H, m), FC_OK);
	double weekend = 0, weekday = 0;
	for (int k = 0; k < H; k++) {
		assert_true(isfinite(m[k]) && m[k] >= 0);
		if (k < 14) {
			int pos = ((N - 1 - (N - H + k)) % 7 + 7) % 7;
			if (pos >= 5)
				weekend += m[k];
			else
				weekday += m[k];
		}
	}
	assert_true(weekend / 4 < 0.8 * (weekday / 10));
	fc_gbm_free(a);
}

static void prophet_recovers_trend_and_week(void **state)
{
	(void)state;
	static double y[365];
	static const double week[7] = {10, 12, 14, 12, 10, 4, 2};
	for (int t = 0; t < 365; t++)
		y[t] = week[t % 7] + 0.02 * t;
	fc_prophet_opts o;
	fc_prophet_opts_init(&o);
	o.first_day = 0; /* day numbers, so the week lines up with t mod 7 */
	o.log_scale = 0; /* the series is additive: the additive form must recover it */
	double m[14];
	assert_int_equal(fc_prophet_forecast(y, 365, 14, &o, m, NULL), FC_OK);
	for (int k = 0; k < 14; k++) {
		double truth = week[(365 + k) % 7] + 0.02 * (365 + k);
		assert_true(fabs(m[k] - truth) < 0.02 * truth);
	}
	/* All zero: zeros. Too short: refused. Negative input: refused. */
	static double z[30];
	assert_int_equal(fc_prophet_forecast(z, 30, 7, &o, m, NULL), FC_OK);
	for (int k = 0; k < 7; k++)
		assert_true(m[k] == 0.0);
	assert_int_equal(fc_prophet_forecast(y, 10, 7, &o, m, NULL), FC_ENODATA);
	z[3] = -1;
	assert_int_equal(fc_prophet_forecast(z, 30, 7, &o, m, NULL), FC_EINVAL);
}

static void prophet_learns_the_chuseok_courier_pause(void **state)
{
	(void)state;
	const struct embedded_file *f = embedded_find("data/kr_holidays.csv");
	assert_non_null(f);
	fc_calendar *cal = NULL;
	assert_int_equal(fc_calendar_parse((const char *)f->data, f->len, &cal), FC_OK);
	/* Two years from 2023-01-01 with no shipments inside 설날/추석 blocks; forecast the
	 * weeks around 추석 2025 (2025-10-03 .. 10-09) from 2025-09-22. */
	int first = 0, origin = 0;
	assert_int_equal(fc_calendar_day(2023, 1, 1, &first), FC_OK);
	assert_int_equal(fc_calendar_day(2025, 9, 22, &origin), FC_OK);
	int n = origin - first;
	double *y = malloc((size_t)n * sizeof *y);
	fc_day_features *feat = malloc((size_t)n * sizeof *feat);
	assert_int_equal(fc_calendar_features(cal, first, n, feat), FC_OK);
	for (int t = 0; t < n; t++)
		y[t] = feat[t].in_festival ? 0.0 : 20.0;
	fc_prophet_opts o;
	fc_prophet_opts_init(&o);
	o.first_day = first;
	o.cal = cal;
	double m[28];
	assert_int_equal(fc_prophet_forecast(y, n, 28, &o, m, NULL), FC_OK);
	int in_block = 0, other = 0;
	double sum_in = 0, sum_other = 0;
	fc_day_features ff[28];
	assert_int_equal(fc_calendar_features(cal, origin, 28, ff), FC_OK);
	for (int k = 0; k < 28; k++) {
		if (ff[k].in_festival) {
			sum_in += m[k];
			in_block++;
		} else {
			sum_other += m[k];
			other++;
		}
	}
	assert_true(in_block >= 3);
	assert_true(sum_in / in_block < 0.3 * (sum_other / other));
	free(y);
	free(feat);
	fc_calendar_free(cal);
}

/* Holiday shrinkage: two years of daily sales from 2023-01-01 under the Korean calendar,
 * once with the 설날/추석 courier pause (nothing sold inside the blocks) and once without
 * any holiday effect. The present effect is kept (the pause is strongly negative), every
 * absent one is left out (exactly 0), where the plain normal prior fits the noise. */
static void prophet_keeps_present_holiday_effects_and_drops_absent_ones(void **state)
{
	(void)state;
	const struct embedded_file *f = embedded_find("data/kr_holidays.csv");
	assert_non_null(f);
	fc_calendar *cal = NULL;
	assert_int_equal(fc_calendar_parse((const char *)f->data, f->len, &cal), FC_OK);
	int first = 0, origin = 0;
	assert_int_equal(fc_calendar_day(2023, 1, 1, &first), FC_OK);
	assert_int_equal(fc_calendar_day(2025, 1, 1, &origin), FC_OK);
	int n = origin - first;
	double *pause = malloc((size_t)n * sizeof *pause),
	       *plain = malloc((size_t)n * sizeof *plain);
	fc_day_features *feat = malloc((size_t)n * sizeof *feat);
	assert_int_equal(fc_calendar_features(cal, first, n, feat), FC_OK);
	static const double week[7] = {1.0, 1.1, 1.2, 1.0, 0.9, 0.6, 0.5};
	uint64_t s = 777;
	for (int t = 0; t < n; t++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		double u = (double)(s >> 11) / 9007199254740992.0;
		plain[t] = floor(20.0 * week[(first + t) % 7] * (0.7 + 0.6 * u) + 0.5);
		pause[t] = feat[t].in_festival ? 0.0 : plain[t];
	}
	fc_prophet_opts o;
	fc_prophet_opts_init(&o);
	o.first_day = first;
	o.cal = cal;
	double eff[FC_PROPHET_NHOLIDAY], m[28];
	o.effects = eff;
	/* 설날's and 추석's "inside the block" effects: the fourth of each festival's five */
	enum { SEOLLAL_IN = 3, CHUSEOK_IN = 5 + 3 };
	assert_int_equal(fc_prophet_forecast(pause, n, 28, &o, m, NULL), FC_OK);
	assert_true(eff[SEOLLAL_IN] < -0.2);
	assert_true(eff[CHUSEOK_IN] < -0.2);
	assert_int_equal(fc_prophet_forecast(plain, n, 28, &o, m, NULL), FC_OK);
	for (int j = 0; j < FC_PROPHET_NHOLIDAY; j++)
		assert_true(eff[j] == 0.0);
	/* without the shrinkage the same series gets noise effects */
	o.holiday_shrink = 0;
	assert_int_equal(fc_prophet_forecast(plain, n, 28, &o, m, NULL), FC_OK);
	int nonzero = 0;
	for (int j = 0; j < FC_PROPHET_NHOLIDAY - 1; j++) /* no events: the last is 0 */
		nonzero += fabs(eff[j]) > 1e-4;
	assert_true(nonzero >= 8);
	free(pause);
	free(plain);
	free(feat);
	fc_calendar_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(lstm_gradient_matches_finite_differences),
	        cmocka_unit_test(lstm_is_deterministic_and_reloads),
	        cmocka_unit_test(global_models_refuse_too_little_history),
	        cmocka_unit_test(gbm_learns_the_weekly_pattern_deterministically),
	        cmocka_unit_test(gbm_folds_of_short_histories_at_horizon_90),
	        cmocka_unit_test(prophet_recovers_trend_and_week),
	        cmocka_unit_test(prophet_learns_the_chuseok_courier_pause),
	        cmocka_unit_test(prophet_keeps_present_holiday_effects_and_drops_absent_ones),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
