/* test_forecast_words.c — the forecast explained in a seller's Korean (forecast_words.c):
 * every model name the engine can answer with has words, combinations name their members,
 * the backtest's miss and its comparison with "same as last week", the bias and the rank. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "forecast.h"
#include "forecast_words.h"

static void every_engine_model_has_words(void **state)
{
	(void)state;
	const char *const *names = fc_model_names();
	int n = 0;
	for (int i = 0; names[i]; i++, n++) {
		const char *w = fwords_model_word(names[i]);
		if (!w)
			fail_msg("no Korean words for the engine's model \"%s\"", names[i]);
		assert_null(strstr(w, names[i])); /* words, not the code again */
	}
	assert_true(n >= 17);
	/* the engine's fallbacks are not in its list of names */
	assert_string_equal(fwords_model_word("zero"), "판매 없음 (0개)");
	assert_string_equal(fwords_model_word("mean"), "전체 기간 평균");
	assert_null(fwords_model_word("newmodel"));
	assert_null(fwords_model_word(NULL));
}

static void model_names_and_combinations(void **state)
{
	(void)state;
	char b[FWORDS_MAX];
	fwords_model("dow", b, sizeof b);
	assert_string_equal(b, "요일 패턴");
	fwords_model("snaive", b, sizeof b);
	assert_string_equal(b, "지난주 그대로");
	fwords_model("etsq", b, sizeof b);
	assert_string_equal(b, "지수평활 (빠른 적합)");
	fwords_model("combo(dow+ets+gbm)", b, sizeof b);
	assert_string_equal(b,
	                    "세 모델의 평균 (요일 패턴 · 지수평활 · 부스팅 트리 (전체 상품 학습))");
	fwords_model("combo(tsb+arima)", b, sizeof b);
	assert_string_equal(b,
	                    "두 모델의 평균 (간헐 수요 방식 (최근 반영) · ARIMA (추세·자기상관))");
	/* a name the words do not know yet is shown as it is, inside a combination too */
	fwords_model("combo(dow+xyz)", b, sizeof b);
	assert_string_equal(b, "두 모델의 평균 (요일 패턴 · xyz)");
	fwords_model("xyz", b, sizeof b);
	assert_string_equal(b, "xyz");
	/* snprintf's contract: the length needed, the buffer always terminated */
	char small[8];
	size_t need = fwords_model("lstm", small, sizeof small);
	assert_int_equal(need, strlen("신경망 (전체 상품 학습)"));
	assert_true(strlen(small) < sizeof small);
}

static void accuracy_in_words(void **state)
{
	(void)state;
	char b[FWORDS_MAX];
	/* 5.9 a day, 57 % of sales, against 6.5 for "same as last week": 9 % less */
	fwords_accuracy(5.94, 0.571, 6.5, b, sizeof b);
	assert_string_equal(b, "지난 판매를 되짚어 예측해 보니 하루 평균 5.9개 빗나갔습니다 "
	                       "(판매량의 57%). 지난주 판매를 그대로 쓰는 방법보다 9% 덜 "
	                       "빗나갑니다.");
	fwords_accuracy(1234.4, -1, 1000, b, sizeof b);
	assert_string_equal(b, "지난 판매를 되짚어 예측해 보니 하루 평균 1,234개 빗나갔습니다. "
	                       "지난주 판매를 그대로 쓰는 방법보다 23% 더 빗나갑니다.");
	fwords_accuracy(2.0, 0.5, 2.004, b, sizeof b);
	assert_non_null(strstr(b, "비슷하게 빗나갑니다."));
	fwords_accuracy(2.0, 0.5, -1, b, sizeof b);
	assert_null(strstr(b, "지난주"));
	fwords_accuracy(-1, -1, -1, b, sizeof b);
	assert_string_equal(b, "판매 이력이 짧아 지난 판매로 되짚어 보는 검증은 하지 못했습니다.");
}

static void bias_and_rank(void **state)
{
	(void)state;
	char b[FWORDS_MAX];
	fwords_bias(0.42, b, sizeof b);
	assert_string_equal(b, "실제보다 하루 평균 0.4개 많게 예측하는 편입니다.");
	fwords_bias(-12.6, b, sizeof b);
	assert_string_equal(b, "실제보다 하루 평균 13개 적게 예측하는 편입니다.");
	assert_int_equal(fwords_bias(0.04, b, sizeof b), 0);
	assert_string_equal(b, "");
	fwords_rank(1, 7, "dow", b, sizeof b);
	assert_string_equal(b, "후보 7개 중 1위: 요일 패턴");
	fwords_rank(2, 1200, "combo(dow+ets)", b, sizeof b);
	assert_string_equal(b, "후보 1,200개 중 2위: 두 모델의 평균 (요일 패턴 · 지수평활)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_engine_model_has_words),
	        cmocka_unit_test(model_names_and_combinations),
	        cmocka_unit_test(accuracy_in_words),
	        cmocka_unit_test(bias_and_rank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
