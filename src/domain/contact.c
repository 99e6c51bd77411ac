/* contact.c — splitting a supplier's contact text into person, phone and e-mail; see
 * contact.h. */
#include "contact.h"

#include <string.h>

#define PHONE_DIGITS_MIN 7  /* "1588-0000" has 8; a 4-digit extension is not a number */
#define PHONE_DIGITS_MAX 15 /* E.164 */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int local_char(char c)
{
	return is_alnum(c) || (c && strchr("._%+-", c));
}

static int domain_char(char c)
{
	return is_alnum(c) || c == '.' || c == '-';
}

/* The first local@domain.tld in s: 1 with [*b, *e) set, or 0. */
static int find_email(const char *s, size_t *b, size_t *e)
{
	for (const char *at = strchr(s, '@'); at; at = strchr(at + 1, '@')) {
		size_t i = (size_t)(at - s), l = i, r = i + 1;
		while (l > 0 && local_char(s[l - 1]))
			l--;
		while (domain_char(s[r]))
			r++;
		while (r > i + 1 && (s[r - 1] == '.' || s[r - 1] == '-'))
			r--;
		const char *dot = memchr(s + i + 1, '.', r - i - 1);
		if (l < i && s[i + 1] != '.' && dot && dot + 1 < s + r) {
			*b = l;
			*e = r;
			return 1;
		}
	}
	return 0;
}

/* A token of a phone number starting at s: digits and + - . ( ), no space. Returns its
 * length; *digits gets how many digits it holds. */
static size_t phone_token(const char *s, int *digits)
{
	size_t n = 0;
	*digits = 0;
	while (is_digit(s[n]) || (s[n] && strchr("+-.()", s[n]))) {
		*digits += is_digit(s[n]);
		n++;
	}
	return n;
}

static int phone_start(const char *s, size_t i)
{
	if (i > 0 && is_alnum(s[i - 1]))
		return 0; /* inside a word: "L240101" is a lot code, not a number */
	return is_digit(s[i]) || ((s[i] == '+' || s[i] == '(') && is_digit(s[i + 1]));
}

/* The first phone number in s: tokens separated by single spaces ("+86 20 0000 0000")
 * while the digits stay within PHONE_DIGITS_MAX, so two numbers in a row stay apart. */
static int find_phone(const char *s, size_t *b, size_t *e)
{
	for (size_t i = 0; s[i]; i++) {
		if (!phone_start(s, i))
			continue;
		size_t j = i, end = i;
		int total = 0;
		for (;;) {
			int d;
			size_t n = phone_token(s + j, &d);
			if (n == 0 || d == 0 || total + d > PHONE_DIGITS_MAX)
				break;
			total += d;
			end = j + n;
			if (s[end] != ' ' ||
			    !(is_digit(s[end + 1]) || s[end + 1] == '(' || s[end + 1] == '+'))
				break;
			j = end + 1;
		}
		if (total < PHONE_DIGITS_MIN) {
			while (s[i + 1] && !is_space(s[i + 1]))
				i++; /* past this word */
			continue;
		}
		while (end > i && !is_digit(s[end - 1]) && s[end - 1] != ')')
			end--;
		size_t start = i;
		const char *close = memchr(s + start, ')', end - start);
		if (s[start] == '(' && (!close || close == s + end - 1))
			start++; /* "(02-000-1111)": brackets around the number, not "(02) 000-..." */
		if (s[end - 1] == ')' && !memchr(s + start, '(', end - start))
			end--;
		*b = start;
		*e = end;
		return 1;
	}
	return 0;
}

static void copy_span(char *out, const char *s, size_t b, size_t e)
{
	memcpy(out, s + b, e - b);
	out[e - b] = 0;
}

/* Blanks [b, e) of w. */
static void blank(char *w, size_t b, size_t e)
{
	memset(w + b, ' ', e - b);
}

static const char *const labels[] = {"tel",    "phone",  "hp",     "h.p",    "mobile", "mob",
                                     "fax",    "email",  "e-mail", "mail",   "전화",   "전화번호",
                                     "연락처", "휴대폰", "핸드폰", "이메일", "메일"};

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int is_label(const char *w, size_t n)
{
	for (size_t k = 0; k < sizeof labels / sizeof *labels; k++) {
		size_t ln = strlen(labels[k]), i = 0;
		if (ln != n)
			continue;
		while (i < n && ascii_lower((unsigned char)w[i]) == (unsigned char)labels[k][i])
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

static int punct(char c)
{
	return c && strchr("()[]/,;|:-.", c);
}

/* The person: the words of w left after the phone and e-mail were blanked, without words
 * that are only punctuation ("/", "()") or a label ("Tel.", "전화:"), joined by one space. */
static void rebuild_person(const char *w, char *out)
{
	size_t o = 0, i = 0;
	while (w[i]) {
		while (is_space(w[i]))
			i++;
		size_t b = i;
		while (w[i] && !is_space(w[i]))
			i++;
		size_t e = i, cb = b, ce = e;
		while (cb < ce && punct(w[cb]))
			cb++;
		while (ce > cb && punct(w[ce - 1]))
			ce--;
		if (cb == ce || is_label(w + cb, ce - cb))
			continue;
		while (e > b && w[e - 1] && strchr(",;/|:", w[e - 1]))
			e--; /* "김대리," before a removed number */
		if (o)
			out[o++] = ' ';
		memcpy(out + o, w + b, e - b);
		o += e - b;
	}
	out[o] = 0;
}

static void trim_copy(char *out, const char *s)
{
	while (is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	copy_span(out, s, 0, n);
}

void contact_split(const char *text, struct contact_parts *out)
{
	out->person[0] = out->phone[0] = out->email[0] = 0;
	if (!text)
		return;
	size_t len = strlen(text);
	if (len >= CONTACT_TEXT_MAX) {
		out->person[0] = 0;
		memcpy(out->person, text, CONTACT_TEXT_MAX - 1);
		out->person[CONTACT_TEXT_MAX - 1] = 0;
		return; /* stored text is bounded well below this; leave anything else alone */
	}
	char w[CONTACT_TEXT_MAX];
	memcpy(w, text, len + 1);
	size_t b, e;
	int found = 0;
	/* The e-mail first: its digits ("sales2@...") must not be read as a number. */
	if (find_email(w, &b, &e)) {
		copy_span(out->email, w, b, e);
		blank(w, b, e);
		found = 1;
	}
	if (find_phone(w, &b, &e)) {
		copy_span(out->phone, w, b, e);
		blank(w, b, e);
		found = 1;
	}
	if (found)
		rebuild_person(w, out->person);
	else
		trim_copy(out->person, text);
}
