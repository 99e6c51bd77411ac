/* stock_cache.c — the per-organisation cache of GET /api/stock's body (see stock_cache.h). A
 * small array searched linearly: one entry per organisation and cost variant, a server holds
 * a handful of organisations. */
#include "stock_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct entry {
	int64_t org_id;
	int show_cost;
	struct stock_cache_key key;
	char *body;
	size_t len;
	double view_ms;
};

static struct {
	pthread_mutex_t mu;
	struct entry *e;
	size_t n, cap;
} C = {.mu = PTHREAD_MUTEX_INITIALIZER};

static int same_key(const struct stock_cache_key *a, const struct stock_cache_key *b)
{
	return a->version == b->version && a->stamp == b->stamp && strcmp(a->today, b->today) == 0;
}

static struct entry *find(int64_t org_id, int show_cost)
{
	for (size_t i = 0; i < C.n; i++)
		if (C.e[i].org_id == org_id && C.e[i].show_cost == show_cost)
			return &C.e[i];
	return NULL;
}

char *stock_cache_get(int64_t org_id, int show_cost, const struct stock_cache_key *k, size_t *len,
                      double *view_ms)
{
	char *out = NULL;
	pthread_mutex_lock(&C.mu);
	struct entry *e = find(org_id, !!show_cost);
	if (e && e->body && same_key(&e->key, k)) {
		out = xmalloc(e->len + 1);
		memcpy(out, e->body, e->len + 1);
		*len = e->len;
		*view_ms = e->view_ms;
	}
	pthread_mutex_unlock(&C.mu);
	return out;
}

void stock_cache_put(int64_t org_id, int show_cost, const struct stock_cache_key *k,
                     const char *body, size_t len, double view_ms)
{
	char *copy = xmalloc(len + 1);
	memcpy(copy, body, len);
	copy[len] = '\0';
	pthread_mutex_lock(&C.mu);
	struct entry *e = find(org_id, !!show_cost);
	if (!e) {
		if (C.n == C.cap) {
			C.cap = C.cap ? 2 * C.cap : 8;
			C.e = xrealloc(C.e, C.cap * sizeof *C.e);
		}
		e = &C.e[C.n++];
		memset(e, 0, sizeof *e);
		e->org_id = org_id;
		e->show_cost = !!show_cost;
	}
	free(e->body);
	e->key = *k;
	e->body = copy;
	e->len = len;
	e->view_ms = view_ms;
	pthread_mutex_unlock(&C.mu);
}
