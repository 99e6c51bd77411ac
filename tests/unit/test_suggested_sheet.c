/* test_suggested_sheet.c — the 추천 발주 workbook read back with the application's own reader
 * (title, Korean headers, one row per product, an empty order multiple left blank, a product
 * without a supplier named so, the totals), and the product table's planning columns
 * (안전재고 계산 방식 in the screen's words, 월 수요, 발주 단위, 서비스 수준 as a percent or a
 * percent cell) read into the product API's fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "csv_read.h"
#include "product_sheet.h"
#include "sheet.h"
#include "suggested_sheet.h"
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

static void the_sheet_reads_back_with_headers_rows_and_totals(void **state)
{
	(void)state;
	struct suggested_sheet_line lines[] = {
	        {.supplier = "한빛상사",
	         .sku = "KC-001",
	         .name = "스텐 냄비",
	         .qty = 2200,
	         .moq = 1,
	         .order_multiple = 0,
	         .lead_time_days = 15,
	         .reorder_date = "2025-01-13",
	         .expected_arrival = "2025-02-12",
	         .unit_cost = 12000,
	         .amount = 26400000,
	         .why = "30일 예측 3,000개, 리드타임 15일, 안전재고 1,500개, 현재 800개 → 2,200개"},
	        {.supplier = "",
	         .sku = "Z-1",
	         .name = "도마\x01",
	         .qty = 300,
	         .moq = 100,
	         .order_multiple = 50,
	         .lead_time_days = 3,
	         .unit_cost = 800,
	         .amount = 240000,
	         .why = "월 수요 300개 → 300개"},
	};
	unsigned char *buf = NULL;
	size_t len = 0;
	assert_int_equal(suggested_sheet_write("2025-01-28", lines, 2, &buf, &len),
	                 SUGGESTED_SHEET_OK);
	sheet_table *t = NULL;
	assert_int_equal(xlsx_read(buf, len, SUGGESTED_SHEET_NAME, &t), SHEET_OK);
	free(buf);
	assert_string_equal(t->data_sheet, "추천 발주");
	assert_string_equal(cell(t, 1, 0), "추천 발주 (2025-01-28 기준)");
	for (int c = 0; c < SUGGESTED_SHEET_NCOLS; c++)
		assert_string_equal(cell(t, 3, c), suggested_sheet_headers[c]);
	assert_string_equal(suggested_sheet_headers[3], "추천 수량");
	assert_string_equal(suggested_sheet_headers[11], "추천 이유");
	assert_string_equal(cell(t, 4, 0), "한빛상사");
	assert_string_equal(cell(t, 4, 1), "KC-001");
	assert_string_equal(cell(t, 4, 3), "2200");
	assert_string_equal(cell(t, 4, 5), ""); /* any quantity: no multiple */
	assert_string_equal(cell(t, 4, 6), "15");
	assert_string_equal(cell(t, 4, 7), "2025-01-13");
	assert_string_equal(cell(t, 4, 8), "2025-02-12");
	assert_string_equal(cell(t, 4, 10), "26400000");
	assert_string_equal(cell(t, 4, 11), lines[0].why);
	assert_string_equal(cell(t, 5, 0), "(공급처 없음)");
	assert_string_equal(cell(t, 5, 5), "50");
	assert_int_equal(strncmp(cell(t, 5, 2), "도마", strlen("도마")), 0);
	assert_string_equal(cell(t, 6, 0), "합계");
	assert_string_equal(cell(t, 6, 3), "2500");
	assert_string_equal(cell(t, 6, 10), "26640000");
	sheet_free(t);
	assert_int_equal(suggested_sheet_write("2025-01-28", NULL, 1, &buf, &len),
	                 SUGGESTED_SHEET_EINVAL);
}

static void an_empty_sheet_has_headers_and_a_zero_total(void **state)
{
	(void)state;
	unsigned char *buf = NULL;
	size_t len = 0;
	assert_int_equal(suggested_sheet_write("2025-01-28", NULL, 0, &buf, &len),
	                 SUGGESTED_SHEET_OK);
	sheet_table *t = NULL;
	assert_int_equal(xlsx_read(buf, len, SUGGESTED_SHEET_NAME, &t), SHEET_OK);
	free(buf);
	assert_string_equal(cell(t, 3, 0), "공급처");
	assert_string_equal(cell(t, 4, 0), "합계");
	assert_string_equal(cell(t, 4, 3), "0");
	sheet_free(t);
}

static void the_product_table_reads_the_planning_columns(void **state)
{
	(void)state;
	const char csv[] = "마스터 SKU,상품명,안전재고 계산 방식,월 수요,발주 단위,서비스 수준(%)\n"
	                   "A-1,냄비,예측 × 리드타임,\"1,500\",24,97.5%\n"
	                   "A-2,팬,서비스 수준,,,0.95\n"
	                   "A-3,도마,직접 입력,,,\n"
	                   "A-4,국자,몰라요,열,,아주 높게\n";
	sheet_table *t = NULL;
	assert_int_equal(csv_read(csv, sizeof csv - 1, &t), SHEET_OK);
	arena *a = arena_new();
	const char *cols[SHEET_MAX_COLS];
	int best;
	int h = product_sheet_header(a, t, cols, &best);
	assert_int_equal(h, 0);
	json_t *problems = json_array();
	json_t *r1 = product_sheet_row(&t->rows[1], &t->rows[0], cols, problems);
	assert_string_equal(json_string_value(json_object_get(r1, "safety_stock_rule")),
	                    "forecast_lead_time");
	assert_int_equal(json_integer_value(json_object_get(r1, "monthly_demand")), 1500);
	assert_int_equal(json_integer_value(json_object_get(r1, "order_multiple")), 24);
	assert_true(json_real_value(json_object_get(r1, "service_level")) == 97.5);
	json_t *r2 = product_sheet_row(&t->rows[2], &t->rows[0], cols, problems);
	assert_string_equal(json_string_value(json_object_get(r2, "safety_stock_rule")),
	                    "service_level");
	assert_true(json_real_value(json_object_get(r2, "service_level")) == 95.0);
	assert_null(json_object_get(r2, "monthly_demand")); /* an empty cell is left out */
	json_t *r3 = product_sheet_row(&t->rows[3], &t->rows[0], cols, problems);
	assert_string_equal(json_string_value(json_object_get(r3, "safety_stock_rule")), "manual");
	/* words that say nothing known stay text, for the product API to refuse with its message */
	json_t *r4 = product_sheet_row(&t->rows[4], &t->rows[0], cols, problems);
	assert_string_equal(json_string_value(json_object_get(r4, "safety_stock_rule")), "몰라요");
	assert_true(json_is_string(json_object_get(r4, "monthly_demand")));
	assert_true(json_is_string(json_object_get(r4, "service_level")));
	json_decref(r1);
	json_decref(r2);
	json_decref(r3);
	json_decref(r4);
	json_decref(problems);
	arena_free(a);
	sheet_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(the_sheet_reads_back_with_headers_rows_and_totals),
	        cmocka_unit_test(an_empty_sheet_has_headers_and_a_zero_total),
	        cmocka_unit_test(the_product_table_reads_the_planning_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
