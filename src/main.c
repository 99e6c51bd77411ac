/* main.c — the jaego command: dispatches to a subcommand. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_modules.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
        {"serve", cli_serve_main, "웹 서버를 실행합니다 (serve the product over HTTP)"},
        {"user", cli_user_main,
         "회원을 만듭니다: user add --login ID --role ROLE --password-stdin"},
        {"routes", cli_routes_main, "API 경로와 필요한 권한을 보여 줍니다 (--json)"},
        {"backup", cli_backup_main,
         "데이터베이스를 안전하게 복사합니다: backup --db PATH --out FILE [--timeout S]"},
#define X(name, fn, help) {name, fn, help},
        CLI_MODULE_COMMANDS(X)
#undef X
};

static void usage(FILE *out)
{
	fprintf(out, "jaego %s — 재고 관리와 수요 예측\n\n사용법: jaego COMMAND [OPTIONS]\n\n",
	        JAEGO_VERSION);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\n  --help         이 도움말\n  --version      버전\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("jaego %s\n", JAEGO_VERSION);
		return 0;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "jaego: libsodium could not start\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "jaego: 알 수 없는 명령입니다: %s\n\n", argv[1]);
	usage(stderr);
	return 2;
}
