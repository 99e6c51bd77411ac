/* api_live.h — GET /api/live, the live updates of the member's organisation as server-sent
 * events (docs/api.md, "Live updates"). */
#ifndef JAEGO_API_LIVE_H
#define JAEGO_API_LIVE_H

#include "route.h"

extern const struct route api_live_routes[];

#endif
