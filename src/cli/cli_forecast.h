/* cli_forecast.h — the `jaego forecast` and `jaego backtest` subcommands over CSV files
 * (a stable contract: scripts and benchmarks call them). argv[0] is the subcommand name.
 * Exit status: 0 success, 2 bad usage or bad input (message with line number on stderr,
 * no output file written), 1 internal failure. */
#ifndef JAEGO_CLI_FORECAST_H
#define JAEGO_CLI_FORECAST_H

int cli_forecast_main(int argc, char **argv);
int cli_backtest_main(int argc, char **argv);

struct fc_calendar;
/* The engine's calendar for --holidays: "kr" the embedded Korean holidays, anything else
 * (or a calendar that cannot be read, which only costs the holiday effects) NULL. */
struct fc_calendar *cli_forecast_calendar(const char *holidays);

#endif
