/* test_fc_calendar.c — the Korean holiday calendar (data/kr_holidays.csv read through
 * fc_calendar): published holiday dates, substitute and temporary holidays, range and
 * date errors, 설날/추석 block regressors, organisation events, and malformed input.
 *
 * The CSV is the copy of data/kr_holidays.csv embedded in the binary (tools/embed), so
 * the test checks exactly the bytes the engine will parse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "embedded.h"
#include "fc_calendar.h"

static const char *g_csv;
static size_t g_len;

static int load_csv(void **state)
{
	(void)state;
	const struct embedded_file *f = embedded_find("data/kr_holidays.csv");
	if (!f)
		return -1;
	g_csv = (const char *)f->data;
	g_len = f->len;
	return 0;
}

static int free_csv(void **state)
{
	(void)state;
	return 0;
}

static fc_calendar *open_cal(void)
{
	fc_calendar *cal = NULL;
	assert_int_equal(fc_calendar_parse(g_csv, g_len, &cal), FC_OK);
	assert_non_null(cal);
	return cal;
}

/* Asserts that y-m-d is a holiday named `name` of `kind`. */
static void expect_holiday(const fc_calendar *cal, int y, int m, int d, const char *name,
                           fc_holiday_kind kind)
{
	const char *got = NULL;
	fc_holiday_kind k = FC_HOLIDAY_NONE;
	int rc = fc_calendar_holiday_name(cal, y, m, d, &got, &k);
	if (rc != 1)
		fail_msg("%04d-%02d-%02d: expected holiday %s, got rc %d", y, m, d, name, rc);
	assert_string_equal(got, name);
	assert_int_equal(k, kind);
	assert_int_equal(fc_calendar_is_holiday(cal, y, m, d), 1);
}

static void expect_workday(const fc_calendar *cal, int y, int m, int d)
{
	if (fc_calendar_is_holiday(cal, y, m, d) != 0)
		fail_msg("%04d-%02d-%02d: expected no holiday", y, m, d);
}

static void test_date_arithmetic(void **state)
{
	(void)state;
	int day = -1, y, m, d;
	assert_int_equal(fc_calendar_day(1970, 1, 1, &day), FC_OK);
	assert_int_equal(day, 0);
	assert_int_equal(fc_calendar_day(2000, 3, 1, &day), FC_OK);
	assert_int_equal(day, 11017);
	assert_int_equal(fc_calendar_day(2025, 2, 29, &day), FC_EINVAL); /* not a leap year */
	assert_int_equal(fc_calendar_day(2024, 2, 29, &day), FC_OK);
	assert_int_equal(fc_calendar_day(2024, 13, 1, &day), FC_EINVAL);
	assert_int_equal(fc_calendar_day(2024, 4, 31, &day), FC_EINVAL);
	assert_int_equal(fc_calendar_day(2024, 1, 1, NULL), FC_EINVAL);
	assert_int_equal(fc_calendar_weekday(1970, 1, 1), 3);  /* Thursday */
	assert_int_equal(fc_calendar_weekday(2025, 10, 6), 0); /* Monday, 추석 2025 */
	assert_int_equal(fc_calendar_weekday(2024, 2, 11), 6); /* Sunday */
	assert_int_equal(fc_calendar_weekday(1969, 12, 31), 2);
	assert_int_equal(fc_calendar_weekday(2023, 2, 30), FC_EINVAL);
	/* Round trip over 1900..2100. */
	int start, end;
	fc_calendar_day(1900, 1, 1, &start);
	fc_calendar_day(2100, 12, 31, &end);
	for (int t = start; t <= end; t++) {
		fc_calendar_ymd(t, &y, &m, &d);
		assert_int_equal(fc_calendar_day(y, m, d, &day), FC_OK);
		assert_int_equal(day, t);
	}
}

static void test_lunar_holidays_published(void **state)
{
	(void)state;
	fc_calendar *cal = open_cal();
	/* 추석 2024 = 9/16-18 (9/15 is a Sunday just before: no substitute). */
	expect_holiday(cal, 2024, 9, 16, "추석 전날", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2024, 9, 17, "추석", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2024, 9, 18, "추석 다음날", FC_HOLIDAY_LUNAR);
	expect_workday(cal, 2024, 9, 19);
	/* 설날 2025 = 1/28-30, with 1/27 declared a temporary holiday. */
	expect_holiday(cal, 2025, 1, 27, "임시공휴일", FC_HOLIDAY_TEMPORARY);
	expect_holiday(cal, 2025, 1, 28, "설날 전날", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2025, 1, 29, "설날", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2025, 1, 30, "설날 다음날", FC_HOLIDAY_LUNAR);
	expect_workday(cal, 2025, 1, 31);
	/* 추석 2025 = 10/5-7; 10/5 is a Sunday, so 10/8 is the substitute. */
	expect_holiday(cal, 2025, 10, 3, "개천절", FC_HOLIDAY_FIXED);
	expect_holiday(cal, 2025, 10, 6, "추석", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2025, 10, 8, "대체공휴일(추석)", FC_HOLIDAY_SUBSTITUTE);
	expect_holiday(cal, 2025, 10, 9, "한글날", FC_HOLIDAY_FIXED);
	expect_workday(cal, 2025, 10, 10);
	/* 설날 2026 = 2/16-18 (Mon-Wed, no substitute). */
	expect_holiday(cal, 2026, 2, 16, "설날 전날", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2026, 2, 17, "설날", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2026, 2, 18, "설날 다음날", FC_HOLIDAY_LUNAR);
	expect_workday(cal, 2026, 2, 19);
	/* 설날 2024 = 2/9-11 and 2/12 substitute (2/11 is a Sunday). */
	expect_holiday(cal, 2024, 2, 10, "설날", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2024, 2, 12, "대체공휴일(설날)", FC_HOLIDAY_SUBSTITUTE);
	/* 추석 2023 = 9/28-30 (Thu-Sat: Saturday gives no substitute), 10/2 temporary. */
	expect_holiday(cal, 2023, 9, 29, "추석", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2023, 10, 2, "임시공휴일", FC_HOLIDAY_TEMPORARY);
	expect_holiday(cal, 2023, 10, 3, "개천절", FC_HOLIDAY_FIXED);
	expect_workday(cal, 2023, 10, 4);
	/* 설날 2027 is 2/7 in Korea (new moon at 00:56 KST) but 2/6 in China: KST matters. */
	expect_holiday(cal, 2027, 2, 7, "설날", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2027, 2, 9, "대체공휴일(설날)", FC_HOLIDAY_SUBSTITUTE);
	/* Earlier published dates. */
	expect_holiday(cal, 2015, 9, 27, "추석", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2015, 9, 29, "대체공휴일(추석)", FC_HOLIDAY_SUBSTITUTE);
	expect_holiday(cal, 2016, 2, 8, "설날", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2017, 10, 4, "추석", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2017, 10, 6, "대체공휴일(추석)", FC_HOLIDAY_SUBSTITUTE);
	expect_holiday(cal, 2020, 4, 30, "부처님오신날", FC_HOLIDAY_LUNAR);
	expect_holiday(cal, 2024, 5, 15, "부처님오신날", FC_HOLIDAY_LUNAR);
	fc_calendar_free(cal);
}

static void test_substitute_and_special_days(void **state)
{
	(void)state;
	fc_calendar *cal = open_cal();
	/* 어린이날 on a Saturday (since 2014). */
	expect_holiday(cal, 2018, 5, 7, "대체공휴일(어린이날)", FC_HOLIDAY_SUBSTITUTE);
	/* 광복절 2021 on a Sunday: the first substitute under the 2021 extension. */
	expect_holiday(cal, 2021, 8, 16, "대체공휴일(광복절)", FC_HOLIDAY_SUBSTITUTE);
	expect_holiday(cal, 2022, 10, 10, "대체공휴일(한글날)", FC_HOLIDAY_SUBSTITUTE);
	/* Before the extension: 개천절 2020 (Saturday) had none. */
	expect_workday(cal, 2020, 10, 5);
	/* 성탄절 2022 (Sunday) had none; the 2023 extension covers 2027 (Saturday). */
	expect_workday(cal, 2022, 12, 26);
	expect_holiday(cal, 2027, 12, 27, "대체공휴일(성탄절)", FC_HOLIDAY_SUBSTITUTE);
	/* 부처님오신날 2023 on a Saturday: substitute 5/29. */
	expect_holiday(cal, 2023, 5, 29, "대체공휴일(부처님오신날)", FC_HOLIDAY_SUBSTITUTE);
	/* 2025-05-05 is both 어린이날 and 부처님오신날: one substitute on 5/6. */
	const char *name = NULL;
	assert_int_equal(fc_calendar_holiday_name(cal, 2025, 5, 5, &name, NULL), 1);
	assert_true(strcmp(name, "어린이날") == 0 || strcmp(name, "부처님오신날") == 0);
	assert_int_equal(fc_calendar_is_holiday(cal, 2025, 5, 6), 1);
	expect_workday(cal, 2025, 5, 7);
	/* 현충일 and 신정 never get a substitute (2021-06-06 was a Sunday). */
	expect_workday(cal, 2021, 6, 7);
	/* Elections and temporary holidays. */
	expect_holiday(cal, 2024, 4, 10, "국회의원선거일", FC_HOLIDAY_ELECTION);
	expect_holiday(cal, 2025, 6, 3, "대통령선거일", FC_HOLIDAY_ELECTION);
	expect_holiday(cal, 2017, 5, 9, "대통령선거일", FC_HOLIDAY_ELECTION);
	expect_holiday(cal, 2022, 6, 1, "전국동시지방선거일", FC_HOLIDAY_ELECTION);
	expect_holiday(cal, 2026, 6, 3, "전국동시지방선거일", FC_HOLIDAY_ELECTION);
	expect_holiday(cal, 2028, 4, 12, "국회의원선거일", FC_HOLIDAY_ELECTION);
	expect_holiday(cal, 2024, 10, 1, "임시공휴일(국군의 날)", FC_HOLIDAY_TEMPORARY);
	expect_holiday(cal, 2015, 8, 14, "임시공휴일(광복 70주년)", FC_HOLIDAY_TEMPORARY);
	expect_holiday(cal, 2020, 8, 17, "임시공휴일", FC_HOLIDAY_TEMPORARY);
	/* Ordinary days: 근로자의 날 and 제헌절 are not public holidays. */
	expect_workday(cal, 2025, 5, 1);
	expect_workday(cal, 2025, 7, 17);
	expect_workday(cal, 2025, 11, 28);
	/* A Sunday that is not a holiday is not reported as one. */
	expect_workday(cal, 2025, 11, 30);
	fc_calendar_free(cal);
}

static void test_whole_file_invariants(void **state)
{
	(void)state;
	fc_calendar *cal = open_cal();
	int first, last, y, m, d;
	assert_int_equal(fc_calendar_range(cal, &first, &last), FC_OK);
	fc_calendar_ymd(first, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20150101);
	fc_calendar_ymd(last, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20351231);
	int seollal[2036] = {0}, chuseok[2036] = {0}, buddha[2036] = {0};
	const int n = fc_calendar_count(cal);
	assert_true(n > 300);
	int prev = INT32_MIN;
	for (int i = 0; i < n; i++) {
		fc_holiday h;
		assert_int_equal(fc_calendar_get(cal, i, &h), FC_OK);
		assert_true(h.day >= prev); /* date order */
		prev = h.day;
		assert_true(h.year >= 2015 && h.year <= 2035);
		if (h.kind == FC_HOLIDAY_SUBSTITUTE) /* substitutes fall on weekdays */
			assert_true(fc_calendar_weekday(h.year, h.month, h.mday) < 5);
		if (strncmp(h.name, "설날", strlen("설날")) == 0)
			seollal[h.year]++;
		if (strncmp(h.name, "추석", strlen("추석")) == 0)
			chuseok[h.year]++;
		if (strcmp(h.name, "부처님오신날") == 0)
			buddha[h.year]++;
	}
	for (int yr = 2015; yr <= 2035; yr++) {
		/* Three days each, except when 설날 전날 falls in the previous year (none here). */
		assert_int_equal(seollal[yr], 3);
		assert_int_equal(chuseok[yr], 3);
		assert_int_equal(buddha[yr], 1);
	}
	fc_holiday h;
	assert_int_equal(fc_calendar_get(cal, n, &h), FC_EINVAL);
	assert_int_equal(fc_calendar_get(cal, -1, &h), FC_EINVAL);
	fc_calendar_free(cal);
}

static void test_range_and_date_errors(void **state)
{
	(void)state;
	fc_calendar *cal = open_cal();
	const char *name = "x";
	assert_int_equal(fc_calendar_is_holiday(cal, 2014, 12, 31), FC_ERANGE);
	assert_int_equal(fc_calendar_is_holiday(cal, 2036, 1, 1), FC_ERANGE);
	assert_int_equal(fc_calendar_is_holiday(cal, 2015, 1, 1), 1);
	assert_int_equal(fc_calendar_is_holiday(cal, 2035, 12, 25), 1);
	assert_int_equal(fc_calendar_is_holiday(cal, 2025, 2, 29), FC_EINVAL);
	assert_int_equal(fc_calendar_is_holiday(NULL, 2025, 1, 1), FC_EINVAL);
	assert_int_equal(fc_calendar_holiday_name(cal, 2040, 1, 1, &name, NULL), FC_ERANGE);
	assert_null(name);
	assert_int_equal(fc_calendar_holiday_name(cal, 2025, 1, 1, NULL, NULL), FC_EINVAL);
	assert_int_equal(fc_calendar_holiday_name(cal, 2025, 11, 28, &name, NULL), 0);
	assert_null(name);
	fc_day_features f[4];
	int first, last;
	fc_calendar_range(cal, &first, &last);
	assert_int_equal(fc_calendar_features(cal, last - 2, 4, f), FC_ERANGE);
	assert_int_equal(fc_calendar_features(cal, first - 1, 1, f), FC_ERANGE);
	assert_int_equal(fc_calendar_features(cal, last - 3, 4, f), FC_OK);
	assert_int_equal(fc_calendar_features(cal, first, -1, f), FC_EINVAL);
	assert_int_equal(fc_calendar_features(cal, first, 0, NULL), FC_OK);
	assert_int_equal(fc_calendar_range(NULL, &first, &last), FC_EINVAL);
	fc_calendar_free(cal);
}

static void test_festival_blocks(void **state)
{
	(void)state;
	fc_calendar *cal = open_cal();
	int day;
	fc_day_features f[20];
	/* 추석 2025: off days 10/3 (개천절) .. 10/9 (한글날) form one block. */
	assert_int_equal(fc_calendar_day(2025, 9, 30, &day), FC_OK);
	assert_int_equal(fc_calendar_features(cal, day, 12, f), FC_OK);
	assert_int_equal(f[0].weekday, 1);          /* 9/30 Tuesday */
	assert_int_equal(f[0].days_to_festival, 3); /* block starts 10/3 */
	assert_int_equal(f[0].festival, FC_FESTIVAL_CHUSEOK);
	assert_int_equal(f[0].in_festival, 0);
	assert_int_equal(f[2].days_to_festival, 1); /* 10/2 */
	for (int t = 3; t <= 9; t++) {              /* 10/3 .. 10/9 */
		assert_int_equal(f[t].in_festival, 1);
		assert_int_equal(f[t].off_day, 1);
		assert_int_equal(f[t].days_to_festival, 0);
		assert_int_equal(f[t].days_since_festival, 0);
	}
	assert_int_equal(f[4].holiday, 0); /* 10/4 Saturday: off, not holiday */
	assert_int_equal(f[4].off_day, 1);
	assert_int_equal(f[10].in_festival, 0); /* 10/10 Friday, back to work */
	assert_int_equal(f[10].days_since_festival, 1);
	assert_int_equal(f[10].festival, FC_FESTIVAL_SEOLLAL); /* next: 설날 2026 */
	assert_int_equal(f[6].kind, FC_HOLIDAY_LUNAR);
	/* 설날 2026: Sat 2/14 .. Wed 2/18. From 2025-10-10 the next block is 127 days away. */
	int d2;
	fc_calendar_day(2026, 2, 14, &d2);
	assert_int_equal(f[10].days_to_festival, d2 - (day + 10));
	assert_int_equal(fc_calendar_day(2026, 2, 12, &day), FC_OK);
	assert_int_equal(fc_calendar_features(cal, day, 8, f), FC_OK);
	assert_int_equal(f[1].days_to_festival, 1); /* Friday 2/13 */
	assert_int_equal(f[2].in_festival, 1);      /* Saturday 2/14 */
	assert_int_equal(f[6].in_festival, 1);      /* Wednesday 2/18 */
	assert_int_equal(f[7].days_since_festival, 1);
	/* The first block of the range has no earlier one; the last has no later one. */
	fc_calendar_day(2015, 1, 5, &day);
	assert_int_equal(fc_calendar_features(cal, day, 1, f), FC_OK);
	assert_int_equal(f[0].days_since_festival, -1);
	fc_calendar_day(2035, 12, 1, &day);
	assert_int_equal(fc_calendar_features(cal, day, 1, f), FC_OK);
	assert_int_equal(f[0].days_to_festival, -1);
	assert_true(f[0].days_since_festival > 0);
	fc_calendar_free(cal);
}

static void test_events(void **state)
{
	(void)state;
	fc_calendar *cal = open_cal();
	assert_int_equal(fc_calendar_add_event(cal, "2025-11-11", "빼빼로데이 기획전", 3, 1),
	                 FC_OK);
	assert_int_equal(fc_calendar_add_event(cal, "2025-11-12", "자체 휴무", 0, 0), FC_OK);
	int day;
	fc_day_features f[8];
	fc_calendar_day(2025, 11, 7, &day);
	assert_int_equal(fc_calendar_features(cal, day, 8, f), FC_OK);
	assert_int_equal(f[0].event_count, 0); /* 11/7 */
	assert_int_equal(f[1].event_count, 1); /* 11/8 = 3 days before */
	assert_int_equal(f[1].event_offset, -3);
	assert_int_equal(f[4].event_offset, 0); /* 11/11 */
	assert_int_equal(f[5].event_count, 2);  /* 11/12: 1 day after, and the closure */
	assert_int_equal(f[5].event_offset, 1);
	assert_int_equal(f[6].event_count, 0);
	/* Events do not change the national holidays. */
	assert_int_equal(fc_calendar_is_holiday(cal, 2025, 11, 12), 0);
	/* Errors: outside range, bad dates, names and windows. */
	assert_int_equal(fc_calendar_add_event(cal, "2040-01-01", "행사", 0, 0), FC_ERANGE);
	assert_int_equal(fc_calendar_add_event(cal, "2014-12-31", "행사", 0, 0), FC_ERANGE);
	assert_int_equal(fc_calendar_add_event(cal, "2025-13-01", "행사", 0, 0), FC_EINVAL);
	assert_int_equal(fc_calendar_add_event(cal, "2025-1-01", "행사", 0, 0), FC_EINVAL);
	assert_int_equal(fc_calendar_add_event(cal, "2025-01-01", "", 0, 0), FC_EINVAL);
	assert_int_equal(fc_calendar_add_event(cal, "2025-01-01", "\xff\xfe", 0, 0), FC_EINVAL);
	assert_int_equal(fc_calendar_add_event(cal, "2025-01-01", "행사", -1, 0), FC_EINVAL);
	assert_int_equal(
	        fc_calendar_add_event(cal, "2025-01-01", "행사", 0, FC_EVENT_WINDOW_MAX + 1),
	        FC_EINVAL);
	assert_int_equal(fc_calendar_add_event(NULL, "2025-01-01", "행사", 0, 0), FC_EINVAL);
	char longname[FC_EVENT_NAME_MAX + 1];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(fc_calendar_add_event(cal, "2025-01-01", longname, 0, 0), FC_EINVAL);
	/* Many events (the array grows). */
	for (int i = 0; i < 100; i++)
		assert_int_equal(fc_calendar_add_event(cal, "2030-01-15", "반복 행사", 1, 1),
		                 FC_OK);
	fc_calendar_day(2030, 1, 14, &day);
	assert_int_equal(fc_calendar_features(cal, day, 1, f), FC_OK);
	assert_int_equal(f[0].event_count, 100);
	fc_calendar_clear_events(cal);
	assert_int_equal(fc_calendar_features(cal, day, 1, f), FC_OK);
	assert_int_equal(f[0].event_count, 0);
	fc_calendar_free(cal);
}

static void test_deterministic(void **state)
{
	(void)state;
	fc_calendar *a = open_cal(), *b = open_cal();
	assert_int_equal(fc_calendar_count(a), fc_calendar_count(b));
	for (int i = 0; i < fc_calendar_count(a); i++) {
		fc_holiday x, y;
		fc_calendar_get(a, i, &x);
		fc_calendar_get(b, i, &y);
		assert_int_equal(x.day, y.day);
		assert_int_equal(x.kind, y.kind);
		assert_string_equal(x.name, y.name);
	}
	int first, last;
	fc_calendar_range(a, &first, &last);
	const int n = last - first + 1;
	fc_day_features *fa = calloc((size_t)n, sizeof *fa), *fb = calloc((size_t)n, sizeof *fb);
	assert_non_null(fa);
	assert_non_null(fb);
	assert_int_equal(fc_calendar_features(a, first, n, fa), FC_OK);
	assert_int_equal(fc_calendar_features(b, first, n, fb), FC_OK);
	assert_memory_equal(fa, fb, (size_t)n * sizeof *fa);
	/* The whole-range call agrees with day-by-day calls. */
	for (int t = 0; t < n; t += 97) {
		fc_day_features one;
		assert_int_equal(fc_calendar_features(a, first + t, 1, &one), FC_OK);
		assert_memory_equal(&one, &fa[t], sizeof one);
	}
	free(fa);
	free(fb);
	fc_calendar_free(a);
	fc_calendar_free(b);
}

/* Expects fc_calendar_parse to reject `text` with FC_EINVAL and leave *out NULL. */
static void expect_reject(const char *text)
{
	fc_calendar *cal = (fc_calendar *)&cal; /* any non-NULL value */
	const int rc = fc_calendar_parse(text, strlen(text), &cal);
	if (rc != FC_EINVAL)
		fail_msg("accepted or wrong code %d for: %s", rc, text);
	assert_null(cal);
}

static void test_bad_input(void **state)
{
	(void)state;
	fc_calendar *cal = NULL;
	assert_int_equal(fc_calendar_parse(NULL, 0, &cal), FC_EINVAL);
	assert_int_equal(fc_calendar_parse("date,name,kind\n", 15, NULL), FC_EINVAL);
	expect_reject("");
	expect_reject("date,name,kind\n");                                /* no rows */
	expect_reject("date,name\n2025-01-01,신정\n");                    /* header */
	expect_reject("date,name,kind\n2025-02-29,x,fixed\n");            /* not a date */
	expect_reject("date,name,kind\n2025/01/01,신정,fixed\n");         /* date format */
	expect_reject("date,name,kind\n2025-01-01,,fixed\n");             /* empty name */
	expect_reject("date,name,kind\n2025-01-01,신정,solar\n");         /* unknown kind */
	expect_reject("date,name,kind\n2025-01-01,신정,fixed,x\n");       /* extra field */
	expect_reject("date,name,kind\n2025-01-01,\"신정\",fixed\n");     /* quoting */
	expect_reject("date,name,kind\n2025-01-01,\xc3\x28,fixed\n");     /* invalid UTF-8 */
	expect_reject("date,name,kind\n2025-01-01,\xe0\x80\x80,fixed\n"); /* overlong */
	expect_reject("date,name,kind\n2025-01-01,신정,fixed\n\n2025-03-01,삼일절,fixed\n");
	expect_reject("date,name,kind\n1800-01-01,a,fixed\n2100-01-01,b,fixed\n"); /* 301 years */
	/* Accepted variations: CRLF, a byte-order mark, no final newline, unsorted rows. */
	const char *ok = "\xef\xbb\xbf"
	                 "date,name,kind\r\n2025-03-01,삼일절,fixed\r\n2025-01-01,신정,fixed";
	assert_int_equal(fc_calendar_parse(ok, strlen(ok), &cal), FC_OK);
	assert_int_equal(fc_calendar_count(cal), 2);
	fc_holiday h;
	assert_int_equal(fc_calendar_get(cal, 0, &h), FC_OK);
	assert_string_equal(h.name, "신정");
	assert_int_equal(fc_calendar_is_holiday(cal, 2025, 3, 1), 1);
	assert_int_equal(fc_calendar_is_holiday(cal, 2024, 12, 31), FC_ERANGE);
	/* No 설날/추석 rows: no blocks, so distances are unknown. */
	fc_day_features f;
	int day;
	fc_calendar_day(2025, 6, 1, &day);
	assert_int_equal(fc_calendar_features(cal, day, 1, &f), FC_OK);
	assert_int_equal(f.days_to_festival, -1);
	assert_int_equal(f.days_since_festival, -1);
	fc_calendar_free(cal);
	fc_calendar_free(NULL);
	/* Bytes after the length are ignored: a truncated buffer is parsed as truncated. */
	const char *full = "date,name,kind\n2025-01-01,신정,fixed\n2025-03-01,삼일절,fixed\n";
	const char *cut = strstr(full, "2025-03");
	assert_int_equal(fc_calendar_parse(full, (size_t)(cut - full), &cal), FC_OK);
	assert_int_equal(fc_calendar_count(cal), 1);
	fc_calendar_free(cal);
	assert_string_equal(fc_calendar_kind_name(FC_HOLIDAY_SUBSTITUTE), "substitute");
	assert_string_equal(fc_calendar_kind_name(FC_HOLIDAY_NONE), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_date_arithmetic),
	        cmocka_unit_test(test_lunar_holidays_published),
	        cmocka_unit_test(test_substitute_and_special_days),
	        cmocka_unit_test(test_whole_file_invariants),
	        cmocka_unit_test(test_range_and_date_errors),
	        cmocka_unit_test(test_festival_blocks),
	        cmocka_unit_test(test_events),
	        cmocka_unit_test(test_deterministic),
	        cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, load_csv, free_csv);
}
