/* alert_delivery.c — the alert refresh, the daily digests and the sending of alert messages
 * over libcurl, on a thread of their own (see alert_delivery.h). */
#include "alert_delivery.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert_message.h"
#include "live_bus.h"
#include "log.h"
#include "planning.h"
#include "stock_view.h"
#include "util.h"
#include "worker.h"

#define CONNECT_TIMEOUT_SECONDS 5
#define POLL_SECONDS            30  /* the longest sleep of the thread */
#define TEST_POLL_MS            100 /* with the test clock: look again this often */
#define SEND_BATCH              50  /* messages sent per pass */

/* ------------------------------------------------------------------ clock and schedule */

time_t alert_clock_now(void)
{
	const char *path = getenv("JAEGO_TEST_CLOCK");
	if (path && *path) {
		FILE *f = fopen(path, "r");
		long long t = 0;
		int ok = f && fscanf(f, "%lld", &t) == 1 && t > 0;
		if (f)
			fclose(f);
		if (ok)
			return (time_t)t;
	}
	return time(NULL);
}

time_t alert_retry_at(time_t now, int attempts)
{
	static const int wait_minutes[ALERT_RETRIES] = {1, 5, 30};
	if (attempts < 1 || attempts > ALERT_RETRIES)
		return 0;
	return now + (time_t)wait_minutes[attempts - 1] * 60;
}

int alert_digest_due(time_t now, int hour, const char *settings_saved, char kst_date[11])
{
	date_kst(now, kst_date);
	if (hour < 0 || hour > 23)
		return 0;
	time_t kst = now + DATE_KST_OFFSET;
	time_t slot = kst - ((kst % 86400) + 86400) % 86400 + (time_t)hour * 3600 - DATE_KST_OFFSET;
	if (now < slot)
		return 0;
	char slot_iso[32];
	util_utc_iso(slot, slot_iso);
	/* ISO-8601 UTC instants of one format compare as text */
	return !settings_saved || !*settings_saved || strcmp(settings_saved, slot_iso) <= 0;
}

/* ------------------------------------------------------------------ refresh */

int alert_refresh_org(db *d, int64_t org_id, time_t now, struct alerts_sync_result *out)
{
	char today[11];
	date_kst(now, today);
	/* read and write in one transaction: two refreshes cannot undo each other */
	int rc = db_begin(d);
	if (rc != DB_OK)
		return rc;
	struct stock_view v;
	rc = stock_view_load(d, org_id, today, &v);
	if (rc != DB_OK) {
		db_rollback(d);
		return rc;
	}
	struct alert_input *in = xcalloc(v.n * ALERT_NKINDS + 1, sizeof *in);
	size_t n = 0;
	for (size_t i = 0; i < v.n; i++) {
		const struct stock_line *ln = &v.lines[i];
		/* a set holds no stock of its own: its components raise the alerts */
		if (ln->is_set)
			continue;
		struct alert_condition c[ALERT_NKINDS];
		size_t k = alert_conditions(&ln->row, v.settings.today, ln->name, c);
		for (size_t j = 0; j < k; j++) {
			in[n].product_id = ln->product_id;
			in[n].cond = c[j];
			n++;
		}
	}
	rc = alerts_sync(d, org_id, now, in, n, out);
	free(in);
	stock_view_free(&v);
	if (rc != DB_OK) {
		db_rollback(d);
		return rc;
	}
	rc = db_commit(d);
	/* open screens refetch the alerts when the list changed (nested in a caller's
	 * transaction this publishes before the outer commit: the caller's own publish, after
	 * it, tells the screens again) */
	if (rc == DB_OK && out && (out->opened || out->updated || out->closed)) {
		struct live_change c = {
		        .org_id = org_id, .topics = LIVE_ALERTS, .cause = "alert_refresh"};
		live_bus_publish(&c);
	}
	return rc;
}

static void refresh_all(db *d, time_t now)
{
	int64_t *orgs = NULL;
	size_t n = 0;
	if (alert_org_ids(d, &orgs, &n) != DB_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		struct alerts_sync_result r;
		int rc = alert_refresh_org(d, orgs[i], now, &r);
		if (rc != DB_OK)
			log_warn("msg=\"alert refresh failed\" org=%lld rc=%d", (long long)orgs[i],
			         rc);
		else if (r.opened || r.closed)
			log_info("msg=\"alerts refreshed\" org=%lld opened=%d updated=%d closed=%d",
			         (long long)orgs[i], r.opened, r.updated, r.closed);
	}
	free(orgs);
}

/* ------------------------------------------------------------------ sending */

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static void curl_common(CURL *c)
{
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)ALERT_TIMEOUT_SECONDS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_SECONDS);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
}

static int send_webhook(const char *url, const char *text, char *err, size_t errlen)
{
	CURL *c = curl_easy_init();
	if (!c) {
		snprintf(err, errlen, "웹훅을 보낼 준비를 하지 못했습니다 (메모리 부족).");
		return -1;
	}
	char *body = alert_webhook_body(text);
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json; "
	                                               "charset=utf-8");
	curl_common(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	int out = -1;
	if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(err, errlen, "웹훅이 %d초 안에 답하지 않았습니다.", ALERT_TIMEOUT_SECONDS);
	else if (rc != CURLE_OK)
		snprintf(err, errlen, "웹훅 주소에 연결하지 못했습니다 (%s).",
		         curl_easy_strerror(rc));
	else if (status < 200 || status > 299)
		snprintf(err, errlen, "웹훅이 HTTP %ld 오류로 답했습니다.", status);
	else
		out = 0;
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	free(body);
	return out;
}

struct upload {
	const char *p;
	size_t left;
};

static size_t read_upload(char *buf, size_t size, size_t n, void *arg)
{
	struct upload *u = arg;
	size_t room = size * n;
	size_t k = u->left < room ? u->left : room;
	memcpy(buf, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

static void smtp_error(CURLcode rc, char *err, size_t errlen)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		snprintf(err, errlen, "메일 서버가 %d초 안에 답하지 않았습니다.",
		         ALERT_TIMEOUT_SECONDS);
		break;
	case CURLE_LOGIN_DENIED:
		snprintf(err, errlen,
		         "메일 서버 로그인에 실패했습니다. 아이디와 비밀번호를 확인해 "
		         "주세요.");
		break;
	case CURLE_USE_SSL_FAILED:
		snprintf(err, errlen,
		         "메일 서버가 암호화 연결(STARTTLS)을 지원하지 않아 로그인 "
		         "정보를 보내지 않았습니다.");
		break;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
		snprintf(err, errlen, "메일 서버에 연결하지 못했습니다 (%s).",
		         curl_easy_strerror(rc));
		break;
	default:
		snprintf(err, errlen, "메일 서버가 메일을 받지 않았습니다 (%s).",
		         curl_easy_strerror(rc));
	}
}

static int send_email(const struct alert_settings *st, const char *subject, const char *text,
                      const char *message_id, time_t now, char *err, size_t errlen)
{
	char to[ALERT_RECIPIENTS_MAX][ALERT_EMAIL_MAX + 1];
	int bad = 0;
	int nto = alert_recipients_split(st->smtp_to, to, ALERT_RECIPIENTS_MAX, &bad);
	if (nto <= 0 || !alert_email_valid(st->smtp_from)) {
		snprintf(err, errlen, "받는 사람 또는 보내는 사람 메일 주소가 올바르지 않습니다.");
		return -1;
	}
	const char *tov[ALERT_RECIPIENTS_MAX];
	for (int i = 0; i < nto; i++)
		tov[i] = to[i];
	struct alert_mail m = {.from = st->smtp_from,
	                       .to = tov,
	                       .nto = (size_t)nto,
	                       .subject = subject,
	                       .body = text,
	                       .date = now,
	                       .message_id = message_id};
	char *msg = alert_mime(&m);
	CURL *c = msg ? curl_easy_init() : NULL;
	if (!c) {
		free(msg);
		snprintf(err, errlen, "메일을 만들지 못했습니다.");
		return -1;
	}
	struct curl_slist *rcpt = NULL;
	for (int i = 0; i < nto; i++) {
		char angle[ALERT_EMAIL_MAX + 3];
		snprintf(angle, sizeof angle, "<%.*s>", ALERT_EMAIL_MAX, to[i]);
		rcpt = curl_slist_append(rcpt, angle);
	}
	char from[ALERT_EMAIL_MAX + 3];
	snprintf(from, sizeof from, "<%s>", st->smtp_from);
	struct upload u = {msg, strlen(msg)};
	curl_common(c);
	curl_easy_setopt(c, CURLOPT_URL, st->smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	if (st->smtp_user[0]) {
		/* a password never travels in the clear: smtps, or STARTTLS required */
		curl_easy_setopt(c, CURLOPT_USERNAME, st->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, st->smtp_password);
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	} else {
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	}
	CURLcode rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		smtp_error(rc, err, errlen);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	free(msg);
	return rc == CURLE_OK ? 0 : -1;
}

int alert_send_now(const struct alert_settings *st, int channel, const char *subject,
                   const char *text, const char *message_id, time_t now, char *err, size_t errlen)
{
	err[0] = '\0';
	if (channel == ALERT_CH_WEBHOOK) {
		if (!alert_settings_has_webhook(st)) {
			snprintf(err, errlen, "웹훅 주소가 설정되어 있지 않습니다.");
			return -1;
		}
		return send_webhook(st->webhook_url, text, err, errlen);
	}
	if (!alert_settings_has_email(st)) {
		snprintf(err, errlen,
		         "메일 서버, 보내는 사람, 받는 사람이 모두 설정되어 있지 "
		         "않습니다.");
		return -1;
	}
	return send_email(st, subject, text, message_id, now, err, errlen);
}

/* The subject and text of one queued message; -1 when there is nothing to say any more
 * (the alert is gone). */
static int compose(db *d, const struct alert_delivery *x, const struct alert_settings *st,
                   time_t now, char **subject, char **text)
{
	if (util_streq(x->kind, "alert")) {
		struct alert_item it;
		if (alerts_item(d, x->org_id, x->alert_id, &it) != DB_OK)
			return -1;
		*subject = alert_subject_one(&it);
		*text = alert_text_one(&it);
		return 0;
	}
	struct alert_item *items = NULL;
	size_t n = 0;
	if (alerts_open_items(d, x->org_id, now, st->kinds, &items, &n) != DB_OK)
		return -1;
	*subject = alert_subject_digest(x->digest_date, n);
	*text = alert_text_digest(x->digest_date, items, n);
	free(items);
	return 0;
}

static void send_one(db *d, const struct alert_delivery *x, time_t now)
{
	struct alert_settings st;
	char err[512] = "";
	char *subject = NULL, *text = NULL;
	int ok = -1;
	if (alert_settings_load(d, x->org_id, &st) != DB_OK)
		return; /* the database is busy: the next pass tries */
	if (compose(d, x, &st, now, &subject, &text) != 0) {
		snprintf(err, sizeof err, "보낼 알림을 찾지 못했습니다.");
	} else {
		char mid[64];
		snprintf(mid, sizeof mid, "jaego-%lld.%d", (long long)x->id, x->attempts + 1);
		ok = alert_send_now(&st, x->channel, subject, text, mid, now, err, sizeof err);
	}
	free(subject);
	free(text);
	if (ok == 0) {
		alert_delivery_sent(d, x->id, now);
		log_info("msg=\"alert message sent\" delivery=%lld kind=%s channel=%s attempt=%d",
		         (long long)x->id, x->kind, alert_channel_name(x->channel),
		         x->attempts + 1);
		return;
	}
	time_t next = alert_retry_at(now, x->attempts + 1);
	alert_delivery_failed(d, x->id, err, next);
	char esc[1024];
	log_warn("msg=\"alert message not sent\" delivery=%lld channel=%s attempt=%d retry=%s "
	         "error=\"%s\"",
	         (long long)x->id, alert_channel_name(x->channel), x->attempts + 1,
	         next ? "yes" : "no", log_escape(err, esc, sizeof esc));
}

static void queue_digests(db *d, time_t now)
{
	struct alert_org_slot *orgs = NULL;
	size_t n = 0;
	if (alert_settings_list(d, &orgs, &n) != DB_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		char day[11];
		if (!orgs[i].digest_enabled ||
		    !alert_digest_due(now, orgs[i].digest_hour, orgs[i].updated_at, day))
			continue;
		int queued = 0;
		if (alert_digest_queue(d, orgs[i].org_id, day, now, &queued) == DB_OK && queued)
			log_info("msg=\"alert digest queued\" org=%lld day=%s",
			         (long long)orgs[i].org_id, day);
	}
	free(orgs);
}

static void send_due(db *d, time_t now)
{
	struct alert_delivery *due = NULL;
	size_t n = 0;
	if (alert_deliveries_due(d, now, SEND_BATCH, &due, &n) == DB_OK)
		for (size_t i = 0; i < n; i++)
			send_one(d, &due[i], now);
	free(due);
}

void alert_delivery_tick(db *d, time_t now, int refresh)
{
	if (refresh)
		refresh_all(d, now);
	queue_digests(d, now);
	send_due(d, now);
}

/* ------------------------------------------------------------------ the thread */

static struct {
	char db_path[4096];
	struct worker w;
	atomic_int refresh_wanted; /* stock or a forecast changed: recompute soon */
} T = {.w = WORKER_INIT};

/* How long to sleep: until the next message is due, at most POLL_SECONDS; with the test
 * clock a short poll, since that clock moves without the thread being told. */
static long sleep_ms(db *d, time_t now)
{
	const char *test = getenv("JAEGO_TEST_CLOCK");
	if (test && *test)
		return TEST_POLL_MS;
	time_t next = alert_delivery_next(d);
	long s = POLL_SECONDS;
	if (next && next - now < s)
		s = next > now ? (long)(next - now) : 0;
	return s * 1000 + 1;
}

static void *delivery_main(void *arg)
{
	(void)arg;
	db *d = NULL;
	char err[512];
	if (db_open(T.db_path, &d, err, sizeof err) != 0) {
		log_error("msg=\"alert delivery cannot open the database\" error=\"%s\"", err);
		return NULL;
	}
	time_t last_refresh = 0;
	int64_t last_refresh_ms = 0; /* monotonic, for the gap between asked refreshes */
	while (!worker_stopping(&T.w)) {
		time_t now = alert_clock_now();
		int64_t mono = util_now_ms();
		int asked = atomic_load(&T.refresh_wanted),
		    gap_ok = mono - last_refresh_ms >= (int64_t)ALERT_REFRESH_GAP_SECONDS * 1000;
		int refresh = last_refresh == 0 || now - last_refresh >= ALERT_REFRESH_SECONDS ||
		              now < last_refresh || (asked && gap_ok);
		if (refresh) {
			last_refresh = now;
			last_refresh_ms = mono;
			atomic_store(&T.refresh_wanted, 0);
		}
		alert_delivery_tick(d, now, refresh);
		long ms = sleep_ms(d, now);
		if (atomic_load(&T.refresh_wanted)) {
			long left = (long)(last_refresh_ms + ALERT_REFRESH_GAP_SECONDS * 1000 -
			                   util_now_ms());
			if (left < ms)
				ms = left > 0 ? left : 1;
		}
		worker_wait_ms(&T.w, ms);
	}
	db_close(d);
	return NULL;
}

int alert_delivery_start(const struct alert_delivery_config *c)
{
	curl_global_init(CURL_GLOBAL_DEFAULT); /* before any thread uses libcurl */
	util_strlcpy(T.db_path, c->db_path, sizeof T.db_path);
	return worker_start(&T.w, delivery_main, NULL);
}

void alert_delivery_wake(void)
{
	worker_wake(&T.w);
}

void alert_delivery_refresh_soon(void)
{
	atomic_store(&T.refresh_wanted, 1);
	alert_delivery_wake();
}

void alert_delivery_stop(void)
{
	if (!T.w.started)
		return;
	worker_stop(&T.w);
	curl_global_cleanup();
}
