/* contact.h — tells apart the person, the phone number and the e-mail address in a
 * supplier's contact text. Sellers used to type "02-000-1111 김대리" or
 * "sales@npk.example / +86 20 0000 0000" into the one 담당자 field; the supplier has
 * separate fields for each, so the store splits such text once (migration 007, through the
 * SQL function contact_part()) and the supplier form refuses it from then on.
 *
 * Pure functions over text, no I/O. Only ASCII characters are looked at, so Hangul in a
 * name is kept as it is. */
#ifndef JAEGO_CONTACT_H
#define JAEGO_CONTACT_H

#include <stddef.h>

#define CONTACT_TEXT_MAX 1024 /* bytes of input handled; longer text is left whole */

struct contact_parts {
	char person[CONTACT_TEXT_MAX]; /* what is left: the person in charge, trimmed */
	char phone[CONTACT_TEXT_MAX];  /* the first phone number, as typed; "" when none */
	char email[CONTACT_TEXT_MAX];  /* the first e-mail address; "" when none */
};

/* Splits text (UTF-8, may be NULL) into *out. A phone number is a run of digits, spaces
 * and + - . ( ) holding 7 to 15 digits (the E.164 maximum); an e-mail address is
 * local@domain.tld. The person is the rest, with the separators around the removed parts
 * (/ , ; | and empty brackets) dropped. Text longer than CONTACT_TEXT_MAX - 1 bytes is
 * returned whole as the person. */
void contact_split(const char *text, struct contact_parts *out);

#endif
