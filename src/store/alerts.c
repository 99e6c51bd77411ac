/* alerts.c — the SQL of the alert centre, its settings and its delivery log (alerts.h). */
#include "alerts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void iso(time_t t, char out[32])
{
	util_utc_iso(t, out);
}

static void day_text(int64_t day, char out[11])
{
	if (day == PLAN_NO_DAY)
		out[0] = '\0';
	else
		date_format(day, out);
}

static void copy(char *dst, size_t size, const char *src)
{
	util_strlcpy(dst, src ? src : "", size);
}

/* ------------------------------------------------------------------ sync */

struct open_row {
	int64_t id, product_id;
	int kind;
	int severity;
	int seen;
};

static int load_open(db *d, int64_t org_id, struct open_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	db_stmt *s = db_preparef(
	        d,
	        "SELECT id, product_id, kind, severity FROM alerts WHERE org_id = ? AND "
	        "closed_at IS NULL ORDER BY id",
	        "i", org_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct open_row *r = &(*out)[(*n)++];
		r->id = db_col_int(s, 0);
		r->product_id = db_col_int(s, 1);
		r->kind = alert_kind_parse(db_col_text(s, 2));
		r->severity = alert_severity_parse(db_col_text(s, 3));
		r->seen = 0;
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

static struct open_row *find_open(struct open_row *rows, size_t n, int64_t product_id, int kind)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].product_id == product_id && rows[i].kind == kind)
			return &rows[i];
	return NULL;
}

/* Queues the immediate messages of a new alert on the configured channels. */
static int queue_immediate(db *d, int64_t org_id, int64_t alert_id, int kind,
                           const struct alert_settings *st, const char *now, int *queued)
{
	if (!st->immediate_enabled || !st->kinds[kind])
		return DB_OK;
	int has[ALERT_NCHANNELS] = {alert_settings_has_webhook(st), alert_settings_has_email(st)};
	for (int ch = 0; ch < ALERT_NCHANNELS; ch++) {
		if (!has[ch])
			continue;
		int rc = db_exec(d,
		                 "INSERT INTO alert_deliveries(org_id, kind, channel, alert_id, "
		                 "next_at, created_at) VALUES (?, 'alert', ?, ?, ?, ?)",
		                 "itit"
		                 "t",
		                 org_id, alert_channel_name(ch), alert_id, now, now);
		if (rc != DB_OK)
			return rc;
		(*queued)++;
	}
	return DB_OK;
}

static int open_alert(db *d, int64_t org_id, const struct alert_input *in, const char *now,
                      const struct alert_settings *st, struct alerts_sync_result *res)
{
	const struct alert_condition *c = &in->cond;
	char day[11];
	day_text(c->day, day);
	int rc = db_exec(d,
	                 "INSERT INTO alerts(org_id, product_id, kind, severity, title, message, "
	                 "qty, value, day, opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
	                 "NULLIF(?, ''), ?, ?)",
	                 "iittttiittt", org_id, in->product_id, alert_kind_name(c->kind),
	                 alert_severity_name(c->severity), c->title, c->text, c->qty, c->value, day,
	                 now, now);
	if (rc != DB_OK)
		return rc;
	res->opened++;
	return queue_immediate(d, org_id, db_last_id(d), c->kind, st, now, &res->queued);
}

/* Updates the figures and words of a standing alert when they changed. */
static int update_alert(db *d, int64_t id, const struct alert_condition *c, const char *now,
                        struct alerts_sync_result *res)
{
	char day[11];
	day_text(c->day, day);
	int rc = db_exec(d,
	                 "UPDATE alerts SET severity = ?, title = ?, message = ?, qty = ?, value "
	                 "= ?, day = NULLIF(?, ''), updated_at = ? WHERE id = ? AND NOT (severity "
	                 "IS ? AND title IS ? AND message IS ? AND qty IS ? AND value IS ? AND day "
	                 "IS NULLIF(?, ''))",
	                 "tttiittitttiit", alert_severity_name(c->severity), c->title, c->text,
	                 c->qty, c->value, day, now, id, alert_severity_name(c->severity), c->title,
	                 c->text, c->qty, c->value, day);
	if (rc == DB_OK && db_changes(d) > 0)
		res->updated++;
	return rc;
}

int alerts_sync(db *d, int64_t org_id, time_t now, const struct alert_input *in, size_t n,
                struct alerts_sync_result *out)
{
	struct alerts_sync_result res = {0};
	char at[32];
	iso(now, at);
	struct alert_settings st;
	int rc = db_begin(d);
	if (rc != DB_OK)
		return rc;
	struct open_row *open = NULL;
	size_t nopen = 0;
	rc = alert_settings_load(d, org_id, &st);
	if (rc == DB_OK)
		rc = load_open(d, org_id, &open, &nopen);
	for (size_t i = 0; rc == DB_OK && i < n; i++) {
		struct open_row *o = find_open(open, nopen, in[i].product_id, in[i].cond.kind);
		if (o && o->seen)
			continue; /* the same product and kind twice: the first stands */
		if (o) {
			o->seen = 1;
			rc = update_alert(d, o->id, &in[i].cond, at, &res);
			/* grown more urgent (an order now late, a stock-out now within a week):
			 * said again, as when it opened */
			if (rc == DB_OK && in[i].cond.severity > o->severity) {
				rc = queue_immediate(d, org_id, o->id, in[i].cond.kind, &st, at,
				                     &res.queued);
				res.escalated++;
			}
		} else {
			rc = open_alert(d, org_id, &in[i], at, &st, &res);
		}
	}
	/* what was not raised again has ended: the alert closes by itself */
	for (size_t i = 0; rc == DB_OK && i < nopen; i++) {
		if (open[i].seen)
			continue;
		/* a product taken out of sale is not a resolved condition: say so */
		rc = db_exec(
		        d,
		        "UPDATE alerts SET closed_at = ?, close_reason = CASE WHEN (SELECT "
		        "active FROM products WHERE id = alerts.product_id) = 1 THEN 'resolved' "
		        "ELSE 'inactive' END, updated_at = ? WHERE id = ?",
		        "tti", at, at, open[i].id);
		res.closed += rc == DB_OK;
	}
	free(open);
	if (rc == DB_OK) {
		rc = db_commit(d);
	} else {
		db_rollback(d);
	}
	if (out)
		*out = res;
	return rc;
}

/* ------------------------------------------------------------------ reading */

#define ALERT_COLS                                                                                 \
	"a.id, a.kind, a.severity, a.title, a.message, a.qty, a.value, a.day, a.opened_at, "       \
	"a.updated_at, a.acked_at, ua.name, a.snoozed_until, a.closed_at, a.close_reason, p.sku, " \
	"p.name "
#define ALERT_FROM                                                                                 \
	"FROM alerts a JOIN products p ON p.id = a.product_id LEFT JOIN users ua ON ua.id = "      \
	"a.acked_by "

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *row_json(db_stmt *s, const char *now)
{
	const char *snoozed = db_col_text(s, 12);
	int is_snoozed = snoozed && strcmp(snoozed, now) > 0 && db_col_is_null(s, 13);
	int kind = alert_kind_parse(db_col_text(s, 1));
	return json_pack(
	        "{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:s, s:s, s:o, s:o, s:o, "
	        "s:b, s:o, s:o, s:s, s:s}",
	        "id", (json_int_t)db_col_int(s, 0), "kind", db_col_text(s, 1), "kind_label",
	        alert_kind_label(kind), "severity", db_col_text(s, 2), "title", db_col_text(s, 3),
	        "message", db_col_text(s, 4), "qty", (json_int_t)db_col_int(s, 5), "value",
	        (json_int_t)db_col_int(s, 6), "day", text_or_null(db_col_text(s, 7)), "opened_at",
	        db_col_text(s, 8), "updated_at", db_col_text(s, 9), "acked_at",
	        text_or_null(db_col_text(s, 10)), "acked_by", text_or_null(db_col_text(s, 11)),
	        "snoozed_until", text_or_null(snoozed), "snoozed", is_snoozed, "closed_at",
	        text_or_null(db_col_text(s, 13)), "close_reason", text_or_null(db_col_text(s, 14)),
	        "sku", db_col_text(s, 15), "name", db_col_text(s, 16));
}

static json_t *counts_json(db *d, int64_t org_id, const char *now, int64_t *total, int64_t *snoozed)
{
	json_t *counts = json_object();
	for (int k = 0; k < ALERT_NKINDS; k++)
		json_object_set_new(counts, alert_kind_name(k), json_integer(0));
	*total = 0;
	db_stmt *s = db_preparef(d,
	                         "SELECT kind, count(*) FROM alerts WHERE org_id = ? AND closed_at "
	                         "IS NULL AND (snoozed_until IS NULL OR snoozed_until <= ?) GROUP "
	                         "BY kind",
	                         "it", org_id, now);
	while (db_step(s) == DB_ROW) {
		json_object_set_new(counts, db_col_text(s, 0), json_integer(db_col_int(s, 1)));
		*total += db_col_int(s, 1);
	}
	db_finalize(s);
	*snoozed = db_int(d, 0,
	                  "SELECT count(*) FROM alerts WHERE org_id = ? AND closed_at IS NULL AND "
	                  "snoozed_until > ?",
	                  "it", org_id, now);
	return counts;
}

json_t *alerts_open_json(db *d, int64_t org_id, time_t now, const struct alerts_filter *f)
{
	char at[32];
	iso(now, at);
	db_stmt *s = db_preparef(
	        d,
	        "SELECT " ALERT_COLS ALERT_FROM
	        "WHERE a.org_id = ? AND a.closed_at IS NULL AND (? = '' OR a.kind = ?) AND (? = 0 "
	        "OR a.product_id = ?) AND (? = 1 OR a.snoozed_until IS NULL OR a.snoozed_until <= "
	        "?) ORDER BY CASE a.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 "
	        "END, a.id DESC",
	        "ittiiit", org_id, f->kind >= 0 ? alert_kind_name(f->kind) : "",
	        f->kind >= 0 ? alert_kind_name(f->kind) : "", f->product_id, f->product_id,
	        (int64_t)(f->include_snoozed != 0), at);
	json_t *list = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(list, row_json(s, at));
	db_finalize(s);
	int64_t total = 0, snoozed = 0;
	json_t *counts = counts_json(d, org_id, at, &total, &snoozed);
	return json_pack("{s:o, s:o, s:I, s:I}", "alerts", list, "counts", counts, "total",
	                 (json_int_t)total, "snoozed", (json_int_t)snoozed);
}

json_t *alerts_history_json(db *d, int64_t org_id, int kind, int64_t limit, int64_t offset)
{
	const char *k = kind >= 0 ? alert_kind_name(kind) : "";
	db_stmt *s = db_preparef(d,
	                         "SELECT " ALERT_COLS ALERT_FROM
	                         "WHERE a.org_id = ? AND (a.closed_at IS NOT NULL OR a.acked_at IS "
	                         "NOT NULL) AND (? = '' OR a.kind = ?) ORDER BY "
	                         "max(coalesce(a.closed_at, ''), coalesce(a.acked_at, '')) DESC, "
	                         "a.id DESC LIMIT ? OFFSET ?",
	                         "ittii", org_id, k, k, limit, offset);
	json_t *list = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(list, row_json(s, ""));
	db_finalize(s);
	int64_t total = db_int(d, 0,
	                       "SELECT count(*) FROM alerts WHERE org_id = ? AND (closed_at IS NOT "
	                       "NULL OR acked_at IS NOT NULL) AND (? = '' OR kind = ?)",
	                       "itt", org_id, k, k);
	return json_pack("{s:o, s:I}", "alerts", list, "total", (json_int_t)total);
}

json_t *alerts_get_json(db *d, int64_t org_id, int64_t id, time_t now)
{
	char at[32];
	iso(now, at);
	db_stmt *s =
	        db_preparef(d, "SELECT " ALERT_COLS ALERT_FROM "WHERE a.org_id = ? AND a.id = ?",
	                    "ii", org_id, id);
	json_t *out = db_step(s) == DB_ROW ? row_json(s, at) : NULL;
	db_finalize(s);
	return out;
}

/* DB_OK when the alert is open, DB_DONE when there is none, ALERTS_CLOSED when closed. */
static int open_state(db *d, int64_t org_id, int64_t id)
{
	int64_t st = db_int(d, -1,
	                    "SELECT closed_at IS NOT NULL FROM alerts WHERE org_id = ? AND id = ?",
	                    "ii", org_id, id);
	return st < 0 ? DB_DONE : st ? ALERTS_CLOSED : DB_OK;
}

int alerts_ack(db *d, int64_t org_id, int64_t id, int64_t user_id, time_t now)
{
	int rc = open_state(d, org_id, id);
	if (rc != DB_OK)
		return rc;
	char at[32];
	iso(now, at);
	/* acknowledging twice keeps the first who and when */
	return db_exec(d,
	               "UPDATE alerts SET acked_at = ?, acked_by = ? WHERE org_id = ? AND id = ? "
	               "AND acked_at IS NULL",
	               "tiii", at, user_id, org_id, id);
}

int alerts_snooze(db *d, int64_t org_id, int64_t id, int64_t user_id, time_t until)
{
	int rc = open_state(d, org_id, id);
	if (rc != DB_OK)
		return rc;
	char at[32];
	iso(until, at);
	return db_exec(d,
	               "UPDATE alerts SET snoozed_until = ?, snoozed_by = ? WHERE org_id = ? AND "
	               "id = ?",
	               "tiii", at, user_id, org_id, id);
}

static void item_from(db_stmt *s, struct alert_item *it)
{
	memset(it, 0, sizeof *it);
	it->id = db_col_int(s, 0);
	it->kind = alert_kind_parse(db_col_text(s, 1));
	it->severity = alert_severity_parse(db_col_text(s, 2));
	copy(it->title, sizeof it->title, db_col_text(s, 3));
	copy(it->message, sizeof it->message, db_col_text(s, 4));
	it->qty = db_col_int(s, 5);
	it->value = db_col_int(s, 6);
	copy(it->day, sizeof it->day, db_col_text(s, 7));
	copy(it->sku, sizeof it->sku, db_col_text(s, 8));
	copy(it->name, sizeof it->name, db_col_text(s, 9));
}

#define ITEM_SQL                                                                                   \
	"SELECT a.id, a.kind, a.severity, a.title, a.message, a.qty, a.value, a.day, p.sku, "      \
	"p.name FROM alerts a JOIN products p ON p.id = a.product_id "

int alerts_open_items(db *d, int64_t org_id, time_t now, const int kinds_on[ALERT_NKINDS],
                      struct alert_item **out, size_t *n)
{
	char at[32];
	iso(now, at);
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	db_stmt *s = db_preparef(d,
	                         ITEM_SQL "WHERE a.org_id = ? AND a.closed_at IS NULL AND "
	                                  "(a.snoozed_until IS NULL OR a.snoozed_until <= ?) ORDER "
	                                  "BY CASE a.severity WHEN 'critical' THEN 0 WHEN "
	                                  "'warning' THEN 1 ELSE 2 END, p.sku",
	                         "it", org_id, at);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct alert_item it;
		item_from(s, &it);
		if (it.kind < 0 || (kinds_on && !kinds_on[it.kind]))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[(*n)++] = it;
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

int alerts_item(db *d, int64_t org_id, int64_t id, struct alert_item *out)
{
	db_stmt *s = db_preparef(d, ITEM_SQL "WHERE a.org_id = ? AND a.id = ?", "ii", org_id, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		item_from(s, out);
	db_finalize(s);
	return rc == DB_ROW ? DB_OK : rc;
}

/* ------------------------------------------------------------------ settings */

void alert_settings_defaults(struct alert_settings *s)
{
	memset(s, 0, sizeof *s);
	s->digest_hour = 9;
	s->digest_enabled = 1;
	s->immediate_enabled = 1;
	for (int k = 0; k < ALERT_NKINDS; k++)
		s->kinds[k] = 1;
}

int alert_settings_load(db *d, int64_t org_id, struct alert_settings *st)
{
	alert_settings_defaults(st);
	db_stmt *s = db_preparef(d,
	                         "SELECT digest_hour, digest_enabled, immediate_enabled, "
	                         "webhook_url, smtp_url, smtp_from, smtp_to, smtp_user, "
	                         "smtp_password, kind_order, kind_stockout, kind_overstock, "
	                         "kind_expiry, updated_at FROM alert_settings WHERE org_id = ?",
	                         "i", org_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		st->digest_hour = (int)db_col_int(s, 0);
		st->digest_enabled = (int)db_col_int(s, 1);
		st->immediate_enabled = (int)db_col_int(s, 2);
		copy(st->webhook_url, sizeof st->webhook_url, db_col_text(s, 3));
		copy(st->smtp_url, sizeof st->smtp_url, db_col_text(s, 4));
		copy(st->smtp_from, sizeof st->smtp_from, db_col_text(s, 5));
		copy(st->smtp_to, sizeof st->smtp_to, db_col_text(s, 6));
		copy(st->smtp_user, sizeof st->smtp_user, db_col_text(s, 7));
		copy(st->smtp_password, sizeof st->smtp_password, db_col_text(s, 8));
		for (int k = 0; k < ALERT_NKINDS; k++)
			st->kinds[k] = (int)db_col_int(s, 9 + k);
		copy(st->updated_at, sizeof st->updated_at, db_col_text(s, 13));
	}
	db_finalize(s);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

int alert_settings_save(db *d, int64_t org_id, const struct alert_settings *st, time_t now)
{
	char at[32];
	iso(now, at);
	return db_exec(
	        d,
	        "INSERT INTO alert_settings(org_id, digest_hour, digest_enabled, "
	        "immediate_enabled, "
	        "webhook_url, smtp_url, smtp_from, smtp_to, smtp_user, smtp_password, kind_order, "
	        "kind_stockout, kind_overstock, kind_expiry, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
	        "?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(org_id) DO UPDATE SET digest_hour = "
	        "excluded.digest_hour, digest_enabled = excluded.digest_enabled, immediate_enabled "
	        "= excluded.immediate_enabled, webhook_url = excluded.webhook_url, smtp_url = "
	        "excluded.smtp_url, smtp_from = excluded.smtp_from, smtp_to = excluded.smtp_to, "
	        "smtp_user = excluded.smtp_user, smtp_password = excluded.smtp_password, "
	        "kind_order = excluded.kind_order, kind_stockout = excluded.kind_stockout, "
	        "kind_overstock = excluded.kind_overstock, kind_expiry = excluded.kind_expiry, "
	        "updated_at = excluded.updated_at",
	        "iiiitttttt"
	        "iiiit",
	        org_id, (int64_t)st->digest_hour, (int64_t)st->digest_enabled,
	        (int64_t)st->immediate_enabled, st->webhook_url, st->smtp_url, st->smtp_from,
	        st->smtp_to, st->smtp_user, st->smtp_password, (int64_t)st->kinds[0],
	        (int64_t)st->kinds[1], (int64_t)st->kinds[2], (int64_t)st->kinds[3], at);
}

/* "https://hooks.slack.com/services/T0/B0/secret" → "https://hooks.slack.com/…" */
static json_t *masked_url(const char *url)
{
	if (!url[0])
		return json_string("");
	const char *host = strstr(url, "://");
	host = host ? host + 3 : url;
	size_t n = (size_t)(host - url) + strcspn(host, "/?#");
	char *s = xasprintf("%.*s/…", (int)n, url);
	json_t *out = json_string(s);
	free(s);
	return out;
}

json_t *alert_settings_json(const struct alert_settings *st)
{
	json_t *kinds = json_object();
	for (int k = 0; k < ALERT_NKINDS; k++)
		json_object_set_new(kinds, alert_kind_name(k), json_boolean(st->kinds[k]));
	return json_pack("{s:i, s:b, s:b, s:o, s:b, s:s, s:s, s:s, s:s, s:b, s:o, s:o}",
	                 "digest_hour", st->digest_hour, "digest_enabled", st->digest_enabled,
	                 "immediate_enabled", st->immediate_enabled, "webhook_url",
	                 masked_url(st->webhook_url), "webhook_url_set", st->webhook_url[0] != 0,
	                 "smtp_url", st->smtp_url, "smtp_from", st->smtp_from, "smtp_to",
	                 st->smtp_to, "smtp_user", st->smtp_user, "smtp_password_set",
	                 st->smtp_password[0] != 0, "kinds", kinds, "updated_at",
	                 st->updated_at[0] ? json_string(st->updated_at) : json_null());
}

int alert_settings_has_webhook(const struct alert_settings *s)
{
	return s->webhook_url[0] != '\0';
}

int alert_settings_has_email(const struct alert_settings *s)
{
	return s->smtp_url[0] && s->smtp_from[0] && s->smtp_to[0];
}

int alert_settings_list(db *d, struct alert_org_slot **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	db_stmt *s = db_prepare(d, "SELECT o.id, coalesce(a.digest_hour, 9), "
	                           "coalesce(a.digest_enabled, 1), coalesce(a.updated_at, '') FROM "
	                           "orgs o LEFT JOIN alert_settings a ON a.org_id = o.id ORDER BY "
	                           "o.id");
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct alert_org_slot *o = &(*out)[(*n)++];
		o->org_id = db_col_int(s, 0);
		o->digest_hour = (int)db_col_int(s, 1);
		o->digest_enabled = (int)db_col_int(s, 2);
		copy(o->updated_at, sizeof o->updated_at, db_col_text(s, 3));
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* ------------------------------------------------------------------ delivery log */

const char *alert_channel_name(int ch)
{
	return ch == ALERT_CH_WEBHOOK ? "webhook" : ch == ALERT_CH_EMAIL ? "email" : "";
}

int alert_digest_queue(db *d, int64_t org_id, const char *kst_date, time_t now, int *queued)
{
	*queued = 0;
	struct alert_settings st;
	int rc = alert_settings_load(d, org_id, &st);
	if (rc != DB_OK || !st.digest_enabled)
		return rc;
	char at[32];
	iso(now, at);
	int has[ALERT_NCHANNELS] = {alert_settings_has_webhook(&st), alert_settings_has_email(&st)};
	for (int ch = 0; rc == DB_OK && ch < ALERT_NCHANNELS; ch++) {
		if (!has[ch])
			continue;
		/* the partial unique index makes it one digest per day and channel */
		rc = db_exec(d,
		             "INSERT INTO alert_deliveries(org_id, kind, channel, digest_date, "
		             "next_at, created_at) VALUES (?, 'digest', ?, ?, ?, ?) ON CONFLICT DO "
		             "NOTHING",
		             "ittt"
		             "t",
		             org_id, alert_channel_name(ch), kst_date, at, at);
		*queued += rc == DB_OK ? db_changes(d) : 0;
	}
	return rc;
}

int alert_deliveries_due(db *d, time_t now, size_t max, struct alert_delivery **out, size_t *n)
{
	char at[32];
	iso(now, at);
	*out = xcalloc(max ? max : 1, sizeof **out);
	*n = 0;
	db_stmt *s = db_preparef(d,
	                         "SELECT id, org_id, coalesce(alert_id, 0), kind, channel, "
	                         "coalesce(digest_date, ''), attempts FROM alert_deliveries WHERE "
	                         "status = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?",
	                         "ti", at, (int64_t)max);
	int rc;
	while ((rc = db_step(s)) == DB_ROW && *n < max) {
		struct alert_delivery *x = &(*out)[(*n)++];
		x->id = db_col_int(s, 0);
		x->org_id = db_col_int(s, 1);
		x->alert_id = db_col_int(s, 2);
		copy(x->kind, sizeof x->kind, db_col_text(s, 3));
		x->channel =
		        util_streq(db_col_text(s, 4), "email") ? ALERT_CH_EMAIL : ALERT_CH_WEBHOOK;
		copy(x->digest_date, sizeof x->digest_date, db_col_text(s, 5));
		x->attempts = (int)db_col_int(s, 6);
	}
	db_finalize(s);
	return rc == DB_DONE || rc == DB_ROW ? DB_OK : rc;
}

int alert_delivery_sent(db *d, int64_t id, time_t now)
{
	char at[32];
	iso(now, at);
	return db_exec(d,
	               "UPDATE alert_deliveries SET status = 'sent', attempts = attempts + 1, "
	               "sent_at = ?, next_at = ? WHERE id = ?",
	               "tti", at, at, id);
}

int alert_delivery_failed(db *d, int64_t id, const char *error, time_t next_at)
{
	char at[32];
	if (next_at)
		iso(next_at, at);
	return db_exec(d,
	               "UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?, "
	               "status = CASE WHEN ? = '' THEN 'failed' ELSE 'pending' END, next_at = "
	               "CASE WHEN ? = '' THEN next_at ELSE ? END WHERE id = ?",
	               "tttti", error, next_at ? at : "", next_at ? at : "", next_at ? at : "", id);
}

time_t alert_delivery_next(db *d)
{
	char *t = db_text(d, "SELECT min(next_at) FROM alert_deliveries WHERE status = 'pending'",
	                  "");
	time_t out = 0;
	if (t) {
		struct tm tm = {0};
		if (strptime(t, "%Y-%m-%dT%H:%M:%SZ", &tm))
			out = timegm(&tm);
		free(t);
	}
	return out;
}

json_t *alert_deliveries_json(db *d, int64_t org_id, int64_t limit)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT id, kind, channel, alert_id, digest_date, status, "
	                         "attempts, last_error, created_at, sent_at, next_at FROM "
	                         "alert_deliveries WHERE org_id = ? ORDER BY id DESC LIMIT ?",
	                         "ii", org_id, limit);
	json_t *list = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(
		        list,
		        json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:i, s:o, s:s, s:o, s:o}", "id",
		                  (json_int_t)db_col_int(s, 0), "kind", db_col_text(s, 1),
		                  "channel", db_col_text(s, 2), "alert_id",
		                  db_col_is_null(s, 3) ? json_null()
		                                       : json_integer(db_col_int(s, 3)),
		                  "digest_date", text_or_null(db_col_text(s, 4)), "status",
		                  db_col_text(s, 5), "attempts", (int)db_col_int(s, 6), "error",
		                  text_or_null(db_col_text(s, 7)), "created_at", db_col_text(s, 8),
		                  "sent_at", text_or_null(db_col_text(s, 9)), "next_at",
		                  db_col_is_null(s, 10) || util_streq(db_col_text(s, 5), "pending")
		                          ? text_or_null(db_col_text(s, 10))
		                          : json_null()));
	db_finalize(s);
	return json_pack("{s:o}", "deliveries", list);
}

int alert_delivery_log_test(db *d, int64_t org_id, int channel, const char *error, time_t now)
{
	char at[32];
	iso(now, at);
	return db_exec(d,
	               "INSERT INTO alert_deliveries(org_id, kind, channel, status, attempts, "
	               "next_at, last_error, created_at, sent_at) VALUES (?, 'test', ?, CASE WHEN "
	               "? IS NULL THEN 'sent' ELSE 'failed' END, 1, ?, ?, ?, CASE WHEN ? IS NULL "
	               "THEN ? END)",
	               "ittttttt", org_id, alert_channel_name(channel), error, at, error, at, error,
	               at);
}

/* ------------------------------------------------------------------ refresh */

int alert_org_ids(db *d, int64_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	db_stmt *s = db_prepare(d, "SELECT id FROM orgs ORDER BY id");
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[(*n)++] = db_col_int(s, 0);
	}
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}
