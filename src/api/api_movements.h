/* api_movements.h — the stock ledger over HTTP: record a movement, list the ledger, reverse
 * a movement (docs/api.md, products section). */
#ifndef JAEGO_API_MOVEMENTS_H
#define JAEGO_API_MOVEMENTS_H

#include "route.h"

extern const struct route api_movements_routes[];

#endif
