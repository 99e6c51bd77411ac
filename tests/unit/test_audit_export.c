/* test_audit_export.c — the audit export's cell helpers: CSV quoting with formula-injection
 * guard and UTC→KST times (the cells' Korean text is tested in test_audit_text.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "api_audit.h"
#include "csv_write.h"

static void csv_cell(const char *in, const char *want)
{
	char *got = csv_field_guarded(in);
	assert_string_equal(got, want);
	free(got);
}

static void csv_quotes_every_field(void **state)
{
	(void)state;
	csv_cell("", "\"\"");
	csv_cell(NULL, "\"\"");
	csv_cell("김직원", "\"김직원\"");
	csv_cell("a,b", "\"a,b\"");
	csv_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	csv_cell("line1\nline2", "\"line1\nline2\"");
}

/* Cells a spreadsheet would run as formulas are shown as text instead. */
static void csv_guards_formulas(void **state)
{
	(void)state;
	csv_cell("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"");
	csv_cell("+1", "\"'+1\"");
	csv_cell("-1", "\"'-1\"");
	csv_cell("@SUM(A1)", "\"'@SUM(A1)\"");
	csv_cell("\tx", "\"'\tx\"");
	csv_cell("1-2", "\"1-2\"");
}

static void kst_time_adds_nine_hours(void **state)
{
	(void)state;
	char out[32];
	api_audit_kst_time("2025-01-28T03:15:00Z", out);
	assert_string_equal(out, "2025-01-28 12:15:00");
	api_audit_kst_time("2025-01-28T15:00:00Z", out); /* midnight KST is the next day */
	assert_string_equal(out, "2025-01-29 00:00:00");
	api_audit_kst_time("2024-12-31T20:30:05Z", out); /* across a year end */
	assert_string_equal(out, "2025-01-01 05:30:05");
	api_audit_kst_time("2024-02-28T16:00:00Z", out); /* leap day */
	assert_string_equal(out, "2024-02-29 01:00:00");
	api_audit_kst_time("not a time", out);
	assert_string_equal(out, "not a time");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(csv_quotes_every_field),
	        cmocka_unit_test(csv_guards_formulas),
	        cmocka_unit_test(kst_time_adds_nine_hours),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
