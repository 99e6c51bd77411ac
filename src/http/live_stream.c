/* live_stream.c — the event stream of GET /api/live over libmicrohttpd (see live_stream.h).
 *
 * The reply is a response of unknown length read from a content-reader callback. When the
 * bus has nothing to send, the callback suspends the connection (MHD_suspend_connection, the
 * bus's park) and returns 0; the bus resumes it (its wake) when an event is due, a
 * heartbeat is owed, the session ended or the server stops. So an idle stream costs a socket
 * and a few bytes, never a thread of the pool, and a suspended connection is not timed out:
 * the heartbeats are what notice a peer that went away. */
#include "live_stream.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "http_internal.h"
#include "live_bus.h"
#include "server.h"
#include "session.h"
#include "util.h"

struct stream {
	struct MHD_Connection *conn;
	struct live_sub *sub;
	int64_t session_id;
	char *out; /* bytes to send, from off */
	size_t len, off;
};

static void park(void *arg)
{
	MHD_suspend_connection(((struct stream *)arg)->conn);
}

static void wake(void *arg)
{
	MHD_resume_connection(((struct stream *)arg)->conn);
}

static void put(struct stream *st, const char *text)
{
	free(st->out);
	st->out = xstrdup(text);
	st->len = strlen(text);
	st->off = 0;
}

static const char *topic_name(unsigned topic)
{
	return topic == LIVE_ALERTS ? "alerts" : "stock";
}

/* "event: stock\ndata: {"version":..,"skus":[..],"cause":..,"by":..}\n\n" */
static void put_event(struct stream *st, const struct live_event *ev)
{
	json_t *skus = json_array();
	for (size_t i = 0; i < ev->nskus; i++)
		json_array_append_new(skus, json_string(ev->skus[i]));
	json_t *d =
	        json_pack("{s:I, s:o, s:s, s:o}", "version", (json_int_t)ev->version, "skus", skus,
	                  "cause", ev->cause, "by", ev->by[0] ? json_string(ev->by) : json_null());
	char *data = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	char *text =
	        xasprintf("event: %s\ndata: %s\n\n", topic_name(ev->topic), data ? data : "{}");
	free(data);
	free(st->out);
	st->out = text;
	st->len = strlen(text);
	st->off = 0;
}

/* Whether the peer closed its side: a stream's client never sends after its request, so
 * end-of-file (or a reset) on a peek means the tab is gone. A suspended connection does
 * not see it, and a write to such a socket still succeeds once: each heartbeat looks first,
 * and the bus asks (ops.gone) before refusing a stream at a cap. */
static int peer_gone(void *arg)
{
	struct stream *st = arg;
	const union MHD_ConnectionInfo *ci =
	        MHD_get_connection_info(st->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (!ci)
		return 0;
	char c;
	ssize_t n = recv(ci->connect_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* At each heartbeat: is the stream's session still valid (not expired, member active)? */
static int session_still_valid(struct stream *st)
{
	db *d = db_pool_acquire(server_pool());
	int ok = session_alive(d, st->session_id);
	db_pool_release(server_pool(), d);
	return ok;
}

static ssize_t read_stream(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct stream *st = cls;
	for (;;) {
		if (st->off < st->len) {
			size_t n = st->len - st->off < max ? st->len - st->off : max;
			memcpy(buf, st->out + st->off, n);
			st->off += n;
			return (ssize_t)n;
		}
		struct live_event ev;
		switch (live_bus_next(st->sub, &ev)) {
		case LIVE_EVENT:
			put_event(st, &ev);
			live_event_clear(&ev);
			break;
		case LIVE_HEARTBEAT:
			if (peer_gone(st))
				return MHD_CONTENT_READER_END_OF_STREAM;
			if (!session_still_valid(st))
				return MHD_CONTENT_READER_END_OF_STREAM;
			put(st, ":\n\n");
			break;
		case LIVE_END:
			return MHD_CONTENT_READER_END_OF_STREAM;
		case LIVE_IDLE:
			return 0; /* suspended by the bus's park: resumed when there is more */
		}
	}
}

static void free_stream(void *cls)
{
	struct stream *st = cls;
	live_bus_unsubscribe(st->sub);
	free(st->out);
	free(st);
}

void live_stream_serve(struct req *r)
{
	struct stream *st = xcalloc(1, sizeof *st);
	st->conn = r->conn;
	st->session_id = r->user->session_id;
	struct live_sub_ops ops = {.park = park, .wake = wake, .gone = peer_gone, .arg = st};
	uint64_t version = 0;
	enum live_refusal why;
	st->sub = live_bus_subscribe(r->user->org_id, r->user->id, r->user->session_id, &ops,
	                             &version, &why);
	if (!st->sub) {
		free(st);
		if (why == LIVE_CLOSED) {
			reply_error(r, 503, "shutting_down",
			            "서버가 종료되는 중이라 요청을 받지 않았습니다. 잠시 후 다시 "
			            "시도해 주세요.",
			            NULL);
			return;
		}
		reply_error(r, 429, "too_many_streams",
		            why == LIVE_FULL_USER
		                    ? arena_printf(r->a,
		                                   "실시간 연결은 한 사람당 %d개까지 열 수 "
		                                   "있습니다. 사용하지 않는 탭을 닫아 주세요.",
		                                   LIVE_STREAMS_PER_USER)
		                    : "서버의 실시간 연결이 가득 찼습니다. 잠시 후 다시 시도해 "
		                      "주세요.",
		            NULL);
		return;
	}
	/* The browser reconnects after 3 s when the stream drops. */
	char hello[96];
	snprintf(hello, sizeof hello, "retry: 3000\nevent: hello\ndata: {\"version\":%llu}\n\n",
	         (unsigned long long)version);
	put(st, hello);
	struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
	                                                              read_stream, st, free_stream);
	if (!resp) {
		free_stream(st);
		reply_internal(r);
		return;
	}
	MHD_add_response_header(resp, "Content-Type", "text/event-stream");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Accel-Buffering", "no"); /* nginx: do not buffer */
	http_send(r, 200, resp, 1);
}

/* ------------------------------------------------------------------ publishing */

/* The SKU a change is about, when it names exactly one product: the entity's id for a
 * product, else a "sku" field of the change. */
static const char *change_sku(const char *entity, const char *entity_id, json_t *before,
                              json_t *after)
{
	if (util_streq(entity, "product") && entity_id && *entity_id)
		return entity_id;
	const char *s = json_string_value(json_object_get(after, "sku"));
	return s ? s : json_string_value(json_object_get(before, "sku"));
}

/* Whether a product is a set or a set's component: its change moves other products'
 * figures too, so the event says "unknown" rather than list them. */
static int in_a_set(struct req *r, const char *sku)
{
	return db_int(r->db, 1,
	              "SELECT EXISTS (SELECT 1 FROM set_components sc JOIN products p"
	              " ON p.id = sc.set_id OR p.id = sc.component_id"
	              " WHERE sc.org_id = ? AND p.org_id = ? AND p.sku = ?)",
	              "iit", r->user->org_id, r->user->org_id, sku) != 0;
}

void req_live_changed(struct req *r, const char *kind, const char *entity, const char *entity_id,
                      json_t *before, json_t *after)
{
	if (!kind || !r->user)
		return;
	struct live_change c = {.org_id = r->user->org_id, .by = r->user->name};
	char cause[LIVE_CAUSE_SIZE];
	live_kind_topics(kind, &c.topics, cause);
	if (!c.topics)
		return;
	c.cause = cause;
	const char *sku = change_sku(entity, entity_id, before, after);
	if (sku && *sku && !in_a_set(r, sku)) {
		c.skus = &sku;
		c.nskus = 1;
	}
	live_bus_publish(&c);
}
