/* xlsx_write.h — the one door through which text reaches a cell of an .xlsx that jaego
 * writes: the stock template, the product table and the audit log export. */
#ifndef JAEGO_XLSX_WRITE_H
#define JAEGO_XLSX_WRITE_H

#include <xlsxwriter.h>

/* worksheet_write_string() for text that may come from the store: code points XML 1.0
 * does not allow (U+FFFE, U+FFFF, most control characters) and bytes that are not UTF-8
 * are written as U+FFFD, so that one bad name or memo never makes Excel call the whole
 * workbook damaged. NULL text is passed on as NULL (a blank cell). */
lxw_error xlsx_write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
                          lxw_format *format);

#endif
