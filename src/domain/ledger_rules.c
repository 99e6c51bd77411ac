/* ledger_rules.c — the ledger's pure rules (see ledger_rules.h). */
#include "ledger_rules.h"

#include <string.h>

#include "utf8.h"
#include "util.h"

int64_t ledger_set_available(const struct ledger_comp *c, size_t n)
{
	if (n == 0)
		return 0;
	int64_t best = INT64_MAX;
	for (size_t i = 0; i < n; i++) {
		if (c[i].qty <= 0)
			return 0;
		int64_t v = c[i].on_hand <= 0 ? 0 : c[i].on_hand / c[i].qty; /* floor for >= 0 */
		if (v < best)
			best = v;
	}
	return best;
}

int ledger_explode(const struct ledger_comp *c, size_t n, int64_t qty, int64_t *out)
{
	for (size_t i = 0; i < n; i++) {
		if (c[i].qty <= 0 || qty < 0 || qty > LEDGER_MAX_QTY / c[i].qty)
			return -1;
		out[i] = qty * c[i].qty;
	}
	return 0;
}

int ledger_change_allowed(int64_t on_hand, int64_t delta, int allow_negative)
{
	if (delta >= 0 || allow_negative)
		return 1;
	return on_hand + delta >= 0;
}

size_t ledger_text_chars(const char *s)
{
	return utf8_count(s);
}

size_t ledger_text_cut(const char *s, size_t max_chars)
{
	return utf8_cut(s, max_chars);
}

static const char *const type_names[] = {"inbound", "outbound", "adjust", "reversal"};

const char *ledger_type_name(int type)
{
	if (type < 0 || type >= (int)ARRAY_LEN(type_names))
		return "unknown";
	return type_names[type];
}

int ledger_type_parse(const char *s)
{
	for (size_t i = 0; s && i < ARRAY_LEN(type_names); i++)
		if (strcmp(s, type_names[i]) == 0)
			return (int)i;
	return -1;
}

int ledger_source_valid(const char *s)
{
	static const char *const ok[] = {"manual", "import", "purchase_order", "channel", "demo"};
	for (size_t i = 0; s && i < ARRAY_LEN(ok); i++)
		if (strcmp(s, ok[i]) == 0)
			return 1;
	return 0;
}
