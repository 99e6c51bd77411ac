/* api_overrides.h — manual corrections (예측 수정) over HTTP (docs/api.md, overrides). */
#ifndef JAEGO_API_OVERRIDES_H
#define JAEGO_API_OVERRIDES_H

#include <jansson.h>

#include "api_forecast.h"
#include "http.h"
#include "route.h"

extern const struct route api_overrides_routes[];

/* Lays the product's standing forecast corrections over a forecast answer of
 * fstore_product_forecast: each day gains "effective" and "overridden", each total
 * "effective" and "overridden", the answer "overridden" and "overrides" (the standing
 * forecast corrections). Returns DB_OK or a DB error. */
int api_overrides_forecast_overlay(struct req *r, const char *sku, json_t *fc);

#endif
