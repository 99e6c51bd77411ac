/* api_audit.h — the audit log screen and its exports (master only): who did what, when,
 * with the values before and after. */
#ifndef JAEGO_API_AUDIT_H
#define JAEGO_API_AUDIT_H

#include "route.h"

extern const struct route api_audit_routes[];

/* "2025-01-28T03:15:00Z" (UTC) as "2025-01-28 12:15:00" (KST) into out; the input
 * unchanged when it does not parse. */
void api_audit_kst_time(const char *utc_iso, char out[32]);

#endif
