/* cli_simulate.c — `jaego simulate`: replays a sales file day by day under ordering policies
 * (domain/simulate.c) with the forecasting engine re-forecasting at every review, and
 * writes what each policy would have done: a summary per policy and product (--summary),
 * every day (--output), and the totals on standard output. The engine is handed each
 * product's sales strictly before the review day (the replay's callback contract), so the
 * policies never see the days they are judged on. */
#include "cli_simulate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#include "cli_forecast.h"
#include "cli_outfile.h"
#include "cliopt.h"
#include "forecast.h"
#include "korean.h"
#include "products_csv.h"
#include "sales_csv.h"
#include "sim_engine.h"
#include "simulate.h"

#define CMD      "simulate"
#define EXIT_BAD 2

struct args {
	const char *input, *products, *policy, *from, *to, *output, *summary, *model, *holidays;
	int threads;
	struct sim_config cfg;
};

/* Everything one run holds; run_free releases all of it whatever step it stopped at. */
struct run {
	struct args a;
	sales_data *d;
	struct products_list *pl;
	struct sim_product *prod;
	int policies[SIM_NPOLICIES];
	size_t np;
	fc_calendar *cal;
	struct sim_engine eng;
	cli_out out, summary;
};

static void usage(FILE *f)
{
	fputs("사용법: jaego simulate --input SALES.csv --products PRODUCTS.csv --policy "
	      "NAME[,NAME...]\n"
	      "         --from YYYY-MM-DD [--to YYYY-MM-DD] [--review-days N] [--output DAYS.csv]\n"
	      "         [--summary SUMMARY.csv] [--warmup N] [--lead-spread D] [--seed S]\n"
	      "         [--service-level P] [--target-fill P] [--holding-rate R] [--margin-rate R] "
	      "[--model NAME]\n"
	      "         [--threads N] [--holidays kr|none]\n"
	      "  지난 판매 이력을 하루씩 다시 돌려 발주 규칙마다 품절, 재고, 발주를 비교합니다.\n"
	      "  --products: "
	      "sku,lead_time_days,moq[,order_multiple,unit_cost,on_hand,expiry_days]\n"
	      "  --policy: document, service_level, minmax, jaego (쉼표로 여러 개)\n"
	      "  --review-days: 발주 검토 주기 (기본 7일), --lead-spread: 리드타임 ±D일 무작위\n"
	      "  --warmup: --from 보다 N일 먼저 재현을 시작하고 --from 부터 집계 (기본 0)\n"
	      "  --service-level: service_level 규칙의 서비스 수준 (기본 0.95)\n"
	      "  --target-fill: jaego 규칙의 목표 충족률 (기본 0.95)\n"
	      "  --holding-rate: 연간 재고 유지비율 (기본 0.25), --margin-rate: 놓친 판매의\n"
	      "    원가 대비 마진 비율 (기본 0.30)\n"
	      "  --model: 검토마다 쓰는 예측 모델 (기본 auto-stat: 주마다 다시 예측하므로 빠른\n"
	      "    통계 모델 집합; auto도 가능)\n",
	      f);
}

static int bad(const char *code, const char *what, const char *v)
{
	fprintf(stderr, "jaego " CMD ": error: %s: %s ('%s')\n", code, what, v);
	return EXIT_BAD;
}

static int parse_rate(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

/* The numeric options. */
static int on_number(struct args *a, int ch, const char *v)
{
	long n;
	struct sim_config *c = &a->cfg;
	switch (ch) {
	case 'r':
		if (cliopt_long(v, 1, PLAN_REVIEW_MAX, &n))
			return bad("bad_review_days", "검토 주기는 1~365일이어야 합니다", v);
		c->review_days = (int)n;
		return 0;
	case 'W':
		if (cliopt_long(v, 0, SIM_WARMUP_MAX, &n))
			return bad("bad_warmup", "준비 기간은 0~730일이어야 합니다", v);
		c->warmup_days = (int)n;
		return 0;
	case 'L':
		if (cliopt_long(v, 0, SIM_SPREAD_MAX, &n))
			return bad("bad_lead_spread", "리드타임 변동은 0~60일이어야 합니다", v);
		c->lead_spread = (int)n;
		return 0;
	case 'S':
		if (cliopt_long(v, 0, 2147483647L, &n))
			return bad("bad_seed", "시드는 0 이상의 정수여야 합니다", v);
		c->seed = (unsigned long long)n;
		return 0;
	case 'T':
		if (cliopt_long(v, 1, 64, &n))
			return bad("bad_threads", "스레드 수는 1~64여야 합니다", v);
		a->threads = (int)n;
		return 0;
	case 'v':
		return parse_rate(v, PLAN_SERVICE_MIN, PLAN_SERVICE_MAX, &c->service_level)
		               ? bad("bad_service_level", "서비스 수준은 0.5~0.999입니다", v)
		               : 0;
	case 'g':
		return parse_rate(v, PLAN_SERVICE_MIN, PLAN_SERVICE_MAX, &c->target_fill)
		               ? bad("bad_target_fill", "목표 충족률은 0.5~0.999입니다", v)
		               : 0;
	case 'H':
		return parse_rate(v, 0, 10, &c->holding_rate)
		               ? bad("bad_holding_rate", "재고 유지비율은 0~10입니다", v)
		               : 0;
	default:
		return parse_rate(v, 0, 10, &c->margin_rate)
		               ? bad("bad_margin_rate", "마진 비율은 0~10입니다", v)
		               : 0;
	}
}

static int on_opt(void *ctx, int ch, const char *v)
{
	struct args *a = ctx;
	const char **text[] = {['i'] = &a->input,   ['p'] = &a->products, ['P'] = &a->policy,
	                       ['f'] = &a->from,    ['t'] = &a->to,       ['o'] = &a->output,
	                       ['s'] = &a->summary, ['m'] = &a->model,    ['h'] = &a->holidays};
	if (ch >= 0 && ch < (int)(sizeof text / sizeof text[0]) && text[ch]) {
		*text[ch] = v;
		return 0;
	}
	return on_number(a, ch, v);
}

static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {{"input", required_argument, NULL, 'i'},
	                                     {"products", required_argument, NULL, 'p'},
	                                     {"policy", required_argument, NULL, 'P'},
	                                     {"from", required_argument, NULL, 'f'},
	                                     {"to", required_argument, NULL, 't'},
	                                     {"output", required_argument, NULL, 'o'},
	                                     {"summary", required_argument, NULL, 's'},
	                                     {"model", required_argument, NULL, 'm'},
	                                     {"holidays", required_argument, NULL, 'h'},
	                                     {"review-days", required_argument, NULL, 'r'},
	                                     {"lead-spread", required_argument, NULL, 'L'},
	                                     {"warmup", required_argument, NULL, 'W'},
	                                     {"seed", required_argument, NULL, 'S'},
	                                     {"threads", required_argument, NULL, 'T'},
	                                     {"service-level", required_argument, NULL, 'v'},
	                                     {"target-fill", required_argument, NULL, 'g'},
	                                     {"holding-rate", required_argument, NULL, 'H'},
	                                     {"margin-rate", required_argument, NULL, 'M'},
	                                     {NULL, 0, NULL, 0}};
	memset(a, 0, sizeof *a);
	sim_config_init(&a->cfg);
	a->model = "auto-stat";
	a->holidays = "kr";
	a->threads = 2;
	const struct cliopt_spec spec = {opts, on_opt, a, usage};
	const char *dbpath = NULL; /* simulate reads no database */
	int rest = 0, rc = cliopt_parse(argc, argv, &spec, &dbpath, &rest);
	if (rc != CLIOPT_GO_ON)
		return rc == 0 ? -1 : rc;
	if (!a->input || !a->products || !a->policy || !a->from || rest < argc) {
		fputs("jaego " CMD
		      ": error: missing_option: --input, --products, --policy, --from 이 "
		      "필요합니다\n",
		      stderr);
		usage(stderr);
		return EXIT_BAD;
	}
	if (strcmp(a->holidays, "kr") != 0 && strcmp(a->holidays, "none") != 0)
		return bad("bad_holidays", "공휴일은 kr 또는 none 입니다", a->holidays);
	return 0;
}

/* "document,jaego" → the policies, each once. */
static int parse_policies(struct run *r)
{
	char list[256];
	if (strlen(r->a.policy) >= sizeof list)
		return bad("unknown_policy", "정책 목록이 너무 깁니다", r->a.policy);
	strcpy(list, r->a.policy);
	for (char *save = NULL, *t = strtok_r(list, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		int p = sim_policy_parse(t);
		if (p < 0)
			return bad("unknown_policy",
			           "정책은 document, service_level, minmax, jaego 중에서 고릅니다",
			           t);
		int seen = 0;
		for (size_t k = 0; k < r->np; k++)
			seen |= r->policies[k] == p;
		if (!seen)
			r->policies[r->np++] = p;
	}
	if (r->np == 0)
		return bad("unknown_policy", "정책 목록이 비어 있습니다", r->a.policy);
	return 0;
}

static int out_of_memory(void)
{
	fputs("jaego " CMD ": error: out_of_memory: 메모리가 부족합니다\n", stderr);
	return 1;
}

/* Reads the two files. */
static int load(struct run *r)
{
	char msg[512];
	int rc = sales_csv_read(r->a.input, SALES_MAX_BYTES, &r->d, msg, sizeof msg);
	if (rc != SALES_OK) {
		fprintf(stderr, "jaego " CMD ": error: %s: %s\n", r->a.input, msg);
		return rc == SALES_ENOMEM ? 1 : EXIT_BAD;
	}
	rc = products_csv_read(r->a.products, &r->pl, msg, sizeof msg);
	if (rc != PRODUCTS_OK) {
		fprintf(stderr, "jaego " CMD ": error: %s: %s\n", r->a.products, msg);
		return rc == PRODUCTS_ENOMEM ? 1 : EXIT_BAD;
	}
	return 0;
}

/* --from and --to: real dates, from <= to <= the sales file's last day. */
static int parse_days(struct run *r)
{
	int from, to = r->d->last_day;
	if (sales_date_parse(r->a.from, strlen(r->a.from), &from))
		return bad("bad_date", "--from 은 YYYY-MM-DD 날짜입니다", r->a.from);
	if (r->a.to && sales_date_parse(r->a.to, strlen(r->a.to), &to))
		return bad("bad_date", "--to 는 YYYY-MM-DD 날짜입니다", r->a.to);
	char last[11];
	sales_date_format(r->d->last_day, last);
	if (to > r->d->last_day)
		return bad("date_out_of_range", "판매 이력의 마지막 날 뒤는 재현할 수 없습니다",
		           last);
	if (from > to)
		return bad("bad_period", "--from 은 --to 와 같거나 앞서야 합니다", r->a.from);
	if ((long)to - from >= SIM_DAYS_MAX)
		return bad("bad_period", "한 번에 재현할 수 있는 기간은 10년입니다", r->a.from);
	r->a.cfg.from_day = from;
	r->a.cfg.to_day = to;
	return 0;
}

static int by_sku(const void *key, const void *elem)
{
	return strcmp(key, ((const sales_series *)elem)->sku);
}

/* Each product of the products file with its sales; SKUs on one side only are counted. */
static int match_products(struct run *r)
{
	size_t n = r->pl->n, nosales = 0;
	r->prod = calloc(n, sizeof *r->prod);
	if (!r->prod)
		return out_of_memory();
	for (size_t i = 0; i < n; i++) {
		const struct products_row *row = &r->pl->rows[i];
		const sales_series *s =
		        bsearch(row->sku, r->d->s, (size_t)r->d->nsku, sizeof *r->d->s, by_sku);
		nosales += !s;
		r->prod[i] = (struct sim_product){
		        .sku = row->sku,
		        .sales = s ? s->y : NULL,
		        .first_day = s ? s->first_day : r->a.cfg.from_day,
		        .nsales = s ? s->n : 0,
		        .lead_time_days = row->lead_time_days,
		        .moq = row->moq,
		        .order_multiple =
		                row->order_multiple == PRODUCTS_NONE ? 1 : row->order_multiple,
		        .unit_cost = row->unit_cost == PRODUCTS_NONE ? 0 : row->unit_cost,
		        .on_hand = row->on_hand == PRODUCTS_NONE ? PLAN_NONE : row->on_hand,
		        .expiry_days = row->expiry_days == PRODUCTS_NONE ? 0 : row->expiry_days};
	}
	size_t unlisted = (size_t)r->d->nsku + nosales - n;
	if (nosales)
		fprintf(stderr,
		        "jaego " CMD ": 알림: 판매 이력이 없는 상품 %s개는 수요 0으로 재현합니다\n",
		        KNUM(nosales));
	if (unlisted)
		fprintf(stderr, "jaego " CMD ": 알림: 상품 파일에 없는 SKU %s개는 건너뜁니다\n",
		        KNUM(unlisted));
	return 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The engine behind the reviews (sim_engine.c): model, threads, seed, calendar. */
static int engine_init(struct run *r)
{
	if (sim_engine_init(&r->eng, r->prod, r->pl->n, r->a.cfg.review_days))
		return out_of_memory();
	if (sim_engine_set_model(&r->eng, r->a.model))
		return bad("unknown_model", "알 수 없는 모델입니다", r->a.model);
	r->eng.opt.nthreads = r->a.threads;
	r->eng.opt.seed = r->a.cfg.seed;
	r->cal = cli_forecast_calendar(r->a.holidays);
	r->eng.opt.calendar = r->cal;
	return 0;
}

/* --output: one row per policy, product and day. */
static void on_day(void *ctx, const struct sim_day *d)
{
	struct run *r = ctx;
	char date[11];
	sales_date_format(d->day, date);
	FILE *f = r->out.f;
	fprintf(f, "%s,", sim_policy_name(d->policy));
	cli_put_field(f, r->prod[d->product].sku);
	fprintf(f, ",%s,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld\n", date, (long long)d->demand,
	        (long long)d->served, (long long)d->lost, (long long)d->on_hand,
	        (long long)d->on_order, (long long)d->ordered, (long long)d->received,
	        (long long)d->expired);
}

static void summary_row(FILE *f, int policy, const char *sku, const struct sim_metrics *m,
                        const struct sim_config *c)
{
	fprintf(f, "%s,", sim_policy_name(policy));
	cli_put_field(f, sku);
	fprintf(f, ",%.4f,%.4f,%lld,%.2f,%.0f,%lld,%lld,%lld,%lld,%.0f,%.0f,%.0f\n",
	        sim_fill_rate(m), sim_cycle_service(m), (long long)m->stockout_days,
	        sim_avg_on_hand(m), sim_avg_stock_value(m), (long long)m->orders,
	        (long long)m->expired_units, (long long)m->demand, (long long)m->lost,
	        sim_holding_cost(m, c->holding_rate), sim_lost_margin(m, c->margin_rate),
	        m->expired_value);
}

static void write_summary(FILE *f, const struct run *r, const struct sim_result *res)
{
	fputs("policy,sku,fill_rate,cycle_service_level,stockout_days,avg_on_hand,avg_stock_value,"
	      "orders,expired_units,demand_units,lost_units,holding_cost,lost_margin,expired_"
	      "cost\n",
	      f);
	for (size_t k = 0; k < res->npolicies; k++) {
		for (size_t i = 0; i < res->nproducts; i++)
			summary_row(f, r->policies[k], r->prod[i].sku,
			            &res->per[k * res->nproducts + i], &r->a.cfg);
		summary_row(f, r->policies[k], "ALL", &res->total[k], &r->a.cfg);
	}
}

/* The totals on standard output, one line per policy. */
static void print_totals(const struct run *r, const struct sim_result *res)
{
	printf("%-14s %9s %9s %9s %12s %16s %7s %8s %14s %14s\n", "policy", "fill_rate", "cycle_sl",
	       "stockout", "avg_on_hand", "avg_stock_value", "orders", "expired", "holding_cost",
	       "lost_margin");
	for (size_t k = 0; k < res->npolicies; k++) {
		const struct sim_metrics *m = &res->total[k];
		printf("%-14s %9.4f %9.4f %9lld %12.1f %16.0f %7lld %8lld %14.0f %14.0f\n",
		       sim_policy_name(r->policies[k]), sim_fill_rate(m), sim_cycle_service(m),
		       (long long)m->stockout_days, sim_avg_on_hand(m), sim_avg_stock_value(m),
		       (long long)m->orders, (long long)m->expired_units,
		       sim_holding_cost(m, r->a.cfg.holding_rate),
		       sim_lost_margin(m, r->a.cfg.margin_rate));
	}
}

/* Opens the outputs, replays, writes. */
static int replay(struct run *r)
{
	int rc;
	if (r->a.output && (rc = cli_out_open(&r->out, r->a.output, CMD)))
		return rc;
	if (r->a.summary && (rc = cli_out_open(&r->summary, r->a.summary, CMD)))
		return rc;
	if (r->out.f)
		fputs("policy,sku,date,demand,served,lost,on_hand,on_order,ordered,received,"
		      "expired\n",
		      r->out.f);
	struct sim_config *c = &r->a.cfg;
	c->policies = r->policies;
	c->npolicies = r->np;
	c->forecast = sim_engine_forecast;
	c->forecast_ctx = &r->eng;
	c->on_day = r->out.f ? on_day : NULL;
	c->day_ctx = r;
	double t0 = now_s();
	struct sim_result res;
	int src = sim_run(c, r->prod, r->pl->n, &res);
	if (src != SIM_OK) {
		if (r->eng.fc_error != FC_OK)
			fprintf(stderr, "jaego " CMD ": error: %s: 예측에 실패했습니다\n",
			        fc_strerror(r->eng.fc_error));
		else
			fprintf(stderr, "jaego " CMD ": error: %s: 재현에 실패했습니다\n",
			        src == SIM_E_NOMEM ? "out_of_memory" : "simulate_failed");
		return 1;
	}
	if (r->summary.f)
		write_summary(r->summary.f, r, &res);
	for (size_t k = 0; k < res.npolicies; k++)
		if (res.total[k].refused_reviews)
			fprintf(stderr,
			        "jaego " CMD
			        ": 알림: %s 규칙은 예측이 계획 규칙의 범위를 벗어난 검토 "
			        "%s회에 발주하지 않았습니다\n",
			        sim_policy_name(r->policies[k]),
			        KNUM(res.total[k].refused_reviews));
	print_totals(r, &res);
	fprintf(stderr, "jaego " CMD ": 상품 %s개, %s일, 검토 %d회, 예측 %.1f초, 전체 %.1f초\n",
	        KNUM(r->pl->n), KNUM(c->to_day - c->from_day + 1), r->eng.reviews,
	        r->eng.fc_seconds, now_s() - t0);
	sim_result_free(&res);
	rc = r->out.f ? cli_out_close(&r->out, 1, CMD) : 0;
	if (r->summary.f)
		rc |= cli_out_close(&r->summary, rc == 0, CMD);
	return rc ? 1 : 0;
}

static void run_free(struct run *r)
{
	cli_out_close(&r->out, 0, CMD);
	cli_out_close(&r->summary, 0, CMD);
	sim_engine_free(&r->eng);
	free(r->prod);
	fc_calendar_free(r->cal);
	products_free(r->pl);
	sales_free(r->d);
}

int cli_simulate_main(int argc, char **argv)
{
	struct run r;
	memset(&r, 0, sizeof r);
	openblas_set_num_threads(1); /* the engine parallelises over series itself */
	int rc = parse_args(argc, argv, &r.a);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (!(rc = parse_policies(&r)) && !(rc = load(&r)) && !(rc = parse_days(&r)) &&
	    !(rc = match_products(&r)) && !(rc = engine_init(&r)))
		rc = replay(&r);
	run_free(&r);
	return rc;
}
