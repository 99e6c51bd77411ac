/* api_movements.c — recording inbound, outbound and stocktake adjustments by hand, listing
 * the ledger, and reversing a movement (managers any; staff their own of today). Handlers validate, call the ledger inside one
 * transaction together with the audit row, and reply with the new stock. */
#include "api_movements.h"

#include <stdlib.h>
#include <string.h>

#include "ledger.h"
#include "movements.h"
#include "util.h"

/* ------------------------------------------------------------------ replies */

static void reply_ledger_error(struct req *r, const struct ledger_err *e)
{
	switch (e->code) {
	case LEDGER_EINVAL: {
		json_t *d = e->field[0]
		                    ? json_pack("[{s:s, s:s, s:s}]", "field", e->field, "code",
		                                e->id ? e->id : "invalid", "message", e->message)
		                    : NULL;
		/* A missing expiry date is a rule of its own, not a malformed field: clients
		 * offer "소비기한 모름" on that code. */
		reply_error(r, 400,
		            util_streq(e->id, "expiry_required") ? "expiry_required"
		                                                 : "validation_failed",
		            e->message, d);
		return;
	}
	case LEDGER_ENOSKU:
		reply_not_found(r, e->id ? e->id : "not_found", e->message);
		return;
	case LEDGER_ENOSTOCK:
		reply_error(r, 409, "insufficient_stock", e->message,
		            json_pack("[{s:s, s:s, s:s}]", "field", "qty", "code",
		                      "insufficient_stock", "message", e->message));
		return;
	case LEDGER_ECONFLICT:
		reply_error(r, 409, e->id ? e->id : "conflict", e->message, NULL);
		return;
	default:
		reply_db_error(r, e->db_rc ? e->db_rc : DB_ERR);
	}
}

/* {"movement": first row, "movements": [rows], "on_hand": N} */
static json_t *written_json(db *d, int64_t org_id, const struct ledger_written *w)
{
	json_t *list = json_array();
	for (size_t i = 0; i < w->n; i++) {
		json_t *m = movements_object(d, org_id, w->ids[i]);
		if (m)
			json_array_append_new(list, m);
	}
	json_t *first = json_array_size(list) ? json_incref(json_array_get(list, 0)) : json_null();
	return json_pack("{s:o, s:o, s:I}", "movement", first, "movements", list, "on_hand",
	                 (json_int_t)w->on_hand_after);
}

/* 1 when a row of a written_json() answer was recorded with its expiry date unknown. */
static int written_expiry_unknown(json_t *out)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(out, "movements"), i, m)
	{
		if (json_is_true(json_object_get(m, "expiry_unknown")))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ handlers */

static void h_create(struct req *r)
{
	static const char *const allowed[] = {
	        "sku", "type", "qty", "date", "memo", "lot", "expiry", "expiry_unknown", NULL};
	json_t *body = req_json_object(r);
	if (!body || req_json_only(r, body, allowed))
		return;
	static const char *const types[] = {"inbound", "outbound", "adjust", NULL};
	const char *sku = NULL, *date = NULL, *memo = NULL, *lot = NULL, *expiry = NULL;
	int ti = 0;
	if (req_json_str(r, body, "sku", REQ_REQUIRED, LEDGER_SKU_MAX, &sku) ||
	    req_json_enum(r, body, "type", REQ_REQUIRED, types, "bad_type",
	                  "구분은 inbound(입고), outbound(출고), adjust(조정) 중 하나를 "
	                  "그대로(공백 없이 소문자로) 보내야 합니다.",
	                  &ti))
		return;
	int type = ledger_type_parse(types[ti]);
	json_t *jq = json_object_get(body, "qty");
	if (!jq || json_is_null(jq)) {
		reply_field_error(r, "qty", "required", "수량을 입력해 주세요.");
		return;
	}
	if (!json_is_integer(jq)) {
		reply_field_error(r, "qty", "not_integer",
		                  "수량은 소수점 없는 정수로 입력해 주세요 (예: 5).");
		return;
	}
	int64_t qty = json_integer_value(jq);
	if (type != LEDGER_ADJUST && qty < 1) {
		reply_field_error(
		        r, "qty", "out_of_range",
		        "수량은 1 이상이어야 합니다. 출고는 type을 outbound로 보내 주세요.");
		return;
	}
	int expiry_unknown = 0;
	if (req_json_date(r, body, "date", REQ_OPTIONAL, &date) ||
	    req_json_text(r, body, "memo", REQ_OPTIONAL, LEDGER_MEMO_MAX, UTIL_TEXT_MULTILINE,
	                  &memo) ||
	    req_json_str(r, body, "lot", REQ_OPTIONAL, LIMIT_LOT, &lot) ||
	    req_json_date(r, body, "expiry", REQ_OPTIONAL, &expiry) ||
	    req_json_bool(r, body, "expiry_unknown", REQ_OPTIONAL, &expiry_unknown))
		return;

	struct ledger_move m = {.sku = sku,
	                        .type = type,
	                        .qty = qty,
	                        .date = date,
	                        .memo = memo,
	                        .lot = lot,
	                        .expiry = expiry,
	                        .expiry_unknown = expiry_unknown};
	struct ledger_ctx ctx = {
	        .org_id = r->user->org_id, .user_id = r->user->id, .source = "manual"};
	struct ledger_written w = {0};
	struct ledger_err err;
	if (req_tx_begin(r))
		return;
	if (ledger_record(r->db, &ctx, &m, 1, &w, &err) != LEDGER_OK) {
		req_tx_abort(r);
		reply_ledger_error(r, &err);
		return;
	}
	json_t *out = written_json(r->db, r->user->org_id, &w);
	if (written_expiry_unknown(out))
		json_object_set_new(
		        out, "warnings",
		        json_pack("[{s:s, s:s}]", "code", "expiry_unknown", "message",
		                  "소비기한을 모르는 입고로 기록했습니다. 이 수량은 소비기한 임박 "
		                  "알림에서 빠지니 실물의 소비기한을 꼭 확인해 주세요."));
	if (req_tx_commit_audited(r, "movement.create", "product", sku, NULL, out)) {
		json_decref(out);
		return;
	}
	reply_json(r, 201, out);
}

static int query_date(struct req *r, const char *name, const char **out)
{
	const char *v = req_query(r, name);
	*out = NULL;
	if (!v || !*v)
		return 0;
	int y, m, d;
	if (util_parse_date(v, &y, &m, &d) != 0) {
		reply_error(r, 400, "bad_request",
		            arena_printf(r->a, "'%s' 날짜는 YYYY-MM-DD 형식이어야 합니다.", name),
		            NULL);
		return -1;
	}
	*out = v;
	return 0;
}

static void h_list(struct req *r)
{
	struct movements_filter f = {0};
	if (req_query_int(r, "limit", 50, 1, 1000, &f.limit) ||
	    req_query_int(r, "offset", 0, 0, INT64_MAX, &f.offset) ||
	    req_query_int(r, "user_id", 0, 0, INT64_MAX, &f.user_id) ||
	    query_date(r, "from", &f.from) || query_date(r, "to", &f.to))
		return;
	const char *sku = req_query(r, "sku");
	if (sku && *sku) {
		f.product_id = movements_product_id(r->db, r->user->org_id, sku);
		if (!f.product_id) {
			reply_not_found(r, "sku_not_found",
			                arena_printf(r->a, "상품을 찾을 수 없습니다: %s", sku));
			return;
		}
	}
	const char *type = req_query(r, "type"), *source = req_query(r, "source");
	if (type && *type) {
		if (ledger_type_parse(type) < 0) {
			reply_error(
			        r, 400, "bad_request",
			        "type은 inbound, outbound, adjust, reversal 중 하나여야 합니다.",
			        NULL);
			return;
		}
		f.type = type;
	}
	if (source && *source) {
		if (!ledger_source_valid(source)) {
			reply_error(r, 400, "bad_request",
			            "source는 manual, import, purchase_order, channel, demo 중 "
			            "하나여야 "
			            "합니다.",
			            NULL);
			return;
		}
		f.source = source;
	}
	reply_json(r, 200, movements_list(r->db, r->user->org_id, &f));
}

/* Staff may reverse only their own hand-recorded movements of today (ledger_own_reversal);
 * managers and masters any. Replies 403 with the reason and returns non-zero when the
 * caller may not reverse m. */
static int reverse_refused(struct req *r, json_t *m)
{
	if (r->user->role >= ROLE_MANAGER)
		return 0;
	json_t *by = json_object_get(m, "user");
	char today[11];
	util_kst_date(util_now(), today);
	enum ledger_own own =
	        ledger_own_reversal(r->user->id, json_integer_value(json_object_get(by, "id")),
	                            json_string_value(json_object_get(m, "source")),
	                            json_string_value(json_object_get(m, "created_at")), today);
	const char *code = NULL, *msg = NULL;
	switch (own) {
	case LEDGER_OWN_OK:
		return 0;
	case LEDGER_OWN_NOT_THEIRS: {
		const char *who = json_string_value(json_object_get(by, "name"));
		code = "not_own_movement";
		msg = arena_printf(r->a,
		                   "스태프는 본인이 등록한 입출고만 되돌릴 수 있습니다. 이 기록은 "
		                   "%s%s 등록했습니다. 매니저 이상에게 요청해 주세요.",
		                   who ? who : "다른 사람이", who ? " 님이" : "");
		break;
	}
	case LEDGER_OWN_NOT_MANUAL:
		code = "not_manual_movement";
		msg = "엑셀 업로드로 반영된 입출고는 한 건씩 되돌릴 수 없습니다. 업로드 내역에서 "
		      "매니저 이상이 업로드 전체를 되돌려 주세요.";
		break;
	case LEDGER_OWN_NOT_TODAY:
		code = "not_today";
		msg = "스태프는 오늘 등록한 입출고만 되돌릴 수 있습니다. 이전에 등록한 기록은 "
		      "매니저 이상에게 요청해 주세요.";
		break;
	}
	reply_error(r, 403, code, msg, NULL);
	return -1;
}

static void h_reverse(struct req *r)
{
	const char *ids = req_param(r, "id");
	char *end = NULL;
	long long id = ids ? strtoll(ids, &end, 10) : 0;
	if (!ids || !*ids || *end || id <= 0) {
		reply_not_found(r, "movement_not_found", "입출고 내역을 찾을 수 없습니다.");
		return;
	}
	const char *memo = NULL;
	if (r->body_len > 0) {
		static const char *const allowed[] = {"memo", NULL};
		json_t *body = req_json_object(r);
		if (!body || req_json_only(r, body, allowed) ||
		    req_json_text(r, body, "memo", REQ_OPTIONAL, LEDGER_MEMO_MAX,
		                  UTIL_TEXT_MULTILINE, &memo))
			return;
	}
	json_t *before = movements_object(r->db, r->user->org_id, id);
	if (!before) {
		reply_not_found(r, "movement_not_found",
		                arena_printf(r->a, "입출고 내역을 찾을 수 없습니다: #%lld", id));
		return;
	}
	if (reverse_refused(r, before)) {
		json_decref(before);
		return;
	}
	struct ledger_ctx ctx = {
	        .org_id = r->user->org_id, .user_id = r->user->id, .source = "manual"};
	struct ledger_written w = {0};
	struct ledger_err err;
	if (req_tx_begin(r)) {
		json_decref(before);
		return;
	}
	if (ledger_reverse(r->db, &ctx, id, memo, &w, &err) != LEDGER_OK) {
		req_tx_abort(r);
		json_decref(before);
		reply_ledger_error(r, &err);
		return;
	}
	json_t *out = written_json(r->db, r->user->org_id, &w);
	req_tx_commit_reply(r, "movement.reverse", "movement", ids, before, out, 201);
}

const struct route api_movements_routes[] = {
        {"POST", "/api/movements", ROLE_STAFF, 0, h_create},
        {"GET", "/api/movements", ROLE_VIEWER, 0, h_list},
        /* staff: only their own of today (reverse_refused) */
        {"POST", "/api/movements/{id}/reverse", ROLE_STAFF, 0, h_reverse},
        ROUTE_END,
};
