/* movements.c — reading the stock ledger as the API shows it: one movement, an import's
 * movements, a filtered page of the ledger (see movements.h). Recording lives in ledger.c. */
#include "movements.h"

#include <stdlib.h>

#include "util.h"
#include "row_json.h"

#define MOVE_COLS                                                                                  \
	"m.id, p.sku, m.type, m.qty, m.date, m.memo, m.source, m.ref, m.lot, m.expiry,"            \
	" m.user_id, u.name, m.created_at, m.reverses,"                                            \
	" (SELECT r.id FROM movements r WHERE r.reverses = m.id), sp.sku, p.name, "                \
	"m.expiry_unknown"
#define MOVE_FROM                                                                                  \
	" FROM movements m JOIN products p ON p.id = m.product_id"                                 \
	" LEFT JOIN users u ON u.id = m.user_id"                                                   \
	" LEFT JOIN products sp ON sp.id = m.set_product_id"

static json_t *move_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "sku", row_text(s, 1));
	json_object_set_new(o, "name", row_text(s, 16));
	json_object_set_new(o, "type", row_text(s, 2));
	json_object_set_new(o, "qty", json_integer(db_col_int(s, 3)));
	json_object_set_new(o, "date", row_text(s, 4));
	json_object_set_new(o, "memo", row_text(s, 5));
	json_object_set_new(o, "source", row_text(s, 6));
	json_object_set_new(o, "ref", row_text(s, 7));
	json_object_set_new(o, "lot", row_text(s, 8));
	json_object_set_new(o, "expiry", row_text(s, 9));
	json_object_set_new(o, "expiry_unknown", json_boolean(db_col_int(s, 17)));
	json_object_set_new(o, "user",
	                    db_col_is_null(s, 10)
	                            ? json_null()
	                            : json_pack("{s:I, s:o}", "id", (json_int_t)db_col_int(s, 10),
	                                        "name", row_text(s, 11)));
	json_object_set_new(o, "created_at", row_text(s, 12));
	json_object_set_new(o, "reverses", row_int(s, 13));
	json_object_set_new(o, "reversed_by", row_int(s, 14));
	json_object_set_new(o, "set_sku", row_text(s, 15));
	return o;
}

json_t *movements_object(db *d, int64_t org_id, int64_t id)
{
	db_stmt *s =
	        db_preparef(d, "SELECT " MOVE_COLS MOVE_FROM " WHERE m.org_id = ? AND m.id = ?",
	                    "ii", org_id, id);
	json_t *o = db_step(s) == DB_ROW ? move_row_json(s) : NULL;
	db_finalize(s);
	return o;
}

json_t *movements_by_ref(db *d, int64_t org_id, const char *source, const char *ref)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT " MOVE_COLS MOVE_FROM
	                         " WHERE m.org_id = ? AND m.source = ? AND m.ref = ?"
	                         " AND m.type <> 'reversal' ORDER BY m.id",
	                         "itt", org_id, source, ref);
	json_t *list = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(list, move_row_json(s));
	db_finalize(s);
	return list;
}

/* The filter, shared by the page query and the count so that they always agree. */
#define MOVE_WHERE                                                                                 \
	" WHERE m.org_id = ? AND (? = 0 OR m.product_id = ? OR m.set_product_id = ?)"              \
	" AND (? IS NULL OR m.type = ?) AND (? = 0 OR m.user_id = ?)"                              \
	" AND (? IS NULL OR m.date >= ?) AND (? IS NULL OR m.date <= ?)"                           \
	" AND (? IS NULL OR m.source = ?)"

json_t *movements_list(db *d, int64_t org_id, const struct movements_filter *f)
{
	/* The page and the total are two queries: a window count would make SQLite build
	 * every matching row (and its joins) just to show fifty. */
	db_stmt *s = db_preparef(d,
	                         "SELECT " MOVE_COLS MOVE_FROM MOVE_WHERE
	                         " ORDER BY m.date DESC, m.id DESC LIMIT ? OFFSET ?",
	                         "iiiittiittttttii", org_id, f->product_id, f->product_id,
	                         f->product_id, f->type, f->type, f->user_id, f->user_id, f->from,
	                         f->from, f->to, f->to, f->source, f->source, f->limit, f->offset);
	json_t *items = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(items, move_row_json(s));
	db_finalize(s);
	int64_t total = db_int(d, 0, "SELECT COUNT(*) FROM movements m" MOVE_WHERE,
	                       "iiiittiitttttt", org_id, f->product_id, f->product_id,
	                       f->product_id, f->type, f->type, f->user_id, f->user_id, f->from,
	                       f->from, f->to, f->to, f->source, f->source);
	return json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
}

int64_t movements_product_id(db *d, int64_t org_id, const char *sku)
{
	char *n = util_nfc(sku);
	int64_t id = n ? db_int(d, 0, "SELECT id FROM products WHERE org_id = ? AND sku = ?", "it",
	                        org_id, n)
	               : 0;
	free(n);
	return id;
}
