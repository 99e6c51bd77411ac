/* fuzz-sources: src/formats/events_csv.c src/formats/sales_csv.c src/base/korean.c src/base/date.c src/base/utf8.c src/base/buf.c */
/* fuzz_events_csv.c — libFuzzer target for the `date,name[,days_before,days_after]` reader
 * behind `jaego forecast --events`. Any bytes must end in well-formed rows (real dates,
 * non-empty names of at most 60 characters, windows 0..14) or an error with a message,
 * without crashes, leaks or undefined behaviour. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events_csv.h"
#include "sales_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	events_list *l = NULL;
	char msg[256];
	int rc = events_csv_parse((const char *)data, size, &l, msg, sizeof msg);
	if (rc != EVENTS_OK) {
		if (l || msg[0] == 0)
			abort();
		return 0;
	}
	if (!l || l->n < 0)
		abort();
	for (int i = 0; i < l->n; i++) {
		const events_row *e = &l->rows[i];
		int day;
		if (sales_date_parse(e->date, strlen(e->date), &day) != 0 || day != e->day)
			abort();
		size_t n = strlen(e->name);
		if (n == 0 || n > 4 * EVENTS_NAME_CHARS)
			abort();
		if (e->before < 0 || e->before > EVENTS_WINDOW_MAX || e->after < 0 ||
		    e->after > EVENTS_WINDOW_MAX || e->line < 2)
			abort();
	}
	events_free(l);
	return 0;
}
