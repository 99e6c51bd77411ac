/* fc_errscale.c — how cross-validation errors are standardised for the interval pools
 * (see fc_errscale.h).
 *
 * The count-data rule divides each fold error by sqrt(fold forecast + c) and multiplies
 * the pooled errors back by sqrt(forecast + c) of each future day. On lumpy demand the
 * forecast is no scale of the errors: they are whole orders, whose size has nothing to
 * do with a rate forecast of a fraction of a unit. After a run of empty days a fold
 * forecasts 0.001 a day, an order of 100 units in it becomes an error of 1,000 standard
 * units, and when a few recent orders raise the future forecast to 10 a day that error
 * is replayed as 3,000 units on any day of a path. Dividing by the typical order size
 * where each fold starts, and multiplying back by the typical order size now, replays an
 * order as an order of today's size; how often they come is what the pool's share of
 * large errors says. The median of recent selling days is robust to the one big order
 * that started the trouble. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fc_errscale.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median of the selling days of y[from..n-1]; *count receives how many there were. */
static double selling_median(const double *y, int from, int n, int *count)
{
	double buf[FC_ORDER_WINDOW];
	double *v = n - from <= FC_ORDER_WINDOW ? buf : malloc(sizeof *v * (size_t)(n - from));
	*count = 0;
	if (!v)
		return 0.0;
	int m = 0;
	for (int i = from; i < n; i++)
		if (y[i] > 0)
			v[m++] = y[i];
	double med = 0.0;
	if (m > 0) {
		qsort(v, (size_t)m, sizeof *v, cmp_double);
		med = m % 2 ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
	}
	if (v != buf)
		free(v);
	*count = m;
	return med;
}

double fc_order_size(const double *y, int n)
{
	int m = 0;
	double med = selling_median(y, n > FC_ORDER_WINDOW ? n - FC_ORDER_WINDOW : 0, n, &m);
	if (m < FC_ORDER_MIN && n > FC_ORDER_WINDOW)
		med = selling_median(y, 0, n, &m);
	return med;
}

int fc_is_lumpy(const double *y, int n)
{
	int from = n > 365 ? n - 365 : 0, nz = 0;
	double s = 0.0, s2 = 0.0;
	for (int i = from; i < n; i++)
		if (y[i] > 0) {
			nz++;
			s += y[i];
			s2 += y[i] * y[i];
		}
	if (nz == 0)
		return 0;
	double m = s / nz, v = s2 / nz - m * m;
	return (double)(n - from) / nz >= 1.32 && v / (m * m) >= 0.49;
}

double fc_errscale_day(const fc_errscale *es, double f)
{
	if (es->order > 0)
		return es->order;
	return sqrt((f > 0 ? f : 0.0) + es->c);
}
