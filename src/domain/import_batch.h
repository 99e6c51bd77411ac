/* import_batch.h — the import batch's states and the moves between them, as pure rules:
 * an upload is stored as preview (or rejected when it has errors), only a preview is
 * applied, only an applied batch is reversed, and each happens once. The store
 * (store/imports.h) keeps the states; the API (api_imports.c) turns a refusal into its
 * 409 reply. No database, no I/O. */
#ifndef JAEGO_IMPORT_BATCH_H
#define JAEGO_IMPORT_BATCH_H

/* Why a batch may not move on; IMPORT_BATCH_GO when it may. */
enum import_batch_verdict {
	IMPORT_BATCH_GO = 0,
	IMPORT_BATCH_ALREADY_APPLIED,  /* 409 already_applied */
	IMPORT_BATCH_ALREADY_REVERSED, /* 409 already_reversed */
	IMPORT_BATCH_HAS_ERRORS,       /* 409 has_errors: a rejected upload */
	IMPORT_BATCH_NOT_APPLIED       /* 409 not_applied: nothing to reverse */
};

/* The status an upload is stored with: "preview" when it can be applied, else "rejected". */
const char *import_batch_upload_status(int can_apply);
/* Whether a batch in `status` may be applied. */
enum import_batch_verdict import_batch_may_apply(const char *status);
/* Whether a batch in `status` may be reversed. */
enum import_batch_verdict import_batch_may_reverse(const char *status);

#endif
