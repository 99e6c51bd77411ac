/* live_stream.h — GET /api/live, the server-sent events of the member's organisation
 * (jobs/live_bus.h), and the publishing side of the request layer: every committed change
 * of a handler reaches the bus through req_live_changed (req_tx_commit_audited calls it). */
#ifndef JAEGO_LIVE_STREAM_H
#define JAEGO_LIVE_STREAM_H

#include <jansson.h>

#include "http.h"

/* Answers r with the event stream: "event: hello" with the organisation's version, then
 * "event: stock" / "event: alerts" per (coalesced) change, and a comment line every
 * LIVE_HEARTBEAT_MS. An idle stream holds no thread (the connection is suspended). 429
 * too_many_streams beyond the caps. The stream ends at logout, when the session expires
 * (checked at each heartbeat), and at server stop. */
void live_stream_serve(struct req *r);

/* Publishes r's committed change of audit kind (see live_kind_topics) by r's member, with
 * the SKU when the change names one product that is in no set (entity "product" with its
 * SKU as id, or a "sku" field of after or before); otherwise SKUs unknown. Call after the
 * commit. */
void req_live_changed(struct req *r, const char *kind, const char *entity, const char *entity_id,
                      json_t *before, json_t *after);

#endif
