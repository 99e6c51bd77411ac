/* fc_linalg.c — the engine's own small linear algebra: a Cholesky solve and a
 * Levenberg-Marquardt least-squares fit, each summing in one fixed order so that the result
 * does not depend on the BLAS kernel of the machine (see fc_linalg.h for why). */
#include "fc_linalg.h"

#include "forecast.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int fc_chol_solve(int k, double *A, double *b)
{
	/* A = U'U, U upper triangular, written over A's upper triangle row by row */
	for (int i = 0; i < k; i++) {
		double d = A[i * k + i];
		for (int p = 0; p < i; p++)
			d -= A[p * k + i] * A[p * k + i];
		if (!(d > 0) || !isfinite(d))
			return -1;
		d = sqrt(d);
		A[i * k + i] = d;
		for (int j = i + 1; j < k; j++) {
			double s = A[i * k + j];
			for (int p = 0; p < i; p++)
				s -= A[p * k + i] * A[p * k + j];
			A[i * k + j] = s / d;
		}
	}
	for (int i = 0; i < k; i++) { /* U'y = b */
		double s = b[i];
		for (int p = 0; p < i; p++)
			s -= A[p * k + i] * b[p];
		b[i] = s / A[i * k + i];
	}
	for (int i = k - 1; i >= 0; i--) { /* U x = y */
		double s = b[i];
		for (int j = i + 1; j < k; j++)
			s -= A[i * k + j] * b[j];
		b[i] = s / A[i * k + i];
	}
	return 0;
}

/* ------------------------------------------------------------------ least squares */

/* A damping that has grown this many times in a row without an acceptable step means no
 * step in any direction lowers the sum: the fit is at a minimum to working precision. */
#define LSQ_MAX_REJECT 16

static double lsq_cost(const double *f, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += f[i] * f[i];
	return 0.5 * s;
}

/* Forward-difference Jacobian into J, column-major (column j at J + j*n), at x with
 * residuals f. The step is sqrt(eps)*|x_j| (sqrt(eps) at 0), taken as the representable
 * difference (x_j + h) - x_j. Returns 0 or the residual function's failure. */
static int lsq_jacobian(fc_lsq_residuals fn, void *arg, int n, int k, const double *x,
                        const double *f, double *J)
{
	double xt[FC_LSQ_MAXK];
	memcpy(xt, x, sizeof(double) * (size_t)k);
	for (int j = 0; j < k; j++) {
		double h = sqrt(DBL_EPSILON) * fabs(x[j]);
		if (h == 0)
			h = sqrt(DBL_EPSILON);
		xt[j] = x[j] + h;
		h = xt[j] - x[j];
		double *Jj = J + (size_t)j * (size_t)n;
		int rc = fn(xt, Jj, arg);
		xt[j] = x[j];
		if (rc != 0)
			return rc;
		for (int i = 0; i < n; i++)
			Jj[i] = (Jj[i] - f[i]) / h;
	}
	return 0;
}

/* Normal equations: JtJ (upper triangle, k x k row-major) and g = J'f. */
static void lsq_normal(int n, int k, const double *J, const double *f, double *JtJ, double *g)
{
	for (int a = 0; a < k; a++) {
		const double *Ja = J + (size_t)a * (size_t)n;
		for (int b = a; b < k; b++) {
			const double *Jb = J + (size_t)b * (size_t)n;
			double s = 0;
			for (int i = 0; i < n; i++)
				s += Ja[i] * Jb[i];
			JtJ[a * k + b] = s;
		}
		double s = 0;
		for (int i = 0; i < n; i++)
			s += Ja[i] * f[i];
		g[a] = s;
	}
}

/* The damped step: solves (JtJ + mu*diag(D^2)) dx = -g. Returns 0, or -1 when the damped
 * matrix is not positive definite (then more damping is needed). */
static int lsq_step(int k, const double *JtJ, const double *g, const double *D, double mu,
                    double *dx)
{
	double M[FC_LSQ_MAXK * FC_LSQ_MAXK];
	for (int a = 0; a < k; a++) {
		for (int b = a; b < k; b++)
			M[a * k + b] = JtJ[a * k + b];
		M[a * k + a] += mu * D[a] * D[a];
		dx[a] = -g[a];
	}
	return fc_chol_solve(k, M, dx);
}

static int lsq_small_step(int k, const double *x, const double *dx, double xtol)
{
	for (int i = 0; i < k; i++)
		if (fabs(dx[i]) > xtol * (fabs(x[i]) + xtol))
			return 0;
	return 1;
}

int fc_lsq_fit(fc_lsq_residuals fn, void *arg, int n, int k, double *x, int maxiter, double xtol,
               double gtol)
{
	if (k < 1 || k > FC_LSQ_MAXK || n < 1)
		return FC_EINVAL;
	double *buf = malloc(sizeof(double) * (size_t)n * (size_t)(k + 2));
	if (!buf)
		return FC_ENOMEM;
	double *f = buf, *ft = buf + n, *J = buf + 2 * (size_t)n;
	double JtJ[FC_LSQ_MAXK * FC_LSQ_MAXK], g[FC_LSQ_MAXK], D[FC_LSQ_MAXK] = {0};
	double dx[FC_LSQ_MAXK], xt[FC_LSQ_MAXK];
	int rc = FC_OK;
	if (fn(x, f, arg) != 0) {
		rc = FC_ENUMERIC;
		goto end;
	}
	double cost = lsq_cost(f, n);
	if (!isfinite(cost)) {
		rc = FC_ENUMERIC;
		goto end;
	}
	double mu = -1, nu = 2;
	for (int iter = 0; iter < maxiter; iter++) {
		if (lsq_jacobian(fn, arg, n, k, x, f, J) != 0)
			break;
		lsq_normal(n, k, J, f, JtJ, g);
		double gmax = 0;
		for (int a = 0; a < k; a++) {
			/* Moré's scaling: the largest column norm seen so far */
			D[a] = fmax(D[a], sqrt(JtJ[a * k + a]));
			if (D[a] == 0)
				D[a] = 1;
			gmax = fmax(gmax, fabs(g[a]) * fmax(fabs(x[a]), 1));
		}
		if (!isfinite(gmax) || gmax <= gtol * fmax(cost, 1))
			break;
		if (mu < 0) { /* Nielsen's start: 1e-3 of the largest scaled curvature */
			mu = 0;
			for (int a = 0; a < k; a++)
				mu = fmax(mu, JtJ[a * k + a] / (D[a] * D[a]));
			mu = 1e-3 * (mu > 0 ? mu : 1);
		}
		int accepted = 0;
		double costt = HUGE_VAL;
		for (int tries = 0; tries < LSQ_MAX_REJECT && !accepted; tries++) {
			if (lsq_step(k, JtJ, g, D, mu, dx) != 0) {
				mu *= nu;
				nu *= 2;
				continue;
			}
			/* predicted reduction of the quadratic model: 0.5 dx'(mu D^2 dx - g) */
			double pred = 0;
			for (int a = 0; a < k; a++) {
				xt[a] = x[a] + dx[a];
				pred += dx[a] * (mu * D[a] * D[a] * dx[a] - g[a]);
			}
			pred *= 0.5;
			costt = fn(xt, ft, arg) == 0 ? lsq_cost(ft, n) : HUGE_VAL;
			double rho = pred > 0 && isfinite(costt) ? (cost - costt) / pred : -1;
			if (rho > 0) {
				double t = 2 * rho - 1;
				mu *= fmax(1.0 / 3, 1 - t * t * t);
				nu = 2;
				accepted = 1;
			} else {
				mu *= nu;
				nu *= 2;
			}
		}
		if (!accepted)
			break;
		memcpy(x, xt, sizeof(double) * (size_t)k);
		double *tmp = f;
		f = ft;
		ft = tmp;
		cost = costt;
		if (lsq_small_step(k, x, dx, xtol))
			break;
	}
end:
	free(buf);
	return rc;
}
