/* api_users.c — member management, master only: list the organisation's members, create
 * one, change a member's name or role, disable or enable, reset a password. An
 * organisation always keeps at least one active master; disabling a member or resetting
 * their password ends their sessions. Every change is audited with before/after values
 * (never a password or its hash). */
#include "api_users.h"

#include <stdlib.h>
#include <string.h>

#include "org.h"
#include "passwd.h"
#include "session.h"
#include "users.h"
#include "util.h"

/* The name field: 1..50 characters, no control characters. Replies and returns non-zero
 * when unacceptable. */
static int user_name_ok(struct req *r, const char *name)
{
	if (!name || !*name) {
		reply_field_error(r, "name", "required", "이름을 입력해 주세요.");
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			reply_field_error(r, "name", "bad_text",
			                  "이름에 쓸 수 없는 문자가 있습니다.");
			return -1;
		}
	}
	return 0;
}

/* A password field, taken as sent (not trimmed, so that what the member typed is what is
 * hashed). Sets *out to NULL when absent and optional. */
static int user_password_field(struct req *r, json_t *body, const char *key, int required,
                               const char **out)
{
	json_t *v = json_object_get(body, key);
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		reply_field_error(r, key, "required", "비밀번호를 입력해 주세요.");
		return -1;
	}
	if (!json_is_string(v)) {
		reply_field_error(r, key, "not_string", "문자열로 입력해 주세요.");
		return -1;
	}
	const char *s = json_string_value(v);
	if (memchr(s, '\0', json_string_length(v)) != NULL) {
		reply_field_error(r, key, "bad_text", "입력할 수 없는 문자가 있습니다.");
		return -1;
	}
	const char *why = passwd_policy_error(s);
	if (why) {
		reply_field_error(r, key, "weak_password", why);
		return -1;
	}
	*out = s;
	return 0;
}

/* The role field, one of master/manager/staff/viewer. */
static int user_role_field(struct req *r, json_t *body, int required, const char **out)
{
	static const char *const roles[] = {"master", "manager", "staff", "viewer", NULL};
	int i = -1;
	if (req_json_enum(r, body, "role", required, roles, "bad_role",
	                  "권한은 master, manager, staff, viewer 중 하나여야 합니다.", &i))
		return -1;
	if (i >= 0)
		*out = roles[i];
	return 0;
}

/* GET /api/users: every member of the caller's organisation. */
static void h_users_list(struct req *r)
{
	json_t *items;
	int rc = users_list(r->db, r->user->org_id, &items);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	json_t *out = json_pack("{s:o, s:I}", "items", items, "total",
	                        (json_int_t)json_array_size(items));
	reply_json(r, 200, out);
}

/* GET /api/members: every member's id, name and whether active — what any role needs to
 * name the member who made a movement or to filter a list by member, without the logins
 * and roles that only a master manages. */
static void members_names(struct req *r)
{
	json_t *items;
	int rc = users_names(r->db, r->user->org_id, &items);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	reply_json(r, 200,
	           json_pack("{s:o, s:I}", "items", items, "total",
	                     (json_int_t)json_array_size(items)));
}

/* POST /api/users {"login","name","role","password"}: a new member, 201. */
static void users_create(struct req *r)
{
	static const char *const allowed[] = {"login", "name", "role", "password", NULL};
	json_t *body = req_json_object(r);
	const char *login = NULL, *name = NULL, *role = NULL, *password = NULL;
	if (!body || req_json_only(r, body, allowed))
		return;
	if (req_json_str(r, body, "login", REQ_REQUIRED, API_USERS_LOGIN_MAX, &login))
		return;
	login = user_login_fold(r->a, login);
	const char *lerr = user_login_error(login);
	if (lerr) {
		reply_field_error(r, "login", "bad_login", lerr);
		return;
	}
	if (req_json_str(r, body, "name", REQ_REQUIRED, API_USERS_NAME_MAX, &name) ||
	    user_name_ok(r, name) || user_role_field(r, body, REQ_REQUIRED, &role) ||
	    user_password_field(r, body, "password", REQ_REQUIRED, &password))
		return;

	char hash[PASSWD_HASH_MAX];
	if (passwd_hash(password, hash) != 0) {
		reply_internal(r);
		return;
	}
	char now[32];
	util_utc_iso(util_now(), now);
	if (req_tx_begin(r))
		return;
	int64_t id = 0;
	int rc = users_insert(r->db, r->user->org_id, login, name, role, hash, now, &id);
	if (rc == DB_CONSTRAINT) {
		req_tx_abort(r);
		reply_error(r, 409, "login_taken",
		            "이미 사용 중인 아이디입니다. 다른 아이디를 정해 주세요.",
		            json_pack("[{s:s, s:s, s:s}]", "field", "login", "code", "login_taken",
		                      "message", "이미 사용 중인 아이디입니다."));
		return;
	}
	json_t *user = rc == DB_OK ? users_object(r->db, r->user->org_id, id) : NULL;
	if (!user) {
		req_tx_abort(r);
		reply_db_error(r, rc != DB_OK ? rc : DB_ERR);
		return;
	}
	if (req_tx_commit_audited(r, "user.create", "user",
	                          arena_printf(r->a, "%lld", (long long)id), NULL, user)) {
		json_decref(user);
		return;
	}
	reply_json(r, 201, user);
}

/* Parses a positive decimal id; 0 when malformed. */
static int64_t parse_id(const char *s)
{
	if (!s || !*s || strlen(s) > 18)
		return 0;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

/* Adds one audit row for one changed aspect of a member. */
static int audit_change(struct req *r, const char *kind, const char *id, const char *field,
                        json_t *before, json_t *after)
{
	json_t *b = before ? json_pack("{s:O}", field, before) : NULL;
	json_t *a = after ? json_pack("{s:O}", field, after) : NULL;
	int rc = audit_record(r, kind, "user", id, b, a);
	json_decref(b);
	json_decref(a);
	return rc;
}

/* PATCH /api/users/{id} any of {"name","role","active","password"}. */
static void users_update(struct req *r)
{
	static const char *const allowed[] = {"name", "role", "active", "password", NULL};
	int64_t id = parse_id(req_param(r, "id"));
	json_t *body = req_json_object(r);
	const char *name = NULL, *role = NULL, *password = NULL;
	int active = -1;
	if (!body || req_json_only(r, body, allowed))
		return;
	if (req_json_str(r, body, "name", REQ_OPTIONAL, API_USERS_NAME_MAX, &name) ||
	    (name && user_name_ok(r, name)) || user_role_field(r, body, REQ_OPTIONAL, &role) ||
	    req_json_bool(r, body, "active", REQ_OPTIONAL, &active) ||
	    user_password_field(r, body, "password", REQ_OPTIONAL, &password))
		return;
	if (!name && !role && active < 0 && !password) {
		reply_error(r, 400, "bad_request",
		            "바꿀 항목(name, role, active, password)을 하나 이상 보내 주세요.",
		            NULL);
		return;
	}
	char hash[PASSWD_HASH_MAX];
	if (password && passwd_hash(password, hash) != 0) {
		reply_internal(r);
		return;
	}
	if (req_tx_begin(r))
		return;
	int64_t org = r->user->org_id;
	json_t *before = id ? users_object(r->db, org, id) : NULL;
	if (!before) {
		req_tx_abort(r);
		reply_not_found(r, "user_not_found", "해당 회원을 찾을 수 없습니다.");
		return;
	}
	const char *sid = arena_printf(r->a, "%lld", (long long)id);
	const char *old_role = json_string_value(json_object_get(before, "role"));
	int old_active = json_is_true(json_object_get(before, "active"));
	const char *new_role = role ? role : old_role;
	int new_active = active >= 0 ? active : old_active;

	/* The last active master may be neither demoted nor disabled. */
	if (strcmp(old_role, "master") == 0 && old_active &&
	    (strcmp(new_role, "master") != 0 || !new_active)) {
		int64_t others = users_other_active_masters(r->db, org, id);
		if (others <= 0) {
			req_tx_abort(r);
			json_decref(before);
			if (others < 0) {
				reply_internal(r);
				return;
			}
			reply_error(r, 409, "last_master",
			            "마지막 마스터 계정은 권한을 낮추거나 사용 중지할 수 없습니다. "
			            "먼저 "
			            "다른 회원을 마스터로 지정해 주세요.",
			            NULL);
			return;
		}
	}

	char now[32];
	util_utc_iso(util_now(), now);
	int rc = DB_OK;
	if (name && strcmp(name, json_string_value(json_object_get(before, "name"))) != 0) {
		rc = users_set_name(r->db, org, id, name, now);
		if (rc == DB_OK) {
			json_t *v = json_string(name);
			rc = audit_change(r, "user.name", sid, "name",
			                  json_object_get(before, "name"), v);
			json_decref(v);
		}
	}
	if (rc == DB_OK && strcmp(new_role, old_role) != 0) {
		rc = users_set_role(r->db, org, id, new_role, now);
		if (rc == DB_OK) {
			json_t *v = json_string(new_role);
			rc = audit_change(r, "user.role", sid, "role",
			                  json_object_get(before, "role"), v);
			json_decref(v);
		}
	}
	if (rc == DB_OK && new_active != old_active) {
		rc = users_set_active(r->db, org, id, new_active, now);
		if (rc == DB_OK)
			rc = audit_change(r, new_active ? "user.enable" : "user.disable", sid,
			                  "active", json_boolean(old_active),
			                  json_boolean(new_active));
	}
	if (rc == DB_OK && password) {
		rc = users_set_pw_hash(r->db, org, id, hash, now);
		if (rc == DB_OK) {
			json_t *v = json_string("reset");
			rc = audit_change(r, "user.password_reset", sid, "password", NULL, v);
			json_decref(v);
		}
	}
	/* A disabled member, or one whose password was reset, is logged out everywhere (but a
	 * master resetting their own password keeps the session they are using). */
	if (rc == DB_OK && (password || (!new_active && old_active)))
		session_end_all(r->db, id,
		                id == r->user->id && new_active ? r->user->session_id : 0);
	json_decref(before);
	/* Each changed aspect wrote its own audit row above (audit_change). */
	if (rc != DB_OK) {
		req_tx_abort(r);
		reply_db_error(r, rc);
		return;
	}
	if (req_tx_commit_audited(r, NULL, NULL, NULL, NULL, NULL))
		return;
	json_t *after = users_object(r->db, org, id);
	if (!after) {
		reply_internal(r);
		return;
	}
	reply_json(r, 200, after);
}

const struct route api_users_routes[] = {
        {"GET", "/api/users", ROLE_MASTER, 0, h_users_list},
        {"GET", "/api/members", ROLE_VIEWER, 0, members_names},
        {"POST", "/api/users", ROLE_MASTER, 16384, users_create},
        {"PATCH", "/api/users/{id}", ROLE_MASTER, 16384, users_update},
        ROUTE_END,
};
