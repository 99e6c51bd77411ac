/* imports.h — every query of the stock template and the inbound/outbound import batches:
 * the catalogue snapshot a preview and the template are made against, the org settings
 * they read, and the import_batches table (insert, read, list, and the apply and reversal
 * status changes). The states' rules are domain/import_batch.h; the routes api_imports.c. */
#ifndef JAEGO_STORE_IMPORTS_H
#define JAEGO_STORE_IMPORTS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "import.h"
#include "ledger.h"
#include "template.h"

/* ------------------------------------------------------------------ catalogue snapshot */

/* Every product of the organisation with its stock, loaded in two queries so that
 * validating thousands of rows costs no query per row. Strings live in the arena. */
struct imports_comp {
	int64_t set_id;
	const char *sku;
	int64_t qty, on_hand;
	int has_expiry;
};

struct imports_prod {
	int64_t id;
	const char *sku, *name;
	int is_set, active;
	int needs_expiry; /* ledger_expiry_required(): own flag, or a set's components' */
	int64_t on_hand;  /* a set: what its components allow (ledger_set_available) */
	size_t comp_off, ncomp;
};

struct imports_snap {
	struct imports_prod *p; /* sorted by sku (bytewise) */
	size_t n;
	struct imports_comp *c; /* sorted by set_id */
	size_t nc;
	import_component *ic; /* parallel to c, for the importer */
};

void imports_snap_load(db *d, arena *a, int64_t org_id, struct imports_snap *s);
void imports_snap_free(struct imports_snap *s);
const struct imports_prod *imports_snap_find(const struct imports_snap *s, const char *sku);
/* The importer's lookup (import_ctx.lookup, ud = the snapshot): SKUs are stored NFC,
 * cells may be NFD (typed on a Mac). */
int imports_snap_lookup(void *ud, const char *sku, import_product *out);

/* ------------------------------------------------------------------ the template */

/* The active products of the template (category NULL for all, supplier_id 0 for all), in
 * SKU order, with stock and expiry flag from snap; *out is malloc'd, strings in the arena. */
size_t imports_template_products(db *d, arena *a, int64_t org_id, const char *category,
                                 int64_t supplier_id, const struct imports_snap *snap,
                                 template_product **out);

/* The organisation's settings an import reads. Strings are malloc'd (NULL when unset). */
char *imports_org_name(db *d, int64_t org_id);
char *imports_org_token(db *d, int64_t org_id);
int imports_org_allows_negative(db *d, int64_t org_id);

/* ------------------------------------------------------------------ batches */

/* A new batch as the upload stores it. */
struct imports_new_batch {
	int64_t org_id, user_id;
	const char *file_name, *file_hash, *format, *status, *uploaded_at;
	int64_t rows, valid, warnings, errors;
	const char *preview_json;
	const void *file;
	size_t file_len;
};

/* Inserts the batch; DB_OK and its id in *id, or the database error. */
int imports_batch_insert(db *d, const struct imports_new_batch *b, int64_t *id);

/* One batch as the API shows it (docs/api.md), or NULL when the organisation has none such. */
json_t *imports_batch_json(db *d, int64_t org_id, int64_t id);
/* A page of batches, newest first (status NULL for all), and the total in *total. */
json_t *imports_batch_list(db *d, int64_t org_id, const char *status, int64_t limit, int64_t offset,
                           int64_t *total);
/* The stored preview text of a batch (malloc'd), or NULL. */
char *imports_batch_preview(db *d, int64_t org_id, int64_t id);

/* The earlier applied batch of the same file, except except_id: its id (0 when none),
 * when (UTC) and who, strings in the arena. */
int64_t imports_applied_same_hash(db *d, int64_t org_id, const char *hash, int64_t except_id,
                                  arena *a, const char **when, const char **who);

/* What the apply and the reversal read of a batch. */
struct imports_batch_state {
	char status[16];
	char hash[65];
	const char *applied_at, *applied_by, *reversed_at, *reversed_by, *file_name;
	char *preview; /* malloc'd */
};

/* Loads the batch of the organisation; 0 when found, -1 when not. Strings in the arena. */
int imports_batch_load(db *d, arena *a, int64_t org_id, int64_t id, struct imports_batch_state *b);

/* Marks a preview batch applied by user_id at `now` with the count of movements its apply
 * wrote under ref (returned in *count). DB_OK or the database error. */
int imports_batch_mark_applied(db *d, int64_t org_id, int64_t id, int64_t user_id, const char *now,
                               const char *ref, int64_t *count);
/* Marks an applied batch reversed by user_id at `now`. */
int imports_batch_mark_reversed(db *d, int64_t org_id, int64_t id, int64_t user_id,
                                const char *now);

/* Records the reversal of every movement the batch with ref wrote (ctx->org_id's), with
 * memo: one per set explosion (the ledger reverses its sibling rows with it), newest first
 * so that outbound comes back before inbound is taken away; rows already reversed one by
 * one are left as they are. Returns LEDGER_OK with the count in *reversed, or the ledger's
 * refusal in err. The caller holds the transaction. */
int imports_batch_reverse(db *d, const struct ledger_ctx *ctx, const char *ref, const char *memo,
                          size_t *reversed, struct ledger_err *err);

#endif
