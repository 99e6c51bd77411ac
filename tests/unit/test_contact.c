/* test_contact.c — splitting a supplier's contact text into person, phone and e-mail: the
 * combined values the demo and sellers typed into 담당자, and text that must stay whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "contact.h"

static void expect(const char *in, const char *person, const char *phone, const char *email)
{
	struct contact_parts c;
	contact_split(in, &c);
	assert_string_equal(c.person, person);
	assert_string_equal(c.phone, phone);
	assert_string_equal(c.email, email);
}

static void combined_values_come_apart(void **state)
{
	(void)state;
	/* What the demo shop used to put in 담당자. */
	expect("npk-export@example.com / +86 20 0000 0000", "", "+86 20 0000 0000",
	       "npk-export@example.com");
	expect("02-000-1111 김대리", "김대리", "02-000-1111", "");
	expect("031-000-2222 박과장", "박과장", "031-000-2222", "");
	expect("1588-0000", "", "1588-0000", "");
	expect("010-0000-5555 최사장", "최사장", "010-0000-5555", "");
	/* Other ways sellers write it. */
	expect("김대리 (02-000-1111)", "김대리", "02-000-1111", "");
	expect("김대리, 010-1234-5678, kim@shop.co.kr", "김대리", "010-1234-5678",
	       "kim@shop.co.kr");
	expect("박과장 Tel. 02-555-1234 E-mail: park@maker.example", "박과장", "02-555-1234",
	       "park@maker.example");
	expect("이주임 / 전화: (02) 000-3333", "이주임", "(02) 000-3333", "");
	expect("sales2@npk.example", "", "", "sales2@npk.example");
}

static void a_name_stays_whole(void **state)
{
	(void)state;
	expect("김대리", "김대리", "", "");
	expect("  영업2팀 김대리  ", "영업2팀 김대리", "", "");
	expect("김대리 내선 123", "김대리 내선 123", "", ""); /* an extension is not a number */
	expect("왕 매니저", "왕 매니저", "", "");
	expect("", "", "", "");
	expect(NULL, "", "", "");
	/* Digits inside a word and a bare @ are not a phone or an address. */
	expect("L2401011234 담당", "L2401011234 담당", "", "");
	expect("@김대리", "@김대리", "", "");
	expect("kim@localhost", "kim@localhost", "", "");
}

static void two_numbers_stay_apart(void **state)
{
	(void)state;
	/* Only the first number moves; the second stays with the person, so nothing is lost
	 * and the supplier form asks for it to be moved by hand. */
	expect("02-000-1111 010-2222-3333 김대리", "010-2222-3333 김대리", "02-000-1111", "");
}

static void long_text_is_left_alone(void **state)
{
	(void)state;
	char *big = malloc(CONTACT_TEXT_MAX + 10);
	memset(big, 'a', CONTACT_TEXT_MAX + 9);
	memcpy(big, "02-000-1111 ", 12);
	big[CONTACT_TEXT_MAX + 9] = 0;
	struct contact_parts c;
	contact_split(big, &c);
	assert_string_equal(c.phone, "");
	assert_int_equal(strlen(c.person), CONTACT_TEXT_MAX - 1);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(combined_values_come_apart),
	        cmocka_unit_test(a_name_stays_whole),
	        cmocka_unit_test(two_numbers_stay_apart),
	        cmocka_unit_test(long_text_is_left_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
