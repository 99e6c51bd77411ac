/* product_sheet.h — reads a product table (.xlsx or CSV, the product export or a seller's
 * own sheet) into the product API's input: finds the header row by its Korean or English
 * column names, and turns each row's cells into the fields the catalogue checks
 * (catalog_product_apply), numbers read as numbers, 상태 and 소비기한 관리 as yes or no.
 * No database: api/product_import.h applies the rows through the catalogue's checks. */
#ifndef JAEGO_PRODUCT_SHEET_H
#define JAEGO_PRODUCT_SHEET_H

#include <jansson.h>

#include "arena.h"
#include "sheet.h"

/* The header row: the first of the first 10 rows naming a SKU and a product name. Returns
 * its index with cols[] holding the field of each column (NULL for the others); or -1 with
 * *best the row naming the most fields (-1 when none did) and cols[] holding its fields, for
 * the refusal. */
int product_sheet_header(arena *a, const sheet_table *t, const char *cols[SHEET_MAX_COLS],
                         int *best);

/* The missing_column refusal of a sheet without 마스터 SKU or 상품명, worded as in the stock
 * import: the message in msg and the details object (NULL when out of memory). */
json_t *product_sheet_missing_columns(const sheet_table *t, const sheet_row *best,
                                      const char *const cols[SHEET_MAX_COLS], char *msg,
                                      size_t size);

/* One data row as the product API's fields, or NULL for an empty line or a row refused for
 * a cell that holds no usable value. Problems of the row (an unusable cell, a 상태 or
 * 소비기한 관리 that says neither yes nor no) are appended to problems as
 * {row, field, [column, code,] message}. */
json_t *product_sheet_row(const sheet_row *row, const sheet_row *hdr,
                          const char *const cols[SHEET_MAX_COLS], json_t *problems);

#endif
