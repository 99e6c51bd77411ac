/* accuracy_sheet.c — the accuracy report workbooks (libxlsxwriter); layout in
 * accuracy_sheet.h. */
#include "accuracy_sheet.h"

#include <math.h>
#include <xlsxwriter.h>

#include "xlsx_write.h"

struct formats {
	struct xlsx_sheet_formats base;
	lxw_format *num[4];  /* by column kind */
	lxw_format *flag[4]; /* the same, filled as a deviation */
};

static lxw_format *kind_format(lxw_workbook *wb, enum accuracy_col_kind k, int flag)
{
	static const char *const fmt[] = {"@", "#,##0", "#,##0.00", "0.0%"};
	lxw_format *f = workbook_add_format(wb);
	format_set_num_format(f, fmt[k]);
	if (flag) {
		format_set_bg_color(f, 0xFDE2E1);
		format_set_font_color(f, 0xB42318);
	}
	return f;
}

static void formats_add(lxw_workbook *wb, struct formats *f)
{
	xlsx_sheet_formats_add(wb, &f->base);
	for (int k = 0; k < 4; k++) {
		f->num[k] = kind_format(wb, (enum accuracy_col_kind)k, 0);
		f->flag[k] = kind_format(wb, (enum accuracy_col_kind)k, 1);
	}
}

static void write_table(lxw_worksheet *ws, const struct accuracy_table *t, const struct formats *f)
{
	for (int c = 0; c < t->ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
		                     t->cols[c].width > 0 ? t->cols[c].width : 12, NULL);
	xlsx_write_text(ws, 0, 0, t->title, f->base.title);
	worksheet_set_row(ws, 0, 26, NULL);
	lxw_row_t row = 2;
	for (int c = 0; c < t->ncols; c++)
		xlsx_write_text(ws, row, (lxw_col_t)c, t->cols[c].header, f->base.head);
	worksheet_freeze_panes(ws, row + 1, 0);
	for (size_t i = 0; i < t->nrows; i++) {
		row++;
		for (int c = 0; c < t->ncols; c++) {
			const struct accuracy_cell *cell =
			        &t->cells[i * (size_t)t->ncols + (size_t)c];
			enum accuracy_col_kind k = t->cols[c].kind;
			lxw_format *fmt = cell->flag          ? f->flag[k]
			                  : k == ACC_COL_TEXT ? NULL
			                                      : f->num[k];
			if (k == ACC_COL_TEXT)
				xlsx_write_text(ws, row, (lxw_col_t)c, cell->text, fmt);
			else if (isfinite(cell->num))
				worksheet_write_number(ws, row, (lxw_col_t)c, cell->num, fmt);
		}
	}
}

int accuracy_sheet_write(const struct accuracy_table *tables, size_t ntables, unsigned char **out,
                         size_t *len)
{
	*out = NULL;
	*len = 0;
	for (size_t i = 0; i < ntables; i++)
		if (tables[i].ncols <= 0 || (tables[i].nrows && !tables[i].cells))
			return ACCURACY_SHEET_EINVAL;
	struct xlsx_mem m;
	if (xlsx_mem_open(&m, "jaego-accuracy") != XLSX_MEM_OK)
		return ACCURACY_SHEET_EIO;
	struct formats f;
	formats_add(m.wb, &f);
	int ok = 1;
	for (size_t i = 0; i < ntables && ok; i++) {
		lxw_worksheet *ws = workbook_add_worksheet(m.wb, tables[i].name);
		if (ws)
			write_table(ws, &tables[i], &f);
		ok = ws != NULL;
	}
	int rc = xlsx_mem_close(&m, ok, out, len);
	return rc == XLSX_MEM_OK && ok ? ACCURACY_SHEET_OK : ACCURACY_SHEET_EIO;
}
