/* catalog_json.c — products and suppliers as a member sends them: JSON fields read into
 * the plain structs of catalog.h, each checked with a Korean message. Every field error is
 * collected, so one 400 names all of them. */
#include "catalog_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "korean.h"
#include "planning.h"
#include "product_rules.h"
#include "util.h"

/* ------------------------------------------------------------------ field readers */

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
		catalog_err_field(e, key, "%s%s 글자로 입력해 주세요.", label,
		                  korean_josa(label, "은/는"));
		return -1;
	}
	char *n = util_nfc(json_string_value(v));
	if (!n) {
		catalog_err_field(e, key, "%s에 읽을 수 없는 글자가 있습니다 (UTF-8이 아님).",
		                  label);
		return -1;
	}
	if (ledger_text_chars(n) > max_chars || strlen(n) >= outsz) {
		catalog_err_field(e, key, "%s%s %s자 이하여야 합니다.", label,
		                  korean_josa(label, "은/는"), KNUM(max_chars));
		free(n);
		return -1;
	}
	char why[256];
	if (util_text_check(n, UTIL_TEXT_MULTILINE, label, why, sizeof why) != 0) {
		catalog_err_field(e, key, "%s", why);
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
		catalog_err_field(e, key, "%s", msg);
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
		catalog_err_field(e, key, "%s%s true 또는 false여야 합니다.", label,
		                  korean_josa(label, "은/는"));
		return -1;
	}
	*out = json_is_true(v);
	return 1;
}

/* ------------------------------------------------------------------ products */

static const char *const product_keys[] = {
        "sku",
        "playauto_sku",
        "name",
        "category",
        "manufacturer",
        "kind",
        "lead_time_days",
        "moq",
        "safety_stock",
        "safety_stock_rule",
        "supplier_id",
        "supplier",
        "unit_cost",
        "barcode",
        "active",
        "has_expiry",
        "memo",
        "components",
        "channel_codes",
        "monthly_demand",
        "order_multiple",
        "service_level",
        "safety_stock_mode" /* the older name of the rule: manual, auto */};
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
		catalog_err_field(e, "components", "%s",
		                  "구성 상품은 [{\"sku\",\"qty\"}] 목록이어야 합니다.");
		return;
	}
	if (json_array_size(v) > LEDGER_MAX_COMPONENTS) {
		catalog_err_field(e, "components", "세트의 구성 상품은 %d개까지입니다.",
		                  LEDGER_MAX_COMPONENTS);
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
			catalog_err_field(e, "components", "%zu번째 구성 상품의 SKU가 없습니다.",
			                  i + 1);
			return;
		}
		char *sku = util_nfc(json_string_value(js));
		if (!sku || !catalog_sku_valid(sku)) {
			catalog_err_field(e, "components",
			                  "구성 상품의 SKU가 올바르지 않습니다: %s",
			                  json_string_value(js));
			free(sku);
			return;
		}
		int64_t q = 1;
		if (jq && (!json_is_integer(jq) || json_integer_value(jq) < 1 ||
		           json_integer_value(jq) > 10000)) {
			catalog_err_field(e, "components",
			                  "구성 수량은 1 이상 10,000 이하의 정수여야 합니다 (%s).",
			                  sku);
			free(sku);
			return;
		}
		if (jq)
			q = json_integer_value(jq);
		for (size_t k = 0; k < p->ncomp; k++)
			if (strcmp(p->comp[k].sku, sku) == 0) {
				catalog_err_field(e, "components",
				                  "같은 구성 상품이 두 번 있습니다: %s", sku);
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
		catalog_err_field(e, "channel_codes", "%s",
		                  "채널 코드는 [{\"channel\",\"code\"}] 목록이어야 합니다.");
		return;
	}
	if (json_array_size(v) > CATALOG_MAX_CODES) {
		catalog_err_field(e, "channel_codes", "채널 코드는 %d개까지입니다.",
		                  CATALOG_MAX_CODES);
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
		if (!ch || !catalog_channel_valid(ch)) {
			catalog_err_field(e, "channel_codes", "%s",
			                  "채널은 playauto, coupang, smartstore, ownmall 중 "
			                  "하나여야 합니다.");
			return;
		}
		char *n = code ? util_nfc(code) : NULL;
		if (!n || !*n || strlen(n) > LIMIT_CHANNEL_CODE) {
			catalog_err_field(e, "channel_codes",
			                  "%s 채널 코드를 1~100자로 입력해 주세요.", ch);
			free(n);
			return;
		}
		for (size_t k = 0; k < p->ncodes; k++)
			if (strcmp(p->codes[k].channel, ch) == 0 &&
			    strcmp(p->codes[k].code, n) == 0) {
				catalog_err_field(e, "channel_codes",
				                  "같은 채널 코드가 두 번 있습니다: %s %s", ch, n);
				free(n);
				return;
			}
		util_strlcpy(p->codes[p->ncodes].channel, ch, sizeof p->codes[0].channel);
		util_strlcpy(p->codes[p->ncodes].code, n, sizeof p->codes[0].code);
		p->ncodes++;
		free(n);
	}
}

static void apply_unknown_keys(json_t *obj, struct catalog_err *e)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		if (!in_list(key, product_keys, ARRAY_LEN(product_keys)) &&
		    !in_list(key, product_readonly, ARRAY_LEN(product_readonly)))
			catalog_err_field(e, key, "알 수 없는 항목입니다: %s", key);
	}
}

/* sku and name: required for a new product, never blank. */
static void apply_identity(json_t *obj, int partial, struct catalog_product *p,
                           struct catalog_err *e)
{
	char buf[sizeof p->memo];
	int rc = get_text(obj, "sku", "SKU", LIMIT_SKU, buf, sizeof p->sku, e);
	if (rc == 1) {
		if (!buf[0])
			catalog_err_field(e, "sku", "%s", "마스터 SKU를 입력해 주세요.");
		else if (!catalog_sku_valid(buf))
			catalog_err_field(
			        e, "sku", "%s",
			        "SKU에는 공백과 / ? # % \\ 문자를 쓸 수 없습니다 (64바이트 이하).");
		else
			util_strlcpy(p->sku, buf, sizeof p->sku);
	} else if (rc == 0 && !partial) {
		catalog_err_field(e, "sku", "%s", "마스터 SKU를 입력해 주세요.");
	}
	rc = get_text(obj, "name", "상품명", LIMIT_PRODUCT_NAME, buf, sizeof p->name, e);
	if (rc == 1 && !buf[0])
		catalog_err_field(e, "name", "%s", "상품명을 입력해 주세요.");
	else if (rc == 1)
		util_strlcpy(p->name, buf, sizeof p->name);
	else if (rc == 0 && !partial)
		catalog_err_field(e, "name", "%s", "상품명을 입력해 주세요.");
}

/* The optional text fields: a field present replaces the value ("" or null clears it). */
static void apply_texts(json_t *obj, struct catalog_product *p, struct catalog_err *e)
{
	char buf[sizeof p->memo];
	if (get_text(obj, "playauto_sku", "플레이오토 SKU", LIMIT_SKU, buf, sizeof p->playauto_sku,
	             e) == 1)
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
}

/* kind: single or set, in English or Korean. */
static void apply_kind(json_t *obj, struct catalog_product *p, struct catalog_err *e)
{
	json_t *v = json_object_get(obj, "kind");
	if (v) {
		const char *k = json_string_value(v);
		if (k && (strcmp(k, "single") == 0 || strcmp(k, "단품") == 0))
			p->is_set = 0;
		else if (k && (strcmp(k, "set") == 0 || strcmp(k, "세트") == 0))
			p->is_set = 1;
		else
			catalog_err_field(e, "kind", "%s",
			                  "세트 유무는 single(단품) 또는 set(세트)여야 합니다.");
	}
}

/* safety_stock_rule (or its older form safety_stock_mode: manual, auto = forecast_lead_time)
 * and the two switches. */
static void apply_flags(json_t *obj, struct catalog_product *p, struct catalog_err *e)
{
	json_t *v = json_object_get(obj, "safety_stock_rule");
	if (v) {
		int rule = plan_ss_rule_parse(json_string_value(v));
		if (rule < 0)
			catalog_err_field(
			        e, "safety_stock_rule", "%s",
			        "안전재고 계산 방식은 manual(직접 입력), forecast_lead_time"
			        "(예측 × 리드타임) 또는 service_level(서비스 수준) 중 "
			        "하나여야 합니다.");
		else
			p->ss_rule = rule;
	} else if ((v = json_object_get(obj, "safety_stock_mode"))) {
		const char *m = json_string_value(v);
		if (m && strcmp(m, "manual") == 0)
			p->ss_rule = PLAN_SS_MANUAL;
		else if (m && strcmp(m, "auto") == 0)
			p->ss_rule = PLAN_SS_FORECAST_LEAD_TIME;
		else
			catalog_err_field(
			        e, "safety_stock_mode", "%s",
			        "안전재고 설정 방식은 manual(직접) 또는 auto(자동)여야 합니다.");
	}
	static const char *const planning[] = {"safety_stock_rule", "safety_stock_mode",
	                                       "lead_time_days",    "monthly_demand",
	                                       "supplier_id",       "supplier"};
	for (size_t i = 0; i < ARRAY_LEN(planning); i++)
		if (json_object_get(obj, planning[i]))
			p->planning_given = 1;
	get_bool(obj, "active", &p->active, "상태(active: 사용 중 여부)", e);
	get_bool(obj, "has_expiry", &p->has_expiry, "소비기한 관리(has_expiry)", e);
}

/* service_level: a percent 50..99.9 for the service_level rule; null = the organisation's. */
static void apply_service_level(json_t *obj, struct catalog_product *p, struct catalog_err *e)
{
	json_t *v = json_object_get(obj, "service_level");
	if (!v)
		return;
	if (json_is_null(v)) {
		p->service_level = 0;
		return;
	}
	double pct = json_number_value(v);
	if (!json_is_number(v) || !(pct >= 50.0 && pct <= 99.9))
		catalog_err_field(e, "service_level", "%s",
		                  "서비스 수준은 50% 이상 99.9% 이하의 숫자여야 합니다 (예: 95).");
	else
		p->service_level = round(pct * 10.0) / 10.0;
}

/* Lead time, MOQ, safety stock, monthly demand, order multiple and unit cost; null means "inherit" for the lead time and
 * zero for the others, except MOQ, which is never empty. */
static void apply_numbers(json_t *obj, struct catalog_product *p, struct catalog_err *e)
{
	int64_t n;
	int rc = get_int(obj, "lead_time_days", 0, CATALOG_LEAD_MAX, &n,
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
		catalog_err_field(e, "moq", "%s",
		                  "최소 주문 수량(MOQ)은 1 이상 1,000,000 이하의 정수여야 합니다.");
	rc = get_int(obj, "safety_stock", 0, CATALOG_SAFETY_MAX, &n,
	             "안전재고는 0 이상 100,000,000 이하의 정수여야 합니다.", e);
	if (rc == 1)
		p->safety_stock = n;
	else if (rc == 2)
		p->safety_stock = 0;
	rc = get_int(obj, "monthly_demand", 0, CATALOG_DEMAND_MAX, &n,
	             "월 수요(30일 출고량)는 0 이상 1,000,000,000 이하의 정수여야 합니다.", e);
	if (rc == 1)
		p->monthly_demand = n;
	else if (rc == 2)
		p->monthly_demand = -1;
	rc = get_int(obj, "order_multiple", 1, CATALOG_MULT_MAX, &n,
	             "발주 단위는 1 이상 1,000,000 이하의 정수여야 합니다 (1 = 낱개).", e);
	if (rc == 1)
		p->order_multiple = n;
	else if (rc == 2)
		p->order_multiple = -1;
	apply_service_level(obj, p, e);
	rc = get_int(obj, "unit_cost", 0, 1000000000000LL, &n,
	             "매입 단가는 0 이상의 정수(원)여야 합니다.", e);
	if (rc == 1)
		p->unit_cost = n;
	else if (rc == 2)
		p->unit_cost = 0;
}

/* Supplier by id, else by name; a name not yet known is kept for the save to create. */
static void apply_supplier(db *d, int64_t org_id, json_t *obj, struct catalog_product *p,
                           char *supplier_name_out, struct catalog_err *e)
{
	int64_t n;
	int rc = get_int(obj, "supplier_id", 1, INT64_MAX, &n, "공급처 번호가 올바르지 않습니다.",
	                 e);
	if (rc == 1) {
		if (!catalog_supplier_exists(d, org_id, n))
			catalog_err_field(e, "supplier_id", "공급처를 찾을 수 없습니다: #%lld",
			                  (long long)n);
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
			int64_t id = catalog_supplier_find(d, org_id, sname);
			if (id)
				p->supplier_id = id;
			else
				util_strlcpy(supplier_name_out, sname, CATALOG_SUPPLIER_NAME_SIZE);
		}
	}
}

int catalog_product_apply(db *d, int64_t org_id, json_t *obj, int partial,
                          struct catalog_product *p, char *supplier_name_out, struct catalog_err *e)
{
	memset(e, 0, sizeof *e);
	supplier_name_out[0] = 0;
	if (!json_is_object(obj))
		return catalog_err_fail(e, CATALOG_EINVAL, "bad_request", NULL, "%s",
		                        "요청 본문은 JSON 객체여야 합니다.");
	apply_unknown_keys(obj, e);
	apply_identity(obj, partial, p, e);
	apply_texts(obj, p, e);
	apply_kind(obj, p, e);
	apply_numbers(obj, p, e);
	apply_flags(obj, p, e);
	apply_supplier(d, org_id, obj, p, supplier_name_out, e);
	json_t *v = json_object_get(obj, "components");
	if (v)
		apply_components(v, p, e);
	v = json_object_get(obj, "channel_codes");
	if (v)
		apply_codes(v, p, e);
	if (!p->is_set && p->comps_given && p->ncomp > 0)
		catalog_err_field(e, "components", "%s",
		                  "단품에는 구성 상품을 둘 수 없습니다. 세트로 바꿔 주세요.");
	return e->code;
}

/* ------------------------------------------------------------------ suppliers */

static const char *const supplier_keys[] = {"name", "lead_time_days", "contact", "phone", "email",
                                            "moq",  "memo",           "active"};
static const char *const supplier_readonly[] = {"id", "product_count", "created_at", "updated_at"};

/* 담당자 is the person in charge: a phone number or e-mail typed there belongs in its own
 * field (the list showed them under 담당자 while 연락처 stayed empty). */
static void check_contact_person(const char *contact, struct catalog_err *e)
{
	struct contact_parts parts;
	contact_split(contact, &parts);
	if (parts.phone[0] || parts.email[0])
		catalog_err_field(e, "contact",
		                  "담당자에는 이름만 적어 주세요. %s%s%s 칸에 따로 입력해 주세요.",
		                  parts.phone[0] ? "전화번호는 '연락처'" : "",
		                  parts.phone[0] && parts.email[0] ? ", " : "",
		                  parts.email[0] ? "이메일은 '이메일'" : "");
}

/* Name (required for a new supplier), lead time and MOQ (null clears them). */
static void supplier_main_fields(json_t *obj, int64_t id, struct catalog_supplier_in *in,
                                 struct catalog_err *e)
{
	int rc = get_text(obj, "name", "공급처 이름", LIMIT_SUPPLIER_NAME, in->name,
	                  sizeof in->name, e);
	if (rc == 1 && !in->name[0])
		catalog_err_field(e, "name", "%s", "공급처 이름을 입력해 주세요.");
	else if (rc == 0 && id == 0)
		catalog_err_field(e, "name", "%s", "공급처 이름을 입력해 주세요.");
	in->has_name = rc == 1;
	rc = get_int(obj, "lead_time_days", 0, CATALOG_LEAD_MAX, &in->lead_time_days,
	             "리드타임은 0일부터 730일 사이의 정수여야 합니다.", e);
	in->has_lead = rc == 1 || rc == 2;
	if (rc == 2)
		in->lead_time_days = -1;
}

/* 담당자, 연락처 and 이메일, each only what belongs there. */
static void supplier_contact_fields(json_t *obj, struct catalog_supplier_in *in,
                                    struct catalog_err *e)
{
	in->has_contact = get_text(obj, "contact", "담당자", LIMIT_SUPPLIER_CONTACT, in->contact,
	                           sizeof in->contact, e) == 1;
	in->has_phone = get_text(obj, "phone", "연락처", LIMIT_SUPPLIER_PHONE, in->phone,
	                         sizeof in->phone, e) == 1;
	in->has_email = get_text(obj, "email", "이메일", LIMIT_SUPPLIER_EMAIL, in->email,
	                         sizeof in->email, e) == 1;
	if (in->has_contact && in->contact[0])
		check_contact_person(in->contact, e);
	if (in->has_phone && strchr(in->phone, '@'))
		catalog_err_field(
		        e, "phone", "%s",
		        "연락처에는 전화번호만 적어 주세요. 이메일은 '이메일' 칸에 입력해 주세요.");
	if (in->has_email && in->email[0] && (!strchr(in->email, '@') || strchr(in->email, ' ')))
		catalog_err_field(e, "email", "%s", "이메일 형식이 아닙니다.");
}

int catalog_supplier_apply(json_t *obj, int64_t id, struct catalog_supplier_in *in,
                           struct catalog_err *e)
{
	memset(e, 0, sizeof *e);
	memset(in, 0, sizeof *in);
	in->lead_time_days = -1;
	in->moq = -1;
	in->active = 1;
	if (!json_is_object(obj))
		return catalog_err_fail(e, CATALOG_EINVAL, "bad_request", NULL, "%s",
		                        "요청 본문은 JSON 객체여야 합니다.");
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		if (!in_list(key, supplier_keys, ARRAY_LEN(supplier_keys)) &&
		    !in_list(key, supplier_readonly, ARRAY_LEN(supplier_readonly)))
			catalog_err_field(e, key, "알 수 없는 항목입니다: %s", key);
	}
	supplier_main_fields(obj, id, in, e);
	supplier_contact_fields(obj, in, e);
	int rc = get_int(obj, "moq", 1, CATALOG_MOQ_MAX, &in->moq,
	                 "최소 주문 수량(MOQ)은 1 이상 1,000,000 이하의 정수여야 합니다.", e);
	in->has_moq = rc == 1 || rc == 2;
	if (rc == 2)
		in->moq = -1;
	in->has_memo = get_text(obj, "memo", "메모", LIMIT_MEMO, in->memo, sizeof in->memo, e) == 1;
	in->has_active = get_bool(obj, "active", &in->active, "사용 여부", e) == 1;
	return e->code;
}

int catalog_supplier_save_json(db *d, int64_t org_id, int64_t id, json_t *obj, int64_t *id_out,
                               struct catalog_err *e)
{
	struct catalog_supplier_in *in = xmalloc(sizeof *in);
	int rc = catalog_supplier_apply(obj, id, in, e);
	if (rc == CATALOG_OK)
		rc = catalog_supplier_save(d, org_id, id, in, id_out, e);
	free(in);
	return rc;
}
