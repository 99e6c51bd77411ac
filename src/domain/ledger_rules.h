/* ledger_rules.h — the stock ledger's pure rules, over plain structs so that tests state
 * them exactly: the limits every writer checks, movement types and sources, set
 * availability and explosion, the negative-stock rule, and the error vocabulary the ledger's
 * store functions (ledger.h) answer with. No database, no I/O. */
#ifndef JAEGO_LEDGER_RULES_H
#define JAEGO_LEDGER_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "text_limits.h"

#define LEDGER_MAX_QTY        1000000    /* one movement never moves more than this */
#define LEDGER_MAX_COMPONENTS 20         /* components of one set */
#define LEDGER_SKU_MAX        LIMIT_SKU  /* bytes of a master SKU, without the NUL */
#define LEDGER_MEMO_MAX       LIMIT_MEMO /* characters (code points) of a memo */

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
	char message[512]; /* Korean, for the user (two SKUs and a sentence fit) */
};

/* ------------------------------------------------------------------ pure rules */

/* One component of a set, with the component's current stock. */
struct ledger_comp {
	int64_t product_id;
	char sku[LEDGER_SKU_MAX + 1];
	int64_t qty;     /* units of the component in one set, >= 1 */
	int64_t on_hand; /* the component's current stock */
	int has_expiry;  /* the component is managed by expiry date (소비기한 관리) */
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
 * there never splits a character. */
size_t ledger_text_cut(const char *s, size_t max_chars);

/* "inbound" ... "reversal" and back; parse returns -1 for an unknown name. */
const char *ledger_type_name(int type);
int ledger_type_parse(const char *s);
/* Known sources: manual, import, purchase_order, channel, demo. */
int ledger_source_valid(const char *s);

#endif
