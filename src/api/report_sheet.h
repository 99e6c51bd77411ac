/* report_sheet.h — the reports' ?format=xlsx: a JSON answer's rows turned into a workbook
 * table (accuracy_sheet.c) column by column, so the workbook holds exactly the numbers the
 * screen reads, and the download reply. */
#ifndef JAEGO_REPORT_SHEET_H
#define JAEGO_REPORT_SHEET_H

#include <jansson.h>
#include <stddef.h>

#include "accuracy_sheet.h"
#include "http.h"

/* A column of a workbook table: where its value sits in a JSON row ("model.wape"), and
 * the row's member whose non-null value marks the cell as a deviation (NULL: never). */
struct report_col {
	struct accuracy_col col;
	const char *path;
	const char *flag;
};

/* A table of the rows of a JSON array, in their order: colbuf (ncols) receives the
 * columns, *cells the cells (malloc'd, the caller frees after writing). Strings stay the
 * rows'. */
struct accuracy_table report_table(const char *name, const char *title,
                                   const struct report_col *cols, int ncols, json_t *rows,
                                   struct accuracy_col *colbuf, struct accuracy_cell **cells);

/* 200 with the workbook as `filename`.xlsx, or 500. */
void report_reply_xlsx(struct req *r, const struct accuracy_table *t, size_t nt,
                       const char *filename);

/* ?format=json|xlsx: 1 for xlsx, 0 for json (or none), -1 once replied 400 bad_format. */
int report_want_xlsx(struct req *r);

#endif
