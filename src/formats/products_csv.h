/* products_csv.h — reader for the product file of `jaego simulate`: one row per product
 * with `sku,lead_time_days,moq` and optionally `order_multiple,unit_cost,on_hand,
 * expiry_days`, in any column order (other columns are ignored).
 *
 * The file goes through the CSV reader every import uses (csv_read.h: UTF-8 or CP949,
 * quoting, BOM). Numbers are whole and non-negative; an empty optional cell means "not
 * given". Any bad row rejects the whole file with its line number. */
#ifndef JAEGO_PRODUCTS_CSV_H
#define JAEGO_PRODUCTS_CSV_H

#include <stddef.h>
#include <stdint.h>

#define PRODUCTS_NONE (-1) /* an optional column left empty or absent */

enum {
	PRODUCTS_OK = 0,
	PRODUCTS_EIO = -1,     /* cannot open or read the file */
	PRODUCTS_EFORMAT = -2, /* malformed content (the message has the line number) */
	PRODUCTS_ENOMEM = -3,
};

struct products_row {
	char *sku;
	long line;
	int lead_time_days;
	int64_t moq;
	int64_t order_multiple; /* PRODUCTS_NONE: any quantity */
	int64_t unit_cost;      /* PRODUCTS_NONE: unknown */
	int64_t on_hand;        /* PRODUCTS_NONE: not given */
	int expiry_days;        /* PRODUCTS_NONE: does not expire */
};

struct products_list {
	size_t n;
	struct products_row *rows; /* in file order */
};

/* Parses data[0..len). On PRODUCTS_OK *out is heap memory freed with products_free(); on
 * error *out is NULL and msg holds "line N: code: Korean text". */
int products_csv_parse(const void *data, size_t len, struct products_list **out, char *msg,
                       size_t msglen);
/* Reads a file (at most CSV_MAX_BYTES), then parses it. */
int products_csv_read(const char *path, struct products_list **out, char *msg, size_t msglen);
void products_free(struct products_list *l);

#endif
