/* cli.h — the subcommands of the jaego binary. Each takes argv with argv[0] = the
 * subcommand's name and returns the process exit status (0 ok, 1 failure, 2 bad usage). */
#ifndef JAEGO_CLI_H
#define JAEGO_CLI_H

int cli_serve_main(int argc, char **argv);
int cli_user_main(int argc, char **argv);
int cli_routes_main(int argc, char **argv);
/* jaego backup: exit 3 when the copy could not be made within --timeout seconds. */
#define CLI_BACKUP_TIMEOUT_DEFAULT 600
int cli_backup_main(int argc, char **argv);

#endif
