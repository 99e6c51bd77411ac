/* metrics.c — request counters and latency histograms per route, rendered in the
 * Prometheus text format by GET /metrics. Slots: one per route, then "static" (web files)
 * and "unmatched" (unknown API paths). Updated with relaxed atomics from worker threads. */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "route.h"
#include "server.h"
#include "util.h"

static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define NB (sizeof bounds / sizeof bounds[0])

struct slot {
	atomic_ullong count;
	atomic_ullong by_class[6]; /* 1xx..5xx, index = status/100 */
	atomic_ullong bucket[NB];
	atomic_ullong micros_sum;
};

static struct slot *slots;
static size_t nslots;

void metrics_init(void)
{
	size_t n;
	routes_all(&n);
	if (slots)
		return;
	nslots = n + 2;
	slots = xcalloc(nslots, sizeof *slots);
}

void metrics_observe(int idx, int status, double seconds)
{
	if (!slots || idx < 0 || (size_t)idx >= nslots)
		return;
	struct slot *s = &slots[idx];
	atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
	int cls = status / 100;
	if (cls >= 1 && cls <= 5)
		atomic_fetch_add_explicit(&s->by_class[cls], 1, memory_order_relaxed);
	for (size_t i = 0; i < NB; i++)
		if (seconds <= bounds[i])
			atomic_fetch_add_explicit(&s->bucket[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->micros_sum, (unsigned long long)(seconds * 1e6),
	                          memory_order_relaxed);
}

struct buf {
	char *p;
	size_t len, cap;
};

static void bprintf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		b->cap = b->cap * 2 + (size_t)(n > 0 ? n : 0);
		b->p = xrealloc(b->p, b->cap);
	}
}

char *metrics_render(db *d)
{
	size_t n;
	const struct route *const *all = routes_all(&n);
	struct buf b = {xmalloc(8192), 0, 8192};
	b.p[0] = '\0';
	bprintf(&b, "# HELP jaego_http_requests_total HTTP requests by route and status class.\n"
	            "# TYPE jaego_http_requests_total counter\n");
	for (size_t i = 0; i < nslots; i++) {
		const char *method = i < n ? all[i]->method : "ANY";
		const char *route = i < n ? all[i]->pattern : (i == n ? "static" : "unmatched");
		for (int c = 1; c <= 5; c++) {
			unsigned long long v = atomic_load(&slots[i].by_class[c]);
			if (v)
				bprintf(&b,
				        "jaego_http_requests_total{method=\"%s\",route=\"%s\","
				        "status=\"%dxx\"} %llu\n",
				        method, route, c, v);
		}
	}
	bprintf(&b, "# HELP jaego_http_request_duration_seconds Request latency by route.\n"
	            "# TYPE jaego_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < nslots; i++) {
		unsigned long long count = atomic_load(&slots[i].count);
		if (!count)
			continue;
		const char *method = i < n ? all[i]->method : "ANY";
		const char *route = i < n ? all[i]->pattern : (i == n ? "static" : "unmatched");
		for (size_t k = 0; k < NB; k++)
			bprintf(&b,
			        "jaego_http_request_duration_seconds_bucket{method=\"%s\",route=\"%"
			        "s\","
			        "le=\"%g\"} %llu\n",
			        method, route, bounds[k], atomic_load(&slots[i].bucket[k]));
		bprintf(&b,
		        "jaego_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
		        "le=\"+Inf\"} %llu\n"
		        "jaego_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n"
		        "jaego_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} "
		        "%llu\n",
		        method, route, count, method, route,
		        (double)atomic_load(&slots[i].micros_sum) / 1e6, method, route, count);
	}
	bprintf(&b,
	        "# HELP jaego_db_size_bytes Size of the database file.\n"
	        "# TYPE jaego_db_size_bytes gauge\njaego_db_size_bytes %lld\n",
	        (long long)db_size_bytes(d));
	return b.p;
}
