/* audit_query.h — reading the audit log back for the audit screen and its exports: one
 * organisation's rows, filtered, newest first, with the member who acted and the member a
 * row is about. Writing rows is audit.h's. */
#ifndef JAEGO_AUDIT_QUERY_H
#define JAEGO_AUDIT_QUERY_H

#include <stdint.h>

#include "db.h"

/* Which rows; NULL / 0 = any. */
struct audit_filter {
	int64_t org_id;          /* required */
	int64_t user_id;         /* the member who acted */
	const char *kind_prefix; /* "user." finds every member change */
	const char *entity, *entity_id;
	const char *from_utc, *to_utc; /* instants, from inclusive, to exclusive (ISO UTC) */
};

/* One row as stored; the strings live until the callback returns. */
struct audit_row {
	int64_t id;
	const char *at, *kind, *entity, *entity_id, *before_json, *after_json, *ip;
	int64_t user_id; /* 0 = no member (a failed login) */
	const char *user_name, *user_login;
	const char *target_name; /* the member a row about entity "user" names, or NULL */
};

/* How many rows match: DB_OK and *total, or a DB error. */
int audit_count(db *d, const struct audit_filter *f, int64_t *total);
/* Calls fn for each matching row, newest first (then by id), skipping offset rows and
 * stopping after limit. Returns DB_OK or a DB error (rows already handed over stay so). */
int audit_each(db *d, const struct audit_filter *f, int64_t limit, int64_t offset,
               void (*fn)(void *ctx, const struct audit_row *row), void *ctx);

#endif
