/* xlsx_read.h — reads an .xlsx workbook held in memory into a sheet_table.
 *
 * The zip container is opened with libzip from the caller's buffer and every XML part is
 * streamed through expat, so nothing touches the disk. Hostile files are expected: the
 * reader bounds the total uncompressed size and the per-entry compression ratio (zip bombs),
 * refuses any DOCTYPE or entity declaration (entity expansion), caps the number of rows,
 * and tells an old .xls, a non-zip, a truncated zip and an empty file apart. */
#ifndef JAEGO_XLSX_READ_H
#define JAEGO_XLSX_READ_H

#include <stddef.h>

#include "sheet.h"

#define XLSX_MAX_UNCOMPRESSED (64u * 1024u * 1024u) /* sum over every part read */
#define XLSX_MAX_RATIO        200                   /* per entry, when over 1 MiB */

/* Reads the workbook in data[0..len). The data sheet is the worksheet named want_sheet when
 * given and present, else the first visible worksheet other than SHEET_META_NAME. Rows of the
 * sheet named SHEET_META_NAME, if present, become the table's meta pairs.
 * On success returns SHEET_OK and stores a table in *out that the caller frees with
 * sheet_free(); on failure returns a sheet_err and leaves *out NULL. The buffer is only read
 * and may be freed after the call. */
int xlsx_read(const void *data, size_t len, const char *want_sheet, sheet_table **out);

/* 1 when data starts like a zip file (PK\3\4 or an empty archive's PK\5\6). */
int xlsx_looks_like_zip(const void *data, size_t len);
/* 1 when data starts with the OLE2 compound-file magic of .xls (and encrypted .xlsx). */
int xlsx_looks_like_ole2(const void *data, size_t len);

#endif
