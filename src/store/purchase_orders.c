/* purchase_orders.c — purchase orders in the store: drafts, sending, receiving through the
 * ledger, cancelling, closing, and the read-outs for the API and for planning. See
 * purchase_orders.h; the status rules are po_rules.c. */
#include "purchase_orders.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"
#include "util.h"
#include "row_json.h"

/* ------------------------------------------------------------------ errors */

void po_err_clear(struct po_err *e)
{
	if (!e)
		return;
	json_decref(e->details);
	memset(e, 0, sizeof *e);
}

static void verr(struct po_err *e, const char *field, const char *code, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* Adds a field error (400); the first one becomes the message. */
static void verr(struct po_err *e, const char *field, const char *code, const char *fmt, ...)
{
	char msg[384];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!e->details)
		e->details = json_array();
	json_array_append_new(e->details, json_pack("{s:s, s:s, s:s}", "field", field, "code", code,
	                                            "message", msg));
	if (e->code == PO_STORE_OK) {
		e->code = PO_STORE_EINVAL;
		e->id = "validation_failed";
		/* "입력값을 확인해 주세요: " + the message, cut if it must be (never mid-way
		 * through a character: messages are built well below the limit). */
		static const char lead[] = "입력값을 확인해 주세요: ";
		util_strlcpy(e->message, lead, sizeof e->message);
		util_strlcpy(e->message + sizeof lead - 1, msg,
		             sizeof e->message - sizeof lead + 1);
	}
}

static int fail(struct po_err *e, int code, const char *id, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static int fail(struct po_err *e, int code, const char *id, const char *fmt, ...)
{
	e->code = code;
	e->id = id;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	return code;
}

static int fail_db(struct po_err *e, int rc)
{
	e->db_rc = rc;
	return fail(e, PO_STORE_EDB, rc == DB_BUSY ? "unavailable" : "internal_error", "%s",
	            "저장하지 못했습니다. 잠시 후 다시 시도해 주세요.");
}

/* A refusal of the status machine (409). */
static int fail_rule(struct po_err *e, int rule)
{
	return fail(e, PO_STORE_ECONFLICT, po_result_code(rule), "%s", po_result_message(rule));
}

static int not_found(struct po_err *e, int64_t id)
{
	return fail(e, PO_STORE_ENOTFOUND, "purchase_order_not_found",
	            "발주서를 찾을 수 없습니다: #%lld", (long long)id);
}

/* ------------------------------------------------------------------ dates */

static void today_kst(char out[11])
{
	util_kst_date(util_now(), out);
}

/* "YYYY-MM-DD" → day number; -1 when it does not parse (callers validated the format). */
static int64_t day_of(const char *s)
{
	return date_day_or(s, -1);
}

/* ------------------------------------------------------------------ the order's head */

struct head {
	int64_t id, supplier_id;
	int status;
	char order_date[11];
	char expected_date[11];
};

/* Loads the order's head; PO_STORE_ENOTFOUND when the organisation has no such order. */
static int head_load(db *d, int64_t org_id, int64_t id, struct head *h, struct po_err *e)
{
	memset(h, 0, sizeof *h);
	db_stmt *s = db_preparef(d,
	                         "SELECT id, supplier_id, status, COALESCE(order_date, ''),"
	                         " COALESCE(expected_date, '') FROM purchase_orders"
	                         " WHERE id = ? AND org_id = ?",
	                         "ii", id, org_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		h->id = db_col_int(s, 0);
		h->supplier_id = db_col_int(s, 1);
		h->status = po_status_parse(db_col_text(s, 2));
		util_strlcpy(h->order_date, db_col_text(s, 3), sizeof h->order_date);
		util_strlcpy(h->expected_date, db_col_text(s, 4), sizeof h->expected_date);
	}
	db_finalize(s);
	if (rc < 0)
		return fail_db(e, rc);
	if (rc != DB_ROW)
		return not_found(e, id);
	return PO_STORE_OK;
}

/* Ends the function's own transaction level: commit on success, else roll back. */
static int finish(db *d, int rc, struct po_err *e)
{
	if (rc != PO_STORE_OK) {
		db_rollback(d);
		return rc;
	}
	int crc = db_commit(d);
	return crc == DB_OK ? PO_STORE_OK : fail_db(e, crc);
}

static int begin(db *d, struct po_err *e)
{
	memset(e, 0, sizeof *e);
	int rc = db_begin(d);
	return rc == DB_OK ? PO_STORE_OK : fail_db(e, rc);
}

/* ------------------------------------------------------------------ drafts */

static int check_supplier(db *d, int64_t org_id, int64_t supplier_id, struct po_err *e)
{
	db_stmt *s = db_preparef(d, "SELECT active FROM suppliers WHERE id = ? AND org_id = ?",
	                         "ii", supplier_id, org_id);
	int rc = db_step(s);
	int active = rc == DB_ROW ? (int)db_col_int(s, 0) : 0;
	db_finalize(s);
	if (rc < 0)
		return fail_db(e, rc);
	if (rc != DB_ROW)
		verr(e, "supplier_id", "supplier_not_found", "공급처를 찾을 수 없습니다: #%lld",
		     (long long)supplier_id);
	else if (!active)
		verr(e, "supplier_id", "supplier_inactive",
		     "사용하지 않는 공급처입니다. 공급처를 다시 사용으로 바꾸거나 다른 공급처를 "
		     "고르세요.");
	return PO_STORE_OK;
}

/* A line's product, resolved and checked. */
struct line_product {
	int64_t id;
	int64_t unit_cost;
};

static int check_lines(db *d, int64_t org_id, const struct po_input *in, struct line_product *out,
                       struct po_err *e)
{
	if (in->nlines > PO_MAX_LINES) {
		verr(e, "lines", "too_many_lines",
		     "한 발주서에는 상품을 %d개까지 넣을 수 있습니다.", PO_MAX_LINES);
		return PO_STORE_OK;
	}
	db_stmt *s = db_prepare(d, "SELECT id, kind, active, unit_cost FROM products"
	                           " WHERE org_id = ? AND sku = ?");
	int rc = DB_OK;
	for (size_t i = 0; i < in->nlines; i++) {
		const struct po_line_in *l = &in->lines[i];
		char field[48];
		snprintf(field, sizeof field, "lines[%zu].sku", i);
		out[i].id = 0;
		db_reset(s);
		db_bind_int(s, 1, org_id);
		db_bind_text(s, 2, l->sku);
		int step = db_step(s);
		if (step < 0) {
			rc = step;
			break;
		}
		if (step != DB_ROW) {
			verr(e, field, "sku_not_found", "상품을 찾을 수 없습니다: %s", l->sku);
			continue;
		}
		out[i].id = db_col_int(s, 0);
		out[i].unit_cost = db_col_int(s, 3);
		if (util_streq(db_col_text(s, 1), "set")) {
			verr(e, field, "set_not_orderable",
			     "세트 상품(%s)은 재고를 따로 가지지 않습니다. 구성 상품으로 "
			     "발주하세요.",
			     l->sku);
			continue;
		}
		if (!db_col_int(s, 2)) {
			verr(e, field, "product_inactive",
			     "사용 중지된 상품은 발주할 수 없습니다: %s", l->sku);
			continue;
		}
		for (size_t k = 0; k < i; k++)
			if (out[k].id == out[i].id) {
				verr(e, field, "duplicate_product",
				     "같은 상품(%s)이 두 번 들어 있습니다. 한 줄로 합쳐 주세요.",
				     l->sku);
				break;
			}
		if (l->unit_cost < 0 && out[i].unit_cost > PO_UNIT_COST_MAX) {
			snprintf(field, sizeof field, "lines[%zu].unit_cost", i);
			verr(e, field, "out_of_range",
			     "상품의 매입 단가가 %lld원을 넘습니다. 이 줄의 매입 단가를 직접 "
			     "입력하세요.",
			     (long long)PO_UNIT_COST_MAX);
		}
	}
	db_finalize(s);
	return rc < 0 ? fail_db(e, rc) : PO_STORE_OK;
}

static int write_lines(db *d, int64_t org_id, int64_t po_id, const struct po_input *in,
                       const struct line_product *prod)
{
	int rc = db_exec(d, "DELETE FROM purchase_order_lines WHERE po_id = ?", "i", po_id);
	for (size_t i = 0; i < in->nlines && rc == DB_OK; i++) {
		const struct po_line_in *l = &in->lines[i];
		rc = db_exec(d,
		             "INSERT INTO purchase_order_lines (org_id, po_id, line_no, product_id,"
		             " qty, unit_cost, expected_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
		             "iiiiiit", org_id, po_id, (int64_t)(i + 1), prod[i].id, l->qty,
		             l->unit_cost >= 0 ? l->unit_cost : prod[i].unit_cost,
		             l->expected_date && *l->expected_date ? l->expected_date : NULL);
	}
	return rc;
}

int po_save(db *d, int64_t org_id, int64_t user_id, int64_t *id, const struct po_input *in,
            struct po_err *err)
{
	int rc = begin(d, err);
	if (rc != PO_STORE_OK)
		return rc;
	if (*id) {
		struct head h;
		rc = head_load(d, org_id, *id, &h, err);
		if (rc == PO_STORE_OK && po_allowed(h.status, PO_EDIT) != PO_OK)
			rc = fail_rule(err, po_allowed(h.status, PO_EDIT));
		if (rc != PO_STORE_OK)
			return finish(d, rc, err);
	} else if (!in->has_supplier) {
		verr(err, "supplier_id", "required", "%s", "공급처를 골라 주세요.");
	}
	if (in->has_supplier && (rc = check_supplier(d, org_id, in->supplier_id, err)) != 0)
		return finish(d, rc, err);
	struct line_product *prod = xcalloc(in->nlines ? in->nlines : 1, sizeof *prod);
	if (in->has_lines)
		rc = check_lines(d, org_id, in, prod, err);
	if (rc == PO_STORE_OK && err->code != PO_STORE_OK)
		rc = err->code;
	if (rc != PO_STORE_OK) {
		free(prod);
		return finish(d, rc, err);
	}
	char now[32];
	util_utc_iso(util_now(), now);
	const char *exp = in->expected_date && *in->expected_date ? in->expected_date : NULL;
	int drc;
	if (*id == 0) {
		drc = db_exec(
		        d,
		        "INSERT INTO purchase_orders (org_id, supplier_id, status, expected_date,"
		        " memo, created_by, created_at, updated_at)"
		        " VALUES (?, ?, 'draft', ?, ?, NULLIF(?, 0), ?, ?)",
		        "iittitt", org_id, in->supplier_id, exp,
		        in->has_memo && in->memo ? in->memo : "", user_id, now, now);
		if (drc == DB_OK)
			*id = db_last_id(d);
	} else {
		/* One statement: each column keeps its value unless the input sent it. */
		drc = db_exec(d,
		              "UPDATE purchase_orders SET"
		              " supplier_id = CASE WHEN ? THEN ? ELSE supplier_id END,"
		              " expected_date = CASE WHEN ? THEN ? ELSE expected_date END,"
		              " memo = CASE WHEN ? THEN ? ELSE memo END, updated_at = ?"
		              " WHERE id = ? AND org_id = ?",
		              "iiitittii", (int64_t)in->has_supplier, in->supplier_id,
		              (int64_t)in->has_expected, exp, (int64_t)in->has_memo,
		              in->memo ? in->memo : "", now, *id, org_id);
	}
	if (drc == DB_OK && in->has_lines)
		drc = write_lines(d, org_id, *id, in, prod);
	free(prod);
	return finish(d, drc == DB_OK ? PO_STORE_OK : fail_db(err, drc), err);
}

/* The expected arrival of an order sent on order_day without one: + the supplier's lead
 * time, else + the longest lead time of its products (their own, else their supplier's).
 * Returns -1 when none is known. */
static int64_t derive_expected(db *d, int64_t po_id, int64_t order_day)
{
	int64_t lead = db_int(d, -1,
	                      "SELECT COALESCE(s.lead_time_days, -1) FROM purchase_orders o"
	                      " JOIN suppliers s ON s.id = o.supplier_id WHERE o.id = ?",
	                      "i", po_id);
	if (lead < 0)
		lead = db_int(
		        d, -1,
		        "SELECT COALESCE(MAX(COALESCE(p.lead_time_days, ps.lead_time_days)), -1)"
		        " FROM purchase_order_lines l JOIN products p ON p.id = l.product_id"
		        " LEFT JOIN suppliers ps ON ps.id = p.supplier_id WHERE l.po_id = ?",
		        "i", po_id);
	return lead < 0 ? -1 : order_day + lead;
}

int po_order(db *d, int64_t org_id, int64_t user_id, int64_t id, const char *order_date,
             struct po_err *err)
{
	int rc = begin(d, err);
	struct head h;
	if (rc == PO_STORE_OK)
		rc = head_load(d, org_id, id, &h, err);
	if (rc == PO_STORE_OK && po_allowed(h.status, PO_ORDER) != PO_OK)
		rc = fail_rule(err, po_allowed(h.status, PO_ORDER));
	if (rc != PO_STORE_OK)
		return finish(d, rc, err);
	char today[11], date[11];
	today_kst(today);
	util_strlcpy(date, order_date && *order_date ? order_date : today, sizeof date);
	if (strcmp(date, today) > 0 || strcmp(date, "2000-01-01") < 0 || day_of(date) < 0) {
		verr(err, "order_date", "order_date_out_of_range",
		     "발주일은 2000-01-01부터 오늘(%s)까지의 날짜로 입력해 주세요.", today);
		return finish(d, err->code, err);
	}
	int64_t nlines =
	        db_int(d, 0, "SELECT COUNT(*) FROM purchase_order_lines WHERE po_id = ?", "i", id);
	if (nlines == 0)
		return finish(d,
		              fail(err, PO_STORE_ECONFLICT, "po_empty", "%s",
		                   "발주할 상품이 없습니다. 상품을 넣은 뒤 발주하세요."),
		              err);
	int64_t order_day = day_of(date);
	char expected[11];
	if (h.expected_date[0]) {
		util_strlcpy(expected, h.expected_date, sizeof expected);
	} else {
		int64_t exp_day = derive_expected(d, id, order_day);
		if (exp_day < 0) {
			verr(err, "expected_date", "expected_date_missing", "%s",
			     "입고 예정일을 입력해 주세요. 공급처와 상품에 리드타임이 없어 정할 수 "
			     "없습니다.");
			return finish(d, err->code, err);
		}
		date_format(exp_day, expected);
	}
	/* Nothing can be expected before it was ordered: the order's date and each line's. */
	int64_t early = db_int(d, 0,
	                       "SELECT COUNT(*) FROM purchase_order_lines WHERE po_id = ?"
	                       " AND expected_date IS NOT NULL AND expected_date < ?",
	                       "it", id, date);
	if (strcmp(expected, date) < 0 || early > 0) {
		verr(err, strcmp(expected, date) < 0 ? "expected_date" : "lines",
		     "expected_before_order", "입고 예정일(%s)이 발주일(%s)보다 빠릅니다.",
		     strcmp(expected, date) < 0 ? expected : "상품별 예정일", date);
		return finish(d, err->code, err);
	}
	char now[32];
	util_utc_iso(util_now(), now);
	int drc = db_exec(
	        d,
	        "UPDATE purchase_orders SET status = 'ordered', order_date = ?,"
	        " expected_date = ?, ordered_by = NULLIF(?, 0), ordered_at = ?, updated_at = ?"
	        " WHERE id = ? AND org_id = ?",
	        "ttittii", date, expected, user_id, now, now, id, org_id);
	return finish(d, drc == DB_OK ? PO_STORE_OK : fail_db(err, drc), err);
}

/* Cancel or close: the status the rule gives, who, when and why. */
static int end_order(db *d, int64_t org_id, int64_t user_id, int64_t id, int action,
                     const char *reason, struct po_err *err)
{
	int rc = begin(d, err);
	struct head h;
	if (rc == PO_STORE_OK)
		rc = head_load(d, org_id, id, &h, err);
	if (rc == PO_STORE_OK && po_allowed(h.status, action) != PO_OK)
		rc = fail_rule(err, po_allowed(h.status, action));
	if (rc != PO_STORE_OK)
		return finish(d, rc, err);
	char now[32];
	util_utc_iso(util_now(), now);
	int next = po_status_after(h.status, action, 0, 0);
	int drc =
	        db_exec(d,
	                "UPDATE purchase_orders SET status = ?, closed_short = ?, close_reason = ?,"
	                " closed_by = NULLIF(?, 0), closed_at = ?, updated_at = ?"
	                " WHERE id = ? AND org_id = ?",
	                "titittii", po_status_name(next), (int64_t)(action == PO_CLOSE),
	                reason && *reason ? reason : NULL, user_id, now, now, id, org_id);
	return finish(d, drc == DB_OK ? PO_STORE_OK : fail_db(err, drc), err);
}

int po_cancel(db *d, int64_t org_id, int64_t user_id, int64_t id, const char *reason,
              struct po_err *err)
{
	return end_order(d, org_id, user_id, id, PO_CANCEL, reason, err);
}

int po_close(db *d, int64_t org_id, int64_t user_id, int64_t id, const char *reason,
             struct po_err *err)
{
	return end_order(d, org_id, user_id, id, PO_CLOSE, reason, err);
}

/* ------------------------------------------------------------------ receiving */

/* A line of the order as receiving sees it. */
struct rline {
	int64_t id, product_id, qty, received, adding;
	int has_expiry;
	char sku[LEDGER_SKU_MAX + 1];
};

static int load_rlines(db *d, int64_t po_id, struct rline **out, size_t *n)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT l.id, l.product_id, l.qty, l.received_qty, p.has_expiry,"
	                         " p.sku FROM purchase_order_lines l"
	                         " JOIN products p ON p.id = l.product_id"
	                         " WHERE l.po_id = ? ORDER BY l.line_no",
	                         "i", po_id);
	size_t cap = 8, k = 0;
	struct rline *v = xcalloc(cap, sizeof *v);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (k == cap)
			v = xrealloc(v, (cap *= 2) * sizeof *v);
		v[k] = (struct rline){.id = db_col_int(s, 0),
		                      .product_id = db_col_int(s, 1),
		                      .qty = db_col_int(s, 2),
		                      .received = db_col_int(s, 3),
		                      .has_expiry = (int)db_col_int(s, 4)};
		util_strlcpy(v[k].sku, db_col_text(s, 5), sizeof v[k].sku);
		k++;
	}
	db_finalize(s);
	*out = v;
	*n = k;
	return rc == DB_DONE ? DB_OK : rc;
}

static struct rline *find_rline(struct rline *v, size_t n, const struct po_receive_line *in)
{
	for (size_t i = 0; i < n; i++)
		if (in->line_id ? v[i].id == in->line_id : util_streq(v[i].sku, in->sku))
			return &v[i];
	return NULL;
}

/* The request as one canonical text, hashed: two requests that ask the same (a line named
 * by id or by SKU alike) have the same hash. */
static void request_hash(int64_t po_id, const char *date, const char *memo,
                         const struct po_receive_line *l, struct rline *const *which, size_t n,
                         char out[65])
{
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	char buf[96];
	int len = snprintf(buf, sizeof buf, "po=%lld\ndate=%s\nmemo=", (long long)po_id, date);
	crypto_hash_sha256_update(&st, (const unsigned char *)buf, (size_t)len);
	crypto_hash_sha256_update(&st, (const unsigned char *)(memo ? memo : ""),
	                          strlen(memo ? memo : "") + 1); /* the NUL separates */
	for (size_t i = 0; i < n; i++) {
		len = snprintf(buf, sizeof buf,
		               "\nline=%lld qty=%lld lot=", (long long)which[i]->id,
		               (long long)l[i].qty);
		crypto_hash_sha256_update(&st, (const unsigned char *)buf, (size_t)len);
		const char *lot = l[i].lot ? l[i].lot : "", *exp = l[i].expiry ? l[i].expiry : "";
		crypto_hash_sha256_update(&st, (const unsigned char *)lot, strlen(lot) + 1);
		crypto_hash_sha256_update(&st, (const unsigned char *)exp, strlen(exp) + 1);
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* A key seen before: the same request again, or another request under the same key. */
static int check_key(db *d, int64_t org_id, const char *key, const char *hash, struct po_err *e)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT r.id, r.po_id, r.request_hash, r.received_date"
	                         " FROM purchase_order_receipts r"
	                         " WHERE r.org_id = ? AND r.request_key = ? ORDER BY r.seq",
	                         "it", org_id, key);
	json_t *ids = json_array();
	int same = 0, rc;
	int64_t po = 0;
	char date[11] = "";
	while ((rc = db_step(s)) == DB_ROW) {
		json_array_append_new(ids, json_integer(db_col_int(s, 0)));
		po = db_col_int(s, 1);
		same = util_streq(db_col_text(s, 2), hash);
		util_strlcpy(date, db_col_text(s, 3), sizeof date);
	}
	db_finalize(s);
	if (rc < 0) {
		json_decref(ids);
		return fail_db(e, rc);
	}
	if (json_array_size(ids) == 0) {
		json_decref(ids);
		return PO_STORE_OK;
	}
	e->details = json_pack("[{s:s, s:I, s:s, s:o}]", "code", "receipt", "po_id", (json_int_t)po,
	                       "date", date, "receipt_ids", ids);
	if (same)
		return fail(
		        e, PO_STORE_ECONFLICT, "already_received",
		        "이미 처리한 입고입니다 (%s, 발주서 #%lld). 같은 요청을 다시 보내도 재고는 "
		        "한 번만 늘어납니다.",
		        date, (long long)po);
	return fail(e, PO_STORE_ECONFLICT, "idempotency_key_reused", "%s",
	            "이 요청 키(Idempotency-Key)는 다른 입고에 이미 쓰였습니다. 새 입고는 새 키로 "
	            "보내 주세요.");
}

/* Field checks of each received lot against its line. */
static void check_lots(const struct po_receive_in *in, struct rline *lines, size_t nlines,
                       struct rline **which, const char *date, struct po_err *e)
{
	for (size_t i = 0; i < in->nlines; i++) {
		const struct po_receive_line *l = &in->lines[i];
		char field[48];
		which[i] = find_rline(lines, nlines, l);
		if (!which[i]) {
			snprintf(field, sizeof field, "lines[%zu].%s", i,
			         l->line_id ? "line_id" : "sku");
			if (l->line_id)
				verr(e, field, "line_not_found", "이 발주서에 없는 줄입니다: #%lld",
				     (long long)l->line_id);
			else
				verr(e, field, "line_not_found", "이 발주서에 없는 상품입니다: %s",
				     l->sku ? l->sku : "");
			continue;
		}
		if (which[i]->has_expiry && !(l->lot && *l->lot)) {
			snprintf(field, sizeof field, "lines[%zu].lot", i);
			verr(e, field, "lot_required",
			     "소비기한을 관리하는 상품(%s)은 로트 번호를 입력해야 합니다.",
			     which[i]->sku);
		}
		if (which[i]->has_expiry && !(l->expiry && *l->expiry)) {
			snprintf(field, sizeof field, "lines[%zu].expiry", i);
			verr(e, field, "expiry_required",
			     "소비기한을 관리하는 상품(%s)은 소비기한을 입력해야 합니다.",
			     which[i]->sku);
		} else if (l->expiry && *l->expiry && strcmp(l->expiry, date) < 0) {
			snprintf(field, sizeof field, "lines[%zu].expiry", i);
			verr(e, field, "expiry_before_receipt",
			     "소비기한(%s)이 입고일(%s)보다 이릅니다. 날짜를 확인해 주세요.",
			     l->expiry, date);
		}
		which[i]->adding += l->qty;
	}
}

/* Every line's total of this request against what it still expects (409 over_receipt). */
static int check_over(struct rline *lines, size_t n, struct po_err *e)
{
	json_t *details = NULL;
	for (size_t i = 0; i < n; i++) {
		int64_t left = 0;
		if (lines[i].adding == 0 || po_receipt_fits(lines[i].qty, lines[i].received,
		                                            lines[i].adding, &left) == PO_OK)
			continue;
		if (!details)
			details = json_array();
		char msg[256];
		snprintf(msg, sizeof msg,
		         "%s: 발주 %lld개 중 %lld개 입고됨, 남은 %lld개보다 많은 %lld개",
		         lines[i].sku, (long long)lines[i].qty, (long long)lines[i].received,
		         (long long)left, (long long)lines[i].adding);
		json_array_append_new(details,
		                      json_pack("{s:I, s:s, s:s, s:s, s:I}", "line_id",
		                                (json_int_t)lines[i].id, "sku", lines[i].sku,
		                                "code", "over_receipt", "message", msg,
		                                "remaining_qty", (json_int_t)left));
		if (!e->id)
			fail(e, PO_STORE_ECONFLICT, "over_receipt",
			     "발주 수량보다 많이 입고할 수 없습니다. %s", msg);
	}
	if (details)
		e->details = details;
	return details ? PO_STORE_ECONFLICT : PO_STORE_OK;
}

/* A ledger refusal as this request's error; the lot at fault named by its index. */
static int ledger_fail(const struct ledger_err *le, struct po_err *e)
{
	if (le->code == LEDGER_EDB)
		return fail_db(e, le->db_rc ? le->db_rc : DB_ERR);
	if (le->code == LEDGER_EINVAL) {
		char field[48];
		snprintf(field, sizeof field, "lines[%zu].%s", le->index,
		         le->field[0] ? le->field : "qty");
		verr(e, field, le->id ? le->id : "invalid", "%s", le->message);
		return PO_STORE_EINVAL;
	}
	return fail(e, PO_STORE_ECONFLICT, le->id ? le->id : "conflict", "%s", le->message);
}

/* Writes the movements, the receipt rows and the new status. */
static int write_receipt(db *d, int64_t org_id, int64_t user_id, const struct head *h,
                         const struct po_receive_in *in, struct rline *const *which,
                         const char *date, const char *hash, struct po_err *e)
{
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)h->id);
	struct ledger_move *m = xcalloc(in->nlines, sizeof *m);
	struct ledger_written *w = xcalloc(in->nlines, sizeof *w);
	for (size_t i = 0; i < in->nlines; i++)
		m[i] = (struct ledger_move){.sku = which[i]->sku,
		                            .type = LEDGER_INBOUND,
		                            .qty = in->lines[i].qty,
		                            .date = date,
		                            .memo = in->memo,
		                            .lot = in->lines[i].lot,
		                            .expiry = in->lines[i].expiry,
		                            .ref = ref};
	struct ledger_ctx ctx = {.org_id = org_id, .user_id = user_id, .source = "purchase_order"};
	struct ledger_err le;
	int rc = ledger_record(d, &ctx, m, in->nlines, w, &le);
	free(m);
	if (rc != LEDGER_OK) {
		free(w);
		return ledger_fail(&le, e);
	}
	int64_t lead = 0;
	po_lead_days(day_of(h->order_date), day_of(date), &lead); /* checked by the caller */
	char now[32];
	util_utc_iso(util_now(), now);
	db_stmt *s = db_prepare(
	        d, "INSERT INTO purchase_order_receipts (org_id, po_id, line_id,"
	           " product_id, request_key, request_hash, seq, qty, lot, expiry,"
	           " received_date, lead_time_days, user_id, movement_id, memo,"
	           " created_at)"
	           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?)");
	int drc = DB_DONE;
	for (size_t i = 0; i < in->nlines && drc == DB_DONE; i++) {
		const struct po_receive_line *l = &in->lines[i];
		db_reset(s);
		db_bindf(s, "iiiittiitttiiitt", org_id, h->id, which[i]->id, which[i]->product_id,
		         in->key, hash, (int64_t)(i + 1), l->qty, l->lot && *l->lot ? l->lot : NULL,
		         l->expiry && *l->expiry ? l->expiry : NULL, date, lead, user_id,
		         w[i].ids[0], in->memo ? in->memo : "", now);
		drc = db_step(s);
	}
	db_finalize(s);
	free(w);
	if (drc != DB_DONE)
		return fail_db(e, drc < 0 ? drc : DB_ERR);
	/* The trigger added each lot to its line; the status follows the order's totals. */
	int64_t ordered = db_int(d, 0, "SELECT SUM(qty) FROM purchase_order_lines WHERE po_id = ?",
	                         "i", h->id);
	int64_t received =
	        db_int(d, 0, "SELECT SUM(received_qty) FROM purchase_order_lines WHERE po_id = ?",
	               "i", h->id);
	int next = po_status_after(h->status, PO_RECEIVE, ordered, received);
	if (next < 0)
		return fail_db(e, DB_ERR);
	drc = db_exec(d, "UPDATE purchase_orders SET status = ?, updated_at = ? WHERE id = ?",
	              "tti", po_status_name(next), now, h->id);
	return drc == DB_OK ? PO_STORE_OK : fail_db(e, drc);
}

int po_receive(db *d, int64_t org_id, int64_t user_id, int64_t id, const struct po_receive_in *in,
               struct po_err *err)
{
	int rc = begin(d, err);
	struct head h;
	if (rc == PO_STORE_OK)
		rc = head_load(d, org_id, id, &h, err);
	if (rc != PO_STORE_OK)
		return finish(d, rc, err);
	char today[11], date[11], hash[65] = "";
	today_kst(today);
	util_strlcpy(date, in->date && *in->date ? in->date : today, sizeof date);
	int64_t lead = 0;
	struct rline *lines = NULL;
	size_t nlines = 0;
	struct rline **which = xcalloc(in->nlines ? in->nlines : 1, sizeof *which);
	int drc = load_rlines(d, id, &lines, &nlines);
	if (drc != DB_OK) {
		rc = fail_db(err, drc);
		goto out;
	}
	if (in->nlines == 0 || in->nlines > PO_MAX_LINES) {
		verr(err, "lines", in->nlines ? "too_many_lines" : "required",
		     "입고할 상품을 1개부터 %d개까지 보내 주세요.", PO_MAX_LINES);
		rc = err->code;
		goto out;
	}
	check_lots(in, lines, nlines, which, date, err);
	if (err->code == PO_STORE_OK)
		request_hash(id, date, in->memo, in->lines, which, in->nlines, hash);
	/* A retry is recognised before anything else: the order may have closed since. */
	if (err->code == PO_STORE_OK && (rc = check_key(d, org_id, in->key, hash, err)) != 0)
		goto out;
	if (po_allowed(h.status, PO_RECEIVE) != PO_OK) {
		po_err_clear(err);
		rc = fail_rule(err, po_allowed(h.status, PO_RECEIVE));
		goto out;
	}
	if (strcmp(date, today) > 0 || day_of(date) < 0)
		verr(err, "date", "date_out_of_range",
		     "입고일은 오늘(%s)까지의 날짜로 입력해 주세요.", today);
	else if (po_lead_days(day_of(h.order_date), day_of(date), &lead) != PO_OK)
		verr(err, "date", po_result_code(PO_E_BEFORE_ORDER),
		     "입고일(%s)이 발주일(%s)보다 빠를 수 없습니다.", date, h.order_date);
	if (err->code != PO_STORE_OK) {
		rc = err->code;
		goto out;
	}
	rc = check_over(lines, nlines, err);
	if (rc == PO_STORE_OK)
		rc = write_receipt(d, org_id, user_id, &h, in, which, date, hash, err);
out:
	free(lines);
	free(which);
	return finish(d, rc, err);
}

/* ------------------------------------------------------------------ JSON */

/* {"id","name"} of a member column pair, or null. */
#define HEAD_COLS                                                                                  \
	"o.id, o.status, o.supplier_id, s.name, o.order_date, o.expected_date, o.memo,"            \
	" o.close_reason, o.closed_short, o.created_by, cu.name, o.ordered_by, ou.name,"           \
	" o.ordered_at, o.closed_by, xu.name, o.closed_at, o.created_at, o.updated_at,"            \
	" (SELECT COUNT(*) FROM purchase_order_lines l WHERE l.po_id = o.id),"                     \
	" (SELECT COALESCE(SUM(l.qty), 0) FROM purchase_order_lines l WHERE l.po_id = o.id),"      \
	" (SELECT COALESCE(SUM(l.received_qty), 0) FROM purchase_order_lines l"                    \
	" WHERE l.po_id = o.id),"                                                                  \
	" (SELECT COALESCE(SUM(l.qty * l.unit_cost), 0) FROM purchase_order_lines l"               \
	" WHERE l.po_id = o.id),"                                                                  \
	" (SELECT p.name FROM purchase_order_lines l JOIN products p ON p.id = l.product_id"       \
	" WHERE l.po_id = o.id ORDER BY l.line_no LIMIT 1)"
#define HEAD_FROM                                                                                  \
	" FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id"                         \
	" LEFT JOIN users cu ON cu.id = o.created_by LEFT JOIN users ou ON ou.id = o.ordered_by"   \
	" LEFT JOIN users xu ON xu.id = o.closed_by"

static json_t *head_json(db_stmt *s)
{
	json_t *o = json_object();
	int status = po_status_parse(db_col_text(s, 1));
	int64_t qty = db_col_int(s, 20), received = db_col_int(s, 21);
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "status", row_text(s, 1));
	json_object_set_new(o, "status_label", json_string(po_status_label(status)));
	json_object_set_new(o, "supplier",
	                    json_pack("{s:I, s:o}", "id", (json_int_t)db_col_int(s, 2), "name",
	                              row_text(s, 3)));
	json_object_set_new(o, "order_date", row_text(s, 4));
	json_object_set_new(o, "expected_date", row_text(s, 5));
	json_object_set_new(o, "memo", row_text(s, 6));
	json_object_set_new(o, "close_reason", row_text(s, 7));
	json_object_set_new(o, "closed_short", json_boolean(db_col_int(s, 8)));
	json_object_set_new(o, "created_by", row_member(s, 9, 10));
	json_object_set_new(o, "ordered_by", row_member(s, 11, 12));
	json_object_set_new(o, "ordered_at", row_text(s, 13));
	json_object_set_new(o, "closed_by", row_member(s, 14, 15));
	json_object_set_new(o, "closed_at", row_text(s, 16));
	json_object_set_new(o, "created_at", row_text(s, 17));
	json_object_set_new(o, "updated_at", row_text(s, 18));
	json_object_set_new(o, "line_count", json_integer(db_col_int(s, 19)));
	json_object_set_new(o, "total_qty", json_integer(qty));
	json_object_set_new(o, "received_qty", json_integer(received));
	/* A closed or cancelled order expects nothing more. */
	json_object_set_new(o, "remaining_qty",
	                    json_integer(po_status_open(status) ? qty - received : 0));
	json_object_set_new(o, "total_amount", json_integer(db_col_int(s, 22)));
	json_object_set_new(o, "first_item", row_text(s, 23));
	return o;
}

static json_t *lines_json(db *d, int64_t po_id, int open)
{
	db_stmt *s =
	        db_preparef(d,
	                    "SELECT l.id, l.line_no, p.sku, p.name, p.has_expiry, l.qty,"
	                    " l.received_qty, l.unit_cost, l.qty * l.unit_cost,"
	                    " COALESCE(l.expected_date, o.expected_date), l.expected_date"
	                    " FROM purchase_order_lines l JOIN products p ON p.id = l.product_id"
	                    " JOIN purchase_orders o ON o.id = l.po_id"
	                    " WHERE l.po_id = ? ORDER BY l.line_no",
	                    "i", po_id);
	json_t *a = json_array();
	while (db_step(s) == DB_ROW) {
		int64_t qty = db_col_int(s, 5), rec = db_col_int(s, 6);
		json_t *l = json_object();
		json_object_set_new(l, "id", json_integer(db_col_int(s, 0)));
		json_object_set_new(l, "line_no", json_integer(db_col_int(s, 1)));
		json_object_set_new(l, "sku", row_text(s, 2));
		json_object_set_new(l, "name", row_text(s, 3));
		json_object_set_new(l, "has_expiry", json_boolean(db_col_int(s, 4)));
		json_object_set_new(l, "qty", json_integer(qty));
		json_object_set_new(l, "received_qty", json_integer(rec));
		json_object_set_new(l, "remaining_qty", json_integer(open ? qty - rec : 0));
		json_object_set_new(l, "unit_cost", json_integer(db_col_int(s, 7)));
		json_object_set_new(l, "amount", json_integer(db_col_int(s, 8)));
		json_object_set_new(l, "expected_date", row_text(s, 9));
		json_object_set_new(l, "own_expected_date", row_text(s, 10));
		json_array_append_new(a, l);
	}
	db_finalize(s);
	return a;
}

/* Receipts grouped by request: each group is one 입고 처리 with its lots. */
static json_t *receipts_json(db *d, int64_t po_id)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT r.id, r.request_key, r.received_date, r.lead_time_days,"
	                         " r.user_id, u.name, r.created_at, r.memo, r.line_id, p.sku,"
	                         " p.name, r.qty, r.lot, r.expiry, r.movement_id"
	                         " FROM purchase_order_receipts r"
	                         " JOIN products p ON p.id = r.product_id"
	                         " LEFT JOIN users u ON u.id = r.user_id"
	                         " WHERE r.po_id = ? ORDER BY r.id",
	                         "i", po_id);
	json_t *a = json_array(), *cur = NULL;
	while (db_step(s) == DB_ROW) {
		const char *key = db_col_text(s, 1);
		if (!cur || !util_streq(json_string_value(json_object_get(cur, "key")), key)) {
			cur = json_object();
			json_object_set_new(cur, "id", json_integer(db_col_int(s, 0)));
			json_object_set_new(cur, "key", json_string(key));
			json_object_set_new(cur, "date", row_text(s, 2));
			json_object_set_new(cur, "lead_time_days", json_integer(db_col_int(s, 3)));
			json_object_set_new(cur, "user", row_member(s, 4, 5));
			json_object_set_new(cur, "created_at", row_text(s, 6));
			json_object_set_new(cur, "memo", row_text(s, 7));
			json_object_set_new(cur, "lines", json_array());
			json_array_append_new(a, cur);
		}
		json_t *l = json_object();
		json_object_set_new(l, "receipt_id", json_integer(db_col_int(s, 0)));
		json_object_set_new(l, "line_id", json_integer(db_col_int(s, 8)));
		json_object_set_new(l, "sku", row_text(s, 9));
		json_object_set_new(l, "name", row_text(s, 10));
		json_object_set_new(l, "qty", json_integer(db_col_int(s, 11)));
		json_object_set_new(l, "lot", row_text(s, 12));
		json_object_set_new(l, "expiry", row_text(s, 13));
		json_object_set_new(l, "movement_id", json_integer(db_col_int(s, 14)));
		json_array_append_new(json_object_get(cur, "lines"), l);
	}
	db_finalize(s);
	return a;
}

json_t *po_json(db *d, int64_t org_id, int64_t id)
{
	db_stmt *s =
	        db_preparef(d, "SELECT " HEAD_COLS HEAD_FROM " WHERE o.id = ? AND o.org_id = ?",
	                    "ii", id, org_id);
	json_t *o = db_step(s) == DB_ROW ? head_json(s) : NULL;
	db_finalize(s);
	if (!o)
		return NULL;
	int open = po_status_open(po_status_parse(json_string_value(json_object_get(o, "status"))));
	json_object_set_new(o, "lines", lines_json(d, id, open));
	json_object_set_new(o, "receipts", receipts_json(d, id));
	return o;
}

int po_product_in_use(db *d, int64_t product_id)
{
	return db_int(d, 0,
	              "SELECT EXISTS (SELECT 1 FROM purchase_order_lines WHERE product_id = ?)",
	              "i", product_id) != 0;
}

char *po_buyer_name(db *d, int64_t org_id)
{
	return db_text(d, "SELECT name FROM orgs WHERE id = ?", "i", org_id);
}

/* The filter, shared by the page and the count so that they always agree. */
#define LIST_WHERE                                                                                 \
	" WHERE o.org_id = ? AND (? IS NULL OR o.status = ?)"                                      \
	" AND (? = 0 OR o.status IN ('ordered', 'partial'))"                                       \
	" AND (? = 0 OR o.supplier_id = ?)"                                                        \
	" AND (? = 0 OR EXISTS (SELECT 1 FROM purchase_order_lines x"                              \
	" WHERE x.po_id = o.id AND x.product_id = ?))"

/* With a product filter, that product's line of each order. */
static json_t *product_line_json(db *d, int64_t po_id, int64_t product_id, int open)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT l.id, l.qty, l.received_qty, l.unit_cost,"
	                         " COALESCE(l.expected_date, o.expected_date)"
	                         " FROM purchase_order_lines l JOIN purchase_orders o"
	                         " ON o.id = l.po_id WHERE l.po_id = ? AND l.product_id = ?",
	                         "ii", po_id, product_id);
	json_t *l = json_null();
	if (db_step(s) == DB_ROW) {
		int64_t qty = db_col_int(s, 1), rec = db_col_int(s, 2);
		l = json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}", "id", (json_int_t)db_col_int(s, 0),
		              "qty", (json_int_t)qty, "received_qty", (json_int_t)rec,
		              "remaining_qty", (json_int_t)(open ? qty - rec : 0), "unit_cost",
		              (json_int_t)db_col_int(s, 3), "expected_date", row_text(s, 4));
	}
	db_finalize(s);
	return l;
}

json_t *po_list_json(db *d, int64_t org_id, const struct po_filter *f)
{
	const char *status =
	        f->status >= 0 && f->status < PO_NSTATUS ? po_status_name(f->status) : NULL;
	int64_t open = f->status == PO_NSTATUS;
	db_stmt *s = db_preparef(
	        d, "SELECT " HEAD_COLS HEAD_FROM LIST_WHERE " ORDER BY o.id DESC LIMIT ? OFFSET ?",
	        "ittiiiiiiii", org_id, status, status, open, f->supplier_id, f->supplier_id,
	        f->product_id, f->product_id, f->limit, f->offset);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		json_array_append_new(items, head_json(s));
	db_finalize(s);
	if (rc != DB_DONE) {
		json_decref(items);
		return NULL;
	}
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (!f->product_id)
			break;
		int is_open = po_status_open(
		        po_status_parse(json_string_value(json_object_get(it, "status"))));
		json_object_set_new(it, "line",
		                    product_line_json(d,
		                                      json_integer_value(json_object_get(it, "id")),
		                                      f->product_id, is_open));
	}
	int64_t total = db_int(d, 0, "SELECT COUNT(*) FROM purchase_orders o" LIST_WHERE,
	                       "ittiiiii", org_id, status, status, open, f->supplier_id,
	                       f->supplier_id, f->product_id, f->product_id);
	return json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
}

/* ------------------------------------------------------------------ planning read-outs */

int po_expected_receipts(db *d, int64_t org_id, int64_t product_id, struct po_expected **out,
                         size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_preparef(d,
	                         "SELECT l.product_id, o.id, l.id,"
	                         " COALESCE(l.expected_date, o.expected_date, o.order_date) AS day,"
	                         " l.qty - l.received_qty"
	                         " FROM purchase_order_lines l JOIN purchase_orders o"
	                         " ON o.id = l.po_id"
	                         " WHERE o.org_id = ? AND o.status IN ('ordered', 'partial')"
	                         " AND l.qty > l.received_qty AND (? = 0 OR l.product_id = ?)"
	                         " ORDER BY l.product_id, day, o.id, l.id",
	                         "iii", org_id, product_id, product_id);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap)
			*out = xrealloc(*out, (cap = cap ? cap * 2 : 16) * sizeof **out);
		(*out)[(*n)++] = (struct po_expected){.product_id = db_col_int(s, 0),
		                                      .po_id = db_col_int(s, 1),
		                                      .line_id = db_col_int(s, 2),
		                                      .day = day_of(db_col_text(s, 3)),
		                                      .qty = db_col_int(s, 4)};
	}
	db_finalize(s);
	if (rc != DB_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return rc < 0 ? rc : DB_ERR;
	}
	return DB_OK;
}

int po_lead_observations(db *d, int64_t org_id, int64_t product_id, size_t max,
                         struct po_lead_obs **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	/* One delivery = a line's lots received on one day. */
	db_stmt *s = db_preparef(d,
	                         "SELECT r.po_id, o.supplier_id, s.name, o.order_date,"
	                         " r.received_date, MIN(r.lead_time_days)"
	                         " FROM purchase_order_receipts r"
	                         " JOIN purchase_orders o ON o.id = r.po_id"
	                         " JOIN suppliers s ON s.id = o.supplier_id"
	                         " WHERE r.org_id = ? AND r.product_id = ?"
	                         " GROUP BY r.line_id, r.received_date"
	                         " ORDER BY r.received_date DESC, r.po_id DESC LIMIT ?",
	                         "iii", org_id, product_id, (int64_t)max);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap)
			*out = xrealloc(*out, (cap = cap ? cap * 2 : 16) * sizeof **out);
		struct po_lead_obs *o = &(*out)[(*n)++];
		memset(o, 0, sizeof *o);
		o->po_id = db_col_int(s, 0);
		o->supplier_id = db_col_int(s, 1);
		util_strlcpy(o->supplier, db_col_text(s, 2) ? db_col_text(s, 2) : "",
		             sizeof o->supplier);
		util_strlcpy(o->order_date, db_col_text(s, 3) ? db_col_text(s, 3) : "",
		             sizeof o->order_date);
		util_strlcpy(o->received_date, db_col_text(s, 4), sizeof o->received_date);
		o->days = db_col_int(s, 5);
	}
	db_finalize(s);
	if (rc != DB_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return rc < 0 ? rc : DB_ERR;
	}
	return DB_OK;
}
