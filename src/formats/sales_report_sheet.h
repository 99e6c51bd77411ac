/* sales_report_sheet.h — the sales report (판매 리포트) as an .xlsx with Korean headers: one
 * sheet "판매 리포트", a title row and a line saying what counts, then the table
 *   상품명 | 마스터 SKU | 분류 | <each period> | 합계 | 전 기간 대비 | 전년 동기 대비
 * (by category: 분류 | <each period> | 합계 | 전 기간 대비 | 전년 동기 대비), one row per
 * product or category as the screen lists them, and a 합계 row; the header row stays in
 * view. Units are whole numbers with thousands separators, changes percentages with one
 * decimal (an empty cell where there is nothing to compare with). The caller passes the
 * numbers it shows on the screen, so the file holds exactly those. */
#ifndef JAEGO_SALES_REPORT_SHEET_H
#define JAEGO_SALES_REPORT_SHEET_H

#include <stddef.h>
#include <stdint.h>

#define SALES_REPORT_SHEET_NAME "판매 리포트"

enum { SALES_REPORT_SHEET_OK = 0, SALES_REPORT_SHEET_EIO, SALES_REPORT_SHEET_EINVAL };

/* One row. Strings are borrowed; sku and category are ignored by category. */
struct sales_report_sheet_row {
	const char *name, *sku, *category;
	const int64_t *qty; /* [nperiods] */
	int64_t total;
	int has_prev, has_last_year;           /* 0: nothing to compare with (empty cell) */
	int64_t prev_tenths, last_year_tenths; /* change in tenths of a percent */
};

struct sales_report_sheet {
	const char *title; /* "판매 리포트 — 주간, 2026-09-07 ~ 2026-12-02" */
	const char *note;  /* what counts, one line */
	int by_category;
	size_t nperiods;
	const char *const *period_heads; /* [nperiods] header text of each period */
	const struct sales_report_sheet_row *rows;
	size_t nrows;
	const struct sales_report_sheet_row *sum;
};

/* Writes the workbook into a malloc'd buffer (*out, *len) the caller frees. */
int sales_report_sheet_write(const struct sales_report_sheet *s, unsigned char **out, size_t *len);

#endif
