/* fc_errscale.h — the scale that cross-validation errors are divided by before they are
 * pooled for the intervals, and multiplied back by on the days forecast. */
#ifndef FC_ERRSCALE_H
#define FC_ERRSCALE_H

#define FC_ORDER_WINDOW 91   /* days before an origin whose selling days give the order size */
#define FC_ORDER_MIN    3    /* selling days needed there, else the whole history before it */
#define FC_ORDER_JUMP   30.0 /* forecast level over the folds' beyond which lumpy errors are orders */

/* How errors are standardised. Smooth demand: by sqrt(forecast + c), the count-data rule
 * (variance about proportional to the mean). Lumpy demand (order > 0): by the typical
 * order size, the same for every day of a fold or of the forecast. */
typedef struct fc_errscale {
	double c;     /* keeps near-zero forecasts from dividing by zero */
	double order; /* > 0: lumpy, every error is a multiple of this order size */
} fc_errscale;

/* Typical order size at an origin: the median of the selling days among the last
 * FC_ORDER_WINDOW of y[0..n-1] (the whole history when fewer than FC_ORDER_MIN sold
 * there); 0 without any sale. */
double fc_order_size(const double *y, int n);

/* 1 when the last year of y[0..n-1] is lumpy in Syntetos and Boylan's sense: on average
 * at least 1.32 days per sale and a squared coefficient of variation of the sizes of at
 * least 0.49. */
int fc_is_lumpy(const double *y, int n);

/* The scale of one day with forecast f. */
double fc_errscale_day(const fc_errscale *es, double f);

#endif
