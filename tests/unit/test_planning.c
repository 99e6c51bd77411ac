/* test_planning.c — the planning rules (src/domain/planning.c) on constructed data: the
 * document's worked examples exactly (3000 x 15/30 = 1500, 3000 x 120/30 = 12000, the
 * suggested order "30일 예측 3,000개, 리드타임 15일, 안전재고 1,500개, 현재 800개 → 2,200개"),
 * every alert kind, and the edges: an order date in the past, a receipt on the depletion
 * day, MOQ and multiple rounding, an override in force, a lumpy demand quantile against the
 * normal approximation, missing inputs and overflow. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "forecast.h"
#include "ledger_rules.h"
#include "planning.h"
#include "util.h"

static int64_t today; /* 2025-01-01, a Wednesday */

static int setup(void **state)
{
	(void)state;
	today = util_days_from_civil(2025, 1, 1);
	return 0;
}

static double days100[PLAN_HORIZON_MAX]; /* a steady 100 a day: 3,000 in 30 days */

static void fill(double *d, int n, double v)
{
	for (int t = 0; t < n; t++)
		d[t] = v;
}

/* A product with a steady forecast of `per_day` over 90 days, lead time `lead`. */
static struct plan_item item_with(double *days, double per_day, int lead)
{
	fill(days, 90, per_day);
	struct plan_item it = {0};
	it.lead_time_days = lead;
	it.monthly_demand = PLAN_NONE;
	it.fc.days = days;
	it.fc.ndays = 90;
	it.ss_rule = PLAN_SS_FORECAST_LEAD_TIME;
	it.order_qty_override = PLAN_NONE;
	return it;
}

static struct plan_settings settings(void)
{
	struct plan_settings s;
	plan_settings_init(&s, today);
	return s;
}

/* ------------------------------------------------------------------ safety stock */

static void safety_stock_forecast_times_lead_time_over_30_document_examples(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, 15);
	struct plan_safety ss;
	char text[PLAN_TEXT_MAX];

	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_OK);
	assert_int_equal(ss.d30, 3000);
	assert_int_equal(ss.qty, 1500); /* 3000 x 15/30 */
	assert_int_equal(ss.basis, PLAN_BASIS_FORECAST);
	plan_safety_text(&ss, text, sizeof text);
	assert_string_equal(text, "30일 예측 3,000개 × 리드타임 15일 ÷ 30 = 1,500개");

	it.lead_time_days = 120; /* NPK by sea */
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 12000); /* 3000 x 120/30 */
	plan_safety_text(&ss, text, sizeof text);
	assert_string_equal(text, "30일 예측 3,000개 × 리드타임 120일 ÷ 30 = 12,000개");
}

static void safety_stock_uses_monthly_demand_until_a_forecast_exists(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 0, 15);
	it.fc.ndays = 0; /* no forecast yet */
	it.monthly_demand = 3000;
	struct plan_safety ss;
	char text[PLAN_TEXT_MAX];
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 1500);
	assert_int_equal(ss.basis, PLAN_BASIS_MONTHLY);
	plan_safety_text(&ss, text, sizeof text);
	assert_string_equal(text, "월 수요 3,000개 × 리드타임 15일 ÷ 30 = 1,500개 "
	                          "(예측이 아직 없어 입력한 월 수요 사용)");

	/* once the forecast exists it wins over the user's number */
	it.fc.ndays = 90;
	fill(days100, 90, 50);
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 750); /* 1500 x 15/30 */
	assert_int_equal(ss.basis, PLAN_BASIS_FORECAST);
}

static void safety_stock_manual_and_rounding_up(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 1000.0 / 30, 7);
	struct plan_safety ss;
	char text[PLAN_TEXT_MAX];
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_OK);
	assert_int_equal(ss.d30, 1000);
	assert_int_equal(ss.qty, 234); /* 1000 x 7/30 = 233.3 -> up */

	it.ss_rule = PLAN_SS_MANUAL;
	it.ss_manual = 1500;
	it.lead_time_days = PLAN_NONE; /* a manual number needs no lead time */
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 1500);
	plan_safety_text(&ss, text, sizeof text);
	assert_string_equal(text, "직접 입력한 안전재고 1,500개");

	assert_int_equal(plan_ss_rule_parse("forecast_lead_time"), PLAN_SS_FORECAST_LEAD_TIME);
	assert_string_equal(plan_ss_rule_name(PLAN_SS_SERVICE_LEVEL), "service_level");
	assert_int_equal(plan_ss_rule_parse("auto"), -1);
}

static void safety_stock_missing_inputs_are_statuses(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, PLAN_NONE);
	struct plan_safety ss;
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_E_NO_LEAD_TIME);
	assert_string_equal(plan_status_code(PLAN_E_NO_LEAD_TIME), "lead_time_missing");

	it.lead_time_days = 15;
	it.fc.ndays = 0;
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_E_NO_DEMAND);
	assert_int_equal(ss.qty, 0);
	it.ss_rule = PLAN_SS_SERVICE_LEVEL;
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_E_NO_DEMAND);

	/* lead time 0 is a same-day supplier: nothing to cover */
	it = item_with(days100, 100, 0);
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 0);

	/* a forecast that is not a number is refused, not computed */
	days100[3] = NAN;
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_E_INVAL);
	days100[3] = -1;
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_E_INVAL);
	it = item_with(days100, 100, PLAN_LEAD_TIME_MAX + 1);
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_E_INVAL);
}

/* ------------------------------------------------------------------ service level */

#define NPATHS 100
static double paths[NPATHS * 90];
static double scratch[NPATHS];

static void service_level_keeps_the_lumps_a_normal_approximation_loses(void **state)
{
	(void)state;
	/* Intermittent demand: in 90 of 100 paths nothing sells in the next 10 days; in 10 a
	 * wholesale order of 100 comes on day 3. Lead-time demand is 0 or 100: mean 10, sd 30. */
	memset(paths, 0, sizeof paths);
	for (int p = 0; p < 10; p++)
		paths[p * 90 + 3] = 100;
	struct plan_dist d = {
	        .kind = PLAN_DIST_PATHS, .paths = paths, .npaths = NPATHS, .ndays = 90};
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 1, 10); /* the mean: 1 a day */
	it.ss_rule = PLAN_SS_SERVICE_LEVEL;
	it.dist = &d;
	struct plan_safety ss;
	assert_int_equal(plan_safety_stock(&s, &it, scratch, NPATHS, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 100);       /* covering 95 % means covering the wholesale order */
	double normal = 10 + 1.6448536 * 30; /* the normal approximation: 59.3 -> 60 */
	assert_int_equal((int64_t)ceil(normal), 60);
	assert_int_not_equal(ss.qty, 60);

	it.service_level = 0.90; /* exactly 90 % of paths sell nothing */
	assert_int_equal(plan_safety_stock(&s, &it, scratch, NPATHS, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 0);
	it.service_level = 0.91;
	assert_int_equal(plan_safety_stock(&s, &it, scratch, NPATHS, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 100);

	char text[PLAN_TEXT_MAX];
	plan_safety_text(&ss, text, sizeof text);
	assert_string_equal(text, "리드타임 10일 동안의 출고가 91% 확률로 넘지 않는 양 = 100개 "
	                          "(예측 분포 기준)");
}

static void service_level_on_steady_paths_equals_the_document_formula(void **state)
{
	(void)state;
	fill(paths, NPATHS * 90, 100); /* every path 100 a day */
	struct plan_dist d = {
	        .kind = PLAN_DIST_PATHS, .paths = paths, .npaths = NPATHS, .ndays = 90};
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, 15);
	it.ss_rule = PLAN_SS_SERVICE_LEVEL;
	it.dist = &d;
	struct plan_safety ss;
	assert_int_equal(plan_safety_stock(&s, &it, scratch, NPATHS, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 1500); /* no volatility: the same as 3000 x 15/30 */
	assert_int_equal(ss.extrapolated, 0);

	it.lead_time_days = 120; /* beyond the 90 days of paths: stretched */
	assert_int_equal(plan_safety_stock(&s, &it, scratch, NPATHS, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 12000);
	assert_int_equal(ss.extrapolated, 1);

	/* the scratch the paths need is the caller's; without it nothing is computed */
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_E_INVAL);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void paths_quantile_is_the_inverse_empirical_distribution(void **state)
{
	(void)state;
	/* one-day paths of random values; the quantile must be the ceil(level*n)-th smallest */
	static double one[257], sorted[257], work[257];
	unsigned seed = 12345;
	for (int round = 0; round < 50; round++) {
		int n = 1 + round * 5;
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			one[i] = (double)((seed >> 8) % 40); /* many ties */
			sorted[i] = one[i];
		}
		qsort(sorted, (size_t)n, sizeof *sorted, cmp_double);
		struct plan_dist d = {
		        .kind = PLAN_DIST_PATHS, .paths = one, .npaths = n, .ndays = 1};
		static const double levels[] = {0.5, 0.8, 0.95, 0.999};
		for (size_t l = 0; l < 4; l++) {
			double q;
			int ex;
			assert_int_equal(plan_dist_quantile(&d, 1, levels[l], work, 257, &q, &ex),
			                 PLAN_OK);
			long k = (long)ceil(levels[l] * n - 1e-9);
			if (k < 1)
				k = 1;
			assert_true(q == sorted[k - 1]);
		}
	}
}

static void service_level_reads_the_engines_cumulative_quantiles(void **state)
{
	(void)state;
	/* shaped exactly as the engine's fc_result: totals over 30/60/90 days at its levels */
	fc_result r;
	memset(&r, 0, sizeof r);
	r.nq = 4;
	r.q[0] = 0.1, r.q[1] = 0.5, r.q[2] = 0.9, r.q[3] = 0.95;
	r.total_days[0] = 30, r.total_days[1] = 60, r.total_days[2] = 90;
	static const double tq[3][4] = {
	        {2400, 3000, 3400, 3600}, {5000, 6000, 6600, 6900}, {7600, 9000, 9800, 10200}};
	for (int k = 0; k < 3; k++)
		for (int j = 0; j < 4; j++)
			r.total_quant[k * FC_MAX_QUANTILES + j] = tq[k][j];
	struct plan_dist d = {.kind = PLAN_DIST_CUMULATIVE,
	                      .days = r.total_days,
	                      .nrows = FC_NTOTALS,
	                      .levels = r.q,
	                      .nlevels = r.nq,
	                      .q = r.total_quant,
	                      .qstride = FC_MAX_QUANTILES};
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, 15);
	it.ss_rule = PLAN_SS_SERVICE_LEVEL;
	it.dist = &d;
	struct plan_safety ss;
	char text[PLAN_TEXT_MAX];

	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 1800); /* 3600 x 15/30: from zero at day 0 */
	plan_safety_text(&ss, text, sizeof text);
	assert_string_equal(text, "리드타임 15일 동안의 출고가 95% 확률로 넘지 않는 양 = 1,800개 "
	                          "(예측 분포 기준)");

	it.lead_time_days = 45; /* halfway between 30 and 60 days */
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 5250); /* 3600 + (6900 - 3600) / 2 */

	it.lead_time_days = 30;
	it.service_level = 0.925; /* between the stored 90 % and 95 % */
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 3500);

	it.service_level = 0.975; /* beyond the stored levels: not invented */
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_E_LEVEL);
	it.service_level = 0.3; /* outside 50..99.9 % */
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_E_LEVEL);

	it.service_level = 0;
	it.lead_time_days = 120; /* beyond 90 days: the 90-day row stretched */
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 13600); /* 10200 x 120/90 */
	assert_int_equal(ss.extrapolated, 1);
	plan_safety_text(&ss, text, sizeof text);
	assert_non_null(strstr(text, "비례로 늘려"));

	/* a row whose days go backwards is refused */
	r.total_days[1] = 20;
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_E_INVAL);
}

static void service_level_without_distribution_or_forecast(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, 15);
	it.ss_rule = PLAN_SS_SERVICE_LEVEL;
	struct plan_safety ss;
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_E_NO_DIST);

	it.fc.ndays = 0; /* no forecast yet: the document's formula on monthly_demand */
	it.monthly_demand = 3000;
	assert_int_equal(plan_safety_stock(&s, &it, NULL, 0, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 1500);
	assert_int_equal(ss.fallback, 1);
	char text[PLAN_TEXT_MAX];
	plan_safety_text(&ss, text, sizeof text);
	assert_string_equal(text, "월 수요 3,000개 × 리드타임 15일 ÷ 30 = 1,500개 "
	                          "(예측이 아직 없어 입력한 월 수요 사용)");
}

/* ------------------------------------------------------------------ overrides */

static void override_totals_scale_the_model_and_days_win(void **state)
{
	(void)state;
	double model[90], eff[90];
	fill(model, 90, 10);
	struct plan_override ov[] = {{.window_days = 90, .qty = 1200},
	                             {.window_days = 30, .qty = 600},
	                             {.window_days = 0, .day = 5, .qty = 0}};
	int over = 0;
	assert_int_equal(plan_forecast_effective(model, 90, ov, 3, eff, &over), PLAN_OK);
	assert_int_equal(over, 1);
	assert_true(fabs(eff[0] - 20) < 1e-9);  /* 600 over the first 30 days */
	assert_true(fabs(eff[40] - 10) < 1e-9); /* 1200 - 600 over the next 60 */
	assert_true(eff[5] == 0);               /* the day override wins its day */
	assert_true(model[0] == 10);            /* the model is left as it was */

	/* the model's weekly shape is kept */
	for (int t = 0; t < 90; t++)
		model[t] = t % 7 == 5 ? 40 : 10; /* a busy Saturday */
	assert_int_equal(plan_forecast_effective(model, 90, ov + 1, 1, eff, &over), PLAN_OK);
	double sum = 0;
	for (int t = 0; t < 30; t++)
		sum += eff[t];
	assert_true(fabs(sum - 600) < 1e-6);
	assert_true(fabs(eff[5] / eff[0] - 4) < 1e-9);

	/* a model that expects nothing: the total is spread evenly */
	fill(model, 90, 0);
	assert_int_equal(plan_forecast_effective(model, 90, ov + 1, 1, eff, &over), PLAN_OK);
	assert_true(fabs(eff[12] - 20) < 1e-9);

	/* bad overrides */
	struct plan_override neg = {.window_days = 30, .qty = -5};
	assert_int_equal(plan_forecast_effective(model, 90, &neg, 1, eff, &over), PLAN_E_OVERRIDE);
	struct plan_override absurd = {.window_days = 30, .qty = 1e15};
	assert_int_equal(plan_forecast_effective(model, 90, &absurd, 1, eff, &over),
	                 PLAN_E_OVERRIDE);
	struct plan_override shrinking[] = {{.window_days = 30, .qty = 600},
	                                    {.window_days = 60, .qty = 500}};
	assert_int_equal(plan_forecast_effective(model, 90, shrinking, 2, eff, &over),
	                 PLAN_E_OVERRIDE);
	struct plan_override twice[] = {{.window_days = 30, .qty = 600},
	                                {.window_days = 30, .qty = 700}};
	assert_int_equal(plan_forecast_effective(model, 90, twice, 2, eff, &over), PLAN_E_OVERRIDE);
	struct plan_override beyond = {.window_days = 0, .day = 90, .qty = 1};
	assert_int_equal(plan_forecast_effective(model, 90, &beyond, 1, eff, &over),
	                 PLAN_E_OVERRIDE);
	assert_string_equal(plan_status_code(PLAN_E_OVERRIDE), "override_invalid");
}

static void override_in_force_drives_every_rule(void **state)
{
	(void)state;
	double model[90], eff[90];
	fill(model, 90, 100);
	struct plan_override ov = {.window_days = 30, .qty = 4500};
	int over = 0;
	assert_int_equal(plan_forecast_effective(model, 90, &ov, 1, eff, &over), PLAN_OK);

	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 0, 15);
	it.fc.days = eff;
	it.fc.overridden = over;
	it.fc.model_days = model;
	it.on_hand = 800;
	struct plan_row row;
	assert_int_equal(plan_evaluate(&s, &it, NULL, NULL, NULL, 0, &row), PLAN_OK);
	assert_int_equal(row.demand.d30, 4500);
	assert_int_equal(row.safety.qty, 2250);     /* 4500 x 15/30 */
	assert_int_equal(row.suggestion.qty, 3700); /* 2250 + 2250 - 800 */
	assert_int_equal(row.overridden, 1);
	char text[PLAN_TEXT_MAX];
	plan_suggestion_text(&row.suggestion, text, sizeof text);
	assert_string_equal(text, "30일 예측(수정) 4,500개, 리드타임 15일, 안전재고 2,250개, "
	                          "현재 800개 → 3,700개");
	plan_safety_text(&row.safety, text, sizeof text);
	assert_string_equal(text, "30일 예측(수정) 4,500개 × 리드타임 15일 ÷ 30 = 2,250개");

	/* service level: the model's distribution scaled to the override (x1.5 here) */
	fill(paths, NPATHS * 90, 100);
	struct plan_dist d = {
	        .kind = PLAN_DIST_PATHS, .paths = paths, .npaths = NPATHS, .ndays = 90};
	it.ss_rule = PLAN_SS_SERVICE_LEVEL;
	it.dist = &d;
	struct plan_safety ss;
	assert_int_equal(plan_safety_stock(&s, &it, scratch, NPATHS, &ss), PLAN_OK);
	assert_int_equal(ss.qty, 2250);
	assert_int_equal(ss.overridden, 1);

	/* the order quantity overridden too: it stands as given, flagged below the MOQ */
	it.ss_rule = PLAN_SS_FORECAST_LEAD_TIME;
	it.order_qty_override = 3000;
	it.moq = 5000;
	assert_int_equal(plan_evaluate(&s, &it, NULL, NULL, NULL, 0, &row), PLAN_OK);
	assert_int_equal(row.suggestion.computed_qty, 5000);
	assert_int_equal(row.suggestion.qty, 3000);
	assert_int_equal(row.suggestion.overridden, 1);
	assert_int_equal(row.suggestion.below_moq, 1);
	plan_suggestion_text(&row.suggestion, text, sizeof text);
	assert_string_equal(text,
	                    "30일 예측(수정) 4,500개, 리드타임 15일, 안전재고 2,250개, "
	                    "현재 800개 → 5,000개 (필요 3,700개, 최소 주문 수량 5,000개 적용, "
	                    "수정한 발주량 3,000개, 최소 주문 수량 5,000개 미만)");
}

/* ------------------------------------------------------------------ projected stock */

static void projection_finds_depletion_and_the_fall_below_safety_stock(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, 7);
	it.on_hand = 1000;
	double stock[PLAN_HORIZON_MAX];
	struct plan_projection p;
	assert_int_equal(plan_project(&s, &it, 500, stock, &p), PLAN_OK);
	assert_true(stock[0] == 900); /* end of today: today's 100 gone */
	assert_true(stock[4] == 500); /* not below 500 yet */
	assert_int_equal(p.below_safety_day, today + 5);
	assert_int_equal(p.depletion_day, today + 9); /* 1000 / 100 a day */
	assert_int_equal(p.stockout_risk, 1);
	assert_int_equal(p.min_stock, 1000 - 9000);
	char text[PLAN_TEXT_MAX];
	plan_stockout_text(&p, text, sizeof text);
	assert_string_equal(text, "1월 10일 (금)에 재고가 소진될 것으로 예상됩니다 "
	                          "(그 전 입고 예정 없음)");

	/* fractional demand reaching exactly zero: 30 x 0.1 is 3 despite float sums */
	it = item_with(days100, 0.1, 7);
	it.on_hand = 3;
	assert_int_equal(plan_project(&s, &it, 0, NULL, &p), PLAN_OK);
	assert_int_equal(p.depletion_day, today + 29);

	/* no demand basis at all */
	it.fc.ndays = 0;
	assert_int_equal(plan_project(&s, &it, 0, NULL, &p), PLAN_E_NO_DEMAND);
	assert_int_equal(p.depletion_day, PLAN_NO_DAY);
}

static void receipt_on_the_depletion_day_averts_the_stockout(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, 7);
	it.on_hand = 1000; /* would run out at the end of day 9 */
	struct plan_receipt r = {.day = today + 9, .qty = 9000};
	it.receipts = &r;
	it.nreceipts = 1;
	struct plan_projection p;
	assert_int_equal(plan_project(&s, &it, 0, NULL, &p), PLAN_OK);
	assert_int_equal(p.stockout_risk, 0); /* it arrives in the morning of that day */
	assert_int_equal(p.depletion_day, PLAN_NO_DAY);
	assert_int_equal(p.open_qty, 9000);

	r.day = today + 10; /* a day late: the shelf is empty at the end of day 9 */
	assert_int_equal(plan_project(&s, &it, 0, NULL, &p), PLAN_OK);
	assert_int_equal(p.stockout_risk, 1);
	assert_int_equal(p.depletion_day, today + 9);
	assert_int_equal(p.received_before_depletion, 0);

	r.day = today + 5; /* in time, but too small */
	r.qty = 200;
	assert_int_equal(plan_project(&s, &it, 0, NULL, &p), PLAN_OK);
	assert_int_equal(p.depletion_day, today + 11);
	assert_int_equal(p.received_before_depletion, 200);
	char text[PLAN_TEXT_MAX];
	plan_stockout_text(&p, text, sizeof text);
	assert_string_equal(text, "1월 12일 (일)에 재고가 소진될 것으로 예상됩니다 "
	                          "(그 전 입고 예정 200개로는 부족)");

	/* a receipt whose day has passed counts today; one past the horizon only as open */
	struct plan_receipt two[] = {{.day = today - 3, .qty = 100},
	                             {.day = today + 200, .qty = 50}};
	it.receipts = two;
	it.nreceipts = 2;
	assert_int_equal(plan_project(&s, &it, 0, NULL, &p), PLAN_OK);
	assert_int_equal(p.late_receipts, 1);
	assert_int_equal(p.open_qty, 150);
	assert_int_equal(p.depletion_day, today + 10); /* 1100 / 100 */
}

/* ------------------------------------------------------------------ order timing */

static void order_alert_fires_within_the_alert_days(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, 0);
	it.on_hand = 1600; /* below 500 on day 11 */
	struct plan_projection p;
	struct plan_timing tm;
	char text[PLAN_TEXT_MAX];
	assert_int_equal(plan_project(&s, &it, 500, NULL, &p), PLAN_OK);
	assert_int_equal(p.below_safety_day, today + 11);
	assert_int_equal(plan_order_timing(&s, &it, &p, &tm), PLAN_OK);
	assert_int_equal(tm.fires, 0); /* 11 days ahead: not yet */
	assert_int_equal(tm.urgency, PLAN_ORDER_LATER);
	assert_int_equal(plan_timing_text(&tm, text, sizeof text), 0);

	it.on_hand = 1500; /* below 500 on day 10: exactly the document's 10 days */
	assert_int_equal(plan_project(&s, &it, 500, NULL, &p), PLAN_OK);
	assert_int_equal(plan_order_timing(&s, &it, &p, &tm), PLAN_OK);
	assert_int_equal(tm.fires, 1);
	assert_int_equal(tm.why, PLAN_FIRE_BELOW_SOON);
	assert_int_equal(tm.order_by, today + 10);
	assert_int_equal(tm.days_left, 10);
	plan_timing_text(&tm, text, sizeof text);
	assert_string_equal(text, "10일 안에 발주하세요 (1월 11일 (토)까지)");

	s.order_alert_days = 5; /* the organisation's own setting */
	assert_int_equal(plan_order_timing(&s, &it, &p, &tm), PLAN_OK);
	assert_int_equal(tm.fires, 0);
}

static void order_date_accounts_for_the_lead_time(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, 7);
	struct plan_projection p;
	struct plan_timing tm;
	char text[PLAN_TEXT_MAX];

	it.on_hand = 2000; /* below 500 on day 15: order by day 8, within the 10 days */
	assert_int_equal(plan_project(&s, &it, 500, NULL, &p), PLAN_OK);
	assert_int_equal(plan_order_timing(&s, &it, &p, &tm), PLAN_OK);
	assert_int_equal(tm.below_safety_day, today + 15);
	assert_int_equal(tm.order_by, today + 8);
	assert_int_equal(tm.fires, 1);
	assert_int_equal(tm.why, PLAN_FIRE_LEAD_TIME);

	it.on_hand = 1200; /* below on day 7, lead time 7: order today */
	assert_int_equal(plan_project(&s, &it, 500, NULL, &p), PLAN_OK);
	assert_int_equal(plan_order_timing(&s, &it, &p, &tm), PLAN_OK);
	assert_int_equal(tm.urgency, PLAN_ORDER_TODAY);
	assert_int_equal(tm.days_left, 0);
	plan_timing_text(&tm, text, sizeof text);
	assert_string_equal(text, "오늘 발주하세요");

	it.on_hand = 800; /* below on day 3: the order date passed 4 days ago */
	assert_int_equal(plan_project(&s, &it, 500, NULL, &p), PLAN_OK);
	assert_int_equal(plan_order_timing(&s, &it, &p, &tm), PLAN_OK);
	assert_int_equal(tm.urgency, PLAN_ORDER_OVERDUE);
	assert_int_equal(tm.days_left, -4);
	assert_int_equal(tm.arrives_after_depletion, 0); /* day 7 arrival, empty on day 7 */
	plan_timing_text(&tm, text, sizeof text);
	assert_string_equal(text, "발주 시점이 4일 지났으니 지금 발주하세요");

	/* no fall below within the horizon: nothing to time */
	it.on_hand = 100000;
	assert_int_equal(plan_project(&s, &it, 500, NULL, &p), PLAN_OK);
	assert_int_equal(plan_order_timing(&s, &it, &p, &tm), PLAN_OK);
	assert_int_equal(tm.fires, 0);
	assert_int_equal(tm.urgency, PLAN_ORDER_NONE);
	assert_int_equal(tm.order_by, PLAN_NO_DAY);

	it.lead_time_days = PLAN_NONE;
	assert_int_equal(plan_order_timing(&s, &it, &p, &tm), PLAN_E_NO_LEAD_TIME);
}

static void demo_shop_cases_from_the_issue_run_out_before_an_order_arrives(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_projection p;
	struct plan_timing tm;
	char text[PLAN_TEXT_MAX];
	/* PT-014: 50 left at ~8.5 a day, lead time 7 days */
	struct plan_item it = item_with(days100, 8.5, 7);
	it.on_hand = 50;
	assert_int_equal(plan_project(&s, &it, 0, NULL, &p), PLAN_OK);
	assert_int_equal(p.depletion_day, today + 5); /* 50 - 6 x 8.5 < 0 */
	assert_int_equal(plan_order_timing(&s, &it, &p, &tm), PLAN_OK);
	assert_int_equal(tm.arrives_after_depletion, 1);
	assert_int_equal(tm.urgency, PLAN_ORDER_OVERDUE);
	plan_timing_text(&tm, text, sizeof text);
	assert_string_equal(text, "발주 시점이 2일 지났으니 지금 발주하세요 "
	                          "(지금 발주해도 예상 소진일 뒤에 입고됩니다)");
	/* KC-001 from NPK: 299 left at ~15.6 a day, lead time 120 days */
	it = item_with(days100, 15.6, 120);
	it.on_hand = 299;
	assert_int_equal(plan_project(&s, &it, 0, NULL, &p), PLAN_OK);
	assert_int_equal(p.depletion_day, today + 19);
	assert_int_equal(plan_order_timing(&s, &it, &p, &tm), PLAN_OK);
	assert_int_equal(tm.arrives_after_depletion, 1);
}

/* KC-007 of the demo: 446 on hand at 8.2 a day, lead time 120, safety stock 984 by
 * forecast × lead time; stock is below safety stock today, but 1,522 are on order and due
 * in 118 days. The timing rule alone says "order now"; the suggested quantity is 0 because
 * the open order already holds the need, so the order alert stays quiet and says why,
 * while the dip before the receipt stays visible as a stock-out risk. */
static void order_alert_quiet_when_open_orders_cover_the_need(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 8.2, 120);
	it.on_hand = 446;
	struct plan_receipt r = {today + 118, 1522};
	it.receipts = &r;
	it.nreceipts = 1;
	struct plan_row row;
	assert_int_equal(plan_evaluate(&s, &it, NULL, NULL, NULL, 0, &row), PLAN_OK);
	assert_int_equal(row.suggestion_status, PLAN_OK);
	assert_int_equal(row.suggestion.qty, 0);
	assert_int_equal(row.timing.fires, 0);
	assert_int_equal(row.timing.covered, 1);
	assert_int_equal(row.projection.stockout_risk, 1);
	char text[PLAN_TEXT_MAX];
	plan_timing_text(&row.timing, text, sizeof text);
	assert_string_equal(text, "진행 중인 발주의 입고 예정 수량으로 충분해 더 발주할 필요가 "
	                          "없습니다");
	/* without the open order the alert fires and asks for an order */
	it.nreceipts = 0;
	assert_int_equal(plan_evaluate(&s, &it, NULL, NULL, NULL, 0, &row), PLAN_OK);
	assert_int_equal(row.timing.fires, 1);
	assert_int_equal(row.timing.covered, 0);
	assert_true(row.suggestion.qty > 0);
}

/* ------------------------------------------------------------------ overstock */

static void overstock_is_stock_minus_lead_time_demand_and_safety_stock(void **state)
{
	(void)state;
	struct plan_item it = item_with(days100, 100, 15);
	it.on_hand = 5000;
	it.unit_cost = 12000;
	struct plan_demand d;
	struct plan_overstock o;
	char text[PLAN_TEXT_MAX];
	assert_int_equal(plan_demand(&it, &d), PLAN_OK);
	assert_int_equal(plan_overstock(&it, &d, 1500, &o), PLAN_OK);
	assert_int_equal(o.lead_time_demand, 1500); /* 3000 x 15/30 */
	assert_int_equal(o.required, 3000);
	assert_int_equal(o.excess, 2000);
	assert_int_equal(o.qty, 2000);
	assert_int_equal(o.value, 24000000);
	plan_overstock_text(&o, text, sizeof text);
	assert_string_equal(text, "과잉 재고 2,000개 (24,000,000원) = 현재 5,000개 − "
	                          "(리드타임 수요 1,500개 + 안전재고 1,500개)");

	it.on_hand = 2500; /* short of what is required: no overstock */
	assert_int_equal(plan_overstock(&it, &d, 1500, &o), PLAN_OK);
	assert_int_equal(o.excess, -500);
	assert_int_equal(o.qty, 0);
	assert_int_equal(o.value, 0);
	assert_int_equal(plan_overstock_text(&o, text, sizeof text), 0);

	/* money beyond int64 is refused, not wrapped */
	it.on_hand = PLAN_QTY_MAX;
	it.unit_cost = PLAN_COST_MAX;
	assert_int_equal(plan_overstock(&it, &d, 0, &o), PLAN_E_RANGE);
	assert_int_equal(o.value, 0);
	it.lead_time_days = PLAN_NONE;
	assert_int_equal(plan_overstock(&it, &d, 0, &o), PLAN_E_NO_LEAD_TIME);
}

/* ------------------------------------------------------------------ expiry */

static void expiry_near_and_unsold_lots_first_expiry_first_out(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 10, 7);
	it.unit_cost = 2000;
	struct plan_lot lots[] = {
	        {.expiry_day = today - 1, .qty = 5},   /* expired yesterday */
	        {.expiry_day = today + 4, .qty = 30},  /* sells out by day 2 */
	        {.expiry_day = today + 9, .qty = 100}, /* sells 70 by the end of day 9 */
	        {.expiry_day = today + 60, .qty = 200},
	        {.expiry_day = PLAN_NO_DAY, .qty = 40}, /* no expiry */
	};
	it.lots = lots;
	it.nlots = 5;
	it.on_hand = 375;
	struct plan_lot_risk r[5];
	struct plan_expiry e;
	assert_int_equal(plan_expiry_risk(&s, &it, r, &e), PLAN_OK);
	assert_int_equal(e.judged, 1);
	assert_int_equal(r[0].expired, 1);
	assert_int_equal(r[0].unsold_qty, 5);
	assert_int_equal(r[1].days_left, 4);
	assert_int_equal(r[1].unsold_qty, 0);
	assert_int_equal(r[2].unsold_qty, 30);
	assert_int_equal(r[2].value, 60000);
	assert_int_equal(r[3].unsold_qty, 0); /* 610 sold by day 60 is plenty */
	assert_int_equal(r[3].near_expiry, 0);
	assert_int_equal(r[4].days_left, PLAN_NO_DAY);
	assert_int_equal(r[4].unsold_qty, 0);
	assert_int_equal(e.near_lots, 3); /* within 30 days, the expired one too */
	assert_int_equal(e.near_qty, 135);
	assert_int_equal(e.risk_lots, 2);
	assert_int_equal(e.risk_qty, 35);
	assert_int_equal(e.risk_value, 70000);

	/* the setting decides what is near */
	s.expiry_alert_days = 3;
	assert_int_equal(plan_expiry_risk(&s, &it, r, &e), PLAN_OK);
	assert_int_equal(e.near_lots, 1);
}

static void expiry_beyond_the_forecast_and_without_demand(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 10, 7);
	struct plan_lot lot = {.expiry_day = today + 200, .qty = 5000};
	it.lots = &lot;
	it.nlots = 1;
	struct plan_lot_risk r;
	struct plan_expiry e;
	assert_int_equal(plan_expiry_risk(&s, &it, &r, &e), PLAN_OK);
	assert_int_equal(r.extrapolated, 1);
	assert_int_equal(r.unsold_qty, 5000 - 2010); /* 201 days at the last 30 days' 10 */

	/* no forecast and no monthly demand: only the near-expiry check */
	struct plan_lot soon = {.expiry_day = today + 2, .qty = 10};
	it.lots = &soon;
	it.fc.ndays = 0;
	assert_int_equal(plan_expiry_risk(&s, &it, &r, &e), PLAN_OK);
	assert_int_equal(e.judged, 0);
	assert_int_equal(e.near_lots, 1);
	assert_int_equal(e.risk_qty, 0);

	/* the monthly demand before a forecast: 300 a month is 10 a day */
	it.monthly_demand = 300;
	assert_int_equal(plan_expiry_risk(&s, &it, &r, &e), PLAN_OK);
	assert_int_equal(e.judged, 1);
	assert_int_equal(r.unsold_qty, 0); /* 30 sold by the end of day 2 */

	/* lots out of expiry order are refused */
	struct plan_lot bad[] = {{.expiry_day = today + 9, .qty = 1},
	                         {.expiry_day = today, .qty = 1}};
	it.lots = bad;
	it.nlots = 2;
	assert_int_equal(plan_expiry_risk(&s, &it, NULL, &e), PLAN_E_INVAL);
}

/* ------------------------------------------------------------------ lead time history */

static void lead_time_from_history_median_and_spread(void **state)
{
	(void)state;
	struct plan_lead_stats st;
	int odd[] = {30, 12, 10, 15, 14};
	assert_int_equal(plan_lead_time_stats(odd, 5, 0, &st), PLAN_OK);
	assert_int_equal(st.n, 5);
	assert_int_equal(st.median, 14);
	assert_int_equal(st.min, 10);
	assert_int_equal(st.max, 30);
	assert_int_equal(st.p25, 12);
	assert_int_equal(st.p75, 15);

	int even[] = {20, 10, 13, 30};
	assert_int_equal(plan_lead_time_stats(even, 4, 0, &st), PLAN_OK);
	assert_int_equal(st.median, 17); /* 16.5, up */

	int few[] = {7, 8, -2, 9999};
	assert_int_equal(plan_lead_time_stats(few, 4, 0, &st), PLAN_E_FEW_OBS);
	assert_int_equal(st.n, 2);
	assert_int_equal(st.ignored, 2);
	assert_int_equal(plan_lead_time_stats(few, 4, 2, &st), PLAN_OK); /* asked for two */
	assert_int_equal(st.median, 8);
	assert_int_equal(plan_lead_time_stats(NULL, 0, 1, &st), PLAN_E_FEW_OBS);
}

/* ------------------------------------------------------------------ suggested order */

static void suggested_order_document_example(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, 15);
	it.on_hand = 800;
	struct plan_demand d;
	struct plan_suggestion sg;
	char text[PLAN_TEXT_MAX];
	assert_int_equal(plan_demand(&it, &d), PLAN_OK);
	assert_int_equal(plan_suggest_order(&s, &it, &d, 1500, today, &sg), PLAN_OK);
	assert_int_equal(sg.cover_demand, 1500);
	assert_int_equal(sg.qty, 2200); /* 1500 + 1500 - 800 */
	assert_int_equal(sg.arrival_day, today + 15);
	plan_suggestion_text(&sg, text, sizeof text);
	assert_string_equal(text, "30일 예측 3,000개, 리드타임 15일, 안전재고 1,500개, 현재 800개 "
	                          "→ 2,200개");

	/* open orders count against the need */
	struct plan_receipt r = {.day = today + 3, .qty = 500};
	it.receipts = &r;
	it.nreceipts = 1;
	assert_int_equal(plan_suggest_order(&s, &it, &d, 1500, today, &sg), PLAN_OK);
	assert_int_equal(sg.qty, 1700);
	plan_suggestion_text(&sg, text, sizeof text);
	assert_string_equal(text, "30일 예측 3,000개, 리드타임 15일, 안전재고 1,500개, 현재 800개, "
	                          "입고 예정 500개 → 1,700개");

	/* a review period adds its days of demand */
	s.review_days = 7;
	assert_int_equal(plan_suggest_order(&s, &it, &d, 1500, today, &sg), PLAN_OK);
	assert_int_equal(sg.cover_demand, 2200); /* 3000 x 22/30 */
	assert_int_equal(sg.qty, 2400);
	plan_suggestion_text(&sg, text, sizeof text);
	assert_non_null(strstr(text, "리드타임 15일 + 발주 주기 7일"));
}

static void suggested_order_moq_multiple_and_zero(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, 15);
	it.on_hand = 1300; /* need 1,700 */
	struct plan_demand d;
	struct plan_suggestion sg;
	char text[PLAN_TEXT_MAX];
	assert_int_equal(plan_demand(&it, &d), PLAN_OK);

	it.moq = 2000;
	assert_int_equal(plan_suggest_order(&s, &it, &d, 1500, today, &sg), PLAN_OK);
	assert_int_equal(sg.need, 1700);
	assert_int_equal(sg.qty, 2000);
	plan_suggestion_text(&sg, text, sizeof text);
	assert_string_equal(text,
	                    "30일 예측 3,000개, 리드타임 15일, 안전재고 1,500개, "
	                    "현재 1,300개 → 2,000개 (필요 1,700개, 최소 주문 수량 2,000개 적용)");

	it.moq = PLAN_NONE; /* missing MOQ: no minimum */
	it.order_multiple = 300;
	assert_int_equal(plan_suggest_order(&s, &it, &d, 1500, today, &sg), PLAN_OK);
	assert_int_equal(sg.qty, 1800);
	assert_int_equal(sg.moq_applied, 0);
	plan_suggestion_text(&sg, text, sizeof text);
	assert_string_equal(text, "30일 예측 3,000개, 리드타임 15일, 안전재고 1,500개, "
	                          "현재 1,300개 → 1,800개 (필요 1,700개, 300개 단위로 올림)");

	it.moq = 2000; /* both: the MOQ first, then the multiple */
	assert_int_equal(plan_suggest_order(&s, &it, &d, 1500, today, &sg), PLAN_OK);
	assert_int_equal(sg.qty, 2100);
	assert_int_equal(sg.moq_applied, 1);
	assert_int_equal(sg.multiple_applied, 1);

	it.order_multiple = 100; /* 1,700 is already a multiple of 100 */
	it.moq = 0;
	assert_int_equal(plan_suggest_order(&s, &it, &d, 1500, today, &sg), PLAN_OK);
	assert_int_equal(sg.qty, 1700);
	assert_int_equal(sg.multiple_applied, 0);

	it.on_hand = 5000; /* nothing needed: zero, and the MOQ does not apply */
	it.moq = 2000;
	assert_int_equal(plan_suggest_order(&s, &it, &d, 1500, today, &sg), PLAN_OK);
	assert_int_equal(sg.need, -2000);
	assert_int_equal(sg.qty, 0);
	plan_suggestion_text(&sg, text, sizeof text);
	assert_string_equal(text, "30일 예측 3,000개, 리드타임 15일, 안전재고 1,500개, "
	                          "현재 5,000개 → 0개 (발주 필요 없음)");

	it.lead_time_days = PLAN_NONE;
	assert_int_equal(plan_suggest_order(&s, &it, &d, 1500, today, &sg), PLAN_E_NO_LEAD_TIME);
}

/* ------------------------------------------------------------------ sets */

static void set_availability_and_explosion(void **state)
{
	(void)state;
	/* availability is the ledger's one rule */
	struct ledger_comp c[2] = {{.qty = 2, .on_hand = 7}, {.qty = 3, .on_hand = 10}};
	assert_int_equal(ledger_set_available(c, 2), 3);
	c[0].on_hand = -4;
	assert_int_equal(ledger_set_available(c, 2), 0);
	assert_int_equal(ledger_set_available(c, 0), 0);

	/* two sets a day of {2 x A, 1 x B} add 4 A and 2 B to what the singles sell */
	struct plan_component bom[2] = {{.qty_per_set = 2}, {.qty_per_set = 1}};
	double set_daily[3] = {2, 0, 1}, a[3] = {1, 1, 1}, b[3] = {0, 0, 0};
	double *comp[2] = {a, b};
	assert_int_equal(plan_set_explode_demand(bom, 2, set_daily, 3, comp), PLAN_OK);
	assert_true(a[0] == 5 && a[1] == 1 && a[2] == 3);
	assert_true(b[0] == 2 && b[1] == 0 && b[2] == 1);
	bom[1].qty_per_set = 0;
	assert_int_equal(plan_set_explode_demand(bom, 2, set_daily, 3, comp), PLAN_E_INVAL);
}

/* ------------------------------------------------------------------ one product */

static void evaluate_keeps_what_it_can_when_an_input_is_missing(void **state)
{
	(void)state;
	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, PLAN_NONE);
	it.on_hand = 800;
	struct plan_row row;
	assert_int_equal(plan_evaluate(&s, &it, NULL, NULL, NULL, 0, &row), PLAN_OK);
	assert_int_equal(row.demand_status, PLAN_OK);
	assert_int_equal(row.demand.d30, 3000);
	assert_int_equal(row.demand.d90, 9000);
	assert_int_equal(row.projection_status, PLAN_OK);
	assert_int_equal(row.projection.depletion_day, today + 7);
	assert_int_equal(row.safety_status, PLAN_E_NO_LEAD_TIME);
	assert_int_equal(row.timing_status, PLAN_E_NO_LEAD_TIME);
	assert_int_equal(row.suggestion_status, PLAN_E_NO_LEAD_TIME);
	assert_int_equal(row.overstock_status, PLAN_E_NO_LEAD_TIME);
	assert_int_equal(row.overridden, 0);

	/* the whole row, as GET /api/stock will show it */
	it.lead_time_days = 15;
	double stock[90];
	assert_int_equal(plan_evaluate(&s, &it, stock, NULL, NULL, 0, &row), PLAN_OK);
	assert_int_equal(row.safety.qty, 1500);
	assert_int_equal(row.timing.fires, 1);
	assert_int_equal(row.timing.urgency, PLAN_ORDER_OVERDUE); /* already below 1,500 */
	assert_int_equal(row.suggestion.qty, 2200);
	assert_int_equal(row.overstock.qty, 0);
	assert_true(stock[0] == 700);

	/* nothing to go on */
	it.fc.ndays = 0;
	assert_int_equal(plan_evaluate(&s, &it, NULL, NULL, NULL, 0, &row), PLAN_OK);
	assert_int_equal(row.demand_status, PLAN_E_NO_DEMAND);
	assert_int_equal(row.projection_status, PLAN_E_NO_DEMAND);
	assert_int_equal(row.suggestion_status, PLAN_E_NO_DEMAND);

	/* bad settings are an argument error */
	s.horizon = 0;
	assert_int_equal(plan_evaluate(&s, &it, NULL, NULL, NULL, 0, &row), PLAN_E_INVAL);
}

/* ------------------------------------------------------------------ bad input, text */

static void statuses_have_codes_and_korean_messages(void **state)
{
	(void)state;
	for (int st = 0; st < PLAN_NSTATUS; st++) {
		assert_non_null(plan_status_code(st));
		assert_true(strlen(plan_status_message(st)) > 0);
		for (int o = 0; o < st; o++)
			assert_string_not_equal(plan_status_code(st), plan_status_code(o));
	}
	assert_string_equal(plan_status_code(PLAN_E_NO_DEMAND), "demand_missing");
	assert_string_equal(plan_status_code(99), "internal_error");
	assert_non_null(strstr(plan_status_message(PLAN_E_NO_LEAD_TIME), "리드타임"));
}

static void overflow_is_a_status_not_a_wrap(void **state)
{
	(void)state;
	int64_t out;
	assert_int_equal(plan_demand_over(INT64_MAX, 2, &out), PLAN_E_RANGE);
	assert_int_equal(plan_demand_over(3000, 15, &out), PLAN_OK);
	assert_int_equal(out, 1500);

	struct plan_settings s = settings();
	struct plan_item it = item_with(days100, 100, 15);
	it.on_hand = PLAN_QTY_MAX + 1; /* beyond any stock */
	struct plan_row row;
	assert_int_equal(plan_evaluate(&s, &it, NULL, NULL, NULL, 0, &row), PLAN_E_INVAL);

	/* the largest inputs still compute exactly */
	it.on_hand = -PLAN_QTY_MAX;
	it.monthly_demand = PLAN_QTY_MAX;
	it.fc.ndays = 0;
	it.lead_time_days = PLAN_LEAD_TIME_MAX;
	it.moq = PLAN_QTY_MAX;
	it.order_multiple = PLAN_QTY_MAX - 1;
	s.review_days = PLAN_REVIEW_MAX;
	assert_int_equal(plan_evaluate(&s, &it, NULL, NULL, NULL, 0, &row), PLAN_OK);
	assert_int_equal(row.safety.qty,
	                 PLAN_QTY_MAX / 30 * PLAN_LEAD_TIME_MAX +
	                         (PLAN_QTY_MAX % 30 * PLAN_LEAD_TIME_MAX + 29) / 30);
	assert_int_equal(row.suggestion_status, PLAN_OK);
	assert_true(row.suggestion.qty % (PLAN_QTY_MAX - 1) == 0);
}

static void numbers_and_days_in_korean(void **state)
{
	(void)state;
	char buf[PLAN_FMT_MAX];
	plan_fmt_int(0, buf, sizeof buf);
	assert_string_equal(buf, "0");
	plan_fmt_int(999, buf, sizeof buf);
	assert_string_equal(buf, "999");
	plan_fmt_int(1000, buf, sizeof buf);
	assert_string_equal(buf, "1,000");
	plan_fmt_int(1234567, buf, sizeof buf);
	assert_string_equal(buf, "1,234,567");
	plan_fmt_int(-1500, buf, sizeof buf);
	assert_string_equal(buf, "-1,500");
	plan_fmt_int(INT64_MIN, buf, sizeof buf);
	assert_string_equal(buf, "-9,223,372,036,854,775,808");
	char small[4];
	assert_int_equal(plan_fmt_int(12000, small, sizeof small), 6); /* what it needed */
	assert_string_equal(small, "12,");

	char day[64];
	plan_fmt_day(util_days_from_civil(2025, 1, 28), day, sizeof day);
	assert_string_equal(day, "1월 28일 (화)");
	plan_fmt_day(util_days_from_civil(1969, 12, 28), day, sizeof day);
	assert_string_equal(day, "12월 28일 (일)");

	/* a sentence cut short still ends in a terminated string */
	struct plan_safety ss = {.rule = PLAN_SS_MANUAL, .qty = 1500};
	char tiny[8];
	size_t need = plan_safety_text(&ss, tiny, sizeof tiny);
	assert_true(need > sizeof tiny);
	assert_true(strlen(tiny) < sizeof tiny);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(safety_stock_forecast_times_lead_time_over_30_document_examples),
	        cmocka_unit_test(safety_stock_uses_monthly_demand_until_a_forecast_exists),
	        cmocka_unit_test(safety_stock_manual_and_rounding_up),
	        cmocka_unit_test(safety_stock_missing_inputs_are_statuses),
	        cmocka_unit_test(service_level_keeps_the_lumps_a_normal_approximation_loses),
	        cmocka_unit_test(service_level_on_steady_paths_equals_the_document_formula),
	        cmocka_unit_test(paths_quantile_is_the_inverse_empirical_distribution),
	        cmocka_unit_test(service_level_reads_the_engines_cumulative_quantiles),
	        cmocka_unit_test(service_level_without_distribution_or_forecast),
	        cmocka_unit_test(override_totals_scale_the_model_and_days_win),
	        cmocka_unit_test(override_in_force_drives_every_rule),
	        cmocka_unit_test(projection_finds_depletion_and_the_fall_below_safety_stock),
	        cmocka_unit_test(receipt_on_the_depletion_day_averts_the_stockout),
	        cmocka_unit_test(order_alert_fires_within_the_alert_days),
	        cmocka_unit_test(order_date_accounts_for_the_lead_time),
	        cmocka_unit_test(demo_shop_cases_from_the_issue_run_out_before_an_order_arrives),
	        cmocka_unit_test(order_alert_quiet_when_open_orders_cover_the_need),
	        cmocka_unit_test(overstock_is_stock_minus_lead_time_demand_and_safety_stock),
	        cmocka_unit_test(expiry_near_and_unsold_lots_first_expiry_first_out),
	        cmocka_unit_test(expiry_beyond_the_forecast_and_without_demand),
	        cmocka_unit_test(lead_time_from_history_median_and_spread),
	        cmocka_unit_test(suggested_order_document_example),
	        cmocka_unit_test(suggested_order_moq_multiple_and_zero),
	        cmocka_unit_test(set_availability_and_explosion),
	        cmocka_unit_test(evaluate_keeps_what_it_can_when_an_input_is_missing),
	        cmocka_unit_test(statuses_have_codes_and_korean_messages),
	        cmocka_unit_test(overflow_is_a_status_not_a_wrap),
	        cmocka_unit_test(numbers_and_days_in_korean),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
