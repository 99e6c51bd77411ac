/* test_ledger.c — the stock ledger: the pure rules (set availability, explosion, the
 * negative-stock check), recording and reversing movements on a real store, immutability,
 * and a property test: after any random sequence of operations every balance equals the
 * sum of its product's movements and a model kept by the test. */
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
#include "log.h"

static char path[64];
static int64_t org_id;

/* ------------------------------------------------------------------ pure rules */

static void set_available_is_min_of_floor_stock_over_qty(void **state)
{
	(void)state;
	struct ledger_comp c[2] = {{.qty = 2, .on_hand = 7}, {.qty = 3, .on_hand = 10}};
	assert_int_equal(ledger_set_available(c, 2), 3); /* min(7/2=3, 10/3=3) */
	c[0].on_hand = 5;
	c[1].on_hand = 100;
	assert_int_equal(ledger_set_available(c, 2), 2); /* min(2, 33) */
	c[0].on_hand = 1;
	assert_int_equal(ledger_set_available(c, 2), 0); /* 1/2 floors to 0 */
	c[0].on_hand = -4;
	assert_int_equal(ledger_set_available(c, 2), 0); /* negative stock allows no sets */
	assert_int_equal(ledger_set_available(c, 0), 0); /* a set without components */
}

static void explode_multiplies_component_quantities(void **state)
{
	(void)state;
	struct ledger_comp c[2] = {{.qty = 2}, {.qty = 1}};
	int64_t out[2];
	assert_int_equal(ledger_explode(c, 2, 3, out), 0);
	assert_int_equal(out[0], 6);
	assert_int_equal(out[1], 3);
	assert_int_equal(ledger_explode(c, 2, LEDGER_MAX_QTY, out), -1); /* 2x over the cap */
}

static void negative_stock_rule(void **state)
{
	(void)state;
	assert_int_equal(ledger_change_allowed(3, -5, 0), 0);
	assert_int_equal(ledger_change_allowed(3, -3, 0), 1);
	assert_int_equal(ledger_change_allowed(3, -5, 1), 1); /* organisation allows it */
	assert_int_equal(ledger_change_allowed(-2, 1, 0), 1); /* inbound always allowed */
	assert_int_equal(ledger_type_parse("outbound"), LEDGER_OUTBOUND);
	assert_int_equal(ledger_type_parse("bogus"), -1);
}

static void expiry_required_for_dated_singles_and_their_sets(void **state)
{
	(void)state;
	struct ledger_product p = {.is_set = 0, .has_expiry = 1};
	assert_int_equal(ledger_expiry_required(&p), 1);
	p.has_expiry = 0;
	assert_int_equal(ledger_expiry_required(&p), 0);
	/* A set holds no stock: what counts is whether a component is dated. */
	struct ledger_product set = {.is_set = 1, .has_expiry = 1, .ncomp = 2};
	assert_int_equal(ledger_expiry_required(&set), 0);
	set.comp[1].has_expiry = 1;
	assert_int_equal(ledger_expiry_required(&set), 1);
}

/* ------------------------------------------------------------------ store fixture */

static int64_t add_product(db *d, const char *sku, const char *kind)
{
	assert_int_equal(
	        db_exec(d,
	                "INSERT INTO products (org_id, sku, name, kind, created_at, updated_at)"
	                " VALUES (?, ?, ?, ?, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
	                "itttt", org_id, sku, sku, kind),
	        DB_OK);
	return db_last_id(d);
}

static void add_component(db *d, int64_t set, int64_t comp, int64_t qty)
{
	assert_int_equal(db_exec(d,
	                         "INSERT INTO set_components (org_id, set_id, component_id, qty)"
	                         " VALUES (?, ?, ?, ?)",
	                         "iiii", org_id, set, comp, qty),
	                 DB_OK);
}

static int setup(void **state)
{
	db *d = testdb_open("ledger", path, sizeof path);
	if (!d)
		return -1;
	org_id = testdb_add_org(d);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	testdb_remove(*state, path);
	return 0;
}

static int move(db *d, const char *sku, int type, int64_t qty, struct ledger_err *err)
{
	struct ledger_ctx ctx = {.org_id = org_id, .source = "manual"};
	struct ledger_move m = {.sku = sku, .type = type, .qty = qty, .date = "2025-01-10"};
	return ledger_record(d, &ctx, &m, 1, NULL, err);
}

static int64_t balance(db *d, const char *sku)
{
	return db_int(d, -999,
	              "SELECT COALESCE(b.on_hand, 0) FROM products p LEFT JOIN balances b"
	              " ON b.product_id = p.id WHERE p.sku = ?",
	              "t", sku);
}

static int64_t nmoves(db *d)
{
	return db_int(d, 0, "SELECT COUNT(*) FROM movements", "");
}

static void outbound_below_zero_is_refused_and_writes_nothing(void **state)
{
	db *d = *state;
	add_product(d, "A", "single");
	struct ledger_err e;
	assert_int_equal(move(d, "A", LEDGER_INBOUND, 3, &e), LEDGER_OK);
	int64_t before = nmoves(d);
	assert_int_equal(move(d, "A", LEDGER_OUTBOUND, 5, &e), LEDGER_ENOSTOCK);
	assert_string_equal(e.id, "insufficient_stock");
	assert_non_null(strstr(e.message, "재고가 부족합니다: 현재 3개, 출고 5개"));
	assert_int_equal(nmoves(d), before);
	assert_int_equal(balance(d, "A"), 3);
	assert_int_equal(move(d, "A", LEDGER_OUTBOUND, 3, &e), LEDGER_OK);
	assert_int_equal(balance(d, "A"), 0);
	assert_int_equal(ledger_verify(d, org_id, NULL), 0);
}

static void organisation_may_allow_negative_stock(void **state)
{
	db *d = *state;
	add_product(d, "A", "single");
	db_exec(d, "UPDATE orgs SET allow_negative_stock = 1 WHERE id = ?", "i", org_id);
	struct ledger_err e;
	assert_int_equal(move(d, "A", LEDGER_OUTBOUND, 4, &e), LEDGER_OK);
	assert_int_equal(balance(d, "A"), -4);
	assert_int_equal(ledger_verify(d, org_id, NULL), 0);
}

static void batch_is_all_or_nothing(void **state)
{
	db *d = *state;
	add_product(d, "A", "single");
	add_product(d, "B", "single");
	struct ledger_ctx ctx = {.org_id = org_id, .source = "import"};
	struct ledger_move m[3] = {{.sku = "A", .type = LEDGER_INBOUND, .qty = 5},
	                           {.sku = "B", .type = LEDGER_INBOUND, .qty = 2},
	                           {.sku = "B", .type = LEDGER_OUTBOUND, .qty = 10}};
	struct ledger_err e;
	assert_int_equal(ledger_record(d, &ctx, m, 3, NULL, &e), LEDGER_ENOSTOCK);
	assert_int_equal(e.index, 2);
	assert_int_equal(nmoves(d), 0);
	assert_int_equal(balance(d, "A"), 0);
	m[2].qty = 2;
	struct ledger_written w[3];
	assert_int_equal(ledger_record(d, &ctx, m, 3, w, &e), LEDGER_OK);
	assert_int_equal(w[2].on_hand_after, 0);
	assert_int_equal(balance(d, "A"), 5);
	/* unknown SKU in a batch: nothing */
	m[0].sku = "NOPE";
	assert_int_equal(ledger_record(d, &ctx, m, 1, NULL, &e), LEDGER_ENOSKU);
	assert_string_equal(e.id, "sku_not_found");
	assert_int_equal(nmoves(d), 3);
}

static void bad_inputs_are_refused_before_the_store(void **state)
{
	db *d = *state;
	add_product(d, "A", "single");
	struct ledger_ctx ctx = {.org_id = org_id, .source = "manual"};
	struct ledger_err e;
	struct ledger_move m = {.sku = "A", .type = LEDGER_INBOUND, .qty = 0};
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_EINVAL);
	assert_string_equal(e.field, "qty");
	m.qty = -3;
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_EINVAL);
	m.qty = LEDGER_MAX_QTY + 1;
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_EINVAL);
	m.qty = 1;
	m.date = "2025-02-30";
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_EINVAL);
	assert_string_equal(e.field, "date");
	m.date = "2999-01-01"; /* the future */
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_EINVAL);
	m.date = NULL;
	m.type = LEDGER_OUTBOUND;
	m.expiry = "2026-01-01"; /* expiry only on inbound */
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_EINVAL);
	m.expiry = NULL;
	m.type = LEDGER_REVERSAL; /* reversals go through ledger_reverse */
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_EINVAL);
	ctx.source = "bogus";
	m.type = LEDGER_INBOUND;
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_EINVAL);
	assert_int_equal(nmoves(d), 0);
}

static void set_outbound_explodes_into_components(void **state)
{
	db *d = *state;
	int64_t a = add_product(d, "A", "single"), b = add_product(d, "B", "single");
	int64_t s = add_product(d, "SET", "set");
	add_component(d, s, a, 2);
	add_component(d, s, b, 1);
	struct ledger_err e;
	assert_int_equal(move(d, "A", LEDGER_INBOUND, 10, &e), LEDGER_OK);
	assert_int_equal(move(d, "B", LEDGER_INBOUND, 3, &e), LEDGER_OK);
	struct ledger_product p;
	assert_int_equal(ledger_product_lookup(d, org_id, "SET", &p), LEDGER_OK);
	assert_true(p.is_set);
	assert_int_equal(p.ncomp, 2);
	assert_int_equal(p.on_hand, 3); /* min(10/2, 3/1) */

	struct ledger_ctx ctx = {.org_id = org_id, .source = "manual"};
	struct ledger_move m = {.sku = "SET", .type = LEDGER_OUTBOUND, .qty = 3};
	struct ledger_written w;
	assert_int_equal(ledger_record(d, &ctx, &m, 1, &w, &e), LEDGER_OK);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.on_hand_after, 0);
	assert_int_equal(balance(d, "A"), 4);
	assert_int_equal(balance(d, "B"), 0);
	assert_int_equal(balance(d, "SET"), 0); /* the set holds no stock of its own */
	assert_int_equal(
	        db_int(d, 0, "SELECT COUNT(*) FROM movements WHERE product_id = ?", "i", s), 0);
	assert_int_equal(
	        db_int(d, 0, "SELECT COUNT(*) FROM movements WHERE set_product_id = ?", "i", s), 2);
	/* one more set: B is out */
	m.qty = 1;
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_ENOSTOCK);
	assert_non_null(strstr(e.message, "현재 0개, 출고 1개"));
	/* a stocktake of a set makes no sense */
	m.type = LEDGER_ADJUST;
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_EINVAL);
	/* returns of a set go back to its components */
	m.type = LEDGER_INBOUND;
	m.qty = 2;
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_OK);
	assert_int_equal(balance(d, "A"), 8);
	assert_int_equal(balance(d, "B"), 2);
	assert_int_equal(ledger_verify(d, org_id, NULL), 0);
}

static void adjust_records_the_difference_to_the_count(void **state)
{
	db *d = *state;
	add_product(d, "A", "single");
	struct ledger_err e;
	assert_int_equal(move(d, "A", LEDGER_INBOUND, 10, &e), LEDGER_OK);
	assert_int_equal(move(d, "A", LEDGER_ADJUST, 7, &e), LEDGER_OK);
	assert_int_equal(db_int(d, 0, "SELECT qty FROM movements ORDER BY id DESC LIMIT 1", ""),
	                 -3);
	assert_int_equal(balance(d, "A"), 7);
	assert_int_equal(move(d, "A", LEDGER_ADJUST, 12, &e), LEDGER_OK);
	assert_int_equal(balance(d, "A"), 12);
	assert_int_equal(move(d, "A", LEDGER_ADJUST, -1, &e), LEDGER_EINVAL);
}

static void reversal_restores_and_happens_once(void **state)
{
	db *d = *state;
	int64_t a = add_product(d, "A", "single"), b = add_product(d, "B", "single");
	int64_t s = add_product(d, "SET", "set");
	add_component(d, s, a, 1);
	add_component(d, s, b, 2);
	struct ledger_err e;
	struct ledger_ctx ctx = {.org_id = org_id, .source = "manual"};
	assert_int_equal(move(d, "A", LEDGER_INBOUND, 5, &e), LEDGER_OK);
	int64_t in_a = db_int(d, 0, "SELECT MAX(id) FROM movements", "");
	assert_int_equal(move(d, "B", LEDGER_INBOUND, 10, &e), LEDGER_OK);
	assert_int_equal(move(d, "A", LEDGER_OUTBOUND, 2, &e), LEDGER_OK);
	int64_t out_a = db_int(d, 0, "SELECT MAX(id) FROM movements", "");

	struct ledger_written w;
	assert_int_equal(ledger_reverse(d, &ctx, out_a, "잘못 입력", &w, &e), LEDGER_OK);
	assert_int_equal(w.n, 1);
	assert_int_equal(balance(d, "A"), 5);
	assert_int_equal(ledger_reverse(d, &ctx, out_a, NULL, &w, &e), LEDGER_ECONFLICT);
	assert_string_equal(e.id, "already_reversed");
	assert_int_equal(ledger_reverse(d, &ctx, w.ids[0], NULL, &w, &e), LEDGER_ECONFLICT);
	assert_string_equal(e.id, "reversal_of_reversal");
	assert_int_equal(ledger_reverse(d, &ctx, 99999, NULL, &w, &e), LEDGER_ENOSKU);

	/* a set's outbound is reversed as a whole, whichever row is named */
	struct ledger_move m = {.sku = "SET", .type = LEDGER_OUTBOUND, .qty = 2};
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_OK);
	assert_int_equal(balance(d, "A"), 3);
	assert_int_equal(balance(d, "B"), 6);
	int64_t last = db_int(d, 0, "SELECT MAX(id) FROM movements", "");
	assert_int_equal(ledger_reverse(d, &ctx, last, NULL, &w, &e), LEDGER_OK);
	assert_int_equal(w.n, 2);
	assert_int_equal(balance(d, "A"), 5);
	assert_int_equal(balance(d, "B"), 10);

	/* reversing an inbound that was already sold would take stock below zero */
	assert_int_equal(move(d, "A", LEDGER_OUTBOUND, 5, &e), LEDGER_OK);
	assert_int_equal(ledger_reverse(d, &ctx, in_a, NULL, &w, &e), LEDGER_ENOSTOCK);
	assert_int_equal(balance(d, "A"), 0);
	/* another organisation cannot reverse it */
	struct ledger_ctx other = {.org_id = org_id + 1, .source = "manual"};
	assert_int_equal(ledger_reverse(d, &other, out_a, NULL, &w, &e), LEDGER_ENOSKU);
	assert_int_equal(ledger_verify(d, org_id, NULL), 0);
}

static void movements_are_immutable(void **state)
{
	db *d = *state;
	add_product(d, "A", "single");
	struct ledger_err e;
	assert_int_equal(move(d, "A", LEDGER_INBOUND, 5, &e), LEDGER_OK);
	assert_true(db_exec(d, "UPDATE movements SET qty = 50", "") != DB_OK);
	assert_true(db_exec(d, "DELETE FROM movements", "") != DB_OK);
	assert_int_equal(nmoves(d), 1);
	/* a tampered cache is found by the check */
	db_exec(d, "UPDATE balances SET on_hand = 4", "");
	assert_int_equal(ledger_verify(d, org_id, NULL), 1);
}

static void lots_are_consumed_first_expiring_first(void **state)
{
	db *d = *state;
	add_product(d, "F", "single");
	struct ledger_ctx ctx = {.org_id = org_id, .source = "manual"};
	struct ledger_move m[2] = {
	        {.sku = "F", .type = LEDGER_INBOUND, .qty = 5, .lot = "L2", .expiry = "2026-06-01"},
	        {.sku = "F",
	         .type = LEDGER_INBOUND,
	         .qty = 5,
	         .lot = "L1",
	         .expiry = "2026-03-01"}};
	struct ledger_err e;
	assert_int_equal(ledger_record(d, &ctx, m, 2, NULL, &e), LEDGER_OK);
	assert_int_equal(move(d, "F", LEDGER_OUTBOUND, 7, &e), LEDGER_OK);
	assert_int_equal(db_int(d, -1, "SELECT qty FROM lots WHERE lot = 'L1'", ""), 0);
	assert_int_equal(db_int(d, -1, "SELECT qty FROM lots WHERE lot = 'L2'", ""), 3);
}

/* A failed read of the lots is an error, not "no lot left": an outbound or a reversal must
 * fail and write nothing, rather than commit while the lots disagree with the stock. The
 * read is made to fail by putting a view over the lots whose qty raises a runtime SQL error
 * (malformed JSON) for one lot. */
static void lot_read_error_fails_the_movement(void **state)
{
	db *d = *state;
	add_product(d, "F", "single");
	struct ledger_ctx ctx = {.org_id = org_id, .source = "manual"};
	struct ledger_move in = {
	        .sku = "F", .type = LEDGER_INBOUND, .qty = 5, .lot = "BAD", .expiry = "2026-06-01"};
	struct ledger_err e;
	assert_int_equal(ledger_record(d, &ctx, &in, 1, NULL, &e), LEDGER_OK);
	assert_int_equal(move(d, "F", LEDGER_OUTBOUND, 3, &e), LEDGER_OK);
	int64_t sold = db_int(d, 0, "SELECT MAX(id) FROM movements", "");
	int64_t before = db_int(d, -1, "SELECT COUNT(*) FROM movements", "");
	assert_int_equal(db_exec(d, "ALTER TABLE lots RENAME TO lots_data", ""), DB_OK);
	assert_int_equal(db_exec(d,
	                         "CREATE VIEW lots AS SELECT id, org_id, product_id, movement_id,"
	                         " lot, expiry, received_qty, CASE WHEN lot = 'BAD'"
	                         " THEN json('not json') ELSE qty END AS qty, received_date"
	                         " FROM lots_data",
	                         ""),
	                 DB_OK);
	/* the writer also prepares its insert and update of the lots */
	assert_int_equal(db_exec(d,
	                         "CREATE TRIGGER lots_ins INSTEAD OF INSERT ON lots BEGIN"
	                         " INSERT INTO lots_data (org_id, product_id, movement_id, lot,"
	                         " expiry, received_qty, qty, received_date) VALUES (NEW.org_id,"
	                         " NEW.product_id, NEW.movement_id, NEW.lot, NEW.expiry,"
	                         " NEW.received_qty, NEW.qty, NEW.received_date); END",
	                         ""),
	                 DB_OK);
	assert_int_equal(db_exec(d,
	                         "CREATE TRIGGER lots_upd INSTEAD OF UPDATE ON lots BEGIN"
	                         " UPDATE lots_data SET qty = NEW.qty WHERE id = OLD.id; END",
	                         ""),
	                 DB_OK);
	assert_int_equal(move(d, "F", LEDGER_OUTBOUND, 1, &e), LEDGER_EDB);
	assert_string_equal(e.id, "internal_error");
	assert_int_equal(e.db_rc, DB_ERR);
	struct ledger_ctx man = {.org_id = org_id, .source = "manual"};
	struct ledger_written rw;
	assert_int_equal(ledger_reverse(d, &man, sold, NULL, &rw, &e), LEDGER_EDB);
	assert_int_equal(balance(d, "F"), 2);
	assert_int_equal(db_int(d, -1, "SELECT COUNT(*) FROM movements", ""), before);
	assert_int_equal(db_int(d, -1, "SELECT qty FROM lots_data WHERE lot = 'BAD'", ""), 2);
}

static void reversal_keeps_ref_and_puts_units_back_into_lots(void **state)
{
	db *d = *state;
	add_product(d, "F", "single");
	struct ledger_ctx ctx = {.org_id = org_id, .source = "import"};
	struct ledger_move m[3] = {
	        {.sku = "F",
	         .type = LEDGER_INBOUND,
	         .qty = 5,
	         .lot = "L2",
	         .expiry = "2026-06-01",
	         .ref = "import:7"},
	        {.sku = "F",
	         .type = LEDGER_INBOUND,
	         .qty = 5,
	         .lot = "L1",
	         .expiry = "2026-03-01",
	         .ref = "import:7"},
	        {.sku = "F", .type = LEDGER_OUTBOUND, .qty = 7, .ref = "import:7"}};
	struct ledger_err e;
	struct ledger_written w[3];
	assert_int_equal(ledger_record(d, &ctx, m, 3, w, &e), LEDGER_OK);
	assert_int_equal(db_int(d, -1, "SELECT qty FROM lots WHERE lot = 'L1'", ""), 0);
	assert_int_equal(db_int(d, -1, "SELECT qty FROM lots WHERE lot = 'L2'", ""), 3);

	/* the outbound's 7 units go back: L1 is full again, then L2 */
	struct ledger_ctx man = {.org_id = org_id, .source = "manual"};
	struct ledger_written rw;
	assert_int_equal(ledger_reverse(d, &man, w[2].ids[0], NULL, &rw, &e), LEDGER_OK);
	assert_int_equal(db_int(d, -1, "SELECT qty FROM lots WHERE lot = 'L1'", ""), 5);
	assert_int_equal(db_int(d, -1, "SELECT qty FROM lots WHERE lot = 'L2'", ""), 5);
	assert_int_equal(balance(d, "F"), 10);
	/* the reversal row carries the batch's ref, so the batch finds its reversals */
	char *ref = db_text(d, "SELECT ref FROM movements WHERE id = ?", "i", rw.ids[0]);
	assert_non_null(ref);
	assert_string_equal(ref, "import:7");
	free(ref);
	assert_int_equal(db_int(d, 0,
	                        "SELECT COUNT(*) FROM movements WHERE ref = 'import:7'"
	                        " AND type = 'reversal'",
	                        ""),
	                 1);
	assert_int_equal(ledger_verify(d, org_id, NULL), 0);

	/* reversing an inbound whose lot was partly sold takes the rest from the other lot */
	assert_int_equal(move(d, "F", LEDGER_OUTBOUND, 4, &e), LEDGER_OK); /* L1 1, L2 5 */
	assert_int_equal(ledger_reverse(d, &man, w[1].ids[0], NULL, &rw, &e), LEDGER_OK);
	assert_int_equal(balance(d, "F"), 1);
	assert_int_equal(db_int(d, -1, "SELECT SUM(qty) FROM lots", ""), 1);
	assert_int_equal(ledger_verify(d, org_id, NULL), 0);
	/* an inbound without a lot, reversed, leaves the lots alone while they fit the stock */
	assert_int_equal(move(d, "F", LEDGER_INBOUND, 5, &e), LEDGER_OK);
	int64_t plain = db_int(d, 0, "SELECT MAX(id) FROM movements", "");
	assert_int_equal(ledger_reverse(d, &man, plain, NULL, &rw, &e), LEDGER_OK);
	assert_int_equal(balance(d, "F"), 1);
	assert_int_equal(db_int(d, -1, "SELECT SUM(qty) FROM lots", ""), 1);
	assert_int_equal(ledger_verify(d, org_id, NULL), 0);

	/* the check finds lots that hold more than the stock */
	db_exec(d, "UPDATE lots SET qty = received_qty", "");
	assert_int_equal(ledger_verify(d, org_id, NULL), 1);
}

static void dated_inbound_needs_expiry_or_unknown(void **state)
{
	db *d = *state;
	int64_t cookie = add_product(d, "SN-1", "single");
	int64_t towel = add_product(d, "LV-1", "single");
	int64_t set = add_product(d, "SET-1", "set");
	add_component(d, set, cookie, 2);
	add_component(d, set, towel, 1);
	assert_int_equal(db_exec(d, "UPDATE products SET has_expiry = 1 WHERE id = ?", "i", cookie),
	                 DB_OK);
	struct ledger_ctx ctx = {.org_id = org_id, .source = "manual"};
	struct ledger_err err;

	/* No date and not "unknown": refused, nothing written, the product named. */
	assert_int_equal(move(d, "SN-1", LEDGER_INBOUND, 10, &err), LEDGER_EINVAL);
	assert_string_equal(err.id, "expiry_required");
	assert_string_equal(err.field, "expiry");
	assert_non_null(strstr(err.message, "SN-1"));
	assert_non_null(strstr(err.message, "소비기한 모름"));
	/* The set names its dated component. */
	assert_int_equal(move(d, "SET-1", LEDGER_INBOUND, 1, &err), LEDGER_EINVAL);
	assert_string_equal(err.id, "expiry_required");
	assert_non_null(strstr(err.message, "SET-1"));
	assert_non_null(strstr(err.message, "SN-1"));
	assert_int_equal(nmoves(d), 0);
	/* An undated product and outbound need nothing. */
	assert_int_equal(move(d, "LV-1", LEDGER_INBOUND, 5, &err), LEDGER_OK);

	/* With a date: recorded with a lot. */
	struct ledger_move m = {.sku = "SN-1",
	                        .type = LEDGER_INBOUND,
	                        .qty = 10,
	                        .date = "2025-01-10",
	                        .expiry = "2025-09-30",
	                        .lot = "L1"};
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &err), LEDGER_OK);
	/* Unknown: recorded and marked, no lot. */
	m = (struct ledger_move){.sku = "SN-1",
	                         .type = LEDGER_INBOUND,
	                         .qty = 4,
	                         .date = "2025-01-10",
	                         .expiry_unknown = 1};
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &err), LEDGER_OK);
	assert_int_equal(db_int(d, 0,
	                        "SELECT COUNT(*) FROM movements WHERE product_id = ?"
	                        " AND expiry_unknown = 1 AND expiry IS NULL AND qty = 4",
	                        "i", cookie),
	                 1);
	assert_int_equal(balance(d, "SN-1"), 14);
	/* A set received with a date opens a lot of its dated component only. */
	m = (struct ledger_move){.sku = "SET-1",
	                         .type = LEDGER_INBOUND,
	                         .qty = 3,
	                         .date = "2025-01-10",
	                         .expiry = "2025-12-31",
	                         .lot = "S1"};
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &err), LEDGER_OK);
	assert_int_equal(db_int(d, 0,
	                        "SELECT received_qty FROM lots WHERE product_id = ?"
	                        " AND expiry = '2025-12-31' AND lot = 'S1'",
	                        "i", cookie),
	                 6);
	assert_int_equal(
	        db_int(d, -1, "SELECT COUNT(*) FROM lots WHERE product_id = ?", "i", towel), 0);

	/* "Unknown" with a date, or on an outbound, is refused. */
	m = (struct ledger_move){.sku = "SN-1",
	                         .type = LEDGER_INBOUND,
	                         .qty = 1,
	                         .expiry = "2025-09-30",
	                         .expiry_unknown = 1};
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &err), LEDGER_EINVAL);
	assert_string_equal(err.field, "expiry_unknown");
	m = (struct ledger_move){
	        .sku = "SN-1", .type = LEDGER_OUTBOUND, .qty = 1, .expiry_unknown = 1};
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &err), LEDGER_EINVAL);
	assert_string_equal(err.field, "expiry_unknown");
	/* The store refuses it too, whatever writes it. */
	assert_int_not_equal(db_exec(d,
	                             "INSERT INTO movements (org_id, product_id, type, qty, date,"
	                             " source, created_at, expiry_unknown) VALUES (?, ?,"
	                             " 'outbound', -1, '2025-01-10', 'manual', 'x', 1)",
	                             "ii", org_id, cookie),
	                     DB_OK);
	assert_int_equal(ledger_verify(d, org_id, NULL), 0);
}

static void memo_limit_counts_characters(void **state)
{
	db *d = *state;
	add_product(d, "A", "single");
	char memo[LEDGER_MEMO_MAX * 3 + 4];
	size_t o = 0;
	for (int i = 0; i < LEDGER_MEMO_MAX; i++) {
		memcpy(memo + o, "가", 3);
		o += 3;
	}
	memo[o] = 0;
	assert_int_equal(ledger_text_chars(memo), LEDGER_MEMO_MAX);
	assert_int_equal(ledger_text_cut(memo, 3), 9);
	assert_int_equal(ledger_text_cut("ab가", 2), 2);
	assert_int_equal(ledger_text_cut("ab가", 5), 5);
	struct ledger_ctx ctx = {.org_id = org_id, .source = "manual"};
	struct ledger_move m = {.sku = "A", .type = LEDGER_INBOUND, .qty = 1, .memo = memo};
	struct ledger_err e;
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_OK); /* 6000 bytes */
	memcpy(memo + o, "x", 2);
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &e), LEDGER_EINVAL);
	assert_string_equal(e.field, "memo");
}

/* ------------------------------------------------------------------ property test */

static uint64_t prng = 0x1234567u;
static uint64_t next_rand(void)
{
	prng ^= prng << 13;
	prng ^= prng >> 7;
	prng ^= prng << 17;
	return prng;
}

/* Random inbound (some with lots), outbound, counts, set movements and reversals; after
 * each step the balances equal a model and, now and then, the check finds nothing. */
static void random_operations(db *d, int allow_neg)
{
	db_exec(d, "UPDATE orgs SET allow_negative_stock = ? WHERE id = ?", "ii",
	        (int64_t)allow_neg, org_id);
	const char *skus[] = {"P0", "P1", "P2", "P3"};
	int64_t ids[4], model[4] = {0};
	for (int i = 0; i < 4; i++)
		ids[i] = add_product(d, skus[i], "single");
	int64_t s = add_product(d, "S", "set");
	add_component(d, s, ids[0], 1);
	add_component(d, s, ids[1], 3);
	struct ledger_ctx ctx = {.org_id = org_id, .source = "manual"};
	int ok = 0, refused = 0, reversed = 0;
	for (int step = 0; step < 1500; step++) {
		struct ledger_err e;
		unsigned op = (unsigned)(next_rand() % 10);
		if (op <= 6) {
			int which = (int)(next_rand() % 5);
			const char *sku = which == 4 ? "S" : skus[which];
			int type = op <= 2   ? LEDGER_INBOUND
			           : op <= 5 ? LEDGER_OUTBOUND
			                     : LEDGER_ADJUST;
			if (which == 4 && type == LEDGER_ADJUST)
				type = LEDGER_OUTBOUND;
			int64_t qty = 1 + (int64_t)(next_rand() % 20);
			/* Some inbounds carry a lot, so lots are checked against the stock. */
			char lot[16];
			snprintf(lot, sizeof lot, "L%d", step);
			struct ledger_move mv = {.sku = sku,
			                         .type = type,
			                         .qty = qty,
			                         .date = "2025-01-10",
			                         .lot = type == LEDGER_INBOUND && op == 0 ? lot
			                                                                  : NULL};
			int rc = ledger_record(d, &ctx, &mv, 1, NULL, &e);
			if (rc == LEDGER_OK) {
				ok++;
				if (which == 4) {
					int sign = type == LEDGER_INBOUND ? 1 : -1;
					model[0] += sign * qty;
					model[1] += sign * qty * 3;
				} else if (type == LEDGER_ADJUST) {
					model[which] = qty;
				} else {
					model[which] += type == LEDGER_INBOUND ? qty : -qty;
				}
			} else {
				assert_int_equal(rc, LEDGER_ENOSTOCK);
				refused++;
			}
		} else {
			int64_t max = db_int(d, 0, "SELECT MAX(id) FROM movements", "");
			if (max == 0)
				continue;
			int64_t id = 1 + (int64_t)(next_rand() % (uint64_t)max);
			struct ledger_written w;
			int rc = ledger_reverse(d, &ctx, id, NULL, &w, &e);
			if (rc == LEDGER_OK) {
				reversed++;
				for (size_t k = 0; k < w.n; k++) {
					int64_t pid = db_int(
					        d, 0,
					        "SELECT product_id FROM movements WHERE id = ?",
					        "i", w.ids[k]);
					int64_t q = db_int(d, 0,
					                   "SELECT qty FROM movements WHERE id = ?",
					                   "i", w.ids[k]);
					for (int i = 0; i < 4; i++)
						if (ids[i] == pid)
							model[i] += q;
				}
			}
		}
		for (int i = 0; i < 4; i++) {
			if (!allow_neg) /* never below zero without the org's consent */
				assert_true(model[i] >= 0);
			assert_int_equal(balance(d, skus[i]), model[i]);
		}
		if (step % 100 == 0)
			assert_int_equal(ledger_verify(d, org_id, NULL), 0);
	}
	assert_int_equal(ledger_verify(d, org_id, NULL), 0);
	assert_true(ok > 100 && reversed > 10);
	assert_true(allow_neg ? refused == 0 : refused > 10);
}

static void random_operations_keep_balance_equal_to_ledger(void **state)
{
	random_operations(*state, 0);
}

/* Below zero the lots must still stay within the stock (inbound after a shortfall,
 * reversals of inbounds that were sold). */
static void random_operations_with_negative_stock_allowed(void **state)
{
	random_operations(*state, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(set_available_is_min_of_floor_stock_over_qty),
	        cmocka_unit_test(explode_multiplies_component_quantities),
	        cmocka_unit_test(negative_stock_rule),
	        cmocka_unit_test(expiry_required_for_dated_singles_and_their_sets),
	        cmocka_unit_test_setup_teardown(dated_inbound_needs_expiry_or_unknown, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(outbound_below_zero_is_refused_and_writes_nothing,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(organisation_may_allow_negative_stock, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(batch_is_all_or_nothing, setup, teardown),
	        cmocka_unit_test_setup_teardown(bad_inputs_are_refused_before_the_store, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(set_outbound_explodes_into_components, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(adjust_records_the_difference_to_the_count, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(reversal_restores_and_happens_once, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(movements_are_immutable, setup, teardown),
	        cmocka_unit_test_setup_teardown(lots_are_consumed_first_expiring_first, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(lot_read_error_fails_the_movement, setup, teardown),
	        cmocka_unit_test_setup_teardown(reversal_keeps_ref_and_puts_units_back_into_lots,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(memo_limit_counts_characters, setup, teardown),
	        cmocka_unit_test_setup_teardown(random_operations_with_negative_stock_allowed,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(random_operations_keep_balance_equal_to_ledger,
	                                        setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
