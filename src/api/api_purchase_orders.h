/* api_purchase_orders.h — purchase orders (발주) over HTTP: list, create and edit drafts,
 * send, receive into stock, cancel, close, the .xlsx 발주서, and a product's observed lead
 * times (docs/api.md, purchase orders section). */
#ifndef JAEGO_API_PURCHASE_ORDERS_H
#define JAEGO_API_PURCHASE_ORDERS_H

#include "route.h"

extern const struct route api_purchase_orders_routes[];

#endif
