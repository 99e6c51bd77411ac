/* sales_history_sheet.h — reads an uploaded sales-history file (판매 이력: "date, SKU,
 * outbound quantity") into clean rows and row problems, without I/O.
 *
 * The file is opened with spreadsheet_open() (.xlsx, or CSV in UTF-8 with or without BOM,
 * or CP949). Columns are found by header text among the first 10 rows, normalised as the
 * stock template's are (import_normalize_header):
 *   일자 / 날짜 / 판매일자 / 출고일자 / date ...            the KST business day of the sale
 *   마스터 SKU / 플레이오토 SKU / 채널 상품코드 (or 쿠팡 / 스마트스토어 / 자사몰 상품코드)
 *                                                            which product (at least one)
 *   출고 수량 / 판매 수량 / 수량 / qty ...                  units sold that day
 * When a row fills several product columns the master SKU wins, then 플레이오토 SKU, then a
 * channel code.
 *
 * Rules (each refusal is an error on its row with a stable code and a Korean message; a
 * file with any error cannot be applied):
 * - date: YYYY-MM-DD, YYYY.MM.DD, YYYY/MM/DD, 20250128 or an Excel serial date; empty
 *   (missing_date), unreadable (bad_date), after today in KST (future_date).
 * - product: empty (missing_sku), not found (unknown_sku), a channel code naming two
 *   products (ambiguous_code). A discontinued product is kept with a warning
 *   (inactive_product): its history is stored but forecasts skip the product while it is
 *   not in use. A set is kept with one warning per set (set_product): its sales count
 *   toward its components' demand.
 * - quantity: a whole number 0..LEDGER_MAX_QTY; "1,200" and full-width digits are fine.
 *   Units: the quantity counts pieces, so "3개" / "3 ea" / "3pcs" read as 3; any other unit
 *   ("3박스", "2세트", "1kg") is refused (mixed_units), because a box holds an unknown
 *   number of pieces. Otherwise: missing_qty, not_a_number, negative_qty, not_whole,
 *   qty_too_large.
 * - duplicates: the same product on the same day twice in one file is refused on the later
 *   row, naming both rows (duplicate_row): summing them would double a copied row, and
 *   keeping one would silently drop the other.
 * - size: more than SHIST_MAX_ROWS data rows refuses the whole file (too_many_rows).
 * File-level refusals (empty, .xls, corrupt ...) and a missing column are one problem with
 * row 0 or the header's row. */
#ifndef JAEGO_SALES_HISTORY_SHEET_H
#define JAEGO_SALES_HISTORY_SHEET_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "sheet.h"

enum { SHIST_OK = 0, SHIST_ENOMEM };

#define SHIST_MAX_ROWS     SHEET_MAX_DATA_ROWS /* data rows of one file */
#define SHIST_MAX_PROBLEMS 1000                /* kept; the counts stay exact */

/* Which column named the product. */
typedef enum shist_key { SHIST_KEY_MASTER = 0, SHIST_KEY_PLAYAUTO, SHIST_KEY_CHANNEL } shist_key;

/* What the lookup tells about one product. Strings must stay valid until the callback
 * returns: the reader copies them. */
typedef struct shist_product {
	int64_t id;
	const char *sku; /* master SKU */
	const char *name;
	int active;
	int is_set;
} shist_product;

/* Finds a product by code: kind says which column; channel is "coupang", "smartstore",
 * "ownmall" or NULL for any channel (only for SHIST_KEY_CHANNEL). Returns 1 and fills *out
 * when found, 0 when no product has the code, 2 when the code names more than one. */
typedef int (*shist_lookup_fn)(void *ud, shist_key kind, const char *channel, const char *code,
                               shist_product *out);

typedef struct shist_ctx {
	const char *today; /* KST business date "YYYY-MM-DD": later days are refused */
	shist_lookup_fn lookup;
	void *lookup_ud;
} shist_ctx;

typedef struct shist_item {
	int row; /* the sheet's row number */
	int64_t product_id;
	const char *sku, *name; /* the product's master SKU and name */
	char day[11];
	long long qty;
	int is_set, active;
} shist_item;

typedef struct shist_problem {
	int row;       /* 0 for the file as a whole */
	int other_row; /* duplicate_row: the earlier row; else 0 */
	const char *column;
	int error; /* 1 error (refuses the file), 0 warning */
	const char *code;
	const char *message; /* Korean */
	json_t *details;     /* owned, or NULL (missing_column) */
} shist_problem;

typedef struct shist_result {
	char file_hash[65]; /* SHA-256 of the bytes, lowercase hex */
	const char *format; /* "xlsx", "csv" or "unknown" */
	const char *encoding;
	int rows;  /* data rows with any content */
	int valid; /* rows without an error (the items) */
	int warnings, errors;
	shist_item *items; /* sorted by product id, then day */
	int nitems;
	shist_problem *problems;          /* by row, file-wide first */
	int nproblems;                    /* stored, at most SHIST_MAX_PROBLEMS */
	char first_day[11], last_day[11]; /* the period of the items; "" when none */
	long long qty_total;
	sheet_table *pool; /* strings made here */
} shist_result;

/* Reads and checks one upload. Returns SHIST_OK with a result (free with shist_free) even
 * when the file is bad, or SHIST_ENOMEM with *out NULL. data is only read. */
int shist_parse(const void *data, size_t len, const char *file_name, const shist_ctx *ctx,
                shist_result **out);
void shist_free(shist_result *r);

/* 1 when the batch may be applied: no errors and at least one row. */
int shist_can_apply(const shist_result *r);

/* The problems as a JSON array (new reference; NULL when out of memory):
 * [{row, other_row?, column, severity:"error"|"warning", code, message, details?}] */
json_t *shist_problems_json(const shist_result *r);

/* Reads a quantity cell's text by the unit rule above into *qty. Returns NULL when it is
 * fine, else the problem's code ("missing_qty", "mixed_units", ...). Exposed for tests. */
const char *shist_parse_qty(const char *text, long long *qty);

/* The example file offered on the page: CSV (UTF-8 with BOM, so Excel shows the Korean
 * headers) with the headers 일자, 마스터 SKU, 출고 수량 and one row per given SKU dated
 * `day`. *out is malloc'd. Returns 0, or -1 when out of memory. */
int shist_template_csv(const char *const *skus, size_t n, const char *day, char **out, size_t *len);

#endif
