/* fc_fit_times.c — per-series fit time of the automatic ETS and ARIMA fits (fc_ets_fit,
 * fc_arima_fit with spec NULL) over every SKU of a long-format sales file (date,sku,qty,
 * sorted by sku then date), as CPU time of the fitting thread. A benchmark, not a test.
 *
 *   cc -O2 -Ilib/forecast bench/fc_fit_times.c lib/forecast/fc_ets.c lib/forecast/fc_arima.c \
 *      $(pkg-config --cflags --libs gsl nlopt openblas lapacke) -lm -pthread -o fc_fit_times
 *   ./fc_fit_times ../shared/data/italian_pasta_store.csv [last_days] [1=ets 2=arima 3=both]
 *
 * With VERBOSE=1 in the environment every SKU's chosen models and AICc are printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fc_arima.h"
#include "fc_ets.h"

#define MAXLEN 5000

static double cpu_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

typedef struct {
	int series, ets_ok, arima_ok;
	double ets_sum, ets_max, arima_sum, arima_max;
	double ets_refit, arima_refit; /* refitting the chosen form / order from its spec */
} totals;

static void fit_one(const char *sku, const double *y, int n, int last, int which, totals *t)
{
	if (last > 0 && n > last) {
		y += n - last;
		n = last;
	}
	t->series++;
	char ename[FC_NAME_MAX] = "-", aname[FC_NAME_MAX] = "-";
	double eaicc = 0, aaicc = 0;
	if (which & 1) {
		fc_ets *m = NULL;
		double t0 = cpu_seconds();
		int rc = fc_ets_fit(y, n, 7, NULL, &m);
		double dt = cpu_seconds() - t0;
		t->ets_sum += dt;
		if (dt > t->ets_max)
			t->ets_max = dt;
		if (rc == FC_OK) {
			t->ets_ok++;
			snprintf(ename, sizeof ename, "%s", fc_ets_name(m));
			eaicc = fc_ets_aicc(m);
			fc_ets *again = NULL;
			t0 = cpu_seconds();
			fc_ets_fit(y, n, 7, fc_ets_spec(m), &again);
			t->ets_refit += cpu_seconds() - t0;
			fc_ets_free(again);
		}
		fc_ets_free(m);
	}
	if (which & 2) {
		fc_arima *m = NULL;
		double t0 = cpu_seconds();
		int rc = fc_arima_fit(y, n, 7, NULL, &m);
		double dt = cpu_seconds() - t0;
		t->arima_sum += dt;
		if (dt > t->arima_max)
			t->arima_max = dt;
		if (rc == FC_OK) {
			t->arima_ok++;
			snprintf(aname, sizeof aname, "%s", fc_arima_name(m));
			aaicc = fc_arima_aicc(m);
			fc_arima *again = NULL;
			t0 = cpu_seconds();
			fc_arima_fit(y, n, 7, fc_arima_spec(m), &again);
			t->arima_refit += cpu_seconds() - t0;
			fc_arima_free(again);
		}
		fc_arima_free(m);
	}
	if (getenv("VERBOSE"))
		printf("%s n=%d %s %.2f | %s %.2f\n", sku, n, ename, eaicc, aname, aaicc);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE.csv [last_days] [1|2|3]\n", argv[0]);
		return 2;
	}
	int last = argc > 2 ? atoi(argv[2]) : 0, which = argc > 3 ? atoi(argv[3]) : 3;
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	static double y[MAXLEN];
	char line[256], cur[64] = "";
	int n = 0;
	totals t = {0};
	if (!fgets(line, sizeof line, f)) { /* header */
		fclose(f);
		return 1;
	}
	while (fgets(line, sizeof line, f)) {
		char *c1 = strchr(line, ',');
		char *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
		if (!c2)
			continue;
		*c2 = '\0';
		const char *sku = c1 + 1;
		if (cur[0] && strcmp(sku, cur) != 0) {
			fit_one(cur, y, n, last, which, &t);
			n = 0;
		}
		snprintf(cur, sizeof cur, "%s", sku);
		if (n < MAXLEN)
			y[n++] = atof(c2 + 1);
	}
	if (n > 0)
		fit_one(cur, y, n, last, which, &t);
	fclose(f);
	if (t.series == 0)
		return 1;
	printf("series %d | ets ok %d, mean %.2f ms, max %.1f ms, refit %.2f ms | arima ok %d, "
	       "mean %.2f ms, max %.1f ms, refit %.2f ms (thread CPU time)\n",
	       t.series, t.ets_ok, t.ets_sum / t.series * 1e3, t.ets_max * 1e3,
	       t.ets_ok ? t.ets_refit / t.ets_ok * 1e3 : 0, t.arima_ok,
	       t.arima_sum / t.series * 1e3, t.arima_max * 1e3,
	       t.arima_ok ? t.arima_refit / t.arima_ok * 1e3 : 0);
	return 0;
}
