/* overrides.h — every SQL statement of manual corrections (예측 수정,
 * migrations/012_forecast_overrides.sql): a product's forecast from the latest finished run
 * as plain arrays, the standing dated quantities, writing a correction (which ends what it
 * replaces), reverting one, the JSON of the standing corrections and the full history, and
 * the inputs planning reads. The rules themselves are domain/override_rules.h; the handlers
 * are api/api_overrides.c.
 *
 * Every function works inside one organisation and inside the caller's transaction when
 * there is one (transactions nest), so the handler's audit row commits with the change. */
#ifndef JAEGO_OVERRIDES_H
#define JAEGO_OVERRIDES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "override_rules.h"
#include "planning.h"

/* The product a correction is about. */
struct ovr_product {
	int64_t id;
	int is_set;
	int active;
	int64_t moq;
};
/* DB_OK with *p filled, DB_DONE when org has no product with that SKU, or a DB error. */
int ovr_product_find(db *d, int64_t org_id, const char *sku, struct ovr_product *p);

/* The product's daily means from org's latest finished run. */
struct ovr_model {
	int64_t run_id;
	int64_t first_day; /* day number of mean[0] */
	int ndays;
	double mean[PLAN_HORIZON_MAX];
};
/* DB_OK with *m filled, DB_DONE when the latest finished run has no forecast of it (or
 * there is no finished run), or a DB error. */
int ovr_model_load(db *d, int64_t org_id, int64_t product_id, struct ovr_model *m);

/* The product's active dated quantities from from_day to to_day (inclusive), by date.
 * *out is malloc'd (caller frees; NULL when none). Returns DB_OK or a DB error. */
int ovr_active_days(db *d, int64_t product_id, int64_t from_day, int64_t to_day,
                    struct ovr_day **out, size_t *n);

/* One day of a new forecast correction. */
struct ovr_new_day {
	int64_t day;
	double qty;       /* the corrected mean */
	double old_qty;   /* the effective forecast that day before it */
	double model_qty; /* the model's own mean that day */
};

/* A new forecast correction: window_days 30/60/90, or 0 for given dates. */
struct ovr_new_forecast {
	int64_t product_id;
	int window_days;
	int64_t run_id;
	int64_t user_id;
	const char *reason;
	double qty, old_qty, model_qty; /* totals over its days */
	const struct ovr_new_day *days; /* ascending */
	size_t ndays;
};
/* Writes it; the older corrections' quantities on its days go inactive, and a correction
 * with no active day left ends as replaced by it. Returns DB_OK with *id, or a DB error. */
int ovr_insert_forecast(db *d, int64_t org_id, const struct ovr_new_forecast *in, int64_t *id);

/* The standing order quantity of a product: DB_OK with *qty and *id, DB_DONE when none. */
int ovr_order_qty_standing(db *d, int64_t product_id, int64_t *id, int64_t *qty);

/* A new order quantity; the standing one (if any) ends as replaced by it; its old value is
 * that one's quantity, or NULL (the computed quantity). Returns DB_OK with *id. */
int ovr_insert_order_qty(db *d, int64_t org_id, int64_t product_id, int64_t user_id, int64_t qty,
                         const char *reason, int64_t *id);

/* What a revert needs to know about a correction. */
struct ovr_info {
	int64_t id;
	int64_t product_id;
	int is_forecast;
	int standing; /* status standing and (for a forecast) an active day today or later */
	char status[16];
};
/* DB_OK with *info, DB_DONE when org has no such correction, or a DB error. */
int ovr_info_load(db *d, int64_t org_id, int64_t id, int64_t today, struct ovr_info *info);

/* Reverts a standing correction: its active days go inactive, its status 'reverted' with
 * who, when, why and what stood after (end_qty < 0: NULL, the computed quantity). */
int ovr_revert(db *d, int64_t org_id, int64_t id, int64_t user_id, const char *reason,
               double end_qty);

/* {"id","kind","window_days","first_date","last_date","target","run_id","qty","old_qty",
 * "model_qty","reason","created_by":{"id","name"},"created_at","status" (standing, expired,
 * replaced, reverted),"replaced_by","ended_by","ended_at","end_reason","end_qty",
 * "active_days","active_qty","days":[{"date","qty","old_qty","model_qty","active"}]} of
 * one correction of org, or NULL. today decides "expired" and the active figures. */
json_t *ovr_json(db *d, int64_t org_id, int64_t id, int64_t today);

/* {"standing":[correction...],"history":[{"override_id","action" (set|revert),"at",
 * "user":{"id","name"},"kind","target","old_value","new_value","reason","status"}]} of a
 * product, newest first. */
json_t *ovr_product_json(db *d, int64_t org_id, int64_t product_id, int64_t today);

/* The standing forecast corrections of a product (for the forecast answer). */
json_t *ovr_standing_forecast_json(db *d, int64_t org_id, int64_t product_id, int64_t today);

/* Every standing correction of org's products for planning, in the caller's (read)
 * transaction: each active forecast day from from_day on through day(ctx, product_id, day,
 * qty), by product then date, and each standing order quantity through order(ctx,
 * product_id, qty). A callback's non-zero return stops the walk with DB_ERR. */
int ovr_standing_each(db *d, int64_t org_id, int64_t from_day,
                      int (*day)(void *ctx, int64_t product_id, int64_t day, double qty),
                      int (*order)(void *ctx, int64_t product_id, int64_t qty), void *ctx);

/* Whether any correction names the product (it is then kept, not deleted). */
int64_t ovr_product_in_use(db *d, int64_t product_id);

#endif
