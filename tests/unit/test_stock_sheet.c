/* test_stock_sheet.c — the 재고 현황 workbook read back with the application's own reader:
 * the title and filter rows, the Korean headers in the board's order, the two columns at
 * 매입 단가 written for a reader who sees costs and left out (not blanked) for the others,
 * numbers as numbers, a figure without a value as an empty cell with the reason in the
 * last column, and an empty list still carrying its headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sheet.h"
#include "stock_sheet.h"
#include "xlsx_read.h"

static const char *cell(const sheet_table *t, int row, int col)
{
	for (int i = 0; i < t->nrows; i++)
		if (t->rows[i].row == row) {
			const sheet_cell *c = sheet_cell_at(&t->rows[i], col);
			return c ? c->text : "";
		}
	return "";
}

static struct stock_sheet_line line(const char *sku, const char *name)
{
	struct stock_sheet_line l = {.sku = sku, .name = name};
	for (int c = 0; c < STOCK_SHEET_NCOLS; c++)
		l.num[c] = STOCK_SHEET_NONE;
	return l;
}

static sheet_table *write_and_read(const struct stock_sheet_meta *m,
                                   const struct stock_sheet_line *ls, size_t n)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	assert_int_equal(stock_sheet_write(m, ls, n, &buf, &len), STOCK_SHEET_OK);
	sheet_table *t = NULL;
	assert_int_equal(xlsx_read(buf, len, STOCK_SHEET_NAME, &t), SHEET_OK);
	free(buf);
	return t;
}

static void columns_leave_out_money_for_readers_without_costs(void **state)
{
	(void)state;
	int all[STOCK_SHEET_NCOLS], some[STOCK_SHEET_NCOLS];
	assert_int_equal(stock_sheet_columns(1, all), STOCK_SHEET_NCOLS);
	assert_int_equal(stock_sheet_columns(0, some), STOCK_SHEET_NCOLS - 2);
	for (int i = 0; i < STOCK_SHEET_NCOLS - 2; i++)
		assert_false(stock_sheet_col_is_money(some[i]));
	assert_true(stock_sheet_col_is_money(STOCK_COL_OVERSTOCK_VALUE));
	assert_true(stock_sheet_col_is_money(STOCK_COL_EXPIRY_RISK_VALUE));
	assert_false(stock_sheet_col_is_money(STOCK_COL_OVERSTOCK));
	/* Order kept: 과잉 재고 is followed by 소비기한 임박 once its value is left out. */
	assert_int_equal(some[STOCK_COL_OVERSTOCK + 1], STOCK_COL_EXPIRY_NEAR);
}

static void a_manager_sheet_has_every_column_and_the_figures(void **state)
{
	(void)state;
	struct stock_sheet_line ls[2] = {line("KC-001", "스텐 냄비"),
	                                 line("NOLEAD", "리드타임 모름")};
	ls[0].supplier = "한빛상사";
	ls[0].num[STOCK_COL_ON_HAND] = 800;
	ls[0].num[STOCK_COL_F30] = 3000;
	ls[0].num[STOCK_COL_COVER] = 8;
	ls[0].num[STOCK_COL_LEAD] = 15;
	ls[0].num[STOCK_COL_SUGGESTED] = 2200;
	ls[0].num[STOCK_COL_OVERSTOCK] = 0;
	ls[0].num[STOCK_COL_OVERSTOCK_VALUE] = 0;
	ls[0].num[STOCK_COL_EXPIRY_RISK_VALUE] = 15000;
	ls[0].depletion_date = "2025-02-04";
	ls[0].urgency = "발주 늦음";
	ls[0].reorder_date = "2025-01-13";
	ls[1].num[STOCK_COL_ON_HAND] = 100;
	ls[1].problems = "리드타임이 없어 계산할 수 없습니다.";
	struct stock_sheet_meta m = {.date = "2025-01-28", .filters = "검색: 냄비", .show_cost = 1};
	sheet_table *t = write_and_read(&m, ls, 2);
	assert_string_equal(cell(t, 1, 0), "재고 현황 (2025-01-28 기준)");
	assert_string_equal(cell(t, 2, 0), "검색: 냄비");
	assert_string_equal(cell(t, 2, STOCK_SHEET_NCOLS - 1), "상품 2개");
	for (int c = 0; c < STOCK_SHEET_NCOLS; c++)
		assert_string_equal(cell(t, 4, c), stock_sheet_headers[c]);
	assert_string_equal(cell(t, 4, STOCK_COL_COVER), "재고 일수");
	assert_string_equal(cell(t, 5, STOCK_COL_SKU), "KC-001");
	assert_string_equal(cell(t, 5, STOCK_COL_SUPPLIER), "한빛상사");
	assert_string_equal(cell(t, 5, STOCK_COL_ON_HAND), "800");
	assert_string_equal(cell(t, 5, STOCK_COL_F30), "3000");
	assert_string_equal(cell(t, 5, STOCK_COL_F60), ""); /* no value: an empty cell */
	assert_string_equal(cell(t, 5, STOCK_COL_COVER), "8");
	assert_string_equal(cell(t, 5, STOCK_COL_DEPLETION), "2025-02-04");
	assert_string_equal(cell(t, 5, STOCK_COL_URGENCY), "발주 늦음");
	assert_string_equal(cell(t, 5, STOCK_COL_REORDER_DATE), "2025-01-13");
	assert_string_equal(cell(t, 5, STOCK_COL_SUGGESTED), "2200");
	assert_string_equal(cell(t, 5, STOCK_COL_OVERSTOCK), "0"); /* zero is a figure */
	assert_string_equal(cell(t, 5, STOCK_COL_EXPIRY_RISK_VALUE), "15000");
	assert_string_equal(cell(t, 6, STOCK_COL_LEAD), "");
	assert_string_equal(cell(t, 6, STOCK_COL_PROBLEMS), "리드타임이 없어 계산할 수 없습니다.");
	sheet_free(t);
}

static void a_sheet_without_costs_leaves_the_money_columns_out(void **state)
{
	(void)state;
	struct stock_sheet_line l = line("OVER-1", "도마");
	l.num[STOCK_COL_OVERSTOCK] = 4900;
	l.num[STOCK_COL_OVERSTOCK_VALUE] = 4900000;
	l.num[STOCK_COL_EXPIRY_NEAR] = 7;
	struct stock_sheet_meta m = {.date = "2025-01-28", .show_cost = 0};
	sheet_table *t = write_and_read(&m, &l, 1);
	assert_string_equal(cell(t, 2, 0), "필터 없음 (판매 중인 모든 상품)");
	int cols[STOCK_SHEET_NCOLS];
	int n = stock_sheet_columns(0, cols);
	for (int i = 0; i < n; i++) {
		assert_string_equal(cell(t, 4, i), stock_sheet_headers[cols[i]]);
		assert_string_not_equal(cell(t, 5, i), "4900000");
	}
	assert_string_equal(cell(t, 4, n), "");
	assert_string_equal(cell(t, 5, STOCK_COL_OVERSTOCK), "4900");
	assert_string_equal(cell(t, 5, STOCK_COL_OVERSTOCK + 1),
	                    "7"); /* 소비기한 임박 moved left */
	sheet_free(t);
}

static void an_empty_list_keeps_its_headers(void **state)
{
	(void)state;
	struct stock_sheet_meta m = {.date = "2025-01-28", .show_cost = 1};
	sheet_table *t = write_and_read(&m, NULL, 0);
	assert_string_equal(cell(t, 4, 0), "마스터 SKU");
	assert_string_equal(cell(t, 2, STOCK_SHEET_NCOLS - 1), "상품 0개");
	sheet_free(t);
	unsigned char *buf = NULL;
	size_t len = 0;
	assert_int_equal(stock_sheet_write(NULL, NULL, 0, &buf, &len), STOCK_SHEET_EINVAL);
	assert_int_equal(stock_sheet_write(&m, NULL, 1, &buf, &len), STOCK_SHEET_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(columns_leave_out_money_for_readers_without_costs),
	        cmocka_unit_test(a_manager_sheet_has_every_column_and_the_figures),
	        cmocka_unit_test(a_sheet_without_costs_leaves_the_money_columns_out),
	        cmocka_unit_test(an_empty_list_keeps_its_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
