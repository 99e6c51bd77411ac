/* audit.c — append-only history rows (see audit.h). */
#include "audit.h"

#include <stdlib.h>

#include "util.h"

int audit_record_raw(db *d, int64_t org_id, int64_t user_id, const char *ip, const char *kind,
                     const char *entity, const char *entity_id, json_t *before, json_t *after)
{
	char now[32];
	util_utc_iso(util_now(), now);
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	db_stmt *s = db_prepare(d, "INSERT INTO audit_log(org_id, user_id, at, kind, entity, "
	                           "entity_id, before_json, after_json, ip) "
	                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (org_id)
		db_bind_int(s, 1, org_id);
	else
		db_bind_null(s, 1);
	if (user_id)
		db_bind_int(s, 2, user_id);
	else
		db_bind_null(s, 2);
	db_bind_text(s, 3, now);
	db_bind_text(s, 4, kind);
	db_bind_text(s, 5, entity);
	db_bind_text(s, 6, entity_id);
	db_bind_text(s, 7, b);
	db_bind_text(s, 8, a);
	db_bind_text(s, 9, ip);
	int rc = db_step(s);
	db_finalize(s);
	free(b);
	free(a);
	return rc == DB_DONE ? DB_OK : rc;
}
