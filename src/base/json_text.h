/* json_text.h — JSON written as text straight into a growable buffer (buf.h), for the large
 * answers where a tree of jansson objects costs more than the data behind it (the product
 * list, GET /api/stock). The output is what json_dumps(..., JSON_COMPACT) writes for the same
 * values: strings escaped as jansson escapes them, reals in its shortest-round-trip form, so
 * that an answer switched from a tree to text stays byte for byte the same. Running out of
 * memory aborts, as xmalloc does. */
#ifndef JAEGO_JSON_TEXT_H
#define JAEGO_JSON_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

void jt_raw(struct buf *b, const char *s, size_t n);
void jt_lit(struct buf *b, const char *s); /* s as is: punctuation, keys, literals */
/* A JSON string of UTF-8 text s (NULL is written as ""): quotes, backslashes and control
 * characters escaped. */
void jt_str(struct buf *b, const char *s);
void jt_int(struct buf *b, int64_t v);
void jt_real(struct buf *b, double v); /* 95.0, 0.10000000000000001, 1e+300 as 1e300 */
void jt_bool(struct buf *b, int v);

#endif
