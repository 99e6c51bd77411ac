/* purchase_orders.h — purchase orders to suppliers (발주): drafts and their lines, sending,
 * receiving into stock through the ledger, cancelling and closing, the JSON the API answers
 * with, and two read-outs for planning: the units still expected per product and date
 * (입고 예정), and the lead times observed on receipts.
 *
 * Every SQL statement about purchase orders is here; the rules of an order's life are in
 * po_rules.h. Every function works inside one organisation (another organisation's orders
 * are not found) and inside the caller's transaction when there is one (transactions nest),
 * so that the handler's audit row commits or rolls back with the change. */
#ifndef JAEGO_PURCHASE_ORDERS_H
#define JAEGO_PURCHASE_ORDERS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "po_rules.h"

#define PO_KEY_MAX 100 /* bytes of a receiving request's key */

/* Results of the store functions. */
enum {
	PO_STORE_OK = 0,
	PO_STORE_EINVAL,    /* field errors in err->details (400 validation_failed) */
	PO_STORE_ENOTFOUND, /* no such order in the organisation (404) */
	PO_STORE_ECONFLICT, /* the order's status or quantities refuse it (409, err->id) */
	PO_STORE_EDB        /* database error; err->db_rc */
};

/* What went wrong. details is a JSON array of {"field","code","message"} owned by the
 * struct: release it with po_err_clear(), or take it (set it to NULL). */
struct po_err {
	int code;
	const char *id; /* stable English code: "validation_failed", "po_not_draft", ... */
	char message[384];
	json_t *details;
	int db_rc;
};
void po_err_clear(struct po_err *e);

/* ------------------------------------------------------------------ drafts */

/* One line as a member sends it. Strings are borrowed (NFC, trimmed). */
struct po_line_in {
	const char *sku;
	int64_t qty;               /* 1..PO_QTY_MAX */
	int64_t unit_cost;         /* 0..PO_UNIT_COST_MAX; -1 = the product's 매입 단가 */
	const char *expected_date; /* YYYY-MM-DD, NULL = the order's */
};

/* What a create or an edit sets; has_* say which fields were sent. */
struct po_input {
	int64_t supplier_id;
	const char *expected_date; /* YYYY-MM-DD; NULL clears it */
	const char *memo;
	const struct po_line_in *lines;
	size_t nlines; /* the lines replace the order's lines */
	int has_supplier, has_expected, has_memo, has_lines;
};

/* Creates a draft (*id == 0; the supplier is required) or changes a draft (*id given).
 * Checks what needs the store: the supplier and every SKU belong to the organisation; a
 * line's product is an active single product, listed once; an order that already went out
 * is refused (po_not_draft, po_received, po_cancelled). Sets *id. */
int po_save(db *d, int64_t org_id, int64_t user_id, int64_t *id, const struct po_input *in,
            struct po_err *err);

/* Sends a draft: status ordered, order date fixed (order_date NULL = today, KST; else a past
 * business date no earlier than 2000-01-01). An order without an expected arrival gets the
 * order date + the supplier's lead time, or + the longest lead time of its products; without
 * any, expected_date_missing. An order without lines is refused (po_empty). */
int po_order(db *d, int64_t org_id, int64_t user_id, int64_t id, const char *order_date,
             struct po_err *err);

/* Cancels a draft or an ordered order of which nothing was received (reason may be NULL). */
int po_cancel(db *d, int64_t org_id, int64_t user_id, int64_t id, const char *reason,
              struct po_err *err);

/* Closes a partly received order (입고 마감): it becomes received with what arrived, and its
 * remainder is no longer expected. */
int po_close(db *d, int64_t org_id, int64_t user_id, int64_t id, const char *reason,
             struct po_err *err);

/* ------------------------------------------------------------------ receiving */

/* One received lot of one line: the line by id, or by its product's SKU. */
struct po_receive_line {
	int64_t line_id; /* 0: use sku */
	const char *sku;
	int64_t qty;        /* 1..PO_QTY_MAX */
	const char *lot;    /* required for a product with 소비기한 관리 */
	const char *expiry; /* YYYY-MM-DD; required for a product with 소비기한 관리 */
};

struct po_receive_in {
	const char *key;  /* the request's key (Idempotency-Key): 1..PO_KEY_MAX bytes */
	const char *date; /* the business date it arrived; NULL = today (KST) */
	const char *memo; /* may be NULL */
	const struct po_receive_line *lines;
	size_t nlines; /* 1..PO_MAX_LINES; a line may appear more than once (several lots) */
};

/* Receives lots of an ordered or partly received order, in one transaction: one inbound
 * movement per lot through the ledger (source purchase_order, ref = the order's id), one
 * receipt row each with the observed lead time, the lines' received quantities and the
 * order's status. Refused, with nothing written:
 * - a key already used: already_received when it asked the same, else
 *   idempotency_key_reused (409; details name the receipts);
 * - an order not open for receiving (po_not_ordered, po_received, po_cancelled: 409);
 * - more than ordered over all receipts (over_receipt, 409, one detail per line);
 * - a lot or expiry missing on a product with 소비기한 관리, an expiry before the day it
 *   arrived, an unknown line, a date before the order date or after today (400). */
int po_receive(db *d, int64_t org_id, int64_t user_id, int64_t id, const struct po_receive_in *in,
               struct po_err *err);

/* ------------------------------------------------------------------ reading */

/* The order object of docs/api.md with its lines and receipts, or NULL when the organisation
 * has no such order. New reference. */
json_t *po_json(db *d, int64_t org_id, int64_t id);

/* Whether any purchase order line names the product: such a product is kept (deactivated)
 * rather than deleted, like one with movements. */
int po_product_in_use(db *d, int64_t product_id);

/* The organisation's name, as the 발주서 names the buyer (발주처). malloc'd; the caller frees
 * it. NULL when unknown. */
char *po_buyer_name(db *d, int64_t org_id);

struct po_filter {
	int status;          /* -1 = any, PO_NSTATUS = open (ordered or partial), else one */
	int64_t supplier_id; /* 0 = any */
	int64_t product_id;  /* 0 = any; else orders with a line of it, each with "line" */
	int64_t limit, offset;
};
/* {"items":[order summaries, newest first],"total":N}. New reference, NULL on a DB error. */
json_t *po_list_json(db *d, int64_t org_id, const struct po_filter *f);

/* The units still expected: one entry per line of an open order (ordered or partial) with
 * units left, on its expected day (the line's date, else the order's), ordered by product,
 * day and order. product_id 0 = every product. This is planning's 입고 예정 (plan_receipt:
 * {day, qty}). *out is malloc'd (NULL when *n is 0); the caller frees it. Returns DB_OK or
 * a DB error code. */
struct po_expected {
	int64_t product_id;
	int64_t po_id;
	int64_t line_id;
	int64_t day; /* KST business date as a day number (util_days_from_civil) */
	int64_t qty; /* ordered − received */
};
int po_expected_receipts(db *d, int64_t org_id, int64_t product_id, struct po_expected **out,
                         size_t *n);

/* The lead times observed for a product: one per delivery (a line's lots received on one
 * day count once), newest first, at most `max`. *out is malloc'd (NULL when *n is 0); the
 * caller frees it. Returns DB_OK or a DB error code. */
struct po_lead_obs {
	int64_t po_id;
	int64_t supplier_id;
	char supplier[401];
	char order_date[11];
	char received_date[11];
	int64_t days;
};
int po_lead_observations(db *d, int64_t org_id, int64_t product_id, size_t max,
                         struct po_lead_obs **out, size_t *n);

#endif
