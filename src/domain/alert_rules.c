/* alert_rules.c — from one product's planning row to its alert conditions (alert_rules.h).
 * The figures are the planning rules' own (planning.c); here only the decision whether a
 * condition stands, its severity and its words. */
#include "alert_rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[ALERT_NKINDS] = {"order", "stockout", "overstock", "expiry"};
static const char *const kind_labels[ALERT_NKINDS] = {"발주 알림", "재고 부족", "과잉 재고",
                                                      "소비기한"};
static const char *const severity_names[ALERT_NSEVERITIES] = {"info", "warning", "critical"};
static const char *const severity_labels[ALERT_NSEVERITIES] = {"참고", "주의", "긴급"};

const char *alert_kind_name(int kind)
{
	return kind >= 0 && kind < ALERT_NKINDS ? kind_names[kind] : "";
}

const char *alert_kind_label(int kind)
{
	return kind >= 0 && kind < ALERT_NKINDS ? kind_labels[kind] : "";
}

int alert_kind_parse(const char *s)
{
	for (int i = 0; s && i < ALERT_NKINDS; i++)
		if (strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

const char *alert_severity_name(int severity)
{
	return severity >= 0 && severity < ALERT_NSEVERITIES ? severity_names[severity] : "";
}

int alert_severity_parse(const char *s)
{
	for (int i = 0; s && i < ALERT_NSEVERITIES; i++)
		if (strcmp(s, severity_names[i]) == 0)
			return i;
	return -1;
}

const char *alert_severity_label(int severity)
{
	return severity >= 0 && severity < ALERT_NSEVERITIES ? severity_labels[severity] : "";
}

/* Appends to a fixed buffer, cutting (never overrunning) when it is full. */
__attribute__((format(printf, 3, 4))) static void append(char *buf, size_t size, const char *fmt,
                                                         ...)
{
	size_t len = strnlen(buf, size);
	if (len + 1 >= size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

static struct alert_condition *begin(struct alert_condition *c, int kind, int severity,
                                     const char *name)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->severity = severity;
	c->day = PLAN_NO_DAY;
	snprintf(c->title, sizeof c->title, "%s", kind_labels[kind]);
	if (name && *name)
		append(c->title, sizeof c->title, " · %s", name);
	return c;
}

/* 발주 알림: the timing rule fired. Overdue is critical, today a warning, later a notice. */
static int order_condition(const struct plan_row *row, const char *name, struct alert_condition *c)
{
	const struct plan_timing *t = &row->timing;
	if (row->timing_status != PLAN_OK || !t->fires)
		return 0;
	int sev = t->urgency == PLAN_ORDER_OVERDUE ? ALERT_CRITICAL
	          : t->urgency == PLAN_ORDER_TODAY ? ALERT_WARNING
	                                           : ALERT_INFO;
	begin(c, ALERT_ORDER, sev, name);
	c->day = t->order_by;
	plan_timing_text(t, c->text, sizeof c->text);
	if (row->suggestion_status == PLAN_OK && row->suggestion.qty > 0) {
		char n[PLAN_FMT_MAX];
		plan_fmt_int(row->suggestion.qty, n, sizeof n);
		c->qty = row->suggestion.qty;
		append(c->text, sizeof c->text, ". 추천 발주량 %s개", n);
	}
	return 1;
}

/* 재고 부족: stock runs out, with the receipts that are expected, before an order placed
 * today could arrive (or within the order alert's days, when that is later). */
static int stockout_condition(const struct plan_row *row, int64_t today, const char *name,
                              struct alert_condition *c)
{
	const struct plan_projection *p = &row->projection;
	if (row->projection_status != PLAN_OK || !p->stockout_risk ||
	    p->depletion_day == PLAN_NO_DAY)
		return 0;
	int64_t reach = today + PLAN_ORDER_ALERT_DAYS;
	if (row->timing_status == PLAN_OK && row->timing.arrival_if_today > reach)
		reach = row->timing.arrival_if_today;
	if (p->depletion_day > reach)
		return 0;
	int soon = p->depletion_day - today <= ALERT_STOCKOUT_CRITICAL_DAYS;
	begin(c, ALERT_STOCKOUT, soon ? ALERT_CRITICAL : ALERT_WARNING, name);
	c->day = p->depletion_day;
	c->qty = p->min_stock < 0 ? -p->min_stock : 0;
	plan_stockout_text(p, c->text, sizeof c->text);
	return 1;
}

int alert_overstock_fires(const struct plan_row *row)
{
	const struct plan_overstock *o = &row->overstock;
	if (row->overstock_status != PLAN_OK || o->qty <= 0)
		return 0;
	int64_t month = 0;
	if (row->demand_status == PLAN_OK &&
	    plan_demand_over(row->demand.d30, ALERT_OVERSTOCK_MIN_DAYS, &month) != PLAN_OK)
		return 0;
	return o->qty >= month;
}

static int overstock_condition(const struct plan_row *row, const char *name,
                               struct alert_condition *c)
{
	const struct plan_overstock *o = &row->overstock;
	if (!alert_overstock_fires(row))
		return 0;
	begin(c, ALERT_OVERSTOCK, ALERT_INFO, name);
	c->qty = o->qty;
	c->value = o->value;
	plan_overstock_text(o, c->text, sizeof c->text);
	return 1;
}

/* 소비기한: lots within the alert window (임박), or units the forecast will not sell before
 * they expire (위험, a warning: money is at stake). */
static int expiry_condition(const struct plan_row *row, const char *name, struct alert_condition *c)
{
	const struct plan_expiry *e = &row->expiry;
	if (row->expiry_status != PLAN_OK || (e->near_lots == 0 && e->risk_lots == 0))
		return 0;
	begin(c, ALERT_EXPIRY, e->risk_qty > 0 ? ALERT_WARNING : ALERT_INFO, name);
	append(c->title, sizeof c->title, e->risk_qty > 0 ? " (위험)" : " (임박)");
	char n[PLAN_FMT_MAX], v[PLAN_FMT_MAX];
	if (e->near_lots > 0) {
		plan_fmt_int(e->near_qty, n, sizeof n);
		append(c->text, sizeof c->text, "소비기한이 임박한 로트 %zu개 (%s개)", e->near_lots,
		       n);
	}
	if (e->risk_qty > 0) {
		plan_fmt_int(e->risk_qty, n, sizeof n);
		plan_fmt_int(e->risk_value, v, sizeof v);
		append(c->text, sizeof c->text,
		       "%s예측대로 팔면 소비기한 전에 %s개 (%s원)가 남습니다",
		       c->text[0] ? ", " : "", n, v);
		c->qty = e->risk_qty;
		c->value = e->risk_value;
	} else {
		c->qty = e->near_qty;
	}
	return 1;
}

size_t alert_conditions(const struct plan_row *row, int64_t today, const char *name,
                        struct alert_condition *out)
{
	if (!row || !out)
		return 0;
	size_t n = 0;
	n += (size_t)order_condition(row, name, &out[n]);
	n += (size_t)stockout_condition(row, today, name, &out[n]);
	n += (size_t)overstock_condition(row, name, &out[n]);
	n += (size_t)expiry_condition(row, name, &out[n]);
	return n;
}

/* ------------------------------------------------------------------ delivery settings */

int alert_email_valid(const char *s)
{
	if (!s)
		return 0;
	size_t len = strlen(s);
	const char *at = strchr(s, '@');
	if (len == 0 || len > ALERT_EMAIL_MAX || !at || at == s || strchr(at + 1, '@'))
		return 0;
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch <= ' ' || ch >= 0x7f || strchr("\"'<>(),;:[]\\", ch))
			return 0;
	}
	const char *dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0' && at[1] != '.';
}

int alert_recipients_split(const char *list, char (*out)[ALERT_EMAIL_MAX + 1], int max, int *bad)
{
	int n = 0;
	const char *p = list ? list : "";
	while (*p) {
		while (*p == ' ' || *p == ',' || *p == ';')
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, ",;");
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (n >= max || len > ALERT_EMAIL_MAX) {
			*bad = n;
			return -1;
		}
		memcpy(out[n], p, len);
		out[n][len] = '\0';
		if (!alert_email_valid(out[n])) {
			*bad = n;
			return -1;
		}
		n++;
		p += strcspn(p, ",;");
	}
	return n;
}

/* scheme://host...: a known scheme, a host, nothing a header or a command line could split. */
static int url_valid(const char *s, const char *const *schemes)
{
	if (!s || strlen(s) > ALERT_URL_MAX)
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p == 0x7f)
			return 0;
	for (; *schemes; schemes++) {
		size_t n = strlen(*schemes);
		if (strncmp(s, *schemes, n) == 0)
			return s[n] != '\0' && s[n] != '/' && s[n] != ':' && s[n] != '@';
	}
	return 0;
}

int alert_webhook_url_valid(const char *s)
{
	static const char *const schemes[] = {"http://", "https://", NULL};
	return url_valid(s, schemes);
}

int alert_smtp_url_valid(const char *s)
{
	static const char *const schemes[] = {"smtp://", "smtps://", NULL};
	return url_valid(s, schemes);
}
