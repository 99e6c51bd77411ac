/* override_rules.h — the rules of manual corrections (예측 수정): which corrections a member
 * may make, how a correction of the next 30/60/90 days' total becomes dated daily
 * quantities, and how the standing dated quantities apply to a forecast run's daily means.
 *
 * A forecast correction is kept as dated quantities (one per calendar day) so that it keeps
 * meaning the same days when the next run replaces the forecast. A window total is spread
 * over the window's days in proportion to the model's daily means (the weekly shape is
 * kept), evenly when the model expects nothing there. Days beyond the run's last day weigh
 * the mean of its last 30 days, as every planning rule continues a short forecast.
 *
 * Pure: no database, JSON, HTTP or allocation. Days are day numbers of KST business dates
 * (date_days_from_civil). The statuses have stable English codes and Korean messages for
 * the API (ovr_status_code, ovr_status_message); docs/planning.md states the rules. */
#ifndef JAEGO_OVERRIDE_RULES_H
#define JAEGO_OVERRIDE_RULES_H

#include <stddef.h>
#include <stdint.h>

#define OVR_ABSURD_FACTOR 100     /* a correction over 100x the model's figure ... */
#define OVR_ABSURD_FLOOR  10000   /* ... and over 10,000 units is refused as absurd */
#define OVR_DATES_MAX     90      /* days one correction may name */
#define OVR_ORDER_QTY_MAX 1000000 /* 추천 발주량: what one purchase order line may hold */
#define OVR_TAIL_DAYS     30      /* days whose mean continues a short forecast */

enum {
	OVR_OK = 0,
	OVR_E_INVAL,       /* a bad argument (NULL, NaN model) */
	OVR_E_NEGATIVE,    /* a quantity below zero */
	OVR_E_ABSURD,      /* over OVR_ABSURD_FACTOR x the model and over OVR_ABSURD_FLOOR */
	OVR_E_TOO_LARGE,   /* beyond what is ever computed (PLAN_QTY_MAX, OVR_ORDER_QTY_MAX) */
	OVR_E_WINDOW,      /* a window other than 30, 60 or 90 days */
	OVR_E_DATE_PAST,   /* a date before today */
	OVR_E_DATE_BEYOND, /* a date after the forecast's last day */
	OVR_E_DATE_TWICE,  /* one date named twice */
	OVR_E_DATES_COUNT, /* no dates, or more than OVR_DATES_MAX */
	OVR_E_TWO_ONE_DAY, /* two standing quantities for one day (the store's promise broken) */
	OVR_NSTATUS
};
const char *ovr_status_code(int status);    /* "override_negative", ... */
const char *ovr_status_message(int status); /* Korean, for the user */

/* One dated daily quantity of a standing forecast correction. */
struct ovr_day {
	int64_t day;
	double qty;
};

/* Is window_days one of 30, 60, 90? OVR_OK or OVR_E_WINDOW. */
int ovr_check_window(int window_days);

/* A corrected quantity against the model's figure for the same days: OVR_E_NEGATIVE below
 * zero (or not finite), OVR_E_TOO_LARGE above PLAN_QTY_MAX, OVR_E_ABSURD when it is more
 * than OVR_ABSURD_FACTOR x model and more than OVR_ABSURD_FLOOR. */
int ovr_check_qty(double qty, double model);

/* A suggested order quantity override: 0 (this time, do not order) up to
 * OVR_ORDER_QTY_MAX. *below_moq = 1 for 0 < qty < moq: allowed, shown as a warning. */
int ovr_check_order_qty(int64_t qty, int64_t moq, int *below_moq);

/* Dates of a correction: 1..OVR_DATES_MAX of them, each from today to last_day (the
 * forecast's last day), none twice. *bad = the index of the first offending date. */
int ovr_check_dates(const int64_t *days, size_t n, int64_t today, int64_t last_day, size_t *bad);

/* The model's daily means for the n days from from_day: the run's mean where the run
 * (model[0..ndays-1], model[0] on first_day) has the day, beyond its last day the mean of
 * its last OVR_TAIL_DAYS days. from_day must not be before first_day. */
int ovr_model_days(const double *model, int ndays, int64_t first_day, int64_t from_day, int n,
                   double *out);

/* Spreads total over n days in proportion to weights (the model's means of those days),
 * evenly when they sum to zero: out sums to total. out may be weights. */
int ovr_spread(const double *weights, int n, double total, double *out);

/* The effective forecast: out[t] = model[t] (model[0] on first_day), or the standing
 * corrected quantity of that day; flags[t] (may be NULL) = 1 where corrected, and
 * *overridden (may be NULL) = whether any day was. Corrections of days outside the run
 * are ignored. OVR_E_TWO_ONE_DAY when a day has two quantities; OVR_E_NEGATIVE /
 * OVR_E_TOO_LARGE for a quantity out of range. out may be model. */
int ovr_apply(const double *model, int ndays, int64_t first_day, const struct ovr_day *ov,
              size_t nov, double *out, unsigned char *flags, int *overridden);

#endif
