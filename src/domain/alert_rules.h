/* alert_rules.h — which alerts (알림) one product's planning row raises: 발주 알림 (order),
 * 재고 부족 (stockout), 과잉 재고 (overstock) and 소비기한 임박/위험 (expiry), each with a
 * severity, a Korean title and sentence, and its figures. Pure: the row comes from
 * plan_evaluate (planning.h), which holds every formula; this file only decides, from the
 * figures the rules computed, whether a condition stands and how it reads. The alert centre
 * (store/alerts.c) opens, updates and closes alerts from these conditions. */
#ifndef JAEGO_ALERT_RULES_H
#define JAEGO_ALERT_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "planning.h"

enum alert_kind { ALERT_ORDER = 0, ALERT_STOCKOUT, ALERT_OVERSTOCK, ALERT_EXPIRY, ALERT_NKINDS };
enum alert_severity { ALERT_INFO = 0, ALERT_WARNING, ALERT_CRITICAL, ALERT_NSEVERITIES };

#define ALERT_TITLE_MAX              768 /* bytes: a label and a product name of up to 200 characters */
#define ALERT_TEXT_MAX               512 /* bytes of a sentence, NUL included */
#define ALERT_STOCKOUT_CRITICAL_DAYS 7   /* a stock-out within a week is critical */
/* 재고 부족 is raised for a stock-out that comes before an order placed today could arrive
 * (today + lead time), or within PLAN_ORDER_ALERT_DAYS when that is later: further ones are
 * the order alert's to prevent, and a seller shown every product that runs out within 90
 * days learns to ignore the list. */
/* 과잉 재고 is raised when the excess (the document's figure, shown on every product) is at
 * least this many days of forecast demand: stock beyond a month of selling after the next
 * delivery, not the few days a weekly reorder leaves over. */
#define ALERT_OVERSTOCK_MIN_DAYS 30

/* Stable names ("order", "stockout", "overstock", "expiry") and Korean labels. */
const char *alert_kind_name(int kind);
const char *alert_kind_label(int kind); /* "발주 알림", "재고 부족", "과잉 재고", "소비기한" */
int alert_kind_parse(const char *s);           /* -1 when unknown */
const char *alert_severity_name(int severity); /* "info", "warning", "critical" */
int alert_severity_parse(const char *s);
const char *alert_severity_label(int severity); /* "참고", "주의", "긴급" */

/* One standing condition of a product. Figures a kind does not have are 0 (qty, value) or
 * PLAN_NO_DAY (day). */
struct alert_condition {
	int kind;
	int severity;
	int64_t qty; /* order: 추천 발주량; stockout: shortfall within the horizon; overstock:
	                  과잉 수량; expiry: units at risk (or near expiry when none at risk) */
	int64_t value; /* KRW at 매입 단가: overstock and expiry; 0 otherwise */
	int64_t day;   /* order: order-by day; stockout: 예상 소진일; else PLAN_NO_DAY */
	char title[ALERT_TITLE_MAX]; /* "발주 알림 · 스텐 냄비 20cm" */
	char text[ALERT_TEXT_MAX];   /* the Korean sentence of the rule */
};

/* The conditions the row raises, in kind order, into out (room for ALERT_NKINDS); returns
 * how many. A part of the row whose rule could not be computed (a missing lead time, no
 * demand yet) raises nothing. name is the product's name for the title (NULL = none). */
/* 과잉 재고 worth an alert: on hand beyond lead-time demand and safety stock (the planning
 * figure) by at least ALERT_OVERSTOCK_MIN_DAYS of demand — all of it for a product that no
 * longer sells. Stock between orders is not news; the board's tile counts these too. */
int alert_overstock_fires(const struct plan_row *row);

size_t alert_conditions(const struct plan_row *row, int64_t today, const char *name,
                        struct alert_condition *out);

/* ------------------------------------------------------------------ delivery settings */

#define ALERT_EMAIL_MAX      254 /* bytes of one address (RFC 5321's path limit) */
#define ALERT_RECIPIENTS_MAX 20
#define ALERT_URL_MAX        2000

/* 1 when s is one plain address local@domain.tld: printable ASCII without spaces, quotes,
 * angle brackets or commas, one '@', a dot in the domain, at most ALERT_EMAIL_MAX bytes. */
int alert_email_valid(const char *s);
/* Splits a comma- or semicolon-separated list of addresses into out[max] (each trimmed);
 * returns how many, or -1 when one is not valid (its 0-based position in *bad) or there
 * are more than max. An empty list gives 0. */
int alert_recipients_split(const char *list, char (*out)[ALERT_EMAIL_MAX + 1], int max, int *bad);
/* URL checks: 1 when s is http:// or https:// (webhook), smtp:// or smtps:// (mail), with a
 * host, no spaces or control characters, at most ALERT_URL_MAX bytes. */
int alert_webhook_url_valid(const char *s);
int alert_smtp_url_valid(const char *s);

#endif
