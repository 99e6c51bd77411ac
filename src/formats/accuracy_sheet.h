/* accuracy_sheet.h — the accuracy reports (예측 정확도, 실제 vs 예측) as an .xlsx with Korean
 * headers: one or more worksheets, each a title row, then a header row and one row per
 * line of the table. The caller gives the columns (header, kind) and the cells, taken from
 * the same values its JSON answer holds, so the workbook shows the screen's numbers:
 * quantities with thousands separators, metrics to two decimals, shares as percentages,
 * undefined values (NaN) as empty cells and flagged cells (편차) filled. */
#ifndef JAEGO_ACCURACY_SHEET_H
#define JAEGO_ACCURACY_SHEET_H

#include <stddef.h>

enum { ACCURACY_SHEET_OK = 0, ACCURACY_SHEET_EIO, ACCURACY_SHEET_EINVAL };

enum accuracy_col_kind {
	ACC_COL_TEXT,  /* text */
	ACC_COL_COUNT, /* a quantity: #,##0 (decimals kept in the cell, shown rounded) */
	ACC_COL_NUM,   /* a metric: #,##0.00 */
	ACC_COL_PCT    /* a share (0.25 = 25 %): 0.0% */
};

struct accuracy_col {
	const char *header;
	enum accuracy_col_kind kind;
	double width;
};

/* One cell: text for ACC_COL_TEXT columns (NULL = empty), num for the others (NaN =
 * empty); flag 1 fills it as a deviation. */
struct accuracy_cell {
	const char *text;
	double num;
	int flag;
};

struct accuracy_table {
	const char *name;  /* worksheet name (at most 31 characters) */
	const char *title; /* the first row */
	const struct accuracy_col *cols;
	int ncols;
	const struct accuracy_cell *cells; /* [nrows * ncols], row-major */
	size_t nrows;
};

/* Writes the tables into a malloc'd buffer (*out, *len) the caller frees. Returns
 * ACCURACY_SHEET_OK, ACCURACY_SHEET_EINVAL for a table without columns, or
 * ACCURACY_SHEET_EIO. */
int accuracy_sheet_write(const struct accuracy_table *tables, size_t ntables, unsigned char **out,
                         size_t *len);

#endif
