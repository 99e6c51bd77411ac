/* live_bus.c — versions, subscribers, coalescing and the ticker of the change bus (see
 * live_bus.h). One mutex guards everything: a publish touches at most a few hundred
 * streams, and the work under the lock is copying a few strings. */
#include "live_bus.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "util.h"
#include "worker.h"

/* A change waiting to go out on one topic of one stream: the merge of every change since
 * the last event of that topic. */
struct pending {
	int set;
	uint64_t version;
	char cause[LIVE_CAUSE_SIZE];
	char by[LIVE_BY_SIZE];
	char **skus;
	size_t nskus;
	int unknown; /* some change did not say its SKUs, or there were too many */
};

struct live_sub {
	struct live_sub *prev, *next;
	int64_t org_id, user_id, session_id;
	struct live_sub_ops ops;
	struct pending p[2]; /* [0] stock, [1] alerts */
	int64_t last_sent_ms;
	int heartbeat; /* a heartbeat is owed */
	int dropped;   /* the session ended: the stream ends */
	int parked;    /* ops.park was called and ops.wake not yet */
};

struct org_version {
	int64_t org_id;
	uint64_t version;
};

static struct {
	pthread_mutex_t mu;
	struct live_sub *subs;
	struct org_version *orgs;
	size_t norgs, orgs_cap;
	int closed;
	int64_t (*clock)(void);
	int64_t last_heartbeat_ms;
	int64_t day; /* the KST day the ticker last saw */
	struct worker ticker;
} B = {.mu = PTHREAD_MUTEX_INITIALIZER, .ticker = WORKER_INIT};

static int64_t now_ms(void)
{
	return B.clock ? B.clock() : util_now_ms();
}

/* The KST calendar day of an instant (ms since the epoch). */
static int64_t kst_day(int64_t ms)
{
	return (ms / 1000 + DATE_KST_OFFSET) / 86400;
}

void live_bus_set_clock(int64_t (*fn)(void))
{
	pthread_mutex_lock(&B.mu);
	B.clock = fn;
	B.last_heartbeat_ms = now_ms();
	B.day = kst_day(B.last_heartbeat_ms);
	pthread_mutex_unlock(&B.mu);
}

/* ------------------------------------------------------------------ kinds */

void live_kind_topics(const char *kind, unsigned *topics, char cause[LIVE_CAUSE_SIZE])
{
	/* First match wins: the specific kinds before their family. */
	static const struct {
		const char *prefix;
		unsigned topics;
		const char *cause;
	} map[] = {
	        {"movement.reverse", LIVE_STOCK, "reversal"},
	        {"movement.", LIVE_STOCK, "movement"},
	        {"import.upload", 0, ""}, /* a staged file changes nothing yet */
	        {"import.reverse", LIVE_STOCK, "reversal"},
	        {"import.", LIVE_STOCK, "import"},
	        {"purchase_order.receive", LIVE_STOCK, "receipt"},
	        {"purchase_order.", LIVE_STOCK, "purchase_order"},
	        {"product.", LIVE_STOCK, "product"},
	        {"supplier.", LIVE_STOCK, "supplier"},
	        {"forecast_override.", LIVE_STOCK, "override"},
	        {"forecast_run.", 0, ""}, /* a queued run; its end publishes forecast_run */
	        {"sales_history.upload", 0, ""},
	        {"sales_history.", LIVE_STOCK, "sales_history"},
	        {"event.", LIVE_STOCK, "event"},
	        {"org.", LIVE_STOCK, "settings"},
	        {"alert_settings.", LIVE_ALERTS, "settings"},
	        {"alert.", LIVE_ALERTS, "alert"},
	        {"user.", 0, ""},
	        {"session.", 0, ""},
	};
	for (size_t i = 0; i < ARRAY_LEN(map); i++) {
		if (util_has_prefix(kind, map[i].prefix)) {
			*topics = map[i].topics;
			util_strlcpy(cause, map[i].cause, LIVE_CAUSE_SIZE);
			return;
		}
	}
	*topics = LIVE_STOCK;
	const char *dot = strchr(kind, '.');
	size_t n = dot ? (size_t)(dot - kind) : strlen(kind);
	if (n >= LIVE_CAUSE_SIZE)
		n = LIVE_CAUSE_SIZE - 1;
	memcpy(cause, kind, n);
	cause[n] = '\0';
}

/* ------------------------------------------------------------------ publish */

static uint64_t *version_slot(int64_t org_id)
{
	for (size_t i = 0; i < B.norgs; i++)
		if (B.orgs[i].org_id == org_id)
			return &B.orgs[i].version;
	if (B.norgs == B.orgs_cap) {
		B.orgs_cap = B.orgs_cap ? 2 * B.orgs_cap : 16;
		B.orgs = xrealloc(B.orgs, B.orgs_cap * sizeof *B.orgs);
	}
	B.orgs[B.norgs] = (struct org_version){org_id, 0};
	return &B.orgs[B.norgs++].version;
}

static void pending_forget_skus(struct pending *p)
{
	for (size_t i = 0; i < p->nskus; i++)
		free(p->skus[i]);
	free(p->skus);
	p->skus = NULL;
	p->nskus = 0;
}

static void pending_add_sku(struct pending *p, const char *sku)
{
	for (size_t i = 0; i < p->nskus; i++)
		if (strcmp(p->skus[i], sku) == 0)
			return;
	if (p->nskus == LIVE_SKUS_MAX) {
		pending_forget_skus(p);
		p->unknown = 1;
		return;
	}
	if (!p->skus)
		p->skus = xcalloc(LIVE_SKUS_MAX, sizeof *p->skus);
	p->skus[p->nskus++] = xstrdup(sku);
}

static void pending_merge(struct pending *p, const struct live_change *c, uint64_t version)
{
	if (!p->set) {
		pending_forget_skus(p);
		p->unknown = 0;
	}
	p->set = 1;
	p->version = version;
	util_strlcpy(p->cause, c->cause ? c->cause : "", sizeof p->cause);
	util_strlcpy(p->by, c->by ? c->by : "", sizeof p->by);
	if (!c->nskus || c->nskus > LIVE_SKUS_MAX) {
		pending_forget_skus(p);
		p->unknown = 1;
	}
	for (size_t i = 0; !p->unknown && i < c->nskus; i++)
		pending_add_sku(p, c->skus[i]);
}

static int due(const struct live_sub *s, int64_t now)
{
	return (s->p[0].set || s->p[1].set) && now >= s->last_sent_ms + LIVE_COALESCE_MS;
}

/* Under the lock: lets a parked stream run again. */
static void wake(struct live_sub *s)
{
	if (s->parked) {
		s->parked = 0;
		s->ops.wake(s->ops.arg);
	}
}

uint64_t live_bus_publish(const struct live_change *c)
{
	pthread_mutex_lock(&B.mu);
	uint64_t *slot = version_slot(c->org_id);
	uint64_t v = ++*slot;
	int64_t now = now_ms();
	int later = 0;
	for (struct live_sub *s = B.subs; s; s = s->next) {
		if (s->org_id != c->org_id)
			continue;
		if (c->topics & LIVE_STOCK)
			pending_merge(&s->p[0], c, v);
		if (c->topics & LIVE_ALERTS)
			pending_merge(&s->p[1], c, v);
		if (due(s, now))
			wake(s);
		else
			later = 1;
	}
	pthread_mutex_unlock(&B.mu);
	if (later)
		worker_wake(&B.ticker); /* it sleeps until the coalescing window ends */
	return v;
}

uint64_t live_bus_version(int64_t org_id)
{
	pthread_mutex_lock(&B.mu);
	uint64_t v = 0;
	for (size_t i = 0; i < B.norgs; i++)
		if (B.orgs[i].org_id == org_id)
			v = B.orgs[i].version;
	pthread_mutex_unlock(&B.mu);
	return v;
}

/* ------------------------------------------------------------------ streams */

/* Under the lock: the open streams of a member (user_id 0: of the server). At a cap, the
 * parked ones whose peer went away are dropped first (woken to end) and not counted. */
static size_t count_open(int64_t user_id, size_t cap)
{
	size_t n = 0;
	for (struct live_sub *s = B.subs; s; s = s->next)
		n += !s->dropped && (!user_id || s->user_id == user_id);
	if (n < cap)
		return n;
	for (struct live_sub *s = B.subs; s; s = s->next) {
		if (s->dropped || (user_id && s->user_id != user_id) || !s->parked ||
		    !s->ops.gone || !s->ops.gone(s->ops.arg))
			continue;
		s->dropped = 1;
		wake(s);
		n--;
	}
	return n;
}

struct live_sub *live_bus_subscribe(int64_t org_id, int64_t user_id, int64_t session_id,
                                    const struct live_sub_ops *ops, uint64_t *version,
                                    enum live_refusal *why)
{
	pthread_mutex_lock(&B.mu);
	*why = B.closed                                              ? LIVE_CLOSED
	       : count_open(0, LIVE_STREAMS_MAX) >= LIVE_STREAMS_MAX ? LIVE_FULL_SERVER
	       : count_open(user_id, LIVE_STREAMS_PER_USER) >= LIVE_STREAMS_PER_USER
	               ? LIVE_FULL_USER
	               : LIVE_OK;
	struct live_sub *s = NULL;
	if (*why == LIVE_OK) {
		s = xcalloc(1, sizeof *s);
		s->org_id = org_id;
		s->user_id = user_id;
		s->session_id = session_id;
		s->ops = *ops;
		s->last_sent_ms = INT64_MIN / 2;
		s->next = B.subs;
		if (B.subs)
			B.subs->prev = s;
		B.subs = s;
		*version = *version_slot(org_id);
	}
	pthread_mutex_unlock(&B.mu);
	return s;
}

void live_bus_unsubscribe(struct live_sub *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&B.mu);
	if (s->prev)
		s->prev->next = s->next;
	else
		B.subs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	pthread_mutex_unlock(&B.mu);
	for (int t = 0; t < 2; t++)
		pending_forget_skus(&s->p[t]);
	free(s);
}

/* Moves the pending change of a topic into ev. */
static void take(struct pending *p, unsigned topic, struct live_event *ev)
{
	ev->topic = topic;
	ev->version = p->version;
	util_strlcpy(ev->cause, p->cause, sizeof ev->cause);
	util_strlcpy(ev->by, p->by, sizeof ev->by);
	ev->skus = p->unknown ? NULL : p->skus;
	ev->nskus = p->unknown ? 0 : p->nskus;
	if (p->unknown)
		pending_forget_skus(p);
	p->skus = NULL;
	p->nskus = 0;
	p->set = 0;
	p->unknown = 0;
}

enum live_next live_bus_next(struct live_sub *s, struct live_event *ev)
{
	memset(ev, 0, sizeof *ev);
	pthread_mutex_lock(&B.mu);
	enum live_next out = LIVE_IDLE;
	int64_t now = now_ms();
	if (B.closed || s->dropped) {
		out = LIVE_END;
	} else if (due(s, now)) {
		int t = s->p[0].set ? 0 : 1;
		take(&s->p[t], t == 0 ? LIVE_STOCK : LIVE_ALERTS, ev);
		/* both topics of one commit go out together; the window starts after them */
		if (!s->p[0].set && !s->p[1].set)
			s->last_sent_ms = now;
		out = LIVE_EVENT;
	} else if (s->heartbeat) {
		s->heartbeat = 0;
		out = LIVE_HEARTBEAT;
	} else {
		s->parked = 1;
		s->ops.park(s->ops.arg);
	}
	pthread_mutex_unlock(&B.mu);
	return out;
}

void live_event_clear(struct live_event *ev)
{
	for (size_t i = 0; i < ev->nskus; i++)
		free(ev->skus[i]);
	free(ev->skus);
	memset(ev, 0, sizeof *ev);
}

static void drop_where(int64_t session_id, int64_t user_id, int64_t except_session)
{
	pthread_mutex_lock(&B.mu);
	for (struct live_sub *s = B.subs; s; s = s->next) {
		int hit = session_id ? s->session_id == session_id
		                     : s->user_id == user_id && s->session_id != except_session;
		if (hit) {
			s->dropped = 1;
			wake(s);
		}
	}
	pthread_mutex_unlock(&B.mu);
}

void live_bus_drop_session(int64_t session_id)
{
	if (session_id)
		drop_where(session_id, 0, 0);
}

void live_bus_drop_user(int64_t user_id, int64_t except_session)
{
	drop_where(0, user_id, except_session);
}

/* ------------------------------------------------------------------ ticker */

/* Under the lock: at KST midnight "today" moves for every screen (what to order today, what
 * runs out before a delivery): every stream gets a stock event, cause new_day, at the
 * organisation's current version (nothing was committed). */
static void new_day(void)
{
	for (struct live_sub *s = B.subs; s; s = s->next) {
		struct live_change c = {
		        .org_id = s->org_id, .topics = LIVE_STOCK, .cause = "new_day"};
		pending_merge(&s->p[0], &c, *version_slot(s->org_id));
	}
}

long live_bus_tick(void)
{
	pthread_mutex_lock(&B.mu);
	int64_t now = now_ms();
	int64_t day = kst_day(now);
	if (day != B.day) {
		B.day = day;
		new_day();
	}
	int beat = now - B.last_heartbeat_ms >= LIVE_HEARTBEAT_MS;
	if (beat)
		B.last_heartbeat_ms = now;
	int64_t next = B.last_heartbeat_ms + LIVE_HEARTBEAT_MS;
	int64_t midnight = ((day + 1) * 86400 - DATE_KST_OFFSET) * 1000;
	if (midnight < next)
		next = midnight;
	for (struct live_sub *s = B.subs; s; s = s->next) {
		s->heartbeat |= beat;
		if (s->heartbeat || due(s, now))
			wake(s);
		else if (s->p[0].set || s->p[1].set)
			if (s->last_sent_ms + LIVE_COALESCE_MS < next)
				next = s->last_sent_ms + LIVE_COALESCE_MS;
	}
	pthread_mutex_unlock(&B.mu);
	return next > now ? (long)(next - now) : 1;
}

static void *ticker_main(void *arg)
{
	(void)arg;
	while (!worker_stopping(&B.ticker))
		worker_wait_ms(&B.ticker, live_bus_tick());
	return NULL;
}

int live_bus_start(void)
{
	pthread_mutex_lock(&B.mu);
	B.last_heartbeat_ms = now_ms();
	B.day = kst_day(B.last_heartbeat_ms);
	pthread_mutex_unlock(&B.mu);
	return worker_start(&B.ticker, ticker_main, NULL);
}

void live_bus_close(void)
{
	pthread_mutex_lock(&B.mu);
	B.closed = 1;
	for (struct live_sub *s = B.subs; s; s = s->next)
		wake(s);
	pthread_mutex_unlock(&B.mu);
	worker_stop(&B.ticker);
}

void live_bus_reset(void)
{
	pthread_mutex_lock(&B.mu);
	B.closed = 0;
	free(B.orgs);
	B.orgs = NULL;
	B.norgs = B.orgs_cap = 0;
	pthread_mutex_unlock(&B.mu);
}
