/* api_stock.c — planning figures over HTTP. GET /api/stock gives every active product's
 * row of the planning rules (store/stock_view.c loads and evaluates, api/stock_json.c
 * shapes), ?sku= one product for its page; any member may read it, values at 매입 단가 only
 * for those who see costs; ?format=xlsx the 재고 현황 board's workbook (stock_board.c).
 * GET /api/purchase-orders/suggested gives the suggested order sheet (추천 발주) grouped by
 * supplier, as JSON or, with ?format=xlsx, a workbook. */
#include "api_stock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "api_products.h"
#include "live_bus.h"
#include "log.h"
#include "stock_board.h"
#include "stock_cache.h"
#include "stock_json.h"
#include "suggested_sheet.h"
#include "util.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Loads the organisation's view as of today (NULL = now), timing it for the log and the
 * Server-Timing header. Replies on failure and returns -1. */
static int load_view_on(struct req *r, const char *today, struct stock_view *v, double *ms_out)
{
	double t0 = now_ms();
	int rc = stock_view_load(r->db, r->user->org_id, today, v);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return -1;
	}
	double ms = now_ms() - t0;
	log_info("msg=\"stock view\" org=%lld products=%zu ms=%.2f", (long long)r->user->org_id,
	         v->n, ms);
	if (ms_out)
		*ms_out = ms;
	return 0;
}

static int load_view(struct req *r, struct stock_view *v)
{
	double ms;
	if (load_view_on(r, NULL, v, &ms))
		return -1;
	reply_header(r, "Server-Timing", arena_printf(r->a, "view;dur=%.2f", ms));
	return 0;
}

static json_t *run_json(const struct stock_view *v)
{
	if (!v->run_id)
		return json_null();
	return json_pack("{s:I, s:s}", "id", (json_int_t)v->run_id, "finished_at",
	                 v->run_finished_at);
}

static void reply_text(struct req *r, char *body, size_t len)
{
	reply_bytes(r, 200, "application/json; charset=utf-8", body, len);
	free(body);
}

/* GET /api/stock?sku=: one product's row, from a fresh view. */
static void stock_one(struct req *r, const char *sku, int cost)
{
	struct stock_view v;
	if (load_view(r, &v))
		return;
	const struct stock_line *ln = stock_view_find(&v, sku);
	if (!ln) {
		reply_not_found(
		        r, "sku_not_found",
		        arena_printf(r->a, "판매 중인 상품 중에 찾을 수 없습니다: %s", sku));
	} else {
		size_t len;
		char *body = stock_list_text(&v, ln, cost, &len);
		reply_text(r, body, len);
	}
	stock_view_free(&v);
}

/* GET /api/stock: every product's row, from the cache (stock_cache.h) while nothing it is
 * computed from changed. The key is read before the view is loaded: a change committed
 * meanwhile leaves a body keyed with the older version, which the next request replaces. */
static void stock_all(struct req *r, int cost)
{
	struct stock_cache_key k = {.version = live_bus_version(r->user->org_id),
	                            .stamp = db_change_stamp(r->db)};
	date_kst_today(k.today);
	size_t len;
	double view_ms = 0, t0 = now_ms();
	char *body = stock_cache_get(r->user->org_id, cost, &k, &len, &view_ms);
	if (body) {
		reply_header(r, "Server-Timing",
		             arena_printf(r->a, "cache;desc=hit;dur=%.2f, view;dur=%.2f",
		                          now_ms() - t0, view_ms));
		reply_text(r, body, len);
		return;
	}
	struct stock_view v;
	if (load_view_on(r, k.today, &v, &view_ms))
		return;
	double t1 = now_ms();
	body = stock_list_text(&v, NULL, cost, &len);
	stock_view_free(&v);
	stock_cache_put(r->user->org_id, cost, &k, body, len, view_ms);
	reply_header(r, "Server-Timing",
	             arena_printf(r->a, "cache;desc=miss, view;dur=%.2f, json;dur=%.2f", view_ms,
	                          now_ms() - t1));
	reply_text(r, body, len);
}

/* GET /api/stock[?sku=], or ?format=xlsx[&q=&category=&supplier_id=&alert=&tile=] for the
 * board's workbook (stock_board.h) */
static void h_stock(struct req *r)
{
	const char *format = req_query(r, "format");
	if (format && !util_streq(format, "json")) {
		stock_board_export(r, format); /* the board's workbook, or 400 for another format */
		return;
	}
	const char *raw = req_query(r, "sku");
	char *sku = raw ? util_nfc(raw) : NULL;
	if (raw && (!sku || !*sku)) {
		free(sku);
		reply_field_error(r, "sku", "bad_sku", "SKU를 입력해 주세요.");
		return;
	}
	int cost = r->user->role >= API_PRODUCTS_COST_ROLE;
	if (sku)
		stock_one(r, sku, cost);
	else
		stock_all(r, cost);
	free(sku);
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int64_t num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The sheet's JSON as workbook rows, in its order. */
static void reply_xlsx(struct req *r, json_t *sheet)
{
	size_t n = (size_t)json_integer_value(json_object_get(sheet, "total_items"));
	struct suggested_sheet_line *ls = xcalloc(n ? n : 1, sizeof *ls);
	size_t k = 0, gi, ii;
	json_t *g, *it;
	json_array_foreach(json_object_get(sheet, "groups"), gi, g)
	{
		json_array_foreach(json_object_get(g, "items"), ii, it)
		{
			if (k == n)
				break;
			ls[k++] = (struct suggested_sheet_line){
			        .supplier = str(g, "supplier"),
			        .sku = str(it, "sku"),
			        .name = str(it, "name"),
			        .qty = num(it, "qty"),
			        .moq = num(it, "moq"),
			        .order_multiple = num(it, "order_multiple"),
			        .lead_time_days = num(it, "lead_time_days"),
			        .reorder_date = str(it, "reorder_date"),
			        .expected_arrival = str(it, "expected_arrival"),
			        .unit_cost = num(it, "unit_cost"),
			        .amount = num(it, "amount"),
			        .why = str(it, "why")};
		}
	}
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc = suggested_sheet_write(str(sheet, "date"), ls, k, &buf, &len);
	free(ls);
	if (rc != SUGGESTED_SHEET_OK) {
		reply_internal(r);
		return;
	}
	const char *date = str(sheet, "date");
	reply_header(
	        r, "Content-Disposition",
	        arena_printf(
	                r->a,
	                "attachment; filename=\"suggested-order-%s.xlsx\"; "
	                "filename*=UTF-8''%%EC%%B6%%94%%EC%%B2%%9C%%EB%%B0%%9C%%EC%%A3%%BC-%s.xlsx",
	                date, date));
	reply_header(r, "Cache-Control", "no-store");
	reply_bytes(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	            buf, len);
	free(buf);
}

/* GET /api/purchase-orders/suggested[?format=json|xlsx] */
static void h_suggested(struct req *r)
{
	const char *format = req_query(r, "format");
	int xlsx = util_streq(format, "xlsx");
	if (format && !xlsx && !util_streq(format, "json")) {
		reply_field_error(r, "format", "bad_format", "format은 json 또는 xlsx여야 합니다.");
		return;
	}
	struct stock_view v;
	if (load_view(r, &v))
		return;
	json_t *sheet = stock_suggested_json(&v, 1);
	json_object_set_new(sheet, "run", run_json(&v));
	stock_view_free(&v);
	if (xlsx) {
		reply_xlsx(r, sheet);
		json_decref(sheet);
		return;
	}
	reply_json(r, 200, sheet);
}

/* Listed before api_purchase_orders' /{id} routes (api_modules.h), which would otherwise
 * read "suggested" as an order id. */
const struct route api_stock_routes[] = {
        {"GET", "/api/stock", ROLE_VIEWER, 0, h_stock},
        {"GET", "/api/purchase-orders/suggested", API_SUGGESTED_ROLE, 0, h_suggested},
        ROUTE_END,
};
