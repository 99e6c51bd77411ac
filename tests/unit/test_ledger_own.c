/* test_ledger_own.c — the rule for members below manager reversing a movement
 * (ledger_own_reversal): only their own, recorded by hand, on the same KST day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ledger.h"

static void own_manual_today_is_allowed(void **state)
{
	(void)state;
	assert_int_equal(ledger_own_reversal(3, 3, "manual", "2025-01-28T03:15:00Z", "2025-01-28"),
	                 LEDGER_OWN_OK);
}

static void another_members_record_is_not(void **state)
{
	(void)state;
	assert_int_equal(ledger_own_reversal(3, 4, "manual", "2025-01-28T03:15:00Z", "2025-01-28"),
	                 LEDGER_OWN_NOT_THEIRS);
	/* a row without a member (the demo generator) belongs to nobody */
	assert_int_equal(ledger_own_reversal(3, 0, "manual", "2025-01-28T03:15:00Z", "2025-01-28"),
	                 LEDGER_OWN_NOT_THEIRS);
	assert_int_equal(ledger_own_reversal(0, 0, "manual", "2025-01-28T03:15:00Z", "2025-01-28"),
	                 LEDGER_OWN_NOT_THEIRS);
}

static void import_rows_are_reversed_as_a_batch(void **state)
{
	(void)state;
	assert_int_equal(ledger_own_reversal(3, 3, "import", "2025-01-28T03:15:00Z", "2025-01-28"),
	                 LEDGER_OWN_NOT_MANUAL);
	assert_int_equal(ledger_own_reversal(3, 3, NULL, "2025-01-28T03:15:00Z", "2025-01-28"),
	                 LEDGER_OWN_NOT_MANUAL);
}

/* The day is the KST day the row was recorded: UTC 15:00 is already the next KST day. */
static void the_day_is_the_kst_day_of_recording(void **state)
{
	(void)state;
	assert_int_equal(ledger_own_reversal(3, 3, "manual", "2025-01-27T15:00:00Z", "2025-01-28"),
	                 LEDGER_OWN_OK);
	assert_int_equal(ledger_own_reversal(3, 3, "manual", "2025-01-27T14:59:59Z", "2025-01-28"),
	                 LEDGER_OWN_NOT_TODAY);
	assert_int_equal(ledger_own_reversal(3, 3, "manual", "2025-01-28T14:59:59Z", "2025-01-28"),
	                 LEDGER_OWN_OK);
	assert_int_equal(ledger_own_reversal(3, 3, "manual", "2025-01-28T15:00:00Z", "2025-01-28"),
	                 LEDGER_OWN_NOT_TODAY);
	/* across a month and a year end */
	assert_int_equal(ledger_own_reversal(3, 3, "manual", "2024-12-31T20:00:00Z", "2025-01-01"),
	                 LEDGER_OWN_OK);
	assert_int_equal(ledger_own_reversal(3, 3, "manual", "garbage", "2025-01-28"),
	                 LEDGER_OWN_NOT_TODAY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(own_manual_today_is_allowed),
	        cmocka_unit_test(another_members_record_is_not),
	        cmocka_unit_test(import_rows_are_reversed_as_a_batch),
	        cmocka_unit_test(the_day_is_the_kst_day_of_recording),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
