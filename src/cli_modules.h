/* cli_modules.h — subcommands provided by other modules: one X(name, function, help)
 * line each, with the header that declares the function. */
#ifndef JAEGO_CLI_MODULES_H
#define JAEGO_CLI_MODULES_H

#include "cli_ledger.h"
#include "demo.h"

#define CLI_MODULE_COMMANDS(X) \
	X("demo", cli_demo_main, "데모 상점을 만듭니다: demo --db PATH [--skus N] [--days N] [--seed S]") \
	X("check-ledger", cli_check_ledger_main, "재고 캐시가 입출고 내역의 합과 같은지 확인합니다: check-ledger --db PATH")

#endif
