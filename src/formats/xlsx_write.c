/* xlsx_write.c — text into .xlsx cells, made safe for XML (see xlsx_write.h). The input
 * rule (util_text_check) keeps such characters out of new data; this is the writer's own
 * guarantee for rows stored before that rule and for the append-only audit log, which can
 * never be cleaned. */
#include "xlsx_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

lxw_error xlsx_write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
                          lxw_format *format)
{
	char *safe = text ? util_xml_text(text) : NULL;
	lxw_error err = worksheet_write_string(ws, row, col, safe ? safe : text, format);
	free(safe);
	return err;
}

/* ------------------------------------------------------------------ workbooks in memory */

int xlsx_mem_open(struct xlsx_mem *m, const char *prefix)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	util_strlcpy(m->dir, dir, sizeof m->dir);
	/* bounded so that the name always fits: mkstemp needs its six X intact */
	snprintf(m->path, sizeof m->path, "%.2000s/%.100s-XXXXXX", m->dir, prefix);
	m->wb = NULL;
	int fd = mkstemp(m->path);
	if (fd < 0)
		return XLSX_MEM_EIO;
	close(fd);
	lxw_workbook_options opts = {.constant_memory = LXW_FALSE, .tmpdir = m->dir};
	m->wb = workbook_new_opt(m->path, &opts);
	if (!m->wb) {
		unlink(m->path);
		return XLSX_MEM_EIO;
	}
	return XLSX_MEM_OK;
}

int xlsx_mem_close_file(struct xlsx_mem *m)
{
	lxw_error le = m->wb ? workbook_close(m->wb) : LXW_NO_ERROR;
	m->wb = NULL;
	if (le == LXW_NO_ERROR)
		return XLSX_MEM_OK;
	return le == LXW_ERROR_MEMORY_MALLOC_FAILED ? XLSX_MEM_ENOMEM : XLSX_MEM_EIO;
}

int xlsx_mem_read(struct xlsx_mem *m, int ok, unsigned char **out, size_t *len)
{
	int rc = ok ? XLSX_MEM_EIO : XLSX_MEM_OK;
	FILE *f = ok ? fopen(m->path, "rb") : NULL;
	struct stat sb;
	if (f && fstat(fileno(f), &sb) == 0 && sb.st_size > 0) {
		unsigned char *buf = malloc((size_t)sb.st_size);
		size_t n = buf ? fread(buf, 1, (size_t)sb.st_size, f) : 0;
		if (!buf) {
			rc = XLSX_MEM_ENOMEM;
		} else if (n == (size_t)sb.st_size) {
			*out = buf;
			*len = n;
			rc = XLSX_MEM_OK;
		} else {
			free(buf);
		}
	}
	if (f)
		fclose(f);
	unlink(m->path);
	return rc;
}

int xlsx_mem_close(struct xlsx_mem *m, int ok, unsigned char **out, size_t *len)
{
	int rc = xlsx_mem_close_file(m);
	int read = xlsx_mem_read(m, ok && rc == XLSX_MEM_OK, out, len);
	return rc != XLSX_MEM_OK ? rc : ok ? read : XLSX_MEM_OK;
}

/* ------------------------------------------------------------------ order sheet formats */

static lxw_format *total_format(lxw_workbook *wb, const char *num)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_bold(f);
	format_set_top(f, LXW_BORDER_THIN);
	format_set_num_format(f, num);
	return f;
}

void xlsx_sheet_formats_add(lxw_workbook *wb, struct xlsx_sheet_formats *f)
{
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 16);
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_bg_color(f->head, 0xE2E8F0);
	format_set_border(f->head, LXW_BORDER_THIN);
	f->num = workbook_add_format(wb);
	format_set_num_format(f->num, "#,##0");
	f->money = workbook_add_format(wb);
	format_set_num_format(f->money, "#,##0\"원\"");
	f->total = total_format(wb, "#,##0");
	f->total_money = total_format(wb, "#,##0\"원\"");
}
