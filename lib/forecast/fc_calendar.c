/* fc_calendar.c — Korean public-holiday calendar parsed from embedded CSV text, with the
 * per-day regressors the forecasting models use (holidays, 설날/추석 blocks, events).
 *
 * The calendar keeps a dense per-day table over its whole range (about 7,700 days for
 * 2015-2035), so every per-day question is an array lookup: models ask for thousands of
 * days per series, and the table is a few tens of kilobytes. */
#include "fc_calendar.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CAL_MAX_YEARS 200

typedef struct cal_row {
	int day;
	int order; /* position in the file, to keep file order within a date */
	fc_holiday_kind kind;
	char *name; /* points into cal->names */
} cal_row;

typedef struct cal_event {
	int day, before, after;
	char name[FC_EVENT_NAME_MAX];
} cal_event;

typedef struct cal_block {
	int first, last; /* day numbers, inclusive */
	int festival;    /* FC_FESTIVAL_* */
} cal_block;

struct fc_calendar {
	int first_day, last_day;
	int nrows;
	cal_row *rows;  /* sorted by day, then file order */
	char *names;    /* all names, NUL-separated */
	int *first_row; /* [ndays] index of the day's first row, -1 when none */
	int nblocks;
	cal_block *blocks; /* sorted by first */
	int nevents, cap_events;
	cal_event *events;
};

/* ------------------------------------------------------------------------------ dates */

static int cal_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int cal_month_days(int y, int m)
{
	static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && cal_is_leap(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int cal_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const int yoe = y - era * 400;
	const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int fc_calendar_day(int year, int month, int mday, int *day)
{
	if (!day || year < 1 || year > 9999 || month < 1 || month > 12 || mday < 1 ||
	    mday > cal_month_days(year, month))
		return FC_EINVAL;
	*day = cal_days_from_civil(year, month, mday);
	return FC_OK;
}

void fc_calendar_ymd(int day, int *year, int *month, int *mday)
{
	const int z = day + 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const int doe = z - era * 146097;
	const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int mp = (5 * doy + 2) / 153;
	const int d = doy - (153 * mp + 2) / 5 + 1;
	const int m = mp < 10 ? mp + 3 : mp - 9;
	if (year)
		*year = yoe + era * 400 + (m <= 2);
	if (month)
		*month = m;
	if (mday)
		*mday = d;
}

/* 1970-01-01 was a Thursday (3 when Monday is 0). */
static int cal_weekday_of(int day)
{
	return ((day % 7) + 7 + 3) % 7;
}

int fc_calendar_weekday(int year, int month, int mday)
{
	int day;
	if (fc_calendar_day(year, month, mday, &day) != FC_OK)
		return FC_EINVAL;
	return cal_weekday_of(day);
}

/* Parses exactly "YYYY-MM-DD" from s[0..n-1]. */
static int cal_parse_iso(const char *s, size_t n, int *day)
{
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return FC_EINVAL;
	int v[3] = {0, 0, 0};
	const int pos[3][2] = {{0, 4}, {5, 7}, {8, 10}};
	for (int k = 0; k < 3; k++)
		for (int i = pos[k][0]; i < pos[k][1]; i++) {
			if (s[i] < '0' || s[i] > '9')
				return FC_EINVAL;
			v[k] = v[k] * 10 + (s[i] - '0');
		}
	return fc_calendar_day(v[0], v[1], v[2], day);
}

/* 1 when s[0..n-1] is well-formed UTF-8 without control characters. */
static int cal_utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const unsigned c = s[i];
		size_t len;
		uint32_t cp;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return 0;
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			len = 2, cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3, cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4, cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		/* Reject overlong forms, surrogates and values past U+10FFFF. */
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += len;
	}
	return 1;
}

static fc_holiday_kind cal_kind_from(const char *s, size_t n)
{
	static const struct {
		const char *name;
		fc_holiday_kind kind;
	} kinds[] = {{"fixed", FC_HOLIDAY_FIXED},
	             {"lunar", FC_HOLIDAY_LUNAR},
	             {"substitute", FC_HOLIDAY_SUBSTITUTE},
	             {"election", FC_HOLIDAY_ELECTION},
	             {"temporary", FC_HOLIDAY_TEMPORARY}};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strlen(kinds[i].name) == n && memcmp(kinds[i].name, s, n) == 0)
			return kinds[i].kind;
	return FC_HOLIDAY_NONE;
}

const char *fc_calendar_kind_name(fc_holiday_kind kind)
{
	switch (kind) {
	case FC_HOLIDAY_FIXED:
		return "fixed";
	case FC_HOLIDAY_LUNAR:
		return "lunar";
	case FC_HOLIDAY_SUBSTITUTE:
		return "substitute";
	case FC_HOLIDAY_ELECTION:
		return "election";
	case FC_HOLIDAY_TEMPORARY:
		return "temporary";
	case FC_HOLIDAY_NONE:
		break;
	}
	return "none";
}

/* ---------------------------------------------------------------------------- parsing */

static int cal_row_cmp(const void *a, const void *b)
{
	const cal_row *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

/* Next line of buf[*pos..len-1] without its "\n" or "\r\n"; 0 at the end. */
static int cal_next_line(const char *buf, size_t len, size_t *pos, const char **line, size_t *n)
{
	if (*pos >= len)
		return 0;
	const char *start = buf + *pos;
	const char *nl = memchr(start, '\n', len - *pos);
	size_t l = nl ? (size_t)(nl - start) : len - *pos;
	*pos += l + (nl ? 1 : 0);
	if (l > 0 && start[l - 1] == '\r')
		l--;
	*line = start;
	*n = l;
	return 1;
}

static int cal_is_off(const fc_calendar *cal, int day)
{
	return cal->first_row[day - cal->first_day] >= 0 || cal_weekday_of(day) >= 5;
}

/* Builds the 설날/추석 blocks: from each main day ("설날" / "추석", kind lunar), extend
 * over consecutive off days inside the range. */
static int cal_build_blocks(fc_calendar *cal)
{
	int cap = 0;
	for (int i = 0; i < cal->nrows; i++) {
		const cal_row *r = &cal->rows[i];
		int festival = 0;
		if (r->kind == FC_HOLIDAY_LUNAR && strcmp(r->name, "설날") == 0)
			festival = FC_FESTIVAL_SEOLLAL;
		else if (r->kind == FC_HOLIDAY_LUNAR && strcmp(r->name, "추석") == 0)
			festival = FC_FESTIVAL_CHUSEOK;
		if (!festival)
			continue;
		if (cal->nblocks > 0 && cal->blocks[cal->nblocks - 1].last >= r->day)
			continue; /* a duplicated row: already inside the previous block */
		int first = r->day, last = r->day;
		while (first - 1 >= cal->first_day && cal_is_off(cal, first - 1))
			first--;
		while (last + 1 <= cal->last_day && cal_is_off(cal, last + 1))
			last++;
		if (cal->nblocks == cap) {
			cap = cap ? cap * 2 : 64;
			cal_block *nb = realloc(cal->blocks, (size_t)cap * sizeof *nb);
			if (!nb)
				return FC_ENOMEM;
			cal->blocks = nb;
		}
		cal->blocks[cal->nblocks++] = (cal_block){first, last, festival};
	}
	return FC_OK;
}

int fc_calendar_parse(const char *csv, size_t len, fc_calendar **out)
{
	int rc = FC_EINVAL;
	fc_calendar *cal = NULL;
	if (!csv || !out)
		return FC_EINVAL;
	*out = NULL;
	if (len >= 3 && memcmp(csv, "\xef\xbb\xbf", 3) == 0) { /* a UTF-8 byte-order mark */
		csv += 3;
		len -= 3;
	}
	cal = calloc(1, sizeof *cal);
	if (!cal)
		return FC_ENOMEM;
	/* Names are copied into one block no longer than the text itself. */
	cal->names = malloc(len + 1);
	size_t maxrows = 1;
	for (size_t i = 0; i < len; i++)
		maxrows += csv[i] == '\n';
	cal->rows = malloc(maxrows * sizeof *cal->rows);
	if (!cal->names || !cal->rows) {
		rc = FC_ENOMEM;
		goto end;
	}

	size_t pos = 0, namepos = 0, n;
	const char *line;
	if (!cal_next_line(csv, len, &pos, &line, &n) || n != 14 ||
	    memcmp(line, "date,name,kind", 14) != 0)
		goto end;
	while (cal_next_line(csv, len, &pos, &line, &n)) {
		if (n == 0) {
			if (pos >= len)
				break; /* the final newline */
			goto end;      /* blank lines inside the file are mistakes */
		}
		const char *c1 = memchr(line, ',', n);
		const char *c2 = c1 ? memchr(c1 + 1, ',', n - (size_t)(c1 + 1 - line)) : NULL;
		if (!c1 || !c2 || memchr(c2 + 1, ',', n - (size_t)(c2 + 1 - line)))
			goto end;
		const size_t name_len = (size_t)(c2 - c1 - 1);
		cal_row *r = &cal->rows[cal->nrows];
		if (cal_parse_iso(line, (size_t)(c1 - line), &r->day) != FC_OK || name_len == 0 ||
		    memchr(c1 + 1, '"', name_len) ||
		    !cal_utf8_ok((const unsigned char *)c1 + 1, name_len))
			goto end;
		r->kind = cal_kind_from(c2 + 1, n - (size_t)(c2 + 1 - line));
		if (r->kind == FC_HOLIDAY_NONE)
			goto end;
		memcpy(cal->names + namepos, c1 + 1, name_len);
		cal->names[namepos + name_len] = '\0';
		r->name = (char *)(uintptr_t)namepos; /* an offset until the block stops moving */
		namepos += name_len + 1;
		r->order = cal->nrows++;
	}
	if (cal->nrows == 0)
		goto end;
	for (int i = 0; i < cal->nrows; i++)
		cal->rows[i].name = cal->names + (uintptr_t)cal->rows[i].name;
	qsort(cal->rows, (size_t)cal->nrows, sizeof *cal->rows, cal_row_cmp);

	int y0, y1;
	fc_calendar_ymd(cal->rows[0].day, &y0, NULL, NULL);
	fc_calendar_ymd(cal->rows[cal->nrows - 1].day, &y1, NULL, NULL);
	if (y1 - y0 >= CAL_MAX_YEARS)
		goto end;
	cal->first_day = cal_days_from_civil(y0, 1, 1);
	cal->last_day = cal_days_from_civil(y1, 12, 31);
	const int ndays = cal->last_day - cal->first_day + 1;
	cal->first_row = malloc((size_t)ndays * sizeof *cal->first_row);
	if (!cal->first_row) {
		rc = FC_ENOMEM;
		goto end;
	}
	for (int i = 0; i < ndays; i++)
		cal->first_row[i] = -1;
	for (int i = cal->nrows - 1; i >= 0; i--)
		cal->first_row[cal->rows[i].day - cal->first_day] = i;
	rc = cal_build_blocks(cal);
	if (rc != FC_OK)
		goto end;
	*out = cal;
	return FC_OK;
end:
	fc_calendar_free(cal);
	return rc;
}

void fc_calendar_free(fc_calendar *cal)
{
	if (!cal)
		return;
	free(cal->rows);
	free(cal->names);
	free(cal->first_row);
	free(cal->blocks);
	free(cal->events);
	free(cal);
}

/* ---------------------------------------------------------------------------- queries */

int fc_calendar_range(const fc_calendar *cal, int *first_day, int *last_day)
{
	if (!cal || !first_day || !last_day)
		return FC_EINVAL;
	*first_day = cal->first_day;
	*last_day = cal->last_day;
	return FC_OK;
}

/* Day number of a date inside the range, or an error code. */
static int cal_locate(const fc_calendar *cal, int year, int month, int mday, int *day)
{
	if (!cal || fc_calendar_day(year, month, mday, day) != FC_OK)
		return FC_EINVAL;
	if (*day < cal->first_day || *day > cal->last_day)
		return FC_ERANGE;
	return FC_OK;
}

int fc_calendar_is_holiday(const fc_calendar *cal, int year, int month, int mday)
{
	int day;
	const int rc = cal_locate(cal, year, month, mday, &day);
	if (rc != FC_OK)
		return rc;
	return cal->first_row[day - cal->first_day] >= 0;
}

int fc_calendar_holiday_name(const fc_calendar *cal, int year, int month, int mday,
                             const char **name, fc_holiday_kind *kind)
{
	int day;
	if (!name)
		return FC_EINVAL;
	*name = NULL;
	if (kind)
		*kind = FC_HOLIDAY_NONE;
	const int rc = cal_locate(cal, year, month, mday, &day);
	if (rc != FC_OK)
		return rc;
	const int i = cal->first_row[day - cal->first_day];
	if (i < 0)
		return 0;
	*name = cal->rows[i].name;
	if (kind)
		*kind = cal->rows[i].kind;
	return 1;
}

int fc_calendar_count(const fc_calendar *cal)
{
	return cal ? cal->nrows : 0;
}

int fc_calendar_get(const fc_calendar *cal, int i, fc_holiday *out)
{
	if (!cal || !out || i < 0 || i >= cal->nrows)
		return FC_EINVAL;
	const cal_row *r = &cal->rows[i];
	out->day = r->day;
	fc_calendar_ymd(r->day, &out->year, &out->month, &out->mday);
	out->kind = r->kind;
	out->name = r->name;
	return FC_OK;
}

/* ----------------------------------------------------------------------------- events */

int fc_calendar_add_event(fc_calendar *cal, const char *date_iso, const char *name, int before,
                          int after)
{
	int day;
	if (!cal || !date_iso || !name || before < 0 || after < 0 || before > FC_EVENT_WINDOW_MAX ||
	    after > FC_EVENT_WINDOW_MAX)
		return FC_EINVAL;
	const size_t nl = strlen(name);
	if (nl == 0 || nl >= FC_EVENT_NAME_MAX || !cal_utf8_ok((const unsigned char *)name, nl) ||
	    cal_parse_iso(date_iso, strlen(date_iso), &day) != FC_OK)
		return FC_EINVAL;
	if (day < cal->first_day || day > cal->last_day)
		return FC_ERANGE;
	if (cal->nevents == cal->cap_events) {
		const int cap = cal->cap_events ? cal->cap_events * 2 : 16;
		cal_event *ne = realloc(cal->events, (size_t)cap * sizeof *ne);
		if (!ne)
			return FC_ENOMEM;
		cal->events = ne;
		cal->cap_events = cap;
	}
	cal_event *e = &cal->events[cal->nevents++];
	e->day = day;
	e->before = before;
	e->after = after;
	memcpy(e->name, name, nl + 1);
	return FC_OK;
}

void fc_calendar_clear_events(fc_calendar *cal)
{
	if (cal)
		cal->nevents = 0;
}

int fc_calendar_features(const fc_calendar *cal, int first_day, int n, fc_day_features *out)
{
	if (!cal || n < 0 || (n > 0 && !out))
		return FC_EINVAL;
	if (n == 0)
		return FC_OK;
	if (first_day < cal->first_day || first_day > cal->last_day ||
	    n - 1 > cal->last_day - first_day)
		return FC_ERANGE;
	int b = 0; /* first block that ends on or after the current day */
	for (int t = 0; t < n; t++) {
		const int day = first_day + t;
		fc_day_features *f = &out[t];
		memset(f, 0, sizeof *f);
		const int ri = cal->first_row[day - cal->first_day];
		f->weekday = cal_weekday_of(day);
		f->holiday = ri >= 0;
		f->kind = ri >= 0 ? cal->rows[ri].kind : FC_HOLIDAY_NONE;
		f->off_day = f->holiday || f->weekday >= 5;
		while (b < cal->nblocks && cal->blocks[b].last < day)
			b++;
		if (b < cal->nblocks && cal->blocks[b].first <= day) {
			f->in_festival = 1;
			f->festival = cal->blocks[b].festival;
		} else {
			f->festival = b < cal->nblocks ? cal->blocks[b].festival : 0;
			f->days_to_festival = b < cal->nblocks ? cal->blocks[b].first - day : -1;
			f->days_since_festival = b > 0 ? day - cal->blocks[b - 1].last : -1;
		}
		for (int e = 0; e < cal->nevents; e++) {
			const cal_event *ev = &cal->events[e];
			if (day >= ev->day - ev->before && day <= ev->day + ev->after) {
				if (f->event_count++ == 0)
					f->event_offset = day - ev->day;
			}
		}
	}
	return FC_OK;
}

int fc_calendar_features_covered(const fc_calendar *cal, int first_day, int n, int *lo, int *hi,
                                 fc_day_features **out)
{
	*out = NULL;
	*lo = 1;
	*hi = 0;
	int cf = 0, cl = 0;
	if (!cal || n < 1 || fc_calendar_range(cal, &cf, &cl) != FC_OK)
		return FC_OK;
	int a = first_day > cf ? first_day : cf;
	int b = first_day + n - 1 < cl ? first_day + n - 1 : cl;
	if (a > b)
		return FC_OK;
	fc_day_features *f = malloc((size_t)(b - a + 1) * sizeof *f);
	if (!f)
		return FC_ENOMEM;
	if (fc_calendar_features(cal, a, b - a + 1, f) != FC_OK) {
		free(f);
		return FC_OK;
	}
	*lo = a;
	*hi = b;
	*out = f;
	return FC_OK;
}
