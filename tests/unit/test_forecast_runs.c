/* test_forecast_runs.c — forecast runs on a real store: one queued or running run per
 * organisation (the store's rule, whoever asks), queued -> running -> done, demand read
 * from the ledger and sales history exactly, products with too little or no history kept
 * with their reason, results all-or-nothing (a failure while saving leaves no row and a
 * failed run with a Korean message), a cancelled run back in the queue, runs left running
 * by a stopped process marked failed, global models trained by the nightly run and reused
 * by the next run with the same forecasts, and the nightly schedule's slot arithmetic. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testdb.h"

#include "db.h"
#include "demand.h"
#include "forecast_runner.h"
#include "forecast_store.h"
#include "util.h"

static char path[64];
static int64_t org_id;

static int setup(void **state)
{
	db *d = testdb_open("fcruns", path, sizeof path);
	if (!d)
		return -1;
	org_id = testdb_add_org(d);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	testdb_remove(*state, path);
	return 0;
}

static int64_t add_product(db *d, int64_t org, const char *sku, const char *kind, int active)
{
	assert_int_equal(
	        db_exec(d,
	                "INSERT INTO products (org_id, sku, name, kind, active, created_at,"
	                " updated_at) VALUES (?, ?, ?, ?, ?, 'x', 'x')",
	                "itttit", org, sku, sku, kind, (int64_t)active),
	        DB_OK);
	return db_last_id(d);
}

/* The KST date `back` days before today. */
static void date_back(int back, char out[11])
{
	char today[11];
	util_kst_date(util_now(), today);
	int y, m, dd;
	util_parse_date(today, &y, &m, &dd);
	util_civil_from_days(util_days_from_civil(y, m, dd) - back, &y, &m, &dd);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, dd);
}

static int64_t add_move(db *d, int64_t product, const char *type, int64_t qty, int back,
                        int64_t reverses)
{
	char date[11];
	date_back(back, date);
	assert_int_equal(db_exec(d,
	                         "INSERT INTO movements (org_id, product_id, type, qty, date, "
	                         "source, reverses, created_at) VALUES (?, ?, ?, ?, ?, 'manual', "
	                         "NULLIF(?, 0), 'x')",
	                         "iititi", org_id, product, type, qty, date, reverses),
	                 DB_OK);
	return db_last_id(d);
}

/* Imported history counts only through an applied batch (migration 010): the rows go to
 * one applied batch whose period covers every test day, made on first use. */
static void add_sale(db *d, int64_t product, int64_t qty, int back)
{
	char date[11];
	date_back(back, date);
	if (!db_int(d, 0, "SELECT COUNT(*) FROM sales_history_batches WHERE id = 1", "")) {
		assert_int_equal(
		        db_exec(d,
		                "INSERT INTO users (org_id, login, name, role, pw_hash,"
		                " created_at, updated_at) VALUES (?, 'hist', '이력', 'master',"
		                " 'x', 'x', 'x')",
		                "i", org_id),
		        DB_OK);
		assert_int_equal(
		        db_exec(d,
		                "INSERT INTO sales_history_batches (id, org_id, file_name,"
		                " file_hash, format, status, uploaded_by, uploaded_at,"
		                " applied_by, applied_at, apply_seq, first_day, last_day)"
		                " VALUES (1, ?, 'history.csv', printf('%064d', 0), 'csv',"
		                " 'applied', ?, 'x', ?, 'x', 1, '2000-01-01', '2099-12-31')",
		                "iii", org_id, db_last_id(d), db_last_id(d)),
		        DB_OK);
	}
	assert_int_equal(db_exec(d,
	                         "INSERT INTO sales_history (org_id, batch_id, product_id, day, "
	                         "qty) VALUES (?, 1, ?, ?, ?)",
	                         "iiti", org_id, product, date, qty),
	                 DB_OK);
}

static int64_t run_count(db *d, const char *where)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM forecast_runs WHERE %s", where);
	return db_int(d, -1, sql, "");
}

/* ------------------------------------------------------------------ the queue */

static void one_active_run_per_organisation(void **state)
{
	db *d = *state;
	int64_t other = testdb_add_org(d);
	int64_t a = 0, b = 0, c = 0;
	int created = 0;
	assert_int_equal(forecast_runner_enqueue(d, org_id, 0, 0, &a, &created), DB_OK);
	assert_int_equal(created, 1);
	assert_int_equal(forecast_runner_enqueue(d, org_id, 0, 1, &b, &created), DB_OK);
	assert_int_equal(created, 0); /* the schedule gets the queued run, no second one */
	assert_int_equal(b, a);
	assert_int_equal(forecast_runner_enqueue(d, other, 0, 0, &c, &created), DB_OK);
	assert_int_equal(created, 1); /* another organisation has its own */
	assert_true(c != a);
	/* the rule is the store's: a second active row is refused whoever writes it */
	assert_int_equal(db_exec(d,
	                         "INSERT INTO forecast_runs (org_id, trigger, created_at, horizon)"
	                         " VALUES (?, 'manual', 'x', 90)",
	                         "i", org_id),
	                 DB_CONSTRAINT);

	/* queued -> running, once: a second claim takes the other organisation's run */
	struct fstore_run r1, r2, r3;
	assert_int_equal(fstore_claim(d, &r1), 1);
	assert_int_equal(r1.id, a);
	assert_int_equal(r1.horizon, FORECAST_HORIZON);
	assert_int_equal(fstore_claim(d, &r2), 1);
	assert_int_equal(r2.id, c);
	assert_int_equal(fstore_claim(d, &r3), 0);
	assert_int_equal(run_count(d, "status = 'running'"), 2);
	/* still one active run: asking again while it runs gives it back */
	assert_int_equal(forecast_runner_enqueue(d, org_id, 0, 0, &b, &created), DB_OK);
	assert_int_equal(created, 0);
	assert_int_equal(b, a);
}

/* ------------------------------------------------------------------ one run */

/* A small shop whose demand is known exactly:
 *   EX: 2 a day for the last 60 days, plus an outbound of 50 that was reversed and a
 *       stocktake that took 7 off: history 60 days, 120 units;
 *   CO: a set component: 1 a day for 50 days shipped as sets (ledger rows on CO), plus
 *       imported history of 4 sets x 3 on the 50th day: 50 + 12 = 62 units;
 *   SH: 5 days of history (too little), NO: none, OFF: inactive, SET: the set itself. */
struct shop {
	int64_t ex, co, sh, no, off, set;
};

static void make_shop(db *d, struct shop *s)
{
	s->ex = add_product(d, org_id, "EX", "single", 1);
	s->co = add_product(d, org_id, "CO", "single", 1);
	s->sh = add_product(d, org_id, "SH", "single", 1);
	s->no = add_product(d, org_id, "NO", "single", 1);
	s->off = add_product(d, org_id, "OFF", "single", 0);
	s->set = add_product(d, org_id, "SET", "set", 1);
	assert_int_equal(db_exec(d,
	                         "INSERT INTO set_components (org_id, set_id, component_id, qty)"
	                         " VALUES (?, ?, ?, 3)",
	                         "iii", org_id, s->set, s->co),
	                 DB_OK);
	add_move(d, s->ex, "inbound", 1000, 70, 0);
	for (int back = 1; back <= 60; back++)
		add_move(d, s->ex, "outbound", -2, back, 0);
	int64_t big = add_move(d, s->ex, "outbound", -50, 30, 0);
	add_move(d, s->ex, "reversal", 50, 30, big);
	add_move(d, s->ex, "adjust", -7, 20, 0);
	add_move(d, s->ex, "outbound", -9, 0, 0); /* today: not history yet */
	for (int back = 1; back <= 50; back++)
		add_move(d, s->co, "outbound", -1, back, 0);
	add_sale(d, s->set, 4, 50);
	for (int back = 1; back <= 5; back++)
		add_move(d, s->sh, "outbound", -1, back, 0);
	add_move(d, s->off, "outbound", -3, 10, 0);
}

static void result(db *d, int64_t run, int64_t product, char status[32], int *days, double *total)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT status, history_days, history_total FROM "
	                         "forecast_results WHERE run_id = ? AND product_id = ?",
	                         "ii", run, product);
	assert_int_equal(db_step(s), DB_ROW);
	util_strlcpy(status, db_col_text(s, 0), 32);
	*days = (int)db_col_int(s, 1);
	*total = db_col_double(s, 2);
	db_finalize(s);
}

static void run_lifecycle_and_exact_demand(void **state)
{
	db *d = *state;
	struct shop s;
	make_shop(d, &s);
	int64_t id;
	int created;
	assert_int_equal(forecast_runner_enqueue(d, org_id, 0, 0, &id, &created), DB_OK);
	struct fstore_run run;
	assert_int_equal(fstore_claim(d, &run), 1);
	assert_int_equal(forecast_runner_execute(d, &run, 1, NULL), FORECAST_RUN_DONE);

	json_t *j = fstore_run_json(d, org_id, id);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "done");
	json_t *p = json_object_get(j, "products");
	assert_int_equal(json_integer_value(json_object_get(p, "forecast")), 2);
	assert_int_equal(json_integer_value(json_object_get(p, "skipped")), 2);
	json_t *pr = json_object_get(j, "progress");
	assert_int_equal(json_integer_value(json_object_get(pr, "done")), 2);
	assert_int_equal(json_integer_value(json_object_get(pr, "total")), 2);
	char last[11];
	date_back(1, last);
	assert_string_equal(json_string_value(json_object_get(j, "last_history_date")), last);
	json_decref(j);

	char st[32];
	int days;
	double total;
	result(d, id, s.ex, st, &days, &total);
	assert_string_equal(st, "ok");
	assert_int_equal(days, 60);
	assert_float_equal(total, 120, 0);
	result(d, id, s.co, st, &days, &total);
	assert_string_equal(st, "ok");
	assert_int_equal(days, 50);
	assert_float_equal(total, 62, 0);
	result(d, id, s.sh, st, &days, &total);
	assert_string_equal(st, "too_little_history");
	assert_int_equal(days, 5);
	result(d, id, s.no, st, &days, &total);
	assert_string_equal(st, "no_history");
	/* the inactive product and the set have no row; 90 days per forecast */
	assert_int_equal(
	        db_int(d, -1, "SELECT COUNT(*) FROM forecast_results WHERE run_id = ?", "i", id),
	        4);
	assert_int_equal(
	        db_int(d, -1, "SELECT COUNT(*) FROM forecast_days WHERE run_id = ?", "i", id),
	        2 * FORECAST_HORIZON);

	/* the answer for a product: 90 days from today, totals = sums of the daily means */
	json_t *f = NULL;
	struct fstore_why why;
	assert_int_equal(fstore_product_forecast(d, org_id, "EX", &f, &why), DB_OK);
	json_t *dl = json_object_get(f, "days");
	assert_int_equal(json_array_size(dl), FORECAST_HORIZON);
	char today[11];
	date_back(0, today);
	assert_string_equal(json_string_value(json_object_get(json_array_get(dl, 0), "date")),
	                    today);
	double sum = 0;
	for (size_t i = 0; i < 30; i++)
		sum += json_real_value(json_object_get(json_array_get(dl, i), "mean"));
	json_t *t30 = json_object_get(json_object_get(f, "totals"), "30");
	assert_float_equal(json_real_value(json_object_get(t30, "mean")), sum, 1e-6);
	json_decref(f);

	assert_int_equal(fstore_product_forecast(d, org_id, "SH", &f, &why), DB_DONE);
	assert_int_equal(why.kind, FSTORE_TOO_LITTLE_HISTORY);
	assert_int_equal(why.history_days, 5);
	assert_int_equal(why.min_history_days, 41);
	assert_non_null(strstr(why.reason, "41일"));
	assert_int_equal(fstore_product_forecast(d, org_id, "SET", &f, &why), DB_DONE);
	assert_int_equal(why.kind, FSTORE_IS_SET);
	assert_int_equal(fstore_product_forecast(d, org_id, "OFF", &f, &why), DB_DONE);
	assert_int_equal(why.kind, FSTORE_NOT_IN_RUN);
	assert_int_equal(fstore_product_forecast(d, org_id, "NOPE", &f, &why), DB_DONE);
	assert_int_equal(why.kind, FSTORE_NO_SKU);
	/* another organisation sees none of it */
	int64_t other = testdb_add_org(d);
	assert_null(fstore_run_json(d, other, id));
	assert_int_equal(fstore_product_forecast(d, other, "EX", &f, &why), DB_DONE);
	assert_int_equal(why.kind, FSTORE_NO_SKU);
}

/* The demand of one product read for its page equals what the run counted. */
static void assert_product_demand(db *d, int64_t product, int days, double total)
{
	char last[11];
	date_back(1, last);
	struct fstore_inputs in;
	assert_int_equal(fstore_load_product_inputs(d, org_id, product, last, &in), DB_OK);
	int y, m, dd;
	util_parse_date(last, &y, &m, &dd);
	struct demand_series s;
	demand_build(in.products, 1, in.moves, in.nmoves, in.sales, in.nsales, in.bom, in.nbom,
	             (int)util_days_from_civil(y, m, dd), &s);
	fstore_inputs_free(&in);
	assert_int_equal(s.n, days);
	assert_float_equal(s.total, total, 0);
	demand_free(&s, 1);
}

static void candidates_are_kept_with_the_results(void **state)
{
	db *d = *state;
	struct shop s;
	make_shop(d, &s);
	/* a weekly pattern over 120 days: validated, so the engine ranks its candidates */
	int64_t wk = add_product(d, org_id, "WK", "single", 1);
	add_move(d, wk, "inbound", 5000, 130, 0);
	for (int back = 1; back <= 120; back++)
		add_move(d, wk, "outbound", -(1 + (back % 7) * 2 + back % 3), back, 0);
	int64_t id;
	int created;
	assert_int_equal(forecast_runner_enqueue(d, org_id, 0, 0, &id, &created), DB_OK);
	struct fstore_run run;
	assert_int_equal(fstore_claim(d, &run), 1);
	assert_int_equal(forecast_runner_execute(d, &run, 1, NULL), FORECAST_RUN_DONE);

	char model[64];
	db_stmt *q = db_preparef(d,
	                         "SELECT model FROM forecast_results WHERE run_id = ? AND "
	                         "product_id = ?",
	                         "ii", id, wk);
	assert_int_equal(db_step(q), DB_ROW);
	util_strlcpy(model, db_col_text(q, 0), sizeof model);
	db_finalize(q);

	struct fstore_cand_row *c = NULL;
	size_t n = 0;
	assert_int_equal(fstore_candidates(d, org_id, id, wk, &c, &n), DB_OK);
	assert_true(n >= 2);
	int chosen = 0, members = 0;
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(c[i].rank, (int)i + 1);
		if (c[i].chosen) {
			chosen++;
			assert_string_equal(c[i].model, model);
			assert_true(c[i].ok);
			assert_true(isfinite(c[i].mae) && c[i].mae >= 0);
		}
		members += c[i].part_of_combo;
		if (c[i].part_of_combo) /* "dow" is a member of "combo(dow+ets)" */
			assert_non_null(strstr(model, c[i].model));
		if (!c[i].ok)
			assert_true(isnan(c[i].mae));
	}
	assert_int_equal(chosen, 1);
	assert_int_equal(members > 0, strncmp(model, "combo(", 6) == 0);
	free(c);
	/* the product without a forecast and another organisation have none */
	assert_int_equal(fstore_candidates(d, org_id, id, s.sh, &c, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(fstore_candidates(d, testdb_add_org(d), id, wk, &c, &n), DB_OK);
	assert_int_equal(n, 0);
	/* one product's demand as its page reads it: the run's figures (reversal and
	 * stocktake left out; the set's imported history exploded onto its component) */
	assert_product_demand(d, s.ex, 60, 120);
	assert_product_demand(d, s.co, 50, 62);
	assert_product_demand(d, s.no, 0, 0);
}

static void failure_while_saving_writes_nothing(void **state)
{
	db *d = *state;
	struct shop s;
	make_shop(d, &s);
	/* the second product's days cannot be written */
	char sql[256];
	snprintf(sql, sizeof sql,
	         "CREATE TRIGGER boom BEFORE INSERT ON forecast_days WHEN NEW.product_id = %lld "
	         "BEGIN SELECT RAISE(ABORT, 'boom'); END",
	         (long long)s.co);
	assert_int_equal(db_exec(d, sql, ""), DB_OK);
	int64_t id;
	int created;
	assert_int_equal(forecast_runner_enqueue(d, org_id, 0, 0, &id, &created), DB_OK);
	struct fstore_run run;
	assert_int_equal(fstore_claim(d, &run), 1);
	assert_int_equal(forecast_runner_execute(d, &run, 1, NULL), FORECAST_RUN_FAILED);
	json_t *j = fstore_run_json(d, org_id, id);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "failed");
	const char *err = json_string_value(json_object_get(j, "error"));
	assert_non_null(strstr(err, "저장하지 못했습니다"));
	assert_non_null(json_object_get(j, "finished_at"));
	json_decref(j);
	assert_int_equal(db_int(d, -1, "SELECT COUNT(*) FROM forecast_results", ""), 0);
	assert_int_equal(db_int(d, -1, "SELECT COUNT(*) FROM forecast_days", ""), 0);
	assert_int_equal(db_int(d, -1, "SELECT COUNT(*) FROM forecast_candidates", ""), 0);
	/* a failed run is not active: the next request queues a new one */
	int64_t again;
	assert_int_equal(forecast_runner_enqueue(d, org_id, 0, 0, &again, &created), DB_OK);
	assert_int_equal(created, 1);
}

static void cancelled_run_goes_back_to_the_queue(void **state)
{
	db *d = *state;
	struct shop s;
	make_shop(d, &s);
	int64_t id;
	int created;
	assert_int_equal(forecast_runner_enqueue(d, org_id, 0, 0, &id, &created), DB_OK);
	struct fstore_run run;
	assert_int_equal(fstore_claim(d, &run), 1);
	atomic_int cancel;
	atomic_init(&cancel, 1);
	assert_int_equal(forecast_runner_execute(d, &run, 1, &cancel), FORECAST_RUN_REQUEUED);
	assert_int_equal(run_count(d, "status = 'queued' AND started_at IS NULL"), 1);
	assert_int_equal(db_int(d, -1, "SELECT COUNT(*) FROM forecast_results", ""), 0);
	/* the next claim runs it to the end */
	assert_int_equal(fstore_claim(d, &run), 1);
	assert_int_equal(run.id, id);
	assert_int_equal(forecast_runner_execute(d, &run, 1, NULL), FORECAST_RUN_DONE);
}

static void runs_left_running_are_marked_failed(void **state)
{
	db *d = *state;
	int64_t id;
	int created;
	assert_int_equal(forecast_runner_enqueue(d, org_id, 0, 0, &id, &created), DB_OK);
	struct fstore_run run;
	assert_int_equal(fstore_claim(d, &run), 1);
	assert_int_equal(fstore_recover(d, "서버가 멈췄습니다."), 1);
	json_t *j = fstore_run_json(d, org_id, id);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "failed");
	assert_string_equal(json_string_value(json_object_get(j, "error")), "서버가 멈췄습니다.");
	json_decref(j);
	assert_int_equal(fstore_recover(d, "x"), 0);
}

/* Six products, 400 days each: enough for the boosted trees and the LSTM. The nightly run
 * trains and keeps them; the next daytime run loads them and forecasts exactly the same. */
static void nightly_models_are_kept_and_reused(void **state)
{
	db *d = *state;
	unsigned seed = 7;
	for (int k = 0; k < 6; k++) {
		char sku[16];
		snprintf(sku, sizeof sku, "G%d", k);
		int64_t p = add_product(d, org_id, sku, "single", 1);
		for (int back = 1; back <= 400; back++) {
			seed = seed * 1103515245u + 12345u;
			int64_t q = (int64_t)((seed >> 16) % (unsigned)(3 + k)) +
			            (back % 7 == 0 ? 4 : 0);
			if (q > 0)
				add_sale(d, p, q, back);
		}
	}
	int64_t night, day;
	int created;
	struct fstore_run run;
	assert_int_equal(forecast_runner_enqueue(d, org_id, 0, 1, &night, &created), DB_OK);
	assert_int_equal(fstore_claim(d, &run), 1);
	assert_true(run.schedule);
	assert_int_equal(forecast_runner_execute(d, &run, 2, NULL), FORECAST_RUN_DONE);
	assert_int_equal(
	        db_int(d, 0, "SELECT models FROM forecast_models WHERE org_id = ?", "i", org_id),
	        3);
	assert_int_equal(forecast_runner_enqueue(d, org_id, 0, 0, &day, &created), DB_OK);
	assert_int_equal(fstore_claim(d, &run), 1);
	assert_false(run.schedule);
	assert_int_equal(forecast_runner_execute(d, &run, 1, NULL), FORECAST_RUN_DONE);
	json_t *j = fstore_run_json(d, org_id, day);
	json_t *o = json_object_get(j, "options");
	assert_string_equal(json_string_value(json_object_get(o, "global_models")), "loaded");
	assert_string_equal(json_string_value(json_object_get(o, "model_set")), "all");
	json_decref(j);
	/* the same forecasts, to the last bit */
	assert_int_equal(db_int(d, -1,
	                        "SELECT COUNT(*) FROM forecast_days a JOIN forecast_days b ON "
	                        "b.product_id = a.product_id AND b.date = a.date WHERE a.run_id ="
	                        " ? AND b.run_id = ? AND a.mean = b.mean AND a.p90 = b.p90",
	                        "ii", night, day),
	                 6 * FORECAST_HORIZON);
}

/* ------------------------------------------------------------------ the schedule */

static time_t utc(int y, int m, int d, int hh, int mm)
{
	return (time_t)util_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60;
}

static void nightly_slot_is_the_kst_hour(void **state)
{
	(void)state;
	char slot[32];
	/* 2026-01-11 03:00 KST is 2026-01-10 18:00 UTC */
	forecast_schedule_slot(utc(2026, 1, 10, 18, 0), 3, slot);
	assert_string_equal(slot, "2026-01-10T18:00:00Z");
	forecast_schedule_slot(utc(2026, 1, 10, 17, 59), 3, slot); /* 02:59 KST: yesterday's */
	assert_string_equal(slot, "2026-01-09T18:00:00Z");
	forecast_schedule_slot(utc(2026, 1, 10, 14, 59), 0, slot); /* 23:59 KST on the 10th */
	assert_string_equal(slot, "2026-01-09T15:00:00Z");
	forecast_schedule_slot(utc(2026, 1, 10, 15, 0), 0, slot); /* KST midnight */
	assert_string_equal(slot, "2026-01-10T15:00:00Z");
	forecast_schedule_slot(utc(2026, 1, 10, 14, 30), 23, slot); /* 23:30 KST */
	assert_string_equal(slot, "2026-01-10T14:00:00Z");

	time_t now = utc(2026, 1, 10, 20, 0); /* 05:00 KST */
	assert_true(forecast_schedule_due(now, 3, ""));
	assert_true(forecast_schedule_due(now, 3, NULL));
	assert_true(forecast_schedule_due(now, 3, "2026-01-10T17:59:59Z"));  /* before 03:00 */
	assert_false(forecast_schedule_due(now, 3, "2026-01-10T18:00:00Z")); /* ran at 03:00 */
	assert_false(forecast_schedule_due(now, 3, "2026-01-10T19:30:00Z")); /* a manual run */
	assert_false(forecast_schedule_due(now, 6, "2026-01-09T21:10:00Z")); /* 06:00 not yet */
	assert_true(forecast_schedule_due(now, 6, "2026-01-09T20:59:00Z"));  /* missed slot */
	assert_false(forecast_schedule_due(now, 24, ""));
	assert_false(forecast_schedule_due(now, -1, ""));
}

static void schedule_lists_organisations_with_products(void **state)
{
	db *d = *state;
	int64_t empty = testdb_add_org(d);
	int64_t only_sets = testdb_add_org(d);
	add_product(d, only_sets, "S", "set", 1);
	add_product(d, org_id, "A", "single", 1);
	assert_int_equal(db_exec(d, "UPDATE orgs SET forecast_hour = 21 WHERE id = ?", "i", org_id),
	                 DB_OK);
	struct fstore_org_slot *o;
	size_t n;
	assert_int_equal(fstore_schedule_list(d, &o, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(o[0].org_id, org_id);
	assert_int_equal(o[0].hour, 21);
	assert_string_equal(o[0].last_created, "");
	free(o);
	(void)empty;
	int64_t id;
	int created;
	assert_int_equal(forecast_runner_enqueue(d, org_id, 0, 1, &id, &created), DB_OK);
	assert_int_equal(fstore_schedule_list(d, &o, &n), DB_OK);
	assert_true(o[0].last_created[0] != '\0');
	free(o);
	/* the hour is checked by the store */
	assert_int_equal(db_exec(d, "UPDATE orgs SET forecast_hour = 24 WHERE id = ?", "i", org_id),
	                 DB_CONSTRAINT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(one_active_run_per_organisation, setup, teardown),
	        cmocka_unit_test_setup_teardown(run_lifecycle_and_exact_demand, setup, teardown),
	        cmocka_unit_test_setup_teardown(candidates_are_kept_with_the_results, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(failure_while_saving_writes_nothing, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(cancelled_run_goes_back_to_the_queue, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(runs_left_running_are_marked_failed, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(nightly_models_are_kept_and_reused, setup,
	                                        teardown),
	        cmocka_unit_test(nightly_slot_is_the_kst_hour),
	        cmocka_unit_test_setup_teardown(schedule_lists_organisations_with_products, setup,
	                                        teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
