/* test_csv_read.c — the CSV reader: RFC 4180 quoting, line ends, encodings (UTF-8, BOM,
 * CP949), NFC normalisation, separators, and refusals (binary, undecodable, empty). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <iconv.h>
#include <utf8proc.h>

#include "csv_read.h"

static sheet_table *read_ok(const char *s, size_t len)
{
	sheet_table *t = NULL;
	int rc = csv_read(s, len, &t);
	if (rc != SHEET_OK)
		fail_msg("csv_read: %s", sheet_err_code(rc));
	return t;
}

static const char *at(const sheet_table *t, int ri, int col)
{
	const sheet_cell *c = sheet_cell_at(&t->rows[ri], col);
	return c ? c->text : NULL;
}

static void quoting_and_line_ends(void **state)
{
	(void)state;
	const char *s = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
	                "\"multi\nline\",,3\r\n"
	                "\r\n"
	                ",,\n"
	                "last,\"\",x";
	sheet_table *t = read_ok(s, strlen(s));
	assert_int_equal(t->nrows, 3);
	assert_string_equal(at(t, 0, 1), "b,c");
	assert_string_equal(at(t, 0, 2), "say \"hi\"");
	assert_string_equal(at(t, 1, 0), "multi\nline");
	assert_null(at(t, 1, 1));
	assert_string_equal(at(t, 1, 2), "3");
	assert_int_equal(t->rows[1].cells[1].kind, SHEET_CELL_NUMBER);
	/* blank records still count: the user sees row 5 */
	assert_int_equal(t->rows[2].row, 5);
	assert_string_equal(at(t, 2, 2), "x");
	assert_string_equal(t->encoding, "utf-8");
	sheet_free(t);
}

/* The field buffer starts empty: an empty quoted field first in the file appends nothing
 * to no buffer, and a long quoted field grows it over many appends. */
static void field_buffer_starts_empty_and_grows(void **state)
{
	(void)state;
	const char *s = "\"\",b\n";
	sheet_table *t = read_ok(s, strlen(s));
	assert_int_equal(t->nrows, 1);
	assert_null(at(t, 0, 0));
	assert_string_equal(at(t, 0, 1), "b");
	sheet_free(t);

	/* aaa""bbb""... : 20 runs of 99 letters joined by escaped quotes, 2,000 bytes in all */
	char in[1 + 20 * 99 + 19 * 2 + 1], want[20 * 99 + 19 + 1];
	size_t k = 0, w = 0;
	in[k++] = '"';
	for (int i = 0; i < 20; i++) {
		if (i > 0) {
			in[k++] = '"';
			in[k++] = '"';
			want[w++] = '"';
		}
		for (int j = 0; j < 99; j++)
			in[k++] = want[w++] = (char)('a' + i);
	}
	in[k++] = '"';
	want[w] = 0;
	t = read_ok(in, k);
	assert_int_equal(t->nrows, 1);
	assert_non_null(at(t, 0, 0));
	assert_int_equal(strlen(at(t, 0, 0)), w);
	assert_string_equal(at(t, 0, 0), want);
	sheet_free(t);
}

static void encodings(void **state)
{
	(void)state;
	const char *bom = "\xEF\xBB\xBF상품,수량\n";
	sheet_table *t = read_ok(bom, strlen(bom));
	assert_string_equal(t->encoding, "utf-8-bom");
	assert_string_equal(at(t, 0, 0), "상품");
	sheet_free(t);

	const char *utf = "마스터 SKU,메모\nA-1,똠방각하 뷁\n";
	char cp[128], *ip = (char *)utf, *op = cp;
	size_t il = strlen(utf), ol = sizeof cp;
	iconv_t cd = iconv_open("CP949", "UTF-8");
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	iconv_close(cd);
	t = read_ok(cp, (size_t)(op - cp));
	assert_string_equal(t->encoding, "cp949");
	assert_string_equal(at(t, 0, 0), "마스터 SKU");
	assert_string_equal(at(t, 1, 1), "똠방각하 뷁"); /* outside EUC-KR's 2,350: CP949 only */
	sheet_free(t);

	unsigned char *nfd = utf8proc_NFD((const unsigned char *)"입고 수량,한글\n");
	t = read_ok((const char *)nfd, strlen((char *)nfd));
	assert_string_equal(at(t, 0, 0), "입고 수량");
	assert_string_equal(at(t, 0, 1), "한글");
	sheet_free(t);
	free(nfd);
}

static void separators(void **state)
{
	(void)state;
	sheet_table *t = read_ok("a\tb\tc\n1\t2\t3\n", 12);
	assert_string_equal(at(t, 1, 2), "3");
	sheet_free(t);
	t = read_ok("a;b\n1;2\n", 8);
	assert_string_equal(at(t, 1, 1), "2");
	sheet_free(t);
}

static void refusals(void **state)
{
	(void)state;
	sheet_table *t = (sheet_table *)1;
	assert_int_equal(csv_read("", 0, &t), SHEET_EEMPTY);
	assert_null(t);
	assert_int_equal(csv_read("\n\n,,\n", 5, &t), SHEET_EEMPTY);
	assert_int_equal(csv_read("a,b\0c", 5, &t), SHEET_ENOTSHEET);
	assert_int_equal(csv_read("\xEF\xBB\xBF\xff\xfe", 5, &t), SHEET_EENCODING);
	assert_int_equal(csv_read("a,\x80\x80\x80\n", 6, &t), SHEET_EENCODING);
	assert_null(t);
	assert_true(csv_is_utf8((const unsigned char *)"가a", 4));
	assert_false(csv_is_utf8((const unsigned char *)"\xC0\x80", 2));     /* overlong */
	assert_false(csv_is_utf8((const unsigned char *)"\xED\xA0\x80", 3)); /* surrogate */
	assert_false(csv_is_utf8((const unsigned char *)"\xEA\xB0", 2));     /* truncated */
}

static void long_cells_are_cut_on_a_character(void **state)
{
	(void)state;
	size_t n = SHEET_MAX_CELL_BYTES + 300;
	char *s = malloc(n + 1);
	for (size_t i = 0; i + 3 <= n; i += 3)
		memcpy(s + i, "가", 3);
	n -= n % 3;
	s[n] = 0;
	sheet_table *t = read_ok(s, n);
	const char *c = at(t, 0, 0);
	assert_true(strlen(c) <= SHEET_MAX_CELL_BYTES);
	assert_true(csv_is_utf8((const unsigned char *)c, strlen(c)));
	sheet_free(t);
	free(s);
}

static void cell_count_is_bounded(void **state)
{
	(void)state;
	/* 20,000 rows of 51 columns: within the row limit, over the million-cell limit. */
	size_t cap = 20000u * 104 + 1;
	char *s = malloc(cap), *p = s;
	for (int r = 0; r < 20000; r++) {
		for (int c = 0; c < 51; c++)
			*p++ = 'x', *p++ = ',';
		p[-1] = '\n';
	}
	sheet_table *t = (sheet_table *)1;
	assert_int_equal(csv_read(s, (size_t)(p - s), &t), SHEET_EBOMB);
	assert_null(t);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(quoting_and_line_ends),
	        cmocka_unit_test(field_buffer_starts_empty_and_grows),
	        cmocka_unit_test(encodings),
	        cmocka_unit_test(separators),
	        cmocka_unit_test(refusals),
	        cmocka_unit_test(long_cells_are_cut_on_a_character),
	        cmocka_unit_test(cell_count_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
