/* test_util.c — dates, KST, NFC normalisation, the text rule and the arena. */
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

static void text_check_refuses_what_xlsx_cannot_hold(void **state)
{
	(void)state;
	char msg[256];
	/* Hangul, emoji (outside the BMP), U+FFFD and private use are ordinary text. */
	assert_int_equal(util_text_check("스텐 냄비 20cm 😀 \xEF\xBF\xBD \xEE\x80\x80",
	                                 UTIL_TEXT_LINE, "상품명", msg, sizeof msg),
	                 0);
	assert_int_equal(util_text_check("", UTIL_TEXT_LINE, NULL, msg, sizeof msg), 0);
	assert_int_equal(util_text_check(NULL, UTIL_TEXT_LINE, NULL, msg, sizeof msg), 0);
	/* The two noncharacters XML 1.0 forbids. */
	assert_int_equal(
	        util_text_check("냄비\xEF\xBF\xBF", UTIL_TEXT_MULTILINE, "메모", msg, sizeof msg),
	        -1);
	assert_non_null(strstr(msg, "메모에 쓸 수 없는 문자(U+FFFF: 엑셀"));
	assert_int_equal(
	        util_text_check("\xEF\xBF\xBE", UTIL_TEXT_MULTILINE, NULL, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "(U+FFFE"));
	/* C0 and C1 controls and DEL, in memos too. */
	assert_int_equal(util_text_check("a\x01z", UTIL_TEXT_MULTILINE, "메모", msg, sizeof msg),
	                 -1);
	assert_non_null(strstr(msg, "제어 문자(U+0001)"));
	assert_int_equal(util_text_check("a\x7Fz", UTIL_TEXT_MULTILINE, NULL, msg, sizeof msg), -1);
	assert_int_equal(util_text_check("a\xC2\x85z", UTIL_TEXT_MULTILINE, NULL, msg, sizeof msg),
	                 -1);
	assert_non_null(strstr(msg, "U+0085"));
	/* Line breaks and tabs: only where a text may span lines. */
	assert_int_equal(
	        util_text_check("1층\n2층\t\r\n", UTIL_TEXT_MULTILINE, NULL, msg, sizeof msg), 0);
	assert_int_equal(util_text_check("1층\n2층", UTIL_TEXT_LINE, "상품명", msg, sizeof msg),
	                 -1);
	assert_non_null(strstr(msg, "줄바꿈 문자(U+000A)"));
	assert_int_equal(util_text_check("a\tb", UTIL_TEXT_LINE, NULL, msg, sizeof msg), -1);
	/* Not UTF-8: a lone byte, an encoded surrogate, an overlong slash. */
	assert_int_equal(util_text_check("a\xFFz", UTIL_TEXT_LINE, NULL, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "UTF-8"));
	assert_int_equal(util_text_check("\xED\xA0\x80", UTIL_TEXT_LINE, NULL, msg, sizeof msg),
	                 -1);
	assert_int_equal(util_text_check("\xC0\xAF", UTIL_TEXT_LINE, NULL, msg, sizeof msg), -1);
}

static void xml_text_replaces_only_what_xml_forbids(void **state)
{
	(void)state;
	/* Safe text is not copied. */
	assert_null(util_xml_text("냄비 😀 1층\n2층\t끝"));
	assert_null(util_xml_text("\xC2\x85")); /* C1 controls are XML characters */
	char *s = util_xml_text("a\xEF\xBF\xBF"
	                        "b\x01"
	                        "c\xFF"
	                        "d\xEF\xBF\xBE");
	assert_string_equal(s, "a\xEF\xBF\xBD"
	                       "b\xEF\xBF\xBD"
	                       "c\xEF\xBF\xBD"
	                       "d\xEF\xBF\xBD");
	free(s);
	s = util_xml_text("\x1F");
	assert_string_equal(s, "\xEF\xBF\xBD");
	free(s);
	/* A sequence cut short at the end of the string. */
	s = util_xml_text("x\xE2\x82");
	assert_string_equal(s, "x\xEF\xBF\xBD\xEF\xBF\xBD");
	free(s);
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
	        cmocka_unit_test(text_check_refuses_what_xlsx_cannot_hold),
	        cmocka_unit_test(xml_text_replaces_only_what_xml_forbids),
	        cmocka_unit_test(arena_hands_out_zeroed_aligned_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
