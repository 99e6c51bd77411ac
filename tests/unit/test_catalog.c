/* test_catalog.c — products, suppliers, set components and channel codes: field
 * validation with Korean messages, NFC normalisation, uniqueness, the set rules, delete
 * versus deactivate, lead time inherited from the supplier, and the list's filters. */
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

#include "catalog.h"
#include "catalog_json.h"
#include "db.h"
#include "ledger.h"
#include "log.h"

static char path[64];
static int64_t org_id;

static int setup(void **state)
{
	db *d = testdb_open("catalog", path, sizeof path);
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

/* Creates a product from JSON text; returns the catalog result code. */
static int create(db *d, const char *json, struct catalog_err *e)
{
	json_t *o = json_loads(json, 0, NULL);
	assert_non_null(o);
	struct catalog_product *p = malloc(sizeof *p);
	char sup[401];
	catalog_product_defaults(p);
	int rc = catalog_product_apply(d, org_id, o, 0, p, sup, e);
	if (rc == CATALOG_OK)
		rc = catalog_product_save(d, org_id, p, sup, e);
	free(p);
	json_decref(o);
	return rc;
}

static int update(db *d, const char *sku, const char *json, struct catalog_err *e)
{
	json_t *o = json_loads(json, 0, NULL);
	assert_non_null(o);
	struct catalog_product *p = malloc(sizeof *p);
	char sup[401];
	int rc = catalog_product_load(d, org_id, sku, p);
	if (rc == CATALOG_OK)
		rc = catalog_product_apply(d, org_id, o, 1, p, sup, e);
	if (rc == CATALOG_OK)
		rc = catalog_product_save(d, org_id, p, sup, e);
	free(p);
	json_decref(o);
	return rc;
}

/* The fields named in e->details, comma-joined, for compact assertions. */
static const char *fields(const struct catalog_err *e)
{
	static char buf[256];
	buf[0] = 0;
	size_t i;
	json_t *it;
	json_array_foreach(e->details, i, it)
	{
		if (buf[0])
			strcat(buf, ",");
		strcat(buf, json_string_value(json_object_get(it, "field")));
	}
	return buf;
}

static void sku_rules(void **state)
{
	(void)state;
	assert_true(catalog_sku_valid("KC-001"));
	assert_true(catalog_sku_valid("냄비_20cm.v2"));
	assert_false(catalog_sku_valid(""));
	assert_false(catalog_sku_valid("A B"));
	assert_false(catalog_sku_valid("A/B"));
	assert_false(catalog_sku_valid("A%20"));
	assert_false(catalog_sku_valid("A\xe3\x80\x80"
	                               "B")); /* ideographic space */
	char longsku[80];
	memset(longsku, 'X', 65);
	longsku[65] = 0;
	assert_false(catalog_sku_valid(longsku));
}

static void field_errors_are_collected_in_korean(void **state)
{
	db *d = *state;
	struct catalog_err e;
	assert_int_equal(create(d, "{}", &e), CATALOG_EINVAL);
	assert_string_equal(fields(&e), "sku,name");
	assert_string_equal(e.message, "마스터 SKU를 입력해 주세요.");
	catalog_err_clear(&e);
	assert_int_equal(create(d,
	                        "{\"sku\":\"A\",\"name\":\"n\",\"lead_time_days\":100000,\"moq\":0,"
	                        "\"safety_stock\":-1,\"kind\":\"box\",\"colour\":\"red\"}",
	                        &e),
	                 CATALOG_EINVAL);
	assert_string_equal(fields(&e), "colour,kind,lead_time_days,moq,safety_stock");
	assert_non_null(
	        strstr(json_string_value(json_object_get(json_array_get(e.details, 2), "message")),
	               "리드타임은 0일부터 730일"));
	catalog_err_clear(&e);
	assert_int_equal(create(d, "{\"sku\":\"A\",\"name\":\"n\",\"moq\":1.5}", &e),
	                 CATALOG_EINVAL);
	assert_string_equal(fields(&e), "moq");
	catalog_err_clear(&e);
	assert_int_equal(create(d, "{\"sku\":\"A\",\"name\":\"n\",\"moq\":\"10\"}", &e),
	                 CATALOG_EINVAL);
	catalog_err_clear(&e);
	assert_int_equal(db_int(d, 0, "SELECT COUNT(*) FROM products", ""), 0);
}

static void text_is_stored_nfc(void **state)
{
	db *d = *state;
	struct catalog_err e;
	/* "냄비" typed on macOS: decomposed jamo (NFD) */
	const char *nfd = "{\"sku\":\"KC-1\",\"name\":\"\xe1\x84\x82\xe1\x85\xa2\xe1\x86\xb7"
	                  "\xe1\x84\x87\xe1\x85\xb5\",\"category\":\" 주방용품 \"}";
	assert_int_equal(create(d, nfd, &e), CATALOG_OK);
	json_t *p = catalog_product_json(d, org_id, "KC-1");
	assert_non_null(p);
	assert_string_equal(json_string_value(json_object_get(p, "name")), "냄비");
	assert_string_equal(json_string_value(json_object_get(p, "category")), "주방용품");
	json_decref(p);
}

static void duplicates_are_conflicts(void **state)
{
	db *d = *state;
	struct catalog_err e;
	assert_int_equal(create(d,
	                        "{\"sku\":\"A\",\"name\":\"a\",\"playauto_sku\":\"PA-1\","
	                        "\"channel_codes\":[{\"channel\":\"coupang\",\"code\":\"111\"}]}",
	                        &e),
	                 CATALOG_OK);
	assert_int_equal(create(d, "{\"sku\":\"A\",\"name\":\"again\"}", &e), CATALOG_ECONFLICT);
	assert_string_equal(e.id, "duplicate_sku");
	assert_string_equal(e.message, "이미 있는 마스터 SKU입니다: A");
	catalog_err_clear(&e);
	assert_int_equal(create(d, "{\"sku\":\"B\",\"name\":\"b\",\"playauto_sku\":\"PA-1\"}", &e),
	                 CATALOG_ECONFLICT);
	assert_string_equal(e.id, "duplicate_playauto_sku");
	catalog_err_clear(&e);
	assert_int_equal(create(d,
	                        "{\"sku\":\"B\",\"name\":\"b\","
	                        "\"channel_codes\":[{\"channel\":\"coupang\",\"code\":\"111\"}]}",
	                        &e),
	                 CATALOG_ECONFLICT);
	assert_string_equal(e.id, "channel_code_taken");
	assert_non_null(strstr(e.message, "(A)"));
	catalog_err_clear(&e);
	/* the same code on another channel is another code */
	assert_int_equal(
	        create(d,
	               "{\"sku\":\"B\",\"name\":\"b\","
	               "\"channel_codes\":[{\"channel\":\"smartstore\",\"code\":\"111\"}]}",
	               &e),
	        CATALOG_OK);
	assert_int_equal(
	        create(d,
	               "{\"sku\":\"C\",\"name\":\"c\",\"channel_codes\":[{\"channel\":\"x\","
	               "\"code\":\"1\"}]}",
	               &e),
	        CATALOG_EINVAL);
	catalog_err_clear(&e);
	assert_int_equal(db_int(d, 0, "SELECT COUNT(*) FROM products", ""), 2);
}

static void set_rules(void **state)
{
	db *d = *state;
	struct catalog_err e;
	assert_int_equal(create(d, "{\"sku\":\"A\",\"name\":\"a\"}", &e), CATALOG_OK);
	assert_int_equal(create(d, "{\"sku\":\"B\",\"name\":\"b\"}", &e), CATALOG_OK);
	assert_int_equal(create(d,
	                        "{\"sku\":\"S\",\"name\":\"세트\",\"kind\":\"set\",\"components\":"
	                        "[{\"sku\":\"A\",\"qty\":2},{\"sku\":\"B\"}]}",
	                        &e),
	                 CATALOG_OK);
	json_t *p = catalog_product_json(d, org_id, "S");
	assert_int_equal(json_array_size(json_object_get(p, "components")), 2);
	json_decref(p);
	/* a set in a set */
	assert_int_equal(create(d,
	                        "{\"sku\":\"S2\",\"name\":\"x\",\"kind\":\"set\",\"components\":"
	                        "[{\"sku\":\"S\",\"qty\":1}]}",
	                        &e),
	                 CATALOG_EINVAL);
	assert_string_equal(e.id, "set_contains_set");
	catalog_err_clear(&e);
	/* itself */
	assert_int_equal(create(d,
	                        "{\"sku\":\"S3\",\"name\":\"x\",\"kind\":\"set\",\"components\":"
	                        "[{\"sku\":\"S3\",\"qty\":1}]}",
	                        &e),
	                 CATALOG_EINVAL);
	assert_string_equal(e.id, "set_contains_itself");
	catalog_err_clear(&e);
	/* unknown component, empty set, single with components, bad qty */
	assert_int_equal(create(d,
	                        "{\"sku\":\"S4\",\"name\":\"x\",\"kind\":\"set\",\"components\":"
	                        "[{\"sku\":\"NOPE\",\"qty\":1}]}",
	                        &e),
	                 CATALOG_EINVAL);
	catalog_err_clear(&e);
	assert_int_equal(create(d, "{\"sku\":\"S4\",\"name\":\"x\",\"kind\":\"set\"}", &e),
	                 CATALOG_EINVAL);
	catalog_err_clear(&e);
	assert_int_equal(
	        create(d, "{\"sku\":\"S4\",\"name\":\"x\",\"components\":[{\"sku\":\"A\"}]}", &e),
	        CATALOG_EINVAL);
	catalog_err_clear(&e);
	assert_int_equal(create(d,
	                        "{\"sku\":\"S4\",\"name\":\"x\",\"kind\":\"set\",\"components\":"
	                        "[{\"sku\":\"A\",\"qty\":0}]}",
	                        &e),
	                 CATALOG_EINVAL);
	catalog_err_clear(&e);
	/* a component may not become a set (no cycles, no sets of sets) */
	assert_int_equal(update(d, "A", "{\"kind\":\"set\",\"components\":[{\"sku\":\"B\"}]}", &e),
	                 CATALOG_EINVAL);
	catalog_err_clear(&e);
	/* a single with movements may not become a set */
	struct ledger_ctx ctx = {.org_id = org_id, .source = "manual"};
	struct ledger_move m = {.sku = "B", .type = LEDGER_INBOUND, .qty = 1};
	assert_int_equal(create(d, "{\"sku\":\"C\",\"name\":\"c\"}", &e), CATALOG_OK);
	m.sku = "C";
	struct ledger_err le;
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &le), LEDGER_OK);
	assert_int_equal(update(d, "C", "{\"kind\":\"set\",\"components\":[{\"sku\":\"B\"}]}", &e),
	                 CATALOG_ECONFLICT);
	catalog_err_clear(&e);
}

static void delete_deactivates_when_history_exists(void **state)
{
	db *d = *state;
	struct catalog_err e;
	int deact;
	assert_int_equal(create(d, "{\"sku\":\"A\",\"name\":\"a\"}", &e), CATALOG_OK);
	assert_int_equal(create(d, "{\"sku\":\"B\",\"name\":\"b\"}", &e), CATALOG_OK);
	struct ledger_ctx ctx = {.org_id = org_id, .source = "manual"};
	struct ledger_move m = {.sku = "A", .type = LEDGER_INBOUND, .qty = 1};
	struct ledger_err le;
	assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &le), LEDGER_OK);
	assert_int_equal(catalog_product_delete(d, org_id, "A", &deact, &e), CATALOG_OK);
	assert_int_equal(deact, 1);
	assert_int_equal(db_int(d, -1, "SELECT active FROM products WHERE sku = 'A'", ""), 0);
	assert_int_equal(catalog_product_delete(d, org_id, "B", &deact, &e), CATALOG_OK);
	assert_int_equal(deact, 0);
	assert_int_equal(db_int(d, -1, "SELECT COUNT(*) FROM products WHERE sku = 'B'", ""), 0);
	assert_int_equal(catalog_product_delete(d, org_id, "B", &deact, &e), CATALOG_ENOTFOUND);
	/* another organisation sees nothing */
	assert_int_equal(catalog_product_delete(d, org_id + 1, "A", &deact, &e), CATALOG_ENOTFOUND);
	assert_null(catalog_product_json(d, org_id + 1, "A"));
}

static void lead_time_is_inherited_from_the_supplier(void **state)
{
	db *d = *state;
	struct catalog_err e;
	json_t *s = json_loads("{\"name\":\"NPK\",\"lead_time_days\":120}", 0, NULL);
	int64_t sid = 0;
	assert_int_equal(catalog_supplier_save_json(d, org_id, 0, s, &sid, &e), CATALOG_OK);
	assert_int_equal(catalog_supplier_save_json(d, org_id, 0, s, &sid, &e), CATALOG_ECONFLICT);
	catalog_err_clear(&e);
	json_decref(s);
	s = json_loads("{\"name\":\"X\",\"lead_time_days\":731}", 0, NULL);
	assert_int_equal(catalog_supplier_save_json(d, org_id, 0, s, &sid, &e), CATALOG_EINVAL);
	catalog_err_clear(&e);
	json_decref(s);
	assert_int_equal(create(d, "{\"sku\":\"A\",\"name\":\"a\",\"supplier\":\"NPK\"}", &e),
	                 CATALOG_OK);
	assert_int_equal(create(d,
	                        "{\"sku\":\"B\",\"name\":\"b\",\"supplier\":\"NPK\","
	                        "\"lead_time_days\":15}",
	                        &e),
	                 CATALOG_OK);
	assert_int_equal(create(d, "{\"sku\":\"C\",\"name\":\"c\",\"supplier\":\"새 공급처\"}", &e),
	                 CATALOG_OK);
	json_t *a = catalog_product_json(d, org_id, "A"), *b = catalog_product_json(d, org_id, "B"),
	       *c = catalog_product_json(d, org_id, "C");
	assert_int_equal(json_integer_value(json_object_get(a, "lead_time_days")), 120);
	assert_string_equal(json_string_value(json_object_get(a, "lead_time_source")), "supplier");
	assert_string_equal(json_string_value(json_object_get(a, "supplier")), "NPK");
	assert_int_equal(json_integer_value(json_object_get(b, "lead_time_days")), 15);
	assert_string_equal(json_string_value(json_object_get(b, "lead_time_source")), "product");
	assert_string_equal(json_string_value(json_object_get(c, "supplier")), "새 공급처");
	assert_true(json_is_null(json_object_get(c, "lead_time_days")));
	json_decref(a);
	json_decref(b);
	json_decref(c);
	/* clearing the product's own lead time goes back to the supplier's */
	assert_int_equal(update(d, "B", "{\"lead_time_days\":null}", &e), CATALOG_OK);
	b = catalog_product_json(d, org_id, "B");
	assert_int_equal(json_integer_value(json_object_get(b, "lead_time_days")), 120);
	json_decref(b);
}

static void list_filters_sorts_and_counts(void **state)
{
	db *d = *state;
	struct catalog_err e;
	char js[200];
	for (int i = 0; i < 30; i++) {
		snprintf(js, sizeof js,
		         "{\"sku\":\"P%02d\",\"name\":\"%s %d\",\"category\":\"%s\","
		         "\"safety_stock\":10}",
		         i, i % 2 ? "냄비" : "수건", i, i % 3 ? "주방" : "생활");
		assert_int_equal(create(d, js, &e), CATALOG_OK);
	}
	struct ledger_ctx ctx = {.org_id = org_id, .source = "manual"};
	struct ledger_err le;
	for (int i = 0; i < 30; i += 5) {
		char sku[16];
		snprintf(sku, sizeof sku, "P%02d", i);
		struct ledger_move m = {.sku = sku, .type = LEDGER_INBOUND, .qty = 5 + i};
		assert_int_equal(ledger_record(d, &ctx, &m, 1, NULL, &le), LEDGER_OK);
	}
	struct catalog_filter f = {.kind = -1, .limit = 10};
	json_t *l = catalog_product_list(d, org_id, &f);
	assert_int_equal(json_integer_value(json_object_get(l, "total")), 30);
	assert_int_equal(json_array_size(json_object_get(l, "items")), 10);
	json_decref(l);
	f.q = "냄비";
	l = catalog_product_list(d, org_id, &f);
	assert_int_equal(json_integer_value(json_object_get(l, "total")), 15);
	json_decref(l);
	f.q = NULL;
	f.sort = "-on_hand";
	f.low_stock = 0;
	l = catalog_product_list(d, org_id, &f);
	json_t *first = json_array_get(json_object_get(l, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "sku")), "P25");
	assert_int_equal(json_integer_value(json_object_get(first, "on_hand")), 30);
	json_decref(l);
	f.low_stock = 1; /* on_hand <= safety_stock (10): all but P10..P25 */
	l = catalog_product_list(d, org_id, &f);
	assert_int_equal(json_integer_value(json_object_get(l, "total")), 26);
	json_decref(l);
	f.low_stock = 0;
	f.category = "생활";
	f.offset = 100; /* past the end still tells the total */
	l = catalog_product_list(d, org_id, &f);
	assert_int_equal(json_integer_value(json_object_get(l, "total")), 10);
	assert_int_equal(json_array_size(json_object_get(l, "items")), 0);
	json_decref(l);
	l = catalog_categories(d, org_id);
	assert_int_equal(json_array_size(json_object_get(l, "items")), 2);
	json_decref(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(sku_rules),
	        cmocka_unit_test_setup_teardown(field_errors_are_collected_in_korean, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(text_is_stored_nfc, setup, teardown),
	        cmocka_unit_test_setup_teardown(duplicates_are_conflicts, setup, teardown),
	        cmocka_unit_test_setup_teardown(set_rules, setup, teardown),
	        cmocka_unit_test_setup_teardown(delete_deactivates_when_history_exists, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(lead_time_is_inherited_from_the_supplier, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(list_filters_sorts_and_counts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
