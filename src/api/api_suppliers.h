/* api_suppliers.h — suppliers (공급처/제조사) over HTTP (docs/api.md, products section). */
#ifndef JAEGO_API_SUPPLIERS_H
#define JAEGO_API_SUPPLIERS_H

#include "route.h"

extern const struct route api_suppliers_routes[];

#endif
