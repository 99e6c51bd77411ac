/* catalog_err.c — the catalogue's error record (struct catalog_err in catalog.h): field
 * errors collected for a 400 with every field named, and the one error of a refusal by the
 * store (not found, conflict, database). Shared by the store and the JSON readers. */
#include "catalog.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

void catalog_err_clear(struct catalog_err *e)
{
	if (!e)
		return;
	if (e->details)
		json_decref(e->details);
	memset(e, 0, sizeof *e);
}

static void add_detail(struct catalog_err *e, const char *field, const char *msg)
{
	if (!e->details)
		e->details = json_array();
	json_array_append_new(e->details, json_pack("{s:s, s:s}", "field", field, "message", msg));
}

void catalog_err_field(struct catalog_err *e, const char *field, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	add_detail(e, field, msg);
	if (e->code == CATALOG_OK) {
		e->code = CATALOG_EINVAL;
		e->id = "validation_failed";
		util_strlcpy(e->field, field, sizeof e->field);
		util_strlcpy(e->message, msg, sizeof e->message);
	}
}

int catalog_err_fail(struct catalog_err *e, int code, const char *id, const char *field,
                     const char *fmt, ...)
{
	e->code = code;
	e->id = id;
	util_strlcpy(e->field, field ? field : "", sizeof e->field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	if (field && code != CATALOG_EDB) {
		add_detail(e, field, e->message);
		/* the refusal's own code beside the field, as reply_field_error gives it */
		if (id && code == CATALOG_EINVAL)
			json_object_set_new(
			        json_array_get(e->details, json_array_size(e->details) - 1), "code",
			        json_string(id));
	}
	return code;
}

int catalog_err_db(struct catalog_err *e, int rc)
{
	e->db_rc = rc;
	return catalog_err_fail(e, CATALOG_EDB, rc == DB_BUSY ? "unavailable" : "internal_error",
	                        NULL, "%s", "저장하지 못했습니다. 잠시 후 다시 시도해 주세요.");
}
