/* api_audit.c — GET /api/audit (newest first, with the member's name; filters member,
 * kind prefix, KST date range, entity), and the same rows as CSV (UTF-8 with a BOM and
 * Korean headers, for Excel) and as an .xlsx workbook. Only the caller's organisation's
 * rows are ever read. */
#include "api_audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "util.h"

#define AUDIT_EXPORT_MAX 100000 /* rows in one export */
#define AUDIT_MAX_PARAMS 8

/* The WHERE clause of a query, built from fixed fragments, and its bound values. */
struct audit_filter {
	char where[512];
	int n;
	char type[AUDIT_MAX_PARAMS]; /* 'i' or 't' */
	int64_t ival[AUDIT_MAX_PARAMS];
	const char *tval[AUDIT_MAX_PARAMS];
};

static void filter_add(struct audit_filter *f, const char *clause, char type, int64_t i,
                       const char *t)
{
	strncat(f->where, clause, sizeof f->where - strlen(f->where) - 1);
	f->type[f->n] = type;
	f->ival[f->n] = i;
	f->tval[f->n] = t;
	f->n++;
}

static void filter_bind(const struct audit_filter *f, db_stmt *s)
{
	for (int k = 0; k < f->n; k++) {
		if (f->type[k] == 'i')
			db_bind_int(s, k + 1, f->ival[k]);
		else
			db_bind_text(s, k + 1, f->tval[k]);
	}
}

/* A query argument that must be short text of [a-z0-9._-] (upper case folded); NULL when
 * absent. The result lives in the request arena. */
static int query_word(struct req *r, const char *name, size_t max, const char **out)
{
	const char *v = req_query(r, name);
	*out = NULL;
	if (!v || !*v)
		return 0;
	size_t n = strlen(v);
	int ok = n <= max;
	char *w = ok ? arena_strdup(r->a, v) : NULL;
	for (char *p = w; ok && *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a'); /* kinds are lower-case; be kind to typing */
		ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		     *p == '_' || *p == '-';
	}
	if (!ok) {
		reply_field_error(r, name, "bad_filter",
		                  arena_printf(r->a,
		                               "%s 값은 %zu자 이하의 영문, 숫자, '.', '_', '-'로 "
		                               "입력해 주세요 (예: user.role).",
		                               name, max));
		return -1;
	}
	*out = w;
	return 0;
}

/* A KST date argument as the UTC instant its day starts at (plus add_days days). */
static int query_day_start(struct req *r, const char *name, int add_days, char out[32],
                           int64_t *days_out)
{
	const char *v = req_query(r, name);
	out[0] = '\0';
	if (!v || !*v)
		return 0;
	int y, m, d;
	if (strlen(v) != 10 || util_parse_date(v, &y, &m, &d) != 0) {
		reply_field_error(
		        r, name, "bad_date",
		        "날짜는 2025-01-28 처럼 YYYY-MM-DD 형식의 실제 날짜로 입력해 주세요.");
		return -1;
	}
	int64_t days = util_days_from_civil(y, m, d);
	*days_out = days;
	util_utc_iso((time_t)((days + add_days) * 86400 - 9 * 3600), out);
	return 0;
}

/* Reads the filters of the query string into f (strings live in the request). Replies
 * 400 and returns non-zero on a malformed filter. */
static int audit_filter_parse(struct req *r, struct audit_filter *f)
{
	memset(f, 0, sizeof *f);
	filter_add(f, "a.org_id = ?", 'i', r->user->org_id, NULL);
	int64_t user_id = 0;
	if (req_query_int(r, "user_id", 0, 0, INT64_MAX, &user_id))
		return -1;
	if (user_id > 0)
		filter_add(f, " AND a.user_id = ?", 'i', user_id, NULL);
	const char *kind = NULL, *entity = NULL;
	if (query_word(r, "kind", 64, &kind) || query_word(r, "entity", 64, &entity))
		return -1;
	if (kind) {
		/* A prefix: "user." finds every member change. Compared with substr, not LIKE,
		 * so that '_' in a kind is not a wildcard. */
		filter_add(f, " AND substr(a.kind, 1, ?) = ?", 'i', (int64_t)strlen(kind), NULL);
		f->type[f->n] = 't';
		f->tval[f->n++] = kind;
	}
	if (entity)
		filter_add(f, " AND a.entity = ?", 't', 0, entity);
	const char *entity_id = req_query(r, "entity_id");
	if (entity_id && *entity_id) {
		if (strlen(entity_id) > 200) {
			reply_field_error(r, "entity_id", "too_long",
			                  "200자 이하로 입력해 주세요.");
			return -1;
		}
		filter_add(f, " AND a.entity_id = ?", 't', 0, entity_id);
	}
	char *from = arena_alloc(r->a, 32), *to = arena_alloc(r->a, 32);
	int64_t from_days = 0, to_days = 0;
	if (query_day_start(r, "from", 0, from, &from_days) ||
	    query_day_start(r, "to", 1, to, &to_days))
		return -1;
	if (*from && *to && from_days > to_days) {
		reply_field_error(r, "from", "bad_range", "시작일이 종료일보다 늦습니다.");
		return -1;
	}
	if (*from)
		filter_add(f, " AND a.at >= ?", 't', 0, from);
	if (*to)
		filter_add(f, " AND a.at < ?", 't', 0, to);
	return 0;
}

#define AUDIT_SELECT                                                                               \
	"SELECT a.id, a.at, a.kind, a.entity, a.entity_id, a.before_json, a.after_json, a.ip, "    \
	"a.user_id, u.name, u.login FROM audit_log a LEFT JOIN users u ON u.id = a.user_id "       \
	"WHERE "

/* Stored JSON text as a value (a string when it is not JSON); a new reference. */
static json_t *json_or_null(const char *text)
{
	if (!text)
		return json_null();
	json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
	return j ? j : json_string(text);
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* GET /api/audit */
static void audit_list(struct req *r)
{
	struct audit_filter f;
	int64_t limit = 50, offset = 0;
	if (audit_filter_parse(r, &f) || req_query_int(r, "limit", 50, 1, 1000, &limit) ||
	    req_query_int(r, "offset", 0, 0, INT64_MAX / 2, &offset))
		return;
	char *sql = arena_printf(r->a, "SELECT COUNT(*) FROM audit_log a WHERE %s", f.where);
	db_stmt *s = db_prepare(r->db, sql);
	filter_bind(&f, s);
	int rc = db_step(s);
	int64_t total = rc == DB_ROW ? db_col_int(s, 0) : 0;
	db_finalize(s);
	if (rc != DB_ROW) {
		reply_db_error(r, rc);
		return;
	}
	sql = arena_printf(r->a, AUDIT_SELECT "%s ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?",
	                   f.where);
	s = db_prepare(r->db, sql);
	filter_bind(&f, s);
	db_bind_int(s, f.n + 1, limit);
	db_bind_int(s, f.n + 2, offset);
	json_t *items = json_array();
	while ((rc = db_step(s)) == DB_ROW) {
		json_t *user =
		        db_col_is_null(s, 8)
		                ? json_null()
		                : json_pack("{s:I, s:s?, s:s?}", "id", (json_int_t)db_col_int(s, 8),
		                            "name", db_col_text(s, 9), "login", db_col_text(s, 10));
		json_array_append_new(
		        items,
		        json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:o, s:o, s:s?, s:o}", "id",
		                  (json_int_t)db_col_int(s, 0), "at", nz(db_col_text(s, 1)), "kind",
		                  nz(db_col_text(s, 2)), "entity", db_col_text(s, 3), "entity_id",
		                  db_col_text(s, 4), "before", json_or_null(db_col_text(s, 5)),
		                  "after", json_or_null(db_col_text(s, 6)), "ip", db_col_text(s, 7),
		                  "user", user));
	}
	db_finalize(s);
	if (rc != DB_DONE) {
		json_decref(items);
		reply_db_error(r, rc);
		return;
	}
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

/* ---------------------------------------------------------------------------- exports */

static const struct {
	const char *kind, *label;
} kind_labels[] = {
        {"session.login", "로그인"},
        {"session.logout", "로그아웃"},
        {"session.login_failed", "로그인 실패"},
        {"session.locked", "로그인 잠김"},
        {"user.create", "회원 추가"},
        {"user.name", "이름 변경"},
        {"user.role", "권한 변경"},
        {"user.enable", "사용 재개"},
        {"user.disable", "사용 중지"},
        {"user.password", "비밀번호 변경"},
        {"user.password_reset", "비밀번호 초기화"},
        {"movement.create", "입출고 등록"},
        {"movement.reverse", "입출고 취소"},
        {"product.create", "상품 등록"},
        {"product.update", "상품 수정"},
        {"product.delete", "상품 삭제"},
        {"product.deactivate", "상품 사용 중지"},
        {"product.import", "상품표 일괄 등록"},
        {"supplier.create", "공급처 등록"},
        {"supplier.update", "공급처 수정"},
        {"import.upload", "엑셀 업로드"},
        {"import.apply", "엑셀 적용"},
        {"import.reverse", "엑셀 되돌리기"},
        {"org.update", "회사 설정 변경"},
        {"purchase_order.create", "발주서 작성"},
        {"purchase_order.update", "발주서 수정"},
        {"purchase_order.order", "발주"},
        {"purchase_order.receive", "발주 입고"},
        {"purchase_order.cancel", "발주 취소"},
        {"purchase_order.close", "입고 마감"},
};

const char *api_audit_kind_label(const char *kind)
{
	for (size_t i = 0; i < ARRAY_LEN(kind_labels); i++)
		if (strcmp(kind_labels[i].kind, kind) == 0)
			return kind_labels[i].label;
	return kind;
}

void api_audit_kst_time(const char *utc_iso, char out[32])
{
	int y, mo, d, h, mi, se;
	if (!utc_iso ||
	    sscanf(utc_iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) != 6) {
		util_strlcpy(out, utc_iso ? utc_iso : "", 32);
		return;
	}
	int64_t t = util_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se + 9 * 3600;
	int64_t days = t / 86400, rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	util_civil_from_days(days, &y, &mo, &d);
	snprintf(out, 32, "%04d-%02d-%02d %02d:%02d:%02d", y % 10000, mo % 100, d % 100,
	         (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

char *api_audit_csv_field(const char *s)
{
	s = s ? s : "";
	size_t n = strlen(s), quotes = 0;
	for (const char *p = s; *p; p++)
		quotes += *p == '"';
	int guard = *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r';
	char *out = xmalloc(n + quotes + (size_t)guard + 3), *o = out;
	*o++ = '"';
	if (guard)
		*o++ = '\'';
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			*o++ = '"';
		*o++ = *p;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

#define AUDIT_COLS 10
static const char *const export_headers[AUDIT_COLS] = {"일시(KST)", "회원", "아이디",  "내용",
                                                       "종류",      "대상", "대상 ID", "변경 전",
                                                       "변경 후",   "IP"};

/* Runs the filtered query (newest first, at most AUDIT_EXPORT_MAX rows) and hands each
 * row's display cells to emit. Returns DB_DONE or a DB error. */
static int audit_export_rows(struct req *r, const struct audit_filter *f,
                             void (*emit)(void *ctx, const char *const cells[AUDIT_COLS]),
                             void *ctx)
{
	char *sql = arena_printf(r->a, AUDIT_SELECT "%s ORDER BY a.at DESC, a.id DESC LIMIT ?",
	                         f->where);
	db_stmt *s = db_prepare(r->db, sql);
	filter_bind(f, s);
	db_bind_int(s, f->n + 1, AUDIT_EXPORT_MAX);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		char at[32];
		api_audit_kst_time(db_col_text(s, 1), at);
		const char *kind = nz(db_col_text(s, 2));
		const char *cells[AUDIT_COLS] = {at,
		                                 nz(db_col_text(s, 9)),
		                                 nz(db_col_text(s, 10)),
		                                 api_audit_kind_label(kind),
		                                 kind,
		                                 nz(db_col_text(s, 3)),
		                                 nz(db_col_text(s, 4)),
		                                 nz(db_col_text(s, 5)),
		                                 nz(db_col_text(s, 6)),
		                                 nz(db_col_text(s, 7))};
		emit(ctx, cells);
	}
	db_finalize(s);
	return rc;
}

struct csv_buf {
	char *p;
	size_t len, cap;
};

static void csv_put(struct csv_buf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

static void csv_emit(void *ctx, const char *const cells[AUDIT_COLS])
{
	struct csv_buf *b = ctx;
	for (int i = 0; i < AUDIT_COLS; i++) {
		char *f = api_audit_csv_field(cells[i]);
		if (i)
			csv_put(b, ",");
		csv_put(b, f);
		free(f);
	}
	csv_put(b, "\r\n");
}

static void export_disposition(struct req *r, const char *ext)
{
	char today[11];
	util_kst_date(util_now(), today);
	reply_header(r, "Content-Disposition",
	             arena_printf(r->a, "attachment; filename=\"audit-%s.%s\"", today, ext));
	reply_header(r, "Cache-Control", "no-store");
}

/* GET /api/audit.csv */
static void audit_csv(struct req *r)
{
	struct audit_filter f;
	if (audit_filter_parse(r, &f))
		return;
	struct csv_buf b = {0};
	csv_put(&b, "\xEF\xBB\xBF"); /* the BOM makes Excel read UTF-8 */
	csv_emit(&b, export_headers);
	int rc = audit_export_rows(r, &f, csv_emit, &b);
	if (rc != DB_DONE) {
		free(b.p);
		reply_db_error(r, rc);
		return;
	}
	export_disposition(r, "csv");
	reply_bytes(r, 200, "text/csv; charset=utf-8", b.p, b.len);
	free(b.p);
}

struct xlsx_ctx {
	lxw_worksheet *ws;
	lxw_row_t row;
};

static void xlsx_emit(void *ctx, const char *const cells[AUDIT_COLS])
{
	struct xlsx_ctx *x = ctx;
	for (int i = 0; i < AUDIT_COLS; i++)
		worksheet_write_string(x->ws, x->row, (lxw_col_t)i, cells[i], NULL);
	x->row++;
}

/* GET /api/audit.xlsx — libxlsxwriter writes a file, so the workbook goes through a
 * private temporary file that is read back and removed. */
static void audit_xlsx(struct req *r)
{
	struct audit_filter f;
	if (audit_filter_parse(r, &f))
		return;
	const char *tmpdir = getenv("TMPDIR");
	char *path =
	        arena_printf(r->a, "%s/jaego-audit-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		reply_internal(r);
		return;
	}
	close(fd);
	/* Rows are written in order, so the low-memory mode fits: one row in memory. */
	lxw_workbook_options wopt = {.constant_memory = LXW_TRUE,
	                             .tmpdir = tmpdir && *tmpdir ? (char *)tmpdir : NULL};
	lxw_workbook *wb = workbook_new_opt(path, &wopt);
	if (!wb) {
		unlink(path);
		reply_internal(r);
		return;
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, "감사 로그");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (int i = 0; i < AUDIT_COLS; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, export_headers[i], bold);
	worksheet_set_column(ws, 0, 0, 20, NULL);
	worksheet_set_column(ws, 7, 8, 40, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	struct xlsx_ctx x = {ws, 1};
	int rc = audit_export_rows(r, &f, xlsx_emit, &x);
	lxw_error err = workbook_close(wb);
	if (rc != DB_DONE || err != LXW_NO_ERROR) {
		unlink(path);
		if (rc != DB_DONE)
			reply_db_error(r, rc);
		else
			reply_internal(r);
		return;
	}
	FILE *fp = fopen(path, "rb");
	unlink(path);
	if (!fp) {
		reply_internal(r);
		return;
	}
	struct csv_buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (b.len + n > b.cap) {
			b.cap = (b.len + n) * 2;
			b.p = xrealloc(b.p, b.cap);
		}
		memcpy(b.p + b.len, chunk, n);
		b.len += n;
	}
	fclose(fp);
	export_disposition(r, "xlsx");
	reply_bytes(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	            b.p, b.len);
	free(b.p);
}

const struct route api_audit_routes[] = {
        {"GET", "/api/audit", ROLE_MASTER, 0, audit_list},
        {"GET", "/api/audit.csv", ROLE_MASTER, 0, audit_csv},
        {"GET", "/api/audit.xlsx", ROLE_MASTER, 0, audit_xlsx},
        ROUTE_END,
};
