/* products.c — products with their set components and channel codes in the store: loading
 * one for editing, saving it in one transaction after the rules that need the database,
 * deleting (or deactivating), and the product objects and lists of the API. What a member
 * sends is read into struct catalog_product by api/catalog_json.c. */
#include "catalog.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overrides.h"
#include "planning.h"
#include "purchase_orders.h"
#include "sales_history.h"
#include "json_text.h"
#include "util.h"
#include "row_json.h"

void catalog_product_defaults(struct catalog_product *p)
{
	memset(p, 0, sizeof *p);
	p->lead_time_days = -1;
	p->moq = 1;
	p->monthly_demand = -1;
	p->order_multiple = -1;
	p->active = 1;
}

/* ------------------------------------------------------------------ load / save */

int catalog_product_load(db *d, int64_t org_id, const char *sku, struct catalog_product *p)
{
	catalog_product_defaults(p);
	db_stmt *s =
	        db_preparef(d,
	                    "SELECT id, sku, COALESCE(playauto_sku, ''), name, category, kind,"
	                    " lead_time_days, moq, safety_stock, safety_stock_rule,"
	                    " COALESCE(supplier_id, 0), unit_cost, COALESCE(barcode, ''), active,"
	                    " has_expiry, memo, manufacturer, monthly_demand, order_multiple,"
	                    " service_level FROM products"
	                    " WHERE org_id = ? AND sku = ?",
	                    "it", org_id, sku);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		p->id = db_col_int(s, 0);
		util_strlcpy(p->sku, db_col_text(s, 1), sizeof p->sku);
		util_strlcpy(p->playauto_sku, db_col_text(s, 2), sizeof p->playauto_sku);
		util_strlcpy(p->name, db_col_text(s, 3), sizeof p->name);
		util_strlcpy(p->category, db_col_text(s, 4), sizeof p->category);
		p->is_set = util_streq(db_col_text(s, 5), "set");
		p->lead_time_days = db_col_is_null(s, 6) ? -1 : db_col_int(s, 6);
		p->moq = db_col_int(s, 7);
		p->safety_stock = db_col_int(s, 8);
		p->ss_rule = plan_ss_rule_parse(db_col_text(s, 9));
		if (p->ss_rule < 0)
			p->ss_rule = PLAN_SS_MANUAL;
		p->supplier_id = db_col_int(s, 10);
		p->unit_cost = db_col_int(s, 11);
		util_strlcpy(p->barcode, db_col_text(s, 12), sizeof p->barcode);
		p->active = (int)db_col_int(s, 13);
		p->has_expiry = (int)db_col_int(s, 14);
		util_strlcpy(p->memo, db_col_text(s, 15), sizeof p->memo);
		util_strlcpy(p->manufacturer, db_col_text(s, 16), sizeof p->manufacturer);
		p->monthly_demand = db_col_is_null(s, 17) ? -1 : db_col_int(s, 17);
		p->order_multiple = db_col_is_null(s, 18) ? -1 : db_col_int(s, 18);
		p->service_level = db_col_is_null(s, 19) ? 0 : db_col_double(s, 19) * 100.0;
	}
	db_finalize(s);
	if (rc < 0)
		return CATALOG_EDB;
	if (rc != DB_ROW)
		return CATALOG_ENOTFOUND;
	s = db_preparef(d,
	                "SELECT c.sku, sc.qty FROM set_components sc JOIN products c"
	                " ON c.id = sc.component_id WHERE sc.set_id = ? ORDER BY c.sku",
	                "i", p->id);
	while (db_step(s) == DB_ROW && p->ncomp < LEDGER_MAX_COMPONENTS) {
		util_strlcpy(p->comp[p->ncomp].sku, db_col_text(s, 0), sizeof p->comp[0].sku);
		p->comp[p->ncomp++].qty = db_col_int(s, 1);
	}
	db_finalize(s);
	s = db_preparef(d,
	                "SELECT channel, code FROM channel_codes WHERE product_id = ?"
	                " ORDER BY channel, code",
	                "i", p->id);
	while (db_step(s) == DB_ROW && p->ncodes < CATALOG_MAX_CODES) {
		util_strlcpy(p->codes[p->ncodes].channel, db_col_text(s, 0),
		             sizeof p->codes[0].channel);
		util_strlcpy(p->codes[p->ncodes].code, db_col_text(s, 1), sizeof p->codes[0].code);
		p->ncodes++;
	}
	db_finalize(s);
	return CATALOG_OK;
}

/* The unique keys of a product: master SKU, PlayAuto SKU and channel codes. */
static int unique_checks(db *d, int64_t org_id, struct catalog_product *p, struct catalog_err *e)
{
	if (db_int(d, 0, "SELECT id FROM products WHERE org_id = ? AND sku = ? AND id <> ?", "iti",
	           org_id, p->sku, p->id))
		return catalog_err_fail(e, CATALOG_ECONFLICT, "duplicate_sku", "sku",
		                        "이미 있는 마스터 SKU입니다: %s", p->sku);
	if (p->playauto_sku[0] &&
	    db_int(d, 0,
	           "SELECT id FROM products WHERE org_id = ? AND playauto_sku = ? AND id <> ?",
	           "iti", org_id, p->playauto_sku, p->id))
		return catalog_err_fail(
		        e, CATALOG_ECONFLICT, "duplicate_playauto_sku", "playauto_sku",
		        "이미 다른 상품에 쓰인 플레이오토 SKU입니다: %s", p->playauto_sku);
	for (size_t i = 0; i < p->ncodes; i++) {
		char *other = db_text(d,
		                      "SELECT p.sku FROM channel_codes c JOIN products p"
		                      " ON p.id = c.product_id WHERE c.org_id = ? AND c.channel = ?"
		                      " AND c.code = ? AND c.product_id <> ?",
		                      "itti", org_id, p->codes[i].channel, p->codes[i].code, p->id);
		if (other) {
			catalog_err_fail(e, CATALOG_ECONFLICT, "channel_code_taken",
			                 "channel_codes",
			                 "이미 다른 상품(%s)에 연결된 채널 코드입니다: %s %s",
			                 other, p->codes[i].channel, p->codes[i].code);
			free(other);
			return e->code;
		}
	}
	return CATALOG_OK;
}

/* The store rules of a set: a product with movements, or a component of another set, cannot
 * become one; its components exist, are singles and are not the set itself. Fills
 * comp_ids. */
static int set_checks(db *d, int64_t org_id, struct catalog_product *p, int64_t comp_ids[],
                      struct catalog_err *e)
{
	if (p->id) {
		if (db_int(d, 0, "SELECT COUNT(*) FROM movements WHERE product_id = ?", "i", p->id))
			return catalog_err_fail(
			        e, CATALOG_ECONFLICT, "has_movements", "kind", "%s",
			        "입출고 내역이 있는 단품은 세트로 바꿀 수 없습니다. 새 세트 "
			        "상품을 만들어 주세요.");
		char *parent = db_text(d,
		                       "SELECT s.sku FROM set_components sc JOIN products s"
		                       " ON s.id = sc.set_id WHERE sc.component_id = ?",
		                       "i", p->id);
		if (parent) {
			catalog_err_fail(
			        e, CATALOG_EINVAL, "validation_failed", "kind",
			        "세트 %s의 구성 상품이라 세트로 바꿀 수 없습니다 (세트 안에 세트 "
			        "불가).",
			        parent);
			free(parent);
			return e->code;
		}
	}
	if (p->ncomp == 0)
		return catalog_err_fail(e, CATALOG_EINVAL, "validation_failed", "components", "%s",
		                        "세트에는 구성 상품이 하나 이상 있어야 합니다.");
	for (size_t i = 0; i < p->ncomp; i++) {
		if (strcmp(p->comp[i].sku, p->sku) == 0)
			return catalog_err_fail(
			        e, CATALOG_EINVAL, "set_contains_itself", "components", "%s",
			        "세트는 자기 자신을 구성 상품으로 가질 수 없습니다.");
		char *kind = db_text(d, "SELECT kind FROM products WHERE org_id = ? AND sku = ?",
		                     "it", org_id, p->comp[i].sku);
		comp_ids[i] = db_int(d, 0, "SELECT id FROM products WHERE org_id = ? AND sku = ?",
		                     "it", org_id, p->comp[i].sku);
		int is_set = util_streq(kind, "set");
		int missing = kind == NULL;
		free(kind);
		if (missing)
			return catalog_err_fail(e, CATALOG_EINVAL, "component_not_found",
			                        "components", "구성 상품을 찾을 수 없습니다: %s",
			                        p->comp[i].sku);
		if (is_set)
			return catalog_err_fail(
			        e, CATALOG_EINVAL, "set_contains_set", "components",
			        "세트는 다른 세트를 구성 상품으로 가질 수 없습니다: %s",
			        p->comp[i].sku);
	}
	return CATALOG_OK;
}

/* What a computed safety-stock rule needs (docs/planning.md): a lead time, the product's
 * own or its supplier's; and demand, a forecast of the latest run or the user's
 * monthly_demand. Checked when the input named the rule, a lead time, the demand or the
 * supplier, so that editing another field of an older product is never refused. */
static int planning_checks(db *d, int64_t org_id, const struct catalog_product *p,
                           struct catalog_err *e)
{
	if (!p->planning_given || p->ss_rule == PLAN_SS_MANUAL || p->is_set)
		return CATALOG_OK;
	const char *how = p->ss_rule == PLAN_SS_SERVICE_LEVEL ? "서비스 수준" : "예측 × 리드타임";
	int64_t lead = p->lead_time_days;
	if (lead < 0 && p->supplier_id > 0)
		lead = db_int(d, -1,
		              "SELECT COALESCE(lead_time_days, -1) FROM suppliers WHERE id = ?"
		              " AND org_id = ?",
		              "ii", p->supplier_id, org_id);
	if (lead < 0)
		return catalog_err_fail(e, CATALOG_EINVAL, "lead_time_missing", "lead_time_days",
		                        "안전재고를 '%s'으로 계산하려면 리드타임이 필요합니다. "
		                        "상품이나 공급처에 리드타임을 입력해 주세요.",
		                        how);
	if (p->monthly_demand >= 0)
		return CATALOG_OK;
	int64_t has_forecast =
	        p->id && db_int(d, 0,
	                        "SELECT COUNT(*) FROM forecast_results WHERE product_id = ?"
	                        " AND status = 'ok' AND run_id = (SELECT id FROM"
	                        " forecast_runs WHERE org_id = ? AND status = 'done'"
	                        " ORDER BY last_history_date DESC, id DESC LIMIT 1)",
	                        "ii", p->id, org_id);
	if (!has_forecast)
		return catalog_err_fail(e, CATALOG_EINVAL, "demand_missing", "monthly_demand",
		                        "이 상품은 아직 수요 예측이 없습니다. 안전재고를 '%s'으로 "
		                        "계산하려면 월 수요(30일 출고량)를 입력해 주세요.",
		                        how);
	return CATALOG_OK;
}

static void bind_opt_text(db_stmt *s, int idx, const char *v)
{
	if (v && *v)
		db_bind_text(s, idx, v);
	else
		db_bind_null(s, idx);
}

static void bind_opt_int(db_stmt *s, int idx, int64_t v)
{
	if (v >= 0)
		db_bind_int(s, idx, v);
	else
		db_bind_null(s, idx);
}

static int save_row(db *d, int64_t org_id, struct catalog_product *p)
{
	char now[32];
	util_utc_iso(util_now(), now);
	db_stmt *s;
	if (p->id == 0)
		s = db_prepare(
		        d, "INSERT INTO products (sku, playauto_sku, name, category, kind,"
		           " lead_time_days, moq, safety_stock, safety_stock_rule, supplier_id,"
		           " unit_cost, barcode, active, has_expiry, memo, updated_at,"
		           " manufacturer, monthly_demand, order_multiple, service_level, org_id,"
		           " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		           " ?, ?, ?, ?, ?)");
	else
		s = db_prepare(
		        d, "UPDATE products SET sku = ?, playauto_sku = ?, name = ?,"
		           " category = ?, kind = ?, lead_time_days = ?, moq = ?,"
		           " safety_stock = ?, safety_stock_rule = ?, supplier_id = ?,"
		           " unit_cost = ?, barcode = ?, active = ?, has_expiry = ?, memo = ?,"
		           " updated_at = ?, manufacturer = ?, monthly_demand = ?,"
		           " order_multiple = ?, service_level = ? WHERE org_id = ? AND id = ?");
	db_bind_text(s, 1, p->sku);
	bind_opt_text(s, 2, p->playauto_sku);
	db_bind_text(s, 3, p->name);
	db_bind_text(s, 4, p->category);
	db_bind_text(s, 5, p->is_set ? "set" : "single");
	if (p->lead_time_days >= 0)
		db_bind_int(s, 6, p->lead_time_days);
	else
		db_bind_null(s, 6);
	db_bind_int(s, 7, p->moq);
	db_bind_int(s, 8, p->safety_stock);
	db_bind_text(s, 9, plan_ss_rule_name(p->ss_rule));
	if (p->supplier_id > 0)
		db_bind_int(s, 10, p->supplier_id);
	else
		db_bind_null(s, 10);
	db_bind_int(s, 11, p->unit_cost);
	bind_opt_text(s, 12, p->barcode);
	db_bind_int(s, 13, p->active ? 1 : 0);
	db_bind_int(s, 14, p->has_expiry ? 1 : 0);
	db_bind_text(s, 15, p->memo);
	db_bind_text(s, 16, now);
	db_bind_text(s, 17, p->manufacturer);
	bind_opt_int(s, 18, p->monthly_demand);
	bind_opt_int(s, 19, p->order_multiple);
	if (p->service_level > 0)
		db_bind_double(s, 20, p->service_level / 100.0);
	else
		db_bind_null(s, 20);
	db_bind_int(s, 21, org_id);
	if (p->id == 0)
		db_bind_text(s, 22, now);
	else
		db_bind_int(s, 22, p->id);
	int rc = db_step(s);
	db_finalize(s);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERR;
	if (p->id == 0)
		p->id = db_last_id(d);
	return DB_OK;
}

static int write_components(db *d, int64_t org_id, const struct catalog_product *p,
                            const int64_t comp_ids[], struct catalog_err *e)
{
	int rc = db_exec(d, "DELETE FROM set_components WHERE set_id = ?", "i", p->id);
	for (size_t i = 0; rc == DB_OK && p->is_set && i < p->ncomp; i++)
		rc = db_exec(d,
		             "INSERT INTO set_components (org_id, set_id, component_id, qty)"
		             " VALUES (?, ?, ?, ?)",
		             "iiii", org_id, p->id, comp_ids[i], p->comp[i].qty);
	return rc == DB_OK ? CATALOG_OK : catalog_err_db(e, rc);
}

static int write_codes(db *d, int64_t org_id, const struct catalog_product *p,
                       struct catalog_err *e)
{
	int rc = db_exec(d, "DELETE FROM channel_codes WHERE product_id = ?", "i", p->id);
	for (size_t i = 0; rc == DB_OK && i < p->ncodes; i++)
		rc = db_exec(d,
		             "INSERT INTO channel_codes (org_id, product_id, channel, code)"
		             " VALUES (?, ?, ?, ?)",
		             "iitt", org_id, p->id, p->codes[i].channel, p->codes[i].code);
	if (rc == DB_CONSTRAINT)
		return catalog_err_fail(e, CATALOG_ECONFLICT, "channel_code_taken", "channel_codes",
		                        "%s", "이미 다른 상품에 연결된 채널 코드입니다.");
	return rc == DB_OK ? CATALOG_OK : catalog_err_db(e, rc);
}

int catalog_product_save(db *d, int64_t org_id, struct catalog_product *p,
                         const char *supplier_name, struct catalog_err *e)
{
	memset(e, 0, sizeof *e);
	int is_new = p->id == 0;
	int rc = db_begin(d);
	if (rc != DB_OK)
		return catalog_err_db(e, rc);
	int64_t comp_ids[LEDGER_MAX_COMPONENTS] = {0};
	if (supplier_name && *supplier_name) {
		p->supplier_id = catalog_supplier_ensure(d, org_id, supplier_name);
		if (!p->supplier_id) {
			catalog_err_db(e, DB_ERR);
			goto fail;
		}
	}
	if (unique_checks(d, org_id, p, e) != CATALOG_OK ||
	    (p->is_set && set_checks(d, org_id, p, comp_ids, e) != CATALOG_OK) ||
	    planning_checks(d, org_id, p, e) != CATALOG_OK)
		goto fail;
	rc = save_row(d, org_id, p);
	if (rc == DB_CONSTRAINT) {
		catalog_err_fail(e, CATALOG_ECONFLICT, "conflict", NULL, "%s",
		                 "다른 사용자가 같은 값을 먼저 저장했습니다. 다시 확인해 주세요.");
		goto fail;
	}
	if (rc != DB_OK) {
		catalog_err_db(e, rc);
		goto fail;
	}
	/* Components: replaced when given; a single never keeps any. */
	if ((!p->is_set || p->comps_given || is_new) &&
	    write_components(d, org_id, p, comp_ids, e) != CATALOG_OK)
		goto fail;
	if (p->codes_given && write_codes(d, org_id, p, e) != CATALOG_OK)
		goto fail;
	rc = db_commit(d);
	if (rc != DB_OK)
		return catalog_err_db(e, rc);
	return CATALOG_OK;
fail:
	db_rollback(d);
	if (is_new)
		p->id = 0;
	return e->code;
}

int catalog_product_delete(db *d, int64_t org_id, const char *sku, int *deactivated,
                           struct catalog_err *e)
{
	memset(e, 0, sizeof *e);
	*deactivated = 0;
	int rc = db_begin(d);
	if (rc != DB_OK)
		return catalog_err_db(e, rc);
	int64_t id = db_int(d, 0, "SELECT id FROM products WHERE org_id = ? AND sku = ?", "it",
	                    org_id, sku);
	if (!id) {
		db_rollback(d);
		return catalog_err_fail(e, CATALOG_ENOTFOUND, "sku_not_found", NULL,
		                        "상품을 찾을 수 없습니다: %s", sku);
	}
	int64_t used =
	        db_int(d, 0,
	               "SELECT COUNT(*) FROM movements WHERE product_id = ?"
	               " OR set_product_id = ?",
	               "ii", id, id) +
	        db_int(d, 0, "SELECT COUNT(*) FROM set_components WHERE component_id = ?", "i", id);
	used += po_product_in_use(d, id); /* a purchase order names it */
	/* applied sales history feeds forecasts and stays readable; undoing its batch frees
	 * the product for deletion */
	used += shstore_product_kept_rows(d, id);
	used += ovr_product_in_use(d, id); /* its corrections keep their history */
	char now[32];
	util_utc_iso(util_now(), now);
	if (used) {
		/* History must stay readable: the product is kept, marked discontinued. */
		rc = db_exec(d, "UPDATE products SET active = 0, updated_at = ? WHERE id = ?", "ti",
		             now, id);
		*deactivated = 1;
	} else {
		rc = db_exec(d, "DELETE FROM set_components WHERE set_id = ?", "i", id);
		if (rc == DB_OK) /* rows of previewed or undone sales-history uploads */
			rc = shstore_product_delete_unapplied(d, id);
		if (rc == DB_OK)
			rc = db_exec(d, "DELETE FROM channel_codes WHERE product_id = ?", "i", id);
		if (rc == DB_OK)
			rc = db_exec(d, "DELETE FROM balances WHERE product_id = ?", "i", id);
		if (rc == DB_OK)
			rc = db_exec(d, "DELETE FROM lots WHERE product_id = ?", "i", id);
		/* a forecast run's note that it had no history to forecast from */
		if (rc == DB_OK)
			rc = db_exec(d,
			             "DELETE FROM forecast_results WHERE product_id = ? AND status "
			             "= 'no_history'",
			             "i", id);
		if (rc == DB_OK)
			rc = db_exec(d, "DELETE FROM products WHERE id = ?", "i", id);
	}
	if (rc != DB_OK) {
		db_rollback(d);
		return catalog_err_db(e, rc);
	}
	rc = db_commit(d);
	return rc == DB_OK ? CATALOG_OK : catalog_err_db(e, rc);
}

/* ------------------------------------------------------------------ JSON */

/* The columns of a product row, shared by the one-product and list queries. The set's
 * stock is what its components allow: min over components of floor(stock / qty). */
#define PRODUCT_COLS                                                                               \
	"p.id AS id, p.sku AS sku, p.playauto_sku AS playauto_sku, p.name AS name,"                \
	" p.category AS category, p.kind AS kind, p.lead_time_days AS own_lead,"                   \
	" s.lead_time_days AS sup_lead, p.moq AS moq, p.safety_stock AS safety_stock,"             \
	" p.safety_stock_rule AS safety_stock_rule, p.supplier_id AS supplier_id,"                 \
	" s.name AS supplier, p.unit_cost AS unit_cost, p.barcode AS barcode,"                     \
	" p.active AS active, p.has_expiry AS has_expiry, p.memo AS memo,"                         \
	" CASE WHEN p.kind = 'set' THEN COALESCE((SELECT MIN(CASE WHEN"                            \
	" COALESCE(cb.on_hand, 0) <= 0 THEN 0 ELSE cb.on_hand / sc.qty END)"                       \
	" FROM set_components sc LEFT JOIN balances cb ON cb.product_id = sc.component_id"         \
	" WHERE sc.set_id = p.id), 0) ELSE COALESCE(b.on_hand, 0) END AS on_hand,"                 \
	" p.created_at AS created_at, p.updated_at AS updated_at,"                                 \
	" p.manufacturer AS manufacturer, p.monthly_demand AS monthly_demand,"                     \
	" p.order_multiple AS order_multiple, p.service_level AS service_level"
#define PRODUCT_FROM                                                                               \
	" FROM products p LEFT JOIN suppliers s ON s.id = p.supplier_id"                           \
	" LEFT JOIN balances b ON b.product_id = p.id"

/* A stored fraction (0.975) as the percent the API speaks (97.5), without binary noise. */
static double percent_of(double fraction)
{
	return round(fraction * 1000.0) / 10.0;
}

static json_t *product_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "sku", row_text_or_empty(s, 1));
	json_object_set_new(o, "playauto_sku", row_text_or_empty(s, 2));
	json_object_set_new(o, "name", row_text_or_empty(s, 3));
	json_object_set_new(o, "category", row_text_or_empty(s, 4));
	json_object_set_new(o, "manufacturer", row_text_or_empty(s, 21));
	json_object_set_new(o, "kind", row_text_or_empty(s, 5));
	if (!db_col_is_null(s, 6)) {
		json_object_set_new(o, "lead_time_days", json_integer(db_col_int(s, 6)));
		json_object_set_new(o, "lead_time_source", json_string("product"));
	} else if (!db_col_is_null(s, 7)) {
		json_object_set_new(o, "lead_time_days", json_integer(db_col_int(s, 7)));
		json_object_set_new(o, "lead_time_source", json_string("supplier"));
	} else {
		json_object_set_new(o, "lead_time_days", json_null());
		json_object_set_new(o, "lead_time_source", json_string("none"));
	}
	json_object_set_new(o, "moq", json_integer(db_col_int(s, 8)));
	json_object_set_new(o, "safety_stock", json_integer(db_col_int(s, 9)));
	json_object_set_new(o, "safety_stock_rule", row_text_or_empty(s, 10));
	json_object_set_new(o, "monthly_demand",
	                    db_col_is_null(s, 22) ? json_null() : json_integer(db_col_int(s, 22)));
	json_object_set_new(o, "order_multiple",
	                    db_col_is_null(s, 23) ? json_null() : json_integer(db_col_int(s, 23)));
	json_object_set_new(o, "service_level",
	                    db_col_is_null(s, 24) ? json_null()
	                                          : json_real(percent_of(db_col_double(s, 24))));
	json_object_set_new(o, "supplier_id",
	                    db_col_is_null(s, 11) ? json_null() : json_integer(db_col_int(s, 11)));
	json_object_set_new(o, "supplier", row_text_or_empty(s, 12));
	json_object_set_new(o, "unit_cost", json_integer(db_col_int(s, 13)));
	json_object_set_new(o, "barcode", row_text_or_empty(s, 14));
	json_object_set_new(o, "active", json_boolean(db_col_int(s, 15)));
	json_object_set_new(o, "has_expiry", json_boolean(db_col_int(s, 16)));
	json_object_set_new(o, "memo", row_text_or_empty(s, 17));
	json_object_set_new(o, "on_hand", json_integer(db_col_int(s, 18)));
	json_object_set_new(o, "available", json_integer(db_col_int(s, 18)));
	json_object_set_new(o, "created_at", row_text_or_empty(s, 19));
	json_object_set_new(o, "updated_at", row_text_or_empty(s, 20));
	return o;
}

json_t *catalog_product_json(db *d, int64_t org_id, const char *sku)
{
	db_stmt *s = db_preparef(
	        d, "SELECT " PRODUCT_COLS PRODUCT_FROM " WHERE p.org_id = ? AND p.sku = ?", "it",
	        org_id, sku);
	json_t *o = NULL;
	int64_t id = 0;
	if (db_step(s) == DB_ROW) {
		o = product_row_json(s);
		id = db_col_int(s, 0);
	}
	db_finalize(s);
	if (!o)
		return NULL;
	json_t *comps = json_array();
	s = db_preparef(
	        d,
	        "SELECT c.sku, c.name, sc.qty, COALESCE(b.on_hand, 0) FROM set_components sc"
	        " JOIN products c ON c.id = sc.component_id"
	        " LEFT JOIN balances b ON b.product_id = c.id"
	        " WHERE sc.set_id = ? ORDER BY c.sku",
	        "i", id);
	while (db_step(s) == DB_ROW)
		json_array_append_new(comps, json_pack("{s:o, s:o, s:I, s:I}", "sku",
		                                       row_text_or_empty(s, 0), "name",
		                                       row_text_or_empty(s, 1), "qty",
		                                       (json_int_t)db_col_int(s, 2), "on_hand",
		                                       (json_int_t)db_col_int(s, 3)));
	db_finalize(s);
	json_object_set_new(o, "components", comps);
	json_t *codes = json_array();
	s = db_preparef(d,
	                "SELECT channel, code FROM channel_codes WHERE product_id = ?"
	                " ORDER BY channel, code",
	                "i", id);
	while (db_step(s) == DB_ROW)
		json_array_append_new(codes,
		                      json_pack("{s:o, s:o}", "channel", row_text_or_empty(s, 0),
		                                "code", row_text_or_empty(s, 1)));
	db_finalize(s);
	json_object_set_new(o, "channel_codes", codes);
	/* Sets this product belongs to, so the screen can warn before changes. */
	json_t *in_sets = json_array();
	s = db_preparef(d,
	                "SELECT st.sku FROM set_components sc JOIN products st ON st.id = sc.set_id"
	                " WHERE sc.component_id = ? ORDER BY st.sku",
	                "i", id);
	while (db_step(s) == DB_ROW)
		json_array_append_new(in_sets, row_text_or_empty(s, 0));
	db_finalize(s);
	json_object_set_new(o, "in_sets", in_sets);
	return o;
}

/* Sort orders from a fixed list (never from the request text itself). */
static const struct {
	const char *key, *order;
} sorts[] = {
        {"sku", "t.sku ASC"},
        {"-sku", "t.sku DESC"},
        {"name", "t.name ASC, t.sku ASC"},
        {"-name", "t.name DESC, t.sku ASC"},
        {"on_hand", "t.on_hand ASC, t.sku ASC"},
        {"-on_hand", "t.on_hand DESC, t.sku ASC"},
        {"category", "t.category ASC, t.sku ASC"},
        {"-category", "t.category DESC, t.sku ASC"},
        {"manufacturer", "t.manufacturer ASC, t.sku ASC"},
        {"-manufacturer", "t.manufacturer DESC, t.sku ASC"},
        {"safety_stock", "t.safety_stock ASC, t.sku ASC"},
        {"-safety_stock", "t.safety_stock DESC, t.sku ASC"},
        {"updated_at", "t.updated_at ASC, t.sku ASC"},
        {"-updated_at", "t.updated_at DESC, t.sku ASC"},
};

int catalog_sort_known(const char *key)
{
	for (size_t i = 0; key && i < ARRAY_LEN(sorts); i++)
		if (strcmp(key, sorts[i].key) == 0)
			return 1;
	return 0;
}

char *catalog_like_pattern(const char *q)
{
	size_t n = strlen(q);
	char *out = xmalloc(2 * n + 3), *o = out;
	*o++ = '%';
	for (const char *c = q; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			*o++ = '\\';
		*o++ = *c;
	}
	*o++ = '%';
	*o = 0;
	return out;
}

/* The list is written as JSON text directly (json_text.h): at 500 products a tree of
 * jansson objects costs more than the query itself. */
static void sb_opt_int(struct buf *b, const char *key, db_stmt *s, int col)
{
	jt_lit(b, key);
	if (db_col_is_null(s, col))
		jt_lit(b, "null");
	else
		jt_int(b, db_col_int(s, col));
}

/* The product object of one row, as product_row_json() builds it (without unit_cost when
 * hide_cost is set). */
static void sb_product_row(struct buf *b, db_stmt *s, int hide_cost)
{
	jt_lit(b, "{\"id\":");
	jt_int(b, db_col_int(s, 0));
	static const struct {
		const char *key;
		int col;
	} texts[] = {{",\"sku\":", 1},      {",\"playauto_sku\":", 2},  {",\"name\":", 3},
	             {",\"category\":", 4}, {",\"manufacturer\":", 21}, {",\"kind\":", 5}};
	for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
		jt_lit(b, texts[i].key);
		jt_str(b, db_col_text(s, texts[i].col));
	}
	if (!db_col_is_null(s, 6) || !db_col_is_null(s, 7)) {
		jt_lit(b, ",\"lead_time_days\":");
		jt_int(b, db_col_int(s, db_col_is_null(s, 6) ? 7 : 6));
		jt_lit(b, db_col_is_null(s, 6) ? ",\"lead_time_source\":\"supplier\""
		                               : ",\"lead_time_source\":\"product\"");
	} else {
		jt_lit(b, ",\"lead_time_days\":null,\"lead_time_source\":\"none\"");
	}
	jt_lit(b, ",\"moq\":");
	jt_int(b, db_col_int(s, 8));
	jt_lit(b, ",\"safety_stock\":");
	jt_int(b, db_col_int(s, 9));
	jt_lit(b, ",\"safety_stock_rule\":");
	jt_str(b, db_col_text(s, 10));
	sb_opt_int(b, ",\"monthly_demand\":", s, 22);
	sb_opt_int(b, ",\"order_multiple\":", s, 23);
	jt_lit(b, ",\"service_level\":");
	if (db_col_is_null(s, 24)) {
		jt_lit(b, "null");
	} else {
		char num[32];
		snprintf(num, sizeof num, "%.10g", percent_of(db_col_double(s, 24)));
		jt_lit(b, num);
	}
	jt_lit(b, ",\"supplier_id\":");
	if (db_col_is_null(s, 11))
		jt_lit(b, "null");
	else
		jt_int(b, db_col_int(s, 11));
	jt_lit(b, ",\"supplier\":");
	jt_str(b, db_col_text(s, 12));
	if (!hide_cost) {
		jt_lit(b, ",\"unit_cost\":");
		jt_int(b, db_col_int(s, 13));
	}
	jt_lit(b, ",\"barcode\":");
	jt_str(b, db_col_text(s, 14));
	jt_lit(b, db_col_int(s, 15) ? ",\"active\":true" : ",\"active\":false");
	jt_lit(b, db_col_int(s, 16) ? ",\"has_expiry\":true" : ",\"has_expiry\":false");
	jt_lit(b, ",\"memo\":");
	jt_str(b, db_col_text(s, 17));
	jt_lit(b, ",\"on_hand\":");
	jt_int(b, db_col_int(s, 18));
	jt_lit(b, ",\"available\":");
	jt_int(b, db_col_int(s, 18));
	jt_lit(b, ",\"created_at\":");
	jt_str(b, db_col_text(s, 19));
	jt_lit(b, ",\"updated_at\":");
	jt_str(b, db_col_text(s, 20));
	jt_lit(b, "}");
}

#define LIST_WHERE                                                                                 \
	" WHERE p.org_id = ?) t WHERE (? IS NULL OR t.sku LIKE ? ESCAPE '\\'"                      \
	" OR t.name LIKE ? ESCAPE '\\' OR t.barcode LIKE ? ESCAPE '\\'"                            \
	" OR t.playauto_sku LIKE ? ESCAPE '\\')"                                                   \
	" AND (? IS NULL OR t.category = ?) AND (? IS NULL OR t.manufacturer = ?)"                 \
	" AND (? = 0 OR t.supplier_id = ?)"                                                        \
	" AND (? < 0 OR (t.kind = 'set') = (? = 1))"                                               \
	" AND (? = 2 OR t.active = (? = 0))"                                                       \
	" AND (? = 0 OR t.on_hand <= t.safety_stock)"

char *catalog_product_list_text(db *d, int64_t org_id, const struct catalog_filter *f, size_t *len)
{
	const char *order = "t.sku ASC";
	for (size_t i = 0; f->sort && i < ARRAY_LEN(sorts); i++)
		if (strcmp(f->sort, sorts[i].key) == 0)
			order = sorts[i].order;
	char *q = f->q && *f->q ? util_nfc(f->q) : NULL;
	char *pat = q && *q ? catalog_like_pattern(q) : NULL;
	char *cat = f->category && *f->category ? util_nfc(f->category) : NULL;
	char *maker = f->manufacturer && *f->manufacturer ? util_nfc(f->manufacturer) : NULL;
	/* The total comes from a second count only when the page is not the whole answer:
	 * a window COUNT(*) OVER () would cost more than the page itself. */
	char *sql = xasprintf("SELECT t.* FROM (SELECT " PRODUCT_COLS PRODUCT_FROM LIST_WHERE
	                      " ORDER BY %s LIMIT ? OFFSET ?",
	                      order);
	db_stmt *s = db_preparef(d, sql, "itttttttttiiiiiiiii", org_id, pat, pat, pat, pat, pat,
	                         cat, cat, maker, maker, f->supplier_id, f->supplier_id,
	                         (int64_t)f->kind, (int64_t)f->kind, (int64_t)f->status,
	                         (int64_t)f->status, (int64_t)f->low_stock, f->limit, f->offset);
	struct buf b = BUF_INIT;
	jt_lit(&b, "{\"items\":[");
	int64_t total = 0, rows = 0;
	while (db_step(s) == DB_ROW) {
		if (rows++)
			jt_lit(&b, ",");
		sb_product_row(&b, s, f->hide_cost);
	}
	db_finalize(s);
	free(sql);
	if (f->offset == 0 && rows < f->limit)
		total = rows;
	else
		total = db_int(
		        d, 0, "SELECT COUNT(*) FROM (SELECT " PRODUCT_COLS PRODUCT_FROM LIST_WHERE,
		        "itttttttttiiiiiiii", org_id, pat, pat, pat, pat, pat, cat, cat, maker,
		        maker, f->supplier_id, f->supplier_id, (int64_t)f->kind, (int64_t)f->kind,
		        (int64_t)f->status, (int64_t)f->status, (int64_t)f->low_stock);
	jt_lit(&b, "],\"total\":");
	jt_int(&b, total);
	jt_lit(&b, "}");
	free(q);
	free(pat);
	free(cat);
	free(maker);
	*len = b.len;
	return b.p;
}

json_t *catalog_product_list(db *d, int64_t org_id, const struct catalog_filter *f)
{
	size_t len;
	char *text = catalog_product_list_text(d, org_id, f, &len);
	json_t *j = json_loadb(text, len, 0, NULL);
	free(text);
	return j ? j : json_pack("{s:[], s:i}", "items", "total", 0);
}

/* {"items":[text...]}: the first column of sql's rows for org_id. */
static json_t *text_items(db *d, const char *sql, int64_t org_id)
{
	json_t *items = json_array();
	db_stmt *s = db_preparef(d, sql, "i", org_id);
	while (db_step(s) == DB_ROW)
		json_array_append_new(items, row_text_or_empty(s, 0));
	db_finalize(s);
	return json_pack("{s:o}", "items", items);
}

json_t *catalog_categories(db *d, int64_t org_id)
{
	return text_items(d,
	                  "SELECT DISTINCT category FROM products WHERE org_id = ?"
	                  " AND category <> '' ORDER BY category",
	                  org_id);
}

json_t *catalog_manufacturers(db *d, int64_t org_id)
{
	return text_items(d,
	                  "SELECT DISTINCT manufacturer FROM products WHERE org_id = ?"
	                  " AND manufacturer <> '' ORDER BY manufacturer",
	                  org_id);
}

/* ------------------------------------------------------------------ suppliers */

int64_t catalog_product_id(db *d, int64_t org_id, const char *sku)
{
	return db_int(d, 0, "SELECT id FROM products WHERE org_id = ? AND sku = ?", "it", org_id,
	              sku);
}

void catalog_stock_series(db *d, int64_t product_id, int64_t start, int64_t ndays, int64_t *out)
{
	int sy, sm, sd;
	util_civil_from_days(start, &sy, &sm, &sd);
	char from[11];
	snprintf(from, sizeof from, "%04d-%02d-%02d", sy, sm, sd);
	int64_t run = db_int(d, 0,
	                     "SELECT COALESCE(SUM(qty), 0) FROM movements"
	                     " WHERE product_id = ? AND date < ?",
	                     "it", product_id, from);
	db_stmt *s = db_preparef(d,
	                         "SELECT date, SUM(qty) FROM movements WHERE product_id = ?"
	                         " AND date >= ? GROUP BY date ORDER BY date",
	                         "it", product_id, from);
	int rc = db_step(s);
	for (int64_t day = start; day < start + ndays; day++) {
		while (rc == DB_ROW) {
			int yy, mm, dd;
			if (util_parse_date(db_col_text(s, 0), &yy, &mm, &dd) != 0) {
				rc = db_step(s);
				continue;
			}
			if (util_days_from_civil(yy, mm, dd) > day)
				break;
			run += db_col_int(s, 1);
			rc = db_step(s);
		}
		out[day - start] = run;
	}
	db_finalize(s);
}
