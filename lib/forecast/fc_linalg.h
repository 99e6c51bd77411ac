/* fc_linalg.h — small dense linear algebra and nonlinear least squares for the engine's
 * fits, written as plain loops with one fixed summation order.
 *
 * Why not BLAS/LAPACK: OpenBLAS picks its kernels by CPU (SSE3, AVX2, AVX-512, ...) and
 * each kernel sums in its own order, so the last bits of a dot product or a Cholesky factor
 * differ between machines. Where those numbers steer an optimiser (ARIMA's conditional sum
 * of squares, the initial states inside every ETS likelihood evaluation), the optimiser
 * then takes another path and, on a flat likelihood, stops somewhere else. The systems
 * here are tiny (k <= 20 unknowns), so doing them in our own code costs nothing measurable
 * and gives the same bits whatever kernel OpenBLAS would have chosen. */
#ifndef FC_LINALG_H
#define FC_LINALG_H

/* Solves A x = b for a symmetric positive definite k x k matrix A (row-major; only the
 * upper triangle, A[i*k+j] with j >= i, is read). A is overwritten by scratch (its Cholesky
 * factor), b by the solution. Returns 0, or -1 when A is not numerically positive definite
 * (a pivot <= 0 or not finite); then b is unspecified. */
int fc_chol_solve(int k, double *A, double *b);

/* Residuals of a least-squares problem: writes f[0..n-1] at the k parameters x. Returns 0,
 * or non-zero when the residuals cannot be computed (the fit then stops where it is). */
typedef int (*fc_lsq_residuals)(const double *x, double *f, void *arg);

/* Minimises 0.5*|f(x)|^2 over x[0..k-1] by Levenberg-Marquardt with Moré's scaling and
 * Nielsen's damping update, from the start in x; the Jacobian by forward differences.
 * Stops after maxiter iterations, when a step changes no x[i] by more than
 * xtol * (|x[i]| + xtol), or when the scaled gradient max|g_i| * max(|x_i|, 1) is below
 * gtol * max(0.5*|f|^2, 1). x holds the best point found on return. k <= FC_LSQ_MAXK.
 * Returns 0 (x is the estimate), FC_ENOMEM, or FC_ENUMERIC when the residuals at the start
 * are not finite (x unchanged). */
#define FC_LSQ_MAXK 20
int fc_lsq_fit(fc_lsq_residuals fn, void *arg, int n, int k, double *x, int maxiter, double xtol,
               double gtol);

#endif
