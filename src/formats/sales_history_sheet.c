/* sales_history_sheet.c — the sales-history upload reader (see sales_history_sheet.h for
 * every rule). It opens files with the readers every import shares (spreadsheet.c) and
 * reads dates as the stock template's 처리일자 (import_cell_date), so one file reads the
 * same on both screens. */
#include "sales_history_sheet.h"

#include <math.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_read.h"
#include "csv_write.h"
#include "import.h"
#include "korean.h"
#include "ledger_rules.h"
#include "spreadsheet.h"
#include "util.h"

/* ------------------------------------------------------------------ columns */

enum { C_DATE, C_MASTER, C_PLAYAUTO, C_CHANNEL, C_QTY, C_N };

/* Normalised header synonyms (import_normalize_header: no spaces, brackets or punctuation,
 * Latin lower case). */
static const char *const date_heads[] = {"일자",     "날짜",     "판매일",   "판매일자", "출고일",
                                         "출고일자", "주문일",   "주문일자", "처리일자", "date",
                                         "day",      "saledate", NULL};
static const char *const master_heads[] = {"마스터sku",    "mastersku", "sku", "마스터상품코드",
                                           "자체상품코드", "상품코드",  NULL};
static const char *const playauto_heads[] = {"플레이오토sku", "playautosku", "플레이오토상품코드",
                                             NULL};
static const char *const qty_heads[] = {"출고수량", "출고량", "출고", "판매수량",
                                        "판매량",   "수량",   "qty",  "quantity",
                                        "outbound", "sold",   NULL};

/* Channel code headers and the channel each names (NULL: any channel). */
static const struct {
	const char *head, *channel;
} channel_heads[] = {
        {"채널상품코드", NULL},
        {"채널코드", NULL},
        {"판매처상품코드", NULL},
        {"쇼핑몰상품코드", NULL},
        {"channelcode", NULL},
        {"쿠팡상품코드", "coupang"},
        {"쿠팡상품번호", "coupang"},
        {"스마트스토어상품코드", "smartstore"},
        {"스마트스토어상품번호", "smartstore"},
        {"네이버상품코드", "smartstore"},
        {"자사몰상품코드", "ownmall"},
};

static const char *const column_words[C_N] = {"일자", "마스터 SKU", "플레이오토 SKU",
                                              "채널 상품코드", "출고 수량"};

static int in_list(const char *norm, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(norm, list[i]) == 0)
			return 1;
	return 0;
}

typedef struct cols {
	int c[C_N];            /* column index per field, -1 when absent */
	const char *head[C_N]; /* the header as written */
	const char *channel;   /* the channel of the channel column, NULL for any */
	int known;
} cols;

static void match_row(const sheet_row *row, cols *k)
{
	memset(k, 0, sizeof *k);
	for (int f = 0; f < C_N; f++)
		k->c[f] = -1, k->head[f] = column_words[f];
	for (int i = 0; i < row->ncells; i++) {
		const sheet_cell *cell = &row->cells[i];
		if (cell->kind != SHEET_CELL_STRING)
			continue;
		char norm[256];
		import_normalize_header(cell->text, norm, sizeof norm);
		int f = -1;
		const char *channel = NULL;
		if (in_list(norm, date_heads))
			f = C_DATE;
		else if (in_list(norm, master_heads))
			f = C_MASTER;
		else if (in_list(norm, playauto_heads))
			f = C_PLAYAUTO;
		else if (in_list(norm, qty_heads))
			f = C_QTY;
		else
			for (size_t j = 0; j < sizeof channel_heads / sizeof *channel_heads; j++)
				if (strcmp(norm, channel_heads[j].head) == 0) {
					f = C_CHANNEL;
					channel = channel_heads[j].channel;
					break;
				}
		if (f < 0 || k->c[f] >= 0)
			continue; /* the first column of a kind counts */
		k->c[f] = cell->col;
		k->head[f] = cell->text;
		if (f == C_CHANNEL)
			k->channel = channel;
		k->known++;
	}
}

static int has_key(const cols *k)
{
	return k->c[C_MASTER] >= 0 || k->c[C_PLAYAUTO] >= 0 || k->c[C_CHANNEL] >= 0;
}

/* ------------------------------------------------------------------ state */

typedef struct state {
	shist_result *r;
	const shist_ctx *ctx;
	int cap_items, cap_problems;
	int oom;
	int64_t *set_seen; /* sets already warned about */
	int nset_seen, cap_set_seen;
} state;

static const char *pool_str(state *s, const char *str)
{
	const char *p = sheet_strdup(s->r->pool, str ? str : "");
	if (!p)
		s->oom = 1;
	return p ? p : "";
}

static shist_problem *add_problem(state *s, int row, const char *column, int error,
                                  const char *code, const char *fmt, ...)
        __attribute__((format(printf, 6, 7)));

static shist_problem *add_problem(state *s, int row, const char *column, int error,
                                  const char *code, const char *fmt, ...)
{
	shist_result *r = s->r;
	if (error)
		r->errors++;
	else
		r->warnings++;
	if (r->nproblems >= SHIST_MAX_PROBLEMS)
		return NULL;
	if (r->nproblems == s->cap_problems) {
		int cap = s->cap_problems ? s->cap_problems * 2 : 32;
		shist_problem *p = realloc(r->problems, (size_t)cap * sizeof *p);
		if (!p) {
			s->oom = 1;
			return NULL;
		}
		r->problems = p;
		s->cap_problems = cap;
	}
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	shist_problem *p = &r->problems[r->nproblems++];
	memset(p, 0, sizeof *p);
	p->row = row;
	p->column = pool_str(s, column);
	p->error = error;
	p->code = code;
	p->message = pool_str(s, msg);
	return p;
}

static shist_item *add_item(state *s)
{
	shist_result *r = s->r;
	if (r->nitems == s->cap_items) {
		int cap = s->cap_items ? s->cap_items * 2 : 256;
		shist_item *p = realloc(r->items, (size_t)cap * sizeof *p);
		if (!p) {
			s->oom = 1;
			return NULL;
		}
		r->items = p;
		s->cap_items = cap;
	}
	shist_item *it = &r->items[r->nitems++];
	memset(it, 0, sizeof *it);
	return it;
}

/* ------------------------------------------------------------------ cells */

/* Copies a cell's text without surrounding spaces (ASCII, NBSP, ideographic) into buf. */
static void trimmed(const sheet_row *row, int col, char *buf, size_t size)
{
	const sheet_cell *c = col >= 0 ? sheet_cell_at(row, col) : NULL;
	const char *p = c ? c->text : "";
	for (;;) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
			p += 2;
		else if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 &&
		         (unsigned char)p[2] == 0x80)
			p += 3;
		else
			break;
	}
	util_strlcpy(buf, p, size);
	size_t n = strlen(buf);
	for (;;) {
		if (n && (buf[n - 1] == ' ' || buf[n - 1] == '\t' || buf[n - 1] == '\r' ||
		          buf[n - 1] == '\n'))
			n--;
		else if (n >= 2 && (unsigned char)buf[n - 2] == 0xC2 &&
		         (unsigned char)buf[n - 1] == 0xA0)
			n -= 2;
		else if (n >= 3 && (unsigned char)buf[n - 3] == 0xE3 &&
		         (unsigned char)buf[n - 2] == 0x80 && (unsigned char)buf[n - 1] == 0x80)
			n -= 3;
		else
			break;
	}
	/* a cut in the middle of a character would not be UTF-8 */
	while (n && !csv_is_utf8((const unsigned char *)buf, n))
		n--;
	buf[n] = 0;
}

/* Words that mean "pieces": the quantity's own unit. */
static int piece_unit(const char *u)
{
	static const char *const words[] = {"개", "ea", "EA", "Ea", "pcs", "PCS", "pc", "PC", NULL};
	for (int i = 0; words[i]; i++)
		if (strcmp(u, words[i]) == 0)
			return 1;
	return 0;
}

const char *shist_parse_qty(const char *text, long long *qty)
{
	char folded[128];
	spreadsheet_number_text(text ? text : "", folded, sizeof folded);
	/* the number: digits with ',' separators, '.', and a sign; spaces skipped */
	char num[128];
	size_t o = 0;
	const char *p = folded;
	while (*p == ' ')
		p++;
	if (!*p)
		return "missing_qty";
	while (*p && o + 1 < sizeof num) {
		if ((*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '+') {
			num[o++] = *p++;
		} else if (*p == ',' && o > 0 && p[1] >= '0' && p[1] <= '9') {
			p++;
		} else if (*p == ' ' && o > 0 && p[1] >= '0' && p[1] <= '9') {
			p++;
		} else {
			break;
		}
	}
	num[o] = 0;
	while (*p == ' ')
		p++;
	char unit[64];
	util_strlcpy(unit, p, sizeof unit);
	for (size_t n = strlen(unit); n > 0 && unit[n - 1] == ' '; n--)
		unit[n - 1] = 0;
	p = unit;
	if (o == 0)
		return "not_a_number";
	char *end;
	double v = strtod(num, &end);
	if (*end || !isfinite(v))
		return "not_a_number";
	if (*p && !piece_unit(p)) {
		/* a number followed by a word is a quantity in another unit */
		for (const char *q = p; *q; q++)
			if ((*q >= '0' && *q <= '9') || *q == '.' || *q == ',')
				return "not_a_number";
		return "mixed_units";
	}
	if (v < 0)
		return "negative_qty";
	if (fabs(v - nearbyint(v)) > 1e-9 * (v > 1 ? v : 1))
		return "not_whole";
	if (v > (double)LEDGER_MAX_QTY)
		return "qty_too_large";
	*qty = (long long)nearbyint(v);
	return NULL;
}

/* ------------------------------------------------------------------ rows */

static void qty_problem(state *s, int rn, const char *head, const char *code, const char *shown)
{
	if (strcmp(code, "missing_qty") == 0)
		add_problem(s, rn, head, 1, code,
		            "%d행: 출고 수량이 비어 있습니다. 판매가 없던 날이면 0을 적어 주세요.",
		            rn);
	else if (strcmp(code, "mixed_units") == 0)
		add_problem(s, rn, head, 1, code,
		            "%d행: 출고 수량 '%s'에 개수가 아닌 단위가 있습니다. 판매 이력은 낱개 "
		            "수량으로만 받습니다 (예: 3 또는 3개). 박스·세트 단위는 낱개 수로 바꿔 "
		            "적어 주세요.",
		            rn, shown);
	else if (strcmp(code, "negative_qty") == 0)
		add_problem(s, rn, head, 1, code,
		            "%d행: 출고 수량 '%s'%s 0보다 작습니다. 반품은 판매 이력에 넣지 말고 0 "
		            "이상의 정수만 적어 주세요.",
		            rn, shown, korean_josa(shown, "이/가"));
	else if (strcmp(code, "not_whole") == 0)
		add_problem(s, rn, head, 1, code,
		            "%d행: 출고 수량 '%s'%s 정수가 아닙니다. 낱개 수량(0 이상의 정수)으로 "
		            "적어 주세요.",
		            rn, shown, korean_josa(shown, "이/가"));
	else if (strcmp(code, "qty_too_large") == 0)
		add_problem(s, rn, head, 1, code,
		            "%d행: 출고 수량 '%s'%s 너무 큽니다. 하루 한 상품에 %s개까지 받습니다.",
		            rn, shown, korean_josa(shown, "이/가"), KNUM(LEDGER_MAX_QTY));
	else
		add_problem(
		        s, rn, head, 1, "not_a_number",
		        "%d행: 출고 수량 '%s'%s 숫자가 아닙니다. 0 이상의 정수만 적어 주세요 (예: "
		        "12).",
		        rn, shown, korean_josa(shown, "이/가"));
}

/* The row's date into day; 0, or -1 after reporting. */
static int read_date(state *s, const sheet_table *t, const sheet_row *row, const cols *k,
                     char day[11])
{
	int rn = row->row;
	const char *head = k->head[C_DATE];
	char msg[512];
	const sheet_cell *c = sheet_cell_at(row, k->c[C_DATE]);
	const char *code = spreadsheet_cell_problem(c, rn, msg, sizeof msg);
	if (code) {
		add_problem(s, rn, head, 1, code, "%s", msg);
		return -1;
	}
	char raw[128];
	trimmed(row, k->c[C_DATE], raw, sizeof raw);
	if (!raw[0]) {
		add_problem(
		        s, rn, head, 1, "missing_date",
		        "%d행: 일자가 비어 있습니다. 판매한 날을 2025-01-28 형식으로 적어 주세요.",
		        rn);
		return -1;
	}
	if (import_cell_date(c, t->date1904, day) != 0) {
		add_problem(s, rn, head, 1, "bad_date",
		            "%d행: 일자 '%s'%s 날짜로 읽을 수 없습니다. 2025-01-28, 2025.01.28, "
		            "2025/01/28 중 한 형식으로 적어 주세요.",
		            rn, raw, korean_josa(raw, "을/를"));
		return -1;
	}
	if (strcmp(day, s->ctx->today) > 0) {
		add_problem(s, rn, head, 1, "future_date",
		            "%d행: 일자 %s%s 오늘(%s, 한국 시간)보다 뒤입니다. 판매 이력은 지난 "
		            "날짜만 받습니다.",
		            rn, day, korean_josa(day, "이/가"), s->ctx->today);
		return -1;
	}
	return 0;
}

/* The row's product; 0 with *p filled, or -1 after reporting. */
static int read_product(state *s, const sheet_row *row, const cols *k, shist_product *p)
{
	int rn = row->row;
	static const int order[] = {C_MASTER, C_PLAYAUTO, C_CHANNEL};
	static const shist_key keys[] = {SHIST_KEY_MASTER, SHIST_KEY_PLAYAUTO, SHIST_KEY_CHANNEL};
	for (int i = 0; i < 3; i++) {
		int f = order[i];
		if (k->c[f] < 0)
			continue;
		char msg[512];
		const char *code =
		        spreadsheet_cell_problem(sheet_cell_at(row, k->c[f]), rn, msg, sizeof msg);
		if (code) {
			add_problem(s, rn, k->head[f], 1, code, "%s", msg);
			return -1;
		}
		char text[256];
		trimmed(row, k->c[f], text, sizeof text);
		if (!text[0])
			continue;
		char *nfc = util_nfc(text);
		if (nfc) {
			util_strlcpy(text, nfc, sizeof text);
			free(nfc);
		}
		memset(p, 0, sizeof *p);
		int found = s->ctx->lookup(s->ctx->lookup_ud, keys[i],
		                           f == C_CHANNEL ? k->channel : NULL, text, p);
		if (found == 1) {
			/* the answer's strings live only until the callback returns */
			p->sku = pool_str(s, p->sku);
			p->name = pool_str(s, p->name);
			return 0;
		}
		if (found == 2) {
			add_problem(s, rn, k->head[f], 1, "ambiguous_code",
			            "%d행: 상품코드 '%s'%s 여러 상품에 쓰이고 있습니다. 마스터 SKU "
			            "열로 "
			            "상품을 정해 주세요.",
			            rn, text, korean_josa(text, "이/가"));
			return -1;
		}
		add_problem(s, rn, k->head[f], 1, "unknown_sku",
		            "%d행: %s '%s'에 해당하는 상품이 없습니다. 상품 목록의 코드와 같은지 "
		            "확인하거나 상품을 먼저 등록해 주세요.",
		            rn, column_words[f], text);
		return -1;
	}
	add_problem(s, rn, k->head[C_MASTER], 1, "missing_sku",
	            "%d행: 상품 코드가 비어 있습니다. 마스터 SKU(또는 플레이오토 SKU, 채널 "
	            "상품코드)를 적어 주세요.",
	            rn);
	return -1;
}

/* Warns once per set that its sales go to its components. */
static void note_set(state *s, int rn, const shist_product *p)
{
	for (int i = 0; i < s->nset_seen; i++)
		if (s->set_seen[i] == p->id)
			return;
	if (s->nset_seen == s->cap_set_seen) {
		int cap = s->cap_set_seen ? s->cap_set_seen * 2 : 16;
		int64_t *v = realloc(s->set_seen, (size_t)cap * sizeof *v);
		if (!v) {
			s->oom = 1;
			return;
		}
		s->set_seen = v;
		s->cap_set_seen = cap;
	}
	s->set_seen[s->nset_seen++] = p->id;
	add_problem(s, rn, "", 0, "set_product",
	            "%d행: %s%s 세트 상품입니다. 세트의 판매 수량은 구성품의 수요로 "
	            "나뉘어 예측에 쓰입니다.",
	            rn, p->sku, korean_josa(p->sku, "은/는"));
}

static int row_has_text(const sheet_row *row)
{
	for (int i = 0; i < row->ncells; i++) {
		char t[8];
		trimmed(row, row->cells[i].col, t, sizeof t);
		if (t[0])
			return 1;
	}
	return 0;
}

static void read_row(state *s, const sheet_table *t, const sheet_row *row, const cols *k)
{
	int rn = row->row;
	char day[11];
	int bad = read_date(s, t, row, k, day) != 0;
	shist_product p;
	if (read_product(s, row, k, &p) != 0)
		bad = 1;
	long long qty = 0;
	char msg[512];
	const sheet_cell *qc = sheet_cell_at(row, k->c[C_QTY]);
	const char *code = spreadsheet_cell_problem(qc, rn, msg, sizeof msg);
	if (code) {
		add_problem(s, rn, k->head[C_QTY], 1, code, "%s", msg);
		bad = 1;
	} else {
		char shown[128];
		trimmed(row, k->c[C_QTY], shown, sizeof shown);
		code = qc && qc->kind == SHEET_CELL_BOOL ? "not_a_number"
		                                         : shist_parse_qty(shown, &qty);
		if (code) {
			qty_problem(s, rn, k->head[C_QTY], code, shown);
			bad = 1;
		}
	}
	if (bad)
		return;
	if (!p.active)
		add_problem(s, rn, "", 0, "inactive_product",
		            "%d행: %s%s '사용 안 함' 상품입니다. 이력은 저장하지만 다시 사용할 "
		            "때까지 예측에는 쓰이지 않습니다.",
		            rn, p.sku, korean_josa(p.sku, "은/는"));
	if (p.is_set)
		note_set(s, rn, &p);
	shist_item *it = add_item(s);
	if (!it)
		return;
	it->row = rn;
	it->product_id = p.id;
	it->sku = p.sku;
	it->name = p.name;
	memcpy(it->day, day, 11);
	it->qty = qty;
	it->is_set = p.is_set;
	it->active = p.active;
}

/* ------------------------------------------------------------------ the file */

static int cmp_item(const void *a, const void *b)
{
	const shist_item *x = a, *y = b;
	if (x->product_id != y->product_id)
		return x->product_id < y->product_id ? -1 : 1;
	int c = strcmp(x->day, y->day);
	if (c)
		return c;
	return (x->row > y->row) - (x->row < y->row);
}

/* Refuses the later of two rows of one product and day, and drops it from the items. */
static void find_duplicates(state *s)
{
	shist_result *r = s->r;
	if (r->nitems < 2)
		return;
	qsort(r->items, (size_t)r->nitems, sizeof *r->items, cmp_item);
	int o = 1;
	for (int i = 1; i < r->nitems; i++) {
		const shist_item *keep = &r->items[o - 1], *it = &r->items[i];
		if (it->product_id == keep->product_id && strcmp(it->day, keep->day) == 0) {
			shist_problem *p = add_problem(
			        s, it->row, "", 1, "duplicate_row",
			        "%d행: %s의 %s 판매가 %d행에도 있습니다. 같은 날 같은 상품은 한 "
			        "행으로 "
			        "합쳐 주세요 (두 행을 더하면 복사된 행이 두 번 셀 수 있습니다).",
			        it->row, it->sku, it->day, keep->row);
			if (p)
				p->other_row = keep->row;
			continue;
		}
		r->items[o++] = r->items[i];
	}
	r->nitems = o;
}

static void finish(state *s)
{
	shist_result *r = s->r;
	find_duplicates(s);
	r->valid = r->nitems;
	r->qty_total = 0;
	for (int i = 0; i < r->nitems; i++) {
		const shist_item *it = &r->items[i];
		r->qty_total += it->qty;
		if (!r->first_day[0] || strcmp(it->day, r->first_day) < 0)
			memcpy(r->first_day, it->day, 11);
		if (!r->last_day[0] || strcmp(it->day, r->last_day) > 0)
			memcpy(r->last_day, it->day, 11);
	}
	/* by row, file-wide first; an insertion sort keeps the order problems were found in
	 * within a row (problems are few: at most SHIST_MAX_PROBLEMS) */
	for (int i = 1; i < r->nproblems; i++) {
		shist_problem p = r->problems[i];
		int j = i - 1;
		while (j >= 0 && r->problems[j].row > p.row) {
			r->problems[j + 1] = r->problems[j];
			j--;
		}
		r->problems[j + 1] = p;
	}
}

static void missing_columns(state *s, const sheet_table *t)
{
	int best = -1, best_known = 0;
	cols k;
	for (int ri = 0; ri < t->nrows && ri < 10; ri++) {
		match_row(&t->rows[ri], &k);
		if (k.known > best_known)
			best = ri, best_known = k.known;
	}
	if (best >= 0)
		match_row(&t->rows[best], &k);
	else
		for (int f = 0; f < C_N; f++)
			k.c[f] = -1;
	const char *missing[3];
	int n = 0;
	if (k.c[C_DATE] < 0)
		missing[n++] = "일자";
	if (!has_key(&k))
		missing[n++] = "마스터 SKU";
	if (k.c[C_QTY] < 0)
		missing[n++] = "출고 수량";
	static const char *const need[] = {"일자", "마스터 SKU", "출고 수량"};
	char msg[1536];
	const sheet_row *row = best >= 0 ? &t->rows[best] : NULL;
	json_t *details = spreadsheet_missing_columns(t, row, missing, n, need, 3, msg, sizeof msg);
	if (!details) {
		s->oom = 1;
		return;
	}
	shist_problem *p =
	        add_problem(s, row ? row->row : 0, missing[0], 1, "missing_column", "%s", msg);
	if (p)
		p->details = details;
	else
		json_decref(details);
}

static void read_table(state *s, const sheet_table *t)
{
	cols k;
	int hdr = -1;
	for (int ri = 0; ri < t->nrows && ri < 10; ri++) {
		match_row(&t->rows[ri], &k);
		if (k.c[C_DATE] >= 0 && k.c[C_QTY] >= 0 && has_key(&k)) {
			hdr = ri;
			break;
		}
	}
	if (hdr < 0) {
		missing_columns(s, t);
		return;
	}
	int data = 0;
	for (int ri = hdr + 1; ri < t->nrows; ri++)
		data += row_has_text(&t->rows[ri]);
	if (data > SHIST_MAX_ROWS) {
		s->r->rows = data;
		add_problem(
		        s, 0, "", 1, "too_many_rows",
		        "행이 너무 많습니다 (%s행). 한 파일에 %s행까지 받습니다. 기간이나 상품을 "
		        "나눠 여러 파일로 올려 주세요.",
		        KNUM(data), KNUM(SHIST_MAX_ROWS));
		return;
	}
	for (int ri = hdr + 1; ri < t->nrows && !s->oom; ri++) {
		const sheet_row *row = &t->rows[ri];
		if (!row_has_text(row))
			continue;
		s->r->rows++;
		read_row(s, t, row, &k);
	}
	if (s->r->rows == 0 && !s->oom)
		add_problem(
		        s, 0, "", 1, "no_rows",
		        "머리글 아래에 판매 이력 행이 없습니다. 일자, 상품 코드, 출고 수량을 한 "
		        "행에 하나씩 적어 주세요.");
}

int shist_parse(const void *data, size_t len, const char *file_name, const shist_ctx *ctx,
                shist_result **out)
{
	*out = NULL;
	shist_result *r = calloc(1, sizeof *r);
	if (!r)
		return SHIST_ENOMEM;
	r->pool = sheet_new("pool");
	if (!r->pool) {
		free(r);
		return SHIST_ENOMEM;
	}
	r->format = "unknown";
	r->encoding = "";
	state s = {.r = r, .ctx = ctx};
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data ? data : (const void *)"", len);
	sodium_bin2hex(r->file_hash, sizeof r->file_hash, h, sizeof h);

	sheet_table *t = NULL;
	int rc = spreadsheet_open(data, len, file_name, NULL, &t);
	if (rc == SHEET_ENOMEM) {
		shist_free(r);
		return SHIST_ENOMEM;
	}
	if (rc != SHEET_OK) {
		add_problem(&s, 0, "", 1, sheet_err_code(rc), "%s", sheet_err_message(rc));
	} else {
		r->format = util_streq(t->format, "xlsx") ? "xlsx" : "csv";
		r->encoding = pool_str(&s, t->encoding ? t->encoding : "");
		read_table(&s, t);
	}
	sheet_free(t);
	finish(&s);
	free(s.set_seen);
	if (s.oom) {
		shist_free(r);
		return SHIST_ENOMEM;
	}
	*out = r;
	return SHIST_OK;
}

int shist_can_apply(const shist_result *r)
{
	return r && r->errors == 0 && r->nitems > 0;
}

void shist_free(shist_result *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->nproblems; i++)
		json_decref(r->problems[i].details);
	free(r->problems);
	free(r->items);
	sheet_free(r->pool);
	free(r);
}

json_t *shist_problems_json(const shist_result *r)
{
	json_t *a = json_array();
	if (!a)
		return NULL;
	for (int i = 0; i < r->nproblems; i++) {
		const shist_problem *p = &r->problems[i];
		json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:s}", "row", p->row, "column",
		                      p->column, "severity", p->error ? "error" : "warning", "code",
		                      p->code, "message", p->message);
		if (!o) {
			json_decref(a);
			return NULL;
		}
		if (p->other_row)
			json_object_set_new(o, "other_row", json_integer(p->other_row));
		if (p->details)
			json_object_set(o, "details", p->details);
		json_array_append_new(a, o);
	}
	return a;
}

int shist_template_csv(const char *const *skus, size_t n, const char *day, char **out, size_t *len)
{
	static const char head[] = "\xEF\xBB\xBF일자,마스터 SKU,출고 수량\r\n";
	size_t cap = sizeof head + n * 128 + 1;
	char *b = malloc(cap);
	if (!b)
		return -1;
	size_t o = strlen(head);
	memcpy(b, head, o);
	for (size_t i = 0; i < n; i++) {
		char *f = csv_field_guarded(skus[i]);
		if (!f) {
			free(b);
			return -1;
		}
		int w = snprintf(b + o, cap - o, "%s,%s,%d\r\n", day, f, (int)(i % 3) + 1);
		free(f);
		if (w < 0 || (size_t)w >= cap - o) {
			free(b);
			return -1;
		}
		o += (size_t)w;
	}
	b[o] = 0;
	*out = b;
	*len = o;
	return 0;
}
