/* test_demand.c — demand per product per day, the pure builder a forecast run feeds the
 * engine with: ledger outbound counts, a reversed outbound and the reversal do not, a set
 * counts toward its components through its bill of materials, imported sales history adds
 * to the ledger, each series starts at its product's first day with demand and ends at
 * last_day, and history older than DEMAND_MAX_DAYS is left out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "demand.h"

enum { A = 11, B = 12, C = 13, SET = 20, OTHER = 99 };

static struct demand_move out(int64_t id, int64_t product, int64_t qty, int day)
{
	return (struct demand_move){
	        .id = id, .product_id = product, .qty = -qty, .day = day, .is_outbound = 1};
}

static struct demand_move reversal(int64_t id, int64_t product, int64_t qty, int day,
                                   int64_t reverses)
{
	return (struct demand_move){
	        .id = id, .product_id = product, .qty = qty, .day = day, .reverses = reverses};
}

/* Ledger only: A sells 3 on day 100 and 4 on day 102; a 10 on day 101 was reversed (its
 * reversal row, +10, is no demand either); B's outbound on day 103 is after last_day. */
static void outbound_counts_unless_reversed(void **state)
{
	(void)state;
	const int64_t products[] = {A, B};
	const struct demand_move m[] = {
	        out(1, A, 3, 100), out(2, A, 10, 101), reversal(3, A, 10, 101, 2),
	        out(4, A, 4, 102), out(5, B, 6, 103),
	};
	struct demand_series s[2];
	demand_build(products, 2, m, 5, NULL, 0, NULL, 0, 102, s);
	assert_int_equal(s[0].product_id, A);
	assert_int_equal(s[0].first_day, 100);
	assert_int_equal(s[0].n, 3);
	assert_float_equal(s[0].y[0], 3, 0);
	assert_float_equal(s[0].y[1], 0, 0); /* the reversed 10 */
	assert_float_equal(s[0].y[2], 4, 0);
	assert_float_equal(s[0].total, 7, 0);
	assert_int_equal(s[1].product_id, B); /* only demand after last_day: none */
	assert_int_equal(s[1].n, 0);
	assert_null(s[1].y);
	assert_float_equal(s[1].total, 0, 0);
	demand_free(s, 2);
}

/* A set of 2 x A + 1 x B: the ledger records its outbound on the components already
 * (rows on A and B); an imported history row that names the set explodes the same way.
 * Sales history adds to the ledger on the same day. */
static void sets_count_toward_components(void **state)
{
	(void)state;
	const int64_t products[] = {B, A}; /* any order */
	const struct demand_bom bom[] = {{SET, A, 2}, {SET, B, 1}};
	const struct demand_move m[] = {out(1, A, 2, 50), out(2, B, 1, 50)}; /* 1 set shipped */
	const struct demand_sale sales[] = {
	        {SET, 51, 3},   /* 3 sets from the history: 6 A, 3 B */
	        {A, 50, 5},     /* history on a day the ledger also has */
	        {OTHER, 50, 7}, /* a product not forecast */
	        {A, 52, 0},     /* a zero row changes nothing */
	};
	struct demand_series s[2];
	demand_build(products, 2, m, 2, sales, 4, bom, 2, 52, s);
	const struct demand_series *b = &s[0], *a = &s[1];
	assert_int_equal(a->product_id, A);
	assert_int_equal(a->first_day, 50);
	assert_int_equal(a->n, 3);
	assert_float_equal(a->y[0], 2 + 5, 0);
	assert_float_equal(a->y[1], 6, 0);
	assert_float_equal(a->y[2], 0, 0);
	assert_float_equal(a->total, 13, 0);
	assert_int_equal(b->first_day, 50);
	assert_float_equal(b->y[0], 1, 0);
	assert_float_equal(b->y[1], 3, 0);
	assert_float_equal(b->total, 4, 0);
	demand_free(s, 2);
}

/* A series starts at its first day with demand, not earlier: C's first sale on day 300
 * gives 11 days to last_day 310, the zero days between sales included. */
static void series_start_at_the_first_demand(void **state)
{
	(void)state;
	const int64_t products[] = {C};
	const struct demand_move m[] = {out(1, C, 1, 305), out(2, C, 2, 300)};
	struct demand_series s[1];
	demand_build(products, 1, m, 2, NULL, 0, NULL, 0, 310, s);
	assert_int_equal(s[0].first_day, 300);
	assert_int_equal(s[0].n, 11);
	double want[11] = {2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0};
	for (int i = 0; i < 11; i++)
		assert_float_equal(s[0].y[i], want[i], 0);
	demand_free(s, 1);
}

/* Only the last DEMAND_MAX_DAYS days count: a sale just before the window is left out,
 * one on its first day starts the series. */
static void history_is_capped(void **state)
{
	(void)state;
	const int last = 5000, first = last - DEMAND_MAX_DAYS + 1;
	const int64_t products[] = {A, B};
	const struct demand_move m[] = {out(1, A, 9, first - 1), out(2, A, 1, first + 10),
	                                out(3, B, 4, first)};
	struct demand_series s[2];
	demand_build(products, 2, m, 3, NULL, 0, NULL, 0, last, s);
	assert_int_equal(s[0].first_day, first + 10);
	assert_float_equal(s[0].total, 1, 0);
	assert_int_equal(s[1].first_day, first);
	assert_int_equal(s[1].n, DEMAND_MAX_DAYS);
	demand_free(s, 2);
}

/* Nothing at all: every series empty, nothing allocated. */
static void no_rows_no_demand(void **state)
{
	(void)state;
	const int64_t products[] = {A, B, C};
	struct demand_series s[3];
	demand_build(products, 3, NULL, 0, NULL, 0, NULL, 0, 100, s);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(s[i].n, 0);
		assert_null(s[i].y);
	}
	demand_free(s, 3);
	demand_build(NULL, 0, NULL, 0, NULL, 0, NULL, 0, 100, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(outbound_counts_unless_reversed),
	        cmocka_unit_test(sets_count_toward_components),
	        cmocka_unit_test(series_start_at_the_first_demand),
	        cmocka_unit_test(history_is_capped),
	        cmocka_unit_test(no_rows_no_demand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
