/* test_simulate.c — the policy simulator (src/domain/simulate.c) on constructed demand whose
 * outcome is computed by hand: steady demand never runs out under the document's policy
 * once started, whatever the lead time; a spike loses exactly the units and days worked out
 * below; no policy's orders change when only the future changes (and the forecast is never
 * handed a day at or after the review); the same seed gives the same replay; a lot past its
 * shelf life is thrown away first-expiry-first-out. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "simulate.h"

#define FROM   200 /* the first replayed day; the sales start on day 0 */
#define NDAYS  400 /* days of sales */
#define ALL4   4
#define MAXLOG (NDAYS * ALL4 * 2)

static const int all_policies[ALL4] = {SIM_DOCUMENT, SIM_SERVICE_LEVEL, SIM_MINMAX, SIM_JAEGO};

/* The test forecaster: every day the mean of the 28 days before the review (or a fixed
 * rate when `fixed` > 0), the cumulative quantiles that mean's total at every level, and a
 * record of the latest day any call was handed. */
struct fcast {
	double fixed;
	int spread;  /* quantiles spread around the mean total instead of all equal to it */
	double wide; /* > 0: every quantile this many times too wide (an engine's over-wide tail) */
	int calls;
	int late; /* a history reached the review day or later */
	int last_seen, last_review;
};

static int forecaster(void *ctx, int review_day, const struct sim_history *h, size_t n,
                      struct sim_forecast *out)
{
	struct fcast *f = ctx;
	f->calls++;
	f->last_review = review_day;
	for (size_t i = 0; i < n; i++) {
		if (h[i].n == 0)
			continue;
		int last = h[i].first_day + h[i].n - 1;
		f->late |= last >= review_day;
		if (last > f->last_seen)
			f->last_seen = last;
		double sum = 0;
		int m = h[i].n < 28 ? h[i].n : 28;
		for (int t = h[i].n - m; t < h[i].n; t++)
			sum += h[i].y[t];
		double mean = f->fixed > 0 ? f->fixed : sum / m;
		struct sim_forecast *o = &out[i];
		o->ok = 1;
		o->ndays = SIM_FC_DAYS;
		for (int t = 0; t < SIM_FC_DAYS; t++)
			o->days[t] = mean;
		static const double levels[] = {0.5, 0.8, 0.9, 0.95, 0.99};
		static const double factor[] = {1.0, 1.2, 1.35, 1.5, 1.8};
		o->nlevels = 5;
		for (int r = 0; r < SIM_FC_ROWS; r++) {
			o->tdays[r] = 30 * (r + 1);
			for (int j = 0; j < 5; j++) {
				o->levels[j] = levels[j];
				o->q[r * SIM_FC_LEVELS + j] = mean * o->tdays[r] *
				                              (f->spread ? factor[j] : 1.0) *
				                              (f->wide > 0 ? f->wide : 1.0);
			}
		}
	}
	return 0;
}

/* Every day of a replay, as the daily output sees it. */
struct daylog {
	size_t n;
	struct sim_day d[MAXLOG];
};
static struct daylog logbuf, logbuf2;

static void record(void *ctx, const struct sim_day *d)
{
	struct daylog *l = ctx;
	if (l->n < MAXLOG)
		l->d[l->n++] = *d;
}

static double sales[NDAYS], sales2[NDAYS];

static void fill(double *s, double v)
{
	for (int t = 0; t < NDAYS; t++)
		s[t] = v;
}

static struct sim_product product(const double *s, int lead)
{
	return (struct sim_product){.sku = "A",
	                            .sales = s,
	                            .first_day = 0,
	                            .nsales = NDAYS,
	                            .lead_time_days = lead,
	                            .moq = 1,
	                            .order_multiple = 1,
	                            .unit_cost = 1000,
	                            .on_hand = PLAN_NONE};
}

static void config(struct sim_config *c, struct fcast *f, const int *pol, size_t np, int to,
                   struct daylog *l)
{
	sim_config_init(c);
	c->from_day = FROM;
	c->to_day = to;
	c->policies = pol;
	c->npolicies = np;
	c->forecast = forecaster;
	c->forecast_ctx = f;
	c->on_day = l ? record : NULL;
	c->day_ctx = l;
	if (l)
		l->n = 0;
}

/* 10 a day, forecast exactly: starting with the demand of lead time + review period, the
 * document's policy (safety stock = the lead time's demand, order covering lead time +
 * review + safety stock) never leaves a customer unserved, for any lead time. */
static void constant_demand_never_stocks_out_under_document(void **state)
{
	(void)state;
	fill(sales, 10);
	static const int leads[] = {0, 1, 7, 15, 30, 60, 120};
	for (size_t k = 0; k < sizeof leads / sizeof leads[0]; k++) {
		struct sim_product p = product(sales, leads[k]);
		struct fcast f = {0};
		struct sim_config c;
		int pol = SIM_DOCUMENT;
		config(&c, &f, &pol, 1, NDAYS - 1, &logbuf);
		struct sim_result r;
		assert_int_equal(sim_run(&c, &p, 1, &r), SIM_OK);
		const struct sim_metrics *m = &r.total[0];
		assert_int_equal(m->demand, 10 * (NDAYS - FROM));
		assert_int_equal(m->lost, 0);
		assert_int_equal(m->stockout_days, 0);
		assert_true(sim_fill_rate(m) == 1.0);
		assert_true(sim_cycle_service(m) == 1.0);
		assert_true(m->orders > 0);
		/* and it does order: the stock at the end of the replay is still there */
		assert_true(logbuf.d[logbuf.n - 1].on_hand > 0);
		sim_result_free(&r);
	}
}

/* Review every day, lead time 5, a steady 10 a day forecast at 10: each morning the order
 * brings stock + orders on the way to 110 (60 to cover lead time + review, safety stock
 * 50), so each morning holds 50 and receives 10. A spike of 310 on day FROM+30 is served
 * with those 60 units: 250 lost, that one day. The days after end empty but serve their 10
 * from each day's receipt, and the order of the day after the spike (60) arrives five days
 * later: no other day loses a sale. */
static void a_spike_loses_exactly_the_expected_days(void **state)
{
	(void)state;
	fill(sales, 10);
	sales[FROM + 30] = 310;
	struct sim_product p = product(sales, 5);
	struct fcast f = {.fixed = 10};
	struct sim_config c;
	int pol = SIM_DOCUMENT;
	config(&c, &f, &pol, 1, FROM + 60, &logbuf);
	c.review_days = 1;
	struct sim_result r;
	assert_int_equal(sim_run(&c, &p, 1, &r), SIM_OK);
	const struct sim_metrics *m = &r.total[0];
	assert_int_equal(m->stockout_days, 1);
	assert_int_equal(m->lost, 250);
	assert_int_equal(m->served, m->demand - 250);
	assert_int_equal(m->cycles, 61);
	assert_int_equal(m->cycles_ok, 60);
	for (size_t k = 0; k < logbuf.n; k++) {
		const struct sim_day *d = &logbuf.d[k];
		assert_int_equal(d->lost, d->day == FROM + 30 ? 250 : 0);
		if (d->day > FROM + 30 && d->day <= FROM + 35)
			assert_int_equal(d->on_hand, 0); /* served from the day's receipt */
		if (d->day == FROM + 36)
			assert_int_equal(d->received,
			                 60); /* the order of the day after the spike */
	}
	sim_result_free(&r);
}

/* Two histories equal up to day D and different after it: every policy places the same
 * orders up to D, and the forecast is never handed the review day or a later one. */
static void no_policy_sees_the_future(void **state)
{
	(void)state;
	for (int t = 0; t < NDAYS; t++)
		sales[t] = sales2[t] = (double)(t % 7 == 3 ? 40 : 5 + t % 3);
	int cut = FROM + 50;
	for (int t = cut + 1; t < NDAYS; t++)
		sales2[t] = sales[t] * 9 + 100;
	struct sim_product p[2] = {product(sales, 15), product(sales, 60)};
	struct sim_product q[2] = {product(sales2, 15), product(sales2, 60)};
	p[1].sku = q[1].sku = "B";
	struct fcast f = {0}, g = {0};
	struct sim_config c, c2;
	config(&c, &f, all_policies, ALL4, NDAYS - 1, &logbuf);
	config(&c2, &g, all_policies, ALL4, NDAYS - 1, &logbuf2);
	struct sim_result r, r2;
	assert_int_equal(sim_run(&c, p, 2, &r), SIM_OK);
	assert_int_equal(sim_run(&c2, q, 2, &r2), SIM_OK);
	assert_int_equal(f.late, 0);
	assert_int_equal(g.late, 0);
	assert_int_equal(f.last_seen, f.last_review - 1);
	assert_true(f.calls > 20);
	assert_int_equal(logbuf.n, logbuf2.n);
	int later_differs = 0;
	for (size_t k = 0; k < logbuf.n; k++) {
		const struct sim_day *a = &logbuf.d[k], *b = &logbuf2.d[k];
		assert_int_equal(a->day, b->day);
		assert_int_equal(a->policy, b->policy);
		if (a->day <= cut)
			assert_int_equal(a->ordered, b->ordered);
		else
			later_differs |= a->ordered != b->ordered;
	}
	assert_true(later_differs); /* the test can fail: the future does change later orders */
	sim_result_free(&r);
	sim_result_free(&r2);
}

static void same_seed_same_replay(void **state)
{
	(void)state;
	for (int t = 0; t < NDAYS; t++)
		sales[t] = (double)(t % 5 == 0 ? 30 : 6);
	struct sim_product p = product(sales, 30);
	struct sim_result r[3];
	size_t n[3];
	int64_t received_on[3][NDAYS] = {{0}};
	unsigned long long seeds[3] = {7, 7, 8};
	for (int k = 0; k < 3; k++) {
		struct fcast f = {0};
		struct sim_config c;
		config(&c, &f, all_policies, ALL4, NDAYS - 1, &logbuf);
		c.lead_spread = 10;
		c.seed = seeds[k];
		assert_int_equal(sim_run(&c, &p, 1, &r[k]), SIM_OK);
		n[k] = logbuf.n;
		for (size_t i = 0; i < logbuf.n; i++)
			if (logbuf.d[i].policy == SIM_DOCUMENT)
				received_on[k][logbuf.d[i].day] = logbuf.d[i].received;
	}
	assert_int_equal(n[0], n[1]);
	assert_memory_equal(r[0].total, r[1].total, ALL4 * sizeof *r[0].total);
	assert_memory_equal(r[0].per, r[1].per, ALL4 * sizeof *r[0].per);
	assert_memory_equal(received_on[0], received_on[1], sizeof received_on[0]);
	/* another seed draws other lead times: the receipts fall on other days */
	assert_memory_not_equal(received_on[0], received_on[2], sizeof received_on[0]);
	for (int k = 0; k < 3; k++)
		sim_result_free(&r[k]);
}

/* 100 units that keep 5 days, 10 sold a day, nothing sold before (minmax then never
 * orders): days FROM..FROM+4 sell 50, the morning of FROM+5 throws 50 away, then every
 * day loses its 10. */
static void expired_lots_are_thrown_away_first_expiry_first_out(void **state)
{
	(void)state;
	fill(sales, 0);
	for (int t = FROM; t < NDAYS; t++)
		sales[t] = 10;
	struct sim_product p = product(sales, 7);
	p.on_hand = 100;
	p.expiry_days = 5;
	struct fcast f = {0};
	struct sim_config c;
	int pol = SIM_MINMAX;
	config(&c, &f, &pol, 1, FROM + 9, &logbuf);
	struct sim_result r;
	assert_int_equal(sim_run(&c, &p, 1, &r), SIM_OK);
	const struct sim_metrics *m = &r.total[0];
	assert_int_equal(m->orders, 0);
	assert_int_equal(m->served, 50);
	assert_int_equal(m->expired_units, 50);
	assert_true(fabs(m->expired_value - 50000.0) < 1e-9);
	assert_int_equal(m->lost, 50);
	assert_int_equal(m->stockout_days, 5);
	assert_int_equal(logbuf.d[5].expired, 50);
	assert_int_equal(logbuf.d[4].on_hand, 50);
	sim_result_free(&r);
}

/* Two products alike but for their cost: jaego gives the cheap one the higher level (each
 * point of service costs it less money), so it holds more of it; and with the same demand
 * the shop's fill rate still reaches the target. A busy week every 13 weeks gives the
 * guard (the most sold in lead time + review days of the last half-year) room above the
 * quantiles. */
static void jaego_holds_more_of_the_cheaper_product(void **state)
{
	(void)state;
	for (int t = 0; t < NDAYS; t++)
		sales[t] = (double)(t % 91 < 7 ? 30 : t % 4 == 0 ? 22 : 6);
	struct sim_product p[2] = {product(sales, 15), product(sales, 15)};
	p[0].unit_cost = 40000;
	p[1].sku = "B";
	p[1].unit_cost = 1000;
	struct fcast f = {.spread = 1};
	struct sim_config c;
	int pol = SIM_JAEGO;
	config(&c, &f, &pol, 1, NDAYS - 1, NULL);
	c.warmup_days = 30;
	struct sim_result r;
	assert_int_equal(sim_run(&c, p, 2, &r), SIM_OK);
	assert_true(sim_avg_on_hand(&r.per[1]) > sim_avg_on_hand(&r.per[0]) + 1);
	assert_true(sim_fill_rate(&r.total[0]) >= 0.95);
	sim_result_free(&r);
}

/* 10 a day, but a forecast whose quantiles are 50 times too wide: jaego's guard keeps its
 * stock and orders on the way at most the most sold in any lead time + review days of the
 * last half-year (10 × 14 = 140 units) — without it, the order-up-to level would be the
 * tail's thousands — and no customer goes unserved. */
static void jaego_guard_caps_an_over_wide_forecast(void **state)
{
	(void)state;
	fill(sales, 10);
	struct sim_product p = product(sales, 7);
	struct fcast f = {.spread = 1, .wide = 50};
	struct sim_config c;
	int pol = SIM_JAEGO;
	config(&c, &f, &pol, 1, FROM + 97, &logbuf);
	struct sim_result r;
	assert_int_equal(sim_run(&c, &p, 1, &r), SIM_OK);
	int64_t most = 0;
	for (size_t k = 0; k < logbuf.n; k++) {
		int64_t position = logbuf.d[k].on_hand + logbuf.d[k].on_order + logbuf.d[k].demand;
		most = position > most ? position : most;
	}
	assert_true(most <= 140);
	assert_true(most >= 130); /* it did order up to the guard */
	assert_true(sim_fill_rate(&r.total[0]) == 1.0);
	sim_result_free(&r);
}

/* A warm-up is replayed but not measured: the measure starts on from_day. */
static void the_warm_up_is_replayed_not_measured(void **state)
{
	(void)state;
	fill(sales, 10);
	struct sim_product p = product(sales, 30);
	struct fcast f = {0};
	struct sim_config c;
	int pol = SIM_DOCUMENT;
	config(&c, &f, &pol, 1, FROM + 69, &logbuf);
	c.warmup_days = 40;
	struct sim_result r;
	assert_int_equal(sim_run(&c, &p, 1, &r), SIM_OK);
	assert_int_equal(r.total[0].days, 70);
	assert_int_equal(r.total[0].demand, 700);
	assert_int_equal(r.total[0].cycles, 11); /* the first two days end a cycle begun before */
	assert_int_equal(logbuf.n, 70);
	assert_int_equal(logbuf.d[0].day, FROM);
	assert_int_equal(f.last_review, FROM + 65); /* reviews every 7 days from FROM − 40 */
	sim_result_free(&r);
}

/* A forecast beyond the planning rules' range (10^12 units) is refused by them: that
 * review orders nothing and is counted, and the replay goes on. */
static void a_forecast_the_rules_refuse_orders_nothing(void **state)
{
	(void)state;
	fill(sales, 10);
	struct sim_product p = product(sales, 7);
	struct fcast f = {.fixed = 1e13};
	struct sim_config c;
	config(&c, &f, all_policies, ALL4, FROM + 20, NULL);
	struct sim_result r;
	assert_int_equal(sim_run(&c, &p, 1, &r), SIM_OK);
	for (int k = 0; k < ALL4; k++) {
		int minmax = all_policies[k] == SIM_MINMAX; /* reads no forecast */
		assert_int_equal(r.total[k].refused_reviews, minmax ? 0 : 3);
		assert_int_equal(r.total[k].orders, minmax ? 1 : 0);
	}
	sim_result_free(&r);
}

/* The metrics read as stated: holding cost over the days held, lost margin on lost units. */
static void costs_follow_the_stated_rates(void **state)
{
	(void)state;
	struct sim_metrics m = {.demand = 100,
	                        .served = 90,
	                        .lost = 10,
	                        .lost_value = 20000,
	                        .on_hand_days = 730,
	                        .value_days = 7300000,
	                        .days = 365};
	assert_true(fabs(sim_fill_rate(&m) - 0.9) < 1e-12);
	assert_true(fabs(sim_avg_on_hand(&m) - 2.0) < 1e-12);
	assert_true(fabs(sim_avg_stock_value(&m) - 20000.0) < 1e-9);
	assert_true(fabs(sim_holding_cost(&m, 0.25) - 5000.0) < 1e-9);
	assert_true(fabs(sim_lost_margin(&m, 0.3) - 6000.0) < 1e-9);
}

static void bad_inputs_are_refused(void **state)
{
	(void)state;
	fill(sales, 1);
	struct sim_product p = product(sales, 7);
	struct fcast f = {0};
	struct sim_config c;
	struct sim_result r;
	config(&c, &f, all_policies, ALL4, FROM - 1, NULL); /* to before from */
	assert_int_equal(sim_run(&c, &p, 1, &r), SIM_E_INVAL);
	config(&c, &f, all_policies, ALL4, FROM + 10, NULL);
	c.review_days = 0;
	assert_int_equal(sim_run(&c, &p, 1, &r), SIM_E_INVAL);
	config(&c, &f, all_policies, ALL4, FROM + 10, NULL);
	p.lead_time_days = PLAN_LEAD_TIME_MAX + 1;
	assert_int_equal(sim_run(&c, &p, 1, &r), SIM_E_INVAL);
	p.lead_time_days = 7;
	sales[3] = -1;
	assert_int_equal(sim_run(&c, &p, 1, &r), SIM_E_INVAL);
	sales[3] = 1;
	int unknown = SIM_NPOLICIES;
	config(&c, &f, &unknown, 1, FROM + 10, NULL);
	assert_int_equal(sim_run(&c, &p, 1, &r), SIM_E_INVAL);
	assert_int_equal(sim_policy_parse("jaego"), SIM_JAEGO);
	assert_int_equal(sim_policy_parse("nope"), -1);
	assert_string_equal(sim_policy_name(SIM_SERVICE_LEVEL), "service_level");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(constant_demand_never_stocks_out_under_document),
	        cmocka_unit_test(a_spike_loses_exactly_the_expected_days),
	        cmocka_unit_test(no_policy_sees_the_future),
	        cmocka_unit_test(same_seed_same_replay),
	        cmocka_unit_test(expired_lots_are_thrown_away_first_expiry_first_out),
	        cmocka_unit_test(jaego_holds_more_of_the_cheaper_product),
	        cmocka_unit_test(jaego_guard_caps_an_over_wide_forecast),
	        cmocka_unit_test(the_warm_up_is_replayed_not_measured),
	        cmocka_unit_test(a_forecast_the_rules_refuse_orders_nothing),
	        cmocka_unit_test(costs_follow_the_stated_rates),
	        cmocka_unit_test(bad_inputs_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
