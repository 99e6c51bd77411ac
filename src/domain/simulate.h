/* simulate.h — the policy simulator: replays a shop's past day by day under ordering
 * policies and measures what each would have done (fill rate, stock-outs, stock held,
 * orders, expired units, their costs).
 *
 * Each day of the replay, per product and policy: on a review day the policy looks at the
 * stock and the orders on the way and may order (the order arrives after the lead time,
 * optionally spread by a seeded generator); then what arrives today is received, lots past
 * their last day are thrown away (products with a shelf life are sold first-expiry-first-
 * out), and the day's demand — the recorded sales of that day — is served from stock; what
 * cannot be served is lost and recorded. The policies are the planning rules
 * (planning.h): none has a formula of its own that planning.c already states.
 *
 * Pure: no I/O, no database, no forecasting engine. The forecast each review needs comes
 * from the caller's callback, which is handed each product's sales strictly before the
 * review day and nothing later, so no policy can see the future. The formulas and metrics
 * are stated in docs/simulate.md. */
#ifndef JAEGO_SIMULATE_H
#define JAEGO_SIMULATE_H

#include <stddef.h>
#include <stdint.h>

#include "planning.h"

#define SIM_FC_DAYS     90   /* days of forecast a review needs (the rules continue past it) */
#define SIM_FC_ROWS     3    /* cumulative rows (30, 60, 90 days), as the engine stores them */
#define SIM_FC_LEVELS   16   /* quantile levels a cumulative row may hold */
#define SIM_MINMAX_DAYS 90   /* minmax: the days of sales its average reads */
#define SIM_DAYS_MAX    3660 /* at most ten years replayed */
#define SIM_SPREAD_MAX  60   /* largest lead-time spread, days either way */
#define SIM_WARMUP_MAX  PLAN_LEAD_TIME_MAX /* longest warm-up, days */

enum {
	SIM_OK = 0,
	SIM_E_INVAL,    /* a bad argument: see the field checks of sim_run */
	SIM_E_NOMEM,    /* out of memory */
	SIM_E_FORECAST, /* the forecast callback failed */
	SIM_E_PLAN      /* a planning rule failed on the replay's numbers (out of range) */
};

/* The policies. */
enum { SIM_DOCUMENT = 0, SIM_SERVICE_LEVEL, SIM_MINMAX, SIM_JAEGO, SIM_NPOLICIES };
const char *sim_policy_name(int policy); /* "document", "service_level", ... */
int sim_policy_parse(const char *s);     /* -1 when unknown */

/* One product: its recorded daily sales (the demand the replay serves) and what the
 * supplier asks. Arrays are borrowed. */
struct sim_product {
	const char *sku;
	const double *sales; /* sales[t]: units sold on day first_day + t; none before */
	int first_day, nsales;
	int lead_time_days;     /* 0..PLAN_LEAD_TIME_MAX */
	int64_t moq;            /* <= 1: no minimum */
	int64_t order_multiple; /* <= 1: any quantity */
	int64_t unit_cost;      /* KRW a unit, 0 when unknown */
	int64_t on_hand; /* stock the morning of the replay's first day; PLAN_NONE: the demand of
	                           lead time + review period at the average of the SIM_MINMAX_DAYS
	                           days before, rounded up (the same start for every policy) */
	int expiry_days; /* shelf life from receipt, days; 0 = does not expire */
};

/* A product's sales before a review day: days first_day .. first_day + n − 1, every one
 * strictly before the review day. */
struct sim_history {
	const double *y;
	int first_day, n;
};

/* What the callback writes for one product at a review: the daily mean forecast from the
 * review day (days[0] is the review day) and the cumulative-demand quantiles, in the form
 * struct plan_dist PLAN_DIST_CUMULATIVE reads (tdays[r] days from the review day, rows
 * with 0 days unused, q[r * SIM_FC_LEVELS + j] at levels[j] ascending). ok = 0: no
 * forecast for this product (no history yet): its policies order nothing this review. */
struct sim_forecast {
	int ok;
	int ndays; /* 1..SIM_FC_DAYS */
	double days[SIM_FC_DAYS];
	int tdays[SIM_FC_ROWS];
	int nlevels;
	double levels[SIM_FC_LEVELS];
	double q[SIM_FC_ROWS * SIM_FC_LEVELS];
};

/* Forecasts every product at once (the engine works in batches) for a review on day
 * review_day: h[i] is product i's history, out[i] its forecast. Returns 0, or non-zero to
 * stop the replay (SIM_E_FORECAST). */
typedef int (*sim_forecast_fn)(void *ctx, int review_day, const struct sim_history *h, size_t n,
                               struct sim_forecast *out);

/* One product's day under one policy, for the daily output. */
struct sim_day {
	int policy;
	size_t product;
	int day;
	int64_t demand, served, lost; /* the day's sales rounded to whole units */
	int64_t on_hand;              /* at the end of the day, after serving */
	int64_t on_order;             /* ordered, not yet received, at the end of the day */
	int64_t ordered;              /* placed this day */
	int64_t received;             /* arrived this day */
	int64_t expired;              /* thrown away this morning */
};
typedef void (*sim_day_fn)(void *ctx, const struct sim_day *d);

/* How the replay runs. */
struct sim_config {
	int from_day, to_day;    /* the days measured, both included */
	int warmup_days;         /* 0..SIM_WARMUP_MAX: the replay starts this many days before
	                         from_day, so that every policy's own orders have arrived when
	                         the measure begins; those days are replayed, not measured */
	int review_days;         /* a review every this many days from the replay's first day */
	int lead_spread;         /* 0..SIM_SPREAD_MAX: each order's lead time moved by a draw
	                           in −spread..+spread days (never below 0) */
	unsigned long long seed; /* of the lead-time draws */
	double service_level;    /* service_level policy: its level (0.5..0.999) */
	double target_fill;      /* jaego policy: the shop's target fill rate (0.5..0.999) */
	double holding_rate;     /* holding cost a year, as a fraction of stock value (>= 0) */
	double margin_rate;      /* margin lost on a unit not sold, as a fraction of its cost */
	const int *policies;     /* SIM_* run side by side on the same replay */
	size_t npolicies;
	sim_forecast_fn forecast;
	void *forecast_ctx;
	sim_day_fn on_day; /* may be NULL */
	void *day_ctx;
};
/* Defaults: review 7 days, no spread, seed 1, service level 0.95, target fill 0.95,
 * holding 25 % a year, margin 30 % of cost. */
void sim_config_init(struct sim_config *c);

/* What one policy did with one product (or, summed, with all of them). */
struct sim_metrics {
	int64_t demand, served, lost; /* units: each day's sales rounded to whole units */
	double lost_value;            /* lost units × unit cost, KRW */
	int64_t stockout_days;        /* days with demand that could not all be served */
	int64_t cycles, cycles_ok;    /* review cycles, and those without a stock-out */
	double on_hand_days;          /* sum over days of the end-of-day stock */
	double value_days;            /* the same in KRW */
	int64_t days;                 /* days replayed */
	int64_t orders;               /* orders placed */
	int64_t ordered_units;
	int64_t expired_units;
	double expired_value;    /* KRW */
	int64_t refused_reviews; /* reviews whose forecast the planning rules refused (beyond
	                            their 10^12-unit range): no order was placed */
};

/* Figures read from the metrics (a zero denominator gives 1 for the rates, 0 otherwise). */
double sim_fill_rate(const struct sim_metrics *m);       /* served / demand */
double sim_cycle_service(const struct sim_metrics *m);   /* cycles_ok / cycles */
double sim_avg_on_hand(const struct sim_metrics *m);     /* units */
double sim_avg_stock_value(const struct sim_metrics *m); /* KRW */
/* Holding cost: average stock value × holding_rate × days / 365. */
double sim_holding_cost(const struct sim_metrics *m, double holding_rate);
/* Lost margin: lost units × unit cost × margin_rate. */
double sim_lost_margin(const struct sim_metrics *m, double margin_rate);

/* The result: per policy (in the config's order) and product, and the total per policy. */
struct sim_result {
	size_t npolicies, nproducts;
	struct sim_metrics *per;   /* per[p * nproducts + i] */
	struct sim_metrics *total; /* total[p] */
};
void sim_result_free(struct sim_result *r);

/* Replays the products under each policy. SIM_E_INVAL for a config or product out of its
 * ranges (days outside from..to order, an unknown policy, a lead time beyond
 * PLAN_LEAD_TIME_MAX, negative sales...). On SIM_OK the caller frees *out. */
int sim_run(const struct sim_config *c, const struct sim_product *p, size_t n,
            struct sim_result *out);

#endif
