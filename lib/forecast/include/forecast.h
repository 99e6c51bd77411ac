/* forecast.h — public interface of the jaego forecasting engine.
 *
 * Arrays in, arrays out, error codes back: the engine knows nothing of HTTP, SQL or
 * files. A series is a daily double array (zero = no sales that day) whose last element
 * is the day before the forecast origin. Every function returns FC_OK or a negative
 * FC_E* code and never aborts. All functions are thread-safe; results never depend on
 * the number of threads (each series is seeded from its index and the caller's seed). */
#ifndef FORECAST_H
#define FORECAST_H

#include <stddef.h>

/* Error codes (stable; the strings of fc_strerror are the English codes). */
#define FC_OK        0
#define FC_ENOMEM    (-1)  /* allocation failed */
#define FC_EINVAL    (-2)  /* bad argument (NULL, horizon out of range, unknown spec) */
#define FC_ENODATA   (-3)  /* too little data for this model */
#define FC_ENOCONV   (-4)  /* optimiser did not converge / no admissible fit */
#define FC_ENOMODEL  (-5)  /* unknown model name */
#define FC_ENUMERIC  (-6)  /* non-finite value met in the computation */
#define FC_EINTERNAL (-7)  /* should not happen */
#define FC_ECANCELED (-8)  /* opt->progress asked the batch to stop */
#define FC_ERANGE    (-20) /* date outside the range a calendar covers */

#define FC_MAX_HORIZON    366
#define FC_MAX_QUANTILES  16
#define FC_MAX_CANDIDATES 24
#define FC_NAME_MAX       48
#define FC_REASON_MAX     160
#define FC_NTOTALS        3 /* cumulative totals over 30, 60 and 90 days (capped at horizon) */

/* Returns a static English error code such as "enomem". */
const char *fc_strerror(int code);

/* ------------------------------------------------------------------ calendar
 * Korean public-holiday calendar, parsed from the text of data/kr_holidays.csv (embedded
 * in the binary; the engine never opens files), plus organisation events (sales, own
 * shipping stops) added at run time. Dates are KST calendar dates, as year/month/day or as
 * a day number (days since 1970-01-01, see fc_calendar_day). A valid date outside the
 * years the calendar covers gives FC_ERANGE. */

/* Kinds of holiday, as in the `kind` column of the CSV. */
typedef enum fc_holiday_kind {
	FC_HOLIDAY_NONE = 0,
	FC_HOLIDAY_FIXED,      /* fixed solar date: 신정, 삼일절, 어린이날, ... */
	FC_HOLIDAY_LUNAR,      /* 설날, 추석 (three days each), 부처님오신날 */
	FC_HOLIDAY_SUBSTITUTE, /* 대체공휴일 */
	FC_HOLIDAY_ELECTION,   /* presidential, National Assembly and local election days */
	FC_HOLIDAY_TEMPORARY   /* 임시공휴일 declared by the government */
} fc_holiday_kind;

#define FC_EVENT_NAME_MAX   64  /* bytes of an event name, terminating NUL included */
#define FC_EVENT_WINDOW_MAX 120 /* largest `before` / `after` of an event, in days */

typedef struct fc_calendar fc_calendar;

/* One row of the calendar, as returned by fc_calendar_get. `name` points into the
 * calendar and stays valid until fc_calendar_free. */
typedef struct fc_holiday {
	int day; /* day number */
	int year, month, mday;
	fc_holiday_kind kind;
	const char *name; /* UTF-8, e.g. "추석" or "대체공휴일(설날)" */
} fc_holiday;

/* Day number (days since 1970-01-01) of a valid Gregorian date, into *day.
 * Returns FC_OK, or FC_EINVAL for an invalid date (e.g. 2025-02-29) or NULL day. */
int fc_calendar_day(int year, int month, int mday, int *day);

/* Inverse of fc_calendar_day. */
void fc_calendar_ymd(int day, int *year, int *month, int *mday);

/* Day of the week, 0 = Monday .. 6 = Sunday, or FC_EINVAL for an invalid date. */
int fc_calendar_weekday(int year, int month, int mday);

/* Parses the CSV text csv[0..len-1] (header `date,name,kind`, one holiday per line,
 * '\n' or "\r\n" line ends, no quoting; several holidays may share a date). The range
 * covered is 1 January of the first year in the file to 31 December of the last.
 * On FC_OK *out is a new calendar the caller releases with fc_calendar_free; the text
 * is copied and may be freed at once. Errors: FC_EINVAL (NULL, bad header, bad date,
 * empty name, unknown kind, invalid UTF-8, no rows, more than 200 years), FC_ENOMEM. */
int fc_calendar_parse(const char *csv, size_t len, fc_calendar **out);

/* Releases a calendar from fc_calendar_parse (NULL is allowed). */
void fc_calendar_free(fc_calendar *cal);

/* First and last day numbers covered by the calendar. */
int fc_calendar_range(const fc_calendar *cal, int *first_day, int *last_day);

/* 1 when the date is a public holiday, 0 when not; FC_EINVAL for a bad date or NULL
 * calendar, FC_ERANGE outside the range. Saturdays and Sundays that are not holidays
 * give 0. */
int fc_calendar_is_holiday(const fc_calendar *cal, int year, int month, int mday);

/* Name and kind of the holiday on that date: 1 and *name (pointing into the calendar)
 * when it is one, 0 and *name = NULL when not, or an error as fc_calendar_is_holiday.
 * When several holidays share the date (2025-05-05: 어린이날 and 부처님오신날), the
 * first in the file is given. kind may be NULL. */
int fc_calendar_holiday_name(const fc_calendar *cal, int year, int month, int mday,
                             const char **name, fc_holiday_kind *kind);

/* Number of rows (holidays) in the calendar, and row i in date order (file order
 * within a date). fc_calendar_get returns FC_EINVAL when i is out of bounds. */
int fc_calendar_count(const fc_calendar *cal);
int fc_calendar_get(const fc_calendar *cal, int i, fc_holiday *out);

/* Stable English name of a kind ("fixed", "lunar", ...), or "none". */
const char *fc_calendar_kind_name(fc_holiday_kind kind);

/* Adds an organisation event (a sale, an own shipping stop, ...) on date_iso
 * ("YYYY-MM-DD") whose effect spans `before` days before it and `after` days after it
 * (0..FC_EVENT_WINDOW_MAX each). The name (1..FC_EVENT_NAME_MAX-1 bytes of UTF-8) is
 * copied. Returns FC_OK, FC_EINVAL (bad date text, name or window), FC_ERANGE (date
 * outside the calendar's range) or FC_ENOMEM. */
int fc_calendar_add_event(fc_calendar *cal, const char *date_iso, const char *name, int before,
                          int after);

/* Removes every organisation event (the national holidays stay). */
void fc_calendar_clear_events(fc_calendar *cal);

struct fc_calendar;
struct fc_trained;

typedef struct fc_options {
	const char *model; /* "auto" (or NULL) for per-series selection, else a model name */
	int horizon;       /* days to forecast, 1..FC_MAX_HORIZON */
	int period;        /* seasonal period; 7 for daily retail (0 = 7) */
	int nquantiles;    /* 0 = default {0.1, 0.5, 0.9} */
	double quantiles[FC_MAX_QUANTILES]; /* ascending levels in (0,1) */
	int cv_origins;          /* rolling-origin folds for selection and intervals (0 = 3) */
	int npaths;              /* sample paths for cumulative totals (0 = 400) */
	int nthreads;            /* worker threads for fc_forecast_batch (0 = 2) */
	int full_search;         /* auto also tries full AutoETS and AutoARIMA (slow); 0 = the
                                 quick ETS only */
	unsigned long long seed; /* base seed; each series uses seed + its index */
	/* Calendar: the day number (days since 1970-01-01) of the last observed day, the same
	 * for every series of a batch (0 = unknown: no holiday or yearly effects), and the
	 * holidays and organisation events (NULL = none). */
	int last_day;
	const struct fc_calendar *calendar;
	/* Which models "auto" chooses among: FC_SET_DEFAULT (statistical models, the
	 * Prophet-style model and the global boosted trees), FC_SET_STAT (the statistical
	 * models only) or FC_SET_ALL (also the global LSTM, whose training takes longest). */
	int model_set;
	/* 1 = intervals straight from the pooled CV errors, without the leave-one-fold-out
	 * calibration that widens them to hold their coverage out of sample (0, the
	 * default, calibrates; 1 is for comparisons) */
	int uncalibrated;
	/* 1 = "auto" ranks each series' candidates on its own cross-validation only, without
	 * shrinking their scores toward how each model did on the batch's series of the same
	 * demand class (0, the default, pools; 1 is for comparisons) */
	int unpooled;
	/* Global models trained earlier (fc_train, or fc_trained_load of saved bytes), used
	 * instead of training the boosted trees and the LSTM in this call; NULL = train them.
	 * A global model the trained set lacks is skipped as if it had too little data. Its
	 * horizon must be at least `horizon` (else FC_EINVAL). */
	const struct fc_trained *trained;
	/* Progress and cancellation (optional): fc_forecast_batch calls progress(progress_arg,
	 * done, nseries) after each series' forecast, from whichever worker thread finished
	 * it (so it must be thread-safe and quick). A non-zero return stops the batch, which
	 * then returns FC_ECANCELED with nothing to free. */
	int (*progress)(void *arg, int done, int total);
	void *progress_arg;
} fc_options;

#define FC_SET_DEFAULT 0
#define FC_SET_STAT    1
#define FC_SET_ALL     2

/* Fills o with the defaults above (horizon 30, model "auto"). */
void fc_options_init(fc_options *o);

/* Cross-validated accuracy of one candidate model for one series. */
typedef struct fc_candidate {
	char name[FC_NAME_MAX];
	int ok;         /* 0 when the model could not be fitted on some fold */
	double cv_mae;  /* mean absolute error over all folds and horizon steps */
	double cv_rmse; /* root mean squared error, same points */
	double score;   /* selection score (lower is better): MAE and RMSE relative to snaive */
	/* The same points as fc_metrics_add would score them: mean of forecast - actual, sum
	 * |error| / sum actual (-1 without sales in the folds), and MAE over the in-sample MAE
	 * of the seasonal naive before the first fold (-1 when that is 0). */
	double cv_bias, cv_wape, cv_mase;
} fc_candidate;

/* Forecast of one series. Arrays are owned by the result: fc_result_free releases them. */
typedef struct fc_result {
	int horizon;
	int nq;
	double q[FC_MAX_QUANTILES]; /* quantile levels */
	double *mean;               /* [horizon] daily mean, >= 0 */
	double *quant;              /* [horizon * nq], day-major: quant[t*nq + j] */
	int total_days[FC_NTOTALS]; /* 30, 60, 90 capped at horizon (0 = unused) */
	double total_mean[FC_NTOTALS];
	double total_quant[FC_NTOTALS * FC_MAX_QUANTILES]; /* [k*FC_MAX_QUANTILES + j] */
	char model[FC_NAME_MAX];    /* chosen model, e.g. "ets" or "combo(tsb+ets)" */
	char detail[FC_NAME_MAX];   /* fitted form when known, e.g. "ETS(A,N,A)" */
	char reason[FC_REASON_MAX]; /* why a fallback was used; "" when none */
	int ncand;
	fc_candidate cand[FC_MAX_CANDIDATES];
} fc_result;

/* Forecasts one series y[0..n-1] (n may be 0). On FC_OK, *out holds arrays the caller
 * frees with fc_result_free; on error nothing needs freeing. `index` seeds the series. */
int fc_forecast(const double *y, int n, const fc_options *opt, int index, fc_result *out);

/* Forecasts nseries series in parallel. out[] must have nseries elements; on FC_OK each
 * must be released with fc_result_free. On error, none needs freeing. A series that cannot
 * be fitted by the asked model falls back to a simpler one (see reason): errors are only
 * argument and memory errors. */
int fc_forecast_batch(const double *const *ys, const int *ns, int nseries, const fc_options *opt,
                      fc_result *out);

void fc_result_free(fc_result *r);

/* Trained global models, so that a nightly run can train them once and daytime requests
 * forecast without training (opt->trained). Owned by the caller: fc_trained_free. */
typedef struct fc_trained fc_trained;

/* Trains the global models that fc_forecast_batch would train for the same arguments:
 * the one named in opt->model ("gbm" or "lstm"), or those of opt->model_set for "auto".
 * Deterministic, like the batch. FC_EINVAL when opt names no global model, FC_ENODATA
 * when none could be trained (too little history), FC_ENOMEM. */
int fc_train(const double *const *ys, const int *ns, int nseries, const fc_options *opt,
             fc_trained **out);
/* The models as bytes (*buf: free()): a versioned header (magic, version, horizon, which
 * models, sizes, checksum), then each model's bytes. Same machine byte order on load. */
int fc_trained_save(const fc_trained *t, void **buf, size_t *len);
/* Back from fc_trained_save's bytes. ns[0..nseries-1] are the CURRENT series lengths,
 * which may be longer than at training (a model trained overnight, used the next day):
 * a series' full length gets the final models and shorter folds the out-of-sample ones.
 * FC_EINVAL for corrupt, truncated or unknown bytes, FC_ENOMEM. */
int fc_trained_load(const void *buf, size_t len, const int *ns, int nseries, fc_trained **out);
int fc_trained_horizon(const fc_trained *t); /* longest horizon it can forecast */
/* Which global models it holds: FC_TRAINED_GBM | FC_TRAINED_LSTM. */
int fc_trained_models(const fc_trained *t);
void fc_trained_free(fc_trained *t);

#define FC_TRAINED_GBM  1
#define FC_TRAINED_LSTM 2

/* The shortest history (days) for which fc_forecast validates its choice on at least one
 * rolling origin at opt->horizon; a shorter one gets an
 * unvalidated simple model (weekday profile, TSB or a recent mean) and no CV errors.
 * FC_EINVAL for bad options. */
int fc_min_history(const fc_options *opt);

/* Names of the models that fc_forecast accepts in opt->model (NULL-terminated static list). */
const char *const *fc_model_names(void);

/* Accuracy accumulated over many series; add each held-out series then read the summary. */
typedef struct fc_metrics {
	double n;                   /* points */
	double sse, sae;            /* squared and absolute errors */
	double sum_actual, sum_err; /* for WAPE and bias */
	double covered;             /* points within [p10, p90] */
	double mase_sum;            /* sum over series of MAE / in-sample seasonal-naive MAE */
	int mase_n;                 /* series with a defined MASE */
} fc_metrics;

/* Per-series accuracy figures. */
typedef struct fc_accuracy {
	double rmse, mae, mase, wape, bias, coverage; /* mase/wape NaN-free: -1 when undefined */
} fc_accuracy;

/* Scores forecast `mean` (and optional lo/hi band) against `actual` (h points), using
 * train[0..ntrain-1] for the MASE scale (seasonal naive with lag `period`). Adds to acc
 * when acc is not NULL. lo/hi may be NULL. */
int fc_metrics_add(fc_metrics *acc, const double *train, int ntrain, int period,
                   const double *actual, const double *mean, const double *lo, const double *hi,
                   int h, fc_accuracy *one);

/* Summary of everything added: RMSE and MAE pooled over all points, MASE mean over series,
 * WAPE = sum|e| / sum actual, bias = sum(f - a) / n, coverage = share inside [p10, p90]. */
void fc_metrics_summary(const fc_metrics *acc, fc_accuracy *out);

#endif
