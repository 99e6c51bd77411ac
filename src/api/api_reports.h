/* api_reports.h — reports (리포트) over HTTP: GET /api/reports/sales, units sold per product
 * or category by ISO week or month, as JSON or as an .xlsx with the same numbers. */
#ifndef JAEGO_API_REPORTS_H
#define JAEGO_API_REPORTS_H

#include "route.h"

extern const struct route api_reports_routes[];

#endif
