/* api_forecast_view.c — the product page's forecast view in one answer
 * (GET /api/products/{sku}/forecast-view): the daily demand history as the runs count it,
 * the stored forecast with its corrections laid over, the holidays and the organisation's
 * events over the shown days, the planning row of GET /api/stock with the projected stock
 * per day, the open purchase orders, and the chosen model explained in Korean with the
 * candidates it beat. Every figure comes from the same functions the other routes use
 * (fstore_product_forecast, api_overrides_forecast_overlay, stock_view_load, stock_line_json,
 * plan_project, demand_build), so the numbers are theirs. */
#include "api_forecast_view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api_forecast.h"
#include "api_overrides.h"
#include "api_products.h"
#include "date.h"
#include "demand.h"
#include "events.h"
#include "forecast_store.h"
#include "forecast_words.h"
#include "holiday_calendar.h"
#include "overrides.h"
#include "purchase_orders.h"
#include "stock_json.h"
#include "stock_view.h"
#include "util.h"

#define VIEW_DAYS_DEFAULT 180
#define VIEW_DAYS_MAX     730
#define EVENT_WINDOW_MAX  120 /* the longest before/after an event may have (the engine's) */

static json_t *day_text(int64_t day)
{
	char out[11];
	date_format(day, out);
	return json_string(out);
}

static json_t *real_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* ------------------------------------------------------------------ history */

/* {"from","to","days":[{"date","qty"}],"total"}: the last ndays days up to last_day of the
 * product's demand, as a run counts it (demand.c over the same rows). */
static int history_json(struct req *r, int64_t product_id, int64_t last_day, int ndays,
                        json_t **out)
{
	char last_date[11];
	date_format(last_day, last_date);
	struct fstore_inputs in;
	int rc = fstore_load_product_inputs(r->db, r->user->org_id, product_id, last_date, &in);
	if (rc != DB_OK)
		return rc;
	struct demand_series s;
	demand_build(in.products, 1, in.moves, in.nmoves, in.sales, in.nsales, in.bom, in.nbom,
	             (int)last_day, &s);
	fstore_inputs_free(&in);
	int64_t first = last_day - ndays + 1;
	json_t *days = json_array();
	double total = 0;
	for (int64_t day = first; day <= last_day; day++) {
		int64_t k = day - s.first_day;
		double q = s.n > 0 && k >= 0 && k < s.n ? s.y[k] : 0;
		total += q;
		json_array_append_new(days,
		                      json_pack("{s:o, s:f}", "date", day_text(day), "qty", q));
	}
	demand_free(&s, 1);
	*out = json_pack("{s:o, s:o, s:o, s:f}", "from", day_text(first), "to", day_text(last_day),
	                 "days", days, "total", total);
	return DB_OK;
}

/* ------------------------------------------------------------------ calendar */

/* [{"date","name"}]: the public holidays from first to last. */
static json_t *holidays_json(int64_t first, int64_t last)
{
	struct holiday_day *h = NULL;
	size_t n = 0;
	json_t *a = json_array();
	if (holiday_calendar_range(first, last, &h, &n) == 0)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:o, s:s}", "date", day_text(h[i].day),
			                                   "name", h[i].name));
	free(h);
	return a;
}

static int64_t day_of_text(const char *s)
{
	int y, m, d;
	if (!s || date_parse(s, &y, &m, &d) != 0)
		return PLAN_NO_DAY;
	return date_days_from_civil(y, m, d);
}

/* The organisation's events whose effect (date − days_before .. date + days_after) meets
 * first..last, each with "from" and "to" added. */
static int events_json(struct req *r, int64_t first, int64_t last, json_t **out)
{
	char from[11], to[11];
	date_format(first - EVENT_WINDOW_MAX, from);
	date_format(last + EVENT_WINDOW_MAX, to);
	json_t *items = NULL;
	int64_t total = 0;
	int rc = events_page(r->db, r->user->org_id, from, to, 0, 10000, 0, &items, &total);
	if (rc != DB_OK)
		return rc;
	*out = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(items, i, e)
	{
		int64_t day = day_of_text(json_string_value(json_object_get(e, "date")));
		int64_t a = day - json_integer_value(json_object_get(e, "days_before"));
		int64_t b = day + json_integer_value(json_object_get(e, "days_after"));
		if (day == PLAN_NO_DAY || b < first || a > last)
			continue;
		json_t *o = json_pack(
		        "{s:O, s:O, s:O, s:O, s:O, s:O, s:o, s:o}", "id", json_object_get(e, "id"),
		        "name", json_object_get(e, "name"), "date", json_object_get(e, "date"),
		        "days_before", json_object_get(e, "days_before"), "days_after",
		        json_object_get(e, "days_after"), "kind", json_object_get(e, "kind"),
		        "from", day_text(a), "to", day_text(b));
		json_array_append_new(*out, o);
	}
	json_decref(items);
	return DB_OK;
}

/* ------------------------------------------------------------------ stock */

/* The open orders' units by day of the horizon, as plan_project counts them: a receipt
 * whose day has passed counts today, one beyond the horizon not at all. */
static void arrivals(const struct stock_view *v, const struct plan_item *it, int64_t *out)
{
	for (size_t i = 0; i < it->nreceipts; i++) {
		int64_t off = it->receipts[i].day - v->settings.today;
		if (off < 0)
			off = 0;
		if (off < v->settings.horizon)
			out[off] += it->receipts[i].qty;
	}
}

/* The planning row of GET /api/stock?sku= ("planning") and the projected stock at the end
 * of each day of the planning horizon ("days": [{"date","stock","demand","arriving"}]: the
 * effective demand the projection subtracts and the units it adds that day), or null for
 * a product the view does not hold (inactive). A set has no projection of its own. */
static json_t *stock_json(struct req *r, const struct stock_view *v, const char *sku)
{
	const struct stock_line *ln = stock_view_find(v, sku);
	if (!ln)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "planning",
	                    stock_line_json(v, ln, r->user->role >= API_PRODUCTS_COST_ROLE));
	const struct plan_row *row = &ln->row;
	int horizon = v->settings.horizon;
	json_t *days = json_array();
	double stock[PLAN_HORIZON_MAX];
	int64_t in[PLAN_HORIZON_MAX] = {0};
	struct plan_projection p;
	int64_t ss = row->safety_status == PLAN_OK ? row->safety.qty : 0;
	if (!ln->is_set && row->projection_status == PLAN_OK && horizon > 0 &&
	    horizon <= PLAN_HORIZON_MAX &&
	    plan_project(&v->settings, &ln->item, ss, stock, &p) == PLAN_OK) {
		arrivals(v, &ln->item, in);
		double level = (double)ln->item.on_hand;
		for (int t = 0; t < horizon; t++) {
			/* the day's demand is what the level lost beyond what arrived */
			double dem = level + (double)in[t] - stock[t];
			level = stock[t];
			json_array_append_new(days, json_pack("{s:o, s:f, s:f, s:I}", "date",
			                                      day_text(v->settings.today + t),
			                                      "stock", stock[t], "demand", dem,
			                                      "arriving", (json_int_t)in[t]));
		}
	}
	json_object_set_new(o, "days", days);
	return o;
}

/* [{"id","status","supplier":{"id","name"},"expected_date","open_qty","late"}]: the open
 * orders (ordered or partly received) with units of the product still to come. */
static json_t *orders_json(struct req *r, int64_t product_id, int64_t today)
{
	struct po_filter f = {.status = PO_NSTATUS, .product_id = product_id, .limit = 200};
	json_t *list = po_list_json(r->db, r->user->org_id, &f);
	json_t *out = json_array();
	size_t i;
	json_t *po;
	json_array_foreach(json_object_get(list, "items"), i, po)
	{
		json_t *line = json_object_get(po, "line");
		int64_t open = json_integer_value(json_object_get(line, "remaining_qty"));
		if (open <= 0)
			continue;
		/* the day planning counts it on: the line's date, else the order's (po.c) */
		const char *exp = json_string_value(json_object_get(line, "expected_date"));
		if (!exp)
			exp = json_string_value(json_object_get(po, "order_date"));
		int64_t day = day_of_text(exp);
		json_array_append_new(
		        out,
		        json_pack("{s:O, s:O, s:O, s:o, s:I, s:b}", "id", json_object_get(po, "id"),
		                  "status", json_object_get(po, "status"), "supplier",
		                  json_object_get(po, "supplier"), "expected_date",
		                  exp ? json_string(exp) : json_null(), "open_qty",
		                  (json_int_t)open, "late", day != PLAN_NO_DAY && day < today));
	}
	json_decref(list);
	return out;
}

/* ------------------------------------------------------------------ explanation */

static json_t *words_json(size_t (*fn)(const char *, char *, size_t), const char *arg)
{
	char buf[FWORDS_MAX];
	fn(arg, buf, sizeof buf);
	return json_string(buf);
}

static json_t *candidate_json(const struct fstore_cand_row *c)
{
	return json_pack("{s:i, s:s, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b}", "rank",
	                 c->rank, "model", c->model, "text", words_json(fwords_model, c->model),
	                 "ok", c->ok, "mae", real_or_null(c->mae), "rmse", real_or_null(c->rmse),
	                 "mase", real_or_null(c->mase), "wape", real_or_null(c->wape), "bias",
	                 real_or_null(c->bias), "score", real_or_null(c->score), "chosen",
	                 c->chosen, "part_of_combo", c->part_of_combo);
}

static double metric(json_t *fc, const char *key)
{
	json_t *v = json_object_get(json_object_get(fc, "metrics"), key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The chosen model in words, its backtest errors in words, and the candidates it was
 * ranked among ("candidates" empty for runs from before they were kept). */
static int explanation_json(struct req *r, int64_t product_id, json_t *fc, json_t **out)
{
	const char *model = json_string_value(json_object_get(fc, "model"));
	int64_t run_id = json_integer_value(json_object_get(fc, "run_id"));
	struct fstore_cand_row *c = NULL;
	size_t n = 0;
	int rc = fstore_candidates(r->db, r->user->org_id, run_id, product_id, &c, &n);
	if (rc != DB_OK)
		return rc;
	double snaive = NAN;
	int chosen_rank = 0, beaten = 0;
	json_t *cands = json_array();
	for (size_t i = 0; i < n; i++) {
		if (util_streq(c[i].model, "snaive") && c[i].ok)
			snaive = c[i].mae;
		if (c[i].chosen)
			chosen_rank = c[i].rank;
		json_array_append_new(cands, candidate_json(&c[i]));
	}
	for (size_t i = 0; i < n; i++)
		beaten += chosen_rank && c[i].ok && c[i].rank > chosen_rank;
	char acc[FWORDS_MAX], bias[FWORDS_MAX], rank[FWORDS_MAX];
	double mae = metric(fc, "mae");
	fwords_accuracy(isfinite(mae) ? mae : -1,
	                isfinite(metric(fc, "wape")) ? metric(fc, "wape") : -1, snaive, acc,
	                sizeof acc);
	fwords_bias(metric(fc, "bias"), bias, sizeof bias);
	rank[0] = '\0';
	if (chosen_rank)
		fwords_rank(chosen_rank, (int)n, model, rank, sizeof rank);
	free(c);
	*out = json_pack("{s:s, s:o, s:O, s:s, s:s, s:s, s:o, s:i, s:O, s:o}", "model", model,
	                 "model_text", words_json(fwords_model, model), "model_detail",
	                 json_object_get(fc, "model_detail"), "accuracy_text", acc, "bias_text",
	                 bias, "rank_text", rank, "snaive_mae", real_or_null(snaive), "beaten",
	                 beaten, "metrics", json_object_get(fc, "metrics"), "candidates", cands);
	return DB_OK;
}

/* ------------------------------------------------------------------ the route */

/* The forecast part: "forecast" and "explanation", or nulls and "forecast_missing"
 * {"reason","message",...} saying why there is none. *last gets the forecast's last day. */
static int forecast_part(struct req *r, const char *sku, int64_t product_id, json_t *o,
                         int64_t *last)
{
	json_t *fc = NULL;
	struct fstore_why why;
	int rc = fstore_product_forecast(r->db, r->user->org_id, sku, &fc, &why);
	if (rc == DB_DONE) {
		json_t *miss = api_forecast_why_json(sku, &why);
		json_object_set_new(miss, "message", json_string(api_forecast_why_text(r, &why)));
		json_object_set_new(o, "forecast", json_null());
		json_object_set_new(o, "explanation", json_null());
		json_object_set_new(o, "forecast_missing", miss);
		return DB_OK;
	}
	if (rc == DB_OK)
		rc = api_overrides_forecast_overlay(r, sku, fc);
	json_t *ex = NULL;
	if (rc == DB_OK)
		rc = explanation_json(r, product_id, fc, &ex);
	if (rc != DB_OK) {
		json_decref(fc);
		return rc;
	}
	json_t *days = json_object_get(fc, "days");
	int64_t end = day_of_text(json_string_value(
	        json_object_get(json_array_get(days, json_array_size(days) - 1), "date")));
	if (end != PLAN_NO_DAY && end > *last)
		*last = end;
	json_object_set_new(o, "forecast", fc);
	json_object_set_new(o, "explanation", ex);
	json_object_set_new(o, "forecast_missing", json_null());
	return DB_OK;
}

/* Everything of the view but the forecast, over the shown days first..*last. */
static int rest_part(struct req *r, const struct stock_view *v, const char *sku, int64_t pid,
                     int ndays, int64_t last, json_t *o)
{
	int64_t today = v->settings.today;
	json_t *hist = NULL, *events = NULL;
	int rc = history_json(r, pid, today - 1, ndays, &hist);
	if (rc == DB_OK)
		rc = events_json(r, today - ndays, last, &events);
	if (rc != DB_OK) {
		json_decref(hist);
		return rc;
	}
	json_object_set_new(o, "history", hist);
	json_object_set_new(o, "holidays", holidays_json(today - ndays, last));
	json_object_set_new(o, "events", events);
	json_object_set_new(o, "stock", stock_json(r, v, sku));
	json_object_set_new(o, "purchase_orders", orders_json(r, pid, today));
	return DB_OK;
}

/* GET /api/products/{sku}/forecast-view[?days=180] */
static void h_view(struct req *r)
{
	const char *sku = req_param_nfc(r, "sku");
	int64_t ndays;
	if (req_query_int(r, "days", VIEW_DAYS_DEFAULT, 1, VIEW_DAYS_MAX, &ndays))
		return;
	struct ovr_product p;
	int rc = sku ? ovr_product_find(r->db, r->user->org_id, sku, &p) : DB_DONE;
	if (rc == DB_DONE) {
		reply_not_found(r, "sku_not_found",
		                arena_printf(r->a, "상품을 찾을 수 없습니다: %s", sku ? sku : ""));
		return;
	}
	struct stock_view v;
	if (rc == DB_OK)
		rc = stock_view_load(r->db, r->user->org_id, NULL, &v);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	int64_t today = v.settings.today;
	int64_t last = today + v.settings.horizon - 1;
	json_t *o = json_pack("{s:s, s:o, s:I}", "sku", sku, "date", day_text(today), "days",
	                      (json_int_t)ndays);
	rc = forecast_part(r, sku, p.id, o, &last);
	if (rc == DB_OK)
		rc = rest_part(r, &v, sku, p.id, (int)ndays, last, o);
	stock_view_free(&v);
	if (rc != DB_OK) {
		json_decref(o);
		reply_db_error(r, rc);
		return;
	}
	reply_json(r, 200, o);
}

const struct route api_forecast_view_routes[] = {
        {"GET", "/api/products/{sku}/forecast-view", ROLE_VIEWER, 0, h_view},
        ROUTE_END,
};
