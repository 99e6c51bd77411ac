/* session.c — login sessions (see session.h). The cookie holds 256 random bits in hex; the
 * table holds only their SHA-256, so a copy of the database cannot be used to log in. */
#include "session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "live_bus.h"
#include "log.h"
#include "route.h"
#include "util.h"

#define TOKEN_BYTES 32
/* last_seen is written at most this often, so reads do not each become a write. */
#define TOUCH_SECONDS 60

static void token_hash(const char *token_hex, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token_hex, strlen(token_hex));
	util_hex(h, sizeof h, out);
}

static void set_cookie(struct req *r, const char *value, long max_age)
{
	char *c = arena_printf(r->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s",
	                       SESSION_COOKIE, value, max_age, r->secure ? "; Secure" : "");
	reply_header(r, "Set-Cookie", c);
}

static int load_user(db *d, int64_t user_id, struct user *u)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT org_id, role, login, name FROM users "
	                         "WHERE id = ? AND active = 1",
	                         "i", user_id);
	int ok = 0;
	if (db_step(s) == DB_ROW) {
		u->id = user_id;
		u->org_id = db_col_int(s, 0);
		enum role role = ROLE_VIEWER;
		role_parse(db_col_text(s, 1), &role);
		u->role = role;
		util_strlcpy(u->login, db_col_text(s, 2), sizeof u->login);
		util_strlcpy(u->name, db_col_text(s, 3), sizeof u->name);
		ok = 1;
	}
	db_finalize(s);
	return ok;
}

int session_create(struct req *r, int64_t user_id, struct user *u)
{
	unsigned char raw[TOKEN_BYTES], csrf_raw[TOKEN_BYTES];
	char token[2 * TOKEN_BYTES + 1], hash[65];
	randombytes_buf(raw, sizeof raw);
	randombytes_buf(csrf_raw, sizeof csrf_raw);
	util_hex(raw, sizeof raw, token);
	memset(u, 0, sizeof *u);
	util_hex(csrf_raw, sizeof csrf_raw, u->csrf);
	token_hash(token, hash);
	if (!load_user(r->db, user_id, u))
		return DB_ERR;
	int64_t now = (int64_t)util_now();
	int rc = db_exec(
	        r->db,
	        "INSERT INTO sessions(token_hash, user_id, csrf, created_at, last_seen, ip) "
	        "VALUES (?, ?, ?, ?, ?, ?)",
	        "titiit", hash, user_id, u->csrf, now, now, r->ip);
	if (rc != DB_OK)
		return rc;
	u->session_id = db_last_id(r->db);
	set_cookie(r, token, SESSION_ABSOLUTE_SECONDS);
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(token, sizeof token);
	return DB_OK;
}

static int token_well_formed(const char *t)
{
	if (!t || strlen(t) != 2 * TOKEN_BYTES)
		return 0;
	for (const char *p = t; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

int session_resolve(struct req *r, struct user *u)
{
	const char *token = req_cookie(r, SESSION_COOKIE);
	if (!token_well_formed(token))
		return 0;
	char hash[65];
	token_hash(token, hash);
	db_stmt *s = db_preparef(r->db,
	                         "SELECT id, user_id, csrf, created_at, last_seen FROM sessions "
	                         "WHERE token_hash = ?",
	                         "t", hash);
	if (db_step(s) != DB_ROW) {
		db_finalize(s);
		return 0;
	}
	int64_t sid = db_col_int(s, 0), uid = db_col_int(s, 1);
	int64_t created = db_col_int(s, 3), seen = db_col_int(s, 4);
	char csrf[65];
	util_strlcpy(csrf, db_col_text(s, 2), sizeof csrf);
	db_finalize(s);

	int64_t now = (int64_t)util_now();
	if (now - created > SESSION_ABSOLUTE_SECONDS || now - seen > SESSION_IDLE_SECONDS ||
	    !load_user(r->db, uid, u)) {
		db_exec(r->db, "DELETE FROM sessions WHERE id = ?", "i", sid);
		return 0;
	}
	u->session_id = sid;
	util_strlcpy(u->csrf, csrf, sizeof u->csrf);
	if (now - seen > TOUCH_SECONDS)
		db_exec(r->db, "UPDATE sessions SET last_seen = ? WHERE id = ?", "ii", now, sid);
	return 1;
}

int session_alive(db *d, int64_t session_id)
{
	db_stmt *s =
	        db_preparef(d, "SELECT user_id, created_at, last_seen FROM sessions WHERE id = ?",
	                    "i", session_id);
	int alive = 0;
	if (db_step(s) == DB_ROW) {
		int64_t now = (int64_t)util_now();
		struct user u;
		alive = now - db_col_int(s, 1) <= SESSION_ABSOLUTE_SECONDS &&
		        now - db_col_int(s, 2) <= SESSION_IDLE_SECONDS &&
		        load_user(d, db_col_int(s, 0), &u);
	}
	db_finalize(s);
	return alive;
}

void session_destroy(struct req *r)
{
	if (r->user) {
		db_exec(r->db, "DELETE FROM sessions WHERE id = ?", "i", r->user->session_id);
		live_bus_drop_session(r->user->session_id); /* its open streams end now */
	}
	set_cookie(r, "", 0);
}

int session_end_all(db *d, int64_t user_id, int64_t except_session_id)
{
	db_exec(d, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", "ii", user_id,
	        except_session_id);
	live_bus_drop_user(user_id, except_session_id);
	return db_changes(d);
}

int session_csrf_ok(struct req *r)
{
	const char *h = req_header(r, "X-CSRF-Token");
	if (!r->user || !h)
		return 0;
	size_t n = strlen(r->user->csrf);
	if (strlen(h) != n || n == 0)
		return 0;
	return sodium_memcmp(h, r->user->csrf, n) == 0;
}
