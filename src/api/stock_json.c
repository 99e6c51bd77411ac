/* stock_json.c — planning rows and the suggested order sheet as JSON (stock_json.h). The
 * figures come from plan_evaluate as the view computed them; the sentences from the
 * plan_*_text builders; nothing here re-derives a rule. */
#include "stock_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alert_rules.h"
#include "date.h"
#include "json_text.h"
#include "util.h"

static json_t *day_json(int64_t day)
{
	if (day == PLAN_NO_DAY)
		return json_null();
	char out[11];
	date_format(day, out);
	return json_string(out);
}

/* A sentence of a plan_*_text builder as a JSON string. */
static void text_str(struct buf *b, size_t (*fn)(const void *, char *, size_t), const void *arg)
{
	char t[PLAN_TEXT_MAX];
	fn(arg, t, sizeof t);
	jt_str(b, t);
}

static json_t *text_json(size_t (*fn)(const void *, char *, size_t), const void *arg)
{
	char buf[PLAN_TEXT_MAX];
	fn(arg, buf, sizeof buf);
	return json_string(buf);
}

/* Adapters so that every sentence builder fits text_str and text_json. */
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

/* ------------------------------------------------------------------ row as text
 *
 * The planning row is written as text (json_text.h): at 500 products a jansson tree cost
 * more than computing the figures. Each helper writes one member, its key given with the
 * comma before it (",\"key\":"). */

static void kv_int(struct buf *b, const char *key, int64_t v)
{
	jt_lit(b, key);
	jt_int(b, v);
}

/* An integer, or null when !has. */
static void kv_opt_int(struct buf *b, const char *key, int has, int64_t v)
{
	jt_lit(b, key);
	if (has)
		jt_int(b, v);
	else
		jt_lit(b, "null");
}

/* A figure: its value when its part computed, else null. */
static void kv_int_if(struct buf *b, const char *key, int status, int64_t v)
{
	kv_opt_int(b, key, status == PLAN_OK, v);
}

static void kv_opt_bool(struct buf *b, const char *key, int has, int v)
{
	jt_lit(b, key);
	if (has)
		jt_bool(b, v);
	else
		jt_lit(b, "null");
}

static void kv_opt_str(struct buf *b, const char *key, const char *s)
{
	jt_lit(b, key);
	if (s)
		jt_str(b, s);
	else
		jt_lit(b, "null");
}

/* A day as "YYYY-MM-DD", null when !has or no day. */
static void kv_day(struct buf *b, const char *key, int has, int64_t day)
{
	jt_lit(b, key);
	if (!has || day == PLAN_NO_DAY) {
		jt_lit(b, "null");
		return;
	}
	char out[11];
	date_format(day, out);
	jt_str(b, out);
}

/* A sentence when has, else "". */
static void kv_text(struct buf *b, const char *key, int has,
                    size_t (*fn)(const void *, char *, size_t), const void *arg)
{
	jt_lit(b, key);
	if (has)
		text_str(b, fn, arg);
	else
		jt_lit(b, "\"\"");
}

/* The parts that could not be computed, one entry per reason, in the order of the parts:
 * [{"code","message","figures":[...]}]. */
static void problems_text(struct buf *b, const struct plan_row *row)
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
	jt_lit(b, ",\"problems\":[");
	int first = 1;
	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		const char *code = plan_status_code(parts[i].status);
		int seen = 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = parts[k].status != PLAN_OK &&
			       util_streq(plan_status_code(parts[k].status), code);
		if (parts[i].status == PLAN_OK || seen)
			continue;
		jt_lit(b, first ? "{\"code\":" : ",{\"code\":");
		first = 0;
		jt_str(b, code);
		kv_opt_str(b, ",\"message\":", plan_status_message(parts[i].status));
		jt_lit(b, ",\"figures\":[");
		int nfig = 0;
		for (size_t k = i; k < ARRAY_LEN(parts); k++) {
			if (parts[k].status == PLAN_OK ||
			    !util_streq(plan_status_code(parts[k].status), code))
				continue;
			jt_lit(b, nfig++ ? "," : "");
			jt_str(b, parts[k].figure);
		}
		jt_lit(b, "]}");
	}
	jt_lit(b, "]");
}

/* The safety stock with its rule, inputs and sentence. */
static void safety_text_obj(struct buf *b, const struct stock_line *ln,
                            const struct plan_settings *s)
{
	const struct plan_row *row = &ln->row;
	const struct plan_safety *ss = &row->safety;
	int ok = row->safety_status == PLAN_OK;
	double level = ln->item.service_level > 0 ? ln->item.service_level : s->service_level;
	jt_lit(b, ",\"safety\":{\"rule\":");
	jt_str(b, plan_ss_rule_name(ln->item.ss_rule));
	kv_int_if(b, ",\"qty\":", row->safety_status, ss->qty);
	kv_opt_str(b, ",\"basis\":", ok ? basis_name(ss->basis) : NULL);
	kv_text(b, ",\"text\":", ok, safety_text, ss);
	kv_int(b, ",\"manual_qty\":", ln->item.ss_manual);
	jt_lit(b, ",\"service_level\":");
	jt_real(b, round(level * 1000.0) / 10.0);
	if (ok && ln->item.ss_rule == PLAN_SS_SERVICE_LEVEL) {
		jt_lit(b, ",\"quantile\":");
		jt_real(b, ss->quantile);
		kv_opt_bool(b, ",\"extrapolated\":", 1, ss->extrapolated);
		kv_opt_bool(b, ",\"fallback\":", 1, ss->fallback);
	}
	jt_lit(b, "}");
}

static void demand_text(struct buf *b, const struct stock_line *ln)
{
	const struct plan_row *row = &ln->row;
	int st = row->demand_status;
	kv_int_if(b, ",\"forecast_30\":", st, row->demand.d30);
	kv_int_if(b, ",\"forecast_60\":", st, row->demand.d60);
	kv_int_if(b, ",\"forecast_90\":", st, row->demand.d90);
	kv_opt_str(b, ",\"demand_basis\":", st == PLAN_OK ? basis_name(row->demand.basis) : NULL);
	kv_opt_int(b, ",\"monthly_demand\":", ln->item.monthly_demand != PLAN_NONE,
	           ln->item.monthly_demand);
	kv_opt_int(b, ",\"forecast_run_id\":", ln->forecast_run_id != 0, ln->forecast_run_id);
}

static void projection_text(struct buf *b, const struct stock_line *ln)
{
	const struct plan_row *row = &ln->row;
	int ok = row->projection_status == PLAN_OK;
	const struct plan_projection *p = &row->projection;
	kv_day(b, ",\"depletion_date\":", ok, p->depletion_day);
	kv_day(b, ",\"below_safety_date\":", ok, p->below_safety_day);
	kv_opt_bool(b, ",\"stockout_risk\":", ok, p->stockout_risk);
	kv_text(b, ",\"stockout_text\":", ok, stockout_text, p);
	kv_opt_int(b, ",\"open_qty\":", ok, p->open_qty);
}

static void timing_text_obj(struct buf *b, const struct stock_line *ln)
{
	const struct plan_row *row = &ln->row;
	int ok = row->timing_status == PLAN_OK;
	const struct plan_timing *t = &row->timing;
	kv_opt_bool(b, ",\"reorder_needed\":", ok, t->fires);
	kv_day(b, ",\"reorder_date\":", ok, t->order_by);
	kv_opt_str(b, ",\"reorder_urgency\":", ok && t->fires ? urgency_name(t->urgency) : NULL);
	kv_opt_bool(b, ",\"arrives_after_depletion\":", ok, t->arrives_after_depletion);
	kv_text(b, ",\"timing_text\":", ok, timing_text, t);
}

static void suggestion_text_obj(struct buf *b, const struct stock_line *ln)
{
	const struct plan_row *row = &ln->row;
	int ok = row->suggestion_status == PLAN_OK;
	const struct plan_suggestion *sg = &row->suggestion;
	kv_int_if(b, ",\"suggested_qty\":", row->suggestion_status, sg->qty);
	kv_text(b, ",\"suggestion_text\":", ok, suggestion_text, sg);
	kv_day(b, ",\"expected_arrival\":", ok, sg->arrival_day);
}

static void overstock_expiry_text(struct buf *b, const struct stock_line *ln, int show_cost)
{
	const struct plan_row *row = &ln->row;
	int ok = row->overstock_status == PLAN_OK;
	kv_int_if(b, ",\"overstock_qty\":", row->overstock_status, row->overstock.qty);
	kv_opt_bool(b, ",\"overstock_alert\":", 1, alert_overstock_fires(row));
	if (show_cost)
		kv_int_if(b, ",\"overstock_value\":", row->overstock_status, row->overstock.value);
	kv_text(b, ",\"overstock_text\":", ok, overstock_text, &row->overstock);
	int st = row->expiry_status;
	kv_int_if(b, ",\"expiry_near_qty\":", st, row->expiry.near_qty);
	kv_int_if(b, ",\"expiry_near_lots\":", st, (int64_t)row->expiry.near_lots);
	kv_int_if(b, ",\"expiry_risk_qty\":", st, row->expiry.risk_qty);
	if (show_cost)
		kv_int_if(b, ",\"expiry_risk_value\":", st, row->expiry.risk_value);
	kv_opt_bool(b, ",\"expiry_judged\":", st == PLAN_OK, row->expiry.judged);
}

void stock_line_text(struct buf *b, const struct stock_view *v, const struct stock_line *ln,
                     int show_cost)
{
	const struct plan_item *it = &ln->item;
	jt_lit(b, "{\"sku\":");
	jt_str(b, ln->sku);
	jt_lit(b, ",\"name\":");
	jt_str(b, ln->name);
	jt_lit(b, ln->is_set ? ",\"kind\":\"set\"" : ",\"kind\":\"single\"");
	kv_opt_int(b, ",\"supplier_id\":", ln->supplier_id != 0, ln->supplier_id);
	jt_lit(b, ",\"supplier\":");
	jt_str(b, ln->supplier_name);
	jt_lit(b, ",\"category\":");
	jt_str(b, ln->category);
	kv_opt_bool(b, ",\"has_expiry\":", 1, ln->has_expiry);
	kv_int(b, ",\"on_hand\":", it->on_hand);
	kv_int(b, ",\"available\":", it->on_hand);
	kv_opt_int(b, ",\"lead_time_days\":", it->lead_time_days != PLAN_NONE, it->lead_time_days);
	jt_lit(b, ",\"safety_stock_rule\":");
	jt_str(b, plan_ss_rule_name(it->ss_rule));
	kv_int(b, ",\"moq\":", it->moq);
	kv_opt_int(b, ",\"order_multiple\":", it->order_multiple > 1, it->order_multiple);
	if (ln->is_set) {
		/* Planning figures are computed for singles; a set shows what it can make. */
		jt_lit(b,
		       ",\"planned\":false,\"problems\":[{\"code\":\"set_planned_by_components\","
		       "\"message\":");
		jt_str(b, "세트 상품은 구성 상품별로 계획합니다. 세트 재고는 구성 상품이 허용하는 "
		          "수량입니다.");
		jt_lit(b, ",\"figures\":[]}]}");
		return;
	}
	jt_lit(b, ",\"planned\":true");
	if (show_cost)
		kv_int(b, ",\"unit_cost\":", it->unit_cost);
	demand_text(b, ln);
	kv_int_if(b, ",\"safety_stock\":", ln->row.safety_status, ln->row.safety.qty);
	safety_text_obj(b, ln, &v->settings);
	projection_text(b, ln);
	timing_text_obj(b, ln);
	suggestion_text_obj(b, ln);
	overstock_expiry_text(b, ln, show_cost);
	kv_opt_bool(b, ",\"overridden\":", 1, ln->row.overridden);
	problems_text(b, &ln->row);
	jt_lit(b, "}");
}

json_t *stock_line_json(const struct stock_view *v, const struct stock_line *ln, int show_cost)
{
	struct buf b = BUF_INIT;
	stock_line_text(&b, v, ln, show_cost);
	json_t *o = json_loadb(b.p, b.len, 0, NULL);
	buf_free(&b);
	return o ? o : json_object();
}

static void settings_text(struct buf *b, const struct plan_settings *s)
{
	kv_int(b, "{\"order_alert_days\":", s->order_alert_days);
	kv_int(b, ",\"expiry_alert_days\":", s->expiry_alert_days);
	kv_int(b, ",\"review_days\":", s->review_days);
	jt_lit(b, ",\"service_level\":");
	jt_real(b, round(s->service_level * 1000.0) / 10.0);
	jt_lit(b, "}");
}

char *stock_list_text(const struct stock_view *v, const struct stock_line *only, int show_cost,
                      size_t *len)
{
	struct buf b = BUF_INIT;
	kv_day(&b, "{\"date\":", 1, v->settings.today);
	jt_lit(&b, ",\"run\":");
	if (v->run_id) {
		kv_int(&b, "{\"id\":", v->run_id);
		jt_lit(&b, ",\"finished_at\":");
		jt_str(&b, v->run_finished_at);
		jt_lit(&b, "}");
	} else {
		jt_lit(&b, "null");
	}
	jt_lit(&b, ",\"settings\":");
	settings_text(&b, &v->settings);
	jt_lit(&b, ",\"items\":[");
	size_t n = 0;
	for (size_t i = 0; i < v->n; i++) {
		if (only && only != &v->lines[i])
			continue;
		if (n++)
			jt_lit(&b, ",");
		stock_line_text(&b, v, &v->lines[i], show_cost);
	}
	kv_int(&b, "],\"total\":", (int64_t)n);
	jt_lit(&b, "}");
	*len = b.len;
	return b.p;
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
	struct buf b = BUF_INIT;
	settings_text(&b, s);
	json_t *o = json_loadb(b.p, b.len, 0, NULL);
	buf_free(&b);
	return o ? o : json_object();
}
