/* server.h — the HTTP server: libmicrohttpd with a thread pool on epoll, the dispatcher
 * that checks route, session, role, CSRF and body size before a handler runs, static files
 * (embedded or from --web-dir), metrics and one log line per request. */
#ifndef JAEGO_SERVER_H
#define JAEGO_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct server_config {
	const char *db_path;
	const char *listen;    /* "127.0.0.1" */
	int port;              /* 8080; 0 picks a free port */
	const char *web_dir;   /* NULL: serve the embedded web app */
	int threads;           /* worker threads (and database connections) */
	size_t body_max;       /* default request body limit in bytes */
	int timeout_s;         /* idle connection timeout */
	int trust_proxy;       /* honour X-Forwarded-For / X-Forwarded-Proto */
	const char *port_file; /* when set, the bound port is written there (tests) */
	int runner;            /* forecast runner: enum forecast_runner_mode (0 = all) */
	int forecast_threads;  /* engine threads of a forecast run (default 1) */
};

void server_config_defaults(struct server_config *c);
/* Runs until SIGINT or SIGTERM; returns the process exit status. */
int server_run(const struct server_config *c);

/* Metrics (metrics.c): called by the dispatcher once per request. */
void metrics_init(void);
void metrics_observe(int route_index, int status, double seconds);
/* Prometheus text exposition; the caller frees the result. */
char *metrics_render(db *d);

/* The database pool the server runs on, for handlers that need a second connection. */
db_pool *server_pool(void);

#endif
