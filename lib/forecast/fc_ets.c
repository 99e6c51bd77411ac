/* fc_ets.c — ETS (error, trend, seasonal) exponential smoothing for the forecasting engine.
 *
 * The state recursions, the likelihood and the information criteria are those of R's
 * forecast::ets (Hyndman, Koehler, Snyder and Grose 2002; Hyndman et al. 2008), so that a
 * fit here can be held to R's numbers. The estimation differs on purpose, for speed and
 * for a better optimum:
 *  - additive-error forms are linear in their initial state, so the one-step errors are
 *    e = e0 + J*x0 and n*log(SSE) is minimised over x0 exactly by least squares for every
 *    trial of the smoothing parameters (a Cholesky solve of our own, fc_linalg.c: LAPACK's
 *    last bits depend on the CPU's BLAS kernel, and inside the objective they would steer
 *    the optimiser elsewhere); only 1 to 4 smoothing parameters are left to the optimiser
 *    (NLopt BOBYQA / Nelder-Mead on a unit box);
 *  - multiplicative-error forms start from the matching additive fit and are polished
 *    jointly over smoothing parameters and initial state by NLopt's Nelder-Mead.
 * Parameters stay in R's "usual" region (alpha, beta <= alpha, gamma <= 1-alpha, phi in
 * [0.8, 0.98]) and must also pass R's admissibility test for seasonal forms.
 * Every function is reentrant: no globals, the optimiser state lives on the stack. */
#include "fc_ets.h"

#include "fc_linalg.h"

#include <gsl/gsl_poly.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <nlopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NONE = 0, ADD = 1, MULT = 2 };
#define ETS_MAXM 24 /* R refuses seasonal periods above 24 too */
#define ETS_MAXK (2 + ETS_MAXM)
#define ETS_LO   1e-4
#define ETS_HI   0.9999
#define PHI_LO   0.8
#define PHI_HI   0.98
#define BIG_LIK  1e30

struct fc_ets {
	int error, trend, season, damped, m, n;
	double alpha, beta, gamma, phi;
	double x0[ETS_MAXK]; /* l, [b], s[0..m-1] (s[m-1] is used first), as R stores it */
	double xn[ETS_MAXK]; /* state after the last observation, same layout */
	double lik, loglik, aic, aicc, sigma2;
	int np; /* number of estimated parameters including sigma, as R counts them */
	char name[24];
	char spec[8]; /* the same form as a spec string for fc_ets_fit, e.g. \"AAdA\" */
};

/* Which form: error/trend/season codes and damping. */
typedef struct {
	int error, trend, season, damped;
} ets_form;

/* Everything one objective evaluation needs; lives on the caller's stack. */
typedef struct {
	const double *y;
	int n, m;
	ets_form f;
	int nsm;      /* number of smoothing parameters optimised (alpha[,beta][,gamma][,phi]) */
	int nk;       /* number of free initial states (l, [b], m-1 seasonals) */
	int joint;    /* 1: x0 is part of the parameter vector (multiplicative errors) */
	double *work; /* scratch for the profile filter */
	gsl_poly_complex_workspace *poly; /* the admissibility test's, kept between calls */
	double bestx0[ETS_MAXK];
	double scale[ETS_MAXK]; /* joint fits: state j = x[nsm + j] * scale[j] */
	int evals;
} ets_ctx;

/* GSL's default error handler aborts the process; the engine must return error codes
 * instead. The handler is process-wide state, so it is switched off once (pthread_once)
 * rather than toggled around calls, which would race between threads. */
static pthread_once_t ets_gsl_once = PTHREAD_ONCE_INIT;
static void ets_gsl_quiet(void)
{
	gsl_set_error_handler_off();
}

/* ------------------------------------------------------------------ recursions (R's etscalc) */

/* One-step forecast from state (l, b, s) with s[m-1] the seasonal due next. */
static double ets_onestep(const ets_form *f, double l, double b, const double *s, int m, double phi)
{
	double v;
	if (f->trend == NONE)
		v = l;
	else if (f->trend == ADD)
		v = l + phi * b;
	else
		v = b < 0 ? NAN : l * pow(b, phi);
	if (f->season == ADD)
		v += s[m - 1];
	else if (f->season == MULT)
		v *= s[m - 1];
	return v;
}

/* State update after observing y (R's update(); the same for both error types). */
static void ets_update(const ets_form *f, double *l, double *b, double *s, int m, double alpha,
                       double beta, double gamma, double phi, double y)
{
	double oldl = *l, q, phib = 0, p, r, t;
	if (f->trend == NONE) {
		q = oldl;
	} else if (f->trend == ADD) {
		phib = phi * (*b);
		q = oldl + phib;
	} else {
		phib = fabs(phi - 1.0) < 1e-10 ? *b : pow(*b, phi);
		q = oldl * phib;
	}
	double sl = f->season > NONE ? s[m - 1] : 0;
	if (f->season == NONE)
		p = y;
	else if (f->season == ADD)
		p = y - sl;
	else
		p = fabs(sl) < 1e-10 ? 1e10 : y / sl;
	*l = q + alpha * (p - q);
	if (f->trend > NONE) {
		if (f->trend == ADD)
			r = *l - oldl;
		else
			r = fabs(oldl) < 1e-10 ? 1e10 : *l / oldl;
		*b = phib + (beta / alpha) * (r - phib);
	}
	if (f->season > NONE) {
		if (f->season == ADD)
			t = y - q;
		else
			t = fabs(q) < 1e-10 ? 1e10 : y / q;
		double news = sl + gamma * (t - sl);
		memmove(s + 1, s, (size_t)(m - 1) * sizeof *s);
		s[0] = news;
	}
}

/* Runs the filter from x0 over y; returns R's "lik" (n*log(SSE) [+2*sum log|f|]) or
 * BIG_LIK when the recursion leaves the valid domain. Writes residuals to e and the final
 * state to xn when they are not NULL. */
static double ets_filter(const ets_form *f, int m, const double *y, int n, const double *x0,
                         double alpha, double beta, double gamma, double phi, double *e, double *xn)
{
	double l = x0[0], b = f->trend > NONE ? x0[1] : 0, s[ETS_MAXM];
	int off = 1 + (f->trend > NONE);
	if (f->season > NONE)
		memcpy(s, x0 + off, (size_t)m * sizeof *s);
	double sse = 0, slog = 0;
	for (int i = 0; i < n; i++) {
		double fc = ets_onestep(f, l, b, s, m, phi);
		if (!isfinite(fc))
			return BIG_LIK;
		double ei;
		if (f->error == ADD) {
			ei = y[i] - fc;
		} else {
			if (fc <= 0)
				return BIG_LIK;
			ei = (y[i] - fc) / fc;
			slog += log(fc);
		}
		if (e)
			e[i] = ei;
		sse += ei * ei;
		ets_update(f, &l, &b, s, m, alpha, beta, gamma, phi, y[i]);
		if (!isfinite(l))
			return BIG_LIK;
	}
	if (xn) {
		xn[0] = l;
		if (f->trend > NONE)
			xn[1] = b;
		if (f->season > NONE)
			memcpy(xn + off, s, (size_t)m * sizeof *s);
	}
	if (!(sse > 0) || !isfinite(sse))
		return BIG_LIK;
	double lik = n * log(sse);
	if (f->error == MULT)
		lik += 2 * slog;
	return isfinite(lik) ? lik : BIG_LIK;
}

/* ------------------------------------------------------------------ parameter region */

/* R's admissible(): the characteristic-equation test for seasonal forms. */
static int ets_admissible(double alpha, double beta, double gamma, double phi, int m, int seasonal,
                          gsl_poly_complex_workspace **pw)
{
	if (!seasonal)
		return 1; /* the usual region is inside the admissible one here */
	if (gamma < fmax(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha)
		return 0;
	if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m))
		return 0;
	if (beta < -(1 - phi) * (gamma / m + alpha))
		return 0;
	double P[ETS_MAXM + 2], z[2 * (ETS_MAXM + 1)];
	int deg = m + 1;
	P[0] = phi * (1 - alpha - gamma);
	P[1] = alpha + beta - alpha * phi + gamma - 1;
	for (int j = 2; j < m; j++)
		P[j] = alpha + beta - alpha * phi;
	P[m] = alpha + beta - phi;
	P[m + 1] = 1;
	/* leading zero coefficients are impossible (P[deg] = 1); trailing ones lower the degree */
	int lo = 0;
	while (lo < deg && fabs(P[lo]) < 1e-300)
		lo++;
	if (deg - lo < 1)
		return 1;
	/* one workspace per fit, not one per evaluation (its size only changes when a
	 * coefficient is exactly zero) */
	if (!*pw || (*pw)->nc != (size_t)(deg - lo)) {
		if (*pw)
			gsl_poly_complex_workspace_free(*pw);
		*pw = gsl_poly_complex_workspace_alloc((size_t)(deg - lo + 1));
	}
	if (!*pw)
		return 1;
	int rc = gsl_poly_complex_solve(P + lo, (size_t)(deg - lo + 1), *pw, z);
	if (rc != 0)
		return 0;
	for (int j = 0; j < deg - lo; j++)
		if (hypot(z[2 * j], z[2 * j + 1]) > 1 + 1e-10)
			return 0;
	return 1;
}

/* Maps the unit-box vector u to (alpha, beta, gamma, phi) inside R's usual region. */
static void ets_unbox(const ets_form *f, const double *u, double *a, double *b, double *g,
                      double *p)
{
	int k = 0;
	*a = ETS_LO + u[k++] * (ETS_HI - ETS_LO);
	*b = 0;
	*g = 0;
	*p = 1;
	if (f->trend > NONE)
		*b = ETS_LO + u[k++] * (*a - ETS_LO);
	if (f->season > NONE)
		*g = ETS_LO + u[k++] * (fmax(1 - *a, ETS_LO) - ETS_LO);
	if (f->damped)
		*p = PHI_LO + u[k++] * (PHI_HI - PHI_LO);
}

/* Inverse of ets_unbox, for starting points. */
static void ets_box(const ets_form *f, double a, double b, double g, double p, double *u)
{
	int k = 0;
	u[k++] = (a - ETS_LO) / (ETS_HI - ETS_LO);
	if (f->trend > NONE)
		u[k++] = a > ETS_LO ? (b - ETS_LO) / (a - ETS_LO) : 0;
	if (f->season > NONE) {
		double top = fmax(1 - a, ETS_LO) - ETS_LO;
		u[k++] = top > 0 ? (g - ETS_LO) / top : 0;
	}
	if (f->damped)
		u[k++] = (p - PHI_LO) / (PHI_HI - PHI_LO);
	for (int j = 0; j < k; j++)
		u[j] = fmin(1, fmax(0, u[j]));
}

/* Full initial state from the free one: the last seasonal makes the seasonals sum to 0
 * (additive) or m (multiplicative), as in R. */
static void ets_expand_x0(const ets_form *f, int m, const double *c, double *x0)
{
	int off = 1 + (f->trend > NONE);
	memcpy(x0, c, (size_t)off * sizeof *x0);
	if (f->season > NONE) {
		double sum = 0;
		for (int j = 0; j < m - 1; j++) {
			x0[off + j] = c[off + j];
			sum += c[off + j];
		}
		x0[off + m - 1] = (f->season == MULT ? m : 0) - sum;
	}
}

/* ------------------------------------------------------------------ profile likelihood */

/* Two doubles side by side (GCC and Clang vector extension; plain code elsewhere). */
typedef double v2d __attribute__((vector_size(2 * sizeof(double))));

/* G += E E' on the upper triangle (K x K, row-major). Unrolled for a constant K: the
 * triangle's short inner loops otherwise cost a mispredicted exit each, more than their
 * arithmetic. With K even the rows go two entries at a time from the even column at or
 * left of the diagonal: each upper entry gets the same product and sum as one at a time
 * (the one entry below the diagonal this adds to on odd rows is never read). */
static inline __attribute__((always_inline)) void gram_add(const int K, const double *E, double *G)
{
	if (K % 2 == 0) {
#pragma GCC unroll 8
		for (int a = 0; a < K; a++) {
			const v2d ea = {E[a], E[a]};
			double *Ga = G + a * K;
#pragma GCC unroll 4
			for (int b = a & ~1; b < K; b += 2) {
				v2d g, e;
				memcpy(&g, Ga + b, sizeof g);
				memcpy(&e, E + b, sizeof e);
				g += ea * e;
				memcpy(Ga + b, &g, sizeof g);
			}
		}
		return;
	}
#pragma GCC unroll 8
	for (int a = 0; a < K; a++) {
		const double ea = E[a];
		double *Ga = G + a * K;
#pragma GCC unroll 8
		for (int b = a; b < K; b++)
			Ga[b] += ea * E[b];
	}
}

/* One pass of the K filters side by side over y[0..n-1] (see ets_profile), accumulating
 * the upper triangle of the Gram matrix of their step errors into G (K x K, zeroed).
 * m is the seasonal ring's length, 0 without a season; par holds alpha, phi, beta and
 * gamma, each 0 where the form lacks the component. Inlined so that a constant K from
 * the caller fixes every loop's trip count. */
static inline __attribute__((always_inline)) void profile_pass(const int K, const double *y, int n,
                                                               int m, const double *par, double *L,
                                                               double *B, double *S, double *G)
{
	const double alpha = par[0], phib = par[1], betab = par[2], gammas = par[3];
	double E[ETS_MAXK + 1] = {0}; /* the step errors of the K columns, set at every step */
	int pos = 0;
	for (int t = 0; t < n; t++) {
		double *Sp = S + (size_t)pos * K;
#pragma GCC unroll 8
		for (int j = 0; j < K; j++) {
			double q = L[j] + phib * B[j];
			double e = -q - Sp[j];
			E[j] = e;
			L[j] = q + alpha * e;
			B[j] = phib * B[j] + betab * e;
			Sp[j] += gammas * e;
		}
		/* the data enter column 0 only */
		double yt = y[t];
		E[0] += yt;
		L[0] += alpha * yt;
		B[0] += betab * yt;
		Sp[0] += gammas * yt;
		if (m)
			pos = pos + 1 == m ? 0 : pos + 1;
		gram_add(K, E, G);
	}
}

/* Additive-error linear forms: the one-step errors are affine in the free initial state c,
 * e_t = e0_t + sum_j c_j * J_tj. One pass runs the k+1 filters side by side (column 0 with
 * the data and a zero start, column j with no data and unit start j) and accumulates the
 * Gram matrix of (e0, J); the best c then solves a k x k positive system. Returns n*log(SSE)
 * at the best c, which it leaves in c. */
static double ets_profile(ets_ctx *cx, double alpha, double beta, double gamma, double phi,
                          double *c)
{
	const ets_form *f = &cx->f;
	int m = cx->m, k = cx->nk, K = k + 1, n = cx->n;
	int hasb = f->trend > NONE, hass = f->season > NONE;
	/* S is slot-major (S[slot * K + column]) so that every step runs contiguous loops
	 * over the K columns, which the compiler vectorises */
	double *L = cx->work, *B = L + K, *S = B + K;
	double G[(ETS_MAXK + 1) * (ETS_MAXK + 1)];
	memset(L, 0, (size_t)K * (2 + (size_t)m) * sizeof *L);
	memset(G, 0, sizeof G);
	/* unit starts; ring slot i holds s[m-1-i] at time 0 */
	int col = 1;
	L[col++] = 1;
	if (hasb)
		B[col++] = 1;
	if (hass) {
		for (int j = 0; j < m - 1; j++, col++) {
			S[(m - 1 - j) * K + col] = 1; /* s[j] = 1 */
			S[0 * K + col] = -1;          /* s[m-1] = -1 */
		}
	}
	const double phib = hasb ? phi : 0, betab = hasb ? beta : 0, gammas = hass ? gamma : 0;
	const double par[4] = {alpha, phib, betab, gammas};
	/* the two forms etsq fits get a pass with a constant column count, which the compiler
	 * unrolls and vectorises; the arithmetic, and so every bit, is the same */
	if (K == 2)
		profile_pass(2, cx->y, n, hass ? m : 0, par, L, B, S, G);
	else if (K == 8)
		profile_pass(8, cx->y, n, hass ? m : 0, par, L, B, S, G);
	else
		profile_pass(K, cx->y, n, hass ? m : 0, par, L, B, S, G);
	/* solve Gcc c = -Gc0 (upper triangle filled, row-major) */
	double A[ETS_MAXK * ETS_MAXK], r[ETS_MAXK];
	double scale = 0;
	for (int a = 0; a < k; a++)
		scale = fmax(scale, G[(a + 1) * K + a + 1]);
	for (int a = 0; a < k; a++) {
		for (int b = 0; b < k; b++) {
			int i = a < b ? a : b, jj = a < b ? b : a;
			A[a * k + b] = G[(i + 1) * K + jj + 1];
		}
		A[a * k + a] += 1e-12 * scale + 1e-300; /* keeps a flat direction from failing */
		r[a] = -G[a + 1];
	}
	if (fc_chol_solve(k, A, r) != 0)
		return BIG_LIK;
	double sse = G[0];
	for (int a = 0; a < k; a++)
		sse += G[a + 1] * r[a]; /* G00 - Gc0' Gcc^-1 Gc0 */
	memcpy(c, r, (size_t)k * sizeof *c);
	double floor = 1e-14 * (G[0] > 0 ? G[0] : 1);
	if (!(sse > floor))
		sse = floor;
	return n * log(sse);
}

static double ets_objective(unsigned nx, const double *x, double *grad, void *data)
{
	(void)grad;
	(void)nx;
	ets_ctx *cx = data;
	cx->evals++;
	double a, b, g, p;
	ets_unbox(&cx->f, x, &a, &b, &g, &p);
	if (!ets_admissible(a, b, g, p, cx->m, cx->f.season > NONE, &cx->poly))
		return BIG_LIK;
	if (!cx->joint) {
		double c[ETS_MAXK];
		double lik = ets_profile(cx, a, b, g, p, c);
		if (lik < BIG_LIK)
			memcpy(cx->bestx0, c, sizeof c);
		return lik;
	}
	/* c holds the nk free states and x0 the full state ets_expand_x0 derives from them;
	 * zeroed so that no slot is ever read uninitialised, whatever nk and m are */
	double x0[ETS_MAXK] = {0}, c[ETS_MAXK] = {0};
	for (int j = 0; j < cx->nk; j++)
		c[j] = x[cx->nsm + j] * cx->scale[j];
	ets_expand_x0(&cx->f, cx->m, c, x0);
	if (cx->f.season == MULT) {
		int off = 1 + (cx->f.trend > NONE);
		for (int j = 0; j < cx->m; j++)
			if (x0[off + j] <= 1e-6)
				return BIG_LIK;
	}
	if (cx->f.trend == MULT && x0[1] <= 0)
		return BIG_LIK;
	return ets_filter(&cx->f, cx->m, cx->y, cx->n, x0, a, b, g, p, NULL, NULL);
}

/* ------------------------------------------------------------------ fitting one form */

static int ets_parse(const char *spec, ets_form *f)
{
	memset(f, 0, sizeof *f);
	if (!spec)
		return -1;
	size_t len = strlen(spec);
	if (len < 3 || len > 4)
		return -1;
	const char *s = spec;
	if (*s == 'A')
		f->error = ADD;
	else if (*s == 'M')
		f->error = MULT;
	else
		return -1;
	s++;
	if (*s == 'N')
		f->trend = NONE;
	else if (*s == 'A')
		f->trend = ADD;
	else
		return -1;
	s++;
	if (*s == 'd') {
		if (f->trend == NONE)
			return -1;
		f->damped = 1;
		s++;
	}
	if (*s == 'N')
		f->season = NONE;
	else if (*s == 'A')
		f->season = ADD;
	else if (*s == 'M')
		f->season = MULT;
	else
		return -1;
	if (s[1] != '\0')
		return -1;
	if (f->error == ADD && f->season == MULT)
		return -1; /* R's restrict = TRUE */
	return 0;
}

static void ets_setname(fc_ets *e)
{
	const char *t = e->trend == NONE ? "N" : e->damped ? "Ad" : "A";
	const char *s = e->season == NONE ? "N" : e->season == ADD ? "A" : "M";
	snprintf(e->name, sizeof e->name, "ETS(%c,%s,%s)", e->error == ADD ? 'A' : 'M', t, s);
	snprintf(e->spec, sizeof e->spec, "%c%s%s", e->error == ADD ? 'A' : 'M', t, s);
}

/* Runs a bounded local optimiser; returns the best value found (x holds its point). */
static double ets_minimise(ets_ctx *cx, nlopt_algorithm alg, int dim, double *x, const double *lb,
                           const double *ub, const double *step, int maxeval, double xtol,
                           double ftol)
{
	nlopt_opt o = nlopt_create(alg, (unsigned)dim);
	if (!o)
		return BIG_LIK;
	nlopt_set_min_objective(o, ets_objective, cx);
	nlopt_set_lower_bounds(o, lb);
	nlopt_set_upper_bounds(o, ub);
	if (step)
		nlopt_set_initial_step(o, step);
	nlopt_set_maxeval(o, maxeval);
	nlopt_set_ftol_abs(o, ftol);
	nlopt_set_xtol_rel(o, xtol);
	double val = BIG_LIK;
	nlopt_result r = nlopt_optimize(o, x, &val);
	nlopt_destroy(o);
	if (r < 0 && r != NLOPT_ROUNDOFF_LIMITED)
		return ets_objective((unsigned)dim, x, NULL, cx);
	return val;
}

static double ets_sd(const double *y, int n)
{
	double mu = 0, v = 0;
	for (int i = 0; i < n; i++)
		mu += y[i];
	mu /= n;
	for (int i = 0; i < n; i++)
		v += (y[i] - mu) * (y[i] - mu);
	return sqrt(v / (n > 1 ? n - 1 : 1));
}

/* Fills out from the form, parameters and full initial state: residuals, final state,
 * likelihood and criteria exactly as R computes them. npar is R's length(par). */
static int ets_finalize(const ets_form *f, int m, const double *y, int n, double alpha, double beta,
                        double gamma, double phi, const double *x0, int npar, fc_ets *out)
{
	memset(out, 0, sizeof *out);
	out->error = f->error;
	out->trend = f->trend;
	out->season = f->season;
	out->damped = f->damped;
	out->m = m;
	out->n = n;
	out->alpha = alpha;
	out->beta = f->trend > NONE ? beta : 0;
	out->gamma = f->season > NONE ? gamma : 0;
	out->phi = f->damped ? phi : 1;
	int nx = 1 + (f->trend > NONE) + (f->season > NONE ? m : 0);
	memcpy(out->x0, x0, (size_t)nx * sizeof *x0);
	double *e = malloc((size_t)n * sizeof *e);
	if (!e)
		return FC_ENOMEM;
	out->lik = ets_filter(f, m, y, n, out->x0, out->alpha, out->beta, out->gamma, out->phi, e,
	                      out->xn);
	double sse = 0;
	for (int i = 0; i < n; i++)
		sse += e[i] * e[i];
	free(e);
	if (out->lik >= BIG_LIK || !isfinite(sse))
		return FC_ENOCONV;
	if (n - npar - 2 <= 0)
		return FC_ENODATA;
	out->sigma2 = sse / (n - npar);
	out->np = npar + 1;
	out->loglik = -0.5 * out->lik;
	out->aic = out->lik + 2.0 * out->np;
	out->aicc = out->aic + 2.0 * out->np * (out->np + 1) / (n - out->np - 1);
	if (!isfinite(out->aicc))
		return FC_ENOCONV;
	ets_setname(out);
	return FC_OK;
}

/* Model fitting, kept as one function on purpose although it is longer than the ~120 lines
 * the tree otherwise allows: the parameter vector, its bounds and the optimiser state are
 * laid out together, and splitting them would pass them all between the pieces. */
/* Fits one form. For additive errors: optimise the smoothing parameters with x0 profiled
 * out, from `start`'s parameters when given (a simpler form's fit) or else from two fixed
 * points. For multiplicative errors: start from `start` (an additive fit of the same
 * trend and a comparable season, or NULL) and optimise everything jointly. */
static int ets_fit_form(const double *y, int n, int m, const ets_form *f, const fc_ets *start,
                        fc_ets *out)
{
	ets_ctx cx;
	memset(&cx, 0, sizeof cx);
	cx.y = y;
	cx.n = n;
	cx.m = f->season > NONE ? m : 1;
	cx.f = *f;
	cx.nsm = 1 + (f->trend > NONE) + (f->season > NONE) + f->damped;
	cx.nk = 1 + (f->trend > NONE) + (f->season > NONE ? cx.m - 1 : 0);
	int npars = 2 + 2 * (f->trend > NONE) + (f->season > NONE ? cx.m : 0) + f->damped;
	if (n <= npars + 4)
		return FC_ENODATA;
	if (f->season > NONE && n <= cx.m)
		return FC_ENODATA;
	int K = cx.nk + 1;
	cx.work = malloc((size_t)K * (2 + (size_t)cx.m) * sizeof *cx.work);
	if (!cx.work)
		return FC_ENOMEM;

	double u[4 + ETS_MAXK], lb[4 + ETS_MAXK], ub[4 + ETS_MAXK], step[4 + ETS_MAXK];
	int ns = cx.nsm;
	for (int j = 0; j < ns; j++) {
		lb[j] = 0;
		ub[j] = 1;
		step[j] = 0.15;
	}
	double best = BIG_LIK, bestu[4 + ETS_MAXK] = {0}; /* read only once a start improved */
	double x0free[ETS_MAXK];
	int rc = FC_OK;

	if (f->error == ADD) {
		/* a few starting points guard against the local minima of the smoothing surface */
		static const double starts[3][4] = {
		        {0.1, 0.1, 0.1, 0.9}, {0.5, 0.2, 0.2, 0.5}, {0.9, 0.05, 0.05, 0.95}};
		/* a warm start from a simpler form's optimum (AAN from ANN, AAA from ANA...)
         * replaces the fixed starting points */
		int nstart = start ? 1 : 2;
		for (int s = 0; s < nstart; s++) {
			double a0 = starts[s][0], b0 = starts[s][1] * a0,
			       g0 = starts[s][2] * (1 - a0),
			       p0 = PHI_LO + starts[s][3] * (PHI_HI - PHI_LO);
			if (start) {
				a0 = start->alpha;
				b0 = start->trend > NONE ? start->beta : 0.05 * a0;
				g0 = start->season > NONE ? start->gamma : 0.05 * (1 - a0);
				p0 = start->damped ? start->phi : 0.95;
			}
			ets_box(f, a0, b0, g0, p0, u);
			double v =
			        ets_minimise(&cx, ns == 1 ? NLOPT_LN_NELDERMEAD : NLOPT_LN_BOBYQA,
			                     ns, u, lb, ub, step, 300, 1e-4, 1e-4);
			if (v < best) {
				best = v;
				memcpy(bestu, u, sizeof(double) * (size_t)ns);
			}
		}
		if (best >= BIG_LIK) {
			rc = FC_ENOCONV;
			goto end;
		}
		double a, b, g, p;
		ets_unbox(f, bestu, &a, &b, &g, &p);
		ets_profile(&cx, a, b, g, p, x0free); /* recompute c at the best point */
		memcpy(u, bestu, sizeof(double) * (size_t)ns);
	} else {
		/* starting smoothing parameters and state from the additive twin */
		double a = 0.2, b = 0.02, g = 0.05, p = 0.95;
		if (start) {
			a = start->alpha;
			b = f->trend > NONE ? start->beta : 0;
			g = f->season > NONE ? start->gamma : 0;
			p = f->damped ? start->phi : 0.95;
			if (f->trend > NONE && !(b > 0))
				b = 0.1 * a;
			if (f->season > NONE && !(g > 0))
				g = 0.05 * (1 - a);
			if (f->damped && !(p >= PHI_LO))
				p = 0.95;
		}
		ets_box(f, a, b, g, p, u);
		double full[ETS_MAXK];
		if (start && start->trend == f->trend && start->damped == f->damped &&
		    (start->season > NONE) == (f->season > NONE)) {
			memcpy(full, start->x0, sizeof full);
		} else {
			/* crude start: level = mean of the first period, flat slope, flat season */
			int w = cx.m > 1 ? cx.m : 5;
			if (w > n)
				w = n;
			double mu = 0;
			for (int i = 0; i < w; i++)
				mu += y[i];
			full[0] = mu / w;
			int off = 1 + (f->trend > NONE);
			if (f->trend > NONE)
				full[1] = 0;
			for (int j = 0; j < cx.m; j++)
				full[off + j] = f->season == MULT ? 1 : 0;
		}
		if (f->season == MULT && start && start->season == ADD) {
			int off = 1 + (f->trend > NONE);
			double lvl = full[0] > 0 ? full[0] : 1, sum = 0;
			for (int j = 0; j < cx.m; j++) {
				full[off + j] = fmax(0.05, 1 + full[off + j] / lvl);
				sum += full[off + j];
			}
			for (int j = 0; j < cx.m; j++)
				full[off + j] *= cx.m / sum;
		}
		double sd = ets_sd(y, n);
		if (!(sd > 0))
			sd = 1;
		int off = 1 + (f->trend > NONE);
		/* the optimiser sees the state in units of its natural scale */
		for (int j = 0; j < cx.nk; j++) {
			double sc = j == 0                        ? fmax(fabs(full[0]), 0.1 * sd)
			            : (f->trend > NONE && j == 1) ? 0.01 * sd
			            : f->season == MULT           ? 0.1
			                                          : 0.3 * sd;
			cx.scale[j] = sc;
			u[ns + j] = full[j] / sc;
			lb[ns + j] = u[ns + j] - 50;
			ub[ns + j] = u[ns + j] + 50;
			step[ns + j] = 0.2;
		}
		cx.joint = 1;
		int dim = ns + cx.nk;
		best = ets_objective((unsigned)dim, u, NULL, &cx);
		if (best >= BIG_LIK) {
			/* the twin's state is outside the multiplicative domain: flat start */
			double mu = 0;
			for (int i = 0; i < n; i++)
				mu += y[i];
			u[ns] = mu / n / cx.scale[0];
			if (f->trend > NONE)
				u[ns + 1] = 0;
			for (int j = 0; j < cx.m - 1 && f->season > NONE; j++)
				u[ns + off + j] = (f->season == MULT ? 1 : 0) / cx.scale[off + j];
			for (int j = 0; j < cx.nk; j++) {
				lb[ns + j] = u[ns + j] - 50;
				ub[ns + j] = u[ns + j] + 50;
			}
		}
		/* two starts for the smoothing parameters (the twin's, and slow smoothing), each
         * BOBYQA then a restart; keep the better */
		double u0[4 + ETS_MAXK], ubest[4 + ETS_MAXK];
		memcpy(u0, u, sizeof u0);
		best = BIG_LIK;
		for (int st = 0; st < 2; st++) {
			memcpy(u, u0, sizeof u0);
			if (st == 1)
				ets_box(f, 0.02, 0.002, 0.02, 0.97, u);
			double v = BIG_LIK;
			for (int r = 0; r < 2; r++) {
				double vr = ets_minimise(&cx, NLOPT_LN_BOBYQA, dim, u, lb, ub, step,
				                         300 + 60 * dim, 1e-7, 1e-6);
				if (vr < v)
					v = vr;
			}
			if (v < best) {
				best = v;
				memcpy(ubest, u, sizeof ubest);
			}
		}
		memcpy(u, ubest, sizeof ubest);
		if (best < BIG_LIK) {
			/* BOBYQA's quadratic models stall on this ridge-shaped surface now and then;
             * a Nelder-Mead pass from its answer moves on */
			for (int j = 0; j < dim; j++)
				step[j] = 0.05;
			double v = ets_minimise(&cx, NLOPT_LN_NELDERMEAD, dim, u, lb, ub, step,
			                        200 + 40 * dim, 1e-7, 1e-6);
			if (v < best) {
				best = v;
				memcpy(ubest, u, sizeof ubest);
			}
			memcpy(u, ubest, sizeof ubest);
		}
		if (best >= BIG_LIK) {
			rc = FC_ENOCONV;
			goto end;
		}
		for (int j = 0; j < cx.nk; j++)
			x0free[j] = u[ns + j] * cx.scale[j];
	}
	{
		double a, b, g, p, x0[ETS_MAXK];
		ets_unbox(f, u, &a, &b, &g, &p);
		ets_expand_x0(f, cx.m, x0free, x0);
		rc = ets_finalize(f, cx.m, y, n, a, b, g, p, x0, ns + cx.nk, out);
	}
end:
	free(cx.work);
	if (cx.poly)
		gsl_poly_complex_workspace_free(cx.poly);
	return rc;
}

/* ------------------------------------------------------------------ public API */

static int ets_is_constant(const double *y, int n)
{
	for (int i = 1; i < n; i++)
		if (y[i] != y[0])
			return 0;
	return 1;
}

int fc_ets_fit(const double *y, int n, int period, const char *spec, fc_ets **out)
{
	pthread_once(&ets_gsl_once, ets_gsl_quiet);
	if (!out)
		return FC_EINVAL;
	*out = NULL;
	if (!y || n < 0 || period < 0)
		return FC_EINVAL;
	if (n < 4)
		return FC_ENODATA;
	for (int i = 0; i < n; i++)
		if (!isfinite(y[i]))
			return FC_EINVAL;
	if (ets_is_constant(y, n))
		return FC_ENODATA;
	int m = period;
	if (m > ETS_MAXM)
		return FC_EINVAL;
	int positive = 1;
	for (int i = 0; i < n; i++)
		if (y[i] <= 0)
			positive = 0;

	fc_ets *best = malloc(sizeof *best);
	fc_ets *cur = malloc(sizeof *cur);
	if (!best || !cur) {
		free(best);
		free(cur);
		return FC_ENOMEM;
	}
	int rc;
	if (spec) {
		ets_form f;
		if (ets_parse(spec, &f) != 0) {
			rc = FC_EINVAL;
			goto fail;
		}
		if (f.season > NONE && m < 2) {
			rc = FC_EINVAL;
			goto fail;
		}
		if (f.error == MULT && !positive) {
			rc = FC_EINVAL;
			goto fail;
		}
		const fc_ets *st = NULL;
		if (f.error == MULT) {
			ets_form af = f;
			af.error = ADD;
			if (af.season == MULT)
				af.season = ADD;
			if (ets_fit_form(y, n, m, &af, NULL, cur) == FC_OK)
				st = cur;
		}
		rc = ets_fit_form(y, n, m, &f, st, best);
		if (rc != FC_OK)
			goto fail;
		free(cur);
		*out = best;
		return FC_OK;
	}

	/* automatic: R's candidate set with restrict = TRUE and no multiplicative trend */
	static const char *const forms[] = {"ANN",  "AAN",  "AAdN", "ANA",  "AAA",
	                                    "AAdA", "MNN",  "MAN",  "MAdN", "MNA",
	                                    "MAA",  "MAdA", "MNM",  "MAM",  "MAdM"};
	fc_ets add[6]; /* additive-error fits, reused as starting points */
	int addok[6] = {0};
	int have = 0;
	for (int i = 0; i < 15; i++) {
		ets_form f;
		ets_parse(forms[i], &f);
		if (f.season > NONE && (m < 2 || n <= m))
			continue;
		if (f.error == MULT && !positive)
			continue;
		const fc_ets *st = NULL;
		if (f.error == MULT) {
			int j = i - 6;
			if (j >= 6)
				j -= 3; /* MNM -> ANA etc. */
			if (addok[j])
				st = &add[j];
		} else if (i == 1 || i == 2 || i == 4) {
			if (addok[i - 1])
				st = &add[i - 1]; /* AAN <- ANN, AAdN <- AAN, AAA <- ANA */
		} else if (i == 5 && addok[4]) {
			st = &add[4]; /* AAdA <- AAA */
		}
		int r = ets_fit_form(y, n, m, &f, st, cur);
		if (r == FC_ENOMEM) {
			rc = r;
			goto fail;
		}
		if (r != FC_OK)
			continue;
		if (i < 6) {
			add[i] = *cur;
			addok[i] = 1;
		}
		if (!have || cur->aicc < best->aicc) {
			fc_ets *t = best;
			best = cur;
			cur = t;
			have = 1;
		}
	}
	if (!have) {
		/* too short for any form with a trend or season, or every fit failed */
		rc = n <= 8 ? FC_ENODATA : FC_ENOCONV;
		goto fail;
	}
	free(cur);
	*out = best;
	return FC_OK;
fail:
	free(best);
	free(cur);
	return rc;
}

int fc_ets_fit_fixed(const double *y, int n, int period, const char *spec, const double par[4],
                     const double *x0, fc_ets **out)
{
	pthread_once(&ets_gsl_once, ets_gsl_quiet);
	if (!out)
		return FC_EINVAL;
	*out = NULL;
	ets_form f;
	if (!y || !spec || !par || !x0 || n < 4 || ets_parse(spec, &f) != 0)
		return FC_EINVAL;
	if (period > ETS_MAXM || (f.season > NONE && period < 2))
		return FC_EINVAL;
	for (int i = 0; i < n; i++)
		if (!isfinite(y[i]) || (f.error == MULT && y[i] <= 0))
			return FC_EINVAL;
	int m = f.season > NONE ? period : 1;
	int npar = 1 + (f.trend > NONE) + (f.season > NONE) + f.damped + 1 + (f.trend > NONE) +
	           (f.season > NONE ? m - 1 : 0);
	fc_ets *e = malloc(sizeof *e);
	if (!e)
		return FC_ENOMEM;
	int rc = ets_finalize(&f, m, y, n, par[0], par[1], par[2], par[3], x0, npar, e);
	if (rc != FC_OK) {
		free(e);
		return rc;
	}
	*out = e;
	return FC_OK;
}

/* Point forecasts from the final state (R's pegelsfcast). */
static void ets_point(const fc_ets *e, int h, double *mean)
{
	ets_form f = {e->error, e->trend, e->season, e->damped};
	int off = 1 + (e->trend > NONE);
	double l = e->xn[0], b = e->trend > NONE ? e->xn[1] : 0;
	double phistar = e->phi;
	for (int i = 0; i < h; i++) {
		double v = f.trend == NONE ? l : l + phistar * b;
		if (e->season > NONE) {
			int j = e->m - 1 - i;
			while (j < 0)
				j += e->m;
			double s = e->xn[off + j];
			v = e->season == ADD ? v + s : v * s;
		}
		mean[i] = v;
		phistar += fabs(e->phi - 1.0) < 1e-10 ? 1.0 : pow(e->phi, i + 2);
	}
}

int fc_ets_simulate(const fc_ets *e, int h, int npaths, unsigned long long seed, double *paths)
{
	if (!e || h < 1 || npaths < 1 || !paths)
		return FC_EINVAL;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r)
		return FC_ENOMEM;
	gsl_rng_set(r, (unsigned long)(seed ^ (seed >> 32)) ^ 0x9e3779b9UL);
	ets_form f = {e->error, e->trend, e->season, e->damped};
	int off = 1 + (e->trend > NONE);
	double sd = sqrt(e->sigma2);
	for (int p = 0; p < npaths; p++) {
		double l = e->xn[0], b = e->trend > NONE ? e->xn[1] : 0, s[ETS_MAXM];
		if (e->season > NONE)
			memcpy(s, e->xn + off, (size_t)e->m * sizeof *s);
		for (int i = 0; i < h; i++) {
			double fc = ets_onestep(&f, l, b, s, e->m, e->phi);
			double eps = gsl_ran_gaussian_ziggurat(r, sd);
			double yv = e->error == ADD ? fc + eps : fc * (1 + eps);
			if (!isfinite(yv))
				yv = fc;
			paths[(size_t)p * h + i] = yv;
			ets_update(&f, &l, &b, s, e->m, e->alpha, e->beta, e->gamma, e->phi, yv);
		}
	}
	gsl_rng_free(r);
	return FC_OK;
}

int fc_ets_forecast(const fc_ets *e, int h, double *mean, double *var)
{
	if (!e || h < 1 || !mean)
		return FC_EINVAL;
	ets_point(e, h, mean);
	for (int i = 0; i < h; i++)
		if (!isfinite(mean[i]))
			return FC_ENUMERIC;
	if (!var)
		return FC_OK;
	if (e->season == MULT) {
		/* no closed form (R's class 3): the variance of simulated paths, fixed seed */
		int np = 2000;
		double *paths = malloc((size_t)np * h * sizeof *paths);
		if (!paths)
			return FC_ENOMEM;
		int rc = fc_ets_simulate(e, h, np, 20260101ULL, paths);
		if (rc != FC_OK) {
			free(paths);
			return rc;
		}
		for (int i = 0; i < h; i++) {
			double mu = 0, v = 0;
			for (int p = 0; p < np; p++)
				mu += paths[(size_t)p * h + i];
			mu /= np;
			for (int p = 0; p < np; p++) {
				double d = paths[(size_t)p * h + i] - mu;
				v += d * d;
			}
			var[i] = v / (np - 1);
		}
		free(paths);
		return FC_OK;
	}
	/* c_j = w' F^(j-1) g for the linear state space (R's class 1 and 2 formulas) */
	double *c = malloc((size_t)h * sizeof *c);
	if (!c)
		return FC_ENOMEM;
	{
		int m = e->m, hass = e->season > NONE;
		double vl = e->alpha, vb = e->trend > NONE ? e->beta : 0, vs[ETS_MAXM] = {0};
		if (hass)
			vs[0] = e->gamma; /* ring in R order: vs[m-1] is read next */
		double phi = e->trend > NONE ? e->phi : 0;
		for (int j = 1; j < h; j++) {
			c[j] = vl + phi * vb + (hass ? vs[m - 1] : 0);
			/* apply F */
			double nl = vl + phi * vb, nb = phi * vb;
			if (hass) {
				double last = vs[m - 1];
				memmove(vs + 1, vs, (size_t)(m - 1) * sizeof *vs);
				vs[0] = last;
			}
			vl = nl;
			vb = nb;
		}
	}
	double s2 = e->sigma2;
	if (e->error == ADD) {
		double acc = 0;
		for (int i = 0; i < h; i++) {
			if (i > 0)
				acc += c[i] * c[i];
			var[i] = s2 * (1 + acc);
		}
	} else {
		/* class 2: theta_1 = mu_1^2, theta_h = mu_h^2 + s2 sum c_j^2 theta_(h-j) */
		double *th = malloc((size_t)h * sizeof *th);
		if (!th) {
			free(c);
			return FC_ENOMEM;
		}
		for (int i = 0; i < h; i++) {
			double t = mean[i] * mean[i];
			for (int j = 1; j <= i; j++)
				t += s2 * c[j] * c[j] * th[i - j];
			th[i] = t;
			var[i] = (1 + s2) * t - mean[i] * mean[i];
		}
		free(th);
	}
	free(c);
	for (int i = 0; i < h; i++)
		if (!isfinite(var[i]) || var[i] < 0)
			return FC_ENUMERIC;
	return FC_OK;
}

const char *fc_ets_spec(const fc_ets *m)
{
	return m ? m->spec : "";
}

const char *fc_ets_name(const fc_ets *m)
{
	return m ? m->name : "";
}
double fc_ets_aicc(const fc_ets *m)
{
	return m ? m->aicc : NAN;
}
double fc_ets_loglik(const fc_ets *m)
{
	return m ? m->loglik : NAN;
}

void fc_ets_params(const fc_ets *m, double *alpha, double *beta, double *gamma, double *phi,
                   double *sigma2)
{
	if (!m)
		return;
	if (alpha)
		*alpha = m->alpha;
	if (beta)
		*beta = m->trend > NONE ? m->beta : 0;
	if (gamma)
		*gamma = m->season > NONE ? m->gamma : 0;
	if (phi)
		*phi = m->damped ? m->phi : 1;
	if (sigma2)
		*sigma2 = m->sigma2;
}

int fc_ets_init_state(const fc_ets *m, double *x0, int cap)
{
	if (!m)
		return 0;
	int k = 1 + (m->trend > NONE) + (m->season > NONE ? m->m : 0);
	for (int i = 0; i < k && i < cap && x0; i++)
		x0[i] = m->x0[i];
	return k;
}

void fc_ets_free(fc_ets *m)
{
	free(m);
}
