/* api_sales_history.c — sales-history uploads (판매 이력) over HTTP (docs/api.md, "Sales
 * history"): upload a file for a preview, apply a clean batch, undo an applied batch, list
 * batches, a product's daily imported history, and the example file.
 *
 * Decisions:
 * - History feeds forecasts only: nothing here touches stock or the ledger.
 * - An upload stores the batch and its clean rows (status previewed); a batch with any
 *   error is never applied (409 has_errors): applying only the clean rows would leave
 *   holes in a period that then replaces older history with zeros.
 * - Apply marks the batch the newest applied one; the view sales_history_standing (migration
 *   010) makes its period replace older batches' days for its products. Applying twice is
 *   refused (409 already_applied) and changes nothing; an undone batch is not applied again
 *   (409 already_undone: upload the file again).
 * - Managers and masters upload, apply and undo; every member (staff, viewer) reads. */
#include "api_sales_history.h"

#include <stdlib.h>
#include <string.h>

#include "api_imports.h"
#include "api_upload.h"
#include "catalog.h"
#include "sales_history.h"
#include "sales_history_sheet.h"
#include "util.h"

#define PREVIEW_ROWS 1000 /* rows shown in a preview; the counts are exact */

static const char *const not_found_msg = "판매 이력 업로드를 찾을 수 없습니다.";

/* The batch id from the path; replies 404 for anything that is not a positive integer. */
static int batch_id(struct req *r, int64_t *out)
{
	const char *v = req_param(r, "id");
	char *end = NULL;
	long long id = v ? strtoll(v, &end, 10) : 0;
	if (!v || !*v || *end || id <= 0) {
		reply_not_found(r, "sales_history_not_found", not_found_msg);
		return -1;
	}
	*out = id;
	return 0;
}

/* The batch with what a preview screen needs: its problems, rows, per-product totals and
 * what applying it would replace. NULL when the batch is not the organisation's. */
static json_t *batch_detail(struct req *r, int64_t id)
{
	int64_t org_id = r->user->org_id;
	json_t *o = shstore_batch_json(r->db, org_id, id);
	if (!o)
		return NULL;
	char *pt = shstore_batch_problems(r->db, org_id, id);
	json_t *problems = pt ? json_loads(pt, 0, NULL) : NULL;
	free(pt);
	json_object_set_new(o, "problems", problems ? problems : json_array());
	json_object_set_new(o, "rows", shstore_batch_rows(r->db, org_id, id, PREVIEW_ROWS));
	int64_t rep_rows = 0, rep_qty = 0;
	json_t *products = shstore_batch_products(r->db, org_id, id, &rep_rows, &rep_qty);
	json_object_set_new(o, "products", products);
	/* What applying replaces only means something before the batch is applied. */
	int previewed = util_streq(json_string_value(json_object_get(o, "status")), "previewed");
	json_object_set_new(o, "replaces",
	                    json_pack("{s:I, s:I}", "rows", (json_int_t)(previewed ? rep_rows : 0),
	                              "qty", (json_int_t)(previewed ? rep_qty : 0)));
	return o;
}

/* Stores the batch and its rows, audited, in one transaction; DB_OK or the error. */
static int store_upload(struct req *r, const shist_result *res, const char *file_name,
                        const char *now, int64_t *id)
{
	json_t *problems = shist_problems_json(res);
	char *pj = problems ? json_dumps(problems, JSON_COMPACT) : NULL;
	json_decref(problems);
	if (!pj)
		return DB_ERR;
	struct shstore_new_batch nb = {.org_id = r->user->org_id,
	                               .user_id = r->user->id,
	                               .file_name = file_name,
	                               .uploaded_at = now,
	                               .problems_json = pj};
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = shstore_batch_insert(r->db, &nb, res, id);
	free(pj);
	if (rc == DB_OK) {
		json_t *after = json_pack(
		        "{s:I, s:s, s:s, s:{s:i, s:i, s:i, s:i}}", "id", (json_int_t)*id,
		        "file_name", file_name, "status", "previewed", "summary", "rows", res->rows,
		        "valid", res->valid, "warnings", res->warnings, "errors", res->errors);
		rc = audit_record(r, "sales_history.upload", "sales_history_batch",
		                  arena_printf(r->a, "%lld", (long long)*id), NULL, after);
		json_decref(after);
	}
	if (rc != DB_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

static void h_upload(struct req *r)
{
	struct multipart_field f;
	if (api_upload_file(r, &f))
		return;
	const char *file_name = api_upload_name(r->a, f.filename);
	char today[11], now[32];
	time_t t = util_now();
	util_kst_date(t, today);
	util_utc_iso(t, now);
	struct shstore_lookup lk = {.d = r->db, .org_id = r->user->org_id};
	shist_ctx ctx = {.today = today, .lookup = shstore_lookup, .lookup_ud = &lk};
	shist_result *res = NULL;
	if (shist_parse(f.data, f.len, file_name, &ctx, &res) != SHIST_OK) {
		reply_internal(r);
		return;
	}
	int64_t id = 0;
	int rc = store_upload(r, res, file_name, now, &id);
	shist_free(res);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	json_t *o = batch_detail(r, id);
	reply_json(r, 201, o ? o : json_object());
}

static void h_list(struct req *r)
{
	int64_t limit, offset;
	if (req_query_int(r, "limit", 50, 1, 1000, &limit) ||
	    req_query_int(r, "offset", 0, 0, INT64_MAX, &offset))
		return;
	int64_t total = 0;
	json_t *items = shstore_batch_list(r->db, r->user->org_id, limit, offset, &total);
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

static void h_get(struct req *r)
{
	int64_t id;
	if (batch_id(r, &id))
		return;
	json_t *o = batch_detail(r, id);
	if (!o) {
		reply_not_found(r, "sales_history_not_found", not_found_msg);
		return;
	}
	reply_json(r, 200, o);
}

/* The 409 for a batch whose state refuses the apply or the undo. */
static void reply_state(struct req *r, int64_t id, const struct shstore_batch *b, int undoing)
{
	if (util_streq(b->status, "undone")) {
		reply_error(
		        r, 409, "already_undone",
		        arena_printf(
		                r->a,
		                "이미 되돌린 판매 이력입니다: #%lld, %s 님이 되돌렸습니다. 다시 "
		                "쓰려면 파일을 새로 올려 주세요.",
		                (long long)id, b->undone_by ? b->undone_by : ""),
		        json_pack("[{s:I, s:s}]", "batch_id", (json_int_t)id, "undone_at",
		                  b->undone_at ? b->undone_at : ""));
	} else if (util_streq(b->status, "applied")) {
		reply_error(
		        r, 409, "already_applied",
		        arena_printf(r->a,
		                     "이미 반영된 판매 이력입니다: #%lld, %s 님이 반영했습니다. "
		                     "두 번 반영하지 않으므로 아무것도 바꾸지 않았습니다.",
		                     (long long)id, b->applied_by ? b->applied_by : ""),
		        json_pack("[{s:I, s:s}]", "batch_id", (json_int_t)id, "applied_at",
		                  b->applied_at ? b->applied_at : ""));
	} else if (undoing) {
		reply_error(r, 409, "not_applied",
		            "반영되지 않은 판매 이력이라 되돌릴 것이 없습니다.", NULL);
	} else {
		reply_error(
		        r, 409, "has_errors",
		        arena_printf(r->a,
		                     "오류가 %lld건 있는 파일이라 반영할 수 없습니다. 미리보기의 "
		                     "오류를 고친 뒤 파일을 다시 올려 주세요.",
		                     (long long)b->error_count),
		        NULL);
	}
}

/* Apply (undo = 0) or undo (undo = 1) one batch, audited, in one transaction. */
static void change_state(struct req *r, int undo)
{
	int64_t id;
	if (batch_id(r, &id))
		return;
	if (req_tx_begin(r))
		return;
	/* Checked inside the write transaction: two members applying at once are serialised
	 * and the second sees the first's result. */
	struct shstore_batch b;
	if (shstore_batch_load(r->db, r->a, r->user->org_id, id, &b) != 0) {
		req_tx_abort(r);
		reply_not_found(r, "sales_history_not_found", not_found_msg);
		return;
	}
	int go =
	        undo ? util_streq(b.status, "applied")
	             : util_streq(b.status, "previewed") && b.error_count == 0 && b.valid_count > 0;
	if (!go) {
		req_tx_abort(r);
		reply_state(r, id, &b, undo);
		return;
	}
	int64_t rep_rows = 0, rep_qty = 0;
	if (!undo) /* what this apply replaces, for the audit row */
		json_decref(
		        shstore_batch_products(r->db, r->user->org_id, id, &rep_rows, &rep_qty));
	char now[32];
	util_utc_iso(util_now(), now);
	int rc = undo ? shstore_batch_mark_undone(r->db, r->user->org_id, id, r->user->id, now)
	              : shstore_batch_mark_applied(r->db, r->user->org_id, id, r->user->id, now);
	if (rc != DB_OK) {
		req_tx_abort(r);
		reply_db_error(r, rc);
		return;
	}
	const char *sid = arena_printf(r->a, "%lld", (long long)id);
	json_t *before = json_pack("{s:s}", "status", b.status);
	json_t *after =
	        json_pack("{s:I, s:s, s:s, s:o, s:o, s:I, s:I}", "id", (json_int_t)id, "file_name",
	                  b.file_name, "status", undo ? "undone" : "applied", "first_day",
	                  b.first_day ? json_string(b.first_day) : json_null(), "last_day",
	                  b.last_day ? json_string(b.last_day) : json_null(), "rows",
	                  (json_int_t)b.valid_count, "replaced_rows", (json_int_t)rep_rows);
	int failed = req_tx_commit_audited(r, undo ? "sales_history.undo" : "sales_history.apply",
	                                   "sales_history_batch", sid, before, after);
	json_decref(before);
	json_decref(after);
	if (failed)
		return;
	json_t *o = batch_detail(r, id);
	if (o && !undo)
		json_object_set_new(o, "replaced",
		                    json_pack("{s:I, s:I}", "rows", (json_int_t)rep_rows, "qty",
		                              (json_int_t)rep_qty));
	reply_json(r, 200, o ? o : json_object());
}

static void h_apply(struct req *r)
{
	change_state(r, 0);
}

static void h_undo(struct req *r)
{
	change_state(r, 1);
}

/* A product's imported history by day, apart from its movements. */
static void h_product_history(struct req *r)
{
	const char *raw = req_param(r, "sku");
	char *sku = raw ? util_nfc(raw) : NULL;
	int64_t pid = sku ? catalog_product_id(r->db, r->user->org_id, sku) : 0;
	if (!pid) {
		reply_not_found(r, "sku_not_found",
		                arena_printf(r->a, "상품을 찾을 수 없습니다: %s", sku ? sku : ""));
		free(sku);
		return;
	}
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	int y, m, dd;
	if ((from && util_parse_date(from, &y, &m, &dd) != 0) ||
	    (to && util_parse_date(to, &y, &m, &dd) != 0)) {
		free(sku);
		reply_error(r, 400, "bad_date", "기간은 2025-01-28 형식의 날짜로 주세요.", NULL);
		return;
	}
	json_t *o = shstore_product_history(r->db, r->user->org_id, pid, from, to);
	json_object_set_new(o, "sku", json_string(sku));
	free(sku);
	reply_json(r, 200, o);
}

/* The example file: the headers and a row for a few of the organisation's products. */
static void h_template(struct req *r)
{
	const char *skus[3];
	size_t n = shstore_example_skus(r->db, r->a, r->user->org_id, skus, 3);
	if (n == 0) {
		skus[0] = "SKU-001";
		n = 1;
	}
	char yesterday[11];
	util_kst_date(util_now() - 86400, yesterday);
	char *buf = NULL;
	size_t len = 0;
	if (shist_template_csv(skus, n, yesterday, &buf, &len) != 0) {
		reply_internal(r);
		return;
	}
	reply_header(
	        r, "Content-Disposition",
	        "attachment; filename=\"sales-history-example.csv\"; "
	        "filename*=UTF-8''%ED%8C%90%EB%A7%A4_%EC%9D%B4%EB%A0%A5_%EC%98%88%EC%8B%9C.csv");
	reply_header(r, "Cache-Control", "no-store");
	reply_bytes(r, 200, "text/csv; charset=utf-8", buf, len);
	free(buf);
}

const struct route api_sales_history_routes[] = {
        {"GET", "/api/templates/sales-history.csv", ROLE_VIEWER, 0, h_template},
        {"POST", "/api/sales-history", ROLE_MANAGER, API_IMPORTS_BODY_MAX, h_upload},
        {"GET", "/api/sales-history", ROLE_VIEWER, 0, h_list},
        {"GET", "/api/sales-history/{id}", ROLE_VIEWER, 0, h_get},
        {"POST", "/api/sales-history/{id}/apply", ROLE_MANAGER, 0, h_apply},
        {"POST", "/api/sales-history/{id}/undo", ROLE_MANAGER, 0, h_undo},
        {"GET", "/api/products/{sku}/sales-history", ROLE_VIEWER, 0, h_product_history},
        ROUTE_END};
