/* catalog_json.h — what a member sends for a product or a supplier, read from JSON into the
 * plain structs of catalog.h, each field checked with a Korean message (docs/api.md,
 * products section). The store functions then take only those structs. */
#ifndef JAEGO_CATALOG_JSON_H
#define JAEGO_CATALOG_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "catalog.h"

/* Applies the fields of JSON object obj to *p, checking each. With partial = 0 the
 * required fields (sku, name) must be present. A "supplier" name not yet known is created
 * when the product is saved. Unknown fields are refused. Returns CATALOG_OK, or
 * CATALOG_EINVAL with every field error in err->details. Reads the store only to resolve
 * "supplier_id"/"supplier" into p->supplier_id (name kept in supplier_name_out, which must
 * hold CATALOG_SUPPLIER_NAME_SIZE bytes, when not found). */
int catalog_product_apply(db *d, int64_t org_id, json_t *obj, int partial,
                          struct catalog_product *p, char *supplier_name_out,
                          struct catalog_err *err);

/* Reads a supplier's fields (name, lead_time_days, contact, phone, email, moq, memo, active)
 * from obj into *in; id == 0 means a new supplier, whose name is required. Returns
 * CATALOG_OK or CATALOG_EINVAL with every field error in err->details. */
int catalog_supplier_apply(json_t *obj, int64_t id, struct catalog_supplier_in *in,
                           struct catalog_err *err);

/* catalog_supplier_apply, then catalog_supplier_save. */
int catalog_supplier_save_json(db *d, int64_t org_id, int64_t id, json_t *obj, int64_t *id_out,
                               struct catalog_err *err);

struct req;
/* Replies with a catalogue store refusal (400, 404, 409 or the DB error); takes details. */
void reply_catalog_error(struct req *r, struct catalog_err *e);

#endif
