/* test_fc_linalg.c — the engine's own small linear algebra (fc_linalg.c): the Cholesky solve
 * reads only the upper triangle, solves to rounding accuracy and refuses matrices that are
 * not positive definite; Levenberg-Marquardt finds the known minimum of classic
 * least-squares problems and refuses a start where the residuals are not finite. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fc_linalg.h"
#include "forecast.h"

/* A = B'B + I for a fixed B: symmetric positive definite, condition number about 1e3. */
static void spd_matrix(int k, double *A)
{
	double B[8 * 8];
	for (int i = 0; i < k * k; i++)
		B[i] = sin(1.0 + 3.7 * i) * (1 + i % 3);
	for (int i = 0; i < k; i++)
		for (int j = 0; j < k; j++) {
			double s = i == j ? 1 : 0;
			for (int p = 0; p < k; p++)
				s += B[p * k + i] * B[p * k + j];
			A[i * k + j] = s;
		}
}

static void cholesky_solves_and_reads_the_upper_triangle_only(void **state)
{
	(void)state;
	enum { K = 6 };
	double A[K * K], W[K * K], x[K], b[K];
	spd_matrix(K, A);
	const double want[K] = {1, -2, 0.5, 3, -0.25, 7};
	for (int i = 0; i < K; i++) {
		b[i] = 0;
		for (int j = 0; j < K; j++)
			b[i] += A[i * K + j] * want[j];
	}
	memcpy(W, A, sizeof W);
	for (int i = 0; i < K; i++) /* garbage below the diagonal must not matter */
		for (int j = 0; j < i; j++)
			W[i * K + j] = NAN;
	memcpy(x, b, sizeof x);
	assert_int_equal(fc_chol_solve(K, W, x), 0);
	for (int i = 0; i < K; i++)
		assert_true(fabs(x[i] - want[i]) < 1e-10 * (1 + fabs(want[i])));
	assert_int_equal(fc_chol_solve(0, W, x), 0); /* an empty system is solved */
}

static void cholesky_refuses_indefinite_and_nan(void **state)
{
	(void)state;
	double A[4] = {1, 2, 2, 1}, b[2] = {1, 1};
	assert_int_equal(fc_chol_solve(2, A, b), -1);
	double Z[4] = {0, 0, 0, 0};
	assert_int_equal(fc_chol_solve(2, Z, b), -1);
	double N[4] = {NAN, 0, 0, 1};
	assert_int_equal(fc_chol_solve(2, N, b), -1);
}

/* Rosenbrock as least squares: f = (10 (x1 - x0^2), 1 - x0), minimum 0 at (1, 1). */
static int rosenbrock(const double *x, double *f, void *arg)
{
	(void)arg;
	f[0] = 10 * (x[1] - x[0] * x[0]);
	f[1] = 1 - x[0];
	return 0;
}

/* y = a exp(b t) observed exactly at t = 0..19 with a = 2.5, b = -0.3. */
static int exp_decay(const double *x, double *f, void *arg)
{
	int *calls = arg;
	(*calls)++;
	for (int t = 0; t < 20; t++)
		f[t] = x[0] * exp(x[1] * t) - 2.5 * exp(-0.3 * t);
	return 0;
}

static void least_squares_find_known_minima(void **state)
{
	(void)state;
	double x[2] = {-1.2, 1};
	assert_int_equal(fc_lsq_fit(rosenbrock, NULL, 2, 2, x, 200, 1e-12, 1e-15), FC_OK);
	assert_true(fabs(x[0] - 1) < 1e-6 && fabs(x[1] - 1) < 1e-6);

	int calls = 0;
	double e[2] = {1, 0};
	assert_int_equal(fc_lsq_fit(exp_decay, &calls, 20, 2, e, 100, 1e-12, 1e-15), FC_OK);
	assert_true(fabs(e[0] - 2.5) < 1e-8 && fabs(e[1] + 0.3) < 1e-8);
	/* each iteration costs one evaluation per parameter plus at least one trial */
	assert_true(calls > 3 && calls <= 1 + 100 * (2 + 16));

	/* an iteration cap stops it early, at a better point than the start */
	double y[2] = {-1.2, 1}, f0[2], f1[2];
	rosenbrock(y, f0, NULL);
	assert_int_equal(fc_lsq_fit(rosenbrock, NULL, 2, 2, y, 2, 1e-12, 1e-15), FC_OK);
	rosenbrock(y, f1, NULL);
	assert_true(f1[0] * f1[0] + f1[1] * f1[1] < f0[0] * f0[0] + f0[1] * f0[1]);
}

static int not_finite(const double *x, double *f, void *arg)
{
	(void)x;
	(void)arg;
	f[0] = NAN;
	return 0;
}

static int refuses(const double *x, double *f, void *arg)
{
	(void)x;
	(void)f;
	(void)arg;
	return -1;
}

static void least_squares_refuse_bad_starts_and_arguments(void **state)
{
	(void)state;
	double x[2] = {0.25, 0.5};
	assert_int_equal(fc_lsq_fit(not_finite, NULL, 1, 2, x, 10, 1e-8, 1e-8), FC_ENUMERIC);
	assert_int_equal(fc_lsq_fit(refuses, NULL, 1, 2, x, 10, 1e-8, 1e-8), FC_ENUMERIC);
	assert_true(x[0] == 0.25 && x[1] == 0.5);
	assert_int_equal(fc_lsq_fit(rosenbrock, NULL, 2, 0, x, 10, 1e-8, 1e-8), FC_EINVAL);
	assert_int_equal(fc_lsq_fit(rosenbrock, NULL, 2, FC_LSQ_MAXK + 1, x, 10, 1e-8, 1e-8),
	                 FC_EINVAL);
	assert_int_equal(fc_lsq_fit(rosenbrock, NULL, 0, 2, x, 10, 1e-8, 1e-8), FC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(cholesky_solves_and_reads_the_upper_triangle_only),
	        cmocka_unit_test(cholesky_refuses_indefinite_and_nan),
	        cmocka_unit_test(least_squares_find_known_minima),
	        cmocka_unit_test(least_squares_refuse_bad_starts_and_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
