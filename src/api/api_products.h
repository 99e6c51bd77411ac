/* api_products.h — the product table over HTTP (docs/api.md, products section). */
#ifndef JAEGO_API_PRODUCTS_H
#define JAEGO_API_PRODUCTS_H

#include "route.h"

#define API_PRODUCTS_IMPORT_MAX (10u * 1024u * 1024u) /* a product table upload */

extern const struct route api_products_routes[];

#endif
