/* test_fc_trained.c — global models trained once and reused (fc_train, fc_trained_save
 * and _load, opt->trained): the reused models give exactly the forecasts of the run that
 * trained them, still line up their weekdays when the series have grown since, and bad
 * bytes or a longer horizon are refused. Also the boosted trees' calendar features and the
 * determinism of their two-thread training. */
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
#include "forecast.h"

#define NS  12
#define LEN 400
#define H   14

static double series[NS][LEN];
static const double *ptrs[NS];
static int lens[NS];

/* Weekly pattern (by position before day LEN - 1) times a level per series, plus noise. */
static void make_panel(void)
{
	uint64_t s = 12345;
	static const double week[7] = {1.0, 1.1, 1.2, 1.0, 0.9, 0.5, 0.3};
	for (int i = 0; i < NS; i++) {
		double level = 2.0 + 3.0 * i;
		for (int t = 0; t < LEN; t++) {
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			double u = (double)(s >> 11) / 9007199254740992.0;
			series[i][t] =
			        floor(level * week[(LEN - 1 - t) % 7] * (0.8 + 0.4 * u) + 0.5);
		}
		ptrs[i] = series[i];
		lens[i] = LEN;
	}
}

static fc_calendar *calendar(void)
{
	const struct embedded_file *f = embedded_find("data/kr_holidays.csv");
	assert_non_null(f);
	fc_calendar *cal = NULL;
	assert_int_equal(fc_calendar_parse((const char *)f->data, f->len, &cal), FC_OK);
	return cal;
}

static void options(fc_options *o, const char *model, const fc_calendar *cal, int last_day)
{
	fc_options_init(o);
	o->model = model;
	o->horizon = H;
	o->calendar = cal;
	o->last_day = last_day;
}

static void run(const int *ns, const fc_options *o, fc_result *out)
{
	assert_int_equal(fc_forecast_batch(ptrs, ns, NS, o, out), FC_OK);
}

static void assert_same(const fc_result *a, const fc_result *b)
{
	for (int i = 0; i < NS; i++) {
		assert_int_equal(a[i].horizon, b[i].horizon);
		assert_memory_equal(a[i].mean, b[i].mean, (size_t)a[i].horizon * sizeof(double));
		assert_memory_equal(a[i].quant, b[i].quant,
		                    (size_t)a[i].horizon * (size_t)a[i].nq * sizeof(double));
		assert_string_equal(a[i].model, b[i].model);
		assert_string_equal(a[i].detail, b[i].detail);
	}
}

static void free_all(fc_result *r)
{
	for (int i = 0; i < NS; i++)
		fc_result_free(&r[i]);
}

/* Training inside the batch, training first (fc_train), and saving then loading: the
 * same bytes of forecast for each global model. */
static void one_model_roundtrip(const char *model, int want)
{
	make_panel();
	fc_calendar *cal = calendar();
	int last_day = 0;
	assert_int_equal(fc_calendar_day(2025, 6, 30, &last_day), FC_OK);
	fc_options o;
	options(&o, model, cal, last_day);
	fc_result a[NS], b[NS], c[NS];
	run(lens, &o, a);
	fc_trained *t = NULL;
	assert_int_equal(fc_train(ptrs, lens, NS, &o, &t), FC_OK);
	assert_int_equal(fc_trained_models(t), want);
	assert_int_equal(fc_trained_horizon(t), H);
	o.trained = t;
	run(lens, &o, b);
	assert_same(a, b);
	void *buf = NULL, *buf2 = NULL;
	size_t len = 0, len2 = 0;
	assert_int_equal(fc_trained_save(t, &buf, &len), FC_OK);
	fc_trained *u = NULL;
	assert_int_equal(fc_trained_load(buf, len, lens, NS, &u), FC_OK);
	assert_int_equal(fc_trained_models(u), want);
	o.trained = u;
	run(lens, &o, c);
	assert_same(a, c);
	/* saving what was loaded gives the same bytes */
	assert_int_equal(fc_trained_save(u, &buf2, &len2), FC_OK);
	assert_int_equal(len, len2);
	assert_memory_equal(buf, buf2, len);
	free_all(a);
	free_all(b);
	free_all(c);
	free(buf);
	free(buf2);
	fc_trained_free(t);
	fc_trained_free(u);
	fc_calendar_free(cal);
}

static void gbm_saved_and_loaded_forecasts_the_same(void **state)
{
	(void)state;
	one_model_roundtrip("gbm", FC_TRAINED_GBM);
}

static void lstm_saved_and_loaded_forecasts_the_same(void **state)
{
	(void)state;
	one_model_roundtrip("lstm", FC_TRAINED_LSTM);
}

static void train_follows_the_model_set(void **state)
{
	(void)state;
	make_panel();
	fc_options o;
	options(&o, "auto", NULL, 0);
	fc_trained *t = NULL;
	assert_int_equal(fc_train(ptrs, lens, NS, &o, &t), FC_OK);
	assert_int_equal(fc_trained_models(t), FC_TRAINED_GBM);
	fc_trained_free(t);
	o.model_set = FC_SET_ALL;
	assert_int_equal(fc_train(ptrs, lens, NS, &o, &t), FC_OK);
	assert_int_equal(fc_trained_models(t), FC_TRAINED_GBM | FC_TRAINED_LSTM);
	fc_trained_free(t);
	/* no global model to train */
	o.model_set = FC_SET_STAT;
	assert_int_equal(fc_train(ptrs, lens, NS, &o, &t), FC_EINVAL);
	o.model = "ets";
	assert_int_equal(fc_train(ptrs, lens, NS, &o, &t), FC_EINVAL);
	/* too little history */
	int short_ns[NS];
	for (int i = 0; i < NS; i++)
		short_ns[i] = 40;
	o.model = "gbm";
	assert_int_equal(fc_train(ptrs, short_ns, NS, &o, &t), FC_ENODATA);
	assert_null(t);
}

/* Forecast of every series with a trained set saved at old_ns and loaded at lens. */
static void grown_forecast(const char *model, const int *old_ns, int train_day, int day,
                           fc_result *r)
{
	fc_options o;
	options(&o, model, NULL, train_day);
	fc_trained *t = NULL, *u = NULL;
	assert_int_equal(fc_train(ptrs, old_ns, NS, &o, &t), FC_OK);
	void *buf = NULL;
	size_t len = 0;
	assert_int_equal(fc_trained_save(t, &buf, &len), FC_OK);
	assert_int_equal(fc_trained_load(buf, len, lens, NS, &u), FC_OK);
	o.trained = u;
	o.last_day = day;
	run(lens, &o, r);
	for (int i = 0; i < NS; i++)
		assert_string_equal(r[i].model, model);
	free(buf);
	fc_trained_free(t);
	fc_trained_free(u);
}

/* Trained 10 days before the request: the series have 10 more days, the final models
 * serve the full series, and the weekday inputs are shifted by those 10 days, whether the
 * shift comes from the last days or (last day unknown) from the longest series' growth.
 * The trees' weekend dip must still fall on the weekend (they also read the weekday from
 * the lags, so this alone would not notice a wrong shift); for both models the two ways
 * of finding the shift must agree, and differ from no shift. */
static void longer_series_after_training_line_up(void **state)
{
	(void)state;
	make_panel();
	int last_day = 0;
	assert_int_equal(fc_calendar_day(2025, 6, 30, &last_day), FC_OK);
	int old_ns[NS];
	for (int i = 0; i < NS; i++)
		old_ns[i] = LEN - 10;
	for (int with_day = 0; with_day < 2; with_day++) {
		fc_result r[NS];
		grown_forecast("gbm", old_ns, with_day ? last_day - 10 : 0, with_day ? last_day : 0,
		               r);
		/* forecast day k is LEN + k: position (LEN - 1 - (LEN + k)) mod 7 */
		double weekend = 0, weekday = 0;
		for (int i = 6; i < NS; i++)
			for (int k = 0; k < H; k++) {
				int pos = ((LEN - 1 - (LEN + k)) % 7 + 7) % 7;
				if (pos >= 5)
					weekend += r[i].mean[k] / 4;
				else
					weekday += r[i].mean[k] / 10;
			}
		assert_true(weekend < 0.7 * weekday);
		free_all(r);
	}
	for (const char *const *m = (const char *const[]){"gbm", "lstm", NULL}; *m; m++) {
		fc_result a[NS], b[NS], c[NS];
		grown_forecast(*m, old_ns, last_day - 10, last_day, a);
		grown_forecast(*m, old_ns, 0, 0, b);
		grown_forecast(*m, old_ns, last_day - 10, last_day - 10, c); /* no shift */
		assert_same(a, b);
		int differ = 0;
		for (int i = 0; i < NS; i++)
			differ |= memcmp(a[i].mean, c[i].mean, H * sizeof(double)) != 0;
		assert_true(differ);
		free_all(a);
		free_all(b);
		free_all(c);
	}
}

static void bad_bytes_and_longer_horizons_are_refused(void **state)
{
	(void)state;
	make_panel();
	fc_options o;
	options(&o, "gbm", NULL, 0);
	fc_trained *t = NULL, *u = NULL;
	assert_int_equal(fc_train(ptrs, lens, NS, &o, &t), FC_OK);
	void *buf = NULL;
	size_t len = 0;
	assert_int_equal(fc_trained_save(t, &buf, &len), FC_OK);
	char *b = buf;
	/* truncated anywhere, or one byte more */
	size_t cuts[] = {0, 5, 20, len / 2, len - 1};
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		assert_int_equal(fc_trained_load(b, cuts[i], lens, NS, &u), FC_EINVAL);
		assert_null(u);
	}
	char *longer = malloc(len + 1);
	memcpy(longer, b, len);
	longer[len] = '\n';
	assert_int_equal(fc_trained_load(longer, len + 1, lens, NS, &u), FC_EINVAL);
	free(longer);
	/* a changed byte in the body (twice), in the version, in the magic */
	size_t spots[] = {len - 10, len / 2, 10, 0};
	for (size_t i = 0; i < sizeof spots / sizeof spots[0]; i++) {
		b[spots[i]] ^= 0x01;
		assert_int_equal(fc_trained_load(b, len, lens, NS, &u), FC_EINVAL);
		assert_null(u);
		b[spots[i]] ^= 0x01;
	}
	assert_int_equal(fc_trained_load(b, len, lens, NS, &u), FC_OK);
	/* a horizon longer than trained for */
	o.trained = u;
	o.horizon = H + 1;
	fc_result r[NS];
	assert_int_equal(fc_forecast_batch(ptrs, lens, NS, &o, r), FC_EINVAL);
	o.horizon = H - 4; /* shorter is fine */
	assert_int_equal(fc_forecast_batch(ptrs, lens, NS, &o, r), FC_OK);
	free_all(r);
	/* a global model the trained set lacks falls back, as with too little history */
	o.model = "lstm";
	assert_int_equal(fc_forecast_batch(ptrs, lens, NS, &o, r), FC_OK);
	assert_string_not_equal(r[0].model, "lstm");
	free_all(r);
	assert_int_equal(fc_trained_load(NULL, 10, lens, NS, &u), FC_EINVAL);
	free(buf);
	fc_trained_free(t);
	fc_trained_free(u);
}

/* The final and cross-validation boosters train on two threads: the bytes must not
 * depend on which finishes first. */
static void gbm_training_is_deterministic(void **state)
{
	(void)state;
	make_panel();
	fc_gbm_opts o;
	fc_gbm_opts_init(&o);
	o.horizon = H;
	void *first = NULL;
	size_t first_len = 0;
	for (int rep = 0; rep < 3; rep++) {
		fc_gbm *m = NULL;
		assert_int_equal(fc_gbm_train(ptrs, lens, NS, &o, &m), FC_OK);
		void *buf = NULL;
		size_t len = 0;
		assert_int_equal(fc_gbm_save(m, &buf, &len), FC_OK);
		if (!first) {
			first = buf;
			first_len = len;
		} else {
			assert_int_equal(len, first_len);
			assert_memory_equal(buf, first, len);
			free(buf);
		}
		fc_gbm_free(m);
	}
	free(first);
}

/* Series with no sales inside 설날/추석 blocks (the courier pause), from 2021-01-01 to the
 * day before 2025-09-22; each global model, given the calendar, must forecast the pause of
 * 추석 2025 (10-03 .. 10-09) from there: mean forecast inside it under `ratio` times the
 * mean outside it. */
enum { NP = 8 };
typedef int (*train_fn)(double *const *y, const int *ns, int n, fc_calendar *cal, int last_day,
                        void **model);
typedef int (*fc_fn)(const void *model, int series, const double *y, int n, double *mean);

static void learns_the_courier_pause(train_fn train, fc_fn forecast, void (*release)(void *),
                                     double ratio)
{
	fc_calendar *cal = calendar();
	int first = 0, origin = 0;
	assert_int_equal(fc_calendar_day(2021, 1, 1, &first), FC_OK);
	assert_int_equal(fc_calendar_day(2025, 9, 22, &origin), FC_OK);
	int n = origin - first;
	double *y[NP];
	int ns[NP];
	fc_day_features *feat = malloc((size_t)n * sizeof *feat);
	assert_int_equal(fc_calendar_features(cal, first, n, feat), FC_OK);
	uint64_t s = 99;
	for (int i = 0; i < NP; i++) {
		y[i] = malloc((size_t)n * sizeof *y[i]);
		for (int t = 0; t < n; t++) {
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			double u = (double)(s >> 11) / 9007199254740992.0;
			y[i][t] =
			        feat[t].in_festival ? 0.0 : floor((10.0 + 4 * i) * (0.8 + 0.4 * u));
		}
		ns[i] = n;
	}
	void *m = NULL;
	assert_int_equal(train(y, ns, NP, cal, origin - 1, &m), FC_OK);
	fc_day_features ff[28];
	assert_int_equal(fc_calendar_features(cal, origin, 28, ff), FC_OK);
	double in = 0, other = 0;
	int nin = 0, nother = 0;
	for (int i = 0; i < NP; i++) {
		double mean[28];
		assert_int_equal(forecast(m, i, y[i], n, mean), FC_OK);
		for (int k = 0; k < 28; k++) {
			if (ff[k].in_festival) {
				in += mean[k];
				nin++;
			} else {
				other += mean[k];
				nother++;
			}
		}
	}
	print_message("courier pause: forecast %.2f inside, %.2f outside\n", in / nin,
	              other / nother);
	assert_true(nin >= 3 * NP);
	assert_true(in / nin < ratio * (other / nother));
	release(m);
	for (int i = 0; i < NP; i++)
		free(y[i]);
	free(feat);
	fc_calendar_free(cal);
}

static int gbm_train_cal(double *const *y, const int *ns, int n, fc_calendar *cal, int last_day,
                         void **model)
{
	fc_gbm_opts o;
	fc_gbm_opts_init(&o);
	o.horizon = 28;
	o.last_day = last_day;
	o.cal = cal;
	return fc_gbm_train((const double *const *)y, ns, n, &o, (fc_gbm **)model);
}

static int gbm_fc28(const void *m, int idx, const double *y, int n, double *mean)
{
	return fc_gbm_forecast(m, idx, y, n, 28, mean);
}

static void gbm_release(void *m)
{
	fc_gbm_free(m);
}

static void gbm_learns_the_courier_pause(void **state)
{
	(void)state;
	learns_the_courier_pause(gbm_train_cal, gbm_fc28, gbm_release, 0.3);
}

/* The LSTM learns it through the calendar terms of its outputs; on eight series it gets a
 * few more windows per epoch and a larger step than its defaults. */
static int lstm_train_cal(double *const *y, const int *ns, int n, fc_calendar *cal, int last_day,
                          void **model)
{
	fc_lstm_opts o;
	fc_lstm_opts_init(&o);
	o.horizon = 28;
	o.last_day = last_day;
	o.cal = cal;
	o.origins_per_series = 64;
	o.max_epochs = 40;
	o.lr = 0.01;
	o.patience = 0; /* the validation window holds no pause: it would stop early */
	return fc_lstm_train((const double *const *)y, ns, n, &o, (fc_lstm **)model);
}

static int lstm_fc28(const void *m, int idx, const double *y, int n, double *mean)
{
	return fc_lstm_forecast(m, idx, y, n, 28, mean);
}

static void lstm_release(void *m)
{
	fc_lstm_free(m);
}

static void lstm_learns_the_courier_pause(void **state)
{
	(void)state;
	learns_the_courier_pause(lstm_train_cal, lstm_fc28, lstm_release, 0.5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(gbm_saved_and_loaded_forecasts_the_same),
	        cmocka_unit_test(lstm_saved_and_loaded_forecasts_the_same),
	        cmocka_unit_test(train_follows_the_model_set),
	        cmocka_unit_test(longer_series_after_training_line_up),
	        cmocka_unit_test(bad_bytes_and_longer_horizons_are_refused),
	        cmocka_unit_test(gbm_training_is_deterministic),
	        cmocka_unit_test(gbm_learns_the_courier_pause),
	        cmocka_unit_test(lstm_learns_the_courier_pause),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
