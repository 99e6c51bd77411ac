/* server.c — libmicrohttpd set-up, the dispatcher, static files and graceful shutdown.
 *
 * A request flows: first callback (match the route, refuse an oversized Content-Length) →
 * upload callbacks (collect the body up to the route's limit) → final callback: take a
 * database connection, check session, role and CSRF, run the handler, queue its reply →
 * completion callback: one log line, metrics, free the request's memory. */
#include "server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assets.h"
#include "alert_delivery.h"
#include "forecast_runner.h"
#include "sim_jobs.h"
#include "http_internal.h"
#include "live_bus.h"
#include "log.h"
#include "route.h"
#include "session.h"
#include "util.h"

/* Our own limits on the request line and headers, below libmicrohttpd's connection memory
 * (SERVER_CONN_MEMORY): a request between the two gets the JSON 414/431; only one past the
 * connection memory gets libmicrohttpd's own short HTML answer (docs/api.md). */
#define SERVER_URI_MAX     8192
#define SERVER_HEADERS_MAX 16384
#define SERVER_CONN_MEMORY ((size_t)64 * 1024)

static struct {
	struct server_config cfg;
	db_pool *pool;
	char web_root[PATH_MAX];
	size_t nroutes;
	atomic_int inflight; /* requests whose headers arrived and that have not completed */
	atomic_int stopping; /* SIGTERM/SIGINT received: no new request is served */
} S;

db_pool *server_pool(void)
{
	return S.pool;
}

void server_config_defaults(struct server_config *c)
{
	memset(c, 0, sizeof *c);
	c->db_path = "data/jaego.db";
	c->listen = "127.0.0.1";
	c->port = 8080;
	c->threads = 4;
	c->body_max = 1 << 20;
	c->timeout_s = 30;
	c->runner = FORECAST_RUNNER_ALL;
	c->forecast_threads = 1;
}

/* ------------------------------------------------------------------- static files */

static int is_api_path(const char *url)
{
	return util_has_prefix(url, "/api/") || strcmp(url, "/api") == 0 ||
	       strcmp(url, "/healthz") == 0 || strcmp(url, "/metrics") == 0;
}

/* Paths with "..", backslashes or control bytes never reach the file system. */
static int path_is_clean(const char *p)
{
	if (p[0] != '/')
		return 0;
	for (const char *s = p; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == '\\')
			return 0;
	const char *seg = p;
	while (seg) {
		seg++;
		if (strncmp(seg, "..", 2) == 0 && (seg[2] == '/' || seg[2] == '\0'))
			return 0;
		seg = strchr(seg, '/');
	}
	return 1;
}

static int accepts_gzip(struct req *r)
{
	const char *ae = req_header(r, "Accept-Encoding");
	return ae && strstr(ae, "gzip");
}

static int cmp_asset(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const struct asset *)elem)->path);
}

static const struct asset *find_asset(const char *path)
{
	if (assets_count == 0)
		return NULL;
	return bsearch(path, assets_table, assets_count, sizeof assets_table[0], cmp_asset);
}

/* The single-page app handles its own routes: a path whose last segment has no dot is a
 * screen, and gets index.html. */
static int looks_like_screen(const char *path)
{
	const char *last = strrchr(path, '/');
	return !strchr(last ? last : path, '.');
}

static void serve_embedded(struct req *r)
{
	const char *path = strcmp(r->path, "/") == 0 ? "/index.html" : r->path;
	const struct asset *a = find_asset(path);
	if (!a && looks_like_screen(path))
		a = find_asset("/index.html");
	if (!a) {
		if (!find_asset("/index.html") &&
		    (looks_like_screen(path) || strcmp(path, "/index.html") == 0)) {
			static const char page[] =
			        "<!doctype html><meta charset=utf-8><title>jaego</title>"
			        "<p>웹 화면이 빌드되지 않았습니다. <code>make</code>로 다시 빌드해 "
			        "주세요.</p>";
			reply_bytes(r, 200, "text/html; charset=utf-8", page, sizeof page - 1);
			return;
		}
		reply_not_found(r, "not_found", "요청한 파일을 찾을 수 없습니다.");
		return;
	}
	const char *inm = req_header(r, "If-None-Match");
	struct MHD_Response *resp;
	int status = 200;
	if (inm && strcmp(inm, a->etag) == 0) {
		resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
		status = 304;
	} else if (a->gz && accepts_gzip(r)) {
		resp = MHD_create_response_from_buffer(a->gz_len, (void *)a->gz,
		                                       MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(resp, "Content-Encoding", "gzip");
	} else {
		resp = MHD_create_response_from_buffer(a->len, (void *)a->data,
		                                       MHD_RESPMEM_PERSISTENT);
	}
	MHD_add_response_header(resp, "Content-Type", a->mime);
	MHD_add_response_header(resp, "ETag", a->etag);
	if (a->gz)
		MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	MHD_add_response_header(resp, "Cache-Control",
	                        a->immutable ? "public, max-age=31536000, immutable" : "no-cache");
	http_send(r, status, resp, 0);
}

static const char *mime_for(const char *path)
{
	static const struct {
		const char *ext, *mime;
	} t[] = {{".html", "text/html; charset=utf-8"},
	         {".js", "text/javascript; charset=utf-8"},
	         {".css", "text/css; charset=utf-8"},
	         {".json", "application/json"},
	         {".svg", "image/svg+xml"},
	         {".png", "image/png"},
	         {".ico", "image/x-icon"},
	         {".woff2", "font/woff2"}};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < ARRAY_LEN(t); i++)
		if (strcmp(dot, t[i].ext) == 0)
			return t[i].mime;
	return "application/octet-stream";
}

static void serve_disk(struct req *r)
{
	char want[PATH_MAX * 2], real[PATH_MAX];
	const char *path = strcmp(r->path, "/") == 0 ? "/index.html" : r->path;
	snprintf(want, sizeof want, "%s%s", S.web_root, path);
	struct stat st;
	if (!realpath(want, real) || stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (!looks_like_screen(path)) {
			reply_not_found(r, "not_found", "요청한 파일을 찾을 수 없습니다.");
			return;
		}
		snprintf(want, sizeof want, "%s/index.html", S.web_root);
		if (!realpath(want, real) || stat(real, &st) != 0) {
			reply_not_found(r, "not_found", "웹 화면 파일(index.html)이 없습니다.");
			return;
		}
	}
	size_t rootlen = strlen(S.web_root);
	if (strncmp(real, S.web_root, rootlen) != 0 || real[rootlen] != '/') {
		reply_not_found(r, "not_found", "요청한 파일을 찾을 수 없습니다.");
		return;
	}
	int fd = open(real, O_RDONLY);
	if (fd < 0) {
		reply_not_found(r, "not_found", "요청한 파일을 찾을 수 없습니다.");
		return;
	}
	struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	MHD_add_response_header(resp, "Content-Type", mime_for(real));
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	http_send(r, 200, resp, 0);
}

static void serve_static(struct req *r)
{
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
		reply_header(r, "Allow", "GET, HEAD");
		reply_error(r, 405, "method_not_allowed", "허용되지 않는 요청 방식입니다.", NULL);
		return;
	}
	if (!path_is_clean(r->path)) {
		reply_error(r, 400, "bad_path", "잘못된 경로입니다.", NULL);
		return;
	}
	if (S.cfg.web_dir)
		serve_disk(r);
	else
		serve_embedded(r);
}

/* ---------------------------------------------------------------------- dispatcher */

static int state_changing(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	       strcmp(method, "OPTIONS") != 0;
}

static void client_address(struct req *r)
{
	char buf[INET6_ADDRSTRLEN] = "-";
	const union MHD_ConnectionInfo *ci =
	        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
			          &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
			          sizeof buf);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
			          &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
			          sizeof buf);
	}
	r->ip = arena_strdup(r->a, buf);
	if (S.cfg.trust_proxy) {
		const char *xff = req_header(r, "X-Forwarded-For");
		if (xff && *xff) {
			const char *comma = strchr(xff, ',');
			r->ip = arena_strndup(r->a, xff,
			                      comma ? (size_t)(comma - xff) : strlen(xff));
		}
		const char *proto = req_header(r, "X-Forwarded-Proto");
		r->secure = proto && strcasecmp(proto, "https") == 0;
	}
}

static void dispatch(struct reqctx *c)
{
	struct req *r = &c->r;
	if (c->refused == REFUSE_STOPPING) {
		reply_header(r, "Retry-After", "5");
		reply_error(r, 503, "shutting_down",
		            "서버가 종료되는 중이라 요청을 받지 않았습니다. 잠시 후 다시 "
		            "시도해 주세요.",
		            NULL);
		return;
	}
	if (c->refused == REFUSE_URI) {
		reply_error(r, 414, "uri_too_long",
		            arena_printf(
		                    r->a,
		                    "요청 주소가 너무 깁니다. 주소와 검색 조건을 합쳐 %d바이트까지 "
		                    "보낼 수 있습니다.",
		                    SERVER_URI_MAX),
		            NULL);
		return;
	}
	if (c->refused == REFUSE_HEADERS) {
		reply_error(
		        r, 431, "headers_too_large",
		        arena_printf(r->a,
		                     "요청 헤더가 너무 큽니다 (%d바이트까지). 브라우저의 쿠키를 "
		                     "지운 뒤 다시 시도해 주세요.",
		                     SERVER_HEADERS_MAX),
		        NULL);
		return;
	}
	if (c->too_large) {
		reply_error(r, 413, "payload_too_large",
		            arena_printf(r->a,
		                         "요청이 너무 큽니다. 최대 %zu바이트까지 보낼 수 있습니다.",
		                         c->body_max),
		            NULL);
		return;
	}
	if (!c->route) {
		if (!is_api_path(r->path)) {
			serve_static(r);
		} else if (c->method_mismatch) {
			reply_error(r, 405, "method_not_allowed",
			            "이 주소에서 허용되지 않는 요청 방식입니다.", NULL);
		} else {
			reply_not_found(r, "not_found", "요청한 API를 찾을 수 없습니다.");
		}
		return;
	}
	r->body = c->body;
	r->body_len = c->body_len;
	r->db = db_pool_acquire(S.pool);
	struct user u;
	if (c->route->role != ROLE_PUBLIC) {
		if (!session_resolve(r, &u)) {
			reply_error(r, 401, "unauthenticated", "로그인이 필요합니다.", NULL);
			goto out;
		}
		r->user = arena_alloc(r->a, sizeof u);
		*r->user = u;
		if (u.role < c->route->role) {
			reply_forbidden(r, c->route->role);
			goto out;
		}
		if (state_changing(r->method) && !session_csrf_ok(r)) {
			reply_error(r, 403, "csrf_failed",
			            "보안 토큰이 없거나 맞지 않습니다. 페이지를 새로고침한 뒤 다시 "
			            "시도해 "
			            "주세요.",
			            NULL);
			goto out;
		}
	}
	c->route->fn(r);
	if (!r->replied)
		reply_internal(r);
out:
	db_pool_release(S.pool, r->db);
	r->db = NULL;
}

static enum MHD_Result queue(struct reqctx *c)
{
	struct req *r = &c->r;
	if (!c->response) {
		char path[1024];
		log_error("msg=\"no response\" path=\"%s\"",
		          log_escape(r->path, path, sizeof path));
		return MHD_NO;
	}
	/* After the signal every answer closes its connection, so that a kept-alive client
	 * cannot send another request. */
	if (atomic_load(&S.stopping) || c->refused)
		MHD_add_response_header(c->response, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, c->response);
	MHD_destroy_response(c->response);
	c->response = NULL;
	return ret;
}

static enum MHD_Result add_size(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
	(void)kind;
	/* "key: value\r\n" on the wire; "key=value&" in a query string. */
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

static size_t values_size(struct MHD_Connection *conn, enum MHD_ValueKind kind)
{
	size_t n = 0;
	MHD_get_connection_values(conn, kind, add_size, &n);
	return n;
}

/* Why a request is answered before routing, or REFUSE_NONE. */
static int refusal(struct MHD_Connection *conn, const char *url)
{
	if (atomic_load(&S.stopping))
		return REFUSE_STOPPING;
	if (strlen(url) + values_size(conn, MHD_GET_ARGUMENT_KIND) > SERVER_URI_MAX)
		return REFUSE_URI;
	if (values_size(conn, MHD_HEADER_KIND) > SERVER_HEADERS_MAX)
		return REFUSE_HEADERS;
	return REFUSE_NONE;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct reqctx *c = *con_cls;
	if (!c) {
		c = xcalloc(1, sizeof *c);
		c->r.priv = c;
		c->r.a = arena_new();
		c->r.conn = conn;
		c->r.method = arena_strdup(c->r.a, method);
		c->r.path = arena_strdup(c->r.a, url);
		c->t0_ms = util_now_ms();
		c->route_index = -1;
		*con_cls = c;
		atomic_fetch_add(&S.inflight, 1);
		client_address(&c->r);
		c->refused = refusal(conn, url);
		if (c->refused) {
			/* Answered at once, before any body is read; the connection closes. */
			dispatch(c);
			return queue(c);
		}
		if (is_api_path(url)) {
			c->route = routes_match(&c->r, method, url, &c->method_mismatch);
			if (c->route) {
				size_t n;
				const struct route *const *all = routes_all(&n);
				for (size_t i = 0; i < n; i++)
					if (all[i] == c->route)
						c->route_index = (int)i;
				c->r.route_name = c->route->pattern;
			}
		}
		c->body_max = c->route && c->route->body_max ? c->route->body_max : S.cfg.body_max;
		const char *cl =
		        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > c->body_max) {
			/* Refuse before the body is read (no "100 Continue" is sent). */
			c->too_large = 1;
			dispatch(c);
			return queue(c);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (c->too_large || c->refused)
			return MHD_YES;
		if (c->body_len + n > c->body_max) {
			c->too_large = 1;
			free(c->body);
			c->body = NULL;
			c->body_len = 0;
			return MHD_YES;
		}
		if (c->body_len + n + 1 > c->body_cap) {
			size_t cap = c->body_cap ? c->body_cap : 4096;
			while (cap < c->body_len + n + 1)
				cap *= 2;
			c->body = xrealloc(c->body, cap);
			c->body_cap = cap;
		}
		memcpy(c->body + c->body_len, upload_data, n);
		c->body_len += n;
		c->body[c->body_len] = '\0';
		return MHD_YES;
	}
	if (c->r.replied)
		return MHD_YES; /* already answered (oversized upload, refused) */
	dispatch(c);
	return queue(c);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	struct reqctx *c = *con_cls;
	if (!c)
		return;
	double secs = (double)(util_now_ms() - c->t0_ms) / 1000.0;
	struct req *r = &c->r;
	int idx = c->route_index >= 0
	                  ? c->route_index
	                  : (is_api_path(r->path) ? (int)S.nroutes + 1 : (int)S.nroutes);
	metrics_observe(idx, r->status, secs);
	/* Method, path and address come from the client: escaped, so that a request for
	 * "/x%0Ats=..." or with a '"' cannot forge a line or a field. The address is quoted
	 * too: behind a trusted proxy it is X-Forwarded-For, which may hold spaces. */
	char method[64], path[1024], user[160], ip[160];
	log_info("method=%s route=%s path=\"%s\" status=%d dur_ms=%.1f user=%s ip=\"%s\"%s",
	         log_escape(r->method, method, sizeof method),
	         r->route_name ? r->route_name : (is_api_path(r->path) ? "-" : "static"),
	         log_escape(r->path, path, sizeof path), r->status, secs * 1000.0,
	         r->user ? log_escape(r->user->login, user, sizeof user) : "-",
	         log_escape(r->ip, ip, sizeof ip),
	         toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=1");
	if (c->response)
		MHD_destroy_response(c->response);
	json_decref(c->json);
	free(c->body);
	arena_free(r->a);
	free(c);
	*con_cls = NULL;
	atomic_fetch_sub(&S.inflight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char buf[512];
	vsnprintf(buf, sizeof buf, fmt, ap);
	size_t n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	char esc[1024];
	log_warn("msg=\"microhttpd\" detail=\"%s\"", log_escape(buf, esc, sizeof esc));
}

/* --------------------------------------------------------------------------- run */

int server_run(const struct server_config *cfg)
{
	S.cfg = *cfg;
	char err[512];
	routes_all(&S.nroutes);
	metrics_init();
	if (cfg->web_dir) {
		if (!realpath(cfg->web_dir, S.web_root)) {
			fprintf(stderr, "jaego: web directory not found: %s\n", cfg->web_dir);
			return 1;
		}
	}
	if (db_pool_open(cfg->db_path, cfg->threads, &S.pool, err, sizeof err) != 0) {
		fprintf(stderr, "jaego: %s\n", err);
		return 1;
	}

	/* Signals are taken by sigwait below; worker threads inherit the blocked mask. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	const struct sockaddr *sa;
	/* suspend/resume: an idle event stream (GET /api/live) gives its thread back */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
	                 MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
	memset(&sin, 0, sizeof sin);
	memset(&sin6, 0, sizeof sin6);
	if (strchr(cfg->listen, ':')) {
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)cfg->port);
		if (inet_pton(AF_INET6, cfg->listen, &sin6.sin6_addr) != 1)
			goto bad_addr;
		sa = (const struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	} else {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)cfg->port);
		if (inet_pton(AF_INET, cfg->listen, &sin.sin_addr) != 1)
			goto bad_addr;
		sa = (const struct sockaddr *)&sin;
	}

	struct MHD_Daemon *d = MHD_start_daemon(
	        flags, (uint16_t)cfg->port, NULL, NULL, on_request, NULL,
	        /* the logger first, so that problems with the other options reach it */
	        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR, sa,
	        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_CONNECTION_TIMEOUT,
	        (unsigned)cfg->timeout_s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	        MHD_OPTION_CONNECTION_MEMORY_LIMIT, SERVER_CONN_MEMORY, MHD_OPTION_CONNECTION_LIMIT,
	        4000u, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "jaego: cannot listen on %s:%d (in use?)\n", cfg->listen,
		        cfg->port);
		db_pool_close(S.pool);
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	int port = di ? di->port : cfg->port;
	if (cfg->port_file) {
		FILE *f = fopen(cfg->port_file, "w");
		if (f) {
			fprintf(f, "%d\n", port);
			fclose(f);
		}
	}
	log_info("msg=\"listening\" url=http://%s:%d/ db=%s threads=%d version=%s", cfg->listen,
	         port, cfg->db_path, cfg->threads, JAEGO_VERSION);
	/* Live updates: coalesced events and heartbeats of the open streams. */
	if (live_bus_start() != 0)
		log_error("msg=\"live updates did not start: events wait for the next change\"");
	/* Forecast runs on their own thread and connection, off the request threads. */
	struct forecast_runner_config rc = {.db_path = cfg->db_path,
	                                    .mode = (enum forecast_runner_mode)cfg->runner,
	                                    .threads = cfg->forecast_threads};
	if (forecast_runner_start(&rc) != 0)
		log_error("msg=\"forecast runner did not start: runs stay queued\"");
	/* Policy simulations replay on a thread of their own, one at a time. */
	if (sim_jobs_start(cfg->db_path) != 0)
		log_error("msg=\"simulation thread did not start: simulations stay queued\"");
	/* Alerts are refreshed and sent on a thread of their own, never on a request's. */
	struct alert_delivery_config ac = {.db_path = cfg->db_path};
	if (alert_delivery_start(&ac) != 0)
		log_error("msg=\"alert delivery did not start: alert messages stay queued\"");

	int sig = 0;
	sigwait(&set, &sig);
	/* From here no new request is served: one that arrives on a kept-alive connection is
	 * answered 503 with "Connection: close". The listening socket closes, requests in
	 * flight (headers already received) finish, up to 10 s, and answer with
	 * "Connection: close" too; then stopping the daemon closes the idle connections. */
	atomic_store(&S.stopping, 1);
	log_info("msg=\"shutting down\" signal=%d inflight=%d", sig, atomic_load(&S.inflight));
	MHD_socket ls = MHD_quiesce_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	/* Open event streams end now (they would count as in flight for ever), and none is
	 * left suspended when the daemon stops. */
	live_bus_close();
	for (int i = 0; i < 1000 && atomic_load(&S.inflight) > 0; i++)
		usleep(10000);
	MHD_stop_daemon(d);
	forecast_runner_stop(); /* a run in progress goes back to the queue */
	alert_delivery_stop();  /* a message being sent is let finish (a bounded attempt) */
	sim_jobs_stop();        /* a replay stops at its next review */
	db_pool_close(S.pool);
	log_info("msg=\"stopped\"");
	return 0;

bad_addr:
	fprintf(stderr, "jaego: bad listen address: %s\n", cfg->listen);
	db_pool_close(S.pool);
	return 2;
}
