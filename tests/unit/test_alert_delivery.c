/* test_alert_delivery.c — the alert thread's work with a clock of the test's own
 * (src/jobs/alert_delivery.c): the retry schedule (1, 5 and 30 minutes, then given up) and
 * the digest hour as pure functions; the refresh from stored products and lots opening an
 * expiry alert and closing it when the lot is gone; a message to a webhook that refuses
 * connections tried at exactly those times and then given up, with its Korean reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "alert_delivery.h"
#include "testdb.h"
#include "util.h"

static const time_t T0 = 1735693200; /* 2025-01-01T01:00:00Z = 10:00 KST */

static void retry_schedule(void **state)
{
	(void)state;
	assert_int_equal(alert_retry_at(T0, 1), T0 + 60);
	assert_int_equal(alert_retry_at(T0, 2), T0 + 300);
	assert_int_equal(alert_retry_at(T0, 3), T0 + 1800);
	assert_int_equal(alert_retry_at(T0, 4), 0);
	assert_int_equal(alert_retry_at(T0, 0), 0);
}

static void digest_hour_in_kst(void **state)
{
	(void)state;
	char day[11];
	assert_true(alert_digest_due(T0, 10, "", day)); /* 10:00 KST */
	assert_string_equal(day, "2025-01-01");
	assert_true(alert_digest_due(T0, 9, NULL, day));
	assert_false(alert_digest_due(T0, 11, "", day));
	/* 23:30 UTC on Dec 31 is 08:30 KST on Jan 1 */
	assert_false(alert_digest_due(T0 - 5400, 9, "", day));
	assert_string_equal(day, "2025-01-01");
	assert_true(alert_digest_due(T0 - 5400, 8, "", day));
	assert_false(alert_digest_due(T0, 24, "", day));
	/* settings saved before 09:00 KST: today's digest; saved after it: tomorrow's */
	assert_true(alert_digest_due(T0, 9, "2024-12-31T23:59:00Z", day));
	assert_true(alert_digest_due(T0, 9, "2025-01-01T00:00:00Z", day));
	assert_false(alert_digest_due(T0, 9, "2025-01-01T00:30:00Z", day));
	assert_true(alert_digest_due(T0 + 86400, 9, "2025-01-01T00:30:00Z", day));
	assert_string_equal(day, "2025-01-02");
}

static db *d;
static char path[96];
static int64_t org, product;

static void add_lot(int64_t qty, const char *expiry)
{
	db_exec(d,
	        "INSERT INTO movements(org_id, product_id, type, qty, date, source, lot, expiry, "
	        "created_at) VALUES (?, ?, 'inbound', ?, '2025-01-01', 'manual', 'L1', ?, 'x')",
	        "iiit", org, product, qty, expiry);
	int64_t mid = db_last_id(d);
	db_exec(d,
	        "INSERT INTO lots(org_id, product_id, movement_id, lot, expiry, received_qty, qty, "
	        "received_date) VALUES (?, ?, ?, 'L1', ?, ?, ?, '2025-01-01')",
	        "iiitii", org, product, mid, expiry, qty, qty);
	db_exec(d,
	        "INSERT INTO balances(product_id, org_id, on_hand, updated_at) VALUES (?, ?, ?, "
	        "'x') ON CONFLICT(product_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand",
	        "iii", product, org, qty);
}

static int setup_db(void **state)
{
	(void)state;
	d = testdb_open("alertdel", path, sizeof path);
	if (!d)
		return -1;
	org = testdb_add_org(d);
	db_exec(d,
	        "INSERT INTO products(org_id, sku, name, has_expiry, unit_cost, created_at, "
	        "updated_at) VALUES (?, 'EXP-1', '버터쿠키', 1, 2500, 'x', 'x')",
	        "i", org);
	product = db_last_id(d);
	return 0;
}

static int teardown_db(void **state)
{
	(void)state;
	testdb_remove(d, path);
	return 0;
}

static void refresh_opens_and_closes_from_stored_lots(void **state)
{
	(void)state;
	add_lot(40, "2025-01-08"); /* 7 days left */
	struct alerts_sync_result r;
	assert_int_equal(alert_refresh_org(d, org, T0, &r), DB_OK);
	assert_int_equal(r.opened, 1);
	assert_int_equal(r.queued, 0); /* nowhere to send yet */
	char *row = db_text(d, "SELECT kind || ' ' || qty || ' ' || title FROM alerts", "");
	assert_string_equal(row, "expiry 40 소비기한 · 버터쿠키 (임박)");
	free(row);
	/* the lot is sold out: the alert closes by itself */
	db_exec(d, "UPDATE lots SET qty = 0", "");
	db_exec(d, "UPDATE balances SET on_hand = 0", "");
	assert_int_equal(alert_refresh_org(d, org, T0 + 60, &r), DB_OK);
	assert_int_equal(r.closed, 1);
	assert_int_equal(db_int(d, -1, "SELECT count(*) FROM alerts WHERE closed_at IS NULL", ""),
	                 0);
}

/* Port 1 on the loopback refuses at once: every attempt fails without waiting. */
static void refused_webhook_is_retried_on_schedule_then_given_up(void **state)
{
	(void)state;
	struct alert_settings st;
	alert_settings_defaults(&st);
	st.digest_enabled = 0;
	strcpy(st.webhook_url, "http://127.0.0.1:1/hook");
	assert_int_equal(alert_settings_save(d, org, &st, T0), DB_OK);
	add_lot(30, "2025-01-05");
	alert_delivery_tick(d, T0 + 100, 1); /* opens, queues, first attempt */
	const char *q = "SELECT attempts FROM alert_deliveries WHERE kind = 'alert'";
	assert_int_equal(db_int(d, -1, q, ""), 1);
	alert_delivery_tick(d, T0 + 159, 0);
	assert_int_equal(db_int(d, -1, q, ""), 1); /* not before a minute */
	alert_delivery_tick(d, T0 + 160, 0);
	assert_int_equal(db_int(d, -1, q, ""), 2);
	alert_delivery_tick(d, T0 + 459, 0);
	assert_int_equal(db_int(d, -1, q, ""), 2);
	alert_delivery_tick(d, T0 + 460, 0);
	assert_int_equal(db_int(d, -1, q, ""), 3);
	alert_delivery_tick(d, T0 + 2260, 0);
	assert_int_equal(db_int(d, -1, q, ""), 4);
	alert_delivery_tick(d, T0 + 99999, 0);
	assert_int_equal(db_int(d, -1, q, ""), 4); /* given up */
	char *row = db_text(d, "SELECT status || ' ' || last_error FROM alert_deliveries", "");
	assert_non_null(strstr(row, "failed 웹훅 주소에 연결하지 못했습니다"));
	free(row);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(retry_schedule),
	        cmocka_unit_test(digest_hour_in_kst),
	        cmocka_unit_test_setup_teardown(refresh_opens_and_closes_from_stored_lots, setup_db,
	                                        NULL),
	        cmocka_unit_test_setup_teardown(
	                refused_webhook_is_retried_on_schedule_then_given_up, NULL, teardown_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
