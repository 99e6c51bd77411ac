/* test_spreadsheet.c — the one entry point imports open uploads with (each kind of file to
 * its reader or its refusal), and the words they share: cells without a usable value,
 * full-width numbers, and the missing_column message naming the sheet and the headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "csv_read.h"
#include "sheet_fixtures.h"
#include "spreadsheet.h"

static int open_rc(const void *data, size_t len, const char *name)
{
	sheet_table *t = (sheet_table *)1;
	int rc = spreadsheet_open(data, len, name, NULL, &t);
	if (rc == SHEET_OK) {
		assert_non_null(t);
		sheet_free(t);
	} else {
		assert_null(t);
	}
	return rc;
}

static void each_kind_of_file_goes_to_its_reader_or_refusal(void **state)
{
	(void)state;
	assert_int_equal(open_rc("", 0, "a.csv"), SHEET_EEMPTY);
	assert_int_equal(open_rc(NULL, 0, NULL), SHEET_EEMPTY);
	unsigned char ole[600] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	/* Named .csv or not named at all, the bytes decide. */
	assert_int_equal(open_rc(ole, sizeof ole, "old.xls"), SHEET_EXLS);
	assert_int_equal(open_rc(ole, sizeof ole, "renamed.csv"), SHEET_EXLS);
	memcpy(ole + 300, "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0", 28);
	assert_int_equal(open_rc(ole, sizeof ole, "secret.xlsx"), SHEET_EENCRYPTED);
	assert_int_equal(open_rc(ole, sizeof ole, NULL), SHEET_EENCRYPTED);
	/* Named like a workbook but text: refused, not read as CSV. */
	assert_int_equal(open_rc("a,b\n1,2\n", 8, "a.XLSX"), SHEET_ENOTSHEET);
	assert_int_equal(open_rc("a,b\n1,2\n", 8, "a.xls"), SHEET_ENOTSHEET);
	assert_int_equal(open_rc("a,b\n1,2\n", 8, "a.csv"), SHEET_OK);
	assert_int_equal(open_rc("a,b\n1,2\n", 8, NULL), SHEET_OK);
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0};
	assert_int_equal(open_rc(png, sizeof png, "photo.png"), SHEET_ENOTSHEET);
	size_t len;
	unsigned char *b = fx_xlsx("<worksheet " FX_NS "><sheetData><row><c><v>1</v></c></row>"
	                           "</sheetData></worksheet>",
	                           NULL, NULL, &len);
	sheet_table *t = NULL;
	assert_int_equal(spreadsheet_open(b, len, "이름이 csv.csv", "Sheet1", &t), SHEET_OK);
	assert_string_equal(t->format, "xlsx");
	sheet_free(t);
	free(b);
}

static void full_width_numbers_fold_to_ascii(void **state)
{
	(void)state;
	char out[64];
	spreadsheet_number_text("１２", out, sizeof out);
	assert_string_equal(out, "12");
	spreadsheet_number_text("－１，２００．５", out, sizeof out);
	assert_string_equal(out, "-1,200.5");
	spreadsheet_number_text("\xE2\x88\x92"
	                        "3",
	                        out, sizeof out); /* U+2212 minus sign */
	assert_string_equal(out, "-3");
	spreadsheet_number_text("＋７\xE3\x80\x80", out, sizeof out);
	assert_string_equal(out, "+7 ");
	/* Anything else is left alone: the caller still refuses it. */
	spreadsheet_number_text("다섯 개", out, sizeof out);
	assert_string_equal(out, "다섯 개");
	spreadsheet_number_text("①", out, sizeof out);
	assert_string_equal(out, "①");
	/* Cut to the buffer, never inside a character. */
	char small[4];
	spreadsheet_number_text("１가나", small, sizeof small);
	assert_string_equal(small, "1");
	spreadsheet_number_text(NULL, small, sizeof small);
	assert_string_equal(small, "");
}

static void cells_without_a_usable_value_are_named(void **state)
{
	(void)state;
	char msg[512];
	sheet_cell f = {5, SHEET_CELL_FORMULA, "", 1};
	assert_string_equal(spreadsheet_cell_problem(&f, 12, msg, sizeof msg),
	                    "formula_without_value");
	assert_non_null(strstr(msg, "F12 셀"));
	assert_non_null(strstr(msg, "엑셀에서 파일을 열어 저장한 뒤 다시 올려 주세요"));
	sheet_cell e = {27, SHEET_CELL_ERROR, "#DIV/0!", 1};
	assert_string_equal(spreadsheet_cell_problem(&e, 3, msg, sizeof msg), "formula_error");
	assert_non_null(strstr(msg, "AB3 셀"));
	assert_non_null(strstr(msg, "#DIV/0!"));
	sheet_cell n = {0, SHEET_CELL_NUMBER, "12", 1};
	assert_null(spreadsheet_cell_problem(&n, 2, msg, sizeof msg));
	assert_string_equal(msg, "");
	assert_null(spreadsheet_cell_problem(NULL, 2, msg, sizeof msg));
	/* A short buffer still ends on a whole character. */
	char tiny[40];
	spreadsheet_cell_problem(&f, 12, tiny, sizeof tiny);
	assert_true(csv_is_utf8((const unsigned char *)tiny, strlen(tiny)));
}

static const char *const NEED[] = {"마스터 SKU", "입고 수량", "출고 수량"};

static void missing_column_names_the_sheet_and_headers(void **state)
{
	(void)state;
	sheet_table *t = NULL;
	const char *csv = "1월 입출고\n품번,들어온 것,나간 것\nA-001,1,2\n";
	assert_int_equal(csv_read(csv, strlen(csv), &t), SHEET_OK);
	char msg[1536];
	const char *missing[] = {"마스터 SKU", "입고 수량", "출고 수량"};
	json_t *d = spreadsheet_missing_columns(t, NULL, missing, 3, NEED, 3, msg, sizeof msg);
	assert_non_null(d);
	/* No header row was recognised: the widest of the first rows stands for it. */
	assert_non_null(
	        strstr(msg, "CSV 파일에서 찾은 머리글(2행): '품번', '들어온 것', '나간 것'"));
	assert_non_null(strstr(msg, "'마스터 SKU', '입고 수량', '출고 수량' 열을 찾을 수"));
	assert_true(json_is_null(json_object_get(d, "sheet")));
	assert_int_equal(json_integer_value(json_object_get(d, "header_row")), 2);
	assert_int_equal(json_array_size(json_object_get(d, "headers")), 3);
	assert_string_equal(json_string_value(json_array_get(json_object_get(d, "headers"), 1)),
	                    "들어온 것");
	assert_int_equal(json_array_size(json_object_get(d, "missing")), 3);
	json_decref(d);
	/* The given header row is shown even when another row is wider. */
	d = spreadsheet_missing_columns(t, &t->rows[0], missing, 1, NEED, 3, msg, sizeof msg);
	assert_non_null(strstr(msg, "(1행): '1월 입출고'."));
	json_decref(d);
	sheet_free(t);
}

static void fill_wide_header(lxw_workbook *wb, void *ud)
{
	(void)ud;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "3월 재고");
	for (int c = 0; c < 30; c++) {
		char h[128];
		snprintf(h, sizeof h,
		         c == 0 ? "아주아주아주아주 긴 머리글 이름입니다 정말로요" : "열%d", c + 1);
		worksheet_write_string(ws, 0, (lxw_col_t)c, h, NULL);
	}
}

static void many_or_long_headers_are_shortened(void **state)
{
	(void)state;
	size_t len;
	unsigned char *b = fx_xlsxwriter(fill_wide_header, NULL, &len);
	sheet_table *t = NULL;
	int orc = spreadsheet_open(b, len, "a.xlsx", "입출고", &t);
	if (orc != SHEET_OK)
		fail_msg("open: %s", sheet_err_code(orc));
	char msg[1536];
	const char *missing[] = {"마스터 SKU"};
	json_t *d = spreadsheet_missing_columns(t, NULL, missing, 1, NEED, 3, msg, sizeof msg);
	assert_non_null(strstr(msg, "시트 '3월 재고'에서 찾은 머리글(1행): "
	                            "'아주아주아주아주 긴 머리글 이름입니다…', '열2'"));
	assert_non_null(strstr(msg, "'열8' 외 22개."));
	assert_null(strstr(msg, "'열9'"));
	assert_string_equal(json_string_value(json_object_get(d, "sheet")), "3월 재고");
	assert_int_equal(json_array_size(json_object_get(d, "headers")), 30);
	assert_string_equal(json_string_value(json_array_get(json_object_get(d, "headers"), 0)),
	                    "아주아주아주아주 긴 머리글 이름입니다 정말로요");
	json_decref(d);
	sheet_free(t);
	free(b);
	/* A sheet without any text. */
	b = fx_xlsx("<worksheet " FX_NS "><sheetData/></worksheet>", NULL, NULL, &len);
	assert_int_equal(spreadsheet_open(b, len, "a.xlsx", NULL, &t), SHEET_OK);
	d = spreadsheet_missing_columns(t, NULL, missing, 1, NEED, 3, msg, sizeof msg);
	assert_non_null(strstr(msg, "시트 'Sheet1'의 첫 10행에 머리글로 읽을 글자가 없습니다"));
	assert_int_equal(json_integer_value(json_object_get(d, "header_row")), 0);
	json_decref(d);
	sheet_free(t);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(each_kind_of_file_goes_to_its_reader_or_refusal),
	        cmocka_unit_test(full_width_numbers_fold_to_ascii),
	        cmocka_unit_test(cells_without_a_usable_value_are_named),
	        cmocka_unit_test(missing_column_names_the_sheet_and_headers),
	        cmocka_unit_test(many_or_long_headers_are_shortened),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
