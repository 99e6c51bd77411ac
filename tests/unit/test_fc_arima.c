/* test_fc_arima.c — holds the ARIMA implementation to R's forecast::Arima / auto.arima on
 * fixed real series. Reference values: tests/data/r_fixtures (tools/r/make_fixtures.R);
 * R is not needed here. Checks:
 *  1. fixed orders by exact ML: log-likelihood within 0.05 of R's or better, AICc
 *     accordingly, coefficients within 0.02, sigma^2 within 1 %, 14-day forecasts within
 *     1 % (plus 0.05 units) and their variances within 3 % (where our likelihood is
 *     clearly higher than R's: forecasts within 5 %, sigma^2 within 3 % and no
 *     coefficient check);
 *  2. the automatic search finds R's model on the series where R's own search is
 *     well-behaved, and never scores worse than R's choice by AICc;
 *  3. degenerate input gives an error code, never a crash or NaN. */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fc_arima.h"
#include "forecast.h"

#define H    14
#define MAXN 2000

static const char *fixture_dir(void)
{
	const char *d = getenv("FC_FIXTURES");
	return d ? d : "tests/data/r_fixtures";
}

static int load_series(const char *name, double *y)
{
	char path[512];
	snprintf(path, sizeof path, "%s/series_%s.txt", fixture_dir(), name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	int n = 0;
	while (n < MAXN && fscanf(f, "%lf", &y[n]) == 1)
		n++;
	fclose(f);
	assert_true(n > 100);
	return n;
}

/* Splits a CSV line in place into at most cap fields; returns the count. A model name
 * such as ARIMA(1,1,1)(0,1,1)[7] holds commas itself: its pieces are joined back (the
 * commas restored in place) up to the piece that ends in ')' or ']'. */
static int split(char *line, char **f, int cap)
{
	int k = 0;
	char *save = NULL, *tok = strtok_r(line, ",\n", &save);
	while (tok && k < cap) {
		f[k++] = tok;
		if (strncmp(tok, "ARIMA(", 6) == 0) {
			int open = 0;
			for (char *c = tok;; c++) {
				if (*c == '(')
					open++;
				if (*c == ')')
					open--;
				if (*c == '\0') {
					if (open == 0)
						break;
					char *next = strtok_r(NULL, ",\n", &save);
					if (!next)
						break;
					next[-1] = ','; /* strtok_r cut here: restore the comma */
					c = next - 1;
				}
			}
		}
		tok = strtok_r(NULL, ",\n", &save);
	}
	return k;
}

static int close_to(double got, double want, double rel, double abs_)
{
	return fabs(got - want) <= rel * fabs(want) + abs_;
}

/* 1. Fixed orders against R's Arima(). */
static void fixed_orders_match_r(void **state)
{
	(void)state;
	char path[512], line[8192];
	snprintf(path, sizeof path, "%s/arima.csv", fixture_dir());
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	static double y[MAXN];
	int rows = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		char *fl[96];
		int nf = split(line, fl, 96);
		assert_true(nf > 14);
		int n = load_series(fl[0], y);
		char spec[64];
		snprintf(spec, sizeof spec, "%s,%s,%s,%s,%s,%s,%s", fl[1], fl[2], fl[3], fl[4],
		         fl[5], fl[6], fl[7]);
		double ll = strtod(fl[9], NULL), aicc = strtod(fl[10], NULL),
		       s2 = strtod(fl[11], NULL);
		int nc = atoi(fl[12]);
		assert_int_equal(nf, 13 + nc + 2 * H);
		fc_arima *m = NULL;
		assert_int_equal(fc_arima_fit(y, n, 7, spec, &m), FC_OK);
		/* R's name without its " with ..." suffix is a prefix of ours */
		assert_int_equal(strncmp(fc_arima_name(m), fl[8], strlen(fl[8])), 0);
		double myll = fc_arima_loglik(m);
		if (!(myll >= ll - 0.05)) {
			print_error("%s %s: loglik %.4f below R's %.4f\n", fl[0], spec, myll, ll);
			fail();
		}
		assert_true(fc_arima_aicc(m) <= aicc + 0.1);
		double coef[16], mys2;
		int k = fc_arima_coef(m, NULL, coef, 16, &mys2);
		assert_int_equal(k, nc);
		/* where our optimum is clearly higher (a flat, near-cancelling surface) the
         * coefficients may sit elsewhere: then only the forecasts are compared, at 5 % */
		int same = myll - ll < 0.02;
		double ftol = same ? 0.01 : 0.05;
		for (int i = 0; i < nc && same; i++) {
			double want = strtod(fl[13 + i], NULL);
			if (!close_to(coef[i], want, 0, 0.02)) {
				print_error("%s %s coef %d: %.5f vs R %.5f\n", fl[0], spec, i,
				            coef[i], want);
				fail();
			}
		}
		if (!close_to(mys2, s2, same ? 0.01 : 0.03, 0)) {
			print_error("%s %s sigma2 %.4f vs R %.4f\n", fl[0], spec, mys2, s2);
			fail();
		}
		double mean[H], var[H];
		assert_int_equal(fc_arima_forecast(m, H, mean, var), FC_OK);
		for (int h = 0; h < H; h++) {
			double wm = strtod(fl[13 + nc + h], NULL),
			       wv = strtod(fl[13 + nc + H + h], NULL);
			if (!close_to(mean[h], wm, ftol, 0.05) || !close_to(var[h], wv, 0.03, 0)) {
				print_error("%s %s h=%d: mean %.4f (R %.4f) var %.4f (R %.4f)\n",
				            fl[0], spec, h + 1, mean[h], wm, var[h], wv);
				fail();
			}
		}
		fc_arima_free(m);
		rows++;
	}
	fclose(f);
	assert_true(rows >= 5);
}

/* 2. Automatic order search against auto.arima (R's default, approximation = TRUE). */
static void auto_search_matches_r(void **state)
{
	(void)state;
	char path[512], line[1024];
	snprintf(path, sizeof path, "%s/auto_arima.csv", fixture_dir());
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	static double y[MAXN];
	int rows = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		char *fl[8];
		int nf = split(line, fl, 8);
		assert_true(nf >= 4);
		if (atoi(fl[1]) != 1)
			continue; /* compare with R's default search only */
		int n = load_series(fl[0], y);
		fc_arima *m = NULL;
		assert_int_equal(fc_arima_fit(y, n, 7, NULL, &m), FC_OK);
		double raicc = strtod(fl[3], NULL);
		/* R's name has its spaces removed in the fixture; compare likewise */
		char mine[80];
		int j = 0;
		for (const char *s = fc_arima_name(m); *s && j < 79; s++)
			if (*s != ' ')
				mine[j++] = *s;
		mine[j] = 0;
		if (strcmp(fl[0], "pasta_b2_15p1") == 0) {
			/* R's ML refits of its CSS winners all fail here and it falls back to a
             * smaller model; ours keeps a better-scoring one */
			assert_true(fc_arima_aicc(m) <= raicc + 0.5);
		} else {
			if (strcmp(mine, fl[2]) != 0) {
				print_error("%s: chose %s, R %s\n", fl[0], mine, fl[2]);
				fail();
			}
			assert_true(fabs(fc_arima_aicc(m) - raicc) < 0.05);
		}
		double mean[H], var[H];
		assert_int_equal(fc_arima_forecast(m, H, mean, var), FC_OK);
		for (int h = 0; h < H; h++)
			assert_true(isfinite(mean[h]) && var[h] > 0);
		/* the chosen order's spec refits the same model */
		fc_arima *again = NULL;
		assert_int_equal(fc_arima_fit(y, n, 7, fc_arima_spec(m), &again), FC_OK);
		assert_string_equal(fc_arima_name(again), fc_arima_name(m));
		assert_true(fc_arima_loglik(again) >= fc_arima_loglik(m) - 0.05);
		fc_arima_free(again);
		fc_arima_free(m);
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, 3);
}

/* The seasonal-difference decision: a strong weekly pattern gets D = 1 (R's nsdiffs says
 * 1 for such a series, seasonal strength 0.90), a faint one D = 0 (R: strength 0.27). */
static void seasonal_strength_decides_d(void **state)
{
	(void)state;
	static const double strong[7] = {0, 5, 10, 3, -2, -8, 15},
	                    faint[7] = {0, 1, 2, 1, 0, -1, 1};
	static double y[700];
	for (int pass = 0; pass < 2; pass++) {
		unsigned long long s = 12345;
		for (int i = 0; i < 700; i++) {
			/* a sum of uniforms: roughly normal noise with sd 3, from a fixed LCG */
			double u = 0;
			for (int k = 0; k < 12; k++) {
				s = s * 6364136223846793005ULL + 1442695040888963407ULL;
				u += (double)(s >> 11) / 9007199254740992.0;
			}
			y[i] = 20 + (pass ? faint : strong)[i % 7] + 3 * (u - 6);
		}
		fc_arima *m = NULL;
		assert_int_equal(fc_arima_fit(y, 700, 7, NULL, &m), FC_OK);
		int order[6];
		fc_arima_coef(m, order, NULL, 0, NULL);
		assert_int_equal(order[4], pass ? 0 : 1);
		fc_arima_free(m);
	}
}

/* 3. Degenerate input. */
static void degenerate_series_return_error_codes(void **state)
{
	(void)state;
	double y[400];
	fc_arima *m = NULL;
	memset(y, 0, sizeof y);
	assert_int_equal(fc_arima_fit(y, 400, 7, NULL, &m), FC_ENODATA);
	assert_null(m);
	for (int i = 0; i < 400; i++)
		y[i] = 5;
	assert_int_equal(fc_arima_fit(y, 400, 7, NULL, &m), FC_ENODATA);
	assert_int_equal(fc_arima_fit(y, 1, 7, NULL, &m), FC_ENODATA);
	assert_int_equal(fc_arima_fit(y, 0, 7, "1,0,0,0,0,0", &m), FC_ENODATA);
	assert_int_equal(fc_arima_fit(NULL, 10, 7, NULL, &m), FC_EINVAL);
	assert_int_equal(fc_arima_fit(y, 10, 7, NULL, NULL), FC_EINVAL);
	for (int i = 0; i < 400; i++)
		y[i] = i % 7 == 6 ? 0 : 10 + i % 3;
	assert_int_equal(fc_arima_fit(y, 400, 7, "1,0", &m), FC_EINVAL);
	assert_int_equal(fc_arima_fit(y, 400, 7, "9,0,0,0,0,0", &m), FC_EINVAL);
	assert_int_equal(fc_arima_fit(y, 400, 1, "0,0,0,1,0,0", &m), FC_EINVAL);
	y[10] = INFINITY;
	assert_int_equal(fc_arima_fit(y, 400, 7, NULL, &m), FC_EINVAL);
	/* seasonally constant: nothing left after seasonal differencing */
	for (int i = 0; i < 400; i++)
		y[i] = i % 7;
	assert_int_equal(fc_arima_fit(y, 400, 7, "0,0,0,0,1,0", &m), FC_ENODATA);
}

static void spikes_and_short_series_give_finite_forecasts(void **state)
{
	(void)state;
	double y[300], mean[H], var[H];
	for (int i = 0; i < 300; i++)
		y[i] = (i % 7 == 5 ? 0 : 3 + (i * 7919) % 5) + (i % 41 == 0 ? 700 : 0);
	int lens[] = {300, 60, 20, 9};
	for (int k = 0; k < 4; k++) {
		fc_arima *m = NULL;
		int rc = fc_arima_fit(y, lens[k], 7, NULL, &m);
		if (rc != FC_OK) {
			assert_true(rc == FC_ENODATA || rc == FC_ENOCONV);
			continue;
		}
		assert_int_equal(fc_arima_forecast(m, H, mean, var), FC_OK);
		for (int h = 0; h < H; h++)
			assert_true(isfinite(mean[h]) && isfinite(var[h]) && var[h] > 0);
		assert_true(isfinite(fc_arima_aicc(m)));
		fc_arima_free(m);
	}
}

/* Simulated paths: reproducible from the seed and centred on the point forecast. */
static void simulation_is_seeded_and_centred(void **state)
{
	(void)state;
	static double y[MAXN];
	int n = load_series("pasta_b1_12", y);
	fc_arima *m = NULL;
	assert_int_equal(fc_arima_fit(y, n, 7, "2,0,1,1,0,0,1", &m), FC_OK);
	enum { NP = 2000 };
	static double a[NP * H], b[NP * H];
	assert_int_equal(fc_arima_simulate(m, H, NP, 7, a), FC_OK);
	assert_int_equal(fc_arima_simulate(m, H, NP, 7, b), FC_OK);
	assert_memory_equal(a, b, sizeof a);
	double mean[H], var[H];
	assert_int_equal(fc_arima_forecast(m, H, mean, var), FC_OK);
	for (int h = 0; h < H; h += 6) {
		double s = 0, v = 0;
		for (int p = 0; p < NP; p++)
			s += a[p * H + h];
		s /= NP;
		for (int p = 0; p < NP; p++)
			v += (a[p * H + h] - s) * (a[p * H + h] - s);
		v /= NP - 1;
		assert_true(fabs(s - mean[h]) < 4 * sqrt(var[h] / NP));
		assert_true(fabs(v / var[h] - 1) < 0.15);
	}
	fc_arima_free(m);
}

/* Fits on several threads at once give bit-identical results to a fit on one thread:
 * no shared state, and the estimation is deterministic. */
typedef struct {
	const double *y;
	int n;
	double mean[H];
	int rc;
} par_job;

static void *par_fit(void *arg)
{
	par_job *j = arg;
	fc_arima *m = NULL;
	j->rc = fc_arima_fit(j->y, j->n, 7, NULL, &m);
	if (j->rc == FC_OK)
		j->rc = fc_arima_forecast(m, H, j->mean, NULL);
	fc_arima_free(m);
	return NULL;
}

static void threads_give_identical_results(void **state)
{
	(void)state;
	static double y[MAXN];
	int n = load_series("retail_85123a", y);
	par_job ref = {y, n, {0}, 0};
	par_fit(&ref);
	assert_int_equal(ref.rc, FC_OK);
	enum { NT = 4 };
	par_job jobs[NT];
	pthread_t th[NT];
	for (int i = 0; i < NT; i++) {
		jobs[i] = ref;
		memset(jobs[i].mean, 0, sizeof jobs[i].mean);
		assert_int_equal(pthread_create(&th[i], NULL, par_fit, &jobs[i]), 0);
	}
	for (int i = 0; i < NT; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(jobs[i].rc, FC_OK);
		assert_memory_equal(jobs[i].mean, ref.mean, sizeof ref.mean);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fixed_orders_match_r),
	        cmocka_unit_test(auto_search_matches_r),
	        cmocka_unit_test(seasonal_strength_decides_d),
	        cmocka_unit_test(degenerate_series_return_error_codes),
	        cmocka_unit_test(spikes_and_short_series_give_finite_forecasts),
	        cmocka_unit_test(simulation_is_seeded_and_centred),
	        cmocka_unit_test(threads_give_identical_results),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
