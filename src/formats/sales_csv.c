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

int sales_csv_parse(const char *buf, size_t len, sales_data **out, char *msg, size_t msglen)
{
	*out = NULL;
	if (msg && msglen)
		msg[0] = 0;
	int rc = SALES_OK;
	field *f = malloc(sizeof *f * MAX_FIELDS);
	rec *recs = NULL;
	size_t nrec = 0, caprec = 0;
	skumap map = {0};
	int *first = NULL;
	sales_data *d = NULL;
	if (!f)
		return SALES_ENOMEM;

	size_t pos = 0;
	long line = 1;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	/* skip blank lines before the header */
	while (pos < len && (buf[pos] == '\n' || buf[pos] == '\r')) {
		if (buf[pos] == '\n')
			line++;
		pos++;
	}
	if (pos >= len) {
		set_msg(msg, msglen, "line 1: empty_file: 파일이 비어 있습니다");
		rc = SALES_EFORMAT;
		goto end;
	}
	if (memchr(buf, 0, len)) {
		set_msg(msg, msglen,
		        "line 1: binary_file: CSV 텍스트 파일이 아닙니다 (NUL 문자 포함)");
		rc = SALES_EFORMAT;
		goto end;
	}
	long hline = line;
	int nf = split_record(buf, len, &pos, &line, f);
	line++;
	int cd = -1, cs = -1, cq = -1;
	for (int i = 0; i < nf; i++) {
		if (name_is(&f[i], "date") && cd < 0)
			cd = i;
		else if (name_is(&f[i], "sku") && cs < 0)
			cs = i;
		else if (name_is(&f[i], "qty") && cq < 0)
			cq = i;
	}
	if (nf < 0 || cd < 0 || cs < 0 || cq < 0) {
		set_msg(msg, msglen,
		        "line %ld: missing_header: 첫 줄에 date, sku, qty 열 이름이 있어야 합니다",
		        hline);
		rc = SALES_EFORMAT;
		goto end;
	}
	int need = cd > cs ? cd : cs;
	if (cq > need)
		need = cq;

	int minday = 0, maxday = 0;
	while (pos < len) {
		long rline = line;
		nf = split_record(buf, len, &pos, &line, f);
		line++;
		if (nf == -1) {
			set_msg(msg, msglen,
			        "line %ld: unterminated_quote: 닫히지 않은 따옴표가 있습니다",
			        rline);
			rc = SALES_EFORMAT;
			goto end;
		}
		if (nf == -2) {
			set_msg(msg, msglen, "line %ld: too_many_columns: 열이 너무 많습니다",
			        rline);
			rc = SALES_EFORMAT;
			goto end;
		}
		if (nf == 1 && f[0].len == 0)
			continue; /* blank line */
		if (nf <= need) {
			set_msg(msg, msglen,
			        "line %ld: missing_column: 열 개수가 부족합니다 (%d개)", rline, nf);
			rc = SALES_EFORMAT;
			goto end;
		}
		const char *dp = f[cd].p, *sp = f[cs].p;
		size_t dl = f[cd].len, sl = f[cs].len;
		trim(&dp, &dl);
		trim(&sp, &sl);
		int day;
		if (sales_date_parse(dp, dl, &day)) {
			set_msg(msg, msglen,
			        "line %ld: bad_date: 날짜는 YYYY-MM-DD 형식의 실제 날짜여야 합니다 "
			        "('%.*s')",
			        rline, (int)(dl > 40 ? 40 : dl), dp);
			rc = SALES_EFORMAT;
			goto end;
		}
		if (sl == 0 || sl > 200) {
			set_msg(msg, msglen,
			        "line %ld: bad_sku: 상품 코드(sku)가 비어 있거나 너무 깁니다",
			        rline);
			rc = SALES_EFORMAT;
			goto end;
		}
		double q;
		int qr = parse_qty(f[cq].p, f[cq].len, &q);
		if (qr) {
			set_msg(msg, msglen,
			        qr == -2 ? "line %ld: negative_qty: 수량은 0 이상이어야 합니다 "
			                   "('%.*s')"
			                 : "line %ld: bad_qty: 수량이 숫자가 아닙니다 ('%.*s')",
			        rline, (int)(f[cq].len > 40 ? 40 : f[cq].len), f[cq].p);
			rc = SALES_EFORMAT;
			goto end;
		}
		int k = map_get(&map, sp, sl);
		if (k < 0) {
			rc = SALES_ENOMEM;
			goto end;
		}
		if (nrec == caprec) {
			size_t nc = caprec ? caprec * 2 : 4096;
			rec *nr = realloc(recs, sizeof *nr * nc);
			if (!nr) {
				rc = SALES_ENOMEM;
				goto end;
			}
			recs = nr;
			caprec = nc;
		}
		recs[nrec++] = (rec){k, day, q};
		if (nrec == 1 || day < minday)
			minday = day;
		if (nrec == 1 || day > maxday)
			maxday = day;
	}
	if (nrec == 0) {
		set_msg(msg, msglen, "line %ld: no_rows: 헤더 아래에 판매 데이터가 없습니다",
		        line - 1);
		rc = SALES_EFORMAT;
		goto end;
	}

	/* densify */
	first = malloc(sizeof *first * (size_t)map.n);
	if (!first) {
		rc = SALES_ENOMEM;
		goto end;
	}
	for (int k = 0; k < map.n; k++)
		first[k] = maxday;
	for (size_t i = 0; i < nrec; i++)
		if (recs[i].day < first[recs[i].sku])
			first[recs[i].sku] = recs[i].day;
	long cells = 0;
	for (int k = 0; k < map.n; k++)
		cells += (long)(maxday - first[k] + 1);
	if (cells > SALES_MAX_CELLS) {
		set_msg(msg, msglen, "line %ld: too_large: 상품 수 × 기간이 너무 큽니다 (%s일)",
		        line - 1, KNUM(cells));
		rc = SALES_ETOOBIG;
		goto end;
	}
	d = calloc(1, sizeof *d);
	if (!d) {
		rc = SALES_ENOMEM;
		goto end;
	}
	d->s = calloc((size_t)map.n, sizeof *d->s);
	if (!d->s) {
		rc = SALES_ENOMEM;
		goto end;
	}
	d->nsku = map.n;
	d->last_day = maxday;
	d->rows = (long)nrec;
	for (int k = 0; k < map.n; k++) {
		d->s[k].first_day = first[k];
		d->s[k].n = maxday - first[k] + 1;
		d->s[k].y = calloc((size_t)d->s[k].n, sizeof(double));
		if (!d->s[k].y) {
			rc = SALES_ENOMEM;
			goto end;
		}
	}
	for (size_t i = 0; i < nrec; i++) {
		sales_series *s = &d->s[recs[i].sku];
		s->y[recs[i].day - s->first_day] += recs[i].qty;
	}
	for (int k = 0; k < map.n; k++)
		d->s[k].sku = map.names[k];
	map.n = 0; /* names now belong to d */
	(void)minday;
	qsort(d->s, (size_t)d->nsku, sizeof *d->s, cmp_series);
	*out = d;
	d = NULL;

end:
	if (rc == SALES_ENOMEM)
		set_msg(msg, msglen, "out_of_memory: 메모리가 부족합니다");
	if (d) {
		/* names are still in the map on failure */
		for (int k = 0; k < d->nsku; k++)
			free(d->s ? d->s[k].y : NULL);
		free(d->s);
		free(d);
	}
	map_free(&map, 0);
	free(first);
	free(recs);
	free(f);
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
