/* sheet.c — the read table shared by the .xlsx and CSV readers: an arena for strings,
 * growable arrays for rows, sheets, merges and metadata, and the error vocabulary. */
#include "sheet.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* Strings are small and many; one malloc per string would dominate a 20,000-row read. */
struct sheet_arena_block {
	sheet_arena_block *next;
	size_t used, size;
	char data[];
};

#define ARENA_BLOCK 65536

sheet_table *sheet_new(const char *format)
{
	sheet_table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->format = format;
	t->encoding = "utf-8";
	t->data_sheet = "";
	return t;
}

void sheet_free(sheet_table *t)
{
	if (!t)
		return;
	sheet_arena_block *b = t->arena;
	while (b) {
		sheet_arena_block *n = b->next;
		free(b);
		b = n;
	}
	for (int i = 0; i < t->nrows; i++)
		free(t->rows[i].cells);
	free(t->rows);
	free(t->sheets);
	free(t->merges);
	free(t->meta);
	free(t);
}

static void *arena_alloc(sheet_table *t, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	sheet_arena_block *b = t->arena;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		sheet_arena_block *nb = malloc(sizeof *nb + size);
		if (!nb)
			return NULL;
		nb->size = size;
		nb->used = 0;
		/* A big one-off string goes behind the current block so the current one keeps filling. */
		if (b && size > ARENA_BLOCK) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			t->arena = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += n;
	return p;
}

char *sheet_strndup(sheet_table *t, const char *s, size_t n)
{
	char *p = arena_alloc(t, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *sheet_strdup(sheet_table *t, const char *s)
{
	return sheet_strndup(t, s, strlen(s));
}

/* Grows *arr (element size elsz) so that index *n fits; returns 0 or -1. */
static int grow(void **arr, int *cap, int n, size_t elsz)
{
	if (n < *cap)
		return 0;
	int nc = *cap ? *cap * 2 : 16;
	void *p = realloc(*arr, (size_t)nc * elsz);
	if (!p)
		return -1;
	*arr = p;
	*cap = nc;
	return 0;
}

sheet_row *sheet_add_row(sheet_table *t, int row)
{
	if (grow((void **)&t->rows, &t->caprows, t->nrows, sizeof *t->rows))
		return NULL;
	sheet_row *r = &t->rows[t->nrows++];
	memset(r, 0, sizeof *r);
	r->row = row;
	return r;
}

int sheet_add_cell(sheet_table *t, sheet_row *r, int col, sheet_kind kind, const char *text,
                   size_t len, int is_formula)
{
	if (col < 0 || col >= SHEET_MAX_COLS)
		return SHEET_OK;
	if (r->ncells && r->cells[r->ncells - 1].col >= col)
		return SHEET_OK;
	/* A file can hold millions of tiny cells within the size limits; memory must stay bounded. */
	if (t->ncells_total >= SHEET_MAX_CELLS)
		return SHEET_EBOMB;
	/* Row cell arrays grow by powers of two: the capacity is implied by ncells. */
	int n = r->ncells;
	if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
		int nc = n == 0 ? 8 : n * 2;
		sheet_cell *p = realloc(r->cells, (size_t)nc * sizeof *p);
		if (!p)
			return SHEET_ENOMEM;
		r->cells = p;
	}
	if (len > SHEET_MAX_CELL_BYTES) {
		/* Do not cut a UTF-8 sequence in half. */
		len = utf8_floor(text, SHEET_MAX_CELL_BYTES);
	}
	char *s = sheet_strndup(t, text ? text : "", text ? len : 0);
	if (!s)
		return SHEET_ENOMEM;
	sheet_cell *c = &r->cells[r->ncells++];
	c->col = col;
	c->kind = kind;
	c->text = s;
	c->is_formula = is_formula;
	t->ncells_total++;
	return SHEET_OK;
}

int sheet_add_sheet(sheet_table *t, const char *name, sheet_state state)
{
	if (grow((void **)&t->sheets, &t->capsheets, t->nsheets, sizeof *t->sheets))
		return SHEET_ENOMEM;
	const char *s = sheet_strdup(t, name);
	if (!s)
		return SHEET_ENOMEM;
	t->sheets[t->nsheets].name = s;
	t->sheets[t->nsheets].state = state;
	t->nsheets++;
	return SHEET_OK;
}

int sheet_add_merge(sheet_table *t, int r1, int c1, int r2, int c2)
{
	if (grow((void **)&t->merges, &t->capmerges, t->nmerges, sizeof *t->merges))
		return SHEET_ENOMEM;
	t->merges[t->nmerges++] = (sheet_merge){r1, c1, r2, c2};
	return SHEET_OK;
}

int sheet_add_meta(sheet_table *t, const char *key, const char *value)
{
	if (grow((void **)&t->meta, &t->capmeta, t->nmeta, sizeof *t->meta))
		return SHEET_ENOMEM;
	const char *k = sheet_strdup(t, key), *v = sheet_strdup(t, value);
	if (!k || !v)
		return SHEET_ENOMEM;
	t->meta[t->nmeta].key = k;
	t->meta[t->nmeta].value = v;
	t->nmeta++;
	return SHEET_OK;
}

const sheet_cell *sheet_cell_at(const sheet_row *r, int col)
{
	/* Rows are short (a dozen columns); a binary search keeps wide rows cheap too. */
	int lo = 0, hi = r->ncells - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (r->cells[mid].col == col)
			return &r->cells[mid];
		if (r->cells[mid].col < col)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

const char *sheet_meta_get(const sheet_table *t, const char *key)
{
	for (int i = 0; i < t->nmeta; i++)
		if (strcmp(t->meta[i].key, key) == 0)
			return t->meta[i].value;
	return NULL;
}

void sheet_col_name(int col, char *buf, size_t size)
{
	char tmp[8];
	int n = 0;
	if (col < 0)
		col = 0;
	col++;
	while (col > 0 && n < 7) {
		int rem = (col - 1) % 26;
		tmp[n++] = (char)('A' + rem);
		col = (col - 1) / 26;
	}
	size_t i = 0;
	while (n > 0 && i + 1 < size)
		buf[i++] = tmp[--n];
	if (size)
		buf[i] = 0;
}

int sheet_parse_ref(const char *ref, int *col, int *row)
{
	long c = 0, r = 0;
	const char *p = ref;
	int letters = 0;
	while (*p == '$')
		p++;
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
		c = c * 26 + ((*p | 0x20) - 'a' + 1);
		if (c > 16384)
			return -1;
		p++;
		letters++;
	}
	if (*p == '$')
		p++;
	while (*p >= '0' && *p <= '9') {
		r = r * 10 + (*p - '0');
		if (r > 1048576)
			return -1;
		p++;
	}
	if (*p || !letters)
		return -1;
	*col = (int)c - 1;
	*row = (int)r;
	return 0;
}

static const struct {
	const char *code, *message;
} errs[SHEET_ERR_COUNT] = {
        [SHEET_OK] = {"ok", "정상입니다."},
        [SHEET_ENOMEM] =
                {"out_of_memory",
                 "서버 메모리가 부족해 파일을 읽지 못했습니다. 잠시 후 다시 시도해 주세요."},
        [SHEET_EEMPTY] = {"empty_file",
                          "빈 파일입니다. 내용을 입력해 저장한 파일을 다시 올려 주세요."},
        [SHEET_EXLS] = {"xls_format", "예전 엑셀 형식(.xls) 파일은 읽을 수 없습니다. 엑셀에서 "
                                      "'다른 이름으로 저장'을 눌러 "
                                      "'Excel 통합 문서(.xlsx)'로 저장한 뒤 다시 올려 주세요."},
        [SHEET_ENOTSHEET] =
                {"not_spreadsheet",
                 "엑셀(.xlsx) 또는 CSV 파일이 아닙니다. 엑셀에서 'Excel 통합 문서(.xlsx)'나 "
                 "'CSV'로 저장한 파일을 올려 주세요."},
        [SHEET_ECORRUPT] = {"corrupt_file", "파일이 손상되었거나 끝까지 전송되지 않았습니다. "
                                            "엑셀에서 파일을 열어 다시 저장한 뒤 "
                                            "올려 주세요."},
        [SHEET_EBOMB] = {"file_too_large", "파일이 너무 큽니다(압축을 푼 크기 64MB, 셀 100만 "
                                           "개까지). 필요한 행만 남겨서 다시 "
                                           "올려 주세요."},
        [SHEET_EENTITY] = {"xml_entity", "파일 안에 허용되지 않는 XML 선언(DOCTYPE/ENTITY)이 "
                                         "있습니다. 엑셀에서 새로 저장한 "
                                         "파일을 올려 주세요."},
        [SHEET_EXML] = {"bad_xml", "엑셀 파일 내부 구조가 올바르지 않습니다. 엑셀에서 파일을 열어 "
                                   "다시 저장한 뒤 올려 주세요."},
        [SHEET_ETOOMANYROWS] =
                {"too_many_rows",
                 "행이 너무 많습니다. 한 번에 최대 20,000행까지 올릴 수 있습니다. 파일을 나누어 "
                 "올려 주세요."},
        [SHEET_ENOSHEET] = {"no_sheet", "파일에 읽을 수 있는 시트가 없습니다. 내용이 있는 시트를 "
                                        "숨김 해제하고 저장한 뒤 올려 주세요."},
        [SHEET_EENCODING] = {"bad_encoding", "파일의 글자 인코딩을 알 수 없습니다. CSV는 UTF-8 "
                                             "또는 엑셀 기본(CP949)으로 저장해 "
                                             "주세요."},
        [SHEET_EENCRYPTED] =
                {"encrypted_file",
                 "암호가 걸린 파일은 읽을 수 없습니다. 암호를 해제하고 저장한 뒤 올려 주세요."},
};

const char *sheet_err_code(int err)
{
	if (err < 0 || err >= SHEET_ERR_COUNT)
		return "unknown_error";
	return errs[err].code;
}

const char *sheet_err_message(int err)
{
	if (err < 0 || err >= SHEET_ERR_COUNT)
		return "알 수 없는 오류로 파일을 읽지 못했습니다.";
	return errs[err].message;
}
