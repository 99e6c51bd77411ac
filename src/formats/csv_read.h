/* csv_read.h — reads a CSV file held in memory into a sheet_table.
 *
 * Korean Excel saves "CSV (쉼표로 분리)" in CP949, newer Excel and Google Sheets in UTF-8 with
 * or without a BOM, and files that passed through a Mac may carry decomposed (NFD) Hangul.
 * The reader detects the encoding (valid UTF-8 wins, else CP949 through iconv), normalises
 * every cell to NFC, and follows RFC 4180 quoting with CRLF or LF line ends and newlines
 * inside quoted fields. A line with tabs and no commas is read as tab-separated. */
#ifndef JAEGO_CSV_READ_H
#define JAEGO_CSV_READ_H

#include <stddef.h>

#include "sheet.h"

#define CSV_MAX_BYTES (32u * 1024u * 1024u)

/* Reads data[0..len). On success returns SHEET_OK and stores a table in *out that the caller
 * frees with sheet_free(); the table's encoding says what was detected. Rows keep their
 * record number (1-based) as row number; rows whose fields are all empty are dropped. On
 * failure returns a sheet_err (SHEET_EEMPTY, SHEET_EENCODING, SHEET_ENOTSHEET for binary
 * data, SHEET_ETOOMANYROWS, SHEET_EBOMB over CSV_MAX_BYTES, SHEET_ENOMEM) and *out is NULL. */
int csv_read(const void *data, size_t len, sheet_table **out);

/* 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int csv_is_utf8(const unsigned char *s, size_t len);

#endif
