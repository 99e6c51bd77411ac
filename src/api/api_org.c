/* api_org.c — organisation settings. GET /api/org shows them to every member; PATCH
 * /api/org lets a master rename the organisation, allow or forbid stock below zero
 * (which the ledger and the import preview read on every movement) and set the KST hour
 * of the nightly forecast run, and the planning settings (발주 알림 and 소비기한 알림 days,
 * 발주 주기, the default service level). A change is audited as "org.update" with the settings
 * before and after, in the same transaction. */
#include "api_org.h"

#include <math.h>
#include <string.h>

#include "forecast_runner.h"
#include "org.h"
#include "planning.h"
#include "util.h"

/* GET /api/org */
static void org_get(struct req *r)
{
	json_t *o = org_settings(r->db, r->user->org_id);
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

/* The planning settings of a PATCH; -1 / 0 for those not sent. Replies 400 and returns -1
 * on a bad value. service_level is a percent, 50..99.9. */
static int planning_fields(struct req *r, json_t *body, struct org_planning *p)
{
	*p = (struct org_planning){-1, -1, -1, 0};
	if (req_json_int(r, body, "order_alert_days", REQ_OPTIONAL, 0, PLAN_ALERT_DAYS_MAX,
	                 &p->order_alert_days) ||
	    req_json_int(r, body, "expiry_alert_days", REQ_OPTIONAL, 0, PLAN_ALERT_DAYS_MAX,
	                 &p->expiry_alert_days) ||
	    req_json_int(r, body, "review_days", REQ_OPTIONAL, 0, PLAN_REVIEW_MAX, &p->review_days))
		return -1;
	json_t *v = json_object_get(body, "service_level");
	if (!v)
		return 0;
	double pct = json_number_value(v);
	if (!json_is_number(v) || !(pct >= 50.0 && pct <= 99.9)) {
		reply_field_error(r, "service_level", "service_level_invalid",
		                  "서비스 수준은 50% 이상 99.9% 이하의 숫자여야 합니다 (예: 95).");
		return -1;
	}
	p->service_level = round(pct * 10.0) / 1000.0;
	return 0;
}

static int planning_given(const struct org_planning *p)
{
	return p->order_alert_days >= 0 || p->expiry_alert_days >= 0 || p->review_days >= 0 ||
	       p->service_level > 0;
}

/* PATCH /api/org any of {"name","allow_negative_stock","forecast_hour"} and the planning
 * settings {"order_alert_days","expiry_alert_days","review_days","service_level"}. */
static void org_update(struct req *r)
{
	static const char *const allowed[] = {"name",
	                                      "allow_negative_stock",
	                                      "forecast_hour",
	                                      "order_alert_days",
	                                      "expiry_alert_days",
	                                      "review_days",
	                                      "service_level",
	                                      NULL};
	struct org_planning plan;
	json_t *body = req_json_object(r);
	const char *name = NULL;
	int allow_neg = -1;
	int64_t hour = -1;
	if (!body || req_json_only(r, body, allowed))
		return;
	if (req_json_str(r, body, "name", REQ_OPTIONAL, API_ORG_NAME_MAX, &name) ||
	    org_name_ok(r, body, name) ||
	    req_json_bool(r, body, "allow_negative_stock", REQ_OPTIONAL, &allow_neg) ||
	    req_json_int(r, body, "forecast_hour", REQ_OPTIONAL, 0, 23, &hour) ||
	    planning_fields(r, body, &plan))
		return;
	if (!name && allow_neg < 0 && hour < 0 && !planning_given(&plan)) {
		reply_error(
		        r, 400, "bad_request",
		        "바꿀 항목(name, allow_negative_stock, forecast_hour, order_alert_days, "
		        "expiry_alert_days, review_days, service_level)을 하나 이상 보내 "
		        "주세요.",
		        NULL);
		return;
	}
	int64_t org_id = r->user->org_id;
	if (req_tx_begin(r))
		return;
	json_t *before = org_settings(r->db, org_id);
	if (!before) {
		req_tx_abort(r);
		reply_not_found(r, "org_not_found", "회사 정보를 찾을 수 없습니다.");
		return;
	}
	int rc = name ? org_set_name(r->db, org_id, name) : DB_OK;
	if (rc == DB_OK && allow_neg >= 0)
		rc = org_set_allow_negative(r->db, org_id, allow_neg);
	if (rc == DB_OK && hour >= 0)
		rc = org_set_forecast_hour(r->db, org_id, (int)hour);
	if (rc == DB_OK && planning_given(&plan))
		rc = org_set_planning(r->db, org_id, &plan);
	json_t *after = rc == DB_OK ? org_settings(r->db, org_id) : NULL;
	if (!after) {
		req_tx_abort(r);
		json_decref(before);
		reply_db_error(r, rc != DB_OK ? rc : DB_ERR);
		return;
	}
	/* An unchanged setting is not an event: only a real change is audited. */
	int failed =
	        req_tx_commit_audited(r, json_equal(before, after) ? NULL : "org.update", "org",
	                              arena_printf(r->a, "%lld", (long long)org_id), before, after);
	json_decref(before);
	if (failed) {
		json_decref(after);
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
