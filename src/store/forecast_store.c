/* forecast_store.c — the SQL of forecast runs (see forecast_store.h). */
#include "forecast_store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"
#include "row_json.h"

/* ------------------------------------------------------------------ helpers */

/* A stored date's day number, INT32_MIN when it is not one (the demand arrays hold int days). */
static int day_or_min(const char *s)
{
	return (int)date_day_or(s, INT32_MIN);
}

static void now_iso(char out[32])
{
	util_utc_iso(util_now(), out);
}

/* Appends one element to a growing array of *n elements of size sz. */
static void *grow(void *arr, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 256;
	return xrealloc(arr, *cap * sz);
}

/* ------------------------------------------------------------------ the queue */

static int64_t active_run(db *d, int64_t org_id)
{
	return db_int(d, 0,
	              "SELECT id FROM forecast_runs WHERE org_id = ? AND status IN ('queued', "
	              "'running') ORDER BY id LIMIT 1",
	              "i", org_id);
}

int fstore_enqueue(db *d, int64_t org_id, const char *trigger, int64_t user_id, int horizon,
                   int64_t *id, int *created)
{
	return fstore_enqueue_as_of(d, org_id, trigger, user_id, horizon, NULL, id, created);
}

int fstore_enqueue_as_of(db *d, int64_t org_id, const char *trigger, int64_t user_id, int horizon,
                         const char *as_of, int64_t *id, int *created)
{
	*created = 0;
	*id = 0;
	int rc = db_begin(d);
	if (rc != DB_OK)
		return rc;
	*id = active_run(d, org_id);
	if (!*id) {
		char now[32];
		now_iso(now);
		rc = db_exec(d,
		             "INSERT INTO forecast_runs(org_id, trigger, requested_by, created_at, "
		             "horizon, as_of) VALUES (?, ?, NULLIF(?, 0), ?, ?, NULLIF(?, ''))",
		             "ititit", org_id, trigger, user_id, now, (int64_t)horizon,
		             as_of ? as_of : "");
		/* The partial unique index is the rule itself: a run queued meanwhile by
		 * another connection (the schedule) wins, and this request gets it. */
		if (rc == DB_CONSTRAINT) {
			*id = active_run(d, org_id);
			rc = *id ? DB_OK : DB_ERR;
		} else if (rc == DB_OK) {
			*id = db_last_id(d);
			*created = 1;
		}
	}
	if (rc == DB_OK)
		return db_commit(d);
	db_rollback(d);
	return rc;
}

int fstore_claim(db *d, struct fstore_run *out)
{
	memset(out, 0, sizeof *out);
	int rc = db_begin(d);
	if (rc != DB_OK)
		return rc;
	db_stmt *s = db_prepare(d, "SELECT id, org_id, trigger, horizon, as_of FROM forecast_runs"
	                           " WHERE status = 'queued' ORDER BY id LIMIT 1");
	int step = db_step(s);
	if (step == DB_ROW) {
		out->id = db_col_int(s, 0);
		out->org_id = db_col_int(s, 1);
		out->schedule = util_streq(db_col_text(s, 2), "schedule");
		out->horizon = (int)db_col_int(s, 3);
		if (!db_col_is_null(s, 4))
			util_strlcpy(out->as_of, db_col_text(s, 4), sizeof out->as_of);
	}
	db_finalize(s);
	if (step != DB_ROW) {
		db_rollback(d);
		return step == DB_DONE ? 0 : step;
	}
	char now[32];
	now_iso(now);
	/* queued -> running only from queued: a second claimer finds no row to change */
	rc = db_exec(
	        d,
	        "UPDATE forecast_runs SET status = 'running', stage = 'loading', started_at = ?"
	        " WHERE id = ? AND status = 'queued'",
	        "ti", now, out->id);
	if (rc == DB_OK && db_changes(d) != 1)
		rc = DB_BUSY;
	if (rc != DB_OK) {
		db_rollback(d);
		return rc == DB_BUSY ? 0 : rc;
	}
	rc = db_commit(d);
	return rc == DB_OK ? 1 : rc;
}

int fstore_progress(db *d, int64_t run_id, const char *stage, int done, int total)
{
	return db_exec(d,
	               "UPDATE forecast_runs SET stage = ?, progress_done = ?, progress_total = ?"
	               " WHERE id = ? AND status = 'running'",
	               "tiii", stage, (int64_t)done, (int64_t)total, run_id);
}

int fstore_requeue(db *d, int64_t run_id)
{
	return db_exec(d,
	               "UPDATE forecast_runs SET status = 'queued', stage = 'queued', started_at = "
	               "NULL, progress_done = 0, progress_total = 0 WHERE id = ? AND status = "
	               "'running'",
	               "i", run_id);
}

int fstore_fail(db *d, int64_t run_id, int64_t duration_ms, const char *error)
{
	char now[32];
	now_iso(now);
	return db_exec(d,
	               "UPDATE forecast_runs SET status = 'failed', stage = 'finished', "
	               "finished_at = ?, duration_ms = ?, error = ? WHERE id = ? AND status = "
	               "'running'",
	               "titi", now, duration_ms, error, run_id);
}

int fstore_recover(db *d, const char *error)
{
	char now[32];
	now_iso(now);
	int rc = db_exec(d,
	                 "UPDATE forecast_runs SET status = 'failed', stage = 'finished', "
	                 "finished_at = ?, error = ? WHERE status = 'running'",
	                 "tt", now, error);
	return rc == DB_OK ? db_changes(d) : rc;
}

/* ------------------------------------------------------------------ inputs */

static int load_products(db *d, int64_t org_id, struct fstore_inputs *in)
{
	size_t cap = 0;
	db_stmt *s = db_preparef(d,
	                         "SELECT id, sku FROM products WHERE org_id = ? AND kind = "
	                         "'single' AND active = 1 ORDER BY id",
	                         "i", org_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		size_t c2 = cap;
		in->products = grow(in->products, &cap, in->nproducts, sizeof *in->products);
		in->skus = grow(in->skus, &c2, in->nproducts, sizeof *in->skus);
		in->products[in->nproducts] = db_col_int(s, 0);
		util_strlcpy(in->skus[in->nproducts], db_col_text(s, 1), sizeof in->skus[0]);
		in->nproducts++;
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Appends the rows of s (id, product_id, type, qty, date, reverses) to in->moves and
 * finalizes s; DB_OK or the step's error. Rows with a date that is not one are skipped. */
static int read_moves(db_stmt *s, struct fstore_inputs *in)
{
	size_t cap = in->nmoves;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		int day = day_or_min(db_col_text(s, 4));
		if (day == INT32_MIN)
			continue;
		in->moves = grow(in->moves, &cap, in->nmoves, sizeof *in->moves);
		in->moves[in->nmoves++] = (struct demand_move){
		        .id = db_col_int(s, 0),
		        .product_id = db_col_int(s, 1),
		        .is_outbound = util_streq(db_col_text(s, 2), "outbound"),
		        .qty = db_col_int(s, 3),
		        .day = day,
		        .reverses = db_col_is_null(s, 5) ? 0 : db_col_int(s, 5),
		};
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* The same for sales history rows (product_id, day, qty) into in->sales. */
static int read_sales(db_stmt *s, struct fstore_inputs *in)
{
	size_t cap = in->nsales;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		int day = day_or_min(db_col_text(s, 1));
		if (day == INT32_MIN)
			continue;
		in->sales = grow(in->sales, &cap, in->nsales, sizeof *in->sales);
		in->sales[in->nsales++] =
		        (struct demand_sale){db_col_int(s, 0), day, db_col_int(s, 2)};
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Outbound rows count as demand unless reversed; reversal rows say which are. One
 * statement, so both come from the same snapshot. Reversal rows keep the date of what
 * they reverse, and are read whatever their date all the same. */
static int load_moves(db *d, int64_t org_id, const char *last_date, struct fstore_inputs *in)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT id, product_id, type, qty, date, reverses FROM movements"
	                         " WHERE org_id = ? AND ((type = 'outbound' AND date <= ?) OR"
	                         " type = 'reversal')",
	                         "it", org_id, last_date);
	return read_moves(s, in);
}

/* Imported sales history as it stands: the view of migration 010 applies the period rule
 * (a newer batch replaces older batches' days for its products; undone batches count not). */
static int load_sales(db *d, int64_t org_id, const char *last_date, struct fstore_inputs *in)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT product_id, day, qty FROM sales_history_standing"
	                         " WHERE org_id = ? AND day <= ?",
	                         "it", org_id, last_date);
	return read_sales(s, in);
}

static int load_bom(db *d, int64_t org_id, struct fstore_inputs *in)
{
	size_t cap = 0;
	db_stmt *s = db_preparef(
	        d, "SELECT set_id, component_id, qty FROM set_components WHERE org_id = ?", "i",
	        org_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		in->bom = grow(in->bom, &cap, in->nbom, sizeof *in->bom);
		in->bom[in->nbom++] =
		        (struct demand_bom){db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2)};
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

static int load_events(db *d, int64_t org_id, struct fstore_inputs *in)
{
	size_t cap = 0;
	db_stmt *s = db_preparef(d,
	                         "SELECT name, date, days_before, days_after FROM events WHERE "
	                         "org_id = ? ORDER BY date, id",
	                         "i", org_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		in->events = grow(in->events, &cap, in->nevents, sizeof *in->events);
		struct fstore_event *e = &in->events[in->nevents++];
		util_strlcpy(e->name, db_col_text(s, 0), sizeof e->name);
		util_strlcpy(e->date, db_col_text(s, 1), sizeof e->date);
		e->before = (int)db_col_int(s, 2);
		e->after = (int)db_col_int(s, 3);
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* The ids whose rows make a product's demand: its own and the sets that hold it. */
#define DEMAND_IDS                                                                                 \
	"(SELECT ? UNION SELECT set_id FROM set_components WHERE org_id = ? AND component_id = ?)"

/* The product's own rows and those of the sets that hold it (see the header). The unary
 * plus keeps the organisation's filter off the index choice: SQLite would otherwise walk
 * the organisation's whole ledger by (org_id, user_id, date) instead of the few products'
 * rows by (product_id, date) — 60 ms against 1 ms on the demo shop. */
static int load_product_rows(db *d, int64_t org_id, int64_t pid, const char *last_date,
                             struct fstore_inputs *in)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT id, product_id, type, qty, date, reverses FROM movements"
	                         " WHERE product_id IN " DEMAND_IDS " AND +org_id = ?"
	                         " AND ((type = 'outbound' AND date <= ?) OR type = 'reversal')",
	                         "iiiit", pid, org_id, pid, org_id, last_date);
	int rc = read_moves(s, in);
	if (rc != DB_OK)
		return rc;
	s = db_preparef(d,
	                "SELECT product_id, day, qty FROM sales_history_standing WHERE product_id "
	                "IN " DEMAND_IDS " AND org_id = ? AND day <= ?",
	                "iiiit", pid, org_id, pid, org_id, last_date);
	return read_sales(s, in);
}

int fstore_load_product_inputs(db *d, int64_t org_id, int64_t product_id, const char *last_date,
                               struct fstore_inputs *in)
{
	memset(in, 0, sizeof *in);
	in->products = xmalloc(sizeof *in->products);
	in->products[0] = product_id;
	in->nproducts = 1;
	int rc = db_begin_read(d);
	if (rc != DB_OK) {
		fstore_inputs_free(in);
		return rc;
	}
	rc = load_product_rows(d, org_id, product_id, last_date, in);
	size_t cap = 0;
	db_stmt *s = db_preparef(d,
	                         "SELECT set_id, component_id, qty FROM set_components WHERE "
	                         "org_id = ? AND component_id = ?",
	                         "ii", org_id, product_id);
	int step = DB_DONE;
	while (rc == DB_OK && (step = db_step(s)) == DB_ROW) {
		in->bom = grow(in->bom, &cap, in->nbom, sizeof *in->bom);
		in->bom[in->nbom++] =
		        (struct demand_bom){db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2)};
	}
	if (rc == DB_OK && step != DB_DONE)
		rc = step;
	db_finalize(s);
	db_rollback(d);
	if (rc != DB_OK)
		fstore_inputs_free(in);
	return rc;
}

int fstore_load_inputs(db *d, int64_t org_id, const char *last_date, struct fstore_inputs *in)
{
	memset(in, 0, sizeof *in);
	int rc = load_products(d, org_id, in);
	if (rc == DB_OK)
		rc = load_moves(d, org_id, last_date, in);
	if (rc == DB_OK)
		rc = load_sales(d, org_id, last_date, in);
	if (rc == DB_OK)
		rc = load_bom(d, org_id, in);
	if (rc == DB_OK)
		rc = load_events(d, org_id, in);
	if (rc != DB_OK)
		fstore_inputs_free(in);
	return rc;
}

void fstore_inputs_free(struct fstore_inputs *in)
{
	free(in->products);
	free(in->skus);
	free(in->moves);
	free(in->sales);
	free(in->bom);
	free(in->events);
	memset(in, 0, sizeof *in);
}

int fstore_models_load(db *d, int64_t org_id, void **blob, size_t *len, char trained_at[32],
                       int *horizon)
{
	*blob = NULL;
	*len = 0;
	db_stmt *s = db_preparef(
	        d, "SELECT blob, trained_at, horizon FROM forecast_models WHERE org_id = ?", "i",
	        org_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		size_t n = 0;
		const void *b = db_col_blob(s, 0, &n);
		*blob = xmalloc(n ? n : 1);
		if (n)
			memcpy(*blob, b, n);
		*len = n;
		util_strlcpy(trained_at, db_col_text(s, 1), 32);
		*horizon = (int)db_col_int(s, 2);
	}
	db_finalize(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

/* ------------------------------------------------------------------ results */

static void bind_metric(db_stmt *s, int idx, double v)
{
	if (isfinite(v))
		db_bind_double(s, idx, v);
	else
		db_bind_null(s, idx);
}

static int insert_result(db_stmt *s, const struct fstore_done *done, const struct fstore_result *r)
{
	int ok = util_streq(r->status, "ok");
	db_reset(s);
	db_bind_int(s, 1, done->run_id);
	db_bind_int(s, 2, done->org_id);
	db_bind_int(s, 3, r->product_id);
	db_bind_text(s, 4, r->status);
	db_bind_text(s, 5, r->reason ? r->reason : "");
	db_bind_int(s, 6, r->history_days);
	db_bind_text(s, 7, r->history_first_date);
	db_bind_double(s, 8, r->history_total);
	db_bind_int(s, 9, r->min_history_days);
	db_bind_text(s, 10, ok ? r->model : NULL);
	db_bind_text(s, 11, ok && r->detail ? r->detail : "");
	db_bind_text(s, 12, ok && r->note ? r->note : "");
	const double m[5] = {r->mae, r->rmse, r->mase, r->wape, r->bias};
	for (int k = 0; k < 5; k++)
		bind_metric(s, 13 + k, ok ? m[k] : NAN);
	for (int k = 0; k < 3; k++)
		for (int j = 0; j < 4; j++)
			bind_metric(s, 18 + k * 4 + j, ok ? r->totals[k][j] : NAN);
	int rc = db_step(s);
	return rc == DB_DONE ? DB_OK : rc;
}

static int insert_days(db_stmt *s, const struct fstore_done *done, const struct fstore_result *r)
{
	for (int t = 0; t < done->horizon; t++) {
		char date[11];
		date_format(done->first_day + t, date);
		db_reset(s);
		db_bind_int(s, 1, done->run_id);
		db_bind_int(s, 2, r->product_id);
		db_bind_text(s, 3, date);
		db_bind_double(s, 4, r->mean[t]);
		for (int j = 0; j < 3; j++)
			db_bind_double(s, 5 + j, r->quant[t * r->nq + r->qidx[j]]);
		int rc = db_step(s);
		if (rc != DB_DONE)
			return rc;
	}
	return DB_OK;
}

/* The cumulative totals at every level the run computed (read by the service-level rule). */
static int insert_total_quantiles(db_stmt *s, const struct fstore_done *done,
                                  const struct fstore_result *r)
{
	for (int k = 0; r->total_quant && k < 3; k++) {
		if (r->total_days[k] <= 0)
			continue;
		for (int j = 0; j < r->nq; j++) {
			double q = r->total_quant[k * r->total_stride + j];
			if (!isfinite(q))
				continue;
			db_reset(s);
			db_bind_int(s, 1, done->run_id);
			db_bind_int(s, 2, r->product_id);
			db_bind_int(s, 3, r->total_days[k]);
			db_bind_double(s, 4, r->levels[j]);
			db_bind_double(s, 5, q);
			int rc = db_step(s);
			if (rc != DB_DONE)
				return rc < 0 ? rc : DB_ERR;
		}
	}
	return DB_OK;
}

/* The candidates the engine ranked for one product (migration 014), rank from 1. */
static int insert_candidates(db_stmt *s, const struct fstore_done *done,
                             const struct fstore_result *r)
{
	for (int c = 0; c < r->ncand; c++) {
		const struct fstore_candidate *cd = &r->cands[c];
		db_reset(s);
		db_bind_int(s, 1, done->run_id);
		db_bind_int(s, 2, done->org_id);
		db_bind_int(s, 3, r->product_id);
		db_bind_int(s, 4, c + 1);
		db_bind_text(s, 5, cd->model);
		db_bind_int(s, 6, cd->ok != 0);
		const double m[6] = {cd->mae, cd->rmse, cd->mase, cd->wape, cd->bias, cd->score};
		for (int k = 0; k < 6; k++)
			bind_metric(s, 7 + k, cd->ok ? m[k] : NAN);
		db_bind_int(s, 13, cd->chosen != 0);
		db_bind_int(s, 14, cd->part_of_combo != 0);
		int rc = db_step(s);
		if (rc != DB_DONE)
			return rc < 0 ? rc : DB_ERR;
	}
	return DB_OK;
}

static int save_models(db *d, const struct fstore_done *done)
{
	char now[32];
	now_iso(now);
	int rc = db_exec(d, "DELETE FROM forecast_models WHERE org_id = ?", "i", done->org_id);
	if (rc == DB_OK)
		rc = db_exec(d,
		             "INSERT INTO forecast_models(org_id, run_id, trained_at, horizon, "
		             "models, blob) VALUES (?, ?, ?, ?, ?, ?)",
		             "iitiib", done->org_id, done->run_id, now,
		             (int64_t)done->models_horizon, (int64_t)done->models_mask,
		             done->models, done->models_len);
	return rc;
}

static int mark_done(db *d, const struct fstore_done *done, size_t nok, size_t nskip)
{
	char now[32];
	now_iso(now);
	int rc = db_exec(d,
	                 "UPDATE forecast_runs SET status = 'done', stage = 'finished', "
	                 "finished_at = ?, duration_ms = ?, options = ?, last_history_date = ?,"
	                 " products_forecast = ?, products_skipped = ?, progress_done = "
	                 "progress_total WHERE id = ? AND status = 'running'",
	                 "tittiii", now, done->duration_ms, done->options, done->last_history_date,
	                 (int64_t)nok, (int64_t)nskip, done->run_id);
	if (rc == DB_OK && db_changes(d) != 1)
		rc = DB_ERR; /* no longer running: another hand finished it */
	return rc;
}

int fstore_save(db *d, const struct fstore_done *done, const struct fstore_result *res, size_t n)
{
	int rc = db_begin(d);
	if (rc != DB_OK)
		return rc;
	db_stmt *rs = db_prepare(
	        d, "INSERT INTO forecast_results(run_id, org_id, product_id, status, reason, "
	           "history_days, history_first_date, history_total, min_history_days, model, "
	           "model_detail, engine_note, mae, rmse, mase, wape, bias, t30_mean, t30_p10, "
	           "t30_p50, t30_p90, t60_mean, t60_p10, t60_p50, t60_p90, t90_mean, t90_p10, "
	           "t90_p50, t90_p90) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	           "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	db_stmt *ds = db_prepare(d, "INSERT INTO forecast_days(run_id, product_id, date, mean, "
	                            "p10, p50, p90) VALUES (?, ?, ?, ?, ?, ?, ?)");
	db_stmt *qs = db_prepare(d, "INSERT INTO forecast_total_quantiles(run_id, product_id, days,"
	                            " level, qty) VALUES (?, ?, ?, ?, ?)");
	db_stmt *cs = db_prepare(
	        d, "INSERT INTO forecast_candidates(run_id, org_id, product_id, rank, model, ok, "
	           "cv_mae, cv_rmse, cv_mase, cv_wape, cv_bias, score, chosen, part_of_combo) "
	           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	size_t nok = 0;
	for (size_t i = 0; i < n && rc == DB_OK; i++) {
		rc = insert_result(rs, done, &res[i]);
		if (rc == DB_OK && util_streq(res[i].status, "ok")) {
			rc = insert_days(ds, done, &res[i]);
			if (rc == DB_OK)
				rc = insert_total_quantiles(qs, done, &res[i]);
			if (rc == DB_OK)
				rc = insert_candidates(cs, done, &res[i]);
			nok++;
		}
	}
	db_finalize(rs);
	db_finalize(ds);
	db_finalize(qs);
	db_finalize(cs);
	if (rc == DB_OK && done->models)
		rc = save_models(d, done);
	if (rc == DB_OK)
		rc = mark_done(d, done, nok, n - nok);
	if (rc != DB_OK) {
		log_warn("msg=\"forecast results not saved\" run=%lld rc=%d error=\"%s\"",
		         (long long)done->run_id, rc, db_errmsg(d));
		db_rollback(d);
		return rc;
	}
	return db_commit(d);
}

/* ------------------------------------------------------------------ the schedule */

int fstore_schedule_list(db *d, struct fstore_org_slot **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	db_stmt *s = db_prepare(
	        d, "SELECT o.id, o.forecast_hour, (SELECT max(created_at) FROM forecast_runs r"
	           " WHERE r.org_id = o.id) FROM orgs o WHERE EXISTS (SELECT 1 FROM products p"
	           " WHERE p.org_id = o.id AND p.kind = 'single' AND p.active = 1) ORDER BY o.id");
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = grow(*out, &cap, *n, sizeof **out);
		struct fstore_org_slot *o = &(*out)[(*n)++];
		o->org_id = db_col_int(s, 0);
		o->hour = (int)db_col_int(s, 1);
		util_strlcpy(o->last_created, db_col_text(s, 2) ? db_col_text(s, 2) : "",
		             sizeof o->last_created);
	}
	db_finalize(s);
	if (rc != DB_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return rc;
	}
	return DB_OK;
}

/* ------------------------------------------------------------------ answers */

/* Adds n to parts[name] for each model of a chosen forecast: "ets", or the members of
 * "combo(dow+prophet+gbm)". */
static void count_parts(json_t *parts, const char *model, int64_t n)
{
	const char *p = model, *end = model + strlen(model);
	if (util_has_prefix(model, "combo(") && end > model + 6 && end[-1] == ')') {
		p = model + 6;
		end--;
	}
	while (p < end) {
		const char *plus = memchr(p, '+', (size_t)(end - p));
		const char *stop = plus ? plus : end;
		char name[64];
		size_t len =
		        (size_t)(stop - p) < sizeof name - 1 ? (size_t)(stop - p) : sizeof name - 1;
		memcpy(name, p, len);
		name[len] = '\0';
		json_t *have = json_object_get(parts, name);
		json_object_set_new(parts, name,
		                    json_integer((have ? json_integer_value(have) : 0) + n));
		p = stop + 1;
	}
}

/* How many products got each chosen forecast ({model: products}, most used first), and
 * each model's share in them (a combination counts for each of its members). */
static void model_counts(db *d, int64_t run_id, json_t **models, json_t **parts)
{
	*models = json_object();
	*parts = json_object();
	db_stmt *s = db_preparef(d,
	                         "SELECT model, COUNT(*) FROM forecast_results WHERE run_id = ? "
	                         "AND status = 'ok' GROUP BY model ORDER BY COUNT(*) DESC, model",
	                         "i", run_id);
	while (db_step(s) == DB_ROW) {
		json_object_set_new(*models, db_col_text(s, 0), json_integer(db_col_int(s, 1)));
		count_parts(*parts, db_col_text(s, 0), db_col_int(s, 1));
	}
	db_finalize(s);
}

#define RUN_COLS                                                                                   \
	"r.id, r.status, r.trigger, r.requested_by, u.name, r.created_at, r.started_at,"           \
	" r.finished_at, r.duration_ms, r.horizon, r.stage, r.progress_done, r.progress_total,"    \
	" r.last_history_date, r.products_forecast, r.products_skipped, r.options, r.error,"       \
	" r.as_of"
#define RUN_FROM " FROM forecast_runs r LEFT JOIN users u ON u.id = r.requested_by"

static json_t *run_row_json(db *d, db_stmt *s)
{
	json_t *o = json_object();
	int64_t id = db_col_int(s, 0);
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "status", json_string(db_col_text(s, 1)));
	json_object_set_new(o, "trigger", json_string(db_col_text(s, 2)));
	json_object_set_new(o, "requested_by",
	                    db_col_is_null(s, 3)
	                            ? json_null()
	                            : json_pack("{s:I, s:s}", "id", (json_int_t)db_col_int(s, 3),
	                                        "name",
	                                        db_col_text(s, 4) ? db_col_text(s, 4) : ""));
	json_object_set_new(o, "created_at", json_string(db_col_text(s, 5)));
	json_object_set_new(o, "started_at", row_text(s, 6));
	json_object_set_new(o, "finished_at", row_text(s, 7));
	json_object_set_new(o, "duration_ms", row_int(s, 8));
	json_object_set_new(o, "horizon", json_integer(db_col_int(s, 9)));
	json_object_set_new(o, "stage", json_string(db_col_text(s, 10)));
	json_object_set_new(o, "progress",
	                    json_pack("{s:I, s:I}", "done", (json_int_t)db_col_int(s, 11), "total",
	                              (json_int_t)db_col_int(s, 12)));
	json_object_set_new(o, "last_history_date", row_text(s, 13));
	json_object_set_new(
	        o, "products",
	        json_pack("{s:o, s:o}", "forecast", row_int(s, 14), "skipped", row_int(s, 15)));
	json_t *models, *parts;
	model_counts(d, id, &models, &parts);
	json_object_set_new(o, "models", models);
	json_object_set_new(o, "model_parts", parts);
	json_t *opts = json_loads(db_col_text(s, 16), 0, NULL);
	json_object_set_new(o, "options", opts ? opts : json_object());
	json_object_set_new(o, "error", row_text(s, 17));
	json_object_set_new(o, "as_of", row_text(s, 18));
	return o;
}

json_t *fstore_run_json(db *d, int64_t org_id, int64_t id)
{
	db_stmt *s = db_preparef(d, "SELECT " RUN_COLS RUN_FROM " WHERE r.id = ? AND r.org_id = ?",
	                         "ii", id, org_id);
	json_t *o = db_step(s) == DB_ROW ? run_row_json(d, s) : NULL;
	db_finalize(s);
	return o;
}

json_t *fstore_runs_json(db *d, int64_t org_id, int64_t limit, int64_t offset)
{
	json_t *items = json_array();
	db_stmt *s = db_preparef(d,
	                         "SELECT " RUN_COLS RUN_FROM
	                         " WHERE r.org_id = ? ORDER BY r.id DESC LIMIT ? OFFSET ?",
	                         "iii", org_id, limit, offset);
	while (db_step(s) == DB_ROW)
		json_array_append_new(items, run_row_json(d, s));
	db_finalize(s);
	int64_t total =
	        db_int(d, 0, "SELECT COUNT(*) FROM forecast_runs WHERE org_id = ?", "i", org_id);
	return json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
}

static json_t *quantiles_json(db_stmt *s, int col)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "mean", row_real(s, col), "p10",
	                 row_real(s, col + 1), "p50", row_real(s, col + 2), "p90",
	                 row_real(s, col + 3));
}

static json_t *days_json(db *d, int64_t run_id, int64_t product_id)
{
	json_t *a = json_array();
	db_stmt *s = db_preparef(d,
	                         "SELECT date, mean, p10, p50, p90 FROM forecast_days WHERE "
	                         "run_id = ? AND product_id = ? ORDER BY date",
	                         "ii", run_id, product_id);
	while (db_step(s) == DB_ROW)
		json_array_append_new(
		        a, json_pack("{s:s, s:f, s:f, s:f, s:f}", "date", db_col_text(s, 0), "mean",
		                     db_col_double(s, 1), "p10", db_col_double(s, 2), "p50",
		                     db_col_double(s, 3), "p90", db_col_double(s, 4)));
	db_finalize(s);
	return a;
}

#define RESULT_COLS                                                                                \
	"status, reason, history_days, history_first_date, min_history_days, model, "              \
	"model_detail, engine_note, mae, rmse, mase, wape, bias, t30_mean, t30_p10, t30_p50, "     \
	"t30_p90, t60_mean, t60_p10, t60_p50, t60_p90, t90_mean, t90_p10, t90_p50, t90_p90, "      \
	"history_total"

static json_t *forecast_json(db *d, db_stmt *s, const char *sku, int64_t run_id, int64_t product_id,
                             const char *finished_at)
{
	json_t *o = json_object();
	json_object_set_new(o, "sku", json_string(sku));
	json_object_set_new(o, "run_id", json_integer(run_id));
	json_object_set_new(o, "finished_at", json_string(finished_at));
	json_object_set_new(o, "model", json_string(db_col_text(s, 5)));
	json_object_set_new(o, "model_detail", json_string(db_col_text(s, 6)));
	json_object_set_new(o, "note", json_string(db_col_text(s, 7)));
	json_object_set_new(o, "history_days", json_integer(db_col_int(s, 2)));
	json_object_set_new(o, "history_first_date", row_text(s, 3));
	json_object_set_new(o, "history_total", json_real(db_col_double(s, 25)));
	json_object_set_new(o, "metrics",
	                    json_pack("{s:o, s:o, s:o, s:o, s:o}", "mae", row_real(s, 8), "rmse",
	                              row_real(s, 9), "mase", row_real(s, 10), "wape",
	                              row_real(s, 11), "bias", row_real(s, 12)));
	json_object_set_new(o, "totals",
	                    json_pack("{s:o, s:o, s:o}", "30", quantiles_json(s, 13), "60",
	                              quantiles_json(s, 17), "90", quantiles_json(s, 21)));
	json_object_set_new(o, "days", days_json(d, run_id, product_id));
	return o;
}

int64_t fstore_planning_run(db *d, int64_t org_id)
{
	return db_int(d, 0,
	              "SELECT id FROM forecast_runs WHERE org_id = ? AND status = 'done'"
	              " ORDER BY last_history_date DESC, id DESC LIMIT 1",
	              "i", org_id);
}

int fstore_product_forecast(db *d, int64_t org_id, const char *sku, json_t **out,
                            struct fstore_why *why)
{
	*out = NULL;
	memset(why, 0, sizeof *why);
	db_stmt *s =
	        db_preparef(d, "SELECT id, kind, active FROM products WHERE org_id = ? AND sku = ?",
	                    "it", org_id, sku);
	int rc = db_step(s);
	int64_t product_id = rc == DB_ROW ? db_col_int(s, 0) : 0;
	int is_set = rc == DB_ROW && util_streq(db_col_text(s, 1), "set");
	why->active = rc == DB_ROW && db_col_int(s, 2) != 0;
	db_finalize(s);
	if (rc != DB_ROW) {
		why->kind = FSTORE_NO_SKU;
		return rc == DB_DONE ? DB_DONE : rc;
	}
	if (is_set) {
		why->kind = FSTORE_IS_SET;
		return DB_DONE;
	}
	s = db_preparef(d, "SELECT id, finished_at FROM forecast_runs WHERE id = ? AND org_id = ?",
	                "ii", fstore_planning_run(d, org_id), org_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		why->run_id = db_col_int(s, 0);
		util_strlcpy(why->finished_at, db_col_text(s, 1), sizeof why->finished_at);
	}
	db_finalize(s);
	if (rc != DB_ROW) {
		why->kind = FSTORE_NO_RUN;
		return rc == DB_DONE ? DB_DONE : rc;
	}
	s = db_preparef(d,
	                "SELECT " RESULT_COLS " FROM forecast_results WHERE run_id = ? AND "
	                "product_id = ?",
	                "ii", why->run_id, product_id);
	rc = db_step(s);
	if (rc == DB_ROW && util_streq(db_col_text(s, 0), "ok")) {
		*out = forecast_json(d, s, sku, why->run_id, product_id, why->finished_at);
		db_finalize(s);
		return DB_OK;
	}
	if (rc == DB_ROW) {
		why->kind = util_streq(db_col_text(s, 0), "no_history") ? FSTORE_NO_HISTORY
		                                                        : FSTORE_TOO_LITTLE_HISTORY;
		util_strlcpy(why->reason, db_col_text(s, 1), sizeof why->reason);
		why->history_days = (int)db_col_int(s, 2);
		why->min_history_days = (int)db_col_int(s, 4);
	} else {
		why->kind = FSTORE_NOT_IN_RUN;
	}
	db_finalize(s);
	return rc == DB_ROW || rc == DB_DONE ? DB_DONE : rc;
}

static double col_metric(db_stmt *s, int col)
{
	return db_col_is_null(s, col) ? NAN : db_col_double(s, col);
}

int fstore_candidates(db *d, int64_t org_id, int64_t run_id, int64_t product_id,
                      struct fstore_cand_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	db_stmt *s = db_preparef(d,
	                         "SELECT rank, model, ok, cv_mae, cv_rmse, cv_mase, cv_wape, "
	                         "cv_bias, score, chosen, part_of_combo FROM forecast_candidates "
	                         "WHERE org_id = ? AND run_id = ? AND product_id = ? ORDER BY rank",
	                         "iii", org_id, run_id, product_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = grow(*out, &cap, *n, sizeof **out);
		struct fstore_cand_row *c = &(*out)[(*n)++];
		c->rank = (int)db_col_int(s, 0);
		util_strlcpy(c->model, db_col_text(s, 1), sizeof c->model);
		c->ok = db_col_int(s, 2) != 0;
		c->mae = col_metric(s, 3);
		c->rmse = col_metric(s, 4);
		c->mase = col_metric(s, 5);
		c->wape = col_metric(s, 6);
		c->bias = col_metric(s, 7);
		c->score = col_metric(s, 8);
		c->chosen = db_col_int(s, 9) != 0;
		c->part_of_combo = db_col_int(s, 10) != 0;
	}
	db_finalize(s);
	if (rc != DB_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return rc;
	}
	return DB_OK;
}
