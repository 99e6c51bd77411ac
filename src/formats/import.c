/* import.c — upload parsing and validation into a preview; see import.h for the rules. */
#include "import.h"

#include <ctype.h>
#include <math.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "csv_read.h"
#include "korean.h"
#include "ledger_rules.h"
#include "spreadsheet.h"
#include "template.h"
#include "util.h"
#include "xlsx_read.h"
#include "utf8.h"
#include "date.h"

/* --------------------------------------------------------------- string hash map */
typedef struct map_slot {
	const char *key; /* owned by the pool; NULL when free */
	int value;
} map_slot;

typedef struct strmap {
	map_slot *slots;
	size_t cap, n;
} strmap;

static unsigned long long hash_str(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static int *map_get(strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	size_t i = (size_t)hash_str(key) & (m->cap - 1);
	while (m->slots[i].key) {
		if (strcmp(m->slots[i].key, key) == 0)
			return &m->slots[i].value;
		i = (i + 1) & (m->cap - 1);
	}
	return NULL;
}

/* Inserts key (which must outlive the map) with value; returns -1 when out of memory. */
static int map_put(strmap *m, const char *key, int value)
{
	if ((m->n + 1) * 10 > m->cap * 7) {
		size_t nc = m->cap ? m->cap * 2 : 256;
		map_slot *ns = calloc(nc, sizeof *ns);
		if (!ns)
			return -1;
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].key) {
				size_t j = (size_t)hash_str(m->slots[i].key) & (nc - 1);
				while (ns[j].key)
					j = (j + 1) & (nc - 1);
				ns[j] = m->slots[i];
			}
		free(m->slots);
		m->slots = ns;
		m->cap = nc;
	}
	size_t i = (size_t)hash_str(key) & (m->cap - 1);
	while (m->slots[i].key)
		i = (i + 1) & (m->cap - 1);
	m->slots[i].key = key;
	m->slots[i].value = value;
	m->n++;
	return 0;
}

/* ------------------------------------------------------------------ the state */
/* What is known about one SKU, looked up once per upload. */
typedef struct sku_entry {
	const char *sku;
	int found, active, is_set, needs_expiry;
	long long on_hand;
	const char *name;
	import_component *comps;
	int ncomps;
	int diff;     /* index into res->diff, or -1 */
	int last_row; /* last row that moved this SKU out, for the below-zero message */
} sku_entry;

typedef struct state {
	import_result *res;
	const import_ctx *ctx;
	int capitems, capproblems, capdiff;
	sku_entry *skus;
	int nskus, capskus;
	strmap sku_map; /* sku -> index into skus */
	strmap dup_map; /* "sku\x1fdate" -> index into res->items */
	int oom;
	int stored_problems;
} state;

/* In the template's column order (template_headers, TEMPLATE_COL_*). */
enum {
	F_SKU,
	F_PLAYAUTO,
	F_NAME,
	F_CATEGORY,
	F_KIND,
	F_IN,
	F_OUT,
	F_DATE,
	F_MEMO,
	F_EXPIRY,
	F_LOT,
	F_ONHAND,
	F_N
};

/* Normalised header synonyms per field; the first is the template's own header. */
static const char *const synonyms[F_N][8] = {
        [F_SKU] = {"마스터sku", "mastersku", "sku", "마스터상품코드", "자체상품코드", "상품코드"},
        [F_PLAYAUTO] = {"플레이오토sku", "playautosku", "플레이오토상품코드"},
        [F_NAME] = {"상품명", "품명", "productname"},
        [F_CATEGORY] = {"카테고리", "분류", "category"},
        [F_KIND] = {"세트유무", "세트여부", "세트구분"},
        [F_IN] = {"입고수량", "입고량", "입고", "입고수", "inbound", "inboundqty"},
        [F_OUT] = {"출고수량", "출고량", "출고", "출고수", "outbound", "outboundqty"},
        [F_DATE] = {"처리일자", "처리일", "일자", "날짜", "입출고일자", "date"},
        [F_MEMO] = {"메모", "비고", "memo", "note"},
        [F_EXPIRY] = {"소비기한", "유통기한", "expiry", "expirydate", "expirationdate",
                      "bestbefore"},
        [F_LOT] = {"로트번호", "로트", "lot", "lotno", "lotnumber", "제조번호"},
        [F_ONHAND] = {"현재재고", "재고", "현재고", "onhand"},
};

static void *xrealloc_items(void *p, int *cap, int n, size_t elsz, int *oom)
{
	if (n < *cap)
		return p;
	int nc = *cap ? *cap * 2 : 64;
	void *q = realloc(p, (size_t)nc * elsz);
	if (!q) {
		*oom = 1;
		return NULL;
	}
	*cap = nc;
	return q;
}

static const char *pool_str(state *s, const char *str)
{
	const char *p = sheet_strdup(s->res->pool, str ? str : "");
	if (!p) {
		s->oom = 1;
		return "";
	}
	return p;
}

/* Records a problem and returns it, or NULL when it was only counted (past
 * IMPORT_MAX_PROBLEMS, or out of memory). */
static import_problem *add_problem(state *s, int row, const char *column, import_severity sev,
                                   const char *code, const char *fmt, ...)
        __attribute__((format(printf, 6, 7)));

static import_problem *add_problem(state *s, int row, const char *column, import_severity sev,
                                   const char *code, const char *fmt, ...)
{
	import_result *r = s->res;
	if (sev == IMPORT_ERROR)
		r->errors++;
	else
		r->warnings++;
	if (s->stored_problems >= IMPORT_MAX_PROBLEMS)
		return NULL;
	void *p = xrealloc_items(r->problems, &s->capproblems, r->nproblems, sizeof *r->problems,
	                         &s->oom);
	if (!p)
		return NULL;
	r->problems = p;
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	utf8_drop_partial(msg);
	import_problem *pr = &r->problems[r->nproblems++];
	pr->row = row;
	pr->column = pool_str(s, column);
	pr->severity = sev;
	pr->code = code;
	pr->message = pool_str(s, msg);
	pr->details = NULL;
	s->stored_problems++;
	return pr;
}

/* ------------------------------------------------------------------- text helpers */
/* Length of a leading Unicode space (ASCII whitespace, NBSP, ideographic space) at p. */
static size_t space_len(const unsigned char *p)
{
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f')
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

/* Rewrites buf (size bytes) in NFC when it has non-ASCII text: a SKU typed on a Mac may
 * arrive decomposed inside an .xlsx too. Left as is when out of memory or too long. */
static void nfc_in_place(char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)buf;
	while (*p && *p < 0x80)
		p++;
	if (!*p)
		return;
	unsigned char *n = utf8proc_NFC((const unsigned char *)buf);
	if (n && strlen((char *)n) < size)
		strcpy(buf, (char *)n);
	free(n);
}

/* Copies s without surrounding spaces into buf (size > 0). */
static void trim_into(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t k;
	while ((k = space_len(p)) > 0)
		p += k;
	size_t n = strlen((const char *)p);
	while (n > 0) {
		const unsigned char *e = p + n;
		if (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')
			n--;
		else if (n >= 2 && e[-2] == 0xC2 && e[-1] == 0xA0)
			n -= 2;
		else if (n >= 3 && e[-3] == 0xE3 && e[-2] == 0x80 && e[-1] == 0x80)
			n -= 3;
		else
			break;
	}
	if (n >= size) {
		n = size - 1;
		while (n > 0 && (p[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(buf, p, n);
	buf[n] = 0;
}

void import_normalize_header(const char *in, char *buf, size_t size)
{
	unsigned char *nfc = NULL;
	const unsigned char *p = (const unsigned char *)(in ? in : "");
	for (const unsigned char *q = p; *q; q++)
		if (*q >= 0x80) {
			nfc = utf8proc_NFC(p);
			if (nfc)
				p = nfc;
			break;
		}
	size_t o = 0;
	int paren = 0;
	while (*p && o + 4 < size) {
		size_t k = space_len(p);
		if (k) {
			p += k;
			continue;
		}
		/* Brackets hold units and hints ("입고 수량(개)", "처리일자 [선택]"): drop them. */
		if (*p == '(' || *p == '[') {
			paren++;
			p++;
			continue;
		}
		if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x88) { /* （ */
			paren++;
			p += 3;
			continue;
		}
		if (*p == ')' || *p == ']') {
			if (paren)
				paren--;
			p++;
			continue;
		}
		if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x89) { /* ） */
			if (paren)
				paren--;
			p += 3;
			continue;
		}
		if (paren) {
			p++;
			continue;
		}
		if (*p < 0x80 && (ispunct(*p))) {
			p++;
			continue;
		}
		buf[o++] = (char)(*p < 0x80 ? tolower(*p) : *p);
		p++;
	}
	buf[o] = 0;
	free(nfc);
}

/* ---------------------------------------------------------------------- dates */
/* Dates are validated to 2000-2099 before formatting, so ten characters always suffice. */
static void fmt_date(char out[11], int y, int m, int d)
{
	char b[48];
	snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
	memcpy(out, b, 10);
	out[10] = 0;
}

static int valid_ymd(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1)
		return 0;
	int md = mdays[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
	return d <= md;
}

int import_serial_to_date(double serial, int date1904, char out[11])
{
	if (!isfinite(serial) || serial < 1 || serial > 2958465)
		return -1;
	long long s = (long long)floor(serial);
	int64_t base =
	        date1904 ? date_days_from_civil(1904, 1, 1) : date_days_from_civil(1899, 12, 30);
	if (!date1904 && s < 61)
		s++; /* Lotus's phantom 1900-02-29 shifts early serials */
	int y, m, d;
	date_civil_from_days(base + s, &y, &m, &d);
	if (!valid_ymd(y, m, d))
		return -1;
	fmt_date(out, y, m, d);
	return 0;
}

/* Reads "2025-01-28", "2025.1.28.", "2025/01/28", "2025. 1. 28.", "20250128", optionally
 * followed by a time; or a serial number. Returns 0 with out set, -1 when not a date. */
static int parse_date_text(const char *s, int date1904, char out[11])
{
	int v[3] = {0, 0, 0}, nd[3] = {0, 0, 0}, k = 0;
	const char *p = s;
	while (*p && k < 3) {
		if (*p >= '0' && *p <= '9') {
			if (nd[k] >= 8)
				return -1;
			v[k] = v[k] * 10 + (*p - '0');
			nd[k]++;
			p++;
		} else if ((*p == '-' || *p == '.' || *p == '/') && nd[k] > 0) {
			k++;
			p++;
			while (*p == ' ')
				p++;
		} else {
			break;
		}
	}
	if (k == 0 && nd[0] == 8 && (!*p || *p == ' ' || *p == 'T')) {
		int y = v[0] / 10000, m = v[0] / 100 % 100, d = v[0] % 100;
		if (!valid_ymd(y, m, d))
			return -1;
		fmt_date(out, y, m, d);
		return 0;
	}
	if (k == 0 && nd[0] > 0 && nd[0] <= 5) {
		char *end;
		double serial = strtod(s, &end);
		while (*end == ' ')
			end++;
		if (*end)
			return -1;
		return import_serial_to_date(serial, date1904, out);
	}
	if (k >= 2 && nd[0] > 0 && nd[1] > 0 && nd[2] > 0) {
		if (k == 3) { /* "2025.1.28." ends with a separator */
		} else if (*p && *p != ' ' && *p != 'T') {
			return -1;
		}
		int y = v[0], m = v[1], d = v[2];
		if (nd[0] == 2)
			y += 2000;
		if (!valid_ymd(y, m, d))
			return -1;
		fmt_date(out, y, m, d);
		return 0;
	}
	return -1;
}

/* ----------------------------------------------------------------- quantities */
typedef enum qty_rc { QTY_OK, QTY_EMPTY, QTY_NAN, QTY_NEG, QTY_FRAC, QTY_BIG } qty_rc;

/* Reads a quantity cell that has a value (spreadsheet_cell_problem() found nothing wrong
 * with it: formulas without a value and error results are reported before). */
static qty_rc parse_qty(const sheet_cell *c, long long *out, char *shown, size_t shown_size)
{
	shown[0] = 0;
	if (!c)
		return QTY_EMPTY;
	char t[128];
	trim_into(c->text, t, sizeof t);
	snprintf(shown, shown_size, "%s", t);
	if (!t[0])
		return QTY_EMPTY;
	if (c->kind == SHEET_CELL_BOOL)
		return QTY_NAN;
	/* "１２" typed in full-width mode is plainly 12. */
	char folded[128];
	spreadsheet_number_text(t, folded, sizeof folded);
	memcpy(t, folded, sizeof t);
	/* Numbers stored as text may carry thousands separators and inner spaces: "1,200". */
	char clean[128];
	size_t o = 0;
	for (const char *p = t; *p && o + 1 < sizeof clean; p++) {
		if (*p == ',' && p > t && p[1] >= '0' && p[1] <= '9')
			continue;
		if (*p == ' ')
			continue;
		clean[o++] = *p;
	}
	clean[o] = 0;
	for (size_t i = 0; i < o; i++)
		if (!strchr("0123456789+-.eE", clean[i]))
			return QTY_NAN;
	char *end;
	double v = strtod(clean, &end);
	if (end == clean || *end || !isfinite(v))
		return QTY_NAN;
	if (v < 0 && v <= -1e-9)
		return QTY_NEG;
	double r = nearbyint(v);
	/* Formula results like 12.000000000000002 are whole numbers in disguise. */
	if (fabs(v - r) > 1e-9 * (fabs(v) > 1 ? fabs(v) : 1))
		return QTY_FRAC;
	if (r > (double)LEDGER_MAX_QTY)
		return QTY_BIG;
	*out = (long long)r;
	return QTY_OK;
}

static void qty_problem(state *s, int row, const char *col, qty_rc rc, const char *shown)
{
	switch (rc) {
	case QTY_NAN:
		add_problem(s, row, col, IMPORT_ERROR, "not_a_number",
		            "'%s'%s 숫자가 아닙니다. %s에는 0 이상의 정수만 입력하세요 (예: "
		            "12). 단위나 "
		            "글자는 빼 주세요.",
		            shown, korean_josa(shown, "은/는"), col);
		break;
	case QTY_NEG:
		add_problem(s, row, col, IMPORT_ERROR, "negative_qty",
		            "%s%s 음수(%s)입니다. 0 이상의 정수로 입력하세요. 재고를 줄이려면 "
		            "출고 수량에 "
		            "양수로 입력하세요.",
		            col, korean_josa(col, "이/가"), shown);
		break;
	case QTY_FRAC:
		add_problem(s, row, col, IMPORT_ERROR, "fractional_qty",
		            "%s%s 소수(%s)입니다. 재고는 낱개 단위이므로 정수로 입력하세요.", col,
		            korean_josa(col, "이/가"), shown);
		break;
	case QTY_BIG:
		add_problem(s, row, col, IMPORT_ERROR, "qty_too_large",
		            "%s(%s)%s 너무 큽니다. 한 번에 %s개까지 입출고할 수 있습니다. 수량을 "
		            "확인하거나 여러 행으로 나눠 입력하세요.",
		            col, shown, korean_josa(col, "이/가"), KNUM(LEDGER_MAX_QTY));
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ SKU lookup */
static sku_entry *sku_get(state *s, const char *sku)
{
	int *ix = map_get(&s->sku_map, sku);
	if (ix)
		return &s->skus[*ix];
	void *p = xrealloc_items(s->skus, &s->capskus, s->nskus, sizeof *s->skus, &s->oom);
	if (!p)
		return NULL;
	s->skus = p;
	sku_entry *e = &s->skus[s->nskus];
	memset(e, 0, sizeof *e);
	e->sku = pool_str(s, sku);
	e->diff = -1;
	import_product prod;
	memset(&prod, 0, sizeof prod);
	if (s->ctx->lookup && s->ctx->lookup(s->ctx->lookup_ud, sku, &prod)) {
		e->found = 1;
		e->active = prod.active;
		e->is_set = prod.is_set;
		e->needs_expiry = prod.needs_expiry;
		e->on_hand = prod.on_hand;
		e->name = pool_str(s, prod.name);
		int nc = prod.ncomponents;
		if (nc > IMPORT_MAX_COMPONENTS)
			nc = IMPORT_MAX_COMPONENTS;
		if (e->is_set && nc > 0 && prod.components) {
			e->comps = (import_component *)sheet_strndup(s->res->pool,
			                                             (const char *)prod.components,
			                                             (size_t)nc * sizeof *e->comps);
			if (!e->comps) {
				s->oom = 1;
				return NULL;
			}
			for (int i = 0; i < nc; i++)
				e->comps[i].sku = pool_str(s, prod.components[i].sku);
			e->ncomps = nc;
		}
	} else {
		e->name = "";
	}
	if (map_put(&s->sku_map, e->sku, s->nskus) != 0) {
		s->oom = 1;
		return NULL;
	}
	s->nskus++;
	return e;
}

/* Adds movement to the diff line of a stocked SKU; returns -1 when out of memory. */
static int diff_add(state *s, sku_entry *e, long long in, long long out, int row)
{
	import_result *r = s->res;
	if (e->diff < 0) {
		void *p = xrealloc_items(r->diff, &s->capdiff, r->ndiff, sizeof *r->diff, &s->oom);
		if (!p)
			return -1;
		r->diff = p;
		import_diff *d = &r->diff[r->ndiff];
		d->sku = e->sku;
		d->name = e->name;
		d->on_hand = e->on_hand;
		d->inbound = d->outbound = 0;
		e->diff = r->ndiff++;
	}
	import_diff *d = &r->diff[e->diff];
	d->inbound += in;
	d->outbound += out;
	if (out > 0)
		e->last_row = row;
	return 0;
}

/* ------------------------------------------------------------------ the driver */
static const char *cell_text(const sheet_row *row, int col)
{
	if (col < 0)
		return "";
	const sheet_cell *c = sheet_cell_at(row, col);
	return c ? c->text : "";
}

/* Reports a cell whose value cannot be used (a formula without a saved value, or an error
 * result) and returns 1; 0 when the cell is absent or usable. */
static int cell_refused(state *s, const sheet_row *row, int col, const char *head)
{
	if (col < 0)
		return 0;
	char msg[512];
	const char *code =
	        spreadsheet_cell_problem(sheet_cell_at(row, col), row->row, msg, sizeof msg);
	if (!code)
		return 0;
	add_problem(s, row->row, head, IMPORT_ERROR, code, "%s", msg);
	return 1;
}

static void check_metadata(state *s, sheet_table *t, int *stop)
{
	const char *kind = sheet_meta_get(t, "template");
	if (!kind || strcmp(kind, TEMPLATE_KIND) != 0) {
		add_problem(
		        s, 0, "", IMPORT_WARNING, "no_template_metadata",
		        "jaego에서 내려받은 템플릿 정보가 없는 파일입니다. 회사 확인 없이 SKU로만 "
		        "읽습니다. 미리보기의 상품과 수량을 꼭 확인하세요.");
		return;
	}
	const char *org = sheet_meta_get(t, "org_id"), *tok = sheet_meta_get(t, "token");
	int foreign = !org || atoll(org) != s->ctx->org_id;
	if (s->ctx->token && (!tok || strcmp(tok, s->ctx->token) != 0))
		foreign = 1;
	if (foreign) {
		const char *on = sheet_meta_get(t, "org_name");
		add_problem(s, 0, "", IMPORT_ERROR, "foreign_template",
		            "다른 회사%s%s%s의 템플릿입니다. 이 회사의 '템플릿 내려받기'에서 새로 "
		            "받은 파일에 "
		            "입력해 올려 주세요.",
		            on && *on ? "(" : "", on && *on ? on : "", on && *on ? ")" : "");
		*stop = 1;
		return;
	}
	const char *ver = sheet_meta_get(t, "version");
	if (ver && atoi(ver) > TEMPLATE_VERSION)
		add_problem(s, 0, "", IMPORT_WARNING, "template_version",
		            "이 템플릿은 더 새로운 버전(%s)입니다. 문제가 있으면 템플릿을 다시 "
		            "내려받아 "
		            "주세요.",
		            ver);
}

/* Matches the cells of one row against the header synonyms: fills c[] (column per field,
 * -1 when absent) and h[] (the header's text), sets *dup to a field named twice (or -1), and
 * returns how many fields were found. */
static int match_headers(const sheet_row *row, int c[F_N], const char *h[F_N], int *dup)
{
	int known = 0;
	*dup = -1;
	for (int f = 0; f < F_N; f++)
		c[f] = -1, h[f] = "";
	for (int k = 0; k < row->ncells; k++) {
		char norm[256];
		if (row->cells[k].kind != SHEET_CELL_STRING)
			continue;
		import_normalize_header(row->cells[k].text, norm, sizeof norm);
		if (!norm[0])
			continue;
		for (int f = 0; f < F_N; f++)
			for (int j = 0; synonyms[f][j]; j++)
				if (strcmp(norm, synonyms[f][j]) == 0) {
					if (c[f] >= 0) {
						*dup = f;
					} else {
						c[f] = row->cells[k].col;
						h[f] = row->cells[k].text;
						known++;
					}
					goto next_cell;
				}
	next_cell:;
	}
	return known;
}

/* Finds the header row among the first 10 rows: returns its index in t->rows, or -1, and
 * fills cols[] (column index per field, -1 when absent) and heads[] (header text). */
static int find_header(state *s, sheet_table *t, int cols[F_N], const char *heads[F_N],
                       int *dup_field)
{
	*dup_field = -1;
	for (int ri = 0; ri < t->nrows && ri < 10; ri++) {
		int c[F_N];
		const char *h[F_N];
		int dup;
		int known = match_headers(&t->rows[ri], c, h, &dup);
		/* A row with at least two known headers, one of them a SKU or a quantity. */
		if (known >= 2 && (c[F_SKU] >= 0 || c[F_IN] >= 0 || c[F_OUT] >= 0)) {
			for (int f = 0; f < F_N; f++) {
				cols[f] = c[f];
				char tr[256];
				trim_into(h[f], tr, sizeof tr);
				heads[f] = pool_str(s, tr[0] ? tr : template_headers[f]);
			}
			*dup_field = dup;
			return ri;
		}
	}
	return -1;
}

/* A date cell as YYYY-MM-DD into out: a number is a serial day (1900 or 1904 system),
 * unless it is 20250128 typed without separators; text is read by parse_date_text. raw is
 * the cell's trimmed text. Returns 0, or -1 when it is not a date. */
static int cell_date(const sheet_cell *c, const char *raw, int date1904, char out[11])
{
	double serial = 0;
	if (c && (c->kind == SHEET_CELL_NUMBER || c->kind == SHEET_CELL_DATE) && !strchr(raw, '-'))
		serial = strtod(raw, NULL);
	if (serial > 0 && serial < 2958466)
		return import_serial_to_date(serial, date1904, out);
	return parse_date_text(raw, date1904, out);
}

int import_cell_date(const sheet_cell *c, int date1904, char out[11])
{
	char raw[128];
	trim_into(c ? c->text : "", raw, sizeof raw);
	if (!raw[0])
		return -1;
	return cell_date(c, raw, date1904, out);
}

/* 1 when a 소비기한 cell says the date is not known ("모름", "미상", "unknown"...). */
static int expiry_unknown_word(const char *raw)
{
	static const char *const words[] = {"모름", "미상", "알수없음", "unknown", "?"};
	char t[64];
	size_t n = 0;
	for (const char *c = raw; *c && n + 1 < sizeof t; c++)
		if (*c != ' ')
			t[n++] = (char)tolower((unsigned char)*c);
	t[n] = 0;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(t, words[i]) == 0)
			return 1;
	return 0;
}

/* The 소비기한 and 로트 번호 cells of a row with inbound, checked. */
typedef struct receipt {
	char expiry[11]; /* YYYY-MM-DD, "" when none */
	int unknown;     /* "모름" */
	char lot[256];   /* trimmed NFC text, "" when none */
	int bad;         /* a problem was reported */
} receipt;

static void read_receipt(state *s, const sheet_table *t, const sheet_row *row, int rn,
                         const int cols[F_N], const char *heads[F_N], receipt *out)
{
	char raw[128];
	memset(out, 0, sizeof *out);
	trim_into(cell_text(row, cols[F_EXPIRY]), raw, sizeof raw);
	trim_into(cell_text(row, cols[F_LOT]), out->lot, sizeof out->lot);
	nfc_in_place(out->lot, sizeof out->lot);
	if (raw[0] && expiry_unknown_word(raw)) {
		out->unknown = 1;
	} else if (raw[0] &&
	           cell_date(sheet_cell_at(row, cols[F_EXPIRY]), raw, t->date1904, out->expiry)) {
		out->expiry[0] = 0;
		out->bad = 1;
		add_problem(
		        s, rn, heads[F_EXPIRY], IMPORT_ERROR, "bad_expiry",
		        "소비기한 '%s'을(를) 날짜로 읽을 수 없습니다. 2026-06-30처럼 입력하거나, "
		        "모르면 '모름'이라고 적어 주세요.",
		        raw);
	}
	if (strlen(out->lot) > LIMIT_LOT) { /* the ledger's limit, in bytes */
		out->bad = 1;
		add_problem(s, rn, heads[F_LOT], IMPORT_ERROR, "lot_too_long", "%s",
		            "로트 번호가 너무 깁니다. 영문·숫자 64자 이하로 적어 주세요.");
	}
}

/* Refuses a file whose header row lacks the SKU or both quantity columns (missing_column),
 * naming the sheet read and the headers found there. hdr is the header row's index, or -1:
 * then the row naming the most known columns among the first 10 stands for it. */
static void missing_columns(state *s, const sheet_table *t, int hdr, const int cols[F_N])
{
	int c[F_N];
	const char *h[F_N];
	int dup, best = -1, best_known = 0;
	if (hdr >= 0) {
		best = hdr;
		memcpy(c, cols, sizeof c);
	} else {
		for (int ri = 0; ri < t->nrows && ri < 10; ri++) {
			int known = match_headers(&t->rows[ri], c, h, &dup);
			if (known > best_known)
				best = ri, best_known = known;
		}
		if (best >= 0)
			match_headers(&t->rows[best], c, h, &dup);
		else
			for (int f = 0; f < F_N; f++)
				c[f] = -1;
	}
	const char *missing[3];
	int nmissing = 0;
	if (c[F_SKU] < 0)
		missing[nmissing++] = template_headers[TEMPLATE_COL_SKU];
	if (c[F_IN] < 0 && c[F_OUT] < 0) {
		missing[nmissing++] = template_headers[TEMPLATE_COL_INBOUND];
		missing[nmissing++] = template_headers[TEMPLATE_COL_OUTBOUND];
	}
	static const char *const need[] = {"마스터 SKU", "입고 수량", "출고 수량"};
	char msg[1536];
	const sheet_row *row = best >= 0 ? &t->rows[best] : NULL;
	json_t *details =
	        spreadsheet_missing_columns(t, row, missing, nmissing, need, 3, msg, sizeof msg);
	if (!details) {
		s->oom = 1;
		return;
	}
	import_problem *p = add_problem(s, row ? row->row : 0, missing[0], IMPORT_ERROR,
	                                "missing_column", "%s", msg);
	if (p)
		p->details = details;
	else
		json_decref(details);
}

/* ------------------------------------------------------------------ one data row */

/* One data row as its cells say, filled step by step by the functions below. */
typedef struct row_in {
	const sheet_table *t;
	const sheet_row *row;
	const int *cols;    /* [F_N] */
	const char **heads; /* [F_N] */
	int rn;             /* the sheet's row number, for problems */
	char sku[256];
	/* Room for more than LEDGER_MEMO_MAX characters, so a longer memo is noticed. */
	char memo[LEDGER_MEMO_MAX * 4 + 8];
	char date_raw[128];
	char date[11]; /* the business date, "" when unreadable */
	long long in, out;
	receipt rc;
	int bad; /* a problem was reported: the row is not applied */
} row_in;

/* Reads the row's cells: SKU, quantities, memo, date text, 소비기한 and 로트 번호, and
 * reports unreadable quantities. Returns 1 when the row moves no stock (both quantities
 * empty or 0, and nothing wrong with them). */
static int read_row(state *s, row_in *w)
{
	const sheet_row *row = w->row;
	const int *cols = w->cols;
	trim_into(cell_text(row, cols[F_SKU]), w->sku, sizeof w->sku);
	nfc_in_place(w->sku, sizeof w->sku);
	w->in = w->out = 0;
	/* A quantity that is a formula without a value, or an error, is never empty. */
	w->bad = cell_refused(s, row, cols[F_IN], w->heads[F_IN]);
	w->bad |= cell_refused(s, row, cols[F_OUT], w->heads[F_OUT]);
	char shown_in[128] = "", shown_out[128] = "";
	int quoted = w->bad;
	qty_rc qi = cols[F_IN] >= 0 && !quoted ? parse_qty(sheet_cell_at(row, cols[F_IN]), &w->in,
	                                                   shown_in, sizeof shown_in)
	                                       : QTY_EMPTY;
	qty_rc qo = cols[F_OUT] >= 0 && !quoted ? parse_qty(sheet_cell_at(row, cols[F_OUT]),
	                                                    &w->out, shown_out, sizeof shown_out)
	                                        : QTY_EMPTY;
	trim_into(cell_text(row, cols[F_MEMO]), w->memo, sizeof w->memo);
	nfc_in_place(w->memo, sizeof w->memo);
	trim_into(cell_text(row, cols[F_DATE]), w->date_raw, sizeof w->date_raw);
	read_receipt(s, w->t, row, w->rn, cols, w->heads, &w->rc);
	w->bad |= w->rc.bad;
	if (qi != QTY_OK && qi != QTY_EMPTY)
		qty_problem(s, w->rn, w->heads[F_IN], qi, shown_in), w->bad = 1;
	if (qo != QTY_OK && qo != QTY_EMPTY)
		qty_problem(s, w->rn, w->heads[F_OUT], qo, shown_out), w->bad = 1;
	return !w->bad && (qi == QTY_EMPTY || w->in == 0) && (qo == QTY_EMPTY || w->out == 0);
}

/* Whether a row without quantities has something typed that suggests a forgotten quantity. */
static int row_has_text(const row_in *w)
{
	return w->date_raw[0] || w->memo[0] || w->rc.expiry[0] || w->rc.unknown || w->rc.lot[0];
}

/* The row's business date: today when empty; a date that cannot be read, or one after
 * today (the ledger records only what happened), is an error of the row. */
static void resolve_date(state *s, row_in *w, int refused)
{
	const char *today = s->ctx->today;
	if (refused) {
		w->date[0] = 0;
	} else if (!w->date_raw[0]) {
		snprintf(w->date, sizeof w->date, "%s", today ? today : "");
	} else if (cell_date(sheet_cell_at(w->row, w->cols[F_DATE]), w->date_raw, w->t->date1904,
	                     w->date) != 0) {
		add_problem(s, w->rn, w->heads[F_DATE], IMPORT_ERROR, "bad_date",
		            "처리일자 '%s'%s 날짜로 읽을 수 없습니다. "
		            "2025-01-28처럼 입력하거나 비워 "
		            "두세요(비우면 업로드한 날).",
		            w->date_raw, korean_josa(w->date_raw, "을/를"));
		w->bad = 1;
	} else if (today && strcmp(w->date, today) > 0) {
		add_problem(s, w->rn, w->heads[F_DATE], IMPORT_ERROR, "future_date",
		            "처리일자 %s%s 오늘(%s) 이후의 날짜라 반영할 수 "
		            "없습니다. 오늘 또는 그 "
		            "이전 날짜로 고치거나 비워 두세요(비우면 업로드한 날).",
		            w->date, korean_josa(w->date, "은/는"), today);
		w->bad = 1;
	}
}

/* The checks of a row that moves stock before its SKU is looked up: the cells it reads
 * hold values, the SKU is there, the date and the memo are acceptable. Returns 1 when the
 * row is refused outright (nothing more to say about it). */
static int check_row_cells(state *s, row_in *w)
{
	const char **heads = w->heads;
	if (cell_refused(s, w->row, w->cols[F_SKU], heads[F_SKU]))
		return 1;
	int bad_date = cell_refused(s, w->row, w->cols[F_DATE], heads[F_DATE]);
	w->bad |= bad_date | cell_refused(s, w->row, w->cols[F_MEMO], heads[F_MEMO]);
	if (!w->sku[0]) {
		add_problem(s, w->rn, heads[F_SKU], IMPORT_ERROR, "missing_sku",
		            "수량은 있는데 마스터 SKU가 비어 있습니다. 마스터 SKU를 "
		            "입력하거나 이 행을 "
		            "지우세요.");
		return 1;
	}
	if (w->row->hidden)
		add_problem(s, w->rn, heads[F_SKU], IMPORT_WARNING, "hidden_row",
		            "숨겨진 행(또는 필터로 가려진 행)에 수량이 있어 함께 "
		            "반영됩니다. 원하지 않으면 "
		            "수량을 지우세요.");
	resolve_date(s, w, bad_date);
	/* The ledger's text rule, checked here so that the preview shows it per row. */
	char why[256];
	if (util_text_check(w->memo, UTIL_TEXT_MULTILINE, heads[F_MEMO], why, sizeof why) != 0) {
		add_problem(s, w->rn, heads[F_MEMO], IMPORT_ERROR, "bad_text", "%s", why);
		w->bad = 1;
	}
	return 0;
}

/* An inbound of a product managed by expiry date needs the date or "모름": the ledger
 * refuses it otherwise, so say so here, per row. */
static void check_expiry_required(state *s, row_in *w, const sku_entry *e)
{
	if (!(w->in > 0 && e->needs_expiry && !w->rc.expiry[0] && !w->rc.unknown && !w->rc.bad))
		return;
	add_problem(s, w->rn, w->heads[F_EXPIRY], IMPORT_ERROR, "expiry_required",
	            "%s'%s'%s 입고할 때 소비기한이 필요합니다. '%s' 칸에 날짜(예: "
	            "2026-06-30)를 넣거나, 모르면 '모름'이라고 적어 주세요.%s",
	            e->is_set ? "세트 " : "", w->sku,
	            e->is_set ? "에는 소비기한 관리 구성품이 있어"
	                      : "은(는) 소비기한 관리 상품이라",
	            w->heads[F_EXPIRY],
	            w->cols[F_EXPIRY] < 0 ? " 이 파일에는 소비기한 칸이 없으니 템플릿을 "
	                                    "새로 내려받아 주세요."
	                                  : "");
	w->bad = 1;
}

/* Looks the row's SKU up and refuses what the ledger would: an unknown or inactive
 * product, a set without components, an inbound without its expiry date. *e is NULL when
 * out of memory (stop). Returns 1 when the row is not applied. */
static int check_row_product(state *s, row_in *w, sku_entry **e)
{
	const char **heads = w->heads;
	const char *sku = w->sku;
	*e = sku_get(s, sku);
	if (!*e)
		return 1;
	if (!(*e)->found) {
		add_problem(s, w->rn, heads[F_SKU], IMPORT_ERROR, "unknown_sku",
		            "마스터 SKU '%s'인 상품이 없습니다. SKU를 확인하거나 상품을 "
		            "먼저 등록한 뒤 다시 "
		            "올려 주세요.",
		            sku);
		return 1;
	}
	if (!(*e)->active) {
		add_problem(s, w->rn, heads[F_SKU], IMPORT_ERROR, "inactive_sku",
		            "'%s'%s '사용 안 함' 상태인 상품입니다. 상품 화면에서 '사용 "
		            "중'으로 바꾸거나 이 행을 지우세요.",
		            sku, korean_josa(sku, "은/는"));
		return 1;
	}
	if ((*e)->is_set && (*e)->ncomps == 0) {
		add_problem(s, w->rn, heads[F_SKU], IMPORT_ERROR, "set_without_components",
		            "세트 상품 '%s'에 구성품이 등록되어 있지 않습니다. 상품 "
		            "화면에서 구성품을 등록해 "
		            "주세요.",
		            sku);
		return 1;
	}
	check_expiry_required(s, w, *e);
	return w->bad;
}

/* The ledger moves a set as its components: each component's units must fit in one
 * movement. Returns 1 (with a problem) when one does not. */
static int set_too_large(state *s, const row_in *w, const sku_entry *e)
{
	long long most = w->in > w->out ? w->in : w->out;
	for (int i = 0; i < e->ncomps; i++) {
		long long q = e->comps[i].qty > 0 ? e->comps[i].qty : 1;
		if (most > LEDGER_MAX_QTY / q) {
			add_problem(s, w->rn, w->heads[w->in > w->out ? F_IN : F_OUT], IMPORT_ERROR,
			            "qty_too_large",
			            "세트 '%s' %s개는 구성품 '%s' %s개가 되어 "
			            "한 번에 입출고할 수 있는 "
			            "%s개를 넘습니다. 세트 수량을 나눠 입력하세요.",
			            w->sku, KNUM(most), e->comps[i].sku, KNUM(most * q),
			            KNUM(LEDGER_MAX_QTY));
			return 1;
		}
	}
	return 0;
}

/* Settles what the item will carry: the receipt only where it means something, the memo
 * cut at the ledger's limit. Returns 1 when the row is refused (a set too large). */
static int settle_item(state *s, row_in *w, const sku_entry *e)
{
	if (!e->needs_expiry)
		w->rc.unknown = 0; /* nothing to know: no warning, nothing recorded */
	if (w->in == 0 && (w->rc.expiry[0] || w->rc.unknown || w->rc.lot[0])) {
		add_problem(s, w->rn, w->heads[F_EXPIRY], IMPORT_WARNING, "expiry_ignored", "%s",
		            "입고 수량이 없는 행이라 소비기한과 로트 번호는 쓰지 않습니다. "
		            "입고한 "
		            "것이면 입고 수량을 입력하세요.");
		memset(&w->rc, 0, sizeof w->rc);
	}
	if (e->is_set && set_too_large(s, w, e))
		return 1;
	size_t cut = ledger_text_cut(w->memo, LEDGER_MEMO_MAX);
	if (w->memo[cut]) {
		add_problem(s, w->rn, w->heads[F_MEMO], IMPORT_WARNING, "memo_truncated",
		            "메모가 %s자를 넘어 앞의 %s자까지만 저장됩니다. 전부 남기려면 "
		            "메모를 줄여 "
		            "주세요.",
		            KNUM(LEDGER_MEMO_MAX), KNUM(LEDGER_MEMO_MAX));
		w->memo[cut] = 0;
	}
	return 0;
}

/* Duplicates are judged per SKU and business date; two lots received the same day (another
 * expiry date or lot number) are two receipts. Fills key; returns 1 when an earlier row has
 * the same key (reported: a warning when identical, an error when the quantities differ). */
static int is_duplicate(state *s, const row_in *w, char *key, size_t keysz)
{
	snprintf(key, keysz, "%s\x1f%s\x1f%s\x1f%d\x1f%s", w->sku, w->date, w->rc.expiry,
	         w->rc.unknown, w->rc.lot);
	int *first = map_get(&s->dup_map, key);
	if (!first)
		return 0;
	const import_item *it = &s->res->items[*first];
	if (it->inbound == w->in && it->outbound == w->out)
		add_problem(s, w->rn, w->heads[F_SKU], IMPORT_WARNING, "duplicate_sku_same",
		            "%d행과 같은 SKU·날짜·수량이 반복됩니다. 한 번만 "
		            "반영합니다. 두 번 반영하려면 "
		            "한 행에 합계를 입력하세요.",
		            it->row);
	else
		add_problem(s, w->rn, w->heads[F_SKU], IMPORT_ERROR, "duplicate_sku_conflict",
		            "%d행과 같은 SKU(%s)·같은 처리일자인데 수량이 "
		            "다릅니다. 한 행으로 합치거나 "
		            "처리일자를 구분해 입력하세요.",
		            it->row, w->sku);
	return 1;
}

/* Appends the row's item (and its duplicate key); -1 when out of memory. */
static int add_item(state *s, const row_in *w, const sku_entry *e, const char *key)
{
	import_result *r = s->res;
	if (w->rc.unknown)
		add_problem(s, w->rn, w->heads[F_EXPIRY], IMPORT_WARNING, "expiry_unknown", "%s",
		            "소비기한을 '모름'으로 입고합니다. 이 수량은 소비기한 임박 "
		            "알림에서 "
		            "빠지니 실물의 소비기한을 꼭 확인해 주세요.");
	void *p = xrealloc_items(r->items, &s->capitems, r->nitems, sizeof *r->items, &s->oom);
	if (!p)
		return -1;
	r->items = p;
	import_item *it = &r->items[r->nitems];
	it->row = w->rn;
	it->sku = e->sku;
	it->inbound = w->in;
	it->outbound = w->out;
	memcpy(it->date, w->date, sizeof it->date);
	it->memo = pool_str(s, w->memo);
	it->is_set = e->is_set;
	memcpy(it->expiry, w->rc.expiry, sizeof it->expiry);
	it->lot = pool_str(s, w->rc.lot);
	it->expiry_unknown = w->rc.unknown;
	const char *k = pool_str(s, key);
	if (map_put(&s->dup_map, k, r->nitems) != 0) {
		s->oom = 1;
		return -1;
	}
	r->nitems++;
	return 0;
}

/* Adds the row's movement to the per-SKU diff: a single's own, a set's exploded into its
 * components. Returns -1 when out of memory. */
static int add_diffs(state *s, const row_in *w, sku_entry *e)
{
	if (!e->is_set)
		return diff_add(s, e, w->in, w->out, w->rn);
	int ncomps = e->ncomps;
	import_component *comps = e->comps;
	for (int i = 0; i < ncomps; i++) {
		long long q = comps[i].qty > 0 && comps[i].qty <= 10000 ? comps[i].qty : 1;
		const char *csku = comps[i].sku;
		sku_entry *ce = sku_get(s, csku); /* may move the entries: e is not used after */
		if (!ce)
			return -1;
		if (!ce->found || ce->is_set) {
			add_problem(s, w->rn, w->heads[F_SKU], IMPORT_ERROR, "bad_component",
			            "세트 '%s'의 구성품 '%s'%s 찾을 수 "
			            "없습니다. 상품 화면에서 세트 구성을 "
			            "확인하세요.",
			            w->sku, csku, korean_josa(csku, "을/를"));
			continue;
		}
		if (diff_add(s, ce, w->in * q, w->out * q, w->rn))
			return -1;
	}
	return 0;
}

/* One row that moves stock, after its cells were read: every check, then its item and
 * diff. Returns -1 to stop (out of memory), 0 otherwise. */
static int process_row(state *s, row_in *w)
{
	if (check_row_cells(s, w))
		return 0;
	sku_entry *e = NULL;
	if (check_row_product(s, w, &e))
		return e ? 0 : -1;
	if (settle_item(s, w, e))
		return 0;
	char key[600];
	if (is_duplicate(s, w, key, sizeof key))
		return 0;
	if (add_item(s, w, e, key))
		return -1;
	return add_diffs(s, w, e);
}

static void process_rows(state *s, sheet_table *t, int hdr, const int cols[F_N],
                         const char *heads[F_N])
{
	int skipped = 0, first_skipped = 0;
	row_in row = {.t = t, .cols = cols, .heads = heads}, *w = &row;
	for (int ri = hdr + 1; ri < t->nrows && !s->oom; ri++) {
		w->row = &t->rows[ri];
		w->rn = w->row->row;
		s->res->rows++;
		if (read_row(s, w)) {
			if (row_has_text(w))
				add_problem(s, w->rn, heads[F_IN], IMPORT_WARNING, "empty_row",
				            "입고·출고 수량이 비어 있어 이 행은 건너뜁니다. "
				            "반영하려면 수량을 입력하세요.");
			else if (!skipped++)
				first_skipped = w->rn;
			continue;
		}
		if (process_row(s, w))
			return; /* out of memory: the result is discarded */
	}
	if (skipped)
		add_problem(s, first_skipped, "", IMPORT_WARNING, "empty_rows_skipped",
		            "입고·출고 수량이 모두 비어 있는 %s개 행은 건너뜁니다(%d행부터). "
		            "반영할 상품에만 "
		            "수량을 입력하면 됩니다.",
		            KNUM(skipped), first_skipped);
}

static void check_results(state *s)
{
	import_result *r = s->res;
	for (int i = 0; i < r->ndiff; i++) {
		import_diff *d = &r->diff[i];
		d->result = d->on_hand + d->inbound - d->outbound;
		if (d->result >= 0)
			continue;
		int *ix = map_get(&s->sku_map, d->sku);
		int row = ix ? s->skus[*ix].last_row : 0;
		add_problem(s, row, "출고 수량",
		            s->ctx->allow_negative ? IMPORT_WARNING : IMPORT_ERROR,
		            "stock_below_zero",
		            "'%s'의 재고가 %s개가 됩니다(현재 %s + 입고 %s - 출고 %s). "
		            "출고 수량을 "
		            "줄이거나 입고를 먼저 등록하세요.",
		            d->sku, KNUM(d->result), KNUM(d->on_hand), KNUM(d->inbound),
		            KNUM(d->outbound));
	}
}

int import_parse(const void *data, size_t len, const char *file_name, const import_ctx *ctx,
                 import_result **out)
{
	*out = NULL;
	import_result *r = calloc(1, sizeof *r);
	if (!r)
		return IMPORT_ENOMEM;
	r->pool = sheet_new("pool");
	if (!r->pool) {
		free(r);
		return IMPORT_ENOMEM;
	}
	state s;
	memset(&s, 0, sizeof s);
	s.res = r;
	s.ctx = ctx;
	/* The name comes from the browser; JSON needs valid UTF-8. */
	if (file_name && !csv_is_utf8((const unsigned char *)file_name, strlen(file_name)))
		file_name = "upload";
	r->file_name = pool_str(&s, file_name);
	r->format = "";
	r->encoding = "";

	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data ? data : (const void *)"", len);
	sodium_bin2hex(r->file_hash, sizeof r->file_hash, h, sizeof h);

	sheet_table *t = NULL;
	int rc = spreadsheet_open(data, len, file_name, TEMPLATE_SHEET, &t);
	if (rc == SHEET_ENOMEM) {
		import_free(r);
		return IMPORT_ENOMEM;
	}
	if (rc != SHEET_OK) {
		add_problem(&s, 0, "", IMPORT_ERROR, sheet_err_code(rc), "%s",
		            sheet_err_message(rc));
		goto done;
	}
	r->table = t;
	r->format = t->format;
	r->encoding = t->encoding;

	int stop = 0;
	if (strcmp(t->format, "xlsx") == 0)
		check_metadata(&s, t, &stop);
	if (stop)
		goto done;

	int cols[F_N];
	const char *heads[F_N];
	int dup_field;
	int hdr = find_header(&s, t, cols, heads, &dup_field);
	if (hdr < 0 || cols[F_SKU] < 0 || (cols[F_IN] < 0 && cols[F_OUT] < 0)) {
		missing_columns(&s, t, hdr, cols);
		goto done;
	}
	if (dup_field >= 0) {
		add_problem(&s, t->rows[hdr].row, template_headers[dup_field], IMPORT_ERROR,
		            "duplicate_column",
		            "'%s' 열이 두 번 있습니다. 하나만 남기고 지워 주세요.",
		            template_headers[dup_field]);
		goto done;
	}
	int hdr_row = t->rows[hdr].row;
	for (int i = 0; i < t->nmerges; i++) {
		const sheet_merge *m = &t->merges[i];
		if (m->r2 < hdr_row)
			continue;
		int hit = -1;
		for (int f = 0; f < F_N && hit < 0; f++)
			if (cols[f] >= m->c1 && cols[f] <= m->c2 &&
			    (f == F_SKU || f == F_IN || f == F_OUT || f == F_DATE))
				hit = f;
		if (hit < 0)
			continue;
		char a[8], b[8];
		sheet_col_name(m->c1, a, sizeof a);
		sheet_col_name(m->c2, b, sizeof b);
		add_problem(&s, m->r1, heads[hit], IMPORT_ERROR, "merged_cells",
		            "%s%d:%s%d 셀이 병합되어 있습니다. 병합을 해제하고 한 칸에 값 하나씩 "
		            "입력하세요.",
		            a, m->r1, b, m->r2);
	}
	process_rows(&s, t, hdr, cols, heads);
	if (s.oom)
		goto oom;
	check_results(&s);
	if (r->rows == 0)
		add_problem(&s, 0, "", IMPORT_ERROR, "no_rows",
		            "머리글 아래에 입력된 행이 없습니다. 상품별로 입고·출고 수량을 입력해 "
		            "주세요.");
	else if (r->nitems == 0 && r->errors == 0)
		add_problem(&s, 0, "", IMPORT_ERROR, "nothing_to_apply",
		            "입고·출고 수량이 입력된 행이 없습니다. 반영할 상품에 수량을 입력해 "
		            "주세요.");

done:
	if (s.oom)
		goto oom;
	r->valid = r->nitems; /* rows without their own error; applying still needs errors == 0 */
	if (r->errors + r->warnings > s.stored_problems)
		add_problem(&s, 0, "", IMPORT_WARNING, "more_problems",
		            "문제가 너무 많아 처음 %s건만 보여 줍니다. 위의 문제를 고친 뒤 다시 "
		            "올려 주세요.",
		            KNUM(IMPORT_MAX_PROBLEMS));
	free(s.skus);
	free(s.sku_map.slots);
	free(s.dup_map.slots);
	*out = r;
	return IMPORT_OK;
oom:
	free(s.skus);
	free(s.sku_map.slots);
	free(s.dup_map.slots);
	import_free(r);
	return IMPORT_ENOMEM;
}

int import_can_apply(const import_result *r)
{
	return r && r->errors == 0 && r->nitems > 0;
}

void import_free(import_result *r)
{
	if (!r)
		return;
	free(r->items);
	for (int i = 0; i < r->nproblems; i++)
		json_decref(r->problems[i].details);
	free(r->problems);
	free(r->diff);
	sheet_free(r->table);
	sheet_free(r->pool);
	free(r);
}

json_t *import_to_json(const import_result *r)
{
	json_t *o = json_object(), *problems = json_array(), *items = json_array(),
	       *diff = json_array();
	if (!o || !problems || !items || !diff)
		goto fail;
	for (int i = 0; i < r->nproblems; i++) {
		const import_problem *p = &r->problems[i];
		json_t *pj =
		        json_pack("{s:i, s:s, s:s, s:s, s:s}", "row", p->row, "column", p->column,
		                  "severity", p->severity == IMPORT_ERROR ? "error" : "warning",
		                  "code", p->code, "message", p->message);
		if (pj && p->details && json_object_set(pj, "details", p->details))
			json_decref(pj), pj = NULL;
		if (json_array_append_new(problems, pj))
			goto fail;
	}
	for (int i = 0; i < r->nitems; i++) {
		const import_item *it = &r->items[i];
		if (json_array_append_new(
		            items,
		            json_pack("{s:i, s:s, s:I, s:I, s:s, s:s, s:b, s:s?, s:s?, s:b}", "row",
		                      it->row, "sku", it->sku, "inbound", (json_int_t)it->inbound,
		                      "outbound", (json_int_t)it->outbound, "date", it->date,
		                      "memo", it->memo, "is_set", it->is_set, "expiry",
		                      it->expiry[0] ? it->expiry : NULL, "lot",
		                      it->lot && it->lot[0] ? it->lot : NULL, "expiry_unknown",
		                      it->expiry_unknown)))
			goto fail;
	}
	for (int i = 0; i < r->ndiff; i++) {
		const import_diff *d = &r->diff[i];
		if (json_array_append_new(diff, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "sku",
		                                          d->sku, "name", d->name, "on_hand",
		                                          (json_int_t)d->on_hand, "inbound",
		                                          (json_int_t)d->inbound, "outbound",
		                                          (json_int_t)d->outbound, "result",
		                                          (json_int_t)d->result)))
			goto fail;
	}
	json_t *summary = json_pack("{s:i, s:i, s:i, s:i}", "rows", r->rows, "valid", r->valid,
	                            "warnings", r->warnings, "errors", r->errors);
	if (!summary)
		goto fail;
	if (json_object_set_new(o, "summary", summary) ||
	    json_object_set_new(o, "file_name", json_string(r->file_name)) ||
	    json_object_set_new(o, "file_hash", json_string(r->file_hash)) ||
	    json_object_set_new(o, "format", json_string(r->format)) ||
	    json_object_set_new(o, "encoding", json_string(r->encoding)) ||
	    json_object_set_new(o, "rows", json_integer(r->rows)) ||
	    json_object_set_new(o, "can_apply", json_boolean(import_can_apply(r))) ||
	    json_object_set_new(o, "problems", problems) ||
	    json_object_set_new(o, "items", items) || json_object_set_new(o, "diff", diff)) {
		json_decref(o);
		return NULL;
	}
	return o;
fail:
	json_decref(o);
	json_decref(problems);
	json_decref(items);
	json_decref(diff);
	return NULL;
}
