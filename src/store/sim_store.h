/* sim_store.h — what a policy simulation of the shop reads besides its demand (which comes
 * from forecast_store.h's inputs, as forecast runs build it): each active single product's
 * ordering terms (lead time of the product or else its supplier, MOQ, order multiple, unit
 * cost), its ledger balance on the morning of the first simulated day, and the shop's
 * service level. Every query filters by the organisation. */
#ifndef JAEGO_SIM_STORE_H
#define JAEGO_SIM_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct simstore_product {
	int64_t id;
	char sku[65];
	char name[804];     /* up to 200 characters of UTF-8 */
	int lead_time_days; /* the product's, else its supplier's; -1 when neither is entered */
	int64_t moq, order_multiple, unit_cost; /* order_multiple 1 when not entered */
	int has_expiry;
	int64_t opening;   /* sum of the ledger's movements dated before the first day */
	int opening_known; /* 1 when the product has a movement dated before the first day */
};

/* Every active single product of org, by SKU (byte order), with the ledger balance on the
 * morning of `from` (YYYY-MM-DD). *out is malloc'd (NULL when *n is 0; caller frees).
 * Returns DB_OK or a DB error. */
int simstore_products(db *d, int64_t org_id, const char *from, struct simstore_product **out,
                      size_t *n);

/* The organisation's service level (0.5..0.999; 0.95 when it cannot be read). */
double simstore_service_level(db *d, int64_t org_id);

#endif
