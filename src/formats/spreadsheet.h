/* spreadsheet.h — the one way every import opens an uploaded spreadsheet and words what is
 * wrong with it: the product table import, the stock template import, and the imports still
 * to come (sales history, channel orders).
 *
 * spreadsheet_open() tells a file's kind by its bytes, never by its name alone:
 *   - a zip (PK) is read as .xlsx (xlsx_read);
 *   - an OLE2 compound file is an old .xls (SHEET_EXLS) or, when it holds an EncryptionInfo
 *     stream, a password-protected .xlsx (SHEET_EENCRYPTED);
 *   - a file named .xlsx/.xlsm/.xls that is neither is refused (SHEET_ENOTSHEET) rather than
 *     read as text;
 *   - anything else is read as CSV (csv_read), which refuses binary data.
 * File-level refusals are sheet_err codes: their stable English codes and Korean messages are
 * the one table in sheet.c (sheet_err_code, sheet_err_message).
 *
 * The other helpers give every import the same codes and messages for the same cell and
 * header problems, so a user reads one vocabulary whichever screen the file went to. */
#ifndef JAEGO_SPREADSHEET_H
#define JAEGO_SPREADSHEET_H

#include <jansson.h>
#include <stddef.h>

#include "sheet.h"

/* Reads an upload held in data[0..len). want_sheet names the worksheet to read in a workbook
 * (the first visible one when absent or NULL); file_name (may be NULL) only keeps a file
 * named like a workbook from being read as CSV. Returns SHEET_OK with a table in *out that the
 * caller frees with sheet_free(), or a sheet_err with *out NULL. data is only read. */
int spreadsheet_open(const void *data, size_t len, const char *file_name, const char *want_sheet,
                     sheet_table **out);

/* The problem a cell's value has for any import, or NULL when it is absent or has a value:
 *   "formula_without_value"  a formula whose result the file does not hold (files written by
 *                            programs that do not calculate); formulas are never evaluated;
 *   "formula_error"          a formula whose result is an error (#N/A, #DIV/0! ...).
 * The Korean message, naming the cell (e.g. "F12"), is written to msg (size > 0). */
const char *spreadsheet_cell_problem(const sheet_cell *c, int row, char *msg, size_t size);

/* Copies the text of a number cell into out (size > 0) with the full-width forms a Korean
 * input method types (０-９, ＋, －, ，, ．) and the minus sign U+2212 folded to ASCII, so that
 * "１２" reads as 12. Other text is copied unchanged; longer text is cut. */
void spreadsheet_number_text(const char *in, char *out, size_t size);

/* A missing_column refusal, worded the same in every import. missing[0..nmissing) are the
 * columns not found, need[0..nneed) the columns a header row must have; hdr is the row
 * taken as the header, or NULL when none was: then the row with the most cells among the
 * first 10 is shown. Writes the Korean message to msg (size > 0): what is missing, where the
 * headers were looked for (the sheet's name, or the CSV file) and which headers were found,
 * shortened past a few. Returns the details as a new JSON object, or NULL when out of memory:
 * {"sheet": name|null, "header_row": n (0 when the file has no text), "headers": [...],
 *  "missing": [...]}. */
json_t *spreadsheet_missing_columns(const sheet_table *t, const sheet_row *hdr,
                                    const char *const *missing, int nmissing,
                                    const char *const *need, int nneed, char *msg, size_t size);

#endif
