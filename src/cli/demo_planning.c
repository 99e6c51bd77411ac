/* demo_planning.c — the demo shop's sales history from before jaego and its open purchase
 * orders (see demo_planning.h). Everything goes through the store calls the routes use
 * (the sales-history reader and batches, purchase orders, the planning view), so the demo
 * holds nothing a seller could not have made. */
#include "demo_planning.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "forecast_store.h"
#include "purchase_orders.h"
#include "sales_history.h"
#include "sales_history_sheet.h"
#include "stock_view.h"
#include "util.h"

#define HIST_FILES     2  /* uploads of HIST_FILE_DAYS days each */
#define HIST_FILE_DAYS 91 /* a quarter */
#define HIST_FILE_SKUS                                                                             \
	150              /* products per file: 150 x 91 days stay under the reader's row
                              limit, so a larger shop sends several files a quarter */
#define HIST_SHIFT   364 /* a year back, on the same weekday */
#define HIST_PERCENT 85  /* last year's sales, before the shop grew */
#define PO_SUPPLIERS 3   /* orders: sent, partly received, draft */
#define PO_LINES_MAX 3   /* products on each */
#define PO_SENT_DAYS 2   /* the sent order went out this many days ago */

/* ------------------------------------------------------------------ sales history */

/* Outbound units per product (index into in->products) and ledger day (from first). */
static int64_t *daily_outbound(const struct fstore_inputs *in, int first, int ndays)
{
	int64_t *q = xcalloc(in->nproducts * (size_t)ndays, sizeof *q);
	for (size_t m = 0; m < in->nmoves; m++) {
		const struct demand_move *mv = &in->moves[m];
		int t = mv->day - first;
		if (!mv->is_outbound || t < 0 || t >= ndays)
			continue;
		for (size_t i = 0; i < in->nproducts; i++)
			if (in->products[i] == mv->product_id) {
				q[i * (size_t)ndays + (size_t)t] += -mv->qty;
				break;
			}
	}
	return q;
}

/* One upload's CSV: 일자, 마스터 SKU, 출고 수량 for the history days [from, from + days) of
 * the products [p0, p1). */
static int64_t history_csv(const struct fstore_inputs *in, const int64_t *q, int first, int ndays,
                           int from, int days, size_t p0, size_t p1, struct buf *b)
{
	static const char head[] = "일자,마스터 SKU,출고 수량\n";
	int64_t rows = 0;
	buf_append(b, head, sizeof head - 1);
	for (size_t i = p0; i < p1 && i < in->nproducts; i++)
		for (int day = from; day < from + days; day++) {
			int t = day + HIST_SHIFT - first;
			if (t < 0 || t >= ndays)
				continue;
			int64_t qty = (q[i * (size_t)ndays + (size_t)t] * HIST_PERCENT + 50) / 100;
			if (qty <= 0)
				continue;
			char date[11], line[128];
			date_format(day, date);
			int len = snprintf(line, sizeof line, "%s,%s,%lld\n", date, in->skus[i],
			                   (long long)qty);
			buf_append(b, line, (size_t)len);
			rows++;
		}
	return rows;
}

/* Reads one file as an upload would and applies it. */
static int apply_history(db *d, int64_t org_id, int64_t user_id, const struct buf *b,
                         const char *file_name, char *err, size_t errlen)
{
	char today[11], now[32];
	date_kst_today(today);
	util_utc_iso(util_now(), now);
	struct shstore_lookup lk = {.d = d, .org_id = org_id};
	shist_ctx ctx = {.today = today, .lookup = shstore_lookup, .lookup_ud = &lk};
	shist_result *res = NULL;
	if (shist_parse(b->p, b->len, file_name, &ctx, &res) != SHIST_OK) {
		snprintf(err, errlen, "sales history: out of memory");
		return -1;
	}
	int rc = -1;
	if (res->errors > 0) {
		snprintf(err, errlen, "sales history %s: %d rows refused (%s)", file_name,
		         res->errors, res->nproblems ? res->problems[0].message : "");
	} else {
		struct shstore_new_batch nb = {.org_id = org_id,
		                               .user_id = user_id,
		                               .file_name = file_name,
		                               .uploaded_at = now,
		                               .problems_json = "[]"};
		int64_t id = 0;
		if (shstore_batch_insert(d, &nb, res, &id) == DB_OK &&
		    shstore_batch_mark_applied(d, org_id, id, user_id, now) == DB_OK)
			rc = 0;
		else
			snprintf(err, errlen, "sales history %s: could not store it", file_name);
	}
	shist_free(res);
	return rc;
}

static int add_history(db *d, int64_t org_id, int64_t user_id, struct demo_planning_stats *st,
                       char *err, size_t errlen)
{
	char today[11];
	date_kst_today(today);
	struct fstore_inputs in;
	if (fstore_load_inputs(d, org_id, today, &in) != DB_OK) {
		snprintf(err, errlen, "sales history: could not read the ledger");
		return -1;
	}
	int first = 0, last = 0;
	for (size_t m = 0; m < in.nmoves; m++) {
		if (m == 0 || in.moves[m].day < first)
			first = in.moves[m].day;
		if (m == 0 || in.moves[m].day > last)
			last = in.moves[m].day;
	}
	int ndays = in.nmoves ? last - first + 1 : 0, rc = 0;
	if (ndays >= HIST_SHIFT) { /* a shorter ledger has no year to look back on */
		int64_t *q = daily_outbound(&in, first, ndays);
		int from = first - HIST_FILES * HIST_FILE_DAYS;
		size_t parts = (in.nproducts + HIST_FILE_SKUS - 1) / HIST_FILE_SKUS;
		for (int f = 0; f < HIST_FILES && rc == 0; f++, from += HIST_FILE_DAYS)
			for (size_t k = 0; k < parts && rc == 0; k++) {
				struct buf b = BUF_INIT;
				char a[11], z[11], part[24] = "", name[96];
				date_format(from, a);
				date_format(from + HIST_FILE_DAYS - 1, z);
				if (parts > 1)
					snprintf(part, sizeof part, "_%zu", k + 1);
				snprintf(name, sizeof name, "판매이력_%s_%s%s.csv", a, z, part);
				st->history_rows += history_csv(&in, q, first, ndays, from,
				                                HIST_FILE_DAYS, k * HIST_FILE_SKUS,
				                                (k + 1) * HIST_FILE_SKUS, &b);
				rc = apply_history(d, org_id, user_id, &b, name, err, errlen);
				st->history_batches += rc == 0;
				buf_free(&b);
			}
		free(q);
	}
	fstore_inputs_free(&in);
	return rc;
}

/* ------------------------------------------------------------------ purchase orders */

/* Up to PO_LINES_MAX products to order from each of up to PO_SUPPLIERS suppliers, the most
 * urgent first (the planning view's lines are by SKU). */
struct po_pick {
	int64_t supplier_id;
	const struct stock_line *lines[PO_LINES_MAX];
	int n;
};

static int urgent_first(const void *a, const void *b)
{
	const struct stock_line *x = *(const struct stock_line *const *)a,
	                        *y = *(const struct stock_line *const *)b;
	int64_t dx = x->row.timing.order_by, dy = y->row.timing.order_by;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(x->sku, y->sku);
}

static int pick_orders(const struct stock_view *v, struct po_pick *picks)
{
	const struct stock_line **c = xcalloc(v->n + 1, sizeof *c);
	size_t nc = 0;
	for (size_t i = 0; i < v->n; i++) {
		const struct stock_line *l = &v->lines[i];
		if (!l->is_set && l->supplier_id > 0 && l->row.timing.fires &&
		    l->row.suggestion_status == PLAN_OK && l->row.suggestion.qty > 0)
			c[nc++] = l;
	}
	qsort(c, nc, sizeof *c, urgent_first);
	int np = 0;
	for (size_t i = 0; i < nc; i++) {
		int k = 0;
		while (k < np && picks[k].supplier_id != c[i]->supplier_id)
			k++;
		if (k == np) {
			if (np == PO_SUPPLIERS)
				continue;
			picks[np++] = (struct po_pick){.supplier_id = c[i]->supplier_id};
		}
		if (picks[k].n < PO_LINES_MAX)
			picks[k].lines[picks[k].n++] = c[i];
	}
	free(c);
	return np;
}

/* Creates one order of a pick as a draft expected on expected; *id is set. */
static int draft(db *d, int64_t org_id, int64_t user_id, const struct po_pick *p,
                 const char *expected, int64_t *id, struct po_err *e)
{
	struct po_line_in lines[PO_LINES_MAX];
	for (int i = 0; i < p->n; i++) {
		int64_t qty = p->lines[i]->row.suggestion.qty;
		lines[i] = (struct po_line_in){.sku = p->lines[i]->sku,
		                               .qty = qty < PO_QTY_MAX ? qty : PO_QTY_MAX,
		                               .unit_cost = -1};
	}
	struct po_input in = {.supplier_id = p->supplier_id,
	                      .expected_date = expected,
	                      .has_expected = 1,
	                      .memo = "데모: 추천 발주표에서 만든 발주서",
	                      .lines = lines,
	                      .nlines = (size_t)p->n,
	                      .has_supplier = 1,
	                      .has_memo = 1,
	                      .has_lines = 1};
	*id = 0;
	return po_save(d, org_id, user_id, id, &in, e);
}

/* The longest lead time of a pick's products (at least PO_SENT_DAYS + 1). */
static int pick_lead(const struct po_pick *p)
{
	int lead = PO_SENT_DAYS + 1;
	for (int i = 0; i < p->n; i++)
		if (p->lines[i]->item.lead_time_days > lead)
			lead = p->lines[i]->item.lead_time_days;
	return lead;
}

/* Order k of the picks: 0 sent, 1 sent a lead time ago and half of its first line received
 * today, 2 left as a draft. */
static int place(db *d, int64_t org_id, int64_t user_id, const struct po_pick *p, int k,
                 struct demo_planning_stats *st, struct po_err *e)
{
	char today[11], sent[11], due[11];
	date_kst_today(today);
	int y, m, dd;
	date_parse(today, &y, &m, &dd);
	int64_t now = date_days_from_civil(y, m, dd);
	int lead = pick_lead(p), ago = k == 0 ? PO_SENT_DAYS : k == 1 ? lead - 1 : 0;
	date_format(now - ago, sent);
	date_format(now - ago + lead, due); /* the partly received one is due tomorrow */
	int64_t id;
	int rc = draft(d, org_id, user_id, p, due, &id, e);
	if (rc != PO_STORE_OK || k == 2) {
		st->orders_draft += rc == PO_STORE_OK;
		return rc;
	}
	rc = po_order(d, org_id, user_id, id, sent, e);
	if (rc == PO_STORE_OK && k == 1) {
		int64_t half = p->lines[0]->row.suggestion.qty / 2;
		struct po_receive_line line = {.sku = p->lines[0]->sku, .qty = half > 0 ? half : 1};
		char expiry[11];
		if (p->lines[0]->has_expiry) { /* a lot with 소비기한 관리 carries its date */
			date_format(now + 180, expiry);
			line.lot = "DEMO-LOT-1";
			line.expiry = expiry;
		}
		struct po_receive_in in = {.key = "demo-partial-receipt",
		                           .memo = "데모: 먼저 도착한 물량",
		                           .lines = &line,
		                           .nlines = 1};
		rc = po_receive(d, org_id, user_id, id, &in, e);
	}
	st->orders_open += rc == PO_STORE_OK;
	return rc;
}

static int add_orders(db *d, int64_t org_id, int64_t user_id, struct demo_planning_stats *st,
                      char *err, size_t errlen)
{
	struct stock_view v;
	if (stock_view_load(d, org_id, NULL, &v) != DB_OK) {
		snprintf(err, errlen, "purchase orders: could not read the planning view");
		return -1;
	}
	struct po_pick picks[PO_SUPPLIERS];
	int np = pick_orders(&v, picks), rc = 0;
	for (int k = 0; k < np && rc == 0; k++) {
		struct po_err e = {0};
		if (place(d, org_id, user_id, &picks[k], k, st, &e) != PO_STORE_OK) {
			snprintf(err, errlen, "purchase orders: %s", e.message);
			rc = -1;
		}
		po_err_clear(&e);
	}
	stock_view_free(&v);
	return rc;
}

int demo_planning(db *d, int64_t org_id, int64_t user_id, struct demo_planning_stats *st, char *err,
                  size_t errlen)
{
	memset(st, 0, sizeof *st);
	if (db_begin(d) != DB_OK) {
		snprintf(err, errlen, "database busy");
		return -1;
	}
	int rc = add_history(d, org_id, user_id, st, err, errlen);
	if (rc == 0)
		rc = add_orders(d, org_id, user_id, st, err, errlen);
	if (rc != 0) {
		db_rollback(d);
		return -1;
	}
	if (db_commit(d) != DB_OK) {
		snprintf(err, errlen, "commit failed");
		return -1;
	}
	return 0;
}
