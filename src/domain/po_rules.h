/* po_rules.h — the life of a purchase order (발주) as pure rules: its statuses and their
 * Korean names, which action each status allows, the status an action leads to, the limit on
 * receiving, and the observed lead time of a receipt. No database, no I/O: the store
 * (purchase_orders.h) asks these rules before it writes, and the tests state them exactly.
 *
 *   draft ──order──▶ ordered ──receive (some)──▶ partial ──receive (the rest)──▶ received
 *     │                 │  └────────receive (all)───────────────────────────────▶ received
 *     │                 │                            partial ──close (입고 마감)──▶ received
 *     └──cancel──▶ cancelled ◀──cancel (nothing received yet)
 *
 *   작성 중 (draft), 발주 완료 (ordered), 일부 입고 (partial), 입고 완료 (received), 취소.
 *
 * - Only a draft is edited (lines, dates, memo, supplier) and sent (order).
 * - Receiving needs an order that went out and is not finished: ordered or partial.
 * - A draft or an ordered order with nothing received can be cancelled (취소). A partial
 *   order cannot: units of it are in stock and in the ledger, and "cancelled" would say they
 *   never came. When the rest will not come, the order is closed instead (입고 마감): it
 *   becomes received, with what arrived, and its remainder stops counting as expected.
 * - received and cancelled are final. */
#ifndef JAEGO_PO_RULES_H
#define JAEGO_PO_RULES_H

#include <stdint.h>

#include "ledger_rules.h"
#include "planning.h"

#define PO_QTY_MAX       LEDGER_MAX_QTY  /* units of one line: what one movement may move */
#define PO_UNIT_COST_MAX PLAN_COST_MAX   /* 매입 단가, KRW: what planning values */
#define PO_MEMO_MAX      LEDGER_MEMO_MAX /* characters of a memo or a reason */
#define PO_MAX_LINES     200             /* lines of one order, and of one receiving */
#define PO_LOT_MAX       64              /* characters of a lot number, as the ledger takes */

enum po_status { PO_DRAFT = 0, PO_ORDERED, PO_PARTIAL, PO_RECEIVED, PO_CANCELLED, PO_NSTATUS };
enum po_action { PO_EDIT = 0, PO_ORDER, PO_RECEIVE, PO_CANCEL, PO_CLOSE, PO_NACTION };

/* Results. Each refusal has a stable English code and a Korean message for the API. */
enum {
	PO_OK = 0,
	PO_E_NOT_DRAFT,        /* edit or send an order that already went out */
	PO_E_NOT_ORDERED,      /* receive or close a draft */
	PO_E_RECEIVED,         /* anything on a finished order */
	PO_E_CANCELLED,        /* anything on a cancelled order */
	PO_E_PARTIAL_CANCEL,   /* cancel an order of which units were received */
	PO_E_NOTHING_RECEIVED, /* close an order of which nothing was received */
	PO_E_OVER,             /* receive more than ordered (over all receipts) */
	PO_E_BEFORE_ORDER,     /* a receipt dated before the order date */
	PO_E_INVAL,            /* a bad argument: unknown status or action, negative quantity */
	PO_NRESULT
};
const char *po_result_code(int rc);    /* "po_not_draft", ... */
const char *po_result_message(int rc); /* Korean, for the user */

/* "draft", "ordered", "partial", "received", "cancelled"; NULL outside the enum. */
const char *po_status_name(int status);
/* The stored name back to the enum; -1 when unknown. */
int po_status_parse(const char *name);
/* 작성 중, 발주 완료, 일부 입고, 입고 완료, 취소; "" outside the enum. */
const char *po_status_label(int status);
/* 1 for ordered and partial: the order's remaining units are expected (입고 예정). */
int po_status_open(int status);

/* Whether `action` is allowed on an order in `status`: PO_OK or the refusal. */
int po_allowed(int status, int action);

/* The status after `action` succeeded on an order in `status`. For PO_RECEIVE,
 * ordered_total and received_total are the order's units over all lines after the receipt:
 * received when every unit arrived, else partial. -1 for an action that is not allowed, or
 * totals that do not add up. */
int po_status_after(int status, int action, int64_t ordered_total, int64_t received_total);

/* Whether `add` more units fit a line of `ordered` units of which `received` arrived:
 * PO_OK, or PO_E_OVER (PO_E_INVAL for add < 1 or negative figures). *remaining (may be NULL)
 * gets ordered − received before the receipt. */
int po_receipt_fits(int64_t ordered, int64_t received, int64_t add, int64_t *remaining);

/* The observed lead time of a receipt: received_day − order_day, in days (day numbers of KST
 * business dates). PO_E_BEFORE_ORDER when it arrived before it was ordered. */
int po_lead_days(int64_t order_day, int64_t received_day, int64_t *days);

#endif
