/* test_audit_text.c — the Korean rendering of every kind of audit row (audit_text.c), fed
 * with before/after values shaped as the handlers store them: label, target, summary and
 * the changed fields, and never raw JSON, English codes or internal keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit_text.h"

/* Fails when a text a seller reads looks like data: JSON punctuation, codes, keys. */
static void assert_readable(const char *what, const char *text)
{
	static const char *const raw[] = {"{",
	                                  "}",
	                                  "\"",
	                                  "[object",
	                                  "file_hash",
	                                  "rejected",
	                                  "preview",
	                                  "applied",
	                                  "import_batch",
	                                  "created_at",
	                                  "outbound",
	                                  "inbound",
	                                  "wrong_password",
	                                  "viewer",
	                                  "staff",
	                                  "true",
	                                  "false"};
	for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
		if (strstr(text, raw[i]))
			fail_msg("%s has '%s': %s", what, raw[i], text);
}

/* Renders one row from JSON text (NULL: absent) and checks every text of it. The result
 * is the caller's. */
static json_t *render(const char *kind, const char *entity, const char *entity_id,
                      const char *target_name, const char *before, const char *after)
{
	json_t *b = before ? json_loads(before, 0, NULL) : NULL;
	json_t *a = after ? json_loads(after, 0, NULL) : NULL;
	assert_true(!before || b);
	assert_true(!after || a);
	struct audit_text_row row = {kind, entity, entity_id, target_name, b, a};
	json_t *out = audit_text_render(&row);
	json_decref(b);
	json_decref(a);
	assert_non_null(out);
	assert_readable("summary", json_string_value(json_object_get(out, "summary")));
	assert_readable("target", json_string_value(json_object_get(out, "target")));
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(out, "changes"), i, c)
	{
		assert_readable("label", json_string_value(json_object_get(c, "label")));
		if (json_is_string(json_object_get(c, "before")))
			assert_readable("before", json_string_value(json_object_get(c, "before")));
		if (json_is_string(json_object_get(c, "after")))
			assert_readable("after", json_string_value(json_object_get(c, "after")));
	}
	return out;
}

static void expect(json_t *out, const char *label, const char *target, const char *summary)
{
	assert_string_equal(json_string_value(json_object_get(out, "label")), label);
	assert_string_equal(json_string_value(json_object_get(out, "target")), target);
	assert_string_equal(json_string_value(json_object_get(out, "summary")), summary);
}

/* The changes as the export writes them, one line each. */
static void expect_lines(json_t *out, const char *want)
{
	char *lines = audit_text_changes_lines(out);
	assert_string_equal(lines, want);
	free(lines);
}

static const char *const product_json =
        "{\"id\":7,\"sku\":\"KC-001\",\"playauto_sku\":\"\",\"name\":\"스텐 냄비\","
        "\"category\":\"주방\",\"kind\":\"single\",\"lead_time_days\":null,"
        "\"lead_time_source\":\"none\",\"moq\":1,\"safety_stock\":0,"
        "\"safety_stock_mode\":\"manual\",\"supplier_id\":null,\"supplier\":\"\","
        "\"unit_cost\":12000,\"barcode\":\"\",\"active\":true,\"has_expiry\":false,"
        "\"memo\":\"\",\"on_hand\":0,\"available\":0,\"created_at\":\"2025-01-28T03:00:00Z\","
        "\"updated_at\":\"2025-01-28T03:00:00Z\",\"components\":[],\"channel_codes\":"
        "[{\"channel\":\"coupang\",\"code\":\"C-1\"}],\"in_sets\":[]}";

/* ------------------------------------------------------------------ session.* */

static void session_login_and_logout(void **state)
{
	(void)state;
	json_t *o = render("session.login", "user", "3", "김직원", NULL, NULL);
	expect(o, "로그인", "회원 김직원", "로그인했습니다");
	assert_int_equal(json_array_size(json_object_get(o, "changes")), 0);
	json_decref(o);
	o = render("session.logout", "user", "3", "김직원", NULL, NULL);
	expect(o, "로그아웃", "회원 김직원", "로그아웃했습니다");
	json_decref(o);
}

static void session_login_failed(void **state)
{
	(void)state;
	json_t *o = render("session.login_failed", "user", "3", "김직원", NULL,
	                   "{\"login\":\"kim\",\"reason\":\"wrong_password\"}");
	expect(o, "로그인 실패", "회원 김직원", "아이디 kim: 비밀번호가 틀림");
	json_decref(o);
	/* An unknown login belongs to no member. */
	o = render("session.login_failed", "user", NULL, NULL, NULL,
	           "{\"login\":\"nobody\",\"reason\":\"unknown_login\"}");
	expect(o, "로그인 실패", "회원", "아이디 nobody: 없는 아이디");
	json_decref(o);
	o = render("session.login_failed", "user", "4", "퇴사자", NULL,
	           "{\"login\":\"gone\",\"reason\":\"disabled\"}");
	expect(o, "로그인 실패", "회원 퇴사자", "아이디 gone: 사용 중지된 회원");
	json_decref(o);
}

static void session_locked(void **state)
{
	(void)state;
	json_t *o = render("session.locked", "user", "3", "김직원", NULL,
	                   "{\"login\":\"kim\",\"failures\":5,\"locked_seconds\":900}");
	expect(o, "로그인 잠김", "회원 김직원",
	       "아이디 kim: 로그인에 5번 실패해 15분 동안 잠갔습니다");
	json_decref(o);
	o = render("session.locked", "user", "3", "김직원", NULL,
	           "{\"login\":\"kim\",\"failures\":5,\"locked_seconds\":45}");
	expect(o, "로그인 잠김", "회원 김직원",
	       "아이디 kim: 로그인에 5번 실패해 45초 동안 잠갔습니다");
	json_decref(o);
}

/* ------------------------------------------------------------------ user.* */

static void user_create(void **state)
{
	(void)state;
	json_t *o = render("user.create", "user", "5", "김직원", NULL,
	                   "{\"id\":5,\"login\":\"kim\",\"name\":\"김직원\",\"role\":\"staff\","
	                   "\"active\":true,\"created_at\":\"2025-01-28T03:00:00Z\"}");
	expect(o, "회원 추가", "회원 김직원", "아이디 kim, 권한 스태프로 추가했습니다");
	json_decref(o);
	/* `jaego user add` names the member by login and stores login and role only. */
	o = render("user.create", "user", "minji", NULL, NULL,
	           "{\"login\":\"minji\",\"role\":\"master\"}");
	expect(o, "회원 추가", "회원 minji", "아이디 minji, 권한 마스터로 추가했습니다");
	json_decref(o);
}

static void user_name_and_role(void **state)
{
	(void)state;
	json_t *o = render("user.name", "user", "5", "승진한 직원", "{\"name\":\"새 직원\"}",
	                   "{\"name\":\"승진한 직원\"}");
	expect(o, "이름 변경", "회원 승진한 직원", "이름: 새 직원 → 승진한 직원");
	expect_lines(o, "이름: 새 직원 → 승진한 직원");
	json_decref(o);
	o = render("user.role", "user", "5", "김직원", "{\"role\":\"viewer\"}",
	           "{\"role\":\"staff\"}");
	expect(o, "권한 변경", "회원 김직원", "권한: 뷰어 → 스태프");
	expect_lines(o, "권한: 뷰어 → 스태프");
	json_decref(o);
}

static void user_enable_and_disable(void **state)
{
	(void)state;
	json_t *o = render("user.disable", "user", "5", "김직원", "{\"active\":true}",
	                   "{\"active\":false}");
	expect(o, "회원 비활성화", "회원 김직원",
	       "로그인할 수 없게 했습니다 (로그인 중이던 기기도 종료)");
	expect_lines(o, "상태: 사용 중 → 비활성");
	json_decref(o);
	o = render("user.enable", "user", "5", "김직원", "{\"active\":false}", "{\"active\":true}");
	expect(o, "회원 활성화", "회원 김직원", "다시 로그인할 수 있게 했습니다");
	expect_lines(o, "상태: 비활성 → 사용 중");
	json_decref(o);
}

static void user_passwords(void **state)
{
	(void)state;
	json_t *o =
	        render("user.password", "user", "5", "김직원", NULL, "{\"password\":\"changed\"}");
	expect(o, "비밀번호 변경", "회원 김직원",
	       "본인 비밀번호를 바꿨습니다 (다른 기기의 로그인은 종료)");
	expect_lines(o, "");
	json_decref(o);
	o = render("user.password_reset", "user", "5", "김직원", NULL, "{\"password\":\"reset\"}");
	expect(o, "비밀번호 재설정", "회원 김직원",
	       "비밀번호를 재설정했습니다 (이 회원의 로그인은 모두 종료)");
	expect_lines(o, "");
	json_decref(o);
}

/* ------------------------------------------------------------------ movement.* */

static void movement_create(void **state)
{
	(void)state;
	json_t *o = render(
	        "movement.create", "product", "KC-001", NULL, NULL,
	        "{\"movement\":{\"id\":41,\"sku\":\"KC-001\",\"name\":\"스텐 냄비\","
	        "\"type\":\"outbound\",\"qty\":-5,\"date\":\"2025-01-28\",\"memo\":\"쿠팡 주문\","
	        "\"source\":\"manual\",\"lot\":null,\"expiry\":null,\"user\":{\"id\":3,\"name\":"
	        "\"김직원\"},\"created_at\":\"2025-01-28T03:00:00Z\",\"reverses\":null,"
	        "\"reversed_by\":null,\"set_sku\":null},\"movements\":[{\"id\":41}],"
	        "\"on_hand\":2718}");
	expect(o, "입출고 기록", "상품 KC-001 스텐 냄비",
	       "출고 5개 (2025-01-28) · 처리 후 재고 2,718개");
	expect_lines(o, "메모: 쿠팡 주문");
	json_decref(o);
	o = render("movement.create", "product", "KC-001", NULL, NULL,
	           "{\"movement\":{\"sku\":\"KC-001\",\"type\":\"inbound\",\"qty\":1200,"
	           "\"date\":\"2025-01-27\",\"lot\":\"L-7\",\"expiry\":\"2026-01-01\","
	           "\"memo\":null,\"source\":\"manual\"},\"movements\":[],\"on_hand\":3918}");
	expect(o, "입출고 기록", "상품 KC-001", "입고 1,200개 (2025-01-27) · 처리 후 재고 3,918개");
	expect_lines(o, "로트: L-7\n소비기한: 2026-01-01");
	json_decref(o);
	o = render("movement.create", "product", "KC-001", NULL, NULL,
	           "{\"movement\":{\"sku\":\"KC-001\",\"type\":\"adjust\",\"qty\":-3,"
	           "\"date\":\"2025-01-28\"},\"on_hand\":7}");
	expect(o, "입출고 기록", "상품 KC-001",
	       "재고 실사 조정 -3개 (2025-01-28) · 처리 후 재고 7개");
	json_decref(o);
}

static void movement_create_of_a_set(void **state)
{
	(void)state;
	json_t *o =
	        render("movement.create", "product", "SET-1", NULL, NULL,
	               "{\"movement\":{\"sku\":\"A-1\",\"name\":\"뚜껑\",\"type\":\"outbound\","
	               "\"qty\":-4,\"date\":\"2025-01-28\",\"set_sku\":\"SET-1\"},"
	               "\"movements\":[{\"sku\":\"A-1\",\"qty\":-4},{\"sku\":\"B-1\",\"qty\":-2}],"
	               "\"on_hand\":10}");
	expect(o, "입출고 기록", "상품 SET-1",
	       "세트 SET-1 출고: A-1 4개, B-1 2개 (2025-01-28) · 처리 후 세트 재고 10개");
	json_decref(o);
}

static void movement_reverse(void **state)
{
	(void)state;
	json_t *o =
	        render("movement.reverse", "movement", "41", NULL,
	               "{\"id\":41,\"sku\":\"KC-001\",\"name\":\"스텐 냄비\",\"type\":\"outbound\","
	               "\"qty\":-5,\"date\":\"2025-01-28\",\"source\":\"manual\"}",
	               "{\"movement\":{\"id\":42,\"type\":\"reversal\",\"qty\":5,"
	               "\"memo\":\"잘못 입력\",\"reverses\":41},\"movements\":[{\"id\":42}],"
	               "\"on_hand\":2723}");
	expect(o, "입출고 되돌리기", "입출고 #41 (KC-001 스텐 냄비)",
	       "#41 출고 5개 (2025-01-28) 기록을 되돌렸습니다 · 처리 후 재고 2,723개");
	expect_lines(o, "메모: 잘못 입력");
	json_decref(o);
}

/* ------------------------------------------------------------------ product.* */

static void product_create(void **state)
{
	(void)state;
	json_t *o = render("product.create", "product", "KC-001", NULL, NULL, product_json);
	expect(o, "상품 등록", "상품 KC-001 스텐 냄비", "스텐 냄비를 등록했습니다");
	/* A new product lists what was filled in; blanks, zeros and derived values are left
	 * out. */
	expect_lines(o, "SKU: KC-001\n상품명: 스텐 냄비\n카테고리: 주방\n세트 유무: 단품\n"
	                "최소 주문 수량: 1개\n안전재고 방식: 직접 입력\n매입 단가: 12,000원\n"
	                "채널 상품코드: 쿠팡 C-1\n사용 여부: 사용 중");
	json_decref(o);
}

static void product_update(void **state)
{
	(void)state;
	json_t *b = json_loads(product_json, 0, NULL);
	json_t *a = json_deep_copy(b);
	json_object_set_new(a, "safety_stock", json_integer(20));
	json_object_set_new(a, "memo", json_string("새 메모"));
	json_object_set_new(a, "lead_time_days", json_integer(120));
	json_object_set_new(a, "updated_at", json_string("2025-01-29T00:00:00Z"));
	json_object_set_new(a, "components",
	                    json_pack("[{s:s, s:i}, {s:s, s:i}]", "sku", "A-1", "qty", 2, "sku",
	                              "B-1", "qty", 1));
	char *bt = json_dumps(b, 0), *at = json_dumps(a, 0);
	json_t *o = render("product.update", "product", "KC-001", NULL, bt, at);
	expect(o, "상품 수정", "상품 KC-001 스텐 냄비",
	       "리드타임, 안전재고, 세트 구성품, 메모 수정");
	expect_lines(o, "리드타임: 공급처 기준 → 120일\n안전재고: 0개 → 20개\n"
	                "세트 구성품: (없음) → A-1 ×2, B-1 ×1\n메모: (없음) → 새 메모");
	json_decref(o);
	/* Nothing a seller changed: only the time stamp. */
	json_object_set_new(b, "updated_at", json_string("2025-01-30T00:00:00Z"));
	free(at);
	at = json_dumps(b, 0);
	o = render("product.update", "product", "KC-001", NULL, bt, at);
	expect(o, "상품 수정", "상품 KC-001 스텐 냄비", "바뀐 항목 없음");
	json_decref(o);
	free(bt);
	free(at);
	json_decref(a);
	json_decref(b);
}

static void product_delete_and_deactivate(void **state)
{
	(void)state;
	json_t *o = render("product.delete", "product", "KC-001", NULL, product_json, NULL);
	expect(o, "상품 삭제", "상품 KC-001 스텐 냄비", "스텐 냄비를 삭제했습니다");
	json_decref(o);
	json_t *a = json_loads(product_json, 0, NULL);
	json_object_set_new(a, "active", json_false());
	char *at = json_dumps(a, 0);
	o = render("product.deactivate", "product", "KC-001", NULL, product_json, at);
	expect(o, "상품 사용 중지", "상품 KC-001 스텐 냄비",
	       "입출고 내역이 있거나 세트에 쓰여 삭제 대신 사용 중지했습니다");
	expect_lines(o, "사용 여부: 사용 중 → 사용 안 함");
	json_decref(o);
	free(at);
	json_decref(a);
}

static void product_import(void **state)
{
	(void)state;
	json_t *o = render("product.import", "product", NULL, NULL, NULL,
	                   "{\"created\":3,\"updated\":1200}");
	expect(o, "상품표 일괄 등록", "상품표", "새 상품 3개, 수정한 상품 1,200개");
	json_decref(o);
}

/* ------------------------------------------------------------------ supplier.* */

static const char *const supplier_json =
        "{\"id\":2,\"name\":\"NPK\",\"lead_time_days\":90,\"contact\":\"왕 매니저\","
        "\"phone\":\"+86 20 1234 5678\",\"email\":\"\",\"moq\":100,\"memo\":\"\","
        "\"active\":true,\"product_count\":4,\"created_at\":\"2025-01-28T03:00:00Z\","
        "\"updated_at\":\"2025-01-28T03:00:00Z\"}";

static void supplier_create_and_update(void **state)
{
	(void)state;
	json_t *o = render("supplier.create", "supplier", "2", NULL, NULL, supplier_json);
	expect(o, "공급처 등록", "공급처 NPK", "NPK를 등록했습니다");
	expect_lines(o, "공급처명: NPK\n기본 리드타임: 90일\n기본 최소 주문 수량: 100개\n"
	                "담당자: 왕 매니저\n연락처: +86 20 1234 5678\n사용 여부: 사용 중");
	json_decref(o);
	json_t *a = json_loads(supplier_json, 0, NULL);
	json_object_set_new(a, "lead_time_days", json_integer(120));
	json_object_set_new(a, "product_count", json_integer(5));
	char *at = json_dumps(a, 0);
	o = render("supplier.update", "supplier", "2", NULL, supplier_json, at);
	expect(o, "공급처 수정", "공급처 NPK", "기본 리드타임 수정");
	expect_lines(o, "기본 리드타임: 90일 → 120일");
	json_decref(o);
	free(at);
	json_decref(a);
}

/* ------------------------------------------------------------------ import.* */

static void import_upload(void **state)
{
	(void)state;
	json_t *o = render("import.upload", "import_batch", "5", NULL, NULL,
	                   "{\"id\":5,\"file_name\":\"재고.xlsx\",\"file_hash\":\"9f86d08188\","
	                   "\"status\":\"rejected\",\"summary\":{\"rows\":1200,\"valid\":1197,"
	                   "\"warnings\":2,\"errors\":1}}");
	expect(o, "엑셀 업로드", "업로드 #5 재고.xlsx",
	       "1,200행 (정상 1,197, 경고 2, 오류 1) · 오류로 보류");
	const char *all = json_dumps(o, 0);
	assert_null(strstr(all, "9f86d08188")); /* the file's hash is not for sellers */
	free((void *)all);
	json_decref(o);
	o = render("import.upload", "import_batch", "6", NULL, NULL,
	           "{\"id\":6,\"file_name\":\"입고.csv\",\"file_hash\":\"ab\",\"status\":"
	           "\"preview\",\"summary\":{\"rows\":3,\"valid\":3,\"warnings\":0,\"errors\":0}}");
	expect(o, "엑셀 업로드", "업로드 #6 입고.csv", "3행 (정상 3, 경고 0, 오류 0) · 적용 대기");
	json_decref(o);
}

static void import_apply_and_reverse(void **state)
{
	(void)state;
	json_t *o = render("import.apply", "import_batch", "5", NULL, "{\"status\":\"preview\"}",
	                   "{\"id\":5,\"file_name\":\"재고.xlsx\",\"file_hash\":\"9f\",\"status\":"
	                   "\"applied\",\"movement_count\":1234,\"summary\":{\"rows\":1234}}");
	expect(o, "엑셀 적용", "업로드 #5 재고.xlsx", "입출고 1,234건을 재고에 반영했습니다");
	json_decref(o);
	o = render("import.reverse", "import_batch", "5", NULL, "{\"status\":\"applied\"}",
	           "{\"id\":5,\"file_name\":\"재고.xlsx\",\"status\":\"reversed\","
	           "\"reversed_movements\":12}");
	expect(o, "엑셀 되돌리기", "업로드 #5 재고.xlsx", "입출고 12건을 되돌렸습니다");
	json_decref(o);
}

/* ------------------------------------------------------------------ org.*, event.* */

static void org_update(void **state)
{
	(void)state;
	json_t *o = render("org.update", "org", "1", NULL,
	                   "{\"id\":1,\"name\":\"가게A\",\"allow_negative_stock\":false,"
	                   "\"created_at\":\"2025-01-01T00:00:00Z\"}",
	                   "{\"id\":1,\"name\":\"가게 에이\",\"allow_negative_stock\":true,"
	                   "\"created_at\":\"2025-01-01T00:00:00Z\"}");
	expect(o, "회사 설정 변경", "회사 설정", "상점 이름, 마이너스 재고 허용 변경");
	expect_lines(o, "상점 이름: 가게A → 가게 에이\n마이너스 재고 허용: 아니오 → 예");
	json_decref(o);
}

static const char *const event_json =
        "{\"id\":9,\"name\":\"11월 십일절\",\"date\":\"2025-11-11\",\"days_before\":3,"
        "\"days_after\":1,\"kind\":\"promotion\",\"channel\":\"coupang\",\"memo\":\"\","
        "\"created_by\":1,\"created_at\":\"2025-01-28T03:00:00Z\","
        "\"updated_at\":\"2025-01-28T03:00:00Z\"}";

static void event_create_update_delete(void **state)
{
	(void)state;
	json_t *o = render("event.create", "event", "9", NULL, NULL, event_json);
	expect(o, "행사 등록", "행사 11월 십일절 (2025-11-11)", "11월 십일절을 등록했습니다");
	expect_lines(o, "행사명: 11월 십일절\n종류: 프로모션\n날짜: 2025-11-11\n"
	                "행사 전 영향: 3일\n행사 후 영향: 1일\n채널: 쿠팡");
	json_decref(o);
	json_t *a = json_loads(event_json, 0, NULL);
	json_object_set_new(a, "channel", json_null());
	json_object_set_new(a, "kind", json_string("live"));
	char *at = json_dumps(a, 0);
	o = render("event.update", "event", "9", NULL, event_json, at);
	expect(o, "행사 수정", "행사 11월 십일절 (2025-11-11)", "종류, 채널 수정");
	expect_lines(o, "종류: 프로모션 → 라이브 커머스\n채널: 쿠팡 → 전체 채널");
	json_decref(o);
	free(at);
	json_decref(a);
	o = render("event.delete", "event", "9", NULL, event_json, NULL);
	expect(o, "행사 삭제", "행사 11월 십일절 (2025-11-11)", "11월 십일절을 삭제했습니다");
	json_decref(o);
}

/* ------------------------------------------------------------------ the whole list */

/* Every kind the application writes has a Korean label, and a kind nobody knows yet
 * still reads as words. */
static void every_kind_has_a_label(void **state)
{
	(void)state;
	size_t n = 0;
	for (const char *const *k = audit_text_kinds; *k; k++, n++) {
		const char *label = audit_text_kind_label(*k);
		if (strcmp(label, *k) == 0)
			fail_msg("no Korean label for %s", *k);
		json_t *o = render(*k, NULL, NULL, NULL, NULL, NULL); /* no values: no crash */
		json_decref(o);
	}
	assert_int_equal(n, 42);
	assert_string_equal(audit_text_kind_label("something.new"), "something.new");
}

/* Purchase orders and forecast runs name their number as the target. */
static void purchase_orders_and_forecast_runs_name_their_number(void **state)
{
	(void)state;
	static const char *const po_kinds[] = {"purchase_order.create", "purchase_order.update",
	                                       "purchase_order.order",  "purchase_order.receive",
	                                       "purchase_order.cancel", "purchase_order.close"};
	static const char *const labels[] = {"발주서 작성", "발주서 수정", "발주",
	                                     "발주 입고",   "발주 취소",   "입고 마감"};
	for (size_t i = 0; i < sizeof po_kinds / sizeof *po_kinds; i++) {
		json_t *o = render(po_kinds[i], "purchase_order", "12", NULL, NULL,
		                   "{\"status\":\"ordered\"}");
		assert_string_equal(json_string_value(json_object_get(o, "label")), labels[i]);
		assert_string_equal(json_string_value(json_object_get(o, "target")), "발주 #12");
		json_decref(o);
	}
	json_t *o = render("forecast_run.create", "forecast_run", "7", NULL, NULL, "{\"id\":7}");
	assert_string_equal(json_string_value(json_object_get(o, "label")), "수요 예측 실행");
	assert_string_equal(json_string_value(json_object_get(o, "target")), "수요 예측 #7");
	json_decref(o);
}

/* 예측 수정: the target names what was corrected; the summary old → new and the reason. */
static void forecast_overrides_say_what_changed_and_why(void **state)
{
	(void)state;
	json_t *o = render("forecast_override.create", "forecast_override", "5", NULL, NULL,
	                   "{\"target\":\"다음 30일 합계\",\"old_qty\":3000.0,\"qty\":4500.0,"
	                   "\"reason\":\"11월 행사\"}");
	assert_string_equal(json_string_value(json_object_get(o, "label")), "예측 수정");
	assert_string_equal(json_string_value(json_object_get(o, "target")),
	                    "예측 수정 #5 다음 30일 합계");
	assert_string_equal(json_string_value(json_object_get(o, "summary")),
	                    "3,000개 → 4,500개, 사유: 11월 행사");
	json_decref(o);
	o = render("forecast_override.create", "forecast_override", "6", NULL, NULL,
	           "{\"target\":\"추천 발주량\",\"old_qty\":null,\"qty\":0,\"reason\":\"단종\"}");
	assert_string_equal(json_string_value(json_object_get(o, "summary")),
	                    "계산값 → 0개, 사유: 단종");
	json_decref(o);
	o = render("forecast_override.revert", "forecast_override", "5", NULL,
	           "{\"target\":\"다음 30일 합계\",\"old_qty\":3000.0,\"qty\":4500.0}",
	           "{\"end_qty\":2900.0,\"end_reason\":\"행사 취소\"}");
	assert_string_equal(json_string_value(json_object_get(o, "label")), "예측 수정 되돌리기");
	assert_string_equal(json_string_value(json_object_get(o, "summary")),
	                    "3,000개 대신 4,500개이던 수정을 되돌림 → 2,900개, 사유: 행사 취소");
	json_decref(o);
}

static void unknown_kinds_and_values_read_as_words(void **state)
{
	(void)state;
	json_t *o = render("widget.spin", "widget", "3", NULL,
	                   "{\"speed\":1,\"tags\":[\"a\",\"b\"],\"updated_at\":\"x\"}",
	                   "{\"speed\":2000,\"tags\":[\"a\"],\"nested\":{\"x\":1,\"ok\":true}}");
	expect(o, "widget.spin", "widget 3", "nested, speed, tags");
	expect_lines(o, "nested: ok 예, x 1\nspeed: 1 → 2,000\ntags: a, b → a");
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(session_login_and_logout),
	        cmocka_unit_test(session_login_failed),
	        cmocka_unit_test(session_locked),
	        cmocka_unit_test(user_create),
	        cmocka_unit_test(user_name_and_role),
	        cmocka_unit_test(user_enable_and_disable),
	        cmocka_unit_test(user_passwords),
	        cmocka_unit_test(movement_create),
	        cmocka_unit_test(movement_create_of_a_set),
	        cmocka_unit_test(movement_reverse),
	        cmocka_unit_test(product_create),
	        cmocka_unit_test(product_update),
	        cmocka_unit_test(product_delete_and_deactivate),
	        cmocka_unit_test(product_import),
	        cmocka_unit_test(supplier_create_and_update),
	        cmocka_unit_test(import_upload),
	        cmocka_unit_test(import_apply_and_reverse),
	        cmocka_unit_test(org_update),
	        cmocka_unit_test(event_create_update_delete),
	        cmocka_unit_test(every_kind_has_a_label),
	        cmocka_unit_test(purchase_orders_and_forecast_runs_name_their_number),
	        cmocka_unit_test(forecast_overrides_say_what_changed_and_why),
	        cmocka_unit_test(unknown_kinds_and_values_read_as_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
