/* stock_board.c — the 재고 현황 board's filters and workbook (stock_board.h). Each row is
 * the very object GET /api/stock sends (stock_line_json), so the file's numbers are the
 * screen's; the filters read the same fields the board's filters read. */
#include "stock_board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "api_products.h"
#include "catalog.h"
#include "date.h"
#include "stock_json.h"
#include "stock_sheet.h"
#include "stock_view.h"
#include "util.h"

/* The headline tiles whose list is a filter of the board's rows. */
enum stock_board_tile {
	STOCK_TILE_ANY = 0,
	STOCK_TILE_ORDER_TODAY, /* 발주 알림 fires and the order-by day is today or past */
	STOCK_TILE_RUNS_OUT,    /* 예상 소진일 before today + lead time */
	STOCK_TILE_OVERSTOCK,   /* 과잉 재고 above zero */
	STOCK_TILE_EXPIRY,      /* stock in lots within the expiry alert days */
	STOCK_TILE_N
};

struct stock_board_filter {
	const char *q; /* SKU or name contains (NFC, ASCII letters in any case); NULL = any */
	const char *category; /* exact category (NFC); NULL = any */
	int64_t supplier_id;  /* 0 = any */
	int alert_kind;       /* products with an open, not snoozed alert of this kind; -1 = any */
	int tile;             /* enum stock_board_tile */
};

static const char *const tile_names[STOCK_TILE_N] = {
        [STOCK_TILE_ORDER_TODAY] = "order_today",
        [STOCK_TILE_RUNS_OUT] = "runs_out",
        [STOCK_TILE_OVERSTOCK] = "overstock",
        [STOCK_TILE_EXPIRY] = "expiry_near",
};
static const char *const tile_labels[STOCK_TILE_N] = {
        [STOCK_TILE_ORDER_TODAY] = "오늘 발주할 상품",
        [STOCK_TILE_RUNS_OUT] = "리드타임 안에 품절될 상품",
        [STOCK_TILE_OVERSTOCK] = "과잉 재고",
        [STOCK_TILE_EXPIRY] = "소비기한 임박",
};

/* A text argument in NFC in the request arena; NULL when absent or empty. Replies 400 and
 * returns -1 for text that is not UTF-8. */
static int query_text(struct req *r, const char *name, const char **out)
{
	*out = NULL;
	const char *raw = req_query(r, name);
	if (!raw || !*raw)
		return 0;
	char *nfc = util_nfc(raw);
	if (!nfc) {
		reply_field_error(r, name, "bad_text",
		                  "글자를 읽을 수 없습니다. UTF-8로 보내 주세요.");
		return -1;
	}
	*out = *nfc ? arena_strdup(r->a, nfc) : NULL;
	free(nfc);
	return 0;
}

/* Reads the filters from the query string (strings in the request arena). Replies 400
 * validation_failed and returns -1 for a bad one. */
static int filter_read(struct req *r, struct stock_board_filter *f)
{
	*f = (struct stock_board_filter){.alert_kind = -1};
	if (query_text(r, "q", &f->q) || query_text(r, "category", &f->category) ||
	    req_query_int(r, "supplier_id", 0, 1, INT64_MAX, &f->supplier_id))
		return -1;
	const char *alert = req_query(r, "alert");
	if (alert && *alert && (f->alert_kind = alert_kind_parse(alert)) < 0) {
		reply_field_error(r, "alert", "bad_alert_kind",
		                  "알림 종류는 order, stockout, overstock, expiry 중 하나입니다.");
		return -1;
	}
	const char *tile = req_query(r, "tile");
	if (tile && *tile) {
		for (int i = 1; i < STOCK_TILE_N && !f->tile; i++)
			if (util_streq(tile, tile_names[i]))
				f->tile = i;
		if (!f->tile) {
			reply_field_error(r, "tile", "bad_tile",
			                  "목록은 order_today, runs_out, overstock, expiry_near 중 "
			                  "하나입니다.");
			return -1;
		}
	}
	return 0;
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* An integer member, STOCK_SHEET_NONE when null or absent. */
static int64_t num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : STOCK_SHEET_NONE;
}

/* 재고 일수 = on hand ÷ daily forecast = floor(on hand × 30 ÷ 30-day forecast), 0 when
 * nothing is on hand; none without a forecast or when it expects no outbound. */
static int64_t cover_days(json_t *row)
{
	int64_t on_hand = num(row, "on_hand"), f30 = num(row, "forecast_30"), x;
	if (f30 == STOCK_SHEET_NONE || f30 <= 0 || on_hand == STOCK_SHEET_NONE)
		return STOCK_SHEET_NONE;
	if (on_hand <= 0)
		return 0;
	return __builtin_mul_overflow(on_hand, 30, &x) ? STOCK_SHEET_NONE : x / f30;
}

/* The tile rules of docs/screens.md, on one row of GET /api/stock. */
static int tile_match(json_t *row, int tile, int64_t today)
{
	switch (tile) {
	case STOCK_TILE_ORDER_TODAY: {
		const char *u = str(row, "reorder_urgency");
		return util_streq(u, "today") || util_streq(u, "overdue");
	}
	case STOCK_TILE_RUNS_OUT: {
		const char *dep = str(row, "depletion_date");
		int64_t lead = num(row, "lead_time_days");
		if (!dep || lead == STOCK_SHEET_NONE)
			return 0;
		char arrival[11];
		date_format(today + lead, arrival);
		return strcmp(dep, arrival) < 0; /* YYYY-MM-DD: text order is date order */
	}
	case STOCK_TILE_OVERSTOCK:
		return json_is_true(json_object_get(row, "overstock_alert"));
	case STOCK_TILE_EXPIRY:
		return num(row, "expiry_near_qty") > 0;
	default:
		return 1;
	}
}

/* SKU or name contains q; ASCII letters match in either case, as the product search. */
static int text_match(json_t *row, const char *q)
{
	return !q || strcasestr(str(row, "sku"), q) || strcasestr(str(row, "name"), q);
}

/* The SKUs (as keys of an object) of the products with an open alert of a kind. A new
 * reference; NULL when the filter is not set. */
static json_t *alert_skus(struct req *r, int kind)
{
	if (kind < 0)
		return NULL;
	struct alerts_filter af = {.kind = kind};
	json_t *list = alerts_open_json(r->db, r->user->org_id, util_now(), &af),
	       *set = json_object();
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(list, "alerts"), i, a)
	        json_object_set_new(set, str(a, "sku"), json_true());
	json_decref(list);
	return set;
}

static const char *urgency_word(const char *u)
{
	if (util_streq(u, "overdue"))
		return "발주 늦음";
	if (util_streq(u, "today"))
		return "오늘 발주";
	if (util_streq(u, "later"))
		return "발주 예정";
	return NULL;
}

/* The row's problems as one text ("…없습니다. / …"), in the request arena. */
static const char *problems_text(struct req *r, json_t *row)
{
	const char *out = NULL;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(row, "problems"), i, p)
	{
		const char *m = str(p, "message");
		out = out ? arena_printf(r->a, "%s / %s", out, m) : m;
	}
	return out;
}

static struct stock_sheet_line sheet_line(struct req *r, json_t *row)
{
	struct stock_sheet_line l = {
	        .sku = str(row, "sku"),
	        .name = str(row, "name"),
	        .supplier = str(row, "supplier"),
	        .depletion_date = str(row, "depletion_date"),
	        .reorder_date = str(row, "reorder_date"),
	        .urgency = urgency_word(str(row, "reorder_urgency")),
	        .problems = problems_text(r, row),
	};
	static const struct {
		int col;
		const char *key;
	} nums[] = {
	        {STOCK_COL_ON_HAND, "on_hand"},
	        {STOCK_COL_F30, "forecast_30"},
	        {STOCK_COL_F60, "forecast_60"},
	        {STOCK_COL_F90, "forecast_90"},
	        {STOCK_COL_LEAD, "lead_time_days"},
	        {STOCK_COL_SAFETY, "safety_stock"},
	        {STOCK_COL_SUGGESTED, "suggested_qty"},
	        {STOCK_COL_OVERSTOCK, "overstock_qty"},
	        {STOCK_COL_OVERSTOCK_VALUE, "overstock_value"},
	        {STOCK_COL_EXPIRY_NEAR, "expiry_near_qty"},
	        {STOCK_COL_EXPIRY_RISK, "expiry_risk_qty"},
	        {STOCK_COL_EXPIRY_RISK_VALUE, "expiry_risk_value"},
	};
	for (int c = 0; c < STOCK_SHEET_NCOLS; c++)
		l.num[c] = STOCK_SHEET_NONE;
	for (size_t i = 0; i < ARRAY_LEN(nums); i++)
		l.num[nums[i].col] = num(row, nums[i].key);
	l.num[STOCK_COL_COVER] = cover_days(row);
	return l;
}

/* "카테고리: 주방용품 · 공급처: 한빛상사 · …": the filters in the sheet's words. */
static const char *filters_text(struct req *r, const struct stock_view *v,
                                const struct stock_board_filter *f)
{
	const char *out = "";
#define ADD(label, value)                                                                          \
	out = arena_printf(r->a, "%s%s%s: %s", out, *out ? " · " : "", label, value)
	if (f->tile)
		ADD("목록", tile_labels[f->tile]);
	if (f->category)
		ADD("카테고리", f->category);
	if (f->supplier_id) {
		const char *name = arena_printf(r->a, "#%lld", (long long)f->supplier_id);
		for (size_t i = 0; i < v->n; i++)
			if (v->lines[i].supplier_id == f->supplier_id)
				name = v->lines[i].supplier_name;
		ADD("공급처", name);
	}
	if (f->alert_kind >= 0)
		ADD("알림", alert_kind_label(f->alert_kind));
	if (f->q)
		ADD("검색", f->q);
#undef ADD
	return out;
}

static void reply_sheet(struct req *r, const struct stock_sheet_meta *meta,
                        const struct stock_sheet_line *lines, size_t n)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	if (stock_sheet_write(meta, lines, n, &buf, &len) != STOCK_SHEET_OK) {
		reply_internal(r);
		return;
	}
	/* 재고 현황-DATE.xlsx, with an ASCII name for clients that do not read filename*. */
	reply_header(
	        r, "Content-Disposition",
	        arena_printf(
	                r->a,
	                "attachment; filename=\"stock-status-%s.xlsx\"; "
	                "filename*=UTF-8''%%EC%%9E%%AC%%EA%%B3%%A0%%20%%ED%%98%%84%%ED%%99%%A9-"
	                "%s.xlsx",
	                meta->date, meta->date));
	reply_header(r, "Cache-Control", "no-store");
	reply_bytes(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	            buf, len);
	free(buf);
}

/* The rows of v that pass f as the workbook's reply. */
static void reply_filtered(struct req *r, const struct stock_view *v,
                           const struct stock_board_filter *f, int show_cost)
{
	json_t *alerted = alert_skus(r, f->alert_kind);
	json_t *rows = json_array(); /* owns the strings the sheet lines borrow */
	struct stock_sheet_line *lines = xcalloc(v->n ? v->n : 1, sizeof *lines);
	size_t n = 0;
	for (size_t i = 0; i < v->n; i++) {
		const struct stock_line *ln = &v->lines[i];
		if ((f->supplier_id && ln->supplier_id != f->supplier_id) ||
		    (f->category && !util_streq(ln->category, f->category)) ||
		    (alerted && !json_object_get(alerted, ln->sku)))
			continue;
		json_t *row = stock_line_json(v, ln, show_cost);
		json_array_append_new(rows, row);
		if (text_match(row, f->q) && tile_match(row, f->tile, v->settings.today))
			lines[n++] = sheet_line(r, row);
	}
	char date[11];
	date_format(v->settings.today, date);
	struct stock_sheet_meta meta = {
	        .date = date, .filters = filters_text(r, v, f), .show_cost = show_cost};
	reply_sheet(r, &meta, lines, n);
	free(lines);
	json_decref(rows);
	json_decref(alerted);
}

void stock_board_export(struct req *r, const char *format)
{
	if (!util_streq(format, "xlsx")) {
		reply_field_error(r, "format", "bad_format", "format은 json 또는 xlsx여야 합니다.");
		return;
	}
	struct stock_board_filter f;
	if (filter_read(r, &f))
		return;
	struct stock_view v;
	int rc = stock_view_load(r->db, r->user->org_id, NULL, &v);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	reply_filtered(r, &v, &f, r->user->role >= API_PRODUCTS_COST_ROLE);
	stock_view_free(&v);
}
