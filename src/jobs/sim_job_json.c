/* sim_job_json.c — the answer of a finished simulation (sim_job.h): totals per policy,
 * the summary columns per product and policy, and the chart of stock over time with the
 * stock-out days. */
#include <math.h>
#include <string.h>

#include "date.h"
#include "sim_job.h"

/* The summary columns of one policy's metrics (rates as fractions 0–1, money in KRW). */
static json_t *metrics_json(int policy, const struct sim_metrics *m, const struct sim_config *c)
{
	return json_pack(
	        "{s:s, s:f, s:f, s:I, s:f, s:f, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:f}", "policy",
	        sim_policy_name(policy), "fill_rate", round(sim_fill_rate(m) * 1e4) / 1e4,
	        "cycle_service_level", round(sim_cycle_service(m) * 1e4) / 1e4, "stockout_days",
	        (json_int_t)m->stockout_days, "avg_on_hand", round(sim_avg_on_hand(m) * 100) / 100,
	        "avg_stock_value", round(sim_avg_stock_value(m)), "orders", (json_int_t)m->orders,
	        "ordered_units", (json_int_t)m->ordered_units, "expired_units",
	        (json_int_t)m->expired_units, "demand_units", (json_int_t)m->demand, "lost_units",
	        (json_int_t)m->lost, "holding_cost", round(sim_holding_cost(m, c->holding_rate)),
	        "lost_margin", round(sim_lost_margin(m, c->margin_rate)), "expired_cost",
	        round(m->expired_value));
}

static json_t *items_json(const struct sim_job_request *q, const struct sim_job_output *o,
                          const struct sim_config *c)
{
	json_t *items = json_array();
	for (size_t i = 0; i < o->np; i++) {
		const struct simstore_product *p = &o->products[i];
		json_t *pol = json_array();
		for (size_t k = 0; k < q->npolicies; k++)
			json_array_append_new(
			        pol, metrics_json(q->policies[k], &o->res.per[k * o->np + i], c));
		json_t *it =
		        json_pack("{s:s, s:s, s:i, s:b, s:I, s:I, s:I, s:o}", "sku", p->sku, "name",
		                  p->name, "lead_time_days", p->lead_time_days, "lead_time_default",
		                  o->lead_default[i], "moq", (json_int_t)p->moq, "unit_cost",
		                  (json_int_t)p->unit_cost, "opening_on_hand",
		                  (json_int_t)(p->opening_known && p->opening > 0 ? p->opening : 0),
		                  "policies", pol);
		json_object_set_new(it, "opening_known", json_boolean(p->opening_known));
		json_array_append_new(items, it);
	}
	return items;
}

/* One policy's line: product `only` in units, or (only = np) every product's stock value;
 * and the days with a stock-out of that product (of any product). */
static json_t *chart_series(const struct sim_job_output *o, size_t pi, size_t only,
                            int64_t first_day, json_t **stockout_dates)
{
	json_t *values = json_array();
	*stockout_dates = json_array();
	for (int t = 0; t < o->ndays; t++) {
		double v = 0;
		int out = 0;
		for (size_t i = 0; i < o->np; i++) {
			if (only < o->np && i != only)
				continue;
			size_t k = (pi * o->np + i) * (size_t)o->ndays + (size_t)t;
			v += only < o->np
			             ? (double)o->on_hand[k]
			             : (double)o->on_hand[k] * (double)o->products[i].unit_cost;
			out |= o->stockout[k];
		}
		json_array_append_new(values, json_real(v));
		if (out) {
			char date[11];
			date_format(first_day + t, date);
			json_array_append_new(*stockout_dates, json_string(date));
		}
	}
	return values;
}

static json_t *chart_json(const struct sim_job_request *q, const struct sim_job_output *o,
                          size_t only)
{
	json_t *dates = json_array();
	for (int t = 0; t < o->ndays; t++) {
		char date[11];
		date_format((int64_t)q->from_day + t, date);
		json_array_append_new(dates, json_string(date));
	}
	json_t *series = json_array();
	for (size_t k = 0; k < q->npolicies; k++) {
		json_t *so;
		json_t *values = chart_series(o, k, only, q->from_day, &so);
		json_array_append_new(series, json_pack("{s:s, s:o, s:o}", "policy",
		                                        sim_policy_name(q->policies[k]), "values",
		                                        values, "stockout_dates", so));
	}
	json_t *c = json_pack("{s:s, s:o, s:o}", "unit", only < o->np ? "units" : "value", "dates",
	                      dates, "series", series);
	json_object_set_new(c, "sku",
	                    only < o->np ? json_string(o->products[only].sku) : json_null());
	return c;
}

json_t *sim_job_result_json(const struct sim_job_request *q, const struct sim_job_output *o,
                            const char *sku)
{
	size_t only = o->np;
	if (sku) {
		for (only = 0; only < o->np && strcmp(o->products[only].sku, sku) != 0;)
			only++;
		if (only == o->np)
			return NULL;
	}
	struct sim_config c;
	sim_config_init(&c);
	json_t *totals = json_array();
	for (size_t k = 0; k < q->npolicies; k++)
		json_array_append_new(totals, metrics_json(q->policies[k], &o->res.total[k], &c));
	return json_pack("{s:o, s:o, s:o, s:f, s:f, s:f}", "totals", totals, "items",
	                 items_json(q, o, &c), "chart", chart_json(q, o, only), "service_level",
	                 o->service_level, "holding_rate", c.holding_rate, "margin_rate",
	                 c.margin_rate);
}
