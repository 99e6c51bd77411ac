/* multipart.c — multipart/form-data field lookup over a collected request body. See
 * multipart.h. Line ends may be CRLF (what browsers send) or bare LF (hand-made clients);
 * both are accepted because refusing them would only confuse the member. */
#include "multipart.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

int multipart_boundary(const char *content_type, char *out, size_t size)
{
	if (size)
		out[0] = '\0';
	if (!content_type)
		return MULTIPART_ENOTMULTIPART;
	const char *end = content_type + strlen(content_type);
	const char *p = skip_ws(content_type, end);
	static const char mt[] = "multipart/form-data";
	if ((size_t)(end - p) < sizeof mt - 1 || strncasecmp(p, mt, sizeof mt - 1) != 0)
		return MULTIPART_ENOTMULTIPART;
	p += sizeof mt - 1;
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		if (!semi)
			break;
		p = skip_ws(semi + 1, end);
		const char *eq = p;
		while (eq < end && *eq != '=' && *eq != ';')
			eq++;
		if (eq >= end || *eq != '=')
			continue;
		const char *kend = eq;
		while (kend > p && (kend[-1] == ' ' || kend[-1] == '\t'))
			kend--;
		const char *v = skip_ws(eq + 1, end);
		if ((size_t)(kend - p) != 8 || strncasecmp(p, "boundary", 8) != 0) {
			p = v;
			continue;
		}
		size_t n = 0;
		if (v < end && *v == '"') {
			v++;
			while (v < end && *v != '"') {
				if (*v == '\\' && v + 1 < end)
					v++;
				if (n + 1 >= size || n >= MULTIPART_BOUNDARY_MAX)
					return MULTIPART_ENOBOUNDARY;
				out[n++] = *v++;
			}
			if (v >= end)
				return MULTIPART_ENOBOUNDARY;
		} else {
			while (v < end && *v != ';' && *v != ' ' && *v != '\t') {
				if (n + 1 >= size || n >= MULTIPART_BOUNDARY_MAX)
					return MULTIPART_ENOBOUNDARY;
				out[n++] = *v++;
			}
		}
		if (n == 0)
			return MULTIPART_ENOBOUNDARY;
		out[n] = '\0';
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] > 0x7e) {
				out[0] = '\0';
				return MULTIPART_ENOBOUNDARY;
			}
		return MULTIPART_OK;
	}
	return MULTIPART_ENOBOUNDARY;
}

/* Reads the value of parameter `key` of a header value [p, end) into out; returns 1 when
 * the parameter is present. Quoted values may escape characters with a backslash. */
static int header_param(const char *p, const char *end, const char *key, char *out, size_t size)
{
	size_t klen = strlen(key);
	out[0] = '\0';
	while (p < end) {
		const char *semi = p;
		/* Skip to the next ';' outside quotes. */
		int inq = 0;
		while (semi < end && (inq || *semi != ';')) {
			if (*semi == '"')
				inq = !inq;
			else if (inq && *semi == '\\' && semi + 1 < end)
				semi++;
			semi++;
		}
		if (semi >= end)
			return 0;
		p = skip_ws(semi + 1, end);
		const char *eq = p;
		while (eq < end && *eq != '=' && *eq != ';')
			eq++;
		if (eq >= end || *eq != '=')
			continue;
		const char *kend = eq;
		while (kend > p && (kend[-1] == ' ' || kend[-1] == '\t'))
			kend--;
		if ((size_t)(kend - p) != klen || strncasecmp(p, key, klen) != 0) {
			p = eq; /* the scan for ';' above starts from here and honours quotes */
			continue;
		}
		const char *v = skip_ws(eq + 1, end);
		size_t n = 0;
		if (v < end && *v == '"') {
			v++;
			while (v < end && *v != '"') {
				if (*v == '\\' && v + 1 < end)
					v++;
				if (n + 1 < size)
					out[n++] = *v;
				v++;
			}
		} else {
			while (v < end && *v != ';') {
				if (n + 1 < size)
					out[n++] = *v;
				v++;
			}
			while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
				n--;
		}
		out[n] = '\0';
		return 1;
	}
	return 0;
}

/* Parses the header block [p, end) of one part. Returns 1 when it is the part named name. */
static int parse_headers(const char *p, const char *end, const char *name,
                         struct multipart_field *f)
{
	int match = 0;
	char buf[MULTIPART_NAME_MAX + 1];
	f->has_filename = 0;
	f->filename[0] = '\0';
	f->content_type[0] = '\0';
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *lend = le;
		if (lend > p && lend[-1] == '\r')
			lend--;
		const char *colon = memchr(p, ':', (size_t)(lend - p));
		if (colon) {
			size_t hlen = (size_t)(colon - p);
			const char *v = skip_ws(colon + 1, lend);
			if (hlen == 19 && strncasecmp(p, "Content-Disposition", 19) == 0) {
				if (header_param(v, lend, "name", buf, sizeof buf) &&
				    strcmp(buf, name) == 0)
					match = 1;
				if (header_param(v, lend, "filename", f->filename,
				                 sizeof f->filename))
					f->has_filename = 1;
			} else if (hlen == 12 && strncasecmp(p, "Content-Type", 12) == 0) {
				size_t n = (size_t)(lend - v);
				if (n >= sizeof f->content_type)
					n = sizeof f->content_type - 1;
				memcpy(f->content_type, v, n);
				f->content_type[n] = '\0';
			}
		}
		p = nl ? nl + 1 : end;
	}
	return match;
}

int multipart_find(const void *body, size_t len, const char *boundary, const char *name,
                   struct multipart_field *out)
{
	memset(out, 0, sizeof *out);
	size_t blen = boundary ? strlen(boundary) : 0;
	if (blen == 0 || blen > MULTIPART_BOUNDARY_MAX || !name)
		return MULTIPART_ENOBOUNDARY;
	if (!body)
		return MULTIPART_EMALFORMED;
	/* The delimiter as it appears after a line end: "\n--boundary". */
	char delim[MULTIPART_BOUNDARY_MAX + 4];
	delim[0] = '\n';
	delim[1] = '-';
	delim[2] = '-';
	memcpy(delim + 3, boundary, blen);
	size_t dlen = blen + 3;

	const char *b = body, *end = b + len, *p;
	if (len >= dlen - 1 && memcmp(b, delim + 1, dlen - 1) == 0) {
		p = b + dlen - 1;
	} else {
		const char *hit = memmem(b, len, delim, dlen);
		if (!hit)
			return MULTIPART_EMALFORMED;
		p = hit + dlen;
	}
	for (;;) {
		/* After a delimiter: "--" closes the body, else padding and a line end. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return MULTIPART_ENOFIELD;
		p = skip_ws(p, end);
		if (p < end && *p == '\r')
			p++;
		if (p >= end || *p != '\n')
			return MULTIPART_EMALFORMED;
		p++;
		/* Headers end at the first empty line. */
		const char *hstart = p, *hend = NULL, *content = NULL;
		while (p < end && (size_t)(p - hstart) <= MULTIPART_HEADERS_MAX) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				break;
			if (nl == p || (nl == p + 1 && *p == '\r')) {
				hend = p;
				content = nl + 1;
				break;
			}
			p = nl + 1;
		}
		if (!hend)
			return MULTIPART_EMALFORMED;
		const char *next = memmem(content, (size_t)(end - content), delim, dlen);
		/* The content may be empty, in which case the delimiter's line end is the one
		 * ending the blank line. */
		if (content > hstart && (size_t)(end - (content - 1)) >= dlen &&
		    memcmp(content - 1, delim, dlen) == 0)
			next = content - 1;
		if (!next)
			return MULTIPART_EMALFORMED;
		const char *cend = next < content ? content : next;
		if (cend > content && cend[-1] == '\r')
			cend--;
		if (parse_headers(hstart, hend, name, out)) {
			out->data = (const unsigned char *)content;
			out->len = (size_t)(cend - content);
			return MULTIPART_OK;
		}
		p = next + dlen;
	}
}

void multipart_basename(const char *filename, char *out, size_t size)
{
	if (!size)
		return;
	const char *base = filename ? filename : "";
	for (const char *s = base; *s; s++)
		if (*s == '/' || *s == '\\')
			base = s + 1;
	size_t n = 0;
	for (const char *s = base; *s && n + 1 < size; s++) {
		unsigned char c = (unsigned char)*s;
		out[n++] = c < 0x20 || c == 0x7f ? '_' : (char)c;
	}
	out[n] = '\0';
}

const char *multipart_err_code(int err)
{
	switch (err) {
	case MULTIPART_OK:
		return "ok";
	case MULTIPART_ENOTMULTIPART:
		return "not_multipart";
	case MULTIPART_ENOBOUNDARY:
		return "multipart_no_boundary";
	case MULTIPART_EMALFORMED:
		return "multipart_malformed";
	case MULTIPART_ENOFIELD:
		return "missing_file";
	default:
		return "multipart_error";
	}
}
