/* date.c — calendar dates, day numbers and the KST business date (see date.h). */
#include "date.h"

#include <stdio.h>
#include <string.h>

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* The decimal value of the n digits at s, or -1 when one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse_n(const char *s, size_t len, int *y, int *m, int *d)
{
	if (!s || len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int yy = digits(s, 4), mm = digits(s + 5, 2), dd = digits(s + 8, 2);
	if (yy < 1900 || mm < 1 || mm > 12 || dd < 1 || dd > days_in_month(yy, mm))
		return -1;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

int date_parse(const char *s, int *y, int *m, int *d)
{
	return s ? date_parse_n(s, strlen(s), y, m, d) : -1;
}

int64_t date_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = mm;
	*d = dd;
}

int64_t date_day_or(const char *s, int64_t otherwise)
{
	int y, m, d;
	return date_parse(s, &y, &m, &d) == 0 ? date_days_from_civil(y, m, d) : otherwise;
}

void date_format(int64_t days, char out[11])
{
	int y, m, d;
	date_civil_from_days(days, &y, &m, &d);
	unsigned yy = (unsigned)(y < 0 ? 0 : y % 10000);
	out[0] = (char)('0' + yy / 1000);
	out[1] = (char)('0' + yy / 100 % 10);
	out[2] = (char)('0' + yy / 10 % 10);
	out[3] = (char)('0' + yy % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

void date_kst(time_t t, char out[11])
{
	time_t k = t + DATE_KST_OFFSET;
	struct tm tm;
	gmtime_r(&k, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void date_kst_today(char out[11])
{
	date_kst(time(NULL), out);
}

int date_utc_iso_to_kst(const char *iso, int seconds, char out[20])
{
	int y, mo, d, h, mi, se;
	out[0] = 0;
	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) != 6)
		return -1;
	int64_t t =
	        date_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se + DATE_KST_OFFSET;
	int64_t days = t / 86400, rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	date_civil_from_days(days, &y, &mo, &d);
	char buf[64]; /* room for what the compiler cannot rule out */
	if (seconds)
		snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", y % 10000, mo % 100,
		         d % 100, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
	else
		snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", y % 10000, mo % 100, d % 100,
		         (int)(rem / 3600), (int)(rem / 60 % 60));
	memcpy(out, buf, 20);
	out[19] = 0;
	return 0;
}
