/* stock_json.c — planning rows and the suggested order sheet as JSON (stock_json.h). The
 * figures come from plan_evaluate as the view computed them; the sentences from the
 * plan_*_text builders; nothing here re-derives a rule. */
#include "stock_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "util.h"

static json_t *day_json(int64_t day)
{
	if (day == PLAN_NO_DAY)
		return json_null();
	char out[11];
	date_format(day, out);
	return json_string(out);
}

static json_t *text_json(size_t (*fn)(const void *, char *, size_t), const void *arg)
{
	char buf[PLAN_TEXT_MAX];
	fn(arg, buf, sizeof buf);
	return json_string(buf);
}

/* Adapters so that every sentence builder fits text_json. */
static size_t safety_text(const void *a, char *b, size_t n)
{
	return plan_safety_text(a, b, n);
}
static size_t timing_text(const void *a, char *b, size_t n)
{
	return plan_timing_text(a, b, n);
}
static size_t stockout_text(const void *a, char *b, size_t n)
{
	return plan_stockout_text(a, b, n);
}
static size_t overstock_text(const void *a, char *b, size_t n)
{
	return plan_overstock_text(a, b, n);
}
static size_t suggestion_text(const void *a, char *b, size_t n)
{
	return plan_suggestion_text(a, b, n);
}

/* qty × 매입 단가, saturated (a sheet shows a huge number rather than a wrapped one). */
static int64_t amount_of(int64_t qty, int64_t cost)
{
	int64_t a;
	return __builtin_mul_overflow(qty, cost, &a) ? INT64_MAX : a;
}

/* A figure: its value when its part computed, else null. */
static json_t *int_if(int status, int64_t v)
{
	return status == PLAN_OK ? json_integer(v) : json_null();
}

/* The parts that could not be computed, one entry per reason:
 * [{"code","message","figures":[...]}]. */
static json_t *problems_json(const struct plan_row *row)
{
	const struct {
		const char *figure;
		int status;
	} parts[] = {
	        {"forecast", row->demand_status},           {"safety_stock", row->safety_status},
	        {"depletion_date", row->projection_status}, {"reorder", row->timing_status},
	        {"overstock", row->overstock_status},       {"expiry", row->expiry_status},
	        {"suggested_qty", row->suggestion_status},
	};
	json_t *out = json_array();
	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		if (parts[i].status == PLAN_OK)
			continue;
		const char *code = plan_status_code(parts[i].status);
		json_t *hit = NULL;
		size_t k;
		json_t *p;
		json_array_foreach(out, k, p)
		{
			if (util_streq(json_string_value(json_object_get(p, "code")), code))
				hit = p;
		}
		if (!hit) {
			hit = json_pack("{s:s, s:s, s:[]}", "code", code, "message",
			                plan_status_message(parts[i].status), "figures");
			json_array_append_new(out, hit);
		}
		json_array_append_new(json_object_get(hit, "figures"),
		                      json_string(parts[i].figure));
	}
	return out;
}

static const char *basis_name(int basis)
{
	switch (basis) {
	case PLAN_BASIS_FORECAST:
		return "forecast";
	case PLAN_BASIS_MONTHLY:
		return "monthly_demand";
	case PLAN_BASIS_MANUAL:
		return "manual";
	default:
		return NULL;
	}
}

static const char *urgency_name(int u)
{
	static const char *const names[] = {NULL, "later", "today", "overdue"};
	return u >= 0 && u < (int)ARRAY_LEN(names) ? names[u] : NULL;
}

static json_t *opt_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The safety stock with its rule, inputs and sentence. */
static json_t *safety_json(const struct stock_line *ln, const struct plan_settings *s)
{
	const struct plan_row *row = &ln->row;
	const struct plan_safety *ss = &row->safety;
	int ok = row->safety_status == PLAN_OK;
	double level = ln->item.service_level > 0 ? ln->item.service_level : s->service_level;
	json_t *o =
	        json_pack("{s:s, s:o, s:o, s:o, s:o}", "rule", plan_ss_rule_name(ln->item.ss_rule),
	                  "qty", int_if(row->safety_status, ss->qty), "basis",
	                  opt_str(ok ? basis_name(ss->basis) : NULL), "text",
	                  ok ? text_json(safety_text, ss) : json_string(""), "manual_qty",
	                  json_integer(ln->item.ss_manual));
	json_object_set_new(o, "service_level", json_real(round(level * 1000.0) / 10.0));
	if (ok && ln->item.ss_rule == PLAN_SS_SERVICE_LEVEL) {
		json_object_set_new(o, "quantile", json_real(ss->quantile));
		json_object_set_new(o, "extrapolated", json_boolean(ss->extrapolated));
		json_object_set_new(o, "fallback", json_boolean(ss->fallback));
	}
	return o;
}

static void add_demand(json_t *o, const struct stock_line *ln)
{
	const struct plan_row *row = &ln->row;
	int st = row->demand_status;
	json_object_set_new(o, "forecast_30", int_if(st, row->demand.d30));
	json_object_set_new(o, "forecast_60", int_if(st, row->demand.d60));
	json_object_set_new(o, "forecast_90", int_if(st, row->demand.d90));
	json_object_set_new(o, "demand_basis",
	                    opt_str(st == PLAN_OK ? basis_name(row->demand.basis) : NULL));
	json_object_set_new(o, "monthly_demand",
	                    ln->item.monthly_demand == PLAN_NONE
	                            ? json_null()
	                            : json_integer(ln->item.monthly_demand));
	json_object_set_new(o, "forecast_run_id",
	                    ln->forecast_run_id ? json_integer(ln->forecast_run_id) : json_null());
}

static void add_projection(json_t *o, const struct stock_line *ln)
{
	const struct plan_row *row = &ln->row;
	int ok = row->projection_status == PLAN_OK;
	const struct plan_projection *p = &row->projection;
	json_object_set_new(o, "depletion_date", ok ? day_json(p->depletion_day) : json_null());
	json_object_set_new(o, "below_safety_date",
	                    ok ? day_json(p->below_safety_day) : json_null());
	json_object_set_new(o, "stockout_risk", ok ? json_boolean(p->stockout_risk) : json_null());
	json_object_set_new(o, "stockout_text", ok ? text_json(stockout_text, p) : json_string(""));
	json_object_set_new(o, "open_qty", ok ? json_integer(p->open_qty) : json_null());
}

static void add_timing(json_t *o, const struct stock_line *ln)
{
	const struct plan_row *row = &ln->row;
	int ok = row->timing_status == PLAN_OK;
	const struct plan_timing *t = &row->timing;
	json_object_set_new(o, "reorder_needed", ok ? json_boolean(t->fires) : json_null());
	json_object_set_new(o, "reorder_date", ok ? day_json(t->order_by) : json_null());
	json_object_set_new(o, "reorder_urgency",
	                    opt_str(ok && t->fires ? urgency_name(t->urgency) : NULL));
	json_object_set_new(o, "arrives_after_depletion",
	                    ok ? json_boolean(t->arrives_after_depletion) : json_null());
	json_object_set_new(o, "timing_text", ok ? text_json(timing_text, t) : json_string(""));
}

static void add_suggestion(json_t *o, const struct stock_line *ln)
{
	const struct plan_row *row = &ln->row;
	int ok = row->suggestion_status == PLAN_OK;
	const struct plan_suggestion *sg = &row->suggestion;
	json_object_set_new(o, "suggested_qty", int_if(row->suggestion_status, sg->qty));
	json_object_set_new(o, "suggestion_text",
	                    ok ? text_json(suggestion_text, sg) : json_string(""));
	json_object_set_new(o, "expected_arrival", ok ? day_json(sg->arrival_day) : json_null());
}

static void add_overstock_expiry(json_t *o, const struct stock_line *ln, int show_cost)
{
	const struct plan_row *row = &ln->row;
	int ok = row->overstock_status == PLAN_OK;
	json_object_set_new(o, "overstock_qty", int_if(row->overstock_status, row->overstock.qty));
	if (show_cost)
		json_object_set_new(o, "overstock_value",
		                    int_if(row->overstock_status, row->overstock.value));
	json_object_set_new(o, "overstock_text",
	                    ok ? text_json(overstock_text, &row->overstock) : json_string(""));
	int st = row->expiry_status;
	json_object_set_new(o, "expiry_near_qty", int_if(st, row->expiry.near_qty));
	json_object_set_new(o, "expiry_risk_qty", int_if(st, row->expiry.risk_qty));
	if (show_cost)
		json_object_set_new(o, "expiry_risk_value", int_if(st, row->expiry.risk_value));
	json_object_set_new(o, "expiry_judged",
	                    st == PLAN_OK ? json_boolean(row->expiry.judged) : json_null());
}

json_t *stock_line_json(const struct stock_view *v, const struct stock_line *ln, int show_cost)
{
	const struct plan_item *it = &ln->item;
	json_t *o = json_pack(
	        "{s:s, s:s, s:s, s:o, s:s, s:b, s:I, s:I, s:o, s:s, s:I, s:o}", "sku", ln->sku,
	        "name", ln->name, "kind", ln->is_set ? "set" : "single", "supplier_id",
	        ln->supplier_id ? json_integer(ln->supplier_id) : json_null(), "supplier",
	        ln->supplier_name, "has_expiry", ln->has_expiry, "on_hand", (json_int_t)it->on_hand,
	        "available", (json_int_t)it->on_hand, "lead_time_days",
	        it->lead_time_days == PLAN_NONE ? json_null() : json_integer(it->lead_time_days),
	        "safety_stock_rule", plan_ss_rule_name(it->ss_rule), "moq", (json_int_t)it->moq,
	        "order_multiple",
	        it->order_multiple > 1 ? json_integer(it->order_multiple) : json_null());
	if (ln->is_set) {
		/* Planning figures are computed for singles; a set shows what it can make. */
		json_object_set_new(o, "planned", json_false());
		json_object_set_new(
		        o, "problems",
		        json_pack("[{s:s, s:s, s:[]}]", "code", "set_planned_by_components",
		                  "message",
		                  "세트 상품은 구성 상품별로 계획합니다. 세트 재고는 구성 "
		                  "상품이 허용하는 수량입니다.",
		                  "figures"));
		return o;
	}
	json_object_set_new(o, "planned", json_true());
	if (show_cost)
		json_object_set_new(o, "unit_cost", json_integer(it->unit_cost));
	add_demand(o, ln);
	json_object_set_new(o, "safety_stock", int_if(ln->row.safety_status, ln->row.safety.qty));
	json_object_set_new(o, "safety", safety_json(ln, &v->settings));
	add_projection(o, ln);
	add_timing(o, ln);
	add_suggestion(o, ln);
	add_overstock_expiry(o, ln, show_cost);
	json_object_set_new(o, "overridden", json_boolean(ln->row.overridden));
	json_object_set_new(o, "problems", problems_json(&ln->row));
	return o;
}

int stock_line_suggested(const struct stock_line *ln)
{
	const struct plan_row *row = &ln->row;
	if (ln->is_set || row->suggestion_status != PLAN_OK || row->suggestion.qty <= 0)
		return 0;
	int fires = row->timing_status == PLAN_OK && row->timing.fires;
	int runs_out = row->projection_status == PLAN_OK && row->projection.stockout_risk;
	return fires || runs_out;
}

/* One product of the sheet. */
static json_t *suggested_item(const struct stock_line *ln, int show_cost)
{
	const struct plan_row *row = &ln->row;
	const struct plan_suggestion *sg = &row->suggestion;
	int tok = row->timing_status == PLAN_OK;
	json_t *o = json_pack(
	        "{s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:b, s:b, s:I, s:o, s:o, s:o, s:o, s:I, s:I,"
	        " s:I, s:o, s:b}",
	        "sku", ln->sku, "name", ln->name, "qty", (json_int_t)sg->qty, "computed_qty",
	        (json_int_t)sg->computed_qty, "need", (json_int_t)sg->need, "moq",
	        (json_int_t)sg->moq, "order_multiple",
	        sg->order_multiple > 1 ? json_integer(sg->order_multiple) : json_null(),
	        "moq_applied", sg->moq_applied, "multiple_applied", sg->multiple_applied,
	        "lead_time_days", (json_int_t)sg->lead_time_days, "expected_arrival",
	        day_json(sg->arrival_day), "reorder_date",
	        tok ? day_json(row->timing.order_by) : json_null(), "reorder_urgency",
	        opt_str(tok && row->timing.fires ? urgency_name(row->timing.urgency) : NULL),
	        "depletion_date",
	        row->projection_status == PLAN_OK ? day_json(row->projection.depletion_day)
	                                          : json_null(),
	        "on_hand", (json_int_t)sg->on_hand, "open_qty", (json_int_t)sg->open_qty,
	        "safety_stock", (json_int_t)sg->safety_stock, "forecast_30", json_integer(sg->d30),
	        "overridden", sg->overridden || sg->forecast_overridden);
	json_object_set_new(o, "why", text_json(suggestion_text, sg));
	json_object_set_new(o, "timing_text",
	                    tok ? text_json(timing_text, &row->timing) : json_string(""));
	if (show_cost) {
		json_object_set_new(o, "unit_cost", json_integer(ln->item.unit_cost));
		json_object_set_new(o, "amount",
		                    json_integer(amount_of(sg->qty, ln->item.unit_cost)));
	}
	return o;
}

/* Suppliers by name (the byte order of UTF-8 is the order of Hangul syllables), the
 * products without a supplier last. */
static int cmp_group(const void *a, const void *b)
{
	const struct stock_line *x = *(const struct stock_line *const *)a;
	const struct stock_line *y = *(const struct stock_line *const *)b;
	if ((x->supplier_id == 0) != (y->supplier_id == 0))
		return x->supplier_id == 0 ? 1 : -1;
	int c = strcmp(x->supplier_name, y->supplier_name);
	if (c == 0)
		c = (x->supplier_id > y->supplier_id) - (x->supplier_id < y->supplier_id);
	return c ? c : strcmp(x->sku, y->sku);
}

json_t *stock_suggested_json(const struct stock_view *v, int show_cost)
{
	const struct stock_line **pick = xcalloc(v->n ? v->n : 1, sizeof *pick);
	size_t n = 0;
	for (size_t i = 0; i < v->n; i++)
		if (stock_line_suggested(&v->lines[i]))
			pick[n++] = &v->lines[i];
	qsort(pick, n, sizeof *pick, cmp_group);
	json_t *groups = json_array(), *g = NULL, *items = NULL;
	int64_t qty = 0, amount = 0;
	for (size_t i = 0; i < n; i++) {
		const struct stock_line *ln = pick[i];
		if (!g || ln->supplier_id != pick[i - 1]->supplier_id) {
			g = json_pack("{s:o, s:s, s:[]}", "supplier_id",
			              ln->supplier_id ? json_integer(ln->supplier_id) : json_null(),
			              "supplier", ln->supplier_name, "items");
			json_array_append_new(groups, g);
			items = json_object_get(g, "items");
			qty = amount = 0;
		}
		json_array_append_new(items, suggested_item(ln, show_cost));
		qty += ln->row.suggestion.qty;
		int64_t a = amount_of(ln->row.suggestion.qty, ln->item.unit_cost);
		amount = __builtin_add_overflow(amount, a, &amount) ? INT64_MAX : amount;
		json_object_set_new(g, "total_qty", json_integer(qty));
		if (show_cost)
			json_object_set_new(g, "total_amount", json_integer(amount));
	}
	free(pick);
	return json_pack("{s:o, s:o, s:o, s:I}", "date", day_json(v->settings.today), "settings",
	                 stock_settings_json(&v->settings), "groups", groups, "total_items",
	                 (json_int_t)n);
}

json_t *stock_settings_json(const struct plan_settings *s)
{
	return json_pack("{s:i, s:i, s:i, s:f}", "order_alert_days", s->order_alert_days,
	                 "expiry_alert_days", s->expiry_alert_days, "review_days", s->review_days,
	                 "service_level", round(s->service_level * 1000.0) / 10.0);
}
