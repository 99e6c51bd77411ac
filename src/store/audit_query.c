/* audit_query.c — the audit log's filtered reads (see audit_query.h). The WHERE clause is
 * built from fixed fragments only; every value is bound. */
#include "audit_query.h"

#include <stdio.h>
#include <string.h>

#define AUDIT_MAX_PARAMS 8

/* The WHERE clause of a query and its bound values. */
struct where {
	char sql[512];
	int n;
	char type[AUDIT_MAX_PARAMS]; /* 'i' or 't' */
	int64_t ival[AUDIT_MAX_PARAMS];
	const char *tval[AUDIT_MAX_PARAMS];
};

static void where_int(struct where *w, const char *clause, int64_t v)
{
	strncat(w->sql, clause, sizeof w->sql - strlen(w->sql) - 1);
	w->type[w->n] = 'i';
	w->ival[w->n++] = v;
}

static void where_text(struct where *w, const char *clause, const char *v)
{
	strncat(w->sql, clause, sizeof w->sql - strlen(w->sql) - 1);
	w->type[w->n] = 't';
	w->tval[w->n++] = v;
}

static void where_build(const struct audit_filter *f, struct where *w)
{
	memset(w, 0, sizeof *w);
	where_int(w, "a.org_id = ?", f->org_id);
	if (f->user_id > 0)
		where_int(w, " AND a.user_id = ?", f->user_id);
	if (f->kind_prefix) {
		/* Compared with substr, not LIKE, so that '_' in a kind is not a wildcard. */
		where_int(w, " AND substr(a.kind, 1, ?) = ?", (int64_t)strlen(f->kind_prefix));
		w->type[w->n] = 't';
		w->tval[w->n++] = f->kind_prefix;
	}
	if (f->entity)
		where_text(w, " AND a.entity = ?", f->entity);
	if (f->entity_id)
		where_text(w, " AND a.entity_id = ?", f->entity_id);
	if (f->from_utc)
		where_text(w, " AND a.at >= ?", f->from_utc);
	if (f->to_utc)
		where_text(w, " AND a.at < ?", f->to_utc);
}

/* Prepares head + the WHERE clause + tail with the clause's values bound. */
static db_stmt *prepare(db *d, const char *head, const struct where *w, const char *tail)
{
	char sql[2048];
	snprintf(sql, sizeof sql, "%s%s%s", head, w->sql, tail);
	db_stmt *s = db_prepare(d, sql);
	for (int k = 0; k < w->n; k++) {
		if (w->type[k] == 'i')
			db_bind_int(s, k + 1, w->ival[k]);
		else
			db_bind_text(s, k + 1, w->tval[k]);
	}
	return s;
}

int audit_count(db *d, const struct audit_filter *f, int64_t *total)
{
	struct where w;
	where_build(f, &w);
	db_stmt *s = prepare(d, "SELECT COUNT(*) FROM audit_log a WHERE ", &w, "");
	int rc = db_step(s);
	*total = rc == DB_ROW ? db_col_int(s, 0) : 0;
	db_finalize(s);
	return rc == DB_ROW ? DB_OK : rc;
}

/* tu is the member a row is about (entity "user"), so that the row can name them. */
#define AUDIT_SELECT                                                                               \
	"SELECT a.id, a.at, a.kind, a.entity, a.entity_id, a.before_json, a.after_json, a.ip, "    \
	"a.user_id, u.name, u.login, tu.name FROM audit_log a "                                    \
	"LEFT JOIN users u ON u.id = a.user_id "                                                   \
	"LEFT JOIN users tu ON a.entity = 'user' AND tu.org_id = a.org_id "                        \
	"AND tu.id = CAST(a.entity_id AS INTEGER) "                                                \
	"WHERE "

int audit_each(db *d, const struct audit_filter *f, int64_t limit, int64_t offset,
               void (*fn)(void *ctx, const struct audit_row *row), void *ctx)
{
	struct where w;
	where_build(f, &w);
	db_stmt *s =
	        prepare(d, AUDIT_SELECT, &w, " ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?");
	db_bind_int(s, w.n + 1, limit);
	db_bind_int(s, w.n + 2, offset);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct audit_row row = {.id = db_col_int(s, 0),
		                        .at = db_col_text(s, 1),
		                        .kind = db_col_text(s, 2),
		                        .entity = db_col_text(s, 3),
		                        .entity_id = db_col_text(s, 4),
		                        .before_json = db_col_text(s, 5),
		                        .after_json = db_col_text(s, 6),
		                        .ip = db_col_text(s, 7),
		                        .user_id = db_col_is_null(s, 8) ? 0 : db_col_int(s, 8),
		                        .user_name = db_col_text(s, 9),
		                        .user_login = db_col_text(s, 10),
		                        .target_name = db_col_text(s, 11)};
		fn(ctx, &row);
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}
