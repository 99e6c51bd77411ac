/* forecast_words.c — the forecast explained in Korean words (see forecast_words.h). */
#include "forecast_words.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "korean.h"

/* A sentence being written into a caller's buffer: len counts what it needs in full. */
struct words {
	char *buf;
	size_t size, len;
};

static void put(struct words *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct words *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t room = w->len < w->size ? w->size - w->len : 0;
	int n = vsnprintf(room ? w->buf + w->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		w->len += (size_t)n;
}

static struct words words_begin(char *buf, size_t size)
{
	if (buf && size)
		buf[0] = '\0';
	return (struct words){buf, buf ? size : 0, 0};
}

/* Every model name the engine answers with (fc_model_names, and its fallbacks "zero" and
 * "mean"); test_forecast_words checks that none of the engine's names is missing. */
static const struct {
	const char *name, *word;
} model_words[] = {
        {"auto", "자동 선택"},
        {"zero", "판매 없음 (0개)"},
        {"mean", "전체 기간 평균"},
        {"naive", "어제 그대로"},
        {"snaive", "지난주 그대로"},
        {"wavg", "최근 4주 평균"},
        {"lmean", "최근 1년 평균"},
        {"dow", "요일 패턴"},
        {"croston", "간헐 수요 방식"},
        {"sba", "간헐 수요 방식 (보정)"},
        {"tsb", "간헐 수요 방식 (최근 반영)"},
        {"adida", "간헐 수요 방식 (기간 묶음)"},
        {"imapa", "간헐 수요 방식 (여러 기간 묶음)"},
        {"ets", "지수평활"},
        {"etsq", "지수평활 (빠른 적합)"},
        {"arima", "ARIMA (추세·자기상관)"},
        {"prophet", "추세·계절 분해"},
        {"gbm", "부스팅 트리 (전체 상품 학습)"},
        {"lstm", "신경망 (전체 상품 학습)"},
};

const char *fwords_model_word(const char *name)
{
	for (size_t i = 0; name && i < sizeof model_words / sizeof model_words[0]; i++)
		if (strcmp(model_words[i].name, name) == 0)
			return model_words[i].word;
	return NULL;
}

/* "두", "세", "네", "다섯" for the usual sizes of a combination; digits beyond. */
static void put_count(struct words *w, int n)
{
	static const char *const native[] = {"", "한", "두", "세", "네", "다섯"};
	if (n >= 1 && n <= 5)
		put(w, "%s", native[n]);
	else
		put(w, "%d", n);
}

size_t fwords_model(const char *model, char *buf, size_t size)
{
	struct words w = words_begin(buf, size);
	if (!model)
		return 0;
	size_t len = strlen(model);
	if (strncmp(model, "combo(", 6) != 0 || len < 8 || model[len - 1] != ')') {
		const char *word = fwords_model_word(model);
		put(&w, "%s", word ? word : model);
		return w.len;
	}
	const char *p = model + 6, *end = model + len - 1;
	int members = 1;
	for (const char *q = p; q < end; q++)
		members += *q == '+';
	put_count(&w, members);
	put(&w, " 모델의 평균 (");
	for (int i = 0; p < end; i++) {
		const char *plus = memchr(p, '+', (size_t)(end - p));
		const char *stop = plus ? plus : end;
		char name[64];
		size_t n =
		        (size_t)(stop - p) < sizeof name - 1 ? (size_t)(stop - p) : sizeof name - 1;
		memcpy(name, p, n);
		name[n] = '\0';
		const char *word = fwords_model_word(name);
		put(&w, "%s%s", i ? " · " : "", word ? word : name);
		p = stop + 1;
	}
	put(&w, ")");
	return w.len;
}

/* A daily quantity as a seller reads it: one decimal under 10 ("5.9개"), whole units with
 * separators above ("1,234개"). */
static void put_qty(struct words *w, double v)
{
	if (v < 9.95)
		put(w, "%.1f개", floor(v * 10 + 0.5) / 10);
	else
		put(w, "%s개", KNUM(llround(v)));
}

size_t fwords_accuracy(double mae, double wape, double snaive_mae, char *buf, size_t size)
{
	struct words w = words_begin(buf, size);
	if (!isfinite(mae) || mae < 0) {
		put(&w, "판매 이력이 짧아 지난 판매로 되짚어 보는 검증은 하지 못했습니다.");
		return w.len;
	}
	put(&w, "지난 판매를 되짚어 예측해 보니 하루 평균 ");
	put_qty(&w, mae);
	put(&w, " 빗나갔습니다");
	if (isfinite(wape) && wape >= 0)
		put(&w, " (판매량의 %.0f%%)", floor(wape * 100 + 0.5));
	put(&w, ".");
	if (isfinite(snaive_mae) && snaive_mae > 0) {
		double pct = floor((1.0 - mae / snaive_mae) * 100 + 0.5);
		if (pct >= 1)
			put(&w, " 지난주 판매를 그대로 쓰는 방법보다 %.0f%% 덜 빗나갑니다.", pct);
		else if (pct <= -1)
			put(&w, " 지난주 판매를 그대로 쓰는 방법보다 %.0f%% 더 빗나갑니다.", -pct);
		else
			put(&w, " 지난주 판매를 그대로 쓰는 방법과 비슷하게 빗나갑니다.");
	}
	return w.len;
}

size_t fwords_bias(double bias, char *buf, size_t size)
{
	struct words w = words_begin(buf, size);
	if (!isfinite(bias) || fabs(bias) < 0.05)
		return 0;
	put(&w, "실제보다 하루 평균 ");
	put_qty(&w, fabs(bias));
	put(&w, " %s 예측하는 편입니다.", bias > 0 ? "많게" : "적게");
	return w.len;
}

size_t fwords_rank(int rank, int ncand, const char *model, char *buf, size_t size)
{
	struct words w = words_begin(buf, size);
	char name[FWORDS_MAX];
	fwords_model(model, name, sizeof name);
	put(&w, "후보 %s개 중 %s위: %s", KNUM(ncand), KNUM(rank), name);
	return w.len;
}
