/* sales_csv.c — the strict `date,sku,qty` reader (see sales_csv.h). Records are parsed
 * with RFC 4180 quoting, collected as (sku, day, qty) triples, then densified per SKU once
 * the file's last date is known. */
#include "sales_csv.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "korean.h"

static void set_msg(char *msg, size_t msglen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void set_msg(char *msg, size_t msglen, const char *fmt, ...)
{
	if (!msg || msglen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ dates */

/* Sales files stop at 2999: a later year is a typo, not a forecast horizon. */
int sales_date_parse(const char *s, size_t len, int *day)
{
	int y, m, d;
	if (date_parse_n(s, len, &y, &m, &d) != 0 || y > 2999)
		return -1;
	*day = (int)date_days_from_civil(y, m, d);
	return 0;
}

void sales_date_format(int day, char out[11])
{
	date_format(day, out);
}

/* ------------------------------------------------------------------ records */

#define MAX_FIELDS 256

typedef struct field {
	const char *p;
	size_t len;
	int quoted;
} field;

/* Splits one record starting at *pos into fields (quoted fields keep their quotes
 * stripped but doubled quotes are left as-is: only date, sku and qty are used, and
 * those are validated). Advances *pos past the line end and *line by the newlines
 * consumed. Returns the field count, -1 for an unterminated quote, -2 for too many
 * fields. */
static int split_record(const char *buf, size_t len, size_t *pos, long *line, field *f)
{
	size_t i = *pos;
	int nf = 0;
	for (;;) {
		if (nf >= MAX_FIELDS)
			return -2;
		field *cur = &f[nf++];
		cur->quoted = 0;
		if (i < len && buf[i] == '"') {
			cur->quoted = 1;
			size_t start = ++i;
			for (;;) {
				if (i >= len)
					return -1;
				if (buf[i] == '"') {
					if (i + 1 < len && buf[i + 1] == '"') {
						i += 2;
						continue;
					}
					break;
				}
				if (buf[i] == '\n')
					(*line)++;
				i++;
			}
			cur->p = buf + start;
			cur->len = i - start;
			i++; /* closing quote; anything up to the separator is ignored */
			while (i < len && buf[i] != ',' && buf[i] != '\n')
				i++;
		} else {
			size_t start = i;
			while (i < len && buf[i] != ',' && buf[i] != '\n')
				i++;
			cur->p = buf + start;
			cur->len = i - start;
			if (cur->len && cur->p[cur->len - 1] == '\r')
				cur->len--;
		}
		if (i < len && buf[i] == ',') {
			i++;
			continue;
		}
		break;
	}
	if (i < len && buf[i] == '\n')
		i++;
	*pos = i;
	return nf;
}

static void trim(const char **p, size_t *len)
{
	while (*len && (**p == ' ' || **p == '\t'))
		(*p)++, (*len)--;
	while (*len && ((*p)[*len - 1] == ' ' || (*p)[*len - 1] == '\t' || (*p)[*len - 1] == '\r'))
		(*len)--;
}

static int name_is(const field *f, const char *name)
{
	const char *p = f->p;
	size_t len = f->len;
	trim(&p, &len);
	size_t n = strlen(name);
	if (len != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != name[i])
			return 0;
	}
	return 1;
}

/* Non-negative decimal: digits with an optional fraction; no sign, exponent or spaces
 * inside. Returns 0 and the value, -1 when malformed, -2 when negative. */
static int parse_qty(const char *p, size_t len, double *out)
{
	trim(&p, &len);
	if (len == 0)
		return -1;
	if (p[0] == '-')
		return -2;
	if (p[0] == '+')
		p++, len--;
	double v = 0.0, scale = 1.0;
	int digits = 0, dot = 0;
	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		if (c == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (c < '0' || c > '9')
			return -1;
		digits++;
		if (dot) {
			scale /= 10.0;
			v += (c - '0') * scale;
		} else {
			v = v * 10.0 + (c - '0');
		}
	}
	if (!digits || !(v <= 1e12))
		return -1;
	*out = v;
	return 0;
}

typedef struct rec {
	int sku, day;
	double qty;
} rec;

typedef struct skumap {
	char **names;
	size_t *hashes;
	int *slots; /* open addressing, -1 empty */
	int n, cap, nslots;
} skumap;

static size_t hash_bytes(const char *p, size_t len)
{
	size_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h;
}

static int map_grow(skumap *m)
{
	int ns = m->nslots ? m->nslots * 2 : 1024;
	int *slots = malloc(sizeof *slots * (size_t)ns);
	if (!slots)
		return -1;
	for (int i = 0; i < ns; i++)
		slots[i] = -1;
	for (int k = 0; k < m->n; k++) {
		size_t j = m->hashes[k] & (size_t)(ns - 1);
		while (slots[j] >= 0)
			j = (j + 1) & (size_t)(ns - 1);
		slots[j] = k;
	}
	free(m->slots);
	m->slots = slots;
	m->nslots = ns;
	return 0;
}

/* Index of the SKU, adding it when new; -1 on allocation failure. */
static int map_get(skumap *m, const char *p, size_t len)
{
	if ((m->n + 1) * 2 > m->nslots && map_grow(m))
		return -1;
	size_t h = hash_bytes(p, len), j = h & (size_t)(m->nslots - 1);
	while (m->slots[j] >= 0) {
		int k = m->slots[j];
		if (m->hashes[k] == h && strlen(m->names[k]) == len &&
		    memcmp(m->names[k], p, len) == 0)
			return k;
		j = (j + 1) & (size_t)(m->nslots - 1);
	}
	if (m->n == m->cap) {
		int nc = m->cap ? m->cap * 2 : 256;
		char **nn = realloc(m->names, sizeof *nn * (size_t)nc);
		if (!nn)
			return -1;
		m->names = nn;
		size_t *nh = realloc(m->hashes, sizeof *nh * (size_t)nc);
		if (!nh)
			return -1;
		m->hashes = nh;
		m->cap = nc;
	}
	char *s = malloc(len + 1);
	if (!s)
		return -1;
	memcpy(s, p, len);
	s[len] = 0;
	m->names[m->n] = s;
	m->hashes[m->n] = h;
	m->slots[j] = m->n;
	return m->n++;
}

static void map_free(skumap *m, int keep_names)
{
	if (!keep_names)
		for (int k = 0; k < m->n; k++)
			free(m->names[k]);
	free(m->names);
	free(m->hashes);
	free(m->slots);
}

static int cmp_series(const void *a, const void *b)
{
	return strcmp(((const sales_series *)a)->sku, ((const sales_series *)b)->sku);
}

void sales_free(sales_data *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->nsku; i++) {
		free(d->s[i].sku);
		free(d->s[i].y);
	}
	free(d->s);
	free(d);
}

/* One parse: the input, where the reader stands, the header's columns and the records
 * collected so far. sales_csv_parse frees it on every path. */
typedef struct sales_parse {
	const char *buf;
	size_t len, pos;
	long line;            /* the line the reader is on, from 1 */
	field *f;             /* the fields of the current record */
	int cd, cs, cq, need; /* columns of date, sku and qty, and the highest of the three */
	rec *recs;
	size_t nrec, caprec;
	int maxday; /* the file's last date */
	skumap map;
	char *msg;
	size_t msglen;
} sales_parse;

/* Skips a UTF-8 byte order mark and blank lines; refuses an empty or binary file. */
static int parse_start(sales_parse *p)
{
	if (p->len >= 3 && memcmp(p->buf, "\xEF\xBB\xBF", 3) == 0)
		p->pos = 3;
	/* skip blank lines before the header */
	while (p->pos < p->len && (p->buf[p->pos] == '\n' || p->buf[p->pos] == '\r')) {
		if (p->buf[p->pos] == '\n')
			p->line++;
		p->pos++;
	}
	if (p->pos >= p->len) {
		set_msg(p->msg, p->msglen, "line 1: empty_file: 파일이 비어 있습니다");
		return SALES_EFORMAT;
	}
	if (memchr(p->buf, 0, p->len)) {
		set_msg(p->msg, p->msglen,
		        "line 1: binary_file: CSV 텍스트 파일이 아닙니다 (NUL 문자 포함)");
		return SALES_EFORMAT;
	}
	return SALES_OK;
}

/* Finds the date, sku and qty columns in the header (the first of each name wins). */
static int parse_header(sales_parse *p)
{
	long hline = p->line;
	int nf = split_record(p->buf, p->len, &p->pos, &p->line, p->f);
	p->line++;
	p->cd = p->cs = p->cq = -1;
	for (int i = 0; i < nf; i++) {
		if (name_is(&p->f[i], "date") && p->cd < 0)
			p->cd = i;
		else if (name_is(&p->f[i], "sku") && p->cs < 0)
			p->cs = i;
		else if (name_is(&p->f[i], "qty") && p->cq < 0)
			p->cq = i;
	}
	if (nf < 0 || p->cd < 0 || p->cs < 0 || p->cq < 0) {
		set_msg(p->msg, p->msglen,
		        "line %ld: missing_header: 첫 줄에 date, sku, qty 열 이름이 있어야 합니다",
		        hline);
		return SALES_EFORMAT;
	}
	p->need = p->cd > p->cs ? p->cd : p->cs;
	if (p->cq > p->need)
		p->need = p->cq;
	return SALES_OK;
}

static int push_rec(sales_parse *p, rec r)
{
	if (p->nrec == p->caprec) {
		size_t nc = p->caprec ? p->caprec * 2 : 4096;
		rec *nr = realloc(p->recs, sizeof *nr * nc);
		if (!nr)
			return SALES_ENOMEM;
		p->recs = nr;
		p->caprec = nc;
	}
	p->recs[p->nrec++] = r;
	if (p->nrec == 1 || r.day > p->maxday)
		p->maxday = r.day;
	return SALES_OK;
}

/* Checks the split record that starts on line rline and collects it. */
static int parse_row(sales_parse *p, long rline)
{
	const field *f = p->f;
	const char *dp = f[p->cd].p, *sp = f[p->cs].p;
	size_t dl = f[p->cd].len, sl = f[p->cs].len;
	trim(&dp, &dl);
	trim(&sp, &sl);
	int day;
	if (sales_date_parse(dp, dl, &day)) {
		set_msg(p->msg, p->msglen,
		        "line %ld: bad_date: 날짜는 YYYY-MM-DD 형식의 실제 날짜여야 합니다 "
		        "('%.*s')",
		        rline, (int)(dl > 40 ? 40 : dl), dp);
		return SALES_EFORMAT;
	}
	if (sl == 0 || sl > 200) {
		set_msg(p->msg, p->msglen,
		        "line %ld: bad_sku: 상품 코드(sku)가 비어 있거나 너무 깁니다", rline);
		return SALES_EFORMAT;
	}
	const field *fq = &f[p->cq];
	double q;
	int qr = parse_qty(fq->p, fq->len, &q);
	if (qr) {
		set_msg(p->msg, p->msglen,
		        qr == -2 ? "line %ld: negative_qty: 수량은 0 이상이어야 합니다 ('%.*s')"
		                 : "line %ld: bad_qty: 수량이 숫자가 아닙니다 ('%.*s')",
		        rline, (int)(fq->len > 40 ? 40 : fq->len), fq->p);
		return SALES_EFORMAT;
	}
	int k = map_get(&p->map, sp, sl);
	if (k < 0)
		return SALES_ENOMEM;
	return push_rec(p, (rec){k, day, q});
}

/* Reads every record after the header; blank lines are skipped. */
static int parse_rows(sales_parse *p)
{
	while (p->pos < p->len) {
		long rline = p->line;
		int nf = split_record(p->buf, p->len, &p->pos, &p->line, p->f);
		p->line++;
		if (nf == -1) {
			set_msg(p->msg, p->msglen,
			        "line %ld: unterminated_quote: 닫히지 않은 따옴표가 있습니다",
			        rline);
			return SALES_EFORMAT;
		}
		if (nf == -2) {
			set_msg(p->msg, p->msglen, "line %ld: too_many_columns: 열이 너무 많습니다",
			        rline);
			return SALES_EFORMAT;
		}
		if (nf == 1 && p->f[0].len == 0)
			continue; /* blank line */
		if (nf <= p->need) {
			set_msg(p->msg, p->msglen,
			        "line %ld: missing_column: 열 개수가 부족합니다 (%d개)", rline, nf);
			return SALES_EFORMAT;
		}
		int rc = parse_row(p, rline);
		if (rc)
			return rc;
	}
	if (p->nrec == 0) {
		set_msg(p->msg, p->msglen, "line %ld: no_rows: 헤더 아래에 판매 데이터가 없습니다",
		        p->line - 1);
		return SALES_EFORMAT;
	}
	return SALES_OK;
}

/* Each SKU's first date into first[]; refuses more cells than SALES_MAX_CELLS. */
static int first_days(sales_parse *p, int *first)
{
	for (int k = 0; k < p->map.n; k++)
		first[k] = p->maxday;
	for (size_t i = 0; i < p->nrec; i++)
		if (p->recs[i].day < first[p->recs[i].sku])
			first[p->recs[i].sku] = p->recs[i].day;
	long cells = 0;
	for (int k = 0; k < p->map.n; k++)
		cells += (long)(p->maxday - first[k] + 1);
	if (cells > SALES_MAX_CELLS) {
		set_msg(p->msg, p->msglen,
		        "line %ld: too_large: 상품 수 × 기간이 너무 큽니다 (%s일)", p->line - 1,
		        KNUM(cells));
		return SALES_ETOOBIG;
	}
	return SALES_OK;
}

/* Frees a sales_data whose names still belong to the map (a densify that failed). */
static void free_unnamed(sales_data *d)
{
	if (!d)
		return;
	for (int k = 0; k < d->nsku; k++)
		free(d->s ? d->s[k].y : NULL);
	free(d->s);
	free(d);
}

/* One dense daily series per SKU, from its first date to the file's last date (days
 * without a record are 0), SKUs sorted; the SKU names move from the map into *out. */
static int densify(sales_parse *p, const int *first, sales_data **out)
{
	sales_data *d = calloc(1, sizeof *d);
	if (!d || !(d->s = calloc((size_t)p->map.n, sizeof *d->s))) {
		free(d);
		return SALES_ENOMEM;
	}
	d->nsku = p->map.n;
	d->last_day = p->maxday;
	d->rows = (long)p->nrec;
	for (int k = 0; k < p->map.n; k++) {
		d->s[k].first_day = first[k];
		d->s[k].n = p->maxday - first[k] + 1;
		d->s[k].y = calloc((size_t)d->s[k].n, sizeof(double));
		if (!d->s[k].y) {
			free_unnamed(d);
			return SALES_ENOMEM;
		}
	}
	for (size_t i = 0; i < p->nrec; i++) {
		const rec *r = &p->recs[i];
		sales_series *s = &d->s[r->sku];
		if (s->y) /* always: every record's SKU got its series above */
			s->y[r->day - s->first_day] += r->qty;
	}
	for (int k = 0; k < p->map.n; k++)
		d->s[k].sku = p->map.names[k];
	p->map.n = 0; /* names now belong to d */
	qsort(d->s, (size_t)d->nsku, sizeof *d->s, cmp_series);
	*out = d;
	return SALES_OK;
}

/* The records collected, as dense series. */
static int build_series(sales_parse *p, sales_data **out)
{
	int *first = malloc(sizeof *first * (size_t)p->map.n);
	if (!first)
		return SALES_ENOMEM;
	int rc = first_days(p, first);
	if (rc == SALES_OK)
		rc = densify(p, first, out);
	free(first);
	return rc;
}

int sales_csv_parse(const char *buf, size_t len, sales_data **out, char *msg, size_t msglen)
{
	*out = NULL;
	if (msg && msglen)
		msg[0] = 0;
	sales_parse p = {.buf = buf, .len = len, .line = 1, .msg = msg, .msglen = msglen};
	p.f = malloc(sizeof *p.f * MAX_FIELDS);
	if (!p.f)
		return SALES_ENOMEM;
	int rc = parse_start(&p);
	if (rc == SALES_OK)
		rc = parse_header(&p);
	if (rc == SALES_OK)
		rc = parse_rows(&p);
	if (rc == SALES_OK)
		rc = build_series(&p, out);
	if (rc == SALES_ENOMEM)
		set_msg(msg, msglen, "out_of_memory: 메모리가 부족합니다");
	map_free(&p.map, 0);
	free(p.recs);
	free(p.f);
	return rc;
}

int sales_csv_read(const char *path, size_t max_bytes, sales_data **out, char *msg, size_t msglen)
{
	*out = NULL;
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		set_msg(msg, msglen, "io_error: 파일을 열 수 없습니다: %s (%s)", path,
		        strerror(errno));
		return SALES_EIO;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		set_msg(msg, msglen, "io_error: 디렉터리는 읽을 수 없습니다: %s", path);
		if (fd)
			close(fd);
		return SALES_EIO;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > max_bytes) {
		set_msg(msg, msglen,
		        "line 1: file_too_large: 파일이 너무 큽니다 (%s바이트, 최대 %s바이트)",
		        KNUM(st.st_size), KNUM(max_bytes));
		if (fd)
			close(fd);
		return SALES_ETOOBIG;
	}
	struct buf b = BUF_INIT;
	int rb = buf_read_fd(&b, fd, max_bytes);
	int rc;
	if (rb == BUF_ENOMEM) {
		set_msg(msg, msglen, "out_of_memory: 메모리가 부족합니다");
		rc = SALES_ENOMEM;
	} else if (rb == BUF_EIO) {
		set_msg(msg, msglen, "io_error: 읽기 실패: %s (%s)", path, strerror(errno));
		rc = SALES_EIO;
	} else if (rb == BUF_ETOOBIG) {
		set_msg(msg, msglen, "line 1: file_too_large: 입력이 너무 큽니다 (최대 %s바이트)",
		        KNUM(max_bytes));
		rc = SALES_ETOOBIG;
	} else {
		rc = sales_csv_parse(b.p, b.len, out, msg, msglen);
	}
	if (fd)
		close(fd);
	buf_free(&b);
	return rc;
}
