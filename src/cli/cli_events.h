/* cli_events.h — `jaego events export --db PATH [--org ID] [--from D] [--to D]
 * --output FILE`: writes an organisation's events (행사 일정) as the CSV that
 * `jaego forecast --events` reads, the same bytes as GET /api/events/export.csv. */
#ifndef JAEGO_CLI_EVENTS_H
#define JAEGO_CLI_EVENTS_H

int cli_events_main(int argc, char **argv);

#endif
