/* fc_arima.c — seasonal ARIMA for the forecasting engine, after R's stats::arima and
 * forecast::auto.arima (Hyndman and Khandakar 2008).
 *
 * The series is differenced ((1-B)^d (1-B^m)^D) and an ARMA model with an optional mean is
 * fitted to the result; a mean of the differenced series is the drift of R's
 * include.drift, so the likelihood is the one R maximises. Estimation is R's "CSS-ML":
 * conditional sum of squares first, then the exact Gaussian likelihood from a Kalman
 * filter (Gardner et al. 1980, the state form of R's ARIMA_Like), with sigma^2 and the mean
 * concentrated out. The AR and MA factors are kept stationary and invertible by R's
 * partial-autocorrelation transform (tanh + Durbin-Levinson); NLopt's BOBYQA does the
 * search. The filter switches to its steady-state gain once the gain has converged,
 * which makes long series cheap.
 *
 * The automatic search follows auto.arima: D from the seasonal-strength heuristic
 * (strength > 0.64), d from repeated KPSS tests at 5 %, then the stepwise neighbourhood
 * search by AICc (approximated by CSS for series longer than 150, as R does), the winner
 * refitted by exact ML. One deliberate approximation: the seasonal strength is measured
 * on a moving-average decomposition rather than on STL.
 * All functions are reentrant (no globals); random numbers come from a seeded GSL RNG. */
#include "fc_arima.h"

#include "fc_linalg.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_poly.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <nlopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AR_MAXP   5
#define AR_MAXSP  2
#define AR_MAXM   24
#define AR_MAXK   (2 * AR_MAXP + 2 * AR_MAXSP)
#define AR_MAXPP  (AR_MAXP + AR_MAXSP * AR_MAXM) /* full AR order */
#define AR_MAXR   (AR_MAXPP + 1)                 /* state dimension */
#define AR_BIG    1e30
#define AR_PBOUND 9.0 /* bound on transformed parameters: tanh(9) = 1 - 3e-8 */

typedef struct {
	int p, d, q, P, D, Q, m, cst;
} ar_order;

struct fc_arima {
	ar_order o;
	double par[AR_MAXK]; /* ar, ma, sar, sma coefficients (R's order) */
	double mu;           /* mean of the differenced series (0 without constant) */
	double sigma2, loglik, aic, aicc;
	int n, nw;
	/* for forecasting: AR/MA of the differenced series, its final filtered state */
	int pp, qq, r;
	double phi[AR_MAXPP], theta[AR_MAXPP + 1];
	double state[AR_MAXR];
	/* tails: last values of y (to undo differencing) and of w and innovations (simulation) */
	int ntail;
	double *ytail, *wtail, *etail;
	char name[64];
	char spec[32]; /* \"p,d,q,P,D,Q,c\" for fc_arima_fit */
};

/* GSL's default error handler aborts the process; the engine must return error codes
 * instead. The handler is process-wide state, so it is switched off once (pthread_once)
 * rather than toggled around calls, which would race between threads. */
static pthread_once_t ar_gsl_once = PTHREAD_ONCE_INIT;
static void ar_gsl_quiet(void)
{
	gsl_set_error_handler_off();
}

/* ------------------------------------------------------------------ polynomials */

/* R's partrans: maps unconstrained raw[0..p-1] to the coefficients of a stationary
 * AR(p) polynomial 1 - sum a_i B^i. */
static void ar_partrans(int p, const double *raw, double *out)
{
	double work[AR_MAXP + 1];
	for (int j = 0; j < p; j++)
		work[j] = out[j] = tanh(raw[j]);
	for (int j = 1; j < p; j++) {
		double a = out[j];
		for (int k = 0; k < j; k++)
			work[k] -= a * out[j - k - 1];
		for (int k = 0; k < j; k++)
			out[k] = work[k];
	}
}

/* Inverse of ar_partrans; returns -1 when the polynomial is not strictly stationary. */
static int ar_invpartrans(int p, const double *phi, double *raw)
{
	double work[AR_MAXP + 1], cur[AR_MAXP + 1];
	/* Orders are validated to 0..AR_MAXP before any fit; the check states the bound the
	 * arrays rely on. */
	if (p < 0 || p > AR_MAXP)
		return -1;
	for (int j = 0; j < p; j++)
		work[j] = cur[j] = phi[j];
	for (int j = p - 1; j > 0; j--) {
		double a = cur[j];
		if (fabs(a) >= 1)
			return -1;
		for (int k = 0; k < j; k++)
			work[k] = (cur[k] + a * cur[j - k - 1]) / (1 - a * a);
		for (int k = 0; k < j; k++)
			cur[k] = work[k];
	}
	for (int j = 0; j < p; j++) {
		if (fabs(cur[j]) >= 1)
			return -1;
		raw[j] = atanh(cur[j]);
	}
	return 0;
}

static int ar_npar(const ar_order *o)
{
	return o->p + o->q + o->P + o->Q;
}

/* Transformed parameter vector -> coefficients in R's order (ar, ma, sar, sma); MA factors
 * use the same map with the sign flipped, so they stay invertible. */
static void ar_untransform(const ar_order *o, const double *x, double *coef)
{
	int k = 0;
	ar_partrans(o->p, x + k, coef + k);
	k += o->p;
	ar_partrans(o->q, x + k, coef + k);
	for (int j = 0; j < o->q; j++)
		coef[k + j] = -coef[k + j];
	k += o->q;
	ar_partrans(o->P, x + k, coef + k);
	k += o->P;
	ar_partrans(o->Q, x + k, coef + k);
	for (int j = 0; j < o->Q; j++)
		coef[k + j] = -coef[k + j];
}

/* Inverse of ar_untransform; -1 when a factor is not stationary / invertible. */
static int ar_transform(const ar_order *o, const double *coef, double *x)
{
	double t[AR_MAXP];
	int k = 0;
	if (ar_invpartrans(o->p, coef, x) != 0)
		return -1;
	k += o->p;
	for (int j = 0; j < o->q; j++)
		t[j] = -coef[k + j];
	if (ar_invpartrans(o->q, t, x + k) != 0)
		return -1;
	k += o->q;
	if (ar_invpartrans(o->P, coef + k, x + k) != 0)
		return -1;
	k += o->P;
	for (int j = 0; j < o->Q; j++)
		t[j] = -coef[k + j];
	if (ar_invpartrans(o->Q, t, x + k) != 0)
		return -1;
	for (int j = 0; j < ar_npar(o); j++)
		if (x[j] > AR_PBOUND - 0.01)
			x[j] = AR_PBOUND - 0.01;
		else if (x[j] < -AR_PBOUND + 0.01)
			x[j] = -AR_PBOUND + 0.01;
	return 0;
}

/* Multiplies out the seasonal factors: AR 1 - sum phi_i B^i, MA 1 + sum theta_i B^i. */
static void ar_expand(const ar_order *o, const double *coef, double *phi, int *pp, double *theta,
                      int *qq)
{
	const double *a = coef, *b = coef + o->p, *A = b + o->q, *Bs = A + o->P;
	int m = o->m;
	*pp = o->p + m * o->P;
	*qq = o->q + m * o->Q;
	memset(phi, 0, sizeof(double) * (size_t)(*pp > 0 ? *pp : 1));
	memset(theta, 0, sizeof(double) * (size_t)(*qq > 0 ? *qq : 1));
	for (int i = 0; i < o->p; i++)
		phi[i] += a[i];
	for (int j = 0; j < o->P; j++) {
		phi[(j + 1) * m - 1] += A[j];
		for (int i = 0; i < o->p; i++)
			phi[(j + 1) * m + i] -= a[i] * A[j];
	}
	for (int i = 0; i < o->q; i++)
		theta[i] += b[i];
	for (int j = 0; j < o->Q; j++) {
		theta[(j + 1) * m - 1] += Bs[j];
		for (int i = 0; i < o->q; i++)
			theta[(j + 1) * m + i] += b[i] * Bs[j];
	}
}

/* Smallest root modulus of 1 - s*sum c_i z^(i*step) (sign s = +1 for AR, -1 for MA). */
static double ar_minroot(int p, const double *c, double sign, int step)
{
	if (p == 0)
		return HUGE_VAL;
	int deg = p;
	while (deg > 0 && fabs(c[deg - 1]) < 1e-8)
		deg--;
	if (deg == 0)
		return HUGE_VAL;
	double P[AR_MAXP + 1], z[2 * AR_MAXP];
	P[0] = 1;
	for (int i = 0; i < deg; i++)
		P[i + 1] = -sign * c[i];
	gsl_poly_complex_workspace *w = gsl_poly_complex_workspace_alloc((size_t)deg + 1);
	if (!w)
		return 0;
	int rc = gsl_poly_complex_solve(P, (size_t)deg + 1, w, z);
	gsl_poly_complex_workspace_free(w);
	if (rc != 0)
		return 0;
	double mn = HUGE_VAL;
	for (int i = 0; i < deg; i++)
		mn = fmin(mn, hypot(z[2 * i], z[2 * i + 1]));
	return step > 1 ? pow(mn, 1.0 / step) : mn;
}

/* R's auto.arima rejects fits with an AR or MA root within 1.01 of the unit circle. */
static int ar_roots_ok(const ar_order *o, const double *coef)
{
	const double *a = coef, *b = a + o->p, *A = b + o->q, *Bs = A + o->P;
	return ar_minroot(o->p, a, 1, 1) > 1.01 && ar_minroot(o->q, b, -1, 1) > 1.01 &&
	       ar_minroot(o->P, A, 1, o->m) > 1.01 && ar_minroot(o->Q, Bs, -1, o->m) > 1.01;
}

/* ------------------------------------------------------------------ likelihoods */

typedef struct {
	const double *w;
	int nw;
	ar_order o;
	double *buf; /* scratch: 2*nw for CSS, 5*r*r for the filter */
	int evals;
	double clip; /* bound on transformed parameters; lower in the search (see ar_fit_order) */
} ar_ctx;

/* Conditional sum of squares with the mean concentrated out; returns 0.5*log(ssq/nu) and
 * the best mean in *mu. */
static double ar_css(ar_ctx *cx, const double *coef, double *mu, double *resid)
{
	double phi[AR_MAXPP], theta[AR_MAXPP];
	int pp, qq;
	ar_expand(&cx->o, coef, phi, &pp, theta, &qq);
	int n = cx->nw;
	if (n - pp < 2)
		return AR_BIG;
	double *ew = cx->buf, *e1 = cx->buf + n;
	double sww = 0, sw1 = 0, s11 = 0;
	/* seasonal products are sparse: loop over the non-zero lags only */
	int alag[AR_MAXPP], mlag[AR_MAXPP], na = 0, nm = 0;
	double aco[AR_MAXPP], mco[AR_MAXPP], asum = 0;
	for (int i = 0; i < pp; i++)
		if (phi[i] != 0) {
			alag[na] = i + 1;
			aco[na++] = phi[i];
			asum += phi[i];
		}
	for (int j = 0; j < qq; j++)
		if (theta[j] != 0) {
			mlag[nm] = j + 1;
			mco[nm++] = theta[j];
		}
	/* e1 (the residuals of a constant series) settles to a constant quickly; once it
     * has, stop recomputing it */
	int e1done = !cx->o.cst;
	double e1last = 0;
	for (int t = 0; t < n; t++) {
		if (t < pp) {
			ew[t] = e1[t] = 0;
			continue;
		}
		double vw = cx->w[t], v1 = 1 - asum;
		for (int i = 0; i < na; i++)
			vw -= aco[i] * cx->w[t - alag[i]];
		for (int j = 0; j < nm; j++) {
			int l = mlag[j];
			if (l > t)
				break;
			vw -= mco[j] * ew[t - l];
		}
		if (e1done) {
			v1 = e1last;
		} else {
			for (int j = 0; j < nm; j++) {
				int l = mlag[j];
				if (l > t)
					break;
				v1 -= mco[j] * e1[t - l];
			}
			if (t >= pp + qq + 1) {
				int settled = 1;
				for (int l = 1; l <= qq + 1 && settled; l++)
					if (fabs(e1[t - l] - v1) > 1e-13 * (fabs(v1) + 1e-300))
						settled = 0;
				if (settled) {
					e1done = 1;
					e1last = v1;
				}
			}
		}
		ew[t] = vw;
		e1[t] = v1;
		sww += vw * vw;
		sw1 += vw * v1;
		s11 += v1 * v1;
	}
	double m0 = 0, ssq = sww;
	if (cx->o.cst && s11 > 0) {
		m0 = sw1 / s11;
		ssq = sww - m0 * sw1;
	}
	if (mu)
		*mu = m0;
	if (resid)
		for (int t = pp; t < n; t++) {
			double e = ew[t] - m0 * e1[t];
			resid[t - pp] = isfinite(e) ? e : 1e100;
		}
	double nu = n - pp;
	if (!(ssq > 1e-300 * nu) || !isfinite(ssq))
		return AR_BIG;
	return 0.5 * log(ssq / nu);
}

/* Residuals for the least-squares fit: CSS residuals at transformed parameters x, each
 * clamped to the context's bound first. */
static int ar_lm_residuals(const double *x, double *f, void *arg)
{
	ar_ctx *cx = arg;
	double coef[AR_MAXK], xt[AR_MAXK];
	int k = ar_npar(&cx->o);
	for (int i = 0; i < k; i++)
		xt[i] = fmax(-cx->clip, fmin(cx->clip, x[i]));
	ar_untransform(&cx->o, xt, coef);
	cx->evals++;
	ar_css(cx, coef, NULL, f);
	return 0;
}

/* CSS estimate by Levenberg-Marquardt (fc_lsq_fit, the engine's own, so the path does not
 * depend on the BLAS kernel) over the transformed parameters x (every trial is
 * stationary and invertible); x is updated in place. Returns 0.5*log(ssq/nu) or AR_BIG. */
static double ar_css_fit(ar_ctx *cx, double *xt0, int maxiter)
{
	const ar_order *o = &cx->o;
	int k = ar_npar(o);
	int pp = o->p + o->m * o->P;
	int nres = cx->nw - pp;
	double coef[AR_MAXK] = {0};
	if (k == 0)
		return ar_css(cx, coef, NULL, NULL);
	if (nres <= k + 1)
		return AR_BIG;
	double start[AR_MAXK];
	memcpy(start, xt0, sizeof(double) * (size_t)k);
	double v = AR_BIG;
	if (fc_lsq_fit(ar_lm_residuals, cx, nres, k, xt0, maxiter, 1e-3, 1e-8) == FC_OK) {
		for (int i = 0; i < k; i++)
			xt0[i] = fmax(-cx->clip, fmin(cx->clip, xt0[i]));
		ar_untransform(o, xt0, coef);
		v = ar_css(cx, coef, NULL, NULL);
	}
	if (!(v < AR_BIG)) {
		memcpy(xt0, start, sizeof(double) * (size_t)k);
		v = AR_BIG;
	}
	return v;
}

/* Stationary covariance P0 = sum_k T^k R R' T'^k by doubling; r x r row-major. */
static int ar_p0(int r, const double *phi, int pp, const double *theta, int qq, double *P,
                 double *A, double *tmp, double *tmp2)
{
	double Rv[AR_MAXR];
	Rv[0] = 1;
	for (int i = 1; i < r; i++)
		Rv[i] = i - 1 < qq ? theta[i - 1] : 0;
	for (int i = 0; i < r; i++)
		for (int j = 0; j < r; j++)
			P[i * r + j] = Rv[i] * Rv[j];
	memset(A, 0, sizeof(double) * (size_t)(r * r));
	for (int i = 0; i < r; i++) {
		if (i < pp)
			A[i * r] = phi[i];
		if (i + 1 < r)
			A[i * r + i + 1] = 1;
	}
	for (int it = 0; it < 64; it++) {
		/* tmp = A P ; tmp2 = tmp A' ; P += tmp2 ; A = A A */
		double amax = 0;
		for (int i = 0; i < r * r; i++)
			amax = fmax(amax, fabs(A[i]));
		if (amax == 0)
			return 0;
		for (int i = 0; i < r; i++)
			for (int j = 0; j < r; j++) {
				double s = 0;
				for (int k = 0; k < r; k++)
					s += A[i * r + k] * P[k * r + j];
				tmp[i * r + j] = s;
			}
		double dmax = 0, pmax = 0;
		for (int i = 0; i < r; i++)
			for (int j = 0; j < r; j++) {
				double s = 0;
				for (int k = 0; k < r; k++)
					s += tmp[i * r + k] * A[j * r + k];
				tmp2[i * r + j] = s;
				dmax = fmax(dmax, fabs(s));
			}
		for (int i = 0; i < r * r; i++) {
			P[i] += tmp2[i];
			pmax = fmax(pmax, fabs(P[i]));
		}
		if (!isfinite(pmax))
			return -1;
		if (dmax < 1e-13 * pmax)
			return 0;
		for (int i = 0; i < r; i++)
			for (int j = 0; j < r; j++) {
				double s = 0;
				for (int k = 0; k < r; k++)
					s += A[i * r + k] * A[k * r + j];
				tmp[i * r + j] = s;
			}
		memcpy(A, tmp, sizeof(double) * (size_t)(r * r));
	}
	return -1; /* not converging: too close to non-stationarity */
}

/* Exact likelihood by Kalman filter (R's ARIMA_Like for a stationary ARMA). x is the data
 * (mean already removed, or not when ones != 0: then a second filter runs on a column of
 * ones and the mean is concentrated out). Returns R's objective 0.5*log(s2) +
 * 0.5*sumlog/nu and sets *mu, *s2; when innov is not NULL stores innovations (scaled to
 * data units) and the final filtered state into state[r]. */
typedef struct {
	int r, pp, qq;
	double phi[AR_MAXPP], theta[AR_MAXPP];
} ar_ss;

static double ar_kalman(const ar_ss *m, const double *x, int n, int ones, double *work, double *mu,
                        double *s2, double *innov, double *state)
{
	int r = m->r, pp = m->pp, rs = r + 1;
	/* ar_ss_build makes r = max(pp, qq + 1), so 1 <= r <= AR_MAXR: the state has at least
	 * one element and fits the arrays below. */
	if (r < 1 || r > AR_MAXR || pp < 0 || pp > r)
		return AR_BIG;
	/* work: Pn (r x r) first; ar_p0's scratch after it, reused afterwards for P and
     * A = T P, padded with a zero row and column so the companion products need no
     * branches; 5*(r+1)^2 doubles in all */
	double *Pn = work, *P = work + r * r, *A = P + rs * rs;
	if (ar_p0(r, m->phi, pp, m->theta, m->qq, Pn, P, P + r * r, P + 2 * r * r) != 0)
		return AR_BIG;
	memset(P, 0, sizeof(double) * (size_t)(2 * rs * rs));
	double phip[AR_MAXR + 1] = {0};
	for (int i = 0; i < pp; i++)
		phip[i] = m->phi[i];
	double V[AR_MAXR + 1] = {0};
	V[0] = 1;
	for (int i = 1; i < r; i++)
		V[i] = i - 1 < m->qq ? m->theta[i - 1] : 0;
	double a[AR_MAXR] = {0}, a1[AR_MAXR] = {0}, an[AR_MAXR], an1[AR_MAXR], kcol[AR_MAXR];
	double prevcol[AR_MAXR];
	double sumlog = 0, sww = 0, sw1 = 0, s11 = 0;
	int nu = 0, steady = 0;
	double gain = 0;
	for (int t = 0; t < n; t++) {
		/* predict state */
		for (int i = 0; i < r; i++) {
			an[i] = (i < pp ? m->phi[i] * a[0] : 0) + (i + 1 < r ? a[i + 1] : 0);
			if (ones)
				an1[i] = (i < pp ? m->phi[i] * a1[0] : 0) +
				         (i + 1 < r ? a1[i + 1] : 0);
		}
		if (t > 0 && !steady) {
			/* Pn = T P T' + V V' using the companion structure; symmetric */
			for (int i = 0; i < r; i++) {
				const double f = phip[i], *P0 = P, *Pi = P + (i + 1) * rs;
				double *Ai = A + i * rs;
				for (int j = 0; j < r; j++)
					Ai[j] = f * P0[j] + Pi[j];
			}
			for (int i = 0; i < r; i++) {
				const double *Ai = A + i * rs;
				const double a0 = Ai[0], vi = V[i];
				for (int j = i; j < r; j++) {
					double v = a0 * phip[j] + Ai[j + 1] + vi * V[j];
					Pn[i * r + j] = v;
					Pn[j * r + i] = v;
				}
			}
		}
		if (!steady) {
			gain = Pn[0];
			if (!(gain > 0) || !isfinite(gain))
				return AR_BIG;
			int conv = t > 0;
			for (int i = 0; i < r; i++) {
				kcol[i] = Pn[i * r] / gain;
				if (conv && fabs(Pn[i * r] - prevcol[i]) > 1e-11 * gain)
					conv = 0;
				prevcol[i] = Pn[i * r];
			}
			if (conv)
				steady = 1;
		}
		double v = x[t] - an[0], v1 = ones ? 1 - an1[0] : 0;
		if (gain < 1e4) {
			nu++;
			sumlog += log(gain);
			sww += v * v / gain;
			sw1 += v * v1 / gain;
			s11 += v1 * v1 / gain;
		}
		if (innov)
			innov[t] = v;
		for (int i = 0; i < r; i++) {
			a[i] = an[i] + kcol[i] * v;
			if (ones)
				a1[i] = an1[i] + kcol[i] * v1;
		}
		if (!steady) {
			for (int i = 0; i < r; i++) {
				const double ci = Pn[i * r] / gain;
				for (int j = i; j < r; j++) {
					double pv = Pn[i * r + j] - ci * Pn[j * r];
					P[i * rs + j] = pv;
					P[j * rs + i] = pv;
				}
			}
		}
	}
	if (nu < 1)
		return AR_BIG;
	double m0 = 0, ssq = sww;
	if (ones && s11 > 0) {
		m0 = sw1 / s11;
		ssq = sww - m0 * sw1;
	}
	if (!(ssq > 0) || !isfinite(ssq))
		return AR_BIG;
	if (mu)
		*mu = m0;
	if (s2)
		*s2 = ssq / nu;
	if (state)
		for (int i = 0; i < r; i++)
			state[i] = a[i] - m0 * a1[i];
	return 0.5 * log(ssq / nu) + 0.5 * sumlog / nu;
}

static void ar_ss_build(const ar_order *o, const double *coef, ar_ss *m)
{
	ar_expand(o, coef, m->phi, &m->pp, m->theta, &m->qq);
	m->r = m->pp > m->qq + 1 ? m->pp : m->qq + 1;
}

/* ------------------------------------------------------------------ estimation */

typedef struct {
	ar_ctx *cx;
	int ml;
} ar_obj_data;

static double ar_objective(unsigned nx, const double *x, double *grad, void *data)
{
	(void)grad;
	(void)nx;
	ar_obj_data *d = data;
	ar_ctx *cx = d->cx;
	cx->evals++;
	double coef[AR_MAXK];
	ar_untransform(&cx->o, x, coef);
	if (!d->ml)
		return ar_css(cx, coef, NULL, NULL);
	ar_ss m;
	ar_ss_build(&cx->o, coef, &m);
	return ar_kalman(&m, cx->w, cx->nw, cx->o.cst, cx->buf, NULL, NULL, NULL, NULL);
}

static double ar_optimise(ar_ctx *cx, int ml, double *x, int maxeval, double ftol, double xtol)
{
	int k = ar_npar(&cx->o);
	ar_obj_data d = {cx, ml};
	if (k == 0)
		return ar_objective(0, x, NULL, &d);
	double lb[AR_MAXK], ub[AR_MAXK], step[AR_MAXK];
	for (int i = 0; i < k; i++) {
		lb[i] = -cx->clip;
		ub[i] = cx->clip;
		step[i] = 0.2;
		if (x[i] < lb[i])
			x[i] = lb[i];
		if (x[i] > ub[i])
			x[i] = ub[i];
		if (x[i] + step[i] > ub[i])
			step[i] = -0.2;
	}
	/* NLopt's BOBYQA needs two or more dimensions */
	nlopt_opt o = nlopt_create(k >= 2 ? NLOPT_LN_BOBYQA : NLOPT_LN_NELDERMEAD, (unsigned)k);
	if (!o)
		return AR_BIG;
	nlopt_set_min_objective(o, ar_objective, &d);
	nlopt_set_lower_bounds(o, lb);
	nlopt_set_upper_bounds(o, ub);
	for (int i = 0; i < k; i++)
		step[i] = fabs(step[i]);
	nlopt_set_initial_step(o, step);
	nlopt_set_maxeval(o, maxeval);
	nlopt_set_ftol_abs(o, ftol);
	nlopt_set_xtol_abs1(o, xtol);
	double val = AR_BIG;
	nlopt_result r = nlopt_optimize(o, x, &val);
	nlopt_destroy(o);
	if (r < 0 && r != NLOPT_ROUNDOFF_LIMITED)
		val = ar_objective((unsigned)k, x, NULL, &d);
	return val;
}

/* Differences y into w: (1-B)^d (1-B^m)^D. Returns the length of w. */
static int ar_difference(const double *y, int n, int d, int D, int m, double *w)
{
	memcpy(w, y, sizeof(double) * (size_t)n);
	int len = n;
	for (int k = 0; k < D; k++) {
		for (int t = len - 1; t >= m; t--)
			w[t] = w[t] - w[t - m];
		memmove(w, w + m, sizeof(double) * (size_t)(len - m));
		len -= m;
	}
	for (int k = 0; k < d; k++) {
		for (int t = len - 1; t >= 1; t--)
			w[t] = w[t] - w[t - 1];
		memmove(w, w + 1, sizeof(double) * (size_t)(len - 1));
		len -= 1;
	}
	return len;
}

/* One fitted candidate of the search. */
typedef struct {
	ar_order o;
	double x[AR_MAXK]; /* transformed parameters */
	double ic;         /* AICc (CSS approximation or exact) */
	int ml;            /* ic from exact ML */
} ar_cand;

/* Warm start for a neighbour of model b: b's coefficients, block by block (ar, ma, sar,
 * sma), as far as the new orders reach; the rest zero. */
static void ar_warm(const ar_cand *b, const ar_order *o, double *x)
{
	const int nb[4] = {b->o.p, b->o.q, b->o.P, b->o.Q}, no[4] = {o->p, o->q, o->P, o->Q};
	int ib = 0, io = 0;
	for (int blk = 0; blk < 4; blk++) {
		for (int j = 0; j < no[blk]; j++)
			x[io + j] = j < nb[blk] ? b->x[ib + j] : 0;
		ib += nb[blk];
		io += no[blk];
	}
}

static double ar_aicc(double m2ll, int npar, int nstar)
{
	double aic = m2ll + 2.0 * npar;
	if (nstar - npar - 1 <= 0)
		return HUGE_VAL;
	return aic + 2.0 * npar * (npar + 1) / (nstar - npar - 1);
}

/* Fits order o to w (length nw) by CSS and, when ml, by exact ML from the CSS optimum.
 * coef holds raw coefficients: a warm start on entry (or zeros), the estimate on return.
 * Returns an AICc (for CSS R's nstar*log(sigma2) + 2*npar + correction, without R's
 * constant offset, which does not change the ranking) or HUGE_VAL when the fit failed or
 * has a root within 1.01 of the unit circle.
 *
 * With fixed != 0 (an order the caller chose) unit-circle roots are tolerated and the ML
 * search runs to convergence (objective steps below 1e-12, about 1e-9 in
 * log-likelihood): these likelihoods are often flat along a ridge (an AR and an MA factor
 * that nearly cancel), and an optimiser stopped early rests at a point of the ridge that
 * depends on its path, so that the last bits of the data, or of a sum, moved a forecast by
 * percents. In the order search the candidates only need ranking, and a few steps do. */
static double ar_fit_order(const double *w, int nw, const ar_order *o, int ml, double *coef,
                           double *workbuf, int fixed)
{
	/* In the search a factor whose partial autocorrelation passes 0.998 would be rejected
     * by the 1.01 root rule anyway; bounding it there saves the optimiser's slow walk to
     * the unit circle. A fixed order may go (almost) all the way, as in R. */
	ar_ctx cx = {w, nw, *o, workbuf, 0, fixed ? AR_PBOUND : 3.5};
	int k = ar_npar(o);
	int npar = k + o->cst + 1;
	double x[AR_MAXK] = {0};
	if (ar_transform(o, coef, x) != 0)
		memset(x, 0, sizeof x);
	double v = ar_css_fit(&cx, x, fixed ? 50 : 15);
	double ic;
	if (!ml) {
		if (!(v < AR_BIG))
			return HUGE_VAL;
		ar_untransform(o, x, coef);
		ic = ar_aicc(2.0 * nw * v, npar, nw);
	} else {
		if (!(v < AR_BIG))
			memset(x, 0, sizeof x);
		double vm = fixed ? ar_optimise(&cx, 1, x, 100 * (k + 1), 1e-12, 1e-10)
		                  : ar_optimise(&cx, 1, x, 4 * (k + 1), 1e-7, 1e-6);
		if (!(vm < AR_BIG))
			return HUGE_VAL;
		ar_untransform(o, x, coef);
		/* -2 loglik = 2*nu*value + nu + nu*log(2*pi); nu = nw for a stationary filter */
		double m2ll = 2.0 * nw * vm + nw + nw * log(2 * M_PI);
		ic = ar_aicc(m2ll, npar, nw);
	}
	if (!fixed && !ar_roots_ok(o, coef))
		return HUGE_VAL;
	return ic;
}

/* ------------------------------------------------------------------ unit-root tests */

/* KPSS level-stationarity statistic with R's ndiffs lag choice trunc(3*sqrt(n)/13). */
static double ar_kpss(const double *x, int n)
{
	double mu = 0;
	for (int i = 0; i < n; i++)
		mu += x[i];
	mu /= n;
	double s = 0, eta = 0, s0 = 0;
	for (int i = 0; i < n; i++) {
		double e = x[i] - mu;
		s += e;
		eta += s * s;
		s0 += e * e;
	}
	eta /= (double)n * n;
	int l = (int)(3 * sqrt((double)n) / 13);
	double lrv = s0 / n;
	for (int i = 1; i <= l; i++) {
		double c = 0;
		for (int t = i; t < n; t++)
			c += (x[t] - mu) * (x[t - i] - mu);
		lrv += 2.0 * (1.0 - i / (l + 1.0)) * c / n;
	}
	return lrv > 0 ? eta / lrv : 0;
}

static int ar_is_constant(const double *x, int n)
{
	for (int i = 1; i < n; i++)
		if (x[i] != x[0])
			return 0;
	return 1;
}

/* R's ndiffs(test="kpss", alpha=0.05, max.d=2): difference while KPSS rejects. */
static int ar_ndiffs(const double *x, int n, double *buf)
{
	memcpy(buf, x, sizeof(double) * (size_t)n);
	int d = 0, len = n;
	if (ar_is_constant(buf, len))
		return 0;
	while (d < 2 && len > 3 && ar_kpss(buf, len) > 0.463) {
		for (int t = 0; t < len - 1; t++)
			buf[t] = buf[t + 1] - buf[t];
		len--;
		d++;
		if (ar_is_constant(buf, len))
			break;
	}
	return d;
}

/* Centred moving average of x with an odd or even window w (2 x w for even), ends filled
 * with the nearest full-window value. */
static void ar_movavg(const double *x, int n, int w, double *out)
{
	int h = w / 2, lo = -1, hi = -1;
	for (int t = 0; t < n; t++) {
		if (t - h < 0 || t + h >= n) {
			out[t] = NAN;
			continue;
		}
		double s = 0;
		if (w % 2) {
			for (int k = -h; k <= h; k++)
				s += x[t + k];
			s /= w;
		} else {
			for (int k = -h + 1; k <= h - 1; k++)
				s += x[t + k];
			s = (s + 0.5 * (x[t - h] + x[t + h])) / w;
		}
		out[t] = s;
		if (lo < 0)
			lo = t;
		hi = t;
	}
	for (int t = 0; t < n; t++) {
		if (lo < 0) {
			out[t] = x[t];
		} else if (t < lo) {
			out[t] = out[lo];
		} else if (t > hi) {
			out[t] = out[hi];
		}
	}
}

/* Seasonal strength max(0, 1 - var(rem)/var(rem + season)) of a moving-average
 * decomposition whose seasonal component evolves slowly (each phase smoothed by a
 * tricube-weighted local mean over the 11 nearest cycles, like STL's s.window = 11 and
 * s.degree = 0 in R's mstl). On test series it reads 0.01 to 0.04 below R's STL value,
 * so a series right at the 0.64 threshold may get D = 0 where R says 1. */
static double ar_seas_strength(const double *y, int n, int m, double *buf)
{
	double *trend = buf, *seas = buf + n, *tmp = buf + 2 * n, *sub = buf + 3 * n;
	memcpy(tmp, y, sizeof(double) * (size_t)n);
	for (int t = 0; t < n; t++)
		seas[t] = 0;
	for (int it = 0; it < 2; it++) {
		for (int t = 0; t < n; t++)
			tmp[t] = y[t] - seas[t];
		ar_movavg(tmp, n, m, trend);
		for (int ph = 0; ph < m; ph++) {
			int cnt = 0;
			for (int t = ph; t < n; t += m)
				sub[cnt++] = y[t] - trend[t];
			for (int c = 0; c < cnt; c++) {
				/* loess of degree 0 over the 11 nearest cycles, tricube weights */
				int a = c - 5, b = c + 5;
				if (a < 0) {
					b -= a;
					a = 0;
				}
				if (b >= cnt) {
					a -= b - (cnt - 1);
					b = cnt - 1;
				}
				if (a < 0)
					a = 0;
				double hh = (c - a > b - c ? c - a : b - c) + 1.0;
				double s = 0, ws = 0;
				for (int k = a; k <= b; k++) {
					double u = fabs((double)(k - c)) / hh;
					double wt =
					        (1 - u * u * u) * (1 - u * u * u) * (1 - u * u * u);
					s += wt * sub[k];
					ws += wt;
				}
				seas[ph + c * m] = ws > 0 ? s / ws : 0;
			}
		}
		/* remove what the seasonal shares with the trend */
		ar_movavg(seas, n, m, tmp);
		for (int t = 0; t < n; t++)
			seas[t] -= tmp[t];
	}
	double mr = 0, ms = 0;
	for (int t = 0; t < n; t++) {
		double r = y[t] - trend[t] - seas[t];
		mr += r;
		ms += r + seas[t];
	}
	mr /= n;
	ms /= n;
	double vr = 0, vs = 0;
	for (int t = 0; t < n; t++) {
		double r = y[t] - trend[t] - seas[t];
		vr += (r - mr) * (r - mr);
		vs += (r + seas[t] - ms) * (r + seas[t] - ms);
	}
	if (!(vs > 0))
		return 0;
	double s = 1 - vr / vs;
	return s < 0 ? 0 : s > 1 ? 1 : s;
}

/* ------------------------------------------------------------------ model assembly */

static void ar_setname(fc_arima *a)
{
	const ar_order *o = &a->o;
	int len = snprintf(a->name, sizeof a->name, "ARIMA(%d,%d,%d)", o->p, o->d, o->q);
	if (o->m > 1 && o->P + o->D + o->Q > 0)
		len += snprintf(a->name + len, sizeof a->name - (size_t)len, "(%d,%d,%d)[%d]", o->P,
		                o->D, o->Q, o->m);
	if (o->cst)
		snprintf(a->name + len, sizeof a->name - (size_t)len, "%s",
		         o->d + o->D == 0 ? " with non-zero mean" : " with drift");
	snprintf(a->spec, sizeof a->spec, "%d,%d,%d,%d,%d,%d,%d", o->p, o->d, o->q, o->P, o->D,
	         o->Q, o->cst);
}

/* Builds the final model for order o at raw coefficients coef: exact likelihood,
 * final state, tails. Returns FC_OK or an error. *out is malloc'ed. */
static int ar_finish(const double *y, int n, const double *w, int nw, const ar_order *o,
                     const double *coef, fc_arima **out)
{
	fc_arima *a = calloc(1, sizeof *a);
	if (!a)
		return FC_ENOMEM;
	a->o = *o;
	a->n = n;
	a->nw = nw;
	memcpy(a->par, coef, sizeof(double) * (size_t)ar_npar(o));
	ar_ss ss;
	ar_ss_build(o, a->par, &ss);
	a->pp = ss.pp;
	a->qq = ss.qq;
	a->r = ss.r;
	memcpy(a->phi, ss.phi, sizeof ss.phi);
	memcpy(a->theta, ss.theta, sizeof ss.theta);
	int r = ss.r;
	size_t kw = (size_t)5 * (r + 1) * (r + 1);
	double *work = malloc(sizeof(double) * (kw + 2 * (size_t)nw));
	if (!work) {
		free(a);
		return FC_ENOMEM;
	}
	double *innov = work + kw, *xc = innov + nw;
	double mu = 0, s2 = 0;
	double v = ar_kalman(&ss, w, nw, o->cst, work, &mu, &s2, NULL, NULL);
	if (!(v < AR_BIG)) {
		free(work);
		free(a);
		return FC_ENOCONV;
	}
	for (int t = 0; t < nw; t++)
		xc[t] = w[t] - mu;
	double s2b = 0;
	ar_kalman(&ss, xc, nw, 0, work, NULL, &s2b, innov, a->state);
	a->mu = o->cst ? mu : 0;
	/* R's forecast::Arima reports sum(residuals^2) / (nstar - ncoef) */
	a->sigma2 = nw - ar_npar(o) - o->cst > 0 ? s2 * nw / (nw - ar_npar(o) - o->cst) : s2;
	a->loglik = -0.5 * (2.0 * nw * v + nw + nw * log(2 * M_PI));
	int npar = ar_npar(o) + o->cst + 1;
	a->aic = -2 * a->loglik + 2.0 * npar;
	a->aicc = ar_aicc(-2 * a->loglik, npar, nw);
	/* tails: y for undoing the differences, w and the one-step innovations */
	int dm = o->d + o->m * o->D;
	int tail = dm + ss.pp + ss.qq + 1;
	if (tail > n)
		tail = n;
	a->ntail = tail;
	a->ytail = malloc(sizeof(double) * (size_t)tail * 3);
	if (!a->ytail) {
		free(work);
		free(a);
		return FC_ENOMEM;
	}
	a->wtail = a->ytail + tail;
	a->etail = a->wtail + tail;
	for (int i = 0; i < tail; i++) {
		a->ytail[i] = y[n - tail + i];
		int tw = nw - tail + i;
		a->wtail[i] = tw >= 0 ? w[tw] - a->mu : 0;
		a->etail[i] = tw >= 0 ? innov[tw] : 0;
	}
	free(work);
	if (!isfinite(a->loglik) || !isfinite(a->sigma2)) {
		fc_arima_free(a);
		return FC_ENOCONV;
	}
	ar_setname(a);
	*out = a;
	return FC_OK;
}

static int ar_parse(const char *spec, ar_order *o)
{
	int v[7], k = 0;
	const char *s = spec;
	while (*s && k < 7) {
		char *end;
		long x = strtol(s, &end, 10);
		if (end == s || x < 0 || x > 9)
			return -1;
		v[k++] = (int)x;
		s = end;
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	if (*s || k < 6)
		return -1;
	o->p = v[0];
	o->d = v[1];
	o->q = v[2];
	o->P = v[3];
	o->D = v[4];
	o->Q = v[5];
	o->cst = k == 7 ? v[6] : (o->d + o->D <= 1);
	if (o->d + o->D >= 2)
		o->cst = 0;
	if (o->p > AR_MAXP || o->q > AR_MAXP || o->P > AR_MAXSP || o->Q > AR_MAXSP || o->d > 2 ||
	    o->D > 1)
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ public API */

static int ar_same(const ar_order *a, const ar_order *b)
{
	return a->p == b->p && a->q == b->q && a->P == b->P && a->Q == b->Q && a->cst == b->cst;
}

/* Model fitting, kept as one function on purpose although it is longer than the ~120 lines
 * the tree otherwise allows: the stepwise order search reads as the published procedure
 * (differencing tests, the four starting models, the neighbour moves, the refit of the
 * winner by exact ML), and its steps share the table of fitted orders and the best fit. */
int fc_arima_fit(const double *y, int n, int period, const char *spec, fc_arima **out)
{
	pthread_once(&ar_gsl_once, ar_gsl_quiet);
	if (!out)
		return FC_EINVAL;
	*out = NULL;
	if (!y || n < 0 || period < 0 || period > AR_MAXM)
		return FC_EINVAL;
	for (int i = 0; i < n; i++)
		if (!isfinite(y[i]))
			return FC_EINVAL;
	if (n < 8)
		return FC_ENODATA;
	if (ar_is_constant(y, n))
		return FC_ENODATA;
	int m = period < 2 ? 1 : period;
	int rc = FC_OK;
	double *w = malloc(sizeof(double) * (size_t)n * 5);
	double *work = malloc(sizeof(double) * ((size_t)n * 2 + 5 * (AR_MAXR + 1) * (AR_MAXR + 1)));
	ar_cand *cands = NULL;
	if (!w || !work) {
		rc = FC_ENOMEM;
		goto end;
	}
	double *buf = w + n;

	if (spec) {
		ar_order o;
		if (ar_parse(spec, &o) != 0) {
			rc = FC_EINVAL;
			goto end;
		}
		o.m = m;
		if (m == 1 && (o.P || o.D || o.Q)) {
			rc = FC_EINVAL;
			goto end;
		}
		int nw = ar_difference(y, n, o.d, o.D, m, w);
		int k = ar_npar(&o);
		if (nw < k + o.cst + 4 + o.p + m * o.P) {
			rc = FC_ENODATA;
			goto end;
		}
		if (ar_is_constant(w, nw)) {
			rc = FC_ENODATA;
			goto end;
		}
		double x[AR_MAXK] = {0};
		double ic = ar_fit_order(w, nw, &o, 1, x, work, 1);
		if (!isfinite(ic)) {
			rc = FC_ENOCONV;
			goto end;
		}
		rc = ar_finish(y, n, w, nw, &o, x, out);
		goto end;
	}

	/* ---- automatic order selection */
	{
		int D = 0;
		if (m > 1 && n >= 2 * m && ar_seas_strength(y, n, m, buf) > 0.64)
			D = 1;
		int nD = ar_difference(y, n, 0, D, m, w);
		int d = ar_ndiffs(w, nD, buf);
		int nw = ar_difference(y, n, d, D, m, w);
		if (nw < 10 || ar_is_constant(w, nw)) {
			rc = FC_ENODATA;
			goto end;
		}
		int seasonal = m > 1 && n > 2 * m;
		int maxP = seasonal ? AR_MAXSP : 0, maxQ = maxP;
		int approx = n > 150 || m > 12;
		int allowc = d + D <= 1;
		int ncand = 0, capc = 96;
		cands = malloc(sizeof *cands * (size_t)capc);
		if (!cands) {
			rc = FC_ENOMEM;
			goto end;
		}
		ar_order base = {0, d, 0, 0, D, 0, m, allowc};
		int best = -1;
		/* fits one order unless already tried; returns its index or -1 */
#define TRY(P_, Q_, SP_, SQ_, C_)                                                                  \
	do {                                                                                       \
		ar_order o_ = base;                                                                \
		o_.p = (P_);                                                                       \
		o_.q = (Q_);                                                                       \
		o_.P = (SP_);                                                                      \
		o_.Q = (SQ_);                                                                      \
		o_.cst = (C_);                                                                     \
		int seen_ = 0;                                                                     \
		for (int i_ = 0; i_ < ncand; i_++)                                                 \
			if (ar_same(&cands[i_].o, &o_))                                            \
				seen_ = 1;                                                         \
		last = -1;                                                                         \
		if (!seen_ && ncand < capc) {                                                      \
			ar_cand *c_ = &cands[ncand];                                               \
			c_->o = o_;                                                                \
			memset(c_->x, 0, sizeof c_->x);                                            \
			if (best >= 0)                                                             \
				ar_warm(&cands[best], &o_, c_->x);                                 \
			c_->ic = ar_fit_order(w, nw, &o_, !approx, c_->x, work, 0);                \
			c_->ml = !approx;                                                          \
			last = ncand++;                                                            \
		}                                                                                  \
	} while (0)
		int last = -1;
		int p = 2, q = 2, P = maxP ? 1 : 0, Q = maxQ ? 1 : 0, cst = allowc;
		TRY(p, q, P, Q, cst);
		best = last;
		TRY(0, 0, 0, 0, cst);
		if (last >= 0 && cands[last].ic < cands[best].ic) {
			best = last;
			p = q = P = Q = 0;
		}
		TRY(1, 0, maxP ? 1 : 0, 0, cst);
		if (last >= 0 && cands[last].ic < cands[best].ic) {
			best = last;
			p = 1;
			P = maxP ? 1 : 0;
			q = Q = 0;
		}
		TRY(0, 1, 0, maxQ ? 1 : 0, cst);
		if (last >= 0 && cands[last].ic < cands[best].ic) {
			best = last;
			p = P = 0;
			q = 1;
			Q = maxQ ? 1 : 0;
		}
		if (cst) {
			TRY(0, 0, 0, 0, 0);
			if (last >= 0 && cands[last].ic < cands[best].ic) {
				best = last;
				p = q = P = Q = 0;
				cst = 0;
			}
		}
		/* R's neighbourhood, in R's order; a better model restarts the scan */
		static const int moves[16][4] = {
		        {0, 0, -1, 0},  {0, 0, 0, -1}, {0, 0, 1, 0},  {0, 0, 0, 1},
		        {0, 0, -1, -1}, {0, 0, -1, 1}, {0, 0, 1, -1}, {0, 0, 1, 1},
		        {-1, 0, 0, 0},  {0, -1, 0, 0}, {1, 0, 0, 0},  {0, 1, 0, 0},
		        {-1, -1, 0, 0}, {-1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0}};
		int improved = 1;
		while (improved && ncand < 94) {
			improved = 0;
			for (int mv = 0; mv < 17 && !improved; mv++) {
				int np_ = p, nq = q, nP = P, nQ = Q, nc = cst;
				if (mv < 16) {
					np_ += moves[mv][0];
					nq += moves[mv][1];
					nP += moves[mv][2];
					nQ += moves[mv][3];
					if (np_ < 0 || nq < 0 || nP < 0 || nQ < 0 ||
					    np_ > AR_MAXP || nq > AR_MAXP || nP > maxP || nQ > maxQ)
						continue;
				} else {
					if (!allowc)
						continue;
					nc = !cst;
				}
				TRY(np_, nq, nP, nQ, nc);
				if (last >= 0 && cands[last].ic < cands[best].ic) {
					best = last;
					p = np_;
					q = nq;
					P = nP;
					Q = nQ;
					cst = nc;
					improved = 1;
				}
			}
		}
#undef TRY
		double bestcss[AR_MAXK];
		memcpy(bestcss, cands[best].x, sizeof bestcss);
		/* refit by exact ML, best first; fall back to the next when one fails (as R) */
		rc = FC_ENOCONV;
		int firstbest = best;
		for (int attempt = 0; attempt < 3; attempt++) {
			int bi = -1;
			for (int i = 0; i < ncand; i++)
				if (isfinite(cands[i].ic) && (bi < 0 || cands[i].ic < cands[bi].ic))
					bi = i;
			if (bi < 0)
				break;
			ar_cand *c = &cands[bi];
			if (!c->ml) {
				double ic = ar_fit_order(w, nw, &c->o, 1, c->x, work, 0);
				if (!isfinite(ic)) {
					c->ic = HUGE_VAL;
					continue;
				}
			}
			rc = ar_finish(y, n, w, nw, &c->o, c->x, out);
			if (rc == FC_OK || rc == FC_ENOMEM)
				break;
			c->ic = HUGE_VAL;
		}
		if (rc == FC_ENOCONV && firstbest >= 0) {
			/* every ML refit drifted onto the unit circle: keep the search winner at its
             * CSS estimate (admissible by construction) rather than fail */
			ar_cand *c = &cands[firstbest];
			memcpy(c->x, bestcss, sizeof bestcss);
			rc = ar_finish(y, n, w, nw, &c->o, c->x, out);
		}
	}
end:
	free(cands);
	free(work);
	free(w);
	return rc;
}

/* psi weights of the full (differenced) model, psi[0..h-1]. */
static int ar_psi(const fc_arima *a, int h, double *psi)
{
	const ar_order *o = &a->o;
	int dm = o->d + o->m * o->D;
	/* full AR polynomial: (1 - sum phi B^i) * (1-B)^d (1-B^m)^D as 1 - sum c_i B^i */
	int deg = a->pp + dm;
	double *c = calloc((size_t)deg + 2, sizeof *c);
	double *poly = calloc((size_t)deg + 2, sizeof *poly);
	if (!c || !poly) {
		free(c);
		free(poly);
		return FC_ENOMEM;
	}
	poly[0] = 1;
	for (int i = 0; i < a->pp; i++)
		poly[i + 1] = -a->phi[i];
	int cur = a->pp;
	for (int k = 0; k < o->d + o->D; k++) {
		int lag = k < o->d ? 1 : o->m;
		for (int i = cur + lag; i >= lag; i--)
			poly[i] -= poly[i - lag];
		cur += lag;
	}
	for (int i = 1; i <= deg; i++)
		c[i] = -poly[i];
	for (int j = 0; j < h; j++) {
		double v = j == 0 ? 1 : (j - 1 < a->qq ? a->theta[j - 1] : 0);
		for (int i = 1; i <= deg && i <= j; i++)
			v += c[i] * psi[j - i];
		psi[j] = v;
	}
	free(c);
	free(poly);
	return FC_OK;
}

/* Integrates forecasts of w (with mean removed: wf) back to y. */
static void ar_integrate(const fc_arima *a, const double *wf, int h, double *yout)
{
	const ar_order *o = &a->o;
	int dm = o->d + o->m * o->D;
	if (dm == 0) {
		for (int i = 0; i < h; i++)
			yout[i] = wf[i];
		return;
	}
	/* difference operator coefficients delta: (1-B)^d (1-B^m)^D = 1 + sum delta_i B^i */
	double delta[2 + 2 * AR_MAXM + 4] = {0};
	delta[0] = 1;
	int cur = 0;
	for (int k = 0; k < o->d + o->D; k++) {
		int lag = k < o->d ? 1 : o->m;
		for (int i = cur + lag; i >= lag; i--)
			delta[i] -= delta[i - lag];
		cur += lag;
	}
	for (int i = 0; i < h; i++) {
		double v = wf[i];
		for (int j = 1; j <= dm; j++) {
			int idx = i - j;
			double yj = idx >= 0 ? yout[idx] : a->ytail[a->ntail + idx];
			v -= delta[j] * yj;
		}
		yout[i] = v;
	}
}

int fc_arima_forecast(const fc_arima *a, int h, double *mean, double *var)
{
	if (!a || h < 1 || !mean)
		return FC_EINVAL;
	double *wf = malloc(sizeof(double) * (size_t)h);
	if (!wf)
		return FC_ENOMEM;
	double st[AR_MAXR], nx[AR_MAXR];
	memcpy(st, a->state, sizeof st);
	for (int i = 0; i < h; i++) {
		for (int j = 0; j < a->r; j++)
			nx[j] = (j < a->pp ? a->phi[j] * st[0] : 0) +
			        (j + 1 < a->r ? st[j + 1] : 0);
		memcpy(st, nx, sizeof(double) * (size_t)a->r);
		wf[i] = st[0] + a->mu;
	}
	ar_integrate(a, wf, h, mean);
	free(wf);
	for (int i = 0; i < h; i++)
		if (!isfinite(mean[i]))
			return FC_ENUMERIC;
	if (var) {
		double *psi = malloc(sizeof(double) * (size_t)h);
		if (!psi)
			return FC_ENOMEM;
		int rc = ar_psi(a, h, psi);
		if (rc != FC_OK) {
			free(psi);
			return rc;
		}
		double acc = 0;
		for (int i = 0; i < h; i++) {
			acc += psi[i] * psi[i];
			var[i] = a->sigma2 * acc;
			if (!isfinite(var[i])) {
				free(psi);
				return FC_ENUMERIC;
			}
		}
		free(psi);
	}
	return FC_OK;
}

int fc_arima_simulate(const fc_arima *a, int h, int npaths, unsigned long long seed, double *paths)
{
	if (!a || h < 1 || npaths < 1 || !paths)
		return FC_EINVAL;
	int L = a->ntail;
	double *wv = malloc(sizeof(double) * (size_t)(L + h) * 2);
	double *wf = malloc(sizeof(double) * (size_t)h);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!wv || !wf || !r) {
		free(wv);
		free(wf);
		if (r)
			gsl_rng_free(r);
		return FC_ENOMEM;
	}
	gsl_rng_set(r, (unsigned long)(seed ^ (seed >> 32)) ^ 0x5bd1e995UL);
	double *ev = wv + L + h;
	double sd = sqrt(a->sigma2);
	for (int p = 0; p < npaths; p++) {
		memcpy(wv, a->wtail, sizeof(double) * (size_t)L);
		memcpy(ev, a->etail, sizeof(double) * (size_t)L);
		for (int i = 0; i < h; i++) {
			int t = L + i;
			double e = gsl_ran_gaussian_ziggurat(r, sd), v = e;
			for (int j = 0; j < a->pp && t - j - 1 >= 0; j++)
				v += a->phi[j] * wv[t - j - 1];
			for (int j = 0; j < a->qq && t - j - 1 >= 0; j++)
				v += a->theta[j] * ev[t - j - 1];
			wv[t] = v;
			ev[t] = e;
			wf[i] = v + a->mu;
		}
		ar_integrate(a, wf, h, paths + (size_t)p * h);
	}
	gsl_rng_free(r);
	free(wf);
	free(wv);
	return FC_OK;
}

const char *fc_arima_spec(const fc_arima *m)
{
	return m ? m->spec : "";
}

const char *fc_arima_name(const fc_arima *m)
{
	return m ? m->name : "";
}
double fc_arima_aicc(const fc_arima *m)
{
	return m ? m->aicc : NAN;
}
double fc_arima_loglik(const fc_arima *m)
{
	return m ? m->loglik : NAN;
}

int fc_arima_coef(const fc_arima *m, int *order, double *coef, int cap, double *sigma2)
{
	if (!m)
		return 0;
	const ar_order *o = &m->o;
	if (order) {
		order[0] = o->p;
		order[1] = o->d;
		order[2] = o->q;
		order[3] = o->P;
		order[4] = o->D;
		order[5] = o->Q;
	}
	int k = ar_npar(o);
	double all[AR_MAXK + 1];
	memcpy(all, m->par, sizeof(double) * (size_t)k);
	if (o->cst)
		all[k++] = o->D == 1 ? m->mu / o->m : m->mu; /* drift per step, or mean */
	for (int i = 0; i < k && i < cap && coef; i++)
		coef[i] = all[i];
	if (sigma2)
		*sigma2 = m->sigma2;
	return k;
}

void fc_arima_free(fc_arima *m)
{
	if (!m)
		return;
	free(m->ytail);
	free(m);
}
