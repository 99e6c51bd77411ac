/* audit_text.c — Korean rendering of audit rows (see audit_text.h). A table of fields says
 * how each stored key reads (label and kind of value); a table of kinds says how each
 * kind of row is summarised. */
#include "audit_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "korean.h"
#include "util.h"

/* ------------------------------------------------------------------ text buffer */

struct tb {
	char *p;
	size_t n, cap;
};

static void tb_put(struct tb *b, const char *s)
{
	size_t k = strlen(s);
	if (b->n + k + 1 > b->cap) {
		b->cap = (b->n + k + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, k + 1);
	b->n += k;
}

static void tb_printf(struct tb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tb_printf(struct tb *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char small[256];
	int k = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	if ((size_t)k < sizeof small) {
		tb_put(b, small);
		return;
	}
	char *big = xmalloc((size_t)k + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)k + 1, fmt, ap);
	va_end(ap);
	tb_put(b, big);
	free(big);
}

/* The buffer's text; the buffer is left empty. The caller frees the result. */
static char *tb_take(struct tb *b)
{
	char *s = b->p ? b->p : xstrdup("");
	b->p = NULL;
	b->n = b->cap = 0;
	return s;
}

/* ------------------------------------------------------------------ words */

static const struct {
	const char *key, *label;
} kind_labels[] = {
        {"session.login", "로그인"},
        {"session.logout", "로그아웃"},
        {"session.login_failed", "로그인 실패"},
        {"session.locked", "로그인 잠김"},
        {"user.create", "회원 추가"},
        {"user.name", "이름 변경"},
        {"user.role", "권한 변경"},
        {"user.enable", "회원 활성화"},
        {"user.disable", "회원 비활성화"},
        {"user.password", "비밀번호 변경"},
        {"user.password_reset", "비밀번호 재설정"},
        {"movement.create", "입출고 기록"},
        {"movement.reverse", "입출고 되돌리기"},
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
        {"sales_history.upload", "판매 이력 업로드"},
        {"sales_history.apply", "판매 이력 반영"},
        {"sales_history.undo", "판매 이력 되돌리기"},
        {"org.update", "회사 설정 변경"},
        {"event.create", "행사 등록"},
        {"event.update", "행사 수정"},
        {"event.delete", "행사 삭제"},
        {"forecast_run.create", "수요 예측 실행"},
        {"purchase_order.create", "발주서 작성"},
        {"purchase_order.update", "발주서 수정"},
        {"purchase_order.order", "발주"},
        {"purchase_order.receive", "발주 입고"},
        {"purchase_order.cancel", "발주 취소"},
        {"purchase_order.close", "입고 마감"},
        {"forecast_override.create", "예측 수정"},
        {"forecast_override.revert", "예측 수정 되돌리기"},
        {"alert.ack", "알림 확인"},
        {"alert.snooze", "알림 다시 알림 설정"},
        {"alert_settings.update", "알림 설정 변경"},
};

const char *const audit_text_kinds[] = {"session.login",
                                        "session.logout",
                                        "session.login_failed",
                                        "session.locked",
                                        "user.create",
                                        "user.name",
                                        "user.role",
                                        "user.enable",
                                        "user.disable",
                                        "user.password",
                                        "user.password_reset",
                                        "movement.create",
                                        "movement.reverse",
                                        "product.create",
                                        "product.update",
                                        "product.delete",
                                        "product.deactivate",
                                        "product.import",
                                        "supplier.create",
                                        "supplier.update",
                                        "import.upload",
                                        "import.apply",
                                        "import.reverse",
                                        "sales_history.upload",
                                        "sales_history.apply",
                                        "sales_history.undo",
                                        "org.update",
                                        "event.create",
                                        "event.update",
                                        "event.delete",
                                        "forecast_run.create",
                                        "purchase_order.create",
                                        "purchase_order.update",
                                        "purchase_order.order",
                                        "purchase_order.receive",
                                        "purchase_order.cancel",
                                        "purchase_order.close",
                                        "forecast_override.create",
                                        "forecast_override.revert",
                                        "alert.ack",
                                        "alert.snooze",
                                        "alert_settings.update",
                                        NULL};

const char *audit_text_kind_label(const char *kind)
{
	for (size_t i = 0; kind && i < ARRAY_LEN(kind_labels); i++)
		if (strcmp(kind_labels[i].key, kind) == 0)
			return kind_labels[i].label;
	return kind ? kind : "";
}

/* A code and its Korean word, for the enumerations stored in audit rows. */
struct word {
	const char *code, *text;
};

static const struct word role_words[] = {{"master", "마스터"},
                                         {"manager", "매니저"},
                                         {"staff", "스태프"},
                                         {"viewer", "뷰어"},
                                         {NULL, NULL}};
static const struct word move_words[] = {{"inbound", "입고"},
                                         {"outbound", "출고"},
                                         {"adjust", "재고 실사 조정"},
                                         {"reversal", "되돌리기"},
                                         {NULL, NULL}};
static const struct word kind_words[] = {{"single", "단품"}, {"set", "세트"}, {NULL, NULL}};
static const struct word safety_words[] = {{"manual", "직접 입력"},
                                           {"auto", "자동 계산"}, /* the older safety_stock_mode */
                                           {"forecast_lead_time", "예측 × 리드타임"},
                                           {"service_level", "서비스 수준"},
                                           {NULL, NULL}};
static const struct word event_kind_words[] = {{"promotion", "프로모션"},
                                               {"live", "라이브 커머스"},
                                               {"channel_sale", "채널 행사"},
                                               {"shipping_stop", "자체 배송 중단"},
                                               {"other", "기타"},
                                               {NULL, NULL}};
static const struct word channel_words[] = {
        {"coupang", "쿠팡"}, {"smartstore", "스마트스토어"}, {"ownmall", "자사몰"}, {NULL, NULL}};
static const struct word status_words[] = {{"preview", "적용 대기"},
                                           {"applied", "적용됨"},
                                           {"reversed", "되돌림"},
                                           {"rejected", "오류로 보류"},
                                           {NULL, NULL}};
static const struct word reason_words[] = {{"wrong_password", "비밀번호가 틀림"},
                                           {"unknown_login", "없는 아이디"},
                                           {"disabled", "사용 중지된 회원"},
                                           {NULL, NULL}};
static const struct word source_words[] = {
        {"manual", "직접 입력"},  {"import", "엑셀 업로드"}, {"purchase_order", "발주 입고"},
        {"channel", "판매 채널"}, {"demo", "데모"},          {NULL, NULL}};

static const char *word_of(const struct word *w, const char *code)
{
	for (; code && w->code; w++)
		if (strcmp(w->code, code) == 0)
			return w->text;
	return code;
}

/* ------------------------------------------------------------------ values */

enum vfmt {
	V_TEXT,    /* as it is */
	V_COUNT,   /* 1,234개 */
	V_DAYS,    /* 120일 */
	V_WON,     /* 12,000원 */
	V_YESNO,   /* 예 / 아니오 */
	V_ACTIVE,  /* 사용 중 / 사용 안 함 */
	V_MEMBER,  /* a member: 사용 중 / 비활성 */
	V_ROLE,    /* 마스터 ... */
	V_KIND,    /* 단품 / 세트 */
	V_SAFETY,  /* 직접 입력 / 예측 × 리드타임 / 서비스 수준 */
	V_LEAD,    /* 30일; empty: the supplier's */
	V_COMPS,   /* A ×2, B ×1 */
	V_CODES,   /* 쿠팡 123, 스마트스토어 456 */
	V_EVKIND,  /* 프로모션 ... */
	V_CHANNEL, /* 쿠팡 ...; empty: every channel */
	V_HIDDEN   /* not shown: ids, timestamps, derived values */
};

/* How a stored key reads. entity NULL: any entity. The first match wins, so an entity's
 * own line comes before the general one. The order is the order changes are listed in. */
static const struct field {
	const char *entity, *key, *label;
	enum vfmt fmt;
} fields[] = {
        {"product", "sku", "SKU", V_TEXT},
        {"product", "name", "상품명", V_TEXT},
        {"supplier", "name", "공급처명", V_TEXT},
        {"event", "name", "행사명", V_TEXT},
        {"org", "name", "상점 이름", V_TEXT},
        {NULL, "name", "이름", V_TEXT},
        {NULL, "login", "아이디", V_TEXT},
        {NULL, "role", "권한", V_ROLE},
        {"product", "playauto_sku", "플레이오토 SKU", V_TEXT},
        {"product", "category", "카테고리", V_TEXT},
        {"product", "kind", "세트 유무", V_KIND},
        {"event", "kind", "종류", V_EVKIND},
        {"event", "date", "날짜", V_TEXT},
        {"event", "days_before", "행사 전 영향", V_DAYS},
        {"event", "days_after", "행사 후 영향", V_DAYS},
        {"event", "channel", "채널", V_CHANNEL},
        {"product", "lead_time_days", "리드타임", V_LEAD},
        {"supplier", "lead_time_days", "기본 리드타임", V_DAYS},
        {"product", "moq", "최소 주문 수량", V_COUNT},
        {"supplier", "moq", "기본 최소 주문 수량", V_COUNT},
        {NULL, "safety_stock", "안전재고", V_COUNT},
        {NULL, "safety_stock_mode", "안전재고 방식", V_SAFETY},
        {NULL, "safety_stock_rule", "안전재고 계산 방식", V_SAFETY},
        {NULL, "monthly_demand", "월 수요", V_COUNT},
        {NULL, "order_multiple", "발주 단위", V_COUNT},
        {"product", "service_level", "서비스 수준(%)", V_TEXT},
        {"org", "service_level", "기본 서비스 수준(%)", V_TEXT},
        {NULL, "order_alert_days", "발주 알림 (며칠 전)", V_DAYS},
        {NULL, "expiry_alert_days", "소비기한 알림 (며칠 전)", V_DAYS},
        {NULL, "review_days", "발주 주기", V_DAYS},
        {NULL, "forecast_hour", "야간 예측 시각", V_TEXT},
        {NULL, "supplier", "공급처", V_TEXT},
        {NULL, "manufacturer", "제조사", V_TEXT},
        {NULL, "unit_cost", "매입 단가", V_WON},
        {NULL, "barcode", "바코드", V_TEXT},
        {NULL, "has_expiry", "소비기한 관리", V_YESNO},
        {NULL, "components", "세트 구성품", V_COMPS},
        {NULL, "channel_codes", "채널 상품코드", V_CODES},
        {NULL, "contact", "담당자", V_TEXT},
        {NULL, "phone", "연락처", V_TEXT},
        {NULL, "email", "이메일", V_TEXT},
        {NULL, "allow_negative_stock", "마이너스 재고 허용", V_YESNO},
        {"user", "active", "상태", V_MEMBER},
        {NULL, "active", "사용 여부", V_ACTIVE},
        {NULL, "memo", "메모", V_TEXT},
        /* derived or bookkeeping values, the same before and after for the seller */
        {NULL, "id", NULL, V_HIDDEN},
        {NULL, "org_id", NULL, V_HIDDEN},
        {NULL, "created_at", NULL, V_HIDDEN},
        {NULL, "updated_at", NULL, V_HIDDEN},
        {NULL, "created_by", NULL, V_HIDDEN},
        {NULL, "supplier_id", NULL, V_HIDDEN},
        {NULL, "lead_time_source", NULL, V_HIDDEN},
        {NULL, "on_hand", NULL, V_HIDDEN},
        {NULL, "available", NULL, V_HIDDEN},
        {NULL, "in_sets", NULL, V_HIDDEN},
        {NULL, "product_count", NULL, V_HIDDEN},
        {NULL, "password", NULL, V_HIDDEN},
};

static const struct field *field_of(const char *entity, const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(fields); i++)
		if (strcmp(fields[i].key, key) == 0 &&
		    (!fields[i].entity || util_streq(fields[i].entity, entity)))
			return &fields[i];
	return NULL;
}

static int is_empty(json_t *v)
{
	return !v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)) ||
	       (json_is_array(v) && json_array_size(v) == 0) ||
	       (json_is_object(v) && json_object_size(v) == 0);
}

/* A value that says nothing on a new or removed record: empty, false or zero. */
static int is_blank(json_t *v)
{
	return is_empty(v) || json_is_false(v) ||
	       (json_is_integer(v) && json_integer_value(v) == 0);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void put_generic(struct tb *b, json_t *v);

static void put_generic_list(struct tb *b, json_t *v)
{
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
	{
		if (i)
			tb_put(b, ", ");
		put_generic(b, x);
	}
}

/* Any value in words: numbers with separators, yes/no, lists joined, objects as
 * "key value" pairs. Never JSON. */
static void put_generic(struct tb *b, json_t *v)
{
	if (is_empty(v)) {
		tb_put(b, "(없음)");
	} else if (json_is_string(v)) {
		tb_put(b, json_string_value(v));
	} else if (json_is_integer(v)) {
		tb_put(b, KNUM(json_integer_value(v)));
	} else if (json_is_real(v)) {
		tb_printf(b, "%g", json_real_value(v));
	} else if (json_is_boolean(v)) {
		tb_put(b, json_is_true(v) ? "예" : "아니오");
	} else if (json_is_array(v)) {
		put_generic_list(b, v);
	} else {
		/* Keys in sorted order, so that the text does not depend on how it was stored. */
		size_t n = 0;
		const char **keys = xcalloc(json_object_size(v) + 1, sizeof *keys);
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
		{
			keys[n++] = k;
		}
		qsort(keys, n, sizeof *keys, cmp_str);
		for (size_t i = 0; i < n; i++) {
			if (i)
				tb_put(b, ", ");
			tb_printf(b, "%s ", keys[i]);
			put_generic(b, json_object_get(v, keys[i]));
		}
		free(keys);
	}
}

static void put_value(struct tb *b, const struct field *f, json_t *v)
{
	enum vfmt fmt = f ? f->fmt : V_TEXT;
	if (fmt == V_LEAD && is_empty(v)) {
		tb_put(b, "공급처 기준");
		return;
	}
	if (fmt == V_CHANNEL && is_empty(v)) {
		tb_put(b, "전체 채널");
		return;
	}
	if (is_empty(v) && fmt != V_COMPS && fmt != V_CODES) {
		tb_put(b, "(없음)");
		return;
	}
	const char *s = json_string_value(v);
	switch (fmt) {
	case V_COUNT:
	case V_DAYS:
	case V_LEAD:
	case V_WON:
		if (!json_is_integer(v))
			break;
		tb_printf(b, "%s%s", KNUM(json_integer_value(v)),
		          fmt == V_COUNT ? "개"
		          : fmt == V_WON ? "원"
		                         : "일");
		return;
	case V_YESNO:
	case V_ACTIVE:
	case V_MEMBER:
		if (!json_is_boolean(v))
			break;
		tb_put(b, fmt == V_YESNO    ? (json_is_true(v) ? "예" : "아니오")
		          : fmt == V_ACTIVE ? (json_is_true(v) ? "사용 중" : "사용 안 함")
		                            : (json_is_true(v) ? "사용 중" : "비활성"));
		return;
	case V_ROLE:
	case V_KIND:
	case V_SAFETY:
	case V_EVKIND:
	case V_CHANNEL:
		if (!s)
			break;
		tb_put(b, word_of(fmt == V_ROLE     ? role_words
		                  : fmt == V_KIND   ? kind_words
		                  : fmt == V_SAFETY ? safety_words
		                  : fmt == V_EVKIND ? event_kind_words
		                                    : channel_words,
		                  s));
		return;
	case V_COMPS:
	case V_CODES: {
		if (is_empty(v)) {
			tb_put(b, "(없음)");
			return;
		}
		if (!json_is_array(v))
			break;
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			if (i)
				tb_put(b, ", ");
			if (fmt == V_COMPS)
				tb_printf(b, "%s ×%s",
				          json_string_value(json_object_get(x, "sku"))
				                  ? json_string_value(json_object_get(x, "sku"))
				                  : "?",
				          KNUM(json_integer_value(json_object_get(x, "qty"))));
			else
				tb_printf(b, "%s %s",
				          word_of(channel_words,
				                  json_string_value(json_object_get(x, "channel"))
				                          ? json_string_value(
				                                    json_object_get(x, "channel"))
				                          : "?"),
				          json_string_value(json_object_get(x, "code"))
				                  ? json_string_value(json_object_get(x, "code"))
				                  : "");
		}
		return;
	}
	default:
		break;
	}
	put_generic(b, v);
}

static json_t *value_text(const struct field *f, json_t *v)
{
	if (!v)
		return json_null();
	struct tb b = {0};
	put_value(&b, f, v);
	char *s = tb_take(&b);
	json_t *j = json_string(s);
	free(s);
	return j ? j : json_string("?");
}

/* ------------------------------------------------------------------ changes */

static void change_add(json_t *list, const char *key, const struct field *f, json_t *before,
                       json_t *after)
{
	json_array_append_new(list,
	                      json_pack("{s:s, s:s, s:o, s:o}", "field", key, "label",
	                                f && f->label ? f->label : key, "before",
	                                value_text(f, before), "after", value_text(f, after)));
}

/* One key of the diff: listed when it differs; on a record that is new (or removed) only
 * when it holds something. */
static void diff_key(json_t *list, const char *entity, const char *key, json_t *b, json_t *a,
                     int whole_before, int whole_after)
{
	const struct field *f = field_of(entity, key);
	if (f && f->fmt == V_HIDDEN)
		return;
	json_t *bv = json_object_get(b, key), *av = json_object_get(a, key);
	if (bv && av && json_equal(bv, av))
		return;
	if (!bv && !av)
		return;
	if ((!whole_before && !bv && is_blank(av)) || (!whole_after && !av && is_blank(bv)))
		return;
	change_add(list, key, f, bv, av);
}

/* The fields that differ between two objects: known fields in the table's order, then
 * the others by name. A missing side (creation, deletion) lists what the other holds. */
static json_t *diff(const char *entity, json_t *before, json_t *after)
{
	json_t *list = json_array();
	json_t *b = json_is_object(before) ? before : NULL,
	       *a = json_is_object(after) ? after : NULL;
	if (!b && !a)
		return list;
	int wb = b != NULL, wa = a != NULL;
	json_t *empty = json_object();
	if (!b)
		b = empty;
	if (!a)
		a = empty;
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		const struct field *f = &fields[i];
		if (f->entity && !util_streq(f->entity, entity))
			continue;
		if (field_of(entity, f->key) != f)
			continue; /* a more specific line covers this key */
		diff_key(list, entity, f->key, b, a, wb, wa);
	}
	/* Keys the table does not know, sorted so that the output is deterministic. */
	size_t n = 0, cap = json_object_size(b) + json_object_size(a);
	const char **keys = xcalloc(cap ? cap : 1, sizeof *keys);
	const char *k;
	json_t *v;
	json_object_foreach(b, k, v)
	{
		if (!field_of(entity, k))
			keys[n++] = k;
	}
	json_object_foreach(a, k, v)
	{
		if (!field_of(entity, k) && !json_object_get(b, k))
			keys[n++] = k;
	}
	qsort(keys, n, sizeof *keys, cmp_str);
	for (size_t i = 0; i < n; i++)
		diff_key(list, entity, keys[i], b, a, wb, wa);
	free(keys);
	json_decref(empty);
	return list;
}

/* "안전재고, 메모" — the labels of a change list, for a summary. */
static void put_labels(struct tb *b, json_t *changes)
{
	size_t i;
	json_t *c;
	json_array_foreach(changes, i, c)
	{
		if (i == 4) {
			tb_printf(b, " 외 %s개", KNUM(json_array_size(changes) - 4));
			return;
		}
		if (i)
			tb_put(b, ", ");
		tb_put(b, json_string_value(json_object_get(c, "label")));
	}
}

/* ------------------------------------------------------------------ summaries */

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static json_int_t num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* What a rendering is built from: the row, and the parts filled in by a summariser. */
struct render {
	const struct audit_text_row *row;
	struct tb target, summary;
	json_t *changes;
};

/* "2025-01-28 출고 5개" of one movement object; qty is signed in the store. */
static void put_movement(struct tb *b, json_t *m)
{
	const char *type = str(m, "type");
	json_int_t q = num(m, "qty");
	if (strcmp(type, "adjust") == 0)
		tb_printf(b, "재고 실사 조정 %s%s개", q > 0 ? "+" : "", KNUM(q));
	else
		tb_printf(b, "%s %s개", word_of(move_words, type), KNUM(q < 0 ? -q : q));
	if (*str(m, "date"))
		tb_printf(b, " (%s)", str(m, "date"));
}

static void movement_extras(json_t *changes, json_t *m)
{
	static const struct {
		const char *key, *label;
	} extras[] = {{"lot", "로트"}, {"expiry", "소비기한"}, {"memo", "메모"}};
	for (size_t i = 0; i < ARRAY_LEN(extras); i++) {
		json_t *v = json_object_get(m, extras[i].key);
		if (is_empty(v))
			continue;
		json_array_append_new(changes,
		                      json_pack("{s:s, s:s, s:n, s:O}", "field", extras[i].key,
		                                "label", extras[i].label, "before", "after", v));
	}
	if (json_is_true(json_object_get(m, "expiry_unknown")))
		json_array_append_new(changes,
		                      json_pack("{s:s, s:s, s:n, s:s}", "field", "expiry", "label",
		                                "소비기한", "before", "after", "모름"));
	const char *source = str(m, "source");
	if (*source && strcmp(source, "manual") != 0)
		json_array_append_new(changes, json_pack("{s:s, s:s, s:n, s:s}", "field", "source",
		                                         "label", "출처", "before", "after",
		                                         word_of(source_words, source)));
}

static void sum_movement_create(struct render *x)
{
	json_t *a = x->row->after;
	json_t *m = json_object_get(a, "movement"), *list = json_object_get(a, "movements");
	struct tb *s = &x->summary;
	const char *set = str(m, "set_sku");
	if (*set) {
		/* A set moves as its components: one row each. */
		tb_printf(s, "세트 %s %s: ", set, word_of(move_words, str(m, "type")));
		size_t i;
		json_t *c;
		json_array_foreach(list, i, c)
		{
			json_int_t q = num(c, "qty");
			tb_printf(s, "%s%s %s개", i ? ", " : "", str(c, "sku"),
			          KNUM(q < 0 ? -q : q));
		}
		if (*str(m, "date"))
			tb_printf(s, " (%s)", str(m, "date"));
		tb_printf(s, " · 처리 후 세트 재고 %s개", KNUM(num(a, "on_hand")));
	} else {
		put_movement(s, m);
		tb_printf(s, " · 처리 후 재고 %s개", KNUM(num(a, "on_hand")));
	}
	/* The rows of a set are its components': their names are not the set's. */
	if (*str(m, "name") && !*set)
		tb_printf(&x->target, " %s", str(m, "name"));
	movement_extras(x->changes, m);
}

static void sum_movement_reverse(struct render *x)
{
	json_t *orig = x->row->before, *a = x->row->after;
	struct tb *s = &x->summary;
	tb_printf(s, "#%s ", x->row->entity_id ? x->row->entity_id : "?");
	put_movement(s, orig);
	tb_printf(s, " 기록을 되돌렸습니다 · 처리 후 재고 %s개", KNUM(num(a, "on_hand")));
	if (*str(orig, "sku"))
		tb_printf(&x->target, " (%s%s%s)", str(orig, "sku"), *str(orig, "name") ? " " : "",
		          str(orig, "name"));
	json_t *m = json_object_get(a, "movement");
	if (!is_empty(json_object_get(m, "memo")))
		json_array_append_new(x->changes, json_pack("{s:s, s:s, s:n, s:O}", "field", "memo",
		                                            "label", "메모", "before", "after",
		                                            json_object_get(m, "memo")));
}

/* The name of what a create/update/delete row is about, from after or before. */
static const char *record_name(const struct audit_text_row *row)
{
	const char *n = str(row->after, "name");
	return *n ? n : str(row->before, "name");
}

static void sum_record(struct render *x, const char *verb)
{
	const struct audit_text_row *row = x->row;
	x->changes = diff(row->entity, row->before, row->after);
	const char *name = record_name(row);
	if (json_is_object(row->before) && json_is_object(row->after)) {
		if (json_array_size(x->changes) == 0) {
			tb_put(&x->summary, "바뀐 항목 없음");
		} else {
			put_labels(&x->summary, x->changes);
			tb_printf(&x->summary, " %s", verb);
		}
	} else {
		tb_printf(&x->summary, "%s%s %s", name, korean_josa(name, "을/를"), verb);
	}
}

static void sum_product(struct render *x)
{
	const char *kind = x->row->kind;
	const char *name = record_name(x->row);
	if (*name)
		tb_printf(&x->target, " %s", name);
	if (strcmp(kind, "product.create") == 0)
		sum_record(x, "등록했습니다");
	else if (strcmp(kind, "product.update") == 0)
		sum_record(x, "수정");
	else if (strcmp(kind, "product.delete") == 0)
		sum_record(x, "삭제했습니다");
	else {
		/* product.deactivate: the record stays; only its status changed. */
		x->changes = diff("product", x->row->before, x->row->after);
		tb_put(&x->summary, "입출고 내역이 있거나 세트에 쓰여 삭제 대신 사용 중지했습니다");
	}
}

static void sum_product_import(struct render *x)
{
	json_t *a = x->row->after;
	tb_printf(&x->summary, "새 상품 %s개, 수정한 상품 %s개", KNUM(num(a, "created")),
	          KNUM(num(a, "updated")));
}

static void sum_named(struct render *x)
{
	const char *kind = x->row->kind, *name = record_name(x->row);
	if (*name)
		tb_printf(&x->target, " %s", name);
	if (util_streq(x->row->entity, "event") && *str(x->row->after, "date"))
		tb_printf(&x->target, " (%s)", str(x->row->after, "date"));
	else if (util_streq(x->row->entity, "event") && *str(x->row->before, "date"))
		tb_printf(&x->target, " (%s)", str(x->row->before, "date"));
	const char *dot = strrchr(kind, '.');
	const char *verb = !dot                          ? "바꿨습니다"
	                   : strcmp(dot, ".create") == 0 ? "등록했습니다"
	                   : strcmp(dot, ".delete") == 0 ? "삭제했습니다"
	                                                 : "수정";
	sum_record(x, verb);
}

/* A figure of a correction: "1,200개", or the computed one when absent (null). */
static void put_override_qty(struct tb *b, json_t *v)
{
	if (json_is_number(v))
		tb_printf(b, "%s개", KNUM(llround(json_number_value(v))));
	else
		tb_put(b, "계산값");
}

/* 예측 수정: "다음 30일 합계 (…) 300개 → 450개, 사유: 행사"; a revert the other way. */
static void sum_override(struct render *x)
{
	int revert = util_streq(x->row->kind, "forecast_override.revert");
	json_t *o = revert ? x->row->before : x->row->after;
	if (*str(o, "target"))
		tb_printf(&x->target, " %s", str(o, "target"));
	put_override_qty(&x->summary, json_object_get(o, "old_qty"));
	if (revert) {
		tb_put(&x->summary, " 대신 ");
		put_override_qty(&x->summary, json_object_get(o, "qty"));
		tb_put(&x->summary, "이던 수정을 되돌림 → ");
		put_override_qty(&x->summary, json_object_get(x->row->after, "end_qty"));
		tb_printf(&x->summary, ", 사유: %s", str(x->row->after, "end_reason"));
		return;
	}
	tb_put(&x->summary, " → ");
	put_override_qty(&x->summary, json_object_get(o, "qty"));
	tb_printf(&x->summary, ", 사유: %s", str(o, "reason"));
}

static void sum_org(struct render *x)
{
	x->changes = diff("org", x->row->before, x->row->after);
	if (json_array_size(x->changes) == 0) {
		tb_put(&x->summary, "바뀐 항목 없음");
		return;
	}
	put_labels(&x->summary, x->changes);
	tb_put(&x->summary, " 변경");
}

/* user.name / user.role / user.enable / user.disable: one field, before → after. */
static void sum_user_field(struct render *x)
{
	x->changes = diff("user", x->row->before, x->row->after);
	json_t *c = json_array_get(x->changes, 0);
	if (strcmp(x->row->kind, "user.enable") == 0) {
		tb_put(&x->summary, "다시 로그인할 수 있게 했습니다");
	} else if (strcmp(x->row->kind, "user.disable") == 0) {
		tb_put(&x->summary, "로그인할 수 없게 했습니다 (로그인 중이던 기기도 종료)");
	} else if (c) {
		tb_printf(&x->summary, "%s: %s → %s", str(c, "label"), str(c, "before"),
		          str(c, "after"));
	}
}

static void sum_user_create(struct render *x)
{
	json_t *a = x->row->after;
	const char *name = str(a, "name"), *login = str(a, "login");
	const char *role = word_of(role_words, str(a, "role"));
	tb_printf(&x->summary, "아이디 %s, 권한 %s%s 추가했습니다", login, role,
	          korean_josa(role, "으로/로"));
	/* A member added from the command line is named by login in entity_id. */
	if (!x->row->target_name || !*x->row->target_name)
		tb_printf(&x->target, " %s", *name ? name : login);
}

static void sum_session(struct render *x)
{
	const char *kind = x->row->kind;
	json_t *a = x->row->after;
	struct tb *s = &x->summary;
	if (strcmp(kind, "session.login") == 0) {
		tb_put(s, "로그인했습니다");
	} else if (strcmp(kind, "session.logout") == 0) {
		tb_put(s, "로그아웃했습니다");
	} else if (strcmp(kind, "session.login_failed") == 0) {
		tb_printf(s, "아이디 %s: %s", str(a, "login"),
		          word_of(reason_words, str(a, "reason")));
	} else {
		json_int_t secs = num(a, "locked_seconds");
		tb_printf(s, "아이디 %s: 로그인에 %s번 실패해 ", str(a, "login"),
		          KNUM(num(a, "failures")));
		if (secs % 60 == 0)
			tb_printf(s, "%s분 동안 잠갔습니다", KNUM(secs / 60));
		else
			tb_printf(s, "%s초 동안 잠갔습니다", KNUM(secs));
	}
}

static void sum_user_password(struct render *x)
{
	if (strcmp(x->row->kind, "user.password") == 0)
		tb_put(&x->summary, "본인 비밀번호를 바꿨습니다 (다른 기기의 로그인은 종료)");
	else
		tb_put(&x->summary, "비밀번호를 재설정했습니다 (이 회원의 로그인은 모두 종료)");
}

static void put_batch_counts(struct tb *s, json_t *sum)
{
	tb_printf(s, "%s행 (정상 %s, 경고 %s, 오류 %s)", KNUM(num(sum, "rows")),
	          KNUM(num(sum, "valid")), KNUM(num(sum, "warnings")), KNUM(num(sum, "errors")));
}

static void sum_import(struct render *x)
{
	const char *kind = x->row->kind;
	json_t *a = x->row->after;
	const char *file = str(a, "file_name");
	if (*file)
		tb_printf(&x->target, " %s", file);
	struct tb *s = &x->summary;
	if (strcmp(kind, "import.upload") == 0) {
		put_batch_counts(s, json_object_get(a, "summary"));
		tb_printf(s, " · %s", word_of(status_words, str(a, "status")));
	} else if (strcmp(kind, "import.apply") == 0) {
		tb_printf(s, "입출고 %s건을 재고에 반영했습니다", KNUM(num(a, "movement_count")));
	} else {
		tb_printf(s, "입출고 %s건을 되돌렸습니다", KNUM(num(a, "reversed_movements")));
	}
}

static void sum_sales_history(struct render *x)
{
	const char *kind = x->row->kind;
	json_t *a = x->row->after;
	const char *file = str(a, "file_name");
	if (*file)
		tb_printf(&x->target, " %s", file);
	struct tb *s = &x->summary;
	if (strcmp(kind, "sales_history.upload") == 0) {
		put_batch_counts(s, json_object_get(a, "summary"));
	} else if (strcmp(kind, "sales_history.apply") == 0) {
		tb_printf(s, "판매 이력 %s행을 반영했습니다 (%s ~ %s", KNUM(num(a, "rows")),
		          str(a, "first_day"), str(a, "last_day"));
		if (num(a, "replaced_rows") > 0)
			tb_printf(s, ", 기존 이력 %s행 대체", KNUM(num(a, "replaced_rows")));
		tb_put(s, ")");
	} else {
		tb_printf(s, "판매 이력 %s행을 되돌렸습니다", KNUM(num(a, "rows")));
	}
}

/* Anything else: the fields that changed. */
static void sum_other(struct render *x)
{
	x->changes = diff(x->row->entity, x->row->before, x->row->after);
	put_labels(&x->summary, x->changes);
}

static const struct {
	const char *kind; /* exact, or a prefix ending in '.' */
	void (*fn)(struct render *x);
} summarisers[] = {
        {"session.", sum_session},
        {"user.create", sum_user_create},
        {"user.password", sum_user_password},
        {"user.password_reset", sum_user_password},
        {"user.", sum_user_field},
        {"movement.create", sum_movement_create},
        {"movement.reverse", sum_movement_reverse},
        {"product.import", sum_product_import},
        {"product.", sum_product},
        {"supplier.", sum_named},
        {"event.", sum_named},
        {"import.", sum_import},
        {"sales_history.", sum_sales_history},
        {"org.", sum_org},
        {"forecast_override.", sum_override},
};

/* ------------------------------------------------------------------ targets */

static void put_target(struct render *x)
{
	const struct audit_text_row *row = x->row;
	const char *e = row->entity ? row->entity : "", *id = row->entity_id;
	struct tb *t = &x->target;
	if (strcmp(e, "user") == 0) {
		tb_put(t, "회원");
		if (row->target_name && *row->target_name)
			tb_printf(t, " %s", row->target_name);
		else if (id && !util_streq(row->kind, "user.create"))
			tb_printf(t, " #%s", id);
	} else if (strcmp(e, "product") == 0) {
		tb_put(t, id ? "상품" : "상품표");
		if (id)
			tb_printf(t, " %s", id);
	} else if (strcmp(e, "movement") == 0) {
		tb_printf(t, "입출고 #%s", id ? id : "?");
	} else if (strcmp(e, "import_batch") == 0) {
		tb_printf(t, "업로드 #%s", id ? id : "?");
	} else if (strcmp(e, "sales_history_batch") == 0) {
		tb_printf(t, "판매 이력 #%s", id ? id : "?");
	} else if (strcmp(e, "supplier") == 0) {
		tb_put(t, "공급처");
	} else if (strcmp(e, "event") == 0) {
		tb_put(t, "행사");
	} else if (strcmp(e, "org") == 0) {
		tb_put(t, "회사 설정");
	} else if (strcmp(e, "purchase_order") == 0) {
		tb_printf(t, "발주 #%s", id ? id : "?");
	} else if (strcmp(e, "forecast_run") == 0) {
		tb_printf(t, "수요 예측 #%s", id ? id : "?");
	} else if (strcmp(e, "forecast_override") == 0) {
		tb_printf(t, "예측 수정 #%s", id ? id : "?");
	} else if (*e) {
		tb_printf(t, "%s%s%s", e, id ? " " : "", id ? id : "");
	}
}

json_t *audit_text_render(const struct audit_text_row *row)
{
	struct render x = {.row = row, .changes = NULL};
	const char *kind = row->kind ? row->kind : "";
	put_target(&x);
	void (*fn)(struct render *) = sum_other;
	for (size_t i = 0; i < ARRAY_LEN(summarisers); i++) {
		const char *k = summarisers[i].kind;
		size_t n = strlen(k);
		if (k[n - 1] == '.' ? strncmp(kind, k, n) == 0 : strcmp(kind, k) == 0) {
			fn = summarisers[i].fn;
			break;
		}
	}
	x.changes = json_array();
	json_t *own = x.changes;
	fn(&x);
	if (x.changes != own)
		json_decref(own); /* the summariser made its own list */
	char *target = tb_take(&x.target), *summary = tb_take(&x.summary);
	json_t *out = json_pack("{s:s, s:s, s:s, s:o}", "label", audit_text_kind_label(kind),
	                        "target", target, "summary", summary, "changes", x.changes);
	free(target);
	free(summary);
	return out;
}

char *audit_text_changes_lines(json_t *rendering)
{
	struct tb b = {0};
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(rendering, "changes"), i, c)
	{
		const char *label = str(c, "label");
		json_t *bv = json_object_get(c, "before"), *av = json_object_get(c, "after");
		if (i)
			tb_put(&b, "\n");
		if (json_is_string(bv) && json_is_string(av))
			tb_printf(&b, "%s: %s → %s", label, json_string_value(bv),
			          json_string_value(av));
		else if (json_is_string(av))
			tb_printf(&b, "%s: %s", label, json_string_value(av));
		else
			tb_printf(&b, "%s: %s (삭제)", label,
			          json_string_value(bv) ? json_string_value(bv) : "");
	}
	return tb_take(&b);
}
