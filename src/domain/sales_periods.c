/* sales_periods.c — ISO weeks, months and the change rule of the sales report (see
 * sales_periods.h). */
#include "sales_periods.h"

#include <stdio.h>

#include "date.h"

/* Floor division: day numbers before 1970 are negative. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Day 0 (1970-01-01) was a Thursday, so day + 3 counts from the Monday before it. */
static int64_t monday_of_week(int64_t p)
{
	return p * 7 - 3;
}

int64_t sales_period_of(enum sales_period_kind k, int64_t day)
{
	if (k == SALES_WEEK)
		return floor_div(day + 3, 7);
	int y, m, d;
	date_civil_from_days(day, &y, &m, &d);
	return (int64_t)y * 12 + (m - 1);
}

void sales_period_bounds(enum sales_period_kind k, int64_t p, int64_t *first, int64_t *last)
{
	if (k == SALES_WEEK) {
		*first = monday_of_week(p);
		*last = *first + 6;
		return;
	}
	int y = (int)floor_div(p, 12), m = (int)(p - (int64_t)y * 12) + 1;
	*first = date_days_from_civil(y, m, 1);
	*last = (m == 12 ? date_days_from_civil(y + 1, 1, 1) : date_days_from_civil(y, m + 1, 1)) -
	        1;
}

/* ISO 8601: a week belongs to the year of its Thursday, and week 1 holds 4 January. */
static void iso_week(int64_t p, int *year, int *week)
{
	int64_t thursday = monday_of_week(p) + 3;
	int m, d;
	date_civil_from_days(thursday, year, &m, &d);
	*week = (int)((thursday - date_days_from_civil(*year, 1, 1)) / 7) + 1;
}

void sales_period_year_number(enum sales_period_kind k, int64_t p, int *year, int *number)
{
	if (k == SALES_WEEK) {
		iso_week(p, year, number);
		return;
	}
	*year = (int)floor_div(p, 12);
	*number = (int)(p - (int64_t)*year * 12) + 1;
}

void sales_period_label(enum sales_period_kind k, int64_t p, char out[16])
{
	int y, n;
	sales_period_year_number(k, p, &y, &n);
	/* Years outside 0..9999 as date_format writes them; n is 1..53 or 1..12. */
	unsigned yy = y < 0 ? 0u : (unsigned)y % 10000u, nn = (unsigned)n % 100u;
	snprintf(out, 16, k == SALES_WEEK ? "%04u-W%02u" : "%04u-%02u", yy, nn);
}

void sales_period_text(enum sales_period_kind k, int64_t p, char out[48])
{
	int64_t first, last;
	sales_period_bounds(k, p, &first, &last);
	int y1, m1, d1, y2, m2, d2;
	date_civil_from_days(first, &y1, &m1, &d1);
	date_civil_from_days(last, &y2, &m2, &d2);
	if (k == SALES_MONTH)
		snprintf(out, 48, "%d년 %d월", y1, m1);
	else if (m1 == m2)
		snprintf(out, 48, "%d월 %d일–%d일", m1, d1, d2);
	else
		snprintf(out, 48, "%d월 %d일–%d월 %d일", m1, d1, m2, d2);
}

int sales_iso_weeks(int y)
{
	/* 28 December is always in the last week of its ISO year. */
	int year, week;
	iso_week(sales_period_of(SALES_WEEK, date_days_from_civil(y, 12, 28)), &year, &week);
	return week;
}

int64_t sales_period_last_year(enum sales_period_kind k, int64_t p)
{
	if (k == SALES_MONTH)
		return p - 12;
	int y, w;
	iso_week(p, &y, &w);
	int weeks = sales_iso_weeks(y - 1);
	if (w > weeks)
		w = weeks;
	/* Week 1 of year y - 1 is the week holding its 4 January. */
	int64_t week1 = sales_period_of(SALES_WEEK, date_days_from_civil(y - 1, 1, 4));
	return week1 + (w - 1);
}

int sales_change_tenths(int64_t cur, int64_t base, int64_t *tenths)
{
	if (base <= 0)
		return -1;
	int64_t num = (cur - base) * 1000;
	int64_t q = num / base, r = num % base;
	if (r < 0)
		r = -r;
	if (2 * r >= base)
		q += num < 0 ? -1 : 1;
	*tenths = q;
	return 0;
}
