/* api_forecast_view.h — the product page's forecast view over HTTP (docs/api.md,
 * "Forecast view"). */
#ifndef JAEGO_API_FORECAST_VIEW_H
#define JAEGO_API_FORECAST_VIEW_H

#include "http.h"
#include "route.h"

extern const struct route api_forecast_view_routes[];

#endif
