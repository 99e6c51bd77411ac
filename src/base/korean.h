/* korean.h — the two things every Korean message with a value in it needs: numbers with
 * thousands separators ("2,723개") and the particle that fits the word before it
 * ("상품명은", "메모는", "SKU를", "3으로", "1로"). Messages never write "은(는)" or "이(가)":
 * they ask for the particle that the last sound of the word calls for.
 *
 * Quantities, counts, limits and sums get separators; identifiers (batch #1234, row
 * numbers of a spreadsheet, member ids) are printed as they are. */
#ifndef JAEGO_KOREAN_H
#define JAEGO_KOREAN_H

#include <stddef.h>
#include <stdint.h>

#define KOREAN_NUM_SIZE 32 /* "-9,223,372,036,854,775,808" and its NUL fit */

/* v with a comma every three digits ("1234567" → "1,234,567", "-5" → "-5") into out,
 * which holds KOREAN_NUM_SIZE bytes. Returns out. */
char *korean_num(char out[KOREAN_NUM_SIZE], int64_t v);

/* korean_num into a buffer that lives until the end of the enclosing block, so that a
 * message can read printf("현재 %s개, 출고 %s개", KNUM(on_hand), KNUM(qty)). */
#define KNUM(v) korean_num((char[KOREAN_NUM_SIZE]){0}, (int64_t)(v))

/* How the last sound of a word ends, for choosing a particle. */
enum korean_final {
	KOREAN_FINAL_NONE = 0, /* ends in a vowel: 는, 가, 를, 와, 로 */
	KOREAN_FINAL_RIEUL,    /* ends in ㄹ: 은, 이, 을, 과, but 로 */
	KOREAN_FINAL_OTHER     /* any other final consonant: 은, 이, 을, 과, 으로 */
};

/* The final sound of word as it is read aloud:
 * - the last Hangul syllable decides by its final consonant (받침);
 * - digits are read in Sino-Korean: "3" 삼 ends in ㅁ, "2" 이 in a vowel, "1" 일 in ㄹ;
 *   trailing zeros are read as the unit they make ("10" 십, "100" 백, "1,000" 천,
 *   "10000" 만, "100000000" 억, "1000000000000" 조); separators are skipped;
 * - Latin letters: a capital (or a lone letter) is read by its name, as codes and
 *   abbreviations are ("SKU" 에스케이유, "L" 엘, "M" 엠, "N" 엔, "R" 알); a lower-case
 *   word by its last letters as loanwords are written: l and le end in ㄹ ("email" 이메일,
 *   "apple" 애플), b c k m n p t and ng in another consonant ("book" 북, "web" 웹), any
 *   other letter in a vowel ("box" 박스, "pad" 패드);
 * - a closing bracketed part is not read ("리드타임(일)" ends in 임), nor are trailing
 *   spaces, quotes and punctuation.
 * A word with nothing readable (empty, symbols only, other scripts) counts as ending in
 * a vowel. */
enum korean_final korean_final_of(const char *word);

/* The particle of pair that follows word. pair is one of "은/는", "이/가", "을/를",
 * "과/와", "으로/로" (either half may be given: "은" and "는" both name "은/는");
 * anything else is returned unchanged. The result is a static string. */
const char *korean_josa(const char *word, const char *pair);

#endif
