/* test_alerts_store.c — the alert centre's store (src/store/alerts.c) with a clock of the
 * test's own: alerts_sync opens, updates and closes alerts by itself as conditions come and
 * go (and opens anew when one comes back), queues immediate deliveries on the configured
 * channels only; acknowledge, snooze and history; the settings' masking of secrets; the
 * delivery queue's due, retry and give-up states; one digest per day and channel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "alerts.h"
#include "testdb.h"
#include "util.h"

static db *d;
static char path[96];
static int64_t org, other_org, pa, pb, user;
static const time_t T0 = 1735689600; /* 2025-01-01T00:00:00Z */

static int64_t add_product(int64_t o, const char *sku, const char *name)
{
	db_exec(d,
	        "INSERT INTO products(org_id, sku, name, created_at, updated_at) VALUES (?, ?, ?, "
	        "'x', 'x')",
	        "itt", o, sku, name);
	return db_last_id(d);
}

static int setup(void **state)
{
	(void)state;
	d = testdb_open("alerts", path, sizeof path);
	if (!d)
		return -1;
	org = testdb_add_org(d);
	other_org = testdb_add_org(d);
	pa = add_product(org, "PO-A", "스텐 냄비");
	pb = add_product(org, "PO-B", "버터쿠키");
	db_exec(d,
	        "INSERT INTO users(org_id, login, name, role, pw_hash, created_at, updated_at) "
	        "VALUES (?, "
	        "'minji', '민지', 'staff', 'x', 'x', 'x')",
	        "i", org);
	user = db_last_id(d);
	struct alert_settings st;
	alert_settings_defaults(&st);
	strcpy(st.webhook_url, "https://hooks.example/services/T0/B0/secret");
	strcpy(st.smtp_url, "smtp://127.0.0.1:2525");
	strcpy(st.smtp_from, "jaego@shop.example");
	strcpy(st.smtp_to, "boss@shop.example");
	strcpy(st.smtp_password, "hunter2-secret");
	st.kinds[ALERT_OVERSTOCK] = 0;
	return alert_settings_save(d, org, &st, T0) == DB_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	testdb_remove(d, path);
	return 0;
}

static struct alert_input input(int64_t product, int kind, int64_t qty, const char *text)
{
	struct alert_input in;
	memset(&in, 0, sizeof in);
	in.product_id = product;
	in.cond.kind = kind;
	in.cond.severity = ALERT_WARNING;
	in.cond.qty = qty;
	in.cond.day = PLAN_NO_DAY;
	snprintf(in.cond.title, sizeof in.cond.title, "%s", alert_kind_label(kind));
	snprintf(in.cond.text, sizeof in.cond.text, "%s", text);
	return in;
}

static int64_t count(const char *sql)
{
	return db_int(d, -1, sql, "");
}

static int64_t open_id(int64_t product, const char *kind)
{
	return db_int(d, 0,
	              "SELECT id FROM alerts WHERE product_id = ? AND kind = ? AND closed_at IS "
	              "NULL",
	              "it", product, kind);
}

static json_t *open_list(time_t now)
{
	struct alerts_filter f = {.kind = -1};
	return alerts_open_json(d, org, now, &f);
}

/* The whole life: open, update, close by itself, open anew; deliveries only on opening. */
static void sync_opens_updates_and_closes_by_itself(void **state)
{
	(void)state;
	struct alerts_sync_result r;
	struct alert_input in[3] = {input(pa, ALERT_ORDER, 100, "오늘 발주하세요"),
	                            input(pb, ALERT_EXPIRY, 40, "소비기한이 임박한 로트 1개"),
	                            input(pb, ALERT_OVERSTOCK, 900, "과잉 재고 900개")};
	assert_int_equal(alerts_sync(d, org, T0, in, 3, &r), DB_OK);
	assert_int_equal(r.opened, 3);
	assert_int_equal(r.closed, 0);
	/* webhook and e-mail for order and expiry; overstock is switched off for delivery */
	assert_int_equal(r.queued, 4);
	assert_int_equal(count("SELECT count(*) FROM alert_deliveries WHERE kind = 'alert'"), 4);

	/* the same conditions, one figure changed: one update, nothing sent again */
	in[0].cond.qty = 120;
	assert_int_equal(alerts_sync(d, org, T0 + 60, in, 3, &r), DB_OK);
	assert_int_equal(r.opened, 0);
	assert_int_equal(r.updated, 1);
	assert_int_equal(r.closed, 0);
	assert_int_equal(count("SELECT count(*) FROM alert_deliveries"), 4);
	assert_int_equal(
	        db_int(d, 0, "SELECT qty FROM alerts WHERE id = ?", "i", open_id(pa, "order")),
	        120);

	/* the expiry and overstock conditions end: those alerts close as resolved */
	int64_t expiry_id = open_id(pb, "expiry");
	assert_int_equal(alerts_sync(d, org, T0 + 120, in, 1, &r), DB_OK);
	assert_int_equal(r.closed, 2);
	char *reason =
	        db_text(d, "SELECT close_reason || ' ' || closed_at FROM alerts WHERE id = ?", "i",
	                expiry_id);
	assert_string_equal(reason, "resolved 2025-01-01T00:02:00Z");
	free(reason);
	json_t *hist = alerts_history_json(d, org, -1, 50, 0);
	assert_int_equal(json_integer_value(json_object_get(hist, "total")), 2);
	json_decref(hist);

	/* it comes back: a new alert, delivered again */
	assert_int_equal(alerts_sync(d, org, T0 + 180, in, 2, &r), DB_OK);
	assert_int_equal(r.opened, 1);
	assert_int_not_equal(open_id(pb, "expiry"), expiry_id);
	assert_int_equal(r.queued, 2);

	/* another organisation's sync leaves these alone */
	assert_int_equal(alerts_sync(d, other_org, T0 + 200, NULL, 0, &r), DB_OK);
	assert_int_equal(r.closed, 0);
	assert_int_equal(count("SELECT count(*) FROM alerts WHERE closed_at IS NULL"), 2);
}

static void ack_and_snooze(void **state)
{
	(void)state;
	int64_t id = open_id(pa, "order");
	assert_true(id > 0);
	assert_int_equal(alerts_ack(d, org, id, user, T0 + 300), DB_OK);
	assert_int_equal(alerts_ack(d, org, id, user, T0 + 400), DB_OK); /* first stands */
	json_t *a = alerts_get_json(d, org, id, T0 + 400);
	assert_string_equal(json_string_value(json_object_get(a, "acked_at")),
	                    "2025-01-01T00:05:00Z");
	assert_string_equal(json_string_value(json_object_get(a, "acked_by")), "민지");
	json_decref(a);
	/* acknowledged alerts are in the history while they stay open */
	json_t *hist = alerts_history_json(d, org, ALERT_ORDER, 50, 0);
	assert_int_equal(json_integer_value(json_object_get(hist, "total")), 1);
	json_decref(hist);

	/* snoozed for an hour: out of the list and the counts, back after the hour */
	assert_int_equal(alerts_snooze(d, org, id, user, T0 + 3900), DB_OK);
	json_t *l = open_list(T0 + 600);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(l, "counts"), "order")),
	                 0);
	assert_int_equal(json_integer_value(json_object_get(l, "snoozed")), 1);
	assert_int_equal(json_array_size(json_object_get(l, "alerts")), 1); /* only the expiry */
	json_decref(l);
	struct alerts_filter f = {.kind = ALERT_ORDER, .include_snoozed = 1};
	l = alerts_open_json(d, org, T0 + 600, &f);
	assert_int_equal(json_array_size(json_object_get(l, "alerts")), 1);
	assert_true(json_is_true(
	        json_object_get(json_array_get(json_object_get(l, "alerts"), 0), "snoozed")));
	json_decref(l);
	l = open_list(T0 + 3901);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(l, "counts"), "order")),
	                 1);
	assert_int_equal(json_integer_value(json_object_get(l, "total")), 2);
	json_decref(l);

	/* a closed alert, an unknown one, another organisation's */
	int64_t closed = db_int(d, 0, "SELECT id FROM alerts WHERE closed_at IS NOT NULL", "");
	assert_int_equal(alerts_ack(d, org, closed, user, T0), ALERTS_CLOSED);
	assert_int_equal(alerts_snooze(d, org, closed, user, T0), ALERTS_CLOSED);
	assert_int_equal(alerts_ack(d, org, 999999, user, T0), DB_DONE);
	assert_int_equal(alerts_ack(d, other_org, id, user, T0), DB_DONE);
	assert_null(alerts_get_json(d, other_org, id, T0));
}

static void digest_items_leave_out_snoozed_and_switched_off(void **state)
{
	(void)state;
	struct alert_settings st;
	assert_int_equal(alert_settings_load(d, org, &st), DB_OK);
	struct alert_item *items = NULL;
	size_t n = 0;
	/* at T0 + 600 the order alert is snoozed: only the expiry alert */
	assert_int_equal(alerts_open_items(d, org, T0 + 600, st.kinds, &items, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].kind, ALERT_EXPIRY);
	assert_string_equal(items[0].sku, "PO-B");
	assert_string_equal(items[0].name, "버터쿠키");
	free(items);
}

static void settings_hide_their_secrets(void **state)
{
	(void)state;
	struct alert_settings st;
	assert_int_equal(alert_settings_load(d, org, &st), DB_OK);
	assert_string_equal(st.smtp_password, "hunter2-secret");
	json_t *j = alert_settings_json(&st);
	char *s = json_dumps(j, JSON_COMPACT);
	assert_null(strstr(s, "hunter2"));
	assert_null(strstr(s, "secret"));
	assert_non_null(strstr(s, "\"webhook_url\":\"https://hooks.example/…\""));
	assert_non_null(strstr(s, "\"smtp_password_set\":true"));
	assert_non_null(strstr(s, "\"overstock\":false"));
	free(s);
	json_decref(j);
	/* an organisation that never saved any: the defaults */
	assert_int_equal(alert_settings_load(d, other_org, &st), DB_OK);
	assert_int_equal(st.digest_hour, 9);
	assert_false(alert_settings_has_webhook(&st));
	assert_false(alert_settings_has_email(&st));
}

static void delivery_queue_retries_and_gives_up(void **state)
{
	(void)state;
	struct alert_delivery *due = NULL;
	size_t n = 0;
	assert_int_equal(alert_deliveries_due(d, T0 + 1000, 100, &due, &n), DB_OK);
	assert_int_equal(n, 6);
	int64_t id = due[0].id;
	free(due);
	/* a failed attempt is due again only at its next time */
	assert_int_equal(alert_delivery_failed(d, id, "HTTP 500", T0 + 1060), DB_OK);
	assert_int_equal(alert_deliveries_due(d, T0 + 1059, 100, &due, &n), DB_OK);
	assert_int_equal(n, 5);
	free(due);
	assert_int_equal(alert_delivery_next(d), T0); /* the others are due since T0 */
	assert_int_equal(alert_deliveries_due(d, T0 + 1060, 100, &due, &n), DB_OK);
	assert_int_equal(n, 6);
	free(due);
	/* the last attempt fails: given up, with the error kept */
	assert_int_equal(alert_delivery_failed(d, id, "시간 초과", 0), DB_OK);
	char *row = db_text(d,
	                    "SELECT status || ' ' || attempts || ' ' || last_error FROM "
	                    "alert_deliveries WHERE id = ?",
	                    "i", id);
	assert_string_equal(row, "failed 2 시간 초과");
	free(row);
	assert_int_equal(alert_deliveries_due(d, T0 + 99999, 100, &due, &n), DB_OK);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(alert_delivery_sent(d, due[i].id, T0 + 2000), DB_OK);
	free(due);
	assert_int_equal(alert_delivery_next(d), 0);
	json_t *log = alert_deliveries_json(d, org, 50);
	assert_int_equal(json_array_size(json_object_get(log, "deliveries")), 6);
	json_decref(log);
}

static void one_digest_per_day_and_channel(void **state)
{
	(void)state;
	int q = 0;
	assert_int_equal(alert_digest_queue(d, org, "2025-01-01", T0, &q), DB_OK);
	assert_int_equal(q, 2);
	assert_int_equal(alert_digest_queue(d, org, "2025-01-01", T0 + 60, &q), DB_OK);
	assert_int_equal(q, 0);
	assert_int_equal(alert_digest_queue(d, org, "2025-01-02", T0 + 86400, &q), DB_OK);
	assert_int_equal(q, 2);
	/* nothing configured: nothing queued */
	assert_int_equal(alert_digest_queue(d, other_org, "2025-01-01", T0, &q), DB_OK);
	assert_int_equal(q, 0);
	assert_int_equal(alert_delivery_log_test(d, org, ALERT_CH_EMAIL, "연결 실패", T0), DB_OK);
	assert_int_equal(count("SELECT count(*) FROM alert_deliveries WHERE kind = 'test' AND "
	                       "status = 'failed'"),
	                 1);
}

/* A product taken out of sale leaves the refresh: its alert closes as 'inactive'. */
static void alert_of_a_deactivated_product_closes_as_inactive(void **state)
{
	(void)state;
	int64_t pc = add_product(org, "PO-C", "도마");
	struct alert_input in = input(pc, ALERT_STOCKOUT, 5, "재고가 소진될 것으로 예상됩니다");
	struct alerts_sync_result r;
	struct alert_input keep[2] = {input(pa, ALERT_ORDER, 120, "오늘 발주하세요"),
	                              input(pb, ALERT_EXPIRY, 40, "소비기한이 임박한 로트 1개")};
	struct alert_input all[3] = {keep[0], keep[1], in};
	assert_int_equal(alerts_sync(d, org, T0 + 5000, all, 3, &r), DB_OK);
	assert_int_equal(r.opened, 1);
	int64_t id = open_id(pc, "stockout");
	db_exec(d, "UPDATE products SET active = 0 WHERE id = ?", "i", pc);
	assert_int_equal(alerts_sync(d, org, T0 + 5060, keep, 2, &r), DB_OK);
	assert_int_equal(r.closed, 1);
	char *reason = db_text(d, "SELECT close_reason FROM alerts WHERE id = ?", "i", id);
	assert_string_equal(reason, "inactive");
	free(reason);
}

/* An alert that grows more urgent is sent again; one that calms down is not. */
static void an_escalated_alert_is_sent_again(void **state)
{
	(void)state;
	int64_t pd = add_product(org, "PO-D", "국자");
	struct alert_input in = input(pd, ALERT_ORDER, 50, "3일 안에 발주하세요");
	in.cond.severity = ALERT_INFO;
	struct alerts_sync_result r;
	struct alert_input all[3] = {input(pa, ALERT_ORDER, 120, "오늘 발주하세요"),
	                             input(pb, ALERT_EXPIRY, 40, "소비기한이 임박한 로트 1개"), in};
	assert_int_equal(alerts_sync(d, org, T0 + 6000, all, 3, &r), DB_OK);
	assert_int_equal(r.opened, 1);
	assert_int_equal(r.queued, 2);
	all[2].cond.severity = ALERT_CRITICAL;
	snprintf(all[2].cond.text, sizeof all[2].cond.text, "발주가 2일 늦었습니다");
	assert_int_equal(alerts_sync(d, org, T0 + 6060, all, 3, &r), DB_OK);
	assert_int_equal(r.escalated, 1);
	assert_int_equal(r.queued, 2);
	all[2].cond.severity = ALERT_WARNING;
	assert_int_equal(alerts_sync(d, org, T0 + 6120, all, 3, &r), DB_OK);
	assert_int_equal(r.updated, 1);
	assert_int_equal(r.escalated, 0);
	assert_int_equal(r.queued, 0);
	int64_t id = open_id(pd, "order");
	assert_int_equal(
	        db_int(d, -1, "SELECT count(*) FROM alert_deliveries WHERE alert_id = ?", "i", id),
	        4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(sync_opens_updates_and_closes_by_itself),
	        cmocka_unit_test(ack_and_snooze),
	        cmocka_unit_test(digest_items_leave_out_snoozed_and_switched_off),
	        cmocka_unit_test(settings_hide_their_secrets),
	        cmocka_unit_test(delivery_queue_retries_and_gives_up),
	        cmocka_unit_test(one_digest_per_day_and_channel),
	        cmocka_unit_test(alert_of_a_deactivated_product_closes_as_inactive),
	        cmocka_unit_test(an_escalated_alert_is_sent_again),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
