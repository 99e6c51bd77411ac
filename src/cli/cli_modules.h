/* cli_modules.h — subcommands provided by other modules: one X(name, function, help)
 * line each, with the header that declares the function. */
#ifndef JAEGO_CLI_MODULES_H
#define JAEGO_CLI_MODULES_H

#include "cli_events.h"
#include "cli_forecast.h"
#include "cli_ledger.h"
#include "cli_simulate.h"
#include "cli_stock.h"
#include "demo.h"

#define CLI_MODULE_COMMANDS(X)                                                                     \
	X("demo", cli_demo_main,                                                                   \
	  "데모 상점을 만듭니다: demo --db PATH [--skus N] [--days N] [--seed S]")                 \
	X("check-ledger", cli_check_ledger_main,                                                   \
	  "재고 캐시가 입출고 내역의 합과 같은지 확인합니다: check-ledger --db PATH")              \
	X("forecast", cli_forecast_main,                                                           \
	  "CSV 판매 이력으로 출고량을 예측합니다: forecast --input SALES.csv --horizon H")         \
	X("backtest", cli_backtest_main,                                                           \
	  "마지막 H일을 떼어 예측 정확도를 잽니다: backtest --input SALES.csv --horizon H")        \
	X("simulate", cli_simulate_main,                                                           \
	  "과거 판매로 발주 규칙을 비교합니다: simulate --input SALES.csv --products P.csv")       \
	X("events", cli_events_main,                                                               \
	  "행사 일정을 CSV로 씁니다: events export --db PATH [--org ID] --output FILE")            \
	X("stock", cli_stock_main,                                                                 \
	  "계획 수치를 다시 계산하고 시간을 잽니다: stock --db PATH [--repeat N] [--json]")

#endif
