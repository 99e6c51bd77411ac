/* product_sheet.c — a product table's header and rows as the product API's fields (see
 * product_sheet.h). */
#include "product_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spreadsheet.h"
#include "util.h"

/* Which product field a column header names. Headers are compared without spaces and
 * without a bracketed part ("리드타임(일)" -> "리드타임"), Latin letters folded. */
static const struct {
	const char *header, *field;
} import_cols[] = {
        {"마스터sku", "sku"},
        {"sku", "sku"},
        {"mastersku", "sku"},
        {"플레이오토sku", "playauto_sku"},
        {"playautosku", "playauto_sku"},
        {"상품명", "name"},
        {"name", "name"},
        {"카테고리", "category"},
        {"category", "category"},
        {"세트유무", "kind"},
        {"단품/세트", "kind"},
        {"kind", "kind"},
        {"리드타임", "lead_time_days"},
        {"leadtime", "lead_time_days"},
        {"최소주문수량", "moq"},
        {"moq", "moq"},
        {"안전재고", "safety_stock"},
        {"안전재고계산방식", "safety_stock_rule"},
        {"안전재고방식", "safety_stock_rule"},
        {"safetystockrule", "safety_stock_rule"},
        {"월수요", "monthly_demand"},
        {"monthlydemand", "monthly_demand"},
        {"발주단위", "order_multiple"},
        {"ordermultiple", "order_multiple"},
        {"서비스수준", "service_level"},
        {"servicelevel", "service_level"},
        {"제조사", "manufacturer"},
        {"manufacturer", "manufacturer"},
        {"maker", "manufacturer"},
        {"공급처", "supplier"},
        {"공급업체", "supplier"},
        {"매입처", "supplier"},
        {"supplier", "supplier"},
        {"매입단가", "unit_cost"},
        {"원가", "unit_cost"},
        {"unitcost", "unit_cost"},
        {"바코드", "barcode"},
        {"상태", "active"},
        {"판매상태", "active"},
        {"active", "active"},
        {"소비기한관리", "has_expiry"},
        {"유통기한관리", "has_expiry"},
        {"메모", "memo"},
};

static const char *import_field(arena *a, const char *header)
{
	char *h = arena_strdup(a, header ? header : ""), *o = h;
	int depth = 0;
	for (const char *c = h; *c; c++) {
		if (*c == '(' || *c == '[')
			depth++;
		else if ((*c == ')' || *c == ']') && depth > 0)
			depth--;
		else if (depth == 0 && *c != ' ' && *c != '\t' && *c != '_' && *c != '-')
			*o++ = (char)((*c >= 'A' && *c <= 'Z') ? *c - 'A' + 'a' : *c);
	}
	*o = 0;
	for (size_t i = 0; i < ARRAY_LEN(import_cols); i++)
		if (strcmp(h, import_cols[i].header) == 0)
			return import_cols[i].field;
	return NULL;
}

/* Whether a 상태 (active = 1) or 소비기한 관리 (active = 0) cell says yes (1) or no (0), in
 * the export's words or the usual others; -1 when it says neither. Spaces and Latin case
 * do not matter. */
static int import_yes_no(const char *text, int active)
{
	static const char *const yes[] = {"예", "y", "yes", "o", "1", "true"};
	static const char *const no[] = {"아니오", "아니요", "n", "no", "x", "0", "false"};
	static const char *const on[] = {"사용중", "사용", "판매", "판매중"};
	static const char *const off[] = {"사용안함", "미사용",   "사용중지",
	                                  "중지",     "판매중지", "단종"};
	char t[64];
	size_t n = 0;
	for (const char *c = text; *c && n + 1 < sizeof t; c++)
		if (*c != ' ')
			t[n++] = (char)((*c >= 'A' && *c <= 'Z') ? *c - 'A' + 'a' : *c);
	t[n] = 0;
	for (size_t i = 0; i < ARRAY_LEN(yes); i++)
		if (strcmp(t, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < ARRAY_LEN(no); i++)
		if (strcmp(t, no[i]) == 0)
			return 0;
	for (size_t i = 0; active && i < ARRAY_LEN(on); i++)
		if (strcmp(t, on[i]) == 0)
			return 1;
	for (size_t i = 0; active && i < ARRAY_LEN(off); i++)
		if (strcmp(t, off[i]) == 0)
			return 0;
	if (!active && strcmp(t, "관리") == 0)
		return 1;
	return -1;
}

/* A 상태 or 소비기한 관리 cell that says neither yes nor no is a problem of its row (the
 * field is then left out, so the product API does not report it a second time). */
static void import_choice_problem(json_t *obj, int row, json_t *problems)
{
	static const struct {
		const char *field, *message;
	} choices[] = {
	        {"active", "상태는 '사용 중' 또는 '사용 안 함'으로 적어 주세요: %s"},
	        {"has_expiry", "소비기한 관리는 '예' 또는 '아니오'로 적어 주세요: %s"},
	};
	for (size_t i = 0; i < ARRAY_LEN(choices); i++) {
		json_t *v = json_object_get(obj, choices[i].field);
		if (!json_is_string(v))
			continue;
		char msg[256];
		snprintf(msg, sizeof msg, choices[i].message, json_string_value(v));
		json_array_append_new(problems, json_pack("{s:i, s:s, s:s}", "row", row, "field",
		                                          choices[i].field, "message", msg));
		json_object_del(obj, choices[i].field);
	}
}

/* 안전재고 계산 방식 in the export's words (or the API's codes) as the API's code; the text
 * itself when it is neither, refused by the product API with its message. */
static json_t *import_rule(const char *t)
{
	static const struct {
		const char *word, *code;
	} words[] = {{"직접입력", "manual"},
	             {"직접", "manual"},
	             {"예측×리드타임", "forecast_lead_time"},
	             {"예측x리드타임", "forecast_lead_time"},
	             {"자동", "forecast_lead_time"},
	             {"자동계산", "forecast_lead_time"},
	             {"서비스수준", "service_level"}};
	char w[128];
	size_t n = 0;
	for (const char *c = t; *c && n + 1 < sizeof w; c++)
		if (*c != ' ')
			w[n++] = (char)((*c >= 'A' && *c <= 'Z') ? *c - 'A' + 'a' : *c);
	w[n] = 0;
	for (size_t i = 0; i < ARRAY_LEN(words); i++)
		if (strcmp(w, words[i].word) == 0)
			return json_string(words[i].code);
	return json_string(t);
}

/* 서비스 수준: a percent, "95", "97.5" or "95%"; a fraction (0.95) as Excel shows a percent
 * cell is read as its percent. */
static json_t *import_percent(const char *t)
{
	char num[128];
	spreadsheet_number_text(t, num, sizeof num);
	size_t n = strlen(num);
	while (n && (num[n - 1] == ' ' || num[n - 1] == '%'))
		num[--n] = 0;
	char *end = NULL;
	double d = strtod(num, &end);
	if (end == num || *end != 0)
		return json_string(t);
	return json_real(d > 0 && d < 1 ? d * 100.0 : d);
}

/* A cell's value as the JSON the product API takes; NULL for an empty cell. */
static json_t *import_value(const char *field, const sheet_cell *c)
{
	if (!c || !c->text || !*c->text)
		return NULL;
	char *t = util_nfc(c->text);
	if (!t || !*t) {
		free(t);
		return NULL;
	}
	json_t *v;
	if (strcmp(field, "safety_stock_rule") == 0) {
		v = import_rule(t);
	} else if (strcmp(field, "service_level") == 0) {
		v = import_percent(t);
	} else if (strcmp(field, "lead_time_days") == 0 || strcmp(field, "moq") == 0 ||
	           strcmp(field, "safety_stock") == 0 || strcmp(field, "unit_cost") == 0 ||
	           strcmp(field, "monthly_demand") == 0 || strcmp(field, "order_multiple") == 0) {
		char num[128]; /* "１２,０００" typed in full-width mode is 12000 */
		spreadsheet_number_text(t, num, sizeof num);
		char *digits = num;
		for (char *k = num; *k; k++)
			if (*k != ',' && *k != ' ')
				*digits++ = *k; /* "12,000", " 12 " */
		*digits = 0;
		char *end = NULL;
		long long n = strtoll(num, &end, 10);
		double d = 0;
		if (end != num && *end == 0)
			v = json_integer(n);
		else if ((d = strtod(num, &end)), end != num && *end == 0 && d > -1e15 &&
		                                          d < 1e15 && d == (double)(long long)d)
			v = json_integer((long long)d); /* "12.0" or "1.2E1" from a spreadsheet */
		else
			v = json_string(t); /* refused by validation with the field's message */
	} else if (strcmp(field, "active") == 0 || strcmp(field, "has_expiry") == 0) {
		int yes = import_yes_no(t, strcmp(field, "active") == 0);
		v = yes < 0 ? json_string(t) : json_boolean(yes); /* text: import_choice_problem */
	} else {
		v = json_string(t);
	}
	free(t);
	return v;
}

/* The header row: the first of the first 10 rows naming a SKU and a product name. Returns
 * its index with cols[] holding the field of each column (NULL for the others); or -1 with
 * *best the row naming the most fields (-1 when none did) and cols[] holding its fields, for
 * the refusal. */
int product_sheet_header(arena *a, const sheet_table *t, const char *cols[SHEET_MAX_COLS],
                         int *best)
{
	const char *row_cols[SHEET_MAX_COLS];
	int best_known = 0;
	*best = -1;
	memset(cols, 0, SHEET_MAX_COLS * sizeof *cols);
	for (int i = 0; i < t->nrows && i < 10; i++) {
		int has_sku = 0, has_name = 0, known = 0;
		memset(row_cols, 0, sizeof row_cols);
		for (int k = 0; k < t->rows[i].ncells; k++) {
			const sheet_cell *c = &t->rows[i].cells[k];
			const char *fld = c->col < SHEET_MAX_COLS ? import_field(a, c->text) : NULL;
			if (fld) {
				row_cols[c->col] = fld;
				has_sku |= strcmp(fld, "sku") == 0;
				has_name |= strcmp(fld, "name") == 0;
				known++;
			}
		}
		if (has_sku && has_name) {
			memcpy(cols, row_cols, sizeof row_cols);
			return i;
		}
		if (known > best_known) {
			*best = i, best_known = known;
			memcpy(cols, row_cols, sizeof row_cols);
		}
	}
	return -1;
}

/* missing_column: which of 마스터 SKU and 상품명 the best header row lacks, the sheet read
 * and the headers found there. */
json_t *product_sheet_missing_columns(const sheet_table *t, const sheet_row *best,
                                      const char *const cols[SHEET_MAX_COLS], char *msg,
                                      size_t size)
{
	int has_sku = 0, has_name = 0;
	for (int c = 0; c < SHEET_MAX_COLS; c++) {
		has_sku |= cols[c] && strcmp(cols[c], "sku") == 0;
		has_name |= cols[c] && strcmp(cols[c], "name") == 0;
	}
	const char *missing[2];
	int n = 0;
	if (!has_sku)
		missing[n++] = "마스터 SKU";
	if (!has_name)
		missing[n++] = "상품명";
	static const char *const need[] = {"마스터 SKU", "상품명"};
	return spreadsheet_missing_columns(t, best, missing, n, need, 2, msg, size);
}

/* Adds a problem for each cell of a mapped column that holds a formula without a saved value
 * or an error result, with the column's header from hdr; returns 1 when there was one (the
 * row is not imported). */
static int cells_refused(const sheet_row *row, const sheet_row *hdr,
                         const char *const cols[SHEET_MAX_COLS], json_t *problems)
{
	int refused = 0;
	for (int k = 0; k < row->ncells; k++) {
		const sheet_cell *c = &row->cells[k];
		if (c->col >= SHEET_MAX_COLS || !cols[c->col])
			continue;
		char msg[512];
		const char *code = spreadsheet_cell_problem(c, row->row, msg, sizeof msg);
		if (!code)
			continue;
		const sheet_cell *h = sheet_cell_at(hdr, c->col);
		json_array_append_new(problems,
		                      json_pack("{s:i, s:s, s:s, s:s, s:s}", "row", row->row,
		                                "field", cols[c->col], "column", h ? h->text : "",
		                                "code", code, "message", msg));
		refused = 1;
	}
	return refused;
}

json_t *product_sheet_row(const sheet_row *row, const sheet_row *hdr,
                          const char *const cols[SHEET_MAX_COLS], json_t *problems)
{
	if (cells_refused(row, hdr, cols, problems))
		return NULL;
	json_t *obj = json_object();
	for (int col = 0; col < SHEET_MAX_COLS; col++) {
		if (!cols[col])
			continue;
		json_t *v = import_value(cols[col], sheet_cell_at(row, col));
		if (v)
			json_object_set_new(obj, cols[col], v);
	}
	const char *sku = json_string_value(json_object_get(obj, "sku"));
	if (json_object_size(obj) == 0 || (!sku && !json_object_get(obj, "name"))) {
		json_decref(obj);
		return NULL; /* an empty line */
	}
	import_choice_problem(obj, row->row, problems);
	return obj;
}
