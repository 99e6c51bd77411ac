/* accuracy_store.c — stored forecasts against actual demand (see accuracy_store.h). */
#include "accuracy_store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demand.h"
#include "date.h"
#include "forecast_store.h"
#include "util.h"

/* ------------------------------------------------------------------ helpers */

/* A stored date's day number, INT32_MIN when it is not one (the demand arrays hold int days). */
static int day_or_min(const char *s)
{
	return (int)date_day_or(s, INT32_MIN);
}

static void *grow(void *arr, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 64;
	return xrealloc(arr, *cap * sz);
}

static void copy_text(char *dst, size_t cap, const char *src)
{
	util_strlcpy(dst, src ? src : "", cap);
}

/* ------------------------------------------------------------------ actual demand */

/* The single products of a filter (by id) and their demand up to last_day. */
struct actuals {
	struct acc_item *items;
	size_t n;
	struct demand_series *series; /* [n], same order */
	int last_day;
};

static void actuals_free(struct actuals *a)
{
	demand_free(a->series, a->n);
	free(a->series);
	free(a->items);
	memset(a, 0, sizeof *a);
}

static int load_items(db *d, int64_t org_id, const char *sku, const char *category,
                      struct actuals *a)
{
	size_t cap = 0;
	db_stmt *s = db_preparef(d,
	                         "SELECT id, sku, name, category FROM products WHERE org_id = ?"
	                         " AND kind = 'single' AND (? = '' OR sku = ?)"
	                         " AND (? = '' OR category = ?) ORDER BY id",
	                         "itttt", org_id, sku, sku, category, category);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		a->items = grow(a->items, &cap, a->n, sizeof *a->items);
		struct acc_item *it = &a->items[a->n++];
		it->id = db_col_int(s, 0);
		copy_text(it->sku, sizeof it->sku, db_col_text(s, 1));
		copy_text(it->name, sizeof it->name, db_col_text(s, 2));
		copy_text(it->category, sizeof it->category, db_col_text(s, 3));
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* The demand of a run's input, read and built the way a run reads and builds it. */
static int actuals_load(db *d, int64_t org_id, int last_day, const char *sku, const char *category,
                        struct actuals *a)
{
	memset(a, 0, sizeof *a);
	a->last_day = last_day;
	int rc = load_items(d, org_id, sku, category, a);
	struct fstore_inputs in;
	char last[11];
	date_format(last_day, last);
	if (rc == DB_OK)
		rc = fstore_load_inputs(d, org_id, last, &in);
	if (rc != DB_OK) {
		actuals_free(a);
		return rc;
	}
	int64_t *ids = xcalloc(a->n ? a->n : 1, sizeof *ids);
	for (size_t i = 0; i < a->n; i++)
		ids[i] = a->items[i].id;
	a->series = xcalloc(a->n ? a->n : 1, sizeof *a->series);
	demand_build(ids, a->n, in.moves, in.nmoves, in.sales, in.nsales, in.bom, in.nbom, last_day,
	             a->series);
	free(ids);
	fstore_inputs_free(&in);
	return DB_OK;
}

static long find_item(const struct actuals *a, int64_t id)
{
	size_t lo = 0, hi = a->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->items[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->n && a->items[lo].id == id ? (long)lo : -1;
}

static double actual_on(const struct demand_series *s, int day)
{
	if (s->n == 0 || day < s->first_day || day >= s->first_day + s->n)
		return 0;
	return s->y[day - s->first_day];
}

/* The MASE scale of a product for a run whose history ended on last_hist: the seasonal
 * naive error over the history it learnt from (at most DEMAND_MAX_DAYS days back). */
static double scale_for(const struct demand_series *s, int last_hist)
{
	int start = s->first_day > last_hist - DEMAND_MAX_DAYS + 1
	                    ? s->first_day
	                    : last_hist - DEMAND_MAX_DAYS + 1;
	if (s->n == 0 || last_hist < start)
		return NAN;
	return fa_naive_scale(s->y + (start - s->first_day), last_hist - start + 1);
}

/* ------------------------------------------------------------------ corrections */

struct corr {
	int64_t product_id;
	int day;
	double qty;
};

static int corr_cmp(const void *x, const void *y)
{
	const struct corr *a = x, *b = y;
	if (a->product_id != b->product_id)
		return a->product_id < b->product_id ? -1 : 1;
	return (a->day > b->day) - (a->day < b->day);
}

/* The corrections (예측 수정) made against a run, per product and day: the newest one not
 * reverted. Sorted by product and day, one per pair. */
static int load_corrections(db *d, int64_t org_id, int64_t run_id, struct corr **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	db_stmt *s = db_preparef(d,
	                         "SELECT od.product_id, od.date, od.qty FROM forecast_override_days"
	                         " od JOIN forecast_overrides o ON o.id = od.override_id"
	                         " WHERE o.org_id = ? AND o.run_id = ? AND o.kind = 'forecast'"
	                         " AND o.status <> 'reverted'"
	                         " ORDER BY od.product_id, od.date, o.id",
	                         "ii", org_id, run_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct corr c = {db_col_int(s, 0), day_or_min(db_col_text(s, 1)),
		                 db_col_double(s, 2)};
		if (*n && (*out)[*n - 1].product_id == c.product_id &&
		    (*out)[*n - 1].day == c.day) {
			(*out)[*n - 1] = c; /* a newer correction of the same day */
			continue;
		}
		*out = grow(*out, &cap, *n, sizeof **out);
		(*out)[(*n)++] = c;
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

static const struct corr *correction(const struct corr *c, size_t n, int64_t product, int day)
{
	struct corr key = {product, day, 0};
	return n ? bsearch(&key, c, n, sizeof *c, corr_cmp) : NULL;
}

/* ------------------------------------------------------------------ runs */

/* Finished runs of org (only run_id unless 0), the newest `limit` by history end (-1 =
 * all), oldest first. */
static int load_run_rows(db *d, int64_t org_id, int64_t run_id, int64_t limit, int last_day,
                         struct acc_run **runs, size_t *n)
{
	size_t cap = 0;
	db_stmt *s = db_preparef(d,
	                         "SELECT * FROM (SELECT id, last_history_date, horizon, as_of,"
	                         " finished_at FROM forecast_runs WHERE org_id = ? AND status ="
	                         " 'done' AND last_history_date IS NOT NULL AND (? = 0 OR id = ?)"
	                         " ORDER BY last_history_date DESC, id DESC LIMIT ?)"
	                         " ORDER BY last_history_date, id",
	                         "iiii", org_id, run_id, run_id, limit);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		int last = day_or_min(db_col_text(s, 1));
		if (last == INT32_MIN)
			continue;
		*runs = grow(*runs, &cap, *n, sizeof **runs);
		struct acc_run *r = &(*runs)[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = db_col_int(s, 0);
		copy_text(r->last_history_date, sizeof r->last_history_date, db_col_text(s, 1));
		date_format(last + 1, r->first_date);
		r->horizon = (int)db_col_int(s, 2);
		copy_text(r->as_of, sizeof r->as_of, db_col_text(s, 3));
		copy_text(r->finished_at, sizeof r->finished_at, db_col_text(s, 4));
		int passed = last_day - last;
		r->days_passed = passed < 0 ? 0 : passed > r->horizon ? r->horizon : passed;
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Scores every product of run r over its passed days against a's demand. */
static int score_run(db *d, int64_t org_id, const struct actuals *a, struct acc_run *r)
{
	if (r->days_passed <= 0)
		return DB_OK;
	struct corr *corr = NULL;
	size_t ncorr = 0;
	int rc = load_corrections(d, org_id, r->id, &corr, &ncorr);
	if (rc != DB_OK)
		return rc;
	int last_hist = day_or_min(r->last_history_date);
	char until[11];
	date_format(last_hist + r->days_passed, until);
	db_stmt *s = db_preparef(d,
	                         "SELECT product_id, date, mean FROM forecast_days WHERE run_id = ?"
	                         " AND date <= ? ORDER BY product_id, date",
	                         "it", r->id, until);
	size_t cap = 0;
	long cur = -1;
	struct acc_product *p = NULL;
	while ((rc = db_step(s)) == DB_ROW) {
		long i = find_item(a, db_col_int(s, 0));
		if (i < 0)
			continue; /* no longer a single product */
		if (i != cur) {
			r->products = grow(r->products, &cap, r->nproducts, sizeof *r->products);
			p = &r->products[r->nproducts++];
			memset(p, 0, sizeof *p);
			p->item = a->items[i];
			p->scale = scale_for(&a->series[i], last_hist);
			cur = i;
		}
		int day = day_or_min(db_col_text(s, 1));
		double mean = db_col_double(s, 2), act = actual_on(&a->series[i], day);
		const struct corr *c = correction(corr, ncorr, p->item.id, day);
		fa_add(&p->model, mean, act);
		fa_add(&p->eff, c ? c->qty : mean, act);
		p->corrected_days += c != NULL;
	}
	db_finalize(s);
	free(corr);
	return rc == DB_DONE ? DB_OK : rc;
}

static int load_scored(db *d, int64_t org_id, int64_t run_id, int64_t limit, int last_day,
                       struct acc_run **runs, size_t *n)
{
	*runs = NULL;
	*n = 0;
	int rc = db_begin_read(d);
	if (rc != DB_OK)
		return rc;
	rc = load_run_rows(d, org_id, run_id, limit, last_day, runs, n);
	struct actuals a;
	memset(&a, 0, sizeof a);
	if (rc == DB_OK && *n)
		rc = actuals_load(d, org_id, last_day, "", "", &a);
	for (size_t i = 0; rc == DB_OK && i < *n; i++)
		rc = score_run(d, org_id, &a, &(*runs)[i]);
	actuals_free(&a);
	db_commit(d);
	if (rc != DB_OK) {
		acc_runs_free(*runs, *n);
		*runs = NULL;
		*n = 0;
	}
	return rc;
}

int acc_runs_load(db *d, int64_t org_id, int last_day, int64_t limit, struct acc_run **runs,
                  size_t *n)
{
	return load_scored(d, org_id, 0, limit, last_day, runs, n);
}

int acc_run_load(db *d, int64_t org_id, int64_t run_id, int last_day, struct acc_run *run)
{
	memset(run, 0, sizeof *run);
	if (run_id <= 0)
		return DB_DONE;
	struct acc_run *runs = NULL;
	size_t n = 0;
	int rc = load_scored(d, org_id, run_id, 1, last_day, &runs, &n);
	if (rc == DB_OK && n == 1) {
		*run = runs[0]; /* its products move to the caller */
		free(runs);
		return DB_OK;
	}
	acc_runs_free(runs, n);
	return rc != DB_OK ? rc : DB_DONE;
}

void acc_runs_free(struct acc_run *runs, size_t n)
{
	for (size_t i = 0; runs && i < n; i++)
		free(runs[i].products);
	free(runs);
}

/* ------------------------------------------------------------------ actual vs forecast */

/* Which run each day of from..to follows: the fixed run, else the finished run with the
 * latest history end before the day whose horizon reaches it (the newest id among runs
 * with the same history end). acting[k] indexes runs, -1 for none. */
static void acting_runs(const struct acc_run *runs, size_t n, int64_t fixed, int from, int ndays,
                        int *acting)
{
	for (int k = 0; k < ndays; k++) {
		acting[k] = -1;
		for (size_t i = 0; i < n; i++) {
			int last = day_or_min(runs[i].last_history_date);
			int day = from + k;
			if (day <= last || day > last + runs[i].horizon)
				continue;
			/* runs are by history end then id: a later one wins */
			if (!fixed || runs[i].id == fixed)
				acting[k] = (int)i;
		}
	}
}

/* Adds run i's forecast of the days it is acting on to the day and product totals. */
static int add_run(db *d, int64_t org_id, const struct acc_run *run, int i, const int *acting,
                   int from, struct avf *out, const struct actuals *a)
{
	struct corr *corr = NULL;
	size_t ncorr = 0;
	int rc = load_corrections(d, org_id, run->id, &corr, &ncorr);
	if (rc != DB_OK)
		return rc;
	db_stmt *s = db_preparef(d,
	                         "SELECT product_id, date, mean, p10, p90 FROM forecast_days"
	                         " WHERE run_id = ? AND date BETWEEN ? AND ?",
	                         "itt", run->id, out->days[0].date, out->days[out->ndays - 1].date);
	while ((rc = db_step(s)) == DB_ROW) {
		long p = find_item(a, db_col_int(s, 0));
		int k = day_or_min(db_col_text(s, 1)) - from;
		if (p < 0 || k < 0 || k >= out->ndays || acting[k] != i)
			continue;
		double mean = db_col_double(s, 2);
		const struct corr *c = correction(corr, ncorr, a->items[p].id, from + k);
		double eff = c ? c->qty : mean;
		struct avf_day *day = &out->days[k];
		day->fcst += mean;
		day->eff += eff;
		day->p10 += db_col_double(s, 3);
		day->p90 += db_col_double(s, 4);
		out->products[p].fcst += mean;
		out->products[p].eff += eff;
		out->products[p].days_forecast++;
	}
	db_finalize(s);
	free(corr);
	return rc == DB_DONE ? DB_OK : rc;
}

/* AVF_NO_SKU, AVF_IS_SET or AVF_OK for the sku filter. */
static int check_sku(db *d, int64_t org_id, const char *sku)
{
	if (!*sku)
		return AVF_OK;
	char *kind = db_text(d, "SELECT kind FROM products WHERE org_id = ? AND sku = ?", "it",
	                     org_id, sku);
	int rc = !kind ? AVF_NO_SKU : util_streq(kind, "set") ? AVF_IS_SET : AVF_OK;
	free(kind);
	return rc;
}

static int fill_avf(db *d, int64_t org_id, int from, int to, int64_t run_id,
                    const struct actuals *a, struct avf *out)
{
	struct acc_run *runs = NULL;
	size_t nruns = 0;
	int rc = load_run_rows(d, org_id, 0, -1, to, &runs, &nruns);
	int found = 0;
	for (size_t i = 0; rc == DB_OK && i < nruns; i++)
		found |= runs[i].id == run_id;
	if (rc == DB_OK && run_id && !found)
		rc = AVF_NO_RUN;
	if (rc != DB_OK) {
		acc_runs_free(runs, nruns);
		return rc;
	}
	out->ndays = to - from + 1;
	out->days = xcalloc((size_t)out->ndays, sizeof *out->days);
	out->nproducts = a->n;
	out->products = xcalloc(a->n ? a->n : 1, sizeof *out->products);
	int *acting = xcalloc((size_t)out->ndays, sizeof *acting);
	acting_runs(runs, nruns, run_id, from, out->ndays, acting);
	for (int k = 0; k < out->ndays; k++) {
		date_format(from + k, out->days[k].date);
		out->days[k].run_id = runs && acting[k] >= 0 ? runs[acting[k]].id : 0;
	}
	for (size_t i = 0; i < a->n; i++) {
		out->products[i].item = a->items[i];
		for (int k = 0; k < out->ndays; k++) {
			double act = actual_on(&a->series[i], from + k);
			out->products[i].actual += act;
			out->days[k].actual += act;
		}
	}
	for (size_t i = 0; rc == DB_OK && i < nruns; i++) {
		int used = 0;
		for (int k = 0; k < out->ndays && !used; k++)
			used = acting[k] == (int)i;
		if (used)
			rc = add_run(d, org_id, &runs[i], (int)i, acting, from, out, a);
	}
	free(acting);
	acc_runs_free(runs, nruns);
	return rc;
}

static int item_sku_cmp(const void *x, const void *y)
{
	return strcmp(((const struct avf_product *)x)->item.sku,
	              ((const struct avf_product *)y)->item.sku);
}

int acc_actual_vs_forecast(db *d, int64_t org_id, int from_day, int to_day, const char *sku,
                           const char *category, int64_t run_id, struct avf *out)
{
	memset(out, 0, sizeof *out);
	if (to_day < from_day)
		return DB_ERR;
	int rc = db_begin_read(d);
	if (rc != DB_OK)
		return rc;
	rc = check_sku(d, org_id, sku);
	struct actuals a;
	memset(&a, 0, sizeof a);
	if (rc == AVF_OK)
		rc = actuals_load(d, org_id, to_day, sku, category, &a);
	if (rc == DB_OK)
		rc = fill_avf(d, org_id, from_day, to_day, run_id, &a, out);
	actuals_free(&a);
	db_commit(d);
	if (rc != DB_OK) {
		avf_free(out);
		return rc;
	}
	qsort(out->products, out->nproducts, sizeof *out->products, item_sku_cmp);
	return DB_OK;
}

void avf_free(struct avf *a)
{
	free(a->days);
	free(a->products);
	memset(a, 0, sizeof *a);
}
