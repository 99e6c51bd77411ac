/* alerts.h — the alert centre's store: alerts keyed by (organisation, product, kind), opened,
 * updated and closed by alerts_sync from the conditions the rules raise (alert_rules.h);
 * acknowledgement (확인), snooze (다시 알림) and history; the delivery settings of an
 * organisation; and the delivery log, which is also the queue of messages to send. Every
 * call takes the instant it should consider "now", so tests drive a clock of their own. */
#ifndef JAEGO_ALERTS_H
#define JAEGO_ALERTS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "alert_message.h"
#include "alert_rules.h"
#include "db.h"

/* ------------------------------------------------------------------ alerts */

/* One product's standing condition, as the refresh found it. */
struct alert_input {
	int64_t product_id;
	struct alert_condition cond;
};

struct alerts_sync_result {
	int opened, updated, closed;
	int escalated; /* standing alerts whose severity rose */
	int queued;    /* deliveries queued for the opened and escalated alerts */
};

/* Makes the organisation's open alerts match in[0..n-1], the conditions of every product
 * the refresh judged: a condition without an open alert opens one (and queues its
 * immediate deliveries, per the settings); an open alert whose figures, severity or words
 * changed is updated, and when its severity rose its immediate deliveries are queued again; an open alert whose condition is no longer raised closes with reason
 * 'resolved' ('inactive' when its product was taken out of sale). One transaction (nests in the caller's). Returns DB_OK or a DB error. */
int alerts_sync(db *d, int64_t org_id, time_t now, const struct alert_input *in, size_t n,
                struct alerts_sync_result *out);

/* Filter of the open list. */
struct alerts_filter {
	int kind;            /* ALERT_* or -1 for every kind */
	int64_t product_id;  /* 0 = every product */
	int include_snoozed; /* also those snoozed past now */
};
/* {"alerts":[...], "counts":{"order":n,...}, "total":n, "snoozed":n}: open alerts, most
 * severe first, then newest. counts and total are of what is not snoozed, whatever the
 * filter (the badge and the tabs). */
json_t *alerts_open_json(db *d, int64_t org_id, time_t now, const struct alerts_filter *f);
/* {"alerts":[...], "total":n}: closed or acknowledged alerts, newest change first. */
json_t *alerts_history_json(db *d, int64_t org_id, int kind, int64_t limit, int64_t offset);
/* One alert as the lists show it, or NULL when the organisation has no such alert. */
json_t *alerts_get_json(db *d, int64_t org_id, int64_t id, time_t now);

/* Acknowledge (확인) or snooze (다시 알림) an open alert. DB_OK, DB_DONE when there is no
 * such alert, ALERTS_CLOSED when it is already closed. */
#define ALERTS_CLOSED 10
int alerts_ack(db *d, int64_t org_id, int64_t id, int64_t user_id, time_t now);
int alerts_snooze(db *d, int64_t org_id, int64_t id, int64_t user_id, time_t until);

/* Open alerts that are not snoozed at now, for a digest, in kind order then severity
 * (kinds switched off in the settings left out). The caller frees *out. */
int alerts_open_items(db *d, int64_t org_id, time_t now, const int kinds_on[ALERT_NKINDS],
                      struct alert_item **out, size_t *n);
/* One alert as a message item; DB_DONE when there is none. */
int alerts_item(db *d, int64_t org_id, int64_t id, struct alert_item *out);

/* ------------------------------------------------------------------ refresh */

/* Every organisation's id (the refresh of all of them). The caller frees *out. */
int alert_org_ids(db *d, int64_t **out, size_t *n);

/* ------------------------------------------------------------------ settings */

#define ALERT_SMTP_FIELD_MAX 512

struct alert_settings {
	int digest_hour; /* KST, 0..23 */
	int digest_enabled;
	int immediate_enabled;
	int kinds[ALERT_NKINDS]; /* per kind: sent (1) or not (0); the centre shows all */
	char webhook_url[ALERT_URL_MAX + 1];
	char smtp_url[ALERT_URL_MAX + 1];
	char smtp_from[ALERT_EMAIL_MAX + 1];
	char smtp_to[ALERT_SMTP_FIELD_MAX * 8];
	char smtp_user[ALERT_SMTP_FIELD_MAX];
	char smtp_password[ALERT_SMTP_FIELD_MAX];
	char updated_at[32]; /* "" when never saved */
};
void alert_settings_defaults(struct alert_settings *s);
/* The organisation's settings, or the defaults when none were saved. DB_OK or an error. */
int alert_settings_load(db *d, int64_t org_id, struct alert_settings *s);
int alert_settings_save(db *d, int64_t org_id, const struct alert_settings *s, time_t now);
/* The settings as the API shows them: the SMTP password never (smtp_password_set), the
 * webhook URL cut to its scheme and host (webhook_url_set), since its path is a secret. */
json_t *alert_settings_json(const struct alert_settings *s);
/* Channels a message can go to: webhook set; SMTP URL, sender and recipients set. */
int alert_settings_has_webhook(const struct alert_settings *s);
int alert_settings_has_email(const struct alert_settings *s);

/* Every organisation's id and digest hour, for the delivery thread. */
struct alert_org_slot {
	int64_t org_id;
	int digest_hour;
	int digest_enabled;
	char updated_at[32]; /* when the settings were saved */
};
int alert_settings_list(db *d, struct alert_org_slot **out, size_t *n);

/* ------------------------------------------------------------------ delivery log */

enum { ALERT_CH_WEBHOOK = 0, ALERT_CH_EMAIL, ALERT_NCHANNELS };
const char *alert_channel_name(int ch); /* "webhook", "email" */

struct alert_delivery {
	int64_t id, org_id, alert_id;
	char kind[8];
	int channel;
	char digest_date[11];
	int attempts;
};

/* Queues today's digest of org on each configured channel unless already queued; *queued
 * gets how many rows were added. */
int alert_digest_queue(db *d, int64_t org_id, const char *kst_date, time_t now, int *queued);
/* Deliveries pending and due at now, oldest first, up to max. The caller frees *out. */
int alert_deliveries_due(db *d, time_t now, size_t max, struct alert_delivery **out, size_t *n);
/* Outcome of one attempt: sent; or failed with error, then again at next_at, or never
 * again (next_at 0: status 'failed'). */
int alert_delivery_sent(db *d, int64_t id, time_t now);
int alert_delivery_failed(db *d, int64_t id, const char *error, time_t next_at);
/* The earliest next_at of a pending delivery, or 0 when none (the thread's sleep). */
time_t alert_delivery_next(db *d);
/* Records the outcome of a test message sent at once (error NULL = sent). */
int alert_delivery_log_test(db *d, int64_t org_id, int channel, const char *error, time_t now);
/* The log for the settings screen: {"deliveries":[...]} newest first. */
json_t *alert_deliveries_json(db *d, int64_t org_id, int64_t limit);

#endif
