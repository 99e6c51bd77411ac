/* test_events_export.c — the events export (store/events.c) read back by the events CSV
 * reader (formats/events_csv.c): what `jaego events export` and GET /api/events/export.csv
 * write must come back unchanged through `jaego forecast --events`, names that a
 * spreadsheet would take for formulas included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "events.h"
#include "events_csv.h"
#include "org.h"
#include "testdb.h"

static int64_t member;

static void add_event(db *d, int64_t org, const char *name, const char *date, int64_t before,
                      int64_t after, const char *memo)
{
	struct event_change c = {.name = name,
	                         .date = date,
	                         .kind = "promotion",
	                         .memo = memo,
	                         .before = before,
	                         .after = after};
	int64_t id = 0;
	assert_int_equal(events_insert(d, org, member, &c, "2026-01-01T00:00:00Z", &id), DB_OK);
	assert_true(id > 0);
}

static void export_reads_back_unchanged(void **state)
{
	(void)state;
	char path[64];
	db *d = testdb_open("events-export", path, sizeof path);
	assert_non_null(d);
	int64_t org = testdb_add_org(d);
	assert_int_equal(user_create(d, org, "maker", "행사 담당", ROLE_MANAGER,
	                             "correct-horse-battery", &member),
	                 DB_OK);
	/* 60 characters, the most a name may have, starting with a formula character: a
	 * guard's apostrophe would make it 61 and the reader refuse the whole file. */
	char longest[61];
	memset(longest, 'x', 60);
	longest[0] = '-';
	longest[60] = '\0';
	add_event(d, org, "=SUM(A1)", "2026-03-01", 1, 2, "=1+1");
	add_event(d, org, "-50% 할인", "2026-03-02", 0, 0, "");
	add_event(d, org, "+1 증정, \"특가\"", "2026-03-03", 14, 14, "줄\n바꿈");
	add_event(d, org, "@라이브", "2026-03-04", 0, 3, "");
	add_event(d, org, longest, "2026-03-05", 0, 0, "");

	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(events_export_csv(d, org, NULL, NULL, 0, &buf, &len), DB_OK);
	events_list *l = NULL;
	char msg[256] = "";
	int rc = events_csv_parse(buf, len, &l, msg, sizeof msg);
	if (rc != EVENTS_OK)
		fail_msg("the export does not read back: %s", msg);
	assert_int_equal(l->n, 5);
	assert_string_equal(l->rows[0].name, "=SUM(A1)");
	assert_string_equal(l->rows[0].date, "2026-03-01");
	assert_int_equal(l->rows[0].before, 1);
	assert_int_equal(l->rows[0].after, 2);
	assert_string_equal(l->rows[1].name, "-50% 할인");
	assert_string_equal(l->rows[2].name, "+1 증정, \"특가\"");
	assert_int_equal(l->rows[2].before, 14);
	assert_string_equal(l->rows[3].name, "@라이브");
	assert_string_equal(l->rows[4].name, longest);
	events_free(l);
	free(buf);
	testdb_remove(d, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(export_reads_back_unchanged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
