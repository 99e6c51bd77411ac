/* db.h — the store interface. Everything that talks to the database goes through these
 * functions; no file outside db_sqlite.c includes sqlite3.h. SQL uses '?' placeholders and
 * portable syntax (a PostgreSQL implementation of this interface comes later).
 *
 * Binding: functions taking "fmt, ..." bind one argument per letter of fmt, in order:
 *   'i'  int64_t        (pass a value of type int64_t: cast ints with (int64_t))
 *   't'  const char *   (NULL binds SQL NULL)
 *   'd'  double
 *   'n'  nothing: binds SQL NULL
 *   'b'  const void *, then size_t length (a blob)
 * A prepare error is a programming error: it is logged with the SQL and aborts.
 */
#ifndef JAEGO_DB_H
#define JAEGO_DB_H

#include <stddef.h>
#include <stdint.h>

typedef struct db db;
typedef struct db_stmt db_stmt;

/* Result codes of db_step, db_exec and the transaction calls. */
enum {
	DB_OK = 0,
	DB_ROW = 1,         /* db_step: a row is ready */
	DB_DONE = 2,        /* db_step: no more rows */
	DB_ERR = -1,        /* any other failure (logged) */
	DB_CONSTRAINT = -2, /* UNIQUE / CHECK / FOREIGN KEY violation */
	DB_BUSY = -3        /* locked longer than the busy timeout */
};

/* Opens (creating if needed) the database at path, turns on WAL, foreign keys and the busy
 * timeout, and applies every pending migration, all of them in one transaction. On failure
 * returns non-zero with a message in err, and the file is left as it was. */
int db_open(const char *path, db **out, char *err, size_t errlen);
void db_close(db *d);
/* Applies the migrations among files ("migrations/NNN_name.sql") newer than the recorded
 * schema version, all in one transaction. db_open calls it with the embedded files; tests
 * call it with their own. Returns 0, or -1 with err filled and nothing changed. */
struct embedded_file;
int db_apply_migrations(db *d, const struct embedded_file *files, size_t count, char *err,
                        size_t errlen);
int db_schema_version(db *d);

/* A fixed pool of connections for the server's worker threads. */
typedef struct db_pool db_pool;
int db_pool_open(const char *path, int size, db_pool **out, char *err, size_t errlen);
db *db_pool_acquire(db_pool *p); /* blocks until a connection is free */
void db_pool_release(db_pool *p, db *d);
void db_pool_close(db_pool *p);
const char *db_pool_path(const db_pool *p);

/* Statements. db_prepare never returns NULL. Finalize every statement you prepare. */
db_stmt *db_prepare(db *d, const char *sql);
db_stmt *db_preparef(db *d, const char *sql, const char *fmt, ...); /* prepare + bind */
void db_bindf(db_stmt *s, const char *fmt, ...);
void db_bind_int(db_stmt *s, int idx, int64_t v); /* idx is 1-based */
void db_bind_text(db_stmt *s, int idx, const char *v);
void db_bind_double(db_stmt *s, int idx, double v);
void db_bind_null(db_stmt *s, int idx);
void db_bind_blob(db_stmt *s, int idx, const void *v, size_t n);
int db_step(db_stmt *s); /* DB_ROW, DB_DONE or a negative error code */
void db_reset(db_stmt *s);
void db_finalize(db_stmt *s);
int db_column_count(db_stmt *s);
int64_t db_col_int(db_stmt *s, int col); /* 0-based */
double db_col_double(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col); /* NULL for SQL NULL; valid until next step */
const void *db_col_blob(db_stmt *s, int col, size_t *n);
int db_col_is_null(db_stmt *s, int col);

/* One-liners. db_exec runs a statement that returns no rows. */
int db_exec(db *d, const char *sql, const char *fmt, ...);
int64_t db_int(db *d, int64_t dflt, const char *sql, const char *fmt, ...); /* first column */
char *db_text(db *d, const char *sql, const char *fmt, ...); /* malloc'd copy or NULL */
int64_t db_last_id(db *d);
int db_changes(db *d);
const char *db_errmsg(db *d);

/* Transactions nest by counter: only the outermost begin starts one (BEGIN IMMEDIATE, so
 * that writers queue instead of failing half-way) and only the outermost end commits. If
 * any level rolled back, the outermost end rolls back too and returns DB_ERR. */
int db_begin(db *d);
/* A read transaction (BEGIN DEFERRED): several queries see one snapshot and never wait for
 * the write lock. Nests like db_begin (inside a write transaction it is that one); end it
 * with db_commit. */
int db_begin_read(db *d);
int db_commit(db *d);
int db_rollback(db *d);
int db_in_txn(db *d);

/* A number that changes whenever anyone commits to the database, a connection of this
 * process or another process (a command run beside the server): it hashes the size and
 * modification time of the database file and of its write-ahead log, which every commit
 * appends to. Two stat calls, no lock: for caches of what the database holds. */
uint64_t db_change_stamp(db *d);
/* Size of the database file in bytes (for /metrics). */
int64_t db_size_bytes(db *d);
/* Online backup of the database file src_path to a new file dest_path (jaego backup).
 * The copy is one consistent snapshot: it is taken inside a single read transaction, so
 * the server's writes neither restart it nor show up half in the copy, and the server's
 * checkpoints resume as soon as it ends. The source is neither created nor migrated. The
 * copy is written beside dest_path and renamed onto it only when complete. The whole
 * operation, waits for locks included, gives up after timeout_ms: then DB_BUSY is
 * returned and nothing is left behind. Returns DB_OK (info filled), DB_BUSY or DB_ERR,
 * with a message in err. */
struct db_backup_info {
	int64_t pages, bytes; /* size of the copy */
	int64_t elapsed_ms;
};
int db_backup_file(const char *src_path, const char *dest_path, int64_t timeout_ms,
                   struct db_backup_info *info, char *err, size_t errlen);

#endif
