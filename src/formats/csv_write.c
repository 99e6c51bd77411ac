/* csv_write.c — CSV field quoting, plain and with the spreadsheet formula guard (see
 * csv_write.h). */
#include "csv_write.h"

#include <string.h>

#include "util.h"

static char *quote(const char *s, int guard)
{
	s = s ? s : "";
	size_t n = strlen(s), quotes = 0;
	for (const char *p = s; *p; p++)
		quotes += *p == '"';
	char *out = xmalloc(n + quotes + (size_t)guard + 3), *o = out;
	*o++ = '"';
	if (guard)
		*o++ = '\'';
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			*o++ = '"';
		*o++ = *p;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

char *csv_field(const char *s)
{
	return quote(s, 0);
}

char *csv_field_guarded(const char *s)
{
	int guard =
	        s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
	return quote(s, guard);
}
