/* json_text.c — JSON as text, the way jansson's compact dump writes it (see json_text.h). */
#include "json_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jt_raw(struct buf *b, const char *s, size_t n)
{
	if (buf_append(b, s, n) != 0)
		abort(); /* out of memory, as xmalloc */
}

void jt_lit(struct buf *b, const char *s)
{
	jt_raw(b, s, strlen(s));
}

void jt_str(struct buf *b, const char *s)
{
	jt_raw(b, "\"", 1);
	const char *run = s ? s : "";
	for (const char *c = run; *c; c++) {
		unsigned char u = (unsigned char)*c;
		if (u >= 0x20 && u != '"' && u != '\\')
			continue;
		jt_raw(b, run, (size_t)(c - run));
		char esc[8];
		switch (u) {
		case '"':
			strcpy(esc, "\\\"");
			break;
		case '\\':
			strcpy(esc, "\\\\");
			break;
		case '\b':
			strcpy(esc, "\\b");
			break;
		case '\f':
			strcpy(esc, "\\f");
			break;
		case '\n':
			strcpy(esc, "\\n");
			break;
		case '\r':
			strcpy(esc, "\\r");
			break;
		case '\t':
			strcpy(esc, "\\t");
			break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", u);
			break;
		}
		jt_lit(b, esc);
		run = c + 1;
	}
	jt_lit(b, run);
	jt_raw(b, "\"", 1);
}

void jt_int(struct buf *b, int64_t v)
{
	char num[24], *e = num + sizeof num, *c = e;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		*--c = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--c = '-';
	jt_raw(b, c, (size_t)(e - c));
}

void jt_real(struct buf *b, double v)
{
	/* jansson: 17 significant digits, ".0" when the text would read as an integer, no '+'
	 * and no leading zeros in the exponent. */
	char num[40];
	int n = snprintf(num, sizeof num, "%.17g", v);
	if (n < 0 || (size_t)n >= sizeof num - 3)
		n = snprintf(num, sizeof num, "0.0");
	if (!strchr(num, '.') && !strchr(num, 'e')) {
		memcpy(num + n, ".0", 3);
		n += 2;
	}
	char *e = strchr(num, 'e');
	if (e) {
		char *start = e + 1, *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, strlen(end) + 1);
			n = (int)strlen(num);
		}
	}
	jt_raw(b, num, (size_t)n);
}

void jt_bool(struct buf *b, int v)
{
	jt_lit(b, v ? "true" : "false");
}
