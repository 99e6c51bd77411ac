/* api_modules.h — every API module's route table, in one list. A module adds one
 * X(table_name) line here; routes.c and the route tests pick it up. */
#ifndef JAEGO_API_MODULES_H
#define JAEGO_API_MODULES_H

#include "route.h"

/* clang-format off */
#define API_MODULE_TABLES(X) \
	X(api_session_routes) \
	X(api_users_routes) \
	X(api_audit_routes) \
	X(api_products_routes) \
	X(api_suppliers_routes) \
	X(api_movements_routes) \
	X(api_org_routes) \
	X(api_imports_routes) \
	X(api_sales_history_routes) \
	X(api_events_routes) \
	X(api_forecast_routes) \
	X(api_forecast_view_routes) \
	X(api_stock_routes) \
	X(api_purchase_orders_routes) \
	X(api_overrides_routes) \
	X(api_alerts_routes) \
	X(api_reports_routes) \
	X(api_limits_routes) \
	X(api_accuracy_routes) \
	X(api_live_routes) \
	X(api_simulations_routes)
/* clang-format on */

#define API_MODULE_DECLARE(name) extern const struct route name[];
API_MODULE_TABLES(API_MODULE_DECLARE)
#undef API_MODULE_DECLARE

#endif
