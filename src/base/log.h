/* log.h — structured log lines on standard error: "ts=... level=... msg=... key=value". */
#ifndef JAEGO_LOG_H
#define JAEGO_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_set_quiet(int quiet); /* tests silence info lines */

#endif
