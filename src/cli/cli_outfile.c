/* cli_outfile.c — output files written whole or not at all (see cli_outfile.h). */
#include "cli_outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_BAD 2

int cli_out_open(cli_out *o, const char *path, const char *cmd)
{
	memset(o, 0, sizeof *o);
	o->path = path;
	if (!path || strcmp(path, "-") == 0) {
		o->path = NULL;
		o->f = stdout;
		return 0;
	}
	if (snprintf(o->tmp, sizeof o->tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof o->tmp) {
		fprintf(stderr, "jaego %s: error: bad_output: 출력 경로가 너무 깁니다\n", cmd);
		return EXIT_BAD;
	}
	int fd = mkstemp(o->tmp);
	if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
		fprintf(stderr,
		        "jaego %s: error: io_error: 출력 파일을 만들 수 없습니다: %s (%s)\n", cmd,
		        path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		return EXIT_BAD;
	}
	return 0;
}

int cli_out_close(cli_out *o, int ok, const char *cmd)
{
	if (!o->f)
		return ok ? 0 : 1;
	if (!o->path) {
		int bad = fflush(o->f) != 0;
		o->f = NULL;
		return ok && !bad ? 0 : 1;
	}
	int bad = ferror(o->f) != 0;
	bad |= fclose(o->f) != 0;
	o->f = NULL;
	if (!ok || bad) {
		unlink(o->tmp);
		if (ok)
			fprintf(stderr, "jaego %s: error: io_error: 출력 파일 쓰기 실패: %s\n", cmd,
			        o->path);
		return 1;
	}
	if (rename(o->tmp, o->path) != 0) {
		fprintf(stderr, "jaego %s: error: io_error: 출력 파일 이름 바꾸기 실패: %s (%s)\n",
		        cmd, o->path, strerror(errno));
		unlink(o->tmp);
		return 1;
	}
	return 0;
}

void cli_put_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}
