/* api_reports.c — GET /api/reports/sales (판매 리포트): reads and checks the query (period,
 * range, grouping, filters, format), has store/sales_report.c compute the figures, and
 * answers them as JSON or, with ?format=xlsx, as the workbook of formats/sales_report_sheet.c
 * built from the same figures. Every member may read it: it shows units, never money. */
#include "api_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "log.h"
#include "sales_periods.h"
#include "sales_report.h"
#include "sales_report_sheet.h"
#include "util.h"

#define XLSX_MIME "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
/* Periods shown when the query names no start. */
#define DEFAULT_PERIODS 12

struct args {
	struct sales_report_query q;
	int xlsx;
	char *category, *search; /* NFC copies, owned */
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* An optional query argument that must be one of two words: 0 or 1 into *out (dflt when
 * absent); replies 400 and returns -1 otherwise. */
static int query_choice(struct req *r, const char *name, const char *w0, const char *w1, int dflt,
                        const char *code, const char *message, int *out)
{
	const char *v = req_query(r, name);
	*out = dflt;
	if (!v)
		return 0;
	if (util_streq(v, w0) || util_streq(v, w1)) {
		*out = util_streq(v, w1);
		return 0;
	}
	reply_field_error(r, name, code, message);
	return -1;
}

/* An optional YYYY-MM-DD argument as a day number (*set = 0 when absent). */
static int query_day(struct req *r, const char *name, const char *what, int64_t *day, int *set)
{
	const char *v = req_query(r, name);
	*set = 0;
	if (!v)
		return 0;
	int y, m, d;
	if (date_parse(v, &y, &m, &d) != 0 || y < 2000) {
		reply_field_error(r, name, "bad_date",
		                  arena_printf(r->a,
		                               "%s은 2000-01-01 이후의 YYYY-MM-DD 날짜여야 "
		                               "합니다: '%s'",
		                               what, v));
		return -1;
	}
	*day = date_days_from_civil(y, m, d);
	*set = 1;
	return 0;
}

/* An optional text filter, NFC; an empty one is no filter. */
static int query_text(struct req *r, const char *name, const char *label, char **out)
{
	const char *v = req_query(r, name);
	*out = NULL;
	if (!v || !*v)
		return 0;
	char msg[256];
	if (util_text_check(v, UTIL_TEXT_LINE, label, msg, sizeof msg) != 0) {
		reply_field_error(r, name, "bad_text", msg);
		return -1;
	}
	*out = util_nfc(v); /* not NULL: the check passed only valid UTF-8 */
	if (*out && !**out) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

/* The range: whole periods from the one holding `from` to the one holding `to`; by
 * default the last 12 ending with the current one. */
static int query_range(struct req *r, struct sales_report_query *q)
{
	int64_t from = 0, to = 0;
	int has_from, has_to;
	if (query_day(r, "from", "시작일(from)", &from, &has_from) ||
	    query_day(r, "to", "종료일(to)", &to, &has_to))
		return -1;
	if (has_from && from > q->today) {
		reply_field_error(r, "from", "future_date", "시작일(from)이 오늘 이후입니다.");
		return -1;
	}
	if (has_from && has_to && from > to) {
		reply_field_error(r, "from", "bad_range",
		                  "시작일(from)이 종료일(to)보다 늦습니다.");
		return -1;
	}
	q->last = sales_period_of(q->kind, has_to && to < q->today ? to : q->today);
	q->first = has_from ? sales_period_of(q->kind, from) : q->last - (DEFAULT_PERIODS - 1);
	int64_t n = q->last - q->first + 1;
	int week = q->kind == SALES_WEEK;
	int64_t max = week ? SALES_MAX_WEEKS : SALES_MAX_MONTHS;
	if (n > max) {
		reply_field_error(r, "from", "range_too_long",
		                  arena_printf(r->a,
		                               "%s 리포트는 한 번에 %lld%s까지 볼 수 있습니다 "
		                               "(요청 %lld%s). 기간을 줄여 주세요.",
		                               week ? "주간" : "월간", (long long)max,
		                               week ? "주" : "개월", (long long)n,
		                               week ? "주" : "개월"));
		return -1;
	}
	return 0;
}

static int parse_args(struct req *r, struct args *a)
{
	memset(a, 0, sizeof *a);
	char today[11];
	date_kst_today(today);
	int y, m, d, month;
	date_parse(today, &y, &m, &d);
	a->q.today = date_days_from_civil(y, m, d);
	if (query_choice(r, "period", "week", "month", 0, "bad_period",
	                 "period는 week(주간) 또는 month(월간)여야 합니다.", &month) ||
	    query_choice(r, "by", "product", "category", 0, "bad_by",
	                 "by는 product(상품별) 또는 category(분류별)여야 합니다.",
	                 &a->q.by_category) ||
	    query_choice(r, "format", "json", "xlsx", 0, "bad_format",
	                 "format은 json 또는 xlsx여야 합니다.", &a->xlsx))
		return -1;
	a->q.kind = month ? SALES_MONTH : SALES_WEEK;
	if (query_range(r, &a->q) || query_text(r, "category", "분류", &a->category) ||
	    query_text(r, "q", "검색어", &a->search))
		return -1;
	a->q.category = a->category;
	a->q.q = a->search;
	return 0;
}

static void args_free(struct args *a)
{
	free(a->category);
	free(a->search);
}

static json_t *day_json(int64_t day)
{
	char s[11];
	date_format(day, s);
	return json_string(s);
}

/* The change in percent with one decimal, or null when there is nothing to compare with. */
static json_t *change_json(int64_t cur, int64_t base)
{
	int64_t t;
	if (sales_change_tenths(cur, base, &t) != 0)
		return json_null();
	return json_real((double)t / 10.0);
}

static json_t *ints_json(const int64_t *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

static json_t *row_json(const struct sales_report *rep, const struct sales_report_row *w,
                        int by_category, int is_sum)
{
	json_t *o = json_object();
	if (is_sum) {
		json_object_set_new(o, "products", json_integer(w->products));
	} else if (by_category) {
		json_object_set_new(o, "category", json_string(w->key));
		json_object_set_new(o, "products", json_integer(w->products));
	} else {
		json_object_set_new(o, "sku", json_string(w->key));
		json_object_set_new(o, "name", json_string(w->name));
		json_object_set_new(o, "category", json_string(w->category));
		json_object_set_new(o, "kind", json_string(w->is_set ? "set" : "single"));
		json_object_set_new(o, "active", json_boolean(w->active));
	}
	json_object_set_new(o, "qty", ints_json(w->qty, rep->nperiods));
	json_object_set_new(o, "prev", ints_json(w->prev, rep->nperiods));
	json_object_set_new(o, "last_year", ints_json(w->last_year, rep->nperiods));
	json_object_set_new(o, "total", json_integer(w->total));
	json_object_set_new(o, "prev_total", json_integer(w->prev_total));
	json_object_set_new(o, "prev_change", change_json(w->total, w->prev_total));
	json_object_set_new(o, "last_year_total", json_integer(w->last_year_total));
	json_object_set_new(o, "last_year_change", change_json(w->total, w->last_year_total));
	return o;
}

static json_t *periods_json(const struct sales_report *rep, int64_t today)
{
	json_t *a = json_array();
	for (int64_t p = rep->first; p <= rep->last; p++) {
		char label[16], text[48];
		int64_t first, last;
		sales_period_label(rep->kind, p, label);
		sales_period_text(rep->kind, p, text);
		sales_period_bounds(rep->kind, p, &first, &last);
		int partial = p == rep->last && rep->partial_days > 0;
		json_array_append_new(
		        a, json_pack("{s:s, s:s, s:o, s:o, s:b, s:I}", "label", label, "text", text,
		                     "first", day_json(first), "last", day_json(last), "partial",
		                     partial, "days",
		                     (json_int_t)(partial ? today - first + 1 : last - first + 1)));
	}
	return a;
}

/* The range's first day and its last day up to today. */
static void range_days(const struct sales_report *rep, int64_t today, int64_t *from, int64_t *to)
{
	int64_t f, l;
	sales_period_bounds(rep->kind, rep->first, from, &l);
	sales_period_bounds(rep->kind, rep->last, &f, to);
	if (*to > today)
		*to = today;
}

static json_t *report_json(const struct sales_report *rep, const struct args *a)
{
	int64_t from, to;
	range_days(rep, a->q.today, &from, &to);
	json_t *items = json_array();
	for (size_t i = 0; i < rep->nrows; i++)
		json_array_append_new(items, row_json(rep, &rep->rows[i], a->q.by_category, 0));
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:I, s:o, s:o, s:o, s:I}", "period",
	                 a->q.kind == SALES_WEEK ? "week" : "month", "by",
	                 a->q.by_category ? "category" : "product", "from", day_json(from), "to",
	                 day_json(to), "today", day_json(a->q.today), "partial_days",
	                 (json_int_t)rep->partial_days, "periods", periods_json(rep, a->q.today),
	                 "items", items, "sum", row_json(rep, &rep->sum, a->q.by_category, 1),
	                 "total", (json_int_t)rep->nrows);
}

/* Changes as one decimal (JSON_REAL_PRECISION): "12.3", not jansson's default
 * "12.300000000000001", so that the screen shows what the workbook shows. */
static void reply_report_json(struct req *r, json_t *out)
{
	char *s = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(out);
	if (!s) {
		reply_internal(r);
		return;
	}
	reply_bytes(r, 200, "application/json; charset=utf-8", s, strlen(s));
	free(s);
}

static void sheet_row(const struct sales_report_row *w, struct sales_report_sheet_row *o)
{
	*o = (struct sales_report_sheet_row){.name = w->name,
	                                     .sku = w->key,
	                                     .category = w->category,
	                                     .qty = w->qty,
	                                     .total = w->total};
	o->has_prev = sales_change_tenths(w->total, w->prev_total, &o->prev_tenths) == 0;
	o->has_last_year =
	        sales_change_tenths(w->total, w->last_year_total, &o->last_year_tenths) == 0;
}

static const char *sheet_title(struct req *r, const struct args *a, const char *from,
                               const char *to)
{
	const char *t = arena_printf(r->a, "판매 리포트 — %s %s, %s ~ %s",
	                             a->q.kind == SALES_WEEK ? "주간" : "월간",
	                             a->q.by_category ? "분류별" : "상품별", from, to);
	if (a->category)
		t = arena_printf(r->a, "%s · 분류: %s", t, a->category);
	if (a->search)
		t = arena_printf(r->a, "%s · 검색: %s", t, a->search);
	return t;
}

#define SHEET_NOTE                                                                                                               \
	"판매 수량 = 입출고 내역의 출고(취소된 출고 제외) + 판매 이력. 세트는 세트 수량으로 "    \
	"셉니다. 전 기간 대비는 바로 앞 같은 길이의 기간, 전년 동기 대비는 1년 전 같은 기간과 " \
	"비교하며, 진행 중인 기간은 같은 날수끼리 비교합니다."

static void reply_xlsx(struct req *r, const struct sales_report *rep, const struct args *a)
{
	int64_t from, to;
	range_days(rep, a->q.today, &from, &to);
	char f[11], t[11];
	date_format(from, f);
	date_format(to, t);
	const char **heads = arena_alloc(r->a, (rep->nperiods + 1) * sizeof *heads);
	for (size_t i = 0; i < rep->nperiods; i++) {
		int64_t p = rep->first + (int64_t)i;
		char label[16], text[48];
		sales_period_label(rep->kind, p, label);
		sales_period_text(rep->kind, p, text);
		const char *h = rep->kind == SALES_WEEK ? arena_printf(r->a, "%s\n%s", label, text)
		                                        : arena_printf(r->a, "%s", text);
		if (p == rep->last && rep->partial_days > 0)
			h = arena_printf(r->a, "%s\n(진행 중 %lld일)", h,
			                 (long long)rep->partial_days);
		heads[i] = h;
	}
	struct sales_report_sheet_row *rows = xcalloc(rep->nrows + 1, sizeof *rows), sum;
	for (size_t i = 0; i < rep->nrows; i++)
		sheet_row(&rep->rows[i], &rows[i]);
	sheet_row(&rep->sum, &sum);
	const struct sales_report_sheet s = {.title = sheet_title(r, a, f, t),
	                                     .note = SHEET_NOTE,
	                                     .by_category = a->q.by_category,
	                                     .nperiods = rep->nperiods,
	                                     .period_heads = heads,
	                                     .rows = rows,
	                                     .nrows = rep->nrows,
	                                     .sum = &sum};
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc = sales_report_sheet_write(&s, &buf, &len);
	free(rows);
	if (rc != SALES_REPORT_SHEET_OK) {
		reply_internal(r);
		return;
	}
	int week = a->q.kind == SALES_WEEK;
	reply_header(r, "Content-Disposition",
	             arena_printf(r->a,
	                          "attachment; filename=\"sales-report-%s-%s-%s.xlsx\"; "
	                          "filename*=UTF-8''%s%s-%s.xlsx",
	                          week ? "week" : "month", f, t,
	                          week ? "%ED%8C%90%EB%A7%A4%20%EB%A6%AC%ED%8F%AC%ED%8A%B8-"
	                                 "%EC%A3%BC%EA%B0%84-"
	                               : "%ED%8C%90%EB%A7%A4%20%EB%A6%AC%ED%8F%AC%ED%8A%B8-"
	                                 "%EC%9B%94%EA%B0%84-",
	                          f, t));
	reply_header(r, "Cache-Control", "no-store");
	reply_bytes(r, 200, XLSX_MIME, buf, len);
	free(buf);
}

/* GET /api/reports/sales?period=week|month&from=&to=&by=product|category&category=&q=
 *                       &format=json|xlsx */
static void h_sales(struct req *r)
{
	struct args a;
	if (parse_args(r, &a)) {
		args_free(&a);
		return;
	}
	struct sales_report rep;
	double t0 = now_ms();
	int rc = sales_report_load(r->db, r->user->org_id, &a.q, &rep);
	double ms = now_ms() - t0;
	if (rc != DB_OK) {
		sales_report_free(&rep);
		args_free(&a);
		reply_db_error(r, rc);
		return;
	}
	log_info("msg=\"sales report\" org=%lld periods=%zu rows=%zu ms=%.2f",
	         (long long)r->user->org_id, rep.nperiods, rep.nrows, ms);
	reply_header(r, "Server-Timing", arena_printf(r->a, "report;dur=%.2f", ms));
	if (a.xlsx)
		reply_xlsx(r, &rep, &a);
	else
		reply_report_json(r, report_json(&rep, &a));
	sales_report_free(&rep);
	args_free(&a);
}

const struct route api_reports_routes[] = {
        {"GET", "/api/reports/sales", ROLE_VIEWER, 0, h_sales},
        ROUTE_END,
};
