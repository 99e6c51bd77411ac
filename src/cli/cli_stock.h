/* cli_stock.h — `jaego stock`: the planning figures of an organisation from the shell, and
 * the time their recompute takes (bench/stock.sh). */
#ifndef JAEGO_CLI_STOCK_H
#define JAEGO_CLI_STOCK_H

int cli_stock_main(int argc, char **argv);

#endif
