/* api_upload.h — the uploaded file of a multipart/form-data request, as every upload route
 * reads it: field "file", refusals with the same codes and Korean messages (415
 * unsupported_media_type, 400 missing_file, 400 bad_upload), and the file name fit to
 * store. Used by every upload route: the stock import, the product table and the sales
 * history. */
#ifndef JAEGO_API_UPLOAD_H
#define JAEGO_API_UPLOAD_H

#include "http.h"
#include "multipart.h"

#define API_UPLOAD_NAME_MAX 200 /* code points kept of an uploaded file's name */

/* The field "file" of r's body into *f (pointing into the body); -1 after replying when the
 * request holds none. */
int api_upload_file(struct req *r, struct multipart_field *f);

/* The sent file name fit to store, in the arena: base name, NFC, at most
 * API_UPLOAD_NAME_MAX code points; "upload" when nothing is left. */
const char *api_upload_name(arena *a, const char *sent);

#endif
