/* log.c — one structured line per event on standard error. Lines are written with a single
 * write so that lines from worker threads never interleave. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int quiet;

void log_set_quiet(int q)
{
	quiet = q;
}

static void emit(const char *level, const char *fmt, va_list ap)
{
	char line[4096];
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	int n = snprintf(line, sizeof line, "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ level=%s ",
	                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	                 tm.tm_sec, ts.tv_nsec / 1000000, level);
	if (n < 0)
		return;
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	if (m < 0)
		return;
	size_t len = (size_t)n + (size_t)m;
	if (len > sizeof line - 2)
		len = sizeof line - 2;
	/* Values are escaped by the callers (log_escape); this only guarantees one line per
	 * event should one slip through. */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7F)
			line[i] = '?';
	line[len++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, len);
	(void)w;
}

/* Length of the UTF-8 sequence at p that may pass into a log line unchanged: 1 for
 * printable ASCII, 2-4 for a well-formed sequence that is not a C1 control nor a line or
 * paragraph separator; 0 when the byte at p must be escaped. */
static size_t safe_run(const unsigned char *p)
{
	unsigned char c = p[0];
	if (c >= 0x20 && c < 0x7F)
		return 1;
	size_t n = c >= 0xC2 && c <= 0xDF   ? 2
	           : c >= 0xE0 && c <= 0xEF ? 3
	           : c >= 0xF0 && c <= 0xF4 ? 4
	                                    : 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	if (n == 2 && c == 0xC2 && p[1] < 0xA0)
		return 0; /* U+0080-U+009F */
	if (n == 3 && c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
		return 0; /* U+2028, U+2029 */
	return n;
}

const char *log_escape(const char *s, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t o = 0;
	while (*p) {
		char tmp[4];
		const char *piece = tmp;
		size_t n = safe_run(p), len;
		if (n == 1 && (*p == '"' || *p == '\\')) {
			tmp[0] = '\\';
			tmp[1] = (char)*p;
			len = 2;
		} else if (n) {
			piece = (const char *)p;
			len = n;
		} else {
			tmp[0] = '\\';
			tmp[1] = 'x';
			tmp[2] = hex[*p >> 4];
			tmp[3] = hex[*p & 15];
			len = 4;
			n = 1;
		}
		if (o + len + 4 > size) { /* room for "..." and the NUL */
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(out + o, piece, len);
		o += len;
		p += n;
	}
	out[o] = '\0';
	return out;
}

#define LOG_FN(name, level, skip)                                                                  \
	void name(const char *fmt, ...)                                                            \
	{                                                                                          \
		if (skip)                                                                          \
			return;                                                                    \
		va_list ap;                                                                        \
		va_start(ap, fmt);                                                                 \
		emit(level, fmt, ap);                                                              \
		va_end(ap);                                                                        \
	}

LOG_FN(log_info, "info", quiet)
LOG_FN(log_warn, "warn", 0)
LOG_FN(log_error, "error", 0)
