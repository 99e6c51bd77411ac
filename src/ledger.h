/* ledger.h — the stock ledger: every change of stock is an immutable movement, and current
 * stock is their sum (cached in balances, updated in the same transaction).
 *
 * Two layers. The pure rules (set availability, set explosion, the negative-stock check)
 * work on plain structs so that tests state them exactly. The store functions record
 * movements, reverse them and verify the cache, always for one organisation and always
 * inside one transaction (they nest in the caller's transaction when there is one). */
#ifndef JAEGO_LEDGER_H
#define JAEGO_LEDGER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"

#define LEDGER_MAX_QTY        1000000 /* one movement never moves more than this */
#define LEDGER_MAX_COMPONENTS 20      /* components of one set */
#define LEDGER_SKU_MAX        64      /* bytes of a master SKU, without the NUL */
#define LEDGER_MEMO_MAX       2000    /* characters (code points) of a memo */

/* The limits above are the ledger's rules for every writer: the spreadsheet importer
 * checks them in its preview so that an apply never refuses what the preview accepted. */

enum ledger_type { LEDGER_INBOUND = 0, LEDGER_OUTBOUND, LEDGER_ADJUST, LEDGER_REVERSAL };

/* Result codes of the store functions; ledger_err carries the Korean message. */
enum {
	LEDGER_OK = 0,
	LEDGER_EINVAL = 1,    /* bad quantity, date, type... (400 validation_failed) */
	LEDGER_ENOSKU = 2,    /* unknown SKU or movement (404) */
	LEDGER_ENOSTOCK = 3,  /* stock would go below zero (409 insufficient_stock) */
	LEDGER_ECONFLICT = 4, /* already reversed, reversal of a reversal, inactive (409) */
	LEDGER_EDB = 5        /* database error; db_rc holds the code */
};

struct ledger_err {
	int code;          /* one of the LEDGER_* codes */
	const char *id;    /* stable English code: "insufficient_stock", "sku_not_found", ... */
	char field[32];    /* the input field at fault, "" when none */
	size_t index;      /* which movement of a batch failed */
	int db_rc;         /* for LEDGER_EDB */
	char message[256]; /* Korean, for the user */
};

/* ------------------------------------------------------------------ pure rules */

/* One component of a set, with the component's current stock. */
struct ledger_comp {
	int64_t product_id;
	char sku[LEDGER_SKU_MAX + 1];
	int64_t qty;     /* units of the component in one set, >= 1 */
	int64_t on_hand; /* the component's current stock */
};

/* How many sets the components allow: the minimum over components of
 * floor(on_hand / qty), never below 0; 0 for a set without components. */
int64_t ledger_set_available(const struct ledger_comp *c, size_t n);

/* The component quantities moved when `qty` sets move: out[i] = qty * c[i].qty.
 * Returns 0, or -1 when a product overflows LEDGER_MAX_QTY. */
int ledger_explode(const struct ledger_comp *c, size_t n, int64_t qty, int64_t *out);

/* Whether a change of `delta` units to stock `on_hand` is allowed: 1 when it is (delta
 * >= 0, or the result stays >= 0, or negatives are allowed), 0 when refused. */
int ledger_change_allowed(int64_t on_hand, int64_t delta, int allow_negative);

/* Number of UTF-8 characters (code points) of s; 0 for NULL. */
size_t ledger_text_chars(const char *s);
/* Byte length of the longest prefix of s with at most max_chars characters: cutting s
 * there never splits a character. Inline so that the import validator, which cuts memos to
 * the ledger's limit, links without the store (its fuzz target has no database). */
static inline size_t ledger_text_cut(const char *s, size_t max_chars)
{
	size_t i = 0, n = 0;
	for (; s && s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (n == max_chars)
				break;
			n++;
		}
	}
	return i;
}

/* "inbound" ... "reversal" and back; parse returns -1 for an unknown name. */
const char *ledger_type_name(int type);
int ledger_type_parse(const char *s);
/* Known sources: manual, import, purchase_order, channel, demo. */
int ledger_source_valid(const char *s);

/* ------------------------------------------------------------------ store */

/* A product as the ledger and the import module see it. */
struct ledger_product {
	int64_t id;
	char sku[LEDGER_SKU_MAX + 1];
	int is_set;
	int active;
	int has_expiry;
	char name[801];  /* 상품명 */
	int64_t on_hand; /* a single's balance; for a set, ledger_set_available() */
	size_t ncomp;
	struct ledger_comp comp[LEDGER_MAX_COMPONENTS];
};

/* Looks up sku (NFC-normalised by the caller) in org. Returns LEDGER_OK and fills *out,
 * LEDGER_ENOSKU when there is no such product, or LEDGER_EDB. */
int ledger_product_lookup(db *d, int64_t org_id, const char *sku, struct ledger_product *out);
/* Current stock of one product (balance for a single, availability for a set). */
int64_t ledger_on_hand(db *d, int64_t product_id);

/* One movement to record. Strings are borrowed; NULL means absent. */
struct ledger_move {
	const char *sku;
	int type;         /* LEDGER_INBOUND, LEDGER_OUTBOUND or LEDGER_ADJUST */
	int64_t qty;      /* inbound/outbound: units >= 1; adjust: the counted stock >= 0 */
	const char *date; /* KST business date; NULL = today */
	const char *memo;
	const char *lot;
	const char *expiry;
	const char *ref;
};

/* Who records and from where: applies to every movement of a batch. */
struct ledger_ctx {
	int64_t org_id;
	int64_t user_id;    /* 0 = none (demo) */
	const char *source; /* "manual", "import", ... */
	const char *now;    /* UTC instant for created_at; NULL = now */
};

/* Ids of the movement rows written for one input movement (a set writes one per
 * component; an adjust that changes nothing writes one row with qty 0). */
struct ledger_written {
	size_t n;
	int64_t ids[LEDGER_MAX_COMPONENTS];
	int64_t on_hand_after; /* the product's stock after this movement */
};

/* Records n movements in one transaction: all or nothing. A set's inbound and outbound
 * are recorded as its components'; an adjust of a set is refused. Outbound below zero is
 * refused unless the organisation allows negative stock. `written` may be NULL, else has
 * room for n entries. Returns LEDGER_OK or an error code with *err filled. */
int ledger_record(db *d, const struct ledger_ctx *ctx, const struct ledger_move *m, size_t n,
                  struct ledger_written *written, struct ledger_err *err);

/* Records the reversal of movement `movement_id` (and of the other rows of its set
 * explosion). Refuses a reversal of a reversal and a second reversal of the same row.
 * Each reversal row keeps the original's business date and ref (so the reversals of an
 * import batch are found by the batch's ref); its source is ctx->source. Reversing an
 * inbound empties what is left of its own lot, then trims the other lots to the stock;
 * reversing an outbound (or a count
 * that lowered stock) puts units back into the lots received before it, first expiring
 * first, never above a lot's received quantity nor above the stock.
 * Fills written->ids with the new rows. */
int ledger_reverse(db *d, const struct ledger_ctx *ctx, int64_t movement_id, const char *memo,
                   struct ledger_written *written, struct ledger_err *err);

/* Compares every balance of org (0 = every organisation) with the sum of its movements,
 * and checks the lots: each lot holds between 0 and its received quantity, and a product's
 * lots together never hold more than its stock (lots are taken first on every decrease).
 * Writes one line per mismatch to report (may be NULL). Returns the number of mismatches,
 * or -1 on a database error. */
int ledger_verify(db *d, int64_t org_id, FILE *report);

#endif
