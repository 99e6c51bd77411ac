/* test_log.c — log_escape: what a client sends can neither end a log line, forge a key,
 * nor leave its quotes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "log.h"

static void escape_keeps_ordinary_paths(void **state)
{
	(void)state;
	char out[256];
	assert_string_equal(log_escape("/api/products/A-001", out, sizeof out),
	                    "/api/products/A-001");
	assert_string_equal(log_escape("/api/products/한글-01 😀", out, sizeof out),
	                    "/api/products/한글-01 😀");
	assert_string_equal(log_escape(NULL, out, sizeof out), "");
}

static void escape_defuses_line_breaks_quotes_and_controls(void **state)
{
	(void)state;
	char out[256];
	/* The request of the report: GET /api/products/x%0a%0dts=FAKE...%22 */
	assert_string_equal(log_escape("/api/products/x\n\rts=FAKE level=error\"", out, sizeof out),
	                    "/api/products/x\\x0A\\x0Dts=FAKE level=error\\\"");
	assert_string_equal(log_escape("a\\b", out, sizeof out), "a\\\\b");
	assert_string_equal(log_escape("\t\x01\x1b[31m\x7f", out, sizeof out),
	                    "\\x09\\x01\\x1B[31m\\x7F");
	/* C1 controls, line and paragraph separators, and bytes that are not UTF-8. */
	assert_string_equal(log_escape("a\xC2\x85z", out, sizeof out), "a\\xC2\\x85z");
	assert_string_equal(log_escape("a\xE2\x80\xA8z", out, sizeof out), "a\\xE2\\x80\\xA8z");
	assert_string_equal(log_escape("a\xFF\xE2\x82z", out, sizeof out), "a\\xFF\\xE2\\x82z");
}

static void escape_cuts_long_values_with_an_ellipsis(void **state)
{
	(void)state;
	char out[16];
	log_escape("/api/products/ABCDEFGHIJKLMNOP", out, sizeof out);
	assert_true(strlen(out) < sizeof out);
	assert_string_equal(out, "/api/product...");
	/* An escape is never cut in half. */
	log_escape("\n\n\n\n\n\n", out, sizeof out);
	assert_string_equal(out, "\\x0A\\x0A\\x0A...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(escape_keeps_ordinary_paths),
	        cmocka_unit_test(escape_defuses_line_breaks_quotes_and_controls),
	        cmocka_unit_test(escape_cuts_long_values_with_an_ellipsis),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
