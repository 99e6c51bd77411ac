/* api_accuracy.c — the forecast accuracy reports (리포트): how each stored forecast run did
 * once its days passed (예측 정확도: per run, per product or category, the worst products)
 * and actual against forecast over a chosen period (실제 vs 예측), as JSON or, with
 * ?format=xlsx, a workbook of the same numbers. Any member reads them. Only days up to
 * yesterday (KST) are scored: today is not over. The SQL and the actual demand are
 * accuracy_store.c's, the metrics forecast_accuracy.c's, the workbook accuracy_sheet.c's
 * (through report_sheet.c, from the JSON answer itself). */
#include "api_accuracy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "accuracy_sheet.h"
#include "accuracy_store.h"
#include "date.h"
#include "forecast_accuracy.h"
#include "report_sheet.h"
#include "util.h"

#define WORST_N       10  /* the worst products a run's report names */
#define PERIOD_MAX    366 /* days one actual-vs-forecast report covers at most */
#define PERIOD_DFLT   28  /* days it covers when no period is given */
#define DEVIATION_REL 0.5 /* a total more than 50 % off its forecast is a deviation */
#define TREND_DFLT    30  /* runs the trend shows unless asked (each is scored afresh) */
#define TREND_MAX     200

/* ------------------------------------------------------------------ shared */

static int yesterday(void)
{
	char today[11];
	date_kst_today(today);
	int y, m, d;
	util_parse_date(today, &y, &m, &d);
	return (int)util_days_from_civil(y, m, d) - 1;
}

static json_t *real_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *metrics_json(const struct fa_metrics *m)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:i, s:f, s:f}", "mae", real_or_null(m->mae),
	                 "rmse", real_or_null(m->rmse), "mase", real_or_null(m->mase), "wape",
	                 real_or_null(m->wape), "bias", real_or_null(m->bias), "days", m->days,
	                 "actual", m->actual, "forecast", m->fcst);
}

static void reply_run_not_found(struct req *r)
{
	reply_not_found(r, "forecast_run_not_found", "수요 예측 실행을 찾을 수 없습니다.");
}

/* "N/90일 지남" or why nothing is scored yet, for the screens and the workbook. */
static const char *progress_text(struct req *r, const struct acc_run *run)
{
	if (run->days_passed <= 0)
		return "아직 평가할 날이 없습니다";
	if (run->days_passed >= run->horizon)
		return arena_printf(r->a, "%d일 모두 지남", run->horizon);
	return arena_printf(r->a, "%d/%d일 지남", run->days_passed, run->horizon);
}

/* Group metrics of a run's products: the model's and the corrected figures. */
static void run_totals(const struct acc_run *run, struct fa_metrics *model, struct fa_metrics *eff,
                       int *corrected)
{
	struct fa_group gm = {0}, ge = {0};
	*corrected = 0;
	for (size_t i = 0; i < run->nproducts; i++) {
		const struct acc_product *p = &run->products[i];
		struct fa_metrics m;
		fa_metrics(&p->model, p->scale, &m);
		fa_group_add(&gm, &p->model, m.mase);
		fa_metrics(&p->eff, p->scale, &m);
		fa_group_add(&ge, &p->eff, m.mase);
		*corrected += p->corrected_days > 0;
	}
	fa_group_metrics(&gm, model);
	fa_group_metrics(&ge, eff);
}

static json_t *run_json(struct req *r, const struct acc_run *run)
{
	struct fa_metrics model, eff;
	int corrected;
	run_totals(run, &model, &eff, &corrected);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:i, s:i}", "run_id",
	                      (json_int_t)run->id, "finished_at", run->finished_at,
	                      "last_history_date", run->last_history_date, "first_date",
	                      run->first_date, "as_of", run->as_of, "horizon", run->horizon,
	                      "days_passed", run->days_passed, "progress", progress_text(r, run),
	                      "products", (int)run->nproducts, "corrected_products", corrected);
	if (!run->as_of[0])
		json_object_set_new(o, "as_of", json_null());
	json_object_set_new(o, "model", metrics_json(&model));
	json_object_set_new(o, "effective", metrics_json(&eff));
	return o;
}

/* ------------------------------------------------------------------ workbook columns */

/* The metric columns of both figures, after the name columns. */
#define METRIC_COLS                                                                                \
	{{"평가 일수", ACC_COL_COUNT, 9}, "model.days", NULL},                                     \
	        {{"실제 판매", ACC_COL_COUNT, 11}, "model.actual", NULL},                          \
	        {{"예측", ACC_COL_COUNT, 11}, "model.forecast", NULL},                             \
	        {{"MAE", ACC_COL_NUM, 9}, "model.mae", NULL},                                      \
	        {{"RMSE", ACC_COL_NUM, 9}, "model.rmse", NULL},                                    \
	        {{"MASE", ACC_COL_NUM, 9}, "model.mase", NULL},                                    \
	        {{"WAPE", ACC_COL_PCT, 9}, "model.wape", NULL},                                    \
	        {{"편향(예측−실제)", ACC_COL_NUM, 14}, "model.bias", NULL},                        \
	        {{"수정 반영 예측", ACC_COL_COUNT, 13}, "effective.forecast", NULL},               \
	        {{"수정 반영 WAPE", ACC_COL_PCT, 13}, "effective.wape", NULL},                     \
	{                                                                                          \
		{"수정 반영 MASE", ACC_COL_NUM, 13}, "effective.mase", NULL                        \
	}

/* ------------------------------------------------------------------ GET /api/reports/accuracy */

static void h_runs(struct req *r)
{
	int64_t limit;
	int xlsx = report_want_xlsx(r);
	if (xlsx < 0 || req_query_int(r, "limit", TREND_DFLT, 1, TREND_MAX, &limit))
		return;
	int last = yesterday();
	struct acc_run *runs = NULL;
	size_t n = 0;
	int rc = acc_runs_load(r->db, r->user->org_id, last, limit, &runs, &n);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, run_json(r, &runs[i]));
	acc_runs_free(runs, n);
	char until[11];
	date_format(last, until);
	if (!xlsx) {
		reply_json(r, 200,
		           json_pack("{s:s, s:o}", "evaluated_until", until, "runs", items));
		return;
	}
	static const struct report_col cols[] = {
	        {{"실행 번호", ACC_COL_COUNT, 9}, "run_id", NULL},
	        {{"예측 시작일", ACC_COL_TEXT, 12}, "first_date", NULL},
	        {{"이력 마지막 날", ACC_COL_TEXT, 13}, "last_history_date", NULL},
	        {{"평가", ACC_COL_TEXT, 20}, "progress", NULL},
	        {{"상품 수", ACC_COL_COUNT, 8}, "products", NULL},
	        METRIC_COLS,
	};
	enum { NC = sizeof cols / sizeof cols[0] };
	struct accuracy_col colbuf[NC];
	struct accuracy_cell *cells;
	struct accuracy_table t =
	        report_table("예측 정확도", arena_printf(r->a, "예측 정확도 (%s까지)", until), cols,
	                     NC, items, colbuf, &cells);
	report_reply_xlsx(r, &t, 1, arena_printf(r->a, "forecast-accuracy-%s", until));
	free(cells);
	json_decref(items);
}

/* ------------------------------------------------------------------ GET .../{run_id} */

struct keyed {
	json_t *row;
	double key; /* NaN sorts last */
	const char *name;
};

static int keyed_cmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int an = isnan(a->key), bn = isnan(b->key);
	if (an != bn)
		return an - bn;
	if (!an && a->key != b->key)
		return a->key < b->key ? 1 : -1; /* the largest error first */
	return strcmp(a->name, b->name);
}

/* Sorts rows by the model's metric `sort` (largest first; |bias|), or by name ("sku",
 * "category"). */
static json_t *sorted(json_t *rows, const char *sort, const char *name_key)
{
	size_t n = json_array_size(rows);
	struct keyed *k = xcalloc(n ? n : 1, sizeof *k);
	int by_name = util_streq(sort, "sku") || util_streq(sort, "category");
	for (size_t i = 0; i < n; i++) {
		json_t *row = json_array_get(rows, i);
		k[i].row = row;
		k[i].name = json_string_value(json_object_get(row, name_key));
		json_t *v = json_object_get(json_object_get(row, "model"), sort);
		k[i].key = by_name ? NAN : json_is_number(v) ? json_number_value(v) : NAN;
		if (util_streq(sort, "bias"))
			k[i].key = fabs(k[i].key);
	}
	qsort(k, n, sizeof *k, keyed_cmp);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(out, k[i].row);
	free(k);
	json_decref(rows);
	return out;
}

static json_t *product_rows(const struct acc_run *run)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < run->nproducts; i++) {
		const struct acc_product *p = &run->products[i];
		struct fa_metrics m, e;
		fa_metrics(&p->model, p->scale, &m);
		fa_metrics(&p->eff, p->scale, &e);
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:i, s:o, s:o}", "sku",
		                                      p->item.sku, "name", p->item.name, "category",
		                                      p->item.category, "corrected_days",
		                                      p->corrected_days, "model", metrics_json(&m),
		                                      "effective", metrics_json(&e)));
	}
	return rows;
}

static json_t *category_rows(const struct acc_run *run)
{
	json_t *rows = json_array();
	size_t n = run->nproducts;
	char *done = xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		const char *cat = run->products[i].item.category;
		struct fa_group gm = {0}, ge = {0};
		for (size_t j = i; j < n; j++) {
			const struct acc_product *p = &run->products[j];
			if (done[j] || !util_streq(p->item.category, cat))
				continue;
			done[j] = 1;
			struct fa_metrics m;
			fa_metrics(&p->model, p->scale, &m);
			fa_group_add(&gm, &p->model, m.mase);
			fa_metrics(&p->eff, p->scale, &m);
			fa_group_add(&ge, &p->eff, m.mase);
		}
		struct fa_metrics m, e;
		fa_group_metrics(&gm, &m);
		fa_group_metrics(&ge, &e);
		json_array_append_new(rows,
		                      json_pack("{s:s, s:i, s:o, s:o}", "category", cat, "products",
		                                gm.products, "model", metrics_json(&m), "effective",
		                                metrics_json(&e)));
	}
	free(done);
	return rows;
}

/* The products whose forecast missed most, by MASE (each against its own naive forecast,
 * so a big seller and a slow one compare). */
static json_t *worst_rows(const struct acc_run *run)
{
	json_t *all = sorted(product_rows(run), "mase", "sku");
	json_t *worst = json_array();
	for (size_t i = 0; i < json_array_size(all) && i < WORST_N; i++) {
		json_t *row = json_array_get(all, i);
		if (json_is_null(json_object_get(json_object_get(row, "model"), "mase")))
			break;
		json_array_append(worst, row);
	}
	json_decref(all);
	return worst;
}

/* by= and sort= of a run's report: 0, or -1 once replied 400. */
static int run_query(struct req *r, int *by_category, const char **sort)
{
	const char *by = req_query(r, "by");
	*by_category = by && util_streq(by, "category");
	if (by && !*by_category && !util_streq(by, "product")) {
		reply_field_error(r, "by", "bad_by", "by는 product 또는 category여야 합니다.");
		return -1;
	}
	static const char *const sorts[] = {"wape", "mase", "mae", "rmse", "bias", "actual", NULL};
	const char *s = req_query(r, "sort");
	*sort = "wape";
	if (!s)
		return 0;
	if (util_streq(s, *by_category ? "category" : "sku")) {
		*sort = s;
		return 0;
	}
	for (int i = 0; sorts[i]; i++)
		if (util_streq(s, sorts[i])) {
			*sort = sorts[i];
			return 0;
		}
	reply_field_error(r, "sort", "bad_sort",
	                  *by_category
	                          ? "sort는 wape, mase, mae, rmse, bias, actual, category 중 "
	                            "하나여야 합니다."
	                          : "sort는 wape, mase, mae, rmse, bias, actual, sku 중 하나여야 "
	                            "합니다.");
	return -1;
}

static void reply_run_xlsx(struct req *r, json_t *out, int by_category)
{
	static const struct report_col pcols[] = {
	        {{"마스터 SKU", ACC_COL_TEXT, 16}, "sku", NULL},
	        {{"상품명", ACC_COL_TEXT, 30}, "name", NULL},
	        {{"분류", ACC_COL_TEXT, 14}, "category", NULL},
	        METRIC_COLS,
	        {{"수정한 날", ACC_COL_COUNT, 10}, "corrected_days", NULL},
	};
	static const struct report_col ccols[] = {
	        {{"분류", ACC_COL_TEXT, 16}, "category", NULL},
	        {{"상품 수", ACC_COL_COUNT, 8}, "products", NULL},
	        METRIC_COLS,
	};
	enum { NP = sizeof pcols / sizeof pcols[0], NCC = sizeof ccols / sizeof ccols[0] };
	json_t *run = json_object_get(out, "run");
	int64_t id = json_integer_value(json_object_get(run, "run_id"));
	const char *title =
	        arena_printf(r->a, "예측 정확도 — 실행 #%lld (%s부터, %s)", (long long)id,
	                     json_string_value(json_object_get(run, "first_date")),
	                     json_string_value(json_object_get(run, "progress")));
	struct accuracy_col c1[NP], c2[NP];
	struct accuracy_cell *cells1, *cells2;
	struct accuracy_table t[2];
	t[0] = by_category ? report_table("분류별", title, ccols, NCC,
	                                  json_object_get(out, "items"), c1, &cells1)
	                   : report_table("상품별", title, pcols, NP, json_object_get(out, "items"),
	                                  c1, &cells1);
	t[1] = report_table("가장 빗나간 상품", title, pcols, NP, json_object_get(out, "worst"), c2,
	                    &cells2);
	report_reply_xlsx(r, t, 2, arena_printf(r->a, "forecast-accuracy-run-%lld", (long long)id));
	free(cells1);
	free(cells2);
}

static void h_run(struct req *r)
{
	int by_category;
	const char *sort;
	int64_t limit;
	int xlsx = report_want_xlsx(r);
	if (xlsx < 0 || run_query(r, &by_category, &sort) ||
	    req_query_int(r, "limit", 500, 1, 5000, &limit))
		return;
	int64_t id = req_param_id(r, "run_id");
	struct acc_run run;
	int rc = acc_run_load(r->db, r->user->org_id, id, yesterday(), &run);
	if (rc == DB_DONE) {
		reply_run_not_found(r);
		return;
	}
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	json_t *rows = sorted(by_category ? category_rows(&run) : product_rows(&run), sort,
	                      by_category ? "category" : "sku");
	size_t total = json_array_size(rows);
	while (json_array_size(rows) > (size_t)limit)
		json_array_remove(rows, json_array_size(rows) - 1);
	json_t *out = json_pack("{s:o, s:s, s:s, s:o, s:I, s:o}", "run", run_json(r, &run), "by",
	                        by_category ? "category" : "product", "sort", sort, "items", rows,
	                        "total", (json_int_t)total, "worst", worst_rows(&run));
	free(run.products);
	if (!xlsx) {
		reply_json(r, 200, out);
		return;
	}
	reply_run_xlsx(r, out, by_category);
	json_decref(out);
}

/* ------------------------------------------------------------------ GET .../actual-vs-forecast */

/* A query text in NFC, trimmed by nothing ("" when absent); NULL once replied 400. */
static const char *query_text(struct req *r, const char *name, const char *code, const char *msg)
{
	const char *raw = req_query(r, name);
	if (!raw || !*raw)
		return "";
	char *v = util_nfc(raw);
	if (!v) {
		reply_field_error(r, name, code, msg);
		return NULL;
	}
	const char *out = arena_strdup(r->a, v);
	free(v);
	return out;
}

/* A query date as a day number (dflt when absent): 0, or -1 once replied 400. */
static int query_day(struct req *r, const char *name, int dflt, int *out)
{
	const char *s = req_query(r, name);
	*out = dflt;
	if (!s)
		return 0;
	int y, m, d;
	if (strlen(s) != 10 || util_parse_date(s, &y, &m, &d) != 0) {
		reply_field_error(r, name, "bad_date",
		                  "날짜는 2025-01-28 처럼 YYYY-MM-DD 형식의 실제 날짜로 입력해 "
		                  "주세요.");
		return -1;
	}
	*out = (int)util_days_from_civil(y, m, d);
	return 0;
}

struct avf_query {
	int from, to;
	const char *sku, *category;
	int64_t run_id;
};

static int avf_query(struct req *r, struct avf_query *q)
{
	int last = yesterday();
	if (query_day(r, "to", last, &q->to) ||
	    query_day(r, "from", q->to - PERIOD_DFLT + 1, &q->from))
		return -1;
	char y[11];
	date_format(last, y);
	const char *msg = NULL;
	if (q->to > last)
		msg = arena_printf(r->a,
		                   "기간은 어제(%s)까지만 고를 수 있습니다. 오늘 판매는 아직 "
		                   "끝나지 않았습니다.",
		                   y);
	else if (q->from > q->to)
		msg = "시작일이 종료일보다 늦습니다.";
	else if (q->to - q->from + 1 > PERIOD_MAX)
		msg = "기간은 366일까지 고를 수 있습니다.";
	if (msg) {
		reply_field_error(r, q->to > last ? "to" : "from", "bad_period", msg);
		return -1;
	}
	q->sku = query_text(r, "sku", "bad_sku", "SKU를 확인해 주세요.");
	q->category =
	        q->sku ? query_text(r, "category", "bad_category", "분류를 확인해 주세요.") : NULL;
	if (!q->sku || !q->category)
		return -1;
	return req_query_int(r, "run", 0, 1, INT64_MAX, &q->run_id);
}

/* "over", "under" or null. */
static json_t *deviation_json(int dev)
{
	return dev > 0 ? json_string("over") : dev < 0 ? json_string("under") : json_null();
}

static json_t *diff_pct(double actual, double fcst)
{
	return fcst > 0 ? json_real((actual - fcst) / fcst) : json_null();
}

/* A day's deviation: outside the p10–p90 band (for several products the sum of their
 * bands, wider than the total's own) or, for several products, more than 50 % off. */
static json_t *day_json(const struct avf_day *d, int single)
{
	if (!d->run_id)
		return json_pack("{s:s, s:n, s:f, s:n, s:n, s:n, s:n, s:n, s:n, s:n}", "date",
		                 d->date, "run_id", "actual", d->actual, "forecast", "effective",
		                 "p10", "p90", "diff", "diff_pct", "deviation");
	int dev = fa_deviation(d->actual, d->fcst, d->p10, d->p90, single ? 0 : DEVIATION_REL);
	return json_pack("{s:s, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:o, s:o}", "date", d->date,
	                 "run_id", (json_int_t)d->run_id, "actual", d->actual, "forecast", d->fcst,
	                 "effective", d->eff, "p10", d->p10, "p90", d->p90, "diff",
	                 d->actual - d->fcst, "diff_pct", diff_pct(d->actual, d->fcst), "deviation",
	                 deviation_json(dev));
}

static json_t *avf_json(const struct avf *a, const struct avf_query *q)
{
	int single = *q->sku != '\0';
	json_t *days = json_array(), *products = json_array();
	double act = 0, fc = 0, eff = 0;
	for (int k = 0; k < a->ndays; k++) {
		json_array_append_new(days, day_json(&a->days[k], single));
		act += a->days[k].actual;
		fc += a->days[k].fcst;
		eff += a->days[k].eff;
	}
	for (size_t i = 0; i < a->nproducts; i++) {
		const struct avf_product *p = &a->products[i];
		if (p->actual == 0 && p->days_forecast == 0)
			continue; /* neither sold nor forecast in the period */
		int dev = fa_deviation(p->actual, p->fcst, NAN, NAN, DEVIATION_REL);
		json_array_append_new(
		        products,
		        json_pack("{s:s, s:s, s:s, s:f, s:f, s:f, s:f, s:o, s:i, s:o}", "sku",
		                  p->item.sku, "name", p->item.name, "category", p->item.category,
		                  "actual", p->actual, "forecast", p->fcst, "effective", p->eff,
		                  "diff", p->actual - p->fcst, "diff_pct",
		                  diff_pct(p->actual, p->fcst), "days_forecast", p->days_forecast,
		                  "deviation", deviation_json(p->days_forecast ? dev : 0)));
	}
	char from[11], to[11];
	date_format(q->from, from);
	date_format(q->to, to);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:{s:f, s:f, s:f, s:f, s:o}, s:o, s:o}",
	                      "from", from, "to", to, "sku", q->sku, "category", q->category,
	                      "run_id", q->run_id ? json_integer(q->run_id) : json_null(), "totals",
	                      "actual", act, "forecast", fc, "effective", eff, "diff", act - fc,
	                      "diff_pct", diff_pct(act, fc), "days", days, "products", products);
	return o;
}

static void reply_avf_xlsx(struct req *r, json_t *out)
{
	static const struct report_col dcols[] = {
	        {{"날짜", ACC_COL_TEXT, 12}, "date", NULL},
	        {{"실제 판매", ACC_COL_COUNT, 11}, "actual", "deviation"},
	        {{"예측", ACC_COL_COUNT, 11}, "forecast", NULL},
	        {{"수정 반영 예측", ACC_COL_COUNT, 13}, "effective", NULL},
	        {{"예측 하한(p10)", ACC_COL_COUNT, 13}, "p10", NULL},
	        {{"예측 상한(p90)", ACC_COL_COUNT, 13}, "p90", NULL},
	        {{"차이(실제−예측)", ACC_COL_COUNT, 14}, "diff", "deviation"},
	        {{"차이(%)", ACC_COL_PCT, 10}, "diff_pct", NULL},
	        {{"예측 실행 번호", ACC_COL_COUNT, 12}, "run_id", NULL},
	};
	static const struct report_col pcols[] = {
	        {{"마스터 SKU", ACC_COL_TEXT, 16}, "sku", NULL},
	        {{"상품명", ACC_COL_TEXT, 30}, "name", NULL},
	        {{"분류", ACC_COL_TEXT, 14}, "category", NULL},
	        {{"실제 판매", ACC_COL_COUNT, 11}, "actual", "deviation"},
	        {{"예측", ACC_COL_COUNT, 11}, "forecast", NULL},
	        {{"수정 반영 예측", ACC_COL_COUNT, 13}, "effective", NULL},
	        {{"차이(실제−예측)", ACC_COL_COUNT, 14}, "diff", "deviation"},
	        {{"차이(%)", ACC_COL_PCT, 10}, "diff_pct", NULL},
	};
	enum { ND = sizeof dcols / sizeof dcols[0], NP = sizeof pcols / sizeof pcols[0] };
	const char *from = json_string_value(json_object_get(out, "from"));
	const char *to = json_string_value(json_object_get(out, "to"));
	const char *sku = json_string_value(json_object_get(out, "sku"));
	const char *cat = json_string_value(json_object_get(out, "category"));
	const char *title = arena_printf(r->a, "실제 vs 예측 (%s ~ %s%s%s%s%s)", from, to,
	                                 *sku ? ", " : "", sku, *cat ? ", 분류 " : "", cat);
	struct accuracy_col c1[ND], c2[NP];
	struct accuracy_cell *cells1, *cells2;
	struct accuracy_table t[2] = {
	        report_table("일별", title, dcols, ND, json_object_get(out, "days"), c1, &cells1),
	        report_table("상품별", title, pcols, NP, json_object_get(out, "products"), c2,
	                     &cells2),
	};
	report_reply_xlsx(r, t, 2, arena_printf(r->a, "actual-vs-forecast-%s-%s", from, to));
	free(cells1);
	free(cells2);
}

static void h_actual_vs_forecast(struct req *r)
{
	struct avf_query q;
	int xlsx = report_want_xlsx(r);
	if (xlsx < 0 || avf_query(r, &q))
		return;
	struct avf a;
	int rc = acc_actual_vs_forecast(r->db, r->user->org_id, q.from, q.to, q.sku, q.category,
	                                q.run_id, &a);
	if (rc == AVF_NO_SKU) {
		reply_not_found(r, "sku_not_found",
		                arena_printf(r->a, "상품을 찾을 수 없습니다: %s", q.sku));
		return;
	}
	if (rc == AVF_IS_SET) {
		reply_field_error(r, "sku", "set_not_forecast",
		                  "세트 상품은 따로 예측하지 않습니다. 구성품을 골라 주세요.");
		return;
	}
	if (rc == AVF_NO_RUN) {
		reply_run_not_found(r);
		return;
	}
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	json_t *out = avf_json(&a, &q);
	avf_free(&a);
	if (!xlsx) {
		reply_json(r, 200, out);
		return;
	}
	reply_avf_xlsx(r, out);
	json_decref(out);
}

const struct route api_accuracy_routes[] = {
        {"GET", "/api/reports/accuracy", ROLE_VIEWER, 0, h_runs},
        {"GET", "/api/reports/accuracy/{run_id}", ROLE_VIEWER, 0, h_run},
        {"GET", "/api/reports/actual-vs-forecast", ROLE_VIEWER, 0, h_actual_vs_forecast},
        ROUTE_END,
};
