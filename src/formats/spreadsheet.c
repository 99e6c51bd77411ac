/* spreadsheet.c — opening an upload as a table, and the words every import uses for cells
 * and headers it cannot use; see spreadsheet.h. */
#include "spreadsheet.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "csv_read.h"
#include "xlsx_read.h"
#include "utf8.h"

#define HEADERS_SHOWN      8   /* headers quoted in a message; the rest are counted */
#define HEADER_CHARS_SHOWN 20  /* characters of one header in a message */
#define HEADERS_KEPT       64  /* headers in the details */
#define HEADER_CHARS_KEPT  100 /* characters of one header in the details */
#define HEADER_ROWS        10  /* rows searched for a header row, as the imports do */

static int ends_with_ci(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

int spreadsheet_open(const void *data, size_t len, const char *file_name, const char *want_sheet,
                     sheet_table **out)
{
	*out = NULL;
	if (!data || len == 0)
		return SHEET_EEMPTY;
	/* xlsx_read tells the OLE2 files apart: .xls, or an encrypted .xlsx. */
	if (xlsx_looks_like_zip(data, len) || xlsx_looks_like_ole2(data, len))
		return xlsx_read(data, len, want_sheet, out);
	const char *name = file_name ? file_name : "";
	if (ends_with_ci(name, ".xlsx") || ends_with_ci(name, ".xlsm") ||
	    ends_with_ci(name, ".xls"))
		return SHEET_ENOTSHEET; /* named like a workbook but not one: never read it as text */
	return csv_read(data, len, out);
}

/* Copies at most max characters (code points) of UTF-8 s into out (size > 4), ending with
 * "…" when s was longer or did not fit. */
static void cut_chars(const char *s, size_t max, char *out, size_t size)
{
	size_t i = 0, chars = 0;
	while (s[i] && chars < max) {
		size_t n = 1;
		while (((unsigned char)s[i + n] & 0xC0) == 0x80)
			n++;
		if (i + n + 4 > size) /* room for "…" and the NUL */
			break;
		i += n;
		chars++;
	}
	memcpy(out, s, i);
	if (s[i])
		memcpy(out + i, "\xE2\x80\xA6", 3), i += 3;
	out[i] = 0;
}

const char *spreadsheet_cell_problem(const sheet_cell *c, int row, char *msg, size_t size)
{
	msg[0] = 0;
	if (!c)
		return NULL;
	char ref[24];
	sheet_col_name(c->col, ref, 8);
	snprintf(ref + strlen(ref), sizeof ref - strlen(ref), "%d", row);
	const char *code = NULL;
	if (c->kind == SHEET_CELL_FORMULA) {
		snprintf(msg, size,
		         "%s 셀에는 수식만 있고 계산된 값이 저장되어 있지 않습니다(엑셀이 아닌 "
		         "프로그램으로 만든 파일에서 생깁니다). 수식은 여기서 계산하지 않으니 "
		         "엑셀에서 "
		         "파일을 열어 저장한 뒤 다시 올려 주세요.",
		         ref);
		code = "formula_without_value";
	} else if (c->kind == SHEET_CELL_ERROR) {
		char shown[64];
		cut_chars(c->text, 16, shown, sizeof shown);
		snprintf(
		        msg, size,
		        "%s 셀의 수식 결과가 오류(%s)입니다. 수식을 고치거나 값을 직접 입력하세요.",
		        ref, shown);
		code = "formula_error";
	}
	utf8_drop_partial(msg);
	return code;
}

/* The ASCII character a full-width form at p stands for, with its length in *n; 0 when p is
 * not one of them. */
static char fold_char(const unsigned char *p, size_t *n)
{
	*n = 3;
	if (p[0] == 0xEF && p[1] == 0xBC) {
		if (p[2] >= 0x90 && p[2] <= 0x99) /* U+FF10..FF19 */
			return (char)('0' + (p[2] - 0x90));
		switch (p[2]) {
		case 0x8B: /* U+FF0B */
			return '+';
		case 0x8D: /* U+FF0D */
			return '-';
		case 0x8C: /* U+FF0C */
			return ',';
		case 0x8E: /* U+FF0E */
			return '.';
		default:
			return 0;
		}
	}
	if (p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) /* U+2212 minus sign */
		return '-';
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) /* U+3000 ideographic space */
		return ' ';
	return 0;
}

void spreadsheet_number_text(const char *in, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)(in ? in : "");
	size_t o = 0;
	while (*p) {
		size_t n = 1;
		char c = p[0] >= 0x80 && p[1] && p[2] ? fold_char(p, &n) : 0;
		if (!c) {
			n = 1;
			while (((unsigned char)p[n] & 0xC0) == 0x80)
				n++;
		}
		size_t w = c ? 1 : n;
		if (o + w + 1 > size)
			break;
		if (c)
			out[o] = c;
		else
			memcpy(out + o, p, n);
		o += w;
		p += n;
	}
	out[o] = 0;
}

/* The row with the most cells among the first HEADER_ROWS, or NULL when there are none. */
static const sheet_row *widest_row(const sheet_table *t)
{
	const sheet_row *best = NULL;
	for (int i = 0; i < t->nrows && i < HEADER_ROWS; i++)
		if (!best || t->rows[i].ncells > best->ncells)
			best = &t->rows[i];
	return best;
}

/* Appends "'a', 'b'" to out (size) for names[0..n), each cut for a message. */
static void quote_list(const char *const *names, int n, char *out, size_t size)
{
	size_t o = strlen(out);
	for (int i = 0; i < n && o + 1 < size; i++) {
		char shown[HEADER_CHARS_SHOWN * 4 + 8];
		cut_chars(names[i], HEADER_CHARS_SHOWN, shown, sizeof shown);
		int w = snprintf(out + o, size - o, "%s'%s'", i ? ", " : "", shown);
		if (w < 0 || (size_t)w >= size - o)
			break;
		o += (size_t)w;
	}
	utf8_drop_partial(out);
}

json_t *spreadsheet_missing_columns(const sheet_table *t, const sheet_row *hdr,
                                    const char *const *missing, int nmissing,
                                    const char *const *need, int nneed, char *msg, size_t size)
{
	const sheet_row *row = hdr ? hdr : widest_row(t);
	int is_csv = t->format && strcmp(t->format, "csv") == 0;
	json_t *d = json_object(), *headers = json_array(), *miss = json_array();
	if (!d || !headers || !miss) {
		json_decref(d), json_decref(headers), json_decref(miss);
		return NULL;
	}
	const char *shown[HEADERS_SHOWN];
	int nshown = 0, total = 0;
	for (int k = 0; row && k < row->ncells; k++) {
		const char *text = row->cells[k].text;
		if (!text || !*text)
			continue;
		total++;
		if (nshown < HEADERS_SHOWN)
			shown[nshown++] = text;
		if (json_array_size(headers) < HEADERS_KEPT) {
			char kept[HEADER_CHARS_KEPT * 4 + 8];
			cut_chars(text, HEADER_CHARS_KEPT, kept, sizeof kept);
			json_array_append_new(headers, json_string(kept));
		}
	}
	for (int i = 0; i < nmissing; i++)
		json_array_append_new(miss, json_string(missing[i]));

	char where[160];
	if (is_csv) {
		snprintf(where, sizeof where, "CSV 파일");
	} else {
		char name[128];
		cut_chars(t->data_sheet ? t->data_sheet : "", 31, name, sizeof name);
		snprintf(where, sizeof where, "시트 '%s'", name);
	}
	char miss_text[256] = "", need_text[512] = "", found[HEADERS_SHOWN * 96 + 64] = "";
	quote_list(missing, nmissing, miss_text, sizeof miss_text);
	quote_list(need, nneed, need_text, sizeof need_text);
	quote_list(shown, nshown, found, sizeof found);
	if (total > nshown)
		snprintf(found + strlen(found), sizeof found - strlen(found), " 외 %d개",
		         total - nshown);
	if (total)
		snprintf(
		        msg, size,
		        "%s 열을 찾을 수 없습니다. %s에서 찾은 머리글(%d행): %s. 머리글 행에 %s 열 "
		        "이름이 있어야 합니다. 머리글을 바꿨다면 내려받은 파일의 이름으로 되돌려 "
		        "주세요.",
		        miss_text, where, row->row, found, need_text);
	else
		snprintf(msg, size,
		         "%s 열을 찾을 수 없습니다. %s의 첫 %d행에 머리글로 읽을 글자가 없습니다. "
		         "머리글 행에 %s 열 이름이 있어야 합니다.",
		         miss_text, where, HEADER_ROWS, need_text);
	utf8_drop_partial(msg);

	/* Every value is handed over even when an earlier one failed, so none leaks. */
	int bad =
	        json_object_set_new(d, "sheet", is_csv ? json_null() : json_string(t->data_sheet));
	bad |= json_object_set_new(d, "header_row", json_integer(total ? row->row : 0));
	bad |= json_object_set_new(d, "headers", headers);
	bad |= json_object_set_new(d, "missing", miss);
	if (bad) {
		json_decref(d);
		return NULL;
	}
	return d;
}
