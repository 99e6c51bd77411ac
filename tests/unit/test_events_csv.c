/* test_events_csv.c — the `date,name[,days_before,days_after]` reader behind
 * `jaego forecast --events`: free column order, the export's extra columns, quoting, BOM and
 * CRLF; every bad input rejected with its line number; and the command line's exit status 2
 * for a bad file or an event outside the calendar's years, with no output file left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_forecast.h"
#include "events_csv.h"

static char tmpdir[64];

static int parse(const char *text, events_list **l, char *msg)
{
	return events_csv_parse(text, strlen(text), l, msg, 256);
}

static void reads_rows_in_any_column_order(void **state)
{
	(void)state;
	events_list *l = NULL;
	char msg[256];
	const char *csv = "\xEF\xBB\xBF"
	                  "kind,days_after,name,date,memo,days_before\r\n"
	                  "channel_sale,2,십일절,2025-11-11,,0\r\n"
	                  "\r\n"
	                  "promotion,,\"쉼표, \"\"따옴표\"\"\",2025-03-02,\"두 줄\n메모\",3\r\n"
	                  "other, 1 ,  라이브  ,2025-06-01,,\n";
	assert_int_equal(parse(csv, &l, msg), EVENTS_OK);
	assert_int_equal(l->n, 3);
	assert_string_equal(l->rows[0].date, "2025-11-11");
	assert_string_equal(l->rows[0].name, "십일절");
	assert_int_equal(l->rows[0].before, 0);
	assert_int_equal(l->rows[0].after, 2);
	assert_int_equal(l->rows[0].line, 2);
	assert_string_equal(l->rows[1].name, "쉼표, \"따옴표\"");
	assert_int_equal(l->rows[1].before, 3);
	assert_int_equal(l->rows[1].after, 0);
	assert_int_equal(l->rows[1].line, 4);
	assert_string_equal(l->rows[2].name, "라이브");
	assert_int_equal(l->rows[2].after, 1);
	assert_int_equal(l->rows[2].line, 6); /* the quoted memo spanned two lines */
	events_free(l);

	/* Only the two required columns; a header without rows is an empty list. */
	assert_int_equal(parse("name,date\n블프,2025-11-28", &l, msg), EVENTS_OK);
	assert_int_equal(l->n, 1);
	assert_int_equal(l->rows[0].before, 0);
	events_free(l);
	assert_int_equal(parse("date,name\n", &l, msg), EVENTS_OK);
	assert_int_equal(l->n, 0);
	events_free(l);
}

static void expect_error(const char *csv, const char *want)
{
	events_list *l = (events_list *)1;
	char msg[256];
	int rc = parse(csv, &l, msg);
	assert_int_equal(rc, EVENTS_EFORMAT);
	assert_null(l);
	if (!strstr(msg, want))
		fail_msg("'%s': got '%s', want '%s'", csv, msg, want);
}

static void rejects_bad_input_with_line(void **state)
{
	(void)state;
	expect_error("", "line 1: bad_header");
	expect_error("\n\n", "line 1: bad_header");
	expect_error("date,sku\n2025-01-01,x\n", "line 1: bad_header");
	expect_error("date,name,date\n", "line 1: duplicate_column");
	expect_error("date,name\n2025-02-29,x\n", "line 2: bad_date");
	expect_error("date,name\n2025-1-01,x\n", "line 2: bad_date");
	expect_error("date,name\n2025-01-01,x\n2025-01-02\n", "line 3: empty_name"); /* short row */
	expect_error("date,name\n2025-01-01,x\n2025-01-02,\n", "line 3: empty_name");
	expect_error("date,name\n2025-01-01,\"  \"\n", "line 2: empty_name");
	expect_error("date,name\n2025-01-01,a\x01"
	             "b\n",
	             "line 2: bad_name");
	expect_error("date,name\n2025-01-01,\xff\xfe\n", "line 2: bad_name");
	expect_error("date,name\n2025-01-01,\xed\xa0\x80\n", "line 2: bad_name"); /* surrogate */
	char longname[256] = "date,name\n2025-01-01,";
	for (int i = 0; i < 61; i++)
		strcat(longname, "가");
	expect_error(longname, "line 2: name_too_long");
	expect_error("date,name,days_before\n2025-01-01,x,15\n", "line 2: bad_window");
	expect_error("date,name,days_after\n2025-01-01,x,-1\n", "line 2: bad_window");
	expect_error("date,name,days_after\n2025-01-01,x,1.5\n", "line 2: bad_window");
	expect_error("date,name\n\n2025-01-01,\"x\n", "line 3: bad_quote");
	expect_error("date,name\n2025-01-01,\"x\"y\n", "line 2: bad_quote");
	/* Sixty characters are fine. */
	events_list *l = NULL;
	char msg[256];
	longname[strlen(longname) - 3] = '\0';
	assert_int_equal(parse(longname, &l, msg), EVENTS_OK);
	events_free(l);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int run_cli(int backtest, const char *events, const char *out)
{
	char in[128];
	snprintf(in, sizeof in, "%s/sales.csv", tmpdir);
	char *argv[] = {backtest ? "backtest" : "forecast",
	                "--input",
	                in,
	                "--horizon",
	                "3",
	                "--events",
	                (char *)events,
	                "--output",
	                (char *)out,
	                NULL};
	int argc = 9;
	return backtest ? cli_backtest_main(argc, argv) : cli_forecast_main(argc, argv);
}

static void cli_reads_events_and_refuses_bad_ones(void **state)
{
	(void)state;
	char in[128], ev[128], out[128];
	snprintf(in, sizeof in, "%s/sales.csv", tmpdir);
	snprintf(ev, sizeof ev, "%s/events.csv", tmpdir);
	snprintf(out, sizeof out, "%s/out.csv", tmpdir);
	FILE *f = fopen(in, "w");
	assert_non_null(f);
	fputs("date,sku,qty\n", f);
	for (int d = 1; d <= 31; d++)
		fprintf(f, "2025-10-%02d,A,%d\n", d, d % 7 == 0 ? 9 : 3);
	fclose(f);

	write_file(ev, "date,name,days_before,days_after\n2025-10-10,가을 세일,1,1\n"
	               "2025-11-02,\"이름이 아주 긴 행사: 스물한 글자를 넘어 엔진의 이름 길이를 "
	               "넘깁니다\",0,0\n");
	assert_int_equal(run_cli(0, ev, out), 0);
	assert_int_equal(access(out, F_OK), 0);
	unlink(out);
	assert_int_equal(run_cli(1, ev, out), 0);
	unlink(out);

	/* Outside the holiday calendar's years, a bad line, a missing file: exit 2, no file. */
	write_file(ev, "date,name\n2025-10-10,ok\n2036-01-01,너무 먼 행사\n");
	assert_int_equal(run_cli(0, ev, out), 2);
	assert_int_equal(access(out, F_OK), -1);
	assert_int_equal(run_cli(1, ev, out), 2);
	write_file(ev, "date,name\n2025-10-10,\n");
	assert_int_equal(run_cli(0, ev, out), 2);
	assert_int_equal(access(out, F_OK), -1);
	snprintf(ev, sizeof ev, "%s/missing.csv", tmpdir);
	assert_int_equal(run_cli(0, ev, out), 2);
	assert_int_equal(run_cli(1, ev, out), 2);
	assert_int_equal(access(out, F_OK), -1);
}

static int make_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/jaego-events-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int drop_tmp(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(reads_rows_in_any_column_order),
	        cmocka_unit_test(rejects_bad_input_with_line),
	        cmocka_unit_test(cli_reads_events_and_refuses_bad_ones),
	};
	return cmocka_run_group_tests(tests, make_tmp, drop_tmp);
}
