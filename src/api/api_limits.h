/* api_limits.h — the text limits the server enforces, for the web app's forms
 * (docs/api.md, GET /api/limits). */
#ifndef JAEGO_API_LIMITS_H
#define JAEGO_API_LIMITS_H

#include "route.h"

extern const struct route api_limits_routes[];

#endif
