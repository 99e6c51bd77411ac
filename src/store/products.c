/* catalog.c — products, suppliers, set components and channel codes: field validation
 * with Korean messages, storage in one transaction, and the JSON objects of the API. */
#include "catalog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "korean.h"
#include "util.h"

/* ------------------------------------------------------------------ errors */

void catalog_err_clear(struct catalog_err *e)
{
	if (!e)
		return;
	if (e->details)
		json_decref(e->details);
	memset(e, 0, sizeof *e);
}

/* Adds a field error; the first one also becomes the summary message. */
static void ferr(struct catalog_err *e, const char *field, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void ferr(struct catalog_err *e, const char *field, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!e->details)
		e->details = json_array();
	json_array_append_new(e->details, json_pack("{s:s, s:s}", "field", field, "message", msg));
	if (e->code == CATALOG_OK) {
		e->code = CATALOG_EINVAL;
		e->id = "validation_failed";
		util_strlcpy(e->field, field, sizeof e->field);
		util_strlcpy(e->message, msg, sizeof e->message);
	}
}

static int fail(struct catalog_err *e, int code, const char *id, const char *field, const char *fmt,
                ...) __attribute__((format(printf, 5, 6)));
static int fail(struct catalog_err *e, int code, const char *id, const char *field, const char *fmt,
                ...)
{
	e->code = code;
	e->id = id;
	util_strlcpy(e->field, field ? field : "", sizeof e->field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	if (field && code != CATALOG_EDB) {
		if (!e->details)
			e->details = json_array();
		json_array_append_new(
		        e->details, json_pack("{s:s, s:s}", "field", field, "message", e->message));
	}
	return code;
}

static int fail_db(struct catalog_err *e, int rc)
{
	e->db_rc = rc;
	return fail(e, CATALOG_EDB, rc == DB_BUSY ? "unavailable" : "internal_error", NULL, "%s",
	            "저장하지 못했습니다. 잠시 후 다시 시도해 주세요.");
}

/* ------------------------------------------------------------------ field readers */

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Reads an optional text field. Returns 1 when the field was present (out set, possibly
 * to "" for null or blank), 0 when absent, -1 after recording an error. */
static int get_text(json_t *obj, const char *key, const char *label, size_t max_chars, char *out,
                    size_t outsz, struct catalog_err *e)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		out[0] = 0;
		return 1;
	}
	if (!json_is_string(v)) {
		ferr(e, key, "%s%s 글자로 입력해 주세요.", label, korean_josa(label, "은/는"));
		return -1;
	}
	char *n = util_nfc(json_string_value(v));
	if (!n) {
		ferr(e, key, "%s에 읽을 수 없는 글자가 있습니다 (UTF-8이 아님).", label);
		return -1;
	}
	if (utf8_chars(n) > max_chars || strlen(n) >= outsz) {
		ferr(e, key, "%s%s %s자 이하여야 합니다.", label, korean_josa(label, "은/는"),
		     KNUM(max_chars));
		free(n);
		return -1;
	}
	char why[256];
	if (util_text_check(n, UTIL_TEXT_MULTILINE, label, why, sizeof why) != 0) {
		ferr(e, key, "%s", why);
		free(n);
		return -1;
	}
	util_strlcpy(out, n, outsz);
	free(n);
	return 1;
}

/* Reads an optional integer field in [min,max]. Returns 1 present, 0 absent, 2 null,
 * -1 error (message msg). */
static int get_int(json_t *obj, const char *key, int64_t min, int64_t max, int64_t *out,
                   const char *msg, struct catalog_err *e)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return 0;
	if (json_is_null(v))
		return 2;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		ferr(e, key, "%s", msg);
		return -1;
	}
	*out = json_integer_value(v);
	return 1;
}

static int get_bool(json_t *obj, const char *key, int *out, const char *label,
                    struct catalog_err *e)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return 0;
	if (!json_is_boolean(v)) {
		ferr(e, key, "%s%s true 또는 false여야 합니다.", label,
		     korean_josa(label, "은/는"));
		return -1;
	}
	*out = json_is_true(v);
	return 1;
}

int catalog_sku_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > LEDGER_SKU_MAX)
		return 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c <= 0x20 || *c == 0x7f || strchr("/?#%\\", *c))
			return 0;
	/* U+3000 (ideographic space) and U+00A0 (no-break space) count as whitespace too. */
	if (strstr(s, "\xe3\x80\x80") || strstr(s, "\xc2\xa0"))
		return 0;
	return 1;
}

static const char *const channel_names[] = {"playauto", "coupang", "smartstore", "ownmall"};

static int channel_valid(const char *c)
{
	for (size_t i = 0; i < ARRAY_LEN(channel_names); i++)
		if (strcmp(c, channel_names[i]) == 0)
			return 1;
	return 0;
}

void catalog_product_defaults(struct catalog_product *p)
{
	memset(p, 0, sizeof *p);
	p->lead_time_days = -1;
	p->moq = 1;
	p->active = 1;
}

static const char *const product_keys[] = {
        "sku",         "playauto_sku",   "name",       "category",     "manufacturer",
        "kind",        "lead_time_days", "moq",        "safety_stock", "safety_stock_mode",
        "supplier_id", "supplier",       "unit_cost",  "barcode",      "active",
        "has_expiry",  "memo",           "components", "channel_codes"};
/* Read-only fields a client may send back unchanged; ignored. */
static const char *const product_readonly[] = {
        "id", "on_hand", "available", "lead_time_source", "created_at", "updated_at"};

static int in_list(const char *k, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(k, list[i]) == 0)
			return 1;
	return 0;
}

static void apply_components(json_t *v, struct catalog_product *p, struct catalog_err *e)
{
	if (json_is_null(v)) {
		p->ncomp = 0;
		p->comps_given = 1;
		return;
	}
	if (!json_is_array(v)) {
		ferr(e, "components", "%s", "구성 상품은 [{\"sku\",\"qty\"}] 목록이어야 합니다.");
		return;
	}
	if (json_array_size(v) > LEDGER_MAX_COMPONENTS) {
		ferr(e, "components", "세트의 구성 상품은 %d개까지입니다.", LEDGER_MAX_COMPONENTS);
		return;
	}
	p->comps_given = 1;
	p->ncomp = 0;
	size_t i;
	json_t *it;
	json_array_foreach(v, i, it)
	{
		json_t *js = json_object_get(it, "sku"), *jq = json_object_get(it, "qty");
		if (!json_is_object(it) || !json_is_string(js)) {
			ferr(e, "components", "%zu번째 구성 상품의 SKU가 없습니다.", i + 1);
			return;
		}
		char *sku = util_nfc(json_string_value(js));
		if (!sku || !catalog_sku_valid(sku)) {
			ferr(e, "components", "구성 상품의 SKU가 올바르지 않습니다: %s",
			     json_string_value(js));
			free(sku);
			return;
		}
		int64_t q = 1;
		if (jq && (!json_is_integer(jq) || json_integer_value(jq) < 1 ||
		           json_integer_value(jq) > 10000)) {
			ferr(e, "components",
			     "구성 수량은 1 이상 10,000 이하의 정수여야 합니다 (%s).", sku);
			free(sku);
			return;
		}
		if (jq)
			q = json_integer_value(jq);
		for (size_t k = 0; k < p->ncomp; k++)
			if (strcmp(p->comp[k].sku, sku) == 0) {
				ferr(e, "components", "같은 구성 상품이 두 번 있습니다: %s", sku);
				free(sku);
				return;
			}
		util_strlcpy(p->comp[p->ncomp].sku, sku, sizeof p->comp[0].sku);
		p->comp[p->ncomp++].qty = q;
		free(sku);
	}
}

static void apply_codes(json_t *v, struct catalog_product *p, struct catalog_err *e)
{
	if (json_is_null(v)) {
		p->ncodes = 0;
		p->codes_given = 1;
		return;
	}
	if (!json_is_array(v)) {
		ferr(e, "channel_codes", "%s",
		     "채널 코드는 [{\"channel\",\"code\"}] 목록이어야 합니다.");
		return;
	}
	if (json_array_size(v) > CATALOG_MAX_CODES) {
		ferr(e, "channel_codes", "채널 코드는 %d개까지입니다.", CATALOG_MAX_CODES);
		return;
	}
	p->codes_given = 1;
	p->ncodes = 0;
	size_t i;
	json_t *it;
	json_array_foreach(v, i, it)
	{
		const char *ch = json_string_value(json_object_get(it, "channel"));
		const char *code = json_string_value(json_object_get(it, "code"));
		if (!ch || !channel_valid(ch)) {
			ferr(e, "channel_codes", "%s",
			     "채널은 playauto, coupang, smartstore, ownmall 중 하나여야 합니다.");
			return;
		}
		char *n = code ? util_nfc(code) : NULL;
		if (!n || !*n || strlen(n) > LIMIT_CHANNEL_CODE) {
			ferr(e, "channel_codes", "%s 채널 코드를 1~100자로 입력해 주세요.", ch);
			free(n);
			return;
		}
		for (size_t k = 0; k < p->ncodes; k++)
			if (strcmp(p->codes[k].channel, ch) == 0 &&
			    strcmp(p->codes[k].code, n) == 0) {
				ferr(e, "channel_codes", "같은 채널 코드가 두 번 있습니다: %s %s",
				     ch, n);
				free(n);
				return;
			}
		util_strlcpy(p->codes[p->ncodes].channel, ch, sizeof p->codes[0].channel);
		util_strlcpy(p->codes[p->ncodes].code, n, sizeof p->codes[0].code);
		p->ncodes++;
		free(n);
	}
}

int catalog_product_apply(db *d, int64_t org_id, json_t *obj, int partial,
                          struct catalog_product *p, char *supplier_name_out, struct catalog_err *e)
{
	memset(e, 0, sizeof *e);
	supplier_name_out[0] = 0;
	if (!json_is_object(obj))
		return fail(e, CATALOG_EINVAL, "bad_request", NULL, "%s",
		            "요청 본문은 JSON 객체여야 합니다.");
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		if (!in_list(key, product_keys, ARRAY_LEN(product_keys)) &&
		    !in_list(key, product_readonly, ARRAY_LEN(product_readonly)))
			ferr(e, key, "알 수 없는 항목입니다: %s", key);
	}

	char buf[sizeof p->memo];
	int rc = get_text(obj, "sku", "SKU", LIMIT_SKU, buf, sizeof p->sku, e);
	if (rc == 1) {
		if (!buf[0])
			ferr(e, "sku", "%s", "마스터 SKU를 입력해 주세요.");
		else if (!catalog_sku_valid(buf))
			ferr(e, "sku", "%s",
			     "SKU에는 공백과 / ? # % \\ 문자를 쓸 수 없습니다 (64바이트 이하).");
		else
			util_strlcpy(p->sku, buf, sizeof p->sku);
	} else if (rc == 0 && !partial) {
		ferr(e, "sku", "%s", "마스터 SKU를 입력해 주세요.");
	}
	rc = get_text(obj, "name", "상품명", LIMIT_PRODUCT_NAME, buf, sizeof p->name, e);
	if (rc == 1 && !buf[0])
		ferr(e, "name", "%s", "상품명을 입력해 주세요.");
	else if (rc == 1)
		util_strlcpy(p->name, buf, sizeof p->name);
	else if (rc == 0 && !partial)
		ferr(e, "name", "%s", "상품명을 입력해 주세요.");
	rc = get_text(obj, "playauto_sku", "플레이오토 SKU", LIMIT_SKU, buf, sizeof p->playauto_sku,
	              e);
	if (rc == 1)
		util_strlcpy(p->playauto_sku, buf, sizeof p->playauto_sku);
	if (get_text(obj, "category", "카테고리", LIMIT_CATEGORY, buf, sizeof p->category, e) == 1)
		util_strlcpy(p->category, buf, sizeof p->category);
	if (get_text(obj, "manufacturer", "제조사", LIMIT_MANUFACTURER, buf, sizeof p->manufacturer,
	             e) == 1)
		util_strlcpy(p->manufacturer, buf, sizeof p->manufacturer);
	if (get_text(obj, "barcode", "바코드", LIMIT_BARCODE, buf, sizeof p->barcode, e) == 1)
		util_strlcpy(p->barcode, buf, sizeof p->barcode);
	if (get_text(obj, "memo", "메모", LIMIT_MEMO, buf, sizeof p->memo, e) == 1)
		util_strlcpy(p->memo, buf, sizeof p->memo);

	v = json_object_get(obj, "kind");
	if (v) {
		const char *k = json_string_value(v);
		if (k && (strcmp(k, "single") == 0 || strcmp(k, "단품") == 0))
			p->is_set = 0;
		else if (k && (strcmp(k, "set") == 0 || strcmp(k, "세트") == 0))
			p->is_set = 1;
		else
			ferr(e, "kind", "%s",
			     "세트 유무는 single(단품) 또는 set(세트)여야 합니다.");
	}
	int64_t n;
	rc = get_int(obj, "lead_time_days", 0, CATALOG_LEAD_MAX, &n,
	             "리드타임은 0일부터 730일 사이의 정수여야 합니다.", e);
	if (rc == 1)
		p->lead_time_days = n;
	else if (rc == 2)
		p->lead_time_days = -1;
	rc = get_int(obj, "moq", 1, CATALOG_MOQ_MAX, &n,
	             "최소 주문 수량(MOQ)은 1 이상 1,000,000 이하의 정수여야 합니다.", e);
	if (rc == 1)
		p->moq = n;
	else if (rc == 2)
		ferr(e, "moq", "%s",
		     "최소 주문 수량(MOQ)은 1 이상 1,000,000 이하의 정수여야 합니다.");
	rc = get_int(obj, "safety_stock", 0, CATALOG_SAFETY_MAX, &n,
	             "안전재고는 0 이상 100,000,000 이하의 정수여야 합니다.", e);
	if (rc == 1)
		p->safety_stock = n;
	else if (rc == 2)
		p->safety_stock = 0;
	rc = get_int(obj, "unit_cost", 0, 1000000000000LL, &n,
	             "매입 단가는 0 이상의 정수(원)여야 합니다.", e);
	if (rc == 1)
		p->unit_cost = n;
	else if (rc == 2)
		p->unit_cost = 0;
	v = json_object_get(obj, "safety_stock_mode");
	if (v) {
		const char *m = json_string_value(v);
		if (m && strcmp(m, "manual") == 0)
			p->safety_auto = 0;
		else if (m && strcmp(m, "auto") == 0)
			p->safety_auto = 1;
		else
			ferr(e, "safety_stock_mode", "%s",
			     "안전재고 설정 방식은 manual(직접) 또는 auto(자동)여야 합니다.");
	}
	get_bool(obj, "active", &p->active, "상태(active: 사용 중 여부)", e);
	get_bool(obj, "has_expiry", &p->has_expiry, "소비기한 관리(has_expiry)", e);

	/* Supplier by id, else by name. */
	rc = get_int(obj, "supplier_id", 1, INT64_MAX, &n, "공급처 번호가 올바르지 않습니다.", e);
	if (rc == 1) {
		if (db_int(d, 0, "SELECT id FROM suppliers WHERE id = ? AND org_id = ?", "ii", n,
		           org_id) == 0)
			ferr(e, "supplier_id", "공급처를 찾을 수 없습니다: #%lld", (long long)n);
		else
			p->supplier_id = n;
	} else if (rc == 2) {
		p->supplier_id = 0;
	} else if (rc == 0) {
		char sname[CATALOG_SUPPLIER_NAME_SIZE];
		rc = get_text(obj, "supplier", "공급처", LIMIT_SUPPLIER_NAME, sname, sizeof sname,
		              e);
		if (rc == 1 && !sname[0]) {
			p->supplier_id = 0;
		} else if (rc == 1) {
			int64_t id = db_int(
			        d, 0, "SELECT id FROM suppliers WHERE org_id = ? AND name = ?",
			        "it", org_id, sname);
			if (id)
				p->supplier_id = id;
			else
				util_strlcpy(supplier_name_out, sname, CATALOG_SUPPLIER_NAME_SIZE);
		}
	}

	v = json_object_get(obj, "components");
	if (v)
		apply_components(v, p, e);
	v = json_object_get(obj, "channel_codes");
	if (v)
		apply_codes(v, p, e);
	if (!p->is_set && p->comps_given && p->ncomp > 0)
		ferr(e, "components", "%s",
		     "단품에는 구성 상품을 둘 수 없습니다. 세트로 바꿔 주세요.");
	return e->code;
}

/* ------------------------------------------------------------------ load / save */

int catalog_product_load(db *d, int64_t org_id, const char *sku, struct catalog_product *p)
{
	catalog_product_defaults(p);
	db_stmt *s =
	        db_preparef(d,
	                    "SELECT id, sku, COALESCE(playauto_sku, ''), name, category, kind,"
	                    " lead_time_days, moq, safety_stock, safety_stock_mode,"
	                    " COALESCE(supplier_id, 0), unit_cost, COALESCE(barcode, ''), active,"
	                    " has_expiry, memo, manufacturer FROM products"
	                    " WHERE org_id = ? AND sku = ?",
	                    "it", org_id, sku);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		p->id = db_col_int(s, 0);
		util_strlcpy(p->sku, db_col_text(s, 1), sizeof p->sku);
		util_strlcpy(p->playauto_sku, db_col_text(s, 2), sizeof p->playauto_sku);
		util_strlcpy(p->name, db_col_text(s, 3), sizeof p->name);
		util_strlcpy(p->category, db_col_text(s, 4), sizeof p->category);
		p->is_set = util_streq(db_col_text(s, 5), "set");
		p->lead_time_days = db_col_is_null(s, 6) ? -1 : db_col_int(s, 6);
		p->moq = db_col_int(s, 7);
		p->safety_stock = db_col_int(s, 8);
		p->safety_auto = util_streq(db_col_text(s, 9), "auto");
		p->supplier_id = db_col_int(s, 10);
		p->unit_cost = db_col_int(s, 11);
		util_strlcpy(p->barcode, db_col_text(s, 12), sizeof p->barcode);
		p->active = (int)db_col_int(s, 13);
		p->has_expiry = (int)db_col_int(s, 14);
		util_strlcpy(p->memo, db_col_text(s, 15), sizeof p->memo);
		util_strlcpy(p->manufacturer, db_col_text(s, 16), sizeof p->manufacturer);
	}
	db_finalize(s);
	if (rc < 0)
		return CATALOG_EDB;
	if (rc != DB_ROW)
		return CATALOG_ENOTFOUND;
	s = db_preparef(d,
	                "SELECT c.sku, sc.qty FROM set_components sc JOIN products c"
	                " ON c.id = sc.component_id WHERE sc.set_id = ? ORDER BY c.sku",
	                "i", p->id);
	while (db_step(s) == DB_ROW && p->ncomp < LEDGER_MAX_COMPONENTS) {
		util_strlcpy(p->comp[p->ncomp].sku, db_col_text(s, 0), sizeof p->comp[0].sku);
		p->comp[p->ncomp++].qty = db_col_int(s, 1);
	}
	db_finalize(s);
	s = db_preparef(d,
	                "SELECT channel, code FROM channel_codes WHERE product_id = ?"
	                " ORDER BY channel, code",
	                "i", p->id);
	while (db_step(s) == DB_ROW && p->ncodes < CATALOG_MAX_CODES) {
		util_strlcpy(p->codes[p->ncodes].channel, db_col_text(s, 0),
		             sizeof p->codes[0].channel);
		util_strlcpy(p->codes[p->ncodes].code, db_col_text(s, 1), sizeof p->codes[0].code);
		p->ncodes++;
	}
	db_finalize(s);
	return CATALOG_OK;
}

int64_t catalog_supplier_ensure(db *d, int64_t org_id, const char *name)
{
	int64_t id = db_int(d, 0, "SELECT id FROM suppliers WHERE org_id = ? AND name = ?", "it",
	                    org_id, name);
	if (id)
		return id;
	char now[32];
	util_utc_iso(util_now(), now);
	if (db_exec(d,
	            "INSERT INTO suppliers (org_id, name, created_at, updated_at)"
	            " VALUES (?, ?, ?, ?)",
	            "ittt", org_id, name, now, now) != DB_OK)
		return 0;
	return db_last_id(d);
}

/* The store rules of a save; returns CATALOG_OK or an error (transaction open). */
static int save_checks(db *d, int64_t org_id, struct catalog_product *p, int64_t comp_ids[],
                       struct catalog_err *e)
{
	if (db_int(d, 0, "SELECT id FROM products WHERE org_id = ? AND sku = ? AND id <> ?", "iti",
	           org_id, p->sku, p->id))
		return fail(e, CATALOG_ECONFLICT, "duplicate_sku", "sku",
		            "이미 있는 마스터 SKU입니다: %s", p->sku);
	if (p->playauto_sku[0] &&
	    db_int(d, 0,
	           "SELECT id FROM products WHERE org_id = ? AND playauto_sku = ? AND id <> ?",
	           "iti", org_id, p->playauto_sku, p->id))
		return fail(e, CATALOG_ECONFLICT, "duplicate_playauto_sku", "playauto_sku",
		            "이미 다른 상품에 쓰인 플레이오토 SKU입니다: %s", p->playauto_sku);
	for (size_t i = 0; i < p->ncodes; i++) {
		char *other = db_text(d,
		                      "SELECT p.sku FROM channel_codes c JOIN products p"
		                      " ON p.id = c.product_id WHERE c.org_id = ? AND c.channel = ?"
		                      " AND c.code = ? AND c.product_id <> ?",
		                      "itti", org_id, p->codes[i].channel, p->codes[i].code, p->id);
		if (other) {
			fail(e, CATALOG_ECONFLICT, "channel_code_taken", "channel_codes",
			     "이미 다른 상품(%s)에 연결된 채널 코드입니다: %s %s", other,
			     p->codes[i].channel, p->codes[i].code);
			free(other);
			return e->code;
		}
	}
	if (!p->is_set)
		return CATALOG_OK;
	if (p->id) {
		if (db_int(d, 0, "SELECT COUNT(*) FROM movements WHERE product_id = ?", "i", p->id))
			return fail(e, CATALOG_ECONFLICT, "has_movements", "kind", "%s",
			            "입출고 내역이 있는 단품은 세트로 바꿀 수 없습니다. 새 세트 "
			            "상품을 만들어 주세요.");
		char *parent = db_text(d,
		                       "SELECT s.sku FROM set_components sc JOIN products s"
		                       " ON s.id = sc.set_id WHERE sc.component_id = ?",
		                       "i", p->id);
		if (parent) {
			fail(e, CATALOG_EINVAL, "validation_failed", "kind",
			     "세트 %s의 구성 상품이라 세트로 바꿀 수 없습니다 (세트 안에 세트 "
			     "불가).",
			     parent);
			free(parent);
			return e->code;
		}
	}
	if (p->ncomp == 0)
		return fail(e, CATALOG_EINVAL, "validation_failed", "components", "%s",
		            "세트에는 구성 상품이 하나 이상 있어야 합니다.");
	for (size_t i = 0; i < p->ncomp; i++) {
		if (strcmp(p->comp[i].sku, p->sku) == 0)
			return fail(e, CATALOG_EINVAL, "set_contains_itself", "components", "%s",
			            "세트는 자기 자신을 구성 상품으로 가질 수 없습니다.");
		char *kind = db_text(d, "SELECT kind FROM products WHERE org_id = ? AND sku = ?",
		                     "it", org_id, p->comp[i].sku);
		comp_ids[i] = db_int(d, 0, "SELECT id FROM products WHERE org_id = ? AND sku = ?",
		                     "it", org_id, p->comp[i].sku);
		int is_set = util_streq(kind, "set");
		int missing = kind == NULL;
		free(kind);
		if (missing)
			return fail(e, CATALOG_EINVAL, "component_not_found", "components",
			            "구성 상품을 찾을 수 없습니다: %s", p->comp[i].sku);
		if (is_set)
			return fail(e, CATALOG_EINVAL, "set_contains_set", "components",
			            "세트는 다른 세트를 구성 상품으로 가질 수 없습니다: %s",
			            p->comp[i].sku);
	}
	return CATALOG_OK;
}

static void bind_opt_text(db_stmt *s, int idx, const char *v)
{
	if (v && *v)
		db_bind_text(s, idx, v);
	else
		db_bind_null(s, idx);
}

static int save_row(db *d, int64_t org_id, struct catalog_product *p)
{
	char now[32];
	util_utc_iso(util_now(), now);
	db_stmt *s;
	if (p->id == 0)
		s = db_prepare(
		        d, "INSERT INTO products (sku, playauto_sku, name, category, kind,"
		           " lead_time_days, moq, safety_stock, safety_stock_mode, supplier_id,"
		           " unit_cost, barcode, active, has_expiry, memo, updated_at,"
		           " manufacturer, org_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
		           " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	else
		s = db_prepare(d,
		               "UPDATE products SET sku = ?, playauto_sku = ?, name = ?,"
		               " category = ?, kind = ?, lead_time_days = ?, moq = ?,"
		               " safety_stock = ?, safety_stock_mode = ?, supplier_id = ?,"
		               " unit_cost = ?, barcode = ?, active = ?, has_expiry = ?, memo = ?,"
		               " updated_at = ?, manufacturer = ? WHERE org_id = ? AND id = ?");
	db_bind_text(s, 1, p->sku);
	bind_opt_text(s, 2, p->playauto_sku);
	db_bind_text(s, 3, p->name);
	db_bind_text(s, 4, p->category);
	db_bind_text(s, 5, p->is_set ? "set" : "single");
	if (p->lead_time_days >= 0)
		db_bind_int(s, 6, p->lead_time_days);
	else
		db_bind_null(s, 6);
	db_bind_int(s, 7, p->moq);
	db_bind_int(s, 8, p->safety_stock);
	db_bind_text(s, 9, p->safety_auto ? "auto" : "manual");
	if (p->supplier_id > 0)
		db_bind_int(s, 10, p->supplier_id);
	else
		db_bind_null(s, 10);
	db_bind_int(s, 11, p->unit_cost);
	bind_opt_text(s, 12, p->barcode);
	db_bind_int(s, 13, p->active ? 1 : 0);
	db_bind_int(s, 14, p->has_expiry ? 1 : 0);
	db_bind_text(s, 15, p->memo);
	db_bind_text(s, 16, now);
	db_bind_text(s, 17, p->manufacturer);
	db_bind_int(s, 18, org_id);
	if (p->id == 0)
		db_bind_text(s, 19, now);
	else
		db_bind_int(s, 19, p->id);
	int rc = db_step(s);
	db_finalize(s);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERR;
	if (p->id == 0)
		p->id = db_last_id(d);
	return DB_OK;
}

int catalog_product_save(db *d, int64_t org_id, struct catalog_product *p,
                         const char *supplier_name, struct catalog_err *e)
{
	memset(e, 0, sizeof *e);
	int is_new = p->id == 0;
	int rc = db_begin(d);
	if (rc != DB_OK)
		return fail_db(e, rc);
	int64_t comp_ids[LEDGER_MAX_COMPONENTS] = {0};
	if (supplier_name && *supplier_name) {
		p->supplier_id = catalog_supplier_ensure(d, org_id, supplier_name);
		if (!p->supplier_id) {
			fail_db(e, DB_ERR);
			goto fail;
		}
	}
	if (save_checks(d, org_id, p, comp_ids, e) != CATALOG_OK)
		goto fail;
	rc = save_row(d, org_id, p);
	if (rc == DB_CONSTRAINT) {
		fail(e, CATALOG_ECONFLICT, "conflict", NULL, "%s",
		     "다른 사용자가 같은 값을 먼저 저장했습니다. 다시 확인해 주세요.");
		goto fail;
	}
	if (rc != DB_OK) {
		fail_db(e, rc);
		goto fail;
	}
	/* Components: replaced when given; a single never keeps any. */
	if (!p->is_set || p->comps_given || is_new) {
		rc = db_exec(d, "DELETE FROM set_components WHERE set_id = ?", "i", p->id);
		for (size_t i = 0; rc == DB_OK && p->is_set && i < p->ncomp; i++)
			rc = db_exec(
			        d,
			        "INSERT INTO set_components (org_id, set_id, component_id, qty)"
			        " VALUES (?, ?, ?, ?)",
			        "iiii", org_id, p->id, comp_ids[i], p->comp[i].qty);
		if (rc != DB_OK) {
			fail_db(e, rc);
			goto fail;
		}
	}
	if (p->codes_given) {
		rc = db_exec(d, "DELETE FROM channel_codes WHERE product_id = ?", "i", p->id);
		for (size_t i = 0; rc == DB_OK && i < p->ncodes; i++)
			rc = db_exec(d,
			             "INSERT INTO channel_codes (org_id, product_id, channel, code)"
			             " VALUES (?, ?, ?, ?)",
			             "iitt", org_id, p->id, p->codes[i].channel, p->codes[i].code);
		if (rc == DB_CONSTRAINT) {
			fail(e, CATALOG_ECONFLICT, "channel_code_taken", "channel_codes", "%s",
			     "이미 다른 상품에 연결된 채널 코드입니다.");
			goto fail;
		}
		if (rc != DB_OK) {
			fail_db(e, rc);
			goto fail;
		}
	}
	rc = db_commit(d);
	if (rc != DB_OK)
		return fail_db(e, rc);
	return CATALOG_OK;
fail:
	db_rollback(d);
	if (is_new)
		p->id = 0;
	return e->code;
}

int catalog_product_delete(db *d, int64_t org_id, const char *sku, int *deactivated,
                           struct catalog_err *e)
{
	memset(e, 0, sizeof *e);
	*deactivated = 0;
	int rc = db_begin(d);
	if (rc != DB_OK)
		return fail_db(e, rc);
	int64_t id = db_int(d, 0, "SELECT id FROM products WHERE org_id = ? AND sku = ?", "it",
	                    org_id, sku);
	if (!id) {
		db_rollback(d);
		return fail(e, CATALOG_ENOTFOUND, "sku_not_found", NULL,
		            "상품을 찾을 수 없습니다: %s", sku);
	}
	int64_t used =
	        db_int(d, 0,
	               "SELECT COUNT(*) FROM movements WHERE product_id = ?"
	               " OR set_product_id = ?",
	               "ii", id, id) +
	        db_int(d, 0, "SELECT COUNT(*) FROM set_components WHERE component_id = ?", "i", id);
	char now[32];
	util_utc_iso(util_now(), now);
	if (used) {
		/* History must stay readable: the product is kept, marked discontinued. */
		rc = db_exec(d, "UPDATE products SET active = 0, updated_at = ? WHERE id = ?", "ti",
		             now, id);
		*deactivated = 1;
	} else {
		rc = db_exec(d, "DELETE FROM set_components WHERE set_id = ?", "i", id);
		if (rc == DB_OK)
			rc = db_exec(d, "DELETE FROM channel_codes WHERE product_id = ?", "i", id);
		if (rc == DB_OK)
			rc = db_exec(d, "DELETE FROM balances WHERE product_id = ?", "i", id);
		if (rc == DB_OK)
			rc = db_exec(d, "DELETE FROM lots WHERE product_id = ?", "i", id);
		if (rc == DB_OK)
			rc = db_exec(d, "DELETE FROM products WHERE id = ?", "i", id);
	}
	if (rc != DB_OK) {
		db_rollback(d);
		return fail_db(e, rc);
	}
	rc = db_commit(d);
	return rc == DB_OK ? CATALOG_OK : fail_db(e, rc);
}

/* ------------------------------------------------------------------ JSON */

/* The columns of a product row, shared by the one-product and list queries. The set's
 * stock is what its components allow: min over components of floor(stock / qty). */
#define PRODUCT_COLS                                                                               \
	"p.id AS id, p.sku AS sku, p.playauto_sku AS playauto_sku, p.name AS name,"                \
	" p.category AS category, p.kind AS kind, p.lead_time_days AS own_lead,"                   \
	" s.lead_time_days AS sup_lead, p.moq AS moq, p.safety_stock AS safety_stock,"             \
	" p.safety_stock_mode AS safety_stock_mode, p.supplier_id AS supplier_id,"                 \
	" s.name AS supplier, p.unit_cost AS unit_cost, p.barcode AS barcode,"                     \
	" p.active AS active, p.has_expiry AS has_expiry, p.memo AS memo,"                         \
	" CASE WHEN p.kind = 'set' THEN COALESCE((SELECT MIN(CASE WHEN"                            \
	" COALESCE(cb.on_hand, 0) <= 0 THEN 0 ELSE cb.on_hand / sc.qty END)"                       \
	" FROM set_components sc LEFT JOIN balances cb ON cb.product_id = sc.component_id"         \
	" WHERE sc.set_id = p.id), 0) ELSE COALESCE(b.on_hand, 0) END AS on_hand,"                 \
	" p.created_at AS created_at, p.updated_at AS updated_at,"                                 \
	" p.manufacturer AS manufacturer"
#define PRODUCT_FROM                                                                               \
	" FROM products p LEFT JOIN suppliers s ON s.id = p.supplier_id"                           \
	" LEFT JOIN balances b ON b.product_id = p.id"

static json_t *text_or_empty(db_stmt *s, int col)
{
	const char *t = db_col_text(s, col);
	return json_string(t ? t : "");
}

static json_t *product_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "sku", text_or_empty(s, 1));
	json_object_set_new(o, "playauto_sku", text_or_empty(s, 2));
	json_object_set_new(o, "name", text_or_empty(s, 3));
	json_object_set_new(o, "category", text_or_empty(s, 4));
	json_object_set_new(o, "manufacturer", text_or_empty(s, 21));
	json_object_set_new(o, "kind", text_or_empty(s, 5));
	if (!db_col_is_null(s, 6)) {
		json_object_set_new(o, "lead_time_days", json_integer(db_col_int(s, 6)));
		json_object_set_new(o, "lead_time_source", json_string("product"));
	} else if (!db_col_is_null(s, 7)) {
		json_object_set_new(o, "lead_time_days", json_integer(db_col_int(s, 7)));
		json_object_set_new(o, "lead_time_source", json_string("supplier"));
	} else {
		json_object_set_new(o, "lead_time_days", json_null());
		json_object_set_new(o, "lead_time_source", json_string("none"));
	}
	json_object_set_new(o, "moq", json_integer(db_col_int(s, 8)));
	json_object_set_new(o, "safety_stock", json_integer(db_col_int(s, 9)));
	json_object_set_new(o, "safety_stock_mode", text_or_empty(s, 10));
	json_object_set_new(o, "supplier_id",
	                    db_col_is_null(s, 11) ? json_null() : json_integer(db_col_int(s, 11)));
	json_object_set_new(o, "supplier", text_or_empty(s, 12));
	json_object_set_new(o, "unit_cost", json_integer(db_col_int(s, 13)));
	json_object_set_new(o, "barcode", text_or_empty(s, 14));
	json_object_set_new(o, "active", json_boolean(db_col_int(s, 15)));
	json_object_set_new(o, "has_expiry", json_boolean(db_col_int(s, 16)));
	json_object_set_new(o, "memo", text_or_empty(s, 17));
	json_object_set_new(o, "on_hand", json_integer(db_col_int(s, 18)));
	json_object_set_new(o, "available", json_integer(db_col_int(s, 18)));
	json_object_set_new(o, "created_at", text_or_empty(s, 19));
	json_object_set_new(o, "updated_at", text_or_empty(s, 20));
	return o;
}

json_t *catalog_product_json(db *d, int64_t org_id, const char *sku)
{
	db_stmt *s = db_preparef(
	        d, "SELECT " PRODUCT_COLS PRODUCT_FROM " WHERE p.org_id = ? AND p.sku = ?", "it",
	        org_id, sku);
	json_t *o = NULL;
	int64_t id = 0;
	if (db_step(s) == DB_ROW) {
		o = product_row_json(s);
		id = db_col_int(s, 0);
	}
	db_finalize(s);
	if (!o)
		return NULL;
	json_t *comps = json_array();
	s = db_preparef(
	        d,
	        "SELECT c.sku, c.name, sc.qty, COALESCE(b.on_hand, 0) FROM set_components sc"
	        " JOIN products c ON c.id = sc.component_id"
	        " LEFT JOIN balances b ON b.product_id = c.id"
	        " WHERE sc.set_id = ? ORDER BY c.sku",
	        "i", id);
	while (db_step(s) == DB_ROW)
		json_array_append_new(
		        comps, json_pack("{s:o, s:o, s:I, s:I}", "sku", text_or_empty(s, 0), "name",
		                         text_or_empty(s, 1), "qty", (json_int_t)db_col_int(s, 2),
		                         "on_hand", (json_int_t)db_col_int(s, 3)));
	db_finalize(s);
	json_object_set_new(o, "components", comps);
	json_t *codes = json_array();
	s = db_preparef(d,
	                "SELECT channel, code FROM channel_codes WHERE product_id = ?"
	                " ORDER BY channel, code",
	                "i", id);
	while (db_step(s) == DB_ROW)
		json_array_append_new(codes, json_pack("{s:o, s:o}", "channel", text_or_empty(s, 0),
		                                       "code", text_or_empty(s, 1)));
	db_finalize(s);
	json_object_set_new(o, "channel_codes", codes);
	/* Sets this product belongs to, so the screen can warn before changes. */
	json_t *in_sets = json_array();
	s = db_preparef(d,
	                "SELECT st.sku FROM set_components sc JOIN products st ON st.id = sc.set_id"
	                " WHERE sc.component_id = ? ORDER BY st.sku",
	                "i", id);
	while (db_step(s) == DB_ROW)
		json_array_append_new(in_sets, text_or_empty(s, 0));
	db_finalize(s);
	json_object_set_new(o, "in_sets", in_sets);
	return o;
}

/* Sort orders from a fixed list (never from the request text itself). */
static const struct {
	const char *key, *order;
} sorts[] = {
        {"sku", "t.sku ASC"},
        {"-sku", "t.sku DESC"},
        {"name", "t.name ASC, t.sku ASC"},
        {"-name", "t.name DESC, t.sku ASC"},
        {"on_hand", "t.on_hand ASC, t.sku ASC"},
        {"-on_hand", "t.on_hand DESC, t.sku ASC"},
        {"category", "t.category ASC, t.sku ASC"},
        {"-category", "t.category DESC, t.sku ASC"},
        {"manufacturer", "t.manufacturer ASC, t.sku ASC"},
        {"-manufacturer", "t.manufacturer DESC, t.sku ASC"},
        {"safety_stock", "t.safety_stock ASC, t.sku ASC"},
        {"-safety_stock", "t.safety_stock DESC, t.sku ASC"},
        {"updated_at", "t.updated_at ASC, t.sku ASC"},
        {"-updated_at", "t.updated_at DESC, t.sku ASC"},
};

int catalog_sort_known(const char *key)
{
	for (size_t i = 0; key && i < ARRAY_LEN(sorts); i++)
		if (strcmp(key, sorts[i].key) == 0)
			return 1;
	return 0;
}

/* Escapes LIKE wildcards so that a search for "50%" finds "50%". Caller frees. */
static char *like_pattern(const char *q)
{
	size_t n = strlen(q);
	char *out = xmalloc(2 * n + 3), *o = out;
	*o++ = '%';
	for (const char *c = q; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			*o++ = '\\';
		*o++ = *c;
	}
	*o++ = '%';
	*o = 0;
	return out;
}

/* A growing text buffer for the list, which is built as JSON text directly: at 500
 * products a tree of jansson objects costs more than the query itself. */
struct sbuf {
	char *p;
	size_t n, cap;
};

static void sb_raw(struct sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		while (b->n + n + 1 > b->cap)
			b->cap = b->cap ? 2 * b->cap : 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

static void sb_lit(struct sbuf *b, const char *s)
{
	sb_raw(b, s, strlen(s));
}

/* A JSON string; NULL is written as "". Text in the store is valid UTF-8 (it was
 * normalised on the way in), so only quotes, backslashes and controls need escaping. */
static void sb_str(struct sbuf *b, const char *s)
{
	sb_raw(b, "\"", 1);
	const char *run = s ? s : "";
	for (const char *c = run; *c; c++) {
		unsigned char u = (unsigned char)*c;
		if (u >= 0x20 && u != '"' && u != '\\')
			continue;
		sb_raw(b, run, (size_t)(c - run));
		char esc[8];
		if (u == '"' || u == '\\')
			snprintf(esc, sizeof esc, "\\%c", u);
		else if (u == '\n')
			snprintf(esc, sizeof esc, "\\n");
		else if (u == '\t')
			snprintf(esc, sizeof esc, "\\t");
		else
			snprintf(esc, sizeof esc, "\\u%04x", u);
		sb_lit(b, esc);
		run = c + 1;
	}
	sb_lit(b, run);
	sb_raw(b, "\"", 1);
}

static void sb_int(struct sbuf *b, int64_t v)
{
	char num[24], *e = num + sizeof num, *c = e;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		*--c = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--c = '-';
	sb_raw(b, c, (size_t)(e - c));
}

/* The product object of one row, as product_row_json() builds it (without unit_cost when
 * hide_cost is set). */
static void sb_product_row(struct sbuf *b, db_stmt *s, int hide_cost)
{
	sb_lit(b, "{\"id\":");
	sb_int(b, db_col_int(s, 0));
	static const struct {
		const char *key;
		int col;
	} texts[] = {{",\"sku\":", 1},      {",\"playauto_sku\":", 2},  {",\"name\":", 3},
	             {",\"category\":", 4}, {",\"manufacturer\":", 21}, {",\"kind\":", 5}};
	for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
		sb_lit(b, texts[i].key);
		sb_str(b, db_col_text(s, texts[i].col));
	}
	if (!db_col_is_null(s, 6) || !db_col_is_null(s, 7)) {
		sb_lit(b, ",\"lead_time_days\":");
		sb_int(b, db_col_int(s, db_col_is_null(s, 6) ? 7 : 6));
		sb_lit(b, db_col_is_null(s, 6) ? ",\"lead_time_source\":\"supplier\""
		                               : ",\"lead_time_source\":\"product\"");
	} else {
		sb_lit(b, ",\"lead_time_days\":null,\"lead_time_source\":\"none\"");
	}
	sb_lit(b, ",\"moq\":");
	sb_int(b, db_col_int(s, 8));
	sb_lit(b, ",\"safety_stock\":");
	sb_int(b, db_col_int(s, 9));
	sb_lit(b, ",\"safety_stock_mode\":");
	sb_str(b, db_col_text(s, 10));
	sb_lit(b, ",\"supplier_id\":");
	if (db_col_is_null(s, 11))
		sb_lit(b, "null");
	else
		sb_int(b, db_col_int(s, 11));
	sb_lit(b, ",\"supplier\":");
	sb_str(b, db_col_text(s, 12));
	if (!hide_cost) {
		sb_lit(b, ",\"unit_cost\":");
		sb_int(b, db_col_int(s, 13));
	}
	sb_lit(b, ",\"barcode\":");
	sb_str(b, db_col_text(s, 14));
	sb_lit(b, db_col_int(s, 15) ? ",\"active\":true" : ",\"active\":false");
	sb_lit(b, db_col_int(s, 16) ? ",\"has_expiry\":true" : ",\"has_expiry\":false");
	sb_lit(b, ",\"memo\":");
	sb_str(b, db_col_text(s, 17));
	sb_lit(b, ",\"on_hand\":");
	sb_int(b, db_col_int(s, 18));
	sb_lit(b, ",\"available\":");
	sb_int(b, db_col_int(s, 18));
	sb_lit(b, ",\"created_at\":");
	sb_str(b, db_col_text(s, 19));
	sb_lit(b, ",\"updated_at\":");
	sb_str(b, db_col_text(s, 20));
	sb_lit(b, "}");
}

#define LIST_WHERE                                                                                 \
	" WHERE p.org_id = ?) t WHERE (? IS NULL OR t.sku LIKE ? ESCAPE '\\'"                      \
	" OR t.name LIKE ? ESCAPE '\\' OR t.barcode LIKE ? ESCAPE '\\'"                            \
	" OR t.playauto_sku LIKE ? ESCAPE '\\')"                                                   \
	" AND (? IS NULL OR t.category = ?) AND (? IS NULL OR t.manufacturer = ?)"                 \
	" AND (? = 0 OR t.supplier_id = ?)"                                                        \
	" AND (? < 0 OR (t.kind = 'set') = (? = 1))"                                               \
	" AND (? = 2 OR t.active = (? = 0))"                                                       \
	" AND (? = 0 OR t.on_hand <= t.safety_stock)"

char *catalog_product_list_text(db *d, int64_t org_id, const struct catalog_filter *f, size_t *len)
{
	const char *order = "t.sku ASC";
	for (size_t i = 0; f->sort && i < ARRAY_LEN(sorts); i++)
		if (strcmp(f->sort, sorts[i].key) == 0)
			order = sorts[i].order;
	char *q = f->q && *f->q ? util_nfc(f->q) : NULL;
	char *pat = q && *q ? like_pattern(q) : NULL;
	char *cat = f->category && *f->category ? util_nfc(f->category) : NULL;
	char *maker = f->manufacturer && *f->manufacturer ? util_nfc(f->manufacturer) : NULL;
	/* The total comes from a second count only when the page is not the whole answer:
	 * a window COUNT(*) OVER () would cost more than the page itself. */
	char *sql = xasprintf("SELECT t.* FROM (SELECT " PRODUCT_COLS PRODUCT_FROM LIST_WHERE
	                      " ORDER BY %s LIMIT ? OFFSET ?",
	                      order);
	db_stmt *s = db_preparef(d, sql, "itttttttttiiiiiiiii", org_id, pat, pat, pat, pat, pat,
	                         cat, cat, maker, maker, f->supplier_id, f->supplier_id,
	                         (int64_t)f->kind, (int64_t)f->kind, (int64_t)f->status,
	                         (int64_t)f->status, (int64_t)f->low_stock, f->limit, f->offset);
	struct sbuf b = {0};
	sb_lit(&b, "{\"items\":[");
	int64_t total = 0, rows = 0;
	while (db_step(s) == DB_ROW) {
		if (rows++)
			sb_lit(&b, ",");
		sb_product_row(&b, s, f->hide_cost);
	}
	db_finalize(s);
	free(sql);
	if (f->offset == 0 && rows < f->limit)
		total = rows;
	else
		total = db_int(
		        d, 0, "SELECT COUNT(*) FROM (SELECT " PRODUCT_COLS PRODUCT_FROM LIST_WHERE,
		        "itttttttttiiiiiiii", org_id, pat, pat, pat, pat, pat, cat, cat, maker,
		        maker, f->supplier_id, f->supplier_id, (int64_t)f->kind, (int64_t)f->kind,
		        (int64_t)f->status, (int64_t)f->status, (int64_t)f->low_stock);
	sb_lit(&b, "],\"total\":");
	sb_int(&b, total);
	sb_lit(&b, "}");
	free(q);
	free(pat);
	free(cat);
	free(maker);
	*len = b.n;
	return b.p;
}

json_t *catalog_product_list(db *d, int64_t org_id, const struct catalog_filter *f)
{
	size_t len;
	char *text = catalog_product_list_text(d, org_id, f, &len);
	json_t *j = json_loadb(text, len, 0, NULL);
	free(text);
	return j ? j : json_pack("{s:[], s:i}", "items", "total", 0);
}

json_t *catalog_categories(db *d, int64_t org_id)
{
	json_t *items = json_array();
	db_stmt *s = db_preparef(d,
	                         "SELECT category, COUNT(*) FROM products WHERE org_id = ?"
	                         " AND category <> '' GROUP BY category ORDER BY category",
	                         "i", org_id);
	while (db_step(s) == DB_ROW)
		json_array_append_new(items, text_or_empty(s, 0));
	db_finalize(s);
	return json_pack("{s:o}", "items", items);
}

json_t *catalog_manufacturers(db *d, int64_t org_id)
{
	json_t *items = json_array();
	db_stmt *s = db_preparef(d,
	                         "SELECT DISTINCT manufacturer FROM products WHERE org_id = ?"
	                         " AND manufacturer <> '' ORDER BY manufacturer",
	                         "i", org_id);
	while (db_step(s) == DB_ROW)
		json_array_append_new(items, text_or_empty(s, 0));
	db_finalize(s);
	return json_pack("{s:o}", "items", items);
}

/* ------------------------------------------------------------------ suppliers */

#define SUPPLIER_SELECT                                                                            \
	"SELECT s.id, s.name, s.lead_time_days, s.contact, s.memo, s.active,"                      \
	" (SELECT COUNT(*) FROM products p WHERE p.supplier_id = s.id), s.created_at,"             \
	" s.updated_at, s.phone, s.email, s.moq FROM suppliers s"

static json_t *supplier_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "name", text_or_empty(s, 1));
	json_object_set_new(o, "lead_time_days",
	                    db_col_is_null(s, 2) ? json_null() : json_integer(db_col_int(s, 2)));
	json_object_set_new(o, "contact", text_or_empty(s, 3));
	json_object_set_new(o, "phone", text_or_empty(s, 9));
	json_object_set_new(o, "email", text_or_empty(s, 10));
	json_object_set_new(o, "moq",
	                    db_col_is_null(s, 11) ? json_null() : json_integer(db_col_int(s, 11)));
	json_object_set_new(o, "memo", text_or_empty(s, 4));
	json_object_set_new(o, "active", json_boolean(db_col_int(s, 5)));
	json_object_set_new(o, "product_count", json_integer(db_col_int(s, 6)));
	json_object_set_new(o, "created_at", text_or_empty(s, 7));
	json_object_set_new(o, "updated_at", text_or_empty(s, 8));
	return o;
}

json_t *catalog_supplier_json(db *d, int64_t org_id, int64_t id)
{
	db_stmt *s = db_preparef(d, SUPPLIER_SELECT " WHERE s.org_id = ? AND s.id = ?", "ii",
	                         org_id, id);
	json_t *o = db_step(s) == DB_ROW ? supplier_row_json(s) : NULL;
	db_finalize(s);
	return o;
}

json_t *catalog_supplier_list(db *d, int64_t org_id, int64_t limit, int64_t offset)
{
	json_t *items = json_array();
	db_stmt *s = db_preparef(d,
	                         SUPPLIER_SELECT " WHERE s.org_id = ? ORDER BY s.name"
	                                         " LIMIT ? OFFSET ?",
	                         "iii", org_id, limit, offset);
	while (db_step(s) == DB_ROW)
		json_array_append_new(items, supplier_row_json(s));
	db_finalize(s);
	int64_t total =
	        db_int(d, 0, "SELECT COUNT(*) FROM suppliers WHERE org_id = ?", "i", org_id);
	return json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
}

/* 담당자 is the person in charge: a phone number or e-mail typed there belongs in its own
 * field (the list showed them under 담당자 while 연락처 stayed empty). */
static void check_contact_person(const char *contact, struct catalog_err *e)
{
	struct contact_parts parts;
	contact_split(contact, &parts);
	if (parts.phone[0] || parts.email[0])
		ferr(e, "contact", "담당자에는 이름만 적어 주세요. %s%s%s 칸에 따로 입력해 주세요.",
		     parts.phone[0] ? "전화번호는 '연락처'" : "",
		     parts.phone[0] && parts.email[0] ? ", " : "",
		     parts.email[0] ? "이메일은 '이메일'" : "");
}

int catalog_supplier_save(db *d, int64_t org_id, int64_t id, json_t *obj, int64_t *id_out,
                          struct catalog_err *e)
{
	memset(e, 0, sizeof *e);
	static const char *const keys[] = {"name", "lead_time_days", "contact", "phone", "email",
	                                   "moq",  "memo",           "active"};
	static const char *const ro[] = {"id", "product_count", "created_at", "updated_at"};
	if (!json_is_object(obj))
		return fail(e, CATALOG_EINVAL, "bad_request", NULL, "%s",
		            "요청 본문은 JSON 객체여야 합니다.");
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		if (!in_list(key, keys, ARRAY_LEN(keys)) && !in_list(key, ro, ARRAY_LEN(ro)))
			ferr(e, key, "알 수 없는 항목입니다: %s", key);
	}
	char name[CATALOG_SUPPLIER_NAME_SIZE] = "", contact[LIMIT_SUPPLIER_CONTACT * 4 + 1] = "",
	     memo[LIMIT_MEMO * 4 + 1] = "";
	char phone[LIMIT_SUPPLIER_PHONE * 4 + 1] = "", email[LIMIT_SUPPLIER_EMAIL * 4 + 1] = "";
	int64_t lead = -1, moq = -1;
	int active = 1;
	int has_name = 0, has_lead = 0, has_contact = 0, has_memo = 0, has_active = 0;
	int rc = get_text(obj, "name", "공급처 이름", LIMIT_SUPPLIER_NAME, name, sizeof name, e);
	if (rc == 1 && !name[0])
		ferr(e, "name", "%s", "공급처 이름을 입력해 주세요.");
	else if (rc == 0 && id == 0)
		ferr(e, "name", "%s", "공급처 이름을 입력해 주세요.");
	has_name = rc == 1;
	rc = get_int(obj, "lead_time_days", 0, CATALOG_LEAD_MAX, &lead,
	             "리드타임은 0일부터 730일 사이의 정수여야 합니다.", e);
	has_lead = rc == 1 || rc == 2;
	if (rc == 2)
		lead = -1;
	has_contact = get_text(obj, "contact", "담당자", LIMIT_SUPPLIER_CONTACT, contact,
	                       sizeof contact, e) == 1;
	int has_phone =
	        get_text(obj, "phone", "연락처", LIMIT_SUPPLIER_PHONE, phone, sizeof phone, e) == 1;
	int has_email =
	        get_text(obj, "email", "이메일", LIMIT_SUPPLIER_EMAIL, email, sizeof email, e) == 1;
	if (has_contact && contact[0])
		check_contact_person(contact, e);
	if (has_phone && strchr(phone, '@'))
		ferr(e, "phone", "%s",
		     "연락처에는 전화번호만 적어 주세요. 이메일은 '이메일' 칸에 입력해 주세요.");
	if (has_email && email[0] && (!strchr(email, '@') || strchr(email, ' ')))
		ferr(e, "email", "%s", "이메일 형식이 아닙니다.");
	rc = get_int(obj, "moq", 1, CATALOG_MOQ_MAX, &moq,
	             "최소 주문 수량(MOQ)은 1 이상 1,000,000 이하의 정수여야 합니다.", e);
	int has_moq = rc == 1 || rc == 2;
	if (rc == 2)
		moq = -1;
	has_memo = get_text(obj, "memo", "메모", LIMIT_MEMO, memo, sizeof memo, e) == 1;
	has_active = get_bool(obj, "active", &active, "사용 여부", e) == 1;
	if (e->code)
		return e->code;

	rc = db_begin(d);
	if (rc != DB_OK)
		return fail_db(e, rc);
	if (id && !db_int(d, 0, "SELECT id FROM suppliers WHERE id = ? AND org_id = ?", "ii", id,
	                  org_id)) {
		db_rollback(d);
		return fail(e, CATALOG_ENOTFOUND, "supplier_not_found", NULL,
		            "공급처를 찾을 수 없습니다: #%lld", (long long)id);
	}
	if (has_name &&
	    db_int(d, 0, "SELECT id FROM suppliers WHERE org_id = ? AND name = ? AND id <> ?",
	           "iti", org_id, name, id)) {
		db_rollback(d);
		return fail(e, CATALOG_ECONFLICT, "duplicate_supplier", "name",
		            "이미 있는 공급처입니다: %s", name);
	}
	char now[32];
	util_utc_iso(util_now(), now);
	if (id == 0) {
		db_stmt *s = db_prepare(d, "INSERT INTO suppliers (org_id, name, lead_time_days,"
		                           " contact, memo, active, created_at, updated_at, phone,"
		                           " email, moq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		db_bind_int(s, 1, org_id);
		db_bind_text(s, 2, name);
		if (lead >= 0)
			db_bind_int(s, 3, lead);
		else
			db_bind_null(s, 3);
		db_bind_text(s, 4, contact);
		db_bind_text(s, 5, memo);
		db_bind_int(s, 6, active);
		db_bind_text(s, 7, now);
		db_bind_text(s, 8, now);
		db_bind_text(s, 9, phone);
		db_bind_text(s, 10, email);
		if (moq > 0)
			db_bind_int(s, 11, moq);
		else
			db_bind_null(s, 11);
		rc = db_step(s);
		db_finalize(s);
		rc = rc == DB_DONE ? DB_OK : rc;
		id = db_last_id(d);
	} else {
		rc = DB_OK;
		if (has_name)
			rc = db_exec(d, "UPDATE suppliers SET name = ? WHERE id = ?", "ti", name,
			             id);
		if (rc == DB_OK && has_lead && lead >= 0)
			rc = db_exec(d, "UPDATE suppliers SET lead_time_days = ? WHERE id = ?",
			             "ii", lead, id);
		else if (rc == DB_OK && has_lead)
			rc = db_exec(d, "UPDATE suppliers SET lead_time_days = NULL WHERE id = ?",
			             "i", id);
		if (rc == DB_OK && has_contact)
			rc = db_exec(d, "UPDATE suppliers SET contact = ? WHERE id = ?", "ti",
			             contact, id);
		if (rc == DB_OK && has_memo)
			rc = db_exec(d, "UPDATE suppliers SET memo = ? WHERE id = ?", "ti", memo,
			             id);
		if (rc == DB_OK && has_phone)
			rc = db_exec(d, "UPDATE suppliers SET phone = ? WHERE id = ?", "ti", phone,
			             id);
		if (rc == DB_OK && has_email)
			rc = db_exec(d, "UPDATE suppliers SET email = ? WHERE id = ?", "ti", email,
			             id);
		if (rc == DB_OK && has_moq && moq > 0)
			rc = db_exec(d, "UPDATE suppliers SET moq = ? WHERE id = ?", "ii", moq, id);
		else if (rc == DB_OK && has_moq)
			rc = db_exec(d, "UPDATE suppliers SET moq = NULL WHERE id = ?", "i", id);
		if (rc == DB_OK && has_active)
			rc = db_exec(d, "UPDATE suppliers SET active = ? WHERE id = ?", "ii",
			             (int64_t)active, id);
		if (rc == DB_OK)
			rc = db_exec(d, "UPDATE suppliers SET updated_at = ? WHERE id = ?", "ti",
			             now, id);
	}
	if (rc != DB_OK) {
		db_rollback(d);
		return rc == DB_CONSTRAINT ? fail(e, CATALOG_ECONFLICT, "duplicate_supplier",
		                                  "name", "이미 있는 공급처입니다: %s", name)
		                           : fail_db(e, rc);
	}
	rc = db_commit(d);
	if (rc != DB_OK)
		return fail_db(e, rc);
	*id_out = id;
	return CATALOG_OK;
}
