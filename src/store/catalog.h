/* catalog.h — products, suppliers, set components and channel codes: validation of what a
 * member sends, storage, and the JSON the API answers with (docs/api.md, products section).
 *
 * All text is NFC-normalised on the way in (util_nfc), so Hangul typed on macOS (NFD)
 * matches Hangul typed elsewhere. Every function works inside one organisation: rows of
 * another organisation are invisible (not found). Stock figures come from the ledger. */
#ifndef JAEGO_CATALOG_H
#define JAEGO_CATALOG_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "ledger.h"
#include "text_limits.h"

#define CATALOG_LEAD_MAX   730 /* days: two years is already a very slow supplier */
#define CATALOG_MOQ_MAX    1000000
#define CATALOG_SAFETY_MAX 100000000
#define CATALOG_MAX_CODES  16 /* channel codes of one product */
/* Bytes that hold a supplier name of LIMIT_SUPPLIER_NAME characters and its NUL. */
#define CATALOG_SUPPLIER_NAME_SIZE (LIMIT_SUPPLIER_NAME * 4 + 1)

enum {
	CATALOG_OK = 0,
	CATALOG_EINVAL = 1,    /* field errors in err->details (400 validation_failed) */
	CATALOG_ENOTFOUND = 2, /* 404 */
	CATALOG_ECONFLICT = 3, /* duplicate SKU, channel code taken... (409) */
	CATALOG_EDB = 4
};

/* What went wrong, for the reply. details (an array of {"field","message"}) is owned by
 * the struct: release it with catalog_err_clear(), or take it (set to NULL). */
struct catalog_err {
	int code;
	const char *id; /* stable English code */
	char field[32];
	char message[256];
	json_t *details;
	int db_rc;
};
void catalog_err_clear(struct catalog_err *e);

struct catalog_comp_in {
	char sku[LEDGER_SKU_MAX + 1];
	int64_t qty;
};

struct catalog_code {
	char channel[16];
	char code[LIMIT_CHANNEL_CODE + 1];
};

/* A product as edited (not its stock). Text fields hold NFC UTF-8. */
struct catalog_product {
	int64_t id;
	char sku[LEDGER_SKU_MAX + 1];
	char playauto_sku[LIMIT_SKU * 4 + 1]; /* "" = none; LIMIT_SKU characters */
	char name[LIMIT_PRODUCT_NAME * 4 + 1];
	char category[LIMIT_CATEGORY * 4 + 1];
	char manufacturer[LIMIT_MANUFACTURER * 4 + 1]; /* 제조사, "" = none; not the supplier */
	int is_set;
	int64_t lead_time_days; /* -1 = inherit from the supplier */
	int64_t moq;
	int64_t safety_stock;
	int safety_auto;
	int64_t supplier_id; /* 0 = none */
	int64_t unit_cost;   /* KRW */
	char barcode[LIMIT_BARCODE + 1];
	int active;
	int has_expiry;
	char memo[LIMIT_MEMO * 4 + 1];
	size_t ncomp;
	struct catalog_comp_in comp[LEDGER_MAX_COMPONENTS];
	size_t ncodes;
	struct catalog_code codes[CATALOG_MAX_CODES];
	int comps_given, codes_given; /* the input named these lists (replace them) */
};

/* 1 when s is a usable master SKU: 1..64 bytes, no whitespace, control characters, or
 * any of / ? # % \ (it travels in URL paths and spreadsheet cells). */
int catalog_sku_valid(const char *s);

/* Fills *p with the defaults of a new product. */
void catalog_product_defaults(struct catalog_product *p);

/* Applies the fields of JSON object obj to *p, checking each. With partial = 0 the
 * required fields (sku, name) must be present. A "supplier" name not yet known is created
 * when the product is saved. Unknown fields are refused. Returns CATALOG_OK, or
 * CATALOG_EINVAL with every field error in err->details. Does not touch the database
 * except to resolve "supplier_id"/"supplier" into p->supplier_id (name kept in
 * supplier_name_out, which must hold CATALOG_SUPPLIER_NAME_SIZE bytes, when not found). */
int catalog_product_apply(db *d, int64_t org_id, json_t *obj, int partial,
                          struct catalog_product *p, char *supplier_name_out,
                          struct catalog_err *err);

/* Loads a product for editing. Returns CATALOG_OK or CATALOG_ENOTFOUND / CATALOG_EDB. */
int catalog_product_load(db *d, int64_t org_id, const char *sku, struct catalog_product *p);

/* Inserts (p->id == 0) or updates a product with its components and channel codes, after
 * the rules that need the store: unique SKU, PlayAuto SKU and channel codes; a set's
 * components exist, are singles and are not the set itself; a product with movements
 * cannot become a set. supplier_name, when not empty, names a supplier to use (created if
 * new). Runs in one transaction; sets p->id. */
int catalog_product_save(db *d, int64_t org_id, struct catalog_product *p,
                         const char *supplier_name, struct catalog_err *err);

/* Deletes a product without movements; one with movements (or used in a set) is
 * deactivated instead (*deactivated = 1). */
int catalog_product_delete(db *d, int64_t org_id, const char *sku, int *deactivated,
                           struct catalog_err *err);

/* The product object of docs/api.md, or NULL when not found. New reference. */
json_t *catalog_product_json(db *d, int64_t org_id, const char *sku);

struct catalog_filter {
	const char *q; /* SKU, name, barcode or PlayAuto SKU contains */
	const char *category;
	const char *manufacturer; /* exact 제조사; NULL or "" = any */
	int64_t supplier_id;      /* 0 = any */
	int kind;                 /* -1 any, 0 single, 1 set */
	int status;               /* 0 active, 1 inactive, 2 all */
	int low_stock;            /* on_hand <= safety_stock */
	const char *sort;         /* sku, name, on_hand, category; leading '-' = descending */
	int64_t limit, offset;
	int hide_cost; /* leave unit_cost out of every item (the caller may not see it) */
};
/* 1 when key is one of the list's sort orders (sku, name, on_hand, category, safety_stock,
 * updated_at, each optionally with a leading '-'). */
int catalog_sort_known(const char *key);
/* {"items":[product objects without components/codes], "total":N}. New reference. */
json_t *catalog_product_list(db *d, int64_t org_id, const struct catalog_filter *f);
/* The same as JSON text, built without an object tree (the list screen's hot path).
 * Returns a malloc'd NUL-terminated string the caller frees; *len gets its length. */
char *catalog_product_list_text(db *d, int64_t org_id, const struct catalog_filter *f, size_t *len);
/* {"items":["주방용품", ...]}: distinct categories in use. */
json_t *catalog_categories(db *d, int64_t org_id);
/* {"items":["한결키친", ...]}: distinct manufacturers (제조사) in use, sorted. */
json_t *catalog_manufacturers(db *d, int64_t org_id);

/* Suppliers. The object: {"id","name","lead_time_days","contact","phone","email","moq",
 * "memo","active","product_count","created_at","updated_at"}. */
json_t *catalog_supplier_json(db *d, int64_t org_id, int64_t id);
/* {"items":[supplier...],"total":N} sorted by name. New reference. */
json_t *catalog_supplier_list(db *d, int64_t org_id, int64_t limit, int64_t offset);
/* Creates (id == 0) or changes a supplier from JSON fields name, lead_time_days, contact,
 * phone, email, moq, memo, active. Sets *id_out. */
int catalog_supplier_save(db *d, int64_t org_id, int64_t id, json_t *obj, int64_t *id_out,
                          struct catalog_err *err);
/* Finds a supplier by name, creating it when absent. Returns its id, or 0 on error. */
int64_t catalog_supplier_ensure(db *d, int64_t org_id, const char *name);

#endif
