/* stock_sheet.h — the 재고 현황 board as an .xlsx with Korean headers: one sheet "재고 현황",
 * a title row with the date, a row saying which filters made the list, then the table in
 * the order of the board's columns
 *   마스터 SKU | 상품명 | 공급처 | 현재 재고 | 30일 예측 | 60일 예측 | 90일 예측 |
 *   예상 소진일 | 재고 일수 | 리드타임(일) | 안전재고 | 발주 필요 | 발주 기한 | 추천 발주량 |
 *   과잉 재고 | [과잉 재고 금액] | 소비기한 임박 | 폐기 위험 | [폐기 위험 금액] | 계산 못 한 이유
 * one row per product. The bracketed columns are values at 매입 단가: they are written only
 * for a reader who may see costs, and left out (not blanked) for the others. A figure that
 * could not be computed is an empty cell, and the last column says why. */
#ifndef JAEGO_STOCK_SHEET_H
#define JAEGO_STOCK_SHEET_H

#include <stddef.h>
#include <stdint.h>

#define STOCK_SHEET_NAME "재고 현황"
#define STOCK_SHEET_NONE INT64_MIN /* a figure without a value: an empty cell */

enum stock_sheet_col {
	STOCK_COL_SKU,
	STOCK_COL_NAME,
	STOCK_COL_SUPPLIER,
	STOCK_COL_ON_HAND,
	STOCK_COL_F30,
	STOCK_COL_F60,
	STOCK_COL_F90,
	STOCK_COL_DEPLETION,
	STOCK_COL_COVER,
	STOCK_COL_LEAD,
	STOCK_COL_SAFETY,
	STOCK_COL_URGENCY,
	STOCK_COL_REORDER_DATE,
	STOCK_COL_SUGGESTED,
	STOCK_COL_OVERSTOCK,
	STOCK_COL_OVERSTOCK_VALUE, /* money */
	STOCK_COL_EXPIRY_NEAR,
	STOCK_COL_EXPIRY_RISK,
	STOCK_COL_EXPIRY_RISK_VALUE, /* money */
	STOCK_COL_PROBLEMS,
	STOCK_SHEET_NCOLS
};
extern const char *const stock_sheet_headers[STOCK_SHEET_NCOLS];

/* Whether a column is a value at 매입 단가 (left out for readers who do not see costs). */
int stock_sheet_col_is_money(int col);

/* The columns a reader sees, in order, into cols (room for STOCK_SHEET_NCOLS); returns how
 * many. */
int stock_sheet_columns(int show_cost, int cols[STOCK_SHEET_NCOLS]);

enum { STOCK_SHEET_OK = 0, STOCK_SHEET_EIO, STOCK_SHEET_EINVAL };

/* One product. Strings are borrowed; NULL is an empty cell. Numbers indexed by
 * enum stock_sheet_col (only the numeric columns are read); STOCK_SHEET_NONE is empty. */
struct stock_sheet_line {
	const char *sku, *name, *supplier;
	const char *depletion_date, *reorder_date; /* YYYY-MM-DD */
	const char *urgency;                       /* the board's word, e.g. "오늘 발주" */
	const char *problems;                      /* why figures are missing, one sentence each */
	int64_t num[STOCK_SHEET_NCOLS];
};

/* The sheet's words above the table. */
struct stock_sheet_meta {
	const char *date; /* "YYYY-MM-DD", the day the figures are for */
	const char *filters; /* "카테고리: 주방용품 · 검색: 냄비", or NULL / "" for every product */
	int show_cost;
};

/* Writes the workbook into a malloc'd buffer (*out, *len) the caller frees. */
int stock_sheet_write(const struct stock_sheet_meta *meta, const struct stock_sheet_line *lines,
                      size_t n, unsigned char **out, size_t *len);

#endif
