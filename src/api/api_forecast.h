/* api_forecast.h — forecast runs and stored forecasts over HTTP (docs/api.md, forecasts). */
#ifndef JAEGO_API_FORECAST_H
#define JAEGO_API_FORECAST_H

#include "forecast_store.h"
#include "http.h"
#include "route.h"

extern const struct route api_forecast_routes[];

/* Why a product has no forecast, in Korean for the user (in the request arena or static). */
const char *api_forecast_why_text(struct req *r, const struct fstore_why *w);

/* Why a product has no forecast as the error's details show it: {"sku","reason" (set,
 * no_run, not_in_run, too_little_history, no_history), "run_id","finished_at" when a run
 * exists, "history_days","min_history_days" for the last two}. New reference. */
json_t *api_forecast_why_json(const char *sku, const struct fstore_why *w);

#endif
