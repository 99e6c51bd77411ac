/* org.c — organisations and member creation (see org.h). */
#include "org.h"

#include <math.h>
#include <sodium.h>
#include <string.h>

#include "passwd.h"
#include "role.h"
#include "util.h"

int org_create(db *d, const char *name, int64_t *out)
{
	unsigned char raw[16];
	char token[33], now[32];
	randombytes_buf(raw, sizeof raw);
	util_hex(raw, sizeof raw, token);
	util_utc_iso(util_now(), now);
	int rc = db_exec(d, "INSERT INTO orgs(name, template_token, created_at) VALUES (?, ?, ?)",
	                 "ttt", name, token, now);
	if (rc == DB_OK)
		*out = db_last_id(d);
	return rc;
}

int64_t org_find(db *d, const char *name)
{
	if (name)
		return db_int(d, 0, "SELECT id FROM orgs WHERE name = ? ORDER BY id LIMIT 1", "t",
		              name);
	return db_int(d, 0, "SELECT id FROM orgs ORDER BY id LIMIT 1", "");
}

json_t *org_settings(db *d, int64_t org_id)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT id, name, allow_negative_stock, created_at, forecast_hour,"
	                         " order_alert_days, expiry_alert_days, review_days, service_level"
	                         " FROM orgs WHERE id = ?",
	                         "i", org_id);
	json_t *o = NULL;
	if (db_step(s) == DB_ROW)
		o = json_pack("{s:I, s:s, s:b, s:s, s:I, s:I, s:I, s:I, s:f}", "id",
		              (json_int_t)db_col_int(s, 0), "name",
		              db_col_text(s, 1) ? db_col_text(s, 1) : "", "allow_negative_stock",
		              (int)db_col_int(s, 2), "created_at",
		              db_col_text(s, 3) ? db_col_text(s, 3) : "", "forecast_hour",
		              (json_int_t)db_col_int(s, 4), "order_alert_days",
		              (json_int_t)db_col_int(s, 5), "expiry_alert_days",
		              (json_int_t)db_col_int(s, 6), "review_days",
		              (json_int_t)db_col_int(s, 7), "service_level",
		              round(db_col_double(s, 8) * 1000.0) / 10.0);
	db_finalize(s);
	return o;
}

int org_set_name(db *d, int64_t org_id, const char *name)
{
	return db_exec(d, "UPDATE orgs SET name = ? WHERE id = ?", "ti", name, org_id);
}

int org_set_allow_negative(db *d, int64_t org_id, int allow)
{
	return db_exec(d, "UPDATE orgs SET allow_negative_stock = ? WHERE id = ?", "ii",
	               (int64_t)allow, org_id);
}

int org_set_forecast_hour(db *d, int64_t org_id, int hour)
{
	return db_exec(d, "UPDATE orgs SET forecast_hour = ? WHERE id = ?", "ii", (int64_t)hour,
	               org_id);
}

int org_set_planning(db *d, int64_t org_id, const struct org_planning *p)
{
	db_stmt *s =
	        db_prepare(d, "UPDATE orgs SET order_alert_days = COALESCE(?, order_alert_days),"
	                      " expiry_alert_days = COALESCE(?, expiry_alert_days),"
	                      " review_days = COALESCE(?, review_days),"
	                      " service_level = COALESCE(?, service_level) WHERE id = ?");
	const int64_t days[3] = {p->order_alert_days, p->expiry_alert_days, p->review_days};
	for (int i = 0; i < 3; i++) {
		if (days[i] >= 0)
			db_bind_int(s, i + 1, days[i]);
		else
			db_bind_null(s, i + 1);
	}
	if (p->service_level > 0)
		db_bind_double(s, 4, p->service_level);
	else
		db_bind_null(s, 4);
	db_bind_int(s, 5, org_id);
	int rc = db_step(s);
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERR);
}

int64_t org_count(db *d)
{
	return db_int(d, 0, "SELECT count(*) FROM orgs", "");
}

int org_exists(db *d, int64_t id)
{
	return db_int(d, 0, "SELECT id FROM orgs WHERE id = ?", "i", id) != 0;
}

char *user_login_fold(arena *a, const char *s)
{
	char *out = arena_strdup(a, s);
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

const char *user_login_error(const char *login)
{
	size_t n = strlen(login);
	if (n < 3 || n > 32)
		return "아이디는 3자 이상 32자 이하로 입력해 주세요.";
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		         (i > 0 && (c == '.' || c == '_' || c == '-'));
		if (!ok)
			return "아이디는 영문 소문자, 숫자, 마침표(.), 밑줄(_), 하이픈(-)만 쓸 수 "
			       "있고 영문 소문자나 숫자로 시작해야 합니다.";
	}
	return NULL;
}

int user_create(db *d, int64_t org_id, const char *login, const char *name, enum role role,
                const char *password, int64_t *out)
{
	char hash[PASSWD_HASH_MAX], now[32];
	if (passwd_hash(password, hash) != 0)
		return DB_ERR;
	util_utc_iso(util_now(), now);
	int rc = db_exec(d,
	                 "INSERT INTO users(org_id, login, name, role, pw_hash, created_at, "
	                 "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	                 "ittttt"
	                 "t",
	                 org_id, login, name, role_name(role), hash, now, now);
	if (rc == DB_OK && out)
		*out = db_last_id(d);
	return rc;
}
