/* api_system.c — health, metrics and version: the routes that need no session. */
#include <stdlib.h>
#include <string.h>

#include "route.h"
#include "server.h"

static void get_healthz(struct req *r)
{
	int v = db_schema_version(r->db);
	if (v <= 0) {
		reply_error(r, 503, "unavailable", "데이터베이스가 응답하지 않습니다.", NULL);
		return;
	}
	reply_json(r, 200, json_pack("{s:s, s:i}", "status", "ok", "schema_version", v));
}

static void get_metrics(struct req *r)
{
	char *text = metrics_render(r->db);
	reply_bytes(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, strlen(text));
	free(text);
}

static void get_version(struct req *r)
{
	reply_json(r, 200, json_pack("{s:s, s:s}", "name", "jaego", "version", JAEGO_VERSION));
}

const struct route api_system_routes[] = {
        {"GET", "/healthz", ROLE_PUBLIC, 0, get_healthz},
        {"GET", "/metrics", ROLE_PUBLIC, 0, get_metrics},
        {"GET", "/api/version", ROLE_PUBLIC, 0, get_version},
        ROUTE_END,
};
