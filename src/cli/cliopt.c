/* cliopt.c — the shared option loop of the jaego commands (see cliopt.h). */
#include "cliopt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Values outside any char, so they never meet a command's own option values. */
enum { OPT_DB = 0x10000, OPT_HELP, OPT_MAX = 32 };

/* The command's options followed by --db and --help; -1 when there are too many. */
static int build_table(const struct option *own, struct option *out)
{
	int n = 0;
	for (; own && own[n].name; n++) {
		if (n >= OPT_MAX - 3)
			return -1;
		out[n] = own[n];
	}
	out[n++] = (struct option){"db", required_argument, NULL, OPT_DB};
	out[n++] = (struct option){"help", no_argument, NULL, OPT_HELP};
	out[n] = (struct option){NULL, 0, NULL, 0};
	return 0;
}

static const char *env_db(void)
{
	const char *e = getenv("JAEGO_DB");
	return e && *e ? e : NULL;
}

int cliopt_parse(int argc, char **argv, const struct cliopt_spec *spec, const char **db_path,
                 int *rest)
{
	struct option table[OPT_MAX];
	if (build_table(spec->opts, table) != 0)
		abort(); /* a programming error: the table is fixed at compile time */
	*db_path = env_db();
	optind = 1;
	int ch;
	while ((ch = getopt_long(argc, argv, "", table, NULL)) != -1) {
		if (ch == OPT_DB) {
			*db_path = optarg;
		} else if (ch == OPT_HELP) {
			spec->usage(stdout);
			return 0;
		} else if (ch == '?' || ch == ':' || !spec->set) {
			spec->usage(stderr);
			return 2;
		} else {
			int rc = spec->set(spec->ctx, ch, optarg);
			if (rc)
				return rc;
		}
	}
	*rest = optind;
	return CLIOPT_GO_ON;
}

db *cliopt_open_db(const char *path)
{
	db *d = NULL;
	char err[512];
	if (db_open(path, &d, err, sizeof err) != 0) {
		fprintf(stderr, "jaego: 데이터베이스를 열 수 없습니다: %s\n", err);
		return NULL;
	}
	return d;
}

int cliopt_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int cliopt_int(const char *s, int lo, int hi, int *out)
{
	long v;
	if (cliopt_long(s, lo, hi, &v) != 0)
		return -1;
	*out = (int)v;
	return 0;
}
