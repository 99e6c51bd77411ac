/* cli.c — the core subcommands: serve, user, routes and backup. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "cliopt.h"
#include "db.h"
#include "forecast_runner.h"
#include "log.h"
#include "org.h"
#include "passwd.h"
#include "route.h"
#include "server.h"
#include "util.h"

/* ---------------------------------------------------------------------------- serve */

static void serve_usage(FILE *f)
{
	fprintf(f,
	        "사용법: jaego serve [--db PATH] [--port N] [--listen ADDR] [--web-dir DIR]\n"
	        "                   [--threads N] [--body-max BYTES] [--timeout SECONDS]\n"
	        "                   [--trust-proxy] [--port-file FILE]\n"
	        "                   [--runner all|queue|off] [--forecast-threads N]\n"
	        "  --runner: 수요 예측 실행 (all: 대기열과 야간 예측, queue: 대기열만, off: 없음)\n"
	        "환경 변수: JAEGO_DB, JAEGO_PORT, JAEGO_LISTEN, JAEGO_WEB_DIR, JAEGO_THREADS,\n"
	        "          JAEGO_BODY_MAX, JAEGO_TIMEOUT, JAEGO_TRUST_PROXY=1, JAEGO_RUNNER,\n"
	        "          JAEGO_FORECAST_THREADS\n");
}

struct serve_args {
	struct server_config *c;
	int body_max;
	enum forecast_runner_mode runner;
};

/* The environment's settings, under the options that override them. */
static int serve_env(struct serve_args *a)
{
	struct server_config *c = a->c;
	const char *e;
	if ((e = getenv("JAEGO_LISTEN")) && *e)
		c->listen = e;
	if ((e = getenv("JAEGO_WEB_DIR")) && *e)
		c->web_dir = e;
	if ((e = getenv("JAEGO_TRUST_PROXY")) && strcmp(e, "1") == 0)
		c->trust_proxy = 1;
	if ((e = getenv("JAEGO_RUNNER")) && *e && forecast_runner_mode_parse(e, &a->runner) != 0) {
		fprintf(stderr, "jaego: JAEGO_RUNNER 값은 all, queue, off 중 하나입니다: %s\n", e);
		return 2;
	}
	struct {
		const char *env;
		int *dst, min, max;
	} ints[] = {{"JAEGO_PORT", &c->port, 0, 65535},
	            {"JAEGO_THREADS", &c->threads, 1, 64},
	            {"JAEGO_BODY_MAX", &a->body_max, 1024, 1 << 30},
	            {"JAEGO_TIMEOUT", &c->timeout_s, 1, 3600},
	            {"JAEGO_FORECAST_THREADS", &c->forecast_threads, 1, 64}};
	for (size_t i = 0; i < ARRAY_LEN(ints); i++) {
		if ((e = getenv(ints[i].env)) && *e &&
		    cliopt_int(e, ints[i].min, ints[i].max, ints[i].dst) != 0) {
			fprintf(stderr, "jaego: %s 값이 잘못되었습니다: %s\n", ints[i].env, e);
			return 2;
		}
	}
	return 0;
}

static int serve_set(void *ctx, int ch, const char *arg)
{
	struct serve_args *a = ctx;
	struct server_config *c = a->c;
	int bad = 0;
	switch (ch) {
	case 'p':
		bad = cliopt_int(arg, 0, 65535, &c->port);
		break;
	case 'l':
		c->listen = arg;
		break;
	case 'w':
		c->web_dir = arg;
		break;
	case 't':
		bad = cliopt_int(arg, 1, 64, &c->threads);
		break;
	case 'b':
		bad = cliopt_int(arg, 1024, 1 << 30, &a->body_max);
		break;
	case 'T':
		bad = cliopt_int(arg, 1, 3600, &c->timeout_s);
		break;
	case 'P':
		c->port_file = arg;
		break;
	case 'x':
		c->trust_proxy = 1;
		break;
	case 'r':
		bad = forecast_runner_mode_parse(arg, &a->runner) != 0;
		break;
	case 'f':
		bad = cliopt_int(arg, 1, 64, &c->forecast_threads);
		break;
	}
	if (bad) {
		fprintf(stderr, "jaego: 옵션 값이 잘못되었습니다: %s\n", arg);
		serve_usage(stderr);
		return 2;
	}
	return 0;
}

int cli_serve_main(int argc, char **argv)
{
	struct server_config c;
	server_config_defaults(&c);
	struct serve_args a = {&c, (int)c.body_max, FORECAST_RUNNER_ALL};
	if (serve_env(&a) != 0)
		return 2;
	static const struct option opts[] = {{"port", required_argument, NULL, 'p'},
	                                     {"listen", required_argument, NULL, 'l'},
	                                     {"web-dir", required_argument, NULL, 'w'},
	                                     {"threads", required_argument, NULL, 't'},
	                                     {"body-max", required_argument, NULL, 'b'},
	                                     {"timeout", required_argument, NULL, 'T'},
	                                     {"port-file", required_argument, NULL, 'P'},
	                                     {"trust-proxy", no_argument, NULL, 'x'},
	                                     {"runner", required_argument, NULL, 'r'},
	                                     {"forecast-threads", required_argument, NULL, 'f'},
	                                     {NULL, 0, NULL, 0}};
	const struct cliopt_spec spec = {opts, serve_set, &a, serve_usage};
	const char *dbpath = NULL;
	int rest = 0, rc = cliopt_parse(argc, argv, &spec, &dbpath, &rest);
	if (rc != CLIOPT_GO_ON)
		return rc;
	if (rest < argc) {
		serve_usage(stderr);
		return 2;
	}
	if (dbpath)
		c.db_path = dbpath;
	c.body_max = (size_t)a.body_max;
	c.runner = (int)a.runner;
	return server_run(&c);
}

/* ----------------------------------------------------------------------------- user */

static void user_usage(FILE *f)
{
	fprintf(f,
	        "사용법: jaego user add --db PATH --login ID --role master|manager|staff|viewer\n"
	        "                      --password-stdin [--name 이름] [--org 상점이름]\n"
	        "  데이터베이스 파일이 없으면 새로 만들고 첫 상점(조직)도 만듭니다.\n"
	        "  --org 이름의 상점이 없으면 그 이름으로 새 상점을 만듭니다.\n");
}

static char *read_password_stdin(void)
{
	char buf[PASSWD_MAX_BYTES + 2];
	if (!fgets(buf, sizeof buf, stdin))
		return NULL;
	size_t n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return xstrdup(buf);
}

struct user_args {
	const char *login, *role, *name, *org;
	int pw_stdin;
};

static int user_set(void *ctx, int ch, const char *arg)
{
	struct user_args *u = ctx;
	switch (ch) {
	case 'l':
		u->login = arg;
		break;
	case 'r':
		u->role = arg;
		break;
	case 'n':
		u->name = arg;
		break;
	case 'o':
		u->org = arg;
		break;
	case 's':
		u->pw_stdin = 1;
		break;
	}
	return 0;
}

int cli_user_main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		user_usage(argc >= 2 && strcmp(argv[1], "--help") == 0 ? stdout : stderr);
		return argc >= 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
	}
	struct user_args u = {0};
	static const struct option opts[] = {
	        {"login", required_argument, NULL, 'l'},    {"role", required_argument, NULL, 'r'},
	        {"name", required_argument, NULL, 'n'},     {"org", required_argument, NULL, 'o'},
	        {"password-stdin", no_argument, NULL, 's'}, {NULL, 0, NULL, 0}};
	const struct cliopt_spec spec = {opts, user_set, &u, user_usage};
	const char *dbpath = NULL;
	int rest = 0, rc0 = cliopt_parse(argc - 1, argv + 1, &spec, &dbpath, &rest);
	if (rc0 != CLIOPT_GO_ON)
		return rc0;
	const char *login = u.login, *role_s = u.role, *name = u.name, *org = u.org;
	int pw_stdin = u.pw_stdin;
	enum role role;
	if (!dbpath || !login || !role_s || !pw_stdin) {
		user_usage(stderr);
		return 2;
	}
	if (role_parse(role_s, &role) != 0) {
		fprintf(stderr, "jaego: 권한은 master, manager, staff, viewer 중 하나입니다: %s\n",
		        role_s);
		return 2;
	}
	const char *lerr = user_login_error(login);
	if (lerr) {
		fprintf(stderr, "jaego: %s\n", lerr);
		return 2;
	}
	char *pw = read_password_stdin();
	if (!pw) {
		fprintf(stderr, "jaego: 표준 입력에서 비밀번호를 읽지 못했습니다.\n");
		return 2;
	}
	const char *perr = passwd_policy_error(pw);
	if (perr) {
		fprintf(stderr, "jaego: %s\n", perr);
		free(pw);
		return 2;
	}
	log_set_quiet(1);
	char err[512];
	db *d = NULL;
	if (db_open(dbpath, &d, err, sizeof err) != 0) {
		fprintf(stderr, "jaego: %s\n", err);
		free(pw);
		return 1;
	}
	int rc = db_begin(d);
	int64_t org_id = org_find(d, org);
	if (rc == DB_OK && !org_id)
		rc = org_create(d, org ? org : "내 상점", &org_id);
	int64_t uid = 0;
	if (rc == DB_OK)
		rc = user_create(d, org_id, login, name ? name : login, role, pw, &uid);
	if (rc == DB_OK) {
		json_t *after = json_pack("{s:s, s:s}", "login", login, "role", role_name(role));
		rc = audit_record_raw(d, org_id, 0, "cli", "user.create", "user", login, NULL,
		                      after);
		json_decref(after);
	}
	free(pw);
	if (rc != DB_OK) {
		db_rollback(d);
		db_close(d);
		fprintf(stderr, "jaego: %s\n",
		        rc == DB_CONSTRAINT ? "이미 있는 아이디입니다."
		                            : "회원을 만들지 못했습니다.");
		return 1;
	}
	db_commit(d);
	db_close(d);
	printf("회원을 만들었습니다: %s (%s)\n", login, role_label(role));
	return 0;
}

/* --------------------------------------------------------------------------- routes */

int cli_routes_main(int argc, char **argv)
{
	int as_json = argc > 1 && strcmp(argv[1], "--json") == 0;
	size_t n;
	const struct route *const *all = routes_all(&n);
	if (as_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr,
			                      json_pack("{s:s, s:s, s:s}", "method", all[i]->method,
			                                "pattern", all[i]->pattern, "role",
			                                role_name(all[i]->role)));
		char *s = json_dumps(arr, JSON_INDENT(1));
		puts(s);
		free(s);
		json_decref(arr);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		printf("%-7s %-40s %s\n", all[i]->method, all[i]->pattern, role_name(all[i]->role));
	return 0;
}

/* --------------------------------------------------------------------------- backup */

static void backup_usage(FILE *f)
{
	fprintf(f,
	        "사용법: jaego backup --db PATH --out FILE [--timeout SECONDS]\n"
	        "  서버가 실행 중이어도 한 시점의 일관된 사본을 만듭니다. 사본은 FILE 옆에\n"
	        "  만들어 다 쓴 뒤에 FILE로 바꿉니다 (있던 FILE은 대체됩니다).\n"
	        "  --timeout  이 시간(초, 기본 %d) 안에 끝내지 못하면 중단하고 종료 코드 3으로\n"
	        "             끝납니다. 만들던 파일은 남기지 않습니다.\n",
	        CLI_BACKUP_TIMEOUT_DEFAULT);
}

struct backup_args {
	const char *out;
	int timeout_s;
};

static int backup_set(void *ctx, int ch, const char *arg)
{
	struct backup_args *ba = ctx;
	if (ch == 'o') {
		ba->out = arg;
	} else if (ch == 'T' && cliopt_int(arg, 1, 86400, &ba->timeout_s) != 0) {
		fprintf(stderr, "jaego: --timeout은 1부터 86400 사이의 초 단위 정수입니다: %s\n",
		        arg);
		return 2;
	}
	return 0;
}

int cli_backup_main(int argc, char **argv)
{
	struct backup_args ba = {NULL, CLI_BACKUP_TIMEOUT_DEFAULT};
	static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
	                                     {"timeout", required_argument, NULL, 'T'},
	                                     {NULL, 0, NULL, 0}};
	const struct cliopt_spec spec = {opts, backup_set, &ba, backup_usage};
	const char *dbpath = NULL;
	int rest = 0, rc0 = cliopt_parse(argc, argv, &spec, &dbpath, &rest);
	if (rc0 != CLIOPT_GO_ON)
		return rc0;
	const char *out = ba.out;
	int timeout_s = ba.timeout_s;
	if (!dbpath || !out || rest < argc) {
		backup_usage(stderr);
		return 2;
	}
	struct stat st, so;
	if (stat(dbpath, &st) != 0) {
		fprintf(stderr, "jaego: 데이터베이스 파일이 없습니다: %s\n", dbpath);
		return 1;
	}
	/* The copy is renamed onto --out: onto the live database it would replace the file
	 * under the running server. */
	if (stat(out, &so) == 0 && so.st_dev == st.st_dev && so.st_ino == st.st_ino) {
		fprintf(stderr, "jaego: --out이 데이터베이스 파일 자신입니다. 다른 파일 이름을 "
		                "주세요.\n");
		return 2;
	}
	log_set_quiet(1);
	char err[512];
	struct db_backup_info info;
	int rc = db_backup_file(dbpath, out, (int64_t)timeout_s * 1000, &info, err, sizeof err);
	if (rc == DB_BUSY) {
		fprintf(stderr,
		        "jaego: 백업을 %d초 안에 끝내지 못해 중단했습니다 (%s). 만들던 파일은 "
		        "지웠습니다. 서버가 덜 바쁠 때 다시 하거나 --timeout을 늘려 주세요.\n",
		        timeout_s, err);
		return 3;
	}
	if (rc != DB_OK) {
		fprintf(stderr, "jaego: 백업하지 못했습니다 (%s).\n", err);
		return 1;
	}
	printf("백업했습니다: %s (%.1f MB, %.1f초)\n", out, (double)info.bytes / 1048576.0,
	       (double)info.elapsed_ms / 1000.0);
	return 0;
}
