/* product_rules.c — the identifier rules of product_rules.h. */
#include "product_rules.h"

#include <string.h>

#include "text_limits.h"
#include "util.h"

int catalog_sku_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > LIMIT_SKU)
		return 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c <= 0x20 || *c == 0x7f || strchr("/?#%\\", *c))
			return 0;
	/* U+3000 (ideographic space) and U+00A0 (no-break space) count as whitespace too. */
	if (strstr(s, "\xe3\x80\x80") || strstr(s, "\xc2\xa0"))
		return 0;
	return 1;
}

static const char *const channel_names[] = {"playauto", "coupang", "smartstore", "ownmall"};

int catalog_channel_valid(const char *c)
{
	for (size_t i = 0; i < ARRAY_LEN(channel_names); i++)
		if (strcmp(c, channel_names[i]) == 0)
			return 1;
	return 0;
}
