/* sales_history.c — the queries of sales-history uploads (see sales_history.h). Every
 * read of "the history that counts" goes through the view sales_history_standing, so the
 * period-replacement rule is written once, in migration 010. */
#include "sales_history.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "row_json.h"

/* ------------------------------------------------------------------ lookup */

static int lookup_answer(struct shstore_lookup *l, db_stmt *s, shist_product *out)
{
	int rc = db_step(s);
	if (rc != DB_ROW)
		return 0;
	out->id = db_col_int(s, 0);
	util_strlcpy(l->sku, db_col_text(s, 1), sizeof l->sku);
	util_strlcpy(l->name, db_col_text(s, 2), sizeof l->name);
	out->sku = l->sku;
	out->name = l->name;
	out->active = (int)db_col_int(s, 3);
	out->is_set = util_streq(db_col_text(s, 4), "set");
	/* a second row: the code names two products */
	return db_step(s) == DB_ROW ? 2 : 1;
}

int shstore_lookup(void *ud, shist_key kind, const char *channel, const char *code,
                   shist_product *out)
{
	struct shstore_lookup *l = ud;
	db_stmt *s;
	if (kind == SHIST_KEY_MASTER)
		s = db_preparef(l->d,
		                "SELECT id, sku, name, active, kind FROM products"
		                " WHERE org_id = ? AND sku = ?",
		                "it", l->org_id, code);
	else if (kind == SHIST_KEY_PLAYAUTO)
		s = db_preparef(
		        l->d,
		        "SELECT id, sku, name, active, kind FROM products WHERE org_id = ?"
		        " AND (playauto_sku = ? OR id IN (SELECT product_id FROM channel_codes"
		        " WHERE org_id = ? AND channel = 'playauto' AND code = ?))",
		        "itit", l->org_id, code, l->org_id, code);
	else
		s = db_preparef(l->d,
		                "SELECT id, sku, name, active, kind FROM products WHERE org_id = ?"
		                " AND id IN (SELECT product_id FROM channel_codes WHERE org_id = ?"
		                " AND code = ? AND (? IS NULL OR channel = ?))",
		                "iittt", l->org_id, l->org_id, code, channel, channel);
	int found = lookup_answer(l, s, out);
	db_finalize(s);
	return found;
}

/* ------------------------------------------------------------------ batches */

int shstore_batch_insert(db *d, const struct shstore_new_batch *b, const shist_result *r,
                         int64_t *id)
{
	*id = 0;
	int rc = db_exec(d,
	                 "INSERT INTO sales_history_batches (org_id, file_name, file_hash, format,"
	                 " uploaded_by, uploaded_at, first_day, last_day, row_count, valid_count,"
	                 " warning_count, error_count, qty_total, problems_json)"
	                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                 "itttitttiiiiit", b->org_id, b->file_name, r->file_hash, r->format,
	                 b->user_id, b->uploaded_at, r->first_day[0] ? r->first_day : NULL,
	                 r->last_day[0] ? r->last_day : NULL, (int64_t)r->rows, (int64_t)r->valid,
	                 (int64_t)r->warnings, (int64_t)r->errors, (int64_t)r->qty_total,
	                 b->problems_json);
	if (rc != DB_OK)
		return rc;
	*id = db_last_id(d);
	db_stmt *s = db_prepare(d, "INSERT INTO sales_history (org_id, batch_id, product_id, day,"
	                           " qty) VALUES (?, ?, ?, ?, ?)");
	for (int i = 0; i < r->nitems && rc == DB_OK; i++) {
		const shist_item *it = &r->items[i];
		db_reset(s);
		db_bindf(s, "iiiti", b->org_id, *id, it->product_id, it->day, (int64_t)it->qty);
		int st = db_step(s);
		rc = st == DB_DONE ? DB_OK : st;
	}
	db_finalize(s);
	return rc;
}

static const char *col_dup(arena *a, db_stmt *s, int col)
{
	const char *t = db_col_text(s, col);
	return t ? arena_strdup(a, t) : NULL;
}

int shstore_batch_load(db *d, arena *a, int64_t org_id, int64_t id, struct shstore_batch *b)
{
	memset(b, 0, sizeof *b);
	db_stmt *s = db_preparef(d,
	                         "SELECT b.status, b.file_name, b.error_count, b.valid_count,"
	                         " b.first_day, b.last_day, b.applied_at, ua.name, b.undone_at,"
	                         " uu.name FROM sales_history_batches b"
	                         " LEFT JOIN users ua ON ua.id = b.applied_by"
	                         " LEFT JOIN users uu ON uu.id = b.undone_by"
	                         " WHERE b.org_id = ? AND b.id = ?",
	                         "ii", org_id, id);
	int found = db_step(s) == DB_ROW;
	if (found) {
		b->status = col_dup(a, s, 0);
		b->file_name = col_dup(a, s, 1);
		b->error_count = db_col_int(s, 2);
		b->valid_count = db_col_int(s, 3);
		b->first_day = col_dup(a, s, 4);
		b->last_day = col_dup(a, s, 5);
		b->applied_at = col_dup(a, s, 6);
		b->applied_by = col_dup(a, s, 7);
		b->undone_at = col_dup(a, s, 8);
		b->undone_by = col_dup(a, s, 9);
	}
	db_finalize(s);
	return found ? 0 : -1;
}

int shstore_batch_mark_applied(db *d, int64_t org_id, int64_t id, int64_t user_id, const char *now)
{
	return db_exec(d,
	               "UPDATE sales_history_batches SET status = 'applied', applied_by = ?,"
	               " applied_at = ?, apply_seq = (SELECT COALESCE(MAX(apply_seq), 0) + 1"
	               " FROM sales_history_batches WHERE org_id = ?)"
	               " WHERE org_id = ? AND id = ? AND status = 'previewed'",
	               "itiii", user_id, now, org_id, org_id, id);
}

int shstore_batch_mark_undone(db *d, int64_t org_id, int64_t id, int64_t user_id, const char *now)
{
	return db_exec(d,
	               "UPDATE sales_history_batches SET status = 'undone', undone_by = ?,"
	               " undone_at = ? WHERE org_id = ? AND id = ? AND status = 'applied'",
	               "itii", user_id, now, org_id, id);
}

#define BATCH_COLS                                                                                 \
	"b.id, b.file_name, b.format, b.status, b.first_day, b.last_day, b.row_count,"             \
	" b.valid_count, b.warning_count, b.error_count, b.qty_total, b.uploaded_by, uu.name,"     \
	" b.uploaded_at, b.applied_by, ua.name, b.applied_at, b.undone_by, un.name, b.undone_at,"  \
	" CASE b.status WHEN 'applied' THEN (SELECT COUNT(*) FROM sales_history_standing v"        \
	" WHERE v.batch_id = b.id) ELSE 0 END"
#define BATCH_FROM                                                                                 \
	" FROM sales_history_batches b LEFT JOIN users uu ON uu.id = b.uploaded_by"                \
	" LEFT JOIN users ua ON ua.id = b.applied_by"                                              \
	" LEFT JOIN users un ON un.id = b.undone_by"

static json_t *batch_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "file_name", row_text(s, 1));
	json_object_set_new(o, "format", row_text(s, 2));
	json_object_set_new(o, "status", row_text(s, 3));
	json_object_set_new(
	        o, "period",
	        json_pack("{s:o, s:o}", "first", row_text(s, 4), "last", row_text(s, 5)));
	json_object_set_new(o, "summary",
	                    json_pack("{s:I, s:I, s:I, s:I}", "rows", (json_int_t)db_col_int(s, 6),
	                              "valid", (json_int_t)db_col_int(s, 7), "warnings",
	                              (json_int_t)db_col_int(s, 8), "errors",
	                              (json_int_t)db_col_int(s, 9)));
	json_object_set_new(o, "qty_total", json_integer(db_col_int(s, 10)));
	json_object_set_new(o, "uploaded_by", row_member(s, 11, 12));
	json_object_set_new(o, "uploaded_at", row_text(s, 13));
	json_object_set_new(o, "applied_by", row_member(s, 14, 15));
	json_object_set_new(o, "applied_at", row_text(s, 16));
	json_object_set_new(o, "undone_by", row_member(s, 17, 18));
	json_object_set_new(o, "undone_at", row_text(s, 19));
	json_object_set_new(o, "standing_rows", json_integer(db_col_int(s, 20)));
	json_object_set_new(o, "can_apply",
	                    json_boolean(util_streq(db_col_text(s, 3), "previewed") &&
	                                 db_col_int(s, 9) == 0 && db_col_int(s, 7) > 0));
	return o;
}

json_t *shstore_batch_json(db *d, int64_t org_id, int64_t id)
{
	db_stmt *s =
	        db_preparef(d, "SELECT " BATCH_COLS BATCH_FROM " WHERE b.org_id = ? AND b.id = ?",
	                    "ii", org_id, id);
	json_t *o = db_step(s) == DB_ROW ? batch_row_json(s) : NULL;
	db_finalize(s);
	return o;
}

json_t *shstore_batch_list(db *d, int64_t org_id, int64_t limit, int64_t offset, int64_t *total)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT " BATCH_COLS BATCH_FROM
	                         " WHERE b.org_id = ? ORDER BY b.id DESC LIMIT ? OFFSET ?",
	                         "iii", org_id, limit, offset);
	json_t *items = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(items, batch_row_json(s));
	db_finalize(s);
	*total = db_int(d, 0, "SELECT COUNT(*) FROM sales_history_batches WHERE org_id = ?", "i",
	                org_id);
	return items;
}

char *shstore_batch_problems(db *d, int64_t org_id, int64_t id)
{
	return db_text(
	        d, "SELECT problems_json FROM sales_history_batches WHERE org_id = ? AND id = ?",
	        "ii", org_id, id);
}

json_t *shstore_batch_rows(db *d, int64_t org_id, int64_t id, int64_t limit)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT p.sku, p.name, h.day, h.qty, p.kind FROM sales_history h"
	                         " JOIN products p ON p.id = h.product_id"
	                         " WHERE h.org_id = ? AND h.batch_id = ?"
	                         " ORDER BY p.sku, h.day LIMIT ?",
	                         "iii", org_id, id, limit);
	json_t *a = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:I, s:b}", "sku",
		                                   db_col_text(s, 0), "name", db_col_text(s, 1),
		                                   "day", db_col_text(s, 2), "qty",
		                                   (json_int_t)db_col_int(s, 3), "is_set",
		                                   util_streq(db_col_text(s, 4), "set")));
	db_finalize(s);
	return a;
}

/* The ids of the batches whose standing rows the batch would replace for one product. */
static json_t *replaced_batches(db *d, int64_t org_id, int64_t id, int64_t product_id,
                                const char *first, const char *last)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT DISTINCT batch_id FROM sales_history_standing"
	                         " WHERE org_id = ? AND product_id = ? AND batch_id <> ?"
	                         " AND day BETWEEN ? AND ? ORDER BY batch_id",
	                         "iiitt", org_id, product_id, id, first, last);
	json_t *a = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(a, json_integer(db_col_int(s, 0)));
	db_finalize(s);
	return a;
}

json_t *shstore_batch_products(db *d, int64_t org_id, int64_t id, int64_t *rep_rows,
                               int64_t *rep_qty)
{
	*rep_rows = *rep_qty = 0;
	char *first = db_text(d,
	                      "SELECT first_day FROM sales_history_batches WHERE org_id = ? AND "
	                      "id = ?",
	                      "ii", org_id, id);
	char *last =
	        db_text(d, "SELECT last_day FROM sales_history_batches WHERE org_id = ? AND id = ?",
	                "ii", org_id, id);
	json_t *a = json_array();
	if (!first || !last) {
		free(first);
		free(last);
		return a;
	}
	/* Replacing needs the batch to be the newest applied one: for a batch that stands
	 * (applied) nothing else is replaced any more; for others, the standing rows of other
	 * batches inside the period are what applying would replace. */
	db_stmt *s = db_preparef(
	        d,
	        "SELECT h.product_id, p.sku, p.name, p.kind, COUNT(*), SUM(h.qty), MIN(h.day),"
	        " MAX(h.day),"
	        " (SELECT COUNT(*) FROM sales_history_standing v WHERE v.org_id = h.org_id"
	        "   AND v.product_id = h.product_id AND v.batch_id <> h.batch_id"
	        "   AND v.day BETWEEN ? AND ?),"
	        " (SELECT COALESCE(SUM(v.qty), 0) FROM sales_history_standing v"
	        "   WHERE v.org_id = h.org_id AND v.product_id = h.product_id"
	        "   AND v.batch_id <> h.batch_id AND v.day BETWEEN ? AND ?)"
	        " FROM sales_history h JOIN products p ON p.id = h.product_id"
	        " WHERE h.org_id = ? AND h.batch_id = ? GROUP BY h.product_id ORDER BY p.sku",
	        "ttttii", first, last, first, last, org_id, id);
	while (db_step(s) == DB_ROW) {
		int64_t rr = db_col_int(s, 8), rq = db_col_int(s, 9);
		*rep_rows += rr;
		*rep_qty += rq;
		json_t *o = json_pack(
		        "{s:s, s:s, s:b, s:I, s:I, s:s, s:s, s:{s:I, s:I, s:o}}", "sku",
		        db_col_text(s, 1), "name", db_col_text(s, 2), "is_set",
		        util_streq(db_col_text(s, 3), "set"), "rows", (json_int_t)db_col_int(s, 4),
		        "qty", (json_int_t)db_col_int(s, 5), "first_day", db_col_text(s, 6),
		        "last_day", db_col_text(s, 7), "replaces", "rows", (json_int_t)rr, "qty",
		        (json_int_t)rq, "batches",
		        rr ? replaced_batches(d, org_id, id, db_col_int(s, 0), first, last)
		           : json_array());
		json_array_append_new(a, o);
	}
	db_finalize(s);
	free(first);
	free(last);
	return a;
}

/* ------------------------------------------------------------------ a product */

json_t *shstore_product_history(db *d, int64_t org_id, int64_t product_id, const char *from,
                                const char *to)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT day, qty, batch_id FROM sales_history_standing"
	                         " WHERE org_id = ? AND product_id = ?"
	                         " AND (? IS NULL OR day >= ?) AND (? IS NULL OR day <= ?)"
	                         " ORDER BY day",
	                         "iitttt", org_id, product_id, from, from, to, to);
	json_t *days = json_array();
	int64_t total = 0;
	json_t *first = json_null(), *last = json_null();
	while (db_step(s) == DB_ROW) {
		const char *day = db_col_text(s, 0);
		int64_t qty = db_col_int(s, 1);
		total += qty;
		if (json_is_null(first)) {
			json_decref(first);
			first = json_string(day);
		}
		json_decref(last);
		last = json_string(day);
		json_array_append_new(days, json_pack("{s:s, s:I, s:I}", "day", day, "qty",
		                                      (json_int_t)qty, "batch_id",
		                                      (json_int_t)db_col_int(s, 2)));
	}
	db_finalize(s);
	return json_pack("{s:o, s:I, s:o, s:o}", "days", days, "total", (json_int_t)total,
	                 "first_day", first, "last_day", last);
}

int64_t shstore_product_kept_rows(db *d, int64_t product_id)
{
	return db_int(d, 0,
	              "SELECT COUNT(*) FROM sales_history h JOIN sales_history_batches b"
	              " ON b.id = h.batch_id WHERE h.product_id = ? AND b.status = 'applied'",
	              "i", product_id);
}

int shstore_product_delete_unapplied(db *d, int64_t product_id)
{
	return db_exec(d,
	               "DELETE FROM sales_history WHERE product_id = ? AND batch_id IN"
	               " (SELECT id FROM sales_history_batches WHERE status <> 'applied')",
	               "i", product_id);
}

size_t shstore_example_skus(db *d, arena *a, int64_t org_id, const char **out, size_t n)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT sku FROM products WHERE org_id = ? AND active = 1"
	                         " AND kind = 'single' ORDER BY sku LIMIT ?",
	                         "ii", org_id, (int64_t)n);
	size_t k = 0;
	while (k < n && db_step(s) == DB_ROW)
		out[k++] = arena_strdup(a, db_col_text(s, 0));
	db_finalize(s);
	return k;
}
