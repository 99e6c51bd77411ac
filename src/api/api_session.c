/* api_session.c — POST /api/session (login), GET (who am I), DELETE (logout) and
 * PUT /api/session/password (change one's own password).
 *
 * A failed login answers the same 401 whether the login is unknown or the password wrong,
 * and costs the same time (passwd_dummy_verify). Failures are throttled per login and per
 * client address (lockout.c): while a key waits, the answer is 429 with Retry-After,
 * whatever the password. A disabled member learns that the account is disabled only after
 * giving the right password. */
#include "api_session.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "lockout.h"
#include "org.h"
#include "passwd.h"
#include "session.h"
#include "users.h"
#include "util.h"

#define LOGIN_FAILED_MSG "아이디 또는 비밀번호가 올바르지 않습니다."
/* The longest login accepted in a login form; longer ones are a validation error. */
#define LOGIN_INPUT_MAX 100

/* Replies 429 with Retry-After for a key that must wait `wait` seconds. */
static void reply_too_many(struct req *r, int64_t wait)
{
	reply_header(r, "Retry-After", arena_printf(r->a, "%lld", (long long)wait));
	const char *msg =
	        wait >= 60 ? arena_printf(r->a,
	                                  "로그인 시도가 너무 많아 잠시 잠겼습니다. %lld분 후에 "
	                                  "다시 시도해 "
	                                  "주세요.",
	                                  (long long)((wait + 59) / 60))
	                   : arena_printf(
	                             r->a,
	                             "로그인 시도가 너무 많습니다. %lld초 후에 다시 시도해 주세요.",
	                             (long long)wait);
	reply_error(r, 429, "too_many_attempts", msg,
	            json_pack("{s:I}", "retry_after", (json_int_t)wait));
}

/* Reads a password field exactly as sent (no trimming or normalisation: the bytes the
 * member typed are what was hashed). Replies 400 and returns non-zero when unusable. */
static int password_field(struct req *r, json_t *body, const char *key, const char **out)
{
	json_t *v = json_object_get(body, key);
	if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0)) {
		reply_field_error(r, key, "required", "비밀번호를 입력해 주세요.");
		return -1;
	}
	if (!json_is_string(v)) {
		reply_field_error(r, key, "not_string", "문자열로 입력해 주세요.");
		return -1;
	}
	if (json_string_length(v) > PASSWD_MAX_BYTES ||
	    memchr(json_string_value(v), '\0', json_string_length(v)) != NULL) {
		reply_field_error(r, key, "too_long",
		                  arena_printf(r->a, "비밀번호는 %d바이트 이하로 입력해 주세요.",
		                               PASSWD_MAX_BYTES));
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

/* The reply body of a session: {"user":{...},"csrf_token":"..."}. */
static void reply_session(struct req *r, int status, int64_t org_id, int64_t user_id,
                          const char *csrf)
{
	json_t *user = users_object(r->db, org_id, user_id);
	if (!user) {
		reply_internal(r);
		return;
	}
	reply_json(r, status, json_pack("{s:o, s:s}", "user", user, "csrf_token", csrf));
}

/* POST /api/session {"login","password"}. */
static void session_login(struct req *r)
{
	static const char *const allowed[] = {"login", "password", NULL};
	json_t *body = req_json_object(r);
	const char *login = NULL, *password = NULL;
	if (!body || req_json_only(r, body, allowed) ||
	    req_json_str(r, body, "login", REQ_REQUIRED, LOGIN_INPUT_MAX, &login) ||
	    password_field(r, body, "password", &password))
		return;
	login = user_login_fold(r->a, login);

	/* Counted as a failure now, taken back below if the password is right. */
	int failures = 0;
	int64_t wait = lockout_attempt(r->db, login, r->ip, &failures);
	if (wait < 0) {
		reply_db_error(r, (int)wait);
		return;
	}
	if (wait > 0) {
		reply_too_many(r, wait);
		return;
	}

	struct users_login u = {0};
	int found = user_login_error(login) ? 0 : users_by_login(r->db, login, &u);
	if (found < 0) {
		reply_db_error(r, found);
		return;
	}
	int ok = 0;
	if (found)
		ok = passwd_verify(u.hash, password);
	else
		passwd_dummy_verify(password);

	if (!ok) {
		lockout_failed(r->db, login, r->ip);
		json_t *after = json_pack("{s:s, s:s}", "login", login, "reason",
		                          found ? "wrong_password" : "unknown_login");
		/* Unknown logins belong to no organisation: their rows have no org_id. */
		audit_record_raw(r->db, found ? u.org_id : 0, found ? u.id : 0, r->ip,
		                 "session.login_failed", "user",
		                 found ? arena_printf(r->a, "%lld", (long long)u.id) : NULL, NULL,
		                 after);
		json_decref(after);
		/* The failure that locks a member's login is worth a master's attention. */
		if (found && failures == lockout_policy_login.lock_after) {
			after = json_pack("{s:s, s:i, s:I}", "login", login, "failures", failures,
			                  "locked_seconds",
			                  (json_int_t)lockout_policy_login.lock_s);
			audit_record_raw(r->db, u.org_id, u.id, r->ip, "session.locked", "user",
			                 arena_printf(r->a, "%lld", (long long)u.id), NULL, after);
			json_decref(after);
		}
		reply_error(r, 401, "login_failed", LOGIN_FAILED_MSG, NULL);
		return;
	}
	const char *sid = arena_printf(r->a, "%lld", (long long)u.id);
	if (!u.active) { /* stays counted: a disabled login is throttled like any other */
		json_t *after = json_pack("{s:s, s:s}", "login", login, "reason", "disabled");
		audit_record_raw(r->db, u.org_id, u.id, r->ip, "session.login_failed", "user", sid,
		                 NULL, after);
		json_decref(after);
		reply_error(r, 403, "account_disabled",
		            "사용이 중지된 계정입니다. 마스터 계정을 가진 분께 문의해 주세요.",
		            NULL);
		return;
	}

	struct user su;
	memset(&su, 0, sizeof su);
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = lockout_succeeded(r->db, login, r->ip);
	if (rc == DB_OK)
		rc = session_create(r, u.id, &su);
	if (rc == DB_OK)
		rc = audit_record_raw(r->db, u.org_id, u.id, r->ip, "session.login", "user", sid,
		                      NULL, NULL);
	if (rc == DB_OK)
		rc = db_commit(r->db);
	else
		db_rollback(r->db);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	reply_session(r, 200, u.org_id, u.id, su.csrf);
}

/* GET /api/session: the member behind the cookie. */
static void session_get(struct req *r)
{
	reply_session(r, 200, r->user->org_id, r->user->id, r->user->csrf);
}

/* DELETE /api/session: log out. */
static void session_logout(struct req *r)
{
	audit_record(r, "session.logout", "user",
	             arena_printf(r->a, "%lld", (long long)r->user->id), NULL, NULL);
	session_destroy(r);
	reply_no_content(r);
}

/* PUT /api/session/password {"current_password","new_password"}: the member's own
 * password; every other session of theirs ends. A wrong current password counts as a
 * failed login for the throttle, so a borrowed session cannot guess it freely. */
static void session_password(struct req *r)
{
	static const char *const allowed[] = {"current_password", "new_password", NULL};
	json_t *body = req_json_object(r);
	const char *cur = NULL, *new_pw = NULL;
	if (!body || req_json_only(r, body, allowed) ||
	    password_field(r, body, "current_password", &cur) ||
	    password_field(r, body, "new_password", &new_pw))
		return;
	const char *why = passwd_policy_error(new_pw);
	if (why) {
		reply_field_error(r, "new_password", "weak_password", why);
		return;
	}
	int64_t wait = lockout_attempt(r->db, r->user->login, r->ip, NULL);
	if (wait < 0) {
		reply_db_error(r, (int)wait);
		return;
	}
	if (wait > 0) {
		reply_too_many(r, wait);
		return;
	}
	struct users_login u = {0};
	int found = users_by_login(r->db, r->user->login, &u);
	if (found < 0) {
		reply_db_error(r, found);
		return;
	}
	if (!found || !passwd_verify(u.hash, cur)) {
		lockout_failed(r->db, r->user->login, r->ip);
		reply_field_error(r, "current_password", "wrong_password",
		                  "현재 비밀번호가 올바르지 않습니다.");
		return;
	}
	char hash[PASSWD_HASH_MAX];
	if (passwd_hash(new_pw, hash) != 0) {
		reply_internal(r);
		return;
	}
	char now[32];
	util_utc_iso(util_now(), now);
	if (req_tx_begin(r))
		return;
	int rc = lockout_succeeded(r->db, r->user->login, r->ip);
	if (rc == DB_OK)
		rc = users_set_pw_hash(r->db, r->user->org_id, r->user->id, hash, now);
	if (rc == DB_OK && session_end_all(r->db, r->user->id, r->user->session_id) < 0)
		rc = DB_ERR;
	if (rc != DB_OK) {
		req_tx_abort(r);
		reply_db_error(r, rc);
		return;
	}
	json_t *after = json_pack("{s:s}", "password", "changed");
	int failed = req_tx_commit_audited(r, "user.password", "user",
	                                   arena_printf(r->a, "%lld", (long long)r->user->id), NULL,
	                                   after);
	json_decref(after);
	if (failed)
		return;
	reply_no_content(r);
}

const struct route api_session_routes[] = {
        {"POST", "/api/session", ROLE_PUBLIC, 16384, session_login},
        {"GET", "/api/session", ROLE_VIEWER, 0, session_get},
        {"DELETE", "/api/session", ROLE_VIEWER, 0, session_logout},
        {"PUT", "/api/session/password", ROLE_VIEWER, 16384, session_password},
        ROUTE_END,
};
