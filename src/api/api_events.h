/* api_events.h — an organisation's events (행사 일정) over HTTP (docs/api.md, events). */
#ifndef JAEGO_API_EVENTS_H
#define JAEGO_API_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "route.h"

extern const struct route api_events_routes[];

/* The organisation's events between from and to (inclusive KST dates, NULL = open), by date
 * (latest first when desc), as the CSV `jaego forecast --events` reads: UTF-8 with a BOM,
 * header `date,name,days_before,days_after,kind,channel,memo`, CRLF. On DB_OK *out is a
 * heap buffer of *len bytes the caller frees; otherwise a DB error code. */
int api_events_csv(db *d, int64_t org_id, const char *from, const char *to, int desc, char **out,
                   size_t *len);

#endif
