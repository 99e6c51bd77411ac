/* sales_report.c — the sales report's one query and its figures (see sales_report.h). The
 * database gives the rows that count (product, KST day, units); they are added into periods
 * here, which is cheaper than a GROUP BY's sort of tens of thousands of rows, and so are the
 * roll-up by category and the comparisons, over every period the comparisons reach
 * ("extended" periods: from the earliest compared period to the last of the range). */
#include "sales_report.h"

#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "date.h"
#include "util.h"

/* Units sold: product, day, units, one row per sale (or per reversal of one). Ledger outbound
 * not reversed, as forecast_store.c's load_moves reads demand: a reversal row has the
 * opposite quantity on the business date of what it reverses, so adding the reversal rows
 * of outbound rows to them leaves exactly the outbound that stands (without asking, row by
 * row, whether a reversal names it: the ledger has tens of thousands of outbound rows and
 * few reversals). A set sale once per set_group as the set: qty / the component's quantity
 * in the set (the smallest over its rows, the row's own quantity when the set no longer
 * holds that component), unless reversed (the reversal rows of a set form a group of their
 * own). Imported history as it stands. */
#define SOLD_SQL                                                                                   \
	"SELECT product_id, day, qty FROM ("                                                       \
	" SELECT m.product_id AS product_id, m.date AS day, -m.qty AS qty FROM movements m"        \
	"  WHERE m.org_id = ?1 AND m.date BETWEEN ?2 AND ?3 AND m.type = 'outbound'"               \
	"  AND m.set_group IS NULL"                                                                \
	" UNION ALL"                                                                               \
	" SELECT r.product_id, r.date, -r.qty FROM movements r JOIN movements o"                   \
	"  ON o.id = r.reverses AND o.org_id = ?1 AND o.type = 'outbound' AND o.set_group IS NULL" \
	"  WHERE r.org_id = ?1 AND r.date BETWEEN ?2 AND ?3 AND r.type = 'reversal'"               \
	" UNION ALL"                                                                               \
	" SELECT g.set_product_id, g.date, COALESCE(MIN(-g.qty / sc.qty), MIN(-g.qty))"            \
	"  FROM movements g LEFT JOIN set_components sc"                                           \
	"  ON sc.set_id = g.set_product_id AND sc.component_id = g.product_id"                     \
	"  WHERE g.org_id = ?1 AND g.date BETWEEN ?2 AND ?3 AND g.type = 'outbound'"               \
	"  AND g.set_group IS NOT NULL"                                                            \
	"  AND NOT EXISTS (SELECT 1 FROM movements x WHERE x.reverses = g.id AND x.org_id = ?1)"   \
	"  GROUP BY g.set_group, g.set_product_id, g.date"                                         \
	" UNION ALL"                                                                               \
	" SELECT h.product_id, h.day, h.qty FROM sales_history_standing h"                         \
	"  WHERE h.org_id = ?1 AND h.day BETWEEN ?2 AND ?3"                                        \
	")"

#define PRODUCTS_SQL                                                                               \
	"SELECT id, sku, name, CASE WHEN category = '' THEN '" SALES_REPORT_NO_CATEGORY            \
	"' ELSE category END, kind = 'set', active FROM products WHERE org_id = ?1"                \
	" AND (?2 IS NULL OR (CASE WHEN category = '' THEN '" SALES_REPORT_NO_CATEGORY             \
	"' ELSE category END) = ?2)"                                                               \
	" AND (?3 IS NULL OR sku LIKE ?3 ESCAPE '\\' OR name LIKE ?3 ESCAPE '\\') ORDER BY id"

/* The days compared with a partial last period: the same number of days at the start of
 * the previous period, of the same period a year earlier, and of the period just before
 * the range (the previous range's last). */
enum { CUT_PREV, CUT_LAST_YEAR, CUT_BEFORE, NCUTS };

/* Units of one product or category over the extended periods, and in the cut windows. */
struct acc {
	int64_t id;
	char *key, *name, *category;
	int is_set, active;
	int64_t products;
	int64_t *ext;
	int64_t cut[NCUTS];
};

struct plan {
	const struct sales_report_query *q;
	int64_t e0; /* the first extended period */
	size_t ne;  /* extended periods, e0 .. q->last */
	int64_t k;  /* days of the partial last period; 0 when it is complete */
	int64_t cut_first[NCUTS], cut_last[NCUTS];
	int64_t day_first, day_last; /* the days read */
};

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static void plan_make(const struct sales_report_query *q, struct plan *p)
{
	memset(p, 0, sizeof *p);
	p->q = q;
	int64_t n = q->last - q->first + 1;
	p->e0 = min64(q->first - n, sales_period_last_year(q->kind, q->first));
	p->ne = (size_t)(q->last - p->e0 + 1);
	int64_t f, l;
	sales_period_bounds(q->kind, p->e0, &p->day_first, &l);
	sales_period_bounds(q->kind, q->last, &f, &l);
	p->day_last = min64(l, q->today);
	if (q->today >= f && q->today < l)
		p->k = q->today - f + 1;
	const int64_t compared[NCUTS] = {q->last - 1, sales_period_last_year(q->kind, q->last),
	                                 q->first - 1};
	for (int c = 0; c < NCUTS; c++) {
		sales_period_bounds(q->kind, compared[c], &f, &l);
		p->cut_first[c] = f;
		p->cut_last[c] = min64(l, f + p->k - 1);
	}
}

static void acc_add(const struct plan *p, struct acc *a, int64_t day, int64_t qty)
{
	int64_t e = sales_period_of(p->q->kind, day) - p->e0;
	if (e < 0 || (size_t)e >= p->ne)
		return;
	a->ext[e] += qty;
	for (int c = 0; p->k && c < NCUTS; c++)
		if (day >= p->cut_first[c] && day <= p->cut_last[c])
			a->cut[c] += qty;
}

static void accs_free(struct acc *a, size_t n)
{
	for (size_t i = 0; a && i < n; i++) {
		free(a[i].key);
		free(a[i].name);
		free(a[i].category);
		free(a[i].ext);
	}
	free(a);
}

static int load_products(db *d, int64_t org_id, const struct plan *p, struct acc **out, size_t *n)
{
	char *q = p->q->q && *p->q->q ? catalog_like_pattern(p->q->q) : NULL;
	db_stmt *s = db_prepare(d, PRODUCTS_SQL);
	db_bind_int(s, 1, org_id);
	db_bind_text(s, 2, p->q->category);
	db_bind_text(s, 3, q);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[(*n)++] = (struct acc){
		        .id = db_col_int(s, 0),
		        .key = xstrdup(db_col_text(s, 1)),
		        .name = xstrdup(db_col_text(s, 2)),
		        .category = xstrdup(db_col_text(s, 3)),
		        .is_set = (int)db_col_int(s, 4),
		        .active = (int)db_col_int(s, 5),
		        .ext = xcalloc(p->ne, sizeof(int64_t)),
		};
	}
	db_finalize(s);
	free(q);
	return rc == DB_DONE ? DB_OK : rc;
}

static int by_id(const void *key, const void *elem)
{
	int64_t a = *(const int64_t *)key, b = ((const struct acc *)elem)->id;
	return (a > b) - (a < b);
}

static int load_sold(db *d, int64_t org_id, const struct plan *p, struct acc *a, size_t n)
{
	char from[11], to[11];
	date_format(p->day_first, from);
	date_format(p->day_last, to);
	db_stmt *s = db_preparef(d, SOLD_SQL, "itt", org_id, from, to);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		int64_t id = db_col_int(s, 0);
		struct acc *hit = bsearch(&id, a, n, sizeof *a, by_id);
		int y, m, dd;
		const char *day = db_col_text(s, 1);
		if (hit && date_parse(day, &y, &m, &dd) == 0)
			acc_add(p, hit, date_days_from_civil(y, m, dd), db_col_int(s, 2));
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

static int64_t range_total(const struct plan *p, const struct acc *a)
{
	int64_t t = 0;
	for (int64_t e = p->q->first - p->e0; (size_t)e < p->ne; e++)
		t += a->ext[e];
	return t;
}

static int acc_sold(const struct plan *p, const struct acc *a)
{
	for (size_t e = 0; e < p->ne; e++)
		if (a->ext[e])
			return 1;
	for (int c = 0; p->k && c < NCUTS; c++)
		if (a->cut[c])
			return 1;
	return 0;
}

/* The row's figures from its extended periods; the arrays are one allocation at r->qty. */
static void row_fill(const struct plan *p, struct acc *a, struct sales_report_row *r)
{
	const struct sales_report_query *q = p->q;
	size_t n = (size_t)(q->last - q->first + 1);
	memset(r, 0, sizeof *r);
	r->key = a->key;
	r->name = a->name;
	r->category = a->category;
	a->key = a->name = a->category = NULL;
	r->is_set = a->is_set;
	r->active = a->active;
	r->products = a->products;
	r->qty = xcalloc(3 * n, sizeof(int64_t));
	r->prev = r->qty + n;
	r->last_year = r->qty + 2 * n;
	for (size_t i = 0; i < n; i++) {
		int64_t per = q->first + (int64_t)i;
		int cut = p->k && i == n - 1;
		r->qty[i] = a->ext[per - p->e0];
		r->prev[i] = cut ? a->cut[CUT_PREV] : a->ext[per - 1 - p->e0];
		r->last_year[i] = cut ? a->cut[CUT_LAST_YEAR]
		                      : a->ext[sales_period_last_year(q->kind, per) - p->e0];
		r->total += r->qty[i];
		r->last_year_total += r->last_year[i];
	}
	for (size_t i = 0; i < n; i++) {
		int64_t per = q->first - (int64_t)n + (int64_t)i;
		r->prev_total += p->k && i == n - 1 ? a->cut[CUT_BEFORE] : a->ext[per - p->e0];
	}
}

static int by_category_then_id(const void *x, const void *y)
{
	const struct acc *a = x, *b = y;
	int c = strcmp(a->category, b->category);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* One acc per category label, summing its products (which are sorted here). */
static struct acc *categories_of(const struct plan *p, struct acc *a, size_t n, size_t *out_n)
{
	if (n)
		qsort(a, n, sizeof *a, by_category_then_id);
	struct acc *c = xcalloc(n ? n : 1, sizeof *c);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!k || strcmp(c[k - 1].category, a[i].category) != 0) {
			c[k++] = (struct acc){.key = xstrdup(a[i].category),
			                      .name = xstrdup(a[i].category),
			                      .category = xstrdup(a[i].category),
			                      .ext = xcalloc(p->ne, sizeof(int64_t))};
		}
		struct acc *g = &c[k - 1];
		for (size_t e = 0; e < p->ne; e++)
			g->ext[e] += a[i].ext[e];
		for (int j = 0; j < NCUTS; j++)
			g->cut[j] += a[i].cut[j];
		g->products += range_total(p, &a[i]) > 0;
	}
	*out_n = k;
	return c;
}

static int by_total_then_key(const void *x, const void *y)
{
	const struct sales_report_row *a = x, *b = y;
	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* The rows of the accs that sold something, and the sum of them all. */
static void rows_make(const struct plan *p, struct acc *a, size_t n, struct sales_report *out)
{
	struct acc sum = {.key = xstrdup("합계"),
	                  .name = xstrdup("합계"),
	                  .category = xstrdup(""),
	                  .ext = xcalloc(p->ne, sizeof(int64_t))};
	out->rows = xcalloc(n ? n : 1, sizeof *out->rows);
	for (size_t i = 0; i < n; i++) {
		for (size_t e = 0; e < p->ne; e++)
			sum.ext[e] += a[i].ext[e];
		for (int j = 0; j < NCUTS; j++)
			sum.cut[j] += a[i].cut[j];
		sum.products += a[i].products;
		if (acc_sold(p, &a[i]))
			row_fill(p, &a[i], &out->rows[out->nrows++]);
	}
	qsort(out->rows, out->nrows, sizeof *out->rows, by_total_then_key);
	row_fill(p, &sum, &out->sum); /* takes sum's strings */
	free(sum.ext);
}

int sales_report_load(db *d, int64_t org_id, const struct sales_report_query *q,
                      struct sales_report *out)
{
	memset(out, 0, sizeof *out);
	out->kind = q->kind;
	out->first = q->first;
	out->last = q->last;
	out->nperiods = (size_t)(q->last - q->first + 1);
	struct plan p;
	plan_make(q, &p);
	out->partial_days = p.k;
	struct acc *a = NULL;
	size_t n = 0;
	int rc = db_begin_read(d);
	if (rc != DB_OK)
		return rc;
	rc = load_products(d, org_id, &p, &a, &n);
	if (rc == DB_OK && n)
		rc = load_sold(d, org_id, &p, a, n);
	db_commit(d);
	if (rc == DB_OK && q->by_category) {
		size_t nc = 0;
		struct acc *c = categories_of(&p, a, n, &nc);
		rows_make(&p, c, nc, out);
		accs_free(c, nc);
	} else if (rc == DB_OK) {
		for (size_t i = 0; i < n; i++)
			a[i].products = range_total(&p, &a[i]) > 0;
		rows_make(&p, a, n, out);
	}
	accs_free(a, n);
	return rc;
}

static void row_free(struct sales_report_row *r)
{
	free(r->key);
	free(r->name);
	free(r->category);
	free(r->qty);
}

void sales_report_free(struct sales_report *r)
{
	for (size_t i = 0; i < r->nrows; i++)
		row_free(&r->rows[i]);
	free(r->rows);
	row_free(&r->sum);
	memset(r, 0, sizeof *r);
}
