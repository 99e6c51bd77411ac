/* sim_engine.h — the forecasting engine as the policy simulator's forecast callback: at each
 * review, one engine batch per forecast window (a product's lead time + review period) over
 * the products with history, each handed only its sales before the review day, copied
 * into the replay's form (simulate.h). `jaego simulate` and the server's simulations
 * (sim_jobs.c) both replay through it, so the two give the same numbers on the same data. */
#ifndef JAEGO_SIM_ENGINE_H
#define JAEGO_SIM_ENGINE_H

#include <stddef.h>

#include "forecast.h"
#include "simulate.h"

struct sim_engine {
	fc_options opt; /* set by sim_engine_init; the caller may change threads, seed,
	                   calendar before the replay */
	const struct sim_product *prod;
	size_t n;
	int review_days;
	const double **ys;
	int *ns;
	size_t *idx;
	fc_result *res;
	int reviews;       /* reviews forecast so far */
	double fc_seconds; /* time spent in the engine */
	int fc_error;      /* the engine's code when a batch failed, else FC_OK */
	/* Optional: called before each review's forecasts with the reviews done so far;
	 * non-zero stops the replay (SIM_E_FORECAST, fc_error stays FC_OK). */
	int (*on_review)(void *arg, int done);
	void *on_review_arg;
};

/* The quantile levels the replay's forecasts hold (the service levels a policy may ask). */
extern const double sim_engine_levels[];
extern const int sim_engine_nlevels;

/* Prepares e for the products prod[0..n-1] (borrowed) replayed with reviews every
 * review_days: model "auto-stat" (the statistical models: every product is re-forecast at
 * every review), one thread, seed 1, no calendar. Returns 0, or -1 when out of memory. */
int sim_engine_init(struct sim_engine *e, const struct sim_product *prod, size_t n,
                    int review_days);
/* The model the reviews use: a name of fc_model_names(), or "auto-stat". -1 when unknown. */
int sim_engine_set_model(struct sim_engine *e, const char *name);
void sim_engine_free(struct sim_engine *e);

/* The callback for struct sim_config (forecast_ctx = the engine). */
int sim_engine_forecast(void *ctx, int review_day, const struct sim_history *h, size_t n,
                        struct sim_forecast *out);

#endif
