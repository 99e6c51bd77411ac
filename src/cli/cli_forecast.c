/* cli_forecast.c — `jaego forecast` writes per-SKU daily forecasts with p10/p50/p90 for
 * the days after the file's last date; `jaego backtest` holds out the last H days, fits
 * the rest and scores one or more models. Outputs go to a temporary file renamed into
 * place, so a failure never leaves a partial file. `forecast --save-model` also writes the
 * trained global models (boosted trees, LSTM), and `--load-model` forecasts with them
 * instead of training: a nightly run trains, daytime requests reuse. */
#include "cli_forecast.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cblas.h>

#include "buf.h"
#include "cli_outfile.h"
#include "cliopt.h"
#include "embedded.h"
#include "events_csv.h"
#include "forecast.h"
#include "korean.h"
#include "sales_csv.h"

#define EXIT_BAD 2
/* Largest model file read: the trees of a 366-day horizon are a few MB of JSON. */
#define MODEL_MAX_BYTES (256L << 20)

typedef struct cli_args {
	const char *input, *output, *model, *report, *totals, *holidays;
	const char *save_model, *load_model;
	int horizon, threads;
	unsigned long long seed;
	const char *events; /* --events EVENTS.csv: the organisation's events */
} cli_args;

/* What each model name of --model/--models is, one line each in the help. The engine's
 * names come from fc_model_names(), so a model added there is listed even before it gets a
 * line here (a test checks that every listed name has a description); "auto-stat" and
 * "auto+lstm" are the command line's own (set_model). */
static const struct {
	const char *name, *what;
} model_help[] = {
        {"auto", "자동 선택 (기본): 통계 모델, Prophet식 모델, 부스팅 트리를 교차검증으로 "
                 "비교해 상위 3개의 평균"},
        {"auto-stat", "자동 선택: 통계 모델만"},
        {"auto+lstm", "자동 선택: LSTM까지 포함 (학습에 수십 초)"},
        {"naive", "마지막 날 판매량"},
        {"snaive", "지난주 같은 요일 판매량"},
        {"wavg", "최근 28일 평균"},
        {"lmean", "최근 52주 평균: 대량 주문이 섞인 품목의 장기 수준"},
        {"dow", "요일별 비율 × 평활한 주간 수준"},
        {"croston", "간헐 수요: Croston"},
        {"sba", "간헐 수요: Syntetos-Boylan 보정 Croston"},
        {"tsb", "간헐 수요: TSB (판매 확률과 판매량을 따로 평활)"},
        {"adida", "간헐 수요: 여러 날을 묶어 평활한 뒤 다시 나눔 (ADIDA)"},
        {"imapa", "간헐 수요: 여러 묶음 길이의 평균 (IMAPA)"},
        {"ets", "지수평활 ETS: 오차·추세·계절 형태를 AICc로 선택 (느림)"},
        {"etsq", "빠른 ETS: (A,N,N)과 (A,N,A) 중 선택"},
        {"arima", "AutoARIMA: 차분 차수 검정 후 AICc로 단계적 탐색 (느림)"},
        {"prophet", "Prophet식: 추세 변화점, 주·연 계절성, 설날/추석·공휴일·행사 일정"},
        {"gbm", "부스팅 트리 (XGBoost): 전체 품목을 함께 학습"},
        {"lstm", "LSTM 신경망: 전체 품목을 함께 학습 (학습에 수십 초)"},
};

static const char *model_what(const char *name)
{
	for (size_t i = 0; i < sizeof model_help / sizeof model_help[0]; i++)
		if (strcmp(model_help[i].name, name) == 0)
			return model_help[i].what;
	return "";
}

/* One line per accepted model name: the engine's, then the command line's own. */
static void list_models(FILE *out)
{
	static const char *const own[] = {"auto-stat", "auto+lstm"};
	fputs("  모델:\n", out);
	for (const char *const *n = fc_model_names(); *n; n++) {
		fprintf(out, "    %-10s %s\n", *n, model_what(*n));
		if (strcmp(*n, "auto") == 0)
			for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
				fprintf(out, "    %-10s %s\n", own[i], model_what(own[i]));
	}
}

/* The help of a subcommand: on standard output for --help, on standard error after a
 * usage error. */
static void usage(const char *cmd, FILE *out)
{
	if (strcmp(cmd, "backtest") == 0)
		fprintf(out, "사용법: jaego backtest --input SALES.csv --horizon H [--models "
		             "auto,ets,...] "
		             "[--output METRICS.csv] [--threads N] [--holidays kr|none] "
		             "[--events EVENTS.csv]\n"
		             "  --models: 쉼표로 구분한 모델 이름 (기본 auto)\n");
	else
		fprintf(out,
		        "사용법: jaego forecast --input SALES.csv --horizon H [--model auto|NAME] "
		        "[--output OUT.csv] [--report SELECTION.csv] [--totals TOTALS.csv] "
		        "[--threads N] [--holidays kr|none] [--events EVENTS.csv] "
		        "[--save-model MODEL.bin | --load-model MODEL.bin]\n"
		        "  --model: 아래 모델 이름 중 하나 (기본 auto)\n"
		        "  --events: 행사 일정 CSV (date,name[,days_before,days_after])\n"
		        "  --save-model: 전역 모델(gbm, lstm)을 학습해 예측하고 파일로 저장\n"
		        "  --load-model: 저장된 모델로 학습 없이 예측 (H는 학습한 기간 이하)\n");
	list_models(out);
}

#define HELP_SHOWN (-1) /* parse_args printed the help: exit 0 */

/* Returns 0, HELP_SHOWN, or EXIT_BAD after printing why. */
static int parse_args(int argc, char **argv, int backtest, cli_args *a)
{
	const char *cmd = argc > 0 ? argv[0] : "forecast";
	memset(a, 0, sizeof *a);
	a->model = "auto";
	a->holidays = "kr";
	a->threads = 2;
	a->seed = 20240601ULL;
	for (int i = 1; i < argc; i++) {
		const char *k = argv[i];
		if (strcmp(k, "--help") == 0 || strcmp(k, "-h") == 0) {
			usage(cmd, stdout);
			return HELP_SHOWN;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "jaego %s: error: missing_value: %s 뒤에 값이 필요합니다\n",
			        cmd, k);
			usage(cmd, stderr);
			return EXIT_BAD;
		}
		const char *v = argv[++i];
		if (strcmp(k, "--input") == 0)
			a->input = v;
		else if (strcmp(k, "--output") == 0)
			a->output = v;
		else if (strcmp(k, "--model") == 0 && !backtest)
			a->model = v;
		else if (strcmp(k, "--models") == 0 && backtest)
			a->model = v;
		else if (strcmp(k, "--report") == 0 && !backtest)
			a->report = v;
		else if (strcmp(k, "--totals") == 0 && !backtest)
			a->totals = v;
		else if (strcmp(k, "--save-model") == 0 && !backtest)
			a->save_model = v;
		else if (strcmp(k, "--load-model") == 0 && !backtest)
			a->load_model = v;
		else if (strcmp(k, "--events") == 0)
			a->events = v;
		else if (strcmp(k, "--holidays") == 0) {
			if (strcmp(v, "kr") != 0 && strcmp(v, "none") != 0) {
				fprintf(stderr,
				        "jaego %s: error: bad_holidays: 공휴일은 kr 또는 none "
				        "입니다 "
				        "('%s')\n",
				        cmd, v);
				return EXIT_BAD;
			}
			a->holidays = v;
		} else if (strcmp(k, "--horizon") == 0) {
			if (cliopt_int(v, 1, FC_MAX_HORIZON, &a->horizon)) {
				fprintf(stderr,
				        "jaego %s: error: bad_horizon: 예측 기간은 1~%d일이어야 "
				        "합니다 ('%s')\n",
				        cmd, FC_MAX_HORIZON, v);
				return EXIT_BAD;
			}
		} else if (strcmp(k, "--threads") == 0) {
			if (cliopt_int(v, 1, 64, &a->threads)) {
				fprintf(stderr,
				        "jaego %s: error: bad_threads: 스레드 수는 1~64여야 "
				        "합니다\n",
				        cmd);
				return EXIT_BAD;
			}
		} else {
			fprintf(stderr, "jaego %s: error: unknown_option: 알 수 없는 옵션 %s\n",
			        cmd, k);
			usage(cmd, stderr);
			return EXIT_BAD;
		}
	}
	if (!a->input || a->horizon <= 0) {
		fprintf(stderr,
		        "jaego %s: error: missing_option: --input 과 --horizon 이 필요합니다\n",
		        cmd);
		usage(cmd, stderr);
		return EXIT_BAD;
	}
	if (a->save_model && a->load_model) {
		fprintf(stderr,
		        "jaego %s: error: bad_option: --save-model 과 --load-model 은 함께 쓸 수 "
		        "없습니다\n",
		        cmd);
		return EXIT_BAD;
	}
	return 0;
}

/* Model names the command line adds to the engine's: "auto-stat" chooses among the
 * statistical models only, "auto+lstm" also trains the global LSTM. */
static int model_known(const char *name)
{
	if (strcmp(name, "auto-stat") == 0 || strcmp(name, "auto+lstm") == 0)
		return 1;
	for (const char *const *n = fc_model_names(); *n; n++)
		if (strcmp(*n, name) == 0)
			return 1;
	return 0;
}

/* Engine options for a model name of the command line, the calendar and the last day. */
static void set_model(fc_options *opt, const char *name, const fc_calendar *cal, int last_day)
{
	opt->model = name;
	if (strcmp(name, "auto-stat") == 0) {
		opt->model = "auto";
		opt->model_set = FC_SET_STAT;
	} else if (strcmp(name, "auto+lstm") == 0) {
		opt->model = "auto";
		opt->model_set = FC_SET_ALL;
	}
	opt->calendar = cal;
	opt->last_day = last_day;
}

fc_calendar *cli_forecast_calendar(const char *holidays)
{
	if (strcmp(holidays, "kr") != 0)
		return NULL;
	const struct embedded_file *f = embedded_find("data/kr_holidays.csv");
	fc_calendar *cal = NULL;
	if (!f || fc_calendar_parse((const char *)f->data, f->len, &cal) != FC_OK)
		return NULL;
	return cal;
}

/* --events: adds each event of the file to the calendar, so that the models see it as a
 * regressor over its window. Returns 0, or EXIT_BAD (1 when out of memory) after printing
 * why, with the file's line number. */
static int add_events(const cli_args *a, const char *cmd, fc_calendar *cal)
{
	if (!a->events)
		return 0;
	if (!cal) {
		fprintf(stderr,
		        "jaego %s: error: events_need_holidays: --events 는 --holidays kr 과 "
		        "함께만 "
		        "쓸 수 있습니다\n",
		        cmd);
		return EXIT_BAD;
	}
	char msg[512];
	events_list *l = NULL;
	int rc = events_csv_read(a->events, &l, msg, sizeof msg);
	if (rc != EVENTS_OK) {
		fprintf(stderr, "jaego %s: error: %s: %s\n", cmd, a->events, msg);
		return rc == EVENTS_ENOMEM ? 1 : EXIT_BAD;
	}
	for (int i = 0; i < l->n && rc == 0; i++) {
		const events_row *e = &l->rows[i];
		/* The engine keeps a short label: cut the name at a character boundary. */
		char name[FC_EVENT_NAME_MAX];
		size_t n = strlen(e->name);
		if (n > sizeof name - 1)
			for (n = sizeof name - 1;
			     n > 0 && ((unsigned char)e->name[n] & 0xC0) == 0x80;)
				n--;
		memcpy(name, e->name, n);
		name[n] = '\0';
		int frc = fc_calendar_add_event(cal, e->date, name, e->before, e->after);
		if (frc == FC_ERANGE) {
			int first, last, y0, m0, d0, y1, m1, d1;
			fc_calendar_range(cal, &first, &last);
			fc_calendar_ymd(first, &y0, &m0, &d0);
			fc_calendar_ymd(last, &y1, &m1, &d1);
			fprintf(stderr,
			        "jaego %s: error: %s: line %ld: date_out_of_range: 행사 날짜는 "
			        "%04d-%02d-%02d부터 %04d-%02d-%02d까지만 쓸 수 있습니다 ('%s')\n",
			        cmd, a->events, e->line, y0, m0, d0, y1, m1, d1, e->date);
			rc = EXIT_BAD;
		} else if (frc != FC_OK) {
			fprintf(stderr,
			        "jaego %s: error: %s: line %ld: %s: 행사를 넣지 못했습니다\n", cmd,
			        a->events, e->line, fc_strerror(frc));
			rc = frc == FC_ENOMEM ? 1 : EXIT_BAD;
		}
	}
	events_free(l);
	return rc;
}

/* A model asked for by name that some series could not use (too little history, a global
 * model without enough series): say so on standard error, with the first reason; each
 * series' own reason is in --report. Not an error: those series got a simpler model. */
static void note_fallbacks(const char *cmd, const char *model, const fc_result *res, int n)
{
	if (!model || strcmp(model, "auto") == 0)
		return;
	int k = 0, first = -1;
	for (int i = 0; i < n; i++)
		if (strcmp(res[i].model, model) != 0) {
			k++;
			if (first < 0)
				first = i;
		}
	if (k)
		fprintf(stderr,
		        "jaego %s: 알림: SKU %s개 중 %s개는 %s 대신 %s 등 더 단순한 모델로 "
		        "예측했습니다 (예: %s; SKU별 이유는 --report)\n",
		        cmd, KNUM(n), KNUM(k), model, res[first].model, res[first].reason);
}

static int load(const cli_args *a, const char *cmd, sales_data **d)
{
	char msg[512];
	int rc = sales_csv_read(a->input, SALES_MAX_BYTES, d, msg, sizeof msg);
	if (rc != SALES_OK) {
		fprintf(stderr, "jaego %s: error: %s: %s\n", cmd, a->input, msg);
		return rc == SALES_ENOMEM ? 1 : EXIT_BAD;
	}
	return 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Reads a whole model file (at most MODEL_MAX_BYTES) into *buf (free()). Returns 0, or
 * EXIT_BAD after printing why. */
static int read_model_file(const char *path, const char *cmd, char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct buf b = BUF_INIT;
	/* A file of MODEL_MAX_BYTES or more is refused, as the format's writer never makes one. */
	int rb = fd < 0 ? BUF_EIO : buf_read_fd(&b, fd, (size_t)MODEL_MAX_BYTES - 1);
	int err = errno;
	if (fd >= 0)
		close(fd);
	if (rb == BUF_OK) {
		*out = b.p;
		*len = b.len;
		return 0;
	}
	if (rb == BUF_ETOOBIG)
		fprintf(stderr, "jaego %s: error: model_corrupt: 모델 파일이 너무 큽니다: %s\n",
		        cmd, path);
	else
		fprintf(stderr,
		        "jaego %s: error: model_unreadable: 모델 파일을 읽을 수 없습니다: "
		        "%s (%s)\n",
		        cmd, path, strerror(fd < 0 ? err : EIO));
	buf_free(&b);
	return EXIT_BAD;
}

/* Writes the trained models to path through a temporary file renamed into place. */
static int write_model_file(const fc_trained *t, const char *path, const char *cmd)
{
	void *buf = NULL;
	size_t len = 0;
	int frc = fc_trained_save(t, &buf, &len);
	if (frc != FC_OK) {
		fprintf(stderr, "jaego %s: error: %s: 모델을 저장할 수 없습니다\n", cmd,
		        fc_strerror(frc));
		return 1;
	}
	cli_out o;
	int rc = cli_out_open(&o, path, cmd);
	if (rc == 0) {
		int ok = fwrite(buf, 1, len, o.f) == len;
		rc = cli_out_close(&o, ok, cmd);
		if (!ok)
			fprintf(stderr, "jaego %s: error: io_error: 모델 파일 쓰기 실패: %s\n", cmd,
			        path);
	}
	free(buf);
	return rc ? 1 : 0;
}

/* ------------------------------------------------------------------ forecast */

/* Everything one `jaego forecast` run holds; forecast_free releases all of it, whatever step
 * the run stopped at, so every step may simply return its exit code. */
typedef struct forecast_run {
	const char *cmd;
	cli_args a;
	char *model_buf; /* --load-model's file */
	size_t model_len;
	sales_data *d;
	fc_calendar *cal;
	fc_trained *trained;
	fc_options opt;
	const double **ys;
	int *ns;
	fc_result *res;
	int nres;                    /* results filled by the engine, to free one by one */
	cli_out out, report, totals; /* closed (and removed) unless written in full */
} forecast_run;

static void forecast_free(forecast_run *r)
{
	cli_out_close(&r->out, 0, r->cmd);
	cli_out_close(&r->report, 0, r->cmd);
	cli_out_close(&r->totals, 0, r->cmd);
	for (int i = 0; i < r->nres; i++)
		fc_result_free(&r->res[i]);
	free(r->res);
	free(r->ys);
	free(r->ns);
	sales_free(r->d);
	fc_trained_free(r->trained);
	fc_calendar_free(r->cal);
	free(r->model_buf);
}

static int out_of_memory(const char *cmd)
{
	fprintf(stderr, "jaego %s: error: out_of_memory: 메모리가 부족합니다\n", cmd);
	return 1;
}

/* Checks the model name and the model file, then reads the sales and the calendar. */
static int forecast_load(forecast_run *r)
{
	int rc;
	if (!model_known(r->a.model)) {
		fprintf(stderr, "jaego %s: error: unknown_model: 알 수 없는 모델 '%s'\n", r->cmd,
		        r->a.model);
		return EXIT_BAD;
	}
	/* the model file first: a missing one should not cost reading the sales */
	if (r->a.load_model &&
	    (rc = read_model_file(r->a.load_model, r->cmd, &r->model_buf, &r->model_len)))
		return rc;
	if (r->a.save_model && strcmp(r->a.save_model, "-") == 0) {
		fprintf(stderr, "jaego %s: error: bad_output: 모델은 파일로만 저장합니다\n",
		        r->cmd);
		return EXIT_BAD;
	}
	if ((rc = load(&r->a, r->cmd, &r->d)))
		return rc;
	r->cal = cli_forecast_calendar(r->a.holidays);
	return add_events(&r->a, r->cmd, r->cal);
}

/* The engine's options and its per-series inputs (views into the sales, not copies). */
static int forecast_inputs(forecast_run *r)
{
	const sales_data *d = r->d;
	fc_options_init(&r->opt);
	set_model(&r->opt, r->a.model, r->cal, d->last_day);
	r->opt.horizon = r->a.horizon;
	r->opt.nthreads = r->a.threads;
	r->opt.seed = r->a.seed;
	r->ys = malloc(sizeof *r->ys * (size_t)d->nsku);
	r->ns = malloc(sizeof *r->ns * (size_t)d->nsku);
	r->res = calloc((size_t)d->nsku, sizeof *r->res);
	if (!r->ys || !r->ns || !r->res)
		return out_of_memory(r->cmd);
	for (int i = 0; i < d->nsku; i++)
		r->ys[i] = d->s[i].y, r->ns[i] = d->s[i].n;
	return 0;
}

/* The exit code and message for a model that could not be trained or loaded. */
static int trained_error(const forecast_run *r, int trc)
{
	const char *cmd = r->cmd;
	if (trc == FC_ENOMEM)
		return out_of_memory(cmd);
	if (trc != FC_OK && r->a.load_model)
		fprintf(stderr,
		        "jaego %s: error: model_corrupt: 모델 파일이 손상되었거나 형식이 다릅니다: "
		        "%s\n",
		        cmd, r->a.load_model);
	else if (trc == FC_EINVAL)
		fprintf(stderr,
		        "jaego %s: error: model_not_global: --save-model 은 gbm, lstm, auto, "
		        "auto+lstm 모델에만 쓸 수 있습니다 ('%s')\n",
		        cmd, r->a.model);
	else if (trc != FC_OK)
		fprintf(stderr,
		        "jaego %s: error: model_nodata: 전역 모델을 학습할 이력이 부족합니다\n",
		        cmd);
	else if (fc_trained_horizon(r->trained) < r->a.horizon)
		fprintf(stderr,
		        "jaego %s: error: model_horizon: 모델은 %d일 예측용으로 학습되었습니다 "
		        "(요청 %d일)\n",
		        cmd, fc_trained_horizon(r->trained), r->a.horizon);
	else
		return 0;
	return EXIT_BAD;
}

/* --load-model or --save-model: the global model every series then shares. */
static int forecast_trained(forecast_run *r)
{
	if (!r->a.load_model && !r->a.save_model)
		return 0;
	/* Into a local first: the engine is handed the address of a pointer, not of the run. */
	fc_trained *t = NULL;
	int trc = r->a.load_model
	                  ? fc_trained_load(r->model_buf, r->model_len, r->ns, r->d->nsku, &t)
	                  : fc_train(r->ys, r->ns, r->d->nsku, &r->opt, &t);
	r->trained = t;
	int rc = trained_error(r, trc);
	if (rc == 0)
		r->opt.trained = r->trained;
	return rc;
}

static int forecast_batch(forecast_run *r)
{
	int frc = fc_forecast_batch(r->ys, r->ns, r->d->nsku, &r->opt, r->res);
	if (frc != FC_OK) {
		fprintf(stderr, "jaego %s: error: %s: 예측에 실패했습니다\n", r->cmd,
		        fc_strerror(frc));
		return 1;
	}
	r->nres = r->d->nsku;
	note_fallbacks(r->cmd, r->opt.model, r->res, r->d->nsku);
	return 0;
}

static void write_forecast_csv(FILE *f, const sales_data *d, const fc_result *res)
{
	fputs("sku,date,model,mean,p10,p50,p90\n", f);
	for (int i = 0; i < d->nsku; i++) {
		const fc_result *r = &res[i];
		for (int t = 0; t < r->horizon; t++) {
			char date[11];
			sales_date_format(d->last_day + 1 + t, date);
			cli_put_field(f, d->s[i].sku);
			fprintf(f, ",%s,%s,%.4f,%.4f,%.4f,%.4f\n", date, r->model, r->mean[t],
			        r->quant[t * r->nq + 0], r->quant[t * r->nq + 1],
			        r->quant[t * r->nq + 2]);
		}
	}
}

static void write_report_row(FILE *f, const char *sku, const fc_result *r, int c)
{
	cli_put_field(f, sku);
	fputc(',', f);
	cli_put_field(f, r->model);
	fputc(',', f);
	cli_put_field(f, r->detail);
	fputc(',', f);
	cli_put_field(f, r->reason);
	if (r->ncand) {
		fputc(',', f);
		cli_put_field(f, r->cand[c].name);
		fprintf(f, ",%.4f,%.4f,%.4f\n", r->cand[c].cv_mae, r->cand[c].cv_rmse,
		        r->cand[c].score);
	} else {
		fputs(",,,,\n", f);
	}
}

static void write_report_csv(FILE *f, const sales_data *d, const fc_result *res)
{
	fputs("sku,chosen,detail,reason,candidate,cv_mae,cv_rmse,score\n", f);
	for (int i = 0; i < d->nsku; i++) {
		int nc = res[i].ncand ? res[i].ncand : 1;
		for (int c = 0; c < nc; c++)
			write_report_row(f, d->s[i].sku, &res[i], c);
	}
}

static void write_totals_csv(FILE *f, const sales_data *d, const fc_result *res)
{
	fputs("sku,days,mean,p10,p50,p90\n", f);
	for (int i = 0; i < d->nsku; i++) {
		const fc_result *r = &res[i];
		for (int k = 0; k < FC_NTOTALS; k++) {
			if (k && r->total_days[k] == r->total_days[k - 1])
				continue;
			cli_put_field(f, d->s[i].sku);
			const double *q = r->total_quant + k * FC_MAX_QUANTILES;
			fprintf(f, ",%d,%.4f,%.4f,%.4f,%.4f\n", r->total_days[k], r->total_mean[k],
			        q[0], q[1], q[2]);
		}
	}
}

/* Opens every output first, so a bad path writes none of them. */
static int forecast_open_outputs(forecast_run *r)
{
	int rc;
	if ((rc = cli_out_open(&r->out, r->a.output, r->cmd)))
		return rc;
	if (r->a.report && (rc = cli_out_open(&r->report, r->a.report, r->cmd)))
		return rc;
	if (r->a.totals && (rc = cli_out_open(&r->totals, r->a.totals, r->cmd)))
		return rc;
	return 0;
}

/* Writes the forecast, the report and the totals, then the model file. Returns 0 or 1. */
static int forecast_write(forecast_run *r)
{
	int rc = forecast_open_outputs(r);
	if (rc)
		return rc;
	write_forecast_csv(r->out.f, r->d, r->res);
	if (r->report.f)
		write_report_csv(r->report.f, r->d, r->res);
	if (r->totals.f)
		write_totals_csv(r->totals.f, r->d, r->res);
	rc = cli_out_close(&r->out, 1, r->cmd);
	if (r->report.f)
		rc |= cli_out_close(&r->report, rc == 0, r->cmd);
	if (r->totals.f)
		rc |= cli_out_close(&r->totals, rc == 0, r->cmd);
	if (rc == 0 && r->a.save_model)
		rc = write_model_file(r->trained, r->a.save_model, r->cmd);
	return rc ? 1 : 0;
}

int cli_forecast_main(int argc, char **argv)
{
	forecast_run r = {.cmd = "forecast"};
	openblas_set_num_threads(1); /* the engine parallelises over series itself */
	int rc = parse_args(argc, argv, 0, &r.a);
	if (rc)
		return rc == HELP_SHOWN ? 0 : rc;
	if (!(rc = forecast_load(&r)) && !(rc = forecast_inputs(&r)) &&
	    !(rc = forecast_trained(&r)) && !(rc = forecast_batch(&r)))
		rc = forecast_write(&r);
	forecast_free(&r);
	return rc;
}

/* ------------------------------------------------------------------ backtest */

#define BACKTEST_MAX_MODELS 32

/* Everything one `jaego backtest` run holds; backtest_free releases all of it. */
typedef struct backtest_run {
	const char *cmd;
	cli_args a;
	char *list; /* the --model list, cut in place into models[] */
	char *models[BACKTEST_MAX_MODELS];
	int nm;
	sales_data *d;
	fc_calendar *cal;
	const double **ys; /* the series that have history before the hold-out */
	int *ns, *idx, nb; /* their fitted lengths and their index in d */
	fc_result *res;
	cli_out out;
} backtest_run;

static void backtest_free(backtest_run *b)
{
	cli_out_close(&b->out, 0, b->cmd);
	free(b->res);
	free(b->ys);
	free(b->ns);
	free(b->idx);
	sales_free(b->d);
	fc_calendar_free(b->cal);
	free(b->list);
}

/* Splits "ets,theta,..." into known model names. */
static int backtest_models(backtest_run *b)
{
	b->list = strdup(b->a.model);
	if (!b->list)
		return 1;
	for (char *save = NULL, *t = strtok_r(b->list, ",", &save);
	     t && b->nm < BACKTEST_MAX_MODELS; t = strtok_r(NULL, ",", &save)) {
		if (!model_known(t)) {
			fprintf(stderr, "jaego %s: error: unknown_model: 알 수 없는 모델 '%s'\n",
			        b->cmd, t);
			return EXIT_BAD;
		}
		b->models[b->nm++] = t;
	}
	if (b->nm == 0) {
		fprintf(stderr, "jaego %s: error: unknown_model: 모델 목록이 비어 있습니다\n",
		        b->cmd);
		return EXIT_BAD;
	}
	return 0;
}

/* Every series longer than the horizon, cut before its last horizon days (the hold-out). */
static int backtest_inputs(backtest_run *b)
{
	const sales_data *d = b->d;
	int H = b->a.horizon;
	b->ys = malloc(sizeof *b->ys * (size_t)d->nsku);
	b->ns = malloc(sizeof *b->ns * (size_t)d->nsku);
	b->idx = malloc(sizeof *b->idx * (size_t)d->nsku);
	b->res = calloc((size_t)d->nsku, sizeof *b->res);
	if (!b->ys || !b->ns || !b->idx || !b->res)
		return out_of_memory(b->cmd);
	for (int i = 0; i < d->nsku; i++) {
		if (d->s[i].n <= H)
			continue; /* nothing to fit before the hold-out */
		b->ys[b->nb] = d->s[i].y;
		b->ns[b->nb] = d->s[i].n - H;
		b->idx[b->nb++] = i;
	}
	if (b->nb == 0) {
		fprintf(stderr,
		        "jaego %s: error: too_short: 보류 기간(%d일)보다 긴 이력이 있는 상품이 "
		        "없습니다\n",
		        b->cmd, H);
		return EXIT_BAD;
	}
	return 0;
}

/* Scores model m's forecasts against the hold-out into acc (and one row per series into the
 * --output file), freeing each result as it goes. */
static void backtest_score(backtest_run *b, int m, fc_metrics *acc)
{
	int H = b->a.horizon;
	double lo[FC_MAX_HORIZON], hi[FC_MAX_HORIZON];
	for (int k = 0; k < b->nb; k++) {
		const fc_result *r = &b->res[k];
		const sales_series *s = &b->d->s[b->idx[k]];
		for (int t = 0; t < H; t++) {
			lo[t] = r->quant[t * r->nq];
			hi[t] = r->quant[t * r->nq + r->nq - 1];
		}
		fc_accuracy one;
		fc_metrics_add(acc, s->y, b->ns[k], 7, s->y + b->ns[k], r->mean, lo, hi, H, &one);
		if (b->a.output) {
			fputs(b->models[m], b->out.f);
			fputc(',', b->out.f);
			cli_put_field(b->out.f, s->sku);
			fprintf(b->out.f, ",%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f\n", r->model, one.rmse,
			        one.mae, one.mase, one.wape, one.bias, one.coverage);
		}
		fc_result_free(&b->res[k]);
	}
}

/* Forecasts the hold-out with model m and prints its summary line. */
static int backtest_model(backtest_run *b, int m)
{
	fc_options opt;
	fc_options_init(&opt);
	set_model(&opt, b->models[m], b->cal, b->d->last_day - b->a.horizon);
	opt.horizon = b->a.horizon;
	opt.nthreads = b->a.threads;
	opt.seed = b->a.seed;
	double t0 = now_s();
	int frc = fc_forecast_batch(b->ys, b->ns, b->nb, &opt, b->res);
	double dt = now_s() - t0;
	if (frc != FC_OK) {
		fprintf(stderr, "jaego %s: error: %s: %s 모델 예측 실패\n", b->cmd,
		        fc_strerror(frc), b->models[m]);
		return 1;
	}
	fc_metrics acc;
	memset(&acc, 0, sizeof acc);
	backtest_score(b, m, &acc);
	fc_accuracy sum;
	fc_metrics_summary(&acc, &sum);
	printf("%-10s %6d %10.4f %10.4f %8.4f %8.4f %10.4f %9.4f %8.3f\n", b->models[m], b->nb,
	       sum.rmse, sum.mae, sum.mase, sum.wape, sum.bias, sum.coverage, dt);
	fflush(stdout);
	return 0;
}

static int backtest_all(backtest_run *b)
{
	int rc = cli_out_open(&b->out, b->a.output, b->cmd);
	if (rc)
		return rc;
	if (b->a.output)
		fputs("model,sku,chosen,rmse,mae,mase,wape,bias,coverage\n", b->out.f);
	printf("%-10s %6s %10s %10s %8s %8s %10s %9s %8s\n", "model", "skus", "rmse", "mae", "mase",
	       "wape", "bias", "coverage", "seconds");
	for (int m = 0; m < b->nm; m++)
		if ((rc = backtest_model(b, m)))
			return rc;
	return cli_out_close(&b->out, 1, b->cmd) ? 1 : 0;
}

int cli_backtest_main(int argc, char **argv)
{
	backtest_run b = {.cmd = "backtest"};
	openblas_set_num_threads(1); /* the engine parallelises over series itself */
	int rc = parse_args(argc, argv, 1, &b.a);
	if (rc)
		return rc == HELP_SHOWN ? 0 : rc;
	if (!(rc = backtest_models(&b)) && !(rc = load(&b.a, b.cmd, &b.d))) {
		b.cal = cli_forecast_calendar(b.a.holidays);
		if (!(rc = add_events(&b.a, b.cmd, b.cal)) && !(rc = backtest_inputs(&b)))
			rc = backtest_all(&b);
	}
	backtest_free(&b);
	return rc;
}
