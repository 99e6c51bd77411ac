/* api_events.c — an organisation's events (행사 일정): promotions, live-commerce days,
 * channel sale events such as 11/11, its own shipping stops. Any member reads them; managers
 * and masters add, change and delete them. The forecast turns each event into a regressor
 * over the days from `date - days_before` to `date + days_after` (docs/forecast.md). Every
 * change is audited with the event before and after. */
#include "api_events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "korean.h"
#include "text_limits.h"
#include "util.h"
#include "utf8.h"

#define EVENT_NAME_MAX   LIMIT_EVENT_NAME /* code points */
#define EVENT_MEMO_MAX   LIMIT_EVENT_MEMO /* code points */
#define EVENT_WINDOW_MAX 14               /* days before / after */
#define EVENT_FIRST_DATE "2015-01-01"
#define EVENT_LAST_DATE  "2035-12-31" /* the Korean holiday calendar's range */

static const char *const kinds[] = {"promotion", "live", "channel_sale", "shipping_stop", "other"};
static const char *const channels[] = {"coupang", "smartstore", "ownmall"};

static void reply_event_not_found(struct req *r)
{
	reply_not_found(r, "event_not_found", "행사를 찾을 수 없습니다.");
}

/* ------------------------------------------------------------------- validation */

/* A text field. Returns 1 and *out (arena, NFC, trimmed; "" when cleared) when present,
 * 0 when absent, -1 after recording an error. */
static int get_text(struct req *r, struct req_errors *v, json_t *body, const char *key,
                    const char *label, size_t max_chars, int allow_newline, const char **out)
{
	json_t *j = json_object_get(body, key);
	if (!j)
		return 0;
	if (json_is_null(j)) {
		*out = "";
		return 1;
	}
	if (!json_is_string(j)) {
		req_errors_add(r, v, key, "not_string",
		               arena_printf(r->a, "%s%s 문자열로 입력해 주세요.", label,
		                            korean_josa(label, "은/는")));
		return -1;
	}
	const char *s = json_string_value(j);
	char *norm = memchr(s, '\0', json_string_length(j)) ? NULL : util_nfc(s);
	char why[256];
	snprintf(why, sizeof why, "%s에 입력할 수 없는 문자가 있습니다.", label);
	if (!norm || util_text_check(norm, allow_newline ? UTIL_TEXT_MULTILINE : UTIL_TEXT_LINE,
	                             label, why, sizeof why) != 0) {
		free(norm);
		req_errors_add(r, v, key, "bad_text", arena_strdup(r->a, why));
		return -1;
	}
	if (utf8_count(norm) > max_chars) {
		free(norm);
		req_errors_add(r, v, key, "too_long",
		               arena_printf(r->a, "%s%s %s자 이하로 입력해 주세요.", label,
		                            korean_josa(label, "은/는"), KNUM(max_chars)));
		return -1;
	}
	*out = arena_strdup(r->a, norm);
	free(norm);
	return 1;
}

static int get_window(struct req *r, struct req_errors *v, json_t *body, const char *key,
                      const char *label, int64_t *out)
{
	json_t *j = json_object_get(body, key);
	if (!j)
		return 0;
	if (json_is_null(j)) {
		*out = 0;
		return 1;
	}
	if (!json_is_integer(j)) {
		req_errors_add(r, v, key, "not_integer",
		               arena_printf(r->a, "%s%s 0부터 %d 사이의 정수(일)로 입력해 주세요.",
		                            label, korean_josa(label, "은/는"), EVENT_WINDOW_MAX));
		return -1;
	}
	json_int_t n = json_integer_value(j);
	if (n < 0 || n > EVENT_WINDOW_MAX) {
		req_errors_add(r, v, key, "out_of_range",
		               arena_printf(r->a, "%s%s 0일부터 %d일까지 넣을 수 있습니다.", label,
		                            korean_josa(label, "은/는"), EVENT_WINDOW_MAX));
		return -1;
	}
	*out = n;
	return 1;
}

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* Reads and checks the body; on any problem replies 400 with every field error and returns
 * -1. creating: name and date are required. */
static int read_event(struct req *r, json_t *body, int creating, struct event_change *in)
{
	static const char *const keys[] = {"name", "date",    "days_before", "days_after",
	                                   "kind", "channel", "memo"};
	static const char *const ro[] = {"id", "created_by", "created_at", "updated_at"};
	struct req_errors v = {0};
	memset(in, 0, sizeof *in);
	in->kind = "other";
	in->memo = "";
	const char *key;
	json_t *j;
	json_object_foreach(body, key, j)
	{
		if (!in_list(key, keys, ARRAY_LEN(keys)) && !in_list(key, ro, ARRAY_LEN(ro)))
			req_errors_add(r, &v, key, "unknown_field",
			               arena_printf(r->a, "알 수 없는 항목입니다: %s", key));
	}

	int rc = get_text(r, &v, body, "name", "행사 이름", EVENT_NAME_MAX, 0, &in->name);
	if (rc == 1 && !in->name[0]) {
		req_errors_add(r, &v, "name", "required", "행사 이름을 입력해 주세요.");
	} else if (rc == 0 && creating) {
		req_errors_add(r, &v, "name", "required", "행사 이름을 입력해 주세요.");
	}
	in->has_name = rc == 1;

	j = json_object_get(body, "date");
	if (j && !json_is_null(j)) {
		const char *s = json_is_string(j) ? json_string_value(j) : NULL;
		int y, m, d;
		if (!s || strlen(s) != 10 || util_parse_date(s, &y, &m, &d) != 0) {
			req_errors_add(
			        r, &v, "date", "bad_date",
			        "날짜는 2025-11-11 처럼 YYYY-MM-DD 형식의 실제 날짜로 입력해 "
			        "주세요.");
		} else if (strcmp(s, EVENT_FIRST_DATE) < 0 || strcmp(s, EVENT_LAST_DATE) > 0) {
			req_errors_add(r, &v, "date", "date_out_of_range",
			               "행사 날짜는 " EVENT_FIRST_DATE "부터 " EVENT_LAST_DATE
			               "까지만 넣을 수 있습니다 (공휴일 달력이 있는 기간).");
		} else {
			in->date = arena_strdup(r->a, s);
			in->has_date = 1;
		}
	} else if (j || creating) {
		req_errors_add(r, &v, "date", "required", "행사 날짜를 입력해 주세요.");
	}

	in->has_before =
	        get_window(r, &v, body, "days_before", "행사 전 영향 기간", &in->before) == 1;
	in->has_after = get_window(r, &v, body, "days_after", "행사 후 영향 기간", &in->after) == 1;

	j = json_object_get(body, "kind");
	if (j) {
		const char *s = json_is_string(j) ? json_string_value(j) : NULL;
		if (!s || !in_list(s, kinds, ARRAY_LEN(kinds)))
			req_errors_add(
			        r, &v, "kind", "unknown_kind",
			        "행사 종류는 프로모션, 라이브 커머스, 채널 행사, 자체 배송 중단, "
			        "기타 "
			        "중 하나를 골라 주세요.");
		else {
			in->kind = s;
			in->has_kind = 1;
		}
	}
	j = json_object_get(body, "channel");
	if (j) {
		const char *s = json_is_string(j) ? json_string_value(j) : NULL;
		if (json_is_null(j) || (s && !*s) || (s && strcmp(s, "all") == 0)) {
			in->channel = NULL;
			in->has_channel = 1;
		} else if (!s || !in_list(s, channels, ARRAY_LEN(channels))) {
			req_errors_add(
			        r, &v, "channel", "unknown_channel",
			        "채널은 쿠팡, 스마트스토어, 자사몰 중 하나이거나 비워 두세요 (전체 "
			        "채널).");
		} else {
			in->channel = s;
			in->has_channel = 1;
		}
	}
	in->has_memo = get_text(r, &v, body, "memo", "메모", EVENT_MEMO_MAX, 1, &in->memo) == 1;

	return req_errors_reply(r, &v);
}

/* ------------------------------------------------------------------- handlers */

/* from/to query dates (inclusive); replies 400 and returns -1 when malformed. */
static int query_date(struct req *r, const char *key, const char **out)
{
	const char *s = req_query(r, key);
	*out = NULL;
	if (!s || !*s)
		return 0;
	int y, m, d;
	if (strlen(s) != 10 || util_parse_date(s, &y, &m, &d) != 0) {
		reply_field_error(
		        r, key, "bad_date",
		        "날짜는 2025-11-11 처럼 YYYY-MM-DD 형식의 실제 날짜로 입력해 주세요.");
		return -1;
	}
	*out = s;
	return 0;
}

/* order=asc (default: soonest first) or order=desc (latest first, for past events). */
static int query_order(struct req *r, int *desc)
{
	const char *s = req_query(r, "order");
	*desc = s && strcmp(s, "desc") == 0;
	if (s && *s && strcmp(s, "asc") != 0 && !*desc) {
		reply_field_error(r, "order", "bad_order", "정렬은 asc 또는 desc 입니다.");
		return -1;
	}
	return 0;
}

static void h_list(struct req *r)
{
	const char *from, *to;
	int64_t limit, offset;
	int desc;
	if (query_date(r, "from", &from) || query_date(r, "to", &to) || query_order(r, &desc) ||
	    req_query_int(r, "limit", 1000, 1, 1000, &limit) ||
	    req_query_int(r, "offset", 0, 0, INT64_MAX, &offset))
		return;
	json_t *items;
	int64_t total = 0;
	int rc = events_page(r->db, r->user->org_id, from, to, desc, limit, offset, &items, &total);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

/* GET /api/events/export.csv: the same filters, as the CSV `jaego forecast --events` reads. */
static void h_export(struct req *r)
{
	const char *from, *to;
	int desc;
	if (query_date(r, "from", &from) || query_date(r, "to", &to) || query_order(r, &desc))
		return;
	char *buf = NULL;
	size_t len = 0;
	int rc = events_export_csv(r->db, r->user->org_id, from, to, desc, &buf, &len);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	char today[11];
	util_kst_date(util_now(), today);
	reply_header(r, "Content-Disposition",
	             arena_printf(r->a, "attachment; filename=\"events-%s.csv\"", today));
	reply_header(r, "Cache-Control", "no-store");
	reply_bytes(r, 200, "text/csv; charset=utf-8", buf, len);
	free(buf);
}

static void h_get(struct req *r)
{
	json_t *o = events_get(r->db, r->user->org_id, req_param_id(r, "id"));
	if (!o) {
		reply_event_not_found(r);
		return;
	}
	reply_json(r, 200, o);
}

/* Writes the change (insert when id is 0), audits it and commits; one reply. */
static void save(struct req *r, int64_t id)
{
	json_t *body = req_json_object(r);
	if (!body)
		return;
	int64_t org = r->user->org_id;
	if (id && !events_exists(r->db, org, id)) {
		reply_event_not_found(r);
		return;
	}
	struct event_change in;
	if (read_event(r, body, id == 0, &in) || req_tx_begin(r))
		return;
	json_t *before = id ? events_get(r->db, org, id) : NULL;
	if (id && !before) { /* deleted meanwhile */
		req_tx_abort(r);
		reply_event_not_found(r);
		return;
	}
	char now[32];
	util_utc_iso(util_now(), now);
	int rc = id == 0 ? events_insert(r->db, org, r->user->id, &in, now, &id)
	                 : events_update(r->db, org, id, &in);
	json_t *after = rc == DB_OK ? events_get(r->db, org, id) : NULL;
	int updating = before != NULL, changed = !before || !json_equal(before, after);
	if (rc == DB_OK && changed && before) {
		rc = events_touch(r->db, org, id, now);
		json_decref(after);
		after = rc == DB_OK ? events_get(r->db, org, id) : NULL;
	}
	if (rc != DB_OK || !after) {
		req_tx_abort(r);
		json_decref(before);
		json_decref(after);
		reply_db_error(r, rc != DB_OK ? rc : DB_ERR);
		return;
	}
	char idbuf[24];
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	const char *kind = !changed ? NULL : updating ? "event.update" : "event.create";
	req_tx_commit_reply(r, kind, "event", idbuf, before, after, updating ? 200 : 201);
}

static void h_create(struct req *r)
{
	save(r, 0);
}

static void h_patch(struct req *r)
{
	int64_t id = req_param_id(r, "id");
	if (!id) {
		reply_event_not_found(r);
		return;
	}
	save(r, id);
}

static void h_delete(struct req *r)
{
	int64_t id = req_param_id(r, "id"), org = r->user->org_id;
	if (req_tx_begin(r))
		return;
	json_t *before = id ? events_get(r->db, org, id) : NULL;
	if (!before) {
		req_tx_abort(r);
		reply_event_not_found(r);
		return;
	}
	int rc = events_delete(r->db, org, id);
	if (rc != DB_OK) {
		req_tx_abort(r);
		json_decref(before);
		reply_db_error(r, rc);
		return;
	}
	char idbuf[24];
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	int failed = req_tx_commit_audited(r, "event.delete", "event", idbuf, before, NULL);
	json_decref(before);
	if (!failed)
		reply_no_content(r);
}

const struct route api_events_routes[] = {
        {"GET", "/api/events", ROLE_VIEWER, 0, h_list},
        {"POST", "/api/events", ROLE_MANAGER, 0, h_create},
        {"GET", "/api/events/export.csv", ROLE_VIEWER, 0, h_export},
        {"GET", "/api/events/{id}", ROLE_VIEWER, 0, h_get},
        {"PATCH", "/api/events/{id}", ROLE_MANAGER, 0, h_patch},
        {"DELETE", "/api/events/{id}", ROLE_MANAGER, 0, h_delete},
        ROUTE_END,
};
