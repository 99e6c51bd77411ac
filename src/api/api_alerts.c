/* api_alerts.c — the alert centre (알림). Every member reads the open alerts and the
 * history; staff and above acknowledge (확인) and snooze (다시 알림), since they are the
 * ones who act on stock; a manager or master recomputes the alerts now and reads the
 * delivery settings and log; only a master changes where alerts are sent or sends a test
 * message, as with the organisation's other settings. The rules are alert_rules.c, the SQL
 * alerts.c, the refresh and the sending alert_delivery.c (its own thread: a request only
 * queues messages, except the test, which reports its outcome at once). */
#include "api_alerts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert_delivery.h"
#include "alerts.h"
#include "catalog.h"
#include "org.h"
#include "util.h"

#define SNOOZE_DAYS_MAX 90

static void reply_alert_not_found(struct req *r)
{
	reply_not_found(r, "alert_not_found", "알림을 찾을 수 없습니다.");
}

/* ?kind= as an index, -1 when absent; replies 400 for an unknown kind. */
static int query_kind(struct req *r, int *kind)
{
	const char *k = req_query(r, "kind");
	*kind = -1;
	if (!k || !*k)
		return 0;
	*kind = alert_kind_parse(k);
	if (*kind < 0) {
		reply_error(r, 400, "bad_alert_kind",
		            "알림 종류는 order, stockout, overstock, expiry 중 하나입니다.", NULL);
		return -1;
	}
	return 0;
}

/* GET /api/alerts?kind=&sku=&include_snoozed=1 */
static void h_list(struct req *r)
{
	struct alerts_filter f = {.kind = -1};
	if (query_kind(r, &f.kind))
		return;
	const char *sku = req_query(r, "sku");
	if (sku && *sku) {
		char *n = util_nfc(sku);
		f.product_id = n ? catalog_product_id(r->db, r->user->org_id, n) : 0;
		free(n);
		if (!f.product_id) {
			reply_not_found(r, "sku_not_found",
			                arena_printf(r->a, "상품을 찾을 수 없습니다: %s", sku));
			return;
		}
	}
	f.include_snoozed = util_streq(req_query(r, "include_snoozed"), "1");
	reply_json(r, 200, alerts_open_json(r->db, r->user->org_id, alert_clock_now(), &f));
}

/* GET /api/alerts/history?kind=&limit=&offset= */
static void h_history(struct req *r)
{
	int kind;
	int64_t limit, offset;
	if (query_kind(r, &kind) || req_query_int(r, "limit", 50, 1, 200, &limit) ||
	    req_query_int(r, "offset", 0, 0, INT64_MAX, &offset))
		return;
	reply_json(r, 200, alerts_history_json(r->db, r->user->org_id, kind, limit, offset));
}

/* GET /api/alerts/{id} */
static void h_get(struct req *r)
{
	int64_t id = req_param_id(r, "id");
	json_t *a = id ? alerts_get_json(r->db, r->user->org_id, id, alert_clock_now()) : NULL;
	if (!a) {
		reply_alert_not_found(r);
		return;
	}
	reply_json(r, 200, a);
}

/* The end of ack and snooze: the outcome of the store, the audit row, the alert. */
static void finish_change(struct req *r, int64_t id, int rc, const char *kind)
{
	if (rc == DB_DONE || rc == ALERTS_CLOSED) {
		req_tx_abort(r);
		if (rc == DB_DONE)
			reply_alert_not_found(r);
		else
			reply_error(r, 409, "alert_closed",
			            "이미 해결되어 닫힌 알림입니다. 지난 알림에서 볼 수 있습니다.",
			            NULL);
		return;
	}
	if (rc != DB_OK) {
		req_tx_abort(r);
		reply_db_error(r, rc);
		return;
	}
	json_t *after = alerts_get_json(r->db, r->user->org_id, id, alert_clock_now());
	if (req_tx_commit_audited(r, kind, "alert", arena_printf(r->a, "%lld", (long long)id), NULL,
	                          after)) {
		json_decref(after);
		return;
	}
	reply_json(r, 200, after);
}

static int no_body(struct req *r)
{
	static const char *const allowed[] = {NULL};
	if (r->body_len == 0)
		return 0;
	json_t *body = req_json_object(r);
	return !body || req_json_only(r, body, allowed);
}

/* POST /api/alerts/{id}/ack */
static void h_ack(struct req *r)
{
	int64_t id = req_param_id(r, "id");
	if (no_body(r))
		return;
	if (!id) {
		reply_alert_not_found(r);
		return;
	}
	if (req_tx_begin(r))
		return;
	int rc = alerts_ack(r->db, r->user->org_id, id, r->user->id, alert_clock_now());
	finish_change(r, id, rc, "alert.ack");
}

/* "2025-01-28T09:00:00Z" (fractions of a second ignored), "2025-01-28T09:00+09:00", or
 * "2025-01-28T09:00" (KST). */
static int parse_instant(const char *s, time_t *out)
{
	int y, mo, d, h, mi, sec = 0, n = 0;
	if (!s || strlen(s) < 16 || s[10] != 'T' || date_parse_n(s, 10, &y, &mo, &d) != 0 ||
	    sscanf(s + 11, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
		return -1;
	const char *p = s + 16;
	if (*p == ':') {
		if (sscanf(p + 1, "%2d%n", &sec, &n) != 1 || n != 2)
			return -1;
		p += 3;
		if (*p == '.') /* fractions of a second, as JavaScript writes them */
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
	}
	long offset = DATE_KST_OFFSET;
	if (*p == 'Z') {
		offset = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5 || oh > 14 || om > 59)
			return -1;
		offset = (*p == '-' ? -1L : 1L) * (oh * 3600L + om * 60L);
		p += 6;
	}
	if (*p || h > 23 || mi > 59 || sec > 59)
		return -1;
	*out = (time_t)(date_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset);
	return 0;
}

/* POST /api/alerts/{id}/snooze {"until": instant} */
static void h_snooze(struct req *r)
{
	static const char *const allowed[] = {"until", NULL};
	int64_t id = req_param_id(r, "id");
	json_t *body = req_json_object(r);
	const char *until = NULL;
	if (!body || req_json_only(r, body, allowed) ||
	    req_json_str(r, body, "until", REQ_REQUIRED, 40, &until))
		return;
	time_t t, now = alert_clock_now();
	if (parse_instant(until, &t) != 0) {
		reply_field_error(r, "until", "bad_snooze_until",
		                  "다시 알림 시각의 형식이 올바르지 않습니다 (예: "
		                  "2025-01-28T09:00+09:00).");
		return;
	}
	if (t <= now) {
		reply_field_error(r, "until", "bad_snooze_until",
		                  "다시 알림 시각은 지금보다 뒤여야 합니다.");
		return;
	}
	if (t - now > (time_t)SNOOZE_DAYS_MAX * 86400) {
		reply_field_error(r, "until", "bad_snooze_until",
		                  "다시 알림은 90일 안으로만 정할 수 있습니다.");
		return;
	}
	if (!id) {
		reply_alert_not_found(r);
		return;
	}
	if (req_tx_begin(r))
		return;
	int rc = alerts_snooze(r->db, r->user->org_id, id, r->user->id, t);
	finish_change(r, id, rc, "alert.snooze");
}

/* POST /api/alerts/refresh: recompute now; messages of opened alerts go out from the
 * delivery thread. */
static void h_refresh(struct req *r)
{
	if (no_body(r))
		return;
	struct alerts_sync_result res;
	time_t now = alert_clock_now();
	int rc = alert_refresh_org(r->db, r->user->org_id, now, &res);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	if (res.queued)
		alert_delivery_wake();
	struct alerts_filter f = {.kind = -1};
	json_t *out = alerts_open_json(r->db, r->user->org_id, now, &f);
	json_object_set_new(out, "refresh",
	                    json_pack("{s:i, s:i, s:i, s:i}", "opened", res.opened, "updated",
	                              res.updated, "closed", res.closed, "queued", res.queued));
	reply_json(r, 200, out);
}

/* ------------------------------------------------------------------ settings */

/* GET /api/alerts/settings */
static void h_settings_get(struct req *r)
{
	struct alert_settings st;
	int rc = alert_settings_load(r->db, r->user->org_id, &st);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	reply_json(r, 200, alert_settings_json(&st));
}

/* A text setting: absent keeps dst; null or "" clears it; otherwise the trimmed text
 * (secret: taken as sent, not trimmed). Replies 400 and returns -1 when it is not text,
 * too long or has control characters. */
static int text_setting(struct req *r, json_t *body, const char *key, int secret, char *dst,
                        size_t size)
{
	json_t *j = json_object_get(body, key);
	if (!j)
		return 0;
	if (json_is_null(j) || (json_is_string(j) && json_string_length(j) == 0)) {
		dst[0] = '\0';
		return 0;
	}
	const char *v = NULL;
	if (secret) {
		v = json_string_value(j);
		int bad = !v || strlen(v) >= size;
		for (const char *p = v; !bad && *p; p++)
			bad = (unsigned char)*p < 0x20 || *p == 0x7f;
		if (bad) {
			reply_field_error(r, key, "bad_text",
			                  arena_printf(r->a,
			                               "%s 값이 올바르지 않습니다 (%zu바이트 "
			                               "이하, 제어 문자 없이).",
			                               key, size - 1));
			return -1;
		}
	} else if (req_json_str(r, body, key, REQ_REQUIRED, size - 1, &v)) {
		return -1;
	}
	if (strlen(v) >= size) {
		reply_field_error(r, key, "too_long",
		                  arena_printf(r->a, "%s 값이 너무 깁니다.", key));
		return -1;
	}
	util_strlcpy(dst, v, size);
	return 0;
}

/* {"order": true, ...}: only the four kinds, only booleans. */
static int kinds_setting(struct req *r, json_t *body, int kinds[ALERT_NKINDS])
{
	json_t *o = json_object_get(body, "kinds");
	if (!o)
		return 0;
	const char *key;
	json_t *v;
	if (!json_is_object(o))
		goto bad;
	json_object_foreach(o, key, v)
	{
		int k = alert_kind_parse(key);
		if (k < 0 || !json_is_boolean(v))
			goto bad;
		kinds[k] = json_is_true(v);
	}
	return 0;
bad:
	reply_field_error(r, "kinds", "bad_kinds",
	                  "kinds는 order, stockout, overstock, expiry 각각 true/false입니다.");
	return -1;
}

/* The addresses of the settings: valid, recipients kept as "a, b". */
static int check_addresses(struct req *r, struct alert_settings *st)
{
	if (st->webhook_url[0] && !alert_webhook_url_valid(st->webhook_url)) {
		reply_field_error(r, "webhook_url", "bad_webhook_url",
		                  "웹훅 주소는 http:// 또는 https://로 시작하는 주소여야 합니다.");
		return -1;
	}
	if (st->smtp_url[0] && !alert_smtp_url_valid(st->smtp_url)) {
		reply_field_error(r, "smtp_url", "bad_smtp_url",
		                  "메일 서버 주소는 smtp:// 또는 smtps://로 시작해야 합니다 (예: "
		                  "smtps://smtp.example.com:465).");
		return -1;
	}
	if (st->smtp_from[0] && !alert_email_valid(st->smtp_from)) {
		reply_field_error(r, "smtp_from", "bad_email",
		                  "보내는 사람 메일 주소의 형식이 올바르지 않습니다.");
		return -1;
	}
	char to[ALERT_RECIPIENTS_MAX][ALERT_EMAIL_MAX + 1];
	int bad = 0;
	int n = alert_recipients_split(st->smtp_to, to, ALERT_RECIPIENTS_MAX, &bad);
	if (n < 0) {
		reply_field_error(
		        r, "smtp_to", "bad_email",
		        bad >= ALERT_RECIPIENTS_MAX
		                ? "받는 사람은 20명까지 정할 수 있습니다."
		                : arena_printf(r->a,
		                               "받는 사람의 %d번째 메일 주소 형식이 올바르지 "
		                               "않습니다.",
		                               bad + 1));
		return -1;
	}
	char joined[sizeof st->smtp_to] = "";
	for (int i = 0; i < n; i++) {
		if (i)
			strncat(joined, ", ", sizeof joined - strlen(joined) - 1);
		strncat(joined, to[i], sizeof joined - strlen(joined) - 1);
	}
	util_strlcpy(st->smtp_to, joined, sizeof st->smtp_to);
	return 0;
}

static int read_settings(struct req *r, json_t *body, struct alert_settings *st)
{
	int64_t hour = st->digest_hour;
	int digest = st->digest_enabled, immediate = st->immediate_enabled;
	if (req_json_int(r, body, "digest_hour", REQ_OPTIONAL, 0, 23, &hour) ||
	    req_json_bool(r, body, "digest_enabled", REQ_OPTIONAL, &digest) ||
	    req_json_bool(r, body, "immediate_enabled", REQ_OPTIONAL, &immediate) ||
	    text_setting(r, body, "webhook_url", 0, st->webhook_url, sizeof st->webhook_url) ||
	    text_setting(r, body, "smtp_url", 0, st->smtp_url, sizeof st->smtp_url) ||
	    text_setting(r, body, "smtp_from", 0, st->smtp_from, sizeof st->smtp_from) ||
	    text_setting(r, body, "smtp_to", 0, st->smtp_to, sizeof st->smtp_to) ||
	    text_setting(r, body, "smtp_user", 0, st->smtp_user, sizeof st->smtp_user) ||
	    text_setting(r, body, "smtp_password", 1, st->smtp_password,
	                 sizeof st->smtp_password) ||
	    kinds_setting(r, body, st->kinds))
		return -1;
	st->digest_hour = (int)hour;
	st->digest_enabled = digest;
	st->immediate_enabled = immediate;
	return check_addresses(r, st);
}

/* PUT /api/alerts/settings: the fields sent change, the others stay. */
static void h_settings_put(struct req *r)
{
	static const char *const allowed[] = {
	        "digest_hour", "digest_enabled", "immediate_enabled", "webhook_url",   "smtp_url",
	        "smtp_from",   "smtp_to",        "smtp_user",         "smtp_password", "kinds",
	        NULL};
	json_t *body = req_json_object(r);
	if (!body || req_json_only(r, body, allowed))
		return;
	if (req_tx_begin(r))
		return;
	struct alert_settings old, st;
	int rc = alert_settings_load(r->db, r->user->org_id, &old);
	if (rc != DB_OK) {
		req_tx_abort(r);
		reply_db_error(r, rc);
		return;
	}
	st = old;
	if (read_settings(r, body, &st)) {
		req_tx_abort(r);
		return;
	}
	rc = alert_settings_save(r->db, r->user->org_id, &st, alert_clock_now());
	if (rc == DB_OK)
		rc = alert_settings_load(r->db, r->user->org_id, &st);
	if (rc != DB_OK) {
		req_tx_abort(r);
		reply_db_error(r, rc);
		return;
	}
	json_t *before = alert_settings_json(&old);
	json_t *after = alert_settings_json(&st);
	/* the audit row shows no secret: a changed password or webhook is said, not shown */
	int pw = strcmp(old.smtp_password, st.smtp_password) != 0;
	int hook = strcmp(old.webhook_url, st.webhook_url) != 0;
	json_object_del(before, "updated_at");
	json_t *audit_after = json_deep_copy(after);
	json_object_del(audit_after, "updated_at");
	if (pw)
		json_object_set_new(audit_after, "smtp_password_changed", json_true());
	if (hook)
		json_object_set_new(audit_after, "webhook_url_changed", json_true());
	int same = !pw && !hook && json_equal(before, audit_after);
	int failed = req_tx_commit_audited(
	        r, same ? NULL : "alert_settings.update", "alert_settings",
	        arena_printf(r->a, "%lld", (long long)r->user->org_id), before, audit_after);
	json_decref(before);
	json_decref(audit_after);
	if (failed) {
		json_decref(after);
		return;
	}
	alert_delivery_wake(); /* the digest hour may have come */
	reply_json(r, 200, after);
}

/* GET /api/alerts/deliveries?limit= */
static void h_deliveries(struct req *r)
{
	int64_t limit;
	if (req_query_int(r, "limit", 50, 1, 200, &limit))
		return;
	reply_json(r, 200, alert_deliveries_json(r->db, r->user->org_id, limit));
}

/* POST /api/alerts/test {"channel": "webhook"|"email"} (absent: every configured one).
 * Sent now, on this request, so that the answer says whether it arrived. */
static void h_test(struct req *r)
{
	static const char *const allowed[] = {"channel", NULL};
	static const char *const channels[] = {"webhook", "email", NULL};
	int channel = -1;
	if (r->body_len > 0) {
		json_t *body = req_json_object(r);
		if (!body || req_json_only(r, body, allowed) ||
		    req_json_enum(r, body, "channel", REQ_OPTIONAL, channels, "bad_channel",
		                  "channel은 webhook 또는 email입니다.", &channel))
			return;
	}
	struct alert_settings st;
	int rc = alert_settings_load(r->db, r->user->org_id, &st);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	int want[ALERT_NCHANNELS] = {
	        channel == ALERT_CH_WEBHOOK || (channel < 0 && alert_settings_has_webhook(&st)),
	        channel == ALERT_CH_EMAIL || (channel < 0 && alert_settings_has_email(&st))};
	if (!want[0] && !want[1]) {
		reply_error(
		        r, 400, "alert_channel_missing",
		        "알림을 보낼 곳이 없습니다. 웹훅 주소나 메일 설정을 먼저 저장해 주세요.",
		        NULL);
		return;
	}
	json_t *org = org_settings(r->db, r->user->org_id);
	char *text = alert_text_test(org ? json_string_value(json_object_get(org, "name")) : "");
	json_decref(org);
	json_t *results = json_array(), *errors = json_array();
	time_t now = alert_clock_now();
	for (int ch = 0; ch < ALERT_NCHANNELS; ch++) {
		if (!want[ch])
			continue;
		char err[512];
		char mid[64];
		snprintf(mid, sizeof mid, "jaego-test-%lld", (long long)now);
		int ok = alert_send_now(&st, ch, "[jaego] 테스트 알림", text, mid, now, err,
		                        sizeof err) == 0;
		alert_delivery_log_test(r->db, r->user->org_id, ch, ok ? NULL : err, now);
		json_array_append_new(results, json_pack("{s:s, s:b}", "channel",
		                                         alert_channel_name(ch), "ok", ok));
		if (!ok)
			json_array_append_new(errors,
			                      json_pack("{s:s, s:s}", "field",
			                                alert_channel_name(ch), "message", err));
	}
	free(text);
	if (json_array_size(errors) > 0) {
		json_decref(results);
		const char *first =
		        json_string_value(json_object_get(json_array_get(errors, 0), "message"));
		reply_error(r, 502, "alert_test_failed",
		            arena_printf(r->a, "테스트 알림을 보내지 못했습니다: %s", first),
		            errors);
		return;
	}
	json_decref(errors);
	reply_json(r, 200, json_pack("{s:o}", "results", results));
}

const struct route api_alerts_routes[] = {
        {"GET", "/api/alerts", ROLE_VIEWER, 0, h_list},
        {"GET", "/api/alerts/history", ROLE_VIEWER, 0, h_history},
        {"GET", "/api/alerts/settings", ROLE_MANAGER, 0, h_settings_get},
        {"PUT", "/api/alerts/settings", ROLE_MASTER, 16384, h_settings_put},
        {"GET", "/api/alerts/deliveries", ROLE_MANAGER, 0, h_deliveries},
        {"POST", "/api/alerts/test", ROLE_MASTER, 1024, h_test},
        {"POST", "/api/alerts/refresh", ROLE_MANAGER, 1024, h_refresh},
        {"GET", "/api/alerts/{id}", ROLE_VIEWER, 0, h_get},
        {"POST", "/api/alerts/{id}/ack", ROLE_STAFF, 1024, h_ack},
        {"POST", "/api/alerts/{id}/snooze", ROLE_STAFF, 1024, h_snooze},
        ROUTE_END,
};
