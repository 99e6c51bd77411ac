/* api_accuracy.h — the forecast accuracy reports: GET /api/reports/accuracy (the runs and
 * their overall errors), /api/reports/accuracy/{run_id} (per product or category, the
 * worst products) and /api/reports/actual-vs-forecast (a period's actual against the
 * forecast acted on), each as JSON or ?format=xlsx. */
#ifndef JAEGO_API_ACCURACY_H
#define JAEGO_API_ACCURACY_H

#include "http.h"
#include "route.h"

extern const struct route api_accuracy_routes[];

#endif
