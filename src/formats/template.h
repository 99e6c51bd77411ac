/* template.h — writes the stock template (.xlsx) sellers fill with inbound and outbound
 * quantities and upload back.
 *
 * Sheet "입출고": one row per product with the exact headers, in this order:
 *   마스터 SKU | 플레이오토 SKU | 상품명 | 카테고리 | 세트 유무 | 입고 수량 | 출고 수량 | 처리일자 |
 *   메모 | 소비기한 | 로트 번호 | 현재 재고 | 소비기한 관리
 * The pre-filled columns (A-E and the reference columns L-M) are locked and shaded; the
 * input columns F-K are unlocked. Sheet protection has no password (it guards against
 * slips, not people) and still allows sorting, filters and resizing columns. F and G only
 * accept whole numbers >= 0 and H only dates, by Excel's own data validation with Korean
 * messages; J (소비기한) takes a date or "모름", which its input message explains, and M says
 * "예" for the products whose inbound needs it.
 * Sheet "사용 방법" explains the steps in Korean. Sheet SHEET_META_NAME ("_jaego") is very
 * hidden and holds key/value rows: template, version, org_id, org_name, token, generated_at,
 * rows; the importer checks org_id and token so a file from another organisation is refused. */
#ifndef JAEGO_TEMPLATE_H
#define JAEGO_TEMPLATE_H

#include <stddef.h>

#define TEMPLATE_SHEET      "입출고"
#define TEMPLATE_HELP_SHEET "사용 방법"
#define TEMPLATE_KIND       "jaego-stock" /* value of the meta key "template" */
#define TEMPLATE_VERSION    2 /* 2: 소비기한, 로트 번호 and 소비기한 관리 columns */

enum { TEMPLATE_OK = 0, TEMPLATE_ENOMEM, TEMPLATE_EIO, TEMPLATE_EINVAL };

/* Column order of the template; the importer finds columns by header text, not by these. */
enum {
	TEMPLATE_COL_SKU = 0,
	TEMPLATE_COL_PLAYAUTO,
	TEMPLATE_COL_NAME,
	TEMPLATE_COL_CATEGORY,
	TEMPLATE_COL_KIND,
	TEMPLATE_COL_INBOUND,
	TEMPLATE_COL_OUTBOUND,
	TEMPLATE_COL_DATE,
	TEMPLATE_COL_MEMO,
	TEMPLATE_COL_EXPIRY,
	TEMPLATE_COL_LOT,
	TEMPLATE_COL_ON_HAND,
	TEMPLATE_COL_HAS_EXPIRY,
	TEMPLATE_NCOLS
};

/* Header texts indexed by TEMPLATE_COL_*. */
extern const char *const template_headers[TEMPLATE_NCOLS];

typedef enum template_kind { TEMPLATE_SINGLE = 0, TEMPLATE_SET = 1 } template_kind;

typedef struct template_product {
	const char *sku;          /* master SKU, required */
	const char *playauto_sku; /* may be NULL */
	const char *name;         /* may be NULL */
	const char *category;     /* may be NULL */
	template_kind kind;
	long long on_hand; /* current stock, shown for reference */
	int needs_expiry;  /* an inbound must give its expiry date (ledger_expiry_required) */
} template_product;

typedef struct template_meta {
	long long org_id;
	const char *org_name;     /* shown in the instructions; may be NULL */
	const char *token;        /* per-organisation template token checked on upload */
	const char *generated_at; /* ISO 8601 UTC instant, e.g. "2026-11-29T09:00:00Z" */
	int version;              /* TEMPLATE_VERSION */
} template_meta;

/* Writes the template for n products. On success returns TEMPLATE_OK and stores in *out a
 * malloc'd buffer of *outlen bytes that the caller frees with free(). libxlsxwriter 1.1.4
 * cannot write to memory, so the file goes through a private mkstemp file in $TMPDIR (or
 * /tmp) that is removed before returning. */
int template_write(const template_product *products, size_t n, const template_meta *meta,
                   unsigned char **out, size_t *outlen);

#endif
