/* report_sheet.c — a report's JSON rows as a workbook (see report_sheet.h). */
#include "report_sheet.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The value at a dotted path ("model.wape") of a JSON row, or NULL. */
static json_t *at_path(json_t *row, const char *path)
{
	const char *dot = strchr(path, '.');
	if (!dot)
		return json_object_get(row, path);
	char head[32];
	size_t n = (size_t)(dot - path) < sizeof head - 1 ? (size_t)(dot - path) : sizeof head - 1;
	memcpy(head, path, n);
	head[n] = '\0';
	return at_path(json_object_get(row, head), dot + 1);
}

struct accuracy_table report_table(const char *name, const char *title,
                                   const struct report_col *cols, int ncols, json_t *rows,
                                   struct accuracy_col *colbuf, struct accuracy_cell **cells)
{
	size_t n = json_array_size(rows);
	*cells = xcalloc(n * (size_t)ncols + 1, sizeof **cells);
	for (int c = 0; c < ncols; c++)
		colbuf[c] = cols[c].col;
	for (size_t i = 0; i < n; i++) {
		json_t *row = json_array_get(rows, i);
		for (int c = 0; c < ncols; c++) {
			json_t *v = at_path(row, cols[c].path);
			struct accuracy_cell *cell = &(*cells)[i * (size_t)ncols + (size_t)c];
			cell->num = json_is_number(v) ? json_number_value(v) : NAN;
			cell->text = json_is_string(v) ? json_string_value(v) : NULL;
			json_t *flag = cols[c].flag ? json_object_get(row, cols[c].flag) : NULL;
			cell->flag = flag && !json_is_null(flag);
		}
	}
	return (struct accuracy_table){name, title, colbuf, ncols, *cells, n};
}

void report_reply_xlsx(struct req *r, const struct accuracy_table *t, size_t nt,
                       const char *filename)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	if (accuracy_sheet_write(t, nt, &buf, &len) != ACCURACY_SHEET_OK) {
		reply_internal(r);
		return;
	}
	reply_header(r, "Content-Disposition",
	             arena_printf(r->a, "attachment; filename=\"%s.xlsx\"", filename));
	reply_header(r, "Cache-Control", "no-store");
	reply_bytes(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	            buf, len);
	free(buf);
}

int report_want_xlsx(struct req *r)
{
	const char *format = req_query(r, "format");
	if (!format || util_streq(format, "json"))
		return 0;
	if (util_streq(format, "xlsx"))
		return 1;
	reply_field_error(r, "format", "bad_format", "format은 json 또는 xlsx여야 합니다.");
	return -1;
}
