/* stock_json.h — the planning view (store/stock_view.h) as the API shows it: one object per
 * product for GET /api/stock and the product page's planning card, and the suggested order
 * sheet (추천 발주) grouped by supplier for GET /api/purchase-orders/suggested. Figures
 * that cannot be computed are null, with the reason's stable code and Korean message in
 * "problems". docs/api.md describes the objects. */
#ifndef JAEGO_STOCK_JSON_H
#define JAEGO_STOCK_JSON_H

#include <jansson.h>

#include "buf.h"
#include "stock_view.h"

/* One product's planning row as JSON text appended to b. show_cost: include the values at
 * 매입 단가. */
void stock_line_text(struct buf *b, const struct stock_view *v, const struct stock_line *ln,
                     int show_cost);
/* The same row as a jansson object. New reference. */
json_t *stock_line_json(const struct stock_view *v, const struct stock_line *ln, int show_cost);
/* The body of GET /api/stock: {"date","run","settings","items":[rows],"total"}, every line
 * of v or only the line `only` (NULL = all). A heap string of *len bytes. */
char *stock_list_text(const struct stock_view *v, const struct stock_line *only, int show_cost,
                      size_t *len);

/* Whether a product belongs on the suggested order sheet: a single product with a positive
 * suggested quantity whose order alert fires or whose stock runs out before a receipt. */
int stock_line_suggested(const struct stock_line *ln);

/* {"date","settings":{...},"groups":[{"supplier_id","supplier","items":[...],"total_qty",
 * "total_amount"}],"total_items"}: the suggested order sheet, suppliers by name, products
 * without a supplier last. New reference. */
json_t *stock_suggested_json(const struct stock_view *v, int show_cost);

/* The organisation's planning settings {"order_alert_days","expiry_alert_days",
 * "review_days","service_level"} (service level in percent). New reference. */
json_t *stock_settings_json(const struct plan_settings *s);

#endif
