/* api_events.h — an organisation's events (행사 일정) over HTTP (docs/api.md, events). */
#ifndef JAEGO_API_EVENTS_H
#define JAEGO_API_EVENTS_H

#include "route.h"

extern const struct route api_events_routes[];

#endif
