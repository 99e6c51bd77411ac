/* api_movements.h — the stock ledger over HTTP: record a movement, list the ledger, reverse
 * a movement (docs/api.md, products section). */
#ifndef JAEGO_API_MOVEMENTS_H
#define JAEGO_API_MOVEMENTS_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "route.h"

extern const struct route api_movements_routes[];

/* Filters of a ledger listing; NULL / 0 = any. */
struct api_movements_filter {
	int64_t product_id; /* the product's rows, and for a set the rows of its explosions */
	const char *type;   /* inbound, outbound, adjust, reversal */
	int64_t user_id;
	const char *from, *to; /* business dates, inclusive */
	const char *source;
	int64_t limit, offset;
};

/* {"items":[movement objects, newest first],"total":N}. New reference. */
json_t *api_movements_list(db *d, int64_t org_id, const struct api_movements_filter *f);
/* One movement object of org, or NULL. New reference. */
json_t *api_movements_object(db *d, int64_t org_id, int64_t id);
/* The movements one source wrote under one reference (an import batch's rows: source
 * "import", ref its id), oldest first, reversal rows left out: [movement objects], each
 * with its member, source and created_at. New reference. */
json_t *api_movements_by_ref(db *d, int64_t org_id, const char *source, const char *ref);

#endif
