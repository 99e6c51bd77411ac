/* ledger.c — recording stock movements, set explosion, the negative-stock rule, reversals
 * and the check of the cached balances against the ledger. See ledger.h. */
#include "ledger.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "korean.h"
#include "util.h"
#include "date.h"

/* ------------------------------------------------------------------ rules over products */

int ledger_expiry_required(const struct ledger_product *p)
{
	if (!p->is_set)
		return p->has_expiry;
	for (size_t i = 0; i < p->ncomp; i++)
		if (p->comp[i].has_expiry)
			return 1;
	return 0;
}

enum ledger_own ledger_own_reversal(int64_t member, int64_t recorded_by, const char *source,
                                    const char *created_at, const char *today)
{
	if (!member || recorded_by != member)
		return LEDGER_OWN_NOT_THEIRS;
	if (!util_streq(source, "manual"))
		return LEDGER_OWN_NOT_MANUAL;
	char kst[20];
	if (!today || date_utc_iso_to_kst(created_at, 0, kst) != 0)
		return LEDGER_OWN_NOT_TODAY;
	return strncmp(kst, today, 10) == 0 && strlen(today) == 10 ? LEDGER_OWN_OK
	                                                           : LEDGER_OWN_NOT_TODAY;
}

/* ------------------------------------------------------------------ helpers */

static int err_set(struct ledger_err *e, int code, const char *id, const char *field,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int err_set(struct ledger_err *e, int code, const char *id, const char *field,
                   const char *fmt, ...)
{
	if (!e)
		return code;
	e->code = code;
	e->id = id;
	util_strlcpy(e->field, field ? field : "", sizeof e->field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	return code;
}

static int err_db(struct ledger_err *e, int rc)
{
	if (e)
		e->db_rc = rc;
	return err_set(e, LEDGER_EDB, rc == DB_BUSY ? "unavailable" : "internal_error", NULL, "%s",
	               "저장하지 못했습니다. 잠시 후 다시 시도해 주세요.");
}

/* Today's KST business date. */
static void today_kst(char out[11])
{
	util_kst_date(util_now(), out);
}

/* A business date the ledger accepts: a real date from 2000-01-01 up to today (KST). */
static int date_ok(const char *s, const char *today)
{
	int y, m, d;
	if (util_parse_date(s, &y, &m, &d) != 0 || y < 2000)
		return 0;
	return today == NULL || strcmp(s, today) <= 0;
}

#define COMPS_SQL                                                                                  \
	"SELECT c.id, c.sku, sc.qty, COALESCE(b.on_hand, 0), c.has_expiry"                         \
	" FROM set_components sc JOIN products c ON c.id = sc.component_id"                        \
	" LEFT JOIN balances b ON b.product_id = c.id"                                             \
	" WHERE sc.set_id = ? ORDER BY c.sku"
#define LOOKUP_SQL                                                                                 \
	"SELECT p.id, p.sku, p.kind, p.active, p.has_expiry, COALESCE(b.on_hand, 0), p.name"       \
	" FROM products p LEFT JOIN balances b ON b.product_id = p.id"                             \
	" WHERE p.org_id = ? AND p.sku = ?"

/* Reads a set's components with a prepared COMPS_SQL statement (reset here). */
static int load_comps_with(db_stmt *s, struct ledger_product *p)
{
	db_reset(s);
	db_bind_int(s, 1, p->id);
	int rc;
	p->ncomp = 0;
	while ((rc = db_step(s)) == DB_ROW && p->ncomp < LEDGER_MAX_COMPONENTS) {
		struct ledger_comp *c = &p->comp[p->ncomp++];
		c->product_id = db_col_int(s, 0);
		util_strlcpy(c->sku, db_col_text(s, 1) ? db_col_text(s, 1) : "", sizeof c->sku);
		c->qty = db_col_int(s, 2);
		c->on_hand = db_col_int(s, 3);
		c->has_expiry = (int)db_col_int(s, 4);
	}
	db_reset(s);
	return rc < 0 ? rc : 0;
}

static int load_comps(db *d, struct ledger_product *p)
{
	db_stmt *s = db_prepare(d, COMPS_SQL);
	int rc = load_comps_with(s, p);
	db_finalize(s);
	return rc;
}

/* Looks a product up with prepared LOOKUP_SQL and COMPS_SQL statements. */
static int lookup_with(db_stmt *look, db_stmt *comps, int64_t org_id, const char *sku,
                       struct ledger_product *out)
{
	memset(out, 0, offsetof(struct ledger_product, comp));
	if (!sku)
		return LEDGER_ENOSKU;
	db_reset(look);
	db_bind_int(look, 1, org_id);
	db_bind_text(look, 2, sku);
	int rc = db_step(look);
	if (rc == DB_ROW) {
		out->id = db_col_int(look, 0);
		util_strlcpy(out->sku, db_col_text(look, 1), sizeof out->sku);
		out->is_set = util_streq(db_col_text(look, 2), "set");
		out->active = (int)db_col_int(look, 3);
		out->has_expiry = (int)db_col_int(look, 4);
		out->on_hand = db_col_int(look, 5);
		util_strlcpy(out->name, db_col_text(look, 6) ? db_col_text(look, 6) : "",
		             sizeof out->name);
	}
	db_reset(look);
	if (rc < 0)
		return LEDGER_EDB;
	if (rc != DB_ROW)
		return LEDGER_ENOSKU;
	if (out->is_set) {
		if (load_comps_with(comps, out) != 0)
			return LEDGER_EDB;
		out->on_hand = ledger_set_available(out->comp, out->ncomp);
	}
	return LEDGER_OK;
}

int ledger_product_lookup(db *d, int64_t org_id, const char *sku, struct ledger_product *out)
{
	db_stmt *look = db_prepare(d, LOOKUP_SQL), *comps = db_prepare(d, COMPS_SQL);
	int rc = lookup_with(look, comps, org_id, sku, out);
	db_finalize(look);
	db_finalize(comps);
	return rc;
}

int64_t ledger_on_hand(db *d, int64_t product_id)
{
	char *kind = db_text(d, "SELECT kind FROM products WHERE id = ?", "i", product_id);
	int is_set = util_streq(kind, "set");
	free(kind);
	if (!is_set)
		return db_int(d, 0, "SELECT on_hand FROM balances WHERE product_id = ?", "i",
		              product_id);
	struct ledger_product p = {.id = product_id};
	if (load_comps(d, &p) != 0)
		return 0;
	return ledger_set_available(p.comp, p.ncomp);
}

/* The statements one recording call reuses for every row. */
struct writer {
	db *d;
	const struct ledger_ctx *ctx;
	char now[32];
	db_stmt *ins;     /* movements */
	db_stmt *bal;     /* balances upsert */
	db_stmt *lot_ins; /* lots */
	db_stmt *look;    /* product by SKU */
	db_stmt *comps;   /* a set's components */
	db_stmt *lot_sel; /* open lots, first expiring first */
	db_stmt *lot_upd;
};

static void writer_open(struct writer *w, db *d, const struct ledger_ctx *ctx)
{
	memset(w, 0, sizeof *w);
	w->d = d;
	w->ctx = ctx;
	if (ctx->now)
		util_strlcpy(w->now, ctx->now, sizeof w->now);
	else
		util_utc_iso(util_now(), w->now);
	w->ins = db_prepare(d, "INSERT INTO movements (org_id, product_id, type, qty, date,"
	                       " user_id, source, ref, memo, lot, expiry, reverses, set_product_id,"
	                       " set_group, created_at, expiry_unknown)"
	                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	w->bal = db_prepare(d, "INSERT INTO balances (product_id, org_id, on_hand, updated_at)"
	                       " VALUES (?, ?, ?, ?) ON CONFLICT (product_id) DO UPDATE"
	                       " SET on_hand = balances.on_hand + excluded.on_hand,"
	                       " updated_at = excluded.updated_at");
	w->lot_ins = db_prepare(d, "INSERT INTO lots (org_id, product_id, movement_id, lot,"
	                           " expiry, received_qty, qty, received_date)"
	                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	w->look = db_prepare(d, LOOKUP_SQL);
	w->comps = db_prepare(d, COMPS_SQL);
	w->lot_sel = db_prepare(d, "SELECT id, qty FROM lots WHERE product_id = ? AND qty > 0"
	                           " ORDER BY expiry IS NULL, expiry, id");
	w->lot_upd = db_prepare(d, "UPDATE lots SET qty = qty - ? WHERE id = ?");
}

static void writer_close(struct writer *w)
{
	db_finalize(w->ins);
	db_finalize(w->bal);
	db_finalize(w->lot_ins);
	db_finalize(w->look);
	db_finalize(w->comps);
	db_finalize(w->lot_sel);
	db_finalize(w->lot_upd);
}

static void bind_text_or_null(db_stmt *s, int idx, const char *v)
{
	if (v && *v)
		db_bind_text(s, idx, v);
	else
		db_bind_null(s, idx);
}

static void bind_id_or_null(db_stmt *s, int idx, int64_t v)
{
	if (v > 0)
		db_bind_int(s, idx, v);
	else
		db_bind_null(s, idx);
}

/* One row of the ledger plus its balance change. Returns 0 or a DB error code. */
struct row {
	int64_t product_id;
	int type;
	int64_t qty;
	const char *date, *memo, *lot, *expiry, *ref, *set_group;
	int64_t reverses, set_product_id;
	int expiry_unknown;
};

static int write_row(struct writer *w, const struct row *r, int64_t *id_out)
{
	db_stmt *s = w->ins;
	db_reset(s);
	db_bind_int(s, 1, w->ctx->org_id);
	db_bind_int(s, 2, r->product_id);
	db_bind_text(s, 3, ledger_type_name(r->type));
	db_bind_int(s, 4, r->qty);
	db_bind_text(s, 5, r->date);
	bind_id_or_null(s, 6, w->ctx->user_id);
	db_bind_text(s, 7, w->ctx->source);
	bind_text_or_null(s, 8, r->ref);
	db_bind_text(s, 9, r->memo ? r->memo : "");
	bind_text_or_null(s, 10, r->lot);
	bind_text_or_null(s, 11, r->expiry);
	bind_id_or_null(s, 12, r->reverses);
	bind_id_or_null(s, 13, r->set_product_id);
	bind_text_or_null(s, 14, r->set_group);
	db_bind_text(s, 15, w->now);
	db_bind_int(s, 16, r->expiry_unknown ? 1 : 0);
	int rc = db_step(s);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERR;
	int64_t id = db_last_id(w->d);
	if (id_out)
		*id_out = id;

	s = w->bal;
	db_reset(s);
	db_bind_int(s, 1, r->product_id);
	db_bind_int(s, 2, w->ctx->org_id);
	db_bind_int(s, 3, r->qty);
	db_bind_text(s, 4, w->now);
	rc = db_step(s);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERR;

	if (r->type == LEDGER_INBOUND && ((r->lot && *r->lot) || (r->expiry && *r->expiry))) {
		/* Units sold while stock was below zero came out of this delivery: the lot
		 * starts with what is left, so the lots never hold more than the stock. */
		int64_t bal = db_int(w->d, 0, "SELECT on_hand FROM balances WHERE product_id = ?",
		                     "i", r->product_id);
		int64_t held = db_int(w->d, 0,
		                      "SELECT COALESCE(SUM(qty), 0) FROM lots WHERE product_id = ?",
		                      "i", r->product_id);
		int64_t left = (bal > 0 ? bal : 0) - held;
		left = left < 0 ? 0 : left > r->qty ? r->qty : left;
		s = w->lot_ins;
		db_reset(s);
		db_bind_int(s, 1, w->ctx->org_id);
		db_bind_int(s, 2, r->product_id);
		db_bind_int(s, 3, id);
		bind_text_or_null(s, 4, r->lot);
		bind_text_or_null(s, 5, r->expiry);
		db_bind_int(s, 6, r->qty);
		db_bind_int(s, 7, left);
		db_bind_text(s, 8, r->date);
		rc = db_step(s);
		if (rc != DB_DONE)
			return rc < 0 ? rc : DB_ERR;
	}
	return 0;
}

/* Takes `units` out of the product's lots, first expiring first. Lots are an estimate of
 * what remains for expiry alerts; units beyond the lots (stock received without a lot)
 * are simply not tracked. */
static int lots_consume(struct writer *w, int64_t product_id, int64_t units)
{
	/* Read in rounds of up to 64 lots (the statement is reset before updating), so that
	 * any number of small lots is taken and lots stay within the stock. */
	while (units > 0) {
		db_stmt *s = w->lot_sel;
		db_reset(s);
		db_bind_int(s, 1, product_id);
		int64_t ids[64], take[64];
		size_t n = 0;
		int rc = DB_ROW;
		while (units > 0 && n < ARRAY_LEN(ids) && (rc = db_step(s)) == DB_ROW) {
			int64_t q = db_col_int(s, 1);
			int64_t t = q < units ? q : units;
			ids[n] = db_col_int(s, 0);
			take[n++] = t;
			units -= t;
		}
		db_reset(s);
		/* A failed read is not "no lot left": the movement must fail rather than leave
		 * the lots holding units that are gone. */
		if (rc < 0)
			return rc;
		if (n == 0)
			break; /* no lot left: the rest was received without a lot */
		for (size_t i = 0; i < n; i++) {
			db_reset(w->lot_upd);
			db_bind_int(w->lot_upd, 1, take[i]);
			db_bind_int(w->lot_upd, 2, ids[i]);
			int urc = db_step(w->lot_upd);
			if (urc != DB_DONE)
				return urc < 0 ? urc : DB_ERR;
		}
	}
	return 0;
}

/* Takes from the lots, first expiring first, whatever they hold beyond the product's stock,
 * so that the lots never claim units that are gone. */
static int lots_fit(struct writer *w, int64_t product_id)
{
	int64_t bal = db_int(w->d, 0, "SELECT on_hand FROM balances WHERE product_id = ?", "i",
	                     product_id);
	int64_t held =
	        db_int(w->d, 0, "SELECT COALESCE(SUM(qty), 0) FROM lots WHERE product_id = ?", "i",
	               product_id);
	int64_t excess = held - (bal > 0 ? bal : 0);
	return excess > 0 ? lots_consume(w, product_id, excess) : 0;
}

/* Puts up to `units` back into the lots of a product received before movement `before`,
 * first expiring first, each up to its received quantity: the inverse of lots_consume for
 * a reversed decrease. The lots never end above the product's stock `on_hand`. */
static int lots_restore(struct writer *w, int64_t product_id, int64_t before, int64_t units,
                        int64_t on_hand)
{
	int64_t held =
	        db_int(w->d, 0, "SELECT COALESCE(SUM(qty), 0) FROM lots WHERE product_id = ?", "i",
	               product_id);
	int64_t room = (on_hand > 0 ? on_hand : 0) - held;
	if (units > room)
		units = room;
	while (units > 0) {
		db_stmt *s = db_preparef(
		        w->d,
		        "SELECT id, received_qty - qty FROM lots"
		        " WHERE product_id = ? AND movement_id < ? AND qty < received_qty"
		        " ORDER BY expiry IS NULL, expiry, id LIMIT 64",
		        "ii", product_id, before);
		int64_t ids[64], give[64];
		size_t n = 0;
		int rc = DB_ROW;
		while (units > 0 && n < ARRAY_LEN(ids) && (rc = db_step(s)) == DB_ROW) {
			int64_t free_qty = db_col_int(s, 1);
			int64_t g = free_qty < units ? free_qty : units;
			ids[n] = db_col_int(s, 0);
			give[n++] = g;
			units -= g;
		}
		db_finalize(s);
		if (rc < 0)
			return rc; /* as in lots_consume: a failed read fails the reversal */
		if (n == 0)
			break;
		for (size_t i = 0; i < n; i++) {
			rc = db_exec(w->d, "UPDATE lots SET qty = qty + ? WHERE id = ?", "ii",
			             give[i], ids[i]);
			if (rc != DB_OK)
				return rc;
		}
	}
	return 0;
}

/* Next movement id, used as the shared tag of one set explosion (unique: we hold the
 * write lock, and the first row of the explosion takes that id). */
static void next_group(db *d, char out[24])
{
	int64_t next = db_int(d, 0, "SELECT COALESCE(MAX(id), 0) + 1 FROM movements", "");
	snprintf(out, 24, "g%lld", (long long)next);
}

static int text_too_long(const char *s, size_t max_bytes)
{
	return s && strlen(s) > max_bytes;
}

/* Validates one input movement (no database access). */
static int move_check(const struct ledger_move *m, const char *today, struct ledger_err *err)
{
	if (!m->sku || !*m->sku)
		return err_set(err, LEDGER_EINVAL, "validation_failed", "sku", "%s",
		               "SKU를 입력해 주세요.");
	if (m->type != LEDGER_INBOUND && m->type != LEDGER_OUTBOUND && m->type != LEDGER_ADJUST)
		return err_set(
		        err, LEDGER_EINVAL, "validation_failed", "type", "%s",
		        "구분은 입고(inbound), 출고(outbound), 조정(adjust) 중 하나여야 합니다.");
	if (m->type == LEDGER_ADJUST) {
		if (m->qty < 0 || m->qty > LEDGER_MAX_QTY * 100LL)
			return err_set(err, LEDGER_EINVAL, "validation_failed", "qty",
			               "실사 수량은 0 이상 %s 이하의 정수여야 합니다.",
			               KNUM(LEDGER_MAX_QTY * 100LL));
	} else if (m->qty < 1 || m->qty > LEDGER_MAX_QTY) {
		return err_set(err, LEDGER_EINVAL, "validation_failed", "qty",
		               "수량은 1 이상 %s 이하의 정수여야 합니다.", KNUM(LEDGER_MAX_QTY));
	}
	if (m->date && !date_ok(m->date, today))
		return err_set(
		        err, LEDGER_EINVAL, "validation_failed", "date",
		        "날짜가 올바르지 않습니다: %s (2000-01-01부터 오늘까지의 YYYY-MM-DD)",
		        m->date);
	if (m->expiry && *m->expiry) {
		int y, mo, dd;
		if (util_parse_date(m->expiry, &y, &mo, &dd) != 0)
			return err_set(err, LEDGER_EINVAL, "validation_failed", "expiry",
			               "소비기한이 올바른 날짜가 아닙니다: %s", m->expiry);
	}
	if (m->type != LEDGER_INBOUND &&
	    ((m->lot && *m->lot) || (m->expiry && *m->expiry) || m->expiry_unknown))
		return err_set(err, LEDGER_EINVAL, "validation_failed",
		               m->lot && *m->lot         ? "lot"
		               : m->expiry && *m->expiry ? "expiry"
		                                         : "expiry_unknown",
		               "%s", "로트 번호와 소비기한은 입고에만 적을 수 있습니다.");
	if (m->expiry_unknown && m->expiry && *m->expiry)
		return err_set(err, LEDGER_EINVAL, "validation_failed", "expiry_unknown", "%s",
		               "소비기한을 적었다면 '소비기한 모름'은 고르지 마세요.");
	if (text_too_long(m->lot, LIMIT_LOT))
		return err_set(err, LEDGER_EINVAL, "validation_failed", "lot", "%s",
		               "로트 번호가 너무 깁니다 (64자 이하).");
	if (ledger_text_chars(m->memo) > LEDGER_MEMO_MAX)
		return err_set(err, LEDGER_EINVAL, "validation_failed", "memo",
		               "메모가 너무 깁니다 (%s자 이하).", KNUM(LEDGER_MEMO_MAX));
	char why[sizeof err->message];
	if (util_text_check(m->memo, UTIL_TEXT_MULTILINE, "메모", why, sizeof why) != 0)
		return err_set(err, LEDGER_EINVAL, "bad_text", "memo", "%s", why);
	if (util_text_check(m->lot, UTIL_TEXT_LINE, "로트 번호", why, sizeof why) != 0)
		return err_set(err, LEDGER_EINVAL, "bad_text", "lot", "%s", why);
	if (text_too_long(m->ref, 200))
		return err_set(err, LEDGER_EINVAL, "validation_failed", "ref", "%s",
		               "참조가 너무 깁니다.");
	return LEDGER_OK;
}

/* The refusal of an inbound without an expiry date: it names the product (for a set, the
 * component) managed by expiry date, and the way out when the date is not known. */
static int expiry_required(const struct ledger_product *p, struct ledger_err *err)
{
	const char *what = p->sku;
	for (size_t i = 0; p->is_set && i < p->ncomp; i++)
		if (p->comp[i].has_expiry) {
			what = p->comp[i].sku;
			break;
		}
	return err_set(err, LEDGER_EINVAL, "expiry_required", "expiry",
	               "%s%s%s'%s'은(는) 소비기한 관리 상품입니다. 입고할 때 소비기한을 "
	               "입력하거나, 모르면 '소비기한 모름'을 골라 주세요.",
	               p->is_set ? "세트 '" : "", p->is_set ? p->sku : "",
	               p->is_set ? "'의 구성 상품 " : "", what);
}

static int record_one(struct writer *w, const struct ledger_move *m, const char *date,
                      int allow_neg, struct ledger_written *wr, struct ledger_err *err)
{
	db *d = w->d;
	struct ledger_product p;
	int rc = lookup_with(w->look, w->comps, w->ctx->org_id, m->sku, &p);
	if (rc == LEDGER_EDB)
		return err_db(err, DB_ERR);
	if (rc == LEDGER_ENOSKU)
		return err_set(err, LEDGER_ENOSKU, "sku_not_found", "sku",
		               "상품을 찾을 수 없습니다: %s", m->sku);
	if (wr)
		wr->n = 0;

	if (m->type == LEDGER_INBOUND && ledger_expiry_required(&p) && !(m->expiry && *m->expiry) &&
	    !m->expiry_unknown)
		return expiry_required(&p, err);

	struct row r = {.date = date, .memo = m->memo, .ref = m->ref, .type = m->type};
	if (p.is_set) {
		if (m->type == LEDGER_ADJUST)
			return err_set(
			        err, LEDGER_EINVAL, "set_adjust", "type",
			        "세트 상품(%s)은 재고를 따로 가지지 않아 실사 조정할 수 없습니다. "
			        "구성 상품을 조정해 주세요.",
			        p.sku);
		if (p.ncomp == 0)
			return err_set(err, LEDGER_EINVAL, "set_empty", "sku",
			               "구성 상품이 없는 세트입니다: %s", p.sku);
		int64_t units[LEDGER_MAX_COMPONENTS];
		if (ledger_explode(p.comp, p.ncomp, m->qty, units) != 0)
			return err_set(err, LEDGER_EINVAL, "validation_failed", "qty", "%s",
			               "세트 수량이 너무 큽니다.");
		int sign = m->type == LEDGER_OUTBOUND ? -1 : 1;
		for (size_t i = 0; i < p.ncomp; i++)
			if (!ledger_change_allowed(p.comp[i].on_hand, sign * units[i], allow_neg))
				return err_set(err, LEDGER_ENOSTOCK, "insufficient_stock", "qty",
				               "재고가 부족합니다: 현재 %s개, 출고 %s개 "
				               "(세트 %s의 구성 상품 %s)",
				               KNUM(p.comp[i].on_hand), KNUM(units[i]), p.sku,
				               p.comp[i].sku);
		char group[24];
		next_group(d, group);
		r.set_group = group;
		r.set_product_id = p.id;
		for (size_t i = 0; i < p.ncomp; i++) {
			/* A set received as a whole carries the expiry date of what is in it:
			 * it opens a lot of each component managed by expiry date. */
			int dated = m->type == LEDGER_INBOUND && p.comp[i].has_expiry;
			r.lot = dated ? m->lot : NULL;
			r.expiry = dated ? m->expiry : NULL;
			r.expiry_unknown = dated && m->expiry_unknown;
			r.product_id = p.comp[i].product_id;
			r.qty = sign * units[i];
			int64_t id;
			if ((rc = write_row(w, &r, &id)) != 0)
				return err_db(err, rc);
			if (sign < 0 && (rc = lots_consume(w, r.product_id, units[i])) != 0)
				return err_db(err, rc);
			if (wr && wr->n < LEDGER_MAX_COMPONENTS)
				wr->ids[wr->n++] = id;
			p.comp[i].on_hand += r.qty;
		}
		if (wr)
			wr->on_hand_after = ledger_set_available(p.comp, p.ncomp);
		return LEDGER_OK;
	}

	int64_t delta = m->type == LEDGER_INBOUND    ? m->qty
	                : m->type == LEDGER_OUTBOUND ? -m->qty
	                                             : m->qty - p.on_hand;
	if (!ledger_change_allowed(p.on_hand, delta, allow_neg))
		return err_set(err, LEDGER_ENOSTOCK, "insufficient_stock", "qty",
		               "재고가 부족합니다: 현재 %s개, 출고 %s개 (%s)", KNUM(p.on_hand),
		               KNUM(-delta), p.sku);
	r.product_id = p.id;
	r.qty = delta;
	r.lot = m->lot;
	r.expiry = m->expiry;
	r.expiry_unknown = m->expiry_unknown && p.has_expiry; /* nothing to know otherwise */
	int64_t id;
	if ((rc = write_row(w, &r, &id)) != 0)
		return err_db(err, rc);
	if (delta < 0 && (rc = lots_consume(w, p.id, -delta)) != 0)
		return err_db(err, rc);
	if (wr) {
		wr->ids[wr->n++] = id;
		wr->on_hand_after = p.on_hand + delta;
	}
	return LEDGER_OK;
}

int ledger_record(db *d, const struct ledger_ctx *ctx, const struct ledger_move *m, size_t n,
                  struct ledger_written *written, struct ledger_err *err)
{
	if (err)
		memset(err, 0, sizeof *err);
	if (!ledger_source_valid(ctx->source))
		return err_set(err, LEDGER_EINVAL, "validation_failed", "source", "%s",
		               "알 수 없는 출처입니다.");
	char today[11];
	today_kst(today);
	/* Check every input before touching the database, so a bad row costs nothing. */
	for (size_t i = 0; i < n; i++) {
		int rc = move_check(&m[i], today, err);
		if (rc != LEDGER_OK) {
			if (err)
				err->index = i;
			return rc;
		}
	}
	int rc = db_begin(d);
	if (rc != DB_OK)
		return err_db(err, rc);
	int allow_neg = (int)db_int(d, 0, "SELECT allow_negative_stock FROM orgs WHERE id = ?", "i",
	                            ctx->org_id);
	struct writer w;
	writer_open(&w, d, ctx);
	rc = LEDGER_OK;
	for (size_t i = 0; i < n && rc == LEDGER_OK; i++) {
		rc = record_one(&w, &m[i], m[i].date ? m[i].date : today, allow_neg,
		                written ? &written[i] : NULL, err);
		if (rc != LEDGER_OK && err)
			err->index = i;
	}
	writer_close(&w);
	if (rc != LEDGER_OK) {
		db_rollback(d);
		return rc;
	}
	int crc = db_commit(d);
	if (crc != DB_OK)
		return err_db(err, crc);
	return LEDGER_OK;
}

/* ------------------------------------------------------------------ reversal */

struct orig {
	int64_t id, product_id, qty;
	int type;
	char date[11];
	char ref[201];
};

/* The rows one reversal undoes: the movement, or every row of its set group. */
static size_t load_originals(db *d, int64_t org_id, int64_t movement_id, const char *group,
                             struct orig *rows)
{
	db_stmt *s =
	        group ? db_preparef(d,
	                            "SELECT id, product_id, qty, type, date, ref FROM movements"
	                            " WHERE org_id = ? AND set_group = ? ORDER BY id",
	                            "it", org_id, group)
	              : db_preparef(d,
	                            "SELECT id, product_id, qty, type, date, ref FROM movements"
	                            " WHERE org_id = ? AND id = ?",
	                            "ii", org_id, movement_id);
	size_t n = 0;
	while (n < LEDGER_MAX_COMPONENTS && db_step(s) == DB_ROW) {
		rows[n].id = db_col_int(s, 0);
		rows[n].product_id = db_col_int(s, 1);
		rows[n].qty = db_col_int(s, 2);
		rows[n].type = ledger_type_parse(db_col_text(s, 3));
		util_strlcpy(rows[n].date, db_col_text(s, 4), sizeof rows[n].date);
		util_strlcpy(rows[n].ref, db_col_text(s, 5) ? db_col_text(s, 5) : "",
		             sizeof rows[n].ref);
		n++;
	}
	db_finalize(s);
	return n;
}

/* Refuses a reversal of rows already reversed, one that would take stock below zero where
 * the organisation does not allow it, and one of rows without a quantity. */
static int reversal_allowed(db *d, const struct orig *rows, size_t n, int allow_neg,
                            struct ledger_err *err)
{
	for (size_t i = 0; i < n; i++) {
		int64_t by = db_int(d, 0, "SELECT id FROM movements WHERE reverses = ?", "i",
		                    rows[i].id);
		if (by)
			return err_set(err, LEDGER_ECONFLICT, "already_reversed", NULL,
			               "이미 되돌린 내역입니다 (#%lld → #%lld).",
			               (long long)rows[i].id, (long long)by);
	}
	int nonzero = 0;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].qty == 0)
			continue;
		nonzero++;
		int64_t bal = db_int(d, 0, "SELECT on_hand FROM balances WHERE product_id = ?", "i",
		                     rows[i].product_id);
		if (!ledger_change_allowed(bal, -rows[i].qty, allow_neg)) {
			char *sku = db_text(d, "SELECT sku FROM products WHERE id = ?", "i",
			                    rows[i].product_id);
			int rc = err_set(
			        err, LEDGER_ENOSTOCK, "insufficient_stock", NULL,
			        "재고가 부족합니다: 현재 %s개인데 되돌리면 %s개가 줄어듭니다 (%s)",
			        KNUM(bal), KNUM(rows[i].qty), sku ? sku : "");
			free(sku);
			return rc;
		}
	}
	if (nonzero == 0)
		return err_set(err, LEDGER_ECONFLICT, "nothing_to_reverse", NULL, "%s",
		               "수량 변화가 없는 기록이라 되돌릴 것이 없습니다.");
	return LEDGER_OK;
}

/* The lots follow a reversal row r of the original o. */
static int reverse_lots(struct writer *w, const struct orig *o, const struct row *r)
{
	db *d = w->d;
	if (o->type == LEDGER_INBOUND) {
		/* The units leave their own lot; if part of it was already sold, the other lots
		 * give up what they then hold beyond the stock. */
		int64_t own =
		        db_int(d, 0, "SELECT COALESCE(SUM(qty), 0) FROM lots WHERE movement_id = ?",
		               "i", o->id);
		int64_t from_own = own < o->qty ? own : o->qty;
		int rc = db_exec(d, "UPDATE lots SET qty = qty - ? WHERE movement_id = ?", "ii",
		                 from_own, o->id);
		return rc == 0 ? lots_fit(w, r->product_id) : rc;
	}
	if (r->qty < 0)
		return lots_consume(w, r->product_id, -r->qty);
	if (r->qty > 0) {
		int64_t bal = db_int(d, 0, "SELECT on_hand FROM balances WHERE product_id = ?", "i",
		                     r->product_id);
		return lots_restore(w, r->product_id, o->id, r->qty, bal);
	}
	return 0;
}

/* Writes one reversal row per original row with a quantity, in a new set group when the
 * originals had one. */
static int write_reversals(db *d, const struct ledger_ctx *ctx, const struct orig *rows, size_t n,
                           const char *group, const char *memo, struct ledger_written *written,
                           struct ledger_err *err)
{
	struct writer w;
	writer_open(&w, d, ctx);
	char gbuf[24];
	if (group)
		next_group(d, gbuf);
	int rc = LEDGER_OK;
	for (size_t i = 0; i < n && rc == LEDGER_OK; i++) {
		if (rows[i].qty == 0)
			continue;
		/* The reversal keeps the original business date, so daily outbound history (what
		 * forecasts learn from) shows the corrected figure on the day it belongs to. */
		struct row r = {.product_id = rows[i].product_id,
		                .type = LEDGER_REVERSAL,
		                .qty = -rows[i].qty,
		                .date = rows[i].date,
		                .memo = memo,
		                .ref = rows[i].ref,
		                .reverses = rows[i].id,
		                .set_group = group ? gbuf : NULL};
		if (group)
			r.set_product_id =
			        db_int(d, 0, "SELECT set_product_id FROM movements WHERE id = ?",
			               "i", rows[i].id);
		int64_t id;
		int wrc = write_row(&w, &r, &id);
		if (wrc == 0)
			wrc = reverse_lots(&w, &rows[i], &r);
		if (wrc != 0)
			rc = err_db(err, wrc);
		else if (written && written->n < LEDGER_MAX_COMPONENTS)
			written->ids[written->n++] = id;
	}
	writer_close(&w);
	return rc;
}

int ledger_reverse(db *d, const struct ledger_ctx *ctx, int64_t movement_id, const char *memo,
                   struct ledger_written *written, struct ledger_err *err)
{
	if (err)
		memset(err, 0, sizeof *err);
	if (written)
		written->n = 0;
	if (ledger_text_chars(memo) > LEDGER_MEMO_MAX)
		return err_set(err, LEDGER_EINVAL, "validation_failed", "memo",
		               "메모가 너무 깁니다 (%s자 이하).", KNUM(LEDGER_MEMO_MAX));
	char why[sizeof err->message];
	if (util_text_check(memo, UTIL_TEXT_MULTILINE, "메모", why, sizeof why) != 0)
		return err_set(err, LEDGER_EINVAL, "bad_text", "memo", "%s", why);
	int rc = db_begin(d);
	if (rc != DB_OK)
		return err_db(err, rc);
	char *type = db_text(d, "SELECT type FROM movements WHERE id = ? AND org_id = ?", "ii",
	                     movement_id, ctx->org_id);
	char *group = db_text(d, "SELECT set_group FROM movements WHERE id = ? AND org_id = ?",
	                      "ii", movement_id, ctx->org_id);
	int allow_neg = (int)db_int(d, 0, "SELECT allow_negative_stock FROM orgs WHERE id = ?", "i",
	                            ctx->org_id);
	struct orig rows[LEDGER_MAX_COMPONENTS];
	size_t n = 0;
	if (!type)
		rc = err_set(err, LEDGER_ENOSKU, "movement_not_found", NULL,
		             "입출고 내역을 찾을 수 없습니다: #%lld", (long long)movement_id);
	else if (strcmp(type, "reversal") == 0)
		rc = err_set(err, LEDGER_ECONFLICT, "reversal_of_reversal", NULL, "%s",
		             "되돌리기 기록은 다시 되돌릴 수 없습니다. 필요하면 새로 입고/출고를 "
		             "기록해 주세요.");
	else {
		n = load_originals(d, ctx->org_id, movement_id, group, rows);
		rc = reversal_allowed(d, rows, n, allow_neg, err);
	}
	if (rc == LEDGER_OK)
		rc = write_reversals(d, ctx, rows, n, group, memo, written, err);
	if (rc == LEDGER_OK && written && n > 0)
		written->on_hand_after = ledger_on_hand(d, rows[0].product_id);
	free(type);
	free(group);
	if (rc != LEDGER_OK) {
		db_rollback(d);
		return rc;
	}
	int crc = db_commit(d);
	if (crc != DB_OK)
		return err_db(err, crc);
	return LEDGER_OK;
}

/* ------------------------------------------------------------------ verification */

int ledger_verify(db *d, int64_t org_id, FILE *report)
{
	db_stmt *s = db_preparef(
	        d,
	        "SELECT p.org_id, p.sku, COALESCE(b.on_hand, 0),"
	        " COALESCE((SELECT SUM(m.qty) FROM movements m WHERE m.product_id = p.id), 0)"
	        " FROM products p LEFT JOIN balances b ON b.product_id = p.id"
	        " WHERE ? = 0 OR p.org_id = ? ORDER BY p.org_id, p.sku",
	        "ii", org_id, org_id);
	int bad = 0, rc;
	while ((rc = db_step(s)) == DB_ROW) {
		int64_t cached = db_col_int(s, 2), sum = db_col_int(s, 3);
		if (cached != sum) {
			bad++;
			if (report)
				fprintf(report,
				        "mismatch org=%lld sku=%s balance=%lld ledger=%lld\n",
				        (long long)db_col_int(s, 0), db_col_text(s, 1),
				        (long long)cached, (long long)sum);
		}
	}
	db_finalize(s);
	if (rc < 0)
		return -1;
	/* Lots: within [0, received], and together within the stock (every decrease takes
	 * from the lots first, so they can never hold more than there is). */
	s = db_preparef(d,
	                "SELECT p.org_id, p.sku, COALESCE(b.on_hand, 0), SUM(l.qty),"
	                " SUM(l.qty < 0 OR l.qty > l.received_qty)"
	                " FROM lots l JOIN products p ON p.id = l.product_id"
	                " LEFT JOIN balances b ON b.product_id = p.id"
	                " WHERE ? = 0 OR p.org_id = ? GROUP BY p.id ORDER BY p.org_id, p.sku",
	                "ii", org_id, org_id);
	while ((rc = db_step(s)) == DB_ROW) {
		int64_t on_hand = db_col_int(s, 2), held = db_col_int(s, 3),
		        outside = db_col_int(s, 4);
		if (held > (on_hand > 0 ? on_hand : 0) || outside > 0) {
			bad++;
			if (report)
				fprintf(report,
				        "lots org=%lld sku=%s balance=%lld lots=%lld"
				        " lots_out_of_range=%lld\n",
				        (long long)db_col_int(s, 0), db_col_text(s, 1),
				        (long long)on_hand, (long long)held, (long long)outside);
		}
	}
	db_finalize(s);
	if (rc < 0)
		return -1;
	/* Movements of another organisation's product would be a cross-org leak. */
	int64_t cross =
	        db_int(d, 0,
	               "SELECT COUNT(*) FROM movements m JOIN products p ON p.id = m.product_id"
	               " WHERE m.org_id <> p.org_id AND (? = 0 OR m.org_id = ?)",
	               "ii", org_id, org_id);
	if (cross > 0) {
		bad += (int)cross;
		if (report)
			fprintf(report, "movements recorded under another organisation: %lld\n",
			        (long long)cross);
	}
	return bad;
}
