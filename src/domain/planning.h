/* planning.h — the planning rules of the product document, as pure functions over plain
 * structs: safety stock (안전재고), projected stock and the forecast depletion date
 * (예상 소진일), order timing (발주 알림), stock-out risk (재고 부족), overstock (과잉 재고),
 * expiry risk (소비기한), lead time from history, the suggested order quantity (추천 발주량)
 * with its reason, forecast overrides (예측 수정), and set explosion.
 *
 * No database, JSON, HTTP or I/O, and no allocation: the caller owns every array it passes
 * and every array the rules write into. Days are day numbers (days since 1970-01-01, as
 * util_days_from_civil counts them) of KST business dates; "today" is the caller's. Stock,
 * money and every figure a seller reads are whole numbers (int64_t, KRW has no minor unit);
 * forecasts are doubles. Each rule returns PLAN_OK or a PLAN_E* status that the API maps to
 * a stable code and a Korean message (plan_status_code, plan_status_message). The formulas,
 * their rounding and their worked examples are in docs/planning.md. */
#ifndef JAEGO_PLANNING_H
#define JAEGO_PLANNING_H

#include <stddef.h>
#include <stdint.h>

#define PLAN_NONE              (-1)      /* an absent lead time, monthly demand or override */
#define PLAN_NO_DAY            INT64_MIN /* no such day (within the horizon) */
#define PLAN_HORIZON_DEFAULT   90        /* days of projected stock */
#define PLAN_HORIZON_MAX       366
#define PLAN_LEAD_TIME_MAX     730             /* days, as the product table allows */
#define PLAN_REVIEW_MAX        365             /* days between two orders (발주 주기) */
#define PLAN_QTY_MAX           1000000000000LL /* any quantity: 10^12 units */
#define PLAN_COST_MAX          10000000000LL   /* 매입 단가: 10^10 KRW a unit */
#define PLAN_ALERT_DAYS_MAX    365
#define PLAN_SERVICE_DEFAULT   0.95
#define PLAN_SERVICE_MIN       0.5
#define PLAN_SERVICE_MAX       0.999
#define PLAN_ORDER_ALERT_DAYS  10 /* the document's "10 days before" */
#define PLAN_EXPIRY_ALERT_DAYS 30
#define PLAN_LEAD_MIN_COUNT    3   /* received orders before lead time statistics count */
#define PLAN_TEXT_MAX          384 /* bytes of any sentence the builders write, NUL included */
#define PLAN_FMT_MAX           32  /* bytes of a formatted number ("-9,223,372,036,854,775,808") */

/* Statuses. Each has a stable English code and a Korean message for the API. */
enum {
	PLAN_OK = 0,
	PLAN_E_INVAL,        /* bad argument: NULL, negative quantity, non-finite forecast... */
	PLAN_E_RANGE,        /* a quantity or a sum of money beyond what is computed */
	PLAN_E_NO_LEAD_TIME, /* the rule needs a lead time and the product has none */
	PLAN_E_NO_DEMAND,    /* no forecast yet and no monthly_demand either */
	PLAN_E_NO_DIST,      /* service_level: a forecast without its distribution */
	PLAN_E_LEVEL,        /* service level outside 50..99.9 %, or beyond the stored levels */
	PLAN_E_OVERRIDE,     /* a negative, absurd or self-contradicting forecast override */
	PLAN_E_FEW_OBS,      /* lead time statistics: fewer received orders than required */
	PLAN_NSTATUS
};
const char *plan_status_code(int status);    /* "lead_time_missing", ... */
const char *plan_status_message(int status); /* Korean, for the user */

/* ------------------------------------------------------------------ inputs */

/* The effective forecast: the model's daily means with any standing override applied
 * (plan_forecast_effective). days[0] is today's expected outbound, days[t] that of today + t.
 * ndays == 0 means no forecast exists yet. */
struct plan_forecast {
	const double *days;
	int ndays;
	/* When an override stands: 1, and the model's own days (same length) so that the
	 * service-level rule can scale the model's distribution to the override (may be NULL). */
	int overridden;
	const double *model_days;
};

/* The forecast's distribution, for the service-level safety stock. Two forms:
 * PLAN_DIST_PATHS: npaths sample paths of daily outbound, path-major: paths[p*ndays + t].
 * PLAN_DIST_CUMULATIVE: quantiles of outbound summed from today over days[r] days, at the
 *   ascending levels[0..nlevels-1]: q[r*qstride + j] (qstride 0 = nlevels). Rows with
 *   days[r] == 0 are unused. The engine's fc_result feeds it as it is: days = total_days,
 *   nrows = FC_NTOTALS, levels = q, nlevels = nq, q = total_quant, qstride =
 *   FC_MAX_QUANTILES. */
enum { PLAN_DIST_NONE = 0, PLAN_DIST_PATHS, PLAN_DIST_CUMULATIVE };
struct plan_dist {
	int kind;
	const double *paths;
	int npaths, ndays;
	const int *days;
	int nrows;
	const double *levels;
	int nlevels;
	const double *q;
	int qstride;
};

/* An expected receipt: the open quantity of a purchase order line on its expected day. */
struct plan_receipt {
	int64_t day;
	int64_t qty;
};

/* A lot on hand. Lots are given in ascending expiry order, lots without an expiry
 * (expiry_day == PLAN_NO_DAY) last. */
struct plan_lot {
	int64_t expiry_day; /* last day it may be sold; PLAN_NO_DAY = none */
	int64_t qty;
};

/* How a product's safety stock is set (products.safety_stock_rule). */
enum { PLAN_SS_MANUAL = 0, PLAN_SS_FORECAST_LEAD_TIME, PLAN_SS_SERVICE_LEVEL };
const char *plan_ss_rule_name(int rule); /* "manual", "forecast_lead_time", "service_level" */
int plan_ss_rule_parse(const char *s);   /* -1 when unknown */

/* One product as the rules see it. Strings and arrays are borrowed. */
struct plan_item {
	int64_t on_hand;        /* current stock (a set's: ledger_set_available); may be negative */
	int lead_time_days;     /* 0..PLAN_LEAD_TIME_MAX, PLAN_NONE = not entered */
	int64_t monthly_demand; /* the user's outbound in 30 days, PLAN_NONE = not entered */
	struct plan_forecast fc;
	int ss_rule;          /* PLAN_SS_* */
	int64_t ss_manual;    /* the user's number, for PLAN_SS_MANUAL */
	double service_level; /* for PLAN_SS_SERVICE_LEVEL; 0 = the organisation's */
	const struct plan_dist *dist;
	int64_t moq;            /* 최소 주문 수량; <= 0 or PLAN_NONE = no minimum (1) */
	int64_t order_multiple; /* order in multiples of this; <= 1 = any quantity */
	int64_t unit_cost;      /* 매입 단가, KRW */
	const struct plan_receipt *receipts; /* open purchase orders */
	size_t nreceipts;
	const struct plan_lot *lots;
	size_t nlots;
	int64_t order_qty_override; /* a standing override of the order quantity, PLAN_NONE */
};

/* The organisation's settings, and today. */
struct plan_settings {
	int64_t today;
	int horizon;           /* days of projected stock, 1..PLAN_HORIZON_MAX */
	int order_alert_days;  /* 발주 알림: this many days ahead */
	int expiry_alert_days; /* 소비기한 알림: lots within this many days of expiry */
	int review_days;       /* days between orders that an order also covers (발주 주기) */
	double service_level;  /* default level of the service-level rule */
};
/* Defaults: horizon 90, order alert 10 days, expiry alert 30 days, review 0, 95 %. */
void plan_settings_init(struct plan_settings *s, int64_t today);

/* ------------------------------------------------------------------ forecast overrides */

/* One override of the model's forecast: a total over the next window_days days (30, 60,
 * 90 or any 1..ndays), or one day's quantity (window_days == 0, day = 0-based offset). */
struct plan_override {
	int window_days;
	int day;
	double qty;
};

/* The effective forecast: out[0..ndays-1] = model days with the overrides applied. Totals
 * are applied by ascending window: a window's days beyond the previous window are scaled so
 * that the window sums to its total (spread evenly when the model has none there); day
 * overrides are applied last and win their day. *overridden = whether any applied. Returns
 * PLAN_E_OVERRIDE for a negative or non-finite quantity, one over PLAN_QTY_MAX, a window or
 * day outside the forecast, two totals for one window, or a total smaller than that of a
 * shorter window. out may be model (in place). */
int plan_forecast_effective(const double *model, int ndays, const struct plan_override *ov,
                            size_t nov, double *out, int *overridden);

/* ------------------------------------------------------------------ demand */

/* Where the 30-day demand of a rule came from. */
enum { PLAN_BASIS_NONE = 0, PLAN_BASIS_FORECAST, PLAN_BASIS_MONTHLY, PLAN_BASIS_MANUAL };

struct plan_demand {
	int basis;      /* PLAN_BASIS_FORECAST or PLAN_BASIS_MONTHLY */
	int overridden; /* the forecast is overridden */
	int64_t d30;    /* 30-day outbound, whole units: the forecast's sum rounded, or the
	                   user's monthly_demand until a forecast exists */
	int64_t d60, d90;
};
/* The demand the rules use. PLAN_E_NO_DEMAND without a forecast and a monthly_demand. */
int plan_demand(const struct plan_item *it, struct plan_demand *out);

/* Demand over `days` days at 30-day demand d30, rounded up: ceil(d30 * days / 30). */
int plan_demand_over(int64_t d30, int days, int64_t *out);

/* ------------------------------------------------------------------ safety stock */

struct plan_safety {
	int rule;             /* the product's rule */
	int basis;            /* PLAN_BASIS_MANUAL, _FORECAST or _MONTHLY */
	int64_t qty;          /* 안전재고, whole units rounded up */
	int64_t d30;          /* forecast_lead_time: the 30-day figure used */
	int lead_time_days;   /* the lead time used */
	double service_level; /* service_level: the level used */
	double quantile;      /* service_level: the lead-time demand quantile before rounding */
	int extrapolated;     /* the lead time is longer than the distribution's days */
	int fallback;         /* service_level without a forecast: the monthly formula */
	int overridden;       /* from an overridden forecast */
};

/* Safety stock by the product's rule:
 * - manual: the user's number;
 * - forecast_lead_time: ceil(d30 * lead time / 30) (3000 x 15/30 = 1500);
 * - service_level: the level-quantile of outbound over the lead time from the forecast's
 *   distribution, rounded up; without a forecast yet, the forecast_lead_time formula on the
 *   user's monthly_demand (fallback = 1).
 * scratch: npaths doubles for PLAN_DIST_PATHS (may be NULL otherwise). */
int plan_safety_stock(const struct plan_settings *s, const struct plan_item *it, double *scratch,
                      size_t nscratch, struct plan_safety *out);

/* The α-quantile of outbound summed over the next `days` days (see struct plan_dist):
 * paths by the inverse empirical distribution (the smallest sum that at least α of the
 * paths do not exceed), cumulative tables by linear interpolation between stored days
 * (from zero at day 0) and between stored levels; beyond the last stored day the last
 * row is scaled by days / its days (*extrapolated = 1). */
int plan_dist_quantile(const struct plan_dist *d, int days, double level, double *scratch,
                       size_t nscratch, double *out, int *extrapolated);

/* ------------------------------------------------------------------ projected stock */

struct plan_projection {
	int horizon;
	int64_t depletion_day;    /* 예상 소진일: first day stock <= 0, or PLAN_NO_DAY */
	int64_t below_safety_day; /* first day stock < safety stock, or PLAN_NO_DAY */
	int64_t min_stock;        /* lowest projected stock, rounded down */
	int64_t open_qty;         /* all open receipts, whatever their day */
	int64_t received_before_depletion; /* receipts counted up to the depletion day */
	size_t late_receipts; /* receipts whose expected day has passed (counted today) */
	int stockout_risk;    /* 재고 부족: depletion within the horizon */
	int overridden;
};

/* Projected stock at the end of each day t = 0..horizon-1 (day today + t): on hand
 * + receipts expected on or before that day − forecast outbound of days 0..t. A receipt
 * counts from the morning of its day; one whose day has passed counts today. stock (may be
 * NULL) receives horizon doubles. safety_stock: from plan_safety_stock. */
int plan_project(const struct plan_settings *s, const struct plan_item *it, int64_t safety_stock,
                 double *stock, struct plan_projection *out);

/* ------------------------------------------------------------------ order timing */

enum { PLAN_ORDER_NONE = 0, PLAN_ORDER_LATER, PLAN_ORDER_TODAY, PLAN_ORDER_OVERDUE };
enum { PLAN_FIRE_NONE = 0, PLAN_FIRE_BELOW_SOON, PLAN_FIRE_LEAD_TIME };

struct plan_timing {
	int fires;                   /* 발주 알림 */
	int why;                     /* PLAN_FIRE_*: which condition made it fire */
	int urgency;                 /* PLAN_ORDER_*: LATER, TODAY (오늘 발주) or OVERDUE */
	int64_t below_safety_day;    /* PLAN_NO_DAY: never within the horizon */
	int64_t order_by;            /* below_safety_day − lead time */
	int64_t days_left;           /* order_by − today; < 0: overdue by that many days */
	int64_t arrival_if_today;    /* today + lead time */
	int arrives_after_depletion; /* an order placed today arrives after 예상 소진일 */
	int covered; /* plan_evaluate: the timing would fire, but the open orders already cover
	                what an order would ask (추천 발주량 0): nothing to order, no alert */
};

/* 발주 알림. order_by = below_safety_day − lead time. Fires when order_by <= today +
 * order_alert_days: always when stock falls below safety stock within order_alert_days
 * (the document's rule, why = PLAN_FIRE_BELOW_SOON), and earlier when the lead time means
 * the order must go out before that (why = PLAN_FIRE_LEAD_TIME). urgency: OVERDUE when
 * order_by < today, TODAY when it is today, else LATER. PLAN_E_NO_LEAD_TIME without one. */
int plan_order_timing(const struct plan_settings *s, const struct plan_item *it,
                      const struct plan_projection *p, struct plan_timing *out);

/* ------------------------------------------------------------------ overstock */

struct plan_overstock {
	int64_t lead_time_demand; /* ceil(d30 * lead time / 30) */
	int64_t required;         /* lead_time_demand + safety stock */
	int64_t excess;           /* on hand − required (negative: short of it) */
	int64_t qty;              /* 과잉 재고: max(excess, 0) */
	int64_t value;            /* qty × 매입 단가, KRW */
};
/* 과잉 재고 = on hand − (forecast demand × lead time + safety stock). */
int plan_overstock(const struct plan_item *it, const struct plan_demand *d, int64_t safety_stock,
                   struct plan_overstock *out);

/* ------------------------------------------------------------------ expiry */

struct plan_lot_risk {
	int64_t days_left;  /* expiry − today ("D-14"); PLAN_NO_DAY without expiry */
	int near_expiry;    /* within expiry_alert_days (expired lots too) */
	int expired;        /* its last day has passed */
	int64_t unsold_qty; /* what the forecast leaves unsold at expiry (rounded) */
	int64_t value;      /* unsold_qty × 매입 단가 */
	int extrapolated;   /* expiry beyond the forecast: its last 30 days' rate continued */
};
struct plan_expiry {
	size_t near_lots; /* lots within expiry_alert_days */
	int64_t near_qty;
	size_t risk_lots; /* lots with unsold_qty > 0 */
	int64_t risk_qty; /* expiry_risk_qty */
	int64_t risk_value;
	int judged; /* 0: no demand basis, only the near-expiry check was made */
};
/* Consumes the forecast over the lots first-expiry-first-out: each lot sells from when the
 * lots before it are sold out or expired until its own last day. risk (may be NULL) has
 * it->nlots entries. PLAN_E_INVAL when the lots are not in expiry order. */
int plan_expiry_risk(const struct plan_settings *s, const struct plan_item *it,
                     struct plan_lot_risk *risk, struct plan_expiry *out);

/* ------------------------------------------------------------------ lead time history */

struct plan_lead_stats {
	size_t n;       /* observations used */
	size_t ignored; /* outside 0..PLAN_LEAD_TIME_MAX */
	int median;     /* rounded up between the two middle values */
	int min, max, p25, p75;
};
/* Observed lead times (days from ordering to receiving) → median and spread; p25/p75 by
 * nearest rank. PLAN_E_FEW_OBS (with n filled) below min_count (0 = PLAN_LEAD_MIN_COUNT). */
int plan_lead_time_stats(const int *observed, size_t n, size_t min_count,
                         struct plan_lead_stats *out);

/* ------------------------------------------------------------------ suggested order */

struct plan_suggestion {
	int64_t d30;
	int basis;
	int lead_time_days, review_days;
	int64_t cover_demand; /* ceil(d30 × (lead time + review) / 30) */
	int64_t safety_stock;
	int64_t on_hand;
	int64_t open_qty;     /* 진행 중인 발주 */
	int64_t need;         /* cover_demand + safety stock − on hand − open orders */
	int64_t computed_qty; /* the rule's quantity */
	int64_t qty;          /* 추천 발주량: computed_qty, or the override while it stands */
	int moq_applied;      /* raised to the MOQ */
	int multiple_applied; /* rounded up to the order multiple */
	int64_t moq, order_multiple;
	int64_t order_day, arrival_day; /* arrival = order day + lead time */
	int overridden;                 /* the quantity is the override */
	int forecast_overridden;        /* the demand comes from an overridden forecast */
	int below_moq;                  /* an override below the MOQ (shown as a warning) */
};
/* An order for `need` units as the supplier takes it: 0 when need <= 0; else raised to the
 * MOQ (moq <= 1: none), then rounded up to the order multiple (<= 1: any quantity). The
 * flags say which applied. The one rounding every order quantity goes through. */
int plan_order_round(int64_t need, int64_t moq, int64_t order_multiple, int64_t *qty,
                     int *moq_applied, int *multiple_applied);

/* 추천 발주량 = cover lead time + review period + safety stock − on hand − open orders;
 * 0 when nothing is needed; never below the MOQ; rounded up to the order multiple. */
int plan_suggest_order(const struct plan_settings *s, const struct plan_item *it,
                       const struct plan_demand *d, int64_t safety_stock, int64_t order_day,
                       struct plan_suggestion *out);

/* ------------------------------------------------------------------ sets */

/* One component of a set's bill of materials. How many sets the components' stock allows
 * is the ledger's rule, ledger_set_available (ledger_rules.h): the one place it lives. */
struct plan_component {
	int64_t qty_per_set; /* >= 1 */
};
/* Adds the set's daily outbound to its components' demand: comp_daily[i][t] +=
 * set_daily[t] × c[i].qty_per_set for t < ndays. */
int plan_set_explode_demand(const struct plan_component *c, size_t n, const double *set_daily,
                            int ndays, double *const *comp_daily);

/* ------------------------------------------------------------------ one product, whole */

/* Every figure of one product's planning row (GET /api/stock). A part that cannot be
 * computed keeps its own status and zero figures; the others are still filled. */
struct plan_row {
	int demand_status;
	struct plan_demand demand;
	int safety_status;
	struct plan_safety safety;
	int projection_status;
	struct plan_projection projection;
	int timing_status;
	struct plan_timing timing;
	int overstock_status;
	struct plan_overstock overstock;
	int expiry_status;
	struct plan_expiry expiry;
	int suggestion_status;
	struct plan_suggestion suggestion;
	int overridden; /* any figure comes from an override */
};
/* Computes every rule for one product; the suggestion is for an order placed today.
 * stock (horizon doubles), risk (it->nlots) and scratch (for sample paths) may be NULL.
 * Returns PLAN_E_INVAL only for bad arguments; the parts carry their own statuses. */
int plan_evaluate(const struct plan_settings *s, const struct plan_item *it, double *stock,
                  struct plan_lot_risk *risk, double *scratch, size_t nscratch,
                  struct plan_row *out);

/* ------------------------------------------------------------------ sentences */

/* Each writes one Korean sentence into buf (always terminated when size > 0) and returns
 * the length it needed, like snprintf. */

/* "12000" → "12,000". */
size_t plan_fmt_int(int64_t v, char *buf, size_t size);
/* "1월 28일 (화)". */
size_t plan_fmt_day(int64_t day, char *buf, size_t size);
/* "30일 예측 3,000개 × 리드타임 15일 ÷ 30 = 1,500개" and the other rules' forms. */
size_t plan_safety_text(const struct plan_safety *ss, char *buf, size_t size);
/* "30일 예측 3,000개, 리드타임 15일, 안전재고 1,500개, 현재 800개 → 2,200개". */
size_t plan_suggestion_text(const struct plan_suggestion *sg, char *buf, size_t size);
/* "3일 안에 발주하세요 (1월 28일 (화)까지)", "오늘 발주하세요", "발주가 5일 늦었습니다…";
 * "" when the alert does not fire. */
size_t plan_timing_text(const struct plan_timing *t, char *buf, size_t size);
/* "1월 28일 (화)에 재고가 소진될 것으로 예상됩니다…"; "" without a stock-out risk. */
size_t plan_stockout_text(const struct plan_projection *p, char *buf, size_t size);
/* "과잉 재고 2,000개 (24,000,000원): …"; "" without overstock. */
size_t plan_overstock_text(const struct plan_overstock *o, char *buf, size_t size);

#endif
