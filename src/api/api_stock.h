/* api_stock.h — planning over HTTP: GET /api/stock (every product's planning figures) and
 * GET /api/purchase-orders/suggested (the suggested order sheet, JSON or .xlsx). */
#ifndef JAEGO_API_STOCK_H
#define JAEGO_API_STOCK_H

#include "route.h"

/* Who may read the suggested order sheet: it prices every line at 매입 단가 and is the
 * start of a purchase order, which managers create. */
#define API_SUGGESTED_ROLE ROLE_MANAGER

extern const struct route api_stock_routes[];

#endif
