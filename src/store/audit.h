/* audit.h — the append-only history of who did what: every stock movement, product change,
 * import, forecast or order correction, member change, login and logout, with the values
 * before and after. Rows are written inside the caller's transaction so that the history
 * and the change it describes commit or roll back together. */
#ifndef JAEGO_AUDIT_H
#define JAEGO_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

/* Records one event for an organisation and member (both 0 for a failed login). kind is a
 * stable identifier such as "product.update", "movement.create", "user.role",
 * "session.login"; entity/entity_id name what changed ("product", "SKU-001"). before/after
 * are borrowed (not stolen) and may be NULL. Returns 0 or a DB error code. Handlers call
 * audit_record (http.h), which takes these from the request. */
int audit_record_raw(db *d, int64_t org_id, int64_t user_id, const char *ip, const char *kind,
                     const char *entity, const char *entity_id, json_t *before, json_t *after);

#endif
