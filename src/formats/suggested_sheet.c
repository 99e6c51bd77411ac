/* suggested_sheet.c — the 추천 발주 workbook (libxlsxwriter); layout in suggested_sheet.h. */
#include "suggested_sheet.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "buf.h"
#include "util.h"
#include "xlsx_write.h"

const char *const suggested_sheet_headers[SUGGESTED_SHEET_NCOLS] = {
        "공급처",       "마스터 SKU", "상품명",      "추천 수량", "최소 주문 수량", "발주 단위",
        "리드타임(일)", "발주 기한",  "입고 예정일", "매입 단가", "금액",           "추천 이유"};

static const double widths[SUGGESTED_SHEET_NCOLS] = {18, 16, 32, 11, 13, 10,
                                                     11, 12, 12, 12, 14, 70};

#define SHEET_MAX_BYTES ((size_t)64 << 20)

/* libxlsxwriter writes files only: the workbook is read back from its private file. */
static int read_back(const char *path, unsigned char **out, size_t *len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return SUGGESTED_SHEET_EIO;
	struct buf b = BUF_INIT;
	int rc = buf_read_fd(&b, fd, SHEET_MAX_BYTES);
	close(fd);
	if (rc != BUF_OK || b.len == 0) {
		buf_free(&b);
		return SUGGESTED_SHEET_EIO;
	}
	*out = (unsigned char *)b.p;
	*len = b.len;
	return SUGGESTED_SHEET_OK;
}

struct formats {
	lxw_format *title, *head, *num, *money, *total, *total_money;
};

static void make_formats(lxw_workbook *wb, struct formats *f)
{
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 16);
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_bg_color(f->head, 0xE2E8F0);
	format_set_border(f->head, LXW_BORDER_THIN);
	f->num = workbook_add_format(wb);
	format_set_num_format(f->num, "#,##0");
	f->money = workbook_add_format(wb);
	format_set_num_format(f->money, "#,##0\"원\"");
	f->total = workbook_add_format(wb);
	format_set_bold(f->total);
	format_set_top(f->total, LXW_BORDER_THIN);
	format_set_num_format(f->total, "#,##0");
	f->total_money = workbook_add_format(wb);
	format_set_bold(f->total_money);
	format_set_top(f->total_money, LXW_BORDER_THIN);
	format_set_num_format(f->total_money, "#,##0\"원\"");
}

static void write_line(lxw_worksheet *ws, lxw_row_t row, const struct suggested_sheet_line *l,
                       const struct formats *f)
{
	xlsx_write_text(ws, row, 0, l->supplier && *l->supplier ? l->supplier : "(공급처 없음)",
	                NULL);
	xlsx_write_text(ws, row, 1, l->sku, NULL);
	xlsx_write_text(ws, row, 2, l->name, NULL);
	worksheet_write_number(ws, row, 3, (double)l->qty, f->num);
	worksheet_write_number(ws, row, 4, (double)l->moq, f->num);
	if (l->order_multiple > 1)
		worksheet_write_number(ws, row, 5, (double)l->order_multiple, f->num);
	worksheet_write_number(ws, row, 6, (double)l->lead_time_days, f->num);
	xlsx_write_text(ws, row, 7, l->reorder_date, NULL);
	xlsx_write_text(ws, row, 8, l->expected_arrival, NULL);
	worksheet_write_number(ws, row, 9, (double)l->unit_cost, f->money);
	worksheet_write_number(ws, row, 10, (double)l->amount, f->money);
	xlsx_write_text(ws, row, 11, l->why, NULL);
}

static void write_sheet(lxw_workbook *wb, lxw_worksheet *ws, const char *date,
                        const struct suggested_sheet_line *lines, size_t n)
{
	struct formats f;
	make_formats(wb, &f);
	for (int c = 0; c < SUGGESTED_SHEET_NCOLS; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
	char title[64];
	snprintf(title, sizeof title, "추천 발주 (%s 기준)", date ? date : "");
	xlsx_write_text(ws, 0, 0, title, f.title);
	worksheet_set_row(ws, 0, 26, NULL);
	lxw_row_t row = 2;
	for (int c = 0; c < SUGGESTED_SHEET_NCOLS; c++)
		xlsx_write_text(ws, row, (lxw_col_t)c, suggested_sheet_headers[c], f.head);
	worksheet_freeze_panes(ws, row + 1, 0);
	row++;
	int64_t qty = 0, amount = 0;
	for (size_t i = 0; i < n; i++, row++) {
		write_line(ws, row, &lines[i], &f);
		qty += lines[i].qty;
		amount += lines[i].amount;
	}
	xlsx_write_text(ws, row, 0, "합계", f.total);
	for (lxw_col_t c = 1; c < SUGGESTED_SHEET_NCOLS; c++)
		if (c != 3 && c != 10)
			xlsx_write_text(ws, row, c, "", f.total);
	worksheet_write_number(ws, row, 3, (double)qty, f.total);
	worksheet_write_number(ws, row, 10, (double)amount, f.total_money);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
}

int suggested_sheet_write(const char *date, const struct suggested_sheet_line *lines, size_t n,
                          unsigned char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (n && !lines)
		return SUGGESTED_SHEET_EINVAL;
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	char path[4096];
	snprintf(path, sizeof path, "%s/jaego-suggested-XXXXXX", dir);
	int fd = mkstemp(path);
	if (fd < 0)
		return SUGGESTED_SHEET_EIO;
	close(fd);
	lxw_workbook_options opts = {.constant_memory = LXW_FALSE, .tmpdir = (char *)dir};
	lxw_workbook *wb = workbook_new_opt(path, &opts);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, SUGGESTED_SHEET_NAME) : NULL;
	if (!ws) {
		if (wb)
			workbook_close(wb);
		unlink(path);
		return SUGGESTED_SHEET_EIO;
	}
	write_sheet(wb, ws, date, lines, n);
	lxw_error le = workbook_close(wb);
	int rc = le == LXW_NO_ERROR ? read_back(path, out, len) : SUGGESTED_SHEET_EIO;
	unlink(path);
	return rc;
}
