/* overrides.c — every SQL statement of manual corrections (see overrides.h and
 * migrations/012_forecast_overrides.sql). */
#include "overrides.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "util.h"
#include "row_json.h"

/* ------------------------------------------------------------------ helpers */

static int64_t day_of(const char *s)
{
	return date_day_or(s, 0);
}

static void now_iso(char out[32])
{
	util_utc_iso(util_now(), out);
}

/* {"id","name"} of a member column pair, or null. */
/* ------------------------------------------------------------------ inputs */

int ovr_product_find(db *d, int64_t org_id, const char *sku, struct ovr_product *p)
{
	memset(p, 0, sizeof *p);
	db_stmt *s = db_preparef(
	        d, "SELECT id, kind, active, moq FROM products WHERE org_id = ? AND sku = ?", "it",
	        org_id, sku);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		p->id = db_col_int(s, 0);
		p->is_set = util_streq(db_col_text(s, 1), "set");
		p->active = db_col_int(s, 2) != 0;
		p->moq = db_col_int(s, 3);
	}
	db_finalize(s);
	return rc == DB_ROW ? DB_OK : rc;
}

int ovr_model_load(db *d, int64_t org_id, int64_t product_id, struct ovr_model *m)
{
	memset(m, 0, sizeof *m);
	m->run_id = db_int(d, 0,
	                   "SELECT id FROM forecast_runs WHERE org_id = ? AND status = 'done' "
	                   "ORDER BY last_history_date DESC, id DESC LIMIT 1",
	                   "i", org_id);
	if (!m->run_id)
		return DB_DONE;
	db_stmt *s = db_preparef(d,
	                         "SELECT date, mean FROM forecast_days WHERE run_id = ? AND "
	                         "product_id = ? ORDER BY date",
	                         "ii", m->run_id, product_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW && m->ndays < PLAN_HORIZON_MAX) {
		if (m->ndays == 0)
			m->first_day = day_of(db_col_text(s, 0));
		m->mean[m->ndays++] = db_col_double(s, 1);
	}
	db_finalize(s);
	if (rc < 0)
		return rc;
	return m->ndays > 0 ? DB_OK : DB_DONE;
}

int ovr_active_days(db *d, int64_t product_id, int64_t from_day, int64_t to_day,
                    struct ovr_day **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	char from[11], to[11];
	date_format(from_day, from);
	date_format(to_day, to);
	size_t cap = 0;
	db_stmt *s = db_preparef(d,
	                         "SELECT date, qty FROM forecast_override_days WHERE product_id = "
	                         "? AND active = 1 AND date BETWEEN ? AND ? ORDER BY date",
	                         "itt", product_id, from, to);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[*n].day = day_of(db_col_text(s, 0));
		(*out)[(*n)++].qty = db_col_double(s, 1);
	}
	db_finalize(s);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return rc;
	}
	return DB_OK;
}

/* ------------------------------------------------------------------ writing */

/* Ends every correction in ids[0..n) that has no active day left, as replaced by `by`. */
static int end_replaced(db *d, const int64_t *ids, size_t n, int64_t by, int64_t user_id,
                        const char *now)
{
	int rc = DB_OK;
	for (size_t i = 0; rc == DB_OK && i < n; i++)
		rc = db_exec(d,
		             "UPDATE forecast_overrides SET status = 'replaced', replaced_by = ?, "
		             "ended_by = ?, ended_at = ? WHERE id = ? AND status = 'standing' AND "
		             "NOT EXISTS (SELECT 1 FROM forecast_override_days WHERE override_id = "
		             "forecast_overrides.id AND active = 1)",
		             "iiti", by, user_id, now, ids[i]);
	return rc;
}

/* Deactivates the active quantity of product on day (if any), noting its correction. */
static int take_day(db *d, int64_t product_id, const char *date, int64_t **ids, size_t *n,
                    size_t *cap)
{
	int64_t older = db_int(d, 0,
	                       "SELECT override_id FROM forecast_override_days WHERE product_id "
	                       "= ? AND date = ? AND active = 1",
	                       "it", product_id, date);
	if (!older)
		return DB_OK;
	size_t i = 0;
	while (i < *n && (*ids)[i] != older)
		i++;
	if (i == *n) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 8;
			*ids = xrealloc(*ids, *cap * sizeof **ids);
		}
		(*ids)[(*n)++] = older;
	}
	return db_exec(d,
	               "UPDATE forecast_override_days SET active = 0 WHERE product_id = ? AND "
	               "date = ? AND active = 1",
	               "it", product_id, date);
}

int ovr_insert_forecast(db *d, int64_t org_id, const struct ovr_new_forecast *in, int64_t *id)
{
	*id = 0;
	if (in->ndays == 0)
		return DB_ERR;
	char now[32], first[11], last[11];
	now_iso(now);
	date_format(in->days[0].day, first);
	date_format(in->days[in->ndays - 1].day, last);
	int rc = db_begin(d);
	if (rc != DB_OK)
		return rc;
	db_stmt *s = db_preparef(
	        d,
	        "INSERT INTO forecast_overrides(org_id, product_id, kind, window_days, first_date, "
	        "last_date, run_id, qty, old_qty, model_qty, reason, created_by, created_at) "
	        "VALUES (?, ?, 'forecast', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	        "ii", org_id, in->product_id);
	if (in->window_days > 0)
		db_bind_int(s, 3, in->window_days);
	else
		db_bind_null(s, 3);
	db_bind_text(s, 4, first);
	db_bind_text(s, 5, last);
	db_bind_int(s, 6, in->run_id);
	db_bind_double(s, 7, in->qty);
	db_bind_double(s, 8, in->old_qty);
	db_bind_double(s, 9, in->model_qty);
	db_bind_text(s, 10, in->reason);
	if (in->user_id)
		db_bind_int(s, 11, in->user_id);
	else
		db_bind_null(s, 11);
	db_bind_text(s, 12, now);
	rc = db_step(s);
	db_finalize(s);
	rc = rc == DB_DONE ? DB_OK : rc;
	if (rc == DB_OK)
		*id = db_last_id(d);
	int64_t *older = NULL;
	size_t nolder = 0, cap = 0;
	for (size_t i = 0; rc == DB_OK && i < in->ndays; i++) {
		char date[11];
		date_format(in->days[i].day, date);
		rc = take_day(d, in->product_id, date, &older, &nolder, &cap);
		if (rc == DB_OK)
			rc = db_exec(
			        d,
			        "INSERT INTO forecast_override_days(override_id, product_id, date, "
			        "qty, old_qty, model_qty) VALUES (?, ?, ?, ?, ?, ?)",
			        "iitddd", *id, in->product_id, date, in->days[i].qty,
			        in->days[i].old_qty, in->days[i].model_qty);
	}
	if (rc == DB_OK)
		rc = end_replaced(d, older, nolder, *id, in->user_id, now);
	free(older);
	if (rc != DB_OK) {
		db_rollback(d);
		*id = 0;
		return rc;
	}
	rc = db_commit(d);
	if (rc != DB_OK)
		*id = 0;
	return rc;
}

int ovr_order_qty_standing(db *d, int64_t product_id, int64_t *id, int64_t *qty)
{
	*id = 0;
	*qty = 0;
	db_stmt *s = db_preparef(d,
	                         "SELECT id, qty FROM forecast_overrides WHERE product_id = ? AND "
	                         "kind = 'order_qty' AND status = 'standing'",
	                         "i", product_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*id = db_col_int(s, 0);
		*qty = (int64_t)db_col_double(s, 1);
	}
	db_finalize(s);
	return rc == DB_ROW ? DB_OK : rc;
}

int ovr_insert_order_qty(db *d, int64_t org_id, int64_t product_id, int64_t user_id, int64_t qty,
                         const char *reason, int64_t *id)
{
	*id = 0;
	char now[32];
	now_iso(now);
	int rc = db_begin(d);
	if (rc != DB_OK)
		return rc;
	int64_t old_id = 0, old_qty = 0;
	rc = ovr_order_qty_standing(d, product_id, &old_id, &old_qty);
	rc = rc == DB_DONE ? DB_OK : rc;
	/* The standing one ends first (one standing per product), naming its successor's id:
	 * rows are never deleted, so the next id is one past the largest, and the key is
	 * checked at commit. */
	int64_t nid = db_int(d, 0, "SELECT COALESCE(MAX(id), 0) + 1 FROM forecast_overrides", "");
	if (rc == DB_OK && old_id)
		rc = db_exec(d,
		             "UPDATE forecast_overrides SET status = 'replaced', replaced_by = ?, "
		             "ended_by = ?, ended_at = ? WHERE id = ?",
		             "iiti", nid, user_id, now, old_id);
	if (rc == DB_OK) {
		db_stmt *s = db_preparef(d,
		                         "INSERT INTO forecast_overrides(id, org_id, product_id, "
		                         "kind, qty, old_qty, "
		                         "reason, created_by, created_at) VALUES (?, ?, ?, "
		                         "'order_qty', ?, ?, ?, ?, ?)",
		                         "iiid", nid, org_id, product_id, (double)qty);
		if (old_id)
			db_bind_double(s, 5, (double)old_qty);
		else
			db_bind_null(s, 5);
		db_bind_text(s, 6, reason);
		db_bind_int(s, 7, user_id);
		db_bind_text(s, 8, now);
		rc = db_step(s);
		db_finalize(s);
		rc = rc == DB_DONE ? DB_OK : rc;
	}
	if (rc != DB_OK) {
		db_rollback(d);
		return rc;
	}
	rc = db_commit(d);
	if (rc == DB_OK)
		*id = nid;
	return rc;
}

int ovr_info_load(db *d, int64_t org_id, int64_t id, int64_t today, struct ovr_info *info)
{
	memset(info, 0, sizeof *info);
	char t[11];
	date_format(today, t);
	db_stmt *s = db_preparef(
	        d,
	        "SELECT id, product_id, kind, status, EXISTS (SELECT 1 FROM "
	        "forecast_override_days WHERE override_id = o.id AND active = 1 AND date >= ?) "
	        "FROM forecast_overrides o WHERE id = ? AND org_id = ?",
	        "tii", t, id, org_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		info->id = db_col_int(s, 0);
		info->product_id = db_col_int(s, 1);
		info->is_forecast = util_streq(db_col_text(s, 2), "forecast");
		util_strlcpy(info->status, db_col_text(s, 3), sizeof info->status);
		int standing = util_streq(info->status, "standing");
		if (standing && info->is_forecast && !db_col_int(s, 4))
			util_strlcpy(info->status, "expired", sizeof info->status);
		info->standing = standing && (!info->is_forecast || db_col_int(s, 4));
	}
	db_finalize(s);
	return rc == DB_ROW ? DB_OK : rc;
}

int ovr_revert(db *d, int64_t org_id, int64_t id, int64_t user_id, const char *reason,
               double end_qty)
{
	char now[32];
	now_iso(now);
	int rc = db_begin(d);
	if (rc != DB_OK)
		return rc;
	/* the correction first: only a standing one of org ends, and only then its days */
	db_stmt *s = db_preparef(d,
	                         "UPDATE forecast_overrides SET status = 'reverted', ended_by = ?, "
	                         "ended_at = ?, end_reason = ?, end_qty = ? WHERE id = ? AND "
	                         "org_id = ? AND status = 'standing'",
	                         "itt", user_id, now, reason);
	if (end_qty >= 0)
		db_bind_double(s, 4, end_qty);
	else
		db_bind_null(s, 4);
	db_bind_int(s, 5, id);
	db_bind_int(s, 6, org_id);
	rc = db_step(s);
	db_finalize(s);
	rc = rc == DB_DONE ? (db_changes(d) == 1 ? DB_OK : DB_CONSTRAINT) : rc;
	if (rc == DB_OK)
		rc = db_exec(
		        d,
		        "UPDATE forecast_override_days SET active = 0 WHERE override_id = ? AND "
		        "active = 1",
		        "i", id);
	if (rc != DB_OK) {
		db_rollback(d);
		return rc;
	}
	return db_commit(d);
}

int ovr_standing_each(db *d, int64_t org_id, int64_t from_day,
                      int (*day)(void *ctx, int64_t product_id, int64_t day, double qty),
                      int (*order)(void *ctx, int64_t product_id, int64_t qty), void *ctx)
{
	char from[11];
	date_format(from_day, from);
	db_stmt *s = db_preparef(d,
	                         "SELECT d.product_id, d.date, d.qty FROM forecast_override_days d"
	                         " JOIN forecast_overrides o ON o.id = d.override_id"
	                         " WHERE o.org_id = ? AND o.status = 'standing' AND d.active = 1"
	                         " AND d.date >= ? ORDER BY d.product_id, d.date",
	                         "it", org_id, from);
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		if (day(ctx, db_col_int(s, 0), day_of(db_col_text(s, 1)), db_col_double(s, 2))) {
			rc = DB_ERR;
			break;
		}
	db_finalize(s);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERR;
	s = db_preparef(d,
	                "SELECT product_id, qty FROM forecast_overrides WHERE org_id = ? AND kind "
	                "= 'order_qty' AND status = 'standing'",
	                "i", org_id);
	while ((rc = db_step(s)) == DB_ROW)
		if (order(ctx, db_col_int(s, 0), (int64_t)db_col_double(s, 1))) {
			rc = DB_ERR;
			break;
		}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERR);
}

int64_t ovr_product_in_use(db *d, int64_t product_id)
{
	return db_int(d, 0, "SELECT COUNT(*) FROM forecast_overrides WHERE product_id = ?", "i",
	              product_id);
}

/* ------------------------------------------------------------------ answers */

/* "다음 30일 합계 (12월 2일 (수)~12월 31일 (목))", "12월 25일 (금) 외 2일", "추천 발주량". */
static json_t *target_json(const char *kind, int window_days, const char *first, const char *last,
                           int64_t ndays)
{
	if (!util_streq(kind, "forecast"))
		return json_string("추천 발주량");
	char a[PLAN_FMT_MAX], b[PLAN_FMT_MAX], out[160];
	plan_fmt_day(day_of(first), a, sizeof a);
	plan_fmt_day(day_of(last), b, sizeof b);
	if (window_days > 0)
		snprintf(out, sizeof out, "다음 %d일 합계 (%s~%s)", window_days, a, b);
	else if (ndays > 1)
		snprintf(out, sizeof out, "%s 외 %lld일", a, (long long)(ndays - 1));
	else
		snprintf(out, sizeof out, "%s", a);
	return json_string(out);
}

#define OVR_COLS                                                                                   \
	"o.id, o.kind, o.window_days, o.first_date, o.last_date, o.run_id, o.qty, o.old_qty, "     \
	"o.model_qty, o.reason, o.created_by, cu.name, o.created_at, o.status, o.replaced_by, "    \
	"o.ended_by, eu.name, o.ended_at, o.end_reason, o.end_qty, "                               \
	"(SELECT COUNT(*) FROM forecast_override_days WHERE override_id = o.id AND active = 1 "    \
	"AND date >= ?1), "                                                                        \
	"(SELECT COALESCE(SUM(qty), 0) FROM forecast_override_days WHERE override_id = o.id AND "  \
	"active = 1 AND date >= ?1), "                                                             \
	"(SELECT COUNT(*) FROM forecast_override_days WHERE override_id = o.id)"
#define OVR_FROM                                                                                   \
	" FROM forecast_overrides o LEFT JOIN users cu ON cu.id = o.created_by LEFT JOIN users "   \
	"eu ON eu.id = o.ended_by"

static json_t *days_json(db *d, int64_t id)
{
	json_t *a = json_array();
	db_stmt *s = db_preparef(d,
	                         "SELECT date, qty, old_qty, model_qty, active FROM "
	                         "forecast_override_days WHERE override_id = ? ORDER BY date",
	                         "i", id);
	while (db_step(s) == DB_ROW)
		json_array_append_new(a, json_pack("{s:s, s:f, s:f, s:f, s:b}", "date",
		                                   db_col_text(s, 0), "qty", db_col_double(s, 1),
		                                   "old_qty", db_col_double(s, 2), "model_qty",
		                                   db_col_double(s, 3), "active",
		                                   (int)db_col_int(s, 4)));
	db_finalize(s);
	return a;
}

/* The status as the screens read it: a standing forecast correction whose days have all
 * passed is "expired". */
static const char *status_of(db_stmt *s)
{
	const char *st = db_col_text(s, 13);
	if (util_streq(st, "standing") && util_streq(db_col_text(s, 1), "forecast") &&
	    db_col_int(s, 20) == 0)
		return "expired";
	return st ? st : "";
}

static json_t *row_json(db *d, db_stmt *s)
{
	json_t *o = json_object();
	int64_t id = db_col_int(s, 0);
	const char *kind = db_col_text(s, 1);
	int forecast = util_streq(kind, "forecast");
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "kind", json_string(kind));
	json_object_set_new(o, "window_days", row_int(s, 2));
	json_object_set_new(o, "first_date", row_text(s, 3));
	json_object_set_new(o, "last_date", row_text(s, 4));
	json_object_set_new(o, "target",
	                    target_json(kind, (int)db_col_int(s, 2), db_col_text(s, 3),
	                                db_col_text(s, 4), db_col_int(s, 22)));
	json_object_set_new(o, "run_id", row_int(s, 5));
	json_object_set_new(o, "qty", json_real(db_col_double(s, 6)));
	json_object_set_new(o, "old_qty", row_real(s, 7));
	json_object_set_new(o, "model_qty", row_real(s, 8));
	json_object_set_new(o, "reason", json_string(db_col_text(s, 9)));
	json_object_set_new(o, "created_by", row_member(s, 10, 11));
	json_object_set_new(o, "created_at", json_string(db_col_text(s, 12)));
	json_object_set_new(o, "status", json_string(status_of(s)));
	json_object_set_new(o, "replaced_by", row_int(s, 14));
	json_object_set_new(o, "ended_by", row_member(s, 15, 16));
	json_object_set_new(o, "ended_at", row_text(s, 17));
	json_object_set_new(o, "end_reason", row_text(s, 18));
	json_object_set_new(o, "end_qty", row_real(s, 19));
	if (forecast) {
		json_object_set_new(o, "active_days", json_integer(db_col_int(s, 20)));
		json_object_set_new(o, "active_qty", json_real(db_col_double(s, 21)));
		json_object_set_new(o, "days", days_json(d, id));
	}
	return o;
}

json_t *ovr_json(db *d, int64_t org_id, int64_t id, int64_t today)
{
	char t[11];
	date_format(today, t);
	db_stmt *s =
	        db_preparef(d, "SELECT " OVR_COLS OVR_FROM " WHERE o.id = ?2 AND o.org_id = ?3",
	                    "tii", t, id, org_id);
	json_t *o = db_step(s) == DB_ROW ? row_json(d, s) : NULL;
	db_finalize(s);
	return o;
}

/* The standing corrections of a product (kind NULL: both kinds), newest first. */
static json_t *standing_json(db *d, int64_t org_id, int64_t product_id, int64_t today,
                             const char *kind)
{
	char t[11];
	date_format(today, t);
	json_t *a = json_array();
	db_stmt *s = db_preparef(d,
	                         "SELECT " OVR_COLS OVR_FROM
	                         " WHERE o.org_id = ?2 AND o.product_id = ?3 AND o.status = "
	                         "'standing' AND (?4 IS NULL OR o.kind = ?4) ORDER BY o.id DESC",
	                         "tiit", t, org_id, product_id, kind);
	while (db_step(s) == DB_ROW)
		if (!util_streq(status_of(s), "expired"))
			json_array_append_new(a, row_json(d, s));
	db_finalize(s);
	return a;
}

json_t *ovr_standing_forecast_json(db *d, int64_t org_id, int64_t product_id, int64_t today)
{
	return standing_json(d, org_id, product_id, today, "forecast");
}

/* One entry of the history: a correction made (action "set") or reverted ("revert"). */
static json_t *history_json(db *d, int64_t org_id, int64_t product_id, int64_t today)
{
	char t[11];
	date_format(today, t);
	json_t *a = json_array();
	db_stmt *s = db_preparef(
	        d,
	        "SELECT o.id, 'set' AS action, o.created_at AS at, o.created_by, cu.name, "
	        "o.old_qty, o.qty, o.reason, o.kind, o.window_days, o.first_date, o.last_date, "
	        "o.status, (SELECT COUNT(*) FROM forecast_override_days WHERE override_id = o.id), "
	        "(SELECT COUNT(*) FROM forecast_override_days WHERE override_id = o.id AND active "
	        "= 1 AND date >= ?1), 0 AS ord"
	        " FROM forecast_overrides o LEFT JOIN users cu ON cu.id = o.created_by"
	        " WHERE o.org_id = ?2 AND o.product_id = ?3"
	        " UNION ALL "
	        "SELECT o.id, 'revert', o.ended_at, o.ended_by, eu.name, o.qty, o.end_qty, "
	        "o.end_reason, o.kind, o.window_days, o.first_date, o.last_date, o.status, "
	        "(SELECT COUNT(*) FROM forecast_override_days WHERE override_id = o.id), 0, 1"
	        " FROM forecast_overrides o LEFT JOIN users eu ON eu.id = o.ended_by"
	        " WHERE o.org_id = ?2 AND o.product_id = ?3 AND o.status = 'reverted'"
	        " ORDER BY at DESC, 1 DESC, ord DESC",
	        "tii", t, org_id, product_id);
	while (db_step(s) == DB_ROW) {
		const char *kind = db_col_text(s, 8);
		const char *status = db_col_text(s, 12);
		if (util_streq(status, "standing") && util_streq(kind, "forecast") &&
		    db_col_int(s, 14) == 0)
			status = "expired";
		json_t *e = json_object();
		json_object_set_new(e, "override_id", json_integer(db_col_int(s, 0)));
		json_object_set_new(e, "action", json_string(db_col_text(s, 1)));
		json_object_set_new(e, "at", json_string(db_col_text(s, 2)));
		json_object_set_new(e, "user", row_member(s, 3, 4));
		json_object_set_new(e, "kind", json_string(kind));
		json_object_set_new(e, "target",
		                    target_json(kind, (int)db_col_int(s, 9), db_col_text(s, 10),
		                                db_col_text(s, 11), db_col_int(s, 13)));
		json_object_set_new(e, "old_value", row_real(s, 5));
		json_object_set_new(e, "new_value", row_real(s, 6));
		json_object_set_new(e, "reason", json_string(db_col_text(s, 7)));
		json_object_set_new(e, "status", json_string(status ? status : ""));
		json_array_append_new(a, e);
	}
	db_finalize(s);
	return a;
}

json_t *ovr_product_json(db *d, int64_t org_id, int64_t product_id, int64_t today)
{
	return json_pack("{s:o, s:o}", "standing",
	                 standing_json(d, org_id, product_id, today, NULL), "history",
	                 history_json(d, org_id, product_id, today));
}
