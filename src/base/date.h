/* date.h — calendar dates: "YYYY-MM-DD" text, day numbers (days since 1970-01-01 on the
 * proleptic Gregorian calendar) and the KST business date. Business dates (the day a
 * movement or a sale belongs to) are KST calendar dates; Korea has used UTC+9 without
 * daylight saving since 1988, so the machine's time zone is never consulted. */
#ifndef JAEGO_DATE_H
#define JAEGO_DATE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define DATE_KST_OFFSET (9 * 3600) /* seconds KST is ahead of UTC */

/* Parses exactly the len bytes at s as "YYYY-MM-DD" (a real calendar date, years
 * 1900..9999). Returns 0 and fills y, m, d; -1 otherwise (NULL s included). */
int date_parse_n(const char *s, size_t len, int *y, int *m, int *d);
/* The same for a NUL-terminated string. */
int date_parse(const char *s, int *y, int *m, int *d);

/* Day number of a date, and back (Howard Hinnant's algorithms, exact for every int year). */
int64_t date_days_from_civil(int y, int m, int d);
void date_civil_from_days(int64_t days, int *y, int *m, int *d);
/* Day number of "YYYY-MM-DD" text, or `otherwise` when s is NULL or not such a date (each
 * caller has its own "no day" value). */
int64_t date_day_or(const char *s, int64_t otherwise);

/* "YYYY-MM-DD" of a day number; years outside 0..9999 are written modulo 10000 (below 0
 * as 0000) so out always holds ten digits and dashes. */
void date_format(int64_t days, char out[11]);

/* The KST calendar date of instant t, and of now. */
void date_kst(time_t t, char out[11]);
void date_kst_today(char out[11]);

/* The KST wall time of a UTC timestamp "YYYY-MM-DDTHH:MM:SS..." (as the store writes them):
 * "YYYY-MM-DD HH:MM:SS" when seconds, else "YYYY-MM-DD HH:MM"; its first ten bytes are the
 * KST date. Returns 0, or -1 when iso is not such a timestamp (out is then ""). */
int date_utc_iso_to_kst(const char *iso, int seconds, char out[20]);

#endif
