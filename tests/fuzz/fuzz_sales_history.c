/* fuzz-sources: src/formats/sales_history_sheet.c src/formats/csv_read.c src/formats/csv_write.c src/formats/sheet.c src/formats/import.c src/formats/xlsx_read.c src/formats/template.c src/formats/spreadsheet.c src/domain/ledger_rules.c src/base/korean.c src/base/utf8.c src/base/buf.c src/base/date.c src/formats/xlsx_write.c src/base/util.c src/base/log.c */
/* fuzz_sales_history.c — libFuzzer target for the sales-history reader
 * (formats/sales_history_sheet.c) over any bytes, read as CSV or .xlsx: header search,
 * product columns, dates, the quantity and unit rule, duplicates, the problems as JSON.
 * Any input must end in a result without crashes, leaks or undefined behaviour, and the
 * result must keep its own invariants (items sorted and unique per product and day, inside
 * the period, never after today). */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sales_history_sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every code starting with an upper-case letter exists; "S..." is a set, "X..." is not in
 * use, a channel code "D..." names two products. The id is the code's first two bytes. */
static int lookup(void *ud, shist_key kind, const char *channel, const char *code,
                  shist_product *out)
{
	(void)ud;
	(void)channel;
	if (code[0] < 'A' || code[0] > 'Z')
		return 0;
	if (kind == SHIST_KEY_CHANNEL && code[0] == 'D')
		return 2;
	out->id = (int64_t)(unsigned char)code[0] * 256 + (unsigned char)code[1];
	out->sku = code;
	out->name = code;
	out->active = code[0] != 'X';
	out->is_set = code[0] == 'S';
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shist_ctx ctx = {.today = "2026-11-29", .lookup = lookup};
	shist_result *r = NULL;
	const char *name = size && (data[0] & 1) ? "fuzz.xlsx" : "fuzz.csv";
	if (shist_parse(data, size, name, &ctx, &r) != SHIST_OK)
		abort();
	if (r->nitems > r->rows || r->nproblems > SHIST_MAX_PROBLEMS || r->valid != r->nitems)
		abort();
	for (int i = 0; i < r->nitems; i++) {
		const shist_item *it = &r->items[i];
		if (it->qty < 0 || strcmp(it->day, ctx.today) > 0 ||
		    strcmp(it->day, r->first_day) < 0 || strcmp(it->day, r->last_day) > 0)
			abort();
		if (i > 0 && it[-1].product_id == it->product_id &&
		    strcmp(it[-1].day, it->day) >= 0)
			abort();
	}
	json_t *j = shist_problems_json(r);
	if (!j)
		abort();
	char *s = json_dumps(j, JSON_COMPACT);
	if (!s)
		abort();
	free(s);
	json_decref(j);
	shist_free(r);
	return 0;
}
