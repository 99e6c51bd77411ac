/* po_rules.c — the purchase order's statuses and transitions (see po_rules.h). */
#include "po_rules.h"

#include <stddef.h>
#include <string.h>

static const struct {
	const char *code, *message;
} results[PO_NRESULT] = {
        [PO_OK] = {"ok", ""},
        [PO_E_NOT_DRAFT] = {"po_not_draft",
                            "이미 발주한 발주서입니다. 작성 중인 발주서만 고치거나 발주할 수 "
                            "있습니다."},
        [PO_E_NOT_ORDERED] = {"po_not_ordered",
                              "아직 발주하지 않은 발주서입니다 (작성 중). 발주한 뒤에 입고할 "
                              "수 있습니다."},
        [PO_E_RECEIVED] = {"po_received",
                           "입고가 끝난 발주입니다. 더 입고하거나 고칠 수 없습니다."},
        [PO_E_CANCELLED] = {"po_cancelled", "취소된 발주입니다. 입고하거나 고칠 수 없습니다."},
        [PO_E_PARTIAL_CANCEL] = {"po_partially_received",
                                 "일부 입고된 발주는 취소할 수 없습니다 (받은 수량은 재고에 "
                                 "들어가 있습니다). 남은 수량을 더 받지 않으려면 입고 마감을 "
                                 "하세요."},
        [PO_E_NOTHING_RECEIVED] = {"po_nothing_received",
                                   "아직 입고된 수량이 없어 입고 마감할 수 없습니다. 받지 않을 "
                                   "발주라면 취소하세요."},
        [PO_E_OVER] = {"over_receipt", "발주 수량보다 많이 입고할 수 없습니다."},
        [PO_E_BEFORE_ORDER] = {"received_before_order", "입고일이 발주일보다 빠를 수 없습니다."},
        [PO_E_INVAL] = {"po_invalid", "발주 처리 요청이 올바르지 않습니다."},
};

const char *po_result_code(int rc)
{
	return rc >= 0 && rc < PO_NRESULT ? results[rc].code : results[PO_E_INVAL].code;
}

const char *po_result_message(int rc)
{
	return rc >= 0 && rc < PO_NRESULT ? results[rc].message : results[PO_E_INVAL].message;
}

static const char *const names[PO_NSTATUS] = {"draft", "ordered", "partial", "received",
                                              "cancelled"};
static const char *const labels[PO_NSTATUS] = {"작성 중", "발주 완료", "일부 입고", "입고 완료",
                                               "취소"};

const char *po_status_name(int status)
{
	return status >= 0 && status < PO_NSTATUS ? names[status] : NULL;
}

int po_status_parse(const char *name)
{
	for (int i = 0; name && i < PO_NSTATUS; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *po_status_label(int status)
{
	return status >= 0 && status < PO_NSTATUS ? labels[status] : "";
}

int po_status_open(int status)
{
	return status == PO_ORDERED || status == PO_PARTIAL;
}

/* The whole machine as a table: what each action meets in each status. */
static const int allowed[PO_NSTATUS][PO_NACTION] = {
        /*               EDIT            ORDER           RECEIVE           CANCEL
                         CLOSE */
        [PO_DRAFT] = {PO_OK, PO_OK, PO_E_NOT_ORDERED, PO_OK, PO_E_NOT_ORDERED},
        [PO_ORDERED] = {PO_E_NOT_DRAFT, PO_E_NOT_DRAFT, PO_OK, PO_OK, PO_E_NOTHING_RECEIVED},
        [PO_PARTIAL] = {PO_E_NOT_DRAFT, PO_E_NOT_DRAFT, PO_OK, PO_E_PARTIAL_CANCEL, PO_OK},
        [PO_RECEIVED] = {PO_E_RECEIVED, PO_E_RECEIVED, PO_E_RECEIVED, PO_E_RECEIVED, PO_E_RECEIVED},
        [PO_CANCELLED] = {PO_E_CANCELLED, PO_E_CANCELLED, PO_E_CANCELLED, PO_E_CANCELLED,
                          PO_E_CANCELLED},
};

int po_allowed(int status, int action)
{
	if (status < 0 || status >= PO_NSTATUS || action < 0 || action >= PO_NACTION)
		return PO_E_INVAL;
	return allowed[status][action];
}

int po_status_after(int status, int action, int64_t ordered_total, int64_t received_total)
{
	if (po_allowed(status, action) != PO_OK)
		return -1;
	switch (action) {
	case PO_EDIT:
		return PO_DRAFT;
	case PO_ORDER:
		return PO_ORDERED;
	case PO_CANCEL:
		return PO_CANCELLED;
	case PO_CLOSE:
		return PO_RECEIVED;
	default: /* PO_RECEIVE */
		if (ordered_total < 1 || received_total < 0 || received_total > ordered_total)
			return -1;
		return received_total == ordered_total ? PO_RECEIVED : PO_PARTIAL;
	}
}

int po_receipt_fits(int64_t ordered, int64_t received, int64_t add, int64_t *remaining)
{
	if (ordered < 0 || received < 0 || received > ordered || add < 1)
		return PO_E_INVAL;
	if (remaining)
		*remaining = ordered - received;
	/* Compared as a difference so that no sum can overflow. */
	return add > ordered - received ? PO_E_OVER : PO_OK;
}

int po_lead_days(int64_t order_day, int64_t received_day, int64_t *days)
{
	if (received_day < order_day)
		return PO_E_BEFORE_ORDER;
	*days = received_day - order_day;
	return PO_OK;
}
