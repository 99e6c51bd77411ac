/* suppliers.c — suppliers (공급처) in the store: the supplier object of docs/api.md, the
 * list, lookups by id and name, and saving a supplier read by catalog_supplier_apply. */
#include "catalog.h"

#include <string.h>

#include "util.h"
#include "row_json.h"

#define SUPPLIER_SELECT                                                                            \
	"SELECT s.id, s.name, s.lead_time_days, s.contact, s.memo, s.active,"                      \
	" (SELECT COUNT(*) FROM products p WHERE p.supplier_id = s.id), s.created_at,"             \
	" s.updated_at, s.phone, s.email, s.moq FROM suppliers s"

static json_t *supplier_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "name", row_text_or_empty(s, 1));
	json_object_set_new(o, "lead_time_days",
	                    db_col_is_null(s, 2) ? json_null() : json_integer(db_col_int(s, 2)));
	json_object_set_new(o, "contact", row_text_or_empty(s, 3));
	json_object_set_new(o, "phone", row_text_or_empty(s, 9));
	json_object_set_new(o, "email", row_text_or_empty(s, 10));
	json_object_set_new(o, "moq",
	                    db_col_is_null(s, 11) ? json_null() : json_integer(db_col_int(s, 11)));
	json_object_set_new(o, "memo", row_text_or_empty(s, 4));
	json_object_set_new(o, "active", json_boolean(db_col_int(s, 5)));
	json_object_set_new(o, "product_count", json_integer(db_col_int(s, 6)));
	json_object_set_new(o, "created_at", row_text_or_empty(s, 7));
	json_object_set_new(o, "updated_at", row_text_or_empty(s, 8));
	return o;
}

json_t *catalog_supplier_json(db *d, int64_t org_id, int64_t id)
{
	db_stmt *s = db_preparef(d, SUPPLIER_SELECT " WHERE s.org_id = ? AND s.id = ?", "ii",
	                         org_id, id);
	json_t *o = db_step(s) == DB_ROW ? supplier_row_json(s) : NULL;
	db_finalize(s);
	return o;
}

json_t *catalog_supplier_list(db *d, int64_t org_id, int64_t limit, int64_t offset)
{
	json_t *items = json_array();
	db_stmt *s = db_preparef(d,
	                         SUPPLIER_SELECT " WHERE s.org_id = ? ORDER BY s.name"
	                                         " LIMIT ? OFFSET ?",
	                         "iii", org_id, limit, offset);
	while (db_step(s) == DB_ROW)
		json_array_append_new(items, supplier_row_json(s));
	db_finalize(s);
	int64_t total =
	        db_int(d, 0, "SELECT COUNT(*) FROM suppliers WHERE org_id = ?", "i", org_id);
	return json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
}

int64_t catalog_supplier_ensure(db *d, int64_t org_id, const char *name)
{
	int64_t id = db_int(d, 0, "SELECT id FROM suppliers WHERE org_id = ? AND name = ?", "it",
	                    org_id, name);
	if (id)
		return id;
	char now[32];
	util_utc_iso(util_now(), now);
	if (db_exec(d,
	            "INSERT INTO suppliers (org_id, name, created_at, updated_at)"
	            " VALUES (?, ?, ?, ?)",
	            "ittt", org_id, name, now, now) != DB_OK)
		return 0;
	return db_last_id(d);
}

int catalog_supplier_exists(db *d, int64_t org_id, int64_t id)
{
	return db_int(d, 0, "SELECT id FROM suppliers WHERE id = ? AND org_id = ?", "ii", id,
	              org_id) != 0;
}

int64_t catalog_supplier_find(db *d, int64_t org_id, const char *name)
{
	return db_int(d, 0, "SELECT id FROM suppliers WHERE org_id = ? AND name = ?", "it", org_id,
	              name);
}

static int supplier_insert(db *d, int64_t org_id, const struct catalog_supplier_in *in,
                           const char *now, int64_t *id)
{
	db_stmt *s = db_prepare(d, "INSERT INTO suppliers (org_id, name, lead_time_days,"
	                           " contact, memo, active, created_at, updated_at, phone,"
	                           " email, moq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	db_bind_int(s, 1, org_id);
	db_bind_text(s, 2, in->name);
	if (in->lead_time_days >= 0)
		db_bind_int(s, 3, in->lead_time_days);
	else
		db_bind_null(s, 3);
	db_bind_text(s, 4, in->contact);
	db_bind_text(s, 5, in->memo);
	db_bind_int(s, 6, in->active);
	db_bind_text(s, 7, now);
	db_bind_text(s, 8, now);
	db_bind_text(s, 9, in->phone);
	db_bind_text(s, 10, in->email);
	if (in->moq > 0)
		db_bind_int(s, 11, in->moq);
	else
		db_bind_null(s, 11);
	int rc = db_step(s);
	db_finalize(s);
	*id = db_last_id(d);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Changes the fields the input named; lead time and MOQ below one become NULL. */
static int supplier_update(db *d, int64_t id, const struct catalog_supplier_in *in, const char *now)
{
	int rc = DB_OK;
	if (in->has_name)
		rc = db_exec(d, "UPDATE suppliers SET name = ? WHERE id = ?", "ti", in->name, id);
	if (rc == DB_OK && in->has_lead && in->lead_time_days >= 0)
		rc = db_exec(d, "UPDATE suppliers SET lead_time_days = ? WHERE id = ?", "ii",
		             in->lead_time_days, id);
	else if (rc == DB_OK && in->has_lead)
		rc = db_exec(d, "UPDATE suppliers SET lead_time_days = NULL WHERE id = ?", "i", id);
	if (rc == DB_OK && in->has_contact)
		rc = db_exec(d, "UPDATE suppliers SET contact = ? WHERE id = ?", "ti", in->contact,
		             id);
	if (rc == DB_OK && in->has_memo)
		rc = db_exec(d, "UPDATE suppliers SET memo = ? WHERE id = ?", "ti", in->memo, id);
	if (rc == DB_OK && in->has_phone)
		rc = db_exec(d, "UPDATE suppliers SET phone = ? WHERE id = ?", "ti", in->phone, id);
	if (rc == DB_OK && in->has_email)
		rc = db_exec(d, "UPDATE suppliers SET email = ? WHERE id = ?", "ti", in->email, id);
	if (rc == DB_OK && in->has_moq && in->moq > 0)
		rc = db_exec(d, "UPDATE suppliers SET moq = ? WHERE id = ?", "ii", in->moq, id);
	else if (rc == DB_OK && in->has_moq)
		rc = db_exec(d, "UPDATE suppliers SET moq = NULL WHERE id = ?", "i", id);
	if (rc == DB_OK && in->has_active)
		rc = db_exec(d, "UPDATE suppliers SET active = ? WHERE id = ?", "ii",
		             (int64_t)in->active, id);
	if (rc == DB_OK)
		rc = db_exec(d, "UPDATE suppliers SET updated_at = ? WHERE id = ?", "ti", now, id);
	return rc;
}

int catalog_supplier_save(db *d, int64_t org_id, int64_t id, const struct catalog_supplier_in *in,
                          int64_t *id_out, struct catalog_err *e)
{
	memset(e, 0, sizeof *e);
	int rc = db_begin(d);
	if (rc != DB_OK)
		return catalog_err_db(e, rc);
	if (id && !catalog_supplier_exists(d, org_id, id)) {
		db_rollback(d);
		return catalog_err_fail(e, CATALOG_ENOTFOUND, "supplier_not_found", NULL,
		                        "공급처를 찾을 수 없습니다: #%lld", (long long)id);
	}
	if (in->has_name &&
	    db_int(d, 0, "SELECT id FROM suppliers WHERE org_id = ? AND name = ? AND id <> ?",
	           "iti", org_id, in->name, id)) {
		db_rollback(d);
		return catalog_err_fail(e, CATALOG_ECONFLICT, "duplicate_supplier", "name",
		                        "이미 있는 공급처입니다: %s", in->name);
	}
	char now[32];
	util_utc_iso(util_now(), now);
	rc = id == 0 ? supplier_insert(d, org_id, in, now, &id) : supplier_update(d, id, in, now);
	if (rc != DB_OK) {
		db_rollback(d);
		return rc == DB_CONSTRAINT
		               ? catalog_err_fail(e, CATALOG_ECONFLICT, "duplicate_supplier",
		                                  "name", "이미 있는 공급처입니다: %s", in->name)
		               : catalog_err_db(e, rc);
	}
	rc = db_commit(d);
	if (rc != DB_OK)
		return catalog_err_db(e, rc);
	*id_out = id;
	return CATALOG_OK;
}
