/* util.h — small helpers shared by the whole application: allocation that aborts on
 * failure (the server's error style: running out of memory is not a user error), string
 * helpers, and KST/UTC time. The forecasting engine does not use this file. */
#ifndef JAEGO_UTIL_H
#define JAEGO_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "date.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation: on failure these log one line and abort(). The caller frees with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh heap string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Bounded copy that always terminates dst; returns strlen(src). */
size_t util_strlcpy(char *dst, const char *src, size_t size);
int util_streq(const char *a, const char *b); /* NULL-safe equality */
int util_has_prefix(const char *s, const char *prefix);

/* Time. Instants are stored as UTC ISO-8601 text ("2025-01-28T03:15:00Z"); business dates
 * (the day a movement belongs to) are KST calendar dates ("2025-01-28"). */
int64_t util_now_ms(void);                 /* monotonic clock, for durations */
time_t util_now(void);                     /* wall clock, seconds since the epoch */
void util_utc_iso(time_t t, char out[32]); /* 2025-01-28T03:15:00Z */
/* The date helpers live in date.h; these names stay for the many callers that use them. */
static inline void util_kst_date(time_t t, char out[11])
{
	date_kst(t, out);
}
static inline int util_parse_date(const char *s, int *y, int *m, int *d)
{
	return date_parse(s, y, m, d);
}
static inline int64_t util_days_from_civil(int y, int m, int d)
{
	return date_days_from_civil(y, m, d);
}
static inline void util_civil_from_days(int64_t days, int *y, int *m, int *d)
{
	date_civil_from_days(days, y, m, d);
}

/* Lowercase hex of n bytes into out (2n+1 bytes). */
void util_hex(const unsigned char *in, size_t n, char *out);

/* NFC-normalised copy of a UTF-8 string (utf8proc), trimmed of surrounding whitespace.
 * Returns NULL when the input is not valid UTF-8. The caller frees the result. */
char *util_nfc(const char *s);

/* The one rule for text a person types or uploads (names, memos, lots, ...): valid UTF-8
 * in which every code point is a character XML 1.0 allows and no control character.
 * Spreadsheets are XML inside: one U+FFFE, U+FFFF or U+0001 stored in a name or memo makes
 * every .xlsx that shows it a file Excel calls damaged. Refused: U+0000-U+001F,
 * U+007F-U+009F, surrogates, U+FFFE and U+FFFF; TAB, LF and CR pass when multiline.
 * Returns 0 when s passes; otherwise -1 with a Korean sentence in msg that names the
 * character, e.g. "메모에 쓸 수 없는 문자(U+FFFF)가 있습니다. ..." (label may be NULL). */
#define UTIL_TEXT_LINE      0 /* one line: names, codes */
#define UTIL_TEXT_MULTILINE 1 /* memos: line breaks and tabs allowed */
int util_text_check(const char *s, int multiline, const char *label, char *msg, size_t msgsz);

/* For writers of XML (every .xlsx): a copy of s in which each code point XML 1.0 does not
 * allow, and each byte that is not UTF-8, is replaced by U+FFFD. Returns NULL when s is
 * already safe (the common case, nothing allocated); otherwise a malloc'd string the caller
 * frees. Text refused by util_text_check never reaches the store, but rows written before
 * that rule, and append-only rows such as the audit log, still do. */
char *util_xml_text(const char *s);

#endif
