/* test_utf8.c — strict decoding, validation, counting and cutting of UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"

static size_t dec(const char *s, size_t len, uint32_t *cp)
{
	return utf8_decode((const unsigned char *)s, len, cp);
}

static void decode_reads_each_length(void **state)
{
	(void)state;
	uint32_t cp = 0;
	assert_int_equal(dec("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(dec("\0", 1, &cp), 1);
	assert_int_equal(cp, 0);
	assert_int_equal(dec("\xC2\xA0", 2, &cp), 2);
	assert_int_equal(cp, 0xA0);
	assert_int_equal(dec("가", 3, &cp), 3);
	assert_int_equal(cp, 0xAC00);
	assert_int_equal(dec("\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(dec("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
}

static void decode_refuses_what_is_not_utf8(void **state)
{
	(void)state;
	uint32_t cp = 0;
	assert_int_equal(dec("A", 0, &cp), 0);                /* nothing left */
	assert_int_equal(dec("\x80", 1, &cp), 0);             /* lone continuation */
	assert_int_equal(dec("\xC0\x80", 2, &cp), 0);         /* overlong NUL */
	assert_int_equal(dec("\xE0\x80\x80", 3, &cp), 0);     /* overlong */
	assert_int_equal(dec("\xF0\x80\x80\x80", 4, &cp), 0); /* overlong */
	assert_int_equal(dec("\xED\xA0\x80", 3, &cp), 0);     /* surrogate */
	assert_int_equal(dec("\xF4\x90\x80\x80", 4, &cp), 0); /* above U+10FFFF */
	assert_int_equal(dec("\xF8\x88\x80\x80", 4, &cp), 0); /* five-byte lead */
	assert_int_equal(dec("가", 2, &cp), 0);               /* cut short */
	assert_int_equal(dec("\xEA\x41\x80", 3, &cp), 0);     /* not a continuation */
}

static void valid_checks_the_whole_buffer(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("가a나", 7));
	assert_false(utf8_valid("가a나", 6));
	assert_false(utf8_valid("ab\xFF", 3));
	assert_true(utf8_valid("a\0b", 3)); /* NUL is a code point of its own */
}

static void count_and_cut_work_in_code_points(void **state)
{
	(void)state;
	assert_int_equal(utf8_count(NULL), 0);
	assert_int_equal(utf8_count(""), 0);
	assert_int_equal(utf8_count("ab가나"), 4);
	assert_int_equal(utf8_count("\xF0\x9F\x98\x80"), 1);
	assert_int_equal(utf8_cut(NULL, 3), 0);
	assert_int_equal(utf8_cut("ab가", 2), 2);
	assert_int_equal(utf8_cut("ab가", 3), 5);
	assert_int_equal(utf8_cut("ab가", 9), 5);
	assert_int_equal(utf8_cut("가나다", 0), 0);
	assert_int_equal(utf8_cut("가나다", 2), 6);
}

static void floor_and_drop_partial_keep_whole_sequences(void **state)
{
	(void)state;
	const char *s = "ab가나"; /* 가 = bytes 2..4, 나 = 5..7 */
	assert_int_equal(utf8_floor(s, 2), 2);
	assert_int_equal(utf8_floor(s, 3), 2);
	assert_int_equal(utf8_floor(s, 4), 2);
	assert_int_equal(utf8_floor(s, 5), 5);
	assert_int_equal(utf8_floor(s, 8), 8);
	char a[] = "ab\xEA\xB0"; /* 가 cut after two of its three bytes */
	utf8_drop_partial(a);
	assert_string_equal(a, "ab");
	char b[] = "ab가";
	utf8_drop_partial(b);
	assert_string_equal(b, "ab가");
	char c[] = "\xF0\x9F\x98";
	utf8_drop_partial(c);
	assert_string_equal(c, "");
	char d[] = "";
	utf8_drop_partial(d);
	assert_string_equal(d, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(decode_reads_each_length),
	        cmocka_unit_test(decode_refuses_what_is_not_utf8),
	        cmocka_unit_test(valid_checks_the_whole_buffer),
	        cmocka_unit_test(count_and_cut_work_in_code_points),
	        cmocka_unit_test(floor_and_drop_partial_keep_whole_sequences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
