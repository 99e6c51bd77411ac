/* events_csv.h — strict reader for organisation event files, the `--events` input of
 * `jaego forecast` and `jaego backtest`, and what GET /api/events/export.csv writes.
 *
 * Header `date,name[,days_before,days_after]`: column order is free and other columns
 * (kind, channel, memo from the export) are ignored. A UTF-8 BOM is skipped; fields may be
 * quoted as in RFC 4180 ("" for a quote; commas and line breaks inside quotes); LF or CRLF
 * line ends; blank lines are skipped. date is ISO (YYYY-MM-DD, a real calendar day); name is
 * 1..60 characters of UTF-8 without control characters; days_before and days_after are
 * integers 0..14 (empty = 0). Any malformed line rejects the whole file with its line
 * number: a partial read is never returned. */
#ifndef JAEGO_EVENTS_CSV_H
#define JAEGO_EVENTS_CSV_H

#include <stddef.h>

#define EVENTS_MAX_BYTES  ((size_t)16 << 20) /* 16 MiB */
#define EVENTS_MAX_ROWS   100000
#define EVENTS_NAME_CHARS 60
#define EVENTS_WINDOW_MAX 14

enum {
	EVENTS_OK = 0,
	EVENTS_EIO = -1,     /* cannot open or read the file */
	EVENTS_EFORMAT = -2, /* malformed content (message has the line number) */
	EVENTS_ETOOBIG = -3, /* over EVENTS_MAX_BYTES or EVENTS_MAX_ROWS */
	EVENTS_ENOMEM = -4,
};

typedef struct events_row {
	long line;         /* line of the file where the row starts (1 = header) */
	int day;           /* days since 1970-01-01 */
	char date[11];     /* "YYYY-MM-DD" */
	char *name;        /* NUL-terminated UTF-8 */
	int before, after; /* days of effect before and after the date */
} events_row;

typedef struct events_list {
	int n;
	events_row *rows; /* in file order */
} events_list;

/* Parses buf[0..len). On EVENTS_OK *out is heap memory the caller frees with events_free()
 * (a file with a header and no rows gives n = 0). On error *out is NULL and msg (msglen
 * bytes) holds "line N: code: Korean text". */
int events_csv_parse(const char *buf, size_t len, events_list **out, char *msg, size_t msglen);

/* Reads a file, refusing anything larger than EVENTS_MAX_BYTES before reading it. Same
 * ownership and messages as events_csv_parse (without a line number for I/O errors). */
int events_csv_read(const char *path, events_list **out, char *msg, size_t msglen);

void events_free(events_list *l);

#endif
