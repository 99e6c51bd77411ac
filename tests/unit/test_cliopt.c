/* test_cliopt.c — the shared option loop: --db over JAEGO_DB, --help, bad options, and a
 * command's own options reaching its callback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cliopt.h"

static int usage_calls;
static FILE *usage_to;

static void usage(FILE *f)
{
	usage_calls++;
	usage_to = f;
}

struct seen {
	const char *name;
	int flag;
};

static int set(void *ctx, int ch, const char *arg)
{
	struct seen *s = ctx;
	if (ch == 'n')
		s->name = arg;
	else if (ch == 'f')
		s->flag = 1;
	else if (ch == 'x')
		return 7; /* the command refuses the value */
	return 0;
}

static const struct option opts[] = {{"name", required_argument, NULL, 'n'},
                                     {"flag", no_argument, NULL, 'f'},
                                     {"refuse", required_argument, NULL, 'x'},
                                     {NULL, 0, NULL, 0}};

static int parse(int argc, char **argv, struct seen *s, const char **dbp, int *rest)
{
	const struct cliopt_spec spec = {opts, set, s, usage};
	usage_calls = 0;
	usage_to = NULL;
	return cliopt_parse(argc, argv, &spec, dbp, rest);
}

static void db_option_beats_the_environment(void **state)
{
	(void)state;
	struct seen s = {0};
	const char *dbp = NULL;
	int rest = 0;
	setenv("JAEGO_DB", "/env.db", 1);
	char *a1[] = {"cmd", "--name", "가", "--flag", "rest", NULL};
	assert_int_equal(parse(5, a1, &s, &dbp, &rest), CLIOPT_GO_ON);
	assert_string_equal(dbp, "/env.db");
	assert_string_equal(s.name, "가");
	assert_int_equal(s.flag, 1);
	assert_int_equal(rest, 4);
	char *a2[] = {"cmd", "--db", "/opt.db", NULL};
	assert_int_equal(parse(3, a2, &s, &dbp, &rest), CLIOPT_GO_ON);
	assert_string_equal(dbp, "/opt.db");
	assert_int_equal(rest, 3);
	setenv("JAEGO_DB", "", 1); /* empty means not set */
	char *a3[] = {"cmd", NULL};
	assert_int_equal(parse(1, a3, &s, &dbp, &rest), CLIOPT_GO_ON);
	assert_null(dbp);
	unsetenv("JAEGO_DB");
	assert_int_equal(parse(1, a3, &s, &dbp, &rest), CLIOPT_GO_ON);
	assert_null(dbp);
}

static void help_and_bad_options_end_the_command(void **state)
{
	(void)state;
	struct seen s = {0};
	const char *dbp = NULL;
	int rest = 0;
	char *a1[] = {"cmd", "--help", NULL};
	assert_int_equal(parse(2, a1, &s, &dbp, &rest), 0);
	assert_int_equal(usage_calls, 1);
	assert_ptr_equal(usage_to, stdout);
	char *a2[] = {"cmd", "--nope", NULL};
	assert_int_equal(parse(2, a2, &s, &dbp, &rest), 2);
	assert_ptr_equal(usage_to, stderr);
	char *a3[] = {"cmd", "--db", NULL}; /* missing argument */
	assert_int_equal(parse(2, a3, &s, &dbp, &rest), 2);
	assert_ptr_equal(usage_to, stderr);
	char *a4[] = {"cmd", "--refuse", "1", "--flag", NULL};
	s.flag = 0;
	assert_int_equal(parse(4, a4, &s, &dbp, &rest), 7);
	assert_int_equal(s.flag, 0); /* nothing after the refused option is read */
	assert_int_equal(usage_calls, 0);
}

/* An option's number is the whole argument, in range, or refused with *out untouched. */
static void numbers_are_whole_and_in_range(void **state)
{
	(void)state;
	int n = 7;
	assert_int_equal(cliopt_int("28", 1, 90, &n), 0);
	assert_int_equal(n, 28);
	const char *bad[] = {"", "0", "91", "2x", "x", "1e2", "99999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(cliopt_int(bad[i], 1, 90, &n), -1);
		assert_int_equal(n, 28);
	}
	long l = 0;
	assert_int_equal(cliopt_long("2147483647", 0, 2147483647L, &l), 0);
	assert_int_equal(l, 2147483647L);
	assert_int_equal(cliopt_long("-1", 0, 10, &l), -1);
}

int main(void)
{
	opterr = 0; /* keep getopt's own complaints out of the test output */
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(db_option_beats_the_environment),
	        cmocka_unit_test(help_and_bad_options_end_the_command),
	        cmocka_unit_test(numbers_are_whole_and_in_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
