/* stock_view.h — every active product of an organisation with its planning inputs as the
 * store holds them and every planning figure the rules compute from them (plan_evaluate):
 * the rows of GET /api/stock, the suggested order sheet and the product page's planning
 * card. One read transaction and a handful of set-based queries (never one query per
 * product): products with their supplier, lead time, MOQ, order multiple and 매입 단가;
 * on hand (a set's: what its components allow, ledger_set_available); lots with an expiry
 * in first-expiry-first-out order; the open purchase orders' expected receipts; the latest
 * finished forecast run's daily means and stored cumulative quantiles; the organisation's
 * planning settings. docs/planning.md says how the view is built. */
#ifndef JAEGO_STOCK_VIEW_H
#define JAEGO_STOCK_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "planning.h"

struct stock_line {
	int64_t product_id;
	char sku[65];
	const char *name;          /* owned by the view */
	int64_t supplier_id;       /* 0 = none */
	const char *supplier_name; /* "" = none */
	const char *category;      /* "" = none */
	int is_set, has_expiry;
	int64_t forecast_run_id; /* 0 = no stored forecast */
	struct plan_item item;   /* the inputs as loaded; arrays owned by the view */
	struct plan_row row;     /* every rule's figures (plan_evaluate) */
};

struct stock_view {
	struct stock_line *lines; /* by SKU */
	size_t n;
	struct plan_settings settings;
	/* The latest finished forecast run of the organisation (0 / "" when none), and the day
	 * number of its first forecast day (PLAN_NO_DAY when none). */
	int64_t run_id;
	char run_finished_at[32];
	int64_t run_first_day;
	arena *mem; /* every line's name, arrays and the lines themselves */
};

/* Loads the view of org_id as of today ("YYYY-MM-DD", a KST business date; NULL = now).
 * Returns DB_OK with *out filled (release it with stock_view_free), DB_ERR for a bad
 * today, or a DB error with *out empty. */
int stock_view_load(db *d, int64_t org_id, const char *today /* "YYYY-MM-DD" KST, NULL = now */,
                    struct stock_view *out); /* DB_OK or a DB error */
void stock_view_free(struct stock_view *v);

/* The line of a product by master SKU, or NULL. */
const struct stock_line *stock_view_find(const struct stock_view *v, const char *sku);

#endif
