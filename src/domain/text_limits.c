/* text_limits.c — the table of text limits (text_limits.h) as data, for GET /api/limits. */
#include "text_limits.h"

#include "util.h"

static const struct limit table[] = {
        {"product.sku", LIMIT_SKU, 1},
        {"product.playauto_sku", LIMIT_SKU, 0},
        {"product.name", LIMIT_PRODUCT_NAME, 0},
        {"product.category", LIMIT_CATEGORY, 0},
        {"product.manufacturer", LIMIT_MANUFACTURER, 0},
        {"product.barcode", LIMIT_BARCODE, 1},
        {"product.channel_code", LIMIT_CHANNEL_CODE, 1},
        {"product.memo", LIMIT_MEMO, 0},
        {"supplier.name", LIMIT_SUPPLIER_NAME, 0},
        {"supplier.contact", LIMIT_SUPPLIER_CONTACT, 0},
        {"supplier.phone", LIMIT_SUPPLIER_PHONE, 0},
        {"supplier.email", LIMIT_SUPPLIER_EMAIL, 0},
        {"supplier.memo", LIMIT_MEMO, 0},
        {"movement.memo", LIMIT_MEMO, 0},
        {"movement.lot", LIMIT_LOT, 1},
        {"event.name", LIMIT_EVENT_NAME, 0},
        {"event.memo", LIMIT_EVENT_MEMO, 0},
        {"member.login", LIMIT_MEMBER_LOGIN, 0},
        {"member.name", LIMIT_MEMBER_NAME, 0},
        {"org.name", LIMIT_ORG_NAME, 0},
        {"override.reason", LIMIT_OVERRIDE_REASON, 0},
};

const struct limit *limits_table(size_t *n)
{
	*n = ARRAY_LEN(table);
	return table;
}
