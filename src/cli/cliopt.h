/* cliopt.h — the one option loop of the jaego commands. Every command that opens the
 * database takes it the same way: --db PATH, else the JAEGO_DB environment variable when it
 * is set and not empty. --help prints the command's usage on standard output (exit 0); an
 * unknown option or a missing argument prints it on standard error (exit 2). The command's
 * own options reach its callback one by one. */
#ifndef JAEGO_CLIOPT_H
#define JAEGO_CLIOPT_H

#include <getopt.h>
#include <stdio.h>

#include "db.h"

/* Takes one of the command's own options (ch is its struct option val, arg its argument or
 * NULL). Returns 0 to go on, or the exit code to stop with after printing why. */
typedef int (*cliopt_set_fn)(void *ctx, int ch, const char *arg);

struct cliopt_spec {
	const struct option *opts; /* the command's own options, {NULL} ended; may be NULL */
	cliopt_set_fn set;         /* called for each of them */
	void *ctx;                 /* passed to set */
	void (*usage)(FILE *f);    /* the command's usage text */
};

#define CLIOPT_GO_ON (-1)

/* Parses argv[1..argc-1] (argv[0] is the command word). *db receives the database path or
 * NULL; *rest the index of the first operand. Returns CLIOPT_GO_ON, or the exit code the
 * command returns at once (0 after --help, 2 on a bad option, or what set returned). */
int cliopt_parse(int argc, char **argv, const struct cliopt_spec *spec, const char **db_path,
                 int *rest);

/* A whole decimal number lo..hi, the whole of s (no sign games, no trailing text, no
 * overflow): 0 with *out set, else -1 and *out untouched. */
int cliopt_long(const char *s, long lo, long hi, long *out);
/* The same for an int option. */
int cliopt_int(const char *s, int lo, int hi, int *out);

/* Opens the database of a command; on failure says so in Korean on stderr ("jaego: 데이터베이스를
 * 열 수 없습니다: ...") and returns NULL (the command then exits 1). */
db *cliopt_open_db(const char *path);

#endif
