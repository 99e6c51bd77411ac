/* api_upload.c — reading the uploaded file of a request (see api_upload.h). */
#include "api_upload.h"

#include <stdlib.h>

#include "utf8.h"
#include "util.h"

/* A file name fit to store: base name, NFC, at most API_UPLOAD_NAME_MAX code points. */
const char *api_upload_name(arena *a, const char *sent)
{
	char base[MULTIPART_NAME_MAX + 1];
	multipart_basename(sent, base, sizeof base);
	char *nfc = util_nfc(base);
	if (!nfc || !*nfc) {
		free(nfc);
		return "upload";
	}
	const char *out = arena_strndup(a, nfc, utf8_cut(nfc, API_UPLOAD_NAME_MAX));
	free(nfc);
	return out;
}

/* The uploaded file (field "file"); -1 after replying when the request holds none. */
int api_upload_file(struct req *r, struct multipart_field *f)
{
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	int mrc = multipart_boundary(req_header(r, "Content-Type"), boundary, sizeof boundary);
	if (mrc == MULTIPART_ENOTMULTIPART) {
		reply_error(r, 415, "unsupported_media_type",
		            "파일은 multipart/form-data 형식으로 올려 주세요 (필드 이름: file).",
		            NULL);
		return -1;
	}
	if (mrc == MULTIPART_OK)
		mrc = multipart_find(r->body, r->body_len, boundary, "file", f);
	if (mrc == MULTIPART_ENOFIELD) {
		reply_error(r, 400, "missing_file", "올릴 파일을 골라 주세요 (필드 이름: file).",
		            NULL);
		return -1;
	}
	if (mrc != MULTIPART_OK) {
		reply_error(r, 400, "bad_upload",
		            "업로드 요청이 올바르지 않습니다 (전송이 중간에 끊겼을 수 있습니다). "
		            "파일을 다시 올려 주세요.",
		            NULL);
		return -1;
	}
	return 0;
}
