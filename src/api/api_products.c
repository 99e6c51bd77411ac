/* api_products.c — the product table over HTTP: list with search, filters, sorting and
 * paging; create, read, change, delete (or deactivate); a product's ledger and its daily
 * stock for a chart; categories; the product table as .xlsx. Every change is audited with
 * the product object before and after, in the same transaction as the change. */
#include "api_products.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "api_movements.h"
#include "audit.h"
#include "catalog.h"
#include "catalog_json.h"
#include "ledger.h"
#include "log.h"
#include "multipart.h"
#include "product_import.h"
#include "product_sheet.h"
#include "sales_history.h"
#include "spreadsheet.h"
#include "util.h"
#include "xlsx_read.h"
#include "xlsx_write.h"
#include "movements.h"
#include "api_upload.h"

static void not_found(struct req *r, const char *sku)
{
	reply_not_found(r, "sku_not_found",
	                arena_printf(r->a, "상품을 찾을 수 없습니다: %s", sku ? sku : ""));
}

/* Reads the list filters of the query string into *f; replies 400 and returns non-zero
 * when one is malformed. */
static int parse_filter(struct req *r, struct catalog_filter *f)
{
	memset(f, 0, sizeof *f);
	f->kind = -1;
	if (req_query_int(r, "limit", 50, 1, 1000, &f->limit) ||
	    req_query_int(r, "offset", 0, 0, INT64_MAX, &f->offset) ||
	    req_query_int(r, "supplier_id", 0, 0, INT64_MAX, &f->supplier_id))
		return -1;
	int64_t low = 0;
	if (req_query_int(r, "low_stock", 0, 0, 1, &low))
		return -1;
	f->low_stock = (int)low;
	f->q = req_query(r, "q");
	f->category = req_query(r, "category");
	f->manufacturer = req_query(r, "manufacturer");
	f->sort = req_query(r, "sort");
	if (f->sort && *f->sort && !catalog_sort_known(f->sort)) {
		reply_field_error(r, "sort", "bad_sort",
		                  "정렬 기준(sort)은 sku, name, on_hand, category, safety_stock, "
		                  "updated_at 중 하나입니다 (앞에 -를 붙이면 내림차순).");
		return -1;
	}
	const char *kind = req_query(r, "kind"), *status = req_query(r, "status");
	if (kind && *kind) {
		if (strcmp(kind, "single") == 0)
			f->kind = 0;
		else if (strcmp(kind, "set") == 0)
			f->kind = 1;
		else {
			reply_error(r, 400, "bad_request", "kind는 single 또는 set이어야 합니다.",
			            NULL);
			return -1;
		}
	}
	if (status && *status) {
		if (strcmp(status, "active") == 0)
			f->status = 0;
		else if (strcmp(status, "inactive") == 0)
			f->status = 1;
		else if (strcmp(status, "all") == 0)
			f->status = 2;
		else {
			reply_error(r, 400, "bad_request",
			            "status는 active, inactive, all 중 하나여야 합니다.", NULL);
			return -1;
		}
	}
	return 0;
}

/* Whether the caller sees purchase costs (API_PRODUCTS_COST_ROLE). */
static int sees_cost(struct req *r)
{
	return r->user->role >= API_PRODUCTS_COST_ROLE;
}

static void h_list(struct req *r)
{
	struct catalog_filter f;
	if (parse_filter(r, &f))
		return;
	f.hide_cost = !sees_cost(r);
	size_t len;
	char *text = catalog_product_list_text(r->db, r->user->org_id, &f, &len);
	reply_bytes(r, 200, "application/json; charset=utf-8", text, len);
	free(text);
}

static void h_get(struct req *r)
{
	const char *sku = req_param_nfc(r, "sku");
	json_t *p = sku ? catalog_product_json(r->db, r->user->org_id, sku) : NULL;
	if (!p) {
		not_found(r, sku);
		return;
	}
	if (!sees_cost(r))
		json_object_del(p, "unit_cost");
	reply_json(r, 200, p);
}

/* Saves p and audits it in one transaction; replies with the product (status). */
static void save_and_reply(struct req *r, struct catalog_product *p, const char *supplier_name,
                           json_t *before, int status)
{
	struct catalog_err e;
	int64_t org = r->user->org_id;
	int rc = db_begin(r->db);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	if (catalog_product_save(r->db, org, p, supplier_name, &e) != CATALOG_OK) {
		db_rollback(r->db);
		reply_catalog_error(r, &e);
		catalog_err_clear(&e);
		return;
	}
	json_t *after = catalog_product_json(r->db, org, p->sku);
	/* before stays the caller's */
	req_tx_commit_reply(r, before ? "product.update" : "product.create", "product", p->sku,
	                    json_incref(before), after, status);
}

static void h_create(struct req *r)
{
	json_t *body = req_json_object(r);
	if (!body)
		return;
	struct catalog_product *p = arena_alloc(r->a, sizeof *p);
	char *supplier = arena_alloc(r->a, CATALOG_SUPPLIER_NAME_SIZE);
	struct catalog_err e;
	catalog_product_defaults(p);
	if (catalog_product_apply(r->db, r->user->org_id, body, 0, p, supplier, &e) != CATALOG_OK) {
		reply_catalog_error(r, &e);
		catalog_err_clear(&e);
		return;
	}
	save_and_reply(r, p, supplier, NULL, 201);
}

static void h_patch(struct req *r)
{
	json_t *body = req_json_object(r);
	if (!body)
		return;
	const char *sku = req_param_nfc(r, "sku");
	struct catalog_product *p = arena_alloc(r->a, sizeof *p);
	char *supplier = arena_alloc(r->a, CATALOG_SUPPLIER_NAME_SIZE);
	if (!sku || catalog_product_load(r->db, r->user->org_id, sku, p) != CATALOG_OK) {
		not_found(r, sku);
		return;
	}
	struct catalog_err e;
	if (catalog_product_apply(r->db, r->user->org_id, body, 1, p, supplier, &e) != CATALOG_OK) {
		reply_catalog_error(r, &e);
		catalog_err_clear(&e);
		return;
	}
	json_t *before = catalog_product_json(r->db, r->user->org_id, sku);
	save_and_reply(r, p, supplier, before, 200);
	json_decref(before);
}

/* Why a delete kept the product as 'not in use', and what removes applied sales history. */
static const char *deactivated_message(struct req *r, const char *sku)
{
	int64_t id = catalog_product_id(r->db, r->user->org_id, sku);
	if (id && shstore_product_kept_rows(r->db, id) > 0)
		return "입출고 내역·판매 이력이 있거나 세트·발주에 쓰이는 상품이라 삭제하지 않고 "
		       "'사용 안 함'으로 바꿨습니다. 판매 이력을 지우려면 판매 이력 화면에서 그 "
		       "업로드를 되돌린 뒤 다시 삭제하세요.";
	return "입출고 내역이 있거나 세트에 쓰이는 상품이라 삭제하지 않고 "
	       "'사용 안 함'으로 바꿨습니다.";
}

static void h_delete(struct req *r)
{
	const char *sku = req_param_nfc(r, "sku");
	json_t *before = sku ? catalog_product_json(r->db, r->user->org_id, sku) : NULL;
	if (!before) {
		not_found(r, sku);
		return;
	}
	int rc = db_begin(r->db);
	if (rc != DB_OK) {
		json_decref(before);
		reply_db_error(r, rc);
		return;
	}
	struct catalog_err e;
	int deactivated = 0;
	if (catalog_product_delete(r->db, r->user->org_id, sku, &deactivated, &e) != CATALOG_OK) {
		db_rollback(r->db);
		json_decref(before);
		reply_catalog_error(r, &e);
		catalog_err_clear(&e);
		return;
	}
	json_t *after = deactivated ? catalog_product_json(r->db, r->user->org_id, sku) : NULL;
	int failed = req_tx_commit_audited(r, deactivated ? "product.deactivate" : "product.delete",
	                                   "product", sku, before, after);
	json_decref(before);
	json_decref(after);
	if (failed) {
		return;
	}
	if (deactivated)
		reply_json(r, 200,
		           json_pack("{s:b, s:b, s:s}", "deleted", 0, "deactivated", 1, "message",
		                     deactivated_message(r, sku)));
	else
		reply_json(r, 200, json_pack("{s:b, s:b}", "deleted", 1, "deactivated", 0));
}

static int64_t product_id(struct req *r, const char *sku)
{
	return sku ? catalog_product_id(r->db, r->user->org_id, sku) : 0;
}

static void h_movements(struct req *r)
{
	const char *sku = req_param_nfc(r, "sku");
	struct movements_filter f = {.product_id = product_id(r, sku)};
	if (!f.product_id) {
		not_found(r, sku);
		return;
	}
	if (req_query_int(r, "limit", 50, 1, 1000, &f.limit) ||
	    req_query_int(r, "offset", 0, 0, INT64_MAX, &f.offset))
		return;
	reply_json(r, 200, movements_list(r->db, r->user->org_id, &f));
}

/* Daily closing stock of one product (a set: what its components allowed each day). */
static void h_stock_history(struct req *r)
{
	const char *sku = req_param_nfc(r, "sku");
	struct ledger_product p;
	if (!sku || ledger_product_lookup(r->db, r->user->org_id, sku, &p) != LEDGER_OK) {
		not_found(r, sku);
		return;
	}
	int64_t ndays;
	if (req_query_int(r, "days", 365, 1, 3660, &ndays))
		return;
	char today[11];
	util_kst_date(util_now(), today);
	int y, m, d;
	util_parse_date(today, &y, &m, &d);
	int64_t end = util_days_from_civil(y, m, d), start = end - ndays + 1;

	struct ledger_comp self = {.product_id = p.id, .qty = 1};
	const struct ledger_comp *comps = p.is_set ? p.comp : &self;
	size_t nc = p.is_set ? p.ncomp : 1;
	int64_t *series = xcalloc((size_t)ndays * (nc ? nc : 1), sizeof *series);
	for (size_t c = 0; c < nc; c++)
		catalog_stock_series(r->db, comps[c].product_id, start, ndays,
		                     series + c * (size_t)ndays);
	json_t *items = json_array();
	for (int64_t i = 0; i < ndays; i++) {
		int64_t v;
		if (p.is_set) {
			struct ledger_comp tmp[LEDGER_MAX_COMPONENTS];
			for (size_t c = 0; c < nc; c++) {
				tmp[c] = comps[c];
				tmp[c].on_hand = series[c * (size_t)ndays + (size_t)i];
			}
			v = ledger_set_available(tmp, nc);
		} else {
			v = series[i];
		}
		int yy, mm, dd;
		util_civil_from_days(start + i, &yy, &mm, &dd);
		char ds[11];
		snprintf(ds, sizeof ds, "%04d-%02d-%02d", yy, mm, dd);
		json_array_append_new(
		        items, json_pack("{s:s, s:I}", "date", ds, "on_hand", (json_int_t)v));
	}
	free(series);
	reply_json(r, 200, json_pack("{s:s, s:o}", "sku", p.sku, "items", items));
}

static void h_categories(struct req *r)
{
	reply_json(r, 200, catalog_categories(r->db, r->user->org_id));
}

static void h_manufacturers(struct req *r)
{
	reply_json(r, 200, catalog_manufacturers(r->db, r->user->org_id));
}

/* ------------------------------------------------------------------ xlsx export */

/* Columns of the product table: the document's (마스터 SKU ... 제조사), then the rest in the
 * words the screens use (공급처, 매입 단가, 상태 사용 중 / 사용 안 함), so that what a seller reads
 * on screen and in the file is the same. */
enum {
	XC_SKU,
	XC_PLAYAUTO,
	XC_NAME,
	XC_CATEGORY,
	XC_KIND,
	XC_LEAD,
	XC_MOQ,
	XC_SAFETY,
	XC_SS_RULE,
	XC_MONTHLY,
	XC_MULTIPLE,
	XC_SERVICE,
	XC_MAKER,
	XC_SUPPLIER,
	XC_ON_HAND,
	XC_COST,
	XC_BARCODE,
	XC_STATUS,
	XC_EXPIRY,
	XC_MEMO,
	XC_LEAD_APPLIED,
	XC_N
};
static const char *const xlsx_headers[XC_N] = {[XC_SKU] = "마스터 SKU",
                                               [XC_PLAYAUTO] = "플레이오토 SKU",
                                               [XC_NAME] = "상품명",
                                               [XC_CATEGORY] = "카테고리",
                                               [XC_KIND] = "세트 유무",
                                               [XC_LEAD] = "리드타임",
                                               [XC_MOQ] = "최소 주문 수량",
                                               [XC_SAFETY] = "안전재고",
                                               [XC_SS_RULE] = "안전재고 계산 방식",
                                               [XC_MONTHLY] = "월 수요",
                                               [XC_MULTIPLE] = "발주 단위",
                                               [XC_SERVICE] = "서비스 수준(%)",
                                               [XC_MAKER] = "제조사",
                                               [XC_SUPPLIER] = "공급처",
                                               [XC_ON_HAND] = "현재 재고",
                                               [XC_COST] = "매입 단가",
                                               [XC_BARCODE] = "바코드",
                                               [XC_STATUS] = "상태",
                                               [XC_EXPIRY] = "소비기한 관리",
                                               [XC_MEMO] = "메모",
                                               [XC_LEAD_APPLIED] = "적용 리드타임"};

/* One product as a row of the export. */
static void xlsx_product_row(lxw_worksheet *ws, lxw_row_t row, json_t *p)
{
	static const struct {
		int col;
		const char *key;
	} texts[] = {{XC_SKU, "sku"},
	             {XC_PLAYAUTO, "playauto_sku"},
	             {XC_NAME, "name"},
	             {XC_CATEGORY, "category"},
	             {XC_MAKER, "manufacturer"},
	             {XC_SUPPLIER, "supplier"},
	             {XC_BARCODE, "barcode"},
	             {XC_MEMO, "memo"}};
	for (size_t i = 0; i < ARRAY_LEN(texts); i++)
		xlsx_write_text(ws, row, (lxw_col_t)texts[i].col,
		                json_string_value(json_object_get(p, texts[i].key)), NULL);
	static const struct {
		int col;
		const char *key;
	} nums[] = {{XC_MOQ, "moq"},
	            {XC_SAFETY, "safety_stock"},
	            {XC_MONTHLY, "monthly_demand"},
	            {XC_MULTIPLE, "order_multiple"},
	            {XC_ON_HAND, "on_hand"},
	            {XC_COST, "unit_cost"}};
	for (size_t i = 0; i < ARRAY_LEN(nums); i++) {
		json_t *v = json_object_get(p, nums[i].key); /* unit_cost is absent when hidden */
		if (json_is_integer(v))
			worksheet_write_number(ws, row, (lxw_col_t)nums[i].col,
			                       (double)json_integer_value(v), NULL);
	}
	json_t *sl = json_object_get(p, "service_level");
	if (json_is_number(sl))
		worksheet_write_number(ws, row, XC_SERVICE, json_number_value(sl), NULL);
	/* the rule in the product screen's words, which the import reads back */
	const char *rule = json_string_value(json_object_get(p, "safety_stock_rule"));
	xlsx_write_text(ws, row, XC_SS_RULE,
	                util_streq(rule, "forecast_lead_time") ? "예측 × 리드타임"
	                : util_streq(rule, "service_level")    ? "서비스 수준"
	                                                       : "직접 입력",
	                NULL);
	xlsx_write_text(ws, row, XC_KIND,
	                util_streq(json_string_value(json_object_get(p, "kind")), "set") ? "세트"
	                                                                                 : "단품",
	                NULL);
	/* 리드타임 is the product's own (blank: the supplier's applies), so that an exported
	 * table imports back unchanged; 적용 리드타임 shows what applies. */
	json_t *lt = json_object_get(p, "lead_time_days");
	if (json_is_integer(lt) &&
	    util_streq(json_string_value(json_object_get(p, "lead_time_source")), "product"))
		worksheet_write_number(ws, row, XC_LEAD, (double)json_integer_value(lt), NULL);
	if (json_is_integer(lt))
		worksheet_write_number(ws, row, XC_LEAD_APPLIED, (double)json_integer_value(lt),
		                       NULL);
	xlsx_write_text(ws, row, XC_STATUS,
	                json_is_true(json_object_get(p, "active")) ? "사용 중" : "사용 안 함",
	                NULL);
	xlsx_write_text(ws, row, XC_EXPIRY,
	                json_is_true(json_object_get(p, "has_expiry")) ? "예" : "아니오", NULL);
}

static void h_xlsx(struct req *r)
{
	/* The list's filters; without a status, every product (active or not). */
	struct catalog_filter f;
	if (parse_filter(r, &f))
		return;
	const char *status = req_query(r, "status");
	if (!status || !*status)
		f.status = 2;
	f.limit = 1000000;
	f.offset = 0;
	f.hide_cost = !sees_cost(r);
	char path[] = "/tmp/jaego-products-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		reply_internal(r);
		return;
	}
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "상품") : NULL;
	if (!ws) {
		unlink(path);
		reply_internal(r);
		return;
	}
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (size_t c = 0; c < XC_N; c++)
		if (c != XC_COST || !f.hide_cost)
			xlsx_write_text(ws, 0, (lxw_col_t)c, xlsx_headers[c], bold);
	worksheet_set_column(ws, XC_SKU, XC_PLAYAUTO, 16, NULL);
	worksheet_set_column(ws, XC_NAME, XC_NAME, 30, NULL);
	worksheet_set_column(ws, XC_MAKER, XC_SUPPLIER, 14, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	json_t *list = catalog_product_list(r->db, r->user->org_id, &f);
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(list, "items"), i, p)
	        xlsx_product_row(ws, (lxw_row_t)(i + 1), p);
	json_decref(list);
	lxw_error err = workbook_close(wb);
	FILE *fp = err == LXW_NO_ERROR ? fopen(path, "rb") : NULL;
	if (!fp) {
		unlink(path);
		reply_internal(r);
		return;
	}
	fseek(fp, 0, SEEK_END);
	long len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *buf = xmalloc(len > 0 ? (size_t)len : 1);
	size_t got = len > 0 ? fread(buf, 1, (size_t)len, fp) : 0;
	fclose(fp);
	unlink(path);
	char today[11];
	util_kst_date(util_now(), today);
	reply_header(r, "Content-Disposition",
	             arena_printf(r->a,
	                          "attachment; filename=\"products-%s.xlsx\"; "
	                          "filename*=UTF-8''%%EC%%83%%81%%ED%%92%%88-%s.xlsx",
	                          today, today));
	reply_bytes(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	            buf, got);
	free(buf);
}

/* ------------------------------------------------------------------ xlsx/CSV import */

/* 400 missing_column: the sheet lacks 마스터 SKU or 상품명. */
static void reply_missing_columns(struct req *r, const sheet_table *t, int best,
                                  const char *const cols[SHEET_MAX_COLS])
{
	char msg[1536];
	json_t *d = product_sheet_missing_columns(t, best >= 0 ? &t->rows[best] : NULL, cols, msg,
	                                          sizeof msg);
	if (!d) {
		reply_internal(r);
		return;
	}
	reply_error(r, 400, "missing_column", msg, json_pack("[o]", d));
}

/* 400 import_failed: how many problems, the first one in the message, all in details. */
static void reply_import_failed(struct req *r, json_t *problems)
{
	json_t *first = json_array_get(problems, 0);
	reply_error(r, 400, "import_failed",
	            arena_printf(r->a,
	                         "상품표에 고칠 곳이 %zu군데 있어 아무것도 바꾸지 않았습니다. "
	                         "첫 번째: %lld행 %s",
	                         json_array_size(problems),
	                         (long long)json_integer_value(json_object_get(first, "row")),
	                         json_string_value(json_object_get(first, "message"))),
	            problems);
}

/* The uploaded product table (field "file"), opened as a sheet; NULL after replying. */
static sheet_table *open_upload(struct req *r)
{
	struct multipart_field f;
	if (api_upload_file(r, &f))
		return NULL;
	sheet_table *t = NULL;
	int src = spreadsheet_open(f.data, f.len, f.filename, "상품", &t);
	if (src != SHEET_OK) {
		reply_error(r, src == SHEET_ENOMEM ? 503 : 400, sheet_err_code(src),
		            sheet_err_message(src), NULL);
		return NULL;
	}
	return t;
}

/* The product table import: every row applied in one transaction, or none when any row
 * has a problem (api/product_import.h). */
static void h_import(struct req *r)
{
	sheet_table *t = open_upload(r);
	if (!t)
		return;
	const char *cols[SHEET_MAX_COLS];
	int best;
	int hdr = product_sheet_header(r->a, t, cols, &best);
	if (hdr < 0) {
		reply_missing_columns(r, t, best, cols);
		sheet_free(t);
		return;
	}
	int rc = db_begin(r->db);
	if (rc != DB_OK) {
		sheet_free(t);
		reply_db_error(r, rc);
		return;
	}
	struct product_import_result res = {.problems = json_array()};
	rc = product_import_apply(r->db, r->user->org_id, t, hdr, cols, &res);
	sheet_free(t);
	if (rc != DB_OK || json_array_size(res.problems)) {
		db_rollback(r->db);
		if (rc != DB_OK) {
			json_decref(res.problems);
			reply_db_error(r, rc);
		} else {
			reply_import_failed(r, res.problems);
		}
		return;
	}
	json_decref(res.problems);
	json_t *summary = json_pack("{s:i, s:i}", "created", res.created, "updated", res.updated);
	req_tx_commit_reply(r, "product.import", "product", NULL, NULL, summary, 200);
}

const struct route api_products_routes[] = {
        {"GET", "/api/products", ROLE_VIEWER, 0, h_list},
        {"POST", "/api/products", ROLE_MANAGER, 0, h_create},
        {"GET", "/api/products.xlsx", ROLE_VIEWER, 0, h_xlsx},
        {"GET", "/api/categories", ROLE_VIEWER, 0, h_categories},
        {"GET", "/api/manufacturers", ROLE_VIEWER, 0, h_manufacturers},
        {"POST", "/api/products/import", ROLE_MANAGER, API_PRODUCTS_IMPORT_MAX, h_import},
        {"GET", "/api/products/{sku}", ROLE_VIEWER, 0, h_get},
        {"PATCH", "/api/products/{sku}", ROLE_MANAGER, 0, h_patch},
        {"DELETE", "/api/products/{sku}", ROLE_MANAGER, 0, h_delete},
        {"GET", "/api/products/{sku}/movements", ROLE_VIEWER, 0, h_movements},
        {"GET", "/api/products/{sku}/stock-history", ROLE_VIEWER, 0, h_stock_history},
        ROUTE_END,
};
