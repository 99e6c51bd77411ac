/* sales_report.h — the sales report (판매 리포트): units sold per product or per category in
 * each ISO week or month of a range, with the previous period and the same period a year
 * earlier to compare with. What counts as sold:
 *   - outbound rows of the ledger that no reversal row names (reversals, stocktake
 *     adjustments and inbound are not sales), the definition forecast runs use;
 *   - imported sales history as it stands (the view sales_history_standing), as forecasts;
 *   - a set sold counts for the set itself, once per sale (what the seller sold), not for
 *     its components as in forecasts: the ledger's rows of one set outbound (one set_group)
 *     count as qty / the component's quantity in the set, history naming a set as the set.
 * Days are KST business dates. The period holding today is partial: its comparisons use the
 * same number of days of the period compared with, so a week in progress is not measured
 * against a whole one. */
#ifndef JAEGO_SALES_REPORT_H
#define JAEGO_SALES_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "sales_periods.h"

/* The label of products without a category. */
#define SALES_REPORT_NO_CATEGORY "미분류"

struct sales_report_query {
	enum sales_period_kind kind;
	int by_category;      /* 1: one row per category; 0: one per product */
	int64_t first, last;  /* period numbers (sales_periods.h), first <= last */
	int64_t today;        /* KST day number */
	const char *category; /* NULL: all; else one category's label ("미분류": none) */
	const char *q;        /* NULL: all; else contained in the SKU or the name (NFC) */
};

/* One row: a product (key = SKU) or a category (key = name = the category's label). Arrays
 * hold one figure per period of the report, in order. prev and last_year are what the
 * period is compared with (cut to the same days for a partial period). */
struct sales_report_row {
	char *key, *name, *category;
	int is_set, active; /* products only */
	int64_t products;   /* categories: how many of its products sold in the range */
	int64_t *qty, *prev, *last_year;
	int64_t total;           /* sum of qty */
	int64_t prev_total;      /* the as many periods just before the range */
	int64_t last_year_total; /* sum of last_year */
};

struct sales_report {
	enum sales_period_kind kind;
	int64_t first, last;
	size_t nperiods;
	int64_t partial_days; /* days of the last period up to today while it runs, else 0 */
	struct sales_report_row *rows; /* sold something in the range or the compared days;
	                                  by total, largest first, then by key */
	size_t nrows;
	struct sales_report_row sum; /* every row added up (key "합계") */
};

/* Computes the report for the organisation inside one read transaction. DB_OK or a db
 * error; *out is released with sales_report_free either way. */
int sales_report_load(db *d, int64_t org_id, const struct sales_report_query *q,
                      struct sales_report *out);
void sales_report_free(struct sales_report *r);

#endif
