/* catalog.h — the catalogue in the store: products (products.c), suppliers (suppliers.c),
 * set components and channel codes, the error record both answer with (catalog_err.c), and
 * the JSON the API answers with (docs/api.md, products section). The functions take plain
 * structs; api/catalog_json.c reads what a member sends into them.
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
#include "product_rules.h"
#include "text_limits.h"

#define CATALOG_LEAD_MAX   730 /* days: two years is already a very slow supplier */
#define CATALOG_MOQ_MAX    1000000
#define CATALOG_SAFETY_MAX 100000000
#define CATALOG_DEMAND_MAX 1000000000 /* monthly_demand: units in 30 days */
#define CATALOG_MULT_MAX   1000000    /* order_multiple */
#define CATALOG_MAX_CODES  16         /* channel codes of one product */
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
/* Adds a field error; the first one also becomes the summary (code CATALOG_EINVAL). */
void catalog_err_field(struct catalog_err *e, const char *field, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* Records one refusal (code, stable id, field or NULL, message); returns code. */
int catalog_err_fail(struct catalog_err *e, int code, const char *id, const char *field,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A database failure rc (503 unavailable when busy, else 500); returns CATALOG_EDB. */
int catalog_err_db(struct catalog_err *e, int rc);

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
	int64_t safety_stock;   /* the user's number (safety_stock_rule manual) */
	int ss_rule;            /* PLAN_SS_* (planning.h): how safety stock is set */
	int64_t monthly_demand; /* the user's outbound in 30 days, -1 = not entered */
	int64_t order_multiple; /* order in multiples of this, -1 = any quantity */
	double service_level;   /* percent (50..99.9) for the service_level rule, 0 = the org's */
	int64_t supplier_id;    /* 0 = none */
	int64_t unit_cost;      /* KRW */
	char barcode[LIMIT_BARCODE + 1];
	int active;
	int has_expiry;
	char memo[LIMIT_MEMO * 4 + 1];
	size_t ncomp;
	struct catalog_comp_in comp[LEDGER_MAX_COMPONENTS];
	size_t ncodes;
	struct catalog_code codes[CATALOG_MAX_CODES];
	int comps_given, codes_given; /* the input named these lists (replace them) */
	int planning_given; /* the input named the rule, a lead time, demand or the supplier */
};

/* Fills *p with the defaults of a new product. */
void catalog_product_defaults(struct catalog_product *p);

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

/* The id of the organisation's product with that master SKU, or 0. */
int64_t catalog_product_id(db *d, int64_t org_id, const char *sku);
/* Closing stock of one product (not a set) on each of ndays days from day number start
 * (util_days_from_civil) into out[0..ndays-1], from its movements. */
void catalog_stock_series(db *d, int64_t product_id, int64_t start, int64_t ndays, int64_t *out);

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
/* "%q%" for LIKE ... ESCAPE '\\' with q's wildcards escaped, so that a search for "50%"
 * finds "50%" (every product search uses it). Caller frees. */
char *catalog_like_pattern(const char *q);
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
/* A supplier as a member sends it; has_X says the input named field X (a change touches
 * only those). Text fields hold NFC UTF-8. */
struct catalog_supplier_in {
	char name[CATALOG_SUPPLIER_NAME_SIZE];
	char contact[LIMIT_SUPPLIER_CONTACT * 4 + 1];
	char phone[LIMIT_SUPPLIER_PHONE * 4 + 1];
	char email[LIMIT_SUPPLIER_EMAIL * 4 + 1];
	char memo[LIMIT_MEMO * 4 + 1];
	int64_t lead_time_days; /* -1 = none */
	int64_t moq;            /* -1 = none */
	int active;
	int has_name, has_lead, has_contact, has_phone, has_email, has_moq, has_memo, has_active;
};
/* Creates (id == 0) or changes a supplier, in one transaction: 404 for an unknown id, 409
 * for a name already used. Sets *id_out. */
int catalog_supplier_save(db *d, int64_t org_id, int64_t id, const struct catalog_supplier_in *in,
                          int64_t *id_out, struct catalog_err *err);
/* 1 when supplier id belongs to the organisation. */
int catalog_supplier_exists(db *d, int64_t org_id, int64_t id);
/* The id of the organisation's supplier of that exact name, or 0. */
int64_t catalog_supplier_find(db *d, int64_t org_id, const char *name);
/* Finds a supplier by name, creating it when absent. Returns its id, or 0 on error. */
int64_t catalog_supplier_ensure(db *d, int64_t org_id, const char *name);

#endif
