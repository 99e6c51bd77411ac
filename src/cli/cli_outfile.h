/* cli_outfile.h — the output files of the jaego commands that write CSV: each is written
 * under a temporary name and renamed into place only when written in full, so a failure
 * never leaves a partial file ("-" or no path: standard output). */
#ifndef JAEGO_CLI_OUTFILE_H
#define JAEGO_CLI_OUTFILE_H

#include <stdio.h>

typedef struct cli_out {
	FILE *f;
	char tmp[4096];
	const char *path; /* NULL = standard output */
} cli_out;

/* Opens path (NULL or "-": standard output). Returns 0, or 2 after printing why as
 * "jaego CMD: error: ..." on standard error. */
int cli_out_open(cli_out *o, const char *path, const char *cmd);
/* Closes the file: renamed into place when ok and every write succeeded, else removed.
 * Returns 0, or 1 (after printing why when ok was asked). A closed cli_out may be closed
 * again (nothing happens), so cleanup paths may close every file. */
int cli_out_close(cli_out *o, int ok, const char *cmd);

/* One CSV field, quoted when it holds a comma, quote or newline. */
void cli_put_field(FILE *f, const char *s);

#endif
