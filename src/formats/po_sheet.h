/* po_sheet.h — writes a purchase order as the .xlsx 발주서 a seller e-mails to a supplier.
 *
 * Sheet "발주서": a title, then label/value rows (발주처, 공급처, 발주일, 입고 예정일, 상태,
 * 메모), then the table
 *   마스터 SKU | 상품명 | 수량 | 매입 단가 | 금액 | 입고 예정일
 * one row per line, and a 합계 row. Quantities and money are numbers with thousands
 * separators, so the supplier's spreadsheet can add them up. Every text is cleaned of what
 * XML cannot carry (control characters other than tab and newline, U+FFFE/U+FFFF) before it
 * is written, so a stray character in a memo cannot make the workbook unreadable. */
#ifndef JAEGO_PO_SHEET_H
#define JAEGO_PO_SHEET_H

#include <stddef.h>
#include <stdint.h>

#define PO_SHEET_NAME "발주서"

/* Header texts of the table, in column order. */
#define PO_SHEET_NCOLS 6
extern const char *const po_sheet_headers[PO_SHEET_NCOLS];

enum { PO_SHEET_OK = 0, PO_SHEET_EIO, PO_SHEET_EINVAL };

struct po_sheet_line {
	const char *sku, *name;
	int64_t qty, unit_cost, amount;
	const char *expected_date; /* YYYY-MM-DD; may be NULL */
};

/* The order as the sheet shows it. Strings are borrowed; NULL prints as empty. */
struct po_sheet {
	int64_t id;
	const char *buyer;         /* 발주처: the shop's name */
	const char *supplier;      /* 공급처 */
	const char *order_date;    /* NULL: not sent yet (shown as "발주 전") */
	const char *expected_date; /* 입고 예정일 */
	const char *status_label;  /* 작성 중, 발주 완료, ... */
	const char *memo;
	const struct po_sheet_line *lines;
	size_t nlines;
};

/* Writes the workbook. On success returns PO_SHEET_OK and stores in *out a malloc'd buffer
 * of *len bytes that the caller frees. libxlsxwriter writes files only, so the workbook
 * goes through a private mkstemp file in $TMPDIR (or /tmp), removed before returning. */
int po_sheet_write(const struct po_sheet *s, unsigned char **out, size_t *len);

/* A copy of s without the characters XML 1.0 cannot carry (see above); malloc'd, the caller
 * frees it. NULL gives "". */
char *po_sheet_text(const char *s);

#endif
