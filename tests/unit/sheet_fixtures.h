/* sheet_fixtures.h — builds spreadsheet files in memory for the reader and import tests:
 * arbitrary zips (for hand-written or malicious .xlsx parts) with libzip, and real workbooks
 * written by libxlsxwriter through a callback. Static functions: include from one test file. */
#ifndef JAEGO_SHEET_FIXTURES_H
#define JAEGO_SHEET_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

/* A zip of n entries (names[i] holding lens[i] bytes of datas[i]; lens[i] == 0 means strlen),
 * as a malloc'd buffer the caller frees. Aborts the test program on failure. */
static unsigned char *fx_zip(int n, const char *const *names, const char *const *datas,
                             const size_t *lens, size_t *outlen)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	if (!z)
		abort();
	zip_source_keep(src);
	for (int i = 0; i < n; i++) {
		size_t l = lens && lens[i] ? lens[i] : strlen(datas[i]);
		zip_source_t *fs = zip_source_buffer(z, datas[i], l, 0);
		if (!fs || zip_file_add(z, names[i], fs, ZIP_FL_OVERWRITE) < 0)
			abort();
	}
	if (zip_close(z) != 0)
		abort();
	zip_stat_t st;
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
		abort();
	unsigned char *buf = malloc(st.size ? st.size : 1);
	if (!buf || zip_source_read(src, buf, st.size) != (zip_int64_t)st.size)
		abort();
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*outlen = st.size;
	return buf;
}

#define FX_NS  "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define FX_RNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

/* A minimal .xlsx with one worksheet "Sheet1" whose <worksheet> XML is sheet_xml, plus an
 * optional shared-strings part and an optional styles part. */
static unsigned char *fx_xlsx(const char *sheet_xml, const char *sst_xml, const char *styles_xml,
                              size_t *outlen)
{
	const char *names[6] = {"[Content_Types].xml", "xl/workbook.xml",
	                        "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"};
	const char *datas[6] = {
	        "<?xml version=\"1.0\"?><Types "
	        "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
	        "<?xml version=\"1.0\"?><workbook " FX_NS " " FX_RNS
	        "><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
	        "<?xml version=\"1.0\"?><Relationships "
	        "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	        "<Relationship Id=\"rId1\" "
	        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	        "worksheet\" "
	        "Target=\"worksheets/sheet1.xml\"/></Relationships>",
	        sheet_xml};
	int n = 4;
	if (sst_xml)
		names[n] = "xl/sharedStrings.xml", datas[n++] = sst_xml;
	if (styles_xml)
		names[n] = "xl/styles.xml", datas[n++] = styles_xml;
	return fx_zip(n, names, datas, NULL, outlen);
}

/* Reads a whole file into a malloc'd buffer; aborts on failure. */
static unsigned char *fx_slurp(const char *path, size_t *outlen)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		abort();
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0)
		abort();
	unsigned char *buf = malloc((size_t)sb.st_size + 1);
	if (!buf || fread(buf, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size)
		abort();
	fclose(f);
	*outlen = (size_t)sb.st_size;
	return buf;
}

typedef void (*fx_fill_fn)(lxw_workbook *wb, void *ud);

/* A workbook written by libxlsxwriter: fill() adds sheets and cells. */
static unsigned char *fx_xlsxwriter(fx_fill_fn fill, void *ud, size_t *outlen)
{
	char path[] = "/tmp/jaego-fx-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		abort();
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		abort();
	fill(wb, ud);
	if (workbook_close(wb) != LXW_NO_ERROR)
		abort();
	unsigned char *buf = fx_slurp(path, outlen);
	unlink(path);
	return buf;
}

/* Adds the template's metadata sheet with the given org id and token. */
static inline void fx_meta_sheet(lxw_workbook *wb, const char *org_id, const char *token)
{
	lxw_worksheet *ms = workbook_add_worksheet(wb, "_jaego");
	worksheet_write_string(ms, 0, 0, "template", NULL);
	worksheet_write_string(ms, 0, 1, "jaego-stock", NULL);
	worksheet_write_string(ms, 1, 0, "version", NULL);
	worksheet_write_string(ms, 1, 1, "1", NULL);
	worksheet_write_string(ms, 2, 0, "org_id", NULL);
	worksheet_write_string(ms, 2, 1, org_id, NULL);
	worksheet_write_string(ms, 3, 0, "org_name", NULL);
	worksheet_write_string(ms, 3, 1, "다른상회", NULL);
	worksheet_write_string(ms, 4, 0, "token", NULL);
	worksheet_write_string(ms, 4, 1, token, NULL);
	worksheet_hide(ms);
}

#endif
