/* fc_calendar.h — Korean public-holiday calendar and calendar regressors for the models.
 *
 * The calendar is parsed from the text of data/kr_holidays.csv (embedded in the binary;
 * this module never opens files) and answers per-day questions: is it a public holiday,
 * which one, how far is the next or previous 설날/추석 holiday block (sellers see a spike
 * before it and a courier pause during it), and which organisation events (sales, own
 * closures) added at run time cover it. Dates are KST calendar dates, passed either as
 * year/month/day or as a day number (days since 1970-01-01, see fc_calendar_day).
 *
 * Errors follow forecast.h: FC_OK or a negative code, never an abort. A valid date that
 * lies outside the years the calendar covers gives FC_ERANGE. */
#ifndef FC_CALENDAR_H
#define FC_CALENDAR_H

#include <stddef.h>

#include "forecast.h"

#ifndef FC_ERANGE
#define FC_ERANGE (-20) /* date outside the range covered by the calendar */
#endif

/* Kinds of holiday, as in the `kind` column of the CSV. */
typedef enum fc_holiday_kind {
	FC_HOLIDAY_NONE = 0,
	FC_HOLIDAY_FIXED,      /* fixed solar date: 신정, 삼일절, 어린이날, ... */
	FC_HOLIDAY_LUNAR,      /* 설날, 추석 (three days each), 부처님오신날 */
	FC_HOLIDAY_SUBSTITUTE, /* 대체공휴일 */
	FC_HOLIDAY_ELECTION,   /* presidential, National Assembly and local election days */
	FC_HOLIDAY_TEMPORARY   /* 임시공휴일 declared by the government */
} fc_holiday_kind;

/* Which lunar festival a holiday block belongs to. */
#define FC_FESTIVAL_SEOLLAL 1
#define FC_FESTIVAL_CHUSEOK 2

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
