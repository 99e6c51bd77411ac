/* alert_message.h — the words and the wire formats of alert messages: the Korean text of
 * one alert and of a daily digest, the Slack-compatible webhook body ({"text": ...}), and
 * an e-mail as MIME (UTF-8, the subject as RFC 2047 encoded words, the body base64) with
 * CRLF line ends, ready for SMTP's DATA. Pure builders over plain structs; sending is
 * jobs/alert_delivery.c. Strings returned are malloc'd; the caller frees them. */
#ifndef JAEGO_ALERT_MESSAGE_H
#define JAEGO_ALERT_MESSAGE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "alert_rules.h"

/* One alert as a message shows it. */
struct alert_item {
	int64_t id;
	int kind, severity;
	char sku[72];
	char name[ALERT_TITLE_MAX];
	char title[ALERT_TITLE_MAX];
	char message[ALERT_TEXT_MAX];
	int64_t qty, value;
	char day[11]; /* "" when none */
};

/* "[긴급] 발주 알림 · 스텐 냄비 20cm (PO-A)" */
char *alert_subject_one(const struct alert_item *it);
/* The subject line, then the sentence. */
char *alert_text_one(const struct alert_item *it);
/* "재고 알림 요약 · 2025-01-28 · 열린 알림 3건" */
char *alert_subject_digest(const char *kst_date, size_t n);
/* The subject, then per kind a heading with its count and one line per alert. With no
 * alert: a line saying there is none. */
char *alert_text_digest(const char *kst_date, const struct alert_item *items, size_t n);
/* A test message's subject and text. */
char *alert_text_test(const char *org_name);

/* {"text": text}: what Slack's incoming webhooks and the many services copying them take. */
char *alert_webhook_body(const char *text);

struct alert_mail {
	const char *from;
	const char *const *to;
	size_t nto;
	const char *subject;
	const char *body;
	time_t date;
	const char *message_id; /* the part before '@' of Message-ID */
};
/* The whole message: headers (Date, From, To, Subject, Message-ID, MIME-Version,
 * Content-Type text/plain; charset=UTF-8, Content-Transfer-Encoding base64), a blank line
 * and the body in base64 lines of 76 characters, every line ending in CRLF. NULL when an
 * address or the message id would break a header (a CR or LF in it). */
char *alert_mime(const struct alert_mail *m);
/* RFC 2047: a header value as "=?UTF-8?B?...?=" words of at most 75 characters, folded
 * with CRLF + space, cut only between UTF-8 characters; plain ASCII text is kept as it is. */
char *alert_mime_header_words(const char *text);

#endif
