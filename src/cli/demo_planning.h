/* demo_planning.h — what the demo shop holds beyond its catalogue and ledger, so that the
 * planning screens show their work on the first start: the sales history a seller brings
 * from before jaego, and open purchase orders in each state. */
#ifndef JAEGO_DEMO_PLANNING_H
#define JAEGO_DEMO_PLANNING_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct demo_planning_stats {
	int history_batches;
	int64_t history_rows;
	int orders_open;  /* 발주 완료 and 일부 입고 */
	int orders_draft; /* 작성 중 */
};

/* Adds to the demo organisation org_id, as member user_id:
 * - two sales-history uploads (판매 이력) covering the half year before the ledger starts,
 *   read and applied through the same reader and store as a seller's file. The figures
 *   are the ledger's own outbound of the same weekdays a year later, at 85 % (a shop that
 *   grew); none when the ledger is shorter than a year;
 * - purchase orders for the products the planning view says to order, by supplier: one
 *   sent two days ago, one sent a lead time ago and partly received today, one draft.
 * Deterministic: no random numbers. Returns 0, or -1 with a message in err. */
int demo_planning(db *d, int64_t org_id, int64_t user_id, struct demo_planning_stats *st, char *err,
                  size_t errlen);

#endif
