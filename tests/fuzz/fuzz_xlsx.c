/* fuzz-sources: src/formats/xlsx_read.c src/formats/sheet.c */
/* fuzz_xlsx.c — libFuzzer target for the .xlsx reader: any bytes must end in SHEET_OK or an
 * error code, without crashes, leaks or undefined behaviour, and a table that is returned
 * must be consistent (rows ascending, cells ascending and inside the column limit). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sheet_table *t = NULL;
	int rc = xlsx_read(data, size, "입출고", &t);
	if (rc != SHEET_OK) {
		if (t || rc <= 0 || rc >= SHEET_ERR_COUNT)
			abort();
		return 0;
	}
	int prev_row = 0;
	for (int i = 0; i < t->nrows; i++) {
		const sheet_row *r = &t->rows[i];
		if (r->row <= prev_row || r->ncells <= 0)
			abort();
		prev_row = r->row;
		int prev_col = -1;
		for (int k = 0; k < r->ncells; k++) {
			const sheet_cell *c = &r->cells[k];
			if (c->col <= prev_col || c->col >= SHEET_MAX_COLS || !c->text)
				abort();
			if (strlen(c->text) > SHEET_MAX_CELL_BYTES)
				abort();
			prev_col = c->col;
		}
	}
	for (int i = 0; i < t->nmeta; i++)
		(void)sheet_meta_get(t, t->meta[i].key);
	sheet_free(t);
	return 0;
}
