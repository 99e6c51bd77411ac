/* sim_store.c — the products and settings a policy simulation reads (see sim_store.h). */
#include "sim_store.h"

#include <stdlib.h>

#include "util.h"

static void product_row(db_stmt *s, struct simstore_product *p)
{
	p->id = db_col_int(s, 0);
	util_strlcpy(p->sku, db_col_text(s, 1), sizeof p->sku);
	util_strlcpy(p->name, db_col_text(s, 2) ? db_col_text(s, 2) : "", sizeof p->name);
	p->lead_time_days = !db_col_is_null(s, 3)   ? (int)db_col_int(s, 3)
	                    : !db_col_is_null(s, 4) ? (int)db_col_int(s, 4)
	                                            : -1;
	p->moq = db_col_int(s, 5);
	p->order_multiple = db_col_is_null(s, 6) ? 1 : db_col_int(s, 6);
	p->unit_cost = db_col_int(s, 7);
	p->has_expiry = (int)db_col_int(s, 8);
	p->opening = db_col_int(s, 9);
	p->opening_known = db_col_int(s, 10) > 0;
}

int simstore_products(db *d, int64_t org_id, const char *from, struct simstore_product **out,
                      size_t *n)
{
	*out = NULL;
	*n = 0;
	int64_t count = db_int(d, 0,
	                       "SELECT COUNT(*) FROM products WHERE org_id = ? AND kind = 'single'"
	                       " AND active = 1",
	                       "i", org_id);
	if (count <= 0)
		return DB_OK;
	struct simstore_product *v = xcalloc((size_t)count, sizeof *v);
	/* the balance as the ledger stood before the first day: every movement dated
	 * earlier, whatever its type (reversals and stocktakes move stock too), in one pass */
	db_stmt *s = db_preparef(
	        d,
	        "SELECT p.id, p.sku, p.name, p.lead_time_days, s.lead_time_days, p.moq,"
	        " p.order_multiple, p.unit_cost, p.has_expiry, COALESCE(m.qty, 0),"
	        " COALESCE(m.n, 0)"
	        " FROM products p LEFT JOIN suppliers s ON s.id = p.supplier_id AND s.org_id = "
	        "p.org_id"
	        " LEFT JOIN (SELECT product_id, SUM(qty) AS qty, COUNT(*) AS n FROM movements"
	        "   WHERE org_id = ? AND date < ? GROUP BY product_id) m ON m.product_id = p.id"
	        " WHERE p.org_id = ? AND p.kind = 'single' AND p.active = 1 ORDER BY p.sku",
	        "iti", org_id, from, org_id);
	int rc;
	size_t k = 0;
	while ((rc = db_step(s)) == DB_ROW && k < (size_t)count)
		product_row(s, &v[k++]);
	db_finalize(s);
	if (rc == DB_ROW)
		rc = DB_DONE; /* a product added since the count: the next simulation has it */
	if (rc != DB_DONE) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return DB_OK;
}

double simstore_service_level(db *d, int64_t org_id)
{
	db_stmt *s = db_preparef(d, "SELECT service_level FROM orgs WHERE id = ?", "i", org_id);
	double v = db_step(s) == DB_ROW ? db_col_double(s, 0) : 0.95;
	db_finalize(s);
	return v >= 0.5 && v <= 0.999 ? v : 0.95;
}
