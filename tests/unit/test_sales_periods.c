/* test_sales_periods.c — the sales report's periods: ISO weeks (Monday start) at the year
 * edges (2020-W53, 2026-12-28), months, labels, the same period a year earlier, and the
 * change-in-percent rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "date.h"
#include "sales_periods.h"

static int64_t day(int y, int m, int d)
{
	return date_days_from_civil(y, m, d);
}

/* The label of the week holding y-m-d, and that week's first and last day. */
static void assert_week(int y, int m, int d, const char *label, int64_t first, int64_t last)
{
	int64_t p = sales_period_of(SALES_WEEK, day(y, m, d));
	char out[16];
	sales_period_label(SALES_WEEK, p, out);
	assert_string_equal(out, label);
	int64_t f, l;
	sales_period_bounds(SALES_WEEK, p, &f, &l);
	assert_int_equal(f, first);
	assert_int_equal(l, last);
}

static void iso_weeks_at_year_edges(void **state)
{
	(void)state;
	/* 2020 has 53 weeks: its last runs into 2021. */
	assert_week(2020, 12, 28, "2020-W53", day(2020, 12, 28), day(2021, 1, 3));
	assert_week(2021, 1, 3, "2020-W53", day(2020, 12, 28), day(2021, 1, 3));
	assert_week(2021, 1, 4, "2021-W01", day(2021, 1, 4), day(2021, 1, 10));
	/* 2026 starts on a Thursday, so 2026-12-28 is in week 53 and 2027-01-03 too. */
	assert_week(2026, 12, 28, "2026-W53", day(2026, 12, 28), day(2027, 1, 3));
	assert_week(2027, 1, 3, "2026-W53", day(2026, 12, 28), day(2027, 1, 3));
	assert_week(2027, 1, 4, "2027-W01", day(2027, 1, 4), day(2027, 1, 10));
	/* A week 1 that starts in December. */
	assert_week(2019, 12, 30, "2020-W01", day(2019, 12, 30), day(2020, 1, 5));
	assert_week(2025, 12, 29, "2026-W01", day(2025, 12, 29), day(2026, 1, 4));
	/* Monday starts a week, Sunday ends it. */
	assert_week(2026, 11, 23, "2026-W48", day(2026, 11, 23), day(2026, 11, 29));
	assert_week(2026, 11, 29, "2026-W48", day(2026, 11, 23), day(2026, 11, 29));
	assert_week(2026, 11, 30, "2026-W49", day(2026, 11, 30), day(2026, 12, 6));
	char text[48];
	sales_period_text(SALES_WEEK, sales_period_of(SALES_WEEK, day(2026, 11, 25)), text);
	assert_string_equal(text, "11월 23일–29일");
	sales_period_text(SALES_WEEK, sales_period_of(SALES_WEEK, day(2026, 12, 1)), text);
	assert_string_equal(text, "11월 30일–12월 6일");
	sales_period_text(SALES_WEEK, sales_period_of(SALES_WEEK, day(2026, 12, 31)), text);
	assert_string_equal(text, "12월 28일–1월 3일");
	/* Before 1970 too (the floor division). */
	assert_week(1969, 12, 28, "1969-W52", day(1969, 12, 22), day(1969, 12, 28));
	assert_int_equal(sales_iso_weeks(2020), 53);
	assert_int_equal(sales_iso_weeks(2026), 53);
	assert_int_equal(sales_iso_weeks(2025), 52);
	assert_int_equal(sales_iso_weeks(2019), 52);
	/* Consecutive weeks have consecutive numbers across the year edge. */
	assert_int_equal(sales_period_of(SALES_WEEK, day(2021, 1, 4)) -
	                         sales_period_of(SALES_WEEK, day(2020, 12, 27)),
	                 2);
}

static void months_and_their_edges(void **state)
{
	(void)state;
	int64_t p = sales_period_of(SALES_MONTH, day(2024, 2, 29));
	int64_t f, l;
	sales_period_bounds(SALES_MONTH, p, &f, &l);
	assert_int_equal(f, day(2024, 2, 1));
	assert_int_equal(l, day(2024, 2, 29));
	char out[16];
	sales_period_label(SALES_MONTH, p, out);
	assert_string_equal(out, "2024-02");
	char text[48];
	sales_period_text(SALES_MONTH, p, text);
	assert_string_equal(text, "2024년 2월");
	sales_period_bounds(SALES_MONTH, p + 10, &f, &l);
	assert_int_equal(f, day(2024, 12, 1));
	assert_int_equal(l, day(2024, 12, 31));
	sales_period_bounds(SALES_MONTH, p + 11, &f, &l);
	assert_int_equal(f, day(2025, 1, 1));
	assert_int_equal(l, day(2025, 1, 31));
	assert_int_equal(sales_period_of(SALES_MONTH, day(2025, 1, 1)),
	                 sales_period_of(SALES_MONTH, day(2024, 12, 31)) + 1);
	sales_period_bounds(SALES_MONTH, sales_period_of(SALES_MONTH, day(2025, 2, 3)), &f, &l);
	assert_int_equal(l - f + 1, 28);
	int y, n;
	sales_period_year_number(SALES_MONTH, p, &y, &n);
	assert_int_equal(y, 2024);
	assert_int_equal(n, 2);
}

static void same_period_last_year(void **state)
{
	(void)state;
	char out[16];
	int64_t w = sales_period_of(SALES_WEEK, day(2021, 3, 8)); /* 2021-W10 */
	sales_period_label(SALES_WEEK, sales_period_last_year(SALES_WEEK, w), out);
	assert_string_equal(out, "2020-W10");
	/* Week 53 against week 52 when the year before has none. */
	w = sales_period_of(SALES_WEEK, day(2020, 12, 28));
	sales_period_label(SALES_WEEK, sales_period_last_year(SALES_WEEK, w), out);
	assert_string_equal(out, "2019-W52");
	/* Week 1 of 2027 against week 1 of 2026, which starts in December 2025. */
	w = sales_period_of(SALES_WEEK, day(2027, 1, 4));
	int64_t ly = sales_period_last_year(SALES_WEEK, w), f, l;
	sales_period_bounds(SALES_WEEK, ly, &f, &l);
	assert_int_equal(f, day(2025, 12, 29));
	/* 2021-W53 does not exist; 2021-W52 compares with 2020-W52, not 2020-W53. */
	w = sales_period_of(SALES_WEEK, day(2021, 12, 27));
	sales_period_label(SALES_WEEK, sales_period_last_year(SALES_WEEK, w), out);
	assert_string_equal(out, "2020-W52");
	int64_t m = sales_period_of(SALES_MONTH, day(2025, 1, 15));
	sales_period_label(SALES_MONTH, sales_period_last_year(SALES_MONTH, m), out);
	assert_string_equal(out, "2024-01");
}

static void change_in_tenths_of_a_percent(void **state)
{
	(void)state;
	int64_t t = 0;
	assert_int_equal(sales_change_tenths(120, 100, &t), 0);
	assert_int_equal(t, 200);
	assert_int_equal(sales_change_tenths(0, 100, &t), 0);
	assert_int_equal(t, -1000);
	assert_int_equal(sales_change_tenths(100, 100, &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(sales_change_tenths(1, 3, &t), 0); /* -66.67 % */
	assert_int_equal(t, -667);
	assert_int_equal(sales_change_tenths(3, 16, &t), 0); /* -81.25 %: half away from zero */
	assert_int_equal(t, -813);
	assert_int_equal(sales_change_tenths(19, 16, &t), 0); /* +18.75 % */
	assert_int_equal(t, 188);
	assert_int_equal(sales_change_tenths(7, 2, &t), 0);
	assert_int_equal(t, 2500);
	/* Nothing to compare with: no percentage, *tenths untouched. */
	t = 42;
	assert_int_equal(sales_change_tenths(5, 0, &t), -1);
	assert_int_equal(sales_change_tenths(0, 0, &t), -1);
	assert_int_equal(t, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(iso_weeks_at_year_edges),
	        cmocka_unit_test(months_and_their_edges),
	        cmocka_unit_test(same_period_last_year),
	        cmocka_unit_test(change_in_tenths_of_a_percent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
