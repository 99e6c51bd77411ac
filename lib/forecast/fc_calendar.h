/* fc_calendar.h — Korean public-holiday calendar and calendar regressors for the models.
 *
 * The calendar is parsed from the text of data/kr_holidays.csv (embedded in the binary;
 * this module never opens files) and answers per-day questions: is it a public holiday,
 * which one, how far is the next or previous 설날/추석 holiday block (sellers see a spike
 * before it and a courier pause during it), and which organisation events (sales, own
 * closures) added at run time cover it. Dates are KST calendar dates, passed either as
 * year/month/day or as a day number (days since 1970-01-01, see fc_calendar_day).
 *
 * The calendar's public functions (parse, holidays, organisation events, day numbers) are
 * declared in forecast.h, the engine's one public header; this header adds what only the
 * models use: the per-day regressors. Errors follow forecast.h. */
#ifndef FC_CALENDAR_H
#define FC_CALENDAR_H

#include <stddef.h>

#include "forecast.h"

/* Which lunar festival a holiday block belongs to. */
#define FC_FESTIVAL_SEOLLAL 1
#define FC_FESTIVAL_CHUSEOK 2

/* Calendar regressors of one day (see fc_calendar_features). */
typedef struct fc_day_features {
	int weekday; /* 0 = Monday .. 6 = Sunday */
	int holiday; /* 1 when a public holiday (Sundays are not counted here) */
	int off_day; /* 1 when a public holiday, Saturday or Sunday */
	fc_holiday_kind kind;
	int in_festival;         /* 1 inside a 설날/추석 block (see below), else 0 */
	int festival;            /* FC_FESTIVAL_* of the block inside, or of the next block */
	int days_to_festival;    /* days until the first day of the next block; 0 inside one;
                                -1 when no later block is known */
	int days_since_festival; /* days since the last day of the previous block; 0 inside;
                                -1 when no earlier block is known */
	int event_count;         /* organisation events whose window covers this day */
	int event_offset; /* day minus the event's day for the first such event (0 if none) */
} fc_day_features;

/* Calendar regressors for the n consecutive days starting at day number first_day,
 * written to out[0..n-1] (caller-owned). A 설날/추석 block is the run of consecutive
 * off days (holiday, Saturday or Sunday) that contains the festival's three days, e.g.
 * 2025-10-03 .. 2025-10-09 for 추석 2025: the days couriers do not pick up parcels.
 * Returns FC_OK, FC_EINVAL (NULL, n < 0) or FC_ERANGE when a day lies outside the range. */
int fc_calendar_features(const fc_calendar *cal, int first_day, int n, fc_day_features *out);

/* The features of whichever of the n days from first_day the calendar covers (a model's
 * batch may start before 2015 or reach past 2035): *lo and *hi get the covered day numbers
 * and *out a malloc'ed array of hi - lo + 1 days (caller frees). Nothing covered, or no
 * calendar: *out = NULL and FC_OK. FC_ENOMEM when the array cannot be allocated. */
int fc_calendar_features_covered(const fc_calendar *cal, int first_day, int n, int *lo, int *hi,
                                 fc_day_features **out);

#endif
