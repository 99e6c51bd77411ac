/* product_rules.h — the rules of a product's identifiers that need no database: what a
 * master SKU may contain and which sales channels a channel code may name. The catalogue's
 * JSON reader, the store and the spreadsheet import all ask these. */
#ifndef JAEGO_PRODUCT_RULES_H
#define JAEGO_PRODUCT_RULES_H

/* 1 when s is a usable master SKU: 1..64 bytes, no whitespace, control characters, or
 * any of / ? # % \ (it travels in URL paths and spreadsheet cells). */
int catalog_sku_valid(const char *s);

/* 1 when c names a sales channel: playauto, coupang, smartstore or ownmall. */
int catalog_channel_valid(const char *c);

#endif
