/* test_xlsx_read.c — the .xlsx reader on hand-written parts (shared strings with rich text,
 * inline strings, cells without r attributes, prefixed namespaces, date styles, sheet states,
 * formulas without a saved value), on packages laid out unusually (the workbook found only
 * through _rels/.rels, relative and absolute targets, backslashes in entry names) and on
 * hostile containers (not a zip, truncated, bomb, DOCTYPE, a .docx, a binary workbook). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sheet_fixtures.h"
#include "xlsx_read.h"

static sheet_table *read_ok(const unsigned char *b, size_t len, const char *want)
{
	sheet_table *t = NULL;
	int rc = xlsx_read(b, len, want, &t);
	if (rc != SHEET_OK)
		fail_msg("xlsx_read: %s", sheet_err_code(rc));
	return t;
}

static const char *text_at(const sheet_table *t, int ri, int col)
{
	const sheet_cell *c = sheet_cell_at(&t->rows[ri], col);
	return c ? c->text : NULL;
}

static void cells_of_every_kind(void **state)
{
	(void)state;
	const char *sst =
	        "<sst " FX_NS " count=\"3\" uniqueCount=\"3\">"
	        "<si><t>마스터 SKU</t></si>"
	        "<si><r><rPr><b/></rPr><t>입고</t></r><r><t xml:space=\"preserve\"> 수량</t></r>"
	        "<rPh sb=\"0\" eb=\"1\"><t>にゅうこ</t></rPh></si>"
	        "<si><t>A-001</t></si></sst>";
	const char *styles = "<styleSheet " FX_NS "><numFmts count=\"1\"><numFmt numFmtId=\"164\" "
	                     "formatCode=\"yyyy&quot;년&quot; m&quot;월&quot;\"/></numFmts>"
	                     "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	                     "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
	                     "<xf numFmtId=\"164\"/><xf numFmtId=\"3\"/></cellXfs></styleSheet>";
	const char *sheet = "<x:worksheet "
	                    "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	                    "<x:sheetData>"
	                    "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\" "
	                    "t=\"s\"><x:v>1</x:v>"
	                    "</x:c></x:row>"
	                    /* row 2 without r: cells without r follow each other */
	                    "<x:row><x:c t=\"s\"><x:v>2</x:v></x:c><x:c "
	                    "t=\"inlineStr\"><x:is><x:t>12</x:t></x:is></x:c>"
	                    "<x:c s=\"1\"><x:v>45321</x:v></x:c><x:c "
	                    "t=\"b\"><x:v>1</x:v></x:c><x:c t=\"e\"><x:v>#N/A"
	                    "</x:v></x:c><x:c><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c "
	                    "t=\"str\"><x:f>A1</x:f><x:v>hi"
	                    "</x:v></x:c><x:c s=\"2\"><x:v>45000</x:v></x:c><x:c "
	                    "s=\"3\"><x:v>1200</x:v></x:c></x:row>"
	                    /* an empty row and a hidden one with a gap in columns */
	                    "<x:row r=\"3\"/><x:row r=\"5\" hidden=\"1\"><x:c "
	                    "r=\"C5\"><x:v>7</x:v></x:c></x:row>"
	                    "</x:sheetData><x:mergeCells><x:mergeCell "
	                    "ref=\"A7:B8\"/></x:mergeCells></x:worksheet>";
	size_t len;
	unsigned char *b = fx_xlsx(sheet, sst, styles, &len);
	sheet_table *t = read_ok(b, len, NULL);
	assert_string_equal(t->format, "xlsx");
	assert_int_equal(t->nrows, 3);
	assert_string_equal(text_at(t, 0, 0), "마스터 SKU");
	assert_string_equal(text_at(t, 0, 1), "입고 수량"); /* runs joined, phonetics dropped */
	const sheet_row *r2 = &t->rows[1];
	assert_int_equal(r2->row, 2);
	assert_int_equal(r2->ncells, 9);
	assert_string_equal(r2->cells[0].text, "A-001");
	assert_int_equal(r2->cells[1].kind, SHEET_CELL_STRING);
	assert_string_equal(r2->cells[1].text, "12");
	assert_int_equal(r2->cells[2].kind, SHEET_CELL_DATE);
	assert_string_equal(r2->cells[2].text, "45321");
	assert_int_equal(r2->cells[3].kind, SHEET_CELL_BOOL);
	assert_int_equal(r2->cells[4].kind, SHEET_CELL_ERROR);
	assert_int_equal(r2->cells[5].kind, SHEET_CELL_NUMBER);
	assert_true(r2->cells[5].is_formula);
	assert_string_equal(r2->cells[5].text, "2");
	assert_string_equal(r2->cells[6].text, "hi");
	assert_int_equal(r2->cells[7].kind, SHEET_CELL_DATE);   /* custom yyyy"년" m"월" */
	assert_int_equal(r2->cells[8].kind, SHEET_CELL_NUMBER); /* #,##0 is not a date */
	assert_int_equal(t->rows[2].row, 5);
	assert_true(t->rows[2].hidden);
	assert_int_equal(t->rows[2].cells[0].col, 2);
	assert_int_equal(t->nmerges, 1);
	assert_int_equal(t->merges[0].r1, 7);
	assert_int_equal(t->merges[0].c2, 1);
	sheet_free(t);
	free(b);
}

static void fill_sheets(lxw_workbook *wb, void *ud)
{
	(void)ud;
	lxw_worksheet *a = workbook_add_worksheet(wb, "안내");
	worksheet_write_string(a, 0, 0, "안내문", NULL);
	lxw_worksheet *b = workbook_add_worksheet(wb, "입출고");
	worksheet_write_string(b, 0, 0, "데이터", NULL);
	worksheet_write_number(b, 1, 0, 1.5, NULL);
	lxw_worksheet *h = workbook_add_worksheet(wb, "숨김");
	worksheet_write_string(h, 0, 0, "x", NULL);
	worksheet_hide(h);
	fx_meta_sheet(wb, "7", "tok");
}

static void picks_sheet_by_name_or_first_visible(void **state)
{
	(void)state;
	size_t len;
	unsigned char *b = fx_xlsxwriter(fill_sheets, NULL, &len);
	sheet_table *t = read_ok(b, len, "입출고");
	assert_string_equal(t->data_sheet, "입출고");
	assert_string_equal(text_at(t, 0, 0), "데이터");
	assert_string_equal(text_at(t, 1, 0), "1.5");
	assert_int_equal(t->nsheets, 4);
	assert_int_equal(t->sheets[2].state, SHEET_HIDDEN);
	assert_string_equal(sheet_meta_get(t, "org_id"), "7");
	assert_string_equal(sheet_meta_get(t, "template"), "jaego-stock");
	assert_null(sheet_meta_get(t, "nope"));
	sheet_free(t);
	t = read_ok(b, len, "없는 시트");
	assert_string_equal(t->data_sheet, "안내");
	sheet_free(t);
	free(b);
}

static void expect_err(const void *b, size_t len, int err)
{
	sheet_table *t = (sheet_table *)1;
	assert_int_equal(xlsx_read(b, len, NULL, &t), err);
	assert_null(t);
}

static void hostile_containers(void **state)
{
	(void)state;
	expect_err("", 0, SHEET_EEMPTY);
	expect_err("name,qty\n", 9, SHEET_ENOTSHEET);
	unsigned char ole[64] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	expect_err(ole, sizeof ole, SHEET_EXLS);
	memcpy(ole + 20, "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0", 28);
	expect_err(ole, sizeof ole, SHEET_EENCRYPTED);
	size_t len;
	unsigned char *b =
	        fx_xlsx("<worksheet " FX_NS "><sheetData/></worksheet>", NULL, NULL, &len);
	for (size_t cut = 4; cut < len; cut += len / 7)
		expect_err(b, cut, SHEET_ECORRUPT);
	free(b);
	b = fx_xlsx("<worksheet><sheetData><row><c><v>1</v></c></row>", NULL, NULL, &len);
	expect_err(b, len, SHEET_EXML);
	free(b);
	b = fx_xlsx("<!DOCTYPE x SYSTEM \"file:///etc/passwd\"><worksheet/>", NULL, NULL, &len);
	expect_err(b, len, SHEET_EENTITY);
	free(b);
	/* A workbook without sheets. */
	const char *names[] = {"xl/workbook.xml"}, *datas[] = {"<workbook><sheets/></workbook>"};
	b = fx_zip(1, names, datas, NULL, &len);
	expect_err(b, len, SHEET_ENOSHEET);
	free(b);
}

#define FX_PKG_NS "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\""
#define FX_REL    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

/* A package whose parts live where no reader would guess: the workbook is book/main.xml,
 * named only by _rels/.rels; its relationships point at a worksheet through "../" and at the
 * shared strings by an absolute target. With backslash set, every entry name is written
 * with backslashes, as Windows zip tools sometimes do. */
static unsigned char *unusual_package(int backslash, size_t *len)
{
	const char *names[] = {"[Content_Types].xml",      "_rels/.rels", "book/main.xml",
	                       "book/_rels/main.xml.rels", "data/s1.xml", "strings/all.xml"};
	const char *datas[] = {
	        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
	        "<Relationships " FX_PKG_NS "><Relationship Id=\"rId1\" Type=\"" FX_REL
	        "officeDocument\" Target=\"book/main.xml\"/></Relationships>",
	        "<workbook " FX_NS " " FX_RNS "><sheets><sheet name=\"상품\" sheetId=\"1\" "
	        "r:id=\"rId7\"/></sheets></workbook>",
	        "<Relationships " FX_PKG_NS "><Relationship Id=\"rId7\" Type=\"" FX_REL
	        "worksheet\" Target=\"../data/./s1.xml\"/><Relationship Id=\"rId8\" Type=\"" FX_REL
	        "sharedStrings\" Target=\"/strings/all.xml\"/><Relationship Id=\"rId9\" "
	        "Type=\"" FX_REL "hyperlink\" Target=\"http://example.com/\" "
	        "TargetMode=\"External\"/></Relationships>",
	        "<worksheet " FX_NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
	        "<c r=\"B1\"><v>12</v></c></row></sheetData></worksheet>",
	        "<sst " FX_NS "><si><t>마스터 SKU</t></si></sst>"};
	char bs[6][64];
	const char *used[6];
	for (int i = 0; i < 6; i++) {
		snprintf(bs[i], sizeof bs[i], "%s", names[i]);
		for (char *c = bs[i]; backslash && *c; c++)
			if (*c == '/')
				*c = '\\';
		used[i] = bs[i];
	}
	return fx_zip(6, used, datas, NULL, len);
}

static void parts_are_found_through_relationships(void **state)
{
	(void)state;
	for (int backslash = 0; backslash <= 1; backslash++) {
		size_t len;
		unsigned char *b = unusual_package(backslash, &len);
		sheet_table *t = read_ok(b, len, "상품");
		assert_string_equal(t->data_sheet, "상품");
		assert_int_equal(t->nrows, 1);
		assert_string_equal(text_at(t, 0, 0), "마스터 SKU");
		assert_string_equal(text_at(t, 0, 1), "12");
		sheet_free(t);
		free(b);
	}
	/* A workbook with backslashes and no relationships at all: the usual names still work. */
	const char *names[] = {"xl\\workbook.xml", "xl\\worksheets\\sheet1.xml"};
	const char *datas[] = {"<workbook><sheets><sheet name=\"S\"/></sheets></workbook>",
	                       "<worksheet><sheetData><row><c><v>7</v></c></row></sheetData>"
	                       "</worksheet>"};
	size_t len;
	unsigned char *b = fx_zip(2, names, datas, NULL, &len);
	sheet_table *t = read_ok(b, len, NULL);
	assert_string_equal(text_at(t, 0, 0), "7");
	sheet_free(t);
	free(b);
	/* _rels/.rels naming a part that is not there: xl/workbook.xml is read instead. */
	const char *n2[] = {"_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"};
	const char *d2[] = {"<Relationships " FX_PKG_NS "><Relationship Id=\"r\" Type=\"" FX_REL
	                    "officeDocument\" Target=\"gone.xml\"/></Relationships>",
	                    datas[0], datas[1]};
	b = fx_zip(3, n2, d2, NULL, &len);
	t = read_ok(b, len, NULL);
	assert_string_equal(text_at(t, 0, 0), "7");
	sheet_free(t);
	free(b);
}

static void other_office_files_are_not_spreadsheets(void **state)
{
	(void)state;
	/* A .docx: its main part, found the same way, is not a workbook. */
	const char *names[] = {"_rels/.rels", "word/document.xml"};
	const char *datas[] = {"<Relationships " FX_PKG_NS "><Relationship Id=\"r\" Type=\"" FX_REL
	                       "officeDocument\" Target=\"word/document.xml\"/></Relationships>",
	                       "<w:document xmlns:w=\"urn:w\"><w:body/></w:document>"};
	size_t len;
	unsigned char *b = fx_zip(2, names, datas, NULL, &len);
	expect_err(b, len, SHEET_ENOTSHEET);
	free(b);
	/* A binary workbook (.xlsb). */
	const char *bn[] = {"_rels/.rels", "xl/workbook.bin"};
	const char *bd[] = {"<Relationships " FX_PKG_NS "><Relationship Id=\"r\" Type=\"" FX_REL
	                    "officeDocument\" Target=\"xl/workbook.bin\"/></Relationships>",
	                    "\x83\x01\x00"};
	b = fx_zip(2, bn, bd, NULL, &len);
	expect_err(b, len, SHEET_ENOTSHEET);
	free(b);
}

static void formula_without_value_is_not_empty(void **state)
{
	(void)state;
	size_t len;
	unsigned char *b = fx_xlsx("<worksheet " FX_NS "><sheetData><row r=\"2\">"
	                           "<c r=\"A2\"><f>B2*2</f></c>"                       /* no <v> */
	                           "<c r=\"B2\"><f t=\"shared\" si=\"0\"/><v></v></c>" /* empty */
	                           "<c r=\"C2\" t=\"str\"><f>\"\"</f><v></v></c>" /* "" result */
	                           "<c r=\"D2\"><f>1+1</f><v>2</v></c>"
	                           "</row><row r=\"3\"><c r=\"E3\" t=\"b\"><f>TRUE()</f></c></row>"
	                           "</sheetData></worksheet>",
	                           NULL, NULL, &len);
	sheet_table *t = read_ok(b, len, NULL);
	assert_int_equal(t->nrows, 2);
	const sheet_row *r2 = &t->rows[0];
	assert_int_equal(r2->ncells, 3);
	assert_int_equal(r2->cells[0].kind, SHEET_CELL_FORMULA);
	assert_string_equal(r2->cells[0].text, "");
	assert_true(r2->cells[0].is_formula);
	assert_int_equal(r2->cells[1].kind, SHEET_CELL_FORMULA);
	assert_int_equal(r2->cells[1].col, 1);
	assert_int_equal(r2->cells[2].col, 3); /* the empty string result is an empty cell */
	assert_string_equal(r2->cells[2].text, "2");
	assert_int_equal(t->rows[1].cells[0].kind, SHEET_CELL_FORMULA);
	sheet_free(t);
	free(b);
}

static void big_but_honest_sheet_is_read(void **state)
{
	(void)state;
	/* 20,000 rows of plain XML compress well but stay under the ratio limit. */
	size_t cap = 20000u * 128 + 256;
	char *xml = malloc(cap);
	size_t o = (size_t)sprintf(xml, "<worksheet " FX_NS "><sheetData>");
	for (int i = 1; i <= 20000; i++)
		o += (size_t)sprintf(
		        xml + o,
		        "<row r=\"%d\"><c r=\"A%d\" t=\"inlineStr\"><is><t>P%d</t></is>"
		        "</c><c r=\"B%d\"><v>%d</v></c></row>",
		        i, i, i, i, i % 97);
	strcpy(xml + o, "</sheetData></worksheet>");
	size_t len;
	unsigned char *b = fx_xlsx(xml, NULL, NULL, &len);
	sheet_table *t = read_ok(b, len, NULL);
	assert_int_equal(t->nrows, 20000);
	assert_string_equal(text_at(t, 19999, 0), "P20000");
	sheet_free(t);
	free(b);
	free(xml);
}

static void malformed_but_well_formed_rows(void **state)
{
	(void)state;
	/* Nested rows, a row number out of range, a huge style index, an unknown shared string. */
	size_t len;
	unsigned char *b =
	        fx_xlsx("<worksheet " FX_NS "><sheetData><row r=\"1\"><row r=\"2\"><c s=\""
	                "99999999999999999999\"><v>1</v></c></row></row>"
	                "<row r=\"99999999999\"><c t=\"s\"><v>7</v></c><c><v>2</v></c></row>"
	                "</sheetData></worksheet>",
	                NULL, NULL, &len);
	sheet_table *t = read_ok(b, len, NULL);
	assert_int_equal(t->nrows, 2);
	assert_int_equal(t->rows[0].row, 2);
	assert_int_equal(t->rows[0].ncells, 1);
	assert_int_equal(t->rows[1].row, 3);
	assert_int_equal(t->rows[1].ncells, 1);
	assert_string_equal(t->rows[1].cells[0].text, "2");
	sheet_free(t);
	free(b);
}

static void refs_and_names(void **state)
{
	(void)state;
	int c, r;
	assert_int_equal(sheet_parse_ref("AB12", &c, &r), 0);
	assert_int_equal(c, 27);
	assert_int_equal(r, 12);
	assert_int_equal(sheet_parse_ref("$C$3", &c, &r), 0);
	assert_int_equal(c, 2);
	assert_int_equal(sheet_parse_ref("12", &c, &r), -1);
	assert_int_equal(sheet_parse_ref("ZZZZ1", &c, &r), -1);
	char b[8];
	sheet_col_name(0, b, sizeof b);
	assert_string_equal(b, "A");
	sheet_col_name(27, b, sizeof b);
	assert_string_equal(b, "AB");
	for (int e = 0; e < SHEET_ERR_COUNT; e++) {
		assert_true(strlen(sheet_err_code(e)) > 1);
		assert_true(strlen(sheet_err_message(e)) > 10);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(cells_of_every_kind),
	        cmocka_unit_test(picks_sheet_by_name_or_first_visible),
	        cmocka_unit_test(hostile_containers),
	        cmocka_unit_test(parts_are_found_through_relationships),
	        cmocka_unit_test(other_office_files_are_not_spreadsheets),
	        cmocka_unit_test(formula_without_value_is_not_empty),
	        cmocka_unit_test(big_but_honest_sheet_is_read),
	        cmocka_unit_test(malformed_but_well_formed_rows),
	        cmocka_unit_test(refs_and_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
