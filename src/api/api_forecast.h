/* api_forecast.h — forecast runs and stored forecasts over HTTP (docs/api.md, forecasts). */
#ifndef JAEGO_API_FORECAST_H
#define JAEGO_API_FORECAST_H

#include "route.h"

extern const struct route api_forecast_routes[];

#endif
