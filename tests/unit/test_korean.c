/* test_korean.c — thousands separators and particles chosen from the word's last sound
 * (korean.c): Hangul final consonants, numbers read in Sino-Korean, Latin letters and
 * words, bracketed endings, and the ㄹ rule of (으)로. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "korean.h"

static void num(int64_t v, const char *want)
{
	char out[KOREAN_NUM_SIZE];
	assert_string_equal(korean_num(out, v), want);
}

static void separators_every_three_digits(void **state)
{
	(void)state;
	num(0, "0");
	num(7, "7");
	num(999, "999");
	num(1000, "1,000");
	num(2723, "2,723");
	num(999999, "999,999");
	num(1000000, "1,000,000");
	num(-5, "-5");
	num(-1234, "-1,234");
	num(INT64_MAX, "9,223,372,036,854,775,807");
	num(INT64_MIN, "-9,223,372,036,854,775,808");
}

static void knum_buffers_are_separate(void **state)
{
	(void)state;
	char out[64];
	snprintf(out, sizeof out, "현재 %s개, 출고 %s개", KNUM(2723), KNUM(999999));
	assert_string_equal(out, "현재 2,723개, 출고 999,999개");
}

static void josa(const char *word, const char *pair, const char *want)
{
	const char *got = korean_josa(word, pair);
	if (strcmp(got, want) != 0)
		fail_msg("%s + %s: got %s, want %s", word, pair, got, want);
}

static void hangul_final_consonant_decides(void **state)
{
	(void)state;
	josa("상품명", "은/는", "은");
	josa("메모", "은/는", "는");
	josa("상품명", "이/가", "이");
	josa("메모", "이/가", "가");
	josa("수량", "을/를", "을");
	josa("파일", "을/를", "을");
	josa("메모", "을/를", "를");
	josa("재고", "과/와", "와");
	josa("상품", "과/와", "과");
	josa("바코드", "으로/로", "로");
	josa("출고", "으로/로", "로");
	josa("입금", "으로/로", "으로");
	/* ㄹ takes 로, not 으로, but 은/이/을/과 like any consonant */
	josa("파일", "으로/로", "로");
	josa("서울", "으로/로", "로");
	josa("서울", "은/는", "은");
	josa("서울", "과/와", "과");
}

static void either_half_names_the_pair(void **state)
{
	(void)state;
	josa("메모", "은", "는");
	josa("메모", "는", "는");
	josa("상품명", "가", "이");
	josa("입금", "로", "으로");
	josa("메모", "에서", "에서"); /* not a pair: as given */
	assert_string_equal(korean_josa("메모", NULL), "");
}

static void digits_are_read_in_sino_korean(void **state)
{
	(void)state;
	josa("0", "이/가", "이");   /* 영 */
	josa("1", "이/가", "이");   /* 일 */
	josa("1", "으로/로", "로"); /* 일: ㄹ */
	josa("2", "이/가", "가");   /* 이 */
	josa("3", "이/가", "이");   /* 삼 */
	josa("3", "으로/로", "으로");
	josa("4", "은/는", "는");   /* 사 */
	josa("5", "을/를", "를");   /* 오 */
	josa("6", "을/를", "을");   /* 육 */
	josa("7", "으로/로", "로"); /* 칠 */
	josa("8", "과/와", "과");   /* 팔 */
	josa("9", "과/와", "와");   /* 구 */
	josa("12", "이/가", "가");  /* 십이 */
	josa("2723", "이/가", "이");
	josa("10", "이/가", "이");            /* 십 */
	josa("100", "을/를", "을");           /* 백 */
	josa("1,000", "을/를", "을");         /* 천 */
	josa("20000", "으로/로", "으로");     /* 이만 */
	josa("300000000", "은/는", "은");     /* 삼억 */
	josa("1000000000000", "은/는", "는"); /* 일조 */
	josa("1.5", "이/가", "가");           /* 일 점 오 */
	josa("1.50", "이/가", "이");          /* 일 점 오 영 */
	josa("ABC-10", "으로/로", "으로");    /* 에이비씨 십 */
	josa("가져오기 #15", "을/를", "를");  /* 십오 */
}

static void latin_letters(void **state)
{
	(void)state;
	josa("SKU", "을/를", "를");     /* 에스케이유 */
	josa("MOQ", "은/는", "는");     /* 엠오큐 */
	josa("URL", "이/가", "이");     /* 유알엘 */
	josa("URL", "으로/로", "로");   /* 엘: ㄹ */
	josa("PDF", "으로/로", "로");   /* 에프 */
	josa("ERP", "과/와", "와");     /* 피 */
	josa("CM", "이/가", "이");      /* 엠 */
	josa("x", "은/는", "는");       /* 엑스 */
	josa("n", "은/는", "은");       /* 엔 */
	josa("email", "으로/로", "로"); /* 이메일 */
	josa("email", "을/를", "을");
	josa("apple", "이/가", "이");    /* 애플 */
	josa("book", "이/가", "이");     /* 북 */
	josa("shop", "으로/로", "으로"); /* 숍 */
	josa("smartstore", "를", "를");  /* 스마트스토어 */
	josa("box", "은/는", "는");      /* 박스 */
	josa("string", "이/가", "이");   /* 스트링 */
}

static void brackets_quotes_and_spaces_are_not_read(void **state)
{
	(void)state;
	josa("리드타임(일)", "은/는", "은");        /* 리드타임 */
	josa("소비기한 (유통기한)", "은/는", "은"); /* 소비기한 */
	josa("행사 전 영향(일)", "은/는", "은");    /* 영향 */
	josa("'냄비'", "을/를", "를");
	josa("\"SKU-1\"", "이/가", "이"); /* 일 */
	josa("메모  ", "은/는", "는");
	josa("상품명.", "은/는", "은");
	josa("(일)", "은/는", "는"); /* nothing readable */
}

static void nothing_readable_counts_as_a_vowel(void **state)
{
	(void)state;
	josa("", "은/는", "는");
	josa(NULL, "이/가", "가");
	josa("!!!", "을/를", "를");
	josa("日本", "은/는", "는");
	josa("\xff\xfe", "은/는", "는"); /* not UTF-8 */
	assert_int_equal(korean_final_of("ㄹ"), KOREAN_FINAL_RIEUL);
	assert_int_equal(korean_final_of("ㅋ"), KOREAN_FINAL_OTHER);
	assert_int_equal(korean_final_of("ㅏ"), KOREAN_FINAL_NONE);
}

static void long_words_are_read_from_their_end(void **state)
{
	(void)state;
	char w[3000];
	size_t n = 0;
	while (n + 3 < sizeof w - 4) { /* "가" is three bytes */
		memcpy(w + n, "가", 3);
		n += 3;
	}
	memcpy(w + n, "밥", 4);
	josa(w, "을/를", "을");
	w[n] = '\0';
	josa(w, "을/를", "를");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(separators_every_three_digits),
	        cmocka_unit_test(knum_buffers_are_separate),
	        cmocka_unit_test(hangul_final_consonant_decides),
	        cmocka_unit_test(either_half_names_the_pair),
	        cmocka_unit_test(digits_are_read_in_sino_korean),
	        cmocka_unit_test(latin_letters),
	        cmocka_unit_test(brackets_quotes_and_spaces_are_not_read),
	        cmocka_unit_test(nothing_readable_counts_as_a_vowel),
	        cmocka_unit_test(long_words_are_read_from_their_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
