/* sales_history.h — every query of the sales-history uploads (판매 이력): the product
 * lookup the reader uses, the sales_history_batches table (store a preview, apply, undo,
 * list), the per-product totals of a batch and what it replaces, and a product's daily
 * standing history. "Standing" is the view sales_history_standing of migration 010, the
 * one definition of the history that counts (the forecast runs read it too). */
#ifndef JAEGO_STORE_SALES_HISTORY_H
#define JAEGO_STORE_SALES_HISTORY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "sales_history_sheet.h"

/* The reader's product lookup (shist_ctx.lookup); ud is a struct shstore_lookup. */
struct shstore_lookup {
	db *d;
	int64_t org_id;
	char sku[128], name[512]; /* the last answer's strings */
};
int shstore_lookup(void *ud, shist_key kind, const char *channel, const char *code,
                   shist_product *out);

/* A new batch: its row and its clean rows (r->items) in one transaction that the caller
 * holds. Returns DB_OK with *id, or the error. */
struct shstore_new_batch {
	int64_t org_id, user_id;
	const char *file_name, *uploaded_at;
	const char *problems_json;
};
int shstore_batch_insert(db *d, const struct shstore_new_batch *b, const shist_result *r,
                         int64_t *id);

/* One batch's state for apply and undo (strings in the arena). 0 when found, -1 when the
 * organisation has no such batch. */
struct shstore_batch {
	const char *status, *file_name;
	int64_t error_count, valid_count;
	const char *first_day, *last_day;
	const char *applied_at, *applied_by, *undone_at, *undone_by;
};
int shstore_batch_load(db *d, arena *a, int64_t org_id, int64_t id, struct shstore_batch *b);

/* previewed → applied, as the newest applied batch of the organisation (apply_seq). */
int shstore_batch_mark_applied(db *d, int64_t org_id, int64_t id, int64_t user_id, const char *now);
/* applied → undone; the rows stay, the view stops counting them. */
int shstore_batch_mark_undone(db *d, int64_t org_id, int64_t id, int64_t user_id, const char *now);

/* A batch as JSON: id, file_name, format, status, period {first, last}, summary {rows,
 * valid, warnings, errors}, qty_total, uploaded/applied/undone by and at, and — when
 * standing is non-zero — standing_rows (its rows that count now). NULL when not found. */
json_t *shstore_batch_json(db *d, int64_t org_id, int64_t id);
/* Batches newest first, with *total. */
json_t *shstore_batch_list(db *d, int64_t org_id, int64_t limit, int64_t offset, int64_t *total);
/* The stored problems (JSON text, malloc'd) of a batch, or NULL. */
char *shstore_batch_problems(db *d, int64_t org_id, int64_t id);
/* The batch's rows [{row?, sku, name, day, qty}] by SKU and day, at most limit. */
json_t *shstore_batch_rows(db *d, int64_t org_id, int64_t id, int64_t limit);

/* Per product of the batch: {sku, name, is_set, rows, qty, first_day, last_day,
 * replaces: {rows, qty, batches: [ids]}} where replaces is the standing history of other
 * batches, for that product inside the batch's period, that applying it would replace
 * (for an applied batch: that it replaces now — none; undone: would have). The sum over
 * products goes to *rep_rows, *rep_qty. */
json_t *shstore_batch_products(db *d, int64_t org_id, int64_t id, int64_t *rep_rows,
                               int64_t *rep_qty);

/* A product's standing history by day in [from, to] (either NULL for open):
 * {days: [{day, qty, batch_id}], total, first_day, last_day}. */
json_t *shstore_product_history(db *d, int64_t org_id, int64_t product_id, const char *from,
                                const char *to);

/* Rows of applied batches that name the product: a product with any is kept as
 * discontinued rather than deleted (undoing the batch lets it be deleted). */
int64_t shstore_product_kept_rows(db *d, int64_t product_id);
/* Deletes a product's rows of batches not applied (previewed or undone), in the caller's
 * transaction, before the product itself is deleted. */
int shstore_product_delete_unapplied(db *d, int64_t product_id);

/* Up to n active single products' SKUs (in SKU order) for the example file. Strings in the
 * arena; returns the count. */
size_t shstore_example_skus(db *d, arena *a, int64_t org_id, const char **out, size_t n);

#endif
