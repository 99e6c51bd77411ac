/* import.h — turns an uploaded spreadsheet into a preview of stock changes, without I/O.
 *
 * The upload never changes stock by itself: import_parse() reads the file (.xlsx or CSV),
 * finds the columns by header text, validates every row and computes, per SKU, the current
 * stock, inbound, outbound and resulting stock. The caller (the upload route) shows the
 * preview and later applies result->items in one transaction.
 *
 * Decisions, so the preview and the apply agree:
 * - Columns are found by header text, normalised (NFC, whitespace and brackets' contents
 *   removed, Latin case folded) and matched against synonyms ("입고 수량", "입고수량",
 *   "입고량", "입고" ...). The header row is the first of the first 10 rows that has a SKU
 *   column and a quantity column. Extra and reordered columns are fine.
 * - A row whose quantities are both empty (or both 0) is skipped: untouched template rows
 *   produce one summary warning (empty_rows_skipped); a skipped row that has a date or memo
 *   typed gets its own warning (empty_row), since the user probably forgot the quantity.
 * - Duplicate SKU rows are told apart by business date. Same SKU, same date, identical
 *   quantities: a warning (duplicate_sku_same) and the later row is NOT applied, because a
 *   copied row is far more likely than two identical deliveries. Same SKU and date with
 *   different quantities: an error (duplicate_sku_conflict) on the later row. The same SKU
 *   on different dates is two separate movements.
 * - Set products: their inbound and outbound are exploded into their components (component
 *   quantity times set quantity); the diff lists components, never the set itself.
 * - Resulting stock below zero is an error unless ctx->allow_negative.
 * - 소비기한 (expiry date) and 로트 번호 (lot) belong to the row's inbound. A row with inbound
 *   for a product with expiry management (import_product.needs_expiry) must give the date
 *   or say "모름" (unknown): otherwise an error (expiry_required); "모름" is recorded as
 *   expiry_unknown with a warning (expiry_unknown), and ignored for other products. An unreadable date is an error
 *   (bad_expiry), a lot over 64 bytes too (lot_too_long). On a row without inbound they are
 *   not used, with a warning (expiry_ignored). Rows of one SKU and date with different
 *   expiry dates or lots are different receipts, not duplicates.
 * - The ledger's own rules are checked here too, with its limits (ledger_rules.h), so that the
 *   preview never promises what the apply refuses: a business date after ctx->today is an
 *   error (future_date); a quantity above LEDGER_MAX_QTY in one row, or a set row whose
 *   component units would exceed it, is an error (qty_too_large); a memo longer than
 *   LEDGER_MEMO_MAX characters is cut there, on a character boundary, with a warning
 *   (memo_truncated), and the item carries the cut memo.
 * - A .xlsx carrying template metadata whose org_id or token differs from the context is
 *   refused (foreign_template). A file without metadata (CSV, or re-saved by a program that
 *   dropped hidden sheets) is accepted with a warning (no_template_metadata).
 * - Hidden rows are read like any other; a hidden row with a quantity gets a warning.
 * - File-level failures (empty, .xls, corrupt, zip bomb ...) become one error problem with
 *   row 0, so the preview screen always has something to show. The file is opened with
 *   spreadsheet_open() and refused with the codes every import shares (sheet.c).
 * - A missing SKU or quantity column (missing_column) names the sheet read and the headers
 *   found there; the problem's details carry them.
 * - A cell the row needs that holds a formula without a saved value (formula_without_value)
 *   or an error result (formula_error) is an error on that row, never an empty cell:
 *   formulas are not evaluated. Rows whose quantities are empty are skipped as before.
 * - Quantities typed with full-width digits ("１２") are read as numbers.
 */
#ifndef JAEGO_IMPORT_H
#define JAEGO_IMPORT_H

#include <jansson.h>
#include <stddef.h>

#include "sheet.h"

enum { IMPORT_OK = 0, IMPORT_ENOMEM };

#define IMPORT_MAX_PROBLEMS   2000 /* stored; the counts in the summary stay exact */
#define IMPORT_MAX_COMPONENTS 64

typedef struct import_component {
	const char *sku;
	long long qty; /* units of the component in one set */
} import_component;

/* What the lookup callback tells about one master SKU. Strings and the component array only
 * need to stay valid until the callback returns: the importer copies them. */
typedef struct import_product {
	int active; /* 0: discontinued or archived, uploads to it are refused */
	int is_set; /* 1: a set, whose movements go to its components */
	long long on_hand;
	const char *name;
	const import_component *components;
	int ncomponents;
	int needs_expiry; /* 1: an inbound must give its expiry date (ledger_expiry_required) */
} import_product;

/* Returns 1 and fills *out when the SKU exists in the organisation, 0 when it does not. */
typedef int (*import_lookup_fn)(void *ud, const char *sku, import_product *out);

typedef struct import_ctx {
	long long org_id;
	const char *token; /* the organisation's template token; NULL skips the token check */
	const char *today; /* KST business date "YYYY-MM-DD" used when 처리일자 is empty */
	import_lookup_fn lookup;
	void *lookup_ud;
	int allow_negative; /* 1: resulting stock below zero is only a warning */
} import_ctx;

typedef enum import_severity { IMPORT_WARNING = 0, IMPORT_ERROR = 1 } import_severity;

typedef struct import_item {
	int row;         /* row number in the spreadsheet */
	const char *sku; /* as typed (trimmed); for a set the set's SKU */
	long long inbound, outbound;
	char date[11];    /* business date YYYY-MM-DD */
	const char *memo; /* "" when none; at most LEDGER_MEMO_MAX characters (cut) */
	int is_set;
	char expiry[11];    /* the inbound's expiry date, "" when none */
	const char *lot;    /* the inbound's lot, "" when none */
	int expiry_unknown; /* the inbound's expiry date is not known ("모름") */
} import_item;

typedef struct import_problem {
	int row;            /* 0 for the file as a whole */
	const char *column; /* header of the column concerned, "" when none */
	import_severity severity;
	const char *code;    /* stable English code, e.g. "unknown_sku" */
	const char *message; /* Korean: what is wrong and how to fix it */
	json_t *details;     /* owned, or NULL; missing_column: the sheet read and headers found */
} import_problem;

typedef struct import_diff {
	const char *sku, *name;
	long long on_hand, inbound, outbound, result;
} import_diff;

typedef struct import_result {
	const char *file_name;
	char file_hash[65]; /* SHA-256 of the uploaded bytes, lowercase hex */
	const char *format; /* "xlsx", "csv" or "" when unreadable */
	const char *encoding;
	int rows;  /* data rows below the header that have any content */
	int valid; /* rows that will be applied */
	int warnings, errors;
	import_item *items;
	int nitems;
	import_problem *problems;
	int nproblems; /* stored, at most IMPORT_MAX_PROBLEMS (+1 summary line) */
	import_diff *diff;
	int ndiff;
	sheet_table *table; /* the file as read (owned) */
	sheet_table *pool;  /* arena for strings made here (owned) */
	void *index;        /* SKU hash table (owned) */
} import_result;

/* Parses and validates one upload. Returns IMPORT_OK and a result in *out (free with
 * import_free) even when the file is bad: the problems say why. Returns IMPORT_ENOMEM with
 * *out NULL only when memory runs out. data is only read; file_name is copied. */
int import_parse(const void *data, size_t len, const char *file_name, const import_ctx *ctx,
                 import_result **out);

/* 1 when the result can be applied: no errors and at least one item. */
int import_can_apply(const import_result *r);

void import_free(import_result *r);

/* The preview as JSON (new reference, caller decrefs), or NULL when out of memory:
 * {file_name, file_hash, format, encoding, rows, can_apply,
 *  summary:{rows, valid, warnings, errors},
 *  problems:[{row, column, severity:"warning"|"error", code, message, details?}],
 *  items:[{row, sku, inbound, outbound, date, memo, is_set, expiry|null, lot|null,
 *          expiry_unknown}],
 *  diff:[{sku, name, on_hand, inbound, outbound, result}]} */
json_t *import_to_json(const import_result *r);

/* Helpers exposed for tests and for the route that writes dates. */
/* Normalises a header for matching into buf; see the decisions above. */
void import_normalize_header(const char *in, char *buf, size_t size);
/* Excel serial day (1900 or 1904 system) to YYYY-MM-DD; returns 0 or -1 when out of range. */
int import_serial_to_date(double serial, int date1904, char out[11]);
/* A date cell as YYYY-MM-DD, read as the template's 처리일자 is: an Excel serial (1900 or
 * 1904 system), 20250128, or text like "2025-01-28", "2025.1.28.", "2025/01/28". Returns 0,
 * or -1 when the cell is absent, empty or not a date (years 2000-2099). */
int import_cell_date(const sheet_cell *c, int date1904, char out[11]);

#endif
