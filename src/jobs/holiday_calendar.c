/* holiday_calendar.c — the embedded holiday calendar read once and listed by date range
 * (see holiday_calendar.h). */
#include "holiday_calendar.h"

#include <pthread.h>
#include <stdlib.h>

#include "embedded.h"
#include "forecast.h"
#include "util.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static fc_calendar *calendar; /* read-only once parsed: shared by every request thread */

static void parse_calendar(void)
{
	const struct embedded_file *f = embedded_find("data/kr_holidays.csv");
	if (!f || fc_calendar_parse((const char *)f->data, f->len, &calendar) != FC_OK)
		calendar = NULL;
}

int holiday_calendar_range(int64_t first_day, int64_t last_day, struct holiday_day **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	pthread_once(&once, parse_calendar);
	if (!calendar)
		return -1;
	int count = fc_calendar_count(calendar);
	size_t cap = 0;
	for (int i = 0; i < count; i++) {
		fc_holiday h;
		if (fc_calendar_get(calendar, i, &h) != FC_OK || h.day < first_day)
			continue;
		if (h.day > last_day)
			break; /* rows are in date order */
		if (*n == cap)
			*out = xrealloc(*out, (cap = cap ? cap * 2 : 16) * sizeof **out);
		(*out)[*n].day = h.day;
		util_strlcpy((*out)[*n].name, h.name, sizeof(*out)[*n].name);
		(*n)++;
	}
	return 0;
}
