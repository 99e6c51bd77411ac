/* events_csv.c — the `date,name[,days_before,days_after]` reader (see events_csv.h). Self-
 * contained apart from sales_date_parse and korean_num, so that the fuzz target links it alone. */
#include "events_csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "korean.h"
#include "sales_csv.h"
#include "utf8.h"

static void set_msg(char *msg, size_t msglen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void set_msg(char *msg, size_t msglen, const char *fmt, ...)
{
	if (!msg || !msglen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
}

void events_free(events_list *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->n; i++)
		free(l->rows[i].name);
	free(l->rows);
	free(l);
}

/* ------------------------------------------------------------------ records */

#define MAX_FIELDS 64

/* One field of a record: the unquoted text in a heap copy (doubled quotes undone). */
typedef struct field {
	char *s;
	size_t len;
} field;

static void fields_free(field *f, int n)
{
	for (int i = 0; i < n; i++)
		free(f[i].s);
}

/* Splits the record at *pos into fields, advancing *pos past its line end and *line by the
 * line breaks consumed. Returns the field count, or -1 unterminated quote, -2 text after a
 * closing quote, -3 too many fields, -4 out of memory (fields already made are freed). */
static int split_record(const char *buf, size_t len, size_t *pos, long *line, field *f)
{
	size_t i = *pos;
	int nf = 0, err = 0;
	for (;;) {
		if (nf >= MAX_FIELDS) {
			err = -3;
			break;
		}
		/* The field's raw extent bounds its text: to the closing quote, or to the
		 * next separator. */
		size_t end = i;
		if (i < len && buf[i] == '"') {
			for (end = i + 1; end < len; end++) {
				if (buf[end] == '"' && (end + 1 >= len || buf[end + 1] != '"'))
					break;
				if (buf[end] == '"')
					end++;
			}
		} else {
			while (end < len && buf[end] != ',' && buf[end] != '\n')
				end++;
		}
		char *out = malloc(end - i + 1);
		if (!out) {
			err = -4;
			break;
		}
		size_t n = 0;
		f[nf].s = out;
		nf++;
		if (i < len && buf[i] == '"') {
			i++;
			for (;;) {
				if (i >= len) {
					err = -1;
					break;
				}
				if (buf[i] == '"') {
					if (i + 1 < len && buf[i + 1] == '"') {
						out[n++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (buf[i] == '\n')
					(*line)++;
				out[n++] = buf[i++];
			}
			if (err)
				break;
			if (i < len && buf[i] == '\r' && (i + 1 >= len || buf[i + 1] == '\n'))
				i++;
			if (i < len && buf[i] != ',' && buf[i] != '\n') {
				err = -2;
				break;
			}
		} else {
			while (i < len && buf[i] != ',' && buf[i] != '\n')
				out[n++] = buf[i++];
			if (n && out[n - 1] == '\r' && (i >= len || buf[i] == '\n'))
				n--;
		}
		out[n] = '\0';
		f[nf - 1].len = n;
		if (i < len && buf[i] == ',') {
			i++;
			continue;
		}
		if (i < len) { /* '\n' */
			i++;
			(*line)++;
		}
		break;
	}
	if (err) {
		fields_free(f, nf);
		return err;
	}
	*pos = i;
	return nf;
}

static void trim(field *f)
{
	size_t a = 0, b = f->len;
	while (a < b && (f->s[a] == ' ' || f->s[a] == '\t'))
		a++;
	while (b > a && (f->s[b - 1] == ' ' || f->s[b - 1] == '\t'))
		b--;
	memmove(f->s, f->s + a, b - a);
	f->len = b - a;
	f->s[f->len] = '\0';
}

/* Code points of valid UTF-8 without control characters, or -1. */
static long text_chars(const unsigned char *s, size_t len)
{
	long n = 0;
	for (size_t i = 0; i < len; n++) {
		uint32_t cp = 0;
		size_t k = utf8_decode(s + i, len - i, &cp);
		if (k == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			return -1;
		i += k;
	}
	return n;
}

static int parse_window(const field *f, int *out)
{
	if (f->len == 0) {
		*out = 0;
		return 0;
	}
	if (f->len > 2)
		return -1;
	int v = 0;
	for (size_t i = 0; i < f->len; i++) {
		if (f->s[i] < '0' || f->s[i] > '9')
			return -1;
		v = v * 10 + (f->s[i] - '0');
	}
	if (v > EVENTS_WINDOW_MAX)
		return -1;
	*out = v;
	return 0;
}

/* Where the header put each column; -1 when absent. */
typedef struct events_cols {
	int date, name, before, after;
} events_cols;

/* The header line: each known column once, date and name required. */
static int read_header(const field *f, int nf, long start, events_cols *c, char *msg, size_t msglen)
{
	for (int i = 0; i < nf; i++) {
		int *col = strcmp(f[i].s, "date") == 0          ? &c->date
		           : strcmp(f[i].s, "name") == 0        ? &c->name
		           : strcmp(f[i].s, "days_before") == 0 ? &c->before
		           : strcmp(f[i].s, "days_after") == 0  ? &c->after
		                                                : NULL;
		if (col && *col >= 0) {
			set_msg(msg, msglen, "line %ld: duplicate_column: '%s' 열이 두 번 있습니다",
			        start, f[i].s);
			return EVENTS_EFORMAT;
		}
		if (col)
			*col = i;
	}
	if (c->date < 0 || c->name < 0) {
		set_msg(msg, msglen,
		        "line %ld: bad_header: 첫 줄은 date,name[,days_before,days_after] "
		        "머리글이어야 합니다",
		        start);
		return EVENTS_EFORMAT;
	}
	return EVENTS_OK;
}

/* Checks one event line into *row; what is wrong with it, or NULL. */
static const char *row_error(const field *fd, const field *fn, const field *fb, const field *fa,
                             events_row *row)
{
	long chars = text_chars((const unsigned char *)fn->s, fn->len);
	if (sales_date_parse(fd->s, fd->len, &row->day) != 0)
		return "bad_date: 날짜는 YYYY-MM-DD 형식의 실제 날짜여야 합니다";
	if (fn->len == 0)
		return "empty_name: 행사 이름(name)이 비어 있습니다";
	if (chars < 0)
		return "bad_name: 행사 이름에 올바르지 않은 문자가 있습니다 (UTF-8 텍스트만)";
	if (chars > EVENTS_NAME_CHARS)
		return "name_too_long: 행사 이름은 60자 이하여야 합니다";
	if (parse_window(fb, &row->before) != 0)
		return "bad_window: days_before 는 0부터 14 사이의 정수여야 합니다";
	if (parse_window(fa, &row->after) != 0)
		return "bad_window: days_after 는 0부터 14 사이의 정수여야 합니다";
	return NULL;
}

/* One event line into *row; on success the name moves out of f into row->name. */
static int take_row(field *f, int nf, const events_cols *c, events_row *row, char *msg,
                    size_t msglen)
{
	static const field none = {"", 0};
	const field *fd = c->date < nf ? &f[c->date] : &none;
	const field *fn = c->name < nf ? &f[c->name] : &none;
	const field *fb = c->before >= 0 && c->before < nf ? &f[c->before] : &none;
	const field *fa = c->after >= 0 && c->after < nf ? &f[c->after] : &none;
	const char *err = row_error(fd, fn, fb, fa, row);
	if (err) {
		set_msg(msg, msglen, "line %ld: %s", row->line, err);
		return EVENTS_EFORMAT;
	}
	memcpy(row->date, fd->s, 10);
	row->date[10] = '\0';
	row->name = f[c->name].s; /* a name was found, so its column is there */
	f[c->name].s = NULL;      /* taken */
	return EVENTS_OK;
}

static int push_row(events_list *l, int *cap, events_row row, char *msg, size_t msglen)
{
	if (l->n == *cap) {
		int nc = *cap ? *cap * 2 : 16;
		events_row *nr = realloc(l->rows, (size_t)nc * sizeof *nr);
		if (!nr) {
			free(row.name);
			set_msg(msg, msglen, "out_of_memory: 메모리가 부족합니다");
			return EVENTS_ENOMEM;
		}
		l->rows = nr;
		*cap = nc;
	}
	l->rows[l->n++] = row;
	return EVENTS_OK;
}

/* The state of one parse between records. */
typedef struct events_parse {
	events_list *l;
	int cap, header; /* rows allocated; 1 once the header was read */
	events_cols cols;
	char *msg;
	size_t msglen;
} events_parse;

/* One non-blank record that starts on line start: the header, then one event per line. */
static int parse_record(events_parse *p, field *f, int nf, long start)
{
	if (!p->header) {
		p->header = 1;
		return read_header(f, nf, start, &p->cols, p->msg, p->msglen);
	}
	if (p->l->n >= EVENTS_MAX_ROWS) {
		set_msg(p->msg, p->msglen, "line %ld: too_many_rows: 행사는 %s개까지 읽습니다",
		        start, KNUM(EVENTS_MAX_ROWS));
		return EVENTS_ETOOBIG;
	}
	events_row row = {.line = start};
	int rc = take_row(f, nf, &p->cols, &row, p->msg, p->msglen);
	return rc ? rc : push_row(p->l, &p->cap, row, p->msg, p->msglen);
}

/* The message and code for a record split_record could not split. */
static int split_error(int nf, long start, char *msg, size_t msglen)
{
	static const char *const why[] = {"bad_quote: 따옴표(\")가 닫히지 않았습니다",
	                                  "bad_quote: 닫는 따옴표 뒤에 쉼표가 아닌 글자가 있습니다",
	                                  "too_many_columns: 열이 너무 많습니다"};
	if (nf == -4) {
		set_msg(msg, msglen, "out_of_memory: 메모리가 부족합니다");
		return EVENTS_ENOMEM;
	}
	set_msg(msg, msglen, "line %ld: %s", start, why[-nf - 1]);
	return EVENTS_EFORMAT;
}

/* Every record of buf after pos, into p. */
static int parse_records(events_parse *p, const char *buf, size_t len, size_t pos)
{
	long line = 1;
	field f[MAX_FIELDS];
	while (pos < len) {
		long start = line;
		int nf = split_record(buf, len, &pos, &line, f);
		if (nf < 0)
			return split_error(nf, start, p->msg, p->msglen);
		for (int i = 0; i < nf; i++)
			trim(&f[i]);
		int rc = nf == 1 && f[0].len == 0 ? EVENTS_OK /* blank line */
		                                  : parse_record(p, f, nf, start);
		fields_free(f, nf);
		if (rc)
			return rc;
	}
	if (!p->header) {
		set_msg(p->msg, p->msglen,
		        "line 1: bad_header: 빈 파일입니다. 첫 줄은 date,name[,days_before,"
		        "days_after] 머리글이어야 합니다");
		return EVENTS_EFORMAT;
	}
	return EVENTS_OK;
}

int events_csv_parse(const char *buf, size_t len, events_list **out, char *msg, size_t msglen)
{
	*out = NULL;
	if (msg && msglen)
		msg[0] = '\0';
	if (!buf)
		len = 0;
	if (len > EVENTS_MAX_BYTES) {
		set_msg(msg, msglen, "line 1: file_too_large: 파일이 너무 큽니다 (최대 %s바이트)",
		        KNUM(EVENTS_MAX_BYTES));
		return EVENTS_ETOOBIG;
	}
	size_t pos = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	events_parse p = {.cols = {-1, -1, -1, -1}, .msg = msg, .msglen = msglen};
	p.l = calloc(1, sizeof *p.l);
	if (!p.l) {
		set_msg(msg, msglen, "out_of_memory: 메모리가 부족합니다");
		return EVENTS_ENOMEM;
	}
	int rc = parse_records(&p, buf, len, pos);
	if (rc) {
		events_free(p.l);
		return rc;
	}
	*out = p.l;
	return EVENTS_OK;
}

int events_csv_read(const char *path, events_list **out, char *msg, size_t msglen)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		set_msg(msg, msglen, "io_error: 파일을 열 수 없습니다: %s (%s)", path,
		        strerror(errno));
		return EVENTS_EIO;
	}
	struct buf b = BUF_INIT;
	int rb = buf_read_fd(&b, fd, EVENTS_MAX_BYTES);
	int rc;
	if (rb == BUF_ENOMEM) {
		set_msg(msg, msglen, "out_of_memory: 메모리가 부족합니다");
		rc = EVENTS_ENOMEM;
	} else if (rb == BUF_EIO) {
		set_msg(msg, msglen, "io_error: 파일을 읽을 수 없습니다: %s", path);
		rc = EVENTS_EIO;
	} else if (rb == BUF_ETOOBIG) {
		set_msg(msg, msglen, "line 1: file_too_large: 파일이 너무 큽니다 (최대 %s바이트)",
		        KNUM(EVENTS_MAX_BYTES));
		rc = EVENTS_ETOOBIG;
	} else {
		rc = events_csv_parse(b.p, b.len, out, msg, msglen);
	}
	buf_free(&b);
	close(fd);
	return rc;
}
