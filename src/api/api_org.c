/* api_org.c — organisation settings. GET /api/org shows them to every member; PATCH
 * /api/org lets a master rename the organisation, allow or forbid stock below zero
 * (which the ledger and the import preview read on every movement) and set the KST hour
 * of the nightly forecast run. A change is audited as "org.update" with the settings
 * before and after, in the same transaction. */
#include "api_org.h"

#include <string.h>

#include "audit.h"
#include "forecast_runner.h"
#include "util.h"

json_t *api_org_object(db *d, int64_t org_id)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT id, name, allow_negative_stock, created_at, forecast_hour "
	                         "FROM orgs WHERE id = ?",
	                         "i", org_id);
	json_t *o = NULL;
	if (db_step(s) == DB_ROW)
		o = json_pack("{s:I, s:s, s:b, s:s, s:I}", "id", (json_int_t)db_col_int(s, 0),
		              "name", db_col_text(s, 1) ? db_col_text(s, 1) : "",
		              "allow_negative_stock", (int)db_col_int(s, 2), "created_at",
		              db_col_text(s, 3) ? db_col_text(s, 3) : "", "forecast_hour",
		              (json_int_t)db_col_int(s, 4));
	db_finalize(s);
	return o;
}

/* GET /api/org */
static void org_get(struct req *r)
{
	json_t *o = api_org_object(r->db, r->user->org_id);
	if (!o) {
		reply_not_found(r, "org_not_found", "회사 정보를 찾을 수 없습니다.");
		return;
	}
	reply_json(r, 200, o);
}

/* A name a master may give: not blank (req_json_str trims it and counts the 50
 * characters), no control characters. Replies 400 and returns -1 otherwise. */
static int org_name_ok(struct req *r, json_t *body, const char *name)
{
	/* A name sent blank or null is refused, not ignored: an organisation needs one. */
	if (json_object_get(body, "name") && (!name || !*name)) {
		reply_field_error(r, "name", "required", "회사 이름을 입력해 주세요 (1~50자).");
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			reply_field_error(r, "name", "bad_text",
			                  "회사 이름에 쓸 수 없는 문자가 있습니다.");
			return -1;
		}
	}
	return 0;
}

/* PATCH /api/org any of {"name","allow_negative_stock","forecast_hour"}. */
static void org_update(struct req *r)
{
	static const char *const allowed[] = {"name", "allow_negative_stock", "forecast_hour",
	                                      NULL};
	json_t *body = req_json_object(r);
	const char *name = NULL;
	int allow_neg = -1;
	int64_t hour = -1;
	if (!body || req_json_only(r, body, allowed))
		return;
	if (req_json_str(r, body, "name", REQ_OPTIONAL, API_ORG_NAME_MAX, &name) ||
	    org_name_ok(r, body, name) ||
	    req_json_bool(r, body, "allow_negative_stock", REQ_OPTIONAL, &allow_neg) ||
	    req_json_int(r, body, "forecast_hour", REQ_OPTIONAL, 0, 23, &hour))
		return;
	if (!name && allow_neg < 0 && hour < 0) {
		reply_error(r, 400, "bad_request",
		            "바꿀 항목(name, allow_negative_stock, forecast_hour)을 하나 이상 보내 "
		            "주세요.",
		            NULL);
		return;
	}
	int64_t org_id = r->user->org_id;
	int rc = db_begin(r->db);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	json_t *before = api_org_object(r->db, org_id);
	if (!before) {
		db_rollback(r->db);
		reply_not_found(r, "org_not_found", "회사 정보를 찾을 수 없습니다.");
		return;
	}
	if (name)
		rc = db_exec(r->db, "UPDATE orgs SET name = ? WHERE id = ?", "ti", name, org_id);
	if (rc == DB_OK && allow_neg >= 0)
		rc = db_exec(r->db, "UPDATE orgs SET allow_negative_stock = ? WHERE id = ?", "ii",
		             (int64_t)allow_neg, org_id);
	if (rc == DB_OK && hour >= 0)
		rc = db_exec(r->db, "UPDATE orgs SET forecast_hour = ? WHERE id = ?", "ii", hour,
		             org_id);
	json_t *after = rc == DB_OK ? api_org_object(r->db, org_id) : NULL;
	if (rc == DB_OK && !after)
		rc = DB_ERR;
	/* An unchanged setting is not an event: only a real change is audited. */
	if (rc == DB_OK && !json_equal(before, after))
		rc = audit_record(r, "org.update", "org",
		                  arena_printf(r->a, "%lld", (long long)org_id), before, after);
	json_decref(before);
	if (rc == DB_OK)
		rc = db_commit(r->db);
	else
		db_rollback(r->db);
	if (rc != DB_OK) {
		json_decref(after);
		reply_db_error(r, rc);
		return;
	}
	if (hour >= 0)
		forecast_runner_wake(); /* the nightly slot may have moved to now */
	reply_json(r, 200, after);
}

const struct route api_org_routes[] = {
        {"GET", "/api/org", ROLE_VIEWER, 0, org_get},
        {"PATCH", "/api/org", ROLE_MASTER, 4096, org_update},
        ROUTE_END,
};
