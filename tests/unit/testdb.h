/* testdb.h — a fresh database file per test, with every migration applied, and its
 * removal (the file and SQLite's -wal and -shm companions). Include after cmocka.h. */
#ifndef JAEGO_TESTDB_H
#define JAEGO_TESTDB_H

#include <stdio.h>
#include <unistd.h>

#include "db.h"
#include "log.h"

/* Opens /tmp/jaego-test-NAME-PID.db, removing an earlier copy first; path receives the
 * file name. Returns NULL (after printing why) when it cannot be opened. */
static inline db *testdb_open(const char *name, char *path, size_t pathlen)
{
	log_set_quiet(1);
	snprintf(path, pathlen, "/tmp/jaego-test-%s-%d.db", name, (int)getpid());
	unlink(path);
	char err[256];
	db *d = NULL;
	if (db_open(path, &d, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return NULL;
	}
	return d;
}

/* An organisation to own the test's rows; returns its id. */
static inline int64_t testdb_add_org(db *d)
{
	db_exec(d, "INSERT INTO orgs (name, template_token, created_at) VALUES ('가게', 't', 'x')",
	        "");
	return db_last_id(d);
}

static inline void testdb_remove(db *d, const char *path)
{
	db_close(d);
	char p[128];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

#endif
