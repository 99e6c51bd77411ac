/* api_sales_history.h — sales-history uploads (판매 이력) over HTTP (docs/api.md, "Sales
 * history"): preview an upload, apply or undo a batch, list batches, a product's imported
 * daily history, and the example file. */
#ifndef JAEGO_API_SALES_HISTORY_H
#define JAEGO_API_SALES_HISTORY_H

#include "route.h"

extern const struct route api_sales_history_routes[];

#endif
