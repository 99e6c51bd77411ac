/* test_json_text.c — JSON written as text is byte for byte what jansson's compact dump
 * writes for the same values: reals (integers as 95.0, 17 digits, exponents without '+' or
 * leading zeros), strings with quotes, backslashes, control characters and Hangul, and
 * integers at their limits. */
#include <jansson.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "json_text.h"

/* jansson's text of one value. */
static char *dumped(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(v);
	assert_non_null(s);
	return s;
}

static void expect(struct buf *b, char *want)
{
	assert_non_null(b->p);
	assert_string_equal(b->p, want);
	free(want);
	buf_free(b);
}

static void reals_as_jansson(void **state)
{
	(void)state;
	const double values[] = {95.0,  97.5, 0.1,         1.0 / 3.0, 0.0,      -2.5,
	                         1e300, 1e-5, 123456789.0, 1e17,      2.5e-308, 99.9};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		struct buf b = BUF_INIT;
		jt_real(&b, values[i]);
		expect(&b, dumped(json_real(values[i])));
	}
	struct buf b = BUF_INIT;
	jt_real(&b, round(0.95 * 1000.0) / 10.0);
	assert_string_equal(b.p, "95.0");
	buf_free(&b);
}

static void strings_as_jansson(void **state)
{
	(void)state;
	const char *values[] = {"",        "스텐 냄비", "a\"b\\c", "줄\n바꿈\t탭\r", "\x01\x1f\b\f",
	                        "/slash/", "이모지 😀",  "\x7f"};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		struct buf b = BUF_INIT;
		jt_str(&b, values[i]);
		expect(&b, dumped(json_string(values[i])));
	}
	struct buf b = BUF_INIT;
	jt_str(&b, NULL);
	assert_string_equal(b.p, "\"\"");
	buf_free(&b);
}

static void integers_and_literals(void **state)
{
	(void)state;
	const int64_t values[] = {0, 7, -1, 1234567, INT64_MAX, INT64_MIN};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		struct buf b = BUF_INIT;
		jt_int(&b, values[i]);
		expect(&b, dumped(json_integer(values[i])));
	}
	struct buf b = BUF_INIT;
	jt_lit(&b, "[");
	jt_bool(&b, 1);
	jt_raw(&b, ",", 1);
	jt_bool(&b, 0);
	jt_lit(&b, "]");
	assert_string_equal(b.p, "[true,false]");
	assert_int_equal(b.len, 12);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(reals_as_jansson),
	        cmocka_unit_test(strings_as_jansson),
	        cmocka_unit_test(integers_and_literals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
