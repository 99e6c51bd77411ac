/* ledger.h — the stock ledger: every change of stock is an immutable movement, and current
 * stock is their sum (cached in balances, updated in the same transaction).
 *
 * The pure rules (set availability, set explosion, the negative-stock check, limits) are in
 * ledger_rules.h. The store functions here record movements, reverse them and verify the
 * cache, always for one organisation and always inside one transaction (they nest in the
 * caller's transaction when there is one). */
#ifndef JAEGO_LEDGER_H
#define JAEGO_LEDGER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "ledger_rules.h"

/* Who below manager may reverse a movement: staff undo their own mistakes of the day, not
 * what others recorded, not what an import wrote (a batch is reversed whole), and not an
 * older record, whose stock has since been counted, sold or reordered against. */
enum ledger_own {
	LEDGER_OWN_OK = 0,
	LEDGER_OWN_NOT_THEIRS, /* recorded by another member (or by nobody) */
	LEDGER_OWN_NOT_MANUAL, /* written by an import or another source, not by hand */
	LEDGER_OWN_NOT_TODAY   /* recorded on an earlier KST day */
};
/* member: who asks; recorded_by: the movement's member (0 = none); source: its source;
 * created_at: when it was recorded (UTC, "2025-01-28T03:15:00Z"); today: the KST date
 * ("2025-01-28"). The KST day of created_at must be today, whatever the business date. */
enum ledger_own ledger_own_reversal(int64_t member, int64_t recorded_by, const char *source,
                                    const char *created_at, const char *today);

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

/* Whether an inbound of this product must say its expiry date (or that it is unknown):
 * a single with expiry management (소비기한 관리), or a set with such a component (the
 * set's receipt opens the component's lot). */
int ledger_expiry_required(const struct ledger_product *p);

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
	int expiry_unknown; /* inbound only: the expiry date is not known (recorded, warned) */
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
 * are recorded as its components' (a set's lot, expiry date and expiry_unknown go to the
 * components with expiry management); an adjust of a set is refused. Outbound below zero
 * is refused unless the organisation allows negative stock. An inbound of a product for
 * which ledger_expiry_required() holds needs an expiry date or expiry_unknown, else it is
 * refused with id "expiry_required" (field "expiry"); expiry_unknown with a date, or on
 * anything but an inbound, is refused too; on a product without expiry management it is
 * not recorded (there is no date to know). `written` may be NULL, else has
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
