/* cli_simulate.h — the `jaego simulate` subcommand: replays a sales file under ordering
 * policies and writes what each would have done (docs/simulate.md). argv[0] is the
 * subcommand name. Exit status: 0 success, 2 bad usage or bad input (message on stderr,
 * no output file written), 1 internal failure. */
#ifndef JAEGO_CLI_SIMULATE_H
#define JAEGO_CLI_SIMULATE_H

int cli_simulate_main(int argc, char **argv);

#endif
