/* suggested_sheet.h — the suggested order sheet (추천 발주) as an .xlsx with Korean headers:
 * one sheet "추천 발주", a title row with the date, then the table
 *   공급처 | 마스터 SKU | 상품명 | 추천 수량 | 최소 주문 수량 | 발주 단위 | 리드타임(일) |
 *   발주 기한 | 입고 예정일 | 매입 단가 | 금액 | 추천 이유
 * one row per product, the products of one supplier together, and a 합계 row. Quantities
 * and money are numbers with thousands separators. */
#ifndef JAEGO_SUGGESTED_SHEET_H
#define JAEGO_SUGGESTED_SHEET_H

#include <stddef.h>
#include <stdint.h>

#define SUGGESTED_SHEET_NAME  "추천 발주"
#define SUGGESTED_SHEET_NCOLS 12
extern const char *const suggested_sheet_headers[SUGGESTED_SHEET_NCOLS];

enum { SUGGESTED_SHEET_OK = 0, SUGGESTED_SHEET_EIO, SUGGESTED_SHEET_EINVAL };

/* One product. Strings are borrowed; NULL prints as empty. */
struct suggested_sheet_line {
	const char *supplier, *sku, *name;
	int64_t qty, moq;
	int64_t order_multiple; /* <= 1: any quantity (empty cell) */
	int64_t lead_time_days;
	const char *reorder_date, *expected_arrival; /* YYYY-MM-DD or NULL */
	int64_t unit_cost, amount;
	const char *why;
};

/* Writes the workbook into a malloc'd buffer (*out, *len) the caller frees. date: the
 * sheet's day ("YYYY-MM-DD"). */
int suggested_sheet_write(const char *date, const struct suggested_sheet_line *lines, size_t n,
                          unsigned char **out, size_t *len);

#endif
