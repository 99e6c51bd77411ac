/* fuzz-sources: src/formats/sales_csv.c src/base/korean.c src/base/date.c src/base/buf.c */
/* fuzz_sales_csv.c — libFuzzer target for the strict `date,sku,qty` reader behind
 * `jaego forecast`. Any bytes must end in a dense, well-formed result or an error with a
 * message, without crashes, leaks or undefined behaviour. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sales_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sales_data *d = NULL;
	char msg[256];
	int rc = sales_csv_parse((const char *)data, size, &d, msg, sizeof msg);
	if (rc != SALES_OK) {
		if (d || msg[0] == 0)
			abort();
		return 0;
	}
	if (!d || d->nsku < 1 || d->rows < 1)
		abort();
	for (int i = 0; i < d->nsku; i++) {
		const sales_series *s = &d->s[i];
		if (s->n < 1 || s->first_day + s->n - 1 != d->last_day || !s->sku[0])
			abort();
		if (i && strcmp(d->s[i - 1].sku, s->sku) >= 0)
			abort();
		for (int t = 0; t < s->n; t++)
			if (!(s->y[t] >= 0.0) || !isfinite(s->y[t]))
				abort();
	}
	sales_free(d);
	return 0;
}
