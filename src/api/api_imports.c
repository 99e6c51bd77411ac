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
#include "korean.h"
#include "ledger.h"
#include "multipart.h"
#include "template.h"
#include "util.h"

#define XLSX_MIME     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define FILE_NAME_MAX 200 /* code points kept of an uploaded file's name */

/* ------------------------------------------------------------------ catalogue snapshot */

/* Every product of the organisation with its stock, loaded in two queries so that
 * validating thousands of rows costs no query per row. Strings live in the request arena. */
struct cat_comp {
	int64_t set_id;
	const char *sku;
	int64_t qty, on_hand;
	int has_expiry;
};

struct cat_prod {
	int64_t id;
	const char *sku, *name;
	int is_set, active;
	int needs_expiry; /* ledger_expiry_required(): own flag, or a set's components' */
	int64_t on_hand;  /* a set: what its components allow */
	size_t comp_off, ncomp;
};

struct catalog_snap {
	struct cat_prod *p; /* sorted by sku (bytewise) */
	size_t n;
	struct cat_comp *c; /* sorted by set_id */
	size_t nc;
	import_component *ic; /* parallel to c, for the importer */
};

static int cmp_sku(const void *a, const void *b)
{
	return strcmp(((const struct cat_prod *)a)->sku, ((const struct cat_prod *)b)->sku);
}

static void snap_load(db *d, arena *a, int64_t org_id, struct catalog_snap *s)
{
	memset(s, 0, sizeof *s);
	size_t cap = 0;
	db_stmt *st = db_preparef(d,
	                          "SELECT p.id, p.sku, p.name, p.kind, p.active,"
	                          " COALESCE(b.on_hand, 0), p.has_expiry FROM products p"
	                          " LEFT JOIN balances b ON b.product_id = p.id"
	                          " WHERE p.org_id = ?",
	                          "i", org_id);
	while (db_step(st) == DB_ROW) {
		if (s->n == cap) {
			cap = cap ? cap * 2 : 256;
			s->p = xrealloc(s->p, cap * sizeof *s->p);
		}
		struct cat_prod *p = &s->p[s->n++];
		memset(p, 0, sizeof *p);
		p->id = db_col_int(st, 0);
		p->sku = arena_strdup(a, db_col_text(st, 1) ? db_col_text(st, 1) : "");
		p->name = arena_strdup(a, db_col_text(st, 2) ? db_col_text(st, 2) : "");
		p->is_set = util_streq(db_col_text(st, 3), "set");
		p->active = (int)db_col_int(st, 4);
		p->on_hand = db_col_int(st, 5);
		p->needs_expiry = !p->is_set && db_col_int(st, 6);
	}
	db_finalize(st);
	cap = 0;
	st = db_preparef(d,
	                 "SELECT sc.set_id, c.sku, sc.qty, COALESCE(b.on_hand, 0), c.has_expiry"
	                 " FROM set_components sc JOIN products c ON c.id = sc.component_id"
	                 " LEFT JOIN balances b ON b.product_id = c.id"
	                 " WHERE sc.org_id = ? ORDER BY sc.set_id, c.sku",
	                 "i", org_id);
	while (db_step(st) == DB_ROW) {
		if (s->nc == cap) {
			cap = cap ? cap * 2 : 64;
			s->c = xrealloc(s->c, cap * sizeof *s->c);
		}
		struct cat_comp *c = &s->c[s->nc++];
		c->set_id = db_col_int(st, 0);
		c->sku = arena_strdup(a, db_col_text(st, 1) ? db_col_text(st, 1) : "");
		c->qty = db_col_int(st, 2);
		c->on_hand = db_col_int(st, 3);
		c->has_expiry = (int)db_col_int(st, 4);
	}
	db_finalize(st);
	s->ic = s->nc ? xcalloc(s->nc, sizeof *s->ic) : NULL;
	for (size_t i = 0; i < s->nc; i++) {
		s->ic[i].sku = s->c[i].sku;
		s->ic[i].qty = s->c[i].qty;
	}
	/* Attach each set's components (both lists sorted by set id). */
	if (s->n)
		qsort(s->p, s->n, sizeof *s->p, cmp_sku);
	for (size_t i = 0; i < s->n; i++) {
		struct cat_prod *p = &s->p[i];
		if (!p->is_set)
			continue;
		size_t lo = 0, hi = s->nc;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (s->c[mid].set_id < p->id)
				lo = mid + 1;
			else
				hi = mid;
		}
		p->comp_off = lo;
		while (lo < s->nc && s->c[lo].set_id == p->id)
			lo++;
		p->ncomp = lo - p->comp_off;
		int64_t avail = -1;
		for (size_t k = p->comp_off; k < p->comp_off + p->ncomp; k++) {
			int64_t q = s->c[k].qty > 0 ? s->c[k].on_hand / s->c[k].qty : 0;
			if (avail < 0 || q < avail)
				avail = q;
			p->needs_expiry |= s->c[k].has_expiry;
		}
		p->on_hand = avail < 0 ? 0 : avail;
	}
}

static void snap_free(struct catalog_snap *s)
{
	free(s->p);
	free(s->c);
	free(s->ic);
	memset(s, 0, sizeof *s);
}

static const struct cat_prod *snap_find(const struct catalog_snap *s, const char *sku)
{
	struct cat_prod key = {.sku = sku};
	return s->n ? bsearch(&key, s->p, s->n, sizeof *s->p, cmp_sku) : NULL;
}

/* The importer's lookup: SKUs are stored NFC, cells may be NFD (typed on a Mac). */
static int snap_lookup(void *ud, const char *sku, import_product *out)
{
	const struct catalog_snap *s = ud;
	int ascii = 1;
	for (const unsigned char *c = (const unsigned char *)sku; *c; c++)
		if (*c >= 0x80) {
			ascii = 0;
			break;
		}
	char *nfc = ascii ? NULL : util_nfc(sku);
	const struct cat_prod *p = snap_find(s, nfc ? nfc : sku);
	free(nfc);
	if (!p)
		return 0;
	memset(out, 0, sizeof *out);
	out->active = p->active;
	out->is_set = p->is_set;
	out->needs_expiry = p->needs_expiry;
	out->on_hand = p->on_hand;
	out->name = p->name;
	if (p->is_set && p->ncomp) {
		out->components = s->ic + p->comp_off;
		out->ncomponents = (int)p->ncomp;
	}
	return 1;
}

/* ------------------------------------------------------------------ helpers */

/* "2025-01-28T03:15:00Z" (UTC) as the KST wall time "2025-01-28 12:15" for messages. */
static const char *kst_time(arena *a, const char *iso)
{
	if (!iso)
		return "";
	struct tm tm = {0};
	const char *end = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		return iso;
	time_t t = timegm(&tm) + 9 * 3600;
	struct tm k;
	gmtime_r(&t, &k);
	char buf[32];
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &k);
	return arena_strdup(a, buf);
}

static json_t *opt_text(db_stmt *s, int col)
{
	const char *t = db_col_text(s, col);
	return t ? json_string(t) : json_null();
}

static json_t *opt_user(db_stmt *s, int id_col, int name_col)
{
	if (db_col_is_null(s, id_col))
		return json_null();
	return json_pack("{s:I, s:o}", "id", (json_int_t)db_col_int(s, id_col), "name",
	                 opt_text(s, name_col));
}

#define BATCH_COLS                                                                                 \
	"b.id, b.file_name, b.file_hash, b.file_size, b.format, b.status, b.row_count,"            \
	" b.valid_count, b.warning_count, b.error_count, b.movement_count,"                        \
	" b.uploaded_by, uu.name, b.uploaded_at, b.applied_by, ua.name, b.applied_at,"             \
	" b.reversed_by, ur.name, b.reversed_at"
#define BATCH_FROM                                                                                 \
	" FROM import_batches b LEFT JOIN users uu ON uu.id = b.uploaded_by"                       \
	" LEFT JOIN users ua ON ua.id = b.applied_by"                                              \
	" LEFT JOIN users ur ON ur.id = b.reversed_by"

static json_t *batch_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "file_name", opt_text(s, 1));
	json_object_set_new(o, "file_hash", opt_text(s, 2));
	json_object_set_new(o, "file_size", json_integer(db_col_int(s, 3)));
	json_object_set_new(o, "format", opt_text(s, 4));
	json_object_set_new(o, "status", opt_text(s, 5));
	json_object_set_new(o, "row_count", json_integer(db_col_int(s, 6)));
	json_object_set_new(o, "summary",
	                    json_pack("{s:I, s:I, s:I, s:I}", "rows", (json_int_t)db_col_int(s, 6),
	                              "valid", (json_int_t)db_col_int(s, 7), "warnings",
	                              (json_int_t)db_col_int(s, 8), "errors",
	                              (json_int_t)db_col_int(s, 9)));
	json_object_set_new(o, "movement_count", json_integer(db_col_int(s, 10)));
	json_object_set_new(o, "uploaded_by", opt_user(s, 11, 12));
	json_object_set_new(o, "uploaded_at", opt_text(s, 13));
	json_object_set_new(o, "applied_by", opt_user(s, 14, 15));
	json_object_set_new(o, "applied_at", opt_text(s, 16));
	json_object_set_new(o, "reversed_by", opt_user(s, 17, 18));
	json_object_set_new(o, "reversed_at", opt_text(s, 19));
	return o;
}

static json_t *batch_json(db *d, int64_t org_id, int64_t id)
{
	db_stmt *s =
	        db_preparef(d, "SELECT " BATCH_COLS BATCH_FROM " WHERE b.org_id = ? AND b.id = ?",
	                    "ii", org_id, id);
	json_t *o = db_step(s) == DB_ROW ? batch_row_json(s) : NULL;
	db_finalize(s);
	return o;
}

/* The batch id from the path; replies 404 for anything that is not a positive integer. */
static int batch_id(struct req *r, int64_t *out)
{
	const char *v = req_param(r, "id");
	char *end = NULL;
	long long id = v ? strtoll(v, &end, 10) : 0;
	if (!v || !*v || *end || id <= 0) {
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

/* The earlier applied batch of the same file, if any: fills id, when (UTC) and who. */
static int64_t applied_same_hash(db *d, int64_t org_id, const char *hash, int64_t except_id,
                                 arena *a, const char **when, const char **who)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT b.id, b.applied_at, u.name FROM import_batches b"
	                         " LEFT JOIN users u ON u.id = b.applied_by"
	                         " WHERE b.org_id = ? AND b.file_hash = ? AND b.status = 'applied'"
	                         " AND b.id <> ? ORDER BY b.id LIMIT 1",
	                         "iti", org_id, hash, except_id);
	int64_t id = 0;
	if (db_step(s) == DB_ROW) {
		id = db_col_int(s, 0);
		*when = arena_strdup(a, db_col_text(s, 1) ? db_col_text(s, 1) : "");
		*who = arena_strdup(a, db_col_text(s, 2) ? db_col_text(s, 2) : "");
	}
	db_finalize(s);
	return id;
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
	struct catalog_snap snap;
	snap_load(r->db, r->a, org_id, &snap);

	db_stmt *s = db_preparef(r->db,
	                         "SELECT sku, playauto_sku, name, category, kind FROM products"
	                         " WHERE org_id = ? AND active = 1 AND (? IS NULL OR category = ?)"
	                         " AND (? = 0 OR supplier_id = ?) ORDER BY sku",
	                         "ittii", org_id, cat_nfc, cat_nfc, supplier_id, supplier_id);
	size_t n = 0, cap = 0;
	template_product *tp = NULL;
	while (db_step(s) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			tp = xrealloc(tp, cap * sizeof *tp);
		}
		template_product *p = &tp[n++];
		const char *sku = db_col_text(s, 0);
		p->sku = arena_strdup(r->a, sku ? sku : "");
		p->playauto_sku = db_col_text(s, 1) ? arena_strdup(r->a, db_col_text(s, 1)) : NULL;
		p->name = db_col_text(s, 2) ? arena_strdup(r->a, db_col_text(s, 2)) : NULL;
		p->category = db_col_text(s, 3) ? arena_strdup(r->a, db_col_text(s, 3)) : NULL;
		p->kind = util_streq(db_col_text(s, 4), "set") ? TEMPLATE_SET : TEMPLATE_SINGLE;
		const struct cat_prod *cp = snap_find(&snap, p->sku);
		p->on_hand = cp ? cp->on_hand : 0;
		p->needs_expiry = cp ? cp->needs_expiry : 0;
	}
	db_finalize(s);
	free(cat_nfc);
	snap_free(&snap);

	char *org_name = db_text(r->db, "SELECT name FROM orgs WHERE id = ?", "i", org_id);
	char *token = db_text(r->db, "SELECT template_token FROM orgs WHERE id = ?", "i", org_id);
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

/* A file name fit to store: base name, NFC, at most FILE_NAME_MAX code points. */
static const char *clean_file_name(arena *a, const char *sent)
{
	char base[MULTIPART_NAME_MAX + 1];
	multipart_basename(sent, base, sizeof base);
	char *nfc = util_nfc(base);
	if (!nfc || !*nfc) {
		free(nfc);
		return "upload";
	}
	size_t cp = 0, i = 0;
	for (; nfc[i]; i++) {
		if (((unsigned char)nfc[i] & 0xC0) != 0x80) {
			if (cp == FILE_NAME_MAX)
				break;
			cp++;
		}
	}
	const char *out = arena_strndup(a, nfc, i);
	free(nfc);
	return out;
}

static void h_upload(struct req *r)
{
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	int mrc = multipart_boundary(req_header(r, "Content-Type"), boundary, sizeof boundary);
	if (mrc == MULTIPART_ENOTMULTIPART) {
		reply_error(r, 415, "unsupported_media_type",
		            "파일은 multipart/form-data 형식으로 올려 주세요 (필드 이름: file).",
		            NULL);
		return;
	}
	struct multipart_field f;
	if (mrc == MULTIPART_OK)
		mrc = multipart_find(r->body, r->body_len, boundary, "file", &f);
	if (mrc == MULTIPART_ENOFIELD) {
		reply_error(r, 400, "missing_file", "올릴 파일을 골라 주세요 (필드 이름: file).",
		            NULL);
		return;
	}
	if (mrc != MULTIPART_OK) {
		reply_error(r, 400, "bad_upload",
		            "업로드 요청이 올바르지 않습니다 (전송이 중간에 끊겼을 수 있습니다). "
		            "파일을 "
		            "다시 올려 주세요.",
		            NULL);
		return;
	}
	int64_t org_id = r->user->org_id;
	const char *file_name = clean_file_name(r->a, f.filename);
	char today[11], now[32];
	time_t t = util_now();
	util_kst_date(t, today);
	util_utc_iso(t, now);

	struct catalog_snap snap;
	snap_load(r->db, r->a, org_id, &snap);
	char *token = db_text(r->db, "SELECT template_token FROM orgs WHERE id = ?", "i", org_id);
	int allow_neg = (int)db_int(r->db, 0, "SELECT allow_negative_stock FROM orgs WHERE id = ?",
	                            "i", org_id);
	import_ctx ctx = {.org_id = org_id,
	                  .token = token,
	                  .today = today,
	                  .lookup = snap_lookup,
	                  .lookup_ud = &snap,
	                  .allow_negative = allow_neg};
	import_result *res = NULL;
	int irc = import_parse(f.data, f.len, file_name, &ctx, &res);
	free(token);
	json_t *pv = irc == IMPORT_OK ? import_to_json(res) : NULL;
	snap_free(&snap);
	if (!pv) {
		import_free(res);
		reply_internal(r);
		return;
	}
	char hash[65];
	util_strlcpy(hash, res->file_hash, sizeof hash);
	const char *format =
	        res->format && (util_streq(res->format, "xlsx") || util_streq(res->format, "csv"))
	                ? res->format
	                : "unknown";
	import_free(res);

	const char *when = NULL, *who = NULL;
	int64_t earlier = applied_same_hash(r->db, org_id, hash, 0, r->a, &when, &who);
	if (earlier) {
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
	preview_sort_problems(pv);
	int can_apply = json_is_true(json_object_get(pv, "can_apply"));
	json_t *sum = json_object_get(pv, "summary");
	char *pv_text = json_dumps(pv, JSON_COMPACT);
	if (!pv_text) {
		json_decref(pv);
		reply_internal(r);
		return;
	}
	int rc = db_begin(r->db);
	if (rc != DB_OK) {
		free(pv_text);
		json_decref(pv);
		reply_db_error(r, rc);
		return;
	}
	rc = db_exec(r->db,
	             "INSERT INTO import_batches(org_id, file_name, file_hash, file_size, format,"
	             " status, uploaded_by, uploaded_at, row_count, valid_count, warning_count,"
	             " error_count, preview_json, file)"
	             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	             "ittittitiiiitb", org_id, file_name, hash, (int64_t)f.len, format,
	             can_apply ? "preview" : "rejected", r->user->id, now,
	             (int64_t)json_integer_value(json_object_get(sum, "rows")),
	             (int64_t)json_integer_value(json_object_get(sum, "valid")),
	             (int64_t)json_integer_value(json_object_get(sum, "warnings")),
	             (int64_t)json_integer_value(json_object_get(sum, "errors")), pv_text,
	             (const void *)(f.data ? (const void *)f.data : (const void *)""), f.len);
	free(pv_text);
	int64_t id = rc == DB_OK ? db_last_id(r->db) : 0;
	if (rc == DB_OK) {
		json_t *after = json_pack("{s:I, s:s, s:s, s:s, s:O}", "id", (json_int_t)id,
		                          "file_name", file_name, "file_hash", hash, "status",
		                          can_apply ? "preview" : "rejected", "summary", sum);
		rc = audit_record(r, "import.upload", "import_batch",
		                  arena_printf(r->a, "%lld", (long long)id), NULL, after);
		json_decref(after);
	}
	if (rc != DB_OK) {
		db_rollback(r->db);
		json_decref(pv);
		reply_db_error(r, rc);
		return;
	}
	rc = db_commit(r->db);
	if (rc != DB_OK) {
		json_decref(pv);
		reply_db_error(r, rc);
		return;
	}
	json_object_set_new(pv, "id", json_integer(id));
	json_object_set_new(pv, "status", json_string(can_apply ? "preview" : "rejected"));
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
	db_stmt *s = db_preparef(r->db,
	                         "SELECT " BATCH_COLS BATCH_FROM
	                         " WHERE b.org_id = ? AND (? IS NULL OR b.status = ?)"
	                         " ORDER BY b.id DESC LIMIT ? OFFSET ?",
	                         "ittii", org_id, status, status, limit, offset);
	json_t *items = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(items, batch_row_json(s));
	db_finalize(s);
	int64_t total = db_int(r->db, 0,
	                       "SELECT COUNT(*) FROM import_batches WHERE org_id = ?"
	                       " AND (? IS NULL OR status = ?)",
	                       "itt", org_id, status, status);
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

static void h_get(struct req *r)
{
	int64_t id;
	if (batch_id(r, &id))
		return;
	int64_t org_id = r->user->org_id;
	json_t *o = batch_json(r->db, org_id, id);
	if (!o) {
		reply_not_found(r, "import_not_found", "가져오기 기록을 찾을 수 없습니다.");
		return;
	}
	char *pv = db_text(r->db,
	                   "SELECT preview_json FROM import_batches WHERE org_id = ? AND id = ?",
	                   "ii", org_id, id);
	json_t *preview = pv ? json_loads(pv, 0, NULL) : NULL;
	free(pv);
	preview_sort_problems(preview); /* batches stored before problems were sorted */
	json_object_set_new(o, "preview", preview ? preview : json_null());
	/* The rows an apply wrote, as the ledger shows them: who, when, source and memo. */
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)id);
	json_object_set_new(o, "movements", api_movements_by_ref(r->db, org_id, "import", ref));
	reply_json(r, 200, o);
}

/* ------------------------------------------------------------------ apply and reverse */

struct batch_state {
	char status[16];
	char hash[65];
	const char *applied_at, *applied_by, *reversed_at, *reversed_by, *file_name;
	char *preview; /* malloc'd */
};

/* Loads the batch of the caller's organisation; 0 when found. */
static int batch_load(struct req *r, int64_t id, struct batch_state *b)
{
	memset(b, 0, sizeof *b);
	db_stmt *s =
	        db_preparef(r->db,
	                    "SELECT b.status, b.file_hash, b.applied_at, ua.name, b.reversed_at,"
	                    " ur.name, b.preview_json, b.file_name FROM import_batches b"
	                    " LEFT JOIN users ua ON ua.id = b.applied_by"
	                    " LEFT JOIN users ur ON ur.id = b.reversed_by"
	                    " WHERE b.org_id = ? AND b.id = ?",
	                    "ii", r->user->org_id, id);
	int found = db_step(s) == DB_ROW;
	if (found) {
		util_strlcpy(b->status, db_col_text(s, 0) ? db_col_text(s, 0) : "",
		             sizeof b->status);
		util_strlcpy(b->hash, db_col_text(s, 1) ? db_col_text(s, 1) : "", sizeof b->hash);
		b->applied_at = arena_strdup(r->a, db_col_text(s, 2) ? db_col_text(s, 2) : "");
		b->applied_by = arena_strdup(r->a, db_col_text(s, 3) ? db_col_text(s, 3) : "");
		b->reversed_at = arena_strdup(r->a, db_col_text(s, 4) ? db_col_text(s, 4) : "");
		b->reversed_by = arena_strdup(r->a, db_col_text(s, 5) ? db_col_text(s, 5) : "");
		b->preview = xstrdup(db_col_text(s, 6) ? db_col_text(s, 6) : "{}");
		b->file_name = arena_strdup(r->a, db_col_text(s, 7) ? db_col_text(s, 7) : "");
	}
	db_finalize(s);
	return found ? 0 : -1;
}

static void reply_already_reversed(struct req *r, int64_t id, const struct batch_state *b)
{
	reply_error(r, 409, "already_reversed",
	            arena_printf(r->a, "이미 되돌린 가져오기입니다: #%lld, %s(KST), %s 님.",
	                         (long long)id, kst_time(r->a, b->reversed_at), b->reversed_by),
	            json_pack("[{s:I, s:s, s:s}]", "batch_id", (json_int_t)id, "reversed_at",
	                      b->reversed_at, "reversed_by", b->reversed_by));
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

static void h_apply(struct req *r)
{
	int64_t id;
	if (batch_id(r, &id))
		return;
	int rc = db_begin(r->db);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	/* Every check below runs inside the write transaction (BEGIN IMMEDIATE), so two
	 * members applying at once are serialised and the second sees the first's result. */
	struct batch_state b;
	if (batch_load(r, id, &b) != 0) {
		db_rollback(r->db);
		reply_not_found(r, "import_not_found", "가져오기 기록을 찾을 수 없습니다.");
		return;
	}
	if (strcmp(b.status, "applied") == 0 || strcmp(b.status, "reversed") == 0) {
		db_rollback(r->db);
		if (strcmp(b.status, "reversed") == 0)
			reply_already_reversed(r, id, &b);
		else
			reply_already_applied(r, id, b.applied_at, b.applied_by, 1);
		free(b.preview);
		return;
	}
	if (strcmp(b.status, "rejected") == 0) {
		db_rollback(r->db);
		free(b.preview);
		reply_error(
		        r, 409, "has_errors",
		        "오류가 있는 파일이라 반영할 수 없습니다. 미리보기의 오류를 고친 뒤 파일을 "
		        "다시 올려 주세요.",
		        NULL);
		return;
	}
	const char *when = NULL, *who = NULL;
	int64_t earlier = applied_same_hash(r->db, r->user->org_id, b.hash, id, r->a, &when, &who);
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
		if (lrc == LEDGER_EDB) {
			reply_db_error(r, err.db_rc ? err.db_rc : DB_ERR);
			return;
		}
		/* The preview was made against older stock or an older catalogue. */
		reply_error(
		        r, 409, lrc == LEDGER_ENOSTOCK ? "stock_changed" : "preview_outdated",
		        arena_printf(r->a,
		                     "미리보기 이후 재고나 상품 정보가 바뀌어 반영하지 않았습니다 "
		                     "(%s: %s). 아무것도 바뀌지 않았으니 파일을 다시 올려 새 "
		                     "미리보기를 확인해 주세요.",
		                     sku ? sku : "", err.message),
		        json_pack("[{s:s, s:s, s:s}]", "sku", sku ? sku : "", "code",
		                  err.id ? err.id : "", "message", err.message));
		return;
	}
	free(moves);
	char now[32];
	util_utc_iso(util_now(), now);
	int64_t count =
	        db_int(r->db, 0,
	               "SELECT COUNT(*) FROM movements WHERE org_id = ? AND source = 'import'"
	               " AND ref = ? AND type <> 'reversal'",
	               "it", r->user->org_id, ref);
	rc = db_exec(r->db,
	             "UPDATE import_batches SET status = 'applied', applied_by = ?, applied_at = ?,"
	             " movement_count = ? WHERE org_id = ? AND id = ? AND status = 'preview'",
	             "itiii", r->user->id, now, count, r->user->org_id, id);
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
	json_t *o = batch_json(r->db, r->user->org_id, id);
	reply_json(r, 200, o ? o : json_object());
}

static void h_reverse(struct req *r)
{
	int64_t id;
	if (batch_id(r, &id))
		return;
	int rc = db_begin(r->db);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	struct batch_state b;
	if (batch_load(r, id, &b) != 0) {
		db_rollback(r->db);
		reply_not_found(r, "import_not_found", "가져오기 기록을 찾을 수 없습니다.");
		return;
	}
	free(b.preview);
	if (strcmp(b.status, "reversed") == 0) {
		db_rollback(r->db);
		reply_already_reversed(r, id, &b);
		return;
	}
	if (strcmp(b.status, "applied") != 0) {
		db_rollback(r->db);
		reply_error(r, 409, "not_applied", "반영되지 않은 가져오기라 되돌릴 것이 없습니다.",
		            NULL);
		return;
	}
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)id);
	/* One movement per set explosion (the ledger reverses its sibling rows with it),
	 * newest first so that outbound comes back before inbound is taken away; rows
	 * already reversed one by one are left as they are. */
	db_stmt *s =
	        db_preparef(r->db,
	                    "SELECT m.id FROM movements m WHERE m.org_id = ?"
	                    " AND m.source = 'import' AND m.ref = ? AND m.type <> 'reversal'"
	                    " AND NOT EXISTS (SELECT 1 FROM movements x WHERE x.reverses = m.id)"
	                    " AND (m.set_group IS NULL OR m.id = (SELECT MIN(g.id) FROM movements g"
	                    " WHERE g.org_id = m.org_id AND g.set_group = m.set_group))"
	                    " ORDER BY m.id DESC",
	                    "it", r->user->org_id, ref);
	size_t n = 0, cap = 0;
	int64_t *ids = NULL;
	while (db_step(s) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			ids = xrealloc(ids, cap * sizeof *ids);
		}
		ids[n++] = db_col_int(s, 0);
	}
	db_finalize(s);
	struct ledger_ctx ctx = {
	        .org_id = r->user->org_id, .user_id = r->user->id, .source = "import"};
	const char *memo = arena_printf(r->a, "가져오기 #%lld 되돌리기", (long long)id);
	struct ledger_err err;
	int lrc = LEDGER_OK;
	size_t reversed = 0;
	for (size_t i = 0; i < n && lrc == LEDGER_OK; i++) {
		lrc = ledger_reverse(r->db, &ctx, ids[i], memo, NULL, &err);
		if (lrc == LEDGER_ECONFLICT && util_streq(err.id, "nothing_to_reverse"))
			lrc = LEDGER_OK;
		else if (lrc == LEDGER_OK)
			reversed++;
	}
	free(ids);
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
	rc = db_exec(
	        r->db,
	        "UPDATE import_batches SET status = 'reversed', reversed_by = ?, reversed_at = ?"
	        " WHERE org_id = ? AND id = ? AND status = 'applied'",
	        "itii", r->user->id, now, r->user->org_id, id);
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
	json_t *o = batch_json(r->db, r->user->org_id, id);
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
