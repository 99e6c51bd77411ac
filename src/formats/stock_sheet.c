/* stock_sheet.c — the 재고 현황 workbook (libxlsxwriter); layout in stock_sheet.h. */
#include "stock_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

#include "util.h"
#include "xlsx_write.h"

const char *const stock_sheet_headers[STOCK_SHEET_NCOLS] = {
        [STOCK_COL_SKU] = "마스터 SKU",
        [STOCK_COL_NAME] = "상품명",
        [STOCK_COL_SUPPLIER] = "공급처",
        [STOCK_COL_ON_HAND] = "현재 재고",
        [STOCK_COL_F30] = "30일 예측",
        [STOCK_COL_F60] = "60일 예측",
        [STOCK_COL_F90] = "90일 예측",
        [STOCK_COL_DEPLETION] = "예상 소진일",
        [STOCK_COL_COVER] = "재고 일수",
        [STOCK_COL_LEAD] = "리드타임(일)",
        [STOCK_COL_SAFETY] = "안전재고",
        [STOCK_COL_URGENCY] = "발주 필요",
        [STOCK_COL_REORDER_DATE] = "발주 기한",
        [STOCK_COL_SUGGESTED] = "추천 발주량",
        [STOCK_COL_OVERSTOCK] = "과잉 재고",
        [STOCK_COL_OVERSTOCK_VALUE] = "과잉 재고 금액",
        [STOCK_COL_EXPIRY_NEAR] = "소비기한 임박",
        [STOCK_COL_EXPIRY_RISK] = "폐기 위험",
        [STOCK_COL_EXPIRY_RISK_VALUE] = "폐기 위험 금액",
        [STOCK_COL_PROBLEMS] = "계산 못 한 이유",
};

static const double widths[STOCK_SHEET_NCOLS] = {
        [STOCK_COL_SKU] = 16,
        [STOCK_COL_NAME] = 30,
        [STOCK_COL_SUPPLIER] = 16,
        [STOCK_COL_ON_HAND] = 11,
        [STOCK_COL_F30] = 11,
        [STOCK_COL_F60] = 11,
        [STOCK_COL_F90] = 11,
        [STOCK_COL_DEPLETION] = 12,
        [STOCK_COL_COVER] = 10,
        [STOCK_COL_LEAD] = 11,
        [STOCK_COL_SAFETY] = 10,
        [STOCK_COL_URGENCY] = 11,
        [STOCK_COL_REORDER_DATE] = 12,
        [STOCK_COL_SUGGESTED] = 12,
        [STOCK_COL_OVERSTOCK] = 11,
        [STOCK_COL_OVERSTOCK_VALUE] = 15,
        [STOCK_COL_EXPIRY_NEAR] = 12,
        [STOCK_COL_EXPIRY_RISK] = 11,
        [STOCK_COL_EXPIRY_RISK_VALUE] = 15,
        [STOCK_COL_PROBLEMS] = 60,
};

int stock_sheet_col_is_money(int col)
{
	return col == STOCK_COL_OVERSTOCK_VALUE || col == STOCK_COL_EXPIRY_RISK_VALUE;
}

int stock_sheet_columns(int show_cost, int cols[STOCK_SHEET_NCOLS])
{
	int n = 0;
	for (int c = 0; c < STOCK_SHEET_NCOLS; c++)
		if (show_cost || !stock_sheet_col_is_money(c))
			cols[n++] = c;
	return n;
}

/* The text of a text column, NULL for a numeric one. */
static const char *text_of(const struct stock_sheet_line *l, int col, int *is_text)
{
	*is_text = 1;
	switch (col) {
	case STOCK_COL_SKU:
		return l->sku;
	case STOCK_COL_NAME:
		return l->name;
	case STOCK_COL_SUPPLIER:
		return l->supplier;
	case STOCK_COL_DEPLETION:
		return l->depletion_date;
	case STOCK_COL_URGENCY:
		return l->urgency;
	case STOCK_COL_REORDER_DATE:
		return l->reorder_date;
	case STOCK_COL_PROBLEMS:
		return l->problems;
	default:
		*is_text = 0;
		return NULL;
	}
}

static void write_line(lxw_worksheet *ws, lxw_row_t row, const struct stock_sheet_line *l,
                       const int *cols, int ncols, const struct xlsx_sheet_formats *f)
{
	for (int i = 0; i < ncols; i++) {
		int c = cols[i], is_text;
		const char *s = text_of(l, c, &is_text);
		if (is_text) {
			if (s && *s)
				xlsx_write_text(ws, row, (lxw_col_t)i, s, NULL);
		} else if (l->num[c] != STOCK_SHEET_NONE) {
			worksheet_write_number(ws, row, (lxw_col_t)i, (double)l->num[c],
			                       stock_sheet_col_is_money(c) ? f->money : f->num);
		}
	}
}

static void write_sheet(lxw_workbook *wb, lxw_worksheet *ws, const struct stock_sheet_meta *m,
                        const struct stock_sheet_line *lines, size_t n)
{
	struct xlsx_sheet_formats f;
	xlsx_sheet_formats_add(wb, &f);
	int cols[STOCK_SHEET_NCOLS];
	int ncols = stock_sheet_columns(m->show_cost, cols);
	for (int i = 0; i < ncols; i++)
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[cols[i]], NULL);
	char title[64];
	snprintf(title, sizeof title, "재고 현황 (%s 기준)", m->date ? m->date : "");
	xlsx_write_text(ws, 0, 0, title, f.title);
	worksheet_set_row(ws, 0, 26, NULL);
	char count[64];
	snprintf(count, sizeof count, "상품 %zu개", n);
	/* Which filters made the list, so that a file passed on says what it holds. */
	xlsx_write_text(ws, 1, 0,
	                m->filters && *m->filters ? m->filters : "필터 없음 (판매 중인 모든 상품)",
	                NULL);
	xlsx_write_text(ws, 1, (lxw_col_t)(ncols - 1), count, NULL);
	lxw_row_t row = 3;
	for (int i = 0; i < ncols; i++)
		xlsx_write_text(ws, row, (lxw_col_t)i, stock_sheet_headers[cols[i]], f.head);
	worksheet_freeze_panes(ws, row + 1, 2);
	worksheet_autofilter(ws, row, 0, row + (lxw_row_t)n, (lxw_col_t)(ncols - 1));
	row++;
	for (size_t i = 0; i < n; i++, row++)
		write_line(ws, row, &lines[i], cols, ncols, &f);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
}

int stock_sheet_write(const struct stock_sheet_meta *meta, const struct stock_sheet_line *lines,
                      size_t n, unsigned char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (!meta || (n && !lines))
		return STOCK_SHEET_EINVAL;
	struct xlsx_mem m;
	if (xlsx_mem_open(&m, "jaego-stock") != XLSX_MEM_OK)
		return STOCK_SHEET_EIO;
	lxw_worksheet *ws = workbook_add_worksheet(m.wb, STOCK_SHEET_NAME);
	if (ws)
		write_sheet(m.wb, ws, meta, lines, n);
	int rc = xlsx_mem_close(&m, ws != NULL, out, len);
	return rc == XLSX_MEM_OK && ws ? STOCK_SHEET_OK : STOCK_SHEET_EIO;
}
