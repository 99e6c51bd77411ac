/* test_date.c — "YYYY-MM-DD" parsing and formatting, day numbers and the KST date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"

static void parse_n_reads_exactly_len_bytes(void **state)
{
	(void)state;
	int y = 0, m = 0, d = 0;
	assert_int_equal(date_parse_n("2024-02-29,SKU", 10, &y, &m, &d), 0);
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
	assert_int_equal(date_parse_n("2024-02-29", 9, &y, &m, &d), -1);
	assert_int_equal(date_parse_n("2025-02-29", 10, &y, &m, &d), -1); /* not a leap year */
	assert_int_equal(date_parse_n("1900-02-29", 10, &y, &m, &d), -1); /* century */
	assert_int_equal(date_parse_n("2000-02-29", 10, &y, &m, &d), 0);  /* 400th year */
	assert_int_equal(date_parse_n("1899-12-31", 10, &y, &m, &d), -1); /* before 1900 */
	assert_int_equal(date_parse_n("2025-04-31", 10, &y, &m, &d), -1);
	assert_int_equal(date_parse_n("2025-00-10", 10, &y, &m, &d), -1);
	assert_int_equal(date_parse_n("2025-01-00", 10, &y, &m, &d), -1);
	assert_int_equal(date_parse_n("2025-+1-10", 10, &y, &m, &d), -1);
	assert_int_equal(date_parse_n(NULL, 10, &y, &m, &d), -1);
	assert_int_equal(date_parse("9999-12-31", &y, &m, &d), 0);
	assert_int_equal(date_parse("2025-01-28 ", &y, &m, &d), -1);
}

static void format_inverts_parse(void **state)
{
	(void)state;
	char out[11];
	date_format(0, out);
	assert_string_equal(out, "1970-01-01");
	date_format(date_days_from_civil(2025, 1, 28), out);
	assert_string_equal(out, "2025-01-28");
	date_format(date_days_from_civil(1969, 12, 28), out);
	assert_string_equal(out, "1969-12-28");
	for (int64_t z = -30000; z < 400000; z += 101) {
		int y, m, d;
		date_format(z, out);
		assert_int_equal(date_parse(out, &y, &m, &d),
		                 z < date_days_from_civil(1900, 1, 1) ? -1 : 0);
		if (z >= date_days_from_civil(1900, 1, 1))
			assert_int_equal(date_days_from_civil(y, m, d), z);
	}
}

/* A stored date's day number, or the caller's own "no day" for anything else. */
static void day_or_gives_the_callers_value_for_a_non_date(void **state)
{
	(void)state;
	assert_int_equal(date_day_or("1970-01-02", -1), 1);
	assert_int_equal(date_day_or("2024-02-29", -1), date_days_from_civil(2024, 2, 29));
	assert_int_equal(date_day_or("2023-02-29", -7), -7);
	assert_int_equal(date_day_or("2024-1-05", 42), 42);
	assert_int_equal(date_day_or("", 0), 0);
	assert_int_equal(date_day_or(NULL, INT64_MIN), INT64_MIN);
}

static void kst_is_utc_plus_nine(void **state)
{
	(void)state;
	char out[11];
	time_t midnight = (time_t)date_days_from_civil(2025, 12, 31) * 86400;
	date_kst(midnight + 15 * 3600 - 1, out); /* 23:59:59 in Seoul */
	assert_string_equal(out, "2025-12-31");
	date_kst(midnight + 15 * 3600, out); /* New Year in Seoul, still Dec 31 in UTC */
	assert_string_equal(out, "2026-01-01");
	date_kst_today(out);
	int y, m, d;
	assert_int_equal(date_parse(out, &y, &m, &d), 0);
}

static void utc_timestamps_read_as_kst_wall_time(void **state)
{
	(void)state;
	char out[20];
	assert_int_equal(date_utc_iso_to_kst("2025-01-28T03:15:09Z", 1, out), 0);
	assert_string_equal(out, "2025-01-28 12:15:09");
	assert_int_equal(date_utc_iso_to_kst("2025-01-28T03:15:09Z", 0, out), 0);
	assert_string_equal(out, "2025-01-28 12:15");
	/* 15:00 UTC is midnight KST: the next day, and across a year and a leap day */
	assert_int_equal(date_utc_iso_to_kst("2024-12-31T15:00:00Z", 1, out), 0);
	assert_string_equal(out, "2025-01-01 00:00:00");
	assert_int_equal(date_utc_iso_to_kst("2024-02-28T16:30:00.123Z", 0, out), 0);
	assert_string_equal(out, "2024-02-29 01:30");
	assert_int_equal(date_utc_iso_to_kst("2024-02-28 16:30", 0, out), -1);
	assert_string_equal(out, "");
	assert_int_equal(date_utc_iso_to_kst(NULL, 0, out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(parse_n_reads_exactly_len_bytes),
	        cmocka_unit_test(format_inverts_parse),
	        cmocka_unit_test(day_or_gives_the_callers_value_for_a_non_date),
	        cmocka_unit_test(kst_is_utc_plus_nine),
	        cmocka_unit_test(utc_timestamps_read_as_kst_wall_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
