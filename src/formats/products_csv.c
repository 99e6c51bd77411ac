/* products_csv.c — the product file of `jaego simulate` (see products_csv.h). */
#include "products_csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "csv_read.h"
#include "korean.h"
#include "planning.h"
#include "sheet.h"

#define EXPIRY_DAYS_MAX 3650

enum { C_SKU, C_LEAD, C_MOQ, C_MULT, C_COST, C_ONHAND, C_EXPIRY, NCOLS };
static const char *const col_names[NCOLS] = {
        "sku", "lead_time_days", "moq", "order_multiple", "unit_cost", "on_hand", "expiry_days"};

static int fail(char *msg, size_t len, int rc, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static int fail(char *msg, size_t len, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (msg && len)
		vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return rc;
}

void products_free(struct products_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->rows[i].sku);
	free(l->rows);
	free(l);
}

/* A whole number 0..max from a cell; "" with optional = PRODUCTS_NONE. 0 or -1. */
static int cell_int(const sheet_row *r, int col, int optional, int64_t max, int64_t *out)
{
	const sheet_cell *c = col >= 0 ? sheet_cell_at(r, col) : NULL;
	const char *s = c ? c->text : "";
	while (*s == ' ')
		s++;
	if (!*s) {
		*out = PRODUCTS_NONE;
		return optional ? 0 : -1;
	}
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || end == s || *end || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* The header row: each known column's index, -1 when absent. */
static int header(const sheet_row *r, int *col, char *msg, size_t msglen)
{
	for (int k = 0; k < NCOLS; k++)
		col[k] = -1;
	for (int j = 0; j < r->ncells; j++)
		for (int k = 0; k < NCOLS; k++)
			if (strcmp(r->cells[j].text, col_names[k]) == 0 && col[k] < 0)
				col[k] = r->cells[j].col;
	for (int k = C_SKU; k <= C_MOQ; k++)
		if (col[k] < 0)
			return fail(msg, msglen, PRODUCTS_EFORMAT,
			            "line %d: missing_column: 필요한 열 %s%s 없습니다 (sku, "
			            "lead_time_days, moq)",
			            r->row, col_names[k], korean_josa(col_names[k], "이/가"));
	return PRODUCTS_OK;
}

static int row_read(const sheet_row *r, const int *col, struct products_row *p, char *msg,
                    size_t msglen)
{
	static const int64_t max[NCOLS] = {0,
	                                   PLAN_LEAD_TIME_MAX,
	                                   PLAN_QTY_MAX,
	                                   PLAN_QTY_MAX,
	                                   PLAN_COST_MAX,
	                                   PLAN_QTY_MAX,
	                                   EXPIRY_DAYS_MAX};
	memset(p, 0, sizeof *p);
	const sheet_cell *c = sheet_cell_at(r, col[C_SKU]);
	if (!c || !*c->text)
		return fail(msg, msglen, PRODUCTS_EFORMAT,
		            "line %d: missing_sku: sku가 비어 있습니다", r->row);
	int64_t v[NCOLS];
	for (int k = C_LEAD; k < NCOLS; k++)
		if (cell_int(r, col[k], k > C_MOQ, max[k], &v[k]))
			return fail(msg, msglen, PRODUCTS_EFORMAT,
			            "line %d: bad_number: %s%s 0~%lld의 정수여야 합니다", r->row,
			            col_names[k], korean_josa(col_names[k], "은/는"),
			            (long long)max[k]);
	*p = (struct products_row){.sku = strdup(c->text),
	                           .line = r->row,
	                           .lead_time_days = (int)v[C_LEAD],
	                           .moq = v[C_MOQ],
	                           .order_multiple = v[C_MULT],
	                           .unit_cost = v[C_COST],
	                           .on_hand = v[C_ONHAND],
	                           .expiry_days = (int)v[C_EXPIRY]};
	return p->sku ? PRODUCTS_OK : PRODUCTS_ENOMEM;
}

static int duplicate(const struct products_list *l, const char *sku)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->rows[i].sku && strcmp(l->rows[i].sku, sku) == 0)
			return 1;
	return 0;
}

int products_csv_parse(const void *data, size_t len, struct products_list **out, char *msg,
                       size_t msglen)
{
	*out = NULL;
	sheet_table *t = NULL;
	int src = csv_read(data, len, &t);
	if (src != SHEET_OK)
		return fail(msg, msglen, src == SHEET_ENOMEM ? PRODUCTS_ENOMEM : PRODUCTS_EFORMAT,
		            "line 1: %s: %s", sheet_err_code(src), sheet_err_message(src));
	int col[NCOLS];
	int rc = header(&t->rows[0], col, msg, msglen);
	struct products_list *l = calloc(1, sizeof *l);
	if (l && rc == PRODUCTS_OK)
		l->rows = calloc((size_t)t->nrows, sizeof *l->rows);
	if (!l || (rc == PRODUCTS_OK && !l->rows))
		rc = PRODUCTS_ENOMEM;
	for (int i = 1; rc == PRODUCTS_OK && i < t->nrows; i++) {
		struct products_row row;
		rc = row_read(&t->rows[i], col, &row, msg, msglen);
		if (rc == PRODUCTS_OK && duplicate(l, row.sku))
			rc = fail(msg, msglen, PRODUCTS_EFORMAT,
			          "line %d: duplicate_sku: sku %s%s 두 번 나옵니다", t->rows[i].row,
			          row.sku, korean_josa(row.sku, "이/가"));
		if (rc == PRODUCTS_OK)
			l->rows[l->n++] = row;
		else
			free(row.sku);
	}
	if (rc == PRODUCTS_OK && l->n == 0)
		rc = fail(msg, msglen, PRODUCTS_EFORMAT, "line 2: no_rows: 상품 행이 없습니다");
	sheet_free(t);
	if (rc != PRODUCTS_OK) {
		products_free(l);
		return rc;
	}
	*out = l;
	return PRODUCTS_OK;
}

int products_csv_read(const char *path, struct products_list **out, char *msg, size_t msglen)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(msg, msglen, PRODUCTS_EIO, "io_error: 파일을 열 수 없습니다 (%s)",
		            strerror(errno));
	struct buf b = BUF_INIT;
	int rb = buf_read_fd(&b, fd, CSV_MAX_BYTES);
	close(fd);
	int rc = rb == BUF_OK ? products_csv_parse(b.p, b.len, out, msg, msglen)
	         : rb == BUF_ETOOBIG
	                 ? fail(msg, msglen, PRODUCTS_EFORMAT, "too_big: 파일이 너무 큽니다")
	                 : fail(msg, msglen, PRODUCTS_EIO, "io_error: 파일을 읽을 수 없습니다");
	buf_free(&b);
	return rc;
}
