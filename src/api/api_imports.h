/* api_imports.h — the Excel template and inbound/outbound imports over HTTP (docs/api.md,
 * "Excel template and imports"): download the pre-filled template, upload a filled file
 * for a preview that changes nothing, apply a previewed batch all or nothing, list past
 * batches, and reverse an applied batch as a whole. */
#ifndef JAEGO_API_IMPORTS_H
#define JAEGO_API_IMPORTS_H

#include "route.h"

#define API_IMPORTS_BODY_MAX (20u * 1024u * 1024u) /* an upload, multipart overhead included */

extern const struct route api_imports_routes[];

#endif
