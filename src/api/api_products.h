/* api_products.h — the product table over HTTP (docs/api.md, products section). */
#ifndef JAEGO_API_PRODUCTS_H
#define JAEGO_API_PRODUCTS_H

#include "route.h"

#define API_PRODUCTS_IMPORT_MAX (10u * 1024u * 1024u) /* a product table upload */

/* The least role that sees a product's purchase cost (매입 단가, unit_cost): what the shop
 * pays its supplier is for those who order and price, not for every member. Below it,
 * product answers and the product export leave the field out (docs/security.md). */
#define API_PRODUCTS_COST_ROLE ROLE_MANAGER

extern const struct route api_products_routes[];

#endif
