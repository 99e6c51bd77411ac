/* api_forecast.c — forecast runs and stored forecasts. A manager or master queues a run
 * (POST /api/forecast-runs: 202 with its id; while the organisation already has one queued
 * or running, 200 with that one's id instead, so pressing the button twice starts nothing
 * new); any member follows runs and reads a product's latest forecast. The runs themselves
 * happen on the runner's thread (forecast_runner.c); the SQL is in forecast_store.c. */
#include "api_forecast.h"

#include <stdlib.h>

#include "api_overrides.h"
#include "audit.h"
#include "date.h"
#include "forecast_runner.h"
#include "forecast_store.h"
#include "util.h"

static void reply_run_not_found(struct req *r)
{
	reply_not_found(r, "forecast_run_not_found", "수요 예측 실행을 찾을 수 없습니다.");
}

/* A backdated run's day: before today and at most AS_OF_MAX_DAYS back (the accuracy
 * report scores it against the days since). 0, or -1 once replied 400. */
#define AS_OF_MAX_DAYS 366
static int check_as_of(struct req *r, const char *as_of)
{
	char today[11];
	date_kst_today(today);
	int y, m, d;
	util_parse_date(as_of, &y, &m, &d);
	int64_t back = util_days_from_civil(y, m, d);
	util_parse_date(today, &y, &m, &d);
	back = util_days_from_civil(y, m, d) - back;
	if (back >= 1 && back <= AS_OF_MAX_DAYS)
		return 0;
	reply_field_error(r, "as_of", "bad_as_of",
	                  "기준일은 어제부터 366일 전까지의 날짜로 입력해 주세요 (오늘 예측은 "
	                  "기준일 없이 실행합니다).");
	return -1;
}

/* POST /api/forecast-runs: no body, an empty JSON object, or {"as_of": "YYYY-MM-DD"} for
 * a run made as if on that earlier day (history up to the day before). */
static void h_create(struct req *r)
{
	static const char *const allowed[] = {"as_of", NULL};
	const char *as_of = NULL;
	if (r->body_len > 0) {
		json_t *body = req_json_object(r);
		if (!body || req_json_only(r, body, allowed) ||
		    req_json_date(r, body, "as_of", REQ_OPTIONAL, &as_of) ||
		    (as_of && check_as_of(r, as_of)))
			return;
	}
	int64_t id = 0;
	int created = 0;
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = as_of ? forecast_runner_enqueue_as_of(r->db, r->user->org_id, r->user->id,
		                                           as_of, &id, &created)
		           : forecast_runner_enqueue(r->db, r->user->org_id, r->user->id, 0, &id,
		                                     &created);
	if (rc == DB_OK && created)
		rc = audit_record(r, "forecast_run.create", "forecast_run",
		                  arena_printf(r->a, "%lld", (long long)id), NULL, NULL);
	/* read inside the transaction: no runner can claim a new run before it is answered
	 * as queued */
	json_t *run = rc == DB_OK ? fstore_run_json(r->db, r->user->org_id, id) : NULL;
	if (rc == DB_OK && !run)
		rc = DB_ERR;
	if (rc == DB_OK) {
		rc = db_commit(r->db);
	} else if (db_in_txn(r->db)) {
		db_rollback(r->db);
	}
	if (rc != DB_OK) {
		json_decref(run);
		reply_db_error(r, rc);
		return;
	}
	if (created)
		forecast_runner_wake();
	json_object_set_new(run, "created", json_boolean(created));
	reply_json(r, created ? 202 : 200, run);
}

static void h_list(struct req *r)
{
	int64_t limit, offset;
	if (req_query_int(r, "limit", 20, 1, 200, &limit) ||
	    req_query_int(r, "offset", 0, 0, INT64_MAX, &offset))
		return;
	reply_json(r, 200, fstore_runs_json(r->db, r->user->org_id, limit, offset));
}

static void h_get(struct req *r)
{
	int64_t id = req_param_id(r, "id");
	json_t *run = id ? fstore_run_json(r->db, r->user->org_id, id) : NULL;
	if (!run) {
		reply_run_not_found(r);
		return;
	}
	reply_json(r, 200, run);
}

const char *api_forecast_why_text(struct req *r, const struct fstore_why *w)
{
	switch (w->kind) {
	case FSTORE_IS_SET:
		return "세트 상품은 따로 예측하지 않습니다. 세트의 판매는 구성품의 수요로 "
		       "예측합니다.";
	case FSTORE_NO_RUN:
		return "아직 끝난 수요 예측이 없습니다. 예측을 실행하거나 야간 예측을 기다려 "
		       "주세요.";
	case FSTORE_NOT_IN_RUN:
		return w->active ? "마지막 수요 예측 뒤에 등록된 상품입니다. 다음 예측부터 "
		                   "포함됩니다."
		                 : "판매 중지된 상품은 예측하지 않습니다.";
	default:
		return w->reason[0] ? arena_strdup(r->a, w->reason) : "예측 결과가 없습니다.";
	}
}

json_t *api_forecast_why_json(const char *sku, const struct fstore_why *w)
{
	static const char *const codes[] = {
	        "", "", "set", "no_run", "not_in_run", "too_little_history", "no_history"};
	json_t *d = json_pack("{s:s, s:s}", "sku", sku, "reason", codes[w->kind]);
	if (w->run_id) {
		json_object_set_new(d, "run_id", json_integer(w->run_id));
		json_object_set_new(d, "finished_at", json_string(w->finished_at));
	}
	if (w->kind == FSTORE_TOO_LITTLE_HISTORY || w->kind == FSTORE_NO_HISTORY) {
		json_object_set_new(d, "history_days", json_integer(w->history_days));
		json_object_set_new(d, "min_history_days", json_integer(w->min_history_days));
	}
	return d;
}

/* 404 forecast_not_found with the reason in Korean, and the same in details for screens. */
static void reply_no_forecast(struct req *r, const char *sku, const struct fstore_why *w)
{
	reply_error(r, 404, "forecast_not_found", api_forecast_why_text(r, w),
	            json_pack("[o]", api_forecast_why_json(sku, w)));
}

/* GET /api/products/{sku}/forecast */
static void h_product(struct req *r)
{
	const char *sku = req_param_nfc(r, "sku");
	json_t *out = NULL;
	struct fstore_why why;
	int rc = sku ? fstore_product_forecast(r->db, r->user->org_id, sku, &out, &why) : DB_DONE;
	if (!sku || (rc == DB_DONE && why.kind == FSTORE_NO_SKU)) {
		reply_not_found(r, "sku_not_found",
		                arena_printf(r->a, "상품을 찾을 수 없습니다: %s", sku ? sku : ""));
		return;
	}
	if (rc == DB_DONE) {
		reply_no_forecast(r, sku, &why);
		return;
	}
	/* the standing corrections (예측 수정) laid over the model's days */
	if (rc == DB_OK)
		rc = api_overrides_forecast_overlay(r, sku, out);
	if (rc != DB_OK) {
		json_decref(out);
		reply_db_error(r, rc);
		return;
	}
	reply_json(r, 200, out);
}

const struct route api_forecast_routes[] = {
        {"POST", "/api/forecast-runs", ROLE_MANAGER, 1024, h_create},
        {"GET", "/api/forecast-runs", ROLE_VIEWER, 0, h_list},
        {"GET", "/api/forecast-runs/{id}", ROLE_VIEWER, 0, h_get},
        {"GET", "/api/products/{sku}/forecast", ROLE_VIEWER, 0, h_product},
        ROUTE_END,
};
