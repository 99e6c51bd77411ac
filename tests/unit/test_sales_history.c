/* test_sales_history.c — the sales-history reader (formats/sales_history_sheet.c): columns
 * found by their Korean and English names, the date forms, the quantity and unit rule,
 * duplicates, set and discontinued products, the row limit; and the store's standing
 * history (migration 010's view through store/sales_history.c): a newer applied batch
 * replaces older batches' days of its period for its products only, undo brings them back,
 * and the forecast inputs read the same rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "forecast_store.h"
#include "sales_history.h"
#include "sales_history_sheet.h"
#include "testdb.h"

/* ------------------------------------------------------------------ the reader */

/* A catalogue of four products: A (id 1), B (id 2, 플레이오토 PB), OLD (3, not in use), SET
 * (4, a set); channel code C-1 names A on coupang, C-2 names A and B (two channels). */
static int fake_lookup(void *ud, shist_key kind, const char *channel, const char *code,
                       shist_product *out)
{
	(void)ud;
	static const struct {
		int64_t id;
		const char *sku, *playauto;
		int active, is_set;
	} p[] = {{1, "A", "", 1, 0},
	         {2, "B", "PB", 1, 0},
	         {3, "OLD", "", 0, 0},
	         {4, "SET", "", 1, 1}};
	int found = -1;
	if (kind == SHIST_KEY_CHANNEL) {
		if (strcmp(code, "C-2") == 0 && !channel)
			return 2;
		if (strcmp(code, "C-1") == 0 && (!channel || strcmp(channel, "coupang") == 0))
			found = 0;
	} else {
		for (int i = 0; i < 4; i++)
			if (strcmp(kind == SHIST_KEY_MASTER ? p[i].sku : p[i].playauto, code) == 0)
				found = i;
	}
	if (found < 0)
		return 0;
	out->id = p[found].id;
	out->sku = p[found].sku;
	out->name = p[found].sku;
	out->active = p[found].active;
	out->is_set = p[found].is_set;
	return 1;
}

static shist_result *parse(const char *text)
{
	shist_ctx ctx = {.today = "2026-03-10", .lookup = fake_lookup};
	shist_result *r = NULL;
	assert_int_equal(shist_parse(text, strlen(text), "t.csv", &ctx, &r), SHIST_OK);
	assert_non_null(r);
	return r;
}

/* The code of the first problem on row, or NULL. */
static const char *code_at(const shist_result *r, int row)
{
	for (int i = 0; i < r->nproblems; i++)
		if (r->problems[i].row == row)
			return r->problems[i].code;
	return NULL;
}

static void reads_korean_headers_and_every_date_form(void **state)
{
	(void)state;
	shist_result *r = parse("\xEF\xBB\xBF"
	                        "일자,마스터 SKU,출고 수량\n"
	                        "2026-03-01,A,3\n"
	                        "2026.03.02,A,3개\n"
	                        "2026/03/03,A,\"1,200\"\n"
	                        "46085,A,０\n" /* 2026-03-04 as an Excel serial */
	                        "20260305,B,2 ea\n");
	assert_int_equal(r->errors, 0);
	assert_int_equal(r->rows, 5);
	assert_int_equal(r->nitems, 5);
	assert_true(shist_can_apply(r));
	assert_string_equal(r->first_day, "2026-03-01");
	assert_string_equal(r->last_day, "2026-03-05");
	assert_int_equal(r->qty_total, 3 + 3 + 1200 + 0 + 2);
	/* items are by product, then day */
	assert_string_equal(r->items[3].day, "2026-03-04");
	assert_int_equal(r->items[3].qty, 0);
	assert_string_equal(r->items[4].sku, "B");
	shist_free(r);
}

static void finds_products_by_playauto_and_channel_codes(void **state)
{
	(void)state;
	shist_result *r = parse("date,플레이오토 SKU,쿠팡 상품코드,qty\n"
	                        "2026-03-01,PB,,1\n"
	                        "2026-03-01,,C-1,2\n");
	assert_int_equal(r->errors, 0);
	assert_int_equal(r->items[0].product_id, 1);
	assert_int_equal(r->items[1].product_id, 2);
	shist_free(r);
	r = parse("날짜,채널 상품코드,수량\n2026-03-01,C-2,1\n");
	assert_string_equal(code_at(r, 2), "ambiguous_code");
	shist_free(r);
}

static void refuses_bad_rows_with_their_codes(void **state)
{
	(void)state;
	shist_result *r = parse("일자,마스터 SKU,출고 수량\n"
	                        "2026-03-01,NOPE,1\n"  /* 2 */
	                        ",A,1\n"               /* 3 */
	                        "어제,A,1\n"           /* 4 */
	                        "2026-03-11,A,1\n"     /* 5: after today */
	                        "2026-03-01,A,-1\n"    /* 6 */
	                        "2026-03-02,A,1.5\n"   /* 7 */
	                        "2026-03-03,A,3박스\n" /* 8 */
	                        "2026-03-04,A,2\n"     /* 9 */
	                        "2026-03-04,A,2\n"     /* 10: same product and day as 9 */
	                        "2026-03-05,,1\n"      /* 11 */
	                        "2026-03-05,A,\n"      /* 12 */
	                        "2026-03-06,A,x1\n"    /* 13 */
	                        "2026-03-07,A,9999999\n" /* 14 */);
	const char *want[] = {"unknown_sku",   "missing_date", "bad_date",    "future_date",
	                      "negative_qty",  "not_whole",    "mixed_units", NULL,
	                      "duplicate_row", "missing_sku",  "missing_qty", "not_a_number",
	                      "qty_too_large"};
	for (int i = 0; i < 13; i++) {
		const char *got = code_at(r, i + 2);
		if (want[i])
			assert_string_equal(got ? got : "(none)", want[i]);
		else
			assert_null(got);
	}
	assert_int_equal(r->errors, 12);
	assert_false(shist_can_apply(r));
	/* the duplicate names the first row, which is kept as an item */
	for (int i = 0; i < r->nproblems; i++)
		if (strcmp(r->problems[i].code, "duplicate_row") == 0)
			assert_int_equal(r->problems[i].other_row, 9);
	assert_int_equal(r->nitems, 1);
	shist_free(r);
}

static void sets_and_discontinued_products_are_kept_with_a_warning(void **state)
{
	(void)state;
	shist_result *r = parse("일자,SKU,수량\n"
	                        "2026-03-01,OLD,1\n"
	                        "2026-03-01,SET,1\n"
	                        "2026-03-02,SET,1\n");
	assert_int_equal(r->errors, 0);
	assert_int_equal(r->warnings, 2); /* one for OLD, one for the set (not one per row) */
	assert_string_equal(code_at(r, 2), "inactive_product");
	assert_string_equal(code_at(r, 3), "set_product");
	assert_int_equal(r->nitems, 3);
	assert_true(shist_can_apply(r));
	shist_free(r);
}

static void the_unit_rule(void **state)
{
	(void)state;
	long long q = -1;
	assert_null(shist_parse_qty("3개", &q));
	assert_int_equal(q, 3);
	assert_null(shist_parse_qty(" 12 pcs ", &q));
	assert_int_equal(q, 12);
	assert_null(shist_parse_qty("1 200", &q));
	assert_int_equal(q, 1200);
	assert_string_equal(shist_parse_qty("3박스", &q), "mixed_units");
	assert_string_equal(shist_parse_qty("2세트", &q), "mixed_units");
	assert_string_equal(shist_parse_qty("1kg", &q), "mixed_units");
	assert_string_equal(shist_parse_qty("3개 2박스", &q), "not_a_number");
	assert_string_equal(shist_parse_qty("", &q), "missing_qty");
	assert_string_equal(shist_parse_qty("개", &q), "not_a_number");
	assert_string_equal(shist_parse_qty("-0.5", &q), "negative_qty");
}

static void missing_columns_and_bad_files_are_one_problem(void **state)
{
	(void)state;
	shist_result *r = parse("일자,수량\n2026-03-01,1\n");
	assert_int_equal(r->nproblems, 1);
	assert_string_equal(r->problems[0].code, "missing_column");
	assert_non_null(r->problems[0].details);
	shist_free(r);
	r = parse("");
	assert_int_equal(r->errors, 1);
	assert_int_equal(r->problems[0].row, 0);
	shist_free(r);
	r = parse("일자,SKU,수량\n");
	assert_string_equal(r->problems[0].code, "no_rows");
	shist_free(r);
}

static void too_many_rows_refuses_the_file(void **state)
{
	(void)state;
	size_t cap = (size_t)(SHIST_MAX_ROWS + 2) * 20 + 64;
	char *buf = malloc(cap);
	size_t o = (size_t)snprintf(buf, cap, "일자,SKU,수량\n");
	for (int i = 0; i <= SHIST_MAX_ROWS; i++)
		o += (size_t)snprintf(buf + o, cap - o, "2026-03-01,A,1\n");
	shist_result *r = parse(buf);
	free(buf);
	assert_int_equal(r->nproblems, 1);
	assert_string_equal(r->problems[0].code, "too_many_rows");
	assert_int_equal(r->nitems, 0);
	shist_free(r);
}

static void the_example_file_reads_back(void **state)
{
	(void)state;
	const char *skus[] = {"A", "B"};
	char *csv = NULL;
	size_t len = 0;
	assert_int_equal(shist_template_csv(skus, 2, "2026-03-09", &csv, &len), 0);
	shist_result *r = parse(csv);
	free(csv);
	assert_int_equal(r->errors, 0);
	assert_int_equal(r->nitems, 2);
	shist_free(r);
}

/* ------------------------------------------------------------------ the standing history */

static int64_t add_product(db *d, int64_t org, const char *sku)
{
	assert_int_equal(db_exec(d,
	                         "INSERT INTO products (org_id, sku, name, created_at, updated_at)"
	                         " VALUES (?, ?, ?, 'x', 'x')",
	                         "itt", org, sku, sku),
	                 DB_OK);
	return db_last_id(d);
}

/* Stores a batch from CSV text through the reader and the store; returns its id. */
static int64_t store_batch(db *d, int64_t org, int64_t user, const char *text)
{
	struct shstore_lookup lk = {.d = d, .org_id = org};
	shist_ctx ctx = {.today = "2026-03-10", .lookup = shstore_lookup, .lookup_ud = &lk};
	shist_result *r = NULL;
	assert_int_equal(shist_parse(text, strlen(text), "t.csv", &ctx, &r), SHIST_OK);
	assert_int_equal(r->errors, 0);
	struct shstore_new_batch nb = {.org_id = org,
	                               .user_id = user,
	                               .file_name = "t.csv",
	                               .uploaded_at = "2026-03-10T00:00:00Z",
	                               .problems_json = "[]"};
	int64_t id = 0;
	assert_int_equal(shstore_batch_insert(d, &nb, r, &id), DB_OK);
	shist_free(r);
	return id;
}

static int64_t standing_total(db *d, int64_t org, int64_t product)
{
	return db_int(d, -1,
	              "SELECT COALESCE(SUM(qty), 0) FROM sales_history_standing WHERE org_id = ?"
	              " AND product_id = ?",
	              "ii", org, product);
}

/* The forecast inputs' imported sales of one product, summed. */
static int64_t forecast_sales(db *d, int64_t org, int64_t product)
{
	struct fstore_inputs in;
	memset(&in, 0, sizeof in);
	assert_int_equal(fstore_load_inputs(d, org, "2026-03-09", &in), DB_OK);
	int64_t sum = 0;
	for (size_t i = 0; i < in.nsales; i++)
		if (in.sales[i].product_id == product)
			sum += in.sales[i].qty;
	fstore_inputs_free(&in);
	return sum;
}

static void a_newer_batch_replaces_its_period_for_its_products(void **state)
{
	(void)state;
	char path[64];
	db *d = testdb_open("sales-history", path, sizeof path);
	assert_non_null(d);
	int64_t org = testdb_add_org(d);
	assert_int_equal(
	        db_exec(d,
	                "INSERT INTO users (org_id, login, name, role, pw_hash, created_at,"
	                " updated_at) VALUES (?, 'u', '민지', 'master', 'x', 'x', 'x')",
	                "i", org),
	        DB_OK);
	int64_t user = db_last_id(d);
	int64_t a = add_product(d, org, "A"), b = add_product(d, org, "B");

	int64_t old = store_batch(d, org, user,
	                          "일자,SKU,수량\n2026-03-01,A,10\n2026-03-02,A,10\n"
	                          "2026-03-03,A,10\n2026-03-01,B,5\n2026-03-02,B,5\n");
	assert_int_equal(standing_total(d, org, a), 0); /* a preview counts for nothing */
	assert_int_equal(shstore_batch_mark_applied(d, org, old, user, "t1"), DB_OK);
	assert_int_equal(standing_total(d, org, a), 30);
	assert_int_equal(standing_total(d, org, b), 10);

	/* newer: only A on day 2; its period is its own days, 2026-03-02 alone */
	int64_t newer = store_batch(d, org, user, "일자,SKU,수량\n2026-03-02,A,1\n");
	int64_t rr = 0, rq = 0;
	json_decref(shstore_batch_products(d, org, newer, &rr, &rq));
	assert_int_equal(rr, 1);
	assert_int_equal(rq, 10);
	assert_int_equal(shstore_batch_mark_applied(d, org, newer, user, "t2"), DB_OK);
	assert_int_equal(standing_total(d, org, a), 10 + 1 + 10);
	assert_int_equal(standing_total(d, org, b), 10); /* B is not in the newer file */
	assert_int_equal(forecast_sales(d, org, a), 21);

	/* a wider newer file: 1..3, with A on day 1 only: days 2 and 3 are now nothing */
	int64_t wide = store_batch(d, org, user, "일자,SKU,수량\n2026-03-01,A,4\n2026-03-03,B,7\n");
	assert_int_equal(shstore_batch_mark_applied(d, org, wide, user, "t3"), DB_OK);
	assert_int_equal(standing_total(d, org, a), 4);
	assert_int_equal(standing_total(d, org, b), 7);
	assert_int_equal(forecast_sales(d, org, a), 4);
	assert_int_equal(forecast_sales(d, org, b), 7);

	/* undo the widest: the previous state is back */
	assert_int_equal(shstore_batch_mark_undone(d, org, wide, user, "t4"), DB_OK);
	assert_int_equal(standing_total(d, org, a), 21);
	assert_int_equal(standing_total(d, org, b), 10);
	/* undo the middle one too: the oldest stands alone */
	assert_int_equal(shstore_batch_mark_undone(d, org, newer, user, "t5"), DB_OK);
	assert_int_equal(standing_total(d, org, a), 30);
	assert_int_equal(forecast_sales(d, org, a), 30);
	/* an applied batch is not applied twice; an undone one is not undone twice */
	assert_int_equal(shstore_batch_mark_applied(d, org, old, user, "t6"), DB_OK);
	assert_int_equal(db_changes(d), 0);
	assert_int_equal(shstore_batch_mark_undone(d, org, wide, user, "t7"), DB_OK);
	assert_int_equal(db_changes(d), 0);
	testdb_remove(d, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(reads_korean_headers_and_every_date_form),
	        cmocka_unit_test(finds_products_by_playauto_and_channel_codes),
	        cmocka_unit_test(refuses_bad_rows_with_their_codes),
	        cmocka_unit_test(sets_and_discontinued_products_are_kept_with_a_warning),
	        cmocka_unit_test(the_unit_rule),
	        cmocka_unit_test(missing_columns_and_bad_files_are_one_problem),
	        cmocka_unit_test(too_many_rows_refuses_the_file),
	        cmocka_unit_test(the_example_file_reads_back),
	        cmocka_unit_test(a_newer_batch_replaces_its_period_for_its_products),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
