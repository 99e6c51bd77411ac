/* demand.c — demand per product per day from ledger rows, imported sales history and the
 * sets' bills of materials (see demand.h for the rules). */
#include "demand.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct id_index {
	int64_t id;
	size_t index;
};

/* One unit of demand found: product index, day, quantity. */
struct contrib {
	size_t product;
	int day;
	double qty;
};

struct builder {
	struct id_index *ids; /* products, sorted by id */
	size_t np;
	const struct demand_bom *bom; /* sorted by set_id */
	size_t nbom;
	int first_allowed, last_day;
	struct contrib *c;
	size_t nc, cap;
};

static int cmp_id_index(const void *a, const void *b)
{
	int64_t x = ((const struct id_index *)a)->id, y = ((const struct id_index *)b)->id;
	return (x > y) - (x < y);
}

static int cmp_bom(const void *a, const void *b)
{
	int64_t x = ((const struct demand_bom *)a)->set_id,
	        y = ((const struct demand_bom *)b)->set_id;
	return (x > y) - (x < y);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Index of product id in the list, or -1. */
static long find_product(const struct builder *b, int64_t id)
{
	struct id_index key = {id, 0};
	const struct id_index *hit = bsearch(&key, b->ids, b->np, sizeof *b->ids, cmp_id_index);
	return hit ? (long)hit->index : -1;
}

/* First bill-of-materials line of set_id, or NULL when the product is no set. */
static const struct demand_bom *first_bom_line(const struct builder *b, int64_t set_id)
{
	size_t lo = 0, hi = b->nbom;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->bom[mid].set_id < set_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < b->nbom && b->bom[lo].set_id == set_id ? &b->bom[lo] : NULL;
}

static void push(struct builder *b, int64_t product_id, int day, double qty)
{
	long i = find_product(b, product_id);
	if (i < 0)
		return;
	if (b->nc == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1024;
		b->c = xrealloc(b->c, b->cap * sizeof *b->c);
	}
	b->c[b->nc++] = (struct contrib){(size_t)i, day, qty};
}

/* qty units of product_id sold on day: to the product, or to a set's components. */
static void add_demand(struct builder *b, int64_t product_id, int day, int64_t qty)
{
	if (qty <= 0 || day > b->last_day || day < b->first_allowed)
		return;
	const struct demand_bom *l = first_bom_line(b, product_id);
	if (!l) {
		push(b, product_id, day, (double)qty);
		return;
	}
	for (const struct demand_bom *end = b->bom + b->nbom; l < end && l->set_id == product_id;
	     l++)
		push(b, l->component_id, day, (double)qty * (double)l->qty);
}

/* Ids of the rows that some reversal row reverses, sorted; *n gets their count. */
static int64_t *reversed_ids(const struct demand_move *m, size_t nm, size_t *n)
{
	int64_t *ids = xmalloc((nm ? nm : 1) * sizeof *ids);
	size_t k = 0;
	for (size_t i = 0; i < nm; i++)
		if (!m[i].is_outbound && m[i].reverses > 0)
			ids[k++] = m[i].reverses;
	qsort(ids, k, sizeof *ids, cmp_i64);
	*n = k;
	return ids;
}

void demand_build(const int64_t *products, size_t np, const struct demand_move *moves,
                  size_t nmoves, const struct demand_sale *sales, size_t nsales,
                  const struct demand_bom *bom, size_t nbom, int last_day,
                  struct demand_series *out)
{
	struct builder b = {.np = np,
	                    .nbom = nbom,
	                    .last_day = last_day,
	                    .first_allowed = last_day - DEMAND_MAX_DAYS + 1};
	b.ids = xmalloc((np ? np : 1) * sizeof *b.ids);
	for (size_t i = 0; i < np; i++)
		b.ids[i] = (struct id_index){products[i], i};
	qsort(b.ids, np, sizeof *b.ids, cmp_id_index);
	struct demand_bom *sorted_bom = xmalloc((nbom ? nbom : 1) * sizeof *sorted_bom);
	if (nbom)
		memcpy(sorted_bom, bom, nbom * sizeof *bom);
	qsort(sorted_bom, nbom, sizeof *sorted_bom, cmp_bom);
	b.bom = sorted_bom;

	size_t nrev;
	int64_t *rev = reversed_ids(moves, nmoves, &nrev);
	for (size_t i = 0; i < nmoves; i++) {
		const struct demand_move *m = &moves[i];
		if (!m->is_outbound || bsearch(&m->id, rev, nrev, sizeof *rev, cmp_i64))
			continue;
		add_demand(&b, m->product_id, m->day, -m->qty);
	}
	for (size_t i = 0; i < nsales; i++)
		add_demand(&b, sales[i].product_id, sales[i].day, sales[i].qty);

	/* Each series starts at its product's first day with demand. */
	for (size_t i = 0; i < np; i++)
		out[i] = (struct demand_series){.product_id = products[i],
		                                .first_day = last_day + 1};
	for (size_t k = 0; k < b.nc; k++)
		if (b.c[k].day < out[b.c[k].product].first_day)
			out[b.c[k].product].first_day = b.c[k].day;
	for (size_t i = 0; i < np; i++) {
		struct demand_series *s = &out[i];
		s->n = last_day - s->first_day + 1;
		if (s->n <= 0) {
			s->n = 0;
			s->first_day = 0;
			continue;
		}
		s->y = xcalloc((size_t)s->n, sizeof *s->y);
	}
	for (size_t k = 0; k < b.nc; k++) {
		struct demand_series *s = &out[b.c[k].product];
		s->y[b.c[k].day - s->first_day] += b.c[k].qty;
		s->total += b.c[k].qty;
	}
	free(rev);
	free(sorted_bom);
	free(b.ids);
	free(b.c);
}

void demand_free(struct demand_series *out, size_t n)
{
	for (size_t i = 0; out && i < n; i++) {
		free(out[i].y);
		out[i].y = NULL;
	}
}
