/* test_po_rules.c — the purchase order's state machine: which action each status allows,
 * the status an action leads to, the receipt limit and the observed lead time, each stated
 * as a table of input and expected answer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "po_rules.h"

static void names_and_labels_round_trip(void **state)
{
	(void)state;
	const char *labels[] = {"작성 중", "발주 완료", "일부 입고", "입고 완료", "취소"};
	for (int s = 0; s < PO_NSTATUS; s++) {
		assert_int_equal(po_status_parse(po_status_name(s)), s);
		assert_string_equal(po_status_label(s), labels[s]);
	}
	assert_string_equal(po_status_name(PO_PARTIAL), "partial");
	assert_int_equal(po_status_parse("sent"), -1);
	assert_int_equal(po_status_parse(NULL), -1);
	assert_null(po_status_name(PO_NSTATUS));
	assert_string_equal(po_status_label(-1), "");
	/* Only an order that went out and is not finished expects units. */
	int open[] = {0, 1, 1, 0, 0};
	for (int s = 0; s < PO_NSTATUS; s++)
		assert_int_equal(po_status_open(s), open[s]);
}

static void every_status_action_pair_has_its_answer(void **state)
{
	(void)state;
	static const struct {
		int status, action, want;
	} cases[] = {
	        {PO_DRAFT, PO_EDIT, PO_OK},
	        {PO_DRAFT, PO_ORDER, PO_OK},
	        {PO_DRAFT, PO_RECEIVE, PO_E_NOT_ORDERED},
	        {PO_DRAFT, PO_CANCEL, PO_OK},
	        {PO_DRAFT, PO_CLOSE, PO_E_NOT_ORDERED},
	        {PO_ORDERED, PO_EDIT, PO_E_NOT_DRAFT},
	        {PO_ORDERED, PO_ORDER, PO_E_NOT_DRAFT},
	        {PO_ORDERED, PO_RECEIVE, PO_OK},
	        {PO_ORDERED, PO_CANCEL, PO_OK},
	        {PO_ORDERED, PO_CLOSE, PO_E_NOTHING_RECEIVED},
	        {PO_PARTIAL, PO_EDIT, PO_E_NOT_DRAFT},
	        {PO_PARTIAL, PO_ORDER, PO_E_NOT_DRAFT},
	        {PO_PARTIAL, PO_RECEIVE, PO_OK},
	        {PO_PARTIAL, PO_CANCEL, PO_E_PARTIAL_CANCEL}, /* units of it are in stock */
	        {PO_PARTIAL, PO_CLOSE, PO_OK},
	        {PO_RECEIVED, PO_EDIT, PO_E_RECEIVED},
	        {PO_RECEIVED, PO_ORDER, PO_E_RECEIVED},
	        {PO_RECEIVED, PO_RECEIVE, PO_E_RECEIVED},
	        {PO_RECEIVED, PO_CANCEL, PO_E_RECEIVED},
	        {PO_RECEIVED, PO_CLOSE, PO_E_RECEIVED},
	        {PO_CANCELLED, PO_EDIT, PO_E_CANCELLED},
	        {PO_CANCELLED, PO_ORDER, PO_E_CANCELLED},
	        {PO_CANCELLED, PO_RECEIVE, PO_E_CANCELLED},
	        {PO_CANCELLED, PO_CANCEL, PO_E_CANCELLED},
	        {PO_CANCELLED, PO_CLOSE, PO_E_CANCELLED},
	};
	/* The table covers the whole machine: 5 statuses x 5 actions. */
	assert_int_equal(sizeof cases / sizeof cases[0], PO_NSTATUS * PO_NACTION);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = po_allowed(cases[i].status, cases[i].action);
		if (got != cases[i].want)
			fail_msg("%s + action %d: got %s, want %s", po_status_name(cases[i].status),
			         cases[i].action, po_result_code(got),
			         po_result_code(cases[i].want));
	}
	assert_int_equal(po_allowed(-1, PO_EDIT), PO_E_INVAL);
	assert_int_equal(po_allowed(PO_DRAFT, PO_NACTION), PO_E_INVAL);
}

static void actions_lead_to_their_status(void **state)
{
	(void)state;
	assert_int_equal(po_status_after(PO_DRAFT, PO_EDIT, 0, 0), PO_DRAFT);
	assert_int_equal(po_status_after(PO_DRAFT, PO_ORDER, 0, 0), PO_ORDERED);
	assert_int_equal(po_status_after(PO_DRAFT, PO_CANCEL, 0, 0), PO_CANCELLED);
	assert_int_equal(po_status_after(PO_ORDERED, PO_CANCEL, 150, 0), PO_CANCELLED);
	/* Receiving: 40 of 150 is partial, 150 of 150 received, from either open status. */
	assert_int_equal(po_status_after(PO_ORDERED, PO_RECEIVE, 150, 40), PO_PARTIAL);
	assert_int_equal(po_status_after(PO_ORDERED, PO_RECEIVE, 150, 150), PO_RECEIVED);
	assert_int_equal(po_status_after(PO_PARTIAL, PO_RECEIVE, 150, 149), PO_PARTIAL);
	assert_int_equal(po_status_after(PO_PARTIAL, PO_RECEIVE, 150, 150), PO_RECEIVED);
	/* Closing a partial order ends it as received with what arrived. */
	assert_int_equal(po_status_after(PO_PARTIAL, PO_CLOSE, 150, 40), PO_RECEIVED);
	/* Refused actions and totals that do not add up have no next status. */
	assert_int_equal(po_status_after(PO_PARTIAL, PO_CANCEL, 150, 40), -1);
	assert_int_equal(po_status_after(PO_CANCELLED, PO_RECEIVE, 150, 40), -1);
	assert_int_equal(po_status_after(PO_ORDERED, PO_RECEIVE, 150, 151), -1);
	assert_int_equal(po_status_after(PO_ORDERED, PO_RECEIVE, 0, 0), -1);
}

static void receipts_never_pass_the_ordered_quantity(void **state)
{
	(void)state;
	int64_t left = -1;
	assert_int_equal(po_receipt_fits(100, 60, 40, &left), PO_OK);
	assert_int_equal(left, 40);
	assert_int_equal(po_receipt_fits(100, 60, 41, &left), PO_E_OVER);
	assert_int_equal(left, 40);
	assert_int_equal(po_receipt_fits(100, 100, 1, NULL), PO_E_OVER);
	assert_int_equal(po_receipt_fits(100, 0, 100, NULL), PO_OK);
	/* No overflow near the limits: compared as a difference. */
	assert_int_equal(po_receipt_fits(INT64_MAX, 1, INT64_MAX, NULL), PO_E_OVER);
	assert_int_equal(po_receipt_fits(100, 0, 0, NULL), PO_E_INVAL);
	assert_int_equal(po_receipt_fits(100, 101, 1, NULL), PO_E_INVAL);
	assert_int_equal(po_receipt_fits(-1, 0, 1, NULL), PO_E_INVAL);
}

static void lead_time_is_days_from_order_to_receipt(void **state)
{
	(void)state;
	int64_t days = -1;
	/* Ordered day 20090 (2025-01-02), received 20098 (2025-01-10): 8 days. */
	assert_int_equal(po_lead_days(20090, 20098, &days), PO_OK);
	assert_int_equal(days, 8);
	assert_int_equal(po_lead_days(20090, 20090, &days), PO_OK); /* same day */
	assert_int_equal(days, 0);
	assert_int_equal(po_lead_days(20090, 20089, &days), PO_E_BEFORE_ORDER);
}

static void every_refusal_has_a_code_and_a_korean_message(void **state)
{
	(void)state;
	for (int rc = 1; rc < PO_NRESULT; rc++) {
		assert_true(strlen(po_result_code(rc)) > 0);
		/* Hangul syllables are three UTF-8 bytes starting 0xEA..0xED. */
		const unsigned char *m = (const unsigned char *)po_result_message(rc);
		int hangul = 0;
		for (; *m; m++)
			hangul |= *m >= 0xEA && *m <= 0xED;
		assert_true(hangul);
	}
	assert_string_equal(po_result_code(PO_E_PARTIAL_CANCEL), "po_partially_received");
	assert_string_equal(po_result_code(PO_E_OVER), "over_receipt");
	assert_string_equal(po_result_code(999), "po_invalid");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(names_and_labels_round_trip),
	        cmocka_unit_test(every_status_action_pair_has_its_answer),
	        cmocka_unit_test(actions_lead_to_their_status),
	        cmocka_unit_test(receipts_never_pass_the_ordered_quantity),
	        cmocka_unit_test(lead_time_is_days_from_order_to_receipt),
	        cmocka_unit_test(every_refusal_has_a_code_and_a_korean_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
