/* live_bus.h — the in-process bus of committed changes behind GET /api/live (server-sent
 * events) and the cache of GET /api/stock. Per organisation it keeps a change counter (the
 * version, one more per published commit) and the open streams (subscribers) of its
 * members. A publish merges the change into every subscriber of the organisation; a
 * subscriber takes at most one event per topic at a time, so a burst of commits reaches a
 * screen as one event (the union of SKUs, the latest cause and member). Events are let out
 * at once after a quiet spell and at most every LIVE_COALESCE_MS otherwise; a ticker thread
 * lets out what waited and asks every stream for a heartbeat every LIVE_HEARTBEAT_MS.
 *
 * The bus knows nothing of HTTP: a subscriber gives two functions, park (called under the
 * bus's lock when live_bus_next finds nothing to send: the stream stops being polled) and
 * wake (called under the same lock, only after park, when something is due). Thread-safe:
 * request threads, the jobs' threads and the ticker all call it. */
#ifndef JAEGO_LIVE_BUS_H
#define JAEGO_LIVE_BUS_H

#include <stddef.h>
#include <stdint.h>

#define LIVE_COALESCE_MS      100   /* events of one stream at most this often */
#define LIVE_HEARTBEAT_MS     20000 /* a comment line this often keeps proxies open */
#define LIVE_SKUS_MAX         200   /* more SKUs in one event: sent as [] (unknown) */
#define LIVE_STREAMS_PER_USER 8     /* open streams of one member */
#define LIVE_STREAMS_MAX      1000  /* open streams of the whole server */
#define LIVE_CAUSE_SIZE       32
#define LIVE_BY_SIZE          128

/* Topics, as a bit set. */
enum { LIVE_STOCK = 1, LIVE_ALERTS = 2 };

/* One change as published: skus NULL/0 = not known (the event then carries []); by NULL =
 * the server itself. */
struct live_change {
	int64_t org_id;
	unsigned topics;
	const char *cause; /* "movement", "import", "forecast_run", ... */
	const char *by;    /* a member's display name, or NULL */
	const char *const *skus;
	size_t nskus;
};

/* Publishes a committed change: the organisation's version grows by one and every stream
 * of it gets the change. Returns the new version. */
uint64_t live_bus_publish(const struct live_change *c);
/* The organisation's current version (0 before its first change since start). */
uint64_t live_bus_version(int64_t org_id);

/* Which topics and cause an audited change kind ("movement.create", ...) publishes:
 * *topics 0 for a change no screen shows (a login, a password). An unknown kind publishes
 * the stock topic with its first word as cause, so that no change is ever missed. */
void live_kind_topics(const char *kind, unsigned *topics, char cause[LIVE_CAUSE_SIZE]);

struct live_sub;
struct live_sub_ops {
	void (*park)(void *arg);
	void (*wake)(void *arg);
	/* Whether a parked stream's peer went away (a closed tab); called under the lock, only
	 * while parked. A parked stream notices nothing by itself until its next heartbeat, so
	 * a subscribe at a cap asks, and the places of closed tabs are free at once. */
	int (*gone)(void *arg);
	void *arg;
};
enum live_refusal { LIVE_OK = 0, LIVE_FULL_USER, LIVE_FULL_SERVER, LIVE_CLOSED };
/* A new stream of member user_id (session session_id) of org_id. NULL with *why set when
 * the member or the server has too many open or the bus is closed; *version gets the
 * organisation's version for the hello. */
struct live_sub *live_bus_subscribe(int64_t org_id, int64_t user_id, int64_t session_id,
                                    const struct live_sub_ops *ops, uint64_t *version,
                                    enum live_refusal *why);
/* Ends a stream (after its last live_bus_next). */
void live_bus_unsubscribe(struct live_sub *s);

/* What a stream has to send next. */
enum live_next { LIVE_IDLE, LIVE_EVENT, LIVE_HEARTBEAT, LIVE_END };
struct live_event {
	unsigned topic; /* LIVE_STOCK or LIVE_ALERTS */
	uint64_t version;
	char cause[LIVE_CAUSE_SIZE];
	char by[LIVE_BY_SIZE]; /* "" = the server */
	char **skus;           /* owned by the caller: live_event_clear */
	size_t nskus;
};
/* The next thing to send: an event (filled in *ev), a heartbeat, the end (the bus closed or
 * the stream was dropped), or LIVE_IDLE after calling ops->park: the stream's ops->wake
 * comes when there is something. */
enum live_next live_bus_next(struct live_sub *s, struct live_event *ev);
void live_event_clear(struct live_event *ev);

/* Ends the streams of a session (logout), or of a member but one session (password change,
 * disable; except_session 0 = all). */
void live_bus_drop_session(int64_t session_id);
void live_bus_drop_user(int64_t user_id, int64_t except_session);

/* Starts the ticker thread (0, or -1 when it could not start). */
int live_bus_start(void);
/* Ends every stream and refuses new ones (server shutdown); then stops the ticker. */
void live_bus_close(void);
/* For tests: the clock in milliseconds (default util_now_ms) and one ticker pass at now. */
void live_bus_set_clock(int64_t (*now_ms)(void));
long live_bus_tick(void);
/* For tests: opens the bus again after live_bus_close and forgets every version. */
void live_bus_reset(void);

#endif
