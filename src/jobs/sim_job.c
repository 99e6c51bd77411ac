/* sim_job.c — one policy simulation of a shop (see sim_job.h): inputs from the store, the
 * demand series exactly as forecast runs build them (fstore_load_inputs + demand_build),
 * and the replay with the engine at every review. */
#include "sim_job.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "demand.h"
#include "embedded.h"
#include "forecast.h"
#include "forecast_store.h"
#include "sim_engine.h"
#include "util.h"

#define MSG_LOAD   "시뮬레이션에 쓸 데이터를 읽지 못했습니다 (데이터베이스 오류). 다시 실행해 주세요."
#define MSG_NOMEM  "메모리가 부족해 시뮬레이션을 마치지 못했습니다. 다시 실행해 주세요."
#define MSG_ENGINE "예측 엔진 오류(%s)로 시뮬레이션을 마치지 못했습니다. 다시 실행해 주세요."
#define MSG_STOP   "서버가 멈춰 시뮬레이션을 마치지 못했습니다. 다시 실행해 주세요."
#define MSG_NONE   "시뮬레이션할 상품이 없습니다 (판매 중지되었거나 삭제되었습니다)."

/* Everything one run holds; run_free releases what the output does not keep. */
struct run {
	const struct sim_job_request *q;
	struct sim_job_output *o;
	sim_job_progress_fn progress;
	void *arg;
	int total_reviews;
	struct fstore_inputs in;
	struct demand_series *series;
	struct sim_product *prod;
	struct sim_engine eng;
	fc_calendar *cal;
};

void sim_job_output_free(struct sim_job_output *o)
{
	free(o->products);
	free(o->lead_default);
	if (o->have_res)
		sim_result_free(&o->res);
	free(o->on_hand);
	free(o->stockout);
	memset(o, 0, sizeof *o);
}

static void run_free(struct run *r)
{
	sim_engine_free(&r->eng);
	fc_calendar_free(r->cal);
	free(r->prod);
	demand_free(r->series, r->in.nproducts);
	free(r->series);
	fstore_inputs_free(&r->in);
}

static int has_id(const struct sim_job_request *q, int64_t id)
{
	size_t lo = 0, hi = q->nproducts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (q->product_ids[mid] == id)
			return 1;
		if (q->product_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The requested products still active, with their terms and opening balance. */
static int load_products(db *d, struct run *r)
{
	char from[11];
	date_format(r->q->from_day, from);
	struct simstore_product *all = NULL;
	size_t n = 0;
	int rc = simstore_products(d, r->q->org_id, from, &all, &n);
	if (rc != DB_OK)
		return rc;
	struct sim_job_output *o = r->o;
	o->products = xcalloc(n ? n : 1, sizeof *o->products);
	o->lead_default = xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++)
		if (has_id(r->q, all[i].id)) {
			struct simstore_product *p = &o->products[o->np];
			*p = all[i];
			o->lead_default[o->np] = p->lead_time_days < 0;
			if (p->lead_time_days < 0)
				p->lead_time_days = SIM_JOB_LEAD_DEFAULT;
			o->np++;
		}
	free(all);
	o->service_level = simstore_service_level(d, r->q->org_id);
	return DB_OK;
}

static const struct demand_series *series_of(const struct run *r, int64_t id)
{
	/* fstore_load_inputs lists the products by id */
	size_t lo = 0, hi = r->in.nproducts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->in.products[mid] == id)
			return &r->series[mid];
		if (r->in.products[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Demand per product per day up to the last simulated day, as forecast runs count it, and
 * each product's replay terms. The starting stock is the ledger's balance on the morning
 * of the first day; a product with no movement before it starts as the replay's default. */
static void build_products(struct run *r)
{
	size_t np = r->in.nproducts;
	r->series = xcalloc(np ? np : 1, sizeof *r->series);
	demand_build(r->in.products, np, r->in.moves, r->in.nmoves, r->in.sales, r->in.nsales,
	             r->in.bom, r->in.nbom, r->q->to_day, r->series);
	const struct sim_job_output *o = r->o;
	r->prod = xcalloc(o->np ? o->np : 1, sizeof *r->prod);
	for (size_t i = 0; i < o->np; i++) {
		const struct simstore_product *p = &o->products[i];
		const struct demand_series *s = series_of(r, p->id);
		int has = s && s->n > 0;
		r->prod[i] = (struct sim_product){.sku = p->sku,
		                                  .sales = has ? s->y : NULL,
		                                  .first_day = has ? s->first_day : r->q->from_day,
		                                  .nsales = has ? s->n : 0,
		                                  .lead_time_days = p->lead_time_days,
		                                  .moq = p->moq,
		                                  .order_multiple = p->order_multiple,
		                                  .unit_cost = p->unit_cost,
		                                  .on_hand = !p->opening_known ? PLAN_NONE
		                                             : p->opening > 0  ? p->opening
		                                                               : 0,
		                                  .expiry_days = 0};
	}
}

static int on_review(void *arg, int done)
{
	struct run *r = arg;
	return r->progress(r->arg, "replaying", done, r->total_reviews);
}

static void on_day(void *ctx, const struct sim_day *d)
{
	struct run *r = ctx;
	struct sim_job_output *o = r->o;
	int t = d->day - r->q->from_day;
	if (t < 0 || t >= o->ndays)
		return;
	size_t pi = 0;
	while (pi < r->q->npolicies && r->q->policies[pi] != d->policy)
		pi++;
	size_t k = (pi * o->np + d->product) * (size_t)o->ndays + (size_t)t;
	o->on_hand[k] = d->on_hand > INT32_MAX ? INT32_MAX : (int32_t)d->on_hand;
	o->stockout[k] = d->lost > 0;
}

/* The embedded Korean holidays, as `jaego simulate` uses them by default (NULL: none). */
static fc_calendar *kr_calendar(void)
{
	const struct embedded_file *f = embedded_find("data/kr_holidays.csv");
	fc_calendar *cal = NULL;
	if (!f || fc_calendar_parse((const char *)f->data, f->len, &cal) != FC_OK)
		return NULL;
	return cal;
}

/* The replay itself. 0, or -1 with the message in err. */
static int replay(struct run *r, char *err, size_t errlen)
{
	struct sim_job_output *o = r->o;
	const struct sim_job_request *q = r->q;
	o->ndays = q->to_day - q->from_day + 1;
	size_t cells = q->npolicies * (o->np ? o->np : 1) * (size_t)o->ndays;
	o->on_hand = xcalloc(cells, sizeof *o->on_hand);
	o->stockout = xcalloc(cells, 1);
	if (sim_engine_init(&r->eng, r->prod, o->np, q->review_days)) {
		util_strlcpy(err, MSG_NOMEM, errlen);
		return -1;
	}
	r->cal = kr_calendar();
	r->eng.opt.calendar = r->cal;
	r->eng.on_review = on_review;
	r->eng.on_review_arg = r;
	struct sim_config c;
	sim_config_init(&c);
	c.from_day = q->from_day;
	c.to_day = q->to_day;
	c.review_days = q->review_days;
	c.service_level = o->service_level;
	c.target_fill = q->target_fill;
	c.policies = q->policies;
	c.npolicies = q->npolicies;
	c.forecast = sim_engine_forecast;
	c.forecast_ctx = &r->eng;
	c.on_day = on_day;
	c.day_ctx = r;
	int rc = sim_run(&c, r->prod, o->np, &o->res);
	if (rc == SIM_OK) {
		o->have_res = 1;
		return 0;
	}
	if (r->eng.fc_error != FC_OK)
		snprintf(err, errlen, MSG_ENGINE, fc_strerror(r->eng.fc_error));
	else
		util_strlcpy(err, rc == SIM_E_FORECAST ? MSG_STOP : MSG_NOMEM, errlen);
	return -1;
}

int sim_job_execute(db *d, const struct sim_job_request *q, sim_job_progress_fn progress, void *arg,
                    struct sim_job_output *out, char *err, size_t errlen)
{
	int64_t t0 = util_now_ms();
	memset(out, 0, sizeof *out);
	struct run r = {.q = q, .o = out, .progress = progress, .arg = arg};
	r.total_reviews = (q->to_day - q->from_day) / q->review_days + 1;
	progress(arg, "loading", 0, r.total_reviews);
	char last[11];
	date_format(q->to_day, last);
	int rc = -1;
	if (load_products(d, &r) != DB_OK || fstore_load_inputs(d, q->org_id, last, &r.in) != DB_OK)
		util_strlcpy(err, MSG_LOAD, errlen);
	else if (out->np == 0)
		util_strlcpy(err, MSG_NONE, errlen);
	else {
		build_products(&r);
		rc = replay(&r, err, errlen);
	}
	run_free(&r);
	if (rc == 0)
		progress(arg, "done", r.total_reviews, r.total_reviews);
	out->seconds = (double)(util_now_ms() - t0) / 1000.0;
	return rc;
}
