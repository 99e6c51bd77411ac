/* utf8.c — strict UTF-8 decoding, validation, counting and cutting (see utf8.h). */
#include "utf8.h"
#include <string.h>

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	/* The smallest code point each length may carry: anything below is overlong. */
	static const uint32_t min[4] = {0, 0x80, 0x800, 0x10000};
	if (len == 0)
		return 0;
	unsigned char c = s[0];
	size_t k;
	uint32_t v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		k = 1, v = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		k = 2, v = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		k = 3, v = c & 0x07;
	} else {
		return 0;
	}
	if (len <= k)
		return 0;
	for (size_t j = 1; j <= k; j++) {
		if (!is_cont(s[j]))
			return 0;
		v = v << 6 | (s[j] & 0x3F);
	}
	if (v < min[k] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return k + 1;
}

int utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

size_t utf8_count(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		n += !is_cont(*p);
	return n;
}

size_t utf8_floor(const char *s, size_t len)
{
	while (len > 0 && is_cont((unsigned char)s[len]))
		len--;
	return len;
}

void utf8_drop_partial(char *s)
{
	size_t n = strlen(s), i = n;
	while (i > 0 && is_cont((unsigned char)s[i - 1]))
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < need)
		s[i - 1] = 0;
}

size_t utf8_cut(const char *s, size_t max_chars)
{
	size_t i = 0, n = 0;
	for (; s && s[i]; i++) {
		if (!is_cont((unsigned char)s[i])) {
			if (n == max_chars)
				break;
			n++;
		}
	}
	return i;
}
