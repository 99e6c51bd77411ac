/* assets.h — the built web app, compiled into the binary by tools/embed. Each file has its
 * bytes, a gzip copy when that is smaller, a MIME type and an ETag. */
#ifndef JAEGO_ASSETS_H
#define JAEGO_ASSETS_H

#include <stddef.h>

struct asset {
	const char *path; /* "/index.html", "/assets/index-3f2a.js" */
	const char *mime;
	const unsigned char *data;
	size_t len;
	const unsigned char *gz; /* NULL when not worth compressing */
	size_t gz_len;
	const char *etag; /* quoted */
	int immutable;    /* content-hashed file name: cache for a year */
};

extern const struct asset assets_table[];
extern const size_t assets_count;

#endif
