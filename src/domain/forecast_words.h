/* forecast_words.h — the forecast explained in words a seller understands (Korean): the
 * engine's model names ("dow" → "요일 패턴", "combo(dow+ets+gbm)" → "세 모델의 평균 (…)"),
 * how far the chosen forecast missed when the run backtested it, against the plain "same as
 * last week" method, its bias, and its place among the candidates. Pure: no database, JSON
 * or allocation. Each builder writes into buf (always terminated when size > 0) and returns
 * the length it needed, like snprintf. */
#ifndef JAEGO_FORECAST_WORDS_H
#define JAEGO_FORECAST_WORDS_H

#include <stddef.h>

#define FWORDS_MAX 512 /* bytes of any sentence the builders write, NUL included */

/* The Korean words of one single model name of the engine, or NULL for a name it does not
 * know (a new engine model: the screens then show the name itself). */
const char *fwords_model_word(const char *name);

/* A model as the screens name it: a single one by fwords_model_word (unknown names as
 * they are), a combination "combo(a+b+c)" as "세 모델의 평균 (요일 패턴 · 지수평활 · …)". */
size_t fwords_model(const char *model, char *buf, size_t size);

/* How far the backtest missed, in a seller's words: "지난 판매를 되짚어 예측해 보니 하루
 * 평균 5.9개 빗나갔습니다 (판매량의 57%)." and, when snaive_mae > 0 (the "same as last
 * week" method's error on the same days), "지난주 판매를 그대로 쓰는 방법보다 9% 덜
 * 빗나갑니다." wape < 0 = undefined (no sales in the held-out days); mae < 0 = no backtest
 * at all (too short a history): then it says so. */
size_t fwords_accuracy(double mae, double wape, double snaive_mae, char *buf, size_t size);

/* Whether the backtest forecast more or less than sold: "실제보다 하루 평균 0.4개 많게
 * 예측하는 편입니다." / "…적게…"; "" when |bias| is under 0.05 units a day. */
size_t fwords_bias(double bias, char *buf, size_t size);

/* "후보 7개 중 1위: 요일 패턴" (rank from 1, ncand candidates). */
size_t fwords_rank(int rank, int ncand, const char *model, char *buf, size_t size);

#endif
