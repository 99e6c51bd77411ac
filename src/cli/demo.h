/* demo.h — `jaego demo --db PATH [--skus N] [--days N] [--seed S] [--end YYYY-MM-DD]`:
 * makes a realistic Korean shop (products in several categories, set products, suppliers
 * including "NPK" with a 120-day lead time, about two years of daily outbound with weekly
 * pattern, trends, promotions and 설날/추석 effects, inbound receipts, lots with expiry
 * dates), recorded through the ledger like any other movements (source "demo").
 * The same seed and end date give the same data. */
#ifndef JAEGO_DEMO_H
#define JAEGO_DEMO_H

#include <stdint.h>

#include "db.h"

struct demo_opts {
	int skus;        /* single products, sets come on top (default 150) */
	int days;        /* days of history ending at `end` (default 730) */
	uint64_t seed;   /* default 42 */
	const char *end; /* last business date, KST; NULL = today */
	int64_t org_id;  /* organisation to fill */
	int64_t user_id; /* member recorded on the movements; 0 = none */
};

struct demo_stats {
	int products, sets, suppliers;
	int events; /* the shop's 11/11 and Black Friday events (행사 일정) */
	int64_t movements;
};

/* Fills org opts->org_id with the demo shop. Returns 0, or -1 with a message in err. */
int demo_generate(db *d, const struct demo_opts *o, struct demo_stats *st, char *err,
                  size_t errlen);

int cli_demo_main(int argc, char **argv);

#endif
