/* api_suppliers.c — suppliers (공급처/제조사): list, create, change. A supplier's default
 * lead time applies to every product of it that has no lead time of its own. Every change
 * is audited with the supplier object before and after. */
#include "api_suppliers.h"

#include <stdio.h>
#include <stdlib.h>

#include "audit.h"
#include "catalog.h"
#include "catalog_json.h"

static void h_list(struct req *r)
{
	int64_t limit, offset;
	if (req_query_int(r, "limit", 1000, 1, 1000, &limit) ||
	    req_query_int(r, "offset", 0, 0, INT64_MAX, &offset))
		return;
	reply_json(r, 200, catalog_supplier_list(r->db, r->user->org_id, limit, offset));
}

static void h_get(struct req *r)
{
	json_t *o = catalog_supplier_json(r->db, r->user->org_id, req_param_id(r, "id"));
	if (!o) {
		reply_not_found(r, "supplier_not_found", "공급처를 찾을 수 없습니다.");
		return;
	}
	reply_json(r, 200, o);
}

static void save(struct req *r, int64_t id)
{
	json_t *body = req_json_object(r);
	if (!body)
		return;
	json_t *before = id ? catalog_supplier_json(r->db, r->user->org_id, id) : NULL;
	if (id && !before) {
		reply_not_found(r, "supplier_not_found", "공급처를 찾을 수 없습니다.");
		return;
	}
	int rc = db_begin(r->db);
	if (rc != DB_OK) {
		json_decref(before);
		reply_db_error(r, rc);
		return;
	}
	struct catalog_err e;
	int64_t new_id = 0;
	if (catalog_supplier_save_json(r->db, r->user->org_id, id, body, &new_id, &e) !=
	    CATALOG_OK) {
		db_rollback(r->db);
		json_decref(before);
		reply_catalog_error(r, &e);
		catalog_err_clear(&e);
		return;
	}
	json_t *after = catalog_supplier_json(r->db, r->user->org_id, new_id);
	char idbuf[24];
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)new_id);
	req_tx_commit_reply(r, id ? "supplier.update" : "supplier.create", "supplier", idbuf,
	                    before, after, id ? 200 : 201);
}

static void h_create(struct req *r)
{
	save(r, 0);
}

static void h_patch(struct req *r)
{
	int64_t id = req_param_id(r, "id");
	if (!id) {
		reply_not_found(r, "supplier_not_found", "공급처를 찾을 수 없습니다.");
		return;
	}
	save(r, id);
}

const struct route api_suppliers_routes[] = {
        {"GET", "/api/suppliers", ROLE_VIEWER, 0, h_list},
        {"POST", "/api/suppliers", ROLE_MANAGER, 0, h_create},
        {"GET", "/api/suppliers/{id}", ROLE_VIEWER, 0, h_get},
        {"PATCH", "/api/suppliers/{id}", ROLE_MANAGER, 0, h_patch},
        ROUTE_END,
};
