/* users.c — the users table behind member management and login (see users.h). */
#include "users.h"

#include "util.h"

#define USER_COLS "id, login, name, role, active, created_at"

/* The member object from a row selected with USER_COLS; a new reference. */
static json_t *user_row_json(db_stmt *s)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:b, s:s}", "id", (json_int_t)db_col_int(s, 0),
	                 "login", db_col_text(s, 1), "name", db_col_text(s, 2), "role",
	                 db_col_text(s, 3), "active", (int)db_col_int(s, 4), "created_at",
	                 db_col_text(s, 5));
}

json_t *users_object(db *d, int64_t org_id, int64_t id)
{
	db_stmt *s = db_preparef(d, "SELECT " USER_COLS " FROM users WHERE id = ? AND org_id = ?",
	                         "ii", id, org_id);
	json_t *j = db_step(s) == DB_ROW ? user_row_json(s) : NULL;
	db_finalize(s);
	return j;
}

static json_t *name_row_json(db_stmt *s)
{
	return json_pack("{s:I, s:s, s:b}", "id", (json_int_t)db_col_int(s, 0), "name",
	                 db_col_text(s, 1), "active", (int)db_col_int(s, 2));
}

/* Every row of s as JSON through row, into *items; DB_OK or the error (then *items NULL). */
static int collect(db_stmt *s, json_t *(*row)(db_stmt *), json_t **items)
{
	*items = json_array();
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		json_array_append_new(*items, row(s));
	db_finalize(s);
	if (rc != DB_DONE) {
		json_decref(*items);
		*items = NULL;
		return rc;
	}
	return DB_OK;
}

int users_list(db *d, int64_t org_id, json_t **items)
{
	return collect(db_preparef(d,
	                           "SELECT " USER_COLS " FROM users WHERE org_id = ? ORDER BY id",
	                           "i", org_id),
	               user_row_json, items);
}

int users_names(db *d, int64_t org_id, json_t **items)
{
	return collect(
	        db_preparef(d, "SELECT id, name, active FROM users WHERE org_id = ? ORDER BY id",
	                    "i", org_id),
	        name_row_json, items);
}

int users_insert(db *d, int64_t org_id, const char *login, const char *name, const char *role,
                 const char *pw_hash, const char *now, int64_t *id)
{
	int rc = db_exec(
	        d,
	        "INSERT INTO users (org_id, login, name, role, pw_hash, active, created_at, "
	        "updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
	        "itttttt", org_id, login, name, role, pw_hash, now, now);
	*id = rc == DB_OK ? db_last_id(d) : 0;
	return rc;
}

int64_t users_other_active_masters(db *d, int64_t org_id, int64_t id)
{
	return db_int(
	        d, -1,
	        "SELECT COUNT(*) FROM users WHERE org_id = ? AND role = 'master' AND active = 1"
	        " AND id <> ?",
	        "ii", org_id, id);
}

int users_set_name(db *d, int64_t org_id, int64_t id, const char *name, const char *now)
{
	return db_exec(d, "UPDATE users SET name = ?, updated_at = ? WHERE id = ? AND org_id = ?",
	               "ttii", name, now, id, org_id);
}

int users_set_role(db *d, int64_t org_id, int64_t id, const char *role, const char *now)
{
	return db_exec(d, "UPDATE users SET role = ?, updated_at = ? WHERE id = ? AND org_id = ?",
	               "ttii", role, now, id, org_id);
}

int users_set_active(db *d, int64_t org_id, int64_t id, int active, const char *now)
{
	return db_exec(d, "UPDATE users SET active = ?, updated_at = ? WHERE id = ? AND org_id = ?",
	               "itii", (int64_t)active, now, id, org_id);
}

int users_set_pw_hash(db *d, int64_t org_id, int64_t id, const char *pw_hash, const char *now)
{
	return db_exec(d,
	               "UPDATE users SET pw_hash = ?, updated_at = ? WHERE id = ? AND org_id = ?",
	               "ttii", pw_hash, now, id, org_id);
}

int users_by_login(db *d, const char *login, struct users_login *out)
{
	db_stmt *s = db_preparef(d, "SELECT id, org_id, active, pw_hash FROM users WHERE login = ?",
	                         "t", login);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		out->id = db_col_int(s, 0);
		out->org_id = db_col_int(s, 1);
		out->active = (int)db_col_int(s, 2);
		util_strlcpy(out->hash, db_col_text(s, 3) ? db_col_text(s, 3) : "",
		             sizeof out->hash);
		rc = 1;
	} else if (rc == DB_DONE) {
		rc = 0;
	}
	db_finalize(s);
	return rc;
}
