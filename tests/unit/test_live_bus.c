/* test_live_bus.c — the change bus of live updates on a test clock: versions per
 * organisation, one event per burst (union of SKUs, the latest cause and member), unknown
 * or too many SKUs as none, the caps and the places of closed tabs, heartbeats, dropped
 * sessions, shutdown, and the topics of each audited change kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "live_bus.h"

static int64_t clock_ms;
static int64_t test_clock(void)
{
	return clock_ms;
}

/* What a fake stream saw of the bus. */
struct fake {
	int parks, wakes, is_gone;
};
static void fpark(void *a)
{
	((struct fake *)a)->parks++;
}
static void fwake(void *a)
{
	((struct fake *)a)->wakes++;
}
static int fgone(void *a)
{
	return ((struct fake *)a)->is_gone;
}

static struct live_sub *sub(struct fake *f, int64_t org, int64_t user, int64_t session)
{
	struct live_sub_ops ops = {.park = fpark, .wake = fwake, .gone = fgone, .arg = f};
	uint64_t v;
	enum live_refusal why;
	struct live_sub *s = live_bus_subscribe(org, user, session, &ops, &v, &why);
	assert_non_null(s);
	assert_int_equal(why, LIVE_OK);
	return s;
}

static uint64_t publish(int64_t org, unsigned topics, const char *cause, const char *by,
                        const char *const *skus, size_t n)
{
	struct live_change c = {.org_id = org,
	                        .topics = topics,
	                        .cause = cause,
	                        .by = by,
	                        .skus = skus,
	                        .nskus = n};
	return live_bus_publish(&c);
}

static int setup(void **state)
{
	(void)state;
	clock_ms = 1000000;
	live_bus_reset();
	live_bus_set_clock(test_clock);
	return 0;
}

static void versions_count_per_organisation(void **state)
{
	(void)state;
	const char *a[] = {"A"};
	assert_int_equal(live_bus_version(1), 0);
	assert_int_equal(publish(1, LIVE_STOCK, "movement", "이서연", a, 1), 1);
	assert_int_equal(publish(1, LIVE_STOCK, "movement", "이서연", a, 1), 2);
	assert_int_equal(publish(2, LIVE_ALERTS, "alert", NULL, NULL, 0), 1);
	assert_int_equal(live_bus_version(1), 2);
	assert_int_equal(live_bus_version(2), 1);
}

static void a_burst_is_one_event(void **state)
{
	(void)state;
	struct fake f = {0};
	struct live_sub *s = sub(&f, 1, 10, 100);
	struct live_event ev;
	assert_int_equal(live_bus_next(s, &ev), LIVE_IDLE);
	assert_int_equal(f.parks, 1);
	/* the first change after a quiet spell goes out at once */
	const char *a[] = {"A"}, *b[] = {"B", "A"};
	publish(1, LIVE_STOCK, "movement", "이서연", a, 1);
	assert_int_equal(f.wakes, 1);
	assert_int_equal(live_bus_next(s, &ev), LIVE_EVENT);
	assert_int_equal(ev.topic, LIVE_STOCK);
	assert_int_equal(ev.nskus, 1);
	assert_string_equal(ev.skus[0], "A");
	assert_string_equal(ev.by, "이서연");
	live_event_clear(&ev);
	/* within the window: kept, merged, let out by the ticker when it ends */
	assert_int_equal(live_bus_next(s, &ev), LIVE_IDLE);
	clock_ms += 10;
	publish(1, LIVE_STOCK, "movement", "이서연", b, 2);
	clock_ms += 10;
	uint64_t last = publish(1, LIVE_STOCK, "receipt", "김사장", a, 1);
	publish(2, LIVE_STOCK, "movement", "남", b, 2); /* another organisation */
	assert_int_equal(f.wakes, 1);
	assert_true(live_bus_tick() <= LIVE_COALESCE_MS - 20);
	assert_int_equal(f.wakes, 1);
	clock_ms += LIVE_COALESCE_MS;
	live_bus_tick();
	assert_int_equal(f.wakes, 2);
	assert_int_equal(live_bus_next(s, &ev), LIVE_EVENT);
	assert_int_equal(ev.version, last);
	assert_string_equal(ev.cause, "receipt");
	assert_string_equal(ev.by, "김사장");
	assert_int_equal(ev.nskus, 2); /* the union, in the order first named */
	assert_string_equal(ev.skus[0], "B");
	assert_string_equal(ev.skus[1], "A");
	live_event_clear(&ev);
	assert_int_equal(live_bus_next(s, &ev), LIVE_IDLE);
	live_bus_unsubscribe(s);
}

static void unknown_or_many_skus_are_none(void **state)
{
	(void)state;
	struct fake f = {0};
	struct live_sub *s = sub(&f, 1, 10, 100);
	struct live_event ev;
	const char *a[] = {"A"};
	publish(1, LIVE_STOCK, "movement", "x", a, 1);
	publish(1, LIVE_STOCK, "import", "x", NULL, 0); /* SKUs not known */
	assert_int_equal(live_bus_next(s, &ev), LIVE_EVENT);
	assert_int_equal(ev.nskus, 0);
	assert_string_equal(ev.cause, "import");
	live_event_clear(&ev);
	clock_ms += LIVE_COALESCE_MS;
	char names[LIVE_SKUS_MAX + 1][16];
	for (int i = 0; i <= LIVE_SKUS_MAX; i++) {
		snprintf(names[i], sizeof names[i], "S-%d", i);
		const char *one[] = {names[i]};
		publish(1, LIVE_STOCK, "movement", "x", one, 1);
	}
	assert_int_equal(live_bus_next(s, &ev), LIVE_EVENT);
	assert_int_equal(ev.nskus, 0); /* more than LIVE_SKUS_MAX */
	assert_null(ev.skus);
	live_event_clear(&ev);
	live_bus_unsubscribe(s);
}

static void both_topics_of_a_change_go_out(void **state)
{
	(void)state;
	struct fake f = {0};
	struct live_sub *s = sub(&f, 1, 10, 100);
	struct live_event ev;
	publish(1, LIVE_STOCK | LIVE_ALERTS, "settings", "x", NULL, 0);
	assert_int_equal(live_bus_next(s, &ev), LIVE_EVENT);
	assert_int_equal(ev.topic, LIVE_STOCK);
	live_event_clear(&ev);
	assert_int_equal(live_bus_next(s, &ev), LIVE_EVENT);
	assert_int_equal(ev.topic, LIVE_ALERTS);
	live_event_clear(&ev);
	assert_int_equal(live_bus_next(s, &ev), LIVE_IDLE);
	live_bus_unsubscribe(s);
}

static void caps_and_the_places_of_closed_tabs(void **state)
{
	(void)state;
	struct fake f[LIVE_STREAMS_PER_USER] = {{0}}, g = {0};
	struct live_sub *s[LIVE_STREAMS_PER_USER];
	struct live_event ev;
	for (int i = 0; i < LIVE_STREAMS_PER_USER; i++) {
		s[i] = sub(&f[i], 1, 10, 100);
		assert_int_equal(live_bus_next(s[i], &ev), LIVE_IDLE); /* parked */
	}
	struct live_sub_ops ops = {.park = fpark, .wake = fwake, .gone = fgone, .arg = &g};
	uint64_t v;
	enum live_refusal why;
	assert_null(live_bus_subscribe(1, 10, 101, &ops, &v, &why));
	assert_int_equal(why, LIVE_FULL_USER);
	/* another member of the organisation is not held back */
	struct live_sub *other = live_bus_subscribe(1, 11, 200, &ops, &v, &why);
	assert_non_null(other);
	/* a closed tab's place comes back: its stream is woken to end */
	f[3].is_gone = 1;
	struct live_sub *again = live_bus_subscribe(1, 10, 101, &ops, &v, &why);
	assert_non_null(again);
	assert_int_equal(f[3].wakes, 1);
	assert_int_equal(live_bus_next(s[3], &ev), LIVE_END);
	for (int i = 0; i < LIVE_STREAMS_PER_USER; i++)
		live_bus_unsubscribe(s[i]);
	live_bus_unsubscribe(again);
	live_bus_unsubscribe(other);
}

static void heartbeats_drops_and_close(void **state)
{
	(void)state;
	struct fake f = {0}, g = {0};
	struct live_sub *s = sub(&f, 1, 10, 100), *t = sub(&g, 1, 10, 101);
	struct live_event ev;
	assert_int_equal(live_bus_next(s, &ev), LIVE_IDLE);
	assert_int_equal(live_bus_next(t, &ev), LIVE_IDLE);
	assert_true(live_bus_tick() <= LIVE_HEARTBEAT_MS);
	clock_ms += LIVE_HEARTBEAT_MS;
	live_bus_tick();
	assert_int_equal(f.wakes, 1);
	assert_int_equal(live_bus_next(s, &ev), LIVE_HEARTBEAT);
	assert_int_equal(live_bus_next(s, &ev), LIVE_IDLE);
	/* a logout ends that session's stream only */
	live_bus_drop_session(100);
	assert_int_equal(live_bus_next(s, &ev), LIVE_END);
	assert_int_equal(live_bus_next(t, &ev), LIVE_HEARTBEAT);
	assert_int_equal(live_bus_next(t, &ev), LIVE_IDLE);
	/* a password change ends the member's other sessions' streams */
	live_bus_drop_user(10, 101);
	assert_int_equal(live_bus_next(t, &ev), LIVE_IDLE);
	live_bus_drop_user(10, 0);
	assert_int_equal(live_bus_next(t, &ev), LIVE_END);
	live_bus_unsubscribe(s);
	live_bus_unsubscribe(t);
	/* stop: open streams end, new ones are refused */
	struct live_sub *u = sub(&f, 1, 10, 102);
	assert_int_equal(live_bus_next(u, &ev), LIVE_IDLE);
	live_bus_close();
	assert_int_equal(live_bus_next(u, &ev), LIVE_END);
	struct live_sub_ops ops = {.park = fpark, .wake = fwake, .arg = &f};
	uint64_t v;
	enum live_refusal why;
	assert_null(live_bus_subscribe(1, 10, 103, &ops, &v, &why));
	assert_int_equal(why, LIVE_CLOSED);
	live_bus_unsubscribe(u);
}

/* At KST midnight every open screen hears that "today" moved, with nothing committed. */
static void midnight_in_korea_is_a_stock_event(void **state)
{
	(void)state;
	const int64_t midnight = 15LL * 3600 * 1000; /* 1970-01-02 00:00 KST */
	clock_ms = midnight - 5;
	live_bus_set_clock(test_clock);
	struct fake f = {0};
	struct live_sub *s = sub(&f, 1, 10, 100);
	struct live_event ev;
	assert_int_equal(live_bus_next(s, &ev), LIVE_IDLE);
	assert_true(live_bus_tick() <= 5); /* the ticker wakes for midnight, not 20 s later */
	assert_int_equal(f.wakes, 0);
	clock_ms = midnight;
	live_bus_tick();
	assert_int_equal(f.wakes, 1);
	assert_int_equal(live_bus_next(s, &ev), LIVE_EVENT);
	assert_int_equal(ev.topic, LIVE_STOCK);
	assert_string_equal(ev.cause, "new_day");
	assert_string_equal(ev.by, "");
	assert_int_equal(ev.nskus, 0);
	assert_int_equal(ev.version, 0); /* no change was committed */
	live_event_clear(&ev);
	clock_ms += 1000;
	live_bus_tick(); /* once a day */
	assert_int_equal(live_bus_next(s, &ev), LIVE_IDLE);
	live_bus_unsubscribe(s);
}

static void kinds_map_to_topics(void **state)
{
	(void)state;
	static const struct {
		const char *kind;
		unsigned topics;
		const char *cause;
	} t[] = {
	        {"movement.create", LIVE_STOCK, "movement"},
	        {"movement.reverse", LIVE_STOCK, "reversal"},
	        {"import.apply", LIVE_STOCK, "import"},
	        {"import.reverse", LIVE_STOCK, "reversal"},
	        {"import.upload", 0, ""},
	        {"purchase_order.receive", LIVE_STOCK, "receipt"},
	        {"purchase_order.order", LIVE_STOCK, "purchase_order"},
	        {"product.update", LIVE_STOCK, "product"},
	        {"forecast_override.create", LIVE_STOCK, "override"},
	        {"org.update", LIVE_STOCK, "settings"},
	        {"alert_settings.update", LIVE_ALERTS, "settings"},
	        {"alert.ack", LIVE_ALERTS, "alert"},
	        {"sales_history.apply", LIVE_STOCK, "sales_history"},
	        {"user.password", 0, ""},
	        {"session.login", 0, ""},
	        {"something_new.happened", LIVE_STOCK, "something_new"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		unsigned topics = 99;
		char cause[LIVE_CAUSE_SIZE];
		live_kind_topics(t[i].kind, &topics, cause);
		assert_int_equal(topics, t[i].topics);
		assert_string_equal(cause, t[i].cause);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup(versions_count_per_organisation, setup),
	        cmocka_unit_test_setup(a_burst_is_one_event, setup),
	        cmocka_unit_test_setup(unknown_or_many_skus_are_none, setup),
	        cmocka_unit_test_setup(both_topics_of_a_change_go_out, setup),
	        cmocka_unit_test_setup(caps_and_the_places_of_closed_tabs, setup),
	        cmocka_unit_test_setup(heartbeats_drops_and_close, setup),
	        cmocka_unit_test_setup(midnight_in_korea_is_a_stock_event, setup),
	        cmocka_unit_test_setup(kinds_map_to_topics, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
