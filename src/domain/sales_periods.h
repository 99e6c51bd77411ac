/* sales_periods.h — the periods of the sales report (판매 리포트): ISO weeks that start on
 * Monday and calendar months, as consecutive period numbers, their first and last days, their
 * labels, the same period a year earlier, and the change-in-percent rule. Pure: day numbers
 * (date.h) in, numbers out, so the unit tests state the calendar's edges exactly. */
#ifndef JAEGO_SALES_PERIODS_H
#define JAEGO_SALES_PERIODS_H

#include <stdint.h>

enum sales_period_kind { SALES_WEEK = 0, SALES_MONTH = 1 };

/* Longest range a report covers: three years of weeks, five of months. */
#define SALES_MAX_WEEKS  156
#define SALES_MAX_MONTHS 60

/* The number of the period holding day (day number, days since 1970-01-01). Consecutive
 * periods have consecutive numbers, so "n periods earlier" is a subtraction. Weeks count
 * from the Monday 1969-12-29; months are year * 12 + month - 1. */
int64_t sales_period_of(enum sales_period_kind k, int64_t day);

/* First and last day (day numbers, inclusive) of period p. */
void sales_period_bounds(enum sales_period_kind k, int64_t p, int64_t *first, int64_t *last);

/* The period's ISO year and week (1..53), or its year and month (1..12). */
void sales_period_year_number(enum sales_period_kind k, int64_t p, int *year, int *number);

/* "2026-W48" for a week, "2026-11" for a month. */
void sales_period_label(enum sales_period_kind k, int64_t p, char out[16]);

/* The period's days in Korean: "11월 23일–29일", "11월 30일–12월 6일" for a week,
 * "2026년 11월" for a month. */
void sales_period_text(enum sales_period_kind k, int64_t p, char out[48]);

/* The same period a year earlier: the same ISO week number of the previous ISO year (week
 * 53 against week 52 when that year has no week 53), or the same month of the previous year. */
int64_t sales_period_last_year(enum sales_period_kind k, int64_t p);

/* How many ISO weeks (52 or 53) ISO year y has. */
int sales_iso_weeks(int y);

/* The change from base to cur in tenths of a percent, rounded half away from zero
 * (120 against 100 is 200, i.e. +20.0 %). Returns 0 and fills *tenths, or -1 when there is
 * nothing to compare with (base <= 0): a change from nothing has no percentage. */
int sales_change_tenths(int64_t cur, int64_t base, int64_t *tenths);

#endif
