/* api_movements.h — the stock ledger over HTTP: record a movement, list the ledger, reverse
 * a movement (docs/api.md, products section). */
#ifndef JAEGO_API_MOVEMENTS_H
#define JAEGO_API_MOVEMENTS_H

#include "movements.h"
#include "route.h"

extern const struct route api_movements_routes[];

/* The ledger queries live in store/movements.h. Until the product and import handlers
 * include it themselves, their old names stay here. */
#define api_movements_filter movements_filter
#define api_movements_list   movements_list
#define api_movements_by_ref movements_by_ref

#endif
