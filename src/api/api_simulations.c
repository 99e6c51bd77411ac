/* api_simulations.c — a manager starts a policy simulation of the shop's past (POST
 * /api/simulations: 202 with its id, or 200 with the one already queued or running for the
 * organisation, as forecast runs do) and follows it to its result (GET
 * /api/simulations/{id}). The replay runs on the simulations' thread (jobs/sim_jobs.c);
 * here the request is checked and its products resolved. A simulation changes no business
 * data, so it writes no audit row. */
#include "api_simulations.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "http.h"
#include "korean.h"
#include "sim_jobs.h"
#include "sim_store.h"
#include "util.h"

#define DEFAULT_MONTHS 6
#define REVIEW_MAX     90

static int day_of(const char *s)
{
	int y, m, d;
	date_parse(s, &y, &m, &d);
	return (int)date_days_from_civil(y, m, d);
}

/* The day after the same day DEFAULT_MONTHS months before `to` (the day clamped to the
 * month's length): the default period is the DEFAULT_MONTHS months ending on `to`. */
static int months_before(int to)
{
	int y, m, d;
	date_civil_from_days(to, &y, &m, &d);
	m -= DEFAULT_MONTHS;
	if (m < 1) {
		m += 12;
		y--;
	}
	static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int max = len[m - 1] + (m == 2 && leap);
	return (int)date_days_from_civil(y, m, d > max ? max : d) + 1;
}

/* from and to: real dates, to at most yesterday (today is not over), at most
 * SIM_JOB_DAYS_MAX days. 0, or -1 once replied. */
static int read_period(struct req *r, json_t *body, struct sim_job_request *q)
{
	const char *from = NULL, *to = NULL;
	if (req_json_date(r, body, "from", REQ_OPTIONAL, &from) ||
	    req_json_date(r, body, "to", REQ_OPTIONAL, &to))
		return -1;
	char today[11];
	date_kst_today(today);
	int yesterday = day_of(today) - 1;
	q->to_day = to ? day_of(to) : yesterday;
	q->from_day = from ? day_of(from) : months_before(q->to_day);
	if (q->to_day > yesterday) {
		reply_field_error(r, "to", "bad_period",
		                  "종료일은 어제까지의 날짜로 입력해 주세요 (오늘은 아직 끝나지 "
		                  "않았습니다).");
		return -1;
	}
	if (q->from_day > q->to_day) {
		reply_field_error(r, "from", "bad_period",
		                  "시작일은 종료일과 같거나 앞서야 합니다.");
		return -1;
	}
	if (q->to_day - q->from_day + 1 > SIM_JOB_DAYS_MAX) {
		reply_field_error(r, "from", "period_too_long",
		                  "한 번에 시뮬레이션할 수 있는 기간은 366일까지입니다.");
		return -1;
	}
	return 0;
}

/* policies: names of simulate.h, each once; absent = all four. */
static int read_policies(struct req *r, json_t *body, struct sim_job_request *q)
{
	json_t *v = json_object_get(body, "policies");
	if (!v || json_is_null(v)) {
		for (int p = 0; p < SIM_NPOLICIES; p++)
			q->policies[q->npolicies++] = p;
		return 0;
	}
	static const char msg[] = "규칙은 document(문서 규칙), service_level(서비스 수준), "
	                          "minmax(최소·최대), jaego(jaego 추천) 중에서 하나 이상 "
	                          "골라 주세요.";
	if (!json_is_array(v) || json_array_size(v) == 0) {
		reply_field_error(r, "policies", "unknown_policy", msg);
		return -1;
	}
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e)
	{
		int p = json_is_string(e) ? sim_policy_parse(json_string_value(e)) : -1;
		if (p < 0) {
			reply_field_error(r, "policies", "unknown_policy", msg);
			return -1;
		}
		int seen = 0;
		for (size_t k = 0; k < q->npolicies; k++)
			seen |= q->policies[k] == p;
		if (!seen)
			q->policies[q->npolicies++] = p;
	}
	return 0;
}

/* target_fill: a number 0.5..0.999, default 0.95. */
static int read_target(struct req *r, json_t *body, struct sim_job_request *q)
{
	json_t *v = json_object_get(body, "target_fill");
	q->target_fill = 0.95;
	if (!v || json_is_null(v))
		return 0;
	double t = json_is_number(v) ? json_number_value(v) : -1;
	if (!(t >= 0.5 && t <= 0.999)) {
		reply_field_error(r, "target_fill", "bad_target_fill",
		                  "목표 충족률은 0.5에서 0.999 사이의 비율로 입력해 주세요 (95%는 "
		                  "0.95).");
		return -1;
	}
	q->target_fill = t;
	return 0;
}

static int by_sku(const void *key, const void *elem)
{
	return strcmp(key, ((const struct simstore_product *)elem)->sku);
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* skus: "all" (or absent) for every active single product, else a list of SKUs of such
 * products. Fills q->product_ids (ascending). 0, or -1 once replied. */
static int read_products(struct req *r, json_t *body, struct sim_job_request *q,
                         const struct simstore_product *all, size_t n)
{
	json_t *v = json_object_get(body, "skus");
	int every = !v || json_is_null(v) ||
	            (json_is_string(v) && util_streq(json_string_value(v), "all"));
	if (!every && !json_is_array(v)) {
		reply_field_error(r, "skus", "bad_skus",
		                  "상품은 SKU 목록이나 \"all\"(전체 상품)로 보내 주세요.");
		return -1;
	}
	size_t want = every ? n : json_array_size(v);
	if (want == 0) {
		reply_field_error(r, "skus", "no_products",
		                  every ? "시뮬레이션할 상품이 없습니다. 판매 중인 단품을 먼저 "
		                          "등록해 주세요."
		                        : "시뮬레이션할 상품을 하나 이상 골라 주세요.");
		return -1;
	}
	if (want > SIM_JOB_PRODUCTS_MAX) {
		reply_field_error(r, "skus", "too_many_products",
		                  arena_printf(r->a,
		                               "한 번에 시뮬레이션할 수 있는 상품은 %d개까지입니다 "
		                               "(%zu개). 상품을 골라 주세요.",
		                               SIM_JOB_PRODUCTS_MAX, want));
		return -1;
	}
	q->product_ids = xcalloc(want, sizeof *q->product_ids);
	for (size_t i = 0; i < want; i++) {
		const struct simstore_product *p = &all[i];
		if (!every) {
			json_t *e = json_array_get(v, i);
			const char *sku = json_is_string(e) ? json_string_value(e) : "";
			p = bsearch(sku, all, n, sizeof *all, by_sku);
			if (!p) {
				reply_field_error(
				        r, "skus", "unknown_sku",
				        arena_printf(r->a,
				                     "판매 중인 단품 중에 SKU '%s'%s "
				                     "없습니다 (세트 상품과 판매 중지 상품은 "
				                     "시뮬레이션하지 않습니다).",
				                     sku, korean_josa(sku, "이/가")));
				return -1;
			}
		}
		q->product_ids[q->nproducts++] = p->id;
	}
	qsort(q->product_ids, q->nproducts, sizeof *q->product_ids, cmp_id);
	size_t k = 0; /* a SKU named twice counts once */
	for (size_t i = 0; i < q->nproducts; i++)
		if (k == 0 || q->product_ids[i] != q->product_ids[k - 1])
			q->product_ids[k++] = q->product_ids[i];
	q->nproducts = k;
	return 0;
}

/* Everything of the body (NULL: none sent) but the products. 0, or -1 once replied. */
static int read_request(struct req *r, json_t *body, struct sim_job_request *q)
{
	static const char *const allowed[] = {"skus",        "from",        "to", "policies",
	                                      "review_days", "target_fill", NULL};
	int64_t review = 7;
	if ((body && req_json_only(r, body, allowed)) ||
	    req_json_int(r, body, "review_days", REQ_OPTIONAL, 1, REVIEW_MAX, &review) ||
	    read_period(r, body, q) || read_policies(r, body, q) || read_target(r, body, q))
		return -1;
	q->review_days = (int)review;
	return 0;
}

/* Rates and averages as 15 digits (JSON_REAL_PRECISION): 0.95, not jansson's default
 * 0.94999999999999996. Takes out. */
static void reply_sim_json(struct req *r, int status, json_t *out)
{
	char *s = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(out);
	if (!s) {
		reply_internal(r);
		return;
	}
	reply_bytes(r, status, "application/json; charset=utf-8", s, strlen(s));
	free(s);
}

static void h_create(struct req *r)
{
	struct sim_job_request q = {.org_id = r->user->org_id, .user_id = r->user->id};
	json_t *body = r->body_len > 0 ? req_json_object(r) : NULL; /* none: every default */
	if ((r->body_len > 0 && !body) || read_request(r, body, &q))
		return;
	char from[11];
	date_format(q.from_day, from);
	struct simstore_product *all = NULL;
	size_t n = 0;
	int rc = simstore_products(r->db, r->user->org_id, from, &all, &n);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return;
	}
	int bad = read_products(r, body, &q, all, n);
	free(all);
	if (bad) {
		free(q.product_ids);
		return;
	}
	int64_t id = 0;
	int created = 0;
	if (sim_jobs_submit(&q, &id, &created) != SIM_JOBS_OK) {
		reply_error(r, 503, "simulations_busy",
		            "지금은 다른 시뮬레이션이 많이 돌고 있습니다. 잠시 뒤에 다시 시작해 "
		            "주세요.",
		            NULL);
		return;
	}
	json_t *out = NULL;
	if (sim_jobs_json(r->user->org_id, id, NULL, &out) != SIM_JOBS_OK) {
		reply_internal(r);
		return;
	}
	json_object_set_new(out, "created", json_boolean(created));
	reply_sim_json(r, created ? 202 : 200, out);
}

static void h_get(struct req *r)
{
	int64_t id = req_param_id(r, "id");
	const char *sku = req_query(r, "sku");
	json_t *out = NULL;
	int rc = id ? sim_jobs_json(r->user->org_id, id, sku && *sku ? sku : NULL, &out)
	            : SIM_JOBS_NOT_FOUND;
	if (rc == SIM_JOBS_NOT_FOUND) {
		reply_not_found(r, "simulation_not_found",
		                "시뮬레이션을 찾을 수 없습니다. 서버가 다시 시작되면 결과가 "
		                "사라지니 다시 실행해 주세요.");
		return;
	}
	if (rc == SIM_JOBS_NO_SKU) {
		reply_not_found(r, "simulation_product_not_found",
		                "이 시뮬레이션에 없는 상품입니다.");
		return;
	}
	reply_sim_json(r, 200, out);
}

const struct route api_simulations_routes[] = {
        {"POST", "/api/simulations", ROLE_MANAGER, 64 * 1024, h_create},
        {"GET", "/api/simulations/{id}", ROLE_MANAGER, 0, h_get},
        ROUTE_END,
};
