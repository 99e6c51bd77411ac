/* events.c — the events table: every query behind the events API and its CSV export (see
 * events.h). */
#include "events.h"

#include <stdlib.h>
#include <string.h>

#include "csv_write.h"
#include "util.h"

#define EVENT_COLS                                                                                 \
	"id, name, date, days_before, days_after, kind, channel, memo, created_by, created_at,"    \
	" updated_at"

static json_t *row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "name", json_string(db_col_text(s, 1)));
	json_object_set_new(o, "date", json_string(db_col_text(s, 2)));
	json_object_set_new(o, "days_before", json_integer(db_col_int(s, 3)));
	json_object_set_new(o, "days_after", json_integer(db_col_int(s, 4)));
	json_object_set_new(o, "kind", json_string(db_col_text(s, 5)));
	json_object_set_new(o, "channel",
	                    db_col_is_null(s, 6) ? json_null() : json_string(db_col_text(s, 6)));
	json_object_set_new(o, "memo", json_string(db_col_text(s, 7)));
	json_object_set_new(o, "created_by",
	                    db_col_is_null(s, 8) ? json_null() : json_integer(db_col_int(s, 8)));
	json_object_set_new(o, "created_at", json_string(db_col_text(s, 9)));
	json_object_set_new(o, "updated_at", json_string(db_col_text(s, 10)));
	return o;
}

json_t *events_get(db *d, int64_t org_id, int64_t id)
{
	db_stmt *s = db_preparef(d, "SELECT " EVENT_COLS " FROM events WHERE id = ? AND org_id = ?",
	                         "ii", id, org_id);
	json_t *o = db_step(s) == DB_ROW ? row_json(s) : NULL;
	db_finalize(s);
	return o;
}

int events_exists(db *d, int64_t org_id, int64_t id)
{
	return db_int(d, 0, "SELECT id FROM events WHERE id = ? AND org_id = ?", "ii", id,
	              org_id) != 0;
}

/* The organisation's events between from and to, by date (then id). */
static db_stmt *select_events(db *d, int64_t org_id, const char *from, const char *to, int desc,
                              int64_t limit, int64_t offset)
{
#define EVENTS_WHERE                                                                               \
	"SELECT " EVENT_COLS " FROM events WHERE org_id = ?"                                       \
	" AND (? IS NULL OR date >= ?) AND (? IS NULL OR date <= ?)"
	return db_preparef(d,
	                   desc ? EVENTS_WHERE " ORDER BY date DESC, id DESC LIMIT ? OFFSET ?"
	                        : EVENTS_WHERE " ORDER BY date, id LIMIT ? OFFSET ?",
	                   "ittttii", org_id, from, from, to, to, limit, offset);
#undef EVENTS_WHERE
}

int events_page(db *d, int64_t org_id, const char *from, const char *to, int desc, int64_t limit,
                int64_t offset, json_t **items, int64_t *total)
{
	*items = json_array();
	db_stmt *s = select_events(d, org_id, from, to, desc, limit, offset);
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		json_array_append_new(*items, row_json(s));
	db_finalize(s);
	if (rc != DB_DONE) {
		json_decref(*items);
		*items = NULL;
		return rc;
	}
	*total = db_int(d, 0,
	                "SELECT count(*) FROM events WHERE org_id = ?"
	                " AND (? IS NULL OR date >= ?) AND (? IS NULL OR date <= ?)",
	                "itttt", org_id, from, from, to, to);
	return DB_OK;
}

int events_insert(db *d, int64_t org_id, int64_t user_id, const struct event_change *c,
                  const char *now, int64_t *id)
{
	int rc = db_exec(d,
	                 "INSERT INTO events (org_id, name, date, days_before, days_after, kind,"
	                 " channel, memo, created_by, created_at, updated_at)"
	                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?)",
	                 "ittiitttitt", org_id, c->name, c->date, c->before, c->after, c->kind,
	                 c->channel, c->memo, user_id, now, now);
	*id = rc == DB_OK ? db_last_id(d) : 0;
	return rc;
}

int events_update(db *d, int64_t org_id, int64_t id, const struct event_change *c)
{
	/* One statement: each column keeps its value unless the change sets it. */
	return db_exec(d,
	               "UPDATE events SET"
	               " name = CASE WHEN ? THEN ? ELSE name END,"
	               " date = CASE WHEN ? THEN ? ELSE date END,"
	               " days_before = CASE WHEN ? THEN ? ELSE days_before END,"
	               " days_after = CASE WHEN ? THEN ? ELSE days_after END,"
	               " kind = CASE WHEN ? THEN ? ELSE kind END,"
	               " channel = CASE WHEN ? THEN ? ELSE channel END,"
	               " memo = CASE WHEN ? THEN ? ELSE memo END"
	               " WHERE id = ? AND org_id = ?",
	               "ititiiiiitititii", (int64_t)c->has_name, c->name, (int64_t)c->has_date,
	               c->date, (int64_t)c->has_before, c->before, (int64_t)c->has_after, c->after,
	               (int64_t)c->has_kind, c->kind, (int64_t)c->has_channel, c->channel,
	               (int64_t)c->has_memo, c->memo, id, org_id);
}

int events_touch(db *d, int64_t org_id, int64_t id, const char *now)
{
	return db_exec(d, "UPDATE events SET updated_at = ? WHERE id = ? AND org_id = ?", "tii",
	               now, id, org_id);
}

int events_delete(db *d, int64_t org_id, int64_t id)
{
	return db_exec(d, "DELETE FROM events WHERE id = ? AND org_id = ?", "ii", id, org_id);
}

int events_export_csv(db *d, int64_t org_id, const char *from, const char *to, int desc, char **out,
                      size_t *len)
{
	struct {
		char *p;
		size_t len, cap;
	} b = {xstrdup("\xEF\xBB\xBF" /* the BOM makes Excel read UTF-8 */
	               "date,name,days_before,days_after,kind,channel,memo\r\n"),
	       0, 0};
	b.len = b.cap = strlen(b.p);
	db_stmt *s = select_events(d, org_id, from, to, desc, INT64_MAX, 0);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		/* Plain quoting: this file is read back by programs, which must get the names
		 * exactly (a spreadsheet guard's apostrophe would become part of the name). */
		char *name = csv_field(db_col_text(s, 1));
		char *memo = csv_field(db_col_text(s, 7));
		char *line = xasprintf("%s,%s,%lld,%lld,%s,%s,%s\r\n", db_col_text(s, 2), name,
		                       (long long)db_col_int(s, 3), (long long)db_col_int(s, 4),
		                       db_col_text(s, 5),
		                       db_col_is_null(s, 6) ? "" : db_col_text(s, 6), memo);
		size_t n = strlen(line);
		while (b.len + n + 1 > b.cap)
			b.cap = b.cap * 2 + 64;
		b.p = xrealloc(b.p, b.cap);
		memcpy(b.p + b.len, line, n + 1);
		b.len += n;
		free(line);
		free(name);
		free(memo);
	}
	db_finalize(s);
	if (rc != DB_DONE) {
		free(b.p);
		return rc;
	}
	*out = b.p;
	*len = b.len;
	return DB_OK;
}
