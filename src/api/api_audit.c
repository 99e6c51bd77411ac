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

#include "audit_query.h"
#include "audit_text.h"
#include "csv_write.h"
#include "util.h"
#include "xlsx_write.h"
#include "date.h"

#define AUDIT_EXPORT_MAX 100000 /* rows in one export */
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
	util_utc_iso((time_t)((days + add_days) * 86400 - DATE_KST_OFFSET), out);
	return 0;
}

/* Reads the filters of the query string into f (strings live in the request). Replies
 * 400 and returns non-zero on a malformed filter. */
static int audit_filter_parse(struct req *r, struct audit_filter *f)
{
	memset(f, 0, sizeof *f);
	f->org_id = r->user->org_id;
	if (req_query_int(r, "user_id", 0, 0, INT64_MAX, &f->user_id))
		return -1;
	/* kind is a prefix: "user." finds every member change. */
	if (query_word(r, "kind", 64, &f->kind_prefix) || query_word(r, "entity", 64, &f->entity))
		return -1;
	const char *entity_id = req_query(r, "entity_id");
	if (entity_id && *entity_id) {
		if (strlen(entity_id) > 200) {
			reply_field_error(r, "entity_id", "too_long",
			                  "200자 이하로 입력해 주세요.");
			return -1;
		}
		f->entity_id = entity_id;
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
	f->from_utc = *from ? from : NULL;
	f->to_utc = *to ? to : NULL;
	return 0;
}

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

/* The Korean rendering of a row (audit_text.h); before and after are borrowed. */
static json_t *row_rendering(const struct audit_row *a, json_t *before, json_t *after)
{
	struct audit_text_row row = {.kind = a->kind,
	                             .entity = a->entity,
	                             .entity_id = a->entity_id,
	                             .target_name = a->target_name,
	                             .before = before,
	                             .after = after};
	return audit_text_render(&row);
}

/* One row of GET /api/audit: the Korean rendering and the stored values, into the array
 * ctx. */
static void list_item(void *ctx, const struct audit_row *a)
{
	json_t *user = a->user_id ? json_pack("{s:I, s:s?, s:s?}", "id", (json_int_t)a->user_id,
	                                      "name", a->user_name, "login", a->user_login)
	                          : json_null();
	json_t *before = json_or_null(a->before_json);
	json_t *after = json_or_null(a->after_json);
	json_t *item = row_rendering(a, before, after);
	json_t *raw = json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:o, s:o, s:s?, s:o}", "id",
	                        (json_int_t)a->id, "at", nz(a->at), "kind", nz(a->kind), "entity",
	                        a->entity, "entity_id", a->entity_id, "before", before, "after",
	                        after, "ip", a->ip, "user", user);
	json_object_update(item, raw);
	json_decref(raw);
	json_array_append_new(ctx, item);
}

/* GET /api/audit */
static void audit_list(struct req *r)
{
	struct audit_filter f;
	int64_t limit = 50, offset = 0, total = 0;
	if (audit_filter_parse(r, &f) || req_query_int(r, "limit", 50, 1, 1000, &limit) ||
	    req_query_int(r, "offset", 0, 0, INT64_MAX / 2, &offset))
		return;
	int rc = audit_count(r->db, &f, &total);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	json_t *items = json_array();
	rc = audit_each(r->db, &f, limit, offset, list_item, items);
	if (rc != DB_OK) {
		json_decref(items);
		reply_db_error(r, rc);
		return;
	}
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

/* ---------------------------------------------------------------------------- exports */

void api_audit_kst_time(const char *utc_iso, char out[32])
{
	char kst[20];
	if (date_utc_iso_to_kst(utc_iso, 1, kst) != 0)
		util_strlcpy(out, utc_iso ? utc_iso : "", 32);
	else
		util_strlcpy(out, kst, 32);
}

/* The screen's columns, in the same words (audit_text.c renders both), and the kind's
 * code last for filtering in a spreadsheet. */
#define AUDIT_COLS 9
static const char *const export_headers[AUDIT_COLS] = {
        "일시(KST)", "회원", "아이디", "종류", "대상", "내용", "변경 내용", "IP", "종류 코드"};

/* Where an export's rows go: each row's display cells, in export_headers' order. */
struct export_sink {
	void (*emit)(void *ctx, const char *const cells[AUDIT_COLS]);
	void *ctx;
};

static void export_row(void *ctx, const struct audit_row *a)
{
	const struct export_sink *sink = ctx;
	char at[32];
	api_audit_kst_time(a->at, at);
	json_t *before = json_or_null(a->before_json);
	json_t *after = json_or_null(a->after_json);
	json_t *text = row_rendering(a, before, after);
	char *changes = audit_text_changes_lines(text);
	const char *cells[AUDIT_COLS] = {at,
	                                 nz(a->user_name),
	                                 nz(a->user_login),
	                                 json_string_value(json_object_get(text, "label")),
	                                 json_string_value(json_object_get(text, "target")),
	                                 json_string_value(json_object_get(text, "summary")),
	                                 changes,
	                                 nz(a->ip),
	                                 nz(a->kind)};
	sink->emit(sink->ctx, cells);
	free(changes);
	json_decref(text);
	json_decref(before);
	json_decref(after);
}

/* Runs the filtered query (newest first, at most AUDIT_EXPORT_MAX rows) and hands each
 * row's display cells to emit. Returns DB_OK or a DB error. */
static int audit_export_rows(struct req *r, const struct audit_filter *f,
                             void (*emit)(void *ctx, const char *const cells[AUDIT_COLS]),
                             void *ctx)
{
	struct export_sink sink = {emit, ctx};
	return audit_each(r->db, f, AUDIT_EXPORT_MAX, 0, export_row, &sink);
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
		char *f = csv_field_guarded(cells[i]);
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
	if (rc != DB_OK) {
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
		xlsx_write_text(x->ws, x->row, (lxw_col_t)i, cells[i], NULL);
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
		xlsx_write_text(ws, 0, (lxw_col_t)i, export_headers[i], bold);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	worksheet_set_column(ws, 0, 0, 20, NULL);
	worksheet_set_column(ws, 4, 5, 40, NULL);
	worksheet_set_column(ws, 6, 6, 50, wrap);
	worksheet_freeze_panes(ws, 1, 0);
	struct xlsx_ctx x = {ws, 1};
	int rc = audit_export_rows(r, &f, xlsx_emit, &x);
	lxw_error err = workbook_close(wb);
	if (rc != DB_OK || err != LXW_NO_ERROR) {
		unlink(path);
		if (rc != DB_OK)
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
