/* api_overrides.c — manual corrections (예측 수정) over HTTP: a manager or master corrects a
 * product's forecast (the next 30/60/90 days' total, or given dates' quantities) or its
 * suggested order quantity (추천 발주량) with a reason, reads the standing corrections and
 * the full history, and reverts one. Staff and viewers cannot (the route table says
 * manager). Every change commits with its audit row. The rules are
 * domain/override_rules.h, the SQL store/overrides.c; this file reads the body, applies the
 * rules and replies. It also lays the standing corrections over the forecast answer (GET
 * /api/products/{sku}/forecast, api_forecast.c). */
#include "api_overrides.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "korean.h"
#include "overrides.h"
#include "text_limits.h"
#include "util.h"

/* ------------------------------------------------------------------ small helpers */

static int64_t today_day(void)
{
	char t[11];
	int y, m, d;
	date_kst_today(t);
	date_parse(t, &y, &m, &d);
	return date_days_from_civil(y, m, d);
}

static const char *day_text(struct req *r, int64_t day)
{
	char buf[PLAN_FMT_MAX];
	plan_fmt_day(day, buf, sizeof buf);
	return arena_strdup(r->a, buf);
}

/* A whole number of units for messages ("약 3,000개"). */
static int64_t units(double v)
{
	return (int64_t)llround(v);
}

static void reply_sku_not_found(struct req *r, const char *sku)
{
	reply_not_found(r, "sku_not_found",
	                arena_printf(r->a, "상품을 찾을 수 없습니다: %s", sku ? sku : ""));
}

/* The product of the path; -1 after replying 404 (or the DB error) when there is none. */
static int path_product(struct req *r, const char **sku, struct ovr_product *p)
{
	*sku = req_param_nfc(r, "sku");
	int rc = *sku ? ovr_product_find(r->db, r->user->org_id, *sku, p) : DB_DONE;
	if (rc == DB_DONE)
		reply_sku_not_found(r, *sku);
	else if (rc != DB_OK)
		reply_db_error(r, rc);
	return rc == DB_OK ? 0 : -1;
}

/* Unknown keys of obj: 400 naming the first. */
static int only_keys(struct req *r, json_t *obj, const char *prefix, const char *const *keys)
{
	const char *key;
	json_t *j;
	json_object_foreach(obj, key, j)
	{
		int ok = 0;
		for (const char *const *k = keys; *k && !ok; k++)
			ok = strcmp(*k, key) == 0;
		if (!ok) {
			reply_field_error(r, arena_printf(r->a, "%s%s", prefix, key),
			                  "unknown_field",
			                  arena_printf(r->a, "알 수 없는 항목입니다: %s", key));
			return -1;
		}
	}
	return 0;
}

/* The required reason: absent, empty or only spaces is its own message; then the text
 * rules and the limit of text_limits.h. */
static int read_reason(struct req *r, json_t *body, const char **out)
{
	json_t *v = json_object_get(body, "reason");
	int blank = !v || json_is_null(v);
	if (json_is_string(v)) {
		blank = 1;
		for (const char *p = json_string_value(v); *p && blank; p++)
			blank = isspace((unsigned char)*p) != 0;
	}
	if (blank) {
		reply_field_error(r, "reason", "override_reason_required",
		                  "사유를 입력해 주세요. 누가 왜 바꿨는지 수정 이력에 남습니다.");
		return -1;
	}
	return req_json_text(r, body, "reason", REQ_REQUIRED, LIMIT_OVERRIDE_REASON, 1, out);
}

/* A quantity in whole units: 0 and *out when valid, else a 400 on field. */
static int read_qty(struct req *r, json_t *v, const char *field, int64_t *out)
{
	if (!v || json_is_null(v)) {
		reply_field_error(r, field, "override_qty_required", "수량을 입력해 주세요.");
		return -1;
	}
	if (!json_is_number(v)) {
		reply_field_error(r, field, "override_qty_not_number",
		                  "수량은 숫자로 입력해 주세요 (예: 1200).");
		return -1;
	}
	double d = json_number_value(v);
	if (d < 0) {
		reply_field_error(r, field, ovr_status_code(OVR_E_NEGATIVE),
		                  ovr_status_message(OVR_E_NEGATIVE));
		return -1;
	}
	if (json_is_real(v) && d != floor(d)) {
		reply_field_error(r, field, "override_qty_not_integer",
		                  "수량은 소수 없이 개 단위의 정수로 입력해 주세요.");
		return -1;
	}
	if (d > (double)PLAN_QTY_MAX) {
		reply_field_error(r, field, ovr_status_code(OVR_E_TOO_LARGE),
		                  arena_printf(r->a, "수량은 %s개 이하로 입력해 주세요.",
		                               KNUM(PLAN_QTY_MAX)));
		return -1;
	}
	*out = json_is_integer(v) ? (int64_t)json_integer_value(v) : (int64_t)d;
	return 0;
}

/* The Korean refusal of a corrected forecast figure against the model's. */
static void reply_qty_refused(struct req *r, const char *field, int rc, const char *what,
                              double model)
{
	const char *msg = ovr_status_message(rc);
	if (rc == OVR_E_ABSURD)
		msg = arena_printf(r->a,
		                   "%s 모델 예측(약 %s개)의 %d배를 넘고 %s개도 넘는 값이라 받을 수 "
		                   "없습니다. 단위(개)를 확인해 주세요.",
		                   what, KNUM(units(model)), OVR_ABSURD_FACTOR,
		                   KNUM(OVR_ABSURD_FLOOR));
	reply_field_error(r, field, ovr_status_code(rc), msg);
}

/* 409 forecast_missing: a forecast correction needs a forecast; says what to do. */
static void reply_no_model(struct req *r, const char *sku)
{
	struct fstore_why why;
	json_t *fc = NULL;
	int rc = fstore_product_forecast(r->db, r->user->org_id, sku, &fc, &why);
	json_decref(fc);
	/* a forecast whose days have all passed (no run for months) counts as none */
	const char *because = rc == DB_DONE ? api_forecast_why_text(r, &why)
	                                    : "마지막 예측이 오래되어 오늘 이후의 예측이 "
	                                      "없습니다. 예측을 다시 실행해 주세요.";
	reply_error(
	        r, 409, "forecast_missing",
	        arena_printf(r->a,
	                     "이 상품의 오늘 이후 수요 예측이 없어 예측을 수정할 수 없습니다. %s "
	                     "예측이 생긴 뒤에 수정하거나, 지금은 추천 발주량을 수정해 주세요.",
	                     because),
	        json_pack("[{s:s, s:s}]", "field", "kind", "code", "forecast_missing"));
}

/* The audit copy of a correction: without its daily rows. */
static json_t *audit_copy(json_t *o)
{
	if (!o)
		return NULL;
	json_t *c = json_deep_copy(o);
	json_object_del(c, "days");
	return c;
}

/* Commits the new correction id with its audit row and replies 201. */
static void commit_created(struct req *r, int64_t id, int64_t today, json_t *warnings)
{
	json_t *after = ovr_json(r->db, r->user->org_id, id, today);
	json_t *audit = audit_copy(after);
	if (!after ||
	    req_tx_commit_audited(r, "forecast_override.create", "forecast_override",
	                          arena_printf(r->a, "%lld", (long long)id), NULL, audit)) {
		if (!after) {
			req_tx_abort(r);
			reply_internal(r);
		}
		json_decref(after);
		json_decref(audit);
		json_decref(warnings);
		return;
	}
	json_decref(audit);
	reply_json(r, 201, json_pack("{s:o, s:o}", "override", after, "warnings", warnings));
}

/* ------------------------------------------------------------------ order quantity */

static void create_order_qty(struct req *r, json_t *body, const struct ovr_product *p,
                             const char *reason, int64_t today)
{
	if (json_object_get(body, "window_days") || json_object_get(body, "dates")) {
		reply_field_error(r, json_object_get(body, "dates") ? "dates" : "window_days",
		                  "override_target_not_allowed",
		                  "추천 발주량 수정에는 기간이나 날짜를 쓰지 않습니다. 수량(qty)만 "
		                  "보내 주세요.");
		return;
	}
	int64_t qty = 0;
	if (read_qty(r, json_object_get(body, "qty"), "qty", &qty))
		return;
	int below = 0;
	int rc = ovr_check_order_qty(qty, p->moq, &below);
	if (rc != OVR_OK) {
		reply_field_error(
		        r, "qty", ovr_status_code(rc),
		        rc == OVR_E_TOO_LARGE
		                ? arena_printf(r->a,
		                               "발주량은 %s개 이하로 입력해 주세요 (발주서 한 줄에 "
		                               "담을 수 있는 양).",
		                               KNUM(OVR_ORDER_QTY_MAX))
		                : "발주량은 0개 이상이어야 합니다. 0개는 '이번에는 발주하지 "
		                  "않음'입니다.");
		return;
	}
	json_t *warnings = json_array();
	if (below)
		json_array_append_new(
		        warnings,
		        json_pack(
		                "{s:s, s:s}", "code", "below_moq", "message",
		                arena_printf(r->a,
		                             "최소 주문 수량(MOQ) %s개보다 적습니다. 공급처가 받아 "
		                             "주는지 확인해 주세요.",
		                             KNUM(p->moq))));
	if (req_tx_begin(r)) {
		json_decref(warnings);
		return;
	}
	int64_t id = 0;
	rc = ovr_insert_order_qty(r->db, r->user->org_id, p->id, r->user->id, qty, reason, &id);
	if (rc != DB_OK) {
		req_tx_abort(r);
		json_decref(warnings);
		reply_db_error(r, rc);
		return;
	}
	commit_created(r, id, today, warnings);
}

/* ------------------------------------------------------------------ forecast */

/* The dates of a correction: days[i] and qtys[i]; 0, or a 400 sent. */
static int read_dates(struct req *r, json_t *arr, int64_t *days, int64_t *qtys, size_t *n)
{
	static const char *const keys[] = {"date", "qty", NULL};
	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > OVR_DATES_MAX) {
		reply_field_error(r, "dates", ovr_status_code(OVR_E_DATES_COUNT),
		                  ovr_status_message(OVR_E_DATES_COUNT));
		return -1;
	}
	*n = json_array_size(arr);
	for (size_t i = 0; i < *n; i++) {
		json_t *e = json_array_get(arr, i);
		const char *field = arena_printf(r->a, "dates[%zu].date", i);
		if (!json_is_object(e)) {
			reply_field_error(r, arena_printf(r->a, "dates[%zu]", i), "not_object",
			                  "날짜별 수정은 {\"date\", \"qty\"} 형태로 보내 주세요.");
			return -1;
		}
		if (only_keys(r, e, arena_printf(r->a, "dates[%zu].", i), keys))
			return -1;
		json_t *dv = json_object_get(e, "date");
		int y, m, dd;
		if (!json_is_string(dv) || strlen(json_string_value(dv)) != 10 ||
		    date_parse(json_string_value(dv), &y, &m, &dd) != 0) {
			reply_field_error(r, field, "override_date_invalid",
			                  "날짜는 YYYY-MM-DD 형식의 실제 날짜로 입력해 주세요.");
			return -1;
		}
		days[i] = date_days_from_civil(y, m, dd);
		if (read_qty(r, json_object_get(e, "qty"), arena_printf(r->a, "dates[%zu].qty", i),
		             &qtys[i]))
			return -1;
	}
	return 0;
}

/* Sorts the new days by date (insertion sort: at most OVR_DATES_MAX). */
static void sort_days(struct ovr_new_day *d, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct ovr_new_day x = d[i];
		size_t j = i;
		for (; j > 0 && d[j - 1].day > x.day; j--)
			d[j] = d[j - 1];
		d[j] = x;
	}
}

/* The effective forecast of `days` (the model's means in model_days) before this
 * correction: the standing quantities of those days laid over the model. */
static int current_days(struct req *r, int64_t product_id, int64_t from, int n,
                        const double *model_days, double *cur)
{
	struct ovr_day *act = NULL;
	size_t nact = 0;
	int rc = ovr_active_days(r->db, product_id, from, from + n - 1, &act, &nact);
	if (rc == DB_OK && ovr_apply(model_days, n, from, act, nact, cur, NULL, NULL) != OVR_OK)
		rc = DB_ERR;
	free(act);
	return rc;
}

/* A window: the next window_days days from today, the total spread in the model's shape. */
static int window_days_of(struct req *r, const struct ovr_model *m, int64_t product_id, int window,
                          int64_t qty, int64_t from, struct ovr_new_forecast *in,
                          struct ovr_new_day *out)
{
	double w[PLAN_HORIZON_MAX], cur[PLAN_HORIZON_MAX], spread[PLAN_HORIZON_MAX];
	if (ovr_model_days(m->mean, m->ndays, m->first_day, from, window, w) != OVR_OK)
		return -2;
	int rc = current_days(r, product_id, from, window, w, cur);
	if (rc != DB_OK)
		return rc;
	double model = 0, old = 0;
	for (int i = 0; i < window; i++) {
		model += w[i];
		old += cur[i];
	}
	int st = ovr_check_qty((double)qty, model);
	if (st != OVR_OK) {
		reply_qty_refused(r, "qty", st, arena_printf(r->a, "다음 %d일 합계", window),
		                  model);
		return 1;
	}
	if (ovr_spread(w, window, (double)qty, spread) != OVR_OK)
		return -2;
	for (int i = 0; i < window; i++)
		out[i] = (struct ovr_new_day){from + i, spread[i], cur[i], w[i]};
	in->ndays = (size_t)window;
	in->qty = (double)qty;
	in->old_qty = old;
	in->model_qty = model;
	return 0;
}

/* Given dates: each day's quantity as given. */
static int dates_of(struct req *r, const struct ovr_model *m, int64_t product_id,
                    const int64_t *days, const int64_t *qtys, size_t n, int64_t today,
                    struct ovr_new_forecast *in, struct ovr_new_day *out)
{
	int64_t last = m->first_day + m->ndays - 1;
	size_t bad = 0;
	int st = ovr_check_dates(days, n, today, last, &bad);
	if (st != OVR_OK) {
		const char *msg = ovr_status_message(st);
		if (st == OVR_E_DATE_PAST)
			msg = arena_printf(r->a, "%s은 지난 날짜라 수정할 수 없습니다.",
			                   day_text(r, days[bad]));
		else if (st == OVR_E_DATE_BEYOND)
			msg = arena_printf(r->a,
			                   "%s은 예측 기간을 벗어났습니다. 예측은 %s까지 있습니다.",
			                   day_text(r, days[bad]), day_text(r, last));
		else if (st == OVR_E_DATE_TWICE)
			msg = arena_printf(r->a, "%s을 두 번 입력했습니다.",
			                   day_text(r, days[bad]));
		reply_field_error(r, arena_printf(r->a, "dates[%zu].date", bad),
		                  ovr_status_code(st), msg);
		return 1;
	}
	in->qty = in->old_qty = in->model_qty = 0;
	for (size_t i = 0; i < n; i++) {
		double w, cur;
		if (ovr_model_days(m->mean, m->ndays, m->first_day, days[i], 1, &w) != OVR_OK)
			return -2;
		int rc = current_days(r, product_id, days[i], 1, &w, &cur);
		if (rc != DB_OK)
			return rc;
		st = ovr_check_qty((double)qtys[i], w);
		if (st != OVR_OK) {
			reply_qty_refused(r, arena_printf(r->a, "dates[%zu].qty", i), st,
			                  day_text(r, days[i]), w);
			return 1;
		}
		out[i] = (struct ovr_new_day){days[i], (double)qtys[i], cur, w};
		in->qty += (double)qtys[i];
		in->old_qty += cur;
		in->model_qty += w;
	}
	in->ndays = n;
	sort_days(out, n);
	return 0;
}

static void create_forecast(struct req *r, json_t *body, const struct ovr_product *p,
                            const char *sku, const char *reason, int64_t today)
{
	json_t *wj = json_object_get(body, "window_days"), *dj = json_object_get(body, "dates");
	if (wj && json_is_null(wj))
		wj = NULL;
	if (dj && json_is_null(dj))
		dj = NULL;
	if (!wj == !dj) {
		reply_field_error(
		        r, "window_days",
		        wj ? "override_target_conflict" : "override_target_required",
		        wj ? "기간(window_days)과 날짜(dates) 중 하나만 보내 주세요."
		           : "수정할 기간(다음 30일, 60일, 90일)이나 날짜를 골라 주세요.");
		return;
	}
	int window = 0;
	int64_t qty = 0, days[OVR_DATES_MAX], qtys[OVR_DATES_MAX];
	size_t ndates = 0;
	if (wj) {
		json_int_t v = json_is_integer(wj) ? json_integer_value(wj) : 0;
		if (ovr_check_window(v > 0 && v <= PLAN_HORIZON_MAX ? (int)v : 0) != OVR_OK) {
			reply_field_error(r, "window_days", ovr_status_code(OVR_E_WINDOW),
			                  ovr_status_message(OVR_E_WINDOW));
			return;
		}
		window = (int)v;
		if (read_qty(r, json_object_get(body, "qty"), "qty", &qty))
			return;
	} else {
		if (json_object_get(body, "qty")) {
			reply_field_error(r, "qty", "override_target_conflict",
			                  "날짜별 수정은 dates의 각 qty로 보내 주세요.");
			return;
		}
		if (read_dates(r, dj, days, qtys, &ndates))
			return;
	}
	if (req_tx_begin(r))
		return;
	struct ovr_model *m = xmalloc(sizeof *m); /* ~3 KiB: off the request thread's stack */
	int rc = ovr_model_load(r->db, r->user->org_id, p->id, m);
	if (rc == DB_DONE || (rc == DB_OK && today > m->first_day + m->ndays - 1)) {
		req_tx_abort(r);
		free(m);
		reply_no_model(r, sku);
		return;
	}
	struct ovr_new_day nd[PLAN_HORIZON_MAX];
	struct ovr_new_forecast in = {.product_id = p->id,
	                              .window_days = window,
	                              .run_id = m->run_id,
	                              .user_id = r->user->id,
	                              .reason = reason,
	                              .days = nd};
	/* a run from an earlier day: its first days have passed; corrections start today */
	int64_t from = today > m->first_day ? today : m->first_day;
	int got = rc;
	if (rc == DB_OK)
		got = window ? window_days_of(r, m, p->id, window, qty, from, &in, nd)
		             : dates_of(r, m, p->id, days, qtys, ndates, from, &in, nd);
	free(m);
	int64_t id = 0;
	if (got == 0) {
		rc = ovr_insert_forecast(r->db, r->user->org_id, &in, &id);
		got = rc;
	}
	if (got != 0) {
		req_tx_abort(r);
		if (got == -2)
			reply_internal(r);
		else if (got < 0)
			reply_db_error(r, got);
		return; /* 1: replied */
	}
	commit_created(r, id, today, json_array());
}

/* ------------------------------------------------------------------ routes */

/* POST /api/products/{sku}/overrides */
static void h_create(struct req *r)
{
	static const char *const keys[] = {"kind", "window_days", "dates", "qty", "reason", NULL};
	static const char *const kinds[] = {"forecast", "order_qty", NULL};
	json_t *body = req_json_object(r);
	if (!body || only_keys(r, body, "", keys))
		return;
	int kind = 0;
	const char *reason = NULL;
	if (req_json_enum(r, body, "kind", REQ_REQUIRED, kinds, "override_kind_invalid",
	                  "수정할 대상(kind)은 forecast(예측) 또는 order_qty(추천 발주량)여야 "
	                  "합니다.",
	                  &kind) ||
	    read_reason(r, body, &reason))
		return;
	const char *sku;
	struct ovr_product p;
	if (path_product(r, &sku, &p))
		return;
	if (p.is_set) {
		reply_error(r, 409, "override_set_product",
		            "세트 상품은 예측과 발주량을 구성품별로 정합니다. 구성품에서 수정해 "
		            "주세요.",
		            NULL);
		return;
	}
	if (!p.active) {
		reply_error(r, 409, "product_inactive",
		            "판매 중지된 상품은 예측이나 발주량을 수정할 수 없습니다.", NULL);
		return;
	}
	int64_t today = today_day();
	if (kind == 1)
		create_order_qty(r, body, &p, reason, today);
	else
		create_forecast(r, body, &p, sku, reason, today);
}

/* GET /api/products/{sku}/overrides */
static void h_list(struct req *r)
{
	const char *sku;
	struct ovr_product p;
	if (path_product(r, &sku, &p))
		return;
	json_t *o = ovr_product_json(r->db, r->user->org_id, p.id, today_day());
	json_object_set_new(o, "sku", json_string(sku));
	json_object_set_new(o, "moq", json_integer(p.moq));
	reply_json(r, 200, o);
}

/* What stands after a forecast correction is reverted: the latest run's model over its
 * remaining days (the stored model figure of a day the run no longer covers). */
static double model_after(struct req *r, json_t *before, int64_t product_id, int64_t today)
{
	struct ovr_model *m = xmalloc(sizeof *m);
	int have = ovr_model_load(r->db, r->user->org_id, product_id, m) == DB_OK;
	double sum = 0;
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(before, "days"), i, d)
	{
		int y, mo, dd;
		const char *date = json_string_value(json_object_get(d, "date"));
		if (!json_is_true(json_object_get(d, "active")) || !date ||
		    date_parse(date, &y, &mo, &dd) != 0)
			continue;
		int64_t day = date_days_from_civil(y, mo, dd);
		double v = json_number_value(json_object_get(d, "model_qty"));
		if (day < today)
			continue;
		if (have && day >= m->first_day)
			ovr_model_days(m->mean, m->ndays, m->first_day, day, 1, &v);
		sum += v;
	}
	free(m);
	return sum;
}

static void reply_not_standing(struct req *r, const char *status)
{
	const char *msg = "서 있는 수정이 아니라 되돌릴 수 없습니다.";
	if (util_streq(status, "reverted"))
		msg = "이미 되돌린 수정입니다.";
	else if (util_streq(status, "replaced"))
		msg = "더 새로운 수정으로 바뀐 수정이라 되돌릴 수 없습니다. 새 수정을 되돌리거나 "
		      "다시 수정해 주세요.";
	else if (util_streq(status, "expired"))
		msg = "기간이 모두 지난 수정이라 되돌릴 것이 없습니다.";
	reply_error(r, 409, "override_not_standing", msg, json_pack("[{s:s}]", "status", status));
}

/* POST /api/overrides/{id}/revert */
static void h_revert(struct req *r)
{
	static const char *const keys[] = {"reason", NULL};
	json_t *body = req_json_object(r);
	const char *reason = NULL;
	if (!body || only_keys(r, body, "", keys) || read_reason(r, body, &reason))
		return;
	int64_t id = req_param_id(r, "id"), today = today_day();
	if (req_tx_begin(r))
		return;
	struct ovr_info info;
	int rc = id ? ovr_info_load(r->db, r->user->org_id, id, today, &info) : DB_DONE;
	if (rc != DB_OK) {
		req_tx_abort(r);
		if (rc == DB_DONE)
			reply_not_found(r, "override_not_found",
			                "예측 수정 기록을 찾을 수 없습니다.");
		else
			reply_db_error(r, rc);
		return;
	}
	if (!info.standing) {
		req_tx_abort(r);
		reply_not_standing(r, info.status);
		return;
	}
	json_t *before = ovr_json(r->db, r->user->org_id, id, today);
	double end_qty = info.is_forecast ? model_after(r, before, info.product_id, today) : -1;
	rc = ovr_revert(r->db, r->user->org_id, id, r->user->id, reason, end_qty);
	json_t *after = rc == DB_OK ? ovr_json(r->db, r->user->org_id, id, today) : NULL;
	json_t *ab = audit_copy(before), *aa = audit_copy(after);
	json_decref(before);
	if (rc != DB_OK || !after) {
		req_tx_abort(r);
		json_decref(ab);
		json_decref(aa);
		json_decref(after);
		reply_db_error(r, rc != DB_OK ? rc : DB_ERR);
		return;
	}
	int failed = req_tx_commit_audited(r, "forecast_override.revert", "forecast_override",
	                                   arena_printf(r->a, "%lld", (long long)id), ab, aa);
	json_decref(ab);
	json_decref(aa);
	if (failed) {
		json_decref(after);
		return;
	}
	reply_json(r, 200, after);
}

/* ------------------------------------------------------------------ the forecast answer */

int api_overrides_forecast_overlay(struct req *r, const char *sku, json_t *fc)
{
	struct ovr_product p;
	int rc = ovr_product_find(r->db, r->user->org_id, sku, &p);
	if (rc != DB_OK)
		return rc == DB_DONE ? DB_OK : rc;
	json_t *days = json_object_get(fc, "days");
	size_t n = json_array_size(days);
	if (n == 0 || n > PLAN_HORIZON_MAX)
		return DB_OK;
	double model[PLAN_HORIZON_MAX], eff[PLAN_HORIZON_MAX];
	unsigned char flags[PLAN_HORIZON_MAX];
	int y, m, d;
	const char *first = json_string_value(json_object_get(json_array_get(days, 0), "date"));
	if (!first || date_parse(first, &y, &m, &d) != 0)
		return DB_ERR;
	int64_t first_day = date_days_from_civil(y, m, d);
	for (size_t i = 0; i < n; i++)
		model[i] = json_number_value(json_object_get(json_array_get(days, i), "mean"));
	struct ovr_day *act = NULL;
	size_t nact = 0;
	rc = ovr_active_days(r->db, p.id, first_day, first_day + (int64_t)n - 1, &act, &nact);
	int any = 0;
	if (rc == DB_OK &&
	    ovr_apply(model, (int)n, first_day, act, nact, eff, flags, &any) != OVR_OK)
		rc = DB_ERR;
	free(act);
	if (rc != DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		json_t *day = json_array_get(days, i);
		json_object_set_new(day, "effective", json_real(eff[i]));
		json_object_set_new(day, "overridden", json_boolean(flags[i]));
	}
	static const int windows[] = {30, 60, 90};
	json_t *totals = json_object_get(fc, "totals");
	for (size_t k = 0; k < 3; k++) {
		json_t *t = json_object_get(totals, arena_printf(r->a, "%d", windows[k]));
		if (!t)
			continue;
		double sum = 0;
		int over = 0;
		for (size_t i = 0; i < n && i < (size_t)windows[k]; i++) {
			sum += eff[i];
			over |= flags[i];
		}
		json_object_set_new(t, "effective", json_real(sum));
		json_object_set_new(t, "overridden", json_boolean(over));
	}
	json_object_set_new(fc, "overridden", json_boolean(any));
	json_object_set_new(fc, "overrides",
	                    ovr_standing_forecast_json(r->db, r->user->org_id, p.id, today_day()));
	return DB_OK;
}

const struct route api_overrides_routes[] = {
        {"GET", "/api/products/{sku}/overrides", ROLE_MANAGER, 0, h_list},
        {"POST", "/api/products/{sku}/overrides", ROLE_MANAGER, 32 * 1024, h_create},
        {"POST", "/api/overrides/{id}/revert", ROLE_MANAGER, 16 * 1024, h_revert},
        ROUTE_END,
};
