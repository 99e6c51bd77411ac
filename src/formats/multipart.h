/* multipart.h — finds one field of a multipart/form-data request body (RFC 7578), such as
 * the spreadsheet a member uploads in field "file".
 *
 * The server has already collected the whole body, so this is a pure function over a
 * buffer: nothing is copied except the field's file name, and the returned data points
 * into the caller's body. Hostile bodies are expected; every length is checked. */
#ifndef JAEGO_MULTIPART_H
#define JAEGO_MULTIPART_H

#include <stddef.h>

#define MULTIPART_BOUNDARY_MAX 200   /* RFC 2046 allows 70; some clients are generous */
#define MULTIPART_NAME_MAX     1024  /* bytes of a file name kept (longer names are cut) */
#define MULTIPART_HEADERS_MAX  16384 /* bytes of one part's headers */

enum {
	MULTIPART_OK = 0,
	MULTIPART_ENOTMULTIPART, /* Content-Type is not multipart/form-data */
	MULTIPART_ENOBOUNDARY,   /* no usable boundary parameter */
	MULTIPART_EMALFORMED,    /* the body does not follow the format */
	MULTIPART_ENOFIELD       /* the body is fine but has no such field */
};

struct multipart_field {
	const unsigned char *data; /* the field's content, inside the body; not NUL-terminated */
	size_t len;
	int has_filename; /* the part carried a filename parameter */
	char filename[MULTIPART_NAME_MAX +
	              1];       /* as sent (raw bytes, NUL-terminated), "" when none */
	char content_type[128]; /* the part's Content-Type, "" when none */
};

/* Extracts the boundary from a Content-Type header value into out (size bytes). Returns
 * MULTIPART_OK, MULTIPART_ENOTMULTIPART or MULTIPART_ENOBOUNDARY. */
int multipart_boundary(const char *content_type, char *out, size_t size);

/* Finds the first part named `name` in body[0..len) delimited by `boundary`. On success
 * fills *out and returns MULTIPART_OK; otherwise returns an error code and *out is zeroed. */
int multipart_find(const void *body, size_t len, const char *boundary, const char *name,
                   struct multipart_field *out);

/* The base name of a file name sent by a browser ("C:\\Users\\a\\재고.xlsx" -> "재고.xlsx"),
 * written into out (size bytes). */
void multipart_basename(const char *filename, char *out, size_t size);

/* Stable English code for an error ("multipart_malformed", ...). */
const char *multipart_err_code(int err);

#endif
