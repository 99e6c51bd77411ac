/* holiday_calendar.h — the Korean public holidays of the calendar embedded in the binary
 * (data/kr_holidays.csv, the one the forecast runs give the engine), for the layers above
 * that may not include the engine: the product page marks them on its forecast chart. */
#ifndef JAEGO_HOLIDAY_CALENDAR_H
#define JAEGO_HOLIDAY_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

struct holiday_day {
	int64_t day;   /* day number (date_days_from_civil) */
	char name[96]; /* "추석", "대체공휴일(설날)", ... */
};

/* The holidays from first_day to last_day (day numbers, inclusive) in date order, days
 * outside the calendar's years left out. *out is malloc'd (NULL when *n is 0); the caller
 * frees it. Returns 0, or -1 when the embedded calendar cannot be read. */
int holiday_calendar_range(int64_t first_day, int64_t last_day, struct holiday_day **out,
                           size_t *n);

#endif
