/* demand.h — demand per product per day, the series a forecast run learns from. Pure: plain
 * arrays in, arrays out, no database, so the tests state the rules exactly:
 *   - demand is the ledger's outbound plus imported sales history;
 *   - an outbound that was later reversed is not demand, nor is the reversal itself, nor a
 *     stocktake adjustment (only outbound rows and reversal rows are passed in, and only
 *     outbound rows ever count);
 *   - a set's demand counts toward its components, qty x the set's bill of materials (the
 *     ledger already records a set's outbound on its components; imported history may
 *     still name the set);
 *   - days are KST business dates as day numbers (days since 1970-01-01); a series runs
 *     from the product's first day with demand (at most DEMAND_MAX_DAYS back) to last_day,
 *     days without demand being 0; days after last_day are left out. */
#ifndef JAEGO_DEMAND_H
#define JAEGO_DEMAND_H

#include <stddef.h>
#include <stdint.h>

/* History older than three years is left out: the models' yearly terms need two, and a
 * longer series only makes a run slower. */
#define DEMAND_MAX_DAYS 1096

/* A ledger row of type outbound or reversal (other types are not demand). */
struct demand_move {
	int64_t id;
	int64_t product_id;
	int64_t qty;      /* signed as in the ledger: an outbound is < 0 */
	int day;          /* business date, day number */
	int is_outbound;  /* 1 for an outbound row, 0 for a reversal row */
	int64_t reverses; /* for a reversal: the id of the row it reverses; else 0 */
};

/* A row of imported sales history. */
struct demand_sale {
	int64_t product_id;
	int day;
	int64_t qty; /* >= 0 */
};

/* One component line of a set. */
struct demand_bom {
	int64_t set_id;
	int64_t component_id;
	int64_t qty; /* units of the component in one set */
};

/* The demand of one product. */
struct demand_series {
	int64_t product_id;
	int first_day; /* day number of y[0] (0 when n == 0) */
	int n;         /* days from the first day with demand to last_day; 0 = no demand */
	double *y;     /* [n], malloc'd (NULL when n == 0): demand_free releases it */
	double total;  /* sum of y */
};

/* Builds out[i] for products[i] (np ids; any order, no duplicates): every outbound of
 * moves that no reversal row of moves names, plus every sale, exploded through bom when
 * the product is a set, on days up to last_day. Rows of products not in the list (sets,
 * inactive products) only count through their explosion. out[] is the caller's; its
 * arrays are released with demand_free. */
void demand_build(const int64_t *products, size_t np, const struct demand_move *moves,
                  size_t nmoves, const struct demand_sale *sales, size_t nsales,
                  const struct demand_bom *bom, size_t nbom, int last_day,
                  struct demand_series *out);

/* Releases the arrays of out[0..n-1] (not out itself). */
void demand_free(struct demand_series *out, size_t n);

#endif
