/* test_sales_csv.c — the strict sales CSV reader and the forecast/backtest command line:
 * densifying (gaps are zero, duplicates summed, SKUs end on the file's last date), every
 * kind of bad input rejected with its line number, the size limit, and the CLI's exit
 * status 2 with no output file left behind. */
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
#include "sales_csv.h"

static int parse(const char *text, sales_data **d, char *msg)
{
	return sales_csv_parse(text, strlen(text), d, msg, 256);
}

static void dates_round_trip(void **state)
{
	(void)state;
	int day;
	char buf[11];
	assert_int_equal(sales_date_parse("1970-01-01", 10, &day), 0);
	assert_int_equal(day, 0);
	assert_int_equal(sales_date_parse("2024-02-29", 10, &day), 0); /* leap day */
	sales_date_format(day, buf);
	assert_string_equal(buf, "2024-02-29");
	sales_date_format(day + 1, buf);
	assert_string_equal(buf, "2024-03-01");
	assert_int_equal(sales_date_parse("2023-02-29", 10, &day), -1);
	assert_int_equal(sales_date_parse("2023-13-01", 10, &day), -1);
	assert_int_equal(sales_date_parse("2023-1-01", 9, &day), -1);
	assert_int_equal(sales_date_parse("2023/01/01", 10, &day), -1);
}

static void densifies_sums_and_sorts(void **state)
{
	(void)state;
	sales_data *d = NULL;
	char msg[256];
	const char *csv = "qty,note,sku,date\n"
	                  "2,x,B,2024-02-28\n"
	                  "1,\"a, quoted\",A,2024-02-27\n"
	                  "3,,A,2024-03-01\n"
	                  "4,,A,2024-03-01\n"
	                  "\n"
	                  "5,,B,2024-03-02\r\n";
	assert_int_equal(parse(csv, &d, msg), SALES_OK);
	assert_int_equal(d->nsku, 2);
	assert_int_equal(d->rows, 5);
	char buf[11];
	sales_date_format(d->last_day, buf);
	assert_string_equal(buf, "2024-03-02");
	/* A: 02-27 .. 03-02 = 5 days (leap day included), duplicates summed */
	assert_string_equal(d->s[0].sku, "A");
	assert_int_equal(d->s[0].n, 5);
	double a[5] = {1, 0, 0, 7, 0};
	for (int i = 0; i < 5; i++)
		assert_true(d->s[0].y[i] == a[i]);
	assert_string_equal(d->s[1].sku, "B");
	assert_int_equal(d->s[1].n, 4);
	double b[4] = {2, 0, 0, 5};
	for (int i = 0; i < 4; i++)
		assert_true(d->s[1].y[i] == b[i]);
	sales_free(d);
}

/* Each bad input names its line and its stable code. */
static void rejects_bad_input_with_line(void **state)
{
	(void)state;
	static const struct {
		const char *csv, *expect;
	} cases[] = {
	        {"", "line 1: empty_file"},
	        {"\n\n", "line 1: empty_file"},
	        {"day,sku,qty\n2024-01-01,A,1\n", "line 1: missing_header"},
	        {"2024-01-01,A,1\n", "line 1: missing_header"},
	        {"date,sku,qty\n", "no_rows"},
	        {"date,sku,qty\n2024-01-01,A,1\n2024-02-30,A,1\n", "line 3: bad_date"},
	        {"date,sku,qty\n2024-01-01,A,1\n01/02/2024,A,1\n", "line 3: bad_date"},
	        {"date,sku,qty\n2024-01-01,A,-1\n", "line 2: negative_qty"},
	        {"date,sku,qty\n2024-01-01,A,1\n2024-01-02,A,abc\n", "line 3: bad_qty"},
	        {"date,sku,qty\n2024-01-01,A,\n", "line 2: bad_qty"},
	        {"date,sku,qty\n2024-01-01,A,1e3\n", "line 2: bad_qty"},
	        {"date,sku,qty\n2024-01-01,A,nan\n", "line 2: bad_qty"},
	        {"date,sku,qty\n2024-01-01,,1\n", "line 2: bad_sku"},
	        {"date,sku,qty\n2024-01-01,A\n", "line 2: missing_column"},
	        {"date,sku,qty\n2024-01-01,\"A,1\n", "line 2: unterminated_quote"},
	        {"date,sku,qty\n2024-01-01,A,1\n\0", "binary_file"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sales_data *d = (sales_data *)1;
		char msg[256];
		size_t len = strlen(cases[i].csv);
		if (strstr(cases[i].expect, "binary"))
			len += 1;
		int rc = sales_csv_parse(cases[i].csv, len, &d, msg, sizeof msg);
		if (rc != SALES_EFORMAT || !strstr(msg, cases[i].expect))
			fail_msg("case %zu: rc %d msg '%s', want '%s'", i, rc, msg,
			         cases[i].expect);
		assert_null(d);
	}
}

static char tmpdir[64];

static int make_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_sales_csv.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int drop_tmp(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void size_limit_is_checked_before_reading(void **state)
{
	(void)state;
	char path[128], msg[256];
	snprintf(path, sizeof path, "%s/big.csv", tmpdir);
	write_file(path, "date,sku,qty\n2024-01-01,A,1\n2024-01-02,A,2\n");
	sales_data *d = NULL;
	assert_int_equal(sales_csv_read(path, 20, &d, msg, sizeof msg), SALES_ETOOBIG);
	assert_non_null(strstr(msg, "file_too_large"));
	assert_null(d);
	assert_int_equal(sales_csv_read(path, 1000, &d, msg, sizeof msg), SALES_OK);
	sales_free(d);
	snprintf(path, sizeof path, "%s/missing.csv", tmpdir);
	assert_int_equal(sales_csv_read(path, 1000, &d, msg, sizeof msg), SALES_EIO);
}

static int run_cli(int backtest, const char *a1, const char *a2, const char *a3, const char *a4,
                   const char *a5, const char *a6)
{
	char *argv[8] = {backtest ? "backtest" : "forecast",
	                 (char *)a1,
	                 (char *)a2,
	                 (char *)a3,
	                 (char *)a4,
	                 (char *)a5,
	                 (char *)a6,
	                 NULL};
	int argc = 1;
	while (argc < 7 && argv[argc])
		argc++;
	return backtest ? cli_backtest_main(argc, argv) : cli_forecast_main(argc, argv);
}

static void cli_bad_input_exits_2_without_output(void **state)
{
	(void)state;
	char in[128], out[128];
	snprintf(in, sizeof in, "%s/bad.csv", tmpdir);
	snprintf(out, sizeof out, "%s/out.csv", tmpdir);
	write_file(in, "date,sku,qty\n2024-01-01,A,1\n2024-01-02,A,-3\n");
	assert_int_equal(run_cli(0, "--input", in, "--horizon", "7", "--output", out), 2);
	assert_int_equal(access(out, F_OK), -1);
	assert_int_equal(run_cli(1, "--input", in, "--horizon", "7", "--output", out), 2);
	assert_int_equal(access(out, F_OK), -1);
	/* usage errors */
	assert_int_equal(run_cli(0, "--input", in, "--horizon", "0", NULL, NULL), 2);
	assert_int_equal(run_cli(0, "--input", in, "--horizon", "abc", NULL, NULL), 2);
	assert_int_equal(run_cli(0, "--input", in, NULL, NULL, NULL, NULL), 2);
	assert_int_equal(run_cli(0, "--input", in, "--horizon", "7", "--model", "nosuch"), 2);
	assert_int_equal(run_cli(0, "--bogus", "1", "--horizon", "7", NULL, NULL), 2);
}

static void cli_forecast_writes_contract_rows(void **state)
{
	(void)state;
	char in[128], out[128];
	snprintf(in, sizeof in, "%s/good.csv", tmpdir);
	snprintf(out, sizeof out, "%s/fc.csv", tmpdir);
	FILE *f = fopen(in, "w");
	assert_non_null(f);
	fputs("date,sku,qty\n", f);
	for (int d = 1; d <= 28; d++)
		fprintf(f, "2024-02-%02d,A,%d\n", d, d % 7 == 0 ? 9 : 3);
	fputs("2024-02-29,B,0\n", f); /* a SKU with one day and no sales */
	fclose(f);
	assert_int_equal(run_cli(0, "--input", in, "--horizon", "3", "--output", out), 0);
	f = fopen(out, "r");
	assert_non_null(f);
	char line[256];
	assert_non_null(fgets(line, sizeof line, f));
	assert_string_equal(line, "sku,date,model,mean,p10,p50,p90\n");
	int rows = 0;
	while (fgets(line, sizeof line, f)) {
		rows++;
		if (rows == 1)
			assert_memory_equal(line, "A,2024-03-01,", 13);
		if (rows == 4)
			assert_memory_equal(line, "B,2024-03-01,zero,0.0000", 24);
	}
	fclose(f);
	assert_int_equal(rows, 6);
	assert_int_equal(run_cli(1, "--input", in, "--horizon", "7", "--output", out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(dates_round_trip),
	        cmocka_unit_test(densifies_sums_and_sorts),
	        cmocka_unit_test(rejects_bad_input_with_line),
	        cmocka_unit_test(size_limit_is_checked_before_reading),
	        cmocka_unit_test(cli_bad_input_exits_2_without_output),
	        cmocka_unit_test(cli_forecast_writes_contract_rows),
	};
	return cmocka_run_group_tests(tests, make_tmp, drop_tmp);
}
