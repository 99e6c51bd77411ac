/* sim_engine.c — the engine behind the simulator's reviews (see sim_engine.h). */
#include "sim_engine.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

const double sim_engine_levels[] = {0.5,  0.6,  0.7,  0.8,  0.85,  0.9,  0.93,
                                    0.95, 0.97, 0.98, 0.99, 0.995, 0.999};
#define NLEVELS ((int)(sizeof sim_engine_levels / sizeof sim_engine_levels[0]))
const int sim_engine_nlevels = NLEVELS;
_Static_assert(NLEVELS <= FC_MAX_QUANTILES && NLEVELS <= SIM_FC_LEVELS, "levels");
_Static_assert(SIM_FC_LEVELS == FC_MAX_QUANTILES && SIM_FC_ROWS == FC_NTOTALS,
               "the engine's cumulative table is copied as it is");

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int sim_engine_init(struct sim_engine *e, const struct sim_product *prod, size_t n, int review_days)
{
	memset(e, 0, sizeof *e);
	fc_options_init(&e->opt);
	e->opt.nthreads = 1;
	e->opt.seed = 1;
	e->opt.nquantiles = NLEVELS;
	memcpy(e->opt.quantiles, sim_engine_levels, sizeof sim_engine_levels);
	sim_engine_set_model(e, "auto-stat");
	e->prod = prod;
	e->n = n;
	e->review_days = review_days;
	size_t k = n ? n : 1;
	e->ys = calloc(k, sizeof *e->ys);
	e->ns = calloc(k, sizeof *e->ns);
	e->idx = calloc(k, sizeof *e->idx);
	e->res = calloc(k, sizeof *e->res);
	return e->ys && e->ns && e->idx && e->res ? 0 : -1;
}

int sim_engine_set_model(struct sim_engine *e, const char *name)
{
	const char *model = name;
	int set = FC_SET_DEFAULT;
	if (strcmp(name, "auto-stat") == 0) {
		model = "auto";
		set = FC_SET_STAT;
	}
	for (const char *const *k = fc_model_names(); *k; k++)
		if (strcmp(*k, model) == 0) {
			e->opt.model = model;
			e->opt.model_set = set;
			return 0;
		}
	return -1;
}

void sim_engine_free(struct sim_engine *e)
{
	free(e->ys);
	free(e->ns);
	free(e->idx);
	free(e->res);
	memset(e, 0, sizeof *e);
}

/* The engine's forecast of one product copied into the replay's form. */
static void copy_forecast(const fc_result *res, struct sim_forecast *f)
{
	f->ok = 1;
	f->ndays = res->horizon < SIM_FC_DAYS ? res->horizon : SIM_FC_DAYS;
	memcpy(f->days, res->mean, sizeof *f->days * (size_t)f->ndays);
	memcpy(f->tdays, res->total_days, sizeof f->tdays);
	f->nlevels = res->nq;
	memcpy(f->levels, res->q, sizeof *f->levels * (size_t)res->nq);
	memcpy(f->q, res->total_quant, sizeof f->q);
	/* the engine repeats a capped row (30/60/90 over a shorter horizon): mark it unused */
	for (int k = 1, kept = 0; k < SIM_FC_ROWS; k++)
		if (f->tdays[k] <= f->tdays[kept])
			f->tdays[k] = 0;
		else
			kept = k;
}

/* The days a product's forecast covers: its lead time + review period, so that the
 * engine's cumulative quantiles hold exactly the window the policies read (the rules
 * continue a shorter forecast at its mean), at most SIM_FC_DAYS. */
static int horizon_of(const struct sim_engine *e, size_t i)
{
	int h = e->prod[i].lead_time_days + e->review_days;
	return h < 1 ? 1 : h > SIM_FC_DAYS ? SIM_FC_DAYS : h;
}

/* One engine batch: the products with history whose horizon is h. */
static int forecast_group(struct sim_engine *e, int review_day, const struct sim_history *h,
                          size_t n, int horizon, struct sim_forecast *out)
{
	int nb = 0;
	for (size_t i = 0; i < n; i++)
		if (h[i].n > 0 && horizon_of(e, i) == horizon) {
			e->ys[nb] = h[i].y;
			e->ns[nb] = h[i].n;
			e->idx[nb++] = i;
		}
	if (nb == 0)
		return 0;
	e->opt.last_day = review_day - 1;
	e->opt.horizon = horizon;
	double t0 = now_s();
	int frc = fc_forecast_batch(e->ys, e->ns, nb, &e->opt, e->res);
	e->fc_seconds += now_s() - t0;
	if (frc != FC_OK) {
		e->fc_error = frc;
		return -1;
	}
	for (int k = 0; k < nb; k++) {
		copy_forecast(&e->res[k], &out[e->idx[k]]);
		fc_result_free(&e->res[k]);
	}
	return 0;
}

int sim_engine_forecast(void *ctx, int review_day, const struct sim_history *h, size_t n,
                        struct sim_forecast *out)
{
	struct sim_engine *e = ctx;
	if (e->on_review && e->on_review(e->on_review_arg, e->reviews))
		return -1;
	e->reviews++;
	for (int horizon = 1; horizon <= SIM_FC_DAYS; horizon++) {
		int any = 0;
		for (size_t i = 0; i < n && !any; i++)
			any = h[i].n > 0 && horizon_of(e, i) == horizon;
		if (any && forecast_group(e, review_day, h, n, horizon, out))
			return -1;
	}
	return 0;
}
