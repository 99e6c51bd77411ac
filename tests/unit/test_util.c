/* test_util.c — dates, KST, NFC normalisation and the arena. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "util.h"

static void parse_date_accepts_real_dates_only(void **state)
{
	(void)state;
	int y, m, d;
	assert_int_equal(util_parse_date("2024-02-29", &y, &m, &d), 0);
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
	assert_int_equal(util_parse_date("2025-02-29", &y, &m, &d), -1); /* not a leap year */
	assert_int_equal(util_parse_date("2025-13-01", &y, &m, &d), -1);
	assert_int_equal(util_parse_date("2025-1-28", &y, &m, &d), -1);
	assert_int_equal(util_parse_date("2025/01/28", &y, &m, &d), -1);
	assert_int_equal(util_parse_date("", &y, &m, &d), -1);
	assert_int_equal(util_parse_date(NULL, &y, &m, &d), -1);
}

static void civil_days_round_trip(void **state)
{
	(void)state;
	assert_int_equal(util_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(util_days_from_civil(2000, 3, 1), 11017);
	for (int64_t z = -1000; z < 40000; z += 37) {
		int y, m, d;
		util_civil_from_days(z, &y, &m, &d);
		assert_int_equal(util_days_from_civil(y, m, d), z);
	}
}

static void kst_date_is_utc_plus_nine(void **state)
{
	(void)state;
	char out[11];
	/* 2025-01-27T15:30:00Z is 2025-01-28 00:30 in Seoul. */
	time_t t = (time_t)util_days_from_civil(2025, 1, 27) * 86400 + 15 * 3600 + 30 * 60;
	util_kst_date(t, out);
	assert_string_equal(out, "2025-01-28");
	util_kst_date(t - 3600, out); /* 23:30 KST the day before */
	assert_string_equal(out, "2025-01-27");
}

static void nfc_composes_macos_hangul_and_trims(void **state)
{
	(void)state;
	/* "한" as NFD jamo (U+1112 U+1161 U+11AB) becomes the NFC syllable U+D55C. */
	char *s = util_nfc("  \xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xc2\xa0 ");
	assert_non_null(s);
	assert_string_equal(s, "\xed\x95\x9c");
	free(s);
	assert_null(util_nfc("\xff\xfe bad"));
}

static void arena_hands_out_zeroed_aligned_memory(void **state)
{
	(void)state;
	arena *a = arena_new();
	for (int i = 0; i < 2000; i++) {
		unsigned char *p = arena_alloc(a, (size_t)(i % 300) + 1);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int k = 0; k < i % 300 + 1; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xAB, (size_t)(i % 300) + 1);
	}
	char *big = arena_alloc(a, 100000);
	assert_non_null(big);
	assert_string_equal(arena_printf(a, "%s-%d", "SKU", 7), "SKU-7");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(parse_date_accepts_real_dates_only),
	        cmocka_unit_test(civil_days_round_trip),
	        cmocka_unit_test(kst_date_is_utc_plus_nine),
	        cmocka_unit_test(nfc_composes_macos_hangul_and_trims),
	        cmocka_unit_test(arena_hands_out_zeroed_aligned_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
