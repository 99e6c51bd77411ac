/* stock_view.c — the planning view of an organisation's products (stock_view.h): loads
 * every input of the planning rules in one read transaction with a few set-based queries,
 * builds each product's plan_item in one place (line_build_item) and evaluates it. */
#include "stock_view.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ledger_rules.h"
#include "overrides.h"
#include "purchase_orders.h"
#include "util.h"

/* What the queries gathered for one product before its plan_item is built. */
struct raw {
	int64_t on_hand;
	int64_t own_lead, sup_lead; /* PLAN_NONE = not entered */
	int64_t moq, order_multiple, unit_cost, safety_stock, monthly_demand;
	int ss_rule;
	double service_level; /* 0 = the organisation's */
	double *fc;           /* the run's daily means from today on */
	int nfc;
	struct plan_dist *dist; /* in the view's arena: the item points at it */
	int *dist_days;
	double *dist_levels, *dist_q;
	struct plan_receipt *receipts;
	size_t nreceipts, capreceipts;
	struct plan_lot *lots;
	size_t nlots, caplots;
	struct ledger_comp comps[LEDGER_MAX_COMPONENTS];
	size_t ncomps;
	/* standing corrections (예측 수정): the model's own days once they are applied, and
	 * the order quantity */
	double *fc_model;
	int fc_overridden;
	int64_t order_qty_override; /* PLAN_NONE = none */
};

/* product id -> line index, sorted by id for bsearch. */
struct id_index {
	int64_t id;
	size_t idx;
};

struct loader {
	db *d;
	int64_t org_id;
	struct stock_view *v;
	struct raw *raws;
	struct id_index *ids;
	/* the standing corrected days of every product, by product then date */
	struct ovr_day *ovr;
	int64_t *ovr_product;
	size_t novr, capovr;
};

static int cmp_id(const void *a, const void *b)
{
	int64_t x = ((const struct id_index *)a)->id, y = ((const struct id_index *)b)->id;
	return (x > y) - (x < y);
}

static struct raw *raw_of(struct loader *L, int64_t product_id, size_t *idx)
{
	struct id_index key = {.id = product_id};
	struct id_index *hit = bsearch(&key, L->ids, L->v->n, sizeof *L->ids, cmp_id);
	if (!hit)
		return NULL;
	if (idx)
		*idx = hit->idx;
	return &L->raws[hit->idx];
}

static int64_t day_of_text(const char *s)
{
	return date_day_or(s, PLAN_NO_DAY);
}

static int step_end(db_stmt *s, int rc)
{
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERR);
}

/* ------------------------------------------------------------------ the queries */

static int load_settings(struct loader *L)
{
	db_stmt *s = db_preparef(L->d,
	                         "SELECT order_alert_days, expiry_alert_days, review_days,"
	                         " service_level FROM orgs WHERE id = ?",
	                         "i", L->org_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		L->v->settings.order_alert_days = (int)db_col_int(s, 0);
		L->v->settings.expiry_alert_days = (int)db_col_int(s, 1);
		L->v->settings.review_days = (int)db_col_int(s, 2);
		L->v->settings.service_level = db_col_double(s, 3);
		rc = DB_DONE;
	}
	return step_end(s, rc);
}

static void product_row(struct loader *L, db_stmt *s, struct stock_line *ln, struct raw *r)
{
	ln->product_id = db_col_int(s, 0);
	util_strlcpy(ln->sku, db_col_text(s, 1), sizeof ln->sku);
	ln->name = arena_strdup(L->v->mem, db_col_text(s, 2) ? db_col_text(s, 2) : "");
	ln->is_set = util_streq(db_col_text(s, 3), "set");
	ln->supplier_id = db_col_int(s, 4);
	ln->supplier_name = arena_strdup(L->v->mem, db_col_text(s, 5) ? db_col_text(s, 5) : "");
	ln->has_expiry = (int)db_col_int(s, 6);
	r->own_lead = db_col_is_null(s, 7) ? PLAN_NONE : db_col_int(s, 7);
	r->sup_lead = db_col_is_null(s, 8) ? PLAN_NONE : db_col_int(s, 8);
	r->moq = db_col_int(s, 9);
	r->order_multiple = db_col_is_null(s, 10) ? 1 : db_col_int(s, 10);
	r->unit_cost = db_col_int(s, 11);
	r->safety_stock = db_col_int(s, 12);
	int rule = plan_ss_rule_parse(db_col_text(s, 13));
	r->ss_rule = rule < 0 ? PLAN_SS_MANUAL : rule;
	r->monthly_demand = db_col_is_null(s, 14) ? PLAN_NONE : db_col_int(s, 14);
	r->service_level = db_col_is_null(s, 15) ? 0 : db_col_double(s, 15);
	r->on_hand = db_col_int(s, 16);
	ln->category = arena_strdup(L->v->mem, db_col_text(s, 17) ? db_col_text(s, 17) : "");
	r->order_qty_override = PLAN_NONE;
}

/* Active products by SKU; sizes lines, raws and the id index. */
static int load_products(struct loader *L)
{
	int64_t n = db_int(L->d, 0, "SELECT COUNT(*) FROM products WHERE org_id = ? AND active = 1",
	                   "i", L->org_id);
	struct stock_view *v = L->v;
	v->lines = arena_alloc(v->mem, (size_t)(n > 0 ? n : 1) * sizeof *v->lines);
	L->raws = xcalloc((size_t)(n > 0 ? n : 1), sizeof *L->raws);
	L->ids = xcalloc((size_t)(n > 0 ? n : 1), sizeof *L->ids);
	db_stmt *s = db_preparef(
	        L->d,
	        "SELECT p.id, p.sku, p.name, p.kind, COALESCE(p.supplier_id, 0),"
	        " COALESCE(s.name, ''), p.has_expiry, p.lead_time_days, s.lead_time_days, p.moq,"
	        " p.order_multiple, p.unit_cost, p.safety_stock, p.safety_stock_rule,"
	        " p.monthly_demand, p.service_level, COALESCE(b.on_hand, 0),"
	        " COALESCE(p.category, '')"
	        " FROM products p LEFT JOIN suppliers s ON s.id = p.supplier_id"
	        " LEFT JOIN balances b ON b.product_id = p.id"
	        " WHERE p.org_id = ? AND p.active = 1 ORDER BY p.sku",
	        "i", L->org_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW && v->n < (size_t)n) {
		product_row(L, s, &v->lines[v->n], &L->raws[v->n]);
		L->ids[v->n] = (struct id_index){.id = v->lines[v->n].product_id, .idx = v->n};
		v->n++;
	}
	if (rc == DB_ROW)
		rc = DB_DONE; /* a product added since the count: the next load shows it */
	qsort(L->ids, v->n, sizeof *L->ids, cmp_id);
	return step_end(s, rc);
}

/* A set's stock is what its components allow (the ledger's rule). */
static int load_sets(struct loader *L)
{
	db_stmt *s = db_preparef(L->d,
	                         "SELECT sc.set_id, sc.component_id, sc.qty, COALESCE(b.on_hand, 0)"
	                         " FROM set_components sc"
	                         " LEFT JOIN balances b ON b.product_id = sc.component_id"
	                         " WHERE sc.org_id = ? ORDER BY sc.set_id, sc.component_id",
	                         "i", L->org_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct raw *r = raw_of(L, db_col_int(s, 0), NULL);
		if (!r || r->ncomps >= LEDGER_MAX_COMPONENTS)
			continue;
		r->comps[r->ncomps++] = (struct ledger_comp){.product_id = db_col_int(s, 1),
		                                             .qty = db_col_int(s, 2),
		                                             .on_hand = db_col_int(s, 3)};
	}
	rc = step_end(s, rc);
	struct raw *raws = L->raws;
	for (size_t i = 0; raws && rc == DB_OK && i < L->v->n; i++)
		if (L->v->lines[i].is_set)
			raws[i].on_hand = ledger_set_available(raws[i].comps, raws[i].ncomps);
	return rc;
}

/* Lots still holding stock with an expiry, earliest first (first-expiry-first-out). */
static int load_lots(struct loader *L)
{
	db_stmt *s = db_preparef(L->d,
	                         "SELECT product_id, expiry, SUM(qty) FROM lots"
	                         " WHERE org_id = ? AND qty > 0 AND expiry IS NOT NULL"
	                         " GROUP BY product_id, expiry ORDER BY product_id, expiry",
	                         "i", L->org_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct raw *r = raw_of(L, db_col_int(s, 0), NULL);
		int64_t day = day_of_text(db_col_text(s, 1));
		if (!r || day == PLAN_NO_DAY)
			continue;
		if (r->nlots == r->caplots) {
			size_t cap = r->caplots ? r->caplots * 2 : 4;
			struct plan_lot *a = arena_alloc(L->v->mem, cap * sizeof *a);
			if (r->nlots)
				memcpy(a, r->lots, r->nlots * sizeof *a);
			r->lots = a;
			r->caplots = cap;
		}
		r->lots[r->nlots++] = (struct plan_lot){.expiry_day = day, .qty = db_col_int(s, 2)};
	}
	return step_end(s, rc);
}

/* The open purchase orders' units still to come, on their expected days. */
static int load_receipts(struct loader *L)
{
	struct po_expected *e = NULL;
	size_t n = 0;
	int rc = po_expected_receipts(L->d, L->org_id, 0, &e, &n);
	for (size_t i = 0; rc == DB_OK && i < n; i++) {
		struct raw *r = raw_of(L, e[i].product_id, NULL);
		if (!r || e[i].day == PLAN_NO_DAY)
			continue;
		if (r->nreceipts == r->capreceipts) {
			size_t cap = r->capreceipts ? r->capreceipts * 2 : 4;
			struct plan_receipt *a = arena_alloc(L->v->mem, cap * sizeof *a);
			if (r->nreceipts)
				memcpy(a, r->receipts, r->nreceipts * sizeof *a);
			r->receipts = a;
			r->capreceipts = cap;
		}
		r->receipts[r->nreceipts++] =
		        (struct plan_receipt){.day = e[i].day, .qty = e[i].qty};
	}
	free(e);
	return rc;
}

/* The latest finished run, and its first forecast day (the day after its history). */
static int load_run(struct loader *L)
{
	struct stock_view *v = L->v;
	db_stmt *s = db_preparef(L->d,
	                         "SELECT id, finished_at, last_history_date, horizon"
	                         " FROM forecast_runs WHERE org_id = ? AND status = 'done'"
	                         " ORDER BY last_history_date DESC, id DESC LIMIT 1",
	                         "i", L->org_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		int64_t last = day_of_text(db_col_text(s, 2));
		if (last != PLAN_NO_DAY) {
			v->run_id = db_col_int(s, 0);
			util_strlcpy(v->run_finished_at, db_col_text(s, 1) ? db_col_text(s, 1) : "",
			             sizeof v->run_finished_at);
			v->run_first_day = last + 1;
		}
		rc = DB_DONE;
	}
	return step_end(s, rc);
}

/* The run's daily means of each forecast product, from today on: a run made days ago
 * has spent its first days. */
static int load_forecast_days(struct loader *L, int horizon)
{
	struct stock_view *v = L->v;
	int64_t skip = v->settings.today - v->run_first_day;
	if (skip < 0)
		skip = 0; /* a run newer than the day asked for: its first day stands for today */
	db_stmt *s = db_preparef(L->d,
	                         "SELECT product_id, date, mean FROM forecast_days WHERE run_id = ?"
	                         " ORDER BY product_id, date",
	                         "i", v->run_id);
	int rc;
	/* The rows come product by product (90 days each): the product is looked up once. */
	int64_t pid = -1;
	size_t idx = 0;
	struct raw *r = NULL;
	while ((rc = db_step(s)) == DB_ROW) {
		if (db_col_int(s, 0) != pid) {
			pid = db_col_int(s, 0);
			r = raw_of(L, pid, &idx);
		}
		int64_t t = day_of_text(db_col_text(s, 1)) - v->run_first_day - skip;
		if (!r || t < 0 || t >= horizon)
			continue;
		if (!r->fc)
			r->fc = arena_alloc(v->mem, (size_t)horizon * sizeof *r->fc);
		r->fc[t] = db_col_double(s, 2);
		if (t + 1 > r->nfc)
			r->nfc = (int)t + 1;
		v->lines[idx].forecast_run_id = v->run_id;
	}
	return step_end(s, rc);
}

/* The stored cumulative quantiles (rows of days 30/60/90, ascending levels) as a
 * PLAN_DIST_CUMULATIVE table per product. Levels are those the run stored. */
static int load_quantiles(struct loader *L)
{
	struct stock_view *v = L->v;
	enum { ROWS = 3, LEVELS = 16 };
	db_stmt *s = db_preparef(L->d,
	                         "SELECT product_id, days, level, qty FROM forecast_total_quantiles"
	                         " WHERE run_id = ? ORDER BY product_id, days, level",
	                         "i", v->run_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct raw *r = raw_of(L, db_col_int(s, 0), NULL);
		if (!r || !r->fc)
			continue;
		if (!r->dist_q) {
			r->dist_days = arena_alloc(v->mem, ROWS * sizeof *r->dist_days);
			r->dist_levels = arena_alloc(v->mem, LEVELS * sizeof *r->dist_levels);
			r->dist_q = arena_alloc(v->mem, ROWS * LEVELS * sizeof *r->dist_q);
			r->dist = arena_alloc(v->mem, sizeof *r->dist);
			*r->dist = (struct plan_dist){.kind = PLAN_DIST_CUMULATIVE,
			                              .days = r->dist_days,
			                              .levels = r->dist_levels,
			                              .q = r->dist_q,
			                              .qstride = LEVELS};
		}
		int days = (int)db_col_int(s, 1);
		double level = db_col_double(s, 2);
		int row = 0;
		while (row < r->dist->nrows && r->dist_days[row] != days)
			row++;
		if (row == r->dist->nrows) {
			if (row == ROWS)
				continue;
			r->dist_days[r->dist->nrows++] = days;
		}
		int j = 0;
		while (j < r->dist->nlevels && r->dist_levels[j] != level)
			j++;
		if (j == r->dist->nlevels) {
			if (j == LEVELS)
				continue;
			r->dist_levels[r->dist->nlevels++] = level;
		}
		r->dist_q[row * LEVELS + j] = db_col_double(s, 3);
	}
	return step_end(s, rc);
}

/* The standing corrections (store/overrides.c): the days in one list, by product. */
static int ovr_day_cb(void *ctx, int64_t product_id, int64_t day, double qty)
{
	struct loader *L = ctx;
	if (L->novr == L->capovr) {
		L->capovr = L->capovr ? L->capovr * 2 : 64;
		L->ovr = xrealloc(L->ovr, L->capovr * sizeof *L->ovr);
		L->ovr_product = xrealloc(L->ovr_product, L->capovr * sizeof *L->ovr_product);
	}
	L->ovr[L->novr] = (struct ovr_day){day, qty};
	L->ovr_product[L->novr++] = product_id;
	return 0;
}

static int ovr_order_cb(void *ctx, int64_t product_id, int64_t qty)
{
	struct raw *r = raw_of(ctx, product_id, NULL);
	if (r)
		r->order_qty_override = qty;
	return 0;
}

/* Lays each product's standing forecast days over the run's days (which start today): the
 * item reads the effective days, and keeps the model's for the service-level rule. */
static void apply_overrides(struct loader *L)
{
	struct stock_view *v = L->v;
	for (size_t a = 0, b; a < L->novr; a = b) {
		for (b = a + 1; b < L->novr && L->ovr_product[b] == L->ovr_product[a]; b++)
			;
		struct raw *r = raw_of(L, L->ovr_product[a], NULL);
		if (!r || r->nfc == 0)
			continue; /* not shown (inactive), or no forecast to correct */
		double *model = arena_alloc(v->mem, (size_t)r->nfc * sizeof *model);
		memcpy(model, r->fc, (size_t)r->nfc * sizeof *model);
		int any = 0;
		if (ovr_apply(model, r->nfc, v->settings.today, L->ovr + a, b - a, r->fc, NULL,
		              &any) != OVR_OK) {
			memcpy(r->fc, model,
			       (size_t)r->nfc * sizeof *model); /* the model, untouched */
			continue;
		}
		r->fc_model = model;
		r->fc_overridden = any;
	}
}

static int load_overrides(struct loader *L)
{
	return ovr_standing_each(L->d, L->org_id, L->v->settings.today, ovr_day_cb, ovr_order_cb,
	                         L);
}

/* ------------------------------------------------------------------ building */

/* Every plan_item is built here and nowhere else. */
static void line_build_item(struct stock_line *ln, const struct raw *r)
{
	struct plan_item *it = &ln->item;
	memset(it, 0, sizeof *it);
	it->on_hand = r->on_hand;
	/* the product's own lead time, else its supplier's */
	it->lead_time_days = (int)(r->own_lead != PLAN_NONE ? r->own_lead : r->sup_lead);
	it->monthly_demand = r->monthly_demand;
	it->fc.days = r->nfc > 0 ? r->fc : NULL;
	it->fc.ndays = r->nfc;
	/* standing corrections (예측 수정): the effective days, the model's beside them */
	it->fc.overridden = r->fc_overridden;
	it->fc.model_days = r->fc_overridden ? r->fc_model : NULL;
	it->order_qty_override = r->order_qty_override;
	it->ss_rule = r->ss_rule;
	it->ss_manual = r->safety_stock;
	it->service_level = r->service_level;
	it->dist = r->nfc > 0 && r->dist && r->dist->nrows > 0 && r->dist->nlevels > 0 ? r->dist
	                                                                               : NULL;
	it->moq = r->moq;
	it->order_multiple = r->order_multiple;
	it->unit_cost = r->unit_cost;
	it->receipts = r->receipts;
	it->nreceipts = r->nreceipts;
	it->lots = r->lots;
	it->nlots = r->nlots;
}

static int load_all(struct loader *L)
{
	int rc = load_settings(L);
	if (rc == DB_OK)
		rc = load_products(L);
	if (rc == DB_OK)
		rc = load_sets(L);
	if (rc == DB_OK)
		rc = load_lots(L);
	if (rc == DB_OK)
		rc = load_receipts(L);
	if (rc == DB_OK)
		rc = load_run(L);
	if (rc == DB_OK && L->v->run_id) {
		rc = load_forecast_days(L, L->v->settings.horizon);
		if (rc == DB_OK)
			rc = load_quantiles(L);
	}
	if (rc == DB_OK)
		rc = load_overrides(L);
	if (rc == DB_OK)
		apply_overrides(L);
	return rc;
}

int stock_view_load(db *d, int64_t org_id, const char *today, struct stock_view *out)
{
	memset(out, 0, sizeof *out);
	char kst[11];
	if (!today) {
		date_kst_today(kst);
		today = kst;
	}
	int64_t day = day_of_text(today);
	if (day == PLAN_NO_DAY)
		return DB_ERR;
	out->mem = arena_new();
	out->run_first_day = PLAN_NO_DAY;
	plan_settings_init(&out->settings, day);
	struct loader L = {.d = d, .org_id = org_id, .v = out};
	int rc = db_begin_read(d);
	if (rc == DB_OK) {
		rc = load_all(&L);
		int end = db_commit(d);
		if (rc == DB_OK)
			rc = end;
	}
	for (size_t i = 0; rc == DB_OK && i < out->n; i++) {
		struct stock_line *ln = &out->lines[i];
		line_build_item(ln, &L.raws[i]);
		int st = plan_evaluate(&out->settings, &ln->item, NULL, NULL, NULL, 0, &ln->row);
		if (st != PLAN_OK) /* inputs the rules refuse: every figure says so */
			ln->row.demand_status = ln->row.safety_status = ln->row.projection_status =
			        ln->row.timing_status = ln->row.overstock_status =
			                ln->row.expiry_status = ln->row.suggestion_status = st;
	}
	free(L.raws);
	free(L.ids);
	free(L.ovr);
	free(L.ovr_product);
	if (rc != DB_OK)
		stock_view_free(out);
	return rc;
}

void stock_view_free(struct stock_view *v)
{
	if (v->mem)
		arena_free(v->mem);
	memset(v, 0, sizeof *v);
}

const struct stock_line *stock_view_find(const struct stock_view *v, const char *sku)
{
	/* lines are in SKU order (SQLite's binary collation is strcmp's) */
	size_t lo = 0, hi = v->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v->lines[mid].sku, sku);
		if (c == 0)
			return &v->lines[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
