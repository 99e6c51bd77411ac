/* korean.c — thousands separators and particle choice for Korean messages (see korean.h). */
#include "korean.h"

#include <string.h>

char *korean_num(char out[KOREAN_NUM_SIZE], int64_t v)
{
	char tmp[KOREAN_NUM_SIZE];
	size_t n = 0;
	/* Through uint64_t so that INT64_MIN has a magnitude. */
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int digits = 0;
	do {
		if (digits && digits % 3 == 0)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
		digits++;
	} while (u);
	if (v < 0)
		tmp[n++] = '-';
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return out;
}

/* ------------------------------------------------------------------ final sound */

/* The code points of s (at most max of them; invalid bytes become U+FFFD). Returns the
 * count. */
static size_t decode(const char *s, uint32_t *cp, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (*p && n < max) {
		uint32_t c = *p;
		int more = c < 0x80             ? 0
		           : (c & 0xE0) == 0xC0 ? 1
		           : (c & 0xF0) == 0xE0 ? 2
		           : (c & 0xF8) == 0xF0 ? 3
		                                : -1;
		if (more < 0) {
			cp[n++] = 0xFFFD;
			p++;
			continue;
		}
		c &= more == 0 ? 0x7F : more == 1 ? 0x1F : more == 2 ? 0x0F : 0x07;
		p++;
		int k = 0;
		for (; k < more && (*p & 0xC0) == 0x80; k++, p++)
			c = (c << 6) | (*p & 0x3F);
		cp[n++] = k == more ? c : 0xFFFD;
	}
	return n;
}

static int is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static int is_upper(uint32_t c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_lower(uint32_t c)
{
	return c >= 'a' && c <= 'z';
}

static int is_hangul(uint32_t c)
{
	return (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x3131 && c <= 0x318E);
}

static int is_closing(uint32_t c)
{
	return c == ')' || c == ']' || c == 0xFF09 || c == 0x3011;
}

static int is_opening(uint32_t c)
{
	return c == '(' || c == '[' || c == 0xFF08 || c == 0x3010;
}

/* Sino-Korean reading of one digit: 영 일 이 삼 사 오 육 칠 팔 구. */
static enum korean_final digit_final(uint32_t d)
{
	static const enum korean_final f[10] = {
	        KOREAN_FINAL_OTHER, KOREAN_FINAL_RIEUL, KOREAN_FINAL_NONE,  KOREAN_FINAL_OTHER,
	        KOREAN_FINAL_NONE,  KOREAN_FINAL_NONE,  KOREAN_FINAL_OTHER, KOREAN_FINAL_RIEUL,
	        KOREAN_FINAL_RIEUL, KOREAN_FINAL_NONE};
	return f[d - '0'];
}

/* A number ending at cp[i]: its last digit, or the unit its trailing zeros make. */
static enum korean_final number_final(const uint32_t *cp, size_t i)
{
	size_t zeros = 0;
	int nonzero = 0;
	size_t k = i + 1;
	while (k > 0 && (is_digit(cp[k - 1]) || cp[k - 1] == ',')) {
		k--;
		if (cp[k] == ',')
			continue;
		if (cp[k] != '0')
			nonzero = 1;
		else if (!nonzero)
			zeros++;
	}
	/* After a decimal point every digit is read by itself: "1.50" 일 점 오 영. */
	if (k >= 2 && cp[k - 1] == '.' && is_digit(cp[k - 2]))
		return digit_final(cp[i]);
	if (!nonzero)
		return KOREAN_FINAL_OTHER; /* 영 */
	if (zeros == 0)
		return digit_final(cp[i]);
	if (zeros >= 12 && zeros < 16)
		return KOREAN_FINAL_NONE; /* 조 */
	return KOREAN_FINAL_OTHER;        /* 십 백 천 만 억 경 */
}

/* A capital letter read by its name: 에이 비 씨 ... 엘 엠 엔 ... 알 ... */
static enum korean_final letter_name_final(uint32_t c)
{
	switch (c) {
	case 'L':
	case 'R':
		return KOREAN_FINAL_RIEUL;
	case 'M':
	case 'N':
		return KOREAN_FINAL_OTHER;
	default:
		return KOREAN_FINAL_NONE;
	}
}

/* A lower-case word as a loanword ends: see korean.h. */
static enum korean_final word_final(const uint32_t *cp, size_t i)
{
	uint32_t last = cp[i], prev = i > 0 ? cp[i - 1] : 0;
	if (last == 'l' || (last == 'e' && prev == 'l'))
		return KOREAN_FINAL_RIEUL;
	if (last == 'g' && prev == 'n')
		return KOREAN_FINAL_OTHER;
	return strchr("bckmnpt", (int)last) ? KOREAN_FINAL_OTHER : KOREAN_FINAL_NONE;
}

static enum korean_final hangul_final(uint32_t c)
{
	if (c >= 0x3131 && c <= 0x314E) /* a lone consonant jamo: ㄱ ... ㅎ */
		return c == 0x3139 ? KOREAN_FINAL_RIEUL : KOREAN_FINAL_OTHER;
	if (c < 0xAC00)
		return KOREAN_FINAL_NONE; /* a lone vowel jamo */
	unsigned jong = (c - 0xAC00) % 28;
	return jong == 0 ? KOREAN_FINAL_NONE : jong == 8 ? KOREAN_FINAL_RIEUL : KOREAN_FINAL_OTHER;
}

#define WORD_MAX 512 /* code points looked at: the end of a longer word is what counts */

enum korean_final korean_final_of(const char *word)
{
	if (!word)
		return KOREAN_FINAL_NONE;
	size_t len = strlen(word);
	/* Only the tail matters; start at a character boundary within it. */
	const char *start = word;
	if (len > WORD_MAX) {
		start = word + len - WORD_MAX;
		while (((unsigned char)*start & 0xC0) == 0x80)
			start++;
	}
	uint32_t cp[WORD_MAX];
	size_t n = decode(start, cp, WORD_MAX);
	size_t i = n;
	while (i > 0) {
		uint32_t c = cp[i - 1];
		if (is_closing(c)) {
			/* Skip the bracketed part: "리드타임(일)" is read 리드타임. */
			size_t k = i - 1;
			int depth = 0;
			while (k > 0) {
				uint32_t b = cp[k - 1];
				if (is_closing(b))
					depth++;
				else if (is_opening(b) && depth-- == 0)
					break;
				k--;
			}
			i = k > 0 ? k - 1 : i - 1;
			continue;
		}
		if (is_hangul(c) || is_digit(c) || is_upper(c) || is_lower(c))
			break;
		i--; /* spaces, quotes, punctuation, other scripts' signs */
	}
	if (i == 0)
		return KOREAN_FINAL_NONE;
	size_t last = i - 1;
	uint32_t c = cp[last];
	if (is_hangul(c))
		return hangul_final(c);
	if (is_digit(c))
		return number_final(cp, last);
	int alone = last == 0 || !(is_upper(cp[last - 1]) || is_lower(cp[last - 1]));
	if (is_upper(c) || alone)
		return letter_name_final(is_lower(c) ? c - 'a' + 'A' : c);
	return word_final(cp, last);
}

const char *korean_josa(const char *word, const char *pair)
{
	static const struct {
		const char *pair, *after_consonant, *after_vowel;
	} pairs[] = {
	        {"은/는", "은", "는"}, {"이/가", "이", "가"},     {"을/를", "을", "를"},
	        {"과/와", "과", "와"}, {"으로/로", "으로", "로"},
	};
	if (!pair)
		return "";
	for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
		if (strcmp(pair, pairs[k].pair) != 0 &&
		    strcmp(pair, pairs[k].after_consonant) != 0 &&
		    strcmp(pair, pairs[k].after_vowel) != 0)
			continue;
		enum korean_final f = korean_final_of(word);
		if (k == 4) /* (으)로: a word ending in ㄹ takes 로, like one ending in a vowel */
			return f == KOREAN_FINAL_OTHER ? pairs[k].after_consonant
			                               : pairs[k].after_vowel;
		return f == KOREAN_FINAL_NONE ? pairs[k].after_vowel : pairs[k].after_consonant;
	}
	return pair;
}
