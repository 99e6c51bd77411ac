/* simulate.c — the policy simulator's replay and its four policies (see simulate.h and
 * docs/simulate.md). Each (policy, product) pair keeps its own stock, lots and orders on
 * the way; the forecast of a review is asked once and shared by every policy, as it
 * depends on the sales alone. */
#include "simulate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXPIRY_NEVER INT32_MAX /* the last day of a lot that does not expire */
#define EXPIRY_MAX   3650      /* days of shelf life accepted */
#define ALERT_DAYS   PLAN_ORDER_ALERT_DAYS
/* jaego's feedback: the shop's fill rate so far is weighed with this half-life in days, and
 * each review moves the aim by FEEDBACK_GAIN × the gap between the target and it. */
#define FEEDBACK_HALF_LIFE 56.0
#define FEEDBACK_GAIN      0.5
/* jaego's guard: its order-up-to level is at most the most sold in any lead time + review
 * days ending within the last GUARD_DAYS days (a half-year: recent enough to follow the
 * product, long enough to hold its usual peaks). */
#define GUARD_DAYS 182
/* The range of jaego's shortage price λ searched, as multiples of the cheapest and the
 * dearest unit cost: a long lead time's marginal unit saves little shortage per cycle, so
 * reaching a high target may take a price far above the unit costs. */
#define LAMBDA_LOW  1e-3
#define LAMBDA_HIGH 1e6

static const char *const policy_names[SIM_NPOLICIES] = {"document", "service_level", "minmax",
                                                        "jaego"};

const char *sim_policy_name(int policy)
{
	return policy >= 0 && policy < SIM_NPOLICIES ? policy_names[policy] : "";
}

int sim_policy_parse(const char *s)
{
	for (int i = 0; s && i < SIM_NPOLICIES; i++)
		if (strcmp(s, policy_names[i]) == 0)
			return i;
	return -1;
}

void sim_config_init(struct sim_config *c)
{
	memset(c, 0, sizeof *c);
	c->review_days = 7;
	c->seed = 1;
	c->service_level = PLAN_SERVICE_DEFAULT;
	c->target_fill = 0.95;
	c->holding_rate = 0.25;
	c->margin_rate = 0.30;
}

/* ------------------------------------------------------------------ metrics */

double sim_fill_rate(const struct sim_metrics *m)
{
	return m->demand > 0 ? (double)m->served / (double)m->demand : 1.0;
}

double sim_cycle_service(const struct sim_metrics *m)
{
	return m->cycles > 0 ? (double)m->cycles_ok / (double)m->cycles : 1.0;
}

double sim_avg_on_hand(const struct sim_metrics *m)
{
	return m->days > 0 ? m->on_hand_days / (double)m->days : 0.0;
}

double sim_avg_stock_value(const struct sim_metrics *m)
{
	return m->days > 0 ? m->value_days / (double)m->days : 0.0;
}

double sim_holding_cost(const struct sim_metrics *m, double holding_rate)
{
	return m->value_days * holding_rate / 365.0;
}

double sim_lost_margin(const struct sim_metrics *m, double margin_rate)
{
	return m->lost_value * margin_rate;
}

static void metrics_add(struct sim_metrics *to, const struct sim_metrics *m)
{
	to->demand += m->demand;
	to->served += m->served;
	to->lost += m->lost;
	to->lost_value += m->lost_value;
	to->stockout_days += m->stockout_days;
	to->cycles += m->cycles;
	to->cycles_ok += m->cycles_ok;
	to->on_hand_days += m->on_hand_days;
	to->value_days += m->value_days;
	to->days += m->days;
	to->orders += m->orders;
	to->ordered_units += m->ordered_units;
	to->expired_units += m->expired_units;
	to->expired_value += m->expired_value;
	to->refused_reviews += m->refused_reviews;
}

void sim_result_free(struct sim_result *r)
{
	if (!r)
		return;
	free(r->per);
	free(r->total);
	memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------------ state */

struct lot {
	int last_day; /* last day it may be sold; EXPIRY_NEVER */
	int64_t qty;
};
struct order {
	int arrival;
	int64_t qty;
};

/* One policy's stock of one product. */
struct state {
	struct lot *lots; /* in expiry order: sold first-expiry-first-out */
	size_t nlots, caplots;
	struct order *orders; /* on the way */
	size_t norders, caporders;
	int64_t on_hand, on_order;
	int cycle_short; /* the current review cycle had a stock-out */
	uint64_t rng;
	struct sim_metrics m;
};

/* Per product, computed once before the replay. */
struct fixed {
	int64_t d30;      /* 30 × the average daily sales of the SIM_MINMAX_DAYS before */
	int64_t min, max; /* minmax's levels */
};

struct run {
	const struct sim_config *c;
	const struct sim_product *p;
	size_t n;
	struct state *st; /* st[k * n + i], k the policy's place in the config */
	struct fixed *fx;
	struct sim_history *hist;
	struct sim_forecast *fc;
	double *top;             /* jaego: each product's order-up-to level at this review */
	struct plan_receipt *rc; /* scratch: one product's orders as receipts */
	size_t caprc;
	/* jaego's aim: the expected fill rate it asks of the forecast, and the shop's units
	 * demanded and served under it so far, fading with FEEDBACK_HALF_LIFE */
	double aim, fb_demand, fb_served;
};

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 8;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * size);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

/* Adds a lot, keeping the lots in expiry order (a later lot usually expires last). */
static int lot_add(struct state *s, int last_day, int64_t qty)
{
	if (qty <= 0)
		return 0;
	if (s->nlots && s->lots[s->nlots - 1].last_day == last_day) {
		s->lots[s->nlots - 1].qty += qty;
	} else {
		if (grow((void **)&s->lots, &s->caplots, s->nlots + 1, sizeof *s->lots))
			return -1;
		size_t k = s->nlots;
		while (k > 0 && s->lots[k - 1].last_day > last_day) {
			s->lots[k] = s->lots[k - 1];
			k--;
		}
		s->lots[k] = (struct lot){last_day, qty};
		s->nlots++;
	}
	s->on_hand += qty;
	return 0;
}

/* ------------------------------------------------------------------ inputs */

static int product_ok(const struct sim_product *p)
{
	if (!p->sku || p->nsales < 0 || (p->nsales > 0 && !p->sales) || p->lead_time_days < 0 ||
	    p->lead_time_days > PLAN_LEAD_TIME_MAX || p->moq > PLAN_QTY_MAX ||
	    p->order_multiple > PLAN_QTY_MAX || p->unit_cost < 0 || p->unit_cost > PLAN_COST_MAX ||
	    p->expiry_days < 0 || p->expiry_days > EXPIRY_MAX ||
	    (p->on_hand != PLAN_NONE && (p->on_hand < 0 || p->on_hand > PLAN_QTY_MAX)))
		return 0;
	for (int t = 0; t < p->nsales; t++)
		if (!isfinite(p->sales[t]) || p->sales[t] < 0 || p->sales[t] > (double)PLAN_QTY_MAX)
			return 0;
	return 1;
}

static int level_ok(double x)
{
	return x >= PLAN_SERVICE_MIN && x <= PLAN_SERVICE_MAX;
}

static int config_ok(const struct sim_config *c)
{
	if (!c || !c->forecast || c->from_day > c->to_day ||
	    (int64_t)c->to_day - c->from_day >= SIM_DAYS_MAX || c->warmup_days < 0 ||
	    c->warmup_days > SIM_WARMUP_MAX || c->review_days < 1 ||
	    c->review_days > PLAN_REVIEW_MAX || c->lead_spread < 0 ||
	    c->lead_spread > SIM_SPREAD_MAX || !level_ok(c->service_level) ||
	    !level_ok(c->target_fill) || !(c->holding_rate >= 0 && c->holding_rate <= 100) ||
	    !(c->margin_rate >= 0 && c->margin_rate <= 100) || !c->policies || c->npolicies < 1 ||
	    c->npolicies > SIM_NPOLICIES)
		return 0;
	for (size_t k = 0; k < c->npolicies; k++)
		if (c->policies[k] < 0 || c->policies[k] >= SIM_NPOLICIES)
			return 0;
	return 1;
}

/* Units of day `day` (0 outside the recorded days), rounded to whole units. */
static int64_t sales_on(const struct sim_product *p, int day)
{
	int64_t t = (int64_t)day - p->first_day;
	return t >= 0 && t < p->nsales ? llround(p->sales[t]) : 0;
}

/* Sum of the sales of days [from, to) and how many of those days the product existed. */
static double sales_sum(const struct sim_product *p, int from, int to, int *ndays)
{
	double sum = 0;
	*ndays = 0;
	for (int d = from > p->first_day ? from : p->first_day; d < to; d++) {
		if (d - p->first_day >= p->nsales)
			break;
		sum += p->sales[d - p->first_day];
		(*ndays)++;
	}
	return sum;
}

/* The first day replayed: the warm-up's, else from_day. */
static int replay_start(const struct sim_config *c)
{
	return c->from_day - c->warmup_days;
}

/* The 30-day demand at the average of the days before the replay, and minmax's levels:
 * min = the demand of lead time + review period, max = min + 30 days of demand. */
static int fixed_init(const struct sim_config *c, const struct sim_product *p, struct fixed *f)
{
	int nd;
	int start = replay_start(c);
	double sum = sales_sum(p, start - SIM_MINMAX_DAYS, start, &nd);
	f->d30 = nd > 0 ? llround(sum * 30.0 / nd) : 0;
	if (plan_demand_over(f->d30, p->lead_time_days + c->review_days, &f->min) != PLAN_OK ||
	    __builtin_add_overflow(f->min, f->d30, &f->max))
		return SIM_E_PLAN;
	return SIM_OK;
}

/* ------------------------------------------------------------------ policies */

/* The planning item of one product at a review: stock now, the orders on the way as
 * receipts, the forecast and its distribution. */
static int plan_inputs(struct run *r, size_t i, const struct state *s, struct plan_dist *dist,
                       struct plan_item *it)
{
	const struct sim_product *p = &r->p[i];
	const struct sim_forecast *f = &r->fc[i];
	if (grow((void **)&r->rc, &r->caprc, s->norders + 1, sizeof *r->rc))
		return SIM_E_NOMEM;
	for (size_t k = 0; k < s->norders; k++)
		r->rc[k] = (struct plan_receipt){s->orders[k].arrival, s->orders[k].qty};
	*dist = (struct plan_dist){.kind = PLAN_DIST_CUMULATIVE,
	                           .days = f->tdays,
	                           .nrows = SIM_FC_ROWS,
	                           .levels = f->levels,
	                           .nlevels = f->nlevels,
	                           .q = f->q,
	                           .qstride = SIM_FC_LEVELS};
	*it = (struct plan_item){.on_hand = s->on_hand,
	                         .lead_time_days = p->lead_time_days,
	                         .monthly_demand = PLAN_NONE,
	                         .fc = {.days = f->days, .ndays = f->ndays},
	                         .ss_rule = PLAN_SS_FORECAST_LEAD_TIME,
	                         .dist = dist,
	                         .moq = p->moq,
	                         .order_multiple = p->order_multiple,
	                         .unit_cost = p->unit_cost,
	                         .receipts = r->rc,
	                         .nreceipts = s->norders,
	                         .order_qty_override = PLAN_NONE};
	return SIM_OK;
}

static void plan_settings_at(const struct run *r, size_t i, int day, struct plan_settings *ps)
{
	plan_settings_init(ps, day);
	int h = r->p[i].lead_time_days + r->c->review_days + ALERT_DAYS + 1;
	ps->horizon = h < PLAN_HORIZON_MAX ? h : PLAN_HORIZON_MAX;
	ps->review_days = r->c->review_days;
	ps->service_level = r->c->service_level;
}

/* document and service_level: the planning view's own decision — 발주 알림 fires and the
 * 추천 발주량 is positive — with the product's safety-stock rule. */
static int order_planned(struct run *r, size_t i, const struct state *s, int day, int rule,
                         int64_t *qty)
{
	struct plan_dist dist;
	struct plan_item it;
	struct plan_settings ps;
	int rc = plan_inputs(r, i, s, &dist, &it);
	if (rc != SIM_OK)
		return rc;
	it.ss_rule = rule;
	plan_settings_at(r, i, day, &ps);
	struct plan_row row;
	if (plan_evaluate(&ps, &it, NULL, NULL, NULL, 0, &row) != PLAN_OK)
		return SIM_E_PLAN;
	if (row.timing_status == PLAN_OK && row.timing.fires && row.suggestion_status == PLAN_OK)
		*qty = row.suggestion.qty;
	return SIM_OK;
}

/* minmax: at or below min, order up to max (stock + orders on the way). */
static int order_minmax(const struct run *r, size_t i, const struct state *s, int64_t *qty)
{
	const struct fixed *f = &r->fx[i];
	int64_t position = s->on_hand + s->on_order;
	if (f->max <= 0 || position > f->min)
		return SIM_OK;
	int a, b;
	return plan_order_round(f->max - position, r->p[i].moq, r->p[i].order_multiple, qty, &a,
	                        &b) == PLAN_OK
	               ? SIM_OK
	               : SIM_E_PLAN;
}

/* jaego: order up to S, this review's level of the product (jaego_levels), with the MOQ and
 * the multiple: 추천 발주량 = S − stock − orders on the way. */
static int order_jaego(const struct run *r, size_t i, const struct state *s, int64_t *qty)
{
	double top = ceil(r->top[i] - 1e-9);
	if (!(top >= 0 && top < (double)PLAN_QTY_MAX))
		return SIM_E_PLAN;
	int64_t need = (int64_t)top - s->on_hand - s->on_order;
	int a, b;
	return plan_order_round(need, r->p[i].moq, r->p[i].order_multiple, qty, &a, &b) == PLAN_OK
	               ? SIM_OK
	               : SIM_E_PLAN;
}

/* ------------------------------------------------------------------ jaego's levels */

/* E[(D − s)+]: the units of demand D above a stock s, from D's quantiles q[j] at
 * levels[j]: Q linear between the stored levels, flat below the first and above the last
 * (∫ over u of (Q(u) − s)+ du). */
static double units_above(const double *q, const double *levels, int m, double s)
{
	double sum = levels[0] * fmax(q[0] - s, 0) + (1 - levels[m - 1]) * fmax(q[m - 1] - s, 0);
	for (int j = 0; j + 1 < m; j++) {
		double w = levels[j + 1] - levels[j], a = q[j] - s, b = q[j + 1] - s;
		if (a >= 0 && b >= 0)
			sum += w * (a + b) / 2;
		else if (a > 0 || b > 0) /* Q crosses s within the step: the triangle above it */
			sum += w * fmax(a, b) * fmax(a, b) / (2 * fabs(b - a));
	}
	return sum;
}

/* Q(α) from the stored quantiles, linear between levels. */
static double quantile_at(const double *q, const double *levels, int m, double alpha)
{
	int j = 0;
	while (j + 1 < m && levels[j + 1] <= alpha)
		j++;
	if (j + 1 < m && alpha > levels[j])
		return q[j] + (q[j + 1] - q[j]) * (alpha - levels[j]) / (levels[j + 1] - levels[j]);
	return q[j];
}

/* The levels a product may take: the forecast's stored ones and the midpoints between them,
 * within the planning rules' range and the economic level. */
#define GRID_MAX (2 * SIM_FC_LEVELS)

/* One product's inputs to the choice of its level: at each candidate level, the stock it
 * orders up to (the quantile, at most the guard) and the units a cycle is expected to lack
 * there. */
struct lv {
	int used;     /* has a forecast and expected demand */
	int refused;  /* the planning rules refuse its forecast: it orders nothing */
	double cost;  /* unit cost (1 when unknown) */
	double cycle; /* expected demand of a review period */
	int ng;
	double alpha[GRID_MAX], top[GRID_MAX], lack[GRID_MAX];
};

/* The highest level worth holding: past it, one more unit costs more to hold for a review
 * period (holding_rate × R / 365 of its cost) than the margin it is expected to save
 * (margin_rate of its cost × the chance 1 − α that it sells): α ≤ m / (m + h × R / 365),
 * the newsvendor's ratio; 98.4 % with the defaults and a weekly review. */
static double economic_level(const struct sim_config *c)
{
	double h = c->holding_rate * c->review_days / 365.0;
	return c->margin_rate + h > 0 ? c->margin_rate / (c->margin_rate + h) : 1;
}

/* A level within the forecast's stored levels, the planning rules' range and the economic
 * level. */
static double clamp_level(double a, const struct sim_forecast *f, double cap)
{
	double lo = f->levels[0] > PLAN_SERVICE_MIN ? f->levels[0] : PLAN_SERVICE_MIN;
	double hi = f->levels[f->nlevels - 1] < PLAN_SERVICE_MAX ? f->levels[f->nlevels - 1]
	                                                         : PLAN_SERVICE_MAX;
	hi = cap < hi ? cap : hi;
	return a > hi ? hi : a < lo ? lo : a;
}

/* The guard on an engine's over-wide tail: jaego never stocks more than the most the product
 * actually sold in any lead time + review days within the last GUARD_DAYS days before the
 * review (with a shorter history, its longest window scaled to lead time + review). Only
 * days before the review are read. */
static double guard_top(const struct run *r, size_t i)
{
	const struct sim_history *h = &r->hist[i];
	int days = r->p[i].lead_time_days + r->c->review_days;
	int start = h->n - GUARD_DAYS - days + 1;
	start = start > 0 ? start : 0;
	int span = h->n - start;
	if (span <= 0 || days <= 0)
		return 0;
	int win = days < span ? days : span;
	double sum = 0, most = 0;
	for (int t = start; t < h->n; t++) {
		sum += h->y[t];
		if (t - start >= win)
			sum -= h->y[t - win];
		if (t - start >= win - 1 && sum > most)
			most = sum;
	}
	return most * days / win;
}

/* The units a review cycle is expected to lack when an order each review brings stock and
 * orders on the way up to s: what demand over lead time + review leaves unserved, less what
 * was already short before this cycle's order could arrive (demand over the lead time
 * alone), at most the cycle's demand. */
static double cycle_short(const double *q, const double *ql, const struct sim_forecast *f,
                          double cycle, double s)
{
	double x = units_above(q, f->levels, f->nlevels, s) -
	           units_above(ql, f->levels, f->nlevels, s);
	return x < 0 ? 0 : x > cycle ? cycle : x;
}

/* The candidate levels of a product and, at each, its order-up-to level and shortage. */
static void lv_grid(struct run *r, size_t i, struct lv *v, const double *q, const double *ql)
{
	const struct sim_forecast *f = &r->fc[i];
	double cap = economic_level(r->c), guard = guard_top(r, i);
	double hi = clamp_level(1, f, cap);
	v->ng = 0;
	for (int j = 0; j < f->nlevels; j++) {
		double a[2] = {f->levels[j], j + 1 < f->nlevels
		                                     ? (f->levels[j] + f->levels[j + 1]) / 2
		                                     : f->levels[j]};
		for (int k = 0; k < 2; k++) {
			double x = clamp_level(a[k], f, cap);
			if (v->ng > 0 && x <= v->alpha[v->ng - 1])
				continue;
			double s = quantile_at(q, f->levels, f->nlevels, x);
			s = s < guard ? s : guard;
			v->alpha[v->ng] = x;
			v->top[v->ng] = s;
			v->lack[v->ng] = cycle_short(q, ql, f, v->cycle, s);
			v->ng++;
			if (x >= hi)
				return;
		}
	}
}

/* A product's candidate levels, from its quantiles of demand over lead time + review and
 * over the lead time alone, and its cycle demand. */
static int lv_init(struct run *r, size_t i, struct lv *v)
{
	const struct sim_forecast *f = &r->fc[i];
	const struct sim_product *p = &r->p[i];
	memset(v, 0, sizeof *v);
	if (!f->ok || f->nlevels < 1)
		return SIM_OK;
	struct plan_dist dist;
	struct plan_item it;
	struct plan_demand d;
	static const struct state none; /* only the forecast's parts of the item are read */
	int rc = plan_inputs(r, i, &none, &dist, &it);
	if (rc != SIM_OK)
		return rc;
	/* a forecast the rules refuse takes no part in the choice (its review orders nothing) */
	v->refused = 1;
	if (plan_demand(&it, &d) != PLAN_OK)
		return SIM_OK;
	int days = p->lead_time_days + r->c->review_days, ext;
	double q[SIM_FC_LEVELS] = {0}, ql[SIM_FC_LEVELS] = {0};
	for (int j = 0; j < f->nlevels; j++)
		if (plan_dist_quantile(&dist, days, f->levels[j], NULL, 0, &q[j], &ext) !=
		            PLAN_OK ||
		    plan_dist_quantile(&dist, p->lead_time_days, f->levels[j], NULL, 0, &ql[j],
		                       &ext) != PLAN_OK)
			return SIM_OK;
	v->refused = 0;
	v->cycle = (double)d.d30 * r->c->review_days / 30.0;
	v->cost = p->unit_cost > 0 ? (double)p->unit_cost : 1.0;
	lv_grid(r, i, v, q, ql);
	v->used = v->cycle > 0 && v->ng > 0;
	return SIM_OK;
}

/* The candidate a product takes at shortage price λ (won a unit short): the one with the
 * least stock value + λ × expected shortage, the lowest level on a tie. */
static int lv_pick(const struct lv *v, double lambda)
{
	int best = 0;
	for (int g = 1; g < v->ng; g++)
		if (v->cost * v->top[g] + lambda * v->lack[g] <
		    v->cost * v->top[best] + lambda * v->lack[best])
			best = g;
	return best;
}

/* The shop's expected fill rate when each product takes its candidate at price λ. */
static double shop_fill(const struct run *r, const struct lv *v, double lambda)
{
	double demand = 0, lack = 0;
	for (size_t i = 0; i < r->n; i++)
		if (v[i].used) {
			lack += v[i].lack[lv_pick(&v[i], lambda)];
			demand += v[i].cycle;
		}
	return demand > 0 ? 1 - lack / demand : 1;
}

/* The smallest λ whose choices reach the aim, by bisection on log λ; when even the highest
 * price does not reach it, that one (every product at its highest useful level). */
static double fill_lambda(const struct run *r, const struct lv *v, double cmin, double cmax)
{
	double lo = log(cmin * LAMBDA_LOW), hi = log(cmax * LAMBDA_HIGH);
	if (shop_fill(r, v, exp(hi)) < r->aim)
		return exp(hi);
	for (int k = 0; k < 60 && hi - lo > 1e-6; k++) {
		double mid = (lo + hi) / 2;
		if (shop_fill(r, v, exp(mid)) >= r->aim)
			hi = mid;
		else
			lo = mid;
	}
	return exp(hi);
}

/* jaego's aim for this review: the target, corrected by how far the shop's fill rate so
 * far (its own outcome, days before the review only) has come out from it — the forecast's
 * quantiles may be wider or narrower than the shop's demand turns out to be. */
static void jaego_aim(struct run *r)
{
	if (r->fb_demand > 0)
		r->aim += FEEDBACK_GAIN * (r->c->target_fill - r->fb_served / r->fb_demand);
	r->aim = r->aim < PLAN_SERVICE_MIN   ? PLAN_SERVICE_MIN
	         : r->aim > PLAN_SERVICE_MAX ? PLAN_SERVICE_MAX
	                                     : r->aim;
}

/* A product expected to sell nothing: the aim's quantile of its lead time + review demand
 * (often 0), within the guard. */
static int idle_top(struct run *r, size_t i, double *top)
{
	struct plan_dist dist;
	struct plan_item it;
	static const struct state none;
	int rc = plan_inputs(r, i, &none, &dist, &it), ext;
	if (rc != SIM_OK)
		return rc;
	double a = clamp_level(r->aim, &r->fc[i], economic_level(r->c)), g = guard_top(r, i);
	if (plan_dist_quantile(&dist, r->p[i].lead_time_days + r->c->review_days, a, NULL, 0, top,
	                       &ext) != PLAN_OK)
		*top = 0;
	*top = *top < g ? *top : g;
	return SIM_OK;
}

/* Each product's order-up-to level for this review: the least stock value that reaches the
 * aim for the shop. At a price λ on a unit short, each product takes the level where one
 * more won of its stock saves less than 1/λ units of expected shortage (the Lagrangian of
 * "least stock value for the shop's fill rate"), so the service goes where a won of stock
 * buys the most of it; λ is the smallest that reaches the aim. */
static int jaego_levels(struct run *r)
{
	jaego_aim(r);
	struct lv *v = calloc(r->n ? r->n : 1, sizeof *v);
	if (!v)
		return SIM_E_NOMEM;
	double cmin = INFINITY, cmax = 0;
	int rc = SIM_OK;
	for (size_t i = 0; rc == SIM_OK && i < r->n; i++)
		if ((rc = lv_init(r, i, &v[i])) == SIM_OK && v[i].used) {
			cmin = v[i].cost < cmin ? v[i].cost : cmin;
			cmax = v[i].cost > cmax ? v[i].cost : cmax;
		}
	double lambda = rc == SIM_OK && cmax > 0 ? fill_lambda(r, v, cmin, cmax) : 1;
	for (size_t i = 0; rc == SIM_OK && i < r->n; i++) {
		if (!r->fc[i].ok || r->fc[i].nlevels < 1)
			continue;
		if (v[i].refused)
			r->top[i] = -1; /* order_jaego refuses it, as the other policies do */
		else if (v[i].used)
			r->top[i] = v[i].top[lv_pick(&v[i], lambda)];
		else
			rc = idle_top(r, i, &r->top[i]);
	}
	free(v);
	return rc;
}

/* ------------------------------------------------------------------ the day */

static int place_order(struct run *r, size_t i, struct state *s, int day, int64_t qty)
{
	int lead = r->p[i].lead_time_days;
	if (r->c->lead_spread > 0) {
		uint64_t span = 2 * (uint64_t)r->c->lead_spread + 1;
		lead += (int)(splitmix(&s->rng) % span) - r->c->lead_spread;
		if (lead < 0)
			lead = 0;
	}
	if (grow((void **)&s->orders, &s->caporders, s->norders + 1, sizeof *s->orders))
		return SIM_E_NOMEM;
	s->orders[s->norders++] = (struct order){day + lead, qty};
	s->on_order += qty;
	if (day >= r->c->from_day) { /* the warm-up's orders are not measured */
		s->m.orders++;
		s->m.ordered_units += qty;
	}
	return SIM_OK;
}

/* The review of every product under policy k on day `day`: the forecast is in r->fc. */
static int review(struct run *r, size_t k, int day, int64_t *ordered)
{
	int policy = r->c->policies[k];
	for (size_t i = 0; i < r->n; i++) {
		struct state *s = &r->st[k * r->n + i];
		int64_t qty = 0;
		int rc = SIM_OK;
		if (policy == SIM_MINMAX)
			rc = order_minmax(r, i, s, &qty);
		else if (!r->fc[i].ok)
			continue;
		else if (policy == SIM_JAEGO)
			rc = order_jaego(r, i, s, &qty);
		else
			rc = order_planned(r, i, s, day,
			                   policy == SIM_DOCUMENT ? PLAN_SS_FORECAST_LEAD_TIME
			                                          : PLAN_SS_SERVICE_LEVEL,
			                   &qty);
		if (rc == SIM_E_PLAN) {
			/* a forecast the rules refuse (beyond 10^12 units): no order this review,
			 * counted, rather than no replay at all */
			s->m.refused_reviews += day >= r->c->from_day;
			rc = SIM_OK;
			qty = 0;
		}
		if (rc == SIM_OK && qty > 0)
			rc = place_order(r, i, s, day, qty);
		if (rc != SIM_OK)
			return rc;
		ordered[i] = qty;
	}
	return SIM_OK;
}

/* Morning: lots past their last day are thrown away. */
static int64_t expire(struct state *s, int day)
{
	int64_t gone = 0;
	size_t k = 0;
	while (k < s->nlots && s->lots[k].last_day < day)
		gone += s->lots[k++].qty;
	if (k) {
		memmove(s->lots, s->lots + k, (s->nlots - k) * sizeof *s->lots);
		s->nlots -= k;
		s->on_hand -= gone;
	}
	return gone;
}

/* What arrives today (or earlier: never, as arrivals are received the day they come). */
static int receive(const struct sim_product *p, struct state *s, int day, int64_t *got)
{
	*got = 0;
	size_t w = 0;
	for (size_t k = 0; k < s->norders; k++) {
		struct order o = s->orders[k];
		if (o.arrival > day) {
			s->orders[w++] = o;
			continue;
		}
		int last = p->expiry_days > 0 ? day + p->expiry_days - 1 : EXPIRY_NEVER;
		if (lot_add(s, last, o.qty))
			return SIM_E_NOMEM;
		s->on_order -= o.qty;
		*got += o.qty;
	}
	s->norders = w;
	return SIM_OK;
}

/* Serves the day's demand first-expiry-first-out; returns the units served. */
static int64_t serve(struct state *s, int64_t demand)
{
	int64_t left = demand;
	size_t k = 0;
	while (left > 0 && k < s->nlots) {
		int64_t take = s->lots[k].qty < left ? s->lots[k].qty : left;
		s->lots[k].qty -= take;
		left -= take;
		if (s->lots[k].qty == 0)
			k++;
	}
	if (k) {
		memmove(s->lots, s->lots + k, (s->nlots - k) * sizeof *s->lots);
		s->nlots -= k;
	}
	s->on_hand -= demand - left;
	return demand - left;
}

/* The rest of one product's day under policy k, after the review. */
static int product_day(struct run *r, size_t k, size_t i, int day, int64_t gone, int64_t ordered)
{
	const struct sim_product *p = &r->p[i];
	struct state *s = &r->st[k * r->n + i];
	struct sim_day row = {.policy = r->c->policies[k], .product = i, .day = day};
	row.expired = gone;
	row.ordered = ordered;
	if (receive(p, s, day, &row.received))
		return SIM_E_NOMEM;
	row.demand = sales_on(p, day);
	row.served = serve(s, row.demand);
	row.lost = row.demand - row.served;
	row.on_hand = s->on_hand;
	row.on_order = s->on_order;
	if (row.policy == SIM_JAEGO) {
		r->fb_demand += (double)row.demand;
		r->fb_served += (double)row.served;
	}
	if (day < r->c->from_day)
		return SIM_OK; /* the warm-up: replayed, not measured */
	struct sim_metrics *m = &s->m;
	m->demand += row.demand;
	m->served += row.served;
	m->lost += row.lost;
	m->lost_value += (double)row.lost * (double)p->unit_cost;
	m->expired_units += gone;
	m->expired_value += (double)gone * (double)p->unit_cost;
	m->on_hand_days += (double)s->on_hand;
	m->value_days += (double)s->on_hand * (double)p->unit_cost;
	m->days++;
	if (row.lost > 0) {
		m->stockout_days++;
		s->cycle_short = 1;
	}
	/* a review cycle ends the day before the next review, or with the replay */
	if ((day - replay_start(r->c)) % r->c->review_days == r->c->review_days - 1 ||
	    day == r->c->to_day) {
		m->cycles++;
		m->cycles_ok += !s->cycle_short;
		s->cycle_short = 0;
	}
	if (r->c->on_day)
		r->c->on_day(r->c->day_ctx, &row);
	return SIM_OK;
}

/* The forecast for a review on day `day`: each product's sales strictly before it. */
static int forecast_at(struct run *r, int day)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct sim_product *p = &r->p[i];
		int64_t len = (int64_t)day - p->first_day;
		if (len > p->nsales)
			len = p->nsales;
		r->hist[i] = (struct sim_history){p->sales, p->first_day, len > 0 ? (int)len : 0};
		memset(&r->fc[i], 0, sizeof r->fc[i]);
	}
	if (r->c->forecast(r->c->forecast_ctx, day, r->hist, r->n, r->fc))
		return SIM_E_FORECAST;
	for (size_t i = 0; i < r->n; i++) {
		struct sim_forecast *f = &r->fc[i];
		if (f->ok && (f->ndays < 1 || f->ndays > SIM_FC_DAYS || f->nlevels < 0 ||
		              f->nlevels > SIM_FC_LEVELS))
			return SIM_E_FORECAST;
	}
	return SIM_OK;
}

static int day_step(struct run *r, int day, int64_t *ordered, int64_t *gone)
{
	int rc;
	size_t np = r->c->npolicies, n = r->n;
	for (size_t x = 0; x < np * n; x++)
		gone[x] = expire(&r->st[x], day);
	double fade = pow(0.5, 1.0 / FEEDBACK_HALF_LIFE);
	r->fb_demand *= fade;
	r->fb_served *= fade;
	memset(ordered, 0, sizeof *ordered * np * n);
	if ((day - replay_start(r->c)) % r->c->review_days == 0) {
		if ((rc = forecast_at(r, day)) != SIM_OK)
			return rc;
		int jaego = 0;
		for (size_t k = 0; k < np; k++)
			jaego |= r->c->policies[k] == SIM_JAEGO;
		if (jaego && (rc = jaego_levels(r)) != SIM_OK)
			return rc;
		for (size_t k = 0; k < np; k++)
			if ((rc = review(r, k, day, ordered + k * n)) != SIM_OK)
				return rc;
	}
	for (size_t k = 0; k < np; k++)
		for (size_t i = 0; i < n; i++)
			if ((rc = product_day(r, k, i, day, gone[k * n + i], ordered[k * n + i])))
				return rc;
	return SIM_OK;
}

/* ------------------------------------------------------------------ the replay */

static void run_free(struct run *r)
{
	for (size_t x = 0; r->st && x < r->c->npolicies * r->n; x++) {
		free(r->st[x].lots);
		free(r->st[x].orders);
	}
	free(r->st);
	free(r->fx);
	free(r->hist);
	free(r->fc);
	free(r->top);
	free(r->rc);
}

/* Every state starts with the product's stock on the morning of the first day. */
static int run_init(struct run *r)
{
	size_t n = r->n ? r->n : 1, np = r->c->npolicies;
	r->st = calloc(np * n, sizeof *r->st);
	r->fx = calloc(n, sizeof *r->fx);
	r->hist = calloc(n, sizeof *r->hist);
	r->fc = calloc(n, sizeof *r->fc);
	r->top = calloc(n, sizeof *r->top);
	if (!r->st || !r->fx || !r->hist || !r->fc || !r->top)
		return SIM_E_NOMEM;
	for (size_t i = 0; i < r->n; i++) {
		const struct sim_product *p = &r->p[i];
		if (fixed_init(r->c, p, &r->fx[i]) != SIM_OK)
			return SIM_E_PLAN;
		int64_t start = p->on_hand;
		if (start == PLAN_NONE &&
		    plan_demand_over(r->fx[i].d30, p->lead_time_days + r->c->review_days, &start))
			return SIM_E_PLAN;
		int last =
		        p->expiry_days > 0 ? replay_start(r->c) + p->expiry_days - 1 : EXPIRY_NEVER;
		for (size_t k = 0; k < np; k++) {
			struct state *s = &r->st[k * r->n + i];
			s->rng =
			        r->c->seed ^ (0x9E3779B97F4A7C15ULL * (uint64_t)(k * r->n + i + 1));
			if (lot_add(s, last, start))
				return SIM_E_NOMEM;
		}
	}
	return SIM_OK;
}

int sim_run(const struct sim_config *c, const struct sim_product *p, size_t n,
            struct sim_result *out)
{
	if (!out)
		return SIM_E_INVAL;
	memset(out, 0, sizeof *out);
	if (!config_ok(c) || (n && !p))
		return SIM_E_INVAL;
	for (size_t i = 0; i < n; i++)
		if (!product_ok(&p[i]))
			return SIM_E_INVAL;
	struct run r = {.c = c, .p = p, .n = n, .aim = c->target_fill};
	size_t np = c->npolicies;
	int64_t *ordered = calloc(np * (n ? n : 1), sizeof *ordered);
	int64_t *gone = calloc(np * (n ? n : 1), sizeof *gone);
	int rc = ordered && gone ? run_init(&r) : SIM_E_NOMEM;
	for (int day = replay_start(c); rc == SIM_OK && day <= c->to_day; day++)
		rc = day_step(&r, day, ordered, gone);
	if (rc == SIM_OK) {
		out->per = calloc(np * (n ? n : 1), sizeof *out->per);
		out->total = calloc(np, sizeof *out->total);
		if (!out->per || !out->total)
			rc = SIM_E_NOMEM;
	}
	if (rc == SIM_OK) {
		out->npolicies = np;
		out->nproducts = n;
		for (size_t k = 0; k < np; k++) {
			for (size_t i = 0; i < n; i++) {
				out->per[k * n + i] = r.st[k * n + i].m;
				metrics_add(&out->total[k], &r.st[k * n + i].m);
			}
			/* the shop's stock is the sum of its products' on every day */
			out->total[k].days = (int64_t)c->to_day - c->from_day + 1;
		}
	} else {
		sim_result_free(out);
	}
	free(ordered);
	free(gone);
	run_free(&r);
	return rc;
}
