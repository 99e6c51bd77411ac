/* stock_board.h — the 재고 현황 board's list on the server: the filters the board sends
 * (q, category, supplier_id, alert, tile) applied to the rows of GET /api/stock, and those
 * rows as the board's workbook (GET /api/stock?format=xlsx, formats/stock_sheet.h). The
 * tile rules are the board's own (web/src/board/rules.ts); docs/screens.md states both. */
#ifndef JAEGO_STOCK_BOARD_H
#define JAEGO_STOCK_BOARD_H

#include <stdint.h>

#include "route.h"
#include "stock_view.h"

/* The headline tiles whose list is a filter of the board's rows. */
enum stock_board_tile {
	STOCK_TILE_ANY = 0,
	STOCK_TILE_ORDER_TODAY, /* order_today: 발주 알림 fires and the order-by day is today or past */
	STOCK_TILE_RUNS_OUT,  /* runs_out: 예상 소진일 before today + lead time */
	STOCK_TILE_OVERSTOCK, /* overstock: 과잉 재고 above zero */
	STOCK_TILE_EXPIRY,    /* expiry_near: stock in lots within the expiry alert days */
	STOCK_TILE_N
};

struct stock_board_filter {
	const char *q; /* SKU or name contains (NFC, ASCII letters in any case); NULL = any */
	const char *category; /* exact category (NFC); NULL = any */
	int64_t supplier_id;  /* 0 = any */
	int alert_kind;       /* products with an open, not snoozed alert of this kind; -1 = any */
	int tile;             /* enum stock_board_tile */
};

/* Reads the filters from the query string (strings in the request arena). Replies 400
 * validation_failed and returns -1 for a bad one. */
int stock_board_filter_read(struct req *r, struct stock_board_filter *f);

/* Replies with the board's workbook: the view's rows that pass f, in SKU order, with the
 * numbers GET /api/stock gives them; values at 매입 단가 only when show_cost. */
void stock_board_export(struct req *r, const struct stock_view *v,
                        const struct stock_board_filter *f, int show_cost);

#endif
