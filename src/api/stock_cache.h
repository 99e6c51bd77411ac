/* stock_cache.h — the body of GET /api/stock per organisation, kept until something it is
 * computed from changes. The key: the organisation's version on the change bus (live_bus.h:
 * every committed change of the server publishes, the forecast runner's finished runs
 * included), the database's change stamp (db_change_stamp: a commit by any process, e.g. a
 * command run beside the server), and the KST business date (the figures count days from
 * today). Two bodies per organisation: with and without the values at 매입 단가. Thread-safe. */
#ifndef JAEGO_STOCK_CACHE_H
#define JAEGO_STOCK_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct stock_cache_key {
	uint64_t version;
	uint64_t stamp;
	char today[11];
};

/* A copy of the cached body of org_id for the key (heap, *len bytes) and the time its view
 * took, or NULL when none is current. */
char *stock_cache_get(int64_t org_id, int show_cost, const struct stock_cache_key *k, size_t *len,
                      double *view_ms);
/* Keeps body (copied) as org_id's answer for the key; an older one goes. */
void stock_cache_put(int64_t org_id, int show_cost, const struct stock_cache_key *k,
                     const char *body, size_t len, double view_ms);

#endif
