/* cli_ledger.h — `jaego check-ledger --db PATH`: verifies that every cached balance equals
 * the sum of the product's movements. Exit 0 when all agree, 1 with a report otherwise. */
#ifndef JAEGO_CLI_LEDGER_H
#define JAEGO_CLI_LEDGER_H

int cli_check_ledger_main(int argc, char **argv);

#endif
