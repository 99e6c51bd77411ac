/* fc_global_adapt.c — puts the Prophet-style model (fc_prophet.c), the global boosted trees
 * (fc_gbm.c) and the global LSTM (fc_lstm.c) behind the engine's model interface.
 *
 * All three have a prepare step. The global models train there on every series of the
 * batch; the Prophet-style model only records what a per-series fit needs to place the
 * series in the calendar (each series' full length and the common last day). A prepare
 * step that finds too little data leaves no state, and the model then answers
 * FC_ENODATA, so selection passes over it and a model asked for by name falls back.
 * With opt->trained, the global models do not train: their state is a view of the trained
 * model placed on this batch's days (lengths, last day, calendar). */
#include <cblas.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fc_gbm.h"
#include "fc_lstm.h"
#include "fc_model.h"
#include "fc_prophet.h"

/* Prophet fits on at most the last three years: enough for the yearly terms, and the
 * cost of a fit grows with the history. */
#define PROPHET_MAXN 1095

/* The engine runs series in parallel itself; OpenBLAS's own threads would only spin
 * against ours (measured: a Prophet fit 25x slower with them). */
static pthread_once_t blas_once = PTHREAD_ONCE_INIT;

static void blas_single(void)
{
	openblas_set_num_threads(1);
}

int fc_model_in_set(const fc_model_def *m, const fc_options *opt)
{
	if (m == &fc_model_lstm)
		return opt->model_set == FC_SET_ALL;
	if (m == &fc_model_prophet || m == &fc_model_gbm)
		return opt->model_set != FC_SET_STAT;
	return 1;
}

/* ------------------------------------------------------------------ Prophet-style */

struct prophet_state {
	int *ns;
	int nseries;
	int last_day;
	const fc_calendar *cal;
};

static int prophet_prepare(const double *const *ys, const int *ns, int nseries,
                           const fc_options *opt, void **state)
{
	pthread_once(&blas_once, blas_single);
	(void)ys;
	struct prophet_state *p = calloc(1, sizeof *p);
	if (!p)
		return FC_ENOMEM;
	p->ns = malloc((size_t)(nseries > 0 ? nseries : 1) * sizeof *p->ns);
	if (!p->ns) {
		free(p);
		return FC_ENOMEM;
	}
	memcpy(p->ns, ns, (size_t)nseries * sizeof *ns);
	p->nseries = nseries;
	p->last_day = opt->last_day;
	p->cal = opt->calendar;
	*state = p;
	return FC_OK;
}

static void prophet_release(void *state)
{
	struct prophet_state *p = state;
	if (p)
		free(p->ns);
	free(p);
}

static int prophet_fc(const void *state, int series, const double *y, int n, int period, int h,
                      double *mean, char *detail)
{
	(void)period;
	const struct prophet_state *p = state;
	fc_prophet_opts o;
	fc_prophet_opts_init(&o);
	int skip = n > PROPHET_MAXN ? n - PROPHET_MAXN : 0;
	/* A fold is a prefix of the series, so y[0] is the series' first day whatever n. */
	if (p && p->last_day > 0 && series >= 0 && series < p->nseries) {
		o.first_day = p->last_day - p->ns[series] + 1 + skip;
		o.cal = p->cal;
	}
	return fc_prophet_forecast(y + skip, n - skip, h, &o, mean, detail);
}

const fc_model_def fc_model_prophet = {"prophet",       56,        0, prophet_prepare,
                                       prophet_release, prophet_fc};

/* ------------------------------------------------------------------ boosted trees */

static int gbm_prepare(const double *const *ys, const int *ns, int nseries, const fc_options *opt,
                       void **state)
{
	pthread_once(&blas_once, blas_single);
	fc_gbm *m = NULL;
	if (opt->trained) {
		const fc_gbm *t = fc_trained_gbm(opt->trained);
		int rc = t ? fc_gbm_view(t, ns, nseries, opt->last_day, opt->calendar, &m)
		           : FC_ENODATA;
		*state = m;
		return rc;
	}
	fc_gbm_opts o;
	fc_gbm_opts_init(&o);
	o.horizon = opt->horizon;
	o.seed = opt->seed ? opt->seed : 42;
	o.cv_origins = opt->cv_origins > 0 ? opt->cv_origins : 3;
	o.last_day = opt->last_day;
	o.cal = opt->calendar;
	int rc = fc_gbm_train(ys, ns, nseries, &o, &m);
	*state = m;
	return rc;
}

static void gbm_release(void *state)
{
	fc_gbm_free(state);
}

static int gbm_fc(const void *state, int series, const double *y, int n, int period, int h,
                  double *mean, char *detail)
{
	(void)period;
	if (!state)
		return FC_ENODATA; /* too little history to train on: see fc_gbm_train */
	int rc = fc_gbm_forecast(state, series, y, n, h, mean);
	if (rc == FC_OK && detail)
		snprintf(detail, FC_NAME_MAX, "gbm(rounds=%d)", fc_gbm_rounds(state) % 100000);
	return rc;
}

const fc_model_def fc_model_gbm = {"gbm", 28, 0, gbm_prepare, gbm_release, gbm_fc};

/* ------------------------------------------------------------------------- LSTM */

static int lstm_prepare(const double *const *ys, const int *ns, int nseries, const fc_options *opt,
                        void **state)
{
	pthread_once(&blas_once, blas_single);
	fc_lstm *m = NULL;
	if (opt->trained) {
		const fc_lstm *t = fc_trained_lstm(opt->trained);
		int rc = t ? fc_lstm_view(t, ns, nseries, opt->last_day, opt->calendar, &m)
		           : FC_ENODATA;
		*state = m;
		return rc;
	}
	fc_lstm_opts o;
	fc_lstm_opts_init(&o);
	o.horizon = opt->horizon;
	o.seed = opt->seed ? opt->seed : 42;
	o.cv_origins = opt->cv_origins > 0 ? opt->cv_origins : 3;
	o.last_day = opt->last_day;
	o.cal = opt->calendar;
	int rc = fc_lstm_train(ys, ns, nseries, &o, &m);
	*state = m;
	return rc;
}

static void lstm_release(void *state)
{
	fc_lstm_free(state);
}

static int lstm_fc(const void *state, int series, const double *y, int n, int period, int h,
                   double *mean, char *detail)
{
	(void)period;
	if (!state)
		return FC_ENODATA;
	int rc = fc_lstm_forecast(state, series, y, n, h, mean);
	if (rc == FC_OK && detail)
		snprintf(detail, FC_NAME_MAX, "lstm(epochs=%d)", fc_lstm_epochs(state) % 10000);
	return rc;
}

const fc_model_def fc_model_lstm = {"lstm", 1, 1, lstm_prepare, lstm_release, lstm_fc};
