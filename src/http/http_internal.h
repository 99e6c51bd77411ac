/* http_internal.h — what server.c and http.c share about a request in flight; handlers
 * never include it. */
#ifndef JAEGO_HTTP_INTERNAL_H
#define JAEGO_HTTP_INTERNAL_H

#include <microhttpd.h>

#include "http.h"
#include "route.h"

struct hdr {
	struct hdr *next;
	const char *name, *value;
};

/* Why a request was answered before routing (reqctx.refused). */
enum { REFUSE_NONE = 0, REFUSE_STOPPING, REFUSE_URI, REFUSE_HEADERS };

struct reqctx {
	struct req r;
	int refused; /* REFUSE_*: answered at the first callback, body ignored */
	const struct route *route;
	int route_index;
	int method_mismatch;
	size_t body_max;
	size_t body_cap;
	char *body; /* heap, grown as the upload arrives */
	size_t body_len;
	int too_large;
	int64_t t0_ms;
	struct hdr *headers;
	json_t *json; /* parsed body, owned here */
	int json_done;
	struct MHD_Response *response; /* queued at the end of the request */
};

static inline struct reqctx *reqctx_of(struct req *r)
{
	return (struct reqctx *)r->priv;
}

/* Sends a prepared response with the pending headers and the common security headers.
 * Takes ownership of resp. */
void http_send(struct req *r, int status, struct MHD_Response *resp, int is_api);

#endif
