/* api_imports.c — the stock template download and the inbound/outbound import batches.
 *
 * The flow keeps stock safe: an upload only stores the file and the preview the member saw
 * (status preview, or rejected when it has errors); an apply records exactly that preview's
 * items through the ledger in one transaction, re-checked against the stock of that moment;
 * a batch is applied once, and a file (by SHA-256) is applied once per organisation while
 * its batch stands; a reversal records reversal movements for the whole batch. */
#include "api_imports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_movements.h"
#include "audit.h"
#include "import.h"
#include "import_batch.h"
#include "imports.h"
#include "korean.h"
#include "ledger.h"
#include "live_stream.h"
#include "multipart.h"
#include "template.h"
#include "util.h"
#include "utf8.h"
#include "alert_delivery.h"
#include "api_upload.h"
#include "date.h"
#include "movements.h"

#define XLSX_MIME "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ------------------------------------------------------------------ helpers */

/* "2025-01-28T03:15:00Z" (UTC) as the KST wall time "2025-01-28 12:15" for messages. */
static const char *kst_time(arena *a, const char *iso)
{
	if (!iso)
		return "";
	char buf[20];
	return date_utc_iso_to_kst(iso, 0, buf) == 0 ? arena_strdup(a, buf) : iso;
}

/* The batch id from the path; replies 404 for anything that is not a positive integer. */
static int batch_id(struct req *r, int64_t *out)
{
	int64_t id = req_param_id(r, "id");
	if (id == 0) {
		reply_not_found(r, "import_not_found", "가져오기 기록을 찾을 수 없습니다.");
		return -1;
	}
	*out = id;
	return 0;
}

/* Appends one problem to a preview JSON and keeps its summary and can_apply consistent. */
static void preview_add_problem(json_t *pv, int row, const char *column, int error,
                                const char *code, const char *message)
{
	json_t *problems = json_object_get(pv, "problems");
	if (!json_is_array(problems)) {
		problems = json_array();
		json_object_set_new(pv, "problems", problems);
	}
	json_array_append_new(problems, json_pack("{s:i, s:s, s:s, s:s, s:s}", "row", row, "column",
	                                          column ? column : "", "severity",
	                                          error ? "error" : "warning", "code", code,
	                                          "message", message));
	json_t *sum = json_object_get(pv, "summary");
	const char *k = error ? "errors" : "warnings";
	if (json_is_object(sum))
		json_object_set_new(sum, k,
		                    json_integer(json_integer_value(json_object_get(sum, k)) + 1));
	if (error)
		json_object_set_new(pv, "can_apply", json_false());
}

struct problem_at {
	json_int_t row;
	size_t index;
	json_t *p;
};

static int cmp_problem(const void *a, const void *b)
{
	const struct problem_at *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Orders a preview's problems by row, the whole file's (row 0) first, keeping the order
 * they were found in within a row: the reader checks the rows, then the stock per SKU,
 * then the file, and a seller fixes a sheet from top to bottom. */
static void preview_sort_problems(json_t *pv)
{
	json_t *problems = json_object_get(pv, "problems");
	size_t n = json_array_size(problems);
	if (n < 2)
		return;
	struct problem_at *v = xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		v[i].p = json_incref(json_array_get(problems, i));
		v[i].row = json_integer_value(json_object_get(v[i].p, "row"));
		v[i].index = i;
	}
	qsort(v, n, sizeof *v, cmp_problem);
	json_array_clear(problems);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(problems, v[i].p);
	free(v);
}

static void reply_already_applied(struct req *r, int64_t id, const char *when, const char *who,
                                  int same_batch)
{
	const char *msg =
	        same_batch
	                ? arena_printf(r->a,
	                               "이미 반영된 가져오기입니다: #%lld, %s(KST), %s 님이 "
	                               "반영했습니다. "
	                               "두 번 반영하면 재고가 두 번 바뀌므로 거부했습니다.",
	                               (long long)id, kst_time(r->a, when), who)
	                : arena_printf(
	                          r->a,
	                          "같은 파일이 이미 반영되었습니다: 가져오기 #%lld, %s(KST), %s "
	                          "님. "
	                          "같은 파일을 두 번 반영하면 재고가 두 번 바뀝니다. 새 수량이면 "
	                          "새 파일로 올려 주세요.",
	                          (long long)id, kst_time(r->a, when), who);
	reply_error(r, 409, "already_applied", msg,
	            json_pack("[{s:I, s:s, s:s}]", "batch_id", (json_int_t)id, "applied_at", when,
	                      "applied_by", who));
}

/* ------------------------------------------------------------------ template download */

static void h_template(struct req *r)
{
	int64_t supplier_id = 0;
	if (req_query_int(r, "supplier_id", 0, 0, INT64_MAX, &supplier_id))
		return;
	const char *category = req_query(r, "category");
	char *cat_nfc = category && *category ? util_nfc(category) : NULL;
	if (category && *category && !cat_nfc) {
		reply_error(r, 400, "bad_request", "카테고리 이름이 올바른 UTF-8 글자가 아닙니다.",
		            NULL);
		return;
	}
	int64_t org_id = r->user->org_id;
	struct imports_snap snap;
	imports_snap_load(r->db, r->a, org_id, &snap);
	template_product *tp = NULL;
	size_t n = imports_template_products(r->db, r->a, org_id, cat_nfc, supplier_id, &snap, &tp);
	free(cat_nfc);
	imports_snap_free(&snap);

	char *org_name = imports_org_name(r->db, org_id);
	char *token = imports_org_token(r->db, org_id);
	char now[32], today[11];
	time_t t = util_now();
	util_utc_iso(t, now);
	util_kst_date(t, today);
	template_meta meta = {.org_id = org_id,
	                      .org_name = org_name,
	                      .token = token ? token : "",
	                      .generated_at = now,
	                      .version = TEMPLATE_VERSION};
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc = template_write(tp, n, &meta, &buf, &len);
	free(tp);
	free(org_name);
	free(token);
	if (rc != TEMPLATE_OK) {
		free(buf);
		reply_internal(r);
		return;
	}
	/* RFC 6266 / 5987: an ASCII fallback and the Korean name percent-encoded. */
	char kname[96];
	snprintf(kname, sizeof kname, "재고_템플릿_%s.xlsx", today);
	char enc[96 * 3 + 1];
	size_t e = 0;
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *c = (const unsigned char *)kname; *c; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= '0' && *c <= '9') || *c == '-' || *c == '.' || *c == '_') {
			enc[e++] = (char)*c;
		} else {
			enc[e++] = '%';
			enc[e++] = hex[*c >> 4];
			enc[e++] = hex[*c & 15];
		}
	}
	enc[e] = '\0';
	reply_header(r, "Content-Disposition",
	             arena_printf(r->a,
	                          "attachment; filename=\"stock-template-%s.xlsx\"; "
	                          "filename*=UTF-8''%s",
	                          today, enc));
	reply_header(r, "Cache-Control", "no-store");
	reply_bytes(r, 200, XLSX_MIME, buf, len);
	free(buf);
}

/* ------------------------------------------------------------------ upload */

/* The preview of the file against the organisation's catalogue and stock of this moment;
 * fills hash and format for the batch. NULL when out of memory. */
static json_t *make_preview(struct req *r, const struct multipart_field *f, const char *file_name,
                            const char *today, char hash[65], const char **format)
{
	int64_t org_id = r->user->org_id;
	struct imports_snap snap;
	imports_snap_load(r->db, r->a, org_id, &snap);
	char *token = imports_org_token(r->db, org_id);
	import_ctx ctx = {.org_id = org_id,
	                  .token = token,
	                  .today = today,
	                  .lookup = imports_snap_lookup,
	                  .lookup_ud = &snap,
	                  .allow_negative = imports_org_allows_negative(r->db, org_id)};
	import_result *res = NULL;
	int irc = import_parse(f->data, f->len, file_name, &ctx, &res);
	free(token);
	json_t *pv = irc == IMPORT_OK ? import_to_json(res) : NULL;
	imports_snap_free(&snap);
	if (pv) {
		util_strlcpy(hash, res->file_hash, 65);
		*format = util_streq(res->format, "xlsx")  ? "xlsx"
		          : util_streq(res->format, "csv") ? "csv"
		                                           : "unknown";
	}
	import_free(res);
	return pv;
}

/* A file applied before (by its hash) is an error of the whole file in the preview. */
static void preview_mark_applied(struct req *r, json_t *pv, const char *hash)
{
	const char *when = NULL, *who = NULL;
	int64_t earlier =
	        imports_applied_same_hash(r->db, r->user->org_id, hash, 0, r->a, &when, &who);
	if (!earlier)
		return;
	const char *msg = arena_printf(
	        r->a,
	        "이 파일은 이미 반영되었습니다: 가져오기 #%lld, %s(KST), %s 님. 같은 "
	        "파일을 "
	        "두 번 반영하면 재고가 두 번 바뀝니다. 새 수량이면 새 파일로 올려 주세요.",
	        (long long)earlier, kst_time(r->a, when), who);
	preview_add_problem(pv, 0, "", 1, "already_applied", msg);
	json_object_set_new(pv, "already_applied",
	                    json_pack("{s:I, s:s, s:s}", "batch_id", (json_int_t)earlier,
	                              "applied_at", when, "applied_by", who));
}

/* Stores the batch with its preview and audits it, in one transaction; DB_OK or the error
 * (rolled back). */
static int store_upload(struct req *r, json_t *pv, struct imports_new_batch *nb, int64_t *id)
{
	json_t *sum = json_object_get(pv, "summary");
	nb->rows = (int64_t)json_integer_value(json_object_get(sum, "rows"));
	nb->valid = (int64_t)json_integer_value(json_object_get(sum, "valid"));
	nb->warnings = (int64_t)json_integer_value(json_object_get(sum, "warnings"));
	nb->errors = (int64_t)json_integer_value(json_object_get(sum, "errors"));
	int rc = db_begin(r->db);
	if (rc != DB_OK)
		return rc;
	rc = imports_batch_insert(r->db, nb, id);
	if (rc == DB_OK) {
		json_t *after = json_pack("{s:I, s:s, s:s, s:s, s:O}", "id", (json_int_t)*id,
		                          "file_name", nb->file_name, "file_hash", nb->file_hash,
		                          "status", nb->status, "summary", sum);
		rc = audit_record(r, "import.upload", "import_batch",
		                  arena_printf(r->a, "%lld", (long long)*id), NULL, after);
		json_decref(after);
	}
	if (rc != DB_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

/* An upload: the file and its preview are stored, stock does not change (apply does). */
static void h_upload(struct req *r)
{
	struct multipart_field f;
	if (api_upload_file(r, &f))
		return;
	const char *file_name = api_upload_name(r->a, f.filename);
	char today[11], now[32], hash[65];
	time_t t = util_now();
	util_kst_date(t, today);
	util_utc_iso(t, now);
	const char *format = "unknown";
	json_t *pv = make_preview(r, &f, file_name, today, hash, &format);
	if (!pv) {
		reply_internal(r);
		return;
	}
	preview_mark_applied(r, pv, hash);
	preview_sort_problems(pv);
	char *pv_text = json_dumps(pv, JSON_COMPACT);
	if (!pv_text) {
		json_decref(pv);
		reply_internal(r);
		return;
	}
	struct imports_new_batch nb = {.org_id = r->user->org_id,
	                               .user_id = r->user->id,
	                               .file_name = file_name,
	                               .file_hash = hash,
	                               .format = format,
	                               .status = import_batch_upload_status(
	                                       json_is_true(json_object_get(pv, "can_apply"))),
	                               .uploaded_at = now,
	                               .preview_json = pv_text,
	                               .file = f.data,
	                               .file_len = f.len};
	int64_t id = 0;
	int rc = store_upload(r, pv, &nb, &id);
	free(pv_text);
	if (rc != DB_OK) {
		json_decref(pv);
		reply_db_error(r, rc);
		return;
	}
	json_object_set_new(pv, "id", json_integer(id));
	json_object_set_new(pv, "status", json_string(nb.status));
	json_object_set_new(pv, "file_name", json_string(file_name));
	json_object_set_new(pv, "uploaded_at", json_string(now));
	reply_json(r, 201, pv);
}

/* ------------------------------------------------------------------ list and detail */

static void h_list(struct req *r)
{
	int64_t limit, offset;
	if (req_query_int(r, "limit", 50, 1, 1000, &limit) ||
	    req_query_int(r, "offset", 0, 0, INT64_MAX, &offset))
		return;
	const char *status = req_query(r, "status");
	if (status && !*status)
		status = NULL;
	int64_t org_id = r->user->org_id;
	int64_t total = 0;
	json_t *items = imports_batch_list(r->db, org_id, status, limit, offset, &total);
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

static void h_get(struct req *r)
{
	int64_t id;
	if (batch_id(r, &id))
		return;
	int64_t org_id = r->user->org_id;
	json_t *o = imports_batch_json(r->db, org_id, id);
	if (!o) {
		reply_not_found(r, "import_not_found", "가져오기 기록을 찾을 수 없습니다.");
		return;
	}
	char *pv = imports_batch_preview(r->db, org_id, id);
	json_t *preview = pv ? json_loads(pv, 0, NULL) : NULL;
	free(pv);
	preview_sort_problems(preview); /* batches stored before problems were sorted */
	json_object_set_new(o, "preview", preview ? preview : json_null());
	/* The rows an apply wrote, as the ledger shows them: who, when, source and memo. */
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)id);
	json_object_set_new(o, "movements", movements_by_ref(r->db, org_id, "import", ref));
	reply_json(r, 200, o);
}

/* ------------------------------------------------------------------ apply and reverse */

/* Loads the batch of the caller's organisation; 0 when found. */
/* Opens the write transaction and reads the batch of the path inside it, so that two
 * members acting on one batch at once are serialised and the second sees the first's
 * result (BEGIN IMMEDIATE). Returns -1 after replying (transaction closed) when it cannot. */
static int batch_begin(struct req *r, int64_t *id, struct imports_batch_state *b)
{
	if (batch_id(r, id) || req_tx_begin(r))
		return -1;
	if (imports_batch_load(r->db, r->a, r->user->org_id, *id, b) != 0) {
		req_tx_abort(r);
		reply_not_found(r, "import_not_found", "가져오기 기록을 찾을 수 없습니다.");
		return -1;
	}
	return 0;
}

static void reply_already_reversed(struct req *r, int64_t id, const struct imports_batch_state *b)
{
	reply_error(r, 409, "already_reversed",
	            arena_printf(r->a, "이미 되돌린 가져오기입니다: #%lld, %s(KST), %s 님.",
	                         (long long)id, kst_time(r->a, b->reversed_at), b->reversed_by),
	            json_pack("[{s:I, s:s, s:s}]", "batch_id", (json_int_t)id, "reversed_at",
	                      b->reversed_at, "reversed_by", b->reversed_by));
}

/* The 409 for a batch whose state refuses the apply or the reversal. */
static void reply_refused(struct req *r, int64_t id, const struct imports_batch_state *b,
                          enum import_batch_verdict v)
{
	switch (v) {
	case IMPORT_BATCH_ALREADY_REVERSED:
		reply_already_reversed(r, id, b);
		return;
	case IMPORT_BATCH_ALREADY_APPLIED:
		reply_already_applied(r, id, b->applied_at, b->applied_by, 1);
		return;
	case IMPORT_BATCH_HAS_ERRORS:
		reply_error(
		        r, 409, "has_errors",
		        "오류가 있는 파일이라 반영할 수 없습니다. 미리보기의 오류를 고친 뒤 파일을 "
		        "다시 올려 주세요.",
		        NULL);
		return;
	case IMPORT_BATCH_NOT_APPLIED:
	case IMPORT_BATCH_GO:
		reply_error(r, 409, "not_applied", "반영되지 않은 가져오기라 되돌릴 것이 없습니다.",
		            NULL);
		return;
	}
}

/* Builds the ledger movements of a preview: every inbound first, then every outbound, so
 * that the stock check sees what the preview's per-SKU totals showed. Returns the count;
 * *out is malloc'd. Strings point into items. */
static size_t preview_moves(json_t *items, const char *ref, struct ledger_move **out)
{
	size_t n = json_array_size(items), k = 0;
	struct ledger_move *m = xcalloc(n * 2 + 1, sizeof *m);
	for (int pass = 0; pass < 2; pass++) {
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			json_int_t q = json_integer_value(
			        json_object_get(it, pass == 0 ? "inbound" : "outbound"));
			if (q <= 0)
				continue;
			const char *memo = json_string_value(json_object_get(it, "memo"));
			const char *date = json_string_value(json_object_get(it, "date"));
			m[k++] = (struct ledger_move){
			        .sku = json_string_value(json_object_get(it, "sku")),
			        .type = pass == 0 ? LEDGER_INBOUND : LEDGER_OUTBOUND,
			        .qty = (int64_t)q,
			        .date = date && *date ? date : NULL,
			        .memo = memo && *memo ? memo : NULL,
			        .ref = ref};
			if (pass ==
			    0) { /* the row's 소비기한 and 로트 번호 belong to its inbound */
				m[k - 1].expiry = json_string_value(json_object_get(it, "expiry"));
				m[k - 1].lot = json_string_value(json_object_get(it, "lot"));
				m[k - 1].expiry_unknown =
				        json_is_true(json_object_get(it, "expiry_unknown"));
			}
		}
	}
	*out = m;
	return k;
}

/* The ledger refused the apply: a database error, or the preview was made against older
 * stock or an older catalogue. sku is the movement's at fault. */
static void reply_apply_refused(struct req *r, int lrc, const struct ledger_err *err,
                                const char *sku)
{
	if (lrc == LEDGER_EDB) {
		reply_db_error(r, err->db_rc ? err->db_rc : DB_ERR);
		return;
	}
	reply_error(r, 409, lrc == LEDGER_ENOSTOCK ? "stock_changed" : "preview_outdated",
	            arena_printf(r->a,
	                         "미리보기 이후 재고나 상품 정보가 바뀌어 반영하지 않았습니다 "
	                         "(%s: %s). 아무것도 바뀌지 않았으니 파일을 다시 올려 새 "
	                         "미리보기를 확인해 주세요.",
	                         sku ? sku : "", err->message),
	            json_pack("[{s:s, s:s, s:s}]", "sku", sku ? sku : "", "code",
	                      err->id ? err->id : "", "message", err->message));
}

static void h_apply(struct req *r)
{
	int64_t id;
	struct imports_batch_state b;
	if (batch_begin(r, &id, &b))
		return;
	int rc;
	enum import_batch_verdict v = import_batch_may_apply(b.status);
	if (v != IMPORT_BATCH_GO) {
		db_rollback(r->db);
		free(b.preview);
		reply_refused(r, id, &b, v);
		return;
	}
	const char *when = NULL, *who = NULL;
	int64_t earlier =
	        imports_applied_same_hash(r->db, r->user->org_id, b.hash, id, r->a, &when, &who);
	if (earlier) {
		db_rollback(r->db);
		free(b.preview);
		reply_already_applied(r, earlier, when, who, 0);
		return;
	}
	json_t *pv = json_loads(b.preview, 0, NULL);
	free(b.preview);
	json_t *items = json_object_get(pv, "items");
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)id);
	struct ledger_move *moves = NULL;
	size_t nmoves = preview_moves(items, ref, &moves);
	if (nmoves == 0) {
		db_rollback(r->db);
		free(moves);
		json_decref(pv);
		reply_error(r, 409, "nothing_to_apply", "반영할 입고·출고 수량이 없습니다.", NULL);
		return;
	}
	struct ledger_ctx ctx = {
	        .org_id = r->user->org_id, .user_id = r->user->id, .source = "import"};
	struct ledger_err err;
	int lrc = ledger_record(r->db, &ctx, moves, nmoves, NULL, &err);
	if (lrc != LEDGER_OK) {
		db_rollback(r->db);
		const char *sku = arena_strdup(r->a, err.index < nmoves && moves[err.index].sku
		                                             ? moves[err.index].sku
		                                             : "");
		free(moves);
		json_decref(pv);
		reply_apply_refused(r, lrc, &err, sku);
		return;
	}
	free(moves);
	char now[32];
	util_utc_iso(util_now(), now);
	int64_t count = 0;
	rc = imports_batch_mark_applied(r->db, r->user->org_id, id, r->user->id, now, ref, &count);
	if (rc == DB_OK) {
		json_t *after = json_pack("{s:I, s:s, s:s, s:s, s:I, s:O}", "id", (json_int_t)id,
		                          "file_name", b.file_name, "file_hash", b.hash, "status",
		                          "applied", "movement_count", (json_int_t)count, "summary",
		                          json_object_get(pv, "summary"));
		json_t *before = json_pack("{s:s}", "status", "preview");
		rc = audit_record(r, "import.apply", "import_batch", ref, before, after);
		json_decref(before);
		json_decref(after);
	}
	json_decref(pv);
	if (rc != DB_OK) {
		db_rollback(r->db);
		if (rc == DB_CONSTRAINT) {
			reply_error(
			        r, 409, "already_applied",
			        "같은 파일이 방금 다른 가져오기로 반영되었습니다. 가져오기 목록을 "
			        "확인해 주세요.",
			        NULL);
			return;
		}
		reply_db_error(r, rc);
		return;
	}
	rc = db_commit(r->db);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	alert_delivery_refresh_soon();
	req_live_changed(r, "import.apply", NULL, NULL, NULL, NULL);
	json_t *o = imports_batch_json(r->db, r->user->org_id, id);
	reply_json(r, 200, o ? o : json_object());
}

static void h_reverse(struct req *r)
{
	int64_t id;
	struct imports_batch_state b;
	if (batch_begin(r, &id, &b))
		return;
	int rc;
	free(b.preview);
	enum import_batch_verdict v = import_batch_may_reverse(b.status);
	if (v != IMPORT_BATCH_GO) {
		db_rollback(r->db);
		reply_refused(r, id, &b, v);
		return;
	}
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)id);
	struct ledger_ctx ctx = {
	        .org_id = r->user->org_id, .user_id = r->user->id, .source = "import"};
	const char *memo = arena_printf(r->a, "가져오기 #%lld 되돌리기", (long long)id);
	struct ledger_err err;
	size_t reversed = 0;
	int lrc = imports_batch_reverse(r->db, &ctx, ref, memo, &reversed, &err);
	if (lrc != LEDGER_OK) {
		db_rollback(r->db);
		if (lrc == LEDGER_EDB) {
			reply_db_error(r, err.db_rc ? err.db_rc : DB_ERR);
			return;
		}
		reply_error(r, 409, lrc == LEDGER_ENOSTOCK ? "insufficient_stock" : "conflict",
		            arena_printf(r->a,
		                         "가져오기 #%s%s 되돌릴 수 없습니다: %s 아무것도 바뀌지 "
		                         "않았습니다.",
		                         ref, korean_josa(ref, "을/를"), err.message),
		            NULL);
		return;
	}
	char now[32];
	util_utc_iso(util_now(), now);
	rc = imports_batch_mark_reversed(r->db, r->user->org_id, id, r->user->id, now);
	if (rc == DB_OK) {
		json_t *before = json_pack("{s:s}", "status", "applied");
		json_t *after = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)id, "file_name",
		                          b.file_name, "status", "reversed", "reversed_movements",
		                          (json_int_t)reversed);
		rc = audit_record(r, "import.reverse", "import_batch", ref, before, after);
		json_decref(before);
		json_decref(after);
	}
	if (rc != DB_OK) {
		db_rollback(r->db);
		reply_db_error(r, rc);
		return;
	}
	rc = db_commit(r->db);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	alert_delivery_refresh_soon();
	req_live_changed(r, "import.reverse", NULL, NULL, NULL, NULL);
	json_t *o = imports_batch_json(r->db, r->user->org_id, id);
	reply_json(r, 200, o ? o : json_object());
}

const struct route api_imports_routes[] = {
        {"GET", "/api/templates/stock.xlsx", ROLE_STAFF, 0, h_template},
        {"POST", "/api/imports", ROLE_STAFF, API_IMPORTS_BODY_MAX, h_upload},
        {"GET", "/api/imports", ROLE_VIEWER, 0, h_list},
        {"GET", "/api/imports/{id}", ROLE_VIEWER, 0, h_get},
        {"POST", "/api/imports/{id}/apply", ROLE_STAFF, 0, h_apply},
        {"POST", "/api/imports/{id}/reverse", ROLE_MANAGER, 0, h_reverse},
        ROUTE_END};
