/* fc_spike.c — the one-off order rule (see fc_spike.h).
 *
 * A day is a one-off when it is the largest of the history and at least FC_SPIKE_GAP
 * times the second largest. One such day cannot tell a rate: it happened once, so it is
 * no evidence of a level, and replaying its error as if it could recur on any day makes
 * a month's upper quantile dozens of times the month's demand. Winsorising it to the next
 * largest day (classical one-step winsorisation) keeps it a sale, and the largest one, of
 * the history. Recurring big orders are left alone: with two of them the second largest
 * is big too, so lumpy demand keeps its spread. */
#include "fc_spike.h"

int fc_oneoff_spike(const double *y, int n, double *to)
{
	int at = -1, sales = 0;
	double top = 0.0, second = 0.0;
	for (int i = 0; i < n; i++) {
		double v = y[i];
		if (!(v > 0))
			continue;
		sales++;
		if (v > top) {
			second = top;
			top = v;
			at = i;
		} else if (v > second) {
			second = v;
		}
	}
	if (sales < FC_SPIKE_MIN_SALES || !(top >= FC_SPIKE_GAP * second))
		return -1;
	*to = second;
	return at;
}
