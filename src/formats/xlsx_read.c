/* xlsx_read.c — .xlsx reader: libzip over the caller's buffer, expat over each XML part.
 *
 * Parts are found the way the package format says, not by their usual names: _rels/.rels
 * names the workbook part (its officeDocument relationship; xl/workbook.xml when absent), and
 * the workbook's own relationships name its worksheets, shared strings and styles, each
 * target resolved against the directory of the part that refers to it. Zip entry names are
 * matched without case and with a backslash read as '/', since some writers on Windows store
 * "xl\workbook.xml". Parts read, in order: the package relationships, the workbook's
 * relationships, the workbook (sheet names, states, 1904 flag), shared strings, styles (which
 * styles are dates), the data worksheet and the metadata worksheet. Every part is streamed in
 * chunks through one expat parser per part; element names are compared without their
 * namespace prefix because some writers emit <x:row> instead of <row>. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include "xlsx_read.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define CHUNK      65536
#define MAX_SHEETS 256
#define MAX_PATH   512         /* a part name; longer targets are ignored */
#define MAX_TEXT   (64 * 1024) /* longest shared string kept */
#define MAX_SST    1000000     /* shared strings: a real 20,000-row sheet has far fewer */

typedef struct rel {
	char *id, *target, *type;
} rel;

typedef struct reader {
	zip_t *zip;
	sheet_table *t;
	size_t budget; /* uncompressed bytes still allowed */
	int err;       /* first error, SHEET_OK while fine */
	XML_Parser parser;
	/* text being collected */
	char *buf;
	size_t blen, bcap;
	int collecting;
	int depth_rph; /* inside <rPh> phonetic runs, whose text is not part of the value */
	/* relationships of the part being read, targets resolved against rel_base */
	rel *rels;
	int nrels, caprels;
	char rel_base
	        [MAX_PATH]; /* directory of the part the relationships belong to, "" for the root */
	/* workbook */
	char wb_path[MAX_PATH]; /* the workbook part */
	int wb_root_seen;       /* the workbook part's first element was read */
	char *sheet_rid[MAX_SHEETS];
	/* shared strings */
	const char **sst;
	int nsst, capsst;
	int in_si;
	/* styles */
	int in_numfmts, in_cellxfs;
	int fmt_ids[512];
	unsigned char fmt_is_date[512];
	int nfmts;
	unsigned char *xf_date;
	int nxf, capxf;
	/* worksheet */
	sheet_table *dest; /* where rows go (the table, or a scratch table for metadata) */
	int in_sheetdata;
	sheet_row *row;
	int row_no, col_no;
	int cell_col;
	char cell_type[16];
	int cell_style;
	int cell_has_v, cell_formula, in_v, in_is;
} reader;

static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* atoi without its undefined behaviour on overflow: clamps to [0, 2^30], junk gives 0. */
static int to_int(const char *s)
{
	if (!s)
		return 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || v < 0)
		return 0;
	return v > (1L << 30) ? (1 << 30) : (int)v;
}

static void fail(reader *r, int err)
{
	if (r->err == SHEET_OK)
		r->err = err;
	if (r->parser)
		XML_StopParser(r->parser, XML_FALSE);
}

static void buf_reset(reader *r)
{
	r->blen = 0;
	if (r->buf)
		r->buf[0] = 0;
}

static void on_text(void *ud, const XML_Char *s, int len)
{
	reader *r = ud;
	if (!r->collecting || r->depth_rph)
		return;
	if (r->blen + (size_t)len + 1 > r->bcap) {
		if (r->blen >= MAX_TEXT)
			return;
		size_t nc = r->bcap ? r->bcap * 2 : 256;
		while (nc < r->blen + (size_t)len + 1)
			nc *= 2;
		char *p = realloc(r->buf, nc);
		if (!p) {
			fail(r, SHEET_ENOMEM);
			return;
		}
		r->buf = p;
		r->bcap = nc;
	}
	memcpy(r->buf + r->blen, s, (size_t)len);
	r->blen += (size_t)len;
	r->buf[r->blen] = 0;
}

/* Any DOCTYPE means someone crafted the file: Office never writes one, and internal entities
 * are how "billion laughs" expansion works. */
static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                       int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	fail(ud, SHEET_EENTITY);
}

static void on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int vlen,
                      const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
                      const XML_Char *notation)
{
	(void)name, (void)is_param, (void)value, (void)vlen, (void)base, (void)sysid, (void)pubid,
	        (void)notation;
	fail(ud, SHEET_EENTITY);
}

/* 1 when the zip entry name a is the part name b: without case, with a backslash in a read
 * as '/', and a leading '/' ignored. */
static int same_part(const char *a, const char *b)
{
	if (*a == '/' || *a == '\\')
		a++;
	for (; *a && *b; a++, b++) {
		char ca = *a == '\\' ? '/' : *a;
		if (ca != *b && !(ca >= 'A' && ca <= 'Z' && ca + 32 == *b) &&
		    !(*b >= 'A' && *b <= 'Z' && *b + 32 == ca))
			return 0;
	}
	return *a == *b;
}

/* The index of the entry holding part name, or -1. Names written the usual way are found by
 * libzip's own index; others by one pass over the entries. */
static zip_int64_t locate(reader *r, const char *name)
{
	zip_int64_t idx = zip_name_locate(r->zip, name, ZIP_FL_NOCASE);
	if (idx >= 0)
		return idx;
	zip_int64_t n = zip_get_num_entries(r->zip, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *e = zip_get_name(r->zip, (zip_uint64_t)i, 0);
		if (e && same_part(e, name))
			return i;
	}
	return -1;
}

/* Streams one zip entry through a fresh expat parser with the given handlers. Returns
 * SHEET_OK, or the error; a missing entry gives SHEET_ECORRUPT with *missing set. */
static int parse_part(reader *r, const char *name, XML_StartElementHandler start,
                      XML_EndElementHandler end, int *missing)
{
	if (missing)
		*missing = 0;
	zip_stat_t st;
	zip_int64_t idx = locate(r, name);
	if (idx < 0 || zip_stat_index(r->zip, (zip_uint64_t)idx, 0, &st) != 0) {
		if (missing)
			*missing = 1;
		return SHEET_ECORRUPT;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return SHEET_EENCRYPTED;
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > r->budget)
		return SHEET_EBOMB;
	if ((st.valid & ZIP_STAT_COMP_SIZE) && st.size > (1u << 20) &&
	    st.size / (st.comp_size ? st.comp_size : 1) > XLSX_MAX_RATIO)
		return SHEET_EBOMB;
	zip_file_t *f = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0);
	if (!f)
		return SHEET_ECORRUPT;
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p) {
		zip_fclose(f);
		return SHEET_ENOMEM;
	}
	r->parser = p;
	r->err = SHEET_OK;
	r->collecting = 0;
	r->depth_rph = 0;
	XML_SetUserData(p, r);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, on_text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity);
	char *chunk = malloc(CHUNK);
	zip_uint64_t total = 0;
	int rc = SHEET_OK;
	if (!chunk)
		rc = SHEET_ENOMEM;
	while (rc == SHEET_OK) {
		zip_int64_t n = zip_fread(f, chunk, CHUNK);
		if (n < 0) {
			rc = SHEET_ECORRUPT;
			break;
		}
		total += (zip_uint64_t)n;
		/* Never trust the declared size: a lying header must not let more through. */
		if (total > st.size || total > r->budget) {
			rc = SHEET_EBOMB;
			break;
		}
		if (XML_Parse(p, chunk, (int)n, n == 0) != XML_STATUS_OK) {
			rc = r->err != SHEET_OK ? r->err : SHEET_EXML;
			break;
		}
		if (r->err != SHEET_OK) {
			rc = r->err;
			break;
		}
		if (n == 0)
			break;
	}
	if (rc == SHEET_OK)
		r->budget -= (size_t)total;
	free(chunk);
	XML_ParserFree(p);
	r->parser = NULL;
	zip_fclose(f);
	return rc;
}

/* ------------------------------------------------------------------ relationships */
/* Resolves a relationship target against base (a directory, "" for the package root) into
 * out: an absolute target starts from the root, "." and ".." segments are applied, a
 * backslash counts as '/'. Returns 0, or -1 when the result does not fit or climbs above
 * the root. */
static int resolve_target(const char *base, const char *target, char *out, size_t size)
{
	char path[2 * MAX_PATH];
	int n;
	if (target[0] == '/' || target[0] == '\\')
		n = snprintf(path, sizeof path, "%s", target + 1);
	else
		n = snprintf(path, sizeof path, "%s%s%s", base, base[0] ? "/" : "", target);
	if (n < 0 || (size_t)n >= sizeof path)
		return -1;
	size_t o = 0;
	const char *p = path;
	while (*p) {
		const char *seg = p;
		while (*p && *p != '/' && *p != '\\')
			p++;
		size_t len = (size_t)(p - seg);
		if (*p)
			p++;
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (o == 0)
				return -1;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--; /* the '/' before the dropped segment */
			continue;
		}
		if (o + (o ? 1 : 0) + len + 1 > size)
			return -1;
		if (o)
			out[o++] = '/';
		memcpy(out + o, seg, len);
		o += len;
	}
	out[o] = 0;
	return o ? 0 : -1;
}

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	reader *r = ud;
	if (strcmp(local(name), "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target"),
	           *type = attr(atts, "Type"), *mode = attr(atts, "TargetMode");
	if (!id || !target)
		return;
	if (mode && strcmp(mode, "External") == 0)
		return; /* a link outside the package, never a part */
	char resolved[MAX_PATH];
	if (resolve_target(r->rel_base, target, resolved, sizeof resolved) != 0)
		return;
	if (r->nrels == r->caprels) {
		int nc = r->caprels ? r->caprels * 2 : 16;
		if (nc > 4096)
			return;
		rel *p = realloc(r->rels, (size_t)nc * sizeof *p);
		if (!p) {
			fail(r, SHEET_ENOMEM);
			return;
		}
		r->rels = p;
		r->caprels = nc;
	}
	rel *e = &r->rels[r->nrels];
	e->id = strdup(id);
	e->target = strdup(resolved);
	e->type = strdup(type ? type : "");
	if (!e->id || !e->target || !e->type) {
		free(e->id), free(e->target), free(e->type);
		fail(r, SHEET_ENOMEM);
		return;
	}
	r->nrels++;
}

static void rels_clear(reader *r)
{
	for (int i = 0; i < r->nrels; i++)
		free(r->rels[i].id), free(r->rels[i].target), free(r->rels[i].type);
	r->nrels = 0;
}

static void noop_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static const rel *rel_find(const reader *r, const char *id)
{
	for (int i = 0; i < r->nrels; i++)
		if (strcmp(r->rels[i].id, id) == 0)
			return &r->rels[i];
	return NULL;
}

static const rel *rel_by_type(const reader *r, const char *suffix)
{
	size_t sl = strlen(suffix);
	for (int i = 0; i < r->nrels; i++) {
		size_t tl = strlen(r->rels[i].type);
		if (tl >= sl && strcmp(r->rels[i].type + tl - sl, suffix) == 0)
			return &r->rels[i];
	}
	return NULL;
}

/* ---------------------------------------------------------------------- workbook */
static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	reader *r = ud;
	const char *n = local(name);
	if (!r->wb_root_seen) {
		/* The main part of a .docx or .pptx is found the same way: not a spreadsheet. */
		r->wb_root_seen = 1;
		if (strcmp(n, "workbook") != 0) {
			fail(r, SHEET_ENOTSHEET);
			return;
		}
	}
	if (strcmp(n, "workbookPr") == 0) {
		const char *d = attr(atts, "date1904");
		if (d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0))
			r->t->date1904 = 1;
	} else if (strcmp(n, "sheet") == 0) {
		if (r->t->nsheets >= MAX_SHEETS)
			return;
		const char *sn = attr(atts, "name"), *state = attr(atts, "state"),
		           *id = attr(atts, "id");
		sheet_state s = SHEET_VISIBLE;
		if (state && strcmp(state, "hidden") == 0)
			s = SHEET_HIDDEN;
		if (state && strcmp(state, "veryHidden") == 0)
			s = SHEET_VERY_HIDDEN;
		r->sheet_rid[r->t->nsheets] = id ? strdup(id) : NULL;
		if (sheet_add_sheet(r->t, sn ? sn : "", s) != SHEET_OK)
			fail(r, SHEET_ENOMEM);
	}
}

/* ---------------------------------------------------------------- shared strings */
static void sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	reader *r = ud;
	(void)atts;
	const char *n = local(name);
	if (strcmp(n, "si") == 0) {
		r->in_si = 1;
		buf_reset(r);
	} else if (strcmp(n, "t") == 0 && r->in_si) {
		r->collecting = 1;
	} else if (strcmp(n, "rPh") == 0) {
		r->depth_rph++;
	}
}

static void sst_end(void *ud, const XML_Char *name)
{
	reader *r = ud;
	const char *n = local(name);
	if (strcmp(n, "t") == 0)
		r->collecting = 0;
	else if (strcmp(n, "rPh") == 0 && r->depth_rph)
		r->depth_rph--;
	else if (strcmp(n, "si") == 0 && r->in_si) {
		r->in_si = 0;
		if (r->nsst >= MAX_SST) {
			fail(r, SHEET_EBOMB);
			return;
		}
		if (r->nsst == r->capsst) {
			int nc = r->capsst ? r->capsst * 2 : 256;
			const char **p = realloc(r->sst, (size_t)nc * sizeof *p);
			if (!p) {
				fail(r, SHEET_ENOMEM);
				return;
			}
			r->sst = p;
			r->capsst = nc;
		}
		const char *s = sheet_strndup(r->t, r->buf ? r->buf : "", r->blen);
		if (!s) {
			fail(r, SHEET_ENOMEM);
			return;
		}
		r->sst[r->nsst++] = s;
	}
}

/* ------------------------------------------------------------------------ styles */
/* Built-in number formats that display dates (ECMA-376 18.8.30), plus the East Asian ones. */
static int builtin_date(int id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
	       (id >= 50 && id <= 58);
}

/* A custom format shows a date when it has d or y (or m without time parts) outside quoted
 * text, escapes and [colour]/[locale] brackets. */
static int format_is_date(const char *code)
{
	int d = 0, m = 0, hs = 0;
	for (const char *p = code; *p; p++) {
		if (*p == '"') {
			p++;
			while (*p && *p != '"')
				p++;
			if (!*p)
				break;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (!p[1])
				break;
			p++;
		} else if (*p == '[') {
			while (*p && *p != ']')
				p++;
			if (!*p)
				break;
		} else {
			char c = (char)(*p | 0x20);
			if (c == 'd' || c == 'y')
				d = 1;
			else if (c == 'm')
				m = 1;
			else if (c == 'h' || c == 's')
				hs = 1;
		}
	}
	return d || (m && !hs);
}

static void styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	reader *r = ud;
	const char *n = local(name);
	if (strcmp(n, "numFmts") == 0)
		r->in_numfmts = 1;
	else if (strcmp(n, "cellXfs") == 0)
		r->in_cellxfs = 1;
	else if (strcmp(n, "numFmt") == 0 && r->in_numfmts && r->nfmts < 512) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!id || !code)
			return;
		r->fmt_ids[r->nfmts] = to_int(id);
		r->fmt_is_date[r->nfmts] = (unsigned char)format_is_date(code);
		r->nfmts++;
	} else if (strcmp(n, "xf") == 0 && r->in_cellxfs) {
		if (r->nxf >= 65536)
			return;
		if (r->nxf == r->capxf) {
			int nc = r->capxf ? r->capxf * 2 : 64;
			unsigned char *p = realloc(r->xf_date, (size_t)nc);
			if (!p) {
				fail(r, SHEET_ENOMEM);
				return;
			}
			r->xf_date = p;
			r->capxf = nc;
		}
		const char *id = attr(atts, "numFmtId");
		int fid = to_int(id), isd = builtin_date(fid);
		for (int i = 0; i < r->nfmts; i++)
			if (r->fmt_ids[i] == fid)
				isd = r->fmt_is_date[i];
		r->xf_date[r->nxf++] = (unsigned char)isd;
	}
}

static void styles_end(void *ud, const XML_Char *name)
{
	reader *r = ud;
	const char *n = local(name);
	if (strcmp(n, "numFmts") == 0)
		r->in_numfmts = 0;
	else if (strcmp(n, "cellXfs") == 0)
		r->in_cellxfs = 0;
}

/* --------------------------------------------------------------------- worksheet */
/* Ends the open row; rows without content are not kept, so the importer only sees what the
 * user typed. */
static void row_close(reader *r)
{
	if (!r->row)
		return;
	if (r->row->ncells == 0) {
		free(r->row->cells);
		r->dest->nrows--;
	}
	r->row = NULL;
}

static void ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	reader *r = ud;
	const char *n = local(name);
	if (strcmp(n, "sheetData") == 0) {
		r->in_sheetdata = 1;
	} else if (strcmp(n, "row") == 0 && r->in_sheetdata) {
		const char *rn = attr(atts, "r"), *h = attr(atts, "hidden");
		row_close(
		        r); /* a <row> inside a <row>: malformed, but never leave an empty row behind */
		int no = rn ? to_int(rn) : r->row_no + 1;
		if (no <= r->row_no || no > 1048576)
			no = r->row_no + 1; /* keep rows ascending */
		r->row_no = no;
		r->col_no = -1;
		if (r->dest->nrows >= SHEET_MAX_ROWS) {
			fail(r, SHEET_ETOOMANYROWS);
			return;
		}
		r->row = sheet_add_row(r->dest, no);
		if (!r->row) {
			fail(r, SHEET_ENOMEM);
			return;
		}
		r->row->hidden = h && (strcmp(h, "1") == 0 || strcmp(h, "true") == 0);
	} else if (strcmp(n, "c") == 0 && r->row) {
		const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		int col = r->col_no + 1, rowno;
		if (ref && sheet_parse_ref(ref, &col, &rowno) != 0)
			col = r->col_no + 1;
		r->cell_col = col;
		r->col_no = col;
		snprintf(r->cell_type, sizeof r->cell_type, "%s", t ? t : "n");
		r->cell_style = to_int(s);
		r->cell_has_v = r->cell_formula = r->in_is = 0;
		buf_reset(r);
	} else if (strcmp(n, "v") == 0 && r->row) {
		r->cell_has_v = 1;
		r->collecting = 1;
		buf_reset(r);
	} else if (strcmp(n, "f") == 0 && r->row) {
		r->cell_formula = 1;
	} else if (strcmp(n, "is") == 0 && r->row) {
		r->in_is = 1;
		r->cell_has_v = 1;
		buf_reset(r);
	} else if (strcmp(n, "t") == 0 && r->in_is) {
		r->collecting = 1;
	} else if (strcmp(n, "rPh") == 0) {
		r->depth_rph++;
	} else if (strcmp(n, "mergeCell") == 0) {
		const char *ref = attr(atts, "ref");
		if (!ref || r->dest->nmerges >= 10000)
			return;
		char a[32], b[32];
		const char *colon = strchr(ref, ':');
		if (!colon || (size_t)(colon - ref) >= sizeof a || strlen(colon + 1) >= sizeof b)
			return;
		memcpy(a, ref, (size_t)(colon - ref));
		a[colon - ref] = 0;
		strcpy(b, colon + 1);
		int c1, r1, c2, r2;
		if (sheet_parse_ref(a, &c1, &r1) || sheet_parse_ref(b, &c2, &r2))
			return;
		if (sheet_add_merge(r->dest, r1, c1, r2, c2) != SHEET_OK)
			fail(r, SHEET_ENOMEM);
	}
}

static void cell_done(reader *r)
{
	const char *text = r->buf ? r->buf : "";
	size_t len = r->cell_has_v ? r->blen : 0;
	sheet_kind kind = SHEET_CELL_NUMBER;
	const char *t = r->cell_type;
	/* Programs that write formulas without calculating them leave no <v> (or an empty one
	 * for a number): the cell is not empty, its value is unknown. An empty string result
	 * (t="str") is a real value. */
	if (r->cell_formula && len == 0 && strcmp(t, "str") != 0 && strcmp(t, "inlineStr") != 0) {
		int rc = sheet_add_cell(r->dest, r->row, r->cell_col, SHEET_CELL_FORMULA, "", 0, 1);
		if (rc != SHEET_OK)
			fail(r, rc);
		return;
	}
	if (!r->cell_has_v)
		return;
	if (strcmp(t, "s") == 0) {
		char *end;
		long i = strtol(text, &end, 10);
		if (end == text || i < 0 || i >= r->nsst)
			return; /* dangling index: treat as empty */
		text = r->sst[i];
		len = strlen(text);
		kind = SHEET_CELL_STRING;
	} else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
		kind = SHEET_CELL_STRING;
	} else if (strcmp(t, "b") == 0) {
		kind = SHEET_CELL_BOOL;
	} else if (strcmp(t, "e") == 0) {
		kind = SHEET_CELL_ERROR;
	} else if (strcmp(t, "d") == 0) {
		kind = SHEET_CELL_DATE;
	} else if (r->cell_style > 0 && r->cell_style < r->nxf && r->xf_date[r->cell_style]) {
		kind = SHEET_CELL_DATE;
	}
	if (len == 0)
		return;
	int rc = sheet_add_cell(r->dest, r->row, r->cell_col, kind, text, len, r->cell_formula);
	if (rc != SHEET_OK)
		fail(r, rc);
}

static void ws_end(void *ud, const XML_Char *name)
{
	reader *r = ud;
	const char *n = local(name);
	if (strcmp(n, "v") == 0)
		r->collecting = 0;
	else if (strcmp(n, "t") == 0 && r->in_is)
		r->collecting = 0;
	else if (strcmp(n, "is") == 0)
		r->in_is = 0;
	else if (strcmp(n, "rPh") == 0 && r->depth_rph)
		r->depth_rph--;
	else if (strcmp(n, "c") == 0 && r->row) {
		cell_done(r);
		r->collecting = 0;
	} else if (strcmp(n, "row") == 0 && r->row) {
		row_close(r);
	} else if (strcmp(n, "sheetData") == 0) {
		r->in_sheetdata = 0;
	}
}

/* A part in the workbook's directory by its usual name, for workbooks without relationships. */
static void usual_part(const reader *r, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s", r->rel_base, r->rel_base[0] ? "/" : "", name);
}

static int read_sheet(reader *r, int idx, sheet_table *dest, int *missing)
{
	char path[MAX_PATH + 64];
	const rel *e = r->sheet_rid[idx] ? rel_find(r, r->sheet_rid[idx]) : NULL;
	if (e) {
		snprintf(path, sizeof path, "%s", e->target);
	} else {
		char name[48];
		snprintf(name, sizeof name, "worksheets/sheet%d.xml", idx + 1);
		usual_part(r, name, path, sizeof path);
	}
	r->dest = dest;
	r->row = NULL;
	r->row_no = 0;
	r->in_sheetdata = 0;
	return parse_part(r, path, ws_start, ws_end, missing);
}

/* ------------------------------------------------------------------------ driver */
int xlsx_looks_like_zip(const void *data, size_t len)
{
	const unsigned char *p = data;
	return len >= 4 && p[0] == 'P' && p[1] == 'K' &&
	       ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6));
}

int xlsx_looks_like_ole2(const void *data, size_t len)
{
	static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	return len >= 8 && memcmp(data, magic, 8) == 0;
}

static int is_worksheet(const reader *r, int i)
{
	const rel *e = r->sheet_rid[i] ? rel_find(r, r->sheet_rid[i]) : NULL;
	if (!e)
		return 1;
	size_t tl = strlen(e->type);
	return tl == 0 || (tl >= 10 && strcmp(e->type + tl - 10, "/worksheet") == 0);
}

/* Finds the workbook part through the package relationships (xl/workbook.xml when they do
 * not name one) and reads the workbook's own relationships, leaving them in r->rels with
 * r->rel_base the workbook's directory. Returns SHEET_OK or the error of a damaged part; a
 * missing relationships part is fine. */
static int find_workbook(reader *r)
{
	int missing = 0;
	snprintf(r->wb_path, sizeof r->wb_path, "xl/workbook.xml");
	r->rel_base[0] = 0;
	int rc = parse_part(r, "_rels/.rels", rels_start, noop_end, &missing);
	if (rc != SHEET_OK && !missing)
		return rc;
	/* Transitional and strict OOXML name the relationship type differently; both end so. */
	const rel *doc = rel_by_type(r, "/officeDocument");
	if (doc && locate(r, doc->target) >= 0)
		snprintf(r->wb_path, sizeof r->wb_path, "%s", doc->target);
	rels_clear(r);
	/* A binary workbook (.xlsb, workbook.bin) is not XML: not a file this reader reads. */
	size_t wl = strlen(r->wb_path);
	if (wl < 4 || strcasecmp(r->wb_path + wl - 4, ".xml") != 0)
		return SHEET_ENOTSHEET;

	/* "dir/name.xml" has its relationships in "dir/_rels/name.xml.rels". */
	const char *slash = strrchr(r->wb_path, '/');
	size_t dirlen = slash ? (size_t)(slash - r->wb_path) : 0;
	memcpy(r->rel_base, r->wb_path, dirlen);
	r->rel_base[dirlen] = 0;
	char rels_path[2 * MAX_PATH + 16];
	snprintf(rels_path, sizeof rels_path, "%s%s_rels/%s.rels", r->rel_base, dirlen ? "/" : "",
	         slash ? slash + 1 : r->wb_path);
	rc = parse_part(r, rels_path, rels_start, noop_end, &missing);
	return rc != SHEET_OK && !missing ? rc : SHEET_OK;
}

/* The sheet to read: the one asked for by name, else the first visible worksheet that is
 * not the template's metadata sheet. *meta_idx = the metadata sheet, -1 when absent.
 * Returns the data sheet's index, -1 when there is none. */
static int pick_sheets(reader *r, const char *want_sheet, int *meta_idx)
{
	int data_idx = -1;
	*meta_idx = -1;
	for (int i = 0; i < r->t->nsheets; i++) {
		const char *sn = r->t->sheets[i].name;
		if (strcmp(sn, SHEET_META_NAME) == 0) {
			*meta_idx = i;
			continue;
		}
		if (!is_worksheet(r, i))
			continue;
		if (want_sheet && strcmp(sn, want_sheet) == 0)
			data_idx = i;
	}
	for (int i = 0; data_idx < 0 && i < r->t->nsheets; i++)
		if (i != *meta_idx && r->t->sheets[i].state == SHEET_VISIBLE && is_worksheet(r, i))
			data_idx = i;
	return data_idx;
}

/* Copies the metadata sheet's key/value rows into the table. A damaged metadata sheet
 * fails the whole read: skipping it would also skip the check that the template belongs
 * to this organisation. A missing part is just absent. */
static int read_meta(reader *r, int meta_idx)
{
	sheet_table *m = sheet_new("xlsx");
	if (!m)
		return SHEET_ENOMEM;
	int rc = SHEET_OK, mmissing = 0, mrc = read_sheet(r, meta_idx, m, &mmissing);
	if (mrc == SHEET_OK) {
		for (int i = 0; i < m->nrows && i < 64; i++) {
			const sheet_cell *k = sheet_cell_at(&m->rows[i], 0),
			                 *v = sheet_cell_at(&m->rows[i], 1);
			if (k && sheet_add_meta(r->t, k->text, v ? v->text : "") != SHEET_OK)
				rc = SHEET_ENOMEM;
		}
	} else if (!mmissing) {
		rc = mrc;
	}
	sheet_free(m);
	return rc;
}

int xlsx_read(const void *data, size_t len, const char *want_sheet, sheet_table **out)
{
	*out = NULL;
	if (!data || len == 0)
		return SHEET_EEMPTY;
	if (xlsx_looks_like_ole2(data, len)) {
		/* Password-protected .xlsx files are OLE2 containers holding an EncryptionInfo stream. */
		static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o";
		if (memmem(data, len, enc, sizeof enc - 1))
			return SHEET_EENCRYPTED;
		return SHEET_EXLS;
	}
	if (!xlsx_looks_like_zip(data, len))
		return SHEET_ENOTSHEET;

	reader r;
	memset(&r, 0, sizeof r);
	r.budget = XLSX_MAX_UNCOMPRESSED;
	int rc = SHEET_OK, missing = 0;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return SHEET_ENOMEM;
	}
	r.zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!r.zip) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return SHEET_ECORRUPT;
	}
	zip_error_fini(&ze);
	r.t = sheet_new("xlsx");
	if (!r.t) {
		rc = SHEET_ENOMEM;
		goto end;
	}

	rc = find_workbook(&r);
	if (rc != SHEET_OK)
		goto end;
	rc = parse_part(&r, r.wb_path, wb_start, noop_end, &missing);
	if (rc != SHEET_OK) {
		/* A zip without a workbook is a .docx, a .zip of photos...: not a spreadsheet. */
		if (missing)
			rc = SHEET_ENOTSHEET;
		goto end;
	}
	if (r.t->nsheets == 0) {
		rc = SHEET_ENOSHEET;
		goto end;
	}
	char usual[MAX_PATH + 64];
	const rel *sst = rel_by_type(&r, "/sharedStrings");
	usual_part(&r, "sharedStrings.xml", usual, sizeof usual);
	rc = parse_part(&r, sst ? sst->target : usual, sst_start, sst_end, &missing);
	if (rc != SHEET_OK && !missing)
		goto end;
	const rel *sty = rel_by_type(&r, "/styles");
	usual_part(&r, "styles.xml", usual, sizeof usual);
	rc = parse_part(&r, sty ? sty->target : usual, styles_start, styles_end, &missing);
	if (rc != SHEET_OK && !missing)
		goto end;

	int meta_idx, data_idx = pick_sheets(&r, want_sheet, &meta_idx);
	if (data_idx < 0) {
		rc = SHEET_ENOSHEET;
		goto end;
	}
	r.t->data_sheet = r.t->sheets[data_idx].name;
	rc = read_sheet(&r, data_idx, r.t, NULL);
	if (rc != SHEET_OK) {
		goto end;
	}
	if (meta_idx >= 0)
		rc = read_meta(&r, meta_idx);

end:
	for (int i = 0; i < MAX_SHEETS; i++)
		free(r.sheet_rid[i]);
	rels_clear(&r);
	free(r.rels);
	free(r.sst);
	free(r.xf_date);
	free(r.buf);
	zip_discard(r.zip); /* also frees the source */
	if (rc != SHEET_OK) {
		sheet_free(r.t);
		return rc;
	}
	*out = r.t;
	return SHEET_OK;
}
