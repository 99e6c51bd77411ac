/* test_overrides_store.c — the store of manual corrections (src/store/overrides.c) on a real
 * database: dated days from the latest finished run, a newer correction taking the days of
 * an older one (which ends as replaced only when it has none left), one standing order
 * quantity per product, a revert, and the history the triggers keep: no row is deleted, a
 * correction ends once, a day only goes inactive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "overrides.h"
#include "testdb.h"

static char path[64];
static int64_t org_id, user_id, product_id;
static const int64_t D0 = 20000; /* the run's first day */

static int setup(void **state)
{
	db *d = testdb_open("overrides", path, sizeof path);
	if (!d)
		return -1;
	org_id = testdb_add_org(d);
	db_exec(d,
	        "INSERT INTO users (org_id, login, name, role, pw_hash, created_at, updated_at)"
	        " VALUES (?, 'minji', '김민지', 'manager', 'x', 'x', 'x')",
	        "i", org_id);
	user_id = db_last_id(d);
	db_exec(d,
	        "INSERT INTO products (org_id, sku, name, moq, created_at, updated_at)"
	        " VALUES (?, 'A', '상품 A', 50, 'x', 'x')",
	        "i", org_id);
	product_id = db_last_id(d);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	testdb_remove(*state, path);
	return 0;
}

/* A finished run with a 5-day forecast of 1, 2, 3, 4, 5 from D0. */
static int64_t add_run(db *d)
{
	db_exec(d,
	        "INSERT INTO forecast_runs (org_id, status, trigger, created_at, started_at, "
	        "finished_at, horizon, stage) VALUES (?, 'done', 'manual', 'x', 'x', 'x', 5, "
	        "'finished')",
	        "i", org_id);
	int64_t run = db_last_id(d);
	for (int t = 0; t < 5; t++) {
		char date[11];
		date_format(D0 + t, date);
		db_exec(d,
		        "INSERT INTO forecast_days (run_id, product_id, date, mean, p10, p50, p90) "
		        "VALUES (?, ?, ?, ?, 0, 0, 0)",
		        "iitd", run, product_id, date, (double)(t + 1));
	}
	return run;
}

static int64_t add_days(db *d, int window, const struct ovr_new_day *days, size_t n)
{
	struct ovr_new_forecast in = {.product_id = product_id,
	                              .window_days = window,
	                              .run_id =
	                                      db_int(d, 0, "SELECT MAX(id) FROM forecast_runs", ""),
	                              .user_id = user_id,
	                              .reason = "행사",
	                              .qty = 1,
	                              .days = days,
	                              .ndays = n};
	int64_t id = 0;
	assert_int_equal(ovr_insert_forecast(d, org_id, &in, &id), DB_OK);
	assert_true(id > 0);
	return id;
}

static void days_replace_and_history_stays(void **state)
{
	db *d = *state;
	struct ovr_model m;
	assert_int_equal(ovr_model_load(d, org_id, product_id, &m), DB_DONE); /* no run yet */
	int64_t run = add_run(d);
	assert_int_equal(ovr_model_load(d, org_id, product_id, &m), DB_OK);
	assert_int_equal(m.run_id, run);
	assert_int_equal(m.first_day, D0);
	assert_int_equal(m.ndays, 5);
	assert_true(m.mean[0] == 1 && m.mean[4] == 5);

	const struct ovr_new_day a[] = {{D0 + 1, 10, 2, 2}, {D0 + 2, 20, 3, 3}};
	int64_t ida = add_days(d, 0, a, 2);
	const struct ovr_new_day b[] = {{D0 + 2, 7, 20, 3}};
	int64_t idb = add_days(d, 0, b, 1);
	struct ovr_day *act = NULL;
	size_t n = 0;
	assert_int_equal(ovr_active_days(d, product_id, D0, D0 + 4, &act, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_true(act[0].day == D0 + 1 && act[0].qty == 10);
	assert_true(act[1].day == D0 + 2 && act[1].qty == 7); /* the newer wins its day */
	free(act);
	struct ovr_info info;
	assert_int_equal(ovr_info_load(d, org_id, ida, D0, &info), DB_OK);
	assert_int_equal(info.standing, 1); /* one day left */
	const struct ovr_new_day c[] = {{D0 + 1, 1, 10, 2}};
	int64_t idc = add_days(d, 0, c, 1);
	assert_int_equal(ovr_info_load(d, org_id, ida, D0, &info), DB_OK);
	assert_int_equal(info.standing, 0);
	assert_string_equal(info.status, "replaced");
	assert_int_equal(
	        db_int(d, 0, "SELECT replaced_by FROM forecast_overrides WHERE id = ?", "i", ida),
	        idc);
	/* a correction whose days have all passed: expired, nothing to revert */
	assert_int_equal(ovr_info_load(d, org_id, idb, D0 + 3, &info), DB_OK);
	assert_string_equal(info.status, "expired");
	assert_int_equal(info.standing, 0);
	/* revert: its day goes inactive, the model stands again (the replaced one stays so) */
	assert_int_equal(ovr_revert(d, org_id, idc, user_id, "취소", 2), DB_OK);
	assert_int_equal(ovr_active_days(d, product_id, D0, D0 + 4, &act, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_true(act[0].day == D0 + 2);
	free(act);
	assert_int_equal(ovr_revert(d, org_id, idc, user_id, "또", 2), DB_CONSTRAINT);
	assert_int_equal(ovr_revert(d, org_id + 1, idb, user_id, "남의 것", 2), DB_CONSTRAINT);

	/* the history cannot be rewritten */
	assert_int_not_equal(db_exec(d, "DELETE FROM forecast_overrides WHERE id = ?", "i", ida),
	                     DB_OK);
	assert_int_not_equal(
	        db_exec(d, "DELETE FROM forecast_override_days WHERE override_id = ?", "i", ida),
	        DB_OK);
	assert_int_not_equal(
	        db_exec(d, "UPDATE forecast_overrides SET qty = 99 WHERE id = ?", "i", ida), DB_OK);
	assert_int_not_equal(db_exec(d,
	                             "UPDATE forecast_overrides SET status = 'standing', "
	                             "ended_at = NULL, end_reason = NULL WHERE id = ?",
	                             "i", idc),
	                     DB_OK);
	assert_int_not_equal(db_exec(d,
	                             "UPDATE forecast_override_days SET active = 1 WHERE "
	                             "override_id = ?",
	                             "i", idc),
	                     DB_OK);
	assert_int_not_equal(db_exec(d,
	                             "UPDATE forecast_override_days SET qty = 5 WHERE "
	                             "override_id = ?",
	                             "i", idb),
	                     DB_OK);
	/* two active quantities for one day are refused by the store itself */
	assert_int_not_equal(db_exec(d,
	                             "INSERT INTO forecast_override_days (override_id, product_id, "
	                             "date, qty, old_qty, model_qty) SELECT ?, ?, date, 1, 1, 1 "
	                             "FROM forecast_override_days WHERE override_id = ?",
	                             "iii", ida, product_id, idb),
	                     DB_OK);

	json_t *h = ovr_product_json(d, org_id, product_id, D0);
	assert_int_equal(json_array_size(json_object_get(h, "history")), 4); /* 3 made, 1 revert */
	assert_string_equal(json_string_value(json_object_get(
	                            json_array_get(json_object_get(h, "history"), 0), "action")),
	                    "revert");
	json_decref(h);
	assert_int_equal(ovr_product_in_use(d, product_id), 3);
}

static void one_standing_order_quantity(void **state)
{
	db *d = *state;
	int64_t a = 0, b = 0, id = 0, qty = 0;
	assert_int_equal(ovr_order_qty_standing(d, product_id, &id, &qty), DB_DONE);
	assert_int_equal(ovr_insert_order_qty(d, org_id, product_id, user_id, 0, "단종", &a),
	                 DB_OK);
	assert_int_equal(ovr_insert_order_qty(d, org_id, product_id, user_id, 30, "소량", &b),
	                 DB_OK);
	assert_true(b > a);
	assert_int_equal(ovr_order_qty_standing(d, product_id, &id, &qty), DB_OK);
	assert_int_equal(id, b);
	assert_int_equal(qty, 30);
	json_t *o = ovr_json(d, org_id, a, D0);
	assert_string_equal(json_string_value(json_object_get(o, "status")), "replaced");
	assert_int_equal(json_integer_value(json_object_get(o, "replaced_by")), b);
	json_decref(o);
	o = ovr_json(d, org_id, b, D0);
	assert_true(json_real_value(json_object_get(o, "old_qty")) == 0);
	json_decref(o);
	/* a second standing one is refused by the store itself */
	assert_int_not_equal(
	        db_exec(d,
	                "INSERT INTO forecast_overrides (org_id, product_id, kind, qty, "
	                "reason, created_at) VALUES (?, ?, 'order_qty', 1, 'x', 'x')",
	                "ii", org_id, product_id),
	        DB_OK);
	assert_null(ovr_json(d, org_id + 1, b, D0)); /* another organisation: not found */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(days_replace_and_history_stays, setup, teardown),
	        cmocka_unit_test_setup_teardown(one_standing_order_quantity, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
