/* cli_stock.c — `jaego stock --db PATH [--org ID] [--date YYYY-MM-DD] [--repeat N] [--json]`:
 * loads the planning view (store/stock_view.c: the queries and plan_evaluate for every
 * product) N times and prints how long one recompute takes (minimum, median, maximum), or
 * with --json the rows of GET /api/stock. The benchmark (bench/stock.sh) times the
 * recompute alone with it. */
#include "cli_stock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cliopt.h"
#include "date.h"
#include "db.h"
#include "korean.h"
#include "org.h"
#include "stock_json.h"
#include "stock_view.h"
#include "util.h"

struct args {
	long long org;
	const char *date;
	int repeat;
	int json;
};

static void usage(FILE *out)
{
	fprintf(out,
	        "사용법: jaego stock --db PATH [--org ID] [--date YYYY-MM-DD] [--repeat N] "
	        "[--json]\n"
	        "  판매 중인 모든 상품의 계획 수치(안전재고, 예상 소진일, 발주 알림, 추천\n"
	        "  발주량...)를 다시 계산하고 걸린 시간을 보여 줍니다 (N번 반복: 최소, 중앙값,\n"
	        "  최대). --json이면 GET /api/stock과 같은 행을 씁니다.\n");
}

static int on_opt(void *ctx, int ch, const char *arg)
{
	struct args *a = ctx;
	if (ch == 'o')
		a->org = atoll(arg);
	else if (ch == 'D')
		a->date = arg;
	else if (ch == 'r')
		a->repeat = atoi(arg);
	else if (ch == 'j')
		a->json = 1;
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void print_json(const struct stock_view *v)
{
	json_t *items = json_array();
	for (size_t i = 0; i < v->n; i++)
		json_array_append_new(items, stock_line_json(v, &v->lines[i], 1));
	json_t *o = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)v->n);
	json_dumpf(o, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(o);
}

static int run(db *d, const struct args *a)
{
	int64_t org = a->org ? a->org : org_find(d, NULL);
	if (!org || !org_exists(d, org)) {
		fprintf(stderr, "jaego: 회사를 찾을 수 없습니다.\n");
		return 1;
	}
	int n = a->repeat > 0 ? a->repeat : 1;
	double *ms = xcalloc((size_t)n, sizeof *ms);
	struct stock_view v = {0};
	for (int i = 0; i < n; i++) {
		stock_view_free(&v);
		double t0 = now_ms();
		int rc = stock_view_load(d, org, a->date, &v);
		ms[i] = now_ms() - t0;
		if (rc != DB_OK) {
			fprintf(stderr, "jaego: 계획 수치를 계산하지 못했습니다%s.\n",
			        a->date ? " (--date는 YYYY-MM-DD)" : "");
			free(ms);
			return 1;
		}
	}
	if (a->json) {
		print_json(&v);
	} else {
		size_t reorder = 0;
		for (size_t i = 0; i < v.n; i++)
			reorder += v.lines[i].row.timing_status == PLAN_OK &&
			           v.lines[i].row.timing.fires;
		qsort(ms, (size_t)n, sizeof *ms, cmp_double);
		printf("stock: 상품 %s개 (발주 알림 %s개), 다시 계산 %d회: 최소 %.2f ms, 중앙값 "
		       "%.2f ms, 최대 %.2f ms\n",
		       KNUM(v.n), KNUM(reorder), n, ms[0], ms[n / 2], ms[n - 1]);
	}
	stock_view_free(&v);
	free(ms);
	return 0;
}

int cli_stock_main(int argc, char **argv)
{
	struct args a = {0};
	static const struct option opts[] = {{"org", required_argument, NULL, 'o'},
	                                     {"date", required_argument, NULL, 'D'},
	                                     {"repeat", required_argument, NULL, 'r'},
	                                     {"json", no_argument, NULL, 'j'},
	                                     {NULL, 0, NULL, 0}};
	const struct cliopt_spec spec = {opts, on_opt, &a, usage};
	const char *dbpath = NULL;
	int rest = 0, rc0 = cliopt_parse(argc, argv, &spec, &dbpath, &rest);
	if (rc0 != CLIOPT_GO_ON)
		return rc0;
	if (!dbpath || a.repeat < 0 || a.repeat > 100000) {
		usage(stderr);
		return 2;
	}
	db *d = cliopt_open_db(dbpath);
	if (!d)
		return 1;
	int rc = run(d, &a);
	db_close(d);
	return rc;
}
