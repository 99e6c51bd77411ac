/* test_import.c — the upload validator: every bad input the issue lists gets a clear Korean
 * problem and nothing applicable, and good files give exactly the expected stock changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <iconv.h>
#include <utf8proc.h>

#include "import.h"
#include "ledger.h"
#include "sheet_fixtures.h"
#include "template.h"

/* --------------------------------------------------------------- the catalogue */
static const import_component set1[] = {{"A-001", 2}, {"A-002", 1}};
static const import_component set_dated[] = {{"F-001", 2}};

static int lookup(void *ud, const char *sku, import_product *out)
{
	(void)ud;
	if (strcmp(sku, "A-001") == 0)
		*out = (import_product){1, 0, 10, "사과", NULL, 0};
	else if (strcmp(sku, "A-002") == 0)
		*out = (import_product){1, 0, 5, "배", NULL, 0};
	else if (strcmp(sku, "B-001") == 0)
		*out = (import_product){0, 0, 3, "단종품", NULL, 0};
	else if (strcmp(sku, "SET-1") == 0)
		*out = (import_product){1, 1, 0, "과일세트", set1, 2};
	else if (strcmp(sku, "F-001") == 0) /* managed by expiry date */
		*out = (import_product){1, 0, 0, "두유", NULL, 0, 1};
	else if (strcmp(sku, "SET-F") == 0)
		*out = (import_product){1, 1, 0, "두유 세트", set_dated, 1, 1};
	else if (strcmp(sku, "사과-1") == 0)
		*out = (import_product){1, 0, 1, "사과 낱개", NULL, 0};
	else if (strncmp(sku, "P", 1) == 0)
		*out = (import_product){1, 0, 1000000, "대량", NULL, 0};
	else
		return 0;
	return 1;
}

static const import_ctx CTX = {7, "tok7", "2026-11-29", lookup, NULL, 0};

static import_result *parse(const void *data, size_t len, const char *name)
{
	import_result *r = NULL;
	assert_int_equal(import_parse(data, len, name, &CTX, &r), IMPORT_OK);
	assert_non_null(r);
	return r;
}

static import_result *parse_csv(const char *text)
{
	return parse(text, strlen(text), "a.csv");
}

/* The first problem with this code, or NULL. */
static const import_problem *find(const import_result *r, const char *code)
{
	for (int i = 0; i < r->nproblems; i++)
		if (strcmp(r->problems[i].code, code) == 0)
			return &r->problems[i];
	return NULL;
}

static const import_diff *diff_of(const import_result *r, const char *sku)
{
	for (int i = 0; i < r->ndiff; i++)
		if (strcmp(r->diff[i].sku, sku) == 0)
			return &r->diff[i];
	return NULL;
}

/* A file-level error: one error problem with row 0 and nothing to apply. */
static void expect_file_error(const void *data, size_t len, const char *name, const char *code)
{
	import_result *r = parse(data, len, name);
	const import_problem *p = find(r, code);
	if (!p)
		fail_msg("expected %s, first problem %s", code,
		         r->nproblems ? r->problems[0].code : "-");
	assert_int_equal(p->row, 0);
	assert_int_equal(p->severity, IMPORT_ERROR);
	assert_true(strlen(p->message) > 20);
	assert_false(import_can_apply(r));
	assert_int_equal(r->nitems, 0);
	import_free(r);
}

/* ------------------------------------------------------------------ bad files */
static void empty_file_is_refused(void **state)
{
	(void)state;
	expect_file_error("", 0, "a.xlsx", "empty_file");
	expect_file_error("", 0, "a.csv", "empty_file");
}

static void not_a_spreadsheet_is_refused(void **state)
{
	(void)state;
	static const unsigned char png[] = {0x89, 'P',  'N', 'G', '\r', '\n',
	                                    0x1a, '\n', 0,   0,   0,    13};
	expect_file_error(png, sizeof png, "photo.png", "not_spreadsheet");
	expect_file_error("hello", 5, "a.xlsx", "not_spreadsheet");
	/* A zip without a workbook, like a .docx. */
	const char *names[] = {"word/document.xml"}, *datas[] = {"<w/>"};
	size_t len;
	unsigned char *z = fx_zip(1, names, datas, NULL, &len);
	expect_file_error(z, len, "a.xlsx", "not_spreadsheet");
	free(z);
}

static void old_xls_gets_its_own_message(void **state)
{
	(void)state;
	unsigned char xls[512] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	import_result *r = parse(xls, sizeof xls, "재고.xls");
	assert_string_equal(r->problems[0].code, "xls_format");
	assert_non_null(strstr(r->problems[0].message, ".xlsx"));
	import_free(r);
}

static unsigned char *small_template(size_t *len)
{
	template_product p[] = {{"A-001", "PA1", "사과", "과일", TEMPLATE_SINGLE, 10}};
	template_meta m = {7, "우리상회", "tok7", "2026-11-29T00:00:00Z", TEMPLATE_VERSION};
	unsigned char *b;
	assert_int_equal(template_write(p, 1, &m, &b, len), TEMPLATE_OK);
	return b;
}

static void truncated_zip_is_corrupt(void **state)
{
	(void)state;
	size_t len;
	unsigned char *b = small_template(&len);
	expect_file_error(b, len / 2, "a.xlsx", "corrupt_file");
	expect_file_error(b, 30, "a.xlsx", "corrupt_file");
	/* Flip bytes in the middle: CRC or inflate errors. */
	for (size_t i = len / 3; i < len / 3 + 64; i++)
		b[i] ^= 0x5A;
	import_result *r = parse(b, len, "a.xlsx");
	assert_false(import_can_apply(r));
	assert_true(r->errors > 0);
	import_free(r);
	free(b);
}

static void zip_bomb_is_bounded(void **state)
{
	(void)state;
	/* 8 MiB of spaces compress about a thousand times: over the ratio limit. */
	size_t big = 8u << 20;
	char *blob = malloc(big + 1);
	memset(blob, ' ', big);
	blob[big] = 0;
	const char *names[] = {"xl/workbook.xml", "xl/worksheets/sheet1.xml"};
	const char *datas[] = {"<workbook " FX_NS
	                       "><sheets><sheet name=\"S\" sheetId=\"1\"/></sheets>"
	                       "</workbook>",
	                       blob};
	size_t len;
	unsigned char *z = fx_zip(2, names, datas, NULL, &len);
	assert_true(len < big / 100);
	expect_file_error(z, len, "bomb.xlsx", "file_too_large");
	free(z);
	free(blob);
}

static void entity_expansion_is_refused(void **state)
{
	(void)state;
	const char *lol =
	        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	        "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
	        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
	        "<worksheet " FX_NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
	        "<is><t>&lol3;</t></is></c></row></sheetData></worksheet>";
	size_t len;
	unsigned char *z = fx_xlsx(lol, NULL, NULL, &len);
	expect_file_error(z, len, "a.xlsx", "xml_entity");
	free(z);
}

static void too_many_rows_is_refused(void **state)
{
	(void)state;
	/* 100,000 rows, as in the issue, and just over the limit. */
	int counts[] = {100000, SHEET_MAX_ROWS + 1};
	for (int k = 0; k < 2; k++) {
		size_t cap = (size_t)counts[k] * 24 + 64;
		char *csv = malloc(cap);
		size_t o = (size_t)sprintf(csv, "마스터 SKU,입고 수량\n");
		for (int i = 1; i < counts[k]; i++)
			o += (size_t)sprintf(csv + o, "P%d,1\n", i);
		expect_file_error(csv, o, "big.csv", "too_many_rows");
		free(csv);
	}
	/* The same in a workbook. */
	size_t cap = 100000u * 64 + 256;
	char *xml = malloc(cap);
	size_t o = (size_t)sprintf(xml, "<worksheet " FX_NS "><sheetData>");
	for (int i = 1; i <= 100000; i++)
		o += (size_t)sprintf(xml + o, "<row><c><v>%d</v></c></row>", i);
	strcpy(xml + o, "</sheetData></worksheet>");
	size_t len;
	unsigned char *z = fx_xlsx(xml, NULL, NULL, &len);
	expect_file_error(z, len, "big.xlsx", "too_many_rows");
	free(z);
	free(xml);
}

static void missing_column_is_named(void **state)
{
	(void)state;
	import_result *r = parse_csv("마스터 SKU,상품명\nA-001,사과\n");
	const import_problem *p = find(r, "missing_column");
	assert_non_null(p);
	assert_non_null(strstr(p->message, "입고 수량"));
	assert_false(import_can_apply(r));
	import_free(r);
	r = parse_csv("상품명,입고 수량\n사과,3\n");
	p = find(r, "missing_column");
	assert_non_null(p);
	assert_string_equal(p->column, "마스터 SKU");
	import_free(r);
}

static void missing_column_names_sheet_and_headers_found(void **state)
{
	(void)state;
	/* A workbook whose sheet is not the template's: the sheet read is named. */
	size_t len;
	unsigned char *b = fx_xlsx("<worksheet " FX_NS "><sheetData><row r=\"1\">"
	                           "<c r=\"A1\" t=\"inlineStr\"><is><t>품번</t></is></c>"
	                           "<c r=\"B1\" t=\"inlineStr\"><is><t>들어온 것</t></is></c>"
	                           "</row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>A-001"
	                           "</t></is></c><c r=\"B2\"><v>3</v></c></row></sheetData>"
	                           "</worksheet>",
	                           NULL, NULL, &len);
	import_result *r = parse(b, len, "a.xlsx");
	const import_problem *p = find(r, "missing_column");
	assert_non_null(p);
	assert_non_null(
	        strstr(p->message, "시트 'Sheet1'에서 찾은 머리글(1행): '품번', '들어온 것'"));
	assert_non_null(p->details);
	assert_string_equal(json_string_value(json_object_get(p->details, "sheet")), "Sheet1");
	assert_int_equal(json_array_size(json_object_get(p->details, "headers")), 2);
	/* The preview carries the details. */
	json_t *j = import_to_json(r);
	json_t *pj = json_array_get(json_object_get(j, "problems"), (size_t)(p - r->problems));
	assert_string_equal(json_string_value(json_object_get(pj, "code")), "missing_column");
	assert_string_equal(json_string_value(json_array_get(
	                            json_object_get(json_object_get(pj, "details"), "headers"), 1)),
	                    "들어온 것");
	json_decref(j);
	import_free(r);
	free(b);
	/* A CSV whose header row has the SKU but no quantity. */
	r = parse_csv("마스터 SKU,상품명,비고\nA-001,사과,x\n");
	p = find(r, "missing_column");
	assert_string_equal(p->column, "입고 수량");
	assert_non_null(strstr(p->message, "'입고 수량', '출고 수량' 열을 찾을 수 없습니다"));
	assert_non_null(strstr(p->message,
	                       "CSV 파일에서 찾은 머리글(1행): '마스터 SKU', '상품명', '비고'"));
	assert_true(json_is_null(json_object_get(p->details, "sheet")));
	import_free(r);
}

static void formula_without_value_is_an_error_not_an_empty_cell(void **state)
{
	(void)state;
	size_t len;
	unsigned char *b = fx_xlsx(
	        "<worksheet " FX_NS "><sheetData><row r=\"1\">"
	        "<c r=\"A1\" t=\"inlineStr\"><is><t>마스터 SKU</t></is></c>"
	        "<c r=\"B1\" t=\"inlineStr\"><is><t>입고 수량</t></is></c>"
	        "<c r=\"C1\" t=\"inlineStr\"><is><t>처리일자</t></is></c>"
	        "<c r=\"D1\" t=\"inlineStr\"><is><t>현재 재고</t></is></c></row>"
	        /* row 2: the quantity is a formula nobody calculated */
	        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>A-001</t></is></c>"
	        "<c r=\"B2\"><f>2*3</f></c></row>"
	        /* row 3: a quantity, and a date formula without a value */
	        "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>A-002</t></is></c>"
	        "<c r=\"B3\"><v>1</v></c><c r=\"C3\"><f>TODAY()</f></c></row>"
	        /* row 4: nothing to move; a formula in a date and an unused column is no matter */
	        "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>A-001</t></is></c>"
	        "<c r=\"C4\"><f>TODAY()</f></c><c r=\"D4\"><f>B4+1</f></c></row>"
	        /* row 5: fine, with a formula in the unused column */
	        "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>A-002</t></is></c>"
	        "<c r=\"B5\"><v>2</v></c><c r=\"D5\"><f>B5+1</f></c></row>"
	        "</sheetData></worksheet>",
	        NULL, NULL, &len);
	import_result *r = parse(b, len, "generated.xlsx");
	assert_null(find(r, "nothing_to_apply"));
	const import_problem *p = find(r, "formula_without_value");
	assert_non_null(p);
	assert_int_equal(p->row, 2);
	assert_string_equal(p->column, "입고 수량");
	assert_int_equal(p->severity, IMPORT_ERROR);
	assert_non_null(strstr(p->message, "B2 셀"));
	assert_non_null(strstr(p->message, "엑셀에서 파일을 열어 저장한 뒤 다시 올려 주세요"));
	p = find(r, "formula_without_value") + 1;
	assert_string_equal(p->code, "formula_without_value");
	assert_int_equal(p->row, 3);
	assert_string_equal(p->column, "처리일자");
	assert_int_equal(r->errors, 2);
	assert_int_equal(r->nitems, 1);
	assert_string_equal(r->items[0].sku, "A-002");
	assert_int_equal(r->items[0].row, 5);
	assert_false(import_can_apply(r));
	import_free(r);
	free(b);
	/* Only formulas without values: the user is told why, not "no quantities". */
	b = fx_xlsx("<worksheet " FX_NS "><sheetData><row r=\"1\">"
	            "<c r=\"A1\" t=\"inlineStr\"><is><t>마스터 SKU</t></is></c>"
	            "<c r=\"B1\" t=\"inlineStr\"><is><t>출고 수량</t></is></c></row>"
	            "<row r=\"2\"><c r=\"A2\"><f>\"A-\"&amp;\"001\"</f></c>"
	            "<c r=\"B2\"><v>1</v></c></row></sheetData></worksheet>",
	            NULL, NULL, &len);
	r = parse(b, len, "generated.xlsx");
	p = find(r, "formula_without_value");
	assert_non_null(p);
	assert_string_equal(p->column, "마스터 SKU");
	assert_null(find(r, "missing_sku"));
	assert_null(find(r, "nothing_to_apply"));
	import_free(r);
	free(b);
}

static void full_width_digits_are_numbers(void **state)
{
	(void)state;
	import_result *r = parse_csv("마스터 SKU,입고 수량,출고 수량\n"
	                             "A-001,１２,\n"           /* row 2 */
	                             "A-002,\"１，２００\",\n" /* row 3 */
	                             "P-1,,－３\n");           /* row 4: full-width minus */
	assert_int_equal(r->nitems, 2);
	assert_int_equal(r->items[0].inbound, 12);
	assert_int_equal(r->items[1].inbound, 1200);
	const import_problem *p = find(r, "negative_qty");
	assert_non_null(p);
	assert_int_equal(p->row, 4);
	assert_null(find(r, "not_a_number"));
	import_free(r);
}

static void encrypted_workbook_gets_its_own_message(void **state)
{
	(void)state;
	unsigned char enc[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	memcpy(enc + 600, "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0", 28);
	expect_file_error(enc, sizeof enc, "암호.xlsx", "encrypted_file");
}

static void renamed_headers_by_synonym_or_refused(void **state)
{
	(void)state;
	/* Synonyms, reordered and extra columns, odd spacing and a unit in brackets. */
	import_result *r = parse_csv("비고,출고량, 입고수량(개) ,기타,sku\n,1,3,x,A-001\n");
	assert_true(import_can_apply(r));
	assert_int_equal(r->nitems, 1);
	assert_int_equal(r->items[0].inbound, 3);
	assert_int_equal(r->items[0].outbound, 1);
	assert_int_equal(diff_of(r, "A-001")->result, 12);
	import_free(r);
	/* A header renamed beyond recognition. */
	r = parse_csv("마스터 SKU,들어온 개수,나간 개수\nA-001,3,1\n");
	assert_non_null(find(r, "missing_column"));
	import_free(r);
}

static void header_found_below_a_title(void **state)
{
	(void)state;
	import_result *r =
	        parse_csv("우리상회 재고 입력\n\n마스터 SKU,입고 수량,출고 수량\nA-001,2,\n");
	assert_true(import_can_apply(r));
	assert_int_equal(r->items[0].row, 4);
	import_free(r);
}

static void fill_merged(lxw_workbook *wb, void *ud)
{
	(void)ud;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "입출고");
	worksheet_write_string(ws, 0, 0, "마스터 SKU", NULL);
	worksheet_write_string(ws, 0, 5, "입고 수량", NULL);
	worksheet_write_string(ws, 0, 6, "출고 수량", NULL);
	worksheet_write_string(ws, 1, 0, "A-001", NULL);
	worksheet_merge_range(ws, 1, 5, 1, 6, "", NULL);
	worksheet_write_number(ws, 1, 5, 4, NULL);
	worksheet_write_string(ws, 2, 0, "A-002", NULL);
	worksheet_write_number(ws, 2, 5, 1, NULL);
}

static void merged_cells_are_an_error(void **state)
{
	(void)state;
	size_t len;
	unsigned char *b = fx_xlsxwriter(fill_merged, NULL, &len);
	import_result *r = parse(b, len, "m.xlsx");
	const import_problem *p = find(r, "merged_cells");
	assert_non_null(p);
	assert_int_equal(p->row, 2);
	assert_non_null(strstr(p->message, "F2:G2"));
	assert_false(import_can_apply(r));
	import_free(r);
	free(b);
}

static void fill_values(lxw_workbook *wb, void *ud)
{
	const char *org = ud;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "입출고");
	lxw_format *datef = workbook_add_format(wb);
	format_set_num_format(datef, "yyyy-mm-dd");
	const char *head[] = {"마스터 SKU", "상품명", "입고 수량", "출고 수량", "처리일자", "메모"};
	for (int c = 0; c < 6; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
	/* row 2: a formula with its cached value, and a real date */
	worksheet_write_string(ws, 1, 0, "A-001", NULL);
	worksheet_write_formula_num(ws, 1, 2, "=2*3", NULL, 6);
	lxw_datetime dt = {2026, 11, 20, 0, 0, 0};
	worksheet_write_datetime(ws, 1, 4, &dt, datef);
	worksheet_write_string(ws, 1, 5, "정기 입고", NULL);
	/* row 3: numbers stored as text, a text date */
	worksheet_write_string(ws, 2, 0, "A-002", NULL);
	worksheet_write_string(ws, 2, 3, " 2 ", NULL);
	worksheet_write_string(ws, 2, 4, "2026. 11. 21.", NULL);
	/* row 4: a hidden row with a quantity */
	worksheet_write_string(ws, 3, 0, "SET-1", NULL);
	worksheet_write_number(ws, 3, 3, 1, NULL);
	lxw_row_col_options hidden = {.hidden = 1};
	worksheet_set_row_opt(ws, 3, LXW_DEF_ROW_HEIGHT, NULL, &hidden);
	/* row 5: untouched */
	worksheet_write_string(ws, 4, 0, "A-001", NULL);
	workbook_add_worksheet(wb, "메모장"); /* an extra sheet */
	if (org)
		fx_meta_sheet(wb, org, "tok7");
}

static void formulas_dates_text_numbers_and_hidden_rows(void **state)
{
	(void)state;
	size_t len;
	unsigned char *b = fx_xlsxwriter(fill_values, "7", &len);
	import_result *r = parse(b, len, "v.xlsx");
	for (int i = 0; i < r->nproblems; i++)
		if (r->problems[i].severity == IMPORT_ERROR)
			fail_msg("%s", r->problems[i].message);
	assert_true(import_can_apply(r));
	assert_int_equal(r->nitems, 3);
	assert_int_equal(r->items[0].inbound, 6);
	assert_string_equal(r->items[0].date, "2026-11-20");
	assert_string_equal(r->items[0].memo, "정기 입고");
	assert_int_equal(r->items[1].outbound, 2);
	assert_string_equal(r->items[1].date, "2026-11-21");
	assert_string_equal(r->items[2].date, "2026-11-29"); /* empty date: today */
	assert_non_null(find(r, "hidden_row"));
	assert_non_null(find(r, "empty_rows_skipped"));
	/* Set SET-1 x1 = A-001 x2 + A-002 x1 out. */
	assert_int_equal(diff_of(r, "A-001")->inbound, 6);
	assert_int_equal(diff_of(r, "A-001")->outbound, 2);
	assert_int_equal(diff_of(r, "A-001")->result, 14);
	assert_int_equal(diff_of(r, "A-002")->outbound, 3);
	assert_int_equal(diff_of(r, "A-002")->result, 2);
	assert_null(diff_of(r, "SET-1"));
	assert_int_equal(r->ndiff, 2);
	import_free(r);
	free(b);
}

static void template_from_another_org_is_refused(void **state)
{
	(void)state;
	size_t len;
	unsigned char *b = fx_xlsxwriter(fill_values, "8", &len);
	import_result *r = parse(b, len, "v.xlsx");
	const import_problem *p = find(r, "foreign_template");
	assert_non_null(p);
	assert_non_null(strstr(p->message, "다른상회"));
	assert_false(import_can_apply(r));
	import_free(r);
	free(b);
	/* No metadata at all: accepted with a warning. */
	b = fx_xlsxwriter(fill_values, NULL, &len);
	r = parse(b, len, "v.xlsx");
	assert_non_null(find(r, "no_template_metadata"));
	assert_true(import_can_apply(r));
	import_free(r);
	free(b);
}

static void bad_numbers_are_errors(void **state)
{
	(void)state;
	import_result *r = parse_csv("마스터 SKU,입고 수량,출고 수량\n"
	                             "A-001,열두개,\n"    /* row 2: Korean text */
	                             "A-002,-3,\n"        /* row 3 */
	                             "A-001,,1.5\n"       /* row 4 */
	                             "A-002,\"1,200\",\n" /* row 5: thousands separator is fine */
	                             "A-001,12개,\n");    /* row 6: a unit */
	const import_problem *p = find(r, "not_a_number");
	assert_non_null(p);
	assert_int_equal(p->row, 2);
	assert_string_equal(p->column, "입고 수량");
	assert_non_null(strstr(p->message, "열두개"));
	p = find(r, "negative_qty");
	assert_non_null(p);
	assert_int_equal(p->row, 3);
	p = find(r, "fractional_qty");
	assert_non_null(p);
	assert_int_equal(p->row, 4);
	assert_string_equal(p->column, "출고 수량");
	assert_int_equal(r->errors, 4);
	assert_int_equal(r->nitems, 1);
	assert_int_equal(r->items[0].inbound, 1200);
	assert_false(import_can_apply(r));
	import_free(r);
}

static void unknown_inactive_and_below_zero(void **state)
{
	(void)state;
	import_result *r =
	        parse_csv("마스터 SKU,입고 수량,출고 수량\nZZZ,1,\nB-001,1,\nA-002,,9\n");
	assert_int_equal(find(r, "unknown_sku")->row, 2);
	assert_int_equal(find(r, "inactive_sku")->row, 3);
	const import_problem *p = find(r, "stock_below_zero");
	assert_non_null(p);
	assert_int_equal(p->row, 4);
	assert_int_equal(p->severity, IMPORT_ERROR);
	assert_int_equal(diff_of(r, "A-002")->result, -4);
	import_free(r);
	/* Allowed by the organisation: only a warning. */
	import_ctx ctx = CTX;
	ctx.allow_negative = 1;
	const char *csv = "마스터 SKU,출고 수량\nA-002,9\n";
	assert_int_equal(import_parse(csv, strlen(csv), "a.csv", &ctx, &r), IMPORT_OK);
	assert_int_equal(find(r, "stock_below_zero")->severity, IMPORT_WARNING);
	assert_true(import_can_apply(r));
	import_free(r);
}

static void duplicates_same_and_conflicting(void **state)
{
	(void)state;
	import_result *r = parse_csv("마스터 SKU,입고 수량,처리일자\n"
	                             "A-001,5,2026-11-01\n"
	                             "A-001,5,2026-11-01\n" /* same: warning, applied once */
	                             "A-001,5,2026-11-02\n" /* another day: a separate movement */
	                             "A-002,1,\n"
	                             "A-002,2,\n"); /* conflict */
	assert_int_equal(find(r, "duplicate_sku_same")->row, 3);
	assert_int_equal(find(r, "duplicate_sku_same")->severity, IMPORT_WARNING);
	assert_int_equal(find(r, "duplicate_sku_conflict")->row, 6);
	assert_int_equal(find(r, "duplicate_sku_conflict")->severity, IMPORT_ERROR);
	assert_int_equal(diff_of(r, "A-001")->inbound, 10);
	import_free(r);
}

static void bad_and_future_dates(void **state)
{
	(void)state;
	import_result *r =
	        parse_csv("마스터 SKU,입고 수량,처리일자\nA-001,1,어제\nA-001,1,2026-02-30\n"
	                  "A-001,1,20261130\nA-002,1,45991\n");
	assert_int_equal(find(r, "bad_date")->row, 2);
	/* The ledger refuses dates after today, so the preview does too: an error, not applied. */
	assert_int_equal(r->errors, 3);
	assert_int_equal(find(r, "future_date")->row, 4);
	assert_int_equal(find(r, "future_date")->severity, IMPORT_ERROR);
	assert_non_null(strstr(find(r, "future_date")->message, "2026-11-30"));
	assert_int_equal(r->nitems, 1);
	assert_string_equal(r->items[0].date, "2025-11-30"); /* serial 45991 */
	assert_false(import_can_apply(r));
	import_free(r);
	char d[11];
	assert_int_equal(import_serial_to_date(45321, 0, d), 0);
	assert_string_equal(d, "2024-01-30");
	assert_int_equal(import_serial_to_date(43859, 1, d), 0);
	assert_string_equal(d, "2024-01-30");
}

/* The ledger's limits (ledger.h) are the preview's: what the preview accepts, apply records. */
static void ledger_limits_are_checked_in_the_preview(void **state)
{
	(void)state;
	char csv[256];
	snprintf(csv, sizeof csv, "마스터 SKU,입고 수량\nA-001,%d\nA-002,%d\nSET-1,%d\n",
	         LEDGER_MAX_QTY, LEDGER_MAX_QTY + 1, LEDGER_MAX_QTY / 2 + 1);
	import_result *r = parse_csv(csv);
	const import_problem *p = find(r, "qty_too_large");
	assert_non_null(p);
	assert_int_equal(p->row, 3);
	assert_int_equal(p->severity, IMPORT_ERROR);
	assert_non_null(strstr(p->message, "1,000,000개까지")); /* with separators */
	/* a set of 500,001 is 1,000,002 units of its component A-001 (2 per set) */
	int set_row = 0;
	for (int i = 0; i < r->nproblems; i++)
		if (strcmp(r->problems[i].code, "qty_too_large") == 0 && r->problems[i].row == 4)
			set_row = 1;
	assert_true(set_row);
	assert_int_equal(r->errors, 2);
	assert_int_equal(r->nitems, 1);
	assert_int_equal(r->items[0].inbound, LEDGER_MAX_QTY);
	import_free(r);

	/* A memo over the ledger's limit is cut there, on a character boundary, with a warning. */
	size_t cap = (size_t)LEDGER_MEMO_MAX * 3 + 64;
	char *big = malloc(cap);
	/* 1,000 Latin letters then 1,001 Hangul syllables: 2,001 characters in 4,003 bytes (a
   * cell keeps up to SHEET_MAX_CELL_BYTES), so a cut by bytes would split a syllable. */
	size_t o = (size_t)sprintf(big, "마스터 SKU,입고 수량,메모\nA-001,1,");
	for (int i = 0; i < LEDGER_MEMO_MAX / 2; i++)
		big[o++] = 'a';
	for (int i = 0; i <= LEDGER_MEMO_MAX / 2; i++) {
		memcpy(big + o, "가", 3);
		o += 3;
	}
	big[o++] = '\n';
	big[o] = 0;
	r = parse(big, o, "a.csv");
	p = find(r, "memo_truncated");
	assert_non_null(p);
	assert_int_equal(p->severity, IMPORT_WARNING);
	assert_string_equal(p->column, "메모");
	assert_non_null(strstr(p->message, "2,000자"));
	assert_true(import_can_apply(r));
	assert_int_equal(ledger_text_chars(r->items[0].memo), LEDGER_MEMO_MAX);
	assert_int_equal(strlen(r->items[0].memo), LEDGER_MEMO_MAX / 2 + 3 * (LEDGER_MEMO_MAX / 2));
	assert_true(utf8proc_decompose((const utf8proc_uint8_t *)r->items[0].memo, 0, NULL, 0, 0) >=
	            0);
	import_free(r);
	free(big);
}

static void cp949_csv_is_decoded(void **state)
{
	(void)state;
	const char *utf =
	        "마스터 SKU,상품명,입고 수량,출고 수량\r\nA-001,사과,3,\r\nA-002,배,,2\r\n";
	char out[512], *ip = (char *)utf, *op = out;
	size_t il = strlen(utf), ol = sizeof out;
	iconv_t cd = iconv_open("CP949", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	iconv_close(cd);
	import_result *r = parse(out, (size_t)(op - out), "재고.csv");
	assert_string_equal(r->encoding, "cp949");
	assert_true(import_can_apply(r));
	assert_int_equal(diff_of(r, "A-001")->result, 13);
	assert_int_equal(diff_of(r, "A-002")->result, 3);
	import_free(r);
}

static void bom_csv_and_nfd_headers(void **state)
{
	(void)state;
	import_result *r = parse_csv("\xEF\xBB\xBF마스터 SKU,입고 수량\nA-001,1\n");
	assert_string_equal(r->encoding, "utf-8-bom");
	assert_true(import_can_apply(r));
	import_free(r);
	/* Headers decomposed into jamo, as files from a Mac may carry. */
	unsigned char *nfd = utf8proc_NFD((const unsigned char *)"마스터 SKU,입고 수량\nA-001,1\n");
	assert_true(strlen((char *)nfd) > strlen("마스터 SKU,입고 수량\nA-001,1\n"));
	r = parse_csv((const char *)nfd);
	assert_true(import_can_apply(r));
	assert_int_equal(r->items[0].inbound, 1);
	import_free(r);
	free(nfd);
}

static void nothing_to_apply_and_empty_row_warning(void **state)
{
	(void)state;
	import_result *r =
	        parse_csv("마스터 SKU,입고 수량,출고 수량,메모\nA-001,,,확인 필요\nA-002,0,0,\n");
	assert_int_equal(find(r, "empty_row")->row, 2);
	assert_non_null(find(r, "nothing_to_apply"));
	assert_false(import_can_apply(r));
	import_free(r);
	r = parse_csv("마스터 SKU,입고 수량\n");
	assert_non_null(find(r, "no_rows"));
	import_free(r);
}

static void preview_json_has_the_fields(void **state)
{
	(void)state;
	import_result *r = parse_csv("마스터 SKU,입고 수량,출고 수량\nA-001,3,1\nZZZ,1,\n");
	json_t *j = import_to_json(r);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "file_name")), "a.csv");
	assert_int_equal(strlen(json_string_value(json_object_get(j, "file_hash"))), 64);
	json_t *sum = json_object_get(j, "summary");
	assert_int_equal(json_integer_value(json_object_get(sum, "rows")), 2);
	assert_int_equal(json_integer_value(json_object_get(sum, "valid")), 1);
	assert_int_equal(json_integer_value(json_object_get(sum, "errors")), 1);
	json_t *p0 = json_array_get(json_object_get(j, "problems"), 0);
	assert_string_equal(json_string_value(json_object_get(p0, "severity")), "error");
	assert_string_equal(json_string_value(json_object_get(p0, "code")), "unknown_sku");
	json_t *d0 = json_array_get(json_object_get(j, "diff"), 0);
	assert_string_equal(json_string_value(json_object_get(d0, "name")), "사과");
	assert_int_equal(json_integer_value(json_object_get(d0, "result")), 12);
	assert_false(json_is_true(json_object_get(j, "can_apply")));
	json_decref(j);
	/* Same bytes, same hash. */
	import_result *r2 = parse_csv("마스터 SKU,입고 수량,출고 수량\nA-001,3,1\nZZZ,1,\n");
	assert_string_equal(r->file_hash, r2->file_hash);
	import_free(r2);
	import_free(r);
}

static const import_item *item_at_row(const import_result *r, int row)
{
	for (int i = 0; i < r->nitems; i++)
		if (r->items[i].row == row)
			return &r->items[i];
	return NULL;
}

static const import_problem *problem_at(const import_result *r, const char *code, int row)
{
	for (int i = 0; i < r->nproblems; i++)
		if (strcmp(r->problems[i].code, code) == 0 && r->problems[i].row == row)
			return &r->problems[i];
	return NULL;
}

static void expiry_is_required_per_row_for_dated_products(void **state)
{
	(void)state;
	import_result *r =
	        parse_csv("마스터 SKU,입고 수량,출고 수량,처리일자,소비기한 (유통기한),로트 번호\n"
	                  "F-001,10,,2026-11-01,2027-03-31,L1\n" /* 2: dated */
	                  "F-001,5,,2026-11-02,,\n"              /* 3: missing */
	                  "F-001,5,,2026-11-03,모름,\n"          /* 4: unknown */
	                  "F-001,5,,2026-11-04,내년,\n"          /* 5: unreadable */
	                  "A-001,3,,2026-11-05,,\n"              /* 6: not dated */
	                  "A-001,,2,2026-11-06,2027-01-01,\n"    /* 7: no inbound */
	                  "F-001,4,,2026-11-01,2027-04-30,L2\n"  /* 8: another lot */
	                  "SET-F,1,,2026-11-06,,\n");            /* 9: dated component */
	const import_problem *p = problem_at(r, "expiry_required", 3);
	assert_non_null(p);
	assert_int_equal(p->severity, IMPORT_ERROR);
	assert_string_equal(p->column, "소비기한 (유통기한)");
	assert_non_null(strstr(p->message, "F-001"));
	assert_non_null(strstr(p->message, "모름"));
	p = problem_at(r, "expiry_unknown", 4);
	assert_non_null(p);
	assert_int_equal(p->severity, IMPORT_WARNING);
	assert_int_equal(problem_at(r, "bad_expiry", 5)->severity, IMPORT_ERROR);
	assert_null(problem_at(r, "expiry_required", 6));
	assert_int_equal(problem_at(r, "expiry_ignored", 7)->severity, IMPORT_WARNING);
	assert_null(find(r, "duplicate_sku_conflict")); /* rows 2 and 8: two lots */
	assert_non_null(strstr(problem_at(r, "expiry_required", 9)->message, "세트 'SET-F'"));
	assert_int_equal(r->errors, 3);
	assert_false(import_can_apply(r));
	const import_item *it = item_at_row(r, 2);
	assert_string_equal(it->expiry, "2027-03-31");
	assert_string_equal(it->lot, "L1");
	assert_int_equal(it->expiry_unknown, 0);
	it = item_at_row(r, 4);
	assert_string_equal(it->expiry, "");
	assert_int_equal(it->expiry_unknown, 1);
	assert_string_equal(item_at_row(r, 7)->expiry, ""); /* not carried to the outbound */
	assert_string_equal(item_at_row(r, 8)->lot, "L2");
	assert_null(item_at_row(r, 3));
	json_t *j = import_to_json(r);
	json_t *items = json_object_get(j, "items");
	json_t *j0 = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(j0, "expiry")), "2027-03-31");
	assert_string_equal(json_string_value(json_object_get(j0, "lot")), "L1");
	json_t *j1 = json_array_get(items, 1);
	assert_true(json_is_null(json_object_get(j1, "expiry")));
	assert_true(json_is_true(json_object_get(j1, "expiry_unknown")));
	json_decref(j);
	import_free(r);

	/* A file without the column (an old template): the way out is in the message. */
	r = parse_csv("마스터 SKU,입고 수량\nF-001,3\nA-001,3\n");
	p = problem_at(r, "expiry_required", 2);
	assert_non_null(p);
	assert_string_equal(p->column, "소비기한");
	assert_non_null(strstr(p->message, "템플릿을 새로 내려받아"));
	assert_int_equal(r->errors, 1);
	import_free(r);
	/* An expiry date written with dots reads as a date, and a short lot header is found. */
	r = parse_csv("마스터 SKU,입고 수량,소비기한,로트\nF-001,3,2027.3.31,L-9\n");
	assert_true(import_can_apply(r));
	assert_string_equal(r->items[0].expiry, "2027-03-31");
	assert_string_equal(r->items[0].lot, "L-9");
	import_free(r);
}

static void nfd_sku_in_xlsx_and_odd_file_name(void **state)
{
	(void)state;
	unsigned char *h = utf8proc_NFD((const unsigned char *)"마스터 SKU");
	unsigned char *k = utf8proc_NFD((const unsigned char *)"사과-1");
	char xml[1024];
	snprintf(
	        xml, sizeof xml,
	        "<worksheet " FX_NS "><sheetData><row><c t=\"inlineStr\"><is><t>%s</t></is></c>"
	        "<c t=\"inlineStr\"><is><t>입고</t></is></c></row><row><c t=\"inlineStr\"><is><t>%s"
	        "</t></is></c><c><v>2</v></c></row></sheetData></worksheet>",
	        h, k);
	size_t len;
	unsigned char *b = fx_xlsx(xml, NULL, NULL, &len);
	import_result *r = parse(b, len, "\xff\xfe.xlsx");
	assert_true(import_can_apply(r));
	assert_string_equal(r->items[0].sku, "사과-1");
	assert_string_equal(r->file_name, "upload");
	json_t *j = import_to_json(r);
	assert_non_null(j);
	json_decref(j);
	import_free(r);
	free(b);
	free(h);
	free(k);
}

static void header_normalisation(void **state)
{
	(void)state;
	char b[64];
	import_normalize_header("  입고\u3000수량 (개) ", b, sizeof b);
	assert_string_equal(b, "입고수량");
	import_normalize_header("Master_SKU", b, sizeof b);
	assert_string_equal(b, "mastersku");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(empty_file_is_refused),
	        cmocka_unit_test(not_a_spreadsheet_is_refused),
	        cmocka_unit_test(old_xls_gets_its_own_message),
	        cmocka_unit_test(truncated_zip_is_corrupt),
	        cmocka_unit_test(zip_bomb_is_bounded),
	        cmocka_unit_test(entity_expansion_is_refused),
	        cmocka_unit_test(too_many_rows_is_refused),
	        cmocka_unit_test(missing_column_is_named),
	        cmocka_unit_test(missing_column_names_sheet_and_headers_found),
	        cmocka_unit_test(formula_without_value_is_an_error_not_an_empty_cell),
	        cmocka_unit_test(full_width_digits_are_numbers),
	        cmocka_unit_test(encrypted_workbook_gets_its_own_message),
	        cmocka_unit_test(renamed_headers_by_synonym_or_refused),
	        cmocka_unit_test(header_found_below_a_title),
	        cmocka_unit_test(merged_cells_are_an_error),
	        cmocka_unit_test(formulas_dates_text_numbers_and_hidden_rows),
	        cmocka_unit_test(template_from_another_org_is_refused),
	        cmocka_unit_test(bad_numbers_are_errors),
	        cmocka_unit_test(unknown_inactive_and_below_zero),
	        cmocka_unit_test(duplicates_same_and_conflicting),
	        cmocka_unit_test(bad_and_future_dates),
	        cmocka_unit_test(ledger_limits_are_checked_in_the_preview),
	        cmocka_unit_test(cp949_csv_is_decoded),
	        cmocka_unit_test(bom_csv_and_nfd_headers),
	        cmocka_unit_test(nothing_to_apply_and_empty_row_warning),
	        cmocka_unit_test(preview_json_has_the_fields),
	        cmocka_unit_test(nfd_sku_in_xlsx_and_odd_file_name),
	        cmocka_unit_test(expiry_is_required_per_row_for_dated_products),
	        cmocka_unit_test(header_normalisation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
