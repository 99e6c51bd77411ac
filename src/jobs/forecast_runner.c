/* forecast_runner.c — the background thread of forecast runs and the orchestration of one
 * run: inputs from the store, demand series (demand.c), the engine through forecast.h and
 * the calendar functions, results back to the store in one transaction (see
 * forecast_runner.h). */
#include "forecast_runner.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <jansson.h>

#include "demand.h"
#include "embedded.h"
#include "forecast.h"
#include "live_bus.h"
#include "log.h"
#include "alert_delivery.h"
#include "date.h"
#include "util.h"
#include "worker.h"

#define RUN_SEED          20240601ULL /* the engine's default: same data, same forecast */
#define POLL_SECONDS      30          /* the schedule is looked at this often */
#define PROGRESS_EVERY_MS 250         /* progress is written at most this often */
#define RUNNER_NICE       10          /* requests come first */

/* Korean messages of a failed run (shown on the runs list). */
#define MSG_LOAD    "예측에 쓸 데이터를 읽지 못했습니다 (데이터베이스 오류). 다시 실행해 주세요."
#define MSG_NOMEM   "메모리가 부족해 예측을 마치지 못했습니다. 다시 실행해 주세요."
#define MSG_ENGINE  "예측 엔진 오류(%s)로 예측하지 못했습니다. 다시 실행해 주세요."
#define MSG_SAVE    "예측 결과를 저장하지 못했습니다 (데이터베이스 오류). 다시 실행해 주세요."
#define MSG_CRASHED "서버가 예측 도중 멈춰 예측을 마치지 못했습니다. 다시 실행해 주세요."

/* ------------------------------------------------------------------ schedule (pure) */

void forecast_schedule_slot(time_t now, int hour, char out[32])
{
	/* KST has no daylight saving: the slot is hour:00 of the KST day, at or before now */
	time_t kst = now + DATE_KST_OFFSET;
	time_t day_start = kst - (kst % 86400 + 86400) % 86400;
	time_t slot = day_start + (time_t)hour * 3600;
	if (slot > kst)
		slot -= 86400;
	util_utc_iso(slot - DATE_KST_OFFSET, out);
}

int forecast_schedule_due(time_t now, int hour, const char *last_created)
{
	if (hour < 0 || hour > 23)
		return 0;
	char slot[32];
	forecast_schedule_slot(now, hour, slot);
	/* ISO-8601 UTC instants of one format compare as text */
	return !last_created || !*last_created || strcmp(last_created, slot) < 0;
}

/* ------------------------------------------------------------------ one run */

static int day_of(const char *s)
{
	int y, m, d;
	util_parse_date(s, &y, &m, &d);
	return (int)util_days_from_civil(y, m, d);
}

static void date_of(int day, char out[11])
{
	int y, m, d;
	util_civil_from_days(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* The longest prefix of s that fits in max bytes (NUL included) without splitting a
 * UTF-8 character, copied to out. */
static void utf8_prefix(const char *s, char *out, size_t max)
{
	size_t n = strlen(s);
	if (n > max - 1)
		for (n = max - 1; n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80;)
			n--;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* The embedded Korean holiday calendar with the organisation's events added, or NULL when
 * the calendar cannot be read (the forecasts then lack only the holiday effects).
 * *nevents gets how many events it holds. */
static fc_calendar *run_calendar(const struct fstore_inputs *in, int *nevents)
{
	*nevents = 0;
	const struct embedded_file *f = embedded_find("data/kr_holidays.csv");
	fc_calendar *cal = NULL;
	if (!f || fc_calendar_parse((const char *)f->data, f->len, &cal) != FC_OK) {
		log_warn("msg=\"forecast calendar unreadable: no holiday effects\"");
		return NULL;
	}
	for (size_t i = 0; i < in->nevents; i++) {
		const struct fstore_event *e = &in->events[i];
		char name[FC_EVENT_NAME_MAX];
		utf8_prefix(e->name, name, sizeof name);
		if (fc_calendar_add_event(cal, e->date, name, e->before, e->after) == FC_OK)
			(*nevents)++;
	}
	return cal;
}

/* Progress from the engine's threads: written to the run at most every
 * PROGRESS_EVERY_MS; a non-zero *cancel stops the batch. */
struct progress {
	db *d;
	int64_t run_id;
	const atomic_int *cancel;
	pthread_mutex_t mu;
	int64_t last_ms;
};

static int on_progress(void *arg, int done, int total)
{
	struct progress *p = arg;
	if (p->cancel && atomic_load(p->cancel))
		return 1;
	if (pthread_mutex_trylock(&p->mu) == 0) {
		int64_t now = util_now_ms();
		if (now - p->last_ms >= PROGRESS_EVERY_MS || done == total) {
			fstore_progress(p->d, p->run_id, "forecasting", done, total);
			p->last_ms = now;
		}
		pthread_mutex_unlock(&p->mu);
	}
	return 0;
}

/* Everything one run holds, released in one place. */
struct job {
	const struct fstore_run *run;
	db *d;
	int64_t t0;
	int last_day;
	char last_date[11];
	struct fstore_inputs in;
	struct demand_series *series;
	fc_calendar *cal;
	int nevents;
	fc_options opt;
	int min_history;
	/* the series the engine forecasts: k of them, idx[] into series */
	int k;
	int *idx;
	const double **ys;
	int *ns;
	fc_result *res;
	int have_res;
	fc_trained *trained;
	const char *global; /* how the global models came: trained, loaded, in_run, none */
	char models_trained_at[32];
	void *blob; /* trained models to keep (nightly) */
	size_t blob_len;
	struct fstore_result *out;
	struct fstore_candidate (*cands)[FC_MAX_CANDIDATES]; /* per product */
	char (*reasons)[256];
	char (*first_dates)[11];
};

static void job_free(struct job *j)
{
	if (j->have_res)
		for (int i = 0; i < j->k; i++)
			fc_result_free(&j->res[i]);
	free(j->res);
	demand_free(j->series, j->in.nproducts);
	free(j->series);
	fstore_inputs_free(&j->in);
	fc_calendar_free(j->cal);
	fc_trained_free(j->trained);
	free(j->idx);
	free(j->ys);
	free(j->ns);
	free(j->blob);
	free(j->out);
	free(j->cands);
	free(j->reasons);
	free(j->first_dates);
}

static int fail(struct job *j, const char *msg)
{
	log_warn("msg=\"forecast run failed\" run=%lld org=%lld error=\"%s\"",
	         (long long)j->run->id, (long long)j->run->org_id, msg);
	fstore_fail(j->d, j->run->id, util_now_ms() - j->t0, msg);
	return FORECAST_RUN_FAILED;
}

/* Demand series of every product, and which of them are long enough to forecast. */
static void build_series(struct job *j)
{
	size_t np = j->in.nproducts;
	j->series = xcalloc(np ? np : 1, sizeof *j->series);
	demand_build(j->in.products, np, j->in.moves, j->in.nmoves, j->in.sales, j->in.nsales,
	             j->in.bom, j->in.nbom, j->last_day, j->series);
	j->idx = xcalloc(np ? np : 1, sizeof *j->idx);
	j->ys = xcalloc(np ? np : 1, sizeof *j->ys);
	j->ns = xcalloc(np ? np : 1, sizeof *j->ns);
	for (size_t i = 0; i < np; i++) {
		if (j->series[i].n < j->min_history || j->series[i].n == 0)
			continue;
		j->idx[j->k] = (int)i;
		j->ys[j->k] = j->series[i].y;
		j->ns[j->k] = j->series[i].n;
		j->k++;
	}
}

/* The global models: trained here by a nightly run (and kept), else loaded from the last
 * nightly run; without saved models the batch trains the boosted trees itself and leaves
 * the LSTM, whose training is long, to the night. Returns 0 or an FC_E* code. */
static int global_models(struct job *j)
{
	if (j->k == 0) {
		j->global = "none";
		return FC_OK;
	}
	if (j->run->as_of[0]) {
		/* A backdated run: saved models learnt from days after its history (they would
		 * leak the future into the forecast being scored), and training them again per
		 * backdate is too slow for the demo; the statistical models alone. */
		j->opt.model_set = FC_SET_STAT;
		j->global = "none";
		return FC_OK;
	}
	if (j->run->schedule) {
		j->opt.model_set = FC_SET_ALL;
		fstore_progress(j->d, j->run->id, "training", 0, j->k);
		int rc = fc_train(j->ys, j->ns, j->k, &j->opt, &j->trained);
		if (rc == FC_ENOMEM)
			return rc;
		if (rc != FC_OK) {
			/* too little history for either model: the batch skips them too */
			j->opt.model_set = FC_SET_DEFAULT;
			j->global = "none";
			return FC_OK;
		}
		if (fc_trained_save(j->trained, &j->blob, &j->blob_len) != FC_OK) {
			j->blob = NULL; /* forecast with them all the same; keep the old ones */
			log_warn("msg=\"trained models not saved\" run=%lld",
			         (long long)j->run->id);
		}
		j->opt.trained = j->trained;
		j->global = "trained";
		return FC_OK;
	}
	void *saved = NULL;
	size_t len = 0;
	int horizon = 0;
	int found = fstore_models_load(j->d, j->run->org_id, &saved, &len, j->models_trained_at,
	                               &horizon);
	j->opt.model_set = FC_SET_DEFAULT;
	j->global = "in_run";
	if (found == 1 && horizon >= j->opt.horizon &&
	    fc_trained_load(saved, len, j->ns, j->k, &j->trained) == FC_OK) {
		j->opt.model_set = FC_SET_ALL;
		j->opt.trained = j->trained;
		j->global = "loaded";
	} else if (found == 1) {
		log_warn("msg=\"saved global models unusable: trained in this run\" org=%lld",
		         (long long)j->run->org_id);
	}
	free(saved);
	return FC_OK;
}

/* The chosen forecast's cross-validation errors (NaN when it had none). */
static void set_metrics(struct fstore_result *o, const fc_result *r)
{
	o->mae = o->rmse = o->mase = o->wape = o->bias = NAN;
	for (int c = 0; c < r->ncand; c++) {
		const fc_candidate *cd = &r->cand[c];
		if (!cd->ok || strcmp(cd->name, r->model) != 0)
			continue;
		o->mae = cd->cv_mae;
		o->rmse = cd->cv_rmse;
		o->bias = cd->cv_bias;
		o->wape = cd->cv_wape >= 0 ? cd->cv_wape : NAN;
		o->mase = cd->cv_mase >= 0 ? cd->cv_mase : NAN;
		return;
	}
}

/* Whether name is one of the members of the chosen "combo(a+b+c)" (never the combination
 * itself, nor a single chosen model). */
static int combo_member(const char *chosen, const char *name)
{
	size_t len = strlen(name);
	if (!util_has_prefix(chosen, "combo(") || len == 0)
		return 0;
	for (const char *p = chosen + 6; (p = strstr(p, name)) != NULL; p += len)
		if ((p[-1] == '(' || p[-1] == '+') && (p[len] == '+' || p[len] == ')'))
			return 1;
	return 0;
}

/* Every candidate the engine ranked, with its errors (undefined ones NaN), kept so that
 * the product page can say which models the chosen one beat. */
static void set_candidates(struct fstore_result *o, const fc_result *r,
                           struct fstore_candidate *cands)
{
	int n = r->ncand < FC_MAX_CANDIDATES ? r->ncand : FC_MAX_CANDIDATES;
	for (int c = 0; c < n; c++) {
		const fc_candidate *cd = &r->cand[c];
		cands[c] = (struct fstore_candidate){
		        .model = cd->name,
		        .ok = cd->ok,
		        .mae = cd->cv_mae,
		        .rmse = cd->cv_rmse,
		        .mase = cd->cv_mase >= 0 ? cd->cv_mase : NAN,
		        .wape = cd->cv_wape >= 0 ? cd->cv_wape : NAN,
		        .bias = cd->cv_bias,
		        .score = cd->score,
		        .chosen = strcmp(cd->name, r->model) == 0,
		        .part_of_combo = combo_member(r->model, cd->name),
		};
	}
	o->cands = cands;
	o->ncand = n;
}

/* Quantile levels a run asks for: p10/p50/p90 for the screens, and the levels the
 * service-level safety stock reads from the 30/60/90-day totals (docs/planning.md). */
static const double run_levels[] = {0.1, 0.5, 0.8, 0.9, 0.95, 0.975, 0.99};
#define RUN_NLEVELS ((int)(sizeof run_levels / sizeof run_levels[0]))

static void set_forecast(struct fstore_result *o, const fc_result *r,
                         struct fstore_candidate *cands)
{
	o->status = "ok";
	o->reason = "";
	o->model = r->model;
	o->detail = r->detail;
	o->note = r->reason;
	set_metrics(o, r);
	set_candidates(o, r, cands);
	/* where p10, p50 and p90 are among the levels the engine computed */
	static const double want[3] = {0.1, 0.5, 0.9};
	for (int jq = 0; jq < 3; jq++) {
		o->qidx[jq] = 0;
		for (int l = 0; l < r->nq; l++)
			if (fabs(r->q[l] - want[jq]) < 1e-9)
				o->qidx[jq] = l;
	}
	for (int k = 0; k < 3; k++) {
		const double *q = r->total_quant + k * FC_MAX_QUANTILES;
		o->totals[k][0] = r->total_mean[k];
		for (int jq = 0; jq < 3; jq++)
			o->totals[k][1 + jq] = q[o->qidx[jq]];
	}
	o->mean = r->mean;
	o->quant = r->quant;
	o->nq = r->nq;
	o->levels = r->q;
	o->total_days = r->total_days;
	o->total_quant = r->total_quant;
	o->total_stride = FC_MAX_QUANTILES;
}

/* One row per product: its forecast, or why there is none (in Korean). */
static void collect_results(struct job *j)
{
	size_t np = j->in.nproducts;
	j->out = xcalloc(np ? np : 1, sizeof *j->out);
	j->cands = xcalloc(np ? np : 1, sizeof *j->cands);
	j->reasons = xcalloc(np ? np : 1, sizeof *j->reasons);
	j->first_dates = xcalloc(np ? np : 1, sizeof *j->first_dates);
	int next = 0;
	for (size_t i = 0; i < np; i++) {
		const struct demand_series *s = &j->series[i];
		struct fstore_result *o = &j->out[i];
		o->product_id = s->product_id;
		o->history_days = s->n;
		o->history_total = s->total;
		o->min_history_days = j->min_history;
		if (s->n > 0) {
			date_of(s->first_day, j->first_dates[i]);
			o->history_first_date = j->first_dates[i];
		}
		if (next < j->k && j->idx[next] == (int)i) {
			set_forecast(o, &j->res[next++], j->cands[i]);
			continue;
		}
		o->status = s->n == 0 ? "no_history" : "too_little_history";
		if (s->n == 0)
			snprintf(j->reasons[i], sizeof j->reasons[i],
			         "출고나 판매 이력이 없어 예측하지 않았습니다. 예측하려면 %d일 "
			         "이상의 "
			         "이력이 필요합니다.",
			         j->min_history);
		else
			snprintf(j->reasons[i], sizeof j->reasons[i],
			         "판매 이력이 %d일뿐이라 예측하지 않았습니다. 예측하려면 %d일 "
			         "이상의 "
			         "이력이 필요합니다 (%d일 더).",
			         s->n, j->min_history, j->min_history - s->n);
		o->reason = j->reasons[i];
	}
}

/* What the engine was asked and given, kept with the run (JSON text, caller frees). */
static char *options_json(const struct job *j)
{
	json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:I, s:s, s:i, s:i, s:i, s:s}", "model", "auto",
	                      "model_set",
	                      j->opt.model_set == FC_SET_ALL    ? "all"
	                      : j->opt.model_set == FC_SET_STAT ? "stat"
	                                                        : "default",
	                      "horizon", j->opt.horizon, "threads", j->opt.nthreads, "seed",
	                      (json_int_t)j->opt.seed, "calendar", j->cal ? "kr" : "none", "events",
	                      j->nevents, "min_history_days", j->min_history, "max_history_days",
	                      DEMAND_MAX_DAYS, "global_models", j->global);
	if (j->run->as_of[0])
		json_object_set_new(o, "as_of", json_string(j->run->as_of));
	if (j->models_trained_at[0] && util_streq(j->global, "loaded"))
		json_object_set_new(o, "models_trained_at", json_string(j->models_trained_at));
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

static int save(struct job *j)
{
	fstore_progress(j->d, j->run->id, "saving", j->k, j->k);
	char *opts = options_json(j);
	struct fstore_done done = {
	        .run_id = j->run->id,
	        .org_id = j->run->org_id,
	        .horizon = j->opt.horizon,
	        .first_day = j->last_day + 1,
	        .last_history_date = j->last_date,
	        .options = opts,
	        .duration_ms = util_now_ms() - j->t0,
	        .models = j->blob,
	        .models_len = j->blob_len,
	        .models_mask = j->trained ? fc_trained_models(j->trained) : 0,
	        .models_horizon = j->trained ? fc_trained_horizon(j->trained) : 0,
	};
	int rc = fstore_save(j->d, &done, j->out, j->in.nproducts);
	free(opts);
	if (rc == DB_OK) {
		alert_delivery_refresh_soon(); /* the new forecast moves every planning figure */
		struct live_change c = {
		        .org_id = j->run->org_id, .topics = LIVE_STOCK, .cause = "forecast_run"};
		live_bus_publish(&c);
	}
	return rc;
}

int forecast_runner_execute(db *d, const struct fstore_run *run, int threads,
                            const atomic_int *cancel)
{
	struct job j = {.run = run, .d = d, .t0 = util_now_ms(), .global = "in_run"};
	char today[11];
	util_kst_date(util_now(), today);
	/* today is not over: the history ends yesterday and the forecast starts today; a
	 * backdated run pretends to be made on its as_of day */
	j.last_day = day_of(run->as_of[0] ? run->as_of : today) - 1;
	date_of(j.last_day, j.last_date);
	fstore_progress(d, run->id, "loading", 0, 0);
	if (fstore_load_inputs(d, run->org_id, j.last_date, &j.in) != DB_OK) {
		int rc = fail(&j, MSG_LOAD);
		job_free(&j);
		return rc;
	}
	j.cal = run_calendar(&j.in, &j.nevents);
	fc_options_init(&j.opt);
	j.opt.horizon = run->horizon;
	j.opt.nthreads = threads > 0 ? threads : 1;
	j.opt.seed = RUN_SEED;
	j.opt.nquantiles = RUN_NLEVELS;
	for (int l = 0; l < RUN_NLEVELS; l++)
		j.opt.quantiles[l] = run_levels[l];
	j.opt.calendar = j.cal;
	j.opt.last_day = j.last_day;
	j.min_history = fc_min_history(&j.opt);
	build_series(&j);

	int rc = global_models(&j);
	struct progress p = {.d = d, .run_id = run->id, .cancel = cancel};
	pthread_mutex_init(&p.mu, NULL);
	if (rc == FC_OK) {
		fstore_progress(d, run->id, "forecasting", 0, j.k);
		j.opt.progress = on_progress;
		j.opt.progress_arg = &p;
		j.res = xcalloc(j.k ? (size_t)j.k : 1, sizeof *j.res);
		rc = fc_forecast_batch(j.ys, j.ns, j.k, &j.opt, j.res);
		j.have_res = rc == FC_OK;
	}
	pthread_mutex_destroy(&p.mu);
	int outcome;
	if (rc == FC_ECANCELED) {
		log_info("msg=\"forecast run cancelled: queued again\" run=%lld",
		         (long long)run->id);
		fstore_requeue(d, run->id);
		outcome = FORECAST_RUN_REQUEUED;
	} else if (rc != FC_OK) {
		char msg[256];
		snprintf(msg, sizeof msg, MSG_ENGINE, fc_strerror(rc));
		outcome = fail(&j, rc == FC_ENOMEM ? MSG_NOMEM : msg);
	} else {
		collect_results(&j);
		if (save(&j) != DB_OK) {
			outcome = fail(&j, MSG_SAVE);
		} else {
			outcome = FORECAST_RUN_DONE;
			log_info("msg=\"forecast run done\" run=%lld org=%lld products=%zu "
			         "forecast=%d global=%s ms=%lld",
			         (long long)run->id, (long long)run->org_id, j.in.nproducts, j.k,
			         j.global, (long long)(util_now_ms() - j.t0));
		}
	}
	job_free(&j);
	return outcome;
}

int forecast_runner_enqueue(db *d, int64_t org_id, int64_t user_id, int schedule, int64_t *id,
                            int *created)
{
	return fstore_enqueue(d, org_id, schedule ? "schedule" : "manual", user_id,
	                      FORECAST_HORIZON, id, created);
}

int forecast_runner_enqueue_as_of(db *d, int64_t org_id, int64_t user_id, const char *as_of,
                                  int64_t *id, int *created)
{
	return fstore_enqueue_as_of(d, org_id, "manual", user_id, FORECAST_HORIZON, as_of, id,
	                            created);
}

/* ------------------------------------------------------------------ the thread */

static struct {
	struct forecast_runner_config cfg;
	char db_path[4096];
	struct worker w;
} R = {.w = WORKER_INIT};

int forecast_runner_mode_parse(const char *s, enum forecast_runner_mode *out)
{
	static const char *const names[] = {"all", "queue", "off"};
	for (int i = 0; i < 3; i++)
		if (util_streq(s, names[i])) {
			*out = (enum forecast_runner_mode)i;
			return 0;
		}
	return -1;
}

/* Queues the nightly run of every organisation whose slot has come. */
static void schedule_tick(db *d)
{
	struct fstore_org_slot *orgs = NULL;
	size_t n = 0;
	if (fstore_schedule_list(d, &orgs, &n) != DB_OK)
		return;
	time_t now = util_now();
	for (size_t i = 0; i < n; i++) {
		if (!forecast_schedule_due(now, orgs[i].hour, orgs[i].last_created))
			continue;
		int64_t id = 0;
		int created = 0;
		if (forecast_runner_enqueue(d, orgs[i].org_id, 0, 1, &id, &created) == DB_OK &&
		    created)
			log_info("msg=\"nightly forecast run queued\" run=%lld org=%lld hour=%d",
			         (long long)id, (long long)orgs[i].org_id, orgs[i].hour);
	}
	free(orgs);
}

static void *runner_main(void *arg)
{
	(void)arg;
	/* below the request threads: a run takes what they leave */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), RUNNER_NICE) != 0)
		log_warn("msg=\"forecast runner keeps normal priority\"");
	db *d = NULL;
	char err[512];
	if (db_open(R.db_path, &d, err, sizeof err) != 0) {
		log_error("msg=\"forecast runner cannot open the database\" error=\"%s\"", err);
		return NULL;
	}
	int stale = fstore_recover(d, MSG_CRASHED);
	if (stale > 0)
		log_warn("msg=\"forecast runs left running by an earlier process marked failed\" "
		         "runs=%d",
		         stale);
	while (!worker_stopping(&R.w)) {
		if (R.cfg.mode == FORECAST_RUNNER_ALL)
			schedule_tick(d);
		struct fstore_run run;
		int c = fstore_claim(d, &run);
		if (c == 1) {
			forecast_runner_execute(d, &run, R.cfg.threads, &R.w.stop);
			continue;
		}
		if (c < 0)
			log_warn("msg=\"forecast runner cannot claim a run\" rc=%d", c);
		worker_wait_ms(&R.w, POLL_SECONDS * 1000L);
	}
	db_close(d);
	return NULL;
}

int forecast_runner_start(const struct forecast_runner_config *c)
{
	R.cfg = *c;
	if (c->mode == FORECAST_RUNNER_OFF)
		return 0;
	util_strlcpy(R.db_path, c->db_path, sizeof R.db_path);
	R.cfg.db_path = R.db_path;
	if (worker_start(&R.w, runner_main, NULL) != 0)
		return -1;
	log_info("msg=\"forecast runner started\" schedule=%s threads=%d",
	         c->mode == FORECAST_RUNNER_ALL ? "on" : "off", c->threads > 0 ? c->threads : 1);
	return 0;
}

void forecast_runner_wake(void)
{
	worker_wake(&R.w);
}

void forecast_runner_stop(void)
{
	worker_stop(&R.w);
}
