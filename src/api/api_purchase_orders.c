/* api_purchase_orders.c — purchase orders (발주) over HTTP. Any member reads them; managers
 * and masters create, edit, send, cancel and close them; staff receive them, since receiving
 * is their afternoon job. Every change runs in one transaction with its audit row (the order
 * before and after). Handlers read and check the body, call the store (purchase_orders.h,
 * which holds every query) and reply; the rules of an order's life are po_rules.h. */
#include "api_purchase_orders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "ledger.h"
#include "planning.h"
#include "po_sheet.h"
#include "purchase_orders.h"
#include "util.h"

#define REASON_MAX   500 /* characters of a cancel or close reason */
#define LEAD_OBS_MAX 500 /* observed lead times listed for a product */

/* ------------------------------------------------------------------ replies */

static void reply_po_error(struct req *r, struct po_err *e)
{
	json_t *details = e->details;
	e->details = NULL;
	enum store_refusal kind = e->code == PO_STORE_EINVAL      ? REFUSAL_INVALID
	                          : e->code == PO_STORE_ENOTFOUND ? REFUSAL_NOT_FOUND
	                          : e->code == PO_STORE_ECONFLICT ? REFUSAL_CONFLICT
	                                                          : REFUSAL_FAILED;
	reply_refusal(r, kind, e->id, e->message, details, e->db_rc);
}

static void reply_po_not_found(struct req *r)
{
	reply_not_found(r, "purchase_order_not_found", "발주서를 찾을 수 없습니다.");
}

/* ------------------------------------------------------------------ reading the body */

static int has_control(const char *s, int allow_newline)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && !(allow_newline && (*p == '\n' || *p == '\r' || *p == '\t'))) ||
		    *p == 0x7F)
			return 1;
	return 0;
}

/* Unknown keys of obj are errors (prefix names the object: "" or "lines[2]."). */
static void only_keys(struct req *r, struct req_errors *v, json_t *obj, const char *prefix,
                      const char *const *keys)
{
	const char *key;
	json_t *j;
	json_object_foreach(obj, key, j)
	{
		int ok = 0;
		for (const char *const *k = keys; *k && !ok; k++)
			ok = strcmp(*k, key) == 0;
		if (!ok)
			req_errors_add(r, v, arena_printf(r->a, "%s%s", prefix, key),
			               "unknown_field",
			               arena_printf(r->a, "알 수 없는 항목입니다: %s", key));
	}
}

/* A text field: 1 and *out (arena, NFC, trimmed; "" when cleared) when present, 0 when
 * absent, -1 after recording an error. */
static int get_text(struct req *r, struct req_errors *v, json_t *obj, const char *key,
                    const char *field, const char *label, size_t max_chars, int allow_newline,
                    const char **out)
{
	json_t *j = json_object_get(obj, key);
	if (!j)
		return 0;
	if (json_is_null(j)) {
		*out = "";
		return 1;
	}
	if (!json_is_string(j)) {
		req_errors_add(r, v, field, "not_string",
		               arena_printf(r->a, "%s은(는) 문자열로 입력해 주세요.", label));
		return -1;
	}
	const char *s = json_string_value(j);
	char *norm = memchr(s, '\0', json_string_length(j)) ? NULL : util_nfc(s);
	if (!norm || has_control(norm, allow_newline)) {
		free(norm);
		req_errors_add(r, v, field, "bad_text",
		               arena_printf(r->a, "%s에 입력할 수 없는 문자가 있습니다.", label));
		return -1;
	}
	if (ledger_text_chars(norm) > max_chars) {
		free(norm);
		req_errors_add(r, v, field, "too_long",
		               arena_printf(r->a, "%s은(는) %zu자 이하로 입력해 주세요.", label,
		                            max_chars));
		return -1;
	}
	*out = arena_strdup(r->a, norm);
	free(norm);
	return 1;
}

/* An integer in [min, max]: 1 when present, 0 when absent (or null), -1 after an error. */
static int get_int(struct req *r, struct req_errors *v, json_t *obj, const char *key,
                   const char *field, const char *label, int64_t min, int64_t max, int64_t *out)
{
	json_t *j = json_object_get(obj, key);
	if (!j || json_is_null(j))
		return 0;
	if (!json_is_integer(j)) {
		req_errors_add(
		        r, v, field, "not_integer",
		        arena_printf(r->a, "%s은(는) 소수점 없는 정수로 입력해 주세요.", label));
		return -1;
	}
	json_int_t n = json_integer_value(j);
	if (n < min || n > max) {
		req_errors_add(r, v, field, "out_of_range",
		               arena_printf(r->a, "%s은(는) %lld부터 %lld 사이로 입력해 주세요.",
		                            label, (long long)min, (long long)max));
		return -1;
	}
	*out = n;
	return 1;
}

/* A business date YYYY-MM-DD from 2000 to 2099: 1 and *out when present, 0 when absent,
 * 1 with *out = NULL when null (cleared), -1 after an error. */
static int get_date(struct req *r, struct req_errors *v, json_t *obj, const char *key,
                    const char *field, const char *label, const char **out)
{
	json_t *j = json_object_get(obj, key);
	if (!j)
		return 0;
	if (json_is_null(j) || (json_is_string(j) && json_string_length(j) == 0)) {
		*out = NULL;
		return 1;
	}
	const char *s = json_is_string(j) ? json_string_value(j) : NULL;
	int y, m, d;
	if (!s || strlen(s) != 10 || util_parse_date(s, &y, &m, &d) != 0) {
		req_errors_add(
		        r, v, field, "bad_date",
		        arena_printf(
		                r->a,
		                "%s은(는) 2025-01-28 처럼 YYYY-MM-DD 형식의 실제 날짜로 입력해 "
		                "주세요.",
		                label));
		return -1;
	}
	if (y < 2000 || y > 2099) {
		req_errors_add(
		        r, v, field, "date_out_of_range",
		        arena_printf(r->a,
		                     "%s은(는) 2000년부터 2099년 사이의 날짜로 입력해 주세요.",
		                     label));
		return -1;
	}
	*out = arena_strdup(r->a, s);
	return 1;
}

/* The "lines" array: present and an array of objects with at most PO_MAX_LINES entries;
 * returns it, or NULL (after an error, or when absent: *present says which). */
static json_t *get_lines(struct req *r, struct req_errors *v, json_t *body, int *present)
{
	json_t *a = json_object_get(body, "lines");
	*present = a != NULL;
	if (!a)
		return NULL;
	if (!json_is_array(a)) {
		req_errors_add(r, v, "lines", "not_array",
		               "상품 목록(lines)은 배열로 보내 주세요.");
		return NULL;
	}
	if (json_array_size(a) > PO_MAX_LINES) {
		req_errors_add(r, v, "lines", "too_many_lines",
		               arena_printf(r->a, "한 번에 상품을 %d줄까지 보낼 수 있습니다.",
		                            PO_MAX_LINES));
		return NULL;
	}
	size_t i;
	json_t *it;
	json_array_foreach(a, i, it)
	{
		if (!json_is_object(it)) {
			req_errors_add(r, v, arena_printf(r->a, "lines[%zu]", i), "not_object",
			               "상품 줄은 객체로 보내 주세요.");
			return NULL;
		}
	}
	return a;
}

/* A draft's body (create: creating = 1, the supplier is required) into *in. */
static int read_draft(struct req *r, json_t *body, int creating, struct po_input *in)
{
	static const char *const keys[] = {"supplier_id", "expected_date", "memo", "lines", NULL};
	static const char *const line_keys[] = {"sku", "qty", "unit_cost", "expected_date", NULL};
	struct req_errors v = {0};
	memset(in, 0, sizeof *in);
	only_keys(r, &v, body, "", keys);
	int rc = get_int(r, &v, body, "supplier_id", "supplier_id", "공급처", 1, INT64_MAX,
	                 &in->supplier_id);
	in->has_supplier = rc == 1;
	if (rc == 0 && (creating || json_object_get(body, "supplier_id")))
		req_errors_add(r, &v, "supplier_id", "required", "공급처를 골라 주세요.");
	in->has_expected = get_date(r, &v, body, "expected_date", "expected_date", "입고 예정일",
	                            &in->expected_date) == 1;
	in->has_memo =
	        get_text(r, &v, body, "memo", "memo", "메모", PO_MEMO_MAX, 1, &in->memo) == 1;
	int present = 0;
	json_t *lines = get_lines(r, &v, body, &present);
	in->has_lines = present;
	size_t n = lines ? json_array_size(lines) : 0;
	struct po_line_in *out = arena_alloc(r->a, (n ? n : 1) * sizeof *out);
	for (size_t i = 0; i < n; i++) {
		json_t *l = json_array_get(lines, i);
		const char *pre = arena_printf(r->a, "lines[%zu].", i);
		only_keys(r, &v, l, pre, line_keys);
		out[i] = (struct po_line_in){.unit_cost = -1};
		const char *f = arena_printf(r->a, "%ssku", pre);
		if (get_text(r, &v, l, "sku", f, "마스터 SKU", LEDGER_SKU_MAX, 0, &out[i].sku) ==
		            0 ||
		    (out[i].sku && !*out[i].sku))
			req_errors_add(r, &v, f, "required", "상품(마스터 SKU)을 골라 주세요.");
		f = arena_printf(r->a, "%sqty", pre);
		if (get_int(r, &v, l, "qty", f, "수량", 1, PO_QTY_MAX, &out[i].qty) == 0)
			req_errors_add(r, &v, f, "required", "수량을 입력해 주세요.");
		get_int(r, &v, l, "unit_cost", arena_printf(r->a, "%sunit_cost", pre), "매입 단가",
		        0, PO_UNIT_COST_MAX, &out[i].unit_cost);
		get_date(r, &v, l, "expected_date", arena_printf(r->a, "%sexpected_date", pre),
		         "입고 예정일", &out[i].expected_date);
	}
	in->lines = out;
	in->nlines = n;
	return req_errors_reply(r, &v);
}

/* The receive body and the Idempotency-Key header into *in. */
static int read_receive(struct req *r, json_t *body, struct po_receive_in *in)
{
	static const char *const keys[] = {"date", "memo", "lines", NULL};
	static const char *const line_keys[] = {"line_id", "sku", "qty", "lot", "expiry", NULL};
	memset(in, 0, sizeof *in);
	const char *key = req_header(r, "Idempotency-Key");
	if (!key || !*key) {
		reply_error(r, 400, "idempotency_key_required",
		            "입고 요청에는 Idempotency-Key 헤더가 필요합니다. 같은 입고가 두 번 "
		            "처리되지 않도록 요청마다 새 키를 보내 주세요.",
		            NULL);
		return -1;
	}
	size_t klen = strlen(key);
	int key_ok = klen <= PO_KEY_MAX;
	for (const char *p = key; *p && key_ok; p++)
		key_ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		         (*p >= '0' && *p <= '9') || strchr("-_.:", *p) != NULL;
	if (!key_ok) {
		reply_error(
		        r, 400, "idempotency_key_invalid",
		        arena_printf(
		                r->a,
		                "Idempotency-Key는 영문, 숫자, - _ . : 로 된 %d자 이하의 값이어야 "
		                "합니다.",
		                PO_KEY_MAX),
		        NULL);
		return -1;
	}
	in->key = key;
	struct req_errors v = {0};
	only_keys(r, &v, body, "", keys);
	get_date(r, &v, body, "date", "date", "입고일", &in->date);
	get_text(r, &v, body, "memo", "memo", "메모", PO_MEMO_MAX, 1, &in->memo);
	int present = 0;
	json_t *lines = get_lines(r, &v, body, &present);
	size_t n = lines ? json_array_size(lines) : 0;
	if (!v.details && n == 0)
		req_errors_add(r, &v, "lines", "required", "입고할 상품과 수량을 보내 주세요.");
	struct po_receive_line *out = arena_alloc(r->a, (n ? n : 1) * sizeof *out);
	for (size_t i = 0; i < n; i++) {
		json_t *l = json_array_get(lines, i);
		const char *pre = arena_printf(r->a, "lines[%zu].", i);
		only_keys(r, &v, l, pre, line_keys);
		memset(&out[i], 0, sizeof out[i]);
		int has_id = get_int(r, &v, l, "line_id", arena_printf(r->a, "%sline_id", pre),
		                     "줄 번호", 1, INT64_MAX, &out[i].line_id);
		int has_sku = get_text(r, &v, l, "sku", arena_printf(r->a, "%ssku", pre),
		                       "마스터 SKU", LEDGER_SKU_MAX, 0, &out[i].sku);
		if (has_id == 0 && (has_sku == 0 || (has_sku == 1 && !*out[i].sku)))
			req_errors_add(r, &v, arena_printf(r->a, "%sline_id", pre), "required",
			               "입고할 줄(line_id) 또는 상품(sku)을 보내 주세요.");
		const char *f = arena_printf(r->a, "%sqty", pre);
		if (get_int(r, &v, l, "qty", f, "입고 수량", 1, PO_QTY_MAX, &out[i].qty) == 0)
			req_errors_add(r, &v, f, "required", "입고 수량을 입력해 주세요.");
		get_text(r, &v, l, "lot", arena_printf(r->a, "%slot", pre), "로트 번호", PO_LOT_MAX,
		         0, &out[i].lot);
		get_date(r, &v, l, "expiry", arena_printf(r->a, "%sexpiry", pre), "소비기한",
		         &out[i].expiry);
	}
	in->lines = out;
	in->nlines = n;
	return req_errors_reply(r, &v);
}

/* The optional body of send, cancel and close: its object, or an empty one. */
static json_t *optional_body(struct req *r)
{
	if (r->body_len == 0)
		return json_object(); /* the caller releases it */
	json_t *b = req_json_object(r);
	return b ? json_incref(b) : NULL;
}

/* The order id of the path and the optional body of an order, cancel or close; NULL
 * after replying (404 for an id that is not one). */
static json_t *path_order_body(struct req *r, int64_t *id)
{
	*id = req_param_id(r, "id");
	if (!*id) {
		reply_po_not_found(r);
		return NULL;
	}
	return optional_body(r);
}

/* ------------------------------------------------------------------ changes */

/* One change: the store call, given the order id (0 for a new order) and the body read. */
struct change {
	int action; /* PO_EDIT for create and patch */
	const struct po_input *draft;
	const struct po_receive_in *receive;
	const char *date; /* order: the order date */
	const char *reason;
};

static int apply_change(struct req *r, int64_t *id, const struct change *c, struct po_err *e)
{
	int64_t org = r->user->org_id, user = r->user->id;
	switch (c->action) {
	case PO_ORDER:
		return po_order(r->db, org, user, *id, c->date, e);
	case PO_RECEIVE:
		return po_receive(r->db, org, user, *id, c->receive, e);
	case PO_CANCEL:
		return po_cancel(r->db, org, user, *id, c->reason, e);
	case PO_CLOSE:
		return po_close(r->db, org, user, *id, c->reason, e);
	default:
		return po_save(r->db, org, user, id, c->draft, e);
	}
}

/* Whether an edit changed nothing but the order's updated_at. */
static int unchanged(json_t *before, json_t *after)
{
	json_t *b = json_deep_copy(before), *a = json_deep_copy(after);
	json_object_del(b, "updated_at");
	json_object_del(a, "updated_at");
	int same = json_equal(b, a);
	json_decref(b);
	json_decref(a);
	return same;
}

/* Runs the change and its audit row in one transaction; replies with the order. An edit
 * that sends the current values changes and records nothing. */
static void run_change(struct req *r, int64_t id, const char *kind, int status,
                       const struct change *c)
{
	int64_t org = r->user->org_id;
	int rc = db_begin(r->db);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	json_t *before = id ? po_json(r->db, org, id) : NULL;
	if (id && !before) {
		db_rollback(r->db);
		reply_po_not_found(r);
		return;
	}
	struct po_err e = {0};
	if (apply_change(r, &id, c, &e) != PO_STORE_OK) {
		db_rollback(r->db);
		json_decref(before);
		reply_po_error(r, &e);
		po_err_clear(&e);
		return;
	}
	json_t *after = po_json(r->db, org, id);
	if (after && before && c->action == PO_EDIT && unchanged(before, after)) {
		db_rollback(r->db);
		json_decref(after);
		reply_json(r, status, before);
		return;
	}
	char idbuf[24];
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	if (!after) {
		req_tx_abort(r);
		json_decref(before);
		reply_db_error(r, DB_ERR);
		return;
	}
	req_tx_commit_reply(r, kind, "purchase_order", idbuf, before, after, status);
}

static void h_create(struct req *r)
{
	json_t *body = req_json_object(r);
	struct po_input in;
	if (!body || read_draft(r, body, 1, &in))
		return;
	struct change c = {.action = PO_EDIT, .draft = &in};
	run_change(r, 0, "purchase_order.create", 201, &c);
}

static void h_patch(struct req *r)
{
	int64_t id = req_param_id(r, "id");
	if (!id) {
		reply_po_not_found(r);
		return;
	}
	json_t *body = req_json_object(r);
	struct po_input in;
	if (!body || read_draft(r, body, 0, &in))
		return;
	struct change c = {.action = PO_EDIT, .draft = &in};
	run_change(r, id, "purchase_order.update", 200, &c);
}

static void h_order(struct req *r)
{
	int64_t id;
	json_t *body = path_order_body(r, &id);
	if (!body)
		return;
	static const char *const keys[] = {"order_date", NULL};
	struct req_errors v = {0};
	struct change c = {.action = PO_ORDER};
	only_keys(r, &v, body, "", keys);
	get_date(r, &v, body, "order_date", "order_date", "발주일", &c.date);
	json_decref(body);
	if (req_errors_reply(r, &v))
		return;
	run_change(r, id, "purchase_order.order", 200, &c);
}

/* Cancel and close take an optional reason. */
static void end_with_reason(struct req *r, int action, const char *kind)
{
	int64_t id;
	json_t *body = path_order_body(r, &id);
	if (!body)
		return;
	static const char *const keys[] = {"reason", NULL};
	struct req_errors v = {0};
	struct change c = {.action = action};
	only_keys(r, &v, body, "", keys);
	get_text(r, &v, body, "reason", "reason", "사유", REASON_MAX, 1, &c.reason);
	json_decref(body);
	if (req_errors_reply(r, &v))
		return;
	run_change(r, id, kind, 200, &c);
}

static void h_cancel(struct req *r)
{
	end_with_reason(r, PO_CANCEL, "purchase_order.cancel");
}

static void h_close(struct req *r)
{
	end_with_reason(r, PO_CLOSE, "purchase_order.close");
}

static void h_receive(struct req *r)
{
	int64_t id = req_param_id(r, "id");
	if (!id) {
		reply_po_not_found(r);
		return;
	}
	json_t *body = req_json_object(r);
	struct po_receive_in in;
	if (!body || read_receive(r, body, &in))
		return;
	struct change c = {.action = PO_RECEIVE, .receive = &in};
	run_change(r, id, "purchase_order.receive", 201, &c);
}

/* ------------------------------------------------------------------ reading */

static void h_list(struct req *r)
{
	struct po_filter f = {.status = -1};
	if (req_query_int(r, "limit", 50, 1, 1000, &f.limit) ||
	    req_query_int(r, "offset", 0, 0, INT64_MAX, &f.offset) ||
	    req_query_int(r, "supplier_id", 0, 0, INT64_MAX, &f.supplier_id))
		return;
	const char *status = req_query(r, "status"), *sku = req_query(r, "sku");
	if (status && *status) {
		f.status = strcmp(status, "open") == 0 ? PO_NSTATUS : po_status_parse(status);
		if (f.status < 0) {
			reply_error(
			        r, 400, "bad_request",
			        "status는 draft, ordered, partial, received, cancelled, open 중 "
			        "하나여야 합니다.",
			        NULL);
			return;
		}
	}
	if (sku && *sku) {
		char *n = util_nfc(sku);
		struct ledger_product p;
		int found = n && ledger_product_lookup(r->db, r->user->org_id, n, &p) == LEDGER_OK;
		free(n);
		if (!found) {
			reply_not_found(r, "sku_not_found",
			                arena_printf(r->a, "상품을 찾을 수 없습니다: %s", sku));
			return;
		}
		f.product_id = p.id;
	}
	json_t *list = po_list_json(r->db, r->user->org_id, &f);
	if (!list) {
		reply_db_error(r, DB_ERR);
		return;
	}
	reply_json(r, 200, list);
}

static void h_get(struct req *r)
{
	json_t *o = po_json(r->db, r->user->org_id, req_param_id(r, "id"));
	if (!o) {
		reply_po_not_found(r);
		return;
	}
	reply_json(r, 200, o);
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int64_t num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* GET /api/purchase-orders/{id}/export.xlsx: the 발주서 to send to the supplier. */
static void h_export(struct req *r)
{
	int64_t id = req_param_id(r, "id");
	json_t *o = id ? po_json(r->db, r->user->org_id, id) : NULL;
	if (!o) {
		reply_po_not_found(r);
		return;
	}
	json_t *lines = json_object_get(o, "lines");
	size_t n = json_array_size(lines);
	struct po_sheet_line *sl = xcalloc(n ? n : 1, sizeof *sl);
	for (size_t i = 0; i < n; i++) {
		json_t *l = json_array_get(lines, i);
		sl[i] = (struct po_sheet_line){.sku = str(l, "sku"),
		                               .name = str(l, "name"),
		                               .qty = num(l, "qty"),
		                               .unit_cost = num(l, "unit_cost"),
		                               .amount = num(l, "amount"),
		                               .expected_date = str(l, "expected_date")};
	}
	char *buyer = po_buyer_name(r->db, r->user->org_id);
	struct po_sheet s = {.id = id,
	                     .buyer = buyer,
	                     .supplier = str(json_object_get(o, "supplier"), "name"),
	                     .order_date = str(o, "order_date"),
	                     .expected_date = str(o, "expected_date"),
	                     .status_label = str(o, "status_label"),
	                     .memo = str(o, "memo"),
	                     .lines = sl,
	                     .nlines = n};
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc = po_sheet_write(&s, &buf, &len);
	free(sl);
	free(buyer);
	json_decref(o);
	if (rc != PO_SHEET_OK) {
		reply_internal(r);
		return;
	}
	reply_header(r, "Content-Disposition",
	             arena_printf(r->a,
	                          "attachment; filename=\"purchase-order-%lld.xlsx\"; "
	                          "filename*=UTF-8''%%EB%%B0%%9C%%EC%%A3%%BC%%EC%%84%%9C-%lld.xlsx",
	                          (long long)id, (long long)id));
	reply_header(r, "Cache-Control", "no-store");
	reply_bytes(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	            buf, len);
	free(buf);
}

/* ------------------------------------------------------------------ lead times */

/* {"n","ignored","median","min","max","p25","p75"} of observations, or null with *status
 * set when there are too few. */
static json_t *stats_json(const int *days, size_t n, int *status)
{
	struct plan_lead_stats st;
	*status = plan_lead_time_stats(days, n, 0, &st);
	if (*status != PLAN_OK)
		return json_null();
	return json_pack("{s:I, s:I, s:i, s:i, s:i, s:i, s:i}", "n", (json_int_t)st.n, "ignored",
	                 (json_int_t)st.ignored, "median", st.median, "min", st.min, "max", st.max,
	                 "p25", st.p25, "p75", st.p75);
}

/* One supplier's (or every supplier's: supplier_id 0) statistics entry. */
static json_t *group_json(const struct po_lead_obs *obs, size_t n, int64_t supplier_id, int *days)
{
	size_t k = 0;
	const char *name = "";
	for (size_t i = 0; i < n; i++)
		if (!supplier_id || obs[i].supplier_id == supplier_id) {
			days[k++] = (int)obs[i].days;
			name = obs[i].supplier;
		}
	int status;
	json_t *st = stats_json(days, k, &status);
	json_t *g = json_pack("{s:I, s:o, s:s}", "count", (json_int_t)k, "stats", st, "status",
	                      plan_status_code(status));
	if (supplier_id) {
		json_object_set_new(g, "supplier_id", json_integer(supplier_id));
		json_object_set_new(g, "supplier", json_string(name));
	}
	if (status != PLAN_OK)
		json_object_set_new(
		        g, "message",
		        json_string(status == PLAN_E_FEW_OBS
		                            ? "입고 기록이 3번 이상 쌓이면 리드타임을 계산합니다."
		                            : plan_status_message(status)));
	return g;
}

/* GET /api/products/{sku}/lead-times: the lead times observed on this product's receipts,
 * with median and spread over all suppliers and per supplier, beside the lead time in use. A
 * manager adopts one with PATCH /api/products/{sku} {"lead_time_days": median}. */
static void h_lead_times(struct req *r)
{
	const char *raw = req_param(r, "sku");
	char *sku = raw ? util_nfc(raw) : NULL;
	json_t *p = sku ? catalog_product_json(r->db, r->user->org_id, sku) : NULL;
	free(sku);
	if (!p) {
		reply_not_found(r, "sku_not_found",
		                arena_printf(r->a, "상품을 찾을 수 없습니다: %s", raw ? raw : ""));
		return;
	}
	struct po_lead_obs *obs = NULL;
	size_t n = 0;
	int rc = po_lead_observations(r->db, r->user->org_id, num(p, "id"), LEAD_OBS_MAX, &obs, &n);
	if (rc != DB_OK) {
		json_decref(p);
		reply_db_error(r, rc);
		return;
	}
	int *days = xcalloc(n ? n : 1, sizeof *days);
	json_t *list = json_array(), *by = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(
		        list, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "po_id",
		                        (json_int_t)obs[i].po_id, "supplier_id",
		                        (json_int_t)obs[i].supplier_id, "supplier", obs[i].supplier,
		                        "order_date", obs[i].order_date, "received_date",
		                        obs[i].received_date, "days", (json_int_t)obs[i].days));
		int seen = 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = obs[k].supplier_id == obs[i].supplier_id;
		if (!seen)
			json_array_append_new(by, group_json(obs, n, obs[i].supplier_id, days));
	}
	json_t *all = group_json(obs, n, 0, days);
	free(days);
	free(obs);
	/* What "적용" would set: the current supplier's median when it has enough deliveries,
	 * else the median over every supplier. */
	json_t *suggested = json_null();
	json_t *sup = json_object_get(p, "supplier_id");
	size_t i;
	json_t *g;
	json_array_foreach(by, i, g)
	{
		if (json_is_integer(sup) && num(g, "supplier_id") == json_integer_value(sup) &&
		    json_is_object(json_object_get(g, "stats")))
			suggested = json_pack(
			        "{s:I, s:s, s:I}", "days",
			        (json_int_t)num(json_object_get(g, "stats"), "median"), "basis",
			        "supplier", "supplier_id", (json_int_t)json_integer_value(sup));
	}
	if (json_is_null(suggested) && json_is_object(json_object_get(all, "stats")))
		suggested = json_pack("{s:I, s:s}", "days",
		                      (json_int_t)num(json_object_get(all, "stats"), "median"),
		                      "basis", "all");
	json_t *out = json_pack("{s:O, s:O, s:O, s:O, s:O, s:o, s:o, s:o, s:o}", "sku",
	                        json_object_get(p, "sku"), "name", json_object_get(p, "name"),
	                        "lead_time_days", json_object_get(p, "lead_time_days"),
	                        "lead_time_source", json_object_get(p, "lead_time_source"),
	                        "supplier_id", sup, "all", all, "by_supplier", by, "suggested",
	                        suggested, "observations", list);
	json_decref(p);
	reply_json(r, 200, out);
}

const struct route api_purchase_orders_routes[] = {
        {"GET", "/api/purchase-orders", ROLE_VIEWER, 0, h_list},
        {"POST", "/api/purchase-orders", ROLE_MANAGER, 0, h_create},
        {"GET", "/api/purchase-orders/{id}", ROLE_VIEWER, 0, h_get},
        {"PATCH", "/api/purchase-orders/{id}", ROLE_MANAGER, 0, h_patch},
        {"POST", "/api/purchase-orders/{id}/order", ROLE_MANAGER, 0, h_order},
        {"POST", "/api/purchase-orders/{id}/receive", ROLE_STAFF, 0, h_receive},
        {"POST", "/api/purchase-orders/{id}/cancel", ROLE_MANAGER, 0, h_cancel},
        {"POST", "/api/purchase-orders/{id}/close", ROLE_MANAGER, 0, h_close},
        {"GET", "/api/purchase-orders/{id}/export.xlsx", ROLE_VIEWER, 0, h_export},
        {"GET", "/api/products/{sku}/lead-times", ROLE_VIEWER, 0, h_lead_times},
        ROUTE_END,
};
