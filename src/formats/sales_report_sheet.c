/* sales_report_sheet.c — the 판매 리포트 workbook (libxlsxwriter); layout in
 * sales_report_sheet.h. */
#include "sales_report_sheet.h"

#include <xlsxwriter.h>

#include "xlsx_write.h"

struct formats {
	struct xlsx_sheet_formats base;
	lxw_format *pct, *total_pct, *note;
};

static void formats_add(lxw_workbook *wb, struct formats *f)
{
	xlsx_sheet_formats_add(wb, &f->base);
	f->pct = workbook_add_format(wb);
	format_set_num_format(f->pct, "+0.0%;-0.0%;0.0%");
	f->total_pct = workbook_add_format(wb);
	format_set_num_format(f->total_pct, "+0.0%;-0.0%;0.0%");
	format_set_bold(f->total_pct);
	format_set_top(f->total_pct, LXW_BORDER_THIN);
	f->note = workbook_add_format(wb);
	format_set_font_color(f->note, 0x595959);
}

/* The columns before the periods: 상품명, 마스터 SKU, 분류 or just 분류. */
static lxw_col_t lead_cols(const struct sales_report_sheet *s)
{
	return s->by_category ? 1 : 3;
}

static void write_head(lxw_worksheet *ws, lxw_row_t row, const struct sales_report_sheet *s,
                       const struct formats *f)
{
	lxw_col_t c = 0;
	if (s->by_category) {
		xlsx_write_text(ws, row, c++, "분류", f->base.head);
	} else {
		xlsx_write_text(ws, row, c++, "상품명", f->base.head);
		xlsx_write_text(ws, row, c++, "마스터 SKU", f->base.head);
		xlsx_write_text(ws, row, c++, "분류", f->base.head);
	}
	for (size_t i = 0; i < s->nperiods; i++)
		xlsx_write_text(ws, row, c++, s->period_heads[i], f->base.head);
	xlsx_write_text(ws, row, c++, "합계", f->base.head);
	xlsx_write_text(ws, row, c++, "전 기간 대비", f->base.head);
	xlsx_write_text(ws, row, c, "전년 동기 대비", f->base.head);
}

static void write_change(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int has, int64_t tenths,
                         lxw_format *fmt)
{
	if (has)
		worksheet_write_number(ws, row, col, (double)tenths / 1000.0, fmt);
	else
		worksheet_write_blank(ws, row, col, fmt);
}

static void write_row(lxw_worksheet *ws, lxw_row_t row, const struct sales_report_sheet *s,
                      const struct sales_report_sheet_row *r, int is_sum, const struct formats *f)
{
	lxw_format *text = is_sum ? f->base.total : NULL;
	lxw_format *num = is_sum ? f->base.total : f->base.num;
	lxw_col_t c = 0;
	xlsx_write_text(ws, row, c++, r->name, text);
	if (!s->by_category) {
		xlsx_write_text(ws, row, c++, is_sum ? "" : r->sku, text);
		xlsx_write_text(ws, row, c++, is_sum ? "" : r->category, text);
	}
	for (size_t i = 0; i < s->nperiods; i++)
		worksheet_write_number(ws, row, c++, (double)r->qty[i], num);
	worksheet_write_number(ws, row, c++, (double)r->total, num);
	lxw_format *pct = is_sum ? f->total_pct : f->pct;
	write_change(ws, row, c++, r->has_prev, r->prev_tenths, pct);
	write_change(ws, row, c, r->has_last_year, r->last_year_tenths, pct);
}

static void write_sheet(lxw_workbook *wb, lxw_worksheet *ws, const struct sales_report_sheet *s)
{
	struct formats f;
	formats_add(wb, &f);
	lxw_col_t lead = lead_cols(s), ncols = (lxw_col_t)(lead + s->nperiods + 3);
	worksheet_set_column(ws, 0, 0, s->by_category ? 18 : 32, NULL);
	if (!s->by_category) {
		worksheet_set_column(ws, 1, 1, 16, NULL);
		worksheet_set_column(ws, 2, 2, 14, NULL);
	}
	worksheet_set_column(ws, lead, (lxw_col_t)(ncols - 1), 13, NULL);
	xlsx_write_text(ws, 0, 0, s->title, f.base.title);
	worksheet_set_row(ws, 0, 26, NULL);
	xlsx_write_text(ws, 1, 0, s->note, f.note);
	lxw_row_t row = 3;
	worksheet_set_row(ws, row, 30, NULL);
	write_head(ws, row, s, &f);
	worksheet_freeze_panes(ws, row + 1, lead);
	row++;
	for (size_t i = 0; i < s->nrows; i++, row++)
		write_row(ws, row, s, &s->rows[i], 0, &f);
	if (s->sum)
		write_row(ws, row, s, s->sum, 1, &f);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
}

int sales_report_sheet_write(const struct sales_report_sheet *s, unsigned char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (!s || (s->nrows && !s->rows) || (s->nperiods && !s->period_heads))
		return SALES_REPORT_SHEET_EINVAL;
	struct xlsx_mem m;
	if (xlsx_mem_open(&m, "jaego-sales-report") != XLSX_MEM_OK)
		return SALES_REPORT_SHEET_EIO;
	lxw_worksheet *ws = workbook_add_worksheet(m.wb, SALES_REPORT_SHEET_NAME);
	if (ws)
		write_sheet(m.wb, ws, s);
	int rc = xlsx_mem_close(&m, ws != NULL, out, len);
	return rc == XLSX_MEM_OK && ws ? SALES_REPORT_SHEET_OK : SALES_REPORT_SHEET_EIO;
}
