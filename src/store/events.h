/* events.h — an organisation's events (행사 일정) in the database: read as the API answers
 * them, written, deleted, and exported as the CSV `jaego forecast --events` reads. */
#ifndef JAEGO_EVENTS_H
#define JAEGO_EVENTS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* What a change sets. has_* say which fields an update sets; an insert writes every field
 * as given. channel NULL = every channel. */
struct event_change {
	const char *name, *date, *kind, *channel, *memo;
	int64_t before, after;
	int has_name, has_date, has_kind, has_channel, has_memo, has_before, has_after;
};

/* The event as the API answers it ({"id","name","date",...}), or NULL when the
 * organisation has no such event. New reference. */
json_t *events_get(db *d, int64_t org_id, int64_t id);
/* 1 when the organisation has that event. */
int events_exists(db *d, int64_t org_id, int64_t id);
/* The events between from and to (inclusive dates, NULL = open) by date then id (latest
 * first when desc), one page: on DB_OK *items is a new array and *total the count of all
 * matching; otherwise a DB error code and *items NULL. */
int events_page(db *d, int64_t org_id, const char *from, const char *to, int desc, int64_t limit,
                int64_t offset, json_t **items, int64_t *total);
/* Inserts an event with every field of c, created and updated now by user_id (0 = by no
 * member: the demo generator); *id gets its id. Returns DB_OK or an error. */
int events_insert(db *d, int64_t org_id, int64_t user_id, const struct event_change *c,
                  const char *now, int64_t *id);
/* Sets the fields c has on the organisation's event; the others keep their values.
 * Returns DB_OK or an error. */
int events_update(db *d, int64_t org_id, int64_t id, const struct event_change *c);
/* Marks the event changed at now. */
int events_touch(db *d, int64_t org_id, int64_t id, const char *now);
int events_delete(db *d, int64_t org_id, int64_t id);

/* The events between from and to (as events_page), as the CSV `jaego forecast --events`
 * reads: UTF-8 with a BOM, header `date,name,days_before,days_after,kind,channel,memo`,
 * CRLF, every text exactly as stored (no spreadsheet guard: the reader would keep it as
 * part of the name). On DB_OK *out is a heap buffer of *len bytes the caller frees;
 * otherwise a DB error code. */
int events_export_csv(db *d, int64_t org_id, const char *from, const char *to, int desc, char **out,
                      size_t *len);

#endif
