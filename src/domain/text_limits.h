/* text_limits.h — every text limit the server enforces on what a member types, in one place.
 * The handlers and the store check against these numbers, and GET /api/limits serves the
 * same table to the web app, whose forms set their maxLength from it: a form can never
 * promise more (or less) than the server accepts. Lengths are characters (Unicode code
 * points) unless the table says bytes. */
#ifndef JAEGO_TEXT_LIMITS_H
#define JAEGO_TEXT_LIMITS_H

#include <stddef.h>
#include <stdint.h>

#define LIMIT_SKU              64   /* bytes of a master SKU; characters of a PlayAuto SKU */
#define LIMIT_MEMO             2000 /* a memo of a movement, a product or a supplier */
#define LIMIT_PRODUCT_NAME     200
#define LIMIT_CATEGORY         50
#define LIMIT_MANUFACTURER     100 /* a 제조사 name, as long as a supplier's */
#define LIMIT_BARCODE          64  /* bytes */
#define LIMIT_CHANNEL_CODE     100 /* bytes of one channel's product code */
#define LIMIT_LOT              64  /* bytes of a movement's lot number */
#define LIMIT_SUPPLIER_NAME    100
#define LIMIT_SUPPLIER_CONTACT 200 /* 담당자 */
#define LIMIT_SUPPLIER_PHONE   40  /* 연락처 */
#define LIMIT_SUPPLIER_EMAIL   200
#define LIMIT_EVENT_NAME       60
#define LIMIT_EVENT_MEMO       500
#define LIMIT_MEMBER_LOGIN     32
#define LIMIT_MEMBER_NAME      50
#define LIMIT_ORG_NAME         50  /* 회사 이름 */
#define LIMIT_OVERRIDE_REASON  500 /* 예측 수정 and its revert: the reason */

struct limit {
	const char *key; /* "form.field", the name the web app looks up */
	int64_t max;
	int bytes; /* 1: max counts bytes, 0: characters */
};

/* The table, in a stable order; *n gets its length. */
const struct limit *limits_table(size_t *n);

#endif
