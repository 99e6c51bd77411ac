/* suggested_sheet.c — the 추천 발주 workbook (libxlsxwriter); layout in suggested_sheet.h. */
#include "suggested_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

#include "util.h"
#include "xlsx_write.h"

const char *const suggested_sheet_headers[SUGGESTED_SHEET_NCOLS] = {
        "공급처",       "마스터 SKU", "상품명",      "추천 수량", "최소 주문 수량", "발주 단위",
        "리드타임(일)", "발주 기한",  "입고 예정일", "매입 단가", "금액",           "추천 이유"};

static const double widths[SUGGESTED_SHEET_NCOLS] = {18, 16, 32, 11, 13, 10,
                                                     11, 12, 12, 12, 14, 70};

static void write_line(lxw_worksheet *ws, lxw_row_t row, const struct suggested_sheet_line *l,
                       const struct xlsx_sheet_formats *f)
{
	xlsx_write_text(ws, row, 0, l->supplier && *l->supplier ? l->supplier : "(공급처 없음)",
	                NULL);
	xlsx_write_text(ws, row, 1, l->sku, NULL);
	xlsx_write_text(ws, row, 2, l->name, NULL);
	worksheet_write_number(ws, row, 3, (double)l->qty, f->num);
	worksheet_write_number(ws, row, 4, (double)l->moq, f->num);
	if (l->order_multiple > 1)
		worksheet_write_number(ws, row, 5, (double)l->order_multiple, f->num);
	worksheet_write_number(ws, row, 6, (double)l->lead_time_days, f->num);
	xlsx_write_text(ws, row, 7, l->reorder_date, NULL);
	xlsx_write_text(ws, row, 8, l->expected_arrival, NULL);
	worksheet_write_number(ws, row, 9, (double)l->unit_cost, f->money);
	worksheet_write_number(ws, row, 10, (double)l->amount, f->money);
	xlsx_write_text(ws, row, 11, l->why, NULL);
}

static void write_sheet(lxw_workbook *wb, lxw_worksheet *ws, const char *date,
                        const struct suggested_sheet_line *lines, size_t n)
{
	struct xlsx_sheet_formats f;
	xlsx_sheet_formats_add(wb, &f);
	for (int c = 0; c < SUGGESTED_SHEET_NCOLS; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
	char title[64];
	snprintf(title, sizeof title, "추천 발주 (%s 기준)", date ? date : "");
	xlsx_write_text(ws, 0, 0, title, f.title);
	worksheet_set_row(ws, 0, 26, NULL);
	lxw_row_t row = 2;
	for (int c = 0; c < SUGGESTED_SHEET_NCOLS; c++)
		xlsx_write_text(ws, row, (lxw_col_t)c, suggested_sheet_headers[c], f.head);
	worksheet_freeze_panes(ws, row + 1, 0);
	row++;
	int64_t qty = 0, amount = 0;
	for (size_t i = 0; i < n; i++, row++) {
		write_line(ws, row, &lines[i], &f);
		qty += lines[i].qty;
		amount += lines[i].amount;
	}
	xlsx_write_text(ws, row, 0, "합계", f.total);
	for (lxw_col_t c = 1; c < SUGGESTED_SHEET_NCOLS; c++)
		if (c != 3 && c != 10)
			xlsx_write_text(ws, row, c, "", f.total);
	worksheet_write_number(ws, row, 3, (double)qty, f.total);
	worksheet_write_number(ws, row, 10, (double)amount, f.total_money);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
}

int suggested_sheet_write(const char *date, const struct suggested_sheet_line *lines, size_t n,
                          unsigned char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (n && !lines)
		return SUGGESTED_SHEET_EINVAL;
	struct xlsx_mem m;
	if (xlsx_mem_open(&m, "jaego-suggested") != XLSX_MEM_OK)
		return SUGGESTED_SHEET_EIO;
	lxw_worksheet *ws = workbook_add_worksheet(m.wb, SUGGESTED_SHEET_NAME);
	if (ws)
		write_sheet(m.wb, ws, date, lines, n);
	int rc = xlsx_mem_close(&m, ws != NULL, out, len);
	return rc == XLSX_MEM_OK && ws ? SUGGESTED_SHEET_OK : SUGGESTED_SHEET_EIO;
}
