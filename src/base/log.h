/* log.h — structured log lines on standard error: "ts=... level=... msg=... key=value". */
#ifndef JAEGO_LOG_H
#define JAEGO_LOG_H

#include <stddef.h>

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_set_quiet(int quiet); /* tests silence info lines */

/* A value from outside (URL path, method, login, client address, a library's message)
 * made safe for a log line: '"' and '\\' get a backslash; control characters (C0, DEL,
 * C1), U+2028/U+2029 and bytes that are not UTF-8 become \xHH. So no value can end the
 * line, forge a key=value or leave its quotes. Writes into out (size > 4 bytes), always
 * NUL-terminated, cut with "..." when it does not fit; returns out. Hangul stays as is. */
const char *log_escape(const char *s, char *out, size_t size);

#endif
