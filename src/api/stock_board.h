/* stock_board.h — the 재고 현황 board's workbook on the server (GET /api/stock?format=xlsx):
 * the rows of GET /api/stock that pass the filters the board sends (q, category,
 * supplier_id, alert, tile), written by formats/stock_sheet.h. The filters and the tile
 * rules are the board's own (web/src/board/rules.ts); docs/screens.md states both. */
#ifndef JAEGO_STOCK_BOARD_H
#define JAEGO_STOCK_BOARD_H

#include "route.h"

/* Replies with the board's workbook: the organisation's rows of GET /api/stock that pass
 * the query's filters, in SKU order, with the numbers that answer gives them; values at
 * 매입 단가 only for members who see costs. A format other than xlsx, an unknown tile or
 * alert kind is 400 validation_failed. */
void stock_board_export(struct req *r, const char *format);

#endif
