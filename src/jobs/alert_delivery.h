/* alert_delivery.h — the alert centre's background work, on its own thread with its own
 * database connection (started and stopped by `jaego serve` beside the forecast runner):
 *
 * - refresh: every organisation's planning view (stock_view.h: each product's inputs and
 *   the planning rules' figures) through alert_rules.h, then alerts_sync: alerts open,
 *   update and close by themselves; sets raise none (their components do). Every
 *   ALERT_REFRESH_SECONDS; within ALERT_REFRESH_GAP_SECONDS of a change of stock or of a
 *   forecast (alert_delivery_refresh_soon, called by every audited change and by the
 *   forecast runner when a run is saved); and at once when POST /api/alerts/refresh asks
 *   (that route runs the same alert_refresh_org on its request and only wakes the thread to
 *   send);
 * - the daily digest of each organisation at its KST hour (one per day and channel);
 * - sending what the delivery log holds: to the webhook (Slack-compatible JSON) and by
 *   e-mail over SMTP, both through libcurl, ALERT_TIMEOUT_SECONDS per attempt, and after a
 *   failure again 1, 5 and 30 minutes later; then the message is given up ('failed', the
 *   error kept in the log).
 *
 * Time comes from alert_clock_now(): the wall clock, or for tests only the instant written
 * in the file named by JAEGO_TEST_CLOCK (seconds since the epoch), which the tests move
 * forward to reach a retry or a digest hour without waiting. */
#ifndef JAEGO_ALERT_DELIVERY_H
#define JAEGO_ALERT_DELIVERY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "alerts.h"
#include "db.h"

#define ALERT_TIMEOUT_SECONDS     10  /* one attempt, connecting included */
#define ALERT_REFRESH_SECONDS     600 /* alerts follow stock at least this often */
#define ALERT_REFRESH_GAP_SECONDS 5   /* and after a change, at most this often */
#define ALERT_RETRIES             3   /* after the first attempt: 1, 5 and 30 minutes later */

/* Now, by the wall clock or the test clock (see above). */
time_t alert_clock_now(void);

/* When to try again after `attempts` failed attempts (1..): now + 1, 5 or 30 minutes, or 0
 * when the message is given up. Pure. */
time_t alert_retry_at(time_t now, int attempts);
/* 1 when the digest of the KST day of now is due: its hour has come, and the settings
 * (saved at settings_saved, ISO text, "" for never) were saved before that hour began, so
 * that settings saved late in the day start with the next day's digest instead of sending
 * one at once. kst_date gets the day. Pure. */
int alert_digest_due(time_t now, int hour, const char *settings_saved, char kst_date[11]);

/* Recomputes the alerts of one organisation at now (its own transaction). */
int alert_refresh_org(db *d, int64_t org_id, time_t now, struct alerts_sync_result *out);

/* Sends one message on a channel of the settings now, on the caller's thread (the test
 * message of the settings screen). 0 when sent; otherwise -1 with a Korean reason in err. */
int alert_send_now(const struct alert_settings *st, int channel, const char *subject,
                   const char *text, const char *message_id, time_t now, char *err, size_t errlen);

/* One pass of the thread's work at now: refresh when due, queue digests, send what is due.
 * Exposed for tests. */
void alert_delivery_tick(db *d, time_t now, int refresh);

struct alert_delivery_config {
	const char *db_path;
};
int alert_delivery_start(const struct alert_delivery_config *c);
/* Something to send or to recompute: look now. */
void alert_delivery_wake(void);
void alert_delivery_stop(void);
/* Stock, a forecast or a planning input changed: recompute the alerts soon (at most once
 * per ALERT_REFRESH_GAP_SECONDS, so a burst of writes costs one refresh). Any thread. */
void alert_delivery_refresh_soon(void);

#endif
