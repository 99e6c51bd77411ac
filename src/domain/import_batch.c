/* import_batch.c — the import batch's state machine (see import_batch.h). */
#include "import_batch.h"

#include <string.h>

const char *import_batch_upload_status(int can_apply)
{
	return can_apply ? "preview" : "rejected";
}

enum import_batch_verdict import_batch_may_apply(const char *status)
{
	if (strcmp(status, "reversed") == 0)
		return IMPORT_BATCH_ALREADY_REVERSED;
	if (strcmp(status, "applied") == 0)
		return IMPORT_BATCH_ALREADY_APPLIED;
	if (strcmp(status, "rejected") == 0)
		return IMPORT_BATCH_HAS_ERRORS;
	return IMPORT_BATCH_GO;
}

enum import_batch_verdict import_batch_may_reverse(const char *status)
{
	if (strcmp(status, "reversed") == 0)
		return IMPORT_BATCH_ALREADY_REVERSED;
	if (strcmp(status, "applied") != 0)
		return IMPORT_BATCH_NOT_APPLIED;
	return IMPORT_BATCH_GO;
}
