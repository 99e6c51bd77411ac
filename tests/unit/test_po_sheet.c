/* test_po_sheet.c — the .xlsx 발주서: read back with the application's own reader, it has the
 * label rows, the Korean table headers, one row per line and the totals; text XML cannot carry
 * is dropped instead of making the workbook unreadable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "po_sheet.h"
#include "sheet.h"
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

/* The 1-based row whose first cell is text, or 0. */
static int row_of(const sheet_table *t, const char *text)
{
	for (int i = 0; i < t->nrows; i++) {
		const sheet_cell *c = sheet_cell_at(&t->rows[i], 0);
		if (c && strcmp(c->text, text) == 0)
			return t->rows[i].row;
	}
	return 0;
}

static void the_sheet_reads_back_with_headers_lines_and_totals(void **state)
{
	(void)state;
	struct po_sheet_line lines[] = {
	        {.sku = "KC-001",
	         .name = "스텐 냄비",
	         .qty = 100,
	         .unit_cost = 12000,
	         .amount = 1200000,
	         .expected_date = "2025-05-02"},
	        {.sku = "KC-002",
	         .name = "버터쿠키",
	         .qty = 50,
	         .unit_cost = 2500,
	         .amount = 125000,
	         .expected_date = "2025-03-20"},
	};
	struct po_sheet s = {.id = 12,
	                     .buyer = "김민지 상점",
	                     .supplier = "NPK",
	                     .order_date = "2025-01-02",
	                     .expected_date = "2025-05-02",
	                     .status_label = "발주 완료",
	                     .memo = "포장\x01 단단히\n부탁합니다",
	                     .lines = lines,
	                     .nlines = 2};
	unsigned char *buf = NULL;
	size_t len = 0;
	assert_int_equal(po_sheet_write(&s, &buf, &len), PO_SHEET_OK);
	assert_true(len > 100);
	assert_memory_equal(buf, "PK", 2);
	sheet_table *t = NULL;
	assert_int_equal(xlsx_read(buf, len, PO_SHEET_NAME, &t), SHEET_OK);
	free(buf);
	assert_string_equal(t->data_sheet, "발주서");
	assert_string_equal(cell(t, 1, 0), "발주서 #12");
	const char *labels[][2] = {{"발주처", "김민지 상점"}, {"공급처", "NPK"},
	                           {"발주일", "2025-01-02"},  {"입고 예정일", "2025-05-02"},
	                           {"상태", "발주 완료"},     {"메모", "포장 단단히\n부탁합니다"}};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		int r = row_of(t, labels[i][0]);
		assert_true(r > 0);
		assert_string_equal(cell(t, r, 1), labels[i][1]);
	}
	int h = row_of(t, "마스터 SKU");
	assert_true(h > row_of(t, "메모"));
	for (int c = 0; c < PO_SHEET_NCOLS; c++)
		assert_string_equal(cell(t, h, c), po_sheet_headers[c]);
	assert_string_equal(po_sheet_headers[1], "상품명");
	assert_string_equal(po_sheet_headers[3], "매입 단가");
	assert_string_equal(cell(t, h + 1, 0), "KC-001");
	assert_string_equal(cell(t, h + 1, 1), "스텐 냄비");
	assert_string_equal(cell(t, h + 1, 2), "100");
	assert_string_equal(cell(t, h + 1, 3), "12000");
	assert_string_equal(cell(t, h + 1, 4), "1200000");
	assert_string_equal(cell(t, h + 2, 5), "2025-03-20");
	assert_string_equal(cell(t, h + 3, 0), "합계");
	assert_string_equal(cell(t, h + 3, 2), "150");
	assert_string_equal(cell(t, h + 3, 4), "1325000");
	sheet_free(t);
}

static void a_draft_says_it_was_not_sent(void **state)
{
	(void)state;
	struct po_sheet s = {.id = 3, .supplier = "한빛상사", .status_label = "작성 중"};
	unsigned char *buf = NULL;
	size_t len = 0;
	assert_int_equal(po_sheet_write(&s, &buf, &len), PO_SHEET_OK);
	sheet_table *t = NULL;
	assert_int_equal(xlsx_read(buf, len, PO_SHEET_NAME, &t), SHEET_OK);
	free(buf);
	assert_string_equal(cell(t, row_of(t, "발주일"), 1), "발주 전");
	assert_string_equal(cell(t, row_of(t, "합계"), 2), "0");
	sheet_free(t);
	assert_int_equal(po_sheet_write(NULL, &buf, &len), PO_SHEET_EINVAL);
}

static void text_keeps_only_what_xml_carries(void **state)
{
	(void)state;
	struct {
		const char *in, *out;
	} cases[] = {
	        {"버터쿠키", "버터쿠키"},
	        {"a\tb\nc\rd", "a\tb\nc\rd"},           /* the three allowed controls */
	        {"a\x01\x08\x0b\x1f b", "a b"},         /* the others are dropped */
	        {"x\xef\xbf\xbey\xef\xbf\xbfz", "xyz"}, /* U+FFFE, U+FFFF */
	        {"\xef\xbf\xbd ok", "\xef\xbf\xbd ok"}, /* U+FFFD is a character */
	        {"=SUM(A1)", "=SUM(A1)"},               /* a string cell, never a formula */
	        {"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = po_sheet_text(cases[i].in);
		assert_string_equal(t, cases[i].out);
		free(t);
	}
	char *t = po_sheet_text(NULL);
	assert_string_equal(t, "");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(the_sheet_reads_back_with_headers_lines_and_totals),
	        cmocka_unit_test(a_draft_says_it_was_not_sent),
	        cmocka_unit_test(text_keeps_only_what_xml_carries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
