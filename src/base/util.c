/* util.c — allocation, strings, time and Unicode helpers (see util.h). */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "log.h"
#include "utf8.h"

static void oom(size_t n)
{
	log_error("msg=\"out of memory\" bytes=%zu", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom(0);
	char *p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t util_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);
	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

int util_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

int util_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int64_t util_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

time_t util_now(void)
{
	return time(NULL);
}

void util_utc_iso(time_t t, char out[32])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void util_hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

char *util_nfc(const char *s)
{
	utf8proc_uint8_t *norm = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &norm,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return NULL;
	char *p = (char *)norm;
	size_t len = (size_t)n;
	size_t start = 0;
	/* Trim ASCII whitespace and the no-break / ideographic spaces spreadsheets leave. */
	for (;;) {
		if (start < len &&
		    (p[start] == ' ' || p[start] == '\t' || p[start] == '\r' || p[start] == '\n'))
			start++;
		else if (len - start >= 2 && (unsigned char)p[start] == 0xC2 &&
		         (unsigned char)p[start + 1] == 0xA0)
			start += 2;
		else if (len - start >= 3 && (unsigned char)p[start] == 0xE3 &&
		         (unsigned char)p[start + 1] == 0x80 && (unsigned char)p[start + 2] == 0x80)
			start += 3;
		else
			break;
	}
	for (;;) {
		if (len > start && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r' ||
		                    p[len - 1] == '\n'))
			len--;
		else if (len - start >= 2 && (unsigned char)p[len - 2] == 0xC2 &&
		         (unsigned char)p[len - 1] == 0xA0)
			len -= 2;
		else if (len - start >= 3 && (unsigned char)p[len - 3] == 0xE3 &&
		         (unsigned char)p[len - 2] == 0x80 && (unsigned char)p[len - 1] == 0x80)
			len -= 3;
		else
			break;
	}
	char *out = xstrndup(p + start, len - start);
	free(norm);
	return out;
}

/* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
static int xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

int util_text_check(const char *s, int multiline, const char *label, char *msg, size_t msgsz)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		uint32_t c = 0;
		size_t n = utf8_decode(p, strnlen((const char *)p, 4), &c);
		const char *what = NULL, *why = "";
		if (n == 0)
			what = "깨진 글자", why = ": UTF-8이 아님";
		else if (c == '\n' || c == '\r')
			what = multiline ? NULL : "줄바꿈 문자";
		else if (c == '\t')
			what = multiline ? NULL : "탭 문자";
		else if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
			what = "제어 문자";
		else if (!xml_char(c))
			what = "문자", why = ": 엑셀 파일에 저장할 수 없는 문자";
		if (what) {
			char code[16] = "";
			if (n)
				snprintf(code, sizeof code, "U+%04X", (unsigned)c);
			snprintf(msg, msgsz,
			         "%s%s쓸 수 없는 %s(%s%s)가 있습니다. 그 문자를 지우고 다시 입력해 "
			         "주세요.",
			         label ? label : "", label ? "에 " : "", what, code,
			         n ? why : why + 2);
			return -1;
		}
		p += n;
	}
	return 0;
}

char *util_xml_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t bad = 0, len = 0;
	while (p[len]) {
		uint32_t c = 0;
		size_t n = utf8_decode(p + len, strnlen((const char *)p + len, 4), &c);
		if (n == 0 || !xml_char(c)) {
			bad++;
			n = n ? n : 1;
		}
		len += n;
	}
	if (!bad)
		return NULL;
	/* U+FFFD takes 3 bytes; what it replaces takes at least 1. */
	char *out = xmalloc(len + 2 * bad + 1), *o = out;
	for (size_t i = 0; i < len;) {
		uint32_t c = 0;
		size_t n = utf8_decode(p + i, len - i, &c);
		if (n == 0 || !xml_char(c)) {
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			i += n ? n : 1;
		} else {
			memcpy(o, p + i, n);
			o += n;
			i += n;
		}
	}
	*o = '\0';
	return out;
}
