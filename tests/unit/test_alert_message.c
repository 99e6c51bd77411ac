/* test_alert_message.c — alert messages (src/formats/alert_message.c): the Korean text of
 * one alert and of a digest, the webhook's JSON, and the MIME e-mail: UTF-8 subject as RFC
 * 2047 words cut between characters, base64 body lines of 76 characters, CRLF everywhere,
 * and header injection refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>
#include <sodium.h>

#include "alert_message.h"

static struct alert_item item(int kind, int severity, const char *sku, const char *name,
                              const char *message)
{
	struct alert_item it;
	memset(&it, 0, sizeof it);
	it.kind = kind;
	it.severity = severity;
	snprintf(it.sku, sizeof it.sku, "%s", sku);
	snprintf(it.name, sizeof it.name, "%s", name);
	snprintf(it.title, sizeof it.title, "%s · %s", alert_kind_label(kind), name);
	snprintf(it.message, sizeof it.message, "%s", message);
	return it;
}

static void one_alert_and_digest_texts(void **state)
{
	(void)state;
	struct alert_item a =
	        item(ALERT_ORDER, ALERT_CRITICAL, "PO-A", "스텐 냄비", "오늘 발주하세요");
	char *t = alert_text_one(&a);
	assert_string_equal(t, "[긴급] 발주 알림 · 스텐 냄비 (PO-A)\n오늘 발주하세요");
	free(t);
	struct alert_item items[3] = {
	        a, item(ALERT_EXPIRY, ALERT_INFO, "PO-B", "버터쿠키", "임박"),
	        item(ALERT_ORDER, ALERT_INFO, "PO-C", "도마", "3일 안에 발주하세요")};
	t = alert_text_digest("2025-01-28", items, 3);
	assert_non_null(strstr(t, "재고 알림 요약 · 2025-01-28 · 열린 알림 3건"));
	char *order = strstr(t, "■ 발주 알림 2건");
	char *expiry = strstr(t, "■ 소비기한 1건");
	assert_non_null(order);
	assert_non_null(expiry);
	assert_true(order < expiry); /* by kind, in kind order */
	assert_non_null(strstr(t, "- [참고] 도마 (PO-C): 3일 안에 발주하세요"));
	free(t);
	t = alert_text_digest("2025-01-28", NULL, 0);
	assert_non_null(strstr(t, "열린 알림이 없습니다."));
	free(t);
}

static void webhook_body_is_slack_json(void **state)
{
	(void)state;
	char *b = alert_webhook_body("첫 줄 \"따옴표\"\n둘째 줄");
	json_error_t e;
	json_t *j = json_loads(b, 0, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "text")),
	                    "첫 줄 \"따옴표\"\n둘째 줄");
	json_decref(j);
	free(b);
}

/* Decodes every "=?UTF-8?B?...?=" word of a (folded) header value back to its text. */
static void decode_words(const char *v, char *out, size_t size)
{
	size_t len = 0;
	const char *p = v;
	while ((p = strstr(p, "=?UTF-8?B?"))) {
		p += 10;
		const char *end = strstr(p, "?=");
		assert_non_null(end);
		assert_true(end - p + 12 <= 75); /* one encoded word, at most 75 characters */
		size_t n = 0;
		assert_int_equal(sodium_base642bin((unsigned char *)out + len, size - len - 1, p,
		                                   (size_t)(end - p), NULL, &n, NULL,
		                                   sodium_base64_VARIANT_ORIGINAL),
		                 0);
		len += n;
		p = end + 2;
	}
	out[len] = '\0';
}

static void mime_message_is_utf8_base64_with_crlf(void **state)
{
	(void)state;
	const char *to[] = {"boss@shop.example", "minji@shop.example"};
	const char *subject = "[긴급] 발주 알림 · 아주 긴 이름의 스텐 냄비 20cm 세트 (PO-A) — "
	                      "오늘 발주하세요";
	char body[2000] = "";
	for (int i = 0; i < 20; i++)
		strcat(body, "재고가 소진될 것으로 예상됩니다\n");
	struct alert_mail m = {.from = "jaego@shop.example",
	                       .to = to,
	                       .nto = 2,
	                       .subject = subject,
	                       .body = body,
	                       .date = 1735689600,
	                       .message_id = "alert-7.1"};
	char *msg = alert_mime(&m);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "Date: Wed, 01 Jan 2025 00:00:00 +0000\r\n"));
	assert_non_null(strstr(msg, "From: jaego <jaego@shop.example>\r\n"));
	assert_non_null(strstr(msg, "To: <boss@shop.example>,\r\n <minji@shop.example>\r\n"));
	assert_non_null(strstr(msg, "Message-ID: <alert-7.1@shop.example>\r\n"));
	assert_non_null(strstr(msg, "Content-Type: text/plain; charset=UTF-8\r\n"));
	assert_non_null(strstr(msg, "Content-Transfer-Encoding: base64\r\n\r\n"));
	/* every line ends in CRLF and none is longer than 78 characters */
	for (const char *p = msg; *p;) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_true(nl > p ? nl[-1] == '\r' : 0);
		assert_true(nl - p - 1 <= 78);
		p = nl + 1;
	}
	/* the subject decodes back to the text, cut only between characters */
	const char *sv = strstr(msg, "Subject: ") + 9;
	const char *se = strstr(sv, "\r\nMessage-ID");
	char *subj = strndup(sv, (size_t)(se - sv));
	char decoded[1024];
	decode_words(subj, decoded, sizeof decoded);
	assert_string_equal(decoded, subject);
	free(subj);
	/* the body decodes back, with CRLF line ends */
	const char *b64 = strstr(msg, "\r\n\r\n") + 4;
	unsigned char raw[4000];
	size_t n = 0;
	assert_int_equal(sodium_base642bin(raw, sizeof raw, b64, strlen(b64), "\r\n", &n, NULL,
	                                   sodium_base64_VARIANT_ORIGINAL),
	                 0);
	raw[n] = '\0';
	assert_int_equal(n, strlen(body) + 20);
	assert_non_null(strstr((char *)raw, "예상됩니다\r\n재고가"));
	free(msg);
}

static void mime_refuses_header_injection(void **state)
{
	(void)state;
	const char *bad[] = {"boss@shop.example\r\nBcc: x@evil.example"};
	struct alert_mail m = {.from = "jaego@shop.example",
	                       .to = bad,
	                       .nto = 1,
	                       .subject = "x",
	                       .body = "x",
	                       .message_id = "a"};
	assert_null(alert_mime(&m));
	const char *ok[] = {"boss@shop.example"};
	m.to = ok;
	m.from = "jaego@shop.example\nX: y";
	assert_null(alert_mime(&m));
	m.from = "jaego@shop.example";
	m.nto = 0;
	assert_null(alert_mime(&m));
	/* a plain ASCII subject is kept as it is; a line break in it cannot split a header */
	char *w = alert_mime_header_words("Test");
	assert_string_equal(w, "Test");
	free(w);
	w = alert_mime_header_words("a\r\nBcc: x");
	assert_null(strchr(w, '\n'));
	free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(one_alert_and_digest_texts),
	        cmocka_unit_test(webhook_body_is_slack_json),
	        cmocka_unit_test(mime_message_is_utf8_base64_with_crlf),
	        cmocka_unit_test(mime_refuses_header_injection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
