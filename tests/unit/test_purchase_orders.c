/* test_purchase_orders.c — purchase orders on a real store: a draft sent and received in
 * parts moves stock through the ledger with source purchase_order; the planning read-out
 * gives the units still expected per product and day; observed lead times count one per
 * delivery; and the tables themselves refuse what the rules refuse (receiving more than
 * ordered, receiving a closed order, rewriting receipts, a request key used twice), so that
 * no writer can get past them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "testdb.h"

#include "db.h"
#include "ledger.h"
#include "purchase_orders.h"
#include "util.h"

static char path[64];
static int64_t org_id, user_id, supplier_id;

static int64_t add_product(db *d, const char *sku, int has_expiry, int64_t unit_cost)
{
	assert_int_equal(db_exec(d,
	                         "INSERT INTO products (org_id, sku, name, unit_cost, has_expiry,"
	                         " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'x', 'x')",
	                         "ittii", org_id, sku, sku, unit_cost, (int64_t)has_expiry),
	                 DB_OK);
	return db_last_id(d);
}

static int setup(void **state)
{
	db *d = testdb_open("po", path, sizeof path);
	if (!d)
		return -1;
	org_id = testdb_add_org(d);
	db_exec(d,
	        "INSERT INTO users (org_id, login, name, role, pw_hash, created_at, updated_at)"
	        " VALUES (?, 'junho', '박준호', 'staff', 'x', 'x', 'x')",
	        "i", org_id);
	user_id = db_last_id(d);
	db_exec(d,
	        "INSERT INTO suppliers (org_id, name, lead_time_days, created_at, updated_at)"
	        " VALUES (?, 'NPK', 120, 'x', 'x')",
	        "i", org_id);
	supplier_id = db_last_id(d);
	add_product(d, "A", 0, 1000);
	add_product(d, "B", 1, 2500);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	testdb_remove(*state, path);
	return 0;
}

/* A draft of A x100 and B x50, sent on order_date; returns its id. */
static int64_t sent_order(db *d, const char *order_date, const char *expected_b)
{
	struct po_line_in lines[] = {
	        {.sku = "A", .qty = 100, .unit_cost = -1},
	        {.sku = "B", .qty = 50, .unit_cost = 2000, .expected_date = expected_b}};
	struct po_input in = {.supplier_id = supplier_id,
	                      .has_supplier = 1,
	                      .lines = lines,
	                      .nlines = 2,
	                      .has_lines = 1};
	struct po_err e;
	int64_t id = 0;
	assert_int_equal(po_save(d, org_id, user_id, &id, &in, &e), PO_STORE_OK);
	assert_true(id > 0);
	assert_int_equal(po_order(d, org_id, user_id, id, order_date, &e), PO_STORE_OK);
	return id;
}

static int receive(db *d, int64_t id, const char *key, const char *date,
                   const struct po_receive_line *l, size_t n, struct po_err *e)
{
	struct po_receive_in in = {.key = key, .date = date, .lines = l, .nlines = n};
	int rc = po_receive(d, org_id, user_id, id, &in, e);
	return rc;
}

static const char *status_of(db *d, int64_t id)
{
	static char buf[16];
	char *s = db_text(d, "SELECT status FROM purchase_orders WHERE id = ?", "i", id);
	util_strlcpy(buf, s ? s : "", sizeof buf);
	free(s);
	return buf;
}

static int64_t stock(db *d, const char *sku)
{
	return db_int(d, 0,
	              "SELECT COALESCE(b.on_hand, 0) FROM products p"
	              " LEFT JOIN balances b ON b.product_id = p.id WHERE p.sku = ?",
	              "t", sku);
}

static void receiving_moves_stock_through_the_ledger(void **state)
{
	db *d = *state;
	int64_t id = sent_order(d, "2025-01-02", NULL);
	/* The expected arrival: order date + the supplier's 120 days. */
	char *exp = db_text(d, "SELECT expected_date FROM purchase_orders WHERE id = ?", "i", id);
	assert_string_equal(exp, "2025-05-02");
	free(exp);
	int64_t a0 = stock(d, "A"), b0 = stock(d, "B");
	struct po_receive_line l[] = {{.sku = "A", .qty = 40},
	                              {.sku = "B", .qty = 10, .lot = "L1", .expiry = "2025-12-31"}};
	struct po_err e;
	assert_int_equal(receive(d, id, "k-1", "2025-01-10", l, 2, &e), PO_STORE_OK);
	assert_string_equal(status_of(d, id), "partial");
	assert_int_equal(stock(d, "A"), a0 + 40);
	assert_int_equal(stock(d, "B"), b0 + 10);
	/* The movements: inbound, source purchase_order, ref = the order, by the member. */
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)id);
	assert_int_equal(db_int(d, 0,
	                        "SELECT COUNT(*) FROM movements WHERE source = 'purchase_order'"
	                        " AND ref = ? AND type = 'inbound' AND user_id = ?",
	                        "ti", ref, user_id),
	                 2);
	assert_int_equal(
	        db_int(d, 0,
	               "SELECT COUNT(*) FROM lots l JOIN movements m ON m.id = l.movement_id"
	               " WHERE m.ref = ? AND l.lot = 'L1' AND l.expiry = '2025-12-31'",
	               "t", ref),
	        1);
	/* Each receipt row points at its movement and keeps the lead time of 8 days. */
	assert_int_equal(db_int(d, 0,
	                        "SELECT COUNT(*) FROM purchase_order_receipts r JOIN movements m"
	                        " ON m.id = r.movement_id AND m.qty = r.qty"
	                        " WHERE r.po_id = ? AND r.lead_time_days = 8",
	                        "i", id),
	                 2);
	assert_int_equal(ledger_verify(d, org_id, NULL), 0);

	/* The rest: received. */
	struct po_receive_line rest[] = {
	        {.sku = "A", .qty = 60},
	        {.sku = "B", .qty = 40, .lot = "L2", .expiry = "2026-01-31"}};
	assert_int_equal(receive(d, id, "k-2", "2025-01-11", rest, 2, &e), PO_STORE_OK);
	assert_string_equal(status_of(d, id), "received");
	assert_int_equal(stock(d, "A"), a0 + 100);
}

static void refusals_write_nothing(void **state)
{
	db *d = *state;
	int64_t id = sent_order(d, "2025-02-01", NULL);
	struct po_err e;
	struct po_receive_line over[] = {{.sku = "A", .qty = 60}, {.sku = "A", .qty = 41}};
	int64_t a0 = stock(d, "A"), moves = db_int(d, 0, "SELECT COUNT(*) FROM movements", "");
	assert_int_equal(receive(d, id, "r-1", "2025-02-03", over, 2, &e), PO_STORE_ECONFLICT);
	assert_string_equal(e.id, "over_receipt");
	po_err_clear(&e);
	struct po_receive_line no_lot[] = {{.sku = "B", .qty = 1}};
	assert_int_equal(receive(d, id, "r-2", "2025-02-03", no_lot, 1, &e), PO_STORE_EINVAL);
	assert_int_equal(json_array_size(e.details), 2); /* lot and expiry */
	po_err_clear(&e);
	struct po_receive_line ok[] = {{.sku = "A", .qty = 1}};
	assert_int_equal(receive(d, id, "r-3", "2025-01-31", ok, 1, &e), PO_STORE_EINVAL);
	assert_string_equal(
	        json_string_value(json_object_get(json_array_get(e.details, 0), "code")),
	        "received_before_order");
	po_err_clear(&e);
	assert_int_equal(stock(d, "A"), a0);
	assert_int_equal(db_int(d, 0, "SELECT COUNT(*) FROM movements", ""), moves);
	assert_int_equal(db_int(d, 0,
	                        "SELECT COUNT(*) FROM purchase_order_receipts WHERE po_id = ?", "i",
	                        id),
	                 0);
	assert_false(db_in_txn(d));

	/* The same key twice: recognised, not received again. */
	assert_int_equal(receive(d, id, "r-4", "2025-02-03", ok, 1, &e), PO_STORE_OK);
	assert_int_equal(receive(d, id, "r-4", "2025-02-03", ok, 1, &e), PO_STORE_ECONFLICT);
	assert_string_equal(e.id, "already_received");
	po_err_clear(&e);
	assert_int_equal(stock(d, "A"), a0 + 1);

	/* A partial order cannot be cancelled; it is closed, and then receives nothing. */
	assert_int_equal(po_cancel(d, org_id, user_id, id, NULL, &e), PO_STORE_ECONFLICT);
	assert_string_equal(e.id, "po_partially_received");
	po_err_clear(&e);
	assert_int_equal(po_close(d, org_id, user_id, id, "나머지 단종", &e), PO_STORE_OK);
	assert_string_equal(status_of(d, id), "received");
	assert_int_equal(receive(d, id, "r-5", "2025-02-04", ok, 1, &e), PO_STORE_ECONFLICT);
	assert_string_equal(e.id, "po_received");
	po_err_clear(&e);
	/* Another organisation does not see it. */
	assert_int_equal(po_cancel(d, org_id + 1, user_id, id, NULL, &e), PO_STORE_ENOTFOUND);
	assert_null(po_json(d, org_id + 1, id));
}

static void expected_receipts_are_open_remainders_by_product_and_day(void **state)
{
	db *d = *state;
	/* Only this test's orders: close what earlier tests left open. */
	db_exec(d,
	        "UPDATE purchase_orders SET status = 'cancelled' WHERE status IN ('ordered', "
	        "'partial')",
	        "");
	int64_t first = sent_order(d, "2025-03-01", "2025-03-20"); /* A on 06-29, B on 03-20 */
	int64_t second = sent_order(d, "2025-03-05", NULL);        /* both on 07-03 */
	struct po_err e;
	struct po_receive_line l[] = {{.sku = "A", .qty = 30}};
	assert_int_equal(receive(d, first, "x-1", "2025-03-10", l, 1, &e), PO_STORE_OK);
	int64_t draft = 0;
	struct po_line_in dl[] = {{.sku = "A", .qty = 5, .unit_cost = -1}};
	struct po_input din = {.supplier_id = supplier_id,
	                       .has_supplier = 1,
	                       .lines = dl,
	                       .nlines = 1,
	                       .has_lines = 1};
	assert_int_equal(po_save(d, org_id, user_id, &draft, &din, &e), PO_STORE_OK); /* a draft */

	struct po_expected *x = NULL;
	size_t n = 0;
	assert_int_equal(po_expected_receipts(d, org_id, 0, &x, &n), DB_OK);
	int64_t a = db_int(d, 0, "SELECT id FROM products WHERE sku = 'A'", "");
	int64_t b = db_int(d, 0, "SELECT id FROM products WHERE sku = 'B'", "");
	struct {
		int64_t product, po, day, qty;
	} want[] = {
	        {a, first, util_days_from_civil(2025, 6, 29), 70}, /* 100 − 30 received */
	        {a, second, util_days_from_civil(2025, 7, 3), 100},
	        {b, first, util_days_from_civil(2025, 3, 20), 50}, /* the line's own date */
	        {b, second, util_days_from_civil(2025, 7, 3), 50},
	};
	assert_int_equal(n, 4); /* the draft expects nothing */
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(x[i].product_id, want[i].product);
		assert_int_equal(x[i].po_id, want[i].po);
		assert_int_equal(x[i].day, want[i].day);
		assert_int_equal(x[i].qty, want[i].qty);
	}
	free(x);
	/* One product; a cancelled order stops counting. */
	assert_int_equal(po_cancel(d, org_id, user_id, second, NULL, &e), PO_STORE_OK);
	assert_int_equal(po_expected_receipts(d, org_id, b, &x, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(x[0].qty, 50);
	free(x);
	assert_int_equal(po_expected_receipts(d, org_id + 1, 0, &x, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_null(x);
}

static void lead_observations_count_each_delivery_once(void **state)
{
	db *d = *state;
	int64_t c = add_product(d, "C", 0, 10);
	struct po_line_in lines[] = {{.sku = "C", .qty = 10, .unit_cost = -1}};
	struct po_input in = {.supplier_id = supplier_id,
	                      .has_supplier = 1,
	                      .lines = lines,
	                      .nlines = 1,
	                      .has_lines = 1};
	struct po_err e;
	int64_t id = 0;
	assert_int_equal(po_save(d, org_id, user_id, &id, &in, &e), PO_STORE_OK);
	assert_int_equal(po_order(d, org_id, user_id, id, "2025-04-01", &e), PO_STORE_OK);
	/* Two lots on the 15th are one delivery; the 20th is another. */
	struct po_receive_line l1[] = {{.sku = "C", .qty = 3}, {.sku = "C", .qty = 2}};
	struct po_receive_line l2[] = {{.sku = "C", .qty = 5}};
	assert_int_equal(receive(d, id, "lt-1", "2025-04-15", l1, 2, &e), PO_STORE_OK);
	assert_int_equal(receive(d, id, "lt-2", "2025-04-20", l2, 1, &e), PO_STORE_OK);
	struct po_lead_obs *o = NULL;
	size_t n = 0;
	assert_int_equal(po_lead_observations(d, org_id, c, 10, &o, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(o[0].received_date, "2025-04-20"); /* newest first */
	assert_int_equal(o[0].days, 19);
	assert_int_equal(o[1].days, 14);
	assert_string_equal(o[1].supplier, "NPK");
	assert_string_equal(o[1].order_date, "2025-04-01");
	free(o);
	assert_int_equal(po_lead_observations(d, org_id, c, 1, &o, &n), DB_OK);
	assert_int_equal(n, 1);
	free(o);
}

/* The tables refuse what the rules refuse, whoever writes to them. */
static void tables_guard_the_rules(void **state)
{
	db *d = *state;
	int64_t id = sent_order(d, "2025-05-01", NULL);
	struct po_err e;
	struct po_receive_line l[] = {{.sku = "A", .qty = 10}};
	assert_int_equal(receive(d, id, "g-1", "2025-05-02", l, 1, &e), PO_STORE_OK);
	int64_t line =
	        db_int(d, 0, "SELECT id FROM purchase_order_lines WHERE po_id = ? AND line_no = 1",
	               "i", id);
	int64_t mv = db_int(d, 0, "SELECT MAX(id) FROM movements", "");
	int64_t a = db_int(d, 0, "SELECT id FROM products WHERE sku = 'A'", "");
#define RECEIPT_SQL                                                                                \
	"INSERT INTO purchase_order_receipts (org_id, po_id, line_id, product_id, request_key,"    \
	" request_hash, seq, qty, received_date, lead_time_days, movement_id, created_at)"         \
	" VALUES (?, ?, ?, ?, ?, ?, 1, ?, '2025-05-02', 1, ?, 'x')"
	const char *hash = "0000000000000000000000000000000000000000000000000000000000000000";
	/* 10 of 100 received: 91 more would pass the ordered quantity. */
	assert_int_equal(db_exec(d, RECEIPT_SQL, "iiiittii", org_id, id, line, a, "g-2", hash,
	                         (int64_t)91, mv),
	                 DB_CONSTRAINT);
	/* A key is used once per organisation. */
	assert_int_equal(db_exec(d, RECEIPT_SQL, "iiiittii", org_id, id, line, a, "g-1", hash,
	                         (int64_t)1, mv),
	                 DB_CONSTRAINT);
	/* Receipts are history. */
	assert_int_not_equal(
	        db_exec(d, "UPDATE purchase_order_receipts SET qty = 1 WHERE po_id = ?", "i", id),
	        DB_OK);
	assert_int_not_equal(
	        db_exec(d, "DELETE FROM purchase_order_receipts WHERE po_id = ?", "i", id), DB_OK);
	assert_int_not_equal(
	        db_exec(d, "UPDATE purchase_order_lines SET received_qty = 0 WHERE id = ?", "i",
	                line),
	        DB_OK);
	/* A cancelled order receives nothing, even written directly. */
	assert_int_equal(
	        db_exec(d, "UPDATE purchase_orders SET status = 'cancelled' WHERE id = ?", "i", id),
	        DB_OK);
	assert_int_not_equal(db_exec(d, RECEIPT_SQL, "iiiittii", org_id, id, line, a, "g-3", hash,
	                             (int64_t)1, mv),
	                     DB_OK);
	assert_int_equal(db_int(d, 0, "SELECT received_qty FROM purchase_order_lines WHERE id = ?",
	                        "i", line),
	                 10);
	/* A sent order always has its order date. */
	assert_int_not_equal(
	        db_exec(d,
	                "UPDATE purchase_orders SET status = 'ordered', order_date = NULL"
	                " WHERE id = ?",
	                "i", id),
	        DB_OK);
#undef RECEIPT_SQL
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(receiving_moves_stock_through_the_ledger),
	        cmocka_unit_test(refusals_write_nothing),
	        cmocka_unit_test(expected_receipts_are_open_remainders_by_product_and_day),
	        cmocka_unit_test(lead_observations_count_each_delivery_once),
	        cmocka_unit_test(tables_guard_the_rules),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
