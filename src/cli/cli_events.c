/* cli_events.c — `jaego events export` (see cli_events.h). Without --org the database must
 * hold exactly one organisation. Exit 0; 2 for a usage error or an unknown organisation;
 * 1 when the database or the output file fails. */
#include "cli_events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cliopt.h"
#include "date.h"
#include "db.h"
#include "events.h"
#include "korean.h"
#include "org.h"
#include "util.h"

static void usage(FILE *out)
{
	fprintf(out, "사용법: jaego events export --db PATH [--org ID] [--from YYYY-MM-DD] "
	             "[--to YYYY-MM-DD] --output FILE\n"
	             "  회사의 행사 일정을 CSV로 씁니다 (jaego forecast --events 가 읽는 형식).\n"
	             "  --org 를 빼면 데이터베이스에 회사가 하나뿐이어야 합니다. FILE 이 - 이면 "
	             "표준 출력.\n");
}

static int check_date(const char *opt, const char *s)
{
	int y, m, d;
	if (!s || (strlen(s) == 10 && date_parse(s, &y, &m, &d) == 0))
		return 0;
	fprintf(stderr,
	        "jaego events: error: bad_date: %s 는 YYYY-MM-DD 형식의 실제 날짜여야 합니다 "
	        "('%s')\n",
	        opt, s);
	return 2;
}

struct export_args {
	const char *output, *from, *to;
	long long org;
};

static int export_set(void *ctx, int ch, const char *arg)
{
	struct export_args *x = ctx;
	switch (ch) {
	case 'o': {
		char *end;
		x->org = strtoll(arg, &end, 10);
		if (*end || x->org <= 0) {
			fprintf(stderr,
			        "jaego events: error: bad_org: --org 는 회사 번호(1 이상)입니다 "
			        "('%s')\n",
			        arg);
			return 2;
		}
		break;
	}
	case 'f':
		x->from = arg;
		break;
	case 't':
		x->to = arg;
		break;
	case 'O':
		x->output = arg;
		break;
	}
	return 0;
}

int cli_events_main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "export") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			usage(stdout);
			return 0;
		}
		usage(stderr);
		return 2;
	}
	struct export_args x = {0};
	static const struct option opts[] = {{"org", required_argument, NULL, 'o'},
	                                     {"from", required_argument, NULL, 'f'},
	                                     {"to", required_argument, NULL, 't'},
	                                     {"output", required_argument, NULL, 'O'},
	                                     {NULL, 0, NULL, 0}};
	const struct cliopt_spec spec = {opts, export_set, &x, usage};
	const char *dbpath = NULL;
	/* argv[1] is "export": the options start after it. */
	int rest = 0, rc0 = cliopt_parse(argc - 1, argv + 1, &spec, &dbpath, &rest);
	if (rc0 != CLIOPT_GO_ON)
		return rc0;
	const char *output = x.output, *from = x.from, *to = x.to;
	long long org = x.org;
	if (!dbpath || !output || rest < argc - 1) {
		usage(stderr);
		return 2;
	}
	if (check_date("--from", from) || check_date("--to", to))
		return 2;
	db *d = NULL;
	char err[256];
	if (db_open(dbpath, &d, err, sizeof err) != 0) {
		fprintf(stderr,
		        "jaego events: error: db_error: 데이터베이스를 열 수 없습니다: %s\n", err);
		return 1;
	}
	if (!org) {
		int64_t n = org_count(d);
		if (n != 1) {
			fprintf(stderr,
			        "jaego events: error: org_required: 회사가 %s곳 있습니다. --org"
			        "로 회사 번호를 고르세요\n",
			        KNUM(n));
			db_close(d);
			return 2;
		}
		org = org_find(d, NULL);
	} else if (!org_exists(d, org)) {
		fprintf(stderr, "jaego events: error: org_not_found: 회사 번호 %lld%s 없습니다\n",
		        org, korean_josa(KNUM(org), "이/가"));
		db_close(d);
		return 2;
	}
	char *buf = NULL;
	size_t len = 0;
	int rc = events_export_csv(d, org, from, to, 0, &buf, &len);
	db_close(d);
	if (rc != DB_OK) {
		fprintf(stderr, "jaego events: error: db_error: 행사를 읽지 못했습니다\n");
		return 1;
	}
	int bad;
	if (strcmp(output, "-") == 0) {
		bad = fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0;
	} else {
		/* A temporary file renamed into place: a failure never leaves half a file. */
		char *tmp = xasprintf("%s.tmp.%ld", output, (long)getpid());
		FILE *f = fopen(tmp, "wb");
		bad = !f;
		if (f) {
			bad = fwrite(buf, 1, len, f) != len;
			bad |= fclose(f) != 0;
			bad = bad || rename(tmp, output) != 0;
			if (bad)
				remove(tmp);
		}
		free(tmp);
	}
	long rows = -1; /* the header line */
	for (size_t i = 0; i < len; i++)
		rows += buf[i] == '\n';
	free(buf);
	if (bad) {
		fprintf(stderr, "jaego events: error: io_error: 파일을 쓸 수 없습니다: %s\n",
		        output);
		return 1;
	}
	if (strcmp(output, "-") != 0)
		fprintf(stderr, "events: 회사 %lld의 행사 %s건을 %s에 썼습니다\n", org, KNUM(rows),
		        output);
	return 0;
}
