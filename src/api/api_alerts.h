/* api_alerts.h — the alert centre (알림) over HTTP (docs/api.md, alerts). */
#ifndef JAEGO_API_ALERTS_H
#define JAEGO_API_ALERTS_H

#include "route.h"

extern const struct route api_alerts_routes[];

#endif
