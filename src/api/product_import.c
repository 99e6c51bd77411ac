/* product_import.c — a product table applied to the catalogue (see product_import.h). */
#include "product_import.h"

#include <stdlib.h>

#include "catalog.h"
#include "catalog_json.h"
#include "product_sheet.h"
#include "util.h"

/* The catalogue's refusal of one row, as problems of that row. */
static void row_problems(const struct catalog_err *e, int row, json_t *problems)
{
	if (e->details && json_array_size(e->details)) {
		size_t k;
		json_t *it;
		json_array_foreach(e->details, k, it)
		{
			json_object_set_new(it, "row", json_integer(row));
			json_array_append(problems, it);
		}
		return;
	}
	json_array_append_new(problems, json_pack("{s:i, s:s, s:s}", "row", row, "field", e->field,
	                                          "message", e->message));
}

/* Creates or changes the product of one row's fields; *exists tells which. Returns
 * CATALOG_OK, CATALOG_EDB (e->db_rc) or the catalogue's refusal in e. */
static int apply_row(db *d, int64_t org_id, json_t *obj, struct catalog_product *p, char *supplier,
                     int *exists, struct catalog_err *e)
{
	const char *sku = json_string_value(json_object_get(obj, "sku"));
	*exists = sku && catalog_product_load(d, org_id, sku, p) == CATALOG_OK;
	if (!*exists)
		catalog_product_defaults(p);
	int crc = catalog_product_apply(d, org_id, obj, *exists, p, supplier, e);
	if (crc == CATALOG_OK)
		crc = catalog_product_save(d, org_id, p, supplier, e);
	return crc;
}

int product_import_apply(db *d, int64_t org_id, const sheet_table *t, int hdr,
                         const char *const cols[SHEET_MAX_COLS], struct product_import_result *res)
{
	struct catalog_product *p = xcalloc(1, sizeof *p); /* large: not on the stack */
	char supplier[401];
	int rc = DB_OK;
	for (int i = hdr + 1;
	     i < t->nrows && json_array_size(res->problems) < PRODUCT_IMPORT_MAX_PROBLEMS; i++) {
		const sheet_row *row = &t->rows[i];
		json_t *obj = product_sheet_row(row, &t->rows[hdr], cols, res->problems);
		if (!obj)
			continue;
		int exists = 0;
		struct catalog_err e;
		int crc = apply_row(d, org_id, obj, p, supplier, &exists, &e);
		json_decref(obj);
		if (crc == CATALOG_EDB) {
			rc = e.db_rc ? e.db_rc : DB_ERR;
			catalog_err_clear(&e);
			break;
		}
		if (crc != CATALOG_OK) {
			row_problems(&e, row->row, res->problems);
			catalog_err_clear(&e);
			continue;
		}
		if (exists)
			res->updated++;
		else
			res->created++;
	}
	free(p);
	return rc;
}
