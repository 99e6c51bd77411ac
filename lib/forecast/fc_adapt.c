/* fc_adapt.c — adapters that put the ETS and ARIMA implementations (fc_ets.c,
 * fc_arima.c) behind the engine's model interface. Only the most recent two years are
 * fitted: older daily history barely moves a weekly-seasonal fit and bounds the cost. */
#include <stdio.h>
#include <string.h>

#include "fc_model.h"

#define ADAPT_MAXN 728

#include "fc_arima.h"
#include "fc_ets.h"

static void tail(const double **y, int *n)
{
	if (*n > ADAPT_MAXN) {
		*y += *n - ADAPT_MAXN;
		*n = ADAPT_MAXN;
	}
}

/* "ETS(A,Ad,M)" -> "AAdM", the spec fc_ets_fit takes; 0 when the name has another shape. */
static int form_from_name(const char *name, char *spec, size_t cap)
{
	const char *p = strchr(name, '(');
	size_t k = 0;
	if (!p || strncmp(name, "ETS(", 4) != 0)
		return 0;
	for (p++; *p && *p != ')'; p++) {
		if (*p == ',')
			continue;
		if (k + 1 >= cap)
			return 0;
		spec[k++] = *p;
	}
	spec[k] = 0;
	return k >= 3;
}

static int ets_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                  char *detail)
{
	(void)st;
	(void)s;
	tail(&y, &n);
	fc_ets *m = NULL;
	char spec[16];
	int rc = FC_ENOCONV;
	if (detail && detail[0] && form_from_name(detail, spec, sizeof spec))
		rc = fc_ets_fit(y, n, p, spec, &m);
	if (rc != FC_OK)
		rc = fc_ets_fit(y, n, p, NULL, &m);
	if (rc != FC_OK)
		return rc;
	rc = fc_ets_forecast(m, h, mean, NULL);
	if (rc == FC_OK && detail)
		snprintf(detail, FC_NAME_MAX, "%s", fc_ets_name(m));
	fc_ets_free(m);
	return rc;
}

/* Quick ETS for automatic selection, where it is fitted once per CV fold of every series:
 * the form is chosen by AICc between level only and level with additive weekly
 * seasonality, on the last year, instead of the full search over fifteen forms (a damped
 * trend doubled the cost and did not change accuracy on 28- and 90-day backtests). A form passed in detail is refitted directly. */
static int etsq_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                   char *detail)
{
	(void)st;
	(void)s;
	if (n > 364)
		y += n - 364, n = 364;
	static const char *const forms[] = {"ANN", "ANA"};
	char spec[16];
	fc_ets *best = NULL;
	int rc = FC_ENOCONV;
	if (detail && detail[0] && form_from_name(detail, spec, sizeof spec) &&
	    fc_ets_fit(y, n, p, spec, &best) == FC_OK)
		rc = FC_OK;
	if (!best) {
		for (int i = 0; i < 2; i++) {
			fc_ets *m = NULL;
			int r = fc_ets_fit(y, n, p, forms[i], &m);
			if (r == FC_ENOMEM) {
				fc_ets_free(best);
				return r;
			}
			if (r != FC_OK)
				continue;
			if (!best || fc_ets_aicc(m) < fc_ets_aicc(best)) {
				fc_ets_free(best);
				best = m;
			} else {
				fc_ets_free(m);
			}
		}
		rc = best ? FC_OK : FC_ENOCONV;
	}
	if (rc != FC_OK)
		return rc;
	rc = fc_ets_forecast(best, h, mean, NULL);
	if (rc == FC_OK && detail)
		snprintf(detail, FC_NAME_MAX, "%s", fc_ets_name(best));
	fc_ets_free(best);
	return rc;
}

/* "ARIMA(1,1,1)(0,1,1)[7]" -> "1,1,1,0,1,1"; a non-seasonal name gets zero seasonal
 * orders. The constant is left to fc_arima_fit's default rule. 0 on another shape. */
static int orders_from_name(const char *name, char *spec, size_t cap)
{
	int o[6] = {0};
	int per = 0;
	if (sscanf(name, "ARIMA(%d,%d,%d)(%d,%d,%d)[%d]", &o[0], &o[1], &o[2], &o[3], &o[4], &o[5],
	           &per) < 3)
		return 0;
	for (int i = 0; i < 6; i++)
		if (o[i] < 0 || o[i] > 9)
			return 0;
	snprintf(spec, cap, "%d,%d,%d,%d,%d,%d", o[0], o[1], o[2], o[3], o[4], o[5]);
	return 1;
}

static int arima_fc(const void *st, int s, const double *y, int n, int p, int h, double *mean,
                    char *detail)
{
	(void)st;
	(void)s;
	tail(&y, &n);
	fc_arima *m = NULL;
	char spec[32];
	int rc = FC_ENOCONV;
	if (detail && detail[0] && orders_from_name(detail, spec, sizeof spec))
		rc = fc_arima_fit(y, n, p, spec, &m);
	if (rc != FC_OK)
		rc = fc_arima_fit(y, n, p, NULL, &m);
	if (rc != FC_OK)
		return rc;
	rc = fc_arima_forecast(m, h, mean, NULL);
	if (rc == FC_OK && detail)
		snprintf(detail, FC_NAME_MAX, "%s", fc_arima_name(m));
	fc_arima_free(m);
	return rc;
}

const fc_model_def fc_model_ets = {"ets", 14, 1, NULL, NULL, ets_fc};
const fc_model_def fc_model_etsq = {"etsq", 14, 0, NULL, NULL, etsq_fc};
const fc_model_def fc_model_arima = {"arima", 14, 1, NULL, NULL, arima_fc};
