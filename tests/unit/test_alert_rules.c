/* test_alert_rules.c — the alert conditions (src/domain/alert_rules.c) on constructed
 * products run through plan_evaluate: one test per kind (발주 알림, 재고 부족, 과잉 재고,
 * 소비기한 임박/위험) with its severity, figures and sentence, and the cases that raise
 * nothing (a healthy product, a product whose rules lack their inputs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "alert_rules.h"
#include "planning.h"
#include "util.h"

static int64_t today; /* 2025-01-01 */
static double days[PLAN_HORIZON_MAX];

static int setup(void **state)
{
	(void)state;
	today = util_days_from_civil(2025, 1, 1);
	return 0;
}

/* A product selling `per_day` every day of a 90-day forecast, with `on_hand` and a lead time. */
static struct plan_item item(double per_day, int64_t on_hand, int lead)
{
	for (int t = 0; t < 90; t++)
		days[t] = per_day;
	struct plan_item it = {0};
	it.on_hand = on_hand;
	it.lead_time_days = lead;
	it.monthly_demand = PLAN_NONE;
	it.fc.days = days;
	it.fc.ndays = 90;
	it.ss_rule = PLAN_SS_FORECAST_LEAD_TIME;
	it.order_qty_override = PLAN_NONE;
	it.unit_cost = 1000;
	return it;
}

static size_t conditions(const struct plan_item *it, int horizon, struct alert_condition *out)
{
	struct plan_settings s;
	plan_settings_init(&s, today);
	if (horizon)
		s.horizon = horizon;
	struct plan_row row;
	assert_int_equal(plan_evaluate(&s, it, NULL, NULL, NULL, 0, &row), PLAN_OK);
	return alert_conditions(&row, today, "스텐 냄비 20cm", out);
}

static const struct alert_condition *find(const struct alert_condition *c, size_t n, int kind)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].kind == kind)
			return &c[i];
	return NULL;
}

/* 100 a day, lead time 15: safety stock 1,500; 1,600 on hand falls below it tomorrow, and
 * an order placed today arrives after that: order now, overdue. */
static void order_alert_fires_with_the_suggested_quantity(void **state)
{
	(void)state;
	struct plan_item it = item(100, 1600, 15);
	struct alert_condition c[ALERT_NKINDS];
	size_t n = conditions(&it, 0, c);
	const struct alert_condition *o = find(c, n, ALERT_ORDER);
	assert_non_null(o);
	assert_string_equal(alert_kind_name(o->kind), "order");
	assert_int_equal(o->severity, ALERT_CRITICAL); /* below safety stock before arrival */
	assert_true(o->day < today);
	assert_true(o->qty > 0);
	assert_string_equal(o->title, "발주 알림 · 스텐 냄비 20cm");
	assert_non_null(strstr(o->text, "추천 발주량"));
	assert_non_null(strstr(o->text, "발주"));
}

/* 50 on hand at 10 a day, nothing ordered: gone on day 4 — within a week, critical. */
static void stockout_alert_names_the_depletion_day(void **state)
{
	(void)state;
	struct plan_item it = item(10, 50, 3);
	struct alert_condition c[ALERT_NKINDS];
	size_t n = conditions(&it, 0, c);
	const struct alert_condition *s = find(c, n, ALERT_STOCKOUT);
	assert_non_null(s);
	assert_int_equal(s->severity, ALERT_CRITICAL);
	assert_int_equal(s->day, today + 4);
	assert_true(s->qty > 0); /* the shortfall over the horizon */
	assert_non_null(strstr(s->text, "소진"));
	assert_string_equal(s->title, "재고 부족 · 스텐 냄비 20cm");
}

/* A receipt before the depletion day covers it: no 재고 부족. */
static void stockout_alert_stays_quiet_when_a_receipt_covers_it(void **state)
{
	(void)state;
	struct plan_item it = item(10, 50, 3);
	struct plan_receipt r = {today + 2, 2000};
	it.receipts = &r;
	it.nreceipts = 1;
	struct alert_condition c[ALERT_NKINDS];
	size_t n = conditions(&it, 0, c);
	assert_null(find(c, n, ALERT_STOCKOUT));
}

/* 재고 부족 is the urgent list: 10 a day with 300 on hand runs out on its 30th day, long after an
 * order placed today (lead time 3) would arrive and beyond the order alert's 10 days; the
 * order alert is the one to raise then. With lead time 40 the same stock-out cannot be
 * prevented any more and is raised. */
static void stockout_alert_only_when_an_order_cannot_prevent_it(void **state)
{
	(void)state;
	struct plan_item it = item(10, 300, 3);
	struct alert_condition c[ALERT_NKINDS];
	size_t n = conditions(&it, 0, c);
	assert_null(find(c, n, ALERT_STOCKOUT));
	it = item(10, 300, 40);
	n = conditions(&it, 0, c);
	const struct alert_condition *s = find(c, n, ALERT_STOCKOUT);
	assert_non_null(s);
	assert_int_equal(s->severity, ALERT_WARNING);
	assert_int_equal(s->day, today + 29); /* the 30th day, counted from today = 0 */
}

/* The overstock figure counts every unit beyond lead-time demand and safety stock, but the
 * alert waits for a month of demand beyond them: 10 a day, lead time 15, required 300;
 * 550 on hand is 250 over (fewer than 300 = 30 days), 650 is 350 over. */
static void overstock_alert_waits_for_a_month_of_excess(void **state)
{
	(void)state;
	struct plan_item it = item(10, 550, 15);
	struct alert_condition c[ALERT_NKINDS];
	size_t n = conditions(&it, 0, c);
	assert_null(find(c, n, ALERT_OVERSTOCK));
	it = item(10, 650, 15);
	n = conditions(&it, 0, c);
	const struct alert_condition *o = find(c, n, ALERT_OVERSTOCK);
	assert_non_null(o);
	assert_int_equal(o->qty, 350);
}

/* 10 a day, lead time 15: required 150 + 150 = 300; 10,000 on hand is 9,700 too many,
 * 9,700,000원 at 1,000원. */
static void overstock_alert_has_quantity_and_value(void **state)
{
	(void)state;
	struct plan_item it = item(10, 10000, 15);
	struct alert_condition c[ALERT_NKINDS];
	size_t n = conditions(&it, 0, c);
	const struct alert_condition *o = find(c, n, ALERT_OVERSTOCK);
	assert_non_null(o);
	assert_int_equal(o->severity, ALERT_INFO);
	assert_int_equal(o->qty, 9700);
	assert_int_equal(o->value, 9700000);
	assert_non_null(strstr(o->text, "9,700"));
	assert_null(find(c, n, ALERT_ORDER));
	assert_null(find(c, n, ALERT_STOCKOUT));
}

/* A lot of 500 expiring in 10 days at 10 a day: 100 sell, 400 (400,000원) are at risk. */
static void expiry_alert_at_risk_is_a_warning(void **state)
{
	(void)state;
	struct plan_item it = item(10, 500, 3);
	struct plan_lot lot = {today + 10, 500};
	it.lots = &lot;
	it.nlots = 1;
	struct alert_condition c[ALERT_NKINDS];
	size_t n = conditions(&it, 0, c);
	const struct alert_condition *e = find(c, n, ALERT_EXPIRY);
	assert_non_null(e);
	assert_int_equal(e->severity, ALERT_WARNING);
	assert_true(e->qty > 0 && e->qty <= 400);
	assert_int_equal(e->value, e->qty * 1000);
	assert_non_null(strstr(e->title, "(위험)"));
	assert_non_null(strstr(e->text, "임박한 로트 1개 (500개)"));
	assert_non_null(strstr(e->text, "소비기한 전에"));
}

/* A near lot that sells out before its day: 임박 only, a notice with the lot's quantity. */
static void expiry_alert_near_only_is_a_notice(void **state)
{
	(void)state;
	struct plan_item it = item(10, 50, 3);
	struct plan_lot lot = {today + 10, 50};
	it.lots = &lot;
	it.nlots = 1;
	struct alert_condition c[ALERT_NKINDS];
	size_t n = conditions(&it, 0, c);
	const struct alert_condition *e = find(c, n, ALERT_EXPIRY);
	assert_non_null(e);
	assert_int_equal(e->severity, ALERT_INFO);
	assert_int_equal(e->qty, 50);
	assert_int_equal(e->value, 0);
	assert_non_null(strstr(e->title, "(임박)"));
}

/* 2,900 on hand, 3,000 arriving on day 10, 30 days looked at: never below safety stock,
 * never out, not over what lead time and safety stock need, no lots: nothing. */
static void healthy_product_raises_nothing(void **state)
{
	(void)state;
	struct plan_item it = item(100, 2900, 15);
	struct plan_receipt r = {today + 10, 3000};
	it.receipts = &r;
	it.nreceipts = 1;
	struct alert_condition c[ALERT_NKINDS];
	assert_int_equal(conditions(&it, 30, c), 0);
}

/* No forecast, no monthly demand, no lead time: the rules cannot judge, nothing is raised
 * (and an expiry lot far away is not near). */
static void product_without_inputs_raises_nothing(void **state)
{
	(void)state;
	struct plan_item it = item(0, 40, PLAN_NONE);
	it.fc.ndays = 0;
	struct plan_lot lot = {today + 200, 40};
	it.lots = &lot;
	it.nlots = 1;
	struct alert_condition c[ALERT_NKINDS];
	assert_int_equal(conditions(&it, 0, c), 0);
}

static void names_and_labels(void **state)
{
	(void)state;
	for (int k = 0; k < ALERT_NKINDS; k++) {
		assert_int_equal(alert_kind_parse(alert_kind_name(k)), k);
		assert_true(strlen(alert_kind_label(k)) > 0);
	}
	for (int s = 0; s < ALERT_NSEVERITIES; s++)
		assert_int_equal(alert_severity_parse(alert_severity_name(s)), s);
	assert_int_equal(alert_kind_parse("nope"), -1);
	assert_int_equal(alert_kind_parse(NULL), -1);
	assert_string_equal(alert_kind_name(99), "");
	assert_int_equal(alert_conditions(NULL, today, NULL, NULL), 0);
}

static void addresses_and_urls(void **state)
{
	(void)state;
	assert_true(alert_email_valid("minji@shop.example"));
	assert_false(alert_email_valid("minji"));
	assert_false(alert_email_valid("minji@shop"));
	assert_false(alert_email_valid("a b@shop.example"));
	assert_false(alert_email_valid("a@b@shop.example"));
	assert_false(alert_email_valid("<a@shop.example>"));
	assert_false(alert_email_valid("a@shop.example\r\nRCPT TO:<x@y.z>"));
	char to[ALERT_RECIPIENTS_MAX][ALERT_EMAIL_MAX + 1];
	int bad = -1;
	assert_int_equal(alert_recipients_split(" a@x.kr, b@y.kr;c@z.kr ", to, 20, &bad), 3);
	assert_string_equal(to[1], "b@y.kr");
	assert_int_equal(alert_recipients_split("a@x.kr, 없음", to, 20, &bad), -1);
	assert_int_equal(bad, 1);
	assert_int_equal(alert_recipients_split("", to, 20, &bad), 0);
	assert_int_equal(alert_recipients_split("a@x.kr,b@x.kr", to, 1, &bad), -1);
	assert_true(alert_webhook_url_valid("https://hooks.slack.com/services/T/B/x"));
	assert_true(alert_webhook_url_valid("http://127.0.0.1:9000/hook"));
	assert_false(alert_webhook_url_valid("ftp://x.kr/"));
	assert_false(alert_webhook_url_valid("https://"));
	assert_false(alert_webhook_url_valid("https://x.kr/a b"));
	assert_false(alert_webhook_url_valid("smtp://mail.x.kr"));
	assert_true(alert_smtp_url_valid("smtps://mail.x.kr:465"));
	assert_true(alert_smtp_url_valid("smtp://127.0.0.1:2525"));
	assert_false(alert_smtp_url_valid("https://mail.x.kr"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(order_alert_fires_with_the_suggested_quantity),
	        cmocka_unit_test(stockout_alert_names_the_depletion_day),
	        cmocka_unit_test(stockout_alert_stays_quiet_when_a_receipt_covers_it),
	        cmocka_unit_test(overstock_alert_has_quantity_and_value),
	        cmocka_unit_test(stockout_alert_only_when_an_order_cannot_prevent_it),
	        cmocka_unit_test(overstock_alert_waits_for_a_month_of_excess),
	        cmocka_unit_test(expiry_alert_at_risk_is_a_warning),
	        cmocka_unit_test(expiry_alert_near_only_is_a_notice),
	        cmocka_unit_test(healthy_product_raises_nothing),
	        cmocka_unit_test(product_without_inputs_raises_nothing),
	        cmocka_unit_test(names_and_labels),
	        cmocka_unit_test(addresses_and_urls),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
