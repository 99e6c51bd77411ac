/* xlsx_write.h — what every .xlsx that jaego writes shares: the one door through which
 * text reaches a cell (the stock template, the product table, the order sheets, the audit
 * log export), a workbook made in memory, and the formats of the order sheets. */
#ifndef JAEGO_XLSX_WRITE_H
#define JAEGO_XLSX_WRITE_H

#include <xlsxwriter.h>

/* worksheet_write_string() for text that may come from the store: code points XML 1.0
 * does not allow (U+FFFE, U+FFFF, most control characters) and bytes that are not UTF-8
 * are written as U+FFFD, so that one bad name or memo never makes Excel call the whole
 * workbook damaged. NULL text is passed on as NULL (a blank cell). */
lxw_error xlsx_write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
                          lxw_format *format);

/* libxlsxwriter writes files: a workbook made in a private temporary file (in TMPDIR, else
 * /tmp) and read back into memory. xlsx_mem_open gives m->wb (XLSX_MEM_EIO when no
 * temporary file or workbook can be made); xlsx_mem_close closes the workbook and, when ok
 * and it closed cleanly, reads its bytes into *out (malloc'd) and *len; the file is always
 * removed. m->path names the closed file between the two for a caller that must touch it
 * (xlsx_mem_close_file, then xlsx_mem_read). */
enum { XLSX_MEM_OK = 0, XLSX_MEM_EIO = -1, XLSX_MEM_ENOMEM = -2 };
struct xlsx_mem {
	lxw_workbook *wb;
	char dir[4096];
	char path[4096];
};
int xlsx_mem_open(struct xlsx_mem *m, const char *prefix);
int xlsx_mem_close(struct xlsx_mem *m, int ok, unsigned char **out, size_t *len);
/* The two halves of xlsx_mem_close: close the workbook (XLSX_MEM_OK or the error), then
 * read the file and remove it (ok = 0 only removes it). */
int xlsx_mem_close_file(struct xlsx_mem *m);
int xlsx_mem_read(struct xlsx_mem *m, int ok, unsigned char **out, size_t *len);

/* The formats of the order sheets (발주서, 추천 발주표): title, header row, whole numbers,
 * KRW amounts, and the total row. */
struct xlsx_sheet_formats {
	lxw_format *title, *head, *num, *money, *total, *total_money;
};
void xlsx_sheet_formats_add(lxw_workbook *wb, struct xlsx_sheet_formats *f);

#endif
