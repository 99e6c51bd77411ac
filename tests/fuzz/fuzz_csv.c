/* fuzz-sources: src/formats/csv_read.c src/formats/sheet.c src/formats/import.c src/formats/xlsx_read.c src/formats/template.c src/formats/spreadsheet.c src/domain/ledger_rules.c src/base/korean.c src/base/utf8.c src/base/buf.c src/formats/xlsx_write.c src/base/util.c src/base/log.c */
/* fuzz_csv.c — libFuzzer target for the CSV reader and, on what it accepts, the import
 * validator (header search, numbers, dates, duplicates, JSON preview). Any bytes must end in
 * a result or an error code without crashes, leaks or undefined behaviour. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv_read.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const import_component comps[] = {{"A", 2}, {"B", 1}, {"Z", 1}};

/* A catalogue where every SKU starting with a letter exists, "S..." is a set, "X..." is
 * inactive, "F..." and sets need an expiry date on inbound: enough variety to reach every
 * branch of the validator. */
static int lookup(void *ud, const char *sku, import_product *out)
{
	(void)ud;
	if (sku[0] < 'A' || sku[0] > 'Y')
		return 0;
	memset(out, 0, sizeof *out);
	out->active = sku[0] != 'X';
	out->is_set = sku[0] == 'S';
	out->needs_expiry = sku[0] == 'F' || out->is_set;
	out->on_hand = (long long)(unsigned char)sku[1] * 3;
	out->name = sku;
	if (out->is_set)
		out->components = comps, out->ncomponents = 3;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sheet_table *t = NULL;
	int rc = csv_read(data, size, &t);
	if (rc != SHEET_OK) {
		if (t || rc <= 0 || rc >= SHEET_ERR_COUNT)
			abort();
		return 0;
	}
	for (int i = 0; i < t->nrows; i++)
		for (int k = 0; k < t->rows[i].ncells; k++)
			if (!t->rows[i].cells[k].text)
				abort();
	sheet_free(t);

	import_ctx ctx = {1, "tok", "2026-11-29", lookup, NULL, (int)(size & 1)};
	import_result *r = NULL;
	if (import_parse(data, size, "fuzz.csv", &ctx, &r) != IMPORT_OK)
		abort();
	if (r->nitems > r->rows || r->nproblems > IMPORT_MAX_PROBLEMS + 1)
		abort();
	for (int i = 0; i < r->ndiff; i++)
		if (r->diff[i].result !=
		    r->diff[i].on_hand + r->diff[i].inbound - r->diff[i].outbound)
			abort();
	json_t *j = import_to_json(r);
	if (!j)
		abort();
	char *s = json_dumps(j, JSON_COMPACT);
	if (!s)
		abort();
	free(s);
	json_decref(j);
	import_free(r);
	return 0;
}
