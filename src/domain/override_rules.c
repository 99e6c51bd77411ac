/* override_rules.c — manual corrections of forecasts and order quantities (see
 * override_rules.h and docs/planning.md "예측 수정"). Pure: no I/O, no allocation. */
#include "override_rules.h"

#include <math.h>
#include <string.h>

#include "planning.h"

static const struct {
	const char *code;
	const char *message;
} statuses[OVR_NSTATUS] = {
        [OVR_OK] = {"ok", "확인했습니다."},
        [OVR_E_INVAL] = {"override_invalid_input", "예측 수정에 쓸 값이 올바르지 않습니다."},
        [OVR_E_NEGATIVE] = {"override_negative", "수량은 0개 이상이어야 합니다."},
        [OVR_E_ABSURD] = {"override_absurd",
                          "모델 예측의 100배를 넘고 10,000개도 넘는 값이라 받을 수 없습니다. "
                          "단위(개)를 확인해 주세요."},
        [OVR_E_TOO_LARGE] = {"override_too_large", "수량이 너무 큽니다."},
        [OVR_E_WINDOW] = {"override_window_invalid", "기간은 30일, 60일, 90일 중에서 골라 주세요."},
        [OVR_E_DATE_PAST] = {"override_date_past", "지난 날짜는 수정할 수 없습니다."},
        [OVR_E_DATE_BEYOND] = {"override_date_beyond_forecast",
                               "예측 기간을 벗어난 날짜입니다. 예측이 있는 날짜만 수정할 수 "
                               "있습니다."},
        [OVR_E_DATE_TWICE] = {"override_date_twice", "같은 날짜를 두 번 입력했습니다."},
        [OVR_E_DATES_COUNT] = {"override_dates_count",
                               "수정할 날짜를 1일 이상 90일 이하로 입력해 주세요."},
        [OVR_E_TWO_ONE_DAY] = {"override_conflict", "같은 날짜에 서 있는 예측 수정이 두 개입니다."},
};

const char *ovr_status_code(int status)
{
	if (status < 0 || status >= OVR_NSTATUS)
		return "internal_error";
	return statuses[status].code;
}

const char *ovr_status_message(int status)
{
	if (status < 0 || status >= OVR_NSTATUS)
		return "확인하지 못했습니다.";
	return statuses[status].message;
}

int ovr_check_window(int window_days)
{
	return window_days == 30 || window_days == 60 || window_days == 90 ? OVR_OK : OVR_E_WINDOW;
}

int ovr_check_qty(double qty, double model)
{
	if (!isfinite(qty) || qty < 0)
		return OVR_E_NEGATIVE;
	if (qty > (double)PLAN_QTY_MAX)
		return OVR_E_TOO_LARGE;
	if (!isfinite(model) || model < 0)
		model = 0;
	/* Both conditions: a product that sells 3 a month may well be corrected to 300 for a
	 * promotion, and one expected at 0 may be corrected to a few thousand; a typo of three
	 * extra zeros on a real figure is caught. */
	if (qty > model * OVR_ABSURD_FACTOR && qty > OVR_ABSURD_FLOOR)
		return OVR_E_ABSURD;
	return OVR_OK;
}

int ovr_check_order_qty(int64_t qty, int64_t moq, int *below_moq)
{
	if (below_moq)
		*below_moq = 0;
	if (qty < 0)
		return OVR_E_NEGATIVE;
	if (qty > OVR_ORDER_QTY_MAX)
		return OVR_E_TOO_LARGE;
	/* 0 means "do not order this time": the MOQ never turns it into an order */
	if (below_moq)
		*below_moq = qty > 0 && moq > 1 && qty < moq;
	return OVR_OK;
}

int ovr_check_dates(const int64_t *days, size_t n, int64_t today, int64_t last_day, size_t *bad)
{
	if (bad)
		*bad = 0;
	if (n == 0 || n > OVR_DATES_MAX || !days)
		return OVR_E_DATES_COUNT;
	for (size_t i = 0; i < n; i++) {
		if (bad)
			*bad = i;
		if (days[i] < today)
			return OVR_E_DATE_PAST;
		if (days[i] > last_day)
			return OVR_E_DATE_BEYOND;
		for (size_t j = 0; j < i; j++)
			if (days[j] == days[i])
				return OVR_E_DATE_TWICE;
	}
	return OVR_OK;
}

static int model_ok(const double *model, int ndays)
{
	if (!model || ndays < 1 || ndays > PLAN_HORIZON_MAX)
		return 0;
	for (int t = 0; t < ndays; t++)
		if (!isfinite(model[t]) || model[t] < 0 || model[t] > (double)PLAN_QTY_MAX)
			return 0;
	return 1;
}

int ovr_model_days(const double *model, int ndays, int64_t first_day, int64_t from_day, int n,
                   double *out)
{
	if (!model_ok(model, ndays) || !out || n < 1 || n > PLAN_HORIZON_MAX ||
	    from_day < first_day || from_day - first_day > PLAN_HORIZON_MAX)
		return OVR_E_INVAL;
	int from = ndays > OVR_TAIL_DAYS ? ndays - OVR_TAIL_DAYS : 0;
	double tail = 0;
	for (int t = from; t < ndays; t++)
		tail += model[t];
	tail /= ndays - from;
	int off = (int)(from_day - first_day);
	for (int i = 0; i < n; i++)
		out[i] = off + i < ndays ? model[off + i] : tail;
	return OVR_OK;
}

int ovr_spread(const double *weights, int n, double total, double *out)
{
	if (!weights || !out || n < 1 || n > PLAN_HORIZON_MAX)
		return OVR_E_INVAL;
	int rc = ovr_check_qty(total, total);
	if (rc != OVR_OK)
		return rc;
	/* the planning rule's window total: scales the days so they sum to it, keeping the
	 * shape, evenly when the model has none there */
	struct plan_override o = {.window_days = n, .day = 0, .qty = total};
	int overridden = 0;
	rc = plan_forecast_effective(weights, n, &o, 1, out, &overridden);
	return rc == PLAN_OK ? OVR_OK : OVR_E_INVAL;
}

int ovr_apply(const double *model, int ndays, int64_t first_day, const struct ovr_day *ov,
              size_t nov, double *out, unsigned char *flags, int *overridden)
{
	if (!model_ok(model, ndays) || !out || (nov && !ov))
		return OVR_E_INVAL;
	for (size_t i = 0; i < nov; i++) {
		int rc = ovr_check_qty(ov[i].qty, ov[i].qty);
		if (rc != OVR_OK)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (ov[j].day == ov[i].day)
				return OVR_E_TWO_ONE_DAY;
	}
	if (out != model)
		memmove(out, model, sizeof *out * (size_t)ndays);
	if (flags)
		memset(flags, 0, (size_t)ndays);
	int any = 0;
	for (size_t i = 0; i < nov; i++) {
		if (ov[i].day < first_day || ov[i].day - first_day >= ndays)
			continue; /* passed, or beyond this run's days */
		size_t t = (size_t)(ov[i].day - first_day);
		out[t] = ov[i].qty;
		if (flags)
			flags[t] = 1;
		any = 1;
	}
	if (overridden)
		*overridden = any;
	return OVR_OK;
}
