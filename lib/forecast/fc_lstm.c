/* fc_lstm.c — the global LSTM (see fc_lstm.h).
 *
 * One layer of `hidden` units; the input at each of the `lookback` steps is the day's sales
 * over the series' level (capped at 20), its weekday (one-hot, counted from the common
 * last day), a no-sale flag, log(level)/10, and three calendar flags (courier pause,
 * public holiday, organisation event). The final hidden state feeds a dense layer with one
 * output per day ahead, to which the known calendar of each target day adds learned terms
 * (pause, the three days before and after it, holiday, event). Every matrix product goes through cblas_dgemm over a
 * mini-batch; back-propagation through time is written out below, and fc_lstm_gradcheck
 * compares it with finite differences. */
#include "fc_lstm.h"
#include "fc_model.h"

#include "fc_calendar.h"
#include "fc_rng.h"

#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIN        13 /* sales, 7 weekday flags, no-sale flag, log level, 3 calendar flags */
#define NCF        5  /* calendar features of a target day, for the output's calendar terms */
#define MIN_SERIES 5
#define INPUT_CAP  20.0
#define CLIP_NORM  1.0

typedef struct net {
	int d, hh, out;
	size_t nw;
	double *w; /* Wx[4hh*d] Wh[4hh*hh] b[4hh] Wo[out*hh] bo[out] Wc[NCF] */
} net;

/* The calendar of a batch as flags per day, from the longest series' first day to
 * FC_MAX_HORIZON days after the common last day (flags 0 where the calendar has no data). */
enum {
	CAL_PAUSE = 1,   /* inside a 설날/추석 block: couriers stop */
	CAL_BEFORE = 2,  /* 1..3 days before a block: last shipments */
	CAL_AFTER = 4,   /* 1..3 days after a block: the backlog */
	CAL_HOLIDAY = 8, /* another public holiday */
	CAL_EVENT = 16   /* an organisation event's window */
};
struct caltab {
	int last_day; /* the batch's common last day (0 = unknown: no calendar) */
	int first, n; /* day number of flags[0]; days */
	unsigned char *flags;
};

struct fc_lstm {
	net final, cv; /* cv.w == NULL when there was no data before the folds */
	int lookback, horizon, epochs;
	int *ns;
	int nseries;
	int borrowed;                   /* a view (fc_lstm_view): the weights are not ours */
	int train_last_day, train_maxn; /* the training batch's last day and longest series */
	int shift; /* days this batch's last day lies after the training batch's */
	struct caltab cal;
};

static int max_len(const int *ns, int nseries)
{
	int m = 0;
	for (int i = 0; i < nseries; i++)
		if (ns[i] > m)
			m = ns[i];
	return m;
}

/* Parameter blocks of a weight (or gradient) vector. */
struct blocks {
	double *Wx, *Wh, *b, *Wo, *bo, *Wc;
};

static struct blocks blocks_of(const net *n, double *w)
{
	struct blocks p;
	int g = 4 * n->hh;
	p.Wx = w;
	p.Wh = p.Wx + (size_t)g * n->d;
	p.b = p.Wh + (size_t)g * n->hh;
	p.Wo = p.b + g;
	p.bo = p.Wo + (size_t)n->out * n->hh;
	p.Wc = p.bo + n->out;
	return p;
}

static size_t net_size(int d, int hh, int out)
{
	return (size_t)4 * hh * d + (size_t)4 * hh * hh + (size_t)4 * hh + (size_t)out * hh +
	       (size_t)out + NCF;
}

static int net_init(net *n, int d, int hh, int out, uint64_t *rng)
{
	n->d = d;
	n->hh = hh;
	n->out = out;
	n->nw = net_size(d, hh, out);
	n->w = malloc(n->nw * sizeof *n->w);
	if (!n->w)
		return FC_ENOMEM;
	double a = 1.0 / sqrt((double)hh);
	for (size_t i = 0; i < n->nw; i++)
		n->w[i] = (2.0 * fc_rng_unif(rng) - 1.0) * a;
	struct blocks p = blocks_of(n, n->w);
	for (int j = 0; j < 4 * hh; j++)
		p.b[j] = (j >= hh && j < 2 * hh) ? 1.0 : 0.0; /* forget gate starts open */
	for (int j = 0; j < out; j++)
		p.bo[j] = 1.0; /* outputs start at the series' level */
	for (int f = 0; f < NCF; f++)
		p.Wc[f] = 0.0; /* and with no calendar effect */
	return FC_OK;
}

/* Activations of one mini-batch, kept for back-propagation. */
typedef struct work {
	int B, L;
	double *X;     /* [L][B][d] */
	double *G;     /* [L][B][4hh] gate activations i f g o */
	double *C, *H; /* [L+1][B][hh] */
	double *Y;     /* [B][out] */
	double *CF;    /* [B][out][NCF] calendar features of each target day */
	double *dZ, *dH, *dC, *dY;
} work;

static void work_free(work *w)
{
	free(w->X);
	free(w->G);
	free(w->C);
	free(w->H);
	free(w->Y);
	free(w->CF);
	free(w->dZ);
	free(w->dH);
	free(w->dC);
	free(w->dY);
	memset(w, 0, sizeof *w);
}

static int work_init(work *w, const net *n, int B, int L)
{
	memset(w, 0, sizeof *w);
	w->B = B;
	w->L = L;
	size_t g = (size_t)4 * n->hh;
	w->X = calloc((size_t)L * B * n->d, sizeof(double));
	w->G = calloc((size_t)L * B * g, sizeof(double));
	w->C = calloc((size_t)(L + 1) * B * n->hh, sizeof(double));
	w->H = calloc((size_t)(L + 1) * B * n->hh, sizeof(double));
	w->Y = calloc((size_t)B * n->out, sizeof(double));
	w->CF = calloc((size_t)B * n->out * NCF, sizeof(double));
	w->dZ = calloc((size_t)B * g, sizeof(double));
	w->dH = calloc((size_t)B * n->hh, sizeof(double));
	w->dC = calloc((size_t)B * n->hh, sizeof(double));
	w->dY = calloc((size_t)B * n->out, sizeof(double));
	if (!w->X || !w->G || !w->C || !w->H || !w->Y || !w->CF || !w->dZ || !w->dH || !w->dC ||
	    !w->dY) {
		work_free(w);
		return FC_ENOMEM;
	}
	return FC_OK;
}

static double sigm(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

/* Forward pass over w->X for B rows; writes w->Y. */
static void forward(const net *n, const double *wt, work *w, int B)
{
	struct blocks p = blocks_of(n, (double *)wt);
	int hh = n->hh, g = 4 * hh, L = w->L;
	memset(w->C, 0, (size_t)B * hh * sizeof(double));
	memset(w->H, 0, (size_t)B * hh * sizeof(double));
	for (int t = 0; t < L; t++) {
		double *Z = w->G + (size_t)t * w->B * g;
		const double *X = w->X + (size_t)t * w->B * n->d;
		const double *Hp = w->H + (size_t)t * w->B * hh, *Cp = w->C + (size_t)t * w->B * hh;
		double *Hn = w->H + (size_t)(t + 1) * w->B * hh,
		       *Cn = w->C + (size_t)(t + 1) * w->B * hh;
		cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, g, n->d, 1.0, X, n->d, p.Wx,
		            n->d, 0.0, Z, g);
		cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, g, hh, 1.0, Hp, hh, p.Wh,
		            hh, 1.0, Z, g);
		for (int r = 0; r < B; r++) {
			double *z = Z + (size_t)r * g;
			for (int j = 0; j < hh; j++) {
				double i = sigm(z[j] + p.b[j]);
				double f = sigm(z[hh + j] + p.b[hh + j]);
				double gg = tanh(z[2 * hh + j] + p.b[2 * hh + j]);
				double o = sigm(z[3 * hh + j] + p.b[3 * hh + j]);
				z[j] = i;
				z[hh + j] = f;
				z[2 * hh + j] = gg;
				z[3 * hh + j] = o;
				double c = f * Cp[(size_t)r * hh + j] + i * gg;
				Cn[(size_t)r * hh + j] = c;
				Hn[(size_t)r * hh + j] = o * tanh(c);
			}
		}
	}
	const double *HL = w->H + (size_t)L * w->B * hh;
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, n->out, hh, 1.0, HL, hh, p.Wo, hh,
	            0.0, w->Y, n->out);
	/* The known calendar of each target day enters the outputs directly: the network
	 * sees the past, but a courier pause or an event ahead is known in advance. */
	for (int r = 0; r < B; r++)
		for (int k = 0; k < n->out; k++) {
			const double *cf = w->CF + ((size_t)r * n->out + k) * NCF;
			double v = p.bo[k];
			for (int f = 0; f < NCF; f++)
				v += p.Wc[f] * cf[f];
			w->Y[(size_t)r * n->out + k] += v;
		}
}

/* Loss 0.5 * mean squared error against T[B][out]; adds the gradient into grad. */
static double backward(const net *n, const double *wt, work *w, int B, const double *T,
                       double *grad)
{
	struct blocks p = blocks_of(n, (double *)wt), gp = blocks_of(n, grad);
	int hh = n->hh, g = 4 * hh, L = w->L, out = n->out;
	double loss = 0.0, scale = 1.0 / ((double)B * out);
	for (int i = 0; i < B * out; i++) {
		double e = w->Y[i] - T[i];
		loss += 0.5 * e * e * scale;
		w->dY[i] = e * scale;
	}
	const double *HL = w->H + (size_t)L * w->B * hh;
	cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, hh, B, 1.0, w->dY, out, HL, hh,
	            1.0, gp.Wo, hh);
	for (int r = 0; r < B; r++)
		for (int k = 0; k < out; k++) {
			double dy = w->dY[(size_t)r * out + k];
			const double *cf = w->CF + ((size_t)r * out + k) * NCF;
			gp.bo[k] += dy;
			for (int f = 0; f < NCF; f++)
				gp.Wc[f] += dy * cf[f];
		}
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, hh, out, 1.0, w->dY, out, p.Wo,
	            hh, 0.0, w->dH, hh);
	memset(w->dC, 0, (size_t)B * hh * sizeof(double));
	for (int t = L - 1; t >= 0; t--) {
		const double *A = w->G + (size_t)t * w->B * g;
		const double *Cp = w->C + (size_t)t * w->B * hh,
		             *Cn = w->C + (size_t)(t + 1) * w->B * hh;
		const double *Hp = w->H + (size_t)t * w->B * hh;
		const double *X = w->X + (size_t)t * w->B * n->d;
		for (int r = 0; r < B; r++) {
			const double *a = A + (size_t)r * g;
			double *dz = w->dZ + (size_t)r * g;
			for (int j = 0; j < hh; j++) {
				size_t q = (size_t)r * hh + j;
				double i = a[j], f = a[hh + j], gg = a[2 * hh + j],
				       o = a[3 * hh + j];
				double tc = tanh(Cn[q]);
				double dh = w->dH[q];
				double dc = w->dC[q] + dh * o * (1.0 - tc * tc);
				dz[j] = dc * gg * i * (1.0 - i);
				dz[hh + j] = dc * Cp[q] * f * (1.0 - f);
				dz[2 * hh + j] = dc * i * (1.0 - gg * gg);
				dz[3 * hh + j] = dh * tc * o * (1.0 - o);
				w->dC[q] = dc * f;
			}
		}
		cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, g, n->d, B, 1.0, w->dZ, g, X,
		            n->d, 1.0, gp.Wx, n->d);
		cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, g, hh, B, 1.0, w->dZ, g, Hp,
		            hh, 1.0, gp.Wh, hh);
		for (int r = 0; r < B; r++)
			for (int j = 0; j < g; j++)
				gp.b[j] += w->dZ[(size_t)r * g + j];
		cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, hh, g, 1.0, w->dZ, g,
		            p.Wh, hh, 0.0, w->dH, hh);
	}
	return loss;
}

/* ---------------------------------------------------------------------- samples */

static double level_at(const double *y, int o)
{
	int from = o - 91 < 0 ? 0 : o - 91;
	double s = 0.0;
	for (int i = from; i < o; i++)
		s += y[i];
	return (o > from ? s / (o - from) : 0.0) + 0.5;
}

/* Calendar flags of day `day` (0 = the series' first) of a series whose first day is the
 * day number day0; 0 when unknown. */
static unsigned cal_flags(const struct caltab *ct, int day0, int day)
{
	if (!ct || !ct->flags)
		return 0;
	long at = (long)day0 + day - ct->first;
	return at >= 0 && at < ct->n ? ct->flags[at] : 0;
}

/* Writes the inputs of the window ending before day o into row r of the batch, the
 * calendar features of its target days, and the targets (when T is not NULL). nfull: the
 * full length of the series (for weekdays, counted back from the training batch's last day:
 * shift days before this batch's; for the calendar, its first day is ct->last_day - nfull
 * + 1). */
static void make_sample(const double *y, int o, int nfull, int shift, int L, int out,
                        const struct caltab *ct, work *w, int r, double *T)
{
	double s = level_at(y, o), ls = log(s) / 10.0;
	int day0 = ct ? ct->last_day - nfull + 1 : 0;
	for (int t = 0; t < L; t++) {
		int day = o - L + t;
		double *x = w->X + ((size_t)t * w->B + r) * DIN;
		memset(x, 0, DIN * sizeof *x);
		double v = day >= 0 ? y[day] / s : 0.0;
		x[0] = v > INPUT_CAP ? INPUT_CAP : v;
		x[1 + ((nfull - 1 - day - shift) % 7 + 7) % 7] = 1.0;
		x[8] = day < 0 || y[day] <= 0 ? 1.0 : 0.0;
		x[9] = ls;
		unsigned c = cal_flags(ct, day0, day);
		x[10] = (c & CAL_PAUSE) != 0;
		x[11] = (c & CAL_HOLIDAY) != 0;
		x[12] = (c & CAL_EVENT) != 0;
	}
	for (int k = 0; k < out; k++) {
		unsigned c = cal_flags(ct, day0, o + k);
		double *cf = w->CF + ((size_t)r * out + k) * NCF;
		cf[0] = (c & CAL_PAUSE) != 0;
		cf[1] = (c & CAL_BEFORE) != 0;
		cf[2] = (c & CAL_AFTER) != 0;
		cf[3] = (c & CAL_HOLIDAY) != 0;
		cf[4] = (c & CAL_EVENT) != 0;
	}
	if (T)
		for (int k = 0; k < out; k++)
			T[(size_t)r * out + k] = y[o + k] / s;
}

/* Fills ct with the flags of the days of a batch whose longest series has maxn days and
 * ends on day number last_day; no calendar (or no last day) leaves it empty. */
static int caltab_init(struct caltab *ct, const fc_calendar *cal, int last_day, int maxn)
{
	memset(ct, 0, sizeof *ct);
	ct->last_day = last_day > 0 ? last_day : 0;
	if (last_day <= 0 || !cal || maxn < 1)
		return FC_OK;
	ct->first = last_day - maxn + 1;
	ct->n = maxn + FC_MAX_HORIZON;
	ct->flags = calloc((size_t)ct->n, 1);
	if (!ct->flags)
		return FC_ENOMEM;
	int lo, hi;
	fc_day_features *f = NULL;
	if (fc_calendar_features_covered(cal, ct->first, ct->n, &lo, &hi, &f) != FC_OK)
		return FC_ENOMEM;
	if (f)
		for (int t = 0; t <= hi - lo; t++) {
			const fc_day_features *x = &f[t];
			unsigned c = 0;
			if (x->in_festival)
				c |= CAL_PAUSE;
			else if (x->days_to_festival >= 1 && x->days_to_festival <= 3)
				c |= CAL_BEFORE;
			if (!x->in_festival && x->days_since_festival >= 1 &&
			    x->days_since_festival <= 3)
				c |= CAL_AFTER;
			if (x->holiday && !x->in_festival)
				c |= CAL_HOLIDAY;
			if (x->event_count > 0)
				c |= CAL_EVENT;
			ct->flags[lo - ct->first + t] = (unsigned char)c;
		}
	free(f);
	return FC_OK;
}

struct sample {
	int series, origin;
};

struct trainset {
	const double *const *ys;
	const int *ns;
	int nseries, L, H;
	const struct caltab *ct;
};

/* Mean validation loss of net over the samples. */
static double eval_loss(const net *n, const double *wt, const struct trainset *ts,
                        const struct sample *s, int count, work *w, double *T, double *scratch)
{
	double total = 0.0;
	int batches = 0;
	for (int at = 0; at < count; at += w->B) {
		int B = count - at < w->B ? count - at : w->B;
		for (int r = 0; r < B; r++)
			make_sample(ts->ys[s[at + r].series], s[at + r].origin,
			            ts->ns[s[at + r].series], 0, ts->L, ts->H, ts->ct, w, r, T);
		forward(n, wt, w, B);
		memset(scratch, 0, n->nw * sizeof *scratch);
		total += backward(n, wt, w, B, T, scratch) * B;
		batches += B;
	}
	return batches ? total / batches : INFINITY;
}

struct adam {
	double *m, *v;
	long t;
};

static void adam_step(net *n, struct adam *a, double *grad, double lr)
{
	double norm = 0.0;
	for (size_t i = 0; i < n->nw; i++)
		norm += grad[i] * grad[i];
	norm = sqrt(norm);
	double clip = norm > CLIP_NORM ? CLIP_NORM / norm : 1.0;
	a->t++;
	double b1 = 0.9, b2 = 0.999, eps = 1e-8;
	double c1 = 1.0 - pow(b1, (double)a->t), c2 = 1.0 - pow(b2, (double)a->t);
	for (size_t i = 0; i < n->nw; i++) {
		double g = grad[i] * clip;
		a->m[i] = b1 * a->m[i] + (1.0 - b1) * g;
		a->v[i] = b2 * a->v[i] + (1.0 - b2) * g * g;
		n->w[i] -= lr * (a->m[i] / c1) / (sqrt(a->v[i] / c2) + eps);
	}
}

/* Trains n in place on windows whose targets end before cut_i = ns[i] - cut_back, with
 * early stopping on each series' last window before cut_i when patience > 0, for at most
 * epochs epochs. Returns FC_OK and the epochs run, or FC_ENODATA / FC_ENOMEM. */
static int train_net(net *n, const struct trainset *ts, int cut_back, int epochs, int patience,
                     const fc_lstm_opts *o, uint64_t *rng, int *epochs_run)
{
	int L = ts->L, H = ts->H, B = o->batch;
	int nval = 0, usable = 0;
	for (int i = 0; i < ts->nseries; i++)
		usable += ts->ns[i] - cut_back >= L + 2 * H;
	if (usable < MIN_SERIES)
		return FC_ENODATA;
	struct sample *val = malloc((size_t)ts->nseries * sizeof *val);
	struct sample *tr = malloc((size_t)ts->nseries * o->origins_per_series * sizeof *tr);
	double *T = malloc((size_t)B * H * sizeof *T);
	double *grad = malloc(n->nw * sizeof *grad);
	double *best = malloc(n->nw * sizeof *best);
	struct adam ad = {calloc(n->nw, sizeof(double)), calloc(n->nw, sizeof(double)), 0};
	work w;
	int rc = FC_ENOMEM;
	if (work_init(&w, n, B, L) != FC_OK)
		memset(&w, 0, sizeof w);
	if (!val || !tr || !T || !grad || !best || !ad.m || !ad.v || !w.X)
		goto out;
	for (int i = 0; i < ts->nseries; i++) {
		int cut = ts->ns[i] - cut_back;
		if (cut >= L + 2 * H)
			val[nval++] = (struct sample){i, cut - H};
	}
	memcpy(best, n->w, n->nw * sizeof *best);
	double best_loss = patience > 0 ? eval_loss(n, n->w, ts, val, nval, &w, T, grad) : INFINITY;
	int since = 0, run = 0;
	for (int ep = 0; ep < epochs; ep++) {
		/* A fresh sample of windows each epoch: targets end before the validation window
		 * when validating, else anywhere before the cut. */
		int ntr = 0;
		for (int i = 0; i < ts->nseries; i++) {
			int cut = ts->ns[i] - cut_back;
			int last = (patience > 0 ? cut - H : cut) - H; /* last admissible origin */
			if (last < L)
				continue;
			for (int k = 0; k < o->origins_per_series; k++)
				tr[ntr++] = (struct sample){
				        i, L + (int)(fc_rng_next(rng) % (uint64_t)(last - L + 1))};
		}
		for (int i = ntr - 1; i > 0; i--) { /* shuffle */
			int j = (int)(fc_rng_next(rng) % (uint64_t)(i + 1));
			struct sample t = tr[i];
			tr[i] = tr[j];
			tr[j] = t;
		}
		for (int at = 0; at + B <= ntr; at += B) {
			for (int r = 0; r < B; r++)
				make_sample(ts->ys[tr[at + r].series], tr[at + r].origin,
				            ts->ns[tr[at + r].series], 0, L, H, ts->ct, &w, r, T);
			forward(n, n->w, &w, B);
			memset(grad, 0, n->nw * sizeof *grad);
			backward(n, n->w, &w, B, T, grad);
			adam_step(n, &ad, grad, o->lr);
		}
		run++;
		if (patience > 0) {
			double vl = eval_loss(n, n->w, ts, val, nval, &w, T, grad);
			if (!isfinite(vl)) {
				rc = FC_ENUMERIC;
				goto out;
			}
			if (vl < best_loss - 1e-7) {
				best_loss = vl;
				memcpy(best, n->w, n->nw * sizeof *best);
				since = 0;
			} else if (++since >= patience) {
				break;
			}
		}
	}
	if (patience > 0)
		memcpy(n->w, best, n->nw * sizeof *best);
	for (size_t i = 0; i < n->nw; i++)
		if (!isfinite(n->w[i])) {
			rc = FC_ENUMERIC;
			goto out;
		}
	*epochs_run = run;
	rc = FC_OK;
out:
	work_free(&w);
	free(val);
	free(tr);
	free(T);
	free(grad);
	free(best);
	free(ad.m);
	free(ad.v);
	return rc;
}

void fc_lstm_opts_init(fc_lstm_opts *o)
{
	memset(o, 0, sizeof *o);
	o->horizon = 30;
	o->lookback = 42;
	o->hidden = 24;
	o->batch = 64;
	o->max_epochs = 25;
	o->patience = 4;
	o->origins_per_series = 8;
	o->lr = 0.003;
	o->finetune_epochs = 2;
	o->cv_origins = 3;
	o->seed = 42;
}

static fc_lstm *lstm_new(const int *ns, int nseries)
{
	fc_lstm *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->ns = malloc((size_t)(nseries > 0 ? nseries : 1) * sizeof *m->ns);
	if (!m->ns) {
		free(m);
		return NULL;
	}
	memcpy(m->ns, ns, (size_t)nseries * sizeof *ns);
	m->nseries = nseries;
	return m;
}

int fc_lstm_train(const double *const *ys, const int *ns, int nseries, const fc_lstm_opts *opt,
                  fc_lstm **out)
{
	if (!ys || !ns || nseries < 0 || !out)
		return FC_EINVAL;
	fc_lstm_opts o;
	if (opt)
		o = *opt;
	else
		fc_lstm_opts_init(&o);
	if (o.horizon < 1 || o.horizon > FC_MAX_HORIZON || o.lookback < 7 || o.hidden < 1 ||
	    o.batch < 1)
		return FC_EINVAL;
	uint64_t rng = o.seed;
	fc_lstm *m = lstm_new(ns, nseries);
	if (!m)
		return FC_ENOMEM;
	if (caltab_init(&m->cal, o.cal, o.last_day, max_len(ns, nseries)) != FC_OK) {
		fc_lstm_free(m);
		return FC_ENOMEM;
	}
	struct trainset ts = {ys, ns, nseries, o.lookback, o.horizon, &m->cal};
	m->lookback = o.lookback;
	m->horizon = o.horizon;
	m->train_last_day = o.last_day > 0 ? o.last_day : 0;
	m->train_maxn = max_len(ns, nseries);
	int rc = net_init(&m->final, DIN, o.hidden, o.horizon, &rng);
	/* the reach of the validation windows of the longest possible series: the widest */
	int cut = fc_cv_reach(1 << 20, o.horizon, o.cv_origins), run = 0;
	/* First without the fold days (for honest validation), then a short fine-tune on
	 * everything for the final forecasts. With too little data before the folds, train on
	 * everything and leave the folds to other models. */
	if (rc == FC_OK) {
		rc = train_net(&m->final, &ts, cut, o.max_epochs, o.patience, &o, &rng, &run);
		if (rc == FC_OK) {
			m->cv = m->final;
			m->cv.w = malloc(m->final.nw * sizeof(double));
			if (!m->cv.w)
				rc = FC_ENOMEM;
			else
				memcpy(m->cv.w, m->final.w, m->final.nw * sizeof(double));
			int ft = 0;
			if (rc == FC_OK && o.finetune_epochs > 0)
				rc = train_net(&m->final, &ts, 0, o.finetune_epochs, 0, &o, &rng,
				               &ft);
		} else if (rc == FC_ENODATA) {
			rc = train_net(&m->final, &ts, 0, o.max_epochs, o.patience, &o, &rng, &run);
		}
	}
	if (rc != FC_OK) {
		fc_lstm_free(m);
		return rc;
	}
	m->epochs = run;
	*out = m;
	return FC_OK;
}

int fc_lstm_forecast(const fc_lstm *m, int series, const double *y, int n, int h, double *mean)
{
	if (!m || !y || !mean || h < 1 || h > m->horizon || series < 0 || series >= m->nseries ||
	    n > m->ns[series] || n < 1)
		return FC_EINVAL;
	const net *nt = n == m->ns[series] ? &m->final : &m->cv;
	if (!nt->w)
		return FC_ENODATA;
	work w;
	if (work_init(&w, nt, 1, m->lookback) != FC_OK)
		return FC_ENOMEM;
	make_sample(y, n, m->ns[series], m->shift, m->lookback, m->horizon, &m->cal, &w, 0, NULL);
	forward(nt, nt->w, &w, 1);
	double s = level_at(y, n);
	int rc = FC_OK;
	for (int k = 0; k < h; k++) {
		double v = w.Y[k] * s;
		if (!isfinite(v)) {
			rc = FC_ENUMERIC;
			break;
		}
		mean[k] = v > 0 ? v : 0;
	}
	work_free(&w);
	return rc;
}

int fc_lstm_epochs(const fc_lstm *m)
{
	return m ? m->epochs : 0;
}

int fc_lstm_horizon(const fc_lstm *m)
{
	return m ? m->horizon : 0;
}

int fc_lstm_view(const fc_lstm *m, const int *ns, int nseries, int last_day,
                 const struct fc_calendar *cal, fc_lstm **out)
{
	if (!m || !ns || nseries < 0 || !out)
		return FC_EINVAL;
	fc_lstm *v = lstm_new(ns, nseries);
	if (!v)
		return FC_ENOMEM;
	v->final = m->final;
	v->cv = m->cv;
	v->lookback = m->lookback;
	v->horizon = m->horizon;
	v->epochs = m->epochs;
	v->borrowed = 1;
	v->train_last_day = m->train_last_day;
	v->train_maxn = m->train_maxn;
	v->shift = last_day > 0 && m->train_last_day > 0 ? last_day - m->train_last_day
	                                                 : max_len(ns, nseries) - m->train_maxn;
	if (caltab_init(&v->cal, cal, last_day, max_len(ns, nseries)) != FC_OK) {
		fc_lstm_free(v);
		return FC_ENOMEM;
	}
	*out = v;
	return FC_OK;
}

/* Saved form: a text header line (version 3: calendar inputs and terms; 2 added the training batch's last day and
 * longest series, for the weekday shift), then the final and (when present) the CV
 * weights as IEEE doubles in this machine's byte order. */
int fc_lstm_save(const fc_lstm *m, void **buf, size_t *len)
{
	if (!m || !buf || !len)
		return FC_EINVAL;
	char head[160];
	int hl = snprintf(head, sizeof head, "JLSTM3 %d %d %d %d %d %d %d %d %d\n", m->final.d,
	                  m->final.hh, m->final.out, m->lookback, m->horizon, m->epochs,
	                  m->cv.w != NULL, m->train_last_day, m->train_maxn);
	size_t nbytes = m->final.nw * sizeof(double);
	size_t total = (size_t)hl + nbytes * (m->cv.w ? 2 : 1);
	char *out = malloc(total);
	if (!out)
		return FC_ENOMEM;
	memcpy(out, head, (size_t)hl);
	memcpy(out + hl, m->final.w, nbytes);
	if (m->cv.w)
		memcpy(out + hl + nbytes, m->cv.w, nbytes);
	*buf = out;
	*len = total;
	return FC_OK;
}

int fc_lstm_load(const void *buf, size_t len, const int *ns, int nseries, fc_lstm **out)
{
	if (!buf || !ns || nseries < 0 || !out || len < 8 || memcmp(buf, "JLSTM3 ", 7) != 0)
		return FC_EINVAL;
	const char *nl = memchr(buf, '\n', len < 160 ? len : 160);
	if (!nl)
		return FC_EINVAL;
	char head[160];
	size_t hl = (size_t)(nl - (const char *)buf) + 1;
	memcpy(head, buf, hl - 1);
	head[hl - 1] = '\0';
	int d, hh, o, L, H, ep, hascv, last_day, maxn;
	if (sscanf(head + 7, "%d %d %d %d %d %d %d %d %d", &d, &hh, &o, &L, &H, &ep, &hascv,
	           &last_day, &maxn) != 9 ||
	    d != DIN || hh < 1 || hh > 4096 || o < 1 || o > FC_MAX_HORIZON || L < 1 || L > 100000 ||
	    H != o || ep < 0 || (hascv != 0 && hascv != 1) || last_day < 0 || maxn < 0)
		return FC_EINVAL;
	size_t nw = net_size(d, hh, o), nbytes = nw * sizeof(double);
	if (len != hl + nbytes * (hascv ? 2 : 1))
		return FC_EINVAL;
	fc_lstm *m = lstm_new(ns, nseries);
	if (!m)
		return FC_ENOMEM;
	m->lookback = L;
	m->horizon = H;
	m->epochs = ep;
	m->train_last_day = last_day;
	m->train_maxn = maxn;
	m->shift = max_len(ns, nseries) - maxn; /* no last day known here */
	m->final = (net){d, hh, o, nw, malloc(nbytes)};
	if (hascv)
		m->cv = (net){d, hh, o, nw, malloc(nbytes)};
	if (!m->final.w || (hascv && !m->cv.w)) {
		fc_lstm_free(m);
		return FC_ENOMEM;
	}
	memcpy(m->final.w, (const char *)buf + hl, nbytes);
	if (hascv)
		memcpy(m->cv.w, (const char *)buf + hl + nbytes, nbytes);
	for (size_t i = 0; i < nw; i++)
		if (!isfinite(m->final.w[i]) || (hascv && !isfinite(m->cv.w[i]))) {
			fc_lstm_free(m);
			return FC_EINVAL;
		}
	*out = m;
	return FC_OK;
}

void fc_lstm_free(fc_lstm *m)
{
	if (!m)
		return;
	if (!m->borrowed) {
		free(m->final.w);
		free(m->cv.w);
	}
	free(m->cal.flags);
	free(m->ns);
	free(m);
}

int fc_lstm_gradcheck(unsigned long long seed, double *max_rel_err)
{
	uint64_t rng = seed;
	net n;
	int B = 3, L = 5, hh = 4, out = 2;
	if (net_init(&n, DIN, hh, out, &rng) != FC_OK)
		return FC_ENOMEM;
	work w;
	double *T = malloc((size_t)B * out * sizeof *T);
	double *g = calloc(n.nw, sizeof *g), *dummy = calloc(n.nw, sizeof *dummy);
	if (work_init(&w, &n, B, L) != FC_OK)
		memset(&w, 0, sizeof w); /* work_free below is then a no-op */
	if (!w.X || !T || !g || !dummy) {
		work_free(&w);
		free(n.w);
		free(T);
		free(g);
		free(dummy);
		return FC_ENOMEM;
	}
	for (size_t i = 0; i < (size_t)L * B * DIN; i++)
		w.X[i] = 2.0 * fc_rng_unif(&rng) - 1.0;
	for (size_t i = 0; i < (size_t)B * out * NCF; i++)
		w.CF[i] = fc_rng_unif(&rng) < 0.3;
	struct blocks pb = blocks_of(&n, n.w);
	for (int f = 0; f < NCF; f++) /* away from zero, so their gradient is tested too */
		pb.Wc[f] = 2.0 * fc_rng_unif(&rng) - 1.0;
	for (int i = 0; i < B * out; i++)
		T[i] = 2.0 * fc_rng_unif(&rng) - 1.0;
	forward(&n, n.w, &w, B);
	backward(&n, n.w, &w, B, T, g);
	double worst = 0.0, eps = 1e-6;
	for (size_t i = 0; i < n.nw; i++) {
		double keep = n.w[i];
		n.w[i] = keep + eps;
		forward(&n, n.w, &w, B);
		double lp = backward(&n, n.w, &w, B, T, dummy);
		n.w[i] = keep - eps;
		forward(&n, n.w, &w, B);
		double lm = backward(&n, n.w, &w, B, T, dummy);
		n.w[i] = keep;
		double num = (lp - lm) / (2 * eps);
		double rel = fabs(num - g[i]) / fmax(1e-7, fabs(num) + fabs(g[i]));
		if (rel > worst)
			worst = rel;
	}
	*max_rel_err = worst;
	work_free(&w);
	free(n.w);
	free(T);
	free(g);
	free(dummy);
	return FC_OK;
}
