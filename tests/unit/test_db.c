/* test_db.c — the store: migrations (all-or-nothing), nested transactions, constraint
 * codes, the append-only audit log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "testdb.h"

#include "db.h"
#include "embedded.h"
#include "log.h"

static char path[64];

static int setup(void **state)
{
	db *d = testdb_open("db", path, sizeof path);
	if (!d)
		return -1;
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	testdb_remove(*state, path);
	return 0;
}

static void open_applies_every_embedded_migration(void **state)
{
	db *d = *state;
	int count = 0;
	for (size_t i = 0; i < embedded_count; i++)
		count += strncmp(embedded_files[i].name, "migrations/", 11) == 0;
	assert_true(count >= 1);
	assert_int_equal(db_int(d, 0, "SELECT count(*) FROM schema_migrations", ""), count);
	assert_true(db_schema_version(d) >= 1);
	assert_int_equal(db_int(d, 0, "PRAGMA foreign_keys", ""), 1);
	char *mode = db_text(d, "PRAGMA journal_mode", "");
	assert_string_equal(mode, "wal");
	free(mode);
}

static void failing_migration_leaves_database_unchanged(void **state)
{
	db *d = *state;
	int before = db_schema_version(d);
	static const char good[] = "CREATE TABLE t_new(x INTEGER) STRICT;";
	static const char bad[] = "CREATE TABLE t_other(x INTEGER) STRICT; SELECT * FROM nope;";
	struct embedded_file files[] = {
	        {"migrations/900_good.sql", (const unsigned char *)good, sizeof good - 1},
	        {"migrations/901_bad.sql", (const unsigned char *)bad, sizeof bad - 1},
	};
	char err[256] = "";
	assert_int_equal(db_apply_migrations(d, files, 2, err, sizeof err), -1);
	assert_non_null(strstr(err, "901_bad"));
	assert_int_equal(db_schema_version(d), before);
	assert_int_equal(
	        db_int(d, -1, "SELECT count(*) FROM sqlite_master WHERE name = 't_new'", ""), 0);
	/* Applying only the good one works and records it. */
	assert_int_equal(db_apply_migrations(d, files, 1, err, sizeof err), 0);
	assert_int_equal(db_schema_version(d), 900);
}

/* A migration numbered below one already applied (it came from another line of work) is
 * still applied, once. */
static void earlier_migration_arriving_later_is_applied(void **state)
{
	db *d = *state;
	static const char late[] = "CREATE TABLE t_late(x INTEGER) STRICT;";
	static const char early[] = "CREATE TABLE t_early(x INTEGER) STRICT;";
	struct embedded_file files[] = {
	        {"migrations/950_early.sql", (const unsigned char *)early, sizeof early - 1},
	        {"migrations/951_late.sql", (const unsigned char *)late, sizeof late - 1},
	};
	char err[256] = "";
	assert_int_equal(db_apply_migrations(d, files + 1, 1, err, sizeof err), 0);
	assert_int_equal(db_apply_migrations(d, files, 2, err, sizeof err), 0);
	assert_int_equal(
	        db_int(d, -1, "SELECT count(*) FROM sqlite_master WHERE name = 't_early'", ""), 1);
	assert_int_equal(
	        db_int(d, -1, "SELECT count(*) FROM schema_migrations WHERE version >= 950", ""),
	        2);
	/* and again: nothing left to apply */
	assert_int_equal(db_apply_migrations(d, files, 2, err, sizeof err), 0);
}

static void nested_rollback_dooms_outer_transaction(void **state)
{
	db *d = *state;
	assert_int_equal(db_exec(d, "CREATE TABLE IF NOT EXISTS n(x INTEGER) STRICT", ""), DB_OK);
	assert_int_equal(db_begin(d), DB_OK);
	assert_int_equal(db_exec(d, "INSERT INTO n VALUES (?)", "i", (int64_t)1), DB_OK);
	assert_int_equal(db_begin(d), DB_OK);
	assert_int_equal(db_exec(d, "INSERT INTO n VALUES (?)", "i", (int64_t)2), DB_OK);
	assert_int_equal(db_rollback(d), DB_OK); /* inner */
	assert_true(db_in_txn(d));
	assert_int_equal(db_commit(d), DB_ERR); /* outer rolls back instead */
	assert_false(db_in_txn(d));
	assert_int_equal(db_int(d, -1, "SELECT count(*) FROM n", ""), 0);

	assert_int_equal(db_begin(d), DB_OK);
	assert_int_equal(db_begin(d), DB_OK);
	assert_int_equal(db_exec(d, "INSERT INTO n VALUES (?)", "i", (int64_t)3), DB_OK);
	assert_int_equal(db_commit(d), DB_OK);
	assert_int_equal(db_commit(d), DB_OK);
	assert_int_equal(db_int(d, -1, "SELECT sum(x) FROM n", ""), 3);
}

static void constraint_violation_has_its_own_code(void **state)
{
	db *d = *state;
	assert_int_equal(db_exec(d, "CREATE TABLE IF NOT EXISTS u(k TEXT UNIQUE) STRICT", ""),
	                 DB_OK);
	assert_int_equal(db_exec(d, "INSERT INTO u VALUES (?)", "t", "a"), DB_OK);
	assert_int_equal(db_exec(d, "INSERT INTO u VALUES (?)", "t", "a"), DB_CONSTRAINT);
	/* STRICT tables refuse text in an integer column. */
	assert_int_equal(db_exec(d, "CREATE TABLE IF NOT EXISTS s(x INTEGER) STRICT", ""), DB_OK);
	assert_int_equal(db_exec(d, "INSERT INTO s VALUES (?)", "t", "abc"), DB_CONSTRAINT);
}

static void bound_parameters_keep_sql_metacharacters_as_data(void **state)
{
	db *d = *state;
	const char *evil = "x'); DROP TABLE orgs; --";
	assert_int_equal(db_exec(d, "CREATE TABLE IF NOT EXISTS m(v TEXT) STRICT", ""), DB_OK);
	assert_int_equal(db_exec(d, "INSERT INTO m VALUES (?)", "t", evil), DB_OK);
	char *back = db_text(d, "SELECT v FROM m", "");
	assert_string_equal(back, evil);
	free(back);
	assert_int_equal(db_int(d, -1, "SELECT count(*) FROM sqlite_master WHERE name='orgs'", ""),
	                 1);
}

static void audit_log_is_append_only(void **state)
{
	db *d = *state;
	assert_int_equal(
	        db_exec(d, "INSERT INTO audit_log(at, kind) VALUES ('2025-01-01T00:00:00Z', 'x')",
	                ""),
	        DB_OK);
	assert_int_not_equal(db_exec(d, "UPDATE audit_log SET kind = 'y'", ""), DB_OK);
	assert_int_not_equal(db_exec(d, "DELETE FROM audit_log", ""), DB_OK);
	assert_int_equal(db_int(d, 0, "SELECT count(*) FROM audit_log WHERE kind = 'x'", ""), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(open_applies_every_embedded_migration, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(failing_migration_leaves_database_unchanged, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(earlier_migration_arriving_later_is_applied, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(nested_rollback_dooms_outer_transaction, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(constraint_violation_has_its_own_code, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(bound_parameters_keep_sql_metacharacters_as_data,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(audit_log_is_append_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
