/* fc_spike.h — finds the one-off order in a daily series: the single day far beyond every
 * other (a wholesale order in a shop of small ones, a data-entry slip), which the engine
 * winsorises for its levels and error pools while the day still counts as a sale. */
#ifndef FC_SPIKE_H
#define FC_SPIKE_H

#define FC_SPIKE_GAP       10.0 /* the day is at least this many times the next largest */
#define FC_SPIKE_MIN_SALES 5    /* selling days needed to call one of them exceptional */

/* Index of the one-off spike of y[0..n-1] (zero = no sale), or -1 when there is none;
 * *to receives the value it is winsorised to: the next largest day. */
int fc_oneoff_spike(const double *y, int n, double *to);

#endif
