/* csv_write.h — quoting one CSV field for the files jaego writes: the audit export (read by
 * people in a spreadsheet) and the events export (read back by `jaego forecast --events`). */
#ifndef JAEGO_CSV_WRITE_H
#define JAEGO_CSV_WRITE_H

/* One CSV field: always quoted, inner quotes doubled, NULL written as "". For files that
 * programs read back: the text comes out exactly as it went in. Returns a malloc'd string
 * the caller frees. */
char *csv_field(const char *s);

/* csv_field, and a leading = + - @ tab or CR prefixed with an apostrophe so that a
 * spreadsheet shows the cell instead of running it as a formula. For files people open in
 * a spreadsheet; the apostrophe is part of the cell for any program reading the file.
 * Returns a malloc'd string the caller frees. */
char *csv_field_guarded(const char *s);

#endif
