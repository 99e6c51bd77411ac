/* movements.h — the stock ledger read as the API shows it (docs/api.md, products section):
 * movement objects with the product, the member and the reversal links. */
#ifndef JAEGO_MOVEMENTS_H
#define JAEGO_MOVEMENTS_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

/* Filters of a ledger listing; NULL / 0 = any. */
struct movements_filter {
	int64_t product_id; /* the product's rows, and for a set the rows of its explosions */
	const char *type;   /* inbound, outbound, adjust, reversal */
	int64_t user_id;
	const char *from, *to; /* business dates, inclusive */
	const char *source;
	int64_t limit, offset;
};

/* {"items":[movement objects, newest first],"total":N}. New reference. */
json_t *movements_list(db *d, int64_t org_id, const struct movements_filter *f);
/* One movement object of org, or NULL. New reference. */
json_t *movements_object(db *d, int64_t org_id, int64_t id);
/* The movements one source wrote under one reference (an import batch's rows: source
 * "import", ref its id), oldest first, reversal rows left out: [movement objects], each
 * with its member, source and created_at. New reference. */
json_t *movements_by_ref(db *d, int64_t org_id, const char *source, const char *ref);
/* The id of the organisation's product with that SKU (compared in NFC), or 0. */
int64_t movements_product_id(db *d, int64_t org_id, const char *sku);

#endif
