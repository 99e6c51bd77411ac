/* planning.c — the planning rules (see planning.h and docs/planning.md). Pure: no I/O, no
 * allocation; integer figures go through overflow-checked arithmetic and every rounding is
 * stated where it happens. */
#include "planning.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* Forecast sums are doubles: a sum that should be a whole number may land a hair above it
 * (1500.0000000002). Rounding up ignores such noise, relative to the size of the value. */
#define NOISE_ABS 1e-9
#define NOISE_REL 1e-12
/* Day numbers the rules accept: about ±27,000 years around 1970, so day arithmetic on them
 * never overflows. */
#define DAY_LIMIT 10000000LL

/* ------------------------------------------------------------------ statuses */

static const struct {
	const char *code;
	const char *message;
} statuses[PLAN_NSTATUS] = {
        [PLAN_OK] = {"ok", "계산했습니다."},
        [PLAN_E_INVAL] = {"planning_invalid_input", "계획 계산에 쓸 값이 올바르지 않습니다."},
        [PLAN_E_RANGE] = {"planning_out_of_range",
                          "수량이나 금액이 계산할 수 있는 범위를 넘었습니다."},
        [PLAN_E_NO_LEAD_TIME] = {"lead_time_missing",
                                 "리드타임이 없어 계산할 수 없습니다. 상품이나 공급처의 "
                                 "리드타임(일)을 입력해 주세요."},
        [PLAN_E_NO_DEMAND] = {"demand_missing",
                              "아직 예측이 없고 월 수요도 입력되지 않아 계산할 수 없습니다. "
                              "월 수요를 입력하거나 예측을 실행해 주세요."},
        [PLAN_E_NO_DIST] = {"forecast_distribution_missing",
                            "예측 분포가 없어 서비스 수준으로 안전재고를 계산할 수 없습니다. "
                            "예측을 다시 실행해 주세요."},
        [PLAN_E_LEVEL] = {"service_level_invalid",
                          "서비스 수준은 50%에서 99.9% 사이여야 하고, 예측 분포에 그 수준이 "
                          "있어야 합니다."},
        [PLAN_E_OVERRIDE] = {"override_invalid",
                             "예측 수정 값이 올바르지 않습니다. 0 이상이어야 하고, 긴 기간의 "
                             "합계가 짧은 기간의 합계보다 작을 수 없습니다."},
        [PLAN_E_FEW_OBS] = {"lead_time_history_short",
                            "입고 완료된 발주 기록이 적어 리드타임을 계산할 수 없습니다."},
};

const char *plan_status_code(int status)
{
	if (status < 0 || status >= PLAN_NSTATUS)
		return "internal_error";
	return statuses[status].code;
}

const char *plan_status_message(int status)
{
	if (status < 0 || status >= PLAN_NSTATUS)
		return "계산하지 못했습니다.";
	return statuses[status].message;
}

static const char *const ss_rules[] = {"manual", "forecast_lead_time", "service_level"};

const char *plan_ss_rule_name(int rule)
{
	if (rule < 0 || rule >= (int)ARRAY_LEN(ss_rules))
		return "unknown";
	return ss_rules[rule];
}

int plan_ss_rule_parse(const char *s)
{
	for (size_t i = 0; s && i < ARRAY_LEN(ss_rules); i++)
		if (strcmp(s, ss_rules[i]) == 0)
			return (int)i;
	return -1;
}

void plan_settings_init(struct plan_settings *s, int64_t today)
{
	memset(s, 0, sizeof *s);
	s->today = today;
	s->horizon = PLAN_HORIZON_DEFAULT;
	s->order_alert_days = PLAN_ORDER_ALERT_DAYS;
	s->expiry_alert_days = PLAN_EXPIRY_ALERT_DAYS;
	s->review_days = 0;
	s->service_level = PLAN_SERVICE_DEFAULT;
}

/* ------------------------------------------------------------------ arithmetic */

static int add_qty(int64_t a, int64_t b, int64_t *r)
{
	return __builtin_add_overflow(a, b, r) ? PLAN_E_RANGE : PLAN_OK;
}

static int sub_qty(int64_t a, int64_t b, int64_t *r)
{
	return __builtin_sub_overflow(a, b, r) ? PLAN_E_RANGE : PLAN_OK;
}

static int mul_qty(int64_t a, int64_t b, int64_t *r)
{
	return __builtin_mul_overflow(a, b, r) ? PLAN_E_RANGE : PLAN_OK;
}

/* ceil(a / b) for a >= 0, b > 0. */
static int64_t ceil_div(int64_t a, int64_t b)
{
	return a / b + (a % b != 0);
}

/* A non-negative double rounded up to whole units, float noise ignored. */
static int ceil_units(double x, int64_t *out)
{
	if (!isfinite(x))
		return PLAN_E_INVAL;
	if (x <= 0) {
		*out = 0;
		return PLAN_OK;
	}
	double c = ceil(x - NOISE_ABS - NOISE_REL * x);
	if (c > (double)PLAN_QTY_MAX * 1000)
		return PLAN_E_RANGE;
	*out = (int64_t)c;
	return PLAN_OK;
}

/* A double rounded to the nearest whole unit (halves up). */
static int round_units(double x, int64_t *out)
{
	if (!isfinite(x))
		return PLAN_E_INVAL;
	if (fabs(x) > (double)PLAN_QTY_MAX * 1000)
		return PLAN_E_RANGE;
	*out = (int64_t)floor(x + 0.5);
	return PLAN_OK;
}

int plan_demand_over(int64_t d30, int days, int64_t *out)
{
	int64_t p;
	if (d30 < 0 || days < 0 || !out)
		return PLAN_E_INVAL;
	if (mul_qty(d30, days, &p) != PLAN_OK)
		return PLAN_E_RANGE;
	*out = ceil_div(p, 30);
	return PLAN_OK;
}

/* ------------------------------------------------------------------ validation */

static int day_ok(int64_t day)
{
	return day > -DAY_LIMIT && day < DAY_LIMIT;
}

static int qty_ok(int64_t q)
{
	return q >= 0 && q <= PLAN_QTY_MAX;
}

static int settings_ok(const struct plan_settings *s)
{
	return s && day_ok(s->today) && s->horizon >= 1 && s->horizon <= PLAN_HORIZON_MAX &&
	       s->order_alert_days >= 0 && s->order_alert_days <= PLAN_ALERT_DAYS_MAX &&
	       s->expiry_alert_days >= 0 && s->expiry_alert_days <= PLAN_ALERT_DAYS_MAX &&
	       s->review_days >= 0 && s->review_days <= PLAN_REVIEW_MAX &&
	       s->service_level >= PLAN_SERVICE_MIN && s->service_level <= PLAN_SERVICE_MAX;
}

static int days_ok(const double *d, int n)
{
	if (n < 0 || n > PLAN_HORIZON_MAX || (n > 0 && !d))
		return 0;
	for (int t = 0; t < n; t++)
		if (!isfinite(d[t]) || d[t] < 0 || d[t] > (double)PLAN_QTY_MAX)
			return 0;
	return 1;
}

/* Every field of an item within its stated range. */
static int item_ok(const struct plan_item *it)
{
	if (!it || it->on_hand < -PLAN_QTY_MAX || it->on_hand > PLAN_QTY_MAX)
		return 0;
	if (it->lead_time_days != PLAN_NONE &&
	    (it->lead_time_days < 0 || it->lead_time_days > PLAN_LEAD_TIME_MAX))
		return 0;
	if (it->monthly_demand != PLAN_NONE && !qty_ok(it->monthly_demand))
		return 0;
	if (it->ss_rule < PLAN_SS_MANUAL || it->ss_rule > PLAN_SS_SERVICE_LEVEL)
		return 0;
	if (it->ss_rule == PLAN_SS_MANUAL && !qty_ok(it->ss_manual))
		return 0;
	if (!isfinite(it->service_level) || it->moq > PLAN_QTY_MAX ||
	    it->order_multiple > PLAN_QTY_MAX || it->unit_cost < 0 || it->unit_cost > PLAN_COST_MAX)
		return 0;
	if (it->order_qty_override != PLAN_NONE && !qty_ok(it->order_qty_override))
		return 0;
	if (!days_ok(it->fc.days, it->fc.ndays) ||
	    (it->fc.model_days && !days_ok(it->fc.model_days, it->fc.ndays)))
		return 0;
	if ((it->nreceipts && !it->receipts) || (it->nlots && !it->lots))
		return 0;
	for (size_t i = 0; i < it->nreceipts; i++)
		if (!day_ok(it->receipts[i].day) || !qty_ok(it->receipts[i].qty))
			return 0;
	for (size_t i = 0; i < it->nlots; i++)
		if ((it->lots[i].expiry_day != PLAN_NO_DAY && !day_ok(it->lots[i].expiry_day)) ||
		    !qty_ok(it->lots[i].qty))
			return 0;
	return 1;
}

/* ------------------------------------------------------------------ demand */

/* Daily outbound as the rules read it: the forecast's days, continued past its end at the
 * mean of its last 30 days; or, before a forecast exists, monthly_demand / 30 a day. */
struct dview {
	const double *days;
	int n;
	double tail;
	int basis;
	int overridden;
};

static int dview_init(const struct plan_item *it, struct dview *v)
{
	memset(v, 0, sizeof *v);
	if (it->fc.ndays > 0) {
		v->days = it->fc.days;
		v->n = it->fc.ndays;
		int from = v->n > 30 ? v->n - 30 : 0;
		double sum = 0;
		for (int t = from; t < v->n; t++)
			sum += v->days[t];
		v->tail = sum / (v->n - from);
		v->basis = PLAN_BASIS_FORECAST;
		v->overridden = it->fc.overridden != 0;
		return PLAN_OK;
	}
	if (it->monthly_demand != PLAN_NONE) {
		v->tail = (double)it->monthly_demand / 30.0;
		v->basis = PLAN_BASIS_MONTHLY;
		return PLAN_OK;
	}
	return PLAN_E_NO_DEMAND;
}

/* Outbound over days 0..k-1. */
static double dview_cum(const struct dview *v, int64_t k)
{
	double sum = 0;
	int64_t m = k < v->n ? k : v->n;
	for (int64_t t = 0; t < m; t++)
		sum += v->days[t];
	if (k > v->n)
		sum += v->tail * (double)(k - v->n);
	return sum;
}

int plan_demand(const struct plan_item *it, struct plan_demand *out)
{
	if (!out)
		return PLAN_E_INVAL;
	memset(out, 0, sizeof *out);
	if (!item_ok(it))
		return PLAN_E_INVAL;
	struct dview v;
	int rc = dview_init(it, &v);
	if (rc != PLAN_OK)
		return rc;
	out->basis = v.basis;
	out->overridden = v.overridden;
	if (v.basis == PLAN_BASIS_MONTHLY) {
		/* the document's month is 30 days: 60 and 90 days are two and three of them */
		out->d30 = it->monthly_demand;
		out->d60 = 2 * it->monthly_demand;
		out->d90 = 3 * it->monthly_demand;
		return PLAN_OK;
	}
	if ((rc = round_units(dview_cum(&v, 30), &out->d30)) != PLAN_OK ||
	    (rc = round_units(dview_cum(&v, 60), &out->d60)) != PLAN_OK ||
	    (rc = round_units(dview_cum(&v, 90), &out->d90)) != PLAN_OK)
		return rc;
	return PLAN_OK;
}

/* ------------------------------------------------------------------ forecast overrides */

/* Scales out[a..b) so that it sums to target; spread evenly when it sums to zero. */
static void scale_segment(double *out, int a, int b, double target)
{
	double m = 0;
	for (int t = a; t < b; t++)
		m += out[t];
	for (int t = a; t < b; t++)
		out[t] = m > 0 ? out[t] * (target / m) : target / (b - a);
}

int plan_forecast_effective(const double *model, int ndays, const struct plan_override *ov,
                            size_t nov, double *out, int *overridden)
{
	if (!model || !out || ndays < 1 || !days_ok(model, ndays) || (nov && !ov))
		return PLAN_E_INVAL;
	for (size_t i = 0; i < nov; i++) {
		const struct plan_override *o = &ov[i];
		if (!isfinite(o->qty) || o->qty < 0 || o->qty > (double)PLAN_QTY_MAX)
			return PLAN_E_OVERRIDE;
		if (o->window_days < 0 || o->window_days > ndays)
			return PLAN_E_OVERRIDE;
		if (o->window_days == 0 && (o->day < 0 || o->day >= ndays))
			return PLAN_E_OVERRIDE;
		for (size_t j = 0; j < i; j++)
			if (ov[j].window_days == o->window_days &&
			    (o->window_days > 0 || ov[j].day == o->day))
				return PLAN_E_OVERRIDE; /* two overrides of the same thing */
	}
	if (out != model)
		memmove(out, model, sizeof *out * (size_t)ndays);
	/* Totals by ascending window: each scales the days it adds to the previous window. */
	int prev_w = 0;
	double prev_total = 0;
	for (;;) {
		const struct plan_override *next = NULL;
		for (size_t i = 0; i < nov; i++)
			if (ov[i].window_days > prev_w &&
			    (!next || ov[i].window_days < next->window_days))
				next = &ov[i];
		if (!next)
			break;
		if (next->qty < prev_total)
			return PLAN_E_OVERRIDE; /* a longer window cannot hold less */
		scale_segment(out, prev_w, next->window_days, next->qty - prev_total);
		prev_w = next->window_days;
		prev_total = next->qty;
	}
	for (size_t i = 0; i < nov; i++)
		if (ov[i].window_days == 0)
			out[ov[i].day] = ov[i].qty;
	if (overridden)
		*overridden = nov > 0;
	return PLAN_OK;
}

/* ------------------------------------------------------------------ distributions */

/* The k-th smallest (0-based) of a[0..n-1], reordering a: Hoare's selection with the
 * middle element as pivot (deterministic; the paths are not adversarial). */
static double select_kth(double *a, long n, long k)
{
	long lo = 0, hi = n - 1;
	while (lo < hi) {
		double pivot = a[lo + (hi - lo) / 2];
		long i = lo, j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				double t = a[i];
				a[i] = a[j];
				a[j] = t;
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return a[k];
	}
	return a[k];
}

static int paths_quantile(const struct plan_dist *d, int days, double level, double *scratch,
                          size_t nscratch, double *out, int *extrapolated)
{
	if (!d->paths || d->npaths < 1 || d->ndays < 1 || !scratch || nscratch < (size_t)d->npaths)
		return PLAN_E_INVAL;
	int m = days < d->ndays ? days : d->ndays;
	double stretch = days > d->ndays ? (double)days / d->ndays : 1.0;
	for (int p = 0; p < d->npaths; p++) {
		const double *path = d->paths + (size_t)p * (size_t)d->ndays;
		double sum = 0;
		for (int t = 0; t < m; t++) {
			if (!isfinite(path[t]) || path[t] < 0)
				return PLAN_E_INVAL;
			sum += path[t];
		}
		scratch[p] = sum * stretch;
	}
	/* Inverse empirical distribution: the smallest sum that at least `level` of the paths
	 * stay at or under, so a lumpy distribution keeps its lumps. */
	long k = (long)ceil(level * d->npaths - NOISE_ABS);
	if (k < 1)
		k = 1;
	if (k > d->npaths)
		k = d->npaths;
	*out = select_kth(scratch, d->npaths, k - 1);
	*extrapolated = days > d->ndays;
	return PLAN_OK;
}

/* The table's quantile at `level` in row r, interpolated between the stored levels. */
static double table_at(const struct plan_dist *d, int r, int j, double w)
{
	int stride = d->qstride > 0 ? d->qstride : d->nlevels;
	const double *row = d->q + (size_t)r * (size_t)stride;
	return w > 0 ? row[j] + w * (row[j + 1] - row[j]) : row[j];
}

static int table_quantile(const struct plan_dist *d, int days, double level, double *out,
                          int *extrapolated)
{
	if (!d->days || !d->levels || !d->q || d->nrows < 1 || d->nlevels < 1 ||
	    (d->qstride > 0 && d->qstride < d->nlevels))
		return PLAN_E_INVAL;
	for (int j = 0; j < d->nlevels; j++)
		if (!(d->levels[j] > 0 && d->levels[j] < 1) ||
		    (j > 0 && d->levels[j] <= d->levels[j - 1]))
			return PLAN_E_INVAL;
	int stride = d->qstride > 0 ? d->qstride : d->nlevels;
	int last = -1;
	for (int r = 0; r < d->nrows; r++) {
		if (d->days[r] == 0)
			continue; /* unused row, as the engine marks them */
		if (d->days[r] < 0 || (last >= 0 && d->days[r] <= d->days[last]))
			return PLAN_E_INVAL;
		for (int j = 0; j < d->nlevels; j++) {
			double x = d->q[(size_t)r * (size_t)stride + (size_t)j];
			if (!isfinite(x) || x < 0)
				return PLAN_E_INVAL;
		}
		last = r;
	}
	if (last < 0)
		return PLAN_E_INVAL;
	/* the level: exactly stored, or between two stored levels; never beyond them */
	if (level < d->levels[0] - NOISE_ABS || level > d->levels[d->nlevels - 1] + NOISE_ABS)
		return PLAN_E_LEVEL;
	int j = 0;
	double w = 0;
	while (j + 1 < d->nlevels && level > d->levels[j] + NOISE_ABS) {
		if (level < d->levels[j + 1] - NOISE_ABS) {
			w = (level - d->levels[j]) / (d->levels[j + 1] - d->levels[j]);
			break;
		}
		j++;
	}
	/* the days: between two stored rows (from zero on day 0), or the last row stretched */
	int prev = -1;
	for (int r = 0; r < d->nrows; r++) {
		if (d->days[r] == 0)
			continue;
		if (days <= d->days[r]) {
			double d0 = prev < 0 ? 0 : d->days[prev];
			double q0 = prev < 0 ? 0 : table_at(d, prev, j, w);
			double q1 = table_at(d, r, j, w);
			*out = q0 + (q1 - q0) * ((double)days - d0) / ((double)d->days[r] - d0);
			*extrapolated = 0;
			return PLAN_OK;
		}
		prev = r;
	}
	*out = table_at(d, last, j, w) * (double)days / d->days[last];
	*extrapolated = 1;
	return PLAN_OK;
}

int plan_dist_quantile(const struct plan_dist *d, int days, double level, double *scratch,
                       size_t nscratch, double *out, int *extrapolated)
{
	if (!d || !out || !extrapolated || days < 0 || days > PLAN_LEAD_TIME_MAX)
		return PLAN_E_INVAL;
	if (!(level > 0 && level < 1))
		return PLAN_E_LEVEL;
	*out = 0;
	*extrapolated = 0;
	if (d->kind == PLAN_DIST_PATHS)
		return days == 0 ? PLAN_OK
		                 : paths_quantile(d, days, level, scratch, nscratch, out,
		                                  extrapolated);
	if (d->kind == PLAN_DIST_CUMULATIVE)
		return days == 0 ? PLAN_OK : table_quantile(d, days, level, out, extrapolated);
	return PLAN_E_NO_DIST;
}

/* ------------------------------------------------------------------ safety stock */

/* forecast_lead_time: ceil(d30 * lead time / 30), on the forecast or monthly_demand. */
static int ss_lead_time(const struct plan_item *it, struct plan_safety *out)
{
	struct plan_demand d;
	int rc = plan_demand(it, &d);
	if (rc != PLAN_OK)
		return rc;
	out->basis = d.basis;
	out->overridden = d.overridden;
	out->d30 = d.d30;
	return plan_demand_over(d.d30, it->lead_time_days, &out->qty);
}

/* An override moves the forecast's level; its distribution keeps the model's shape and is
 * scaled by effective / model outbound over the lead time (within the forecast's days). */
static double override_scale(const struct plan_item *it, int lead, double q)
{
	if (!it->fc.overridden || !it->fc.model_days)
		return q;
	int m = lead < it->fc.ndays ? lead : it->fc.ndays;
	double eff = 0, model = 0;
	for (int t = 0; t < m; t++) {
		eff += it->fc.days[t];
		model += it->fc.model_days[t];
	}
	if (model > 0)
		return q * (eff / model);
	/* the model expected nothing: no shape to scale, the override's own mean is used */
	struct dview v;
	(void)dview_init(it, &v);
	return dview_cum(&v, lead);
}

static int ss_service_level(const struct plan_settings *s, const struct plan_item *it,
                            double *scratch, size_t nscratch, struct plan_safety *out)
{
	double level = it->service_level > 0 ? it->service_level : s->service_level;
	if (level < PLAN_SERVICE_MIN - NOISE_ABS || level > PLAN_SERVICE_MAX + NOISE_ABS)
		return PLAN_E_LEVEL;
	out->service_level = level;
	if (it->fc.ndays == 0) {
		/* no forecast yet: the document's formula on the user's monthly demand */
		if (it->monthly_demand == PLAN_NONE)
			return PLAN_E_NO_DEMAND;
		out->fallback = 1;
		out->basis = PLAN_BASIS_MONTHLY;
		out->d30 = it->monthly_demand;
		return plan_demand_over(it->monthly_demand, it->lead_time_days, &out->qty);
	}
	if (!it->dist || it->dist->kind == PLAN_DIST_NONE)
		return PLAN_E_NO_DIST;
	double q;
	int rc = plan_dist_quantile(it->dist, it->lead_time_days, level, scratch, nscratch, &q,
	                            &out->extrapolated);
	if (rc != PLAN_OK)
		return rc;
	q = override_scale(it, it->lead_time_days, q);
	out->basis = PLAN_BASIS_FORECAST;
	out->overridden = it->fc.overridden != 0;
	out->quantile = q;
	return ceil_units(q, &out->qty);
}

int plan_safety_stock(const struct plan_settings *s, const struct plan_item *it, double *scratch,
                      size_t nscratch, struct plan_safety *out)
{
	if (!out)
		return PLAN_E_INVAL;
	memset(out, 0, sizeof *out);
	if (!settings_ok(s) || !item_ok(it))
		return PLAN_E_INVAL;
	out->rule = it->ss_rule;
	out->lead_time_days = it->lead_time_days;
	if (it->ss_rule == PLAN_SS_MANUAL) {
		out->basis = PLAN_BASIS_MANUAL;
		out->qty = it->ss_manual;
		return PLAN_OK;
	}
	if (it->lead_time_days == PLAN_NONE)
		return PLAN_E_NO_LEAD_TIME;
	int rc = it->ss_rule == PLAN_SS_FORECAST_LEAD_TIME
	                 ? ss_lead_time(it, out)
	                 : ss_service_level(s, it, scratch, nscratch, out);
	if (rc != PLAN_OK)
		out->qty = 0;
	return rc;
}

/* ------------------------------------------------------------------ projected stock */

int plan_project(const struct plan_settings *s, const struct plan_item *it, int64_t safety_stock,
                 double *stock, struct plan_projection *out)
{
	if (!out)
		return PLAN_E_INVAL;
	memset(out, 0, sizeof *out);
	out->depletion_day = PLAN_NO_DAY;
	out->below_safety_day = PLAN_NO_DAY;
	if (!settings_ok(s) || !item_ok(it) || safety_stock < 0)
		return PLAN_E_INVAL;
	struct dview v;
	int rc = dview_init(it, &v);
	if (rc != PLAN_OK)
		return rc;
	int h = s->horizon;
	out->horizon = h;
	out->overridden = v.overridden;
	/* receipts by day of the horizon; a late one counts today, one past it not at all */
	int64_t arriving[PLAN_HORIZON_MAX] = {0};
	for (size_t i = 0; i < it->nreceipts; i++) {
		const struct plan_receipt *r = &it->receipts[i];
		if (add_qty(out->open_qty, r->qty, &out->open_qty) != PLAN_OK)
			return PLAN_E_RANGE;
		int64_t off = r->day - s->today;
		if (off < 0) {
			off = 0;
			out->late_receipts++;
		}
		if (off < h)
			arriving[off] += r->qty; /* bounded by open_qty, checked above */
	}
	double level = (double)it->on_hand, min = INFINITY;
	int64_t received = 0;
	for (int t = 0; t < h; t++) {
		level += (double)arriving[t];
		received += arriving[t];
		level -= t < v.n ? v.days[t] : v.tail;
		if (stock)
			stock[t] = level;
		if (level < min)
			min = level;
		if (out->depletion_day == PLAN_NO_DAY && level <= NOISE_ABS) {
			out->depletion_day = s->today + t;
			out->received_before_depletion = received;
		}
		if (out->below_safety_day == PLAN_NO_DAY &&
		    level < (double)safety_stock - NOISE_ABS)
			out->below_safety_day = s->today + t;
	}
	out->min_stock = (int64_t)floor(min + NOISE_ABS);
	out->stockout_risk = out->depletion_day != PLAN_NO_DAY;
	return PLAN_OK;
}

/* ------------------------------------------------------------------ order timing */

int plan_order_timing(const struct plan_settings *s, const struct plan_item *it,
                      const struct plan_projection *p, struct plan_timing *out)
{
	if (!out)
		return PLAN_E_INVAL;
	memset(out, 0, sizeof *out);
	out->below_safety_day = PLAN_NO_DAY;
	out->order_by = PLAN_NO_DAY;
	if (!settings_ok(s) || !item_ok(it) || !p)
		return PLAN_E_INVAL;
	if (it->lead_time_days == PLAN_NONE)
		return PLAN_E_NO_LEAD_TIME;
	out->arrival_if_today = s->today + it->lead_time_days;
	out->arrives_after_depletion =
	        p->depletion_day != PLAN_NO_DAY && out->arrival_if_today > p->depletion_day;
	if (p->below_safety_day == PLAN_NO_DAY)
		return PLAN_OK;
	if (!day_ok(p->below_safety_day))
		return PLAN_E_INVAL;
	out->below_safety_day = p->below_safety_day;
	out->order_by = p->below_safety_day - it->lead_time_days;
	out->days_left = out->order_by - s->today;
	out->urgency = out->days_left < 0    ? PLAN_ORDER_OVERDUE
	               : out->days_left == 0 ? PLAN_ORDER_TODAY
	                                     : PLAN_ORDER_LATER;
	int64_t horizon_end = s->today + s->order_alert_days;
	if (out->below_safety_day <= horizon_end)
		out->why = PLAN_FIRE_BELOW_SOON;
	else if (out->order_by <= horizon_end)
		out->why = PLAN_FIRE_LEAD_TIME;
	out->fires = out->why != PLAN_FIRE_NONE;
	return PLAN_OK;
}

/* ------------------------------------------------------------------ overstock */

int plan_overstock(const struct plan_item *it, const struct plan_demand *d, int64_t safety_stock,
                   struct plan_overstock *out)
{
	if (!out)
		return PLAN_E_INVAL;
	memset(out, 0, sizeof *out);
	if (!item_ok(it) || !d || safety_stock < 0 || d->d30 < 0)
		return PLAN_E_INVAL;
	if (it->lead_time_days == PLAN_NONE)
		return PLAN_E_NO_LEAD_TIME;
	int rc = plan_demand_over(d->d30, it->lead_time_days, &out->lead_time_demand);
	if (rc == PLAN_OK)
		rc = add_qty(out->lead_time_demand, safety_stock, &out->required);
	if (rc == PLAN_OK)
		rc = sub_qty(it->on_hand, out->required, &out->excess);
	if (rc == PLAN_OK) {
		out->qty = out->excess > 0 ? out->excess : 0;
		rc = mul_qty(out->qty, it->unit_cost, &out->value);
	}
	if (rc != PLAN_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

/* ------------------------------------------------------------------ expiry */

static int lots_in_order(const struct plan_lot *l, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (l[i - 1].expiry_day == PLAN_NO_DAY && l[i].expiry_day != PLAN_NO_DAY)
			return 0; /* lots without expiry come last */
		if (l[i].expiry_day != PLAN_NO_DAY && l[i].expiry_day < l[i - 1].expiry_day)
			return 0;
	}
	return 1;
}

int plan_expiry_risk(const struct plan_settings *s, const struct plan_item *it,
                     struct plan_lot_risk *risk, struct plan_expiry *out)
{
	if (!out)
		return PLAN_E_INVAL;
	memset(out, 0, sizeof *out);
	if (!settings_ok(s) || !item_ok(it) || !lots_in_order(it->lots, it->nlots))
		return PLAN_E_INVAL;
	struct dview v;
	out->judged = dview_init(it, &v) == PLAN_OK;
	/* `taken`: outbound (cumulative from today) already met by the lots before this one.
	 * A lot sells from there until it is empty or its last day ends; what it leaves at
	 * expiry is at risk, and the next lot takes over. */
	double taken = 0;
	for (size_t i = 0; i < it->nlots; i++) {
		struct plan_lot_risk r = {.days_left = PLAN_NO_DAY};
		const struct plan_lot *l = &it->lots[i];
		if (l->expiry_day != PLAN_NO_DAY) {
			r.days_left = l->expiry_day - s->today;
			r.expired = r.days_left < 0;
			r.near_expiry = r.days_left <= s->expiry_alert_days;
			if (r.near_expiry) {
				out->near_lots++;
				if (add_qty(out->near_qty, l->qty, &out->near_qty) != PLAN_OK)
					return PLAN_E_RANGE;
			}
		}
		if (out->judged && l->expiry_day != PLAN_NO_DAY) {
			double upto = r.expired ? 0 : dview_cum(&v, r.days_left + 1);
			r.extrapolated = v.basis == PLAN_BASIS_FORECAST && !r.expired &&
			                 r.days_left + 1 > v.n;
			double sold = upto - taken;
			sold = sold < 0 ? 0 : sold > (double)l->qty ? (double)l->qty : sold;
			if (sold >= (double)l->qty - NOISE_ABS)
				taken += (double)l->qty;
			else if (upto > taken)
				taken = upto;
			int rc = round_units((double)l->qty - sold, &r.unsold_qty);
			if (rc == PLAN_OK)
				rc = mul_qty(r.unsold_qty, it->unit_cost, &r.value);
			if (rc == PLAN_OK && r.unsold_qty > 0) {
				out->risk_lots++;
				rc = add_qty(out->risk_qty, r.unsold_qty, &out->risk_qty);
				if (rc == PLAN_OK)
					rc = add_qty(out->risk_value, r.value, &out->risk_value);
			}
			if (rc != PLAN_OK)
				return rc;
		}
		if (risk)
			risk[i] = r;
	}
	return PLAN_OK;
}

/* ------------------------------------------------------------------ lead time history */

/* The value of 1-based rank r in a histogram of days. */
static int hist_rank(const size_t *hist, size_t r)
{
	size_t seen = 0;
	for (int d = 0; d <= PLAN_LEAD_TIME_MAX; d++) {
		seen += hist[d];
		if (seen >= r)
			return d;
	}
	return PLAN_LEAD_TIME_MAX;
}

int plan_lead_time_stats(const int *observed, size_t n, size_t min_count,
                         struct plan_lead_stats *out)
{
	if (!out)
		return PLAN_E_INVAL;
	memset(out, 0, sizeof *out);
	if (n && !observed)
		return PLAN_E_INVAL;
	/* lead times are whole days within 0..730: a histogram sorts them without memory */
	size_t hist[PLAN_LEAD_TIME_MAX + 1] = {0};
	for (size_t i = 0; i < n; i++) {
		if (observed[i] < 0 || observed[i] > PLAN_LEAD_TIME_MAX) {
			out->ignored++;
			continue;
		}
		hist[observed[i]]++;
		out->n++;
	}
	if (out->n < (min_count ? min_count : PLAN_LEAD_MIN_COUNT) || out->n == 0)
		return PLAN_E_FEW_OBS;
	size_t k = out->n;
	out->min = hist_rank(hist, 1);
	out->max = hist_rank(hist, k);
	int lo = hist_rank(hist, (k + 1) / 2), hi = hist_rank(hist, k / 2 + 1);
	out->median = k % 2 ? lo : (lo + hi + 1) / 2; /* even count: rounded up, the safer side */
	out->p25 = hist_rank(hist, (k + 3) / 4);
	out->p75 = hist_rank(hist, (3 * k + 3) / 4);
	return PLAN_OK;
}

/* ------------------------------------------------------------------ suggested order */

/* The quantity the rule asks for: 0, or need raised to the MOQ and rounded up to the
 * order multiple. */
int plan_order_round(int64_t need, int64_t moq, int64_t order_multiple, int64_t *qty,
                     int *moq_applied, int *multiple_applied)
{
	if (!qty || !moq_applied || !multiple_applied)
		return PLAN_E_INVAL;
	*qty = 0;
	*moq_applied = *multiple_applied = 0;
	if (need <= 0)
		return PLAN_OK;
	int64_t q = need;
	if (moq > 1 && q < moq) {
		q = moq;
		*moq_applied = 1;
	}
	if (order_multiple > 1 && q % order_multiple != 0) {
		if (mul_qty(ceil_div(q, order_multiple), order_multiple, &q) != PLAN_OK)
			return PLAN_E_RANGE;
		*multiple_applied = 1;
	}
	*qty = q;
	return PLAN_OK;
}

static int order_qty(struct plan_suggestion *o)
{
	return plan_order_round(o->need, o->moq, o->order_multiple, &o->computed_qty,
	                        &o->moq_applied, &o->multiple_applied);
}

int plan_suggest_order(const struct plan_settings *s, const struct plan_item *it,
                       const struct plan_demand *d, int64_t safety_stock, int64_t order_day,
                       struct plan_suggestion *out)
{
	if (!out)
		return PLAN_E_INVAL;
	memset(out, 0, sizeof *out);
	if (!settings_ok(s) || !item_ok(it) || !d || d->d30 < 0 || safety_stock < 0 ||
	    !day_ok(order_day))
		return PLAN_E_INVAL;
	if (it->lead_time_days == PLAN_NONE)
		return PLAN_E_NO_LEAD_TIME;
	out->d30 = d->d30;
	out->basis = d->basis;
	out->forecast_overridden = d->overridden;
	out->lead_time_days = it->lead_time_days;
	out->review_days = s->review_days;
	out->safety_stock = safety_stock;
	out->on_hand = it->on_hand;
	out->moq = it->moq > 1 ? it->moq : 1;
	out->order_multiple = it->order_multiple > 1 ? it->order_multiple : 1;
	out->order_day = order_day;
	out->arrival_day = order_day + it->lead_time_days;
	int rc = PLAN_OK;
	for (size_t i = 0; rc == PLAN_OK && i < it->nreceipts; i++)
		rc = add_qty(out->open_qty, it->receipts[i].qty, &out->open_qty);
	if (rc == PLAN_OK)
		rc = plan_demand_over(d->d30, it->lead_time_days + s->review_days,
		                      &out->cover_demand);
	if (rc == PLAN_OK)
		rc = add_qty(out->cover_demand, safety_stock, &out->need);
	if (rc == PLAN_OK)
		rc = sub_qty(out->need, it->on_hand, &out->need);
	if (rc == PLAN_OK)
		rc = sub_qty(out->need, out->open_qty, &out->need);
	if (rc == PLAN_OK)
		rc = order_qty(out);
	if (rc != PLAN_OK) {
		memset(out, 0, sizeof *out);
		return rc;
	}
	out->qty = out->computed_qty;
	if (it->order_qty_override != PLAN_NONE) {
		/* the member's decision stands as given; a quantity under the MOQ is only flagged */
		out->qty = it->order_qty_override;
		out->overridden = 1;
		out->below_moq = out->qty > 0 && out->qty < out->moq;
	}
	return PLAN_OK;
}

/* ------------------------------------------------------------------ sets */

int plan_set_explode_demand(const struct plan_component *c, size_t n, const double *set_daily,
                            int ndays, double *const *comp_daily)
{
	if ((n && (!c || !comp_daily)) || ndays < 0 || (ndays && !set_daily))
		return PLAN_E_INVAL;
	for (size_t i = 0; i < n; i++)
		if (c[i].qty_per_set <= 0 || c[i].qty_per_set > PLAN_QTY_MAX || !comp_daily[i])
			return PLAN_E_INVAL;
	for (int t = 0; t < ndays; t++)
		if (!isfinite(set_daily[t]) || set_daily[t] < 0)
			return PLAN_E_INVAL;
	for (size_t i = 0; i < n; i++)
		for (int t = 0; t < ndays; t++)
			comp_daily[i][t] += set_daily[t] * (double)c[i].qty_per_set;
	return PLAN_OK;
}

/* ------------------------------------------------------------------ one product */

int plan_evaluate(const struct plan_settings *s, const struct plan_item *it, double *stock,
                  struct plan_lot_risk *risk, double *scratch, size_t nscratch,
                  struct plan_row *out)
{
	if (!out)
		return PLAN_E_INVAL;
	memset(out, 0, sizeof *out);
	if (!settings_ok(s) || !item_ok(it))
		return PLAN_E_INVAL;
	out->demand_status = plan_demand(it, &out->demand);
	out->safety_status = plan_safety_stock(s, it, scratch, nscratch, &out->safety);
	int ss_ok = out->safety_status == PLAN_OK;
	int64_t ss = ss_ok ? out->safety.qty : 0;
	out->projection_status = plan_project(s, it, ss, stock, &out->projection);
	if (!ss_ok)
		out->projection.below_safety_day = PLAN_NO_DAY; /* no safety stock to fall below */
	out->timing_status = out->projection_status != PLAN_OK ? out->projection_status
	                     : !ss_ok                          ? out->safety_status
	                              : plan_order_timing(s, it, &out->projection, &out->timing);
	int base = out->demand_status != PLAN_OK ? out->demand_status : out->safety_status;
	out->overstock_status =
	        base != PLAN_OK ? base : plan_overstock(it, &out->demand, ss, &out->overstock);
	out->expiry_status = plan_expiry_risk(s, it, risk, &out->expiry);
	out->suggestion_status = base != PLAN_OK ? base
	                                         : plan_suggest_order(s, it, &out->demand, ss,
	                                                              s->today, &out->suggestion);
	/* 발주 알림 asks for an order. When the open orders already hold what the suggested
	 * quantity would (it is 0, and no standing override asks for more), another order would
	 * only double them: the alert stays quiet, and the projection still shows any dip
	 * before they arrive (재고 부족 when stock runs out first). */
	if (out->timing_status == PLAN_OK && out->timing.fires &&
	    out->suggestion_status == PLAN_OK && out->suggestion.qty == 0 &&
	    out->projection.open_qty > 0) {
		out->timing.fires = 0;
		out->timing.why = PLAN_FIRE_NONE;
		out->timing.covered = 1;
	}
	out->overridden = out->demand.overridden || out->safety.overridden ||
	                  out->suggestion.overridden || out->projection.overridden;
	return PLAN_OK;
}

/* ------------------------------------------------------------------ sentences */

/* Appends to a fixed buffer; len counts what was needed, as snprintf does. */
struct text {
	char *buf;
	size_t size, len;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
	size_t room = t->len < t->size ? t->size - t->len : 0;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(room ? t->buf + t->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n;
}

static struct text text_begin(char *buf, size_t size)
{
	struct text t = {buf, size, 0};
	if (buf && size)
		buf[0] = '\0';
	else
		t.size = 0;
	return t;
}

size_t plan_fmt_int(int64_t v, char *buf, size_t size)
{
	char digits[24], out[PLAN_FMT_MAX];
	/* the magnitude as unsigned, so INT64_MIN has one too */
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)m);
	size_t o = 0;
	if (v < 0)
		out[o++] = '-';
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	struct text t = text_begin(buf, size);
	put(&t, "%s", out);
	return t.len;
}

size_t plan_fmt_day(int64_t day, char *buf, size_t size)
{
	static const char *const wd[] = {"일", "월", "화", "수", "목", "금", "토"};
	struct text t = text_begin(buf, size);
	if (!day_ok(day))
		return t.len;
	int y, m, d;
	util_civil_from_days(day, &y, &m, &d);
	/* 1970-01-01 was a Thursday */
	put(&t, "%d월 %d일 (%s)", m, d, wd[((day + 4) % 7 + 7) % 7]);
	return t.len;
}

/* Writes "1,234" into a caller's small buffer and returns it, for one printf argument. */
static const char *num(char out[PLAN_FMT_MAX], int64_t v)
{
	plan_fmt_int(v, out, PLAN_FMT_MAX);
	return out;
}

/* "95%", "97.5%". */
static void put_percent(struct text *t, double level)
{
	double pct = floor(level * 1000 + 0.5) / 10;
	if (pct == floor(pct))
		put(t, "%.0f%%", pct);
	else
		put(t, "%.1f%%", pct);
}

static const char *demand_label(int basis, int overridden)
{
	if (basis == PLAN_BASIS_MONTHLY)
		return "월 수요";
	return overridden ? "30일 예측(수정)" : "30일 예측";
}

size_t plan_safety_text(const struct plan_safety *ss, char *buf, size_t size)
{
	struct text t = text_begin(buf, size);
	char a[PLAN_FMT_MAX], b[PLAN_FMT_MAX];
	if (!ss)
		return t.len;
	if (ss->rule == PLAN_SS_MANUAL) {
		put(&t, "직접 입력한 안전재고 %s개", num(a, ss->qty));
		return t.len;
	}
	if (ss->rule == PLAN_SS_SERVICE_LEVEL && !ss->fallback) {
		put(&t, "리드타임 %d일 동안의 출고가 ", ss->lead_time_days);
		put_percent(&t, ss->service_level);
		put(&t, " 확률로 넘지 않는 양 = %s개 (%s 분포 기준)", num(a, ss->qty),
		    ss->overridden ? "수정한 예측" : "예측");
		if (ss->extrapolated)
			put(&t, ", 예측 기간을 넘는 리드타임은 비례로 늘려 계산");
		return t.len;
	}
	put(&t, "%s %s개 × 리드타임 %d일 ÷ 30 = %s개", demand_label(ss->basis, ss->overridden),
	    num(a, ss->d30), ss->lead_time_days, num(b, ss->qty));
	if (ss->basis == PLAN_BASIS_MONTHLY)
		put(&t, " (예측이 아직 없어 입력한 월 수요 사용)");
	return t.len;
}

size_t plan_suggestion_text(const struct plan_suggestion *sg, char *buf, size_t size)
{
	struct text t = text_begin(buf, size);
	char a[PLAN_FMT_MAX], b[PLAN_FMT_MAX], c[PLAN_FMT_MAX];
	if (!sg)
		return t.len;
	put(&t, "%s %s개, 리드타임 %d일", demand_label(sg->basis, sg->forecast_overridden),
	    num(a, sg->d30), sg->lead_time_days);
	if (sg->review_days > 0)
		put(&t, " + 발주 주기 %d일", sg->review_days);
	put(&t, ", 안전재고 %s개, 현재 %s개", num(a, sg->safety_stock), num(b, sg->on_hand));
	if (sg->open_qty > 0)
		put(&t, ", 입고 예정 %s개", num(a, sg->open_qty));
	put(&t, " → %s개", num(a, sg->computed_qty));
	/* the qualifiers, in one bracket */
	const char *sep = " (";
	if (sg->computed_qty == 0) {
		put(&t, "%s발주 필요 없음", sep);
		sep = ", ";
	} else if (sg->moq_applied || sg->multiple_applied) {
		put(&t, "%s필요 %s개", sep, num(a, sg->need));
		sep = ", ";
		if (sg->moq_applied)
			put(&t, ", 최소 주문 수량 %s개 적용", num(b, sg->moq));
		if (sg->multiple_applied)
			put(&t, ", %s개 단위로 올림", num(c, sg->order_multiple));
	}
	if (sg->overridden) {
		put(&t, "%s수정한 발주량 %s개", sep, num(a, sg->qty));
		if (sg->below_moq)
			put(&t, ", 최소 주문 수량 %s개 미만", num(b, sg->moq));
		sep = ", ";
	}
	if (sep[0] == ',')
		put(&t, ")");
	return t.len;
}

size_t plan_timing_text(const struct plan_timing *tm, char *buf, size_t size)
{
	struct text t = text_begin(buf, size);
	char day[PLAN_FMT_MAX * 2];
	if (tm && tm->covered)
		put(&t, "진행 중인 발주의 입고 예정 수량으로 충분해 더 발주할 필요가 없습니다");
	if (!tm || !tm->fires)
		return t.len;
	if (tm->urgency == PLAN_ORDER_LATER) {
		plan_fmt_day(tm->order_by, day, sizeof day);
		put(&t, "%lld일 안에 발주하세요 (%s까지)", (long long)tm->days_left, day);
	} else if (tm->urgency == PLAN_ORDER_TODAY) {
		put(&t, "오늘 발주하세요");
	} else {
		put(&t, "발주 시점이 %lld일 지났으니 지금 발주하세요", (long long)-tm->days_left);
	}
	if (tm->arrives_after_depletion)
		put(&t, " (지금 발주해도 예상 소진일 뒤에 입고됩니다)");
	return t.len;
}

size_t plan_stockout_text(const struct plan_projection *p, char *buf, size_t size)
{
	struct text t = text_begin(buf, size);
	char day[PLAN_FMT_MAX * 2], a[PLAN_FMT_MAX];
	if (!p || !p->stockout_risk)
		return t.len;
	plan_fmt_day(p->depletion_day, day, sizeof day);
	put(&t, "%s에 재고가 소진될 것으로 예상됩니다", day);
	if (p->received_before_depletion > 0)
		put(&t, " (그 전 입고 예정 %s개로는 부족)", num(a, p->received_before_depletion));
	else
		put(&t, " (그 전 입고 예정 없음)");
	return t.len;
}

size_t plan_overstock_text(const struct plan_overstock *o, char *buf, size_t size)
{
	struct text t = text_begin(buf, size);
	char a[PLAN_FMT_MAX], b[PLAN_FMT_MAX], c[PLAN_FMT_MAX], d[PLAN_FMT_MAX], e[PLAN_FMT_MAX];
	if (!o || o->qty <= 0)
		return t.len;
	put(&t, "과잉 재고 %s개 (%s원) = 현재 %s개 − (리드타임 수요 %s개 + 안전재고 %s개)",
	    num(a, o->qty), num(b, o->value), num(c, o->excess + o->required),
	    num(d, o->lead_time_demand), num(e, o->required - o->lead_time_demand));
	return t.len;
}
