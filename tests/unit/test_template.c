/* test_template.c — the stock template, written then read back with our own reader: exact
 * headers in order, pre-filled values, sheet names and states, metadata; and that the
 * untouched template uploads as "nothing to apply" while a foreign one is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "import.h"
#include "template.h"
#include "xlsx_read.h"

static const template_meta META = {42, "가나다상회", "secret-token", "2026-11-29T09:00:00Z",
                                   TEMPLATE_VERSION};

static const template_product PRODUCTS[] = {
        {"A-001", "PA-1", "유기농 사과 5kg", "과일", TEMPLATE_SINGLE, 12, 1},
        {"00123", NULL, NULL, NULL, TEMPLATE_SINGLE, 0, 0},
        {"SET-1", "PA-9", "과일 선물세트", "세트", TEMPLATE_SET, -3, 1},
};

static const char *at(const sheet_table *t, int ri, int col)
{
	const sheet_cell *c = sheet_cell_at(&t->rows[ri], col);
	return c ? c->text : NULL;
}

static void written_template_reads_back(void **state)
{
	(void)state;
	unsigned char *b;
	size_t len;
	assert_int_equal(template_write(PRODUCTS, 3, &META, &b, &len), TEMPLATE_OK);
	assert_true(len > 1000);
	assert_int_equal(b[0], 'P');
	sheet_table *t = NULL;
	assert_int_equal(xlsx_read(b, len, TEMPLATE_SHEET, &t), SHEET_OK);
	assert_string_equal(t->data_sheet, "입출고");
	const char *expect[] = {"마스터 SKU",   "플레이오토 SKU", "상품명",    "카테고리",
	                        "세트 유무",    "입고 수량",      "출고 수량", "처리일자",
	                        "메모",         "소비기한",       "로트 번호", "현재 재고",
	                        "소비기한 관리"};
	assert_int_equal(t->rows[0].ncells, 13);
	for (int c = 0; c < 13; c++)
		assert_string_equal(at(t, 0, c), expect[c]);
	assert_int_equal(t->nrows, 4);
	assert_string_equal(at(t, 1, 0), "A-001");
	assert_string_equal(at(t, 1, 1), "PA-1");
	assert_string_equal(at(t, 1, 2), "유기농 사과 5kg");
	assert_string_equal(at(t, 1, 4), "단품");
	assert_string_equal(at(t, 1, 11), "12");
	assert_string_equal(at(t, 1, 12), "예"); /* its inbound needs an expiry date */
	assert_null(at(t, 2, 12));
	assert_string_equal(at(t, 2, 0), "00123"); /* kept as text */
	assert_int_equal(sheet_cell_at(&t->rows[2], 0)->kind, SHEET_CELL_STRING);
	assert_string_equal(at(t, 3, 4), "세트");
	assert_string_equal(at(t, 3, 11), "-3");
	for (int c = 5; c <= 10; c++)
		assert_null(at(t, 1, c)); /* input columns start empty */

	assert_int_equal(t->nsheets, 3);
	assert_string_equal(t->sheets[1].name, "사용 방법");
	assert_string_equal(t->sheets[2].name, "_jaego");
	assert_int_equal(t->sheets[2].state, SHEET_VERY_HIDDEN);
	assert_string_equal(sheet_meta_get(t, "template"), TEMPLATE_KIND);
	assert_string_equal(sheet_meta_get(t, "version"), "2");
	assert_string_equal(sheet_meta_get(t, "org_id"), "42");
	assert_string_equal(sheet_meta_get(t, "org_name"), "가나다상회");
	assert_string_equal(sheet_meta_get(t, "token"), "secret-token");
	assert_string_equal(sheet_meta_get(t, "generated_at"), "2026-11-29T09:00:00Z");
	assert_string_equal(sheet_meta_get(t, "rows"), "3");
	sheet_free(t);
	free(b);
}

static int lookup_all(void *ud, const char *sku, import_product *out)
{
	(void)ud, (void)sku;
	*out = (import_product){1, 0, 5, "상품", NULL, 0};
	return 1;
}

static void untouched_template_has_nothing_to_apply(void **state)
{
	(void)state;
	unsigned char *b;
	size_t len;
	assert_int_equal(template_write(PRODUCTS, 2, &META, &b, &len), TEMPLATE_OK);
	import_ctx ctx = {42, "secret-token", "2026-11-29", lookup_all, NULL, 0};
	import_result *r;
	assert_int_equal(import_parse(b, len, "stock.xlsx", &ctx, &r), IMPORT_OK);
	assert_int_equal(r->rows, 2);
	assert_int_equal(r->nitems, 0);
	assert_false(import_can_apply(r));
	assert_string_equal(r->problems[0].code, "empty_rows_skipped");
	import_free(r);
	ctx.token = "another";
	assert_int_equal(import_parse(b, len, "stock.xlsx", &ctx, &r), IMPORT_OK);
	assert_string_equal(r->problems[0].code, "foreign_template");
	import_free(r);
	free(b);
}

static void bad_arguments_and_large_template(void **state)
{
	(void)state;
	unsigned char *b = NULL;
	size_t len = 0;
	template_product bad = {NULL, NULL, NULL, NULL, TEMPLATE_SINGLE, 0};
	assert_int_equal(template_write(&bad, 1, &META, &b, &len), TEMPLATE_EINVAL);
	assert_null(b);
	assert_int_equal(template_write(NULL, 0, &META, &b, &len), TEMPLATE_OK);
	free(b);
	/* 500 products, the benchmark's size. */
	template_product *p = calloc(500, sizeof *p);
	char(*sku)[16] = calloc(500, 16);
	for (int i = 0; i < 500; i++) {
		snprintf(sku[i], 16, "SKU-%04d", i);
		p[i] = (template_product){sku[i], NULL, "상품", "분류", TEMPLATE_SINGLE, i};
	}
	assert_int_equal(template_write(p, 500, &META, &b, &len), TEMPLATE_OK);
	sheet_table *t;
	assert_int_equal(xlsx_read(b, len, NULL, &t), SHEET_OK);
	assert_int_equal(t->nrows, 501);
	assert_string_equal(at(t, 500, 0), "SKU-0499");
	sheet_free(t);
	free(b);
	free(p);
	free(sku);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(written_template_reads_back),
	        cmocka_unit_test(untouched_template_has_nothing_to_apply),
	        cmocka_unit_test(bad_arguments_and_large_template),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
