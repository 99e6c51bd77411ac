/* template.c — the stock template writer (libxlsxwriter), see template.h for the layout. */
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "sheet.h"
#include "xlsx_write.h"

const char *const template_headers[TEMPLATE_NCOLS] = {
        "마스터 SKU", "플레이오토 SKU", "상품명",        "카테고리", "세트 유무",
        "입고 수량",  "출고 수량",      "처리일자",      "메모",     "소비기한",
        "로트 번호",  "현재 재고",      "소비기한 관리",
};

static const double widths[TEMPLATE_NCOLS] = {18, 18, 36, 14, 10, 11, 11, 13, 24, 13, 14, 11, 13};

static const char *const help_lines[] = {
        "재고 입출고 템플릿 사용 방법",
        "",
        "1. '입출고' 시트에서 상품별로 '입고 수량'과 '출고 수량'을 입력하세요. 0 이상의 정수만 "
        "입력할 수 있습니다.",
        "2. 입고·출고 수량이 모두 비어 있는 행은 건너뜁니다. 필요 없는 행은 지우지 않아도 됩니다.",
        "3. '처리일자'는 입출고가 일어난 날입니다. 비워 두면 업로드한 날로 처리됩니다. (예: "
        "2025-01-28)",
        "4. 회색 칸(마스터 SKU, 상품명 등)은 수정할 수 없습니다. 상품 정보는 jaego의 상품 화면에서 "
        "바꾸세요.",
        "5. 세트 상품의 출고 수량은 구성품의 출고로 나뉘어 처리됩니다.",
        "   '소비기한 관리'가 '예'인 상품은 입고할 때 '소비기한'을 꼭 입력하세요 (예: 2026-06-30). "
        "정말 모르면 '모름'이라고 적으면 경고와 함께 반영됩니다. '로트 번호'는 있으면 적습니다.",
        "6. 저장한 파일을 jaego의 '엑셀 업로드' 화면에 올리면, 바로 반영되지 않고 미리보기가 먼저 "
        "나옵니다.",
        "   미리보기에서 오류를 확인한 뒤 '반영하기'를 눌러야 재고가 바뀝니다.",
        "7. 같은 파일은 두 번 반영되지 않습니다. 잘못 반영했다면 '업로드 내역'에서 되돌릴 수 "
        "있습니다.",
        "",
        "엑셀, 한셀, LibreOffice, 구글 스프레드시트, Numbers에서 저장한 .xlsx 또는 CSV 파일을 올릴 "
        "수 있습니다.",
        "시트 이름과 머리글(첫 행)은 바꾸지 마세요. 열 순서가 바뀌거나 열이 추가되어도 괜찮습니다.",
};

/* libxlsxwriter only writes "hidden"; rewriting the sheet state in workbook.xml makes the
 * metadata sheet very hidden, so it does not show in Excel's "숨기기 취소" list. Failure is
 * not fatal: a hidden sheet works the same for the importer. */
static void make_very_hidden(const char *path)
{
	int ze;
	zip_t *z = zip_open(path, 0, &ze);
	if (!z)
		return;
	zip_int64_t idx = zip_name_locate(z, "xl/workbook.xml", 0);
	zip_stat_t st;
	char *buf = NULL;
	if (idx < 0 || zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0 || st.size > (1u << 20))
		goto out;
	buf = malloc(st.size + 16);
	zip_file_t *f = buf ? zip_fopen_index(z, (zip_uint64_t)idx, 0) : NULL;
	if (!f)
		goto out;
	zip_int64_t n = zip_fread(f, buf, st.size);
	zip_fclose(f);
	if (n != (zip_int64_t)st.size)
		goto out;
	buf[n] = 0;
	char *p = strstr(buf, "state=\"hidden\"");
	if (!p)
		goto out;
	/* "hidden" -> "veryHidden": four more bytes. */
	memmove(p + 18, p + 14, (size_t)n - (size_t)(p + 14 - buf) + 1);
	memcpy(p, "state=\"veryHidden\"", 18);
	zip_source_t *src = zip_source_buffer(z, buf, (zip_uint64_t)n + 4, 1);
	if (!src)
		goto out;
	buf = NULL; /* owned by the source now */
	if (zip_file_replace(z, (zip_uint64_t)idx, src, 0) != 0) {
		zip_source_free(src);
		goto out;
	}
	zip_close(z);
	return;
out:
	free(buf);
	zip_discard(z);
}

static void write_meta(lxw_worksheet *ws, int row, const char *key, const char *value)
{
	xlsx_write_text(ws, (lxw_row_t)row, 0, key, NULL);
	xlsx_write_text(ws, (lxw_row_t)row, 1, value ? value : "", NULL);
}

/* The cell formats of the template's data sheet. */
struct tpl_formats {
	lxw_format *head, *head_in, *fixed, *fixed_num, *input, *input_date, *input_text, *title;
};

static lxw_format *header_format(lxw_workbook *wb, lxw_color_t bg)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_bold(f);
	format_set_bg_color(f, bg);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	return f;
}

static lxw_format *cell_format(lxw_workbook *wb, int unlocked, lxw_color_t bg, const char *num)
{
	lxw_format *f = workbook_add_format(wb);
	if (unlocked)
		format_set_unlocked(f);
	if (bg)
		format_set_bg_color(f, bg);
	format_set_num_format(f, num);
	return f;
}

static void add_formats(lxw_workbook *wb, struct tpl_formats *f)
{
	f->head = header_format(wb, 0xD9E1F2);
	f->head_in = header_format(wb, 0xFFF2CC);
	/* Text format keeps SKUs like "00123" from becoming numbers when someone retypes them. */
	f->fixed = cell_format(wb, 0, 0xF2F2F2, "@");
	f->fixed_num = cell_format(wb, 0, 0xF2F2F2, "#,##0");
	f->input = cell_format(wb, 1, 0, "0");
	f->input_date = cell_format(wb, 1, 0, "yyyy-mm-dd");
	f->input_text = cell_format(wb, 1, 0, "@");
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
}

/* Column widths and formats, and the header row (input columns in yellow). */
static void write_header(lxw_worksheet *ws, const struct tpl_formats *fm)
{
	for (int c = 0; c < TEMPLATE_NCOLS; c++) {
		lxw_format *f = fm->fixed;
		if (c == TEMPLATE_COL_INBOUND || c == TEMPLATE_COL_OUTBOUND)
			f = fm->input;
		else if (c == TEMPLATE_COL_DATE || c == TEMPLATE_COL_EXPIRY)
			f = fm->input_date;
		else if (c == TEMPLATE_COL_MEMO || c == TEMPLATE_COL_LOT)
			f = fm->input_text;
		else if (c == TEMPLATE_COL_ON_HAND)
			f = fm->fixed_num;
		/* Column formats let rows below the products be typed into too (unlocked input). */
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c],
		                     (f == fm->fixed || f == fm->fixed_num) ? NULL : f);
		int in = c >= TEMPLATE_COL_INBOUND && c <= TEMPLATE_COL_LOT;
		xlsx_write_text(ws, 0, (lxw_col_t)c, template_headers[c],
		                in ? fm->head_in : fm->head);
	}
	worksheet_set_row(ws, 0, 22, NULL);
}

/* One row per product: the fixed (grey, locked) columns. */
static int write_products(lxw_worksheet *ws, const struct tpl_formats *fm,
                          const template_product *products, size_t n)
{
	lxw_format *fixed = fm->fixed;
	for (size_t i = 0; i < n; i++) {
		const template_product *p = &products[i];
		lxw_row_t r = (lxw_row_t)(i + 1);
		if (!p->sku || !*p->sku)
			return TEMPLATE_EINVAL;
		xlsx_write_text(ws, r, TEMPLATE_COL_SKU, p->sku, fixed);
		xlsx_write_text(ws, r, TEMPLATE_COL_PLAYAUTO,
		                p->playauto_sku ? p->playauto_sku : "", fixed);
		xlsx_write_text(ws, r, TEMPLATE_COL_NAME, p->name ? p->name : "", fixed);
		xlsx_write_text(ws, r, TEMPLATE_COL_CATEGORY, p->category ? p->category : "",
		                fixed);
		xlsx_write_text(ws, r, TEMPLATE_COL_KIND, p->kind == TEMPLATE_SET ? "세트" : "단품",
		                fixed);
		worksheet_write_number(ws, r, TEMPLATE_COL_ON_HAND, (double)p->on_hand,
		                       fm->fixed_num);
		xlsx_write_text(ws, r, TEMPLATE_COL_HAS_EXPIRY, p->needs_expiry ? "예" : "", fixed);
	}
	worksheet_freeze_panes(ws, 1, 1);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)(n ? n : 1), TEMPLATE_NCOLS - 1);
	return TEMPLATE_OK;
}

/* Excel's own checks on the input columns, with Korean prompts and messages. */
static void add_validations(lxw_worksheet *ws)
{
	lxw_data_validation qty = {0};
	qty.validate = LXW_VALIDATION_TYPE_INTEGER;
	qty.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
	qty.minimum_number = 0;
	qty.value_number = 0;
	qty.input_title = "수량 입력";
	qty.input_message = "0 이상의 정수를 입력하세요. 없으면 비워 두세요.";
	qty.error_title = "수량이 올바르지 않습니다";
	qty.error_message =
	        "입고·출고 수량은 0 이상의 정수만 입력할 수 있습니다. 소수나 음수, 글자는 "
	        "넣을 수 없습니다.";
	worksheet_data_validation_range(ws, 1, TEMPLATE_COL_INBOUND, SHEET_MAX_DATA_ROWS,
	                                TEMPLATE_COL_OUTBOUND, &qty);
	lxw_data_validation date = {0};
	date.validate = LXW_VALIDATION_TYPE_DATE;
	date.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
	date.minimum_datetime = (lxw_datetime){2000, 1, 1, 0, 0, 0};
	date.maximum_datetime = (lxw_datetime){2099, 12, 31, 0, 0, 0};
	date.input_title = "처리일자";
	date.input_message = "입출고한 날짜 (예: 2025-01-28). 비워 두면 업로드한 날로 처리됩니다.";
	date.error_title = "날짜가 올바르지 않습니다";
	date.error_message = "처리일자는 2025-01-28처럼 날짜로 입력하세요.";
	worksheet_data_validation_range(ws, 1, TEMPLATE_COL_DATE, SHEET_MAX_DATA_ROWS,
	                                TEMPLATE_COL_DATE, &date);
	/* Any value: a date, or "모름" when the date is not known (the importer decides). */
	lxw_data_validation expiry = {0};
	expiry.validate = LXW_VALIDATION_TYPE_ANY;
	expiry.input_title = "소비기한";
	expiry.input_message = "입고한 상품의 소비기한 (예: 2026-06-30). '소비기한 관리'가 '예'인 "
	                       "상품은 꼭 입력하고, 모르면 '모름'이라고 적으세요.";
	worksheet_data_validation_range(ws, 1, TEMPLATE_COL_EXPIRY, SHEET_MAX_DATA_ROWS,
	                                TEMPLATE_COL_EXPIRY, &expiry);
}

/* The sheet is protected (fixed columns locked) but may be sorted, filtered and resized. */
static void protect_data_sheet(lxw_worksheet *ws)
{
	lxw_protection prot = {0};
	prot.sort = 1;
	prot.autofilter = 1;
	prot.format_columns = 1;
	prot.format_rows = 1;
	worksheet_protect(ws, NULL, &prot);
	worksheet_activate(ws);
}

static void write_help(lxw_worksheet *help, const struct tpl_formats *fm, const template_meta *meta)
{
	worksheet_set_column(help, 0, 0, 110, NULL);
	size_t nlines = sizeof help_lines / sizeof *help_lines;
	for (size_t i = 0; i < nlines; i++)
		xlsx_write_text(help, (lxw_row_t)i, 0, help_lines[i], i == 0 ? fm->title : NULL);
	if (meta->org_name) {
		char line[512];
		snprintf(line, sizeof line,
		         "이 파일은 '%s' 전용입니다. 다른 회사의 계정에는 올릴 수 없습니다.",
		         meta->org_name);
		xlsx_write_text(help, (lxw_row_t)(nlines + 1), 0, line, NULL);
	}
}

/* The hidden sheet the importer reads back: which organisation and version, and the
 * token that ties an upload to this download. */
static void write_meta_sheet(lxw_worksheet *ms, const template_meta *meta, size_t n)
{
	char num[32];
	write_meta(ms, 0, "template", TEMPLATE_KIND);
	snprintf(num, sizeof num, "%d", meta->version ? meta->version : TEMPLATE_VERSION);
	write_meta(ms, 1, "version", num);
	snprintf(num, sizeof num, "%lld", meta->org_id);
	write_meta(ms, 2, "org_id", num);
	write_meta(ms, 3, "org_name", meta->org_name);
	write_meta(ms, 4, "token", meta->token);
	write_meta(ms, 5, "generated_at", meta->generated_at);
	snprintf(num, sizeof num, "%zu", n);
	write_meta(ms, 6, "rows", num);
	worksheet_hide(ms);
	worksheet_protect(ms, NULL, NULL);
}

/* The three sheets of one workbook. */
static int write_workbook(lxw_workbook *wb, const template_product *products, size_t n,
                          const template_meta *meta)
{
	struct tpl_formats fm;
	add_formats(wb, &fm);
	lxw_worksheet *ws = workbook_add_worksheet(wb, TEMPLATE_SHEET);
	lxw_worksheet *help = workbook_add_worksheet(wb, TEMPLATE_HELP_SHEET);
	lxw_worksheet *ms = workbook_add_worksheet(wb, SHEET_META_NAME);
	if (!ws || !help || !ms)
		return TEMPLATE_ENOMEM;
	write_header(ws, &fm);
	int rc = write_products(ws, &fm, products, n);
	if (rc != TEMPLATE_OK)
		return rc;
	add_validations(ws);
	protect_data_sheet(ws);
	write_help(help, &fm, meta);
	write_meta_sheet(ms, meta, n);
	return TEMPLATE_OK;
}

int template_write(const template_product *products, size_t n, const template_meta *meta,
                   unsigned char **out, size_t *outlen)
{
	*out = NULL;
	*outlen = 0;
	if (!meta || (n && !products) || n > SHEET_MAX_DATA_ROWS)
		return TEMPLATE_EINVAL;
	struct xlsx_mem m;
	if (xlsx_mem_open(&m, "jaego-template") != XLSX_MEM_OK)
		return TEMPLATE_EIO;
	int rc = write_workbook(m.wb, products, n, meta);
	int crc = xlsx_mem_close_file(&m);
	if (rc == TEMPLATE_OK && crc != XLSX_MEM_OK)
		rc = crc == XLSX_MEM_ENOMEM ? TEMPLATE_ENOMEM : TEMPLATE_EIO;
	if (rc == TEMPLATE_OK)
		make_very_hidden(m.path); /* the metadata sheet: hidden beyond Excel's own menu */
	crc = xlsx_mem_read(&m, rc == TEMPLATE_OK, out, outlen);
	if (rc == TEMPLATE_OK && crc != XLSX_MEM_OK)
		rc = crc == XLSX_MEM_ENOMEM ? TEMPLATE_ENOMEM : TEMPLATE_EIO;
	return rc;
}
