/* fuzz-sources: src/formats/xlsx_read.c src/formats/sheet.c */
/* fuzz_xlsx_parts.c — libFuzzer target for the XML side of the .xlsx reader. Mutating a zip
 * mostly breaks its checksums, so here the input is split on NUL bytes into the worksheet,
 * shared strings, styles and workbook parts, then optionally the workbook's relationships and
 * the package relationships (_rels/.rels), packed into a valid zip (stored, no compression)
 * and read: the expat handlers and the resolution of relationship targets get the mutations.
 * A part missing from the input is left out of the zip, except the workbook, which then has a
 * default. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NPARTS 6
static const char *const names[NPARTS] = {
        "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",       "xl/styles.xml",
        "xl/workbook.xml",          "xl/_rels/workbook.xml.rels", "_rels/.rels"};
static const char default_workbook[] =
        "<workbook><sheets><sheet name=\"입출고\" sheetId=\"1\"/><sheet name=\"_jaego\" "
        "sheetId=\"2\" state=\"veryHidden\"/></sheets></workbook>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[NPARTS] = {0};
	size_t len[NPARTS] = {0};
	size_t start = 0;
	int n = 0;
	for (size_t i = 0; i <= size && n < NPARTS; i++)
		if (i == size || data[i] == 0) {
			part[n] = data + start;
			len[n] = i - start;
			n++;
			start = i + 1;
		}
	if (n < 4) {
		part[3] = (const uint8_t *)default_workbook;
		len[3] = sizeof default_workbook - 1;
	}

	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	if (!z)
		abort();
	zip_source_keep(src);
	for (int i = 0; i < NPARTS; i++) {
		if (!part[i])
			continue;
		zip_source_t *fs = zip_source_buffer(z, part[i], len[i], 0);
		zip_int64_t idx = fs ? zip_file_add(z, names[i], fs, ZIP_FL_OVERWRITE) : -1;
		if (idx < 0)
			abort();
		zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
	/* The metadata sheet reuses the worksheet so its reading path is fuzzed too. */
	zip_source_t *ms = zip_source_buffer(z, part[0], len[0], 0);
	if (!ms || zip_file_add(z, "xl/worksheets/sheet2.xml", ms, ZIP_FL_OVERWRITE) < 0)
		abort();
	if (zip_close(z) != 0)
		abort();
	zip_stat_t st;
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
		abort();
	uint8_t *buf = malloc(st.size ? st.size : 1);
	if (!buf || zip_source_read(src, buf, st.size) != (zip_int64_t)st.size)
		abort();
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);

	sheet_table *t = NULL;
	int rc = xlsx_read(buf, (size_t)st.size, "입출고", &t);
	if (rc == SHEET_OK) {
		int prev_row = 0;
		for (int i = 0; i < t->nrows; i++) {
			const sheet_row *r = &t->rows[i];
			if (r->row <= prev_row || r->ncells <= 0)
				abort();
			prev_row = r->row;
			int prev_col = -1;
			for (int k = 0; k < r->ncells; k++) {
				const sheet_cell *c = &r->cells[k];
				if (!c->text || c->col <= prev_col || c->col >= SHEET_MAX_COLS)
					abort();
				prev_col = c->col;
			}
		}
		sheet_free(t);
	} else if (t || rc <= 0 || rc >= SHEET_ERR_COUNT) {
		abort();
	}
	free(buf);
	return 0;
}
