/* po_sheet.c — the 발주서 workbook (libxlsxwriter), see po_sheet.h for the layout. */
#include "po_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "util.h"
#include "xlsx_write.h"

const char *const po_sheet_headers[PO_SHEET_NCOLS] = {"마스터 SKU", "상품명", "수량",
                                                      "매입 단가",  "금액",   "입고 예정일"};

static const double widths[PO_SHEET_NCOLS] = {18, 40, 11, 13, 15, 13};

char *po_sheet_text(const char *s)
{
	s = s ? s : "";
	size_t n = strlen(s);
	char *out = xmalloc(n + 1), *o = out;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		/* XML 1.0 allows tab, newline and carriage return below 0x20, nothing else. */
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
			p++;
			continue;
		}
		/* U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not characters either. */
		if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
			p += 3;
			continue;
		}
		*o++ = (char)*p++;
	}
	*o = 0;
	return out;
}

/* Writes a cleaned text cell. */
static void put_text(lxw_worksheet *ws, int row, int col, const char *text, lxw_format *f)
{
	char *t = po_sheet_text(text);
	worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, t, f);
	free(t);
}

struct formats {
	struct xlsx_sheet_formats s;
	lxw_format *label, *wrap;
};

static void make_formats(lxw_workbook *wb, struct formats *f)
{
	xlsx_sheet_formats_add(wb, &f->s);
	f->label = workbook_add_format(wb);
	format_set_bold(f->label);
	format_set_font_color(f->label, 0x475569);
	f->wrap = workbook_add_format(wb);
	format_set_text_wrap(f->wrap);
}

/* Label/value rows above the table; returns the next free row. */
static int write_head(lxw_worksheet *ws, const struct po_sheet *s, const struct formats *f)
{
	char title[48];
	snprintf(title, sizeof title, "발주서 #%lld", (long long)s->id);
	put_text(ws, 0, 0, title, f->s.title);
	worksheet_set_row(ws, 0, 26, NULL);
	const char *labels[] = {"발주처", "공급처", "발주일", "입고 예정일", "상태", "메모"};
	const char *values[] = {
	        s->buyer,         s->supplier,     s->order_date ? s->order_date : "발주 전",
	        s->expected_date, s->status_label, s->memo};
	int row = 2;
	for (size_t i = 0; i < ARRAY_LEN(labels); i++, row++) {
		put_text(ws, row, 0, labels[i], f->label);
		put_text(ws, row, 1, values[i], i == ARRAY_LEN(labels) - 1 ? f->wrap : NULL);
	}
	return row + 1;
}

int po_sheet_write(const struct po_sheet *s, unsigned char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (!s || (s->nlines && !s->lines))
		return PO_SHEET_EINVAL;
	struct xlsx_mem m;
	if (xlsx_mem_open(&m, "jaego-po") != XLSX_MEM_OK)
		return PO_SHEET_EIO;
	lxw_workbook *wb = m.wb;
	lxw_worksheet *ws = workbook_add_worksheet(wb, PO_SHEET_NAME);
	if (!ws) {
		xlsx_mem_close(&m, 0, out, len);
		return PO_SHEET_EIO;
	}
	struct formats f;
	make_formats(wb, &f);
	for (int c = 0; c < PO_SHEET_NCOLS; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
	int row = write_head(ws, s, &f);
	int first = row;
	for (int c = 0; c < PO_SHEET_NCOLS; c++)
		put_text(ws, row, c, po_sheet_headers[c], f.s.head);
	row++;
	int64_t qty = 0, amount = 0;
	for (size_t i = 0; i < s->nlines; i++, row++) {
		const struct po_sheet_line *l = &s->lines[i];
		put_text(ws, row, 0, l->sku, NULL);
		put_text(ws, row, 1, l->name, NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 2, (double)l->qty, f.s.num);
		worksheet_write_number(ws, (lxw_row_t)row, 3, (double)l->unit_cost, f.s.money);
		worksheet_write_number(ws, (lxw_row_t)row, 4, (double)l->amount, f.s.money);
		put_text(ws, row, 5, l->expected_date, NULL);
		qty += l->qty;
		amount += l->amount;
	}
	put_text(ws, row, 0, "합계", f.s.total);
	put_text(ws, row, 1, "", f.s.total);
	worksheet_write_number(ws, (lxw_row_t)row, 2, (double)qty, f.s.total);
	put_text(ws, row, 3, "", f.s.total);
	worksheet_write_number(ws, (lxw_row_t)row, 4, (double)amount, f.s.total_money);
	put_text(ws, row, 5, "", f.s.total);
	worksheet_freeze_panes(ws, (lxw_row_t)(first + 1), 0);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	return xlsx_mem_close(&m, 1, out, len) == XLSX_MEM_OK ? PO_SHEET_OK : PO_SHEET_EIO;
}
