/* test_accuracy_store.c — the accuracy store (src/store/accuracy_store.c) on a real
 * database: a run scored only over its passed days against the ledger's demand (a reversed
 * outbound is none), the MASE scale from the history the run learnt from, a correction
 * against the run in the effective figure only, and actual vs forecast per day with the
 * days no run covers, the band, and the refusals (no product, a set, another
 * organisation's run). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "accuracy_store.h"
#include "date.h"
#include "overrides.h"
#include "testdb.h"

#define EPS 1e-9
static char path[64];
static int64_t org_id, other_org, product_a, run_id, other_run;
static const int D0 = 20000; /* the run's first forecast day */

static void add_move(db *d, const char *type, int64_t qty, int day, int64_t reverses)
{
	char date[11];
	date_format(day, date);
	assert_int_equal(db_exec(d,
	                         "INSERT INTO movements (org_id, product_id, type, qty, date, "
	                         "source, reverses, created_at) VALUES (?, ?, ?, ?, ?, 'manual', "
	                         "NULLIF(?, 0), 'x')",
	                         "iititi", org_id, product_a, type, qty, date, reverses),
	                 DB_OK);
}

static int64_t add_run(db *d, int64_t org, int last_hist)
{
	char date[11];
	date_format(last_hist, date);
	db_exec(d,
	        "INSERT INTO forecast_runs (org_id, status, trigger, created_at, started_at, "
	        "finished_at, horizon, stage, last_history_date) VALUES (?, 'done', 'manual', 'x', "
	        "'x', 'x', 5, 'finished', ?)",
	        "it", org, date);
	return db_last_id(d);
}

/* A: 1 a day for 14 days before D0 but 3 on D0 − 3 (the weekly naive forecast misses by 2
 * on one day of seven: scale 2/7); then 2, 5, 3 on D0..D0 + 2, an outbound of 50 on D0
 * that was reversed, and 9 on D0 + 3 (not passed). The run forecasts 3 a day (band 1..5);
 * a correction made against it says 4 on D0 + 1. */
static int setup(void **state)
{
	db *d = testdb_open("accuracy", path, sizeof path);
	if (!d)
		return -1;
	org_id = testdb_add_org(d);
	other_org = testdb_add_org(d);
	db_exec(d,
	        "INSERT INTO users (org_id, login, name, role, pw_hash, created_at, updated_at)"
	        " VALUES (?, 'minji', '김민지', 'manager', 'x', 'x', 'x')",
	        "i", org_id);
	int64_t user = db_last_id(d);
	db_exec(d,
	        "INSERT INTO products (org_id, sku, name, category, created_at, updated_at)"
	        " VALUES (?, 'A', '상품 A', '가공', 'x', 'x')",
	        "i", org_id);
	product_a = db_last_id(d);
	db_exec(d,
	        "INSERT INTO products (org_id, sku, name, kind, created_at, updated_at)"
	        " VALUES (?, 'SET', '세트', 'set', 'x', 'x')",
	        "i", org_id);
	for (int day = D0 - 14; day < D0; day++)
		add_move(d, "outbound", day == D0 - 3 ? -3 : -1, day, 0);
	const int64_t sold[] = {2, 5, 3, 9};
	for (int k = 0; k < 4; k++)
		add_move(d, "outbound", -sold[k], D0 + k, 0);
	add_move(d, "outbound", -50, D0, 0);
	add_move(d, "reversal", 50, D0, db_last_id(d));
	run_id = add_run(d, org_id, D0 - 1);
	for (int t = 0; t < 5; t++) {
		char date[11];
		date_format(D0 + t, date);
		db_exec(d,
		        "INSERT INTO forecast_days (run_id, product_id, date, mean, p10, p50, p90) "
		        "VALUES (?, ?, ?, 3, 1, 3, 5)",
		        "iit", run_id, product_a, date);
	}
	const struct ovr_new_day day = {D0 + 1, 4, 3, 3};
	struct ovr_new_forecast in = {.product_id = product_a,
	                              .run_id = run_id,
	                              .user_id = user,
	                              .reason = "행사",
	                              .qty = 4,
	                              .old_qty = 3,
	                              .model_qty = 3,
	                              .days = &day,
	                              .ndays = 1};
	int64_t id;
	assert_int_equal(ovr_insert_forecast(d, org_id, &in, &id), DB_OK);
	other_run = add_run(d, other_org, D0 - 1);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	testdb_remove(*state, path);
	return 0;
}

static void run_scored_over_passed_days(void **state)
{
	db *d = *state;
	struct acc_run run;
	assert_int_equal(acc_run_load(d, org_id, run_id, D0 + 2, &run), DB_OK);
	assert_int_equal(run.days_passed, 3);
	assert_int_equal(run.nproducts, 1);
	const struct acc_product *p = &run.products[0];
	assert_string_equal(p->item.sku, "A");
	assert_string_equal(p->item.category, "가공");
	assert_true(fabs(p->scale - 2.0 / 7) < EPS);
	struct fa_metrics m, e;
	fa_metrics(&p->model, p->scale, &m);
	fa_metrics(&p->eff, p->scale, &e);
	/* model: errors +1, −2, 0 against 2, 5, 3 (the reversed 50 is no demand) */
	assert_int_equal(m.days, 3);
	assert_true(fabs(m.actual - 10) < EPS);
	assert_true(fabs(m.mae - 1) < EPS && fabs(m.rmse - sqrt(5.0 / 3)) < EPS);
	assert_true(fabs(m.bias - -1.0 / 3) < EPS && fabs(m.wape - 0.3) < EPS);
	assert_true(fabs(m.mase - 3.5) < EPS);
	/* effective: 4 on D0 + 1, errors +1, −1, 0 */
	assert_int_equal(p->corrected_days, 1);
	assert_true(fabs(e.mae - 2.0 / 3) < EPS && fabs(e.wape - 0.2) < EPS);
	assert_true(fabs(e.mase - 7.0 / 3) < EPS);
	free(run.products);
	/* nothing passed yet; another organisation's run is none of ours */
	assert_int_equal(acc_run_load(d, org_id, run_id, D0 - 1, &run), DB_OK);
	assert_int_equal(run.days_passed, 0);
	assert_int_equal(run.nproducts, 0);
	free(run.products);
	assert_int_equal(acc_run_load(d, org_id, other_run, D0 + 2, &run), DB_DONE);
	struct acc_run *runs;
	size_t n;
	assert_int_equal(acc_runs_load(d, org_id, D0 + 9, -1, &runs, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(runs[0].days_passed, 5); /* the whole horizon */
	acc_runs_free(runs, n);
}

static void actual_vs_forecast_per_day(void **state)
{
	db *d = *state;
	struct avf a;
	assert_int_equal(acc_actual_vs_forecast(d, org_id, D0 - 1, D0 + 2, "", "", 0, &a), DB_OK);
	assert_int_equal(a.ndays, 4);
	assert_int_equal(a.days[0].run_id, 0); /* the run's history day: no forecast */
	assert_true(a.days[0].actual == 1);
	const double act[] = {2, 5, 3}, eff[] = {3, 4, 3};
	for (int k = 1; k < 4; k++) {
		assert_int_equal(a.days[k].run_id, run_id);
		assert_true(a.days[k].actual == act[k - 1]);
		assert_true(a.days[k].fcst == 3 && a.days[k].eff == eff[k - 1]);
		assert_true(a.days[k].p10 == 1 && a.days[k].p90 == 5);
	}
	assert_int_equal(a.nproducts, 1);
	assert_true(a.products[0].actual == 11 && a.products[0].fcst == 9 &&
	            a.products[0].eff == 10);
	assert_int_equal(a.products[0].days_forecast, 3);
	avf_free(&a);
	assert_int_equal(acc_actual_vs_forecast(d, org_id, D0, D0, "NOPE", "", 0, &a), AVF_NO_SKU);
	assert_int_equal(acc_actual_vs_forecast(d, org_id, D0, D0, "SET", "", 0, &a), AVF_IS_SET);
	assert_int_equal(acc_actual_vs_forecast(d, org_id, D0, D0, "", "", other_run, &a),
	                 AVF_NO_RUN);
	assert_int_equal(acc_actual_vs_forecast(d, org_id, D0, D0, "", "없는 분류", 0, &a), DB_OK);
	assert_int_equal(a.nproducts, 0);
	assert_true(a.days[0].actual == 0 && a.days[0].fcst == 0);
	avf_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(run_scored_over_passed_days),
	        cmocka_unit_test(actual_vs_forecast_per_day),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
