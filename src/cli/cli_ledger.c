/* cli_ledger.c — `jaego check-ledger`: an operator's check that the cached stock
 * (balances) still equals the ledger (sum of movements) for every product of every
 * organisation, and that the lots stay within their receipts and within the stock. A
 * mismatch means a bug or a hand edit of the database. */
#include "cli_ledger.h"

#include <stdio.h>
#include <stdlib.h>

#include "cliopt.h"
#include "db.h"
#include "korean.h"
#include "ledger.h"

static void usage(FILE *out)
{
	fprintf(out, "사용법: jaego check-ledger --db PATH [--org ID]\n"
	             "  모든 상품의 현재 재고(캐시)가 입출고 내역의 합과 같은지, 로트 수량이\n"
	             "  입고 수량과 현재 재고를 넘지 않는지 확인합니다.\n");
}

static int org_set(void *ctx, int ch, const char *arg)
{
	if (ch == 'o')
		*(long long *)ctx = atoll(arg);
	return 0;
}

int cli_check_ledger_main(int argc, char **argv)
{
	long long org = 0;
	static const struct option opts[] = {{"org", required_argument, NULL, 'o'},
	                                     {NULL, 0, NULL, 0}};
	const struct cliopt_spec spec = {opts, org_set, &org, usage};
	const char *dbpath = NULL;
	int rest = 0, rc0 = cliopt_parse(argc, argv, &spec, &dbpath, &rest);
	if (rc0 != CLIOPT_GO_ON)
		return rc0;
	if (!dbpath) {
		usage(stderr);
		return 2;
	}
	db *d = cliopt_open_db(dbpath);
	if (!d)
		return 1;
	int64_t products = db_int(d, 0, "SELECT COUNT(*) FROM products WHERE ? = 0 OR org_id = ?",
	                          "ii", (int64_t)org, (int64_t)org);
	int64_t moves = db_int(d, 0, "SELECT COUNT(*) FROM movements WHERE ? = 0 OR org_id = ?",
	                       "ii", (int64_t)org, (int64_t)org);
	int64_t lots = db_int(d, 0, "SELECT COUNT(*) FROM lots WHERE ? = 0 OR org_id = ?", "ii",
	                      (int64_t)org, (int64_t)org);
	int bad = ledger_verify(d, org, stdout);
	db_close(d);
	if (bad < 0) {
		fprintf(stderr, "jaego: 확인하는 중 데이터베이스 오류가 났습니다.\n");
		return 1;
	}
	if (bad > 0) {
		printf("check-ledger: %s건 불일치 (상품 %s개, 입출고 %s건)\n", KNUM(bad),
		       KNUM(products), KNUM(moves));
		return 1;
	}
	printf("check-ledger: ok (상품 %s개, 입출고 %s건, 로트 %s개, 재고 = 입출고 합계)\n",
	       KNUM(products), KNUM(moves), KNUM(lots));
	return 0;
}
