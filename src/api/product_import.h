/* product_import.h — applies a product table to the catalogue: each row (read by
 * formats/product_sheet.h) creates the product of its SKU or changes the fields the row
 * gives, through the catalogue's own checks (catalog.h), so that the table and the product
 * form refuse the same things. The caller holds the transaction: a table with any problem
 * is rolled back as a whole. */
#ifndef JAEGO_PRODUCT_IMPORT_H
#define JAEGO_PRODUCT_IMPORT_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "sheet.h"

#define PRODUCT_IMPORT_MAX_PROBLEMS 200 /* reading stops once this many are found */

struct product_import_result {
	int created, updated;
	json_t *problems; /* [{row, field, [column, code,] message}], owned by the caller */
};

/* Applies the data rows after the header row hdr (cols[] from product_sheet_header) for
 * organisation org_id. Returns DB_OK, with the rows' problems in res->problems (none: every
 * row was applied), or the database error (then nothing can be trusted: roll back). */
int product_import_apply(db *d, int64_t org_id, const sheet_table *t, int hdr,
                         const char *const cols[SHEET_MAX_COLS], struct product_import_result *res);

#endif
