/* test_imports_store.c — the import's catalogue snapshot (store/imports.c): a set's stock
 * is what its components allow by the ledger's one rule, ledger_set_available, also when
 * negative stock is allowed and a component has gone below zero; and the batch's states
 * (domain/import_batch.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "import_batch.h"
#include "imports.h"
#include "testdb.h"

static int64_t add_product(db *d, int64_t org, const char *sku, const char *kind, int64_t on_hand)
{
	assert_int_equal(db_exec(d,
	                         "INSERT INTO products (org_id, sku, name, kind, created_at,"
	                         " updated_at) VALUES (?, ?, ?, ?, 'x', 'x')",
	                         "ittt", org, sku, sku, kind),
	                 DB_OK);
	int64_t id = db_last_id(d);
	assert_int_equal(db_exec(d,
	                         "INSERT INTO balances (product_id, org_id, on_hand, updated_at)"
	                         " VALUES (?, ?, ?, 'x')",
	                         "iii", id, org, on_hand),
	                 DB_OK);
	return id;
}

static void add_component(db *d, int64_t org, int64_t set, int64_t comp, int64_t qty)
{
	assert_int_equal(db_exec(d,
	                         "INSERT INTO set_components (org_id, set_id, component_id, qty)"
	                         " VALUES (?, ?, ?, ?)",
	                         "iiii", org, set, comp, qty),
	                 DB_OK);
}

/* The set's stock in a fresh snapshot. */
static int64_t set_on_hand(db *d, int64_t org, const char *sku)
{
	arena *a = arena_new();
	struct imports_snap s;
	imports_snap_load(d, a, org, &s);
	const struct imports_prod *p = imports_snap_find(&s, sku);
	assert_non_null(p);
	int64_t v = p->on_hand;
	imports_snap_free(&s);
	arena_free(a);
	return v;
}

static void set_stock_follows_the_ledger_rule(void **state)
{
	(void)state;
	char path[64];
	db *d = testdb_open("imports-store", path, sizeof path);
	assert_non_null(d);
	int64_t org = testdb_add_org(d);
	int64_t cup = add_product(d, org, "CUP", "single", 7);
	int64_t lid = add_product(d, org, "LID", "single", 10);
	int64_t set = add_product(d, org, "SET-A", "set", 0);
	add_component(d, org, set, cup, 2);
	add_component(d, org, set, lid, 3);
	assert_int_equal(set_on_hand(d, org, "SET-A"), 3); /* min(7/2, 10/3) */

	/* Negative stock allowed and one component below zero: no set can be made. The
	 * first component (by SKU) is the negative one, so "-1 means unset" would have let the
	 * next component's 3 stand. */
	int64_t bad = add_product(d, org, "BASE", "single", -5);
	int64_t set2 = add_product(d, org, "SET-B", "set", 0);
	add_component(d, org, set2, bad, 2);
	add_component(d, org, set2, lid, 3);
	assert_int_equal(set_on_hand(d, org, "SET-B"), 0);

	/* A set without components has no stock. */
	add_product(d, org, "SET-C", "set", 0);
	assert_int_equal(set_on_hand(d, org, "SET-C"), 0);
	testdb_remove(d, path);
}

/* The batch's states: only a preview is applied, only an applied batch is reversed. */
static void batch_states_move_once(void **state)
{
	(void)state;
	assert_string_equal(import_batch_upload_status(1), "preview");
	assert_string_equal(import_batch_upload_status(0), "rejected");
	assert_int_equal(import_batch_may_apply("preview"), IMPORT_BATCH_GO);
	assert_int_equal(import_batch_may_apply("applied"), IMPORT_BATCH_ALREADY_APPLIED);
	assert_int_equal(import_batch_may_apply("reversed"), IMPORT_BATCH_ALREADY_REVERSED);
	assert_int_equal(import_batch_may_apply("rejected"), IMPORT_BATCH_HAS_ERRORS);
	assert_int_equal(import_batch_may_reverse("applied"), IMPORT_BATCH_GO);
	assert_int_equal(import_batch_may_reverse("reversed"), IMPORT_BATCH_ALREADY_REVERSED);
	assert_int_equal(import_batch_may_reverse("preview"), IMPORT_BATCH_NOT_APPLIED);
	assert_int_equal(import_batch_may_reverse("rejected"), IMPORT_BATCH_NOT_APPLIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(set_stock_follows_the_ledger_rule),
	        cmocka_unit_test(batch_states_move_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
