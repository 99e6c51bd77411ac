/* csv_read.c — CSV reader: encoding detection (UTF-8, UTF-8 with BOM, CP949), RFC 4180
 * fields, NFC normalisation, into the same sheet_table as the .xlsx reader. */
#include "csv_read.h"

#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "utf8.h"

int csv_is_utf8(const unsigned char *s, size_t len)
{
	return utf8_valid((const char *)s, len);
}

/* Converts CP949 to UTF-8 into a malloc'd buffer the caller frees; NULL on invalid input. */
static char *cp949_to_utf8(const char *in, size_t len, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", "CP949");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 2 + 16; /* two CP949 bytes never need more than three UTF-8 bytes */
	char *out = malloc(cap);
	if (!out) {
		iconv_close(cd);
		return NULL;
	}
	char *ip = (char *)in, *op = out;
	size_t il = len, ol = cap - 1;
	size_t rc = iconv(cd, &ip, &il, &op, &ol);
	iconv_close(cd);
	if (rc == (size_t)-1) {
		free(out);
		return NULL;
	}
	*op = 0;
	*outlen = (size_t)(op - out);
	return out;
}

static int is_number(const char *s, size_t n)
{
	size_t i = 0;
	int digits = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	return digits > 0 && i == n;
}

typedef struct parse {
	sheet_table *t;
	struct buf field; /* the field being read */
	sheet_row *row;
	int col;
	int record;
} parse;

/* Appends n bytes to the field being read, keeping it NUL-terminated. */
static int field_push(parse *p, const char *s, size_t n)
{
	return buf_append(&p->field, s, n) == 0 ? SHEET_OK : SHEET_ENOMEM;
}

static int field_end(parse *p)
{
	int col = p->col++;
	if (p->field.len == 0)
		return SHEET_OK;
	if (!p->row) {
		if (p->t->nrows >= SHEET_MAX_ROWS)
			return SHEET_ETOOMANYROWS;
		p->row = sheet_add_row(p->t, p->record);
		if (!p->row)
			return SHEET_ENOMEM;
	}
	const char *text = p->field.p;
	size_t n = p->field.len;
	unsigned char *nfc = NULL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)text[i] >= 0x80) {
			nfc = utf8proc_NFC((const utf8proc_uint8_t *)text);
			if (!nfc)
				return SHEET_ENOMEM;
			text = (const char *)nfc;
			n = strlen(text);
			break;
		}
	int rc = sheet_add_cell(p->t, p->row, col,
	                        is_number(text, n) ? SHEET_CELL_NUMBER : SHEET_CELL_STRING, text, n,
	                        0);
	free(nfc);
	p->field.len = 0;
	return rc;
}

static void record_end(parse *p)
{
	p->row = NULL;
	p->col = 0;
	p->record++;
}

int csv_read(const void *data, size_t len, sheet_table **out)
{
	*out = NULL;
	if (!data || len == 0)
		return SHEET_EEMPTY;
	if (len > CSV_MAX_BYTES)
		return SHEET_EBOMB;
	const char *s = data;
	if (memchr(s, 0, len))
		return SHEET_ENOTSHEET; /* text files have no NUL bytes */
	const char *enc = "utf-8";
	char *conv = NULL;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
		enc = "utf-8-bom";
		if (!csv_is_utf8((const unsigned char *)s, len))
			return SHEET_EENCODING;
	} else if (!csv_is_utf8((const unsigned char *)s, len)) {
		size_t n;
		conv = cp949_to_utf8(s, len, &n);
		if (!conv)
			return SHEET_EENCODING;
		s = conv;
		len = n;
		enc = "cp949";
	}

	parse p = {0};
	p.record = 1;
	p.t = sheet_new("csv");
	int rc = p.t ? SHEET_OK : SHEET_ENOMEM;
	if (p.t)
		p.t->encoding = enc;
	if (p.t)
		p.t->data_sheet = "csv";
	/* Tab-separated when the first line has a tab and no comma (Excel "텍스트(탭으로 분리)"). */
	char sep = ',';
	const char *nl = memchr(s, '\n', len);
	size_t first = nl ? (size_t)(nl - s) : len;
	if (!memchr(s, ',', first) && memchr(s, '\t', first))
		sep = '\t';
	else if (!memchr(s, ',', first) && memchr(s, ';', first))
		sep = ';';

	size_t i = 0;
	while (rc == SHEET_OK && i < len) {
		char c = s[i];
		if (c == '"' && p.field.len == 0) {
			/* Quoted field: "" is a quote; anything, newlines included, up to the closing quote. */
			i++;
			while (i < len && rc == SHEET_OK) {
				const char *q = memchr(s + i, '"', len - i);
				size_t upto = q ? (size_t)(q - s) : len;
				rc = field_push(&p, s + i, upto - i);
				i = upto;
				if (!q)
					break;
				if (i + 1 < len && s[i + 1] == '"') {
					if (rc == SHEET_OK)
						rc = field_push(&p, "\"", 1);
					i += 2;
				} else {
					i++;
					break;
				}
			}
			/* Text after the closing quote up to the separator is kept, as spreadsheets do. */
			continue;
		}
		if (c == sep) {
			rc = field_end(&p);
			i++;
		} else if (c == '\r' || c == '\n') {
			rc = field_end(&p);
			record_end(&p);
			i += (c == '\r' && i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
		} else {
			size_t j = i;
			while (j < len && s[j] != sep && s[j] != '\r' && s[j] != '\n' &&
			       s[j] != '"')
				j++;
			if (j == i)
				j++; /* a stray quote inside an unquoted field is kept as text */
			rc = field_push(&p, s + i, j - i);
			i = j;
		}
	}
	if (rc == SHEET_OK && (p.field.len || p.row))
		rc = field_end(&p);
	if (rc == SHEET_OK && p.t->nrows == 0)
		rc = SHEET_EEMPTY;
	buf_free(&p.field);
	free(conv);
	if (rc != SHEET_OK) {
		sheet_free(p.t);
		return rc;
	}
	*out = p.t;
	return SHEET_OK;
}
