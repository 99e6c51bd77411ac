/* db_sqlite.c — the store interface (db.h) on SQLite. The only file that includes
 * sqlite3.h. Connections run in WAL mode with foreign keys and a busy timeout; migrations
 * embedded in the binary are applied at open, all pending ones in one transaction, so a
 * failing migration leaves the file exactly as it was. */
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contact.h"
#include "embedded.h"
#include "log.h"
#include "util.h"

#define BUSY_TIMEOUT_MS 5000

/* Prepared statements are kept per connection and reused: most requests run the same
 * few dozen statements, and preparing costs more than running them. */
#define STMT_CACHE 96

struct cached {
	char *sql;
	uint64_t hash;
	sqlite3_stmt *s;
	int in_use;
};

struct db {
	sqlite3 *h;
	struct cached cache[STMT_CACHE];
	int ncache;
	char *path;
	int depth;  /* transaction nesting */
	int doomed; /* an inner level rolled back */
};

struct db_stmt {
	sqlite3_stmt *s;
	db *d;
	struct cached *c; /* NULL when not from the cache */
};

static uint64_t sql_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int map_rc(db *d, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: {
		char e[512];
		log_warn("msg=\"database busy\" err=\"%s\"",
		         log_escape(sqlite3_errmsg(d->h), e, sizeof e));
		return DB_BUSY;
	}
	default: {
		char e[512];
		log_error("msg=\"database error\" rc=%d err=\"%s\"", rc,
		          log_escape(sqlite3_errmsg(d->h), e, sizeof e));
		return DB_ERR;
	}
	}
}

/* ---------------------------------------------------------------------- statements */

db_stmt *db_prepare(db *d, const char *sql)
{
	uint64_t h = sql_hash(sql);
	db_stmt *st = xmalloc(sizeof *st);
	st->d = d;
	for (int i = 0; i < d->ncache; i++) {
		struct cached *c = &d->cache[i];
		if (c->hash == h && !c->in_use && strcmp(c->sql, sql) == 0) {
			c->in_use = 1;
			st->s = c->s;
			st->c = c;
			return st;
		}
	}
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
	if (rc != SQLITE_OK) {
		char e[512], q[2048];
		log_error("msg=\"bad SQL\" err=\"%s\" sql=\"%s\"",
		          log_escape(sqlite3_errmsg(d->h), e, sizeof e),
		          log_escape(sql, q, sizeof q));
		abort();
	}
	st->s = s;
	st->c = NULL;
	if (d->ncache < STMT_CACHE) {
		struct cached *c = &d->cache[d->ncache++];
		c->sql = xstrdup(sql);
		c->hash = h;
		c->s = s;
		c->in_use = 1;
		st->c = c;
	}
	return st;
}

static void vbind(db_stmt *s, const char *fmt, va_list ap)
{
	for (int i = 0; fmt && fmt[i]; i++) {
		int idx = i + 1;
		switch (fmt[i]) {
		case 'i':
			db_bind_int(s, idx, va_arg(ap, int64_t));
			break;
		case 't':
			db_bind_text(s, idx, va_arg(ap, const char *));
			break;
		case 'd':
			db_bind_double(s, idx, va_arg(ap, double));
			break;
		case 'n':
			db_bind_null(s, idx);
			break;
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			db_bind_blob(s, idx, p, n);
			break;
		}
		default:
			log_error("msg=\"bad bind format\" fmt=\"%s\"", fmt);
			abort();
		}
	}
}

void db_bindf(db_stmt *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
}

db_stmt *db_preparef(db *d, const char *sql, const char *fmt, ...)
{
	db_stmt *s = db_prepare(d, sql);
	va_list ap;
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
	return s;
}

void db_bind_int(db_stmt *s, int idx, int64_t v)
{
	sqlite3_bind_int64(s->s, idx, v);
}

void db_bind_text(db_stmt *s, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(s->s, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s->s, idx);
}

void db_bind_double(db_stmt *s, int idx, double v)
{
	sqlite3_bind_double(s->s, idx, v);
}

void db_bind_null(db_stmt *s, int idx)
{
	sqlite3_bind_null(s->s, idx);
}

void db_bind_blob(db_stmt *s, int idx, const void *v, size_t n)
{
	sqlite3_bind_blob64(s->s, idx, v, n, SQLITE_TRANSIENT);
}

int db_step(db_stmt *s)
{
	return map_rc(s->d, sqlite3_step(s->s));
}

void db_reset(db_stmt *s)
{
	sqlite3_reset(s->s);
	sqlite3_clear_bindings(s->s);
}

void db_finalize(db_stmt *s)
{
	if (!s)
		return;
	if (s->c) {
		sqlite3_reset(s->s);
		sqlite3_clear_bindings(s->s);
		s->c->in_use = 0;
	} else {
		sqlite3_finalize(s->s);
	}
	free(s);
}

int db_column_count(db_stmt *s)
{
	return sqlite3_column_count(s->s);
}

int64_t db_col_int(db_stmt *s, int col)
{
	return sqlite3_column_int64(s->s, col);
}

double db_col_double(db_stmt *s, int col)
{
	return sqlite3_column_double(s->s, col);
}

const char *db_col_text(db_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s->s, col);
}

const void *db_col_blob(db_stmt *s, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(s->s, col);
	*n = (size_t)sqlite3_column_bytes(s->s, col);
	return p;
}

int db_col_is_null(db_stmt *s, int col)
{
	return sqlite3_column_type(s->s, col) == SQLITE_NULL;
}

/* ---------------------------------------------------------------------- one-liners */

int db_exec(db *d, const char *sql, const char *fmt, ...)
{
	db_stmt *s = db_prepare(d, sql);
	va_list ap;
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		;
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

int64_t db_int(db *d, int64_t dflt, const char *sql, const char *fmt, ...)
{
	db_stmt *s = db_prepare(d, sql);
	va_list ap;
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
	int64_t v = dflt;
	if (db_step(s) == DB_ROW && !db_col_is_null(s, 0))
		v = db_col_int(s, 0);
	db_finalize(s);
	return v;
}

char *db_text(db *d, const char *sql, const char *fmt, ...)
{
	db_stmt *s = db_prepare(d, sql);
	va_list ap;
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
	char *v = NULL;
	if (db_step(s) == DB_ROW && !db_col_is_null(s, 0))
		v = xstrdup(db_col_text(s, 0));
	db_finalize(s);
	return v;
}

int64_t db_last_id(db *d)
{
	return sqlite3_last_insert_rowid(d->h);
}

int db_changes(db *d)
{
	return sqlite3_changes(d->h);
}

const char *db_errmsg(db *d)
{
	return sqlite3_errmsg(d->h);
}

/* -------------------------------------------------------------------- transactions */

static int raw_exec(db *d, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(d->h, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		char q[80], e[512];
		log_error("msg=\"exec failed\" sql=\"%s\" err=\"%s\"", log_escape(sql, q, sizeof q),
		          log_escape(err, e, sizeof e));
		sqlite3_free(err);
		return map_rc(d, rc);
	}
	return DB_OK;
}

int db_begin(db *d)
{
	if (d->depth == 0) {
		int rc = raw_exec(d, "BEGIN IMMEDIATE");
		if (rc != DB_OK)
			return rc;
		d->doomed = 0;
	}
	d->depth++;
	return DB_OK;
}

int db_begin_read(db *d)
{
	if (d->depth == 0) {
		int rc = raw_exec(d, "BEGIN");
		if (rc != DB_OK)
			return rc;
		d->doomed = 0;
	}
	d->depth++;
	return DB_OK;
}

int db_commit(db *d)
{
	if (d->depth <= 0)
		return DB_ERR;
	if (--d->depth > 0)
		return DB_OK;
	if (d->doomed) {
		raw_exec(d, "ROLLBACK");
		d->doomed = 0;
		return DB_ERR;
	}
	int rc = raw_exec(d, "COMMIT");
	if (rc != DB_OK)
		raw_exec(d, "ROLLBACK");
	return rc;
}

int db_rollback(db *d)
{
	if (d->depth <= 0)
		return DB_ERR;
	if (--d->depth > 0) {
		d->doomed = 1;
		return DB_OK;
	}
	d->doomed = 0;
	return raw_exec(d, "ROLLBACK");
}

int db_in_txn(db *d)
{
	return d->depth > 0;
}

/* ---------------------------------------------------------------------- migrations */

static int migration_version(const char *name)
{
	/* "migrations/001_core.sql" -> 1 */
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	return atoi(base);
}

static int cmp_embedded(const void *a, const void *b)
{
	const struct embedded_file *x = *(const struct embedded_file *const *)a;
	const struct embedded_file *y = *(const struct embedded_file *const *)b;
	return strcmp(x->name, y->name);
}

int db_apply_migrations(db *d, const struct embedded_file *files, size_t count, char *err,
                        size_t errlen)
{
	if (raw_exec(d, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL"
	                ") STRICT") != DB_OK) {
		snprintf(err, errlen, "cannot create schema_migrations: %s", sqlite3_errmsg(d->h));
		return -1;
	}
	const struct embedded_file **list = xcalloc(count + 1, sizeof *list);
	size_t n = 0;
	for (size_t i = 0; i < count; i++)
		if (util_has_prefix(files[i].name, "migrations/"))
			list[n++] = &files[i];
	qsort(list, n, sizeof *list, cmp_embedded);

	int rc = 0;
	if (db_begin(d) != DB_OK) {
		snprintf(err, errlen, "cannot begin migration: %s", sqlite3_errmsg(d->h));
		free(list);
		return -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		int v = migration_version(list[i]->name);
		/* Each migration by its own record, not by the highest number applied: a
		 * database made where a later migration already existed still gets an earlier
		 * one that arrived after it. */
		if (db_int(d, 0, "SELECT count(*) FROM schema_migrations WHERE version = ?", "i",
		           (int64_t)v) > 0)
			continue;
		char *sql = xstrndup((const char *)list[i]->data, list[i]->len);
		char *msg = NULL;
		if (sqlite3_exec(d->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
			snprintf(err, errlen, "migration %s failed: %s", list[i]->name,
			         msg ? msg : "?");
			sqlite3_free(msg);
			rc = -1;
		} else {
			char now[32];
			util_utc_iso(util_now(), now);
			if (db_exec(d,
			            "INSERT INTO schema_migrations(version, name, applied_at) "
			            "VALUES (?, ?, ?)",
			            "itt", (int64_t)v, list[i]->name, now) != DB_OK) {
				snprintf(err, errlen, "cannot record migration %s", list[i]->name);
				rc = -1;
			} else {
				log_info("msg=\"migration applied\" name=%s", list[i]->name);
			}
		}
		free(sql);
	}
	free(list);
	if (rc != 0) {
		db_rollback(d);
		return -1;
	}
	if (db_commit(d) != DB_OK) {
		snprintf(err, errlen, "cannot commit migrations: %s", sqlite3_errmsg(d->h));
		return -1;
	}
	return 0;
}

/* -------------------------------------------------------------------- open / close */

/* contact_part(text, 'person'|'phone'|'email'): one part of a supplier's contact text
 * (contact.h), for the migration that moved phones and e-mails out of 담당자. */
static void sql_contact_part(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	const char *part = (const char *)sqlite3_value_text(argv[1]);
	struct contact_parts *c = malloc(sizeof *c);
	if (!c) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	contact_split(text, c);
	const char *v = util_streq(part, "phone")   ? c->phone
	                : util_streq(part, "email") ? c->email
	                                            : c->person;
	sqlite3_result_text(ctx, v, -1, SQLITE_TRANSIENT);
	free(c);
}

static int open_conn(const char *path, db **out, char *err, size_t errlen)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(
	        path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path, h ? sqlite3_errmsg(h) : "?");
		sqlite3_close(h);
		return -1;
	}
	db *d = xcalloc(1, sizeof *d);
	d->h = h;
	d->path = xstrdup(path);
	sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(h, 1);
	int frc = sqlite3_create_function_v2(h, "contact_part", 2,
	                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
	                                     NULL, sql_contact_part, NULL, NULL, NULL);
	if (frc != SQLITE_OK || raw_exec(d, "PRAGMA journal_mode=WAL") != DB_OK ||
	    raw_exec(d, "PRAGMA foreign_keys=ON") != DB_OK ||
	    raw_exec(d, "PRAGMA synchronous=NORMAL") != DB_OK) {
		snprintf(err, errlen, "cannot configure %s: %s", path, sqlite3_errmsg(h));
		db_close(d);
		return -1;
	}
	*out = d;
	return 0;
}

int db_open(const char *path, db **out, char *err, size_t errlen)
{
	db *d = NULL;
	if (open_conn(path, &d, err, errlen) != 0)
		return -1;
	if (db_apply_migrations(d, embedded_files, embedded_count, err, errlen) != 0) {
		db_close(d);
		return -1;
	}
	*out = d;
	return 0;
}

void db_close(db *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->ncache; i++) {
		sqlite3_finalize(d->cache[i].s);
		free(d->cache[i].sql);
	}
	sqlite3_close(d->h);
	free(d->path);
	free(d);
}

int db_schema_version(db *d)
{
	return (int)db_int(d, 0, "SELECT max(version) FROM schema_migrations", "");
}

/* FNV-1a over a file's size and modification time (nanoseconds); a missing file adds 0. */
static uint64_t stamp_file(uint64_t h, const char *path)
{
	struct stat st;
	int64_t v[3] = {0, 0, 0};
	if (stat(path, &st) == 0) {
		v[0] = (int64_t)st.st_size;
		v[1] = (int64_t)st.st_mtim.tv_sec;
		v[2] = (int64_t)st.st_mtim.tv_nsec;
	}
	for (size_t i = 0; i < ARRAY_LEN(v); i++)
		for (int k = 0; k < 64; k += 8)
			h = (h ^ (((uint64_t)v[i] >> k) & 0xffu)) * 1099511628211ULL;
	return h;
}

uint64_t db_change_stamp(db *d)
{
	const char *path = sqlite3_db_filename(d->h, "main");
	if (!path || !*path)
		return 0;
	char wal[4096];
	snprintf(wal, sizeof wal, "%s-wal", path);
	return stamp_file(stamp_file(14695981039346656037ULL, path), wal);
}

int64_t db_size_bytes(db *d)
{
	int64_t pages = db_int(d, 0, "PRAGMA page_count", "");
	int64_t size = db_int(d, 0, "PRAGMA page_size", "");
	return pages * size;
}

/* ------------------------------------------------------------------------- backup */

/* Pages copied between two looks at the clock: 4 MiB with the default page size, a few
 * milliseconds of work. */
#define BACKUP_STEP_PAGES 1024

struct backup_clock {
	int64_t deadline_ms; /* util_now_ms() value after which the backup gives up */
};

/* Waits for a lock in 10 ms naps until the deadline, then lets SQLite report SQLITE_BUSY. */
static int backup_busy(void *arg, int count)
{
	(void)count;
	const struct backup_clock *c = arg;
	if (util_now_ms() >= c->deadline_ms)
		return 0;
	sqlite3_sleep(10);
	return 1;
}

static int backup_fail(char *err, size_t errlen, sqlite3 *h, int rc, const char *what)
{
	snprintf(err, errlen, "%s: %s", what, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
	return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ? DB_BUSY : DB_ERR;
}

/* Starts a read transaction on src: from here on it sees one snapshot, whatever the
 * server writes, and sqlite3_backup_step() reuses this transaction instead of opening
 * (and restarting on) a new one per step. */
static int backup_begin_snapshot(sqlite3 *src, char *err, size_t errlen)
{
	int rc = sqlite3_exec(src, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return backup_fail(err, errlen, src, rc, "begin");
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(src, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return backup_fail(err, errlen, src, rc, "read");
	return DB_OK;
}

/* Copies every page of src into dst, BACKUP_STEP_PAGES at a time, until done or the
 * deadline. */
static int backup_copy(sqlite3 *src, sqlite3 *dst, const struct backup_clock *c, char *err,
                       size_t errlen)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return backup_fail(err, errlen, dst, SQLITE_ERROR, "backup");
	int rc;
	for (;;) {
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		if (util_now_ms() >= c->deadline_ms) {
			rc = SQLITE_BUSY;
			break;
		}
		if (rc != SQLITE_OK)
			sqlite3_sleep(10);
	}
	int frc = sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE && frc == SQLITE_OK)
		return DB_OK;
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		snprintf(err, errlen, "time limit reached");
		return DB_BUSY;
	}
	return backup_fail(err, errlen, dst, rc == SQLITE_DONE ? frc : rc, "copy");
}

/* Makes the rename of a finished copy survive a crash. */
static void sync_parent_dir(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int db_backup_file(const char *src_path, const char *dest_path, int64_t timeout_ms,
                   struct db_backup_info *info, char *err, size_t errlen)
{
	struct backup_clock clock = {util_now_ms() + timeout_ms};
	memset(info, 0, sizeof *info);
	sqlite3 *src = NULL, *dst = NULL;
	/* No CREATE and no migrations: a backup never changes what it copies. */
	int rc = sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = backup_fail(err, errlen, src, rc, "open");
		sqlite3_close(src);
		return rc;
	}
	sqlite3_busy_handler(src, backup_busy, &clock);
	/* The copy is written beside its final name and renamed into place when complete,
	 * so an interrupted backup never leaves a partial file under that name. */
	char *tmp = xasprintf("%s.partial-XXXXXX", dest_path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
		sqlite3_close(src);
		free(tmp);
		return DB_ERR;
	}
	close(fd);
	rc = backup_begin_snapshot(src, err, errlen);
	if (rc == DB_OK) {
		int orc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
		                          NULL);
		if (orc != SQLITE_OK)
			rc = backup_fail(err, errlen, dst, orc, "open copy");
		else
			sqlite3_busy_handler(dst, backup_busy, &clock);
	}
	if (rc == DB_OK)
		rc = backup_copy(src, dst, &clock, err, errlen);
	if (rc == DB_OK) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(dst, "PRAGMA page_count", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			info->pages = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (sqlite3_prepare_v2(dst, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			info->bytes = info->pages * sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_exec(src, "COMMIT", NULL, NULL, NULL); /* ends the read transaction */
	if (dst && sqlite3_close(dst) != SQLITE_OK && rc == DB_OK)
		rc = backup_fail(err, errlen, NULL, SQLITE_ERROR, "close copy");
	sqlite3_close(src);
	if (rc == DB_OK && rename(tmp, dest_path) != 0) {
		snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, dest_path,
		         strerror(errno));
		rc = DB_ERR;
	}
	if (rc == DB_OK) {
		sync_parent_dir(dest_path);
	} else {
		unlink(tmp);
		char *journal = xasprintf("%s-journal", tmp);
		unlink(journal);
		free(journal);
	}
	info->elapsed_ms = util_now_ms() - (clock.deadline_ms - timeout_ms);
	free(tmp);
	return rc;
}

/* ---------------------------------------------------------------------------- pool */

struct db_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	db **conns;
	int *busy;
	int size;
	char *path;
};

int db_pool_open(const char *path, int size, db_pool **out, char *err, size_t errlen)
{
	db *first = NULL;
	if (db_open(path, &first, err, errlen) != 0)
		return -1;
	db_pool *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->size = size;
	p->path = xstrdup(path);
	p->conns = xcalloc((size_t)size, sizeof(db *));
	p->busy = xcalloc((size_t)size, sizeof(int));
	p->conns[0] = first;
	for (int i = 1; i < size; i++) {
		if (open_conn(path, &p->conns[i], err, errlen) != 0) {
			p->size = i;
			db_pool_close(p);
			return -1;
		}
	}
	*out = p;
	return 0;
}

db *db_pool_acquire(db_pool *p)
{
	pthread_mutex_lock(&p->mu);
	for (;;) {
		for (int i = 0; i < p->size; i++) {
			if (!p->busy[i]) {
				p->busy[i] = 1;
				pthread_mutex_unlock(&p->mu);
				return p->conns[i];
			}
		}
		pthread_cond_wait(&p->cv, &p->mu);
	}
}

void db_pool_release(db_pool *p, db *d)
{
	if (d->depth > 0) {
		/* A handler returned inside a transaction: never leak it to the next request. */
		log_error("msg=\"transaction left open, rolling back\"");
		d->depth = 1;
		db_rollback(d);
	}
	pthread_mutex_lock(&p->mu);
	for (int i = 0; i < p->size; i++)
		if (p->conns[i] == d)
			p->busy[i] = 0;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

void db_pool_close(db_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->size; i++)
		db_close(p->conns[i]);
	free(p->conns);
	free(p->busy);
	free(p->path);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}

const char *db_pool_path(const db_pool *p)
{
	return p->path;
}
