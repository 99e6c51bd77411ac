/* api_live.c — the route of the live updates: any member may listen to their own
 * organisation's changes; the stream itself is http/live_stream.c. */
#include "api_live.h"

#include "live_stream.h"

const struct route api_live_routes[] = {
        {"GET", "/api/live", ROLE_VIEWER, 0, live_stream_serve},
        ROUTE_END,
};
