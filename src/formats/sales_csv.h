/* sales_csv.h — strict reader for daily sales files with a `date,sku,qty` header, the
 * input of `jaego forecast` and `jaego backtest`.
 *
 * Column order is free and other columns are ignored; dates are ISO (YYYY-MM-DD, real
 * calendar days); qty is a non-negative decimal number. Rows with the same date and SKU
 * are summed. Each SKU becomes a dense daily series from its first date to the last date
 * of the whole file, missing days being zero. Any malformed line rejects the whole file
 * with its line number: a partial read is never returned. */
#ifndef JAEGO_SALES_CSV_H
#define JAEGO_SALES_CSV_H

#include <stddef.h>

#define SALES_MAX_BYTES ((size_t)1 << 30) /* 1 GiB: larger files are refused up front */
#define SALES_MAX_CELLS 100000000L        /* SKU-days after densifying (800 MB of doubles) */

enum {
	SALES_OK = 0,
	SALES_EIO = -1,     /* cannot open or read the file */
	SALES_EFORMAT = -2, /* malformed content (message has the line number) */
	SALES_ETOOBIG = -3, /* over SALES_MAX_BYTES or SALES_MAX_CELLS */
	SALES_ENOMEM = -4,
};

typedef struct sales_series {
	char *sku;     /* NUL-terminated */
	int first_day; /* days since 1970-01-01 of y[0] */
	int n;         /* days up to and including the file's last date */
	double *y;     /* [n] units per day */
} sales_series;

typedef struct sales_data {
	int nsku;
	sales_series *s; /* sorted by sku (byte order) */
	int last_day;    /* the forecast origin is the day after this */
	long rows;       /* data rows read */
} sales_data;

/* Parses buf[0..len). On SALES_OK *out is heap memory the caller frees with sales_free().
 * On error *out is NULL and msg (msglen bytes) holds "line N: code: Korean text". */
int sales_csv_parse(const char *buf, size_t len, sales_data **out, char *msg, size_t msglen);

/* Reads a file (or standard input when path is "-"), refusing anything larger than
 * max_bytes before reading it. Same ownership and messages as sales_csv_parse. */
int sales_csv_read(const char *path, size_t max_bytes, sales_data **out, char *msg, size_t msglen);

void sales_free(sales_data *d);

/* Strict ISO date s[0..len) to days since 1970-01-01; returns 0 or -1. */
int sales_date_parse(const char *s, size_t len, int *day);
/* Days since 1970-01-01 to "YYYY-MM-DD" (out has 11 bytes). */
void sales_date_format(int day, char out[11]);

#endif
