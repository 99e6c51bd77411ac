/* alert_message.c — alert texts, the webhook body and MIME e-mail (alert_message.h). */
#include "alert_message.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "buf.h"
#include "util.h"

/* A buffer of text that aborts on running out of memory, like xmalloc. */
static void put(struct buf *b, const char *s)
{
	if (buf_append(b, s, strlen(s)) != 0) {
		fprintf(stderr, "jaego: out of memory\n");
		abort();
	}
}

__attribute__((format(printf, 2, 3))) static void putf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fprintf(stderr, "jaego: out of memory\n");
		abort();
	}
	put(b, s);
	free(s);
}

static char *done(struct buf *b)
{
	put(b, ""); /* an empty buffer still gives a string */
	char *out = xstrndup(b->p ? b->p : "", b->len);
	buf_free(b);
	return out;
}

char *alert_subject_one(const struct alert_item *it)
{
	struct buf b = {0};
	putf(&b, "[%s] %s", alert_severity_label(it->severity), it->title);
	if (it->sku[0])
		putf(&b, " (%s)", it->sku);
	return done(&b);
}

char *alert_text_one(const struct alert_item *it)
{
	char *subject = alert_subject_one(it);
	struct buf b = {0};
	putf(&b, "%s\n%s", subject, it->message);
	free(subject);
	return done(&b);
}

char *alert_subject_digest(const char *kst_date, size_t n)
{
	struct buf b = {0};
	putf(&b, "재고 알림 요약 · %s · 열린 알림 %zu건", kst_date, n);
	return done(&b);
}

char *alert_text_digest(const char *kst_date, const struct alert_item *items, size_t n)
{
	char *subject = alert_subject_digest(kst_date, n);
	struct buf b = {0};
	put(&b, subject);
	free(subject);
	if (n == 0)
		put(&b, "\n열린 알림이 없습니다.");
	for (int k = 0; k < ALERT_NKINDS; k++) {
		size_t count = 0;
		for (size_t i = 0; i < n; i++)
			count += items[i].kind == k;
		if (!count)
			continue;
		putf(&b, "\n\n■ %s %zu건", alert_kind_label(k), count);
		for (size_t i = 0; i < n; i++)
			if (items[i].kind == k)
				putf(&b, "\n- [%s] %s (%s): %s",
				     alert_severity_label(items[i].severity), items[i].name,
				     items[i].sku, items[i].message);
	}
	return done(&b);
}

char *alert_text_test(const char *org_name)
{
	struct buf b = {0};
	putf(&b, "[jaego] 테스트 알림\n%s의 알림이 이곳으로 전달됩니다.", org_name ? org_name : "");
	return done(&b);
}

char *alert_webhook_body(const char *text)
{
	json_t *o = json_pack("{s:s}", "text", text ? text : "");
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!s) {
		fprintf(stderr, "jaego: out of memory\n");
		abort();
	}
	return s;
}

/* ------------------------------------------------------------------ MIME */

static void put_base64(struct buf *b, const unsigned char *in, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(cap);
	sodium_bin2base64(out, cap, in, n, sodium_base64_VARIANT_ORIGINAL);
	put(b, out);
	free(out);
}

static int is_ascii_plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* Bytes of the UTF-8 character that starts with lead byte c (1 for anything else). */
static size_t utf8_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

char *alert_mime_header_words(const char *text)
{
	if (is_ascii_plain(text))
		return xstrdup(text);
	/* 42 bytes of text are 56 of base64: a word is 68 characters, and "Subject: " with
	 * the first word stays within the 78 a line should keep to */
	enum { CHUNK = 42 };
	struct buf b = {0};
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text);
	size_t at = 0;
	while (at < len) {
		size_t take = 0;
		while (at + take < len) {
			size_t c = utf8_len(p[at + take]);
			if (take + c > CHUNK)
				break;
			take += c;
		}
		if (at + take > len)
			take = len - at;
		if (at > 0)
			put(&b, "\r\n ");
		put(&b, "=?UTF-8?B?");
		put_base64(&b, p + at, take);
		put(&b, "?=");
		at += take;
	}
	return done(&b);
}

static int header_safe(const char *s)
{
	return s && !strpbrk(s, "\r\n");
}

/* RFC 5322 date in UTC, with English names whatever the locale. */
static void put_date(struct buf *b, time_t t)
{
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	gmtime_r(&t, &tm);
	putf(b, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd[tm.tm_wday], tm.tm_mday, mo[tm.tm_mon],
	     tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The body with LF line ends made CRLF, then base64 in lines of 76 characters. */
static void put_body(struct buf *b, const char *body)
{
	struct buf crlf = {0};
	for (const char *p = body; *p; p++) {
		if (*p == '\n' && (p == body || p[-1] != '\r'))
			put(&crlf, "\r");
		if (buf_append(&crlf, p, 1) != 0)
			abort();
	}
	size_t n = crlf.len;
	const unsigned char *in = (const unsigned char *)(crlf.p ? crlf.p : "");
	for (size_t at = 0; at < n; at += 57) { /* 57 bytes are 76 characters of base64 */
		put_base64(b, in + at, n - at < 57 ? n - at : 57);
		put(b, "\r\n");
	}
	buf_free(&crlf);
}

char *alert_mime(const struct alert_mail *m)
{
	if (!header_safe(m->from) || !header_safe(m->message_id) || m->nto == 0)
		return NULL;
	for (size_t i = 0; i < m->nto; i++)
		if (!header_safe(m->to[i]))
			return NULL;
	struct buf b = {0};
	put(&b, "Date: ");
	put_date(&b, m->date);
	putf(&b, "\r\nFrom: jaego <%s>\r\nTo: ", m->from);
	for (size_t i = 0; i < m->nto; i++)
		putf(&b, "%s<%s>", i ? ",\r\n " : "", m->to[i]);
	char *subject = alert_mime_header_words(m->subject ? m->subject : "");
	putf(&b, "\r\nSubject: %s\r\n", subject);
	free(subject);
	const char *host = strchr(m->from, '@');
	putf(&b, "Message-ID: <%s@%s>\r\n", m->message_id, host ? host + 1 : "localhost");
	put(&b, "MIME-Version: 1.0\r\n"
	        "Content-Type: text/plain; charset=UTF-8\r\n"
	        "Content-Transfer-Encoding: base64\r\n"
	        "\r\n");
	put_body(&b, m->body ? m->body : "");
	return done(&b);
}
