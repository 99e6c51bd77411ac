/* sheet.h — the table a spreadsheet reader produces: rows of cells as the user sees them.
 *
 * Both the .xlsx reader and the CSV reader fill this one structure, so the import validator
 * never cares where a file came from. A table owns all its memory (strings live in one
 * arena, arrays are grown with realloc); sheet_free() releases everything at once.
 * Readers report failure with a sheet_err code whose stable English name and Korean
 * message come from sheet_err_code() and sheet_err_message(): the one table of file
 * refusals every import answers with (imports open files through spreadsheet.h). */
#ifndef JAEGO_SHEET_H
#define JAEGO_SHEET_H

#include <stddef.h>

/* Limits shared by the readers. A template with more data rows than SHEET_MAX_DATA_ROWS is
 * refused as a whole: nobody types 20,000 movements by hand, and a larger file is more
 * likely an export of something else. */
#define SHEET_MAX_DATA_ROWS  20000
#define SHEET_MAX_ROWS       (SHEET_MAX_DATA_ROWS + 20) /* room for a header and a few titles */
#define SHEET_MAX_COLS       256                        /* cells beyond column IV are ignored */
#define SHEET_MAX_CELL_BYTES 4096                       /* longer text is truncated */
#define SHEET_MAX_CELLS      1000000 /* cells with content in one table: 50 columns x 20,000 rows */
/* The very hidden sheet of the stock template holding key/value metadata rows (A=key, B=value). */
#define SHEET_META_NAME "_jaego"

typedef enum sheet_err {
	SHEET_OK = 0,
	SHEET_ENOMEM,       /* out of memory */
	SHEET_EEMPTY,       /* zero bytes, or no cell with content */
	SHEET_EXLS,         /* old binary .xls (OLE2 compound file) */
	SHEET_ENOTSHEET,    /* neither a zip nor text we can read */
	SHEET_ECORRUPT,     /* zip damaged or truncated, or a required part missing */
	SHEET_EBOMB,        /* uncompressed size or compression ratio over the limit */
	SHEET_EENTITY,      /* XML with a DOCTYPE or entity declaration */
	SHEET_EXML,         /* malformed XML inside the workbook */
	SHEET_ETOOMANYROWS, /* more than SHEET_MAX_ROWS rows with content */
	SHEET_ENOSHEET,     /* workbook without any worksheet */
	SHEET_EENCODING,    /* text that is neither UTF-8 nor CP949 */
	SHEET_EENCRYPTED,   /* password-protected workbook */
	SHEET_ERR_COUNT
} sheet_err;

typedef enum sheet_kind {
	SHEET_CELL_EMPTY = 0,
	SHEET_CELL_NUMBER, /* text holds the number as written in the file, e.g. "12" or "1.5E3" */
	SHEET_CELL_STRING, /* text in any form, including numbers stored as text */
	SHEET_CELL_BOOL,   /* text "1" or "0" (xlsx) */
	SHEET_CELL_ERROR,  /* text like "#N/A" */
	SHEET_CELL_DATE,   /* a number formatted as a date: text is the serial, e.g. "45321";
                         or an ISO date written by t="d" cells */
	SHEET_CELL_FORMULA /* a formula whose result the file does not hold (written by a program
                         that does not calculate): text is "". Formulas are never evaluated;
                         an import refuses such a cell where it needs the value. */
} sheet_kind;

typedef struct sheet_cell {
	int col; /* 0-based column index: 0 is A */
	sheet_kind kind;
	const char
	        *text;  /* NUL-terminated UTF-8 (NFC for CSV); "" when empty; owned by the table */
	int is_formula; /* the value is a formula's cached result */
} sheet_cell;

typedef struct sheet_row {
	int row;    /* 1-based row number as the user sees it in the spreadsheet */
	int hidden; /* the row is hidden in the sheet (xlsx only) */
	int ncells; /* cells in ascending column order; empty cells are usually absent */
	sheet_cell *cells;
} sheet_row;

typedef enum sheet_state { SHEET_VISIBLE = 0, SHEET_HIDDEN, SHEET_VERY_HIDDEN } sheet_state;

typedef struct sheet_info {
	const char *name;
	sheet_state state;
} sheet_info;

typedef struct sheet_merge {
	int r1, c1, r2, c2; /* inclusive, rows 1-based, columns 0-based */
} sheet_merge;

typedef struct sheet_meta {
	const char *key, *value;
} sheet_meta;

typedef struct sheet_arena_block sheet_arena_block;

typedef struct sheet_table {
	const char *format;     /* "xlsx" or "csv" */
	const char *encoding;   /* CSV: "utf-8", "utf-8-bom" or "cp949"; xlsx: "utf-8" */
	const char *data_sheet; /* name of the sheet the rows come from */
	sheet_row *rows;
	int nrows, caprows;
	sheet_info *sheets; /* every sheet of the workbook, in workbook order */
	int nsheets, capsheets;
	sheet_merge *merges; /* merged ranges of the data sheet */
	int nmerges, capmerges;
	int date1904;     /* xlsx: serial dates count from 1904-01-01 (old Mac files) */
	sheet_meta *meta; /* key/value rows of the hidden metadata sheet, if any */
	int nmeta, capmeta;
	long ncells_total; /* cells over all rows, bounded by SHEET_MAX_CELLS */
	sheet_arena_block *arena;
} sheet_table;

/* Returns a new empty table from calloc, or NULL when out of memory; free with sheet_free. */
sheet_table *sheet_new(const char *format);
/* Frees the table and every string and array it owns. NULL is fine. */
void sheet_free(sheet_table *t);

/* Copies n bytes (plus a NUL) into the table's arena; NULL when out of memory. */
char *sheet_strndup(sheet_table *t, const char *s, size_t n);
char *sheet_strdup(sheet_table *t, const char *s);

/* Appends an empty row numbered `row` and returns it (valid until the next append), or NULL
 * when out of memory. */
sheet_row *sheet_add_row(sheet_table *t, int row);
/* Appends a cell to the last row; text is copied. Cells must come in ascending column order;
 * a cell at the same or a lower column than the previous one replaces nothing and is
 * dropped. Returns SHEET_OK, SHEET_ENOMEM, or SHEET_EBOMB past SHEET_MAX_CELLS cells. */
int sheet_add_cell(sheet_table *t, sheet_row *r, int col, sheet_kind kind, const char *text,
                   size_t len, int is_formula);
int sheet_add_sheet(sheet_table *t, const char *name, sheet_state state);
int sheet_add_merge(sheet_table *t, int r1, int c1, int r2, int c2);
int sheet_add_meta(sheet_table *t, const char *key, const char *value);

/* The cell at column col of row r, or NULL when absent. */
const sheet_cell *sheet_cell_at(const sheet_row *r, int col);
/* The metadata value for key, or NULL. */
const char *sheet_meta_get(const sheet_table *t, const char *key);

/* Column letters for a 0-based index into buf (at least 4 bytes): 0 -> "A", 27 -> "AB". */
void sheet_col_name(int col, char *buf, size_t size);
/* Parses "AB12" into a 0-based column and 1-based row; letters alone give row 0. Returns 0
 * on success, -1 when the reference is not valid. */
int sheet_parse_ref(const char *ref, int *col, int *row);

/* Stable English code ("zip_bomb") and Korean message for an error; never NULL. */
const char *sheet_err_code(int err);
const char *sheet_err_message(int err);

#endif
